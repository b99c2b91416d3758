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
        if self.p == 0 || self.t == 0 || self.p > 16 || self.m_kib > 4 * 1024 * 1024 {
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
