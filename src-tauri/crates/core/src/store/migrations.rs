//! Append-only migrations. A released step is never edited: the test below pins each step's
//! SHA-256, so changing an old one fails CI. Add a new file and a new line instead.
use crate::error::{CoreError, CoreResult};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

const STEPS: &[&str] = &[
    include_str!("migrations/0001_foundation.sql"),
    include_str!("migrations/0002_crm.sql"),
    include_str!("migrations/0003_duplicates.sql"),
    include_str!("migrations/0004_dashboard.sql"),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|s| M::up(s)).collect())
}

pub fn migrate(conn: &mut Connection) -> CoreResult<()> {
    migrations().to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => CoreError::from(err),
        _ => CoreError::Internal("migration failed"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// One line per released migration. Append; never edit.
    const PINNED: &[&str] = &[
        "55519316ec7cf970b2eca5a300b49f8d7983eeb857570e5fd626e98a827ebf80",
        "d1c733962af5df73f42c5fde2ac46e104bba2550be1de44c078b2158ca5ca016",
        "5896d091af9cd43d9f717d3f316a804db7966f62c66573454c2f691147992720",
        "0709767ef390ff701f8a16c42fc8d5fd5052a23104587d2e0da6dfffdc056edf",
    ];

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn released_migrations_are_unchanged() {
        assert!(
            PINNED.len() <= STEPS.len(),
            "a pinned migration was removed"
        );
        for (i, pin) in PINNED.iter().enumerate() {
            let h: String = Sha256::digest(STEPS[i].as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(
                &h,
                pin,
                "migration {} was edited; add a new one instead",
                i + 1
            );
        }
        assert_eq!(
            PINNED.len(),
            STEPS.len(),
            "pin the new migration's hash in PINNED"
        );
    }
}
