//! The crate generated for every fixture (those of `fixtures/warnings/`
//! too), and for every OpenAPI 3.0 and 3.1 and Swagger 2.0 example of npm
//! `@readme/oas-examples` (petstore, discriminators, polymorphism, circular
//! schemas, parameter styles, file uploads, webhooks, …),
//! compiles: each becomes a member of one scratch workspace, which must
//! pass `cargo clippy` with warnings denied, `cargo doc` with warnings
//! denied, and its doctests (a description that became a doctest would
//! fail there).

use std::path::PathBuf;

use tests::{cargo_in, generate_named, project_root, specs_in, tests_dir, write_scratch_workspace};

/// The examples of `@readme/oas-examples` (installed by `cargo xtask
/// test` with `npm ci` in `tests/e2e`), with member names: the OpenAPI 3.0
/// ones (`oas-…`), the OpenAPI 3.1 ones (`oas31-…`) and the Swagger 2.0
/// ones (`oas20-…`).
fn oas_examples() -> Vec<(String, PathBuf)> {
    let base = tests_dir().join("e2e/node_modules/@readme/oas-examples");
    assert!(base.is_dir(), "@readme/oas-examples is not installed: `cargo xtask test` installs it (`npm ci` in tests/e2e)");
    let root = base.join("3.0/json");
    let mut examples = Vec::new();
    for (dir, prefix) in [
        (root.clone(), "oas"),
        (root.join("openapi-workshop"), "oas-workshop"),
        (base.join("3.1/json"), "oas31"),
        (base.join("2.0/json"), "oas20"),
    ] {
        for spec in specs_in(&dir) {
            let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
            examples.push((format!("{prefix}-{stem}").to_ascii_lowercase(), spec));
        }
    }
    examples
}

#[test]
fn generated_crate_of_every_fixture_compiles_lints_and_documents_cleanly() {
    let dir = project_root().join("target").join("fixture-workspace");
    let mut specs: Vec<(String, PathBuf)> = specs_in(&tests_dir().join("fixtures"))
        .into_iter()
        .chain([project_root().join("specs").join("seed-connected-accounts-update.yaml")])
        .map(|spec| (spec.file_stem().unwrap().to_string_lossy().into_owned(), spec))
        .collect();
    // The fallbacks each warning names compile too.
    let warnings = specs_in(&tests_dir().join("fixtures").join("warnings"));
    assert!(!warnings.is_empty(), "warning fixtures are missing");
    specs.extend(warnings.into_iter().map(|spec| (format!("warning-{}", spec.file_stem().unwrap().to_string_lossy()), spec)));
    let examples = oas_examples();
    // ARCHITECTURE.md: 51 OpenAPI 3.0, 12 OpenAPI 3.1 and 7 Swagger 2.0 examples.
    let count = |prefix: &str| examples.iter().filter(|(member, _)| member.split('-').next() == Some(prefix)).count();
    assert_eq!((count("oas"), count("oas31"), count("oas20")), (51, 12, 7), "the examples of @readme/oas-examples");
    specs.extend(examples);
    let crates: Vec<(String, Vec<openapi_codegen::GeneratedFile>)> = specs
        .iter()
        .map(|(member, spec)| {
            let output = generate_named(spec, member).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
            (member.clone(), output.files)
        })
        .collect();
    write_scratch_workspace(&dir, &crates);
    // Tests that use a fixture's crate as a downstream crate would
    // (`tests/fixture_behaviour/MEMBER.rs`), run as its `behaviour` test.
    let behaviour = behaviour_tests(&crates);
    for (member, path) in &behaviour {
        std::fs::copy(path, dir.join(member).join("tests").join("behaviour.rs")).expect("copying a behaviour test");
    }
    // Any choice of group features compiles: for every fixture, none, each
    // group alone (all are on by default, with `--all-features` below).
    let fixture_members = specs
        .iter()
        .filter(|(member, _)| !member.starts_with("oas") && !member.starts_with("warning-"))
        .map(|(member, _)| member);
    let mut checks = 0;
    for member in fixture_members {
        let files = &crates.iter().find(|(name, _)| name == member).expect("a generated member").1;
        let manifest = &files.iter().find(|file| file.path == "Cargo.toml").expect("a manifest").contents;
        cargo_in(&dir, &["check", "--quiet", "--offline", "-p", member, "--no-default-features"], &[]);
        for feature in group_features(manifest) {
            cargo_in(&dir, &["check", "--quiet", "--offline", "-p", member, "--no-default-features", "--features", &feature], &[]);
            checks += 1;
        }
    }
    assert!(checks > 10, "expected the group features of the fixtures, checked {checks}");
    cargo_in(&dir, &["clippy", "--quiet", "--offline", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"], &[]);
    cargo_in(&dir, &["doc", "--quiet", "--offline", "--workspace", "--no-deps", "--all-features"], &[("RUSTDOCFLAGS", "-D warnings")]);
    cargo_in(&dir, &["test", "--quiet", "--offline", "--workspace", "--doc"], &[]);
    let mut args = vec!["test", "--quiet", "--offline", "--test", "behaviour"];
    for (member, _) in &behaviour {
        args.extend(["-p", member.as_str()]);
    }
    cargo_in(&dir, &args, &[]);
}

/// The behaviour tests of `tests/fixture_behaviour/`, each with the member
/// whose crate it uses; one for a member that does not exist is an error.
fn behaviour_tests(crates: &[(String, Vec<openapi_codegen::GeneratedFile>)]) -> Vec<(String, PathBuf)> {
    let mut tests = Vec::new();
    for entry in std::fs::read_dir(tests_dir().join("fixture_behaviour")).expect("tests/fixture_behaviour") {
        let path = entry.expect("a behaviour test").path();
        let member = path.file_stem().expect("a file name").to_string_lossy().into_owned();
        assert!(crates.iter().any(|(name, _)| *name == member), "{}: no fixture is named {member}", path.display());
        tests.push((member, path));
    }
    tests.sort();
    assert!(tests.len() >= 2, "expected the behaviour tests of the fixtures, found {}", tests.len());
    tests
}

/// The group features a generated manifest declares (all but `default` and
/// the feature of undocumented endpoints, which gates no group).
fn group_features(manifest: &str) -> Vec<String> {
    let Some(section) = manifest.split("[features]").nth(1) else { return Vec::new() };
    let section = section.split("\n[").next().unwrap_or_default();
    section
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = ").map(|(name, _)| name.trim().to_owned()))
        .filter(|name| name != "default" && name != "undocumented")
        .collect()
}
