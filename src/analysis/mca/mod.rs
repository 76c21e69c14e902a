//! Multi-criteria appraisal under uncertainty (docs/model.md section 15): the scenario's
//! `[[criteria]]`, each a metric of the run or a score per option, mapped to values in [0, 1],
//! weighed by weight vectors drawn uniformly from the simplex (restricted by ranges or a rank
//! order), and ranked by SMAA-2 ([`smaa`]).
//!
//! The scores are inputs of the model (`criteria.<id>.scores.<option>`), drawn with common
//! random numbers like every other input. The weights have their own stream, keyed by
//! [`WEIGHTS_STREAM`] and derived as the engine's are (`engine::sample::stream_hasher` and
//! `block_rng`): block b of [`crate::engine::sample::BLOCK`] iterations draws its weight
//! vectors, one iteration after another, from the generator of block b. So the weights of an
//! iteration depend only on the seed, the criteria's weight restriction and the iteration, not
//! on the number of threads.

pub mod report;
pub mod smaa;

pub use report::{McaReport, report};
pub use smaa::{Smaa, Values, Weights, smaa};

use crate::engine::input_columns;
use crate::engine::model::{Model, criterion_score_path};
use crate::engine::sample::{BLOCK, block_rng, stream_hasher};
use crate::metric::Better;
use crate::results::{constant_metric, metric_column};
use crate::run::Run;
use crate::scenario::{Criterion, CriterionWeight, weight_restriction};
use crate::stats::quantile::quantiles_by;
use crate::stats::simplex::{Restriction, WeightSampler};
use rayon::prelude::*;
use serde::Serialize;
use sha2::Sha256;
use std::borrow::Cow;

/// The path that keys the weights' random stream.
pub const WEIGHTS_STREAM: &str = "criteria.weights";

/// A map from an id (option or criterion) to a value, in scenario order.
#[derive(Debug, Clone, PartialEq)]
pub struct ById<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for ById<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// The multi-criteria appraisal of a run: its JSON is `mca` in the results of `appraise run`.
#[derive(Debug, Clone, Serialize)]
pub struct Mca {
    /// Each criterion and how its values map to [0, 1], in scenario order.
    pub criteria: Vec<CriterionInfo>,
    /// How the weights were drawn: `any` (uniform on the simplex), `ranges` or `ranks`.
    pub weights: &'static str,
    /// Option id → the share of iterations at each rank, rank 1 first.
    pub rank_acceptability: ById<Vec<f64>>,
    /// The largest Monte Carlo standard error √(b(1 − b)/N) of any rank acceptability b, over
    /// the N iterations (assuming independent iterations).
    pub largest_standard_error: f64,
    /// Option id → criterion id → the option's central weight; null when it never ranks first.
    pub central_weights: ById<Option<ById<f64>>>,
    /// Option id → the share of iterations in which it ranks first at its central weights;
    /// null when it never ranks first.
    pub confidence: ById<Option<f64>>,
    /// Criterion id → its mean weight over every iteration.
    pub mean_weights: ById<f64>,
}

/// One criterion as the analysis used it.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionInfo {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// `higher` or `lower`: which way is better.
    pub better: &'static str,
    /// The metric measured, or null for scores.
    pub metric: Option<String>,
    /// The value that maps to 0 (in the criterion's units).
    pub worst: f64,
    /// The value that maps to 1.
    pub best: f64,
    /// True when worst and best are the run's 1st and 99th percentiles.
    pub from_run: bool,
    /// The weight range given, if any.
    pub weight_range: Option<[f64; 2]>,
    /// The rank given, if any.
    pub rank: Option<u32>,
    /// Where the criterion comes from.
    pub source: Option<String>,
}

/// The multi-criteria appraisal of a finished run, when its scenario has criteria.
pub fn of_run(run: &Run) -> Option<Mca> {
    let criteria = &run.loaded.scenario.criteria;
    if criteria.is_empty() {
        return None;
    }
    let sim = &run.simulation;
    let model = &sim.model;
    let n = sim.columns.n;
    let scores = score_columns(run);
    let raws: Vec<Vec<Raw>> = criteria
        .iter()
        .zip(scores)
        .map(|(c, scores)| {
            // A score where there is one (every option without a metric), else the metric.
            scores
                .into_iter()
                .enumerate()
                .map(|(o, score)| match (score, &c.metric) {
                    (Some(score), _) => score,
                    (None, Some(name)) => match sim.columns.constant.get(o) {
                        Some(Some(row)) => {
                            Raw::Fixed(constant_metric(row, name).expect("the metric was checked"))
                        }
                        _ => Raw::Column(
                            metric_column(&sim.columns, o, name).expect("the metric was checked"),
                        ),
                    },
                    (None, None) => {
                        unreachable!("a criterion without a metric scores every option")
                    }
                })
                .collect()
        })
        .collect();
    // Each range taken from the run reads every option's values: in parallel across criteria.
    let ranges: Vec<(f64, f64)> = criteria
        .par_iter()
        .zip(&raws)
        .map(|(c, raw)| c.scale.unwrap_or_else(|| run_range(raw, n)))
        .collect();
    let scaled: Vec<Scaled> = criteria
        .iter()
        .zip(raws)
        .zip(ranges)
        .map(|((c, raw), (lo, hi))| Scaled {
            raw,
            lo,
            hi,
            better: c.better,
        })
        .collect();
    let info = criteria
        .iter()
        .zip(&scaled)
        .map(|(c, s)| criterion_info(c, s.lo, s.hi))
        .collect();
    let restriction = weight_restriction(criteria).unwrap_or(Restriction::None);
    let weights = DrawnWeights::new(&restriction, criteria.len(), sim.settings.seed);
    let s = smaa(&Criteria { n, scaled }, &weights);
    let largest_standard_error = s
        .rank_acceptability
        .iter()
        .flatten()
        .map(|b| (b * (1.0 - b) / n as f64).sqrt())
        .fold(0.0, f64::max);
    let ids: Vec<String> = model.options.iter().map(|o| o.id.clone()).collect();
    let cids: Vec<String> = criteria.iter().map(|c| c.id.clone()).collect();
    let by_criterion = |w: &[f64]| ById(cids.iter().cloned().zip(w.iter().copied()).collect());
    Some(Mca {
        criteria: info,
        weights: match restriction {
            Restriction::None => "any",
            Restriction::Bounds(_) => "ranges",
            Restriction::Ranks(_) => "ranks",
        },
        rank_acceptability: ById(ids.iter().cloned().zip(s.rank_acceptability).collect()),
        largest_standard_error,
        central_weights: ById(
            ids.iter()
                .cloned()
                .zip(
                    s.central_weights
                        .iter()
                        .map(|w| w.as_deref().map(by_criterion)),
                )
                .collect(),
        ),
        confidence: ById(ids.iter().cloned().zip(s.confidence).collect()),
        mean_weights: by_criterion(&s.mean_weights),
    })
}

/// The value of `x` between `lo` and `hi` on a criterion where `better` is better: linear from
/// 0 at the worst end to 1 at the best, clamped to [0, 1]; an undefined x (NaN) is worst; when
/// lo = hi every value is ½.
pub fn value(x: f64, lo: f64, hi: f64, better: Better) -> f64 {
    if x.is_nan() {
        return 0.0;
    }
    if hi <= lo {
        return 0.5;
    }
    let v = match better {
        Better::Higher => (x - lo) / (hi - lo),
        Better::Lower => (hi - x) / (hi - lo),
    };
    v.clamp(0.0, 1.0)
}

/// The 1st and 99th percentiles (type 7) of every defined value of every option, pooled, over
/// `n` iterations; read where they are, not gathered.
fn run_range(raw: &[Raw], n: usize) -> (f64, f64) {
    let values = || {
        raw.iter().flat_map(move |r| {
            let (column, fixed, times): (&[f64], f64, usize) = match r {
                Raw::Column(column) => (column, 0.0, 0),
                Raw::Fixed(x) => (&[], *x, n),
            };
            column
                .iter()
                .copied()
                .chain(std::iter::repeat_n(fixed, times))
        })
    };
    quantiles_by(values, &[0.01, 0.99]).map_or((0.0, 0.0), |q| (q[0], q[1]))
}

/// An option's raw values on a criterion, one per iteration.
enum Raw<'a> {
    /// A score as drawn, or a metric of the run.
    Column(Cow<'a, [f64]>),
    /// A fixed score: the same in every iteration.
    Fixed(f64),
}

/// One criterion's values as SMAA-2 reads them: each option's raw values, mapped to [0, 1] by
/// [`value`] between `lo` and `hi` as they are read.
struct Scaled<'a> {
    raw: Vec<Raw<'a>>,
    lo: f64,
    hi: f64,
    better: Better,
}

/// The criteria of a run of `n` iterations, in scenario order.
struct Criteria<'a> {
    n: usize,
    scaled: Vec<Scaled<'a>>,
}

impl Values for Criteria<'_> {
    fn shape(&self) -> (usize, usize, usize) {
        let nopt = self.scaled.first().map_or(0, |c| c.raw.len());
        (self.scaled.len(), nopt, self.n)
    }

    fn fill(&self, j: usize, o: usize, start: usize, out: &mut [f64]) {
        let c = &self.scaled[j];
        match &c.raw[o] {
            Raw::Column(column) => {
                for (v, x) in out.iter_mut().zip(&column[start..]) {
                    *v = value(*x, c.lo, c.hi, c.better);
                }
            }
            Raw::Fixed(x) => out.fill(value(*x, c.lo, c.hi, c.better)),
        }
    }
}

fn criterion_info(c: &Criterion, lo: f64, hi: f64) -> CriterionInfo {
    let (worst, best) = match c.better {
        Better::Higher => (lo, hi),
        Better::Lower => (hi, lo),
    };
    CriterionInfo {
        id: c.id.clone(),
        name: c.name.clone(),
        better: match c.better {
            Better::Higher => "higher",
            Better::Lower => "lower",
        },
        metric: c.metric.clone(),
        worst,
        best,
        from_run: c.scale.is_none(),
        weight_range: match c.weight {
            CriterionWeight::Range(lo, hi) => Some([lo, hi]),
            _ => None,
        },
        rank: match c.weight {
            CriterionWeight::Rank(r) => Some(r),
            _ => None,
        },
        source: c.source.clone(),
    }
}

/// Each criterion's scores, `[criterion][option]`: the values of each iteration as the run
/// drew them, where the option has a score.
fn score_columns(run: &Run) -> Vec<Vec<Option<Raw<'static>>>> {
    let sim = &run.simulation;
    let model = &sim.model;
    let n = sim.columns.n;
    let inputs = score_inputs(run);
    let drawn: Vec<usize> = inputs
        .iter()
        .flatten()
        .map(|(k, _)| *k)
        .filter(|&k| model.inputs[k].fixed.is_none())
        .collect();
    let mut columns = input_columns(model, sim.settings.seed, sim.settings.method, n, &drawn);
    inputs
        .iter()
        .map(|scored| {
            let mut per_option: Vec<Option<Raw>> = (0..model.options.len()).map(|_| None).collect();
            for &(k, o) in scored {
                per_option[o] = Some(match model.inputs[k].fixed {
                    Some(x) => Raw::Fixed(x),
                    None => {
                        let c = drawn.iter().position(|d| *d == k).expect("drawn");
                        Raw::Column(Cow::Owned(std::mem::take(&mut columns[c])))
                    }
                });
            }
            per_option
        })
        .collect()
}

/// For each criterion, its score inputs as (input index, option index).
pub fn score_inputs(run: &Run) -> Vec<Vec<(usize, usize)>> {
    let model = &run.simulation.model;
    run.loaded
        .scenario
        .criteria
        .iter()
        .map(|c| {
            (0..model.options.len())
                .filter(|&o| c.scores[o].is_some())
                .map(|o| (score_input(model, &c.id, o), o))
                .collect()
        })
        .collect()
}

fn score_input(model: &Model, criterion: &str, option: usize) -> usize {
    let path = criterion_score_path(criterion, &model.options[option].id);
    model
        .inputs
        .iter()
        .position(|i| i.path == path)
        .expect("every score is an input of the model")
}

/// The weight of each criterion in each iteration of the run, as (`criteria.<id>.weight`, one
/// value per iteration); empty without criteria.
pub fn weight_columns(run: &Run) -> Vec<(String, Vec<f64>)> {
    let criteria = &run.loaded.scenario.criteria;
    if criteria.is_empty() {
        return Vec::new();
    }
    let (m, n) = (criteria.len(), run.simulation.columns.n);
    let restriction = weight_restriction(criteria).unwrap_or(Restriction::None);
    let w = weight_draws(&restriction, m, run.simulation.settings.seed, n);
    criteria
        .iter()
        .enumerate()
        .map(|(j, c)| {
            let column = (0..n).map(|i| w[i * m + j]).collect();
            (format!("criteria.{}.weight", c.id), column)
        })
        .collect()
}

/// The weight vectors of `n` iterations, m per iteration (iteration-major), from the stream
/// keyed by [`WEIGHTS_STREAM`]: block b's generator draws its iterations' vectors in order.
///
/// # Panics
/// If the restriction cannot be sampled (the scenario reader refuses such weights).
pub fn weight_draws(restriction: &Restriction, m: usize, seed: u64, n: usize) -> Vec<f64> {
    let weights = DrawnWeights::new(restriction, m, seed);
    (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut out = vec![0.0; BLOCK.min(n - b * BLOCK) * m];
            weights.block(b, &mut out);
            out
        })
        .collect::<Vec<_>>()
        .concat()
}

/// The weight vectors of a run, drawn a block at a time (see [`weight_draws`]), so that SMAA-2
/// can draw each chunk's as it ranks it instead of holding them all.
struct DrawnWeights {
    m: usize,
    sampler: WeightSampler,
    hasher: Sha256,
}

impl DrawnWeights {
    fn new(restriction: &Restriction, m: usize, seed: u64) -> DrawnWeights {
        DrawnWeights {
            m,
            sampler: WeightSampler::new(m, restriction)
                .expect("checked when the scenario was read"),
            hasher: stream_hasher(seed, WEIGHTS_STREAM),
        }
    }

    /// Writes the vectors of block b's first `out.len() / m` iterations to `out`.
    fn block(&self, b: usize, out: &mut [f64]) {
        let mut rng = block_rng(&self.hasher, b as u64);
        for row in out.chunks_mut(self.m) {
            self.sampler.draw(&mut rng, row);
        }
    }
}

impl Weights for DrawnWeights {
    fn read(&self, m: usize, start: usize, out: &mut [f64]) {
        assert!(
            m == self.m && start.is_multiple_of(BLOCK) && out.len() <= BLOCK * m,
            "weights are drawn a block at a time"
        );
        self.block(start / BLOCK, out);
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::quantile_type7;

    #[test]
    fn values_run_from_worst_to_best() {
        assert_eq!(value(3.0, 1.0, 5.0, Better::Higher), 0.5);
        assert_eq!(value(2.0, 1.0, 5.0, Better::Lower), 0.75);
        assert_eq!(value(9.0, 1.0, 5.0, Better::Higher), 1.0);
        assert_eq!(value(-9.0, 1.0, 5.0, Better::Higher), 0.0);
        assert_eq!(value(f64::NAN, 1.0, 5.0, Better::Lower), 0.0);
        assert_eq!(value(4.0, 2.0, 2.0, Better::Lower), 0.5);
    }

    #[test]
    fn values_read_as_needed_are_the_values_held() {
        // Two criteria over three options and 2.5 blocks, with a fixed score, a NaN and
        // values beyond the scale; the weights drawn a block at a time are the weights held.
        let n = 2 * BLOCK + BLOCK / 2;
        let column = |a: f64| -> Vec<f64> { (0..n).map(|i| a * (i % 13) as f64).collect() };
        let mut with_nan = column(0.5);
        with_nan[BLOCK + 3] = f64::NAN;
        let criteria = Criteria {
            n,
            scaled: vec![
                Scaled {
                    raw: vec![
                        Raw::Fixed(2.0),
                        Raw::Column(Cow::Owned(column(0.25))),
                        Raw::Column(Cow::Borrowed(&with_nan)),
                    ],
                    lo: 0.5,
                    hi: 4.0,
                    better: Better::Higher,
                },
                Scaled {
                    raw: vec![
                        Raw::Column(Cow::Owned(column(1.0))),
                        Raw::Fixed(7.0),
                        Raw::Column(Cow::Owned(column(0.75))),
                    ],
                    lo: 1.0,
                    hi: 9.0,
                    better: Better::Lower,
                },
            ],
        };
        // Every raw value held, as the values were before they were read as needed.
        let raw: Vec<Vec<Vec<f64>>> = criteria
            .scaled
            .iter()
            .map(|c| {
                c.raw
                    .iter()
                    .map(|r| match r {
                        Raw::Column(x) => x.to_vec(),
                        Raw::Fixed(x) => vec![*x; n],
                    })
                    .collect()
            })
            .collect();
        let held: Vec<Vec<Vec<f64>>> = raw
            .iter()
            .zip(&criteria.scaled)
            .map(|(columns, c)| {
                let v = |x: &f64| value(*x, c.lo, c.hi, c.better);
                columns.iter().map(|x| x.iter().map(v).collect()).collect()
            })
            .collect();
        let r = Restriction::Bounds(vec![(0.2, 0.9), (0.0, 1.0)]);
        let drawn = DrawnWeights::new(&r, 2, 11);
        let expected = smaa(held.as_slice(), weight_draws(&r, 2, 11, n).as_slice());
        assert_eq!(smaa(&criteria, &drawn), expected);
        // The run's percentiles by selection are those of the sorted values.
        let mut sorted: Vec<f64> = raw[0].concat();
        sorted.retain(|x| !x.is_nan());
        sorted.sort_by(f64::total_cmp);
        let range = (quantile_type7(&sorted, 0.01), quantile_type7(&sorted, 0.99));
        assert_eq!(run_range(&criteria.scaled[0].raw, n), range);
    }

    #[test]
    fn weights_do_not_depend_on_threads() {
        let r = Restriction::Bounds(vec![(0.1, 0.5), (0.0, 1.0), (0.2, 0.3)]);
        let draw = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| weight_draws(&r, 3, 9, 3 * BLOCK + 17))
        };
        let one = draw(1);
        assert_eq!(one.len(), 3 * (3 * BLOCK + 17));
        assert_eq!(one, draw(3));
    }
}
