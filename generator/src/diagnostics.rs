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
}

/// One problem, located in the spec by a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether the problem stops generation.
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
        };
        write!(f, "{label}: {}\n  --> {}{}", self.message, self.file, self.pointer)
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

    /// Records a problem that stops generation.
    pub fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(Severity::Error, pointer, message.into());
    }

    /// Records a problem that generation works around.
    pub fn warning(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(Severity::Warning, pointer, message.into());
    }

    fn push(&mut self, severity: Severity, pointer: &Pointer, message: String) {
        self.items.push(Diagnostic {
            severity,
            file: self.file.clone(),
            pointer: pointer.to_string(),
            message,
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
    pub fn single(file: &str, pointer: &Pointer, message: impl Into<String>) -> Error {
        let mut diagnostics = Diagnostics::new(file);
        diagnostics.error(pointer, message);
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
    fn errors_are_listed_before_warnings_and_counted() {
        let mut diagnostics = Diagnostics::new("spec.yaml");
        diagnostics.warning(&Pointer::root().join("a"), "a warning");
        diagnostics.error(&Pointer::root().join("b"), "an error");
        let error = diagnostics.finish().unwrap_err();
        assert_eq!(error.diagnostics[0].severity, Severity::Error);
        assert_eq!(error.n_errors(), 1);
        assert!(error.to_string().ends_with("1 error in the spec, nothing generated"));
    }
}
