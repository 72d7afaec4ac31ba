// A 3.1 document with malformed elements: an operation written as a `$ref`
// is generated like any other, and a schema whose malformed keywords were
// dropped decodes and encodes values unchanged.
use fixture_malformed_3_1::types::Item;
use fixture_malformed_3_1::{Client, Nullable};
use loopback::{response, serve};

#[tokio::test]
async fn an_operation_written_as_a_reference_is_called() {
    let body = r#"[{"id":"a","size":null,"tags":["x","x"]},{"size":0}]"#;
    let (url, requests) = serve(vec![response(200, "application/json", body)], true);
    let client = Client::builder().base_url(url).max_retries(0).build().unwrap();
    let items: Vec<Item> = client.list_items().await.unwrap();
    assert_eq!(
        requests.recv().unwrap().request_line(),
        "GET /items HTTP/1.1"
    );
    assert_eq!(items[0].size, Nullable::Null);
    // `uniqueItems: 'yes'` was dropped: repeated tags decode.
    assert_eq!(items[0].tags.as_deref(), Some(&["x".to_owned(), "x".to_owned()][..]));
    // `minimum: {at: 1}` was dropped: 0 decodes.
    assert_eq!(items[1].size, Nullable::Value(0));
    assert_eq!(serde_json::to_string(&items).unwrap(), body);
}
