//! Which types have a `Default`, so that a server that leaves out a
//! required property (or sends `null`) does not fail a whole response.
//!
//! Scalars, strings, lists, maps, options and raw JSON have defaults. A
//! struct derives `Default` when every field's type has one, computed as a
//! least fixed point so that a cycle of required fields never gets one
//! (its `default()` would never end). One exception keeps request types
//! honest: a struct used in a request body or parameters that has required
//! fields derives no `Default`, so `..Default::default()` cannot leave a
//! required field out.

use std::collections::BTreeSet;

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// Whether a value of `ty` has a default, given the structs that do.
pub fn type_has_default(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Bool
        | TypeRef::Integer
        | TypeRef::Float
        | TypeRef::String
        | TypeRef::Json
        | TypeRef::JsonObject
        | TypeRef::Bytes
        | TypeRef::List(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_) => true,
        TypeRef::Boxed(inner) => type_has_default(api, inner),
        TypeRef::Named(id) => match api.types.get(id).map(|def| &def.kind) {
            Some(TypeKind::Struct(_)) => api.defaults.contains(id),
            Some(TypeKind::Alias(inner)) => type_has_default(api, inner),
            Some(TypeKind::Newtype(inner)) => newtype_has_default(inner),
            _ => false,
        },
    }
}

/// Whether a newtype around `inner` derives `Default`: only around a type
/// that has one without looking at named types (which may lead back to it).
pub fn newtype_has_default(inner: &TypeRef) -> bool {
    !matches!(inner, TypeRef::Named(_) | TypeRef::Boxed(_))
}

/// The types reachable from request bodies and parameters.
pub fn request_types(api: &Api) -> BTreeSet<TypeId> {
    let mut pending = Vec::new();
    for endpoint in &api.endpoints {
        if let Some(body) = &endpoint.body {
            body.ty.push_named(&mut pending);
        }
        for parameter in &endpoint.parameters {
            parameter.field.ty.push_named(&mut pending);
        }
        pending.extend(endpoint.parameters_type);
    }
    let mut seen = BTreeSet::new();
    while let Some(id) = pending.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(def) = api.types.get(&id) else { continue };
        for ty in def.kind.type_refs() {
            ty.push_named(&mut pending);
        }
    }
    seen
}

/// The defaults pass: fills `api.defaults` with the structs that derive `Default`.
pub fn find_defaults(api: &mut Api) {
    let requests = request_types(api);
    api.defaults.clear();
    loop {
        let mut added = Vec::new();
        for (id, def) in &api.types {
            let TypeKind::Struct(body) = &def.kind else { continue };
            if api.defaults.contains(id) || !body.flattened.is_empty() {
                continue;
            }
            let has_required = body.fields.iter().any(|field| field.required);
            if has_required && requests.contains(id) {
                continue;
            }
            if body.fields.iter().all(|field| !field.required || type_has_default(api, &field.ty)) {
                added.push(*id);
            }
        }
        if added.is_empty() {
            break;
        }
        api.defaults.extend(added);
    }
}
