// Copied by `cargo xtask codegen` from `sdk/seam-connect/action_attempts.rs`, do not edit here.
//! Waiting for action attempts, as Seam's official SDKs do: an action
//! (unlock a door, set a thermostat) returns a `pending` action attempt,
//! and the SDK polls `action_attempts/get` until it is `success` or
//! `error`. Hand-written for the Seam crate; `cargo xtask codegen` copies
//! it in, and the methods of endpoints marked `x-action-attempt-type` call
//! [`Client::wait_for_action_attempt`].

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

use std::time::Instant;

use crate::types::{ActionAttempt, ActionAttemptsGetRequest};
use crate::{Client, Error, OperationFailed, OperationTimedOut, WaitOptions};

fn state(attempt: &ActionAttempt) -> serde_json::Value {
    serde_json::to_value(attempt).unwrap_or(serde_json::Value::Null)
}

/// The error type and message of a failed attempt, read from its `error`.
fn failure(attempt: &ActionAttempt) -> Error {
    let state = state(attempt);
    let field = |name: &str| state.get("error").and_then(|error| error.get(name)).and_then(serde_json::Value::as_str).map(str::to_owned);
    Error::OperationFailed(Box::new(OperationFailed {
        kind: attempt.action_type().unwrap_or("action attempt").to_owned(),
        id: attempt.action_attempt_id().unwrap_or_default().to_owned(),
        error_type: field("type"),
        message: field("message"),
        state,
    }))
}

impl Client {
    /// Waits until `attempt` succeeds, polling `action_attempts/get` every
    /// `options.interval` for at most `options.timeout`. A failed attempt
    /// is [`Error::OperationFailed`] with its error type and message; one
    /// still pending after the timeout is [`Error::OperationTimedOut`] with
    /// its last state. With `options.enabled` false, returns `attempt` as it is.
    pub async fn wait_for_action_attempt(&self, attempt: ActionAttempt, options: &WaitOptions) -> Result<ActionAttempt, Error> {
        if !options.enabled {
            return Ok(attempt);
        }
        let started = Instant::now();
        let mut attempt = attempt;
        loop {
            match attempt.status() {
                Some("success") => return Ok(attempt),
                Some("error") => return Err(failure(&attempt)),
                _ => {}
            }
            let waited = started.elapsed();
            if waited + options.interval > options.timeout {
                return Err(Error::OperationTimedOut(Box::new(OperationTimedOut {
                    kind: attempt.action_type().unwrap_or("action attempt").to_owned(),
                    id: attempt.action_attempt_id().unwrap_or_default().to_owned(),
                    waited,
                    state: state(&attempt),
                })));
            }
            tokio::time::sleep(options.interval).await;
            let Some(id) = attempt.action_attempt_id().map(str::to_owned) else { return Ok(attempt) };
            attempt = self.action_attempts().get(ActionAttemptsGetRequest::new(id)).await?;
        }
    }
}
