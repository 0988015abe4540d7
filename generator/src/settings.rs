//! The settings file: everything that differs between APIs, in TOML.
//!
//! The file is deserialized (through `serde`, unknown keys refused, every
//! error located by line, column and key) into a mirror of [`Settings`]
//! whose every key is optional, then made into [`Settings`] by
//! [`SettingsFile::to_settings`], which reads the files it names (the
//! crate's README, hand-written modules) relative to the settings file and
//! checks what `serde` cannot (names Cargo or Rust would refuse). The
//! reference of every key is a table of the project's README.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::{ClientSettings, ExtensionSettings, ExtraModule, PaginationSettings, PagingStyle, Settings, Spec, WaitSettings};

/// A problem in a settings file, located by line and column when it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The settings file, as the caller named it.
    pub file: String,
    /// The line and column (both from 1) of the problem.
    pub location: Option<(usize, usize)>,
    /// The dotted path of the key (`client.base-url`, `modules[1].name`).
    pub key: Option<String>,
    /// What is wrong, lowercase and without a trailing dot.
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}\n  --> {}", self.message, self.file)?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(key) = &self.key {
            write!(f, " (at `{key}`)")?;
        }
        Ok(())
    }
}

impl std::error::Error for SettingsError {}

/// The `[package]` table: the generated crate's manifest.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Package {
    name: Option<Spanned<String>>,
    version: Option<String>,
    description: Option<String>,
    license: Option<String>,
    readme: Option<Spanned<String>>,
    standalone: Option<bool>,
}

/// The `[client]` table: what the client sends, and where.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Client {
    base_url: Option<String>,
    base_url_env: Option<String>,
    /// In the file's order (`toml` keeps it).
    default_headers: Option<toml::Table>,
    request_id_headers: Option<Vec<Spanned<String>>>,
    spec_security: Option<bool>,
}

/// The `[errors]` table: where an error answer's kind and message are.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Errors {
    r#type: Option<Vec<Spanned<String>>>,
    message: Option<Vec<Spanned<String>>>,
}

/// The `[extensions]` table: the vendor extensions the generator reads.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Extensions {
    group: Option<String>,
    method: Option<String>,
    response_key: Option<String>,
    title: Option<String>,
    undocumented: Option<String>,
    draft: Option<String>,
    deprecated: Option<String>,
}

/// The `[pagination]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Pagination {
    detect: Option<bool>,
    items: Option<Spanned<String>>,
    style: Option<Spanned<String>>,
    cursor: Option<Spanned<String>>,
    next_cursor: Option<Spanned<String>>,
    has_more: Option<Spanned<String>>,
    item_id: Option<Spanned<String>>,
    offset: Option<Spanned<String>>,
    limit: Option<Spanned<String>>,
    page: Option<Spanned<String>>,
    first_page: Option<Spanned<u64>>,
}

/// The keys of `[pagination]` each style takes, required ones first, and
/// how many are required.
const PAGING_STYLES: &[(&str, &[&str], usize)] = &[
    ("cursor", &["cursor", "next-cursor", "has-more"], 2),
    ("after-last-item", &["cursor", "has-more", "item-id"], 2),
    ("link-header", &[], 0),
    ("offset", &["offset", "limit"], 1),
    ("page-number", &["page", "limit", "first-page"], 1),
];

/// The `[wait]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Wait {
    extension: String,
    method: Spanned<String>,
    schema: String,
}

/// The `[features]` table: how endpoints become Cargo features.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Features {
    groups: Option<bool>,
    ungated: Option<Vec<String>>,
    undocumented: Option<Spanned<String>>,
}

/// The `[requests]` table: how request types are shaped.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Requests {
    integers: Option<Vec<String>>,
}

/// One `[[modules]]` entry: a hand-written module.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Module {
    name: Spanned<String>,
    path: Spanned<String>,
    group: Option<String>,
}

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    #[serde(default)]
    package: Package,
    #[serde(default)]
    client: Client,
    #[serde(default)]
    extensions: Extensions,
    #[serde(default)]
    errors: Errors,
    pagination: Option<Pagination>,
    wait: Option<Wait>,
    #[serde(default)]
    features: Features,
    #[serde(default)]
    requests: Requests,
    #[serde(default)]
    modules: Vec<Module>,
    /// Dependencies of the hand-written modules, as in a Cargo manifest.
    #[serde(default)]
    dependencies: std::collections::BTreeMap<String, Spanned<toml::Value>>,
}

/// A parsed settings file, not yet made into [`Settings`].
#[derive(Debug)]
pub struct SettingsFile {
    file: File,
    /// The text, to locate problems found after parsing.
    text: String,
    /// The file, as errors and the headers of copied modules name it.
    label: String,
    /// Where the paths in the file are relative to.
    dir: PathBuf,
}

/// The module names a generated crate has already.
const GENERATED_MODULES: &[&str] = &["config", "endpoints", "runtime", "types", "lib", "main"];

/// Rust's keywords, strict and reserved, which cannot name a module.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "static", "struct",
    "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen",
    "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `name` is a package (or feature) name Cargo and crates.io
/// take: lower-case ASCII letters, digits, `-` and `_`, starting with a letter.
pub fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Whether `name` can name a module of the generated crate: a lower-case
/// Rust identifier that is no keyword.
fn is_module_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name != "_"
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !KEYWORDS.contains(&name)
}

/// Whether `name` is an HTTP header name (RFC 9110 `token`).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// Whether `value` can be sent as a header value: visible ASCII, spaces and tabs.
fn is_header_value(value: &str) -> bool {
    value.bytes().all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte))
}

/// `relative` joined to the folder of the path `file`, written with `/`
/// and without `.` and inner `..` segments: the name the headers of
/// copied modules give their origin.
fn join_label(file: &str, relative: &str) -> String {
    let file = file.replace('\\', "/");
    let relative = relative.replace('\\', "/");
    if relative.starts_with('/') {
        return relative;
    }
    let absolute = file.starts_with('/');
    let mut parts: Vec<&str> = file.split('/').filter(|part| !part.is_empty() && *part != ".").collect();
    parts.pop();
    for part in relative.split('/').filter(|part| !part.is_empty() && *part != ".") {
        match (part, parts.last()) {
            ("..", Some(last)) if *last != ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The line and column (from 1) of the byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    (line, column)
}

impl SettingsFile {
    /// Parses `text`, the settings file that errors name `label`; the
    /// paths in it are relative to `dir`, and the headers of the modules it
    /// copies name each origin relative to the folder of `label`.
    pub fn parse(label: impl Into<String>, dir: impl Into<PathBuf>, text: &str) -> Result<SettingsFile, SettingsError> {
        let label = label.into();
        let deserializer = toml::Deserializer::parse(text).map_err(|err| SettingsError {
            file: label.clone(),
            location: err.span().map(|span| line_column(text, span.start)),
            key: None,
            message: err.message().trim().to_owned(),
        })?;
        let file: File = serde_path_to_error::deserialize(deserializer).map_err(|err| {
            let path = err.path().to_string();
            let inner = err.into_inner();
            SettingsError {
                file: label.clone(),
                location: inner.span().map(|span| line_column(text, span.start)),
                key: (path != ".").then_some(path),
                message: inner.message().trim().to_owned(),
            }
        })?;
        Ok(SettingsFile { file, text: text.to_owned(), label, dir: dir.into() })
    }

    /// Reads and parses the settings file at `path`.
    pub fn load(path: &Path) -> Result<SettingsFile, SettingsError> {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| SettingsError {
            file: label.clone(),
            location: None,
            key: None,
            message: format!("cannot read the settings file: {err}"),
        })?;
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        SettingsFile::parse(label, dir, &text)
    }

    /// The package name the file gives, if any.
    pub fn crate_name(&self) -> Option<&str> {
        self.file.package.name.as_ref().map(|name| name.get_ref().as_str())
    }

    fn error<T>(&self, span: Option<std::ops::Range<usize>>, key: impl Into<String>, message: impl Into<String>) -> Result<T, SettingsError> {
        Err(SettingsError {
            file: self.label.clone(),
            location: span.map(|span| line_column(&self.text, span.start)),
            key: Some(key.into()),
            message: message.into(),
        })
    }

    /// The `[pagination]` table as settings: the style it names, with the
    /// keys that style takes and no others.
    fn pagination(&self, pagination: &Pagination) -> Result<PaginationSettings, SettingsError> {
        let pointer = |value: &Spanned<String>, key: &str| {
            if value.get_ref().is_empty() || value.get_ref().starts_with('/') {
                Ok(value.get_ref().clone())
            } else {
                let message = format!("`{}` is not a JSON pointer: one starts with `/` (`/data`)", value.get_ref());
                self.error(Some(value.span()), format!("pagination.{key}"), message)
            }
        };
        let items = match &pagination.items {
            Some(items) => Some(pointer(items, "items")?),
            None => None,
        };
        let keys: [(&str, Option<std::ops::Range<usize>>); 8] = [
            ("cursor", pagination.cursor.as_ref().map(Spanned::span)),
            ("next-cursor", pagination.next_cursor.as_ref().map(Spanned::span)),
            ("has-more", pagination.has_more.as_ref().map(Spanned::span)),
            ("item-id", pagination.item_id.as_ref().map(Spanned::span)),
            ("offset", pagination.offset.as_ref().map(Spanned::span)),
            ("limit", pagination.limit.as_ref().map(Spanned::span)),
            ("page", pagination.page.as_ref().map(Spanned::span)),
            ("first-page", pagination.first_page.as_ref().map(Spanned::span)),
        ];
        let Some(style) = &pagination.style else {
            if let Some((key, span)) = keys.iter().find(|(_, span)| span.is_some()) {
                return self.error(span.clone(), format!("pagination.{key}"), "a key of a paging style without `style`, which names it");
            }
            return Ok(PaginationSettings { style: None, detect: pagination.detect.unwrap_or(true), items });
        };
        let Some((_, allowed, required)) = PAGING_STYLES.iter().find(|(name, _, _)| *name == style.get_ref()) else {
            let names: Vec<String> = PAGING_STYLES.iter().map(|(name, _, _)| format!("`{name}`")).collect();
            let message = format!("no paging style is called `{}`: the styles are {}", style.get_ref(), names.join(", "));
            return self.error(Some(style.span()), "pagination.style", message);
        };
        for (key, span) in &keys {
            if span.is_some() && !allowed.contains(key) {
                let message = format!("the `{}` style does not take `{key}`", style.get_ref());
                return self.error(span.clone(), format!("pagination.{key}"), message);
            }
        }
        for key in allowed.iter().take(*required) {
            if keys.iter().any(|(name, span)| name == key && span.is_none()) {
                let message = format!("the `{}` style needs `{key}`", style.get_ref());
                return self.error(Some(style.span()), "pagination", message);
            }
        }
        let text = |value: &Option<Spanned<String>>| value.as_ref().map(|value| value.get_ref().clone()).unwrap_or_default();
        let optional_pointer = |value: &Option<Spanned<String>>, key: &str| match value {
            Some(value) => pointer(value, key).map(Some),
            None => Ok(None),
        };
        let style = match style.get_ref().as_str() {
            "cursor" => PagingStyle::Cursor {
                request: text(&pagination.cursor),
                next: optional_pointer(&pagination.next_cursor, "next-cursor")?.unwrap_or_default(),
                has_more: optional_pointer(&pagination.has_more, "has-more")?,
            },
            "after-last-item" => PagingStyle::AfterLastItem {
                request: text(&pagination.cursor),
                item_id: pagination.item_id.as_ref().map_or_else(|| "id".to_owned(), |id| id.get_ref().clone()),
                has_more: optional_pointer(&pagination.has_more, "has-more")?.unwrap_or_default(),
            },
            "offset" => PagingStyle::Offset {
                offset: text(&pagination.offset),
                limit: pagination.limit.as_ref().map(|limit| limit.get_ref().clone()),
            },
            "page-number" => PagingStyle::PageNumber {
                page: text(&pagination.page),
                size: pagination.limit.as_ref().map(|limit| limit.get_ref().clone()),
                first: pagination.first_page.as_ref().map_or(1, |first| *first.get_ref()),
            },
            _ => PagingStyle::LinkHeader,
        };
        Ok(PaginationSettings { style: Some(style), detect: pagination.detect.unwrap_or(true), items })
    }

    /// Reads the file at `relative` (to the settings file), for the key `key`.
    fn read(&self, relative: &Spanned<String>, key: &str) -> Result<String, SettingsError> {
        let path = self.dir.join(relative.get_ref());
        std::fs::read_to_string(&path)
            .or_else(|err| self.error(Some(relative.span()), key, format!("cannot read `{}`: {err}", path.display())))
    }

    /// The settings for `spec`: what the file gives, and the defaults of
    /// [`Settings::new`] for the rest, except that the crate is its own
    /// workspace unless the file says otherwise. Without `package.name`,
    /// the package is named after the spec's title.
    pub fn to_settings(&self, spec: &Spec) -> Result<Settings, SettingsError> {
        let file = &self.file;
        let name = match &file.package.name {
            Some(name) if is_package_name(name.get_ref()) => name.get_ref().clone(),
            Some(name) => {
                let message = format!(
                    "`{}` is not a valid package name: lower-case ASCII letters, digits, `-` and `_`, starting with a letter",
                    name.get_ref()
                );
                return self.error(Some(name.span()), "package.name", message);
            }
            None => crate::naming::crate_name(&spec.document.info.title),
        };
        let mut settings = Settings::new(name).with_standalone(file.package.standalone.unwrap_or(true));
        if let Some(version) = &file.package.version {
            settings.crate_version = version.clone();
        }
        settings.description = file.package.description.clone();
        if let Some(license) = &file.package.license {
            settings.license = license.clone();
        }
        if let Some(readme) = &file.package.readme {
            settings.readme = Some(self.read(readme, "package.readme")?);
        }
        settings.client = self.client()?;
        let extensions = &file.extensions;
        settings.extensions = ExtensionSettings {
            group: extensions.group.clone(),
            method: extensions.method.clone(),
            response_key: extensions.response_key.clone(),
            title: extensions.title.clone(),
            undocumented: extensions.undocumented.clone(),
            draft: extensions.draft.clone(),
            deprecated: extensions.deprecated.clone(),
        };
        if let Some(groups) = file.features.groups {
            settings.group_features = groups;
        }
        settings.ungated_groups = file.features.ungated.clone().unwrap_or_default();
        settings.integer_request_properties = file.requests.integers.clone().unwrap_or_default();
        if let Some(feature) = &file.features.undocumented {
            if !is_package_name(feature.get_ref()) {
                let message = format!("`{}` is not a valid Cargo feature name", feature.get_ref());
                return self.error(Some(feature.span()), "features.undocumented", message);
            }
            settings.client.undocumented_feature = feature.get_ref().clone();
        }
        let mut module_names = BTreeSet::new();
        for (index, module) in file.modules.iter().enumerate() {
            let name = module.name.get_ref();
            let key = format!("modules[{index}].name");
            if !is_module_name(name) {
                let message = format!("`{name}` cannot name a module: a lower-case Rust identifier that is no keyword");
                return self.error(Some(module.name.span()), key, message);
            }
            if GENERATED_MODULES.contains(&name.as_str()) || !module_names.insert(name.clone()) {
                return self.error(Some(module.name.span()), key, format!("the crate has a module `{name}` already"));
            }
            let source = self.read(&module.path, &format!("modules[{index}].path"))?;
            let origin = join_label(&self.label, module.path.get_ref());
            settings.extra_modules.push(ExtraModule { name: name.clone(), source, origin, group: module.group.clone() });
        }
        for (name, requirement) in &file.dependencies {
            let text = match requirement.get_ref() {
                toml::Value::String(_) | toml::Value::Table(_) => requirement.get_ref().to_string(),
                _ => {
                    let message = "a dependency is a version requirement (`\"1.0\"`) or a table (`{ version = \"1.0\" }`)";
                    return self.error(Some(requirement.span()), format!("dependencies.{name}"), message);
                }
            };
            settings.extra_dependencies.push((name.clone(), text));
        }
        Ok(settings)
    }

    fn client(&self) -> Result<ClientSettings, SettingsError> {
        let file = &self.file;
        let mut client = ClientSettings {
            base_url: file.client.base_url.clone(),
            base_url_env: file.client.base_url_env.clone(),
            ..ClientSettings::default()
        };
        for (name, value) in file.client.default_headers.iter().flatten() {
            let key = format!("client.default-headers.{name}");
            let Some(value) = value.as_str() else {
                return self.error(None, key, "a header value is a string");
            };
            if !is_header_name(name) {
                return self.error(None, key, format!("`{name}` is not a valid HTTP header name"));
            }
            if !is_header_value(value) {
                return self.error(None, key, "a header value is visible ASCII, spaces and tabs");
            }
            client.default_headers.push((name.clone(), value.to_owned()));
        }
        if let Some(headers) = &file.client.request_id_headers {
            client.request_id_headers = Vec::new();
            for (index, header) in headers.iter().enumerate() {
                if !is_header_name(header.get_ref()) {
                    let message = format!("`{}` is not a valid HTTP header name", header.get_ref());
                    return self.error(Some(header.span()), format!("client.request-id-headers[{index}]"), message);
                }
                client.request_id_headers.push(header.get_ref().clone());
            }
        }
        for (key, pointers, setting) in [
            ("errors.type", &file.errors.r#type, &mut client.error_type_pointers),
            ("errors.message", &file.errors.message, &mut client.error_message_pointers),
        ] {
            let Some(pointers) = pointers else { continue };
            setting.clear();
            for (index, pointer) in pointers.iter().enumerate() {
                if !pointer.get_ref().is_empty() && !pointer.get_ref().starts_with('/') {
                    let message = format!("`{}` is not a JSON pointer: one starts with `/` (`/error/message`)", pointer.get_ref());
                    return self.error(Some(pointer.span()), format!("{key}[{index}]"), message);
                }
                setting.push(pointer.get_ref().clone());
            }
        }
        if let Some(spec_security) = file.client.spec_security {
            client.spec_security = spec_security;
        }
        if let Some(pagination) = &file.pagination {
            client.pagination = self.pagination(pagination)?;
        }
        if let Some(wait) = &file.wait {
            if !is_module_name(wait.method.get_ref()) {
                let message = format!("`{}` cannot name a method: a lower-case Rust identifier", wait.method.get_ref());
                return self.error(Some(wait.method.span()), "wait.method", message);
            }
            client.wait = Some(WaitSettings {
                extension: wait.extension.clone(),
                method: wait.method.get_ref().clone(),
                schema: wait.schema.clone(),
            });
        }
        Ok(client)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        crate::parse_spec("spec.yaml", "openapi: 3.0.0\ninfo: {title: Pet Store, version: '1'}\npaths: {}\n").unwrap()
    }

    fn parse(text: &str) -> Result<SettingsFile, SettingsError> {
        SettingsFile::parse("api.toml", std::env::temp_dir(), text)
    }

    #[test]
    fn an_empty_file_gives_the_defaults_and_a_name_from_the_title() {
        let settings = parse("").unwrap().to_settings(&spec()).unwrap();
        assert_eq!(settings, Settings::new("pet-store").with_standalone(true));
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line_column_and_key() {
        let err = parse("[package]\nname = \"a\"\n\n[client]\nbase-ulr = \"https://x\"\n").unwrap_err();
        assert_eq!(err.location, Some((5, 1)));
        assert_eq!(err.key.as_deref(), Some("client.base-ulr"));
        assert!(err.message.starts_with("unknown field `base-ulr`, expected one of `base-url`"), "{}", err.message);
        assert_eq!(err.to_string().lines().nth(1), Some("  --> api.toml:5:1 (at `client.base-ulr`)"));
        let err = parse("[client]\nspec-security = \"no\"\n").unwrap_err();
        assert_eq!((err.location, err.key.as_deref()), (Some((2, 17)), Some("client.spec-security")));
        let err = parse("[package]\nname = 'a'\n[package]\n").unwrap_err();
        assert_eq!(err.location, Some((3, 2)), "{err}");
    }

    #[test]
    fn each_paging_style_takes_its_own_keys() {
        let settings = |text: &str| parse(text).unwrap().to_settings(&spec()).map(|settings| settings.client.pagination);
        let pagination = settings("[pagination]\nstyle = \"page-number\"\npage = \"p\"\nlimit = \"n\"\nfirst-page = 0\n").unwrap();
        let page_number = PagingStyle::PageNumber { page: "p".to_owned(), size: Some("n".to_owned()), first: 0 };
        assert_eq!(pagination, PaginationSettings { style: Some(page_number), detect: true, items: None });
        let pagination = settings("[pagination]\nstyle = \"after-last-item\"\ncursor = \"after\"\nhas-more = \"/more\"\n").unwrap();
        let after = PagingStyle::AfterLastItem { request: "after".to_owned(), item_id: "id".to_owned(), has_more: "/more".to_owned() };
        assert_eq!(pagination.style, Some(after));
        let pagination = settings("[pagination]\nstyle = \"link-header\"\nitems = \"\"\n").unwrap();
        assert_eq!((pagination.style, pagination.items), (Some(PagingStyle::LinkHeader), Some(String::new())));
        // Without the table, detection is on; `detect = false` alone turns paging off.
        assert_eq!(settings("").unwrap(), PaginationSettings::default());
        assert_eq!(settings("[pagination]\ndetect = false\n").unwrap(), PaginationSettings { style: None, detect: false, items: None });
        for (text, key, problem) in [
            ("style = \"pages\"", "pagination.style", "no paging style is called `pages`: the styles are `cursor`, `after-last-item`"),
            ("style = \"offset\"\noffset = \"o\"\npage = \"p\"", "pagination.page", "the `offset` style does not take `page`"),
            ("style = \"cursor\"\ncursor = \"c\"", "pagination", "the `cursor` style needs `next-cursor`"),
            ("offset = \"o\"", "pagination.offset", "a key of a paging style without `style`"),
            ("style = \"cursor\"\ncursor = \"c\"\nnext-cursor = \"next\"", "pagination.next-cursor", "`next` is not a JSON pointer"),
            ("items = \"data\"", "pagination.items", "`data` is not a JSON pointer"),
        ] {
            let err = settings(&format!("[pagination]\n{text}\n")).unwrap_err();
            assert_eq!(err.key.as_deref(), Some(key), "{text}: {err}");
            assert!(err.message.starts_with(problem), "{text}: {err}");
            assert!(err.location.is_some(), "{text}: {err}");
        }
    }

    #[test]
    fn names_cargo_or_rust_would_refuse_are_errors() {
        let err = parse("[package]\nname = \"ok\"\n").unwrap().to_settings(&spec()).map(|s| s.crate_name);
        assert_eq!(err, Ok("ok".to_owned()));
        let err = parse("[package]\nname = \"my api\"\n").unwrap().to_settings(&spec()).unwrap_err();
        assert!(err.message.contains("not a valid package name"), "{err}");
        assert_eq!((err.location, err.key.as_deref()), (Some((2, 8)), Some("package.name")));
        for (name, problem) in [("my-module", "cannot name a module"), ("types", "has a module `types` already"), ("fn", "cannot name")] {
            let text = format!("[[modules]]\nname = \"{name}\"\npath = \"missing.rs\"\n");
            let err = parse(&text).unwrap().to_settings(&spec()).unwrap_err();
            assert!(err.message.contains(problem), "{name}: {err}");
            assert_eq!(err.key.as_deref(), Some("modules[0].name"));
        }
        let err = parse("[client.default-headers]\n\"bad header\" = \"x\"\n").unwrap().to_settings(&spec()).unwrap_err();
        assert!(err.message.contains("not a valid HTTP header name"), "{err}");
        let err = parse("[dependencies]\nbase64 = 1\n").unwrap().to_settings(&spec()).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("dependencies.base64"));
        let err = parse("[errors]\nmessage = [\"/message\", \"error.message\"]\n").unwrap().to_settings(&spec()).unwrap_err();
        assert!(err.message.contains("`error.message` is not a JSON pointer"), "{err}");
        assert_eq!((err.location, err.key.as_deref()), (Some((2, 24)), Some("errors.message[1]")));
    }

    #[test]
    fn a_missing_module_file_is_located() {
        let err = parse("[[modules]]\nname = \"auth\"\npath = \"no-such-file.rs\"\n").unwrap().to_settings(&spec()).unwrap_err();
        assert_eq!((err.location, err.key.as_deref()), (Some((3, 8)), Some("modules[0].path")));
        assert!(err.message.starts_with("cannot read"), "{err}");
    }

    #[test]
    fn every_key_is_read() {
        let dir = std::env::temp_dir().join(format!("openapi-codegen-settings-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sdk")).unwrap();
        std::fs::write(dir.join("sdk/auth.rs"), "//! Auth.\n").unwrap();
        std::fs::write(dir.join("sdk/README.md"), "# Read me\n").unwrap();
        let text = r#"
            [package]
            name = "my-api"
            version = "1.2.3"
            description = "My API"
            license = "MIT"
            readme = "sdk/README.md"
            standalone = false

            [client]
            base-url = "https://api.example.com"
            base-url-env = "MY_API_URL"
            request-id-headers = ["my-request-id"]
            spec-security = false

            [client.default-headers]
            z-sdk = "rust"
            a-sdk-version = "{crate_version}"

            [extensions]
            group = "x-group"
            method = "x-method"
            response-key = "x-key"
            title = "x-heading"
            undocumented = "x-hidden"
            draft = "x-beta"
            deprecated = "x-old"

            [errors]
            type = ["/problem/kind"]
            message = ["/problem/text", "/detail"]

            [pagination]
            style = "cursor"
            cursor = "cursor"
            next-cursor = "/page/next"
            has-more = "/page/more"
            detect = false

            [wait]
            extension = "x-job"
            method = "wait_for_job"
            schema = "job"

            [features]
            groups = false
            ungated = ["jobs"]
            undocumented = "hidden"

            [[modules]]
            name = "auth"
            path = "sdk/auth.rs"

            [dependencies]
            base64 = { version = "0.22", default-features = false }
            zeta = "0.1"
        "#;
        let settings = SettingsFile::parse("conf/api.toml", &dir, text).unwrap().to_settings(&spec()).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let client = ClientSettings {
            base_url: Some("https://api.example.com".to_owned()),
            base_url_env: Some("MY_API_URL".to_owned()),
            // In the file's order.
            default_headers: vec![("z-sdk".to_owned(), "rust".to_owned()), ("a-sdk-version".to_owned(), crate::CRATE_VERSION.to_owned())],
            request_id_headers: vec!["my-request-id".to_owned()],
            error_type_pointers: vec!["/problem/kind".to_owned()],
            error_message_pointers: vec!["/problem/text".to_owned(), "/detail".to_owned()],
            undocumented_feature: "hidden".to_owned(),
            pagination: PaginationSettings {
                style: Some(PagingStyle::Cursor {
                    request: "cursor".to_owned(),
                    next: "/page/next".to_owned(),
                    has_more: Some("/page/more".to_owned()),
                }),
                detect: false,
                items: None,
            },
            wait: Some(WaitSettings { extension: "x-job".to_owned(), method: "wait_for_job".to_owned(), schema: "job".to_owned() }),
            spec_security: false,
        };
        let extensions = ExtensionSettings {
            group: Some("x-group".to_owned()),
            method: Some("x-method".to_owned()),
            response_key: Some("x-key".to_owned()),
            title: Some("x-heading".to_owned()),
            undocumented: Some("x-hidden".to_owned()),
            draft: Some("x-beta".to_owned()),
            deprecated: Some("x-old".to_owned()),
        };
        let mut expected = Settings::new("my-api")
            .with_crate_version("1.2.3")
            .with_client(client)
            .with_extensions(extensions)
            .with_readme("# Read me\n")
            .with_extra_module(ExtraModule {
                name: "auth".to_owned(),
                source: "//! Auth.\n".to_owned(),
                origin: "conf/sdk/auth.rs".to_owned(),
                group: None,
            })
            .with_extra_dependency("base64", "{ version = \"0.22\", default-features = false }")
            .with_extra_dependency("zeta", "\"0.1\"")
            .with_ungated_group("jobs");
        expected.description = Some("My API".to_owned());
        expected.license = "MIT".to_owned();
        expected.group_features = false;
        assert_eq!(settings, expected);
    }

    #[test]
    fn labels_of_copied_modules_are_relative_to_the_settings_file() {
        assert_eq!(join_label("specs/api.toml", "../sdk/auth.rs"), "sdk/auth.rs");
        assert_eq!(join_label("api.toml", "./sdk/auth.rs"), "sdk/auth.rs");
        assert_eq!(join_label("api.toml", "../auth.rs"), "../auth.rs");
        assert_eq!(join_label("/repo/specs/api.toml", "../../auth.rs"), "/auth.rs");
        assert_eq!(join_label("a\\b.toml", "c.rs"), "a/c.rs");
        assert_eq!(join_label("a/b.toml", "/abs/c.rs"), "/abs/c.rs");
    }
}
