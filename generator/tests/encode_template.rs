//! The generated crate's percent-encoding and parameter styles, compiled
//! here on their own, beside the few items of the crate they name.

#[path = "../templates/encode.rs"]
mod encode;

/// The generated crate's `Error`, as far as `encode` uses it.
#[allow(dead_code)]
#[derive(Debug)]
pub(crate) enum Error<E> {
    InvalidRequest(InvalidRequest),
    Api(E),
}

#[allow(dead_code)]
#[derive(Debug)]
pub(crate) struct InvalidRequest {
    pub operation: &'static str,
    pub errors: Vec<FieldError>,
}

#[allow(dead_code)]
#[derive(Debug)]
pub(crate) struct FieldError {
    pub path: String,
    pub message: String,
}

#[test]
fn path_segments_cannot_escape_their_segment() {
    let mut path = String::from("/files/");
    encode::push_segment(&mut path, "a/b?c#d e%f");
    assert_eq!(path, "/files/a%2Fb%3Fc%23d%20e%25f");
    let mut path = String::new();
    encode::push_segment(&mut path, "Az09-._~");
    assert_eq!(path, "Az09-._~");
    let mut path = String::new();
    encode::push_segment(&mut path, "é");
    assert_eq!(path, "%C3%A9");
}

#[test]
fn query_strings() {
    assert_eq!(encode::query_string(&[]), "");
    assert_eq!(
        encode::query_string(&[
            ("pageSize", "10".to_owned()),
            ("q", "a&b=c d".to_owned()),
            ("tag", "x".to_owned()),
            ("tag", "y".to_owned())
        ]),
        "?pageSize=10&q=a%26b%3Dc%20d&tag=x&tag=y"
    );
}

#[test]
fn pairs_append_to_a_target_s_query_and_a_key_replaces_its_name() {
    let mut url = "https://h/p?page=2&api_key=mine&q=x".to_owned();
    encode::append_query(&mut url, &[("extra", "1".to_owned())], false);
    assert_eq!(url, "https://h/p?page=2&api_key=mine&q=x&extra=1");
    encode::append_query(&mut url, &[("api_key", "k&y".to_owned())], true);
    assert_eq!(url, "https://h/p?page=2&q=x&extra=1&api_key=k%26y");
    let mut url = "https://h/p?api_key=mine".to_owned();
    encode::append_query(&mut url, &[("api_key", "k".to_owned())], true);
    assert_eq!(url, "https://h/p?api_key=k");
    let mut url = "https://h/p".to_owned();
    encode::append_query::<&str>(&mut url, &[], true);
    assert_eq!(url, "https://h/p");
}

use encode::{cookie, header, path, query, Style, Value};

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// The values of the spec's style examples: an empty string, a string,
/// an array and an object.
fn examples() -> [Value; 4] {
    [
        text(""),
        text("blue"),
        Value::List(vec![text("blue"), text("black"), text("brown")]),
        Value::Object(vec![
            ("R".to_owned(), Value::Literal("100".to_owned())),
            ("G".to_owned(), Value::Literal("200".to_owned())),
            ("B".to_owned(), Value::Literal("150".to_owned())),
        ]),
    ]
}

fn in_path(style: Style, explode: bool, value: &Value) -> String {
    let mut out = String::new();
    path(&mut out, style, explode, "color", value);
    out
}

fn in_query(style: Style, explode: bool, value: &Value) -> String {
    let mut out = String::new();
    query(&mut out, style, explode, false, "color", value);
    out
}

/// The table of https://spec.openapis.org/oas/v3.1.0#style-examples,
/// every row, with `label` unexploded as RFC 6570 §3.2.5 and the spec's
/// later patch releases write it (`.blue,black,brown`: 3.1.0's table
/// had a typo), and `spaceDelimited` with its name as in 3.1.1. `None`
/// is the table's "n/a".
#[test]
fn the_spec_style_table() {
    type Row = (Style, bool, [Option<&'static str>; 4]);
    let path_rows: [Row; 6] = [
        (
            Style::Matrix,
            false,
            [
                Some(";color"),
                Some(";color=blue"),
                Some(";color=blue,black,brown"),
                Some(";color=R,100,G,200,B,150"),
            ],
        ),
        (
            Style::Matrix,
            true,
            [
                Some(";color"),
                Some(";color=blue"),
                Some(";color=blue;color=black;color=brown"),
                Some(";R=100;G=200;B=150"),
            ],
        ),
        (
            Style::Label,
            false,
            [
                Some("."),
                Some(".blue"),
                Some(".blue,black,brown"),
                Some(".R,100,G,200,B,150"),
            ],
        ),
        (
            Style::Label,
            true,
            [
                Some("."),
                Some(".blue"),
                Some(".blue.black.brown"),
                Some(".R=100.G=200.B=150"),
            ],
        ),
        (
            Style::Simple,
            false,
            [
                None,
                Some("blue"),
                Some("blue,black,brown"),
                Some("R,100,G,200,B,150"),
            ],
        ),
        (
            Style::Simple,
            true,
            [
                None,
                Some("blue"),
                Some("blue,black,brown"),
                Some("R=100,G=200,B=150"),
            ],
        ),
    ];
    let query_rows: [Row; 5] = [
        (
            Style::Form,
            false,
            [
                Some("color="),
                Some("color=blue"),
                Some("color=blue,black,brown"),
                Some("color=R,100,G,200,B,150"),
            ],
        ),
        (
            Style::Form,
            true,
            [
                Some("color="),
                Some("color=blue"),
                Some("color=blue&color=black&color=brown"),
                Some("R=100&G=200&B=150"),
            ],
        ),
        (
            Style::SpaceDelimited,
            false,
            [
                None,
                None,
                Some("color=blue%20black%20brown"),
                Some("color=R%20100%20G%20200%20B%20150"),
            ],
        ),
        (
            Style::PipeDelimited,
            false,
            [
                None,
                None,
                Some("color=blue|black|brown"),
                Some("color=R|100|G|200|B|150"),
            ],
        ),
        (
            Style::DeepObject,
            true,
            [
                None,
                None,
                None,
                Some("color[R]=100&color[G]=200&color[B]=150"),
            ],
        ),
    ];
    let values = examples();
    for (rows, write) in [
        (&path_rows[..], in_path as fn(Style, bool, &Value) -> String),
        (&query_rows[..], in_query),
    ] {
        for (style, explode, expected) in rows {
            for (value, want) in values.iter().zip(expected) {
                if let Some(want) = want {
                    assert_eq!(
                        &write(*style, *explode, value),
                        want,
                        "{style:?}, explode {explode}, {value:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn values_are_percent_encoded_and_separators_are_not() {
    let list = Value::List(vec![text("a,b"), text("c d/é")]);
    assert_eq!(in_path(Style::Simple, false, &list), "a%2Cb,c%20d%2F%C3%A9");
    assert_eq!(
        in_query(Style::Form, false, &list),
        "color=a%2Cb,c%20d%2F%C3%A9"
    );
    assert_eq!(
        in_query(Style::PipeDelimited, false, &list),
        "color=a%2Cb|c%20d%2F%C3%A9"
    );
    // The name too.
    let mut out = String::new();
    query(&mut out, Style::Form, true, false, "a b", &text("1"));
    assert_eq!(out, "a%20b=1");
}

#[test]
fn allow_reserved_keeps_reserved_characters_of_values() {
    let url = text("https://x.test/a?b=c&d=[e]!$'()*+,;@#%20");
    let mut out = String::new();
    query(&mut out, Style::Form, true, true, "next", &url);
    assert_eq!(out, "next=https://x.test/a?b=c&d=[e]!$'()*+,;@#%20");
    let mut out = String::new();
    query(&mut out, Style::Form, true, false, "next", &url);
    assert_eq!(
        out,
        "next=https%3A%2F%2Fx.test%2Fa%3Fb%3Dc%26d%3D%5Be%5D%21%24%27%28%29%2A%2B%2C%3B%40%23%2520"
    );
    // A `%` not followed by two hex digits is still encoded.
    let mut out = String::new();
    query(&mut out, Style::Form, true, true, "p", &text("100%"));
    assert_eq!(out, "p=100%25");
}

#[test]
fn undefined_values_write_nothing() {
    for value in [
        Value::Null,
        Value::List(Vec::new()),
        Value::Object(vec![("a".to_owned(), Value::Null)]),
    ] {
        for explode in [false, true] {
            assert_eq!(in_query(Style::Form, explode, &value), "");
            assert_eq!(in_path(Style::Matrix, explode, &value), "");
            assert_eq!(header(explode, &value), None);
        }
    }
    // Absent properties are left out; query parameters join with `&`.
    let point = Value::Object(vec![
        ("R".to_owned(), Value::Literal("1".to_owned())),
        ("G".to_owned(), Value::Null),
    ]);
    let mut out = String::new();
    query(&mut out, Style::Form, true, false, "a", &text("x"));
    query(&mut out, Style::Form, true, false, "point", &point);
    query(&mut out, Style::Form, true, false, "none", &Value::Null);
    query(&mut out, Style::Form, false, false, "packed", &point);
    assert_eq!(out, "a=x&R=1&packed=R,1");
}

#[test]
fn deep_objects_nest() {
    let filter = Value::Object(vec![
        ("name".to_owned(), text("a b")),
        (
            "range".to_owned(),
            Value::Object(vec![
                ("min".to_owned(), Value::Literal("1".to_owned())),
                ("max".to_owned(), Value::Null),
            ]),
        ),
        ("tags".to_owned(), Value::List(vec![text("x"), text("y")])),
        (
            "items".to_owned(),
            Value::List(vec![Value::Object(vec![(
                "id".to_owned(),
                Value::Literal("7".to_owned()),
            )])]),
        ),
    ]);
    assert_eq!(
        in_query(Style::DeepObject, true, &filter),
        "color[name]=a%20b&color[range][min]=1&color[tags][]=x&color[tags][]=y&color[items][0][id]=7"
    );
}

#[test]
fn headers_and_cookies() {
    let [_, string, list, object] = examples();
    assert_eq!(header(false, &string).as_deref(), Some("blue"));
    assert_eq!(header(false, &list).as_deref(), Some("blue,black,brown"));
    assert_eq!(header(false, &object).as_deref(), Some("R,100,G,200,B,150"));
    assert_eq!(header(true, &object).as_deref(), Some("R=100,G=200,B=150"));
    // Nested values are written as JSON; header values are not percent-encoded.
    let nested = Value::Object(vec![(
        "a b".to_owned(),
        Value::List(vec![text("x"), Value::Literal("1".to_owned())]),
    )]);
    assert_eq!(header(true, &nested).as_deref(), Some("a b=[\"x\",1]"));

    let mut cookies = String::new();
    cookie(&mut cookies, true, "session", &text("a b;c"));
    cookie(
        &mut cookies,
        false,
        "ids",
        &Value::List(vec![
            Value::Literal("1".to_owned()),
            Value::Literal("2".to_owned()),
        ]),
    );
    cookie(&mut cookies, true, "tags", &list);
    cookie(&mut cookies, true, "point", &object);
    assert_eq!(
        cookies,
        "session=a%20b%3Bc; ids=1,2; tags=blue; tags=black; tags=brown; R=100; G=200; B=150"
    );
}

#[test]
fn json_keeps_the_order_of_properties() {
    let value: Value =
        serde_json::from_str(r#"{"z":1,"a":{"y":true,"b":null},"m":[1.5,"s"]}"#).unwrap();
    assert_eq!(
        value,
        Value::Object(vec![
            ("z".to_owned(), Value::Literal("1".to_owned())),
            (
                "a".to_owned(),
                Value::Object(vec![
                    ("y".to_owned(), Value::Literal("true".to_owned())),
                    ("b".to_owned(), Value::Null)
                ])
            ),
            (
                "m".to_owned(),
                Value::List(vec![Value::Literal("1.5".to_owned()), text("s")])
            ),
        ])
    );
    assert_eq!(
        header(false, &value).as_deref(),
        Some("z,1,a,{\"y\":true,\"b\":null},m,[1.5,\"s\"]")
    );
}

/// A struct as the generated crate declares one: properties in declaration
/// order (not sorted), absent ones skipped.
#[derive(serde::Serialize)]
struct Point {
    #[serde(rename = "R")]
    r: i64,
    #[serde(rename = "G")]
    g: i64,
    #[serde(rename = "B", skip_serializing_if = "Option::is_none")]
    b: Option<i64>,
    #[serde(rename = "A")]
    a: Option<f64>,
}

#[test]
fn structs_are_written_from_their_properties_in_declaration_order() {
    let point = Point {
        r: 100,
        g: 200,
        b: None,
        a: None,
    };
    let value = encode::value::<_, ()>("op", "color", &point).unwrap();
    assert_eq!(in_query(Style::Form, true, &value), "R=100&G=200");
    assert_eq!(in_path(Style::Matrix, false, &value), ";color=R,100,G,200");
    let point = Point {
        b: Some(150),
        a: Some(0.5),
        ..point
    };
    let value = encode::value::<_, ()>("op", "color", &point).unwrap();
    assert_eq!(
        in_query(Style::DeepObject, true, &value),
        "color[R]=100&color[G]=200&color[B]=150&color[A]=0.5"
    );
    // `content: application/json`: the JSON text, percent-encoded as one value.
    let json = encode::json::<_, ()>("op", "color", &point).unwrap();
    assert_eq!(
        in_query(Style::Form, true, &json),
        "color=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%2C%22A%22%3A0.5%7D"
    );
    // A map whose keys are not strings cannot be written: an error, not a panic.
    let map: std::collections::BTreeMap<(i32, i32), i32> = [((1, 2), 3)].into_iter().collect();
    let Err(Error::InvalidRequest(e)) = encode::value::<_, ()>("op", "color", &map) else {
        panic!("a map with tuple keys is refused");
    };
    assert_eq!(
        (e.operation, e.errors[0].path.as_str()),
        ("op", "params.color")
    );
}

#[test]
fn cookies_join_the_one_cookie_header() {
    let client = reqwest::Client::new();
    let request = client
        .get("http://127.0.0.1/")
        .header(reqwest::header::COOKIE, "api_key=k");
    let request = encode::add_cookies::<()>("op", request, "a=1; b=x%20y").unwrap();
    let request = request.build().unwrap();
    let cookies: Vec<_> = request
        .headers()
        .get_all(reqwest::header::COOKIE)
        .iter()
        .collect();
    assert_eq!(cookies, ["api_key=k; a=1; b=x%20y"]);

    // Without parameters, the request is left as it was; without an earlier cookie, only these.
    let request = encode::add_cookies::<()>("op", client.get("http://127.0.0.1/"), "").unwrap();
    assert!(request
        .build()
        .unwrap()
        .headers()
        .get(reqwest::header::COOKIE)
        .is_none());
    let request = encode::add_cookies::<()>("op", client.get("http://127.0.0.1/"), "a=1").unwrap();
    assert_eq!(
        request.build().unwrap().headers()[reqwest::header::COOKIE],
        "a=1"
    );

    // A request that cannot be built is an error of the call.
    let broken = client.get("not a url");
    assert!(matches!(
        encode::add_cookies::<()>("op", broken, "a=1"),
        Err(Error::InvalidRequest(InvalidRequest {
            operation: "op",
            ..
        }))
    ));
}

#[test]
fn a_target_has_a_query_only_when_there_is_one() {
    assert_eq!(encode::target("/a", ""), "/a");
    assert_eq!(encode::target("/a", "b=1&c=2"), "/a?b=1&c=2");
}

#[test]
fn what_the_spec_leaves_undefined_is_exploded_form() {
    let [_, string, list, _] = examples();
    assert_eq!(in_query(Style::DeepObject, true, &string), "color=blue");
    assert_eq!(
        in_query(Style::DeepObject, true, &list),
        "color=blue&color=black&color=brown"
    );
    for style in [Style::SpaceDelimited, Style::PipeDelimited] {
        assert_eq!(
            in_query(style, true, &list),
            "color=blue&color=black&color=brown"
        );
        assert_eq!(in_query(style, false, &string), "color=blue");
    }
}
