use fixture_openapi_3_2::types::{
    Cat, Filter, LinkPetsParams, OtherPet, Pet, PetQuery, SearchMixedParams,
    SearchQueryStringParams,
};
use fixture_openapi_3_2::Client;
use loopback::{empty, response, serve};

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key("k")
        .max_retries(0)
        .build()
        .unwrap()
}

fn pet_query() -> PetQuery {
    PetQuery {
        name: Some("Tom".into()),
        kinds: Some(vec!["cat".into()]),
        additional: Default::default(),
    }
}

#[tokio::test]
async fn the_query_method_is_sent_as_query_with_its_body() {
    let (url, requests) = serve(
        vec![response(200, "application/json", r#"[{"kind":"cat","name":"Tom"}]"#)],
        true,
    );
    let pets = client(&url).search_pets(&pet_query()).await.unwrap();
    assert!(matches!(pets.as_slice(), [Pet::Cat(c)] if c.name == "Tom"), "{pets:?}");
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "QUERY /pets HTTP/1.1");
    assert_eq!(request.header("content-type").as_deref(), Some("application/json"));
    assert_eq!(request.header("x-api-key").as_deref(), Some("k"));
    assert_eq!(request.text(), r#"{"name":"Tom","kinds":["cat"]}"#);
}

#[tokio::test]
async fn the_query_method_without_an_operation_id_is_named_by_method_and_path() {
    let (url, requests) = serve(
        vec![response(200, "application/json", r#"{"kind":"dog","name":"Rex"}"#)],
        true,
    );
    let pet = client(&url).query_pets_id("p/1", &pet_query()).await.unwrap();
    assert!(matches!(&pet, Pet::Dog(d) if d.name == "Rex"), "{pet:?}");
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "QUERY /pets/p%2F1 HTTP/1.1");
    assert_eq!(request.text(), r#"{"name":"Tom","kinds":["cat"]}"#);
}

#[tokio::test]
async fn an_additional_operation_is_sent_with_its_method_as_written() {
    let (url, requests) = serve(vec![empty(204)], true);
    // The tag is written by `new`: a caller cannot set a wrong one.
    let mut cat = Cat::new("Tom");
    cat.lives = Some(9);
    let body = Pet::Cat(cat);
    client(&url)
        .link_pets(&body, &LinkPetsParams { to: "Rex & co".into() })
        .await
        .unwrap();
    let request = requests.recv().unwrap();
    assert_eq!(request.request_line(), "LINK /pets?to=Rex%20%26%20co HTTP/1.1");
    assert_eq!(request.text(), r#"{"kind":"cat","name":"Tom","lives":9}"#);
}

fn filter() -> Filter {
    Filter {
        q: "a b&c=d".into(),
        limit: Some(10),
        tags: Some(vec!["x".into(), "y".into()]),
        additional: Default::default(),
    }
}

#[tokio::test]
async fn a_querystring_parameter_is_the_whole_query_string() {
    let (url, requests) = serve(vec![empty(204)], true);
    client(&url)
        .search_query_string(&SearchQueryStringParams::new(filter()))
        .await
        .unwrap();
    let request = requests.recv().unwrap();
    // The object's properties as exploded form pairs, in declaration
    // order; the parameter's name is not written.
    assert_eq!(
        request.request_line(),
        "GET /search?q=a%20b%26c%3Dd&limit=10&tags=x&tags=y HTTP/1.1"
    );
}

#[tokio::test]
async fn query_parameters_beside_it_come_after_it() {
    let (url, requests) = serve(vec![empty(204)], true);
    let params = SearchMixedParams {
        filter: Some(filter()),
        page: Some(2),
    };
    client(&url).search_mixed(&params).await.unwrap();
    let request = requests.recv().unwrap();
    assert_eq!(
        request.request_line(),
        "GET /mixed?q=a%20b%26c%3Dd&limit=10&tags=x&tags=y&page=2 HTTP/1.1"
    );
}

fn round_trip(json: &str) -> Pet {
    let value: Pet = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), json, "{value:?}");
    value
}

#[test]
fn the_mapping_picks_its_branches() {
    assert!(matches!(round_trip(r#"{"kind":"cat","name":"Tom","lives":9}"#), Pet::Cat(_)));
    assert!(matches!(round_trip(r#"{"kind":"dog","name":"Rex","good":true}"#), Pet::Dog(_)));
}

#[test]
fn an_unlisted_value_decodes_into_the_default_mapping_and_keeps_it() {
    let pet = round_trip(r#"{"kind":"parrot","name":"Polly"}"#);
    assert!(
        matches!(&pet, Pet::OtherPet(OtherPet { kind: Some(k), name, .. }) if k == "parrot" && name == "Polly"),
        "{pet:?}"
    );
    // Its own name selects it too.
    assert!(matches!(round_trip(r#"{"kind":"OtherPet","name":"O"}"#), Pet::OtherPet(_)));
}

#[test]
fn a_value_without_the_property_decodes_into_the_default_mapping() {
    let pet = round_trip(r#"{"name":"Nemo","fins":2}"#);
    assert!(
        matches!(&pet, Pet::OtherPet(o) if o.kind.is_none() && o.name == "Nemo" && o.additional["fins"] == 2),
        "{pet:?}"
    );
}

#[test]
fn the_default_branch_still_checks_its_own_shape() {
    let e = serde_json::from_str::<Pet>(r#"{"kind":"parrot"}"#).unwrap_err();
    assert!(e.to_string().contains("name"), "{e}");
}
