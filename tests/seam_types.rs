//! The generated Seam crate, used as a downstream crate would use it.

use seam_connect::types::{access_grants, AcceptedCapability, ConnectedAccount, ConnectedAccountError, CustomMetadataValue};
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
    // The caller can tell it from a code this version does not know.
    assert!(account.errors[0].is_malformed());
    let unknown: ConnectedAccountError = serde_json::from_value(json!({"error_code": "a_code_from_the_future"})).unwrap();
    assert!(matches!(&unknown, ConnectedAccountError::Unknown(_)) && !unknown.is_malformed());
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

/// Decodes a body the fake server sent, naming the field that fails.
fn decode_fake<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).unwrap_or_else(|err| panic!("{name}: {err}"))
}

/// The property `key` of the JSON object `text`, as JSON text: what a
/// method that returns one property decodes.
fn property(text: &str, key: &str) -> String {
    let body: serde_json::Value = serde_json::from_str(text).unwrap();
    body.get(key).unwrap_or_else(|| panic!("the body has no `{key}`")).to_string()
}

#[test]
fn bodies_the_fake_server_sent_decode() {
    use seam_connect::types::*;
    let data = |name: &str| std::fs::read_to_string(format!("{}/data/fake/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let accounts: connected_accounts::ListResponse = decode_fake("connected_accounts_list", &data("connected_accounts_list"));
    assert_eq!(accounts.connected_accounts[0].connected_account_id, "john_connected_account_id");
    let devices: devices::ListResponse = decode_fake("devices_list", &data("devices_list"));
    assert!(!devices.devices.is_empty());
    // `image_alt_text` is required by the spec and left out by the fake.
    let systems: Vec<AcsSystem> = decode_fake("acs_systems_list", &property(&data("acs_systems_list"), "acs_systems"));
    assert_eq!(systems[0].image_alt_text, "");
    // `pagination` is required by the spec and left out by the fake.
    let users: acs::users::ListResponse = decode_fake("acs_users_list", &data("acs_users_list"));
    assert_eq!(users.pagination, Pagination::default());
    let _: access_codes::ListResponse = decode_fake("access_codes_list", &data("access_codes_list"));
    let _: Vec<Event> = decode_fake("events_list", &property(&data("events_list"), "events"));
    // The fake answers `thermostats/list` with `thermostats`, where the spec
    // says `devices`: the method says so with an error (see `tests/client.rs`).
    let thermostats: serde_json::Value = decode_fake("thermostats_list", &data("thermostats_list"));
    assert!(thermostats.get("devices").is_none() && thermostats.get("thermostats").is_some());
    let _: connect_webviews::ListResponse = decode_fake("connect_webviews_list", &data("connect_webviews_list"));
    // `locks().unlock_door(..)` decodes only the `action_attempt` of the body.
    let action_attempt: ActionAttempt = decode_fake("locks_unlock_door", &property(&data("locks_unlock_door"), "action_attempt"));
    assert!(matches!(action_attempt, ActionAttempt::UnlockDoor(ActionAttemptUnlockDoor::Pending { .. })));
}

#[test]
fn absent_and_null_stay_apart_in_update_requests() {
    let leave_unchanged = access_grants::UpdateRequest {
        access_grant_id: Some("grant".to_owned()),
        ..access_grants::UpdateRequest::default()
    };
    let clear = access_grants::UpdateRequest { ends_at: Some(None), ..leave_unchanged.clone() };
    let set = access_grants::UpdateRequest { ends_at: Some(Some("2026-01-01T00:00:00Z".to_owned())), ..leave_unchanged.clone() };
    assert_eq!(serde_json::to_value(&leave_unchanged).unwrap(), json!({"access_grant_id": "grant"}));
    assert_eq!(serde_json::to_value(&clear).unwrap(), json!({"access_grant_id": "grant", "ends_at": null}));
    assert_eq!(serde_json::to_value(&set).unwrap()["ends_at"], "2026-01-01T00:00:00Z");
    for request in [leave_unchanged, clear, set] {
        let back: access_grants::UpdateRequest = serde_json::from_value(serde_json::to_value(&request).unwrap()).unwrap();
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

/// A required value of an open enum that the server leaves out (or sends
/// as `null`) decodes to the empty, unknown value, so one missing field
/// never costs the caller the whole resource: `access_codes/generate_code`
/// answers without `status`, and a `lock.unlocked` event without `method`
/// stays a `LockUnlocked`, not an `Unknown` event.
#[test]
fn a_required_enum_value_left_out_decodes_to_the_empty_unknown_value() {
    use seam_connect::types::{AccessCode, AccessCodeStatus, Event, EventMethod};
    let code: AccessCode = serde_json::from_value(json!({"access_code_id": "code", "device_id": "door", "type": "ongoing"})).unwrap();
    assert_eq!(code.status, AccessCodeStatus::default());
    assert_eq!(code.status.as_str(), "");
    let null: AccessCode =
        serde_json::from_value(json!({"access_code_id": "code", "device_id": "door", "type": "ongoing", "status": null})).unwrap();
    assert_eq!(null.status.as_str(), "");

    let event = json!({
        "event_id": "event", "event_type": "lock.unlocked", "workspace_id": "workspace",
        "created_at": "2025-06-15T16:54:17.946Z", "occurred_at": "2025-06-15T16:54:17.946Z",
        "connected_account_id": "account", "device_id": "door",
    });
    let event: Event = serde_json::from_value(event).unwrap();
    assert!(matches!(&event, Event::LockUnlocked { method, .. } if *method == EventMethod::default()), "{event:?}");
}

/// A map value that fits none of the spec's types (the `null` the fake
/// keeps after a key is cleared by sending `null`) is kept, and does not
/// fail the whole connected account.
#[test]
fn a_map_value_that_fits_no_variant_is_kept() {
    let mut value: Value = serde_json::from_str(EXAMPLE).unwrap();
    value["custom_metadata"] = json!({"cleared": null, "id": "internalId1", "count": 3});
    let account = round_trip(&value);
    assert_eq!(account.custom_metadata["cleared"], CustomMetadataValue::Unknown(Value::Null));
    assert_eq!(account.custom_metadata["count"], CustomMetadataValue::Unknown(json!(3)));
    assert_eq!(account.custom_metadata["id"], CustomMetadataValue::String("internalId1".to_owned()));
}

#[test]
fn request_unions_are_built_by_the_name_of_each_way_of_asking() {
    use seam_connect::types::{acs, connected_accounts};
    let by_email = connected_accounts::GetRequest::email("jane@example.com");
    assert_eq!(serde_json::to_value(&by_email).unwrap(), json!({"email": "jane@example.com"}));
    let by_id = connected_accounts::GetRequest::connected_account_id("account_1");
    assert_eq!(serde_json::to_value(&by_id).unwrap(), json!({"connected_account_id": "account_1"}));
    // A request is never "unknown": these two arms are every variant, or
    // this does not compile.
    match by_id {
        connected_accounts::GetRequest::ConnectedAccountId(_) | connected_accounts::GetRequest::Email(_) => {}
    }
    // A struct that merges a union in takes it in `new`; its optional
    // fields have setters.
    let for_user = acs::credentials::ListRequest::new(acs::credentials::ListRequestVariant::acs_user_id("user_1")).limit(10);
    assert_eq!(serde_json::to_value(&for_user).unwrap(), json!({"acs_user_id": "user_1", "limit": 10}));
    // `limit` is a whole number in every request (the settings' `requests.integers`),
    // though the spec says `number` here: this does not compile otherwise.
    let limit: Option<i64> = for_user.limit;
    let devices: Option<i64> = seam_connect::types::devices::ListRequest::default().limit(5).limit;
    assert_eq!((limit, devices), (Some(10), Some(5)));
    let everything = acs::credentials::ListRequest::new(acs::credentials::ListRequestVariant::object());
    assert_eq!(serde_json::to_value(&everything).unwrap(), json!({}));
    let both = acs::credentials::ListRequestVariant::acs_system_id_and_acs_user_id("system_1", "user_1");
    assert_eq!(
        serde_json::to_value(acs::credentials::ListRequest::new(both)).unwrap(),
        json!({"acs_system_id": "system_1", "acs_user_id": "user_1"})
    );
}

#[test]
fn a_type_only_requests_use_decodes_strictly_and_a_response_type_tolerantly() {
    // Nothing a server sends is decoded into a request type: a required
    // field left out is an error there...
    let request = serde_json::from_value::<seam_connect::types::locks::UnlockDoorRequest>(json!({}));
    assert!(request.unwrap_err().to_string().contains("device_id"));
    // ...while a resource a server sends without a required string decodes
    // with the empty value (tolerance rule 1).
    let mut account = serde_json::from_str::<Value>(EXAMPLE).unwrap();
    account.as_object_mut().unwrap().remove("connected_account_id");
    let decoded: ConnectedAccount = serde_json::from_value(account).unwrap();
    assert_eq!(decoded.connected_account_id, "");
}

#[test]
fn properties_the_spec_does_not_list_are_ignored() {
    let mut account = serde_json::from_str::<Value>(EXAMPLE).unwrap();
    account["a_property_of_tomorrow"] = json!({"nested": [1, 2, 3]});
    let decoded: ConnectedAccount = serde_json::from_value(account.clone()).unwrap();
    let expected: ConnectedAccount = serde_json::from_str(EXAMPLE).unwrap();
    assert_eq!(decoded, expected);
}

#[test]
fn scalar_unions_convert_from_their_scalars() {
    use seam_connect::types::RequestCustomMetadataValue;
    let text: RequestCustomMetadataValue = "gold".into();
    let owned: RequestCustomMetadataValue = String::from("silver").into();
    let flag: RequestCustomMetadataValue = true.into();
    assert_eq!(serde_json::to_value([text, owned, flag]).unwrap(), json!(["gold", "silver", true]));
}

#[test]
fn a_nullable_setter_given_none_sends_null_and_an_unset_field_is_left_out() {
    use seam_connect::types::acs;
    let request = || acs::credentials::ListRequest::new(acs::credentials::ListRequestVariant::object());
    assert_eq!(serde_json::to_value(request().page_cursor(None)).unwrap(), json!({"page_cursor": null}));
    assert_eq!(serde_json::to_value(request().page_cursor(Some("next".to_owned()))).unwrap(), json!({"page_cursor": "next"}));
    assert_eq!(serde_json::to_value(request()).unwrap(), json!({}));
}

// What the emitted `Deserialize` impls of structs and tagged unions read
// (ARCHITECTURE.md, "Derives"): the tolerance rules hold for them as for
// the derived ones, and the two differences are the documented ones.

#[test]
fn properties_a_type_keeps_by_name_are_kept_and_absent_stays_apart_from_null() {
    use seam_connect::types::SpaceCustomerData;
    let value = json!({"address": null, "time_zone": "UTC", "parking": "P3", "gate": null});
    let data: SpaceCustomerData = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(data.address, Some(None));
    assert_eq!(data.default_checkin_time, None);
    assert_eq!(data.time_zone, Some(Some("UTC".to_owned())));
    let additional: Vec<(&str, Option<&str>)> =
        data.additional_properties.iter().map(|(name, value)| (name.as_str(), value.as_deref())).collect();
    assert_eq!(additional, [("gate", None), ("parking", Some("P3"))]);
    assert_eq!(serde_json::to_value(&data).unwrap(), value);
}

#[test]
fn a_property_name_with_escapes_or_read_from_a_stream_is_matched() {
    let mut text = EXAMPLE.replacen("\"display_name\"", "\"display\\u005fname\"", 1);
    assert_ne!(text, EXAMPLE, "the example has a display_name");
    let expected: ConnectedAccount = serde_json::from_str(EXAMPLE).unwrap();
    assert_eq!(serde_json::from_str::<ConnectedAccount>(&text).unwrap(), expected);
    text = EXAMPLE.to_owned();
    assert_eq!(serde_json::from_reader::<_, ConnectedAccount>(text.as_bytes()).unwrap(), expected);
}

#[test]
fn a_property_sent_twice_keeps_its_last_value() {
    let text = r#"{"connected_account_id": "a", "display_name": "first", "display_name": "last"}"#;
    let account: ConnectedAccount = serde_json::from_str(text).unwrap();
    assert_eq!(account.display_name, "last");
}

#[test]
fn a_struct_decodes_from_an_object_only() {
    for value in [json!(["a289aa54", "August"]), json!("account"), json!(7)] {
        let err = serde_json::from_value::<ConnectedAccount>(value.clone()).unwrap_err();
        assert!(err.to_string().contains("expected struct ConnectedAccount"), "{value}: {err}");
    }
    // A required property of a type only requests use is named when left out.
    let err = serde_json::from_value::<seam_connect::types::locks::UnlockDoorRequest>(json!({"sync": true})).unwrap_err();
    assert_eq!(err.to_string(), "missing field `device_id`");
}

#[test]
fn a_tagged_union_keeps_any_value_it_cannot_read_as_it_came() {
    for value in [json!("text"), json!(null), json!(3), json!({"error_code": 5, "message": "m"}), json!({"message": "no code"})] {
        let error: ConnectedAccountError = serde_json::from_value(value.clone()).unwrap();
        assert!(matches!(&error, ConnectedAccountError::Unknown(raw) if *raw == value), "{value}: {error:?}");
        assert!(!error.is_malformed(), "{value}");
        assert_eq!(serde_json::to_value(&error).unwrap(), value);
    }
    // A known tag with a required property absent or null takes the default (rule 1).
    let error: ConnectedAccountError =
        serde_json::from_value(json!({"error_code": "account_disconnected", "message": null})).unwrap();
    assert!(matches!(&error, ConnectedAccountError::AccountDisconnected { message, .. } if message.is_empty()), "{error:?}");
}

/// The public surface ARCHITECTURE.md lists ("The Seam crate") is there,
/// under those names: a name taken away or moved fails to compile here.
#[test]
fn the_public_surface_the_architecture_lists_is_exported() {
    use seam_connect::{
        ApiError, CallOptions, Client, ClientBuilder, DecodeError, Error, Method, NextPage, OperationFailed, OperationTimedOut, Page, Paginator,
        RepeatedCursor, RetryOptions, Secret, TokenKind, TransportError, WaitOptions, Webhook, WebhookError,
    };
    use std::any::type_name;
    let names = [
        type_name::<ApiError>(),
        type_name::<CallOptions>(),
        type_name::<Client>(),
        type_name::<ClientBuilder>(),
        type_name::<DecodeError>(),
        type_name::<Error>(),
        type_name::<Method>(),
        type_name::<OperationFailed>(),
        type_name::<OperationTimedOut>(),
        type_name::<Page<()>>(),
        type_name::<NextPage>(),
        type_name::<Paginator<(), ()>>(),
        type_name::<RepeatedCursor>(),
        type_name::<RetryOptions>(),
        type_name::<Secret>(),
        type_name::<TokenKind>(),
        type_name::<TransportError>(),
        type_name::<WaitOptions>(),
        type_name::<Webhook>(),
        type_name::<WebhookError>(),
    ];
    // Each is the crate's own type (or reqwest's `Method`, which it re-exports).
    assert!(names.iter().all(|name| name.starts_with("seam_connect::") || name.starts_with("http::")), "{names:?}");
}
