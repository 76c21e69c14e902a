//! The `[appraisal]` table: title, dates, horizon, discounting, budget and run settings.

use super::super::node::{Node, Value};
use super::super::{Appraisal, Budget, Method, YearMonth};
use super::measure::{Measure, magnitude_problem};
use super::{Reader, join};
use crate::diag::Problem;
use crate::dist::Dist;

impl Reader<'_> {
    pub(super) fn appraisal(&mut self, n: &Node) -> Option<Appraisal> {
        let path = "appraisal";
        let keys = [
            "title",
            "authority",
            "context",
            "price_base_year",
            "start",
            "horizon_years",
            "discount_rate",
            "cash_uplift",
            "budget",
            "iterations",
            "seed",
            "method",
            "ranking_metric",
            "reference",
        ];
        if !self.keys(n, path, &keys) {
            return None;
        }
        let title = self.req_string(
            n,
            path,
            "title",
            "a title in quotes, e.g. \"Responding to domestic abuse perpetration\"",
        );
        let authority = self.opt_string(n, path, "authority");
        let context = self.opt_string(n, path, "context");
        let price_base_year = match n.get("price_base_year") {
            Some(v) => self.integer(
                v,
                "appraisal.price_base_year",
                1900,
                2200,
                "a year such as 2025",
            ),
            None => {
                self.missing(
                    n,
                    path,
                    "price_base_year",
                    "a year such as 2025: all money is in real terms at this year's prices",
                );
                None
            }
        };
        let start = match n.get("start") {
            Some(v) => self.year_month(v, "appraisal.start"),
            None => {
                self.missing(
                    n,
                    path,
                    "start",
                    "the first month of year 0 as \"YYYY-MM\", e.g. \"2026-04\"",
                );
                None
            }
        };
        let horizon_years = match n.get("horizon_years") {
            Some(v) => self.integer(
                v,
                "appraisal.horizon_years",
                1,
                30,
                "a whole number of years from 1 to 30",
            ),
            None => {
                self.missing(
                    n,
                    path,
                    "horizon_years",
                    "a whole number of years from 1 to 30",
                );
                None
            }
        };
        let discount_rate = self.fraction(
            n,
            path,
            "discount_rate",
            0.035,
            "a yearly rate from 0 to 1, e.g. 0.035 (Green Book)",
        );
        let cash_uplift = self.fraction(
            n,
            path,
            "cash_uplift",
            0.0,
            "a yearly rate from 0 to 1, e.g. 0.03; 0 keeps cash in real terms",
        );
        let budget = n.get("budget").and_then(|b| self.budget(b));
        let iterations = match n.get("iterations") {
            Some(v) => self
                .integer(
                    v,
                    "appraisal.iterations",
                    1,
                    100_000_000,
                    "a whole number from 1 to 100,000,000",
                )
                .map(|i| i as u64),
            None => Some(10_000),
        };
        let seed = match n.get("seed") {
            Some(v) => self
                .integer(
                    v,
                    "appraisal.seed",
                    0,
                    i64::MAX,
                    "a whole number of 0 or more",
                )
                .map(|s| Some(s as u64)),
            None => Some(None),
        };
        let method = match n.get("method") {
            Some(v) => self.choice(
                v,
                "appraisal.method",
                &[
                    ("monte_carlo", Method::MonteCarlo),
                    ("latin_hypercube", Method::LatinHypercube),
                ],
            ),
            None => Some(Method::MonteCarlo),
        };
        let ranking_metric = match n.get("ranking_metric") {
            Some(v) => {
                let pairs: Vec<(&str, &str)> = crate::metric::ranking_names()
                    .into_iter()
                    .map(|m| (m, m))
                    .collect();
                self.choice(v, "appraisal.ranking_metric", &pairs)
                    .map(|m| Some(m.to_string()))
            }
            None => Some(None),
        };
        // Checked against the options once they are read.
        let reference = match n.get("reference") {
            Some(v) => self.string(v, "appraisal.reference"),
            None => None,
        };
        Some(Appraisal {
            reference,
            title: title?,
            authority,
            context,
            price_base_year: price_base_year? as i32,
            start: start?,
            horizon_years: horizon_years? as u32,
            discount_rate: discount_rate?,
            cash_uplift: cash_uplift?,
            budget,
            iterations: iterations?,
            seed: seed?,
            method: method?,
            ranking_metric: ranking_metric?,
        })
    }

    pub(super) fn fraction(
        &mut self,
        n: &Node,
        path: &str,
        key: &str,
        default: f64,
        allowed: &str,
    ) -> Option<f64> {
        let Some(v) = n.get(key) else {
            return Some(default);
        };
        let p = join(path, key);
        let x = self.number(v, &p, allowed)?;
        if !(0.0..=1.0).contains(&x) {
            self.push(
                Problem::new(
                    p,
                    Some(v.span.clone()),
                    format!("{x} is outside the allowed range"),
                )
                .allowed(allowed.to_string()),
            );
            return None;
        }
        Some(x)
    }

    pub(super) fn year_month(&mut self, v: &Node, path: &str) -> Option<YearMonth> {
        let allowed = "the first month of year 0 as \"YYYY-MM\", e.g. \"2026-04\"";
        let text = match &v.value {
            Value::Str(s) => s.clone(),
            Value::Datetime(s) => s.clone(),
            other => {
                self.push(
                    Problem::new(
                        path,
                        Some(v.span.clone()),
                        format!("expected \"YYYY-MM\", found {}", other.kind()),
                    )
                    .allowed(allowed),
                );
                return None;
            }
        };
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        let parsed = text
            .split_once('-')
            .filter(|(y, m)| digits(y, 4) && digits(m, 2))
            .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)))
            .filter(|(y, m)| (1900..=2200).contains(y) && (1..=12).contains(m));
        match parsed {
            Some((year, month)) => Some(YearMonth { year, month }),
            None => {
                self.push(
                    Problem::new(
                        path,
                        Some(v.span.clone()),
                        format!("'{text}' is not a month"),
                    )
                    .allowed(allowed),
                );
                None
            }
        }
    }

    pub(super) fn budget(&mut self, b: &Node) -> Option<Budget> {
        let path = "appraisal.budget";
        let allowed = "budget = { annual = 100000 } (most in any one year) or budget = { total = 300000 } (over the horizon), in £ cash";
        if !self.keys(b, path, &["annual", "total", "source", "note"]) {
            return None;
        }
        let annual = b.get("annual");
        let total = b.get("total");
        let (key, node) = match (annual, total) {
            (Some(a), None) => ("annual", a),
            (None, Some(t)) => ("total", t),
            _ => {
                self.push(
                    Problem::new(
                        path,
                        Some(b.span.clone()),
                        "give exactly one of annual or total",
                    )
                    .allowed(allowed),
                );
                return None;
            }
        };
        let _ = self.opt_string(b, path, "source");
        let _ = self.opt_string(b, path, "note");
        let p = join(path, key);
        let x = self.number(node, &p, allowed)?;
        if x < 0.0 {
            self.push(
                Problem::new(p, Some(node.span.clone()), "a budget cannot be negative")
                    .allowed(allowed),
            );
            return None;
        }
        let money = Dist::fixed(x).expect("finite");
        if let Some(problem) =
            magnitude_problem(&money, Measure::Money, &p, Some(node.span.clone()), "")
        {
            self.push(problem);
            return None;
        }
        Some(if key == "annual" {
            Budget::Annual(x)
        } else {
            Budget::Total(x)
        })
    }
}
