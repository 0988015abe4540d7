// Copied by `cargo xtask codegen` from `generator/runtime/`, do not edit.
//! The one error type of the client, with what the server said kept.

use std::fmt;

/// Everything that can go wrong with a request. The details are boxed, so
/// that a `Result` stays small on the happy path.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client was set up wrongly (a missing or malformed credential, a
    /// bad base URL): no request was sent.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The request could not be sent, or no response came back in time.
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// The server answered with a status other than 2xx.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The server answered 2xx with a body that does not decode.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// An operation that finishes after its request finished with an
    /// error. Only in a crate whose API has such operations.
    #[cfg(waits)]
    #[error(transparent)]
    OperationFailed(Box<OperationFailed>),
    /// An operation that finishes after its request did not finish in time.
    /// Only in a crate whose API has such operations.
    #[cfg(waits)]
    #[error(transparent)]
    OperationTimedOut(Box<OperationTimedOut>),
    /// While paging, the server gave as the next page's cursor one it had
    /// given before: following it would never end, so paging stopped. Only
    /// in a crate whose API has endpoints that page.
    #[cfg(pages)]
    #[error(transparent)]
    RepeatedCursor(Box<RepeatedCursor>),
}

impl Error {
    /// The HTTP status of the response, if one came back.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Decode(error) => Some(error.status),
            Error::Config(_) | Error::Transport(_) => None,
            #[cfg(waits)]
            Error::OperationFailed(_) | Error::OperationTimedOut(_) => None,
            #[cfg(pages)]
            Error::RepeatedCursor(_) => None,
        }
    }

    /// Whether the request, or the wait for its operation, timed out.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport(error) => error.is_timeout,
            #[cfg(waits)]
            Error::OperationTimedOut(_) => true,
            _ => false,
        }
    }

    /// The API error, when the server answered with one.
    pub fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }
}

/// The request could not be sent, or no response came back in time.
#[derive(Debug, thiserror::Error)]
#[error("{method} {path}: {}: {source}", if *.is_timeout { "timed out" } else { "transport error" })]
pub struct TransportError {
    /// The HTTP method of the request.
    pub method: String,
    /// The path of the request (credentials are never in it).
    pub path: String,
    /// Whether the request timed out.
    pub is_timeout: bool,
    /// What the HTTP client reported.
    #[source]
    pub source: reqwest::Error,
}

/// The server answered with a status other than 2xx.
///
/// The kind of error and its message are read from a JSON body at the
/// places the API's settings name (JSON pointers, the first that holds a
/// string). Where the spec declares the body of the answer's status, it is
/// decoded as that type (`ApiError::typed_body`, in a crate whose API
/// declares one). Whatever the body was, JSON or not, it is kept in
/// [`ApiError::body`].
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP method of the request.
    pub method: String,
    /// The path of the request.
    pub path: String,
    /// The HTTP status.
    pub status: u16,
    /// The request id the server gave, for its support team.
    pub request_id: Option<String>,
    /// The machine-readable kind of error, such as `device_not_found`, read
    /// from the body at the first of the places the settings name for it
    /// (`errors.type`).
    pub error_type: Option<String>,
    /// The human-readable message, read from the body at the first of the
    /// places the settings name for it (`errors.message`).
    pub message: Option<String>,
    /// The body as the server sent it (cut after 64 KiB).
    pub body: String,
    /// The body decoded as the type the spec declares for the answer's
    /// status; `None` when it declares none, or when the body does not
    /// decode as it (`typed_body_error` says why).
    #[cfg(error_bodies)]
    pub typed_body: Option<crate::types::ErrorBody>,
    /// Why the body did not decode as the type the spec declares for the
    /// answer's status (the body is still in [`ApiError::body`]).
    #[cfg(error_bodies)]
    pub typed_body_error: Option<String>,
    /// The response headers (rate limits, `Retry-After`, problem details a
    /// server puts in headers). `Set-Cookie` values are marked sensitive, so
    /// `Debug` does not show them.
    pub headers: reqwest::header::HeaderMap,
}

/// How much of an error body is kept.
const MAX_BODY: usize = 64 * 1024;

pub(crate) fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

impl ApiError {
    pub(crate) fn new(method: &str, path: &str, status: u16, request_id: Option<String>, body: &[u8]) -> ApiError {
        let text = String::from_utf8_lossy(body);
        let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        // The first of `pointers` that holds a string in the body.
        let string = |pointers: &[&str]| {
            let json = json.as_ref()?;
            pointers.iter().find_map(|pointer| json.pointer(pointer).and_then(serde_json::Value::as_str)).map(str::to_owned)
        };
        ApiError {
            method: method.to_owned(),
            path: path.to_owned(),
            status,
            request_id,
            error_type: string(crate::config::ERROR_TYPE_POINTERS),
            message: string(crate::config::ERROR_MESSAGE_POINTERS),
            body: truncate(&text, MAX_BODY).to_owned(),
            #[cfg(error_bodies)]
            typed_body: None,
            #[cfg(error_bodies)]
            typed_body_error: None,
            headers: reqwest::header::HeaderMap::new(),
        }
    }

    /// The error with its body decoded as the type the spec declares for
    /// its status, or why it did not decode.
    #[cfg(error_bodies)]
    pub(crate) fn with_typed_body(mut self, decoded: Option<Result<crate::types::ErrorBody, String>>) -> ApiError {
        match decoded {
            Some(Ok(body)) => self.typed_body = Some(body),
            Some(Err(reason)) => self.typed_body_error = Some(reason),
            None => {}
        }
        self
    }

    /// The body as JSON, when it is JSON (and was not cut).
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }

    /// The error with the response's headers.
    pub(crate) fn with_headers(mut self, mut headers: reqwest::header::HeaderMap) -> ApiError {
        if let reqwest::header::Entry::Occupied(mut cookies) = headers.entry(reqwest::header::SET_COOKIE) {
            for value in cookies.iter_mut() {
                value.set_sensitive(true);
            }
        }
        self.headers = headers;
        self
    }

    /// Whether the server did not accept the credentials (401): missing,
    /// wrong or expired.
    pub fn is_unauthorized(&self) -> bool {
        self.status == 401
    }

    /// Whether the server accepted the credentials but refused them this
    /// request (403): not allowed to, or not for this workspace.
    pub fn is_forbidden(&self) -> bool {
        self.status == 403
    }

    /// Whether the server said the resource does not exist (404).
    pub fn is_not_found(&self) -> bool {
        self.status == 404
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} failed with HTTP {}", self.method, self.path, self.status)?;
        match (&self.error_type, &self.message) {
            (Some(error_type), Some(message)) => write!(f, ": {error_type}: {message}")?,
            (Some(text), None) | (None, Some(text)) => write!(f, ": {text}")?,
            (None, None) if !self.body.trim().is_empty() => write!(f, ": {}", truncate(self.body.trim(), 200))?,
            (None, None) => {}
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The server answered 2xx with a body that does not decode into the
/// expected type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{method} {path}: the response does not decode at `{json_path}`: {message}; the body near there: {excerpt}")]
pub struct DecodeError {
    /// The HTTP method of the request.
    pub method: String,
    /// The path of the request.
    pub path: String,
    /// The HTTP status.
    pub status: u16,
    /// Where in the body decoding failed, such as `devices[3].properties.locked`.
    pub json_path: String,
    /// What was wrong there.
    pub message: String,
    /// Up to 300 characters of the body around the place of the error.
    pub excerpt: String,
    /// The request id the server gave.
    pub request_id: Option<String>,
}

/// An operation that finishes after its request finished with an error.
#[cfg(waits)]
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{kind} {id} failed: {}: {}", .error_type.as_deref().unwrap_or("unknown error"), .message.as_deref().unwrap_or("no message"))]
pub struct OperationFailed {
    /// What kind of operation it was (`UNLOCK_DOOR`).
    pub kind: String,
    /// Its id.
    pub id: String,
    /// The machine-readable kind of error.
    pub error_type: Option<String>,
    /// The human-readable message.
    pub message: Option<String>,
    /// The operation as the server last described it.
    pub state: serde_json::Value,
}

/// An operation that did not finish in time.
#[cfg(waits)]
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{kind} {id} did not finish within {waited:?}")]
pub struct OperationTimedOut {
    /// What kind of operation it was (`UNLOCK_DOOR`).
    pub kind: String,
    /// Its id.
    pub id: String,
    /// How long the client waited.
    pub waited: std::time::Duration,
    /// The operation as the server last described it.
    pub state: serde_json::Value,
}

/// While paging, the server gave as the next page's cursor one it had given
/// before. Following it would read pages already read, without end, so the
/// paginator stopped instead of sending it again.
#[cfg(pages)]
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{method} {path}: after {pages} pages the server gave a page cursor it had given before (`{}`); paging stopped, as following it would never end", truncate(.cursor, 200))]
pub struct RepeatedCursor {
    /// The HTTP method of the list request.
    pub method: String,
    /// The path of the list request.
    pub path: String,
    /// The cursor the server gave again.
    pub cursor: String,
    /// How many pages were read before paging stopped.
    pub pages: usize,
}
