//! Tables for the terminal: the summary of `appraise run`, a comparison of variants, a sweep,
//! a sensitivity analysis, and the one-line verdict of `appraise validate`.

mod beyond;
mod compare;
mod decision;
mod diff;
pub(crate) mod fit;
mod grid;
mod sensitivity;
mod sweep;

use super::{Render, unsupported, write_text};
use crate::analysis::validate::Validated;
use crate::analysis::wtp::{IcerStatus, WtpAnalysis};
use crate::document::{Document, RunDocument};
use crate::error::RenderError;
use crate::format::{money, money_short, num, pct};
use crate::results::{OptionResult, Results};
use crate::scenario::Budget;
use fit::{Column, fit, wrap_to};
use std::io::Write;

/// The terminal renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Table {
    /// The widest a run's summary (and a two-way sweep) may be, in columns; `None` for every
    /// column, however wide. Other tables are printed whole.
    pub width: Option<usize>,
}

impl Render for Table {
    fn render_to(&self, doc: &Document, out: &mut dyn Write) -> Result<(), RenderError> {
        let text = match doc {
            Document::Run(d) => summary(d, self.width),
            Document::Compare(d) => compare::table(&d.runs, &d.rows),
            Document::Sweep(d) => sweep::table(&d.param, &d.points),
            Document::Sensitivity(d) => sensitivity::table(d),
            Document::Grid(d) => grid::table(d, self.width),
            Document::Diff(d) => diff::table(d, self.width),
            Document::Paths(d) => diff::paths(d),
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
        "valid: {}, {}, {} ({} uncertain), {} from {}-{:02}{variants}",
        counted(v.options, "option"),
        counted(v.demand_streams, "demand stream"),
        counted(v.inputs, "input"),
        v.uncertain,
        counted(v.horizon_years as usize, "year"),
        v.start.year,
        v.start.month
    )
}

/// `n` of `noun`, plural unless there is exactly one: "1 option", "3 options".
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The summary of a run: the settings, one row per option, and the analyses asked for, within
/// `width` columns (`None`: every column, however wide).
fn summary(d: &RunDocument, width: Option<usize>) -> String {
    let r = &d.results;
    let fitted = fit(&summary_columns(r), width);
    let mut out = String::new();
    let line = |out: &mut String, text: String| {
        out.push_str(&wrap_to(&text, width));
        out.push('\n');
    };
    let title = match &r.authority {
        Some(auth) => format!("{} — {auth}", r.title),
        None => r.title.clone(),
    };
    line(&mut out, title);
    let budget = match r.budget {
        Some(Budget::Annual(x)) => format!("budget {} a year", money(x)),
        Some(Budget::Total(x)) => format!("budget {} in total", money(x)),
        None => "no budget set".into(),
    };
    line(
        &mut out,
        format!(
            "{} from {} ({}), {} prices, discount rate {}, {}",
            counted(r.horizon_years as usize, "year"),
            r.years.first().map_or("", String::as_str),
            r.start,
            r.price_base_year,
            pct_exact(r.discount_rate),
            budget
        ),
    );
    line(
        &mut out,
        format!(
            "{} iterations, seed {}, {}; costs are real totals over the horizon, with optimism bias\n",
            num(r.audit.iterations as f64, 0),
            r.audit.seed,
            r.audit.method
        ),
    );
    out.push_str(&fitted.text);
    out.push('\n');
    if !fitted.left_out.is_empty() {
        line(
            &mut out,
            format!(
                "Left out to fit {} columns: {}; --wide shows every column.",
                width.unwrap_or_default(),
                fitted.left_out.join(", ")
            ),
        );
    }
    let c = &r.comparison;
    if let Some(best) = r.options.iter().find(|o| o.id == c.most_often_best) {
        line(
            &mut out,
            format!(
                "\nRanked on {}: {} is best in {} of iterations.",
                c.ranking_metric,
                best.name,
                pct(best.p_best)
            ),
        );
    }
    out.push_str(&wrap_to(&decision::lines(r), width));
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
        line(
            &mut out,
            "\nNote: some draws fell outside their allowed range and were clamped:".into(),
        );
        line(&mut out, clamped.join("\n"));
    }
    if let Some(w) = &d.wtp {
        out.push_str(&wtp_table(r, w, width));
    }
    if let Some(m) = &d.mca {
        out.push_str(&fit::wrap_to(&beyond::mca(r, m), width));
    }
    if let Some(v) = &d.value_of_information {
        out.push_str(&fit::wrap_to(&beyond::voi(v), width));
    }
    if let Some(c) = &d.convergence {
        line(
            &mut out,
            format!(
                "\n{} after {} iterations (tried {}): the largest Monte Carlo standard error of a mean {} is {} of the mean (target {}); every P(best) is within ±{} (target ±{}).",
                if c.converged {
                    "Converged"
                } else {
                    "Not converged, stopped at --max-iterations"
                },
                num(c.iterations as f64, 0),
                c.tried
                    .iter()
                    .map(|n| num(*n as f64, 0))
                    .collect::<Vec<_>>()
                    .join(", "),
                r.comparison.ranking_metric,
                pct_fine(c.achieved_relative_mcse),
                pct_fine(c.target_relative_mcse),
                pct_fine(c.achieved_p_best_half_width),
                pct_fine(c.target_p_best_half_width),
            ),
        );
    }
    if !r.audit.overrides.is_empty() {
        line(
            &mut out,
            format!("\nOverrides: {}", r.audit.overrides.join(", ")),
        );
    }
    out
}

/// The columns of the summary, each with how much it is worth keeping in a narrow terminal:
/// the chance of being best, the median cost, the chance of going over budget and the net
/// present value stay longest; engaged, the cost range and the present value go first.
fn summary_columns(r: &Results) -> Vec<Column> {
    let each = |f: &dyn Fn(&OptionResult) -> String| r.options.iter().map(f).collect::<Vec<_>>();
    let m = |o: &OptionResult, name: &str| {
        o.metrics
            .get(name)
            .copied()
            .unwrap_or_else(|| panic!("metric {name}"))
    };
    vec![
        Column::words("Option", 16, 32, each(&|o| o.name.clone())),
        Column::figures("Cost\nP10", 7, each(&|o| money_short(m(o, "cost").p10))),
        Column::figures("Cost\nP50", 1, each(&|o| money_short(m(o, "cost").p50))),
        Column::figures("Cost\nP90", 6, each(&|o| money_short(m(o, "cost").p90))),
        Column::figures(
            "PV cost\nmean",
            8,
            each(&|o| money_short(m(o, "cost_pv").mean)),
        ),
        Column::figures("Engaged\nmean", 9, each(&|o| num(m(o, "engaged").mean, 1))),
        Column::figures(
            "Completed\nmean",
            3,
            each(&|o| num(m(o, "completions").mean, 1)),
        ),
        Column::figures(
            "£ per\ncompletion\nP50",
            5,
            each(&|o| money(m(o, "cost_per_completion").p50)),
        ),
        Column::figures("NPV\nmean", 2, each(&|o| money_short(m(o, "npv").mean))),
        Column::figures(
            "P(over\nbudget)",
            2,
            each(&|o| {
                if r.budget.is_some() {
                    pct(o.p_over_budget)
                } else {
                    "no budget".into()
                }
            }),
        ),
        Column::figures("P(best)", 1, each(&|o| pct(o.p_best))),
        Column::figures(
            "Start\nmonth\nP50",
            4,
            each(&|o| num(m(o, "start_month").p50, 1)),
        ),
    ]
}

fn wtp_table(r: &Results, w: &WtpAnalysis, width: Option<usize>) -> String {
    let unit = w.effect_metric.trim_end_matches('s');
    let name_of = |id: &str| {
        r.options
            .iter()
            .find(|o| o.id == id)
            .map_or(id.to_string(), |o| o.name.clone())
    };
    let status = |row: &crate::analysis::wtp::IcerRow| match row.status {
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
    // One row per option; without a baseline or a reference the incremental figures are left
    // out ("no reference").
    let rows: Vec<_> = r
        .options
        .iter()
        .map(|o| (o, w.icer.iter().find(|row| row.option == o.id)))
        .collect();
    let column = |f: &dyn Fn(usize, Option<&crate::analysis::wtp::IcerRow>) -> String| {
        rows.iter()
            .enumerate()
            .map(|(i, (_, row))| f(i, *row))
            .collect::<Vec<_>>()
    };
    let or_dash = |row: Option<&crate::analysis::wtp::IcerRow>,
                   f: &dyn Fn(&crate::analysis::wtp::IcerRow) -> String| {
        row.map_or("–".into(), f)
    };
    let names = rows.iter().map(|(o, _)| o.name.clone()).collect();
    let columns = vec![
        Column::words("Option", 16, 32, names),
        Column::figures(
            "Net benefit\nmean",
            1,
            column(&|i, _| money_short(w.net_benefit_mean[i])),
        ),
        Column::figures(
            "P(best on\nnet benefit)",
            1,
            column(&|i, _| pct(w.probability_best[i])),
        ),
        Column::figures(
            "Δ cost (PV)\nvs baseline",
            3,
            column(&|_, row| or_dash(row, &|row| money_short(row.delta_cost))),
        ),
        Column::figures(
            "Δ effect\nvs baseline",
            3,
            column(&|_, row| or_dash(row, &|row| num(row.delta_effect, 1))),
        ),
        Column::figures(
            "ICER vs\nbaseline",
            2,
            column(&|_, row| or_dash(row, &|row| row.icer_vs_baseline.map_or("–".into(), money))),
        ),
        Column {
            keep: 4,
            ..Column::words(
                "Status",
                12,
                28,
                column(&|_, row| row.map_or("no reference".into(), status)),
            )
        },
    ];
    let t = fit(&columns, width);
    let mut out = wrap_to(
        &format!(
            "\nValue for money at {} per {unit}: net benefit = {} × {} − PV of cost",
            money(w.lambda),
            money(w.lambda),
            w.effect_metric
        ),
        width,
    );
    out.push('\n');
    out.push_str(&t.text);
    if !t.left_out.is_empty() {
        out.push('\n');
        out.push_str(&wrap_to(
            &format!(
                "Left out to fit: {}; --wide shows every column.",
                t.left_out.join(", ")
            ),
            width,
        ));
    }
    out.push('\n');
    out.push_str(&wrap_to(
        &format!(
            "Expected value of perfect information at this price: {} per decision (Monte Carlo standard error {}).",
            money(w.evpi),
            money(w.evpi_mcse)
        ),
        width,
    ));
    out.push('\n');
    out
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
