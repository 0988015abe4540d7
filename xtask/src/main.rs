//! Project tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! - `cargo xtask codegen` regenerates `generated/` from `specs/`.
//! - `cargo xtask codegen --check` fails, with a diff, when `generated/` is stale.
//! - `cargo xtask codegen --spec FILE --out DIR [--name NAME]` generates a
//!   standalone crate for any OpenAPI 3.0 document.
//! - `cargo xtask update-spec VERSION` writes `specs/seam-connect.yaml` from
//!   the npm package `@seamapi/types` at `VERSION`.
//! - `cargo xtask conformance` checks generated clients against a validating mock server.
//! - `cargo xtask sweep` calls every endpoint of the Seam crate against Seam's fake server.
//! - `cargo xtask test` runs every test and check of the project.
//! - `cargo xtask bench [--quick] [--peers]` prints the performance figures.

mod bench;
mod codegen;
mod conformance;
mod sweep;
mod test;
mod update_spec;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--timings]
           regenerates (or checks) the Seam crate in generated/ from specs/seam-connect.yaml
           and its settings, specs/seam-connect.toml
       cargo xtask codegen --spec FILE --out DIR [--name NAME] [--check] [--timings]
           generates a standalone crate for any OpenAPI 3.0 document (YAML or JSON);
           the package name comes from the spec's title unless --name gives it
           (the `openapi-codegen` command does the same, with a settings file)
       cargo xtask update-spec VERSION
           writes specs/seam-connect.yaml from the npm package @seamapi/types@VERSION
       cargo xtask conformance [--ci] [--only NAME,…] [--spec FILE ...]
           generates each spec's crate and a driver that calls every operation,
           and runs it against Prism (which validates requests); with no --spec,
           over the project's corpus (--ci: its small CI subset)
       cargo xtask sweep
           calls every endpoint of the Seam crate once against Seam's fake server
           (reads first, deletes last, with the ids the fake gave) and counts how each ended
       cargo xtask test
           runs every test and check of the project
       cargo xtask bench [--quick] [--peers]
           prints the performance figures (codegen, compile, decode); --quick runs
           them once, small, as a smoke test; --peers adds progenitor and ploidy";

/// A command line this program does not take: reported with the usage,
/// and the exit code 2.
#[derive(Debug)]
pub(crate) struct UsageError(pub(crate) String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n{USAGE}", self.0)
    }
}

impl std::error::Error for UsageError {}

/// Runs the task, and reports a failure once, as `error: …`, without a
/// backtrace: exit code 2 for a usage error, 1 for any other.
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Diagnostics of a spec or a settings file say `error:` (or
            // `error[kind]:`) already.
            let text = format!("{err:#}");
            if text.starts_with("error: ") || text.starts_with("error[") {
                eprintln!("{text}");
            } else {
                eprintln!("error: {text}");
            }
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn run(args: &[&str]) -> Result<()> {
    match args.split_first() {
        Some((&"codegen", flags)) => codegen::run(&codegen::Options::parse(flags)?),
        Some((&"update-spec", [version])) => update_spec::update_spec(version),
        Some((&"test", [])) => test::test(),
        Some((&"sweep", [])) => sweep::run(),
        Some((&"conformance", flags)) => {
            let options = conformance::Options::parse(flags).map_err(|err| UsageError(err.to_string()))?;
            conformance::run(&options)
        }
        Some((&"bench", flags)) if flags.iter().all(|flag| ["--quick", "--peers"].contains(flag)) => {
            bench::bench(flags.contains(&"--quick"), flags.contains(&"--peers"))
        }
        // One codegen in a fresh process, for `bench`.
        Some((&"codegen-once", [])) => bench::codegen_once(),
        // What a command used, measured from a fresh process, for `bench`.
        Some((&"rusage", [program, arguments @ ..])) => bench::rusage(program, arguments),
        Some((&("--help" | "-h" | "help"), [])) => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(UsageError(format!("unknown arguments {args:?}")).into()),
    }
}

/// The root of the workspace.
pub(crate) fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(Path::to_path_buf).unwrap_or_else(|| manifest_dir.to_path_buf())
}
