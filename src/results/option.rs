//! The part of a summary that reads all of one option's columns ([`summarise_option`]), and the
//! columns that the rest of it reads ([`compared_columns`]), so that a run may summarise its
//! options one at a time ([`crate::engine::by_option`]).

use super::{metric_values, ranking_metric};
use crate::affordability::{self, BudgetNeeded, Excess};
use crate::engine::model::Model;
use crate::engine::simulate::exceeds;
use crate::metric::{self, Derive, Metric, col};
use crate::scenario::Scenario;
use crate::stats::{self, Summary};
use rayon::prelude::*;

/// The stored columns that the comparison of the options reads once every option is summarised
/// ([`summarise_parts`](super::summarise_parts)), `[option][column]`: those of the ranking
/// metric, and `start_month` for the options that deliver a service. (`over_budget` it reads
/// from [`OptionSummary::over_budget`].)
pub fn compared_columns(s: &Scenario, years: usize) -> Vec<Vec<bool>> {
    let ranking = metric::find(&ranking_metric(s), years).expect("ranking metric is known");
    s.options
        .iter()
        .map(|o| {
            let mut keep = vec![false; metric::stored_columns(years)];
            let mut k = metric::stored_inputs(&ranking, years);
            if !o.reach.is_empty() {
                k.push(col::START_MONTH);
            }
            k.into_iter().for_each(|k| keep[k] = true);
            keep
        })
        .collect()
}

/// What summarising one option needs all of its columns for: the summary of each metric, in the
/// order of [`metric::names`], the budgets it needs, and in which iterations it is over budget.
#[derive(Debug, Clone)]
pub struct OptionSummary {
    pub(super) summaries: Vec<Summary>,
    pub(super) budget_needed: Option<(BudgetNeeded, Option<Excess>)>,
    pub(super) over_budget: Vec<bool>,
}

/// Summarises one option from its stored columns `c` over `n` iterations.
pub fn summarise_option(model: &Model, c: &[Vec<f64>], n: usize) -> OptionSummary {
    let summaries = vec![None; metric::names(model.years).len()];
    summarise_rest(model, c, n, summaries)
}

/// Summarises one option from its stored columns `c` over `n` iterations, as
/// [`summarise_option`], for [`crate::engine::by_option::run_by_option`], which then empties
/// every column `k` without `keep[k]`.
///
/// An empty `over_budget` column (one not stored: [`crate::engine::by_option`]) is filled in
/// from the cash columns. The columns that only their own summary reads are summarised first,
/// and emptied, before the work that needs columns of its own (`over_budget`, `peak_cash`, the
/// budgets needed), so that it does not add to the most memory held.
pub fn summarise_releasing(
    model: &Model,
    c: &mut [Vec<f64>],
    n: usize,
    keep: &[bool],
) -> OptionSummary {
    let years = model.years;
    let metrics = metrics(years);
    // Columns that more than their own summary reads: the derived metrics', the cash.
    let mut shared = vec![false; c.len()];
    for m in &metrics {
        if !matches!(m.derive, Derive::Stored(_)) {
            metric::stored_inputs(m, years)
                .into_iter()
                .for_each(|k| shared[k] = true);
        }
    }
    let alone = |m: &Metric| match m.derive {
        Derive::Stored(k) => !keep[k] && !shared[k] && !c[k].is_empty(),
        _ => false,
    };
    let first: Vec<usize> = (0..metrics.len()).filter(|&i| alone(&metrics[i])).collect();
    let mut summaries: Vec<Option<Summary>> = vec![None; metrics.len()];
    let done: Vec<(usize, Summary)> = first
        .par_iter()
        .map(|&i| (i, summarise_metric(c, n, &metrics[i])))
        .collect();
    for (i, s) in done {
        if let Derive::Stored(k) = metrics[i].derive {
            c[k] = Vec::new();
        }
        summaries[i] = Some(s);
    }
    if c[col::OVER_BUDGET].is_empty() {
        let by_year = &c[col::CASH0..col::CASH0 + years];
        let over = (0..n)
            .into_par_iter()
            .map_init(
                || vec![0.0; years],
                |cash, i| {
                    cash.iter_mut()
                        .zip(by_year)
                        .for_each(|(x, column)| *x = column[i]);
                    if exceeds(model.budget, cash) {
                        1.0
                    } else {
                        0.0
                    }
                },
            )
            .collect();
        c[col::OVER_BUDGET] = over;
    }
    summarise_rest(model, c, n, summaries)
}

/// Summarises an option run once, whose stored metrics are `row` in each of `n` iterations, as
/// [`summarise_option`] summarises `n` copies of it, without making them.
pub fn summarise_constant(model: &Model, row: &[f64], n: usize) -> OptionSummary {
    let years = model.years;
    let summaries = metrics(years)
        .par_iter()
        .map(|m| {
            let value = metric::derive(m, |k| row[k], years);
            stats::summarise_by(|| std::iter::repeat_n(value, n))
        })
        .collect();
    OptionSummary {
        summaries,
        budget_needed: affordability::constant_budget_needed(
            &row[col::CASH0..col::CASH0 + years],
            model.budget,
            n,
        ),
        over_budget: vec![row[col::OVER_BUDGET] != 0.0; n],
    }
}

/// The summary of metric `m` from one option's stored columns `c` over `n` iterations. A
/// difference or a ratio of two columns is worked out again in each pass of the summary, as
/// [`metric::derive_column`] works it, rather than written out: that is no slower, and takes
/// no memory.
fn summarise_metric(c: &[Vec<f64>], n: usize, m: &Metric) -> Summary {
    match m.derive {
        Derive::Difference(a, b) => {
            stats::summarise_by(|| c[a].iter().zip(&c[b]).map(|(x, y)| x - y))
        }
        Derive::Ratio(a, b) => {
            stats::summarise_by(|| c[a].iter().zip(&c[b]).map(|(x, y)| metric::ratio(*x, *y)))
        }
        _ => stats::summarise(&metric_values(c, n, m)),
    }
}

/// The value of metric `name` of an option run once, from its one row of stored metrics `row`
/// ([`crate::engine::Columns::constant`]). `None` for an unknown name.
pub fn constant_metric(row: &[f64], name: &str) -> Option<f64> {
    let years = row.len() - col::CASH0;
    let m = metric::find(name, years)?;
    Some(metric::derive(&m, |k| row[k], years))
}

/// Every metric of a model of `years` years, in the order of [`metric::names`].
fn metrics(years: usize) -> Vec<Metric> {
    metric::names(years)
        .iter()
        .map(|m| metric::find(m, years).expect("known metric"))
        .collect()
}

/// The summary of one option: `summaries` with every metric not yet summarised filled in, the
/// budgets it needs and the iterations in which it is over budget.
fn summarise_rest(
    model: &Model,
    c: &[Vec<f64>],
    n: usize,
    mut summaries: Vec<Option<Summary>>,
) -> OptionSummary {
    let years = model.years;
    let metrics = metrics(years);
    let rest: Vec<usize> = (0..metrics.len())
        .filter(|i| summaries[*i].is_none())
        .collect();
    let cash: Vec<&[f64]> = (0..years).map(|y| &c[col::CASH0 + y][..]).collect();
    let (done, budget_needed) = rayon::join(
        || {
            rest.par_iter()
                .map(|&i| (i, summarise_metric(c, n, &metrics[i])))
                .collect::<Vec<_>>()
        },
        || affordability::option_budget_needed(&cash, model.budget),
    );
    for (i, s) in done {
        summaries[i] = Some(s);
    }
    OptionSummary {
        summaries: summaries
            .into_iter()
            .map(|s| s.expect("every metric"))
            .collect(),
        budget_needed,
        over_budget: c[col::OVER_BUDGET].iter().map(|x| *x != 0.0).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A metric summarised from its columns as it is read is the summary of the column that
    /// [`metric::derive_column`] writes out, bit for bit (zero divisors and NaN included).
    #[test]
    fn a_derived_metric_read_in_passes_is_summarised_as_its_column() {
        let years = 2;
        let n = 5_000;
        let c: Vec<Vec<f64>> = (0..metric::stored_columns(years))
            .map(|k| {
                (0..n)
                    .map(|i| match (i * 7 + k * 13) % 97 {
                        0 => 0.0,
                        1 => f64::NAN,
                        r => (r as f64 - 40.0) * 1.37e3 / (k as f64 + 1.0),
                    })
                    .collect()
            })
            .collect();
        for m in metrics(years) {
            let read = summarise_metric(&c, n, &m);
            let written = stats::summarise(&metric::derive_column(&m, &c, n, years));
            assert_eq!(format!("{read:?}"), format!("{written:?}"), "{}", m.name);
        }
    }
}
