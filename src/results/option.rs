//! The part of a summary that reads all of one option's columns ([`summarise_option`]), and the
//! columns that the rest of it reads ([`compared_columns`]), so that a run may summarise its
//! options one at a time ([`crate::engine::by_option`]).

use super::{option_metric, ranking_metric};
use crate::affordability::{self, BudgetNeeded, Excess};
use crate::engine::model::Model;
use crate::metric::{self, col};
use crate::scenario::Scenario;
use crate::stats::{self, Summary};
use rayon::prelude::*;

/// The stored columns that the comparison of the options reads once every option is summarised
/// ([`summarise_parts`](super::summarise_parts)), `[option][column]`: those of the ranking metric and `over_budget`, and
/// `start_month` for the options that deliver a service.
pub fn compared_columns(s: &Scenario, years: usize) -> Vec<Vec<bool>> {
    let ranking = metric::find(&ranking_metric(s), years).expect("ranking metric is known");
    s.options
        .iter()
        .map(|o| {
            let mut keep = vec![false; metric::stored_columns(years)];
            let mut k = metric::stored_inputs(&ranking, years);
            k.push(col::OVER_BUDGET);
            if !o.reach.is_empty() {
                k.push(col::START_MONTH);
            }
            k.into_iter().for_each(|k| keep[k] = true);
            keep
        })
        .collect()
}

/// What summarising one option needs all of its columns for: the summary of each metric, in the
/// order of [`metric::names`], and the budgets it needs.
#[derive(Debug, Clone)]
pub struct OptionSummary {
    pub(super) summaries: Vec<Summary>,
    pub(super) budget_needed: Option<(BudgetNeeded, Option<Excess>)>,
}

/// Summarises one option from its stored columns `c` over `n` iterations.
pub fn summarise_option(model: &Model, c: &[Vec<f64>], n: usize) -> OptionSummary {
    let summaries = metric::names(model.years)
        .par_iter()
        .map(|m| stats::summarise(&option_metric(c, n, m).expect("known metric")))
        .collect();
    let cash: Vec<&[f64]> = (0..model.years).map(|y| &c[col::CASH0 + y][..]).collect();
    OptionSummary {
        summaries,
        budget_needed: affordability::option_budget_needed(&cash, model.budget),
    }
}
