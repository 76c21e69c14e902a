//! Sensitivity (docs/model.md section 8): rank and swing tornados and switching values, checked
//! against known functions of the inputs, arithmetic from `docs/model.md`, and re-runs of the
//! engine with an input fixed.

mod common;
use appraise::analysis::sensitivity::{
    SwitchingValue, option_index, rank_tornado, swing_tornado, switching_values,
};
use appraise::dist::Dist;
use appraise::engine::sample::{BLOCK, Plan};
use appraise::engine::{self, Settings, block_inputs};
use appraise::error::SensitivityError;
use appraise::metric::lower_is_better;
use appraise::results::metric_column;
use appraise::run::Run;
use appraise::stats::{spearman, summarise};
use common::{close, run};

/// Cost of option x = 2 × amount1 + amount2 + 20,000 when the risk occurs (P = 0.3), for one
/// year accrued from the start with no optimism bias. amount1 has by far the widest range; the
/// risk comes next; `completion` does not affect cost at all.
const RANK: &str = r#"
[appraisal]
title = "Rank"
price_base_year = 2025
start = "2026-04"
horizon_years = 1

[[options]]
id = "bau"
kind = "baseline"
name = "Business as usual"

[[options]]
id = "x"
kind = "in_house"
name = "Service"
completion = { uniform = [0.2, 0.8] }

[[options.costs]]
name = "Staff"
basis = "annual"
amount = { uniform = [10000, 50000] }
fte = 2
accrues = "from_start"

[[options.costs]]
name = "Set-up"
basis = "one_off"
amount = { uniform = [0, 10000] }

[[options.risks]]
name = "Extra"
probability = 0.3
extra_cost = 20000
"#;

#[test]
fn the_rank_tornado_orders_inputs_by_their_influence() {
    let n = 4000;
    let a = run(RANK, &[], n);
    let x = option_index(&a.simulation.model, "x").unwrap();
    let t = rank_tornado(&a, x, "cost").unwrap();
    let paths: Vec<&str> = t.iter().map(|e| e.input.as_str()).collect();
    // Fixed inputs (fte, the risk's probability and extra cost) and defaults are left out.
    assert_eq!(
        paths,
        [
            "options.x.costs[0].amount",
            "options.x.risks[0].occurs",
            "options.x.costs[1].amount",
            "options.x.completion",
        ]
    );
    // Linear model: Pearson's r of each term is sd_term / sd_total, with sds 23,094 (2 ×
    // uniform over 40,000), 9,165 (20,000 × √(0.3 × 0.7)) and 2,887; Spearman's rho is close.
    assert!(t[0].rho > 0.9, "{t:?}");
    assert!(t[1].rho > 0.3 && t[1].rho < 0.45, "{t:?}");
    assert!(t[2].rho > 0.07 && t[2].rho < 0.16, "{t:?}");
    // No influence: within 4 standard errors (1/√N) of 0.
    assert!(t[3].rho.abs() < 4.0 / (n as f64).sqrt(), "{t:?}");
    // Business as usual uses no sampled input.
    let bau = rank_tornado(&a, 0, "cost").unwrap();
    assert!(bau.is_empty());
}

/// The input columns of a run, regenerated whole through the engine, as the samples CSV
/// reports them (a risk's occurrence as 0/1).
fn engine_columns(a: &Run) -> Vec<Vec<f64>> {
    let model = &a.simulation.model;
    let n = a.simulation.settings.iterations as usize;
    let plan = Plan::new(
        model,
        a.simulation.settings.seed,
        a.simulation.settings.method,
        a.simulation.settings.iterations,
    );
    let mut cols = vec![Vec::with_capacity(n); model.inputs.len()];
    let mut clamped = vec![0; model.inputs.len()];
    for b in 0..n.div_ceil(BLOCK) {
        let len = BLOCK.min(n - b * BLOCK);
        let values = block_inputs(model, &plan, b, len, &mut clamped);
        for (k, col) in cols.iter_mut().enumerate() {
            col.extend_from_slice(&values[k * len..(k + 1) * len]);
        }
    }
    for (k, input) in model.inputs.iter().enumerate() {
        if let engine::model::InputRole::Occurs { probability } = input.role {
            cols[k] = (0..n)
                .map(|i| f64::from(u8::from(cols[k][i] < cols[probability][i])))
                .collect();
        }
    }
    cols
}

#[test]
fn the_rank_tornado_uses_the_runs_own_draws() {
    // A service that may not start within the year, so that its cost per person engaged is
    // sometimes undefined.
    let text = RANK.replace(
        "[[options]]\nid = \"bau\"",
        "[[demand]]\nid = \"d\"\nper_year = { uniform = [50, 150] }\n\n[[options]]\nid = \"bau\"",
    );
    let late = [
        "options.x.mobilisation_months={ uniform = [0, 15] }",
        "options.x.reach={ d = 1 }",
        "options.x.capacity.places_per_year=1000",
    ];
    for method in ["monte_carlo", "latin_hypercube"] {
        let mut overrides = late.to_vec();
        let method = format!("appraisal.method=\"{method}\"");
        overrides.push(&method);
        let a = run(&text, &overrides, 2500);
        let cols = engine_columns(&a);
        for metric in ["cost", "cost_per_engaged"] {
            let y = metric_column(&a.simulation.columns, 1, metric).unwrap();
            let undefined = y.iter().filter(|v| v.is_nan()).count();
            if metric == "cost_per_engaged" {
                assert!(undefined > 100, "{undefined} undefined");
            }
            for e in rank_tornado(&a, 1, metric).unwrap() {
                let k = a
                    .simulation
                    .model
                    .inputs
                    .iter()
                    .position(|i| i.path == e.input)
                    .unwrap();
                assert!(!e.rho.is_nan(), "{method} {metric} {}", e.input);
                assert_eq!(
                    e.rho,
                    spearman(&cols[k], &y),
                    "{method} {metric} {}",
                    e.input
                );
            }
        }
    }
}

/// One annual cost line accruing in service from month 3, a PERT optimism bias, and a risk
/// with an uncertain probability that delays the start by 2 months.
const SWING: &str = r#"
[appraisal]
title = "Swing"
price_base_year = 2025
start = "2026-04"
horizon_years = 2

[[options]]
id = "bau"
kind = "baseline"
name = "Business as usual"

[[options]]
id = "x"
kind = "commissioned"
name = "Service"
mobilisation_months = 3
optimism_bias = { pert = [0, 0.1, 0.4] }
completion = { uniform = [0.5, 0.9] }

[[options.costs]]
name = "Contract"
basis = "annual"
amount = { pert = [80000, 90000, 120000] }

[[options.risks]]
name = "Late"
probability = { uniform = [0.2, 0.6] }
delay_months = 2
"#;

#[test]
fn the_swing_tornado_matches_hand_arithmetic() {
    let a = run(SWING, &[], 1);
    let t = swing_tornado(&a.simulation.model, 1, "cost").unwrap();
    let amount = Dist::pert(80000.0, 90000.0, 120000.0).unwrap();
    let bias = Dist::pert(0.0, 0.1, 0.4).unwrap();
    // Cost = amount / 12 × active months × (1 + optimism bias). The service starts at month 3
    // (21 active months of 24), or month 5 (19) when the risk occurs. At the medians the risk
    // does not occur: its draw 0.5 is not below its median probability 0.4.
    let cost = |amount: f64, months: f64, bias: f64| amount / 12.0 * months * (1.0 + bias);
    let (a50, b50) = (amount.quantile(0.5), bias.quantile(0.5));
    close(t.base, cost(a50, 21.0, b50));
    let expected = [
        (
            "options.x.costs[0].amount",
            (amount.quantile(0.1), amount.quantile(0.9)),
            (
                cost(amount.quantile(0.1), 21.0, b50),
                cost(amount.quantile(0.9), 21.0, b50),
            ),
        ),
        (
            "options.x.optimism_bias",
            (bias.quantile(0.1), bias.quantile(0.9)),
            (
                cost(a50, 21.0, bias.quantile(0.1)),
                cost(a50, 21.0, bias.quantile(0.9)),
            ),
        ),
        // Probability 0.24 (P10): 0.5 is not below it, no delay. 0.56 (P90): the risk occurs.
        (
            "options.x.risks[0].probability",
            (0.24, 0.56),
            (cost(a50, 21.0, b50), cost(a50, 19.0, b50)),
        ),
        // Draw 0.1: below the median probability 0.4, so the risk occurs; 0.9: it does not.
        (
            "options.x.risks[0].occurs",
            (0.1, 0.9),
            (cost(a50, 19.0, b50), cost(a50, 21.0, b50)),
        ),
        ("options.x.completion", (0.54, 0.86), (t.base, t.base)),
    ];
    assert_eq!(t.entries.len(), expected.len(), "{t:?}");
    for (path, (lo, hi), (m_lo, m_hi)) in expected {
        let e = t.entries.iter().find(|e| e.input == path).expect(path);
        close(e.low_value, lo);
        close(e.high_value, hi);
        close(e.metric_low, m_lo);
        close(e.metric_high, m_hi);
    }
    // Sorted by |swing|: amount (£36k), optimism bias (£34k), the two risk inputs (£17k each,
    // then by path), then completion (none).
    let order: Vec<&str> = t.entries.iter().map(|e| e.input.as_str()).collect();
    assert_eq!(
        order,
        [
            "options.x.costs[0].amount",
            "options.x.optimism_bias",
            "options.x.risks[0].occurs",
            "options.x.risks[0].probability",
            "options.x.completion",
        ]
    );
    // Another metric of the same run: months to the start.
    let start = swing_tornado(&a.simulation.model, 1, "start_month").unwrap();
    close(start.base, 3.0);
    let delay = start
        .entries
        .iter()
        .find(|e| e.input == "options.x.risks[0].probability")
        .unwrap();
    close(delay.metric_high, 5.0);
}

/// Ranked on cost (lowest best). A costs `price` (uniform 50k–150k, mean 100k) plus kit
/// (uniform 0–20k, mean 10k): about 110k. B costs its contract (PERT mean 115k) times
/// 1 + on-cost (at most 2%). So A is preferred, and:
/// - price switches A → B near 105k; kit switches A → B near 15k;
/// - B's contract switches B → A near 110k;
/// - B's on-cost never makes B cheaper (none within range), nor does completion, which does
///   not affect cost.
const SWITCH: &str = r#"
[appraisal]
title = "Switch"
price_base_year = 2025
start = "2026-04"
horizon_years = 1
ranking_metric = "cost"

[parameters]
price = { uniform = [50000, 150000] }

[[options]]
id = "a"
kind = "in_house"
name = "A"

[[options.costs]]
name = "Staff"
basis = "annual"
amount = "price"
accrues = "from_start"

[[options.costs]]
name = "Kit"
basis = "one_off"
amount = { uniform = [0, 20000] }

[[options]]
id = "b"
kind = "commissioned"
name = "B"
completion = { uniform = [0.2, 0.8] }

[[options.costs]]
name = "Contract"
basis = "annual"
amount = { pert = [100000, 115000, 130000] }
on_cost = { uniform = [0, 0.02] }
accrues = "from_start"
"#;

/// Each option's mean of the ranking metric in a run of the engine with input `path` fixed
/// at `value`.
fn rerun_means(a: &Run, path: &str, value: f64, iterations: u64) -> Vec<f64> {
    let mut model = a.simulation.model.clone();
    let k = model.inputs.iter().position(|i| i.path == path).unwrap();
    model.inputs[k].fixed = Some(value);
    let settings = Settings {
        iterations,
        ..a.simulation.settings.clone()
    };
    let r = engine::run(&model, &settings);
    let metric = &a.results.comparison.ranking_metric;
    (0..model.options.len())
        .map(|o| summarise(&metric_column(&r, o, metric).unwrap()).mean)
        .collect()
}

/// The option with the best of `means`.
fn best(a: &Run, means: &[f64]) -> usize {
    let lower = lower_is_better(&a.results.comparison.ranking_metric);
    let score = |o: usize| if lower { -means[o] } else { means[o] };
    (0..means.len())
        .max_by(|&x, &y| score(x).total_cmp(&score(y)))
        .unwrap()
}

/// Switching values, each checked by re-running the engine with the input fixed.
fn check_switching(a: &Run, iterations: u64) -> Vec<SwitchingValue> {
    let s = switching_values(a, iterations).unwrap();
    let ids: Vec<&str> = a
        .simulation
        .model
        .options
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    let best = |means: &[f64]| best(a, means);
    for v in &s {
        let at = |x: f64| rerun_means(a, &v.input, x, iterations);
        // The ends of the range are preferred as reported.
        assert_eq!(ids[best(&at(v.range.0))], v.preferred_below, "{v:?}");
        let Some(value) = v.value else {
            assert_eq!(v.preferred_above, None);
            assert_eq!(v.means_at_switch, None);
            let mid = (v.range.0 + v.range.1) / 2.0;
            for x in [mid, v.range.1] {
                assert_eq!(ids[best(&at(x))], v.preferred_below, "{v:?} at {x}");
            }
            continue;
        };
        let above = v.preferred_above.as_deref().unwrap();
        assert_ne!(above, v.preferred_below);
        assert_eq!(ids[best(&at(v.range.1))], above, "{v:?}");
        assert!(v.range.0 < value && value < v.range.1, "{v:?}");
        // Re-run with the input fixed at the switching value: the two means agree, and they
        // are the means reported, to the bit.
        let means = at(value);
        let below = ids.iter().position(|i| *i == v.preferred_below).unwrap();
        let above = ids.iter().position(|i| *i == above).unwrap();
        assert_eq!(
            v.means_at_switch,
            Some((means[below], means[above])),
            "{v:?}"
        );
        let scale = means[below].abs().max(means[above].abs());
        assert!(
            (means[below] - means[above]).abs() <= 1e-6 * scale,
            "{v:?}: {means:?}"
        );
    }
    s
}

#[test]
fn switching_values_make_the_two_options_equal() {
    let a = run(SWITCH, &[], 4000);
    assert_eq!(a.results.comparison.best_by_mean, "a");
    // Fewer iterations than the run, with a part-filled last block.
    let s = check_switching(&a, 2500);
    let get = |path: &str| s.iter().find(|v| v.input == path).expect(path);
    let paths: Vec<&str> = s.iter().map(|v| v.input.as_str()).collect();
    assert_eq!(
        paths,
        [
            "parameters.price",
            "options.a.costs[1].amount",
            "options.b.completion",
            "options.b.costs[0].amount",
            "options.b.costs[0].on_cost",
        ]
    );
    let price = get("parameters.price");
    assert_eq!(
        (
            price.preferred_below.as_str(),
            price.preferred_above.as_deref()
        ),
        ("a", Some("b"))
    );
    // A's cost is price + mean kit; B's is its mean contract × (1 + mean on-cost): the switch
    // is near 115.6k − 10k. Loose: the means are sample means.
    let v = price.value.unwrap();
    assert!((v - 105_600.0).abs() < 2_000.0, "{price:?}");
    let contract = get("options.b.costs[0].amount");
    assert_eq!(
        (
            contract.preferred_below.as_str(),
            contract.preferred_above.as_deref()
        ),
        ("b", Some("a"))
    );
    for path in ["options.b.completion", "options.b.costs[0].on_cost"] {
        let v = get(path);
        assert_eq!((v.value, v.preferred_below.as_str()), (None, "a"), "{v:?}");
    }
    // Ranges are P1 to P99.
    close(price.range.0, 51_000.0);
    close(price.range.1, 149_000.0);
}

/// Ranked on people engaged: each option engages min(demand, capacity) a year, so the mean
/// is a curved (concave) function of capacity and the switching value is not found by one
/// step of linear interpolation alone.
const CAPACITY: &str = r#"
[appraisal]
title = "Capacity"
price_base_year = 2025
start = "2026-04"
horizon_years = 1
ranking_metric = "engaged"

[[demand]]
id = "d"
per_year = { uniform = [20, 80] }

[[options]]
id = "a"
kind = "in_house"
name = "A"
reach = { d = 1 }
capacity = { places_per_year = { uniform = [10, 100] } }

[[options]]
id = "b"
kind = "commissioned"
name = "B"
reach = { d = 1 }
capacity = { places_per_year = { uniform = [40, 60] } }
"#;

#[test]
fn switching_values_on_a_curved_mean() {
    let a = run(CAPACITY, &[], 2000);
    let s = check_switching(&a, 2000);
    let places = s
        .iter()
        .find(|v| v.input == "options.a.capacity.places_per_year")
        .unwrap();
    assert_eq!(
        (
            places.preferred_below.as_str(),
            places.preferred_above.as_deref()
        ),
        ("b", Some("a"))
    );
    // Fixed at B's mean capacity, A would engage a little more than B, whose capacity varies
    // and so is sometimes short: the switch lies a little below 50.
    let v = places.value.unwrap();
    assert!(v > 45.0 && v < 50.0, "{places:?}");
}

#[test]
fn switching_values_with_latin_hypercube_sampling() {
    let a = run(SWITCH, &["appraisal.method=\"latin_hypercube\""], 1500);
    let s = check_switching(&a, 1500);
    assert_eq!(s.iter().filter(|v| v.value.is_some()).count(), 3);
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let a = run(SWITCH, &[], 3000);
    let r = run(RANK, &[], 3000);
    let in_pool = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                (
                    switching_values(&a, 3000).unwrap(),
                    rank_tornado(&r, 1, "cost").unwrap(),
                )
            })
    };
    assert_eq!(in_pool(1), in_pool(3));
}

#[test]
fn unknown_options_and_metrics_list_the_choices() {
    let a = run(RANK, &[], 10);
    let e = option_index(&a.simulation.model, "y").unwrap_err();
    assert_eq!(e.to_string(), "there is no option `y`; choose from: bau, x");
    let e = rank_tornado(&a, 2, "cost").unwrap_err();
    assert!(matches!(e, SensitivityError::UnknownOption { .. }));
    assert!(e.to_string().ends_with("choose from: bau, x"), "{e}");
    for e in [
        rank_tornado(&a, 1, "costs").unwrap_err(),
        swing_tornado(&a.simulation.model, 1, "costs").unwrap_err(),
    ] {
        let message = e.to_string();
        assert!(
            message.starts_with("there is no metric `costs`; choose from: start_month, "),
            "{message}"
        );
        assert!(
            message.contains(", cost, cost_pv, cash_0, peak_cash,"),
            "{message}"
        );
        assert!(message.ends_with(", cost_per_completion"), "{message}");
    }
    assert!(matches!(
        swing_tornado(&a.simulation.model, 5, "cost"),
        Err(SensitivityError::UnknownOption { .. })
    ));
    assert!(matches!(
        switching_values(&a, 0),
        Err(SensitivityError::NoIterations)
    ));
    let one = RANK.split("[[options]]\nid = \"x\"").next().unwrap();
    let e = switching_values(&run(one, &[], 10), 10).unwrap_err();
    assert_eq!(
        e.to_string(),
        "switching values compare options, and the scenario has only 1; add another option (business as usual, say)"
    );
}

/// Timing, run by hand: `cargo test --release --test sensitivity -- --ignored --nocapture`.
#[test]
#[ignore]
fn switching_values_speed() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/torbay-2025.toml");
    for n in [2_000, 20_000] {
        let mut req = appraise::Request::new(path);
        req.iterations = Some(n);
        let a = appraise::run::run(&req).unwrap();
        let start = std::time::Instant::now();
        let s = switching_values(&a, n).unwrap();
        let found = s.iter().filter(|v| v.value.is_some()).count();
        println!(
            "{n} iterations: {} inputs, {found} switching values, {:.2?}",
            s.len(),
            start.elapsed()
        );
        for v in &s {
            println!(
                "  {:55} {:>12} {} -> {:?}",
                v.input,
                v.value.map_or("none".into(), |x| format!("{x:.4}")),
                v.preferred_below,
                v.preferred_above
            );
        }
        let start = std::time::Instant::now();
        let t = rank_tornado(&a, 1, "npv").unwrap();
        println!("rank tornado: {} inputs, {:.2?}", t.len(), start.elapsed());
        let start = std::time::Instant::now();
        let t = swing_tornado(&a.simulation.model, 1, "npv").unwrap();
        println!(
            "swing tornado: {} inputs, {:.2?}",
            t.entries.len(),
            start.elapsed()
        );
    }
}
