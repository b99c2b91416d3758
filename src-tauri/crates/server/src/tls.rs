//! The server's TLS settings. TLS 1.3 only; on the main port a client certificate is required,
//! signed by the office CA *and* on the device allow-list (checked in the handshake, so a
//! revoked desktop is refused from its next connection, and a certificate signed with a stolen
//! CA key but never enrolled is refused too). Session resumption is off: a resumed TLS 1.3
//! session skips the client-certificate check, which would let a revoked desktop back in.
use crate::devices::Devices;
use kluis_office::pki::{certs_from_pem, key_from_pem};
use kluis_office::tls::{alpn, office_roots, provider};
use kluis_office::{Fingerprint, OfficeError};
use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::{NoServerSessionStorage, WebPkiClientVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, ServerConfig, SignatureScheme};
use std::sync::Arc;

#[derive(Debug)]
struct EnrolledOnly {
    inner: Arc<dyn ClientCertVerifier>,
    devices: Arc<Devices>,
}

impl std::fmt::Debug for Devices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Devices")
    }
}

impl ClientCertVerifier for EnrolledOnly {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.inner.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        let verified = self
            .inner
            .verify_client_cert(end_entity, intermediates, now)?;
        match self
            .devices
            .allowed(&Fingerprint::of_der(end_entity.as_ref()))
        {
            Some(_) => Ok(verified),
            None => Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::Revoked,
            )),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The server's certificate chain (its own certificate, then the CA: desktops pin the CA).
fn chain(server_pem: &str, ca_pem: &str) -> Result<Vec<CertificateDer<'static>>, OfficeError> {
    let mut chain = certs_from_pem(server_pem)?;
    chain.extend(certs_from_pem(ca_pem)?);
    Ok(chain)
}

/// The main port: enrolled desktops only.
pub fn main_config(
    ca_pem: &str,
    server_pem: &str,
    server_key_pem: &str,
    devices: Arc<Devices>,
) -> Result<ServerConfig, OfficeError> {
    let inner =
        WebPkiClientVerifier::builder_with_provider(Arc::new(office_roots(ca_pem)?), provider())
            .build()
            .map_err(|e| OfficeError::Tls(e.to_string()))?;
    let verifier = Arc::new(EnrolledOnly { inner, devices });
    let mut cfg = ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain(server_pem, ca_pem)?, key_from_pem(server_key_pem)?)?;
    cfg.alpn_protocols = alpn();
    cfg.send_tls13_tickets = 0;
    cfg.session_storage = Arc::new(NoServerSessionStorage {});
    Ok(cfg)
}

/// The enrolment port: no client certificate (the desktop has none yet).
pub fn enrol_config(
    ca_pem: &str,
    server_pem: &str,
    server_key_pem: &str,
) -> Result<ServerConfig, OfficeError> {
    let mut cfg = ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_no_client_auth()
        .with_single_cert(chain(server_pem, ca_pem)?, key_from_pem(server_key_pem)?)?;
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    cfg.send_tls13_tickets = 0;
    Ok(cfg)
}
