// Swagger 2.0 on the wire: what the converter made of a body parameter,
// form parameters (a form, and a multipart body with a file),
// `collectionFormat` query arrays and an `x-nullable` property.
use fixture_swagger_2_0::types::{ListPetsParams, LoginBody, NewPet, Pet};
use fixture_swagger_2_0::{Client, Nullable, Upload, UploadPhotoMultipart};
use loopback::{response, serve};

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(format!("{url}/v2"))
        .max_retries(0)
        .api_key("k")
        .code_auth_token("t")
        .basic_auth("ann", "pw")
        .build()
        .unwrap()
}

#[test]
fn the_server_is_made_of_host_base_path_and_https_first() {
    assert_eq!(Client::DEFAULT_BASE_URL, "https://pets.example.com/v2");
}

#[tokio::test]
async fn a_body_parameter_is_sent_as_the_json_body() {
    let (url, requests) = serve(
        vec![response(201, "application/json", r#"{"id":7,"name":"Rex","tag":null}"#)],
        true,
    );
    let pet = NewPet {
        name: "Rex".into(),
        tag: Some("good".into()),
        additional: Default::default(),
    };
    let created = client(&url).create_pet(&pet).await.unwrap();
    assert_eq!(created.id, 7);
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "POST /v2/pets HTTP/1.1");
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(request.text(), r#"{"name":"Rex","tag":"good"}"#);
}

#[tokio::test]
async fn form_parameters_are_sent_as_a_form() {
    let (url, requests) = serve(
        vec![response(200, "application/json", r#"{"token":"s","expires":null}"#)],
        true,
    );
    let body = LoginBody {
        username: "ann b".into(),
        remember: Some(true),
        scopes: Some(vec!["read".into(), "write".into()]),
        additional: Default::default(),
    };
    let session = client(&url).login(&body).await.unwrap();
    assert_eq!(session.token.as_deref(), Some("s"));
    assert_eq!(session.expires, Nullable::Null);
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "POST /v2/login HTTP/1.1");
    assert_eq!(
        request.header("content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    // `scopes` has no `collectionFormat`: csv, one field of comma-separated items.
    assert_eq!(
        request.text(),
        "remember=true&scopes=read%2Cwrite&username=ann+b"
    );
}

#[tokio::test]
async fn form_parameters_with_a_file_are_sent_as_multipart() {
    let (url, requests) = serve(
        vec![response(200, "application/json", r#"{"url":"/p/1.png"}"#)],
        true,
    );
    let body = UploadPhotoMultipart {
        photo: Upload::bytes(&b"\x89PNG"[..]).file_name("rex.png"),
        caption: Some("Rex".into()),
        labels: Some(vec!["dog".into(), "good".into()]),
    };
    let stored = client(&url).upload_photo(1, &body).await.unwrap();
    assert_eq!(stored.url.as_deref(), Some("/p/1.png"));
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "POST /v2/pets/1/photo HTTP/1.1");
    let parts = request.parts();
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(h, b)| (h.as_str(), b.as_slice()))
        .collect();
    assert_eq!(
        parts,
        [
            (
                "Content-Disposition: form-data; name=\"photo\"; filename=\"rex.png\"\r\nContent-Type: application/octet-stream",
                &b"\x89PNG"[..]
            ),
            ("Content-Disposition: form-data; name=\"caption\"", b"Rex"),
            // `collectionFormat: multi`: a part per item.
            ("Content-Disposition: form-data; name=\"labels\"", b"dog"),
            ("Content-Disposition: form-data; name=\"labels\"", b"good"),
        ]
    );
}

#[tokio::test]
async fn query_arrays_are_written_as_their_collection_format_says() {
    let (url, requests) = serve(
        vec![response(
            200,
            "application/json",
            r#"[{"id":1,"name":"Rex","tag":null},{"id":2,"name":"Tom"},{"id":3,"name":"Kit","tag":"cat"}]"#,
        )],
        true,
    );
    let params = ListPetsParams {
        limit: Some(2),
        tags: Some(vec!["a".into(), "b c".into()]),
        ids: Some(vec![1, 2]),
        names: Some(vec!["x".into(), "y".into()]),
        ..Default::default()
    };
    let pets: Vec<Pet> = client(&url).list_pets(&params).await.unwrap();
    let request = requests.recv().unwrap();
    // csv (the default): one comma-separated value; multi: the parameter repeated; ssv: spaces.
    assert_eq!(
        request.request_line(),
        "GET /v2/pets?limit=2&tags=a,b%20c&ids=1&ids=2&names=x%20y HTTP/1.1"
    );
    assert_eq!(request.header("x-api-key").as_deref(), Some("k"));
    // `x-nullable: true`: null, absent and a value are three different things.
    let tags: Vec<&Nullable<String>> = pets.iter().map(|p| &p.tag).collect();
    assert_eq!(
        tags,
        [
            &Nullable::Null,
            &Nullable::Unset,
            &Nullable::Value("cat".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_file_response_is_a_binary_body() {
    let (url, requests) = serve(vec![response(200, "image/png", "\u{1}PNG")], true);
    let mut photo = client(&url).download_photo(1).await.unwrap();
    assert_eq!(photo.content_type(), Some("image/png"));
    let mut bytes = Vec::new();
    while let Some(chunk) = photo.chunk().await.unwrap() {
        bytes.extend_from_slice(&chunk);
    }
    assert_eq!(bytes, b"\x01PNG");
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "GET /v2/pets/1/photo HTTP/1.1");
}
