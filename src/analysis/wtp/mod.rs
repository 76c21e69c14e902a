//! Comparing options under a willingness to pay (docs/model.md section 7): net benefit, the
//! probability that each option is best and the cost-effectiveness acceptability curve (CEAC),
//! the expected value of perfect information (EVPI), and the incremental analysis against the
//! baseline with dominance and extended dominance.
//!
//! The inputs are columns `effect[option][iteration]`, in units of the effect metric
//! (`completions` unless the user names another), and `cost[option][iteration]`, the metric
//! `cost_pv` in £ (real, discounted). A willingness to pay λ is in £ per unit of effect. The
//! net benefit of an option in an iteration, in £, is NB = λ × effect − cost, evaluated as
//! exactly that f64 expression (`lambda * effect - cost`, no fused multiply-add), so anyone
//! holding the samples CSV can recompute every figure here to the last bit:
//!
//! - a mean is the sum in index order, starting from +0, divided by the number of iterations
//!   (as [`crate::stats::summarise`]);
//! - a probability of being best counts wins in integers; a tie of k options gives each 1/k,
//!   as [`crate::results::probability_best`], to which it is bit-identical when there are no
//!   ties (with ties the shares are added in a different order and may differ in the last bit).
//!
//! The columns must all have the same length, and the values must be finite (they are for
//! `cost_pv`, `completions` and `engaged`); λ must be finite.

mod icer;
mod tally;

pub use icer::{IcerRow, IcerStatus, icer_table};

use crate::metric::col;
use crate::results::metric_column;
use crate::run::Run;
use serde::Serialize;
use tally::{sweep, sweep_parallel};

/// The willingness-to-pay analysis of a finished run: net benefit λ × effect − cost_pv,
/// the acceptability and EVPI curves over `points` values of λ (from 0 to three times the largest
/// mean cost per unit of effect, or to 1.5 λ when λ is beyond that), and the incremental
/// analysis against the baseline (or the scenario's `appraisal.reference`; left out, with `icer`
/// empty, when there is neither). Options are named by id. `effect_metric` must be one of
/// [`crate::metric::effect_names`] and `lambda` finite and not negative (the configuration
/// checks both).
pub fn of_run(run: &Run, lambda: f64, effect_metric: &str, points: usize) -> WtpAnalysis {
    let sim = &run.simulation;
    let n = sim.model.options.len();
    let effect: Vec<Vec<f64>> = (0..n)
        .map(|o| {
            metric_column(&sim.columns, o, effect_metric)
                .expect("the effect metric was checked")
                .into_owned()
        })
        .collect();
    let cost: Vec<Vec<f64>> = (0..n)
        .map(|o| sim.columns.columns[o][col::COST_PV].clone())
        .collect();
    let names: Vec<String> = sim.model.options.iter().map(|o| o.id.clone()).collect();
    // Against the baseline, else the option the scenario names; left out without either.
    let baseline = run.loaded.scenario.reference();
    let mut grid = default_grid(&effect, &cost, points.max(2));
    // Keep the willingness to pay of the analysis inside the curve's range.
    if grid.last().is_some_and(|top| lambda > *top) {
        let top = 1.5 * lambda;
        let k = grid.len() - 1;
        grid = (0..=k).map(|i| top * i as f64 / k as f64).collect();
    }
    let mut w = analyse(
        &names,
        &effect,
        &cost,
        effect_metric,
        lambda,
        grid,
        baseline,
    );
    if baseline.is_none() {
        w.icer.clear();
    }
    w
}

/// Share of iterations in which each option has the highest net benefit at `lambda` (£ per
/// unit of effect); a tie of k options gives each 1/k, as [`crate::results::probability_best`].
/// The shares sum to 1 up to rounding. With no iterations every share is NaN.
///
/// # Panics
/// If `effect` and `cost` do not have one column per option, all of the same length.
pub fn probability_best_nb(effect: &[Vec<f64>], cost: &[Vec<f64>], lambda: f64) -> Vec<f64> {
    let n = iterations(effect, cost);
    sweep(effect, cost, &[lambda], false)[0].shares(n)
}

/// The cost-effectiveness acceptability curve: for each λ of `grid` (£ per unit of effect),
/// each option's probability of having the highest net benefit, indexed `[lambda][option]`.
///
/// Runs in parallel over chunks of the grid (rayon). Each λ is computed by one thread in index
/// order, so row k is bit-identical to `probability_best_nb(effect, cost, grid[k])` whatever
/// the number of threads.
///
/// # Panics
/// As [`probability_best_nb`].
pub fn ceac(effect: &[Vec<f64>], cost: &[Vec<f64>], grid: &[f64]) -> Vec<Vec<f64>> {
    let n = iterations(effect, cost);
    sweep_parallel(effect, cost, grid, false)
        .iter()
        .map(|t| t.shares(n))
        .collect()
}

/// The expected value of perfect information at `lambda`, in £ per decision: the mean over
/// iterations of the highest net benefit, minus the highest of the options' mean net benefits.
/// It is the most it would be worth paying to remove all uncertainty before choosing.
///
/// It is never negative, and it is exactly 0 when one option has the highest net benefit in
/// every iteration. No clamping is needed for either: both means are sums in index order with
/// the same association, and rounded addition and division are monotone, so since the highest
/// net benefit of each iteration is at least every option's, the first mean is at least every
/// option's mean, bit for bit; and when one option is highest throughout, the two sums add the
/// same numbers in the same order. NaN when there are no iterations or no options.
///
/// # Panics
/// As [`probability_best_nb`].
pub fn evpi(effect: &[Vec<f64>], cost: &[Vec<f64>], lambda: f64) -> f64 {
    let n = iterations(effect, cost);
    sweep(effect, cost, &[lambda], true)[0].evpi(n)
}

/// The default grid of λ for the acceptability curve: `points` values evenly spaced from 0 to
/// a top value, the first exactly 0 and the last exactly the top.
///
/// The top is 3 × the largest mean cost per unit of effect (mean cost / mean effect, £ per
/// unit) among options with a positive mean effect. When no option has a positive mean effect,
/// or that ratio is not positive, it is 3 × the largest mean cost; when that is not positive
/// either (nothing costs anything), it is £1 per unit, so the grid is never degenerate.
///
/// # Panics
/// As [`probability_best_nb`].
pub fn default_grid(effect: &[Vec<f64>], cost: &[Vec<f64>], points: usize) -> Vec<f64> {
    iterations(effect, cost);
    let mean_effect: Vec<f64> = effect.iter().map(|c| mean(c)).collect();
    let mean_cost: Vec<f64> = cost.iter().map(|c| mean(c)).collect();
    let ratio = mean_effect
        .iter()
        .zip(&mean_cost)
        .filter(|(e, _)| **e > 0.0)
        .map(|(e, c)| c / e)
        .fold(f64::NEG_INFINITY, f64::max);
    let largest_cost = mean_cost.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let usable = |x: f64| x > 0.0 && x.is_finite();
    let top = [3.0 * ratio, 3.0 * largest_cost]
        .into_iter()
        .find(|x| usable(*x))
        .unwrap_or(1.0);
    match points {
        0 => Vec::new(),
        1 => vec![0.0],
        _ => (0..points)
            .map(|k| top * (k as f64 / (points - 1) as f64))
            .collect(),
    }
}

/// Everything about the options under one willingness to pay, for the JSON results, the
/// terminal and the report's charts. Vectors indexed by option follow the order of the names
/// passed to [`analyse`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WtpAnalysis {
    /// The metric counted as effect (`completions` unless the user names another).
    pub effect_metric: String,
    /// The willingness to pay analysed (£ per unit of effect).
    pub lambda: f64,
    /// Mean net benefit of each option at `lambda` (£): the mean of λ × effect − cost_pv.
    pub net_benefit_mean: Vec<f64>,
    /// Share of iterations in which each option has the highest net benefit at `lambda`.
    pub probability_best: Vec<f64>,
    /// Expected value of perfect information at `lambda` (£ per decision).
    pub evpi: f64,
    /// Monte Carlo standard error of `evpi` (see [`evpi_mcse`]).
    pub evpi_mcse: f64,
    /// Willingness-to-pay values of the acceptability curve (£ per unit of effect).
    pub grid: Vec<f64>,
    /// The acceptability curve, `[grid point][option]`: each option's probability of having
    /// the highest net benefit at that λ.
    pub ceac: Vec<Vec<f64>>,
    /// EVPI at each λ of `grid` (£ per decision).
    pub evpi_curve: Vec<f64>,
    /// The incremental analysis against the reference, one row per option (see [`icer_table`]).
    pub icer: Vec<IcerRow>,
}

/// The whole analysis at willingness to pay `lambda` (£ per unit of `effect_metric`), with the
/// acceptability and EVPI curves over `grid` (see [`default_grid`]).
///
/// `baseline` is the index of the option of kind `baseline`. When there is none the reference
/// for the incremental analysis is the option with the lowest mean cost (the more effective
/// among equally costly ones, then the first), and its row has status `baseline`.
///
/// One parallel pass over the data gives every λ (the grid and `lambda`); each figure is
/// bit-identical to what [`probability_best_nb`] and [`evpi`] give alone, and the mean net
/// benefit to the mean of [`crate::stats::summarise`] over the net benefit column.
///
/// # Panics
/// If `names`, `effect` and `cost` do not have one entry per option, or the columns differ in
/// length.
pub fn analyse(
    names: &[String],
    effect: &[Vec<f64>],
    cost: &[Vec<f64>],
    effect_metric: &str,
    lambda: f64,
    grid: Vec<f64>,
    baseline: Option<usize>,
) -> WtpAnalysis {
    let n = iterations(effect, cost);
    assert_eq!(names.len(), effect.len(), "one name per option");
    let mut lambdas = grid.clone();
    lambdas.push(lambda);
    let mut tallies = sweep_parallel(effect, cost, &lambdas, true);
    let at_lambda = tallies.pop().expect("lambda was pushed");
    let mean_cost: Vec<f64> = cost.iter().map(|c| mean(c)).collect();
    let mean_effect: Vec<f64> = effect.iter().map(|c| mean(c)).collect();
    let reference = baseline.or_else(|| {
        (0..names.len()).min_by(|&x, &y| {
            mean_cost[x]
                .total_cmp(&mean_cost[y])
                .then(mean_effect[y].total_cmp(&mean_effect[x]))
        })
    });
    let net_benefit_mean: Vec<f64> = at_lambda.sum_nb.iter().map(|s| s / n as f64).collect();
    let chosen =
        (0..names.len()).max_by(|&a, &b| net_benefit_mean[a].total_cmp(&net_benefit_mean[b]));
    WtpAnalysis {
        effect_metric: effect_metric.to_string(),
        lambda,
        evpi_mcse: chosen.map_or(f64::NAN, |c| evpi_mcse(effect, cost, lambda, c)),
        net_benefit_mean,
        probability_best: at_lambda.shares(n),
        evpi: at_lambda.evpi(n),
        ceac: tallies.iter().map(|t| t.shares(n)).collect(),
        evpi_curve: tallies.iter().map(|t| t.evpi(n)).collect(),
        grid,
        icer: reference.map_or_else(Vec::new, |r| icer_table(names, &mean_cost, &mean_effect, r)),
    }
}

/// The Monte Carlo standard error of EVPI at `lambda`, the option with the highest mean net
/// benefit being `chosen`. EVPI is the mean over iterations of the regret
/// r_i = max_o NB_oi − NB_chosen,i (the maximum of the means is the chosen option's mean), so its
/// standard error is sd(r)/√n, with the sample standard deviation (divisor n − 1). It treats the
/// choice of the option with the highest mean as known: when two options' mean net benefits
/// are close, which one is highest is itself uncertain, and the error is somewhat larger.
/// Batch means over the run's blocks of 1,024 iterations would catch that too, but a run of a
/// few thousand iterations has too few blocks for a usable estimate. NaN with fewer than two
/// iterations.
pub fn evpi_mcse(effect: &[Vec<f64>], cost: &[Vec<f64>], lambda: f64, chosen: usize) -> f64 {
    let n = iterations(effect, cost);
    let regret: Vec<f64> = (0..n)
        .map(|i| {
            let nb = |o: usize| lambda * effect[o][i] - cost[o][i];
            let best = (0..effect.len()).map(nb).fold(f64::NEG_INFINITY, f64::max);
            best - nb(chosen)
        })
        .collect();
    let s = crate::stats::summarise(&regret);
    if s.n < 2 { f64::NAN } else { s.mcse }
}

/// The number of iterations, after checking that the columns fit together.
fn iterations(effect: &[Vec<f64>], cost: &[Vec<f64>]) -> usize {
    assert_eq!(
        effect.len(),
        cost.len(),
        "effect and cost need one column per option"
    );
    let n = effect.first().map_or(0, Vec::len);
    assert!(
        effect.iter().chain(cost).all(|c| c.len() == n),
        "every effect and cost column needs one value per iteration"
    );
    n
}

/// Sum in index order from +0, divided by the count (as `stats::summarise`).
fn mean(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |s, v| s + v) / x.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::probability_best;
    use crate::stats::summarise;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha12Rng;

    /// Random effect and cost columns; `ties` draws small whole numbers so that net benefits
    /// often tie.
    fn random_data(seed: u64, nopt: usize, n: usize, ties: bool) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let mut rng = ChaCha12Rng::seed_from_u64(seed);
        let mut column = |scale: f64| -> Vec<f64> {
            (0..n)
                .map(|_| {
                    if ties {
                        rng.random_range(0..4) as f64 * scale
                    } else {
                        rng.random_range(0.0..scale)
                    }
                })
                .collect()
        };
        let effect = (0..nopt).map(|_| column(100.0)).collect();
        let cost = (0..nopt).map(|_| column(100_000.0)).collect();
        (effect, cost)
    }

    fn net_benefit(effect: &[Vec<f64>], cost: &[Vec<f64>], lambda: f64) -> Vec<Vec<f64>> {
        effect
            .iter()
            .zip(cost)
            .map(|(e, c)| e.iter().zip(c).map(|(e, c)| lambda * e - c).collect())
            .collect()
    }

    fn names(ns: &[&str]) -> Vec<String> {
        ns.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ceac_shares_sum_to_one_and_match_probability_best() {
        // 3,000 iterations: not a multiple of the block, so the last block is short.
        for (seed, ties) in [(1, false), (2, true)] {
            let (effect, cost) = random_data(seed, 4, 3_000, ties);
            let grid: Vec<f64> = (0..40).map(|k| k as f64 * 100.0).collect();
            let curve = ceac(&effect, &cost, &grid);
            assert_eq!(curve.len(), grid.len());
            for (row, &lambda) in curve.iter().zip(&grid) {
                let sum: f64 = row.iter().sum();
                assert!((sum - 1.0).abs() < 1e-12, "λ = {lambda}: sum {sum}");
                assert_eq!(*row, probability_best_nb(&effect, &cost, lambda));
                let reference = probability_best(&net_benefit(&effect, &cost, lambda), false);
                if ties {
                    for (a, b) in row.iter().zip(&reference) {
                        assert!((a - b).abs() < 1e-12, "λ = {lambda}: {a} != {b}");
                    }
                } else {
                    assert_eq!(*row, reference);
                }
            }
        }
    }

    #[test]
    fn ties_share_the_win() {
        // NB at λ = 1: [5, 5, 2], [0, 0, 0], [1, 3, 3], [7, 1, 0].
        let effect = vec![
            vec![5.0, 0.0, 1.0, 7.0],
            vec![6.0, 1.0, 3.0, 1.0],
            vec![2.0, 0.0, 4.0, 0.0],
        ];
        let cost = vec![
            vec![0.0, 0.0, 0.0, 0.0],
            vec![1.0, 1.0, 0.0, 0.0],
            vec![0.0, 0.0, 1.0, 0.0],
        ];
        let p = probability_best_nb(&effect, &cost, 1.0);
        assert_eq!(p[0], (0.5 + 1.0 / 3.0 + 1.0) / 4.0);
        assert_eq!(p[1], (0.5 + 1.0 / 3.0 + 0.5) / 4.0);
        assert_eq!(p[2], (1.0 / 3.0 + 0.5) / 4.0);
    }

    #[test]
    fn ceac_does_not_depend_on_threads() {
        let (effect, cost) = random_data(3, 3, 5_000, true);
        let grid: Vec<f64> = (0..25).map(|k| k as f64 * 37.5).collect();
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| ceac(&effect, &cost, &grid))
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(7));
    }

    #[test]
    fn cheapest_wins_at_zero_and_most_effective_at_large_lambda() {
        let (_, cost) = random_data(4, 4, 2_000, false);
        // Effects 4m + o: distinct across options by at least 1 in every iteration, so at
        // λ = 10⁶ a unit of effect outweighs any cost difference (< 10⁵).
        let mut rng = ChaCha12Rng::seed_from_u64(5);
        let mult: Vec<f64> = (0..2_000)
            .map(|_| rng.random_range(0..1000) as f64)
            .collect();
        let effect: Vec<Vec<f64>> = (0..4)
            .map(|o| mult.iter().map(|m| 4.0 * m + o as f64).collect())
            .collect();
        let effect: Vec<Vec<f64>> = effect
            .iter()
            .enumerate()
            .map(|(o, col)| {
                col.iter()
                    .enumerate()
                    .map(|(i, x)| if (i + o) % 3 == 0 { 4000.0 - x } else { *x })
                    .collect()
            })
            .collect();
        let curve = ceac(&effect, &cost, &[0.0, 1e6]);
        assert_eq!(curve[0], probability_best(&cost, true));
        assert_eq!(curve[1], probability_best(&effect, false));
        // Neither is trivial: every option wins somewhere in both.
        assert!(curve.iter().flatten().all(|p| *p > 0.05));
    }

    #[test]
    fn evpi_is_never_negative() {
        for seed in 0..20 {
            let (effect, mut cost) = random_data(100 + seed, 3, 1_000, seed % 2 == 0);
            // Make option 0 nearly always best, so EVPI is close to 0 and rounding matters.
            for c in &mut cost[0] {
                *c -= 150_000.0;
            }
            for lambda in [0.0, 10.0, 450.0, 1234.5, 1e4] {
                let v = evpi(&effect, &cost, lambda);
                assert!(v >= 0.0, "seed {seed}, λ = {lambda}: EVPI {v}");
            }
        }
    }

    #[test]
    fn evpi_is_zero_when_one_option_always_wins() {
        let (effect, cost) = random_data(6, 3, 10_000, false);
        let lambda = 800.0;
        // Option 2 gets the best net benefit of each iteration plus a random margin, written
        // back into its cost column.
        let nb = net_benefit(&effect, &cost, lambda);
        let mut rng = ChaCha12Rng::seed_from_u64(7);
        let mut cost = cost;
        for i in 0..10_000 {
            let target = nb[0][i].max(nb[1][i]) + rng.random_range(0.01..500.0);
            cost[2][i] = lambda * effect[2][i] - target;
        }
        let p = probability_best_nb(&effect, &cost, lambda);
        assert_eq!(p, vec![0.0, 0.0, 1.0]);
        assert_eq!(evpi(&effect, &cost, lambda), 0.0);
        // Whereas at another λ the best option changes and information has value.
        assert!(evpi(&effect, &cost, 0.0) > 0.0);
    }

    #[test]
    fn evpi_by_hand() {
        // At λ = 10, NB of A = [20 − 10, 10 − 6, 10 − 9] = [10, 4, 1], mean 5;
        // NB of B = [10 − 6, 10 − 3, 20 − 10] = [4, 7, 10], mean 7.
        // Highest NB per iteration [10, 7, 10], mean 9. EVPI = 9 − 7 = 2.
        let effect = vec![vec![2.0, 1.0, 1.0], vec![1.0, 1.0, 2.0]];
        let cost = vec![vec![10.0, 6.0, 9.0], vec![6.0, 3.0, 10.0]];
        assert_eq!(evpi(&effect, &cost, 10.0), 2.0);
        assert_eq!(
            probability_best_nb(&effect, &cost, 10.0),
            vec![1.0 / 3.0, 2.0 / 3.0]
        );
        let a = analyse(
            &names(&["a", "b"]),
            &effect,
            &cost,
            "completions",
            10.0,
            vec![],
            None,
        );
        assert_eq!(a.net_benefit_mean, vec![5.0, 7.0]);
        assert_eq!(a.evpi, 2.0);
    }

    #[test]
    fn analyse_agrees_with_the_parts() {
        let (effect, cost) = random_data(8, 4, 4_321, false);
        let grid = default_grid(&effect, &cost, 30);
        let lambda = 1_500.0;
        let a = analyse(
            &names(&["a", "b", "c", "d"]),
            &effect,
            &cost,
            "completions",
            lambda,
            grid.clone(),
            Some(2),
        );
        assert_eq!(a.grid, grid);
        assert_eq!(a.ceac, ceac(&effect, &cost, &grid));
        let curve: Vec<f64> = grid.iter().map(|l| evpi(&effect, &cost, *l)).collect();
        assert_eq!(a.evpi_curve, curve);
        assert_eq!(a.evpi, evpi(&effect, &cost, lambda));
        assert_eq!(
            a.probability_best,
            probability_best_nb(&effect, &cost, lambda)
        );
        let nb = net_benefit(&effect, &cost, lambda);
        let means: Vec<f64> = nb.iter().map(|c| summarise(c).mean).collect();
        assert_eq!(a.net_benefit_mean, means);
        // The EVPI by its definition, from the net benefit columns and summarise.
        let best: Vec<f64> = (0..4_321)
            .map(|i| nb.iter().map(|c| c[i]).fold(f64::NEG_INFINITY, f64::max))
            .collect();
        let by_definition =
            summarise(&best).mean - means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(a.evpi, by_definition);
        let mean_cost: Vec<f64> = cost.iter().map(|c| summarise(c).mean).collect();
        assert_eq!(a.icer[0].mean_cost, mean_cost[0]);
        assert_eq!(a.icer[0].delta_cost, mean_cost[0] - mean_cost[2]);
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["ceac"].as_array().unwrap().len(), 30);
        assert_eq!(json["icer"][2]["status"], "baseline");
    }

    #[test]
    fn default_grid_endpoints() {
        // Mean cost per unit of effect: a 1,000/4 = 250, b 3,000/10 = 300; c has no effect
        // and is left out despite its higher cost. Top = 3 × 300 = 900.
        let effect = vec![vec![3.0, 5.0], vec![10.0, 10.0], vec![0.0, 0.0]];
        let cost = vec![
            vec![500.0, 1_500.0],
            vec![2_000.0, 4_000.0],
            vec![5_000.0, 5_000.0],
        ];
        assert_eq!(
            default_grid(&effect, &cost, 5),
            vec![0.0, 225.0, 450.0, 675.0, 900.0]
        );
        let g = default_grid(&effect, &cost, 101);
        assert_eq!((g[0], g[100], g.len()), (0.0, 900.0, 101));
        // No positive effect: 3 × the largest mean cost (5,000).
        let none = vec![vec![0.0, 0.0]; 3];
        assert_eq!(default_grid(&none, &cost, 3), vec![0.0, 7_500.0, 15_000.0]);
        // Nothing costs anything either: up to £1 per unit.
        let free = vec![vec![0.0, 0.0]; 3];
        assert_eq!(default_grid(&none, &free, 3), vec![0.0, 0.5, 1.0]);
        assert_eq!(default_grid(&effect, &cost, 1), vec![0.0]);
        assert!(default_grid(&effect, &cost, 0).is_empty());
    }

    #[test]
    #[should_panic(expected = "one value per iteration")]
    fn columns_must_match() {
        probability_best_nb(&[vec![1.0, 2.0]], &[vec![1.0]], 1.0);
    }

    /// Run by hand, in release:
    /// `cargo test --release --lib ceac_timing -- --ignored --nocapture`.
    /// Prints wall time and the process's CPU time (all threads), which other load on the
    /// machine does not inflate.
    #[test]
    #[ignore]
    fn ceac_timing() {
        // utime + stime of this process, in clock ticks (1/100 s on Linux).
        let cpu = || -> f64 {
            let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
            let after = stat.rsplit(')').next().unwrap_or("");
            let f: Vec<f64> = after
                .split_whitespace()
                .map(|x| x.parse().unwrap_or(0.0))
                .collect();
            (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) * 10.0
        };
        let n = 1_000_000;
        let (effect, cost) = random_data(9, 4, n, false);
        let grid = default_grid(&effect, &cost, 100);
        let nm = names(&["a", "b", "c", "d"]);
        let time = |f: &dyn Fn()| {
            let (t, c) = (std::time::Instant::now(), cpu());
            f();
            format!(
                "{:.0} ms wall, {:.0} ms CPU",
                t.elapsed().as_secs_f64() * 1e3,
                cpu() - c
            )
        };
        for _ in 0..3 {
            let ceac_time = time(&|| {
                ceac(&effect, &cost, &grid);
            });
            let analyse_time = time(&|| {
                analyse(
                    &nm,
                    &effect,
                    &cost,
                    "completions",
                    1e3,
                    grid.clone(),
                    Some(0),
                );
            });
            let one_time = time(&|| {
                probability_best_nb(&effect, &cost, 1e3);
            });
            println!(
                "{} threads, 4 options × {n}: ceac, 100 λ: {ceac_time}; analyse, 101 λ: \
                 {analyse_time}; probability_best_nb, 1 λ: {one_time}",
                rayon::current_num_threads()
            );
        }
        // The slow path for ties: values in {0, 1, 2, 3} × scale tie in many iterations.
        let (effect, cost) = random_data(10, 4, n, true);
        let ceac_time = time(&|| {
            ceac(&effect, &cost, &grid);
        });
        println!("with ties in most iterations: ceac, 100 λ: {ceac_time}");
    }
}
