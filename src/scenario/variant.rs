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
use crate::diag::{Problem, Span, nearest};
use serde::Serialize;
use std::ops::Range;

/// One variant.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Name used with `--variant` (letters, digits, `-` and `_`).
    pub name: String,
    /// What the variant asks.
    pub description: Option<String>,
    /// Overrides, `PATH=VALUE` each, applied in order.
    pub set: Vec<String>,
    /// Where each `set` entry is written in the file (the string with its quotes).
    #[serde(skip)]
    pub set_spans: Vec<Span>,
}

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
        let keys = super::read::keys::VARIANT.names();
        for e in entries {
            if !keys.contains(&e.key.as_str()) {
                let hint = match nearest(&e.key, &keys) {
                    Some(k) => format!("did you mean '{k}'? Keys here: {}", keys.join(", ")),
                    None => format!("keys here: {}", keys.join(", ")),
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
        let mut set_spans = Vec::new();
        let set = match item.get("set").map(|n| (&n.value, n)) {
            Some((Value::Array(xs), _)) => {
                let mut set = Vec::new();
                for (j, x) in xs.iter().enumerate() {
                    match &x.value {
                        Value::Str(s) => {
                            set.push(s.clone());
                            set_spans.push(x.span.clone());
                        }
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
            set_spans,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The byte offset in `file` of each byte of the string `value`, written in the file at `literal`
/// (the string with its quotes), and of the string's end: how a problem found in a `set` entry is
/// shown at its place in the file. Escapes (`\"`, `\u00A3`) map every byte they stand for to the
/// backslash. A string the mapping cannot follow (multi-line) maps every byte to its opening quote.
pub fn offsets_in_file(file: &str, literal: Range<usize>, value: &str) -> Vec<usize> {
    let raw = file.get(literal.clone()).unwrap_or("");
    decode_offsets(raw)
        .filter(|(decoded, _)| decoded == value)
        .map(|(_, offsets)| offsets.iter().map(|o| literal.start + o).collect())
        .unwrap_or_else(|| vec![literal.start; value.len() + 1])
}

/// A one-line TOML string literal (with its quotes) decoded, with the offset in `raw` of each
/// decoded byte and of the closing quote.
fn decode_offsets(raw: &str) -> Option<(String, Vec<usize>)> {
    if raw.len() < 2 || raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        return None;
    }
    let quote = raw.chars().next()?;
    let body = raw.get(1..raw.len() - 1)?;
    let mut decoded = String::new();
    let mut offsets = Vec::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        let escaped = quote == '"' && c == '\\';
        let c = if escaped {
            let (_, e) = chars.next()?;
            match e {
                'b' => '\u{8}',
                't' => '\t',
                'n' => '\n',
                'f' => '\u{c}',
                'r' => '\r',
                'e' => '\u{1b}',
                '"' | '\\' => e,
                'x' | 'u' | 'U' => {
                    let n = match e {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex: String = (0..n).map_while(|_| chars.next().map(|(_, h)| h)).collect();
                    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                }
                _ => return None,
            }
        } else {
            c
        };
        // A plain character's bytes map one to one; an escape's all map to its backslash.
        offsets.extend((0..c.len_utf8()).map(|k| 1 + i + if escaped { 0 } else { k }));
        decoded.push(c);
    }
    offsets.push(raw.len() - 1);
    Some((decoded, offsets))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_entries_map_to_their_place_in_the_file() {
        let file = "set = [\"a.b = 1\", 'c = \"£\"', \"d = \\\"x\\\"\"]";
        let lit = |s: &str| {
            let i = file.find(s).unwrap();
            i..i + s.len()
        };
        let at = offsets_in_file(file, lit("\"a.b = 1\""), "a.b = 1");
        assert_eq!(at[0], 8);
        assert_eq!(at[6], 14);
        assert_eq!(at.len(), 8);
        let at = offsets_in_file(file, lit("'c = \"£\"'"), "c = \"£\"");
        assert_eq!(&file[at[5]..at[8]], "£\"");
        let at = offsets_in_file(file, lit("\"d = \\\"x\\\"\""), "d = \"x\"");
        // The escaped quote maps to its backslash, then x to itself.
        assert_eq!(&file[at[4]..at[4] + 2], "\\\"");
        assert_eq!(&file[at[5]..at[5] + 1], "x");
        // A value that does not match the literal points at its quote.
        assert_eq!(offsets_in_file(file, lit("\"a.b = 1\""), "zz"), vec![7; 3]);
    }
}
