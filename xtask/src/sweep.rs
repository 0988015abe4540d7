//! `cargo xtask sweep`: the Seam crate against Seam's own fake server,
//! every endpoint once, through the crate's public methods.
//!
//! The driver is the conformance driver of the Seam crate (emitted from the
//! IR, see `openapi_codegen::conformance_driver`), run in its sweep mode:
//! it lists first, then gets, then creates and updates, and deletes last;
//! it keeps the ids the fake's answers hold (`device_id`, …) and puts them
//! in place of the spec's examples in the requests after, so that gets,
//! updates and deletes name things the fake has. Each endpoint ends as:
//! - answered and decoded;
//! - answered with an API error the fake chose (its type is counted: a
//!   sample value it refuses, a resource it does not have);
//! - not served by the fake (it answers `404` with no JSON: a route it
//!   lacks), listed by name;
//! - failed: an answer that does not decode, a sample that does not fit the
//!   crate's types, a transport error. Failures the fake's own data
//!   explains are listed in `tests/e2e/sweep-known.txt`, with the reason;
//!   any other fails the sweep, and so does a listed one that passes.
//!
//! It ends with one line: `sweep: N endpoints called: A answered and
//! decoded, E answered with an API error, R not served by the fake, F failed`.

use std::collections::BTreeMap;
use std::io::BufRead as _;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::conformance::{target_dir, write_files, KillOnDrop, Line};
use crate::project_root;

/// Failures the fake's data explains, one a line: `METHOD path: reason`.
const KNOWN: &str = "tests/e2e/sweep-known.txt";

/// What became of one endpoint.
#[derive(Debug, PartialEq, Eq)]
enum Ending {
    Decoded,
    ApiError(String),
    NotServed,
    Failed,
}

/// How an endpoint ended, from its line of the driver. The fake answers a
/// route it does not have with `404` and the text `404`; every route it
/// has answers errors with Seam's JSON envelope.
fn ending(line: &Line) -> Ending {
    match line.outcome.as_str() {
        "ok" => Ending::Decoded,
        "rejected" if line.status == Some(404) && line.detail.contains(": 404 ") && !line.detail.contains('{') => Ending::NotServed,
        "rejected" => {
            // `… failed with HTTP 400: invalid_input: …`: the error type.
            let after_status = line.detail.split_once(": ").map_or("", |(_, rest)| rest);
            let error_type = after_status.split(':').next().unwrap_or("").trim();
            let error_type = if error_type.is_empty() || error_type.contains(' ') { "other" } else { error_type };
            Ending::ApiError(format!("{} {error_type}", line.status.unwrap_or(0)))
        }
        _ => Ending::Failed,
    }
}

pub(crate) fn run() -> Result<()> {
    let root = project_root();
    let fake_dir = root.join("tests").join("e2e");
    if !fake_dir.join("node_modules").join("@seamapi").join("fake-seam-connect").exists() {
        bail!("Seam's fake server is not installed: run `npm ci` in tests/e2e (`cargo xtask test` does)");
    }
    let work = target_dir().join("sweep");
    let workspace = work.join("workspace");
    let spec_path = root.join("specs").join("seam-connect.yaml");
    let text = std::fs::read_to_string(&spec_path).context("reading specs/seam-connect.yaml")?;
    let spec = openapi_codegen::parse_spec("seam-connect.yaml", &text).map_err(|err| anyhow::anyhow!("{err}"))?;
    let settings = crate::codegen::seam_settings(&root, &spec)?.with_spec_label("specs/seam-connect.yaml");
    let output = openapi_codegen::generate(&spec, &settings).map_err(|err| anyhow::anyhow!("{err}"))?;
    let driver = openapi_codegen::conformance_driver(&output, &settings, "../client").map_err(|err| anyhow::anyhow!("{err}"))?;
    write_files(&workspace.join("client"), &output.files)?;
    write_files(&workspace.join("driver"), &driver)?;
    let manifest = "[workspace]\nresolver = \"2\"\nmembers = [\"client\", \"driver\"]\n\n[profile.dev]\ndebug = 0\n";
    crate::conformance::write(&workspace.join("Cargo.toml"), manifest)?;
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).context("copying Cargo.lock")?;

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!("$ cargo build --package seam-connect-conformance (in {})", workspace.display());
    let status = Command::new(&cargo)
        .args(["build", "--quiet", "--package", "seam-connect-conformance"])
        .env("CARGO_TARGET_DIR", target_dir())
        .current_dir(&workspace)
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("the sweep's driver does not build");
    }
    let binary = target_dir().join("debug").join(format!("seam-connect-conformance{}", std::env::consts::EXE_SUFFIX));

    // The fake prints its address, and stops when its standard input closes.
    let mut fake = Command::new("node")
        .arg("fake-server.mjs")
        .current_dir(&fake_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("starting Seam's fake server with node")?;
    let stdout = fake.stdout.take().context("the fake's output")?;
    let fake = KillOnDrop(fake);
    let mut address = String::new();
    std::io::BufReader::new(stdout).read_line(&mut address).context("reading the fake server's address")?;
    let address: serde_json::Value =
        serde_json::from_str(&address).with_context(|| format!("the fake server did not print its address: {address:?}"))?;
    let url = address["url"].as_str().context("the fake server printed no url")?.to_owned();

    let run = Command::new(&binary)
        .arg(&url)
        .env("CONFORMANCE_SWEEP", "1")
        .env("CONFORMANCE_CREDENTIAL", "seam_apikey1_token")
        .output()
        .context("running the sweep's driver")?;
    drop(fake);
    if !run.status.success() {
        bail!("the sweep's driver failed ({}): {}", run.status, String::from_utf8_lossy(&run.stderr));
    }
    let mut lines = Vec::new();
    for text in String::from_utf8_lossy(&run.stdout).lines() {
        lines.push(serde_json::from_str::<Line>(text).with_context(|| format!("a line of the driver: {text}"))?);
    }
    let known = known_failures(&root)?;
    report(&lines, &known, output.api.endpoints.len())
}

/// The failures `tests/e2e/sweep-known.txt` explains, by operation.
fn known_failures(root: &std::path::Path) -> Result<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(root.join(KNOWN)).with_context(|| format!("reading {KNOWN}"))?;
    let mut known = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')) {
        let (operation, reason) = line.split_once(": ").with_context(|| format!("{KNOWN}: `{line}` is not `METHOD path: reason`"))?;
        known.insert(operation.to_owned(), reason.to_owned());
    }
    Ok(known)
}

/// Prints the endpoints by ending and the summary line; fails on a failure
/// `known` does not explain, on a known one that passed, and when the
/// driver did not call every one of the `endpoints`.
fn report(lines: &[Line], known: &BTreeMap<String, String>, endpoints: usize) -> Result<()> {
    let mut decoded = 0;
    let mut api_errors: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut not_served = Vec::new();
    let mut unexplained = Vec::new();
    let mut explained = 0;
    for line in lines {
        match ending(line) {
            Ending::Decoded => {
                decoded += 1;
                if known.contains_key(&line.operation) {
                    unexplained.push(format!("{}: listed in {KNOWN}, but answered and decoded", line.operation));
                }
            }
            Ending::ApiError(kind) => api_errors.entry(kind).or_default().push(&line.operation),
            Ending::NotServed => not_served.push(line.operation.as_str()),
            Ending::Failed if known.contains_key(&line.operation) => {
                explained += 1;
                eprintln!("  {} ({}, known: {})", line.operation, line.outcome, known[&line.operation]);
            }
            Ending::Failed => unexplained.push(format!("{} ({}): {}", line.operation, line.outcome, line.detail)),
        }
    }
    for (kind, operations) in &api_errors {
        eprintln!("answered with an API error, {kind}: {}", operations.join(", "));
    }
    eprintln!("not served by the fake: {}", if not_served.is_empty() { "none".to_owned() } else { not_served.join(", ") });
    let errors: usize = api_errors.values().map(Vec::len).sum();
    let by_kind: Vec<String> = api_errors.iter().map(|(kind, operations)| format!("{kind} {}", operations.len())).collect();
    println!(
        "sweep: {} endpoints called: {decoded} answered and decoded, {errors} answered with an API error ({}), {} not served by the fake, {} failed ({explained} known)",
        lines.len(),
        by_kind.join(", "),
        not_served.len(),
        explained + unexplained.len(),
    );
    if lines.len() != endpoints {
        unexplained.push(format!("the driver called {} of the crate's {endpoints} endpoints", lines.len()));
    }
    if !unexplained.is_empty() {
        bail!("{} problem(s) of the sweep:\n  {}", unexplained.len(), unexplained.join("\n  "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(outcome: &str, status: Option<u16>, detail: &str) -> Line {
        Line {
            index: 0,
            operation: "POST /devices/get".to_owned(),
            pointer: String::new(),
            aliases: 0,
            outcome: outcome.to_owned(),
            status,
            detail: detail.to_owned(),
        }
    }

    #[test]
    fn endings_tell_a_missing_route_from_an_error_of_a_route_there() {
        assert_eq!(ending(&line("ok", None, "")), Ending::Decoded);
        let missing = "POST /x/y failed with HTTP 404: 404 ";
        assert_eq!(ending(&line("rejected", Some(404), missing)), Ending::NotServed);
        let not_found = r#"POST /devices/get failed with HTTP 404: device_not_found: Device not found: {"error":{"type":"device_not_found"}} "#;
        assert_eq!(ending(&line("rejected", Some(404), not_found)), Ending::ApiError("404 device_not_found".to_owned()));
        assert_eq!(ending(&line("undecoded", Some(200), "…")), Ending::Failed);
        assert_eq!(ending(&line("sample", None, "…")), Ending::Failed);
    }

    #[test]
    fn a_failure_fails_the_sweep_unless_listed_and_a_listed_one_must_fail() {
        let known: BTreeMap<String, String> = [("POST /devices/get".to_owned(), "a reason".to_owned())].into_iter().collect();
        assert!(report(&[line("undecoded", Some(200), "")], &known, 1).is_ok());
        assert!(report(&[line("undecoded", Some(200), "")], &BTreeMap::new(), 1).is_err());
        assert!(report(&[line("ok", None, "")], &known, 1).is_err());
        assert!(report(&[line("ok", None, "")], &BTreeMap::new(), 2).is_err(), "an endpoint not called");
    }
}
