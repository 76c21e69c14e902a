//! The terminal's view of the decision analyses beyond money: the multi-criteria ranks of
//! `mca` (when the scenario has criteria) and the largest values of information (with `--wtp`).

use crate::analysis::mca::Mca;
use crate::analysis::mca::report::ordinal;
use crate::analysis::voi::{ValueOfInformation, Voi};
use crate::format::{money, num, pct};
use crate::metric;
use crate::results::Results;
use tabled::Table;
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style, Width};

/// EVPPIs listed on each measure.
const ROWS: usize = 5;

/// Rank acceptabilities and confidence factors, one row per option, with the largest Monte
/// Carlo standard error of a share.
pub fn mca(r: &Results, m: &Mca) -> String {
    let n = m.rank_acceptability.0.len();
    let mut b = Builder::default();
    let mut head = vec!["Option".to_string()];
    head.extend((1..=n).map(ordinal));
    head.push("Confidence\nfactor".into());
    b.push_record(head);
    for ((o, (_, shares)), (_, confidence)) in r
        .options
        .iter()
        .zip(&m.rank_acceptability.0)
        .zip(&m.confidence.0)
    {
        let mut row = vec![o.name.clone()];
        row.extend(shares.iter().map(|p| pct(*p)));
        row.push(confidence.map_or("–".into(), pct));
        b.push_record(row);
    }
    let t = numbers_right(b, 32);
    format!(
        "\nOn {} criteria at once (SMAA-2; weights: {}): the share of iterations at each rank\n{t}\nEach share's Monte Carlo standard error is at most {} points.\n",
        m.criteria.len(),
        m.weights,
        num(100.0 * m.largest_standard_error, 1)
    )
}

/// EVPI and the largest EVPPIs, with their standard errors, on each measure valued.
pub fn voi(v: &ValueOfInformation) -> String {
    let mut out = String::new();
    if let Some(nb) = &v.net_benefit {
        let unit = nb.effect_metric.trim_end_matches('s');
        let words = format!("net benefit at {} per {unit}", money(nb.lambda));
        out.push_str(&measure(&nb.voi, &words, money));
    }
    if let Some(m) = &v.ranking_metric {
        let found = metric::find(&m.metric, v.horizon_years as usize);
        let words = found.map_or(m.metric.as_str(), |f| f.phrase);
        let show = if found.is_some_and(|f| f.unit.is_money()) {
            money
        } else {
            |x| num(x, 2)
        };
        out.push_str(&measure(&m.voi, words, show));
    }
    out
}

fn measure(v: &Voi, words: &str, show: fn(f64) -> String) -> String {
    let mut b = Builder::default();
    b.push_record(["Worth knowing first", "EVPPI", "±1 s.e.", "A year"]);
    for e in v.evppi.iter().take(ROWS) {
        let label = if e.kind == "group" {
            e.label.clone()
        } else {
            e.input.clone()
        };
        b.push_record([
            label,
            show(e.value),
            show(e.standard_error),
            show(e.per_year),
        ]);
    }
    let t = numbers_right(b, 36);
    format!(
        "\nValue of information on {words}, per decision: EVPI {} (±{} s.e.)\n{t}\n",
        show(v.evpi),
        show(v.evpi_standard_error)
    )
}

/// The table of `b`, rounded, every column but the first (names, wrapped at `width`) right-aligned.
fn numbers_right(b: Builder, width: usize) -> Table {
    let mut t = b.build();
    t.with(Style::rounded())
        .modify(Columns::new(1..), Alignment::right())
        .modify(Columns::first(), Width::wrap(width).keep_words(true));
    t
}
