//! The two boxing passes: [`break_cycles`], so that types that contain
//! themselves have a size, and [`box_large_fields`], so that response
//! types stay small.
//!
//! A type that contains itself by value (directly, or through other types
//! and `Option`s) has no finite size. `Vec` and maps already put their
//! items on the heap; elsewhere, the field that closes a cycle gets a
//! `Box`. The pass walks types in id order, so the boxes it adds do not
//! depend on anything but the spec.
//!
//! Then, in response types, a field whose type is large (more than
//! [`LARGE_BYTES`] by value, such as a device's `DeviceProperties` of 6 KB) is
//! boxed too: a list of 10 000 devices would otherwise be 65 MB moved
//! around as the list grows, most of it absent optional structs, and
//! decoding would be slower than decoding into `serde_json::Value`. Types a
//! request uses are left as they are, so that building a request never
//! needs a `Box`, and so are response bodies, whose fields the endpoint
//! methods return.

use std::collections::BTreeMap;

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// The type a value of `ty` contains inline, if it is a named one.
fn held_by_value(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => held_by_value(inner),
        _ => None,
    }
}

/// Puts `Box` around the named type `ty` holds by value.
fn box_in_place(ty: &mut TypeRef) {
    match ty {
        TypeRef::Nullable(inner) => box_in_place(inner),
        TypeRef::Named(_) => {
            let named = std::mem::replace(ty, TypeRef::Json);
            *ty = TypeRef::Boxed(Box::new(named));
        }
        _ => {}
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Unvisited,
    OnPath,
    Done,
}

/// Makes a newtype of every alias that would name itself through other
/// aliases (`c: {type: array, items: {$ref: c}}`): a Rust type alias
/// cannot, a struct can.
fn newtypes_for_recursive_aliases(api: &mut Api) {
    let alias_target = |api: &Api, id: &TypeId| match api.types.get(id).map(|def| &def.kind) {
        Some(TypeKind::Alias(ty)) => Some(ty.clone()),
        _ => None,
    };
    let aliases: Vec<TypeId> = api.types.keys().copied().filter(|id| alias_target(api, id).is_some()).collect();
    for id in aliases {
        // Whether `id` reaches itself through aliases only.
        let mut seen = std::collections::BTreeSet::new();
        let mut pending = Vec::new();
        if let Some(ty) = alias_target(api, &id) {
            ty.push_named(&mut pending);
        }
        let mut recursive = false;
        while let Some(next) = pending.pop() {
            if next == id {
                recursive = true;
                break;
            }
            if seen.insert(next) {
                if let Some(ty) = alias_target(api, &next) {
                    ty.push_named(&mut pending);
                }
            }
        }
        if recursive {
            if let Some(def) = api.types.get_mut(&id) {
                if let TypeKind::Alias(ty) = &def.kind {
                    def.kind = TypeKind::Newtype(ty.clone());
                }
            }
        }
    }
}

/// Above this estimated size, a type held in a field of a response type is boxed.
pub const LARGE_BYTES: usize = 128;

/// The estimated size of a value of `ty`, given the sizes of named types.
fn estimated_size(ty: &TypeRef, named: &mut impl FnMut(TypeId) -> usize) -> usize {
    match ty {
        TypeRef::Bool => 1,
        TypeRef::Integer | TypeRef::Float | TypeRef::Boxed(_) => 8,
        TypeRef::String | TypeRef::JsonObject | TypeRef::List(_) | TypeRef::Map(_) | TypeRef::Bytes => 24,
        TypeRef::Upload => 72,
        TypeRef::Json => 32,
        TypeRef::Nullable(inner) => estimated_size(inner, named) + 8,
        TypeRef::Named(id) => named(*id),
    }
}

/// The estimated size of the type `id`, its large fields boxed first
/// (recording them in `to_box`) unless it is in `keep`. By-value
/// containment has no cycle any more, so the recursion ends; `depth`
/// guards it all the same.
fn finish_size(
    api: &mut Api,
    id: TypeId,
    keep: &std::collections::BTreeSet<TypeId>,
    sizes: &mut BTreeMap<TypeId, usize>,
    depth: usize,
) -> usize {
    if let Some(size) = sizes.get(&id) {
        return *size;
    }
    if depth > 256 {
        return 0;
    }
    let Some(kind) = api.types.get(&id).map(|def| def.kind.clone()) else { return 0 };
    let mut kind = kind;
    let named = |api: &mut Api, sizes: &mut BTreeMap<TypeId, usize>, child: TypeId| {
        finish_size(api, child, keep, sizes, depth + 1)
    };
    // Box the large fields first: the fields of structs and of the struct
    // variants of tagged unions (not flattened ones, nor union variants,
    // which convert from their types).
    let fields: Vec<&mut crate::ir::Field> = match &mut kind {
        TypeKind::Struct(body) => body.fields.iter_mut().collect(),
        TypeKind::TaggedUnion(union) => union
            .variants
            .iter_mut()
            .flat_map(|variant| match &mut variant.body {
                crate::ir::VariantBody::Struct(body) => body.fields.iter_mut().collect(),
                crate::ir::VariantBody::Nested(_) => Vec::new(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut boxed_any = false;
    for ty in fields.into_iter().map(|field| &mut field.ty) {
        if let Some(child) = held_by_value(ty) {
            let size = named(api, sizes, child);
            let is_enum_of_strings = matches!(api.types.get(&child).map(|def| &def.kind), Some(TypeKind::Enum(_)));
            if size > LARGE_BYTES && !keep.contains(&id) && !is_enum_of_strings {
                box_in_place(ty);
                boxed_any = true;
            }
        }
    }
    let mut size_of = |ty: &TypeRef| estimated_size(ty, &mut |child| named(api, sizes, child));
    let size = match &kind {
        TypeKind::Struct(body) => {
            body.fields.iter().chain(&body.flattened).map(|field| size_of(&field.ty)).sum::<usize>()
                + body.additional.as_ref().map_or(0, |_| 24)
        }
        TypeKind::Enum(_) => 24,
        TypeKind::IntegerEnum(_) => 16,
        TypeKind::TaggedUnion(union) => {
            8 + union
                .variants
                .iter()
                .map(|variant| match &variant.body {
                    crate::ir::VariantBody::Struct(body) => body.fields.iter().map(|field| size_of(&field.ty)).sum(),
                    crate::ir::VariantBody::Nested(ty) => size_of(ty),
                })
                .max()
                .unwrap_or(32)
                .max(32)
        }
        TypeKind::UntaggedUnion(union) => 8 + union.variants.iter().map(|variant| size_of(&variant.ty)).max().unwrap_or(0),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => size_of(ty),
    };
    if boxed_any {
        if let Some(def) = api.types.get_mut(&id) {
            def.kind = kind;
        }
    }
    sizes.insert(id, size);
    size
}

/// The pass that boxes the large fields of response types. It runs after
/// [`break_cycles`]: by-value containment then has no cycle, so sizes are
/// finite.
pub fn box_large_fields(api: &mut Api) {
    // Request types, and the bodies of responses themselves (decoded once
    // per call; their fields are what the methods return).
    let mut keep = crate::defaults::request_types(api);
    keep.extend(api.endpoints.iter().filter_map(|endpoint| match endpoint.response {
        Some(TypeRef::Named(id)) => Some(id),
        _ => None,
    }));
    let mut sizes = BTreeMap::new();
    let ids: Vec<TypeId> = api.types.keys().copied().collect();
    for id in ids {
        finish_size(api, id, &keep, &mut sizes, 0);
    }
}

/// The pass that breaks cycles: makes newtypes of aliases that name
/// themselves, and boxes the fields that close cycles.
pub fn break_cycles(api: &mut Api) {
    newtypes_for_recursive_aliases(api);
    // Edges by value: (type, index of the place in `type_refs_mut`, target).
    let mut edges: BTreeMap<TypeId, Vec<(usize, TypeId)>> = BTreeMap::new();
    for (id, def) in api.types.iter_mut() {
        let targets = def.kind.type_refs_mut()
            .into_iter()
            .enumerate()
            .filter_map(|(index, ty)| held_by_value(ty).map(|target| (index, target)))
            .collect();
        edges.insert(*id, targets);
    }
    let mut marks: BTreeMap<TypeId, Mark> = edges.keys().map(|id| (*id, Mark::Unvisited)).collect();
    let mut to_box: Vec<(TypeId, usize)> = Vec::new();
    let ids: Vec<TypeId> = edges.keys().copied().collect();
    for root in ids {
        if marks.get(&root) != Some(&Mark::Unvisited) {
            continue;
        }
        // Iterative depth-first search: (type, next edge to look at).
        let mut stack: Vec<(TypeId, usize)> = vec![(root, 0)];
        marks.insert(root, Mark::OnPath);
        while let Some((id, next)) = stack.last_mut() {
            let id = *id;
            let Some(&(place, target)) = edges.get(&id).and_then(|targets| targets.get(*next)) else {
                marks.insert(id, Mark::Done);
                stack.pop();
                continue;
            };
            *next += 1;
            match marks.get(&target).copied().unwrap_or(Mark::Done) {
                Mark::OnPath => to_box.push((id, place)),
                Mark::Unvisited => {
                    marks.insert(target, Mark::OnPath);
                    stack.push((target, 0));
                }
                Mark::Done => {}
            }
        }
    }
    for (id, place) in to_box {
        if let Some(def) = api.types.get_mut(&id) {
            if let Some(ty) = def.kind.type_refs_mut().into_iter().nth(place) {
                box_in_place(ty);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::{api, field, fields, named, string_enum, structure};

    fn boxed(ty: TypeRef) -> TypeRef {
        TypeRef::Boxed(Box::new(ty))
    }

    fn nullable(ty: TypeRef) -> TypeRef {
        TypeRef::Nullable(Box::new(ty))
    }

    #[test]
    fn a_struct_that_holds_itself_gets_a_box_inside_its_option() {
        let mut api = api(vec![structure(vec![field("next", nullable(named(0)), false)])]);
        break_cycles(&mut api);
        assert_eq!(fields(&api, 0)[0].ty, nullable(boxed(named(0))));
    }

    #[test]
    fn lists_and_maps_are_indirections_already() {
        let children = TypeRef::List(Box::new(named(0)));
        let by_name = TypeRef::Map(Box::new(named(0)));
        let mut api = api(vec![structure(vec![field("children", children.clone(), true), field("by_name", by_name.clone(), true)])]);
        break_cycles(&mut api);
        assert_eq!(fields(&api, 0)[0].ty, children);
        assert_eq!(fields(&api, 0)[1].ty, by_name);
    }

    #[test]
    fn a_cycle_through_two_types_is_broken_once_at_the_field_that_closes_it() {
        // T0 holds T1 holds T0: walking from T0, the field of T1 closes the cycle.
        let mut api = api(vec![
            structure(vec![field("b", named(1), true)]),
            structure(vec![field("a", nullable(named(0)), false)]),
        ]);
        break_cycles(&mut api);
        assert_eq!(fields(&api, 0)[0].ty, named(1));
        assert_eq!(fields(&api, 1)[0].ty, nullable(boxed(named(0))));
    }

    #[test]
    fn an_alias_that_names_itself_becomes_a_newtype() {
        let mut api = api(vec![TypeKind::Alias(TypeRef::List(Box::new(named(0)))), TypeKind::Alias(TypeRef::String)]);
        break_cycles(&mut api);
        assert!(matches!(api.types[&TypeId(0)].kind, TypeKind::Newtype(_)));
        assert!(matches!(api.types[&TypeId(1)].kind, TypeKind::Alias(TypeRef::String)));
    }

    #[test]
    fn large_fields_are_boxed_and_small_ones_and_enums_are_not() {
        let strings = |n: usize| (0..n).map(|index| field(&format!("f{index}"), TypeRef::String, true)).collect();
        let mut api = api(vec![
            structure(vec![field("large", named(1), true), field("small", named(2), true), field("kind", named(3), true)]),
            // 6 strings of 24 bytes: more than `LARGE_BYTES`.
            structure(strings(6)),
            structure(strings(1)),
            string_enum(&["a", "b"]),
        ]);
        box_large_fields(&mut api);
        let holder = fields(&api, 0);
        assert_eq!(holder[0].ty, boxed(named(1)));
        assert_eq!(holder[1].ty, named(2));
        assert_eq!(holder[2].ty, named(3));
    }

    #[test]
    fn estimated_sizes_follow_named_types() {
        let mut named_size = |_| 100;
        assert_eq!(estimated_size(&TypeRef::Bool, &mut named_size), 1);
        assert_eq!(estimated_size(&nullable(named(0)), &mut named_size), 108);
        assert_eq!(estimated_size(&boxed(named(0)), &mut named_size), 8);
        assert_eq!(estimated_size(&TypeRef::List(Box::new(named(0))), &mut named_size), 24);
    }
}
