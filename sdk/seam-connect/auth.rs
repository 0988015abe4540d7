//! Seam's ways to authenticate, as its official SDKs offer them: an API
//! key, a personal access token with a workspace id, a client session
//! token, or a console session token with a workspace id. Hand-written for
//! the Seam crate; `cargo xtask codegen` copies it in.
//!
//! A credential of the wrong kind (a client session token given as an API
//! key, say) is refused when the client is built, before any request is
//! sent. Credentials never appear in errors or `Debug` output.

// No input (a server's answer, a credential, a webhook) makes this module
// panic: outside tests, nothing here unwraps, indexes out of range or
// gives up with a macro (the lints of `generator/runtime/mod.rs`).
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented,
        clippy::unreachable,
        clippy::string_slice,
    )
)]

use crate::{Client, ClientBuilder, Error, Secret};

const API_KEY_ENV: &str = "SEAM_API_KEY";
const PERSONAL_ACCESS_TOKEN_ENV: &str = "SEAM_PERSONAL_ACCESS_TOKEN";
const WORKSPACE_ID_ENV: &str = "SEAM_WORKSPACE_ID";

/// The header that names the workspace for credentials that span several.
const WORKSPACE_HEADER: &str = "seam-workspace";
/// The header that carries a client session token beside `Authorization`.
const CLIENT_SESSION_TOKEN_HEADER: &str = "client-session-token";
/// The header that carries a publishable key.
const PUBLISHABLE_KEY_HEADER: &str = "seam-publishable-key";

/// The kind of a Seam credential, told by its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenKind {
    /// `seam_…`: an API key, scoped to one workspace.
    ApiKey,
    /// `seam_at…`: a personal access token, used with a workspace id.
    PersonalAccessToken,
    /// `seam_cst…`: a client session token.
    ClientSessionToken,
    /// `seam_pk…`: a publishable key, exchanged for a client session token.
    PublishableKey,
    /// A JWT (`ey…`): a console session token, used with a workspace id.
    ConsoleSessionToken,
    /// None of the above.
    Unknown,
}

impl TokenKind {
    /// The kind of `token`.
    pub fn of(token: &str) -> TokenKind {
        if token.starts_with("seam_cst") {
            TokenKind::ClientSessionToken
        } else if token.starts_with("seam_at") {
            TokenKind::PersonalAccessToken
        } else if token.starts_with("seam_pk") {
            TokenKind::PublishableKey
        } else if token.starts_with("ey") {
            TokenKind::ConsoleSessionToken
        } else if token.starts_with("seam_") {
            TokenKind::ApiKey
        } else {
            TokenKind::Unknown
        }
    }

    fn name(self) -> &'static str {
        match self {
            TokenKind::ApiKey => "an API key",
            TokenKind::PersonalAccessToken => "a personal access token",
            TokenKind::ClientSessionToken => "a client session token",
            TokenKind::PublishableKey => "a publishable key",
            TokenKind::ConsoleSessionToken => "a console session token (JWT)",
            TokenKind::Unknown => "a token of unknown format",
        }
    }
}

/// Why `token` cannot be used as `expected`, if it cannot. The token
/// itself is never part of the message.
fn misuse(token: &Secret, expected: TokenKind) -> Option<String> {
    let kind = TokenKind::of(token.expose());
    if kind == expected {
        return None;
    }
    let hint = match kind {
        TokenKind::ApiKey => " (use `api_key`)",
        TokenKind::PersonalAccessToken => " (use `personal_access_token` with a workspace id)",
        TokenKind::ClientSessionToken => " (use `client_session_token`)",
        TokenKind::ConsoleSessionToken => " (use `console_session_token` with a workspace id)",
        TokenKind::PublishableKey | TokenKind::Unknown => "",
    };
    Some(format!("{} cannot be used as {}{hint}", kind.name(), expected.name()))
}

fn require_workspace(builder: ClientBuilder, workspace_id: String) -> ClientBuilder {
    if workspace_id.trim().is_empty() {
        return builder.refuse("a workspace id is required with this kind of credential");
    }
    builder.header(WORKSPACE_HEADER, workspace_id)
}

impl ClientBuilder {
    /// Authenticates with an API key (`seam_…`), as `Authorization: Bearer`.
    pub fn api_key(self, api_key: impl Into<Secret>) -> ClientBuilder {
        let api_key = api_key.into();
        match misuse(&api_key, TokenKind::ApiKey) {
            Some(message) => self.refuse(message),
            None => self.bearer_token(api_key),
        }
    }

    /// Authenticates with a personal access token (`seam_at…`) in the
    /// workspace `workspace_id`.
    pub fn personal_access_token(self, token: impl Into<Secret>, workspace_id: impl Into<String>) -> ClientBuilder {
        let token = token.into();
        match misuse(&token, TokenKind::PersonalAccessToken) {
            Some(message) => self.refuse(message),
            None => require_workspace(self.bearer_token(token), workspace_id.into()),
        }
    }

    /// Authenticates with a client session token (`seam_cst…`).
    pub fn client_session_token(self, token: impl Into<Secret>) -> ClientBuilder {
        let token = token.into();
        match misuse(&token, TokenKind::ClientSessionToken) {
            Some(message) => self.refuse(message),
            None => self.bearer_token(token.clone()).secret_header(CLIENT_SESSION_TOKEN_HEADER, token),
        }
    }

    /// Authenticates with a personal access token (`seam_at…`) or a console
    /// session token (a JWT) alone, in no workspace: for what spans
    /// workspaces, listing and creating them (`client.workspaces().list()`,
    /// `…create(..)`), as `SeamHttpWithoutWorkspace` of Seam's JavaScript
    /// SDK. Endpoints of one workspace answer such a client with an error.
    pub fn without_workspace(self, token: impl Into<Secret>) -> ClientBuilder {
        let token = token.into();
        match TokenKind::of(token.expose()) {
            TokenKind::PersonalAccessToken | TokenKind::ConsoleSessionToken => self.bearer_token(token),
            kind => self.refuse(format!(
                "{} cannot be used without a workspace (a personal access token or a console session token can)",
                kind.name()
            )),
        }
    }

    /// Authenticates with a console session token (a JWT) in the workspace
    /// `workspace_id`.
    pub fn console_session_token(self, token: impl Into<Secret>, workspace_id: impl Into<String>) -> ClientBuilder {
        let token = token.into();
        match misuse(&token, TokenKind::ConsoleSessionToken) {
            Some(message) => self.refuse(message),
            None => require_workspace(self.bearer_token(token), workspace_id.into()),
        }
    }
}

impl Client {
    /// A client authenticated with an API key.
    pub fn from_api_key(api_key: impl Into<Secret>) -> Result<Client, Error> {
        Client::builder().api_key(api_key).build()
    }

    /// A client authenticated with a personal access token in a workspace.
    pub fn from_personal_access_token(token: impl Into<Secret>, workspace_id: impl Into<String>) -> Result<Client, Error> {
        Client::builder().personal_access_token(token, workspace_id).build()
    }

    /// A client in no workspace, with a personal access token or a console
    /// session token: see [`ClientBuilder::without_workspace`].
    pub fn without_workspace(token: impl Into<Secret>) -> Result<Client, Error> {
        Client::builder().without_workspace(token).build()
    }

    /// A client authenticated with a client session token.
    pub fn from_client_session_token(token: impl Into<Secret>) -> Result<Client, Error> {
        Client::builder().client_session_token(token).build()
    }

    /// A client for one of your users in the browser-facing flow, as the
    /// JavaScript SDK's `fromPublishableKey`: exchanges the publishable key
    /// (`seam_pk…`) and the user's key for a client session token through
    /// `client_sessions/get_or_create`, and authenticates with that token.
    pub async fn from_publishable_key(publishable_key: impl Into<Secret>, user_identifier_key: &str) -> Result<Client, Error> {
        Client::from_publishable_key_with(Client::builder(), publishable_key, user_identifier_key).await
    }

    /// Like [`Client::from_publishable_key`], starting from `builder` (its
    /// base URL, timeout and other settings are kept; it must carry no credential).
    pub async fn from_publishable_key_with(
        builder: ClientBuilder,
        publishable_key: impl Into<Secret>,
        user_identifier_key: &str,
    ) -> Result<Client, Error> {
        let publishable_key = publishable_key.into();
        if let Some(message) = misuse(&publishable_key, TokenKind::PublishableKey) {
            return Err(Error::Config(message));
        }
        if user_identifier_key.trim().is_empty() {
            return Err(Error::Config("a user identifier key is required with a publishable key".to_owned()));
        }
        let exchange = builder.clone().secret_header(PUBLISHABLE_KEY_HEADER, publishable_key).build()?;
        let request = crate::types::client_sessions::GetOrCreateRequest::default().user_identifier_key(user_identifier_key);
        let session = exchange.client_sessions().get_or_create(request).await?;
        builder.client_session_token(session.token).build()
    }

    /// A client configured from the environment, as Seam's other SDKs are:
    /// `SEAM_API_KEY`, or `SEAM_PERSONAL_ACCESS_TOKEN` with
    /// `SEAM_WORKSPACE_ID`; `SEAM_ENDPOINT` overrides the base URL.
    pub fn from_env() -> Result<Client, Error> {
        Client::builder_from_env()?.build()
    }

    /// A builder configured from the environment like [`Client::from_env`],
    /// for further settings (a timeout, say).
    pub fn builder_from_env() -> Result<ClientBuilder, Error> {
        let read = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
        match (read(API_KEY_ENV), read(PERSONAL_ACCESS_TOKEN_ENV)) {
            (Some(_), Some(_)) => Err(Error::Config(format!(
                "both {API_KEY_ENV} and {PERSONAL_ACCESS_TOKEN_ENV} are set: use only one way to authenticate"
            ))),
            (Some(api_key), None) => Ok(Client::builder().api_key(api_key)),
            (None, Some(token)) => match read(WORKSPACE_ID_ENV) {
                Some(workspace_id) => Ok(Client::builder().personal_access_token(token, workspace_id)),
                None => Err(Error::Config(format!("{PERSONAL_ACCESS_TOKEN_ENV} is set but {WORKSPACE_ID_ENV} is not"))),
            },
            (None, None) => Err(Error::Config(format!(
                "no credentials: set {API_KEY_ENV}, or {PERSONAL_ACCESS_TOKEN_ENV} and {WORKSPACE_ID_ENV}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_kinds_are_told_by_prefix() {
        assert_eq!(TokenKind::of("seam_apikey1_token"), TokenKind::ApiKey);
        assert_eq!(TokenKind::of("seam_at1_longtoken"), TokenKind::PersonalAccessToken);
        assert_eq!(TokenKind::of("seam_cst1_token"), TokenKind::ClientSessionToken);
        assert_eq!(TokenKind::of("seam_pk1_token"), TokenKind::PublishableKey);
        assert_eq!(TokenKind::of("eyJhbGciOi"), TokenKind::ConsoleSessionToken);
        assert_eq!(TokenKind::of("sk_live_123"), TokenKind::Unknown);
    }

    #[test]
    fn credentials_of_the_wrong_kind_are_refused_without_showing_them() {
        let cases = [
            Client::from_api_key("seam_cst1_secretpart"),
            Client::from_api_key("seam_at1_secretpart"),
            Client::from_api_key("not_a_seam_secretpart"),
            Client::from_client_session_token("seam_apikey_secretpart"),
            Client::from_personal_access_token("seam_at1_secretpart", " "),
        ];
        for result in cases {
            let err = result.expect_err("a wrong credential was accepted");
            assert!(matches!(err, Error::Config(_)), "{err:?}");
            assert!(!err.to_string().contains("secretpart") && !format!("{err:?}").contains("secretpart"), "{err}");
        }
        let jwt_without_workspace = Client::builder().console_session_token("eyJhbGciOi.secretpart", "").build();
        assert!(matches!(jwt_without_workspace, Err(Error::Config(_))));
        assert!(Client::builder().console_session_token("eyJhbGciOi.payload", "workspace_1").build().is_ok());
        assert!(Client::from_api_key("seam_apikey1_token").is_ok());
        assert!(Client::from_personal_access_token("seam_at1_token", "workspace_1").is_ok());
        assert!(Client::from_client_session_token("seam_cst1_token").is_ok());
    }
}
