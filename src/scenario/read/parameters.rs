//! `[parameters]` (named quantities shared by every option) and `[[correlations]]` between them.

use super::super::Correlation;
use super::super::node::{Node, Value};
use super::quantity::{Domain, FORM_HELP};
use super::{Reader, is_id, keys};
use crate::diag::{Problem, nearest};

impl<'d> Reader<'d> {
    pub(super) fn parameters(&mut self, n: &'d Node) {
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
                self.param_limits.push(None);
            }
        }
    }

    pub(super) fn correlations(&mut self, n: &Node) -> Vec<Correlation> {
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
            if !self.known(item, &path, &keys::CORRELATION) {
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

    pub(super) fn correlated_pair(
        &mut self,
        b: &Node,
        path: &str,
        allowed: &str,
    ) -> Option<(usize, usize)> {
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
}
