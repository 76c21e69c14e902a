//! Tables for the terminal: the summary of `appraise run`, a comparison of variants, a sweep,
//! a sensitivity analysis, and the one-line verdict of `appraise validate`.

mod beyond;
mod compare;
mod decision;
mod sensitivity;
mod sweep;

use super::{Render, unsupported, write_text};
use crate::analysis::validate::Validated;
use crate::analysis::wtp::{IcerStatus, WtpAnalysis};
use crate::document::{Document, RunDocument};
use crate::error::RenderError;
use crate::format::{money, money_short, num, pct};
use crate::results::Results;
use crate::scenario::Budget;
use std::io::Write;
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style, Width};

/// The terminal renderer.
pub struct Table;

impl Render for Table {
    fn render_to(&self, doc: &Document, out: &mut dyn Write) -> Result<(), RenderError> {
        let text = match doc {
            Document::Run(d) => summary(d),
            Document::Compare(d) => compare::table(&d.runs, &d.rows),
            Document::Sweep(d) => sweep::table(&d.param, &d.points),
            Document::Sensitivity(d) => sensitivity::table(d),
            Document::Report(_) => {
                return Err(unsupported(
                    "a table",
                    doc,
                    "Markdown, HTML or a spreadsheet",
                ));
            }
        };
        write_text(out, &text)
    }
}

/// What `appraise validate` says of a valid scenario.
pub fn validated(v: &Validated) -> String {
    let variants = if v.variants.is_empty() {
        String::new()
    } else {
        format!("; variants {} valid too", v.variants.join(", "))
    };
    format!(
        "valid: {} options, {} demand streams, {} inputs ({} uncertain), {} years from {}-{:02}{variants}",
        v.options,
        v.demand_streams,
        v.inputs,
        v.uncertain,
        v.horizon_years,
        v.start.year,
        v.start.month
    )
}

/// The summary table: one row per option.
fn summary(d: &RunDocument) -> String {
    let r = &d.results;
    let mut b = Builder::default();
    b.push_record([
        "Option",
        "Cost\nP10",
        "Cost\nP50",
        "Cost\nP90",
        "PV cost\nmean",
        "Engaged\nmean",
        "Completed\nmean",
        "£ per\ncompletion\nP50",
        "NPV\nmean",
        "P(over\nbudget)",
        "P(best)",
        "Start\nmonth\nP50",
    ]);
    for o in &r.options {
        let m = |name: &str| {
            o.metrics
                .get(name)
                .copied()
                .unwrap_or_else(|| panic!("metric {name}"))
        };
        let cost = m("cost");
        b.push_record([
            o.name.clone(),
            money_short(cost.p10),
            money_short(cost.p50),
            money_short(cost.p90),
            money_short(m("cost_pv").mean),
            num(m("engaged").mean, 1),
            num(m("completions").mean, 1),
            money(m("cost_per_completion").p50),
            money_short(m("npv").mean),
            if r.budget.is_some() {
                pct(o.p_over_budget)
            } else {
                "no budget".into()
            },
            pct(o.p_best),
            num(m("start_month").p50, 1),
        ]);
    }
    let mut table = b.build();
    table
        .with(Style::rounded())
        .modify(Columns::new(1..), Alignment::right())
        .modify(Columns::first(), Width::wrap(32).keep_words(true));

    let mut out = String::new();
    out.push_str(&r.title);
    if let Some(auth) = &r.authority {
        out.push_str(&format!(" — {auth}"));
    }
    out.push('\n');
    let budget = match r.budget {
        Some(Budget::Annual(x)) => format!("budget {} a year", money(x)),
        Some(Budget::Total(x)) => format!("budget {} in total", money(x)),
        None => "no budget set".into(),
    };
    out.push_str(&format!(
        "{} years from {} ({}), {} prices, discount rate {}, {}\n",
        r.horizon_years,
        r.years.first().map_or("", String::as_str),
        r.start,
        r.price_base_year,
        pct_exact(r.discount_rate),
        budget
    ));
    out.push_str(&format!(
        "{} iterations, seed {}, {}; costs are real totals over the horizon, with optimism bias\n\n",
        num(r.audit.iterations as f64, 0),
        r.audit.seed,
        r.audit.method
    ));
    out.push_str(&table.to_string());
    out.push('\n');
    let c = &r.comparison;
    if let Some(best) = r.options.iter().find(|o| o.id == c.most_often_best) {
        out.push_str(&format!(
            "\nRanked on {}: {} is best in {} of iterations.\n",
            c.ranking_metric,
            best.name,
            pct(best.p_best)
        ));
    }
    out.push_str(&decision::lines(r));
    let clamped: Vec<String> = r
        .inputs
        .iter()
        .filter(|i| i.clamped > 0)
        .map(|i| {
            format!(
                "  {}: {} draws ({}) clamped into its allowed range",
                i.path,
                num(i.clamped as f64, 0),
                pct(i.clamped as f64 / r.audit.iterations as f64)
            )
        })
        .collect();
    if !clamped.is_empty() {
        out.push_str("\nNote: some draws fell outside their allowed range and were clamped:\n");
        out.push_str(&clamped.join("\n"));
        out.push('\n');
    }
    if let Some(w) = &d.wtp {
        out.push_str(&wtp_table(r, w));
    }
    if let Some(m) = &d.mca {
        out.push_str(&beyond::mca(r, m));
    }
    if let Some(v) = &d.value_of_information {
        out.push_str(&beyond::voi(v));
    }
    if let Some(c) = &d.convergence {
        out.push_str(&format!(
            "\n{} after {} iterations (tried {}): the largest Monte Carlo standard error of a mean {} is {} of the mean (target {}); every P(best) is within ±{} (target ±{}).\n",
            if c.converged { "Converged" } else { "Not converged, stopped at --max-iterations" },
            num(c.iterations as f64, 0),
            c.tried.iter().map(|n| num(*n as f64, 0)).collect::<Vec<_>>().join(", "),
            r.comparison.ranking_metric,
            pct_fine(c.achieved_relative_mcse),
            pct_fine(c.target_relative_mcse),
            pct_fine(c.achieved_p_best_half_width),
            pct_fine(c.target_p_best_half_width),
        ));
    }
    if !r.audit.overrides.is_empty() {
        out.push_str(&format!("\nOverrides: {}\n", r.audit.overrides.join(", ")));
    }
    out
}

fn wtp_table(r: &Results, w: &WtpAnalysis) -> String {
    let unit = w.effect_metric.trim_end_matches('s');
    let mut b = Builder::default();
    b.push_record([
        "Option",
        "Net benefit\nmean",
        "P(best on\nnet benefit)",
        "Δ cost (PV)\nvs baseline",
        "Δ effect\nvs baseline",
        "ICER vs\nbaseline",
        "Status",
    ]);
    let name_of = |id: &str| {
        r.options
            .iter()
            .find(|o| o.id == id)
            .map_or(id.to_string(), |o| o.name.clone())
    };
    for (i, o) in r.options.iter().enumerate() {
        let Some(row) = w.icer.iter().find(|row| row.option == o.id) else {
            // No baseline and no reference: the incremental figures are left out.
            b.push_record([
                o.name.clone(),
                money_short(w.net_benefit_mean[i]),
                pct(w.probability_best[i]),
                "–".into(),
                "–".into(),
                "–".into(),
                "no reference".into(),
            ]);
            continue;
        };
        let name = name_of(&row.option);
        let status = match row.status {
            IcerStatus::Baseline => "baseline".to_string(),
            IcerStatus::Frontier => "on the frontier".to_string(),
            IcerStatus::Dominated => format!(
                "dominated by {}",
                name_of(row.dominated_by.as_deref().unwrap_or("?"))
            ),
            IcerStatus::ExtendedlyDominated => format!(
                "extendedly dominated (a mix with {} does better)",
                name_of(row.dominated_by.as_deref().unwrap_or("?"))
            ),
        };
        b.push_record([
            name,
            money_short(w.net_benefit_mean[i]),
            pct(w.probability_best[i]),
            money_short(row.delta_cost),
            num(row.delta_effect, 1),
            row.icer_vs_baseline.map_or("–".into(), money),
            status,
        ]);
    }
    let mut t = b.build();
    t.with(Style::rounded())
        .modify(Columns::new(1..6), Alignment::right())
        .modify(Columns::first(), Width::wrap(32).keep_words(true))
        .modify(Columns::last(), Width::wrap(28).keep_words(true));
    format!(
        "\nValue for money at {} per {unit}: net benefit = {} × {} − PV of cost\n{t}\nExpected value of perfect information at this price: {} per decision (Monte Carlo standard error {}).\n",
        money(w.lambda),
        money(w.lambda),
        w.effect_metric,
        money(w.evpi),
        money(w.evpi_mcse)
    )
}

fn pct_fine(x: f64) -> String {
    if x.is_finite() {
        format!("{}%", num(100.0 * x, 2))
    } else {
        "unbounded".into()
    }
}

fn pct_exact(x: f64) -> String {
    format!("{}%", num(100.0 * x, 1))
}
