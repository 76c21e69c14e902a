//! `appraise compare`: the scenario and each of its variants, run on the same seed, side by side.

use crate::format::{money_short, num, pct};
use crate::scenario::Variant;
use crate::{Appraisal, Error};
use serde::Serialize;
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style, Width};

/// One run of the comparison: the base scenario (`None`) or a variant.
pub type Run = (Option<Variant>, Appraisal);

/// The key numbers of one option in one run.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Variant name, or "base".
    pub variant: String,
    /// Option id.
    pub option: String,
    /// Option name.
    pub name: String,
    /// Total real cost: P10, P50, P90 (£).
    pub cost_p10: f64,
    /// Median total real cost (£).
    pub cost_p50: f64,
    /// 90th percentile of total real cost (£).
    pub cost_p90: f64,
    /// Mean completions.
    pub completions_mean: f64,
    /// Mean net present value (£).
    pub npv_mean: f64,
    /// P(over budget).
    pub p_over_budget: f64,
    /// P(best) on the ranking metric.
    pub p_best: f64,
}

fn rows(runs: &[Run]) -> Vec<Row> {
    let mut out = Vec::new();
    for (v, a) in runs {
        let variant = v.as_ref().map_or("base".to_string(), |v| v.name.clone());
        for o in &a.results.options {
            let m = |n: &str| *o.metrics.get(n).expect("metric");
            out.push(Row {
                variant: variant.clone(),
                option: o.id.clone(),
                name: o.name.clone(),
                cost_p10: m("cost").p10,
                cost_p50: m("cost").p50,
                cost_p90: m("cost").p90,
                completions_mean: m("completions").mean,
                npv_mean: m("npv").mean,
                p_over_budget: o.p_over_budget,
                p_best: o.p_best,
            });
        }
    }
    out
}

/// The comparison as a terminal table.
pub fn table(runs: &[Run]) -> String {
    let mut b = Builder::default();
    b.push_record([
        "Variant",
        "Option",
        "Cost\nP10",
        "Cost\nP50",
        "Cost\nP90",
        "Completed\nmean",
        "NPV\nmean",
        "P(over\nbudget)",
        "P(best)",
    ]);
    let mut last = String::new();
    for r in rows(runs) {
        let variant = if r.variant == last {
            String::new()
        } else {
            r.variant.clone()
        };
        last = r.variant.clone();
        b.push_record([
            variant,
            r.name,
            money_short(r.cost_p10),
            money_short(r.cost_p50),
            money_short(r.cost_p90),
            num(r.completions_mean, 1),
            money_short(r.npv_mean),
            pct(r.p_over_budget),
            pct(r.p_best),
        ]);
    }
    let mut t = b.build();
    t.with(Style::rounded())
        .modify(Columns::new(2..), Alignment::right())
        .modify(Columns::new(1..2), Width::wrap(34).keep_words(true));
    let first = &runs[0].1.results;
    let mut out = format!(
        "{} — the scenario and its variants, each run with {} iterations, seed {}\n\n",
        first.title,
        num(first.audit.iterations as f64, 0),
        first.audit.seed
    );
    for (v, _) in runs.iter().skip(1) {
        let v = v.as_ref().expect("variants after the base");
        out.push_str(&format!(
            "{}: {}\n  set {}\n",
            v.name,
            v.description.as_deref().unwrap_or(""),
            v.set.join("; ")
        ));
    }
    if runs.len() == 1 {
        out.push_str("This scenario declares no [[variants]]; only the base is shown.\n");
    }
    out.push('\n');
    out.push_str(&t.to_string());
    out.push_str(&format!(
        "\nP(best) is on {}; costs are real totals over each run's horizon.\n",
        first.comparison.ranking_metric
    ));
    out
}

/// The comparison as JSON: the variants and one row per variant and option.
pub fn json(runs: &[Run]) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        title: &'a str,
        seed: u64,
        iterations: u64,
        ranking_metric: &'a str,
        variants: Vec<&'a Variant>,
        rows: Vec<Row>,
    }
    let first = &runs[0].1.results;
    let out = Out {
        title: &first.title,
        seed: first.audit.seed,
        iterations: first.audit.iterations,
        ranking_metric: &first.comparison.ranking_metric,
        variants: runs.iter().filter_map(|(v, _)| v.as_ref()).collect(),
        rows: rows(runs),
    };
    let mut s = serde_json::to_string_pretty(&out).expect("serialises");
    s.push('\n');
    s
}

/// The comparison as CSV: one row per variant and option.
pub fn csv(runs: &[Run]) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows(runs) {
        w.serialize(r)
            .map_err(|e| Error::Output(format!("cannot write CSV: {e}")))?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Output(e.to_string()))?;
    Ok(String::from_utf8(bytes).expect("UTF-8"))
}
