//! The generated crate's union decoding (`templates/shape.rs`), compiled
//! here on its own with shapes written as `types.rs` writes them.

#[path = "../templates/shape.rs"]
mod shape;

use serde_json::{json, Value};
use shape::{check, decode, Rest, Shape};
use std::borrow::Cow;

const KINDS: &[&str] = &["card", "bank"];

/// Two payments sharing an open `type` enum that lists both values: the
/// tag does not tell them apart, their properties do.
static CARD: Shape = Shape::Object(
    &[
        ("type", true, &Shape::Enum(KINDS)),
        ("number", true, &Shape::String),
        ("expiry", false, &Shape::String),
    ],
    Rest::Open,
);
static BANK: Shape = Shape::Object(
    &[
        ("type", true, &Shape::Enum(&["bank"])),
        ("iban", false, &Shape::String),
        ("owner", false, &Shape::Nullable(&OWNER)),
    ],
    Rest::Closed,
);
static OWNER: Shape = Shape::Object(
    &[
        ("name", true, &Shape::String),
        ("age", false, &Shape::Integer),
    ],
    Rest::Open,
);
static OPEN_TAGS: Shape = Shape::Union(&[
    (
        "A",
        &Shape::Object(
            &[
                ("type", true, &Shape::Enum(&["a"])),
                ("x", false, &Shape::Integer),
            ],
            Rest::Open,
        ),
    ),
    (
        "B",
        &Shape::Object(
            &[
                ("type", true, &Shape::Enum(&["b"])),
                ("x", false, &Shape::Integer),
            ],
            Rest::Open,
        ),
    ),
]);
static PAYMENT: Shape = Shape::Union(&[("Card", &CARD), ("Bank", &BANK)]);

/// Which variant `decode` picks, by name.
fn pick(shape: &Shape, value: Value) -> Result<&'static str, String> {
    let names: Vec<&'static str> = match shape {
        Shape::Union(variants) | Shape::Tagged(_, _, variants) => {
            variants.iter().map(|(name, _)| *name).collect()
        }
        _ => Vec::new(),
    };
    decode("Payment", shape, value, |i, v: Cow<'_, Value>| {
        drop(v);
        Ok(names.get(i).copied().unwrap_or("Unknown"))
    })
}

#[test]
fn the_variant_that_explains_the_value_wins() {
    // Valid against one branch only: its required property.
    assert_eq!(
        pick(&PAYMENT, json!({"type": "card", "number": "4111"})),
        Ok("Card")
    );
    assert_eq!(
        pick(&PAYMENT, json!({"type": "bank", "iban": "NL00"})),
        Ok("Bank")
    );
    // Both enums list `bank`, both objects accept the value: a closed
    // object takes a property it does not declare only as an allowance.
    assert_eq!(
        pick(&PAYMENT, json!({"type": "bank", "number": "1"})),
        Ok("Card")
    );
    // Without `number`, the card refuses; the bank's allowance is no refusal.
    assert_eq!(
        pick(&PAYMENT, json!({"type": "bank", "other": 1})),
        Ok("Bank")
    );
    // A value an enum does not list is its catch-all's: an allowance,
    // where the other variant lists it.
    assert_eq!(pick(&OPEN_TAGS, json!({"type": "b", "x": 1})), Ok("B"));
    assert_eq!(pick(&OPEN_TAGS, json!({"type": "a", "x": 1})), Ok("A"));
    // Listed nowhere: the first.
    assert_eq!(pick(&OPEN_TAGS, json!({"type": "c", "x": 1})), Ok("A"));
    // A nested object's own properties count.
    assert_eq!(
        pick(&PAYMENT, json!({"type": "bank", "owner": {"name": "A"}})),
        Ok("Bank")
    );
}

#[test]
fn a_value_no_variant_accepts_says_why_each_refused() {
    assert_eq!(
        pick(&PAYMENT, json!({"type": 3})),
        Err("no variant of `Payment` accepts the value: `Card`: property `type`: an integer, not a string; `Bank`: property `type`: an integer, not a string".to_owned())
    );
    assert_eq!(
        pick(&PAYMENT, json!({"type": "bank", "owner": {"age": 3}})),
        Err("no variant of `Payment` accepts the value: `Card`: missing property `number`; `Bank`: property `owner`: missing property `name`".to_owned())
    );
    assert_eq!(
        pick(&PAYMENT, json!([1])),
        Err("no variant of `Payment` accepts the value: `Card`: an array, not an object; `Bank`: an array, not an object".to_owned())
    );
}

static METADATA: Shape =
    Shape::Union(&[("Labels", &Shape::Map(&Shape::String)), ("Owner", &OWNER)]);

#[test]
fn a_map_declares_no_property() {
    // The map comes first and accepts the value too: the struct that
    // names one of its properties explains more.
    assert_eq!(pick(&METADATA, json!({"name": "a", "x": "b"})), Ok("Owner"));
    assert_eq!(pick(&METADATA, json!({"x": "b"})), Ok("Labels"));
}

#[test]
fn scores_count_allowances_then_properties_then_listed_values() {
    let score = check(
        &BANK,
        &json!({"type": "bank", "iban": "x", "a": 1, "b": 2}),
        0,
    )
    .unwrap();
    assert_eq!((score.allowances, score.declared, score.listed), (2, 2, 1));
    let score = check(
        &CARD,
        &json!({"type": "other", "number": "1", "expiry": null}),
        0,
    )
    .unwrap();
    assert_eq!((score.allowances, score.declared, score.listed), (2, 3, 0));
    let score = check(
        &Shape::Array(&OWNER),
        &json!([{"name": "a"}, {"name": "b", "age": 1}]),
        0,
    )
    .unwrap();
    assert_eq!((score.allowances, score.declared, score.listed), (0, 3, 0));
}

static TAGGED: Shape = Shape::Tagged(
    "type",
    &[("card", 0), ("bank", 1), ("bank", 2)],
    &[("Card", &CARD), ("Bank", &BANK), ("BankWithOwner", &OWNED)],
);
static OWNED: Shape = Shape::Object(
    &[
        ("type", true, &Shape::Enum(&["bank"])),
        ("owner", true, &OWNER),
    ],
    Rest::Open,
);

#[test]
fn a_tag_shared_by_variants_picks_the_best_of_them() {
    assert_eq!(
        pick(&TAGGED, json!({"type": "card", "number": "1"})),
        Ok("Card")
    );
    assert_eq!(pick(&TAGGED, json!({"type": "bank"})), Ok("Bank"));
    assert_eq!(
        pick(
            &TAGGED,
            json!({"type": "bank", "owner": {"name": "a"}, "x": 1})
        ),
        Ok("BankWithOwner")
    );
    assert_eq!(pick(&TAGGED, json!({"type": "cash"})), Ok("Unknown"));
    assert_eq!(
        pick(&TAGGED, json!({"kind": "cash"})),
        Err("missing discriminator property `type`".to_owned())
    );
}
