//! `appraise init`: every starting scenario is written with the schema beside it, validates
//! without a warning and runs as written; init never writes over a file.

mod common;

use appraise::scenario::starter::{SCHEMA_FILE, Starter};
use tempfile::TempDir;

fn appraise(dir: &TempDir, args: &[&str]) -> (i32, String, String) {
    common::appraise_in(dir.path(), args)
}

#[test]
fn every_template_validates_and_runs_as_written() {
    for s in Starter::ALL {
        let dir = TempDir::new().unwrap();
        let file = format!("{}.toml", s.name());
        let (code, _, err) = appraise(&dir, &["init", &file, "--template", s.name()]);
        assert_eq!(code, 0, "{}: {err}", s.name());
        let written = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        assert_eq!(written, s.text());
        let schema = std::fs::read_to_string(dir.path().join(SCHEMA_FILE)).unwrap();
        assert_eq!(schema, appraise::schema_text());

        let (code, out, err) = appraise(&dir, &["validate", &file]);
        assert_eq!(code, 0, "{}: {err}", s.name());
        assert!(out.contains("valid:"), "{out}");
        assert!(err.is_empty(), "{} warns:\n{err}", s.name());

        let (code, out, err) = appraise(&dir, &["run", &file, "--iterations", "500"]);
        assert_eq!(code, 0, "{}: {err}", s.name());
        assert!(out.contains("Ranked on"), "{out}");
        assert!(err.is_empty(), "{} warns when run:\n{err}", s.name());
    }
}

#[test]
fn every_number_cites_a_source_or_says_it_is_an_assumption() {
    for s in Starter::ALL {
        let doc: toml::Table = toml::from_str(s.text()).unwrap();
        let mut bare = Vec::new();
        sourced(&toml::Value::Table(doc), "", &mut bare);
        assert!(
            bare.is_empty(),
            "{}: quantities without a source: {bare:?}",
            s.name()
        );
    }
}

/// Collects the distribution tables (tables with a form key) that have no `source`.
fn sourced(v: &toml::Value, path: &str, bare: &mut Vec<String>) {
    const FORMS: [&str; 9] = [
        "value",
        "uniform",
        "triangular",
        "pert",
        "normal",
        "lognormal90",
        "beta",
        "observed",
        "choice",
    ];
    match v {
        toml::Value::Table(t) => {
            let distribution = FORMS.iter().any(|f| t.contains_key(*f))
                && t.keys().all(|k| {
                    FORMS.contains(&k.as_str())
                        || ["weights", "source", "note"].contains(&k.as_str())
                });
            if distribution && !t.contains_key("source") {
                bare.push(path.to_string());
            }
            for (k, x) in t {
                sourced(x, &format!("{path}.{k}"), bare);
            }
        }
        toml::Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                sourced(x, &format!("{path}[{i}]"), bare);
            }
        }
        _ => {}
    }
}

#[test]
fn init_never_writes_over_a_file() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("mine.toml"), "keep me").unwrap();
    let (code, _, err) = appraise(&dir, &["init", "mine.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("mine.toml already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine.toml")).unwrap(),
        "keep me"
    );
    // A schema already there is kept, and said to differ.
    std::fs::write(dir.path().join(SCHEMA_FILE), "{}").unwrap();
    let (code, _, err) = appraise(&dir, &["init", "other.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("kept"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(SCHEMA_FILE)).unwrap(),
        "{}"
    );
}
