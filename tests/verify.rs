//! `appraise verify`: a fresh document passes in every format that embeds an audit record;
//! a document with a changed figure fails and names the line or cell; a document whose
//! scenario has changed fails and names the scenario, and one from earlier random streams names
//! them.

mod common;

use assert_cmd::Command;
use common::appraise_in as appraise;
use std::path::Path;
use tempfile::TempDir;

/// A folder holding a copy of the minimal scenario.
fn folder() -> TempDir {
    let dir = TempDir::new().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/minimal.toml");
    std::fs::copy(src, dir.path().join("s.toml")).unwrap();
    dir
}

/// Writes a document of the scenario with `args` and checks that verify passes on it.
fn fresh(dir: &Path, args: &[&str]) {
    let (code, _, err) = appraise(dir, args);
    assert_eq!(code, 0, "{err}");
    let out = args[args.iter().position(|a| *a == "-o").unwrap() + 1];
    let (code, stdout, err) = appraise(dir, &["verify", out]);
    assert_eq!(code, 0, "{out}: {err}");
    assert!(
        stdout.starts_with(&format!("verified: {out} is byte-identical")),
        "{stdout}"
    );
}

const RUN: [&str; 4] = ["--iterations", "300", "--date", "2026-07-31"];

#[test]
fn a_fresh_document_passes_in_every_format() {
    let dir = folder();
    let d = dir.path();
    for out in ["r.md", "r.html", "r.xlsx"] {
        let mut args = vec!["report", "s.toml", "-o", out];
        args.extend(RUN);
        fresh(d, &args);
    }
    let mut args = vec!["appendix", "s.toml", "-o", "a.md", "--wtp", "2000"];
    args.extend(RUN);
    args.extend(["--set", "appraisal.discount_rate=0.03"]);
    fresh(d, &args);
    let mut args = vec![
        "report",
        "s.toml",
        "-o",
        "sweep.md",
        "--sweep",
        "appraisal.horizon_years",
        "--values",
        "1,2",
    ];
    args.extend(RUN);
    fresh(d, &args);
    // The JSON results of a run.
    let out = Command::cargo_bin("appraise")
        .unwrap()
        .current_dir(d)
        .args(["run", "s.toml", "-n", "300", "--wtp", "1500", "-f", "json"])
        .output()
        .unwrap();
    std::fs::write(d.join("r.json"), out.stdout).unwrap();
    let (code, _, err) = appraise(d, &["verify", "r.json"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_tampered_figure_is_named() {
    let dir = folder();
    let d = dir.path();
    let mut args = vec!["report", "s.toml", "-o", "r.md"];
    args.extend(RUN);
    fresh(d, &args);
    let text = std::fs::read_to_string(d.join("r.md")).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("| Recruit one family support worker | 100% |"))
        .expect("the summary row");
    let tampered = text.replacen(
        "| Recruit one family support worker | 100% |",
        "| Recruit one family support worker | 99% |",
        1,
    );
    std::fs::write(d.join("r.md"), tampered).unwrap();
    let (code, _, err) = appraise(d, &["verify", "r.md"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!(
            "line {}: the report has '99%' where a fresh run gives '100%'",
            line + 1
        )),
        "{err}"
    );
    assert!(err.contains("has been changed since it was made"), "{err}");
}

#[test]
fn a_tampered_cell_of_a_workbook_is_named() {
    let dir = folder();
    let d = dir.path();
    let mut args = vec!["report", "s.toml", "-o", "r.xlsx"];
    args.extend(RUN);
    fresh(d, &args);
    // Change the workbook's bytes where a figure is stored: rewrite one sheet's XML.
    let bytes = std::fs::read(d.join("r.xlsx")).unwrap();
    let mut zip = zip_entries(&bytes);
    let (name, xml) = zip
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .expect("the summary sheet");
    let at = xml.find("<v>").expect("a number") + 3;
    xml.insert(at, '9');
    let name = name.clone();
    std::fs::write(d.join("r.xlsx"), rezip(&zip)).unwrap();
    let (code, _, err) = appraise(d, &["verify", "r.xlsx"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("sheet 'Summary', cell "), "{name}: {err}");
}

fn zip_entries(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            (f.name().to_string(), s)
        })
        .collect()
}

fn rezip(entries: &[(String, String)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in entries {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_changed_scenario_is_named() {
    let dir = folder();
    let d = dir.path();
    let mut args = vec!["report", "s.toml", "-o", "r.html"];
    args.extend(RUN);
    fresh(d, &args);
    let text = std::fs::read_to_string(d.join("s.toml")).unwrap();
    std::fs::write(
        d.join("s.toml"),
        text.replace("horizon_years = 2 ", "horizon_years = 3 "),
    )
    .unwrap();
    let (code, _, err) = appraise(d, &["verify", "r.html"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the scenario s.toml has changed since the document was made"),
        "{err}"
    );
    assert!(err.contains("cannot be reproduced"), "{err}");
    // Moved away: verify says where it looked, and --scenario points it there.
    std::fs::rename(d.join("s.toml"), d.join("moved.toml")).unwrap();
    let (code, _, err) = appraise(d, &["verify", "r.html"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("r.html was made from s.toml, which cannot be read"),
        "{err}"
    );
    std::fs::write(d.join("moved.toml"), text).unwrap();
    let (code, out, err) = appraise(d, &["verify", "r.html", "--scenario", "moved.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("byte-identical"), "{out}");
}

/// A document whose record names no random streams was made before stream version v3: verify
/// names that as a cause of the difference.
#[test]
fn results_from_earlier_random_streams_are_named() {
    let dir = folder();
    let d = dir.path();
    let (code, out, err) = appraise(d, &["run", "s.toml", "-n", "300", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let mut results: serde_json::Value = serde_json::from_str(&out).unwrap();
    let audit = results["audit"].as_object_mut().unwrap();
    assert_eq!(audit.remove("streams"), Some("v3".into()));
    std::fs::write(
        d.join("r.json"),
        serde_json::to_vec_pretty(&results).unwrap(),
    )
    .unwrap();
    let (code, _, err) = appraise(d, &["verify", "r.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("drawn with random streams from before v3, and this appraise draws with v3"),
        "{err}"
    );
}

#[test]
fn a_document_without_a_record_is_refused() {
    let dir = folder();
    std::fs::write(dir.path().join("notes.md"), "# Notes\n").unwrap();
    let (code, _, err) = appraise(dir.path(), &["verify", "notes.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("notes.md holds no audit record"), "{err}");
}

#[test]
fn regenerate_writes_the_document_again() {
    let dir = folder();
    let d = dir.path();
    fresh(d, &["report", "s.toml", "-o", "r.md", "-n", "300"]);
    let (code, _, err) = appraise(d, &["verify", "r.md", "--regenerate", "again.md"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(d.join("r.md")).unwrap(),
        std::fs::read(d.join("again.md")).unwrap()
    );
    // Never over a file.
    let (code, _, err) = appraise(d, &["verify", "r.md", "--regenerate", "again.md"]);
    assert_eq!(code, 2, "{err}");
}
