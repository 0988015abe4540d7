//! The `pagination` fixture's crate, against a local server that pages:
//! each common way of paging, detected from the spec's names, reads every
//! page to the end with the requests the style asks for (counted and
//! compared one by one), and stops where it must: no cursor, `has_more`
//! false, no `rel="next"`, a short or an empty page, a cursor given twice,
//! a link that leaves the base URL.

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use pagination::types::{customers, events, invoices, orders, repos, searches};
use pagination::{Client, Error};

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
async fn a_cursor_in_the_query_is_read_from_a_nested_property_until_none_comes() {
    let mock = serve(Box::new(|request, _| match request {
        "GET /events?limit=2" => ok(r#"{"events": [{"id": "e1"}, {"id": "e2"}], "response_metadata": {"next_cursor": "c2"}}"#),
        "GET /events?cursor=c2&limit=2" => ok(r#"{"events": [{"id": "e3"}, {"id": "e4"}], "response_metadata": {"next_cursor": "c3"}}"#),
        // An empty cursor, as Slack sends on the last page.
        "GET /events?cursor=c3&limit=2" => ok(r#"{"events": [{"id": "e5"}], "response_metadata": {"next_cursor": ""}}"#),
        other => not_found(other),
    }));
    let parameters = events::ListEventsParameters { limit: Some(2), ..Default::default() };
    let events = mock.client().events().list_events_pages(parameters).collect_all().await.unwrap();
    let ids: Vec<&str> = events.iter().map(|event| event.id.as_str()).collect();
    assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5"]);
    assert_eq!(mock.requests(), ["GET /events?limit=2", "GET /events?cursor=c2&limit=2", "GET /events?cursor=c3&limit=2"]);
}

#[tokio::test]
async fn the_last_items_id_is_sent_while_has_more_is_true() {
    let mock = serve(Box::new(|request, _| match request {
        "GET /customers" => ok(r#"{"object": "list", "data": [{"id": "cus_1"}, {"id": "cus_2"}], "has_more": true}"#),
        "GET /customers?starting_after=cus_2" => ok(r#"{"object": "list", "data": [{"id": "cus_3"}], "has_more": false}"#),
        other => not_found(other),
    }));
    let mut pages = mock.client().customers().list_customers_pages(customers::ListCustomersParameters::default());
    let first = pages.next_page().await.unwrap().unwrap();
    assert_eq!(first.next_page_cursor(), Some("cus_2"));
    let second = pages.next_page().await.unwrap().unwrap();
    assert_eq!(second.items[0].id, "cus_3");
    assert!(!second.has_next_page());
    assert!(pages.next_page().await.unwrap().is_none());
    assert_eq!(mock.requests(), ["GET /customers", "GET /customers?starting_after=cus_2"]);
}

#[tokio::test]
async fn a_page_without_its_items_is_an_error_that_names_them() {
    let mock = serve(Box::new(|_, _| ok(r#"{"object": "list", "has_more": false}"#)));
    let error = mock.client().customers().list_customers_pages(customers::ListCustomersParameters::default()).collect_all().await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert!(error.to_string().contains("`data`"), "{error}");
}

#[tokio::test]
async fn the_link_headers_next_url_is_followed_until_there_is_none() {
    let mock = serve(Box::new(|request, base| match request {
        "GET /repos?per_page=2" => (
            200,
            vec![("link".to_owned(), format!("<{base}/repos?per_page=2&page=2>; rel=\"next\", <{base}/repos?per_page=2&page=3>; rel=\"last\""))],
            r#"[{"id": 1}, {"id": 2}]"#.to_owned(),
        ),
        "GET /repos?per_page=2&page=2" => (
            200,
            vec![("link".to_owned(), format!("<{base}/repos?per_page=2&page=1>; rel=\"prev\", <{base}/repos?per_page=2&page=3>; rel=\"next\""))],
            r#"[{"id": 3}, {"id": 4}]"#.to_owned(),
        ),
        // A link relative to the server, as some APIs give.
        "GET /repos?per_page=2&page=3" => ok(r#"[{"id": 5}]"#),
        other => not_found(other),
    }));
    let parameters = repos::ListReposParameters { per_page: Some(2), ..Default::default() };
    let repos: Vec<i64> = mock
        .client()
        .repos()
        .list_repos_pages(parameters)
        .items()
        .map(|repo| repo.unwrap().id)
        .collect()
        .await;
    assert_eq!(repos, [1, 2, 3, 4, 5]);
    assert_eq!(mock.requests(), ["GET /repos?per_page=2", "GET /repos?per_page=2&page=2", "GET /repos?per_page=2&page=3"]);
}

#[tokio::test]
async fn a_relative_link_is_followed_and_a_link_elsewhere_is_not() {
    let mock = serve(Box::new(|request, _| match request {
        "GET /repos" => (200, vec![("link".to_owned(), "</repos?page=2>; rel=\"next\"".to_owned())], r#"[{"id": 1}]"#.to_owned()),
        "GET /repos?page=2" => {
            (200, vec![("link".to_owned(), "<http://elsewhere.example/repos?page=3&token=x>; rel=\"next\"".to_owned())], r#"[{"id": 2}]"#.to_owned())
        }
        other => not_found(other),
    }));
    let results: Vec<Result<i64, Error>> =
        mock.client().repos().list_repos_pages(repos::ListReposParameters::default()).items().map(|repo| repo.map(|repo| repo.id)).collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap(), &1);
    assert_eq!(results[1].as_ref().unwrap(), &2);
    let error = results[2].as_ref().unwrap_err().to_string();
    assert!(error.contains("outside the base URL") && error.contains("http://elsewhere.example/repos"), "{error}");
    // The link's query (which may hold a token) is not repeated.
    assert!(!error.contains("token=x"), "{error}");
    assert_eq!(mock.requests(), ["GET /repos", "GET /repos?page=2"]);
}

#[tokio::test]
async fn the_offset_grows_by_the_items_read_until_a_short_page() {
    let mock = serve(Box::new(|request, _| match request {
        "GET /orders?limit=2" => ok(r#"{"orders": [{"id": "o1"}, {"id": "o2"}], "total": 5}"#),
        "GET /orders?offset=2&limit=2" => ok(r#"{"orders": [{"id": "o3"}, {"id": "o4"}], "total": 5}"#),
        "GET /orders?offset=4&limit=2" => ok(r#"{"orders": [{"id": "o5"}], "total": 5}"#),
        other => not_found(other),
    }));
    let parameters = orders::ListOrdersParameters { limit: Some(2), ..Default::default() };
    let orders = mock.client().orders().list_orders_pages(parameters).collect_all().await.unwrap();
    assert_eq!(orders.iter().map(|order| order.id.as_str()).collect::<Vec<_>>(), ["o1", "o2", "o3", "o4", "o5"]);
    // The page of one item is shorter than the limit: no fourth request.
    assert_eq!(mock.requests(), ["GET /orders?limit=2", "GET /orders?offset=2&limit=2", "GET /orders?offset=4&limit=2"]);
}

#[tokio::test]
async fn without_a_limit_the_offset_pages_until_an_empty_page_from_where_it_started() {
    let mock = serve(Box::new(|request, _| match request {
        "GET /orders?offset=10" => ok(r#"{"orders": [{"id": "o11"}, {"id": "o12"}, {"id": "o13"}]}"#),
        "GET /orders?offset=13" => ok(r#"{"orders": [{"id": "o14"}]}"#),
        "GET /orders?offset=14" => ok(r#"{"orders": []}"#),
        other => not_found(other),
    }));
    let parameters = orders::ListOrdersParameters { offset: Some(10), ..Default::default() };
    let orders = mock.client().orders().list_orders_pages(parameters).collect_all().await.unwrap();
    assert_eq!(orders.len(), 4);
    assert_eq!(mock.requests(), ["GET /orders?offset=10", "GET /orders?offset=13", "GET /orders?offset=14"]);
}

#[tokio::test]
async fn page_numbers_count_from_one_until_an_empty_page() {
    let mock = serve(Box::new(|request, _| match request {
        "GET /invoices" => ok(r#"[{"number": 1}, {"number": 2}]"#),
        "GET /invoices?page=2" => ok(r#"[{"number": 3}]"#),
        "GET /invoices?page=3" => ok("[]"),
        other => not_found(other),
    }));
    let mut pages = mock.client().invoices().list_invoices_pages(invoices::ListInvoicesParameters::default());
    let mut numbers = Vec::new();
    while let Some(page) = pages.next_page().await.unwrap() {
        numbers.extend(page.items.iter().map(|invoice| invoice.number));
    }
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(mock.requests(), ["GET /invoices", "GET /invoices?page=2", "GET /invoices?page=3"]);
    // `first_page` starts again.
    let first = pages.first_page().await.unwrap();
    assert_eq!(first.items.len(), 2);
    assert_eq!(mock.requests().len(), 4);
}

#[tokio::test]
async fn a_cursor_in_a_json_body_pages_until_has_next_page_is_false() {
    let mock = serve(Box::new(|request, _| match request {
        r#"POST /searches/run {"query":"lock"}"# => {
            ok(r#"{"results": [{"id": "r1"}], "pagination": {"next_page_cursor": "p2", "has_next_page": true}}"#)
        }
        r#"POST /searches/run {"page_cursor":"p2","query":"lock"}"# => {
            // A cursor with `has_next_page: false`: paging ends all the same.
            ok(r#"{"results": [{"id": "r2"}], "pagination": {"next_page_cursor": "p3", "has_next_page": false}}"#)
        }
        other => not_found(other),
    }));
    let request = searches::RunSearchRequest { query: "lock".to_owned(), page_cursor: None };
    let results = mock.client().searches().run_search_pages(request).collect_all().await.unwrap();
    assert_eq!(results.iter().map(|result| result.id.as_str()).collect::<Vec<_>>(), ["r1", "r2"]);
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test]
async fn a_cursor_given_twice_stops_paging_with_an_error() {
    let mock = serve(Box::new(|_, _| ok(r#"{"events": [{"id": "e"}], "response_metadata": {"next_cursor": "again"}}"#)));
    let error = mock.client().events().list_events_pages(events::ListEventsParameters::default()).collect_all().await.unwrap_err();
    assert!(matches!(error, Error::RepeatedCursor(_)), "{error:?}");
    assert!(error.to_string().contains("`again`"), "{error}");
    // The first page, then the one `again` asked for; not a third.
    assert_eq!(mock.requests(), ["GET /events", "GET /events?cursor=again"]);
}

#[tokio::test]
async fn an_api_error_while_paging_keeps_what_the_server_said() {
    let mock = serve(Box::new(|request, _| match request {
        "GET /invoices" => ok(r#"[{"number": 1}]"#),
        _ => (403, Vec::new(), r#"{"message": "no more for you"}"#.to_owned()),
    }));
    let results: Vec<_> = mock.client().invoices().list_invoices_pages(invoices::ListInvoicesParameters::default()).items().collect().await;
    assert_eq!(results.len(), 2);
    let error = results[1].as_ref().unwrap_err();
    assert_eq!(error.status(), Some(403));
    assert!(error.to_string().contains("no more for you"), "{error}");
}
