//! TLS: the HTTP client the builder creates uses the backend this crate's
//! features chose.
//!
//! - `rustls` (the default): reqwest's rustls with the aws-lc-rs crypto
//!   provider and the platform's verifier (system roots).
//! - `rustls-ring`: rustls with the ring crypto provider and the same
//!   platform verifier. reqwest without aws-lc-rs has no provider of its
//!   own and would read the process-wide default (and panic without one);
//!   this crate installs nothing process-wide: each HTTP client it creates
//!   is given a rustls configuration built on ring.
//! - `native-tls`: the platform's TLS library (OpenSSL on Linux, Secure
//!   Transport on macOS, SChannel on Windows).
//!
//! When several are enabled (features add up across a dependency graph),
//! `rustls-ring` is the one used.

use crate::Client;

impl Client {
    /// A `reqwest::ClientBuilder` for an HTTP client of your own
    /// ([`ClientBuilder::http_client`](crate::ClientBuilder::http_client)),
    /// using the TLS backend this crate was built with: with the
    /// `rustls-ring` feature, rustls with the ring crypto provider and the
    /// platform's root certificates (`reqwest::Client::builder()` alone
    /// would need a process-wide provider); otherwise
    /// `reqwest::Client::builder()` as it is. The builder's own client
    /// starts from it too.
    ///
    /// With `rustls-ring`, the TLS settings of the returned builder
    /// (`add_root_certificate`, `identity`, ...) are replaced by this
    /// configuration: for other roots or a client certificate, give
    /// `reqwest::ClientBuilder::tls_backend_preconfigured` a
    /// `rustls::ClientConfig` of your own.
    ///
    /// # Errors
    ///
    /// [`BuildError::Tls`](crate::BuildError::Tls) when the platform's root
    /// certificates cannot be loaded (`rustls-ring` only).
    pub fn http_client_builder() -> Result<reqwest::ClientBuilder, crate::BuildError> {
        let builder = reqwest::Client::builder();
        #[cfg(feature = "rustls-ring")]
        let builder = builder.tls_backend_preconfigured(ring_config()?);
        Ok(builder)
    }
}

/// rustls on ring, verifying servers as reqwest's own rustls backend does
/// (the platform verifier: the system's roots; `SSL_CERT_FILE` and
/// `SSL_CERT_DIR` on Linux), with TLS 1.2 and 1.3.
#[cfg(feature = "rustls-ring")]
fn ring_config() -> Result<rustls::ClientConfig, crate::BuildError> {
    use std::sync::Arc;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|e| crate::BuildError::Tls(Box::new(e)))?;
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| crate::BuildError::Tls(Box::new(e)))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(config)
}
