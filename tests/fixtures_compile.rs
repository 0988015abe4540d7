//! The crate generated for every fixture, and for every OpenAPI 3.0
//! example of npm `@readme/oas-examples` (petstore, discriminators,
//! polymorphism, circular schemas, parameter styles, file uploads, …),
//! compiles: each becomes a member of one scratch workspace, which must
//! pass `cargo clippy` with warnings denied, `cargo doc` with warnings
//! denied, and its doctests (a description that became a doctest would
//! fail there).

use std::path::{Path, PathBuf};
use std::process::Command;

use tests::{generate_named, project_root, specs_in, tests_dir};

fn run(dir: &Path, args: &[&str], envs: &[(&str, &str)]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
    let output = Command::new(cargo)
        .arg(subcommand)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(rest)
        // The workspace's target directory: the dependencies are built already.
        .env("CARGO_TARGET_DIR", project_root().join("target"))
        .envs(envs.iter().copied())
        .output()
        .unwrap_or_else(|err| panic!("running cargo: {err}"));
    assert!(
        output.status.success(),
        "cargo {args:?} failed on the fixtures' generated crates:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The OpenAPI 3.0 examples of `@readme/oas-examples` (installed by
/// `cargo xtask test` with `npm ci` in `tests/e2e`), with member names.
fn oas_examples() -> Vec<(String, PathBuf)> {
    let root = tests_dir().join("e2e/node_modules/@readme/oas-examples/3.0/json");
    assert!(root.is_dir(), "@readme/oas-examples is not installed: `cargo xtask test` installs it (`npm ci` in tests/e2e)");
    let mut examples = Vec::new();
    for dir in [root.clone(), root.join("openapi-workshop")] {
        for spec in specs_in(&dir) {
            let stem = spec.file_stem().unwrap().to_string_lossy().into_owned();
            let prefix = if dir == root { "oas" } else { "oas-workshop" };
            examples.push((format!("{prefix}-{stem}").to_ascii_lowercase(), spec));
        }
    }
    examples
}

#[test]
fn generated_crate_of_every_fixture_compiles_lints_and_documents_cleanly() {
    let dir = project_root().join("target").join("fixture-workspace");
    let _ = std::fs::remove_dir_all(&dir);
    let mut specs: Vec<(String, PathBuf)> = specs_in(&tests_dir().join("fixtures"))
        .into_iter()
        .chain([project_root().join("specs").join("seed-connected-accounts-update.yaml")])
        .map(|spec| (spec.file_stem().unwrap().to_string_lossy().into_owned(), spec))
        .collect();
    let examples = oas_examples();
    assert!(examples.len() >= 40, "expected the 3.0 examples of @readme/oas-examples, found {}", examples.len());
    specs.extend(examples);
    let mut members = Vec::new();
    for (member, spec) in &specs {
        let output = generate_named(spec, member).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        for file in &output.files {
            let path = dir.join(member).join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
        }
        members.push(format!("{member:?}"));
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    // The workspace's lock file pins the same dependency versions.
    std::fs::copy(project_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    run(&dir, &["clippy", "--quiet", "--offline", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"], &[]);
    run(&dir, &["doc", "--quiet", "--offline", "--workspace", "--no-deps", "--all-features"], &[("RUSTDOCFLAGS", "-D warnings")]);
    run(&dir, &["test", "--quiet", "--offline", "--workspace", "--doc"], &[]);
}
