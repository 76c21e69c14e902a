//! Chart data: everything the report's charts show that is computed from the iterations or
//! the summaries, as plain serialisable structs. The renderers in `render::charts` draw these
//! and compute nothing over iterations themselves.
//!
//! - [`cost`]: histograms of each option's total cost on shared bins;
//! - [`cloud`]: cost against completions, thinned to a point cloud, with medians;
//! - [`plane`]: incremental effect against incremental cost, thinned, with means;
//! - [`ranks`]: each option's rank acceptabilities in the multi-criteria appraisal;
//! - [`summaries`]: cash by year, people, tornado bars, the acceptability curve and sweeps;
//! - [`scale`]: round numbers for scales, shared by the data step and the drawing.

pub mod cloud;
pub mod cost;
pub mod plane;
pub mod ranks;
pub mod scale;
pub mod summaries;

pub use cloud::{CloudColumns, CloudOption, CostCompletions, cost_vs_completions};
pub use cost::{CostColumn, CostDistribution, OptionCost, cost_distribution};
pub use plane::{CePlane, PlaneMean, PlaneOption, PlaneSeries, ce_plane, differences};
pub use ranks::RankAcceptability;
pub use scale::{Scale, nice_step};
pub use summaries::{
    Acceptability, CashByYear, CashSeries, PeopleBars, SweepLines, Tornado, TornadoBar,
    cash_by_year, occurrence_ends, people,
};

use crate::engine::Columns;
use crate::metric::col;
use crate::results::Results;
use serde::Serialize;

/// The data of the four charts of a run's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultsCharts {
    /// The distribution of each option's total cost.
    pub cost: CostDistribution,
    /// Cash by financial year.
    pub cash: CashByYear,
    /// People engaged and completing.
    pub people: Vec<PeopleBars>,
    /// Cost against completions.
    pub cloud: CostCompletions,
}

/// The data of the four charts of a run's results, from its columns and its summaries, with
/// at most `max_points` points per option in the point cloud.
///
/// # Panics
/// If `results` is not the summary of `run` (an option or metric missing).
pub fn results_charts(run: &Columns, results: &Results, max_points: usize) -> ResultsCharts {
    let metric = |o: usize, name: &str| results.options[o].metrics.get(name).expect("metric");
    let cost: Vec<CostColumn<'_>> = results
        .options
        .iter()
        .enumerate()
        .map(|(o, opt)| CostColumn {
            name: &opt.name,
            values: &run.columns[o][col::COST],
            summary: metric(o, "cost"),
        })
        .collect();
    let cloud: Vec<CloudColumns<'_>> = results
        .options
        .iter()
        .enumerate()
        .map(|(o, opt)| CloudColumns {
            name: &opt.name,
            cost: &run.columns[o][col::COST],
            completions: &run.columns[o][col::COMPLETIONS],
            cost_summary: metric(o, "cost"),
            completions_summary: metric(o, "completions"),
        })
        .collect();
    ResultsCharts {
        cost: cost_distribution(&cost),
        cash: cash_by_year(results),
        people: people(results),
        cloud: cost_vs_completions(&cloud, max_points),
    }
}

/// The smallest and largest of some finite values, if there are any.
pub fn span(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
}
