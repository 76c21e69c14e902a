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
        "P(best)\nwithin\nbudget".into(),
        "Budget\nneeded\nP80".into(),
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
                pct(o.p_best_within_budget),
                money_short(o.budget_needed.map_or(f64::NAN, |b| b.p80)),
            ]);
        }
    }
    let mut t = b.build();
    t.with(Style::rounded())
        .modify(Columns::new(2..), Alignment::right())
        .modify(Columns::new(1..2), Width::wrap(34).keep_words(true));
    let mut out = format!(
        "{} — sweep of {param}: {} values, each run with {} iterations, seed {}\n\n{t}\nP(best) is on {}; the budget needed is the cash (a year, or in total for a total budget) within which 80% of iterations fall.\n",
        first.title,
        points.len(),
        num(first.audit.iterations as f64, 0),
        first.audit.seed,
        first.comparison.ranking_metric
    );
    out.push_str("\nThe choice at each value (best on the ranking metric; best within budget):\n");
    for p in points {
        out.push_str(&format!(
            "  {param} = {}: {}\n",
            p.value,
            super::decision::choice_line(&p.results)
        ));
    }
    out
}
