//! Reading the spanned tree into a [`Scenario`], collecting every problem on the way.

use super::node::{Node, Value};
use super::*;
use crate::diag::nearest;

/// The values a quantity may take where it is used; draws outside are clamped to it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Domain {
    /// Smallest allowed value.
    pub lo: f64,
    /// Largest allowed value.
    pub hi: f64,
}

impl Domain {
    const MONEY: Domain = Domain::at_least(0.0);
    const COUNT: Domain = Domain::at_least(0.0);
    const MONTHS: Domain = Domain::at_least(0.0);
    const NONNEG: Domain = Domain::at_least(0.0);
    const SHARE: Domain = Domain { lo: 0.0, hi: 1.0 };
    const WEEKS: Domain = Domain::at_least(1.0);
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

const FORM_HELP: &str = "a number; a parameter's name in quotes; or a table with one of value, uniform = [a, b], triangular = [a, m, b], pert = [a, m, b], normal = [mu, sd], lognormal90 = [p5, p95], beta = [alpha, beta], observed = [k, n], choice = [v1, v2, …] (with optional weights), plus optional source and note";

struct Reader<'d> {
    problems: Vec<Problem>,
    /// Parameters as read so far: name, quantity, node (for spans) and the domain of every use.
    params: Vec<(String, Quantity, &'d Node)>,
    param_domains: Vec<Domain>,
    /// Every declared parameter name, valid or not (an invalid one is reported once, where it
    /// is declared, not again where it is used).
    declared_params: Vec<String>,
    demand_ids: Vec<String>,
}

/// Reads and validates a whole scenario.
pub(super) fn read(doc: &Node) -> Result<Scenario, Vec<Problem>> {
    let mut r = Reader {
        problems: Vec::new(),
        params: Vec::new(),
        param_domains: Vec::new(),
        declared_params: Vec::new(),
        demand_ids: Vec::new(),
    };
    r.keys(
        doc,
        "",
        &[
            "appraisal",
            "parameters",
            "demand",
            "options",
            "variants",
            "correlations",
        ],
    );
    let appraisal = match doc.get("appraisal") {
        Some(n) => r.appraisal(n),
        None => {
            r.problems.push(
                Problem::new("appraisal", None, "the [appraisal] table is missing")
                    .allowed("[appraisal] with title, price_base_year, start and horizon_years"),
            );
            None
        }
    };
    if let Some(n) = doc.get("parameters") {
        r.parameters(n);
    }
    let demand = match doc.get("demand") {
        Some(n) => r.demand(n),
        None => Vec::new(),
    };
    let correlations = match doc.get("correlations") {
        Some(n) => r.correlations(n),
        None => Vec::new(),
    };
    let months = appraisal.as_ref().map(|a| a.horizon_years * 12);
    let options = match doc.get("options") {
        Some(n) => r.options(n, months),
        None => {
            r.problems.push(
                Problem::new("options", None, "the scenario has no options to compare")
                    .allowed("one or more [[options]] entries, each with id, kind and name"),
            );
            Vec::new()
        }
    };
    // A parameter's distribution must fit every place it is used.
    for (i, (name, q, node)) in r.params.iter().enumerate() {
        let domain = r.param_domains[i];
        if domain.lo > domain.hi {
            r.problems.push(Problem::new(
                format!("parameters.{name}"),
                Some(node.span.clone()),
                "this parameter is used in places whose allowed values do not overlap",
            ));
            continue;
        }
        if let Some(p) = domain_problem(
            &q.dist,
            domain,
            &format!("parameters.{name}"),
            Some(node.span.clone()),
        ) {
            r.problems.push(p.allowed(format!(
                "{} (the values every place that uses this parameter allows)",
                domain.describe()
            )));
        }
    }
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    let parameters = r
        .params
        .into_iter()
        .zip(r.param_domains)
        .map(|((name, quantity, _), domain)| Parameter {
            name,
            quantity,
            domain,
        })
        .collect();
    Ok(Scenario {
        appraisal: appraisal.expect("no problems means the appraisal was read"),
        parameters,
        demand,
        options,
        correlations,
    })
}

/// Metrics that may rank options.
pub const RANKING_METRICS: [&str; 6] = ["npv", "bcr", "completions", "engaged", "cost", "cost_pv"];

fn domain_problem(dist: &Dist, domain: Domain, path: &str, span: Option<Span>) -> Option<Problem> {
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

fn fmt_num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'d> Reader<'d> {
    fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    /// Reports keys of a table that are not in `allowed`, suggesting the nearest; reports a
    /// non-table. Returns whether `node` is a table.
    fn keys(&mut self, node: &Node, path: &str, allowed: &[&str]) -> bool {
        let Some(entries) = node.entries() else {
            self.push(
                Problem::new(
                    path,
                    Some(node.span.clone()),
                    format!("expected a table here, found {}", node.value.kind()),
                )
                .allowed(format!("a table with keys: {}", allowed.join(", "))),
            );
            return false;
        };
        for e in entries {
            if !allowed.contains(&e.key.as_str()) {
                let hint = match nearest(&e.key, allowed) {
                    Some(s) => format!("did you mean '{s}'? Keys here: {}", allowed.join(", ")),
                    None => format!("keys here: {}", allowed.join(", ")),
                };
                self.push(
                    Problem::new(
                        join(path, &e.key),
                        Some(e.key_span.clone()),
                        format!("unknown key '{}'", e.key),
                    )
                    .allowed(hint),
                );
            }
        }
        true
    }

    fn missing(&mut self, parent: &Node, path: &str, key: &str, allowed: &str) {
        self.push(
            Problem::new(
                join(path, key),
                Some(parent.span.clone()),
                format!("the required key '{key}' is missing"),
            )
            .allowed(allowed.to_string()),
        );
    }

    fn string(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            other => {
                self.push(
                    Problem::new(
                        path,
                        Some(node.span.clone()),
                        format!("expected text in quotes, found {}", other.kind()),
                    )
                    .allowed("text in double quotes"),
                );
                None
            }
        }
    }

    fn opt_string(&mut self, parent: &Node, path: &str, key: &str) -> Option<String> {
        parent
            .get(key)
            .and_then(|n| self.string(n, &join(path, key)))
    }

    fn req_string(
        &mut self,
        parent: &Node,
        path: &str,
        key: &str,
        allowed: &str,
    ) -> Option<String> {
        match parent.get(key) {
            Some(n) => self.string(n, &join(path, key)),
            None => {
                self.missing(parent, path, key, allowed);
                None
            }
        }
    }

    fn number(&mut self, node: &Node, path: &str, allowed: &str) -> Option<f64> {
        let x = match node.value {
            Value::Int(i) => i as f64,
            Value::Float(x) => x,
            ref other => {
                self.push(
                    Problem::new(
                        path,
                        Some(node.span.clone()),
                        format!("expected a number, found {}", other.kind()),
                    )
                    .allowed(allowed.to_string()),
                );
                return None;
            }
        };
        if !x.is_finite() {
            self.push(
                Problem::new(path, Some(node.span.clone()), "the number must be finite")
                    .allowed(allowed.to_string()),
            );
            return None;
        }
        Some(x)
    }

    /// A whole number within [lo, hi].
    fn integer(&mut self, node: &Node, path: &str, lo: i64, hi: i64, allowed: &str) -> Option<i64> {
        let v = match node.value {
            Value::Int(i) => i,
            Value::Float(x) if x.fract() == 0.0 && x.abs() < 9e15 => x as i64,
            Value::Float(x) if x.fract() == 0.0 || x.is_infinite() => {
                let shown = if x.is_finite() {
                    format!("{x:.0}")
                } else {
                    "this number".into()
                };
                self.push(
                    Problem::new(
                        path,
                        Some(node.span.clone()),
                        format!("{shown} is outside the allowed range"),
                    )
                    .allowed(allowed.to_string()),
                );
                return None;
            }
            ref other => {
                self.push(
                    Problem::new(
                        path,
                        Some(node.span.clone()),
                        format!("expected a whole number, found {}", other.kind()),
                    )
                    .allowed(allowed.to_string()),
                );
                return None;
            }
        };
        if v < lo || v > hi {
            self.push(
                Problem::new(
                    path,
                    Some(node.span.clone()),
                    format!("{v} is outside the allowed range"),
                )
                .allowed(allowed.to_string()),
            );
            return None;
        }
        Some(v)
    }

    fn choice<T: Copy>(&mut self, node: &Node, path: &str, choices: &[(&str, T)]) -> Option<T> {
        let names: Vec<&str> = choices.iter().map(|c| c.0).collect();
        let s = self.string(node, path)?;
        match choices.iter().find(|c| c.0 == s) {
            Some(c) => Some(c.1),
            None => {
                let hint = match nearest(&s, &names) {
                    Some(n) => format!("did you mean '{n}'? Choose from: {}", names.join(", ")),
                    None => format!("choose from: {}", names.join(", ")),
                };
                self.push(
                    Problem::new(
                        path,
                        Some(node.span.clone()),
                        format!("'{s}' is not a choice here"),
                    )
                    .allowed(hint),
                );
                None
            }
        }
    }

    fn string_list(&mut self, node: &Node, path: &str) -> Vec<String> {
        match &node.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| self.string(n, &format!("{path}[{i}]")))
                .collect(),
            other => {
                self.push(
                    Problem::new(
                        path,
                        Some(node.span.clone()),
                        format!("expected a list of text, found {}", other.kind()),
                    )
                    .allowed("a list such as [\"first item\", \"second item\"]"),
                );
                Vec::new()
            }
        }
    }

    /// Reads a distribution (not a parameter name), checking its form's rules.
    fn dist(&mut self, node: &Node, path: &str) -> Option<Quantity> {
        match &node.value {
            Value::Int(_) | Value::Float(_) => {
                let x = self.number(node, path, FORM_HELP)?;
                Some(Quantity {
                    dist: Dist::fixed(x).ok()?,
                    source: None,
                    note: None,
                    span: Some(node.span.clone()),
                    is_default: false,
                })
            }
            Value::Table(entries) => {
                let mut ok = self.keys(node, path, &[&FORMS[..], &["source", "note"]].concat());
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
                            if xs.iter().any(|x| x.fract() != 0.0 || *x < 0.0) {
                                self.push(
                                    Problem::new(
                                        &fpath,
                                        Some(arg.span.clone()),
                                        "k and n must be whole numbers of 0 or more",
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
    fn weights(&mut self, w: &Node, wpath: &str, values: usize, help: &str) -> Option<Vec<f64>> {
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

    fn numbers(
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
    fn quantity(
        &mut self,
        parent: &Node,
        path: &str,
        key: &str,
        domain: Domain,
        default: Option<f64>,
    ) -> Option<QuantityRef> {
        let qpath = join(path, key);
        let Some(node) = parent.get(key) else {
            return match default {
                Some(x) => Some(QuantityRef::Own(Quantity {
                    dist: Dist::fixed(x).expect("defaults are finite"),
                    source: None,
                    note: None,
                    span: None,
                    is_default: true,
                })),
                None => {
                    self.missing(
                        parent,
                        path,
                        key,
                        &format!("a quantity: {}", domain.describe()),
                    );
                    None
                }
            };
        };
        self.quantity_node(node, &qpath, domain)
    }

    fn quantity_node(&mut self, node: &Node, qpath: &str, domain: Domain) -> Option<QuantityRef> {
        if let Value::Str(name) = &node.value {
            return match self.params.iter().position(|p| &p.0 == name) {
                Some(i) => {
                    self.param_domains[i] = self.param_domains[i].intersect(domain);
                    Some(QuantityRef::Param(i))
                }
                None if self.declared_params.contains(name) => None,
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
        if let Some(p) = domain_problem(&q.dist, domain, qpath, q.span.clone()) {
            self.push(p);
            return None;
        }
        Some(QuantityRef::Own(q))
    }

    fn appraisal(&mut self, n: &Node) -> Option<Appraisal> {
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
                let pairs: Vec<(&str, &str)> = RANKING_METRICS.iter().map(|m| (*m, *m)).collect();
                self.choice(v, "appraisal.ranking_metric", &pairs)
                    .map(|m| Some(m.to_string()))
            }
            None => Some(None),
        };
        Some(Appraisal {
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

    fn fraction(
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

    fn year_month(&mut self, v: &Node, path: &str) -> Option<YearMonth> {
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

    fn budget(&mut self, b: &Node) -> Option<Budget> {
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
        Some(if key == "annual" {
            Budget::Annual(x)
        } else {
            Budget::Total(x)
        })
    }

    fn parameters(&mut self, n: &'d Node) {
        let Some(entries) = n.entries() else {
            self.push(
                Problem::new(
                    "parameters",
                    Some(n.span.clone()),
                    format!("expected a table, found {}", n.value.kind()),
                )
                .allowed(
                    "[parameters] with lines such as salary = { pert = [34000, 37000, 42000] }",
                ),
            );
            return;
        };
        for e in entries {
            let path = format!("parameters.{}", e.key);
            if !is_id(&e.key) {
                self.push(
                    Problem::new(
                        &path,
                        Some(e.key_span.clone()),
                        format!("'{}' is not a usable name", e.key),
                    )
                    .allowed("letters, digits and underscores, not starting with a digit"),
                );
                continue;
            }
            self.declared_params.push(e.key.clone());
            if let Value::Str(_) = e.node.value {
                self.push(
                    Problem::new(
                        &path,
                        Some(e.node.span.clone()),
                        "a parameter cannot name another parameter",
                    )
                    .allowed(FORM_HELP),
                );
                continue;
            }
            if let Some(q) = self.dist(&e.node, &path) {
                self.params.push((e.key.clone(), q, &e.node));
                self.param_domains.push(Domain::ANY);
            }
        }
    }

    fn correlations(&mut self, n: &Node) -> Vec<Correlation> {
        let allowed = "[[correlations]] with between = [\"parameter_a\", \"parameter_b\"] and spearman = 0.5 (a rank correlation between −1 and 1)";
        let Value::Array(items) = &n.value else {
            self.push(
                Problem::new(
                    "correlations",
                    Some(n.span.clone()),
                    format!(
                        "expected [[correlations]] entries, found {}",
                        n.value.kind()
                    ),
                )
                .allowed(allowed),
            );
            return Vec::new();
        };
        let mut out: Vec<Correlation> = Vec::new();
        let mut spans = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("correlations[{i}]");
            if !self.keys(item, &path, &["between", "spearman", "source", "note"]) {
                continue;
            }
            let source = self.opt_string(item, &path, "source");
            let _ = self.opt_string(item, &path, "note");
            let between = match item.get("between") {
                Some(b) => self.correlated_pair(b, &format!("{path}.between"), allowed),
                None => {
                    self.missing(item, &path, "between", allowed);
                    None
                }
            };
            let spearman = match item.get("spearman") {
                Some(s) => {
                    let p = format!("{path}.spearman");
                    match self.number(s, &p, allowed) {
                        Some(x) if x > -1.0 && x < 1.0 => Some(x),
                        Some(x) => {
                            self.push(
                                Problem::new(
                                    p,
                                    Some(s.span.clone()),
                                    format!("{x} is outside the allowed range"),
                                )
                                .allowed("a rank correlation strictly between −1 and 1"),
                            );
                            None
                        }
                        None => None,
                    }
                }
                None => {
                    self.missing(item, &path, "spearman", allowed);
                    None
                }
            };
            let (Some(between), Some(spearman)) = (between, spearman) else {
                continue;
            };
            let key = (between.0.min(between.1), between.0.max(between.1));
            if out
                .iter()
                .any(|c| (c.between.0.min(c.between.1), c.between.0.max(c.between.1)) == key)
            {
                self.push(
                    Problem::new(
                        format!("{path}.between"),
                        item.get("between").map(|b| b.span.clone()),
                        "this pair of parameters is correlated twice",
                    )
                    .allowed("one [[correlations]] entry per pair"),
                );
                continue;
            }
            out.push(Correlation {
                between,
                spearman,
                source,
            });
            spans.push(item.span.clone());
        }
        if out.is_empty() {
            return out;
        }
        let (_, m) = super::normal_score_matrix(&out);
        if crate::stats::cholesky(&m).is_none() {
            let pairs: Vec<String> = out
                .iter()
                .map(|c| {
                    format!(
                        "{}–{} {}",
                        self.params[c.between.0].0, self.params[c.between.1].0, c.spearman
                    )
                })
                .collect();
            self.push(
                Problem::new("correlations", Some(spans[0].clone()), format!("these correlations cannot all hold at once (together they do not form a valid correlation matrix): {}", pairs.join(", ")))
                    .allowed("correlations that are consistent with one another: e.g. if a and b, and b and c, are strongly positively correlated, a and c cannot be strongly negatively correlated; weaken or remove one"),
            );
            return Vec::new();
        }
        out
    }

    fn correlated_pair(&mut self, b: &Node, path: &str, allowed: &str) -> Option<(usize, usize)> {
        let Value::Array(items) = &b.value else {
            self.push(
                Problem::new(
                    path,
                    Some(b.span.clone()),
                    format!(
                        "expected a list of two parameter names, found {}",
                        b.value.kind()
                    ),
                )
                .allowed(allowed),
            );
            return None;
        };
        if items.len() != 2 {
            self.push(
                Problem::new(
                    path,
                    Some(b.span.clone()),
                    format!("expected two parameter names, found {}", items.len()),
                )
                .allowed(allowed),
            );
            return None;
        }
        let mut idx = Vec::new();
        for (j, item) in items.iter().enumerate() {
            let p = format!("{path}[{j}]");
            let name = self.string(item, &p)?;
            match self.params.iter().position(|x| x.0 == name) {
                Some(k) if self.params[k].1.dist.is_fixed() => {
                    self.push(Problem::new(p, Some(item.span.clone()), format!("the parameter '{name}' is fixed; only uncertain parameters can be correlated")).allowed("a [parameters] entry with a distribution"));
                    return None;
                }
                Some(k) => idx.push(k),
                None if self.declared_params.contains(&name) => return None,
                None => {
                    let names: Vec<&str> =
                        self.declared_params.iter().map(String::as_str).collect();
                    let hint = match nearest(&name, &names) {
                        Some(n) => format!("did you mean '{n}'? Parameters: {}", names.join(", ")),
                        None => format!("a [parameters] entry: {}", names.join(", ")),
                    };
                    self.push(
                        Problem::new(
                            p,
                            Some(item.span.clone()),
                            format!("'{name}' is not a parameter"),
                        )
                        .allowed(hint),
                    );
                    return None;
                }
            }
        }
        if idx[0] == idx[1] {
            self.push(
                Problem::new(
                    path,
                    Some(b.span.clone()),
                    "a parameter cannot be correlated with itself",
                )
                .allowed(allowed),
            );
            return None;
        }
        Some((idx[0], idx[1]))
    }

    fn demand(&mut self, n: &Node) -> Vec<Demand> {
        let Value::Array(items) = &n.value else {
            self.push(
                Problem::new(
                    "demand",
                    Some(n.span.clone()),
                    format!("expected [[demand]] entries, found {}", n.value.kind()),
                )
                .allowed("[[demand]] tables with id and per_year"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("demand[{i}]");
            if !self.keys(item, &path, &["id", "name", "per_year", "source", "note"]) {
                continue;
            }
            let Some(id) = self.id(item, &path, &self.demand_ids.clone(), "demand") else {
                continue;
            };
            let path = format!("demand.{id}");
            self.demand_ids.push(id.clone());
            let name = self.opt_string(item, &path, "name");
            let per_year = self.quantity(item, &path, "per_year", Domain::COUNT, None);
            if let Some(per_year) = per_year {
                out.push(Demand { id, name, per_year });
            }
        }
        out
    }

    fn id(&mut self, item: &Node, path: &str, taken: &[String], what: &str) -> Option<String> {
        let id = self.req_string(
            item,
            path,
            "id",
            "an identifier of letters, digits and underscores, e.g. \"in_house\"",
        )?;
        let span = item.get("id").map(|n| n.span.clone());
        if !is_id(&id) {
            self.push(
                Problem::new(
                    format!("{path}.id"),
                    span,
                    format!("'{id}' is not a usable identifier"),
                )
                .allowed(
                    "letters, digits and underscores, not starting with a digit, e.g. \"in_house\"",
                ),
            );
            return None;
        }
        if taken.contains(&id) {
            self.push(
                Problem::new(
                    format!("{path}.id"),
                    span,
                    format!("two {what} entries have the id '{id}'"),
                )
                .allowed("a different id for each entry"),
            );
            return None;
        }
        Some(id)
    }

    fn options(&mut self, n: &Node, months: Option<u32>) -> Vec<OptionSpec> {
        let Value::Array(items) = &n.value else {
            self.push(
                Problem::new(
                    "options",
                    Some(n.span.clone()),
                    format!("expected [[options]] entries, found {}", n.value.kind()),
                )
                .allowed("[[options]] tables with id, kind and name"),
            );
            return Vec::new();
        };
        if items.is_empty() {
            self.push(
                Problem::new(
                    "options",
                    Some(n.span.clone()),
                    "the scenario has no options to compare",
                )
                .allowed("one or more [[options]] entries"),
            );
        }
        let mut ids: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("options[{i}]");
            let keys = [
                "id",
                "kind",
                "name",
                "description",
                "mobilisation_months",
                "suitability",
                "engagement",
                "completion",
                "victims_per_case",
                "children_per_case",
                "optimism_bias",
                "ramp_up_months",
                "reach",
                "capacity",
                "costs",
                "risks",
                "outcomes",
                "swot",
            ];
            if !self.keys(item, &path, &keys) {
                continue;
            }
            let Some(id) = self.id(item, &path, &ids, "option") else {
                continue;
            };
            ids.push(id.clone());
            if let Some(o) = self.option(item, &format!("options.{id}"), id, months) {
                out.push(o);
            }
        }
        out
    }

    fn option(
        &mut self,
        n: &Node,
        path: &str,
        id: String,
        months: Option<u32>,
    ) -> Option<OptionSpec> {
        let kind = match n.get("kind") {
            Some(k) => self.choice(
                k,
                &join(path, "kind"),
                &[
                    ("in_house", Kind::InHouse),
                    ("commissioned", Kind::Commissioned),
                    ("partnership", Kind::Partnership),
                    ("baseline", Kind::Baseline),
                    ("other", Kind::Other),
                ],
            ),
            None => {
                self.missing(
                    n,
                    path,
                    "kind",
                    "one of in_house, commissioned, partnership, baseline, other",
                );
                None
            }
        };
        let name = self.req_string(n, path, "name", "a name in quotes for reports");
        let description = self.opt_string(n, path, "description");
        let q =
            |r: &mut Self, key: &str, d: Domain, def: f64| r.quantity(n, path, key, d, Some(def));
        let mobilisation_months = q(self, "mobilisation_months", Domain::MONTHS, 0.0);
        let suitability = q(self, "suitability", Domain::SHARE, 1.0);
        let engagement = q(self, "engagement", Domain::SHARE, 1.0);
        let completion = q(self, "completion", Domain::SHARE, 1.0);
        let victims_per_case = q(self, "victims_per_case", Domain::COUNT, 0.0);
        let children_per_case = q(self, "children_per_case", Domain::COUNT, 0.0);
        let optimism_bias = q(self, "optimism_bias", Domain::NONNEG, 0.0);
        let ramp_up_months = q(self, "ramp_up_months", Domain::MONTHS, 0.0);
        let reach = self.reach(n, path);
        let capacity = match n.get("capacity") {
            Some(c) => self.capacity(c, &join(path, "capacity")).map(Some),
            None if !reach.as_ref().is_none_or(|r| r.is_empty()) => {
                self.missing(n, path, "capacity", "capacity = { places_per_year = 40 } or capacity = { fte = 2, caseload = 14, duration_weeks = 30 }: this option reaches some demand, so its places must be said");
                None
            }
            None => Some(None),
        };
        let costs = self.list(n, path, "costs", |r, item, p| r.cost(item, p, months));
        let risks = self.list(n, path, "risks", |r, item, p| r.risk(item, p));
        let outcomes = self.list(n, path, "outcomes", |r, item, p| r.outcome(item, p));
        let swot = match n.get("swot") {
            Some(s) => self.swot(s, &join(path, "swot")),
            None => Some(Swot::default()),
        };
        Some(OptionSpec {
            id,
            kind: kind?,
            name: name?,
            description,
            mobilisation_months: mobilisation_months?,
            suitability: suitability?,
            engagement: engagement?,
            completion: completion?,
            victims_per_case: victims_per_case?,
            children_per_case: children_per_case?,
            optimism_bias: optimism_bias?,
            ramp_up_months: ramp_up_months?,
            reach: reach?,
            capacity: capacity?,
            costs: costs?,
            risks: risks?,
            outcomes: outcomes?,
            swot: swot?,
        })
    }

    fn reach(&mut self, n: &Node, path: &str) -> Option<Vec<(usize, QuantityRef)>> {
        let Some(r) = n.get("reach") else {
            return Some(Vec::new());
        };
        let rpath = join(path, "reach");
        let ids = self.demand_ids.clone();
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let Some(entries) = r.entries() else {
            self.push(
                Problem::new(
                    &rpath,
                    Some(r.span.clone()),
                    format!("expected a table, found {}", r.value.kind()),
                )
                .allowed("reach = { stream_id = share, … } with the ids of [[demand]] streams"),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for e in entries {
            let p = join(&rpath, &e.key);
            match ids.iter().position(|d| d == &e.key) {
                Some(j) => match self.quantity_node(&e.node, &p, Domain::SHARE) {
                    Some(q) => out.push((j, q)),
                    None => ok = false,
                },
                None => {
                    ok = false;
                    let allowed = match (ids.is_empty(), nearest(&e.key, &id_refs)) {
                        (true, _) => {
                            "the scenario has no [[demand]] streams; add one with an id".to_string()
                        }
                        (_, Some(s)) => {
                            format!("did you mean '{s}'? Demand streams: {}", ids.join(", "))
                        }
                        (_, None) => format!("a demand stream id: {}", ids.join(", ")),
                    };
                    self.push(
                        Problem::new(
                            p,
                            Some(e.key_span.clone()),
                            format!("'{}' is not a demand stream", e.key),
                        )
                        .allowed(allowed),
                    );
                }
            }
        }
        ok.then_some(out)
    }

    fn capacity(&mut self, c: &Node, path: &str) -> Option<Capacity> {
        if !self.keys(
            c,
            path,
            &["places_per_year", "fte", "caseload", "duration_weeks"],
        ) {
            return None;
        }
        let allowed =
            "either { places_per_year = … } or { fte = …, caseload = …, duration_weeks = … }";
        if c.get("places_per_year").is_some() {
            if c.get("fte").is_some()
                || c.get("caseload").is_some()
                || c.get("duration_weeks").is_some()
            {
                self.push(
                    Problem::new(
                        path,
                        Some(c.span.clone()),
                        "give places_per_year or fte/caseload/duration_weeks, not both",
                    )
                    .allowed(allowed),
                );
                return None;
            }
            return self
                .quantity(c, path, "places_per_year", Domain::COUNT, None)
                .map(Capacity::Places);
        }
        let fte = self.quantity(c, path, "fte", Domain::COUNT, None);
        let caseload = self.quantity(c, path, "caseload", Domain::COUNT, None);
        let duration_weeks = self.quantity(c, path, "duration_weeks", Domain::WEEKS, None);
        Some(Capacity::Caseload {
            fte: fte?,
            caseload: caseload?,
            duration_weeks: duration_weeks?,
        })
    }

    fn list<T>(
        &mut self,
        n: &Node,
        path: &str,
        key: &str,
        mut each: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Some(l) = n.get(key) else {
            return Some(Vec::new());
        };
        let Value::Array(items) = &l.value else {
            self.push(
                Problem::new(
                    join(path, key),
                    Some(l.span.clone()),
                    format!(
                        "expected [[{path}.{key}]] entries, found {}",
                        l.value.kind()
                    ),
                )
                .allowed(format!("one [[options.{key}]] table per entry")),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match each(self, item, &format!("{path}.{key}[{i}]")) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn cost(&mut self, n: &Node, path: &str, months: Option<u32>) -> Option<Cost> {
        if !self.keys(
            n,
            path,
            &[
                "name", "basis", "amount", "fte", "on_cost", "accrues", "month",
            ],
        ) {
            return None;
        }
        let name = self.req_string(n, path, "name", "a name for the cost line");
        let basis = match n.get("basis") {
            Some(b) => self.choice(
                b,
                &join(path, "basis"),
                &[
                    ("annual", Basis::Annual),
                    ("one_off", Basis::OneOff),
                    ("per_case", Basis::PerCase),
                    ("per_completion", Basis::PerCompletion),
                ],
            ),
            None => {
                self.missing(
                    n,
                    path,
                    "basis",
                    "one of annual, one_off, per_case, per_completion",
                );
                None
            }
        };
        let amount = self.quantity(n, path, "amount", Domain::MONEY, None);
        let fte = self.quantity(n, path, "fte", Domain::COUNT, Some(1.0));
        let on_cost = self.quantity(n, path, "on_cost", Domain::NONNEG, Some(0.0));
        let accrues = match n.get("accrues") {
            Some(a) => self.choice(
                a,
                &join(path, "accrues"),
                &[
                    ("in_service", Accrues::InService),
                    ("from_start", Accrues::FromStart),
                ],
            ),
            None => Some(Accrues::InService),
        };
        let last = months.unwrap_or(360).max(1) as i64 - 1;
        let month = match n.get("month") {
            Some(m) => self.integer(m, &join(path, "month"), 0, last, &format!("a month index from 0 (the first month of year 0) to {last} (the last month of the horizon)")),
            None => Some(0),
        };
        let basis = basis?;
        if basis != Basis::Annual {
            for key in ["fte", "on_cost", "accrues"] {
                if let Some(k) = n.get(key) {
                    self.push(
                        Problem::new(
                            join(path, key),
                            Some(k.span.clone()),
                            format!(
                                "'{key}' applies to annual cost lines only, and this line is {}",
                                basis.name()
                            ),
                        )
                        .allowed("remove it, or make the line basis = \"annual\""),
                    );
                }
            }
        }
        if basis != Basis::OneOff
            && let Some(k) = n.get("month")
        {
            self.push(
                Problem::new(
                    join(path, "month"),
                    Some(k.span.clone()),
                    format!(
                        "'month' applies to one_off cost lines only, and this line is {}",
                        basis.name()
                    ),
                )
                .allowed("remove it, or make the line basis = \"one_off\""),
            );
        }
        Some(Cost {
            name: name?,
            basis,
            amount: amount?,
            fte: fte?,
            on_cost: on_cost?,
            accrues: accrues?,
            month: month? as u32,
        })
    }

    fn risk(&mut self, n: &Node, path: &str) -> Option<Risk> {
        if !self.keys(
            n,
            path,
            &[
                "name",
                "description",
                "probability",
                "delay_months",
                "extra_cost",
                "capacity_factor",
            ],
        ) {
            return None;
        }
        let name = self.req_string(n, path, "name", "a name for the risk");
        let description = self.opt_string(n, path, "description");
        let probability = self.quantity(n, path, "probability", Domain::SHARE, None);
        let delay_months = self.quantity(n, path, "delay_months", Domain::MONTHS, Some(0.0));
        let extra_cost = self.quantity(n, path, "extra_cost", Domain::MONEY, Some(0.0));
        let capacity_factor = self.quantity(n, path, "capacity_factor", Domain::NONNEG, Some(1.0));
        Some(Risk {
            name: name?,
            description,
            probability: probability?,
            delay_months: delay_months?,
            extra_cost: extra_cost?,
            capacity_factor: capacity_factor?,
        })
    }

    fn outcome(&mut self, n: &Node, path: &str) -> Option<Outcome> {
        if !self.keys(
            n,
            path,
            &[
                "name",
                "per",
                "effect",
                "value",
                "deadweight",
                "attribution",
                "persistence_years",
                "drop_off",
            ],
        ) {
            return None;
        }
        let name = self.req_string(n, path, "name", "a name for the outcome");
        let per = match n.get("per") {
            Some(p) => self.choice(
                p,
                &join(path, "per"),
                &[("completion", Per::Completion), ("engaged", Per::Engaged)],
            ),
            None => {
                self.missing(n, path, "per", "completion or engaged");
                None
            }
        };
        let effect = self.quantity(n, path, "effect", Domain::NONNEG, None);
        let value = self.quantity(n, path, "value", Domain::MONEY, None);
        let deadweight = self.quantity(n, path, "deadweight", Domain::SHARE, Some(0.0));
        let attribution = self.quantity(n, path, "attribution", Domain::SHARE, Some(1.0));
        let persistence_years = match n.get("persistence_years") {
            Some(p) => self.integer(
                p,
                &join(path, "persistence_years"),
                1,
                100,
                "a whole number of years from 1 to 100",
            ),
            None => Some(1),
        };
        let drop_off = self.quantity(n, path, "drop_off", Domain::SHARE, Some(0.0));
        Some(Outcome {
            name: name?,
            per: per?,
            effect: effect?,
            value: value?,
            deadweight: deadweight?,
            attribution: attribution?,
            persistence_years: persistence_years? as u32,
            drop_off: drop_off?,
        })
    }

    fn swot(&mut self, s: &Node, path: &str) -> Option<Swot> {
        if !self.keys(
            s,
            path,
            &["strengths", "weaknesses", "opportunities", "threats"],
        ) {
            return None;
        }
        let mut list = |key: &str| match s.get(key) {
            Some(n) => self.string_list(n, &join(path, key)),
            None => Vec::new(),
        };
        Some(Swot {
            strengths: list("strengths"),
            weaknesses: list("weaknesses"),
            opportunities: list("opportunities"),
            threats: list("threats"),
        })
    }
}
