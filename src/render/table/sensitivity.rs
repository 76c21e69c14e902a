//! The terminal tables of a sensitivity analysis: rank tornado, swing tornado, switching values.

use crate::document::SensitivityDocument;
use crate::format::num;
use crate::results::Results;
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style, Width};

fn name_of<'r>(results: &'r Results, id: &'r str) -> &'r str {
    results
        .options
        .iter()
        .find(|o| o.id == id)
        .map_or(id, |o| o.name.as_str())
}

fn value(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() {
        "n/a".into()
    } else if a >= 1000.0 {
        num(x, 0)
    } else if a >= 10.0 {
        num(x, 1)
    } else {
        num(x, 3)
    }
}

/// The analysis as terminal tables.
pub(super) fn table(doc: &SensitivityDocument) -> String {
    let (results, s) = (&doc.results, &doc.analysis);
    let label = |path: &str| doc.label(path).to_string();
    let mut out = format!(
        "{} — sensitivity of {} for {}\n{} iterations, seed {}\n\n",
        results.title,
        s.metric,
        name_of(results, &s.option),
        num(results.audit.iterations as f64, 0),
        results.audit.seed
    );
    out.push_str("Rank tornado: Spearman rank correlation of each sampled input with the metric\n");
    let mut b = Builder::default();
    b.push_record(["Input", "Rank correlation"]);
    for e in s.rank_tornado.iter().take(15) {
        b.push_record([label(&e.input), num(e.rho, 3)]);
    }
    out.push_str(&finish(b, 1));
    if s.rank_tornado.len() > 15 {
        out.push_str(&format!(
            "… and {} more inputs with smaller correlations\n",
            s.rank_tornado.len() - 15
        ));
    }
    out.push_str(&format!(
        "\nSwing tornado: the metric with one input at its P10 and then its P90, every other input at its median (all at medians: {})\n",
        value(s.swing_tornado.base)
    ));
    let mut b = Builder::default();
    b.push_record(["Input", "P10", "P90", "Metric at P10", "Metric at P90"]);
    for e in s.swing_tornado.entries.iter().take(15) {
        b.push_record([
            label(&e.input),
            value(e.low_value),
            value(e.high_value),
            value(e.metric_low),
            value(e.metric_high),
        ]);
    }
    out.push_str(&finish(b, 1));
    out.push_str(&format!(
        "\nSwitching values: where the option preferred on mean {} would change ({} iterations per point)\n",
        s.ranking_metric,
        num(s.switching_iterations as f64, 0)
    ));
    let mut b = Builder::default();
    b.push_record([
        "Input",
        "Switching value",
        "Range searched",
        "Preferred below",
        "Preferred above",
    ]);
    let mut found: Vec<_> = s
        .switching_values
        .iter()
        .filter(|v| v.value.is_some())
        .collect();
    found.extend(s.switching_values.iter().filter(|v| v.value.is_none()));
    for v in found {
        b.push_record([
            label(&v.input),
            v.value.map_or("none within range".into(), value),
            format!("{} to {}", value(v.range.0), value(v.range.1)),
            name_of(results, &v.preferred_below).to_string(),
            v.preferred_above
                .as_deref()
                .map_or("–".into(), |id| name_of(results, id).to_string()),
        ]);
    }
    out.push_str(&finish(b, 1));
    out
}

fn finish(b: Builder, numeric_from: usize) -> String {
    let mut t = b.build();
    t.with(Style::rounded())
        .modify(Columns::new(numeric_from..), Alignment::right())
        .modify(Columns::first(), Width::wrap(56).keep_words(true))
        .modify(Columns::new(3..), Width::wrap(30).keep_words(true));
    format!("{t}\n")
}
