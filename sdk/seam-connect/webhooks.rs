//! Verifying webhook deliveries, as Seam's official SDKs do. Seam sends
//! webhooks through Svix: each delivery carries `svix-id`,
//! `svix-timestamp` and `svix-signature` headers, the signature being a
//! base64 HMAC-SHA256, keyed with the endpoint's `whsec_…` secret, of
//! `{id}.{timestamp}.{body}`. The unbranded `webhook-id`,
//! `webhook-timestamp` and `webhook-signature` headers (the Standard
//! Webhooks names) are accepted too, as Svix's libraries accept them.
//! Hand-written for the Seam crate; `cargo
//! xtask codegen` copies it in.

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

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::types::Event;

/// How far a delivery's timestamp may be from now, either way.
const TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a delivery was not accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The webhook secret is not a `whsec_…` base64 key.
    #[error("the webhook secret is not a `whsec_` secret of base64 bytes")]
    InvalidSecret,
    /// A header is missing.
    #[error("the `{0}` header is missing")]
    MissingHeader(&'static str),
    /// A header is there but not in the Svix format.
    #[error("the `{0}` header is malformed")]
    MalformedHeader(&'static str),
    /// The timestamp is more than 5 minutes from now: a replay, or a clock problem.
    #[error("the delivery's timestamp is {seconds_off} seconds from now, more than the 5 minutes allowed")]
    StaleTimestamp {
        /// How far the timestamp is from now, in seconds.
        seconds_off: u64,
    },
    /// No signature matches: the body or a header was changed, or the secret is another one.
    #[error("no signature of the delivery matches: it was tampered with or signed with another secret")]
    InvalidSignature,
    /// The signature is right but the body is not an event.
    #[error("the delivery is authentic but does not decode as an event: {0}")]
    Decode(#[source] serde_json::Error),
}

/// Verifies webhook deliveries for one endpoint secret.
#[derive(Clone)]
pub struct Webhook {
    key: Vec<u8>,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Webhook(<redacted>)")
    }
}

impl Webhook {
    /// A verifier for the endpoint secret `secret` (`whsec_…`).
    pub fn new(secret: &str) -> Result<Webhook, WebhookError> {
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let key = BASE64.decode(encoded).map_err(|_| WebhookError::InvalidSecret)?;
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret);
        }
        Ok(Webhook { key })
    }

    /// Verifies a delivery and decodes its event. `header` looks a request
    /// header up by its lowercase name, whatever HTTP library received it:
    /// `|name| headers.get(name).and_then(|value| value.to_str().ok())`.
    pub fn verify<'h>(&self, body: &[u8], header: impl Fn(&str) -> Option<&'h str>) -> Result<Event, WebhookError> {
        self.verify_at(body, header, SystemTime::now())
    }

    /// [`Webhook::verify`], as if it were `now`.
    pub fn verify_at<'h>(&self, body: &[u8], header: impl Fn(&str) -> Option<&'h str>, now: SystemTime) -> Result<Event, WebhookError> {
        self.verify_signature_at(body, header, now)?;
        serde_json::from_slice(body).map_err(WebhookError::Decode)
    }

    /// Checks only that the delivery is authentic and fresh, as if it were `now`.
    pub fn verify_signature_at<'h>(&self, body: &[u8], header: impl Fn(&str) -> Option<&'h str>, now: SystemTime) -> Result<(), WebhookError> {
        // Svix's own libraries accept the unbranded `webhook-…` headers of
        // the Standard Webhooks scheme where the `svix-…` ones are absent.
        let get = |name: &'static str, unbranded: &'static str| {
            [name, unbranded]
                .into_iter()
                .find_map(|name| header(name).map(str::trim).filter(|value| !value.is_empty()))
                .ok_or(WebhookError::MissingHeader(name))
        };
        let id = get("svix-id", "webhook-id")?;
        let timestamp = get("svix-timestamp", "webhook-timestamp")?;
        let signatures = get("svix-signature", "webhook-signature")?;
        let seconds: u64 = timestamp.parse().map_err(|_| WebhookError::MalformedHeader("svix-timestamp"))?;
        let now = now.duration_since(UNIX_EPOCH).map(|since| since.as_secs()).unwrap_or(0);
        let seconds_off = now.abs_diff(seconds);
        if seconds_off > TOLERANCE.as_secs() {
            return Err(WebhookError::StaleTimestamp { seconds_off });
        }
        let mut candidates = Vec::new();
        for entry in signatures.split(' ').filter(|entry| !entry.is_empty()) {
            let Some((version, signature)) = entry.split_once(',') else {
                return Err(WebhookError::MalformedHeader("svix-signature"));
            };
            if version == "v1" {
                candidates.push(BASE64.decode(signature).map_err(|_| WebhookError::MalformedHeader("svix-signature"))?);
            }
        }
        if candidates.is_empty() {
            return Err(WebhookError::MalformedHeader("svix-signature"));
        }
        for candidate in candidates {
            let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).map_err(|_| WebhookError::InvalidSecret)?;
            mac.update(id.as_bytes());
            mac.update(b".");
            mac.update(timestamp.as_bytes());
            mac.update(b".");
            mac.update(body);
            // A constant-time comparison.
            if mac.verify_slice(&candidate).is_ok() {
                return Ok(());
            }
        }
        Err(WebhookError::InvalidSignature)
    }
}
