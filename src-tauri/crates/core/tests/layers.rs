//! The shape of kluis-core, held by tests:
//! - its top-level modules form layers: counting every `crate::` path (in `use` lines and
//!   inline, grouped or not, through the crate root's re-exports), no module reaches a module
//!   that reaches back to it. A cycle fails with the modules in it and one line per edge;
//! - the store is the seam to the database engine: no file outside `store/` names `rusqlite` or
//!   holds SQL, their unit tests included (tests that look underneath, as an attacker with the
//!   key would, live in the store or in `tests/`).
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeMap<String, String>>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The text without `//` comments (doc links name modules without using them).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first name of each item in a `{ ... }` group starting at `s[0] == '{'`.
fn group_heads(s: &str) -> Vec<String> {
    let (mut depth, mut heads, mut cur) = (0, vec![], String::new());
    for c in s.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    heads.push(cur);
                    break;
                }
            }
            ',' if depth == 1 => {
                heads.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        if depth == 1 {
            cur.push(c);
        }
    }
    heads
        .iter()
        .map(|h| ident(h.trim_start()))
        .filter(|h| !h.is_empty())
        .collect()
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Names the crate root re-exports (`pub use module::{A, B}`), mapped to their module.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.strip_prefix("pub use ") else {
            continue;
        };
        let module = ident(rest);
        let after = &rest[module.len()..];
        if let Some(group) = after.strip_prefix("::{") {
            for name in group_heads(&format!("{{{group}")) {
                out.insert(name, module.clone());
            }
        } else if let Some(name) = after.strip_prefix("::") {
            out.insert(ident(name), module.clone());
        }
    }
    out
}

fn graph(src: &Path) -> Graph {
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib);
    let mut files = vec![];
    rust_files(src, &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| top_module(src, f)).collect();
    let mut g = Graph::new();
    for f in &files {
        let Some(from) = top_module(src, f) else {
            continue;
        };
        let text = code(&fs::read_to_string(f).unwrap());
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            let heads = if rest.starts_with('{') {
                group_heads(rest)
            } else {
                vec![ident(rest)]
            };
            for head in heads {
                let to = reexports.get(&head).cloned().unwrap_or(head);
                if to != from && modules.contains(&to) {
                    let line = text[..at].matches('\n').count() + 1;
                    let rel = f.strip_prefix(src).unwrap().display();
                    g.entry(from.clone())
                        .or_default()
                        .entry(to)
                        .or_insert_with(|| format!("{rel}:{line}"));
                }
            }
        }
    }
    g
}

fn top_module(src: &Path, f: &Path) -> Option<String> {
    let rel = f.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    (first != "lib.rs").then(|| first.trim_end_matches(".rs").to_string())
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let i = t.index.len();
        t.index.insert(v, i);
        t.low.insert(v, i);
        t.stack.push(v);
        for w in t.g.get(v).into_iter().flat_map(|e| e.keys()) {
            let w = w.as_str();
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                t.low.entry(v).and_modify(|l| *l = (*l).min(lw));
            } else if t.stack.contains(&w) {
                let iw = t.index[w];
                t.low.entry(v).and_modify(|l| *l = (*l).min(iw));
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = vec![];
            while let Some(w) = t.stack.pop() {
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        out: vec![],
    };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

#[test]
fn top_level_modules_form_layers() {
    let g = graph(&src());
    let found = cycles(&g);
    let mut report = String::new();
    for comp in &found {
        report.push_str(&format!("modules in a cycle: {}\n", comp.join(", ")));
        for from in comp {
            for (to, at) in &g[from] {
                if comp.contains(to) {
                    report.push_str(&format!("  {from} -> {to}  ({at})\n"));
                }
            }
        }
    }
    assert!(found.is_empty(), "{report}");
}

/// Where a file outside the store names the engine or holds SQL: `file:line: text`.
fn engine_outside_the_store(src: &Path) -> Vec<String> {
    let sql = [
        "SELECT ",
        "INSERT INTO",
        "DELETE FROM",
        "PRAGMA ",
        "CREATE TABLE",
        "ATTACH DATABASE",
        "BEGIN IMMEDIATE",
        "ROLLBACK",
    ];
    let mut files = vec![];
    rust_files(src, &mut files);
    let mut found = vec![];
    for f in files {
        let rel = f.strip_prefix(src).unwrap();
        if rel.starts_with("store") {
            continue;
        }
        let text = fs::read_to_string(&f).unwrap();
        for (n, line) in code(&text).lines().enumerate() {
            let in_string = |w: &str| {
                line.split('"')
                    .skip(1)
                    .step_by(2)
                    .any(|lit| lit.contains(w) || lit.contains(&w.to_lowercase()))
            };
            if line.contains("rusqlite") || sql.iter().any(|w| in_string(w)) {
                found.push(format!("{}:{}: {}", rel.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn only_the_store_speaks_to_the_database() {
    let found = engine_outside_the_store(&src());
    assert!(
        found.is_empty(),
        "rusqlite or SQL outside src/store:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_walker_sees_grouped_inline_and_reexported_paths() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    fs::write(src.join("lib.rs"), "pub use b::{Thing, Other};\n").unwrap();
    fs::create_dir(src.join("a")).unwrap();
    fs::write(src.join("a/mod.rs"), "use crate::{c, d::x};\n").unwrap();
    fs::write(src.join("b.rs"), "fn f() { crate::a::g() } // crate::e\n").unwrap();
    fs::write(src.join("c.rs"), "fn h(_: crate::Thing) {}\n").unwrap();
    fs::write(src.join("d.rs"), "").unwrap();
    fs::write(src.join("e.rs"), "").unwrap();
    let g = graph(src);
    let edges: Vec<(&str, &str)> = g
        .iter()
        .flat_map(|(f, t)| t.keys().map(move |t| (f.as_str(), t.as_str())))
        .collect();
    assert_eq!(edges, [("a", "c"), ("a", "d"), ("b", "a"), ("c", "b")]);
    assert_eq!(cycles(&g), [vec!["a", "b", "c"]]);

    fs::write(
        src.join("d.rs"),
        "fn f(c: &rusqlite::Connection) {}\nconst Q: &str = \"select id from persons\";\n",
    )
    .unwrap();
    fs::create_dir(src.join("store")).unwrap();
    fs::write(src.join("store/mod.rs"), "const Q: &str = \"SELECT 1\";\n").unwrap();
    assert_eq!(
        engine_outside_the_store(src),
        [
            "d.rs:1: fn f(c: &rusqlite::Connection) {}",
            "d.rs:2: const Q: &str = \"select id from persons\";"
        ]
    );
}
