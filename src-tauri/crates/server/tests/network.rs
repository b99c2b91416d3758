//! A desktop that loses the network mid-save is told that the save happened, or that it did
//! not, and never both: the request carries a number, is sent again when its connection
//! breaks, and the server answers a number it has seen with its first answer instead of
//! saving a second time. Between the desktop and the server sits a TCP relay that can cut a
//! connection after the request went through (the answer lost), drop a request before it
//! arrives, or stop answering altogether (the network gone).
mod common;
use common::*;
use kluis_office::client::{ClientError, Connection};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PASS: u8 = 0;
/// The next request reaches the server; its answer is thrown away and the connection cut.
const LOSE_ANSWER: u8 = 1;
/// The next request is thrown away before the server sees it, and the connection cut.
const LOSE_REQUEST: u8 = 2;

struct Relay {
    addr: SocketAddr,
    mode: Arc<AtomicU8>,
    accepting: Mutex<Option<tokio::task::JoinHandle<()>>>,
    upstream: SocketAddr,
}

impl Relay {
    async fn start(upstream: SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let r = Relay {
            addr,
            mode: Arc::new(AtomicU8::new(PASS)),
            accepting: Mutex::new(None),
            upstream,
        };
        r.accept(listener);
        r
    }

    fn accept(&self, listener: TcpListener) {
        let (mode, upstream) = (self.mode.clone(), self.upstream);
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let mode = mode.clone();
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(upstream).await {
                        relay(client, server, mode).await;
                    }
                });
            }
        });
        *self.accepting.lock().unwrap() = Some(task);
    }

    /// The network goes: new connections are refused.
    fn down(&self) {
        if let Some(t) = self.accepting.lock().unwrap().take() {
            t.abort();
        }
    }

    async fn up(&self) {
        let listener = TcpListener::bind(self.addr).await.unwrap();
        self.accept(listener);
    }
}

async fn relay(client: TcpStream, server: TcpStream, mode: Arc<AtomicU8>) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let cut = Arc::new(tokio::sync::Notify::new());
    let holding = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (c1, h1) = (cut.clone(), holding.clone());
    let up = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match cr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            match mode.swap(PASS, Ordering::SeqCst) {
                LOSE_REQUEST => break,
                LOSE_ANSWER => {
                    // Nothing more goes back on this connection; the server gets the request
                    // and answers into the void, then the connection is cut.
                    h1.store(true, Ordering::SeqCst);
                    if sw.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    break;
                }
                _ => {
                    if sw.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            }
        }
        c1.notify_one();
    };
    let down = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match sr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if holding.load(Ordering::SeqCst) {
                continue;
            }
            if cw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    // Either side ending ends both (the cut).
    tokio::select! {
        _ = up => {}
        _ = down => {}
        _ = cut.notified() => {}
    }
}

async fn through(srv: &Server, relay: &Relay) -> Connection {
    let e = srv.enrol("Laptop onderweg").await;
    let c = Connection::new(relay.addr, &e.ca_pem, &e.cert_pem, &e.key_pem)
        .unwrap()
        .with_patience(Duration::from_secs(2));
    c.hello().await.unwrap();
    sign_in(&c, ADMIN, PASSWORD).await;
    c
}

async fn create(c: &Connection, family: &str) -> Result<i64, ClientError> {
    let (answer, _) = c
        .call_once("person_create", person("Onderweg", family), None)
        .await?;
    Ok(answer.expect("saved")["id"].as_i64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_lost_on_the_way_is_learnt_and_the_save_is_made_once() {
    let srv = server(true).await;
    let relay = Relay::start(srv.running.main_addr).await;
    let c = through(&srv, &relay).await;

    // The save reached the server, its answer did not reach the desktop: sent again, the
    // desktop learns it was saved, and it is there once.
    relay.mode.store(LOSE_ANSWER, Ordering::SeqCst);
    let id = create(&c, "Zwaanhals").await.unwrap();
    assert_eq!(found(&c, "Zwaanhals").await, 1, "saved once, not twice");
    let seen = ok(c.call("person_view", serde_json::json!({ "id": id })).await);
    assert!(seen.to_string().contains("Zwaanhals"));

    // The save never reached the server: sent again, it is made now, once.
    relay.mode.store(LOSE_REQUEST, Ordering::SeqCst);
    create(&c, "Reigersbek").await.unwrap();
    assert_eq!(found(&c, "Reigersbek").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_network_gone_for_longer_is_said_and_the_same_save_later_is_made_once() {
    let srv = server(true).await;
    let relay = Relay::start(srv.running.main_addr).await;
    let c = through(&srv, &relay).await;

    // The answer is lost and the network stays away past the desktop's patience: it is told
    // the outcome is not known (not "failed", not "saved").
    relay.mode.store(LOSE_ANSWER, Ordering::SeqCst);
    let gone = tokio::spawn(async move {
        let r = create(&c, "Kievitsei").await;
        (c, r)
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    relay.down();
    let (c, r) = gone.await.unwrap();
    assert!(matches!(r, Err(ClientError::ConnectionLost)), "{r:?}");

    // Back again, the person saves the same thing again: it was saved the first time, so the
    // server gives that answer, and there is one Kievitsei.
    relay.up().await;
    let first = create(&c, "Kievitsei").await.unwrap();
    assert_eq!(found(&c, "Kievitsei").await, 1, "one Kievitsei");
    // Something else afterwards is a request of its own.
    let other = create(&c, "Grutto").await.unwrap();
    assert_ne!(first, other);
    assert_eq!(found(&c, "Grutto").await, 1);
}
