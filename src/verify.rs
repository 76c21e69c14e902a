//! `appraise verify`: reading the audit record a document embeds, and naming what differs
//! between the document and the same document made again. The re-run itself is the library's
//! (lib.rs); this module only reads documents and compares them.
//!
//! The record is the JSON of [`Audit`]: in Markdown and HTML a comment
//! `<!-- appraise-audit … -->`, in a workbook the row of that name in the audit sheet, in the
//! JSON results the `audit` object.

use crate::results::{AUDIT_MARK, Audit};
use calamine::{Data, Reader, Xlsx};
use serde_json::Value;
use std::io::Cursor;
use std::path::Path;

/// How many differences are named before the rest are counted.
pub const SHOWN: usize = 5;

/// The kinds of document that carry an audit record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// An Excel workbook.
    Xlsx,
    /// The JSON results of `appraise run --format json`.
    Json,
}

impl Kind {
    /// The kind of a document: from its bytes (a zip file is a workbook, `{` starts JSON, an
    /// HTML document type or element starts HTML), else Markdown.
    pub fn of(bytes: &[u8]) -> Kind {
        let start = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]).to_ascii_lowercase();
        let start = start.trim_start();
        if bytes.starts_with(b"PK") {
            Kind::Xlsx
        } else if start.starts_with('{') {
            Kind::Json
        } else if start.starts_with("<!doctype html") || start.starts_with("<html") {
            Kind::Html
        } else {
            Kind::Markdown
        }
    }
}

/// The audit record embedded in a document.
///
/// # Errors
/// A message saying what is missing, when the document holds no record that reads as one.
pub fn record(kind: Kind, bytes: &[u8], name: &Path) -> Result<Audit, String> {
    let missing = || {
        format!(
            "{} holds no audit record of appraise\n  = allowed: a report or appendix (.html, .md, .xlsx) or the JSON of appraise run --format json, written by this version of appraise",
            name.display()
        )
    };
    let json = match kind {
        Kind::Json => {
            let v: Value = serde_json::from_slice(bytes).map_err(|_| missing())?;
            v.get("audit").cloned().ok_or_else(missing)?
        }
        Kind::Markdown | Kind::Html => {
            let text = String::from_utf8_lossy(bytes);
            let (open, close) = (format!("<!-- {AUDIT_MARK} "), " -->");
            let at = text.find(&open).ok_or_else(missing)? + open.len();
            let end = text[at..].find(close).ok_or_else(missing)? + at;
            serde_json::from_str(&text[at..end]).map_err(|_| missing())?
        }
        Kind::Xlsx => {
            let sheets = cells(bytes).ok_or_else(missing)?;
            let text = sheets
                .iter()
                .flat_map(|(_, rows)| rows)
                .find(|(_, row)| row.first().is_some_and(|c| c == AUDIT_MARK))
                .and_then(|(_, row)| row.get(1).cloned())
                .ok_or_else(missing)?;
            serde_json::from_str(&text).map_err(|_| missing())?
        }
    };
    serde_json::from_value(json).map_err(|e| {
        format!(
            "{}: the audit record cannot be read: {e}\n  = allowed: a record written by this version of appraise",
            name.display()
        )
    })
}

/// What differs between a document and the same document made again, each in words (at most
/// [`SHOWN`], then how many more); empty when the bytes are the same.
pub fn differences(kind: Kind, report: &[u8], fresh: &[u8]) -> Vec<String> {
    if report == fresh {
        return Vec::new();
    }
    let mut found = match kind {
        Kind::Json => match (
            serde_json::from_slice::<Value>(report),
            serde_json::from_slice::<Value>(fresh),
        ) {
            (Ok(a), Ok(b)) => {
                let mut out = Vec::new();
                json_differences("", &a, &b, &mut out);
                out
            }
            _ => text_differences(report, fresh),
        },
        Kind::Xlsx => match (cells(report), cells(fresh)) {
            (Some(a), Some(b)) => cell_differences(&a, &b),
            _ => vec!["the report is not a workbook that can be read".into()],
        },
        Kind::Markdown | Kind::Html => text_differences(report, fresh),
    };
    if found.is_empty() {
        found.push(
            "every figure is the same, but the bytes differ (layout, formatting or the file's properties)"
                .into(),
        );
    }
    if found.len() > SHOWN {
        let more = found.len() - SHOWN;
        found.truncate(SHOWN);
        found.push(format!("and {more} more"));
    }
    found
}

/// A value quoted for a message, cut to a readable length.
fn quote(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("'{}…'", &s[..i]),
        None => format!("'{s}'"),
    }
}

/// Lines that differ, each with the first word (or figure) that differs.
fn text_differences(report: &[u8], fresh: &[u8]) -> Vec<String> {
    let (a, b) = (
        String::from_utf8_lossy(report),
        String::from_utf8_lossy(fresh),
    );
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut out = Vec::new();
    for (i, (x, y)) in la.iter().zip(&lb).enumerate() {
        if x == y {
            continue;
        }
        let split = |s: &'_ str| -> Vec<String> {
            s.split(|c: char| c.is_whitespace() || "|<>\"".contains(c))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let (wx, wy) = (split(x), split(y));
        let k = wx.iter().zip(&wy).position(|(p, q)| p != q);
        let (was, now) = match k {
            Some(k) => (wx[k].clone(), wy[k].clone()),
            None => (x.to_string(), y.to_string()),
        };
        out.push(format!(
            "line {}: the report has {} where a fresh run gives {} (in {})",
            i + 1,
            quote(&was),
            quote(&now),
            quote(x)
        ));
    }
    if la.len() != lb.len() {
        out.push(format!(
            "the report has {} lines, a fresh run {}",
            la.len(),
            lb.len()
        ));
    }
    out
}

/// JSON values that differ, by their path (`options[1].metrics.cost.p50`).
fn json_differences(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match y.get(k) {
                    Some(w) => json_differences(&p, v, w, out),
                    None => out.push(format!("{p}: the report has it, a fresh run does not")),
                }
            }
            for k in y.keys().filter(|k| !x.contains_key(*k)) {
                out.push(format!(
                    "{path}.{k}: a fresh run has it, the report does not"
                ));
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                json_differences(&format!("{path}[{i}]"), v, w, out);
            }
        }
        _ if a != b => out.push(format!(
            "{path}: the report has {} where a fresh run gives {}",
            quote(&a.to_string()),
            quote(&b.to_string())
        )),
        _ => {}
    }
}

/// Every sheet of a workbook with its non-empty cells as text: (sheet, [(row, cells)]).
type Cells = Vec<(String, Vec<(usize, Vec<String>)>)>;

fn cells(bytes: &[u8]) -> Option<Cells> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).ok()?;
    let names = wb.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let range = wb.worksheet_range(&name).ok()?;
        let (top, _) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, row)| {
                let text = row
                    .iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect();
                (top as usize + i, text)
            })
            .collect();
        out.push((name, rows));
    }
    Some(out)
}

/// Cells that differ, by sheet and A1 reference.
fn cell_differences(a: &Cells, b: &Cells) -> Vec<String> {
    let mut out = Vec::new();
    for (name, rows) in a {
        let Some((_, other)) = b.iter().find(|(n, _)| n == name) else {
            out.push(format!("sheet '{name}': a fresh run has no such sheet"));
            continue;
        };
        for (r, row) in rows {
            let there = other.iter().find(|(q, _)| q == r).map(|(_, x)| x);
            for (c, value) in row.iter().enumerate() {
                let fresh = there.and_then(|x| x.get(c)).map_or("", String::as_str);
                if value != fresh {
                    out.push(format!(
                        "sheet '{name}', cell {}{}: the report has {} where a fresh run gives {}",
                        column_letters(c),
                        r + 1,
                        quote(value),
                        quote(fresh)
                    ));
                }
            }
        }
    }
    out
}

/// A column's letters: 0 → A, 25 → Z, 26 → AA.
fn column_letters(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn a_changed_figure_is_named_with_its_line() {
        let a = b"# T\n\n| A | \xc2\xa3371k | 74% |\n";
        let b = "# T\n\n| A | £380k | 74% |\n".as_bytes();
        let d = differences(Kind::Markdown, b, a);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].starts_with("line 3: the report has '£380k' where a fresh run gives '£371k'"),
            "{d:?}"
        );
        assert!(differences(Kind::Markdown, a, a).is_empty());
    }

    #[test]
    fn json_differences_name_the_path() {
        let a = br#"{"options": [{"p_best": 0.5}], "x": 1}"#;
        let b = br#"{"options": [{"p_best": 0.7}], "x": 1}"#;
        let d = differences(Kind::Json, a, b);
        assert_eq!(
            d,
            ["options[0].p_best: the report has '0.5' where a fresh run gives '0.7'"]
        );
    }

    #[test]
    fn kinds_are_told_from_the_bytes() {
        assert_eq!(Kind::of(b"PK\x03\x04"), Kind::Xlsx);
        assert_eq!(Kind::of(b"{\n  \"title\""), Kind::Json);
        assert_eq!(Kind::of(b"<!DOCTYPE html>\n<html"), Kind::Html);
        assert_eq!(Kind::of(b"# Title"), Kind::Markdown);
    }
}
