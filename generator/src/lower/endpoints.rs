//! Lowering the operations of `paths` into endpoints.
//!
//! Every operation is an endpoint of its own, sent with its own HTTP method,
//! unless the spec says as data that operations of one path are aliases of
//! one endpoint (see [`alias_key`]): some APIs list every path under POST
//! and most also under GET, PATCH, PUT or DELETE, marking the aliases with
//! the same group and method extensions (which the settings name). An endpoint of
//! aliases sends its requests with the first of POST, PUT, PATCH, DELETE,
//! GET and the rest that it has (POST carries a JSON body), and documents
//! the others.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use openapiv3::{
    Operation, Parameter, ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle, ReferenceOr, RequestBody, Response,
    StatusCode,
};

use super::samples;
use super::view::Node;
use super::{apply_extensions, Lowering};
use crate::diagnostics::{DiagnosticKind, Pointer};
use crate::ir::{
    BodyEncoding, Docs, Endpoint, ErrorAnswer, ErrorStatus, Field, HttpMethod, ParameterLocation, ParameterStyle, PathPart,
    RequestBody as IrRequestBody, TypeRef,
};
use crate::naming::{self, Namespace, RustName, Word};

/// The operations of one path that are aliases of one endpoint, with the
/// key that makes them so (`None`: an endpoint of its own).
type AliasGroup<'s> = (Option<String>, Vec<(HttpMethod, &'s Operation)>);

/// HTTP methods in the order an endpoint prefers them for its requests.
const METHOD_PREFERENCE: &[HttpMethod] = &[
    HttpMethod::Post,
    HttpMethod::Put,
    HttpMethod::Patch,
    HttpMethod::Delete,
    HttpMethod::Get,
    HttpMethod::Head,
    HttpMethod::Options,
    HttpMethod::Trace,
];

/// The media type without its parameters, in lower case: `text/plain`.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether a media type is JSON (`application/json`, `application/problem+json`, …).
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// How a body of `media_type` is carried.
pub(crate) fn encoding(media_type: &str) -> BodyEncoding {
    let essence = essence(media_type);
    if is_json(&essence) {
        BodyEncoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence == "multipart/form-data" {
        BodyEncoding::Multipart
    } else if essence.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Bytes
    }
}

/// Of the media types a body may have, the one the generated code uses:
/// the first of JSON, form, multipart, text, then anything else.
fn preferred_media_type<'m, T>(content: impl Iterator<Item = (&'m String, T)>) -> Option<(&'m String, T)> {
    let rank = |media_type: &str| match encoding(media_type) {
        BodyEncoding::Json => 0,
        BodyEncoding::Form => 1,
        BodyEncoding::Multipart => 2,
        BodyEncoding::Text => 3,
        BodyEncoding::Bytes => 4,
    };
    content.enumerate().min_by_key(|(index, (media_type, _))| (rank(media_type), *index)).map(|(_, found)| found)
}

fn string_list(value: Option<&serde_json::Value>) -> Option<Vec<String>> {
    match value? {
        serde_json::Value::String(text) => Some(vec![text.clone()]),
        serde_json::Value::Array(items) => items.iter().map(|item| item.as_str().map(str::to_owned)).collect(),
        _ => None,
    }
}

/// The value of the extension `name` (when the settings name one) of `operation`.
fn extension<'o>(operation: &'o Operation, name: Option<&str>) -> Option<&'o serde_json::Value> {
    operation.extensions.get(name?)
}

/// The key that is the same for all aliases of one endpoint, when the spec
/// says as data that operations are aliases: operations of one path that
/// share the group and method extensions `extensions` names. Operations
/// without them are endpoints of their own: aliases are never guessed from
/// the text of `operationId`s.
fn alias_key(operation: &Operation, extensions: &crate::ExtensionSettings) -> Option<String> {
    let group = string_list(extension(operation, extensions.group.as_deref()))?;
    let name = extension(operation, extensions.method.as_deref()).and_then(serde_json::Value::as_str)?;
    Some(format!("{}.{name}", group.join(".")))
}

/// The names of the placeholders of a path template, in order and each
/// once: `/pets/{id}/toys/{toy}` has `id` and `toy`. A `{` without a
/// closing `}` starts no placeholder (emission reads the path the same way).
/// The parts of `path`: its text, and each placeholder as the index of the
/// path parameter of `parameters` it names. Lowering declares a parameter
/// for every placeholder, so none is left as text; an unclosed `{` is.
fn path_template(path: &str, parameters: &[crate::ir::Parameter]) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some((before, after_open)) = rest.split_once('{') {
        let Some((name, after_close)) = after_open.split_once('}') else { break };
        if !before.is_empty() {
            parts.push(PathPart::Literal(before.to_owned()));
        }
        let index = parameters
            .iter()
            .position(|parameter| parameter.location == ParameterLocation::Path && parameter.field.json_name == name);
        parts.push(match index {
            Some(index) => PathPart::Parameter(index),
            None => PathPart::Literal(format!("{{{name}}}")),
        });
        rest = after_close;
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

fn path_placeholders(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some((_, after_open)) = rest.split_once('{') {
        let Some((name, after_close)) = after_open.split_once('}') else { break };
        if !names.contains(&name) {
            names.push(name);
        }
        rest = after_close;
    }
    names
}

/// The name of an endpoint within its group, from its `operationId`: the
/// words of the group it begins with are left out (`orgs/get` in `orgs`:
/// `get`; `petsList` in `pets`: `list`), unless nothing would be left.
fn method_name_from_operation_id(operation_id: &str, group: &[String]) -> String {
    let words: Vec<String> = operation_id.to_snake_case().split('_').filter(|word| !word.is_empty()).map(str::to_owned).collect();
    let group_words: Vec<String> = group
        .iter()
        .flat_map(|part| part.to_snake_case().split('_').filter(|word| !word.is_empty()).map(str::to_owned).collect::<Vec<_>>())
        .collect();
    match words.strip_prefix(group_words.as_slice()) {
        Some(rest) if !rest.is_empty() && !group_words.is_empty() => rest.join("_"),
        _ => words.join("_"),
    }
}

impl<'s> Lowering<'s, '_> {
    pub(super) fn lower_endpoints(&mut self) -> Vec<Endpoint> {
        let mut endpoints = Vec::new();
        let mut endpoint_names = Namespace::default();
        let paths_pointer = Pointer::root().join("paths");
        for (path, item) in &self.spec.document.paths.paths {
            let item_pointer = paths_pointer.join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    // Another path item of this document; external files are not read.
                    let target = reference
                        .strip_prefix("#/paths/")
                        .map(|path| path.replace("~1", "/").replace("~0", "~"))
                        .and_then(|path| self.spec.document.paths.paths.get(&path)?.as_item());
                    match target {
                        Some(item) => item,
                        None => {
                            let message = if reference.starts_with('#') {
                                format!("`$ref: {reference}` points at no path item of this document")
                            } else {
                                format!("`$ref: {reference}` points outside the spec's files: a URL is never fetched (the generator does not go to the network)")
                            };
                            let kind = if reference.starts_with('#') { DiagnosticKind::DanglingRef } else { DiagnosticKind::ExternalRef };
                            self.diagnostics.report(kind, &item_pointer, message);
                            continue;
                        }
                    }
                }
            };
            // Group the operations of the path into endpoints, keeping the spec's order.
            let mut groups: Vec<AliasGroup<'s>> = Vec::new();
            for (key, operation) in item.iter() {
                // `openapiv3` yields only the keys of HTTP methods.
                let Some(method) = HttpMethod::from_key(key) else { continue };
                let key = alias_key(operation, self.extensions);
                match groups.iter_mut().find(|(existing, _)| key.is_some() && *existing == key) {
                    Some((_, members)) => members.push((method, operation)),
                    None => groups.push((key, vec![(method, operation)])),
                }
            }
            for (_, mut members) in groups {
                members.sort_by_key(|(method, _)| METHOD_PREFERENCE.iter().position(|preferred| preferred == method));
                let Some(&(method, operation)) = members.first() else { continue };
                let aliases = members.iter().skip(1).map(|(method, _)| *method).collect();
                let pointer = item_pointer.join(HttpMethod::as_str(method).to_ascii_lowercase());
                let endpoint = self.lower_endpoint(path, item, method, operation, aliases, &pointer, &mut endpoint_names);
                endpoints.push(endpoint);
            }
        }
        endpoints
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_endpoint(
        &mut self,
        path: &'s str,
        item: &'s PathItem,
        method: HttpMethod,
        operation: &'s Operation,
        aliases: Vec<HttpMethod>,
        pointer: &Pointer,
        endpoint_names: &mut Namespace,
    ) -> Endpoint {
        let literal_segments: Vec<&str> =
            path.split('/').filter(|segment| !segment.is_empty() && !segment.starts_with('{')).collect();
        let group = string_list(extension(operation, self.extensions.group.as_deref()))
            .or_else(|| operation.tags.first().map(|tag| vec![tag.trim_start_matches('/').to_owned()]))
            .or_else(|| literal_segments.first().map(|segment| vec![(*segment).to_owned()]))
            .unwrap_or_default();
        // The group's words as the crate spells them, decided once: tags
        // `PETS` and `pets` are one group, with one Cargo feature.
        let group: Vec<String> = group.iter().map(|word| naming::field_name(word).into()).collect();
        let name = extension(operation, self.extensions.method.as_deref())
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
            .or_else(|| operation.operation_id.as_deref().map(|id| method_name_from_operation_id(id, &group)))
            .unwrap_or_else(|| format!("{} {}", HttpMethod::as_str(method).to_ascii_lowercase(), literal_segments.join(" ")));
        // Names of the endpoint's types: `connected_accounts update request`;
        // a method named as its group says it once (`login login` is `login`).
        let method_words = if group.last().is_some_and(|last| naming::field_name(&name) == *last) { "" } else { name.as_str() };
        let unique = endpoint_names.claim(&naming::field_name(&format!("{} {method_words}", group.join(" "))), "_");
        let words: Vec<Word> = vec![Word::Operation { group: group.clone(), name: unique.into() }];

        // A title extension is a human title where `summary` only repeats the path.
        let title = extension(operation, self.extensions.title.as_deref())
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
            .or_else(|| operation.summary.clone().filter(|summary| summary.trim() != path));
        let mut docs = Docs {
            title,
            description: operation.description.clone(),
            ..Docs::default()
        };
        apply_extensions(&mut docs, self.extensions, operation.deprecated, |name| operation.extensions.get(name));

        let parameters = self.lower_parameters(path, item, operation, pointer, &words);
        let parameters_type = if parameters.is_empty() {
            None
        } else {
            let mut parameters_words = words.clone();
            parameters_words.push(Word::from("parameters"));
            // A path and a query parameter may share a name; the struct's
            // serde names must not (the wire names are the parameters' own).
            let mut serde_names = Namespace::default();
            let fields = parameters
                .iter()
                .map(|parameter| {
                    let mut field = parameter.field.clone();
                    field.json_name = serde_names.claim_text(&field.json_name, "_");
                    field
                })
                .collect();
            // Described by `type_docs`, which knows the method that takes it.
            let docs = Docs::default();
            let body = crate::ir::Struct { fields, flattened: Vec::new(), additional: None };
            match self.define(None, &parameters_words, pointer, docs, crate::ir::TypeKind::Struct(body)) {
                TypeRef::Named(id) => Some(id),
                _ => None,
            }
        };
        let body = operation.request_body.as_ref().and_then(|body| self.lower_request_body(body, pointer, &words));
        let success = self.lower_response(operation, pointer, &words);
        let errors = self.lower_error_answers(operation, pointer, &words);
        let answers = (!success.answers.is_empty()).then(|| {
            let mut variant_names = Namespace::default();
            let variants = success
                .answers
                .iter()
                .map(|(status, ty, encoding, description)| crate::ir::SuccessAnswer {
                    status: *status,
                    variant: variant_names.claim(&naming::variant_name(&naming::status_meaning(*status)), ""),
                    ty: ty.clone(),
                    encoding: *encoding,
                    description: description.clone(),
                })
                .collect();
            let mut answer_words = words.clone();
            answer_words.push(Word::from("answer"));
            crate::ir::SuccessAnswers { words: answer_words, name: RustName::default(), variants }
        });
        let (response, response_encoding, response_media_type) = match success.body {
            Some((ty, encoding, media_type)) => (Some(ty), encoding, Some(media_type)),
            None => (None, BodyEncoding::Json, None),
        };
        let response_key =
            extension(operation, self.extensions.response_key.as_deref()).and_then(serde_json::Value::as_str).map(str::to_owned);
        let extensions: BTreeMap<String, serde_json::Value> =
            operation.extensions.iter().map(|(key, value)| (key.clone(), value.clone())).collect();
        // Safe to send again: an idempotent method, or an alias of one (an
        // endpoint the spec also serves as GET or DELETE, say).
        let idempotent = method.is_idempotent() || aliases.iter().any(|alias| alias.is_idempotent());
        let security = self.lower_operation_security(operation, pointer);
        Endpoint {
            pointer: pointer.clone(),
            path: path.to_owned(),
            path_template: path_template(path, &parameters),
            method,
            aliases,
            idempotent,
            declares_success: operation
                .responses
                .responses
                .keys()
                .any(|status| matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))),
            success_may_be_empty: response.is_some() && success.may_be_empty,
            group,
            name,
            docs,
            parameters,
            parameters_type,
            body,
            response,
            response_encoding,
            response_media_type,
            response_key,
            response_headers: success.headers,
            returns: crate::ir::Returns::Body,
            waits: false,
            paging: None,
            answers,
            errors,
            extensions,
            security,
        }
    }

    /// The parameters of an operation: the path item's and its own, then
    /// one required `String` for each placeholder of `path` that none of
    /// them declares (with a warning), so that every placeholder is filled.
    /// A path parameter without a placeholder is left out (with a warning):
    /// it could not be sent.
    fn lower_parameters(
        &mut self,
        path: &str,
        item: &'s PathItem,
        operation: &'s Operation,
        pointer: &Pointer,
        words: &[Word],
    ) -> Vec<crate::ir::Parameter> {
        let path_pointer = pointer.clone();
        let item_parameters = item.parameters.iter().enumerate().map(|(index, parameter)| (parameter, index, true));
        let operation_parameters =
            operation.parameters.iter().enumerate().map(|(index, parameter)| (parameter, index, false));
        let mut resolved: Vec<(&'s Parameter, Pointer)> = Vec::new();
        // A parameter whose `$ref` points nowhere (an error already) may be
        // the one a placeholder names: no placeholder is then undeclared.
        let mut unresolved = false;
        for (parameter, index, from_item) in item_parameters.chain(operation_parameters) {
            let parameter_pointer = if from_item {
                // The path item's own parameters sit one level up.
                let mut segments: Vec<String> = path_pointer.segments().collect();
                segments.pop();
                segments.iter().fold(Pointer::root(), |pointer, segment| pointer.join(segment)).join("parameters").join(index)
            } else {
                path_pointer.join("parameters").join(index)
            };
            let resolved_parameter = self.resolve(
                parameter,
                parameter_pointer.clone(),
                "parameters",
                |components, name| components.parameters.get(name),
                |local| &local.parameters,
                "parameter",
            );
            let Some((parameter, _)) = resolved_parameter else {
                unresolved = true;
                continue;
            };
            let data = parameter.parameter_data_ref();
            // An operation's parameter replaces the path item's one of the same name and place.
            resolved.retain(|(existing, _)| {
                let existing_data = existing.parameter_data_ref();
                !(existing_data.name == data.name && std::mem::discriminant(*existing) == std::mem::discriminant(parameter))
            });
            resolved.push((parameter, parameter_pointer));
        }
        let placeholders = path_placeholders(path);
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (parameter, parameter_pointer) in resolved {
            let (location, style) = match parameter {
                Parameter::Path { style, parameter_data } => {
                    let explode = parameter_data.explode.unwrap_or(false);
                    let style = match style {
                        PathStyle::Simple => ParameterStyle::Simple,
                        PathStyle::Label => ParameterStyle::Label { explode },
                        PathStyle::Matrix => ParameterStyle::Matrix { explode },
                    };
                    (ParameterLocation::Path, style)
                }
                Parameter::Query { style, parameter_data, .. } => {
                    let explode = parameter_data.explode.unwrap_or(matches!(style, QueryStyle::Form));
                    let style = match style {
                        QueryStyle::Form if explode => ParameterStyle::FormExploded,
                        QueryStyle::Form => ParameterStyle::Form,
                        QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
                        QueryStyle::DeepObject => ParameterStyle::DeepObject,
                    };
                    (ParameterLocation::Query, style)
                }
                Parameter::Header { .. } => (ParameterLocation::Header, ParameterStyle::Simple),
                Parameter::Cookie { .. } => (ParameterLocation::Cookie, ParameterStyle::Form),
            };
            let data = parameter.parameter_data_ref();
            if location == ParameterLocation::Path && !placeholders.contains(&data.name.as_str()) {
                let message = format!("the path `{path}` has no `{{{}}}` placeholder: this path parameter is left out", data.name);
                self.diagnostics.report(DiagnosticKind::UnusedPathParameter, &parameter_pointer, message);
                continue;
            }
            let mut parameter_words = words.to_vec();
            parameter_words.push(Word::Text(data.name.clone()));
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.lower_node(Node::of(schema), &parameter_pointer.join("schema"), &parameter_words)
                }
                ParameterSchemaOrContent::Content(_) => {
                    let message = "a parameter given by `content` is sent as a JSON string of any value";
                    self.diagnostics.report(DiagnosticKind::ContentParameter, &parameter_pointer, message);
                    TypeRef::Json
                }
            };
            let style = match &data.format {
                ParameterSchemaOrContent::Content(_) => ParameterStyle::Json,
                ParameterSchemaOrContent::Schema(_) => style,
            };
            let mut docs = Docs { description: data.description.clone(), ..Docs::default() };
            apply_extensions(&mut docs, self.extensions, data.deprecated.unwrap_or(false), |name| data.extensions.get(name));
            let required = data.required || location == ParameterLocation::Path;
            let sample = required.then(|| self.parameter_sample(data)).flatten();
            out.push(crate::ir::Parameter {
                location,
                style,
                sample,
                field: Field {
                    name: names.claim(&naming::field_name(&data.name), "_"),
                    json_name: data.name.clone(),
                    ty,
                    required,
                    docs,
                },
            });
        }
        let undeclared = if unresolved { Vec::new() } else { placeholders };
        for placeholder in undeclared {
            let declared = out
                .iter()
                .any(|parameter| parameter.location == ParameterLocation::Path && parameter.field.json_name == placeholder);
            if declared {
                continue;
            }
            let message = format!(
                "the path has a `{{{placeholder}}}` placeholder that no path parameter of this operation declares: \
                 the method takes it as a required `String` path parameter"
            );
            self.diagnostics.report(DiagnosticKind::UndeclaredPathParameter, pointer, message);
            let description = format!("The `{{{placeholder}}}` segment of the path (the spec declares no parameter for it).");
            out.push(crate::ir::Parameter {
                location: ParameterLocation::Path,
                style: ParameterStyle::Simple,
                sample: samples::parameter_sample(&serde_json::json!({"type": "string"}), &self.spec.raw),
                field: Field {
                    name: names.claim(&naming::field_name(placeholder), "_"),
                    json_name: placeholder.to_owned(),
                    ty: TypeRef::String,
                    required: true,
                    docs: Docs { description: Some(description), ..Docs::default() },
                },
            });
        }
        out
    }

    /// A value the spec accepts for a parameter: its example, or one made
    /// from its schema (or the schema of its one media type).
    fn parameter_sample(&self, data: &openapiv3::ParameterData) -> Option<serde_json::Value> {
        let data = serde_json::to_value(data).ok()?;
        samples::given_example(&data, &self.spec.raw).or_else(|| {
            let schema = data.get("schema").or_else(|| data.get("content")?.as_object()?.values().next()?.get("schema"))?;
            samples::parameter_sample(schema, &self.spec.raw)
        })
    }

    /// `object` itself, or what its `$ref` points at, with its place: a
    /// component of `section` (`#/components/parameters/…`, the name
    /// escaped as a JSON pointer), or any other place of the document read
    /// as an object of that kind (`spec.local`). A `$ref` that points at no
    /// such object is a located error naming `kind`.
    fn resolve<T>(
        &mut self,
        object: &'s ReferenceOr<T>,
        pointer: Pointer,
        section: &str,
        component: fn(&'s openapiv3::Components, &str) -> Option<&'s ReferenceOr<T>>,
        local: fn(&'s crate::LocalTargets) -> &'s BTreeMap<String, T>,
        kind: &str,
    ) -> Option<(&'s T, Pointer)> {
        let reference = match object {
            ReferenceOr::Item(object) => return Some((object, pointer)),
            ReferenceOr::Reference { reference } => reference,
        };
        let spec = self.spec;
        let found = match reference.strip_prefix(&format!("#/components/{section}/")) {
            Some(name) => {
                let name = name.replace("~1", "/").replace("~0", "~");
                spec.document.components.as_ref().and_then(|components| component(components, &name)?.as_item())
            }
            None => local(&spec.local).get(reference),
        };
        match (found, Pointer::from_fragment(reference)) {
            (Some(object), Some(target)) => Some((object, target)),
            _ => {
                self.diagnostics.report(DiagnosticKind::DanglingRef, &pointer, format!("`$ref: {reference}` points at no {kind}"));
                None
            }
        }
    }

    fn lower_request_body(
        &mut self,
        body: &'s ReferenceOr<RequestBody>,
        pointer: &Pointer,
        words: &[Word],
    ) -> Option<IrRequestBody> {
        let (body, body_pointer) = self.resolve(
            body,
            pointer.join("requestBody"),
            "requestBodies",
            |components, name| components.request_bodies.get(name),
            |local| &local.request_bodies,
            "request body",
        )?;
        let (content_type, media) = preferred_media_type(body.content.iter())?;
        let media_pointer = body_pointer.join("content").join(content_type);
        let mut body_words = words.to_vec();
        body_words.push(Word::from("request"));
        let encoding = encoding(content_type);
        let ty = match (encoding, &media.schema) {
            (BodyEncoding::Text, _) => TypeRef::String,
            (BodyEncoding::Bytes, _) => TypeRef::Bytes,
            (BodyEncoding::Json, Some(schema)) => {
                self.lower_own_type(Node::of(schema), &media_pointer.join("schema"), &body_words)
            }
            (BodyEncoding::Json, None) => TypeRef::Json,
            (BodyEncoding::Form | BodyEncoding::Multipart, schema) => {
                let ty = match schema {
                    Some(schema) => self.lower_own_type(Node::of(schema), &media_pointer.join("schema"), &body_words),
                    None => TypeRef::Json,
                };
                if encoding == BodyEncoding::Multipart {
                    self.use_uploads(&ty, &media_pointer);
                }
                if !self.is_object_type(&ty) {
                    self.diagnostics.report(
                        DiagnosticKind::UntypedFormBody,
                        &media_pointer,
                        format!("a `{content_type}` body that is not an object of known properties is sent as a JSON object of any properties"),
                    );
                    TypeRef::JsonObject
                } else {
                    ty
                }
            }
        };
        let sample = serde_json::to_value(media).ok().and_then(|media| {
            samples::given_example(&media, &self.spec.raw)
                .or_else(|| samples::sample(media.get("schema").unwrap_or(&serde_json::Value::Bool(true)), &self.spec.raw))
        });
        Some(IrRequestBody { content_type: content_type.clone(), encoding, ty, required: body.required, sample })
    }

    /// Makes the binary properties (`format: binary`, or a list of them) of
    /// the inline object schema of the multipart body at `media_pointer`,
    /// lowered as `ty`, fields of [`TypeRef::Upload`], sent as files, and
    /// marks the struct a multipart body. The properties of a component
    /// schema stay strings, with a warning: the component may be used
    /// elsewhere, as JSON.
    fn use_uploads(&mut self, ty: &TypeRef, media_pointer: &Pointer) {
        let raw = &self.spec.raw;
        let schema = raw.pointer(media_pointer.join("schema").as_json_pointer());
        let binary = binary_properties(schema);
        let TypeRef::Named(id) = ty else { return };
        let Some(def) = self.types.get_mut(id) else { return };
        let (crate::ir::TypeOrigin::Inline(_), crate::ir::TypeKind::Struct(body)) = (&def.origin, &mut def.kind) else {
            let is_component_struct = matches!(def.kind, crate::ir::TypeKind::Struct(_));
            let component = schema
                .and_then(|schema| schema.get("$ref"))
                .and_then(serde_json::Value::as_str)
                .and_then(|reference| reference.strip_prefix('#'))
                .and_then(|pointer| raw.pointer(pointer));
            if is_component_struct && !binary_properties(component).is_empty() {
                self.diagnostics.report(
                    DiagnosticKind::BinaryMultipartPart,
                    media_pointer,
                    "binary parts (`format: binary`) of a multipart body given by a component schema are `String`s sent as text (the component may be JSON elsewhere): files that are not UTF-8 cannot be sent; an inline schema sends them as bytes",
                );
            }
            if is_component_struct {
                self.multipart_bodies.insert(*id);
            }
            return;
        };
        for field in body.fields.iter_mut().filter(|field| binary.contains(&field.json_name)) {
            field.ty = match &field.ty {
                TypeRef::String => TypeRef::Upload,
                TypeRef::List(item) if **item == TypeRef::String => TypeRef::List(Box::new(TypeRef::Upload)),
                TypeRef::Nullable(inner) if **inner == TypeRef::String => TypeRef::Nullable(Box::new(TypeRef::Upload)),
                other => other.clone(),
            };
        }
        self.multipart_bodies.insert(*id);
    }

    /// Whether `ty` is a struct (a type with named properties).
    fn is_object_type(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(id) => {
                matches!(self.types.get(id).map(|def| &def.kind), Some(crate::ir::TypeKind::Struct(_)))
            }
            _ => false,
        }
    }

    /// The response of the operation at `pointer` under the status `key`
    /// (`200`, `4XX`, `default`), its `$ref` followed, with where it is.
    fn resolve_response(
        &mut self,
        response: &'s ReferenceOr<Response>,
        pointer: &Pointer,
        key: &str,
    ) -> Option<(&'s Response, Pointer)> {
        let response_pointer = pointer.join("responses").join(key);
        self.resolve(
            response,
            response_pointer,
            "responses",
            |components, name| components.responses.get(name),
            |local| &local.responses,
            "response",
        )
    }

    /// The successful answers of `operation`: the body of the first 2xx
    /// that declares one (`204` and `205`, which HTTP gives no body, never
    /// do: their content is ignored with a warning), whether another 2xx
    /// comes without a body, and, when 2xx answers declare different
    /// bodies, each of them, for the enum the method returns.
    fn lower_response(&mut self, operation: &'s Operation, pointer: &Pointer, words: &[Word]) -> Success {
        let responses = &operation.responses.responses;
        let successes = responses
            .iter()
            .filter(|(status, _)| matches!(status, StatusCode::Code(200..=299)))
            .chain(responses.iter().filter(|(status, _)| matches!(status, StatusCode::Range(2))));
        let mut success = Success { body: None, may_be_empty: false, answers: Vec::new(), headers: Vec::new() };
        // The answers with a body: status, the response, where it is.
        let mut with_body: Vec<(&StatusCode, &'s Response, Pointer)> = Vec::new();
        for (status, response) in successes {
            let Some((response, response_pointer)) = self.resolve_response(response, pointer, &status.to_string()) else { continue };
            for name in response.headers.keys() {
                let name = name.to_ascii_lowercase();
                if !success.headers.contains(&name) {
                    success.headers.push(name);
                }
            }
            let no_content = matches!(status, StatusCode::Code(204 | 205));
            if no_content && !response.content.is_empty() {
                let message = format!("a `{status}` answer has no body in HTTP: the content it declares is ignored");
                self.diagnostics.report(DiagnosticKind::ContentOnNoContent, &response_pointer.join("content"), message);
            }
            if no_content || response.content.is_empty() {
                success.may_be_empty = true;
            } else {
                with_body.push((status, response, response_pointer));
            }
        }
        let Some(((_, first, first_pointer), others)) = with_body.split_first() else { return success };
        success.body = self.lower_response_body(first, first_pointer, words);
        let first_schema = response_schema(first);
        if others.iter().all(|(_, response, _)| response_schema(response) == first_schema) {
            return success;
        }
        // Bodies declared differently: each answer is a variant of its own.
        for (index, (status, response, response_pointer)) in with_body.iter().enumerate() {
            let body = if index == 0 {
                success.body.clone()
            } else {
                let mut answer_words = words.to_vec();
                answer_words.push(Word::Text(status.to_string().to_ascii_lowercase()));
                self.lower_response_body(response, response_pointer, &answer_words)
            };
            let Some((ty, encoding, _)) = body else { continue };
            let code = match status {
                StatusCode::Code(code) => Some(*code),
                StatusCode::Range(_) => None,
            };
            success.answers.push((code, ty, encoding, Some(response.description.clone()).filter(|text| !text.trim().is_empty())));
        }
        success
    }

    /// The error answers of `operation` (4xx and 5xx statuses, classes of
    /// them and `default`) that declare a JSON body whose type is named,
    /// most specific status first. Other bodies are kept as the API
    /// error's text.
    fn lower_error_answers(&mut self, operation: &'s Operation, pointer: &Pointer, words: &[Word]) -> Vec<ErrorAnswer> {
        let responses = &operation.responses;
        let declared = responses
            .responses
            .iter()
            .filter_map(|(status, response)| {
                let status_of = match status {
                    StatusCode::Code(code @ 400..=599) => ErrorStatus::Code(*code),
                    StatusCode::Range(class @ (4 | 5)) => ErrorStatus::Range(*class),
                    _ => return None,
                };
                Some((status_of, status.to_string(), response))
            })
            .chain(responses.default.iter().map(|response| (ErrorStatus::Default, "default".to_owned(), response)));
        let mut answers = Vec::new();
        for (status, key, response) in declared {
            let Some((response, response_pointer)) = self.resolve_response(response, pointer, &key) else { continue };
            let Some((content_type, media)) = preferred_media_type(response.content.iter()) else { continue };
            let (BodyEncoding::Json, Some(schema)) = (encoding(content_type), &media.schema) else { continue };
            let mut answer_words = words.to_vec();
            answer_words.push(Word::Text(format!("{} error", key.to_ascii_lowercase())));
            let schema_pointer = response_pointer.join("content").join(content_type).join("schema");
            if let TypeRef::Named(ty) = self.lower_own_type(Node::of(schema), &schema_pointer, &answer_words) {
                answers.push(ErrorAnswer { status, ty });
            }
        }
        answers.sort_by_key(|answer| answer.status);
        answers
    }

    fn lower_response_body(
        &mut self,
        response: &'s Response,
        response_pointer: &Pointer,
        words: &[Word],
    ) -> Option<(TypeRef, BodyEncoding, String)> {
        let (content_type, media) = preferred_media_type(response.content.iter())?;
        let encoding = match encoding(content_type) {
            // A response has no form or multipart decoding: it is kept as bytes.
            BodyEncoding::Form | BodyEncoding::Multipart => BodyEncoding::Bytes,
            other => other,
        };
        let ty = match (encoding, &media.schema) {
            (BodyEncoding::Json, Some(schema)) => {
                let mut response_words = words.to_vec();
                response_words.push(Word::from("response"));
                let schema_pointer = response_pointer.join("content").join(content_type).join("schema");
                self.lower_own_type(Node::of(schema), &schema_pointer, &response_words)
            }
            (BodyEncoding::Json, None) => TypeRef::Json,
            (BodyEncoding::Text, _) => TypeRef::String,
            _ => TypeRef::Bytes,
        };
        Some((ty, encoding, content_type.clone()))
    }
}


/// The media type and schema of the body `response` declares, as JSON, to
/// tell two answers that carry the same body from two that do not.
fn response_schema(response: &Response) -> serde_json::Value {
    match preferred_media_type(response.content.iter()) {
        Some((content_type, media)) => {
            let schema = serde_json::to_value(&media.schema).unwrap_or(serde_json::Value::Null);
            serde_json::json!([format!("{:?}", encoding(content_type)), schema])
        }
        None => serde_json::Value::Null,
    }
}

/// What an operation's successful answers carry.
struct Success {
    /// The body of the first one that declares one: its type, how it is
    /// carried and its media type.
    body: Option<(TypeRef, BodyEncoding, String)>,
    /// Whether another one comes without a body.
    may_be_empty: bool,
    /// When they declare different bodies, each answer with a body: its
    /// status (`None` for `2XX`), type, encoding and description.
    answers: Vec<(Option<u16>, TypeRef, BodyEncoding, Option<String>)>,
    /// The headers they declare, by their lower-case names.
    headers: Vec<String>,
}

/// The names of the properties of the object schema `schema` that are
/// files: `format: binary`, or a list of such.
fn binary_properties(schema: Option<&serde_json::Value>) -> BTreeSet<String> {
    let is_binary = |schema: &serde_json::Value| schema.get("format").and_then(serde_json::Value::as_str) == Some("binary");
    let properties = schema.and_then(|schema| schema.get("properties")).and_then(serde_json::Value::as_object);
    properties
        .into_iter()
        .flatten()
        .filter(|(_, property)| is_binary(property) || property.get("items").is_some_and(is_binary))
        .map(|(name, _)| name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_leave_out_their_group() {
        let group = |words: &[&str]| words.iter().map(|word| (*word).to_owned()).collect::<Vec<_>>();
        assert_eq!(method_name_from_operation_id("orgs/get", &group(&["orgs"])), "get");
        assert_eq!(
            method_name_from_operation_id("actions/re-run-job-for-workflow-run", &group(&["actions"])),
            "re_run_job_for_workflow_run"
        );
        assert_eq!(method_name_from_operation_id("petsGet", &group(&["pets"])), "get");
        assert_eq!(method_name_from_operation_id("listPets", &group(&["pets"])), "list_pets");
        // Nothing would be left: the whole name stays.
        assert_eq!(method_name_from_operation_id("pets", &group(&["pets"])), "pets");
        assert_eq!(method_name_from_operation_id("acsUsersList", &group(&["acs", "users"])), "list");
        assert_eq!(method_name_from_operation_id("getPet", &[]), "get_pet");
    }

    #[test]
    fn only_data_makes_aliases() {
        let operation = |extensions: serde_json::Value| -> Operation {
            serde_json::from_value(serde_json::json!({ "responses": {}, "operationId": "connectedAccountsUpdatePost" }))
                .map(|mut operation: Operation| {
                    if let serde_json::Value::Object(map) = extensions {
                        operation.extensions = map.into_iter().collect();
                    }
                    operation
                })
                .unwrap_or_default()
        };
        let extensions = crate::ExtensionSettings {
            group: Some("x-group".to_owned()),
            method: Some("x-method".to_owned()),
            ..crate::ExtensionSettings::default()
        };
        assert_eq!(alias_key(&operation(serde_json::json!({})), &extensions), None);
        let marked = operation(serde_json::json!({ "x-group": ["connected_accounts"], "x-method": "update" }));
        assert_eq!(alias_key(&marked, &extensions).as_deref(), Some("connected_accounts.update"));
        // Extensions the settings do not name mean nothing.
        assert_eq!(alias_key(&marked, &crate::ExtensionSettings::default()), None);
    }

    #[test]
    fn idempotent_methods() {
        for key in ["get", "HEAD", "options", "put", "delete", "trace"] {
            assert!(HttpMethod::from_key(key).is_some_and(HttpMethod::is_idempotent), "{key}");
        }
        for key in ["post", "patch"] {
            assert!(HttpMethod::from_key(key).is_some_and(|method| !method.is_idempotent()), "{key}");
        }
        assert_eq!(HttpMethod::from_key("connect"), None);
    }

    /// The endpoints of `paths` (YAML), as `(METHOD, name, aliases)`.
    fn endpoints(paths: &str) -> Vec<(String, String, Vec<String>)> {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
        let spec = crate::parse_spec("t.yaml", &text).unwrap();
        let mut settings = crate::Settings::new("t");
        // Which extensions group operations is a setting; these tests name two.
        settings.extensions.group = Some("x-group".to_owned());
        settings.extensions.method = Some("x-method".to_owned());
        let (api, _) = crate::lower(&spec, &settings).unwrap();
        api.endpoints
            .into_iter()
            .map(|endpoint| {
                let aliases = endpoint.aliases.iter().map(|alias| alias.as_str().to_owned()).collect();
                (endpoint.method.as_str().to_owned(), endpoint.name, aliases)
            })
            .collect()
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn operations_with_one_group_and_method_name_are_one_endpoint_sent_with_the_preferred_method() {
        let paths = r#"
  /locks/unlock:
    get:
      x-group: [locks]
      x-method: unlock
      responses: {'204': {description: done}}
    post:
      x-group: [locks]
      x-method: unlock
      responses: {'204': {description: done}}
"#;
        assert_eq!(endpoints(paths), [("POST".to_owned(), "unlock".to_owned(), strings(&["GET"]))]);
    }

    #[test]
    fn the_preferred_method_is_post_then_put_patch_delete_get_head_options() {
        let paths = r#"
  /locks/set:
    get: {x-group: [locks], x-method: set, responses: {'204': {description: done}}}
    delete: {x-group: [locks], x-method: set, responses: {'204': {description: done}}}
    put: {x-group: [locks], x-method: set, responses: {'204': {description: done}}}
    options: {x-group: [locks], x-method: set, responses: {'204': {description: done}}}
    patch: {x-group: [locks], x-method: set, responses: {'204': {description: done}}}
"#;
        assert_eq!(endpoints(paths), [("PUT".to_owned(), "set".to_owned(), strings(&["PATCH", "DELETE", "GET", "OPTIONS"]))]);
    }

    #[test]
    fn operations_with_different_method_names_stay_two_endpoints() {
        let paths = r#"
  /locks:
    get:
      x-group: [locks]
      x-method: get
      responses: {'204': {description: done}}
    post:
      x-group: [locks]
      x-method: create
      responses: {'204': {description: done}}
"#;
        let found = endpoints(paths);
        assert_eq!(found, [("GET".to_owned(), "get".to_owned(), Vec::new()), ("POST".to_owned(), "create".to_owned(), Vec::new())]);
    }

    #[test]
    fn operation_ids_that_read_like_aliases_never_merge() {
        let paths = r#"
  /connected_accounts/update:
    post:
      operationId: connectedAccountsUpdatePost
      responses: {'204': {description: done}}
    patch:
      operationId: connectedAccountsUpdatePatch
      responses: {'204': {description: done}}
"#;
        let found = endpoints(paths);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|(_, _, aliases)| aliases.is_empty()), "{found:?}");
    }

    #[test]
    fn placeholders_are_read_once_each_in_order() {
        assert_eq!(path_placeholders("/pets/{id}/toys/{toy}/{id}"), ["id", "toy"]);
        assert_eq!(path_placeholders("/a/{}/b"), [""]);
        assert_eq!(path_placeholders("/no/placeholders"), Vec::<&str>::new());
        // An unclosed brace starts no placeholder.
        assert_eq!(path_placeholders("/a/{b}/{c"), ["b"]);
    }

    #[test]
    fn an_undeclared_placeholder_becomes_a_required_string_path_parameter() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets/{petId}/toys/{toy}:\n    get:\n      operationId: getToy\n      parameters:\n        - {name: petId, in: path, required: true, schema: {type: integer}}\n      responses: {'204': {description: done}}\n";
        let spec = crate::parse_spec("t.yaml", text).unwrap();
        let (api, warnings) = crate::lower(&spec, &crate::Settings::new("t")).unwrap();
        let parameters: Vec<(&str, &TypeRef, bool, ParameterLocation)> = api.endpoints[0]
            .parameters
            .iter()
            .map(|parameter| (parameter.field.json_name.as_str(), &parameter.field.ty, parameter.field.required, parameter.location))
            .collect();
        assert_eq!(
            parameters,
            [("petId", &TypeRef::Integer, true, ParameterLocation::Path), ("toy", &TypeRef::String, true, ParameterLocation::Path)]
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].kind, DiagnosticKind::UndeclaredPathParameter);
        assert_eq!(warnings[0].pointer, "#/paths/~1pets~1{petId}~1toys~1{toy}/get");
        // Every placeholder of the template is a parameter, declared or not.
        let literal = |text: &str| super::PathPart::Literal(text.to_owned());
        assert_eq!(
            api.endpoints[0].path_template,
            [literal("/pets/"), super::PathPart::Parameter(0), literal("/toys/"), super::PathPart::Parameter(1)]
        );
    }

    #[test]
    fn a_path_template_is_text_and_parameters() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /{a}{b}.json/x{:\n    get:\n      operationId: get\n      parameters:\n        - {name: b, in: path, required: true, schema: {type: string}}\n        - {name: q, in: query, schema: {type: string}}\n        - {name: a, in: path, required: true, schema: {type: string}}\n      responses: {'204': {description: done}}\n";
        let spec = crate::parse_spec("t.yaml", text).unwrap();
        let (api, _) = crate::lower(&spec, &crate::Settings::new("t")).unwrap();
        let literal = |text: &str| super::PathPart::Literal(text.to_owned());
        // Parameters by their index (`b` is first, `q` is not in the path);
        // an unclosed `{` stays text.
        assert_eq!(
            api.endpoints[0].path_template,
            [literal("/"), super::PathPart::Parameter(2), super::PathPart::Parameter(0), literal(".json/x{")]
        );
    }

    #[test]
    fn a_path_parameter_without_a_placeholder_is_left_out() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /stores:\n    get:\n      operationId: listStores\n      parameters:\n        - {name: store, in: path, required: true, schema: {type: string}}\n        - {name: limit, in: query, schema: {type: integer}}\n      responses: {'204': {description: done}}\n";
        let spec = crate::parse_spec("t.yaml", text).unwrap();
        let (api, warnings) = crate::lower(&spec, &crate::Settings::new("t")).unwrap();
        let names: Vec<&str> = api.endpoints[0].parameters.iter().map(|parameter| parameter.field.json_name.as_str()).collect();
        assert_eq!(names, ["limit"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].kind, DiagnosticKind::UnusedPathParameter);
        assert_eq!(warnings[0].pointer, "#/paths/~1stores/get/parameters/0");
    }

    #[test]
    fn json_media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/plain"));
    }
}
