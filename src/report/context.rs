//! What a template sees: the results, SWOT items filled in from each option's own numbers,
//! and a few tables and charts prepared from the raw iterations.

use super::ReportError;
use super::charts;
use super::env::filters_environment;
use crate::Appraisal;
use crate::engine::simulate::col;
use crate::format::money;
use crate::scenario::Budget;
use crate::stats::Summary;
use minijinja::value::{Serde, Value};
use minijinja::{Error, ErrorKind, context};
use serde::Serialize;
use std::collections::BTreeMap;

/// SWOT items of one option after rendering.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RenderedSwot {
    strengths: Vec<String>,
    weaknesses: Vec<String>,
    opportunities: Vec<String>,
    threats: Vec<String>,
}

/// Renders every SWOT item of every option against that option's results. Each item is a
/// template with `p_over_budget`, `p_best`, `p_start_within(m)`, `p_cost_above(x)` and
/// `metric(name)`, and the report's filters.
pub(super) fn render_swot(a: &Appraisal) -> Result<Vec<RenderedSwot>, ReportError> {
    let mut out = Vec::with_capacity(a.results.options.len());
    for (o, result) in a.results.options.iter().enumerate() {
        let mut env = filters_environment(a.results.years.clone());
        let start: Vec<f64> = a.run.columns[o][col::START_MONTH].clone();
        let cost: Vec<f64> = a.run.columns[o][col::COST].clone();
        let n = a.run.n as f64;
        env.add_function("p_start_within", move |months: f64| {
            start.iter().filter(|s| **s <= months).count() as f64 / n
        });
        env.add_function("p_cost_above", move |amount: f64| {
            cost.iter().filter(|c| **c > amount).count() as f64 / n
        });
        let metrics = result.metrics.clone();
        env.add_function("metric", move |name: String| -> Result<Value, Error> {
            match metrics.get(&name) {
                Some(s) => Ok(Value::from(Serde(s))),
                None => {
                    let names: Vec<&str> = metrics.0.iter().map(|(n, _)| n.as_str()).collect();
                    Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!("there is no metric '{name}'; metrics: {}", names.join(", ")),
                    ))
                }
            }
        });
        let ctx = context! {
            p_over_budget => result.p_over_budget,
            p_best => result.p_best,
            name => result.name.clone(),
            id => result.id.clone(),
        };
        let render =
            |section: &'static str, items: &[String]| -> Result<Vec<String>, ReportError> {
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        env.render_str(item, ctx.clone())
                            .map_err(|e| ReportError::Swot {
                                option: result.id.clone(),
                                section,
                                index: i + 1,
                                item: item.clone(),
                                message: swot_message(&e),
                            })
                    })
                    .collect()
            };
        let s = &result.swot;
        out.push(RenderedSwot {
            strengths: render("strengths", &s.strengths)?,
            weaknesses: render("weaknesses", &s.weaknesses)?,
            opportunities: render("opportunities", &s.opportunities)?,
            threats: render("threats", &s.threats)?,
        });
    }
    Ok(out)
}

fn swot_message(e: &Error) -> String {
    let what = match e.kind() {
        ErrorKind::UndefinedError => "it names a value that does not exist".to_string(),
        ErrorKind::UnknownFunction => "it calls a function that does not exist".to_string(),
        ErrorKind::UnknownFilter => "it uses a filter that does not exist".to_string(),
        ErrorKind::SyntaxError => "its {{ }} expression is not valid".to_string(),
        k => k.to_string(),
    };
    match e.detail() {
        Some(d) => format!("{what} ({d})"),
        None => what,
    }
}

/// One row of the cash table: an option's cash in each year at P50 and P90.
#[derive(Debug, Clone, Serialize)]
struct CashRow {
    id: String,
    name: String,
    mean: Vec<f64>,
    p50: Vec<f64>,
    p90: Vec<f64>,
    /// P(cash in that year exceeds the annual budget), when the budget is annual.
    p_over: Vec<Option<f64>>,
}

/// A chart for the HTML report.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ChartOut {
    title: String,
    svg: String,
    alt: String,
}

/// Builds the template context.
pub(super) fn build(
    a: &Appraisal,
    swot: Vec<RenderedSwot>,
    date: &str,
    with_charts: bool,
    extra: &super::analysis::Extra,
) -> Value {
    let r = &a.results;
    let years = r.years.len();
    let annual = match r.budget {
        Some(Budget::Annual(b)) => Some(b),
        _ => None,
    };
    let cash: Vec<CashRow> = r
        .options
        .iter()
        .enumerate()
        .map(|(o, opt)| {
            let get = |y: usize| -> Summary {
                *opt.metrics.get(&format!("cash_{y}")).expect("cash metric")
            };
            CashRow {
                id: opt.id.clone(),
                name: opt.name.clone(),
                mean: (0..years).map(|y| get(y).mean).collect(),
                p50: (0..years).map(|y| get(y).p50).collect(),
                p90: (0..years).map(|y| get(y).p90).collect(),
                p_over: (0..years)
                    .map(|y| {
                        annual.map(|b| {
                            let c = &a.run.columns[o][col::CASH0 + y];
                            c.iter()
                                .filter(|x| **x > b + crate::engine::simulate::PENNY_TOLERANCE)
                                .count() as f64
                                / c.len().max(1) as f64
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    let budget_text = match r.budget {
        Some(Budget::Annual(b)) => format!("{} a year", money(b)),
        Some(Budget::Total(b)) => format!("{} in total", money(b)),
        None => "no budget set".to_string(),
    };
    let ranking = r.comparison.ranking_metric.clone();
    let best = r
        .options
        .iter()
        .find(|o| o.id == r.comparison.most_often_best)
        .map(|o| context! { id => o.id.clone(), name => o.name.clone(), p_best => o.p_best });
    let within_budget: Vec<String> = r
        .options
        .iter()
        .filter(|o| r.budget.is_some() && o.p_over_budget < 0.5)
        .map(|o| o.name.clone())
        .collect();
    let mut charts = if with_charts {
        make_charts(a)
    } else {
        BTreeMap::new()
    };
    if with_charts {
        for (name, c) in &extra.charts {
            charts.insert(name.clone(), c.clone());
        }
    }
    let precision = r
        .options
        .iter()
        .map(|o| {
            let m = o.metrics.get(&ranking).expect("ranking metric");
            context! { id => o.id.clone(), name => o.name.clone(), mean => m.mean, mcse => m.mcse }
        })
        .collect::<Vec<_>>();
    let optimism: Vec<Value> = a
        .model
        .options
        .iter()
        .map(|o| {
            let input = &a.model.inputs[o.optimism_bias];
            context! {
                name => o.name.clone(),
                distribution => crate::results::describe(&input.dist),
                mean => input.dist.mean(),
            }
        })
        .collect();
    context! {
        date => date,
        swot => Value::from(Serde(&swot)),
        cash => Value::from(Serde(&cash)),
        charts => Value::from(Serde(&charts)),
        budget_text => budget_text,
        annual_budget => annual,
        ranking_label => metric_label(&ranking),
        lower_is_better => crate::results::lower_is_better(&ranking),
                best => best,
        sensitivity => Value::from(Serde(&extra.sensitivity)),
        wtp => Value::from(Serde(&extra.wtp)),
        wtp_given => extra.wtp_given,
        effect_unit => extra.wtp.as_ref().map(|w| w.effect_metric.trim_end_matches('s').to_string()),
                sweep => Value::from(Serde(&extra.sweep)),
        // Always defined for templates, though the JSON leaves them out when empty.
        correlations => Value::from(Serde(&r.correlations)),
        convergence => Value::from(Serde(&r.convergence)),
        within_budget => within_budget,
        precision => precision,
        optimism => optimism,
                clamped_inputs => r.inputs.iter().filter(|i| i.clamped > 0).count(),
        ..Value::from(Serde(r))
    }
}

/// Plain words for a metric.
pub(super) fn metric_label(metric: &str) -> &'static str {
    match metric {
        "npv" => "net present value",
        "bcr" => "benefit–cost ratio",
        "completions" => "completions",
        "engaged" => "people engaged",
        "cost" => "total cost",
        "cost_pv" => "present value of cost",
        _ => "the ranking metric",
    }
}

fn make_charts(a: &Appraisal) -> BTreeMap<String, ChartOut> {
    let data = crate::analysis::charts::results_charts(&a.run, &a.results, 300);
    [
        ("cost", charts::cost_distribution(&data.cost)),
        ("cash", charts::cash_by_year(&data.cash)),
        ("people", charts::people(&data.people)),
        ("cloud", charts::cost_vs_completions(&data.cloud)),
    ]
    .into_iter()
    .map(|(name, c)| (name.to_string(), ChartOut::from(c)))
    .collect()
}

impl From<charts::Chart> for ChartOut {
    fn from(c: charts::Chart) -> ChartOut {
        ChartOut {
            title: c.title,
            svg: c.svg,
            alt: c.alt,
        }
    }
}
