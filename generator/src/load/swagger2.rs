//! Reading Swagger 2.0 documents: each is converted, as JSON, into the
//! OpenAPI 3.0 document that says the same, then parsed as one.
//!
//! `definitions`, `parameters`, `responses` and `securityDefinitions` move
//! under `components`; a `body` parameter is the request body, with one
//! media type per `consumes`; `formData` parameters are the properties of
//! a form (or multipart, with a `file`) body; response schemas get one
//! media type per `produces`; `host`, `basePath` and `schemes` are the
//! servers; `collectionFormat` is `style`/`explode`; `x-nullable`,
//! `type: file` and a string `discriminator` are rewritten with the
//! schemas (see `openapi31::Dialect::Swagger2`). Every moved part records
//! where it was, so diagnostics point into the 2.0 document.

use serde_json::{Map, Value};

use super::openapi31::{decode_references, fix_info, walk_document, Context, Dialect, Normalised, METHODS};
use crate::diagnostics::{DiagnosticKind, Pointer};

/// The keywords of a non-body parameter (or an `items` or a header) that
/// are its schema's in 3.0.
const SCHEMA_FIELDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// What a converted operation needs from the whole document.
struct Document<'r> {
    raw: &'r Value,
    consumes: Vec<String>,
    produces: Vec<String>,
}

/// The media types `key` lists at `holder` (an operation), or else the document's.
fn media_types(holder: &Value, key: &str, fallback: &[String]) -> Vec<String> {
    match holder.get(key).and_then(Value::as_array) {
        Some(list) if !list.is_empty() => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => fallback.to_vec(),
    }
}

fn object() -> Map<String, Value> {
    Map::new()
}

/// Converts the Swagger 2.0 document `raw` into OpenAPI 3.0.
pub(super) fn convert(raw: &Value) -> Normalised {
    let mut cx = Context::new(Dialect::Swagger2);
    let root = Pointer::root();
    let default_json = vec!["application/json".to_owned()];
    let document = Document {
        raw,
        consumes: media_types(raw, "consumes", &default_json),
        produces: media_types(raw, "produces", &default_json),
    };
    let mut out = object();
    out.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(value) = raw.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    if !out.contains_key("info") {
        out.insert("info".to_owned(), Value::Object(object()));
    }
    for (key, value) in raw.as_object().into_iter().flatten() {
        if key.starts_with("x-") {
            out.insert(key.clone(), value.clone());
        }
    }
    if let Some(servers) = servers(raw, &mut cx) {
        out.insert("servers".to_owned(), servers);
    }

    let mut components = object();
    if let Some(definitions) = raw.get("definitions").and_then(Value::as_object) {
        components.insert("schemas".to_owned(), Value::Object(definitions.clone()));
        cx.map.record(&root.join("components").join("schemas"), &root.join("definitions"));
    }
    if let Some(parameters) = raw.get("parameters").and_then(Value::as_object) {
        let mut converted = object();
        for (name, parameter) in parameters {
            let location = parameter.get("in").and_then(Value::as_str);
            if matches!(location, Some("body" | "formData")) {
                // Copied into the request body of each operation that uses it.
                continue;
            }
            let pointer = root.join("parameters").join(name);
            cx.map.record(&root.join("components").join("parameters").join(name), &pointer);
            converted.insert(name.clone(), convert_parameter(parameter, &pointer, &mut cx));
        }
        if !converted.is_empty() {
            components.insert("parameters".to_owned(), Value::Object(converted));
        }
    }
    if let Some(responses) = raw.get("responses").and_then(Value::as_object) {
        let mut converted = object();
        for (name, response) in responses {
            let at = root.join("components").join("responses").join(name);
            cx.map.record(&at, &root.join("responses").join(name));
            converted.insert(name.clone(), convert_response(response, &document.produces, &at, &root.join("responses").join(name), &mut cx));
        }
        components.insert("responses".to_owned(), Value::Object(converted));
    }
    if let Some(definitions) = raw.get("securityDefinitions").and_then(Value::as_object) {
        let mut schemes = object();
        for (name, definition) in definitions {
            let pointer = root.join("securityDefinitions").join(name);
            cx.map.record(&root.join("components").join("securitySchemes").join(name), &pointer);
            if let Some(scheme) = security_scheme(definition, &pointer, &mut cx) {
                schemes.insert(name.clone(), scheme);
            }
        }
        components.insert("securitySchemes".to_owned(), Value::Object(schemes));
    }
    if !components.is_empty() {
        out.insert("components".to_owned(), Value::Object(components));
    }

    let mut paths = object();
    for (path, item) in raw.get("paths").and_then(Value::as_object).into_iter().flatten() {
        if path.starts_with("x-") {
            paths.insert(path.clone(), item.clone());
            continue;
        }
        let pointer = root.join("paths").join(path);
        paths.insert(path.clone(), convert_path_item(item, &document, &pointer, &mut cx));
    }
    out.insert("paths".to_owned(), Value::Object(paths));

    let mut converted = Value::Object(out);
    fix_info(&mut converted, &mut cx);
    decode_references(&mut converted);
    rewrite_references(&mut converted);
    walk_document(&mut converted, &mut cx);
    cx.finish(converted, raw)
}

/// `host`, `basePath` and `schemes` as 3.0 servers, `https` first.
fn servers(raw: &Value, cx: &mut Context) -> Option<Value> {
    let host = raw.get("host").and_then(Value::as_str);
    let base_path = raw.get("basePath").and_then(Value::as_str).unwrap_or("");
    let base_path = base_path.trim_end_matches('/');
    let mut schemes: Vec<String> =
        raw.get("schemes").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect();
    schemes.retain(|scheme| scheme == "https" || scheme == "http");
    schemes.sort_by_key(|scheme| scheme != "https");
    if schemes.is_empty() {
        // The scheme the document was fetched with, which is unknown here.
        schemes.push("https".to_owned());
    }
    let urls: Vec<String> = match host {
        Some(host) => schemes.iter().map(|scheme| format!("{scheme}://{host}{base_path}")).collect(),
        None if !base_path.is_empty() => vec![base_path.to_owned()],
        None => return None,
    };
    let origin = if host.is_some() { Pointer::root().join("host") } else { Pointer::root().join("basePath") };
    cx.map.record(&Pointer::root().join("servers"), &origin);
    Some(Value::Array(
        urls.into_iter()
            .map(|url| {
                let mut server = object();
                server.insert("url".to_owned(), Value::String(url));
                Value::Object(server)
            })
            .collect(),
    ))
}

/// A `securityDefinitions` entry as a 3.0 security scheme.
fn security_scheme(definition: &Value, pointer: &Pointer, cx: &mut Context) -> Option<Value> {
    let mut scheme = object();
    let kind = definition.get("type").and_then(Value::as_str).unwrap_or_default();
    match kind {
        "basic" => {
            scheme.insert("type".to_owned(), Value::String("http".to_owned()));
            scheme.insert("scheme".to_owned(), Value::String("basic".to_owned()));
        }
        "apiKey" => {
            scheme.insert("type".to_owned(), Value::String("apiKey".to_owned()));
            for key in ["name", "in"] {
                if let Some(value) = definition.get(key) {
                    scheme.insert(key.to_owned(), value.clone());
                }
            }
        }
        "oauth2" => {
            scheme.insert("type".to_owned(), Value::String("oauth2".to_owned()));
            let flow_name = match definition.get("flow").and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                other => {
                    let message = match other {
                        Some(flow) => format!("unknown OAuth2 flow `{flow}`: the scheme is read as the implicit flow"),
                        None => "an OAuth2 scheme without a `flow`: the scheme is read as the implicit flow".to_owned(),
                    };
                    let at = if other.is_some() { pointer.join("flow") } else { pointer.clone() };
                    cx.warn_original(DiagnosticKind::UnknownOAuthFlow, &at, message);
                    "implicit"
                }
            };
            let mut flow = object();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(value) = definition.get(key) {
                    flow.insert(key.to_owned(), value.clone());
                }
            }
            let needs = match flow_name {
                "implicit" => &["authorizationUrl"][..],
                "authorizationCode" => &["authorizationUrl", "tokenUrl"][..],
                _ => &["tokenUrl"][..],
            };
            for key in needs {
                flow.entry(*key).or_insert_with(|| Value::String(String::new()));
            }
            flow.insert("scopes".to_owned(), definition.get("scopes").cloned().unwrap_or_else(|| Value::Object(object())));
            let mut flows = object();
            flows.insert(flow_name.to_owned(), Value::Object(flow));
            scheme.insert("flows".to_owned(), Value::Object(flows));
        }
        other => {
            cx.warn_original(
                DiagnosticKind::UnknownSecuritySchemeType,
                &pointer.join("type"),
                format!("unknown security scheme type `{other}`: the scheme is left out"),
            );
            return None;
        }
    }
    for (key, value) in definition.as_object().into_iter().flatten() {
        if key == "description" || key.starts_with("x-") {
            scheme.insert(key.clone(), value.clone());
        }
    }
    Some(Value::Object(scheme))
}

/// A parameter resolved through `#/parameters/…`, with its place in the 2.0 document.
fn resolve_parameter<'r>(parameter: &'r Value, pointer: &Pointer, raw: &'r Value) -> (&'r Value, Pointer) {
    let target = parameter
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/parameters/"))
        .map(|name| name.replace("~1", "/").replace("~0", "~"));
    match target.and_then(|name| Some((raw.get("parameters")?.get(&name)?, name))) {
        Some((found, name)) => (found, Pointer::root().join("parameters").join(name)),
        None => (parameter, pointer.clone()),
    }
}

fn location(parameter: &Value) -> Option<&str> {
    parameter.get("in").and_then(Value::as_str)
}

fn name(parameter: &Value) -> Option<&str> {
    parameter.get("name").and_then(Value::as_str)
}

fn convert_path_item(item: &Value, document: &Document<'_>, pointer: &Pointer, cx: &mut Context) -> Value {
    let Some(item_object) = item.as_object() else { return item.clone() };
    let mut out = object();
    // The path item's body and form parameters go to each operation's body.
    let mut shared_bodies: Vec<(Value, Pointer)> = Vec::new();
    let mut parameters = Vec::new();
    for (index, parameter) in item_object.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let original = pointer.join("parameters").join(index);
        let (resolved, resolved_pointer) = resolve_parameter(parameter, &original, document.raw);
        if matches!(location(resolved), Some("body" | "formData")) {
            shared_bodies.push((resolved.clone(), resolved_pointer));
            continue;
        }
        let at = pointer.join("parameters").join(parameters.len());
        cx.map.record(&at, &original);
        parameters.push(convert_parameter(parameter, &original, cx));
    }
    if !parameters.is_empty() {
        out.insert("parameters".to_owned(), Value::Array(parameters));
    }
    for (key, value) in item_object {
        if key == "parameters" {
            continue;
        }
        if METHODS.contains(&key.as_str()) {
            out.insert(key.clone(), convert_operation(value, &shared_bodies, document, &pointer.join(key), cx));
        } else {
            out.insert(key.clone(), value.clone());
        }
    }
    Value::Object(out)
}

fn convert_operation(operation: &Value, shared_bodies: &[(Value, Pointer)], document: &Document<'_>, pointer: &Pointer, cx: &mut Context) -> Value {
    let Some(operation_object) = operation.as_object() else { return operation.clone() };
    let consumes = media_types(operation, "consumes", &document.consumes);
    let produces = media_types(operation, "produces", &document.produces);
    let mut out = object();
    let mut parameters = Vec::new();
    let mut body: Option<(Value, Pointer)> = None;
    let mut form: Vec<(Value, Pointer)> = Vec::new();
    // The operation's own body and form parameters replace the path item's
    // of the same name.
    let own: Vec<(Value, Pointer)> = operation_object
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(index, parameter)| {
            let original = pointer.join("parameters").join(index);
            let (resolved, resolved_pointer) = resolve_parameter(parameter, &original, document.raw);
            if matches!(location(resolved), Some("body" | "formData")) {
                (resolved.clone(), resolved_pointer)
            } else {
                (parameter.clone(), original)
            }
        })
        .collect();
    let overridden = |shared: &Value| {
        own.iter().any(|(parameter, _)| name(parameter) == name(shared) && location(parameter) == location(shared))
    };
    for (parameter, original) in shared_bodies.iter().filter(|(shared, _)| !overridden(shared)).cloned().chain(own.iter().cloned()) {
        match location(&parameter) {
            Some("body") => body = Some((parameter, original)),
            Some("formData") => form.push((parameter, original)),
            _ => {
                let at = pointer.join("parameters").join(parameters.len());
                cx.map.record(&at, &original);
                parameters.push(convert_parameter(&parameter, &original, cx));
            }
        }
    }
    for (key, value) in operation_object {
        match key.as_str() {
            "parameters" | "consumes" | "produces" | "schemes" | "responses" => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if !parameters.is_empty() {
        out.insert("parameters".to_owned(), Value::Array(parameters));
    }
    let body_pointer = pointer.join("requestBody");
    if let Some((parameter, original)) = body {
        if !form.is_empty() {
            cx.warn_original(DiagnosticKind::BodyAndFormData, &original, "an operation with both a `body` and `formData` parameters: the form parameters are left out");
        }
        cx.map.record(&body_pointer, &original);
        let schema = parameter.get("schema").cloned().unwrap_or_else(|| Value::Object(object()));
        let mut content = object();
        for media_type in &consumes {
            let mut media = object();
            media.insert("schema".to_owned(), schema.clone());
            content.insert(media_type.clone(), Value::Object(media));
            cx.map.record(&body_pointer.join("content").join(media_type).join("schema"), &original.join("schema"));
        }
        let mut request_body = object();
        if let Some(description) = parameter.get("description") {
            request_body.insert("description".to_owned(), description.clone());
        }
        request_body.insert("required".to_owned(), Value::Bool(parameter.get("required").and_then(Value::as_bool).unwrap_or(false)));
        request_body.insert("content".to_owned(), Value::Object(content));
        for (key, value) in parameter.as_object().into_iter().flatten() {
            if key.starts_with("x-") {
                request_body.insert(key.clone(), value.clone());
            }
        }
        out.insert("requestBody".to_owned(), Value::Object(request_body));
    } else if !form.is_empty() {
        out.insert("requestBody".to_owned(), form_body(&form, &consumes, &body_pointer, cx));
    }
    let mut responses = object();
    for (status, response) in operation_object.get("responses").and_then(Value::as_object).into_iter().flatten() {
        let original = pointer.join("responses").join(status);
        if status.starts_with("x-") {
            responses.insert(status.clone(), response.clone());
            continue;
        }
        responses.insert(status.clone(), convert_response(response, &produces, &original, &original, cx));
    }
    out.insert("responses".to_owned(), Value::Object(responses));
    Value::Object(out)
}

/// `formData` parameters as the properties of one form body: multipart
/// when a parameter is a file or the operation consumes only multipart.
fn form_body(form: &[(Value, Pointer)], consumes: &[String], body_pointer: &Pointer, cx: &mut Context) -> Value {
    let has_file = form.iter().any(|(parameter, _)| parameter.get("type").and_then(Value::as_str) == Some("file"));
    let urlencoded = consumes.iter().any(|media_type| media_type.starts_with("application/x-www-form-urlencoded"));
    let multipart = consumes.iter().any(|media_type| media_type.starts_with("multipart/form-data"));
    let media_type = if has_file || (multipart && !urlencoded) { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
    let schema_pointer = body_pointer.join("content").join(media_type).join("schema");
    let mut properties = object();
    let mut required = Vec::new();
    for (parameter, original) in form {
        let Some(parameter_name) = name(parameter) else { continue };
        let mut schema = parameter_schema(parameter, original, cx);
        if let (Some(description), Some(schema)) = (parameter.get("description"), schema.as_object_mut()) {
            schema.insert("description".to_owned(), description.clone());
        }
        cx.map.record(&schema_pointer.join("properties").join(parameter_name), original);
        properties.insert(parameter_name.to_owned(), schema);
        if parameter.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(Value::String(parameter_name.to_owned()));
        }
    }
    if let Some((_, first)) = form.first() {
        cx.map.record(body_pointer, first);
    }
    let mut schema = object();
    schema.insert("type".to_owned(), Value::String("object".to_owned()));
    schema.insert("properties".to_owned(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".to_owned(), Value::Array(required.clone()));
    }
    let mut media = object();
    media.insert("schema".to_owned(), Value::Object(schema));
    let mut content = object();
    content.insert(media_type.to_owned(), Value::Object(media));
    let mut request_body = object();
    request_body.insert("required".to_owned(), Value::Bool(!required.is_empty()));
    request_body.insert("content".to_owned(), Value::Object(content));
    Value::Object(request_body)
}

/// The 3.0 schema of a non-body parameter, an `items` or a header: its
/// schema keywords, and its `items` likewise.
fn parameter_schema(parameter: &Value, original: &Pointer, cx: &mut Context) -> Value {
    let mut schema = object();
    for key in SCHEMA_FIELDS {
        if let Some(value) = parameter.get(*key) {
            let value = if *key == "items" { parameter_schema(value, &original.join("items"), cx) } else { value.clone() };
            schema.insert((*key).to_owned(), value);
        }
    }
    for (key, value) in parameter.as_object().into_iter().flatten() {
        if key.starts_with("x-") && key != "x-nullable" && key != "x-example" {
            schema.insert(key.clone(), value.clone());
        }
    }
    if let Some(items) = parameter.get("items") {
        let nested = items.get("collectionFormat").and_then(Value::as_str).is_some_and(|format| format != "csv");
        if nested {
            cx.warn_original(DiagnosticKind::CollectionFormat, &original.join("items").join("collectionFormat"), "a `collectionFormat` of nested arrays has no OpenAPI 3.0 form: the inner arrays are written comma-separated");
        }
    }
    Value::Object(schema)
}

/// A non-body parameter (at `original` in the 2.0 document): its schema
/// keywords become its `schema`, its `collectionFormat` its `style` and
/// `explode`.
fn convert_parameter(parameter: &Value, original: &Pointer, cx: &mut Context) -> Value {
    let Some(fields) = parameter.as_object() else { return parameter.clone() };
    if fields.contains_key("$ref") {
        return parameter.clone();
    }
    let mut out = object();
    for key in ["name", "in", "description", "required", "deprecated", "allowEmptyValue"] {
        if let Some(value) = fields.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    for (key, value) in fields {
        if key.starts_with("x-") && key != "x-example" && key != "x-nullable" {
            out.insert(key.clone(), value.clone());
        }
    }
    if let Some(example) = fields.get("x-example") {
        out.insert("example".to_owned(), example.clone());
    }
    let place = location(parameter).unwrap_or_default().to_owned();
    if place == "path" {
        out.insert("required".to_owned(), Value::Bool(true));
    }
    out.insert("schema".to_owned(), parameter_schema(parameter, original, cx));
    let is_array = fields.get("type").and_then(Value::as_str) == Some("array");
    if is_array {
        let format = fields.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
        let (style, explode) = match (format, place.as_str()) {
            ("csv", "query" | "cookie") => ("form", false),
            ("csv", _) => ("simple", false),
            ("multi", "query") => ("form", true),
            ("ssv", "query") => ("spaceDelimited", false),
            ("pipes", "query") => ("pipeDelimited", false),
            (other, _) => {
                cx.warn_original(
                    DiagnosticKind::CollectionFormat,
                    &original.join("collectionFormat"),
                    format!("`collectionFormat: {other}` has no OpenAPI 3.0 form in a {place} parameter: the values are written comma-separated"),
                );
                if place == "query" {
                    ("form", false)
                } else {
                    ("simple", false)
                }
            }
        };
        out.insert("style".to_owned(), Value::String(style.to_owned()));
        out.insert("explode".to_owned(), Value::Bool(explode));
    }
    Value::Object(out)
}

/// A response: its schema gets one media type per `produces`, its
/// `examples` go with their media types, its headers get schemas.
fn convert_response(response: &Value, produces: &[String], at: &Pointer, original: &Pointer, cx: &mut Context) -> Value {
    let Some(fields) = response.as_object() else { return response.clone() };
    if fields.contains_key("$ref") {
        return response.clone();
    }
    let mut out = object();
    out.insert("description".to_owned(), fields.get("description").cloned().unwrap_or_else(|| Value::String(String::new())));
    for (key, value) in fields {
        if key.starts_with("x-") {
            out.insert(key.clone(), value.clone());
        }
    }
    if let Some(headers) = fields.get("headers").and_then(Value::as_object) {
        let mut converted = object();
        for (name, header) in headers {
            let header_original = original.join("headers").join(name);
            let header_at = at.join("headers").join(name);
            cx.map.record(&header_at.join("schema"), &header_original);
            let mut out_header = object();
            if let Some(description) = header.get("description") {
                out_header.insert("description".to_owned(), description.clone());
            }
            out_header.insert("schema".to_owned(), parameter_schema(header, &header_original, cx));
            converted.insert(name.clone(), Value::Object(out_header));
        }
        out.insert("headers".to_owned(), Value::Object(converted));
    }
    if let Some(schema) = fields.get("schema") {
        let examples = fields.get("examples").and_then(Value::as_object);
        let mut content = object();
        let is_file = schema.get("type").and_then(Value::as_str) == Some("file");
        // A file is bytes, whatever JSON the operation otherwise produces.
        let mut media_types: Vec<String> =
            produces.iter().filter(|media_type| !is_file || !super::is_json_media_type(media_type)).cloned().collect();
        if media_types.is_empty() {
            media_types.push(if is_file { "application/octet-stream".to_owned() } else { "application/json".to_owned() });
        }
        for media_type in media_types {
            let mut media = object();
            media.insert("schema".to_owned(), schema.clone());
            if let Some(example) = examples.and_then(|examples| examples.get(&media_type)) {
                media.insert("example".to_owned(), example.clone());
            }
            cx.map.record(&at.join("content").join(&media_type).join("schema"), &original.join("schema"));
            content.insert(media_type, Value::Object(media));
        }
        out.insert("content".to_owned(), Value::Object(content));
    }
    Value::Object(out)
}

/// `#/definitions/…`, `#/parameters/…` and `#/responses/…` point under
/// `components` now.
fn rewrite_references(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                for (from, to) in [
                    ("#/definitions/", "#/components/schemas/"),
                    ("#/parameters/", "#/components/parameters/"),
                    ("#/responses/", "#/components/responses/"),
                ] {
                    if let Some(rest) = reference.strip_prefix(from) {
                        *reference = format!("{to}{rest}");
                        break;
                    }
                }
            }
            for child in object.values_mut() {
                rewrite_references(child);
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite_references(item);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_petstore_converts() {
        let raw = json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "host": "api.example.com",
            "basePath": "/v1",
            "schemes": ["http", "https"],
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "securityDefinitions": {"key": {"type": "apiKey", "name": "k", "in": "header"}},
            "paths": {"/pets/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "integer"}],
                "post": {
                    "parameters": [
                        {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"},
                        {"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}
                    ],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}
                }
            }},
            "definitions": {"Pet": {"type": "object", "properties": {"name": {"type": "string", "x-nullable": true}}}}
        });
        let converted = convert(&raw);
        let value = converted.value;
        assert_eq!(value["servers"], json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}]));
        assert_eq!(value.pointer("/paths/~1pets~1{id}/post/parameters/0/style"), Some(&json!("pipeDelimited")));
        assert_eq!(
            value.pointer("/paths/~1pets~1{id}/post/requestBody/content/application~1json/schema/$ref"),
            Some(&json!("#/components/schemas/Pet"))
        );
        assert_eq!(value.pointer("/components/schemas/Pet/properties/name/nullable"), Some(&json!(true)));
        assert_eq!(value.pointer("/components/securitySchemes/key/in"), Some(&json!("header")));
        let original = converted.map.original(
            &Pointer::from_fragment("#/paths/~1pets~1{id}/post/requestBody/content/application~1json/schema").unwrap(),
            &raw,
        );
        assert_eq!(original.to_string(), "#/paths/~1pets~1{id}/post/parameters/1/schema");
    }

    #[test]
    fn form_parameters_are_one_body() {
        let raw = json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/upload": {"post": {
                "consumes": ["multipart/form-data"],
                "parameters": [
                    {"name": "file", "in": "formData", "type": "file", "required": true},
                    {"name": "note", "in": "formData", "type": "string"}
                ],
                "responses": {"204": {"description": "done"}}
            }}}
        });
        let value = convert(&raw).value;
        let schema = value.pointer("/paths/~1upload/post/requestBody/content/multipart~1form-data/schema").unwrap();
        assert_eq!(schema["properties"]["file"], json!({"type": "string", "format": "binary"}));
        assert_eq!(schema["required"], json!(["file"]));
    }
}
