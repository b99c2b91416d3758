//! Field checks shared by every shell. Each failure names the field and a reason code.
use crate::error::{CoreError, CoreResult, ValidationReason as R};

pub fn username(v: &str) -> CoreResult<String> {
    username_field("username", v)
}

/// Usernames are lower-case ASCII letters, digits and `.`, `_`, `-`, `@`; 2 to 64 long.
pub fn username_field(field: &'static str, v: &str) -> CoreResult<String> {
    let v = v.trim().to_lowercase();
    if v.is_empty() {
        return Err(CoreError::invalid(field, R::Required));
    }
    if v.chars().count() > 64 {
        return Err(CoreError::invalid(field, R::TooLong));
    }
    let ok = v.len() >= 2
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
        && v.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if !ok {
        return Err(CoreError::invalid(field, R::InvalidFormat));
    }
    Ok(v)
}

/// A human-readable name: required, at most `max` characters, no control characters.
pub fn text(field: &'static str, v: &str, max: usize) -> CoreResult<String> {
    let v = v.trim();
    if v.is_empty() {
        return Err(CoreError::invalid(field, R::Required));
    }
    if v.chars().count() > max {
        return Err(CoreError::invalid(field, R::TooLong));
    }
    if v.chars().any(char::is_control) {
        return Err(CoreError::invalid(field, R::InvalidFormat));
    }
    Ok(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(username("  Anna.de-Vries ").unwrap(), "anna.de-vries");
        assert!(matches!(
            username(""),
            Err(CoreError::Invalid {
                reason: R::Required,
                ..
            })
        ));
        assert!(matches!(
            username("a b"),
            Err(CoreError::Invalid {
                reason: R::InvalidFormat,
                ..
            })
        ));
        assert!(matches!(
            username("-x"),
            Err(CoreError::Invalid {
                reason: R::InvalidFormat,
                ..
            })
        ));
        assert!(matches!(
            username(&"a".repeat(65)),
            Err(CoreError::Invalid {
                reason: R::TooLong,
                ..
            })
        ));
    }

    #[test]
    fn texts() {
        assert_eq!(text("f", " Acme BV ", 10).unwrap(), "Acme BV");
        assert!(text("f", "a\u{0}b", 10).is_err());
        assert!(text("f", "   ", 10).is_err());
    }
}
