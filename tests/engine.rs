//! The monthly model, checked against arithmetic done by hand from `docs/model.md`.

mod common;
use common::{close, mean, run, summary};

/// Every value fixed, so every iteration is the same and every metric can be worked by hand.
const FIXED: &str = r#"
[appraisal]
title = "Fixed"
price_base_year = 2025
start = "2026-04"
horizon_years = 2
discount_rate = 0.035
cash_uplift = 0.03
budget = { annual = 80000 }

[[demand]]
id = "d"
per_year = 120

[[options]]
id = "bau"
kind = "baseline"
name = "Business as usual"

[[options]]
id = "x"
kind = "commissioned"
name = "Service"
mobilisation_months = 2.5
suitability = 0.8
engagement = 0.5
completion = 0.6
victims_per_case = 1.0
children_per_case = 1.5
optimism_bias = 0.1
reach = { d = 0.5 }
capacity = { places_per_year = 18 }

[[options.costs]]
name = "Staff"
basis = "annual"
amount = 30000
fte = 2
on_cost = 0.25

[[options.costs]]
name = "Set-up"
basis = "one_off"
amount = 5000

[[options.costs]]
name = "Per case"
basis = "per_case"
amount = 100

[[options.outcomes]]
name = "Harm prevented"
per = "completion"
effect = 0.5
value = 10000
deadweight = 0.2
attribution = 0.75
persistence_years = 2
drop_off = 0.4
"#;

#[test]
fn a_fixed_scenario_matches_hand_arithmetic() {
    let a = run(FIXED, &[], 5);
    // Service starts at D = 2.5: month 2 is half active, months 3–23 fully. Active months:
    // year 0 = 0.5 + 9 = 9.5, year 1 = 12; in all 21.5.
    let (y0, y1) = (9.5, 12.0);
    let active = y0 + y1;
    // Referrals 120 × 0.5 / 12 = 5 a month; willing 5 × 0.8 × 0.5 = 2 a month; capacity 18/12 =
    // 1.5 a month, so engaged 1.5 a month and unmet 0.5 a month.
    close(mean(&a, "x", "start_month"), 2.5);
    close(mean(&a, "x", "referrals"), 5.0 * active);
    close(mean(&a, "x", "suitable"), 4.0 * active);
    close(mean(&a, "x", "engaged"), 1.5 * active);
    close(mean(&a, "x", "unmet"), 0.5 * active);
    close(mean(&a, "x", "completions"), 0.9 * active);
    close(mean(&a, "x", "victims"), 1.5 * active);
    close(mean(&a, "x", "children"), 2.25 * active);
    // Staff 30,000 × 2 × 1.25 / 12 = 6,250 a month while in service; set-up 5,000 in month 0;
    // 100 per person engaged; all × 1.1 optimism bias.
    let cost0 = (6250.0 * y0 + 5000.0 + 100.0 * 1.5 * y0) * 1.1;
    let cost1 = (6250.0 * y1 + 100.0 * 1.5 * y1) * 1.1;
    close(cost0, 72380.0);
    close(cost1, 84480.0);
    close(mean(&a, "x", "cost"), cost0 + cost1);
    let df = |y: i32| 1.035f64.powi(-y);
    let cost_pv = cost0 + cost1 * df(1);
    close(mean(&a, "x", "cost_pv"), cost_pv);
    // Cash is uplifted 3% a year from the price base (2025) to each year: year 0 is 2026/27.
    close(mean(&a, "x", "cash_0"), cost0 * 1.03);
    close(mean(&a, "x", "cash_1"), cost1 * 1.03 * 1.03);
    close(mean(&a, "x", "peak_cash"), cost1 * 1.03 * 1.03);
    // Cash in year 1 (£89,625) is over the £80,000 annual budget.
    close(mean(&a, "x", "over_budget"), 1.0);
    close(a.results.options[1].p_over_budget, 1.0);
    // Each completion is worth 0.5 × 10,000 × 0.8 × 0.75 = 3,000 in its year and 60% of that
    // the year after, past the horizon included.
    let unit = 3000.0;
    let benefit_pv =
        0.9 * y0 * unit * (df(0) + 0.6 * df(1)) + 0.9 * y1 * unit * (df(1) + 0.6 * df(2));
    close(mean(&a, "x", "benefit_pv"), benefit_pv);
    close(mean(&a, "x", "npv"), benefit_pv - cost_pv);
    close(mean(&a, "x", "bcr"), benefit_pv / cost_pv);
    close(
        mean(&a, "x", "cost_per_engaged"),
        (cost0 + cost1) / (1.5 * active),
    );
    close(
        mean(&a, "x", "cost_per_completion"),
        (cost0 + cost1) / (0.9 * active),
    );
    // Every iteration is the same.
    let s = summary(&a, "x", "cost");
    assert_eq!(s.sd, 0.0);
    assert_eq!(s.p5, s.p95);
    // Business as usual: nothing, and its ratios are undefined in every iteration.
    close(mean(&a, "bau", "cost"), 0.0);
    close(mean(&a, "bau", "over_budget"), 0.0);
    assert_eq!(summary(&a, "bau", "bcr").undefined_share, 1.0);
    assert!(summary(&a, "bau", "bcr").mean.is_nan());
    // The service's NPV is negative here (benefits £90k against costs £154k), so business as
    // usual (NPV 0) is best in every iteration.
    assert!(benefit_pv < cost_pv);
    assert_eq!(a.results.comparison.ranking_metric, "npv");
    close(a.results.options[0].p_best, 1.0);
    close(a.results.options[1].p_best, 0.0);
}

#[test]
fn mobilisation_delays_the_start_and_cuts_activity() {
    let a = run(FIXED, &["options.x.mobilisation_months=12"], 1);
    // Service runs in year 1 only.
    close(mean(&a, "x", "engaged"), 1.5 * 12.0);
    close(mean(&a, "x", "start_month"), 12.0);
    // Only the set-up is paid in year 0.
    close(mean(&a, "x", "cash_0"), 5000.0 * 1.1 * 1.03);
}

#[test]
fn ramp_up_scales_referrals_by_months_in_service() {
    // Start at 0, ramp over 4 months: referral shares 1/4, 2/4, 3/4, then 1.
    let a = run(
        FIXED,
        &[
            "options.x.mobilisation_months=0",
            "options.x.ramp_up_months=4",
            "options.x.capacity.places_per_year=1000",
        ],
        1,
    );
    let months = 24.0 - 4.0 + (0.25 + 0.5 + 0.75 + 1.0);
    close(mean(&a, "x", "referrals"), 5.0 * months);
    close(mean(&a, "x", "engaged"), 2.0 * months);
    close(mean(&a, "x", "unmet"), 0.0);
}

#[test]
fn capacity_caps_engagement_and_the_rest_is_unmet() {
    let a = run(
        FIXED,
        &[
            "options.x.mobilisation_months=0",
            "options.x.capacity.places_per_year=12",
        ],
        1,
    );
    close(mean(&a, "x", "engaged"), 24.0);
    close(mean(&a, "x", "unmet"), 24.0);
    // Caseload form: 2 FTE × 13 cases × 52 / 26 weeks = 52 places a year.
    let a = run(
        FIXED,
        &[
            "options.x.mobilisation_months=0",
            "options.x.capacity={ fte = 2, caseload = 13, duration_weeks = 26 }",
        ],
        1,
    );
    // Willing is 2 a month, under 52/12: no cap.
    close(mean(&a, "x", "engaged"), 48.0);
    let a = run(
        FIXED,
        &[
            "options.x.mobilisation_months=0",
            "options.x.capacity={ fte = 0.5, caseload = 6, duration_weeks = 26 }",
        ],
        1,
    );
    close(mean(&a, "x", "engaged"), 0.5 * 6.0 * 2.0 * 2.0);
}

#[test]
fn reach_sums_over_streams_and_unnamed_streams_count_zero() {
    let text = FIXED.replace(
        "[[options]]\nid = \"bau\"",
        "[[demand]]\nid = \"e\"\nper_year = 60\n\n[[demand]]\nid = \"f\"\nper_year = 1000\n\n[[options]]\nid = \"bau\"",
    );
    let a = run(
        &text,
        &[
            "options.x.mobilisation_months=0",
            "options.x.reach={ d = 0.5, e = 0.2 }",
            "options.x.capacity.places_per_year=1000",
        ],
        1,
    );
    close(
        mean(&a, "x", "referrals"),
        24.0 * (120.0 * 0.5 + 60.0 * 0.2) / 12.0,
    );
}

#[test]
fn a_risk_that_occurs_delays_adds_cost_and_cuts_capacity() {
    let risk = "\n[[options.risks]]\nname = \"r\"\nprobability = 1\ndelay_months = 12\nextra_cost = 1000\ncapacity_factor = 0.5\n";
    let text = format!("{FIXED}{risk}").replace("[[options.outcomes]]", "[[options.outcomes_]]");
    // Risks must follow the option's own keys: append to the option, dropping outcomes.
    let text = text
        .split("[[options.outcomes_]]")
        .next()
        .unwrap()
        .to_string()
        + risk;
    let a = run(&text, &["options.x.mobilisation_months=0"], 1);
    close(mean(&a, "x", "start_month"), 12.0);
    // Capacity halves to 0.75 a month in year 1.
    close(mean(&a, "x", "engaged"), 0.75 * 12.0);
    close(mean(&a, "x", "cash_0"), (5000.0 + 1000.0) * 1.1 * 1.03);
    // Probability 0: nothing happens.
    let a = run(
        &text,
        &[
            "options.x.mobilisation_months=0",
            "options.x.risks[0].probability=0",
        ],
        1,
    );
    close(mean(&a, "x", "start_month"), 0.0);
    close(mean(&a, "x", "engaged"), 1.5 * 24.0);
}

#[test]
fn optimism_bias_multiplies_every_cost() {
    let with = run(FIXED, &["options.x.optimism_bias=0.41"], 1);
    let without = run(FIXED, &["options.x.optimism_bias=0"], 1);
    close(mean(&with, "x", "cost"), 1.41 * mean(&without, "x", "cost"));
    close(
        mean(&with, "x", "cost_pv"),
        1.41 * mean(&without, "x", "cost_pv"),
    );
}

#[test]
fn per_case_and_per_completion_costs_follow_the_caseload() {
    let a = run(
        FIXED,
        &[
            "options.x.optimism_bias=0",
            "options.x.costs[0].amount=0",
            "options.x.costs[1].amount=0",
            "options.x.costs[2].basis=\"per_completion\"",
        ],
        1,
    );
    close(mean(&a, "x", "cost"), 100.0 * 0.9 * 21.5);
    let a = run(
        FIXED,
        &[
            "options.x.optimism_bias=0",
            "options.x.costs[0].amount=0",
            "options.x.costs[1].amount=0",
        ],
        1,
    );
    close(mean(&a, "x", "cost"), 100.0 * 1.5 * 21.5);
}

#[test]
fn from_start_lines_accrue_before_the_service_starts() {
    let base = [
        "options.x.optimism_bias=0",
        "options.x.costs[1].amount=0",
        "options.x.costs[2].amount=0",
    ];
    let a = run(FIXED, &base, 1);
    close(mean(&a, "x", "cost"), 6250.0 * 21.5);
    let mut from = base.to_vec();
    from.push("options.x.costs[0].accrues=\"from_start\"");
    let a = run(FIXED, &from, 1);
    close(mean(&a, "x", "cost"), 6250.0 * 24.0);
}

#[test]
fn benefits_with_drop_off_count_past_the_horizon() {
    // One year, start at once, 1.5 completions... persistence 3 years with 50% drop-off.
    let a = run(
        FIXED,
        &[
            "appraisal.horizon_years=1",
            "options.x.mobilisation_months=0",
            "options.x.outcomes[0].persistence_years=3",
            "options.x.outcomes[0].drop_off=0.5",
        ],
        1,
    );
    let completions = 0.9 * 12.0;
    let df = |y: i32| 1.035f64.powi(-y);
    let expected = completions * 3000.0 * (df(0) + 0.5 * df(1) + 0.25 * df(2));
    close(mean(&a, "x", "benefit_pv"), expected);
}

#[test]
fn a_total_budget_compares_the_sum_of_cash() {
    let a = run(FIXED, &["appraisal.budget={ total = 164000 }"], 1);
    // Cash 72,380 × 1.03 + 84,480 × 1.03² = 74,551.40 + 89,624.83 = 164,176.23 > 164,000.
    close(mean(&a, "x", "over_budget"), 1.0);
    let a = run(FIXED, &["appraisal.budget={ total = 164200 }"], 1);
    close(mean(&a, "x", "over_budget"), 0.0);
}

#[test]
fn a_cost_equal_to_the_budget_is_not_over_it() {
    // £100,000 a year plus 10% on-costs accrued from the start: £110,000 a year, which binary
    // arithmetic makes 110,000.00000000001. That is not "over" a £110,000 budget.
    let a = run(
        FIXED,
        &[
            "appraisal.cash_uplift=0",
            "appraisal.budget.annual=110000",
            "options.x.optimism_bias=0",
            "options.x.costs[0]={ name = \"flat\", basis = \"annual\", amount = 100000, on_cost = 0.1, accrues = \"from_start\" }",
            "options.x.costs[1].amount=0",
            "options.x.costs[2].amount=0",
        ],
        1,
    );
    let peak = mean(&a, "x", "peak_cash");
    close(peak, 110000.0);
    assert!(
        peak > 110000.0,
        "the test needs a cost a hair above the budget, got {peak}"
    );
    close(mean(&a, "x", "over_budget"), 0.0);
}

/// An uncertain risk: the share of iterations in which it delays the start estimates its
/// probability, within 4 Monte Carlo standard errors.
#[test]
fn risk_events_occur_at_their_probability() {
    let risk = "\n[[options.risks]]\nname = \"r\"\nprobability = { uniform = [0.2, 0.4] }\ndelay_months = 1\n";
    let text = FIXED
        .split("[[options.outcomes]]")
        .next()
        .unwrap()
        .to_string()
        + risk;
    let n = 40_000;
    let a = run(&text, &["options.x.mobilisation_months=0"], n);
    // start_month is 1 exactly when the risk occurs: its mean is P(occurs) = E[p] = 0.3.
    let p = 0.3;
    let mcse = (p * (1.0 - p) / n as f64).sqrt();
    let got = mean(&a, "x", "start_month");
    assert!(
        (got - p).abs() < 4.0 * mcse,
        "P(occurs) {got}, expected {p} ± {}",
        4.0 * mcse
    );
}

/// Correlated parameters, draws clamped into their domain (an engagement rate, a completion rate
/// two options share and a criterion's score, drawn from normals; the score read by no option),
/// a parameter that no option reads, a baseline and a service with nothing uncertain (run once;
/// a criterion's metric measures the service), and a budget that an option can exceed: every
/// case of running one option at a time.
const EVERY_PASS: &str = r#"
[appraisal]
title = "Every pass"
price_base_year = 2025
start = "2025-04"
horizon_years = 2
budget = { annual = 40000 }

[parameters]
salary = { pert = [30000, 36000, 45000] }
caseload = { lognormal90 = [8, 20] }
weeks = { triangular = [22, 30, 40] }
unused = { normal = [0.5, 0.4] }
done = { normal = [0.9, 0.04] }

[[correlations]]
between = ["salary", "caseload"]
spearman = 0.6

[[demand]]
id = "d"
per_year = { pert = [60, 100, 150] }

[[options]]
id = "bau"
kind = "baseline"
name = "As now"

[[options]]
id = "x"
kind = "in_house"
name = "X"
reach = { d = 1 }
engagement = { normal = [0.9, 0.04] }
completion = "done"
capacity = { fte = 1, caseload = "caseload", duration_weeks = "weeks" }

[[options.costs]]
name = "Staff"
basis = "annual"
amount = "salary"

[[options]]
id = "y"
kind = "commissioned"
name = "Y"
reach = { d = 0.8 }
completion = "done"
capacity = { places_per_year = { pert = [30, 40, 60] } }

[[options.costs]]
name = "Places"
basis = "per_case"
amount = { pert = [900, 1000, 1300] }

[[demand]]
id = "e"
per_year = 40

[[options]]
id = "z"
kind = "commissioned"
name = "Z"
reach = { e = 1 }
engagement = 0.8
completion = 0.7
mobilisation_months = 4
capacity = { places_per_year = 25 }

[[options.costs]]
name = "Contract"
basis = "annual"
amount = 61000

[[criteria]]
id = "fit"
name = "Fit"
better = "higher"
scale = [1, 5]
scores.bau = { value = 1 }
scores.x = { normal = [4, 0.4] }
scores.y = { pert = [2, 3, 4] }
scores.z = { value = 3 }

[[criteria]]
id = "reach"
name = "Reach"
metric = "completions"

[[criteria]]
id = "speed"
name = "Speed"
metric = "start_month"
scores.bau = { value = 24 }
"#;

/// A run summarised one option at a time gives the results and the multi-criteria appraisal of
/// a whole run, bit for bit, with either sampling method.
#[test]
fn a_run_summarised_one_option_at_a_time_is_the_whole_run() {
    use appraise::analysis::mca;
    use appraise::run::run_loaded;
    use appraise::scenario::Method;
    let examples = ["minimal", "norfolk-2023", "torbay-2025"]
        .map(|f| std::fs::read_to_string(format!("scenarios/{f}.toml")).unwrap());
    let texts = examples.iter().map(String::as_str).chain([EVERY_PASS]);
    for text in texts {
        for method in [Method::MonteCarlo, Method::LatinHypercube] {
            let mut req = appraise::Request::new("test.toml");
            req.iterations = Some(2_500);
            req.method = Some(method);
            let whole = run_loaded(common::load(text, &[]), &req).unwrap();
            req.analyses.summary_only = true;
            let lean = run_loaded(common::load(text, &[]), &req).unwrap();
            let json = |r: &appraise::run::Run| {
                let m = serde_json::to_string(&mca::of_run(r)).unwrap();
                serde_json::to_string(&r.results).unwrap() + &m
            };
            assert_eq!(json(&whole), json(&lean), "{method:?}");
            if text == EVERY_PASS {
                // z was run once. (So would the baseline be, but its pass, the first, also
                // draws the correlated parameters, to keep their draws.)
                let once: Vec<bool> = (lean.simulation.columns.constant.iter())
                    .map(Option::is_some)
                    .collect();
                assert_eq!(once, [false, false, false, true].to_vec());
                let over = |r: &appraise::run::Run, id: &str| {
                    r.results
                        .options
                        .iter()
                        .find(|o| o.id == id)
                        .unwrap()
                        .p_over_budget
                };
                assert_eq!((over(&lean, "z"), over(&lean, "bau")), (1.0, 0.0));
                assert!(over(&lean, "x") > 0.0 && over(&lean, "x") < 1.0);
            }
        }
    }
    // The case above clamps draws: of an option's input, of one two options share (counted
    // once), and of an input that no option reads.
    let run = common::run(EVERY_PASS, &[], 2_500);
    let clamped = |path: &str| {
        let i = run.results.inputs.iter().find(|i| i.path == path);
        i.map_or(0, |i| i.clamped)
    };
    assert!(clamped("options.x.engagement") > 0);
    assert!(clamped("parameters.done") > 0);
    assert!(clamped("criteria.fit.scores.x") > 0);
}
