//! The decision in words: everything the decision summary of a document states, computed here
//! so that the templates (`templates/decision.md.j2`, `decision.html.j2`) only format it. The
//! choice with and without the budget and whether they differ, the budget each option needs,
//! its cash against the budget, which option starts first, what changes under each variant,
//! which options are too close to call at this number of iterations, the missing baseline and
//! the scenario's own questions (docs/reports.md, "The decision").

use super::compare::Alongside;
use super::questions::{Answer, answer_questions};
use crate::error::QuestionError;
use crate::format::money;
use crate::metric::{self, col};
use crate::results::{IdMap, OptionResult, Results};
use crate::run::Run;
use crate::scenario::{Budget, OptionKind};
use minijinja::value::{Serde, Value};
use serde::Serialize;
use std::collections::BTreeMap;

/// Months within which the summary says how likely each option is to have started.
pub const START_WITHIN_MONTHS: f64 = 6.0;

/// Everything the decision summary states.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// The ranking metric in a sentence ("net present value").
    pub ranking_label: String,
    /// True when the ranking metric is money.
    pub ranking_money: bool,
    /// Iterations of the run.
    pub iterations: u64,
    /// The budget in words ("£100,000 a year", "£169,675 in total"); `None` without one.
    pub budget: Option<String>,
    /// True when the budget is for the whole horizon rather than each year.
    pub budget_total: bool,
    /// The option most often best, every option taking part.
    pub unconstrained: Option<Choice>,
    /// The option most often best among those within budget in each iteration; `None` without
    /// a budget or when no option is ever within it.
    pub within_budget: Option<Choice>,
    /// True when the two choices are different options.
    pub differ: bool,
    /// Share of iterations in which no option is within budget.
    pub none_within: f64,
    /// Each option's cash against the budget and the budget it needs.
    pub options: Vec<Affordability>,
    /// Which option starts first; `None` when no option delivers a service.
    pub start: Option<StartChoice>,
    /// The base scenario and each variant, with the choices under each (empty when the
    /// scenario declares no variants).
    pub variants: Vec<VariantChoice>,
    /// The variant this document is of, if any.
    pub this_variant: Option<VariantNote>,
    /// True when no option is of kind `baseline`.
    pub baseline_missing: bool,
    /// Name of the option incremental figures are measured against; `None` when they are
    /// left out.
    pub reference: Option<String>,
    /// The scenario's own questions, answered.
    pub questions: Vec<Answer>,
}

/// An option chosen on the ranking metric, with its Monte Carlo error.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Option id.
    pub id: String,
    /// Option name.
    pub name: String,
    /// Its probability of being best (among the options within budget, for that choice).
    pub p_best: f64,
    /// Monte Carlo standard error of `p_best`.
    pub mcse: f64,
    /// The option's P(over budget).
    pub p_over_budget: f64,
    /// Options whose probability of being best is within twice the Monte Carlo standard error
    /// of the difference from this one's: too close to call at this number of iterations.
    pub too_close: Vec<Rival>,
}

/// An option too close to call against the choice.
#[derive(Debug, Clone, Serialize)]
pub struct Rival {
    /// Option name.
    pub name: String,
    /// Its probability of being best.
    pub p_best: f64,
}

/// One option's cash against the budget.
#[derive(Debug, Clone, Serialize)]
pub struct Affordability {
    /// Option name.
    pub name: String,
    /// True for the option of kind `baseline`.
    pub baseline: bool,
    /// P(cash exceeds the budget: in some year, or in total).
    pub p_over_budget: f64,
    /// Its Monte Carlo standard error.
    pub p_over_budget_mcse: f64,
    /// Median excess over the budget in the worst year (or in total); 0 without a budget.
    pub excess_p50: f64,
    /// 90th percentile of that excess.
    pub excess_p90: f64,
    /// Budget needed to stay within it with 80% confidence (£ cash).
    pub need_p80: f64,
    /// 95% interval of `need_p80`.
    pub need_p80_interval: [f64; 2],
    /// Budget needed with 90% confidence.
    pub need_p90: f64,
    /// 95% interval of `need_p90`.
    pub need_p90_interval: [f64; 2],
    /// P(best) on the ranking metric.
    pub p_best: f64,
    /// P(best) among the options within budget.
    pub p_best_within_budget: f64,
}

/// Which option starts first.
#[derive(Debug, Clone, Serialize)]
pub struct StartChoice {
    /// The option most often first, with its share and the options too close to call.
    pub first: Choice,
    /// Each option with a service: name, median start (months after the start of year 0) and
    /// P(started within [`START_WITHIN_MONTHS`]).
    pub options: Vec<StartRow>,
    /// [`START_WITHIN_MONTHS`].
    pub within_months: f64,
    /// The first month of year 0, "YYYY-MM".
    pub from: String,
}

/// When one option starts.
#[derive(Debug, Clone, Serialize)]
pub struct StartRow {
    /// Option name.
    pub name: String,
    /// Median start month.
    pub p50: f64,
    /// P(start within [`START_WITHIN_MONTHS`] months).
    pub p_within: f64,
    /// P(starting first).
    pub p_first: f64,
}

/// The variant a document is of.
#[derive(Debug, Clone, Serialize)]
pub struct VariantNote {
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: Option<String>,
    /// Its overrides, in order.
    pub overrides: Vec<String>,
}

/// The choices under one run beside the document: the base scenario or a variant.
#[derive(Debug, Clone, Serialize)]
pub struct VariantChoice {
    /// The variant's name, or "base".
    pub name: String,
    /// Its description (none for the base).
    pub description: Option<String>,
    /// Its overrides.
    pub overrides: Vec<String>,
    /// True for the run this document is of.
    pub current: bool,
    /// Why it could not be run with this document's overrides, if it could not.
    pub error: Option<String>,
    /// The budget in words under it.
    pub budget: Option<String>,
    /// Years appraised under it.
    pub horizon_years: u32,
    /// The choice on the ranking metric.
    pub unconstrained: Option<Choice>,
    /// The choice within budget.
    pub within_budget: Option<Choice>,
    /// True when the two differ.
    pub differ: bool,
    /// True when the unconstrained choice differs from the base scenario's.
    pub changes_choice: bool,
    /// True when the choice within budget differs from the base scenario's.
    pub changes_within: bool,
    /// Each option under it.
    pub options: Vec<VariantOption>,
}

/// One option under one variant.
#[derive(Debug, Clone, Serialize)]
pub struct VariantOption {
    /// Option name.
    pub name: String,
    /// Median total real cost (£).
    pub cost_p50: f64,
    /// Mean of the ranking metric.
    pub ranking_mean: f64,
    /// P(over budget).
    pub p_over_budget: f64,
    /// P(best).
    pub p_best: f64,
    /// P(best) within budget.
    pub p_best_within_budget: f64,
    /// Budget needed with 80% confidence (£ cash).
    pub need_p80: f64,
}

/// The budget in words: "£100,000 a year", "£169,675 in total".
pub fn budget_words(budget: Option<Budget>) -> Option<String> {
    budget.map(|b| match b {
        Budget::Annual(x) => format!("{} a year", money(x)),
        Budget::Total(x) => format!("{} in total", money(x)),
    })
}

fn name_of(r: &Results, id: &str) -> String {
    r.options
        .iter()
        .find(|o| o.id == id)
        .map_or_else(|| id.to_string(), |o| o.name.clone())
}

/// The choice `id` among shares `p`, with its error and the options too close to call: those
/// whose share differs from the choice's by at most twice the MCSE of the difference (`lead`).
fn choice(r: &Results, id: &str, p: &IdMap, mcse: &IdMap, lead: &IdMap) -> Option<Choice> {
    if id.is_empty() {
        return None;
    }
    let p_best = p.get(id);
    let too_close = p
        .too_close_to(id, lead)
        .iter()
        .map(|other| Rival {
            name: name_of(r, other),
            p_best: p.get(other),
        })
        .collect();
    Some(Choice {
        id: id.to_string(),
        name: name_of(r, id),
        p_best,
        mcse: mcse.get(id),
        p_over_budget: r
            .options
            .iter()
            .find(|o| o.id == id)
            .map_or(f64::NAN, |o| o.p_over_budget),
        too_close,
    })
}

/// The choice without and within the budget in `r`.
fn choices(r: &Results) -> (Option<Choice>, Option<Choice>) {
    let c = &r.comparison;
    let w = &c.within_budget;
    let unconstrained = choice(
        r,
        &c.most_often_best,
        &c.probability_best,
        &c.probability_best_mcse,
        &c.lead_mcse,
    );
    let within = r.budget.and_then(|_| {
        choice(
            r,
            &w.most_often_best,
            &w.probability_best,
            &w.probability_best_mcse,
            &w.lead_mcse,
        )
    });
    (unconstrained, within)
}

fn differ(a: &Option<Choice>, b: &Option<Choice>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.id != b.id)
}

fn affordability(o: &OptionResult) -> Affordability {
    let need = o.budget_needed;
    let at = |f: fn(&crate::affordability::BudgetNeeded) -> f64| need.as_ref().map_or(f64::NAN, f);
    let excess = o.over_budget_by;
    Affordability {
        name: o.name.clone(),
        baseline: o.kind == OptionKind::Baseline.name(),
        p_over_budget: o.p_over_budget,
        p_over_budget_mcse: o.p_over_budget_mcse,
        excess_p50: excess.map_or(0.0, |e| e.p50),
        excess_p90: excess.map_or(0.0, |e| e.p90),
        need_p80: at(|b| b.p80),
        need_p80_interval: need.map_or([f64::NAN; 2], |b| b.p80_interval),
        need_p90: at(|b| b.p90),
        need_p90_interval: need.map_or([f64::NAN; 2], |b| b.p90_interval),
        p_best: o.p_best,
        p_best_within_budget: o.p_best_within_budget,
    }
}

/// Which option starts first, from the run's start months.
fn start(run: &Run) -> Option<StartChoice> {
    let r = &run.results;
    let s = &r.comparison.starts_first;
    let first = choice(r, &s.most_often, &s.probability, &s.mcse, &s.lead_mcse)?;
    let columns = &run.simulation.columns;
    let options = s
        .probability
        .0
        .iter()
        .filter_map(|(id, p)| {
            let o = r.options.iter().position(|x| &x.id == id)?;
            let starts = &columns.columns[o][col::START_MONTH];
            let within = starts.iter().filter(|m| **m <= START_WITHIN_MONTHS).count() as f64
                / columns.n as f64;
            Some(StartRow {
                name: r.options[o].name.clone(),
                p50: r.options[o]
                    .metrics
                    .get("start_month")
                    .map_or(f64::NAN, |m| m.p50),
                p_within: within,
                p_first: *p,
            })
        })
        .collect();
    Some(StartChoice {
        first,
        options,
        within_months: START_WITHIN_MONTHS,
        from: r.start.clone(),
    })
}

/// The choices under each run beside the document.
fn variants(runs: &[Alongside], ranking: &str) -> Vec<VariantChoice> {
    let base = runs
        .first()
        .and_then(|b| b.results.as_ref().ok())
        .map(choices);
    runs.iter()
        .map(|a| {
            let (name, description, overrides) = match &a.variant {
                Some(v) => (v.name.clone(), v.description.clone(), v.set.clone()),
                None => ("base".to_string(), None, Vec::new()),
            };
            let mut out = VariantChoice {
                name,
                description,
                overrides,
                current: a.current,
                error: a.results.as_ref().err().cloned(),
                budget: None,
                horizon_years: 0,
                unconstrained: None,
                within_budget: None,
                differ: false,
                changes_choice: false,
                changes_within: false,
                options: Vec::new(),
            };
            if let Ok(r) = &a.results {
                let (u, w) = choices(r);
                let id = |c: &Option<Choice>| c.as_ref().map(|c| c.id.clone());
                if let Some((bu, bw)) = &base {
                    out.changes_choice = id(&u) != id(bu);
                    out.changes_within = id(&w) != id(bw);
                }
                out.differ = differ(&u, &w);
                out.unconstrained = u;
                out.within_budget = w;
                out.budget = budget_words(r.budget);
                out.horizon_years = r.horizon_years;
                out.options = r
                    .options
                    .iter()
                    .map(|o| {
                        let m = |n: &str| o.metrics.get(n).map_or(f64::NAN, |s| s.mean);
                        VariantOption {
                            name: o.name.clone(),
                            cost_p50: o.metrics.get("cost").map_or(f64::NAN, |s| s.p50),
                            ranking_mean: m(ranking),
                            p_over_budget: o.p_over_budget,
                            p_best: o.p_best,
                            p_best_within_budget: o.p_best_within_budget,
                            need_p80: o.budget_needed.map_or(f64::NAN, |b| b.p80),
                        }
                    })
                    .collect();
            }
            out
        })
        .collect()
}

/// What a question's `variant(name)` sees of one run.
#[derive(Debug, Clone, Serialize)]
struct VariantView {
    name: String,
    description: Option<String>,
    budget: Option<String>,
    best: Option<Choice>,
    best_within_budget: Option<Choice>,
    option: BTreeMap<String, OptionResult>,
}

/// Each run beside the document as questions see it, by name ("base" first).
fn views(runs: &[Alongside]) -> Vec<(String, Result<Value, String>)> {
    runs.iter()
        .map(|a| {
            let name = a
                .variant
                .as_ref()
                .map_or("base", |v| v.name.as_str())
                .to_string();
            let view = a.results.as_ref().map_err(Clone::clone).map(|r| {
                let (best, best_within_budget) = choices(r);
                Value::from(Serde(&VariantView {
                    name: name.clone(),
                    description: a.variant.as_ref().and_then(|v| v.description.clone()),
                    budget: budget_words(r.budget),
                    best,
                    best_within_budget,
                    option: r
                        .options
                        .iter()
                        .map(|o| (o.id.clone(), o.clone()))
                        .collect(),
                }))
            });
            (name, view)
        })
        .collect()
}

/// Everything the decision summary of `run` states, with `runs` (the base scenario and each
/// variant) beside it.
///
/// # Errors
/// A question whose answer cannot be filled in.
pub fn prepare(run: &Run, runs: &[Alongside]) -> Result<Decision, QuestionError> {
    let r = &run.results;
    let (unconstrained, within_budget) = choices(r);
    let ranking = &r.comparison.ranking_metric;
    let a = &r.audit;
    let m = metric::find(ranking, r.years.len());
    Ok(Decision {
        ranking_label: m.map_or("the ranking metric", |m| m.phrase).to_string(),
        ranking_money: m.is_some_and(|m| m.unit.is_money()),
        iterations: a.iterations,
        budget: budget_words(r.budget),
        budget_total: matches!(r.budget, Some(Budget::Total(_))),
        differ: differ(&unconstrained, &within_budget),
        unconstrained,
        within_budget,
        none_within: r.comparison.within_budget.none_within,
        options: r.options.iter().map(affordability).collect(),
        start: start(run),
        variants: if runs.len() > 1 {
            variants(runs, ranking)
        } else {
            Vec::new()
        },
        this_variant: a.variant.as_ref().map(|name| VariantNote {
            name: name.clone(),
            description: a.variant_description.clone(),
            overrides: a.variant_overrides.clone(),
        }),
        baseline_missing: !r
            .options
            .iter()
            .any(|o| o.kind == OptionKind::Baseline.name()),
        reference: r.comparison.reference.as_ref().map(|id| name_of(r, id)),
        questions: answer_questions(run, views(runs))?,
    })
}
