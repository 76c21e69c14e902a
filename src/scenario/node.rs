//! A spanned TOML tree: every value remembers where it was written, in the file or in a `--set`.
//!
//! The scenario reader works on this tree rather than on serde so that it can report every
//! problem of a file at once, each with its line and column. Overrides (`--set PATH=VALUE`) are
//! applied to the tree before it is read, so they are validated exactly like the file.

use super::{mistake, syntax};
use crate::diag::{Origin, Problem, Span};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One TOML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it was written.
    pub span: Span,
}

/// A TOML value whose children are spanned nodes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A float (TOML's `inf` and `nan` included; the reader rejects them).
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A date or time, kept as written.
    Datetime(String),
    /// An array.
    Array(Vec<Node>),
    /// A table, in the order its keys were written.
    Table(Vec<Entry>),
}

/// One key of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Where the key was written.
    pub key_span: Span,
    /// Its value.
    pub node: Node,
}

impl Value {
    /// What a user would call this kind of value.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "text",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a number",
            Value::Bool(_) => "true/false",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
        }
    }
}

impl Node {
    /// The entries of a table node, or `None`.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Table(e) => Some(e),
            _ => None,
        }
    }

    /// The value of `key` in a table node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.node)
    }
}

/// A scenario file parsed as far as its syntax allows.
pub struct Parsed {
    /// The tree, when the syntax errors (if any) could be passed.
    pub doc: Option<Node>,
    /// The syntax errors, in the order found.
    pub problems: Vec<Problem>,
    /// Byte ranges of bad values left out of the tree: later problems there are not reported.
    pub left_out: Vec<std::ops::Range<usize>>,
    /// Keys whose line was left out: "missing" problems about them are not reported.
    pub left_out_keys: Vec<String>,
}

/// Parses a whole scenario file. Each syntax error becomes a problem with its position; after
/// one in a single `key = value` line the value is left out and the rest of the file is read,
/// so later mistakes are reported too (see [`syntax::recover`]).
pub fn parse_document(text: &str) -> Parsed {
    let r = syntax::recover(text);
    let doc = r.text.map(|patched| {
        let table = DeTable::parse(&patched).expect("the recovered text parses");
        let span = table.span();
        Node {
            value: Value::Table(convert_table(table.into_inner(), Origin::File, 0)),
            span: Span {
                origin: Origin::File,
                range: span,
            },
        }
    });
    Parsed {
        doc,
        problems: r.problems,
        left_out: r.left_out,
        left_out_keys: r.left_out_keys,
    }
}

/// Parses the value part of an override (`--set PATH=VALUE`). A bare word that is not valid TOML
/// (e.g. `monte_carlo`) is taken as a string, so users need not quote names; a number typed as on
/// paper (`80k`, `70%`) is named with its fix.
pub fn parse_override_value(text: &str, origin: Origin, offset: usize) -> Result<Node, Problem> {
    let span = Span {
        origin,
        range: offset..offset + text.len(),
    };
    if let Some(m) = mistake::typed_mistake(text) {
        return Err(m.problem("", Some(span)));
    }
    match DeValue::parse(text) {
        Ok(v) => Ok(convert((v, offset), origin)),
        Err(e) => {
            let bare = !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
                && text.chars().any(|c| c.is_alphabetic());
            if bare {
                Ok(Node {
                    value: Value::Str(text.to_string()),
                    span,
                })
            } else {
                Err(syntax::syntax_problem(text, &e, origin, offset).0)
            }
        }
    }
}

fn convert((v, offset): (Spanned<DeValue<'_>>, usize), origin: Origin) -> Node {
    let range = v.span();
    let span = Span {
        origin,
        range: range.start + offset..range.end + offset,
    };
    let value = match v.into_inner() {
        DeValue::String(s) => Value::Str(s.into_owned()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Int(n),
            // Out of i64's range: keep it as a number so range checks can speak of it.
            Err(_) => Value::Float(i.as_str().parse().unwrap_or(f64::INFINITY)),
        },
        DeValue::Float(x) => Value::Float(x.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| convert((item, offset), origin))
                .collect(),
        ),
        DeValue::Table(t) => Value::Table(convert_table(t, origin, offset)),
    };
    Node { value, span }
}

fn convert_table(t: DeTable<'_>, origin: Origin, offset: usize) -> Vec<Entry> {
    t.into_iter()
        .map(|(k, v)| {
            let kr = k.span();
            Entry {
                key: k.into_inner().into_owned(),
                key_span: Span {
                    origin,
                    range: kr.start + offset..kr.end + offset,
                },
                node: convert((v, offset), origin),
            }
        })
        .collect()
}

/// One step of an override path: a key, or an index into an array.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Applies `PATH=VALUE` (the n-th override) to the document.
///
/// Paths use dots between keys and `[i]` for array entries; an entry of an array of tables that
/// has an `id` may be addressed by that id (`options.in_house.capacity.fte`). A path may create
/// a missing key in an existing table (e.g. `appraisal.budget.annual` where no budget was set),
/// but not a missing table entry of an array.
pub fn apply_override(doc: &mut Node, text: &str, n: usize) -> Result<(), Problem> {
    let origin = Origin::Override(n);
    let whole = Span {
        origin,
        range: 0..text.len(),
    };
    let Some(eq) = text.find('=') else {
        return Err(
            Problem::new("", Some(whole), "an override needs the form PATH=VALUE").allowed(
                "e.g. --set appraisal.budget.annual=80000 or --set options.in_house.capacity.fte=3",
            ),
        );
    };
    let path_text = text[..eq].trim();
    let value_text = &text[eq + 1..];
    let lead = value_text.len() - value_text.trim_start().len();
    let value = parse_override_value(value_text.trim(), origin, eq + 1 + lead)?;
    let steps = parse_path(path_text).map_err(|m| {
        Problem::new(
            path_text,
            Some(Span {
                origin,
                range: 0..eq,
            }),
            m,
        )
        .allowed(
            "keys joined by dots, with [i] for list entries: options.in_house.risks[0].probability",
        )
    })?;
    let path_span = Span {
        origin,
        range: 0..eq,
    };
    set_path(doc, &steps, value, path_text, &path_span, true)
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    if path.is_empty() {
        return Err("the path before '=' is empty".into());
    }
    if path.split('.').count() > syntax::MAX_DEPTH {
        return Err(format!(
            "too deeply nested: at most {} levels",
            syntax::MAX_DEPTH
        ));
    }
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() && steps.is_empty() {
            return Err(format!("'{path}' has an empty key"));
        }
        if !key.is_empty() {
            steps.push(Step::Key(key.to_string()));
        } else if rest.is_empty() {
            return Err(format!("'{path}' has an empty key"));
        }
        while !rest.is_empty() {
            let close = rest
                .find(']')
                .ok_or_else(|| format!("'{path}' has a '[' without ']'"))?;
            let index: usize = rest[1..close]
                .parse()
                .map_err(|_| format!("'{}' is not a list index (0, 1, 2, …)", &rest[1..close]))?;
            steps.push(Step::Index(index));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!("unexpected '{rest}' in '{path}'"));
            }
        }
    }
    Ok(steps)
}

fn set_path(
    node: &mut Node,
    steps: &[Step],
    value: Node,
    path: &str,
    path_span: &Span,
    root: bool,
) -> Result<(), Problem> {
    let not_found = |what: String| Problem::new(path, Some(path_span.clone()), what);
    let Some((first, rest)) = steps.split_first() else {
        *node = value;
        return Ok(());
    };
    match (first, &mut node.value) {
        (Step::Key(k), Value::Table(entries)) => {
            if let Some(e) = entries.iter_mut().find(|e| &e.key == k) {
                return set_path(&mut e.node, rest, value, path, path_span, false);
            }
            if root || rest.iter().any(|s| matches!(s, Step::Index(_))) {
                let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
                let allowed = match crate::diag::nearest(k, &keys) {
                    Some(n) => format!("did you mean '{n}'? Keys here: {}", keys.join(", ")),
                    None => format!("keys here: {}", keys.join(", ")),
                };
                return Err(not_found(format!("the scenario has no '{k}' here")).allowed(allowed));
            }
            // Create missing tables down to the value.
            let mut new = value;
            for step in rest.iter().rev() {
                if let Step::Key(key) = step {
                    new = Node {
                        span: new.span.clone(),
                        value: Value::Table(vec![Entry {
                            key: key.clone(),
                            key_span: path_span.clone(),
                            node: new,
                        }]),
                    };
                }
            }
            entries.push(Entry {
                key: k.clone(),
                key_span: path_span.clone(),
                node: new,
            });
            Ok(())
        }
        (Step::Key(k), Value::Array(items)) => {
            let ids: Vec<String> = items
                .iter()
                .filter_map(|i| match i.get("id").map(|n| &n.value) {
                    Some(Value::Str(s)) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            match items
                .iter_mut()
                .find(|i| matches!(i.get("id").map(|n| &n.value), Some(Value::Str(s)) if s == k))
            {
                Some(item) => set_path(item, rest, value, path, path_span, false),
                None => Err(not_found(format!("no entry has id '{k}'")).allowed(
                    if ids.is_empty() {
                        "an index such as [0]".to_string()
                    } else {
                        format!("one of: {}", ids.join(", "))
                    },
                )),
            }
        }
        (Step::Index(i), Value::Array(items)) => {
            let len = items.len();
            match items.get_mut(*i) {
                Some(item) => set_path(item, rest, value, path, path_span, false),
                None => Err(
                    not_found(format!("there is no entry [{i}]")).allowed(if len == 0 {
                        "the list is empty".to_string()
                    } else {
                        format!("an index from 0 to {}", len - 1)
                    }),
                ),
            }
        }
        (Step::Index(i), other) => Err(not_found(format!(
            "[{i}] indexes a list, but this is {}",
            other.kind()
        ))),
        (Step::Key(k), other) => Err(not_found(format!(
            "'{k}' cannot be set inside {}",
            other.kind()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Node {
        parse_document(text).doc.unwrap()
    }

    #[test]
    fn spans_point_at_values_and_keys() {
        let text = "[appraisal]\nhorizon_years = 3\n";
        let d = doc(text);
        let h = d.get("appraisal").unwrap().get("horizon_years").unwrap();
        assert_eq!(h.value, Value::Int(3));
        assert_eq!(&text[h.span.range.clone()], "3");
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let parsed = parse_document("a = \"\n");
        let p = &parsed.problems[0];
        assert!(p.message.starts_with("this is not valid TOML"));
        assert!(p.span.is_some());
        assert!(parsed.doc.is_none());
    }

    #[test]
    fn overrides_address_options_by_id_and_lists_by_index() {
        let mut d = doc(
            "[[options]]\nid = \"a\"\nx = 1\n[[options]]\nid = \"b\"\nx = 2\n[[options.risks]]\np = 0.1\n",
        );
        apply_override(&mut d, "options.b.x=5", 0).unwrap();
        apply_override(&mut d, "options[0].x = { pert = [1, 2, 3] }", 1).unwrap();
        apply_override(&mut d, "options.b.risks[0].p=0.5", 2).unwrap();
        let Value::Array(opts) = &d.get("options").unwrap().value else {
            panic!()
        };
        assert_eq!(opts[1].get("x").unwrap().value, Value::Int(5));
        assert!(opts[0].get("x").unwrap().get("pert").is_some());
        assert_eq!(opts[1].get("x").unwrap().span.origin, Origin::Override(0));
        let Value::Array(risks) = &opts[1].get("risks").unwrap().value else {
            panic!()
        };
        assert_eq!(risks[0].get("p").unwrap().value, Value::Float(0.5));
    }

    #[test]
    fn overrides_create_missing_keys_in_tables() {
        let mut d = doc("[appraisal]\ntitle = \"t\"\n");
        apply_override(&mut d, "appraisal.budget.annual=80000", 0).unwrap();
        let b = d.get("appraisal").unwrap().get("budget").unwrap();
        assert_eq!(b.get("annual").unwrap().value, Value::Int(80000));
    }

    #[test]
    fn bare_words_are_strings_and_bad_overrides_are_explained() {
        let mut d = doc("[appraisal]\nmethod = \"x\"\n");
        apply_override(&mut d, "appraisal.method=latin_hypercube", 0).unwrap();
        assert_eq!(
            d.get("appraisal").unwrap().get("method").unwrap().value,
            Value::Str("latin_hypercube".into())
        );
        let p = apply_override(&mut d, "appraisal.method", 1).unwrap_err();
        assert!(p.message.contains("PATH=VALUE"));
        let p = apply_override(&mut d, "options.nope.x=1", 2).unwrap_err();
        assert!(p.message.contains("no 'options'"), "{}", p.message);
        let mut d = doc("[[options]]\nid = \"a\"\n");
        let p = apply_override(&mut d, "options.b.x=1", 3).unwrap_err();
        assert_eq!(p.allowed.as_deref(), Some("one of: a"));
        let p = apply_override(&mut d, "options[3].x=1", 4).unwrap_err();
        assert!(p.message.contains("no entry [3]"));
        let p = apply_override(&mut d, "options.a.x={ pert = [1, 2", 5).unwrap_err();
        assert!(p.message.contains("not valid TOML"));
        assert_eq!(p.span.unwrap().origin, Origin::Override(5));
    }
}
