//! Snapshot tests: one small spec per corner case in `fixtures/`, each
//! with the whole generated `types.rs`, its `endpoints.rs` when it has
//! endpoints, and any warnings, as its snapshot.
//! Review changes with `cargo insta review`.

use std::fmt::Write as _;

use tests::{file, generate, project_root, specs_in, tests_dir};

fn render(output: &openapi_codegen::Output) -> String {
    let mut text = String::new();
    for warning in &output.warnings {
        let _ = writeln!(text, "{warning}");
    }
    if !output.warnings.is_empty() {
        text.push('\n');
    }
    text.push_str(file(output, "src/types.rs"));
    if !output.api.endpoints.is_empty() {
        text.push_str("\n// ---- src/endpoints.rs ----\n\n");
        text.push_str(file(output, "src/endpoints.rs"));
    }
    text
}

#[test]
fn fixtures() {
    let specs = specs_in(&tests_dir().join("fixtures"));
    assert!(specs.len() >= 10, "fixtures are missing: {specs:?}");
    for spec in specs {
        let name = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let output = generate(&spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        insta::assert_snapshot!(format!("fixture@{name}"), render(&output));
    }
}

#[test]
fn broken_specs_get_located_diagnostics() {
    let specs = specs_in(&tests_dir().join("fixtures").join("errors"));
    assert!(specs.len() >= 5, "error fixtures are missing: {specs:?}");
    for spec in specs {
        let name = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        match generate(&spec) {
            Ok(_) => panic!("{} generated without error", spec.display()),
            Err(err) => insta::assert_snapshot!(format!("error@{name}"), err.to_string()),
        }
    }
}

#[test]
fn seed_spec() {
    let output = generate(&project_root().join("specs").join("seed-connected-accounts-update.yaml")).unwrap();
    insta::assert_snapshot!("seed-connected-accounts-update", render(&output));
}

#[test]
fn output_is_the_same_on_every_run() {
    let spec = project_root().join("specs").join("seed-connected-accounts-update.yaml");
    let first = generate(&spec).unwrap();
    let second = generate(&spec).unwrap();
    assert_eq!(first.files, second.files);
}

#[test]
fn every_generated_file_starts_with_the_do_not_edit_line() {
    let output = generate(&tests_dir().join("fixtures").join("names.yaml")).unwrap();
    for generated in &output.files {
        let first_line = generated.contents.lines().next().unwrap_or_default();
        assert!(
            first_line.contains("by `cargo xtask codegen`") && first_line.contains("do not edit"),
            "{}: {first_line}",
            generated.path
        );
    }
}
