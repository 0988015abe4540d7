//! Loading a spec: text to a JSON value to `openapiv3::OpenAPI`.
//!
//! The raw JSON value is kept beside the typed document, because
//! `openapiv3` drops what it does not model (for instance the siblings of a
//! `$ref`, such as `nullable: true`), and because diagnostics point into it.
//!
//! Every version in use is read into the one model: OpenAPI 3.0 as it is,
//! OpenAPI 3.1 rewritten into 3.0 on the JSON level ([`openapi31`]), and
//! Swagger 2.0 converted into 3.0 likewise ([`swagger2`]). The rewritten
//! document is what lowering reads; a [`SourceMap`] takes its places back
//! to the document as written, where every diagnostic points.

mod bundle;
mod openapi31;
mod source_map;
mod swagger2;
mod yaml;

use std::collections::BTreeMap;
use serde::de::DeserializeOwned;
use std::path::Path;

use crate::diagnostics::{Diagnostic, DiagnosticKind, Diagnostics, Error, Pointer};
pub use bundle::Bundled;
pub use source_map::SourceMap;

pub(crate) use openapi31::CONSTRAINTS;

/// The version of OpenAPI a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceVersion {
    /// Swagger 2.0, converted into OpenAPI 3.0 on load.
    Swagger2,
    /// OpenAPI 3.0.x, read as it is.
    OpenApi30,
    /// OpenAPI 3.1.x, rewritten into OpenAPI 3.0 on load.
    OpenApi31,
}

impl SourceVersion {
    /// The version's name, as messages give it.
    pub fn name(self) -> &'static str {
        match self {
            SourceVersion::Swagger2 => "Swagger 2.0",
            SourceVersion::OpenApi30 => "OpenAPI 3.0",
            SourceVersion::OpenApi31 => "OpenAPI 3.1",
        }
    }
}

/// A loaded document, as OpenAPI 3.0.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file the spec came from, as shown in diagnostics.
    pub file: String,
    /// The document as plain JSON, in OpenAPI 3.0 (rewritten from 3.1 or
    /// converted from 2.0 when it was written so). The pointers of the IR
    /// ([`crate::ir::TypeDef::pointer`], [`crate::ir::Endpoint::pointer`])
    /// are places of this document.
    pub raw: serde_json::Value,
    /// The document as `openapiv3` models it.
    pub document: openapiv3::OpenAPI,
    /// What `$ref`s point at when they name a place other than a whole
    /// component (a property of a schema, a parameter of another
    /// operation), by the text of the `$ref`.
    pub local: LocalTargets,
    /// The version the document is written in.
    pub version: SourceVersion,
    /// The document as written, when it was rewritten (3.1, 2.0).
    pub original: Option<serde_json::Value>,
    /// Where the places of [`Spec::raw`] come from in [`Spec::original`].
    pub source_map: SourceMap,
    /// What rewriting the document into 3.0 could not do exactly, located
    /// in the document as written.
    pub load_warnings: Vec<LoadWarning>,
    /// The parts of the document as written that were copied from other
    /// files of the spec (`$ref: ./schemas/pet.yaml`), and from where.
    pub bundled: Bundled,
}

/// A problem of reading or rewriting a document, at a place of the
/// document as written: what [`Diagnostics::report`] takes.
pub type LoadWarning = (DiagnosticKind, Pointer, String);

impl Spec {
    /// The place in the document as written of `pointer`, a place of [`Spec::raw`].
    pub fn original_pointer(&self, pointer: &Pointer) -> Pointer {
        match &self.original {
            Some(original) => self.source_map.original(pointer, original),
            None => pointer.clone(),
        }
    }

    /// Diagnostics of lowering (at places of [`Spec::raw`]) located in the
    /// document as written, with the warnings of loading it.
    pub(crate) fn locate(&self, lowered: Result<Vec<Diagnostic>, Error>) -> Result<Vec<Diagnostic>, Error> {
        let items = match lowered {
            Ok(items) => items,
            Err(error) => error.diagnostics,
        };
        let mut diagnostics = Diagnostics::new(&self.file);
        for (kind, pointer, message) in &self.load_warnings {
            self.report_where_written(&mut diagnostics, *kind, pointer, message.clone());
        }
        // A `$ref` to another file that could not be bundled was reported
        // by loading, with why; lowering only knows that it is not local.
        let unbundled: Vec<&Pointer> = self
            .load_warnings
            .iter()
            .filter(|(kind, _, _)| matches!(kind, DiagnosticKind::ExternalRef | DiagnosticKind::DanglingRef))
            .map(|(_, pointer, _)| pointer)
            .collect();
        for item in items {
            let at = Pointer::from_fragment(&item.pointer).unwrap_or_default();
            let pointer = self.original_pointer(&at);
            if matches!(item.kind, DiagnosticKind::ExternalRef | DiagnosticKind::DanglingRef) && unbundled.contains(&&pointer) {
                continue;
            }
            let message = self.original_reference_text(&at, &pointer, item.message);
            self.report_where_written(&mut diagnostics, item.kind, &pointer, message);
        }
        diagnostics.finish()
    }

    /// Reports a problem at `pointer`, a place of the document as written,
    /// in the file of the spec that place came from.
    fn report_where_written(&self, diagnostics: &mut Diagnostics, kind: DiagnosticKind, pointer: &Pointer, message: String) {
        match self.bundled.origin(pointer) {
            Some((file, inner)) => diagnostics.report_in(file, kind, &inner, message),
            None => diagnostics.report(kind, pointer, message),
        }
    }
}

/// `error` with each diagnostic at a place copied from another file of
/// the spec moved to that file.
fn relocated(error: Error, bundled: &bundle::Bundled) -> Error {
    if bundled.is_empty() {
        return error;
    }
    let mut diagnostics = error.diagnostics;
    for diagnostic in &mut diagnostics {
        let origin = Pointer::from_fragment(&diagnostic.pointer).and_then(|pointer| bundled.origin(&pointer));
        if let Some((file, inner)) = origin {
            diagnostic.file = file.to_owned();
            diagnostic.pointer = inner.to_string();
        }
    }
    Error { diagnostics }
}

impl Spec {
    /// A message about the `$ref` at `at` (a place of [`Spec::raw`]) names
    /// it as the document as written does, at `original` (a 2.0
    /// `#/definitions/pet`, not the rewritten `#/components/schemas/pet`).
    fn original_reference_text(&self, at: &Pointer, original: &Pointer, message: String) -> String {
        let reference_at = |document: &serde_json::Value, pointer: &Pointer| {
            document.pointer(pointer.as_json_pointer())?.get("$ref")?.as_str().map(str::to_owned)
        };
        let Some(written) = self.original.as_ref().and_then(|document| reference_at(document, original)) else { return message };
        match reference_at(&self.raw, at) {
            Some(rewritten) if rewritten != written => message.replace(&format!("`$ref: {rewritten}`"), &format!("`$ref: {written}`")),
            _ => message,
        }
    }
}

/// Whether `media_type` is JSON (`application/json`, `application/*+json`).
fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The operations a document declares, as `(METHOD, path)`: the HTTP
/// methods under `paths`, through path items that `$ref` another one of
/// the document. What every operation must become a method of is counted
/// against this (`tests/operations.rs`, `cargo xtask conformance`).
pub fn declared_operations(raw: &serde_json::Value) -> std::collections::BTreeSet<(String, String)> {
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let mut operations = std::collections::BTreeSet::new();
    for (path, item) in raw.get("paths").and_then(serde_json::Value::as_object).into_iter().flatten() {
        let item = match item.get("$ref").and_then(serde_json::Value::as_str) {
            Some(reference) => reference.strip_prefix('#').and_then(|pointer| raw.pointer(pointer)).unwrap_or(item),
            None => item,
        };
        for method in item.as_object().into_iter().flat_map(|item| item.keys()) {
            if METHODS.contains(&method.as_str()) {
                operations.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    operations
}

/// Reads and parses the spec at `path` (YAML or JSON).
pub fn load_spec(path: &Path) -> Result<Spec, Error> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|err| Error::single(&file, DiagnosticKind::Unreadable, &Pointer::root(), format!("cannot read the spec: {err}")))?;
    parse_spec_file(&file, &text, Some(path))
}

/// How deeply the values of a document may nest: twice as deep as the
/// deepest public spec measured (DigitalOcean's, 31 levels).
/// Deeper documents are refused before they are deserialized, so that
/// deserializing, which recurses once per level, fits its stack.
pub const MAX_DEPTH: usize = 64;

/// The stack of the thread that deserializes a document. The untagged
/// enums of `openapiv3` take tens of kilobytes of stack for each level of
/// a schema in a debug build: a document 64 levels deep overflows the
/// 2 MiB stack of a spawned thread (or a test). Only the pages used are
/// ever touched.
const DESERIALIZE_STACK_BYTES: usize = 64 << 20;

/// Parses spec text (YAML or JSON); `file` names it in diagnostics. A
/// `$ref` to another file is an error here: [`load_spec`] reads a spec
/// split over several files, from the folder of its root file.
pub fn parse_spec(file: &str, text: &str) -> Result<Spec, Error> {
    parse_spec_file(file, text, None)
}

/// Parses spec text read from the file at `path`, `file` naming it in
/// diagnostics: `$ref`s to other files are found from its folder and
/// bundled in (`load/bundle.rs`), and diagnostics name those files by
/// their paths from `file`'s folder.
pub fn parse_spec_at(file: &str, text: &str, path: &Path) -> Result<Spec, Error> {
    parse_spec_file(file, text, Some(path))
}

/// Parses spec text, read from `path` when it was read from a file, whose
/// `$ref`s to other files are then bundled in (`load/bundle.rs`).
fn parse_spec_file(file: &str, text: &str, path: Option<&Path>) -> Result<Spec, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut written, mut load_warnings) = parse_json_value(file, text)?;
    let version = check_version(file, &written)?;
    let (bundled, bundle_warnings) = bundle::bundle(file, path, &mut written, version);
    load_warnings.extend(bundle_warnings);
    if let Some(pointer) = first_too_deep(&written) {
        let message = format!("the document nests more than {MAX_DEPTH} levels deep here");
        return Err(relocated(Error::single(file, DiagnosticKind::NestingTooDeep, &pointer, message), &bundled));
    }
    let (raw, original, source_map) = match version {
        SourceVersion::OpenApi30 => {
            let mut raw = written;
            openapi31::decode_references(&mut raw);
            ignored_reference_siblings(&raw, &Pointer::root(), &mut load_warnings);
            (raw, None, SourceMap::default())
        }
        SourceVersion::OpenApi31 => {
            let normalised = openapi31::normalise(&written);
            load_warnings.extend(normalised.warnings);
            (normalised.value, Some(written), normalised.map)
        }
        SourceVersion::Swagger2 => {
            let normalised = swagger2::convert(&written);
            load_warnings.extend(normalised.warnings);
            (normalised.value, Some(written), normalised.map)
        }
    };
    let locate = |pointer: &Pointer| match &original {
        Some(original) => source_map.original(pointer, original),
        None => pointer.clone(),
    };
    let document = std::thread::scope(|scope| {
        let deserialize = || deserialize(file, &raw, version, &locate);
        match std::thread::Builder::new().stack_size(DESERIALIZE_STACK_BYTES).spawn_scoped(scope, deserialize) {
            // A panic there (a bug, never spec input) panics here too.
            Ok(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(err) => Err(Error::single(
                file,
                DiagnosticKind::Unreadable,
                &Pointer::root(),
                format!("cannot read the spec: no thread to deserialize it on: {err}"),
            )),
        }
    })
    .map_err(|error| relocated(error, &bundled))?;
    let local = LocalTargets::of(&raw);
    Ok(Spec { file: file.to_owned(), raw, document, local, version, original, source_map, load_warnings, bundled })
}

/// The keywords of a schema that constrain the values it allows, which
/// OpenAPI 3.0 ignores beside a `$ref` (`nullable`, which lowering honours,
/// and the annotations are not among them).
const SCHEMA_CONSTRAINTS: &[&str] = &[
    "type",
    "properties",
    "additionalProperties",
    "items",
    "enum",
    "format",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Warns of each `$ref` of an OpenAPI 3.0 document with constraining
/// keywords beside it (`{$ref: …, required: [droplet_ids]}`): OpenAPI 3.0
/// says to ignore them, and the generated code does, while some tools (and
/// OpenAPI 3.1) apply them, so the author may well have meant them.
fn ignored_reference_siblings(value: &serde_json::Value, pointer: &Pointer, warnings: &mut Vec<LoadWarning>) {
    match value {
        serde_json::Value::Object(object) => {
            if object.get("$ref").is_some_and(serde_json::Value::is_string) {
                let ignored: Vec<&str> = object
                    .iter()
                    .filter(|(key, value)| SCHEMA_CONSTRAINTS.contains(&key.as_str()) || (*key == "required" && value.is_array()))
                    .map(|(key, _)| key.as_str())
                    .collect();
                if !ignored.is_empty() {
                    let listed = ignored.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ");
                    let message = format!(
                        "OpenAPI 3.0 ignores keywords beside `$ref`, and so does the generated code: {listed} \
                         not applied (`allOf: [{{$ref: …}}, {{…}}]` applies them)"
                    );
                    warnings.push((DiagnosticKind::RefSiblings, pointer.clone(), message));
                }
            }
            for (key, child) in object {
                ignored_reference_siblings(child, &pointer.join(key), warnings);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                ignored_reference_siblings(item, &pointer.join(index), warnings);
            }
        }
        _ => {}
    }
}

/// The place of the first value (in document order) nested more than
/// [`MAX_DEPTH`] levels deep, if any.
fn first_too_deep(raw: &serde_json::Value) -> Option<Pointer> {
    fn children(value: &serde_json::Value) -> Vec<(String, &serde_json::Value)> {
        match value {
            serde_json::Value::Object(members) => members.iter().map(|(key, member)| (key.clone(), member)).collect(),
            serde_json::Value::Array(items) => items.iter().enumerate().map(|(index, item)| (index.to_string(), item)).collect(),
            _ => Vec::new(),
        }
    }
    // A quick walk first: whether any value is too deep at all.
    let mut pending = vec![(raw, 0usize)];
    let mut too_deep = false;
    while let Some((value, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            too_deep = true;
            break;
        }
        match value {
            serde_json::Value::Object(members) => pending.extend(members.values().map(|member| (member, depth + 1))),
            serde_json::Value::Array(items) => pending.extend(items.iter().map(|item| (item, depth + 1))),
            _ => {}
        }
    }
    if !too_deep {
        return None;
    }
    // Then, only for a document that is, the place of the first one.
    let mut pending = vec![(raw, Pointer::root(), 0usize)];
    while let Some((value, pointer, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            return Some(pointer);
        }
        let mut next: Vec<_> = children(value).into_iter().map(|(segment, child)| (child, pointer.join(segment), depth + 1)).collect();
        next.reverse();
        pending.extend(next);
    }
    None
}

/// Deserializes the raw document into `openapiv3`'s model, or finds every
/// structural error with its place in the document as written (`locate`
/// takes a place of `raw` there).
fn deserialize(
    file: &str,
    raw: &serde_json::Value,
    version: SourceVersion,
    locate: &(dyn Fn(&Pointer) -> Pointer + Sync),
) -> Result<openapiv3::OpenAPI, Error> {
    let invalid = format!("not a valid {} document", version.name());
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(raw).map_err(|err| {
        // `openapiv3` flattens maps into structs, which hides the place of an
        // error below them: look again, piece by piece, for every place.
        let mut diagnostics = Diagnostics::new(file);
        for (pointer, message) in structure::explain(raw) {
            diagnostics.report(DiagnosticKind::InvalidStructure, &locate(&pointer), format!("{invalid}: {message}"));
        }
        if !diagnostics.has_errors() {
            let pointer = pointer_of_path(err.path());
            diagnostics.report(DiagnosticKind::InvalidStructure, &locate(&pointer), format!("{invalid}: {}", err.inner()));
        }
        match diagnostics.finish() {
            Err(error) => error,
            Ok(_) => Error::single(file, DiagnosticKind::InvalidStructure, &Pointer::root(), format!("{invalid}: {}", err.inner())),
        }
    })
}

/// The targets of the local `$ref`s that do not name a whole component,
/// read as each kind of object they can be, by the text of the `$ref`.
/// Lowering asks for the kind the `$ref`'s place needs; a target that does
/// not read as that kind is a dangling reference there.
#[derive(Debug, Clone, Default)]
pub struct LocalTargets {
    /// Targets that are schemas (`#/components/schemas/Pet/properties/tag`).
    pub schemas: BTreeMap<String, openapiv3::ReferenceOr<openapiv3::Schema>>,
    /// Targets that are parameters (`#/paths/~1pets/get/parameters/0`).
    pub parameters: BTreeMap<String, openapiv3::Parameter>,
    /// Targets that are request bodies (`#/paths/~1pets/post/requestBody`).
    pub request_bodies: BTreeMap<String, openapiv3::RequestBody>,
    /// Targets that are responses (`#/paths/~1pets/get/responses/200`).
    pub responses: BTreeMap<String, openapiv3::Response>,
}

impl LocalTargets {
    fn of(raw: &serde_json::Value) -> LocalTargets {
        let mut references = std::collections::BTreeSet::new();
        let mut pending = vec![raw];
        while let Some(value) = pending.pop() {
            match value {
                serde_json::Value::Object(members) => {
                    if let Some(serde_json::Value::String(reference)) = members.get("$ref") {
                        if reference.starts_with("#/") && !is_component_reference(reference) {
                            references.insert(reference.as_str());
                        }
                    }
                    pending.extend(members.values());
                }
                serde_json::Value::Array(items) => pending.extend(items),
                _ => {}
            }
        }
        let targets: Vec<(&str, &serde_json::Value)> = references
            .into_iter()
            .filter_map(|reference| Some((reference, raw.pointer(reference.strip_prefix('#')?)?)))
            .collect();
        LocalTargets {
            schemas: read_as(&targets),
            parameters: read_as(&targets),
            request_bodies: read_as(&targets),
            responses: read_as(&targets),
        }
    }
}

/// The targets that read as a `T`.
fn read_as<T: DeserializeOwned>(targets: &[(&str, &serde_json::Value)]) -> BTreeMap<String, T> {
    targets
        .iter()
        .filter_map(|(reference, target)| Some(((*reference).to_owned(), T::deserialize(*target).ok()?)))
        .collect()
}

/// Whether `reference` names a whole component (`#/components/schemas/Pet`),
/// which lowering resolves by kind; a place inside one
/// (`#/components/schemas/Pet/properties/tag`) is resolved like any other
/// local schema.
fn is_component_reference(reference: &str) -> bool {
    reference.strip_prefix("#/components/").is_some_and(|rest| rest.split('/').count() == 2)
}

/// The document as JSON, and warnings about values it could not read
/// exactly (integers beyond 64 bits in YAML).
fn parse_json_value(file: &str, text: &str) -> Result<(serde_json::Value, Vec<LoadWarning>), Error> {
    if text.trim_start().starts_with('{') {
        let value = serde_json::from_str(text).map_err(|err| {
            let message = format!("not valid JSON (line {}, column {}): {err}", err.line(), err.column());
            Error::single(file, DiagnosticKind::NotJson, &Pointer::root(), message)
        })?;
        return Ok((value, Vec::new()));
    }
    let mut yaml: serde_yaml::Value = yaml::from_str(text).map_err(|err| {
        let place = match err.location() {
            Some(location) => format!(" (line {}, column {})", location.line(), location.column()),
            None => String::new(),
        };
        Error::single(file, DiagnosticKind::NotYaml, &Pointer::root(), format!("not valid YAML{place}: {err}"))
    })?;
    yaml.apply_merge()
        .map_err(|err| Error::single(file, DiagnosticKind::NotYaml, &Pointer::root(), format!("invalid YAML merge key: {err}")))?;
    let mut warnings = Vec::new();
    let value = yaml_to_json(yaml, &Pointer::root(), &mut warnings)
        .map_err(|(pointer, message)| Error::single(file, DiagnosticKind::NotJsonValue, &pointer, message))?;
    Ok((value, warnings))
}

/// Converts YAML to JSON; scalar mapping keys (`200:`) become strings, as
/// OpenAPI means them.
/// An integer beyond 64 bits becomes the nearest floating-point number,
/// with a warning in `warnings`.
fn yaml_to_json(
    yaml: serde_yaml::Value,
    pointer: &Pointer,
    warnings: &mut Vec<LoadWarning>,
) -> Result<serde_json::Value, (Pointer, String)> {
    use serde_yaml::Value as Yaml;
    Ok(match yaml {
        Yaml::Null => serde_json::Value::Null,
        Yaml::Bool(value) => serde_json::Value::Bool(value),
        Yaml::Number(number) => {
            if let Some(value) = number.as_u64() {
                value.into()
            } else if let Some(value) = number.as_i64() {
                value.into()
            } else {
                let value = number.as_f64().unwrap_or(f64::NAN);
                match serde_json::Number::from_f64(value) {
                    Some(number) => serde_json::Value::Number(number),
                    None => return Err((pointer.clone(), format!("the number {value} cannot be represented in JSON"))),
                }
            }
        }
        Yaml::String(value) => serde_json::Value::String(value),
        Yaml::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                out.push(yaml_to_json(item, &pointer.join(index), warnings)?);
            }
            serde_json::Value::Array(out)
        }
        Yaml::Mapping(mapping) => {
            let mut out = serde_json::Map::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key = match key {
                    Yaml::String(key) => key,
                    Yaml::Bool(key) => key.to_string(),
                    Yaml::Number(key) => key.to_string(),
                    other => {
                        return Err((pointer.clone(), format!("mapping keys must be strings, found {other:?}")));
                    }
                };
                let value = yaml_to_json(value, &pointer.join(&key), warnings)?;
                out.insert(key, value);
            }
            serde_json::Value::Object(out)
        }
        Yaml::Tagged(tagged) if tagged.tag == serde_yaml::value::Tag::new(yaml::BIG_INTEGER) => {
            let digits = tagged.value.as_str().unwrap_or_default().to_owned();
            let number = digits.parse::<f64>().ok().and_then(serde_json::Number::from_f64);
            let Some(number) = number else {
                return Err((pointer.clone(), format!("the number {digits} cannot be represented in JSON")));
            };
            warnings.push((
                DiagnosticKind::BigInteger,
                pointer.clone(),
                format!("the integer {digits} does not fit 64 bits: it is read as the floating-point number {number}"),
            ));
            serde_json::Value::Number(number)
        }
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value, pointer, warnings)?,
    })
}

/// The version `raw` is written in; an error for any other.
fn check_version(file: &str, raw: &serde_json::Value) -> Result<SourceVersion, Error> {
    let root = Pointer::root();
    if !raw.is_object() {
        return Err(Error::single(file, DiagnosticKind::NotOpenApi, &root, "the document is not a mapping of OpenAPI fields"));
    }
    if let Some(swagger) = raw.get("swagger") {
        let version = match swagger {
            serde_json::Value::String(version) => version.clone(),
            other => other.to_string(),
        };
        return if version == "2.0" || version == "2" {
            Ok(SourceVersion::Swagger2)
        } else {
            Err(Error::single(file, DiagnosticKind::UnsupportedVersion, &root.join("swagger"), format!("Swagger {version} is not supported: only Swagger 2.0 and OpenAPI 3.0 and 3.1 are")))
        };
    }
    let pointer = root.join("openapi");
    match raw.get("openapi") {
        None => Err(Error::single(file, DiagnosticKind::NotOpenApi, &root, "the `openapi` field is missing: this is not an OpenAPI document")),
        Some(serde_json::Value::String(version)) if version.starts_with("3.0.") || version == "3.0" => Ok(SourceVersion::OpenApi30),
        Some(serde_json::Value::String(version)) if version.starts_with("3.1.") || version == "3.1" => Ok(SourceVersion::OpenApi31),
        Some(other) => {
            let shown = other.as_str().map_or_else(|| other.to_string(), str::to_owned);
            Err(Error::single(file, DiagnosticKind::UnsupportedVersion, &pointer, format!("OpenAPI {shown} is not supported: only OpenAPI 3.0 and 3.1, and Swagger 2.0, are")))
        }
    }
}

fn pointer_of_path(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    let mut pointer = Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.join(index),
            Segment::Map { key } => pointer.join(key),
            Segment::Enum { variant } => pointer.join(variant),
            Segment::Unknown => break,
        };
    }
    pointer
}

/// Finding every structural error of a document, with its place.
mod structure {
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    use super::pointer_of_path;
    use crate::diagnostics::Pointer;

    type Problems = Vec<(Pointer, String)>;

    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    fn check<T: DeserializeOwned>(value: &Value, pointer: &Pointer, problems: &mut Problems) -> bool {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(_) => true,
            Err(err) => {
                let inner = pointer_of_path(err.path());
                let pointer = inner.segments().fold(pointer.clone(), |pointer, segment| pointer.join(segment));
                problems.push((pointer, err.inner().to_string()));
                false
            }
        }
    }

    fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
        value.and_then(Value::as_object).into_iter().flatten()
    }

    /// The problems of a schema: the deepest ones, those of its subschemas, first.
    fn schema(value: &Value, pointer: &Pointer, problems: &mut Problems) {
        let before = problems.len();
        if let Some(object) = value.as_object() {
            for (name, property) in entries(object.get("properties")) {
                schema(property, &pointer.join("properties").join(name), problems);
            }
            for keyword in ["items", "not"] {
                if let Some(child) = object.get(keyword) {
                    schema(child, &pointer.join(keyword), problems);
                }
            }
            if let Some(child @ Value::Object(_)) = object.get("additionalProperties") {
                schema(child, &pointer.join("additionalProperties"), problems);
            }
            for keyword in ["allOf", "oneOf", "anyOf"] {
                for (index, child) in object.get(keyword).and_then(Value::as_array).into_iter().flatten().enumerate() {
                    schema(child, &pointer.join(keyword).join(index), problems);
                }
            }
        }
        if problems.len() == before {
            check::<openapiv3::ReferenceOr<openapiv3::Schema>>(value, pointer, problems);
        }
    }

    fn content(value: Option<&Value>, pointer: &Pointer, problems: &mut Problems) {
        for (media_type, media) in entries(value) {
            if let Some(child) = media.get("schema") {
                schema(child, &pointer.join(media_type).join("schema"), problems);
            }
        }
    }

    fn operation(value: &Value, pointer: &Pointer, problems: &mut Problems) {
        let before = problems.len();
        for (index, parameter) in value.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let parameter_pointer = pointer.join("parameters").join(index);
            if let Some(child) = parameter.get("schema") {
                schema(child, &parameter_pointer.join("schema"), problems);
            }
            check::<openapiv3::ReferenceOr<openapiv3::Parameter>>(parameter, &parameter_pointer, problems);
        }
        if let Some(body) = value.get("requestBody") {
            let body_pointer = pointer.join("requestBody");
            content(body.get("content"), &body_pointer.join("content"), problems);
            check::<openapiv3::ReferenceOr<openapiv3::RequestBody>>(body, &body_pointer, problems);
        }
        match value.get("responses") {
            Some(Value::Object(responses)) => {
                for (status, response) in responses {
                    let response_pointer = pointer.join("responses").join(status);
                    content(response.get("content"), &response_pointer.join("content"), problems);
                    check::<openapiv3::ReferenceOr<openapiv3::Response>>(response, &response_pointer, problems);
                }
            }
            Some(_) => {
                check::<openapiv3::Responses>(&value["responses"], &pointer.join("responses"), problems);
            }
            None => {}
        }
        if problems.len() == before {
            check::<openapiv3::Operation>(value, pointer, problems);
        }
    }

    /// Every structural problem of `document` that can be placed.
    pub(super) fn explain(document: &Value) -> Problems {
        let mut problems = Vec::new();
        let root = Pointer::root();
        for (path, item) in entries(document.get("paths")) {
            let item_pointer = root.join("paths").join(path);
            let before = problems.len();
            for method in METHODS {
                if let Some(value) = item.get(*method) {
                    operation(value, &item_pointer.join(method), &mut problems);
                }
            }
            if problems.len() == before {
                check::<openapiv3::ReferenceOr<openapiv3::PathItem>>(item, &item_pointer, &mut problems);
            }
        }
        let components = document.get("components");
        let components_pointer = root.join("components");
        for (name, value) in entries(components.and_then(|c| c.get("schemas"))) {
            schema(value, &components_pointer.join("schemas").join(name), &mut problems);
        }
        for (name, value) in entries(components.and_then(|c| c.get("parameters"))) {
            check::<openapiv3::ReferenceOr<openapiv3::Parameter>>(value, &components_pointer.join("parameters").join(name), &mut problems);
        }
        for (name, value) in entries(components.and_then(|c| c.get("responses"))) {
            check::<openapiv3::ReferenceOr<openapiv3::Response>>(value, &components_pointer.join("responses").join(name), &mut problems);
        }
        for (name, value) in entries(components.and_then(|c| c.get("requestBodies"))) {
            check::<openapiv3::ReferenceOr<openapiv3::RequestBody>>(value, &components_pointer.join("requestBodies").join(name), &mut problems);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_message(text: &str) -> String {
        let err = parse_spec("spec.yaml", text).unwrap_err();
        err.diagnostics[0].to_string()
    }

    #[test]
    fn reads_every_version_in_use_and_refuses_others() {
        let spec = parse_spec("spec.yaml", "openapi: 3.1.0\ninfo: {title: t, version: v}\n").unwrap();
        assert_eq!(spec.version, SourceVersion::OpenApi31);
        let spec = parse_spec("spec.yaml", "swagger: '2.0'\ninfo: {title: t, version: v}\npaths: {}\n").unwrap();
        assert_eq!(spec.version, SourceVersion::Swagger2);
        assert!(first_message("openapi: 3.2.0\ninfo: {title: t, version: v}\npaths: {}\n").contains("OpenAPI 3.2.0 is not supported"));
        assert!(first_message("swagger: '1.2'\n").contains("Swagger 1.2 is not supported"));
        assert!(first_message("info: {}\n").contains("`openapi` field is missing"));
    }

    #[test]
    fn errors_of_a_converted_document_point_into_the_original() {
        let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  a:\n    type: object\n    properties:\n      b: {type: array, items: 5}\n";
        let err = parse_spec("spec.yaml", text).unwrap_err();
        assert_eq!(err.diagnostics[0].pointer, "#/definitions/a/properties/b/items", "{err}");
        assert!(err.diagnostics[0].message.starts_with("not a valid Swagger 2.0 document"), "{err}");
    }

    #[test]
    fn a_file_that_cannot_be_read_is_an_error_of_the_whole_document() {
        let err = load_spec(Path::new("/nonexistent/spec.yaml")).unwrap_err();
        assert_eq!(err.diagnostics.len(), 1);
        assert_eq!(err.diagnostics[0].kind, DiagnosticKind::Unreadable);
        assert_eq!(err.diagnostics[0].pointer, "#");
    }

    /// A document whose component schema `a` is `leaf` inside schemas that
    /// each hold the next under `keyword`, so that its deepest value is
    /// `depth` levels deep.
    fn nested(keyword: &str, depth: usize) -> serde_json::Value {
        let document = |schema: serde_json::Value| {
            serde_json::json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "components": {"schemas": {"a": schema}},
            })
        };
        fn depth_of(value: &serde_json::Value) -> usize {
            match value {
                serde_json::Value::Object(members) => 1 + members.values().map(depth_of).max().unwrap_or(0),
                serde_json::Value::Array(items) => 1 + items.iter().map(depth_of).max().unwrap_or(0),
                _ => 0,
            }
        }
        let mut schema = serde_json::json!({"type": "string"});
        while depth_of(&document(schema.clone())) < depth {
            schema = serde_json::json!({keyword: schema});
        }
        let document = document(schema);
        assert_eq!(depth_of(&document), depth);
        document
    }

    #[test]
    fn documents_nested_to_the_limit_generate_on_a_small_stack() {
        // The shapes that take the most stack to deserialize and lower, on
        // the 2 MiB stack of a test thread, in a debug build.
        for keyword in ["additionalProperties", "not", "items"] {
            let text = nested(keyword, MAX_DEPTH).to_string();
            let spec = parse_spec("spec.json", &text).unwrap_or_else(|err| panic!("{keyword}: {err}"));
            crate::generate(&spec, &crate::Settings::new("t")).unwrap_or_else(|err| panic!("{keyword}: {err}"));
        }
    }

    #[test]
    fn documents_nested_deeper_are_refused_at_their_deepest_place() {
        let text = nested("items", MAX_DEPTH + 1).to_string();
        let err = parse_spec("spec.json", &text).unwrap_err();
        assert_eq!(err.diagnostics.len(), 1, "{err}");
        let diagnostic = &err.diagnostics[0];
        assert_eq!(diagnostic.kind, DiagnosticKind::NestingTooDeep);
        // `a` is 3 levels deep, the innermost schema 64, its `type` 65.
        let expected = format!("#/components/schemas/a{}/type", "/items".repeat(MAX_DEPTH - 3));
        assert_eq!(diagnostic.pointer, expected);
    }

    #[test]
    fn percent_encoded_references_resolve_in_every_version() {
        // A `$ref` is a URI, so `{` and `}` of a path template may be
        // escaped in its fragment (DigitalOcean's spec does this).
        let paths = "paths:\n  /keys/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: none}}\n    delete:\n      parameters: [{$ref: '#/paths/~1keys~1%7Bid%7D/get/parameters/0'}]\n      responses: {'204': {description: none}}\n";
        for header in ["openapi: 3.0.3", "openapi: 3.1.0"] {
            let text = format!("{header}\ninfo: {{title: t, version: v}}\n{paths}");
            let spec = parse_spec("spec.yaml", &text).unwrap();
            let (api, _) = crate::lower(&spec, &crate::Settings::new("t")).unwrap_or_else(|err| panic!("{header}: {err}"));
            let delete = api.endpoints.iter().find(|endpoint| endpoint.method == crate::ir::HttpMethod::Delete).unwrap();
            assert_eq!(delete.parameters.len(), 1, "{header}: the referenced path parameter is the delete's");
        }
    }

    #[test]
    fn accepts_a_byte_order_mark_and_json() {
        let text = "\u{feff}{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}";
        let spec = parse_spec("spec.json", text).unwrap();
        assert_eq!(spec.document.info.title, "t");
    }

    #[test]
    fn yaml_merge_keys_are_applied() {
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                    base: &base {type: object, properties: {id: {type: string}}}\n    \
                    pet:\n      <<: *base\n      required: [id]\n";
        let spec = parse_spec("spec.yaml", text).unwrap();
        let pet = spec.raw.pointer("/components/schemas/pet").unwrap();
        assert_eq!(pet, &serde_json::json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}));
    }

    #[test]
    fn a_mutual_tls_scheme_is_left_out_with_a_warning() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nsecurity: [{tls: []}]\npaths:\n  /a:\n    get:\n      \
                    responses: {'204': {description: ok}}\ncomponents:\n  securitySchemes:\n    tls: {type: mutualTLS}\n";
        let spec = parse_spec("spec.yaml", text).unwrap();
        let output = crate::generate(&spec, &crate::Settings::new("t")).unwrap();
        assert!(output.api.security_schemes.is_empty(), "{:?}", output.api.security_schemes);
        let warning = output.warnings.iter().find(|warning| warning.kind == DiagnosticKind::UnsupportedHttpScheme);
        assert!(warning.is_some_and(|warning| warning.pointer == "#/components/securitySchemes/tls"), "{:?}", output.warnings);
    }

    #[test]
    fn numeric_response_codes_become_strings() {
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n";
        let spec = parse_spec("spec.yaml", text).unwrap();
        assert!(spec.raw.pointer("/paths/~1a/get/responses/200").is_some());
    }

    #[test]
    fn structural_errors_name_the_location() {
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let message = first_message(text);
        assert!(message.contains("spec.yaml#/paths/~1a/get/responses"), "{message}");
    }

    #[test]
    fn every_structural_error_is_reported_with_its_place() {
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    a:\n      type: object\n      properties:\n        b: {type: string, maxLength: -1}\n    c: {type: array, items: 5}\n";
        let err = parse_spec("spec.yaml", text).unwrap_err();
        let pointers: Vec<&str> = err.diagnostics.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/components/schemas/a/properties/b", "#/components/schemas/c/items"], "{err}");
    }
}
