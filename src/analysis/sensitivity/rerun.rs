//! Re-runs of the model with one input fixed, for the switching-value search
//! ([`super::switching_values`]).
//!
//! The draws of every input are generated once, and each option is simulated once with every
//! input drawn, noting which inputs each iteration reads. An iteration that never reads input k
//! (a risk's delay in an iteration where the risk does not occur, say) gives the same metric
//! whatever k is fixed at, so a re-run with k fixed simulates only the iterations that read k and
//! takes the rest from the drawn run; the 17 values of the coarse scan are simulated in one pass
//! over those iterations. Means are still summed over every iteration in iteration order, so
//! they are bit for bit those of a whole re-run. When the option's first stage (its caseload,
//! [`caseload_inputs`]) does not read k, that stage is run once per iteration and only the
//! second (costs and benefits) is re-run at each value of k. Within stage two, the benefit units
//! are re-made only when k is among [`benefit_unit_inputs`], and when k is an outcome's input
//! that the rest of stage two ([`settle_inputs`]) does not read, only the present value of the
//! benefits is re-made: the costs and counts of the first value stand.

use super::{RELATIVE_TOLERANCE, SCAN_INTERVALS, SwitchingValue, percentile};
use crate::engine::model::Model;
use crate::engine::sample::{BLOCK, Plan};
use crate::engine::simulate::{
    Accounts, Caseload, Scratch, Values, benefit_pv, benefit_unit_inputs, benefit_units, caseload,
    caseload_inputs, settle, settle_inputs, simulate,
};
use crate::engine::{Settings, block_inputs};
use crate::metric::{self, Metric, col, lower_is_better, stored_columns};
use rayon::prelude::*;
use std::cell::Cell;

/// Iterations simulated by one task of a parallel pass.
const CHUNK: usize = 256;

/// The input values of one iteration, noting in a bit set which inputs are read.
struct Recording<'a, V: ?Sized> {
    row: &'a V,
    read: &'a [Cell<u64>],
}

impl<V: Values + ?Sized> Values for Recording<'_, V> {
    fn at(&self, k: usize) -> f64 {
        let word = &self.read[k / 64];
        word.set(word.get() | 1 << (k % 64));
        self.row.at(k)
    }
}

/// Mean of the defined (non-NaN) values, summed in order from +0: the mean of
/// `stats::summarise`, bit for bit. NaN when none is defined.
pub(super) fn mean_of_defined(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for x in values {
        if !x.is_nan() {
            sum += x;
            n += 1;
        }
    }
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

/// The Monte Carlo standard error of the mean of `values` (none NaN), sd/√n: the `mcse` of
/// `stats::summarise`, bit for bit, without its percentiles. `None` for fewer than two values.
fn mcse_of(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().fold(0.0, |s, x| s + x) / n;
    let squares = values.iter().fold(0.0, |s, x| s + (x - mean) * (x - mean));
    Some((squares / (n - 1.0)).sqrt() / n.sqrt())
}

/// Every option's mean with an input fixed at one value, and the metric of each option that
/// uses the input in each iteration that reads it.
#[derive(Clone)]
struct Point {
    means: Vec<f64>,
    /// Per user of the input (in the order of [`Rerun::users`]), the metric in each of its
    /// iterations that read the input.
    values: Vec<Vec<f64>>,
}

/// An option that uses the input being searched, and the iterations in which it reads it.
struct User {
    option: usize,
    reads: Vec<usize>,
    /// The option's caseload (stage one) in each iteration of `reads`, when stage one does not
    /// read the input: it is the same whatever the input's value.
    caseloads: Option<Vec<Caseload>>,
}

/// Re-runs of the model with one input fixed: the draws of every input for every block,
/// generated once, and each option's metric in each iteration with nothing fixed.
pub(super) struct Rerun<'a> {
    model: &'a Model,
    metric: Metric,
    years: usize,
    lower: bool,
    n: usize,
    /// Every input's value in each iteration, iteration-major: `rows[i * m ..][..m]` for
    /// iteration i, with m inputs. A re-run reads one iteration's inputs many times, so they
    /// are kept together.
    rows: Vec<f64>,
    /// `drawn[o][i]`: option o's metric in iteration i with every input drawn.
    drawn: Vec<Vec<f64>>,
    /// Each option's mean of `drawn`.
    drawn_mean: Vec<f64>,
    /// `read[o][i * words ..][..words]`: the inputs option o reads in iteration i, a bit each.
    read: Vec<Vec<u64>>,
    words: usize,
    /// Each option's [`caseload_inputs`].
    caseload_inputs: Vec<Vec<usize>>,
    /// Each option's [`benefit_unit_inputs`].
    benefit_unit_inputs: Vec<Vec<usize>>,
    /// Each option's [`settle_inputs`].
    settle_inputs: Vec<Vec<usize>>,
}

impl<'a> Rerun<'a> {
    pub(super) fn new(
        model: &'a Model,
        settings: &Settings,
        iterations: u64,
        metric: &str,
    ) -> Self {
        let plan = Plan::new(model, settings.seed, settings.method, iterations);
        let n = iterations as usize;
        let ncols = stored_columns(model.years);
        let m = model.inputs.len();
        let rows: Vec<f64> = (0..n.div_ceil(BLOCK))
            .into_par_iter()
            .flat_map_iter(|b| {
                let len = BLOCK.min(n - b * BLOCK);
                let mut clamped = vec![0u64; m];
                let data = block_inputs(model, &plan, b, len, &mut clamped);
                let mut rows = Vec::with_capacity(len * m);
                for i in 0..len {
                    rows.extend((0..m).map(|k| data[k * len + i]));
                }
                rows
            })
            .collect();
        let mut rerun = Rerun {
            model,
            metric: metric::find(metric, ncols - col::CASH0)
                .expect("the ranking metric is a metric"),
            years: ncols - col::CASH0,
            lower: lower_is_better(metric),
            n,
            rows,
            drawn: Vec::new(),
            drawn_mean: Vec::new(),
            read: Vec::new(),
            words: model.inputs.len().div_ceil(64).max(1),
            caseload_inputs: model.options.iter().map(caseload_inputs).collect(),
            benefit_unit_inputs: model.options.iter().map(benefit_unit_inputs).collect(),
            settle_inputs: model.options.iter().map(settle_inputs).collect(),
        };
        let (drawn, read): (Vec<_>, Vec<_>) =
            (0..model.options.len()).map(|o| rerun.drawn_run(o)).unzip();
        rerun.drawn_mean = drawn
            .iter()
            .map(|v| mean_of_defined(v.iter().copied()))
            .collect();
        (rerun.drawn, rerun.read) = (drawn, read);
        rerun
    }

    /// Option `o`'s metric in each iteration with every input drawn, and the inputs each
    /// iteration reads.
    fn drawn_run(&self, o: usize) -> (Vec<f64>, Vec<u64>) {
        let option = &self.model.options[o];
        let ncols = stored_columns(self.model.years);
        let m = self.model.inputs.len();
        let parts: Vec<(Vec<f64>, Vec<u64>)> = self
            .rows
            .par_chunks(CHUNK * m)
            .map(|rows| {
                let len = rows.len() / m;
                let mut read = vec![0u64; len * self.words];
                let mut values = Vec::with_capacity(len);
                let mut out = vec![0.0; ncols];
                let mut scratch = Scratch::default();
                for (row, bits) in rows.chunks(m).zip(read.chunks_mut(self.words)) {
                    let row = Recording {
                        row,
                        read: Cell::from_mut(bits).as_slice_of_cells(),
                    };
                    simulate(self.model, option, &row, &mut scratch, &mut out);
                    values.push(self.metric_of(&out));
                }
                (values, read)
            })
            .collect();
        let (values, read): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
        (values.concat(), read.concat())
    }

    /// The metric of one iteration from its stored columns, as `results::metric_column`.
    fn metric_of(&self, out: &[f64]) -> f64 {
        metric::derive(&self.metric, |c| out[c], self.years)
    }

    /// The options that use input `k`, each with the iterations in which it reads it.
    fn users(&self, k: usize) -> Vec<User> {
        let (word, bit) = (k / 64, 1u64 << (k % 64));
        let m = self.model.inputs.len();
        (0..self.model.options.len())
            .filter(|&o| self.model.options[o].inputs_used.binary_search(&k).is_ok())
            .map(|option| {
                let reads: Vec<usize> = (0..self.n)
                    .filter(|&i| self.read[option][i * self.words + word] & bit != 0)
                    .collect();
                let caseloads = self.caseload_inputs[option]
                    .binary_search(&k)
                    .is_err()
                    .then(|| {
                        let o = &self.model.options[option];
                        reads
                            .par_iter()
                            .map(|&i| {
                                let mut c = Caseload::default();
                                caseload(self.model, o, &self.rows[i * m..][..m], &mut c);
                                c
                            })
                            .collect()
                    });
                User {
                    option,
                    reads,
                    caseloads,
                }
            })
            .collect()
    }

    /// User `u`'s metric in the iterations it reads input `k` with `k` at each of `points`:
    /// `[p][j]` for `points[p]` and iteration `u.reads[j]`. One pass over the iterations, in
    /// parallel by chunk.
    fn simulate_at(&self, u: &User, k: usize, points: &[f64]) -> Vec<Vec<f64>> {
        let option = &self.model.options[u.option];
        let ncols = stored_columns(self.model.years);
        let m = self.model.inputs.len();
        let at = &u.reads;
        // What a change of k reaches: stage one (when the caseloads are not given), the benefit
        // units, and the rest of stage two. What it does not reach is computed once per
        // iteration, at the first point.
        let units_vary = self.benefit_unit_inputs[u.option].binary_search(&k).is_ok();
        let settle_reads =
            u.caseloads.is_none() || self.settle_inputs[u.option].binary_search(&k).is_ok();
        let chunks: Vec<Vec<f64>> = at
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut out = vec![0.0; ncols];
                let mut drawn = Caseload::default();
                let mut accounts = Accounts::default();
                let caseloads = u
                    .caseloads
                    .as_deref()
                    .map(|v| &v[c * CHUNK..][..chunk.len()]);
                let mut values = Vec::with_capacity(chunk.len() * points.len());
                let mut row = vec![0.0; m];
                for (j, &i) in chunk.iter().enumerate() {
                    row.copy_from_slice(&self.rows[i * m..][..m]);
                    for (p, &v) in points.iter().enumerate() {
                        row[k] = v;
                        let stage_one = match caseloads {
                            Some(cs) => &cs[j],
                            None => {
                                caseload(self.model, option, &row[..], &mut drawn);
                                &drawn
                            }
                        };
                        if p == 0 || units_vary {
                            benefit_units(self.model, option, &row[..], &mut accounts);
                        }
                        if p == 0 || settle_reads {
                            settle(
                                self.model,
                                option,
                                &row[..],
                                stage_one,
                                &mut accounts,
                                &mut out,
                            );
                        } else {
                            // Only the benefits move: the costs and counts of the first point
                            // stand.
                            let completion = row[option.completion];
                            out[col::BENEFIT_PV] =
                                benefit_pv(self.model, stage_one, completion, &accounts);
                        }
                        values.push(self.metric_of(&out));
                    }
                }
                values
            })
            .collect();
        let mut by_point = vec![Vec::with_capacity(at.len()); points.len()];
        for iteration in chunks.iter().flat_map(|c| c.chunks_exact(points.len())) {
            for (point, &x) in by_point.iter_mut().zip(iteration) {
                point.push(x);
            }
        }
        by_point
    }

    /// Option `o`'s metric in every iteration: `values` in iterations `at`, the drawn run's
    /// elsewhere.
    fn merged<'s>(
        &'s self,
        o: usize,
        at: &'s [usize],
        values: &'s [f64],
    ) -> impl Iterator<Item = f64> + 's {
        // When every iteration reads the input, `at` is every iteration.
        let every = at.len() == self.drawn[o].len();
        let mut next = at.iter().zip(values).peekable();
        self.drawn[o].iter().enumerate().map(move |(i, &x)| {
            if every {
                values[i]
            } else {
                next.next_if(|(a, _)| **a == i).map_or(x, |(_, v)| *v)
            }
        })
    }

    /// Every option's mean with input `k` fixed at each of `points`, one pass per user of `k`.
    fn evaluate(&self, users: &[User], k: usize, points: &[f64]) -> Vec<Point> {
        let mut evaluated: Vec<Point> = points
            .iter()
            .map(|_| Point {
                means: self.drawn_mean.clone(),
                values: Vec::with_capacity(users.len()),
            })
            .collect();
        for u in users {
            let by_point = self.simulate_at(u, k, points);
            for (point, values) in evaluated.iter_mut().zip(by_point) {
                point.means[u.option] = mean_of_defined(self.merged(u.option, &u.reads, &values));
                point.values.push(values);
            }
        }
        evaluated
    }

    /// Option `o`'s metric in each iteration at `point`.
    fn values_at(&self, users: &[User], point: &Point, o: usize) -> Vec<f64> {
        match users.iter().position(|u| u.option == o) {
            Some(u) => self.merged(o, &users[u].reads, &point.values[u]).collect(),
            None => self.drawn[o].clone(),
        }
    }

    /// How good a mean is: higher is better.
    fn score(&self, mean: f64) -> f64 {
        if self.lower { -mean } else { mean }
    }

    /// The option with the best mean, as `Comparison::best_by_mean` picks it (the last of
    /// equals); `None` when every mean is undefined.
    fn preferred(&self, means: &[f64]) -> Option<usize> {
        (0..means.len())
            .filter(|&o| !means[o].is_nan())
            .max_by(|&a, &b| self.score(means[a]).total_cmp(&self.score(means[b])))
    }

    /// The delta-method standard error of a switching value between options `below` and
    /// `above` at `point`: with g_i the difference of their scores in iteration i (over the
    /// iterations where both are defined), SE(mean g) = sd(g)/√n, and the root of the mean
    /// difference moves by SE / |slope|, the slope being that of the mean difference across
    /// the scan interval [`lo`, `hi`] (gaps `g_lo`, `g_hi`).
    fn switching_mcse(
        &self,
        users: &[User],
        point: &Point,
        below: usize,
        above: usize,
        scan: [(f64, f64); 2],
    ) -> Option<f64> {
        let [(lo, g_lo), (hi, g_hi)] = scan;
        let slope = (g_hi - g_lo) / (hi - lo);
        if !(slope.is_finite() && slope != 0.0) {
            return None;
        }
        let a = self.values_at(users, point, below);
        let b = self.values_at(users, point, above);
        let g: Vec<f64> = a
            .iter()
            .zip(&b)
            .filter(|(p, q)| !p.is_nan() && !q.is_nan())
            .map(|(p, q)| self.score(*p) - self.score(*q))
            .filter(|d| !d.is_nan())
            .collect();
        mcse_of(&g).map(|se| se / slope.abs())
    }

    /// The switching value of input `k` (see [`super::switching_values`]).
    pub(super) fn switching(&self, k: usize) -> SwitchingValue {
        let model = self.model;
        let input = &model.inputs[k];
        let users = self.users(k);
        let id = |o: usize| model.options[o].id.clone();
        let range = (percentile(input, 0.01), percentile(input, 0.99));
        let none = |preferred: Option<usize>| SwitchingValue {
            input: input.path.clone(),
            value: None,
            preferred_below: preferred.map(id).unwrap_or_default(),
            preferred_above: None,
            means_at_switch: None,
            range,
            mcse: None,
        };
        if range.0 >= range.1 {
            let at = self.evaluate(&users, k, &[range.0]);
            return none(self.preferred(&at[0].means));
        }
        let width = range.1 - range.0;
        let grid: Vec<f64> = (0..=SCAN_INTERVALS)
            .map(|j| {
                if j == SCAN_INTERVALS {
                    range.1
                } else {
                    range.0 + width * j as f64 / SCAN_INTERVALS as f64
                }
            })
            .collect();
        let scan: Vec<(Point, Option<usize>)> = self
            .evaluate(&users, k, &grid)
            .into_iter()
            .map(|point| {
                let best = self.preferred(&point.means);
                (point, best)
            })
            .collect();
        let median = percentile(input, 0.5);
        let distance = |j: usize| (grid[j] - median).max(median - grid[j + 1]).max(0.0);
        let change = (0..SCAN_INTERVALS)
            .filter(|&j| {
                scan[j].1.is_some() && scan[j + 1].1.is_some() && scan[j].1 != scan[j + 1].1
            })
            .min_by(|&a, &b| distance(a).total_cmp(&distance(b)));
        let Some(j) = change else {
            return none(scan.iter().find_map(|(_, p)| *p));
        };

        // Bisect, keeping the option preferred at the lower end of the bracket preferred there.
        let below = scan[j].1.expect("a change has two ends");
        let (mut lo, mut hi) = (grid[j], grid[j + 1]);
        let (mut at_lo, mut at_hi) = (scan[j].0.clone(), scan[j + 1].0.clone());
        let at = |v: f64| {
            self.evaluate(&users, k, &[v])
                .pop()
                .expect("one point evaluated")
        };
        while hi - lo > RELATIVE_TOLERANCE * width {
            let mid = lo + (hi - lo) / 2.0;
            if mid <= lo || mid >= hi {
                break;
            }
            let point = at(mid);
            if self.preferred(&point.means) == Some(below) {
                (lo, at_lo) = (mid, point);
            } else {
                (hi, at_hi) = (mid, point);
            }
        }
        let above = self
            .preferred(&at_hi.means)
            .or(scan[j + 1].1)
            .expect("a change has two ends");
        // Within the narrow bracket the difference of the two means is close to linear: one
        // step of linear interpolation lands on the crossing. Keep whichever of the three
        // points has the closest means.
        let gap = |m: &[f64]| self.score(m[below]) - self.score(m[above]);
        let (g_lo, g_hi) = (gap(&at_lo.means), gap(&at_hi.means));
        let mut points = vec![(lo, at_lo), (hi, at_hi)];
        if g_lo.is_finite() && g_hi.is_finite() && g_lo > g_hi {
            let x = (lo + (hi - lo) * g_lo / (g_lo - g_hi)).clamp(lo, hi);
            points.insert(0, (x, at(x)));
        }
        let (value, point) = points
            .into_iter()
            .min_by(|a, b| gap(&a.1.means).abs().total_cmp(&gap(&b.1.means).abs()))
            .expect("two points at least");
        let scanned = [
            (grid[j], gap(&scan[j].0.means)),
            (grid[j + 1], gap(&scan[j + 1].0.means)),
        ];
        SwitchingValue {
            input: input.path.clone(),
            value: Some(value),
            preferred_below: id(below),
            preferred_above: Some(id(above)),
            means_at_switch: Some((point.means[below], point.means[above])),
            range,
            mcse: self.switching_mcse(&users, &point, below, above, scanned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AWKWARD: [f64; 8] = [0.1, f64::NAN, 0.7, 1e16, -0.0, 3.3, f64::NAN, -1e16];

    #[test]
    fn settle_reads_only_its_inputs_and_writes_every_column() {
        // The re-runs keep the costs of the first point when the input searched is outside
        // `settle_inputs`, so the list must hold every input that stage two reads.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/torbay-2025.toml");
        let loaded = crate::scenario::load(std::path::Path::new(path), &[]).expect("loads");
        let model = crate::engine::model::compile(&loaded.scenario);
        let settings = Settings::of(&loaded, Some(500), None, None, false);
        let rerun = Rerun::new(&model, &settings, 500, "npv");
        let m = model.inputs.len();
        for (o, option) in model.options.iter().enumerate() {
            let listed = settle_inputs(option);
            let mut read = vec![0u64; rerun.words];
            let cells = Cell::from_mut(&mut read[..]).as_slice_of_cells();
            let (mut c, mut accounts) = (Caseload::default(), Accounts::default());
            let mut out = vec![0.0; stored_columns(model.years)];
            for row in rerun.rows.chunks(m) {
                caseload(&model, option, row, &mut c);
                benefit_units(&model, option, row, &mut accounts);
                let recording = Recording { row, read: cells };
                // Settle writes every stored column (it no longer zeroes them first).
                let unset = f64::from_bits(0x7ff8_dead_beef_0001);
                out.fill(unset);
                settle(&model, option, &recording, &c, &mut accounts, &mut out);
                assert!(
                    out.iter().all(|v| v.to_bits() != unset.to_bits()),
                    "{out:?}"
                );
            }
            let unlisted: Vec<&str> = (0..m)
                .filter(|&k| read[k / 64] & 1 << (k % 64) != 0 && listed.binary_search(&k).is_err())
                .map(|k| model.inputs[k].path.as_str())
                .collect();
            assert!(unlisted.is_empty(), "option {o} reads {unlisted:?}");
            assert!(read.iter().any(|w| *w != 0), "option {o} reads nothing");
        }
    }

    #[test]
    fn the_mean_is_that_of_summarise() {
        let ours = mean_of_defined(AWKWARD.iter().copied());
        assert_eq!(
            ours.to_bits(),
            crate::stats::summarise(&AWKWARD).mean.to_bits()
        );
        assert!(mean_of_defined([f64::NAN].into_iter()).is_nan());
    }

    #[test]
    fn the_standard_error_is_that_of_summarise() {
        let defined: Vec<f64> = AWKWARD.iter().copied().filter(|x| !x.is_nan()).collect();
        for values in [&defined[..], &[0.25, 1.5, -3.0, 1e-9, 7.0][..], &[2.0, 2.0]] {
            let ours = mcse_of(values).expect("two values at least");
            let theirs = crate::stats::summarise(values).mcse;
            assert_eq!(ours.to_bits(), theirs.to_bits(), "{values:?}");
        }
        assert_eq!(mcse_of(&[1.0]), None);
    }
}
