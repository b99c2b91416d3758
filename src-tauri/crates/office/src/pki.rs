//! The office's own certificate authority and what it signs: the server's certificate and one
//! certificate per enrolled desktop. Desktops pin the CA (not the server's certificate), so the
//! server certificate can be renewed without enrolling every desktop again.
//!
//! Every certificate is back-dated a day (a desktop whose clock is a little behind still
//! connects) and gets a random serial. A device's certificate is built from fields the server
//! chooses; of the signing request only the public key is used, after its signature proved the
//! desktop holds the private key (a request asking to be a CA, or for other names, gains
//! nothing).
use crate::{Fingerprint, OfficeError};
use rand_core::{OsRng, RngCore};
use rcgen::{
    BasicConstraints, CertificateParams, CertificateSigningRequestParams, DistinguishedName,
    DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, SerialNumber,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

/// The name every server certificate carries, whatever address the office uses: desktops
/// connect to this name at the address they enrolled with, so a new IP address needs no new
/// certificate.
pub const SERVER_NAME: &str = "kluis-server";

const CA_YEARS: i64 = 20;
const LEAF_YEARS: i64 = 2;

/// A certificate with its private key, both PEM. The key is wiped from memory when dropped.
pub struct KeyedCert {
    pub cert_pem: String,
    pub key_pem: Zeroizing<String>,
}

/// The office CA, able to sign.
pub struct Ca {
    issuer: Issuer<'static, KeyPair>,
    cert_pem: String,
}

fn err(what: &'static str) -> impl Fn(rcgen::Error) -> OfficeError {
    move |_| OfficeError::Certificate(what)
}

fn validity(p: &mut CertificateParams, years: i64) {
    let now = OffsetDateTime::now_utc();
    p.not_before = now - Duration::days(1);
    p.not_after = now + Duration::days(365 * years);
}

fn random_serial() -> SerialNumber {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    // Positive, and never a leading zero byte that DER would have to drop.
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    SerialNumber::from_slice(&bytes)
}

impl Ca {
    /// Makes a new CA for the organisation (at `kluis-server init`).
    pub fn create(org: &str) -> Result<(Ca, KeyedCert), OfficeError> {
        let key = KeyPair::generate().map_err(err("making the CA key"))?;
        let mut p = CertificateParams::default();
        p.distinguished_name = DistinguishedName::new();
        p.distinguished_name
            .push(DnType::CommonName, "Kluis office CA");
        p.distinguished_name.push(
            DnType::OrganizationName,
            org.chars().take(64).collect::<String>(),
        );
        // It signs end certificates only, never another CA.
        p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        p.serial_number = Some(random_serial());
        validity(&mut p, CA_YEARS);
        let cert = p.self_signed(&key).map_err(err("signing the CA"))?;
        let files = KeyedCert {
            cert_pem: cert.pem(),
            key_pem: Zeroizing::new(key.serialize_pem()),
        };
        let ca = Ca {
            issuer: Issuer::new(p, key),
            cert_pem: files.cert_pem.clone(),
        };
        Ok((ca, files))
    }

    /// The CA from its certificate and key (kept by the server).
    pub fn load(cert_pem: &str, key_pem: &str) -> Result<Ca, OfficeError> {
        let key = KeyPair::from_pem(key_pem).map_err(err("reading the CA key"))?;
        let issuer =
            Issuer::from_ca_cert_pem(cert_pem, key).map_err(err("reading the CA certificate"))?;
        Ok(Ca {
            issuer,
            cert_pem: cert_pem.to_string(),
        })
    }

    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// The server's certificate, for `kluis-server` and any extra names or addresses.
    pub fn server_cert(&self, extra_names: &[String]) -> Result<KeyedCert, OfficeError> {
        let key = KeyPair::generate().map_err(err("making the server key"))?;
        let mut names = vec![SERVER_NAME.to_string()];
        names.extend(extra_names.iter().filter(|n| !n.is_empty()).cloned());
        let mut p = CertificateParams::new(names).map_err(err("server names"))?;
        p.distinguished_name = DistinguishedName::new();
        p.distinguished_name.push(DnType::CommonName, SERVER_NAME);
        p.is_ca = IsCa::ExplicitNoCa;
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        p.use_authority_key_identifier_extension = true;
        p.serial_number = Some(random_serial());
        validity(&mut p, LEAF_YEARS);
        let cert = p
            .signed_by(&key, &self.issuer)
            .map_err(err("signing the server certificate"))?;
        Ok(KeyedCert {
            cert_pem: cert.pem(),
            key_pem: Zeroizing::new(key.serialize_pem()),
        })
    }

    /// Signs a desktop's request: a client certificate for `device_id`, valid two years.
    pub fn sign_device(&self, csr_pem: &str, device_id: &str) -> Result<SignedDevice, OfficeError> {
        // Checks the request's own signature: the desktop holds the key it asks us to certify.
        let csr = CertificateSigningRequestParams::from_pem(csr_pem)
            .map_err(|_| OfficeError::BadRequest)?;
        let mut p = CertificateParams::default();
        p.distinguished_name = DistinguishedName::new();
        p.distinguished_name.push(DnType::CommonName, device_id);
        p.is_ca = IsCa::ExplicitNoCa;
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        p.use_authority_key_identifier_extension = true;
        let serial = random_serial();
        p.serial_number = Some(serial.clone());
        validity(&mut p, LEAF_YEARS);
        let cert = p
            .signed_by(&csr.public_key, &self.issuer)
            .map_err(err("signing the device certificate"))?;
        Ok(SignedDevice {
            fingerprint: Fingerprint::of_der(cert.der()),
            cert_pem: cert.pem(),
            serial: serial
                .to_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        })
    }
}

/// A device certificate as signed.
pub struct SignedDevice {
    pub cert_pem: String,
    pub fingerprint: Fingerprint,
    pub serial: String,
}

/// A desktop's new key pair and its signing request, made at enrolment. The key never leaves
/// the desktop.
pub fn device_request(device_name: &str) -> Result<KeyedCert, OfficeError> {
    let key = KeyPair::generate().map_err(err("making the device key"))?;
    let mut p = CertificateParams::default();
    p.distinguished_name = DistinguishedName::new();
    p.distinguished_name.push(
        DnType::CommonName,
        device_name.chars().take(64).collect::<String>(),
    );
    let csr = p
        .serialize_request(&key)
        .map_err(err("making the signing request"))?;
    Ok(KeyedCert {
        cert_pem: csr.pem().map_err(err("encoding the signing request"))?,
        key_pem: Zeroizing::new(key.serialize_pem()),
    })
}

/// The certificates in a PEM text, in order.
pub fn certs_from_pem(pem: &str) -> Result<Vec<CertificateDer<'static>>, OfficeError> {
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(pem.as_bytes()).collect();
    let certs = certs.map_err(|_| OfficeError::Certificate("reading a certificate"))?;
    if certs.is_empty() {
        return Err(OfficeError::Certificate("no certificate in the file"));
    }
    Ok(certs)
}

/// The private key in a PEM text.
pub fn key_from_pem(pem: &str) -> Result<PrivateKeyDer<'static>, OfficeError> {
    PrivateKeyDer::from_pem_slice(pem.as_bytes())
        .map_err(|_| OfficeError::Certificate("reading a private key"))
}

/// The fingerprint of the first certificate in a PEM text.
pub fn fingerprint_of_pem(pem: &str) -> Result<Fingerprint, OfficeError> {
    Ok(Fingerprint::of_der(certs_from_pem(pem)?[0].as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_signs_a_device_from_its_request_only() {
        let (ca, files) = Ca::create("Bakkerij").unwrap();
        let again = Ca::load(&files.cert_pem, &files.key_pem).unwrap();
        let req = device_request("Balie").unwrap();
        let signed = again.sign_device(&req.cert_pem, "dev-1").unwrap();
        assert_eq!(
            fingerprint_of_pem(&signed.cert_pem).unwrap(),
            signed.fingerprint
        );
        assert_eq!(signed.serial.len(), 32);
        // A second signing of the same request gets another serial.
        let second = ca.sign_device(&req.cert_pem, "dev-1").unwrap();
        assert_ne!(second.serial, signed.serial);
    }

    #[test]
    fn a_tampered_request_is_refused() {
        let (ca, _) = Ca::create("Bakkerij").unwrap();
        let req = device_request("Balie").unwrap();
        let mut der =
            rustls_pki_types::CertificateSigningRequestDer::from_pem_slice(req.cert_pem.as_bytes())
                .unwrap()
                .as_ref()
                .to_vec();
        // Change one byte of the subject: the request's signature no longer holds.
        let at = der.len() / 3;
        der[at] ^= 0x01;
        let pem = format!(
            "-----BEGIN CERTIFICATE REQUEST-----\n{}\n-----END CERTIFICATE REQUEST-----\n",
            base64(&der)
        );
        assert!(matches!(
            ca.sign_device(&pem, "dev-1"),
            Err(OfficeError::BadRequest)
        ));
        assert!(matches!(
            ca.sign_device("not a request", "dev-1"),
            Err(OfficeError::BadRequest)
        ));
    }

    fn base64(bytes: &[u8]) -> String {
        const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for c in bytes.chunks(3) {
            let n = (c[0] as u32) << 16
                | (*c.get(1).unwrap_or(&0) as u32) << 8
                | *c.get(2).unwrap_or(&0) as u32;
            for i in 0..4 {
                if i <= c.len() {
                    out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}
