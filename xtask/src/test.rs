//! `cargo xtask test`: every test and check of the project, in one command.
//!
//! 1. `npm ci` in `tests/e2e`: Seam's fake server, at the version its lock
//!    file pins, for the end-to-end tests (which start and stop it), and
//!    `@readme/oas-examples`, the public specs the fixture test compiles.
//! 2. `cargo test --workspace`: unit tests, snapshot tests, the freshness
//!    check of `generated/`, the tests of the generated crate, end to end.
//! 3. `cargo clippy --workspace --all-targets --all-features -- -D warnings`.
//! 4. `cargo doc` of the generated crate, with warnings denied; `cargo
//!    check` of it with no group feature, with each group feature alone,
//!    and with only `locks` and `access_codes`.
//! 5. `cargo package` of the generated crate: it builds from the registry alone.
//! 6. `cargo xtask conformance --ci`: generated clients against Prism, on
//!    the CI subset of the corpus.
//! 7. `cargo xtask sweep`: every endpoint of the Seam crate against Seam's fake.
//! 8. `cargo xtask bench --quick`: every benchmark once, small, as a smoke test.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::project_root;

fn cargo(args: &[&str], envs: &[(&str, &str)]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(cargo)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(project_root())
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("`cargo {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn npm_ci() -> Result<()> {
    let dir = project_root().join("tests").join("e2e");
    eprintln!("$ npm ci (in tests/e2e)");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .status()
        .context("running npm: Node.js and npm are needed for the end-to-end tests")?;
    if !status.success() {
        bail!("`npm ci` in tests/e2e failed ({status})");
    }
    Ok(())
}

/// The group features of the generated crate: those its manifest
/// declares, but `default` and `undocumented`, which gates no group.
fn group_features() -> Result<Vec<String>> {
    let manifest = std::fs::read_to_string(project_root().join("generated").join("Cargo.toml")).context("reading generated/Cargo.toml")?;
    let table: toml::Table = manifest.parse().context("parsing generated/Cargo.toml")?;
    let features = table.get("features").and_then(toml::Value::as_table).context("generated/Cargo.toml has no [features]")?;
    Ok(features.keys().filter(|name| *name != "default" && *name != "undocumented").cloned().collect())
}

pub(crate) fn test() -> Result<()> {
    npm_ci()?;
    // Every locked package, for every platform: tests run cargo offline
    // (`cargo metadata`, `cargo tree`, the fixture crates), and a fresh
    // machine has only what the build needed.
    cargo(&["fetch", "--locked"], &[])?;
    cargo(&["test", "--workspace"], &[])?;
    cargo(&["clippy", "--workspace", "--all-targets", "--all-features", "--", "-D", "warnings"], &[])?;
    cargo(&["doc", "--no-deps", "--all-features", "--package", "seam-connect"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    // Any choice of group features compiles: none, each group alone, and
    // two groups (`tests/feature_gates.rs` checks every choice at once, by
    // the gates of the items and the types they name).
    cargo(&["check", "--quiet", "--package", "seam-connect", "--no-default-features"], &[])?;
    for feature in group_features()? {
        cargo(&["check", "--quiet", "--package", "seam-connect", "--no-default-features", "--features", &feature], &[])?;
    }
    cargo(&["check", "--quiet", "--package", "seam-connect", "--no-default-features", "--features", "locks,access_codes"], &[])?;
    cargo(&["package", "--package", "seam-connect", "--allow-dirty", "--quiet"], &[])?;
    // Generated clients against a mock server that validates every
    // request: the CI subset of the corpus.
    eprintln!("$ cargo xtask conformance --ci");
    crate::conformance::run(&crate::conformance::Options { ci: true, ..Default::default() })?;
    // Every endpoint of the Seam crate against Seam's fake server.
    eprintln!("$ cargo xtask sweep");
    crate::sweep::run()?;
    // The benchmarks, once and small, so that they do not rot; nothing is
    // asserted about time.
    eprintln!("$ cargo xtask bench --quick");
    crate::bench::bench(true, false)?;
    eprintln!("all tests and checks passed");
    Ok(())
}
