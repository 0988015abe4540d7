//! End to end: the generated crate, used only through its public API as a
//! downstream crate would, against Seam's own fake server on loopback.
//! Without the server these tests fail; they never skip.

use std::collections::BTreeMap;

use seam_connect::types::{access_codes, connected_accounts, devices, locks, ActionAttempt, CustomMetadataValue, RequestCustomMetadataValue};
use seam_connect::{Client, Error};
use tests::{fake_seam, start_fake_seam, FAKE_API_KEY};

fn client() -> Client {
    Client::builder().base_url(&fake_seam().url).api_key(FAKE_API_KEY).build().unwrap()
}

fn api_error(result: Result<impl std::fmt::Debug, Error>) -> Box<seam_connect::ApiError> {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn lists_and_gets_connected_accounts() {
    let seam = client();
    let accounts = seam.connected_accounts().list(connected_accounts::ListRequest::default()).await.unwrap();
    let ids: Vec<&str> = accounts.iter().map(|account| account.connected_account_id.as_str()).collect();
    assert!(ids.contains(&"john_connected_account_id"), "{ids:?}");

    let john = seam
        .connected_accounts()
        .get(connected_accounts::GetRequest::connected_account_id("john_connected_account_id"))
        .await
        .unwrap();
    assert_eq!(john.connected_account_id, "john_connected_account_id");
    assert_eq!(john.display_name, "john@example.com");
}

#[tokio::test]
async fn updates_custom_metadata_and_reads_it_back() {
    let seam = client();
    let metadata = BTreeMap::from([
        ("tier".to_owned(), Some(RequestCustomMetadataValue::String("gold".to_owned()))),
        ("vip".to_owned(), Some(true.into())),
    ]);
    let request = connected_accounts::UpdateRequest::new("jane_connected_account_id").custom_metadata(metadata);
    let updated = seam.connected_accounts().update(request).await.unwrap();
    assert_eq!(updated.connected_account.custom_metadata["tier"], CustomMetadataValue::String("gold".to_owned()));

    let jane = seam
        .connected_accounts()
        .get(connected_accounts::GetRequest::connected_account_id("jane_connected_account_id"))
        .await
        .unwrap();
    assert_eq!(jane.custom_metadata["tier"], CustomMetadataValue::String("gold".to_owned()));
    assert_eq!(jane.custom_metadata["vip"], CustomMetadataValue::Bool(true));
}

#[tokio::test]
async fn lists_devices_and_unlocks_a_door() {
    let seam = client();
    let devices = seam.devices().list(devices::ListRequest::default()).await.unwrap();
    assert!(devices.iter().any(|device| device.device_id == "august_device_1"), "{devices:?}");

    let device = seam.devices().get(devices::GetRequest::default().device_id("august_device_1")).await.unwrap();
    assert_eq!(device.device_id, "august_device_1");

    // Without waiting, the attempt comes back as the server created it.
    let pending = seam.locks().unlock_door_without_waiting(locks::UnlockDoorRequest::new("august_device_1")).await.unwrap();
    assert!(matches!(pending, ActionAttempt::UnlockDoor(_)), "{pending:?}");
    assert_eq!(pending.action_type(), Some("UNLOCK_DOOR"));
    assert!(pending.action_attempt_id().is_some_and(|id| !id.is_empty()));
    assert_eq!(pending.status(), Some("pending"));

    // By default the SDK polls `action_attempts/get` until the attempt is done.
    let started = std::time::Instant::now();
    let done = seam.locks().unlock_door(locks::UnlockDoorRequest::new("august_device_1")).await.unwrap();
    assert_eq!(done.status(), Some("success"), "{done:?}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(900), "it waited one polling interval");
}

#[tokio::test]
async fn a_wrong_api_key_is_a_401_with_the_envelope_parsed() {
    let seam = Client::builder().base_url(&fake_seam().url).api_key("seam_wrongkey_token").build().unwrap();
    let error = api_error(seam.devices().list(devices::ListRequest::default()).await);
    assert_eq!(error.status, 401);
    assert!(error.is_unauthorized());
    assert_eq!(error.error_type.as_deref(), Some("unauthorized"));
    assert!(error.message.as_deref().is_some_and(|message| !message.is_empty()));
    assert!(error.request_id.is_some(), "the seam-request-id header is kept");
    assert!(!error.to_string().contains("seam_wrongkey_token"), "{error}");
}

#[tokio::test]
async fn a_missing_resource_is_a_not_found_api_error() {
    let error = api_error(client().devices().get(devices::GetRequest::default().device_id("no_such_device")).await);
    assert!(error.is_not_found(), "{error}");
    assert_eq!(error.error_type.as_deref(), Some("device_not_found"));
    assert!(error.to_string().contains("device_not_found"), "{error}");
}

#[tokio::test]
async fn an_invalid_request_exposes_the_validation_errors() {
    let request = access_codes::CreateRequest::new("august_device_1").starts_at("not a date").name("front door");
    let error = api_error(client().access_codes().create(request).await);
    assert_eq!(error.status, 400);
    assert_eq!(error.error_type.as_deref(), Some("invalid_input"));
    let validation = error.validation_errors().expect("validation errors");
    assert!(validation["starts_at"]["_errors"].as_array().is_some_and(|errors| !errors.is_empty()), "{validation}");
    // As Seam's SDKs read it: invalid input, with messages per parameter.
    assert!(error.is_invalid_input());
    assert!(!error.validation_error_messages("starts_at").is_empty(), "{validation}");
    assert!(error.validation_error_messages("name").is_empty(), "{validation}");
    assert_eq!(error.invalid_parameters(), ["starts_at"], "{validation}");
}

#[tokio::test]
async fn a_plain_text_error_body_is_kept() {
    let seam = Client::builder().base_url(format!("{}/no_such_prefix", fake_seam().url)).api_key(FAKE_API_KEY).build().unwrap();
    let error = api_error(seam.devices().list(devices::ListRequest::default()).await);
    assert_eq!(error.status, 404);
    assert_eq!(error.body.trim(), "404");
    assert_eq!(error.error_type, None);
}

#[tokio::test]
async fn everything_the_fake_returns_decodes() {
    use seam_connect::types::*;
    let seam = client();
    let workspace = seam.workspaces().get().await.unwrap();
    assert_eq!(workspace.workspace_id, "seed_workspace_1");
    assert!(!seam.workspaces().list().await.unwrap().is_empty());
    seam.devices().unmanaged().list(devices::unmanaged::ListRequest::default()).await.unwrap();
    seam.devices().list_device_providers(devices::ListDeviceProvidersRequest::default()).await.unwrap();
    seam.locks().list(locks::ListRequest::default()).await.unwrap();
    // The fake answers with `thermostats` where the spec says `devices`:
    // the caller is told, rather than handed an empty list.
    match seam.thermostats().list(thermostats::ListRequest::default()).await {
        Err(seam_connect::Error::Decode(error)) => {
            assert!(error.message.contains("no `devices`") && error.message.contains("`thermostats`"), "{}", error.message)
        }
        other => panic!("expected a decode error naming `devices`, got {other:?}"),
    }
    seam.access_codes().list(access_codes::ListRequest::default().device_id("august_device_1")).await.unwrap();
    seam.acs().systems().list(acs::systems::ListRequest::default()).await.unwrap();
    seam.acs().users().list(acs::users::ListRequest::default()).await.unwrap();
    seam.acs().entrances().list(acs::entrances::ListRequest::default()).await.unwrap();
    seam.connect_webviews().list(connect_webviews::ListRequest::default()).await.unwrap();
    seam.webhooks().list().await.unwrap();
    seam.events().list(events::ListRequest::default().since("2020-01-01T00:00:00Z")).await.unwrap();
    seam.noise_sensors()
        .noise_thresholds()
        .list(noise_sensors::noise_thresholds::ListRequest::new("minut_device_1"))
        .await
        .unwrap();
    let session = seam.client_sessions().create(client_sessions::CreateRequest::default().user_identifier_key("e2e_user")).await.unwrap();
    assert!(!session.token.is_empty());
}

#[tokio::test]
async fn pages_follow_the_cursor_until_the_last_page() {
    use futures_util::StreamExt;
    let seam = client();
    let all = seam.devices().list(devices::ListRequest::default()).await.unwrap();
    assert!(all.len() > 2, "the fake seeds more devices than a page holds");

    let mut pages = seam.devices().list_pages(devices::ListRequest::default().limit(2));
    let mut seen = Vec::new();
    let mut n_pages = 0;
    while let Some(page) = pages.next_page().await.unwrap() {
        n_pages += 1;
        assert!(page.items.len() <= 2);
        seen.extend(page.items.into_iter().map(|device| device.device_id));
    }
    assert_eq!(n_pages, all.len().div_ceil(2));
    let all_ids: Vec<String> = all.iter().map(|device| device.device_id.clone()).collect();
    assert_eq!(seen, all_ids);
    assert!(pages.next_page().await.unwrap().is_none(), "no page after the last");
    // `first_page` starts again: the first page, then the second.
    let first = pages.first_page().await.unwrap();
    let first_ids: Vec<&String> = first.items.iter().map(|device| &device.device_id).collect();
    assert_eq!(first_ids, all_ids.iter().take(2).collect::<Vec<_>>());
    let second = pages.next_page().await.unwrap().expect("a second page after the first");
    assert_eq!(second.items.first().map(|device| &device.device_id), all_ids.get(2));

    let streamed: Vec<String> = seam
        .devices()
        .list_pages(devices::ListRequest::default().limit(2))
        .items()
        .map(|device| device.unwrap().device_id)
        .collect()
        .await;
    assert_eq!(streamed, all_ids);
    let collected = seam.devices().list_pages(devices::ListRequest::default().limit(2)).collect_all().await.unwrap();
    assert_eq!(collected.len(), all.len());
}

#[tokio::test]
async fn a_publishable_key_is_exchanged_for_a_client_session() {
    let builder = Client::builder().base_url(&fake_seam().url);
    let seam = Client::from_publishable_key_with(builder, "seam_pk1_token", "e2e_publishable_user").await.unwrap();
    // The client session works: it can list what its user may see.
    seam.connected_accounts().list(connected_accounts::ListRequest::default()).await.unwrap();
    assert!(!format!("{seam:?}").contains("seam_cst"), "the token stays out of Debug output");

    let error = Client::from_publishable_key("seam_apikey1_token", "user").await.unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
}

/// The fake listens on loopback only, and stops when the test process that
/// started it ends (its standard input closes): it never outlives the tests.
#[test]
fn the_fake_listens_on_loopback_and_stops_when_its_input_closes() {
    let fake = start_fake_seam();
    let address = fake.url.trim_start_matches("http://").to_owned();
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    std::net::TcpStream::connect(&address).expect("the fake accepts connections while it runs");
    let status = fake.stop();
    assert!(status.success(), "the fake exited with {status}");
    let refused = std::net::TcpStream::connect(&address);
    assert!(
        refused.is_err(),
        "the fake still accepts connections on {address} after it stopped"
    );
}
