//! The code generated for every fixture compiles: one scratch crate holds
//! each fixture's `types.rs` as a module, and must pass `cargo clippy` with
//! warnings denied, `cargo doc` with warnings denied, and its doctests (a
//! description that became a doctest would fail there).

use std::path::Path;
use std::process::Command;

use tests::{file, generate, project_root, specs_in, tests_dir};

fn run(dir: &Path, args: &[&str], rustdocflags: Option<&str>) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
    command
        .arg(subcommand)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(rest)
        .env("CARGO_TARGET_DIR", project_root().join("target").join("fixture-check"));
    if let Some(flags) = rustdocflags {
        command.env("RUSTDOCFLAGS", flags);
    }
    let output = command.output().unwrap_or_else(|err| panic!("running cargo: {err}"));
    assert!(
        output.status.success(),
        "cargo {args:?} failed on the fixtures' generated code:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generated_code_of_every_fixture_compiles_lints_and_documents_cleanly() {
    let dir = project_root().join("target").join("fixture-crate");
    let src = dir.join("src");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&src).unwrap();
    let mut specs = specs_in(&tests_dir().join("fixtures"));
    specs.push(project_root().join("specs").join("seed-connected-accounts-update.yaml"));
    let mut lib = String::from(
        "//! Every fixture's generated types, one module each.\n#![deny(warnings)]\n\nmod runtime;\n",
    );
    for spec in &specs {
        let output = generate(spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        let module = spec.file_stem().unwrap().to_string_lossy().replace('-', "_");
        std::fs::write(src.join(format!("{module}.rs")), file(&output, "src/types.rs")).unwrap();
        std::fs::write(src.join("runtime.rs"), file(&output, "src/runtime.rs")).unwrap();
        lib.push_str(&format!("pub mod {module};\n"));
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"fixture-crate\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nserde = { version = \"1.0.219\", features = [\"derive\"] }\nserde_json = \"1.0.140\"\n\n[workspace]\n",
    )
    .unwrap();
    // The workspace's lock file pins the same dependency versions.
    std::fs::copy(project_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    run(&dir, &["clippy", "--quiet", "--offline", "--all-targets", "--", "-D", "warnings"], None);
    run(&dir, &["doc", "--quiet", "--offline", "--no-deps"], Some("-D warnings"));
    run(&dir, &["test", "--quiet", "--offline", "--doc"], None);
}
