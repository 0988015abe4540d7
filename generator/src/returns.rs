//! The returns pass: what each endpoint's method gives its caller, and
//! whether the endpoint pages.
//!
//! A method returns the whole response body or, where the spec names the
//! property that holds the resource (the response-key extension of
//! [`ExtensionSettings`](crate::ExtensionSettings)), that property alone.
//! Only that property is decoded, so the body's other properties cannot
//! make the call fail, and an absent required one is a decode error that
//! names it.
//!
//! An endpoint pages when its response is, or holds, one list of items and
//! its request and response fit the style the [`PaginationSettings`] name,
//! or exactly one of the common styles by their usual names (detection);
//! its paginator decodes the whole body, which holds the page. A note says
//! which endpoints page, and how; another, where an endpoint shows two
//! styles and so pages in neither.
//!
//! The response struct of a method that returns one property is then used
//! by nothing: an inline one is dropped, so the crate does not compile a
//! type no method returns.
//!
//! The pass runs last, once types are final (boxing and defaults saw the
//! whole bodies); `emit` translates its result.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{DiagnosticKind, Diagnostics, Pointer};
use crate::ir::{
    Api, BodyEncoding, Endpoint, Field, Paging, PagingRule, ParameterLocation, PropertyPath, RequestField, RequestPlace, Returns, TypeId,
    TypeKind, TypeOrigin, TypeRef,
};
use crate::{PaginationSettings, PagingStyle, WaitSettings};

/// The returns pass.
pub fn decide_returns(api: &mut Api, pagination: &PaginationSettings, wait: Option<&WaitSettings>, diagnostics: &mut Diagnostics) {
    let mut unused = BTreeSet::new();
    // The endpoints that page, by how they page, for the notes.
    let mut paged: BTreeMap<String, Vec<String>> = BTreeMap::new();
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
        let paging = match paging(api, endpoint, pagination) {
            Ok(paging) => paging,
            Err(styles) => {
                let message = format!(
                    "this list endpoint may page {}: it has no `…_pages` method (the settings' `[pagination] style` can name its style)",
                    styles.join(", or ")
                );
                diagnostics.report(DiagnosticKind::AmbiguousPaging, &endpoint.pointer, message);
                None
            }
        };
        if let Some(paging) = &paging {
            paged.entry(describe(&paging.style)).or_default().push(format!("{} {}", endpoint.method, endpoint.path));
        }
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
    for (how, endpoints) in paged {
        let count = endpoints.len();
        let (noun, verb) = if count == 1 { ("endpoint", "pages") } else { ("endpoints", "page") };
        let message = format!("{count} {noun} {verb} {how}: {}", endpoints.join(", "));
        diagnostics.report(DiagnosticKind::Paging, &Pointer::root().join("paths"), message);
    }
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

/// `ty` without the wrappers that do not change what it holds (`null`,
/// a box).
fn bare(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => bare(inner),
        ty => ty,
    }
}

fn is_text(ty: &TypeRef) -> bool {
    matches!(bare(ty), TypeRef::String)
}

fn is_number(ty: &TypeRef) -> bool {
    matches!(bare(ty), TypeRef::Integer | TypeRef::Float)
}

/// The field at `path` from the struct `ty`, through nested structs.
fn field_at<'a>(api: &'a Api, ty: &TypeRef, path: &[String]) -> Option<&'a Field> {
    let (first, rest) = path.split_first()?;
    let field = struct_field(api, bare(ty), first)?;
    if rest.is_empty() {
        Some(field)
    } else {
        field_at(api, &field.ty, rest)
    }
}

/// The names of the common styles, which detection looks for.
const CURSOR_REQUESTS: &[&str] =
    &["cursor", "page_cursor", "page_token", "pageToken", "next_token", "nextToken", "continuation_token", "continuationToken"];
const CURSOR_RESPONSES: &[&str] = &[
    "next_cursor",
    "next_page_cursor",
    "nextCursor",
    "nextPageCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "continuationToken",
];
const HAS_MORE: &[&str] = &["has_more", "has_next_page", "hasMore", "hasNextPage"];
const OFFSETS: &[&str] = &["offset"];
const PAGES: &[&str] = &["page", "page_number", "pageNumber"];
const SIZES: &[&str] = &["limit", "per_page", "page_size", "pageSize", "perPage", "max_results", "maxResults"];

/// What an endpoint's request and response offer to paging.
struct PagingView<'a> {
    api: &'a Api,
    endpoint: &'a Endpoint,
    /// The response body's type.
    response: &'a TypeRef,
    /// The response property of the items, `None` for the body.
    items: Option<String>,
    /// The type of an item.
    item: &'a TypeRef,
}

impl<'a> PagingView<'a> {
    /// The view of `endpoint`, when it returns a JSON list of items
    /// where `settings` look for them.
    fn new(api: &'a Api, endpoint: &'a Endpoint, settings: &PaginationSettings) -> Option<PagingView<'a>> {
        // A JSON or form body is sent again with each page (Stripe's list
        // operations declare an empty form body); others are not kept.
        let body_fits = endpoint.body.as_ref().is_none_or(|body| matches!(body.encoding, BodyEncoding::Json | BodyEncoding::Form));
        if !body_fits || endpoint.response_encoding != BodyEncoding::Json {
            return None;
        }
        let response = endpoint.response.as_ref()?;
        let list = |field: &'a Field| match &field.ty {
            TypeRef::List(item) => Some((Some(field.json_name.clone()), item.as_ref())),
            _ => None,
        };
        let (items, item) = match settings.items.as_deref() {
            Some("") => match response {
                TypeRef::List(item) => (None, item.as_ref()),
                _ => return None,
            },
            Some(pointer) => list(struct_field(api, response, pointer.strip_prefix('/')?)?)?,
            None => match (response, endpoint.response_key.as_deref()) {
                (TypeRef::List(item), _) => (None, item.as_ref()),
                (_, Some(key)) => list(struct_field(api, response, key)?)?,
                (TypeRef::Named(id), None) => {
                    let TypeKind::Struct(body) = &api.types.get(id)?.kind else { return None };
                    let mut lists = body.fields.iter().filter_map(list);
                    let only = lists.next()?;
                    if lists.next().is_some() {
                        return None;
                    }
                    only
                }
                _ => return None,
            },
        };
        Some(PagingView { api, endpoint, response, items, item })
    }

    /// The request field `json_name`: a query parameter, else a property
    /// of the JSON body.
    fn request_field(&self, json_name: &str) -> Option<(RequestField, &'a Field)> {
        let query = self.endpoint.parameters.iter().find(|parameter| {
            parameter.location == ParameterLocation::Query && parameter.field.json_name == json_name
        });
        if let Some(parameter) = query {
            return Some((RequestField { place: RequestPlace::Query, json_name: json_name.to_owned() }, &parameter.field));
        }
        let body = self.endpoint.body.as_ref()?;
        let field = struct_field(self.api, &body.ty, json_name)?;
        Some((RequestField { place: RequestPlace::Body, json_name: json_name.to_owned() }, field))
    }

    /// The first of `names` the request has as a field that `fits`.
    fn first_request_field(&self, names: &[&str], fits: fn(&TypeRef) -> bool) -> Option<RequestField> {
        names.iter().filter_map(|name| self.request_field(name)).find(|(_, field)| fits(&field.ty)).map(|(field, _)| field)
    }

    /// The response value at `pointer` (a JSON pointer), when it `fits`.
    fn response_path(&self, pointer: &str, fits: fn(&TypeRef) -> bool) -> Option<PropertyPath> {
        let path: PropertyPath =
            pointer.strip_prefix('/')?.split('/').map(|segment| segment.replace("~1", "/").replace("~0", "~")).collect();
        let field = field_at(self.api, self.response, &path)?;
        fits(&field.ty).then_some(path)
    }

    /// The style `style` as it fits this endpoint.
    fn fit(&self, style: &PagingStyle) -> Option<PagingRule> {
        match style {
            PagingStyle::Cursor { request, next, has_more } => Some(PagingRule::Cursor {
                request: self.first_request_field(&[request.as_str()], is_text)?,
                next: self.response_path(next, is_text)?,
                // Where a page has no such flag, the cursor alone decides.
                has_more: has_more.as_deref().and_then(|pointer| self.response_path(pointer, |ty| matches!(bare(ty), TypeRef::Bool))),
            }),
            PagingStyle::AfterLastItem { request, item_id, has_more } => {
                let id = struct_field(self.api, bare(self.item), item_id)?;
                (is_text(&id.ty) || matches!(bare(&id.ty), TypeRef::Integer)).then_some(())?;
                Some(PagingRule::AfterLastItem {
                    request: self.first_request_field(&[request.as_str()], is_text)?,
                    item_id: id.json_name.clone(),
                    has_more: self.response_path(has_more, |ty| matches!(bare(ty), TypeRef::Bool))?,
                })
            }
            PagingStyle::LinkHeader => {
                self.endpoint.response_headers.iter().any(|header| header == "link").then_some(PagingRule::LinkHeader)
            }
            PagingStyle::Offset { offset, limit } => Some(PagingRule::Offset {
                offset: self.first_request_field(&[offset.as_str()], is_number)?,
                limit: limit.as_deref().and_then(|limit| self.first_request_field(&[limit], is_number)),
            }),
            PagingStyle::PageNumber { page, size, first } => Some(PagingRule::PageNumber {
                page: self.first_request_field(&[page.as_str()], is_number)?,
                size: size.as_deref().and_then(|size| self.first_request_field(&[size], is_number)),
                first: *first,
            }),
        }
    }

    /// The common styles whose usual names this endpoint has.
    fn detect(&self) -> Vec<PagingRule> {
        let mut found = Vec::new();
        if let Some(rule) = self.fit(&PagingStyle::LinkHeader) {
            // The link carries the page number or offset the request has:
            // following it is the server's own way.
            return vec![rule];
        }
        if let Some(request) = self.first_request_field(CURSOR_REQUESTS, is_text) {
            // The next cursor: at the top of the body or one object down,
            // with a flag beside it that says whether more follow.
            let mut nexts = Vec::new();
            let mut candidates: Vec<PropertyPath> = CURSOR_RESPONSES.iter().map(|name| vec![(*name).to_owned()]).collect();
            if let Some(TypeKind::Struct(body)) = self.named_kind(self.response) {
                for field in &body.fields {
                    if matches!(self.named_kind(&field.ty), Some(TypeKind::Struct(_))) {
                        candidates.extend(CURSOR_RESPONSES.iter().map(|name| vec![field.json_name.clone(), (*name).to_owned()]));
                    }
                }
            }
            for path in candidates {
                if field_at(self.api, self.response, &path).is_some_and(|field| is_text(&field.ty)) {
                    nexts.push(path);
                }
            }
            if let [next] = nexts.as_slice() {
                let parent = next.get(..next.len().saturating_sub(1)).unwrap_or_default();
                let has_more = HAS_MORE.iter().map(|name| [parent, &[(*name).to_owned()]].concat()).find(|path| {
                    field_at(self.api, self.response, path).is_some_and(|field| matches!(bare(&field.ty), TypeRef::Bool))
                });
                found.push(PagingRule::Cursor { request, next: next.clone(), has_more });
            }
        }
        let after_last_item = PagingStyle::AfterLastItem {
            request: "starting_after".to_owned(),
            item_id: "id".to_owned(),
            has_more: "/has_more".to_owned(),
        };
        found.extend(self.fit(&after_last_item));
        if let Some(offset) = self.first_request_field(OFFSETS, is_number) {
            found.push(PagingRule::Offset { offset, limit: self.first_request_field(SIZES, is_number) });
        }
        if let Some(page) = self.first_request_field(PAGES, is_number) {
            found.push(PagingRule::PageNumber { page, size: self.first_request_field(SIZES, is_number), first: 1 });
        }
        found
    }

    fn named_kind(&self, ty: &TypeRef) -> Option<&'a TypeKind> {
        match bare(ty) {
            TypeRef::Named(id) => self.api.types.get(id).map(|def| &def.kind),
            _ => None,
        }
    }
}

/// What `endpoint` pages by, as `settings` define paging: the explicit
/// style where it fits, else the one common style detection finds. Several
/// found is `Err` with their descriptions.
fn paging(api: &Api, endpoint: &Endpoint, settings: &PaginationSettings) -> Result<Option<Paging>, Vec<String>> {
    let Some(view) = PagingView::new(api, endpoint, settings) else { return Ok(None) };
    let explicit = settings.style.as_ref().and_then(|style| view.fit(style));
    let style = match explicit {
        Some(rule) => rule,
        None if !settings.detect => return Ok(None),
        None => {
            let mut found = view.detect();
            if found.len() > 1 {
                return Err(found.iter().map(describe).collect());
            }
            let Some(rule) = found.pop() else { return Ok(None) };
            rule
        }
    };
    Ok(Some(Paging { items: view.items, style }))
}

/// How a rule pages, in words, for the notes.
pub(crate) fn describe(rule: &PagingRule) -> String {
    let field = |field: &RequestField| match field.place {
        RequestPlace::Query => format!("the query parameter `{}`", field.json_name),
        RequestPlace::Body => format!("the body property `{}`", field.json_name),
    };
    let path = |path: &PropertyPath| format!("`{}`", path.join("."));
    match rule {
        PagingRule::Cursor { request, next, has_more } => format!(
            "by cursor, with {} set to the response's {}{}",
            field(request),
            path(next),
            has_more.as_ref().map(|flag| format!(" while {} is not false", path(flag))).unwrap_or_default()
        ),
        PagingRule::AfterLastItem { request, item_id, has_more } => {
            format!("after the last item, with {} set to the last item's `{item_id}` while {} is true", field(request), path(has_more))
        }
        PagingRule::LinkHeader => "by the `Link` header's `rel=\"next\"` URL".to_owned(),
        PagingRule::Offset { offset, limit } => format!(
            "by offset, with {} grown by the items of each page{}",
            field(offset),
            limit.as_ref().map(|limit| format!(" until a page is shorter than {}", field(limit))).unwrap_or_default()
        ),
        PagingRule::PageNumber { page, size, first } => format!(
            "by page number, with {} counted from {first}{}",
            field(page),
            size.as_ref().map(|size| format!(" until a page is shorter than {}", field(size))).unwrap_or_default()
        ),
    }
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

    /// What detection needs to be sure of: one list of items, the usual
    /// names with the right types, the items' identifier; else no paging.
    #[test]
    fn detection_pages_only_where_the_spec_leaves_no_doubt() {
        const LISTS: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /two-lists:
    get:
      operationId: twoLists
      parameters: [{name: offset, in: query, schema: {type: integer}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: array, items: {type: string}}, b: {type: array, items: {type: string}}}}}}}
  /text-offset:
    get:
      operationId: textOffset
      parameters: [{name: offset, in: query, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
  /no-id:
    get:
      operationId: noId
      parameters: [{name: starting_after, in: query, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {type: object, properties: {name: {type: string}}}}, has_more: {type: boolean}}}}}}
  /not-a-list:
    get:
      operationId: notAList
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {count: {type: integer}}}}}}
  /numbers:
    get:
      operationId: numbers
      parameters: [{name: page, in: query, schema: {type: number}}, {name: per_page, in: query, schema: {type: integer}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: array, items: {type: string}}, total: {type: integer}}}}}}
"##;
        let spec = crate::parse_spec("t.yaml", LISTS).unwrap();
        let (api, diagnostics) = crate::lower(&spec, &Settings::new("t")).unwrap();
        let paged: Vec<(&str, &crate::ir::Paging)> =
            api.endpoints.iter().filter_map(|endpoint| Some((endpoint.name.as_str(), endpoint.paging.as_ref()?))).collect();
        assert_eq!(paged.len(), 1, "{paged:?}");
        let (name, paging) = paged[0];
        assert_eq!(name, "numbers");
        assert_eq!(paging.items.as_deref(), Some("a"));
        let field = |name: &str| crate::ir::RequestField { place: crate::ir::RequestPlace::Query, json_name: name.to_owned() };
        assert_eq!(paging.style, crate::ir::PagingRule::PageNumber { page: field("page"), size: Some(field("per_page")), first: 1 });
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");

        // Turned off, nothing pages.
        let mut settings = Settings::new("t");
        settings.client.pagination.detect = false;
        let (api, diagnostics) = crate::lower(&spec, &settings).unwrap();
        assert!(api.endpoints.iter().all(|endpoint| endpoint.paging.is_none()));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }
}
