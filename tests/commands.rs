//! The commands around a run: shell completions, the manual page, `paths` (every input `--set`
//! accepts, each line a valid override), `diff` of two scenarios, plausibility warnings, and
//! the names of the per-case counts in documents.

mod common;

use common::{appraise, appraise_in};
use std::path::Path;
use tempfile::TempDir;

#[test]
fn completions_are_generated_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = appraise(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        for word in ["appraise", "validate", "report", "sweep", "verify", "init"] {
            assert!(out.contains(word), "{shell} lacks {word}");
        }
    }
    let (code, _, err) = appraise(&["completions", "tcsh"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_manual_page_lists_the_commands() {
    let (code, out, err) = appraise(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(".ie \\n(.g .ds Aq") || out.contains(".TH appraise"),
        "{out}"
    );
    for word in ["validate", "report", "verify", "schema", "completions"] {
        assert!(out.contains(word), "{word}");
    }
}

#[test]
fn every_path_listed_is_an_override_that_changes_nothing() {
    let (code, out, err) = appraise(&["paths", "scenarios/torbay-2025.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\nappraisal.budget.annual = 100000\n"),
        "{out}"
    );
    assert!(
        out.contains("\noptions.in_house_specialists.capacity.fte = \"specialist_fte\"\n"),
        "{out}"
    );
    assert!(
        out.contains("\noptions.in_house_specialists.costs[0].amount = \"specialist_salary\"\n"),
        "{out}"
    );
    let sets: Vec<String> = out
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split("    # ").next().unwrap().to_string())
        .collect();
    assert!(sets.len() > 100, "{}", sets.len());
    // Every line given back as --set leaves the results as they were.
    let base = [
        "run",
        "scenarios/torbay-2025.toml",
        "-n",
        "200",
        "-f",
        "json",
    ];
    let (_, plain, _) = appraise(&base);
    let mut args: Vec<&str> = base.to_vec();
    for s in &sets {
        args.extend(["--set", s.as_str()]);
    }
    let (code, again, err) = appraise(&args);
    assert_eq!(code, 0, "{err}");
    // The figures; the inputs' sources and "default" marks go with the values replaced.
    let figures = |json: &str| {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        (v["options"].clone(), v["comparison"].clone())
    };
    assert_eq!(figures(&plain), figures(&again));
}

#[test]
fn the_seed_is_listed_when_the_scenario_leaves_it_out() {
    let (code, out, err) = appraise(&["paths", "scenarios/minimal.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\nappraisal.seed = 2025    # default\n"),
        "{out}"
    );
}

#[test]
fn every_compiled_input_is_listed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/torbay-2025.toml");
    let loaded = appraise::scenario::load(&path, &[]).unwrap();
    let model = appraise::engine::model::compile(&loaded.scenario);
    let listed: Vec<String> = appraise::analysis::paths::input_paths(&loaded.scenario)
        .into_iter()
        .map(|p| p.path)
        .collect();
    // The fte and on_cost of lines that are not annual are defaults `--set` refuses.
    let refused: Vec<String> = loaded
        .scenario
        .options
        .iter()
        .flat_map(|o| {
            o.costs
                .iter()
                .enumerate()
                .filter(|(_, c)| c.basis != appraise::scenario::Basis::Annual)
                .flat_map(move |(i, _)| {
                    ["fte", "on_cost"].map(|k| format!("options.{}.costs[{i}].{k}", o.id))
                })
        })
        .collect();
    assert!(!refused.is_empty());
    for input in &model.inputs {
        if input.role == appraise::engine::model::InputRole::Quantity {
            assert!(
                listed.contains(&input.path) != refused.contains(&input.path),
                "{} is listed wrongly",
                input.path
            );
        }
    }
}

#[test]
fn diff_lists_changed_inputs_and_headline_figures() {
    let dir = TempDir::new().unwrap();
    let torbay = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/torbay-2025.toml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.toml"), &torbay).unwrap();
    std::fs::write(
        dir.path().join("b.toml"),
        torbay.replace("budget.annual = 100000", "budget.annual = 80000"),
    )
    .unwrap();
    let (code, out, err) = appraise_in(dir.path(), &["diff", "a.toml", "b.toml", "-n", "300"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("appraisal.budget.annual: 100000 → 80000"),
        "{out}"
    );
    let changed: Vec<&str> = out.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    assert_eq!(
        changed,
        ["  appraisal.budget.annual: 100000 → 80000"],
        "{out}"
    );
    assert!(out.contains("P(over budget)"), "{out}");
    let (code, json, err) = appraise_in(
        dir.path(),
        &["diff", "a.toml", "b.toml", "-n", "300", "-f", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let option = &v["options"][2];
    assert_eq!(option["id"], "commissioned_programme");
    let over = option["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["figure"] == "p_over_budget")
        .unwrap();
    assert!(
        over["after"].as_f64().unwrap() > over["before"].as_f64().unwrap(),
        "{over}"
    );
    let cost = option["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["figure"] == "cost_p50")
        .unwrap();
    assert_eq!(cost["after"], cost["before"]);
}

/// A scenario whose figures are almost certainly mistakes: capacity per week written per
/// year, an outcome valued far above its cost, a care package above the budget.
const IMPLAUSIBLE: &str = r#"[appraisal]
title = "Home-care reablement"
price_base_year = 2025
start = "2026-04"
horizon_years = 3
budget = { annual = 50000 }

[[demand]]
id = "discharges"
per_year = 30

[[options]]
id = "now"
kind = "baseline"
name = "Carry on as now"

[[options]]
id = "reablement"
kind = "in_house"
name = "Reablement team"
reach = { discharges = 1 }
capacity = { places_per_year = 2000 }

[[options.costs]]
name = "Carers"
basis = "annual"
amount = 25000

[[options.costs]]
name = "Care package"
basis = "per_case"
amount = 60000

[[options.outcomes]]
name = "Hours of care avoided"
per = "completion"
effect = 520
value = 25000
"#;

#[test]
fn implausible_figures_are_warned_about_without_stopping() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("r.toml"), IMPLAUSIBLE).unwrap();
    let (code, out, err) = appraise_in(dir.path(), &["validate", "r.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("valid"), "{out}");
    for says in [
        "warning: r.toml:22:32: options.reablement.capacity: capacity is far above demand",
        "options.reablement.costs[1].amount: the cost per case of 'Care package', £60,000 on average, is more than the annual budget of £50,000",
        "options.reablement.outcomes: the mean net present value",
        "is more than 100 times the option's mean total cost",
    ] {
        assert!(err.contains(says), "{says}:\n{err}");
    }
    let (code, _, run_err) = appraise_in(dir.path(), &["run", "r.toml", "-n", "300"]);
    assert_eq!(code, 0);
    assert!(
        run_err.contains("capacity is far above demand"),
        "{run_err}"
    );
    // The shipped scenarios raise none.
    let (code, _, err) = appraise(&[
        "validate",
        "scenarios/torbay-2025.toml",
        "scenarios/norfolk-2023.toml",
        "scenarios/minimal.toml",
    ]);
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn unused_counts_are_left_out_and_used_ones_named_by_the_scenario() {
    let report = |scenario: &str, set: &[&str]| {
        let mut args = vec!["report", scenario, "-n", "200", "--date", "2026-07-31"];
        for s in set {
            args.extend(["--set", s]);
        }
        let (code, md, err) = appraise(&args);
        assert_eq!(code, 0, "{err}");
        md
    };
    let md = report("scenarios/minimal.toml", &[]);
    assert!(!md.contains("Victims supported"), "{md}");
    assert!(!md.contains("Children supported"), "{md}");
    let md = report("scenarios/torbay-2025.toml", &[]);
    assert!(md.contains("| Victims supported |"), "{md}");
    let md = report(
        "scenarios/torbay-2025.toml",
        &["appraisal.outcome_names={ victims = \"Partners supported\" }"],
    );
    assert!(md.contains("| Partners supported |"), "{md}");
    assert!(!md.contains("Victims supported"), "{md}");
    assert!(md.contains("| Children supported |"), "{md}");
}
