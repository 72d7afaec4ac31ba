//! Credentials that renew: a [`CredentialsProvider`] gives the client the
//! key or token of a security scheme, asked before each attempt of each
//! call, instead of one value given once to the builder.
//!
//! - **Asked before each attempt.** The client keeps no value between
//!   calls: a provider that fetches a token (from a vault, a token
//!   endpoint) decides how long to keep it. [`Cached`] keeps a
//!   [`Secret`] until shortly before its expiry, so that you do not write
//!   that yourself.
//! - **A 401 renews once.** When the server answers 401 to a request that
//!   carried a provider's credential, the provider is asked to
//!   [`refresh`](CredentialsProvider::refresh) it (given the rejected
//!   value), and the request is sent once more with the new value, at once,
//!   whatever its method (the server refused it before acting on it). That
//!   retry is not counted by the [`RetryPolicy`](crate::RetryPolicy). A
//!   second 401 is the call's [`Error::Api`](crate::Error::Api).
//! - **One refresh for many calls.** Calls that get a 401 for the same
//!   value at the same time share one refresh: the first asks the
//!   provider, the others wait for it and retry with its result.
//! - **Errors.** A provider's error ends the call with
//!   [`Error::Credentials`](crate::Error::Credentials), before the request
//!   is sent; it is not retried.
//! - **Never printed.** A [`Secret`]'s `Debug` is redacted, and no error
//!   message or `tracing` field holds a credential.
//!
//! HTTP basic credentials are given once to the builder: they do not
//! renew. A closure makes a provider with [`provider_fn`]; an OAuth 2.0
//! client-credentials grant is [`ClientCredentials`] (the builder has a
//! setter for each scheme of the spec with that flow).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use crate::error::ProviderError;

/// A future a provider returns: boxed, so that the trait is object safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A credential's value (a key or a token, without its `Bearer ` prefix),
/// and when it expires, if it does. Its `Debug` never shows the value; two
/// secrets are equal when their values are.
#[derive(Clone)]
pub struct Secret {
    value: Arc<str>,
    expires_at: Option<Instant>,
    /// When it was made: [`Cached`] renews it before its expiry by a part
    /// of its lifetime.
    made_at: Instant,
}

impl Secret {
    /// A value that does not expire (until the server rejects it).
    pub fn new(value: impl Into<String>) -> Self {
        let value: String = value.into();
        Secret {
            value: Arc::from(value),
            expires_at: None,
            made_at: Instant::now(),
        }
    }

    /// The value, expiring `lifetime` from now (e.g. an OAuth 2.0
    /// `expires_in`).
    #[must_use]
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_at = Instant::now().checked_add(lifetime);
        self
    }

    /// The value, expiring at `instant`.
    #[must_use]
    pub fn expires_at(mut self, instant: Instant) -> Self {
        self.expires_at = Some(instant);
        self
    }

    /// When it expires, if it does.
    pub fn expiry(&self) -> Option<Instant> {
        self.expires_at
    }

    /// The value itself: for sending it, never for logging it.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// Whether [`Cached`] may still give it at `now`: before its expiry by
    /// `margin`, or by half its lifetime when that is shorter.
    fn fresh(&self, now: Instant, margin: Duration) -> bool {
        match self.expires_at {
            None => true,
            Some(at) => {
                let lifetime = at.saturating_duration_since(self.made_at);
                let margin = margin.min(lifetime / 2);
                now.checked_add(margin).is_some_and(|t| t < at)
            }
        }
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("value", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// What gives the client a credential: asked before each attempt of each
/// call that needs it, and asked to refresh it when the server answers 401.
///
/// Implement it, or make one from a closure with [`provider_fn`], and give
/// it to the builder's `…_provider` setter of the scheme. Wrap it in
/// [`Cached`] unless it keeps its value itself.
pub trait CredentialsProvider: Send + Sync + 'static {
    /// The credential to send now.
    fn credential(&self) -> BoxFuture<'_, Result<Secret, ProviderError>>;

    /// A new credential, after the server rejected `rejected` with a 401.
    /// By default, [`credential`](CredentialsProvider::credential) again.
    fn refresh<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Secret, ProviderError>> {
        let _ = rejected;
        self.credential()
    }
}

impl<P: CredentialsProvider + ?Sized> CredentialsProvider for Arc<P> {
    fn credential(&self) -> BoxFuture<'_, Result<Secret, ProviderError>> {
        (**self).credential()
    }

    fn refresh<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Secret, ProviderError>> {
        (**self).refresh(rejected)
    }
}

/// A provider made from a closure (see [`provider_fn`]).
pub struct FnProvider<F>(F);

impl<F> fmt::Debug for FnProvider<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FnProvider")
    }
}

/// A provider that calls `f` for each credential (and for a refresh):
/// `provider_fn(|| async { Ok(Secret::new(read_key().await?)) })`.
pub fn provider_fn<F, Fut>(f: F) -> FnProvider<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Secret, ProviderError>> + Send + 'static,
{
    FnProvider(f)
}

impl<F, Fut> CredentialsProvider for FnProvider<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Secret, ProviderError>> + Send + 'static,
{
    fn credential(&self) -> BoxFuture<'_, Result<Secret, ProviderError>> {
        Box::pin((self.0)())
    }
}

/// A provider that keeps the [`Secret`] another gives until shortly before
/// it expires ([`Cached::DEFAULT_MARGIN`], or half its lifetime when that
/// is shorter), or, without an expiry, until the server rejects it. One
/// fetch at a time: calls that find it stale wait for the same one.
pub struct Cached<P> {
    inner: P,
    margin: Duration,
    current: Mutex<Option<Secret>>,
    fetching: tokio::sync::Mutex<()>,
}

impl<P> fmt::Debug for Cached<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cached")
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

impl<P: CredentialsProvider> Cached<P> {
    /// How long before its expiry a secret is renewed, unless configured.
    pub const DEFAULT_MARGIN: Duration = Duration::from_secs(30);

    /// Keeps what `inner` gives.
    pub fn new(inner: P) -> Self {
        Cached {
            inner,
            margin: Self::DEFAULT_MARGIN,
            current: Mutex::new(None),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// Renews a secret this long before its expiry.
    #[must_use]
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    fn kept(&self) -> Option<Secret> {
        let current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        current
            .as_ref()
            .filter(|s| s.fresh(Instant::now(), self.margin))
            .cloned()
    }

    fn keep(&self, secret: &Secret) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        *current = Some(secret.clone());
    }
}

impl<P: CredentialsProvider> CredentialsProvider for Cached<P> {
    fn credential(&self) -> BoxFuture<'_, Result<Secret, ProviderError>> {
        Box::pin(async move {
            if let Some(secret) = self.kept() {
                return Ok(secret);
            }
            let _one = self.fetching.lock().await;
            if let Some(secret) = self.kept() {
                return Ok(secret);
            }
            let secret = self.inner.credential().await?;
            self.keep(&secret);
            Ok(secret)
        })
    }

    fn refresh<'a>(&'a self, rejected: &'a Secret) -> BoxFuture<'a, Result<Secret, ProviderError>> {
        Box::pin(async move {
            let _one = self.fetching.lock().await;
            // Renewed by another call since `rejected` was given.
            if let Some(secret) = self.kept().filter(|s| s != rejected) {
                return Ok(secret);
            }
            let secret = self.inner.refresh(rejected).await?;
            self.keep(&secret);
            Ok(secret)
        })
    }
}

/// A provider of a scheme, as the client holds it: the user's provider and
/// the one refresh in flight that concurrent calls share.
pub(crate) struct Renewing {
    provider: Box<dyn CredentialsProvider>,
    /// How many refreshes were made: a call that got its credential before
    /// the last refresh uses that refresh's value.
    generation: AtomicU64,
    /// The last refresh's value, held while a refresh runs.
    last: tokio::sync::Mutex<Option<Secret>>,
}

impl Renewing {
    #[allow(dead_code)]
    pub(crate) fn new(provider: impl CredentialsProvider) -> Self {
        Renewing {
            provider: Box::new(provider),
            generation: AtomicU64::new(0),
            last: tokio::sync::Mutex::new(None),
        }
    }

    async fn current(&self) -> Result<(Secret, u64), ProviderError> {
        let generation = self.generation.load(Ordering::Acquire);
        Ok((self.provider.credential().await?, generation))
    }

    /// A new value for `rejected`, got at `generation`: one refresh for
    /// every call rejected with the same value.
    async fn renewed(&self, rejected: &Secret, generation: u64) -> Result<Secret, ProviderError> {
        let mut last = self.last.lock().await;
        if self.generation.load(Ordering::Acquire) > generation {
            if let Some(secret) = last.as_ref().filter(|s| *s != rejected) {
                return Ok(secret.clone());
            }
        }
        let secret = self.provider.refresh(rejected).await?;
        *last = Some(secret.clone());
        self.generation.fetch_add(1, Ordering::AcqRel);
        Ok(secret)
    }
}

/// Where a scheme's credential goes in a request.
#[derive(Clone)]
#[allow(dead_code)]
pub(crate) enum Place {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A header of its own, holding the value as it is.
    Header(reqwest::header::HeaderName),
    /// A query parameter.
    Query(&'static str),
    /// A cookie of this name, in the `Cookie` header.
    Cookie(&'static str),
}

/// The credentials of one call that come from providers: asked before each
/// attempt, renewed once on a 401.
pub(crate) struct Auth<'a> {
    providers: Vec<(Place, &'a Renewing)>,
    renewed: AtomicBool,
}

/// The values one attempt sent, with the generation each was got at.
pub(crate) struct Used(Vec<(Secret, u64)>);

impl<'a> Auth<'a> {
    /// `None` without any provider.
    pub(crate) fn new(providers: Vec<(Place, &'a Renewing)>) -> Option<Self> {
        (!providers.is_empty()).then(|| Auth {
            providers,
            renewed: AtomicBool::new(false),
        })
    }

    /// Asks each provider and puts its credential in `request`.
    pub(crate) async fn attach(
        &self,
        request: &mut reqwest::Request,
    ) -> Result<Used, ProviderError> {
        let mut used = Vec::with_capacity(self.providers.len());
        for (place, renewing) in &self.providers {
            let (secret, generation) = renewing.current().await?;
            put(request, place, &secret)?;
            used.push((secret, generation));
        }
        Ok(Used(used))
    }

    /// After a 401 to `used`: the first time in this call, renews each
    /// value and puts the new ones in `request`; `false` when this call
    /// renewed already.
    pub(crate) async fn renew(
        &self,
        used: &Used,
        request: &mut reqwest::Request,
    ) -> Result<bool, ProviderError> {
        if self.renewed.swap(true, Ordering::AcqRel) {
            return Ok(false);
        }
        for ((place, renewing), (rejected, generation)) in self.providers.iter().zip(&used.0) {
            let secret = renewing.renewed(rejected, *generation).await?;
            put(request, place, &secret)?;
        }
        Ok(true)
    }
}

/// Puts a credential where its scheme sends it, marked sensitive.
fn put(
    request: &mut reqwest::Request,
    place: &Place,
    secret: &Secret,
) -> Result<(), ProviderError> {
    let invalid = || {
        ProviderError::new(
            "the provider's credential cannot be sent: it is not a valid header value",
        )
    };
    let value = |text: String| {
        let mut value = reqwest::header::HeaderValue::try_from(text).map_err(|_| invalid())?;
        value.set_sensitive(true);
        Ok::<_, ProviderError>(value)
    };
    match place {
        Place::Bearer => {
            let v = value(format!("Bearer {}", secret.expose()))?;
            request
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, v);
        }
        Place::Header(name) => {
            let v = value(secret.expose().to_owned())?;
            request.headers_mut().insert(name.clone(), v);
        }
        Place::Cookie(name) => {
            let cookie = format!("{name}={}", secret.expose());
            let joined = match request.headers().get(reqwest::header::COOKIE) {
                Some(previous) => {
                    format!("{}; {cookie}", String::from_utf8_lossy(previous.as_bytes()))
                }
                None => cookie,
            };
            let v = value(joined)?;
            request.headers_mut().insert(reqwest::header::COOKIE, v);
        }
        Place::Query(name) => {
            let mut url = request.url().as_str().to_owned();
            crate::encode::append_query(&mut url, &[(*name, secret.expose().to_owned())], true);
            *request.url_mut() = reqwest::Url::parse(&url).map_err(|_| {
                ProviderError::new("the provider's credential cannot be sent in the URL")
            })?;
        }
    }
    Ok(())
}

/// An OAuth 2.0 client-credentials grant (RFC 6749 §4.4): a token from the
/// token endpoint, asked with the client's id and secret. The builder's
/// `…_client_credentials` setter of a scheme with this flow uses the spec's
/// token URL (resolved against the base URL when it is relative), the
/// client's own HTTP client, and keeps each token until shortly before it
/// expires ([`Cached`]); a 401 from the API fetches a new one.
///
/// The request is `POST` with `grant_type=client_credentials` (and
/// `scope`, the scopes joined with spaces), the id and secret in an
/// `Authorization: Basic` header (RFC 6749 §2.3.1), or in the form with
/// [`ClientCredentials::credentials_in_body`]. The response's
/// `access_token` is sent as a bearer token, until its `expires_in`.
#[derive(Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: Secret,
    token_url: Option<String>,
    scopes: Vec<String>,
    in_body: bool,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("token_url", &self.token_url)
            .field("scopes", &self.scopes)
            .field("in_body", &self.in_body)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// The largest token response read, in bytes.
    const MAX_RESPONSE: usize = 64 * 1024;

    /// The grant of the client `client_id` with `client_secret`.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
            token_url: None,
            scopes: Vec::new(),
            in_body: false,
            http: None,
        }
    }

    /// The token endpoint, in place of the spec's (required when this
    /// provider is given to a `…_provider` setter).
    #[must_use]
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// The scopes to ask for (none by default: the server's default).
    #[must_use]
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Sends the id and secret as `client_id` and `client_secret` form
    /// fields rather than by HTTP basic.
    #[must_use]
    pub fn credentials_in_body(mut self) -> Self {
        self.in_body = true;
        self
    }

    /// The HTTP client of the token requests (by default, the API
    /// client's when given to its builder).
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// With the spec's token URL (`default`, resolved against `base` when
    /// relative) unless one was given, and the client's HTTP client unless
    /// one was given.
    #[allow(dead_code)]
    pub(crate) fn bind(
        mut self,
        default: &str,
        base: &reqwest::Url,
        http: &reqwest::Client,
    ) -> Self {
        let url = self.token_url.take().unwrap_or_else(|| default.to_owned());
        let mut root = base.clone();
        if !root.path().ends_with('/') {
            let path = format!("{}/", root.path());
            root.set_path(&path);
        }
        self.token_url = Some(root.join(&url).map_or(url, |u| u.to_string()));
        if self.http.is_none() {
            self.http = Some(http.clone());
        }
        self
    }

    async fn fetch(&self) -> Result<Secret, ProviderError> {
        let fail = |what: &str| ProviderError::new(format!("OAuth 2.0 token request: {what}"));
        let url = self
            .token_url
            .as_deref()
            .ok_or_else(|| fail("no token URL"))?;
        let http = match &self.http {
            Some(http) => http.clone(),
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| {
                    ProviderError::with_source("OAuth 2.0 token request: no HTTP client", e)
                })?,
        };
        let mut form = String::from("grant_type=client_credentials");
        if !self.scopes.is_empty() {
            form.push_str("&scope=");
            form.push_str(&form_encode(&self.scopes.join(" ")));
        }
        let mut request = http
            .post(url)
            .header(reqwest::header::ACCEPT, "application/json")
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .timeout(Duration::from_secs(30));
        if self.in_body {
            form.push_str("&client_id=");
            form.push_str(&form_encode(&self.client_id));
            form.push_str("&client_secret=");
            form.push_str(&form_encode(self.client_secret.expose()));
        } else {
            let pair = format!(
                "{}:{}",
                form_encode(&self.client_id),
                form_encode(self.client_secret.expose())
            );
            let mut value = reqwest::header::HeaderValue::try_from(format!(
                "Basic {}",
                crate::encode::base64(pair.as_bytes())
            ))
            .map_err(|_| fail("the client id cannot be sent"))?;
            value.set_sensitive(true);
            request = request.header(reqwest::header::AUTHORIZATION, value);
        }
        let mut response = request.body(form).send().await.map_err(|mut e| {
            if let Some(u) = e.url_mut() {
                u.set_query(None);
            }
            ProviderError::with_source("OAuth 2.0 token request failed", e)
        })?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| ProviderError::with_source("OAuth 2.0 token response", e))?
        {
            if body.len() + chunk.len() > Self::MAX_RESPONSE {
                return Err(fail("the response is larger than 64 KiB"));
            }
            body.extend_from_slice(&chunk);
        }
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let text = |name: &str| json.get(name).and_then(|v| v.as_str());
        if !status.is_success() {
            // RFC 6749 §5.2: `error` and `error_description`, never the body as it is.
            let mut what = format!("the token endpoint answered {}", status.as_u16());
            if let Some(error) = text("error") {
                what.push_str(&format!(": {error}"));
            }
            if let Some(description) = text("error_description") {
                what.push_str(&format!(" ({description})"));
            }
            return Err(fail(&what));
        }
        let token =
            text("access_token").ok_or_else(|| fail("no `access_token` in the response"))?;
        if let Some(kind) = text("token_type") {
            if !kind.eq_ignore_ascii_case("bearer") {
                return Err(fail(&format!("the token type is `{kind}`, not `Bearer`")));
            }
        }
        let mut secret = Secret::new(token);
        if let Some(seconds) = json.get("expires_in").and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        }) {
            secret = secret.expires_in(Duration::from_secs(seconds));
        }
        Ok(secret)
    }
}

impl CredentialsProvider for ClientCredentials {
    fn credential(&self) -> BoxFuture<'_, Result<Secret, ProviderError>> {
        Box::pin(self.fetch())
    }
}

/// `application/x-www-form-urlencoded`: letters, digits and `*-._` as they
/// are, a space as `+`, every other byte `%XX`.
fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
