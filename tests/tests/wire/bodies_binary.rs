use fixture_bodies_binary_3_0::{AddNoteSuccess, Client, GetBlobError, Upload};
use loopback::{empty, large, peak_memory, response, serve};

const LARGE: u64 = 200 * 1024 * 1024;
/// Far below the 200 MB that go through: holding the body would pass it.
const MEMORY_LIMIT: u64 = 100 * 1024 * 1024;

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn bytes_are_sent_as_they_are_with_their_length_and_the_spec_s_type() {
    let (url, requests) = serve(
        vec![response(201, "application/json", r#"{"size":3}"#)],
        true,
    );
    let stored = client(&url)
        .put_blob("a", &Upload::bytes(&b"\x00\x01\xff"[..]))
        .await
        .unwrap();
    assert_eq!(stored.size, Some(3));
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "PUT /blobs/a HTTP/1.1");
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(request.header("content-length").as_deref(), Some("3"));
    assert_eq!(request.body, b"\x00\x01\xff");
}

#[tokio::test]
async fn an_upload_names_its_own_type_where_the_spec_gives_a_range() {
    let (url, requests) = serve(vec![empty(204), empty(204)], true);
    let client = client(&url);
    client
        .set_avatar(&Upload::bytes("png").content_type("image/png"))
        .await
        .unwrap();
    assert_eq!(
        requests.recv().unwrap().header("content-type").as_deref(),
        Some("image/png")
    );
    client.set_avatar(&Upload::bytes("png")).await.unwrap();
    assert_eq!(
        requests.recv().unwrap().header("content-type").as_deref(),
        Some("application/octet-stream")
    );
}

#[tokio::test]
async fn a_text_body_and_its_text_or_binary_answers() {
    let (url, requests) = serve(
        vec![
            response(200, "text/plain", "noted: é"),
            response(202, "application/pdf", "%PDF-1.7"),
        ],
        true,
    );
    let client = client(&url);
    let echoed = client.add_note("a note, é").await.unwrap();
    assert!(
        matches!(&echoed, AddNoteSuccess::Ok(text) if text == "noted: é"),
        "{echoed:?}"
    );
    let request = requests.recv().unwrap();
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("text/plain")
    );
    assert_eq!(request.text(), "a note, é");
    let AddNoteSuccess::Accepted(pdf) = client.add_note("render").await.unwrap() else {
        panic!("202 is the PDF")
    };
    assert_eq!(pdf.content_type(), Some("application/pdf"));
    assert_eq!(&pdf.bytes().await.unwrap()[..], b"%PDF-1.7");
}

#[tokio::test]
async fn a_large_upload_is_streamed_not_held() {
    let (url, requests) = serve(vec![response(201, "application/json", "{}")], false);
    let chunks =
        (0..LARGE / 65536).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![7u8; 65536])));
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    client(&url)
        .put_blob("big", &Upload::stream(body))
        .await
        .unwrap();
    let request = requests.recv().unwrap();
    assert_eq!(request.length, LARGE);
    assert_eq!(
        request.header("transfer-encoding").as_deref(),
        Some("chunked")
    );
    assert!(
        peak_memory() < MEMORY_LIMIT,
        "peak memory {} bytes",
        peak_memory()
    );
}

#[tokio::test]
async fn a_large_download_is_streamed_not_held() {
    let (url, _requests) = serve(vec![large(LARGE), empty(404)], false);
    let client = client(&url);
    let mut blob = client.get_blob("big").await.unwrap();
    assert_eq!(blob.content_length(), Some(LARGE));
    let first = blob.chunk().await.unwrap().unwrap();
    assert!(first.iter().all(|&b| b == 7));
    let rest = blob.write_to(&mut tokio::io::sink()).await.unwrap();
    assert_eq!(first.len() as u64 + rest, LARGE);
    assert!(
        peak_memory() < MEMORY_LIMIT,
        "peak memory {} bytes",
        peak_memory()
    );
    // An error status is read whole, as for any operation.
    let error = client.get_blob("gone").await.unwrap_err();
    assert_eq!(error.kind(), Some(&GetBlobError::NotFound));
}

#[tokio::test]
async fn a_download_is_written_to_a_file() {
    let (url, _requests) = serve(
        vec![response(200, "application/octet-stream", "file body")],
        false,
    );
    let path = std::env::temp_dir().join(format!("download-{}.bin", std::process::id()));
    let blob = client(&url).get_blob("f").await.unwrap();
    assert_eq!(blob.to_file(&path).await.unwrap(), 9);
    assert_eq!(std::fs::read(&path).unwrap(), b"file body");
    std::fs::remove_file(&path).unwrap();
}
