//! The terminal table of a two-way sweep: for each pair of values, the option most often best
//! and its P(best) (and, with a budget, its P(over budget)), options keyed by letter.

use super::fit::{Column, fit, wrap_to};
use crate::analysis::sweep::HeatMap;
use crate::document::GridDocument;
use crate::format::{num, pct};

/// The grid as terminal tables within `width` columns.
pub(super) fn table(d: &GridDocument, width: Option<usize>) -> String {
    let first = &d.grid.cells[0][0];
    let h = &d.heat;
    let mut out = wrap_to(
        &format!(
            "{} — two-way sweep of {} (rows) by {} (columns): {} × {} values, each run with {} iterations, seed {}",
            first.title,
            h.params[0],
            h.params[1],
            h.values[0].len(),
            h.values[1].len(),
            num(first.audit.iterations as f64, 0),
            first.audit.seed
        ),
        width,
    );
    out.push_str("\n\n");
    out.push_str(&wrap_to(
        &format!(
            "The option most often best on {}, with its P(best):",
            h.ranking_metric
        ),
        width,
    ));
    out.push('\n');
    out.push_str(&map(h, width, |c| format!("{} {}", c.key, pct(c.p_best))));
    if first.budget.is_some() {
        out.push_str("\n\n");
        out.push_str(&wrap_to("And its P(over budget):", width));
        out.push('\n');
        out.push_str(&map(h, width, |c| {
            format!("{} {}", c.key, pct(c.p_over_budget))
        }));
    }
    out.push_str("\n\n");
    for o in &h.options {
        out.push_str(&wrap_to(&format!("{}: {}", o.key, o.name), width));
        out.push('\n');
    }
    out.push_str(&wrap_to(
        "Every option at every pair of values: --format csv or --format json.",
        width,
    ));
    out.push('\n');
    out
}

/// One map: the first input's values down, the second's across, `cell` in each.
fn map(
    h: &HeatMap,
    width: Option<usize>,
    cell: impl Fn(&crate::analysis::sweep::HeatCell) -> String,
) -> String {
    let mut columns = vec![Column::words(
        &format!("{} ↓\n{} →", h.params[0], h.params[1]),
        8,
        44,
        h.values[0].clone(),
    )];
    for (j, v) in h.values[1].iter().enumerate() {
        columns.push(Column::figures(
            v,
            0,
            h.cells.iter().map(|line| cell(&line[j])).collect(),
        ));
    }
    fit(&columns, width).text
}
