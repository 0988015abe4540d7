//! `cargo xtask` reports a failure once, as `error: …` (a spec's problems
//! as `error[kind]: …`), with exit code 2
//! for a usage error and 1 for any other, and never a backtrace, even
//! with `RUST_BACKTRACE=1`.

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).env("RUST_BACKTRACE", "1").output().expect("running xtask")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_one_clean_report(output: &Output) {
    let text = stderr(output);
    assert!(text.starts_with("error: ") || text.starts_with("error["), "{text}");
    for banned in ["Error: ", "error: error", "backtrace", "panicked"] {
        assert!(!text.contains(banned), "printed `{banned}`:\n{text}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["codegen", "--bogus"][..], &["codegen", "--spec", "a.yaml"], &["frobnicate"], &["update-spec", "latest"]] {
        let output = xtask(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert_one_clean_report(&output);
        assert!(stderr(&output).contains("usage: cargo xtask codegen"), "{args:?}: the usage is not shown");
    }
}

#[test]
fn a_spec_with_errors_exits_1_with_its_diagnostics() {
    let dir = std::env::temp_dir().join(format!("xtask-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("broken.yaml");
    std::fs::write(&spec, "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    a: {$ref: '#/components/schemas/missing'}\n").unwrap();
    let output = xtask(&["codegen", "--spec", spec.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_one_clean_report(&output);
    assert!(stderr(&output).contains("broken.yaml#/components/schemas/a"), "{}", stderr(&output));
    assert!(!dir.join("out").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--timings` prints the time of each phase and the size of the API after
/// a successful run (README.md, `cargo xtask codegen --timings`).
#[test]
fn timings_print_each_phase() {
    let dir = std::env::temp_dir().join(format!("xtask-timings-{}", std::process::id()));
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/operations.yaml");
    let output = xtask(&["codegen", "--spec", spec, "--out", dir.join("out").to_str().unwrap(), "--timings"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stderr(&output);
    for phase in ["load (YAML to openapiv3): ", "lower and IR passes: ", "emit (IR to tokens): ", "format (prettyplease): ", "codegen in all: "] {
        let line = text.lines().find(|line| line.starts_with(phase)).unwrap_or_else(|| panic!("no `{phase}` line:\n{text}"));
        assert!(line.trim_end().ends_with(" s") || line.contains(" s ("), "{line}");
    }
    assert!(text.lines().any(|line| line.starts_with("types: ") && line.contains(", endpoints: ")), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
