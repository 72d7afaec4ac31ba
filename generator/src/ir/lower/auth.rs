//! Security: the one scheme the client authenticates with.

use super::*;

impl<'a> Lowerer<'a> {
    pub(super) fn auth(&mut self, operations: &[Operation]) -> Option<Auth> {
        let mut used: Vec<&str> = Vec::new();
        for scheme in operations.iter().flat_map(|o| &o.security_schemes) {
            if !used.contains(&scheme.as_str()) {
                used.push(scheme);
            }
        }
        let schemes = self.doc.components.as_ref().map(|c| &c.security_schemes);
        let mut chosen: Option<Auth> = None;
        for name in used {
            let ptr = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name);
            let Some(ReferenceOr::Item(scheme)) = schemes.and_then(|s| s.get(name)) else {
                self.diags.error(
                    &ptr,
                    format!("security scheme `{name}` is used but not defined"),
                );
                continue;
            };
            let (location, description) = match scheme {
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name: param,
                    description,
                    ..
                } => {
                    match location {
                        openapiv3::APIKeyLocation::Header => {
                            (AuthLocation::Header(param.clone()), description)
                        }
                        openapiv3::APIKeyLocation::Query => {
                            (AuthLocation::Query(param.clone()), description)
                        }
                        openapiv3::APIKeyLocation::Cookie => {
                            self.diags.warning(&ptr, "API keys in cookies are not supported; requests are sent without it");
                            continue;
                        }
                    }
                }
                openapiv3::SecurityScheme::HTTP {
                    scheme: s,
                    description,
                    ..
                } if s.eq_ignore_ascii_case("bearer") => (AuthLocation::Bearer, description),
                _ => {
                    self.diags.warning(&ptr, format!("security scheme `{name}` is not supported (only API keys and bearer tokens); requests are sent without it"));
                    continue;
                }
            };
            if let Some(first) = &chosen {
                self.diags.warning(&ptr, format!("only one security scheme is supported; `{}` is used and `{name}` is ignored", first.scheme));
                continue;
            }
            chosen = Some(Auth {
                scheme: name.to_owned(),
                location,
                required: operations.iter().any(|o| o.requires_auth),
                description: description.clone(),
                pointer: ptr,
            });
        }
        chosen
    }
}
