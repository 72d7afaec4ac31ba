use fixture_streams_3_2::types::ImportRecordsBodyItem;
use fixture_streams_3_2::{Client, Error};
use loopback::{response, serve};
use std::time::Duration;

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap()
}

fn record(id: i64, tags: &[&str]) -> ImportRecordsBodyItem {
    let mut record = ImportRecordsBodyItem::new(id);
    if !tags.is_empty() {
        record.tags = Some(tags.iter().map(|t| (*t).to_owned()).collect());
    }
    record
}

#[tokio::test]
async fn an_item_schema_types_the_items_sent_and_received() {
    let (url, requests) = serve(
        vec![response(
            202,
            "application/x-ndjson",
            "{\"percent\":0}\n\n{\"percent\":100,\"note\":\"done\"}\n",
        )],
        true,
    );
    let mut progress = client(&url)
        .import_records(&[record(1, &[]), record(2, &["a", "b"])])
        .await
        .unwrap();
    let mut seen = Vec::new();
    while let Some(item) = tokio::time::timeout(Duration::from_secs(10), progress.next_item())
        .await
        .unwrap()
    {
        let item = item.unwrap();
        seen.push((item.percent, item.note));
    }
    assert_eq!(seen, vec![(0, None), (100, Some("done".to_owned()))]);
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "POST /records HTTP/1.1");
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/json-seq")
    );
    assert_eq!(request.header("accept").as_deref(), Some("application/x-ndjson"));
    // RFC 7464: each record is 0x1E, the JSON text, LF.
    assert_eq!(
        request.body,
        b"\x1e{\"id\":1}\n\x1e{\"id\":2,\"tags\":[\"a\",\"b\"]}\n"
    );
}

#[tokio::test]
async fn the_item_schema_s_constraints_are_checked_per_item() {
    let error = client("http://127.0.0.1:9")
        .import_records(&[record(1, &[]), record(0, &[])])
        .await
        .unwrap_err();
    match error {
        Error::InvalidRequest(invalid) => {
            assert_eq!(invalid.errors().len(), 1);
            assert_eq!(invalid.errors()[0].path(), "body[1].id");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_events_item_schema_types_its_data_by_content_schema() {
    let (url, _requests) = serve(
        vec![response(
            200,
            "text/event-stream",
            "event: delta\nid: 7\ndata: {\"text\":\"Hel\"}\n\ndata: {\"text\":\"lo\"}\n\n",
        )],
        true,
    );
    let mut events = client(&url)
        .chat(&fixture_streams_3_2::types::ChatBody::new("hi"))
        .await
        .unwrap();
    let first = events.next_event().await.unwrap().unwrap();
    assert_eq!((first.event.as_str(), first.id.as_deref()), ("delta", Some("7")));
    assert_eq!(first.data.text, "Hel");
    assert_eq!(events.next_event().await.unwrap().unwrap().data.text, "lo");
    assert!(events.next_event().await.is_none());
}

#[tokio::test]
async fn an_events_item_schema_with_string_data_is_text() {
    let (url, _requests) = serve(
        vec![response(200, "text/event-stream", "data: 101.5\n\n")],
        true,
    );
    let mut events = client(&url).ticker().await.unwrap();
    let data: String = events.next_event().await.unwrap().unwrap().data;
    assert_eq!(data, "101.5");
}
