//! The decision in the numbers (issue 8): affordability shares and budgets needed by hand, cost
//! lines priced on their own path, Monte Carlo errors against their formulas, and what the
//! documents say of variants, a missing baseline and the scenario's questions.

mod common;

use appraise::metric::col;
use assert_cmd::Command;
use common::{close, load, run};
use std::path::{Path, PathBuf};

/// Two options and a baseline over one year at base-year prices (cash = real cost). Option `a`
/// completes 12 people a year and costs 80 or 120 (a two-point choice, 85% / 15%); option `b`
/// completes 6 and costs 90. Both costs accrue from the start of the year, so each is paid in
/// full whatever the service does. Ranked on completions, `a` is always best; within the budget
/// of 100 a year, `a` is best when it costs 80 and `b` when `a` costs 120.
const CHOICE: &str = r#"
[appraisal]
title = "Two-point choice"
price_base_year = 2025
start = "2025-04"
horizon_years = 1
budget = { annual = 100 }
ranking_metric = "completions"

[[demand]]
id = "referrals"
per_year = 12

[[options]]
id = "now"
kind = "baseline"
name = "Now"

[[options]]
id = "a"
kind = "in_house"
name = "A"
reach = { referrals = 1 }
capacity = { places_per_year = 1000 }

[[options.costs]]
name = "A's cost"
basis = "annual"
amount = { choice = [80, 120], weights = [0.85, 0.15] }
accrues = "from_start"

[[options]]
id = "b"
kind = "commissioned"
name = "B"
reach = { referrals = 0.5 }
capacity = { places_per_year = 1000 }

[[options.costs]]
name = "B's cost"
basis = "annual"
amount = 90
accrues = "from_start"
"#;

#[test]
fn affordability_shares_and_budgets_needed_by_hand() {
    let n = 4000;
    let r = run(CHOICE, &[], n);
    let option = |id: &str| r.results.options.iter().find(|o| o.id == id).unwrap();
    let a_cash = &r.simulation.columns.columns[1][col::CASH0];
    // Twelve monthly payments add up to the amount, up to rounding.
    let cheap = a_cash.iter().filter(|c| (**c - 80.0).abs() < 1e-9).count();
    let dear = a_cash.iter().filter(|c| (**c - 120.0).abs() < 1e-9).count();
    assert_eq!(
        cheap + dear,
        n as usize,
        "a costs 80 or 120 in every iteration"
    );
    let share = cheap as f64 / n as f64;

    // Without the budget, a is best in every iteration.
    assert_eq!(option("a").p_best, 1.0);
    assert_eq!(option("a").p_best_mcse, 0.0);
    // Within it: a when it costs 80, b when a costs 120.
    assert_eq!(option("a").p_best_within_budget, share);
    let rest = dear as f64 / n as f64;
    assert_eq!(option("b").p_best_within_budget, rest);
    assert_eq!(option("now").p_best_within_budget, 0.0);
    assert_eq!(option("a").p_over_budget, rest);
    let w = &r.results.comparison.within_budget;
    assert_eq!(w.most_often_best, "a");
    assert_eq!(w.none_within, 0.0);
    assert_eq!(r.results.comparison.most_often_best, "a");
    // The binomial error of a share of 0/1 outcomes.
    close(
        option("a").p_best_within_budget_mcse,
        (share * (1.0 - share) / n as f64).sqrt(),
    );

    // Budget needed: the smallest cash at least 80% (90%) of iterations stay within. With about
    // 85% of iterations at 80, 80 covers 80% but not 90%.
    assert!(share > 0.8 && share < 0.9, "share of 80s: {share}");
    let need = option("a").budget_needed.unwrap();
    close(need.p80, 80.0);
    close(need.p90, 120.0);
    let need_b = option("b").budget_needed.unwrap();
    close(need_b.p80, 90.0);
    close(need_b.p90, 90.0);
    assert_eq!(option("now").budget_needed.unwrap().p90, 0.0);
    // Excess in the worst (only) year over 100: 0 or 20; the median is 0, the P90 is 20 since
    // more than 10% of iterations exceed.
    let excess = option("a").over_budget_by.unwrap();
    assert_eq!(excess.p50, 0.0);
    close(excess.p90, 20.0);
    assert_eq!(option("b").over_budget_by.unwrap().p90, 0.0);
}

#[test]
fn a_total_budget_holds_the_total_cash() {
    // Two years at 80 or 120 a year (one draw per iteration, so both years alike) against 200
    // in total: a total of 160 is within it, 240 is not.
    let r = run(
        CHOICE,
        &[
            "appraisal.horizon_years=2",
            "appraisal.budget={ total = 200 }",
        ],
        2000,
    );
    let a = r.results.options.iter().find(|o| o.id == "a").unwrap();
    let cash = &r.simulation.columns.columns[1];
    let count = (0..2000)
        .filter(|&i| cash[col::CASH0][i] + cash[col::CASH0 + 1][i] <= 200.005)
        .count();
    let within = count as f64 / 2000.0;
    assert_eq!(a.p_over_budget, (2000 - count) as f64 / 2000.0);
    assert_eq!(a.p_best_within_budget, within);
    let need = a.budget_needed.unwrap();
    assert_eq!(
        need.kind,
        appraise::affordability::BudgetKind::Total,
        "a total budget needs total cash"
    );
    // About 85% of totals are 160: 80% needs 160, 90% needs 240, and the P90 excess is 40.
    close(need.p80, 160.0);
    close(need.p90, 240.0);
    close(a.over_budget_by.unwrap().p90, 40.0);
}

#[test]
fn p_best_has_the_binomial_standard_error() {
    // a completes 3 or 12 (30% / 70%) against b's 6: b is best in about 30% of iterations, a
    // in the rest, never tied.
    let r = run(
        CHOICE,
        &["options.a.capacity.places_per_year={ choice = [3, 12], weights = [0.3, 0.7] }"],
        3000,
    );
    let n = 3000.0;
    for o in &r.results.options {
        let p = o.p_best;
        close(o.p_best_mcse, (p * (1.0 - p) / n).sqrt());
        let q = o.p_over_budget;
        close(o.p_over_budget_mcse, (q * (1.0 - q) / n).sqrt());
    }
    let b = r.results.options.iter().find(|o| o.id == "b").unwrap();
    assert!(b.p_best > 0.2 && b.p_best < 0.4, "{}", b.p_best);
    // a and b split the wins between them: the error of their difference is that of a share
    // of ±1 outcomes, 2√(p(1 − p)/n) with p = P(b best).
    let lead = &r.results.comparison.lead_mcse;
    let p = b.p_best;
    close(lead.get("b"), 2.0 * (p * (1.0 - p) / n).sqrt());
}

/// Three years from 2026/27 at 2025 prices (s = 1), cash uplift 3%: one line fixed in cash, one
/// with its own 5% uplift, one following the appraisal's 3%, and a one-off at month 12 with 5%.
const PRICES: &str = r#"
[appraisal]
title = "Prices"
price_base_year = 2025
start = "2026-04"
horizon_years = 3
cash_uplift = 0.03
discount_rate = 0

[[options]]
id = "contract"
kind = "commissioned"
name = "Contract"

[[options.costs]]
name = "Fixed price"
basis = "annual"
amount = 1000
accrues = "from_start"
fixed_cash = true

[[options.costs]]
name = "Indexed at 5%"
basis = "annual"
amount = 100
accrues = "from_start"
uplift = 0.05

[[options.costs]]
name = "At the general rate"
basis = "annual"
amount = 10
accrues = "from_start"

[[options.costs]]
name = "One-off, indexed at 5%"
basis = "one_off"
amount = 1
month = 12
uplift = 0.05
"#;

#[test]
fn fixed_cash_and_own_uplift_lines_by_hand() {
    let r = run(PRICES, &[], 3);
    let m = |name: &str| common::mean(&r, "contract", name);
    for y in 0..3 {
        let e = y + 1;
        let expected = 1000.0
            + 100.0 * 1.05f64.powi(e)
            + 10.0 * 1.03f64.powi(e)
            + if y == 1 { 1.05f64.powi(e) } else { 0.0 };
        close(m(&format!("cash_{y}")), expected);
    }
    // Real cost: each year's cash deflated by the appraisal's 3% a year from the price base.
    let real: f64 = (0..3)
        .map(|y| {
            let e = y + 1;
            1000.0 / 1.03f64.powi(e) + 100.0 * (1.05f64 / 1.03).powi(e) + 10.0
        })
        .sum::<f64>()
        + (1.05f64 / 1.03).powi(2);
    close(m("cost"), real);
    // With the appraisal's own rate the line is the same as one without `uplift`.
    let same = run(PRICES, &["options.contract.costs[1].uplift=0.03"], 3);
    close(
        common::mean(&same, "contract", "cost"),
        real - (0..3)
            .map(|y| 100.0 * ((1.05f64 / 1.03).powi(y + 1) - 1.0))
            .sum::<f64>(),
    );
}

#[test]
fn a_line_cannot_be_both_fixed_and_uplifted() {
    let shown = common::problems(PRICES, &["options.contract.costs[0].uplift=0.02"]);
    assert!(
        shown.contains("give uplift or fixed_cash = true, not both"),
        "{shown}"
    );
    let shown = common::problems(PRICES, &["options.contract.costs[0].fixed_cash=\"yes\""]);
    assert!(shown.contains("expected true or false"), "{shown}");
}

fn appraise() -> Command {
    Command::cargo_bin("appraise").expect("the binary is built")
}

fn torbay() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/torbay-2025.toml")
}

fn stdout_of(args: &[&str]) -> (String, String) {
    let out = appraise().args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

#[test]
fn a_variant_report_names_the_variant() {
    let file = torbay();
    let (md, _) = stdout_of(&[
        "report",
        file.to_str().unwrap(),
        "--variant",
        "budget-80k",
        "-n",
        "300",
        "--date",
        "2026-07-31",
    ]);
    let title = md.lines().next().unwrap();
    assert_eq!(
        title,
        "# Responding to domestic abuse perpetration in Torbay — variant `budget-80k`"
    );
    assert!(md.contains("**What-if: variant `budget-80k`.** What if the budget is £80k a year?"));
    assert!(md.contains(
        "| Variant | `budget-80k`: What if the budget is £80k a year? |\n| Variant's overrides | `appraisal.budget.annual = 80000` |\n| Overrides (--set) | none |"
    ));
    assert!(md.contains("- **budget-80k** (this document): What if the budget is £80k a year?"));
    let (html, _) = stdout_of(&[
        "report",
        file.to_str().unwrap(),
        "--variant",
        "budget-80k",
        "-n",
        "300",
        "--date",
        "2026-07-31",
        "--format",
        "html",
    ]);
    assert!(html.contains(
        "<title>Responding to domestic abuse perpetration in Torbay — variant budget-80k</title>"
    ));
    assert!(html.contains("<code>appraisal.budget.annual = 80000</code>"));
}

#[test]
fn the_report_states_both_choices_and_the_budgets_needed() {
    let file = torbay();
    let (md, _) = stdout_of(&["report", file.to_str().unwrap(), "-n", "500"]);
    assert!(md.contains("**The choice.** Ranked on net present value alone, **Option 1"));
    assert!(md.contains("Counting in each future only the options whose cash stays within the budget of £100,000 a year, **"));
    assert!(md.contains("To stay within budget with 80% confidence it needs £"));
    assert!(md.contains("**Which option starts first.**"));
    assert!(md.contains("**The decision's own questions.**"));
    assert!(md.contains("*What if the funding is short-term?* With one year's funding,"));
    assert!(md.contains("| short-term-funding | Business as usual"));
}

const NO_BASELINE: &str = r#"
[appraisal]
title = "No baseline"
price_base_year = 2025
start = "2025-04"
horizon_years = 1

[[demand]]
id = "referrals"
per_year = 12

[[options]]
id = "a"
kind = "in_house"
name = "A"
reach = { referrals = 1 }
capacity = { places_per_year = 100 }

[[options.costs]]
name = "A's cost"
basis = "annual"
amount = { uniform = [80, 120] }

[[options]]
id = "b"
kind = "other"
name = "B"
reach = { referrals = 0.5 }
capacity = { places_per_year = 100 }
"#;

#[test]
fn every_document_reports_a_missing_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no-baseline.toml");
    std::fs::write(&file, NO_BASELINE).unwrap();
    let f = file.to_str().unwrap();
    let (_, stderr) = stdout_of(&["validate", f]);
    assert!(
        stderr.contains("no option is of kind \"baseline\""),
        "{stderr}"
    );
    for kind in ["report", "appendix"] {
        for format in ["md", "html"] {
            let (doc, _) = stdout_of(&[kind, f, "-n", "200", "--format", format]);
            assert!(doc.contains("No option is of kind"), "{kind} {format}");
            assert!(
                doc.contains("so incremental figures are left out"),
                "{kind} {format}"
            );
        }
    }
    let (json, _) = stdout_of(&["run", f, "-n", "200", "--format", "json", "--wtp", "1000"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["comparison"]["reference"].is_null());
    assert_eq!(v["wtp"]["icer"], serde_json::json!([]));

    // Naming a reference puts the incremental figures against it.
    let named = NO_BASELINE.replace("horizon_years = 1", "horizon_years = 1\nreference = \"b\"");
    std::fs::write(&file, named).unwrap();
    let (md, _) = stdout_of(&["report", f, "-n", "200"]);
    assert!(
        md.contains("Incremental figures are against B, which the scenario names as its reference")
    );
    let (json, _) = stdout_of(&["run", f, "-n", "200", "--format", "json", "--wtp", "1000"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["comparison"]["reference"], "b");
    assert_eq!(v["wtp"]["icer"][1]["status"], "baseline");
}

#[test]
fn a_reference_must_name_an_option() {
    let shown = common::problems(NO_BASELINE, &["appraisal.reference=\"c\""]);
    assert!(
        shown.contains("appraisal.reference: 'c' is not an option"),
        "{shown}"
    );
}

#[test]
fn the_fte_warning_follows_the_readme_example() {
    let file = torbay();
    let f = file.to_str().unwrap();
    // One parameter moves capacity and pay together: no warning.
    let (_, stderr) = stdout_of(&["run", f, "-n", "50", "--set", "parameters.specialist_fte=3"]);
    assert!(!stderr.contains("capacity FTE differs"), "{stderr}");
    // Capacity alone: warned.
    let (_, stderr) = stdout_of(&[
        "run",
        f,
        "-n",
        "50",
        "--set",
        "options.in_house_specialists.capacity.fte=3",
    ]);
    assert!(
        stderr.contains("options.in_house_specialists.capacity.fte: capacity FTE differs from the FTE you pay for"),
        "{stderr}"
    );
    // The third specialist costs money: NPV falls from what capacity alone would give.
    let npv = |set: &str| {
        let (json, _) = stdout_of(&["run", f, "-n", "2000", "--format", "json", "--set", set]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["options"][1]["metrics"]["npv"]["mean"].as_f64().unwrap()
    };
    assert!(
        npv("parameters.specialist_fte=3") < npv("options.in_house_specialists.capacity.fte=3")
    );
}

#[test]
fn a_question_that_names_nothing_is_refused_with_exit_2() {
    let text = format!(
        "{CHOICE}\n[[questions]]\nquestion = \"Is c cheap?\"\nanswer = \"{{{{ option('c').p_over_budget | pct }}}}\"\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.toml");
    std::fs::write(&file, &text).unwrap();
    let out = appraise()
        .args(["report", file.to_str().unwrap(), "-n", "20"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: question 1 of the scenario could not be answered"),
        "{stderr}"
    );
    assert!(
        stderr.contains("there is no option 'c'; choose from: now, a, b"),
        "{stderr}"
    );
    // A broken expression is found when the file is read.
    let broken = text.replace("| pct }}", "| pct }");
    let shown = common::problems(&broken, &[]);
    assert!(shown.contains("questions[0].answer"), "{shown}");
    // A good question is answered.
    let good = text.replace("option('c')", "option('a')");
    let loaded = load(&good, &[]);
    assert_eq!(loaded.scenario.questions.len(), 1);
}

#[test]
fn a_notice_that_names_no_option_gives_both_choices() {
    // Torbay's [decision] without its `option`: the notice falls back on the analysis, which
    // must say that the choice within budget is a different option.
    let text = std::fs::read_to_string(torbay()).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("option = \"commissioned_programme\""))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, text, "Torbay's [decision] names its option");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("torbay.toml");
    std::fs::write(&file, without).unwrap();
    let (md, _) = stdout_of(&["notice", file.to_str().unwrap(), "-n", "300"]);
    let line = md
        .lines()
        .find(|l| l.starts_with("The analysis supports"))
        .expect("the fallback sentence");
    assert!(
        line.contains("**Option 1: recruit two behaviour change specialists (Drive model)**"),
        "{line}"
    );
    assert!(
        line.contains("counting only the options within budget in each future, Business as usual"),
        "{line}"
    );
}
