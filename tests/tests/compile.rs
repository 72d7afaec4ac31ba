//! Snapshots prove that the output did not change; only compiling it proves
//! that it is right. Every fixture's crate, and the crate generated from the
//! publisher's whole document and the real-world documents (when
//! `../shared/reference/` is there), is written into one temporary workspace
//! and must pass `cargo clippy -- -D warnings`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is inside the workspace")
        .to_path_buf()
}

fn write_crate(dir: &Path, generated: &generator::Generated) {
    for (rel, content) in &generated.files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

/// Runs cargo in the temporary workspace, with a target folder of its own.
fn cargo(ws: &Path, target: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    Command::new(cargo)
        .args(args)
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

/// Documents in `../shared/reference/` (member name, path there): compiled
/// when that folder is there, skipped with the reason printed otherwise.
const REFERENCE_DOCUMENTS: &[(&str, &str)] = &[
    ("full", "browser-use-api-v2.openapi.json"),
    ("openai", "real-world/openai.openapi.yaml"),
    ("twilio", "real-world/twilio-api-v2010.openapi.json"),
    ("box", "real-world/box.openapi.json"),
];

#[test]
fn every_generated_crate_passes_clippy() {
    let target = root().join("target/compile-check");
    let ws = target.join("workspace");
    let _ = std::fs::remove_dir_all(&ws);
    std::fs::create_dir_all(&ws).unwrap();

    let mut members = Vec::new();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("error-")
        })
        .collect();
    fixtures.sort();
    for path in &fixtures {
        let stem = path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace('.', "-");
        let text = std::fs::read_to_string(path).unwrap();
        let package = format!("fixture-{stem}");
        let generated = generator::generate(&generator::Input {
            text: &text,
            spec_display: &format!("tests/fixtures/{stem}.yaml"),
            package_name: Some(&package),
            select: Vec::new(),
        })
        .unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
        write_crate(&ws.join(&stem), &generated);
        members.push(stem);
    }
    // The publisher's whole document, and the real-world training set.
    for (member, file) in REFERENCE_DOCUMENTS {
        let path = root().join("../shared/reference").join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("{file} is skipped: {} is absent", path.display());
            continue;
        };
        let package = format!("reference-{member}");
        let generated = generator::generate(&generator::Input {
            text: &text,
            spec_display: file,
            package_name: Some(&package),
            select: Vec::new(),
        })
        .unwrap_or_else(|e| panic!("{file}:\n{e}"));
        write_crate(&ws.join(member), &generated);
        members.push((*member).to_owned());
    }
    assert!(members.len() >= 9, "{members:?}");

    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        ws.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    // The main workspace's lock file: the same dependency versions, mostly already downloaded.
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();

    let output = cargo(
        &ws,
        &target,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    );
    assert!(
        output.status.success(),
        "generated crates do not pass clippy:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // `cargo fmt` in a workspace holding the crates leaves them as generated,
    // even when the workspace has a style of its own: each crate's
    // `rustfmt.toml` keeps rustfmt's defaults, which the templates and
    // `lib.rs` are written in, and the modules prettyplease formatted are
    // `#[rustfmt::skip]`.
    let style = ws.join("rustfmt.toml");
    std::fs::write(&style, "tab_spaces = 2\nmax_width = 80\n").unwrap();
    let output = cargo(&ws, &target, &["fmt", "--all", "--check"]);
    assert!(
        output.status.success(),
        "cargo fmt would reformat generated crates:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Without the crate's own rustfmt.toml, the workspace's style would apply.
    let rustfmt = Command::new("rustfmt")
        .args(["--check", "--edition", "2021", "--config-path"])
        .arg(&style)
        .arg(ws.join(&members[0]).join("src/lib.rs"))
        .output()
        .expect("rustfmt runs");
    assert!(
        !rustfmt.status.success(),
        "the workspace's style is not applied"
    );

    // The crate documentation's example of each crate compiles too.
    let output = cargo(&ws, &target, &["test", "--doc", "--workspace", "--quiet"]);
    assert!(
        output.status.success(),
        "doc examples do not compile:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // Compiling is not enough for the behaviour that serde's derives do not
    // give (decoding rules, redaction): run it, inside the generated crate of
    // its fixture.
    let mut args = vec!["test".to_owned(), "--quiet".to_owned()];
    for (fixture, test) in RUN_IN_FIXTURE {
        std::fs::create_dir_all(ws.join(fixture).join("tests")).unwrap();
        std::fs::write(ws.join(fixture).join("tests/behaviour.rs"), test).unwrap();
        // The wire tests run the client on a runtime, against a loopback server.
        let manifest = ws.join(fixture).join("Cargo.toml");
        let mut toml = std::fs::read_to_string(&manifest).unwrap();
        toml.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\", \"fs\"] }\nfutures-util = \"0.3\"\n");
        std::fs::write(&manifest, toml).unwrap();
        args.extend(["-p".to_owned(), format!("fixture-{fixture}")]);
    }
    args.extend(["--test".to_owned(), "behaviour".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = cargo(&ws, &target, &args);
    assert!(
        output.status.success(),
        "behaviour tests failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Tests run inside a fixture's generated crate, by fixture.
const RUN_IN_FIXTURE: &[(&str, &str)] = &[
    ("discriminator", DISCRIMINATOR_TEST),
    ("redaction", REDACTION_TEST),
    ("webhooks-3-1", WEBHOOKS_TEST),
    ("callbacks-3-0", CALLBACKS_3_0_TEST),
    ("callbacks-3-1", CALLBACKS_3_1_TEST),
    (
        "bodies-form-3-0",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/bodies_form.rs")
        ),
    ),
    (
        "bodies-alternatives-3-1",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/bodies_alternatives.rs")
        ),
    ),
    (
        "bodies-multipart-3-0",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/bodies_multipart.rs")
        ),
    ),
    (
        "bodies-binary-3-0",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/bodies_binary.rs")
        ),
    ),
    (
        "responses-events-3-1",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/responses_events.rs")
        ),
    ),
    (
        "responses-ranges-3-0",
        concat!(
            include_str!("wire/loopback.rs"),
            include_str!("wire/responses_ranges.rs")
        ),
    ),
];

/// The exact bytes of webhook requests, decoded by the crate's `webhooks`
/// module into typed events, and every way a request can be refused.
const WEBHOOKS_TEST: &str = r##"
use fixture_webhooks_3_1::types::{Pet, PetAdoptedPayload};
use fixture_webhooks_3_1::webhooks::{self, BodyError, Event, WebhookError};

const NEW_PET: &[u8] = br#"{"id":7,"name":"Rex","tag":null}"#;

#[test]
fn a_webhook_request_decodes_into_its_event() {
    let event = Event::decode(
        "newPet",
        "POST",
        Some("Application/JSON; charset=utf-8"),
        NEW_PET,
    )
    .unwrap();
    let rex = Pet {
        id: 7,
        name: "Rex".into(),
        tag: None,
    };
    assert_eq!(event, Event::NewPet(rex.clone()));
    assert_eq!(
        (event.name(), event.method(), event.success_status()),
        ("newPet", "POST", 200)
    );
    assert_eq!(
        webhooks::decode_new_pet(Some("application/json"), NEW_PET).unwrap(),
        rex
    );

    // The method in any case; no `Content-Type` is read as the documented one.
    let body = br#"{"pet":{"id":1,"name":"Tom","tag":"cat"},"adoptedAt":"2024-05-01T12:00:00Z","note":"happy"}"#;
    let Event::PetAdopted(PetAdoptedPayload {
        pet,
        adopted_at,
        note,
    }) = Event::decode("petAdopted", "post", None, body).unwrap()
    else {
        panic!("not a PetAdopted");
    };
    assert_eq!((pet.id, pet.tag.as_deref()), (1, Some("cat")));
    assert_eq!(adopted_at.to_rfc3339(), "2024-05-01T12:00:00+00:00");
    assert_eq!(note.as_deref(), Some("happy"));

    // Bytes, matched against the documented type; optional.
    let photo = Event::decode("petPhoto", "PUT", Some("image/png"), b"\x89PNG\r\n").unwrap();
    assert_eq!(photo, Event::PetPhoto(Some(b"\x89PNG\r\n".to_vec())));
    assert_eq!(photo.success_status(), 200);
    assert_eq!(
        Event::decode("petPhoto", "PUT", None, b"").unwrap(),
        Event::PetPhoto(None)
    );
}

#[test]
fn a_bad_request_gives_a_typed_error_and_its_status() {
    let e = Event::decode("newPet", "POST", Some("text/plain"), NEW_PET).unwrap_err();
    assert!(
        matches!(
            &e,
            WebhookError::UnsupportedContentType { webhook: "newPet", expected: "application/json", found }
                if found == "text/plain"
        ),
        "{e:?}"
    );
    assert_eq!(e.status(), 415);

    let e = Event::decode("newPet", "POST", Some("application/json"), br#"{"id":"seven","name":"Rex"}"#)
        .unwrap_err();
    assert!(
        matches!(&e, WebhookError::InvalidBody { webhook: "newPet", body, source: BodyError::Json(_) }
            if body == r#"{"id":"seven","name":"Rex"}"#),
        "{e:?}"
    );
    assert_eq!(e.status(), 400);
    assert!(std::error::Error::source(&e).is_some());
    assert!(e.to_string().starts_with("newPet: the body is not what the spec describes"), "{e}");

    let e = Event::decode("newPet", "POST", Some("application/json"), b"").unwrap_err();
    assert!(matches!(e, WebhookError::MissingBody { webhook: "newPet" }), "{e:?}");

    for (name, method) in [("oldPet", "POST"), ("newPet", "GET")] {
        let e = Event::decode(name, method, Some("application/json"), NEW_PET).unwrap_err();
        assert!(matches!(&e, WebhookError::UnknownWebhook { .. }), "{e:?}");
        assert_eq!((e.status(), e.webhook()), (404, None));
    }
    let e = Event::decode("petPhoto", "PUT", Some("image/jpeg"), b"jpeg").unwrap_err();
    assert_eq!(e.status(), 415);
}
"##;

/// A callback's text body; a JSON body with a string enum and a nullable field.
const CALLBACKS_3_0_TEST: &str = r##"
use fixture_callbacks_3_0::types::{SubscribeOnEventPayload, SubscribeOnEventPayloadKind};
use fixture_callbacks_3_0::webhooks::{self, BodyError, Event, WebhookError};

#[test]
fn callbacks_decode_json_and_text() {
    let body = br#"{"subscriptionId":"s1","kind":"deleted","detail":null}"#;
    let event = Event::decode("subscribe.onEvent", "POST", Some("application/json"), body).unwrap();
    assert_eq!(
        event,
        Event::SubscribeOnEvent(SubscribeOnEventPayload {
            subscription_id: "s1".into(),
            kind: SubscribeOnEventPayloadKind::Deleted,
            detail: None,
        })
    );
    let end = Event::decode("subscribe.onEnd", "POST", Some("text/plain; charset=utf-8"), b"bye").unwrap();
    assert_eq!(end, Event::SubscribeOnEnd(Some("bye".into())));
    assert_eq!(end.success_status(), 204);
    assert_eq!(webhooks::decode_subscribe_on_end(None, b"").unwrap(), None);
    let e = webhooks::decode_subscribe_on_end(Some("text/plain"), b"\xff").unwrap_err();
    assert!(matches!(e, WebhookError::InvalidBody { source: BodyError::Utf8(_), .. }), "{e:?}");
}
"##;

/// A callback whose payload type is also sent in a request: it is checked
/// against the spec's constraints (a 3.1 numeric `exclusiveMinimum`).
const CALLBACKS_3_1_TEST: &str = r##"
use fixture_callbacks_3_1::types::JobResult;
use fixture_callbacks_3_1::webhooks::{Event, WebhookError};
use fixture_callbacks_3_1::Nullable;

#[test]
fn a_callback_decodes_and_is_checked_against_the_spec() {
    let body = br#"{"id":"j1","status":"finished","output":null,"exitCode":0}"#;
    let event = Event::decode("createJob.jobFinished", "POST", Some("application/json"), body).unwrap();
    let Event::CreateJobJobFinished(JobResult { id, output, exit_code, .. }) = &event else {
        panic!("{event:?}");
    };
    assert_eq!((id.as_str(), output, exit_code), ("j1", &None, &Nullable::Value(0)));

    // `exclusiveMinimum: -1` (3.1's numeric form): -1 is out.
    let body = br#"{"id":"j1","status":"finished","output":"x","exitCode":-1}"#;
    let e = Event::decode("createJob.jobFinished", "POST", None, body).unwrap_err();
    let WebhookError::Invalid { webhook, errors } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(*webhook, "createJob.jobFinished");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path(), "body.exitCode");
    assert_eq!(e.status(), 400);
}
"##;

const DISCRIMINATOR_TEST: &str = r#"
use fixture_discriminator::types::{Cat, Pet};
use serde_json::json;

#[test]
fn the_discriminator_picks_the_variant() {
    let cat: Pet = serde_json::from_value(json!({"petType": "kitten", "name": "Tom"})).unwrap();
    assert!(matches!(&cat, Pet::Cat(Cat { name, .. }) if name == "Tom"));
    let dog: Pet = serde_json::from_value(json!({"petType": "dog", "name": "Rex", "barks": true})).unwrap();
    assert!(matches!(dog, Pet::Dog(_)));
    // A Dog-shaped value that says it is a cat is a cat, or an error: never a dog.
    assert!(serde_json::from_value::<Pet>(json!({"petType": "cat", "barks": true})).is_err());
    let bird: Pet = serde_json::from_value(json!({"petType": "bird", "wings": 2})).unwrap();
    assert!(matches!(&bird, Pet::Unknown(v) if v["wings"] == 2));
    assert_eq!(serde_json::to_value(&bird).unwrap(), json!({"petType": "bird", "wings": 2}));
    assert!(serde_json::from_value::<Pet>(json!({"name": "no tag"})).is_err());
    assert_eq!(serde_json::to_value(&cat).unwrap()["petType"], "kitten");
}
"#;

const REDACTION_TEST: &str = r#"
use fixture_redaction::types::{CreateLoginParams, Login, Usage};
use std::collections::BTreeMap;

#[test]
fn debug_hides_secrets_and_shows_the_rest() {
    let login = Login {
        username: "ada".into(),
        password: "hunter2".into(),
        pin: Some(4711),
        recovery_codes: Some(vec!["code-one".into()]),
        sensitive_data: Some(BTreeMap::from([("bank".into(), "pa55".into())])),
        token_type: Some("bearer".into()),
        password_policy: Some("strong".into()),
    };
    let shown = format!("{login:?}");
    for secret in ["hunter2", "4711", "code-one", "pa55"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    for plain in ["ada", "bearer", "strong"] {
        assert!(shown.contains(plain), "{plain} not in {shown}");
    }
    assert_eq!(shown.matches("<redacted>").count(), 4, "{shown}");

    let usage = Usage {
        total_input_tokens: 1234,
        access_token: Some("tok-secret".into()),
        next_page_token: Some("cursor-7".into()),
        password_set: Some(true),
    };
    let shown = format!("{usage:?}");
    assert!(!shown.contains("tok-secret"), "{shown}");
    for plain in ["1234", "cursor-7", "true"] {
        assert!(shown.contains(plain), "{plain} not in {shown}");
    }

    let params = CreateLoginParams {
        x_api_key: "key-123".into(),
        page_token: Some("page-2".into()),
    };
    let shown = format!("{params:?}");
    assert!(!shown.contains("key-123") && shown.contains("page-2"), "{shown}");
}
"#;
