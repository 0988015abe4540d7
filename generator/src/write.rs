//! Writing a generated crate to disk, or checking that it is current.
//!
//! [`write_output`] compares the files in memory with the directory. In
//! [`Mode::Write`], when anything differs, it builds the new crate beside
//! the old one and swaps the two with renames, so the output is never
//! half-written and keeps no stray file; in [`Mode::Check`] it writes
//! nothing and returns a unified diff of what is stale. `cargo xtask
//! codegen` and the `openapi-codegen` command share it.

use std::path::{Path, PathBuf};

use crate::GeneratedFile;

/// Whether to write the files or only to check that they are current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write what differs (the whole crate, swapped in).
    Write,
    /// Write nothing; report what differs.
    Check,
}

/// What [`write_output`] found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// The directory held the crate already; nothing was written.
    Current,
    /// The crate was written; this many files differed (or were added or removed).
    Updated {
        /// How many files differed.
        changed: usize,
    },
    /// In check mode: the directory does not hold the crate.
    Stale {
        /// How many files differ.
        stale: usize,
        /// A unified diff of every stale file (cut short after
        /// [`MAX_DIFF_LINES`] lines), and a line for each file that is not
        /// generated any more.
        diff: String,
    },
}

/// How many lines of diff [`Written::Stale`] shows, in all, before cutting it short.
pub const MAX_DIFF_LINES: usize = 400;

/// What an output directory may hold beside the generated files, kept as
/// it is: a standalone crate's build directory and a repository.
const KEPT: &[&str] = &["target", ".git"];

/// An I/O error, with the path it happened at.
fn at(path: &Path, err: std::io::Error) -> std::io::Error {
    std::io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

/// Makes the directory `out_dir` hold exactly `files` (what [`KEPT`]
/// names aside), or in check mode reports how it does not. Nothing is
/// written when it holds them already.
pub fn write_output(files: &[GeneratedFile], out_dir: &Path, mode: Mode) -> std::io::Result<Written> {
    let mut stale = Vec::new();
    for file in files {
        if let Some(diff) = compare_file(&out_dir.join(&file.path), &file.contents)? {
            stale.push(diff);
        }
    }
    let expected: Vec<PathBuf> = files.iter().map(|file| out_dir.join(&file.path)).collect();
    for path in files_under(out_dir)? {
        if !expected.contains(&path) {
            stale.push(format!("{} is not generated any more\n", path.display()));
        }
    }
    if stale.is_empty() {
        return Ok(Written::Current);
    }
    match mode {
        Mode::Write => {
            replace_dir(out_dir, files)?;
            Ok(Written::Updated { changed: stale.len() })
        }
        Mode::Check => {
            let mut diff = String::new();
            let mut n_lines = 0;
            'files: for file_diff in &stale {
                for line in file_diff.lines() {
                    if n_lines == MAX_DIFF_LINES {
                        diff.push_str("… (diff cut short)\n");
                        break 'files;
                    }
                    diff.push_str(line);
                    diff.push('\n');
                    n_lines += 1;
                }
            }
            Ok(Written::Stale { stale: stale.len(), diff })
        }
    }
}

/// The text of the file at `path`, with CRLF line ends read as LF (a
/// checkout with `core.autocrlf` has them: the same text); `None` when
/// there is no such file.
fn read_text(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(if text.contains("\r\n") { text.replace("\r\n", "\n") } else { text })
}

/// A unified diff from the file at `path` to `contents`, or `None` when
/// it holds them already.
pub fn compare_file(path: &Path, contents: &str) -> std::io::Result<Option<String>> {
    let old = read_text(path);
    if old.as_deref() == Some(contents) {
        return Ok(None);
    }
    let old = old.unwrap_or_default();
    let name = path.display();
    let diff = similar::TextDiff::from_lines(old.as_str(), contents);
    let text = diff.unified_diff().context_radius(3).header(&format!("{name} (on disk)"), &format!("{name} (generated)")).to_string();
    Ok(Some(text))
}

/// Writes `contents` to `path`, creating its folder.
fn write_file(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|err| at(parent, err))?;
    }
    std::fs::write(path, contents).map_err(|err| at(path, err))
}

/// Replaces the contents of `out_dir` with `files`, as one step: the new
/// crate is written beside it, then the two are swapped by renames. What
/// [`KEPT`] names is kept.
fn replace_dir(out_dir: &Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    let parent = match out_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out_dir.file_name().map_or_else(|| "out".to_owned(), |name| name.to_string_lossy().into_owned());
    std::fs::create_dir_all(&parent).map_err(|err| at(&parent, err))?;
    let staging = parent.join(format!(".{name}.codegen-new"));
    let old = parent.join(format!(".{name}.codegen-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|err| at(leftover, err))?;
        }
    }
    let written = files.iter().try_for_each(|file| write_file(&staging.join(&file.path), &file.contents));
    if let Err(err) = written {
        // The output was not touched; the half-written copy goes.
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err);
    }
    for kept in KEPT {
        let path = out_dir.join(kept);
        if path.exists() {
            std::fs::rename(&path, staging.join(kept)).map_err(|err| at(&path, err))?;
        }
    }
    if out_dir.exists() {
        std::fs::rename(out_dir, &old).map_err(|err| at(out_dir, err))?;
    }
    std::fs::rename(&staging, out_dir).map_err(|err| at(out_dir, err))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|err| at(&old, err))?;
    }
    Ok(())
}

/// The files under `dir`, leaving out what [`KEPT`] names.
fn files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.map_err(|err| at(&dir, err))?.path();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("openapi-codegen-write-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.to_owned(), contents: contents.to_owned() }
    }

    #[test]
    fn a_crlf_checkout_is_not_stale() {
        let dir = scratch("crlf");
        write_file(&dir.join("file.rs"), "a\r\nb\r\n").unwrap();
        assert_eq!(compare_file(&dir.join("file.rs"), "a\nb\n").unwrap(), None);
        assert!(compare_file(&dir.join("file.rs"), "a\nc\n").unwrap().is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn check_mode_reports_a_diff_and_writes_nothing() {
        let dir = scratch("check");
        let out = dir.join("out");
        write_file(&out.join("src/lib.rs"), "old\n").unwrap();
        write_file(&out.join("src/stray.rs"), "stray\n").unwrap();
        let files = [file("src/lib.rs", "new\n")];
        let Written::Stale { stale, diff } = write_output(&files, &out, Mode::Check).unwrap() else { panic!("not stale") };
        assert_eq!(stale, 2);
        assert!(diff.contains("-old") && diff.contains("+new"), "{diff}");
        assert!(diff.contains("stray.rs is not generated any more"), "{diff}");
        assert_eq!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap(), "old\n");
        assert_eq!(write_output(&files, &out, Mode::Write).unwrap(), Written::Updated { changed: 2 });
        assert_eq!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap(), "new\n");
        assert!(!out.join("src/stray.rs").exists());
        assert_eq!(write_output(&files, &out, Mode::Check).unwrap(), Written::Current);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writing_replaces_the_output_whole_and_keeps_its_build() {
        let dir = scratch("replace");
        let out = dir.join("out");
        write_file(&out.join("src/old/stray.rs"), "// from an earlier run\n").unwrap();
        write_file(&out.join("target/debug/kept"), "").unwrap();
        write_file(&out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        let files = [file("Cargo.toml", "[package]\n"), file("src/lib.rs", "//! New.\n")];
        assert_eq!(write_output(&files, &out, Mode::Write).unwrap(), Written::Updated { changed: 3 });
        assert!(!out.join("src/old").exists());
        assert!(out.join("target/debug/kept").exists());
        assert!(out.join(".git/HEAD").exists(), "a repository in the output is kept");
        // Written again, a current crate is left as it is: the same files,
        // not rewritten.
        let modified = std::fs::metadata(out.join("src/lib.rs")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(write_output(&files, &out, Mode::Write).unwrap(), Written::Current);
        assert_eq!(std::fs::metadata(out.join("src/lib.rs")).unwrap().modified().unwrap(), modified);
        // Nothing is left beside the output.
        let beside: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(beside, ["out"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_write_that_fails_midway_leaves_the_output_untouched() {
        let dir = scratch("midway");
        let out = dir.join("out");
        write_file(&out.join("src/lib.rs"), "// what was there\n").unwrap();
        // The second file needs a folder where the first one is a file: the
        // first is written, the second cannot be.
        let files = [file("Cargo.toml", "// Cargo.toml\n"), file("Cargo.toml/src/lib.rs", "// lib\n")];
        let err = write_output(&files, &out, Mode::Write).unwrap_err();
        assert!(err.to_string().contains("Cargo.toml"), "{err}");
        assert_eq!(files_under(&out).unwrap(), [out.join("src/lib.rs")]);
        assert_eq!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap(), "// what was there\n");
        // Nothing half-written is left beside the output either.
        let beside: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(beside, ["out"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_long_diff_is_cut_short() {
        let dir = scratch("long");
        let text: String = (0..2 * MAX_DIFF_LINES).map(|n| format!("{n}\n")).collect();
        let Written::Stale { diff, .. } = write_output(&[file("a.txt", &text)], &dir, Mode::Check).unwrap() else { panic!("not stale") };
        assert!(diff.ends_with("… (diff cut short)\n"));
        assert_eq!(diff.lines().count(), MAX_DIFF_LINES + 1);
    }
}
