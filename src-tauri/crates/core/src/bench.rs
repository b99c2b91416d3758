//! `kluis bench`: the performance goals, measured on synthetic data and printed as JSON.
//! The same workload runs on an encrypted vault database and on a plain SQLite database with
//! the same schema, so the cost of encryption shows as a ratio. Figures go here, never into
//! timed tests.
use crate::crm::dto::PersonQuery;
use crate::error::CoreResult;
use crate::import::{with_csv_rows, write_rows, Writer};
use crate::store::{self, activity, persons};
use kluis_vault::DbKey;
use rusqlite::Connection;
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::AtomicBool;
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
    /// People per second written by the demo generator with everything around them
    /// (timeline entries, deals, tasks, organisations).
    pub demo_people_per_sec: f64,
    pub search_p50_ms: f64,
    pub search_p95_ms: f64,
    pub list_page_p95_ms: f64,
    pub view360_p95_ms: f64,
    /// One pass of the retention engine's scan (every rule kind's candidates) in the worst case:
    /// a cut-off after every record's last change, so every record is looked at in full.
    pub retention_scan_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ratios {
    pub import: f64,
    pub demo: f64,
    pub search_p95: f64,
    pub list_page_p95: f64,
    pub view360_p95: f64,
    pub retention_scan: f64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BenchReport {
    pub contacts: u32,
    pub search_queries: usize,
    pub samples: usize,
    pub encrypted: Figures,
    pub plain: Figures,
    /// encrypted / plain time (for inserts: plain rate / encrypted rate); 1.0 = no cost.
    pub ratio: Ratios,
    pub peak_rss_mb: f64,
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

fn workload(
    conn: &mut Connection,
    contacts: u32,
    searches: usize,
    samples: usize,
) -> CoreResult<Figures> {
    store::migrate(conn)?;
    conn.execute(
        "INSERT INTO users (id, username, display_name, created_at, updated_at) VALUES (1, 'bench', 'Bench', '', '')",
        [],
    )?;
    let t = Instant::now();
    let tx = conn.transaction()?;
    crate::demo::generate(&tx, 1, chrono::Utc::now(), contacts)?;
    tx.commit()?;
    let demo_people_per_sec = contacts as f64 / t.elapsed().as_secs_f64();

    let max_id: i64 = conn.query_row("SELECT max(id) FROM persons", [], |r| r.get(0))?;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    // Search: names typed letter by letter, each keystroke one query with its hits hydrated.
    let mut search_ms = Vec::with_capacity(searches);
    'outer: while search_ms.len() < searches {
        let id = 1 + rng.below(max_id as u64) as i64;
        let name: String = conn.query_row(
            "SELECT CASE WHEN ?2 THEN family_name ELSE given_name || ' ' || family_name END FROM persons WHERE id = ?1",
            rusqlite::params![id, rng.below(2) == 0],
            |r| r.get(0),
        )?;
        let chars: Vec<char> = name.chars().collect();
        for len in 1..=chars.len() {
            let prefix: String = chars[..len].iter().collect();
            let t = Instant::now();
            crate::crm::search::hits(conn, &prefix, 20)?;
            search_ms.push(ms(t));
            if search_ms.len() >= searches {
                break 'outer;
            }
        }
    }
    // List pages at random places in family-name order (keyset cursors).
    let mut list_ms = Vec::with_capacity(samples);
    for _ in 0..samples {
        let id = 1 + rng.below(max_id as u64) as i64;
        let key: String =
            conn.query_row("SELECT sort_name FROM persons WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        let q = PersonQuery {
            limit: 50,
            after: Some(format!("{id}:{key}")),
            ..Default::default()
        };
        let t = Instant::now();
        persons::list_persons(conn, &q, false)?;
        list_ms.push(ms(t));
    }
    // The 360° view of random people.
    let mut view_ms = Vec::with_capacity(samples);
    for _ in 0..samples {
        let id = 1 + rng.below(max_id as u64) as i64;
        let t = Instant::now();
        persons::get_person(conn, id)?;
        activity::timeline_for_person(conn, id, 50)?;
        activity::deals_for_person(conn, id, true)?;
        activity::tasks_for_person(conn, id)?;
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
        store::retention::candidates(conn, kind, &before)?;
    }
    let retention_scan_ms = ms(t);
    // The import: an address list of up to 100,000 rows into the vault as it now is.
    let rows = contacts.min(100_000);
    let csv = crate::demo::address_list_csv(rows, 7);
    let map = crate::import::preview(&csv)?.mapping;
    let t = Instant::now();
    let tx = conn.transaction()?;
    let w = Writer {
        conn: &tx,
        user_id: 1,
        now: chrono::Utc::now(),
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
    tx.commit()?;
    let import_rows_per_sec = rows as f64 / t.elapsed().as_secs_f64();
    Ok(Figures {
        import_rows_per_sec: import_rows_per_sec.round(),
        import_refused: report.refused,
        demo_people_per_sec: demo_people_per_sec.round(),
        search_p50_ms: percentile(&mut search_ms.clone(), 0.50),
        search_p95_ms: percentile(&mut search_ms, 0.95),
        list_page_p95_ms: percentile(&mut list_ms, 0.95),
        view360_p95_ms: percentile(&mut view_ms, 0.95),
        retention_scan_ms: (retention_scan_ms * 10.0).round() / 10.0,
    })
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

/// Runs the whole benchmark in `dir` (two databases are created there and left for inspection
/// only if the caller keeps the folder).
pub fn run(dir: &Path, contacts: u32, searches: usize, samples: usize) -> CoreResult<BenchReport> {
    let key = DbKey::generate();
    let mut enc = store::open(&dir.join("bench-encrypted.db"), &key, true)?;
    let encrypted = workload(&mut enc, contacts, searches, samples)?;
    drop(enc);
    let mut plain_conn = store::open_plain_for_benchmark(&dir.join("bench-plain.db"))?;
    let plain = workload(&mut plain_conn, contacts, searches, samples)?;
    let r = |a: f64, b: f64| {
        if b > 0.0 {
            (a / b * 100.0).round() / 100.0
        } else {
            0.0
        }
    };
    Ok(BenchReport {
        contacts,
        search_queries: searches,
        samples,
        ratio: Ratios {
            import: r(plain.import_rows_per_sec, encrypted.import_rows_per_sec),
            demo: r(plain.demo_people_per_sec, encrypted.demo_people_per_sec),
            search_p95: r(encrypted.search_p95_ms, plain.search_p95_ms),
            list_page_p95: r(encrypted.list_page_p95_ms, plain.list_page_p95_ms),
            view360_p95: r(encrypted.view360_p95_ms, plain.view360_p95_ms),
            retention_scan: r(encrypted.retention_scan_ms, plain.retention_scan_ms),
        },
        encrypted,
        plain,
        peak_rss_mb: peak_rss_mb(),
        targets: serde_json::json!({
            "importRowsPerSec": ">= 50000", "searchP95Ms": "<= 20", "listPageP95Ms": "<= 5",
            "view360P95Ms": "<= 10", "retentionScanMs": "<= 5000", "ratio": "<= 1.3", "peakRssMb": "<= 300"
        }),
        note: "import: up to 100,000 CSV rows through the import engine into the filled vault; demo: the synthetic world with timelines, deals and tasks",
    })
}
