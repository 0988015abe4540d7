//! Snapshot tests: one small spec per corner case in `fixtures/`, each
//! with the whole generated `types.rs`, its `endpoints.rs` when it has
//! endpoints, and any warnings, as its snapshot; one spec per kind of
//! warning in `fixtures/warnings/`, and broken specs in `fixtures/errors/`,
//! each with its diagnostics as its snapshot.
//! Review changes with `cargo insta review`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use openapi_codegen::{DiagnosticKind, Severity};

use tests::{file, generate, project_root, specs_in, tests_dir, type_files};

fn render(output: &openapi_codegen::Output) -> String {
    let mut text = String::new();
    for diagnostic in output.warnings.iter().chain(&output.notes) {
        let _ = writeln!(text, "{diagnostic}");
    }
    if !output.warnings.is_empty() || !output.notes.is_empty() {
        text.push('\n');
    }
    text.push_str(file(output, "src/types.rs"));
    for module in type_files(output).filter(|file| file.path != "src/types.rs") {
        let _ = write!(text, "\n// ---- {} ----\n\n{}", module.path, module.contents);
    }
    if !output.api.endpoints.is_empty() {
        text.push_str("\n// ---- src/endpoints.rs ----\n\n");
        text.push_str(file(output, "src/endpoints.rs"));
    }
    text
}

#[test]
fn fixtures() {
    let specs = specs_in(&tests_dir().join("fixtures"));
    assert!(specs.len() >= 10, "fixtures are missing: {specs:?}");
    for spec in specs {
        let name = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let output = generate(&spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        insta::assert_snapshot!(format!("fixture@{name}"), render(&output));
    }
}

/// The conformance specs of defect classes (`conformance/specs/`), whose
/// behaviour `cargo xtask conformance` checks against Prism: their code is
/// reviewed here.
#[test]
fn conformance_class_specs() {
    let specs = specs_in(&tests_dir().join("conformance").join("specs"));
    assert!(specs.len() >= 4, "conformance class specs are missing: {specs:?}");
    for spec in specs {
        let name = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let output = generate(&spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        insta::assert_snapshot!(format!("class@{name}"), render(&output));
    }
}

#[test]
fn broken_specs_get_located_diagnostics() {
    let specs = specs_in(&tests_dir().join("fixtures").join("errors"));
    assert!(specs.len() >= 5, "error fixtures are missing: {specs:?}");
    for spec in specs {
        let name = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        match generate(&spec) {
            Ok(_) => panic!("{} generated without error", spec.display()),
            Err(err) => insta::assert_snapshot!(format!("error@{name}"), err.to_string()),
        }
    }
}

/// The specs in `versions/` say the same in OpenAPI 3.0 and 3.1 (and
/// Swagger 2.0 where it can): `NAME.3.0.yaml`, `NAME.3.1.yaml`,
/// `NAME.2.0.yaml`. Every version must generate the same crate.
#[test]
fn every_version_of_a_spec_generates_the_same_crate() {
    let specs = specs_in(&tests_dir().join("versions"));
    let mut groups: std::collections::BTreeMap<String, Vec<std::path::PathBuf>> = std::collections::BTreeMap::new();
    for spec in specs {
        let stem = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let name = stem.split('.').next().unwrap_or_default().to_owned();
        groups.entry(name).or_default().push(spec);
    }
    assert!(groups.len() >= 2 && groups.values().all(|group| group.len() >= 2), "versions/ needs specs in two versions at least: {groups:?}");
    let mut compared = 0;
    for (name, group) in &groups {
        let generate_one = |path: &std::path::Path| {
            let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()));
            let spec = openapi_codegen::parse_spec("spec.yaml", &text).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            let settings = openapi_codegen::Settings::new(name.as_str()).with_spec_label("the spec");
            openapi_codegen::generate(&spec, &settings).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        };
        let reference = group.iter().find(|path| path.to_string_lossy().ends_with(".3.0.yaml")).expect("a 3.0 spec in every group");
        let expected = generate_one(reference);
        assert!(expected.warnings.is_empty(), "{}: {:?}", reference.display(), expected.warnings);
        for other in group.iter().filter(|path| *path != reference) {
            let output = generate_one(other);
            assert!(output.warnings.is_empty(), "{}: {:?}", other.display(), output.warnings);
            assert_eq!(output.files.len(), expected.files.len(), "{}", other.display());
            for (file, expected_file) in output.files.iter().zip(&expected.files) {
                assert_eq!(file.path, expected_file.path);
                if file.contents != expected_file.contents {
                    let first_difference = file
                        .contents
                        .lines()
                        .zip(expected_file.contents.lines())
                        .position(|(line, expected_line)| line != expected_line)
                        .unwrap_or(0);
                    let around = |text: &str| text.lines().skip(first_difference.saturating_sub(3)).take(8).collect::<Vec<_>>().join("\n");
                    panic!(
                        "{} generates another `{}` than {}, from line {}:\n{}\n---- instead of ----\n{}",
                        other.display(),
                        file.path,
                        reference.display(),
                        first_difference + 1,
                        around(&file.contents),
                        around(&expected_file.contents)
                    );
                }
            }
            compared += 1;
        }
    }
    assert!(compared >= 3, "compared {compared} specs");
}

/// The kinds of the diagnostics of every spec in `fixtures/warnings/`
/// (which must generate) and `fixtures/errors/` (which must not), and of
/// the notes of the other fixtures.
fn kinds_of_fixtures() -> BTreeSet<DiagnosticKind> {
    let mut kinds = BTreeSet::new();
    for spec in specs_in(&tests_dir().join("fixtures")) {
        let output = generate(&spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        kinds.extend(output.notes.iter().map(|note| note.kind));
    }
    for spec in specs_in(&tests_dir().join("fixtures").join("warnings")) {
        let output = generate(&spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        kinds.extend(output.warnings.iter().map(|warning| warning.kind));
    }
    for spec in specs_in(&tests_dir().join("fixtures").join("errors")) {
        if let Err(err) = generate(&spec) {
            kinds.extend(err.diagnostics.iter().map(|diagnostic| diagnostic.kind));
        }
    }
    kinds
}

/// Each spec of `fixtures/warnings/` is named after the code of the
/// warning it is for: it generates, with that warning among its own; its
/// snapshot shows the warnings and the generated code, so that the
/// fallback each warning names is reviewed.
#[test]
fn each_kind_of_warning_has_its_spec() {
    let specs = specs_in(&tests_dir().join("fixtures").join("warnings"));
    assert!(!specs.is_empty(), "warning fixtures are missing");
    for spec in specs {
        let name = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let output = generate(&spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        let kind = DiagnosticKind::ALL.iter().find(|kind| kind.code() == name);
        let kind = kind.unwrap_or_else(|| panic!("{}: no kind of diagnostic has the code `{name}`", spec.display()));
        assert_eq!(kind.severity(), Severity::Warning, "{}", spec.display());
        assert!(
            output.warnings.iter().any(|warning| warning.kind == *kind),
            "{} does not warn `{name}`: {:?}",
            spec.display(),
            output.warnings
        );
        // The warnings, and the code they name the fallback of.
        insta::assert_snapshot!(format!("warning@{name}"), render(&output));
    }
}

/// Kinds of diagnostics no fixture makes, and where each is tested.
const NOT_FROM_FIXTURES: &[(DiagnosticKind, &str)] = &[
    (DiagnosticKind::Unreadable, "a file that cannot be read: `load::tests` in the generator"),
    (DiagnosticKind::Internal, "a bug of the generator, which no spec should make: `fuzz.rs` fails on one"),
    (
        DiagnosticKind::NestingTooDeep,
        "a document over 64 levels deep, a chain of over 100 schemas: `load::tests` and `lower::tests` in the generator, at the limits and past them",
    ),
    (DiagnosticKind::AllOfTooDeep, "a chain of `allOf` past the limit: `lower::tests` in the generator, at the limit and past it"),
    (
        DiagnosticKind::InvalidName,
        "a library caller's module or waiting method that is not an identifier (the settings file refuses it first): `tests` in the generator's `lib.rs`",
    ),
];

/// A new kind of diagnostic fails this test until a fixture makes it.
#[test]
fn every_kind_of_diagnostic_comes_from_a_fixture() {
    let made = kinds_of_fixtures();
    let missing: Vec<&str> = DiagnosticKind::ALL
        .iter()
        .filter(|kind| !made.contains(kind) && !NOT_FROM_FIXTURES.iter().any(|(exempt, _)| exempt == *kind))
        .map(|kind| kind.code())
        .collect();
    assert!(missing.is_empty(), "no fixture in fixtures/warnings/ or fixtures/errors/ (or, for a note, fixtures/) makes {missing:?}");
    for (kind, _) in NOT_FROM_FIXTURES {
        assert!(!made.contains(kind), "a fixture makes `{}`: take it off the list of exceptions", kind.code());
    }
}

/// The notes of paging: one per way of paging, naming its endpoints, and
/// one at each list endpoint that shows two ways, which gets no paginator;
/// an endpoint with no way of paging, or one the settings turn detection
/// off for, gets none either.
#[test]
fn notes_say_which_endpoints_page_and_how() {
    let output = generate(&tests_dir().join("fixtures").join("pagination.yaml")).unwrap();
    let notes: Vec<String> = output.notes.iter().map(ToString::to_string).collect();
    let paging: Vec<&String> = notes.iter().filter(|note| note.starts_with("note[paging]: 1 endpoint pages ")).collect();
    assert_eq!(paging.len(), 6, "{notes:#?}");
    for (how, endpoint) in [
        ("by cursor, with the query parameter `cursor` set to the response's `response_metadata.next_cursor`", "GET /events"),
        ("after the last item, with the query parameter `starting_after` set to the last item's `id` while `has_more` is true", "GET /customers"),
        ("by the `Link` header's `rel=\"next\"` URL", "GET /repos"),
        ("by offset, with the query parameter `offset` grown by the items of each page until a page is shorter than the query parameter `limit`", "GET /orders"),
        ("by page number, with the query parameter `page` counted from 1", "GET /invoices"),
        ("by cursor, with the body property `page_cursor` set to the response's `pagination.next_page_cursor` while `pagination.has_next_page` is not false", "POST /searches/run"),
    ] {
        let expected = format!("note[paging]: 1 endpoint pages {how}: {endpoint}\n  --> ");
        assert!(notes.iter().any(|note| note.starts_with(&expected)), "no note `{expected}` in {notes:#?}");
    }
    let ambiguous: Vec<&String> = notes.iter().filter(|note| note.starts_with("note[ambiguous-paging]")).collect();
    assert_eq!(ambiguous.len(), 1, "{notes:#?}");
    assert!(ambiguous[0].ends_with("pagination.yaml#/paths/~1logs/get"), "{}", ambiguous[0]);
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let endpoints = file(&output, "src/endpoints.rs");
    assert_eq!(endpoints.matches("_pages(").count(), 6);
    assert!(!endpoints.contains("fn list_logs_pages") && !endpoints.contains("fn list_tags_pages"));

    let output = generate(&tests_dir().join("fixtures").join("paging-settings.yaml")).unwrap();
    let endpoints = file(&output, "src/endpoints.rs");
    assert!(endpoints.contains("fn list_animals_pages") && !endpoints.contains("fn list_feeds_pages"), "{endpoints}");
    assert_eq!(output.notes.len(), 1, "{:?}", output.notes);
}

#[test]
fn seed_spec() {
    let output = generate(&project_root().join("specs").join("seed-connected-accounts-update.yaml")).unwrap();
    insta::assert_snapshot!("seed-connected-accounts-update", render(&output));
}

#[test]
fn output_is_the_same_on_every_run() {
    let spec = project_root().join("specs").join("seed-connected-accounts-update.yaml");
    let first = generate(&spec).unwrap();
    let second = generate(&spec).unwrap();
    assert_eq!(first.files, second.files);
}

#[test]
fn every_generated_file_starts_with_the_do_not_edit_line() {
    let output = generate(&tests_dir().join("fixtures").join("names.yaml")).unwrap();
    for generated in &output.files {
        let first_line = generated.contents.lines().next().unwrap_or_default();
        assert!(
            first_line.contains("by `cargo xtask codegen`") && first_line.contains("do not edit"),
            "{}: {first_line}",
            generated.path
        );
        // The spec it was generated from; the runtime says where it was copied from.
        let from = if generated.path.starts_with("src/runtime/") { "from `generator/runtime/`" } else { "from tests/fixtures/names.yaml" };
        assert!(first_line.contains(from), "{}: {first_line}", generated.path);
    }
}

/// Every fixture's crate carries its `Send` check (`tests/send_sync.rs`),
/// and exports `Upload` exactly when one of its requests sends a file.
#[test]
fn every_crate_checks_send_and_exports_upload_only_where_used() {
    let mut with_uploads = 0;
    for spec in specs_in(&tests_dir().join("fixtures")) {
        let output = generate(&spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        let file = |path: &str| output.files.iter().find(|file| file.path == path).map(|file| file.contents.as_str());
        let send_sync = file("tests/send_sync.rs").unwrap_or_else(|| panic!("{}: no tests/send_sync.rs", spec.display()));
        assert!(send_sync.contains("Send"), "{}", spec.display());
        let lib = file("src/lib.rs").unwrap_or_default();
        let uses_uploads = type_files(&output).any(|file| file.contents.contains("crate::Upload"));
        assert_eq!(lib.contains("pub use runtime::Upload;"), uses_uploads, "{}", spec.display());
        with_uploads += usize::from(uses_uploads);
    }
    assert!(with_uploads >= 1, "no fixture sends a file");
}

/// Every type of every fixture's crate and of the Seam crate has a doc
/// line: its spec's description, or where it is used (`type_docs`).
#[test]
fn every_generated_type_has_a_doc_line() {
    let specs = specs_in(&tests_dir().join("fixtures")).into_iter().chain([project_root().join("specs").join("seam-connect.yaml")]);
    let mut types = 0;
    for spec in specs {
        let output = generate(&spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        let parsed: Vec<syn::File> = type_files(&output)
            .map(|file| syn::parse_file(&file.contents).unwrap_or_else(|err| panic!("{}: {}: {err}", spec.display(), file.path)))
            .collect();
        for item in parsed.iter().flat_map(|file| &file.items) {
            let (name, attrs) = match item {
                syn::Item::Struct(item) => (&item.ident, &item.attrs),
                syn::Item::Enum(item) => (&item.ident, &item.attrs),
                syn::Item::Type(item) => (&item.ident, &item.attrs),
                _ => continue,
            };
            types += 1;
            assert!(attrs.iter().any(|attr| attr.path().is_ident("doc")), "{}: `{name}` has no doc line", spec.display());
        }
    }
    assert!(types > 1000, "expected the types of the fixtures and of Seam, found {types}");
}

/// No type or variant of the Seam crate is named by its position
/// (`Variant1`): names come from what a variant is (ARCHITECTURE.md,
/// "Type names").
#[test]
fn no_seam_type_or_variant_is_named_by_position() {
    let output = generate(&project_root().join("specs").join("seam-connect.yaml")).unwrap();
    let parsed: Vec<syn::File> = type_files(&output).map(|file| syn::parse_file(&file.contents).unwrap()).collect();
    assert!(parsed.len() > 50, "expected the root of types and the modules of groups, found {} files", parsed.len());
    let positional = |name: &str| name.match_indices("Variant").any(|(at, word)| name[at + word.len()..].starts_with(|c: char| c.is_ascii_digit()));
    let mut names = Vec::new();
    for item in parsed.iter().flat_map(|file| &file.items) {
        match item {
            syn::Item::Struct(item) => names.push(item.ident.to_string()),
            syn::Item::Enum(item) => {
                names.push(item.ident.to_string());
                names.extend(item.variants.iter().map(|variant| format!("{}::{}", item.ident, variant.ident)));
            }
            _ => {}
        }
    }
    assert!(names.len() > 2000, "expected the Seam types and their variants, found {}", names.len());
    let found: Vec<&String> = names.iter().filter(|name| positional(name)).collect();
    assert!(found.is_empty(), "named by position: {found:?}");
}

/// The Seam crate's types that only one group's endpoints use live in that
/// group's module, and no name there repeats the module's path; names over
/// 50 characters are few (ARCHITECTURE.md, "Type names").
#[test]
fn seam_types_of_one_group_live_in_its_module_without_repeating_its_path() {
    let output = generate(&project_root().join("specs").join("seam-connect.yaml")).unwrap();
    let mut names: Vec<(String, String)> = Vec::new();
    for file in type_files(&output) {
        let module = file.path.strip_prefix("src/types/").and_then(|path| path.strip_suffix(".rs")).unwrap_or_default();
        for item in syn::parse_file(&file.contents).unwrap().items {
            match item {
                syn::Item::Struct(item) => names.push((module.to_owned(), item.ident.to_string())),
                syn::Item::Enum(item) => names.push((module.to_owned(), item.ident.to_string())),
                _ => {}
            }
        }
    }
    let in_groups: Vec<&(String, String)> = names.iter().filter(|(module, _)| !module.is_empty()).collect();
    assert!(in_groups.len() > 500, "expected most request and response types in group modules, found {}", in_groups.len());
    assert!(names.contains(&("access_codes".to_owned(), "CreateRequest".to_owned())));
    assert!(names.contains(&("acs/users".to_owned(), "ListRequest".to_owned())));
    let camel = |module: &str| -> String {
        module.split(['/', '_']).map(|word| word.get(..1).unwrap_or_default().to_uppercase() + word.get(1..).unwrap_or_default()).collect()
    };
    let repeating: Vec<_> = in_groups.iter().filter(|(module, name)| name.starts_with(&camel(module))).collect();
    assert!(repeating.is_empty(), "names that repeat their module's path: {repeating:?}");
    // Collisions are resolved by words, never by the number suffix of the last resort.
    let numbered: Vec<_> = names.iter().filter(|(_, name)| name.ends_with(|c: char| c.is_ascii_digit())).collect();
    assert!(numbered.is_empty(), "names told apart by a number: {numbered:?}");
    let mut long: Vec<&String> = names.iter().map(|(_, name)| name).filter(|name| name.len() > 50).collect();
    long.sort_by_key(|name| std::cmp::Reverse(name.len()));
    assert!(long.len() <= 40, "{} names over 50 characters (215 before group modules): {long:?}", long.len());
}

/// The settings of `fixtures/settings.toml` reach the files they are
/// about: the base URL and its variable, the default headers, in the
/// file's order, and the request-id headers in `config.rs` (the default
/// ones without the setting); the version, description and license and
/// the renamed feature of undocumented endpoints in `Cargo.toml`, that
/// feature on those endpoints (and on a group that has only such
/// endpoints); the title and draft extensions in the method's docs;
/// `deprecated`, and the deprecated extension with its note, on an
/// endpoint, and `deprecated` on a variant.
#[test]
fn settings_reach_the_code_they_are_about() {
    let output = generate(&tests_dir().join("fixtures").join("settings.yaml")).unwrap();
    let config = file(&output, "src/config.rs");
    assert!(config.contains(r#"DEFAULT_BASE_URL: &str = "https://api.example.test/v2""#), "{config}");
    assert!(config.contains(r#""EXAMPLE_API_URL""#), "{config}");
    let first = config.find(r#"("z-first", "sent first")"#).expect("z-first");
    let second = config.find(r#"("a-second", "sent second")"#).expect("a-second");
    assert!(first < second, "default headers are sent in the settings' order:\n{config}");
    // Request ids: the settings' headers, in their order of preference; without the setting, the default ones.
    assert!(config.contains(r#"REQUEST_ID_HEADERS: &[&str] = &["trace-id", "x-request-id"]"#), "{config}");
    let plain = generate(&tests_dir().join("fixtures").join("operations.yaml")).unwrap();
    let plain_config = file(&plain, "src/config.rs");
    assert!(plain_config.contains(r#"REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id"]"#), "{plain_config}");
    let manifest = file(&output, "Cargo.toml");
    assert!(manifest.contains("\nversion = \"2.3.4\"\n"), "{manifest}");
    assert!(manifest.contains("\ndescription = \"Pets, as the settings describe them\"\n"), "{manifest}");
    assert!(manifest.contains("\nlicense = \"Apache-2.0\"\n"), "{manifest}");
    assert!(manifest.contains("\ninternal-endpoints = []") && !manifest.contains("\nundocumented = []"), "{manifest}");
    let endpoints = file(&output, "src/endpoints.rs");
    let before = |needle: &str, item: &str| {
        let at = endpoints.find(item).unwrap_or_else(|| panic!("no {item}"));
        endpoints.get(..at).is_some_and(|text| text.trim_end().ends_with(needle))
    };
    assert!(before(r#"#[cfg(feature = "internal-endpoints")]"#, "pub async fn purge"), "{endpoints}");
    assert!(before(r#"#[cfg(all(feature = "internal-endpoints", feature = "admin"))]"#, "pub fn admin"), "{endpoints}");
    assert!(before("#[deprecated]", "pub async fn archive"), "{endpoints}");
    assert!(endpoints.contains("/// List the pets"), "{endpoints}");
    // The draft extension is said in the docs; the deprecated extension is `#[deprecated]` with its note.
    assert!(endpoints.contains("/// **Draft**: subject to change. Adoption is new.\n    ///\n    /// `POST /pets/adopt`."), "{endpoints}");
    assert!(
        before(r#"#[deprecated(note = "Feeding moves to the keepers' API.")]"#, "pub async fn feed"),
        "{endpoints}"
    );
    let types = file(&output, "src/types.rs");
    assert!(types.contains("#[deprecated]\n    #[serde(rename = \"dog\")]\n    Dog {}"), "{types}");
}

/// With `features.groups = false` there are no group features, and
/// undocumented endpoints still sit behind theirs.
#[test]
fn group_features_can_be_turned_off() {
    let spec_path = tests_dir().join("fixtures").join("settings.yaml");
    let text = std::fs::read_to_string(&spec_path).unwrap();
    let spec = openapi_codegen::parse_spec_at("settings.yaml", &text, &spec_path).unwrap();
    let settings_text = std::fs::read_to_string(tests_dir().join("fixtures").join("settings.toml")).unwrap() + "groups = false\n";
    let settings = openapi_codegen::SettingsFile::parse("settings.toml", tests_dir().join("fixtures"), &settings_text).unwrap();
    let mut settings = settings.to_settings(&spec).unwrap();
    settings.crate_name = "settings".to_owned();
    let output = openapi_codegen::generate(&spec, &settings).unwrap();
    let manifest = file(&output, "Cargo.toml");
    assert!(!manifest.contains("\npets = []") && !manifest.contains("\nadmin = []"), "{manifest}");
    let endpoints = file(&output, "src/endpoints.rs");
    assert!(!endpoints.contains(r#"feature = "pets""#) && !endpoints.contains(r#"feature = "admin""#), "{endpoints}");
    assert!(endpoints.contains(r#"#[cfg(feature = "internal-endpoints")]"#), "{endpoints}");
}

/// A crate whose API neither waits nor pages exports no waiting or paging
/// types and has no build script; the Seam crate, which does both, sets
/// both `cfg`s and exports them (ARCHITECTURE.md, `generator/runtime/`).
#[test]
fn runtime_pieces_only_where_used() {
    let plain = generate(&tests_dir().join("fixtures").join("operations.yaml")).unwrap();
    let lib = file(&plain, "src/lib.rs");
    for name in ["WaitOptions", "OperationFailed", "OperationTimedOut", "Paginator", "RepeatedCursor"] {
        assert!(!lib.contains(name), "a crate without waiting or paging exports `{name}`:\n{lib}");
    }
    assert!(!plain.files.iter().any(|file| file.path == "build.rs"), "a crate without waiting or paging has a build script");
    let manifest = file(&plain, "Cargo.toml");
    assert!(manifest.contains(r#"check-cfg = ["cfg(waits)", "cfg(pages)", "cfg(error_bodies)"]"#), "{manifest}");
    assert!(!file(&plain, "src/types.rs").contains("pub enum ErrorBody"), "a crate whose spec declares no error body has the enum");
    // A spec that declares error bodies: the enum, and the `cfg` that gives `ApiError` its typed body.
    let typed = generate(&tests_dir().join("fixtures").join("error-bodies.yaml")).unwrap();
    assert!(file(&typed, "build.rs").contains("cargo::rustc-cfg=error_bodies"), "{}", file(&typed, "build.rs"));
    assert!(file(&typed, "src/types.rs").contains("pub enum ErrorBody {"));
    let seam = generate(&project_root().join("specs").join("seam-connect.yaml")).unwrap();
    let lib = file(&seam, "src/lib.rs");
    for name in ["WaitOptions", "OperationFailed", "OperationTimedOut", "Paginator", "RepeatedCursor"] {
        assert!(lib.contains(name), "the Seam crate does not export `{name}`:\n{lib}");
    }
    // The runtime and the settings' constants are not part of the crate's API.
    let seam_lib = file(&seam, "src/lib.rs");
    assert!(seam_lib.contains("\nmod config;\n") && seam_lib.contains("\nmod runtime;\n"), "{seam_lib}");
    assert!(!seam_lib.contains("pub mod config") && !seam_lib.contains("pub mod runtime"), "{seam_lib}");
    let build = file(&seam, "build.rs");
    assert!(build.contains("cargo::rustc-cfg=waits") && build.contains("cargo::rustc-cfg=pages"), "{build}");
    // The runtime gates what it leaves out by those `cfg`s.
    let runtime = file(&seam, "src/runtime/error.rs");
    assert!(runtime.contains("#[cfg(waits)]\n    #[error(transparent)]\n    OperationFailed"), "{runtime}");
}

/// A 3.1 `info.summary` starts the description in the crate's
/// documentation, before `info.description` (ARCHITECTURE.md, 3.1 coverage).
#[test]
fn the_summary_of_a_3_1_spec_starts_the_crate_documentation() {
    let output = generate(&tests_dir().join("fixtures").join("openapi31-values.yaml")).unwrap();
    let lib = file(&output, "src/lib.rs");
    assert!(lib.contains("//! Const, examples and numeric bounds.\n//!\n//! The description follows the summary.\n"), "{lib}");
}
