//! Uncertain quantities: a number, a parameter's name or a distribution table, checked against
//! the domain of the place that uses it.

use super::super::node::{Node, Value};
use super::super::{Quantity, QuantityRef};
use super::measure::{Measure, magnitude_problem};
use super::{Reader, fmt_num, join, whole_number_problem};
use crate::diag::{Problem, Span, nearest};
use crate::dist::Dist;
use crate::scenario::mistake::typed_mistake;
use serde::Serialize;

/// The values a quantity may take where it is used; draws outside are clamped to it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Domain {
    /// Smallest allowed value.
    pub lo: f64,
    /// Largest allowed value.
    pub hi: f64,
}

impl Domain {
    pub(super) const NONNEG: Domain = Domain::at_least(0.0);
    pub(super) const SHARE: Domain = Domain { lo: 0.0, hi: 1.0 };
    pub(super) const WEEKS: Domain = Domain::at_least(1.0);
    /// Any real number.
    pub const ANY: Domain = Domain {
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
    };

    const fn at_least(lo: f64) -> Domain {
        Domain {
            lo,
            hi: f64::INFINITY,
        }
    }

    /// The values allowed by both.
    pub fn intersect(self, other: Domain) -> Domain {
        Domain {
            lo: self.lo.max(other.lo),
            hi: self.hi.min(other.hi),
        }
    }

    /// Clamps a draw into the domain.
    pub fn clamp(self, x: f64) -> f64 {
        x.max(self.lo).min(self.hi)
    }

    /// Plain words for the domain.
    pub fn describe(self) -> String {
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (true, true) => format!("values from {} to {}", self.lo, self.hi),
            (true, false) => format!("values of {} or more", self.lo),
            (false, true) => format!("values of {} or less", self.hi),
            (false, false) => "any number".into(),
        }
    }
}

const FORMS: [&str; 10] = [
    "value",
    "uniform",
    "triangular",
    "pert",
    "normal",
    "lognormal90",
    "beta",
    "observed",
    "choice",
    "weights",
];

pub(super) const FORM_HELP: &str = "a number; a parameter's name in quotes; or a table with one of value, uniform = [a, b], triangular = [a, m, b], pert = [a, m, b], normal = [mu, sd], lognormal90 = [p5, p95], beta = [alpha, beta], observed = [k, n], choice = [v1, v2, …] (with optional weights), plus optional source and note";

pub(super) fn domain_problem(
    dist: &Dist,
    domain: Domain,
    path: &str,
    span: Option<Span>,
) -> Option<Problem> {
    let p = dist.prob_outside(domain.lo, domain.hi);
    if p <= 0.01 {
        return None;
    }
    let message = if dist.is_fixed() {
        format!("{} is outside the allowed range", fmt_num(dist.mean()))
    } else {
        format!(
            "this {} distribution falls outside the allowed range with probability {:.1}% (at most 1% is allowed)",
            dist.form(),
            100.0 * p
        )
    };
    Some(Problem::new(path, span, message).allowed(domain.describe()))
}

impl Reader<'_> {
    /// Reads a distribution (not a parameter name), checking its form's rules.
    pub(super) fn dist(&mut self, node: &Node, path: &str) -> Option<Quantity> {
        match &node.value {
            Value::Int(_) | Value::Float(_) => {
                let x = self.number(node, path, FORM_HELP)?;
                Some(Quantity {
                    dist: Dist::fixed(x).ok()?,
                    source: None,
                    note: None,
                    label: None,
                    span: Some(node.span.clone()),
                    is_default: false,
                })
            }
            Value::Table(entries) => {
                let mut ok = self.keys(
                    node,
                    path,
                    &[&FORMS[..], &["source", "note", "label"]].concat(),
                );
                let forms: Vec<&str> = entries
                    .iter()
                    .map(|e| e.key.as_str())
                    .filter(|k| FORMS[..9].contains(k))
                    .collect();
                if forms.len() != 1 {
                    self.push(
                        Problem::new(
                            path,
                            Some(node.span.clone()),
                            if forms.is_empty() {
                                "this table gives no distribution".to_string()
                            } else {
                                format!(
                                    "this table gives more than one distribution ({})",
                                    forms.join(", ")
                                )
                            },
                        )
                        .allowed(FORM_HELP),
                    );
                    return None;
                }
                let form = forms[0];
                let source = self.opt_string(node, path, "source");
                let note = self.opt_string(node, path, "note");
                let label = self.opt_string(node, path, "label");
                if node.get("weights").is_some() && form != "choice" {
                    self.push(
                        Problem::new(
                            join(path, "weights"),
                            node.get("weights").map(|n| n.span.clone()),
                            "weights belong to a choice distribution only",
                        )
                        .allowed("choice = [v1, v2, …], weights = [w1, w2, …]"),
                    );
                    ok = false;
                }
                let arg = node.get(form).expect("form key present");
                let fpath = join(path, form);
                let dist = if form == "value" {
                    let x = self.number(arg, &fpath, "a number")?;
                    Dist::fixed(x)
                } else {
                    let (arity, help) = match form {
                        "uniform" => (Some(2), "uniform = [a, b] with a ≤ b"),
                        "triangular" => (
                            Some(3),
                            "triangular = [min, most likely, max] with min ≤ most likely ≤ max and min < max",
                        ),
                        "pert" => (
                            Some(3),
                            "pert = [min, most likely, max] with min ≤ most likely ≤ max and min < max",
                        ),
                        "normal" => (Some(2), "normal = [mean, sd] with sd ≥ 0"),
                        "lognormal90" => (Some(2), "lognormal90 = [p5, p95] with 0 < p5 < p95"),
                        "beta" => (Some(2), "beta = [alpha, beta], both > 0"),
                        "observed" => (
                            Some(2),
                            "observed = [k, n]: k successes in n trials, whole numbers with 0 ≤ k ≤ n",
                        ),
                        _ => (
                            None,
                            "choice = [v1, v2, …], optionally weights = [w1, w2, …] with weights ≥ 0 and sum > 0",
                        ),
                    };
                    let xs = self.numbers(arg, &fpath, arity, help)?;
                    let d = match form {
                        "uniform" => Dist::uniform(xs[0], xs[1]),
                        "triangular" => Dist::triangular(xs[0], xs[1], xs[2]),
                        "pert" => Dist::pert(xs[0], xs[1], xs[2]),
                        "normal" => Dist::normal(xs[0], xs[1]),
                        "lognormal90" => Dist::lognormal90(xs[0], xs[1]),
                        "beta" => Dist::beta(xs[0], xs[1]),
                        "observed" => {
                            if let Value::Array(items) = &arg.value
                                && let Some((i, item)) = items
                                    .iter()
                                    .enumerate()
                                    .find(|(_, n)| matches!(n.value, Value::Float(_)))
                            {
                                let p = whole_number_problem(
                                    xs[i],
                                    &format!("{fpath}[{i}]"),
                                    item.span.clone(),
                                    "observed counts",
                                );
                                self.push(p.allowed(help));
                                return None;
                            }
                            if xs.iter().any(|x| *x < 0.0) {
                                self.push(
                                    Problem::new(
                                        &fpath,
                                        Some(arg.span.clone()),
                                        "k and n must be 0 or more",
                                    )
                                    .allowed(help),
                                );
                                return None;
                            }
                            Dist::observed(xs[0] as u64, xs[1] as u64)
                        }
                        _ => {
                            let weights = match node.get("weights") {
                                Some(w) => {
                                    Some(self.weights(w, &join(path, "weights"), xs.len(), help)?)
                                }
                                None => None,
                            };
                            Dist::choice(xs, weights)
                        }
                    };
                    match d {
                        Ok(d) => Ok(d),
                        Err(e) => {
                            self.push(
                                Problem::new(&fpath, Some(arg.span.clone()), e.to_string())
                                    .allowed(help),
                            );
                            return None;
                        }
                    }
                };
                if !ok {
                    return None;
                }
                Some(Quantity {
                    dist: dist.ok()?,
                    source,
                    note,
                    label,
                    span: Some(node.span.clone()),
                    is_default: false,
                })
            }
            other => {
                self.push(
                    Problem::new(
                        path,
                        Some(node.span.clone()),
                        format!("expected a quantity, found {}", other.kind()),
                    )
                    .allowed(FORM_HELP),
                );
                None
            }
        }
    }

    /// The weights of a choice: as many as the values, none negative, not all zero.
    pub(super) fn weights(
        &mut self,
        w: &Node,
        wpath: &str,
        values: usize,
        help: &str,
    ) -> Option<Vec<f64>> {
        let ws = self.numbers(w, wpath, None, help)?;
        if let Some(i) = ws.iter().position(|x| *x < 0.0) {
            let at = match &w.value {
                Value::Array(items) => items[i].span.clone(),
                _ => w.span.clone(),
            };
            let message = format!("weight {} is negative ({})", i + 1, fmt_num(ws[i]));
            self.push(Problem::new(format!("{wpath}[{i}]"), Some(at), message).allowed(help));
            return None;
        }
        let problem = if ws.len() != values {
            Some(format!("{} weights for {} values", ws.len(), values))
        } else if ws.iter().sum::<f64>() <= 0.0 {
            Some("the weights add up to 0".to_string())
        } else {
            None
        };
        if let Some(message) = problem {
            self.push(Problem::new(wpath, Some(w.span.clone()), message).allowed(help));
            return None;
        }
        Some(ws)
    }

    pub(super) fn numbers(
        &mut self,
        node: &Node,
        path: &str,
        arity: Option<usize>,
        help: &str,
    ) -> Option<Vec<f64>> {
        let Value::Array(items) = &node.value else {
            self.push(
                Problem::new(
                    path,
                    Some(node.span.clone()),
                    format!("expected a list of numbers, found {}", node.value.kind()),
                )
                .allowed(help.to_string()),
            );
            return None;
        };
        if let Some(n) = arity
            && items.len() != n
        {
            self.push(
                Problem::new(
                    path,
                    Some(node.span.clone()),
                    format!("expected {n} numbers, found {}", items.len()),
                )
                .allowed(help.to_string()),
            );
            return None;
        }
        let xs: Vec<Option<f64>> = items
            .iter()
            .enumerate()
            .map(|(i, n)| self.number(n, &format!("{path}[{i}]"), help))
            .collect();
        xs.into_iter().collect()
    }

    /// Reads a quantity at `key` of `parent` (or its default), checks it against `domain`.
    pub(super) fn quantity(
        &mut self,
        parent: &Node,
        path: &str,
        key: &str,
        measure: Measure,
        default: Option<f64>,
    ) -> Option<QuantityRef> {
        let qpath = join(path, key);
        let Some(node) = parent.get(key) else {
            return match default {
                Some(x) => Some(QuantityRef::Own(Quantity {
                    dist: Dist::fixed(x).expect("defaults are finite"),
                    source: None,
                    note: None,
                    label: None,
                    span: None,
                    is_default: true,
                })),
                None => {
                    self.missing(
                        parent,
                        path,
                        key,
                        &format!("a quantity: {}", measure.domain().describe()),
                    );
                    None
                }
            };
        };
        self.quantity_node(node, &qpath, measure)
    }

    pub(super) fn quantity_node(
        &mut self,
        node: &Node,
        qpath: &str,
        measure: Measure,
    ) -> Option<QuantityRef> {
        let domain = measure.domain();
        if let Value::Str(name) = &node.value {
            return match self.params.iter().position(|p| &p.0 == name) {
                Some(i) => {
                    self.param_domains[i] = self.param_domains[i].intersect(domain);
                    let limit = &mut self.param_limits[i];
                    if limit.is_none_or(|m| measure.max() < m.max()) {
                        *limit = Some(measure);
                    }
                    Some(QuantityRef::Param(i))
                }
                None if self.declared_params.contains(name) => None,
                None if let Some(m) = typed_mistake(name) => {
                    self.push(m.problem(qpath, Some(node.span.clone())));
                    None
                }
                None => {
                    let names: Vec<&str> =
                        self.declared_params.iter().map(String::as_str).collect();
                    let allowed = match (nearest(name, &names), names.is_empty()) {
                        (_, true) => {
                            "the scenario has no [parameters]; write a number or a distribution"
                                .to_string()
                        }
                        (Some(n), _) => {
                            format!("did you mean '{n}'? Parameters: {}", names.join(", "))
                        }
                        (None, _) => format!("a parameter name: {}", names.join(", ")),
                    };
                    self.push(
                        Problem::new(
                            qpath,
                            Some(node.span.clone()),
                            format!("'{name}' is not a parameter"),
                        )
                        .allowed(allowed),
                    );
                    None
                }
            };
        }
        let q = self.dist(node, qpath)?;
        let problem = domain_problem(&q.dist, domain, qpath, q.span.clone())
            .or_else(|| magnitude_problem(&q.dist, measure, qpath, q.span.clone(), ""));
        if let Some(p) = problem {
            self.push(p);
            return None;
        }
        Some(QuantityRef::Own(q))
    }
}
