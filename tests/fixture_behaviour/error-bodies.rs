//! The `error-bodies` fixture's crate, used as a downstream crate would use
//! it, against a local server that answers each request with the next of
//! a list of canned answers: the API error of a call carries the body
//! decoded as the type the spec declares for the answer's status (by
//! status, by class, by `default`), says why when the body does not fit,
//! and reads the kind and message of the error from the common places.

use std::io::{BufRead, BufReader, Read, Write};

use error_bodies::types::{ErrorBody, Pet};
use error_bodies::{ApiError, Client, Error, RetryOptions};

/// Serves `answers` (status, media type, body), one per connection, on a
/// free loopback port; gives the base URL.
fn serve(answers: Vec<(u16, &'static str, &'static str)>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for (status, media_type, body) in answers {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap();
                }
                if line == "\r\n" || line.is_empty() {
                    break;
                }
            }
            let mut request_body = vec![0; length];
            reader.read_exact(&mut request_body).unwrap();
            let answer = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: {media_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(answer.as_bytes()).unwrap();
        }
    });
    url
}

fn client(url: &str) -> Client {
    let retry = RetryOptions { max_retries: 0, ..RetryOptions::default() };
    Client::builder().base_url(url).retry_options(retry).build().unwrap()
}

fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> Box<ApiError> {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_body_is_decoded_as_the_type_declared_for_its_status() {
    let url = serve(vec![
        (404, "application/problem+json", r#"{"type": "https://pets.example.test/missing", "title": "No such pet", "detail": "pet 7 is gone", "status": 404}"#),
        (409, "application/json", r#"{"code": "taken", "message": "the name is taken"}"#),
        (500, "application/json", r#"{"error": {"type": "internal", "message": "try later"}}"#),
    ]);
    let pets = client(&url);

    // By status: `404` is a `Problem`.
    let error = api_error(pets.pets().get_pet(error_bodies::types::pets::GetPetParameters::new("7")).await);
    match &error.typed_body {
        Some(ErrorBody::Problem(problem)) => {
            assert_eq!(problem.title, "No such pet");
            assert_eq!(problem.detail.as_deref(), Some("pet 7 is gone"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.typed_body_error, None);
    // The kind and the message, from problem details' `type` and `detail`.
    assert_eq!(error.error_type.as_deref(), Some("https://pets.example.test/missing"));
    assert_eq!(error.message.as_deref(), Some("pet 7 is gone"));
    // The response's headers are kept.
    assert_eq!(error.headers.get("content-type").and_then(|value| value.to_str().ok()), Some("application/problem+json"));

    // By class: another 4xx is the `4XX` answer's inline type.
    let error = api_error(pets.pets().get_pet(error_bodies::types::pets::GetPetParameters::new("7")).await);
    match &error.typed_body {
        Some(ErrorBody::GetPet4xxError(body)) => assert_eq!(body.code, "taken"),
        other => panic!("{other:?}"),
    }
    assert_eq!((error.error_type.as_deref(), error.message.as_deref()), (Some("taken"), Some("the name is taken")));

    // By `default`: a 5xx is the `Error` envelope.
    let error = api_error(pets.pets().get_pet(error_bodies::types::pets::GetPetParameters::new("7")).await);
    match &error.typed_body {
        Some(ErrorBody::Error(body)) => assert_eq!(body.error.message, "try later"),
        other => panic!("{other:?}"),
    }
    assert_eq!((error.error_type.as_deref(), error.message.as_deref()), (Some("internal"), Some("try later")));
}

#[tokio::test]
async fn a_body_that_does_not_fit_its_type_is_kept_with_the_reason_and_an_undeclared_one_is_only_kept() {
    let url = serve(vec![
        (422, "application/json", r#"{"fields": "name"}"#),
        (503, "text/html", "<h1>down</h1>"),
    ]);
    let pets = client(&url);
    let pet = Pet { name: "rex".to_owned() };

    // `422` declares `{fields: [string]}`: a string there does not fit.
    let error = api_error(pets.pets().create_pet(pet.clone()).await);
    assert_eq!(error.typed_body, None);
    let reason = error.typed_body_error.as_deref().unwrap_or_default();
    assert!(reason.contains("fields"), "{reason}");
    assert_eq!(error.body, r#"{"fields": "name"}"#);

    // `503` declares no body: nothing to decode, nothing wrong, the text kept.
    let error = api_error(pets.pets().create_pet(pet).await);
    assert_eq!((error.status, &error.typed_body, &error.typed_body_error), (503, &None, &None));
    assert_eq!(error.body, "<h1>down</h1>");
}
