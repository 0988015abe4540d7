//! Problems found in a spec, collected over a whole run.
//!
//! Lowering never stops at the first problem: every phase reports into one
//! [`Diagnostics`] context, and the run fails once, at the end, listing all
//! of them (the way `serde_derive` collects errors in its `Ctxt`).

use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Nothing is generated while any error is reported.
    Error,
    /// Code is generated, with the documented fallback the message names.
    Warning,
    /// Something the generator decided from the spec that a user may want
    /// to know (which endpoints page, and how): not a problem.
    Note,
}

/// What a kind of problem is about: the whole document, or a place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The document as a whole (it is not YAML, not OpenAPI 3.0): it may
    /// point at the root.
    Document,
    /// A place below the root, which it points at.
    Place,
}

/// Declares [`DiagnosticKind`] from one table (variant, code, severity,
/// scope), so that [`DiagnosticKind::ALL`] cannot miss a variant.
macro_rules! diagnostic_kinds {
    ($($(#[doc = $doc:literal])+ $variant:ident = $code:literal, $severity:ident, $scope:ident;)+) => {
        /// What a [`Diagnostic`] is about. Every fallback the generator
        /// takes has a kind of its own; errors of one nature (a `$ref` that
        /// points nowhere, whatever it should point at) share one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum DiagnosticKind {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl DiagnosticKind {
            /// Every kind, in the order of declaration.
            pub const ALL: &'static [DiagnosticKind] = &[$(DiagnosticKind::$variant,)+];

            /// The stable code of the kind, printed in brackets after the
            /// severity (`warning[not]: …`).
            pub fn code(self) -> &'static str {
                match self {
                    $(DiagnosticKind::$variant => $code,)+
                }
            }

            /// Whether a problem of this kind stops generation.
            pub fn severity(self) -> Severity {
                match self {
                    $(DiagnosticKind::$variant => Severity::$severity,)+
                }
            }

            /// Whether a problem of this kind is about the document as a
            /// whole (it is not YAML, not OpenAPI 3.0), so that it may point
            /// at the root; every other kind points below it.
            pub fn is_whole_document(self) -> bool {
                let scope = match self {
                    $(DiagnosticKind::$variant => Scope::$scope,)+
                };
                scope == Scope::Document
            }
        }
    };
}

diagnostic_kinds! {
    /// The spec file cannot be read.
    Unreadable = "unreadable", Error, Document;
    /// The text is not valid YAML (or its merge keys are).
    NotYaml = "not-yaml", Error, Document;
    /// The text looks like JSON and is not valid JSON.
    NotJson = "not-json", Error, Document;
    /// A YAML value JSON cannot hold (a number too large, a key that is not a scalar).
    NotJsonValue = "not-json-value", Error, Place;
    /// The document is not a mapping, or has no `openapi` field.
    NotOpenApi = "not-openapi", Error, Document;
    /// A version of Swagger or OpenAPI other than 2.0, 3.0 and 3.1.
    UnsupportedVersion = "unsupported-version", Error, Document;
    /// The document breaks the structure of its version of OpenAPI.
    InvalidStructure = "invalid-structure", Error, Place;
    /// A `$ref` to another file or a URL.
    ExternalRef = "external-ref", Error, Place;
    /// A `$ref` that points at nothing of the kind it needs.
    DanglingRef = "dangling-ref", Error, Place;
    /// The `$ref`s of a security scheme go round in a loop (or go on too long).
    RefLoop = "ref-loop", Error, Place;
    /// A schema that merges itself through `allOf`.
    SelfMerge = "self-merge", Error, Place;
    /// A document nested deeper than the generator reads, or schemas
    /// lowered inside each other deeper than it follows.
    NestingTooDeep = "nesting-too-deep", Error, Place;
    /// `allOf` parts (through `$ref`s) nested deeper than the generator merges.
    AllOfTooDeep = "all-of-too-deep", Error, Place;
    /// A bug of the generator, never a problem of the spec.
    Internal = "internal", Error, Place;
    /// A hand-written module the settings compile with a group of endpoints
    /// the spec does not have as a group with a Cargo feature.
    UnknownGroup = "unknown-group", Error, Document;
    /// A name in the settings that the crate cannot use: a hand-written
    /// module or a waiting method that is not a Rust identifier (the
    /// settings file refuses them; a library caller's [`Settings`](crate::Settings) may not).
    InvalidName = "invalid-name", Error, Document;
    /// An integer in the text beyond 64 bits, read as a floating-point number.
    BigInteger = "big-integer", Warning, Place;
    /// A `jsonSchemaDialect` other than JSON Schema 2020-12.
    UnknownDialect = "unknown-dialect", Warning, Place;
    /// `info.title` or `info.version` is missing.
    MissingInfo = "missing-info", Warning, Place;
    /// A webhook whose request body `$ref` points at no request body.
    DanglingWebhookBody = "dangling-webhook-body", Warning, Place;
    /// A numeric bound that is not a whole number of at most 64 bits
    /// where one is needed, or beyond 64-bit integers.
    UnusableBound = "unusable-bound", Warning, Place;
    /// `$dynamicRef`, resolved as a plain `$ref`.
    DynamicRef = "dynamic-ref", Warning, Place;
    /// `prefixItems`: a tuple, generated as a list.
    Tuple = "tuple", Warning, Place;
    /// `if`/`then`/`else` or `dependentSchemas`, which cannot be typed.
    ConditionalSchema = "conditional-schema", Warning, Place;
    /// A Swagger 2.0 OAuth2 flow of an unknown name.
    UnknownOAuthFlow = "unknown-oauth-flow", Warning, Place;
    /// A Swagger 2.0 security scheme of an unknown type.
    UnknownSecuritySchemeType = "unknown-security-scheme-type", Warning, Place;
    /// A Swagger 2.0 operation with both `body` and `formData` parameters.
    BodyAndFormData = "body-and-form-data", Warning, Place;
    /// A Swagger 2.0 `collectionFormat` OpenAPI 3.0 cannot say.
    CollectionFormat = "collection-format", Warning, Place;
    /// An inline schema that merges, through `allOf`, a schema around it.
    SelfContaining = "self-containing", Warning, Place;
    /// A `not` schema.
    Not = "not", Warning, Place;
    /// An `enum` whose values are not all strings or all integers.
    MixedEnum = "mixed-enum", Warning, Place;
    /// A `type` OpenAPI 3.0 does not define.
    UnknownType = "unknown-type", Warning, Place;
    /// A `required` property that `properties` does not list.
    RequiredNotAProperty = "required-not-a-property", Warning, Place;
    /// An `allOf` part that is not an object.
    AllOfNonObject = "all-of-non-object", Warning, Place;
    /// A `discriminator` whose variants are not all objects with a string tag.
    UnusableDiscriminator = "unusable-discriminator", Warning, Place;
    /// A variant that gives no value for the discriminator.
    MissingDiscriminatorValue = "missing-discriminator-value", Warning, Place;
    /// Two variants with one value of the discriminator.
    DuplicateDiscriminatorValue = "duplicate-discriminator-value", Warning, Place;
    /// A parameter given by `content` rather than `schema`.
    ContentParameter = "content-parameter", Warning, Place;
    /// A path placeholder (`{id}`) that no path parameter declares.
    UndeclaredPathParameter = "undeclared-path-parameter", Warning, Place;
    /// A path parameter that no placeholder of the path names.
    UnusedPathParameter = "unused-path-parameter", Warning, Place;
    /// `format: binary` parts of a multipart body.
    BinaryMultipartPart = "binary-multipart-part", Warning, Place;
    /// A form or multipart body that is not an object of known properties.
    UntypedFormBody = "untyped-form-body", Warning, Place;
    /// An API key named what its place cannot carry.
    InvalidApiKeyName = "invalid-api-key-name", Warning, Place;
    /// An HTTP authentication scheme other than `bearer` and `basic`.
    UnsupportedHttpScheme = "unsupported-http-scheme", Warning, Place;
    /// A security requirement that names an undefined scheme.
    UndefinedSecurityScheme = "undefined-security-scheme", Warning, Place;
    /// `items` without `type: array`, which allows values of other types.
    ItemsWithoutType = "items-without-type", Warning, Place;
    /// Keywords beside a `$ref` of an OpenAPI 3.0 document, which it ignores.
    RefSiblings = "ref-siblings", Warning, Place;
    /// A `204` or `205` response that declares a body, which HTTP forbids.
    ContentOnNoContent = "content-on-no-content", Warning, Place;
    /// Which endpoints page, and how (one note per way of paging).
    Paging = "paging", Note, Place;
    /// A list endpoint that shows more than one common way of paging, so
    /// that none is chosen.
    AmbiguousPaging = "ambiguous-paging", Note, Place;
}

/// One problem, located in the spec by a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What the problem is about.
    pub kind: DiagnosticKind,
    /// Whether the problem stops generation (the kind's severity).
    pub severity: Severity,
    /// The spec file, as the caller named it.
    pub file: String,
    /// A JSON pointer fragment into the spec, such as
    /// `#/components/schemas/connected_account/properties/errors`.
    pub pointer: String,
    /// What is wrong, lowercase and without a trailing dot.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{label}[{}]: {}\n  --> {}{}", self.kind.code(), self.message, self.file, self.pointer)
    }
}

/// The context every phase reports problems into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    file: String,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Starts an empty context for problems found in `file`.
    pub fn new(file: impl Into<String>) -> Diagnostics {
        Diagnostics { file: file.into(), items: Vec::new() }
    }

    /// Records a problem of `kind`: an error stops generation, a warning
    /// names the fallback generation takes.
    pub fn report(&mut self, kind: DiagnosticKind, pointer: &Pointer, message: impl Into<String>) {
        let file = self.file.clone();
        self.report_in(&file, kind, pointer, message);
    }

    /// Records a problem of `kind` at a place of another file of the spec
    /// than the one the context is for (a part of a spec split over files).
    pub fn report_in(&mut self, file: &str, kind: DiagnosticKind, pointer: &Pointer, message: impl Into<String>) {
        self.items.push(Diagnostic {
            kind,
            severity: kind.severity(),
            file: file.to_owned(),
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// Whether any error has been recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|item| item.severity == Severity::Error)
    }

    /// Ends the run: the warnings when there was no error, all problems
    /// otherwise.
    pub fn finish(mut self) -> Result<Vec<Diagnostic>, Error> {
        self.items.sort_by(|a, b| (a.severity, &a.pointer).cmp(&(b.severity, &b.pointer)));
        self.items.dedup();
        if self.has_errors() {
            Err(Error { diagnostics: self.items })
        } else {
            Ok(self.items)
        }
    }
}

/// A failed run: every problem found, errors first.
#[derive(Debug, thiserror::Error)]
pub struct Error {
    /// All problems of the run, errors first, then warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// An error made of a single problem.
    pub fn single(file: &str, kind: DiagnosticKind, pointer: &Pointer, message: impl Into<String>) -> Error {
        let mut diagnostics = Diagnostics::new(file);
        diagnostics.report(kind, pointer, message);
        Error { diagnostics: diagnostics.items }
    }

    /// How many of the problems are errors.
    pub fn n_errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        let n_errors = self.n_errors();
        write!(f, "{n_errors} error{} in the spec, nothing generated", if n_errors == 1 { "" } else { "s" })
    }
}

/// A JSON pointer into the spec (RFC 6901), shown as a URI fragment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document.
    pub fn root() -> Pointer {
        Pointer(String::new())
    }

    /// Parses a local `$ref` such as `#/components/schemas/device`.
    pub fn from_fragment(fragment: &str) -> Option<Pointer> {
        let rest = fragment.strip_prefix('#')?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        Some(Pointer(rest.to_owned()))
    }

    /// The pointer one level down, at `segment` (escaped as RFC 6901 asks).
    pub fn join(&self, segment: impl fmt::Display) -> Pointer {
        let segment = segment.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{segment}", self.0))
    }

    /// The pointer without the leading `#`, as `serde_json::Value::pointer` takes it.
    pub fn as_json_pointer(&self) -> &str {
        &self.0
    }

    /// The unescaped segments of the pointer.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(|segment| segment.replace("~1", "/").replace("~0", "~"))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        let pointer = Pointer::root().join("paths").join("/connected_accounts/update").join("a~b");
        assert_eq!(pointer.to_string(), "#/paths/~1connected_accounts~1update/a~0b");
        let segments: Vec<String> = pointer.segments().collect();
        assert_eq!(segments, ["paths", "/connected_accounts/update", "a~b"]);
    }

    #[test]
    fn every_kind_has_its_own_code_and_only_errors_are_about_the_whole_document() {
        let codes: std::collections::BTreeSet<&str> = DiagnosticKind::ALL.iter().map(|kind| kind.code()).collect();
        assert_eq!(codes.len(), DiagnosticKind::ALL.len());
        for kind in DiagnosticKind::ALL {
            assert!(kind.code().bytes().all(|byte| byte.is_ascii_lowercase() || byte == b'-'), "{kind:?}");
            assert!(!kind.is_whole_document() || kind.severity() == Severity::Error, "{kind:?}");
        }
    }

    #[test]
    fn a_diagnostic_shows_its_kind_and_place() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        diagnostics.report(DiagnosticKind::Not, &Pointer::root().join("components"), "a warning");
        let warnings = diagnostics.finish().unwrap();
        assert_eq!(warnings[0].severity, Severity::Warning);
        assert_eq!(warnings[0].to_string(), "warning[not]: a warning\n  --> spec.yaml#/components");
    }

    #[test]
    fn errors_are_listed_before_warnings_and_counted() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        diagnostics.report(DiagnosticKind::Not, &Pointer::root().join("a"), "a warning");
        diagnostics.report(DiagnosticKind::DanglingRef, &Pointer::root().join("b"), "an error");
        let error = diagnostics.finish().unwrap_err();
        assert_eq!(error.diagnostics[0].severity, Severity::Error);
        assert_eq!(error.n_errors(), 1);
        assert!(error.to_string().ends_with("1 error in the spec, nothing generated"));
    }
}
