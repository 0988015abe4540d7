//! `cargo xtask codegen`: `specs/seam-connect.yaml` becomes the crate in `generated/`.
//!
//! The whole crate is generated in memory first; only when that succeeded
//! is anything written, through [`ensure_file_contents`], so a spec with
//! errors leaves `generated/` as it was.

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
const SEAM_SPEC: &str = "specs/seam-connect.yaml";
/// Where the SDK crate is generated, relative to the project root.
const SEAM_CRATE: &str = "generated";
/// The package name of the SDK crate.
const SEAM_CRATE_NAME: &str = "seam-connect";

/// How many lines of diff to show, in all, before cutting it short.
const MAX_DIFF_LINES: usize = 400;

/// Hand-written parts of the Seam crate, relative to the project root.
const SEAM_SDK_DIR: &str = "sdk/seam-connect";

/// What is specific to the Seam crate: how its client talks to Seam, and
/// the hand-written parts the generator adds to it.
fn seam_settings(root: &Path) -> Result<openapi_codegen::Settings> {
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
        }),
        wait: Some(openapi_codegen::WaitSettings {
            extension: "x-action-attempt-type".to_owned(),
            method: "wait_for_action_attempt".to_owned(),
            schema: "action_attempt".to_owned(),
        }),
    };
    let mut settings = openapi_codegen::Settings::new(SEAM_CRATE_NAME)
        .with_spec_label(SEAM_SPEC)
        .with_client(client)
        .with_readme(read("README.md")?)
        .with_extra_dependency("base64", "\"0.22\"")
        .with_extra_dependency("hmac", "\"0.12\"")
        .with_extra_dependency("sha2", "\"0.10\"");
    for module in ["auth", "action_attempts", "webhooks"] {
        settings = settings.with_extra_module(openapi_codegen::ExtraModule {
            name: module.to_owned(),
            source: read(&format!("{module}.rs"))?,
            origin: format!("{SEAM_SDK_DIR}/{module}.rs"),
        });
    }
    Ok(settings)
}

/// Regenerates (or checks) the Seam crate in `generated/`.
pub(crate) fn codegen(mode: Mode, timings: bool) -> Result<()> {
    let root = project_root();
    let settings = seam_settings(&root)?;
    generate_crate(&root.join(SEAM_SPEC), &root.join(SEAM_CRATE), &settings, mode, timings)
}

/// Generates the crate for the spec at `spec_path` into `out_dir`. Nothing
/// is written unless the whole crate was generated without error.
pub(crate) fn generate_crate(
    spec_path: &Path,
    out_dir: &Path,
    settings: &openapi_codegen::Settings,
    mode: Mode,
    timings: bool,
) -> Result<()> {
    let started = Instant::now();
    let spec = openapi_codegen::load_spec(spec_path).map_err(|err| anyhow::format_err!("{err}"))?;
    let loaded = Instant::now();
    let output = openapi_codegen::generate(&spec, settings).map_err(|err| anyhow::format_err!("{err}"))?;
    let generated = Instant::now();
    for warning in &output.warnings {
        eprintln!("{warning}");
    }
    let mut stale = Vec::new();
    for file in &output.files {
        let path = out_dir.join(&file.path);
        if let Some(diff) = ensure_file_contents(&path, &file.contents, mode)? {
            stale.push(diff);
        }
    }
    let expected: Vec<PathBuf> = output.files.iter().map(|file| out_dir.join(&file.path)).collect();
    for path in files_under(out_dir)? {
        if !expected.contains(&path) {
            match mode {
                Mode::Write => std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?,
                Mode::Check => stale.push(format!("{} is not generated any more\n", display(&path))),
            }
        }
    }
    if timings {
        let written = Instant::now();
        let seconds = |from: Instant, to: Instant| to.duration_since(from).as_secs_f64();
        eprintln!("load (YAML to openapiv3): {:.3} s", seconds(started, loaded));
        eprintln!("lower, emit, format:      {:.3} s", seconds(loaded, generated));
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

/// Makes the file at `path` hold `contents`. In write mode it writes only
/// when the contents differ; in check mode it writes nothing and returns
/// the diff when they differ.
pub(crate) fn ensure_file_contents(path: &Path, contents: &str, mode: Mode) -> Result<Option<String>> {
    let old = std::fs::read_to_string(path).ok();
    if old.as_deref() == Some(contents) {
        return Ok(None);
    }
    match mode {
        Mode::Write => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("updated {}", display(path));
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
            if path.file_name().is_some_and(|name| name == "target") {
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
        let settings = openapi_codegen::Settings::new("broken");
        let err = generate_crate(&spec, &out, &settings, Mode::Write, false).unwrap_err().to_string();
        assert!(err.contains("broken.yaml#/components/schemas/a/properties/b"), "{err}");
        assert_eq!(std::fs::read_to_string(out.join("src/types.rs")).unwrap(), "// what was there\n");
        assert_eq!(files_under(&out).unwrap(), [out.join("src/types.rs")]);
        std::fs::remove_dir_all(&dir).unwrap();
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
