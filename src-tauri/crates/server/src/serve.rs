//! Starting the server: both ports, the control socket, and the timer that locks idle
//! sessions (a session's key leaves memory on time even when its desktop went quiet).
use crate::config::ServerPaths;
use crate::http::{enrol_router, main_router, Shared};
use crate::office::Office;
use crate::tls::{enrol_config, main_config};
use axum_server::tls_rustls::RustlsConfig;
use axum_server::Handle;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How often the feed looks for committed changes.
const FEED_EVERY: Duration = Duration::from_millis(150);
use tokio::sync::Semaphore;

/// Key derivations at once (sign-ins, unlocks): 64 MiB each.
const KEY_DERIVATIONS: usize = 3;

pub struct Running {
    pub office: Arc<Office>,
    pub main_addr: SocketAddr,
    pub enrol_addr: SocketAddr,
    main: Handle<SocketAddr>,
    enrol: Handle<SocketAddr>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Running {
    /// Stops accepting, ends every session, writes what is only in memory, and lets go of the
    /// vault (its folder lock is free when this returns).
    pub async fn stop(self) {
        self.main.shutdown();
        self.enrol.shutdown();
        for t in &self.tasks {
            t.abort();
        }
        self.office.close();
        let _ = std::fs::remove_file(self.office.paths.control_socket());
        let mut office = self.office;
        // Connections still finishing hold the office for a moment.
        for _ in 0..200 {
            match Arc::try_unwrap(office) {
                Ok(o) => {
                    drop(o);
                    return;
                }
                Err(still) => office = still,
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!("kluis-server: connections did not close in time");
    }
}

fn read(p: &std::path::Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

/// Starts serving `office` (sealed until someone unlocks it).
pub async fn start(office: Arc<Office>) -> Result<Running, String> {
    let paths: &ServerPaths = &office.paths;
    // Files a crashed run was about to send (exports) are not kept.
    let _ = std::fs::remove_dir_all(paths.outgoing());
    let (ca, cert, key) = (
        office.ca_pem().to_string(),
        read(&paths.server_cert())?,
        zeroize::Zeroizing::new(read(&paths.server_key())?),
    );
    let main_tls =
        main_config(&ca, &cert, &key, office.devices.clone()).map_err(|e| e.to_string())?;
    let enrol_tls = enrol_config(&ca, &cert, &key).map_err(|e| e.to_string())?;
    let shared = Shared {
        office: office.clone(),
        key_derivations: Arc::new(Semaphore::new(KEY_DERIVATIONS)),
    };

    let main = Handle::new();
    let server = axum_server::bind_rustls(
        paths.config.listen,
        RustlsConfig::from_config(Arc::new(main_tls)),
    )
    .handle(main.clone());
    let app = main_router(shared.clone()).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move {
        if let Err(e) = server.serve(app).await {
            eprintln!("kluis-server: the main port stopped: {e}");
        }
    });
    let enrol = Handle::new();
    let server = axum_server::bind_rustls(
        paths.config.enrol_listen,
        RustlsConfig::from_config(Arc::new(enrol_tls)),
    )
    .handle(enrol.clone());
    let app = enrol_router(shared).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move {
        if let Err(e) = server.serve(app).await {
            eprintln!("kluis-server: the enrolment port stopped: {e}");
        }
    });
    let main_addr = main
        .listening()
        .await
        .ok_or_else(|| format!("cannot listen on {}", paths.config.listen))?;
    let enrol_addr = enrol
        .listening()
        .await
        .ok_or_else(|| format!("cannot listen on {}", paths.config.enrol_listen))?;

    office.set_ports(main_addr.port(), enrol_addr.port());
    let control = paths.control_socket();
    let (o, l, e) = (
        office.clone(),
        main_addr.to_string(),
        enrol_addr.to_string(),
    );
    let control_task = tokio::spawn(async move {
        if let Err(err) = crate::control::serve(o, &control, l, e).await {
            eprintln!("kluis-server: the control socket stopped: {err}");
        }
    });
    let o = office.clone();
    let idle_task = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(20));
        loop {
            tick.tick().await;
            let o = o.clone();
            let _ = tokio::task::spawn_blocking(move || o.lock_idle()).await;
        }
    });
    // Live refresh: committed changes are read a few times a second and handed to the open
    // event streams (the target is delivery within a second).
    let o = office.clone();
    let feed_task = tokio::spawn(async move {
        let mut tick = tokio::time::interval(FEED_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let o = o.clone();
            let _ = tokio::task::spawn_blocking(move || o.publish_changes()).await;
        }
    });
    Ok(Running {
        office,
        main_addr,
        enrol_addr,
        main,
        enrol,
        tasks: vec![control_task, idle_task, feed_task],
    })
}
