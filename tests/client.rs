//! The client against a local mock server (`wiremock`), for what Seam's
//! fake cannot show: the headers a request carries, timeouts, bodies that
//! do not decode, servers that are not there.

use std::time::Duration;

use seam_connect::types::DevicesListRequest;
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
    let devices = client(&server).devices().list(DevicesListRequest::default().limit(5.0)).await.unwrap();
    assert!(devices.is_empty());
    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    let header = |name: &str| request.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    assert_eq!(header("authorization").as_deref(), Some("Bearer seam_apikey1_token"));
    assert_eq!(header("seam-sdk-name").as_deref(), Some("seamapi/rust-seam-connect"));
    assert_eq!(header("seam-sdk-version").as_deref(), Some("0.1.0"));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, serde_json::json!({"limit": 5.0}));
}

#[tokio::test]
async fn a_personal_access_token_names_its_workspace() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"devices": [], "ok": true})))
        .mount(&server)
        .await;
    let seam = Client::builder().base_url(server.uri()).personal_access_token("seam_at1_token", "workspace_1").build().unwrap();
    seam.devices().list(DevicesListRequest::default()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers.get("seam-workspace").unwrap(), "workspace_1");
    assert_eq!(requests[0].headers.get("authorization").unwrap(), "Bearer seam_at1_token");
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
    let error = seam.devices().list(DevicesListRequest::default()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(&error, Error::Transport(transport) if transport.path == "/devices/list"));
    assert!(error.to_string().contains("timed out"), "{error}");
}

#[tokio::test]
async fn an_absent_server_is_a_transport_error() {
    // Bind a port, then free it: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let seam = Client::builder().base_url(format!("http://127.0.0.1:{port}")).api_key(API_KEY).build().unwrap();
    let error = seam.devices().list(DevicesListRequest::default()).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)) && !error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn an_undecodable_body_names_the_field_and_shows_the_body() {
    let server = MockServer::start().await;
    let body = r#"{"devices": [{"device_id": 5, "display_name": "Front door"}], "ok": true}"#;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_string(body)).mount(&server).await;
    let error = client(&server).devices().list(DevicesListRequest::default()).await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.json_path, "devices[0].device_id");
    assert!(decode.excerpt.contains("\"device_id\": 5"), "{}", decode.excerpt);
    assert_eq!(decode.status, 200);
}

#[tokio::test]
async fn server_errors_keep_what_the_server_said_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("seam-request-id", "req_42").set_body_string("upstream unavailable"))
        .mount(&server)
        .await;
    let error = client(&server).devices().list(DevicesListRequest::default()).await.unwrap_err();
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
    let result = seam.locks().unlock_door(seam_connect::types::LocksUnlockDoorRequest::new("device_1")).await;
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
    let result = seam.locks().unlock_door(seam_connect::types::LocksUnlockDoorRequest::new("device_1")).await;
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
    let attempt = seam.locks().unlock_door(seam_connect::types::LocksUnlockDoorRequest::new("device_1")).await.unwrap();
    assert_eq!(attempt.status(), Some("pending"));
    let polls = server.received_requests().await.unwrap().iter().filter(|request| request.url.path() == "/action_attempts/get").count();
    assert_eq!(polls, 0);
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
    let devices = fast_retries(&server, quick()).devices().list(DevicesListRequest::default()).await.unwrap();
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
    fast_retries(&server, quick()).devices().list(DevicesListRequest::default()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn retries_stop_after_the_limit_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(path("/devices/list")).respond_with(ResponseTemplate::new(502).set_body_string("bad gateway")).mount(&server).await;
    let error = fast_retries(&server, quick()).devices().list(DevicesListRequest::default()).await.unwrap_err();
    assert_eq!(error.status(), Some(502));
    assert_eq!(count(&server, "/devices/list").await, 3, "one try and two retries");
}

#[tokio::test]
async fn a_post_that_changes_state_is_never_sent_twice_unless_asked() {
    let server = MockServer::start().await;
    Mock::given(path("/locks/unlock_door")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let request = || seam_connect::types::LocksUnlockDoorRequest::new("device_1");
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
    fast_retries(&server, quick()).devices().list(DevicesListRequest::default()).await.unwrap_err();
    assert_eq!(count(&server, "/devices/list").await, 1);
}
