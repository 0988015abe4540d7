//! `cargo xtask conformance`: generated clients against a mock server that
//! validates every request.
//!
//! For each spec, the crate is generated with its conformance driver (a
//! program emitted from the IR that calls every operation once with a small
//! valid request, see `openapi_codegen::conformance_driver`). All of them
//! are built in one scratch workspace. Then, per spec, Prism mocks the spec
//! on a free loopback port with `--errors` (a request that breaks the spec
//! is answered with a 4xx and Prism's reason), first answering with the
//! spec's examples, then with data generated from the response schemas
//! (`-d`); the driver runs against each, and every operation is classified:
//! accepted and decoded, request rejected (with Prism's reason), response
//! not decoded (with the failing field), transport error, or no sample
//! request. The operations of the spec are also counted against the
//! endpoints of the crate: an operation that became no method is a failure.
//!
//! It ends with one line, `conformance: A/M operations accepted and decoded
//! across K specs`, and fails unless every operation passed.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use sha2::Digest as _;

use crate::project_root;

/// The corpus of public specs, pinned by package version and checksums.
const CORPUS: &str = "tests/conformance/corpus.json";

/// How long Prism may take to start: 3 minutes, and 2 more for each
/// megabyte of the spec (Stripe's and DocuSign's, near 3 MB, took more
/// than 3 minutes on a loaded 2-core machine).
fn prism_start_timeout(spec: &Path) -> Duration {
    let megabytes = std::fs::metadata(spec).map_or(0, |metadata| metadata.len()) / 1_000_000;
    Duration::from_secs(180 + 120 * megabytes)
}

/// One spec of the pinned corpus, from a package of a registry.
#[derive(Debug, Clone, serde::Deserialize)]
pub(crate) struct CorpusSpec {
    /// A short name, which is also the package name of the generated crate.
    pub(crate) name: String,
    /// `npm` or `pypi`.
    pub(crate) registry: String,
    pub(crate) package: String,
    pub(crate) version: String,
    /// The SHA-256 of the package archive as the registry serves it.
    pub(crate) archive_sha256: String,
    /// Where the spec is inside the archive.
    pub(crate) path: String,
    /// The SHA-256 of the spec file.
    pub(crate) sha256: String,
    /// The OpenAPI version the document declares.
    pub(crate) openapi: String,
    /// Whether the CI subset includes it.
    #[serde(default)]
    pub(crate) ci: bool,
}

/// What `cargo xtask conformance` was asked to do.
#[derive(Debug, Default)]
pub(crate) struct Options {
    /// Specs given on the command line; the corpus when empty.
    pub(crate) specs: Vec<PathBuf>,
    /// Only the CI subset of the corpus.
    pub(crate) ci: bool,
    /// Only specs whose name contains this, or one of its comma-separated parts.
    pub(crate) only: Option<String>,
}

impl Options {
    pub(crate) fn parse(args: &[&str]) -> Result<Options> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match *arg {
                "--spec" => match args.next() {
                    Some(spec) => options.specs.push(PathBuf::from(spec)),
                    None => bail!("`--spec` needs a file"),
                },
                "--only" => match args.next() {
                    Some(only) => options.only = Some((*only).to_owned()),
                    None => bail!("`--only` needs a name"),
                },
                "--ci" => options.ci = true,
                other => bail!("unknown argument `{other}`"),
            }
        }
        Ok(options)
    }
}

/// Whether `--only` chose the spec `name`: `only` holds names, or parts of
/// names, separated by commas.
fn is_chosen(only: &str, name: &str) -> bool {
    only.split(',').any(|part| !part.is_empty() && name.contains(part))
}

/// A spec to check: its name (the crate's package name) and its file.
struct Target {
    name: String,
    file: PathBuf,
    /// The version of OpenAPI (or Swagger) the spec is written in, as the report shows it.
    version: String,
    /// Whether it is the Seam spec, checked with the Seam settings.
    seam: bool,
}

/// What happened to one operation in one mode.
#[derive(Debug, Clone, serde::Deserialize)]
pub(crate) struct Line {
    pub(crate) index: usize,
    pub(crate) operation: String,
    #[allow(dead_code)]
    pub(crate) pointer: String,
    pub(crate) aliases: usize,
    pub(crate) outcome: String,
    pub(crate) status: Option<u16>,
    pub(crate) detail: String,
}

/// The results of one spec.
#[derive(Default)]
struct SpecResult {
    /// The version of OpenAPI the spec is written in.
    version: String,
    /// Operations the spec declares.
    spec_operations: usize,
    /// Operations the crate has a method for (an endpoint and its aliases).
    crate_operations: usize,
    /// Operations accepted and decoded in every mode.
    passed: usize,
    /// Failures, one line each.
    failures: Vec<String>,
    /// The operations that did not pass, as `METHOD path`.
    failed_operations: std::collections::BTreeSet<String>,
    /// Failures by kind (`rejected`, `undecoded`, …).
    kinds: BTreeMap<String, usize>,
    /// Answers in one mode that say nothing of the client (see [`not_the_clients`]).
    excused: usize,
    /// Operations passed because the client decoded, in the [`LENIENT`]
    /// mode, answers Prism's validator rejected in both other modes.
    decoded_leniently: usize,
}

/// Whether a failure in `mode` is the mock's or the spec's, not the
/// client's: Prism answering 500 because the answer it would send breaks
/// the spec's response schema (in static mode the spec's own example, in
/// dynamic mode data Prism made up), with no violation in the request;
/// in dynamic mode also Prism unable to make up a response (a response
/// without a schema), or busy making one up for longer than the client
/// waits. The operation passes when the other mode accepted and decoded
/// it, or, when both modes are excused for their answers alone, when the
/// client decodes the answer Prism sends without `--errors` (see
/// [`LENIENT`]).
fn not_the_clients(mode: &str, line: &Line) -> bool {
    match mode {
        // Prism could not make up an answer for a schema it finds too
        // large, after the request passed.
        "static" => only_the_answer_broke_the_spec(line) || (line.outcome == "rejected" && line.detail.contains("prism/errors#SCHEMA_TOO_COMPLEX")),
        "dynamic" => {
            only_the_answer_broke_the_spec(line)
                || (line.outcome == "rejected" && line.detail.contains("prism/errors#UNKNOWN"))
                || line.outcome == "mock-timeout"
        }
        _ => false,
    }
}

/// Whether Prism refused to send its answer because the answer breaks the
/// spec's response schema, after the request passed its validation. Prism
/// says so in its 500's body (`prism/errors#VIOLATIONS`) or, to a `HEAD`
/// request, whose answer has no body, only in its `sl-violations` header.
fn only_the_answer_broke_the_spec(line: &Line) -> bool {
    let detail = line.detail.as_str();
    line.outcome == "rejected"
        && (detail.contains("prism/errors#VIOLATIONS") || line.status == Some(500))
        && detail.contains("\"location\":[\"response\"")
        && !has_request_error(detail)
}

/// Whether Prism's violations in `detail` fault the request: a violation
/// located in the request that is not a mere warning (Prism warns of a
/// deprecated parameter the client was asked to send, say).
fn has_request_error(detail: &str) -> bool {
    detail.match_indices("\"location\":[\"request\"").any(|(start, _)| {
        let violation = detail.get(start..).unwrap_or_default();
        let violation = violation.split('}').next().unwrap_or_default();
        !violation.contains("\"severity\":\"Warning\"")
    })
}

/// The mode that judges decoding when Prism's answers break the spec in
/// both other modes: dynamic answers, sent without `--errors`, so Prism
/// sends the data it made up (with its violations in an `sl-violations`
/// header) instead of a 500. Only operations whose request both other
/// modes accepted are judged in it.
const LENIENT: &str = "lenient";

/// The verdict on one operation, from its runs in every mode.
#[derive(Debug)]
struct Verdict<'a> {
    /// Accepted in both modes, and decoded in at least one of them or,
    /// failing that, in the [`LENIENT`] mode.
    passed: bool,
    /// Whether it passed only through the [`LENIENT`] mode.
    decoded_leniently: bool,
    /// How many runs were excused as the mock's or the spec's.
    excused: usize,
    /// When it did not pass, the runs that say why: the client's failures,
    /// or, when every run was excused, all of them.
    reasons: Vec<(&'a str, &'a Line)>,
}

fn judge(runs: &[(String, Line)]) -> Verdict<'_> {
    let not_ok = || runs.iter().filter(|(_, line)| line.outcome != "ok");
    let failed: Vec<(&str, &Line)> =
        not_ok().filter(|(mode, line)| !not_the_clients(mode, line)).map(|(mode, line)| (mode.as_str(), line)).collect();
    let excused = not_ok().filter(|(mode, line)| not_the_clients(mode, line)).count();
    let strict_runs = runs.iter().filter(|(mode, _)| mode != LENIENT).count();
    let decoded_leniently = runs.iter().any(|(mode, line)| mode == LENIENT && line.outcome == "ok");
    let passed = failed.is_empty() && strict_runs == 2 && (excused < 2 || decoded_leniently);
    let reasons = if passed {
        Vec::new()
    } else if failed.is_empty() {
        runs.iter().map(|(mode, line)| (mode.as_str(), line)).collect()
    } else {
        failed
    };
    Verdict { passed, decoded_leniently: passed && excused == 2, excused, reasons }
}

/// Whether Prism accepted the request of an operation that declares no
/// response at all (OpenAPI 3.1 makes `responses` optional): Prism answers
/// such a request with `NO_RESPONSE_RESPONSE_DEFINED` only after it
/// validated it, so the client did its part.
fn accepted_without_response(line: &Line) -> bool {
    line.outcome == "rejected" && line.status == Some(500) && line.detail.contains("prism/errors#NO_RESPONSE_RESPONSE_DEFINED")
}

pub(crate) fn run(options: &Options) -> Result<()> {
    let root = project_root();
    let work = target_dir().join("conformance");
    let prism = root.join("tests/e2e/node_modules/.bin/prism");
    if !prism.exists() {
        bail!("Prism is not installed: run `npm ci` in tests/e2e (`cargo xtask test` does)");
    }
    let mut targets = if options.specs.is_empty() { corpus_targets(&root, &work, options.ci)? } else { spec_targets(&options.specs)? };
    if let Some(only) = &options.only {
        targets.retain(|target| is_chosen(only, &target.name));
    }
    if targets.is_empty() {
        bail!("no spec to check");
    }

    // Generate every crate and its driver into one scratch workspace.
    let workspace = work.join("workspace");
    let _ = std::fs::remove_dir_all(&workspace);
    let mut results: BTreeMap<String, SpecResult> = BTreeMap::new();
    let mut members = Vec::new();
    for target in &targets {
        let result = results.entry(target.name.clone()).or_default();
        result.version = target.version.clone();
        let text = std::fs::read_to_string(&target.file).with_context(|| format!("reading {}", target.file.display()))?;
        result.spec_operations = count_operations(&text);
        let label = target.file.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        let spec = match openapi_codegen::parse_spec_at(&label, &text, &target.file) {
            Ok(spec) => spec,
            Err(err) => {
                result.failures.push(format!("not generated: {}", first_lines(&err.to_string(), 5)));
                continue;
            }
        };
        let settings = if target.seam {
            crate::codegen::seam_settings(&root, &spec)?.with_spec_label(label.clone())
        } else {
            openapi_codegen::Settings::new(target.name.clone()).with_spec_label(label.clone())
        };
        let output = match openapi_codegen::generate(&spec, &settings) {
            Ok(output) => output,
            Err(err) => {
                result.failures.push(format!("not generated: {}", first_lines(&err.to_string(), 5)));
                continue;
            }
        };
        result.crate_operations = output.api.endpoints.iter().map(|endpoint| 1 + endpoint.aliases.len()).sum();
        if result.crate_operations != result.spec_operations {
            result.failures.push(format!(
                "the spec has {} operations, the crate methods for {}",
                result.spec_operations, result.crate_operations
            ));
        }
        let driver = match openapi_codegen::conformance_driver(&output, &settings, "../client") {
            Ok(driver) => driver,
            Err(err) => {
                result.failures.push(format!("no driver: {}", first_lines(&err.to_string(), 5)));
                continue;
            }
        };
        let member = workspace.join(&target.name);
        write_files(&member.join("client"), &output.files)?;
        write_files(&member.join("driver"), &driver)?;
        members.push(format!("\"{}/client\", \"{}/driver\"", target.name, target.name));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = 0\n\n[profile.dev.package.\"*\"]\nopt-level = 1\n",
        members.join(", ")
    );
    write(&workspace.join("Cargo.toml"), &manifest)?;
    // The project's lock file: the same dependency versions as every other build.
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).context("copying Cargo.lock")?;
    eprintln!("$ cargo build --workspace --keep-going (in {}, {} specs)", display(&workspace), targets.len());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let build_log = work.join("build.log");
    let log = std::fs::File::create(&build_log).context("creating the build log")?;
    let status = Command::new(&cargo)
        .args(["build", "--workspace", "--keep-going", "--quiet", "--message-format=short"])
        .env("CARGO_TARGET_DIR", target_dir())
        // Each crate is built once per change of the generator: incremental
        // state would only fill the disk (some 20 GB for the full corpus).
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(&workspace)
        .stdout(Stdio::null())
        .stderr(log)
        .status()
        .context("running cargo build")?;
    if !status.success() {
        eprintln!("some crates do not compile; see {}", display(&build_log));
    }

    for target in &targets {
        let driver = target_dir().join("debug").join(format!("{}-conformance", target.name));
        let result = results.entry(target.name.clone()).or_default();
        if !workspace.join(&target.name).exists() {
            continue;
        }
        if !driver.exists() {
            let errors = compile_errors(&build_log, &target.name);
            result.failures.push(format!("the crate or its driver does not compile:\n{errors}"));
            continue;
        }
        if result.spec_operations == 0 && result.crate_operations == 0 {
            // Nothing to call (a document of webhooks only, say), and Prism
            // refuses to mock a document without operations: compiling is the check.
            continue;
        }
        let mut outcomes: BTreeMap<String, Vec<(String, Line)>> = BTreeMap::new();
        for (mode, flags) in [("static", &[][..]), ("dynamic", DYNAMIC_FLAGS)] {
            match run_mode(&prism, target, mode, flags, true, &driver, &work) {
                Ok(lines) => {
                    for line in lines {
                        outcomes.entry(format!("{} #{}", line.operation, line.pointer)).or_default().push((mode.to_owned(), line));
                    }
                }
                Err(err) => result.failures.push(format!("{mode}: {err:#}")),
            }
        }
        let excused_in_both =
            |runs: &Vec<(String, Line)>| runs.len() == 2 && runs.iter().all(|(mode, line)| line.outcome != "ok" && not_the_clients(mode, line));
        let unjudged: Vec<String> = outcomes
            .iter()
            .filter(|(_, runs)| excused_in_both(runs) && runs.iter().all(|(_, line)| only_the_answer_broke_the_spec(line)))
            .map(|(key, _)| key.clone())
            .collect();
        if !unjudged.is_empty() {
            match run_mode(&prism, target, LENIENT, DYNAMIC_FLAGS, false, &driver, &work) {
                Ok(lines) => {
                    for line in lines {
                        let key = format!("{} #{}", line.operation, line.pointer);
                        if unjudged.contains(&key) {
                            outcomes.entry(key).or_default().push((LENIENT.to_owned(), line));
                        }
                    }
                }
                Err(err) => result.failures.push(format!("{LENIENT}: {err:#}")),
            }
        }
        for runs in outcomes.values() {
            let weight = runs.first().map_or(1, |(_, line)| 1 + line.aliases);
            let verdict = judge(runs);
            result.excused += verdict.excused;
            if verdict.passed {
                result.passed += weight;
                if verdict.decoded_leniently {
                    result.decoded_leniently += weight;
                }
                continue;
            }
            if let Some((_, line)) = runs.first() {
                result.failed_operations.insert(line.operation.clone());
            }
            for (mode, line) in verdict.reasons {
                if !not_the_clients(mode, line) {
                    *result.kinds.entry(line.outcome.clone()).or_default() += 1;
                }
                let status = line.status.map(|status| format!(" {status}")).unwrap_or_default();
                result.failures.push(format!("{} ({mode}): {}{status}: {}", line.operation, line.outcome, first_lines(&line.detail, 3)));
            }
        }
    }

    // The report.
    let mut total = 0;
    let mut passed = 0;
    let mut clean_specs = 0;
    for (name, result) in &results {
        total += result.spec_operations;
        passed += result.passed.min(result.spec_operations);
        let kinds: Vec<String> = result.kinds.iter().map(|(kind, count)| format!("{count} {kind}")).collect();
        let excused = if result.excused == 0 {
            String::new()
        } else {
            format!(
                "; {} answers in one mode were the mock's or the spec's (an answer that breaks the spec, no schema to generate from)",
                result.excused
            )
        };
        let lenient = if result.decoded_leniently == 0 {
            String::new()
        } else {
            format!("; {} decoded from answers Prism sends although they break the spec", result.decoded_leniently)
        };
        let version = if result.version.is_empty() { String::new() } else { format!(" ({})", result.version) };
        println!(
            "{name}{version}: {}/{} operations accepted and decoded{}{excused}{lenient}",
            result.passed.min(result.spec_operations),
            result.spec_operations,
            if kinds.is_empty() { String::new() } else { format!(" (failures: {})", kinds.join(", ")) }
        );
        if result.failures.is_empty() && result.passed == result.spec_operations {
            clean_specs += 1;
        }
        for failure in result.failures.iter().take(20) {
            println!("  {}", failure.replace('\n', "\n    "));
        }
        if result.failures.len() > 20 {
            println!("  … and {} more", result.failures.len() - 20);
        }
    }
    println!(
        "conformance: {passed}/{total} operations accepted and decoded across {} specs ({clean_specs} specs without a failure)",
        results.len()
    );
    // Every failure must be a known limitation, written down with its
    // reason; a known failure that now passes must leave the list.
    let known = known_failures(&root)?;
    let (unexplained, stale) = compare_with_known(&results, &known);
    if !unexplained.is_empty() || !stale.is_empty() {
        let mut message = String::new();
        if !unexplained.is_empty() {
            message.push_str(&format!("{} failure(s) not in {KNOWN_FAILURES}:\n  {}\n", unexplained.len(), unexplained.join("\n  ")));
        }
        if !stale.is_empty() {
            message.push_str(&format!("{} entr(ies) of {KNOWN_FAILURES} now pass: take them out\n  {}\n", stale.len(), stale.join("\n  ")));
        }
        bail!("{message}");
    }
    println!("every failure is a known limitation listed, with its reason, in {KNOWN_FAILURES}");
    Ok(())
}

/// The failures `known` does not list, and the entries of `known` for a
/// spec that ran whose operation passed (stale: they must leave the list).
/// A spec that could not be checked at all (not generated, not built, the
/// mock never started) is a failure of its own, unless `known` lists the
/// spec as [`UNJUDGED`], with the reason; that entry is stale once the spec
/// is checked.
fn compare_with_known(
    results: &BTreeMap<String, SpecResult>,
    known: &BTreeMap<(String, String), String>,
) -> (Vec<String>, Vec<String>) {
    let mut unexplained = Vec::new();
    let mut stale = Vec::new();
    let unchecked = |result: &SpecResult| result.failed_operations.is_empty() && result.passed < result.spec_operations;
    for (name, result) in results {
        for operation in &result.failed_operations {
            if !known.contains_key(&(name.clone(), operation.clone())) {
                unexplained.push(format!("{name}: {operation}"));
            }
        }
        if unchecked(result) && !known.contains_key(&(name.clone(), UNJUDGED.to_owned())) {
            unexplained.push(format!("{name}: {}", result.failures.first().map_or("not checked", String::as_str)));
        }
    }
    for (name, operation) in known.keys() {
        if let Some(result) = results.get(name) {
            let passed = if operation == UNJUDGED { !unchecked(result) } else { !result.failed_operations.contains(operation) };
            if passed {
                stale.push(format!("{name}: {operation}"));
            }
        }
    }
    (unexplained, stale)
}

/// The operation of an entry of the known failures that says the whole spec
/// cannot be checked (`stripe: *: reason`).
const UNJUDGED: &str = "*";

/// Operations that do not pass for a reason outside the client, each with
/// the reason: one `spec: METHOD path: reason` a line.
const KNOWN_FAILURES: &str = "tests/conformance/known-failures.txt";

/// The project's specs of the defect classes real specs showed.
const CLASS_SPECS: &str = "tests/conformance/specs";

fn known_failures(root: &Path) -> Result<BTreeMap<(String, String), String>> {
    let text = std::fs::read_to_string(root.join(KNOWN_FAILURES)).with_context(|| format!("reading {KNOWN_FAILURES}"))?;
    let mut known = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')) {
        let mut parts = line.splitn(3, ": ");
        match (parts.next(), parts.next(), parts.next()) {
            (Some(name), Some(operation), Some(reason)) if !reason.trim().is_empty() => {
                known.insert((name.to_owned(), operation.to_owned()), reason.to_owned());
            }
            _ => bail!("{KNOWN_FAILURES}: `{line}` is not `spec: METHOD path: reason`"),
        }
    }
    Ok(known)
}

/// The specs given on the command line, named after their file.
fn spec_targets(specs: &[PathBuf]) -> Result<Vec<Target>> {
    let mut names = std::collections::BTreeSet::new();
    specs
        .iter()
        .map(|file| {
            let stem = file.file_stem().map_or_else(|| "spec".to_owned(), |stem| stem.to_string_lossy().into_owned());
            let mut name = openapi_codegen::naming::crate_name(&stem);
            while !names.insert(name.clone()) {
                name.push_str("-2");
            }
            Ok(Target { name, file: file.clone(), version: String::new(), seam: false })
        })
        .collect()
}

/// The project's corpus: the pinned public specs (fetched and checked) of
/// every version, the examples of `@readme/oas-examples` (OpenAPI 3.0 and
/// 3.1, Swagger 2.0), and the Seam spec; with `ci`, the subset marked for
/// CI and a sample of the examples.
fn corpus_targets(root: &Path, work: &Path, ci: bool) -> Result<Vec<Target>> {
    let corpus: Vec<CorpusSpec> =
        serde_json::from_str(&std::fs::read_to_string(root.join(CORPUS)).context("reading the corpus list")?)
            .context("parsing the corpus list")?;
    let mut targets = Vec::new();
    for spec in corpus.iter().filter(|spec| !ci || spec.ci) {
        let file = fetch(spec, &work.join("cache"))?;
        targets.push(Target { name: openapi_codegen::naming::crate_name(&spec.name), file, version: spec.openapi.clone(), seam: false });
    }
    let examples = root.join("tests/e2e/node_modules/@readme/oas-examples");
    if !examples.is_dir() {
        bail!("@readme/oas-examples is not installed: run `npm ci` in tests/e2e");
    }
    for (version, prefix, ci_examples) in [("3.0", "oas", CI_EXAMPLES), ("3.1", "oas31", CI_EXAMPLES_31), ("2.0", "oas20", CI_EXAMPLES_20)] {
        for file in files_ending_in(&examples.join(version).join("json"), "json")? {
            let stem = file.file_stem().map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
            if ci && !ci_examples.contains(&stem.as_str()) {
                continue;
            }
            let name = format!("{prefix}-{}", openapi_codegen::naming::crate_name(&stem));
            targets.push(Target { name, file, version: version.to_owned(), seam: false });
        }
    }
    // The project's own specs, one for each class of defect real specs
    // showed (each says which), in CI too.
    let class_files = files_ending_in(&root.join(CLASS_SPECS), "yaml").context("reading the conformance specs of defect classes")?;
    for file in class_files {
        let stem = file.file_stem().map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
        targets.push(Target { name: format!("class-{}", openapi_codegen::naming::crate_name(&stem)), file, version: "3.0".to_owned(), seam: false });
    }
    if !ci {
        targets.push(Target {
            name: "seam-connect".to_owned(),
            file: root.join(crate::codegen::SEAM_SPEC),
            version: "3.0".to_owned(),
            seam: true,
        });
    }
    Ok(targets)
}

/// The files of `dir` with the extension `extension`, sorted.
fn files_ending_in(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == extension))
        .collect();
    files.sort();
    Ok(files)
}

/// The OpenAPI 3.0 examples of `@readme/oas-examples` CI checks: a
/// petstore, and the awkward shapes of parameters, bodies and schemas.
const CI_EXAMPLES: &[&str] = &["petstore", "parameters-style", "schema-types", "request-examples", "security"];

/// The OpenAPI 3.1 examples CI checks: the 3.1 shapes of schemas, and webhooks.
const CI_EXAMPLES_31: &[&str] = &["schema-types", "webhooks"];

/// The Swagger 2.0 examples CI checks.
const CI_EXAMPLES_20: &[&str] = &["petstore"];

/// Prism's flags for answers made up from the schemas. They are random: a
/// fixed seed makes a run repeatable.
const DYNAMIC_FLAGS: &[&str] = &["--dynamic", "--seed", "1"];

/// The spec file of `spec`, fetched once into `cache` and checked against
/// its pinned checksums.
pub(crate) fn fetch(spec: &CorpusSpec, cache: &Path) -> Result<PathBuf> {
    let spec_dir = cache.join("specs").join(&spec.name);
    let file = spec_dir.join(spec.path.rsplit('/').next().unwrap_or("spec").trim_end_matches(".gz"));
    if file.exists() && sha256_of(&file)? == spec.sha256 {
        return Ok(file);
    }
    std::fs::create_dir_all(&spec_dir).with_context(|| format!("creating {}", spec_dir.display()))?;
    // One download per package version, however many specs it holds.
    let package: String = spec.package.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    let dir = cache.join("archives").join(format!("{}-{package}-{}", spec.registry, spec.version));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let downloaded = std::fs::read_dir(&dir)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| path.is_file() && sha256_of(path).is_ok_and(|digest| digest == spec.archive_sha256));
    let archive = match (downloaded, spec.registry.as_str()) {
        (Some(archive), _) => archive,
        (None, "npm") => {
            let output = Command::new("npm")
                .args(["pack", &format!("{}@{}", spec.package, spec.version), "--silent", "--pack-destination"])
                .arg(&dir)
                .output()
                .context("running npm pack")?;
            if !output.status.success() {
                bail!("npm pack {}@{} failed: {}", spec.package, spec.version, String::from_utf8_lossy(&output.stderr));
            }
            let name = String::from_utf8_lossy(&output.stdout).lines().last().unwrap_or_default().trim().to_owned();
            dir.join(name)
        }
        (None, "pypi") => {
            let output = Command::new("python3")
                .args(["-m", "pip", "download", "--no-deps", "--quiet", "-d"])
                .arg(&dir)
                .arg(format!("{}=={}", spec.package, spec.version))
                .output()
                .context("running pip download")?;
            if !output.status.success() {
                bail!("pip download {}=={} failed: {}", spec.package, spec.version, String::from_utf8_lossy(&output.stderr));
            }
            std::fs::read_dir(&dir)?
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .find(|path| path.extension().is_some_and(|ext| ext == "whl" || ext == "gz" || ext == "zip"))
                .context("pip download left no archive")?
        }
        (None, other) => bail!("{}: unknown registry `{other}`", spec.name),
    };
    verify_sha256(&format!("{}: the archive {}", spec.name, archive.display()), &archive, &spec.archive_sha256)?;
    let unpacked = spec_dir.join("unpacked");
    std::fs::create_dir_all(&unpacked)?;
    let status = if archive.extension().is_some_and(|ext| ext == "whl" || ext == "zip") {
        Command::new("python3").args(["-m", "zipfile", "-e"]).arg(&archive).arg(&unpacked).status()
    } else {
        Command::new("tar").arg("-xzf").arg(&archive).arg("-C").arg(&unpacked).arg(&spec.path).status()
    }
    .context("unpacking")?;
    if !status.success() {
        bail!("{}: unpacking {} failed", spec.name, archive.display());
    }
    let unpacked_file = unpacked.join(&spec.path);
    if spec.path.ends_with(".gz") {
        // A spec stored compressed inside the archive.
        let output = Command::new("gzip").arg("-dc").arg(&unpacked_file).output().context("running gzip")?;
        if !output.status.success() {
            bail!("{}: gunzip of {} failed", spec.name, spec.path);
        }
        std::fs::write(&file, output.stdout).with_context(|| format!("writing {}", file.display()))?;
    } else {
        std::fs::rename(&unpacked_file, &file).with_context(|| format!("{}: no {} in the archive", spec.name, spec.path))?;
    }
    verify_sha256(&format!("{}: the spec {}", spec.name, spec.path), &file, &spec.sha256)?;
    let _ = std::fs::remove_dir_all(&unpacked);
    Ok(file)
}

/// Fails, naming `what` and both digests, unless the SHA-256 of the file at
/// `path` is `pinned`.
fn verify_sha256(what: &str, path: &Path, pinned: &str) -> Result<()> {
    let digest = sha256_of(path)?;
    if digest != pinned {
        bail!("{what}: its SHA-256 is {digest}, the corpus pins {pinned}");
    }
    Ok(())
}

/// The SHA-256 of the file at `path`, in lower-case hexadecimal.
fn sha256_of(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(sha2::Sha256::digest(&bytes).iter().map(|byte| format!("{byte:02x}")).collect())
}

/// The number of operations (HTTP methods under `paths`) a spec declares.
pub(crate) fn count_operations(text: &str) -> usize {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(_) => match serde_yaml::from_str(text) {
            Ok(value) => value,
            Err(_) => return 0,
        },
    };
    openapi_codegen::declared_operations(&value).len()
}

/// Starts Prism on `spec`, runs `driver` against it, stops Prism, and
/// returns the driver's lines. The driver stops at its first transport
/// error; then the mock server is checked. When Prism stopped on that
/// request (it crashes on a few spec shapes), the operation is reported as
/// `mock-crashed`; when Prism is still there but did not answer in time (it
/// can loop making up data for some response schemas, and it answers one
/// request at a time), as `mock-timeout`. Either way the driver goes on from
/// the next operation with a new Prism.
/// Runs the driver of `target` against Prism in one mode, with its log in
/// `work`; an operation Prism accepted that declares no response counts as
/// passed.
fn run_mode(prism: &Path, target: &Target, mode: &str, flags: &[&str], errors: bool, driver: &Path, work: &Path) -> Result<Vec<Line>> {
    let log = work.join(format!("{}-{mode}.log", target.name));
    let _ = std::fs::remove_file(&log);
    let mut lines = run_against_prism(prism, &target.file, flags, errors, driver, &log)
        .with_context(|| format!("{}: running against Prism ({mode})", target.name))?;
    for line in &mut lines {
        if accepted_without_response(line) {
            line.outcome = "ok".to_owned();
        }
    }
    Ok(lines)
}

/// Runs the driver against Prism mocking `spec` with `flags`, and with
/// `--errors` when `errors` is set; Prism is restarted after a crash and
/// the driver goes on with the next operation.
fn run_against_prism(prism: &Path, spec: &Path, flags: &[&str], errors: bool, driver: &Path, log: &Path) -> Result<Vec<Line>> {
    let mut lines: Vec<Line> = Vec::new();
    let mut start = 0;
    loop {
        let port = free_port()?;
        let log_file = std::fs::OpenOptions::new().create(true).append(true).open(log).context("opening the Prism log")?;
        let child = Command::new(prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .args(errors.then_some("--errors"))
            .args(flags)
            .arg(spec)
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .context("starting Prism")?;
        let mut prism_process = KillOnDrop(child);
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = prism_process.0.try_wait()? {
                bail!("Prism stopped ({status}) before it listened; see {}", log.display());
            }
            if started.elapsed() > prism_start_timeout(spec) {
                bail!("Prism did not listen within {} s; see {}", prism_start_timeout(spec).as_secs(), log.display());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let output = Command::new(driver)
            .arg(format!("http://127.0.0.1:{port}"))
            .arg(start.to_string())
            .output()
            .context("running the driver")?;
        if !output.status.success() {
            bail!("the driver failed ({}): {}", output.status, first_lines(&String::from_utf8_lossy(&output.stderr), 10));
        }
        let mut run = Vec::new();
        for text in String::from_utf8_lossy(&output.stdout).lines() {
            run.push(serde_json::from_str::<Line>(text).with_context(|| format!("a line of the driver: {text}"))?);
        }
        let stopped = run.last().is_some_and(|line| line.outcome == "transport");
        if stopped {
            // A crashed process may take a moment to be gone, or linger
            // without listening.
            let mut crashed = prism_process.0.try_wait()?.is_some();
            let waited = Instant::now();
            while !crashed && waited.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(100));
                crashed = prism_process.0.try_wait()?.is_some() || TcpStream::connect(("127.0.0.1", port)).is_err();
            }
            if let Some(line) = run.last_mut() {
                if crashed {
                    line.outcome = "mock-crashed".to_owned();
                } else if line.detail.contains("timed out") {
                    line.outcome = "mock-timeout".to_owned();
                }
                start = line.index + 1;
            }
        }
        drop(prism_process);
        lines.extend(run);
        if !stopped {
            return Ok(lines);
        }
    }
}

/// Ends a child process when dropped, so no mock server outlives its run.
pub(crate) struct KillOnDrop(pub(crate) Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

pub(crate) fn write_files(dir: &Path, files: &[openapi_codegen::GeneratedFile]) -> Result<()> {
    for file in files {
        write(&dir.join(&file.path), &file.contents)?;
    }
    Ok(())
}

/// Writes a file unless it already holds `contents`, so that cargo does not
/// rebuild a crate whose code did not change.
pub(crate) fn write(path: &Path, contents: &str) -> Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let mut file = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    file.write_all(contents.as_bytes()).with_context(|| format!("writing {}", path.display()))
}

/// The compiler's errors about the member `name`, from the build log.
fn compile_errors(log: &Path, name: &str) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let errors: Vec<&str> = text.lines().filter(|line| line.contains(&format!("{name}/")) && line.contains("error")).take(10).collect();
    if errors.is_empty() {
        first_lines(&text, 10)
    } else {
        errors.join("\n")
    }
}

fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().take(n).collect();
    let mut shown = lines.join("\n");
    if shown.len() > 600 {
        let mut end = 600;
        while !shown.is_char_boundary(end) {
            end -= 1;
        }
        shown.truncate(end);
        shown.push('…');
    }
    shown
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, or `target/` of the project.
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| project_root().join("target"))
}

fn display(path: &Path) -> String {
    path.strip_prefix(project_root()).unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(outcome: &str, detail: &str) -> Line {
        Line {
            index: 0,
            operation: "GET /pets".to_owned(),
            pointer: "#/paths/~1pets/get".to_owned(),
            aliases: 0,
            outcome: outcome.to_owned(),
            status: None,
            detail: detail.to_owned(),
        }
    }

    const ANSWER_BROKE_THE_SPEC: &str =
        r#"https://stoplight.io/prism/errors#VIOLATIONS [{"location":["response","body","id"],"code":"type"}]"#;
    const REQUEST_BROKE_THE_SPEC: &str = r#"https://stoplight.io/prism/errors#VIOLATIONS [{"location":["request","query","limit"]},{"location":["response","body"]}]"#;

    fn runs(modes: &[(&str, Line)]) -> Vec<(String, Line)> {
        modes.iter().map(|(mode, line)| ((*mode).to_owned(), line.clone())).collect()
    }

    #[test]
    fn accepted_and_decoded_in_both_modes_passes() {
        let runs = runs(&[("static", line("ok", "")), ("dynamic", line("ok", ""))]);
        let verdict = judge(&runs);
        assert!(verdict.passed && !verdict.decoded_leniently && verdict.excused == 0);
    }

    #[test]
    fn an_answer_that_breaks_the_spec_in_one_mode_is_excused() {
        for (first, second) in [("static", "dynamic"), ("dynamic", "static")] {
            let runs = runs(&[(first, line("rejected", ANSWER_BROKE_THE_SPEC)), (second, line("ok", ""))]);
            let verdict = judge(&runs);
            assert!(verdict.passed, "{first}");
            assert_eq!(verdict.excused, 1);
        }
    }

    #[test]
    fn a_violation_in_the_request_is_never_excused() {
        for mode in ["static", "dynamic"] {
            let other = if mode == "static" { "dynamic" } else { "static" };
            let runs = runs(&[(mode, line("rejected", REQUEST_BROKE_THE_SPEC)), (other, line("ok", ""))]);
            let verdict = judge(&runs);
            assert!(!verdict.passed, "{mode}");
            assert_eq!(verdict.reasons.len(), 1);
        }
    }

    #[test]
    fn answers_that_break_the_spec_in_both_modes_need_the_lenient_mode() {
        let both = [("static", line("rejected", ANSWER_BROKE_THE_SPEC)), ("dynamic", line("rejected", ANSWER_BROKE_THE_SPEC))];
        let unjudged = runs(&both);
        let verdict = judge(&unjudged);
        assert!(!verdict.passed, "never judged, so not passed");
        assert_eq!(verdict.reasons.len(), 2, "both excused runs say why");

        let mut decoded = runs(&both);
        decoded.push((LENIENT.to_owned(), line("ok", "")));
        let verdict = judge(&decoded);
        assert!(verdict.passed && verdict.decoded_leniently);

        let mut undecoded = runs(&both);
        undecoded.push((LENIENT.to_owned(), line("undecoded", "missing field `id`")));
        let verdict = judge(&undecoded);
        assert!(!verdict.passed);
        assert_eq!(verdict.reasons.len(), 1);
        assert_eq!(verdict.reasons.first().map(|(mode, _)| *mode), Some(LENIENT));
    }

    #[test]
    fn an_answer_to_head_that_breaks_the_spec_is_excused_by_its_header() {
        // `HEAD` answers have no body: Prism's 500 says why only in the
        // `sl-violations` header, which the driver prints after the body.
        let mut head = line("rejected", r#" [{"location":["response"],"message":"The received media type \"\" does not match"}]"#);
        head.status = Some(500);
        let both = runs(&[("static", head.clone()), ("dynamic", head.clone())]);
        let verdict = judge(&both);
        assert_eq!(verdict.excused, 2);
        let mut request = line("rejected", r#" [{"location":["request","query","path"]},{"location":["response"]}]"#);
        request.status = Some(500);
        assert_eq!(judge(&runs(&[("static", request), ("dynamic", head)])).excused, 1, "a request violation is the client's");
    }

    #[test]
    fn a_warning_about_the_request_is_not_a_violation() {
        let warned = r#"https://stoplight.io/prism/errors#VIOLATIONS [{"location":["response","body"],"severity":"Error"}] [{"location":["request","query","status"],"severity":"Warning","code":"deprecated"}]"#;
        let both = runs(&[("static", line("rejected", warned)), ("dynamic", line("rejected", warned))]);
        assert_eq!(judge(&both).excused, 2);
        let erred = warned.replace("Warning", "Error");
        let both = runs(&[("static", line("rejected", &erred)), ("dynamic", line("rejected", &erred))]);
        assert_eq!(judge(&both).excused, 0);
    }

    fn result(spec_operations: usize, failed: &[&str]) -> SpecResult {
        SpecResult {
            version: "3.0".to_owned(),
            spec_operations,
            crate_operations: spec_operations,
            passed: spec_operations - failed.len(),
            failures: failed.iter().map(|operation| format!("  {operation} (static): rejected")).collect(),
            failed_operations: failed.iter().map(|operation| (*operation).to_owned()).collect(),
            kinds: BTreeMap::new(),
            excused: 0,
            decoded_leniently: 0,
        }
    }

    #[test]
    fn failures_must_be_listed_and_listed_ones_must_fail() {
        let known: BTreeMap<(String, String), String> = [
            (("pets".to_owned(), "GET /pets".to_owned()), "Prism crashes".to_owned()),
            (("pets".to_owned(), "POST /pets".to_owned()), "no value fits".to_owned()),
            (("other".to_owned(), "GET /x".to_owned()), "a spec that did not run".to_owned()),
        ]
        .into_iter()
        .collect();
        let results: BTreeMap<String, SpecResult> =
            [("pets".to_owned(), result(5, &["GET /pets", "DELETE /pets/{id}"]))].into_iter().collect();
        let (unexplained, stale) = compare_with_known(&results, &known);
        assert_eq!(unexplained, ["pets: DELETE /pets/{id}"], "a failure not listed");
        assert_eq!(stale, ["pets: POST /pets"], "a listed operation that passed; a spec that did not run says nothing");

        let mut unchecked = result(5, &[]);
        unchecked.passed = 0;
        unchecked.failures = vec!["not generated: error[dangling-ref]".to_owned()];
        let results: BTreeMap<String, SpecResult> = [("broken".to_owned(), unchecked)].into_iter().collect();
        let (unexplained, _) = compare_with_known(&results, &BTreeMap::new());
        assert_eq!(unexplained, ["broken: not generated: error[dangling-ref]"], "a spec that was not checked fails the run");
        // Unless the list says why it cannot be checked; once it is, that entry is stale.
        let unjudged: BTreeMap<(String, String), String> =
            [(("broken".to_owned(), UNJUDGED.to_owned()), "the mock never starts".to_owned())].into_iter().collect();
        assert_eq!(compare_with_known(&results, &unjudged), (Vec::new(), Vec::new()));
        let checked: BTreeMap<String, SpecResult> = [("broken".to_owned(), result(5, &[]))].into_iter().collect();
        assert_eq!(compare_with_known(&checked, &unjudged).1, ["broken: *"]);
        // It excuses no failed operation.
        let failing: BTreeMap<String, SpecResult> = [("broken".to_owned(), result(5, &["GET /x"]))].into_iter().collect();
        assert_eq!(compare_with_known(&failing, &unjudged).0, ["broken: GET /x"]);
    }

    #[test]
    fn one_mode_alone_is_not_enough() {
        let runs = runs(&[("static", line("ok", ""))]);
        assert!(!judge(&runs).passed);
    }

    #[test]
    fn a_mock_that_cannot_make_up_an_answer_is_excused_in_dynamic_mode_only() {
        let unknown = line("rejected", "https://stoplight.io/prism/errors#UNKNOWN");
        assert!(judge(&runs(&[("static", line("ok", "")), ("dynamic", unknown.clone())])).passed);
        assert!(!judge(&runs(&[("static", unknown), ("dynamic", line("ok", ""))])).passed);
    }

    fn corpus_spec(sha256: &str) -> CorpusSpec {
        CorpusSpec {
            name: "example".to_owned(),
            // No registry: a test must never download.
            registry: "none".to_owned(),
            package: "example".to_owned(),
            version: "1.0.0".to_owned(),
            archive_sha256: "0".repeat(64),
            path: "package/openapi.yaml".to_owned(),
            sha256: sha256.to_owned(),
            openapi: "3.0.3".to_owned(),
            ci: false,
        }
    }

    /// A folder of its own under the system's temporary folder.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-conformance-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_cached_spec_is_used_only_when_its_checksum_is_the_pinned_one() {
        let cache = scratch("cache");
        let cached = cache.join("specs").join("example").join("openapi.yaml");
        std::fs::create_dir_all(cached.parent().unwrap()).unwrap();
        std::fs::write(&cached, "openapi: 3.0.3\n").unwrap();
        let digest = sha256_of(&cached).unwrap();
        assert_eq!(digest.len(), 64);
        // The pinned checksum: the cached file, without any download.
        assert_eq!(fetch(&corpus_spec(&digest), &cache).unwrap(), cached);
        // Another checksum: the cached file is not taken; fetching again
        // is tried (and fails here, with no registry to fetch from).
        let other = "f".repeat(64);
        let err = fetch(&corpus_spec(&other), &cache).unwrap_err();
        assert!(err.to_string().contains("unknown registry"), "{err:#}");
        let _ = std::fs::remove_dir_all(&cache);
    }

    #[test]
    fn a_file_whose_checksum_is_not_the_pinned_one_is_refused_with_both_digests() {
        let dir = scratch("verify");
        let archive = dir.join("example-1.0.0.tgz");
        std::fs::write(&archive, "the archive's bytes").unwrap();
        // The SHA-256 of those bytes, computed with `sha256sum`.
        let digest = "82117bda95f44552198ae4019671a1a940024a1febb87dac519e13b8ef47178d";
        assert!(verify_sha256("example: the archive example-1.0.0.tgz", &archive, digest).is_ok(), "the pinned digest is accepted");
        let pinned = "0".repeat(64);
        let err = verify_sha256("example: the archive example-1.0.0.tgz", &archive, &pinned).unwrap_err().to_string();
        assert_eq!(err, format!("example: the archive example-1.0.0.tgz: its SHA-256 is {digest}, the corpus pins {pinned}"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    #[cfg(unix)]
    fn a_spec_extracted_from_a_pinned_archive_is_checked_against_its_own_checksum() {
        let dir = scratch("extracted");
        // An archive laid out as `npm pack` makes it, already in the cache
        // under its pinned checksum, so nothing is downloaded.
        let package = dir.join("build").join("package");
        std::fs::create_dir_all(&package).unwrap();
        std::fs::write(package.join("openapi.yaml"), "openapi: 3.0.3\n").unwrap();
        let cache = dir.join("cache");
        let archives = cache.join("archives").join("none-example-1.0.0");
        std::fs::create_dir_all(&archives).unwrap();
        let archive = archives.join("example-1.0.0.tgz");
        let status = Command::new("tar").arg("-czf").arg(&archive).arg("-C").arg(dir.join("build")).arg("package/openapi.yaml").status().unwrap();
        assert!(status.success());
        let archive_digest = sha256_of(&archive).unwrap();
        // The SHA-256 of "openapi: 3.0.3\n", computed with `sha256sum`.
        let spec_digest = "faa4988e76ddd0d66e9c95e3d7da6faecc44be96bf988ac35b22dd39213ff509";
        let pinned = "0".repeat(64);
        let mut spec = corpus_spec(&pinned);
        spec.archive_sha256 = archive_digest;
        let err = fetch(&spec, &cache).unwrap_err().to_string();
        assert_eq!(err, format!("example: the spec package/openapi.yaml: its SHA-256 is {spec_digest}, the corpus pins {pinned}"));
        // With the spec's own checksum pinned, and nothing extracted before,
        // the extracted file is the spec.
        std::fs::remove_dir_all(cache.join("specs")).unwrap();
        spec.sha256 = spec_digest.to_owned();
        let file = fetch(&spec, &cache).unwrap();
        assert_eq!(std::fs::read_to_string(file).unwrap(), "openapi: 3.0.3\n");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn answers_made_up_from_the_schemas_are_seeded() {
        let seed = DYNAMIC_FLAGS.iter().position(|flag| *flag == "--seed");
        assert!(DYNAMIC_FLAGS.contains(&"--dynamic") && seed.is_some_and(|at| DYNAMIC_FLAGS.get(at + 1).is_some()), "{DYNAMIC_FLAGS:?}");
    }

    /// An executable shell script at `path`.
    #[cfg(unix)]
    fn script(path: &Path, text: &str) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(path, text).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    #[cfg(unix)]
    fn a_mock_that_stops_answering_is_restarted_and_the_driver_goes_on_after_that_operation() {
        assert_eq!(restarted_run("timeout", false), [(0, "passed".to_owned()), (1, "mock-timeout".to_owned()), (2, "passed".to_owned())]);
        assert_eq!(restarted_run("crash", true), [(0, "passed".to_owned()), (1, "mock-crashed".to_owned()), (2, "passed".to_owned())]);
    }

    /// Runs a stand-in driver against a stand-in mock: from operation 0,
    /// one passes and the next gets no answer (the mock is killed first
    /// when `crash`); started again from operation 2, the last passes.
    /// Gives each operation's outcome, and checks where the driver started.
    #[cfg(unix)]
    fn restarted_run(name: &str, crash: bool) -> Vec<(usize, String)> {
        let dir = scratch(name);
        // A stand-in for Prism: `mock --host H --port P … SPEC`, listening on P.
        let prism = dir.join("prism");
        let pid = dir.join("pid");
        script(&prism, &format!("#!/bin/sh\necho $$ > {}\nexec python3 -m http.server --bind 127.0.0.1 \"$5\" >/dev/null 2>&1\n", pid.display()));
        let kill = if crash { format!("  kill $(cat {})\n  sleep 1\n", pid.display()) } else { String::new() };
        let driver = dir.join("driver");
        let calls = dir.join("calls");
        let line = |index: usize, outcome: &str, detail: &str| {
            format!(r##"{{"index":{index},"operation":"GET /op{index}","pointer":"#/paths/~1op{index}/get","aliases":0,"outcome":"{outcome}","status":null,"detail":"{detail}"}}"##)
        };
        script(
            &driver,
            &format!(
                "#!/bin/sh\necho \"$2\" >> {calls}\nif [ \"$2\" = 0 ]; then\n{kill}  echo '{}'\n  echo '{}'\nelse\n  echo '{}'\nfi\n",
                line(0, "passed", ""),
                line(1, "transport", if crash { "connection refused" } else { "timed out" }),
                line(2, "passed", ""),
                calls = calls.display()
            ),
        );
        let spec = dir.join("spec.yaml");
        std::fs::write(&spec, "openapi: 3.0.3\n").unwrap();
        let lines = run_against_prism(&prism, &spec, &[], false, &driver, &dir.join("prism.log")).unwrap();
        assert_eq!(std::fs::read_to_string(&calls).unwrap(), "0\n2\n", "the driver starts after the operation that stopped the mock");
        let _ = std::fs::remove_dir_all(&dir);
        lines.into_iter().map(|line| (line.index, line.outcome)).collect()
    }


    #[test]
    fn only_keeps_the_specs_whose_names_contain_one_of_its_parts() {
        let options = Options::parse(&["--ci", "--only", "class-bodies,github"]).unwrap();
        assert!(options.ci);
        let only = options.only.unwrap();
        let kept: Vec<&str> =
            ["class-bodies", "github", "github-enterprise", "slack", "class-no-content"].into_iter().filter(|name| is_chosen(&only, name)).collect();
        assert_eq!(kept, ["class-bodies", "github", "github-enterprise"]);
        // An empty part chooses nothing.
        assert!(!is_chosen("slack,", "github"));
        assert!(Options::parse(&["--only"]).is_err());
    }

}
