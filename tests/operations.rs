//! Every operation of a spec is a method of the generated crate, sent with
//! the operation's own HTTP method: over every fixture, the OpenAPI 3.0 and
//! 3.1 and Swagger 2.0 examples of `@readme/oas-examples`, the specs of
//! `versions/` and the Seam spec, the operations the
//! spec declares are counted against the endpoints of the IR (an endpoint
//! stands for itself and the aliases the spec marks as data) and against
//! the methods in `endpoints.rs`. `cargo xtask conformance` checks the same
//! count, with requests, over the larger corpus of vendor specs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tests::{project_root, spec_settings, specs_in, tests_dir};

/// Checks the spec at `spec_path` with its settings (those of the settings
/// file beside it, if any); returns how many operations it declares.
fn check(spec_path: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(spec_path).map_err(|err| err.to_string())?;
    let spec = openapi_codegen::parse_spec_at("spec", &text, spec_path).map_err(|err| err.to_string())?;
    let settings = spec_settings(spec_path, &spec, "client");
    let output = openapi_codegen::generate(&spec, &settings).map_err(|err| err.to_string())?;
    let declared = openapi_codegen::declared_operations(&spec.raw);
    let mut covered = BTreeSet::new();
    for endpoint in &output.api.endpoints {
        // The method the endpoint sends is an operation the spec declares at
        // the place the endpoint comes from.
        let own = endpoint.pointer.segments().last().unwrap_or_default().to_ascii_uppercase();
        if own != endpoint.method.as_str() {
            return Err(format!("{} {} is sent as {}", own, endpoint.path, endpoint.method));
        }
        // Operations share a method only where the spec says, as data, that
        // they are one endpoint: the same group and method extensions (as
        // the settings name them), never a guess from their names.
        let operation = |method: &str| {
            let item = spec.raw.get("paths").and_then(|paths| paths.get(&endpoint.path));
            item.and_then(|item| item.get(method.to_ascii_lowercase()))
        };
        let alias_data = |method: &str| {
            let operation = operation(method)?;
            let group = operation.get(settings.extensions.group.as_deref()?)?.clone();
            let name = operation.get(settings.extensions.method.as_deref()?)?.clone();
            Some((group, name))
        };
        for alias in &endpoint.aliases {
            let (own, other) = (alias_data(endpoint.method.as_str()), alias_data(alias.as_str()));
            if own.is_none() || own != other {
                return Err(format!("{alias} {} is merged into {} {} without data that says so", endpoint.path, endpoint.method, endpoint.path));
            }
        }
        for method in std::iter::once(&endpoint.method).chain(&endpoint.aliases) {
            if !covered.insert((method.as_str().to_owned(), endpoint.path.clone())) {
                return Err(format!("{method} {} has two methods", endpoint.path));
            }
        }
    }
    if covered != declared {
        let lost: Vec<_> = declared.difference(&covered).collect();
        let invented: Vec<_> = covered.difference(&declared).collect();
        return Err(format!("operations without a method: {lost:?}; methods without an operation: {invented:?}"));
    }
    // Every endpoint is one `pub async fn` (two when its result is waited for).
    let endpoints_rs = output.files.iter().find(|file| file.path == "src/endpoints.rs").ok_or("no endpoints.rs")?;
    let functions = endpoints_rs.contents.matches("pub async fn ").count();
    let twins = endpoints_rs.contents.lines().filter(|line| line.contains("pub async fn ") && line.contains("_without_waiting(")).count();
    if functions - twins != output.api.endpoints.len() {
        return Err(format!("{} endpoints but {} methods", output.api.endpoints.len(), functions - twins));
    }
    Ok(declared.len())
}

#[test]
fn every_operation_is_one_method_sent_with_its_own_http_method() {
    let mut specs: Vec<PathBuf> = specs_in(&tests_dir().join("fixtures"));
    specs.push(project_root().join("specs/seed-connected-accounts-update.yaml"));
    let base = tests_dir().join("e2e/node_modules/@readme/oas-examples");
    let examples = base.join("3.0/json");
    assert!(examples.is_dir(), "@readme/oas-examples is not installed: `cargo xtask test` installs it (`npm ci` in tests/e2e)");
    specs.extend(specs_in(&examples));
    specs.extend(specs_in(&examples.join("openapi-workshop")));
    specs.extend(specs_in(&base.join("3.1/json")));
    specs.extend(specs_in(&base.join("2.0/json")));
    specs.extend(specs_in(&tests_dir().join("versions")));
    let mut failures = Vec::new();
    let mut operations = 0;
    for spec in &specs {
        match check(spec) {
            Ok(count) => operations += count,
            Err(err) => failures.push(format!("{}: {err}", spec.display())),
        }
    }
    println!("operations: {operations} across {} specs, {} failed", specs.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(operations > 300, "expected the operations of the whole corpus, counted {operations}");
}

#[test]
fn every_seam_operation_is_an_endpoint_or_one_of_its_declared_aliases() {
    // The Seam crate merges, by the data of the extensions its settings
    // (`specs/seam-connect.toml`) name, the methods one path is served with.
    let spec_path = project_root().join("specs/seam-connect.yaml");
    let count = check(&spec_path).unwrap_or_else(|err| panic!("{err}"));
    // The numbers ARCHITECTURE gives ("316 endpoints for 522 operations"):
    // a new spec version changes them, and the documentation with them.
    let text = std::fs::read_to_string(&spec_path).unwrap();
    let spec = openapi_codegen::parse_spec_at("seam-connect.yaml", &text, &spec_path).unwrap();
    let (api, _) = openapi_codegen::lower(&spec, &spec_settings(&spec_path, &spec, "seam-connect")).unwrap();
    assert_eq!((count, api.endpoints.len()), (522, 316), "Seam's operations and endpoints");
    // And "23 Seam endpoints wait" (ARCHITECTURE, operations that finish later).
    let waiting = api.endpoints.iter().filter(|endpoint| endpoint.waits).count();
    assert_eq!(waiting, 23, "Seam's endpoints that wait for their action attempt");
    // And "20 Seam endpoints page" (ARCHITECTURE, pagination).
    let paging = api.endpoints.iter().filter(|endpoint| endpoint.paging.is_some()).count();
    assert_eq!(paging, 20, "Seam's endpoints that page");
}
