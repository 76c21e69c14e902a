//! What the report's multi-criteria section shows: the criteria with their scales and weights,
//! each option's rank acceptabilities, central weights and confidence factor, the chart's data,
//! and a sentence per option on which weights make it first.

use super::Mca;
use crate::analysis::charts::RankAcceptability;
use crate::format::{money, num, pct};
use crate::metric;
use crate::run::Run;
use serde::Serialize;

/// The report's multi-criteria section.
#[derive(Debug, Clone, Serialize)]
pub struct McaReport {
    /// One row per criterion, in scenario order.
    pub criteria: Vec<CriterionRow>,
    /// How the weights were drawn, in words.
    pub weights: String,
    /// One row per option, in scenario order.
    pub options: Vec<OptionRow>,
    /// The largest Monte Carlo standard error of a rank acceptability.
    pub largest_standard_error: f64,
    /// The ranks' headings: "1st", "2nd", …
    pub ranks: Vec<String>,
    /// The mean weight of each criterion over every iteration.
    pub mean_weights: Vec<f64>,
    /// A sentence per option on when it ranks first.
    pub sentences: Vec<String>,
    /// The chart's data.
    pub chart: RankAcceptability,
}

/// A criterion in the report.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionRow {
    /// Name.
    pub name: String,
    /// What is measured, in words.
    pub measure: String,
    /// The value scored 0, as text.
    pub worst: String,
    /// The value scored 1, as text.
    pub best: String,
    /// The weight allowed, in words.
    pub weight: String,
    /// Where it comes from.
    pub source: Option<String>,
}

/// An option in the report.
#[derive(Debug, Clone, Serialize)]
pub struct OptionRow {
    /// Name.
    pub name: String,
    /// Share of iterations at each rank, rank 1 first.
    pub acceptability: Vec<f64>,
    /// Central weights by criterion, when it ever ranks first.
    pub central: Option<Vec<f64>>,
    /// Confidence factor, when it ever ranks first.
    pub confidence: Option<f64>,
}

/// The report's section for `mca`, the multi-criteria appraisal of `run`.
pub fn report(run: &Run, mca: &Mca) -> McaReport {
    let years = run.simulation.model.years;
    let names: Vec<String> = run.results.options.iter().map(|o| o.name.clone()).collect();
    let criteria: Vec<CriterionRow> = mca
        .criteria
        .iter()
        .map(|c| {
            let m = c.metric.as_deref().and_then(|n| metric::find(n, years));
            let show = |x: f64| match m {
                Some(m) if m.unit.is_money() => money(x),
                Some(m) if m.unit == metric::Unit::Share => pct(x),
                _ if x.fract() == 0.0 => num(x, 0),
                _ => num(x, 1),
            };
            CriterionRow {
                name: c.name.clone(),
                measure: match m {
                    Some(m) => format!(
                        "{} ({}; {} is better)",
                        m.phrase,
                        if c.from_run {
                            "scored between the run's 1st and 99th percentiles"
                        } else {
                            "scored on the stated scale"
                        },
                        c.better
                    ),
                    None => format!(
                        "a score from {} to {} ({} is better)",
                        show(c.worst.min(c.best)),
                        show(c.worst.max(c.best)),
                        c.better
                    ),
                },
                worst: show(c.worst),
                best: show(c.best),
                weight: match (c.weight_range, c.rank) {
                    (Some([lo, hi]), _) if lo == hi => pct(lo),
                    (Some([lo, hi]), _) => format!("{} to {}", pct(lo), pct(hi)),
                    (_, Some(r)) => format!("rank {r}"),
                    _ => "any".to_string(),
                },
                source: c.source.clone(),
            }
        })
        .collect();
    let weights = match mca.weights {
        "ranges" => "Weight vectors are drawn uniformly from those whose weights add up to 1 and lie within the ranges given (a criterion without a range may take any weight).",
        "ranks" => "Weight vectors are drawn uniformly from those whose weights add up to 1 and respect the rank order given (a criterion never weighs more than one ranked above it).",
        _ => "No weights are given, so every weight vector whose weights add up to 1 is equally likely.",
    }
    .to_string();
    let options: Vec<OptionRow> = mca
        .rank_acceptability
        .0
        .iter()
        .zip(&mca.central_weights.0)
        .zip(&mca.confidence.0)
        .map(
            |(((_, acceptability), (_, central)), (_, confidence))| OptionRow {
                name: String::new(),
                acceptability: acceptability.clone(),
                central: central
                    .as_ref()
                    .map(|w| w.0.iter().map(|(_, x)| *x).collect()),
                confidence: *confidence,
            },
        )
        .zip(&names)
        .map(|(row, name)| OptionRow {
            name: name.clone(),
            ..row
        })
        .collect();
    let mean_weights: Vec<f64> = mca.mean_weights.0.iter().map(|(_, w)| *w).collect();
    let criterion_names: Vec<&str> = mca.criteria.iter().map(|c| c.name.as_str()).collect();
    let sentences = options
        .iter()
        .map(|o| sentence(o, &mean_weights, &criterion_names))
        .collect();
    McaReport {
        chart: RankAcceptability {
            names,
            shares: options.iter().map(|o| o.acceptability.clone()).collect(),
        },
        criteria,
        weights,
        largest_standard_error: mca.largest_standard_error,
        ranks: (1..=options.len()).map(ordinal).collect(),
        options,
        mean_weights,
        sentences,
    }
}

/// "1st", "2nd", "3rd", "4th", …, "11th", …, "21st".
pub fn ordinal(r: usize) -> String {
    let suffix = match (r % 10, r % 100) {
        (1, n) if n != 11 => "st",
        (2, n) if n != 12 => "nd",
        (3, n) if n != 13 => "rd",
        _ => "th",
    };
    format!("{r}{suffix}")
}

/// A central weight counts as favouring its criterion when it is at least this many times the
/// criterion's mean weight.
const FAVOURS: f64 = 1.25;

/// When `o` ranks first: the criteria its central weights put furthest above their mean
/// weights (up to two, each at least [`FAVOURS`] times its mean), and its confidence factor.
fn sentence(o: &OptionRow, mean: &[f64], criteria: &[&str]) -> String {
    let first = o.acceptability.first().copied().unwrap_or(0.0);
    let Some(central) = o.central.as_ref().filter(|_| first > 0.0) else {
        return format!(
            "{} is never ranked first, whatever the weights allowed.",
            o.name
        );
    };
    let mut above: Vec<usize> = (0..central.len())
        .filter(|&j| central[j] >= FAVOURS * mean[j])
        .collect();
    above.sort_by(|&a, &b| {
        (central[b] - mean[b])
            .total_cmp(&(central[a] - mean[a]))
            .then(a.cmp(&b))
    });
    above.truncate(2);
    let mut s = format!("{} ranks first in {} of iterations", o.name, pct(first));
    if above.is_empty() {
        s.push_str(", under most weights (its central weights are close to the average)");
    } else {
        let which: Vec<String> = above
            .iter()
            .map(|&j| {
                format!(
                    "{} ({} against {} on average)",
                    criteria[j].to_lowercase(),
                    pct(central[j]),
                    pct(mean[j])
                )
            })
            .collect();
        s.push_str(&format!(
            ": it does so when {} weigh{} more than on average",
            which.join(" and "),
            if which.len() == 1 { "s" } else { "" }
        ));
    }
    if let Some(c) = o.confidence {
        s.push_str(&format!(
            "; at its central weights it would be first in {} of iterations",
            pct(c)
        ));
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(first: f64, central: Option<Vec<f64>>, confidence: Option<f64>) -> OptionRow {
        OptionRow {
            name: "Option 2".into(),
            acceptability: vec![first, 1.0 - first],
            central,
            confidence,
        }
    }

    #[test]
    fn the_sentence_names_the_weights_that_make_an_option_first() {
        let names = ["Cost", "Speed to start", "Reach"];
        let mean = [1.0 / 3.0; 3];
        let s = sentence(
            &row(0.45, Some(vec![0.2, 0.5, 0.3]), Some(0.8)),
            &mean,
            &names,
        );
        assert_eq!(
            s,
            "Option 2 ranks first in 45% of iterations: it does so when speed to start (50% against 33% on average) weighs more than on average; at its central weights it would be first in 80% of iterations."
        );
        assert_eq!(
            [ordinal(2), ordinal(12), ordinal(23)],
            ["2nd", "12th", "23rd"]
        );
        let never = sentence(&row(0.0, None, None), &mean, &names);
        assert_eq!(
            never,
            "Option 2 is never ranked first, whatever the weights allowed."
        );
    }
}
