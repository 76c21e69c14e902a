//! Problems found in a user's input, and how they are shown.
//!
//! A scenario is read from one file plus the `--set` overrides typed on the command line. Every
//! problem points into one of those texts by byte range, so that it can be shown with its file,
//! line and column, the line itself quoted, the key path, and what is allowed.

use std::fmt;
use std::ops::Range;

/// Where a piece of text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The scenario file.
    File,
    /// The override typed as the n-th `--set` (counting from 0).
    Override(usize),
}

/// A byte range in the scenario file or in one override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Which text the range points into.
    pub origin: Origin,
    /// Byte range within that text.
    pub range: Range<usize>,
}

impl Span {
    /// A range in the scenario file.
    pub fn file(range: Range<usize>) -> Self {
        Span {
            origin: Origin::File,
            range,
        }
    }
}

/// One problem with the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Key path in the scenario, e.g. `options.in_house.completion` (empty for the whole file).
    pub path: String,
    /// Where the offending text is, when known.
    pub span: Option<Span>,
    /// What is wrong, in plain words.
    pub message: String,
    /// What would be accepted instead, when that can be said.
    pub allowed: Option<String>,
    /// Further remarks, each with the place it is about (quoted under the problem), if any
    /// (a boxed slice keeps `Problem` small enough to return in a `Result`).
    pub notes: Box<[Note]>,
}

/// A remark on a problem: why it arises, or another place that has to do with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The remark, in plain words.
    pub message: String,
    /// The place it is about, quoted with a caret when given.
    pub span: Option<Span>,
}

impl Problem {
    /// A problem at `path`, pointing at `span`.
    pub fn new(path: impl Into<String>, span: Option<Span>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            span,
            message: message.into(),
            allowed: None,
            notes: Box::default(),
        }
    }

    /// Adds what is allowed.
    pub fn allowed(mut self, allowed: impl Into<String>) -> Self {
        self.allowed = Some(allowed.into());
        self
    }

    /// Adds a remark, about the place `span` if given.
    pub fn note(mut self, message: impl Into<String>, span: Option<Span>) -> Self {
        self.add_note(message, span);
        self
    }

    /// Adds a remark to a problem in place, about the place `span` if given.
    pub fn add_note(&mut self, message: impl Into<String>, span: Option<Span>) {
        let mut notes = std::mem::take(&mut self.notes).into_vec();
        notes.push(Note {
            message: message.into(),
            span,
        });
        self.notes = notes.into_boxed_slice();
    }
}

/// The texts a scenario was read from: used to show where a problem is.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The file name as the user gave it.
    pub file_name: String,
    /// The file's text.
    pub text: String,
    /// The overrides applied to the file, as written: a variant's `set` entries, then the
    /// `--set PATH=VALUE` overrides typed on the command line.
    pub overrides: Vec<String>,
    /// Where each override came from, for messages: `--set`, or `variant 'NAME':`.
    pub override_labels: Vec<String>,
    /// For an override written in the file (a variant's `set` entry): the byte offset in the
    /// file of each byte of the override's text, and of its end (one more entry than bytes), so
    /// that a problem in it is shown at its place in the file. `None` for a `--set`.
    pub override_at: Vec<Option<Vec<usize>>>,
}

impl Sources {
    /// Sources for the text of a file, with no overrides yet.
    pub fn file(file_name: impl Into<String>, text: impl Into<String>) -> Self {
        Sources {
            file_name: file_name.into(),
            text: text.into(),
            overrides: Vec::new(),
            override_labels: Vec::new(),
            override_at: Vec::new(),
        }
    }

    /// Adds an override: its text, where it came from (`--set` or `variant 'NAME':`), and for a
    /// variant's `set` entry the file offsets of its bytes (see [`Sources::override_at`]).
    pub fn push_override(&mut self, text: &str, label: &str, at: Option<Vec<usize>>) {
        self.overrides.push(text.to_string());
        self.override_labels.push(label.to_string());
        self.override_at.push(at);
    }

    /// Where a span is shown: the label before `:line:col`, the text the line is quoted from,
    /// the byte range within that text, and words to put before the key path (the variant an
    /// override written in the file belongs to).
    fn locate(&self, span: &Span) -> (String, &str, Range<usize>, String) {
        match span.origin {
            Origin::File => (
                self.file_name.clone(),
                self.text.as_str(),
                span.range.clone(),
                String::new(),
            ),
            Origin::Override(i) => {
                let label = self.override_labels.get(i).map_or("--set", |s| s);
                let text = self.overrides.get(i).map_or("", |s| s.as_str());
                match self.override_at.get(i).and_then(Option::as_ref) {
                    Some(at) if !at.is_empty() => {
                        let map = |x: usize| at[x.min(at.len() - 1)];
                        let range = map(span.range.start)..map(span.range.end);
                        (
                            self.file_name.clone(),
                            self.text.as_str(),
                            range,
                            format!(" {label}"),
                        )
                    }
                    _ => (
                        format!("{label} {}", cut(text, LABEL_WIDTH)),
                        text,
                        span.range.clone(),
                        String::new(),
                    ),
                }
            }
        }
    }
}

/// Every problem found in one scenario, ready to print.
#[derive(Debug, Clone)]
pub struct Report {
    /// The texts the problems point into.
    pub sources: Sources,
    /// The problems, in the order they were found.
    pub problems: Vec<Problem>,
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        for p in &self.problems {
            write_problem(f, &self.sources, p, "error")?;
        }
        write!(
            f,
            "{}: {} problem{} found; nothing was run",
            self.sources.file_name,
            n,
            if n == 1 { "" } else { "s" }
        )
    }
}

/// Problems shown one after another, each headed by `word` ("warning", say) and followed by a
/// blank line, with no closing count: the form warnings are printed in.
pub fn show(sources: &Sources, problems: &[Problem], word: &str) -> String {
    struct Shown<'a>(&'a Sources, &'a [Problem], &'a str);
    impl fmt::Display for Shown<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.1
                .iter()
                .try_for_each(|p| write_problem(f, self.0, p, self.2))
        }
    }
    Shown(sources, problems, word).to_string()
}

fn write_problem(
    f: &mut fmt::Formatter<'_>,
    sources: &Sources,
    p: &Problem,
    word: &str,
) -> fmt::Result {
    let key = if p.path.is_empty() {
        String::new()
    } else {
        format!(" {}:", p.path)
    };
    match &p.span {
        Some(span) => {
            let (label, text, range, before) = sources.locate(span);
            let (line, col) = line_col(text, range.start);
            writeln!(
                f,
                "{word}: {label}:{line}:{col}:{before}{key} {}",
                p.message
            )?;
            write_quote(f, text, range)?;
        }
        None => writeln!(f, "{word}: {}:{key} {}", sources.file_name, p.message)?,
    }
    for note in &p.notes {
        match &note.span {
            Some(span) => {
                let (label, text, range, _) = sources.locate(span);
                let (line, col) = line_col(text, range.start);
                writeln!(f, "  = note: {} ({label}:{line}:{col})", note.message)?;
                write_quote(f, text, range)?;
            }
            None => writeln!(f, "  = note: {}", note.message)?,
        }
    }
    if let Some(allowed) = &p.allowed {
        writeln!(f, "  = allowed: {allowed}")?;
    }
    writeln!(f)
}

/// Quotes the line of `text` where `range` starts, with a caret under the range (up to the end
/// of the line); a long line is cut to a window around the range (see [`window`]).
fn write_quote(f: &mut fmt::Formatter<'_>, text: &str, range: Range<usize>) -> fmt::Result {
    let (line, col) = line_col(text, range.start);
    let quoted = text.lines().nth(line - 1).unwrap_or("");
    let line_chars = quoted.chars().count();
    let underline_len = {
        let end = range.end.min(text.len()).max(range.start);
        let (end_line, end_col) = line_col(text, end);
        if end_line == line {
            end_col.saturating_sub(col).max(1)
        } else {
            line_chars.saturating_sub(col - 1).max(1)
        }
    };
    let (shown, col, underline_len) = window(quoted, col, underline_len);
    let width = line.to_string().len();
    writeln!(f, "{:width$} |", "")?;
    writeln!(f, "{line} | {shown}")?;
    writeln!(
        f,
        "{:width$} | {}{}",
        "",
        " ".repeat(col - 1),
        "^".repeat(underline_len)
    )
}

/// An override longer than this many characters is cut in the heading of its problems.
const LABEL_WIDTH: usize = 80;

/// The first `width` characters of `text`, with `…` when it is longer.
fn cut(text: &str, width: usize) -> String {
    match text.char_indices().nth(width) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Lines longer than this many characters are quoted in part.
const QUOTE_WIDTH: usize = 120;
/// Characters shown before the column in a line quoted in part.
const QUOTE_BEFORE: usize = 60;

/// The part of a line to quote around 1-based character column `col`, with the column and the
/// underline length within it: the whole line when it has at most [`QUOTE_WIDTH`] characters,
/// else [`QUOTE_WIDTH`] characters starting [`QUOTE_BEFORE`] before the column, with `…` where
/// the line was cut.
pub fn window(line: &str, col: usize, underline: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= QUOTE_WIDTH {
        return (line.to_string(), col, underline);
    }
    let at = (col - 1).min(chars.len());
    let start = at.saturating_sub(QUOTE_BEFORE);
    let end = (start + QUOTE_WIDTH).min(chars.len());
    let start = end.saturating_sub(QUOTE_WIDTH).min(start);
    let mut shown: String = chars[start..end].iter().collect();
    let mut col = at - start + 1;
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    let underline = underline.min(end.saturating_sub(at)).max(1);
    (shown, col, underline)
}

/// The nearest of `candidates` to `word`, when one is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "a = 1\nb = \"é\" x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // 'x' sits after a two-byte character.
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 9));
    }

    #[test]
    fn a_problem_quotes_its_line_and_underlines_the_value() {
        let report = Report {
            sources: Sources::file("s.toml", "[appraisal]\nhorizon_years = 40\n"),
            problems: vec![
                Problem::new(
                    "appraisal.horizon_years",
                    Some(Span::file(28..30)),
                    "40 years is outside the range",
                )
                .allowed("a whole number of years from 1 to 30"),
            ],
        };
        let shown = report.to_string();
        assert!(shown.contains("error: s.toml:2:17: appraisal.horizon_years: 40 years"));
        assert!(shown.contains("2 | horizon_years = 40\n  |                 ^^\n"));
        assert!(shown.contains("= allowed: a whole number of years from 1 to 30"));
        assert!(shown.ends_with("1 problem found; nothing was run"));
    }

    #[test]
    fn a_long_line_is_quoted_around_its_column() {
        let line = format!("{}x = 70%{}", "a".repeat(200_000), "b".repeat(200_000));
        let col = 200_005;
        let (shown, at, underline) = window(&line, col, 3);
        assert_eq!(shown.chars().count(), QUOTE_WIDTH + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        let marked: String = shown.chars().skip(at - 1).take(underline).collect();
        assert_eq!(marked, "70%");
        // Near either end the window keeps its width and loses one mark.
        let (shown, at, _) = window(&line, 3, 1);
        assert_eq!((shown.chars().count(), at), (QUOTE_WIDTH + 1, 3));
        assert!(!shown.starts_with('…'));
        let end = line.chars().count();
        let (shown, at, _) = window(&line, end, 1);
        assert_eq!(shown.chars().nth(at - 1), Some('b'));
        assert!(!shown.ends_with('…'));
        // A short line is quoted whole.
        assert_eq!(window("a = 1", 5, 1), ("a = 1".to_string(), 5, 1));
    }

    #[test]
    fn a_long_line_is_cut_in_the_report() {
        let text = format!("x = [{}, 70%]\n", vec!["1"; 10_000].join(", "));
        let at = text.find("70%").unwrap();
        let report = Report {
            sources: Sources::file("s.toml", text.clone()),
            problems: vec![Problem::new("", Some(Span::file(at..at + 3)), "bad")],
        };
        let shown = report.to_string();
        assert!(shown.len() < 600, "{shown}");
        assert!(shown.contains("1, 1, 70%]"), "{shown}");
    }

    #[test]
    fn nearest_suggests_close_keys_only() {
        let keys = ["horizon_years", "discount_rate", "budget"];
        assert_eq!(nearest("horizon_year", &keys), Some("horizon_years"));
        assert_eq!(nearest("discont_rate", &keys), Some("discount_rate"));
        assert_eq!(nearest("colour", &keys), None);
    }
}
