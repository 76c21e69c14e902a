//! The workbook's cell formats, how numbers are shown, and a sheet writer that sizes columns
//! and rows to what they hold.

use super::LINE;
use crate::format;
use rust_xlsxwriter::{
    ColNum, Format, FormatAlign, FormatBorder, Formula, RowNum, Worksheet, XlsxError,
};

pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) label: Format,
    pub(super) text: Format,
    pub(super) wrap: Format,
    pub(super) note: Format,
    pub(super) head_left: Format,
    pub(super) head_right: Format,
    /// Left-aligned header after a right-aligned column, indented to keep them apart.
    pub(super) head_indent: Format,
    /// Text after a right-aligned column, indented.
    pub(super) text_indent: Format,
    /// Wrapped text after a right-aligned column, indented.
    pub(super) wrap_indent: Format,
    /// Money and probabilities beside a label, left-aligned.
    pub(super) money_left: Format,
    pub(super) pct_left: Format,
    pub(super) int_left: Format,
    /// Fill of cash above the annual budget.
    pub(super) over: Format,
    /// Red text of a negative headroom.
    pub(super) short: Format,
    /// `"£"#,##0`
    pub(super) money: Format,
    /// `#,##0.0`: people and other counts.
    pub(super) count: Format,
    /// `#,##0.00`: the standard error of a count.
    pub(super) count_fine: Format,
    /// `0.0%`
    pub(super) pct: Format,
    /// `0.00%`: the standard error of a probability.
    pub(super) pct_fine: Format,
    /// `0.00`: ratios such as the BCR.
    pub(super) ratio: Format,
    /// `0.000`
    pub(super) ratio_fine: Format,
    /// `#,##0`: whole numbers.
    pub(super) int: Format,
    /// `0`: identifiers such as the seed, without separators.
    pub(super) id: Format,
    /// `#,##0.0`
    dec1: Format,
    /// `0.000`
    dec3: Format,
    /// `yyyy-mm-dd`
    pub(super) date: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        let cell = || Format::new().set_align(FormatAlign::Top);
        let num = |f: &str| cell().set_num_format(f);
        let head = || {
            Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Bottom)
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color(0xDDEBF7)
        };
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            label: cell().set_bold(),
            text: cell(),
            wrap: cell().set_text_wrap(),
            note: cell().set_text_wrap().set_font_color(0x404040),
            head_left: head().set_align(FormatAlign::Left),
            head_right: head().set_align(FormatAlign::Right),
            head_indent: head().set_align(FormatAlign::Left).set_indent(1),
            text_indent: cell().set_indent(1),
            wrap_indent: cell().set_text_wrap().set_indent(1),
            money_left: num("\"£\"#,##0").set_align(FormatAlign::Left),
            pct_left: num("0.0%").set_align(FormatAlign::Left),
            int_left: num("#,##0").set_align(FormatAlign::Left),
            over: Format::new().set_background_color(0xF8CBAD),
            short: Format::new().set_font_color(0xC00000).set_bold(),
            money: num("\"£\"#,##0"),
            count: num("#,##0.0"),
            count_fine: num("#,##0.00"),
            pct: num("0.0%"),
            pct_fine: num("0.00%"),
            ratio: num("0.00"),
            ratio_fine: num("0.000"),
            int: num("#,##0"),
            id: num("0").set_align(FormatAlign::Left),
            dec1: num("#,##0.0"),
            dec3: num("0.000"),
            date: num("yyyy-mm-dd").set_align(FormatAlign::Left),
        }
    }
}

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Shown {
    Money,
    Count,
    CountFine,
    Pct,
    PctFine,
    Ratio,
    RatioFine,
    Int,
    Dec1,
    Dec3,
}

impl Shown {
    pub(super) fn format(self, f: &Formats) -> &Format {
        match self {
            Shown::Money => &f.money,
            Shown::Count => &f.count,
            Shown::CountFine => &f.count_fine,
            Shown::Pct => &f.pct,
            Shown::PctFine => &f.pct_fine,
            Shown::Ratio => &f.ratio,
            Shown::RatioFine => &f.ratio_fine,
            Shown::Int => &f.int,
            Shown::Dec1 => &f.dec1,
            Shown::Dec3 => &f.dec3,
        }
    }

    /// Roughly what Excel shows, to size the column.
    pub(super) fn shown(self, x: f64) -> String {
        match self {
            Shown::Money => format::money(x),
            Shown::Count | Shown::Dec1 => format::num(x, 1),
            Shown::CountFine | Shown::Ratio => format::num(x, 2),
            Shown::RatioFine | Shown::Dec3 => format::num(x, 3),
            Shown::Pct => format!("{:.1}%", 100.0 * x),
            Shown::PctFine => format!("{:.2}%", 100.0 * x),
            Shown::Int => format::num(x, 0),
        }
    }

    /// The kind for the Monte Carlo standard error of a metric shown as `self`.
    pub(super) fn finer(self) -> Shown {
        match self {
            Shown::Count => Shown::CountFine,
            Shown::Pct => Shown::PctFine,
            Shown::Ratio => Shown::RatioFine,
            Shown::Dec1 => Shown::CountFine,
            k => k,
        }
    }
}

/// A worksheet being written. It records the width each column needs and the wrapped text
/// of each row, so that [`Sheet::finish`] can size columns and then rows.
pub(super) struct Sheet {
    pub(super) ws: Worksheet,
    /// Width each column needs (Excel character units).
    pub(super) widths: Vec<f64>,
    /// Rows with explicit line breaks: row and number of lines.
    pub(super) lines: Vec<(RowNum, usize)>,
    /// Wrapped text, measured once the widths are known.
    pub(super) wraps: Vec<Wrap>,
}

/// Text wrapped in a cell, or in a merged range `rows` high and `first..=last` wide.
pub(super) struct Wrap {
    pub(super) row: RowNum,
    pub(super) rows: usize,
    pub(super) first: ColNum,
    pub(super) last: ColNum,
    pub(super) text: String,
}

/// Characters of ordinary text that fit in one unit of column width: Calibri's letters are
/// narrower than the digit "0" that defines the unit (a little under, to be safe).
const CHARS_PER_UNIT: f64 = 1.2;

impl Sheet {
    pub(super) fn new(name: &str) -> Result<Sheet, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        Ok(Sheet {
            ws,
            widths: Vec::new(),
            lines: Vec::new(),
            wraps: Vec::new(),
        })
    }

    /// Makes column `col` wide enough for `chars` characters.
    pub(super) fn fit(&mut self, col: ColNum, chars: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0.0);
        }
        self.widths[c] = self.widths[c].max(chars as f64 * 1.1 + 1.5);
    }

    /// Gives columns `cols` the width of the widest of them.
    pub(super) fn even(&mut self, cols: std::ops::RangeInclusive<ColNum>) {
        let w = cols
            .clone()
            .filter_map(|c| self.widths.get(c as usize))
            .fold(0.0_f64, |m, w| m.max(*w));
        for c in cols {
            self.fit(c, 0);
            self.widths[c as usize] = w;
        }
    }

    /// Text that sizes its column (its longest line); the row grows for line breaks.
    pub(super) fn text(
        &mut self,
        row: RowNum,
        col: ColNum,
        s: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(row, col, s, f)?;
        self.fit(col, s.lines().map(|l| l.chars().count()).max().unwrap_or(0));
        if s.lines().count() > 1 {
            self.lines.push((row, s.lines().count()));
        }
        Ok(())
    }

    /// Text that may spill into empty cells to its right (titles, facts), sizing nothing.
    pub(super) fn free(
        &mut self,
        row: RowNum,
        col: ColNum,
        s: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(row, col, s, f)?;
        Ok(())
    }

    /// Text wrapped in its column (`f` must wrap); the column is as wide as the text or its
    /// cap in [`Sheet::finish`], and the row grows to show every line.
    pub(super) fn wrapped(
        &mut self,
        row: RowNum,
        col: ColNum,
        s: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        self.block(row, row, col, col, s, f)
    }

    /// Text wrapped in the merged range `rows` × `first..=last`; a one-column range sizes
    /// its column.
    pub(super) fn block(
        &mut self,
        first_row: RowNum,
        last_row: RowNum,
        first: ColNum,
        last: ColNum,
        s: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        if first_row == last_row && first == last {
            self.ws.write_string_with_format(first_row, first, s, f)?;
        } else {
            self.ws
                .merge_range(first_row, first, last_row, last, s, f)?;
        }
        if first == last {
            let longest = s.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            self.fit(first, (longest as f64 / CHARS_PER_UNIT).ceil() as usize);
        }
        self.wraps.push(Wrap {
            row: first_row,
            rows: (last_row - first_row + 1) as usize,
            first,
            last,
            text: s.to_string(),
        });
        Ok(())
    }

    /// A number, or an empty cell when it is undefined (NaN or infinite).
    pub(super) fn num(
        &mut self,
        row: RowNum,
        col: ColNum,
        x: f64,
        kind: Shown,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        let format = kind.format(f);
        if x.is_finite() {
            self.ws.write_number_with_format(row, col, x, format)?;
            self.fit(col, kind.shown(x).chars().count());
        } else {
            self.ws.write_blank(row, col, format)?;
        }
        Ok(())
    }

    /// A formula whose value, when computed here, is `value`: Excel recomputes it, and readers
    /// that do not (or a file opened without recalculation) show `value`.
    pub(super) fn formula(
        &mut self,
        row: RowNum,
        col: ColNum,
        formula: &str,
        value: f64,
        kind: Shown,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        let result = if value.is_finite() {
            format!("{value}")
        } else {
            String::new()
        };
        self.ws.write_formula_with_format(
            row,
            col,
            Formula::new(formula).set_result(result),
            kind.format(f),
        )?;
        self.fit(col, kind.shown(value).chars().count());
        Ok(())
    }

    /// An autofilter over the table whose header row is `head`, columns `first..=last`, rows to
    /// `last_row`.
    pub(super) fn filter(
        &mut self,
        head: RowNum,
        last_row: RowNum,
        first: ColNum,
        last: ColNum,
    ) -> Result<(), XlsxError> {
        self.ws.autofilter(head, first, last_row.max(head), last)?;
        Ok(())
    }

    /// Sets column widths (at least 6, at most the column's cap in `caps` or else `max`),
    /// then the height of every row with several lines; freezes the panes below the header
    /// row `head` and right of column `col`, and prints the header row on every page.
    pub(super) fn finish(
        mut self,
        head: RowNum,
        col: ColNum,
        caps: &[(ColNum, f64)],
        max: f64,
    ) -> Result<Worksheet, XlsxError> {
        for (c, w) in self.widths.iter_mut().enumerate() {
            let cap = caps
                .iter()
                .find(|(k, _)| *k as usize == c)
                .map_or(max, |(_, cap)| *cap);
            *w = w.clamp(6.0, cap);
            self.ws.set_column_width(c as ColNum, *w)?;
        }
        for w in &self.wraps {
            let units: f64 = (w.first..=w.last)
                .map(|c| self.widths.get(c as usize).copied().unwrap_or(8.43))
                .sum();
            let n = wrapped_lines(
                &w.text,
                ((units * CHARS_PER_UNIT) as usize).saturating_sub(1),
            );
            // A merged block `rows` high shows `rows` lines before its first row must grow.
            if n > w.rows {
                self.lines.push((w.row, n - w.rows + 1));
            }
        }
        self.lines.sort_unstable();
        for same_row in self.lines.chunk_by(|a, b| a.0 == b.0) {
            let n = same_row.iter().map(|(_, n)| *n).max().unwrap_or(1);
            self.ws.set_row_height(same_row[0].0, n as f64 * LINE)?;
        }
        self.ws.set_freeze_panes(head + 1, col)?;
        self.ws.set_repeat_rows(head, head)?;
        Ok(self.ws)
    }
}

/// Lines that `s` takes when word-wrapped at `width` characters.
pub(super) fn wrapped_lines(s: &str, width: usize) -> usize {
    let width = width.max(1);
    s.lines()
        .map(|line| {
            let mut lines = 1;
            let mut used = 0;
            for word in line.split_whitespace() {
                let w = word.chars().count();
                if used == 0 {
                    used = w;
                } else if used + 1 + w <= width {
                    used += 1 + w;
                } else {
                    lines += 1;
                    used = w;
                }
                while used > width {
                    lines += 1;
                    used -= width;
                }
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_counts_lines() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("one two three", 7), 2);
        assert_eq!(wrapped_lines("one two three", 13), 1);
        assert_eq!(wrapped_lines("a\nb", 10), 2);
        assert_eq!(wrapped_lines("abcdefghijkl", 5), 3);
    }
}
