//! Specs split over several files: `$ref`s to other files, relative to
//! the file that holds them (`./schemas/pet.yaml#/Pet`,
//! `common.yaml#/components/parameters/Limit`), bundled into the root
//! document at load time, the way `redocly bundle` does.
//!
//! Each part another file holds is copied once into the root document's
//! components, under its own name (`#/components/schemas/Pet`), and every
//! `$ref` to it becomes a local one. The parts it refers to in turn (local
//! `#/…` references of that file, or other files) are bundled the same
//! way. A reference to a URL is left as it is, and lowering refuses it:
//! the generator never goes to the network. Where each copied part came from is kept, so that a diagnostic
//! about it points into its own file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{LoadWarning, SourceVersion};
use crate::diagnostics::{DiagnosticKind, Pointer};

/// The places of the bundled document that came from other files.
#[derive(Debug, Clone, Default)]
pub struct Bundled {
    /// A part of the bundled document, and the file and place it was copied from.
    parts: Vec<(Pointer, String, Pointer)>,
}

impl Bundled {
    /// The file and place in it that `pointer` (a place of the bundled
    /// document) was copied from, when it came from another file.
    pub fn origin(&self, pointer: &Pointer) -> Option<(&str, Pointer)> {
        let text = pointer.as_json_pointer();
        self.parts.iter().find_map(|(at, file, original)| {
            let rest = text.strip_prefix(at.as_json_pointer())?;
            if !(rest.is_empty() || rest.starts_with('/')) {
                return None;
            }
            let fragment = format!("#{}{rest}", original.as_json_pointer());
            Some((file.as_str(), Pointer::from_fragment(&fragment)?))
        })
    }

    /// Whether any part came from another file.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

/// A file the spec is made of: its path, and how diagnostics name it.
#[derive(Debug, Clone)]
struct Source {
    path: PathBuf,
    label: String,
}

/// Bundles into `document` (the root file, `file` as diagnostics name it,
/// at `path` when it was read from one) every part of another file it
/// refers to, directly or not. Problems (a URL, a file that cannot be
/// read, a place a file does not have) are reported at the `$ref`, which
/// is left as it was; loading goes on, so that every problem of the spec
/// is reported at once. A `$ref` inside an OpenAPI 3.1 schema resource
/// (under a `$id`) is resolved against that identifier when the document
/// is rewritten, not here.
pub(crate) fn bundle(file: &str, path: Option<&Path>, document: &mut Value, version: SourceVersion) -> (Bundled, Vec<LoadWarning>) {
    let mut bundler = Bundler {
        version,
        root: path.map(|path| Source { path: path.to_path_buf(), label: file.to_owned() }),
        files: BTreeMap::new(),
        done: BTreeMap::new(),
        bundled: Bundled::default(),
        warnings: Vec::new(),
    };
    // The root's own parts, then each part copied from another file.
    let mut work: Vec<(Pointer, Option<Source>)> = vec![(Pointer::root(), None)];
    while let Some((at, source)) = work.pop() {
        let references = references_under(document, &at, version == SourceVersion::OpenApi31);
        for (place, reference) in references {
            let is_root = source.is_none();
            if is_root && reference.starts_with('#') {
                continue;
            }
            let local = bundler.bundle_one(document, &place, &reference, source.as_ref(), &mut work);
            if let Some(local) = local {
                if let Some(Value::Object(object)) = document.pointer_mut(place.as_json_pointer()) {
                    object.insert("$ref".to_owned(), Value::String(local));
                }
            }
        }
    }
    (bundler.bundled, bundler.warnings)
}

struct Bundler {
    version: SourceVersion,
    root: Option<Source>,
    /// The files read so far, by path.
    files: BTreeMap<PathBuf, Value>,
    /// The local reference each bundled part got, by its file and place.
    done: BTreeMap<(PathBuf, String), String>,
    bundled: Bundled,
    /// The problems found, at the `$ref`s that have them.
    warnings: Vec<LoadWarning>,
}

impl Bundler {
    /// Bundles what `reference` (at `place`, in a part from `source`, or
    /// the root when `None`) points at, and gives the local reference that
    /// replaces it.
    fn bundle_one(
        &mut self,
        document: &mut Value,
        place: &Pointer,
        reference: &str,
        source: Option<&Source>,
        work: &mut Vec<(Pointer, Option<Source>)>,
    ) -> Option<String> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((file_part, fragment)) => (file_part, fragment),
            None => (reference, ""),
        };
        // A URL is left to lowering, which refuses it where it is used.
        if file_part.contains("://") || file_part.starts_with("//") || file_part.starts_with("urn:") {
            return None;
        }
        let Some(referrer) = source.or(self.root.as_ref()) else {
            self.warn(DiagnosticKind::ExternalRef, place, format!("`{reference}` refers to another file, and the spec was not read from a file to find it from"),
            );
            return None;
        };
        let target = if file_part.is_empty() {
            referrer.clone()
        } else {
            let path = referrer.path.parent().unwrap_or(Path::new("")).join(file_part);
            let joined = Path::new(&referrer.label).parent().unwrap_or(Path::new("")).join(file_part);
            // `./` parts say nothing in a label; `..` stays.
            let label: PathBuf = joined.components().filter(|part| !matches!(part, std::path::Component::CurDir)).collect();
            let label = label.display().to_string().replace('\\', "/");
            Source { path, label }
        };
        // A reference back into the root file is a local one.
        if self.root.as_ref().is_some_and(|root| same_file(&root.path, &target.path)) {
            return Some(format!("#{fragment}"));
        }
        let key = (std::fs::canonicalize(&target.path).unwrap_or_else(|_| target.path.clone()), fragment.to_owned());
        if let Some(local) = self.done.get(&key) {
            return Some(local.clone());
        }
        let Some(pointer) = Pointer::from_fragment(&format!("#{fragment}")) else {
            self.warn(DiagnosticKind::DanglingRef, place, format!("`{reference}` has a fragment that is not a JSON pointer"));
            return None;
        };
        let part = match self.read(&key.0, &target) {
            Ok(file) => file.pointer(pointer.as_json_pointer()).cloned(),
            Err(message) => {
                self.warn(DiagnosticKind::ExternalRef, place, message);
                return None;
            }
        };
        let Some(part) = part else {
            self.warn(DiagnosticKind::DanglingRef, place, format!("`{}` has nothing at `{pointer}`", target.label));
            return None;
        };
        // A path item (`paths: {/pets: {$ref: paths/pets.yaml}}`) has no
        // section of components in OpenAPI 3.0: it is copied in place.
        if let [paths, _] = place.segments().collect::<Vec<_>>().as_slice() {
            if paths == "paths" {
                if let Some(slot) = document.pointer_mut(place.as_json_pointer()) {
                    *slot = part;
                }
                self.bundled.parts.push((place.clone(), target.label.clone(), pointer));
                work.push((place.clone(), Some(target)));
                return None;
            }
        }
        let (section, name) = self.section_and_name(place, &pointer, &target);
        let at = unique_place(document, &section, &name, &part);
        let local = at.to_string();
        if let Some(parent) = parent_object(document, &section) {
            if let Some(name) = at.segments().last() {
                parent.insert(name, part);
            }
        }
        self.done.insert(key, local.clone());
        self.bundled.parts.push((at.clone(), target.label.clone(), pointer));
        work.push((at, Some(target)));
        Some(local)
    }

    fn warn(&mut self, kind: DiagnosticKind, place: &Pointer, message: String) {
        self.warnings.push((kind, place.clone(), message));
    }

    /// Reads and parses a file once.
    fn read(&mut self, key: &Path, target: &Source) -> Result<&Value, String> {
        if !self.files.contains_key(key) {
            let text = std::fs::read_to_string(&target.path).map_err(|err| format!("cannot read `{}`: {err}", target.label))?;
            let (value, _) = super::parse_json_value(&target.label, &text)
                .map_err(|err| format!("cannot read `{}`: {}", target.label, err.diagnostics.first().map_or("", |d| d.message.as_str())))?;
            self.files.insert(key.to_path_buf(), value);
        }
        self.files.get(key).ok_or_else(|| format!("cannot read `{}`", target.label))
    }

    /// Where a part goes in the root document: the section of components
    /// its place in the other file names (`#/components/parameters/Limit`),
    /// else the one the `$ref`'s place needs (a parameter, a response, a
    /// request body, a header, an example; a schema otherwise); and its
    /// name there, the last segment of its place, else the file's stem.
    fn section_and_name(&self, place: &Pointer, pointer: &Pointer, target: &Source) -> (Vec<String>, String) {
        let segments: Vec<String> = pointer.segments().collect();
        let stem = || target.path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_else(|| "part".to_owned());
        let name = segments.last().cloned().filter(|name| !name.is_empty()).unwrap_or_else(stem);
        let name: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
        let swagger = self.version == SourceVersion::Swagger2;
        match segments.as_slice() {
            [components, kind, _] if components == "components" && !swagger => {
                return (vec!["components".to_owned(), kind.clone()], name);
            }
            [kind, _] if swagger && ["definitions", "parameters", "responses"].contains(&kind.as_str()) => {
                return (vec![kind.clone()], name);
            }
            _ => {}
        }
        let context: Vec<String> = place.segments().collect();
        let kind = match context.as_slice() {
            [.., parent, _] if parent == "parameters" => "parameters",
            [.., parent, _] if parent == "responses" => "responses",
            [.., last] if last == "requestBody" => "requestBodies",
            [.., parent, _] if parent == "headers" => "headers",
            [.., parent, _] if parent == "examples" => "examples",
            _ => "schemas",
        };
        if swagger {
            let section = match kind {
                "parameters" => "parameters",
                "responses" => "responses",
                _ => "definitions",
            };
            return (vec![section.to_owned()], name);
        }
        (vec!["components".to_owned(), kind.to_owned()], name)
    }
}

/// Whether two paths name one file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The place for `part` named `name` in `section`: the name itself when it
/// is free or holds the same value, else the name with the smallest number
/// suffix that is.
fn unique_place(document: &Value, section: &[String], name: &str, part: &Value) -> Pointer {
    let base = section.iter().fold(Pointer::root(), |pointer, segment| pointer.join(segment));
    (1..)
        .map(|number| if number == 1 { name.to_owned() } else { format!("{name}_{number}") })
        .map(|candidate| base.join(candidate))
        .find(|candidate| document.pointer(candidate.as_json_pointer()).is_none_or(|existing| existing == part))
        .unwrap_or(base)
}

/// The object at `section` of `document`, made where it is missing.
fn parent_object<'d>(document: &'d mut Value, section: &[String]) -> Option<&'d mut serde_json::Map<String, Value>> {
    let mut value = document;
    for segment in section {
        let object = value.as_object_mut()?;
        value = object.entry(segment.clone()).or_insert_with(|| Value::Object(serde_json::Map::new()));
    }
    value.as_object_mut()
}

/// Every `$ref` string under `at`, with the place of the object that
/// holds it; with `resources` (OpenAPI 3.1), none under a `$id`, which
/// the rewriting into 3.0 resolves against that identifier.
fn references_under(document: &Value, at: &Pointer, resources: bool) -> Vec<(Pointer, String)> {
    fn walk(value: &Value, pointer: &Pointer, resources: bool, out: &mut Vec<(Pointer, String)>) {
        match value {
            Value::Object(object) => {
                if resources && object.contains_key("$id") {
                    return;
                }
                if let Some(Value::String(reference)) = object.get("$ref") {
                    out.push((pointer.clone(), reference.clone()));
                }
                for (key, child) in object {
                    walk(child, &pointer.join(key), resources, out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, &pointer.join(index), resources, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(value) = document.pointer(at.as_json_pointer()) {
        walk(value, at, resources, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A folder of its own under the system's temporary folder.
    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("openapi-codegen-bundle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn parts_of_one_name_from_two_files_take_two_names_and_each_points_home() {
        let dir = folder("names");
        std::fs::write(dir.join("a.yaml"), "Pet: {type: object, properties: {a: {type: string}}}").unwrap();
        std::fs::write(dir.join("b.yaml"), "Pet: {type: object, properties: {b: {$ref: '#/Tag'}}}\nTag: {type: string}").unwrap();
        let mut document = json!({
            "openapi": "3.0.3",
            "components": {"schemas": {"holder": {"properties": {
                "a": {"$ref": "a.yaml#/Pet"}, "b": {"$ref": "b.yaml#/Pet"}, "again": {"$ref": "./a.yaml#/Pet"}
            }}}}
        });
        let (bundled, warnings) = bundle("root.yaml", Some(&dir.join("root.yaml")), &mut document, SourceVersion::OpenApi30);
        assert!(warnings.is_empty(), "{warnings:?}");
        let holder = &document["components"]["schemas"]["holder"]["properties"];
        let mut targets: Vec<&str> = ["a", "b", "again"].iter().filter_map(|name| holder[*name]["$ref"].as_str()).collect();
        targets.sort_unstable();
        assert_eq!(targets, ["#/components/schemas/Pet", "#/components/schemas/Pet", "#/components/schemas/Pet_2"]);
        // The local `#/Tag` of `b.yaml` is that file's `Tag`.
        assert_eq!(document["components"]["schemas"]["Tag"], json!({"type": "string"}));
        let origin = |pointer: &str| bundled.origin(&Pointer::from_fragment(pointer).unwrap()).map(|(file, at)| (file.to_owned(), at.to_string()));
        let b_pet = if holder["b"]["$ref"] == "#/components/schemas/Pet" { "#/components/schemas/Pet" } else { "#/components/schemas/Pet_2" };
        assert_eq!(origin(&format!("{b_pet}/properties/b")), Some(("b.yaml".to_owned(), "#/Pet/properties/b".to_owned())));
        assert_eq!(origin("#/components/schemas/holder"), None);
        // `Pet_2` is not a part of `Pet`.
        assert_ne!(origin("#/components/schemas/Pet_2").map(|(file, _)| file), origin("#/components/schemas/Pet").map(|(file, _)| file));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_reference_without_a_file_to_start_from_is_reported_and_left() {
        let mut document = json!({"openapi": "3.0.3", "components": {"schemas": {"a": {"$ref": "other.yaml#/B"}}}});
        let (bundled, warnings) = bundle("root.yaml", None, &mut document, SourceVersion::OpenApi30);
        assert!(bundled.is_empty());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, DiagnosticKind::ExternalRef);
        assert_eq!(warnings[0].1.to_string(), "#/components/schemas/a");
        assert_eq!(document["components"]["schemas"]["a"]["$ref"], "other.yaml#/B");
    }
}
