use fixture_pagination_3_1::types::{
    ListCallsParams, ListCursorsParams, ListEventsParams, ListFeedParams, ListMarkersParams,
    ListNumberedParams, ListOffsetsParams, ListReposParams, Thing,
};
use fixture_pagination_3_1::{Client, Error, RequestOptions};
use futures_util::{StreamExt, TryStreamExt};
use loopback::{json_with, response, serve, Request};

fn client(url: &str) -> Client {
    Client::builder().base_url(url).build().unwrap()
}

fn ok(body: &str) -> Vec<u8> {
    response(200, "application/json", body)
}

/// `[{"id":"a"},…]`
fn things(ids: &[&str]) -> String {
    let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}"}}"#)).collect();
    format!("[{}]", items.join(","))
}

fn ids(items: &[Thing]) -> Vec<&str> {
    items.iter().map(|t| t.id.as_str()).collect()
}

/// The request lines the server received, in order.
fn lines(requests: &std::sync::mpsc::Receiver<Request>) -> Vec<String> {
    requests
        .try_iter()
        .map(|r| r.request_line().to_owned())
        .collect()
}

/// Every result of a stream, errors included, until it ends.
async fn drain<T, E>(
    mut stream: impl futures_util::Stream<Item = Result<T, Error<E>>> + Unpin,
) -> Vec<Result<T, Error<E>>> {
    let mut out = Vec::new();
    while let Some(result) = stream.next().await {
        out.push(result);
    }
    out
}

fn numbered(n: u32, ids: &[&str], total: u32) -> Vec<u8> {
    ok(&format!(
        r#"{{"items":{},"totalItems":{total},"pageNumber":{n},"pageSize":2}}"#,
        things(ids)
    ))
}

#[tokio::test]
async fn page_numbers_until_the_total() {
    let (url, requests) = serve(
        vec![
            numbered(1, &["a", "b"], 5),
            numbered(2, &["c", "d"], 5),
            numbered(3, &["e"], 5),
        ],
        false,
    );
    let params = ListNumberedParams {
        page_size: Some(2),
        ..Default::default()
    };
    let items: Vec<Thing> = client(&url)
        .list_numbered_items(&params)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["a", "b", "c", "d", "e"]);
    // Two full pages and the last: no fourth request.
    assert_eq!(
        lines(&requests),
        [
            "GET /numbered?pageSize=2 HTTP/1.1",
            "GET /numbered?pageSize=2&pageNumber=2 HTTP/1.1",
            "GET /numbered?pageSize=2&pageNumber=3 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn a_stream_asks_for_nothing_until_it_is_read() {
    let (url, requests) = serve(vec![numbered(1, &["a"], 1)], false);
    let client = client(&url);
    let params = ListNumberedParams::default();
    let mut pages = client.list_numbered_pages(&params);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert!(requests.try_recv().is_err(), "nothing is sent before a read");
    let page = pages.next_page().await.unwrap().unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(ids(&page.items), ["a"]);
    assert_eq!(page.total_items, 1);
    assert!(pages.next_page().await.is_none());
    assert_eq!(lines(&requests), ["GET /numbered HTTP/1.1"]);
}

#[tokio::test]
async fn the_same_page_again_ends_the_stream_with_an_error() {
    // A server that ignores the page number: the second page is the first.
    let (url, requests) = serve(
        vec![numbered(1, &["a", "b"], 100), numbered(1, &["a", "b"], 100)],
        false,
    );
    let params = ListNumberedParams::default();
    let results = drain(client(&url).list_numbered_pages(&params)).await;
    assert_eq!(results.len(), 2, "one page, then the error, then the end");
    assert!(results[0].is_ok());
    match &results[1] {
        Err(e @ Error::Pagination { page: 2, .. }) => {
            assert!(e.to_string().starts_with("list_numbered: page 2: "), "{e}");
            assert!(!e.is_retryable());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(lines(&requests).len(), 2);
}

#[tokio::test]
async fn offsets_advance_by_the_items_received() {
    let page = |offset: u32, ids: &[&str]| {
        ok(&format!(
            r#"{{"total_count":3,"limit":2,"offset":{offset},"order":["id"],"entries":{}}}"#,
            things(ids)
        ))
    };
    let (url, requests) = serve(vec![page(0, &["a", "b"]), page(2, &["c"])], false);
    let params = ListOffsetsParams {
        limit: Some(2),
        ..Default::default()
    };
    let items: Vec<Thing> = client(&url)
        .list_offsets_items(&params)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["a", "b", "c"]);
    assert_eq!(
        lines(&requests),
        [
            "GET /offsets?limit=2 HTTP/1.1",
            "GET /offsets?offset=2&limit=2 HTTP/1.1",
        ]
    );
}

fn cursor_page(ids: &[&str], last: &str, more: bool) -> Vec<u8> {
    ok(&format!(
        r#"{{"object":"list","data":{},"first_id":null,"last_id":"{last}","has_more":{more}}}"#,
        things(ids)
    ))
}

#[tokio::test]
async fn cursors_follow_last_id_while_has_more() {
    let (url, requests) = serve(
        vec![
            cursor_page(&["a", "b"], "b", true),
            cursor_page(&["c"], "c", false),
        ],
        false,
    );
    let items: Vec<Thing> = client(&url)
        .list_cursors_items(&ListCursorsParams::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["a", "b", "c"]);
    assert_eq!(
        lines(&requests),
        ["GET /cursors HTTP/1.1", "GET /cursors?after=b HTTP/1.1"]
    );
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error_not_a_loop() {
    // The server gives `b` as the next cursor twice: following it again
    // would ask for the same pages forever.
    let (url, requests) = serve(
        vec![
            cursor_page(&["a", "b"], "b", true),
            cursor_page(&["c"], "b", true),
            cursor_page(&["c"], "b", true),
        ],
        false,
    );
    let results = drain(client(&url).list_cursors_items(&ListCursorsParams::default())).await;
    let (items, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    let items: Vec<Thing> = items.into_iter().map(Result::unwrap).collect();
    assert_eq!(ids(&items), ["a", "b", "c"], "the pages before are given");
    assert_eq!(errors.len(), 1);
    match &errors[0] {
        Err(Error::Pagination {
            operation, page, ..
        }) => {
            assert_eq!(*operation, "list_cursors");
            assert_eq!(*page, 3);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(lines(&requests).len(), 2, "the repeated cursor is not asked for");
}

fn event_page(ids: &[&str], next: Option<i64>) -> Vec<u8> {
    let next = next.map_or("null".to_owned(), |n| n.to_string());
    ok(&format!(r#"{{"events":{},"next_cursor":{next}}}"#, things(ids)))
}

#[tokio::test]
async fn an_integer_cursor_is_sent_back_as_the_number_it_was() {
    let (url, requests) = serve(
        vec![
            event_page(&["a"], Some(9_007_199_254_740_993)),
            event_page(&["b"], None),
        ],
        false,
    );
    let items: Vec<Thing> = client(&url)
        .list_events_items(&ListEventsParams::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["a", "b"]);
    assert_eq!(
        lines(&requests),
        [
            "GET /events HTTP/1.1",
            "GET /events?cursor=9007199254740993 HTTP/1.1"
        ]
    );
}

fn marker_page(ids: &[&str], next: Option<&str>) -> Vec<u8> {
    let next = next.map_or("null".to_owned(), |n| format!("\"{n}\""));
    ok(&format!(
        r#"{{"limit":1,"next_marker":{next},"entries":{}}}"#,
        things(ids)
    ))
}

#[tokio::test]
async fn a_page_that_fails_is_retried_as_any_call() {
    // Page 3 fails with a 503 once: the client's retries ask again.
    let (url, requests) = serve(
        vec![
            marker_page(&["a"], Some("m1")),
            marker_page(&["b"], Some("m2")),
            json_with(503, &[("retry-after", "0")], r#"{"message":"busy"}"#),
            marker_page(&["c"], None),
        ],
        false,
    );
    let items: Vec<Thing> = client(&url)
        .list_markers_items(&ListMarkersParams::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["a", "b", "c"]);
    assert_eq!(
        lines(&requests),
        [
            "GET /markers HTTP/1.1",
            "GET /markers?marker=m1 HTTP/1.1",
            "GET /markers?marker=m2 HTTP/1.1",
            "GET /markers?marker=m2 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn an_error_on_page_3_comes_after_pages_1_and_2_and_ends_the_stream() {
    let (url, requests) = serve(
        vec![
            marker_page(&["a"], Some("m1")),
            marker_page(&["b"], Some("m2")),
            response(400, "application/json", r#"{"message":"bad marker"}"#),
        ],
        false,
    );
    let results = drain(client(&url).list_markers_pages(&ListMarkersParams::default())).await;
    assert_eq!(results.len(), 3);
    let first: Vec<String> = results[..2]
        .iter()
        .map(|r| r.as_ref().unwrap().entries.as_ref().unwrap()[0].id.clone())
        .collect();
    assert_eq!(first, ["a", "b"]);
    let error = results[2].as_ref().unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.attempts(), 1, "a 400 is not retried");
    assert_eq!(lines(&requests).len(), 3);
}

#[tokio::test]
async fn the_options_apply_to_every_page() {
    let (url, requests) = serve(
        vec![
            marker_page(&["a"], Some("m1")),
            json_with(503, &[("retry-after", "0")], "{}"),
        ],
        true,
    );
    let options = RequestOptions::new()
        .max_retries(0)
        .header("x-trace-id", "t-1");
    let results = drain(
        client(&url)
            .list_markers_items(&ListMarkersParams::default())
            .options(options),
    )
    .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[1].as_ref().unwrap_err().attempts(), 1);
    let requests: Vec<Request> = requests.try_iter().collect();
    assert_eq!(requests.len(), 2, "no retry: the options say none");
    for r in &requests {
        assert_eq!(r.header("x-trace-id").as_deref(), Some("t-1"));
    }
}

fn calls_page(ids: &[&str], next: Option<&str>) -> Vec<u8> {
    let next = next.map_or("null".to_owned(), |n| format!("\"{n}\""));
    ok(&format!(
        r#"{{"calls":{},"meta":{{"page_size":1,"next_page_url":{next}}}}}"#,
        things(ids)
    ))
}

#[tokio::test]
async fn next_urls_are_followed_on_the_base_origin_only() {
    let (url, requests) = serve(
        vec![
            calls_page(&["a"], Some("/accounts/x/calls?PageSize=1&PageToken=t2")),
            calls_page(&["b"], Some("https://elsewhere.example/accounts/x/calls?PageToken=t3")),
        ],
        true,
    );
    let params = ListCallsParams {
        page_size: Some(1),
        ..Default::default()
    };
    let results = drain(client(&url).list_calls_items("x", &params)).await;
    assert_eq!(results.len(), 3);
    let items: Vec<&str> = results[..2]
        .iter()
        .map(|r| r.as_ref().unwrap().id.as_str())
        .collect();
    assert_eq!(items, ["a", "b"]);
    match &results[2] {
        Err(e @ Error::Pagination { page: 3, reason, .. }) => {
            assert!(reason.contains("https://elsewhere.example"), "{e}");
            assert!(!reason.contains("PageToken"), "only the origin is shown: {e}");
        }
        other => panic!("{other:?}"),
    }
    let lines: Vec<String> = requests
        .try_iter()
        .map(|r| r.request_line().to_owned())
        .collect();
    assert_eq!(
        lines,
        [
            "GET /accounts/x/calls?PageSize=1 HTTP/1.1",
            "GET /accounts/x/calls?PageSize=1&PageToken=t2 HTTP/1.1",
        ]
    );
}

fn repos_page(ids: &[&str], link: &str) -> Vec<u8> {
    json_with(200, &[("link", link)], &things(ids))
}

#[tokio::test]
async fn link_headers_give_the_next_page() {
    let (url, requests) = serve(
        vec![
            repos_page(
                &["a", "b"],
                r#"</repos?per_page=2&page=2>; rel="next", </repos?per_page=2&page=9>; rel="last""#,
            ),
            repos_page(&["c"], r#"</repos?per_page=2&page=1>; rel="prev first""#),
        ],
        false,
    );
    let params = ListReposParams {
        per_page: Some(2),
        ..Default::default()
    };
    let items: Vec<Thing> = client(&url)
        .list_repos_items(&params)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["a", "b", "c"]);
    assert_eq!(
        lines(&requests),
        [
            "GET /repos?per_page=2 HTTP/1.1",
            "GET /repos?per_page=2&page=2 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn a_link_given_again_ends_the_stream_with_an_error() {
    let next = r#"</repos?page=2>; rel="next""#;
    let (url, requests) = serve(
        vec![
            repos_page(&["a"], next),
            repos_page(&["b"], next),
            repos_page(&["b"], next),
        ],
        false,
    );
    let results = drain(client(&url).list_repos_items(&ListReposParams::default())).await;
    assert_eq!(results.len(), 3);
    assert!(matches!(results[2], Err(Error::Pagination { page: 3, .. })));
    assert_eq!(lines(&requests).len(), 2);
}

#[tokio::test]
async fn a_marked_cursor_is_read_as_the_selection_says() {
    let page = |ids: &[&str], next: &str| {
        ok(&format!(
            r#"{{"records":{},"tags":["x"],"continuation":{next}}}"#,
            things(ids)
        ))
    };
    let (url, requests) = serve(vec![page(&["a"], r#""c1""#), page(&["b"], "null")], false);
    let items: Vec<Thing> = client(&url)
        .list_feed_items(&ListFeedParams::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["a", "b"]);
    assert_eq!(
        lines(&requests),
        ["GET /feed HTTP/1.1", "GET /feed?since=c1 HTTP/1.1"]
    );
}

#[tokio::test]
async fn an_empty_page_ends_the_stream() {
    // The total says more, but an empty page is the end.
    let (url, requests) = serve(vec![numbered(1, &["a"], 9), numbered(2, &[], 9)], false);
    let items: Vec<Thing> = client(&url)
        .list_numbered_items(&ListNumberedParams::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["a"]);
    assert_eq!(lines(&requests).len(), 2);
}
