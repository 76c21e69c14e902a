//! Plausibility: figures of a valid scenario, or of its results, that are almost certainly
//! mistakes (units mixed, a figure per week where a year is meant). They do not stop a run;
//! `run`, `report` and `validate` print them on stderr like the scenario's own warnings.
//!
//! - A mean net present value, or a median cost per person engaged or per completion, more than
//!   [`RESULT_FACTOR`] times the option's mean total cost.
//! - Capacity more than [`CAPACITY_FACTOR`] times the referrals an option can reach.
//! - A cost per case or per completion (mean) above the budget.

use crate::diag::{Problem, Span};
use crate::dist::Dist;
use crate::format::{money, num};
use crate::run::Run;
use crate::scenario::{Basis, Budget, Capacity, OptionSpec, QuantityRef, Scenario};

/// A result more than this many times the option's total cost is almost certainly a mistake.
pub const RESULT_FACTOR: f64 = 100.0;

/// Capacity more than this many times the referrals an option can reach is almost certainly
/// a mistake.
pub const CAPACITY_FACTOR: f64 = 10.0;

/// Every plausibility warning about a run, option by option.
pub fn warnings(run: &Run) -> Vec<Problem> {
    let s = &run.loaded.scenario;
    let mut out = Vec::new();
    for (o, spec) in run.results.options.iter().zip(&s.options) {
        let m = |name: &str| o.metrics.get(name).copied();
        let Some(cost) = m("cost").map(|c| c.mean).filter(|c| *c > 0.0) else {
            continue;
        };
        let limit = RESULT_FACTOR * cost;
        let path = format!("options.{}", o.id);
        if let Some(npv) = m("npv").map(|x| x.mean).filter(|x| x.abs() > limit) {
            let at = spec
                .outcomes
                .first()
                .and_then(|x| span(s, &x.value).or_else(|| span(s, &x.effect)));
            out.push(
                Problem::new(
                    format!("{path}.outcomes"),
                    at,
                    format!(
                        "the mean net present value, {}, is more than {} times the option's mean total cost, {}",
                        money(npv),
                        RESULT_FACTOR,
                        money(cost)
                    ),
                )
                .allowed("benefits of the same order as the costs: check that each outcome's effect and value are per person and in the same units (hours a week and hours a year mixed, say)"),
            );
        }
        for (metric, who) in [
            ("cost_per_engaged", "person engaged"),
            ("cost_per_completion", "completion"),
        ] {
            if let Some(per) = m(metric).map(|x| x.p50).filter(|x| *x > limit) {
                out.push(
                    Problem::new(
                        path.clone(),
                        span(s, &spec.completion).or_else(|| span(s, &spec.engagement)),
                        format!(
                            "the median cost per {who}, {}, is more than {} times the option's mean total cost, {}: almost no one is reached",
                            money(per),
                            RESULT_FACTOR,
                            money(cost)
                        ),
                    )
                    .allowed("check the option's reach, capacity and shares: a share written as a percentage (70 for 0.7), or a count per year written per week"),
                );
            }
        }
    }
    out.extend(input_warnings(s));
    out
}

/// The warnings that the inputs alone give: capacity far above demand, a cost per case above
/// the budget.
pub fn input_warnings(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    for o in &s.options {
        out.extend(capacity_warning(s, o));
        let budget = match s.appraisal.budget {
            Some(Budget::Annual(b)) => Some((b, "annual budget")),
            Some(Budget::Total(b)) => Some((b, "total budget")),
            None => None,
        };
        let Some((budget, which)) = budget else {
            continue;
        };
        for (i, c) in o.costs.iter().enumerate() {
            let per = match c.basis {
                Basis::PerCase => "case",
                Basis::PerCompletion => "completion",
                Basis::Annual | Basis::OneOff => continue,
            };
            let amount = dist(s, &c.amount).mean();
            if amount > budget {
                out.push(
                    Problem::new(
                        format!("options.{}.costs[{i}].amount", o.id),
                        span(s, &c.amount),
                        format!(
                            "the cost per {per} of '{}', {} on average, is more than the {which} of {}",
                            c.name,
                            money(amount),
                            money(budget)
                        ),
                    )
                    .allowed("a cost for one person: is this a cost a year, or for every case together?"),
                );
            }
        }
    }
    out
}

/// Capacity far above the referrals the option can reach.
fn capacity_warning(s: &Scenario, o: &OptionSpec) -> Option<Problem> {
    let mean = |q: &QuantityRef| dist(s, q).mean();
    let (places, at) = match o.capacity.as_ref()? {
        Capacity::Places(q) => (mean(q), span(s, q)),
        Capacity::Caseload {
            fte,
            caseload,
            duration_weeks,
        } => (
            mean(fte) * mean(caseload) * 52.0 / mean(duration_weeks).max(1.0),
            span(s, caseload),
        ),
    };
    let reachable: f64 = o
        .reach
        .iter()
        .map(|(d, share)| mean(&s.demand[*d].per_year) * mean(share))
        .sum();
    if reachable <= 0.0 || places <= CAPACITY_FACTOR * reachable {
        return None;
    }
    Some(
        Problem::new(
            format!("options.{}.capacity", o.id),
            at,
            format!(
                "capacity is far above demand: about {} places a year for about {} referrals a year that the option can reach ({} times as many)",
                num(places, 0),
                num(reachable, 1),
                num(places / reachable, 0)
            ),
        )
        .allowed("places a year of the same order as the referrals: is a caseload or a duration per week or per month where a year is meant, or a duration in days where weeks are meant?"),
    )
}

/// The distribution a quantity stands for.
fn dist<'a>(s: &'a Scenario, q: &'a QuantityRef) -> &'a Dist {
    &q.resolve(s).dist
}

/// Where a quantity (or the parameter it names) is written.
fn span(s: &Scenario, q: &QuantityRef) -> Option<Span> {
    q.resolve(s).span.clone()
}
