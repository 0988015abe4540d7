//! The returns pass: what each endpoint's method gives its caller, and
//! whether the endpoint pages.
//!
//! A method returns the whole response body or, where the spec names the
//! property that holds the resource (the response-key extension of
//! [`ExtensionSettings`](crate::ExtensionSettings)), that property alone.
//! Only that property is decoded, so the body's other properties cannot
//! make the call fail, and an absent required one is a decode error that
//! names it. An endpoint pages when its request and response have the
//! properties the [`PaginationSettings`] name; its method decodes the whole
//! body, which holds the page.
//!
//! The response struct of a method that returns one property is then used
//! by nothing: an inline one is dropped, so the crate does not compile a
//! type no method returns.
//!
//! The pass runs last, once types are final (boxing and defaults saw the
//! whole bodies); `emit` translates its result.

use std::collections::BTreeSet;

use crate::ir::{Api, Endpoint, Field, Paging, Returns, TypeId, TypeKind, TypeOrigin, TypeRef};
use crate::{PaginationSettings, WaitSettings};

/// The returns pass.
pub fn decide_returns(api: &mut Api, pagination: Option<&PaginationSettings>, wait: Option<&WaitSettings>) {
    let mut unused = BTreeSet::new();
    for index in 0..api.endpoints.len() {
        let Some(endpoint) = api.endpoints.get(index) else { continue };
        if endpoint.success_may_be_empty {
            // A successful answer may have no body: the method returns the
            // whole body or nothing; there is no property to take, no page.
            if let Some(endpoint) = api.endpoints.get_mut(index) {
                endpoint.returns = Returns::BodyOrNothing;
            }
            continue;
        }
        if endpoint.answers.is_some() {
            // Answers that declare different bodies: the method returns the
            // enum of them, whole; there is no one property to take, no page.
            continue;
        }
        let paging = pagination.and_then(|settings| paging(api, endpoint, settings));
        let property = match &endpoint.response {
            Some(TypeRef::Named(id)) => endpoint
                .response_key
                .as_deref()
                .and_then(|key| struct_field(api, &TypeRef::Named(*id), key))
                .map(|field| (*id, field.json_name.clone(), field.required, field.ty.clone())),
            _ => None,
        };
        let Some(endpoint) = api.endpoints.get_mut(index) else { continue };
        if let Some((body, json_name, required, ty)) = property {
            endpoint.returns = Returns::Property { json_name, required, ty };
            // The paginator still decodes whole pages.
            if paging.is_none() {
                endpoint.response = None;
                unused.insert(body);
            }
        }
        endpoint.paging = paging;
    }
    if let Some(wait) = wait {
        let waits: Vec<bool> = api.endpoints.iter().map(|endpoint| waits(api, endpoint, wait)).collect();
        for (endpoint, waits) in api.endpoints.iter_mut().zip(waits) {
            endpoint.waits = waits;
        }
    }
    drop_unused_inline_types(api, unused);
}

/// Whether `endpoint`'s method waits for its operation: the spec marks it
/// with the extension `wait` names, and the method returns (not as an
/// `Option`) the component schema that tracks the operation.
fn waits(api: &Api, endpoint: &Endpoint, wait: &WaitSettings) -> bool {
    let marked = endpoint.extensions.get(&wait.extension).is_some_and(|value| !value.is_null()) && endpoint.answers.is_none();
    let returned = match &endpoint.returns {
        Returns::Property { required: true, ty, .. } => Some(ty),
        Returns::Body => endpoint.response.as_ref(),
        Returns::Property { required: false, .. } | Returns::BodyOrNothing => None,
    };
    let tracks = returned.is_some_and(|ty| {
        matches!(ty, TypeRef::Named(id) if api.types.get(id).is_some_and(|def| def.origin == TypeOrigin::Component(wait.schema.clone())))
    });
    marked && tracks
}

/// Drops the inline types among `candidates` that nothing uses any more:
/// no endpoint and no other type.
fn drop_unused_inline_types(api: &mut Api, candidates: BTreeSet<TypeId>) {
    let mut used = Vec::new();
    for endpoint in &api.endpoints {
        used.extend(endpoint.named_types());
    }
    for (id, def) in &api.types {
        if !candidates.contains(id) {
            for ty in def.kind.type_refs() {
                ty.push_named(&mut used);
            }
        }
    }
    let used: BTreeSet<TypeId> = used.into_iter().collect();
    for id in candidates {
        let inline = api.types.get(&id).is_some_and(|def| matches!(def.origin, TypeOrigin::Inline(_)));
        if inline && !used.contains(&id) {
            api.types.remove(&id);
            api.defaults.remove(&id);
            api.strict.remove(&id);
        }
    }
}

/// The field of the struct `ty` whose JSON name is `json_name`.
pub(crate) fn struct_field<'a>(api: &'a Api, ty: &TypeRef, json_name: &str) -> Option<&'a Field> {
    let TypeRef::Named(id) = ty else { return None };
    match &api.types.get(id)?.kind {
        TypeKind::Struct(body) => body.fields.iter().find(|field| field.json_name == json_name),
        _ => None,
    }
}

/// Whether `endpoint` pages, as `settings` define paging, and how: its
/// request has the cursor, its response the items under the response key
/// (a required list) and the page with the next cursor, both text.
fn paging(api: &Api, endpoint: &Endpoint, settings: &PaginationSettings) -> Option<Paging> {
    let request = &endpoint.body.as_ref()?.ty;
    let response = endpoint.response.as_ref()?;
    let cursor = struct_field(api, request, &settings.request_cursor)?;
    let items = struct_field(api, response, endpoint.response_key.as_deref()?)?;
    if !matches!(items.ty, TypeRef::List(_)) || !items.required {
        return None;
    }
    let page = struct_field(api, response, &settings.response_page)?;
    let page_type = match &page.ty {
        TypeRef::Nullable(inner) => inner.as_ref(),
        ty => ty,
    };
    let next_cursor = struct_field(api, page_type, &settings.next_cursor)?;
    let is_text = |ty: &TypeRef| matches!(ty, TypeRef::String) || matches!(ty, TypeRef::Nullable(inner) if **inner == TypeRef::String);
    let is_bool = |ty: &TypeRef| matches!(ty, TypeRef::Bool) || matches!(ty, TypeRef::Nullable(inner) if **inner == TypeRef::Bool);
    let has_next_page = settings
        .has_next_page
        .as_deref()
        .and_then(|name| struct_field(api, page_type, name))
        .filter(|field| is_bool(&field.ty))
        .map(|field| field.json_name.clone());
    (is_text(&cursor.ty) && is_text(&next_cursor.ty)).then(|| Paging {
        cursor: cursor.json_name.clone(),
        items: items.json_name.clone(),
        page: page.json_name.clone(),
        next_cursor: next_cursor.json_name.clone(),
        has_next_page,
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::{Returns, TypeRef};
    use crate::{ExtensionSettings, Settings};

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets/get:
    post:
      operationId: pets/get
      x-key: pet
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, required: [pet], properties: {pet: {$ref: '#/components/schemas/pet'}, ok: {type: boolean}}}}}}
  /pets/find:
    post:
      operationId: pets/find
      x-key: pet
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/found'}}}}
  /pets/stats:
    post:
      operationId: pets/stats
      x-key: nothing
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/pet'}}}}
components:
  schemas:
    pet: {type: object, properties: {id: {type: string}}}
    found: {type: object, properties: {pet: {$ref: '#/components/schemas/pet'}}}
"##;

    #[test]
    fn a_method_returns_the_keyed_property_and_unused_inline_bodies_are_dropped() {
        let spec = crate::parse_spec("t.yaml", SPEC).unwrap();
        let extensions = ExtensionSettings { response_key: Some("x-key".to_owned()), ..ExtensionSettings::default() };
        let (api, _) = crate::lower(&spec, &Settings::new("t").with_extensions(extensions)).unwrap();
        let endpoint = |name: &str| api.endpoints.iter().find(|endpoint| endpoint.name == name).unwrap();
        let pet = api.types.iter().find(|(_, def)| def.name == "Pet").map(|(id, _)| *id).unwrap();

        // A required property: returned, decoded alone; the inline body is gone.
        let get = endpoint("get");
        assert_eq!(get.returns, Returns::Property { json_name: "pet".to_owned(), required: true, ty: TypeRef::Named(pet) });
        assert_eq!(get.response, None);
        assert!(api.types.values().all(|def| def.name != "PetsGetResponse"), "the inline body is dropped");

        // An optional property of a component body: the component stays.
        let find = endpoint("find");
        assert!(matches!(&find.returns, Returns::Property { required: false, .. }));
        assert!(api.types.values().any(|def| def.name == "Found"), "a component is kept");

        // A key the body does not have: the whole body.
        let stats = endpoint("stats");
        assert_eq!(stats.returns, Returns::Body);
        assert_eq!(stats.response, Some(TypeRef::Named(pet)));
    }

    #[test]
    fn methods_that_return_the_tracking_schema_of_a_marked_operation_wait() {
        const WAITING: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /locks/unlock:
    post:
      operationId: locks/unlock
      x-later: unlock
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/attempt'}}}}
  /locks/get:
    post:
      operationId: locks/get
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/attempt'}}}}
  /locks/other:
    post:
      operationId: locks/other
      x-later: other
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
  /locks/maybe:
    post:
      operationId: locks/maybe
      x-later: maybe
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/attempt'}}}}
        "204": {description: nothing}
components:
  schemas:
    attempt: {type: object, properties: {id: {type: string}}}
"##;
        let spec = crate::parse_spec("t.yaml", WAITING).unwrap();
        let mut settings = Settings::new("t");
        settings.client.wait =
            Some(crate::WaitSettings { extension: "x-later".to_owned(), method: "wait_for".to_owned(), schema: "attempt".to_owned() });
        let (api, _) = crate::lower(&spec, &settings).unwrap();
        let waiting: Vec<&str> = api.endpoints.iter().filter(|endpoint| endpoint.waits).map(|endpoint| endpoint.name.as_str()).collect();
        // Not `get` (unmarked), not `other` (another schema), not `maybe`
        // (which may return nothing).
        assert_eq!(waiting, ["unlock"]);
    }
}
