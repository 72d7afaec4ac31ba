//! The generated crate's percent-encoding, compiled here on its own.

#[path = "../templates/encode.rs"]
mod encode;

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
