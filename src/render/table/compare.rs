//! The terminal table of a comparison: the scenario and each of its variants, side by side.

use crate::analysis::compare::{CompareRow, VariantResults};
use crate::format::{money_short, num, pct};
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style, Width};

/// The comparison as a terminal table.
pub(super) fn table(runs: &[VariantResults], rows: &[CompareRow]) -> String {
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
        "P(best)\nwithin\nbudget",
        "Budget\nneeded\nP80",
    ]);
    let mut last = String::new();
    for r in rows {
        let variant = if r.variant == last {
            String::new()
        } else {
            r.variant.clone()
        };
        last = r.variant.clone();
        b.push_record([
            variant,
            r.name.clone(),
            money_short(r.cost_p10),
            money_short(r.cost_p50),
            money_short(r.cost_p90),
            num(r.completions_mean, 1),
            money_short(r.npv_mean),
            pct(r.p_over_budget),
            pct(r.p_best),
            pct(r.p_best_within_budget),
            money_short(r.budget_needed_p80),
        ]);
    }
    let mut t = b.build();
    t.with(Style::rounded())
        .modify(Columns::new(2..), Alignment::right())
        .modify(Columns::new(1..2), Width::wrap(34).keep_words(true));
    let first = &runs[0].results;
    let mut out = format!(
        "{} — the scenario and its variants, each run with {} iterations, seed {}\n\n",
        first.title,
        num(first.audit.iterations as f64, 0),
        first.audit.seed
    );
    for r in runs.iter().skip(1) {
        let v = r.variant.as_ref().expect("variants after the base");
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
        "\nP(best) is on {}; costs are real totals over each run's horizon; the budget needed is \
         the cash (a year, or in total for a total budget) within which 80% of iterations fall.\n",
        first.comparison.ranking_metric
    ));
    out.push_str(&choices(runs));
    out
}

/// Each run's choice on the ranking metric and within budget, one line each.
pub(super) fn choices(runs: &[VariantResults]) -> String {
    let mut out = String::from(
        "\nThe choice in each run (best on the ranking metric; best within budget):\n",
    );
    for r in runs {
        let name = r.variant.as_ref().map_or("base", |v| v.name.as_str());
        out.push_str(&format!(
            "  {name}: {}\n",
            super::decision::choice_line(&r.results)
        ));
    }
    out
}
