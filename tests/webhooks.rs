//! Webhook verification (Svix scheme). The signatures here were computed
//! independently, with Python's `hmac`, or come from Svix's documentation.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use seam_connect::{Webhook, WebhookError};

/// Svix's published example delivery.
const SVIX_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SVIX_BODY: &[u8] = br#"{"test": 2432232314}"#;
const SVIX_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SVIX_TIMESTAMP: u64 = 1614265330;
const SVIX_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

/// A `device.connected` event from Seam's fake server, signed with Python.
const EVENT_SECRET: &str = "whsec_c2VhbS13ZWJob29rLXRlc3Qtc2VjcmV0LWJ5dGVzISE=";
const EVENT_BODY: &str = include_str!("data/webhook_event.json");
const EVENT_SIGNATURE: &str = "v1,f1J0XnnwQe3s0+FH64PpcrK8PDTvh/eiyI6jF9YbieY=";

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn headers<'a>(id: &'a str, timestamp: &'a str, signature: &'a str) -> impl Fn(&str) -> Option<&'a str> {
    move |name| match name {
        "svix-id" => Some(id),
        "svix-timestamp" => Some(timestamp),
        "svix-signature" => Some(signature),
        _ => None,
    }
}

#[test]
fn svix_s_example_delivery_is_authentic() {
    let webhook = Webhook::new(SVIX_SECRET).unwrap();
    let timestamp = SVIX_TIMESTAMP.to_string();
    // Several signatures may be listed (during a secret rotation): one match is enough.
    let signatures = format!("v1,bm90IGl0 {SVIX_SIGNATURE}");
    webhook.verify_signature_at(SVIX_BODY, headers(SVIX_ID, &timestamp, &signatures), at(SVIX_TIMESTAMP + 10)).unwrap();
    // Not a Seam event: like any event type this crate does not know, it is kept as raw JSON.
    let event = webhook.verify_at(SVIX_BODY, headers(SVIX_ID, &timestamp, SVIX_SIGNATURE), at(SVIX_TIMESTAMP)).unwrap();
    assert!(matches!(event, seam_connect::types::Event::Unknown(raw) if raw["test"] == 2432232314u64));
    // A body that is not the signed one fails the signature.
    let error = Webhook::new(SVIX_SECRET).unwrap().verify_at(b"not json", headers(SVIX_ID, &timestamp, SVIX_SIGNATURE), at(SVIX_TIMESTAMP));
    assert!(matches!(error, Err(WebhookError::InvalidSignature)), "{error:?}");
    // A signed body that is not JSON at all is a decode error, after the signature is checked
    // (signed with Python's `hmac` for this test).
    let not_json_signature = "v1,aE5G1260jAS4eUjsE1sxSpaEAl8j0b6VOwoF9zx6FTk=";
    let error = webhook.verify_at(b"not json", headers(SVIX_ID, &timestamp, not_json_signature), at(SVIX_TIMESTAMP));
    assert!(matches!(error, Err(WebhookError::Decode(_))), "{error:?}");
}

#[test]
fn timestamps_within_five_minutes_either_way_are_accepted() {
    let webhook = Webhook::new(SVIX_SECRET).unwrap();
    let timestamp = SVIX_TIMESTAMP.to_string();
    let verify = |now: u64| webhook.verify_signature_at(SVIX_BODY, headers(SVIX_ID, &timestamp, SVIX_SIGNATURE), at(now));
    // Exactly 300 s late or early is still accepted; 301 s is not.
    verify(SVIX_TIMESTAMP + 300).unwrap();
    verify(SVIX_TIMESTAMP - 300).unwrap();
    assert!(matches!(verify(SVIX_TIMESTAMP + 301), Err(WebhookError::StaleTimestamp { seconds_off: 301 })));
    assert!(matches!(verify(SVIX_TIMESTAMP - 301), Err(WebhookError::StaleTimestamp { seconds_off: 301 })));
}

#[test]
fn only_v1_signatures_count() {
    let webhook = Webhook::new(SVIX_SECRET).unwrap();
    let timestamp = SVIX_TIMESTAMP.to_string();
    // The right signature under another version is not a v1 signature.
    let signature = SVIX_SIGNATURE.replacen("v1,", "v2,", 1);
    let error = webhook.verify_signature_at(SVIX_BODY, headers(SVIX_ID, &timestamp, &signature), at(SVIX_TIMESTAMP));
    assert!(matches!(error, Err(WebhookError::MalformedHeader("svix-signature"))), "{error:?}");
}

#[test]
fn a_signed_event_decodes_into_the_event_type() {
    let webhook = Webhook::new(EVENT_SECRET).unwrap();
    let event = webhook.verify_at(EVENT_BODY.as_bytes(), headers("msg_test_1", "1700000000", EVENT_SIGNATURE), at(1700000060)).unwrap();
    let value = serde_json::to_value(&event).unwrap();
    assert_eq!(value["event_type"], "device.connected");
}

#[test]
fn tampered_stale_and_malformed_deliveries_get_distinct_errors() {
    let webhook = Webhook::new(EVENT_SECRET).unwrap();
    let now = at(1700000000);
    let tampered = EVENT_BODY.replace("device.connected", "device.removed");
    let error = webhook.verify_at(tampered.as_bytes(), headers("msg_test_1", "1700000000", EVENT_SIGNATURE), now).unwrap_err();
    assert!(matches!(error, WebhookError::InvalidSignature), "{error:?}");
    let error = webhook.verify_at(EVENT_BODY.as_bytes(), headers("msg_other", "1700000000", EVENT_SIGNATURE), now).unwrap_err();
    assert!(matches!(error, WebhookError::InvalidSignature), "a changed id: {error:?}");

    let late = at(1700000000 + 6 * 60);
    let error = webhook.verify_at(EVENT_BODY.as_bytes(), headers("msg_test_1", "1700000000", EVENT_SIGNATURE), late).unwrap_err();
    assert!(matches!(error, WebhookError::StaleTimestamp { seconds_off: 360 }), "{error:?}");
    let early = at(1700000000 - 6 * 60);
    let error = webhook.verify_at(EVENT_BODY.as_bytes(), headers("msg_test_1", "1700000000", EVENT_SIGNATURE), early).unwrap_err();
    assert!(matches!(error, WebhookError::StaleTimestamp { .. }), "{error:?}");

    let error = webhook.verify_at(EVENT_BODY.as_bytes(), headers("msg_test_1", "yesterday", EVENT_SIGNATURE), now).unwrap_err();
    assert!(matches!(error, WebhookError::MalformedHeader("svix-timestamp")), "{error:?}");
    let error = webhook.verify_at(EVENT_BODY.as_bytes(), headers("msg_test_1", "1700000000", "no-comma"), now).unwrap_err();
    assert!(matches!(error, WebhookError::MalformedHeader("svix-signature")), "{error:?}");
    let error = webhook.verify_at(EVENT_BODY.as_bytes(), |_| None, now).unwrap_err();
    assert!(matches!(error, WebhookError::MissingHeader("svix-id")), "{error:?}");
    assert!(matches!(Webhook::new("whsec_%%%"), Err(WebhookError::InvalidSecret)));
    assert!(!format!("{webhook:?}").contains("c2VhbS13"), "the secret stays out of Debug output");
}

/// Svix's libraries also accept the unbranded Standard Webhooks headers
/// (`webhook-id`, `webhook-timestamp`, `webhook-signature`); so does this one.
#[test]
fn unbranded_webhook_headers_are_accepted() {
    let webhook = Webhook::new(SVIX_SECRET).unwrap();
    let timestamp = SVIX_TIMESTAMP.to_string();
    let unbranded = |name: &str| match name {
        "webhook-id" => Some(SVIX_ID),
        "webhook-timestamp" => Some(timestamp.as_str()),
        "webhook-signature" => Some(SVIX_SIGNATURE),
        _ => None,
    };
    webhook.verify_signature_at(SVIX_BODY, unbranded, at(SVIX_TIMESTAMP)).unwrap();
    // A wrong unbranded signature is still wrong.
    let tampered = |name: &str| if name == "webhook-signature" { Some("v1,bm90IGl0") } else { unbranded(name) };
    assert!(matches!(webhook.verify_signature_at(SVIX_BODY, tampered, at(SVIX_TIMESTAMP)), Err(WebhookError::InvalidSignature)));
    // With neither header, the error names the Svix one.
    let none = |_: &str| None;
    assert!(matches!(webhook.verify_signature_at(SVIX_BODY, none, at(SVIX_TIMESTAMP)), Err(WebhookError::MissingHeader("svix-id"))));
}

/// The signature is compared in constant time: through `Mac::verify_slice`,
/// never by computing the MAC's bytes (which `==` could then compare
/// byte by byte, leaking how much of a forged signature was right).
#[test]
fn signatures_are_compared_in_constant_time() {
    let source = include_str!("../sdk/seam-connect/webhooks.rs");
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    assert!(code.contains(".verify_slice("), "the MAC is not checked with `verify_slice`");
    for leak in ["finalize()", "into_bytes()", "finalize_reset()"] {
        assert!(!code.contains(leak), "the MAC's bytes are computed (`{leak}`): compare with `verify_slice`");
    }
}
