//! The summary of a run: one serialisable type that every document reads. Its JSON shape is a
//! contract, documented in `docs/model.md` section 10.

use crate::affordability::{self, BudgetNeeded, Excess, Figures, OptionColumns, Shares};
use crate::engine::model::{InputRole, Model};
use crate::engine::sample::STREAMS;
use crate::engine::{Columns, Simulation};
use crate::metric::{self, Derive, Metric, col};
use crate::scenario::{Budget, Loaded, QuantityRef, Scenario, Swot};
use crate::stats::{self, Summary};
use rayon::prelude::*;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::borrow::Cow;

mod option;
pub use option::{
    OptionSummary, compared_columns, constant_metric, summarise_constant, summarise_option,
    summarise_releasing,
};

/// Everything a run found.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// Title of the appraisal.
    pub title: String,
    /// The authority making the decision.
    pub authority: Option<String>,
    /// The decision being made.
    pub context: Option<String>,
    /// First month of year 0, "YYYY-MM".
    pub start: String,
    /// Years appraised.
    pub horizon_years: u32,
    /// Label of each year of the horizon (financial years such as "2026/27" when year 0 starts
    /// in April).
    pub years: Vec<String>,
    /// Prices are real at this year's prices.
    pub price_base_year: i32,
    /// Real discount rate per year.
    pub discount_rate: f64,
    /// Real-to-cash uplift per year.
    pub cash_uplift: f64,
    /// The budget, if any (£ cash).
    pub budget: Option<Budget>,
    /// One entry per option, in scenario order.
    pub options: Vec<OptionResult>,
    /// How the options compare.
    pub comparison: Comparison,
    /// Every input: its distribution, exact percentiles and source.
    pub inputs: Vec<InputInfo>,
    /// What documents call the people counted per case (`victims`, `children`).
    pub outcome_names: OutcomeLabels,
    /// What produced these results.
    pub audit: Audit,
    /// Target and achieved rank correlations between parameters (absent when none are set).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub correlations: Vec<CorrelationResult>,
}

/// The names documents give the people counted by `victims_per_case` and
/// `children_per_case`: the scenario's `appraisal.outcome_names`, else the defaults; `None` when
/// no option sets the count (documents leave its row out).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeLabels {
    /// Label of the metric `victims` ("Victims supported" unless the scenario names it).
    pub victims: Option<String>,
    /// Label of the metric `children` ("Children supported" unless the scenario names it).
    pub children: Option<String>,
}

impl OutcomeLabels {
    /// The labels of a scenario's counts.
    pub fn of(s: &Scenario) -> OutcomeLabels {
        let set = |q: fn(&crate::scenario::OptionSpec) -> &QuantityRef| {
            s.options.iter().any(|o| match q(o) {
                QuantityRef::Own(x) => {
                    let zero = x.dist.is_fixed() && x.dist.mean() == 0.0;
                    !(x.is_default || zero)
                }
                QuantityRef::Param(_) => true,
            })
        };
        let names = &s.appraisal.outcome_names;
        let label = |used: bool, name: &Option<String>, default: &str| {
            used.then(|| name.clone().unwrap_or_else(|| default.to_string()))
        };
        OutcomeLabels {
            victims: label(
                set(|o| &o.victims_per_case),
                &names.victims,
                "Victims supported",
            ),
            children: label(
                set(|o| &o.children_per_case),
                &names.children,
                "Children supported",
            ),
        }
    }
}

/// Results for one option.
#[derive(Debug, Clone, Serialize)]
pub struct OptionResult {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind of delivery (in_house, commissioned, partnership, baseline, other).
    pub kind: &'static str,
    /// Longer description.
    pub description: Option<String>,
    /// Statistics of every metric, by name (see [`crate::metric::names`]).
    pub metrics: Metrics,
    /// P(over budget): the mean of the 0/1 metric `over_budget`.
    pub p_over_budget: f64,
    /// P(best) on the ranking metric.
    pub p_best: f64,
    /// Monte Carlo standard error of `p_best` (docs/model.md section 7).
    pub p_best_mcse: f64,
    /// Monte Carlo standard error of `p_over_budget`: √(p(1 − p)/N).
    pub p_over_budget_mcse: f64,
    /// P(best) among the options within budget in each iteration (docs/model.md section 7).
    pub p_best_within_budget: f64,
    /// Monte Carlo standard error of `p_best_within_budget`.
    pub p_best_within_budget_mcse: f64,
    /// The budget this option needs to stay within it with 80% and 90% confidence (£ cash, of
    /// the scenario's kind of budget, annual when it has none).
    pub budget_needed: Option<BudgetNeeded>,
    /// By how much its cash exceeds the budget, in its worst year or in total (absent without a
    /// budget).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over_budget_by: Option<Excess>,
    /// The risk register of this option.
    pub risks: Vec<RiskInfo>,
    /// SWOT items as written (templates).
    pub swot: Swot,
}

/// A risk event's probability and impact, for the risk register.
#[derive(Debug, Clone, Serialize)]
pub struct RiskInfo {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Probability that it occurs: the mean of its (possibly uncertain) probability, which is
    /// exactly the chance of occurrence in any one iteration.
    pub probability: f64,
    /// Mean delay to the start when it occurs (months).
    pub delay_months: f64,
    /// Mean extra cost when it occurs (£, real, before optimism bias).
    pub extra_cost: f64,
    /// Mean factor on capacity when it occurs.
    pub capacity_factor: f64,
}

/// Statistics of every metric of an option, in a fixed order.
#[derive(Debug, Clone)]
pub struct Metrics(pub Vec<(String, Summary)>);

impl Metrics {
    /// The statistics of metric `name`.
    pub fn get(&self, name: &str) -> Option<&Summary> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }
}

impl Serialize for Metrics {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_pairs(&self.0, s)
    }
}

/// How the options compare on the ranking metric.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The metric that ranks options (`cost` and `cost_pv` rank lowest first).
    pub ranking_metric: String,
    /// Share of iterations in which each option is best (ties shared), by option id.
    pub probability_best: IdMap,
    /// The option with the highest probability of being best.
    pub most_often_best: String,
    /// The option with the best mean of the ranking metric.
    pub best_by_mean: String,
    /// Monte Carlo standard error of each option's P(best).
    pub probability_best_mcse: IdMap,
    /// Monte Carlo standard error of the difference between the P(best) of `most_often_best`
    /// and each option's (0 for itself): two options whose P(best) differ by less than twice
    /// this are too close to call at this number of iterations.
    pub lead_mcse: IdMap,
    /// The same comparison among the options within budget in each iteration.
    pub within_budget: WithinBudget,
    /// Which option starts first, among the options that deliver a service.
    pub starts_first: StartsFirst,
    /// The option incremental figures are measured against: the option of kind `baseline`,
    /// else the scenario's `appraisal.reference`; absent when there is neither, and incremental
    /// figures are left out.
    pub reference: Option<String>,
}

/// The comparison among the options within budget in each iteration (docs/model.md section 7).
#[derive(Debug, Clone, Serialize)]
pub struct WithinBudget {
    /// Share of iterations in which each option is best among those within budget, by id.
    pub probability_best: IdMap,
    /// Monte Carlo standard error of each share.
    pub probability_best_mcse: IdMap,
    /// As `Comparison::lead_mcse`, within budget.
    pub lead_mcse: IdMap,
    /// The option most often best within budget (empty when no option is ever within it).
    pub most_often_best: String,
    /// Share of iterations in which no option is within budget (left out of the shares).
    pub none_within: f64,
}

/// Which option starts first: the share of iterations in which each option that delivers a
/// service (reaches some demand) has the earliest start, ties shared.
#[derive(Debug, Clone, Serialize)]
pub struct StartsFirst {
    /// Share of iterations in which each option with a service starts first, by id.
    pub probability: IdMap,
    /// Monte Carlo standard error of each share.
    pub mcse: IdMap,
    /// As `Comparison::lead_mcse`, for starting first.
    pub lead_mcse: IdMap,
    /// The option most often first (empty when no option delivers a service).
    pub most_often: String,
}

/// A map from option id to a number, in scenario order.
#[derive(Debug, Clone)]
pub struct IdMap(pub Vec<(String, f64)>);

impl IdMap {
    /// The number of option `id`; NaN when it has none.
    pub fn get(&self, id: &str) -> f64 {
        self.0
            .iter()
            .find(|(k, _)| k == id)
            .map_or(f64::NAN, |(_, v)| *v)
    }

    /// The options (ids) whose share differs from `leader`'s by at most twice the Monte Carlo
    /// standard error of the difference (`lead_mcse`, as `Comparison::lead_mcse`): too close to
    /// call at this number of iterations (docs/model.md section 7).
    pub fn too_close_to(&self, leader: &str, lead_mcse: &IdMap) -> Vec<String> {
        let top = self.get(leader);
        self.0
            .iter()
            .filter(|(id, x)| {
                id != leader && !x.is_nan() && (top - x).abs() <= 2.0 * lead_mcse.get(id)
            })
            .map(|(id, _)| id.clone())
            .collect()
    }
}

impl Serialize for IdMap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_pairs(&self.0, s)
    }
}

/// Ordered `(key, value)` pairs as a JSON object, keys in their order.
fn serialize_pairs<S: serde::Serializer, V: Serialize>(
    pairs: &[(String, V)],
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// A correlation the scenario asked for, and what the run achieved.
#[derive(Debug, Clone, Serialize)]
pub struct CorrelationResult {
    /// The two parameters' paths.
    pub between: [String; 2],
    /// Target Spearman rank correlation.
    pub target: f64,
    /// Spearman rank correlation of the run's draws.
    pub achieved: f64,
}

/// The rank correlations a run achieved between its correlated parameters.
pub fn achieved_correlations(model: &Model, columns: &Columns) -> Vec<CorrelationResult> {
    let Some(c) = &model.copula else {
        return Vec::new();
    };
    let local = |k: usize| c.members.iter().position(|x| *x == k).expect("member");
    c.targets
        .iter()
        .map(|&(a, b, target)| CorrelationResult {
            between: [model.inputs[a].path.clone(), model.inputs[b].path.clone()],
            target,
            achieved: stats::spearman(&columns.correlated[local(a)], &columns.correlated[local(b)]),
        })
        .collect()
}

/// One input, for the assumptions log.
#[derive(Debug, Clone, Serialize)]
pub struct InputInfo {
    /// Path in the scenario.
    pub path: String,
    /// The distribution as written, e.g. `pert(34000, 37000, 42000)`.
    pub distribution: String,
    /// Exact mean of the distribution.
    pub mean: f64,
    /// Exact 5th percentile.
    pub p5: f64,
    /// Exact median.
    pub p50: f64,
    /// Exact 95th percentile.
    pub p95: f64,
    /// Where the figure comes from.
    pub source: Option<String>,
    /// The scenario's note.
    pub note: Option<String>,
    /// True when the scenario left it out and the default applies.
    pub default: bool,
    /// Draws clamped into the input's allowed range.
    pub clamped: u64,
}

/// What produced the results, and how the document that shows them was asked for: everything
/// `appraise verify` needs to make the document again (docs/model.md section 9). Every document
/// embeds it as JSON ([`Audit::embedded`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    /// Version of appraise.
    pub version: String,
    /// The random streams' version ([`STREAMS`]); `None` in a record made before v3.
    #[serde(default)]
    pub streams: Option<String>,
    /// SHA-256 of the scenario file's bytes.
    pub scenario_sha256: String,
    /// The scenario file as given.
    pub scenario_file: String,
    /// Seed used.
    pub seed: u64,
    /// Iterations run.
    pub iterations: u64,
    /// Sampling method.
    pub method: String,
    /// Overrides typed on the command line (`--set`), in order.
    pub overrides: Vec<String>,
    /// The scenario's variant that was applied (its overrides come before `overrides`).
    pub variant: Option<String>,
    /// The variant's description, as the scenario writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_description: Option<String>,
    /// The variant's own overrides (`set`), in order; empty without a variant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variant_overrides: Vec<String>,
    /// The command and flags that made the document; `None` for results no command has
    /// claimed yet (each point of a sweep, say).
    pub document: Option<Recipe>,
}

/// The command and flags that made a document, beyond the run's own settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Recipe {
    /// `run`, `report` or `appendix`.
    pub command: String,
    /// `table`, `json` or `csv` (run); `md`, `html` or `xlsx` (report and appendix).
    pub format: String,
    /// The date printed in a report, "YYYY-MM-DD".
    pub date: Option<String>,
    /// `--wtp`: willingness to pay, £ per unit of `effect`.
    pub wtp: Option<f64>,
    /// `--effect`: the effect metric of the value-for-money analysis.
    pub effect: Option<String>,
    /// `--wtp-points`: points of the acceptability curve (run).
    pub wtp_points: Option<u64>,
    /// `--precision`: the relative Monte Carlo standard error run to (run).
    pub precision: Option<f64>,
    /// `--max-iterations` with `--precision` (run).
    pub max_iterations: Option<u64>,
    /// `--sweep` with `--values` or `--range` (report): each input and its values, in order.
    pub sweeps: Vec<SweepRecord>,
    /// The template that rendered the document (Markdown and HTML).
    pub template: Option<TemplateRecord>,
}

/// One swept input and its values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepRecord {
    /// The input, as a `--set` path.
    pub param: String,
    /// Its values, each as TOML.
    pub values: Vec<String>,
}

/// The template a document was rendered with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateRecord {
    /// The user's template (`--template`), as given; `None` for the built-in templates.
    pub file: Option<String>,
    /// SHA-256 of the template's text (of every built-in template, for the built-in ones).
    pub sha256: String,
}

/// Marks the audit record embedded in a document: `<!-- appraise-audit {…} -->` in Markdown and
/// HTML, the row of this name in a workbook's audit sheet.
pub const AUDIT_MARK: &str = "appraise-audit";

impl Audit {
    /// The record as one line of JSON that can sit in a Markdown or HTML comment: `<`, `>`, `&`
    /// and `--` (which appear only inside its strings) are written as JSON escapes, so that it
    /// reads back as the same JSON.
    pub fn embedded(&self) -> String {
        serde_json::to_string(self)
            .expect("an audit serialises")
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace("--", "\\u002d\\u002d")
    }
}

/// The column of metric `name` for option `o`: stored, or derived from stored columns (see
/// [`crate::metric::TABLE`]). NaN marks an undefined value. `None` for an unknown name.
pub fn metric_column<'c>(columns: &'c Columns, o: usize, name: &str) -> Option<Cow<'c, [f64]>> {
    match columns.constant.get(o) {
        Some(Some(row)) => {
            let value = constant_metric(row, name)?;
            Some(Cow::Owned(vec![value; columns.n]))
        }
        _ => option_metric(&columns.columns[o], columns.n, name),
    }
}

/// The column of metric `name` from one option's stored columns `c` over `n` iterations, as
/// [`metric_column`].
pub fn option_metric<'c>(c: &'c [Vec<f64>], n: usize, name: &str) -> Option<Cow<'c, [f64]>> {
    let years = c.len() - col::CASH0;
    Some(metric_values(c, n, &metric::find(name, years)?))
}

/// The column of metric `m` from one option's stored columns `c` over `n` iterations, as
/// [`option_metric`].
pub(crate) fn metric_values<'c>(c: &'c [Vec<f64>], n: usize, m: &Metric) -> Cow<'c, [f64]> {
    let years = c.len() - col::CASH0;
    match m.derive {
        Derive::Stored(k) => Cow::Borrowed(&c[k]),
        Derive::Cash(y) => Cow::Borrowed(&c[col::CASH0 + y]),
        _ => Cow::Owned(metric::derive_column(m, c, n, years)),
    }
}

/// The ranking metric: the scenario's, else `npv` when any option values an outcome, else
/// `completions`.
pub fn ranking_metric(s: &Scenario) -> String {
    match &s.appraisal.ranking_metric {
        Some(m) => m.clone(),
        None if s.options.iter().any(|o| !o.outcomes.is_empty()) => "npv".into(),
        None => "completions".into(),
    }
}

/// Share of iterations in which each option is best on `values[option][iteration]`; a tie of k
/// options gives each 1/k. Undefined (NaN) values never win; an iteration in which no option
/// has a defined value is left out.
pub fn probability_best(values: &[Vec<f64>], lower_better: bool) -> Vec<f64> {
    let columns: Vec<&[f64]> = values.iter().map(Vec::as_slice).collect();
    affordability::best_shares(&columns, lower_better, |_, _| true).share
}

/// The affordability figures of a run (see [`affordability::figures`]) from its stored
/// columns, each option's ranking metric, the iterations in which each is over budget and the
/// budgets each needs.
fn decision_figures(
    model: &Model,
    run: &Columns,
    ranking: &[Vec<f64>],
    over_budget: &[Vec<bool>],
    lower: bool,
    budget_needed: Vec<Option<(BudgetNeeded, Option<Excess>)>>,
) -> Figures {
    let starts: Vec<Option<Cow<[f64]>>> = (0..model.options.len())
        .map(|o| (!model.options[o].reach.is_empty()).then(|| run.stored(o, col::START_MONTH)))
        .collect();
    let options: Vec<OptionColumns> = (0..model.options.len())
        .map(|o| OptionColumns {
            ranking: &ranking[o],
            over_budget: &over_budget[o],
            start: starts[o].as_deref(),
        })
        .collect();
    affordability::figures(&options, lower, budget_needed)
}

/// Options by id with a number each, and the MCSE of each against the leader.
fn by_id(ids: &[String], shares: &Shares) -> (IdMap, IdMap, IdMap) {
    let leader = shares.leader();
    let each = |f: &dyn Fn(usize) -> f64| {
        IdMap(
            ids.iter()
                .cloned()
                .enumerate()
                .map(|(o, id)| (id, f(o)))
                .collect(),
        )
    };
    (
        each(&|o| shares.share[o]),
        each(&|o| shares.mcse[o]),
        each(&|o| leader.map_or(f64::NAN, |l| shares.difference_mcse(l, o))),
    )
}

/// Label of year `y` of an appraisal starting in `start`.
pub fn year_label(start: crate::scenario::YearMonth, y: u32) -> String {
    let first = start.year + y as i32;
    if start.month == 1 {
        format!("{first}")
    } else {
        format!("{first}/{:02}", (first + 1).rem_euclid(100))
    }
}

/// Summarises a simulation of a loaded scenario.
pub fn summarise(loaded: &Loaded, sim: &Simulation) -> Results {
    let run = &sim.columns;
    let parts = (0..sim.model.options.len())
        .into_par_iter()
        .map(|o| summarise_option(&sim.model, &run.columns[o], run.n))
        .collect();
    summarise_parts(loaded, sim, parts)
}

/// Summarises a simulation of a loaded scenario from each option's summary
/// ([`summarise_option`]); of the columns, reads only the [`compared_columns`].
pub fn summarise_parts(loaded: &Loaded, sim: &Simulation, parts: Vec<OptionSummary>) -> Results {
    let (model, run) = (&sim.model, &sim.columns);
    let (seed, method) = (sim.settings.seed, sim.settings.method);
    let s = &loaded.scenario;
    let a = &s.appraisal;
    let names = metric::names(model.years);
    let nopt = model.options.len();
    let ranking = ranking_metric(s);
    let lower = metric::lower_is_better(&ranking);
    let values: Vec<Vec<f64>> = (0..nopt)
        .map(|o| {
            metric_column(run, o, &ranking)
                .expect("ranking metric is known")
                .into_owned()
        })
        .collect();
    let mut summaries: Vec<Vec<Summary>> = Vec::with_capacity(nopt);
    let mut budget_needed = Vec::with_capacity(nopt);
    let mut over_budget = Vec::with_capacity(nopt);
    for p in parts {
        summaries.push(p.summaries);
        budget_needed.push(p.budget_needed);
        over_budget.push(p.over_budget);
    }
    let figures = decision_figures(model, run, &values, &over_budget, lower, budget_needed);
    let p_best = figures.best.share.clone();
    let mut options = Vec::with_capacity(nopt);
    for (o, (om, spec)) in model.options.iter().zip(&s.options).enumerate() {
        let metrics = Metrics(names.iter().cloned().zip(summaries[o].clone()).collect());
        let p_over_budget = metrics.get("over_budget").map_or(f64::NAN, |m| m.mean);
        let risks = om
            .risks
            .iter()
            .zip(&spec.risks)
            .map(|(rm, r)| {
                let mean = |i: usize| model.inputs[i].dist.mean();
                RiskInfo {
                    name: r.name.clone(),
                    description: r.description.clone(),
                    probability: mean(rm.probability),
                    delay_months: mean(rm.delay_months),
                    extra_cost: mean(rm.extra_cost),
                    capacity_factor: mean(rm.capacity_factor),
                }
            })
            .collect();
        options.push(OptionResult {
            id: om.id.clone(),
            name: om.name.clone(),
            kind: om.kind.name(),
            description: spec.description.clone(),
            metrics,
            p_over_budget,
            p_best: p_best[o],
            p_best_mcse: figures.best.mcse[o],
            p_over_budget_mcse: stats::mcse::proportion_mcse(p_over_budget, run.n),
            p_best_within_budget: figures.within_budget.share[o],
            p_best_within_budget_mcse: figures.within_budget.mcse[o],
            budget_needed: figures.budget_needed[o].map(|b| b.0),
            over_budget_by: figures.budget_needed[o].and_then(|b| b.1),
            risks,
            swot: spec.swot.clone(),
        });
    }
    let ids: Vec<String> = options.iter().map(|o| o.id.clone()).collect();
    let by_mean = |o: &OptionResult| o.metrics.get(&ranking).map_or(f64::NAN, |m| m.mean);
    let best_by_mean = pick(&options, |o| if lower { -by_mean(o) } else { by_mean(o) });
    let most_often_best = pick(&options, |o| o.p_best);
    let applied = loaded
        .variant
        .as_ref()
        .and_then(|name| loaded.variants.iter().find(|v| &v.name == name));
    let inputs = model
        .inputs
        .iter()
        .zip(&run.clamped)
        .filter(|(i, _)| i.role == InputRole::Quantity)
        .map(|(i, c)| {
            let q = |p: f64| i.domain.clamp(i.dist.quantile(p));
            InputInfo {
                path: i.path.clone(),
                distribution: i.dist.to_string(),
                mean: i.dist.mean(),
                p5: q(0.05),
                p50: q(0.5),
                p95: q(0.95),
                source: i.source.clone(),
                note: i.note.clone(),
                default: i.is_default,
                clamped: *c,
            }
        })
        .collect();
    Results {
        title: a.title.clone(),
        authority: a.authority.clone(),
        context: a.context.clone(),
        start: format!("{:04}-{:02}", a.start.year, a.start.month),
        horizon_years: a.horizon_years,
        years: (0..a.horizon_years)
            .map(|y| year_label(a.start, y))
            .collect(),
        price_base_year: a.price_base_year,
        discount_rate: a.discount_rate,
        cash_uplift: a.cash_uplift,
        budget: a.budget,
        comparison: comparison(
            &ids,
            ranking,
            &figures,
            most_often_best,
            best_by_mean,
            s,
            run.n,
        ),
        options,
        inputs,
        outcome_names: OutcomeLabels::of(s),
        correlations: achieved_correlations(model, run),
        audit: Audit {
            version: env!("CARGO_PKG_VERSION").to_string(),
            streams: Some(STREAMS.to_string()),
            scenario_sha256: sha256_hex(&loaded.bytes),
            scenario_file: loaded.sources.file_name.clone(),
            seed,
            iterations: run.n as u64,
            method: method.name().to_string(),
            overrides: loaded.cli_overrides.clone(),
            variant: loaded.variant.clone(),
            variant_description: applied.and_then(|v| v.description.clone()),
            variant_overrides: applied.map_or_else(Vec::new, |v| v.set.clone()),
            document: None,
        },
    }
}

/// The comparison of the options, from the affordability figures.
fn comparison(
    ids: &[String],
    ranking_metric: String,
    figures: &Figures,
    most_often_best: String,
    best_by_mean: String,
    scenario: &Scenario,
    n: usize,
) -> Comparison {
    let (probability_best, probability_best_mcse, lead_mcse) = by_id(ids, &figures.best);
    let (within, within_mcse, within_lead) = by_id(ids, &figures.within_budget);
    let w = &figures.within_budget;
    let n = n.max(1);
    let first = &figures.starts_first;
    let served = |o: &usize| !scenario.options[*o].reach.is_empty();
    let (starts, starts_mcse, starts_lead) = by_id(ids, first);
    let keep = |m: IdMap| {
        IdMap(
            m.0.into_iter()
                .enumerate()
                .filter(|(o, _)| served(o))
                .map(|(_, e)| e)
                .collect(),
        )
    };
    let name = |s: &Shares| s.leader().map_or_else(String::new, |l| ids[l].clone());
    Comparison {
        ranking_metric,
        probability_best,
        most_often_best,
        best_by_mean,
        probability_best_mcse,
        lead_mcse,
        within_budget: WithinBudget {
            probability_best: within,
            probability_best_mcse: within_mcse,
            lead_mcse: within_lead,
            most_often_best: name(w),
            none_within: (n - w.counted) as f64 / n as f64,
        },
        starts_first: StartsFirst {
            probability: keep(starts),
            mcse: keep(starts_mcse),
            lead_mcse: keep(starts_lead),
            most_often: name(first),
        },
        reference: scenario.reference().map(|r| ids[r].clone()),
    }
}

fn pick(options: &[OptionResult], score: impl Fn(&OptionResult) -> f64) -> String {
    options
        .iter()
        .filter(|o| !score(o).is_nan())
        .max_by(|a, b| score(a).total_cmp(&score(b)))
        .map_or_else(String::new, |o| o.id.clone())
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_win() {
        let v = vec![
            vec![1.0, 5.0, 2.0, 3.0],
            vec![1.0, 4.0, 2.0, 9.0],
            vec![0.0, 5.0, 2.0, 1.0],
        ];
        let p = probability_best(&v, false);
        // Iteration 0: options 0 and 1 tie (½ each). 1: 0 and 2 tie. 2: all three tie. 3: option 1.
        assert_eq!(p[0], (0.5 + 0.5 + 1.0 / 3.0) / 4.0);
        assert_eq!(p[1], (0.5 + 1.0 / 3.0 + 1.0) / 4.0);
        assert_eq!(p[2], (0.5 + 1.0 / 3.0) / 4.0);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        let low = probability_best(&v, true);
        assert_eq!(low[2], (1.0 + 0.0 + 1.0 / 3.0 + 1.0) / 4.0);
    }

    #[test]
    fn undefined_values_never_win() {
        let v = vec![vec![f64::NAN, 1.0, f64::NAN], vec![0.5, f64::NAN, f64::NAN]];
        let p = probability_best(&v, false);
        assert_eq!(p, vec![0.5, 0.5]);
    }

    #[test]
    fn financial_years_are_labelled() {
        use crate::scenario::YearMonth;
        let april = YearMonth {
            year: 2026,
            month: 4,
        };
        assert_eq!(year_label(april, 0), "2026/27");
        assert_eq!(
            year_label(
                YearMonth {
                    year: 2099,
                    month: 4
                },
                0
            ),
            "2099/00"
        );
        assert_eq!(
            year_label(
                YearMonth {
                    year: 2026,
                    month: 1
                },
                2
            ),
            "2028"
        );
    }
}
