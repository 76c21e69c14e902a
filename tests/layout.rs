//! The shape of the code: data flows one way through the pipeline, so no module may name a
//! module of a later step; no source file is long; `main.rs` stays a few dozen lines.

use std::path::{Path, PathBuf};

/// The top-level modules in pipeline order. A module may use its own rank and earlier ones.
const ORDER: [(&str, u32); 21] = [
    ("diag", 0),
    ("metric", 0),
    ("stats", 0),
    ("format", 0),
    ("dist", 1),
    ("scenario", 2),
    ("request", 3),
    ("engine", 3),
    ("results", 4),
    ("affordability", 4),
    ("error", 5),
    ("run", 6),
    ("analysis", 7),
    ("document", 8),
    ("render", 9),
    ("output", 10),
    ("cli", 11),
    ("config", 11),
    ("lib", 12),
    ("main", 13),
    ("bin", 13),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn all_sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn rank(module: &str) -> u32 {
    ORDER
        .iter()
        .find(|(m, _)| *m == module)
        .unwrap_or_else(|| panic!("module `{module}` has no place in tests/layout.rs ORDER"))
        .1
}

/// The top-level module of a file: `analysis/wtp/mod.rs` → `analysis`.
fn module_of(rel: &str) -> &str {
    rel.split('/').next().unwrap().trim_end_matches(".rs")
}

#[test]
fn no_module_names_a_later_step() {
    let mut wrong = Vec::new();
    for (rel, text) in all_sources() {
        let own = module_of(&rel);
        for (at, _) in text.match_indices("crate::") {
            let name: String = text[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() || name == own || !name.chars().next().unwrap().is_lowercase() {
                continue;
            }
            if rank(&name) > rank(own) {
                wrong.push(format!("{rel} uses crate::{name}"));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "arrows back up the pipeline:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_source_file_is_long() {
    let long: Vec<String> = all_sources()
        .into_iter()
        .filter(|(_, text)| text.lines().count() > 800)
        .map(|(rel, text)| format!("{rel}: {} lines", text.lines().count()))
        .collect();
    assert!(
        long.is_empty(),
        "files over 800 lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn main_is_a_few_dozen_lines() {
    let main = all_sources()
        .into_iter()
        .find(|(rel, _)| rel == "main.rs")
        .unwrap();
    assert!(main.1.lines().count() < 80);
}
