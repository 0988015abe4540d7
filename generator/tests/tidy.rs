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
    files.extend(sources(&src().join("load")));
    files.push(src().join("load.rs"));
    assert!(files.len() > 8, "the spec-walking modules are missing: {files:?}");
    for path in files {
        let code = non_test_code(&path);
        assert!(!code.contains("quote") && !code.contains("proc_macro2"), "{} builds tokens", path.display());
    }
}

/// Identifier tokens come from `naming::RustName` alone: nothing else
/// builds one from text, which could be a name `naming` never saw.
#[test]
fn only_naming_makes_identifiers() {
    let mut files = sources(&src());
    files.retain(|path| !path.ends_with("naming.rs"));
    assert!(files.len() > 20, "the generator's sources are missing: {files:?}");
    for path in files {
        let code = non_test_code(&path);
        for maker in ["Ident::new", "format_ident!", "Ident::new_raw", "syn::parse_str"] {
            assert!(!code.contains(maker), "{} makes an identifier with `{maker}`: make a `RustName` in `naming`", path.display());
        }
    }
}

/// The IR is plain data: it knows neither the spec model nor tokens.
#[test]
fn the_ir_is_plain_data() {
    let code = non_test_code(&src().join("ir.rs"));
    let code: String = code.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    for word in ["openapiv3", "quote", "proc_macro2", "syn::"] {
        assert!(!code.contains(word), "ir.rs uses {word}");
    }
}

#[test]
fn every_module_says_what_it_is_for() {
    for path in sources(&src()) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("//!"), "{} has no `//!` module documentation", path.display());
    }
}

/// The clippy lints that keep spec input (for the generator) and server
/// answers (for the runtime) from reaching a panic, denied outside tests.
const NO_PANIC_LINTS: &[&str] = &[
    "clippy::indexing_slicing",
    "clippy::unwrap_used",
    "clippy::expect_used",
    "clippy::panic",
    "clippy::todo",
    "clippy::unimplemented",
    "clippy::unreachable",
    "clippy::string_slice",
];

/// The lints a crate root or module file denies outside tests, read from
/// its one `#![cfg_attr(not(test), deny(...))]` inner attribute.
fn lints_denied_outside_tests(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let file = syn::parse_file(&text).unwrap();
    let mut denied = Vec::new();
    for attr in file.attrs.iter().filter(|attr| attr.path().is_ident("cfg_attr")) {
        let mut is_not_test = false;
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("not") {
                meta.parse_nested_meta(|inner| {
                    is_not_test = inner.path.is_ident("test");
                    Ok(())
                })
            } else if meta.path.is_ident("deny") && is_not_test {
                meta.parse_nested_meta(|lint| {
                    denied.push(lint.path.segments.iter().map(|segment| segment.ident.to_string()).collect::<Vec<_>>().join("::"));
                    Ok(())
                })
            } else {
                // Another condition, or `deny` under another condition: skipped, with its list.
                if meta.input.peek(syn::token::Paren) {
                    meta.input.parse::<proc_macro2::TokenTree>()?;
                }
                Ok(())
            }
        })
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    }
    denied
}

/// Clippy, not this test, finds the code that could panic; this test keeps
/// clippy asked to. The generator's library, the runtime every generated
/// crate includes, and the Seam crate's hand-written modules deny the lints.
#[test]
fn spec_input_cannot_reach_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![src().join("lib.rs"), root.join("runtime/mod.rs")];
    roots.extend(sources(&root.join("../sdk/seam-connect")));
    for path in roots {
        let denied = lints_denied_outside_tests(&path);
        for lint in NO_PANIC_LINTS {
            assert!(denied.iter().any(|denied| denied == lint), "{} does not deny `{lint}` outside tests", path.display());
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

/// The places in `code` (the non-test code of the file `name`) where an
/// `allow` of a no-panic lint is not as ARCHITECTURE.md asks: an outer
/// attribute, on the line right after a `//` comment saying why, on one
/// statement rather than on a function, an `impl`, a module or a trait.
fn unjustified_panic_lint_allows(name: &str, code: &str) -> Vec<String> {
    let lines: Vec<&str> = code.lines().collect();
    let mut problems = Vec::new();
    for (line_idx, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let is_attribute = trimmed.starts_with("#[") || trimmed.starts_with("#![");
        let allows_a_panic_lint = is_attribute
            && trimmed.contains("allow(")
            && NO_PANIC_LINTS.iter().chain(&["clippy::restriction"]).any(|lint| trimmed.contains(lint));
        if !allows_a_panic_lint {
            continue;
        }
        let place = format!("{name}:{}", line_idx + 1);
        if trimmed.starts_with("#![") {
            problems.push(format!("{place}: an inner `allow` covers a whole module or function"));
        }
        let comment_above = line_idx.checked_sub(1).and_then(|above| lines.get(above)).map(|above| above.trim_start());
        if !comment_above.is_some_and(|above| above.starts_with("//") && !above.starts_with("///") && !above.starts_with("//!")) {
            problems.push(format!("{place}: no `//` comment on the line above says why"));
        }
        let next = lines.get(line_idx + 1).map_or("", |next| next.trim_start());
        let next = next.strip_prefix("pub(crate) ").or_else(|| next.strip_prefix("pub ")).unwrap_or(next);
        if ["fn ", "async fn ", "impl", "mod ", "trait "].iter().any(|keyword| next.starts_with(keyword)) {
            problems.push(format!("{place}: the `allow` covers more than one statement"));
        }
    }
    problems
}

#[test]
fn the_check_of_panic_lint_allows_tells_a_justified_one_from_others() {
    let justified = "fn f() {\n    // The index is below 64, the length of the table.\n    #[allow(clippy::indexing_slicing)]\n    let x = TABLE[i & 63];\n}\n";
    assert_eq!(unjustified_panic_lint_allows("a.rs", justified), Vec::<String>::new());
    let unjustified = "fn f() {\n    let y = 1;\n    #[allow(clippy::unwrap_used)]\n    let x = y.checked_add(1).unwrap();\n}\n";
    assert_eq!(unjustified_panic_lint_allows("a.rs", unjustified), ["a.rs:3: no `//` comment on the line above says why"]);
    let doc_comment = "/// Reads the table.\n#[allow(clippy::indexing_slicing)]\nfn f() {}\n";
    assert_eq!(
        unjustified_panic_lint_allows("a.rs", doc_comment),
        ["a.rs:2: no `//` comment on the line above says why", "a.rs:2: the `allow` covers more than one statement"]
    );
    let inner = "mod m {\n    // Everything here is checked by hand.\n    #![allow(clippy::panic)]\n}\n";
    assert_eq!(unjustified_panic_lint_allows("a.rs", inner), ["a.rs:3: an inner `allow` covers a whole module or function"]);
    // Another lint is not this check's business.
    assert_eq!(unjustified_panic_lint_allows("a.rs", "#[allow(clippy::too_many_arguments)]\nfn f() {}\n"), Vec::<String>::new());
}

/// ARCHITECTURE.md: an index that provably cannot fail may keep
/// `#[allow(clippy::indexing_slicing)]`, on one statement, with a comment
/// saying why; so may any other `allow` of a no-panic lint.
#[test]
fn every_panic_lint_allow_is_justified_and_on_one_statement() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = sources(&src());
    files.extend(sources(&root.join("runtime")));
    assert!(files.iter().any(|path| path.ends_with("runtime/client.rs")), "the runtime is missing: {files:?}");
    let mut problems = Vec::new();
    for path in &files {
        let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
        let code = non_test_code(path);
        problems.extend(unjustified_panic_lint_allows(&name, &code));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The crates the Dependencies table of ARCHITECTURE.md says the generator
/// uses: the rows whose "where" column lists `generator`, the backticked
/// names of their first column outside parentheses.
fn documented_generator_dependencies() -> std::collections::BTreeSet<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../ARCHITECTURE.md")).unwrap();
    let table = text.split("## Dependencies").nth(1).expect("ARCHITECTURE.md has a Dependencies section");
    let mut crates = std::collections::BTreeSet::new();
    for row in table.lines().filter(|line| line.starts_with("| ")) {
        let columns: Vec<&str> = row.split('|').map(str::trim).collect();
        let (Some(names), Some(place)) = (columns.get(1), columns.get(2)) else { continue };
        if !place.split(", ").any(|place| place == "generator") {
            continue;
        }
        let names = names.split('(').next().unwrap_or_default();
        crates.extend(names.split('`').skip(1).step_by(2).map(str::to_owned));
    }
    crates
}

/// Runs cargo with `args` in the workspace, with the lock file as it is,
/// and gives what it printed. Not offline: `cargo metadata` reads the
/// manifest of every locked package, and a fresh machine that did not
/// `cargo fetch` (as `cargo xtask test` does) has downloaded only those its
/// build needed (CI failed on `bumpalo`, which only other platforms build).
fn cargo(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .args(args)
        .arg("--locked")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap();
    assert!(output.status.success(), "cargo {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// ARCHITECTURE.md: the `openapi-codegen` command is a binary target of the
/// generator package and adds no dependency to the library. So the package
/// depends on what the table lists for the generator and nothing more, the
/// library itself uses each of those crates (none is there for the command
/// alone), no feature or optional dependency is turned on for the command,
/// and neither `clap` nor `toml_edit` is anywhere in the library's tree.
#[test]
fn the_command_adds_no_dependency_to_the_library() {
    let metadata: serde_json::Value = serde_json::from_str(&cargo(&["metadata", "--format-version", "1", "--no-deps"])).unwrap();
    let package = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|package| package["name"] == "openapi-codegen")
        .expect("the workspace has the openapi-codegen package");
    let dependencies: Vec<&serde_json::Value> =
        package["dependencies"].as_array().unwrap().iter().filter(|dependency| dependency["kind"].is_null()).collect();
    let names: std::collections::BTreeSet<String> =
        dependencies.iter().map(|dependency| dependency["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, documented_generator_dependencies(), "the generator's dependencies against ARCHITECTURE.md's table");
    for dependency in &dependencies {
        assert_eq!(dependency["optional"], false, "{} is optional", dependency["name"]);
    }
    assert_eq!(package["features"], serde_json::json!({}), "the package has features");
    let command = package["targets"].as_array().unwrap().iter().find(|target| target["name"] == "openapi-codegen" && target["kind"] == serde_json::json!(["bin"]));
    let command = command.expect("the package has the openapi-codegen binary");
    assert!(command["required-features"].is_null(), "the command requires features: {}", command["required-features"]);

    // Each dependency is used by the library, not by the command alone.
    let library_code: String = sources(&src())
        .iter()
        .filter(|path| !path.ends_with("main.rs"))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    for name in &names {
        let name = name.replace('-', "_");
        assert!(
            library_code.contains(&format!("{name}::")) || library_code.contains(&format!("{name}!")),
            "only the command uses `{name}`"
        );
    }

    let tree = cargo(&["tree", "-p", "openapi-codegen", "--edges", "normal", "--prefix", "none", "--format", "{p}"]);
    let in_tree: std::collections::BTreeSet<&str> = tree.lines().filter_map(|line| line.split(' ').next()).collect();
    assert!(in_tree.contains("openapiv3") && in_tree.contains("toml"), "the tree was not read: {tree}");
    for absent in ["clap", "toml_edit"] {
        assert!(!in_tree.contains(absent), "{absent} is in the generator's tree:\n{tree}");
    }
}

/// A version as `major.minor`, for comparing `rust-version`s.
fn major_minor(version: &str) -> (u32, u32) {
    let mut parts = version.split('.').map(|part| part.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// README.md: the workspace builds with the Rust its manifest declares
/// (`rust-version`). No locked dependency may ask for a newer one (a
/// dependency update that does fails here, not on a user's older
/// toolchain), and the crates the generator writes declare the same
/// version. Clippy's `incompatible_msrv`, denied with the other warnings,
/// checks the standard library calls against it.
#[test]
fn no_locked_dependency_needs_a_newer_rust_than_the_workspace_declares() {
    let metadata: serde_json::Value = serde_json::from_str(&cargo(&["metadata", "--format-version", "1"])).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let generator = packages.iter().find(|package| package["name"] == "openapi-codegen").unwrap();
    let declared = generator["rust_version"].as_str().expect("the workspace declares a rust-version");
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap();
    assert!(readme.contains(&format!("({declared} or newer, with clippy)")), "README.md names another Rust version than {declared}");
    let newer: Vec<String> = packages
        .iter()
        .filter_map(|package| Some((package["name"].as_str()?, package["version"].as_str()?, package["rust_version"].as_str()?)))
        .filter(|(_, _, rust_version)| major_minor(rust_version) > major_minor(declared))
        .map(|(name, version, rust_version)| format!("{name} {version} needs Rust {rust_version}"))
        .collect();
    assert!(newer.is_empty(), "the workspace declares Rust {declared}, but:\n{}", newer.join("\n"));
    assert!(packages.len() > 100, "the metadata lists the dependencies: {}", packages.len());
    let emit = std::fs::read_to_string(src().join("emit").join("mod.rs")).unwrap();
    assert!(emit.contains(&format!("rust-version = \\\"{declared}\\\"")), "generated crates declare another Rust version than {declared}");
}
