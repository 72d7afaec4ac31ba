//! Authentication: the security schemes the client sends credentials for,
//! and the requirements (alternatives of schemes with their scopes) that
//! operations name.

use super::pointer;
use crate::diag::Pointer;
use serde::Serialize;

/// How the client authenticates: the security schemes its operations use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Auth {
    /// Each scheme the operations use, in the order of first use.
    pub schemes: Vec<Scheme>,
    /// The requirement applied to requests made for code of the user's own
    /// (`Client::request`): the document's `security`, or else the
    /// operations' alternatives, in order of first use.
    pub default: Vec<Requirement>,
    /// Every operation requires credentials: a client built without any
    /// is an error.
    pub required: bool,
}

impl Auth {
    /// The scheme of this name (its key in `components/securitySchemes`).
    pub fn scheme(&self, name: &str) -> Option<&Scheme> {
        self.schemes.iter().find(|s| s.name == name)
    }
}

/// A security scheme the client sends credentials for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scheme {
    /// The scheme's key in `components/securitySchemes`.
    pub name: String,
    pub kind: SchemeKind,
    /// The builder's setter, e.g. `api_key`, `basic_auth`, `bearer_token`.
    pub setter: String,
    /// The builder's setter of a provider of its credential, when it can
    /// renew (a key or a token): `api_key_provider`.
    pub provider_setter: Option<String>,
    /// The builder's setter of its OAuth 2.0 client-credentials grant, when
    /// the spec gives that flow's token URL: `access_client_credentials`.
    pub grant_setter: Option<String>,
    /// Its variant in the generated `Scheme` enum, e.g. `ApiKey`.
    pub variant: String,
    /// The environment variables `Client::from_env` reads it from, after
    /// the crate's prefix and `_`: `API_KEY`, or `USERNAME` and `PASSWORD`.
    /// None for mutual TLS.
    pub env: Vec<String>,
    pub description: Option<String>,
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SchemeKind {
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// `Authorization: Bearer <token>`, with the spec's `bearerFormat`.
    Bearer { format: Option<String> },
    /// An API key in a header, the query or a cookie of this name.
    ApiKey { location: KeyLocation, name: String },
    /// OAuth 2.0: the user obtains the access token; it is sent as a bearer token.
    OAuth2 { flows: Vec<OAuthFlow> },
    /// OpenID Connect: the user obtains the access token; it is sent as a bearer token.
    OpenIdConnect { url: String },
    /// TLS client certificates: configured on the user's own `reqwest::Client`.
    MutualTls,
}

impl SchemeKind {
    /// Whether its credential can come from a provider, and so renew: a
    /// key or a token (HTTP basic is given once; mutual TLS is the HTTP
    /// client's).
    pub fn renews(&self) -> bool {
        !matches!(self, SchemeKind::Basic | SchemeKind::MutualTls)
    }

    /// The token URL of its OAuth 2.0 `clientCredentials` flow.
    pub fn client_credentials_url(&self) -> Option<&str> {
        match self {
            SchemeKind::OAuth2 { flows } => flows
                .iter()
                .find(|f| f.flow == "clientCredentials")
                .and_then(|f| f.token_url.as_deref()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// One OAuth 2.0 flow, for the documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OAuthFlow {
    /// `authorizationCode`, `clientCredentials`, `implicit` or `password`.
    pub flow: String,
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub refresh_url: Option<String>,
    /// Scope → description, in the spec's order.
    pub scopes: Vec<(String, String)>,
}

/// One alternative of a security requirement: the schemes sent together,
/// with the scopes each needs. An empty one means no credentials are needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    pub schemes: Vec<SchemeUse>,
    /// Where the requirement is, e.g. `/paths/~1pets/get/security/0`.
    #[serde(serialize_with = "pointer")]
    pub pointer: Pointer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemeUse {
    /// The scheme's key in `components/securitySchemes`.
    pub scheme: String,
    pub scopes: Vec<String>,
}
