//! What a call gives besides its body, and the escape hatches, on the wire
//! against a loopback server (wiremock): the status and headers of a
//! success, the request id and rate limit, fields the types do not hold,
//! extra query parameters, headers and JSON body fields, and raw calls that
//! reuse the client's credentials, retries and errors.

use browser_use_client::types::{CreateSessionRequest, SessionItemView};
use browser_use_client::{Client, CreateSessionError, Error, RateLimit, RequestOptions};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod common;
use common::{session_json, KEY};

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// A 201 with the documented session, plus a field and a nested field the
/// spec does not list, and metadata headers.
async fn server_with_metadata() -> MockServer {
    let server = MockServer::start().await;
    let mut body = session_json();
    body["newField"] = json!({"nested": [1, 2]});
    body["liveUrl"] = Value::Null;
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-request-id", "req_8f3a")
                .insert_header("x-ratelimit-limit", "100")
                .insert_header("x-ratelimit-remaining", "97")
                .insert_header("x-ratelimit-reset", "12")
                .set_body_json(body),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_common_call_still_gives_the_body() {
    let server = server_with_metadata().await;
    let session: SessionItemView = client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .await
        .expect("201 decodes");
    assert_eq!(
        session.id.to_string(),
        "5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10"
    );
}

#[tokio::test]
async fn with_response_gives_status_headers_request_id_and_rate_limit() {
    let server = server_with_metadata().await;
    let response = client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .with_response()
        .await
        .expect("201 decodes");
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.request_id(), Some("req_8f3a"));
    assert_eq!(response.header("X-Request-Id"), Some("req_8f3a"));
    let limit = response.rate_limit();
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset.as_deref()),
        (Some(100), Some(97), Some("12"))
    );
    assert_eq!(response.attempts(), 1);
    // It dereferences to the body, and gives it up.
    assert_eq!(
        response.id.to_string(),
        "5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10"
    );
    // The bytes as received. The field the spec does not declare is kept by
    // the body, by name, and sent back: nothing is left that the types do
    // not hold (a `null` the type leaves out is not reported).
    let sent: Value = serde_json::from_slice(response.raw_body()).unwrap();
    assert_eq!(sent["newField"], json!({"nested": [1, 2]}));
    assert_eq!(response.json().unwrap(), sent);
    assert_eq!(
        response.additional.get("newField"),
        Some(&json!({"nested": [1, 2]}))
    );
    assert_eq!(response.unknown_fields(), vec![]);
    // A type of the user's own, holding the new field.
    #[derive(serde::Deserialize)]
    struct Newer {
        #[serde(rename = "newField")]
        new_field: Value,
        #[serde(flatten)]
        session: SessionItemView,
    }
    let newer: Newer = response.decode_as().unwrap();
    assert_eq!(newer.new_field["nested"][1], 2);
    assert!(newer.session.additional.is_empty());
    let mut session = response.body().clone();
    session.additional.clear();
    assert_eq!(newer.session, session);
    let session = response.into_body();
    assert_eq!(
        session.id.to_string(),
        "5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10"
    );
}

#[tokio::test]
async fn request_ids_and_rate_limits_in_other_spellings() {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("ratelimit-remaining", "3".parse().unwrap());
    headers.insert("x-ratelimit-remaining-requests", "9".parse().unwrap());
    // The IETF draft's names come first.
    assert_eq!(RateLimit::from_headers(&headers).remaining, Some(3));
    headers.remove("ratelimit-remaining");
    assert_eq!(RateLimit::from_headers(&headers).remaining, Some(9));
    assert_eq!(
        RateLimit::from_headers(&reqwest::header::HeaderMap::new()),
        RateLimit::default()
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-github-request-id", "C0DE:1")
                .set_body_json(session_json()),
        )
        .mount(&server)
        .await;
    let response = client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .with_response()
        .await
        .unwrap();
    assert_eq!(response.request_id(), Some("C0DE:1"));
    assert!(response.unknown_fields().is_empty());
}

#[tokio::test]
async fn attempts_count_the_retries() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(session_json()))
        .mount(&server)
        .await;
    let response = client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .max_retries(1)
        .with_response()
        .await
        .expect("the retry succeeds");
    assert_eq!(response.attempts(), 2);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn extra_query_headers_and_body_fields_are_sent_exactly() {
    let server = server_with_metadata().await;
    let request = CreateSessionRequest {
        proxy_country_code: browser_use_client::Nullable::Null,
        ..Default::default()
    };
    let client = client_for(&server);
    client
        .create_session(&request)
        .query("beta", "true")
        .query("tag", "a b&c")
        .header("Idempotency-Key", "7d1c")
        .body_field("zNew", json!({"on": true}))
        .body_field("aNew", 1)
        .body_field("zNew", 2)
        .await
        .expect("201 decodes");
    // Replacing a field of the body.
    client
        .create_session(&request)
        .body_field("proxyCountryCode", "de")
        .await
        .expect("201 decodes");
    let sent = requests(&server).await;
    assert_eq!(sent[0].url.query(), Some("beta=true&tag=a%20b%26c"));
    assert_eq!(sent[0].headers.get("idempotency-key").unwrap(), "7d1c");
    // The body's own fields keep their bytes; the extras follow, in the
    // order given, the last value of a name counting.
    assert_eq!(
        std::str::from_utf8(&sent[0].body).unwrap(),
        r#"{"proxyCountryCode":null,"zNew":2,"aNew":1}"#
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&sent[1].body).unwrap(),
        json!({"proxyCountryCode": "de"})
    );
}

#[tokio::test]
async fn options_given_at_once_are_the_same_as_the_builder_methods() {
    let server = server_with_metadata().await;
    let client = client_for(&server);
    let options = RequestOptions::new()
        .query("beta", "1")
        .header("x-trace-id", "t1")
        .body_field("newField", 1);
    client
        .create_session_with(&CreateSessionRequest::default(), &options)
        .await
        .unwrap();
    client
        .create_session(&CreateSessionRequest::default())
        .options(options.clone())
        .await
        .unwrap();
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(request.url.query(), Some("beta=1"));
        assert_eq!(request.headers.get("x-trace-id").unwrap(), "t1");
        assert_eq!(request.body, br#"{"newField":1}"#);
    }
    // `Debug` names the extras, never their values.
    let debug = format!("{options:?}");
    assert!(debug.contains("newField") && debug.contains("x-trace-id"));
    assert!(!debug.contains("t1"), "{debug}");
}

#[tokio::test]
async fn a_body_field_that_cannot_be_serialised_is_refused_before_sending() {
    let server = server_with_metadata().await;
    let mut bad = std::collections::BTreeMap::new();
    bad.insert(vec![1u8], 1);
    let error = client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .body_field("bad", bad)
        .await
        .expect_err("a map with non-string keys is not JSON");
    let Error::InvalidRequest(invalid) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(invalid.errors()[0].path(), "body.bad");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn raw_calls_reuse_credentials_and_decode_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/sessions/abc"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("request-id", "r1")
                .set_body_json(json!({"id": "abc", "extra": [1]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/sessions/abc"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let json = client
        .raw(reqwest::Method::GET, "/sessions/abc?verbose=true", None)
        .query("page", "2")
        .await
        .unwrap();
    assert_eq!(json, json!({"id": "abc", "extra": [1]}));
    let response = client
        .raw(
            reqwest::Method::PATCH,
            "/sessions/abc",
            Some(json!({"action": "stop"})),
        )
        .body_field("reason", "done")
        .with_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(*response.body(), Value::Null);

    let sent = requests(&server).await;
    assert_eq!(sent[0].url.query(), Some("verbose=true&page=2"));
    assert_eq!(sent[0].headers.get("x-browser-use-api-key").unwrap(), KEY);
    assert_eq!(sent[0].headers.get("accept").unwrap(), "application/json");
    assert!(sent[0].body.is_empty());
    assert_eq!(sent[1].headers.get("x-browser-use-api-key").unwrap(), KEY);
    assert_eq!(
        sent[1].headers.get("content-type").unwrap(),
        "application/json"
    );
    assert_eq!(sent[1].body, br#"{"action":"stop","reason":"done"}"#);
}

#[tokio::test]
async fn raw_calls_retry_by_method_and_type_errors_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([1, 2])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"detail": "boom"})))
        .mount(&server)
        .await;
    let client = client_for(&server);
    // A GET is idempotent: its 500 is retried.
    let json = client
        .raw(reqwest::Method::GET, "/anything", None)
        .max_retries(1)
        .await
        .unwrap();
    assert_eq!(json, json!([1, 2]));
    // A POST is not: its 500 is an error, typed as the body's JSON.
    let error = client
        .raw(reqwest::Method::POST, "/anything", Some(json!({})))
        .max_retries(1)
        .await
        .expect_err("500");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(error.kind(), Some(&json!({"detail": "boom"})));
    assert_eq!(error.attempts(), 1);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn raw_calls_to_another_origin_carry_no_credentials() {
    let ours = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&other)
        .await;
    let url = format!("{}/elsewhere", other.uri());
    client_for(&ours)
        .raw(reqwest::Method::GET, &url, None)
        .await
        .unwrap();
    let sent = requests(&other).await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].headers.get("x-browser-use-api-key").is_none());
    assert!(requests(&ours).await.is_empty());
}

#[tokio::test]
async fn extra_body_fields_need_a_body_that_is_an_object() {
    let server = MockServer::start().await;
    let error = client_for(&server)
        .raw(reqwest::Method::POST, "/x", Some(json!([1])))
        .body_field("extra", 1)
        .await
        .expect_err("an array body takes no fields");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(requests(&server).await.is_empty());
}

#[test]
fn calls_and_clients_can_cross_threads() {
    fn send<T: Send>(_: &T) {}
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Client>();
    send_sync::<Error<CreateSessionError>>();
    send_sync::<RequestOptions>();
    let client = Client::new(KEY).unwrap();
    let request = CreateSessionRequest::default();
    let call = client.create_session(&request);
    send(&call);
    send(&call.with_response());
    let options = RequestOptions::new();
    let with = client.create_session_with(&request, &options);
    send(&with);
    assert!(format!("{:?}", client.create_session(&request)).contains("started: false"));
}

/// Any call, whatever its operation: the bound the generated README shows.
async fn status_of<O: browser_use_client::Operation>(
    call: browser_use_client::Call<O>,
) -> Option<u16> {
    call.with_response().await.ok().map(|r| r.status().as_u16())
}

#[tokio::test]
async fn a_call_is_a_lazy_future_that_can_be_pinned_and_polled_by_reference() {
    let server = server_with_metadata().await;
    let client = client_for(&server);
    let body = CreateSessionRequest::default();

    // Made and dropped without being polled: nothing is sent.
    drop(
        client
            .create_session(&body)
            .timeout(std::time::Duration::from_secs(5)),
    );
    // Made, then only awaited later: sent when first polled.
    let later = client.create_session(&body);
    tokio::task::yield_now().await;
    assert!(requests(&server).await.is_empty());

    // Polled by reference in a `select!` loop, pinned on the stack; the
    // ticks come first and do not restart it.
    let mut call = std::pin::pin!(later);
    let mut ticks = tokio::time::interval(std::time::Duration::from_micros(1));
    let mut ticked = 0;
    let session = loop {
        tokio::select! {
            biased;
            _ = ticks.tick(), if ticked < 3 => ticked += 1,
            result = &mut call => break result.expect("201 decodes"),
        }
    };
    assert_eq!(ticked, 3);
    assert_eq!(
        session.id.to_string(),
        "5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10"
    );
    assert_eq!(requests(&server).await.len(), 1);

    // A function generic over the operation takes any call.
    assert_eq!(status_of(client.create_session(&body)).await, Some(201));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_call_polled_again_after_it_finished_panics_and_says_why() {
    let server = server_with_metadata().await;
    let client = client_for(&server);
    let body = CreateSessionRequest::default();
    let mut call = std::pin::pin!(client.create_session(&body).with_response());
    let response = (&mut call).await.expect("201 decodes");
    assert_eq!(response.status(), 201);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let polled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        std::future::Future::poll(call.as_mut(), &mut cx).is_ready()
    }));
    let message = polled.expect_err("a second poll panics");
    assert_eq!(
        message.downcast_ref::<&str>(),
        Some(&"a `Call` was polled after it completed")
    );
}
