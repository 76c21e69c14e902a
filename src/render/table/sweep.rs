//! The terminal table of a sweep: each value and option with its median cost, mean
//! completions, P(over budget) and P(best).

use crate::analysis::sweep::Point;
use crate::format::{money_short, num, pct};
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style, Width};

/// The sweep as a terminal table.
pub(super) fn table(param: &str, points: &[Point]) -> String {
    let first = &points[0].results;
    let mut b = Builder::default();
    b.push_record([
        param.to_string(),
        "Option".into(),
        "Cost\nP50".into(),
        "Completed\nmean".into(),
        "P(over\nbudget)".into(),
        "P(best)".into(),
    ]);
    for p in points {
        for (i, o) in p.results.options.iter().enumerate() {
            let m = |n: &str| *o.metrics.get(n).expect("metric");
            b.push_record([
                if i == 0 {
                    p.value.clone()
                } else {
                    String::new()
                },
                o.name.clone(),
                money_short(m("cost").p50),
                num(m("completions").mean, 1),
                pct(o.p_over_budget),
                pct(o.p_best),
            ]);
        }
    }
    let mut t = b.build();
    t.with(Style::rounded())
        .modify(Columns::new(2..), Alignment::right())
        .modify(Columns::new(1..2), Width::wrap(34).keep_words(true));
    format!(
        "{} — sweep of {param}: {} values, each run with {} iterations, seed {}\n\n{t}\nP(best) is on {}.\n",
        first.title,
        points.len(),
        num(first.audit.iterations as f64, 0),
        first.audit.seed,
        first.comparison.ranking_metric
    )
}
