//! The decision lines under the terminal summary: the choice within budget beside the choice
//! on the ranking metric, the budget each option needs, and options too close to call.

use crate::format::{money, pct};
use crate::results::{IdMap, Results};
use crate::scenario::Budget;

fn name(r: &Results, id: &str) -> String {
    r.options
        .iter()
        .find(|o| o.id == id)
        .map_or_else(|| id.to_string(), |o| o.name.clone())
}

/// The names of the options too close to call against `leader`.
fn too_close(r: &Results, leader: &str, p: &IdMap, lead: &IdMap) -> Vec<String> {
    p.too_close_to(leader, lead)
        .iter()
        .map(|id| name(r, id))
        .collect()
}

/// The lines that follow "Ranked on …": the Monte Carlo error of P(best), the choice within
/// budget, the budgets needed at 80% and 90%, and the variant applied.
pub(super) fn lines(r: &Results) -> String {
    let c = &r.comparison;
    let mut out = String::new();
    let points = |x: f64| format!("±{:.1} points", 100.0 * x);
    if !c.most_often_best.is_empty() {
        out.push_str(&format!(
            "  Monte Carlo standard error of that share: {}.\n",
            points(c.probability_best_mcse.get(&c.most_often_best))
        ));
        for rival in too_close(r, &c.most_often_best, &c.probability_best, &c.lead_mcse) {
            out.push_str(&format!(
                "  Too close to call at this number of iterations against {rival}.\n"
            ));
        }
    }
    let w = &c.within_budget;
    let budget = match r.budget {
        Some(Budget::Annual(b)) => Some(format!("{} a year", money(b))),
        Some(Budget::Total(b)) => Some(format!("{} in total", money(b))),
        None => None,
    };
    if let Some(b) = &budget {
        if w.most_often_best.is_empty() {
            out.push_str(&format!(
                "Within the budget of {b}: no option is ever within it.\n"
            ));
        } else {
            out.push_str(&format!(
                "Within the budget of {b}: {} is best in {} of iterations ({}){}.\n",
                name(r, &w.most_often_best),
                pct(w.probability_best.get(&w.most_often_best)),
                points(w.probability_best_mcse.get(&w.most_often_best)),
                if w.most_often_best == c.most_often_best {
                    "; the same choice"
                } else {
                    "; a different choice from the ranking alone"
                }
            ));
            for rival in too_close(r, &w.most_often_best, &w.probability_best, &w.lead_mcse) {
                out.push_str(&format!(
                    "  Too close to call at this number of iterations against {rival}.\n"
                ));
            }
        }
    }
    let per = match r.budget {
        Some(Budget::Total(_)) => "in total",
        _ => "a year",
    };
    out.push_str(&format!(
        "Budget needed to stay within it in 80% / 90% of iterations (£ cash {per}):\n"
    ));
    for o in &r.options {
        if let Some(b) = &o.budget_needed {
            out.push_str(&format!(
                "  {}: {} / {}\n",
                o.name,
                money(b.p80),
                money(b.p90)
            ));
        }
    }
    if let Some(v) = &r.audit.variant {
        out.push_str(&format!(
            "\nVariant {v}{}; its overrides: {}\n",
            r.audit
                .variant_description
                .as_deref()
                .map_or_else(String::new, |d| format!(": {d}")),
            if r.audit.variant_overrides.is_empty() {
                "none".to_string()
            } else {
                r.audit.variant_overrides.join(", ")
            }
        ));
    }
    out
}

/// "X (74%); within budget Y (73%)": the choice on the ranking metric and within budget.
pub(super) fn choice_line(r: &Results) -> String {
    let c = &r.comparison;
    let w = &c.within_budget;
    let one = |id: &str, p: &IdMap| {
        if id.is_empty() {
            "none".to_string()
        } else {
            format!("{} ({})", name(r, id), pct(p.get(id)))
        }
    };
    let mut line = one(&c.most_often_best, &c.probability_best);
    if r.budget.is_some() {
        line.push_str(&format!(
            "; within budget {}",
            one(&w.most_often_best, &w.probability_best)
        ));
    }
    line
}
