//! Reading OpenAPI 3.1 documents: their JSON Schema 2020-12 schemas are
//! rewritten, as JSON, into the OpenAPI 3.0 schemas that mean the same,
//! before `openapiv3` parses the document.
//!
//! What 3.0 says in other words is rewritten: `type: [string, "null"]` is
//! `type: string` with `nullable: true`; several types are an `anyOf` of
//! one schema per type; `null` in `oneOf`/`anyOf` is `nullable`; `const`
//! is a one-value `enum`; `examples` gives the `example`; a numeric
//! `exclusiveMinimum` is a `minimum` with `exclusiveMinimum: true`;
//! `contentEncoding`/`contentMediaType` are `format: byte`/`binary`; a
//! `$ref` with keywords beside it that constrain is an `allOf`;
//! `unevaluatedProperties` and `patternProperties` are
//! `additionalProperties`; `$id`/`$anchor` references become JSON
//! pointers; `components/pathItems` references are copied in place;
//! `webhooks` payloads become component schemas.
//!
//! What 3.0 cannot say is never dropped silently: a validation keyword
//! without a Rust meaning (`dependentRequired`, `propertyNames`,
//! `contains`) is kept in the type's documentation, through the internal
//! extension [`CONSTRAINTS`] that lowering reads; one that a type would
//! need (`prefixItems` of several types, `if`/`then`/`else`,
//! `dependentSchemas`) is also a located warning, with the fallback the
//! warning names.
//!
//! Swagger 2.0 schemas (draft 4 with `x-nullable`, `type: file` and a
//! string `discriminator`) go through the same rewriting, see
//! [`Dialect::Swagger2`].

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::source_map::SourceMap;
use super::LoadWarning;
use crate::diagnostics::{DiagnosticKind, Pointer};

/// The internal extension that carries, in words, constraints the
/// rewritten schema cannot state; lowering adds them to the type's docs.
pub(crate) const CONSTRAINTS: &str = "x-openapi-codegen-constraints";

/// The `info.version` of a document that gives none.
const UNVERSIONED: &str = "unversioned";

/// Which JSON Schema the schemas of a document follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// The subset of draft 4 of Swagger 2.0, with its own keywords.
    Swagger2,
    /// JSON Schema 2020-12, as OpenAPI 3.1 uses it.
    OpenApi31,
}

/// A document rewritten into OpenAPI 3.0, with where its parts came from
/// and what could not be rewritten exactly (located in the original).
#[derive(Debug, Default)]
pub(super) struct Normalised {
    pub(super) value: Value,
    pub(super) map: SourceMap,
    pub(super) warnings: Vec<LoadWarning>,
}

/// The state of one rewriting.
pub(super) struct Context {
    pub(super) dialect: Dialect,
    pub(super) map: SourceMap,
    /// Problems at places of the rewritten document.
    warnings: Vec<LoadWarning>,
    /// Problems at places of the original document.
    original_warnings: Vec<LoadWarning>,
}

impl Context {
    pub(super) fn new(dialect: Dialect) -> Context {
        Context { dialect, map: SourceMap::default(), warnings: Vec::new(), original_warnings: Vec::new() }
    }

    /// Records a problem at a place of the rewritten document.
    pub(super) fn warn(&mut self, kind: DiagnosticKind, pointer: &Pointer, message: impl Into<String>) {
        self.warnings.push((kind, pointer.clone(), message.into()));
    }

    /// Records a problem at a place of the original document.
    pub(super) fn warn_original(&mut self, kind: DiagnosticKind, pointer: &Pointer, message: impl Into<String>) {
        self.original_warnings.push((kind, pointer.clone(), message.into()));
    }

    /// The rewritten document, with every problem located in `original`.
    /// References to places that moved point at their new places.
    pub(super) fn finish(self, mut value: Value, original: &Value) -> Normalised {
        let mut moved = Vec::new();
        find_moved_targets(&value, &value, &Pointer::root(), &self.map, &mut moved);
        for (place, target) in moved {
            if let Some(reference) = value.pointer_mut(place.as_json_pointer()) {
                *reference = Value::String(target.to_string());
            }
        }
        let mut warnings = self.original_warnings;
        for (kind, pointer, message) in self.warnings {
            warnings.push((kind, self.map.original(&pointer, original), message));
        }
        Normalised { value, map: self.map, warnings }
    }
}

/// The `$ref`s of `value` whose target is not in the rewritten `document`
/// but moved there: the place of each, and the target's new place.
fn find_moved_targets(document: &Value, value: &Value, pointer: &Pointer, map: &SourceMap, moved: &mut Vec<(Pointer, Pointer)>) {
    match value {
        Value::Object(object) => {
            if let Some(target) = object.get("$ref").and_then(Value::as_str).and_then(Pointer::from_fragment) {
                if document.pointer(target.as_json_pointer()).is_none() {
                    if let Some(found) = map.moved_to(&target, document) {
                        moved.push((pointer.join("$ref"), found));
                    }
                }
            }
            for (key, child) in object {
                find_moved_targets(document, child, &pointer.join(key), map, moved);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                find_moved_targets(document, item, &pointer.join(index), map, moved);
            }
        }
        _ => {}
    }
}

/// HTTP methods of a path item.
pub(super) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Keywords that only describe a schema: they stay beside a `$ref`, and on
/// the schema around the per-type parts of a multi-type schema.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
    "xml",
    "discriminator",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$schema",
    "$comment",
    "$defs",
    "definitions",
    "$ref",
    CONSTRAINTS,
];

/// The keywords that apply to one JSON type only, by type.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    ("string", &["minLength", "maxLength", "pattern", "contentMediaType", "contentEncoding", "contentSchema"]),
    ("number", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("integer", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "additionalItems",
            "unevaluatedItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "minContains",
            "maxContains",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "unevaluatedProperties",
            "minProperties",
            "maxProperties",
            "propertyNames",
            "dependentRequired",
            "dependentSchemas",
        ],
    ),
];

/// The JSON types, in the order a schema without `type` allows them.
const ALL_TYPES: &[&str] = &["string", "number", "integer", "boolean", "object", "array"];

/// Keywords whose value is a schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "contentSchema",
];

/// Keywords whose value is a list of schemas.
const SCHEMA_LIST_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Keywords whose value is a map of schemas.
const SCHEMA_MAP_KEYWORDS: &[&str] = &["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"];

/// Keywords that must be whole numbers of at least zero.
const COUNT_KEYWORDS: &[&str] =
    &["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains"];

/// Rewrites the OpenAPI 3.1 document `raw` into OpenAPI 3.0.
pub(super) fn normalise(raw: &Value) -> Normalised {
    let mut document = raw.clone();
    let mut cx = Context::new(Dialect::OpenApi31);
    if let Some(root) = document.as_object_mut() {
        root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
        if !root.contains_key("paths") {
            // 3.1 lets a document have only webhooks, or only components.
            root.insert("paths".to_owned(), Value::Object(Map::new()));
        }
        if let Some(dialect) = root.remove("jsonSchemaDialect") {
            let known = dialect.as_str().is_some_and(|dialect| dialect.contains("json-schema.org/draft/2020-12") || dialect.contains("spec.openapis.org/oas/3.1/dialect"));
            if !known {
                cx.warn(DiagnosticKind::UnknownDialect, &Pointer::root().join("jsonSchemaDialect"), format!("the schemas are read as JSON Schema 2020-12, not as the dialect `{}`", dialect.as_str().map_or_else(|| dialect.to_string(), str::to_owned)));
            }
        }
    }
    fix_info(&mut document, &mut cx);
    decode_references(&mut document);
    inline_path_item_refs(&mut document, &mut cx);
    inline_local_references(&mut document, &mut cx);
    walk_document(&mut document, &mut cx);
    security_schemes_31(&mut document);
    resolve_identifiers(&mut document);
    webhook_payloads(&mut document, &mut cx);
    cx.finish(document, raw)
}

/// `info.summary` joins the description; a missing `info.version` is a
/// warning and a placeholder.
pub(super) fn fix_info(document: &mut Value, cx: &mut Context) {
    let pointer = Pointer::root().join("info");
    let Some(info) = document.get_mut("info").and_then(Value::as_object_mut) else { return };
    if let Some(Value::String(summary)) = info.remove("summary") {
        let description = match info.get("description").and_then(Value::as_str) {
            Some(description) if !description.trim().is_empty() => format!("{summary}\n\n{description}"),
            _ => summary,
        };
        info.insert("description".to_owned(), Value::String(description));
    }
    match info.get("version") {
        Some(Value::String(_)) => {}
        Some(Value::Number(number)) => {
            let text = number.to_string();
            info.insert("version".to_owned(), Value::String(text));
        }
        _ => {
            cx.warn(DiagnosticKind::MissingInfo, &pointer, format!("`info.version` is missing: the API's version is given as `{UNVERSIONED}`"));
            info.insert("version".to_owned(), Value::String(UNVERSIONED.to_owned()));
        }
    }
    if info.get("title").and_then(Value::as_str).is_none() {
        cx.warn(DiagnosticKind::MissingInfo, &pointer, "`info.title` is missing: the API is called `API`");
        info.insert("title".to_owned(), Value::String("API".to_owned()));
    }
}

/// Copies path items that `paths` and `webhooks` take from
/// `components/pathItems` in place: lowering reads path items of `paths` only.
fn inline_path_item_refs(document: &mut Value, cx: &mut Context) {
    let items: BTreeMap<String, Value> = document
        .pointer("/components/pathItems")
        .and_then(Value::as_object)
        .map(|items| items.iter().map(|(name, item)| (name.clone(), item.clone())).collect())
        .unwrap_or_default();
    if items.is_empty() {
        return;
    }
    for section in ["paths", "webhooks"] {
        let Some(entries) = document.get_mut(section).and_then(Value::as_object_mut) else { continue };
        for (key, item) in entries.iter_mut() {
            let Some(name) = item.get("$ref").and_then(Value::as_str).and_then(|reference| reference.strip_prefix("#/components/pathItems/")) else {
                continue;
            };
            let name = name.replace("~1", "/").replace("~0", "~");
            if let Some(target) = items.get(&name) {
                let origin = Pointer::root().join("components").join("pathItems").join(&name);
                cx.map.record(&Pointer::root().join(section).join(key), &origin);
                *item = target.clone();
            }
        }
    }
}

/// A `$ref` is a URI: its fragment may be percent-encoded
/// (`#/paths/~1items~1%7Bid%7D`), which a JSON pointer is not.
pub(super) fn decode_references(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                if reference.starts_with('#') && reference.contains('%') {
                    *reference = percent_decode(reference);
                }
            }
            for child in object.values_mut() {
                decode_references(child);
            }
        }
        Value::Array(items) => {
            for item in items {
                decode_references(item);
            }
        }
        _ => {}
    }
}

/// Decodes `%XX` escapes; text that does not decode to UTF-8 stays as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(byte) = bytes.get(index) {
        let escaped = (*byte == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(decoded) => {
                out.push(decoded);
                index += 3;
            }
            None => {
                out.push(*byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Parameters, request bodies and responses that `$ref` a place outside
/// `components` (another operation's parameter, say) are copied in place:
/// lowering resolves those references through `components` only.
fn inline_local_references(document: &mut Value, cx: &mut Context) {
    let mut copies: Vec<(Pointer, Value, Pointer)> = Vec::new();
    let source: &Value = document;
    let mut consider = |holder: &Value, pointer: Pointer, kind: &str| {
        let Some(reference) = holder.get("$ref").and_then(Value::as_str) else { return };
        if reference.starts_with(&format!("#/components/{kind}/")) {
            return;
        }
        let Some(target_pointer) = Pointer::from_fragment(reference) else { return };
        // Follow a chain of such references, a few steps at most.
        let mut target = source.pointer(target_pointer.as_json_pointer());
        let mut origin = target_pointer;
        for _ in 0..8 {
            match target.and_then(|found| found.get("$ref")).and_then(Value::as_str) {
                Some(next) if !next.starts_with(&format!("#/components/{kind}/")) => {
                    let Some(next_pointer) = Pointer::from_fragment(next) else { break };
                    target = source.pointer(next_pointer.as_json_pointer());
                    origin = next_pointer;
                }
                _ => break,
            }
        }
        if let Some(target) = target {
            copies.push((pointer, target.clone(), origin));
        }
    };
    for (path, item) in source.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let item_pointer = Pointer::root().join("paths").join(path);
        let operations = METHODS.iter().filter_map(|method| Some((item.get(*method)?, item_pointer.join(method))));
        for (holder, pointer) in std::iter::once((item, item_pointer.clone())).chain(operations) {
            for (index, parameter) in holder.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
                consider(parameter, pointer.join("parameters").join(index), "parameters");
            }
            if let Some(body) = holder.get("requestBody") {
                consider(body, pointer.join("requestBody"), "requestBodies");
            }
            for (status, response) in holder.get("responses").and_then(Value::as_object).into_iter().flatten() {
                consider(response, pointer.join("responses").join(status), "responses");
            }
        }
    }
    for (pointer, copy, origin) in copies {
        if let Some(place) = document.pointer_mut(pointer.as_json_pointer()) {
            *place = copy;
            cx.map.record(&pointer, &origin);
        }
    }
}

/// Rewrites every schema of the document, wherever OpenAPI puts one.
pub(super) fn walk_document(document: &mut Value, cx: &mut Context) {
    let root = Pointer::root();
    for section in ["paths", "webhooks"] {
        let pointer = root.join(section);
        if let Some(items) = document.get_mut(section).and_then(Value::as_object_mut) {
            for (key, item) in items.iter_mut() {
                walk_path_item(item, &pointer.join(key), cx);
            }
        }
    }
    let Some(components) = document.get_mut("components").and_then(Value::as_object_mut) else { return };
    let base = root.join("components");
    for (kind, entries) in components.iter_mut() {
        let Some(entries) = entries.as_object_mut() else { continue };
        let kind_pointer = base.join(kind);
        for (name, entry) in entries.iter_mut() {
            let pointer = kind_pointer.join(name);
            match kind.as_str() {
                "schemas" => normalise_schema(entry, &pointer, cx),
                "parameters" | "headers" => walk_parameter(entry, &pointer, cx),
                "requestBodies" => walk_content(entry, &pointer, cx),
                "responses" => walk_response(entry, &pointer, cx),
                "pathItems" => walk_path_item(entry, &pointer, cx),
                "callbacks" => {
                    if let Some(expressions) = entry.as_object_mut() {
                        for (expression, item) in expressions.iter_mut() {
                            walk_path_item(item, &pointer.join(expression), cx);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn walk_path_item(item: &mut Value, pointer: &Pointer, cx: &mut Context) {
    let Some(item) = item.as_object_mut() else { return };
    if let Some(parameters) = item.get_mut("parameters").and_then(Value::as_array_mut) {
        for (index, parameter) in parameters.iter_mut().enumerate() {
            walk_parameter(parameter, &pointer.join("parameters").join(index), cx);
        }
    }
    for method in METHODS {
        if let Some(operation) = item.get_mut(*method) {
            walk_operation(operation, &pointer.join(method), cx);
        }
    }
}

fn walk_operation(operation: &mut Value, pointer: &Pointer, cx: &mut Context) {
    let Some(operation) = operation.as_object_mut() else { return };
    // `responses` is optional in 3.1.
    operation.entry("responses").or_insert_with(|| Value::Object(Map::new()));
    if let Some(parameters) = operation.get_mut("parameters").and_then(Value::as_array_mut) {
        for (index, parameter) in parameters.iter_mut().enumerate() {
            walk_parameter(parameter, &pointer.join("parameters").join(index), cx);
        }
    }
    if let Some(body) = operation.get_mut("requestBody") {
        walk_content(body, &pointer.join("requestBody"), cx);
    }
    if let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) {
        for (status, response) in responses.iter_mut() {
            walk_response(response, &pointer.join("responses").join(status), cx);
        }
    }
    if let Some(callbacks) = operation.get_mut("callbacks").and_then(Value::as_object_mut) {
        for (name, callback) in callbacks.iter_mut() {
            if let Some(expressions) = callback.as_object_mut() {
                for (expression, item) in expressions.iter_mut() {
                    walk_path_item(item, &pointer.join("callbacks").join(name).join(expression), cx);
                }
            }
        }
    }
}

/// A parameter or a header: a `schema`, or a `content` map.
fn walk_parameter(parameter: &mut Value, pointer: &Pointer, cx: &mut Context) {
    if let Some(schema) = parameter.get_mut("schema") {
        normalise_schema(schema, &pointer.join("schema"), cx);
    }
    walk_content(parameter, pointer, cx);
}

/// Anything with a `content` map of media types: a request body, a response.
fn walk_content(holder: &mut Value, pointer: &Pointer, cx: &mut Context) {
    let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) else { return };
    for (media_type, media) in content.iter_mut() {
        let media_pointer = pointer.join("content").join(media_type);
        if let Some(schema) = media.get_mut("schema") {
            normalise_schema(schema, &media_pointer.join("schema"), cx);
        }
        if let Some(encodings) = media.get_mut("encoding").and_then(Value::as_object_mut) {
            for (name, encoding) in encodings.iter_mut() {
                if let Some(headers) = encoding.get_mut("headers").and_then(Value::as_object_mut) {
                    for (header, value) in headers.iter_mut() {
                        walk_parameter(value, &media_pointer.join("encoding").join(name).join("headers").join(header), cx);
                    }
                }
            }
        }
    }
}

fn walk_response(response: &mut Value, pointer: &Pointer, cx: &mut Context) {
    if let Some(headers) = response.get_mut("headers").and_then(Value::as_object_mut) {
        for (name, header) in headers.iter_mut() {
            walk_parameter(header, &pointer.join("headers").join(name), cx);
        }
    }
    walk_content(response, pointer, cx);
}

/// `mutualTLS` (3.1) is a security scheme 3.0 lacks: it becomes an HTTP
/// scheme of that name, which lowering leaves out with a warning, as it
/// does every scheme the client cannot send from a credential.
fn security_schemes_31(document: &mut Value) {
    let Some(schemes) = document.pointer_mut("/components/securitySchemes").and_then(Value::as_object_mut) else { return };
    for scheme in schemes.values_mut() {
        if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
            if let Some(scheme) = scheme.as_object_mut() {
                scheme.insert("type".to_owned(), Value::String("http".to_owned()));
                scheme.insert("scheme".to_owned(), Value::String("mutualTLS".to_owned()));
            }
        }
    }
}

/// Each webhook's payload (the schema of its request body) becomes a
/// component schema `<webhook>_webhook`, documented with the webhook's
/// name, method, summary and description, so a crate of webhook event
/// types can be generated from a document that has only webhooks.
fn webhook_payloads(document: &mut Value, cx: &mut Context) {
    let Some(webhooks) = document.get("webhooks").and_then(Value::as_object).cloned() else { return };
    let request_bodies = document.pointer("/components/requestBodies").cloned().unwrap_or(Value::Null);
    let mut payloads: Vec<(String, Value, Pointer)> = Vec::new();
    for (name, item) in &webhooks {
        let item_pointer = Pointer::root().join("webhooks").join(name);
        let methods: Vec<&str> = METHODS.iter().copied().filter(|method| item.get(*method).is_some()).collect();
        for method in &methods {
            let Some(operation) = item.get(*method) else { continue };
            let mut body_pointer = item_pointer.join(method).join("requestBody");
            let Some(mut body) = operation.get("requestBody") else { continue };
            if let Some(target) = body.get("$ref").and_then(Value::as_str).and_then(|reference| reference.strip_prefix("#/components/requestBodies/")) {
                let target = target.replace("~1", "/").replace("~0", "~");
                match request_bodies.get(&target) {
                    Some(found) => {
                        body = found;
                        body_pointer = Pointer::root().join("components").join("requestBodies").join(&target);
                    }
                    None => {
                        cx.warn(DiagnosticKind::DanglingWebhookBody, &body_pointer, "the webhook's request body `$ref` points at no request body: no payload type is generated");
                        continue;
                    }
                }
            }
            let Some(content) = body.get("content").and_then(Value::as_object) else { continue };
            let chosen = content
                .iter()
                .find(|(media_type, _)| super::is_json_media_type(media_type))
                .or_else(|| content.iter().next());
            let Some((media_type, media)) = chosen else { continue };
            let Some(schema) = media.get("schema") else { continue };
            let key = if methods.len() == 1 { format!("{name}_webhook") } else { format!("{name}_{method}_webhook") };
            let mut lines = vec![format!("The payload of the `{name}` webhook, sent as `{}` with `{media_type}`.", method.to_ascii_uppercase())];
            for field in ["summary", "description"] {
                if let Some(text) = operation.get(field).and_then(Value::as_str).filter(|text| !text.trim().is_empty()) {
                    lines.push(text.to_owned());
                }
            }
            let is_reference = schema.get("$ref").is_some();
            if let Some(text) = schema.get("description").and_then(Value::as_str).filter(|_| !is_reference) {
                lines.push(text.to_owned());
            }
            let description = Value::String(lines.join("\n\n"));
            let mut payload = if is_reference {
                let mut wrapper = Map::new();
                wrapper.insert("allOf".to_owned(), Value::Array(vec![schema.clone()]));
                Value::Object(wrapper)
            } else {
                schema.clone()
            };
            if let Some(payload) = payload.as_object_mut() {
                payload.insert("description".to_owned(), description);
                if operation.get("deprecated").and_then(Value::as_bool) == Some(true) {
                    payload.insert("deprecated".to_owned(), Value::Bool(true));
                }
            }
            let origin = body_pointer.join("content").join(media_type).join("schema");
            payloads.push((key, payload, origin));
        }
    }
    if payloads.is_empty() {
        return;
    }
    let Some(root) = document.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else { return };
    let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
    let Some(schemas) = schemas.as_object_mut() else { return };
    for (key, payload, origin) in payloads {
        let mut unique = key.clone();
        let mut counter = 2;
        while schemas.contains_key(&unique) {
            unique = format!("{key}_{counter}");
            counter += 1;
        }
        let pointer = Pointer::root().join("components").join("schemas").join(&unique);
        cx.map.record(&pointer, &origin);
        if payload.get("allOf").is_some() && payload.pointer("/allOf/0/$ref").is_some() {
            cx.map.record(&pointer.join("allOf").join(0), &origin);
        }
        schemas.insert(unique, payload);
    }
}

/// Rewrites one schema, and every schema in it, into OpenAPI 3.0.
pub(super) fn normalise_schema(schema: &mut Value, pointer: &Pointer, cx: &mut Context) {
    // A boolean schema: `true` allows anything, `false` nothing.
    match schema {
        Value::Bool(true) => {
            *schema = Value::Object(Map::new());
            return;
        }
        Value::Bool(false) => {
            let mut never = Map::new();
            never.insert("not".to_owned(), Value::Object(Map::new()));
            *schema = Value::Object(never);
            return;
        }
        _ => {}
    }
    let Some(object) = schema.as_object_mut() else { return };
    if cx.dialect == Dialect::OpenApi31 && split_reference(object, pointer, cx) {
        return;
    }
    if cx.dialect == Dialect::Swagger2 {
        swagger_keywords(object);
    }
    // The subschemas first, in place.
    for keyword in SCHEMA_KEYWORDS {
        if let Some(child) = object.get_mut(*keyword) {
            match (keyword, child) {
                // `additionalProperties: false` is 3.0 too.
                (&"additionalProperties" | &"unevaluatedProperties" | &"items" | &"additionalItems" | &"unevaluatedItems", Value::Bool(_)) => {}
                // Draft 4 tuples: `items` as a list.
                (&"items", Value::Array(items)) => {
                    for (index, item) in items.iter_mut().enumerate() {
                        normalise_schema(item, &pointer.join("items").join(index), cx);
                    }
                }
                (_, child) => normalise_schema(child, &pointer.join(keyword), cx),
            }
        }
    }
    for keyword in SCHEMA_LIST_KEYWORDS {
        if let Some(children) = object.get_mut(*keyword).and_then(Value::as_array_mut) {
            for (index, child) in children.iter_mut().enumerate() {
                normalise_schema(child, &pointer.join(keyword).join(index), cx);
            }
        }
    }
    for keyword in SCHEMA_MAP_KEYWORDS {
        if let Some(children) = object.get_mut(*keyword).and_then(Value::as_object_mut) {
            for (name, child) in children.iter_mut() {
                normalise_schema(child, &pointer.join(keyword).join(name), cx);
            }
        }
    }
    // `properties: {a: false}`: a property that must be absent is no field.
    if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
        properties.retain(|_, property| !is_never(property));
    }
    merge_scalar_all_of(object);
    rewrite_keywords(object, pointer, cx);
}

/// An `allOf` of inline schemas of one scalar type (`allOf: [{type:
/// string}, {minLength: 1}]`) is one schema with all their keywords: 3.0
/// lowering merges only objects.
fn merge_scalar_all_of(object: &mut Map<String, Value>) {
    let Some(Value::Array(parts)) = object.get("allOf") else { return };
    let structural = ["$ref", "properties", "additionalProperties", "items", "allOf", "anyOf", "oneOf", "not", "prefixItems", "patternProperties"];
    let mut types: Vec<&str> = parts.iter().filter_map(|part| part.get("type").and_then(Value::as_str)).collect();
    if let Some(ty) = object.get("type").and_then(Value::as_str) {
        types.push(ty);
    }
    let scalar = parts.iter().all(|part| part.as_object().is_some_and(|part| structural.iter().all(|keyword| !part.contains_key(*keyword))))
        && !types.is_empty()
        && types.iter().all(|ty| ["string", "number", "integer", "boolean"].contains(ty) && *ty == types.first().copied().unwrap_or_default())
        && !object.contains_key("properties");
    if !scalar {
        return;
    }
    let Some(Value::Array(parts)) = object.remove("allOf") else { return };
    for part in parts {
        for (key, value) in part.as_object().into_iter().flatten() {
            object.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
}

/// Swagger 2.0's own schema keywords, in 3.0 words.
fn swagger_keywords(object: &mut Map<String, Value>) {
    if let Some(nullable) = object.remove("x-nullable") {
        if nullable.as_bool() == Some(true) {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
    if object.get("type").and_then(Value::as_str) == Some("file") {
        object.insert("type".to_owned(), Value::String("string".to_owned()));
        object.insert("format".to_owned(), Value::String("binary".to_owned()));
    }
    if let Some(Value::String(property)) = object.get("discriminator") {
        let mut discriminator = Map::new();
        discriminator.insert("propertyName".to_owned(), Value::String(property.clone()));
        object.insert("discriminator".to_owned(), Value::Object(discriminator));
    }
}

/// A `$ref` beside keywords that constrain (`{$ref: A, required: [b]}`)
/// means both: it becomes `allOf: [{$ref: A}, {required: [b]}]`, keeping
/// the annotations (`description`, `deprecated`, …) beside the `allOf`.
/// Returns whether it rewrote (and walked) the schema.
fn split_reference(object: &mut Map<String, Value>, pointer: &Pointer, cx: &mut Context) -> bool {
    let Some(reference) = object.get("$ref").cloned() else { return false };
    let constraining: Vec<String> =
        object.keys().filter(|key| !ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-")).cloned().collect();
    if constraining.is_empty() {
        return false;
    }
    // `{$ref: A, type: ["object", "null"]}` and the like only add `null`.
    let only_null = constraining.iter().all(|key| key == "type")
        && object.get("type").is_some_and(|ty| match ty {
            Value::String(ty) => ty == "null",
            Value::Array(types) => types.iter().any(|ty| ty == "null"),
            _ => false,
        });
    if only_null {
        object.remove("type");
        object.insert("nullable".to_owned(), Value::Bool(true));
        return false;
    }
    let mut rest = Map::new();
    for key in constraining {
        if let Some(value) = object.remove(&key) {
            rest.insert(key, value);
        }
    }
    object.remove("$ref");
    let mut target = Map::new();
    target.insert("$ref".to_owned(), reference);
    let mut parts = vec![Value::Object(target)];
    // The keywords beside the `$ref` came from this very schema.
    cx.map.record(&pointer.join("allOf").join(0), pointer);
    cx.map.record(&pointer.join("allOf").join(1), pointer);
    let mut rest = Value::Object(rest);
    normalise_schema(&mut rest, &pointer.join("allOf").join(1), cx);
    parts.push(rest);
    object.insert("allOf".to_owned(), Value::Array(parts));
    true
}

/// Adds a constraint, in words, to the schema's documentation.
fn document_constraint(object: &mut Map<String, Value>, text: String) {
    let entry = object.entry(CONSTRAINTS).or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(items) = entry {
        items.push(Value::String(text));
    }
}

/// The JSON text of a keyword's value, for the documentation.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 120 {
        let mut end = 117;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", text.get(..end).unwrap_or_default())
    } else {
        text
    }
}

/// The keywords of one schema (its subschemas already rewritten).
fn rewrite_keywords(object: &mut Map<String, Value>, pointer: &Pointer, cx: &mut Context) {
    if let Some(value) = object.remove("const") {
        object.insert("enum".to_owned(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = object.get("examples") {
        if !object.contains_key("example") {
            if let Some(first) = examples.first().cloned() {
                object.insert("example".to_owned(), first);
            }
        }
        object.remove("examples");
    }
    counts(object, pointer, cx);
    if split_types(object, pointer, cx) {
        return;
    }
    rewrite_single_type(object, pointer, cx);
}

/// Keywords that are counts (`maxLength`, …) must be whole numbers that fit
/// 64 bits; one that does not is left out and documented.
fn counts(object: &mut Map<String, Value>, pointer: &Pointer, cx: &mut Context) {
    for keyword in COUNT_KEYWORDS {
        let Some(value) = object.get(*keyword) else { continue };
        if value.as_u64().is_some() {
            continue;
        }
        let text = shown(value);
        object.remove(*keyword);
        cx.warn(DiagnosticKind::UnusableBound, &pointer.join(keyword), format!("`{keyword}: {text}` is not a whole number of at most 64 bits: it is left out of the generated type's checks, and documented"));
        document_constraint(object, format!("`{keyword}: {text}`"));
    }
}

/// A schema with several types (`type: [string, integer]`) becomes an
/// `anyOf` of one schema per type, each with the keywords of its type;
/// `null` among the types makes the schema `nullable`. Returns whether it
/// rewrote the schema so.
fn split_types(object: &mut Map<String, Value>, pointer: &Pointer, cx: &mut Context) -> bool {
    let types: Vec<String> = match object.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(|ty| ty.as_str().map(str::to_owned)).collect(),
        Some(Value::String(ty)) if ty == "null" => vec!["null".to_owned()],
        Some(Value::String(_)) | None => return false,
        Some(other) => {
            let text = shown(other);
            object.remove("type");
            cx.warn(DiagnosticKind::UnknownType, &pointer.join("type"), format!("`type: {text}` names no type: the schema is read without it"));
            return false;
        }
    };
    let allows_null = types.iter().any(|ty| ty == "null");
    let mut kinds: Vec<String> = Vec::new();
    for ty in types.iter().filter(|ty| *ty != "null") {
        if !kinds.contains(ty) {
            kinds.push(ty.clone());
        }
    }
    // `integer` is part of `number`.
    if kinds.iter().any(|ty| ty == "number") {
        kinds.retain(|ty| ty != "integer");
    }
    object.remove("type");
    if allows_null {
        object.insert("nullable".to_owned(), Value::Bool(true));
        if let Some(Value::Array(values)) = object.get_mut("enum") {
            // `null` is said by `nullable`; an `enum` of `null` alone stays.
            if values.iter().any(|value| !value.is_null()) {
                values.retain(|value| !value.is_null());
            }
        }
    }
    match kinds.len() {
        0 if allows_null => {
            // Only `null`: nothing but `null` is allowed.
            object.insert("enum".to_owned(), Value::Array(vec![Value::Null]));
            false
        }
        0 => false,
        1 => {
            object.extend(kinds.into_iter().map(|ty| ("type".to_owned(), Value::String(ty))));
            false
        }
        _ if ALL_TYPES.iter().filter(|ty| **ty != "integer").all(|ty| kinds.iter().any(|kind| kind == ty)) => {
            // Every type: the schema does not constrain the type at all.
            false
        }
        _ => {
            let mut variants = Vec::new();
            let enumeration = object.remove("enum");
            for kind in &kinds {
                let mut variant = Map::new();
                variant.insert("type".to_owned(), Value::String(kind.clone()));
                for (ty, keywords) in TYPE_KEYWORDS {
                    if ty != kind {
                        continue;
                    }
                    for keyword in *keywords {
                        if let Some(value) = object.get(*keyword) {
                            variant.insert((*keyword).to_owned(), value.clone());
                        }
                    }
                }
                if let Some(format) = object.get("format").and_then(Value::as_str) {
                    let numeric = ["int32", "int64", "float", "double", "decimal", "uint32", "uint64"].contains(&format);
                    if numeric == (kind == "number" || kind == "integer") {
                        variant.insert("format".to_owned(), Value::String(format.to_owned()));
                    }
                }
                if let Some(Value::Array(values)) = &enumeration {
                    let of_kind: Vec<Value> = values.iter().filter(|value| is_of_type(value, kind)).cloned().collect();
                    if of_kind.is_empty() {
                        continue;
                    }
                    variant.insert("enum".to_owned(), Value::Array(of_kind));
                }
                variants.push(variant);
            }
            for (_, keywords) in TYPE_KEYWORDS {
                for keyword in *keywords {
                    object.remove(*keyword);
                }
            }
            object.remove("format");
            let variant_pointer = |index: usize| pointer.join("anyOf").join(index);
            let mut rewritten = Vec::new();
            for (index, mut variant) in variants.into_iter().enumerate() {
                cx.map.record(&variant_pointer(index), pointer);
                rewrite_single_type(&mut variant, &variant_pointer(index), cx);
                rewritten.push(Value::Object(variant));
            }
            let union = Value::Array(rewritten);
            if object.contains_key("anyOf") || object.contains_key("oneOf") {
                // The type union and the schema's own union must both hold.
                let mut inner = Map::new();
                inner.insert("anyOf".to_owned(), union);
                let all_of = object.entry("allOf").or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(parts) = all_of {
                    cx.map.record(&pointer.join("allOf").join(parts.len()), pointer);
                    parts.push(Value::Object(inner));
                }
            } else {
                object.insert("anyOf".to_owned(), union);
            }
            nullable_unions(object, pointer, cx);
            true
        }
    }
}

fn is_of_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|number| number.fract() == 0.0),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        _ => false,
    }
}

/// The keywords of a schema of at most one type.
fn rewrite_single_type(object: &mut Map<String, Value>, pointer: &Pointer, cx: &mut Context) {
    exclusive_bounds(object);
    big_numbers(object, pointer, cx);
    content_keywords(object);
    tuples(object, pointer, cx);
    object_keywords(object, pointer, cx);
    conditionals(object, pointer, cx);
    nullable_unions(object, pointer, cx);
    if let Some(reference) = object.remove("$dynamicRef") {
        cx.warn(DiagnosticKind::DynamicRef, pointer, "`$dynamicRef` is resolved as a plain `$ref`, to the anchor of this document");
        object.insert("$ref".to_owned(), reference);
    }
}

/// Numeric `exclusiveMinimum: 5` is 3.0's `minimum: 5` with `exclusiveMinimum: true`.
fn exclusive_bounds(object: &mut Map<String, Value>) {
    for (exclusive, inclusive, stricter) in [("exclusiveMinimum", "minimum", 1.0), ("exclusiveMaximum", "maximum", -1.0)] {
        let Some(Value::Number(bound)) = object.get(exclusive).cloned() else { continue };
        let exclusive_value = bound.as_f64().unwrap_or_default();
        let keep_exclusive = match object.get(inclusive).and_then(Value::as_f64) {
            // The stricter of the two bounds holds.
            Some(inclusive_value) => (exclusive_value - inclusive_value) * stricter >= 0.0,
            None => true,
        };
        if keep_exclusive {
            object.insert(inclusive.to_owned(), Value::Number(bound));
            object.insert(exclusive.to_owned(), Value::Bool(true));
        } else {
            object.remove(exclusive);
        }
    }
}

/// Bounds of an `integer` schema beyond 64 bits: the generated type is
/// `i64`, so they are documented, left out, and warned about.
fn big_numbers(object: &mut Map<String, Value>, pointer: &Pointer, cx: &mut Context) {
    if object.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for keyword in ["minimum", "maximum", "multipleOf"] {
        let Some(value) = object.get(keyword) else { continue };
        let fits = value.is_i64() || value.as_f64().is_some_and(|number| number.fract() != 0.0 && number.abs() < 9.2e18);
        if fits || !value.is_number() {
            continue;
        }
        let text = shown(value);
        object.remove(keyword);
        if keyword != "multipleOf" {
            object.remove(&format!("exclusive{}{}", keyword.get(..1).unwrap_or_default().to_ascii_uppercase(), keyword.get(1..).unwrap_or_default()));
        }
        cx.warn(
            DiagnosticKind::UnusableBound,
            &pointer.join(keyword),
            format!("`{keyword}: {text}` is beyond 64-bit integers: the value is an `i64`, the bound is documented and not checked"),
        );
        document_constraint(object, format!("`{keyword}: {text}`"));
    }
}

/// `contentEncoding: base64` is 3.0's `format: byte`; `contentMediaType`
/// of a binary type without an encoding is `format: binary`.
fn content_keywords(object: &mut Map<String, Value>) {
    let encoding = object.remove("contentEncoding");
    let media_type = object.remove("contentMediaType");
    object.remove("contentSchema");
    let is_string = matches!(object.get("type").and_then(Value::as_str), None | Some("string"));
    if !is_string || object.contains_key("format") {
        return;
    }
    let format = match (&encoding, &media_type) {
        (Some(Value::String(encoding)), _) if encoding.eq_ignore_ascii_case("base64") || encoding.eq_ignore_ascii_case("base64url") => "byte",
        (None, Some(Value::String(media_type))) if !media_type.starts_with("text/") && !media_type.contains("json") && !media_type.contains("xml") => "binary",
        _ => return,
    };
    object.insert("type".to_owned(), Value::String("string".to_owned()));
    object.insert("format".to_owned(), Value::String(format.to_owned()));
}

/// `prefixItems` (a tuple): the items are one type when every position has
/// the same schema; otherwise the list's items are any of the positions'
/// types, documented and warned about.
fn tuples(object: &mut Map<String, Value>, pointer: &Pointer, cx: &mut Context) {
    let (positions, rest_keyword) = match object.get("prefixItems") {
        Some(Value::Array(positions)) => (positions.clone(), "items"),
        _ => match object.get("items") {
            Some(Value::Array(positions)) => (positions.clone(), "additionalItems"),
            _ => return,
        },
    };
    object.remove("prefixItems");
    let rest = object.remove(rest_keyword);
    if rest_keyword == "additionalItems" {
        object.remove("items");
    }
    let max_items = object.get("maxItems").and_then(Value::as_u64);
    let closed = matches!(rest, Some(Value::Bool(false))) || max_items.is_some_and(|max| max as usize <= positions.len());
    let mut members: Vec<Value> = Vec::new();
    for schema in positions.iter().chain(match &rest {
        Some(schema @ Value::Object(_)) => Some(schema),
        _ => None,
    }) {
        if !members.contains(schema) {
            members.push(schema.clone());
        }
    }
    if !closed && rest.is_none() {
        // Items after the tuple may be anything.
        members.push(Value::Object(Map::new()));
    }
    let items = match members.len() {
        0 => Value::Object(Map::new()),
        1 => {
            // Items of one type: a list, as long as the tuple at most when it is closed.
            if closed && max_items.is_none() {
                object.insert("maxItems".to_owned(), Value::from(positions.len()));
            }
            members.into_iter().next().unwrap_or_default()
        }
        _ => {
            document_constraint(object, format!("a tuple of {} items (`prefixItems`)", positions.len()));
            cx.warn(
                DiagnosticKind::Tuple,
                pointer,
                "`prefixItems` (a tuple of different types) is generated as a list whose items may be any of the tuple's types: the positions are documented, not typed",
            );
            for (index, position) in positions.iter().enumerate() {
                let position_text = match position.get("$ref").and_then(Value::as_str) {
                    Some(reference) => format!("`{}`", reference.rsplit('/').next().unwrap_or(reference)),
                    None => shown(position),
                };
                document_constraint(object, format!("item {} is {position_text}", index + 1));
            }
            let mut union = Map::new();
            union.insert("anyOf".to_owned(), Value::Array(members));
            Value::Object(union)
        }
    };
    object.insert("items".to_owned(), items);
    if !object.contains_key("type") {
        object.insert("type".to_owned(), Value::String("array".to_owned()));
    }
}

/// `unevaluatedProperties` and `patternProperties` are the
/// `additionalProperties` of 3.0 (the merged struct holds every listed
/// property); `propertyNames`, `dependentRequired` and `contains` are
/// documented.
fn object_keywords(object: &mut Map<String, Value>, pointer: &Pointer, cx: &mut Context) {
    if let Some(unevaluated) = object.remove("unevaluatedProperties") {
        if !object.contains_key("additionalProperties") {
            object.insert("additionalProperties".to_owned(), unevaluated);
        }
    }
    if let Some(unevaluated) = object.remove("unevaluatedItems") {
        if !object.contains_key("items") && unevaluated.is_object() {
            object.insert("items".to_owned(), unevaluated);
        }
    }
    if let Some(Value::Object(patterns)) = object.remove("patternProperties") {
        let names: Vec<String> = patterns.keys().map(|pattern| format!("`{pattern}`")).collect();
        document_constraint(object, format!("other property names match {}", names.join(" or ")));
        if !object.contains_key("additionalProperties") || object.get("additionalProperties") == Some(&Value::Bool(false)) {
            let mut schemas: Vec<Value> = Vec::new();
            for schema in patterns.into_values() {
                if !schemas.contains(&schema) {
                    schemas.push(schema);
                }
            }
            let additional = if schemas.len() == 1 {
                schemas.into_iter().next().unwrap_or_default()
            } else {
                let mut union = Map::new();
                union.insert("anyOf".to_owned(), Value::Array(schemas));
                Value::Object(union)
            };
            object.insert("additionalProperties".to_owned(), additional);
        }
    }
    if let Some(names) = object.remove("propertyNames") {
        let text = match (names.get("pattern"), names.get("enum")) {
            (Some(pattern), _) => format!("property names match the pattern {}", shown(pattern)),
            (None, Some(values)) => format!("property names are one of {}", shown(values)),
            _ => format!("property names follow {}", shown(&names)),
        };
        document_constraint(object, text);
    }
    if let Some(Value::Object(dependencies)) = object.remove("dependentRequired") {
        for (name, required) in dependencies {
            let required: Vec<String> =
                required.as_array().into_iter().flatten().filter_map(Value::as_str).map(|name| format!("`{name}`")).collect();
            document_constraint(object, format!("when `{name}` is present, so is {}", required.join(" and ")));
        }
    }
    if let Some(contains) = object.remove("contains") {
        let (min, max) = (object.remove("minContains"), object.remove("maxContains"));
        let mut text = format!("some item is {}", shown(&contains));
        if let Some(min) = min {
            text.push_str(&format!(", at least {min} such items"));
        }
        if let Some(max) = max {
            text.push_str(&format!(", at most {max} such items"));
        }
        document_constraint(object, text);
    }
    if let Some(Value::Object(dependencies)) = object.remove("dependentSchemas") {
        cx.warn(
            DiagnosticKind::ConditionalSchema,
            &pointer.join("dependentSchemas"),
            "`dependentSchemas` cannot be typed: the properties the dependent schemas list are optional fields, their conditions are documented",
        );
        for (name, dependent) in dependencies {
            document_constraint(object, format!("when `{name}` is present, the object also matches {}", shown(&dependent)));
            merge_optional_properties(object, &dependent);
        }
    }
}

/// `if`/`then`/`else` cannot be a Rust type: the conditions are documented,
/// the properties `then`/`else` list become optional fields, with a warning.
fn conditionals(object: &mut Map<String, Value>, pointer: &Pointer, cx: &mut Context) {
    let condition = object.remove("if");
    let then = object.remove("then");
    let otherwise = object.remove("else");
    let Some(condition) = condition else { return };
    cx.warn(
        DiagnosticKind::ConditionalSchema,
        &pointer.join("if"),
        "`if`/`then`/`else` cannot be typed: the properties of `then` and `else` are optional fields, the condition is documented",
    );
    let mut text = format!("if the value matches {}", shown(&condition));
    if let Some(then) = &then {
        text.push_str(&format!(", it also matches {}", shown(then)));
        merge_optional_properties(object, then);
    }
    if let Some(otherwise) = &otherwise {
        text.push_str(&format!("; otherwise it matches {}", shown(otherwise)));
        merge_optional_properties(object, otherwise);
    }
    document_constraint(object, text);
}

/// Adds the properties `other` lists that `object` does not, as optional ones.
fn merge_optional_properties(object: &mut Map<String, Value>, other: &Value) {
    let Some(extra) = other.get("properties").and_then(Value::as_object) else { return };
    if extra.is_empty() {
        return;
    }
    let properties = object.entry("properties").or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(properties) = properties {
        for (name, schema) in extra {
            properties.entry(name.clone()).or_insert_with(|| schema.clone());
        }
    }
}

/// Whether `schema` allows no value (`false`, rewritten as `{not: {}}`).
fn is_never(schema: &Value) -> bool {
    schema.as_object().is_some_and(|object| object.len() == 1 && object.get("not").and_then(Value::as_object).is_some_and(Map::is_empty))
}

/// Whether `schema` is the schema of `null` alone.
fn is_null_schema(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else { return false };
    let null_type = match object.get("type") {
        Some(Value::String(ty)) => ty == "null",
        _ => false,
    };
    let null_enum = matches!(object.get("enum"), Some(Value::Array(values)) if !values.is_empty() && values.iter().all(Value::is_null))
        && matches!(object.get("nullable"), Some(Value::Bool(true)))
        && !object.contains_key("type");
    null_type || null_enum
}

/// `null` among the variants of `oneOf`/`anyOf` makes the union `nullable`.
fn nullable_unions(object: &mut Map<String, Value>, pointer: &Pointer, cx: &mut Context) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(variants)) = object.get_mut(keyword) else { continue };
        if !variants.iter().any(is_null_schema) || variants.len() < 2 {
            continue;
        }
        let mut kept = Vec::new();
        for (index, variant) in std::mem::take(variants).into_iter().enumerate() {
            if is_null_schema(&variant) {
                continue;
            }
            cx.map.record(&pointer.join(keyword).join(kept.len()), &pointer.join(keyword).join(index));
            kept.push(variant);
        }
        *variants = kept;
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
}

/// Turns references by `$id` and `$anchor` (`$ref: "#pet"`,
/// `$ref: "https://example.com/schemas/pet"`) into JSON pointers, and
/// `#/…` references inside a schema resource with its own `$id` into
/// pointers from the document's root (unless the place they name is only
/// there from the root, as authors often mean).
fn resolve_identifiers(document: &mut Value) {
    let mut resources: BTreeMap<String, Pointer> = BTreeMap::new();
    let mut anchors: BTreeMap<(String, String), Pointer> = BTreeMap::new();
    collect_identifiers(document, "", &Pointer::root(), &mut resources, &mut anchors);
    if resources.is_empty() && anchors.is_empty() {
        return;
    }
    let mut rewrites = Vec::new();
    find_references(document, "", &Pointer::root(), &resources, &anchors, &mut rewrites);
    for (place, reference, target) in rewrites {
        let exists = |reference: &str| reference.strip_prefix('#').is_some_and(|pointer| document.pointer(pointer).is_some());
        if exists(&reference) && !exists(&target) {
            continue;
        }
        if let Some(value) = document.pointer_mut(place.as_json_pointer()) {
            *value = Value::String(target);
        }
    }
}

fn collect_identifiers(
    value: &Value,
    base: &str,
    pointer: &Pointer,
    resources: &mut BTreeMap<String, Pointer>,
    anchors: &mut BTreeMap<(String, String), Pointer>,
) {
    match value {
        Value::Object(object) => {
            let base = match object.get("$id").and_then(Value::as_str) {
                Some(id) => {
                    let resolved = resolve_uri(base, id);
                    let resource = resolved.split('#').next().unwrap_or_default().to_owned();
                    resources.entry(resource.clone()).or_insert_with(|| pointer.clone());
                    resource
                }
                None => base.to_owned(),
            };
            for keyword in ["$anchor", "$dynamicAnchor"] {
                if let Some(anchor) = object.get(keyword).and_then(Value::as_str) {
                    anchors.entry((base.clone(), anchor.to_owned())).or_insert_with(|| pointer.clone());
                }
            }
            for (key, child) in object {
                collect_identifiers(child, &base, &pointer.join(key), resources, anchors);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_identifiers(item, base, &pointer.join(index), resources, anchors);
            }
        }
        _ => {}
    }
}

/// The references that name an `$id` or an `$anchor` of this document: the
/// place of each `$ref`, its text, and the JSON pointer it stands for.
fn find_references(
    value: &Value,
    base: &str,
    pointer: &Pointer,
    resources: &BTreeMap<String, Pointer>,
    anchors: &BTreeMap<(String, String), Pointer>,
    rewrites: &mut Vec<(Pointer, String, String)>,
) {
    match value {
        Value::Object(object) => {
            let base = match object.get("$id").and_then(Value::as_str) {
                Some(id) => resolve_uri(base, id).split('#').next().unwrap_or_default().to_owned(),
                None => base.to_owned(),
            };
            if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
                let plain_pointer = reference.starts_with("#/") || reference == "#";
                if !(plain_pointer && base.is_empty()) {
                    let absolute = resolve_uri(&base, reference);
                    let (resource, fragment) = absolute.split_once('#').unwrap_or((absolute.as_str(), ""));
                    let target = if fragment.is_empty() || fragment.starts_with('/') {
                        let resource_pointer = if resource.is_empty() { Some(Pointer::root()) } else { resources.get(resource).cloned() };
                        resource_pointer.map(|found| format!("#{}{fragment}", found.as_json_pointer()))
                    } else {
                        anchors.get(&(resource.to_owned(), fragment.to_owned())).map(|found| found.to_string())
                    };
                    if let Some(target) = target.filter(|target| target != reference) {
                        rewrites.push((pointer.join("$ref"), reference.to_owned(), target));
                    }
                }
            }
            for (key, child) in object {
                find_references(child, &base, &pointer.join(key), resources, anchors, rewrites);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                find_references(item, base, &pointer.join(index), resources, anchors, rewrites);
            }
        }
        _ => {}
    }
}

/// Resolves the URI reference `reference` against `base` (RFC 3986, for
/// the forms schemas use: absolute, absolute path, relative path, fragment).
fn resolve_uri(base: &str, reference: &str) -> String {
    if reference.contains("://") || reference.starts_with("urn:") {
        return reference.to_owned();
    }
    let base_without_fragment = base.split('#').next().unwrap_or_default();
    if reference.starts_with('#') || reference.is_empty() {
        return format!("{base_without_fragment}{reference}");
    }
    if let Some(rest) = reference.strip_prefix('/') {
        // From the authority of the base.
        if let Some((scheme, after)) = base_without_fragment.split_once("://") {
            let authority = after.split('/').next().unwrap_or_default();
            return format!("{scheme}://{authority}/{rest}");
        }
        return reference.to_owned();
    }
    let directory = match base_without_fragment.rfind('/') {
        Some(index) => base_without_fragment.get(..=index).unwrap_or_default(),
        None => "",
    };
    let mut segments: Vec<&str> = Vec::new();
    let joined = format!("{directory}{reference}");
    let (prefix, path) = match joined.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('/') {
            Some((authority, path)) => (format!("{scheme}://{authority}/"), path.to_owned()),
            None => (joined.clone(), String::new()),
        },
        None => (String::new(), joined.clone()),
    };
    for segment in path.split('/') {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    format!("{prefix}{}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema(value: Value) -> (Value, Vec<LoadWarning>) {
        let mut cx = Context::new(Dialect::OpenApi31);
        let original = value.clone();
        let mut value = value;
        normalise_schema(&mut value, &Pointer::root(), &mut cx);
        let normalised = cx.finish(value, &original);
        (normalised.value, normalised.warnings)
    }

    #[test]
    fn type_arrays_with_null_are_nullable() {
        assert_eq!(schema(json!({"type": ["string", "null"]})).0, json!({"type": "string", "nullable": true}));
        assert_eq!(schema(json!({"type": "null"})).0, json!({"nullable": true, "enum": [null]}));
    }

    #[test]
    fn several_types_are_a_union_with_their_keywords() {
        let (value, warnings) = schema(json!({"type": ["string", "integer", "null"], "maxLength": 3, "minimum": 1, "description": "d"}));
        assert_eq!(
            value,
            json!({"description": "d", "nullable": true, "anyOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "minimum": 1}]})
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn const_examples_and_exclusive_bounds() {
        let (value, _) = schema(json!({"type": "integer", "const": 3, "examples": [3], "exclusiveMinimum": 1}));
        assert_eq!(value, json!({"type": "integer", "enum": [3], "example": 3, "minimum": 1, "exclusiveMinimum": true}));
    }

    #[test]
    fn null_variants_make_a_union_nullable() {
        let (value, _) = schema(json!({"oneOf": [{"$ref": "#/components/schemas/a"}, {"type": "null"}]}));
        assert_eq!(value, json!({"oneOf": [{"$ref": "#/components/schemas/a"}], "nullable": true}));
    }

    #[test]
    fn a_reference_with_constraints_is_an_all_of() {
        let (value, _) = schema(json!({"$ref": "#/a", "description": "d", "required": ["x"]}));
        assert_eq!(value, json!({"description": "d", "allOf": [{"$ref": "#/a"}, {"required": ["x"]}]}));
        let (value, _) = schema(json!({"$ref": "#/a", "description": "d"}));
        assert_eq!(value, json!({"$ref": "#/a", "description": "d"}));
    }

    #[test]
    fn percent_escapes_of_references_decode() {
        assert_eq!(percent_decode("#/paths/~1a~1%7Bid%7D"), "#/paths/~1a~1{id}");
        assert_eq!(percent_decode("#/a%2"), "#/a%2");
    }

    #[test]
    fn uris_resolve_against_their_base() {
        assert_eq!(resolve_uri("https://a.example/schemas/pet", "owner"), "https://a.example/schemas/owner");
        assert_eq!(resolve_uri("https://a.example/schemas/pet", "../x#y"), "https://a.example/x#y");
        assert_eq!(resolve_uri("https://a.example/schemas/pet", "/root"), "https://a.example/root");
        assert_eq!(resolve_uri("", "#anchor"), "#anchor");
    }

    #[test]
    fn anchors_and_ids_become_pointers() {
        let mut document = json!({
            "components": {"schemas": {
                "pet": {"$id": "https://a.example/pet", "type": "object", "properties": {"owner": {"$ref": "owner"}, "tag": {"$ref": "#/$defs/tag"}}, "$defs": {"tag": {"type": "string"}}},
                "owner": {"$id": "https://a.example/owner", "$anchor": "person", "type": "object"},
                "other": {"$ref": "#person"}
            }}
        });
        resolve_identifiers(&mut document);
        assert_eq!(document.pointer("/components/schemas/pet/properties/owner/$ref"), Some(&json!("#/components/schemas/owner")));
        assert_eq!(document.pointer("/components/schemas/pet/properties/tag/$ref"), Some(&json!("#/components/schemas/pet/$defs/tag")));
        // The anchor `person` is in the resource `owner`: the document's root has none.
        assert_eq!(document.pointer("/components/schemas/other/$ref"), Some(&json!("#person")));
        let mut document = json!({"components": {"schemas": {"a": {"$anchor": "a"}, "b": {"$ref": "#a"}}}});
        resolve_identifiers(&mut document);
        assert_eq!(document.pointer("/components/schemas/b/$ref"), Some(&json!("#/components/schemas/a")));
    }
}
