//! The client against a local mock server (`wiremock`), for what Seam's
//! fake cannot show: the headers a request carries, timeouts, bodies that
//! do not decode, servers that are not there.

use std::time::Duration;

use seam_connect::types::devices;
use seam_connect::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "seam_apikey1_token";

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).api_key(API_KEY).build().unwrap()
}

#[tokio::test]
async fn requests_carry_the_credentials_the_sdk_headers_and_a_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/devices/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"devices": [], "ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let devices = client(&server).devices().list(devices::ListRequest::default().limit(5)).await.unwrap();
    assert!(devices.is_empty());
    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    let header = |name: &str| request.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    assert_eq!(header("authorization").as_deref(), Some("Bearer seam_apikey1_token"));
    assert_eq!(header("seam-sdk-name").as_deref(), Some("seamapi/rust-seam-connect"));
    assert_eq!(header("seam-sdk-version").as_deref(), Some("0.1.0"));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    // The request asks for the media type the method decodes.
    assert_eq!(header("accept").as_deref(), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, serde_json::json!({"limit": 5}));
}

#[tokio::test]
async fn a_personal_access_token_names_its_workspace() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"devices": [], "ok": true})))
        .mount(&server)
        .await;
    let seam = Client::builder().base_url(server.uri()).personal_access_token("seam_at1_token", "workspace_1").build().unwrap();
    seam.devices().list(devices::ListRequest::default()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers.get("seam-workspace").unwrap(), "workspace_1");
    assert_eq!(requests[0].headers.get("authorization").unwrap(), "Bearer seam_at1_token");
}

/// A personal access token (or console session token) alone reaches what
/// spans workspaces: no `seam-workspace` header; an API key is refused.
#[tokio::test]
async fn a_client_without_a_workspace_lists_workspaces() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/workspaces/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"workspaces": [], "ok": true})))
        .mount(&server)
        .await;
    let seam = Client::builder().base_url(server.uri()).without_workspace("seam_at1_token").build().unwrap();
    assert!(seam.workspaces().list().await.unwrap().is_empty());
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("seam-workspace").is_none());
    assert_eq!(requests[0].headers.get("authorization").unwrap(), "Bearer seam_at1_token");
    let refused = Client::builder().base_url(server.uri()).without_workspace("seam_apikey_secretpart").build();
    assert!(matches!(&refused, Err(Error::Config(message)) if !message.contains("secretpart")), "{refused:?}");
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let seam = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .timeout(Duration::from_millis(200))
        .retry_options(seam_connect::RetryOptions::never())
        .build()
        .unwrap();
    let error = seam.devices().list(devices::ListRequest::default()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(&error, Error::Transport(transport) if transport.path == "/devices/list"));
    assert!(error.to_string().contains("timed out"), "{error}");
}

#[tokio::test]
async fn an_absent_server_is_a_transport_error() {
    // Bind a port, then free it: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let seam = Client::builder().base_url(format!("http://127.0.0.1:{port}")).api_key(API_KEY).build().unwrap();
    let error = seam.devices().list(devices::ListRequest::default()).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)) && !error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn an_undecodable_body_names_the_field_and_shows_the_body() {
    let server = MockServer::start().await;
    let body = r#"{"devices": [{"device_id": 5, "display_name": "Front door"}], "ok": true}"#;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_string(body)).mount(&server).await;
    let error = client(&server).devices().list(devices::ListRequest::default()).await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.json_path, "devices[0].device_id");
    assert!(decode.excerpt.contains("\"device_id\": 5"), "{}", decode.excerpt);
    assert_eq!(decode.status, 200);
}

/// `access_codes().create(..)` returns the `access_code` of the body: the
/// body's other properties (an `action_attempt` here missing, an `ok` of
/// the wrong type) cannot make it fail.
#[tokio::test]
async fn a_method_that_returns_one_property_decodes_only_that_property() {
    let server = MockServer::start().await;
    let body = serde_json::json!({
        "access_code": {"access_code_id": "code", "device_id": "door", "code": "1234", "type": "ongoing", "status": "set"},
        "ok": "not a boolean",
        "something_new": {"nested": [1, 2, 3]},
    });
    Mock::given(method("POST"))
        .and(path("/access_codes/create"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let request = seam_connect::types::access_codes::CreateRequest::new("door");
    let code = client(&server).access_codes().create(request).await.unwrap();
    assert_eq!(code.access_code_id, "code");
    assert_eq!(code.code.as_deref(), Some("1234"));
}

/// The property a method returns must be there: a body without it is a
/// decode error that names it and what the server sent instead, never an
/// empty value standing in for data that did not come.
#[tokio::test]
async fn an_absent_returned_property_is_a_decode_error_naming_what_came() {
    let server = MockServer::start().await;
    let body = r#"{"thermostats": [], "ok": true}"#;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_string(body)).mount(&server).await;
    let request = seam_connect::types::thermostats::ListRequest::default();
    let error = client(&server).thermostats().list(request).await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert!(decode.message.contains("no `devices`"), "{}", decode.message);
    assert!(decode.message.contains("`thermostats`") && decode.message.contains("`ok`"), "{}", decode.message);
    assert_eq!(decode.status, 200);
}

#[tokio::test]
async fn server_errors_keep_what_the_server_said_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("seam-request-id", "req_42").set_body_string("upstream unavailable"))
        .mount(&server)
        .await;
    let error = client(&server).devices().list(devices::ListRequest::default()).await.unwrap_err();
    let api = error.as_api_error().expect("an API error");
    assert_eq!((api.status, api.request_id.as_deref(), api.body.as_str()), (503, Some("req_42"), "upstream unavailable"));
    for text in [error.to_string(), format!("{error:?}"), format!("{:?}", client(&server))] {
        assert!(!text.contains(API_KEY), "a secret leaked: {text}");
    }
}

#[test]
fn a_wrong_kind_of_credential_is_refused_before_any_request() {
    let error = Client::builder().api_key("seam_cst1_token").build().unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains("client session token cannot be used as an API key"), "{error}");
}

fn unlock_attempt(status: &str, error: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "action_attempt": {
            "action_type": "UNLOCK_DOOR",
            "action_attempt_id": "attempt_1",
            "status": status,
            "result": if status == "success" { serde_json::json!({}) } else { serde_json::Value::Null },
            "error": error,
        },
        "ok": true,
    })
}

async fn action_server(polled_status: &str, error: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/locks/unlock_door"))
        .respond_with(ResponseTemplate::new(200).set_body_json(unlock_attempt("pending", serde_json::Value::Null)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/action_attempts/get"))
        .respond_with(ResponseTemplate::new(200).set_body_json(unlock_attempt(polled_status, error)))
        .mount(&server)
        .await;
    server
}

fn fast_waiting(server: &MockServer, timeout: Duration) -> Client {
    let wait = seam_connect::WaitOptions { enabled: true, interval: Duration::from_millis(20), timeout };
    Client::builder().base_url(server.uri()).api_key(API_KEY).wait_options(wait).build().unwrap()
}

#[tokio::test]
async fn a_failed_action_attempt_is_a_typed_error_with_its_type_and_message() {
    let error = serde_json::json!({"type": "uncategorized_error", "message": "the lock is jammed"});
    let server = action_server("error", error).await;
    let seam = fast_waiting(&server, Duration::from_secs(5));
    let result = seam.locks().unlock_door(seam_connect::types::locks::UnlockDoorRequest::new("device_1")).await;
    let Err(Error::OperationFailed(failed)) = result else { panic!("expected a failed attempt, got {result:?}") };
    assert_eq!((failed.kind.as_str(), failed.id.as_str()), ("UNLOCK_DOOR", "attempt_1"));
    assert_eq!(failed.error_type.as_deref(), Some("uncategorized_error"));
    assert_eq!(failed.message.as_deref(), Some("the lock is jammed"));
    assert_eq!(failed.state["status"], "error");
}

#[tokio::test]
async fn an_action_attempt_still_pending_after_the_timeout_is_its_own_error() {
    let server = action_server("pending", serde_json::Value::Null).await;
    let seam = fast_waiting(&server, Duration::from_millis(150));
    let result = seam.locks().unlock_door(seam_connect::types::locks::UnlockDoorRequest::new("device_1")).await;
    let error = result.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let Error::OperationTimedOut(timed_out) = &error else { panic!("expected a timeout, got {error:?}") };
    assert_eq!(timed_out.state["status"], "pending");
    let polls = server.received_requests().await.unwrap().iter().filter(|request| request.url.path() == "/action_attempts/get").count();
    assert!(polls >= 2, "it polled {polls} times");
}

#[tokio::test]
async fn waiting_can_be_turned_off_for_the_client() {
    let server = action_server("success", serde_json::Value::Null).await;
    let seam = Client::builder().base_url(server.uri()).api_key(API_KEY).wait_options(seam_connect::WaitOptions::no_wait()).build().unwrap();
    let attempt = seam.locks().unlock_door(seam_connect::types::locks::UnlockDoorRequest::new("device_1")).await.unwrap();
    assert_eq!(attempt.status(), Some("pending"));
    let polls = server.received_requests().await.unwrap().iter().filter(|request| request.url.path() == "/action_attempts/get").count();
    assert_eq!(polls, 0);
}

async fn polls(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().iter().filter(|request| request.url.path() == "/action_attempts/get").count()
}

#[tokio::test]
async fn waiting_asks_at_least_once_however_short_the_timeout() {
    let server = action_server("success", serde_json::Value::Null).await;
    let seam = fast_waiting(&server, Duration::ZERO);
    let attempt = seam.locks().unlock_door(seam_connect::types::locks::UnlockDoorRequest::new("device_1")).await.unwrap();
    assert_eq!(attempt.status(), Some("success"));
    assert_eq!(polls(&server).await, 1);
}

#[tokio::test]
async fn waiting_asks_at_the_deadline_when_the_interval_is_longer() {
    let server = action_server("pending", serde_json::Value::Null).await;
    let wait = seam_connect::WaitOptions { enabled: true, interval: Duration::from_secs(600), timeout: Duration::from_millis(100) };
    let seam = Client::builder().base_url(server.uri()).api_key(API_KEY).wait_options(wait).build().unwrap();
    let request = seam_connect::types::locks::UnlockDoorRequest::new("device_1");
    // Ten minutes would pass if the last interval were not cut short.
    let result = tokio::time::timeout(Duration::from_secs(60), seam.locks().unlock_door(request)).await.expect("the wait ends at its deadline");
    let Err(Error::OperationTimedOut(timed_out)) = result else { panic!("expected a timeout, got {result:?}") };
    assert_eq!(polls(&server).await, 1, "once, at the deadline");
    assert!(timed_out.waited >= Duration::from_millis(100), "{:?}", timed_out.waited);
    let attempt = timed_out.action_attempt().expect("the attempt, typed");
    assert_eq!(attempt.status(), Some("pending"));
}

#[tokio::test]
async fn a_zero_wait_interval_is_refused() {
    let zero = seam_connect::WaitOptions { enabled: true, interval: Duration::ZERO, timeout: Duration::from_secs(1) };
    let error = Client::builder().api_key(API_KEY).wait_options(zero).build().unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    let seam = Client::builder().api_key(API_KEY).build().unwrap();
    let error = seam.with_options(seam_connect::CallOptions::new().wait(zero)).unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    // Options passed to a wait are checked the same way, before any ask.
    let attempt: seam_connect::types::ActionAttempt = serde_json::from_value(serde_json::json!({
        "action_type": "LOCK_DOOR", "status": "pending", "action_attempt_id": "attempt_1"
    }))
    .unwrap();
    let error = seam.wait_for_action_attempt(attempt, &zero).await.unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    // Not waiting at all needs no interval.
    let off = seam_connect::WaitOptions { enabled: false, ..zero };
    assert!(Client::builder().api_key(API_KEY).wait_options(off).build().is_ok());
}

#[tokio::test]
async fn an_unknown_status_of_an_action_attempt_is_an_error_that_says_so() {
    let server = action_server("paused", serde_json::Value::Null).await;
    let seam = fast_waiting(&server, Duration::from_secs(5));
    let result = seam.locks().unlock_door(seam_connect::types::locks::UnlockDoorRequest::new("device_1")).await;
    let Err(Error::OperationFailed(failed)) = result else { panic!("expected an error, got {result:?}") };
    assert!(failed.message.as_deref().is_some_and(|message| message.contains("`paused`")), "{failed:?}");
    assert_eq!(polls(&server).await, 1);
}

#[tokio::test]
async fn a_failed_attempt_is_given_typed() {
    let error = serde_json::json!({"type": "uncategorized_error", "message": "the lock is jammed"});
    let server = action_server("error", error).await;
    let seam = fast_waiting(&server, Duration::from_secs(5));
    let result = seam.locks().unlock_door(seam_connect::types::locks::UnlockDoorRequest::new("device_1")).await;
    let Err(Error::OperationFailed(failed)) = result else { panic!("expected a failed attempt, got {result:?}") };
    let attempt = failed.action_attempt().expect("the attempt, typed");
    assert_eq!((attempt.status(), attempt.action_type()), (Some("error"), Some("UNLOCK_DOOR")));
}

#[tokio::test]
async fn an_attempt_known_by_its_id_can_be_waited_for() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/action_attempts/get"))
        .respond_with(ResponseTemplate::new(200).set_body_json(unlock_attempt("pending", serde_json::Value::Null)))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/action_attempts/get"))
        .respond_with(ResponseTemplate::new(200).set_body_json(unlock_attempt("success", serde_json::Value::Null)))
        .with_priority(2)
        .mount(&server)
        .await;
    let seam = fast_waiting(&server, Duration::from_secs(5));
    let request = seam_connect::types::action_attempts::GetRequest::new("attempt_1");
    let attempt = seam.action_attempts().get_and_wait(request.clone()).await.unwrap();
    assert_eq!(attempt.status(), Some("success"));
    assert_eq!(polls(&server).await, 3, "the get, then polls until it succeeded");
    // Without waiting, it is the plain get.
    let no_wait = seam.with_options(seam_connect::CallOptions::new().wait(seam_connect::WaitOptions::no_wait())).unwrap();
    let attempt = no_wait.action_attempts().get_and_wait(request).await.unwrap();
    assert_eq!(attempt.status(), Some("success"));
    assert_eq!(polls(&server).await, 4);
}

#[tokio::test]
async fn call_options_change_one_handle_and_not_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/devices/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"devices": [], "ok": true})).set_delay(Duration::from_millis(800)))
        .mount(&server)
        .await;
    let seam = Client::builder().base_url(server.uri()).api_key(API_KEY).retry_options(seam_connect::RetryOptions::never()).build().unwrap();
    let options = seam_connect::CallOptions::new().timeout(Duration::from_millis(100)).header("x-trace-id", "trace-1").header("seam-sdk-name", "mine");
    let impatient = seam.with_options(options).unwrap();
    let error = impatient.devices().list(devices::ListRequest::default()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // The client itself keeps its own timeout and headers.
    seam.devices().list(devices::ListRequest::default()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let header = |index: usize, name: &str| requests[index].headers.get(name).map(|value| value.to_str().unwrap().to_owned());
    assert_eq!(header(0, "x-trace-id").as_deref(), Some("trace-1"));
    assert_eq!(header(0, "seam-sdk-name").as_deref(), Some("mine"), "a call option replaces the client's header");
    assert_eq!(header(0, "authorization"), header(1, "authorization"), "the credentials are shared");
    assert_eq!(header(1, "x-trace-id"), None);
    assert_ne!(header(1, "seam-sdk-name").as_deref(), Some("mine"));
    let error = seam.with_options(seam_connect::CallOptions::new().header("bad header", "x")).unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
}

fn fast_retries(server: &MockServer, retry: seam_connect::RetryOptions) -> Client {
    Client::builder().base_url(server.uri()).api_key(API_KEY).retry_options(retry).build().unwrap()
}

fn quick() -> seam_connect::RetryOptions {
    seam_connect::RetryOptions { initial_backoff: Duration::from_millis(10), ..Default::default() }
}

async fn count(server: &MockServer, route: &str) -> usize {
    server.received_requests().await.unwrap().iter().filter(|request| request.url.path() == route).count()
}

#[tokio::test]
async fn a_safe_request_is_retried_after_a_503_and_a_429() {
    let server = MockServer::start().await;
    Mock::given(path("/devices/list")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(path("/devices/list")).respond_with(ResponseTemplate::new(429)).up_to_n_times(1).mount(&server).await;
    Mock::given(path("/devices/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"devices": [], "ok": true})))
        .mount(&server)
        .await;
    let devices = fast_retries(&server, quick()).devices().list(devices::ListRequest::default()).await.unwrap();
    assert!(devices.is_empty());
    assert_eq!(count(&server, "/devices/list").await, 3);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(path("/devices/list"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/devices/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"devices": [], "ok": true})))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    fast_retries(&server, quick()).devices().list(devices::ListRequest::default()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn retries_stop_after_the_limit_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(path("/devices/list")).respond_with(ResponseTemplate::new(502).set_body_string("bad gateway")).mount(&server).await;
    let error = fast_retries(&server, quick()).devices().list(devices::ListRequest::default()).await.unwrap_err();
    assert_eq!(error.status(), Some(502));
    assert_eq!(count(&server, "/devices/list").await, 3, "one try and two retries");
}

#[tokio::test]
async fn a_post_that_changes_state_is_never_sent_twice_unless_asked() {
    let server = MockServer::start().await;
    Mock::given(path("/locks/unlock_door")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let request = || seam_connect::types::locks::UnlockDoorRequest::new("device_1");
    let error = fast_retries(&server, quick()).locks().unlock_door(request()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(count(&server, "/locks/unlock_door").await, 1);

    let opted_in = seam_connect::RetryOptions { retry_unsafe_requests: true, ..quick() };
    fast_retries(&server, opted_in).locks().unlock_door(request()).await.unwrap_err();
    assert_eq!(count(&server, "/locks/unlock_door").await, 1 + 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/devices/list")).respond_with(ResponseTemplate::new(400)).mount(&server).await;
    fast_retries(&server, quick()).devices().list(devices::ListRequest::default()).await.unwrap_err();
    assert_eq!(count(&server, "/devices/list").await, 1);
}

#[tokio::test]
async fn retry_after_above_the_maximum_backoff_is_capped() {
    let server = MockServer::start().await;
    Mock::given(path("/devices/list"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(path("/devices/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"devices": [], "ok": true})))
        .mount(&server)
        .await;
    let retry = seam_connect::RetryOptions { max_backoff: Duration::from_millis(50), ..quick() };
    let started = std::time::Instant::now();
    fast_retries(&server, retry).devices().list(devices::ListRequest::default()).await.unwrap();
    // Two waits of 30 s, were they not capped at 50 ms.
    assert!(started.elapsed() < Duration::from_secs(5), "waited {:?}", started.elapsed());
    assert_eq!(count(&server, "/devices/list").await, 3);
}

/// A client whose requests time out after 200 ms, with quick retries.
fn impatient(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .timeout(Duration::from_millis(200))
        .retry_options(quick())
        .wait_options(seam_connect::WaitOptions::no_wait())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_post_that_changes_state_is_not_sent_again_after_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(path("/locks/unlock_door"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let request = seam_connect::types::locks::UnlockDoorRequest::new("device_1");
    let error = impatient(&server).locks().unlock_door(request).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(count(&server, "/locks/unlock_door").await, 1);
}

#[tokio::test]
async fn a_safe_request_is_sent_again_after_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(path("/devices/list"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let error = impatient(&server).devices().list(devices::ListRequest::default()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(count(&server, "/devices/list").await, 3, "one try and two retries");
    assert!(started.elapsed() >= Duration::from_millis(600), "three tries of 200 ms took {:?}", started.elapsed());
}

/// A server that reads each request and closes its connection without an
/// answer, with a reset when `reset`; it counts the connections. Its URL
/// and the count.
async fn closing_server(reset: bool) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            // Read the whole head, so the request was sent before the
            // connection fails: the case where retrying may repeat an effect.
            let mut head = Vec::new();
            let mut buffer = [0; 1024];
            while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                match stream.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buffer[..n]),
                }
            }
            if reset {
                stream.set_zero_linger().unwrap();
            }
            drop(stream);
        }
    });
    (url, connections)
}

#[tokio::test]
async fn after_a_network_error_a_safe_request_is_sent_again_and_a_post_that_changes_state_is_not() {
    use std::sync::atomic::Ordering;
    for reset in [false, true] {
        let (url, connections) = closing_server(reset).await;
        let seam = Client::builder()
            .base_url(url)
            .api_key(API_KEY)
            .retry_options(quick())
            .wait_options(seam_connect::WaitOptions::no_wait())
            .build()
            .unwrap();
        let error = seam.devices().list(devices::ListRequest::default()).await.unwrap_err();
        assert!(matches!(error, Error::Transport(_)) && !error.is_timeout(), "{error:?}");
        assert_eq!(connections.load(Ordering::SeqCst), 3, "a read, reset {reset}: one try and two retries");

        let error = seam.locks().unlock_door(seam_connect::types::locks::UnlockDoorRequest::new("device_1")).await.unwrap_err();
        assert!(matches!(error, Error::Transport(_)) && !error.is_timeout(), "{error:?}");
        assert_eq!(connections.load(Ordering::SeqCst), 3 + 1, "an unlock, reset {reset}: sent once");
    }
}

/// A page of `/spaces/list`: spaces of these ids, the next cursor and the
/// `has_next_page` flag.
fn spaces_page(ids: &[&str], next_page_cursor: Option<&str>, has_next_page: bool) -> ResponseTemplate {
    let spaces: Vec<serde_json::Value> = ids.iter().map(|id| serde_json::json!({"space_id": id})).collect();
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "spaces": spaces,
        "pagination": {"next_page_cursor": next_page_cursor, "has_next_page": has_next_page, "next_page_url": null},
        "ok": true,
    }))
}

/// A server of `/spaces/list` that answers each request with the page of
/// the `page_cursor` it sends (`None` for none), and 404 to other cursors.
async fn paging_server(pages: Vec<(Option<&'static str>, ResponseTemplate)>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/spaces/list"))
        .respond_with(move |request: &wiremock::Request| {
            let cursor = serde_json::from_slice::<serde_json::Value>(&request.body)
                .ok()
                .and_then(|body| body.get("page_cursor")?.as_str().map(str::to_owned));
            let page = pages.iter().find(|(page_cursor, _)| page_cursor.as_deref() == cursor.as_deref());
            page.map_or_else(|| ResponseTemplate::new(404), |(_, response)| response.clone())
        })
        .mount(&server)
        .await;
    server
}

/// The bodies of the requests the server received, in order.
async fn request_bodies(server: &MockServer) -> Vec<serde_json::Value> {
    server.received_requests().await.unwrap().iter().map(|request| serde_json::from_slice(&request.body).unwrap()).collect()
}

fn space_ids(spaces: &[seam_connect::types::Space]) -> Vec<&str> {
    spaces.iter().map(|space| space.space_id.as_str()).collect()
}

#[tokio::test]
async fn collect_all_returns_every_item_in_order_following_the_cursors_the_server_gave() {
    let server = paging_server(vec![
        (None, spaces_page(&["s1", "s2"], Some("cursor_2"), true)),
        (Some("cursor_2"), spaces_page(&["s3", "s4"], Some("cursor_3"), true)),
        (Some("cursor_3"), spaces_page(&["s5"], None, false)),
    ])
    .await;
    let request = seam_connect::types::spaces::ListRequest::default().limit(2);
    let spaces = client(&server).spaces().list_pages(request).collect_all().await.unwrap();
    assert_eq!(space_ids(&spaces), ["s1", "s2", "s3", "s4", "s5"]);
    // Each request is the caller's, with the cursor of the page before.
    let expected = [
        serde_json::json!({"limit": 2}),
        serde_json::json!({"limit": 2, "page_cursor": "cursor_2"}),
        serde_json::json!({"limit": 2, "page_cursor": "cursor_3"}),
    ];
    assert_eq!(request_bodies(&server).await, expected);
}

/// Paging follows the cursor through the endpoint the caller chose, never
/// the `next_page_url` the server offers (which may point anywhere, and
/// would not carry the caller's request).
#[tokio::test]
async fn paging_never_follows_the_next_page_url() {
    let page = |ids: &[&str], cursor: Option<&str>, more: bool| {
        let spaces: Vec<serde_json::Value> = ids.iter().map(|id| serde_json::json!({"space_id": id})).collect();
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "spaces": spaces,
            "pagination": {"next_page_cursor": cursor, "has_next_page": more, "next_page_url": "/spaces/elsewhere?page_cursor=x"},
            "ok": true,
        }))
    };
    let server = paging_server(vec![(None, page(&["s1"], Some("cursor_2"), true)), (Some("cursor_2"), page(&["s2"], None, false))]).await;
    let spaces = client(&server).spaces().list_pages(seam_connect::types::spaces::ListRequest::default()).collect_all().await.unwrap();
    assert_eq!(space_ids(&spaces), ["s1", "s2"]);
    let paths: Vec<String> = server.received_requests().await.unwrap().iter().map(|request| request.url.path().to_owned()).collect();
    assert_eq!(paths, ["/spaces/list", "/spaces/list"]);
}

#[test]
fn waiting_polls_every_second_for_at_most_ten_seconds_by_default() {
    let wait = seam_connect::WaitOptions::default();
    assert_eq!((wait.enabled, wait.interval, wait.timeout), (true, Duration::from_secs(1), Duration::from_secs(10)));
}

/// The output of `paging`, which must end within 10 seconds: a paginator
/// that goes round fails the test instead of hanging it.
async fn ended<T>(paging: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), paging).await.expect("paging did not end")
}

#[tokio::test]
async fn a_cursor_given_again_stops_paging_with_a_typed_error() {
    // The server gives the same cursor on every page.
    let server = paging_server(vec![
        (None, spaces_page(&["s1"], Some("same"), true)),
        (Some("same"), spaces_page(&["s2"], Some("same"), true)),
    ])
    .await;
    let seam = client(&server);
    let error = ended(seam.spaces().list_pages(seam_connect::types::spaces::ListRequest::default()).collect_all()).await.unwrap_err();
    let Error::RepeatedCursor(repeated) = &error else { panic!("expected a repeated cursor, got {error:?}") };
    assert_eq!((repeated.cursor.as_str(), repeated.pages, repeated.path.as_str()), ("same", 2, "/spaces/list"));
    assert!(error.to_string().contains("a page cursor it had given before"), "{error}");
    assert_eq!(count(&server, "/spaces/list").await, 2, "the cursor is sent once, never twice");

    // Page by page, the pages read are returned, then the error, again on
    // each call, with no request.
    let mut pages = seam.spaces().list_pages(seam_connect::types::spaces::ListRequest::default());
    assert_eq!(space_ids(&pages.next_page().await.unwrap().unwrap().items), ["s1"]);
    assert_eq!(space_ids(&pages.next_page().await.unwrap().unwrap().items), ["s2"]);
    assert!(matches!(pages.next_page().await, Err(Error::RepeatedCursor(_))));
    assert!(matches!(pages.next_page().await, Err(Error::RepeatedCursor(_))));
    assert_eq!(count(&server, "/spaces/list").await, 2 + 2);

    // A cycle of two cursors is stopped too.
    let server = paging_server(vec![
        (None, spaces_page(&["s1"], Some("a"), true)),
        (Some("a"), spaces_page(&["s2"], Some("b"), true)),
        (Some("b"), spaces_page(&["s3"], Some("a"), true)),
    ])
    .await;
    let error = ended(client(&server).spaces().list_pages(seam_connect::types::spaces::ListRequest::default()).collect_all()).await.unwrap_err();
    assert!(matches!(&error, Error::RepeatedCursor(repeated) if repeated.cursor == "a" && repeated.pages == 3), "{error:?}");
    assert_eq!(count(&server, "/spaces/list").await, 3);
}

#[tokio::test]
async fn an_empty_cursor_ends_paging() {
    let server = paging_server(vec![
        (None, spaces_page(&["s1"], Some(""), true)),
        (Some(""), spaces_page(&["s2"], None, false)),
    ])
    .await;
    let spaces = client(&server).spaces().list_pages(seam_connect::types::spaces::ListRequest::default()).collect_all().await.unwrap();
    assert_eq!(space_ids(&spaces), ["s1"]);
    assert_eq!(count(&server, "/spaces/list").await, 1);
}

#[tokio::test]
async fn has_next_page_false_ends_paging_whatever_the_cursor() {
    let server = paging_server(vec![
        (None, spaces_page(&["s1"], Some("cursor_2"), false)),
        (Some("cursor_2"), spaces_page(&["s2"], None, false)),
    ])
    .await;
    let mut pages = client(&server).spaces().list_pages(seam_connect::types::spaces::ListRequest::default());
    let page = pages.next_page().await.unwrap().unwrap();
    assert_eq!((space_ids(&page.items), page.has_next_page()), (vec!["s1"], false));
    assert!(pages.next_page().await.unwrap().is_none());
    assert_eq!(count(&server, "/spaces/list").await, 1);
}

#[tokio::test]
async fn an_error_in_the_middle_of_the_stream_is_yielded_once_and_ends_it() {
    use futures_util::StreamExt;
    let server = paging_server(vec![
        (None, spaces_page(&["s1", "s2"], Some("cursor_2"), true)),
        (Some("cursor_2"), ResponseTemplate::new(400).set_body_string("bad cursor")),
        (Some("cursor_3"), spaces_page(&["s3"], None, false)),
    ])
    .await;
    let stream = client(&server).spaces().list_pages(seam_connect::types::spaces::ListRequest::default()).items();
    // At most 10 results, so that a stream that does not end fails the test
    // instead of hanging it.
    let results: Vec<_> = stream.take(10).collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().space_id, "s1");
    assert_eq!(results[1].as_ref().unwrap().space_id, "s2");
    assert_eq!(results[2].as_ref().unwrap_err().status(), Some(400));
    assert_eq!(count(&server, "/spaces/list").await, 2);
}

#[tokio::test]
async fn from_env_reads_the_credentials_and_the_base_url_from_the_environment() {
    // The only test that changes the environment: every other test here
    // gives its client a base URL and credentials, so none reads it.
    const NAMES: [&str; 4] = ["SEAM_API_KEY", "SEAM_PERSONAL_ACCESS_TOKEN", "SEAM_WORKSPACE_ID", "SEAM_ENDPOINT"];
    let saved: Vec<Option<std::ffi::OsString>> = NAMES.iter().map(std::env::var_os).collect();
    for name in NAMES {
        std::env::remove_var(name);
    }

    let error = Client::from_env().unwrap_err();
    assert!(matches!(&error, Error::Config(message) if message.contains("SEAM_API_KEY")), "{error:?}");
    std::env::set_var("SEAM_PERSONAL_ACCESS_TOKEN", "seam_at1_token");
    let error = Client::from_env().unwrap_err();
    assert!(matches!(&error, Error::Config(message) if message.contains("SEAM_WORKSPACE_ID")), "{error:?}");
    std::env::remove_var("SEAM_PERSONAL_ACCESS_TOKEN");

    std::env::set_var("SEAM_API_KEY", API_KEY);
    assert_eq!(Client::from_env().unwrap().base_url(), "https://connect.getseam.com");

    let server = MockServer::start().await;
    Mock::given(path("/devices/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"devices": [], "ok": true})))
        .mount(&server)
        .await;
    std::env::set_var("SEAM_ENDPOINT", format!("{}/", server.uri()));
    let seam = Client::from_env().unwrap();
    assert_eq!(seam.base_url(), server.uri());
    seam.devices().list(devices::ListRequest::default()).await.unwrap();
    assert_eq!(count(&server, "/devices/list").await, 1);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers.get("authorization").unwrap(), "Bearer seam_apikey1_token");
    // The variable also reaches a builder without a base URL; one given in code wins.
    assert_eq!(Client::builder().api_key(API_KEY).build().unwrap().base_url(), server.uri());
    assert_eq!(Client::builder().base_url("http://127.0.0.1:1").api_key(API_KEY).build().unwrap().base_url(), "http://127.0.0.1:1");

    // A personal access token with a workspace, without an API key: the
    // token as bearer, the workspace in its header.
    std::env::remove_var("SEAM_API_KEY");
    std::env::set_var("SEAM_PERSONAL_ACCESS_TOKEN", "seam_at1_token");
    std::env::set_var("SEAM_WORKSPACE_ID", "workspace_1");
    Client::from_env().unwrap().devices().list(devices::ListRequest::default()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let last = requests.last().unwrap();
    assert_eq!(last.headers.get("authorization").unwrap(), "Bearer seam_at1_token");
    assert_eq!(last.headers.get("seam-workspace").unwrap(), "workspace_1");

    for (name, value) in NAMES.iter().zip(saved) {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

/// A page without its items is an error that names them, never an empty
/// page that would end paging as if there were nothing more.
#[tokio::test]
async fn a_page_without_its_items_is_a_decode_error() {
    let without_items = ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "pagination": {"next_page_cursor": null, "has_next_page": false, "next_page_url": null},
        "ok": true,
    }));
    let server = paging_server(vec![(None, without_items)]).await;
    let request = seam_connect::types::spaces::ListRequest::default();
    let error = client(&server).spaces().list_pages(request).collect_all().await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert!(decode.message.contains("no `spaces`"), "{}", decode.message);
}

/// 401 (credentials not accepted) and 403 (accepted, but not allowed) are
/// told apart.
#[tokio::test]
async fn unauthorized_and_forbidden_are_told_apart() {
    for (status, unauthorized, forbidden) in [(401, true, false), (403, false, true)] {
        let server = MockServer::start().await;
        let body = serde_json::json!({"error": {"type": "no", "message": "no"}});
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(status).set_body_json(body)).mount(&server).await;
        let error = client(&server).devices().list(devices::ListRequest::default()).await.unwrap_err();
        let Error::Api(error) = &error else { panic!("expected an API error, got {error:?}") };
        assert_eq!((error.is_unauthorized(), error.is_forbidden()), (unauthorized, forbidden), "{status}");
    }
}

/// An endpoint the crate does not have yet is called by its path, through
/// the client's credentials, headers and retries: a POST is sent once, a
/// GET again after a 503; errors are typed as for every method.
#[tokio::test]
async fn any_endpoint_can_be_called_by_its_path() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/things/new_endpoint"))
        .and(wiremock::matchers::header("authorization", format!("Bearer {API_KEY}").as_str()))
        .and(wiremock::matchers::body_json(serde_json::json!({"thing_id": "t1"})))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/things/get")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/things/get"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"thing": {"thing_id": "t1"}})))
        .mount(&server)
        .await;
    let seam = fast_retries(&server, quick());

    let body = Some(serde_json::json!({"thing_id": "t1"}));
    let error = seam.call::<serde_json::Value>(seam_connect::Method::POST, "/things/new_endpoint", body).await.unwrap_err();
    assert!(matches!(&error, Error::Api(api) if api.status == 503), "{error:?}");
    assert_eq!(count(&server, "/things/new_endpoint").await, 1, "a POST is not sent twice");

    #[derive(serde::Deserialize)]
    struct Thing {
        thing: serde_json::Value,
    }
    let thing: Thing = seam.call(seam_connect::Method::GET, "things/get", None).await.unwrap();
    assert_eq!(thing.thing["thing_id"], "t1");
    assert_eq!(count(&server, "/things/get").await, 2, "a GET is sent again after a 503");
    // It sends the client's headers too, and keeps to its timeout.
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|request| request.headers.get("seam-sdk-name").is_some()), "{requests:?}");
    Mock::given(method("POST"))
        .and(path("/things/slow"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let impatient = seam.with_options(seam_connect::CallOptions::new().timeout(Duration::from_millis(100)).retry(seam_connect::RetryOptions::never())).unwrap();
    let error = impatient.call::<serde_json::Value>(seam_connect::Method::POST, "/things/slow", None).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

/// No answer of a server makes the client panic: random statuses, headers
/// (`Retry-After`, `Content-Type`, request ids) and bodies (random bytes,
/// truncated and mistyped JSON) each end in a value or a typed error,
/// through a method that returns one property, one that pages and the
/// untyped `call`. The cases are random but seeded, so a failure repeats.
#[test]
fn no_answer_of_a_server_makes_the_client_panic() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    let bodies = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        Just(br#"{"devices": [{"device_id": 1}], "ok": true}"#.to_vec()),
        Just(br#"{"devices": null}"#.to_vec()),
        Just(br#"{"devices": [{"device_id": "d", "properties": {"locked": "yes"}}]"#.to_vec()),
        Just(br#"{"error": {"type": 7, "message": [], "validation_errors": "x"}}"#.to_vec()),
        Just(br#"{"access_codes": [], "pagination": {"next_page_cursor": 5, "has_next_page": "maybe"}}"#.to_vec()),
        Just(b"\xef\xbb\xbf{\"ok\": true}".to_vec()),
        Just(b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_vec()),
    ];
    let statuses = prop_oneof![200u16..600, Just(200u16), Just(204), Just(400), Just(401), Just(429), Just(500), Just(503)];
    let header_values = prop_oneof![Just("0".to_owned()), Just("-1".to_owned()), Just("99999999999999999999".to_owned()), "[ -~]{0,40}"];
    let answers = (statuses, header_values, bodies);

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let server = runtime.block_on(MockServer::start());
    let seam = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .timeout(Duration::from_secs(5))
        .retry_options(seam_connect::RetryOptions {
            max_retries: 1,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            ..Default::default()
        })
        .build()
        .unwrap();
    let config = Config { cases: 96, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let outcomes = std::cell::RefCell::new(std::collections::BTreeMap::new());
    let result = runner.run(&answers, |(status, header_value, body)| {
        let outcome = runtime.block_on(async {
            server.reset().await;
            let answer = ResponseTemplate::new(status)
                .insert_header("retry-after", header_value.as_str())
                .insert_header("seam-request-id", header_value.as_str())
                .insert_header("content-type", if header_value.len() % 2 == 0 { "application/json" } else { header_value.as_str() })
                .set_body_bytes(body.clone());
            Mock::given(wiremock::matchers::any()).respond_with(answer).mount(&server).await;
            let listed = seam.devices().list(devices::ListRequest::default()).await;
            let paged = seam.access_codes().list_pages(seam_connect::types::access_codes::ListRequest::default()).collect_all().await;
            let called = seam.call::<serde_json::Value>(seam_connect::Method::GET, "/anything", None).await;
            // Errors show without panicking too.
            for err in [listed.as_ref().err(), paged.as_ref().err(), called.as_ref().err()].into_iter().flatten() {
                let _ = (err.to_string(), format!("{err:?}"));
            }
            [listed.is_ok(), paged.is_ok(), called.is_ok()]
        });
        *outcomes.borrow_mut().entry(outcome).or_insert(0) += 1;
        Ok(())
    });
    result.unwrap();
    let outcomes = outcomes.into_inner();
    // The cases reached both values and errors.
    assert!(outcomes.keys().any(|outcome| outcome.contains(&true)) && outcomes.keys().any(|outcome| outcome.contains(&false)), "{outcomes:?}");
}

/// The client sends HTTPS through rustls: no OpenSSL or system TLS library
/// is among the Seam crate's dependencies, whatever its features.
#[test]
fn the_client_links_no_openssl() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .args(["tree", "--package", "seam-connect", "--all-features", "--edges", "normal", "--prefix", "none", "--offline"])
        .current_dir(tests::project_root())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let tree = String::from_utf8(output.stdout).unwrap();
    assert!(tree.lines().any(|line| line.starts_with("rustls ")), "{tree}");
    // (`openssl-probe`, which only looks for the system's certificate
    // files, is plain Rust.)
    let system_tls: Vec<&str> = tree
        .lines()
        .filter(|line| ["openssl", "openssl-sys", "native-tls"].iter().any(|name| line.split(' ').next() == Some(*name)))
        .collect();
    assert!(system_tls.is_empty(), "{system_tls:?}");
}

/// The `[dependencies]` keys of a Cargo manifest, in order.
fn manifest_dependencies(manifest: &str) -> std::collections::BTreeSet<String> {
    let table = manifest.split("\n[dependencies]\n").nth(1).expect("a [dependencies] table");
    let table = table.split("\n[").next().unwrap_or_default();
    table.lines().filter_map(|line| line.split(" = ").next()).filter(|key| !key.is_empty() && !key.starts_with('#')).map(str::to_owned).collect()
}

/// ARCHITECTURE.md's Dependencies table: the crates of the rows whose
/// "where" column names `generated`, with whether the row is "(Seam only)".
fn documented_crate_dependencies() -> Vec<(String, bool)> {
    let text = std::fs::read_to_string(tests::project_root().join("ARCHITECTURE.md")).unwrap();
    let table = text.split("## Dependencies").nth(1).expect("ARCHITECTURE.md has a Dependencies section");
    let mut crates = Vec::new();
    for row in table.lines().filter(|line| line.starts_with("| ")) {
        let columns: Vec<&str> = row.split('|').map(str::trim).collect();
        let (Some(names), Some(place)) = (columns.get(1), columns.get(2)) else { continue };
        let Some(place) = place.split(", ").find(|place| place.starts_with("generated")) else { continue };
        let seam_only = place.contains("(Seam only)");
        // The names outside parentheses: `tokio` (time), `futures-core`.
        let mut depth = 0;
        let names: String = names
            .chars()
            .filter(|character| {
                depth += i32::from(*character == '(') - i32::from(*character == ')');
                depth == 0 && *character != ')'
            })
            .collect();
        crates.extend(names.split('`').skip(1).step_by(2).map(|name| (name.to_owned(), seam_only)));
    }
    crates
}

/// ARCHITECTURE.md lists the dependencies of the generated crates: every
/// crate has those of the runtime, the Seam crate also the ones its
/// hand-written modules name in its settings, and no crate has more.
#[test]
fn the_generated_crates_depend_on_what_architecture_lists() {
    let documented = documented_crate_dependencies();
    let runtime: std::collections::BTreeSet<String> =
        documented.iter().filter(|(_, seam_only)| !seam_only).map(|(name, _)| name.clone()).collect();
    let seam: std::collections::BTreeSet<String> = documented.iter().map(|(name, _)| name.clone()).collect();
    assert!(runtime.contains("reqwest") && seam.len() > runtime.len(), "the table was not read: {documented:?}");
    let seam_manifest = std::fs::read_to_string(tests::project_root().join("generated").join("Cargo.toml")).unwrap();
    assert_eq!(manifest_dependencies(&seam_manifest), seam, "the Seam crate's dependencies against ARCHITECTURE.md");
    let plain = tests::generate(&tests::tests_dir().join("fixtures").join("operations.yaml")).unwrap();
    let plain_manifest = tests::file(&plain, "Cargo.toml");
    assert_eq!(manifest_dependencies(plain_manifest), runtime, "a generic crate's dependencies against ARCHITECTURE.md");
    // The features the table names: rustls without reqwest's defaults (no
    // OpenSSL), tokio's timer only, tracing without its defaults but `std`.
    for line in [
        r#"reqwest = { version = "0.13", default-features = false, features = ["rustls"] }"#,
        r#"tokio = { version = "1", features = ["time"] }"#,
        r#"tracing = { version = "0.1.41", default-features = false, features = ["std"] }"#,
    ] {
        assert!(seam_manifest.lines().any(|candidate| candidate == line), "no `{line}` in:\n{seam_manifest}");
    }
    let tests_manifest = std::fs::read_to_string(tests::tests_dir().join("Cargo.toml")).unwrap();
    let proptest = tests_manifest.lines().find(|line| line.starts_with("proptest ")).unwrap_or_default();
    assert!(proptest.contains("default-features = false"), "proptest with its default features: {proptest}");
}
