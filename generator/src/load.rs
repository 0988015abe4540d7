//! Loading a spec: text to a JSON value to `openapiv3::OpenAPI`.
//!
//! The raw JSON value is kept beside the typed document, because
//! `openapiv3` drops what it does not model (for instance the siblings of a
//! `$ref`, such as `nullable: true`), and because diagnostics point into it.

use std::path::Path;

use crate::diagnostics::{Error, Pointer};

/// A loaded OpenAPI 3.0 document.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file the spec came from, as shown in diagnostics.
    pub file: String,
    /// The document as plain JSON.
    pub raw: serde_json::Value,
    /// The document as `openapiv3` models it.
    pub document: openapiv3::OpenAPI,
}

/// Reads and parses the spec at `path` (YAML or JSON).
pub fn load_spec(path: &Path) -> Result<Spec, Error> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|err| Error::single(&file, &Pointer::root(), format!("cannot read the spec: {err}")))?;
    parse_spec(&file, &text)
}

/// Parses spec text (YAML or JSON); `file` names it in diagnostics.
pub fn parse_spec(file: &str, text: &str) -> Result<Spec, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw = parse_json_value(file, text)?;
    check_version(file, &raw)?;
    let document = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw).map_err(|err| {
        let pointer = pointer_of_path(err.path());
        Error::single(file, &pointer, format!("not a valid OpenAPI 3.0 document: {}", err.inner()))
    })?;
    Ok(Spec { file: file.to_owned(), raw, document })
}

fn parse_json_value(file: &str, text: &str) -> Result<serde_json::Value, Error> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|err| {
            let message = format!("not valid JSON (line {}, column {}): {err}", err.line(), err.column());
            Error::single(file, &Pointer::root(), message)
        });
    }
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| {
        let place = match err.location() {
            Some(location) => format!(" (line {}, column {})", location.line(), location.column()),
            None => String::new(),
        };
        Error::single(file, &Pointer::root(), format!("not valid YAML{place}: {err}"))
    })?;
    yaml.apply_merge()
        .map_err(|err| Error::single(file, &Pointer::root(), format!("invalid YAML merge key: {err}")))?;
    yaml_to_json(yaml, &Pointer::root()).map_err(|(pointer, message)| Error::single(file, &pointer, message))
}

/// Converts YAML to JSON; scalar mapping keys (`200:`) become strings, as
/// OpenAPI means them.
fn yaml_to_json(yaml: serde_yaml::Value, pointer: &Pointer) -> Result<serde_json::Value, (Pointer, String)> {
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
                out.push(yaml_to_json(item, &pointer.join(index))?);
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
                let value = yaml_to_json(value, &pointer.join(&key))?;
                out.insert(key, value);
            }
            serde_json::Value::Object(out)
        }
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

fn check_version(file: &str, raw: &serde_json::Value) -> Result<(), Error> {
    let root = Pointer::root();
    if !raw.is_object() {
        return Err(Error::single(file, &root, "the document is not a mapping of OpenAPI fields"));
    }
    if let Some(swagger) = raw.get("swagger") {
        let message = format!(
            "Swagger {} documents are not supported: convert the document to OpenAPI 3.0 first",
            swagger.as_str().unwrap_or("2.0")
        );
        return Err(Error::single(file, &root.join("swagger"), message));
    }
    let pointer = root.join("openapi");
    match raw.get("openapi") {
        None => Err(Error::single(file, &root, "the `openapi` field is missing: this is not an OpenAPI document")),
        Some(serde_json::Value::String(version)) if version.starts_with("3.0.") || version == "3.0" => Ok(()),
        Some(serde_json::Value::String(version)) if version.starts_with("3.") => Err(Error::single(
            file,
            &pointer,
            format!("OpenAPI {version} is not supported: only OpenAPI 3.0.x is (3.1 changes the meaning of schemas)"),
        )),
        Some(other) => Err(Error::single(file, &pointer, format!("OpenAPI version {other} is not supported: only 3.0.x is"))),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn first_message(text: &str) -> String {
        let err = parse_spec("spec.yaml", text).unwrap_err();
        err.diagnostics[0].to_string()
    }

    #[test]
    fn refuses_openapi_3_1_and_swagger() {
        assert!(first_message("openapi: 3.1.0\ninfo: {title: t, version: v}\npaths: {}\n").contains("OpenAPI 3.1.0 is not supported"));
        assert!(first_message("swagger: '2.0'\n").contains("Swagger 2.0 documents are not supported"));
        assert!(first_message("info: {}\n").contains("`openapi` field is missing"));
    }

    #[test]
    fn accepts_a_byte_order_mark_and_json() {
        let text = "\u{feff}{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}";
        let spec = parse_spec("spec.json", text).unwrap();
        assert_eq!(spec.document.info.title, "t");
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
}
