//! Lowering `components/securitySchemes` and the `security` requirements
//! of the document and of each operation.
//!
//! Every scheme the client can send becomes a [`SecurityScheme`] with the
//! name of the `ClientBuilder` method that sets its credential. API keys
//! go in a header, the query or a cookie; HTTP `bearer`, OAuth2 and OpenID
//! Connect all send a token the caller got (`Authorization: Bearer …`);
//! HTTP `basic` sends a user name and a password. Other HTTP schemes
//! (`digest`, …) cannot be sent from a fixed credential and are left out
//! with a warning.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{APIKeyLocation, Operation, ReferenceOr, SecurityRequirement, SecurityScheme as SpecScheme};

use super::{Lowering, MAX_REF_DEPTH};
use crate::diagnostics::{DiagnosticKind, Pointer};
use crate::ir::{ApiKeyLocation, Docs, SecurityKind, SecurityScheme};
use crate::naming::{self, Namespace};

/// The methods of the traits `ClientBuilder` implements, which a scheme's
/// method must not take, beside its own ([`crate::naming::own_methods`]).
const BUILDER_TRAIT_METHODS: &[&str] = &["default", "clone", "clone_from", "fmt"];

/// What endpoints need to know of the security schemes.
#[derive(Debug, Default)]
pub(super) struct SecurityIndex<'s> {
    /// Whether the spec's security is lowered at all (the settings may
    /// leave it to hand-written code).
    enabled: bool,
    /// The index in `Api::security_schemes` of each scheme the client sends, by key.
    schemes: BTreeMap<&'s str, usize>,
    /// Schemes the spec defines but the client cannot send, already warned about.
    left_out: BTreeSet<&'s str>,
    /// The alternatives of the document's own `security`, for operations
    /// that do not give theirs.
    default: Vec<Vec<usize>>,
}

/// Whether `name` can be the name of a header or a cookie (an HTTP token).
fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

impl<'s> Lowering<'s, '_> {
    /// Lowers `components/securitySchemes`, and the document's `security`
    /// that operations fall back to.
    pub(super) fn lower_security_schemes(&mut self) -> Vec<SecurityScheme> {
        self.security.enabled = true;
        let spec = self.spec;
        let mut schemes = Vec::new();
        if let Some(components) = &spec.document.components {
            let base = Pointer::root().join("components").join("securitySchemes");
            let mut methods = Namespace::default();
            for reserved in BUILDER_TRAIT_METHODS.iter().copied().chain(self.builder_methods.iter().map(String::as_str)) {
                methods.claim(reserved, "_");
            }
            for (key, scheme) in &components.security_schemes {
                let pointer = base.join(key);
                let Some(scheme) = self.resolve_security_scheme(scheme, &pointer) else {
                    self.security.left_out.insert(key);
                    continue;
                };
                let Some((kind, description)) = self.security_kind(scheme, &pointer) else {
                    self.security.left_out.insert(key);
                    continue;
                };
                self.security.schemes.insert(key, schemes.len());
                schemes.push(SecurityScheme {
                    key: key.clone(),
                    method: methods.claim(&naming::field_name(key), "_"),
                    kind,
                    docs: Docs { description: description.cloned(), ..Docs::default() },
                });
            }
        }
        if let Some(requirements) = &spec.document.security {
            self.security.default = self.lower_requirements(requirements, &Pointer::root().join("security"));
        }
        schemes
    }

    /// The alternatives of credentials `operation` needs: its own
    /// `security`, or else the document's.
    pub(super) fn lower_operation_security(&mut self, operation: &'s Operation, pointer: &Pointer) -> Vec<Vec<usize>> {
        if !self.security.enabled {
            return Vec::new();
        }
        match &operation.security {
            Some(requirements) => self.lower_requirements(requirements, &pointer.join("security")),
            None => self.security.default.clone(),
        }
    }

    /// The scheme a `$ref` in `components/securitySchemes` points at.
    fn resolve_security_scheme(&mut self, scheme: &'s ReferenceOr<SpecScheme>, pointer: &Pointer) -> Option<&'s SpecScheme> {
        let spec = self.spec;
        let mut current = scheme;
        for _ in 0..MAX_REF_DEPTH {
            let reference = match current {
                ReferenceOr::Item(scheme) => return Some(scheme),
                ReferenceOr::Reference { reference } => reference,
            };
            let target = reference
                .strip_prefix("#/components/securitySchemes/")
                .map(|name| name.replace("~1", "/").replace("~0", "~"))
                .and_then(|name| spec.document.components.as_ref()?.security_schemes.get(&name));
            match target {
                Some(target) => current = target,
                None => {
                    let message = format!("`$ref: {reference}` points at no security scheme");
                    self.diagnostics.report(DiagnosticKind::DanglingRef, pointer, message);
                    return None;
                }
            }
        }
        let message = format!("the `$ref`s of this security scheme point at each other in a loop, or more than {MAX_REF_DEPTH} deep");
        self.diagnostics.report(DiagnosticKind::RefLoop, pointer, message);
        None
    }

    /// What the client sends for `scheme`, with the scheme's description;
    /// `None`, with a warning, for a scheme it cannot send.
    fn security_kind(&mut self, scheme: &'s SpecScheme, pointer: &Pointer) -> Option<(SecurityKind, Option<&'s String>)> {
        const LEFT_OUT: &str = "the scheme is left out, and operations that need it are sent without its credential";
        match scheme {
            SpecScheme::APIKey { location, name, description, .. } => {
                let location = match location {
                    APIKeyLocation::Header => ApiKeyLocation::Header,
                    APIKeyLocation::Query => ApiKeyLocation::Query,
                    APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                };
                let valid = match location {
                    ApiKeyLocation::Header | ApiKeyLocation::Cookie => is_token(name),
                    ApiKeyLocation::Query => !name.is_empty(),
                };
                if !valid {
                    let message = format!("`{name}` cannot be the name of an API key in this place: {LEFT_OUT}");
                    self.diagnostics.report(DiagnosticKind::InvalidApiKeyName, &pointer.join("name"), message);
                    return None;
                }
                Some((SecurityKind::ApiKey { location, name: name.clone() }, description.as_ref()))
            }
            SpecScheme::HTTP { scheme: http_scheme, bearer_format, description, .. } => {
                match http_scheme.to_ascii_lowercase().as_str() {
                    "bearer" => Some((SecurityKind::Bearer { format: bearer_format.clone() }, description.as_ref())),
                    "basic" => Some((SecurityKind::Basic, description.as_ref())),
                    other => {
                        let message = format!("the HTTP authentication scheme `{other}` is not supported: {LEFT_OUT}");
                        self.diagnostics.report(DiagnosticKind::UnsupportedHttpScheme, &pointer.join("scheme"), message);
                        None
                    }
                }
            }
            // The caller gets an access token through the flow and passes it.
            SpecScheme::OAuth2 { description, .. } | SpecScheme::OpenIDConnect { description, .. } => {
                Some((SecurityKind::Bearer { format: None }, description.as_ref()))
            }
        }
    }

    /// The alternatives of a `security` list: each requirement's schemes,
    /// by index. A requirement that names an undefined scheme is left out
    /// with a warning; an empty one (no credentials needed) comes last.
    fn lower_requirements(&mut self, requirements: &'s [SecurityRequirement], pointer: &Pointer) -> Vec<Vec<usize>> {
        let mut alternatives: Vec<Vec<usize>> = Vec::new();
        let mut optional = false;
        for (index, requirement) in requirements.iter().enumerate() {
            if requirement.is_empty() {
                optional = true;
                continue;
            }
            let mut alternative = Vec::new();
            let mut complete = true;
            for key in requirement.keys() {
                match self.security.schemes.get(key.as_str()) {
                    Some(scheme) => alternative.push(*scheme),
                    // Warned about where the scheme is defined.
                    None if self.security.left_out.contains(key.as_str()) => complete = false,
                    None => {
                        let message = format!(
                            "the security requirement names `{key}`, which `components/securitySchemes` does not define: this alternative is left out"
                        );
                        self.diagnostics.report(DiagnosticKind::UndefinedSecurityScheme, &pointer.join(index).join(key), message);
                        complete = false;
                    }
                }
            }
            if complete && !alternatives.contains(&alternative) {
                alternatives.push(alternative);
            }
        }
        if optional && !alternatives.is_empty() {
            alternatives.push(Vec::new());
        }
        alternatives
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(text: &str, spec_security: bool) -> (crate::ir::Api, Vec<String>) {
        let spec = crate::parse_spec("t.yaml", text).unwrap();
        let mut settings = crate::Settings::new("t");
        settings.client.spec_security = spec_security;
        let (api, warnings) = crate::lower(&spec, &settings).unwrap();
        (api, warnings.iter().map(ToString::to_string).collect())
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
security: [{api_key: []}, {oauth: [read]}]
paths:
  /default: {get: {responses: {"200": {description: OK}}}}
  /own: {get: {security: [{basic: [], Api-Key: []}, {oauth: []}], responses: {"200": {description: OK}}}}
  /none: {get: {security: [], responses: {"200": {description: OK}}}}
  /anonymous: {get: {security: [{}], responses: {"200": {description: OK}}}}
  /optional: {get: {security: [{}, {api_key: []}], responses: {"200": {description: OK}}}}
  /missing: {get: {security: [{nowhere: []}, {digest: []}, {api_key: []}], responses: {"200": {description: OK}}}}
components:
  securitySchemes:
    api_key: {type: apiKey, in: header, name: X-API-Key, description: The key.}
    Api-Key: {type: apiKey, in: query, name: key}
    build: {type: apiKey, in: cookie, name: session}
    basic: {type: http, scheme: Basic}
    oauth: {type: oauth2, flows: {implicit: {authorizationUrl: "https://a.example", scopes: {read: Read.}}}}
    digest: {type: http, scheme: digest}
    alias: {$ref: "#/components/securitySchemes/basic"}
"##;

    #[test]
    fn schemes_get_kinds_and_builder_methods() {
        let (api, warnings) = lower(SPEC, true);
        let schemes: Vec<(&str, &str, &SecurityKind)> =
            api.security_schemes.iter().map(|scheme| (scheme.key.as_str(), scheme.method.as_str(), &scheme.kind)).collect();
        let header = SecurityKind::ApiKey { location: ApiKeyLocation::Header, name: "X-API-Key".to_owned() };
        let query = SecurityKind::ApiKey { location: ApiKeyLocation::Query, name: "key".to_owned() };
        let cookie = SecurityKind::ApiKey { location: ApiKeyLocation::Cookie, name: "session".to_owned() };
        let bearer = SecurityKind::Bearer { format: None };
        // The loader sorts the keys of maps, so schemes come in the order of their keys.
        assert_eq!(
            schemes,
            [
                ("Api-Key", "api_key", &query),
                ("alias", "alias", &SecurityKind::Basic),
                // Names are unique, and never one `ClientBuilder` has.
                ("api_key", "api_key_2", &header),
                ("basic", "basic", &SecurityKind::Basic),
                ("build", "build_2", &cookie),
                ("oauth", "oauth", &bearer),
            ]
        );
        assert_eq!(api.security_schemes[2].docs.description.as_deref(), Some("The key."));
        assert!(warnings.iter().any(|warning| warning.contains("/components/securitySchemes/digest/scheme")), "{warnings:?}");
    }

    #[test]
    fn requirements_become_alternatives() {
        let (api, warnings) = lower(SPEC, true);
        let security: BTreeMap<&str, &Vec<Vec<usize>>> =
            api.endpoints.iter().map(|endpoint| (endpoint.path.as_str(), &endpoint.security)).collect();
        assert_eq!(security["/default"], &vec![vec![2], vec![5]]);
        assert_eq!(security["/own"], &vec![vec![0, 3], vec![5]]);
        assert_eq!(security["/none"], &Vec::<Vec<usize>>::new());
        assert_eq!(security["/anonymous"], &Vec::<Vec<usize>>::new());
        // Credentials are sent when the client has them, and not needed.
        assert_eq!(security["/optional"], &vec![vec![2], vec![]]);
        // An undefined scheme is warned about; one left out already was.
        assert_eq!(security["/missing"], &vec![vec![2]]);
        let missing: Vec<&String> = warnings.iter().filter(|warning| warning.contains("does not define")).collect();
        assert_eq!(missing.len(), 1, "{warnings:?}");
        assert!(missing[0].contains("/paths/~1missing/get/security/0/nowhere"), "{missing:?}");
    }

    #[test]
    fn references_that_point_nowhere_are_errors() {
        let text = SPEC.replace("#/components/securitySchemes/basic", "#/components/securitySchemes/nothing");
        let spec = crate::parse_spec("t.yaml", &text).unwrap();
        let err = crate::lower(&spec, &crate::Settings::new("t")).unwrap_err();
        assert!(err.to_string().contains("/components/securitySchemes/alias"), "{err}");
    }

    #[test]
    fn the_setting_leaves_security_out() {
        let (api, warnings) = lower(SPEC, false);
        assert!(api.security_schemes.is_empty());
        assert!(api.endpoints.iter().all(|endpoint| endpoint.security.is_empty()));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn own_methods_are_read_from_the_runtime_and_the_hand_written_modules() {
        let mut settings = crate::Settings::new("t");
        let builder = crate::naming::own_methods("ClientBuilder", &settings);
        for method in ["new", "base_url", "bearer_token", "timeout", "retry_options", "wait_options", "http_client", "build"] {
            assert!(builder.contains(method), "`ClientBuilder::{method}` is not reserved: {builder:?}");
        }
        let client = crate::naming::own_methods("Client", &settings);
        for method in ["builder", "base_url", "wait_options", "send"] {
            assert!(client.contains(method), "`Client::{method}` is not reserved: {client:?}");
        }
        settings.extra_modules.push(crate::ExtraModule {
            name: "auth".to_owned(),
            source: "impl Client { pub fn from_env() -> Client { todo!() } }\nimpl std::fmt::Display for Client {}".to_owned(),
            origin: "auth.rs".to_owned(),
            group: None,
        });
        let client = crate::naming::own_methods("Client", &settings);
        assert!(client.contains("from_env"), "{client:?}");
        // A group or scheme of that name is renamed.
        let mut names = crate::naming::Namespace::default();
        for reserved in &client {
            names.claim(reserved, "_");
        }
        assert_ne!(names.claim("from_env", "_"), "from_env");
        assert_ne!(names.claim("wait_options", "_"), "wait_options");
    }
}
