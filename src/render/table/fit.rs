//! Terminal tables that fit a width. A table is a list of [`Column`]s, each with a priority:
//! when the whole table is wider than the width, the text column wraps down to its narrowest,
//! and then the columns least worth keeping are left out, one at a time, until it fits; the
//! caller says which were left out. When even the columns that must stay do not fit, each row
//! becomes a block of its own (label and value, one per line). Prose around a table wraps to
//! the same width ([`wrap`]).

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Alignment, Style};

/// One column of a table.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    /// The header; `\n` separates its lines.
    pub header: String,
    /// One cell per row.
    pub cells: Vec<String>,
    /// How much the column is worth keeping when space is short: 0 always stays; of the
    /// others, the highest is left out first.
    pub keep: u8,
    /// Words that wrap (an option's name), between this narrowest and widest width; `None`
    /// for a right-aligned figure that never wraps.
    pub wrap: Option<(usize, usize)>,
}

impl Column {
    /// A column of figures, right-aligned, kept according to `keep`.
    pub(crate) fn figures(header: &str, keep: u8, cells: Vec<String>) -> Column {
        Column {
            header: header.to_string(),
            cells,
            keep,
            wrap: None,
        }
    }

    /// A column of words that always stays, wrapping between `min` and `max` characters.
    pub(crate) fn words(header: &str, min: usize, max: usize, cells: Vec<String>) -> Column {
        Column {
            header: header.to_string(),
            cells,
            keep: 0,
            wrap: Some((min, max)),
        }
    }
}

/// A table laid out to a width.
#[derive(Debug, Clone)]
pub(crate) struct Fitted {
    /// The table, ending without a newline.
    pub text: String,
    /// The headers (on one line each) of the columns left out to fit.
    pub left_out: Vec<String>,
}

/// Lays out `columns` within `width` characters (`None`: every column, words wrapped at their
/// widest).
pub(crate) fn fit(columns: &[Column], width: Option<usize>) -> Fitted {
    let Some(width) = width else {
        return Fitted {
            text: build(columns, None),
            left_out: Vec::new(),
        };
    };
    let mut kept: Vec<Column> = columns.to_vec();
    loop {
        if let Some(text) = within(&kept, width) {
            let left_out = columns
                .iter()
                .filter(|c| !kept.iter().any(|k| k.header == c.header))
                .map(|c| c.header.replace('\n', " "))
                .collect();
            return Fitted { text, left_out };
        }
        let drop = kept
            .iter()
            .enumerate()
            .filter(|(_, c)| c.keep > 0)
            .max_by_key(|(i, c)| (c.keep, *i))
            .map(|(i, _)| i);
        match drop {
            Some(i) => {
                kept.remove(i);
            }
            None => {
                return Fitted {
                    text: blocks(columns, width),
                    left_out: Vec::new(),
                };
            }
        }
    }
}

/// The table of `columns` if it fits in `width`, its words columns as wide as they may be.
fn within(columns: &[Column], width: usize) -> Option<String> {
    let widest = build(columns, None);
    let over = text_width(&widest).saturating_sub(width);
    if over == 0 {
        return Some(widest);
    }
    // Narrow the words columns, first to last, from the width they take (at most their widest)
    // to their narrowest, until the excess is gone.
    let taken = |c: &Column, max: usize| {
        let cells = c.cells.iter().chain(std::iter::once(&c.header));
        cells
            .map(|t| text_width(&textwrap::fill(t, max)))
            .max()
            .unwrap_or(0)
    };
    let spans: Vec<Option<(usize, usize)>> = columns
        .iter()
        .map(|c| c.wrap.map(|(min, max)| (min, taken(c, max).max(min))))
        .collect();
    let room: usize = spans.iter().flatten().map(|(min, now)| now - min).sum();
    if room < over {
        return None;
    }
    let mut left = over;
    let narrowed: Vec<Option<usize>> = spans
        .iter()
        .map(|s| {
            s.map(|(min, now)| {
                let cut = left.min(now - min);
                left -= cut;
                now - cut
            })
        })
        .collect();
    let text = build(columns, Some(&narrowed));
    (text_width(&text) <= width).then_some(text)
}

/// The table, each words column wrapped at `widths[i]` (default: its widest).
fn build(columns: &[Column], widths: Option<&[Option<usize>]>) -> String {
    let rows = columns.first().map_or(0, |c| c.cells.len());
    let cell = |i: usize, c: &Column, text: &str| match c.wrap {
        Some((_, max)) => {
            let w = widths.and_then(|ws| ws[i]).unwrap_or(max);
            textwrap::fill(text, w)
        }
        None => text.to_string(),
    };
    let mut b = Builder::default();
    b.push_record(
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| cell(i, c, &c.header)),
    );
    for r in 0..rows {
        b.push_record(
            columns
                .iter()
                .enumerate()
                .map(|(i, c)| cell(i, c, &c.cells[r])),
        );
    }
    let mut t = b.build();
    t.with(Style::rounded());
    for (i, c) in columns.iter().enumerate() {
        if c.wrap.is_none() {
            t.modify(Columns::one(i), Alignment::right());
        }
    }
    t.to_string()
}

/// One block per row when not even the columns that must stay fit: the row's first cell as a
/// heading, then each other column's header and value.
fn blocks(columns: &[Column], width: usize) -> String {
    let rows = columns.first().map_or(0, |c| c.cells.len());
    let mut out = Vec::with_capacity(rows);
    for r in 0..rows {
        let mut lines = Vec::new();
        if let Some(first) = columns.first() {
            lines.push(wrap(&first.cells[r], width));
        }
        for c in columns.iter().skip(1) {
            let label = c.header.replace('\n', " ");
            lines.push(wrap(&format!("  {label}: {}", c.cells[r]), width));
        }
        out.push(lines.join("\n"));
    }
    out.join("\n\n")
}

/// The widest line of `text`, in terminal columns.
pub(crate) fn text_width(text: &str) -> usize {
    text.lines()
        .map(textwrap::core::display_width)
        .max()
        .unwrap_or(0)
}

/// Prose wrapped at `width` columns (`None`: as it is), each paragraph's lines kept apart.
pub(crate) fn wrap_to(text: &str, width: Option<usize>) -> String {
    match width {
        Some(w) => wrap(text, w),
        None => text.to_string(),
    }
}

/// Prose wrapped at `width` columns; continuation lines keep the first line's indent.
pub(crate) fn wrap(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| {
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            let options = textwrap::Options::new(width.max(20)).subsequent_indent(&indent);
            textwrap::fill(line, options)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(name: &str) -> Vec<Column> {
        let figures = |h: &str, keep: u8| Column::figures(h, keep, vec!["£123,456".into()]);
        vec![
            Column::words("Option", 10, 30, vec![name.into()]),
            figures("Cost\nP50", 1),
            figures("NPV\nmean", 2),
            figures("Cost\nP10", 5),
            figures("Cost\nP90", 4),
            figures("Start\nmonth", 3),
        ]
    }

    #[test]
    fn a_table_that_fits_is_left_whole() {
        let f = fit(&columns("Carry on"), Some(200));
        assert!(f.left_out.is_empty());
        assert_eq!(f.text, fit(&columns("Carry on"), None).text);
    }

    #[test]
    fn names_wrap_first_then_the_least_kept_columns_go() {
        let name = "Recruit two behaviour change specialists on the Drive model";
        let all = fit(&columns(name), None);
        assert!(text_width(&all.text) > 60);
        let f = fit(&columns(name), Some(60));
        assert!(text_width(&f.text) <= 60, "{}", f.text);
        assert_eq!(f.left_out, ["Cost P10"]);
        let f = fit(&columns(name), Some(50));
        assert!(text_width(&f.text) <= 50, "{}", f.text);
        assert_eq!(f.left_out, ["Cost P10", "Cost P90"]);
        assert!(f.text.contains("│ Recruit two "), "{}", f.text);
        for w in 20..120 {
            assert!(text_width(&fit(&columns(name), Some(w)).text) <= w, "{w}");
        }
    }

    #[test]
    fn a_words_column_narrower_than_its_widest_still_fits() {
        // The names are shorter than the column's widest (32): the excess is taken from the
        // width they take, so the table fits instead of falling back to blocks.
        let cells = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let columns = [
            Column::words(
                "Option",
                12,
                32,
                cells(&["Do not fund", "Fund the service for two years"]),
            ),
            Column::words("Figure", 10, 14, cells(&["Completed mean", "NPV mean"])),
            Column::figures("Before", 0, cells(&["0.0", "£3,511"])),
            Column::figures("After", 0, cells(&["0.0", "£24,899,002"])),
            Column::figures("Change", 0, cells(&["0.0", "+£24,895,491"])),
        ];
        for w in 70..100 {
            let f = fit(&columns, Some(w));
            assert!(text_width(&f.text) <= w, "{w}: {}", f.text);
            assert!(f.text.starts_with('╭'), "{w}: {}", f.text);
        }
    }

    #[test]
    fn prose_wraps_and_keeps_its_indent() {
        let t = wrap("  a long line of words that goes on and on", 20);
        assert!(
            t.lines().all(|l| l.starts_with("  ") && l.len() <= 20),
            "{t}"
        );
    }
}
