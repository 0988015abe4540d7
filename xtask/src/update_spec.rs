//! `cargo xtask update-spec VERSION`: writes `specs/seam-connect.yaml` from
//! the OpenAPI document that the npm package `@seamapi/types` ships at
//! `VERSION` (`lib/seam/connect/openapi.js`).
//!
//! `npm pack` fetches the package into a scratch folder and `tar` unpacks
//! it (`fetch_package`, the only step that needs the network). From the
//! unpacked package folder on (`write_spec_from_package`), Node.js imports
//! the module and prints the document as JSON, and the JSON is written as
//! YAML by `serde_yaml`, with the keys in the order of the package (the
//! order of paths, properties and variants is what the generated crate
//! follows), and read back to check that it is the same document; the same
//! version always gives the same file. Needs Node.js and npm, which
//! `cargo xtask test` needs too.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{project_root, UsageError};

/// The npm package that ships the Seam spec.
const PACKAGE: &str = "@seamapi/types";
/// The module of the package that exports the spec, relative to the
/// package folder (`package/` in the archive `npm pack` makes).
const MODULE: &str = "lib/seam/connect/openapi.js";
/// Where the spec goes, relative to the project root.
const SPEC: &str = crate::codegen::SEAM_SPEC;

/// Imports the module named by the first argument and prints its default
/// export (or the module) as JSON.
const PRINT_SPEC: &str = "\
import { pathToFileURL } from 'node:url';
const module = await import(pathToFileURL(process.argv[1]).href);
process.stdout.write(JSON.stringify(module.default ?? module));
";

/// Whether `version` is an npm version (`1.977.0`, `2.0.0-beta.1`), never
/// a range, a tag or anything else npm would read differently.
fn is_version(version: &str) -> bool {
    version.starts_with(|c: char| c.is_ascii_digit())
        && version.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

fn run(command: &mut Command, what: &str) -> Result<Vec<u8>> {
    let output = command.output().with_context(|| format!("running {what}"))?;
    if !output.status.success() {
        bail!("{what} failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(output.stdout)
}

/// The document as YAML, keys in the order of `json`; read back, it is
/// the same document (YAML 1.2, as `serde_yaml` and the generator read it).
pub(crate) fn yaml_of_json(json: &str) -> Result<String> {
    // `serde_yaml::Value` keeps the order in which the map's entries are
    // read, which is the order of the JSON text.
    let value: serde_yaml::Value = serde_json::from_str(json).context("the package's spec is not JSON")?;
    let yaml = serde_yaml::to_string(&value)?;
    let written: serde_json::Value = serde_yaml::from_str(&yaml).context("reading the YAML back")?;
    let original: serde_json::Value = serde_json::from_str(json)?;
    if written != original {
        bail!("the YAML written does not read back as the package's document");
    }
    Ok(yaml)
}

pub(crate) fn update_spec(version: &str) -> Result<()> {
    if !is_version(version) {
        return Err(UsageError(format!("`{version}` is not a version of {PACKAGE} (such as `1.977.0`)")).into());
    }
    let scratch = std::env::temp_dir().join(format!("xtask-update-spec-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).with_context(|| format!("creating {}", scratch.display()))?;
    let out = project_root().join(SPEC);
    let result = fetch_package(&scratch, version).and_then(|package| write_spec_from_package(&package, &out));
    let _ = std::fs::remove_dir_all(&scratch);
    result.with_context(|| format!("{PACKAGE}@{version}"))?;
    eprintln!("wrote {SPEC} from {PACKAGE}@{version}; now run `cargo xtask codegen` and review `git diff generated/`");
    Ok(())
}

/// The folder of `PACKAGE@version`, fetched and unpacked into `scratch`.
fn fetch_package(scratch: &Path, version: &str) -> Result<PathBuf> {
    eprintln!("$ npm pack {PACKAGE}@{version}");
    let packed = run(
        Command::new("npm").args(["pack", "--silent", &format!("{PACKAGE}@{version}")]).current_dir(scratch),
        "npm pack (Node.js and npm are needed)",
    )?;
    let archive = String::from_utf8_lossy(&packed).lines().last().unwrap_or_default().trim().to_owned();
    if archive.is_empty() {
        bail!("npm pack named no archive");
    }
    run(Command::new("tar").args(["xzf", &archive]).current_dir(scratch), "tar")?;
    Ok(scratch.join("package"))
}

/// Writes to `out`, as YAML, the spec that the unpacked package in
/// `package` exports from its `MODULE`.
fn write_spec_from_package(package: &Path, out: &Path) -> Result<()> {
    let module = package.join(MODULE);
    if !module.is_file() {
        bail!("the package has no {MODULE}");
    }
    let json = run(
        Command::new("node").args(["--input-type=module", "-e", PRINT_SPEC]).arg(&module).current_dir(package),
        "node",
    )?;
    let json = String::from_utf8(json).context("the spec printed by node is not UTF-8")?;
    let yaml = yaml_of_json(&json)?;
    std::fs::write(out, yaml).with_context(|| format!("writing {}", out.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_versions_are_taken() {
        assert!(is_version("1.977.0"));
        assert!(is_version("2.0.0-beta.1"));
        for version in ["latest", "^1.0.0", "1.0.0 || 2", "", "../x", "-1"] {
            assert!(!is_version(version), "{version}");
        }
    }

    #[test]
    fn yaml_keeps_the_order_of_the_json() {
        let yaml = yaml_of_json(r#"{"paths": {"/b": {}, "/a": {}}, "info": {"title": "t: x", "version": "1.0"}, "n": 1.5}"#).unwrap();
        assert_eq!(yaml, "paths:\n  /b: {}\n  /a: {}\ninfo:\n  title: 't: x'\n  version: '1.0'\nn: 1.5\n");
    }

    /// A package folder laid out as the unpacked `@seamapi/types` archive:
    /// a `package.json` that makes its `.js` files ES modules, and `MODULE`,
    /// which declares the document and exports it as its default.
    fn recorded_package(dir: &Path) -> PathBuf {
        let package = dir.join("package");
        let module = package.join(MODULE);
        std::fs::create_dir_all(module.parent().unwrap()).unwrap();
        std::fs::write(package.join("package.json"), "{\"name\": \"@seamapi/types\", \"version\": \"0.0.0\", \"type\": \"module\"}\n").unwrap();
        std::fs::write(
            &module,
            "const openapi = {\n  openapi: '3.0.0',\n  paths: { '/locks/unlock': { post: { operationId: 'locksUnlockPost' } }, '/devices/list': { get: { operationId: 'devicesListGet' } } },\n  info: { version: '1.0.0', title: 'Seam Connect: API' },\n  components: { schemas: { lock: { type: 'object', required: ['lock_id'], properties: { lock_id: { type: 'string' }, battery: { type: 'number', nullable: true } } } } },\n}\nexport default openapi\n",
        )
        .unwrap();
        package
    }

    #[test]
    fn the_spec_a_package_exports_is_written_as_yaml_in_its_key_order() {
        let dir = std::env::temp_dir().join(format!("xtask-update-spec-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let package = recorded_package(&dir);
        let out = dir.join("seam-connect.yaml");
        write_spec_from_package(&package, &out).unwrap();
        let first = std::fs::read_to_string(&out).unwrap();
        assert_eq!(
            first,
            "\
openapi: 3.0.0
paths:
  /locks/unlock:
    post:
      operationId: locksUnlockPost
  /devices/list:
    get:
      operationId: devicesListGet
info:
  version: 1.0.0
  title: 'Seam Connect: API'
components:
  schemas:
    lock:
      type: object
      required:
      - lock_id
      properties:
        lock_id:
          type: string
        battery:
          type: number
          nullable: true
"
        );
        // A second run, over the first one's file as the command writes over
        // the committed spec, gives the same bytes.
        write_spec_from_package(&package, &out).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
        // A package without the module is refused, and nothing is written.
        std::fs::remove_file(package.join(MODULE)).unwrap();
        std::fs::remove_file(&out).unwrap();
        let err = write_spec_from_package(&package, &out).unwrap_err();
        assert_eq!(err.to_string(), format!("the package has no {MODULE}"));
        assert!(!out.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
