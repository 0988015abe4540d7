//! Sample values: for each schema, a small JSON value the schema accepts.
//!
//! The conformance driver (see `emit::conformance`) calls every operation
//! once with a minimal valid request: required parameters and required body
//! properties, with values from the spec's `example`, `enum` or `default`
//! where it gives them, else made up from the type, format and constraints.
//! Samples are plain data in the IR ([`crate::ir::Sample`]), so the driver's
//! emission is a straight translation.

use serde_json::{Map, Value};

/// How deep a sample follows `$ref`s and nested schemas; past it, a
/// property is left out (recursive schemas would never end).
const MAX_DEPTH: usize = 12;

/// A value `schema` accepts; `document` resolves its local `$ref`s.
/// `None` when no value can be made (a schema too deep, a `$ref` that
/// points nowhere).
pub(crate) fn sample(schema: &Value, document: &Value) -> Option<Value> {
    Sampler { document, text: false }.value(schema, 0)
}

/// Like [`sample`], for a parameter: its value travels as text, so of the
/// variants of a `oneOf` a string is preferred (`1` would match both
/// `integer` and `string` once in a path, a word only `string`).
pub(crate) fn parameter_sample(schema: &Value, document: &Value) -> Option<Value> {
    Sampler { document, text: true }.value(schema, 0)
}

/// The first example a parameter or media type gives that is of its
/// schema's type: its `example`, or the `value` of one of its `examples`.
pub(crate) fn given_example(object: &Value, document: &Value) -> Option<Value> {
    let sampler = Sampler { document, text: false };
    let schema = object.get("schema").unwrap_or(&Value::Bool(true));
    let fits = |value: &Value| sampler.fits(value, schema);
    if let Some(example) = object.get("example").filter(|example| fits(example)) {
        return Some(example.clone());
    }
    let examples = object.get("examples")?.as_object()?;
    examples.values().find_map(|example| {
        let example = match example.get("$ref").and_then(Value::as_str) {
            Some(reference) => document.pointer(reference.strip_prefix('#')?)?,
            None => example,
        };
        example.get("value").filter(|value| fits(value)).cloned()
    })
}

struct Sampler<'d> {
    document: &'d Value,
    /// Whether the value is a parameter's, sent as text.
    text: bool,
}

impl Sampler<'_> {
    fn resolve<'v>(&'v self, schema: &'v Value) -> Option<&'v Value> {
        let mut schema = schema;
        // References to references, within reason.
        for _ in 0..MAX_DEPTH {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => schema = self.document.pointer(reference.strip_prefix('#')?)?,
                None => return Some(schema),
            }
        }
        None
    }

    fn value(&self, schema: &Value, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let schema = self.resolve(schema)?;
        let Some(object) = schema.as_object() else {
            // `true`, or a schema that is not an object: anything goes.
            return Some(Value::String("string".to_owned()));
        };
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            if let Some(first) = values.iter().find(|value| !value.is_null()) {
                return Some(first.clone());
            }
        }
        for keyword in ["example", "default"] {
            if let Some(value) = object.get(keyword) {
                if !value.is_null() && self.fits(value, schema) {
                    return Some(value.clone());
                }
            }
        }
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            let mut other = None;
            for part in parts {
                match self.value(part, depth + 1)? {
                    Value::Object(members) => merged.extend(members),
                    value => other = Some(value),
                }
            }
            // The properties beside `allOf` count too (a required one that
            // a part defines has that part's value already).
            if let Some(Value::Object(members)) = self.object(object, depth) {
                for (name, value) in members {
                    merged.entry(name).or_insert(value);
                }
            }
            // Lowering makes a struct of an `allOf` with an object part,
            // leaving other parts out: so does the sample.
            return Some(match other {
                Some(value) if parts.len() == 1 && merged.is_empty() => value,
                _ => Value::Object(merged),
            });
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(variants) = object.get(keyword).and_then(Value::as_array) {
                let is_string = |variant: &&Value| {
                    self.resolve(variant).and_then(|variant| variant.get("type")).and_then(Value::as_str) == Some("string")
                };
                let mut ordered: Vec<&Value> = variants.iter().filter(|variant| !self.is_null_schema(variant)).collect();
                if self.text {
                    ordered.sort_by_key(|variant| !is_string(variant));
                }
                let chosen = ordered.into_iter().find_map(|variant| {
                    let mut value = self.value(variant, depth + 1)?;
                    // Properties beside `oneOf` (a shared discriminator, say) count too.
                    if let (Value::Object(members), Some(Value::Object(outer))) = (&mut value, self.object(object, depth)) {
                        for (key, outer_value) in outer {
                            members.entry(key).or_insert(outer_value);
                        }
                    }
                    Some(value)
                });
                if chosen.is_some() {
                    return chosen;
                }
            }
        }
        let kind = match object.get("type") {
            Some(Value::String(kind)) => kind.as_str(),
            // 3.1 lists several types: the first that is not `null`.
            Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).find(|kind| *kind != "null").unwrap_or("null"),
            _ if object.contains_key("properties") => "object",
            _ if object.contains_key("items") => "array",
            _ => "",
        };
        match kind {
            "object" => self.object(object, depth),
            "array" => {
                // One item at least: an empty array is no parameter at all in
                // a query, and says little of a body.
                let max = object.get("maxItems").and_then(Value::as_u64).unwrap_or(3);
                let count = object.get("minItems").and_then(Value::as_u64).unwrap_or(1).max(1).min(max).min(3);
                let items = object.get("items").cloned().unwrap_or(Value::Bool(true));
                let mut values = Vec::new();
                for _ in 0..count {
                    values.push(self.value(&items, depth + 1)?);
                }
                Some(Value::Array(values))
            }
            "string" => Some(Value::String(string_sample(object))),
            "integer" => Some(number_sample(object, true)),
            "number" => Some(number_sample(object, false)),
            "boolean" => Some(Value::Bool(true)),
            "null" => Some(Value::Null),
            _ => Some(Value::String("string".to_owned())),
        }
    }

    /// Whether `value` is of the JSON type `schema` names (a shallow check:
    /// examples in specs are sometimes of another type, such as JSON text
    /// in a string where an object is expected).
    fn fits(&self, value: &Value, schema: &Value) -> bool {
        let Some(schema) = self.resolve(schema) else { return false };
        let kinds: Vec<&str> = match schema.get("type") {
            Some(Value::String(kind)) => vec![kind.as_str()],
            Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
            _ if schema.get("properties").is_some() => vec!["object"],
            _ => return true,
        };
        kinds.iter().any(|kind| match *kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.as_str().is_some_and(|text| matches_pattern(schema, text)),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => true,
        })
    }

    /// The schema of the property `name` of `object`: its own, or that of
    /// a part of its `allOf` (a schema may require a property one of its
    /// parts defines).
    fn property_schema<'v>(&'v self, object: &'v Map<String, Value>, name: &str, depth: usize) -> Option<&'v Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(schema) = object.get("properties").and_then(|properties| properties.get(name)) {
            return Some(schema);
        }
        let parts = object.get("allOf").and_then(Value::as_array)?;
        parts.iter().find_map(|part| self.property_schema(self.resolve(part)?.as_object()?, name, depth + 1))
    }

    fn is_null_schema(&self, schema: &Value) -> bool {
        self.resolve(schema).and_then(|schema| schema.get("type")).and_then(Value::as_str) == Some("null")
    }

    /// An object with the required properties of `object`; for a
    /// parameter, with all of them (an object parameter with no member is
    /// no text at all in a path).
    fn object(&self, object: &Map<String, Value>, depth: usize) -> Option<Value> {
        let properties = object.get("properties").and_then(Value::as_object);
        let required = object.get("required").and_then(Value::as_array);
        let mut names: Vec<&str> = required.into_iter().flatten().filter_map(Value::as_str).collect();
        if self.text {
            names.extend(properties.into_iter().flat_map(|properties| properties.keys().map(String::as_str)));
            names.dedup();
        }
        let mut members = Map::new();
        for name in names {
            if members.contains_key(name) {
                continue;
            }
            let schema = self.property_schema(object, name, 0).cloned().unwrap_or(Value::Bool(true));
            // A read-only property is never sent.
            if self.resolve(&schema).and_then(|schema| schema.get("readOnly")).and_then(Value::as_bool) == Some(true) {
                continue;
            }
            members.insert(name.to_owned(), self.value(&schema, depth + 1)?);
        }
        Some(Value::Object(members))
    }
}

/// A string the string schema `object` accepts: one for its format, within
/// its lengths.
fn string_sample(object: &Map<String, Value>) -> String {
    let format = object.get("format").and_then(Value::as_str).unwrap_or_default();
    let text = match format {
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "time" => "00:00:00",
        "uuid" => "00000000-0000-4000-8000-000000000000",
        "email" => "user@example.com",
        "uri" | "url" | "uri-reference" | "iri" => "https://example.com",
        "hostname" => "example.com",
        "ipv4" => "127.0.0.1",
        "ipv6" => "::1",
        "byte" => "c3RyaW5n",
        _ => "string",
    };
    let min = object.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    let max = object.get("maxLength").and_then(Value::as_u64);
    let mut text = text.to_owned();
    let min = usize::try_from(min).unwrap_or(0).min(256);
    while text.len() < min {
        text.push('s');
    }
    let max = max.and_then(|max| usize::try_from(max).ok());
    if let Some(max) = max {
        if format.is_empty() || format == "password" {
            text.truncate(max.max(min));
        }
    }
    if let Some(pattern) = object.get("pattern").and_then(Value::as_str) {
        if !regex::Regex::new(pattern).is_ok_and(|regex| regex.is_match(&text)) {
            if let Some(matching) = pattern_sample(pattern, min, max) {
                return matching;
            }
        }
    }
    text
}

/// Whether `text` matches the `pattern` of the string schema `schema`, if
/// it has one the `regex` crate reads (one it cannot read rules nothing out).
fn matches_pattern(schema: &Value, text: &str) -> bool {
    let Some(pattern) = schema.get("pattern").and_then(Value::as_str) else { return true };
    regex::Regex::new(pattern).map_or(true, |regex| regex.is_match(text))
}

/// A string that matches `pattern` and has between `min` and `max`
/// characters. The pattern is an ECMA-262 regular expression (JSON Schema
/// says so), read with the syntax of the `regex` crate, which shares its
/// common part. The string is made by walking the pattern's syntax tree:
/// the first alternative, as few repetitions as the lengths allow, and of
/// each class a letter or digit where it has one. `None` when the pattern
/// uses what `regex` does not read (lookaround, backreferences) or no
/// string made so fits; every string returned has been checked against
/// the compiled pattern.
fn pattern_sample(pattern: &str, min: usize, max: Option<usize>) -> Option<String> {
    let tree = regex_syntax::parse(pattern).ok()?;
    let regex = regex::Regex::new(pattern).ok()?;
    let fits = |text: &str| {
        let length = text.chars().count();
        length >= min && max.is_none_or(|max| length <= max) && regex.is_match(text)
    };
    // How many times an open repetition (`+`, `*`, `{2,}`) repeats: once
    // first (a parameter is never empty), then as the lengths need.
    [1, 0, 2, 3, 4, 8, 16, min].into_iter().find_map(|stretch| {
        let mut text = String::new();
        write_pattern_sample(&tree, stretch, &mut text);
        fits(&text).then_some(text)
    })
}

/// Appends to `out` a string the syntax tree `tree` matches, repeating each
/// repetition `stretch` times within its bounds.
fn write_pattern_sample(tree: &regex_syntax::hir::Hir, stretch: usize, out: &mut String) {
    use regex_syntax::hir::{Class, HirKind};
    // No sample is longer than this: past it, a repetition stops early and
    // the check of the whole string decides.
    const LONGEST: usize = 1024;
    match tree.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(char, char)> = class.ranges().iter().map(|range| (range.start(), range.end())).collect();
            out.extend(sample_char(&ranges));
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ascii = class.ranges().iter().filter(|range| range.start().is_ascii());
            let ranges: Vec<(char, char)> = ascii.map(|range| (char::from(range.start()), char::from(range.end().min(0x7f)))).collect();
            out.extend(sample_char(&ranges));
        }
        HirKind::Repetition(repetition) => {
            let at_least = usize::try_from(repetition.min).unwrap_or(usize::MAX);
            let at_most = repetition.max.map_or(usize::MAX, |max| usize::try_from(max).unwrap_or(usize::MAX));
            let count = at_least.max(stretch.min(at_most));
            for _ in 0..count {
                if out.len() > LONGEST {
                    break;
                }
                write_pattern_sample(&repetition.sub, stretch, out);
            }
        }
        HirKind::Capture(capture) => write_pattern_sample(&capture.sub, stretch, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| write_pattern_sample(part, stretch, out)),
        HirKind::Alternation(alternatives) => {
            if let Some(first) = alternatives.first() {
                write_pattern_sample(first, stretch, out);
            }
        }
    }
}

/// A character of a class given by its ranges: a lowercase letter, a digit
/// or an uppercase letter where it has one (they travel in a URL as they
/// are), else unreserved punctuation, else any printable ASCII, else the
/// class's first character.
fn sample_char(ranges: &[(char, char)]) -> Option<char> {
    let contains = |c: &char| ranges.iter().any(|(start, end)| start <= c && c <= end);
    let preferred = ('a'..='z').chain('0'..='9').chain('A'..='Z').chain(['-', '_', '.', '~']).chain('!'..='~');
    preferred.into_iter().find(contains).or_else(|| ranges.first().map(|(start, _)| *start))
}

/// A number the numeric schema `object` accepts: 1 unless its bounds or
/// `multipleOf` say otherwise.
fn number_sample(object: &Map<String, Value>, integer: bool) -> Value {
    let get = |keyword: &str| object.get(keyword).and_then(Value::as_f64);
    // 3.0 makes `exclusiveMinimum` a flag on `minimum`; 3.1 a number.
    let exclusive = |keyword: &str| object.get(keyword).and_then(Value::as_bool).unwrap_or(false);
    let step = get("multipleOf").filter(|step| *step > 0.0);
    let mut value = step.unwrap_or(1.0);
    if let Some(minimum) = get("minimum") {
        if value < minimum || (exclusive("exclusiveMinimum") && value <= minimum) {
            value = minimum + if exclusive("exclusiveMinimum") { step.unwrap_or(1.0) } else { 0.0 };
        }
    }
    if let Some(minimum) = object.get("exclusiveMinimum").and_then(Value::as_f64) {
        if value <= minimum {
            value = minimum + step.unwrap_or(1.0);
        }
    }
    if let Some(maximum) = get("maximum") {
        if value > maximum {
            value = maximum - if exclusive("exclusiveMaximum") { step.unwrap_or(1.0) } else { 0.0 };
        }
    }
    if let Some(maximum) = object.get("exclusiveMaximum").and_then(Value::as_f64) {
        if value >= maximum {
            value = maximum - step.unwrap_or(1.0);
        }
    }
    if let Some(step) = step {
        value = (value / step).ceil() * step;
    }
    if integer {
        // Within `i64` by construction of the bounds above, or saturated.
        Value::from(value.ceil() as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::from(1), Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn samples_follow_the_schema() {
        let document = json!({
            "components": { "schemas": {
                "Pet": { "type": "object", "required": ["name", "id"], "properties": {
                    "name": { "type": "string", "minLength": 10 },
                    "id": { "type": "integer", "readOnly": true },
                    "tag": { "type": "string" }
                }},
                "Node": { "type": "object", "required": ["next"], "properties": { "next": { "$ref": "#/components/schemas/Node" } } }
            }}
        });
        let pet = sample(&json!({ "$ref": "#/components/schemas/Pet" }), &document);
        assert_eq!(pet, Some(json!({ "name": "stringssss" })));
        assert_eq!(sample(&json!({ "type": "string", "enum": ["b", "a"] }), &document), Some(json!("b")));
        assert_eq!(sample(&json!({ "type": "integer", "minimum": 5 }), &document), Some(json!(5)));
        assert_eq!(sample(&json!({ "type": "integer", "maximum": 0 }), &document), Some(json!(0)));
        assert_eq!(sample(&json!({ "type": "integer", "multipleOf": 7 }), &document), Some(json!(7)));
        assert_eq!(sample(&json!({ "type": "number", "minimum": 0, "exclusiveMinimum": true }), &document), Some(json!(1.0)));
        assert_eq!(sample(&json!({ "type": "string", "format": "uuid" }), &document), Some(json!("00000000-0000-4000-8000-000000000000")));
        assert_eq!(sample(&json!({ "type": "string", "maxLength": 3 }), &document), Some(json!("str")));
        assert_eq!(sample(&json!({ "type": "array", "minItems": 2, "items": { "type": "boolean" } }), &document), Some(json!([true, true])));
        assert_eq!(sample(&json!({ "type": "array", "items": { "type": "boolean" } }), &document), Some(json!([true])));
        assert_eq!(sample(&json!({ "type": "array", "maxItems": 0, "items": { "type": "boolean" } }), &document), Some(json!([])));
        // A parameter's `oneOf` prefers a string, which only a string schema matches.
        let id = json!({ "oneOf": [{ "type": "integer" }, { "type": "string" }] });
        assert_eq!(sample(&id, &document), Some(json!(1)));
        assert_eq!(parameter_sample(&id, &document), Some(json!("string")));
        let filter = json!({ "type": "object", "properties": { "name": { "type": "string" } } });
        assert_eq!(sample(&filter, &document), Some(json!({})));
        assert_eq!(parameter_sample(&filter, &document), Some(json!({ "name": "string" })));
        // An `allOf` with an object part is an object, as its Rust type is a struct.
        assert_eq!(sample(&json!({ "allOf": [{ "type": "integer" }, { "type": "object" }] }), &document), Some(json!({})));
        assert_eq!(
            sample(&json!({ "allOf": [{ "$ref": "#/components/schemas/Pet" }, { "type": "object", "required": ["x"], "properties": { "x": { "type": "boolean" } } }] }), &document),
            Some(json!({ "name": "stringssss", "x": true }))
        );
        // A property required beside `allOf` and defined in one of its parts
        // has the part's type.
        let required_outside = json!({ "required": ["flag"], "allOf": [{ "properties": { "flag": { "type": "boolean" } } }] });
        assert_eq!(sample(&required_outside, &document), Some(json!({ "flag": true })));
        assert_eq!(sample(&json!({ "oneOf": [{ "type": "null" }, { "type": "boolean" }] }), &document), Some(json!(true)));
        assert_eq!(sample(&json!({ "type": ["null", "integer"] }), &document), Some(json!(1)));
        // A required property that needs itself forever cannot be sampled.
        assert_eq!(sample(&json!({ "$ref": "#/components/schemas/Node" }), &document), None);
        assert_eq!(sample(&json!({ "$ref": "#/components/schemas/Missing" }), &document), None);
    }

    #[test]
    fn strings_with_a_pattern_match_it() {
        let document = json!({});
        let string = |schema: Value| sample(&schema, &document).and_then(|value| value.as_str().map(str::to_owned));
        let cases = [
            // The plain sample is kept when it matches.
            (json!({ "type": "string", "pattern": "^[a-z0-9-]+$" }), "string"),
            (json!({ "type": "string", "pattern": "^[0-9-]+$" }), "0"),
            (json!({ "type": "string", "pattern": "^v[0-9]+\\.[0-9]+$" }), "v0.0"),
            (json!({ "type": "string", "pattern": "^[A-Z]{3}$" }), "AAA"),
            (json!({ "type": "string", "pattern": "^(stable|beta)-[0-9]{2,}$" }), "stable-00"),
            (json!({ "type": "string", "pattern": "^[^s]+$", "minLength": 4 }), "aaaa"),
            (json!({ "type": "string", "pattern": "^\\d{4}-\\d{2}$" }), "0000-00"),
            (json!({ "type": "string", "pattern": "^[a-f0-9]{24}$" }), "aaaaaaaaaaaaaaaaaaaaaaaa"),
            // The format's sample is kept when it matches.
            (json!({ "type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" }), "2024-01-01"),
            // A pattern the `regex` crate cannot read leaves the sample as it was.
            (json!({ "type": "string", "pattern": "^(?!x)" }), "string"),
        ];
        for (schema, expected) in cases {
            assert_eq!(string(schema.clone()).as_deref(), Some(expected), "{schema}");
            if let Some(pattern) = schema.get("pattern").and_then(Value::as_str).filter(|pattern| !pattern.contains("?!")) {
                assert!(regex::Regex::new(pattern).unwrap().is_match(expected), "{pattern} does not match {expected}");
            }
        }
        // An example that does not match the pattern is not used.
        let with_example = json!({ "type": "string", "pattern": "^[0-9]+$", "example": "abc" });
        assert_eq!(sample(&with_example, &document), Some(json!("0")));
        // No string within the lengths matches: the plain sample stays.
        assert_eq!(pattern_sample("^[a-z]{5}$", 0, Some(3)), None);
    }

    #[test]
    fn given_examples() {
        let document = json!({ "components": { "examples": { "one": { "value": 1 } } } });
        assert_eq!(given_example(&json!({ "example": "x" }), &document), Some(json!("x")));
        assert_eq!(given_example(&json!({ "examples": { "a": { "$ref": "#/components/examples/one" } } }), &document), Some(json!(1)));
        assert_eq!(given_example(&json!({}), &document), None);
        // An example of another type than the schema's is not used.
        assert_eq!(given_example(&json!({ "example": "{}", "schema": { "type": "object" } }), &document), None);
    }
}
