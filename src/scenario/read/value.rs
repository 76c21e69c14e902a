//! Plain values: table keys, text, numbers, whole numbers, choices, lists and identifiers.

use super::super::node::{Node, Value};
use super::measure::number_problem;
use super::{Reader, fmt_num, is_id, join, whole_number_problem};
use crate::diag::{Problem, nearest};
use crate::scenario::mistake::typed_mistake;

impl Reader<'_> {
    pub(super) fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    /// Reports keys of a table that are not in `allowed`, suggesting the nearest; reports a
    /// non-table. Returns whether `node` is a table.
    pub(super) fn keys(&mut self, node: &Node, path: &str, allowed: &[&str]) -> bool {
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

    /// Reports keys of a table that [`keys`](super::keys) does not list for it, as
    /// [`Reader::keys`] does.
    pub(super) fn known(&mut self, node: &Node, path: &str, table: &super::keys::Table) -> bool {
        self.keys(node, path, &table.names())
    }

    pub(super) fn missing(&mut self, parent: &Node, path: &str, key: &str, allowed: &str) {
        self.push(
            Problem::new(
                join(path, key),
                Some(parent.span.clone()),
                format!("the required key '{key}' is missing"),
            )
            .allowed(allowed.to_string()),
        );
    }

    pub(super) fn string(&mut self, node: &Node, path: &str) -> Option<String> {
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

    pub(super) fn opt_string(&mut self, parent: &Node, path: &str, key: &str) -> Option<String> {
        parent
            .get(key)
            .and_then(|n| self.string(n, &join(path, key)))
    }

    pub(super) fn req_string(
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

    /// Records a problem at `node`, with what is allowed there.
    fn refuse(&mut self, node: &Node, path: &str, message: impl Into<String>, allowed: &str) {
        self.push(
            Problem::new(path, Some(node.span.clone()), message).allowed(allowed.to_string()),
        );
    }

    pub(super) fn number(&mut self, node: &Node, path: &str, allowed: &str) -> Option<f64> {
        let x = match node.value {
            Value::Int(i) => i as f64,
            Value::Float(x) => x,
            Value::Str(ref s) if let Some(m) = typed_mistake(s) => {
                self.push(m.problem(path, Some(node.span.clone())));
                return None;
            }
            ref other => {
                self.refuse(
                    node,
                    path,
                    format!("expected a number, found {}", other.kind()),
                    allowed,
                );
                return None;
            }
        };
        if !x.is_finite() {
            self.refuse(node, path, "the number must be finite", allowed);
            return None;
        }
        if let Some(p) = number_problem(x, path, node.span.clone()) {
            self.push(p);
            return None;
        }
        Some(x)
    }

    /// A whole number within [lo, hi].
    pub(super) fn integer(
        &mut self,
        node: &Node,
        path: &str,
        lo: i64,
        hi: i64,
        allowed: &str,
    ) -> Option<i64> {
        let v = match node.value {
            Value::Int(i) => i,
            Value::Float(x) if x.is_finite() && (x.fract() != 0.0 || x.abs() < 9e15) => {
                let p = whole_number_problem(x, path, node.span.clone(), "the values here");
                self.push(p.allowed(allowed.to_string()));
                return None;
            }
            Value::Float(x) if x.fract() == 0.0 || x.is_infinite() => {
                let shown = if x.abs() < 1e30 {
                    format!("{x:.0}")
                } else if x.is_finite() {
                    fmt_num(x)
                } else {
                    "this number".into()
                };
                self.refuse(
                    node,
                    path,
                    format!("{shown} is outside the allowed range"),
                    allowed,
                );
                return None;
            }
            ref other => {
                self.refuse(
                    node,
                    path,
                    format!("expected a whole number, found {}", other.kind()),
                    allowed,
                );
                return None;
            }
        };
        if v < lo || v > hi {
            self.refuse(
                node,
                path,
                format!("{v} is outside the allowed range"),
                allowed,
            );
            return None;
        }
        Some(v)
    }

    pub(super) fn choice<T: Copy>(
        &mut self,
        node: &Node,
        path: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
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

    pub(super) fn string_list(&mut self, node: &Node, path: &str) -> Vec<String> {
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

    pub(super) fn list<T>(
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

    pub(super) fn id(
        &mut self,
        item: &Node,
        path: &str,
        taken: &[String],
        what: &str,
    ) -> Option<String> {
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
}
