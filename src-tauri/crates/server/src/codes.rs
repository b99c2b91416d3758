//! One-time enrolment codes: ten characters (about 50 bits) from an alphabet without look-alike
//! letters, valid 15 minutes, used once. Only their hash is kept. Wrong guesses are counted per
//! address and in all: past the limits, enrolment is refused for a while for that address or
//! for everyone, so a flood of guesses neither finds a code nor slows the server.
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

const ALPHABET: &[u8; 32] = b"ABCDEFGHJKMNPQRSTVWXYZ0123456789";
pub const VALID_FOR: Duration = Duration::from_secs(15 * 60);
/// Wrong codes tolerated from one address per window, and from everyone.
const PER_ADDRESS: usize = 5;
const IN_ALL: usize = 30;
const WINDOW: Duration = Duration::from_secs(10 * 60);
/// Codes waiting at once (an administrator clicking "Add desktop" many times).
const MAX_LIVE: usize = 20;

struct Live {
    hash: [u8; 32],
    expires: Instant,
    made_by: i64,
}

#[derive(Default)]
pub struct Codes {
    live: Vec<Live>,
    failures: VecDeque<(Instant, IpAddr)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefusal {
    /// Wrong, used or expired (one answer for all three: a guesser learns nothing).
    Invalid,
    /// Too many wrong codes lately, from this address or in all.
    TooMany,
}

impl CodeRefusal {
    pub fn code(self) -> &'static str {
        match self {
            CodeRefusal::Invalid => "enrol.code_invalid",
            CodeRefusal::TooMany => "enrol.too_many",
        }
    }
}

fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        // People read 0/O and 1/I/L alike; the alphabet has only the digits.
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

fn hash(code: &str) -> [u8; 32] {
    Sha256::digest(normalise(code).as_bytes()).into()
}

impl Codes {
    /// A new code, shown once as `XXXXX-XXXXX`.
    pub fn issue(&mut self, made_by: i64, now: Instant) -> String {
        self.live.retain(|c| c.expires > now);
        if self.live.len() >= MAX_LIVE {
            self.live.remove(0);
        }
        let mut raw = [0u8; 10];
        OsRng.fill_bytes(&mut raw);
        let code: String = raw
            .iter()
            .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
            .collect();
        self.live.push(Live {
            hash: hash(&code),
            expires: now + VALID_FOR,
            made_by,
        });
        format!("{}-{}", &code[..5], &code[5..])
    }

    /// Uses a code: who made it, or why not.
    pub fn redeem(&mut self, code: &str, from: IpAddr, now: Instant) -> Result<i64, CodeRefusal> {
        while self
            .failures
            .front()
            .is_some_and(|(at, _)| now.duration_since(*at) > WINDOW)
        {
            self.failures.pop_front();
        }
        let from_here = self.failures.iter().filter(|(_, ip)| *ip == from).count();
        if self.failures.len() >= IN_ALL || from_here >= PER_ADDRESS {
            return Err(CodeRefusal::TooMany);
        }
        self.live.retain(|c| c.expires > now);
        let h = hash(code);
        match self.live.iter().position(|c| constant_eq(&c.hash, &h)) {
            Some(i) => Ok(self.live.remove(i).made_by),
            None => {
                self.failures.push_back((now, from));
                Err(CodeRefusal::Invalid)
            }
        }
    }

    /// How many wrong codes each address sent in the current window (for `status`).
    pub fn failures_by_address(&self) -> HashMap<IpAddr, usize> {
        let mut out = HashMap::new();
        for (_, ip) in &self.failures {
            *out.entry(*ip).or_default() += 1;
        }
        out
    }
}

fn constant_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, n])
    }

    #[test]
    fn a_code_works_once_as_typed_by_people() {
        let mut c = Codes::default();
        let now = Instant::now();
        let code = c.issue(7, now);
        assert_eq!(code.len(), 11);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(c.redeem(&typed, ip(1), now), Ok(7));
        assert_eq!(c.redeem(&code, ip(1), now), Err(CodeRefusal::Invalid));
    }

    #[test]
    fn a_code_expires_after_fifteen_minutes() {
        let mut c = Codes::default();
        let now = Instant::now();
        let code = c.issue(7, now);
        let later = now + VALID_FOR + Duration::from_secs(1);
        assert_eq!(c.redeem(&code, ip(1), later), Err(CodeRefusal::Invalid));
    }

    #[test]
    fn guessing_is_stopped_per_address_and_in_all() {
        let mut c = Codes::default();
        let now = Instant::now();
        let code = c.issue(7, now);
        for _ in 0..PER_ADDRESS {
            assert_eq!(
                c.redeem("AAAAA-AAAAA", ip(1), now),
                Err(CodeRefusal::Invalid)
            );
        }
        // Even the right code is refused from the guessing address for now ...
        assert_eq!(c.redeem(&code, ip(1), now), Err(CodeRefusal::TooMany));
        // ... but not from another one.
        assert_eq!(c.redeem(&code, ip(2), now), Ok(7));
        // A flood from many addresses closes enrolment for everyone, for a while.
        for n in 0..IN_ALL as u8 {
            let _ = c.redeem("AAAAA-AAAAA", ip(10 + n), now);
        }
        let fresh = c.issue(7, now);
        assert_eq!(c.redeem(&fresh, ip(200), now), Err(CodeRefusal::TooMany));
        assert_eq!(
            c.redeem(&fresh, ip(200), now + WINDOW + Duration::from_secs(1)),
            Ok(7)
        );
    }
}
