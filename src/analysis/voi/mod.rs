//! What is worth finding out before deciding (docs/model.md section 16): the expected value of
//! perfect information (EVPI) and of partial perfect information (EVPPI) for every sampled
//! input that an option uses and for the scenario's named groups (`[[information]]`), on the
//! net benefit at a willingness to pay and on the ranking metric.
//!
//! The values are per decision: every option's net benefit (and metric) already counts every
//! person it serves over the whole horizon, so no population multiplier applies; the value per
//! year of the horizon is the value divided by the years appraised.
//!
//! The inputs' values are the run's own draws, regenerated from their streams; a risk's
//! occurrence is its 0/1 indicator, as in the samples file. E(NB_d | θ) is estimated by the
//! regression of [`regression`], the estimates and their standard errors by [`estimate`].

pub mod estimate;
pub mod regression;
pub mod report;

pub use estimate::{Estimate, evpi, evppi};

use estimate::evppi_of;
use regression::{Member, member};
pub use report::{VoiReport, report};

use crate::analysis::sensitivity::input_label;
use crate::diag::{Problem, Report, nearest};
use crate::engine::input_columns;
use crate::engine::model::{InputRole, Model};
use crate::error::Error;
use crate::metric::{self, col};
use crate::results::metric_column;
use crate::run::Run;
use crate::scenario::{Information, LoadError};
use rayon::prelude::*;
use serde::Serialize;

/// The value of information of a run: its JSON is `value_of_information` in the results of
/// `appraise run --wtp`.
#[derive(Debug, Clone, Serialize)]
pub struct ValueOfInformation {
    /// On the net benefit at the willingness to pay, when one was given.
    #[serde(flatten)]
    pub net_benefit: Option<OnNetBenefit>,
    /// On the ranking metric; absent when the metric is undefined in some iteration (a
    /// benefit–cost ratio without cost).
    pub ranking_metric: Option<OnMetric>,
    /// Years appraised: the values are for the whole horizon; per year divides by this.
    pub horizon_years: u32,
    /// Batches of the standard errors of EVPPI (batch means).
    pub batches: usize,
}

/// Value of information on the net benefit λ × effect − cost_pv (£).
#[derive(Debug, Clone, Serialize)]
pub struct OnNetBenefit {
    /// The willingness to pay (£ per unit of effect).
    pub lambda: f64,
    /// The effect metric.
    pub effect_metric: String,
    /// EVPI and EVPPI.
    #[serde(flatten)]
    pub voi: Voi,
}

/// Value of information on the ranking metric (in its units; a metric where lower is better
/// counts its fall as the gain).
#[derive(Debug, Clone, Serialize)]
pub struct OnMetric {
    /// The ranking metric.
    pub metric: String,
    /// EVPI and EVPPI.
    #[serde(flatten)]
    pub voi: Voi,
}

/// EVPI and the EVPPI of every input and group on one measure.
#[derive(Debug, Clone, Serialize)]
pub struct Voi {
    /// Expected value of perfect information, per decision.
    pub evpi: f64,
    /// Its Monte Carlo standard error.
    pub evpi_standard_error: f64,
    /// EVPI per year of the horizon.
    pub evpi_per_year: f64,
    /// EVPPI of every sampled input and every group, largest first (then by name).
    pub evppi: Vec<Evppi>,
}

/// The EVPPI of one input or group.
#[derive(Debug, Clone, Serialize)]
pub struct Evppi {
    /// The input's path, or the group's id.
    pub input: String,
    /// `input` or `group`.
    pub kind: &'static str,
    /// A label for people.
    pub label: String,
    /// A group's input paths (empty for an input).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
    /// EVPPI, per decision.
    pub value: f64,
    /// Its Monte Carlo standard error (batch means; null when the run is too short).
    pub standard_error: f64,
    /// EVPPI per year of the horizon.
    pub per_year: f64,
}

/// One input or group to value: its name, label, member paths and member input indices.
struct Subject {
    input: String,
    kind: &'static str,
    label: String,
    paths: Vec<String>,
    members: Vec<usize>,
}

/// The sampled inputs that some option uses, each ready for the regression ([`member`]: its
/// mid-rank scores and, when discrete, its levels), from the run's own draws regenerated once.
/// The rank tornado reads the same ranks ([`Draws::ranks`]).
pub struct Draws {
    /// The inputs, ascending ([`sampled_inputs`]).
    candidates: Vec<usize>,
    /// Each candidate's member, in the order of `candidates`; empty for a run of no iterations.
    built: Vec<Member>,
}

impl Draws {
    /// The draws of every candidate of a finished run.
    pub fn of_run(run: &Run) -> Draws {
        let candidates = sampled_inputs(&run.simulation.model);
        let built = if run.simulation.columns.n == 0 {
            Vec::new()
        } else {
            theta_columns(run, &candidates)
                .into_par_iter()
                .map(|t| member(&t))
                .collect()
        };
        Draws { candidates, built }
    }

    /// The average ranks (1 … n, ties sharing the mean of theirs) of the values input `k` took
    /// in the run's iterations, a risk's occurrence as 1 when it occurred and 0 when not: what
    /// `stats::ranks` gives for them. `None` when `k` is not a candidate.
    pub fn ranks(&self, k: usize) -> Option<Vec<f64>> {
        let at = self.candidates.binary_search(&k).ok()?;
        self.built.get(at).map(Member::ranks)
    }
}

/// The value of information of a finished run: on the net benefit at `wtp` (λ and the effect
/// metric) when given, and on the ranking metric.
///
/// # Errors
/// [`Error::Load`] when an `[[information]]` group names no uncertain input of the model.
pub fn of_run(run: &Run, wtp: Option<(f64, &str)>) -> Result<ValueOfInformation, Error> {
    of_draws(run, wtp, &Draws::of_run(run))
}

/// [`of_run`] with the run's draws already made.
///
/// # Errors
/// As [`of_run`].
pub fn of_draws(
    run: &Run,
    wtp: Option<(f64, &str)>,
    draws: &Draws,
) -> Result<ValueOfInformation, Error> {
    let sim = &run.simulation;
    let model = &sim.model;
    let n = sim.columns.n;
    let nopt = model.options.len();
    let candidates = &draws.candidates;
    let groups = groups(run, candidates)?;
    let mut subjects: Vec<Subject> = candidates
        .iter()
        .map(|&k| Subject {
            input: model.inputs[k].path.clone(),
            kind: "input",
            label: input_label(model, &model.inputs[k].path),
            paths: Vec::new(),
            members: vec![k],
        })
        .collect();
    subjects.extend(groups);
    let nb: Option<Vec<Vec<f64>>> = wtp.map(|(lambda, effect)| {
        (0..nopt)
            .map(|o| {
                let e = metric_column(&sim.columns, o, effect).expect("the effect was checked");
                let c = &sim.columns.columns[o][col::COST_PV];
                e.iter().zip(c).map(|(e, c)| lambda * e - c).collect()
            })
            .collect()
    });
    let ranking = &run.results.comparison.ranking_metric;
    let sign = if metric::lower_is_better(ranking) {
        -1.0
    } else {
        1.0
    };
    let on_metric: Vec<Vec<f64>> = (0..nopt)
        .map(|o| {
            metric_column(&sim.columns, o, ranking)
                .expect("the ranking metric is a metric")
                .iter()
                .map(|x| sign * x)
                .collect()
        })
        .collect();
    let on_metric = (!on_metric.iter().flatten().any(|x| x.is_nan())).then_some(on_metric);
    let targets: Vec<&[Vec<f64>]> = nb.iter().chain(&on_metric).map(|t| &t[..]).collect();
    let estimates: Vec<Vec<Estimate>> = if targets.is_empty() || n == 0 {
        Vec::new()
    } else {
        // Each input's columns are built once, for itself and for every group it is in.
        let built_of = |k: usize| &draws.built[candidates.binary_search(&k).expect("a candidate")];
        // The largest groups first, so that the threads finish together; each estimate is
        // then put back in its subject's place.
        let mut order: Vec<usize> = (0..subjects.len()).collect();
        order.sort_by_key(|&s| std::cmp::Reverse(subjects[s].members.len()));
        let mut by_size: Vec<(usize, Vec<Estimate>)> = order
            .par_iter()
            .map(|&s| {
                let members: Vec<&Member> =
                    subjects[s].members.iter().map(|&k| built_of(k)).collect();
                (s, evppi_of(&targets, &members))
            })
            .collect();
        by_size.sort_by_key(|(s, _)| *s);
        by_size.into_iter().map(|(_, e)| e).collect()
    };
    let years = model.years as f64;
    let voi = |t: usize, values: &[Vec<f64>]| {
        let whole = evpi(values);
        let mut evppi: Vec<Evppi> = subjects
            .iter()
            .zip(&estimates)
            .map(|(s, e)| Evppi {
                input: s.input.clone(),
                kind: s.kind,
                label: s.label.clone(),
                inputs: s.paths.clone(),
                value: e[t].value,
                standard_error: e[t].standard_error,
                per_year: e[t].value / years,
            })
            .collect();
        evppi.sort_by(|a, b| {
            b.value
                .total_cmp(&a.value)
                .then_with(|| a.input.cmp(&b.input))
        });
        Voi {
            evpi: whole.value,
            evpi_standard_error: whole.standard_error,
            evpi_per_year: whole.value / years,
            evppi,
        }
    };
    let net_benefit = nb
        .as_ref()
        .zip(wtp)
        .map(|(values, (lambda, effect))| OnNetBenefit {
            lambda,
            effect_metric: effect.to_string(),
            voi: voi(0, values),
        });
    let ranking_metric = on_metric.as_ref().map(|values| OnMetric {
        metric: ranking.clone(),
        voi: voi(usize::from(nb.is_some()), values),
    });
    Ok(ValueOfInformation {
        net_benefit,
        ranking_metric,
        horizon_years: model.years as u32,
        batches: estimate::BATCHES,
    })
}

/// The sampled (non-fixed) inputs that some option's metrics depend on, ascending.
fn sampled_inputs(model: &Model) -> Vec<usize> {
    (0..model.inputs.len())
        .filter(|&k| model.inputs[k].fixed.is_none())
        .filter(|&k| {
            model
                .options
                .iter()
                .any(|o| o.inputs_used.binary_search(&k).is_ok())
        })
        .collect()
}

/// The values each candidate took in each iteration of the run; a risk's occurrence as 1 when
/// it occurred and 0 when not.
fn theta_columns(run: &Run, candidates: &[usize]) -> Vec<Vec<f64>> {
    let sim = &run.simulation;
    let model = &sim.model;
    let n = sim.columns.n;
    let mut needed: Vec<usize> = candidates.to_vec();
    for &k in candidates {
        if let InputRole::Occurs { probability } = model.inputs[k].role {
            needed.push(probability);
        }
    }
    needed.sort_unstable();
    needed.dedup();
    let drawn: Vec<usize> = needed
        .iter()
        .copied()
        .filter(|&k| model.inputs[k].fixed.is_none())
        .collect();
    let mut columns = input_columns(model, sim.settings.seed, sim.settings.method, n, &drawn);
    let at = |k: usize| drawn.binary_search(&k).expect("a candidate is drawn");
    let is_probability = |k: usize| {
        candidates.iter().any(|&j| {
            matches!(model.inputs[j].role, InputRole::Occurs { probability } if probability == k)
        })
    };
    // Occurrences first: they read the probabilities' columns, which may be candidates too. A
    // risk's draws become its occurrences in place, unless they are also a probability.
    let mut occurs: Vec<Option<Vec<f64>>> = vec![None; candidates.len()];
    for (o, &k) in occurs.iter_mut().zip(candidates) {
        if let InputRole::Occurs { probability } = model.inputs[k].role {
            let mut draws = if is_probability(k) {
                columns[at(k)].clone()
            } else {
                std::mem::take(&mut columns[at(k)])
            };
            let occurred = |d: f64, p: f64| f64::from(u8::from(d < p));
            match drawn.binary_search(&probability) {
                Ok(c) => {
                    for (d, &p) in draws.iter_mut().zip(&columns[c]) {
                        *d = occurred(*d, p);
                    }
                }
                Err(_) => {
                    let p = model.inputs[probability].fixed.expect("fixed or drawn");
                    draws.iter_mut().for_each(|d| *d = occurred(*d, p));
                }
            }
            *o = Some(draws);
        }
    }
    candidates
        .iter()
        .zip(&mut occurs)
        .map(|(&k, occurs)| {
            occurs
                .take()
                .unwrap_or_else(|| std::mem::take(&mut columns[at(k)]))
        })
        .collect()
}

/// Whether `path` matches `pattern`, where `*` stands for any run of characters.
pub fn glob(pattern: &str, path: &str) -> bool {
    let (p, s): (Vec<char>, Vec<char>) = (pattern.chars().collect(), path.chars().collect());
    // matched[j]: the pattern so far matches the first j characters of the path.
    let mut matched = vec![false; s.len() + 1];
    matched[0] = true;
    for c in p {
        if c == '*' {
            for j in 1..=s.len() {
                matched[j] = matched[j] || matched[j - 1];
            }
        } else {
            for j in (1..=s.len()).rev() {
                matched[j] = matched[j - 1] && s[j - 1] == c;
            }
            matched[0] = false;
        }
    }
    matched[s.len()]
}

/// The scenario's `[[information]]` groups, each resolved to the candidates its paths match.
fn groups(run: &Run, candidates: &[usize]) -> Result<Vec<Subject>, Error> {
    let model = &run.simulation.model;
    let paths: Vec<&str> = candidates
        .iter()
        .map(|&k| model.inputs[k].path.as_str())
        .collect();
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for g in &run.loaded.scenario.information {
        match resolve(g, &paths) {
            Ok(members) => out.push(Subject {
                input: g.id.clone(),
                kind: "group",
                label: g.name.clone(),
                paths: members.iter().map(|&m| paths[m].to_string()).collect(),
                members: members.iter().map(|&m| candidates[m]).collect(),
            }),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Load(LoadError::Invalid(Box::new(Report {
            sources: run.loaded.sources.clone(),
            problems,
        }))))
    }
}

/// The positions in `paths` that a group's patterns match, or a problem for each pattern that
/// matches none.
fn resolve(g: &Information, paths: &[&str]) -> Result<Vec<usize>, Vec<Problem>> {
    let mut members = Vec::new();
    let mut problems = Vec::new();
    for (j, (pattern, span)) in g.inputs.iter().zip(&g.spans).enumerate() {
        let matched: Vec<usize> = (0..paths.len())
            .filter(|&m| glob(pattern, paths[m]))
            .collect();
        if matched.is_empty() {
            let shown: Vec<&str> = paths.iter().take(8).copied().collect();
            let allowed = match nearest(pattern, paths) {
                _ if paths.is_empty() => "the path of an uncertain input that an option uses; this scenario has none (every input the options use is fixed)".to_string(),
                Some(p) => format!("did you mean '{p}'? An uncertain input that an option uses, as named in the samples file"),
                None => format!(
                    "the path of an uncertain input that an option uses, as named in the samples file ({}{}), with * for any run of characters",
                    shown.join(", "),
                    if paths.len() > shown.len() { ", …" } else { "" }
                ),
            };
            problems.push(
                Problem::new(
                    format!("information.{}.inputs[{j}]", g.id),
                    Some(span.clone()),
                    format!("'{pattern}' names no uncertain input that an option uses"),
                )
                .allowed(allowed),
            );
        }
        members.extend(matched);
    }
    members.sort_unstable();
    members.dedup();
    if problems.is_empty() {
        Ok(members)
    } else {
        Err(problems)
    }
}

/// The problems of a loaded scenario's `[[information]]` groups, found by compiling it: each
/// path must name an uncertain input that an option uses. For `appraise validate`.
pub fn check(loaded: &crate::scenario::Loaded) -> Vec<Problem> {
    let model = crate::engine::model::compile(&loaded.scenario);
    let candidates = sampled_inputs(&model);
    let paths: Vec<&str> = candidates
        .iter()
        .map(|&k| model.inputs[k].path.as_str())
        .collect();
    loaded
        .scenario
        .information
        .iter()
        .filter_map(|g| resolve(g, &paths).err())
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_runs_of_characters() {
        let p = "options.a.risks[0].probability";
        assert!(glob(p, p));
        assert!(glob("options.a.risks[*].probability", p));
        assert!(glob("options.*", p));
        assert!(glob("*probability", p));
        assert!(!glob("options.b.*", p));
        assert!(!glob("options.a.risks[*].occurs", p));
        assert!(!glob("options.a", p));
        assert!(glob("*", ""));
        assert!(!glob("a", ""));
    }
}
