//! `kluis bench`: the performance goals, measured on synthetic data and printed as JSON.
//! The same workload runs on an encrypted vault database and on a plain SQLite database with
//! the same schema, so the cost of encryption shows as a ratio. Figures go here, never into
//! timed tests.
use crate::dto::crm::{PersonQuery, TaskFilter};
use crate::error::CoreResult;
use crate::import::{with_csv_rows, write_rows, Writer};
use crate::store::{self, activity, persons, CipherLayout, Kind, Store};
use kluis_vault::DbKey;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    /// Rows per second of a semicolon CSV address list imported through the import engine
    /// (decoding, mapping, the form rules, organisations found or created, duplicate checks,
    /// contact points, addresses, tags and search rows), into a vault already holding the
    /// demo world, in one transaction.
    pub import_rows_per_sec: f64,
    /// Rows of that list the engine refused (0 unless the generator or the rules broke).
    pub import_refused: usize,
    /// The same list into an empty vault: a company's first import.
    pub import_empty_rows_per_sec: f64,
    /// People per second written by the demo generator with everything around them
    /// (timeline entries, deals, tasks, organisations).
    pub demo_people_per_sec: f64,
    /// The first pass of searches after opening the vault: pages are read from disk and
    /// decrypted for the first time, so this depends on the disk and on what the OS cached.
    pub search_first_pass_p95_ms: f64,
    pub address_search_first_pass_p95_ms: f64,
    /// The steady state, a second pass over other people: every keystroke of names, places
    /// (city, postcode, street) and fragments typed letter by letter, each query with its hits
    /// hydrated.
    pub search_p50_ms: f64,
    pub search_p95_ms: f64,
    /// The place queries alone (city, postcode, street and house number).
    pub address_search_p95_ms: f64,
    /// The five slowest search queries of the steady pass (synthetic data), to see what the
    /// p95 is made of.
    pub slowest_searches: Vec<(String, f64)>,
    pub list_page_p95_ms: f64,
    /// A list page at a random position by offset (the scroll bar dragged far).
    pub list_jump_p95_ms: f64,
    pub view360_p95_ms: f64,
    /// The deals board: every stage with its count and value, and each stage's first cards.
    /// The first opening (cold page cache) and the p95 of the openings after it.
    pub board_first_ms: f64,
    pub board_p95_ms: f64,
    /// The task lists (all, mine, overdue), 500 rows each.
    pub tasks_p95_ms: f64,
    /// The dashboard: pipeline, won and lost per month for a year, activity per week.
    pub dashboard_first_ms: f64,
    pub dashboard_p95_ms: f64,
    /// One pass of the retention engine's scan (every rule kind's candidates) in the worst case:
    /// a cut-off after every record's last change, so every record is looked at in full.
    pub retention_scan_ms: f64,
    /// A reused vault's migrations to this build (None: nothing reused).
    pub upgrade_ms: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ratios {
    pub import: f64,
    pub demo: f64,
    pub search_p95: f64,
    pub list_page_p95: f64,
    pub view360_p95: f64,
    pub board_p95: f64,
    pub dashboard_p95: f64,
    pub retention_scan: f64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BenchReport {
    pub contacts: u32,
    /// The databases were kept from an earlier run (`--dir`): not generated again, and the
    /// import's rows rolled back after it was timed so the vault stays as it was.
    pub reused: bool,
    pub search_queries: usize,
    pub samples: usize,
    pub encrypted: Figures,
    pub plain: Option<Figures>,
    /// encrypted / plain time (for inserts: plain rate / encrypted rate); 1.0 = no cost.
    pub ratio: Option<Ratios>,
    pub peak_rss_mb: f64,
    /// The encrypted database's page MAC and page size.
    pub cipher: serde_json::Value,
    /// Copying the kept database into another layout, when one was asked for (ms).
    pub export_ms: Option<f64>,
    pub targets: serde_json::Value,
    pub note: &'static str,
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    (samples[idx] * 1000.0).round() / 1000.0
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// What is measured, and how much of it.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    pub contacts: u32,
    pub searches: usize,
    pub samples: usize,
    /// Keep the databases here and reuse them when they are already there (with their key);
    /// None: a temporary folder, removed afterwards.
    pub dir: Option<PathBuf>,
    /// Also run on a plain SQLite database, for the encrypted/plain ratios.
    pub plain: bool,
    /// The encrypted database's page layout. Another than the vault's is measured on a copy
    /// (`sqlcipher_export` of the kept database, kept beside it) or made in it from the start.
    pub layout: CipherLayout,
}

/// p95 of `f` over `n` runs, after one first run whose time is returned separately (the cold
/// page cache a person meets when opening a section first).
fn first_and_p95(n: usize, mut f: impl FnMut() -> CoreResult<()>) -> CoreResult<(f64, f64)> {
    let t = Instant::now();
    f()?;
    let first = (ms(t) * 1000.0).round() / 1000.0;
    let mut runs = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f()?;
        runs.push(ms(t));
    }
    Ok((first, percentile(&mut runs, 0.95)))
}

/// The import of up to 100,000 rows of the synthetic address list; returns rows per second
/// and the rows refused. `keep`: commit, or roll back after timing (a reused vault stays as
/// it was).
fn import_rate(st: &Arc<Store>, rows: u32, keep: bool) -> CoreResult<(f64, usize)> {
    let csv = crate::demo::address_list_csv(rows, 7);
    let map = crate::import::preview(&csv)?.mapping;
    let t = Instant::now();
    let tx = st.write()?;
    let w = Writer {
        tx: &tx,
        user_id: 1,
        now: chrono::Utc::now(),
        strict: false,
    };
    let report = with_csv_rows(&csv, &map, &mut |items, total, col| {
        write_rows(
            &w,
            items,
            total,
            col,
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
    })?;
    if keep {
        tx.commit()?;
    }
    let rate = rows as f64 / t.elapsed().as_secs_f64();
    Ok((rate.round(), report.refused))
}

/// The place queries typed by staff: a city letter by letter from its third letter, a
/// postcode's digits, a street with its house number.
fn place_queries(st: &Arc<Store>, id: i64, out: &mut Vec<String>) -> CoreResult<()> {
    let Some((street, postcode, city)) = persons::first_address_of(&st.read()?, id)? else {
        return Ok(());
    };
    let city: Vec<char> = city.chars().collect();
    for len in 3..=city.len() {
        out.push(city[..len].iter().collect());
    }
    if postcode.len() >= 4 {
        out.push(postcode[..4].to_string());
        out.push(postcode.clone());
    }
    if !street.is_empty() {
        out.push(street.to_lowercase());
    }
    Ok(())
}

/// The search timings of one pass.
struct SearchPass {
    all_ms: Vec<f64>,
    place_ms: Vec<f64>,
    slowest: Vec<(String, f64)>,
}

/// `searches` keystrokes: names typed letter by letter, and now and then a place, each
/// keystroke one query with its hits hydrated.
fn search_pass(
    st: &Arc<Store>,
    rng: &mut Rng,
    max_id: i64,
    searches: usize,
) -> CoreResult<SearchPass> {
    let mut search_ms = Vec::with_capacity(searches);
    let mut place_ms = Vec::new();
    let mut slowest: Vec<(String, f64)> = Vec::new();
    'outer: while search_ms.len() < searches {
        let id = 1 + rng.below(max_id as u64) as i64;
        let (queries, place) = if rng.below(5) == 0 {
            let mut q = Vec::new();
            place_queries(st, id, &mut q)?;
            (q, true)
        } else {
            let name =
                persons::typed_name_of(&st.read()?, id, rng.below(2) == 0)?.unwrap_or_default();
            let chars: Vec<char> = name.chars().collect();
            (
                (1..=chars.len())
                    .map(|l| chars[..l].iter().collect())
                    .collect(),
                false,
            )
        };
        for q in queries {
            let t = Instant::now();
            crate::crm::search::hits(&st.read()?, &q, 20)?;
            let took = ms(t);
            search_ms.push(took);
            slowest.push((q.clone(), (took * 1000.0).round() / 1000.0));
            if slowest.len() > 5 {
                slowest.sort_by(|a, b| b.1.total_cmp(&a.1));
                slowest.truncate(5);
            }
            if place {
                place_ms.push(took);
            }
            if search_ms.len() >= searches {
                break 'outer;
            }
        }
    }
    slowest.sort_by(|a, b| b.1.total_cmp(&a.1));
    slowest.truncate(5);
    Ok(SearchPass {
        all_ms: search_ms,
        place_ms,
        slowest,
    })
}

fn workload(
    st: &Arc<Store>,
    migrated_in: std::time::Duration,
    opts: &BenchOptions,
    reused: bool,
    empty_rate: f64,
) -> CoreResult<Figures> {
    let (contacts, searches, samples) = (opts.contacts, opts.searches, opts.samples);
    let mut demo_people_per_sec = 0.0;
    let mut upgrade_ms = None;
    if reused {
        // A kept vault made by an older build is brought up to date first: what a customer's
        // vault goes through on the first start of a new version.
        upgrade_ms = Some((migrated_in.as_secs_f64() * 10_000.0).round() / 10.0);
    } else {
        bench_user(st)?;
        let t = Instant::now();
        let tx = st.write()?;
        crate::demo::generate(&tx, 1, chrono::Utc::now(), contacts)?;
        tx.commit()?;
        demo_people_per_sec = (contacts as f64 / t.elapsed().as_secs_f64()).round();
    }
    let max_id = persons::max_id(&st.read()?)?;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    // The sections a person opens first after unlocking, each timed cold and then warm.
    let (board_first_ms, board_p95_ms) = first_and_p95(samples.div_ceil(10).max(20), || {
        crate::crm::deals::board_on(&st.read()?, true).map(|_| ())
    })?;
    let today = chrono::Utc::now().date_naive();
    let (dashboard_first_ms, dashboard_p95_ms) =
        first_and_p95(samples.div_ceil(10).max(20), || {
            crate::crm::deals::dashboard_on(&st.read()?, today, true).map(|_| ())
        })?;
    let today_s = today.format("%Y-%m-%d").to_string();
    let mut tasks_ms = Vec::new();
    for _ in 0..samples.div_ceil(10).max(20) {
        for filter in [TaskFilter::All, TaskFilter::Mine, TaskFilter::Overdue] {
            let t = Instant::now();
            store::deals::tasks(
                &st.read()?,
                filter,
                1,
                &today_s,
                crate::crm::deals::TASKS_PER_LIST,
            )?;
            tasks_ms.push(ms(t));
        }
    }
    // Search, twice over different people: the first pass right after opening the vault
    // (pages come from disk and are decrypted for the first time), then the steady state
    // that the target is about.
    let first = search_pass(st, &mut rng, max_id, searches)?;
    let mut steady = search_pass(st, &mut rng, max_id, searches)?;
    // List pages at random places in family-name order (keyset cursors).
    let mut list_ms = Vec::with_capacity(samples);
    for _ in 0..samples {
        let id = 1 + rng.below(max_id as u64) as i64;
        let key = persons::sort_name_of(&st.read()?, id)?.unwrap_or_default();
        let q = PersonQuery {
            limit: 50,
            after: Some(format!("{id}:{key}")),
            ..Default::default()
        };
        let t = Instant::now();
        persons::list_persons(&st.read()?, &q, false)?;
        list_ms.push(ms(t));
    }
    // Jumps: a page at a random position, by offset.
    let mut jump_ms = Vec::new();
    for _ in 0..samples.div_ceil(10).max(20) {
        let q = PersonQuery {
            limit: 50,
            offset: Some(rng.below(u64::from(contacts)) as u32),
            ..Default::default()
        };
        let t = Instant::now();
        persons::list_persons(&st.read()?, &q, false)?;
        jump_ms.push(ms(t));
    }
    // The 360° view of random people.
    let mut view_ms = Vec::with_capacity(samples);
    for _ in 0..samples {
        let id = 1 + rng.below(max_id as u64) as i64;
        let t = Instant::now();
        let tx = st.read()?;
        persons::get_person(&tx, id)?;
        activity::timeline_for_person(&tx, id, 50)?;
        activity::deals_for_person(&tx, id, true)?;
        activity::tasks_for_person(&tx, id)?;
        drop(tx);
        view_ms.push(ms(t));
    }
    // The retention scan over the whole vault.
    let before = crate::clock::stamp(chrono::Utc::now() + chrono::Duration::days(1));
    let t = Instant::now();
    for kind in [
        "inactive_prospects",
        "former_customers",
        "closed_deals",
        "former_employees",
    ] {
        store::retention::candidates(&st.read()?, kind, &before)?;
    }
    let retention_scan_ms = ms(t);
    // The import: an address list of up to 100,000 rows into the vault as it now is.
    let (import_rows_per_sec, import_refused) = import_rate(st, contacts.min(100_000), !reused)?;
    Ok(Figures {
        import_rows_per_sec,
        import_refused,
        import_empty_rows_per_sec: empty_rate,
        demo_people_per_sec,
        search_first_pass_p95_ms: percentile(&mut first.all_ms.clone(), 0.95),
        address_search_first_pass_p95_ms: percentile(&mut first.place_ms.clone(), 0.95),
        search_p50_ms: percentile(&mut steady.all_ms.clone(), 0.50),
        search_p95_ms: percentile(&mut steady.all_ms, 0.95),
        address_search_p95_ms: percentile(&mut steady.place_ms, 0.95),
        slowest_searches: steady.slowest,
        list_page_p95_ms: percentile(&mut list_ms, 0.95),
        list_jump_p95_ms: percentile(&mut jump_ms, 0.95),
        view360_p95_ms: percentile(&mut view_ms, 0.95),
        board_first_ms,
        board_p95_ms,
        tasks_p95_ms: percentile(&mut tasks_ms, 0.95),
        dashboard_first_ms,
        dashboard_p95_ms,
        retention_scan_ms: (retention_scan_ms * 10.0).round() / 10.0,
        upgrade_ms,
    })
}

/// The benchmark's user, who owns what it makes.
fn bench_user(st: &Arc<Store>) -> CoreResult<()> {
    let tx = st.write()?;
    store::users::insert(&tx, Some(1), "bench", "Bench", false, "")?;
    tx.commit()
}

/// The import into an empty vault, in a database of its own (removed afterwards).
fn empty_import_rate(kind: Kind, dir: &Path, rows: u32) -> CoreResult<f64> {
    let path = dir.join("bench-empty.db");
    let _ = std::fs::remove_file(&path);
    let rate = {
        let (st, _) = Store::open_kind(&path, &DbKey::generate(), kind, true)?;
        bench_user(&st)?;
        import_rate(&st, rows, true)?.0
    };
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("bench-empty.db{suffix}")));
    }
    Ok(rate)
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map(|kb| (kb / 1024.0 * 10.0).round() / 10.0)
        .unwrap_or(-1.0)
}

/// Runs the whole benchmark (the databases in `opts.dir`, or in a temporary folder).
pub fn run(opts: &BenchOptions) -> CoreResult<BenchReport> {
    // SQLCipher takes a power of two from 512 to 65,536 bytes.
    if !(opts.layout.page_size.is_power_of_two() && (512..=65_536).contains(&opts.layout.page_size))
    {
        return Err(crate::error::CoreError::Invalid {
            field: "cipher_page_size",
            reason: crate::error::ValidationReason::OutOfRange,
        });
    }
    let temp;
    let dir: &Path = match &opts.dir {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d
        }
        None => {
            temp = tempfile::tempdir()?;
            temp.path()
        }
    };
    let enc_path = dir.join("bench-encrypted.db");
    let key_path = dir.join("bench-encrypted.key");
    // A kept database is reused only with its key and for the same size; otherwise it is
    // made again. (The key sits beside it in the clear: the data are synthetic.)
    let kept_key = std::fs::read_to_string(&key_path)
        .ok()
        .and_then(|h| DbKey::from_hex(h.trim()));
    let reused = opts.dir.is_some()
        && enc_path.exists()
        && kept_key.is_some()
        && std::fs::read_to_string(dir.join("bench-contacts"))
            .is_ok_and(|n| n.trim() == opts.contacts.to_string());
    let key = match (reused, kept_key) {
        (true, Some(k)) => k,
        _ => {
            for f in ["bench-encrypted.db", "bench-plain.db", "bench-contacts"] {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(dir.join(format!("{f}{suffix}")));
                }
            }
            let k = DbKey::generate();
            if opts.dir.is_some() {
                std::fs::write(&key_path, k.to_hex().as_str())?;
            }
            k
        }
    };
    let rows = opts.contacts.min(100_000);
    let empty_enc = if reused {
        0.0
    } else {
        empty_import_rate(Kind::Vault, dir, rows)?
    };
    let layout = opts.layout;
    let mut export_ms = None;
    let (enc, migrated_in) = if layout == CipherLayout::VAULT {
        Store::open_kind(&enc_path, &key, Kind::Vault, true)?
    } else {
        let copy = dir.join(format!(
            "bench-encrypted-{}-{}.db",
            if layout.hmac_sha256 {
                "sha256"
            } else {
                "sha512"
            },
            layout.page_size
        ));
        if reused {
            if !copy.exists() {
                let (source, _) = Store::open_kind(&enc_path, &key, Kind::Vault, false)?;
                let t = Instant::now();
                source.export_laid_out(&copy, layout)?;
                export_ms = Some((ms(t) * 10.0).round() / 10.0);
            }
        } else {
            let _ = std::fs::remove_file(&copy);
        }
        Store::open_kind(&copy, &key, Kind::LaidOut(layout), true)?
    };
    let encrypted = workload(&enc, migrated_in, opts, reused, empty_enc)?;
    drop(enc);
    let plain = if opts.plain {
        let plain_path = dir.join("bench-plain.db");
        let plain_reused = reused && plain_path.exists();
        let empty_plain = if plain_reused {
            0.0
        } else {
            empty_import_rate(Kind::PlainForBenchmark, dir, rows)?
        };
        let (plain, migrated_in) =
            Store::open_kind(&plain_path, &key, Kind::PlainForBenchmark, true)?;
        Some(workload(
            &plain,
            migrated_in,
            opts,
            plain_reused,
            empty_plain,
        )?)
    } else {
        None
    };
    if opts.dir.is_some() {
        std::fs::write(dir.join("bench-contacts"), opts.contacts.to_string())?;
    }
    let r = |a: f64, b: f64| {
        if b > 0.0 {
            (a / b * 100.0).round() / 100.0
        } else {
            0.0
        }
    };
    let ratio = plain.as_ref().map(|plain| Ratios {
        import: r(plain.import_rows_per_sec, encrypted.import_rows_per_sec),
        demo: r(plain.demo_people_per_sec, encrypted.demo_people_per_sec),
        search_p95: r(encrypted.search_p95_ms, plain.search_p95_ms),
        list_page_p95: r(encrypted.list_page_p95_ms, plain.list_page_p95_ms),
        view360_p95: r(encrypted.view360_p95_ms, plain.view360_p95_ms),
        board_p95: r(encrypted.board_p95_ms, plain.board_p95_ms),
        dashboard_p95: r(encrypted.dashboard_p95_ms, plain.dashboard_p95_ms),
        retention_scan: r(encrypted.retention_scan_ms, plain.retention_scan_ms),
    });
    Ok(BenchReport {
        contacts: opts.contacts,
        reused,
        search_queries: opts.searches,
        samples: opts.samples,
        ratio,
        encrypted,
        plain,
        peak_rss_mb: peak_rss_mb(),
        cipher: serde_json::json!({
            "hmac": if layout.hmac_sha256 { "HMAC_SHA256" } else { "HMAC_SHA512" },
            "pageSize": layout.page_size,
        }),
        export_ms,
        targets: serde_json::json!({
            "importRowsPerSec": ">= 5000 (into the filled vault)",
            "importEmptyRowsPerSec": ">= 10000",
            "searchP95Ms": "<= 5 (names and places, steady pass)",
            "searchFirstPassP95Ms": "<= 15 proposed (the first pass after opening reads from disk)",
            "listPageP95Ms": "<= 2",
            "view360P95Ms": "<= 10",
            "boardP95Ms": "<= 50",
            "tasksP95Ms": "<= 20",
            "dashboardP95Ms": "<= 100",
            "retentionScanMs": "<= 5000 at 100,000; <= 15000 proposed at 1,000,000 (runs in the background)",
            "peakRssMb": "<= 300",
            "ratio": "printed, not a target"
        }),
        note: "import: up to 100,000 CSV rows through the import engine into the filled vault (rolled back when the vault is reused) and into an empty one; demo: the synthetic world with timelines, deals and tasks; sections: the first opening cold, then the p95 of openings after it; search: a first pass right after opening, then a steady pass over other people",
    })
}
