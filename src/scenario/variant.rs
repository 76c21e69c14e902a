//! What-if variants declared in a scenario: a name, a description and overrides in the `--set`
//! syntax, applied to the file before any `--set` typed on the command line.
//!
//! ```toml
//! [[variants]]
//! name = "short-term-funding"
//! description = "Funding for one year only"
//! set = ["appraisal.horizon_years = 1"]
//! ```

use super::node::{Node, Value};
use crate::diag::{Problem, nearest};
use serde::Serialize;

/// One variant.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Name used with `--variant` (letters, digits, `-` and `_`).
    pub name: String,
    /// What the variant asks.
    pub description: Option<String>,
    /// Overrides, `PATH=VALUE` each, applied in order.
    pub set: Vec<String>,
}

const KEYS: [&str; 3] = ["name", "description", "set"];
const ALLOWED: &str = "[[variants]] with name = \"short-term-funding\", description = \"…\" and set = [\"appraisal.horizon_years=1\", …]";

fn usable(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Reads the `[[variants]]` of a parsed scenario (before any override is applied).
pub fn read(doc: &Node) -> Result<Vec<Variant>, Vec<Problem>> {
    let Some(list) = doc.get("variants") else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = &list.value else {
        return Err(vec![
            Problem::new(
                "variants",
                Some(list.span.clone()),
                format!("expected [[variants]] entries, found {}", list.value.kind()),
            )
            .allowed(ALLOWED),
        ]);
    };
    let mut problems = Vec::new();
    let mut out: Vec<Variant> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("variants[{i}]");
        let Some(entries) = item.entries() else {
            problems.push(
                Problem::new(&path, Some(item.span.clone()), "expected a table").allowed(ALLOWED),
            );
            continue;
        };
        for e in entries {
            if !KEYS.contains(&e.key.as_str()) {
                let hint = match nearest(&e.key, &KEYS) {
                    Some(k) => format!("did you mean '{k}'? Keys here: name, description, set"),
                    None => "keys here: name, description, set".to_string(),
                };
                problems.push(
                    Problem::new(
                        format!("{path}.{}", e.key),
                        Some(e.key_span.clone()),
                        format!("unknown key '{}'", e.key),
                    )
                    .allowed(hint),
                );
            }
        }
        let text = |key: &str, problems: &mut Vec<Problem>| -> Option<String> {
            match item.get(key).map(|n| (&n.value, n)) {
                Some((Value::Str(s), _)) => Some(s.clone()),
                Some((other, n)) => {
                    problems.push(
                        Problem::new(
                            format!("{path}.{key}"),
                            Some(n.span.clone()),
                            format!("expected text in quotes, found {}", other.kind()),
                        )
                        .allowed(ALLOWED),
                    );
                    None
                }
                None => None,
            }
        };
        let name = text("name", &mut problems);
        let description = text("description", &mut problems);
        let Some(name) = name else {
            if item.get("name").is_none() {
                problems.push(
                    Problem::new(
                        format!("{path}.name"),
                        Some(item.span.clone()),
                        "the required key 'name' is missing",
                    )
                    .allowed(ALLOWED),
                );
            }
            continue;
        };
        let name_span = item.get("name").map(|n| n.span.clone());
        if !usable(&name) {
            problems.push(
                Problem::new(
                    format!("{path}.name"),
                    name_span,
                    format!("'{name}' is not a usable variant name"),
                )
                .allowed("letters, digits, '-' and '_', e.g. \"short-term-funding\""),
            );
            continue;
        }
        if out.iter().any(|v| v.name == name) {
            problems.push(
                Problem::new(
                    format!("{path}.name"),
                    name_span,
                    format!("two variants are named '{name}'"),
                )
                .allowed("a different name for each variant"),
            );
            continue;
        }
        let set = match item.get("set").map(|n| (&n.value, n)) {
            Some((Value::Array(xs), _)) => {
                let mut set = Vec::new();
                for (j, x) in xs.iter().enumerate() {
                    match &x.value {
                        Value::Str(s) => set.push(s.clone()),
                        other => problems.push(
                            Problem::new(
                                format!("variants.{name}.set[{j}]"),
                                Some(x.span.clone()),
                                format!("expected an override in quotes, found {}", other.kind()),
                            )
                            .allowed("\"PATH=VALUE\", e.g. \"appraisal.horizon_years=1\""),
                        ),
                    }
                }
                set
            }
            Some((other, n)) => {
                problems.push(
                    Problem::new(
                        format!("variants.{name}.set"),
                        Some(n.span.clone()),
                        format!("expected a list of overrides, found {}", other.kind()),
                    )
                    .allowed("set = [\"appraisal.horizon_years=1\", …]"),
                );
                continue;
            }
            None => {
                problems.push(
                    Problem::new(
                        format!("variants.{name}.set"),
                        Some(item.span.clone()),
                        "the required key 'set' is missing",
                    )
                    .allowed("set = [\"appraisal.horizon_years=1\", …]"),
                );
                continue;
            }
        };
        out.push(Variant {
            name,
            description,
            set,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
