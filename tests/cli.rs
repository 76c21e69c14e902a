//! The command line, driven through the real binary (assert_cmd): how bad input is refused
//! (exit code 2, the file, line:column, key path and what is allowed), `--set` overrides,
//! usage errors, the JSON/CSV/table outputs, the samples file, reproducibility, and the
//! summary statistics as the JSON reports them.
//!
//! Scenarios with problems are written into a temporary folder and the command is run from
//! there, so that messages name them by a short, predictable file name.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A small valid scenario that every "bad input" test breaks in one place (see [`edit`]).
/// Line numbers quoted in the tests below refer to this text after the edit.
const BASE: &str = r#"[appraisal]
title = "Test"
price_base_year = 2025
start = "2026-04"
horizon_years = 3

[parameters]
salary = { pert = [30000, 32000, 36000] }

[[demand]]
id = "referrals"
per_year = { triangular = [40, 60, 90] }

[[options]]
id = "as_now"
kind = "baseline"
name = "Carry on as now"

[[options]]
id = "worker"
kind = "in_house"
name = "One worker"
completion = { pert = [0.4, 0.6, 0.8] }
reach = { referrals = 1 }
capacity = { places_per_year = 30 }

[[options.costs]]
name = "Salary"
basis = "annual"
amount = "salary"
"#;

/// The options of torbay-2025.toml, in file order.
const TORBAY_OPTIONS: [&str; 4] = [
    "business_as_usual",
    "in_house_specialists",
    "commissioned_programme",
    "regional_partnership",
];

/// Every metric the JSON gives for each option of a three-year scenario.
const METRICS: [&str; 20] = [
    "start_month",
    "referrals",
    "suitable",
    "engaged",
    "unmet",
    "completions",
    "victims",
    "children",
    "cost",
    "cost_pv",
    "cash_0",
    "cash_1",
    "cash_2",
    "peak_cash",
    "over_budget",
    "benefit_pv",
    "npv",
    "bcr",
    "cost_per_engaged",
    "cost_per_completion",
];

/// Every statistic of a metric.
const STATS: [&str; 13] = [
    "mean",
    "sd",
    "mcse",
    "min",
    "max",
    "p5",
    "p10",
    "p25",
    "p50",
    "p75",
    "p90",
    "p95",
    "undefined_share",
];

fn appraise() -> Command {
    Command::cargo_bin("appraise").expect("the appraise binary is built")
}

/// A file of the crate, e.g. `scenarios/torbay-2025.toml`.
fn crate_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn torbay() -> PathBuf {
    crate_file("scenarios/torbay-2025.toml")
}

/// `text` with each `(from, to)` replaced once; panics if `from` is not there, so a change to
/// [`BASE`] cannot silently turn a test into one that checks nothing.
fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    let mut s = text.to_string();
    for (from, to) in edits {
        assert!(s.contains(from), "{from:?} is not in the scenario");
        s = s.replacen(from, to, 1);
    }
    s
}

/// A temporary folder holding `name` with `bytes`.
fn folder_with(name: &str, bytes: &[u8]) -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    dir
}

/// Runs `appraise ARGS` in `dir`; returns (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = appraise().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().expect("exited, not killed"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs both `appraise validate FILE` and `appraise run FILE` in `dir` and checks that each
/// refuses the file: exit code 2, every one of `expected` on stderr, nothing on stdout.
/// Returns the stderr of `validate`.
#[track_caller]
fn assert_refused(dir: &Path, file: &str, expected: &[&str]) -> String {
    let mut validate_err = String::new();
    for args in [vec!["validate", file], vec!["run", file, "-n", "100"]] {
        let (code, stdout, stderr) = run_in(dir, &args);
        assert_eq!(code, 2, "appraise {args:?}: exit code\nstderr:\n{stderr}");
        assert_eq!(stdout, "", "appraise {args:?}: stdout should be empty");
        for e in expected {
            assert!(
                stderr.contains(e),
                "appraise {args:?}: stderr should contain {e:?}\nstderr:\n{stderr}"
            );
        }
        if args[0] == "validate" {
            validate_err = stderr;
        }
    }
    validate_err
}

/// Writes [`BASE`] with `edits` to `bad.toml` and checks both commands refuse it.
#[track_caller]
fn assert_base_refused(edits: &[(&str, &str)], expected: &[&str]) -> String {
    let dir = folder_with("bad.toml", edit(BASE, edits).as_bytes());
    let mut all = expected.to_vec();
    all.push("bad.toml: 1 problem found; nothing was run");
    assert_refused(dir.path(), "bad.toml", &all)
}

/// Runs torbay with `args` and JSON output; returns stdout.
fn torbay_json(args: &[&str]) -> String {
    let out = appraise()
        .arg("run")
        .arg(torbay())
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "appraise run torbay {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn parse(json: &str) -> Value {
    serde_json::from_str(json).expect("stdout is JSON")
}

/// The option of the results with this id.
fn option<'a>(results: &'a Value, id: &str) -> &'a Value {
    results["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no option {id}"))
}

fn num(v: &Value) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("expected a number, got {v}"))
}

// ----------------------------------------------------------------------------------------
// 1. Bad scenario files
// ----------------------------------------------------------------------------------------

#[test]
fn base_scenario_is_valid() {
    // The "bad input" tests below each break BASE in one place; this shows BASE itself is fine.
    let dir = folder_with("base.toml", BASE.as_bytes());
    let (code, stdout, stderr) = run_in(dir.path(), &["validate", "base.toml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("base.toml: valid"), "{stdout}");
}

#[test]
fn malformed_toml_is_refused_with_line_and_column() {
    let dir = folder_with("bad.toml", b"[appraisal\ntitle = \"x\"\n");
    assert_refused(
        dir.path(),
        "bad.toml",
        &[
            "error: bad.toml:1:11: this is not valid TOML",
            "1 | [appraisal",
            "= allowed: TOML syntax",
            "bad.toml: 1 problem found; nothing was run",
        ],
    );
}

#[test]
fn empty_file_is_refused() {
    let dir = folder_with("empty.toml", b"");
    assert_refused(
        dir.path(),
        "empty.toml",
        &[
            "error: empty.toml is empty",
            "= allowed: a scenario with an [appraisal] table",
        ],
    );
    // Whitespace only is empty too.
    let dir = folder_with("blank.toml", b"  \n\t\n");
    assert_refused(dir.path(), "blank.toml", &["error: blank.toml is empty"]);
}

#[test]
fn binary_file_is_refused() {
    let dir = folder_with("data.toml", b"[appraisal]\0\x01\x02\xff\xfe title");
    assert_refused(
        dir.path(),
        "data.toml",
        &[
            "error: data.toml is not a text file (it holds binary data)",
            "= allowed: a TOML scenario file in UTF-8 text",
        ],
    );
    // NUL bytes alone, in otherwise valid UTF-8, are binary too.
    let dir = folder_with("nul.toml", b"[appraisal]\ntitle = \"a\0b\"\n");
    assert_refused(dir.path(), "nul.toml", &["nul.toml is not a text file"]);
}

#[test]
fn missing_file_is_refused() {
    let dir = TempDir::new().unwrap();
    assert_refused(
        dir.path(),
        "nowhere.toml",
        &["error: cannot read nowhere.toml: there is no such file"],
    );
}

#[test]
fn directory_is_refused() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("scenarios.toml")).unwrap();
    assert_refused(
        dir.path(),
        "scenarios.toml",
        &[
            "error: scenarios.toml is a folder, not a scenario file",
            "= allowed: a .toml scenario file",
        ],
    );
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let dir = folder_with(
        "bad.toml",
        edit(BASE, &[("horizon_years = 3", "horizon_year = 3")]).as_bytes(),
    );
    assert_refused(
        dir.path(),
        "bad.toml",
        &[
            "error: bad.toml:5:1: appraisal.horizon_year: unknown key 'horizon_year'",
            "5 | horizon_year = 3",
            "= allowed: did you mean 'horizon_years'? Keys here: title,",
            // The misspelt key leaves the required one missing: both are said.
            "appraisal.horizon_years: the required key 'horizon_years' is missing",
            "bad.toml: 2 problems found; nothing was run",
        ],
    );
}

#[test]
fn unknown_parameter_suggests_the_nearest() {
    assert_base_refused(
        &[(r#"amount = "salary""#, r#"amount = "salry""#)],
        &[
            "error: bad.toml:30:10: options.worker.costs[0].amount: 'salry' is not a parameter",
            "= allowed: did you mean 'salary'? Parameters: salary",
        ],
    );
}

#[test]
fn unknown_demand_stream_in_reach_suggests_the_nearest() {
    assert_base_refused(
        &[("reach = { referrals = 1 }", "reach = { referals = 1 }")],
        &[
            "error: bad.toml:24:11: options.worker.reach.referals: 'referals' is not a demand stream",
            "= allowed: did you mean 'referrals'? Demand streams: referrals",
        ],
    );
}

#[test]
fn duplicate_option_ids_are_refused() {
    assert_base_refused(
        &[(r#"id = "worker""#, r#"id = "as_now""#)],
        &[
            "error: bad.toml:20:6: options[1].id: two option entries have the id 'as_now'",
            "= allowed: a different id for each entry",
        ],
    );
}

#[test]
fn scenario_without_options_is_refused() {
    // No [[options]] at all: there is no line to point at, but the key and remedy are named.
    let upto_demand = &BASE[..BASE.find("[[options]]").unwrap()];
    let dir = folder_with("bad.toml", upto_demand.as_bytes());
    assert_refused(
        dir.path(),
        "bad.toml",
        &[
            "error: bad.toml: options: the scenario has no options to compare",
            "= allowed: one or more [[options]] entries",
            "bad.toml: 1 problem found; nothing was run",
        ],
    );
    // An empty list of options points at the list.
    let text = format!("options = []\n{upto_demand}");
    let dir = folder_with("bad.toml", text.as_bytes());
    assert_refused(
        dir.path(),
        "bad.toml",
        &[
            "error: bad.toml:1:11: options: the scenario has no options to compare",
            "= allowed: one or more [[options]] entries",
            "bad.toml: 1 problem found; nothing was run",
        ],
    );
}

#[test]
fn horizon_years_outside_1_to_30_is_refused() {
    for (value, col) in [("0", 17), ("31", 17)] {
        assert_base_refused(
            &[("horizon_years = 3", &format!("horizon_years = {value}"))],
            &[
                &format!(
                    "error: bad.toml:5:{col}: appraisal.horizon_years: {value} is outside the allowed range"
                ),
                "= allowed: a whole number of years from 1 to 30",
            ],
        );
    }
}

#[test]
fn iterations_outside_their_range_are_refused() {
    for (value, shown) in [("0", "0"), ("100_000_001", "100000001")] {
        assert_base_refused(
            &[(
                "horizon_years = 3",
                &format!("horizon_years = 3\niterations = {value}"),
            )],
            &[
                &format!(
                    "error: bad.toml:6:14: appraisal.iterations: {shown} is outside the allowed range"
                ),
                "= allowed: a whole number from 1 to 100,000,000",
            ],
        );
    }
    // The limit itself is allowed.
    let dir = folder_with(
        "ok.toml",
        edit(
            BASE,
            &[(
                "horizon_years = 3",
                "horizon_years = 3\niterations = 100_000_000",
            )],
        )
        .as_bytes(),
    );
    let (code, _, stderr) = run_in(dir.path(), &["validate", "ok.toml"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn distribution_outside_its_domain_is_refused() {
    // normal(0.9, 0.2) is above 1 with probability P(Z > 0.5) = 30.85%.
    assert_base_refused(
        &[(
            "completion = { pert = [0.4, 0.6, 0.8] }",
            "completion = { normal = [0.9, 0.2] }",
        )],
        &[
            "error: bad.toml:23:14: options.worker.completion: this normal distribution falls outside the allowed range with probability 30.9% (at most 1% is allowed)",
            "= allowed: values from 0 to 1",
        ],
    );
}

#[test]
fn pert_with_min_above_mode_is_refused() {
    assert_base_refused(
        &[(
            "completion = { pert = [0.4, 0.6, 0.8] }",
            "completion = { pert = [0.7, 0.6, 0.8] }",
        )],
        &[
            "error: bad.toml:23:23: options.worker.completion.pert: the minimum (0.7) is greater than the most likely value (0.6)",
            "= allowed: pert = [min, most likely, max] with min ≤ most likely ≤ max",
        ],
    );
}

#[test]
fn observed_with_k_above_n_is_refused() {
    assert_base_refused(
        &[(
            "completion = { pert = [0.4, 0.6, 0.8] }",
            "completion = { observed = [7, 5] }",
        )],
        &[
            "error: bad.toml:23:27: options.worker.completion.observed:",
            "k = 7 and n = 5",
            "= allowed: observed = [k, n]: k successes in n trials, whole numbers with 0 ≤ k ≤ n",
        ],
    );
}

#[test]
fn choice_with_negative_weight_is_refused() {
    assert_base_refused(
        &[(
            "completion = { pert = [0.4, 0.6, 0.8] }",
            "completion = { choice = [0.5, 0.7], weights = [1, -1] }",
        )],
        &[
            "error: bad.toml:23:",
            "options.worker.completion.weights[1]",
            "weight 2 is negative (-1)",
            "= allowed: choice = [v1, v2, …], optionally weights = [w1, w2, …] with weights ≥ 0",
        ],
    );
}

#[test]
fn choice_with_negative_weight_points_at_the_weights() {
    assert_base_refused(
        &[(
            "completion = { pert = [0.4, 0.6, 0.8] }",
            "completion = { choice = [0.5, 0.7], weights = [1, -1] }",
        )],
        // Column 51 is where `-1`, the second weight, starts.
        &["error: bad.toml:23:51: options.worker.completion.weights[1]:"],
    );
}

#[test]
fn five_problems_in_one_file_are_reported_together() {
    let text = edit(
        BASE,
        &[
            // 1: unknown key (optional, so nothing goes missing); 2: iterations 0.
            (
                "horizon_years = 3",
                "horizon_years = 3\ndiscont_rate = 0.035\niterations = 0",
            ),
            // 3: out of domain; 4: pert with min > mode.
            (
                "completion = { pert = [0.4, 0.6, 0.8] }",
                "completion = { normal = [0.9, 0.2] }\nmobilisation_months = { pert = [6, 3, 9] }",
            ),
            // 5: unknown demand stream.
            ("reach = { referrals = 1 }", "reach = { referals = 1 }"),
        ],
    );
    let dir = folder_with("bad.toml", text.as_bytes());
    let expected = [
        "error: bad.toml:6:1: appraisal.discont_rate: unknown key 'discont_rate'",
        "error: bad.toml:7:14: appraisal.iterations: 0 is outside the allowed range",
        "error: bad.toml:25:14: options.worker.completion: this normal distribution",
        "error: bad.toml:26:32: options.worker.mobilisation_months.pert: the minimum (6) is greater",
        "error: bad.toml:27:11: options.worker.reach.referals: 'referals' is not a demand stream",
    ];
    let mut all = expected.to_vec();
    all.push("bad.toml: 5 problems found; nothing was run");
    let stderr = assert_refused(dir.path(), "bad.toml", &all);
    assert_eq!(stderr.matches("error: bad.toml:").count(), 5, "{stderr}");
    assert_eq!(stderr.matches("= allowed: ").count(), 5, "{stderr}");
}

// ----------------------------------------------------------------------------------------
// 2. --set overrides
// ----------------------------------------------------------------------------------------

#[test]
fn valid_set_changes_the_results_and_is_audited() {
    let before = parse(&torbay_json(&["-n", "2000"]));
    let after = parse(&torbay_json(&[
        "-n",
        "2000",
        "--set",
        "appraisal.budget.annual=80000",
    ]));
    assert_eq!(before["audit"]["overrides"], serde_json::json!([]));
    assert_eq!(
        after["audit"]["overrides"],
        serde_json::json!(["appraisal.budget.annual=80000"])
    );
    assert_eq!(num(&after["budget"]["annual"]), 80000.0);
    // Same seed, so the same worlds: with less money, going over budget is at least as likely
    // in every option, and strictly more likely where the old budget was not always exceeded.
    for id in TORBAY_OPTIONS {
        let (b, a) = (
            num(&option(&before, id)["p_over_budget"]),
            num(&option(&after, id)["p_over_budget"]),
        );
        assert!(a >= b, "{id}: P(over budget) fell from {b} to {a}");
    }
    for id in ["commissioned_programme", "regional_partnership"] {
        let (b, a) = (
            num(&option(&before, id)["p_over_budget"]),
            num(&option(&after, id)["p_over_budget"]),
        );
        assert!(b < 1.0 && a > b, "{id}: P(over budget) {b} → {a}");
    }
    // Nothing but the budget check changed.
    assert_eq!(
        option(&before, "commissioned_programme")["metrics"]["cost"],
        option(&after, "commissioned_programme")["metrics"]["cost"]
    );
}

/// Runs torbay with one `--set` and checks it is refused with every one of `expected`.
#[track_caller]
fn assert_set_refused(set: &str, expected: &[&str]) {
    let out = appraise()
        .arg("run")
        .arg(torbay())
        .args(["-n", "100", "--set", set])
        .assert()
        .code(2)
        .stdout("");
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for e in expected {
        assert!(
            stderr.contains(e),
            "--set {set}: stderr should contain {e:?}\n{stderr}"
        );
    }
    assert!(
        stderr.contains("torbay-2025.toml: 1 problem found; nothing was run"),
        "{stderr}"
    );
}

#[test]
fn set_with_unknown_option_id_lists_the_ids() {
    assert_set_refused(
        "options.in_house.capacity.fte=3",
        &[
            "error: --set options.in_house.capacity.fte=3:1:1: options.in_house.capacity.fte: no entry has id 'in_house'",
            "= allowed: one of: business_as_usual, in_house_specialists, commissioned_programme, regional_partnership",
        ],
    );
}

#[test]
fn set_with_index_out_of_range_gives_the_range() {
    assert_set_refused(
        "options.in_house_specialists.costs[9].amount=1000",
        &[
            "options.in_house_specialists.costs[9].amount: there is no entry [9]",
            "= allowed: an index from 0 to 6",
        ],
    );
}

#[test]
fn set_with_value_of_wrong_type_is_refused() {
    assert_set_refused(
        r#"appraisal.horizon_years="three""#,
        &[
            r#"error: --set appraisal.horizon_years="three":1:25: appraisal.horizon_years: expected a whole number, found text"#,
            "= allowed: a whole number of years from 1 to 30",
        ],
    );
}

#[test]
fn set_with_value_outside_its_domain_is_refused() {
    assert_set_refused(
        "options.in_house_specialists.completion=1.5",
        &[
            "error: --set options.in_house_specialists.completion=1.5:1:41: options.in_house_specialists.completion: 1.5 is outside the allowed range",
            "= allowed: values from 0 to 1",
        ],
    );
}

#[test]
fn set_without_equals_is_refused() {
    assert_set_refused(
        "appraisal.budget.annual",
        &[
            "error: --set appraisal.budget.annual:1:1: an override needs the form PATH=VALUE",
            "= allowed: e.g. --set appraisal.budget.annual=80000",
        ],
    );
}

#[test]
fn set_with_unknown_top_level_key_says_what_is_allowed() {
    assert_set_refused(
        "apraisal.seed=1",
        &["the scenario has no 'apraisal' here", "= allowed: "],
    );
}

// ----------------------------------------------------------------------------------------
// 3. Usage errors
// ----------------------------------------------------------------------------------------

/// Runs torbay with `args` and checks a usage error naming `flag`.
#[track_caller]
fn assert_usage_error(args: &[&str], flag: &str) {
    appraise()
        .arg("run")
        .arg(torbay())
        .args(args)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("error: ").and(predicate::str::contains(flag)));
}

#[test]
fn zero_iterations_is_a_usage_error() {
    assert_usage_error(&["--iterations", "0"], "--iterations");
    assert_usage_error(&["-n", "100000001"], "--iterations");
}

#[test]
fn zero_threads_is_a_usage_error() {
    assert_usage_error(&["--threads", "0"], "--threads");
}

#[test]
fn unknown_method_is_a_usage_error_that_lists_the_methods() {
    assert_usage_error(&["--method", "nonsense"], "monte_carlo, latin_hypercube");
}

#[test]
fn unknown_format_is_a_usage_error() {
    assert_usage_error(&["--format", "xml"], "table, json, csv");
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    appraise()
        .arg("simulate")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "unrecognized subcommand 'simulate'",
        ));
    appraise().assert().code(2).stdout("");
}

// ----------------------------------------------------------------------------------------
// 4. The example scenarios
// ----------------------------------------------------------------------------------------

#[test]
fn example_scenarios_are_valid() {
    let names = ["torbay-2025", "norfolk-2023", "minimal"];
    let out = appraise()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("validate")
        .args(names.map(|n| format!("scenarios/{n}.toml")))
        .assert()
        .success()
        .stderr("");
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), names.len(), "{stdout}");
    for n in names {
        let line = format!("scenarios/{n}.toml: valid");
        assert!(
            stdout.lines().any(|l| l.starts_with(&line)),
            "{line}\n{stdout}"
        );
    }
}

#[test]
fn validate_checks_every_file_and_fails_if_any_fails() {
    let dir = folder_with("good.toml", BASE.as_bytes());
    std::fs::write(
        dir.path().join("bad.toml"),
        edit(BASE, &[("horizon_years = 3", "horizon_years = 0")]),
    )
    .unwrap();
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &[
            "validate",
            "good.toml",
            "bad.toml",
            "missing.toml",
            "good.toml",
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(stdout.matches("good.toml: valid").count(), 2, "{stdout}");
    assert!(stderr.contains("bad.toml: 1 problem found"), "{stderr}");
    assert!(stderr.contains("cannot read missing.toml"), "{stderr}");
}

// ----------------------------------------------------------------------------------------
// 5. The JSON contract
// ----------------------------------------------------------------------------------------

#[test]
fn json_output_has_the_documented_shape() {
    let r = parse(&torbay_json(&["-n", "2000"]));
    assert_eq!(
        r["title"],
        "Responding to domestic abuse perpetration in Torbay"
    );

    let options = r["options"].as_array().unwrap();
    let ids: Vec<&str> = options.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids, TORBAY_OPTIONS);
    for o in options {
        let id = o["id"].as_str().unwrap();
        assert!(
            o["name"].as_str().is_some_and(|s| !s.is_empty()),
            "{id}: name"
        );
        assert!(o["kind"].is_string(), "{id}: kind");
        let metrics = o["metrics"].as_object().unwrap();
        for m in METRICS {
            let stats = metrics
                .get(m)
                .and_then(Value::as_object)
                .unwrap_or_else(|| panic!("{id}: no metric {m}"));
            for s in STATS {
                // A statistic may be null (every value undefined, as bcr of a costless
                // option), but it must be there.
                let v = stats.get(s).unwrap_or_else(|| panic!("{id}.{m}: no {s}"));
                assert!(v.is_number() || v.is_null(), "{id}.{m}.{s} = {v}");
            }
        }
    }
    assert_eq!(option(&r, "business_as_usual")["kind"], "baseline");
    assert_eq!(option(&r, "commissioned_programme")["kind"], "commissioned");

    let cmp = &r["comparison"];
    assert_eq!(cmp["ranking_metric"], "npv");
    let best = cmp["probability_best"].as_object().unwrap();
    // (serde_json's map sorts its keys, so compare as sorted lists.)
    let mut best_ids: Vec<&str> = best.keys().map(String::as_str).collect();
    let mut all_ids = TORBAY_OPTIONS.to_vec();
    best_ids.sort_unstable();
    all_ids.sort_unstable();
    assert_eq!(best_ids, all_ids);
    let total: f64 = best.values().map(num).sum();
    assert!((total - 1.0).abs() <= 1e-9, "P(best) sums to {total}");
    for (id, p) in best {
        assert!((0.0..=1.0).contains(&num(p)), "P(best) of {id} = {p}");
    }

    let audit = &r["audit"];
    assert_eq!(audit["version"], env!("CARGO_PKG_VERSION"));
    let sha = audit["scenario_sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    assert!(
        sha.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
        "{sha}"
    );
    let bytes = std::fs::read(torbay()).unwrap();
    let expected: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(sha, expected);
    assert_eq!(audit["seed"], 2025);
    assert_eq!(audit["iterations"], 2000);
    assert_eq!(audit["method"], "monte_carlo");
    assert_eq!(audit["overrides"], serde_json::json!([]));
}

// ----------------------------------------------------------------------------------------
// 6. Reproducibility
// ----------------------------------------------------------------------------------------

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    for (method, n) in [("monte_carlo", "3000"), ("latin_hypercube", "1000")] {
        let common = ["-n", n, "--seed", "7", "--method", method];
        let one = torbay_json(&[&common[..], &["--threads", "1"]].concat());
        let four = torbay_json(&[&common[..], &["--threads", "4"]].concat());
        assert!(one == four, "{method}: --threads 1 and 4 differ");
        assert_eq!(parse(&one)["audit"]["method"], method);
    }
}

#[test]
fn different_seeds_give_different_results() {
    let one = torbay_json(&["-n", "1000", "--seed", "1"]);
    let two = torbay_json(&["-n", "1000", "--seed", "2"]);
    assert_ne!(
        option(&parse(&one), "in_house_specialists")["metrics"]["cost"]["mean"],
        option(&parse(&two), "in_house_specialists")["metrics"]["cost"]["mean"]
    );
}

#[test]
fn latin_hypercube_differs_from_monte_carlo() {
    let mc = parse(&torbay_json(&["-n", "1000", "--method", "monte_carlo"]));
    let lhs = parse(&torbay_json(&["-n", "1000", "--method", "latin_hypercube"]));
    assert_eq!(lhs["audit"]["method"], "latin_hypercube");
    assert_ne!(
        option(&mc, "in_house_specialists")["metrics"]["cost"],
        option(&lhs, "in_house_specialists")["metrics"]["cost"]
    );
}

#[test]
fn without_seed_the_scenarios_seed_is_used() {
    // torbay-2025.toml says seed = 2025.
    let default = torbay_json(&["-n", "1000"]);
    assert!(default == torbay_json(&["-n", "1000", "--seed", "2025"]));
    assert_eq!(parse(&default)["audit"]["seed"], 2025);

    // 2025 is also the built-in default, so check a scenario whose seed is not.
    let text = std::fs::read_to_string(torbay()).unwrap();
    let text = edit(&text, &[("seed = 2025", "seed = 7")]);
    let dir = folder_with("seven.toml", text.as_bytes());
    let run = |extra: &[&str]| {
        let (code, stdout, stderr) = run_in(
            dir.path(),
            &[
                &["run", "seven.toml", "-n", "1000", "--format", "json"],
                extra,
            ]
            .concat(),
        );
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    let own = run(&[]);
    assert!(
        own == run(&["--seed", "7"]),
        "no --seed should mean the file's seed 7"
    );
    assert_eq!(parse(&own)["audit"]["seed"], 7);
    assert_ne!(
        parse(&own)["options"],
        parse(&run(&["--seed", "2025"]))["options"]
    );
}

// ----------------------------------------------------------------------------------------
// 7. CSV and table output
// ----------------------------------------------------------------------------------------

#[test]
fn csv_summary_has_one_row_per_option_and_metric() {
    let out = appraise()
        .arg("run")
        .arg(torbay())
        .args(["-n", "1000", "--format", "csv"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut expected_header = vec!["option".to_string(), "metric".to_string()];
    expected_header.extend(STATS.map(String::from));
    assert_eq!(header, expected_header);

    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), TORBAY_OPTIONS.len() * METRICS.len());
    for id in TORBAY_OPTIONS {
        for m in METRICS {
            let matching = rows.iter().filter(|r| &r[0] == id && &r[1] == m).count();
            assert_eq!(matching, 1, "rows for {id} {m}");
        }
    }
    // Every field is a number or empty (undefined).
    for r in &rows {
        for f in r.iter().skip(2) {
            assert!(f.is_empty() || f.parse::<f64>().is_ok(), "{r:?}");
        }
    }
}

#[test]
fn summary_outputs_have_no_negative_zero() {
    let out = appraise()
        .arg("run")
        .arg(torbay())
        .args(["-n", "100", "--format", "csv"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let negative_zero: Vec<&str> = text
        .lines()
        .filter(|l| l.split(',').any(|f| f == "-0"))
        .collect();
    assert!(negative_zero.is_empty(), "{negative_zero:#?}");
}

#[test]
fn table_names_every_option_and_p_best() {
    let out = appraise()
        .arg("run")
        .arg(torbay())
        .args(["-n", "1000"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // Long names are wrapped inside the first column: read that column back as one text.
    let first_column: String = text
        .lines()
        .filter_map(|l| l.strip_prefix('│')?.split('│').next())
        .collect::<Vec<_>>()
        .join(" ");
    let first_column = first_column
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let r = parse(&torbay_json(&["-n", "1000"]));
    for o in r["options"].as_array().unwrap() {
        let name = o["name"].as_str().unwrap();
        assert!(first_column.contains(name), "table lacks {name:?}\n{text}");
    }
    assert!(text.contains("P(best)"), "{text}");
    assert!(text.contains("1,000 iterations, seed 2025"), "{text}");
}

// ----------------------------------------------------------------------------------------
// 8. The samples file
// ----------------------------------------------------------------------------------------

#[test]
fn samples_file_has_one_row_per_iteration_and_option() {
    let dir = TempDir::new().unwrap();
    let samples = dir.path().join("out.csv");
    let n = 300;
    appraise()
        .arg("run")
        .arg(torbay())
        .args(["-n", &n.to_string(), "--format", "json", "--samples"])
        .arg(&samples)
        .assert()
        .success();
    let mut reader = csv::Reader::from_path(&samples).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..2], ["iteration", "option"]);
    for col in [
        "demand.marac_high_risk.per_year",
        "demand.statutory.per_year",
        "demand.self_referral.per_year",
        "parameters.specialist_salary",
        "option.capacity.caseload",
        "option.risks[0].occurs",
        "option.costs[1].amount",
    ]
    .into_iter()
    .chain(METRICS)
    {
        assert!(header.iter().any(|h| h == col), "no column {col}");
    }
    // Input columns are shared between options: none names an option.
    assert!(
        header.iter().all(|h| !h.starts_with("options.")),
        "{header:?}"
    );
    assert_eq!(header.len(), 100);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), n * TORBAY_OPTIONS.len());
    // An option's own input fills its rows only; business as usual has no caseload.
    let caseload = header
        .iter()
        .position(|h| h == "option.capacity.caseload")
        .unwrap();
    for row in &rows {
        let empty = row[caseload].is_empty();
        match &row[1] {
            "business_as_usual" => assert!(empty),
            "in_house_specialists" => assert!(!empty),
            _ => {}
        }
    }
    // Iteration-major: iteration i holds one row for each option, in scenario order.
    for (k, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), header.len());
        assert_eq!(row[0], (k / TORBAY_OPTIONS.len()).to_string());
        assert_eq!(&row[1], TORBAY_OPTIONS[k % TORBAY_OPTIONS.len()]);
    }
}

#[test]
fn samples_never_overwrite_the_scenario() {
    let original = std::fs::read(torbay()).unwrap();
    let dir = folder_with("torbay.toml", &original);
    for target in ["torbay.toml", "./torbay.toml"] {
        let (code, stdout, stderr) = run_in(
            dir.path(),
            &["run", "torbay.toml", "-n", "100", "--samples", target],
        );
        assert_eq!(code, 2, "--samples {target}\n{stderr}");
        assert_eq!(stdout, "");
        assert!(
            stderr.contains("is an input of this run; appraise never writes over its inputs"),
            "{stderr}"
        );
        assert!(
            std::fs::read(dir.path().join("torbay.toml")).unwrap() == original,
            "the scenario was changed"
        );
    }
    // Nor anything else in the folder: the refusal comes before any file is written.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn samples_in_a_missing_folder_is_refused_clearly() {
    let dir = folder_with("scenario.toml", BASE.as_bytes());
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &[
            "run",
            "scenario.toml",
            "-n",
            "100",
            "--samples",
            "no/such/folder/out.csv",
        ],
    );
    // An output that cannot be written: exit code 1, as the README says.
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(!stderr.contains(".tmp"), "{stderr}");
    assert!(stderr.contains("no/such/folder"), "{stderr}");
}

// ----------------------------------------------------------------------------------------
// 9. Statistics as the JSON reports them
// ----------------------------------------------------------------------------------------

#[test]
fn cost_mcse_and_percentiles_are_consistent() {
    let n = 20_000;
    let r = parse(&torbay_json(&["-n", &n.to_string()]));
    for id in TORBAY_OPTIONS {
        let cost = &option(&r, id)["metrics"]["cost"];
        let defined = num(&cost["n"]);
        let undefined = num(&cost["undefined_share"]);
        assert_eq!(defined, (n as f64 * (1.0 - undefined)).round(), "{id}: n");
        let (sd, mcse) = (num(&cost["sd"]), num(&cost["mcse"]));
        let expected = sd / defined.sqrt();
        assert!(
            (mcse - expected).abs() <= 1e-12 * expected.max(1.0),
            "{id}: mcse {mcse}, sd/√n {expected}"
        );
        let [min, p5, p10, p50, p90, p95, max] =
            ["min", "p5", "p10", "p50", "p90", "p95", "max"].map(|s| num(&cost[s]));
        assert!(
            p10 <= p50 && p50 <= p90,
            "{id}: p10 {p10}, p50 {p50}, p90 {p90}"
        );
        assert!(min <= p5, "{id}: min {min}, p5 {p5}");
        assert!(p95 <= max, "{id}: p95 {p95}, max {max}");
    }
    // The options that spend money have a spread, so the checks above are not all 0 ≤ 0.
    let cost = &option(&r, "in_house_specialists")["metrics"]["cost"];
    assert!(num(&cost["p10"]) < num(&cost["p90"]));
    assert!(num(&cost["mcse"]) > 0.0);
}

// ----------------------------------------------------------------------------------------
// Other problems found while writing these tests
// ----------------------------------------------------------------------------------------

#[test]
fn start_with_a_three_digit_month_is_refused() {
    assert_base_refused(
        &[(r#"start = "2026-04""#, r#"start = "2026-123""#)],
        &["error: bad.toml:4:9: appraisal.start: '2026-123' is not a month"],
    );
}

#[test]
fn non_utf8_text_is_not_called_binary() {
    let text = edit(BASE, &[(r#"title = "Test""#, "title = \"Test \u{1}\"")]);
    // Replace the placeholder with a Latin-1 pound sign (0xA3), which is not valid UTF-8.
    let bytes: Vec<u8> = text
        .bytes()
        .map(|b| if b == 1 { 0xA3 } else { b })
        .collect();
    let dir = folder_with("latin1.toml", &bytes);
    let stderr = assert_refused(dir.path(), "latin1.toml", &["latin1.toml", "UTF-8"]);
    assert!(!stderr.contains("binary"), "{stderr}");
}

#[test]
fn huge_whole_number_is_reported_as_out_of_range() {
    assert_base_refused(
        &[(
            "horizon_years = 3",
            "horizon_years = 3\niterations = 100000000000000000000",
        )],
        &[
            "error: bad.toml:6:14: appraisal.iterations: 100000000000000000000 is outside the allowed range",
        ],
    );
}
