// A document with malformed elements: what was repaired works on the wire
// (a response without a description, a schema whose `maxLength` and
// `properties` were dropped, a parameter whose `style` was dropped), and
// what was left out is not there.
use fixture_malformed_3_0::types::{Item, NewItem};
use fixture_malformed_3_0::Client;
use loopback::{response, serve};

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap()
}

#[test]
fn the_malformed_server_is_left_out_and_the_other_kept() {
    assert_eq!(Client::DEFAULT_BASE_URL, "https://api.example.com/v1");
}

#[tokio::test]
async fn a_repaired_schema_sends_and_decodes_what_it_no_longer_limits() {
    // In the order of the declared properties (`NewItem` first), then the undeclared.
    let body = r#"{"name":"a name longer than ten","labels":{"a":1,"z":[true]},"id":"i1","extra":"kept"}"#;
    let (url, requests) = serve(vec![response(201, "application/json", body)], true);
    let new = NewItem {
        name: "a name longer than ten".into(),
        count: None,
        labels: Some([("a".to_owned(), serde_json::json!(1))].into_iter().collect()),
        additional: Default::default(),
    };
    let item: Item = client(&url).create_item(&new).await.unwrap();
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "POST /items HTTP/1.1");
    assert_eq!(
        request.text(),
        r#"{"name":"a name longer than ten","labels":{"a":1}}"#
    );
    assert_eq!(item.id, "i1");
    assert_eq!(serde_json::to_string(&item).unwrap(), body);
}

#[tokio::test]
async fn a_parameter_whose_style_was_dropped_is_sent_in_the_default_style() {
    let (url, requests) = serve(
        vec![response(200, "application/json", r#"{"id":"a b","name":"n"}"#)],
        true,
    );
    let item = client(&url).get_item("a b").await.unwrap();
    assert_eq!(item.id, "a b");
    assert_eq!(
        requests.recv().unwrap().request_line(),
        "GET /items/a%20b HTTP/1.1"
    );
}
