//! Password strength: zxcvbn's estimate plus a minimum length. The UI's meter asks this same
//! function, so what the meter accepts is exactly what the core accepts.
use crate::error::{CoreError, CoreResult, ValidationReason};
use serde::Serialize;
use ts_rs::TS;
use zxcvbn::feedback::{Suggestion, Warning};

pub const MIN_LENGTH: usize = 10;
/// zxcvbn score 3: "safely unguessable: moderate protection from offline slow-hash scenario".
pub const MIN_SCORE: u8 = 3;
const MAX_LENGTH: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PasswordFeedback {
    TooShort,
    CommonPassword,
    AddMoreWords,
    AvoidSequences,
    AvoidRepeats,
    AvoidPersonalInfo,
    AvoidDates,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PasswordStrength {
    /// 0 (guessable in seconds) to 4 (very strong).
    pub score: u8,
    pub acceptable: bool,
    #[ts(type = "number")]
    pub min_length: usize,
    pub feedback: Vec<PasswordFeedback>,
}

/// `context` holds words a guesser would try first: the organisation, the username, the name.
pub fn strength(password: &str, context: &[&str]) -> PasswordStrength {
    let len = password.chars().count();
    let mut feedback = Vec::new();
    if len < MIN_LENGTH {
        feedback.push(PasswordFeedback::TooShort);
    }
    // zxcvbn is costly on very long input and gains nothing from it.
    let sample: String = password.chars().take(100).collect();
    let lowered: Vec<String> = context
        .iter()
        .flat_map(|c| c.split_whitespace())
        .filter(|w| w.chars().count() >= 3)
        .map(|w| w.to_lowercase())
        .collect();
    let inputs: Vec<&str> = lowered.iter().map(String::as_str).collect();
    let entropy = zxcvbn::zxcvbn(&sample, &inputs);
    let score = if sample.is_empty() {
        0
    } else {
        u8::from(entropy.score())
    };
    if let Some(fb) = entropy.feedback() {
        if let Some(w) = fb.warning() {
            let code = match w {
                Warning::StraightRowsOfKeysAreEasyToGuess
                | Warning::ShortKeyboardPatternsAreEasyToGuess
                | Warning::SequencesLikeAbcAreEasyToGuess => PasswordFeedback::AvoidSequences,
                Warning::RepeatsLikeAaaAreEasyToGuess
                | Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
                    PasswordFeedback::AvoidRepeats
                }
                Warning::RecentYearsAreEasyToGuess | Warning::DatesAreOftenEasyToGuess => {
                    PasswordFeedback::AvoidDates
                }
                Warning::NamesAndSurnamesByThemselvesAreEasyToGuess
                | Warning::CommonNamesAndSurnamesAreEasyToGuess => {
                    PasswordFeedback::AvoidPersonalInfo
                }
                _ => PasswordFeedback::CommonPassword,
            };
            feedback.push(code);
        }
        if fb.suggestions().contains(&Suggestion::AddAnotherWordOrTwo) && score < MIN_SCORE {
            feedback.push(PasswordFeedback::AddMoreWords);
        }
    }
    let lower = password.to_lowercase();
    let mut score = score;
    // zxcvbn discounts a context word only where it matches exactly; a name embedded in a longer
    // password still helps a guesser who knows the company, so it costs a point.
    if inputs.iter().any(|w| lower.contains(w)) {
        score = score.saturating_sub(1);
        if !feedback.contains(&PasswordFeedback::AvoidPersonalInfo) {
            feedback.push(PasswordFeedback::AvoidPersonalInfo);
        }
    }
    feedback.dedup();
    PasswordStrength {
        score,
        acceptable: (MIN_LENGTH..=MAX_LENGTH).contains(&len) && score >= MIN_SCORE,
        min_length: MIN_LENGTH,
        feedback,
    }
}

/// Refuses a password the meter would not accept.
pub fn require_strong(field: &'static str, password: &str, context: &[&str]) -> CoreResult<()> {
    if password.chars().count() > MAX_LENGTH {
        return Err(CoreError::invalid(field, ValidationReason::TooLong));
    }
    if !strength(password, context).acceptable {
        return Err(CoreError::invalid(field, ValidationReason::WeakPassword));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused() {
        for pw in [
            "",
            "password",
            "Welkom01",
            "1234567890",
            "qwertyuiop",
            "acmebv2026!",
        ] {
            let s = strength(pw, &["Acme BV", "anna"]);
            assert!(!s.acceptable, "{pw} was accepted with score {}", s.score);
        }
        assert!(strength("short", &[])
            .feedback
            .contains(&PasswordFeedback::TooShort));
    }

    #[test]
    fn personal_context_counts() {
        let s = strength("annadevries-acme", &["Anna de Vries", "Acme"]);
        assert!(s.feedback.contains(&PasswordFeedback::AvoidPersonalInfo));
    }

    #[test]
    fn a_passphrase_is_accepted() {
        let s = strength("paars-fietsbel-onder-regen", &[]);
        assert!(s.acceptable, "score {}", s.score);
        assert!(require_strong("password", "paars-fietsbel-onder-regen", &[]).is_ok());
        assert!(require_strong("password", "welkom123", &[]).is_err());
    }
}

/// A random initial password for a new user (about 100 bits), in groups a person can type.
pub fn generate_initial() -> String {
    use rand_core::{OsRng, RngCore};
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    let mut out = String::with_capacity(24);
    for i in 0..20 {
        if i > 0 && i % 5 == 0 {
            out.push('-');
        }
        let idx = (OsRng.next_u32() as usize) % ALPHABET.len();
        out.push(ALPHABET[idx] as char);
    }
    out
}

#[cfg(test)]
mod generate_tests {
    #[test]
    fn generated_passwords_are_acceptable_and_differ() {
        let a = super::generate_initial();
        assert!(super::strength(&a, &[]).acceptable, "{a}");
        assert_ne!(a, super::generate_initial());
    }
}
