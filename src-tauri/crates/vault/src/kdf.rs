use crate::VaultError;
use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// argon2id parameters stored in a key slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Iterations.
    pub t: u32,
    /// Parallelism.
    pub p: u32,
}

impl KdfParams {
    pub const MIN_M_KIB: u32 = 64 * 1024;
    pub const MIN_T: u32 = 3;
    pub const MIN_P: u32 = 1;
    /// Caps on what a file may ask for, checked before any work: a key file, backup or sealed
    /// export with edited parameters must not make opening it take hours or all the memory.
    pub const MAX_M_KIB: u32 = 1024 * 1024;
    pub const MAX_T: u32 = 16;
    pub const MAX_P: u32 = 8;

    /// The parameters new slots get: the minimum SECURITY.md allows (64 MiB, t = 3, p = 1).
    pub const fn recommended() -> Self {
        KdfParams {
            m_kib: Self::MIN_M_KIB,
            t: Self::MIN_T,
            p: Self::MIN_P,
        }
    }

    /// Cheap parameters for tests. Only exists with the `test-kdf` feature.
    #[cfg(feature = "test-kdf")]
    pub const fn fast_for_tests() -> Self {
        KdfParams {
            m_kib: 256,
            t: 1,
            p: 1,
        }
    }

    pub fn is_at_least_minimum(&self) -> bool {
        self.m_kib >= Self::MIN_M_KIB && self.t >= Self::MIN_T && self.p >= Self::MIN_P
    }

    /// Refuses weak parameters unless this is a test build.
    pub fn check(&self) -> Result<(), VaultError> {
        if self.p == 0
            || self.t == 0
            || self.p > Self::MAX_P
            || self.t > Self::MAX_T
            || self.m_kib > Self::MAX_M_KIB
        {
            return Err(VaultError::Malformed("kdf parameters out of range"));
        }
        if self.is_at_least_minimum() || cfg!(feature = "test-kdf") {
            Ok(())
        } else {
            Err(VaultError::WeakKdf)
        }
    }

    pub(crate) fn derive(
        &self,
        password: &[u8],
        salt: &[u8; 16],
    ) -> Result<Zeroizing<[u8; 32]>, VaultError> {
        self.check()?;
        let params = Params::new(self.m_kib, self.t, self.p, Some(32))
            .map_err(|_| VaultError::Malformed("kdf parameters rejected"))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(password, salt, out.as_mut())
            .map_err(|_| VaultError::Malformed("kdf failed"))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recommended_meets_minimum() {
        assert!(KdfParams::recommended().is_at_least_minimum());
        assert!(KdfParams::recommended().check().is_ok());
    }

    #[test]
    fn parameters_beyond_the_caps_are_refused_before_any_work() {
        // An hour of iterations or 4 GiB of memory would otherwise be spent before the wrong
        // password is noticed.
        for p in [
            KdfParams {
                m_kib: 65536,
                t: u32::MAX,
                p: 1,
            },
            KdfParams {
                m_kib: u32::MAX,
                t: 3,
                p: 1,
            },
            KdfParams {
                m_kib: 65536,
                t: 3,
                p: 255,
            },
        ] {
            assert!(matches!(p.check(), Err(VaultError::Malformed(_))), "{p:?}");
            assert!(p.derive(b"pw", &[0u8; 16]).is_err());
        }
    }

    #[test]
    fn weak_parameters_are_refused_without_the_test_feature() {
        let weak = KdfParams {
            m_kib: 1024,
            t: 1,
            p: 1,
        };
        assert!(!weak.is_at_least_minimum());
        if cfg!(feature = "test-kdf") {
            assert!(weak.check().is_ok());
        } else {
            assert!(matches!(weak.check(), Err(VaultError::WeakKdf)));
        }
    }
}
