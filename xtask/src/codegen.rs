//! `cargo xtask codegen`: `specs/seam-connect.yaml` becomes the crate in
//! `generated/`; with `--spec` and `--out`, any spec becomes a standalone crate.
//!
//! The whole crate is generated in memory first; only when that succeeded
//! is anything written, so a spec with errors leaves the output as it was.
//! Writing builds the new crate beside the old one and swaps the two with
//! renames, so the output is never half-written and keeps no stray file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::project_root;

/// Whether to write the files or only to check that they are current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Write,
    Check,
}

/// The spec the SDK crate is generated from, relative to the project root.
pub(crate) const SEAM_SPEC: &str = "specs/seam-connect.yaml";
/// Where the SDK crate is generated, relative to the project root.
pub(crate) const SEAM_CRATE: &str = "generated";
/// The package name of the SDK crate.
const SEAM_CRATE_NAME: &str = "seam-connect";

/// How many lines of diff to show, in all, before cutting it short.
const MAX_DIFF_LINES: usize = 400;

/// Hand-written parts of the Seam crate, relative to the project root.
const SEAM_SDK_DIR: &str = "sdk/seam-connect";

/// What is specific to the Seam crate: how its client talks to Seam, and
/// the hand-written parts the generator adds to it.
pub(crate) fn seam_settings(root: &Path) -> Result<openapi_codegen::Settings> {
    let sdk = root.join(SEAM_SDK_DIR);
    let read = |name: &str| std::fs::read_to_string(sdk.join(name)).with_context(|| format!("reading {SEAM_SDK_DIR}/{name}"));
    let client = openapi_codegen::ClientSettings {
        base_url: None,
        base_url_env: Some("SEAM_ENDPOINT".to_owned()),
        default_headers: vec![
            ("seam-sdk-name".to_owned(), "seamapi/rust-seam-connect".to_owned()),
            ("seam-sdk-version".to_owned(), openapi_codegen::CRATE_VERSION.to_owned()),
        ],
        request_id_headers: vec!["seam-request-id".to_owned()],
        undocumented_feature: "undocumented".to_owned(),
        pagination: Some(openapi_codegen::PaginationSettings {
            request_cursor: "page_cursor".to_owned(),
            response_page: "pagination".to_owned(),
            next_cursor: "next_page_cursor".to_owned(),
            has_next_page: Some("has_next_page".to_owned()),
        }),
        wait: Some(openapi_codegen::WaitSettings {
            extension: "x-action-attempt-type".to_owned(),
            method: "wait_for_action_attempt".to_owned(),
            schema: "action_attempt".to_owned(),
        }),
        // Seam's credentials are hand-written (`sdk/seam-connect/auth.rs`).
        spec_security: false,
    };
    let mut settings = openapi_codegen::Settings::new(SEAM_CRATE_NAME)
        .with_spec_label(SEAM_SPEC)
        .with_client(client)
        .with_readme(read("README.md")?)
        .with_extra_dependency("base64", "\"0.22\"")
        .with_extra_dependency("hmac", "\"0.12\"")
        .with_extra_dependency("sha2", "\"0.10\"")
        // The groups the hand-written modules use: publishable keys
        // (`client_sessions`), waiting (`action_attempts`), webhook events (`events`).
        .with_ungated_group("client_sessions")
        .with_ungated_group("action_attempts")
        .with_ungated_group("events");
    for module in ["auth", "action_attempts", "webhooks"] {
        settings = settings.with_extra_module(openapi_codegen::ExtraModule {
            name: module.to_owned(),
            source: read(&format!("{module}.rs"))?,
            origin: format!("{SEAM_SDK_DIR}/{module}.rs"),
        });
    }
    Ok(settings)
}

/// What `cargo xtask codegen` was asked to do.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Options {
    pub(crate) check: bool,
    pub(crate) timings: bool,
    /// With `out`, generate a standalone crate for this spec.
    pub(crate) spec: Option<PathBuf>,
    pub(crate) out: Option<PathBuf>,
    pub(crate) name: Option<String>,
}

impl Options {
    pub(crate) fn parse(args: &[&str]) -> Result<Options> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().map(|value| (*value).to_owned()).with_context(|| format!("`{arg}` needs a value"));
            match *arg {
                "--check" => options.check = true,
                "--timings" => options.timings = true,
                "--spec" => options.spec = Some(PathBuf::from(value()?)),
                "--out" => options.out = Some(PathBuf::from(value()?)),
                "--name" => options.name = Some(value()?),
                other => bail!("unknown argument `{other}`"),
            }
        }
        match (&options.spec, &options.out) {
            (Some(_), Some(_)) | (None, None) if options.name.is_none() || options.spec.is_some() => Ok(options),
            (Some(_), None) => bail!("`--spec` needs `--out`"),
            (None, Some(_)) => bail!("`--out` needs `--spec`"),
            _ => bail!("`--name` goes with `--spec` and `--out`"),
        }
    }

    fn mode(&self) -> Mode {
        if self.check {
            Mode::Check
        } else {
            Mode::Write
        }
    }
}

/// Runs `cargo xtask codegen` with `options`.
pub(crate) fn run(options: &Options) -> Result<()> {
    match (&options.spec, &options.out) {
        (Some(spec), Some(out)) => codegen_standalone(spec, out, options.name.as_deref(), options.mode(), options.timings),
        _ => codegen(options.mode(), options.timings),
    }
}

/// Generates a standalone crate (its own workspace, dependencies from the
/// registry) for the spec at `spec_path` into `out_dir`.
pub(crate) fn codegen_standalone(
    spec_path: &Path,
    out_dir: &Path,
    name: Option<&str>,
    mode: Mode,
    timings: bool,
) -> Result<()> {
    if let Some(name) = name {
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid {
            bail!("`--name {name}` is not a valid package name: lower-case ASCII letters, digits, `-` and `_`, starting with a letter");
        }
    }
    let label = spec_path.file_name().map_or_else(|| spec_path.display().to_string(), |file| file.to_string_lossy().into_owned());
    let settings = |spec: &openapi_codegen::Spec| {
        let name = match name {
            Some(name) => name.to_owned(),
            None => openapi_codegen::naming::crate_name(&spec.document.info.title),
        };
        Ok(openapi_codegen::Settings::new(name).with_spec_label(label.clone()).with_standalone(true))
    };
    generate_crate(spec_path, out_dir, settings, mode, timings)
}

/// Regenerates (or checks) the Seam crate in `generated/`.
pub(crate) fn codegen(mode: Mode, timings: bool) -> Result<()> {
    let root = project_root();
    let settings = seam_settings(&root)?;
    generate_crate(&root.join(SEAM_SPEC), &root.join(SEAM_CRATE), |_| Ok(settings), mode, timings)
}

/// Generates the crate for the spec at `spec_path` into `out_dir`, with
/// the settings `settings` makes for the spec. Nothing is written unless
/// the whole crate was generated without error.
pub(crate) fn generate_crate(
    spec_path: &Path,
    out_dir: &Path,
    settings: impl FnOnce(&openapi_codegen::Spec) -> Result<openapi_codegen::Settings>,
    mode: Mode,
    timings: bool,
) -> Result<()> {
    let started = Instant::now();
    let spec = openapi_codegen::load_spec(spec_path).map_err(|err| anyhow::format_err!("{err}"))?;
    let loaded = Instant::now();
    let settings = settings(&spec)?;
    let output = openapi_codegen::generate(&spec, &settings).map_err(|err| anyhow::format_err!("{err}"))?;
    let generated = Instant::now();
    for warning in &output.warnings {
        eprintln!("{warning}");
    }
    let mut stale = Vec::new();
    for file in &output.files {
        let path = out_dir.join(&file.path);
        if let Some(diff) = ensure_file_contents(&path, &file.contents, Mode::Check)? {
            stale.push(diff);
        }
    }
    let expected: Vec<PathBuf> = output.files.iter().map(|file| out_dir.join(&file.path)).collect();
    for path in files_under(out_dir)? {
        if !expected.contains(&path) {
            stale.push(format!("{} is not generated any more\n", display(&path)));
        }
    }
    if mode == Mode::Write && !stale.is_empty() {
        replace_dir(out_dir, &output.files)?;
        eprintln!("updated {} ({} file(s) changed)", display(out_dir), stale.len());
        stale.clear();
    }
    if timings {
        let written = Instant::now();
        let seconds = |from: Instant, to: Instant| to.duration_since(from).as_secs_f64();
        eprintln!("load (YAML to openapiv3): {:.3} s", seconds(started, loaded));
        eprintln!("lower and IR passes:      {:.3} s", output.timings.lower.as_secs_f64());
        eprintln!("emit (IR to tokens):      {:.3} s", output.timings.emit.as_secs_f64());
        eprintln!("format (prettyplease):    {:.3} s", output.timings.format.as_secs_f64());
        eprintln!("generate in all:          {:.3} s", seconds(loaded, generated));
        eprintln!("compare and write:        {:.3} s", seconds(generated, written));
        eprintln!("codegen in all:           {:.3} s ({:.2}x the load)", seconds(started, written), seconds(started, written) / seconds(started, loaded));
        eprintln!("types: {}, endpoints: {}", output.api.types.len(), output.api.endpoints.len());
    }
    if !stale.is_empty() {
        let mut report = String::new();
        let mut n_lines = 0;
        for diff in &stale {
            for line in diff.lines() {
                if n_lines == MAX_DIFF_LINES {
                    report.push_str("… (diff cut short)\n");
                    break;
                }
                report.push_str(line);
                report.push('\n');
                n_lines += 1;
            }
        }
        bail!("{report}\n{} generated file(s) are stale. Run `cargo xtask codegen` and commit the result.", stale.len());
    }
    Ok(())
}

/// What an output directory may hold beside the generated files, kept as
/// it is: a standalone crate's build directory and a repository.
const KEPT: &[&str] = &["target", ".git"];

/// Replaces the contents of `out_dir` with `files`, as one step: the new
/// crate is written beside it, then the two are swapped by renames. What
/// [`KEPT`] names is kept.
fn replace_dir(out_dir: &Path, files: &[openapi_codegen::GeneratedFile]) -> Result<()> {
    let parent = match out_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out_dir.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_else(|| "out".to_owned());
    std::fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
    let staging = parent.join(format!(".{name}.codegen-new"));
    let old = parent.join(format!(".{name}.codegen-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).with_context(|| format!("removing {}", leftover.display()))?;
        }
    }
    let written = files.iter().try_for_each(|file| {
        ensure_file_contents(&staging.join(&file.path), &file.contents, Mode::Write).map(|_| ())
    });
    if let Err(err) = written {
        // The output was not touched; the half-written copy goes.
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err);
    }
    for kept in KEPT {
        if out_dir.join(kept).exists() {
            std::fs::rename(out_dir.join(kept), staging.join(kept)).with_context(|| format!("keeping {kept}"))?;
        }
    }
    if out_dir.exists() {
        std::fs::rename(out_dir, &old).with_context(|| format!("moving {} aside", out_dir.display()))?;
    }
    std::fs::rename(&staging, out_dir).with_context(|| format!("moving the new crate to {}", out_dir.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
    }
    Ok(())
}

/// Makes the file at `path` hold `contents`. In write mode it writes only
/// when the contents differ; in check mode it writes nothing and returns
/// the diff when they differ.
pub(crate) fn ensure_file_contents(path: &Path, contents: &str, mode: Mode) -> Result<Option<String>> {
    // A checkout with `core.autocrlf` has CRLF line ends: the same text.
    let old = std::fs::read_to_string(path).ok().map(|old| if old.contains("\r\n") { old.replace("\r\n", "\n") } else { old });
    if old.as_deref() == Some(contents) {
        return Ok(None);
    }
    match mode {
        Mode::Write => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))?;
            Ok(None)
        }
        Mode::Check => {
            let old = old.unwrap_or_default();
            let name = display(path);
            let diff = similar::TextDiff::from_lines(old.as_str(), contents);
            let mut text = String::new();
            let _ = write!(text, "{}", diff.unified_diff().context_radius(3).header(&format!("{name} (on disk)"), &format!("{name} (generated)")));
            Ok(Some(text))
        }
    }
}

/// The files under `dir`, leaving out build output.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry?.path();
            if path.file_name().is_some_and(|name| KEPT.iter().any(|kept| name == *kept)) {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn display(path: &Path) -> String {
    let root = project_root();
    path.strip_prefix(&root).unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails when `generated/` is not what the spec makes.
    #[test]
    fn a_crlf_checkout_is_not_stale() {
        let dir = std::env::temp_dir().join(format!("xtask-crlf-{}", std::process::id()));
        let path = dir.join("file.rs");
        ensure_file_contents(&path, "a\r\nb\r\n", Mode::Write).unwrap();
        assert_eq!(ensure_file_contents(&path, "a\nb\n", Mode::Check).unwrap(), None);
        assert!(ensure_file_contents(&path, "a\nc\n", Mode::Check).unwrap().is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn generated_crate_is_fresh() {
        if let Err(err) = codegen(Mode::Check, false) {
            panic!("{err}");
        }
    }

    #[test]
    fn a_broken_spec_is_reported_with_its_place_and_leaves_the_output_untouched() {
        let dir = std::env::temp_dir().join(format!("xtask-broken-{}", std::process::id()));
        let out = dir.join("out");
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::write(out.join("src/types.rs"), "// what was there\n").unwrap();
        let spec = dir.join("broken.yaml");
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    a:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/missing'}\n";
        std::fs::write(&spec, text).unwrap();
        let err = codegen_standalone(&spec, &out, None, Mode::Write, false).unwrap_err().to_string();
        assert!(err.contains("broken.yaml#/components/schemas/a/properties/b"), "{err}");
        assert_eq!(std::fs::read_to_string(out.join("src/types.rs")).unwrap(), "// what was there\n");
        assert_eq!(files_under(&out).unwrap(), [out.join("src/types.rs")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_standalone_crate_replaces_the_output_whole_and_keeps_its_build() {
        let dir = std::env::temp_dir().join(format!("xtask-standalone-{}", std::process::id()));
        let out = dir.join("out");
        std::fs::create_dir_all(out.join("src/old")).unwrap();
        std::fs::write(out.join("src/old/stray.rs"), "// from an earlier run\n").unwrap();
        std::fs::create_dir_all(out.join("target/debug")).unwrap();
        std::fs::write(out.join("target/debug/kept"), "").unwrap();
        let spec = project_root().join("tests/fixtures/bodies.yaml");
        codegen_standalone(&spec, &out, None, Mode::Write, false).unwrap();
        assert!(!out.join("src/old").exists());
        assert!(out.join("target/debug/kept").exists());
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("name = \"bodies-that-are-not-json\""), "{manifest}");
        assert!(manifest.contains("[workspace]"), "{manifest}");
        assert!(!manifest.contains("path ="), "dependencies come from the registry: {manifest}");
        // Nothing is left beside the output, and a second run finds it current.
        let beside: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(beside, ["out"]);
        codegen_standalone(&spec, &out, None, Mode::Check, false).unwrap();
        let err = codegen_standalone(&spec, &out, Some("bad name"), Mode::Write, false).unwrap_err().to_string();
        assert!(err.contains("not a valid package name"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_write_that_fails_midway_leaves_the_output_untouched() {
        let dir = std::env::temp_dir().join(format!("xtask-midway-{}", std::process::id()));
        let out = dir.join("out");
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::write(out.join("src/lib.rs"), "// what was there\n").unwrap();
        let file = |path: &str| openapi_codegen::GeneratedFile { path: path.to_owned(), contents: format!("// {path}\n") };
        // The second file needs a folder where the first one is a file: the
        // first is written, the second cannot be.
        let files = [file("Cargo.toml"), file("Cargo.toml/src/lib.rs")];
        let err = replace_dir(&out, &files).unwrap_err();
        assert!(format!("{err:#}").contains("Cargo.toml"), "{err:#}");
        assert_eq!(files_under(&out).unwrap(), [out.join("src/lib.rs")]);
        assert_eq!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap(), "// what was there\n");
        // Nothing half-written is left beside the output either.
        let beside: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(beside, ["out"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn options_are_parsed() {
        assert_eq!(Options::parse(&["--check"]).unwrap(), Options { check: true, ..Options::default() });
        let options = Options::parse(&["--spec", "a.yaml", "--out", "b", "--name", "c"]).unwrap();
        assert_eq!(options.spec, Some(PathBuf::from("a.yaml")));
        assert_eq!(options.name.as_deref(), Some("c"));
        assert!(Options::parse(&["--spec", "a.yaml"]).is_err());
        assert!(Options::parse(&["--name", "c"]).is_err());
        assert!(Options::parse(&["--out"]).is_err());
        assert!(Options::parse(&["--bogus"]).is_err());
    }

    #[test]
    fn check_mode_reports_a_diff_and_writes_nothing() {
        let dir = std::env::temp_dir().join(format!("xtask-ensure-{}", std::process::id()));
        let path = dir.join("file.rs");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&path, "old\n").unwrap();
        let diff = ensure_file_contents(&path, "new\n", Mode::Check).unwrap().unwrap();
        assert!(diff.contains("-old") && diff.contains("+new"), "{diff}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(ensure_file_contents(&path, "new\n", Mode::Write).unwrap(), None);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
