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
        TypeRef::Json | TypeRef::Bytes => (9, 0),
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
