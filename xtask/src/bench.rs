//! `cargo xtask bench`: the performance figures of the project, one
//! `name: value` line each, so that runs can be compared.
//!
//! - Codegen of `specs/seam-connect.yaml`, whole (load, lower, emit,
//!   format, compare), against only loading it; medians over fresh
//!   processes of the release build (`xtask codegen-once`), with the phase
//!   breakdown and the peak memory.
//! - The generated crate: its lines, and `cargo check` / `cargo build` of
//!   it alone once its dependencies are built: wall seconds, and CPU
//!   seconds and peak memory (measured by `xtask rusage` in a fresh
//!   process), with all features (`undocumented` too), with no group
//!   feature and with two groups.
//! - Decoding a large response into the generated types against decoding
//!   it into `serde_json::Value` (`tests/benches/decode.rs`).
//! - With `--peers`: progenitor's and ploidy's generators on the same spec,
//!   installed with `cargo install` at pinned versions, and `cargo check`
//!   of what they generate.
//!
//! `--quick` runs everything once, small, in the dev profile: a smoke test
//! for CI that asserts nothing about time and prints no values, only the
//! names of the figures it could take.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::project_root;

/// The peers, pinned: crate, version, binary.
const PEERS: &[(&str, &str, &str)] = &[("cargo-progenitor", "0.15.1", "cargo-progenitor"), ("ploidy", "0.15.0", "ploidy")];

/// What one fresh process measured of one codegen (`xtask codegen-once`).
#[derive(Debug, Default, Clone)]
struct CodegenRun {
    load: f64,
    lower: f64,
    emit: f64,
    format: f64,
    compare: f64,
    codegen: f64,
    peak_memory_mb: f64,
}

/// `xtask codegen-once`: loads the Seam spec, then runs the whole codegen
/// (in check mode: it writes nothing), and prints what it measured.
pub(crate) fn codegen_once() -> Result<()> {
    let root = project_root();
    let spec_path = root.join(crate::codegen::SEAM_SPEC);
    let started = Instant::now();
    let spec = openapi_codegen::load_spec(&spec_path).map_err(|err| anyhow::format_err!("{err}"))?;
    let load = started.elapsed();
    let settings = crate::codegen::seam_settings(&root, &spec)?;
    drop(spec);

    let started = Instant::now();
    let spec = openapi_codegen::load_spec(&spec_path).map_err(|err| anyhow::format_err!("{err}"))?;
    let output = openapi_codegen::generate(&spec, &settings).map_err(|err| anyhow::format_err!("{err}"))?;
    let generated = Instant::now();
    let out_dir = root.join(crate::codegen::SEAM_CRATE);
    let stale = match openapi_codegen::write_output(&output.files, &out_dir, openapi_codegen::Mode::Check)? {
        openapi_codegen::Written::Stale { stale, .. } => stale,
        openapi_codegen::Written::Current | openapi_codegen::Written::Updated { .. } => 0,
    };
    let codegen = started.elapsed();
    let compare = generated.elapsed();
    println!("load: {}", load.as_secs_f64());
    println!("lower: {}", output.timings.lower.as_secs_f64());
    println!("emit: {}", output.timings.emit.as_secs_f64());
    println!("format: {}", output.timings.format.as_secs_f64());
    println!("compare: {}", compare.as_secs_f64());
    println!("codegen: {}", codegen.as_secs_f64());
    println!("stale: {stale}");
    println!("peak_memory_mb: {}", peak_memory_mb().unwrap_or(f64::NAN));
    Ok(())
}

/// What a command used: wall seconds, CPU seconds (user and system, of the
/// command and every process it waited for) and the peak resident memory
/// of its largest process.
#[derive(Debug, Clone, Copy)]
struct Usage {
    wall_seconds: f64,
    cpu_seconds: f64,
    peak_mb: f64,
}

/// `xtask rusage PROGRAM ARGUMENTS…`: runs the program and prints what it
/// used, from the kernel's accounting of this process's children. Run in
/// a fresh process, so that nothing else is counted: CPU time is less
/// disturbed by a busy machine than wall time, and the peak is that of
/// the largest process (for `cargo check`, rustc).
pub(crate) fn rusage(program: &str, arguments: &[&str]) -> Result<()> {
    let started = Instant::now();
    let output = Command::new(program).args(arguments).output().with_context(|| format!("running {program}"))?;
    let wall = started.elapsed();
    if !output.status.success() {
        bail!("{program} failed:\n{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    }
    let (cpu_seconds, peak_mb) = children_usage()?;
    println!("wall_seconds: {}", wall.as_secs_f64());
    println!("cpu_seconds: {cpu_seconds}");
    println!("peak_mb: {peak_mb}");
    Ok(())
}

/// CPU seconds and peak resident megabytes of the children this process
/// waited for (and of theirs), from `getrusage(RUSAGE_CHILDREN)`.
#[allow(unsafe_code)]
fn children_usage() -> Result<(f64, f64)> {
    // SAFETY: `rusage` is plain data, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `getrusage` writes one `rusage` through the pointer, which
    // points at one that lives for the whole call.
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        bail!("getrusage failed: {}", std::io::Error::last_os_error());
    }
    let seconds = |time: libc::timeval| time.tv_sec as f64 + time.tv_usec as f64 / 1e6;
    // Linux gives the peak in kilobytes.
    Ok((seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss as f64 / 1024.0))
}

/// Runs `xtask rusage` on `command` (`cargo` and its arguments), in `dir`
/// with `envs`: what the command used.
fn measured(xtask: &Path, dir: &Path, envs: &[(&str, &Path)], command: &[&str]) -> Result<Usage> {
    let output = Command::new(xtask)
        .arg("rusage")
        .args(command)
        .current_dir(dir)
        .envs(envs.iter().map(|(name, value)| (*name, *value)))
        .output()
        .with_context(|| format!("running xtask rusage {}", command.join(" ")))?;
    if !output.status.success() {
        bail!("{} failed:\n{}", command.join(" "), String::from_utf8_lossy(&output.stderr));
    }
    let figures = parse_lines(&String::from_utf8_lossy(&output.stdout));
    let get = |name: &str| -> f64 {
        figures.iter().find(|(key, _)| key == name).and_then(|(_, value)| value.parse().ok()).unwrap_or(f64::NAN)
    };
    Ok(Usage { wall_seconds: get("wall_seconds"), cpu_seconds: get("cpu_seconds"), peak_mb: get("peak_mb") })
}

/// The peak resident memory of this process, from Linux's `/proc`.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn parse_lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect()
}

fn run_codegen_once(xtask: &Path) -> Result<CodegenRun> {
    let output = Command::new(xtask).arg("codegen-once").output().context("running xtask codegen-once")?;
    if !output.status.success() {
        bail!("xtask codegen-once failed:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    let figures = parse_lines(&String::from_utf8_lossy(&output.stdout));
    let get = |name: &str| -> f64 {
        figures.iter().find(|(key, _)| key == name).and_then(|(_, value)| value.parse().ok()).unwrap_or(f64::NAN)
    };
    Ok(CodegenRun {
        load: get("load"),
        lower: get("lower"),
        emit: get("emit"),
        format: get("format"),
        compare: get("compare"),
        codegen: get("codegen"),
        peak_memory_mb: get("peak_memory_mb"),
    })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// Runs `command`, failing with its output when it fails; returns how long it took.
fn timed(command: &mut Command, what: &str) -> Result<Duration> {
    let started = Instant::now();
    let output = command.output().with_context(|| format!("running {what}"))?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        bail!("{what} failed:\n{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    }
    Ok(elapsed)
}

/// Runs the benchmarks and prints their figures.
pub(crate) fn bench(quick: bool, peers: bool) -> Result<()> {
    let root = project_root();
    // A quick run measures nothing worth reading (one run, a cache that may
    // be warm, 500 items to decode): it says which figures it could take,
    // without values.
    // Every figure printed, by name, for the targets at the end.
    let taken = std::cell::RefCell::new(Vec::<(String, f64)>::new());
    let figure = |name: &str, value: String| {
        if quick {
            println!("{name}: taken (smoke run, not a measurement)");
        } else {
            println!("{name}: {value}");
            if let Ok(number) = value.parse::<f64>() {
                taken.borrow_mut().push((name.to_owned(), number));
            }
        }
    };

    // Codegen, in fresh processes of the release build (the dev build in quick mode).
    // The binary is built here rather than taken from `current_exe`: an earlier
    // step of `xtask test` may have rebuilt it, which leaves the running file
    // deleted.
    let profile = if quick { "dev" } else { "release" };
    eprintln!("$ cargo build --profile {profile} -p xtask");
    timed(
        cargo().current_dir(&root).args(["build", "--quiet", "--profile", profile, "-p", "xtask"]),
        "cargo build -p xtask",
    )?;
    let profile_dir = if quick { "debug" } else { "release" };
    let xtask = crate::conformance::target_dir().join(profile_dir).join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    let runs = if quick { 1 } else { 7 };
    eprintln!("codegen of {}, {runs} run(s)", crate::codegen::SEAM_SPEC);
    let codegen_runs: Vec<CodegenRun> = (0..runs).map(|_| run_codegen_once(&xtask)).collect::<Result<_>>()?;
    let med = |field: fn(&CodegenRun) -> f64| median(codegen_runs.iter().map(field).collect());
    let (load, codegen) = (med(|run| run.load), med(|run| run.codegen));
    if !quick {
        eprintln!("phases (medians, seconds; emit and format are summed over threads):");
        eprintln!("  load    {:.3}", load);
        eprintln!("  lower   {:.3}", med(|run| run.lower));
        eprintln!("  emit    {:.3}", med(|run| run.emit));
        eprintln!("  format  {:.3}", med(|run| run.format));
        eprintln!("  compare {:.3}", med(|run| run.compare));
    }
    figure("load_seconds", format!("{load:.3}"));
    figure("codegen_seconds", format!("{codegen:.3}"));
    figure("codegen_over_load", format!("{:.2}", codegen / load));
    figure("peak_memory_mb", format!("{:.0}", med(|run| run.peak_memory_mb)));

    // The generated crate.
    let generated = root.join(crate::codegen::SEAM_CRATE);
    let lines: usize = rust_files(&generated.join("src"))?
        .iter()
        .map(|path| std::fs::read_to_string(path).map(|text| text.lines().count()).unwrap_or(0))
        .sum();
    figure("generated_lines", lines.to_string());
    // The quick run (in `xtask test`) leaves out the build: it only shows that
    // every figure can be taken.
    let target = crate::conformance::target_dir();
    let cargo_program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let (check, build) = check_and_build(&xtask, &root, &root.join("Cargo.toml"), "seam-connect", &target, !quick)?;
    figure("generated_check_seconds", format!("{:.1}", check.wall_seconds));
    figure("generated_check_cpu_seconds", format!("{:.1}", check.cpu_seconds));
    figure("generated_check_peak_mb", format!("{:.0}", check.peak_mb));
    if !quick {
        figure("generated_build_seconds", format!("{build:.1}"));
    }
    // A user who needs no group, and one who needs only locks and access codes.
    for (name, features) in [("min", None), ("locks_access_codes", Some("locks,access_codes"))] {
        run_cargo(&root, &target, &["clean", "--quiet", "-p", "seam-connect"])?;
        let mut command = vec![cargo_program.as_str(), "check", "--quiet", "-p", "seam-connect", "--no-default-features"];
        if let Some(features) = features {
            command.extend(["--features", features]);
        }
        let usage = measured(&xtask, &root, &[("CARGO_TARGET_DIR", &target)], &command)?;
        figure(&format!("generated_check_{name}_cpu_seconds"), format!("{:.1}", usage.cpu_seconds));
        figure(&format!("generated_check_{name}_over_all"), format!("{:.2}", usage.cpu_seconds / check.cpu_seconds));
    }

    // Decoding.
    let mut decode = cargo();
    decode.current_dir(&root);
    if quick {
        decode.args(["test", "--quiet", "-p", "tests", "--bench", "decode"]);
    } else {
        decode.args(["bench", "--quiet", "-p", "tests", "--bench", "decode"]);
    }
    eprintln!("$ cargo {} -p tests --bench decode", if quick { "test" } else { "bench" });
    let output = decode.output().context("running the decode benchmark")?;
    if !output.status.success() {
        bail!("the decode benchmark failed:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    for (name, value) in parse_lines(&String::from_utf8_lossy(&output.stdout)) {
        if name.starts_with("decode_") {
            figure(&name, value);
        }
    }

    if peers {
        for (krate, version, binary) in PEERS {
            match bench_peer(&xtask, &root, krate, version, binary) {
                Ok((codegen_seconds, peer_check)) => {
                    let name = krate.trim_start_matches("cargo-");
                    figure(&format!("peer_{name}_codegen_seconds"), format!("{codegen_seconds:.3}"));
                    figure(&format!("peer_{name}_check_seconds"), format!("{:.1}", peer_check.wall_seconds));
                    figure(&format!("peer_{name}_check_cpu_seconds"), format!("{:.1}", peer_check.cpu_seconds));
                    figure(&format!("peer_{name}_codegen_over_ours"), format!("{:.2}", codegen_seconds / codegen));
                    figure(&format!("peer_{name}_check_over_ours"), format!("{:.2}", peer_check.wall_seconds / check.wall_seconds));
                    figure(&format!("peer_{name}_check_cpu_over_ours"), format!("{:.2}", peer_check.cpu_seconds / check.cpu_seconds));
                }
                Err(err) => {
                    let name = krate.trim_start_matches("cargo-");
                    // What the peer said first, after our own line.
                    let text = format!("{err:#}");
                    let reason = text.lines().skip(1).map(str::trim).find(|line| !line.is_empty()).unwrap_or_default().to_owned();
                    figure(&format!("peer_{name}_codegen_seconds"), format!("failed ({reason})"));
                    eprintln!("{err:#}");
                }
            }
        }
    }
    if quick {
        return Ok(());
    }
    let missed = missed_targets(&taken.borrow());
    println!("targets: {}/{} met", TARGETS.len() - missed.len(), TARGETS.len());
    if !missed.is_empty() {
        bail!("the figures miss their documented targets:\n  {}", missed.join("\n  "));
    }
    Ok(())
}

/// The figures the documentation promises, with the largest value each
/// may have: the compile-time targets of the Seam crate (all features, no
/// group feature, its peak memory), "two groups compile about half of the
/// crate", and typed decoding faster than decoding a `serde_json::Value`.
const TARGETS: &[(&str, f64)] = &[
    ("generated_check_cpu_seconds", 25.0),
    ("generated_check_min_cpu_seconds", 8.0),
    ("generated_check_peak_mb", 1200.0),
    ("generated_check_locks_access_codes_over_all", 0.6),
    ("decode_typed_over_value", 0.6),
];

/// The targets `figures` miss, as lines that say by how much; a target
/// whose figure was not taken is missed too.
fn missed_targets(figures: &[(String, f64)]) -> Vec<String> {
    TARGETS
        .iter()
        .filter_map(|(name, limit)| match figures.iter().find(|(taken, _)| taken == name) {
            None => Some(format!("{name}: not taken (target at most {limit})")),
            Some((_, value)) if value > limit || value.is_nan() => Some(format!("{name}: {value}, target at most {limit}")),
            Some(_) => None,
        })
        .collect()
}

/// Runs cargo with `args` in `dir`, its target directory `target`.
fn run_cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<Duration> {
    timed(cargo().current_dir(dir).args(args).env("CARGO_TARGET_DIR", target), &format!("cargo {}", args.join(" ")))
}

/// `cargo check` and, with `build`, `cargo build` (dev profile) of
/// `package` alone with all its features (every group, `undocumented`
/// too; a peer's crate has none), its dependencies built first: what the
/// check used, and the seconds of the build.
fn check_and_build(xtask: &Path, dir: &Path, manifest: &Path, package: &str, target: &Path, build: bool) -> Result<(Usage, f64)> {
    let manifest_text = manifest.to_string_lossy().into_owned();
    let with_manifest = |args: &[&str]| -> Vec<String> {
        args.iter().map(|arg| (*arg).to_owned()).chain(["--manifest-path".to_owned(), manifest_text.clone()]).collect()
    };
    let run = |args: &[&str]| -> Result<Duration> {
        let args = with_manifest(args);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_cargo(dir, target, &args)
    };
    eprintln!("$ cargo check -p {package} (dependencies first)");
    run(&["check", "--quiet", "--all-features", "-p", package])?;
    run(&["clean", "--quiet", "-p", package])?;
    let cargo_program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let command = with_manifest(&[cargo_program.as_str(), "check", "--quiet", "--all-features", "-p", package]);
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    let check = measured(xtask, dir, &[("CARGO_TARGET_DIR", target)], &command)?;
    if !build {
        return Ok((check, f64::NAN));
    }
    eprintln!("$ cargo build -p {package} (dependencies first)");
    run(&["build", "--quiet", "--all-features", "-p", package])?;
    run(&["clean", "--quiet", "-p", package])?;
    let build = run(&["build", "--quiet", "--all-features", "-p", package])?;
    Ok((check, build.as_secs_f64()))
}

/// Installs a peer, runs it on the Seam spec, and checks what it made:
/// seconds of its codegen, and what `cargo check` of its crate used.
fn bench_peer(xtask: &Path, root: &Path, krate: &str, version: &str, binary: &str) -> Result<(f64, Usage)> {
    let peers = root.join("target/peers");
    eprintln!("$ cargo install {krate}@{version}");
    timed(
        cargo().args(["install", "--quiet", "--locked", "--root"]).arg(&peers).arg(format!("{krate}@{version}")),
        &format!("cargo install {krate}@{version}"),
    )?;
    let bin = peers.join("bin").join(format!("{binary}{}", std::env::consts::EXE_SUFFIX));
    let spec = root.join(crate::codegen::SEAM_SPEC);
    let out = peers.join(format!("{binary}-seam"));
    let _ = std::fs::remove_dir_all(&out);
    let mut command = Command::new(&bin);
    let package = format!("{binary}-seam");
    match binary {
        "cargo-progenitor" => {
            command.args(["progenitor", "-i"]).arg(&spec).arg("-o").arg(&out).args(["-n", &package, "-v", "0.1.0"]);
        }
        _ => {
            command.args(["generate", "rust"]).arg(&spec).arg("-o").arg(&out).args(["--name", &package]);
        }
    }
    eprintln!("$ {binary} on {}", crate::codegen::SEAM_SPEC);
    let codegen = timed(&mut command, &format!("{binary} on the Seam spec"))?;
    let manifest = out.join("Cargo.toml");
    if !manifest.exists() {
        bail!("{binary} wrote no Cargo.toml in {}", out.display());
    }
    // Its own workspace, so the project's does not claim it.
    let text = std::fs::read_to_string(&manifest)?;
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n"))?;
    }
    let (check, _) = check_and_build(xtask, &out, &manifest, &package, &peers.join("target"), false)?;
    Ok((codegen.as_secs_f64(), check))
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(pairs: &[(&str, f64)]) -> Vec<(String, f64)> {
        pairs.iter().map(|(name, value)| ((*name).to_owned(), *value)).collect()
    }

    #[test]
    fn a_figure_above_its_target_or_not_taken_misses_it() {
        let all_met = figures(&[
            ("generated_check_cpu_seconds", 13.0),
            ("generated_check_min_cpu_seconds", 1.9),
            ("generated_check_peak_mb", 1161.0),
            ("generated_check_locks_access_codes_over_all", 0.36),
            ("decode_typed_over_value", 0.35),
        ]);
        assert_eq!(missed_targets(&all_met), Vec::<String>::new());
        let mut slow = all_met.clone();
        slow[0].1 = 25.5;
        assert_eq!(missed_targets(&slow), vec!["generated_check_cpu_seconds: 25.5, target at most 25".to_owned()]);
        let mut unmeasured = all_met.clone();
        unmeasured[4].1 = f64::NAN;
        assert_eq!(missed_targets(&unmeasured).len(), 1);
        let missing = all_met.get(1..).unwrap_or_default().to_vec();
        assert_eq!(missed_targets(&missing), vec!["generated_check_cpu_seconds: not taken (target at most 25)".to_owned()]);
    }
}
