//! The client's `tracing` spans and events, against a local mock server.
//! Alone in its test binary: `tracing` caches, per call site, whether any
//! subscriber wants it, and a test of another thread that hits a call site
//! first, with no subscriber, could make this one miss events.

use std::time::Duration;

use seam_connect::types::devices;
use seam_connect::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "seam_apikey1_token";

fn fast_retries(server: &MockServer) -> Client {
    let retry = seam_connect::RetryOptions { initial_backoff: Duration::from_millis(10), ..Default::default() };
    Client::builder().base_url(server.uri()).api_key(API_KEY).retry_options(retry).build().unwrap()
}

/// A `tracing` subscriber that writes down every span and event, with
/// its fields, as a line of text.
#[derive(Clone, Default)]
struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write as _;
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Fields(format!("span {}", span.metadata().name()));
        span.record(&mut fields);
        let mut lines = self.0.lock().unwrap();
        lines.push(fields.0);
        tracing::span::Id::from_u64(lines.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields("event".to_owned());
        event.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn each_request_is_a_span_and_each_try_an_event_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/devices/list"))
        .respond_with(ResponseTemplate::new(503).insert_header("seam-request-id", "request_1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/devices/list"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("seam-request-id", "request_2")
                .set_body_json(serde_json::json!({"devices": [], "ok": true})),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let seam = fast_retries(&server);
    let recorder = Recorder::default();
    let guard = tracing::subscriber::set_default(recorder.clone());
    seam.devices().list(devices::ListRequest::default()).await.unwrap();
    drop(guard);
    let lines = recorder.0.lock().unwrap().clone();
    let ours: Vec<&String> = lines.iter().filter(|line| line.contains("attempt=") || line.starts_with("span request")).collect();
    assert!(ours.first().is_some_and(|line| line.as_str() == "span request method=POST path=/devices/list"), "{lines:#?}");
    let tried = |text: &str| ours.iter().any(|line| text.split(' ').all(|part| line.contains(part)));
    assert!(tried("attempt=1 status=503 request_id=\"request_1\""), "{lines:#?}");
    assert!(tried("attempt=1 delay_milliseconds="), "{lines:#?}");
    assert!(tried("attempt=2 status=200 request_id=\"request_2\" milliseconds="), "{lines:#?}");
    assert!(lines.iter().all(|line| !line.contains(API_KEY)), "{lines:#?}");
}

