//! Search as you type over people and organisations: the query side. The index itself is kept
//! by `store::search_index`, in the same transaction as the data.
use crate::access::{Action, Category};
use crate::dto::crm::{SearchHit, SearchKind};
use crate::error::CoreResult;
use crate::session::Session;
use crate::store::search_index as idx;
use crate::store::ReadTx;

pub(crate) use idx::{index_organisation, index_person, unindex};

/// The digits of input that looks like (part of) a phone number: at least four of them and
/// nothing but phone punctuation around.
fn phone_digits(input: &str) -> Option<String> {
    let input = input.trim();
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    let only_phone = input
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()./".contains(c));
    (only_phone && digits.len() >= 4).then_some(digits)
}

/// The words of what a person typed, as the full-text index splits them (at most eight, of
/// at most 64 characters).
fn typed_words(input: &str) -> Vec<String> {
    input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(8)
        .map(|t| t.chars().take(64).collect())
        .collect()
}

/// Turns what a person typed into an FTS5 query: every word a prefix, all words required.
/// Returns None when nothing searchable remains.
pub fn fts_query(input: &str) -> Option<String> {
    let tokens: Vec<String> = match phone_digits(input) {
        Some(digits) => vec![digits],
        None => typed_words(input),
    };
    (!tokens.is_empty()).then(|| idx::prefix_query(&tokens, usize::MAX))
}

/// Ranked hits for what was typed. Restricted people (Art. 18) are left out for everyone but
/// those who handle restrictions, who see them marked.
pub fn search(s: &Session, input: &str, limit: u32) -> CoreResult<Vec<SearchHit>> {
    s.require(Category::Contact, Action::View)?;
    if crate::filters::sees_restricted(s) {
        return hits(&s.read()?, input, limit.min(100));
    }
    // Few people are restricted; asking for twice as many keeps a full page after the filter.
    let mut found = hits(&s.read()?, input, limit.saturating_mul(2))?;
    found.retain(|h| !h.restricted);
    found.truncate(limit.clamp(1, 100) as usize);
    Ok(found)
}

/// The search itself, without the rights check (the benchmark calls this on a plain database).
pub(crate) fn hits(conn: &ReadTx, input: &str, limit: u32) -> CoreResult<Vec<SearchHit>> {
    let limit = limit.clamp(1, 200);
    if phone_digits(input).is_none() {
        let raw = typed_words(input);
        // Folded as names are ("O'Brien" is one word, "obrien"; a smiley is none).
        let folded: Vec<String> = idx::words(input).into_iter().take(8).collect();
        let mut found = match folded.as_slice() {
            [] => vec![],
            [word] => idx::name_prefix(conn, word, limit)?,
            _ => idx::names_with_all(conn, &raw, &folded, limit)?,
        };
        // One or two letters would match much of any big address book in e-mail addresses
        // too; they list names only.
        if found.len() >= limit as usize || input.trim().chars().count() <= 2 {
            return hydrate(conn, found);
        }
        // Names did not fill the page: the rest of the index row adds organisations' people,
        // e-mail addresses, websites and KvK numbers, and words spread over name and
        // organisation.
        if !raw.is_empty() {
            idx::words_anywhere(conn, &raw, &folded, limit, &mut found)?;
        }
        return hydrate(conn, found);
    }
    // A phone number: its digits as a prefix (whole and national form are indexed), and the
    // end of a number ("345678" finds +31612345678).
    let Some(q) = fts_query(input) else {
        return Ok(vec![]);
    };
    let mut found = idx::matches(conn, &q, limit)?;
    if let Some(digits) = phone_digits(input) {
        for id in idx::phone_suffix(conn, &digits, limit)? {
            let hit = (SearchKind::Person, id);
            if found.len() < limit as usize && !found.contains(&hit) {
                found.push(hit);
            }
        }
    }
    hydrate(conn, found)
}

fn hydrate(conn: &ReadTx, found: Vec<(SearchKind, i64)>) -> CoreResult<Vec<SearchHit>> {
    found
        .into_iter()
        .map(|(kind, id)| idx::hit(conn, kind, id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_prefix_and_safe() {
        assert_eq!(fts_query("de vries").unwrap(), "\"de\"* AND \"vries\"*");
        assert_eq!(fts_query("06-1234").unwrap(), "\"061234\"*");
        assert_eq!(
            fts_query("jan\" OR x").unwrap(),
            "\"jan\"* AND \"OR\"* AND \"x\"*"
        );
        assert!(fts_query("  -- ").is_none());
    }
}
