//! The API as a Rust user of the generated crate sees it: method names,
//! Rust types, fields, enum values, error statuses, defaults and bounds. It
//! is stored in the output folder's manifest, so that the next regeneration
//! can report what changed without the old spec.

use crate::ir::rust::RustType;
use crate::ir::{Api, Constraints, Number, TypeKind, TypeRef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Surface {
    /// The spec's `info.version`.
    pub version: String,
    /// By operation id.
    pub operations: BTreeMap<String, OperationSurface>,
    /// By Rust type name.
    pub types: BTreeMap<String, TypeSurface>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// The client method, e.g. `create_session`.
    pub method: String,
    /// `POST /sessions`.
    pub http: String,
    /// The path-parameter arguments, `name: Type`, in order.
    #[serde(default)]
    pub args: Vec<String>,
    /// The body parameter's Rust type, if any.
    pub body: Option<String>,
    /// The query/header parameters struct, if any.
    #[serde(default)]
    pub params: Option<String>,
    /// The success type (`()` without a body).
    pub returns: String,
    /// Documented error statuses, with their body types.
    pub errors: BTreeMap<String, Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeSurface {
    Struct {
        /// By wire name.
        fields: BTreeMap<String, FieldSurface>,
        /// Whether the type implements `Default` (so new optional fields do
        /// not break `..Default::default()` literals).
        default: bool,
        /// Sent in requests.
        request: bool,
    },
    Enum {
        values: Vec<String>,
    },
    Union {
        variants: Vec<String>,
    },
    Alias {
        target: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSurface {
    /// The Rust field name.
    pub name: String,
    /// The Rust type, wrappers included: `Nullable<ProxyCountryCode>`.
    pub rust_type: String,
    pub required: bool,
    pub nullable: bool,
    /// The spec's default, as JSON.
    pub default: Option<String>,
    /// The constraints checked before sending, as text (`320 ≤ value ≤ 6144`).
    pub bounds: Option<String>,
}

fn bounds(c: &Constraints) -> Option<String> {
    let mut parts = Vec::new();
    let num = |n: Number| n.to_string();
    match (&c.minimum, &c.maximum) {
        (Some(lo), Some(hi)) => parts.push(format!(
            "{} {} value {} {}",
            num(lo.value),
            if lo.exclusive { "<" } else { "≤" },
            if hi.exclusive { "<" } else { "≤" },
            num(hi.value)
        )),
        (Some(lo), None) => parts.push(format!(
            "value {} {}",
            if lo.exclusive { ">" } else { "≥" },
            num(lo.value)
        )),
        (None, Some(hi)) => parts.push(format!(
            "value {} {}",
            if hi.exclusive { "<" } else { "≤" },
            num(hi.value)
        )),
        (None, None) => {}
    }
    if c.min_length.is_some() || c.max_length.is_some() {
        parts.push(format!(
            "length {}..={}",
            c.min_length.unwrap_or(0),
            c.max_length.map(|n| n.to_string()).unwrap_or_default()
        ));
    }
    if let Some(p) = &c.pattern {
        parts.push(format!("pattern {p}"));
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        parts.push(format!(
            "items {}..={}",
            c.min_items.unwrap_or(0),
            c.max_items.map(|n| n.to_string()).unwrap_or_default()
        ));
    }
    if let Some(items) = c.items.as_deref().and_then(bounds) {
        parts.push(format!("each item: {items}"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The short Rust label of a type reference.
fn type_label(t: &TypeRef) -> String {
    RustType::of(t).to_string()
}

impl Surface {
    pub fn of(api: &Api) -> Surface {
        let operations = api
            .operations
            .iter()
            .map(|op| {
                let surface = OperationSurface {
                    method: op.method_name.trim_start_matches("r#").to_owned(),
                    http: format!("{} {}", op.method.wire(), op.path),
                    args: op
                        .path_params
                        .iter()
                        .map(|p| {
                            format!("{}: {}", p.arg.trim_start_matches("r#"), type_label(&p.ty))
                        })
                        .collect(),
                    body: op.body.as_ref().map(|b| type_label(&b.ty)),
                    params: op.params.as_ref().map(|p| type_label(&p.ty)),
                    returns: RustType::output(op).to_string(),
                    errors: op
                        .errors
                        .iter()
                        .map(|e| (e.status.to_string(), e.ty.as_ref().map(type_label)))
                        .collect(),
                };
                (op.operation_id.clone(), surface)
            })
            // An operation's other methods (its body in another media type,
            // its success as events) follow its first, under its id and name.
            .fold(BTreeMap::new(), |mut operations, (id, surface)| {
                let key = if operations.contains_key(&id) {
                    format!("{id} ({})", surface.method)
                } else {
                    id
                };
                operations.insert(key, surface);
                operations
            });
        let types = api
            .types
            .iter()
            .map(|t| {
                let surface = match &t.kind {
                    TypeKind::Struct(s) => TypeSurface::Struct {
                        fields: s
                            .fields
                            .iter()
                            .map(|f| {
                                (
                                    f.wire_name.clone(),
                                    FieldSurface {
                                        name: f.name.trim_start_matches("r#").to_owned(),
                                        rust_type: RustType::field(f).to_string(),
                                        required: f.required,
                                        nullable: f.nullable,
                                        default: f.default_json.as_ref().map(|d| d.to_string()),
                                        bounds: if t.in_request {
                                            bounds(&f.constraints)
                                        } else {
                                            None
                                        },
                                    },
                                )
                            })
                            .collect(),
                        default: s.default != crate::ir::DefaultImpl::None,
                        request: t.in_request,
                    },
                    TypeKind::Enum(e) => TypeSurface::Enum {
                        values: e.values.iter().map(|v| v.wire.clone()).collect(),
                    },
                    TypeKind::Union(u) => TypeSurface::Union {
                        variants: u
                            .variants
                            .iter()
                            .map(|v| format!("{}({})", v.name, type_label(&v.ty)))
                            .collect(),
                    },
                    TypeKind::Alias(target) => TypeSurface::Alias {
                        target: type_label(target),
                    },
                };
                (t.name.trim_start_matches("r#").to_owned(), surface)
            })
            .collect();
        Surface {
            version: api.version.clone(),
            operations,
            types,
        }
    }
}
