//! kluis-e2e: drives the real Kluis desktop binary as a person would, through tauri-driver and
//! WebKitWebDriver under a private Xvfb display. Each scenario gets its own display, driver,
//! ports and temporary vault folder, and saves a screenshot at every step.
pub mod cli;
pub mod office;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Harness {
    pub client: Client,
    pub data_dir: tempfile::TempDir,
    pub shots: PathBuf,
    step: u32,
    driver: Child,
    xvfb: Child,
    /// In connected mode, the office server the scenario's vault moved to (stopped with the
    /// harness).
    pub office: Option<office::OfficeServer>,
}

/// Whether the scenarios run against an office server (`KLUIS_E2E_OFFICE=1`): a scenario that
/// prepared a vault with the command line gets it on a server instead, and its desktop
/// connects from the first screen before the scenario goes on as it would on a local vault.
pub fn connected_mode() -> bool {
    std::env::var_os("KLUIS_E2E_OFFICE").is_some_and(|v| v == "1")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The app binary: `KLUIS_APP_BIN`, or the workspace's debug build.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("KLUIS_APP_BIN") {
        return PathBuf::from(p);
    }
    let p = workspace_root().join("target/debug/kluis-desktop");
    assert!(
        p.exists(),
        "the app binary {} is missing: build it first (npm --prefix ui run build && cargo build -p kluis-desktop)",
        p.display()
    );
    p
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A display is taken while its lock names a running process. A stale lock and socket (left
/// by a killed run) are removed, so the socket that appears is the new server's.
fn display_taken(n: u32) -> bool {
    let lock = format!("/tmp/.X{n}-lock");
    let Ok(pid) = std::fs::read_to_string(&lock) else {
        return false;
    };
    let alive = pid
        .trim()
        .parse::<u32>()
        .map_or(true, |pid| Path::new(&format!("/proc/{pid}")).exists());
    if !alive {
        let _ = std::fs::remove_file(&lock);
        let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{n}"));
    }
    alive
}

fn start_xvfb() -> (Child, String) {
    for n in 90..140 {
        if display_taken(n) {
            continue;
        }
        let child = Command::new("Xvfb")
            .args([
                format!(":{n}").as_str(),
                "-screen",
                "0",
                "1280x860x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("Xvfb is not installed (apt-get install xvfb)");
        let socket = format!("/tmp/.X11-unix/X{n}");
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(10) {
            if Path::new(&socket).exists() {
                return (child, format!(":{n}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut child = child;
        let _ = child.kill();
    }
    panic!("no free X display for Xvfb");
}

impl Harness {
    /// Starts a display, tauri-driver and the app on a fresh vault folder.
    pub async fn start(scenario: &str) -> Harness {
        Self::start_with(scenario, tempfile::tempdir().unwrap(), "nl_NL.UTF-8").await
    }

    pub async fn start_with(scenario: &str, data_dir: tempfile::TempDir, lang: &str) -> Harness {
        // Connected mode: the prepared vault goes to a server; this desktop has none.
        let office = (connected_mode() && data_dir.path().join("kluis.keys").exists())
            .then(|| office::OfficeServer::adopt(data_dir.path()));
        // Connected, a scenario's screenshots go to their own folder (whether the vault was
        // prepared and adopted, or the server makes it in `create_vault`).
        let scenario = if connected_mode() {
            format!("{scenario}-office")
        } else {
            scenario.to_string()
        };
        let mut h = Self::launch(&scenario, data_dir, lang).await;
        if let Some(server) = office {
            let code = server.code();
            h.connect(
                &server.enrol_address(),
                &code.fingerprint,
                &code.code,
                "Werkplek E2E",
            )
            .await;
            h.office = Some(server);
        }
        h
    }

    async fn launch(scenario: &str, data_dir: tempfile::TempDir, lang: &str) -> Harness {
        let app = app_binary();
        // Orphaned grandchildren (WebKitWebDriver, the app) come to this process to be reaped.
        let _ = nix::sys::prctl::set_child_subreaper(true);
        let shots = workspace_root().join("tests/screenshots").join(scenario);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).unwrap();
        println!("screenshots: {}", shots.display());
        let (xvfb, display) = start_xvfb();
        let port = free_port();
        let native_port = free_port();
        let log = std::fs::File::create(shots.join("driver.log")).unwrap();
        let driver =
            Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .env("DISPLAY", &display)
                .env("KLUIS_DATA_DIR", data_dir.path())
                // What a debug build saves instead of asking with a native dialog.
                .env("KLUIS_E2E_SAVE_DIR", data_dir.path().join("saved"))
                // The webview's own storage (language and theme choices) per scenario, so one
                // scenario's choices never leak into the next.
                .env("XDG_DATA_HOME", data_dir.path().join("xdg-data"))
                .env("XDG_CACHE_HOME", data_dir.path().join("xdg-cache"))
                .env("XDG_CONFIG_HOME", data_dir.path().join("xdg-config"))
                .env("LANG", lang)
                .env("LANGUAGE", lang.split('.').next().unwrap_or(lang))
                .env("LC_ALL", lang)
                // Software rendering: Xvfb has no GPU, and screenshots must not come out blank.
                .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
                .env("LIBGL_ALWAYS_SOFTWARE", "1")
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .process_group(0)
                .spawn()
                .expect("tauri-driver is not installed (cargo install tauri-driver --locked)");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({
                "application": app,
                "args": ["--data-dir", data_dir.path()],
            }),
        );
        caps.insert("browserName".into(), "wry".into());
        let url = format!("http://127.0.0.1:{port}");
        let t0 = Instant::now();
        let client = loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if t0.elapsed() < Duration::from_secs(60) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => panic!("could not start a WebDriver session with the app: {e}"),
            }
        };
        Harness {
            client,
            data_dir,
            shots,
            step: 0,
            driver,
            xvfb,
            office: None,
        }
    }

    fn css(testid: &str) -> String {
        format!("[data-testid=\"{testid}\"]")
    }

    /// Waits (up to 20 s) for the element with this test id.
    pub async fn el(&self, testid: &str) -> Element {
        let sel = Self::css(testid);
        let find = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(&sel));
        bounded(&format!("find {testid}"), find).await
    }

    /// Waits for the first element whose test id starts with `prefix` (e.g. a list row).
    pub async fn first(&self, prefix: &str) -> Element {
        let sel = format!("[data-testid^=\"{prefix}\"]");
        let find = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(&sel));
        bounded(&format!("find {prefix}*"), find).await
    }

    /// Waits until the first element whose test id starts with `prefix` shows `needle`. Lists
    /// that update as you type replace their rows, so an element found early may go stale.
    pub async fn first_showing(&self, prefix: &str, needle: &str) -> Element {
        let sel = format!("[data-testid^=\"{prefix}\"]");
        let t0 = Instant::now();
        let mut seen = String::new();
        loop {
            if let Ok(e) = self.client.find(Locator::Css(&sel)).await {
                // textContent, not the rendered text: WebKit's WebDriver returns only the first
                // line of a flex row of spans.
                match e.prop("textContent").await {
                    Ok(Some(t)) if t.contains(needle) => return e,
                    Ok(t) => seen = t.unwrap_or_default(),
                    Err(err) => seen = err.to_string(),
                }
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "no {prefix}* showing {needle:?} (last: {seen:?})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Creates a vault through the setup screens and confirms the recovery key; ends in the app.
    /// Connected mode: the office's server makes the vault instead (`kluis-server init`, as an
    /// office does), and this desktop connects to it from its first screen and signs in.
    pub async fn create_vault(&mut self, org: &str, username: &str, display: &str, password: &str) {
        if connected_mode() {
            return self.vault_on_a_server(org, username, password).await;
        }
        self.type_into("setup-org", org).await;
        self.type_into("setup-username", username).await;
        self.type_into("setup-display-name", display).await;
        self.type_into("setup-password", password).await;
        self.type_into("setup-password-confirm", password).await;
        self.click("setup-submit").await;
        let key = self.text("recovery-key").await.trim().to_string();
        self.click("recovery-saved-checkbox").await;
        self.type_into("recovery-confirm-input", &key).await;
        self.click("recovery-confirm-submit").await;
        self.el("sidebar").await;
    }

    async fn vault_on_a_server(&mut self, org: &str, username: &str, password: &str) {
        assert!(
            org == "Bakkerij Jansen" && username == "anna" && password == cli::ADMIN_PW,
            "the office server the scenarios start is Bakkerij Jansen's, administrator anna"
        );
        let server = office::OfficeServer::start();
        server.unlock();
        let code = server.code();
        self.connect(
            &server.enrol_address(),
            &code.fingerprint,
            &code.code,
            "Werkplek E2E",
        )
        .await;
        let key = server.recovery_key.clone();
        self.office = Some(server);
        self.sign_in_confirming(username, password, &key).await;
    }

    pub async fn exists(&self, testid: &str) -> bool {
        let sel = Self::css(testid);
        let found = bounded(
            &format!("look for {testid}"),
            self.client.find_all(Locator::Css(&sel)),
        )
        .await;
        !found.is_empty()
    }

    /// Waits until no element with this test id is left.
    pub async fn gone(&self, testid: &str) {
        let t0 = Instant::now();
        while self.exists(testid).await {
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "{testid} did not go away"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn click(&self, testid: &str) {
        let e = self.el(testid).await;
        e.click()
            .await
            .unwrap_or_else(|err| panic!("click {testid}: {err}"));
    }

    pub async fn type_into(&self, testid: &str, text: &str) {
        let e = self.el(testid).await;
        e.clear().await.ok();
        e.send_keys(text)
            .await
            .unwrap_or_else(|err| panic!("type into {testid}: {err}"));
    }

    /// Signs in on the sign-in screen and waits for the app.
    pub async fn sign_in(&self, username: &str, password: &str) {
        self.el("signin-screen").await;
        self.type_into("signin-username", username).await;
        self.type_into("signin-password", password).await;
        self.click("signin-submit").await;
        self.el("sidebar").await;
    }

    /// Signs in an administrator of a vault made on the command line: the app asks once to
    /// type the recovery key back before anything else.
    pub async fn sign_in_confirming(&self, username: &str, password: &str, recovery_key: &str) {
        self.el("signin-screen").await;
        self.type_into("signin-username", username).await;
        self.type_into("signin-password", password).await;
        self.click("signin-submit").await;
        self.until("the app after sign-in", || async {
            self.exists("sidebar").await || self.exists("recovery-confirm-screen").await
        })
        .await;
        if self.exists("recovery-confirm-screen").await {
            self.click("recovery-saved-checkbox").await;
            self.type_into("recovery-confirm-input", recovery_key).await;
            self.click("recovery-confirm-submit").await;
        }
        self.el("sidebar").await;
    }

    /// Connects this desktop to the office's Kluis from the first screen.
    pub async fn connect(&mut self, address: &str, fingerprint: &str, code: &str, name: &str) {
        self.click("setup-connect").await;
        self.type_into("connect-address", address).await;
        self.type_into("connect-fingerprint", fingerprint).await;
        self.type_into("connect-code", code).await;
        self.type_into("connect-device-name", name).await;
        self.shot("connect-filled").await;
        self.click("connect-submit").await;
        self.el("signin-screen").await;
    }

    /// Files a data subject request on Privacy > Requests: the person found by name, identity
    /// checked by a known e-mail address.
    pub async fn file_request(&self, person: i64, name: &str, kind: &str) {
        self.click("request-new").await;
        self.el("request-dialog").await;
        self.type_into("request-person-search", name).await;
        self.click(&format!("request-person-option-{person}")).await;
        self.select("request-kind", kind).await;
        self.select("request-verification", "known_email").await;
        self.el("request-due-preview").await;
        self.click("request-save").await;
        self.gone("request-dialog").await;
    }

    pub async fn sign_out(&self) {
        self.click("sign-out").await;
        self.el("signin-screen").await;
    }

    /// Opens the search palette with Ctrl+K, as from any screen.
    pub async fn open_palette(&self) {
        let key = format!(
            "{}k{}",
            fantoccini::key::Key::Control,
            fantoccini::key::Key::Null
        );
        bounded("Ctrl+K", async {
            self.client.active_element().await?.send_keys(&key).await
        })
        .await;
        self.el("palette-input").await;
    }

    /// Picks the option with this value in a select, by clicking it as a person would.
    pub async fn select(&self, testid: &str, value: &str) {
        let sel = format!("{} option[value=\"{value}\"]", Self::css(testid));
        let option = bounded(
            &format!("find option {value} of {testid}"),
            self.client.find(Locator::Css(&sel)),
        )
        .await;
        option
            .click()
            .await
            .unwrap_or_else(|err| panic!("select {value} in {testid}: {err}"));
    }

    /// What the core answers when the webview calls a command directly, as a console would.
    pub async fn direct_call(&self, command: &str, args: serde_json::Value) -> serde_json::Value {
        self.client
            .execute_async(
                "const [cmd, args, done] = arguments;
                 window.__TAURI_INTERNALS__.invoke(cmd, args)
                   .then((ok) => done({ ok }), (err) => done({ err }));",
                vec![command.into(), args],
            )
            .await
            .expect("the script ran")
    }

    pub async fn text(&self, testid: &str) -> String {
        let e = self.el(testid).await;
        bounded(&format!("text of {testid}"), e.text()).await
    }

    pub async fn attr(&self, testid: &str, name: &str) -> Option<String> {
        let e = self.el(testid).await;
        bounded(&format!("attribute {name} of {testid}"), e.attr(name)).await
    }

    /// Polls until `f` holds, for things that change without a new element appearing.
    pub async fn until<F, Fut>(&self, what: &str, mut f: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let t0 = Instant::now();
        while !f().await {
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn html_lang(&self) -> String {
        tokio::time::timeout(
            Duration::from_secs(30),
            self.client
                .execute("return document.documentElement.lang", vec![]),
        )
        .await
        .expect("the page did not answer a script within 30 s")
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
    }

    /// Shows a document the app wrote (a report a data subject receives) over the window, as a
    /// browser would render it (scripts off), until `hide_document`; for screenshots. Close
    /// modal dialogs first: they sit in the top layer, above anything on the page.
    pub async fn show_document(&self, html: &str) {
        let script = "const f = document.createElement('iframe'); f.id = 'e2e-document'; \
                      f.setAttribute('sandbox', ''); f.srcdoc = arguments[0]; \
                      f.style = 'position:fixed;inset:0;width:100vw;height:100vh;border:0;background:#fff;z-index:99999'; \
                      document.body.appendChild(f); return 1";
        bounded(
            "show a document",
            self.client.execute(script, vec![html.into()]),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    pub async fn hide_document(&self) {
        let script = "document.getElementById('e2e-document')?.remove(); return 1";
        bounded("hide the document", self.client.execute(script, vec![])).await;
    }

    /// Saves `NN-name.png` in this scenario's folder.
    pub async fn shot(&mut self, name: &str) {
        self.step += 1;
        // Let transitions settle; screenshots are evidence, not synchronisation.
        tokio::time::sleep(Duration::from_millis(300)).await;
        // WebKit answers a screenshot after its next presentation update, and a page with
        // nothing animating never has one: nudge it with a few invisible repaints.
        let nudge = "let n = 0; const t = setInterval(() => { document.body.style.opacity = n % 2 ? '1' : '0.999'; \
                     if (++n > 20) { clearInterval(t); document.body.style.opacity = ''; } }, 50); return 1";
        bounded("repaint", self.client.execute(nudge, vec![])).await;
        let png = bounded("screenshot", self.client.screenshot()).await;
        std::fs::write(self.shots.join(format!("{:02}-{name}.png", self.step)), png).unwrap();
    }

    pub async fn finish(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        kill_group(&mut self.driver);
        kill_group(&mut self.xvfb);
    }

    /// Scrolls the element with this test id into view (for a screenshot of it).
    pub async fn direct_scroll(&self, testid: &str) {
        let js = format!(
            "document.querySelector('{}').scrollIntoView({{block: 'center'}}); return 1",
            Self::css(testid).replace('\'', "\\'")
        );
        bounded("scroll", self.client.execute(&js, vec![])).await;
    }

    /// As `finish`, keeping the vault folder for the command line to look at afterwards (the
    /// app held the vault's lock until now).
    pub async fn finish_keeping(mut self) -> tempfile::TempDir {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        kill_group(&mut self.driver);
        kill_group(&mut self.xvfb);
        let dir = std::mem::replace(&mut self.data_dir, tempfile::tempdir().unwrap());
        drop(self);
        dir
    }
}

/// A WebDriver command that does not answer within 30 s fails the test instead of hanging it.
async fn bounded<T, E: std::fmt::Display>(
    what: &str,
    f: impl std::future::Future<Output = Result<T, E>>,
) -> T {
    match tokio::time::timeout(Duration::from_secs(30), f).await {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => panic!("{what}: {e}"),
        Err(_) => panic!("{what}: no answer from the driver within 30 s"),
    }
}

/// Ends a child and everything it started (tauri-driver starts WebKitWebDriver, which starts
/// the app): each was spawned as the leader of its own process group. This process is their
/// subreaper (see `start_with`), so the grandchildren are reaped here instead of lingering.
fn kill_group(child: &mut Child) {
    use nix::sys::signal::{killpg, Signal};
    use nix::sys::wait::{waitpid, WaitPidFlag};
    use nix::unistd::Pid;
    let _ = killpg(Pid::from_raw(child.id() as i32), Signal::SIGKILL);
    let _ = child.kill();
    let _ = child.wait();
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(2) {
        match waitpid(None::<Pid>, Some(WaitPidFlag::WNOHANG)) {
            Ok(nix::sys::wait::WaitStatus::StillAlive) => {
                std::thread::sleep(Duration::from_millis(20))
            }
            Ok(_) => {}
            Err(_) => break, // no children left
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        kill_group(&mut self.driver);
        kill_group(&mut self.xvfb);
    }
}
