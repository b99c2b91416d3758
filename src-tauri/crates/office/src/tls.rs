//! The TLS settings a desktop (or the CLI, or the benchmark) uses towards the office server:
//! TLS 1.3 only, ring as the crypto provider, the office CA as the only root (no system roots:
//! the desktop talks to its own office and nothing else), and the device's certificate.
use crate::pki::{certs_from_pem, key_from_pem};
use crate::{Fingerprint, OfficeError};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::Arc;

/// The one crypto provider, passed explicitly everywhere (rustls' implicit choice panics when
/// a dependency brings a second one). ring has no post-quantum key exchange (rustls 0.23.48
/// marks it deprecated for that): a deliberate choice for traffic inside one office network,
/// against aws-lc's large C build on every desktop; revisit when ring gains ML-KEM.
#[allow(deprecated)]
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// HTTP/2 first (calls and the event stream share one connection), HTTP/1.1 as a fallback.
pub fn alpn() -> Vec<Vec<u8>> {
    vec![b"h2".to_vec(), b"http/1.1".to_vec()]
}

/// A root store holding the office CA only.
pub fn office_roots(ca_pem: &str) -> Result<RootCertStore, OfficeError> {
    let mut roots = RootCertStore::empty();
    for c in certs_from_pem(ca_pem)? {
        roots.add(c)?;
    }
    Ok(roots)
}

/// An enrolled device's settings: the office CA as the only root, its own certificate.
pub fn client_config(
    ca_pem: &str,
    cert_pem: &str,
    key_pem: &str,
) -> Result<ClientConfig, OfficeError> {
    let mut cfg = ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_root_certificates(office_roots(ca_pem)?)
        .with_client_auth_cert(certs_from_pem(cert_pem)?, key_from_pem(key_pem)?)?;
    cfg.alpn_protocols = alpn();
    Ok(cfg)
}

/// Settings without a device certificate (a connection the server must refuse; the tests
/// of the refusals use it).
pub fn anonymous_config(ca_pem: &str) -> Result<ClientConfig, OfficeError> {
    let mut cfg = ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_root_certificates(office_roots(ca_pem)?)
        .with_no_client_auth();
    cfg.alpn_protocols = alpn();
    Ok(cfg)
}

/// The settings for enrolling: the desktop knows nothing yet but the CA fingerprint the
/// administrator gave; it trusts the server only if the chain it sends contains a CA with that
/// fingerprint and the server's certificate is signed by it. Nothing is sent before that holds.
pub fn enrol_client_config(pin: Fingerprint) -> Result<ClientConfig, OfficeError> {
    let provider = provider();
    let mut cfg = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(PinnedCa { pin, provider }))
        .with_no_client_auth();
    cfg.alpn_protocols = alpn();
    Ok(cfg)
}

#[derive(Debug)]
struct PinnedCa {
    pin: Fingerprint,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for PinnedCa {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let ca = intermediates
            .iter()
            .find(|c| Fingerprint::of_der(c.as_ref()).matches(&self.pin))
            .ok_or(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            ))?;
        let mut roots = RootCertStore::empty();
        roots.add(ca.clone().into_owned())?;
        let inner =
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), self.provider.clone())
                .build()
                .map_err(|e| rustls::Error::General(e.to_string()))?;
        inner.verify_server_cert(end_entity, &[], server_name, ocsp, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
