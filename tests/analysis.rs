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

/// Three correlated parameters of different shapes, used by one option.
const CORRELATED: &str = r#"
[appraisal]
title = "Correlated"
price_base_year = 2025
start = "2025-04"
horizon_years = 1

[parameters]
salary = { pert = [30000, 36000, 45000] }
caseload = { lognormal90 = [8, 20] }
weeks = { triangular = [22, 30, 40] }

[[correlations]]
between = ["salary", "caseload"]
spearman = 0.6

[[correlations]]
between = ["caseload", "weeks"]
spearman = -0.3

[[correlations]]
between = ["salary", "weeks"]
spearman = 0.2

[[demand]]
id = "d"
per_year = 100

[[options]]
id = "x"
kind = "in_house"
name = "X"
reach = { d = 1 }
capacity = { fte = 1, caseload = "caseload", duration_weeks = "weeks" }

[[options.costs]]
name = "Staff"
basis = "annual"
amount = "salary"
"#;

#[test]
fn correlations_reach_their_targets_and_keep_the_marginals() {
    use appraise::engine::sample::{BLOCK, Plan};
    use appraise::engine::{Settings, block_inputs, simulate_scenario};
    use appraise::scenario::{Method, from_text};

    let loaded = from_text(
        "c.toml",
        CORRELATED.to_string(),
        &[],
        CORRELATED.as_bytes().to_vec(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let n = 100_000;
    let settings = Settings {
        iterations: n as u64,
        seed: 7,
        method: Method::MonteCarlo,
        progress: false,
    };
    let sim = simulate_scenario(&loaded, settings);
    let model = &sim.model;
    let achieved = appraise::results::achieved_correlations(model, &sim.columns);
    assert_eq!(achieved.len(), 3);
    for c in &achieved {
        assert!(
            (c.achieved - c.target).abs() <= 0.02,
            "{:?}: achieved {} against {}",
            c.between,
            c.achieved,
            c.target
        );
    }
    // Each parameter's draws still follow its own distribution: the Kolmogorov–Smirnov distance
    // is below the 0.1% critical value 1.95/√n.
    let plan = Plan::new(model, 7, Method::MonteCarlo, n as u64);
    let mut columns: Vec<Vec<f64>> = (0..3).map(|_| Vec::with_capacity(n)).collect();
    let mut clamped = vec![0u64; model.inputs.len()];
    for b in 0..n.div_ceil(BLOCK) {
        let len = BLOCK.min(n - b * BLOCK);
        let values = block_inputs(model, &plan, b, len, &mut clamped);
        for (k, col) in columns.iter_mut().enumerate() {
            col.extend_from_slice(&values[k * len..(k + 1) * len]);
        }
    }
    for (k, col) in columns.iter_mut().enumerate() {
        col.sort_by(f64::total_cmp);
        let dist = &model.inputs[k].dist;
        let ks = col
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let f = dist.cdf(*x);
                (f - i as f64 / n as f64)
                    .abs()
                    .max(((i + 1) as f64 / n as f64 - f).abs())
            })
            .fold(0.0, f64::max);
        assert!(
            ks < 1.95 / (n as f64).sqrt(),
            "{}: KS {ks}",
            model.inputs[k].path
        );
    }
    // Without the correlations the same draws are unrelated.
    let plain = CORRELATED
        .split("[[correlations]]")
        .next()
        .unwrap()
        .to_string()
        + CORRELATED.split("spearman = 0.2").nth(1).unwrap();
    let loaded = from_text("p.toml", plain.clone(), &[], plain.into_bytes()).unwrap();
    assert!(
        appraise::engine::model::compile(&loaded.scenario)
            .copula
            .is_none()
    );
}

#[test]
fn correlations_appear_in_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(&path, CORRELATED).unwrap();
    let v = run_json(&path, &["-n", "20000"]);
    let c = v["correlations"].as_array().unwrap();
    assert_eq!(c.len(), 3);
    assert_eq!(
        c[0]["between"],
        serde_json::json!(["parameters.salary", "parameters.caseload"])
    );
    assert_eq!(c[0]["target"], 0.6);
    assert!((c[0]["achieved"].as_f64().unwrap() - 0.6).abs() < 0.03);
}

#[test]
fn an_impossible_set_of_correlations_is_rejected_naming_the_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    let text = CORRELATED
        .replace("spearman = 0.6", "spearman = 0.9")
        .replace("spearman = -0.3", "spearman = 0.9")
        .replace("spearman = 0.2", "spearman = -0.9");
    std::fs::write(&path, text).unwrap();
    Command::cargo_bin("appraise")
        .unwrap()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "these correlations cannot all hold at once",
        ))
        .stderr(predicates::str::contains(
            "salary–caseload 0.9, caseload–weeks 0.9, salary–weeks -0.9",
        ));
    let text = CORRELATED.replace(
        "between = [\"salary\", \"caseload\"]",
        "between = [\"salary\", \"caseloads\"]",
    );
    std::fs::write(&path, text).unwrap();
    Command::cargo_bin("appraise")
        .unwrap()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("'caseloads' is not a parameter"))
        .stderr(predicates::str::contains("did you mean 'caseload'?"));
}

#[test]
fn sensitivity_reports_tornadoes_and_switching_values() {
    let out = Command::cargo_bin("appraise")
        .unwrap()
        .arg("sensitivity")
        .arg(scenario("torbay-2025.toml"))
        .args([
            "-n",
            "2000",
            "--option",
            "in_house_specialists",
            "--metric",
            "cost",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["option"], "in_house_specialists");
    assert_eq!(v["metric"], "cost");
    let rank = v["rank_tornado"].as_array().unwrap();
    assert!(rank.len() > 10);
    let rhos: Vec<f64> = rank
        .iter()
        .map(|e| e["rho"].as_f64().unwrap().abs())
        .collect();
    assert!(rhos.windows(2).all(|w| w[0] >= w[1]), "sorted by |rho|");
    assert!(!v["swing_tornado"]["entries"].as_array().unwrap().is_empty());
    let switching = v["switching_values"].as_array().unwrap();
    assert!(
        switching
            .iter()
            .any(|s| s["input"] == "parameters.harm_per_victim" && !s["value"].is_null())
    );
    // Unknown option and metric: usage errors listing the choices.
    Command::cargo_bin("appraise")
        .unwrap()
        .arg("sensitivity")
        .arg(scenario("torbay-2025.toml"))
        .args(["-n", "200", "--option", "in_house"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("in_house_specialists"));
    Command::cargo_bin("appraise")
        .unwrap()
        .arg("sensitivity")
        .arg(scenario("torbay-2025.toml"))
        .args(["-n", "200", "--metric", "costs"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cost_per_completion"));
}

#[test]
fn wtp_adds_net_benefit_acceptability_evpi_and_icers_to_the_results() {
    let v = run_json(
        &scenario("torbay-2025.toml"),
        &["-n", "3000", "--wtp", "5000"],
    );
    let w = &v["wtp"];
    assert_eq!(w["lambda"], 5000.0);
    assert_eq!(w["effect_metric"], "completions");
    let grid = w["grid"].as_array().unwrap();
    assert_eq!(grid.len(), 100);
    for row in w["ceac"].as_array().unwrap() {
        let sum: f64 = row
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-12, "P(best) sums to {sum}");
    }
    assert!(w["evpi"].as_f64().unwrap() >= 0.0);
    assert!(
        w["evpi_curve"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e.as_f64().unwrap() >= 0.0)
    );
    let icer = w["icer"].as_array().unwrap();
    assert_eq!(icer[0]["option"], "business_as_usual");
    assert_eq!(icer[0]["status"], "baseline");
    // Net benefit is λ × completions − PV of cost, on average.
    for (i, o) in v["options"].as_array().unwrap().iter().enumerate() {
        let nb = 5000.0 * o["metrics"]["completions"]["mean"].as_f64().unwrap()
            - o["metrics"]["cost_pv"]["mean"].as_f64().unwrap();
        let got = w["net_benefit_mean"][i].as_f64().unwrap();
        assert!(
            (got - nb).abs() <= 1e-6 * nb.abs().max(1.0),
            "{got} against {nb}"
        );
    }
    Command::cargo_bin("appraise")
        .unwrap()
        .arg("run")
        .arg(scenario("minimal.toml"))
        .args(["--wtp", "100", "--effect", "bcr"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("one of completions, engaged"));
}
