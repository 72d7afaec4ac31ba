use fixture_responses_ranges_3_0::types::{Item, Problem};
use fixture_responses_ranges_3_0::{
    Client, DeleteItemError, Error, GetItemError, GetItemSuccess, ListItemsError,
};
use loopback::{empty, response, serve};

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap()
}

fn problem(message: &str) -> Option<Problem> {
    Some(Problem {
        message: message.into(),
        additional: Default::default(),
    })
}

const PROBLEM: &str = r#"{"message":"no"}"#;

#[tokio::test]
async fn exact_statuses_win_over_ranges_and_ranges_over_default() {
    let (url, _requests) = serve(
        vec![
            response(200, "application/json", r#"{"id":"a"}"#),
            empty(206),
            response(404, "application/json", PROBLEM),
            response(418, "application/json", PROBLEM),
            empty(503),
            response(302, "application/json", PROBLEM),
        ],
        false,
    );
    let client = client(&url);
    let ok = client.get_item("a").await.unwrap();
    assert_eq!(ok, GetItemSuccess::Ok(Item { id: "a".into(), additional: Default::default() }));
    let partial = client.get_item("a").await.unwrap();
    assert_eq!(partial, GetItemSuccess::Success { status: 206 });
    let kind = |e: Error<GetItemError>| e.kind().cloned().unwrap();
    assert_eq!(
        kind(client.get_item("a").await.unwrap_err()),
        GetItemError::NotFound(problem("no"))
    );
    let teapot = kind(client.get_item("a").await.unwrap_err());
    assert_eq!(
        teapot,
        GetItemError::ClientError {
            status: 418,
            body: problem("no")
        }
    );
    assert_eq!(teapot.status(), 418);
    let unavailable = kind(client.get_item("a").await.unwrap_err());
    assert_eq!(unavailable, GetItemError::ServerError { status: 503 });
    assert_eq!(unavailable.description(), "A server error, without a body");
    let other = kind(client.get_item("a").await.unwrap_err());
    assert_eq!(
        other,
        GetItemError::Default {
            status: 302,
            body: problem("no")
        }
    );
}

#[tokio::test]
async fn a_success_range_decodes_any_2xx() {
    let (url, _requests) = serve(
        vec![
            response(203, "application/json", r#"[{"id":"b"}]"#),
            empty(202),
            response(500, "text/plain", "down"),
            response(409, "application/json", PROBLEM),
            empty(500),
        ],
        false,
    );
    let client = client(&url);
    assert_eq!(
        client.list_items().await.unwrap(),
        vec![Item { id: "b".into(), additional: Default::default() }]
    );
    client.delete_item("b").await.unwrap();
    let error = client.list_items().await.unwrap_err();
    // `default` keeps the status; a body not of its schema is `None`, and still in the error.
    assert_eq!(
        error.kind(),
        Some(&ListItemsError::Default {
            status: 500,
            body: None
        })
    );
    assert_eq!(error.api_error().unwrap().body(), "down");
    let refused = client.delete_item("b").await.unwrap_err();
    assert_eq!(
        refused.kind(),
        Some(&DeleteItemError::ClientError {
            status: 409,
            body: problem("no")
        })
    );
    // A status outside every documented range is undocumented.
    let undocumented = client.delete_item("b").await.unwrap_err();
    assert_eq!(undocumented.kind(), None);
    assert_eq!(undocumented.status().map(|s| s.as_u16()), Some(500));
}
