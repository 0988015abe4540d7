//! Orders the variants of untagged unions so that the most specific wins.
//!
//! serde tries the variants of an untagged enum in order and keeps the
//! first that fits, so a variant that accepts more values must come after
//! the ones it would shadow: objects with more required properties first,
//! then arrays, then scalars, then open strings, then anything at all.

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// How early a variant of type `ty` is tried (lower is earlier), and
/// within that rank, a tie breaker (lower is earlier).
fn specificity(api: &Api, ty: &TypeRef, depth: usize) -> (u8, i64) {
    if depth > 16 {
        return (9, 0);
    }
    match ty {
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => specificity(api, inner, depth + 1),
        TypeRef::Named(id) => named_specificity(api, *id, depth),
        TypeRef::List(_) => (2, 0),
        TypeRef::Bool => (3, 0),
        TypeRef::Integer => (3, 1),
        TypeRef::Float => (3, 2),
        TypeRef::String => (5, 1),
        TypeRef::Map(_) | TypeRef::JsonObject => (6, 0),
        TypeRef::Json | TypeRef::Bytes | TypeRef::Upload => (9, 0),
    }
}

fn named_specificity(api: &Api, id: TypeId, depth: usize) -> (u8, i64) {
    let Some(def) = api.types.get(&id) else { return (9, 0) };
    match &def.kind {
        TypeKind::Struct(body) => {
            let n_required = body.fields.iter().filter(|field| field.required).count();
            let n_fields = body.fields.len();
            if n_required == 0 {
                // Matches any object: after the ones that require something.
                (4, -(n_fields as i64))
            } else {
                (1, -(n_required as i64 * 1000 + n_fields as i64))
            }
        }
        // Known values first; the catch-all accepts any string.
        TypeKind::Enum(_) => (5, 0),
        TypeKind::IntegerEnum(_) => (3, 1),
        // Their catch-all variant accepts anything.
        TypeKind::TaggedUnion(_) | TypeKind::UntaggedUnion(_) => (7, 0),
        TypeKind::Alias(inner) | TypeKind::Newtype(inner) => specificity(api, inner, depth + 1),
    }
}

/// The ordering pass: sorts the variants of every untagged union.
pub fn order_untagged_variants(api: &mut Api) {
    let ids: Vec<TypeId> = api.types.keys().copied().collect();
    for id in ids {
        let Some(TypeKind::UntaggedUnion(union)) = api.types.get(&id).map(|def| &def.kind) else { continue };
        let mut variants = union.variants.clone();
        variants.sort_by_cached_key(|variant| specificity(api, &variant.ty, 0));
        if let Some(TypeKind::UntaggedUnion(union)) = api.types.get_mut(&id).map(|def| &mut def.kind) {
            union.variants = variants;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::{api, field, named, string_enum, structure};
    use crate::ir::{UntaggedUnion, UntaggedVariant};

    fn variant(name: &str, ty: TypeRef) -> UntaggedVariant {
        UntaggedVariant { name: crate::naming::RustName::known(name), ty, docs: crate::ir::Docs::default() }
    }

    fn order(api: &mut Api, union: TypeId) -> Vec<String> {
        order_untagged_variants(api);
        match &api.types[&union].kind {
            TypeKind::UntaggedUnion(union) => union.variants.iter().map(|variant| variant.name.to_string()).collect(),
            other => panic!("not a union: {other:?}"),
        }
    }

    #[test]
    fn the_most_specific_variant_comes_first() {
        let union = TypeKind::UntaggedUnion(UntaggedUnion {
            variants: vec![
                variant("anything", TypeRef::Json),
                variant("text", TypeRef::String),
                variant("open_object", named(1)),
                variant("number", TypeRef::Integer),
                variant("list", TypeRef::List(Box::new(TypeRef::String))),
                variant("known", named(3)),
                variant("one_required", named(2)),
                variant("two_required", named(4)),
            ],
        });
        let mut api = api(vec![
            union,
            structure(vec![field("a", TypeRef::String, false)]),
            structure(vec![field("a", TypeRef::String, true)]),
            string_enum(&["x"]),
            structure(vec![field("a", TypeRef::String, true), field("b", TypeRef::String, true)]),
        ]);
        assert_eq!(
            order(&mut api, TypeId(0)),
            ["two_required", "one_required", "list", "number", "open_object", "known", "text", "anything"]
        );
    }

    #[test]
    fn aliases_and_options_are_ranked_by_what_they_hold_and_ties_keep_the_spec_order() {
        let union = TypeKind::UntaggedUnion(UntaggedUnion {
            variants: vec![
                variant("text", TypeRef::String),
                variant("aliased_flag", named(1)),
                variant("other_text", TypeRef::Nullable(Box::new(TypeRef::String))),
                variant("flag", TypeRef::Bool),
            ],
        });
        let mut api = api(vec![union, TypeKind::Alias(TypeRef::Bool)]);
        assert_eq!(order(&mut api, TypeId(0)), ["aliased_flag", "flag", "text", "other_text"]);
    }

    #[test]
    fn a_loop_of_aliases_ends() {
        let api = api(vec![TypeKind::Alias(named(1)), TypeKind::Alias(named(0))]);
        assert_eq!(specificity(&api, &named(0), 0), (9, 0));
    }
}
