use fixture_bodies_alternatives_3_1::types::{CreateImageEditBody, SendMessageBody};
use fixture_bodies_alternatives_3_1::{Client, CreateImageEditMultipart, Upload};
use loopback::{empty, response, serve};

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn json_by_default_and_each_other_media_type_by_its_method() {
    let edited = r#"{"url":"u"}"#;
    let (url, requests) = serve(
        vec![
            response(200, "application/json", edited),
            response(200, "application/json", edited),
            empty(204),
            empty(204),
            empty(204),
        ],
        true,
    );
    let client = client(&url);
    client
        .create_image_edit(&CreateImageEditBody::new("https://x/a.png", "a cat"))
        .await
        .unwrap();
    let request = requests.recv().unwrap();
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        request.text(),
        r#"{"image_url":"https://x/a.png","prompt":"a cat"}"#
    );

    let body = CreateImageEditMultipart {
        image: Upload::bytes("png")
            .file_name("a.png")
            .content_type("image/png"),
        prompt: "a cat".into(),
    };
    client.create_image_edit_multipart(&body).await.unwrap();
    let parts = requests.recv().unwrap().parts();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1].1, b"a cat");

    client
        .send_message(&SendMessageBody {
            text: Some("hi there".into()),
            additional: Default::default(),
        })
        .await
        .unwrap();
    assert_eq!(requests.recv().unwrap().text(), "text=hi+there");
    client.send_message_text("hi there").await.unwrap();
    let request = requests.recv().unwrap();
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("text/plain")
    );
    assert_eq!(request.text(), "hi there");
    client
        .send_message_bytes(&Upload::bytes("jpg").content_type("image/jpeg"))
        .await
        .unwrap();
    assert_eq!(
        requests.recv().unwrap().header("content-type").as_deref(),
        Some("image/jpeg")
    );
}
