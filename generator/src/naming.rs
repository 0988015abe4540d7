//! Every identifier of the generated code is made here.
//!
//! Spec names can be anything: keywords (`type`, `Self`), leading digits
//! (`401k`), punctuation (`string[]`, `+1`), non-ASCII letters (`dør`),
//! nothing at all, or names that collide once their case is changed
//! (`fooBar` and `foo_bar`). The functions here turn them into ASCII Rust
//! identifiers that always compile; [`Namespace`] makes them unique.
//!
//! **Architecture Invariant:** a [`RustName`], the only thing `emit` makes
//! an identifier of, is built here alone, so every identifier of the
//! generated code is one Rust accepts: `emit` cannot be handed a spec's
//! name, or a setting, that is not.

use std::collections::BTreeSet;
use std::fmt;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's keywords, strict and reserved, in every edition.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super",
    "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while",
    "yield",
];

/// An identifier of the generated code: ASCII letters, digits and `_`, not
/// starting with a digit, never empty, never a keyword. Only this module
/// makes one (its field is private), from a spec's name through
/// [`type_name`], [`variant_name`], [`field_name`] or
/// [`Namespace::claim`], or from a setting through [`RustName::parse`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName(String);

impl RustName {
    /// `text` when it is already such an identifier (a name the settings
    /// give), else `None`.
    pub fn parse(text: &str) -> Option<RustName> {
        is_identifier(text).then(|| RustName(text.to_owned()))
    }

    /// A name the generator writes itself (`additional_properties`,
    /// `next_cursor`): an identifier already; text that is not is made one.
    pub fn known(text: &str) -> RustName {
        RustName(to_identifier(text))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier token of the name.
    pub fn to_ident(&self) -> proc_macro2::Ident {
        // Valid by construction: `is_identifier` holds for every `RustName`.
        proc_macro2::Ident::new(&self.0, proc_macro2::Span::call_site())
    }
}

/// A type's name before the naming pass gives it its own.
impl Default for RustName {
    fn default() -> Self {
        RustName("Unnamed".to_owned())
    }
}

impl fmt::Display for RustName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for RustName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<RustName> for String {
    fn from(name: RustName) -> String {
        name.0
    }
}

impl AsRef<str> for RustName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<String> for RustName {
    fn eq(&self, other: &String) -> bool {
        self.0 == *other
    }
}

impl PartialEq<str> for RustName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for RustName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Whether `text` is an ASCII Rust identifier, not a keyword.
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let starts_well = chars.next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_');
    starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && text != "_" && !KEYWORDS.contains(&text)
}

/// `text` made an identifier with as few changes as possible: itself when
/// it is one; else other characters become `_`, a leading digit gets a `_`
/// before it and a keyword one after.
fn to_identifier(text: &str) -> String {
    if is_identifier(text) {
        return text.to_owned();
    }
    let mut name: String = text.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) || name.chars().all(|c| c == '_') {
        name.insert(0, 'v');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// One segment of the place a type sits in, which names it: a word, or
/// the position of a union variant nothing else names. Positions are their
/// own kind, so that naming knows one without reading its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Word {
    /// A word of the spec (a schema, property or group name) or of the
    /// generator (`request`, `item`, `value`).
    Text(String),
    /// A union variant told apart by nothing but its position: `Some(2)`
    /// reads `variant 2`; `None`, the one union an object flattens, reads
    /// `variant`.
    Position(Option<usize>),
    /// The endpoint a place starts at.
    Operation {
        /// The words of its group, in the crate's spelling: the module of
        /// `types` its types can live in (`acs`, `users`).
        group: Vec<String>,
        /// Its name among all endpoints, which starts with the group's
        /// words (`acs_users_list`).
        name: String,
    },
}

impl Word {
    /// The word as it reads in a name.
    pub fn text(&self) -> String {
        match self {
            Word::Text(text) => text.clone(),
            Word::Position(None) => "variant".to_owned(),
            Word::Position(Some(position)) => format!("variant {position}"),
            Word::Operation { name, .. } => name.clone(),
        }
    }
}

impl From<String> for Word {
    fn from(text: String) -> Word {
        Word::Text(text)
    }
}

impl From<&str> for Word {
    fn from(text: &str) -> Word {
        Word::Text(text.to_owned())
    }
}

/// The words of a place as one text (`connected_account user identifier`).
pub fn joined(words: &[Word]) -> String {
    words.iter().map(Word::text).collect::<Vec<_>>().join(" ")
}

/// Replaces everything that cannot be part of an ASCII identifier with a
/// word break, so that case conversion sees the words of the name.
fn ascii_words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

fn finish(mut name: String, empty: &str, digit_prefix: &str) -> String {
    if name.is_empty() {
        name = empty.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The names a type of the crate already has for methods of its own: of
/// its inherent `impl` blocks in the runtime and in the hand-written
/// modules the settings add, read from their source (a method added there
/// is reserved without a list to keep). Generated methods that would take
/// one of them (a group named `wait_options`, a security scheme named
/// `timeout`) are renamed.
pub fn own_methods(type_name: &str, settings: &crate::Settings) -> BTreeSet<String> {
    let runtime = crate::RUNTIME.iter().map(|(_, source)| *source);
    let modules = settings.extra_modules.iter().map(|module| module.source.as_str());
    let mut names = BTreeSet::new();
    for source in runtime.chain(modules) {
        // A module that does not parse fails to compile in the crate anyway.
        let Ok(file) = syn::parse_file(source) else { continue };
        for item in file.items {
            let syn::Item::Impl(block) = item else { continue };
            let is_type = matches!(&*block.self_ty, syn::Type::Path(path) if path.path.segments.last().is_some_and(|last| last.ident == type_name));
            if block.trait_.is_some() || !is_type {
                continue;
            }
            for member in block.items {
                if let syn::ImplItem::Fn(function) = member {
                    names.insert(function.sig.ident.to_string());
                }
            }
        }
    }
    names
}

/// A type name in `UpperCamelCase`: `connected_account` is `ConnectedAccount`.
pub fn type_name(raw: &str) -> RustName {
    RustName(finish(ascii_words(raw).to_upper_camel_case(), "Unnamed", "V"))
}

/// An enum variant name: the same rules as [`type_name`].
pub fn variant_name(raw: &str) -> RustName {
    RustName(finish(ascii_words(raw).to_upper_camel_case(), "Empty", "V"))
}

/// A field, method or module name in `snake_case`: `type` is `type_`.
pub fn field_name(raw: &str) -> RustName {
    RustName(finish(ascii_words(raw).to_snake_case(), "empty", "_"))
}

/// A Cargo package name for an API titled `title`: `Swagger Petstore` is
/// `swagger-petstore`. Always a valid package name, ASCII, starting with a
/// letter, never a name Cargo reserves.
pub fn crate_name(title: &str) -> String {
    // Words as the title writes them, each in lower case: `GitHub's API` is
    // `github-api`, never `git-hub-s-api` (case changes inside a word do
    // not split it, a possessive `'s` is dropped).
    let words: Vec<String> = title
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|word| {
            let word = word.trim_matches(['\'', '\u{2019}']);
            let word = word.strip_suffix("'s").or_else(|| word.strip_suffix("\u{2019}s")).unwrap_or(word);
            word.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect();
    let mut name = words.join("-");
    if name.is_empty() {
        name = "openapi-client".to_owned();
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "api-");
    }
    // Cargo refuses these names for packages.
    if ["test", "core", "std", "alloc", "proc-macro", "self", "build", "deps", "examples"].contains(&name.as_str())
        || KEYWORDS.contains(&name.as_str())
    {
        name.push_str("-client");
    }
    name
}

/// A plural noun made singular, for the item types of arrays: `errors` is
/// `error`, `accepted_capabilities` is `accepted_capability`. Returns `None`
/// when the word does not look like a plural.
pub fn singular(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") || lower.len() < 3 {
        return None;
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    if lower.ends_with("sses") || lower.ends_with("xes") || lower.ends_with("ches") || lower.ends_with("shes") {
        // The last two bytes are ASCII (`es`), so this is a character boundary.
        return word.get(..word.len() - 2).map(str::to_owned);
    }
    word.strip_suffix('s').map(str::to_owned)
}

/// A set of names already taken in one scope (a module, a struct's fields,
/// an enum's variants).
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// Takes `candidate`, or `candidate` with the smallest number suffix
    /// that is still free. `separator` goes between name and number (`_`
    /// for snake case names, nothing for camel case ones). A candidate
    /// made from names of this module (`{name}_pages`) is one already;
    /// any other is made one first.
    pub fn claim(&mut self, candidate: &str, separator: &str) -> RustName {
        RustName(self.claim_text(&to_identifier(candidate), separator))
    }

    /// Takes `candidate` as [`Namespace::claim`] does, as text that need
    /// not be an identifier (the serde names of a struct's fields).
    pub fn claim_text(&mut self, candidate: &str, separator: &str) -> String {
        if self.taken.insert(candidate.to_owned()) {
            return candidate.to_owned();
        }
        // `self_` and `Self_` number as `self_2` and `Self2`.
        let stem = match candidate.trim_end_matches('_') {
            "" => candidate,
            stem => stem,
        };
        // The numbers never run out; the fallback is an identifier all the same.
        let name = (2..).map(|n| format!("{stem}{separator}{n}")).find(|name| !self.taken.contains(name));
        let name = name.unwrap_or_else(|| format!("{stem}{separator}0"));
        self.taken.insert(name.clone());
        name
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// One group of endpoints, such as `acs users`.
#[derive(Default)]
pub(crate) struct Group {
    /// The endpoints directly in the group, as indexes into `Api::endpoints`.
    pub(crate) endpoints: Vec<usize>,
    /// The last word of each subgroup.
    pub(crate) children: Vec<String>,
}

/// The Rust names of an endpoint's methods.
pub(crate) struct Methods {
    /// The method that calls it.
    pub(crate) name: RustName,
    /// The client's waiting method and the twin that does not wait, when
    /// the endpoint's result is waited for.
    pub(crate) wait: Option<(RustName, RustName)>,
    /// The paginator method, when the endpoint pages.
    pub(crate) pages: Option<RustName>,
}

/// The surface of the client: the groups, the method of each group's parent
/// that hands it out, and the methods of each endpoint. Computed once, for
/// the endpoints module and the conformance driver alike.
pub(crate) struct Surface {
    pub(crate) groups: std::collections::BTreeMap<Vec<String>, Group>,
    /// For each group but the root, the method of its parent that returns it.
    pub(crate) accessors: std::collections::BTreeMap<Vec<String>, RustName>,
    /// For each endpoint (by its index in `Api::endpoints`), its group path
    /// and its methods.
    pub(crate) endpoints: Vec<(Vec<String>, Methods)>,
}

impl Surface {
    pub(crate) fn new(api: &crate::ir::Api, settings: &crate::Settings) -> Surface {
        let mut groups: std::collections::BTreeMap<Vec<String>, Group> = std::collections::BTreeMap::new();
        groups.insert(Vec::new(), Group::default());
        let paths: Vec<Vec<String>> = api
            .endpoints
            .iter()
            .map(|endpoint| endpoint.group.iter().map(|word| String::from(field_name(word))).collect())
            .collect();
        for (index, path) in paths.iter().enumerate() {
            let mut prefix = Vec::new();
            for word in path {
                let parent = groups.entry(prefix.clone()).or_default();
                if !parent.children.contains(word) {
                    parent.children.push(word.clone());
                }
                prefix.push(word.clone());
                groups.entry(prefix.clone()).or_default();
            }
            groups.entry(path.clone()).or_default().endpoints.push(index);
        }
        // A group must not take a name `Client` has (`wait_options`, or a
        // constructor of a hand-written module).
        let client_methods = own_methods("Client", settings);
        let mut accessors = std::collections::BTreeMap::new();
        let mut methods: std::collections::BTreeMap<usize, Methods> = std::collections::BTreeMap::new();
        for (path, group) in &groups {
            let mut names = Namespace::default();
            if path.is_empty() {
                for reserved in &client_methods {
                    names.claim(reserved, "_");
                }
            }
            for child in &group.children {
                let mut child_path = path.clone();
                child_path.push(child.clone());
                accessors.insert(child_path, names.claim(child, "_"));
            }
            for &index in &group.endpoints {
                let Some(endpoint) = api.endpoints.get(index) else { continue };
                let name = names.claim(&field_name(&endpoint.name), "_");
                // `generate` refused a waiting method that is not an identifier.
                let wait_method = settings.client.wait.as_ref().filter(|_| endpoint.waits).and_then(|wait| RustName::parse(&wait.method));
                let wait = wait_method.map(|wait| (wait, names.claim(&format!("{name}_without_waiting"), "_")));
                let pages = endpoint.paging.as_ref().map(|_| names.claim(&format!("{name}_pages"), "_"));
                methods.insert(index, Methods { name, wait, pages });
            }
        }
        let endpoints = paths.into_iter().zip(methods.into_values()).collect();
        Surface { groups, accessors, endpoints }
    }
}

impl Surface {
    /// The methods that lead from the client to the group at `path`
    /// (`acs`, then `users`).
    pub(crate) fn accessor_chain(&self, path: &[String]) -> Vec<&RustName> {
        (1..=path.len()).filter_map(|depth| self.accessors.get(path.get(..depth)?)).collect()
    }
}

/// Words too vague to name a type on their own.
const VAGUE_WORDS: &[&str] = &["value", "item", "variant", "request", "response", "properties", "data", "result"];

/// The naming pass: gives every type of `api` its module and its Rust
/// name, unique in that module.
///
/// A type lives at the root of `types` unless every place it sits in is
/// inside the endpoints of one group: then it lives in that group's module
/// (`types::access_codes`), or, when the places are in several groups under
/// one, in the module of the group they share (`types::acs`). Component
/// schemas are named first, at the root, after their names in the spec, so
/// inline types never take their names.
///
/// At the root, an inline type found in one place is named after that
/// place (`ConnectedAccountUserIdentifier`). One found in several places is
/// named after the words all places end with (`accepted_capabilities` items
/// everywhere: `AcceptedCapability`), unless those words are too vague or
/// the name is taken; then after its most general place, the one of fewest
/// words (an ACS credential's `access_method` rather than the `mode` of an
/// access grant's requested access method), not the first one met.
///
/// In a group's module the group goes without saying, and so does most of
/// the place: a type is named by the fewest last words of its place that
/// say what it is and that no other type of the module, or of the modules
/// around it, is named by (`access_codes::CreateRequest`,
/// `automations::FanMode`); where two types would share a name, both take
/// one more word of their places, until they differ.
pub fn assign_type_names(api: &mut crate::ir::Api) {
    use crate::ir::TypeOrigin;
    let mut root = Namespace::default();
    for def in api.types.values_mut() {
        if let TypeOrigin::Component(raw) = &def.origin {
            def.name = root.claim(&type_name(raw), "");
            def.module = Vec::new();
        }
    }
    // The inline types of each module, with their places as the module sees them.
    let mut modules: std::collections::BTreeMap<Vec<String>, Vec<PlacedType>> = std::collections::BTreeMap::new();
    for (id, def) in &api.types {
        if let TypeOrigin::Inline(places) = &def.origin {
            let module = module_of(places);
            let places = places.iter().map(|place| relative_place(place, &module)).collect();
            modules.entry(module).or_default().push((*id, places));
        }
    }
    for (module, entries) in modules {
        let named = if module.is_empty() {
            name_at_root(&entries, &mut root)
        } else {
            // The module sees the names of the root (its types name them
            // bare), so none of its own may be one of those; a type of
            // another module is named by its path.
            name_in_group_module(&entries, &mut root.clone())
        };
        let path: Vec<RustName> = module.iter().map(|word| field_name(word)).collect();
        for (id, name) in named {
            if let Some(def) = api.types.get_mut(&id) {
                def.name = name;
                def.module = path.clone();
            }
        }
    }
    api.error_body = error_body_enum(api, &mut root);
    // The enums of the answers of endpoints whose answers declare different bodies.
    for endpoint in &mut api.endpoints {
        if let Some(answers) = &mut endpoint.answers {
            answers.name = root.claim(&type_name(&joined(&answers.words)), "");
        }
    }
}

/// An inline type and the places it sits in, as its module sees them.
type PlacedType = (crate::ir::TypeId, Vec<Vec<Word>>);

/// The module of a type found in `places`: the group all of them are
/// inside, as far as their groups agree; the root (empty) when a place is
/// not inside an endpoint.
fn module_of(places: &[Vec<Word>]) -> Vec<String> {
    let mut module: Option<Vec<String>> = None;
    for place in places {
        let Some(Word::Operation { group, .. }) = place.first() else { return Vec::new() };
        module = Some(match module {
            None => group.clone(),
            Some(shared) => shared.iter().zip(group).take_while(|(a, b)| a == b).map(|(a, _)| a.clone()).collect(),
        });
    }
    module.unwrap_or_default()
}

/// A place as a type of `module` names itself: the endpoint it starts at
/// without the words of the module (`acs_users_list` in `acs`: `users
/// list`; the endpoint named as its group keeps its group's last word).
/// At the root, the place is as it is.
fn relative_place(place: &[Word], module: &[String]) -> Vec<Word> {
    let Some((Word::Operation { group, name }, rest)) = place.split_first() else { return place.to_vec() };
    if module.is_empty() {
        return place.to_vec();
    }
    let module_words: Vec<String> = module.iter().flat_map(|word| sub_words(word)).collect();
    let name_words = sub_words(name);
    let own = match name_words.strip_prefix(module_words.as_slice()) {
        Some([]) => group.last().map(|last| sub_words(last)).unwrap_or_default(),
        Some(own) => own.to_vec(),
        None => name_words,
    };
    std::iter::once(Word::Text(own.join("_"))).chain(rest.iter().cloned()).collect()
}

/// The snake-case words of `text` (`custom_metadata`: `custom`, `metadata`).
fn sub_words(text: &str) -> Vec<String> {
    text.to_snake_case().split('_').filter(|part| !part.is_empty()).map(str::to_owned).collect()
}

/// Names the inline types of the root, after their whole places.
fn name_at_root(entries: &[PlacedType], names: &mut Namespace) -> Vec<(crate::ir::TypeId, RustName)> {
    let mut inline: Vec<(RustName, Vec<RustName>, crate::ir::TypeId)> = entries
        .iter()
        .filter_map(|(id, places)| {
            // The most general place: the one of fewest words, the first of those.
            let general = places.iter().min_by_key(|place| place.len())?;
            Some((type_name(&joined(general)), common_names(places), *id))
        })
        .collect();
    // Shared types take their short names first, in a fixed order.
    inline.sort_by(|a, b| (a.1.is_empty(), &a.0).cmp(&(b.1.is_empty(), &b.0)));
    inline
        .into_iter()
        .map(|(first, common, id)| {
            let name = match common.iter().find(|candidate| !names.contains(candidate)) {
                Some(candidate) => names.claim(candidate, ""),
                None => names.claim(&first, ""),
            };
            (id, name)
        })
        .collect()
}

/// Words the generator adds to a place, or that say too little of a type
/// on their own to name it in a group's module.
const GENERATED_WORDS: &[&str] = &["parameters", "answer", "error", "default"];

/// Whether a word is an HTTP status or a class of them (`404`, `4xx`).
fn is_status(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit()) && word.chars().all(|c| c.is_ascii_digit() || c == 'x' || c == 'X')
}

/// Names the inline types of a group's module by the fewest last words of
/// their places that say what they are (see [`assign_type_names`]);
/// `around` holds the names the module sees from the root, and gets the
/// module's own.
fn name_in_group_module(entries: &[PlacedType], around: &mut Namespace) -> Vec<(crate::ir::TypeId, RustName)> {
    let mut named = Vec::new();
    let mut alone: Vec<(crate::ir::TypeId, Vec<Word>, usize)> = Vec::new();
    // Shared types take the words their places share, when those say enough.
    let mut shared: Vec<(Vec<RustName>, crate::ir::TypeId, Vec<Word>)> = Vec::new();
    for (id, places) in entries {
        let Some(general) = places.iter().min_by_key(|place| place.len()) else { continue };
        let common = common_names(places);
        if common.is_empty() {
            alone.push((*id, general.clone(), 0));
        } else {
            shared.push((common, *id, general.clone()));
        }
    }
    shared.sort();
    // A name starts with a word that says something (not `ResponseOrganization`).
    let starts_well = |name: &RustName| sub_words(name).first().is_some_and(|first| !VAGUE_WORDS.contains(&first.as_str()));
    for (common, id, general) in shared {
        let free = |candidate: &&RustName| !around.contains(candidate);
        match common.iter().filter(|candidate| starts_well(candidate)).find(free).or_else(|| common.iter().find(free)) {
            Some(candidate) => {
                named.push((id, around.claim(candidate, "")));
            }
            None => alone.push((id, general, 0)),
        }
    }
    // The fewest last words that say something.
    let says_something = |word: &Word| match word {
        Word::Position(_) => false,
        word => sub_words(&word.text())
            .iter()
            .any(|part| !VAGUE_WORDS.contains(&part.as_str()) && !GENERATED_WORDS.contains(&part.as_str()) && !is_status(part)),
    };
    for (_, place, count) in &mut alone {
        let last_meaningful = place.iter().rposition(says_something).unwrap_or(0);
        *count = place.len() - last_meaningful;
    }
    let name_of = |place: &[Word], count: usize| type_name(&joined(place.get(place.len() - count..).unwrap_or(place)));
    // Types whose names collide, with each other or with a name taken, take one more word each, until none does.
    loop {
        let mut uses: std::collections::BTreeMap<RustName, usize> = std::collections::BTreeMap::new();
        for (_, place, count) in &alone {
            *uses.entry(name_of(place, *count)).or_default() += 1;
        }
        let mut longer = false;
        for (_, place, count) in &mut alone {
            let name = name_of(place, *count);
            let collides = uses.get(&name).is_some_and(|&n| n > 1) || around.contains(&name);
            if collides && *count < place.len() {
                // The name starts with a word that says something (`ListResponsePagination`, not `ResponsePagination`).
                *count += 1;
                while *count < place.len() && !place.get(place.len() - *count).is_some_and(says_something) {
                    *count += 1;
                }
                longer = true;
            }
        }
        if !longer {
            break;
        }
    }
    let mut alone: Vec<(RustName, crate::ir::TypeId)> =
        alone.into_iter().map(|(id, place, count)| (name_of(&place, count), id)).collect();
    alone.sort();
    for (name, id) in alone {
        named.push((id, around.claim(&name, "")));
    }
    named
}

/// The words that say what a successful status means, for the variant of
/// its answer (`202` → `accepted`); `success` for `2XX`.
pub fn status_meaning(status: Option<u16>) -> String {
    let words = match status {
        None => "success",
        Some(200) => "ok",
        Some(201) => "created",
        Some(202) => "accepted",
        Some(203) => "non authoritative",
        Some(206) => "partial content",
        Some(207) => "multi status",
        Some(208) => "already reported",
        Some(226) => "im used",
        Some(code) => return format!("status {code}"),
    };
    words.to_owned()
}

/// The enum of the bodies of error answers, when an endpoint declares one:
/// named `ErrorBody` unless a type has that name, with a variant per type,
/// named after it, in the order the endpoints first declare them.
fn error_body_enum(api: &crate::ir::Api, names: &mut Namespace) -> Option<crate::ir::ErrorBodyEnum> {
    let mut variants: Vec<(RustName, crate::ir::TypeId)> = Vec::new();
    let mut variant_names = Namespace::default();
    for answer in api.endpoints.iter().flat_map(|endpoint| &endpoint.errors) {
        if variants.iter().all(|(_, ty)| *ty != answer.ty) {
            let Some(def) = api.types.get(&answer.ty) else { continue };
            // Types of different modules may share a name; their module tells them apart.
            let name = match variant_names.contains(&def.name) {
                false => variant_names.claim(&def.name, ""),
                true => {
                    let module: Vec<&str> = def.module.iter().map(RustName::as_str).collect();
                    variant_names.claim(&type_name(&format!("{} {}", module.join(" "), def.name.to_snake_case())), "")
                }
            };
            variants.push((name, answer.ty));
        }
    }
    if variants.is_empty() {
        return None;
    }
    Some(crate::ir::ErrorBodyEnum { name: names.claim("ErrorBody", ""), variants })
}

/// A part of a word of a place, in snake case (`custom_metadata` is
/// `custom` and `metadata`), and whether it comes from a position.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SubWord {
    text: String,
    position: bool,
}

/// Names for a type found in several `places`, best first: the words all
/// places start with, then the words they all end with (`payment_intent` …
/// `error`); then, from the fewest words up, the last words most places
/// end with (`custom metadata value`, then `request custom metadata
/// value`). Words are compared inside names too, so that
/// `device_custom_metadata` and `custom_metadata` share `custom metadata`.
/// Empty when the words say too little.
fn common_names(places: &[Vec<Word>]) -> Vec<RustName> {
    let mut names = Vec::new();
    let Some((first, rest)) = places.split_first() else { return names };
    if rest.is_empty() {
        return names;
    }
    let shortest = places.iter().map(Vec::len).min().unwrap_or(0);
    let n_prefix = (0..shortest).take_while(|&i| rest.iter().all(|place| place.get(i) == first.get(i))).count();
    // Sub-words after the common prefix, and where each place's words start.
    let mut tails: Vec<Vec<SubWord>> = Vec::new();
    let mut word_starts: Vec<Vec<usize>> = Vec::new();
    for place in places {
        let mut tail = Vec::new();
        let mut starts = Vec::new();
        for word in place.iter().skip(n_prefix) {
            starts.push(tail.len());
            let position = matches!(word, Word::Position(_));
            let text = word.text().to_snake_case();
            tail.extend(text.split('_').filter(|part| !part.is_empty()).map(|part| SubWord { text: part.to_owned(), position }));
        }
        tails.push(tail);
        word_starts.push(starts);
    }
    // A tail of `n` sub-words that starts where some place's word starts.
    let starts_a_word =
        |n: usize| tails.iter().zip(&word_starts).any(|(tail, starts)| tail.len().checked_sub(n).is_some_and(|start| starts.contains(&start)));
    let Some(first_tail) = tails.first() else { return names };
    let shortest_tail = tails.iter().map(Vec::len).min().unwrap_or(0);
    let n_suffix = (0..shortest_tail)
        .take_while(|&i| tails.iter().all(|tail| tail.iter().rev().nth(i) == first_tail.iter().rev().nth(i)))
        .count();
    // A position says nothing of what a type is.
    let says_enough = |words: &[SubWord]| {
        !words.is_empty()
            && !words.iter().all(|word| word.position || VAGUE_WORDS.contains(&word.text.as_str()))
            && !words.iter().all(|word| word.text.chars().all(|c| c.is_ascii_digit()))
    };
    let prefix: Vec<String> = first.iter().take(n_prefix).map(Word::text).collect();
    let mut push = |words: &[SubWord]| {
        let mut words: Vec<&str> = prefix.iter().map(String::as_str).chain(words.iter().map(|word| word.text.as_str())).collect();
        words.dedup();
        let name = type_name(&words.join(" "));
        if !names.contains(&name) {
            names.push(name);
        }
    };
    // `n_suffix` is at most the length of every tail.
    let suffix = first_tail.get(first_tail.len() - n_suffix..).unwrap_or_default();
    if says_enough(suffix) {
        push(suffix);
    }
    let longest = tails.iter().map(Vec::len).max().unwrap_or(0);
    for n_words in 2..=longest {
        let mut counts: std::collections::BTreeMap<&[SubWord], usize> = std::collections::BTreeMap::new();
        for words in tails.iter().filter_map(|tail| tail.get(tail.len().checked_sub(n_words)?..)) {
            *counts.entry(words).or_default() += 1;
        }
        let Some((words, count)) = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))) else { break };
        if count < 2 || count * 2 < places.len() {
            break;
        }
        if says_enough(words) && starts_a_word(n_words) {
            push(words);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_come_from_titles() {
        assert_eq!(crate_name("Swagger Petstore"), "swagger-petstore");
        assert_eq!(crate_name("Stripe Payments API"), "stripe-payments-api");
        assert_eq!(
            crate_name("GitHub's official OpenAPI spec + Octokit extension"),
            "github-official-openapi-spec-octokit-extension"
        );
        assert_eq!(crate_name("OpenAI API"), "openai-api");
        assert_eq!(crate_name("3D printing (v2)"), "api-3d-printing-v2");
        assert_eq!(crate_name("Dør API"), "d-r-api");
        assert_eq!(crate_name(""), "openapi-client");
        assert_eq!(crate_name("  !!! "), "openapi-client");
        assert_eq!(crate_name("Test"), "test-client");
        assert_eq!(crate_name("self"), "self-client");
    }

    #[test]
    fn type_names() {
        assert_eq!(type_name("connected_account"), "ConnectedAccount");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("401k"), "V401k");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(type_name("$"), "Unnamed");
        assert_eq!(type_name("LOCK_DOOR"), "LockDoor");
        assert_eq!(variant_name("string[]"), "String");
        assert_eq!(variant_name("+1"), "V1");
    }

    /// Whatever text reaches a `RustName`, it is an identifier: what is
    /// not one is refused by `parse` and made one by `claim` and `known`.
    #[test]
    fn every_rust_name_is_an_identifier() {
        assert_eq!(RustName::parse("my_module").map(String::from).as_deref(), Some("my_module"));
        for text in ["my-module", "", "_", "type", "1st", "a b", "dør"] {
            assert_eq!(RustName::parse(text), None, "{text}");
        }
        let mut names = Namespace::default();
        for (text, made) in [("a-b", "a_b"), ("", "v"), ("1", "v1"), ("fn", "fn_"), ("ok", "ok"), ("ok", "ok_2"), ("_", "v_")] {
            let name = names.claim(text, "_");
            assert_eq!(name.as_str(), made, "{text}");
            assert!(RustName::parse(name.as_str()).is_some(), "{text}: {name}");
        }
        assert_eq!(RustName::known("Unknown").as_str(), "Unknown");
        assert_eq!(RustName::known("self").as_str(), "self_");
        // Text whose uniqueness is all that counts (serde names) stays as it is.
        assert_eq!(Namespace::default().claim_text("a-b", "_"), "a-b");
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("fooBar"), "foo_bar");
        assert_eq!(field_name("dør"), "d_r");
        assert_eq!(field_name("x-forwarded-for"), "x_forwarded_for");
        assert_eq!(field_name("401k"), "_401k");
        assert_eq!(field_name(""), "empty");
        assert_eq!(field_name("$ref"), "ref_");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("errors").as_deref(), Some("error"));
        assert_eq!(singular("accepted_capabilities").as_deref(), Some("accepted_capability"));
        assert_eq!(singular("access").as_deref(), None);
        assert_eq!(singular("status").as_deref(), None);
        assert_eq!(singular("boxes").as_deref(), Some("box"));
        assert_eq!(singular("data").as_deref(), None);
    }

    #[test]
    fn shared_types_are_named_after_the_words_their_places_end_with() {
        let places = |lists: &[&[&str]]| -> Vec<Vec<Word>> {
            lists.iter().map(|words| words.iter().map(|word| Word::from(*word)).collect()).collect()
        };
        let shared = places(&[&["connected_account", "accepted_capability"], &["update request", "accepted_capability"]]);
        assert_eq!(common_names(&shared).first().map(RustName::as_str), Some("AcceptedCapability"));
        let vague = places(&[&["device", "value"], &["workspace", "value"]]);
        assert!(common_names(&vague).is_empty());
        let nested = places(&[&["payment_intent", "CARD_DECLINED", "error", "error"], &["payment_intent", "EXPIRED_CARD", "error", "error"]]);
        assert_eq!(common_names(&nested).first().map(RustName::as_str), Some("PaymentIntentError"));
        let most = places(&[&["a", "custom_metadata", "value"], &["b", "custom_metadata", "value"], &["c", "custom_metadata_has", "value"]]);
        assert_eq!(common_names(&most).first().map(RustName::as_str), Some("CustomMetadataValue"));
        let requests = places(&[&["a_create", "request", "custom_metadata", "value"], &["b_update", "request", "custom_metadata", "value"]]);
        assert_eq!(common_names(&requests), ["RequestCustomMetadataValue", "CustomMetadataValue"]);
        assert!(common_names(&places(&[&["device", "location"]])).is_empty());
        // A position says nothing; a word that starts like one does.
        let positions = vec![vec![Word::from("a"), Word::Position(Some(2))], vec![Word::from("b"), Word::Position(Some(2))]];
        assert!(common_names(&positions).is_empty());
        let variants = places(&[&["a", "variants"], &["b", "variants"]]);
        assert_eq!(common_names(&variants), ["Variants"]);
    }

    /// The names and modules the naming pass gives types found in `places`
    /// (a component where a list of places is one `[name]` word only), in
    /// the order given.
    fn named(types: Vec<Vec<Vec<Word>>>) -> Vec<String> {
        let mut api = crate::ir::Api::default();
        for (index, places) in (0u32..).zip(types) {
            let origin = match places.as_slice() {
                [place] if matches!(place.as_slice(), [Word::Text(name)] if name.starts_with('#')) => {
                    crate::ir::TypeOrigin::Component(place.first().map(Word::text).unwrap_or_default().trim_start_matches('#').to_owned())
                }
                _ => crate::ir::TypeOrigin::Inline(places),
            };
            let def = crate::ir::TypeDef {
                name: RustName::default(),
                module: Vec::new(),
                origin,
                pointer: crate::diagnostics::Pointer::root(),
                docs: crate::ir::Docs::default(),
                kind: crate::ir::TypeKind::Alias(crate::ir::TypeRef::Json),
            };
            api.types.insert(crate::ir::TypeId(index), def);
        }
        assign_type_names(&mut api);
        api.types.values().map(|def| def.module.iter().map(RustName::as_str).chain([def.name.as_str()]).collect::<Vec<_>>().join("::")).collect()
    }

    /// A place that starts at the endpoint `name` of `group` (`acs/users`).
    fn at(group: &str, name: &str, words: &[&str]) -> Vec<Word> {
        let group: Vec<String> = group.split('/').map(str::to_owned).collect();
        std::iter::once(Word::Operation { group, name: name.to_owned() }).chain(words.iter().map(|word| Word::from(*word))).collect()
    }

    #[test]
    fn a_type_of_one_group_lives_in_its_module_named_by_its_last_words() {
        let names = named(vec![
            vec![at("acs/users", "acs_users_list", &["request"])],
            vec![at("acs/users", "acs_users_list", &["response"])],
            vec![at("access_codes", "access_codes_create", &["request", "behavior_when_code_cannot_be_shared"])],
            // The endpoint named as its group says its name once.
            vec![at("login", "login", &["request"])],
            // A status is no name.
            vec![at("pets", "pets_get_pet", &["404 error"])],
            vec![at("pets", "pets_get_pet", &["parameters"])],
        ]);
        assert_eq!(
            names,
            [
                "acs::users::ListRequest",
                "acs::users::ListResponse",
                "access_codes::BehaviorWhenCodeCannotBeShared",
                "login::LoginRequest",
                "pets::GetPet404Error",
                "pets::GetPetParameters",
            ]
        );
    }

    #[test]
    fn types_that_would_share_a_name_take_more_words_until_they_differ() {
        let names = named(vec![
            vec![at("pets", "pets_create", &["request", "owner"])],
            vec![at("pets", "pets_update", &["request", "owner"])],
            vec![at("pets", "pets_update", &["request", "color"])],
            // A name of the root, which the module sees, is not taken either.
            vec![vec![Word::from("#Color")]],
            vec![at("pets", "pets_list", &["response", "size"])],
        ]);
        assert_eq!(names, ["pets::CreateRequestOwner", "pets::UpdateRequestOwner", "pets::UpdateRequestColor", "Color", "pets::Size"]);
    }

    #[test]
    fn a_type_of_several_groups_lives_where_they_meet_or_at_the_root() {
        let names = named(vec![
            // In two groups under `acs`: in `acs`, named after what its places share.
            vec![at("acs/users", "acs_users_list", &["request", "filter"]), at("acs/credentials", "acs_credentials_list", &["request", "filter"])],
            // In two groups with nothing in common, or beside a component: at the root, named after its places.
            vec![at("pets", "pets_list", &["request", "filter"]), at("stores", "stores_list", &["request", "filter"])],
            vec![vec![Word::from("pet"), Word::from("tag")], at("pets", "pets_list", &["request", "tag"])],
        ]);
        assert_eq!(names, ["acs::RequestFilter", "ListRequestFilter", "Tag"]);
    }

    #[test]
    fn namespaces_number_collisions() {
        let mut names = Namespace::default();
        assert_eq!(names.claim("foo_bar", "_"), "foo_bar");
        assert_eq!(names.claim("foo_bar", "_"), "foo_bar_2");
        assert_eq!(names.claim("foo_bar", "_"), "foo_bar_3");
        assert_eq!(names.claim("self_", "_"), "self_");
        assert_eq!(names.claim("self_", "_"), "self_2");
        assert_eq!(names.claim("Self_", ""), "Self_");
        assert_eq!(names.claim("Self_", ""), "Self2");
    }

    #[test]
    fn a_shared_type_without_common_words_is_named_after_its_most_general_place() {
        use crate::ir::testing::{api, string_enum};
        use crate::ir::{TypeId, TypeOrigin};
        let mut api = api(vec![string_enum(&["code", "card"])]);
        let words = |text: &str| text.split(' ').map(Word::from).collect::<Vec<_>>();
        if let Some(def) = api.types.get_mut(&TypeId(0)) {
            def.origin = TypeOrigin::Inline(vec![words("access_grant requested_access_methods mode"), words("acs_credential access_method")]);
        }
        assign_type_names(&mut api);
        assert_eq!(api.types.get(&TypeId(0)).map(|def| def.name.as_str()), Some("AcsCredentialAccessMethod"));
    }
}
