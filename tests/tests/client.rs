//! The generated client against a real HTTP server on loopback (wiremock):
//! the exact request it sends, and how it reads every documented response.

use browser_use_client::types::{
    CreateSessionRequest, CustomProxy, ProxyCountryCode, SessionItemView, SessionStatus,
};
use browser_use_client::{BuildError, Client, CreateSessionError, Error, Nullable};
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod common;
use common::{closed_url, session_json, KEY};

async fn server_answering(status: u16, body: Option<Value>) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status);
    if let Some(body) = body {
        response = response.set_body_json(body);
    }
    Mock::given(method("POST"))
        .and(path("/sessions"))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A client without retries: these tests are about one request and one
/// response (retries are tested in `faults.rs`).
fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request reaches the server");
    requests.remove(0)
}

fn body_json(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the body is JSON")
}

#[tokio::test]
async fn default_request_is_an_empty_object_with_every_header() {
    let server = server_answering(201, Some(session_json())).await;
    let session = client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .await
        .expect("201 decodes");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/sessions");
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(header("x-browser-use-api-key").as_deref(), Some(KEY));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert_eq!(header("accept").as_deref(), Some("application/json"));
    assert_eq!(
        header("user-agent").as_deref(),
        Some("browser-use-client/2.0.0")
    );
    assert_eq!(request.body, b"{}");

    assert_eq!(
        session.id.to_string(),
        "5f0c6a47-3a47-4a4e-9f59-0d6b2b8c7f10"
    );
    assert_eq!(session.status, SessionStatus::Active);
    assert!(session.finished_at.is_null());
    // The date-time as the server wrote it, and its instant.
    assert_eq!(session.started_at.as_str(), "2026-11-28T10:00:00Z");
    assert_eq!(
        session.started_at.to_utc().to_rfc3339(),
        "2026-11-28T10:00:00+00:00"
    );
    // Missing from the response: the spec's defaults.
    assert_eq!(session.proxy_used_mb, "0");
    assert_eq!(session.proxy_cost, "0");
}

#[tokio::test]
async fn explicit_null_is_sent_as_null() {
    let server = server_answering(201, Some(session_json())).await;
    let request = CreateSessionRequest {
        proxy_country_code: Nullable::Null,
        ..Default::default()
    };
    client_for(&server).create_session(&request).await.unwrap();
    assert_eq!(
        body_json(&only_request(&server).await),
        json!({"proxyCountryCode": null})
    );
}

#[tokio::test]
async fn set_values_are_sent_with_wire_names() {
    let server = server_answering(201, Some(session_json())).await;
    let request = CreateSessionRequest {
        profile_id: Nullable::Value("0b7cbb3c-33a3-4c1f-a5ba-0f4f7d0e4a11".parse().unwrap()),
        proxy_country_code: ProxyCountryCode::Do.into(),
        start_url: Nullable::Value("https://example.com".into()),
        browser_screen_width: 1920.into(),
        browser_screen_height: 1080.into(),
        persist_memory: Some(false),
        keep_alive: Some(false),
        custom_proxy: Nullable::Value(CustomProxy {
            host: "proxy.example".into(),
            port: 8080,
            username: "user".to_owned().into(),
            password: Nullable::Unset,
            ignore_cert_errors: Some(true),
            additional: Default::default(),
        }),
        enable_recording: Some(true),
        additional: Default::default(),
    };
    client_for(&server).create_session(&request).await.unwrap();
    assert_eq!(
        body_json(&only_request(&server).await),
        json!({
            "profileId": "0b7cbb3c-33a3-4c1f-a5ba-0f4f7d0e4a11",
            "proxyCountryCode": "do",
            "startUrl": "https://example.com",
            "browserScreenWidth": 1920,
            "browserScreenHeight": 1080,
            "persistMemory": false,
            "keepAlive": false,
            "customProxy": {"host": "proxy.example", "port": 8080, "username": "user", "ignoreCertErrors": true},
            "enableRecording": true
        })
    );
}

async fn create_error(status: u16, body: Option<Value>) -> Error<CreateSessionError> {
    let server = server_answering(status, body).await;
    client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .await
        .expect_err("an error status is an error")
}

#[tokio::test]
async fn status_402_without_body() {
    let err = create_error(402, None).await;
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status().as_u16(), 402);
    assert_eq!(api.kind(), Some(&CreateSessionError::PaymentRequired));
    assert_eq!(api.body(), "");
    assert_eq!(
        err.to_string(),
        "create_session: 402 Payment Required: Insufficient credits to start a session"
    );
}

#[tokio::test]
async fn status_404_with_its_typed_body() {
    let err = create_error(404, Some(json!({"detail": "Profile not found"}))).await;
    let Some(CreateSessionError::NotFound(Some(body))) = err.api_error().and_then(|e| e.kind())
    else {
        panic!("expected a typed 404, got {err:?}");
    };
    assert_eq!(body.detail, "Profile not found");
    assert_eq!(
        err.to_string(),
        "create_session: 404 Not Found: Profile not found"
    );
}

#[tokio::test]
async fn status_422_in_fastapi_shape_keeps_the_json() {
    let body = json!({"detail": [
        {"loc": ["body", "browserScreenWidth"], "msg": "Input should be greater than or equal to 320", "type": "greater_than_equal"},
        {"loc": ["body", "startUrl"], "msg": "Input should be a valid string", "type": "string_type"}
    ]});
    let err = create_error(422, Some(body.clone())).await;
    let api = err.api_error().unwrap();
    // The spec names a single ValidationError; FastAPI sends a list under `detail`.
    assert_eq!(
        api.kind(),
        Some(&CreateSessionError::UnprocessableEntity(None))
    );
    assert_eq!(api.json(), Some(&body));
    assert_eq!(
        err.to_string(),
        "create_session: 422 Unprocessable Entity: body.browserScreenWidth: Input should be greater than or equal to 320; body.startUrl: Input should be a valid string"
    );
}

#[tokio::test]
async fn status_422_in_the_documented_shape_is_typed() {
    let err = create_error(
        422,
        Some(json!({"loc": ["body", 0], "msg": "bad", "type": "value_error"})),
    )
    .await;
    let Some(CreateSessionError::UnprocessableEntity(Some(v))) =
        err.api_error().and_then(|e| e.kind())
    else {
        panic!("expected a typed 422, got {err:?}");
    };
    assert_eq!(v.msg, "bad");
    assert_eq!(v.loc.len(), 2);
}

#[tokio::test]
async fn status_429_with_its_typed_body_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-request-id", "req-42")
                .set_body_json(json!({"detail": "Too many concurrent active sessions."})),
        )
        .mount(&server)
        .await;
    let err = client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert!(matches!(
        api.kind(),
        Some(CreateSessionError::TooManyRequests(Some(_)))
    ));
    assert_eq!(api.headers()["x-request-id"], "req-42");
    assert_eq!(
        err.to_string(),
        "create_session: 429 Too Many Requests: Too many concurrent active sessions."
    );
}

#[tokio::test]
async fn undocumented_status_keeps_status_and_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;
    let err = client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.kind(), None);
    assert_eq!(api.body(), "<html>Bad Gateway</html>");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(
        err.to_string(),
        "create_session: 502 Bad Gateway: <html>Bad Gateway</html>"
    );
}

#[tokio::test]
async fn undecodable_success_body_is_a_decode_error_with_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_string("{\"id\": 42"))
        .mount(&server)
        .await;
    let err = client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.status().as_u16(), 201);
    assert_eq!(decode.body(), "{\"id\": 42");
    assert!(
        err.to_string().contains("not a valid SessionItemView"),
        "{err}"
    );
    assert!(err.to_string().contains("{\"id\": 42"), "{err}");
}

#[tokio::test]
async fn unknown_enum_values_from_the_server_decode_and_round_trip() {
    let mut body = session_json();
    body["status"] = json!("hibernating");
    let server = server_answering(201, Some(body)).await;
    let session: SessionItemView = client_for(&server)
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap();
    assert_eq!(session.status, SessionStatus::from_wire("hibernating"));
    assert!(matches!(&session.status, SessionStatus::Unknown(v) if v.as_str() == "hibernating"));
    assert_eq!(
        serde_json::to_value(&session.status).unwrap(),
        json!("hibernating")
    );
}

#[tokio::test]
async fn out_of_range_values_are_rejected_before_sending() {
    let server = server_answering(201, Some(session_json())).await;
    let request = CreateSessionRequest {
        browser_screen_width: 100.into(),
        custom_proxy: Nullable::Value(CustomProxy {
            host: String::new(),
            port: 70000,
            username: Nullable::Unset,
            password: "s3cret-".repeat(50).into(),
            ignore_cert_errors: None,
            additional: Default::default(),
        }),
        ..Default::default()
    };
    let err = client_for(&server)
        .create_session(&request)
        .await
        .unwrap_err();
    let Error::InvalidRequest(invalid) = &err else {
        panic!("expected a local rejection, got {err:?}");
    };
    let messages: Vec<String> = invalid.errors().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "body.browserScreenWidth: 100 is out of range: must be between 320 and 6144",
            "body.customProxy.host: length 0 is out of range: must be between 1 and 255 characters",
            "body.customProxy.port: 70000 is out of range: must be between 1 and 65535",
            "body.customProxy.password: length 350 is out of range: must be between 1 and 255 characters",
        ]
    );
    assert!(
        !err.to_string().contains("s3cret"),
        "a secret must not be echoed: {err}"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing is sent"
    );
}

#[tokio::test]
async fn values_at_the_bounds_are_accepted() {
    let server = server_answering(201, Some(session_json())).await;
    let request = CreateSessionRequest {
        browser_screen_width: 6144.into(),
        browser_screen_height: 320.into(),
        ..Default::default()
    };
    client_for(&server).create_session(&request).await.unwrap();
    only_request(&server).await;
}

#[tokio::test]
async fn the_api_key_never_appears_in_debug_or_errors() {
    let server = server_answering(404, Some(json!({"detail": "Profile not found"}))).await;
    let client = client_for(&server);
    assert!(!format!("{client:?}").contains(KEY));
    assert!(!format!("{:?}", Client::builder().api_key(KEY)).contains(KEY));
    let err = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert!(!format!("{err:?}").contains(KEY));
    assert!(!err.to_string().contains(KEY));
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(session_json())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(
        err.to_string().starts_with("create_session: timed out"),
        "{err}"
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let client = Client::builder()
        .api_key(KEY)
        .base_url(closed_url())
        .max_retries(0)
        .build()
        .unwrap();
    let err = client
        .create_session(&CreateSessionRequest::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("create_session: request failed"),
        "{err}"
    );
}

#[test]
fn builder_defaults_and_errors() {
    let client = Client::new(KEY).unwrap();
    assert_eq!(client.base_url(), "https://api.browser-use.com/api/v2");
    assert_eq!(
        Client::DEFAULT_BASE_URL,
        "https://api.browser-use.com/api/v2"
    );
    let trailing = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:1/v2/")
        .build()
        .unwrap();
    assert_eq!(trailing.base_url(), "http://127.0.0.1:1/v2");
    assert!(matches!(
        Client::builder().build(),
        Err(BuildError::MissingApiKey { env_var: None })
    ));
    assert!(matches!(
        Client::builder().api_key(KEY).base_url("not a url").build(),
        Err(BuildError::InvalidBaseUrl(_))
    ));
    assert!(matches!(
        Client::new("bad\nkey"),
        Err(BuildError::InvalidApiKey)
    ));
}

#[test]
fn from_env_reads_the_key_and_base_url_and_names_the_variable_when_missing() {
    // The only test that touches these variables.
    std::env::remove_var("BROWSER_USE_API_KEY");
    std::env::remove_var("BROWSER_USE_BASE_URL");
    let err = Client::from_env().unwrap_err();
    assert!(err.to_string().contains("BROWSER_USE_API_KEY"), "{err}");
    std::env::set_var("BROWSER_USE_API_KEY", KEY);
    std::env::set_var("BROWSER_USE_BASE_URL", "http://127.0.0.1:9/api");
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9/api");
    std::env::remove_var("BROWSER_USE_API_KEY");
    std::env::remove_var("BROWSER_USE_BASE_URL");
}

#[test]
fn enums_parse_display_and_serialize_with_wire_values() {
    assert_eq!(ProxyCountryCode::VALUES.len(), 247);
    assert_eq!("do".parse::<ProxyCountryCode>(), Ok(ProxyCountryCode::Do));
    assert_eq!(ProxyCountryCode::Uk.to_string(), "uk");
    assert_eq!(ProxyCountryCode::In.as_str(), "in");
    assert!("xx".parse::<ProxyCountryCode>().is_err());
    assert_eq!(
        serde_json::to_value(ProxyCountryCode::Is).unwrap(),
        json!("is")
    );
    assert_eq!(
        serde_json::from_value::<ProxyCountryCode>(json!("zz")).unwrap(),
        ProxyCountryCode::from_wire("zz")
    );
    // A listed value is never the catch-all: equality follows the wire value.
    assert_eq!(ProxyCountryCode::from_wire("us"), ProxyCountryCode::Us);
    assert_eq!(ProxyCountryCode::from_wire("zz").to_string(), "zz");
}

#[test]
fn nullable_three_states_deserialize_distinctly() {
    let absent: CreateSessionRequest = serde_json::from_value(json!({})).unwrap();
    let null: CreateSessionRequest =
        serde_json::from_value(json!({"proxyCountryCode": null})).unwrap();
    let value: CreateSessionRequest =
        serde_json::from_value(json!({"proxyCountryCode": "de"})).unwrap();
    assert_eq!(absent.proxy_country_code, Nullable::Unset);
    assert_eq!(null.proxy_country_code, Nullable::Null);
    assert_eq!(
        value.proxy_country_code,
        Nullable::Value(ProxyCountryCode::De)
    );
    assert_eq!(
        serde_json::to_value(CreateSessionRequest::default()).unwrap(),
        json!({})
    );
}

#[test]
fn secrets_do_not_show_in_debug() {
    let proxy = CustomProxy {
        password: "hunter2".to_owned().into(),
        ..CustomProxy::new("proxy.example", 8080)
    };
    let shown = format!("{proxy:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("password: \"<redacted>\""), "{shown}");
    assert!(shown.contains("proxy.example"), "{shown}");
}

/// List Sessions, a page at a time: `pageNumber` 1, 2, 3 with the size
/// asked for, each page with the API key, until the pages hold
/// `totalItems` sessions.
#[tokio::test]
async fn list_sessions_items_walks_the_pages_until_the_total() {
    use browser_use_client::types::ListSessionsParams;
    use wiremock::matchers::query_param;

    let server = MockServer::start().await;
    let page = |number: u32, sessions: usize| {
        json!({
            "items": vec![session_json(); sessions],
            "totalItems": 5,
            "pageNumber": number,
            "pageSize": 2,
        })
    };
    for (number, sessions) in [(2, 2), (3, 1)] {
        Mock::given(method("GET"))
            .and(path("/sessions"))
            .and(query_param("pageNumber", number.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(number, sessions)))
            .expect(1)
            .mount(&server)
            .await;
    }
    // The first page: the parameters as given, without a page number.
    Mock::given(method("GET"))
        .and(path("/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(1, 2)))
        .expect(1)
        .mount(&server)
        .await;

    let client = client_for(&server);
    let params = ListSessionsParams {
        page_size: Some(2),
        filter_by: Some(SessionStatus::Active),
        ..Default::default()
    };
    let mut sessions = client.list_sessions_items(&params);
    let mut count = 0;
    while let Some(session) = sessions.next_item().await {
        assert_eq!(
            session.expect("every page decodes").status,
            SessionStatus::Active
        );
        count += 1;
    }
    assert_eq!(count, 5);

    let requests = server.received_requests().await.expect("recording is on");
    let queries: Vec<&str> = requests
        .iter()
        .map(|r| r.url.query().unwrap_or(""))
        .collect();
    assert_eq!(
        queries,
        [
            "pageSize=2&filterBy=active",
            "pageSize=2&pageNumber=2&filterBy=active",
            "pageSize=2&pageNumber=3&filterBy=active",
        ]
    );
    for r in &requests {
        assert_eq!(
            r.headers.get("x-browser-use-api-key").map(|v| v.as_bytes()),
            Some(KEY.as_bytes())
        );
    }
}
