//! The generator knows no API: what is specific to one (Seam's, this
//! repository's first) lives in that API's settings file and hand-written
//! modules, never in `generator/`. And every key of the settings file is
//! in the reference table of the README, so that the table cannot rot.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn generator_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn project_root() -> PathBuf {
    generator_dir().parent().map(Path::to_path_buf).unwrap_or_else(generator_dir)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Words that name Seam or its concepts, in lower case.
const SEAM_WORDS: &[&str] = &["seam", "fern", "action_attempt", "action attempt", "actionattempt", "action-attempt"];

/// The vendor extensions Seam's spec uses (`x-fern-sdk-group-name`,
/// `x-response-key`, `x-undocumented`, `x-action-attempt-type`, …).
fn seam_extensions() -> BTreeSet<String> {
    let spec = std::fs::read_to_string(project_root().join("specs/seam-connect.yaml")).unwrap();
    spec.lines()
        .filter_map(|line| {
            let key = line.trim_start().trim_start_matches("- ").split(':').next()?;
            (key.starts_with("x-") && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).then(|| key.to_owned())
        })
        .collect()
}

#[test]
fn no_seam_word_or_extension_appears_in_the_generator() {
    let extensions = seam_extensions();
    assert!(
        ["x-fern-sdk-group-name", "x-response-key", "x-undocumented", "x-action-attempt-type"].iter().all(|x| extensions.contains(*x)),
        "the extensions of the Seam spec were not found: {extensions:?}"
    );
    let mut files = files_under(&generator_dir().join("src"));
    files.extend(files_under(&generator_dir().join("runtime")));
    files.push(generator_dir().join("Cargo.toml"));
    assert!(files.len() > 20, "{files:?}");
    let mut found = Vec::new();
    for path in files {
        let relative = path.strip_prefix(generator_dir()).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap().to_ascii_lowercase();
        for word in SEAM_WORDS.iter().map(|word| (*word).to_owned()).chain(extensions.iter().cloned()) {
            if text.contains(&word) {
                found.push(format!("{relative}: `{word}`"));
            }
        }
    }
    assert!(found.is_empty(), "Seam belongs in its settings file (specs/seam-connect.toml) and sdk/, not in the generator:\n{}", found.join("\n"));
}

/// The keys a table of the settings file takes, read from the error that
/// an unknown key gets ("unknown field `…`, expected one of `a`, `b`");
/// `None` when `header` does not open a table of known keys.
fn keys_of(header: &str) -> Option<Vec<String>> {
    let text = format!("{header}\n__probe = 1\n");
    let message = match openapi_codegen::SettingsFile::parse("probe.toml", ".", &text) {
        Ok(_) => return None,
        Err(err) => err.message,
    };
    let expected = message.strip_prefix("unknown field `__probe`, ")?;
    Some(expected.split('`').skip(1).step_by(2).map(str::to_owned).collect())
}

/// Every key of the settings file, dotted (`client.base-url`); the keys of
/// an array of tables as `modules[].name`; a table of free keys (default
/// headers, dependencies) as itself.
fn settings_keys() -> Vec<String> {
    let mut keys = Vec::new();
    let mut pending: Vec<(String, String)> = keys_of("").unwrap().into_iter().map(|key| (key.clone(), key)).collect();
    while let Some((dotted, toml_path)) = pending.pop() {
        if let Some(children) = keys_of(&format!("[{toml_path}]")) {
            pending.extend(children.into_iter().map(|child| (format!("{dotted}.{child}"), format!("{toml_path}.{child}"))));
        } else if let Some(children) = keys_of(&format!("[[{toml_path}]]")) {
            pending.extend(children.into_iter().map(|child| (format!("{dotted}[].{child}"), format!("{toml_path}.{child}"))));
        } else {
            keys.push(dotted);
        }
    }
    keys.sort();
    keys
}

/// The keys of the settings reference table of the README: the first cell
/// of each row of the table under `### Settings reference`, without a
/// trailing `.NAME` (a table of free keys).
fn documented_keys() -> Vec<String> {
    let readme = std::fs::read_to_string(project_root().join("README.md")).unwrap();
    let section = readme.split("### Settings reference").nth(1).expect("the README has a settings reference");
    let table = section.lines().skip_while(|line| !line.starts_with('|')).take_while(|line| line.starts_with('|'));
    let mut keys: Vec<String> = table
        .skip(2)
        .filter_map(|row| {
            let cell = row.split('|').nth(1)?.trim();
            Some(cell.trim_matches('`').trim_end_matches(".NAME").to_owned())
        })
        .collect();
    keys.sort();
    keys
}

#[test]
fn every_settings_key_is_in_the_reference_table_and_no_other() {
    let keys = settings_keys();
    for expected in ["package.name", "client.default-headers", "extensions.response-key", "wait.extension", "modules[].path", "dependencies"] {
        assert!(keys.contains(&expected.to_owned()), "{expected} not found among {keys:?}");
    }
    assert_eq!(documented_keys(), keys, "the settings reference of README.md lists other keys than the settings file takes");
}
