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
