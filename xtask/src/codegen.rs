//! `cargo xtask codegen`: `specs/seam-connect.yaml` becomes the crate in
//! `generated/`; with `--spec` and `--out`, any spec becomes a standalone crate.
//!
//! The whole crate is generated in memory first; only when that succeeded
//! is anything written, so a spec with errors leaves the output as it was.
//! Writing builds the new crate beside the old one and swaps the two with
//! renames, so the output is never half-written and keeps no stray file.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
pub(crate) use openapi_codegen::Mode;

use crate::{project_root, UsageError};

/// The spec the SDK crate is generated from, relative to the project root.
pub(crate) const SEAM_SPEC: &str = "specs/seam-connect.yaml";
/// Its settings, relative to the project root.
pub(crate) const SEAM_SETTINGS: &str = "specs/seam-connect.toml";
/// Where the SDK crate is generated, relative to the project root.
pub(crate) const SEAM_CRATE: &str = "generated";

/// The settings of the SDK crate, from its settings file.
pub(crate) fn seam_settings(root: &Path, spec: &openapi_codegen::Spec) -> Result<openapi_codegen::Settings> {
    let path = root.join(SEAM_SETTINGS);
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {SEAM_SETTINGS}"))?;
    let dir = path.parent().map_or_else(|| root.to_path_buf(), Path::to_path_buf);
    let file = openapi_codegen::SettingsFile::parse(SEAM_SETTINGS, dir, &text)?;
    Ok(file.to_settings(spec)?.with_spec_label(SEAM_SPEC))
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
    pub(crate) fn parse(args: &[&str]) -> Result<Options, UsageError> {
        let mut options = Options::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().map(|value| (*value).to_owned()).ok_or_else(|| UsageError(format!("`{arg}` needs a value")));
            match *arg {
                "--check" => options.check = true,
                "--timings" => options.timings = true,
                "--spec" => options.spec = Some(PathBuf::from(value()?)),
                "--out" => options.out = Some(PathBuf::from(value()?)),
                "--name" => options.name = Some(value()?),
                other => return Err(UsageError(format!("unknown argument `{other}`"))),
            }
        }
        let problem = match (&options.spec, &options.out) {
            (Some(_), Some(_)) | (None, None) if options.name.is_none() || options.spec.is_some() => return Ok(options),
            (Some(_), None) => "`--spec` needs `--out`",
            (None, Some(_)) => "`--out` needs `--spec`",
            _ => "`--name` goes with `--spec` and `--out`",
        };
        Err(UsageError(problem.to_owned()))
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
        if !openapi_codegen::settings::is_package_name(name) {
            let message = format!("`--name {name}` is not a valid package name: lower-case ASCII letters, digits, `-` and `_`, starting with a letter");
            return Err(UsageError(message).into());
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
    generate_crate(&root.join(SEAM_SPEC), &root.join(SEAM_CRATE), |spec| seam_settings(&root, spec), mode, timings)
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
    for diagnostic in output.warnings.iter().chain(&output.notes) {
        eprintln!("{diagnostic}");
    }
    let written = openapi_codegen::write_output(&output.files, out_dir, mode)?;
    if let openapi_codegen::Written::Updated { changed } = written {
        eprintln!("updated {} ({changed} file(s) changed)", display(out_dir));
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
    if let openapi_codegen::Written::Stale { stale, diff } = written {
        bail!("{diff}\n{stale} generated file(s) are stale. Run `cargo xtask codegen` and commit the result.");
    }
    Ok(())
}

fn display(path: &Path) -> String {
    let root = project_root();
    path.strip_prefix(&root).unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ARCHITECTURE.md: the codegen task names the Seam spec, its settings
    /// and the output folder, and nothing else of Seam's: every other
    /// setting is in the settings file. Every string of its code that
    /// mentions Seam (or a vendor extension) is one of those constants.
    #[test]
    fn codegen_names_only_the_seam_files_and_the_output_folder() {
        let source = include_str!("codegen.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        let mut strings = Vec::new();
        for line in code.lines().filter(|line| !line.trim_start().starts_with("//")) {
            let quoted: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
            strings.extend(quoted.into_iter().map(|text| (line.trim(), text)));
        }
        // What a string says, without the constants it names (`{SEAM_SPEC}`).
        let said = |text: &str| text.split('{').map(|part| part.split_once('}').map_or(part, |(_, rest)| rest)).collect::<String>();
        let seam: Vec<&(&str, &str)> = strings
            .iter()
            .filter(|(_, text)| said(text).to_ascii_lowercase().contains("seam") || text.starts_with("x-"))
            .collect();
        let allowed = ["pub(crate) const SEAM_SPEC", "pub(crate) const SEAM_SETTINGS"];
        for (line, text) in &seam {
            assert!(allowed.iter().any(|constant| line.starts_with(constant)), "`{text}` in: {line}");
        }
        assert_eq!(seam.len(), 2, "the two Seam files: {seam:?}");
        assert!(code.contains("pub(crate) const SEAM_CRATE: &str = \"generated\";"));
    }

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
        let err = codegen_standalone(&spec, &out, None, Mode::Write, false).unwrap_err().to_string();
        assert!(err.contains("broken.yaml#/components/schemas/a/properties/b"), "{err}");
        assert_eq!(std::fs::read_to_string(out.join("src/types.rs")).unwrap(), "// what was there\n");
        let left: Vec<_> = std::fs::read_dir(&out).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(left, ["src"]);
        let left: Vec<_> = std::fs::read_dir(out.join("src")).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(left, ["types.rs"]);
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
    fn options_are_parsed() {
        assert_eq!(Options::parse(&["--check"]).unwrap(), Options { check: true, ..Options::default() });
        let options = Options::parse(&["--spec", "a.yaml", "--out", "b", "--name", "c"]).unwrap();
        assert_eq!(options.spec, Some(PathBuf::from("a.yaml")));
        assert_eq!(options.name.as_deref(), Some("c"));
        assert!(Options::parse(&["--spec", "a.yaml"]).is_err());
        assert!(Options::parse(&["--name", "c"]).is_err());
        assert!(Options::parse(&["--out"]).is_err());
        assert!(Options::parse(&["--bogus"]).is_err());
        assert!(Options::parse(&["--timings"]).unwrap().timings);
        assert!(!Options::parse(&[]).unwrap().timings);
    }
}
