//! Expressions written in a scenario (SWOT items, and any later text that quotes results):
//! filled in with the report's filters within bounded work and size
//! ([`crate::format::template::fill_expression`]), and, when one cannot be, a problem located
//! at its text in the scenario file, quoted with a caret at the mistake.
//!
//! Any kind of expression uses the same three steps: build an environment and context of the
//! values it may quote, [`fill`] each text, and turn a failure into a [`Problem`] with
//! [`problem`] at the text's key path. `appraise validate` does this against a dry run
//! ([`crate::run::dry_run`]), so that a broken expression is found before a report is asked for.

use crate::diag::{Origin, Problem, Sources, Span};
use crate::format::template::OUT_OF_FUEL;
use crate::scenario::node::{self, Node, Value as NodeValue};
use minijinja::{Error, ErrorKind};

pub use crate::format::template::fill_expression as fill;

/// The problem of the expression at key path `path` (`options.ID.swot.threats[0]`) whose text
/// is `text`: what went wrong in words, located at the text in the scenario (at the mistake
/// itself when the text is written plainly), with what is allowed.
pub fn problem(
    sources: &Sources,
    path: &str,
    text: &str,
    what: &str,
    err: &Error,
    allowed: &str,
) -> Problem {
    let span = locate(sources, path).map(|s| narrow(sources, s, text, err));
    Problem::new(
        path,
        span,
        format!("{what} cannot be filled in: {}", explain(err)),
    )
    .allowed(allowed)
}

/// What went wrong in a template error, in words.
pub fn explain(e: &Error) -> String {
    let what = match e.kind() {
        ErrorKind::UndefinedError => "it names a value that does not exist".to_string(),
        ErrorKind::UnknownFunction => "it calls a function that does not exist".to_string(),
        ErrorKind::UnknownFilter => "it uses a filter that does not exist".to_string(),
        ErrorKind::SyntaxError => "its {{ }} expression is not valid".to_string(),
        ErrorKind::OutOfFuel => OUT_OF_FUEL.to_string(),
        ErrorKind::InvalidOperation if e.detail().is_some() => String::new(),
        k => k.to_string(),
    };
    match (what.is_empty(), e.detail()) {
        (true, Some(d)) => d.to_string(),
        (false, Some(d)) => format!("{what} ({d})"),
        (_, None) => what,
    }
}

/// Where the value at key path `path` was written: in the file, or in an override (a variant's
/// `set` entry or a `--set`). Paths name keys with dots, list entries by `[i]`, and entries of
/// a list of tables by their `id` (`options.in_house.swot.threats[0]`).
pub fn locate(sources: &Sources, path: &str) -> Option<Span> {
    let mut doc = node::parse_document(&sources.text).doc?;
    for (i, o) in sources.overrides.iter().enumerate() {
        node::apply_override(&mut doc, o, i).ok()?;
    }
    let mut at: &Node = &doc;
    for part in path.split('.') {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            at = match &at.value {
                NodeValue::Table(_) => at.get(key)?,
                NodeValue::Array(items) => items.iter().find(|i| {
                    matches!(i.get("id").map(|n| &n.value), Some(NodeValue::Str(s)) if s == key)
                })?,
                _ => return None,
            };
        }
        while let Some(close) = rest.find(']') {
            let index: usize = rest.get(1..close)?.parse().ok()?;
            at = match &at.value {
                NodeValue::Array(items) => items.get(index)?,
                _ => return None,
            };
            rest = &rest[close + 1..];
        }
    }
    Some(at.span.clone())
}

/// The span of the mistake within a string whose whole span is `span`: when the text is
/// written plainly between quotes (no escapes), the error's range maps onto it byte for byte.
fn narrow(sources: &Sources, span: Span, text: &str, err: &Error) -> Span {
    let written = match span.origin {
        Origin::File => sources.text.get(span.range.clone()),
        Origin::Override(i) => sources
            .overrides
            .get(i)
            .and_then(|o| o.get(span.range.clone())),
    };
    let Some(r) = err.range() else {
        return span;
    };
    let plain = written.is_some_and(|w| {
        w.len() == text.len() + 2
            && w.get(1..w.len() - 1) == Some(text)
            && (w.starts_with('"') || w.starts_with('\''))
    });
    if !plain || r.end > text.len() {
        return span;
    }
    let start = span.range.start + 1;
    Span {
        origin: span.origin,
        range: start + r.start..start + r.end.max(r.start + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::line_col;
    use crate::format::template::expression_environment;
    use minijinja::context;

    const TEXT: &str =
        "[[options]]\nid = \"a\"\n[options.swot]\nthreats = [\"fine\", \"P = {{ p | }}\"]\n";

    #[test]
    fn paths_are_located_by_key_id_and_index() {
        let sources = Sources::file("t.toml", TEXT);
        let span = locate(&sources, "options.a.swot.threats[1]").unwrap();
        assert_eq!(&TEXT[span.range.clone()], "\"P = {{ p | }}\"");
        assert!(locate(&sources, "options.b.swot.threats[1]").is_none());
        assert!(locate(&sources, "options.a.swot.threats[2]").is_none());
        assert!(locate(&sources, "options[0].swot.threats[0]").is_some());
    }

    #[test]
    fn an_override_is_located_in_its_own_text() {
        let mut sources = Sources::file("t.toml", TEXT);
        sources.push_override("options.a.swot.threats[0]=\"{{ nope }}\"", "--set", None);
        let span = locate(&sources, "options.a.swot.threats[0]").unwrap();
        assert_eq!(span.origin, Origin::Override(0));
    }

    #[test]
    fn the_caret_points_at_the_mistake_in_a_plain_string() {
        let sources = Sources::file("t.toml", TEXT);
        let env = expression_environment(vec![]);
        let text = "P = {{ p | }}";
        let err = fill(&env, text, context! { p => 0.5 }).unwrap_err();
        let p = problem(
            &sources,
            "options.a.swot.threats[1]",
            text,
            "this SWOT item",
            &err,
            "x",
        );
        assert!(
            p.message.starts_with(
                "this SWOT item cannot be filled in: its {{ }} expression is not valid"
            ),
            "{}",
            p.message
        );
        let span = p.span.unwrap();
        let (line, col) = line_col(TEXT, span.range.start);
        assert_eq!(line, 4);
        assert!(TEXT[span.range.start..].starts_with("}}"), "col {col}");
    }
}
