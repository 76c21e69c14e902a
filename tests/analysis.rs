//! Decision analysis from the command line: convergence to a precision.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn run_json(file: &Path, args: &[&str]) -> Value {
    let out = Command::cargo_bin("appraise")
        .unwrap()
        .arg("run")
        .arg(file)
        .args(["--format", "json"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn precision_stops_at_or_below_the_request_and_equals_a_fixed_run() {
    let v = run_json(&scenario("torbay-2025.toml"), &["--precision", "0.02"]);
    let c = &v["convergence"];
    assert_eq!(c["converged"], true);
    let achieved = c["achieved_relative_mcse"].as_f64().unwrap();
    assert!(achieved <= 0.02, "achieved {achieved}");
    assert!(c["achieved_p_best_half_width"].as_f64().unwrap() <= 0.01);
    let n = c["iterations"].as_u64().unwrap();
    assert_eq!(n % 1024, 0, "whole blocks");
    assert_eq!(v["audit"]["iterations"].as_u64().unwrap(), n);
    // Recompute the achieved precision from the statistics themselves.
    let metric = v["comparison"]["ranking_metric"].as_str().unwrap();
    let worst = v["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let m = &o["metrics"][metric];
            let (mean, mcse) = (m["mean"].as_f64().unwrap(), m["mcse"].as_f64().unwrap());
            if mcse == 0.0 { 0.0 } else { mcse / mean.abs() }
        })
        .fold(0.0, f64::max);
    assert_eq!(worst, achieved);
    // The result is exactly that of a fixed run of the same size and seed.
    let fixed = run_json(
        &scenario("torbay-2025.toml"),
        &["--iterations", &n.to_string()],
    );
    assert_eq!(v["options"], fixed["options"]);
    // A tighter target needs more iterations.
    let tighter = run_json(&scenario("torbay-2025.toml"), &["--precision", "0.005"]);
    assert!(tighter["convergence"]["iterations"].as_u64().unwrap() > n);
}

#[test]
fn precision_reports_when_it_runs_out_of_iterations() {
    let v = run_json(
        &scenario("torbay-2025.toml"),
        &["--precision", "0.0001", "--max-iterations", "15000"],
    );
    let c = &v["convergence"];
    assert_eq!(c["converged"], false);
    assert_eq!(c["iterations"], 15000);
    assert_eq!(c["tried"], serde_json::json!([10240, 15000]));
    assert!(c["achieved_relative_mcse"].as_f64().unwrap() > 0.0001);
}

#[test]
fn precision_refuses_latin_hypercube_and_nonsense() {
    for args in [
        vec!["--precision", "0.01", "--method", "latin_hypercube"],
        vec!["--precision", "2"],
        vec!["--precision", "0.01", "--iterations", "5000"],
    ] {
        Command::cargo_bin("appraise")
            .unwrap()
            .arg("run")
            .arg(scenario("minimal.toml"))
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("= allowed:"));
    }
}
