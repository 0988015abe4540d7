//! Project tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! - `cargo xtask codegen` regenerates `generated/` from `specs/`.
//! - `cargo xtask codegen --check` fails, with a diff, when `generated/` is stale.
//! - `cargo xtask codegen --spec FILE --out DIR [--name NAME]` generates a
//!   standalone crate for any OpenAPI 3.0 document.
//! - `cargo xtask conformance` checks generated clients against a validating mock server.
//! - `cargo xtask test` runs every test and check of the project.
//! - `cargo xtask bench [--quick] [--peers]` prints the performance figures.

mod bench;
mod codegen;
mod conformance;
mod test;

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--timings]
           regenerates (or checks) the Seam crate in generated/ from specs/
       cargo xtask codegen --spec FILE --out DIR [--name NAME] [--check] [--timings]
           generates a standalone crate for any OpenAPI 3.0 document (YAML or JSON);
           the package name comes from the spec's title unless --name gives it
       cargo xtask conformance [--ci] [--only NAME,…] [--spec FILE ...]
           generates each spec's crate and a driver that calls every operation,
           and runs it against Prism (which validates requests); with no --spec,
           over the project's corpus (--ci: its small CI subset)
       cargo xtask test
           runs every test and check of the project
       cargo xtask bench [--quick] [--peers]
           prints the performance figures (codegen, compile, decode); --quick runs
           them once, small, as a smoke test; --peers adds progenitor and ploidy";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.split_first() {
        Some((&"codegen", flags)) => {
            let options = codegen::Options::parse(flags).map_err(|err| anyhow::format_err!("{err}\n{USAGE}"))?;
            codegen::run(&options)
        }
        Some((&"test", [])) => test::test(),
        Some((&"conformance", flags)) => {
            let options = conformance::Options::parse(flags).map_err(|err| anyhow::format_err!("{err}\n{USAGE}"))?;
            conformance::run(&options)
        }
        Some((&"bench", flags)) if flags.iter().all(|flag| ["--quick", "--peers"].contains(flag)) => {
            bench::bench(flags.contains(&"--quick"), flags.contains(&"--peers"))
        }
        // One codegen in a fresh process, for `bench`.
        Some((&"codegen-once", [])) => bench::codegen_once(),
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
