//! Project tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! - `cargo xtask codegen` regenerates `generated/` from `specs/`.
//! - `cargo xtask codegen --check` fails, with a diff, when `generated/` is stale.
//! - `cargo xtask test` runs every test and check of the project.

mod codegen;
mod test;

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

const USAGE: &str = "usage: cargo xtask codegen [--check] [--timings]\n       cargo xtask test";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.split_first() {
        Some((&"codegen", flags)) if flags.iter().all(|flag| ["--check", "--timings"].contains(flag)) => {
            let mode = if flags.contains(&"--check") { codegen::Mode::Check } else { codegen::Mode::Write };
            codegen::codegen(mode, flags.contains(&"--timings"))
        }
        Some((&"test", [])) => test::test(),
        Some((&("--help" | "-h" | "help"), [])) => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("unknown arguments {args:?}\n{USAGE}"),
    }
}

/// The root of the workspace.
pub(crate) fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(Path::to_path_buf).unwrap_or_else(|| manifest_dir.to_path_buf())
}
