//! Syntax errors that help: the numbers people type the way they would write them on paper
//! (`70%`, `£80k`, `1,200,000`, `27 * 52`), named with their fix; nesting too deep for the TOML
//! parser, located; and reading on after a syntax error so that one run shows every such mistake.
//!
//! The TOML parser stops at the first error and says only what it expected ("string values must
//! be quoted"). Here the raw text at the error is read again to say what the user meant, and the
//! bad value is replaced by a placeholder of the same length so the rest of the file can be parsed
//! and checked with every position unchanged.

use super::mistake::{Mistake, typed_mistake};
use crate::diag::{Origin, Problem, Span, line_col};
use std::ops::Range;

/// The deepest nesting the TOML parser reads: keys of at most this many dotted parts, and lists
/// and inline tables nested at most this deep (a scenario needs about six).
pub const MAX_DEPTH: usize = 80;

const TOML_HELP: &str =
    "TOML syntax: `key = value`, [tables], [[arrays of tables]]; text in \"quotes\"";

/// Where a syntax error's value starts and ends on its line, and the mistake in it if it is a
/// typed one. `at` is the error's byte range in `text`.
fn value_at(text: &str, at: &Range<usize>) -> (Range<usize>, Option<Mistake>) {
    let line_start = text[..at.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[at.start.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| at.start + i);
    let line = &text[line_start..line_end];
    let value_char = |c: char| {
        c.is_alphanumeric() || matches!(c, '.' | ',' | '_' | '%' | '£' | '$' | '€' | '+' | '-')
    };
    // The span the parser gave, widened to the whole run of value characters around it.
    let mut start = at.start.clamp(line_start, line_end);
    while let Some(c) = text[line_start..start].chars().next_back() {
        if !value_char(c) {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = at.end.clamp(start, line_end);
    while let Some(c) = text[end..line_end].chars().next() {
        if !value_char(c) {
            break;
        }
        end += c.len_utf8();
    }
    // Separators at either end belong to the list or table around the value.
    let token = text[start..end].trim_matches([',', '.']);
    let start = start + text[start..end].find(token).unwrap_or(0);
    let end = start + token.len();
    if let Some(m) = typed_mistake(token) {
        return (start..end, Some(m));
    }
    // Else everything after the nearest '=' before the error, up to a bracket, brace or comment.
    let eq = line[..at.start.clamp(line_start, line_end) - line_start].rfind('=');
    if let Some(eq) = eq {
        let from = line_start + eq + 1;
        let to = text[from..line_end]
            .find(['}', ']', '#'])
            .map_or(line_end, |i| from + i);
        if let Some(m) = typed_mistake(&text[from..to]) {
            return (trimmed(text, from..to), Some(m));
        }
    }
    (at.clone(), None)
}

/// `range` without the spaces at either end.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    start..start + s.trim().len()
}

/// The problem a TOML syntax error stands for, in `text` (the file, or one override's value with
/// its position `offset` in the override), with the typed mistake named when it is one.
pub fn syntax_problem(
    text: &str,
    e: &toml::de::Error,
    origin: Origin,
    offset: usize,
) -> (Problem, Option<Range<usize>>) {
    let at = |range: Range<usize>| Span {
        origin,
        range: range.start + offset..range.end + offset,
    };
    let message = e.message().trim().to_string();
    let Some(span) = e.span() else {
        return (deep_problem(text, origin, offset, &message), None);
    };
    if message.contains("recurse") || message.contains("recursion") {
        return (deep_problem(text, origin, offset, &message), None);
    }
    let (range, mistake) = value_at(text, &span);
    match mistake {
        Some(m) => (m.problem("", Some(at(range.clone()))), Some(range)),
        None if nothing_after_equals(text, span.start) => {
            let p = Problem::new("", Some(at(span.clone())), "the value after '=' is missing")
                .allowed("a value after '=': a number, text in \"quotes\", a list [ … ] or a table { … }");
            (p, None)
        }
        None => {
            let p = Problem::new(
                "",
                Some(at(span.clone())),
                format!("this is not valid TOML: {message}"),
            )
            .allowed(TOML_HELP);
            (p, None)
        }
    }
}

/// Whether the line of `at` has `=` with nothing but spaces or a comment after it.
fn nothing_after_equals(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    line.split('#')
        .next()
        .is_some_and(|l| l.trim_end().ends_with('='))
}

/// Nesting too deep for the parser, pointed at where it first goes beyond [`MAX_DEPTH`].
fn deep_problem(text: &str, origin: Origin, offset: usize, parser: &str) -> Problem {
    let allowed = format!(
        "keys of at most {MAX_DEPTH} dotted parts (a scenario needs a few, as in options.in_house.capacity.fte) and lists or tables nested at most {MAX_DEPTH} deep"
    );
    match deepest(text) {
        Some((range, what)) => Problem::new(
            "",
            Some(Span {
                origin,
                range: range.start + offset..range.end + offset,
            }),
            format!("too deeply nested: at most {MAX_DEPTH} levels ({what})"),
        )
        .allowed(allowed),
        None => Problem::new(
            "",
            None,
            format!(
                "too deeply nested: at most {MAX_DEPTH} levels (the TOML parser says: {parser})"
            ),
        )
        .allowed(allowed),
    }
}

/// The first place in `text` nested beyond [`MAX_DEPTH`]: a key of more dotted parts, or lists
/// and tables opened more deeply. Strings and comments are skipped; a number's decimal point
/// counts as a key's dot, which cannot matter for real nesting of more than 80 levels.
pub fn deepest(text: &str) -> Option<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut parts = 1usize;
    let mut key_start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' | b'\'' => {
                key_start.get_or_insert(i);
                let triple = bytes[i..].starts_with(&[b; 3]);
                let quote: &[u8] = if triple { &[b; 3] } else { &[b] };
                let mut j = i + quote.len();
                while j < bytes.len() && !bytes[j..].starts_with(quote) {
                    if b == b'"' && bytes[j] == b'\\' {
                        j += 1;
                    }
                    if !triple && bytes[j.min(bytes.len() - 1)] == b'\n' {
                        break;
                    }
                    j += 1;
                }
                i = j + quote.len();
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((
                        i..i + 1,
                        format!("lists and tables open here more than {MAX_DEPTH} deep"),
                    ));
                }
                (parts, key_start) = (1, None);
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                (parts, key_start) = (1, None);
            }
            b'.' if key_start.is_some() => {
                parts += 1;
                if parts > MAX_DEPTH {
                    let start = key_start.unwrap_or(i);
                    let end = text[start..]
                        .find(['=', '\n'])
                        .map_or(text.len(), |e| start + e);
                    return Some((
                        start..end,
                        format!("this key has more than {MAX_DEPTH} dotted parts"),
                    ));
                }
            }
            b' ' | b'\t' => {}
            b'=' | b',' | b'\n' | b'\r' => (parts, key_start) = (1, None),
            _ => {
                key_start.get_or_insert(i);
            }
        }
        i += 1;
    }
    None
}

/// A whole file parsed as far as its syntax allows.
pub struct Recovered {
    /// The text with every bad value replaced by a placeholder of the same length (`""` and
    /// spaces) or blanked, so that it parses; `None` when a syntax error could not be passed.
    pub text: Option<String>,
    /// The syntax errors, in the order found.
    pub problems: Vec<Problem>,
    /// The byte ranges replaced by placeholders: problems found there later are not reported.
    pub left_out: Vec<Range<usize>>,
    /// Keys whose whole line was blanked: "missing" problems about them are not reported.
    pub left_out_keys: Vec<String>,
}

impl Recovered {
    /// The problems in file order, each after the first marked as found after it (the parser
    /// does not meet them in file order).
    fn sorted(mut self, text: &str) -> Self {
        let at = |p: &Problem| p.span.as_ref().map_or(usize::MAX, |s| s.range.start);
        self.problems.sort_by_key(at);
        if let Some(first) = self.problems.first().and_then(|p| p.span.clone()) {
            let (line, _) = line_col(text, first.range.start);
            for p in &mut self.problems[1..] {
                p.add_note(after_note(Some(line)), None);
            }
        }
        self
    }
}

/// The note on a problem found after a syntax error on line `line`.
pub fn after_note(line: Option<usize>) -> String {
    match line {
        Some(l) => {
            format!("found after the syntax error on line {l}, reading on with that value left out")
        }
        None => "found after a syntax error, reading on with that value left out".to_string(),
    }
}

/// At most this many syntax errors are reported from one file.
const MAX_SYNTAX_ERRORS: usize = 20;

/// Parses `text`, and after each syntax error that sits in one `key = value` line replaces the
/// value by a placeholder and parses again, so that later mistakes are reported too.
pub fn recover(text: &str) -> Recovered {
    let mut patched = text.to_string();
    let mut out = Recovered {
        text: None,
        problems: Vec::new(),
        left_out: Vec::new(),
        left_out_keys: Vec::new(),
    };
    loop {
        let e = match toml::de::DeTable::parse(&patched) {
            Ok(_) => {
                out.text = Some(patched);
                return out.sorted(text);
            }
            Err(e) => e,
        };
        let (problem, mistake_range) = syntax_problem(&patched, &e, Origin::File, 0);
        out.problems.push(problem);
        let Some(span) = e.span() else {
            return out.sorted(text);
        };
        let step = match mistake_range {
            Some(r) => Some((r, None)),
            None => value_of_line(&patched, span.start),
        };
        let Some((range, key)) = step else {
            return out.sorted(text);
        };
        if out.problems.len() >= MAX_SYNTAX_ERRORS
            || out.left_out.iter().any(|r| r.start == range.start)
        {
            return out.sorted(text);
        }
        let placeholder = match (key.is_some(), range.len()) {
            (false, n) if n >= 2 => format!("\"\"{}", " ".repeat(n - 2)),
            _ => " ".repeat(range.len()),
        };
        // The replaced text may hold multi-byte characters: replace bytes, keeping the length.
        patched.replace_range(range.clone(), &placeholder);
        if let Some(k) = key {
            out.left_out_keys.push(k);
        }
        out.left_out.push(range);
    }
}

/// For an error at `at` in a line `key = value` whose value has balanced quotes and brackets:
/// the value's range, or, when the value is empty (or one character), the whole line with the
/// key's last part (the line is then blanked).
fn value_of_line(text: &str, at: usize) -> Option<(Range<usize>, Option<String>)> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let eq = line.find('=')?;
    let key = line[..eq].trim();
    if key.is_empty() || key.contains(['"', '\'', '[', '{']) {
        return None;
    }
    let value = &line[eq + 1..];
    let value = value.split('#').next().unwrap_or("");
    let balanced = value.matches('[').count() == value.matches(']').count()
        && value.matches('{').count() == value.matches('}').count()
        && value.matches('"').count().is_multiple_of(2)
        && value.matches('\'').count().is_multiple_of(2);
    if !balanced {
        return None;
    }
    let range = trimmed(text, line_start + eq + 1..line_start + eq + 1 + value.len());
    if range.len() >= 2 {
        Some((range, None))
    } else {
        let last = key.rsplit('.').next().unwrap_or(key).trim().to_string();
        Some((line_start..line_end, Some(last)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_value_is_found_around_the_parsers_span() {
        let text = "a = 1\nb = 1,200,000 # people\n";
        let at = text.find(',').unwrap();
        let (range, m) = value_at(text, &(at..at));
        assert_eq!(&text[range], "1,200,000");
        assert_eq!(
            m.unwrap().fix,
            "write 1200000 (or with underscores: 1_200_000)"
        );
        let text = "x = { b = 1,200 }\n";
        let (range, m) = value_at(text, &(16..16));
        assert_eq!(&text[range], "1,200");
        assert!(m.is_some());
    }

    #[test]
    fn reading_goes_on_after_each_typed_mistake() {
        let text = "a = 70%\nb = £80k\nc = [1, 27 * 52]\nd = 1\n";
        let r = recover(text);
        assert_eq!(r.problems.len(), 3);
        assert_eq!(r.problems[1].notes.len(), 1);
        assert!(r.problems[0].notes.is_empty());
        let patched = r.text.unwrap();
        assert_eq!(patched.len(), text.len());
        assert!(patched.starts_with("a = \"\" \nb = \"\"   "), "{patched}");
    }

    #[test]
    fn an_unclosed_string_stops_the_reading() {
        let r = recover("a = \"x\nb = 70%\n");
        assert_eq!(r.problems.len(), 1);
        assert!(r.text.is_none());
    }

    #[test]
    fn a_missing_value_blanks_its_line() {
        let r = recover("[t]\nengagement =\nb = 2\n");
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.left_out_keys, ["engagement"]);
        assert!(r.text.is_some());
    }

    #[test]
    fn the_parsers_depth_limit_is_the_documented_one() {
        let dotted = |n: usize| format!("{} = 1\n", vec!["a"; n].join("."));
        let lists = |n: usize| format!("a = {}1{}\n", "[".repeat(n), "]".repeat(n));
        assert!(toml::de::DeTable::parse(&dotted(MAX_DEPTH)).is_ok());
        assert!(toml::de::DeTable::parse(&dotted(MAX_DEPTH + 1)).is_err());
        assert!(toml::de::DeTable::parse(&lists(MAX_DEPTH)).is_ok());
        assert!(toml::de::DeTable::parse(&lists(MAX_DEPTH + 1)).is_err());
    }

    #[test]
    fn deep_nesting_is_located() {
        let text = format!("b = 1\n{} = 1\n", vec!["a"; 5000].join("."));
        let r = recover(&text);
        let p = &r.problems[0];
        assert!(
            p.message
                .starts_with("too deeply nested: at most 80 levels"),
            "{}",
            p.message
        );
        assert_eq!(p.span.as_ref().unwrap().range.start, 6);
        let text = format!("b = 1\nc = {}1{}\n", "[".repeat(500), "]".repeat(500));
        let r = recover(&text);
        assert_eq!(
            r.problems[0].span.as_ref().unwrap().range.start,
            10 + MAX_DEPTH
        );
    }
}
