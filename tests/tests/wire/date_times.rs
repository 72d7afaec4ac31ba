// Date-times keep the text the server wrote (offset, `Z` or `+00:00`, case,
// fraction digits): decoded, encoded again, and sent in the query, a
// header, the path and a body, byte for byte. Run in the crates of
// `date-times-3.0.yaml` and `date-times-3.1.yaml`, as `api`.
use api::chrono;
use api::types::{ListMeetingsParams, Meeting, NewMeeting};
use api::{Client, DateTime, Nullable};
use loopback::{response, serve};
use std::collections::HashSet;

/// `json` decoded, and encoded again into the same bytes.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
    json: &str,
) -> T {
    let value: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), json, "{value:?}");
    value
}

/// RFC 3339 forms, each kept as written.
const FORMS: &[&str] = &[
    "2023-02-28T13:30:05+02:00",
    "2023-02-28T13:30:05-05:30",
    "2023-02-28T13:30:05Z",
    "2023-02-28T13:30:05+00:00",
    "2023-02-28T13:30:05-00:00",
    "2023-02-28t13:30:05z",
    "2023-02-28T13:30:05.5Z",
    "2023-02-28T13:30:05.123+02:00",
    "2023-02-28T13:30:05.123456-05:30",
    "2023-02-28T13:30:05.123456789Z",
    "2023-02-28T13:30:05.500Z",
    "2016-12-31T23:59:60Z",
];

fn meeting_json(text: &str) -> String {
    format!(
        r#"{{"id":"m","start":"{text}","end":"{text}","reminders":["{text}","2023-03-01T09:00:00Z"],"byZone":{{"paris":"{text}"}},"day":"2023-02-28"}}"#
    )
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap()
}

#[test]
fn every_form_decodes_and_encodes_byte_identical() {
    for text in FORMS {
        let meeting: Meeting = round_trip(&meeting_json(text));
        assert_eq!(meeting.start.as_str(), *text);
        assert_eq!(meeting.start.to_string(), *text);
        assert_eq!(meeting.end.value().map(DateTime::as_str), Some(*text));
        assert_eq!(meeting.by_zone.unwrap()["paris"].as_str(), *text);
        let alone: DateTime = round_trip(&format!("\"{text}\""));
        assert_eq!(text.parse::<DateTime>().unwrap(), alone);
        let list: Vec<DateTime> = round_trip(&format!("[\"{text}\",\"{text}\"]"));
        assert_eq!(list.len(), 2);
    }
    // A request body too.
    let body: NewMeeting = round_trip(r#"{"start":"2023-02-28T13:30:05.1+02:00","end":null}"#);
    assert_eq!(body.end, Nullable::Null);
}

#[test]
fn the_instant_and_offset_are_read_from_the_text() {
    let at = |text: &str| text.parse::<DateTime>().unwrap();
    let paris = at("2023-02-28T13:30:05+02:00");
    assert_eq!(paris.offset().local_minus_utc(), 2 * 3600);
    assert_eq!(paris.to_chrono().to_rfc3339(), "2023-02-28T13:30:05+02:00");
    assert_eq!(paris.to_utc().to_rfc3339(), "2023-02-28T11:30:05+00:00");
    let india = at("2023-02-28T13:30:05-05:30");
    assert_eq!(india.offset().local_minus_utc(), -(5 * 3600 + 1800));
    assert_eq!(india.to_utc().to_rfc3339(), "2023-02-28T19:00:05+00:00");
    assert_eq!(at("2023-02-28t13:30:05z").offset().local_minus_utc(), 0);
    for (text, nanos) in [
        ("2023-02-28T13:30:05.5Z", 500_000_000),
        ("2023-02-28T13:30:05.123Z", 123_000_000),
        ("2023-02-28T13:30:05.123456Z", 123_456_000),
        ("2023-02-28T13:30:05.123456789Z", 123_456_789),
    ] {
        assert_eq!(at(text).to_utc().timestamp_subsec_nanos(), nanos, "{text}");
    }
    let utc: chrono::DateTime<chrono::Utc> = paris.clone().into();
    assert_eq!(utc, paris.to_utc());
    let fixed: chrono::DateTime<chrono::FixedOffset> = paris.clone().into();
    assert_eq!(fixed, paris.to_chrono());
}

#[test]
fn equal_means_the_same_text_and_order_follows_the_instant() {
    let at = |text: &str| text.parse::<DateTime>().unwrap();
    let paris = at("2023-02-28T13:30:05+02:00");
    let utc = at("2023-02-28T11:30:05Z");
    // The same instant, sent differently: not equal, and never `Equal`.
    assert_ne!(paris, utc);
    assert_eq!(paris.to_utc(), utc.to_utc());
    assert_ne!(paris.cmp(&utc), std::cmp::Ordering::Equal);
    assert_eq!(paris.cmp(&utc), utc.cmp(&paris).reverse());
    assert_eq!(paris, at("2023-02-28T13:30:05+02:00"));
    // Earlier instants first, whatever the offsets.
    let mut list = vec![
        at("2023-02-28T12:00:00Z"),
        at("2023-02-28T13:00:00+02:00"),
        at("2023-02-28T06:00:00-05:30"),
    ];
    list.sort();
    let texts: Vec<&str> = list.iter().map(DateTime::as_str).collect();
    assert_eq!(
        texts,
        [
            "2023-02-28T13:00:00+02:00",
            "2023-02-28T06:00:00-05:30",
            "2023-02-28T12:00:00Z"
        ]
    );
    let set: HashSet<DateTime> = [paris.clone(), utc, paris.clone()].into_iter().collect();
    assert_eq!(set.len(), 2);
    assert_eq!(format!("{paris:?}"), "\"2023-02-28T13:30:05+02:00\"");
}

#[test]
fn chrono_values_become_rfc_3339_text() {
    let fixed = chrono::DateTime::parse_from_rfc3339("2023-02-28T13:30:05.5+02:00").unwrap();
    assert_eq!(
        DateTime::from(fixed).as_str(),
        "2023-02-28T13:30:05.500+02:00"
    );
    let utc = fixed.with_timezone(&chrono::Utc);
    assert_eq!(DateTime::from(utc).as_str(), "2023-02-28T11:30:05.500Z");
    let whole = chrono::DateTime::parse_from_rfc3339("2023-02-28T13:30:05+00:00").unwrap();
    assert_eq!(DateTime::from(whole).as_str(), "2023-02-28T13:30:05Z");
    let micros = chrono::DateTime::parse_from_rfc3339("2023-02-28T13:30:05.000001Z").unwrap();
    assert_eq!(
        DateTime::from(micros).as_str(),
        "2023-02-28T13:30:05.000001Z"
    );
    assert_eq!(DateTime::from(micros).to_chrono(), micros);
}

#[test]
fn what_is_not_a_date_time_is_refused() {
    for bad in [
        "next week",
        "",
        "2023-02-28",
        "2023-02-28T13:30:05",
        "2023-02-30T13:30:05Z",
        "2023-02-28T25:30:05Z",
        "2023-02-28T13:30:05+24:00",
        "1677591005",
    ] {
        let json = format!(r#"{{"id":"m","start":"{bad}"}}"#);
        let error = serde_json::from_str::<Meeting>(&json)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("is not an RFC 3339 date-time"),
            "{bad}: {error}"
        );
        let error = bad.parse::<DateTime>().unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("{bad:?} is not")),
            "{bad}: {error}"
        );
    }
    let error = serde_json::from_str::<Meeting>(r#"{"id":"m","start":1677591005}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("expected an RFC 3339 date-time"), "{error}");
}

#[tokio::test]
async fn date_times_are_sent_as_their_text() {
    let paris = "2023-02-28T13:30:05.10+02:00";
    let listed = format!("[{}]", meeting_json(paris));
    let (url, requests) = serve(
        vec![
            response(200, "application/json", &listed),
            response(201, "application/json", &meeting_json(paris)),
            response(200, "application/json", &meeting_json(paris)),
        ],
        true,
    );
    let client = client(&url);

    // Query parameters (one, and a list) and a header.
    let mut params = ListMeetingsParams::new(paris.parse().unwrap());
    params.before = Some("2023-03-01t00:00:00z".parse().unwrap());
    params.days = Some(vec![
        "2023-02-28T00:00:00-05:30".parse().unwrap(),
        "2023-03-01T00:00:00+00:00".parse().unwrap(),
    ]);
    params.x_as_of = Some("2023-02-28T13:30:05.123456789-00:00".parse().unwrap());
    let meetings = client.list_meetings(&params).await.unwrap();
    let request = requests.recv().unwrap();
    assert_eq!(
        request.request_line(),
        "GET /meetings?after=2023-02-28T13%3A30%3A05.10%2B02%3A00\
         &before=2023-03-01t00%3A00%3A00z\
         &days=2023-02-28T00%3A00%3A00-05%3A30,2023-03-01T00%3A00%3A00%2B00%3A00 HTTP/1.1"
    );
    assert_eq!(
        request.header("x-as-of").as_deref(),
        Some("2023-02-28T13:30:05.123456789-00:00")
    );

    // Read, then sent back: the body has the server's bytes.
    let start = meetings[0].start.clone();
    assert_eq!(start.as_str(), paris);
    let mut body = NewMeeting::new(start.clone());
    body.end = meetings[0].end.clone();
    client.create_meeting(&body).await.unwrap();
    let request = requests.recv().unwrap();
    assert_eq!(
        request.text(),
        format!(r#"{{"start":"{paris}","end":"{paris}"}}"#)
    );

    // In the path.
    let meeting = client.get_meeting_at(&start).await.unwrap();
    assert_eq!(meeting.start, start);
    let request = requests.recv().unwrap();
    assert_eq!(
        request.request_line(),
        "GET /meetings/2023-02-28T13%3A30%3A05.10%2B02%3A00 HTTP/1.1"
    );
}
