//! Architecture invariants of the generator, checked on its own source.

use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The text of a source file before its test module.
fn non_test_code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[test]
fn emission_never_sees_the_openapi_model() {
    for path in sources(&src().join("emit")) {
        assert!(!non_test_code(&path).contains("openapiv3"), "{} uses openapiv3", path.display());
    }
}

#[test]
fn spec_walking_never_builds_tokens() {
    let mut files = sources(&src().join("lower"));
    files.push(src().join("load.rs"));
    for path in files {
        let code = non_test_code(&path);
        assert!(!code.contains("quote") && !code.contains("proc_macro2"), "{} builds tokens", path.display());
    }
}

#[test]
fn every_module_says_what_it_is_for() {
    for path in sources(&src()) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("//!"), "{} has no `//!` module documentation", path.display());
    }
}

#[test]
fn spec_input_cannot_reach_a_panic() {
    for path in sources(&src()) {
        let code = non_test_code(&path);
        for banned in [".unwrap()", ".expect(", "panic!", "todo!", "unimplemented!", "unreachable!"] {
            assert!(!code.contains(banned), "{} contains `{banned}` outside tests", path.display());
        }
    }
}

#[test]
fn the_generator_does_not_depend_on_its_output() {
    for manifest in ["Cargo.toml", "../xtask/Cargo.toml"] {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(manifest)).unwrap();
        assert!(!text.contains("seam-connect"), "{manifest} depends on the generated crate");
    }
}
