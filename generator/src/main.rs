//! The `openapi-codegen` command: `openapi-codegen generate SPEC --out DIR`
//! generates (or with `--check`, checks) the crate for any OpenAPI 3.0
//! document, with the settings of a TOML file. It does for any spec what
//! `cargo xtask codegen` does for this repository's: the same library
//! calls, the same diagnostics, the same atomic write and diff.
//!
//! Every failure is one `error: …` report on standard error, never a
//! panic or a backtrace, and an exit code: 0 done, 1 problems in the
//! inputs (or a stale crate with `--check`), 2 a usage error.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use openapi_codegen::{Mode, Settings, SettingsFile, Written};

/// What generated files name as the command that regenerates them.
const COMMAND: &str = "openapi-codegen generate";

const HELP: &str = "\
openapi-codegen: generates a typed Rust client crate from an OpenAPI document.

Usage: openapi-codegen generate SPEC --out DIR [--config FILE] [--name NAME] [--check]
       openapi-codegen --help | --version

Arguments:
  SPEC           The OpenAPI 3.0 or 3.1 or Swagger 2.0 document, YAML or JSON; a
                 spec split over several files is given by its root file.

Options:
  --out DIR      Where the crate goes. Nothing is written unless the whole crate was
                 generated without error; when any file differs, the new crate is
                 written beside DIR and swapped in with renames, so DIR is never
                 half-written and keeps no file of an earlier run (a `target/` or
                 `.git/` inside is kept).
  --config FILE  The settings file (TOML): package name and version, base URL,
                 default headers, the vendor extensions to read, pagination, Cargo
                 features, hand-written modules, and more (see the settings reference
                 in the project's README). Without it, `SPEC_STEM.toml` beside SPEC
                 (`api.toml` for `api.yaml`) is read when there is one; otherwise
                 every setting has its default.
  --name NAME    The package name of the crate, over the settings file's
                 `package.name`; by default it is made from the spec's `info.title`.
  --check        Write nothing; fail, printing a diff, when DIR does not hold
                 exactly the crate SPEC makes (for CI).
  -h, --help     Print this help.
  -V, --version  Print the version.

Problems in the spec are reported like a compiler's, all at once, each with the
file and a JSON pointer into the spec; warnings (a construct generated with a
documented fallback) are printed and the crate is written. Problems in the
settings file are reported with their line, column and key.

Exit status:
  0  The crate was written, or was current already.
  1  Errors in the spec or the settings file (nothing is written), a stale crate
     with --check, or DIR could not be written.
  2  A usage error: an unknown option, a missing argument, a file that cannot be read.
";

/// What went wrong, and so the exit code.
#[derive(Debug)]
enum Failure {
    /// The command line is wrong, or names a file that cannot be read: exit code 2.
    Usage(String),
    /// The inputs have problems, the output is stale or cannot be
    /// written: exit code 1. The text is the whole report.
    Problems(String),
}

/// The command line of `generate`.
#[derive(Debug, Default, PartialEq, Eq)]
struct Options {
    spec: PathBuf,
    out: PathBuf,
    config: Option<PathBuf>,
    name: Option<String>,
    check: bool,
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Request {
    Help,
    Version,
    Generate(Options),
}

fn usage(message: impl std::fmt::Display) -> Failure {
    Failure::Usage(format!("error: {message}\n\nUsage: openapi-codegen generate SPEC --out DIR [--config FILE] [--name NAME] [--check]\nFor more information, try `openapi-codegen --help`."))
}

/// Reads the command line (without the program name).
fn parse(args: Vec<OsString>) -> Result<Request, Failure> {
    let mut args = args.into_iter().map(|arg| arg.into_string().map_err(|arg| usage(format!("`{}` is not UTF-8", arg.to_string_lossy()))));
    match args.next().transpose()?.as_deref() {
        None => return Err(usage("no command given")),
        Some("-h" | "--help" | "help") => return Ok(Request::Help),
        Some("-V" | "--version") => return Ok(Request::Version),
        Some("generate") => {}
        Some(other) => return Err(usage(format!("unknown command `{other}`"))),
    }
    let (mut spec, mut out, mut config, mut name, mut check) = (None, None, None, None, false);
    let mut only_arguments = false;
    while let Some(arg) = args.next().transpose()? {
        if only_arguments || !arg.starts_with('-') || arg == "-" {
            if spec.replace(PathBuf::from(&arg)).is_some() {
                return Err(usage(format!("unexpected argument `{arg}`: one SPEC is taken")));
            }
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, Failure> {
            match inline.clone() {
                Some(value) => Ok(value),
                None => args.next().transpose()?.ok_or_else(|| usage(format!("`{flag}` needs {what}"))),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Request::Help),
            "-V" | "--version" => return Ok(Request::Version),
            "--out" => out = Some(PathBuf::from(value("a directory")?)),
            "--config" => config = Some(PathBuf::from(value("a file")?)),
            "--name" => name = Some(value("a package name")?),
            "--check" if inline.is_none() => check = true,
            "--" => only_arguments = true,
            _ => return Err(usage(format!("unknown option `{arg}`"))),
        }
    }
    let spec = spec.ok_or_else(|| usage("SPEC is missing"))?;
    let out = out.ok_or_else(|| usage("`--out DIR` is missing"))?;
    if let Some(name) = &name {
        if !openapi_codegen::settings::is_package_name(name) {
            return Err(usage(format!(
                "`--name {name}` is not a valid package name: lower-case ASCII letters, digits, `-` and `_`, starting with a letter"
            )));
        }
    }
    Ok(Request::Generate(Options { spec, out, config, name, check }))
}

/// The settings file to read: `--config`, else `SPEC_STEM.toml` beside the spec when there is one.
fn settings_path(options: &Options) -> Option<PathBuf> {
    if let Some(config) = &options.config {
        return Some(config.clone());
    }
    let beside = options.spec.with_extension("toml");
    (beside != options.spec && beside.is_file()).then_some(beside)
}

fn generate(options: &Options) -> Result<(), Failure> {
    let spec_text = std::fs::read_to_string(&options.spec)
        .map_err(|err| usage(format!("cannot read the spec `{}`: {err}", options.spec.display())))?;
    let settings_file = match settings_path(options) {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|err| usage(format!("cannot read the settings file `{}`: {err}", path.display())))?;
            let dir = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            };
            Some(SettingsFile::parse(path.display().to_string(), dir, &text).map_err(|err| Failure::Problems(err.to_string()))?)
        }
        None => None,
    };
    let label = options.spec.file_name().map_or_else(|| options.spec.display().to_string(), |name| name.to_string_lossy().into_owned());
    let spec = openapi_codegen::parse_spec_at(&label, &spec_text, &options.spec).map_err(|err| Failure::Problems(err.to_string()))?;
    let mut settings = match &settings_file {
        Some(file) => file.to_settings(&spec).map_err(|err| Failure::Problems(err.to_string()))?,
        None => Settings::new(openapi_codegen::naming::crate_name(&spec.document.info.title)).with_standalone(true),
    };
    if let Some(name) = &options.name {
        settings.crate_name = name.clone();
    }
    let settings = settings.with_spec_label(label).with_command(COMMAND);
    let output = openapi_codegen::generate(&spec, &settings).map_err(|err| Failure::Problems(err.to_string()))?;
    for diagnostic in output.warnings.iter().chain(&output.notes) {
        eprintln!("{diagnostic}");
    }
    let mode = if options.check { Mode::Check } else { Mode::Write };
    let out = &options.out;
    match openapi_codegen::write_output(&output.files, out, mode) {
        Ok(Written::Current) => {
            eprintln!("{} is current ({} files)", out.display(), output.files.len());
            Ok(())
        }
        Ok(Written::Updated { changed }) => {
            eprintln!("wrote {} ({changed} file(s) changed)", out.display());
            Ok(())
        }
        Ok(Written::Stale { stale, diff }) => {
            print!("{diff}");
            Err(Failure::Problems(format!(
                "error: {stale} file(s) of {} are stale: run the same command without `--check`, and commit the result",
                out.display()
            )))
        }
        Err(err) => Err(Failure::Problems(format!("error: cannot write {}: {err}", out.display()))),
    }
}

fn main() -> ExitCode {
    let result = parse(std::env::args_os().skip(1).collect()).and_then(|request| match request {
        Request::Help => {
            print!("{HELP}");
            Ok(())
        }
        Request::Version => {
            println!("openapi-codegen {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Request::Generate(options) => generate(&options),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(report)) => {
            eprintln!("{report}");
            ExitCode::from(2)
        }
        Err(Failure::Problems(report)) => {
            eprintln!("{report}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<OsString> {
        text.split_whitespace().map(OsString::from).collect()
    }

    fn generate_options(text: &str) -> Options {
        match parse(args(text)) {
            Ok(Request::Generate(options)) => options,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn usage_error(text: &str) -> String {
        match parse(args(text)) {
            Err(Failure::Usage(report)) => report,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn the_command_line_is_read() {
        let options = generate_options("generate api.yaml --out out --config=c.toml --name my-api --check");
        let expected = Options {
            spec: "api.yaml".into(),
            out: "out".into(),
            config: Some("c.toml".into()),
            name: Some("my-api".to_owned()),
            check: true,
        };
        assert_eq!(options, expected);
        assert_eq!(generate_options("generate --out=o -- --odd.yaml").spec, PathBuf::from("--odd.yaml"));
        assert_eq!(parse(args("--help")).ok(), Some(Request::Help));
        assert_eq!(parse(args("generate a.yaml -h")).ok(), Some(Request::Help));
        assert_eq!(parse(args("-V")).ok(), Some(Request::Version));
    }

    #[test]
    fn usage_errors_say_what_is_wrong_once() {
        for (line, problem) in [
            ("", "no command given"),
            ("build a.yaml", "unknown command `build`"),
            ("generate a.yaml", "`--out DIR` is missing"),
            ("generate --out o", "SPEC is missing"),
            ("generate a.yaml b.yaml --out o", "unexpected argument `b.yaml`"),
            ("generate a.yaml --out", "`--out` needs a directory"),
            ("generate a.yaml --out o --bogus", "unknown option `--bogus`"),
            ("generate a.yaml --out o --check=yes", "unknown option `--check=yes`"),
            ("generate a.yaml --out o --name My_Api!", "not a valid package name"),
        ] {
            let report = usage_error(line);
            assert!(report.starts_with("error: "), "{line}: {report}");
            assert!(report.contains(problem), "{line}: {report}");
            assert_eq!(report.matches("error").count(), 1, "{line}: {report}");
        }
    }

    #[test]
    fn the_settings_file_beside_the_spec_is_found() {
        let dir = std::env::temp_dir().join(format!("openapi-codegen-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("api.yaml");
        let options = Options { spec: spec.clone(), out: dir.join("out"), ..Options::default() };
        assert_eq!(settings_path(&options), None);
        std::fs::write(dir.join("api.toml"), "").unwrap();
        assert_eq!(settings_path(&options), Some(dir.join("api.toml")));
        let explicit = Options { config: Some(dir.join("other.toml")), ..options };
        assert_eq!(settings_path(&explicit), Some(dir.join("other.toml")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
