//! What-if variants and `--set`: each gives the same results as an edited copy of the file.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn torbay() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/torbay-2025.toml")
}

fn json(args: &[&str], file: &Path) -> Value {
    let out = Command::cargo_bin("appraise")
        .unwrap()
        .arg("run")
        .arg(file)
        .args(["-n", "3000", "--format", "json"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// The results without the audit block (which names the file, its hash and the overrides).
fn outcome(v: &Value) -> (Value, Value, Value) {
    (
        v["options"].clone(),
        v["comparison"].clone(),
        v["inputs"].clone(),
    )
}

fn edited_copy(dir: &Path, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(torbay()).unwrap();
    assert!(text.contains(from), "the scenario no longer holds {from:?}");
    let path = dir.join("edited.toml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn a_variant_equals_an_edited_copy_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let edited = edited_copy(
        dir.path(),
        "budget.annual = 100000",
        "budget.annual = 80000",
    );
    let variant = json(&["--variant", "budget-80k"], &torbay());
    let copy = json(&[], &edited);
    assert_eq!(outcome(&variant), outcome(&copy));
    assert_eq!(variant["audit"]["variant"], "budget-80k");
    assert_eq!(variant["audit"]["overrides"], Value::Array(vec![]));
    // And it is not the base.
    let base = json(&[], &torbay());
    assert_ne!(outcome(&variant), outcome(&base));
}

#[test]
fn a_set_override_equals_an_edited_copy_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let edited = edited_copy(
        dir.path(),
        "specialist_fte.value = 2",
        "specialist_fte.value = 3",
    );
    let set = json(&["--set", "parameters.specialist_fte=3"], &torbay());
    let copy = json(&[], &edited);
    // The override replaces the whole quantity (and so its source); compare the numbers.
    let strip = |v: &Value| {
        let mut v = v.clone();
        for i in v["inputs"].as_array_mut().unwrap() {
            i.as_object_mut().unwrap().remove("source");
        }
        outcome(&v)
    };
    assert_eq!(strip(&set), strip(&copy));
    assert_eq!(
        set["audit"]["overrides"],
        serde_json::json!(["parameters.specialist_fte=3"])
    );
}

#[test]
fn a_set_override_applies_after_the_variant() {
    let both = json(
        &[
            "--variant",
            "budget-80k",
            "--set",
            "appraisal.budget.annual=90000",
        ],
        &torbay(),
    );
    let dir = tempfile::tempdir().unwrap();
    let edited = edited_copy(
        dir.path(),
        "budget.annual = 100000",
        "budget.annual = 90000",
    );
    assert_eq!(outcome(&both), outcome(&json(&[], &edited)));
}

#[test]
fn an_unknown_variant_lists_the_variants() {
    Command::cargo_bin("appraise")
        .unwrap()
        .arg("run")
        .arg(torbay())
        .args(["--variant", "short-term"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("has no variant 'short-term'"))
        .stderr(predicates::str::contains(
            "one of: short-term-funding, prepared-2026-27, budget-80k",
        ));
}

#[test]
fn a_bad_variant_override_is_reported_as_the_variants() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(torbay()).unwrap()
        + "\n[[variants]]\nname = \"broken\"\nset = [\"options.nobody.fte = 1\"]\n";
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).unwrap();
    Command::cargo_bin("appraise")
        .unwrap()
        .arg("run")
        .arg(&path)
        .args(["--variant", "broken"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            ": variant 'broken': options.nobody.fte: no entry has id 'nobody'",
        ))
        .stderr(predicates::str::contains(
            "| set = [\"options.nobody.fte = 1\"]",
        ));
}

#[test]
fn compare_runs_the_base_and_every_variant_on_the_same_seed() {
    let out = Command::cargo_bin("appraise")
        .unwrap()
        .arg("compare")
        .arg(torbay())
        .args(["-n", "2000", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        4 * 4,
        "base and three variants, four options each"
    );
    assert_eq!(v["variants"].as_array().unwrap().len(), 3);
    // Each row equals a plain run of that variant with the same seed.
    let single = {
        let out = Command::cargo_bin("appraise")
            .unwrap()
            .arg("run")
            .arg(torbay())
            .args([
                "-n",
                "2000",
                "--format",
                "json",
                "--variant",
                "short-term-funding",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice::<Value>(&out).unwrap()
    };
    let row = rows
        .iter()
        .find(|r| r["variant"] == "short-term-funding" && r["option"] == "in_house_specialists")
        .unwrap();
    let option = &single["options"][1];
    assert_eq!(row["cost_p50"], option["metrics"]["cost"]["p50"]);
    assert_eq!(row["p_best"], option["p_best"]);
    // The table names every variant.
    Command::cargo_bin("appraise")
        .unwrap()
        .arg("compare")
        .arg(torbay())
        .args(["-n", "500"])
        .assert()
        .success()
        .stdout(predicates::str::contains("short-term-funding"))
        .stdout(predicates::str::contains("prepared-2026-27"))
        .stdout(predicates::str::contains("budget-80k"));
}

#[test]
fn a_sweep_point_equals_a_plain_run_with_that_override() {
    let out = Command::cargo_bin("appraise")
        .unwrap()
        .arg("sweep")
        .arg(torbay())
        .args([
            "-n",
            "3000",
            "--format",
            "json",
            "--param",
            "options.in_house_specialists.capacity.fte",
        ])
        .args(["--range", "1:4:4"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let sweep: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(sweep["values"], serde_json::json!(["1", "2", "3", "4"]));
    let plain = json(
        &["--set", "options.in_house_specialists.capacity.fte=3"],
        &torbay(),
    );
    for (o, option) in plain["options"].as_array().unwrap().iter().enumerate() {
        let row = sweep["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["value"] == "3" && r["option"] == option["id"])
            .unwrap_or_else(|| panic!("no row for option {o}"));
        assert_eq!(row["cost_p50"], option["metrics"]["cost"]["p50"]);
        assert_eq!(
            row["completions_mean"],
            option["metrics"]["completions"]["mean"]
        );
        assert_eq!(row["p_over_budget"], option["p_over_budget"]);
        assert_eq!(row["p_best"], option["p_best"]);
    }
    // More specialists, more completions for option 1.
    let completions = |v: &str| {
        sweep["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["value"] == v && r["option"] == "in_house_specialists")
            .unwrap()["completions_mean"]
            .as_f64()
            .unwrap()
    };
    assert!(completions("1") < completions("2") && completions("2") < completions("4"));
}
