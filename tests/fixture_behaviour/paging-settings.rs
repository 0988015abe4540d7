//! The `paging-settings` fixture's crate, against a local server that
//! pages: paging named in the settings file (page numbers as `p`, counted
//! from 0, with the page size `n`, a number; the items at `/results`) reads
//! every page with the requests it names, and stops at a short page.

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};

use paging_settings::types::animals;
use paging_settings::Client;

/// One answer of the mock: status, extra headers, JSON body.
type Answer = (u16, Vec<(String, String)>, String);

/// A request as the mock saw it: `GET /path?query` and, for a body, a
/// space and the body.
type Handler = dyn Fn(&str, &str) -> Answer + Send + Sync;

struct Mock {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Mock {
    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    fn client(&self) -> Client {
        Client::builder().base_url(self.url.clone()).build().unwrap()
    }
}

/// Serves `handler` on a free loopback port, one request per connection,
/// recording each request; the handler gets the request line's method and
/// target (with a body after a space) and the base URL.
fn serve(handler: Box<Handler>) -> Mock {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&requests);
    let base = url.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" || line.is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap();
                    }
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut parts = request_line.split_whitespace();
            let (method, target) = (parts.next().unwrap().to_owned(), parts.next().unwrap().to_owned());
            let mut seen = format!("{method} {target}");
            if !body.is_empty() {
                seen = format!("{seen} {}", String::from_utf8(body).unwrap());
            }
            recorded.lock().unwrap().push(seen.clone());
            let (status, headers, body) = handler(&seen, &base);
            let mut answer = format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
            for (name, value) in headers {
                answer.push_str(&format!("{name}: {value}\r\n"));
            }
            answer.push_str("\r\n");
            answer.push_str(&body);
            stream.write_all(answer.as_bytes()).unwrap();
        }
    });
    Mock { url, requests }
}

fn ok(body: &str) -> Answer {
    (200, Vec::new(), body.to_owned())
}

fn not_found(request: &str) -> Answer {
    (404, Vec::new(), format!("{{\"message\": \"unexpected request {request}\"}}"))
}

#[tokio::test]
async fn page_numbers_named_in_the_settings_count_from_zero_until_a_short_page() {
    let mock = serve(Box::new(|request, _| match request {
        "GET /animals?n=2.0" => ok(r#"{"results": [{"name": "ant"}, {"name": "bee"}], "facets": ["insects"]}"#),
        "GET /animals?p=1&n=2.0" => ok(r#"{"results": [{"name": "cat"}, {"name": "dog"}], "facets": []}"#),
        "GET /animals?p=2&n=2.0" => ok(r#"{"results": [{"name": "eel"}], "facets": []}"#),
        other => not_found(other),
    }));
    let parameters = animals::ListAnimalsParameters { n: Some(2.0), ..Default::default() };
    let animals = mock.client().animals().list_animals_pages(parameters).collect_all().await.unwrap();
    let names: Vec<&str> = animals.iter().map(|animal| animal.name.as_str()).collect();
    assert_eq!(names, ["ant", "bee", "cat", "dog", "eel"]);
    assert_eq!(mock.requests(), ["GET /animals?n=2.0", "GET /animals?p=1&n=2.0", "GET /animals?p=2&n=2.0"]);
}
