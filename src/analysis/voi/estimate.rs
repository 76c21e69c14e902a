//! EVPI and EVPPI with their Monte Carlo standard errors, from columns of net benefit
//! `nb[option][iteration]` (higher is better) and the values of the inputs concerned.
//!
//! - EVPI = (1/n) Σ_i max_d NB_di − max_d (1/n) Σ_i NB_di. Its standard error is
//!   sd_i(max_d NB_di − NB_d*i) / √n, where d* is the option with the highest mean (the
//!   sample standard deviation, n − 1 in the denominator).
//! - EVPPI(θ) = (1/n) Σ_i max_d ĝ_d(θ_i) − max_d (1/n) Σ_i ĝ_d(θ_i), where ĝ_d is the
//!   regression of NB_d on θ ([`super::regression`]). Its standard error is by batch means: the
//!   iterations are cut into [`BATCHES`] contiguous batches of (nearly) equal size, batch b
//!   holding iterations ⌊b·n/B⌋ … ⌊(b+1)·n/B⌋ − 1; EVPPI_b is the same estimate with the
//!   regression fitted on batch b's rows alone (on the basis built from the whole run); the
//!   standard error is sd_b(EVPPI_b) / √B. It is not given (NaN) when a batch would have
//!   fewer than [`MIN_BATCH`] iterations.

use super::regression::{Betas, Design, Member, Scratch, design_of, member};
use std::ops::Range;

/// Batches for the standard error of EVPPI.
pub const BATCHES: usize = 10;
/// The fewest iterations a batch may have for a standard error.
pub const MIN_BATCH: usize = 50;

/// An estimate and its Monte Carlo standard error (NaN when there is none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The estimate.
    pub value: f64,
    /// Its standard error.
    pub standard_error: f64,
}

/// The expected gain from choosing in each iteration the option best there rather than the
/// option best on average: (1/n) Σ_i max_d g_di − max_d (1/n) Σ_i g_di, each mean a sum in
/// index order from +0 divided by n. Never negative.
pub fn expected_max_gain(g: &[Vec<f64>]) -> f64 {
    let n = g.first().map_or(0, Vec::len);
    let mut gain = Gain::new(g.len());
    let mut row = Vec::with_capacity(g.len());
    for i in 0..n {
        row.clear();
        row.extend(g.iter().map(|c| c[i]));
        gain.add(&row);
    }
    gain.value()
}

/// [`expected_max_gain`] summed row by row: each option's sum, and the sum of the best of the
/// options in each row, in row order from +0.
struct Gain {
    sums: Vec<f64>,
    best: f64,
    rows: usize,
}

impl Gain {
    fn new(options: usize) -> Gain {
        Gain {
            sums: vec![0.0; options],
            best: 0.0,
            rows: 0,
        }
    }

    /// Adds a row: each option's value, in order.
    fn add(&mut self, row: &[f64]) {
        if row.is_empty() {
            return;
        }
        for (s, v) in self.sums.iter_mut().zip(row) {
            *s += v;
        }
        self.best += row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        self.rows += 1;
    }

    /// The gain over the rows added.
    fn value(&self) -> f64 {
        let n = self.rows as f64;
        let best_mean = self
            .sums
            .iter()
            .map(|s| s / n)
            .fold(f64::NEG_INFINITY, f64::max);
        self.best / n - best_mean
    }
}

/// Adds a row of fitted values (every option of every target, in order) to each target's gain.
fn add_row(gains: &mut [Gain], fitted: &[f64]) {
    let mut from = 0;
    for g in gains {
        let k = g.sums.len();
        g.add(&fitted[from..from + k]);
        from += k;
    }
}

/// The expected value of perfect information of net benefits `nb[option][iteration]`.
pub fn evpi(nb: &[Vec<f64>]) -> Estimate {
    let n = nb.first().map_or(0, Vec::len);
    let value = expected_max_gain(nb);
    let mean = |c: &[f64]| c.iter().fold(0.0, |s, v| s + v) / n as f64;
    let best = (0..nb.len())
        .max_by(|&a, &b| mean(&nb[a]).total_cmp(&mean(&nb[b])).then(b.cmp(&a)))
        .unwrap_or(0);
    let regret: Vec<f64> = (0..n)
        .map(|i| nb.iter().map(|c| c[i]).fold(f64::NEG_INFINITY, f64::max) - nb[best][i])
        .collect();
    Estimate {
        value,
        standard_error: standard_error_of_mean(&regret),
    }
}

/// sd / √n with the n − 1 denominator; NaN below two values.
fn standard_error_of_mean(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    if x.len() < 2 {
        return f64::NAN;
    }
    let m = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
    (var / n).sqrt()
}

/// The EVPPI of the input (or group) whose iterations' values are `members`, on each of
/// `targets` (each `nb[option][iteration]`), in the order of `targets`.
///
/// # Panics
/// If the columns differ in length.
pub fn evppi(targets: &[&[Vec<f64>]], members: &[&[f64]]) -> Vec<Estimate> {
    let built: Vec<Member> = members.iter().map(|m| member(m)).collect();
    evppi_of(targets, &built.iter().collect::<Vec<_>>())
}

/// [`evppi`] from members already built by [`super::regression::member`].
///
/// # Panics
/// If the columns differ in length.
pub fn evppi_of(targets: &[&[Vec<f64>]], members: &[&Member]) -> Vec<Estimate> {
    on_design(targets, &design_of(members))
}

/// EVPPI on each target given the design of the input (or group).
fn on_design(targets: &[&[Vec<f64>]], d: &Design) -> Vec<Estimate> {
    let n = d.n;
    let batches: Vec<Range<usize>> = if n / BATCHES >= MIN_BATCH {
        (0..BATCHES)
            .map(|b| b * n / BATCHES..(b + 1) * n / BATCHES)
            .collect()
    } else {
        Vec::new()
    };
    let ys: Vec<&[f64]> = targets
        .iter()
        .flat_map(|nb| nb.iter().map(|c| &c[..]))
        .collect();
    let mut scratch = Scratch::default();
    let fit = d.fit(&ys, &batches, &mut scratch);
    let new_gains = || -> Vec<Gain> { targets.iter().map(|nb| Gain::new(nb.len())).collect() };
    let mut whole = new_gains();
    let mut fitted = Vec::new();
    fn sets<'b>(whole: &'b [Vec<f64>], extra: &'b [Vec<f64>]) -> Betas<'b> {
        Betas::new(whole.iter().chain(extra).map(|b| &b[..]).collect())
    }
    let mut per_batch: Vec<Vec<f64>> = Vec::new();
    if batches.is_empty() {
        let betas = sets(&fit.whole, &[]);
        for i in 0..n {
            d.predict(i, &betas, &mut scratch, &mut fitted);
            add_row(&mut whole, &fitted);
        }
    }
    // The batches run through the rows in order, so the whole run's sums keep their order.
    for (rows, beta) in batches.iter().zip(&fit.batches) {
        let betas = sets(&fit.whole, beta);
        let mut batch = new_gains();
        for i in rows.clone() {
            d.predict(i, &betas, &mut scratch, &mut fitted);
            add_row(&mut whole, &fitted[..ys.len()]);
            add_row(&mut batch, &fitted[ys.len()..]);
        }
        per_batch.push(batch.iter().map(Gain::value).collect());
    }
    whole
        .iter()
        .enumerate()
        .map(|(t, g)| {
            let estimates: Vec<f64> = per_batch.iter().map(|b| b[t]).collect();
            Estimate {
                value: g.value(),
                standard_error: standard_error_of_mean(&estimates),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha12Rng;

    /// n iterations of three inputs: a and b uniform on [−1, 1], c uniform and unused.
    fn inputs(n: usize, seed: u64) -> [Vec<f64>; 3] {
        let mut rng = ChaCha12Rng::seed_from_u64(seed);
        let mut col = || -> Vec<f64> { (0..n).map(|_| rng.random_range(-1.0..1.0)).collect() };
        [col(), col(), col()]
    }

    #[test]
    fn an_input_that_alone_decides_has_evppi_equal_to_evpi() {
        // NB_1 = a + 0.3, NB_2 = 0.5·a², NB_3 = 0: the choice and every net benefit depend on a
        // alone, so knowing a is perfect information.
        let n = 20_000;
        let [a, _, _] = inputs(n, 1);
        let nb = vec![
            a.iter().map(|x| x + 0.3).collect(),
            a.iter().map(|x| 0.5 * x * x).collect(),
            vec![0.0; n],
        ];
        let whole = evpi(&nb);
        let part = evppi(&[&nb], &[&a])[0];
        let se = (whole.standard_error.powi(2) + part.standard_error.powi(2)).sqrt();
        assert!(whole.value > 0.05, "{whole:?}");
        assert!(
            (whole.value - part.value).abs() < 3.0 * se,
            "{whole:?} {part:?}"
        );
    }

    #[test]
    fn evppi_matches_a_case_with_a_known_answer() {
        // NB_1 = a + b, NB_2 = 0, with a and b independent and uniform on [−1, 1]. Knowing a
        // alone: E(NB_1 | a) = a, so EVPPI(a) = E[max(a, 0)] − max(E[a + b], 0) = 1/4 − 0.
        // Knowing both is perfect information: a + b is triangular on [−2, 2], and
        // EVPI = E[max(a + b, 0)] = ∫₀² s (2 − s)/4 ds = 1/3.
        let n = 20_000;
        let [a, b, _] = inputs(n, 4);
        let nb = vec![a.iter().zip(&b).map(|(x, y)| x + y).collect(), vec![0.0; n]];
        let one = evppi(&[&nb], &[&a])[0];
        assert!(
            (one.value - 0.25).abs() < 3.0 * one.standard_error,
            "{one:?}"
        );
        let both = evppi(&[&nb], &[&a, &b])[0];
        assert!(
            (both.value - 1.0 / 3.0).abs() < 3.0 * both.standard_error,
            "{both:?}"
        );
        // The standard errors are small enough for the test to tell 1/4 from 1/3.
        assert!(3.0 * one.standard_error < 0.04, "{one:?}");
    }

    #[test]
    fn an_input_nothing_depends_on_has_no_value() {
        // Two close options whose net benefits depend on a and b, not on c.
        let n = 20_000;
        let [a, b, c] = inputs(n, 2);
        let nb = vec![
            a.iter().zip(&b).map(|(x, y)| x + y).collect(),
            a.iter().map(|x| 0.05 - x).collect::<Vec<f64>>(),
        ];
        let e = evppi(&[&nb], &[&c])[0];
        assert!(e.value >= 0.0);
        assert!(e.value < 3.0 * e.standard_error, "{e:?}");
        // Whereas a matters a great deal.
        let ea = evppi(&[&nb], &[&a])[0];
        assert!(ea.value > 10.0 * ea.standard_error, "{ea:?}");
    }

    #[test]
    fn evppi_stays_below_evpi_and_a_group_above_its_members() {
        let n = 20_000;
        let [a, b, c] = inputs(n, 3);
        let nb = vec![
            (0..n).map(|i| a[i] * b[i] + 0.2 * c[i]).collect(),
            (0..n).map(|i| 0.5 * b[i] - 0.1).collect::<Vec<f64>>(),
            vec![0.0; n],
        ];
        let whole = evpi(&nb);
        let group = evppi(&[&nb], &[&a, &b])[0];
        for members in [
            vec![&a[..]],
            vec![&b[..]],
            vec![&c[..]],
            vec![&a[..], &b[..]],
        ] {
            let e = evppi(&[&nb], &members)[0];
            assert!(
                e.value <= whole.value + 3.0 * e.standard_error,
                "{e:?} above EVPI {whole:?}"
            );
        }
        for member in [&a, &b] {
            let e = evppi(&[&nb], &[member])[0];
            let se = (e.standard_error.powi(2) + group.standard_error.powi(2)).sqrt();
            assert!(
                group.value >= e.value - 3.0 * se,
                "group {group:?} member {e:?}"
            );
        }
    }

    #[test]
    fn evpi_by_hand() {
        // As in the willingness-to-pay module: NB of A [10, 4, 1], of B [4, 7, 10]; EVPI 2.
        let nb = vec![vec![10.0, 4.0, 1.0], vec![4.0, 7.0, 10.0]];
        let e = evpi(&nb);
        assert_eq!(e.value, 2.0);
        // Regret against B, the best on average: [6, 0, 0]: sd √12, se √12 / √3 = 2.
        assert!((e.standard_error - 2.0).abs() < 1e-12);
    }
}
