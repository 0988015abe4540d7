//! The generated Seam crate, used as a downstream crate would use it.

use seam_connect::types::{
    AcceptedCapability, AccessGrantsUpdateRequest, ConnectedAccount, ConnectedAccountError, CustomMetadataValue,
};
use serde_json::{json, Value};

const EXAMPLE: &str = include_str!("data/connected_account.json");

fn round_trip(value: &Value) -> ConnectedAccount {
    let account: ConnectedAccount = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&account).unwrap(), value);
    account
}

#[test]
fn the_documented_example_round_trips() {
    let value: Value = serde_json::from_str(EXAMPLE).unwrap();
    let account = round_trip(&value);
    assert_eq!(account.connected_account_id, "a289aa54-5488-4707-9a4b-eeea4edf311d");
    assert_eq!(account.accepted_capabilities, [AcceptedCapability::Lock]);
    assert_eq!(account.custom_metadata["id"], CustomMetadataValue::String("internalId1".to_owned()));
}

#[test]
fn unknown_error_codes_and_capabilities_survive_a_round_trip() {
    let mut value: Value = serde_json::from_str(EXAMPLE).unwrap();
    value["errors"] = json!([
        {"error_code": "account_disconnected", "message": "gone", "created_at": "2025-06-15T16:54:17.946Z"},
        {"error_code": "a_code_from_the_future", "message": "new", "created_at": "2025-06-15T16:54:17.946Z", "extra": {"n": 1}}
    ]);
    value["accepted_capabilities"] = json!(["lock", "doorbell"]);
    let account = round_trip(&value);
    assert!(matches!(&account.errors[0], ConnectedAccountError::AccountDisconnected { message, .. } if message == "gone"));
    assert!(matches!(&account.errors[1], ConnectedAccountError::Unknown(raw) if raw["extra"]["n"] == 1));
    assert_eq!(account.errors[1].error_code(), Some("a_code_from_the_future"));
    assert_eq!(account.accepted_capabilities[1], AcceptedCapability::Unknown("doorbell".to_owned()));
    assert_eq!(account.accepted_capabilities[1].as_str(), "doorbell");
}

#[test]
fn a_known_code_with_an_unexpected_body_is_kept_not_rejected() {
    let mut value: Value = serde_json::from_str(EXAMPLE).unwrap();
    value["errors"] = json!([{"error_code": "account_disconnected", "message": 42}]);
    let account = round_trip(&value);
    assert!(matches!(&account.errors[0], ConnectedAccountError::Unknown(_)));
}

#[test]
fn data_as_the_fake_server_sends_it_decodes() {
    // Ids that are not UUIDs, and required arrays left out or `null`.
    let value = json!({
        "connected_account_id": "john_connected_account_id",
        "account_type_display_name": "August",
        "display_name": "john@example.com",
        "custom_metadata": {},
        "automatically_manage_new_devices": true,
        "accepted_capabilities": null
    });
    let account: ConnectedAccount = serde_json::from_value(value).unwrap();
    assert_eq!(account.connected_account_id, "john_connected_account_id");
    assert!(account.errors.is_empty() && account.warnings.is_empty() && account.accepted_capabilities.is_empty());
}

#[test]
fn absent_and_null_stay_apart_in_update_requests() {
    let leave_unchanged = AccessGrantsUpdateRequest {
        access_grant_id: Some("grant".to_owned()),
        ..AccessGrantsUpdateRequest::default()
    };
    let clear = AccessGrantsUpdateRequest { ends_at: Some(None), ..leave_unchanged.clone() };
    let set = AccessGrantsUpdateRequest { ends_at: Some(Some("2026-01-01T00:00:00Z".to_owned())), ..leave_unchanged.clone() };
    assert_eq!(serde_json::to_value(&leave_unchanged).unwrap(), json!({"access_grant_id": "grant"}));
    assert_eq!(serde_json::to_value(&clear).unwrap(), json!({"access_grant_id": "grant", "ends_at": null}));
    assert_eq!(serde_json::to_value(&set).unwrap()["ends_at"], "2026-01-01T00:00:00Z");
    for request in [leave_unchanged, clear, set] {
        let back: AccessGrantsUpdateRequest = serde_json::from_value(serde_json::to_value(&request).unwrap()).unwrap();
        assert_eq!(back, request);
    }
}

#[test]
fn open_enums_parse_display_and_list_their_values() {
    let capability: AcceptedCapability = "thermostat".parse().unwrap();
    assert_eq!(capability, AcceptedCapability::Thermostat);
    assert_eq!(capability.to_string(), "thermostat");
    assert!(AcceptedCapability::KNOWN.contains(&"access_control"));
}
