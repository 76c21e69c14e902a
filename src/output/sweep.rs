//! `appraise sweep`: one input over a list of values, every point on the same seed.

use crate::format::{money_short, num, pct};
use crate::results::Results;
use crate::{Error, Request};
use serde::Serialize;
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style, Width};

/// One point of a sweep: the value given to the input and the results there.
pub struct Point {
    /// The value, as written (TOML).
    pub value: String,
    /// The results with that value.
    pub results: Results,
}

/// The values of `--range FROM:TO:STEPS`: STEPS evenly spaced numbers from FROM to TO.
pub fn range_values(spec: &str) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let bad = || {
        format!(
            "'{spec}' is not a range\n  = allowed: FROM:TO:STEPS, e.g. 60000:140000:5 (five values from 60,000 to 140,000)"
        )
    };
    if parts.len() != 3 {
        return Err(bad());
    }
    let from: f64 = parts[0].trim().parse().map_err(|_| bad())?;
    let to: f64 = parts[1].trim().parse().map_err(|_| bad())?;
    let steps: usize = parts[2].trim().parse().map_err(|_| bad())?;
    if !(from.is_finite() && to.is_finite() && (2..=1000).contains(&steps)) {
        return Err(bad());
    }
    Ok((0..steps)
        .map(|i| {
            let x = from + (to - from) * i as f64 / (steps - 1) as f64;
            if x.fract() == 0.0 && x.abs() < 1e15 {
                format!("{}", x as i64)
            } else {
                format!("{x}")
            }
        })
        .collect())
}

/// The values of `--values a,b,c`.
pub fn list_values(spec: &str) -> Result<Vec<String>, String> {
    let values: Vec<String> = spec
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if values.is_empty() {
        return Err(
            "--values is empty\n  = allowed: a comma-separated list, e.g. 60000,80000,100000"
                .into(),
        );
    }
    Ok(values)
}

/// Runs the scenario once per value of `param`, each with the same seed and iterations.
pub fn run(req: &Request, param: &str, values: &[String]) -> Result<Vec<Point>, Error> {
    let mut points = Vec::with_capacity(values.len());
    for v in values {
        let mut r = req.clone();
        r.overrides.push(format!("{param}={v}"));
        let a = crate::appraise(&r)?;
        points.push(Point {
            value: v.clone(),
            results: a.results,
        });
    }
    Ok(points)
}

/// One option at one point.
#[derive(Debug, Serialize)]
pub struct Row {
    /// The swept input.
    pub param: String,
    /// Its value.
    pub value: String,
    /// Option id.
    pub option: String,
    /// Median total real cost (£).
    pub cost_p50: f64,
    /// Mean completions.
    pub completions_mean: f64,
    /// P(over budget).
    pub p_over_budget: f64,
    /// P(best) on the ranking metric.
    pub p_best: f64,
}

/// Every option at every point.
pub fn rows(param: &str, points: &[Point]) -> Vec<Row> {
    let mut out = Vec::new();
    for p in points {
        for o in &p.results.options {
            let m = |n: &str| *o.metrics.get(n).expect("metric");
            out.push(Row {
                param: param.to_string(),
                value: p.value.clone(),
                option: o.id.clone(),
                cost_p50: m("cost").p50,
                completions_mean: m("completions").mean,
                p_over_budget: o.p_over_budget,
                p_best: o.p_best,
            });
        }
    }
    out
}

/// The sweep as a terminal table.
pub fn table(param: &str, points: &[Point]) -> String {
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

/// The sweep as JSON.
pub fn json(param: &str, points: &[Point]) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        title: &'a str,
        param: &'a str,
        values: Vec<&'a str>,
        seed: u64,
        iterations: u64,
        ranking_metric: &'a str,
        rows: Vec<Row>,
    }
    let first = &points[0].results;
    let mut s = serde_json::to_string_pretty(&Out {
        title: &first.title,
        param,
        values: points.iter().map(|p| p.value.as_str()).collect(),
        seed: first.audit.seed,
        iterations: first.audit.iterations,
        ranking_metric: &first.comparison.ranking_metric,
        rows: rows(param, points),
    })
    .expect("serialises");
    s.push('\n');
    s
}

/// The sweep as CSV, one row per value and option.
pub fn csv(param: &str, points: &[Point]) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows(param, points) {
        w.serialize(r)
            .map_err(|e| Error::Output(format!("cannot write CSV: {e}")))?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Output(e.to_string()))?;
    Ok(String::from_utf8(bytes).expect("UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_lists() {
        assert_eq!(range_values("1:4:4").unwrap(), ["1", "2", "3", "4"]);
        assert_eq!(range_values("0:1:3").unwrap(), ["0", "0.5", "1"]);
        assert!(range_values("1:4").is_err());
        assert!(range_values("1:4:1").is_err());
        assert_eq!(list_values("60000, 80000,").unwrap(), ["60000", "80000"]);
        assert!(list_values(" , ").is_err());
    }
}
