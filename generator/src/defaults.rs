//! Which types have a `Default`, so that a server that leaves out a
//! required property (or sends `null`) does not fail a whole response.
//!
//! Scalars, strings, lists, maps, options and raw JSON have defaults, and
//! so do string enums (the empty string, which is an unknown value unless
//! the spec lists it, so the caller can tell it was not sent). A
//! struct derives `Default` when every field's type has one, computed as a
//! least fixed point so that a cycle of required fields never gets one
//! (its `default()` would never end). One exception keeps request types
//! honest: a struct used in a request body or parameters that has required
//! fields derives no `Default`, so `..Default::default()` cannot leave a
//! required field out. The types only requests use are also strict
//! ([`strict_types`]): decoding one fails on a required field that is
//! absent, since no server response is decoded into them.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Field, FieldDecoding, TypeId, TypeKind, TypeRef};

/// How `field` is read from JSON (the tolerance rules); `strict` for a
/// type only requests use ([`Api::strict`]), whose required fields must be
/// there. A required field of a type with a default takes it when the
/// server leaves the field out or sends `null`.
pub(crate) fn field_decoding(api: &Api, field: &Field, strict: bool) -> FieldDecoding {
    let defaults_when_missing = |ty: &TypeRef| !matches!(ty, TypeRef::Nullable(_) | TypeRef::Json) && type_has_default(api, ty);
    match (&field.ty, field.required) {
        (ty, true) if !strict && defaults_when_missing(ty) => FieldDecoding::Tolerant,
        (TypeRef::Json, true) if !strict => FieldDecoding::Tolerant,
        (TypeRef::Nullable(_), true) => FieldDecoding::Optional,
        (_, true) => FieldDecoding::Required,
        (TypeRef::Nullable(_), false) => FieldDecoding::Nullable,
        (_, false) => FieldDecoding::Optional,
    }
}

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
        | TypeRef::Upload
        | TypeRef::List(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_) => true,
        TypeRef::Boxed(inner) => type_has_default(api, inner),
        TypeRef::Named(id) => match api.types.get(id).map(|def| &def.kind) {
            Some(TypeKind::Struct(_)) => api.defaults.contains(id),
            // The empty string: an unknown value unless the spec lists it.
            Some(TypeKind::Enum(_)) => true,
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
    let mut roots = Vec::new();
    for endpoint in &api.endpoints {
        if let Some(body) = &endpoint.body {
            body.ty.push_named(&mut roots);
        }
        for parameter in &endpoint.parameters {
            parameter.field.ty.push_named(&mut roots);
        }
        roots.extend(endpoint.parameters_type);
    }
    api.reachable_from(roots)
}

/// The types only requests use: reachable from request bodies and
/// parameters, and from no response and no other type (a component no
/// endpoint uses may be decoded by hand-written code or a user); `requests`
/// are the types of requests ([`request_types`]).
pub fn strict_types(api: &Api, requests: &BTreeSet<TypeId>) -> BTreeSet<TypeId> {
    let mut roots: Vec<TypeId> = api.types.keys().filter(|id| !requests.contains(id)).copied().collect();
    for endpoint in &api.endpoints {
        for ty in endpoint.decoded_types() {
            ty.push_named(&mut roots);
        }
        roots.extend(endpoint.errors.iter().map(|answer| answer.ty));
    }
    let elsewhere = api.reachable_from(roots);
    requests.difference(&elsewhere).copied().collect()
}

/// The untagged unions that get a catch-all variant, with its name (tolerance
/// rule 4): any union a server may send, unless it already has a variant
/// of any JSON value. A union only requests use has none: a request is
/// never "unknown", and the caller builds it from the variants the spec
/// lists. A union inside another is left to the outer one's catch-all:
/// its own would match every value, so the outer union's later variants
/// would never be tried.
pub fn catch_alls(api: &Api) -> BTreeMap<TypeId, crate::naming::RustName> {
    let mut nested = BTreeSet::new();
    for def in api.types.values() {
        if let TypeKind::UntaggedUnion(outer) = &def.kind {
            let mut named = Vec::new();
            for variant in &outer.variants {
                variant.ty.push_named(&mut named);
            }
            nested.extend(named);
        }
    }
    let mut catch_alls = BTreeMap::new();
    for (id, def) in &api.types {
        let TypeKind::UntaggedUnion(union) = &def.kind else { continue };
        let has_object = union.variants.iter().any(|variant| {
            matches!(&variant.ty, TypeRef::Named(id) if matches!(api.types.get(id).map(|def| &def.kind), Some(TypeKind::Struct(_))))
        });
        let has_catch_all = union.variants.iter().any(|variant| variant.ty == TypeRef::Json);
        if has_catch_all || api.strict.contains(id) || (nested.contains(id) && !has_object) {
            continue;
        }
        let taken = |name: &str| union.variants.iter().any(|variant| variant.name == name);
        let name = ["Unknown", "Other", "Unmatched"].into_iter().find(|name| !taken(name)).unwrap_or("Unmatched_");
        catch_alls.insert(*id, crate::naming::RustName::known(name));
    }
    catch_alls
}

/// The constructors of the untagged unions of requests: one per variant
/// that holds a struct or any JSON object, named after the variant in snake case
/// (`ConnectedAccountsGetRequest::email(..)` for the variant `Email`), so
/// that a caller picks the way of asking by name.
pub fn union_constructors(api: &Api, requests: &BTreeSet<TypeId>) -> BTreeMap<TypeId, Vec<(usize, crate::naming::RustName)>> {
    let mut constructors = BTreeMap::new();
    for (id, def) in &api.types {
        let TypeKind::UntaggedUnion(union) = &def.kind else { continue };
        if !requests.contains(id) {
            continue;
        }
        // A constructor named as its type (`Source::source`) reads as a
        // second `new`, which Clippy refuses (`self_named_constructors`).
        let mut names = crate::naming::Namespace::default();
        for own in [crate::naming::field_name(&def.name).to_string(), def.name.to_lowercase()] {
            if !names.contains(&own) {
                names.claim(&own, "_");
            }
        }
        let made: Vec<(usize, crate::naming::RustName)> = union
            .variants
            .iter()
            .enumerate()
            .filter(|(_, variant)| match &variant.ty {
                TypeRef::Named(id) => {
                    matches!(api.types.get(id).map(|def| &def.kind), Some(TypeKind::Struct(body)) if body.flattened.is_empty())
                }
                TypeRef::JsonObject => true,
                _ => false,
            })
            .map(|(index, variant)| (index, names.claim(&crate::naming::field_name(&variant.name), "_")))
            .collect();
        if !made.is_empty() {
            constructors.insert(*id, made);
        }
    }
    constructors
}

/// The defaults pass: decides what decodes tolerantly and how. Fills
/// `api.strict` with the types only requests use, `api.catch_alls` with
/// the unions that keep values no variant matches, and `api.defaults` with
/// the structs that derive `Default`.
pub fn find_defaults(api: &mut Api) {
    let requests = request_types(api);
    api.strict = strict_types(api, &requests);
    api.catch_alls = catch_alls(api);
    api.union_constructors = union_constructors(api, &requests);
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

/// Makes the fields named in `names` whole numbers (`i64`) where they are
/// `number`s (`f64`), in the types only requests use and in the parameters
/// of endpoints: a count the spec types as `number` (`limit`) then has the
/// same type in every request. Any whole number is a number, so the server
/// accepts what is sent; response types keep `f64`, which decodes any
/// number a server sends.
pub fn whole_number_requests(api: &mut Api, names: &[String]) {
    if names.is_empty() {
        return;
    }
    let whole = |field: &mut crate::ir::Field| {
        if names.contains(&field.json_name) {
            match &mut field.ty {
                TypeRef::Float => field.ty = TypeRef::Integer,
                TypeRef::Nullable(inner) if **inner == TypeRef::Float => **inner = TypeRef::Integer,
                _ => {}
            }
        }
    };
    for (id, def) in api.types.iter_mut() {
        if let (true, TypeKind::Struct(body)) = (api.strict.contains(id), &mut def.kind) {
            body.fields.iter_mut().for_each(whole);
        }
    }
    for endpoint in &mut api.endpoints {
        for parameter in &mut endpoint.parameters {
            whole(&mut parameter.field);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::testing::{api, field, named, string_enum, structure};

    fn defaults_of(mut api: Api) -> Vec<u32> {
        find_defaults(&mut api);
        api.defaults.iter().map(|id| id.0).collect()
    }

    fn integer_enum() -> TypeKind {
        TypeKind::IntegerEnum(crate::ir::IntegerEnum { values: vec![(crate::naming::RustName::known("One"), 1)], other: crate::naming::RustName::known("Unknown") })
    }

    #[test]
    fn a_struct_whose_required_fields_have_defaults_has_one() {
        let api = api(vec![
            structure(vec![field("name", TypeRef::String, true), field("tags", TypeRef::List(Box::new(TypeRef::String)), true)]),
            // A required string enum has a default: the empty, unknown value.
            structure(vec![field("kind", named(4), true)]),
            // A required integer enum has none; an optional one needs none.
            structure(vec![field("level", named(5), true)]),
            structure(vec![field("level", named(5), false)]),
            string_enum(&["a"]),
            integer_enum(),
        ]);
        assert_eq!(defaults_of(api), [0, 1, 3]);
    }

    #[test]
    fn a_required_struct_field_has_a_default_when_its_struct_does() {
        let api = api(vec![
            structure(vec![field("inner", named(1), true)]),
            structure(vec![field("name", TypeRef::String, true)]),
            structure(vec![field("inner", named(3), true)]),
            structure(vec![field("level", named(4), true)]),
            integer_enum(),
        ]);
        assert_eq!(defaults_of(api), [0, 1]);
    }

    #[test]
    fn a_cycle_of_required_fields_has_no_default() {
        // `T0::default()` would call `T1::default()`, which would call `T0::default()`.
        let api = api(vec![
            structure(vec![field("b", TypeRef::Boxed(Box::new(named(1))), true)]),
            structure(vec![field("a", TypeRef::Boxed(Box::new(named(0))), true)]),
            structure(vec![field("a", TypeRef::Boxed(Box::new(named(0))), false)]),
        ]);
        assert_eq!(defaults_of(api), [2]);
    }

    fn union(variants: &[(&str, TypeRef)]) -> TypeKind {
        let variants = variants
            .iter()
            .map(|(name, ty)| crate::ir::UntaggedVariant { name: crate::naming::RustName::known(name), ty: ty.clone(), docs: crate::ir::Docs::default() })
            .collect();
        TypeKind::UntaggedUnion(crate::ir::UntaggedUnion { variants })
    }

    #[test]
    fn unions_a_server_may_send_keep_what_no_variant_matches() {
        let api = api(vec![
            // A union of scalars a server may send (no request uses it).
            union(&[("Text", TypeRef::String), ("Flag", TypeRef::Bool)]),
            // A union of objects, whose catch-all name is taken.
            union(&[("Unknown", named(2)), ("Count", TypeRef::Integer)]),
            structure(vec![field("name", TypeRef::String, true)]),
            // A union that has a variant of any value already.
            union(&[("Text", TypeRef::String), ("Any", TypeRef::Json)]),
            // A union inside another leaves it to the outer one.
            union(&[("Inner", named(5)), ("Flag", TypeRef::Bool)]),
            union(&[("Text", TypeRef::String), ("Count", TypeRef::Integer)]),
        ]);
        let catch_alls = catch_alls(&api);
        let found: Vec<(u32, &str)> = catch_alls.iter().map(|(id, name)| (id.0, name.as_str())).collect();
        assert_eq!(found, [(0, "Unknown"), (1, "Other"), (4, "Unknown")]);
    }

    #[test]
    fn a_union_only_requests_use_has_no_catch_all() {
        let mut api = api(vec![
            union(&[("Text", TypeRef::String), ("Flag", TypeRef::Bool)]),
            union(&[("Pet", named(2))]),
            structure(vec![]),
            union(&[("Owner", named(2))]),
        ]);
        api.strict = [TypeId(0), TypeId(1)].into_iter().collect();
        let found: Vec<u32> = catch_alls(&api).keys().map(|id| id.0).collect();
        assert_eq!(found, [3], "only the union a response may hold");
    }

    #[test]
    fn counts_named_in_the_settings_are_whole_numbers_in_requests_only() {
        let mut api = api(vec![
            structure(vec![field("limit", TypeRef::Float, false), field("ratio", TypeRef::Float, false)]),
            structure(vec![field("limit", TypeRef::Float, false)]),
            structure(vec![field("limit", TypeRef::Nullable(Box::new(TypeRef::Float)), false)]),
        ]);
        api.strict = [TypeId(0), TypeId(2)].into_iter().collect();
        whole_number_requests(&mut api, &["limit".to_owned()]);
        let types: Vec<Vec<&TypeRef>> = api
            .types
            .values()
            .map(|def| match &def.kind {
                TypeKind::Struct(body) => body.fields.iter().map(|field| &field.ty).collect(),
                _ => Vec::new(),
            })
            .collect();
        let nullable_integer = TypeRef::Nullable(Box::new(TypeRef::Integer));
        assert_eq!(types, [vec![&TypeRef::Integer, &TypeRef::Float], vec![&TypeRef::Float], vec![&nullable_integer]]);
    }

    #[test]
    fn request_unions_get_a_constructor_per_variant_of_an_object() {
        let api = api(vec![
            union(&[("Email", named(1)), ("Type", named(1)), ("Text", TypeRef::String), ("Object", TypeRef::JsonObject)]),
            structure(vec![field("email", TypeRef::String, true)]),
            union(&[("Email", named(1))]),
        ]);
        let requests: BTreeSet<TypeId> = [TypeId(0), TypeId(1)].into_iter().collect();
        let constructors = union_constructors(&api, &requests);
        let found: Vec<(u32, Vec<(usize, &str)>)> = constructors
            .iter()
            .map(|(id, made)| (id.0, made.iter().map(|(index, name)| (*index, name.as_str())).collect()))
            .collect();
        // `type` is a keyword: the method is `type_`. The union no request uses has none.
        assert_eq!(found, [(0, vec![(0, "email"), (1, "type_"), (3, "object")])]);
        // A variant named as the union gets no constructor named as its type (`T0::t0`).
        let self_named = crate::ir::testing::api(vec![union(&[("T0", named(1))]), structure(vec![field("email", TypeRef::String, true)])]);
        let constructors = union_constructors(&self_named, &[TypeId(0)].into_iter().collect());
        let names: Vec<&str> = constructors.values().flatten().map(|(_, name)| name.as_str()).collect();
        assert_eq!(names, ["t0_2"]);
    }

    #[test]
    fn a_newtype_has_a_default_only_around_a_type_that_is_not_named() {
        assert!(newtype_has_default(&TypeRef::List(Box::new(named(0)))));
        assert!(!newtype_has_default(&named(0)));
        assert!(!newtype_has_default(&TypeRef::Boxed(Box::new(named(0)))));
    }

    #[test]
    fn request_types_with_required_fields_have_no_default() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/new_pet'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/pet'}
components:
  schemas:
    new_pet:
      type: object
      required: [name]
      properties: {name: {type: string}}
    pet:
      type: object
      required: [name]
      properties: {name: {type: string}}
"#;
        let spec = crate::parse_spec("t.yaml", text).unwrap();
        let (api, _) = crate::lower(&spec, &crate::Settings::new("t")).unwrap();
        let with_default: Vec<&str> = api.defaults.iter().map(|id| api.types[id].name.as_str()).collect();
        assert_eq!(with_default, ["Pet"]);
        let requests: Vec<&str> = request_types(&api).iter().map(|id| api.types[id].name.as_str()).collect();
        assert_eq!(requests, ["NewPet"]);
        let strict: Vec<&str> = api.strict.iter().map(|id| api.types[id].name.as_str()).collect();
        assert_eq!(strict, ["NewPet"]);
    }

    #[test]
    fn a_type_of_requests_and_responses_is_not_strict() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    put:
      operationId: replacePet
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/pet'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/pet'}
components:
  schemas:
    pet:
      type: object
      required: [owner]
      properties: {owner: {$ref: '#/components/schemas/owner'}}
    owner:
      type: object
      required: [name]
      properties: {name: {type: string}}
"#;
        let spec = crate::parse_spec("t.yaml", text).unwrap();
        let (api, _) = crate::lower(&spec, &crate::Settings::new("t")).unwrap();
        assert_eq!(request_types(&api).len(), 2);
        assert!(api.strict.is_empty(), "{:?}", api.strict);
    }
}
