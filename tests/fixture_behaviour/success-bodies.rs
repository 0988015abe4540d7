//! The `success-bodies` fixture's crate, against a local server: an
//! operation whose successful answers declare different bodies (`200`,
//! `{report_id}`; `202`, `{job_id}`) returns an enum of them, each answer
//! decoded as the type its status declares, so that nothing the server
//! sent is read as another answer's type (under the tolerance rules, a
//! `{job_id}` read as `{report_id}` would be an empty `report_id`, the
//! `job_id` dropped).

use std::io::{BufRead, BufReader, Write};

use success_bodies::types::ReportsCreateReportAnswer;
use success_bodies::{Client, Error};

/// Serves `answers` (status, body), one per connection, on a free loopback
/// port; gives the base URL.
fn serve(answers: Vec<(u16, &'static str)>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for (status, body) in answers {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" || line.is_empty() {
                    break;
                }
            }
            let answer = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(answer.as_bytes()).unwrap();
        }
    });
    url
}

#[tokio::test]
async fn each_answer_is_decoded_as_the_type_its_status_declares() {
    let url = serve(vec![
        (200, r#"{"report_id": "r1"}"#),
        (202, r#"{"job_id": "j2"}"#),
        (201, r#"{"report_id": "r3"}"#),
        (202, r#"{"job_id": 4}"#),
    ]);
    let client = Client::builder().base_url(url).build().unwrap();
    match client.reports().create_report().await.unwrap() {
        ReportsCreateReportAnswer::Ok(report) => assert_eq!(report.report_id, "r1"),
        other => panic!("{other:?}"),
    }
    match client.reports().create_report().await.unwrap() {
        ReportsCreateReportAnswer::Accepted(job) => assert_eq!(job.job_id, "j2"),
        other => panic!("{other:?}"),
    }
    // A 2xx the spec does not declare is read as the first answer.
    match client.reports().create_report().await.unwrap() {
        ReportsCreateReportAnswer::Ok(report) => assert_eq!(report.report_id, "r3"),
        other => panic!("{other:?}"),
    }
    // A body that does not fit its status's type: a decode error naming the field.
    match client.reports().create_report().await {
        Err(Error::Decode(error)) => {
            assert_eq!(error.status, 202);
            assert!(error.json_path.contains("job_id"), "{error}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}
