//! Any choice of Cargo features compiles, checked for every choice at
//! once: in the Seam crate and in the crate of every fixture, each item
//! (a type, a method, a field, a variant, a `use`) that names a type of the
//! crate is compiled only when that type is. An item's gate is the
//! conjunction of the `#[cfg(...)]`s around it; the check expands it into
//! the smallest sets of features that enable it, closes each set under the
//! manifest's feature implications, and evaluates the named type's gate
//! there. Gates use `feature = "…"`, `any` and `all`, so the smallest sets
//! are enough (other predicates, such as `test`, are taken as holding). `cargo xtask test` also checks the Seam crate with each
//! group feature alone, by compiling it.

use std::collections::{BTreeMap, BTreeSet};

use syn::punctuated::Punctuated;
use syn::visit::Visit;
use tests::{generate, project_root, specs_in, tests_dir};

/// A gate: when an item is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Gate {
    Feature(String),
    Any(Vec<Gate>),
    All(Vec<Gate>),
}

/// The most feature sets one gate expands into; a larger gate fails the
/// test rather than taking forever.
const MOST_SETS: usize = 100_000;

impl Gate {
    fn parse(meta: &syn::Meta) -> Gate {
        match meta {
            syn::Meta::NameValue(pair) if pair.path.is_ident("feature") => match &pair.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(name), .. }) => Gate::Feature(name.value()),
                other => panic!("a feature name that is not a string: {}", quote_of(other)),
            },
            syn::Meta::List(list) if list.path.is_ident("any") || list.path.is_ident("all") => {
                let parts = list
                    .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                    .unwrap_or_else(|err| panic!("an unreadable gate: {err}"));
                let parts = parts.iter().map(Gate::parse).collect();
                if list.path.is_ident("any") {
                    Gate::Any(parts)
                } else {
                    Gate::All(parts)
                }
            }
            // Other predicates (`test`, `doc`, `not(...)`) are taken as
            // holding: the item must then be right with whatever features,
            // which asks more, never less.
            _ => Gate::All(Vec::new()),
        }
    }

    /// The smallest sets of features that enable the gate.
    fn sets(&self) -> Vec<BTreeSet<String>> {
        match self {
            Gate::Feature(name) => vec![BTreeSet::from([name.clone()])],
            Gate::Any(parts) => parts.iter().flat_map(Gate::sets).collect(),
            Gate::All(parts) => {
                let mut sets = vec![BTreeSet::new()];
                for part in parts {
                    let part_sets = part.sets();
                    sets = sets
                        .iter()
                        .flat_map(|set| part_sets.iter().map(move |part_set| set.union(part_set).cloned().collect()))
                        .collect();
                    assert!(sets.len() <= MOST_SETS, "a gate expands into more than {MOST_SETS} feature sets: {self:?}");
                }
                sets
            }
        }
    }

    fn holds(&self, features: &BTreeSet<String>) -> bool {
        match self {
            Gate::Feature(name) => features.contains(name),
            Gate::Any(parts) => parts.iter().any(|part| part.holds(features)),
            Gate::All(parts) => parts.iter().all(|part| part.holds(features)),
        }
    }
}

fn quote_of(tokens: &impl quote::ToTokens) -> String {
    tokens.to_token_stream().to_string()
}

/// The gate of `attrs`: their `#[cfg(...)]`s, all of which must hold.
fn gate_of(attrs: &[syn::Attribute]) -> Option<Gate> {
    let gates: Vec<Gate> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .map(|attr| Gate::parse(&attr.parse_args::<syn::Meta>().unwrap_or_else(|err| panic!("an unreadable cfg: {err}"))))
        .collect();
    match gates.len() {
        0 => None,
        1 => gates.into_iter().next(),
        _ => Some(Gate::All(gates)),
    }
}

/// The module of `types` a source file is (`src/types/acs/users.rs`:
/// `acs::users`; `src/types.rs`: the root, empty), or `None` for a file
/// outside `types`.
fn types_module(path: &str) -> Option<String> {
    let path = path.trim_start_matches("src/");
    if path == "types.rs" {
        return Some(String::new());
    }
    path.strip_prefix("types/").and_then(|rest| rest.strip_suffix(".rs")).map(|rest| rest.replace('/', "::"))
}

/// The key of a type: its path from `types` (`acs::users::ListRequest`;
/// `Device` at the root), or its bare name when it is outside `types`.
fn type_key(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

/// The types a crate defines at the top level of its modules, by key, each
/// with its gates (one for each definition; a type defined twice is there
/// when any is).
fn defined_types(sources: &[(String, String)], files: &[syn::File]) -> BTreeMap<String, Vec<Option<Gate>>> {
    let mut types: BTreeMap<String, Vec<Option<Gate>>> = BTreeMap::new();
    for ((path, _), file) in sources.iter().zip(files) {
        let module = types_module(path).unwrap_or_default();
        for item in &file.items {
            let (name, attrs) = match item {
                syn::Item::Struct(item) => (&item.ident, &item.attrs),
                syn::Item::Enum(item) => (&item.ident, &item.attrs),
                syn::Item::Type(item) => (&item.ident, &item.attrs),
                _ => continue,
            };
            types.entry(type_key(&module, &name.to_string())).or_default().push(gate_of(attrs));
        }
    }
    types
}

/// Walks items, keeping the gates around the current place, and records
/// every name of a crate type used there with those gates.
struct Uses<'t> {
    types: &'t BTreeMap<String, Vec<Option<Gate>>>,
    /// The module of `types` the file is, where its bare names are looked
    /// up first (the root's names are seen from every module of `types`).
    module: String,
    /// The modules at the top of `types` (`acs`), which a path may start
    /// with once imported (`acs::users::ListRequest`).
    top_modules: &'t BTreeSet<String>,
    gates: Vec<Gate>,
    /// Each use: the type, the gates around it, and where (for the message).
    uses: Vec<(String, Vec<Gate>, String)>,
    place: Vec<String>,
}

impl Uses<'_> {
    fn within(&mut self, attrs: &[syn::Attribute], place: String, walk: impl FnOnce(&mut Self)) {
        let gate = gate_of(attrs);
        let pushed = gate.is_some();
        if let Some(gate) = gate {
            self.gates.push(gate);
        }
        self.place.push(place);
        walk(self);
        self.place.pop();
        if pushed {
            self.gates.pop();
        }
    }

    /// Records the type a path from `types` names: its modules, then the
    /// type (`acs`, `users`, `ListRequest`); the rest are its items.
    fn record_path(&mut self, segments: &[String]) {
        let Some(at) = segments.iter().position(|segment| segment.starts_with(|c: char| c.is_ascii_uppercase())) else { return };
        let key = segments.get(..=at).unwrap_or_default().join("::");
        self.record_key(key);
    }

    /// Records a type named bare: of the file's own module first, else of
    /// the root of `types` (or outside it).
    fn record_name(&mut self, name: &syn::Ident) {
        let own = type_key(&self.module, &name.to_string());
        let key = if self.types.contains_key(&own) { own } else { name.to_string() };
        self.record_key(key);
    }

    fn record_key(&mut self, key: String) {
        if self.types.contains_key(&key) {
            self.uses.push((key, self.gates.clone(), self.place.join(" > ")));
        }
    }
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let (attrs, place): (&[syn::Attribute], String) = match item {
            syn::Item::Struct(item) => (&item.attrs, format!("struct {}", item.ident)),
            syn::Item::Enum(item) => (&item.attrs, format!("enum {}", item.ident)),
            syn::Item::Type(item) => (&item.attrs, format!("type {}", item.ident)),
            syn::Item::Impl(item) => (&item.attrs, format!("impl {}", quote_of(&item.self_ty))),
            syn::Item::Fn(item) => (&item.attrs, format!("fn {}", item.sig.ident)),
            syn::Item::Use(item) => (&item.attrs, format!("use {}", quote_of(&item.tree))),
            syn::Item::Mod(item) => (&item.attrs, format!("mod {}", item.ident)),
            syn::Item::Const(item) => (&item.attrs, format!("const {}", item.ident)),
            syn::Item::Static(item) => (&item.attrs, format!("static {}", item.ident)),
            syn::Item::Trait(item) => (&item.attrs, format!("trait {}", item.ident)),
            _ => (&[], "item".to_owned()),
        };
        self.within(attrs, place, |this| syn::visit::visit_item(this, item));
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let (attrs, place): (&[syn::Attribute], String) = match item {
            syn::ImplItem::Fn(item) => (&item.attrs, format!("fn {}", item.sig.ident)),
            syn::ImplItem::Const(item) => (&item.attrs, format!("const {}", item.ident)),
            syn::ImplItem::Type(item) => (&item.attrs, format!("type {}", item.ident)),
            _ => (&[], "impl item".to_owned()),
        };
        self.within(attrs, place, |this| syn::visit::visit_impl_item(this, item));
    }

    fn visit_field(&mut self, field: &'ast syn::Field) {
        let place = field.ident.as_ref().map_or_else(|| "field".to_owned(), |ident| format!("field {ident}"));
        self.within(&field.attrs, place, |this| syn::visit::visit_field(this, field));
    }

    fn visit_variant(&mut self, variant: &'ast syn::Variant) {
        self.within(&variant.attrs, format!("variant {}", variant.ident), |this| syn::visit::visit_variant(this, variant));
    }

    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        let attrs: &[syn::Attribute] = match stmt {
            syn::Stmt::Local(local) => &local.attrs,
            syn::Stmt::Macro(mac) => &mac.attrs,
            _ => &[],
        };
        self.within(attrs, "statement".to_owned(), |this| syn::visit::visit_stmt(this, stmt));
    }

    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        // Gated expressions (`#[cfg(...)] { ... }`, gated match arms) carry
        // their own attributes; others add none.
        let attrs: &[syn::Attribute] = match expr {
            syn::Expr::Block(block) => &block.attrs,
            syn::Expr::Call(call) => &call.attrs,
            syn::Expr::MethodCall(call) => &call.attrs,
            _ => &[],
        };
        self.within(attrs, "expression".to_owned(), |this| syn::visit::visit_expr(this, expr));
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        self.within(&arm.attrs, "match arm".to_owned(), |this| syn::visit::visit_arm(this, arm));
    }

    /// A path names a type of the crate by its first segment (`Pet`,
    /// `Pet::new`) or after `types` (`crate::types::Pet`); later segments
    /// are variants, methods and items of other modules (`Self::Spaces`,
    /// `ParameterStyle::Form`), whose names may be those of types too.
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|segment| segment.ident.to_string()).collect();
        match segments.iter().position(|segment| segment == "types") {
            Some(at) => self.record_path(segments.get(at + 1..).unwrap_or_default()),
            None if segments.first().is_some_and(|first| self.top_modules.contains(first)) => self.record_path(&segments),
            None => {
                if let Some(first) = path.segments.first() {
                    self.record_name(&first.ident);
                }
            }
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_use_name(&mut self, name: &'ast syn::UseName) {
        self.record_name(&name.ident);
    }

    fn visit_use_rename(&mut self, rename: &'ast syn::UseRename) {
        self.record_name(&rename.ident);
    }
}

/// The manifest's features, each with the features it turns on.
fn feature_implications(manifest: &str) -> BTreeMap<String, Vec<String>> {
    let table: toml::Table = manifest.parse().unwrap_or_else(|err| panic!("an unreadable manifest: {err}"));
    let features = table.get("features").and_then(toml::Value::as_table).cloned().unwrap_or_default();
    features
        .iter()
        .map(|(name, implied)| {
            let implied = implied.as_array().map(|implied| implied.iter().filter_map(toml::Value::as_str).map(str::to_owned).collect());
            (name.clone(), implied.unwrap_or_default())
        })
        .collect()
}

fn close(set: &BTreeSet<String>, implications: &BTreeMap<String, Vec<String>>) -> BTreeSet<String> {
    let mut closed = set.clone();
    let mut pending: Vec<String> = set.iter().cloned().collect();
    while let Some(feature) = pending.pop() {
        for implied in implications.get(&feature).into_iter().flatten() {
            if closed.insert(implied.clone()) {
                pending.push(implied.clone());
            }
        }
    }
    closed
}

/// The uses of a type in a place compiled without it, in a crate of the
/// `sources` (Rust files) and `manifest`.
fn gate_problems(crate_name: &str, sources: &[(String, String)], manifest: &str) -> Vec<String> {
    let files: Vec<syn::File> = sources
        .iter()
        .map(|(path, text)| syn::parse_file(text).unwrap_or_else(|err| panic!("{crate_name}/{path}: {err}")))
        .collect();
    let types = defined_types(sources, &files);
    let top_modules: BTreeSet<String> = sources
        .iter()
        .filter_map(|(path, _)| types_module(path))
        .filter_map(|module| module.split("::").next().filter(|top| !top.is_empty()).map(str::to_owned))
        .collect();
    let implications = feature_implications(manifest);
    // A module's file is compiled only when its `mod` declaration is.
    let mut module_gates: BTreeMap<String, Gate> = BTreeMap::new();
    for file in &files {
        for item in &file.items {
            if let syn::Item::Mod(module) = item {
                if let Some(gate) = gate_of(&module.attrs) {
                    module_gates.insert(module.ident.to_string(), gate);
                }
            }
        }
    }
    let mut problems = Vec::new();
    for ((path, _), file) in sources.iter().zip(&files) {
        let module = path.trim_start_matches("src/").split(['/', '.']).next().unwrap_or_default();
        let gates = module_gates.get(module).cloned().into_iter().collect();
        let mut uses = Uses { types: &types, module: types_module(path).unwrap_or_default(), top_modules: &top_modules, gates, uses: Vec::new(), place: Vec::new() };
        uses.visit_file(file);
        for (name, gates, place) in uses.uses {
            let around = Gate::All(gates);
            let definitions = types.get(&name).map(Vec::as_slice).unwrap_or_default();
            for set in around.sets() {
                let features = close(&set, &implications);
                let defined = definitions.iter().any(|gate| gate.as_ref().is_none_or(|gate| gate.holds(&features)));
                if !defined {
                    problems.push(format!("{crate_name}/{path}: {place} uses `{name}`, which features {features:?} leave out"));
                    break;
                }
            }
        }
    }
    problems
}

/// The Rust files of `dir`, recursively, as (path from `dir`, text).
fn rust_files(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap_or_else(|err| panic!("{}: {err}", current.display())) {
            let path = entry.unwrap_or_else(|err| panic!("{}: {err}", current.display())).path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned();
                files.push((relative, std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_choice_of_features_of_the_seam_crate_compiles_its_uses_of_types() {
    let generated = project_root().join("generated");
    let sources = rust_files(&generated.join("src"));
    assert!(sources.len() > 5, "the Seam crate's sources are missing");
    let manifest = std::fs::read_to_string(generated.join("Cargo.toml")).unwrap_or_else(|err| panic!("generated/Cargo.toml: {err}"));
    let problems = gate_problems("seam-connect", &sources, &manifest);
    assert!(problems.is_empty(), "{} uses of types compiled without them:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_choice_of_features_of_every_fixture_compiles_its_uses_of_types() {
    let mut specs = specs_in(&tests_dir().join("fixtures"));
    specs.extend(specs_in(&tests_dir().join("conformance").join("specs")));
    let mut problems = Vec::new();
    let mut checked = 0;
    for spec in &specs {
        let output = generate(spec).unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        let sources: Vec<(String, String)> = output
            .files
            .iter()
            .filter(|file| file.path.ends_with(".rs") && file.path.starts_with("src/"))
            .map(|file| (file.path.clone(), file.contents.clone()))
            .collect();
        let manifest = output.files.iter().find(|file| file.path == "Cargo.toml").map(|file| file.contents.clone()).unwrap_or_default();
        problems.extend(gate_problems(&spec.display().to_string(), &sources, &manifest));
        checked += 1;
    }
    assert!(checked > 20, "expected the fixtures, checked {checked}");
    assert!(problems.is_empty(), "{} uses of types compiled without them:\n{}", problems.len(), problems.join("\n"));
}

/// The check finds what it is for: a method gated by one feature that
/// names a type gated by another.
#[test]
fn a_use_outside_the_gate_of_its_type_is_found() {
    let manifest = "[features]\ndefault = [\"a\", \"b\"]\na = []\nb = []\nc = [\"a\"]\n";
    let source = |method_gate: &str| {
        format!(
            "#[cfg(feature = \"a\")] pub struct Pet {{ pub name: String }}\n\
             pub struct Client;\n\
             impl Client {{ #[cfg({method_gate})] pub fn pet(&self) -> Pet {{ todo!() }} }}\n"
        )
    };
    let problems = |method_gate: &str| gate_problems("t", &[("lib.rs".to_owned(), source(method_gate))], manifest);
    assert_eq!(problems("feature = \"b\"").len(), 1, "`b` alone leaves `Pet` out");
    assert!(problems("feature = \"a\"").is_empty());
    assert!(problems("all(feature = \"a\", feature = \"b\")").is_empty());
    assert!(problems("feature = \"c\"").is_empty(), "`c` turns `a` on");
    assert_eq!(problems("any(feature = \"a\", feature = \"b\")").len(), 1, "`b` alone leaves `Pet` out");
}

/// Types of a group's module are told apart from the root's by their path:
/// a use by path (`crate::types::pets::ListRequest`, or `pets::…` once
/// `pets` is imported) and a bare use inside the module are checked against
/// the module's type, not against a root type of the same name.
#[test]
fn a_use_of_a_group_module_type_is_checked_against_that_type() {
    let manifest = "[features]\ndefault = [\"a\", \"b\"]\na = []\nb = []\n";
    let sources = |method_gate: &str, path: &str| {
        vec![
            ("src/types.rs".to_owned(), "pub struct ListRequest;\npub mod pets;\n".to_owned()),
            (
                "src/types/pets.rs".to_owned(),
                "#[cfg(feature = \"a\")] pub struct ListRequest;\n\
                 #[cfg(feature = \"a\")] pub struct Page { pub next: ListRequest }\n"
                    .to_owned(),
            ),
            (
                "src/endpoints.rs".to_owned(),
                format!("use crate::types::pets;\npub struct Pets;\nimpl Pets {{ #[cfg({method_gate})] pub fn list(&self) -> {path} {{ todo!() }} }}\n"),
            ),
        ]
    };
    let problems = |method_gate: &str, path: &str| gate_problems("t", &sources(method_gate, path), manifest);
    assert_eq!(problems("feature = \"b\"", "crate::types::pets::ListRequest").len(), 1, "`b` alone leaves `pets::ListRequest` out");
    assert_eq!(problems("feature = \"b\"", "pets::ListRequest").len(), 1, "`b` alone leaves `pets::ListRequest` out");
    assert!(problems("feature = \"b\"", "crate::types::ListRequest").is_empty(), "the root's `ListRequest` is always there");
    assert!(problems("feature = \"a\"", "crate::types::pets::ListRequest").is_empty());
    // Inside `pets`, `Page` (gated by `a`) names its own `ListRequest` (gated by `a`): no problem;
    // were the bare name taken as the root's, nothing would be checked at all.
    let ungated_page = vec![
        ("src/types.rs".to_owned(), "pub struct ListRequest;\npub mod pets;\n".to_owned()),
        ("src/types/pets.rs".to_owned(), "#[cfg(feature = \"a\")] pub struct ListRequest;\npub struct Page { pub next: ListRequest }\n".to_owned()),
    ];
    assert_eq!(gate_problems("t", &ungated_page, manifest).len(), 1, "an ungated `Page` names the module's gated `ListRequest`");
}
