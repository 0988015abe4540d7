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
    let seam = Client::builder().base_url(server.uri()).api_key(API_KEY).timeout(Duration::from_millis(200)).build().unwrap();
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
