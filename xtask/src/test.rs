//! `cargo xtask test`: every test and check of the project, in one command.
//!
//! 1. `cargo test --workspace`: unit tests, snapshot tests, the freshness
//!    check of `generated/`, and the tests of the generated crate.
//! 2. `cargo clippy --workspace --all-targets -- -D warnings`.
//! 3. `cargo doc` of the generated crate, with warnings denied.

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

pub(crate) fn test() -> Result<()> {
    cargo(&["test", "--workspace"], &[])?;
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    cargo(&["doc", "--no-deps", "--package", "seam-connect"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    eprintln!("all tests and checks passed");
    Ok(())
}
