// Copied by `cargo xtask codegen` from `sdk/seam-connect/errors.rs`, do not edit here.
//! Seam's answer to invalid input, as its official SDKs read it
//! (`SeamHttpInvalidInputError.getValidationErrorMessages` in JavaScript):
//! an API error of type `invalid_input` whose `validation_errors` hold,
//! for each parameter, `{"_errors": ["message", …]}`, nested for the
//! properties of an object parameter. Hand-written for the Seam crate;
//! `cargo xtask codegen` copies it in.

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

use crate::ApiError;

impl ApiError {
    /// A member of Seam's error envelope, `{"error": {…}}` (or the same
    /// members at the top level), when the body has it and it is not `null`.
    fn envelope_member(&self, name: &str) -> Option<serde_json::Value> {
        let json = self.body_json()?;
        let envelope = match json.get("error") {
            Some(error) if error.is_object() => error,
            _ => &json,
        };
        envelope.get(name).filter(|value| !value.is_null()).cloned()
    }

    /// Details the server attached to the error (`error.data`).
    pub fn data(&self) -> Option<serde_json::Value> {
        self.envelope_member("data")
    }

    /// What the server found invalid in the request
    /// (`error.validation_errors`): for each parameter, `{"_errors": […]}`.
    pub fn validation_errors(&self) -> Option<serde_json::Value> {
        self.envelope_member("validation_errors")
    }

    /// Whether the server refused the request's input (`error.type` is
    /// `invalid_input`): [`validation_error_messages`](Self::validation_error_messages)
    /// says what was wrong with each parameter.
    pub fn is_invalid_input(&self) -> bool {
        self.error_type.as_deref() == Some("invalid_input")
    }

    /// What the server said is wrong with `parameter`: the messages of
    /// `validation_errors.<parameter>._errors`, in order; none when the
    /// server said nothing about it. A property of an object parameter is
    /// named by its path, with dots (`"device.name"`); `""` names the
    /// request as a whole.
    pub fn validation_error_messages(&self, parameter: &str) -> Vec<String> {
        let validation_errors = self.validation_errors();
        let mut place = validation_errors.as_ref();
        for step in parameter.split('.').filter(|step| !step.is_empty()) {
            place = place.and_then(|value| value.get(step));
        }
        let messages = place.and_then(|value| value.get("_errors")).and_then(serde_json::Value::as_array);
        messages.into_iter().flatten().filter_map(serde_json::Value::as_str).map(str::to_owned).collect()
    }

    /// The parameters the server found something wrong with (those of
    /// `validation_errors` with messages of their own or below them), by
    /// their dotted paths, in order.
    pub fn invalid_parameters(&self) -> Vec<String> {
        fn walk(value: &serde_json::Value, path: &str, out: &mut Vec<String>) {
            let Some(object) = value.as_object() else { return };
            let has_messages = object.get("_errors").and_then(serde_json::Value::as_array).is_some_and(|messages| !messages.is_empty());
            if has_messages && !path.is_empty() {
                out.push(path.to_owned());
            }
            for (key, child) in object.iter().filter(|(key, _)| *key != "_errors") {
                let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                walk(child, &child_path, out);
            }
        }
        let mut out = Vec::new();
        if let Some(errors) = &self.validation_errors() {
            walk(errors, "", &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    fn error(body: serde_json::Value) -> crate::ApiError {
        crate::ApiError::new("POST", "/access_codes/create", 400, None, body.to_string().as_bytes())
    }

    #[test]
    fn messages_are_read_per_parameter_and_nested_ones_by_path() {
        let invalid = error(serde_json::json!({"error": {
            "type": "invalid_input",
            "message": "Invalid input",
            "validation_errors": {
                "_errors": ["two problems"],
                "starts_at": {"_errors": ["Invalid datetime"]},
                "device": {"_errors": [], "name": {"_errors": ["Required", "Too short"]}},
            },
        }}));
        assert!(invalid.is_invalid_input());
        assert_eq!(invalid.validation_error_messages("starts_at"), ["Invalid datetime"]);
        assert_eq!(invalid.validation_error_messages("device.name"), ["Required", "Too short"]);
        assert_eq!(invalid.validation_error_messages(""), ["two problems"]);
        assert!(invalid.validation_error_messages("name").is_empty());
        assert_eq!(invalid.invalid_parameters(), ["device.name", "starts_at"]);
    }

    #[test]
    fn other_errors_have_no_validation_messages() {
        let missing = error(serde_json::json!({"error": {"type": "device_not_found", "message": "Device not found"}}));
        assert!(!missing.is_invalid_input());
        assert!(missing.validation_error_messages("device_id").is_empty());
        assert!(missing.invalid_parameters().is_empty());
        let odd = error(serde_json::json!({"error": {"type": "invalid_input", "validation_errors": {"x": {"_errors": "not a list"}}}}));
        assert!(odd.validation_error_messages("x").is_empty());
    }

    #[test]
    fn the_envelope_gives_its_data_and_validation_errors_at_either_level() {
        let nested = error(serde_json::json!({"error": {"type": "t", "data": {"device_id": "d1"}, "validation_errors": {"x": {}}}}));
        assert_eq!(nested.data(), Some(serde_json::json!({"device_id": "d1"})));
        assert_eq!(nested.validation_errors(), Some(serde_json::json!({"x": {}})));
        let flat = error(serde_json::json!({"type": "t", "data": [1]}));
        assert_eq!(flat.data(), Some(serde_json::json!([1])));
        // `null`, absent, and a body that is not JSON: nothing.
        assert_eq!(error(serde_json::json!({"error": {"data": null}})).data(), None);
        assert_eq!(error(serde_json::json!({"error": {}})).validation_errors(), None);
        let text = crate::ApiError::new("GET", "/x", 502, None, b"<html>bad gateway</html>");
        assert_eq!((text.data(), text.validation_errors()), (None, None));
    }
}
