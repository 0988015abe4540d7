//! Property test of the generator: specs built at random from awkward
//! names, nasty text and every shape the generator knows (references,
//! recursion, unions, enums of any values, nullable, maps, bodies of every
//! media type, parameters in every place and style), some of them broken
//! on purpose.
//!
//! For each, generating must not panic, and either succeed with Rust that
//! parses, or fail; either way every warning and error must point below
//! the root of the document (unless its kind is about the whole document),
//! and none may be an internal error. A few of the specs that
//! generate are also compiled, with clippy denying warnings, in a scratch
//! workspace. The number of cases is bounded (`PROPTEST_CASES`, 128 by
//! default) so that the test runs in CI in seconds.

use openapi_codegen::DiagnosticKind;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tests::{cargo_in, project_root, write_scratch_workspace};

/// Names that have broken generators: keywords, std names, digits,
/// punctuation, non-ASCII letters, the empty name, and pairs that collide
/// once their case is changed.
const NAMES: &[&str] = &[
    "type", "ref", "self", "Self", "crate", "super", "async", "move", "where", "match", "fn", "Option", "Result",
    "String", "Box", "Vec", "Error", "401k", "+1", "$ref", "a-b", "a.b", "with space", "dør", "", "fooBar", "foo_bar",
    "FooBar", "unknown", "Unknown", "id", "value", "request", "response", "_", "__", "0",
];

/// Text that could break out of a doc comment or become a doctest.
const TEXTS: &[&str] = &[
    "Ends a comment */ and /* opens one",
    "```\nfn main() { panic!(\"doctest\") }\n```",
    "    indented code",
    "#[derive(Debug)] r#\"raw\"# `tick",
    "<script>alert(1)</script> [link](x) [broken",
    "\\ backslash \" quote",
    "",
];

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES).prop_map(str::to_owned)
}

fn text() -> impl Strategy<Value = String> {
    prop::sample::select(TEXTS).prop_map(str::to_owned)
}

/// A reference to one of the component schemas `c0`…`c3` (or one that is
/// missing, now and then).
fn reference() -> impl Strategy<Value = Value> {
    prop_oneof![
        30 => (0..4usize).prop_map(|index| json!({"$ref": format!("#/components/schemas/c{index}")})),
        1 => Just(json!({"$ref": "#/components/schemas/missing"})),
        3 => (0..4usize, any::<bool>())
            .prop_map(|(index, nullable)| json!({"$ref": format!("#/components/schemas/c{index}"), "nullable": nullable})),
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "integer", "format": "int64"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        Just(json!({"type": "object"})),
        Just(json!({"type": "strange"})),
        prop::collection::vec(name(), 1..5).prop_map(|values| json!({"type": "string", "enum": values})),
        prop::collection::vec(-3i64..500, 1..4).prop_map(|values| json!({"type": "integer", "enum": values})),
        Just(json!({"enum": [1, "one", true, null]})),
        Just(json!({"not": {"type": "string"}})),
    ]
}

/// A schema, nested up to a few levels.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![3 => scalar(), 1 => reference()];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            (prop::collection::btree_map(name(), inner.clone(), 0..5), prop::collection::vec(name(), 0..3), text())
                .prop_map(|(properties, required, description)| {
                    json!({"type": "object", "properties": properties, "required": required, "description": description})
                }),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            inner.clone().prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|variants| json!({"oneOf": variants})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|variants| json!({"anyOf": variants})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|parts| json!({"allOf": parts})),
            (inner.clone(), any::<bool>()).prop_map(|(mut schema, nullable)| {
                if let Value::Object(members) = &mut schema {
                    members.insert("nullable".to_owned(), Value::Bool(nullable));
                }
                schema
            }),
            (name(), prop::collection::vec((name(), inner), 1..3)).prop_map(|(tag, variants)| {
                let variants: Vec<Value> = variants
                    .into_iter()
                    .map(|(value, schema)| {
                        json!({"type": "object", "required": [tag.clone()], "properties": {
                            tag.clone(): {"type": "string", "enum": [value]}, "body": schema}})
                    })
                    .collect();
                json!({"oneOf": variants, "discriminator": {"propertyName": tag}})
            }),
        ]
    })
}

fn parameter() -> impl Strategy<Value = Value> {
    let place = prop::sample::select(&["query", "header", "cookie", "path"][..]);
    let style = prop::sample::select(&["form", "spaceDelimited", "pipeDelimited", "deepObject", "simple", "label", "matrix"][..]);
    (name(), place, style, any::<bool>(), schema()).prop_map(|(name, place, style, explode, schema)| {
        json!({"name": name, "in": place, "style": style, "explode": explode, "required": place == "path", "schema": schema})
    })
}

fn media_type() -> impl Strategy<Value = &'static str> {
    prop::sample::select(
        &[
            "application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "text/plain",
            "application/octet-stream",
            "application/vnd.api+json",
        ][..],
    )
}

fn operation() -> impl Strategy<Value = Value> {
    (
        prop::option::of(name()),
        prop::collection::vec(parameter(), 0..4),
        prop::option::of((media_type(), schema())),
        prop::option::of((media_type(), schema())),
        text(),
    )
        .prop_map(|(operation_id, parameters, body, response, description)| {
            let mut operation = Map::new();
            if let Some(id) = operation_id {
                operation.insert("operationId".to_owned(), Value::String(id));
            }
            operation.insert("description".to_owned(), Value::String(description));
            operation.insert("parameters".to_owned(), Value::from(parameters));
            if let Some((media_type, schema)) = body {
                operation.insert("requestBody".to_owned(), json!({"content": {media_type: {"schema": schema}}}));
            }
            let response = match response {
                Some((media_type, schema)) => json!({"description": "ok", "content": {media_type: {"schema": schema}}}),
                None => json!({"description": "nothing"}),
            };
            operation.insert("responses".to_owned(), json!({"200": response}));
            Value::Object(operation)
        })
}

fn spec() -> impl Strategy<Value = Value> {
    let method = prop::sample::select(&["get", "post", "put", "delete", "patch"][..]);
    (
        prop::collection::vec(schema(), 4),
        prop::collection::vec((name(), name(), method, operation()), 0..5),
        text(),
    )
        .prop_map(|(schemas, operations, description)| {
            let mut components = Map::new();
            for (index, schema) in schemas.into_iter().enumerate() {
                components.insert(format!("c{index}"), schema);
            }
            let mut paths = Map::new();
            for (first, second, method, operation) in operations {
                let path = format!("/{first}/{{{second}}}");
                let item = paths.entry(path).or_insert_with(|| json!({}));
                item[method] = operation;
            }
            json!({
                "openapi": "3.0.3",
                "info": {"title": "Fuzzed", "version": "1", "description": description},
                "paths": paths,
                "components": {"schemas": components},
            })
        })
}

/// What happened to one spec.
enum Outcome {
    /// Generated; every Rust file parses.
    Generated,
    /// Refused with located diagnostics.
    Refused,
}

/// Every diagnostic points below the root of the document, unless its kind
/// is about the whole document by nature (not YAML, not OpenAPI 3.0); an
/// internal error is a bug whatever its place.
fn check_located(diagnostics: &[openapi_codegen::Diagnostic], text: &str) -> Result<(), TestCaseError> {
    for diagnostic in diagnostics {
        prop_assert!(diagnostic.kind != DiagnosticKind::Internal, "an internal error: {diagnostic}\nspec: {text}");
        prop_assert!(
            diagnostic.kind.is_whole_document() || !diagnostic.pointer.trim_start_matches('#').is_empty(),
            "a diagnostic at the root of the document: {diagnostic}\nspec: {text}"
        );
    }
    Ok(())
}

fn check(spec: &Value) -> Result<Outcome, TestCaseError> {
    let text = spec.to_string();
    let parsed = openapi_codegen::parse_spec("fuzzed.json", &text);
    let result = parsed.and_then(|spec| openapi_codegen::generate(&spec, &openapi_codegen::Settings::new("fuzzed")));
    match result {
        Ok(output) => {
            for file in output.files.iter().filter(|file| file.path.ends_with(".rs")) {
                if let Err(err) = syn::parse_file(&file.contents) {
                    return Err(TestCaseError::fail(format!("{} does not parse: {err}\nspec: {text}", file.path)));
                }
            }
            check_located(&output.warnings, &text)?;
            Ok(Outcome::Generated)
        }
        Err(error) => {
            prop_assert!(error.n_errors() > 0, "a failed run without an error: {error}");
            check_located(&error.diagnostics, &text)?;
            Ok(Outcome::Refused)
        }
    }
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(128);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_specs_generate_parsing_code_or_located_errors(spec in spec()) {
        check(&spec)?;
    }
}

/// A handful of random specs that generate (from a fixed seed, so the
/// same ones every run) compile cleanly, with clippy denying warnings.
#[test]
fn a_sample_of_random_specs_compiles_cleanly() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(ProptestConfig::default(), rng);
    let dir = project_root().join("target").join("fuzz-workspace");
    let mut crates = Vec::new();
    let mut specs = Vec::new();
    let mut attempts = 0;
    while crates.len() < 6 {
        attempts += 1;
        assert!(attempts < 200, "too few random specs generate: {} of {attempts}", crates.len());
        let spec = spec().new_tree(&mut runner).expect("a random spec").current();
        let Ok(Outcome::Generated) = check(&spec) else { continue };
        let member = format!("fuzzed-{}", crates.len());
        let parsed = openapi_codegen::parse_spec("fuzzed.json", &spec.to_string()).expect("it generated once");
        let output = openapi_codegen::generate(&parsed, &openapi_codegen::Settings::new(&member)).expect("it generated once");
        crates.push((member.clone(), output.files));
        specs.push((member, spec));
    }
    write_scratch_workspace(&dir, &crates);
    // The specs beside their crates, to reproduce a failure.
    for (member, spec) in specs {
        std::fs::write(dir.join(format!("{member}.json")), serde_json::to_string_pretty(&spec).unwrap()).unwrap();
    }
    cargo_in(&dir, &["clippy", "--quiet", "--offline", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"], &[]);
}

/// A spec the random ones never are: without `components`, with a `$ref`
/// to a schema elsewhere in the document. Lowering looked such schemas up
/// among the component schemas, which it had not registered, and panicked.
#[test]
fn a_spec_without_components_may_point_at_schemas_elsewhere() {
    let item = json!({"type": "object", "properties": {"x": {"type": "string"}}});
    let reference = json!({"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"});
    let response = |schema: Value| json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}});
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "No components", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "getA", "responses": response(item)}},
            "/b": {"get": {"operationId": "getB", "responses": response(reference)}},
        },
    });
    let parsed = openapi_codegen::parse_spec("no-components.json", &spec.to_string()).expect("the spec is valid");
    let output = openapi_codegen::generate(&parsed, &openapi_codegen::Settings::new("no-components")).expect("it generates");
    let file = |path: &str| &output.files.iter().find(|file| file.path == path).expect("a generated file").contents;
    // The schema `$ref` points at is a type, named after its place, that `getB` returns.
    assert!(file("src/types.rs").contains("pub struct Schema {"), "no `Schema` type:\n{}", file("src/types.rs"));
    let endpoints = file("src/endpoints.rs");
    assert!(endpoints.contains("Result<crate::types::Schema, crate::Error>"), "`getB` does not return `Schema`:\n{endpoints}");
}
