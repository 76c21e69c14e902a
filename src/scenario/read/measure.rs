//! What each quantity measures: the domain its draws are clamped to, and the magnitudes that
//! validation accepts so that every figure the model computes stays finite. The bounds are
//! documented in docs/scenario-format.md ("Magnitudes") and docs/model.md ("Magnitude bounds").

use super::fmt_num;
use super::quantity::Domain;
use crate::diag::{Problem, Span};
use crate::dist::Dist;

/// Every number in a scenario is 0 or at least this in size: a smaller one is a typing mistake
/// (and a cost of 1e-300 would make the benefit–cost ratio infinite).
pub(super) const SMALLEST: f64 = 1e-9;

/// No number in a scenario is larger than this in size (money, the largest measure, stops at
/// 1e12); the check comes before any distribution is built from the number.
pub(super) const LARGEST: f64 = 1e15;

/// What a quantity measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::scenario) enum Measure {
    /// £ (per year, once, per case, per unit of outcome).
    Money,
    /// People: a year (demand, places) or per person engaged.
    People,
    /// Months (mobilisation, ramp-up, delay).
    Months,
    /// Full-time equivalent workers.
    Fte,
    /// Cases each worker holds at once.
    Caseload,
    /// Weeks a case lasts (at least 1).
    Weeks,
    /// A share or probability, 0 to 1.
    Share,
    /// An uplift on cost (optimism bias, on-costs): 0.5 is 50%.
    Ratio,
    /// A multiplier of capacity when a risk occurs.
    Factor,
    /// Units of outcome per person.
    Effect,
}

impl Measure {
    /// The values a draw may take; draws outside are clamped to it.
    pub(super) fn domain(self) -> Domain {
        match self {
            Measure::Share => Domain::SHARE,
            Measure::Weeks => Domain::WEEKS,
            _ => Domain::NONNEG,
        }
    }

    /// The largest value validation accepts.
    pub(super) fn max(self) -> f64 {
        match self {
            Measure::Money => 1e12,
            Measure::People => 1e9,
            Measure::Months => 1_200.0,
            Measure::Fte | Measure::Caseload | Measure::Effect => 1e6,
            Measure::Weeks => 5_200.0,
            Measure::Share => 1.0,
            Measure::Ratio | Measure::Factor => 100.0,
        }
    }

    /// What the largest value is, in words: "£1,000,000,000,000 (£1e12) for money".
    pub(super) fn limit(self) -> String {
        let max = with_commas(self.max());
        match self {
            Measure::Money => format!("at most £{max} (1e12) for money"),
            Measure::People => format!("at most {max} (1e9) people"),
            Measure::Months => format!("at most {max} months (100 years)"),
            Measure::Fte => format!("at most {max} FTE"),
            Measure::Caseload => format!("at most {max} cases at once"),
            Measure::Weeks => format!("at most {max} weeks (100 years)"),
            Measure::Share => "at most 1 for a share".to_string(),
            Measure::Ratio => format!("at most {max} (10,000%) for an uplift"),
            Measure::Factor => format!("at most {max} for a capacity factor"),
            Measure::Effect => format!("at most {max} units of outcome per person"),
        }
    }
}

/// `1e12` → `1,000,000,000,000`.
fn with_commas(x: f64) -> String {
    let digits = format!("{}", x as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The problem with a quantity that goes beyond its measure's largest value with probability
/// over 1% (the rule docs/model.md gives for domains), if it does. `whose` ends the allowed text
/// (for a parameter: which places it is used in).
pub(super) fn magnitude_problem(
    dist: &Dist,
    measure: Measure,
    path: &str,
    span: Option<Span>,
    whose: &str,
) -> Option<Problem> {
    let max = measure.max();
    let p = dist.prob_above(max);
    if p <= 0.01 {
        return None;
    }
    let message = if dist.is_fixed() {
        format!(
            "{} is more than the largest value allowed here",
            fmt_num(dist.mean())
        )
    } else {
        format!(
            "this {} distribution goes above {} with probability {:.1}% (at most 1% is allowed)",
            dist.form(),
            with_commas(max),
            100.0 * p
        )
    };
    Some(Problem::new(path, span, message).allowed(format!("{}{whose}", measure.limit())))
}

/// The problem with a number written anywhere in a scenario that is too large, or too close to
/// 0, to compute with, if it is.
pub(super) fn number_problem(x: f64, path: &str, span: Span) -> Option<Problem> {
    if x.abs() > LARGEST {
        Some(
            Problem::new(
                path,
                Some(span),
                format!(
                    "{} is larger than any figure an appraisal needs, and too large to compute with",
                    fmt_num(x)
                ),
            )
            .allowed("numbers up to 1e15 in size; each kind of quantity has its own limit (money up to £1e12 a line), listed under \"Magnitudes\" in docs/scenario-format.md"),
        )
    } else if x != 0.0 && x.abs() < SMALLEST {
        Some(
            Problem::new(
                path,
                Some(span),
                format!(
                    "{} is too close to 0 to compute with (it is almost certainly a typing mistake)",
                    fmt_num(x)
                ),
            )
            .allowed("0, or a number at least 0.000000001 (1e-9) in size"),
        )
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_with_their_units() {
        assert_eq!(
            Measure::Money.limit(),
            "at most £1,000,000,000,000 (1e12) for money"
        );
        assert_eq!(Measure::Months.limit(), "at most 1,200 months (100 years)");
    }

    #[test]
    fn a_quantity_beyond_its_limit_is_refused_and_one_within_is_not() {
        let span = || None;
        let fixed = |x| Dist::fixed(x).unwrap();
        assert!(magnitude_problem(&fixed(1e12), Measure::Money, "x", span(), "").is_none());
        let p = magnitude_problem(&fixed(1e13), Measure::Money, "x", span(), "").unwrap();
        assert_eq!(
            p.message,
            "10000000000000 is more than the largest value allowed here"
        );
        // A lognormal whose 95th percentile is the limit goes beyond it 5% of the time.
        let tail = Dist::lognormal90(1.0, 1e9).unwrap();
        assert!(magnitude_problem(&tail, Measure::People, "x", span(), "").is_some());
        let narrow = Dist::lognormal90(1.0, 1e7).unwrap();
        assert!(magnitude_problem(&narrow, Measure::People, "x", span(), "").is_none());
    }

    #[test]
    fn numbers_too_large_or_too_close_to_zero_are_refused() {
        let at = || Span::file(0..1);
        assert!(number_problem(1e308, "x", at()).is_some());
        assert!(number_problem(5e-324, "x", at()).is_some());
        assert!(number_problem(-1e-300, "x", at()).is_some());
        for ok in [0.0, 1e-9, 0.035, 1e15, -1e15] {
            assert!(number_problem(ok, "x", at()).is_none(), "{ok}");
        }
    }
}
