//! Breaking cycles of types by boxing.
//!
//! A type that contains itself by value (directly, or through other types
//! and `Option`s) has no finite size. `Vec` and maps already put their
//! items on the heap; elsewhere, the field that closes a cycle gets a
//! `Box`. The pass walks types in id order, so the boxes it adds do not
//! depend on anything but the spec.

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

/// The named types `ty` mentions, through any wrapper.
fn mentioned(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => {
            mentioned(inner, out)
        }
        _ => {}
    }
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
            mentioned(&ty, &mut pending);
        }
        let mut recursive = false;
        while let Some(next) = pending.pop() {
            if next == id {
                recursive = true;
                break;
            }
            if seen.insert(next) {
                if let Some(ty) = alias_target(api, &next) {
                    mentioned(&ty, &mut pending);
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

/// The cycle-breaking pass: makes newtypes of aliases that name
/// themselves, then boxes the fields that close cycles.
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
        if marks[&root] != Mark::Unvisited {
            continue;
        }
        // Iterative depth-first search: (type, next edge to look at).
        let mut stack: Vec<(TypeId, usize)> = vec![(root, 0)];
        marks.insert(root, Mark::OnPath);
        while let Some((id, next)) = stack.last_mut() {
            let id = *id;
            let Some(&(place, target)) = edges[&id].get(*next) else {
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
