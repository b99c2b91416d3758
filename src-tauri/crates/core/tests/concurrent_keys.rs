//! Colleagues on the office server change their passwords and sign in at the same moment.
//! Each change rotates the database key and rewrites the key file, and a sign-in may settle
//! keys into it: done from separate earlier reads, one write undid another (a rotated database
//! key lost: `vault.database_unreadable`), and two writers shared a temporary file (one rename
//! then failed: `vault.key_file_missing`). Every change must land and every key must open.
mod common;
use common::*;
use kluis_core::crm::persons;
use kluis_core::dto::crm::PersonQuery;
use kluis_core::{account, user_admin, verify, EndReason};

const PEOPLE: usize = 6;

fn new_pw(i: usize) -> String {
    format!("eigen-wachtwoord-nummer-{i}-voor-kantoor")
}

#[test]
fn passwords_changed_and_sign_ins_at_once_lose_no_key() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    for i in 0..PEOPLE {
        user_admin::add(
            &mut admin,
            &new_user(
                &format!("collega{i}"),
                &format!("Collega {i}"),
                if i % 2 == 0 { "hr" } else { "user" },
            ),
        )
        .unwrap();
    }
    admin.end(EndReason::SignOut);
    let failures: Vec<String> = std::thread::scope(|sc| {
        let mut handles = Vec::new();
        for i in 0..PEOPLE {
            let v = &v;
            handles.push(sc.spawn(move || -> Result<(), String> {
                let name = format!("collega{i}");
                let mut s = v
                    .sign_in(&name, &pw(USER_PW))
                    .map_err(|e| e.code().as_str().to_string())?;
                account::change_password(&mut s, &pw(USER_PW), &pw(&new_pw(i)))
                    .map_err(|e| e.code().as_str().to_string())?;
                s.end(EndReason::SignOut);
                Ok(())
            }));
        }
        // The administrator signs in again and again meanwhile (each sign-in settles keys).
        handles.push(sc.spawn(|| -> Result<(), String> {
            for _ in 0..PEOPLE {
                let s = v
                    .sign_in("anna", &pw(ADMIN_PW))
                    .map_err(|e| e.code().as_str().to_string())?;
                s.end(EndReason::SignOut);
            }
            Ok(())
        }));
        handles
            .into_iter()
            .filter_map(|h| h.join().unwrap().err())
            .collect()
    });
    assert!(failures.is_empty(), "failed at once: {failures:?}");
    // Afterwards everyone signs in with their own new password and reads the vault.
    for i in 0..PEOPLE {
        let s = v
            .sign_in(&format!("collega{i}"), &pw(&new_pw(i)))
            .unwrap_or_else(|e| panic!("collega{i}: {}", e.code().as_str()));
        persons::list(
            &s,
            &PersonQuery {
                limit: 5,
                ..Default::default()
            },
        )
        .unwrap();
        s.end(EndReason::SignOut);
    }
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    assert!(verify::run(&admin).unwrap().ok());
    admin.end(EndReason::SignOut);
}
