//! Helpers shared by the tests in this folder.
//!
//! - `snapshots.rs`: the generated code for each spec in `fixtures/`, the
//!   warnings of each spec in `fixtures/warnings/` (one per kind), and the
//!   diagnostics for each broken spec in `fixtures/errors/`.
//! - `fixtures_compile.rs`: the code generated for every fixture builds
//!   without warnings, passes clippy and documents cleanly, and so does
//!   the code generated for the public examples of `@readme/oas-examples`.
//! - `seam_types.rs`: the generated Seam crate, used as a dependency.
//! - `fuzz.rs`: random specs generate parsing code or located errors.

use std::path::{Path, PathBuf};

/// The folder of this crate.
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The root of the workspace.
pub fn project_root() -> PathBuf {
    tests_dir().parent().map(Path::to_path_buf).unwrap_or_else(tests_dir)
}

/// The spec files directly in `dir`, sorted.
pub fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect())
        .unwrap_or_default();
    specs.retain(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"));
    specs.sort();
    specs
}

/// Generates the crate for the spec at `path`, naming the spec by its file
/// name only so that snapshots do not depend on where the checkout is.
pub fn generate(path: &Path) -> Result<openapi_codegen::Output, openapi_codegen::Error> {
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    generate_named(path, &name.trim_end_matches(".yaml").trim_end_matches(".json").replace('.', "-"))
}

/// Like [`generate`], with the package name of the crate.
pub fn generate_named(path: &Path, crate_name: &str) -> Result<openapi_codegen::Output, openapi_codegen::Error> {
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
    let spec = openapi_codegen::parse_spec_at(&name, &text, path)?;
    // The path from `tests/`, so that the label does not depend on where
    // the checkout is.
    let label = path.strip_prefix(project_root()).map_or_else(|_| name.clone(), |relative| relative.to_string_lossy().replace('\\', "/"));
    let settings = spec_settings(path, &spec, crate_name).with_spec_label(label);
    openapi_codegen::generate(&spec, &settings)
}

/// The settings of the spec at `path`, for a crate named `crate_name` in a
/// workspace: those of the settings file beside it (`deprecated.toml` for
/// `deprecated.yaml`, as the `openapi-codegen` command finds it) when there
/// is one, the defaults otherwise.
pub fn spec_settings(path: &Path, spec: &openapi_codegen::Spec, crate_name: &str) -> openapi_codegen::Settings {
    let beside = path.with_extension("toml");
    if !beside.is_file() {
        return openapi_codegen::Settings::new(crate_name);
    }
    let file = openapi_codegen::SettingsFile::load(&beside).unwrap_or_else(|err| panic!("{err}"));
    let mut settings = file.to_settings(spec).unwrap_or_else(|err| panic!("{err}"));
    settings.crate_name = crate_name.to_owned();
    settings.standalone = false;
    settings
}

/// Writes `crates` (package name and generated files) as the members of
/// a scratch workspace at `dir`, replacing what was there. It shares the
/// project's lock file, so it builds with the same dependency versions.
pub fn write_scratch_workspace(dir: &Path, crates: &[(String, Vec<openapi_codegen::GeneratedFile>)]) {
    let _ = std::fs::remove_dir_all(dir);
    let mut members = Vec::new();
    for (member, files) in crates {
        for file in files {
            let path = dir.join(member).join(&file.path);
            std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("creating a member folder");
            std::fs::write(&path, &file.contents).expect("writing a generated file");
        }
        members.push(format!("{member:?}"));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("writing the workspace manifest");
    std::fs::copy(project_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copying the lock file");
}

/// Runs `cargo ARGS` on the scratch workspace at `dir`, in the project's
/// target directory (its dependencies are built already); fails with
/// cargo's output when cargo fails.
pub fn cargo_in(dir: &Path, args: &[&str], envs: &[(&str, &str)]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
    let output = std::process::Command::new(cargo)
        .arg(subcommand)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(rest)
        .env("CARGO_TARGET_DIR", project_root().join("target"))
        .envs(envs.iter().copied())
        .output()
        .unwrap_or_else(|err| panic!("running cargo: {err}"));
    assert!(
        output.status.success(),
        "cargo {args:?} failed on the generated crates in {}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The text of one generated file.
pub fn file<'o>(output: &'o openapi_codegen::Output, path: &str) -> &'o str {
    match output.files.iter().find(|file| file.path == path) {
        Some(file) => &file.contents,
        None => panic!("no generated file {path}"),
    }
}

/// The files of the `types` module: `src/types.rs`, then the modules of
/// groups (`src/types/access_codes.rs`), in the order `generate` gives.
pub fn type_files(output: &openapi_codegen::Output) -> impl Iterator<Item = &openapi_codegen::GeneratedFile> {
    output.files.iter().filter(|file| file.path == "src/types.rs" || file.path.starts_with("src/types/"))
}

/// Seam's fake server (`@seamapi/fake-seam-connect`), started once per
/// test binary on a free loopback port, seeded.
pub struct FakeSeam {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The fake stops when this pipe closes, that is when the test process ends.
    stdin: std::process::ChildStdin,
    /// The fake's process, reaped by the system when the test process ends.
    process: std::process::Child,
}

impl FakeSeam {
    /// Closes the fake's standard input, as the end of the test process
    /// does, and waits for it to exit; fails when it has not within ten
    /// seconds.
    pub fn stop(self) -> std::process::ExitStatus {
        let FakeSeam { stdin, mut process, .. } = self;
        drop(stdin);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(status) = process.try_wait().expect("asking whether the fake exited") {
                return status;
            }
            if std::time::Instant::now() > deadline {
                let _ = process.kill();
                panic!("the fake server did not stop within 10 s of its standard input closing");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

/// The seeded API key of the fake.
pub const FAKE_API_KEY: &str = "seam_apikey1_token";

/// The running fake server; the first call starts it. Fails, never skips,
/// when it cannot run.
pub fn fake_seam() -> &'static FakeSeam {
    static FAKE: std::sync::OnceLock<FakeSeam> = std::sync::OnceLock::new();
    FAKE.get_or_init(start_fake_seam)
}

/// Starts another fake server, apart from the shared one of [`fake_seam`].
pub fn start_fake_seam() -> FakeSeam {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let dir = tests_dir().join("e2e");
    assert!(
        dir.join("node_modules").join("@seamapi").join("fake-seam-connect").exists(),
        "Seam's fake server is not installed: `cargo xtask test` installs it (it runs `npm ci` in tests/e2e)"
    );
    let mut child = Command::new("node")
        .arg("fake-server.mjs")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start the fake server with node: {err}"));
    let stdout = child.stdout.take().expect("piped stdout");
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line).expect("reading the fake server's address");
    let address: serde_json::Value = serde_json::from_str(&line)
        .unwrap_or_else(|err| panic!("the fake server did not print its address ({err}): {line:?}"));
    let url = address["url"].as_str().expect("a url").to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "the fake server must listen on loopback only: {url}");
    FakeSeam { url, stdin: child.stdin.take().expect("piped stdin"), process: child }
}
