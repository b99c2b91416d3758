//! Attacks on the office server, from outside: no certificate, another office's certificate,
//! a revoked desktop, a token of another desktop, a replayed token, TLS 1.2, guessed codes, a
//! wrong fingerprint, malformed and oversized bodies, commands that do not exist. Each gets a
//! clear refusal, and the server goes on serving the others.
mod common;
use common::*;
use kluis_office::client::{enrol, Connection};
use kluis_office::pki::{device_request, Ca};
use kluis_office::tls::{anonymous_config, client_config};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_certificate_there_is_no_answer() {
    let srv = server(true).await;
    let c = Connection::with_tls(
        srv.running.main_addr,
        anonymous_config(srv.office().ca_pem()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        c.state().await.err().map(|e| e.code()),
        Some("server.handshake".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_from_another_office_is_refused() {
    let srv = server(true).await;
    let (other_ca, _) = Ca::create("Een ander kantoor").unwrap();
    let req = device_request("Indringer").unwrap();
    let signed = other_ca
        .sign_device(&req.cert_pem, "kluis-device-1")
        .unwrap();
    let tls = client_config(srv.office().ca_pem(), &signed.cert_pem, &req.key_pem).unwrap();
    let c = Connection::with_tls(srv.running.main_addr, tls).unwrap();
    assert_eq!(
        c.state().await.err().map(|e| e.code()),
        Some("server.handshake".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_signed_by_the_office_ca_but_never_enrolled_is_refused() {
    // As if the CA key were stolen: the allow-list still says no.
    let srv = server(true).await;
    let e = srv.enrol("Balie").await;
    let o = srv.office();
    let ca_key = tokio::task::spawn_blocking(move || {
        let s = o.admin(ADMIN, PASSWORD).unwrap();
        let k = kluis_core::office::ca_key(&s).unwrap().unwrap();
        s.end(kluis_core::EndReason::SignOut);
        k
    })
    .await
    .unwrap();
    let ca = Ca::load(srv.office().ca_pem(), &ca_key).unwrap();
    let req = device_request("Namaak").unwrap();
    let forged = ca.sign_device(&req.cert_pem, "kluis-device-1").unwrap();
    let c = Connection::with_tls(
        srv.running.main_addr,
        client_config(&e.ca_pem, &forged.cert_pem, &req.key_pem).unwrap(),
    )
    .unwrap();
    // The handshake's alert: not on the allow-list (the words a revoked desktop gets).
    assert_eq!(
        c.state().await.err().map(|e| e.code()),
        Some("device.revoked".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_desktop_is_refused_at_once_on_open_and_new_connections() {
    let srv = server(true).await;
    let (e, desk) = srv.desktop("Laptop verloren").await;
    sign_in(&desk, ADMIN, PASSWORD).await;
    assert_eq!(found(&desk, "niemand").await, 0);
    let id: i64 = e.device_id.parse().unwrap();
    let o = srv.office();
    tokio::task::spawn_blocking(move || {
        let s = o.admin(ADMIN, PASSWORD).unwrap();
        assert!(o.revoke(&s, id).unwrap());
        s.end(kluis_core::EndReason::SignOut);
    })
    .await
    .unwrap();
    // The open (pooled) connection: refused at its next request.
    assert_eq!(
        refusal(
            desk.call(
                "search_contacts",
                serde_json::json!({"query": "x", "limit": 5})
            )
            .await
        ),
        "device.revoked"
    );
    // A new connection: refused in the handshake, and the desktop can tell it was revoked.
    let again = srv.connect(&e);
    assert_eq!(
        again.state().await.err().map(|e| e.code()),
        Some("device.revoked".into())
    );
    let actions = srv.audit_actions().await;
    assert!(actions
        .iter()
        .any(|(a, d)| a == "office.device_revoked" && d.as_deref() == Some(e.device_id.as_str())));
    // Others go on working.
    let (_, other) = srv.desktop("Balie").await;
    sign_in(&other, ADMIN, PASSWORD).await;
    assert_eq!(found(&other, "niemand").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_used_from_another_desktop_is_refused_audited_and_ends_that_session() {
    let srv = server(true).await;
    let (a_dev, a) = srv.desktop("Balie").await;
    let (b_dev, b) = srv.desktop("Kantoor achter").await;
    sign_in(&a, ADMIN, PASSWORD).await;
    b.set_token(a.current_token());
    assert_eq!(
        refusal(
            b.call(
                "search_contacts",
                serde_json::json!({"query": "x", "limit": 5})
            )
            .await
        ),
        "session.foreign"
    );
    // The leaked session is over for its owner too.
    assert_eq!(
        refusal(
            a.call(
                "search_contacts",
                serde_json::json!({"query": "x", "limit": 5})
            )
            .await
        ),
        "session.ended"
    );
    let actions = srv.audit_actions().await;
    assert!(
        actions
            .iter()
            .any(|(act, d)| act == "office.session_token_misused"
                && d.as_deref() == Some(b_dev.device_id.as_str())),
        "{actions:?}"
    );
    assert_ne!(a_dev.device_id, b_dev.device_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_replayed_after_sign_out_is_worthless() {
    let srv = server(true).await;
    let (_, desk) = srv.desktop("Balie").await;
    sign_in(&desk, ADMIN, PASSWORD).await;
    let signed_in_token = desk.current_token();
    ok(desk.call("person_create", person("Bram", "de Wit")).await);
    ok(desk.call("sign_out", serde_json::Value::Null).await);
    assert_ne!(
        desk.current_token(),
        signed_in_token,
        "sign-out renews the token"
    );
    desk.set_token(signed_in_token);
    assert_eq!(
        refusal(
            desk.call(
                "search_contacts",
                serde_json::json!({"query": "Wit", "limit": 5})
            )
            .await
        ),
        "session.ended"
    );
    // Sign-in renews it too: the token from before sign-in is not the session's.
    desk.hello().await.unwrap();
    let before = desk.current_token();
    sign_in(&desk, ADMIN, PASSWORD).await;
    assert_ne!(desk.current_token(), before);
    desk.set_token(before);
    assert_eq!(
        refusal(
            desk.call(
                "search_contacts",
                serde_json::json!({"query": "Wit", "limit": 5})
            )
            .await
        ),
        "session.ended"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_1_2_is_refused() {
    let srv = server(true).await;
    let e = srv.enrol("Oud").await;
    let mut cfg = rustls::ClientConfig::builder_with_provider(kluis_office::tls::provider())
        .with_protocol_versions(&[&rustls::version::TLS12])
        .unwrap()
        .with_root_certificates(kluis_office::tls::office_roots(&e.ca_pem).unwrap())
        .with_client_auth_cert(
            kluis_office::pki::certs_from_pem(&e.cert_pem).unwrap(),
            kluis_office::pki::key_from_pem(&e.key_pem).unwrap(),
        )
        .unwrap();
    cfg.alpn_protocols = kluis_office::tls::alpn();
    let c = Connection::with_tls(srv.running.main_addr, cfg).unwrap();
    assert_eq!(
        c.state().await.err().map(|e| e.code()),
        Some("server.handshake".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_codes_work_once_and_a_wrong_fingerprint_sends_nothing() {
    let srv = server(true).await;
    let code = srv.code().await;
    let addr = srv.running.enrol_addr;
    // A wrong fingerprint: the desktop refuses the server before it sends the code.
    let mut wrong = srv.fingerprint();
    wrong.0[0] ^= 0x80;
    assert_eq!(
        enrol(addr, wrong, &code, "Balie")
            .await
            .err()
            .map(|e| e.code()),
        Some("server.handshake".into())
    );
    // So the code is still good, once.
    enrol(addr, srv.fingerprint(), &code, "Balie")
        .await
        .unwrap();
    assert_eq!(
        enrol(addr, srv.fingerprint(), &code, "Balie")
            .await
            .err()
            .map(|e| e.code()),
        Some("enrol.code_invalid".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_guessed_codes_is_stopped_and_the_server_goes_on() {
    let srv = server(true).await;
    let (_, desk) = srv.desktop("Balie").await;
    sign_in(&desk, ADMIN, PASSWORD).await;
    let addr = srv.running.enrol_addr;
    let mut codes = Vec::new();
    for _ in 0..12 {
        codes.push(
            enrol(addr, srv.fingerprint(), "ZZZZZ-ZZZZZ", "Gok")
                .await
                .err()
                .map(|e| e.code())
                .unwrap_or_default(),
        );
    }
    assert!(
        codes[..5].iter().all(|c| c == "enrol.code_invalid"),
        "{codes:?}"
    );
    assert!(
        codes[5..].iter().all(|c| c == "enrol.too_many"),
        "{codes:?}"
    );
    // Even a right code from this address waits now; the desktops already enrolled work on.
    let good = srv.code().await;
    assert_eq!(
        enrol(addr, srv.fingerprint(), &good, "Balie 2")
            .await
            .err()
            .map(|e| e.code()),
        Some("enrol.too_many".into())
    );
    assert_eq!(found(&desk, "niemand").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_clear_refusals_and_lose_nothing() {
    let srv = server(true).await;
    let (_, desk) = srv.desktop("Balie").await;
    sign_in(&desk, ADMIN, PASSWORD).await;
    assert_eq!(
        refusal(desk.call("drop_database", serde_json::Value::Null).await),
        "command.unknown"
    );
    assert_eq!(
        refusal(
            desk.call_bytes("search_contacts", b"{not json".to_vec())
                .await
        ),
        "request.malformed"
    );
    let huge = format!(
        "{{\"query\": \"{}\", \"limit\": 5}}",
        "a".repeat(kluis_office::wire::MAX_ARGS)
    );
    assert_eq!(
        refusal(desk.call_bytes("search_contacts", huge.into_bytes()).await),
        "request.too_large"
    );
    // Arguments of the wrong shape reach the core, which says so without echoing them.
    let wrong = core_error(
        desk.call("search_contacts", serde_json::json!({"query": 5}))
            .await,
    );
    assert_eq!(wrong, "validation.invalid");
    // Still signed in, still working.
    ok(desk.call("person_create", person("Cor", "Bakker")).await);
    assert_eq!(found(&desk, "Bakker").await, 1);
    // Without a token: told so.
    desk.set_token(None);
    assert_eq!(
        refusal(desk.call("app_status", serde_json::Value::Null).await),
        "session.missing"
    );
}
