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

use crate::endpoints::ActionAttempts;
use crate::types::{action_attempts, ActionAttempt};
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

/// An attempt that cannot be waited for: a status this crate does not
/// know (or none), or no id to ask about it by.
fn cannot_wait(attempt: &ActionAttempt, message: String) -> Error {
    Error::OperationFailed(Box::new(OperationFailed {
        kind: attempt.action_type().unwrap_or("action attempt").to_owned(),
        id: attempt.action_attempt_id().unwrap_or_default().to_owned(),
        error_type: None,
        message: Some(message),
        state: state(attempt),
    }))
}

impl Client {
    /// Waits until `attempt` succeeds, as Seam's official SDKs do: unless
    /// it is already done, asks `action_attempts/get` after each
    /// `options.interval` until `options.timeout` has passed since the wait
    /// began, the last interval cut short so that the last ask falls on the
    /// deadline. It asks at least once, however short the timeout.
    ///
    /// A failed attempt is [`Error::OperationFailed`] with its error type
    /// and message; one still pending at the deadline is
    /// [`Error::OperationTimedOut`] with its last state; an attempt whose
    /// status this crate does not know (or that has none, or no id) is
    /// [`Error::OperationFailed`] saying so, never taken for success. Both
    /// errors give the attempt typed ([`OperationFailed::action_attempt`]).
    /// With `options.enabled` false, returns `attempt` as it is; a zero
    /// interval is [`Error::Config`].
    pub async fn wait_for_action_attempt(&self, attempt: ActionAttempt, options: &WaitOptions) -> Result<ActionAttempt, Error> {
        options.check()?;
        if !options.enabled {
            return Ok(attempt);
        }
        let started = Instant::now();
        // `None`: a timeout too long to reach.
        let deadline = started.checked_add(options.timeout);
        let mut attempt = attempt;
        let mut asked = false;
        loop {
            match attempt.status() {
                Some("success") => return Ok(attempt),
                Some("error") => return Err(failure(&attempt)),
                Some("pending") => {}
                Some(other) => {
                    let message = format!("the action attempt has the status `{other}`, which this version of the crate does not know");
                    return Err(cannot_wait(&attempt, message));
                }
                None => return Err(cannot_wait(&attempt, "the action attempt has no status".to_owned())),
            }
            let now = Instant::now();
            if asked && deadline.is_some_and(|deadline| now >= deadline) {
                return Err(Error::OperationTimedOut(Box::new(OperationTimedOut {
                    kind: attempt.action_type().unwrap_or("action attempt").to_owned(),
                    id: attempt.action_attempt_id().unwrap_or_default().to_owned(),
                    waited: started.elapsed(),
                    state: state(&attempt),
                })));
            }
            let Some(id) = attempt.action_attempt_id().map(str::to_owned) else {
                return Err(cannot_wait(&attempt, "the action attempt has no id to ask about it by".to_owned()));
            };
            let left = deadline.map_or(options.interval, |deadline| deadline.saturating_duration_since(now));
            tokio::time::sleep(options.interval.min(left)).await;
            attempt = self.action_attempts().get(action_attempts::GetRequest::new(id)).await?;
            asked = true;
        }
    }
}

impl ActionAttempts<'_> {
    /// Gets an action attempt by its id and waits until it is done, as
    /// [`Client::wait_for_action_attempt`] does with the client's
    /// [`WaitOptions`] (`client.with_options(..)` for others): the
    /// documented way to wait for an attempt whose id is all you kept.
    pub async fn get_and_wait(&self, request: impl Into<action_attempts::GetRequest>) -> Result<ActionAttempt, Error> {
        let attempt = self.get(request).await?;
        self.client.wait_for_action_attempt(attempt, &self.client.wait_options()).await
    }
}

impl OperationFailed {
    /// The failed action attempt, typed, as the server last described it
    /// (`None` only when that description is not an action attempt).
    pub fn action_attempt(&self) -> Option<ActionAttempt> {
        serde_json::from_value(self.state.clone()).ok()
    }
}

impl OperationTimedOut {
    /// The action attempt still pending, typed, as the server last
    /// described it (`None` only when that description is not an action
    /// attempt).
    pub fn action_attempt(&self) -> Option<ActionAttempt> {
        serde_json::from_value(self.state.clone()).ok()
    }
}
