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
    include_str!("migrations/0005_phone_suffix.sql"),
    include_str!("migrations/0006_stage_keys.sql"),
    include_str!("migrations/0007_saved_views.sql"),
    include_str!("migrations/0008_leaner_writes.sql"),
    include_str!("migrations/0009_personnel.sql"),
    include_str!("migrations/0010_purposes.sql"),
    include_str!("migrations/0011_consent.sql"),
    include_str!("migrations/0012_requests.sql"),
    include_str!("migrations/0013_erasure.sql"),
    include_str!("migrations/0014_breaches.sql"),
    include_str!("migrations/0015_anonymised.sql"),
    include_str!("migrations/0016_retention.sql"),
    include_str!("migrations/0017_retention_errors.sql"),
    include_str!("migrations/0018_erasure_kinds.sql"),
    include_str!("migrations/0019_search_prefix1.sql"),
    include_str!("migrations/0020_name_words.sql"),
    include_str!("migrations/0021_category_keys.sql"),
    include_str!("migrations/0022_audit_keyed.sql"),
    include_str!("migrations/0023_ledgers.sql"),
    include_str!("migrations/0024_places_and_unchecked.sql"),
    include_str!("migrations/0025_section_indexes.sql"),
    include_str!("migrations/0026_section_totals.sql"),
    include_str!("migrations/0027_list_page.sql"),
    include_str!("migrations/0028_person_totals.sql"),
    include_str!("migrations/0029_versions.sql"),
    include_str!("migrations/0030_rights_epoch.sql"),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(
        STEPS
            .iter()
            .enumerate()
            .map(|(i, s)| match i + 1 {
                5 => M::up_with_hook(s, fill_digits_rev),
                20 => M::up_with_hook(s, |tx: &rusqlite::Transaction| {
                    Ok(super::search_index::fill_name_words(tx)?)
                }),
                24 => M::up_with_hook(s, |tx: &rusqlite::Transaction| {
                    super::search_index::fill_places(tx)?;
                    Ok(super::search_index::refold_names(tx)?)
                }),
                _ => M::up(s),
            })
            .collect(),
    )
}

/// Step 5's data part: the reversed digits of every stored phone number.
fn fill_digits_rev(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    let phones: Vec<(i64, String)> = tx
        .prepare("SELECT id, value FROM contact_points WHERE kind = 'phone'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut up = tx.prepare("UPDATE contact_points SET digits_rev = ?2 WHERE id = ?1")?;
    for (id, value) in phones {
        up.execute(rusqlite::params![
            id,
            super::search_index::digits_rev(&value)
        ])?;
    }
    Ok(())
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
        "5a60390680f86189c53ef316c1dc4e9f5e7bbb7fc3fc4fd4a71b8182e6d3813e",
        "e4dd52e4f24007abad497293cf65c7dbd5f73fa6761161ec8718251b0c018aac",
        "0aa8c42e71257ffb4c71fe39e8508f3a9bc880b3d689c0d8f8ee18933f0a7aca",
        "1f7c2e41f38b57fa49d41149c95fc1be452800b663d7a3b06d0e5ed291906689",
        "9c49713e8a1af3e97b74695e6787491ab55c1a94acf000ae8b19eff1fde84f58",
        "51b85db606d740167318647b72a00d307c7f1d1928f400164510534ccbe34e13",
        "33dcf24f30bc6650e01b2510d2b32a33b7dc70a53b722f599d3594fbbb415791",
        "aeab48a4e52801f37128d99d94fbc2e39f864e70c28c099015810673ff62a254",
        "1bf303ddbef6e3c1f185245e6d83c0f29572866a2f48a3b61ccfe25be0fda449",
        "a85a2ba23a271067d09c3c676cfa7dd1d17aa29ce22caa93cd98712627376f7f",
        "2e7efef2e23f875c2f4aad8cc347681e78c3011cd24da8e894945281ea290d9b",
        "7c3dc04b096ffe18db1ddfbfb06477d3bfd8dd1bde786ba215c0257fc5425687",
        "a698bbfe87c633fc78c8311b7332ff7595fb6d59f5a91b5f3c78422353765905",
        "c77d7f8930f63eaeb7246a6192848b24231ba0c39c7b81602c675af9d39a4b5c",
        "677d51799a84becaa59ebabedbe49df876267b00ee7885db81b4b70ef203d0be",
        "fe513b9a0d3204766c1e35806031588f7f633e6177a939c38b7cf775e68256a3",
        "26063b8f7b707d882c09e24762f105d28c3bf7c30de05de9dc79e50b2b9eea96",
        "0b7c65c6f86d875cc5a98e23598909a18775070fb7d176654425204d831b00d7",
        "9671aa6df8aa1ed941aaa07228cc8ad64e97942704dbbaafa3572488fecbf13f",
        "712607afb3618f45b858577eec010e82c91470b218f22b1701ade2cbd3ad0beb",
        "069246a4f5ac48ae918efc57b5a39efe60a55a1a26addfa1a300f394afc6fc5d",
        "b1a8f84a431a53ec02d710138fd31207deeaa34999a66412c3763721e6f7ebe1",
        "0f09f7a7877448ba2beb883517c106f5ddf7c5ec9930315a266a2e3a6b527f45",
        "369fcdcf7d5cb4737585c4d77373ef8a2345a74a57e98dc6c2eae74db85bd2f5",
        "fa71173933c839303c35bece91f150b74b45f4cd547ba7e0ee7cad00e2c72938",
        "f2c5e6bc65781427dab3bf257e4f022d61007cf4da33219ef99b90cfdaeaae82",
    ];

    /// Step 5 fills the reversed digits of phone numbers stored before it.
    #[test]
    fn phone_numbers_stored_earlier_get_their_reversed_digits() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO persons (given_name, tussenvoegsel, family_name, sort_name, created_at, updated_at)
               VALUES ('Jan', '', 'Smit', 'smit jan', '', '');
             INSERT INTO contact_points (person_id, kind, value, position) VALUES (1, 'phone', '+31612345678', 0);
             INSERT INTO contact_points (person_id, kind, value, position) VALUES (1, 'email', 'j@s.nl', 1);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let st = crate::store::Store::over(conn);
        let conn = st.write().unwrap();
        let revs: Vec<Option<String>> = conn
            .prepare("SELECT digits_rev FROM contact_points ORDER BY position")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(revs, [Some("87654321613".to_string()), None]);
    }

    /// Step 20 gives people and organisations stored before it their name words.
    #[test]
    fn names_stored_earlier_are_found_by_their_words() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 19).unwrap();
        conn.execute_batch(
            "INSERT INTO persons (given_name, tussenvoegsel, family_name, sort_name, created_at, updated_at)
               VALUES ('Anna', 'de', 'Müller', 'muller anna', '', '');
             INSERT INTO organisations (name, sort_name, created_at, updated_at)
               VALUES ('Bakkerij Jansen', 'bakkerij jansen', '', '');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let st = crate::store::Store::over(conn);
        let conn = st.write().unwrap();
        use crate::dto::crm::SearchKind;
        let find = |word| super::super::search_index::name_prefix(&conn, word, 10).unwrap();
        for word in ["mul", "anna", "de"] {
            assert_eq!(find(word), [(SearchKind::Person, 1)]);
        }
        assert_eq!(find("jans"), [(SearchKind::Organisation, 1)]);
        assert!(find("x").is_empty());
    }

    /// Step 24 gives people and organisations stored before it their places in the search
    /// index, and refolds names whose emoji or symbols had become words.
    #[test]
    fn stored_people_are_found_by_place_and_their_names_refolded() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 23).unwrap();
        conn.execute_batch(
            "INSERT INTO persons (id, given_name, tussenvoegsel, family_name, sort_name, created_at, updated_at)
               VALUES (1, 'Anna', '', 'Zwart 😀', 'zwart grinning face anna', '', '');
             INSERT INTO addresses (person_id, street, postcode, city)
               VALUES (1, 'Hinthamerstraat 1', '5211 MR', '''s-Hertogenbosch');
             INSERT INTO organisations (id, name, sort_name, created_at, updated_at)
               VALUES (1, 'Bakkerij B.V.', 'bakkerij b.v.', '', '');
             INSERT INTO addresses (organisation_id, city) VALUES (1, 'Utrecht');
             INSERT INTO search_index (rowid, kind, ref_id, names, org, contact)
               VALUES (2, 'person', 1, 'Anna Zwart 😀', '', ''),
                      (3, 'organisation', 1, 'Bakkerij B.V.', '', '');",
        )
        .unwrap();
        super::super::search_index::fill_name_words(&conn).unwrap();
        migrate(&mut conn).unwrap();
        let st = crate::store::Store::over(conn);
        let conn = st.write().unwrap();
        let sort = |table: &str| -> String {
            conn.query_row(
                &format!("SELECT sort_name FROM {table} WHERE id = 1"),
                [],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(sort("persons"), "zwart anna");
        assert_eq!(sort("organisations"), "bakkerij b v");
        use crate::dto::crm::SearchKind;
        let by_name = |word| super::super::search_index::name_prefix(&conn, word, 10).unwrap();
        assert!(by_name("grinning").is_empty());
        assert_eq!(by_name("zwart"), [(SearchKind::Person, 1)]);
        let by_place = |q: &str| {
            let words: Vec<String> = q.split(' ').map(String::from).collect();
            let mut found = vec![];
            super::super::search_index::words_anywhere(&conn, &words, &words, 10, &mut found)
                .unwrap();
            found
        };
        assert_eq!(by_place("den bosch"), [(SearchKind::Person, 1)]);
        assert_eq!(by_place("5211"), [(SearchKind::Person, 1)]);
        assert_eq!(by_place("utrecht"), [(SearchKind::Organisation, 1)]);
    }

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

    /// The hot lookups go through an index (a partial one where step 8 made it so), never a
    /// scan of the table: a million contacts make a scan visible.
    #[test]
    fn hot_lookups_use_indexes() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let st = crate::store::Store::over(conn);
        let conn = st.write().unwrap();
        for (sql, index) in [
            ("SELECT value FROM contact_points WHERE person_id = 1 AND kind = 'email' ORDER BY position LIMIT 1", "contact_points_person"),
            ("SELECT id FROM contact_points WHERE organisation_id = 1 ORDER BY position", "contact_points_org"),
            ("SELECT DISTINCT person_id FROM contact_points WHERE kind = 'email' AND value = 'a@b.nl' COLLATE NOCASE AND person_id IS NOT NULL", "contact_points_value_nocase"),
            ("SELECT id FROM addresses WHERE person_id = 1 ORDER BY position", "addresses_person"),
            ("SELECT id FROM addresses WHERE organisation_id = 1 ORDER BY position", "addresses_org"),
            ("SELECT id FROM timeline_entries WHERE person_id = 1 ORDER BY occurred_at DESC, id DESC LIMIT 50", "timeline_person"),
            ("SELECT id FROM timeline_entries WHERE organisation_id = 1 ORDER BY occurred_at DESC, id DESC LIMIT 50", "timeline_org"),
            ("SELECT id FROM deals WHERE organisation_id = 1", "deals_org"),
            // The contact list's page: every column it shows from one index (migration 27).
            ("SELECT p.id, p.given_name, p.tussenvoegsel, p.family_name, p.organisation_id, p.job_title,
                p.email, p.phone, p.owner_id, p.sort_name, p.restricted, p.marketing_objection
              FROM persons p WHERE (p.sort_name, p.id) > ('jansen', 5) ORDER BY p.sort_name, p.id LIMIT 51",
             "COVERING INDEX persons_list"),
        ] {
            let plan: String = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
                .join(" | ");
            assert!(plan.contains(index), "{sql}: {plan}");
        }
    }
}
