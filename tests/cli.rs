//! The `openapi-codegen` command as a user gets it: installed with
//! `cargo install --path generator` from a clean copy of the repository
//! (the files git tracks, nothing else) into a scratch folder, then run
//! on public specs of `@readme/oas-examples`, with and without a settings
//! file: exit codes, `--check`, diagnostics, and no backtrace ever.
//!
//! The install is a debug build (`--debug`) into a target folder kept
//! between runs, so it is a full install once and an incremental one after.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use tests::{project_root, tests_dir};

/// The scratch folder of this test, kept between runs (its target folder
/// makes the next install incremental).
fn scratch() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| project_root().join("target"), PathBuf::from);
    let target = if target.is_absolute() { target } else { project_root().join(target) };
    target.join("cli-test")
}

/// Copies the files git tracks, as they are in the working tree, to `to`:
/// what a clone would hold, with the changes not yet committed.
fn clean_copy(to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    let listed = Command::new("git").args(["ls-files", "-z"]).current_dir(project_root()).output().expect("running git");
    assert!(listed.status.success(), "git ls-files failed: {}", String::from_utf8_lossy(&listed.stderr));
    let mut copied = 0;
    for path in listed.stdout.split(|byte| *byte == 0).filter(|path| !path.is_empty()) {
        let path = std::str::from_utf8(path).expect("a UTF-8 path");
        let from = project_root().join(path);
        if !from.is_file() {
            continue; // Deleted in the working tree.
        }
        let destination = to.join(path);
        std::fs::create_dir_all(destination.parent().expect("a file in a folder")).expect("creating a folder");
        std::fs::copy(&from, &destination).unwrap_or_else(|err| panic!("copying {path}: {err}"));
        copied += 1;
    }
    assert!(copied > 50, "only {copied} files are tracked");
}

/// The installed command: installed once per test process.
fn command() -> &'static Path {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let scratch = scratch();
        let source = scratch.join("source");
        clean_copy(&source);
        let root = scratch.join("installed");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let output = Command::new(cargo)
            .args(["install", "--locked", "--offline", "--debug", "--force", "--quiet", "--path"])
            .arg(source.join("generator"))
            .arg("--root")
            .arg(&root)
            .arg("--target-dir")
            .arg(scratch.join("target"))
            .output()
            .expect("running cargo install");
        assert!(output.status.success(), "cargo install failed:\n{}", String::from_utf8_lossy(&output.stderr));
        let binary = root.join("bin").join(format!("openapi-codegen{}", std::env::consts::EXE_SUFFIX));
        assert!(binary.is_file(), "cargo install made no {}", binary.display());
        binary
    })
}

/// Runs the installed command in `dir`, with backtraces asked for (none may show).
fn run(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(command()).args(args).current_dir(dir).env("RUST_BACKTRACE", "1").output().expect("running openapi-codegen");
    let stderr = String::from_utf8_lossy(&output.stderr);
    for banned in ["backtrace", "panicked", "Error: ", "error: error"] {
        assert!(!stderr.contains(banned), "`openapi-codegen {}` printed `{banned}`:\n{stderr}", args.join(" "));
    }
    output
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fresh folder for one test, holding a copy of the public example `name`.
fn workspace(test: &str, examples: &[&str]) -> PathBuf {
    let dir = scratch().join("runs").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating the test folder");
    let source = tests_dir().join("e2e/node_modules/@readme/oas-examples/3.0/json");
    assert!(source.is_dir(), "@readme/oas-examples is not installed: `cargo xtask test` installs it (`npm ci` in tests/e2e)");
    for example in examples {
        std::fs::copy(source.join(example), dir.join(example)).expect("copying an example");
    }
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

#[test]
fn three_public_specs_with_and_without_settings() {
    let dir = workspace("three", &["petstore.json", "uspto.json", "petstore-expanded.json"]);

    // No settings: the name comes from the title, the crate is a workspace of its own.
    let output = run(&dir, &["generate", "petstore.json", "--out", "petstore"]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let manifest = read(&dir.join("petstore/Cargo.toml"));
    assert!(manifest.contains("name = \"swagger-petstore\"") && manifest.contains("\n[workspace]\n"), "{manifest}");
    // The defaults of the manifest: a description from the title, two licences.
    assert!(
        manifest.contains("description = \"Typed Rust client for the Swagger Petstore API, generated from its OpenAPI document\""),
        "{manifest}"
    );
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""), "{manifest}");
    assert!(read(&dir.join("petstore/src/lib.rs")).starts_with("// Generated by `openapi-codegen generate` from petstore.json"));

    // Settings given with `--config`.
    let settings = "[package]\nname = \"uspto-client\"\nversion = \"2.1.0\"\ndescription = \"USPTO data sets\"\n\n\
                    [client]\nbase-url-env = \"USPTO_URL\"\n\n[client.default-headers]\nuser-agent = \"uspto-rust/{crate_version}\"\n";
    std::fs::write(dir.join("uspto-settings.toml"), settings).expect("writing the settings");
    let output = run(&dir, &["generate", "uspto.json", "--out", "uspto", "--config", "uspto-settings.toml"]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let manifest = read(&dir.join("uspto/Cargo.toml"));
    assert!(manifest.contains("name = \"uspto-client\"\nversion = \"2.1.0\""), "{manifest}");
    assert!(manifest.contains("description = \"USPTO data sets\""), "{manifest}");
    let config = read(&dir.join("uspto/src/config.rs"));
    assert!(config.contains("\"USPTO_URL\""), "{config}");
    assert!(config.contains("(\"user-agent\", concat!(\"uspto-rust/\", env!(\"CARGO_PKG_VERSION\")))"), "{config}");

    // Settings found beside the spec, and `--name` over them.
    std::fs::write(dir.join("petstore-expanded.toml"), "[package]\nname = \"from-the-file\"\nstandalone = false\n").expect("writing the settings");
    let output = run(&dir, &["generate", "petstore-expanded.json", "--out", "expanded", "--name", "pets-expanded"]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let manifest = read(&dir.join("expanded/Cargo.toml"));
    assert!(manifest.contains("name = \"pets-expanded\"") && !manifest.contains("[workspace]"), "{manifest}");

    // Each is current now: `--check` passes.
    for args in [
        &["generate", "petstore.json", "--out", "petstore", "--check"][..],
        &["generate", "uspto.json", "--out", "uspto", "--config", "uspto-settings.toml", "--check"],
        &["generate", "petstore-expanded.json", "--out", "expanded", "--name", "pets-expanded", "--check"],
    ] {
        let output = run(&dir, args);
        assert_eq!(code(&output), Some(0), "{args:?}: {}", stderr(&output));
    }
}

#[test]
fn check_fails_with_a_diff_on_a_stale_crate_and_writes_nothing() {
    let dir = workspace("check", &["petstore.json"]);
    assert_eq!(code(&run(&dir, &["generate", "petstore.json", "--out", "out"])), Some(0));
    let lib = dir.join("out/src/lib.rs");
    let edited = read(&lib).replacen("//! ", "//! Edited by hand. ", 1);
    std::fs::write(&lib, &edited).expect("editing the crate");
    std::fs::write(dir.join("out/src/stray.rs"), "// not generated\n").expect("adding a file");

    let output = run(&dir, &["generate", "petstore.json", "--out", "out", "--check"]);
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(diff.contains("-//! Edited by hand. ") && diff.contains("(on disk)") && diff.contains("(generated)"), "{diff}");
    assert!(diff.contains("stray.rs is not generated any more"), "{diff}");
    // The spec's warnings, if any, then one error on a line of its own.
    assert!(stderr(&output).lines().any(|line| line.starts_with("error: 2 file(s) of out are stale")), "{}", stderr(&output));
    assert_eq!(stderr(&output).matches("error: ").count(), 1, "{}", stderr(&output));
    assert_eq!(read(&lib), edited, "--check wrote");

    // Generating again makes it current, without the stray file.
    assert_eq!(code(&run(&dir, &["generate", "petstore.json", "--out", "out"])), Some(0));
    assert!(!dir.join("out/src/stray.rs").exists());
    assert_eq!(code(&run(&dir, &["generate", "petstore.json", "--out", "out", "--check"])), Some(0));
}

#[test]
fn usage_errors_exit_2_with_one_error_line() {
    let dir = workspace("usage", &["petstore.json"]);
    for args in [
        &["generate", "petstore.json"][..],
        &["generate", "--out", "out"],
        &["generate", "petstore.json", "--out", "out", "--bogus"],
        &["generate", "missing.json", "--out", "out"],
        &["generate", "petstore.json", "--out", "out", "--config", "missing.toml"],
        &["generate", "petstore.json", "--out", "out", "--name", "Not A Name"],
        &["frobnicate"],
        &[],
    ] {
        let output = run(&dir, args);
        assert_eq!(code(&output), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).starts_with("error: "), "{args:?}: {}", stderr(&output));
        assert_eq!(stderr(&output).matches("error: ").count(), 1, "{args:?}: {}", stderr(&output));
    }
    assert!(!dir.join("out").exists());
    let help = run(&dir, &["--help"]);
    assert_eq!(code(&help), Some(0));
    for option in ["generate SPEC", "--out DIR", "--config FILE", "--name NAME", "--check", "--help", "--version", "Exit status"] {
        assert!(stdout(&help).contains(option), "--help does not mention {option}:\n{}", stdout(&help));
    }
    let version = run(&dir, &["--version"]);
    assert_eq!((code(&version), stdout(&version).starts_with("openapi-codegen ")), (Some(0), true));
}

#[test]
fn problems_in_the_spec_or_settings_exit_1_and_leave_the_output_untouched() {
    let dir = workspace("problems", &["petstore.json"]);
    assert_eq!(code(&run(&dir, &["generate", "petstore.json", "--out", "out"])), Some(0));
    let before = read(&dir.join("out/src/types.rs"));

    let broken = read(&dir.join("petstore.json")).replace("\"#/components/schemas/Pet\"", "\"#/components/schemas/Missing\"");
    std::fs::write(dir.join("broken.json"), broken).expect("writing the broken spec");
    let output = run(&dir, &["generate", "broken.json", "--out", "out", "--name", "swagger-petstore"]);
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    // Each problem leads with its kind's code.
    assert!(stderr(&output).starts_with("error[dangling-ref]: ") && stderr(&output).contains("  --> broken.json#/"), "{}", stderr(&output));
    assert!(stderr(&output).trim_end().ends_with("in the spec, nothing generated"), "{}", stderr(&output));

    std::fs::write(dir.join("bad.toml"), "[package]\nname = \"x\"\n\n[client]\nbase-ulr = \"https://example.com\"\n").expect("writing the settings");
    let output = run(&dir, &["generate", "petstore.json", "--out", "out", "--config", "bad.toml"]);
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("error: unknown field `base-ulr`"), "{}", stderr(&output));
    assert!(stderr(&output).contains("--> bad.toml:5:1 (at `client.base-ulr`)"), "{}", stderr(&output));

    assert_eq!(read(&dir.join("out/src/types.rs")), before);

    // An output that cannot be written (a file stands where the folder
    // would be) is a problem of the inputs too: exit 1, one report.
    std::fs::write(dir.join("a-file"), "not a folder\n").expect("writing the file");
    let output = run(&dir, &["generate", "petstore.json", "--out", "a-file/out"]);
    assert_eq!(code(&output), Some(1), "{}", stderr(&output));
    assert_eq!(stderr(&output).matches("error: ").count(), 1, "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked") && !stderr(&output).contains("backtrace"), "{}", stderr(&output));

    let beside: Vec<_> = std::fs::read_dir(&dir).expect("listing").map(|entry| entry.expect("an entry").file_name()).collect();
    assert!(beside.iter().all(|name| !name.to_string_lossy().contains("codegen-")), "left behind: {beside:?}");
}

#[test]
fn the_generator_package_holds_the_runtime_it_copies() {
    // `cargo package --list` lists what `cargo package` (and so a publish,
    // or an install from the registry) would hold: the runtime sources
    // that `include_str!` copies into every crate must be among them.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline", "--package", "openapi-codegen"])
        .current_dir(project_root())
        .output()
        .expect("running cargo package");
    assert!(output.status.success(), "cargo package --list failed:\n{}", stderr(&output));
    let listed: Vec<String> = stdout(&output).lines().map(|line| line.replace('\\', "/")).collect();
    let runtime: Vec<PathBuf> = std::fs::read_dir(project_root().join("generator/runtime"))
        .expect("listing the runtime")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    assert!(runtime.len() >= 5, "{runtime:?}");
    for path in runtime {
        let name = format!("runtime/{}", path.file_name().expect("a file name").to_string_lossy());
        assert!(listed.contains(&name), "`cargo package` leaves out {name}: {listed:?}");
    }
    for expected in ["src/lib.rs", "src/main.rs", "src/settings.rs", "src/write.rs", "Cargo.toml"] {
        assert!(listed.iter().any(|line| line == expected), "`cargo package` leaves out {expected}: {listed:?}");
    }
}

/// The command reads a spec split over several files from its root file,
/// and prints the warnings of a spec while it writes the crate.
#[test]
fn a_split_spec_and_a_spec_with_warnings_generate() {
    let dir = scratch().join("runs").join("split-and-warnings");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating the test folder");
    let fixtures = tests_dir().join("fixtures");
    let output = run(&dir, &["generate", &fixtures.join("split-over-files.yaml").to_string_lossy(), "--out", "split"]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let types = read(&dir.join("split/src/types.rs"));
    assert!(types.contains("pub struct Owner") && types.contains("pub struct Problem"), "{types}");
    let output = run(&dir, &["generate", &fixtures.join("warnings").join("not.yaml").to_string_lossy(), "--out", "not"]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning[not]"), "{}", stderr(&output));
    assert!(dir.join("not/src/lib.rs").is_file(), "the crate was not written");
    // Notes say which endpoints page and how; the crate is written.
    let output = run(&dir, &["generate", &fixtures.join("pagination.yaml").to_string_lossy(), "--out", "pages"]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let expected = "note[paging]: 1 endpoint pages by the `Link` header's `rel=\"next\"` URL: GET /repos\n  --> ";
    assert!(stderr(&output).contains(expected), "{}", stderr(&output));
    assert_eq!(stderr(&output).matches("note[paging]").count(), 6, "{}", stderr(&output));
    assert!(stderr(&output).contains("note[ambiguous-paging]: this list endpoint may page"), "{}", stderr(&output));
    assert!(dir.join("pages/src/lib.rs").is_file(), "the crate was not written");
}
