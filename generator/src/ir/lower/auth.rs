//! Security: the schemes the client sends credentials for, and each
//! operation's requirement (alternatives of schemes sent together).
//!
//! [`requirements`] reads an operation's requirement as the spec writes it;
//! [`Lowerer::auth`], once every operation is known, resolves the schemes,
//! warns (once each) about schemes that are undefined or not supported and
//! drops them from the requirements, and names each scheme's builder setter
//! and environment variables.

use super::*;
use crate::load::schemes::SET_ASIDE;

/// The operation's security requirement as written: its own `security`, or
/// the document's. Every scheme named is kept here; [`Lowerer::auth`]
/// drops those the client cannot send.
pub(super) fn requirements(
    doc: &OpenAPI,
    op: &openapiv3::Operation,
    ptr: &Pointer,
) -> Vec<Requirement> {
    match (&op.security, &doc.security) {
        (Some(list), _) => written(list, &ptr.push("security")),
        (None, Some(list)) => written(list, &Pointer::root().push("security")),
        (None, None) => Vec::new(),
    }
}

fn written(list: &[openapiv3::SecurityRequirement], base: &Pointer) -> Vec<Requirement> {
    list.iter()
        .enumerate()
        .map(|(i, req)| Requirement {
            schemes: req
                .iter()
                .map(|(scheme, scopes)| SchemeUse {
                    scheme: scheme.clone(),
                    scopes: scopes.clone(),
                })
                .collect(),
            pointer: base.push(i),
        })
        .collect()
}

/// What a scheme's name resolves to.
enum Resolved {
    Supported(SchemeKind, Option<String>, Pointer),
    /// Defined, but the client cannot send it: why.
    Unsupported(String, Pointer),
    Undefined,
}

impl<'a> Lowerer<'a> {
    /// Resolves the schemes the operations use and settles their
    /// requirements; `None` when no operation sends credentials.
    pub(super) fn auth(&mut self, operations: &mut [Operation]) -> Option<Auth> {
        let mut resolved: BTreeMap<String, Resolved> = BTreeMap::new();
        let mut used: Vec<String> = Vec::new();
        // Warned about already: unsupported schemes, and undefined names by
        // requirement (the document's `security` is every operation's).
        let mut warned: BTreeSet<String> = BTreeSet::new();
        let global = self
            .doc
            .security
            .as_ref()
            .map(|list| written(list, &Pointer::root().push("security")));
        let mut default: Vec<Requirement> = Vec::new();
        let mut required = true;
        for op in operations.iter_mut() {
            let reqs = std::mem::take(&mut op.security_schemes);
            op.security_schemes = self.settle(reqs, &mut resolved, &mut used, &mut warned);
            let reqs = &op.security_schemes;
            op.requires_auth = !reqs.is_empty() && reqs.iter().all(|r| !r.schemes.is_empty());
            required &= op.requires_auth;
            if global.is_none() {
                for r in reqs {
                    if !default.iter().any(|d| d.schemes == r.schemes) {
                        default.push(r.clone());
                    }
                }
            }
        }
        if used.is_empty() {
            return None;
        }
        if let Some(global) = global {
            let mut scratch = Vec::new();
            default = self
                .settle(global, &mut resolved, &mut scratch, &mut warned)
                .into_iter()
                .filter(|r| r.schemes.iter().all(|s| used.contains(&s.scheme)))
                .collect();
        }
        let schemes = self.name_schemes(&used, &resolved);
        Some(Auth {
            schemes,
            default,
            required,
        })
    }

    /// Drops the schemes the client cannot send from `written`, warning
    /// once about each; a requirement left empty by that is dropped, one
    /// written empty (`{}`: no credentials needed) is kept.
    fn settle(
        &mut self,
        written: Vec<Requirement>,
        resolved: &mut BTreeMap<String, Resolved>,
        used: &mut Vec<String>,
        warned: &mut BTreeSet<String>,
    ) -> Vec<Requirement> {
        let mut out = Vec::new();
        for req in written {
            let was_empty = req.schemes.is_empty();
            let mut kept = Vec::new();
            for s in req.schemes {
                if !resolved.contains_key(&s.scheme) {
                    let r = self.resolve(&s.scheme);
                    resolved.insert(s.scheme.clone(), r);
                }
                match resolved.get(&s.scheme) {
                    Some(Resolved::Supported(..)) => {
                        if !used.contains(&s.scheme) {
                            used.push(s.scheme.clone());
                        }
                        kept.push(s);
                    }
                    Some(Resolved::Unsupported(why, ptr)) => {
                        if warned.insert(ptr.to_string()) {
                            self.diags.warning(ptr, why.clone());
                        }
                    }
                    Some(Resolved::Undefined) | None => {
                        let ptr = req.pointer.push(&s.scheme);
                        if warned.insert(ptr.to_string()) {
                            self.diags.warning(
                                &ptr,
                                format!("the security requirement names `{}`, which `components/securitySchemes` does not define: it is left out of the requirement, and an alternative left without schemes is dropped", s.scheme),
                            );
                        }
                    }
                }
            }
            if was_empty || !kept.is_empty() {
                out.push(Requirement {
                    schemes: kept,
                    pointer: req.pointer,
                });
            }
        }
        out
    }

    /// What the scheme of this name is, following `$ref`s between schemes.
    fn resolve(&self, name: &str) -> Resolved {
        match locate(self.doc.components.as_ref(), name) {
            Ok((scheme, current, ptr)) => written_kind(scheme, &current, ptr),
            Err(settled) => settled,
        }
    }

    /// The schemes, named: a kind used by one scheme gets its usual setter
    /// (`api_key`, `basic_auth`, `bearer_token`, `access_token`); kinds used
    /// by several name each setter after its scheme.
    fn name_schemes(
        &mut self,
        used: &[String],
        resolved: &BTreeMap<String, Resolved>,
    ) -> Vec<Scheme> {
        fn family(kind: &SchemeKind) -> &'static str {
            match kind {
                SchemeKind::Basic => "basic_auth",
                SchemeKind::Bearer { .. } => "bearer_token",
                SchemeKind::ApiKey { .. } => "api_key",
                SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect { .. } => "access_token",
                SchemeKind::MutualTls => "mutual_tls",
            }
        }
        let kinds: Vec<(&String, &SchemeKind, &Option<String>, &Pointer)> = used
            .iter()
            .filter_map(|name| match resolved.get(name) {
                Some(Resolved::Supported(kind, description, ptr)) => {
                    Some((name, kind, description, ptr))
                }
                _ => None,
            })
            .collect();
        let mut setters = Namespace::with_reserved(naming::BUILDER_METHODS);
        let mut variants = Namespace::default();
        let mut out = Vec::new();
        for (name, kind, description, ptr) in &kinds {
            let fam = family(kind);
            let alone = kinds.iter().filter(|(_, k, ..)| family(k) == fam).count() == 1;
            let setter = setters.claim(if alone {
                fam.to_owned()
            } else {
                // After the scheme, saying what it takes: `admin_key`,
                // `partner_token`, `legacy_auth`.
                let base = naming::field_name(name);
                let (word, suffix) = match kind {
                    SchemeKind::ApiKey { .. } => ("key", "_key"),
                    SchemeKind::Basic => ("auth", "_auth"),
                    _ => ("token", "_token"),
                };
                if base.contains(word) {
                    base
                } else {
                    naming::field_name(&format!("{}{suffix}", base.trim_start_matches("r#")))
                }
            });
            let bare = setter.trim_start_matches("r#").to_ascii_uppercase();
            let env = match kind {
                SchemeKind::MutualTls => Vec::new(),
                SchemeKind::Basic if alone => vec!["USERNAME".to_owned(), "PASSWORD".to_owned()],
                SchemeKind::Basic => vec![format!("{bare}_USERNAME"), format!("{bare}_PASSWORD")],
                SchemeKind::Bearer { .. } if alone => vec!["TOKEN".to_owned()],
                _ => vec![bare],
            };
            let variant = variants.claim(naming::type_name(&setter));
            out.push(Scheme {
                name: (*name).clone(),
                kind: (*kind).clone(),
                setter,
                provider_setter: None,
                grant_setter: None,
                variant,
                env,
                description: (*description).clone(),
                pointer: (*ptr).clone(),
            });
        }
        // The setters made from each (`api_key_provider`,
        // `access_client_credentials`), claimed after every scheme's own so
        // that those keep their names, and never taking one of them.
        for s in &mut out {
            if s.kind.renews() {
                s.provider_setter = Some(setters.claim(naming::provider_setter(&s.setter)));
            }
            if s.kind.client_credentials_url().is_some() {
                s.grant_setter = Some(setters.claim(naming::grant_setter(&s.setter)));
            }
        }
        out
    }
}

/// The scheme of this name, following `$ref`s between schemes (at most
/// eight): the scheme, the name it is defined under and where. Else what
/// the name resolves to without one: a scheme the loader set aside (of a
/// type OpenAPI 3.0 does not define), or nothing.
fn locate<'d>(
    components: Option<&'d openapiv3::Components>,
    name: &str,
) -> Result<(&'d openapiv3::SecurityScheme, String, Pointer), Resolved> {
    let mut ptr = Pointer::root()
        .push("components")
        .push("securitySchemes")
        .push(name);
    let mut current = name.to_owned();
    let mut hops = 0;
    loop {
        match components.and_then(|c| c.security_schemes.get(&current)) {
            Some(ReferenceOr::Item(scheme)) => return Ok((scheme, current, ptr)),
            Some(ReferenceOr::Reference { reference }) => {
                match component_in(reference, "securitySchemes") {
                    Some(next) if hops < 8 => {
                        ptr = Pointer::root()
                            .push("components")
                            .push("securitySchemes")
                            .push(&next);
                        current = next;
                        hops += 1;
                    }
                    _ => return Err(Resolved::Undefined),
                }
            }
            None => return Err(set_aside(components, &current, ptr)),
        }
    }
}

/// A scheme the loader set aside under this name because `openapiv3`
/// cannot read it: OpenAPI 3.1's `mutualTLS` is supported, any other type
/// is not.
fn set_aside(components: Option<&openapiv3::Components>, current: &str, ptr: Pointer) -> Resolved {
    let aside = components
        .and_then(|c| c.extensions.get(SET_ASIDE))
        .and_then(|a| a.get(current));
    match aside {
        Some(scheme) => {
            let ty = scheme.get("type").and_then(Value::as_str).unwrap_or("");
            let description = scheme
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if ty == "mutualTLS" {
                Resolved::Supported(SchemeKind::MutualTls, description, ptr)
            } else {
                Resolved::Unsupported(
                    format!("security scheme `{current}` has the type `{ty}`, which OpenAPI does not define; requests are sent without its credentials"),
                    ptr,
                )
            }
        }
        None => Resolved::Undefined,
    }
}

/// What a scheme the document defines (as `current`, at `ptr`) is to the
/// client.
fn written_kind(scheme: &openapiv3::SecurityScheme, current: &str, ptr: Pointer) -> Resolved {
    match scheme {
        openapiv3::SecurityScheme::APIKey {
            location,
            name: param,
            description,
            ..
        } => api_key(location, param, description, current, ptr),
        openapiv3::SecurityScheme::HTTP {
            scheme: s,
            bearer_format,
            description,
            ..
        } => {
            if s.eq_ignore_ascii_case("basic") {
                Resolved::Supported(SchemeKind::Basic, description.clone(), ptr)
            } else if s.eq_ignore_ascii_case("bearer") {
                Resolved::Supported(
                    SchemeKind::Bearer {
                        format: bearer_format.clone(),
                    },
                    description.clone(),
                    ptr,
                )
            } else {
                Resolved::Unsupported(
                    format!("security scheme `{current}` uses HTTP `{s}` authentication, which the client does not implement (only `basic` and `bearer`): requests are sent without its credentials; add the `Authorization` header yourself with `RequestOptions::header`, or give the builder a `reqwest::Client` that authenticates"),
                    ptr,
                )
            }
        }
        openapiv3::SecurityScheme::OAuth2 {
            flows, description, ..
        } => Resolved::Supported(
            SchemeKind::OAuth2 {
                flows: oauth_flows(flows),
            },
            description.clone(),
            ptr,
        ),
        openapiv3::SecurityScheme::OpenIDConnect {
            open_id_connect_url,
            description,
            ..
        } => Resolved::Supported(
            SchemeKind::OpenIdConnect {
                url: open_id_connect_url.clone(),
            },
            description.clone(),
            ptr,
        ),
    }
}

/// An API key: supported in the query, or in a header or cookie whose name
/// is an HTTP token.
fn api_key(
    location: &openapiv3::APIKeyLocation,
    param: &str,
    description: &Option<String>,
    current: &str,
    ptr: Pointer,
) -> Resolved {
    let location = match location {
        openapiv3::APIKeyLocation::Header => KeyLocation::Header,
        openapiv3::APIKeyLocation::Query => KeyLocation::Query,
        openapiv3::APIKeyLocation::Cookie => KeyLocation::Cookie,
    };
    // A header or cookie name is an HTTP token.
    let token = !param.is_empty()
        && param
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if location != KeyLocation::Query && !token {
        return Resolved::Unsupported(
            format!("security scheme `{current}` names the {} `{param}`, which is not a valid HTTP name; requests are sent without its credentials", if location == KeyLocation::Header { "header" } else { "cookie" }),
            ptr,
        );
    }
    Resolved::Supported(
        SchemeKind::ApiKey {
            location,
            name: param.to_owned(),
        },
        description.clone(),
        ptr,
    )
}

/// An OAuth 2.0 scheme's flows, for the documentation, in a fixed order.
fn oauth_flows(flows: &openapiv3::OAuth2Flows) -> Vec<OAuthFlow> {
    let mut out = Vec::new();
    let scopes =
        |s: &IndexMap<String, String>| s.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    if let Some(f) = &flows.authorization_code {
        out.push(OAuthFlow {
            flow: "authorizationCode".into(),
            authorization_url: Some(f.authorization_url.clone()),
            token_url: Some(f.token_url.clone()),
            refresh_url: f.refresh_url.clone(),
            scopes: scopes(&f.scopes),
        });
    }
    if let Some(f) = &flows.client_credentials {
        out.push(OAuthFlow {
            flow: "clientCredentials".into(),
            authorization_url: None,
            token_url: Some(f.token_url.clone()),
            refresh_url: f.refresh_url.clone(),
            scopes: scopes(&f.scopes),
        });
    }
    if let Some(f) = &flows.implicit {
        out.push(OAuthFlow {
            flow: "implicit".into(),
            authorization_url: Some(f.authorization_url.clone()),
            token_url: None,
            refresh_url: f.refresh_url.clone(),
            scopes: scopes(&f.scopes),
        });
    }
    if let Some(f) = &flows.password {
        out.push(OAuthFlow {
            flow: "password".into(),
            authorization_url: None,
            token_url: Some(f.token_url.clone()),
            refresh_url: f.refresh_url.clone(),
            scopes: scopes(&f.scopes),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostics;

    fn setters(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let mut diags = Diagnostics::default();
        let Ok(loaded) = crate::load::load(text, &mut diags) else {
            panic!("the document loads");
        };
        let api = crate::ir::lower(&loaded.openapi, &[], &mut diags);
        let auth = api
            .auth
            .unwrap_or_else(|| panic!("the document has schemes"));
        auth.schemes
            .into_iter()
            .map(|s| (s.setter, s.provider_setter, s.grant_setter))
            .collect()
    }

    fn doc(schemes: &str, used: &[&str]) -> String {
        let security: Vec<String> = used.iter().map(|s| format!("{{{s}: []}}")).collect();
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nsecurity: [{}]\npaths:\n  /a:\n    get:\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  securitySchemes:\n{schemes}",
            security.join(", ")
        )
    }

    #[test]
    fn the_setters_made_from_a_schemes_never_take_another_ones() {
        // `admin`'s provider setter would be `admin_key_provider`, which is
        // the second scheme's own setter: that one keeps it.
        let text = doc(
            "    admin: {type: apiKey, in: header, name: X-Admin}\n    admin_key_provider: {type: apiKey, in: query, name: k}\n    basic: {type: http, scheme: basic}\n    oauth:\n      type: oauth2\n      flows:\n        clientCredentials: {tokenUrl: /token, scopes: {}}\n",
            &["admin", "admin_key_provider", "basic", "oauth"],
        );
        let s = |a: &str, p: Option<&str>, g: Option<&str>| {
            (a.to_owned(), p.map(str::to_owned), g.map(str::to_owned))
        };
        assert_eq!(
            setters(&text),
            [
                s("admin_key", Some("admin_key_provider_2"), None),
                s(
                    "admin_key_provider",
                    Some("admin_key_provider_provider"),
                    None
                ),
                s("basic_auth", None, None),
                s(
                    "access_token",
                    Some("access_token_provider"),
                    Some("access_client_credentials")
                ),
            ]
        );
    }
}
