//! The HTTP client: configuration, credentials, and sending requests.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;

use super::error::{truncate, ApiError, DecodeError, Error, TransportError};
use super::multipart::{fields_of, MultipartBody, Parts};

/// The default time a request may take, from sending to the whole body.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A credential. Its `Debug` never shows it, and neither do errors.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The credential itself, for the places that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

/// A credential of one of the spec's security schemes, and where a request
/// carries it. Its `Debug` shows where it goes, never what it is.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Credential {
    /// An API key in the header `name`.
    Header { name: &'static str, value: Secret },
    /// An API key in the query parameter `name`.
    Query { name: &'static str, value: Secret },
    /// An API key in the cookie `name`.
    Cookie { name: &'static str, value: Secret },
    /// A token in `Authorization: Bearer …`.
    Bearer(Secret),
    /// A user name and a password in `Authorization: Basic …`.
    Basic { username: String, password: Secret },
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Header { name, .. } => write!(f, "Header({name})"),
            Credential::Query { name, .. } => write!(f, "Query({name})"),
            Credential::Cookie { name, .. } => write!(f, "Cookie({name})"),
            Credential::Bearer(_) => f.write_str("Bearer"),
            Credential::Basic { .. } => f.write_str("Basic"),
        }
    }
}

impl Credential {
    /// The header that carries the credential, when it is one on its own
    /// (cookies share the `Cookie` header, and query keys are no header).
    fn header(&self) -> Option<(HeaderName, String)> {
        match self {
            Credential::Header { name, value } => {
                Some((HeaderName::from_bytes(name.as_bytes()).ok()?, value.expose().to_owned()))
            }
            Credential::Bearer(token) => Some((AUTHORIZATION, format!("Bearer {}", token.expose()))),
            Credential::Basic { username, password } => {
                let pair = format!("{username}:{}", password.expose());
                Some((AUTHORIZATION, format!("Basic {}", base64(pair.as_bytes()))))
            }
            Credential::Query { .. } | Credential::Cookie { .. } => None,
        }
    }

    /// Why the credential cannot be sent, without showing it.
    fn problem(&self, scheme: &str) -> Option<String> {
        let text = match self {
            Credential::Header { value, .. } | Credential::Bearer(value) => value.expose(),
            Credential::Cookie { value, .. } if value.expose().contains(';') => {
                return Some(format!("the credential of `{scheme}` cannot be a cookie: it has a `;`"));
            }
            Credential::Cookie { value, .. } => value.expose(),
            Credential::Basic { username, .. } if username.contains(':') => {
                return Some(format!("the user name of `{scheme}` cannot have a `:`"));
            }
            Credential::Basic { .. } | Credential::Query { .. } => return None,
        };
        if let Credential::Header { name, .. } = self {
            if HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Some(format!("`{name}` (of `{scheme}`) is not a valid header name"));
            }
        }
        HeaderValue::from_str(text)
            .is_err()
            .then(|| format!("the credential of `{scheme}` has characters a header cannot carry"))
    }
}

/// `bytes` in standard Base64, with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let [a, b, c] = [0, 1, 2].map(|i| chunk.get(i).copied().unwrap_or(0));
        let n = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                // `& 63` keeps the index below 64, the length of the alphabet.
                #[allow(clippy::indexing_slicing)]
                let digit = ALPHABET[(n >> shift & 63) as usize];
                text.push(char::from(digit));
            } else {
                text.push('=');
            }
        }
    }
    text
}

/// The credentials of the first of `alternatives` whose every scheme has
/// one in `credentials`; none when no alternative can be met.
fn chosen<'c>(credentials: &'c [(&'static str, Credential)], alternatives: &[&[&str]]) -> Vec<&'c Credential> {
    let find = |scheme: &&str| credentials.iter().find(|(name, _)| name == scheme).map(|(_, credential)| credential);
    alternatives
        .iter()
        .find_map(|schemes| schemes.iter().map(find).collect::<Option<Vec<_>>>())
        .unwrap_or_default()
}

/// How long to wait for operations that finish after their request, and
/// how often to ask. Only in a crate whose API has such operations.
#[cfg(waits)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    /// Whether methods wait at all by default.
    pub enabled: bool,
    /// Time between two polls.
    pub interval: Duration,
    /// How long to wait before giving up with a timeout error.
    pub timeout: Duration,
}

#[cfg(waits)]
impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions { enabled: true, interval: Duration::from_secs(1), timeout: Duration::from_secs(10) }
    }
}

#[cfg(waits)]
impl WaitOptions {
    /// Options that do not wait.
    pub fn no_wait() -> WaitOptions {
        WaitOptions { enabled: false, ..WaitOptions::default() }
    }

    /// Refuses options that would poll without pause: waiting with a zero
    /// interval is [`Error::Config`]. The client checks its own options,
    /// and whatever waits with options a caller passes checks those.
    pub fn check(&self) -> Result<(), Error> {
        if self.enabled && self.interval.is_zero() {
            return Err(Error::Config("the interval between two polls of a wait cannot be zero".to_owned()));
        }
        Ok(())
    }
}

/// When to send a request again: after a network error, a 429 or a 5xx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryOptions {
    /// How many times a request may be sent again.
    pub max_retries: u32,
    /// The wait before the first retry; it doubles for each next one, and a
    /// random part of it is waited (full jitter).
    pub initial_backoff: Duration,
    /// The longest wait between two tries (a `Retry-After` is capped there too).
    pub max_backoff: Duration,
    /// Whether requests that may change state (a POST the spec does not
    /// also serve as GET) are retried too. Off by default: such a request
    /// is never sent twice unless the caller says so.
    pub retry_unsafe_requests: bool,
}

impl Default for RetryOptions {
    fn default() -> Self {
        RetryOptions {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            retry_unsafe_requests: false,
        }
    }
}

impl RetryOptions {
    /// Options that never retry.
    pub fn never() -> RetryOptions {
        RetryOptions { max_retries: 0, ..RetryOptions::default() }
    }
}

/// Options for some calls only: a timeout, extra headers, retries (and, in
/// a crate whose API has operations that finish later, waiting) other than
/// the client's. [`Client::with_options`] gives a handle
/// that follows them and shares everything else with the client (its
/// connections, credentials and base URL): `client.with_options(
/// CallOptions::new().timeout(Duration::from_secs(120)))?.…`.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    timeout: Option<Duration>,
    headers: Vec<(String, String)>,
    retry: Option<RetryOptions>,
    #[cfg(waits)]
    wait: Option<WaitOptions>,
}

impl CallOptions {
    /// Options that change nothing.
    pub fn new() -> CallOptions {
        CallOptions::default()
    }

    /// How long one try of a request may take, instead of the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> CallOptions {
        self.timeout = Some(timeout);
        self
    }

    /// Sends a header with every request, replacing the client's header of
    /// that name if it has one.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> CallOptions {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Retries as `retry` says, instead of as the client does.
    pub fn retry(mut self, retry: RetryOptions) -> CallOptions {
        self.retry = Some(retry);
        self
    }

    /// Waits for operations that finish later as `wait` says, instead of as
    /// the client does ([`WaitOptions::no_wait`] to return at once).
    #[cfg(waits)]
    pub fn wait(mut self, wait: WaitOptions) -> CallOptions {
        self.wait = Some(wait);
        self
    }
}


/// A random number in `0..=upper`, for jitter (no cryptographic use).
fn random_up_to(upper: u64) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    hasher.finish() % upper.saturating_add(1)
}

/// The longest wait before retry number `retry` (from 0): the initial
/// backoff doubled `retry` times, capped at the maximum.
fn backoff_ceiling(options: &RetryOptions, retry: u32) -> Duration {
    options.initial_backoff.saturating_mul(2u32.saturating_pow(retry)).min(options.max_backoff)
}

/// How long to wait before retry number `retry` (from 0): the server's
/// `Retry-After`, capped at the maximum backoff, or else the number of
/// milliseconds `random` picks up to the ceiling (full jitter). `random`
/// is [`random_up_to`] but for tests, which makes this a pure function.
fn backoff(options: &RetryOptions, retry: u32, retry_after: Option<Duration>, random: impl FnOnce(u64) -> u64) -> Duration {
    if let Some(retry_after) = retry_after {
        return retry_after.min(options.max_backoff);
    }
    let ceiling: u64 = backoff_ceiling(options, retry).as_millis().try_into().unwrap_or(u64::MAX);
    Duration::from_millis(random(ceiling).min(ceiling))
}

/// A `Retry-After` in seconds (the HTTP-date form is not used by APIs in practice).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// A client of the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    headers: HeaderMap,
    timeout: Duration,
    #[cfg(waits)]
    wait: WaitOptions,
    retry: RetryOptions,
    credentials: Vec<(&'static str, Credential)>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() { "<redacted>" } else { value.to_str().unwrap_or("<binary>") };
                (name.as_str(), shown)
            })
            .collect();
        let mut debug = f.debug_struct("Client");
        debug.field("base_url", &self.base_url).field("headers", &headers).field("timeout", &self.timeout);
        #[cfg(waits)]
        debug.field("wait", &self.wait);
        debug
            .field("retry", &self.retry)
            .field("credentials", &self.credentials.iter().map(|(scheme, _)| scheme).collect::<Vec<_>>())
            .finish()
    }
}

/// Sets up a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    headers: Vec<(String, Result<String, Secret>)>,
    timeout: Duration,
    http: Option<reqwest::Client>,
    refusal: Option<String>,
    #[cfg(waits)]
    wait: WaitOptions,
    retry: RetryOptions,
    credentials: Vec<(&'static str, Credential)>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl ClientBuilder {
    /// A builder with the default base URL (or the one the environment
    /// variable named by the crate's configuration gives), the crate's
    /// default headers, no credentials and a 30 second timeout.
    pub fn new() -> ClientBuilder {
        let headers = crate::config::DEFAULT_HEADERS
            .iter()
            .map(|(name, value)| ((*name).to_owned(), Ok((*value).to_owned())))
            .collect();
        ClientBuilder {
            base_url: None,
            headers,
            timeout: DEFAULT_TIMEOUT,
            http: None,
            refusal: None,
            #[cfg(waits)]
            wait: WaitOptions::default(),
            retry: RetryOptions::default(),
            credentials: Vec::new(),
        }
    }

    /// Makes [`ClientBuilder::build`] fail with `message`: for checks of
    /// credentials that must stop the client before it sends anything.
    pub(crate) fn refuse(mut self, message: impl Into<String>) -> ClientBuilder {
        self.refusal.get_or_insert_with(|| message.into());
        self
    }

    /// Sends requests to `base_url` instead of the default.
    pub fn base_url(mut self, base_url: impl Into<String>) -> ClientBuilder {
        self.base_url = Some(base_url.into());
        self
    }

    /// Authenticates with `Authorization: Bearer <token>`.
    pub fn bearer_token(self, token: impl Into<Secret>) -> ClientBuilder {
        let token = token.into();
        self.secret_header(AUTHORIZATION.as_str(), Secret(format!("Bearer {}", token.expose())))
    }

    /// Sends the header `name: value` with every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> ClientBuilder {
        self.headers.push((name.into(), Ok(value.into())));
        self
    }

    /// Sends a header that carries a credential with every request. It is
    /// marked sensitive, so it never shows in `Debug` output.
    pub fn secret_header(mut self, name: impl Into<String>, value: impl Into<Secret>) -> ClientBuilder {
        self.headers.push((name.into(), Err(value.into())));
        self
    }

    /// Sets the credential of the security scheme `scheme`, replacing an
    /// earlier one; endpoints that need the scheme send it.
    pub(crate) fn credential(mut self, scheme: &'static str, credential: Credential) -> ClientBuilder {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// How long a request may take before it fails with a timeout.
    pub fn timeout(mut self, timeout: Duration) -> ClientBuilder {
        self.timeout = timeout;
        self
    }

    /// When requests are sent again (by default twice, only those safe to repeat).
    pub fn retry_options(mut self, retry: RetryOptions) -> ClientBuilder {
        self.retry = retry;
        self
    }

    /// How methods of operations that finish later wait for them by default.
    #[cfg(waits)]
    pub fn wait_options(mut self, wait: WaitOptions) -> ClientBuilder {
        self.wait = wait;
        self
    }

    /// Sends requests through this `reqwest` client (proxies, TLS settings,
    /// connection pools shared with other code).
    pub fn http_client(mut self, http: reqwest::Client) -> ClientBuilder {
        self.http = Some(http);
        self
    }

    /// Makes the client. Fails, without sending anything, when a header or
    /// the base URL is malformed.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(message) = self.refusal {
            return Err(Error::Config(message));
        }
        let base_url = match self.base_url {
            Some(base_url) => base_url,
            None => crate::config::BASE_URL_ENV
                .and_then(|name| std::env::var(name).ok())
                .filter(|value| !value.trim().is_empty())
                .unwrap_or_else(|| crate::config::DEFAULT_BASE_URL.to_owned()),
        };
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base_url) {
            Ok(url) if url.scheme() == "http" || url.scheme() == "https" => {}
            Ok(_) | Err(_) => return Err(Error::Config(format!("`{base_url}` is not an http or https URL"))),
        }
        let mut headers = HeaderMap::new();
        for (name, value) in self.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            let (text, sensitive) = match &value {
                Ok(text) => (text.as_str(), false),
                Err(secret) => (secret.expose(), true),
            };
            let mut header_value = HeaderValue::from_str(text).map_err(|_| {
                // The value is not shown: it may be a credential.
                Error::Config(format!("the value of the `{name}` header has characters a header cannot carry"))
            })?;
            header_value.set_sensitive(sensitive);
            headers.insert(header_name, header_value);
        }
        if let Some(problem) = self.credentials.iter().find_map(|(scheme, credential)| credential.problem(scheme)) {
            return Err(Error::Config(problem));
        }
        #[cfg(waits)]
        self.wait.check()?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|err| Error::Config(format!("the HTTP client cannot be created: {err}")))?,
        };
        Ok(Client {
            http,
            base_url,
            headers,
            timeout: self.timeout,
            #[cfg(waits)]
            wait: self.wait,
            retry: self.retry,
            credentials: self.credentials,
        })
    }
}

/// A request, as the generated endpoint methods describe it.
#[derive(Debug)]
pub(crate) struct Request {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    /// The media type and the bytes of the body.
    body: Option<(String, Vec<u8>)>,
    safe_to_repeat: bool,
    /// The security schemes the request may be sent with: alternatives,
    /// each a list of schemes that go together.
    security: &'static [&'static [&'static str]],
    /// Whether every credential the client has goes with the request
    /// (a call by path, whose security the crate does not know).
    every_credential: bool,
    /// How the body of an error answer is decoded, by its status, into the
    /// type the endpoint declares for it.
    #[cfg(error_bodies)]
    error_body: Option<ErrorBodyDecoder>,
}

/// Decodes the body of an error answer of a status into the type the
/// endpoint declares for that status: `None` when it declares none, an
/// error that says where the body does not fit otherwise.
#[cfg(error_bodies)]
pub(crate) type ErrorBodyDecoder = fn(u16, &[u8]) -> Option<Result<crate::types::ErrorBody, String>>;

/// The body of an error answer decoded as `T`, or what does not fit, where.
#[cfg(error_bodies)]
pub(crate) fn decode_error_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        if path == "." {
            error.inner().to_string()
        } else {
            format!("at `{path}`: {}", error.inner())
        }
    })
}

/// How an array or object parameter is written (OpenAPI's `style` and
/// `explode`); scalars are written the same way in every style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParameterStyle {
    /// `id=1&id=2`; an object's properties are parameters of their own.
    FormExploded,
    /// `id=1,2`; an object is `name=key,value,…`.
    Form,
    /// `id=1%202`.
    SpaceDelimited,
    /// `id=1|2`.
    PipeDelimited,
    /// `name[key]=value`.
    DeepObject,
    /// `1,2`; an object is `key,value,…` (headers).
    Simple,
    /// The value's JSON text (a parameter given by `content`).
    Json,
}

/// The `name=value` pairs of a query parameter (or form field) in `style`.
fn parameter_pairs(name: &str, value: &serde_json::Value, style: ParameterStyle) -> Vec<(String, String)> {
    let joined = |texts: Vec<String>| -> Vec<(String, String)> {
        let delimiter = match style {
            ParameterStyle::SpaceDelimited => " ",
            ParameterStyle::PipeDelimited => "|",
            _ => ",",
        };
        if texts.is_empty() {
            Vec::new()
        } else {
            vec![(name.to_owned(), texts.join(delimiter))]
        }
    };
    match (value, style) {
        (serde_json::Value::Null, _) => Vec::new(),
        (_, ParameterStyle::Json) => vec![(name.to_owned(), value.to_string())],
        (serde_json::Value::Array(items), ParameterStyle::FormExploded | ParameterStyle::DeepObject) => {
            items.iter().filter_map(scalar_text).map(|text| (name.to_owned(), text)).collect()
        }
        (serde_json::Value::Array(items), _) => joined(items.iter().filter_map(scalar_text).collect()),
        (serde_json::Value::Object(members), ParameterStyle::FormExploded) => members
            .iter()
            .filter_map(|(key, value)| scalar_text(value).map(|text| (key.clone(), text)))
            .collect(),
        (serde_json::Value::Object(members), ParameterStyle::DeepObject) => members
            .iter()
            .filter_map(|(key, value)| scalar_text(value).map(|text| (format!("{name}[{key}]"), text)))
            .collect(),
        (serde_json::Value::Object(members), _) => joined(
            members
                .iter()
                .filter_map(|(key, value)| scalar_text(value).map(|text| [key.clone(), text]))
                .flatten()
                .collect(),
        ),
        (other, _) => scalar_text(other).map(|text| vec![(name.to_owned(), text)]).unwrap_or_default(),
    }
}

/// A query or header value as text: strings as they are, other scalars as JSON.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

impl Request {
    pub(crate) fn new(method: Method, path: String) -> Request {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            safe_to_repeat: false,
            security: &[],
            every_credential: false,
            #[cfg(error_bodies)]
            error_body: None,
        }
    }

    /// Decodes the body of an error answer with `decoder`.
    #[cfg(error_bodies)]
    pub(crate) fn error_body(mut self, decoder: ErrorBodyDecoder) -> Request {
        self.error_body = Some(decoder);
        self
    }

    /// Sends the credentials of the first of `alternatives` (each a list
    /// of security schemes that go together) the client has every one of.
    pub(crate) fn security(mut self, alternatives: &'static [&'static [&'static str]]) -> Request {
        self.security = alternatives;
        self
    }

    /// Sends the request to `link` (relative to the client's base URL,
    /// with its query) instead of its own path and query: the next page a
    /// `Link` header gave.
    #[cfg(pages)]
    pub(crate) fn follow(mut self, link: &str) -> Request {
        self.path = link.to_owned();
        self.query.clear();
        self
    }

    /// Marks the request as safe to send again (it changes no state).
    pub(crate) fn safe_to_repeat(mut self) -> Request {
        self.safe_to_repeat = true;
        self
    }

    /// Asks for a response of `media_type` (the `Accept` header).
    pub(crate) fn accept(mut self, media_type: &'static str) -> Request {
        self.headers.push(("accept", media_type.to_owned()));
        self
    }

    /// Sends `body` as JSON.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Request, Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|err| Error::Config(format!("the request body cannot be serialized: {err}")))?;
        self.body = Some(("application/json".to_owned(), bytes));
        Ok(self)
    }

    /// Sends `body`, an object, as `application/x-www-form-urlencoded`:
    /// arrays repeat the name, nested objects are JSON text.
    pub(crate) fn form<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Request, Error> {
        let fields = fields_of(body)?;
        let mut url = reqwest::Url::parse("http://form.invalid/").map_err(|err| Error::Config(err.to_string()))?;
        url.query_pairs_mut().extend_pairs(fields.iter().flat_map(|(name, value)| match value {
            serde_json::Value::Object(_) => vec![(name.clone(), value.to_string())],
            _ => parameter_pairs(name, value, ParameterStyle::FormExploded),
        }));
        let encoded = url.query().unwrap_or_default().as_bytes().to_vec();
        self.body = Some(("application/x-www-form-urlencoded".to_owned(), encoded));
        Ok(self)
    }

    /// Sends `body`, an object, as `multipart/form-data`: one part per
    /// property (and per item of an array), strings as text, other values as JSON.
    pub(crate) fn multipart<T: serde::Serialize + ?Sized>(self, body: &T) -> Result<Request, Error> {
        Ok(self.multipart_parts(Parts::of_object(body)?))
    }

    /// Sends a request type made for a multipart body: its files as their
    /// bytes, its other fields as [`Request::multipart`] sends them.
    pub(crate) fn multipart_body<T: MultipartBody>(self, body: &T) -> Result<Request, Error> {
        Ok(self.multipart_parts(body.parts()?))
    }

    fn multipart_parts(mut self, parts: Parts) -> Request {
        let boundary = format!("----rust-sdk-{:016x}{:016x}", random_up_to(u64::MAX - 1), random_up_to(u64::MAX - 1));
        self.body = Some(parts.encode(&boundary));
        self
    }

    /// Sends `bytes` as they are, as `content_type`.
    pub(crate) fn raw(mut self, content_type: &str, bytes: Vec<u8>) -> Request {
        self.body = Some((content_type.to_owned(), bytes));
        self
    }

    /// Adds a query parameter written in `style`; `None` adds nothing.
    pub(crate) fn query<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: ParameterStyle,
    ) -> Result<Request, Error> {
        let value = serde_json::to_value(value)
            .map_err(|err| Error::Config(format!("the query parameter `{name}` cannot be serialized: {err}")))?;
        self.query.extend(parameter_pairs(name, &value, style));
        Ok(self)
    }

    /// Adds a cookie parameter (arrays as `a,b` in the `Form` style) to the
    /// `Cookie` header; `None` adds nothing.
    pub(crate) fn cookie<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: ParameterStyle,
    ) -> Result<Request, Error> {
        let value = serde_json::to_value(value)
            .map_err(|err| Error::Config(format!("the cookie `{name}` cannot be serialized: {err}")))?;
        let style = if style == ParameterStyle::Json { style } else { ParameterStyle::Form };
        if let Some((_, text)) = parameter_pairs(name, &value, style).pop() {
            let text: String = text.chars().filter(|c| !matches!(c, ';' | '\r' | '\n')).collect();
            match self.headers.iter_mut().find(|(header, _)| *header == "cookie") {
                Some((_, cookies)) => cookies.push_str(&format!("; {name}={text}")),
                None => self.headers.push(("cookie", format!("{name}={text}"))),
            }
        }
        Ok(self)
    }

    /// Adds a header parameter (arrays as `a,b` in the `Simple` style);
    /// `None` adds nothing.
    pub(crate) fn header<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: ParameterStyle,
    ) -> Result<Request, Error> {
        let value = serde_json::to_value(value)
            .map_err(|err| Error::Config(format!("the header `{name}` cannot be serialized: {err}")))?;
        let style = if style == ParameterStyle::Json { style } else { ParameterStyle::Simple };
        if let Some((_, text)) = parameter_pairs(name, &value, style).pop() {
            self.headers.push((name, text));
        }
        Ok(self)
    }
}

/// A path parameter in the `simple` style (arrays as `a,b`), percent-encoded for its segment.
pub(crate) fn path_segment<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    Ok(match path_value(value)? {
        PathValue::Scalar(text) => text,
        PathValue::List(texts) => texts.join(","),
        PathValue::Object(members) => members.iter().map(|(key, value)| format!("{key},{value}")).collect::<Vec<_>>().join(","),
    })
}

/// A path parameter given by `content`: its JSON text, percent-encoded
/// for its segment.
pub(crate) fn path_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let text = serde_json::to_string(value).map_err(|err| Error::Config(format!("a path parameter cannot be serialized: {err}")))?;
    path_segment(&text)
}

/// A path parameter in the `label` style: `.a,b`, or `.a.b` exploded; an
/// object `.k,v,k2,v2`, or `.k=v.k2=v2` exploded.
pub(crate) fn path_label<T: serde::Serialize + ?Sized>(value: &T, explode: bool) -> Result<String, Error> {
    let separator = if explode { "." } else { "," };
    let value = path_value(value)?;
    if is_undefined(&value) {
        return Ok(String::new());
    }
    Ok(match value {
        PathValue::Scalar(text) => format!(".{text}"),
        PathValue::List(texts) => format!(".{}", texts.join(separator)),
        PathValue::Object(members) if explode => {
            members.iter().map(|(key, value)| format!(".{key}={value}")).collect()
        }
        PathValue::Object(members) => {
            format!(".{}", members.iter().map(|(key, value)| format!("{key},{value}")).collect::<Vec<_>>().join(","))
        }
    })
}

/// A path parameter in the `matrix` style: `;id=a,b`, or `;id=a;id=b`
/// exploded; an object `;id=k,v,k2,v2`, or `;k=v;k2=v2` exploded.
pub(crate) fn path_matrix<T: serde::Serialize + ?Sized>(name: &str, value: &T, explode: bool) -> Result<String, Error> {
    let name = percent_encode(name);
    let value = path_value(value)?;
    if is_undefined(&value) {
        return Ok(String::new());
    }
    Ok(match value {
        PathValue::Scalar(text) => format!(";{name}={text}"),
        PathValue::List(texts) if explode => texts.iter().map(|text| format!(";{name}={text}")).collect(),
        PathValue::List(texts) => format!(";{name}={}", texts.join(",")),
        PathValue::Object(members) if explode => members.iter().map(|(key, value)| format!(";{key}={value}")).collect(),
        PathValue::Object(members) => {
            format!(";{name}={}", members.iter().map(|(key, value)| format!("{key},{value}")).collect::<Vec<_>>().join(","))
        }
    })
}

/// A path parameter's value as percent-encoded texts.
enum PathValue {
    Scalar(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

/// Whether a path value is undefined in RFC 6570's sense (an empty list
/// or object), which expands to nothing in every style.
fn is_undefined(value: &PathValue) -> bool {
    match value {
        PathValue::Scalar(_) => false,
        PathValue::List(texts) => texts.is_empty(),
        PathValue::Object(members) => members.is_empty(),
    }
}

fn path_value<T: serde::Serialize + ?Sized>(value: &T) -> Result<PathValue, Error> {
    let value = serde_json::to_value(value)
        .map_err(|err| Error::Config(format!("a path parameter cannot be serialized: {err}")))?;
    Ok(match &value {
        serde_json::Value::Array(items) => PathValue::List(items.iter().filter_map(scalar_text).map(|text| percent_encode(&text)).collect()),
        serde_json::Value::Object(members) => PathValue::Object(
            members
                .iter()
                .filter_map(|(key, value)| Some((percent_encode(key), percent_encode(&scalar_text(value)?))))
                .collect(),
        ),
        other => PathValue::Scalar(scalar_text(other).map(|text| percent_encode(&text)).unwrap_or_default()),
    })
}

/// `text` with everything but unreserved characters percent-encoded.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => encoded.push(byte as char),
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    encoded
}

/// A response with a 2xx status.
pub(crate) struct Response {
    method: String,
    path: String,
    status: u16,
    request_id: Option<String>,
    body: Vec<u8>,
    /// The `Link` headers, joined, which paging by link reads.
    #[cfg(pages)]
    link: Option<String>,
}

/// A transport error of `request`, without the URL, which may carry a
/// credential in its query.
fn transport_error(request: &Request, source: reqwest::Error) -> (Error, Option<Duration>) {
    let error = Error::Transport(Box::new(TransportError {
        method: request.method.as_str().to_owned(),
        path: request.path.clone(),
        is_timeout: source.is_timeout(),
        source: source.without_url(),
    }));
    (error, None)
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    crate::config::REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

impl Client {
    /// A builder; see [`ClientBuilder::new`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// How methods of operations that finish later wait for them.
    #[cfg(waits)]
    pub fn wait_options(&self) -> WaitOptions {
        self.wait
    }

    /// A handle on this client whose calls follow `options`, sharing its
    /// connections, credentials and base URL: for one call with a longer
    /// timeout or an extra header, without building a second client. Fails,
    /// without sending anything, when a header is malformed or a wait
    /// interval is zero.
    pub fn with_options(&self, options: CallOptions) -> Result<Client, Error> {
        let mut client = self.clone();
        for (name, value) in options.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            let header_value = HeaderValue::from_str(&value)
                .map_err(|_| Error::Config(format!("the value of the `{name}` header has characters a header cannot carry")))?;
            client.headers.insert(header_name, header_value);
        }
        if let Some(timeout) = options.timeout {
            client.timeout = timeout;
        }
        if let Some(retry) = options.retry {
            client.retry = retry;
        }
        #[cfg(waits)]
        if let Some(wait) = options.wait {
            wait.check()?;
            client.wait = wait;
        }
        Ok(client)
    }

    /// Calls an endpoint by its path: for one this version of the crate
    /// does not have yet. Sends `body`, when there is one, as JSON with
    /// `method` to `path` (relative to the base URL, such as
    /// `/devices/list`), through everything a method of the crate goes
    /// through: the client's credentials (every one it has), headers,
    /// timeout and retries (a GET, HEAD, OPTIONS, PUT or DELETE is sent
    /// again after a transient failure, as [`RetryOptions`] say; other
    /// methods only with `retry_unsafe_requests`). The answer is decoded as
    /// `T`: `serde_json::Value` for any JSON, or a type of the caller's; a
    /// status other than 2xx is [`Error::Api`], as for every method.
    pub async fn call<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<T, Error> {
        let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
        let idempotent = matches!(method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE);
        let mut request = Request::new(method, path).accept("application/json");
        request.every_credential = true;
        if idempotent {
            request = request.safe_to_repeat();
        }
        if let Some(body) = body {
            request = request.json(&body)?;
        }
        self.send(request).await?.decode()
    }

    /// Sends a request and reads the whole response, retrying as the
    /// client's [`RetryOptions`] say. Statuses other than 2xx become
    /// [`Error::Api`].
    ///
    /// Each request is a `tracing` span (`request`, with its method and
    /// path, never its query, headers or body), and each try an event in
    /// it: the try's number, the status, the request id and how long the
    /// try took, or the error. Nothing is recorded unless the program
    /// installs a `tracing` subscriber.
    pub(crate) async fn send(&self, request: Request) -> Result<Response, Error> {
        use tracing::Instrument as _;
        let span = tracing::debug_span!("request", method = %request.method, path = %request.path);
        self.send_with_retries(request).instrument(span).await
    }

    async fn send_with_retries(&self, request: Request) -> Result<Response, Error> {
        let may_retry = request.safe_to_repeat || self.retry.retry_unsafe_requests;
        let mut retry = 0;
        loop {
            let started = std::time::Instant::now();
            let outcome = self.send_once(&request).await;
            let milliseconds = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            let attempt = retry + 1;
            match &outcome {
                Ok(response) => {
                    tracing::debug!(attempt, status = response.status, request_id = response.request_id.as_deref(), milliseconds, "response");
                }
                Err((error, _)) => {
                    let status = error.status();
                    let request_id = error.as_api_error().and_then(|error| error.request_id.as_deref());
                    tracing::debug!(attempt, status, request_id, milliseconds, %error, "failed");
                }
            }
            let retry_after = match &outcome {
                Err((error, retry_after)) if may_retry && retry < self.retry.max_retries && is_transient(error) => *retry_after,
                _ => return outcome.map_err(|(error, _)| error),
            };
            let delay = backoff(&self.retry, retry, retry_after, random_up_to);
            tracing::debug!(attempt, delay_milliseconds = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX), "retrying");
            tokio::time::sleep(delay).await;
            retry += 1;
        }
    }

    /// `link`, a URL a response gave, relative to the base URL: an error
    /// when it leads elsewhere, where the client's credentials must not go.
    #[cfg(pages)]
    pub(crate) fn relative_link(&self, link: &str) -> Result<String, Error> {
        let base = reqwest::Url::parse(&self.base_url).map_err(|err| Error::Config(format!("bad base URL: {err}")))?;
        let joined = base.join(link).map_err(|err| Error::Config(format!("the next page's link is not a URL: {err}")))?;
        match joined.as_str().strip_prefix(self.base_url.as_str()) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') || rest.starts_with('?') => Ok(rest.to_owned()),
            _ => Err(Error::Config(format!(
                "the next page's link leads to `{}{}`, outside the base URL `{}`: it is not followed, so that no credential goes there",
                joined.origin().ascii_serialization(),
                joined.path(),
                self.base_url
            ))),
        }
    }

    /// Sends a request once. An error comes with the `Retry-After` the server gave.
    /// The HTTP request for `request`: the client's base URL, headers and
    /// timeout, and the credentials it needs, marked sensitive.
    fn prepare(&self, request: &Request) -> Result<reqwest::Request, (Error, Option<Duration>)> {
        let url = format!("{}{}", self.base_url, request.path);
        let mut parsed = reqwest::Url::parse(&url).map_err(|err| (Error::Config(format!("bad URL `{url}`: {err}")), None))?;
        let credentials = if request.every_credential {
            self.credentials.iter().map(|(_, credential)| credential).collect()
        } else {
            chosen(&self.credentials, request.security)
        };
        let mut query: Vec<(&str, &str)> = request.query.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
        let mut headers = self.headers.clone();
        let mut cookies: Vec<String> = Vec::new();
        let mut secret_cookies = false;
        for credential in &credentials {
            match credential {
                Credential::Query { name, value } => query.push((name, value.expose())),
                Credential::Cookie { name, value } => {
                    cookies.push(format!("{name}={}", value.expose()));
                    secret_cookies = true;
                }
                other => {
                    if let Some((name, value)) = other.header() {
                        // `build` checked every credential, so this always succeeds.
                        let mut value = HeaderValue::from_str(&value)
                            .map_err(|_| (Error::Config("a credential has characters a header cannot carry".to_owned()), None))?;
                        value.set_sensitive(true);
                        headers.insert(name, value);
                    }
                }
            }
        }
        if !query.is_empty() {
            parsed.query_pairs_mut().extend_pairs(query);
        }
        // The request's cookie parameters and the credentials share one header.
        if let Some((_, parameters)) = request.headers.iter().find(|(name, _)| *name == "cookie") {
            cookies.insert(0, parameters.clone());
        }
        if secret_cookies {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| (Error::Config("a cookie has characters a header cannot carry".to_owned()), None))?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::COOKIE, value);
        }
        let mut builder = self.http.request(request.method.clone(), parsed).headers(headers).timeout(self.timeout);
        for (name, value) in &request.headers {
            if !(secret_cookies && *name == "cookie") {
                builder = builder.header(*name, value);
            }
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder.header(CONTENT_TYPE, content_type.as_str()).body(body.clone());
        }
        builder.build().map_err(|source| transport_error(request, source))
    }

    async fn send_once(&self, request: &Request) -> Result<Response, (Error, Option<Duration>)> {
        let method = request.method.as_str().to_owned();
        let transport = |source: reqwest::Error| transport_error(request, source);
        let prepared = self.prepare(request)?;
        let response = self.http.execute(prepared).await.map_err(transport)?;
        let status = response.status().as_u16();
        let request_id = request_id(response.headers());
        let retry_after = retry_after(response.headers());
        let headers = if (200..300).contains(&status) { HeaderMap::new() } else { response.headers().clone() };
        #[cfg(pages)]
        let link = {
            let values: Vec<&str> =
                response.headers().get_all(reqwest::header::LINK).iter().filter_map(|value| value.to_str().ok()).collect();
            (!values.is_empty()).then(|| values.join(", "))
        };
        let body = response.bytes().await.map_err(transport)?.to_vec();
        if !(200..300).contains(&status) {
            let error = ApiError::new(&method, &request.path, status, request_id, &body).with_headers(headers);
            #[cfg(error_bodies)]
            let error = error.with_typed_body(request.error_body.and_then(|decode| decode(status, &body)));
            let error = Error::Api(Box::new(error));
            return Err((error, retry_after));
        }
        Ok(Response {
            method,
            path: request.path.clone(),
            status,
            request_id,
            body,
            #[cfg(pages)]
            link,
        })
    }
}

/// Whether an error may pass if the request is sent again.
fn is_transient(error: &Error) -> bool {
    match error {
        Error::Transport(_) => true,
        Error::Api(error) => error.status == 429 || error.status >= 500,
        _ => false,
    }
}

impl Response {
    /// The URL of the next page its `Link` header gives (`rel="next"`).
    #[cfg(pages)]
    pub(crate) fn next_link(&self) -> Option<String> {
        self.link.as_deref().and_then(super::pagination::next_link)
    }

    /// The HTTP status, which picks the variant of an endpoint whose
    /// successful answers declare different bodies.
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    /// The body as text (invalid UTF-8 replaced).
    pub(crate) fn text(self) -> Result<String, Error> {
        Ok(String::from_utf8(self.body).unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned()))
    }

    /// Whether the answer has no body: a `204` or `205`, which HTTP gives
    /// none, or an empty one.
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self.status, 204 | 205) || self.body.is_empty()
    }

    /// The body as it came.
    pub(crate) fn bytes(self) -> Result<Vec<u8>, Error> {
        Ok(self.body)
    }

    /// Decodes one property of a JSON object body and nothing else: other
    /// properties cannot make it fail. An absent property is a decode
    /// error that names it and the properties the body has.
    pub(crate) fn decode_property<T: serde::de::DeserializeOwned>(self, key: &'static str) -> Result<T, Error> {
        self.property(key)
    }

    /// Fails as [`Response::decode_property`] does when the body has no
    /// `key`, without keeping its value.
    pub(crate) fn require_property(&self, key: &'static str) -> Result<(), Error> {
        self.property::<serde::de::IgnoredAny>(key).map(drop)
    }

    fn property<T: serde::de::DeserializeOwned>(&self, key: &'static str) -> Result<T, Error> {
        match self.decode_property_seed(PropertySeed { key, _value: PhantomData::<T> }) {
            Ok(Property { value: Some(value), .. }) => Ok(value),
            Ok(Property { value: None, others }) => {
                let sent = if others.is_empty() {
                    "no property".to_owned()
                } else {
                    format!("only {}", others.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", "))
                };
                Err(self.decode_error(String::new(), format!("the response has no `{key}`: it has {sent}"), 1, 1))
            }
            Err(err) => Err(err),
        }
    }

    /// Decodes one property of a JSON object body that the spec makes
    /// optional: `None` when it is absent or `null`.
    pub(crate) fn decode_optional_property<T: serde::de::DeserializeOwned>(self, key: &'static str) -> Result<Option<T>, Error> {
        self.decode_property_seed(PropertySeed { key, _value: PhantomData::<Option<T>> })
            .map(|property| property.value.flatten())
    }

    /// Decodes one property of the body with `seed`, naming the place that
    /// does not decode when it fails.
    fn decode_property_seed<T: serde::de::DeserializeOwned>(&self, seed: PropertySeed<T>) -> Result<Property<T>, Error> {
        use serde::de::DeserializeSeed as _;
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        // The fast path; only a body that fails is decoded again, slower,
        // to find the path of the field that fails.
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        if let Ok(value) = seed.clone().deserialize(&mut deserializer).and_then(|value| deserializer.end().map(|()| value)) {
            return Ok(value);
        }
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let mut track = serde_path_to_error::Track::new();
        let result = seed.deserialize(serde_path_to_error::Deserializer::new(&mut deserializer, &mut track));
        let result = result.and_then(|value| deserializer.end().map(|()| value));
        result.map_err(|err| self.decode_error(track.path().to_string(), err.to_string(), err.line(), err.column()))
    }

    fn decode_error(&self, json_path: String, message: String, line: usize, column: usize) -> Error {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        Error::Decode(Box::new(DecodeError {
            excerpt: excerpt(body, line, column),
            message,
            json_path,
            method: self.method.clone(),
            path: self.path.clone(),
            status: self.status,
            request_id: self.request_id.clone(),
        }))
    }

    /// Decodes the body, naming the place that does not decode when it fails.
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        // The fast path; only a body that fails is decoded again, slower,
        // to find the path of the field that fails.
        if let Ok(value) = serde_json::from_slice(body) {
            return Ok(value);
        }
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
            let json_path = err.path().to_string();
            let inner = err.into_inner();
            Error::Decode(Box::new(DecodeError {
                excerpt: excerpt(body, inner.line(), inner.column()),
                message: inner.to_string(),
                json_path,
                method: self.method,
                path: self.path,
                status: self.status,
                request_id: self.request_id,
            }))
        })
    }
}

/// What [`PropertySeed`] found: the property, and the names of the others.
struct Property<T> {
    value: Option<T>,
    others: Vec<String>,
}

/// Decodes one property of a JSON object and skips the others, keeping
/// their names for the error that says the property is absent.
struct PropertySeed<T> {
    key: &'static str,
    _value: PhantomData<T>,
}

impl<T> Clone for PropertySeed<T> {
    fn clone(&self) -> Self {
        PropertySeed { key: self.key, _value: PhantomData }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::de::DeserializeSeed<'de> for PropertySeed<T> {
    type Value = Property<T>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for PropertySeed<T> {
    type Value = Property<T>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "an object with `{}`", self.key)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut property = Property { value: None, others: Vec::new() };
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if name == self.key && property.value.is_none() {
                property.value = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
                property.others.push(name.into_owned());
            }
        }
        Ok(property)
    }
}

/// Up to 300 characters of `body` around line `line`, column `column`.
fn excerpt(body: &[u8], line: usize, column: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let at = (line_start + column).min(text.len());
    let mut start = at.saturating_sub(150);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    truncate(text.get(start..).unwrap_or_default(), 300).to_owned()
}

#[cfg(test)]
mod path_tests {
    use super::*;

    #[test]
    fn path_parameters_in_every_style() {
        let object = serde_json::json!({ "role": "admin", "firstName": "Alex" });
        let list = serde_json::json!(["blue", "black"]);
        assert_eq!(path_segment(&5).unwrap(), "5");
        assert_eq!(path_segment(&"a b").unwrap(), "a%20b");
        assert_eq!(path_segment(&list).unwrap(), "blue,black");
        assert_eq!(path_segment(&object).unwrap(), "firstName,Alex,role,admin");
        assert_eq!(path_label(&list, false).unwrap(), ".blue,black");
        assert_eq!(path_label(&list, true).unwrap(), ".blue.black");
        assert_eq!(path_label(&object, true).unwrap(), ".firstName=Alex.role=admin");
        assert_eq!(path_matrix("color", &list, false).unwrap(), ";color=blue,black");
        assert_eq!(path_matrix("color", &list, true).unwrap(), ";color=blue;color=black");
        assert_eq!(path_matrix("color", &object, true).unwrap(), ";firstName=Alex;role=admin");
        assert_eq!(path_matrix("color", &object, false).unwrap(), ";color=firstName,Alex,role,admin");
        // Empty lists and objects are undefined (RFC 6570): nothing at all.
        assert_eq!(path_label(&serde_json::json!({}), false).unwrap(), "");
        assert_eq!(path_matrix("color", &serde_json::json!([]), true).unwrap(), "");
        assert_eq!(path_segment(&serde_json::json!([])).unwrap(), "");
    }
}

#[cfg(test)]
mod backoff_tests {
    use super::*;

    fn options(initial_ms: u64, max_ms: u64) -> RetryOptions {
        RetryOptions {
            initial_backoff: Duration::from_millis(initial_ms),
            max_backoff: Duration::from_millis(max_ms),
            ..RetryOptions::default()
        }
    }

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[test]
    fn the_ceiling_doubles_from_the_initial_backoff_up_to_the_maximum() {
        let options = options(100, 1_000);
        let ceilings: Vec<Duration> = (0..6).map(|retry| backoff_ceiling(&options, retry)).collect();
        assert_eq!(ceilings, [ms(100), ms(200), ms(400), ms(800), ms(1_000), ms(1_000)]);
        // Far retries neither overflow nor pass the maximum.
        assert_eq!(backoff_ceiling(&options, 64), ms(1_000));
        assert_eq!(backoff_ceiling(&options, u32::MAX), ms(1_000));
        assert_eq!(backoff_ceiling(&RetryOptions::default(), 0), ms(500));
        assert_eq!(backoff_ceiling(&RetryOptions::default(), 10), Duration::from_secs(10));
    }

    #[test]
    fn the_wait_is_a_random_part_of_the_ceiling() {
        let options = options(100, 1_000);
        // The random number is asked for up to the ceiling, in milliseconds.
        let mut asked = Vec::new();
        for retry in 0..5 {
            backoff(&options, retry, None, |upper| {
                asked.push(upper);
                0
            });
        }
        assert_eq!(asked, [100, 200, 400, 800, 1_000]);
        assert_eq!(backoff(&options, 2, None, |_| 0), Duration::ZERO);
        assert_eq!(backoff(&options, 2, None, |upper| upper), ms(400));
        assert_eq!(backoff(&options, 2, None, |_| 123), ms(123));
        // A random number past the ceiling is cut to it.
        assert_eq!(backoff(&options, 2, None, |_| u64::MAX), ms(400));
    }

    #[test]
    fn jitter_stays_within_the_ceiling_and_varies() {
        let options = options(100, 1_000);
        let waits: Vec<Duration> = (0..500).map(|_| backoff(&options, 2, None, random_up_to)).collect();
        assert!(waits.iter().all(|wait| *wait <= ms(400)), "{waits:?}");
        let distinct: std::collections::BTreeSet<Duration> = waits.iter().copied().collect();
        assert!(distinct.len() > 50, "only {} distinct waits in 500", distinct.len());
        assert!((0..100).all(|_| random_up_to(0) == 0));
        assert!((0..1_000).all(|_| random_up_to(3) <= 3));
    }

    #[test]
    fn retry_after_is_waited_as_given_up_to_the_maximum() {
        let options = options(100, 1_000);
        // No jitter: the server's wait is waited whatever the random number.
        assert_eq!(backoff(&options, 0, Some(ms(700)), |_| 0), ms(700));
        assert_eq!(backoff(&options, 3, Some(Duration::ZERO), |upper| upper), Duration::ZERO);
        assert_eq!(backoff(&options, 0, Some(Duration::from_secs(30)), |_| 0), ms(1_000));
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static(" 30 "));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(30)));
        headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(retry_after(&headers), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug_output() {
        let builder = ClientBuilder::new().bearer_token("the_secret_value").secret_header("x-key", "other_secret");
        let client = builder.clone().base_url("http://127.0.0.1:1").build().unwrap();
        for text in [format!("{builder:?}"), format!("{client:?}"), format!("{:?}", Secret::new("the_secret_value"))] {
            assert!(!text.contains("secret_value") && !text.contains("other_secret"), "{text}");
        }
    }

    #[test]
    fn parameters_are_written_in_their_style() {
        let pairs = |value: serde_json::Value, style| parameter_pairs("id", &value, style);
        let list = serde_json::json!([1, 2]);
        let object = serde_json::json!({"a": 1, "b": "x"});
        let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
        };
        assert_eq!(pairs(list.clone(), ParameterStyle::FormExploded), owned(&[("id", "1"), ("id", "2")]));
        assert_eq!(pairs(list.clone(), ParameterStyle::Form), owned(&[("id", "1,2")]));
        assert_eq!(pairs(list.clone(), ParameterStyle::SpaceDelimited), owned(&[("id", "1 2")]));
        assert_eq!(pairs(list, ParameterStyle::PipeDelimited), owned(&[("id", "1|2")]));
        assert_eq!(pairs(object.clone(), ParameterStyle::FormExploded), owned(&[("a", "1"), ("b", "x")]));
        assert_eq!(pairs(object.clone(), ParameterStyle::Form), owned(&[("id", "a,1,b,x")]));
        assert_eq!(pairs(object, ParameterStyle::DeepObject), owned(&[("id[a]", "1"), ("id[b]", "x")]));
        assert_eq!(pairs(serde_json::Value::Null, ParameterStyle::Form), owned(&[]));
        assert_eq!(pairs(serde_json::json!("a b"), ParameterStyle::Simple), owned(&[("id", "a b")]));
    }

    #[test]
    fn path_parameters_are_written_in_their_style() {
        let list = serde_json::json!(["a b", 2]);
        assert_eq!(path_segment(&list).unwrap(), "a%20b,2");
        assert_eq!(path_label(&list, false).unwrap(), ".a%20b,2");
        assert_eq!(path_label(&list, true).unwrap(), ".a%20b.2");
        assert_eq!(path_matrix("id", &list, false).unwrap(), ";id=a%20b,2");
        assert_eq!(path_matrix("id", &list, true).unwrap(), ";id=a%20b;id=2");
        assert_eq!(path_matrix("id", &5, false).unwrap(), ";id=5");
    }

    #[test]
    fn cookies_share_one_header() {
        let request = Request::new(Method::GET, "/".to_owned()).cookie("a", &1, ParameterStyle::Form).unwrap().cookie("b", &"x;y", ParameterStyle::Form).unwrap();
        let request = request.cookie("c", &Option::<String>::None, ParameterStyle::Form).unwrap();
        assert_eq!(request.headers, [("cookie", "a=1; b=xy".to_owned())]);
    }

    #[test]
    fn form_and_multipart_bodies_are_encoded() {
        let body = serde_json::json!({"name": "a b&c", "tags": ["x", "y"], "age": 3, "none": null, "nested": {"k": 1}});
        let form = Request::new(Method::POST, "/".to_owned()).form(&body).unwrap();
        let (content_type, bytes) = form.body.unwrap();
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(String::from_utf8(bytes).unwrap(), "age=3&name=a+b%26c&nested=%7B%22k%22%3A1%7D&tags=x&tags=y");
        let multipart = Request::new(Method::POST, "/".to_owned()).multipart(&body).unwrap();
        let (content_type, bytes) = multipart.body.unwrap();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.matches(&format!("--{boundary}\r\n")).count(), 5, "{text}");
        assert!(text.contains("name=\"tags\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ny\r\n"), "{text}");
        assert!(text.contains("name=\"age\"\r\nContent-Type: application/json\r\n\r\n3\r\n"), "{text}");
        assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
        assert!(Request::new(Method::POST, "/".to_owned()).form(&[1, 2]).is_err());
    }

    #[test]
    fn the_request_id_comes_from_the_first_header_the_settings_name_that_came() {
        // Every header named, each with its place as its value, given last first.
        let mut headers = HeaderMap::new();
        for (index, name) in crate::config::REQUEST_ID_HEADERS.iter().enumerate().rev() {
            headers.insert(HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(&format!("id-{index}")).unwrap());
        }
        assert!(!crate::config::REQUEST_ID_HEADERS.is_empty());
        assert_eq!(request_id(&headers).as_deref(), Some("id-0"));
        assert_eq!(request_id(&HeaderMap::new()), None);
    }

    #[test]
    fn a_parameter_given_by_content_is_sent_as_its_json_text() {
        let pairs = parameter_pairs("filter", &serde_json::json!({"name": "rex", "legs": 4}), ParameterStyle::Json);
        assert_eq!(pairs, [("filter".to_owned(), r#"{"legs":4,"name":"rex"}"#.to_owned())]);
        assert_eq!(parameter_pairs("q", &serde_json::json!("rex"), ParameterStyle::Json), [("q".to_owned(), r#""rex""#.to_owned())]);
        assert!(parameter_pairs("q", &serde_json::Value::Null, ParameterStyle::Json).is_empty());
        assert_eq!(path_json(&serde_json::json!(["a b"])).unwrap(), "%5B%22a%20b%22%5D");
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(path_segment("a b/c?").unwrap(), "a%20b%2Fc%3F");
        assert_eq!(path_segment(&42).unwrap(), "42");
    }

    #[test]
    fn bad_configuration_is_refused_before_sending() {
        assert!(matches!(ClientBuilder::new().base_url("not a url").build(), Err(Error::Config(_))));
        let err = ClientBuilder::new().bearer_token("bad\nvalue").build().unwrap_err();
        assert!(!err.to_string().contains("bad"), "{err}");
    }

    fn credentials() -> Vec<(&'static str, Credential)> {
        let builder = ClientBuilder::new()
            .credential("key", Credential::Header { name: "x-key", value: Secret::new("k1") })
            .credential("token", Credential::Bearer(Secret::new("t1")))
            .credential("key", Credential::Query { name: "key", value: Secret::new("k2") });
        builder.credentials
    }

    #[test]
    fn the_first_alternative_with_every_credential_is_sent() {
        let credentials = credentials();
        // A later credential of a scheme replaces the earlier one.
        assert_eq!(credentials.len(), 2);
        let names = |alternatives: &[&[&str]]| format!("{:?}", chosen(&credentials, alternatives));
        assert_eq!(names(&[&["basic"], &["key", "token"], &["token"]]), "[Query(key), Bearer]");
        assert_eq!(names(&[&["key", "basic"], &["token"]]), "[Bearer]");
        assert_eq!(names(&[&["basic"]]), "[]");
        assert_eq!(names(&[&["basic"], &[]]), "[]");
        assert_eq!(names(&[]), "[]");
    }

    #[test]
    fn basic_credentials_are_base64() {
        let basic = Credential::Basic { username: "Aladdin".to_owned(), password: Secret::new("open sesame") };
        assert_eq!(basic.header().map(|(_, value)| value).as_deref(), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
        let encoded: Vec<String> = ["", "f", "fo", "foo", "foob", "fooba", "foobar"].iter().map(|text| base64(text.as_bytes())).collect();
        assert_eq!(encoded, ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"]);
        let bad = ClientBuilder::new().credential("basic", Credential::Basic { username: "a:b".to_owned(), password: Secret::new("p") });
        assert!(matches!(bad.build(), Err(Error::Config(_))));
    }

    #[test]
    fn credentials_never_show_in_debug_output() {
        let builder = ClientBuilder::new()
            .credential("header", Credential::Header { name: "x-key", value: Secret::new("secret_header_value") })
            .credential("query", Credential::Query { name: "key", value: Secret::new("secret_query_value") })
            .credential("cookie", Credential::Cookie { name: "session", value: Secret::new("secret_cookie_value") })
            .credential("bearer", Credential::Bearer(Secret::new("secret_token_value")))
            .credential("basic", Credential::Basic { username: "secret_user_value".to_owned(), password: Secret::new("secret_password_value") });
        let client = builder.clone().base_url("http://127.0.0.1:1").build().unwrap();
        for text in [format!("{builder:?}"), format!("{client:?}")] {
            assert!(!text.contains("_value"), "{text}");
            assert!(text.contains("bearer") && text.contains("basic"), "{text}");
        }
    }

    #[tokio::test]
    async fn a_query_credential_never_shows_in_a_transport_error() {
        let client = ClientBuilder::new()
            .base_url("http://127.0.0.1:9")
            .retry_options(RetryOptions::never())
            .credential("key", Credential::Query { name: "api_key", value: Secret::new("query_secret_value") })
            .build()
            .unwrap();
        let request = Request::new(Method::GET, "/things".to_owned()).security(&[&["key"]]);
        let error = client.send(request).await.err().unwrap();
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        let mut texts = vec![format!("{error:?}")];
        let mut source: Option<&dyn std::error::Error> = Some(&error);
        while let Some(current) = source {
            texts.push(current.to_string());
            source = current.source();
        }
        for text in texts {
            assert!(!text.contains("query_secret_value"), "{text}");
        }
    }

    /// A one-request HTTP server on loopback: the head of the request it
    /// got comes back through the handle, and it answers `200 {}`.
    fn one_request_server() -> (String, std::thread::JoinHandle<String>) {
        use std::io::{Read as _, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() == 1 {
                head.push(byte[0]);
            }
            stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}").unwrap();
            String::from_utf8(head).unwrap()
        });
        (url, handle)
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn credentials_go_where_their_scheme_says_and_cookies_share_one_header() {
        let (url, server) = one_request_server();
        let client = ClientBuilder::new()
            .base_url(url)
            .credential("query", Credential::Query { name: "api_key", value: Secret::new("query_secret") })
            .credential("cookie", Credential::Cookie { name: "session", value: Secret::new("cookie_secret") })
            .credential("header", Credential::Header { name: "x-key", value: Secret::new("header_secret") })
            .credential("unused", Credential::Bearer(Secret::new("bearer_secret")))
            .build()
            .unwrap();
        let request = Request::new(Method::GET, "/things".to_owned())
            .query("page", &2, ParameterStyle::FormExploded)
            .unwrap()
            .cookie("theme", &"dark", ParameterStyle::Form)
            .unwrap()
            .security(&[&["query", "cookie", "header"]]);
        client.send(request).await.unwrap();
        let head = server.join().unwrap().to_lowercase();
        assert!(head.starts_with("get /things?page=2&api_key=query_secret http/1.1\r\n"), "{head}");
        assert_eq!(head.matches("cookie:").count(), 1, "{head}");
        assert!(head.contains("\r\ncookie: theme=dark; session=cookie_secret\r\n"), "{head}");
        assert!(head.contains("\r\nx-key: header_secret\r\n"), "{head}");
        assert!(!head.contains("bearer_secret"), "a credential no alternative names is not sent: {head}");
    }

    #[test]
    fn credential_headers_are_marked_sensitive_and_others_are_not() {
        let client = ClientBuilder::new()
            .base_url("http://127.0.0.1:1")
            .credential("cookie", Credential::Cookie { name: "session", value: Secret::new("cookie_secret") })
            .credential("header", Credential::Header { name: "x-key", value: Secret::new("header_secret") })
            .credential("bearer", Credential::Bearer(Secret::new("bearer_secret")))
            .header("x-plain", "visible")
            .build()
            .unwrap();
        let request = Request::new(Method::GET, "/things".to_owned()).security(&[&["cookie", "header", "bearer"]]);
        let prepared = client.prepare(&request).map_err(|(err, _)| err).unwrap();
        let headers = prepared.headers();
        for name in ["cookie", "x-key", "authorization"] {
            assert!(headers.get(name).is_some_and(HeaderValue::is_sensitive), "`{name}` is not marked sensitive: {headers:?}");
        }
        assert!(headers.get("x-plain").is_some_and(|value| !value.is_sensitive()));
        // `Debug` of what is sent shows no credential.
        let shown = format!("{prepared:?}");
        assert!(["cookie_secret", "header_secret", "bearer_secret"].iter().all(|secret| !shown.contains(secret)), "{shown}");
    }

    #[test]
    fn api_errors_read_the_kind_and_message_where_the_settings_say_and_keep_other_bodies() {
        // The first place of the settings' lists, in this crate's settings.
        let (kind_at, message_at) = (crate::config::ERROR_TYPE_POINTERS[0], crate::config::ERROR_MESSAGE_POINTERS[0]);
        let mut body = serde_json::json!({});
        for (pointer, value) in [(kind_at, "invalid_input"), (message_at, "x is required")] {
            let mut place = &mut body;
            for step in pointer.split('/').skip(1) {
                place = &mut place[step];
            }
            *place = serde_json::json!(value);
        }
        let body = body.to_string();
        let error = ApiError::new("POST", "/a", 400, Some("request1".to_owned()), body.as_bytes());
        assert_eq!(error.error_type.as_deref(), Some("invalid_input"), "{body}");
        assert_eq!(error.message.as_deref(), Some("x is required"), "{body}");
        assert_eq!(error.body_json(), serde_json::from_str(&body).ok());
        assert_eq!(error.to_string(), "POST /a failed with HTTP 400: invalid_input: x is required (request id request1)");
        // A value that is not a string is not a kind or a message.
        let odd = ApiError::new("POST", "/a", 400, None, br#"{"error": {"type": 7, "message": ["x"]}, "type": 8}"#);
        assert_eq!((odd.error_type, odd.message), (None, None));
        let plain = ApiError::new("GET", "/b", 404, None, b"404");
        assert_eq!(plain.body, "404");
        assert_eq!(plain.to_string(), "GET /b failed with HTTP 404: 404");
    }
}
