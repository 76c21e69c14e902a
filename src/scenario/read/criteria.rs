//! `[[criteria]]`: the criteria of the multi-criteria appraisal, each a metric of the run or a
//! score per option on a stated scale, with its direction and how much it may weigh.

use super::super::node::{Node, Value};
use super::super::{Criterion, CriterionWeight, OptionSpec, Quantity};
use super::quantity::{Domain, domain_problem};
use super::{Reader, fmt_num, join};
use crate::diag::{Problem, nearest};
use crate::metric::Better;
use crate::stats::simplex::{Restriction, WeightSampler};

const KEYS: [&str; 11] = [
    "id",
    "name",
    "description",
    "better",
    "metric",
    "scores",
    "scale",
    "weight",
    "rank",
    "source",
    "note",
];

const WEIGHT_HELP: &str = "a weight from 0 to 1 (weight = 0.2), a range (weight = { uniform = [0.1, 0.3] }), or a rank among the criteria instead (rank = 1 for the most important)";

impl Reader<'_> {
    /// Reads `[[criteria]]`, given the options read (each needs a score), the years appraised
    /// and the whole document (whose options with problems of their own are not reported again).
    pub(super) fn criteria(
        &mut self,
        n: &Node,
        options: &[OptionSpec],
        years: Option<u32>,
        doc: &Node,
    ) -> Vec<Criterion> {
        self.declared_options = match doc.get("options").map(|o| &o.value) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|i| match i.get("id").map(|id| &id.value) {
                    Some(Value::Str(id)) => Some(id.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let Value::Array(items) = &n.value else {
            self.push(
                Problem::new(
                    "criteria",
                    Some(n.span.clone()),
                    format!("expected [[criteria]] entries, found {}", n.value.kind()),
                )
                .allowed("[[criteria]] tables with id, name and either metric or scores"),
            );
            return Vec::new();
        };
        let mut ids: Vec<String> = Vec::new();
        let mut out = Vec::new();
        let mut weight_spans = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("criteria[{i}]");
            if !self.keys(item, &path, &KEYS) {
                continue;
            }
            let Some(id) = self.id(item, &path, &ids, "criteria") else {
                continue;
            };
            ids.push(id.clone());
            if let Some(c) = self.criterion(item, &format!("criteria.{id}"), id, options, years) {
                weight_spans.push(
                    item.get("weight")
                        .or(item.get("rank"))
                        .unwrap_or(item)
                        .span
                        .clone(),
                );
                out.push(c);
            }
        }
        if out.len() == items.len() {
            self.check_weights(&out, &weight_spans);
        }
        out
    }

    fn criterion(
        &mut self,
        item: &Node,
        path: &str,
        id: String,
        options: &[OptionSpec],
        years: Option<u32>,
    ) -> Option<Criterion> {
        let name = self.req_string(item, path, "name", "the criterion's name in quotes");
        let description = self.opt_string(item, path, "description");
        let source = self.opt_string(item, path, "source");
        let note = self.opt_string(item, path, "note");
        let better = match item.get("better") {
            Some(b) => Some(self.choice(
                b,
                &join(path, "better"),
                &[("higher", Better::Higher), ("lower", Better::Lower)],
            )?),
            None => None,
        };
        let scale = match item.get("scale") {
            Some(s) => Some(self.scale(s, &join(path, "scale"))?),
            None => None,
        };
        let weight = self.criterion_weight(item, path)?;
        let measure_help = "either metric = \"cost_pv\" (a metric of the run) or scores = { option_id = 3, … } (a score for every option on the scale)";
        let (metric, scores, better) = match (item.get("metric"), item.get("scores")) {
            (Some(m), scores) => {
                let (metric, own) = self.criterion_metric(m, &join(path, "metric"), years)?;
                // With a metric, scores stand in for options it does not measure.
                let scores = match scores {
                    Some(s) => self.scores(s, &join(path, "scores"), options, scale, false)?,
                    None => vec![None; options.len()],
                };
                (Some(metric), scores, better.unwrap_or(own))
            }
            (None, Some(s)) => {
                let Some(better) = better else {
                    self.missing(item, path, "better", "better = \"higher\" or \"lower\"");
                    return None;
                };
                if scale.is_none() {
                    self.missing(
                        item,
                        path,
                        "scale",
                        "the scale the scores are given on, e.g. scale = [1, 5]",
                    );
                    return None;
                }
                let scores = self.scores(s, &join(path, "scores"), options, scale, true)?;
                (None, scores, better)
            }
            (None, None) => {
                self.missing(item, path, "metric", measure_help);
                return None;
            }
        };
        Some(Criterion {
            id,
            name: name?,
            description,
            better,
            metric,
            scores,
            scale,
            weight,
            source,
            note,
        })
    }

    /// `scale = [low, high]` with low < high.
    fn scale(&mut self, s: &Node, path: &str) -> Option<(f64, f64)> {
        let help = "scale = [low, high] with low < high, e.g. [1, 5]; for a metric, the values that count as worst and best (else the run's 1st to 99th percentiles)";
        let xs = self.numbers(s, path, Some(2), help)?;
        if xs[0] >= xs[1] {
            self.push(
                Problem::new(
                    path,
                    Some(s.span.clone()),
                    format!(
                        "the scale runs from {} to {}: the first number must be the smaller",
                        fmt_num(xs[0]),
                        fmt_num(xs[1])
                    ),
                )
                .allowed(help),
            );
            return None;
        }
        Some((xs[0], xs[1]))
    }

    /// The metric's name and which way it is better.
    fn criterion_metric(
        &mut self,
        m: &Node,
        path: &str,
        years: Option<u32>,
    ) -> Option<(String, Better)> {
        let name = self.string(m, path)?;
        let years = years? as usize;
        match crate::metric::find(&name, years) {
            Some(metric) => Some((name, metric.better)),
            None => {
                let names = crate::metric::names(years);
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                let hint = match nearest(&name, &names) {
                    Some(n) => format!("did you mean '{n}'? Metrics: {}", names.join(", ")),
                    None => format!("a metric: {}", names.join(", ")),
                };
                self.push(
                    Problem::new(
                        path,
                        Some(m.span.clone()),
                        format!("'{name}' is not a metric"),
                    )
                    .allowed(hint),
                );
                None
            }
        }
    }

    /// `scores = { option_id = quantity, … }`, each on the scale (if any): one for every option
    /// when `every`, else for some.
    fn scores(
        &mut self,
        s: &Node,
        path: &str,
        options: &[OptionSpec],
        scale: Option<(f64, f64)>,
        every: bool,
    ) -> Option<Vec<Option<Quantity>>> {
        let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
        let Some(entries) = s.entries() else {
            self.push(
                Problem::new(
                    path,
                    Some(s.span.clone()),
                    format!("expected a table of scores, found {}", s.value.kind()),
                )
                .allowed(format!(
                    "a score for each option: {}",
                    ids.iter()
                        .map(|i| format!("{i} = …"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            return None;
        };
        let domain = scale.map_or(Domain::ANY, |(lo, hi)| Domain { lo, hi });
        let mut scores: Vec<Option<Quantity>> = vec![None; options.len()];
        let mut ok = true;
        for e in entries {
            let qpath = join(path, &e.key);
            let Some(o) = ids.iter().position(|i| *i == e.key) else {
                ok = false;
                if self.declared_options.contains(&e.key) {
                    continue;
                }
                let hint = match nearest(&e.key, &ids) {
                    Some(n) => format!("did you mean '{n}'? Options: {}", ids.join(", ")),
                    None => format!("an option's id: {}", ids.join(", ")),
                };
                self.push(
                    Problem::new(
                        qpath,
                        Some(e.key_span.clone()),
                        format!("'{}' is not an option", e.key),
                    )
                    .allowed(hint),
                );
                continue;
            };
            let Some(q) = self.dist(&e.node, &qpath) else {
                ok = false;
                continue;
            };
            if let Some(p) = domain_problem(&q.dist, domain, &qpath, q.span.clone()) {
                self.push(p.allowed(format!("{} (the criterion's scale)", domain.describe())));
                ok = false;
                continue;
            }
            scores[o] = Some(q);
        }
        let missing: Vec<&str> = ids
            .iter()
            .zip(&scores)
            .filter(|(_, q)| q.is_none())
            .map(|(i, _)| *i)
            .collect();
        if ok && every && !missing.is_empty() {
            self.push(
                Problem::new(
                    path,
                    Some(s.span.clone()),
                    format!("no score for {}", missing.join(", ")),
                )
                .allowed("a score for every option, including the baseline"),
            );
            return None;
        }
        ok.then_some(scores)
    }

    /// `weight = 0.2`, `weight = { uniform = [lo, hi] }`, `rank = 1`, or neither.
    fn criterion_weight(&mut self, item: &Node, path: &str) -> Option<CriterionWeight> {
        match (item.get("weight"), item.get("rank")) {
            (None, None) => Some(CriterionWeight::Any),
            (Some(_), Some(r)) => {
                self.push(
                    Problem::new(
                        join(path, "rank"),
                        Some(r.span.clone()),
                        "a criterion has a weight or a rank, not both",
                    )
                    .allowed(WEIGHT_HELP),
                );
                None
            }
            (None, Some(r)) => {
                let rank = self.integer(
                    r,
                    &join(path, "rank"),
                    1,
                    1000,
                    "a whole number from 1 (the most important)",
                )?;
                Some(CriterionWeight::Rank(rank as u32))
            }
            (Some(w), None) => {
                let wpath = join(path, "weight");
                let (lo, hi) = match &w.value {
                    Value::Int(_) | Value::Float(_) => {
                        let x = self.number(w, &wpath, WEIGHT_HELP)?;
                        (x, x)
                    }
                    Value::Table(_) => {
                        if !self.keys(w, &wpath, &["uniform", "source", "note"]) {
                            return None;
                        }
                        let _ = self.opt_string(w, &wpath, "source");
                        let _ = self.opt_string(w, &wpath, "note");
                        let Some(u) = w.get("uniform") else {
                            self.missing(w, &wpath, "uniform", WEIGHT_HELP);
                            return None;
                        };
                        let xs = self.numbers(u, &join(&wpath, "uniform"), Some(2), WEIGHT_HELP)?;
                        (xs[0], xs[1])
                    }
                    other => {
                        self.push(
                            Problem::new(
                                &wpath,
                                Some(w.span.clone()),
                                format!("expected a weight, found {}", other.kind()),
                            )
                            .allowed(WEIGHT_HELP),
                        );
                        return None;
                    }
                };
                if !(0.0 <= lo && lo <= hi && hi <= 1.0) {
                    self.push(
                        Problem::new(
                            &wpath,
                            Some(w.span.clone()),
                            if lo > hi {
                                format!(
                                    "the range runs from {} to {}: the first number must be the smaller",
                                    fmt_num(lo),
                                    fmt_num(hi)
                                )
                            } else {
                                "a weight is a share of the whole, from 0 to 1".to_string()
                            },
                        )
                        .allowed(WEIGHT_HELP),
                    );
                    return None;
                }
                Some(CriterionWeight::Range(lo, hi))
            }
        }
    }

    /// Weights given for some criteria must fit with the others': ranks for all or none, and
    /// ranges that leave room on the simplex.
    fn check_weights(&mut self, criteria: &[Criterion], spans: &[crate::diag::Span]) {
        let ranked = criteria
            .iter()
            .filter(|c| matches!(c.weight, CriterionWeight::Rank(_)))
            .count();
        if ranked > 0 && ranked < criteria.len() {
            let (i, c) = criteria
                .iter()
                .enumerate()
                .find(|(_, c)| !matches!(c.weight, CriterionWeight::Rank(_)))
                .expect("some criterion has no rank");
            self.push(
                Problem::new(
                    format!("criteria.{}", c.id),
                    Some(spans[i].clone()),
                    "some criteria are ranked and this one is not: rank every criterion, or none",
                )
                .allowed("rank = 1, 2, … on every criterion (equal ranks allowed), or weight ranges instead"),
            );
            return;
        }
        if let Some(restriction) = weight_restriction(criteria)
            && let Err(e) = WeightSampler::new(criteria.len(), &restriction)
        {
            let first = criteria
                .iter()
                .position(|c| matches!(c.weight, CriterionWeight::Range(..)))
                .unwrap_or(0);
            self.push(
                Problem::new("criteria", Some(spans[first].clone()), format!("the criteria's weights cannot be drawn: {e}"))
                    .allowed("weight ranges whose smallest values add up to at most 1 and largest to at least 1, wide enough to leave room (a criterion without a weight may take any)"),
            );
        }
    }
}

/// The restriction on the weights the criteria give, if any: ranks, or ranges (a criterion
/// without one may take any weight from 0 to 1).
pub fn weight_restriction(criteria: &[Criterion]) -> Option<Restriction> {
    if criteria
        .iter()
        .all(|c| matches!(c.weight, CriterionWeight::Rank(_)))
        && !criteria.is_empty()
    {
        return Some(Restriction::Ranks(
            criteria
                .iter()
                .map(|c| match c.weight {
                    CriterionWeight::Rank(r) => r,
                    _ => unreachable!("all ranked"),
                })
                .collect(),
        ));
    }
    if criteria
        .iter()
        .any(|c| matches!(c.weight, CriterionWeight::Range(..)))
    {
        return Some(Restriction::Bounds(
            criteria
                .iter()
                .map(|c| match c.weight {
                    CriterionWeight::Range(lo, hi) => (lo, hi),
                    _ => (0.0, 1.0),
                })
                .collect(),
        ));
    }
    None
}
