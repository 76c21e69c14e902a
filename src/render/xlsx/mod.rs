//! The results as an Excel workbook, for finance officers: a summary of the options, one sheet
//! of statistics per option (named from the option's name), cash by year against the budget,
//! the report's SWOT, risk, sensitivity and switching-value tables, the assumptions log and the
//! audit block (docs/model.md sections 5, 6, 9 and 10).
//!
//! Figures derived from others are formulas (totals, headroom against the budget, a risk's
//! expected delay and cost, a tornado bar's swing), each stored with its value so that readers
//! which do not recalculate show the same numbers. The budget is one cell, `Summary!B4`, named
//! `Budget`; every formula and conditional format that compares with it reads that cell. Every
//! table has a filter and a frozen header row.
//!
//! Every number is written as a number with a display format (£, %, counts with one
//! decimal), never as text, so that it can be summed and charted; undefined values (NaN) are
//! empty cells. The workbook's creation date is the report date, so the same results and
//! date give the same bytes.

mod extra;
mod layout;
mod sheets;

use super::{Render, unsupported};
use crate::analysis::report::ReportData;
use crate::document::{Document, ReportKind};
use crate::error::RenderError;
use crate::results::Results;
use layout::Formats;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};
use sheets::{BUDGET_ROW, assumptions_sheet, audit_sheet, cash_sheet, option_sheet, summary_sheet};
use std::io::Write;

/// Names of the sheets that are not an option's.
pub(super) const SUMMARY: &str = "Summary";
pub(super) const CASH: &str = "Cash by year";
pub(super) const ASSUMPTIONS: &str = "Assumptions";
pub(super) const AUDIT: &str = "Audit";

/// Height of one line of text in the default 11-point font (points).
pub(super) const LINE: f64 = 15.0;

/// The spreadsheet renderer of reports.
pub struct Xlsx;

impl Render for Xlsx {
    fn render_to(&self, doc: &Document, out: &mut dyn Write) -> Result<(), RenderError> {
        match doc {
            Document::Report(r) if r.kind == ReportKind::Report => {
                let bytes = report_workbook(&r.results, r.data.as_ref(), &r.date)
                    .map_err(|e| RenderError::Xlsx(e.to_string()))?;
                out.write_all(&bytes)
                    .map_err(|e| RenderError::Io(e.to_string()))
            }
            _ => Err(unsupported(
                "a spreadsheet",
                doc,
                "appraise report -o FILE.xlsx",
            )),
        }
    }
}

/// The results as an .xlsx workbook (bytes). `date` is the report date, "YYYY-MM-DD", printed
/// in the audit sheet and used as the workbook's creation date.
///
/// Sheets: `Summary`, one sheet per option (named from its name), `Cash by year`, `Risks`,
/// `Assumptions` and `Audit`.
///
/// # Errors
/// [`XlsxError::DateTimeParseError`] when `date` is not a valid "YYYY-MM-DD" date; any error
/// of rust_xlsxwriter while building or packaging the workbook.
pub fn workbook(results: &Results, date: &str) -> Result<Vec<u8>, XlsxError> {
    report_workbook(results, None, date)
}

/// The workbook of a report: [`workbook`]'s sheets, with the report's analyses when `data` is
/// given: the chance of going over an annual budget in each year, labelled inputs, and the
/// `SWOT`, `Sensitivity` and `Switching values` sheets.
///
/// # Errors
/// As [`workbook`].
pub fn report_workbook(
    results: &Results,
    data: Option<&ReportData>,
    date: &str,
) -> Result<Vec<u8>, XlsxError> {
    let created = report_date(date)?;
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut props = DocProperties::new()
        .set_title(&results.title)
        .set_subject("Options appraisal under uncertainty (Monte Carlo)")
        .set_author(format!("appraise {}", results.audit.version))
        .set_comment(format!(
            "Scenario {} (SHA-256 {}), seed {}, {} iterations",
            results.audit.scenario_file,
            results.audit.scenario_sha256,
            results.audit.seed,
            results.audit.iterations
        ))
        .set_creation_datetime(&created);
    if let Some(a) = &results.authority {
        props = props.set_company(a);
    }
    wb.set_properties(&props);

    wb.push_worksheet(summary_sheet(results, &f)?);
    if results.budget.is_some() {
        wb.define_name("Budget", &format!("={SUMMARY}!$B${}", BUDGET_ROW + 1))?;
    }
    for (o, name) in results.options.iter().zip(option_sheet_names(results)) {
        wb.push_worksheet(option_sheet(results, o, &name, &f)?);
    }
    wb.push_worksheet(cash_sheet(results, data.map(|d| d.cash.as_slice()), &f)?);
    if let Some(d) = data {
        wb.push_worksheet(extra::swot_sheet(results, d, &f)?);
    }
    wb.push_worksheet(extra::risks_sheet(results, &f)?);
    if let Some(out) = data.and_then(|d| d.sensitivity.as_ref()) {
        wb.push_worksheet(extra::sensitivity_sheet(out, &f)?);
        wb.push_worksheet(extra::switching_sheet(out, &f)?);
    }
    wb.push_worksheet(assumptions_sheet(results, data, &f)?);
    wb.push_worksheet(audit_sheet(results, &created, &f)?);
    wb.save_to_buffer()
}

/// Parses "YYYY-MM-DD" strictly (rust_xlsxwriter's own parser reads any junk as a date).
fn report_date(date: &str) -> Result<ExcelDateTime, XlsxError> {
    let bad = || XlsxError::DateTimeParseError(date.to_string());
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts[..] else {
        return Err(bad());
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(bad());
    }
    let (y, m, d) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    ExcelDateTime::from_ymd(y, m, d).map_err(|_| bad())
}

/// Sheet names for the options, from their names (the part before a colon, so "Option 1:
/// recruit …" gives "Option 1"): at most 31 characters, none of `[]:*?/\`, no leading or
/// trailing apostrophe, unique (ignoring case) among themselves and the other sheets.
pub fn option_sheet_names(results: &Results) -> Vec<String> {
    let mut taken: Vec<String> = [
        SUMMARY,
        CASH,
        ASSUMPTIONS,
        AUDIT,
        extra::SWOT,
        extra::RISKS,
        extra::SENSITIVITY,
        extra::SWITCHING,
        "History",
    ]
    .iter()
    .map(|s| s.to_lowercase())
    .collect();
    let mut names = Vec::with_capacity(results.options.len());
    for o in &results.options {
        let short = crate::format::short_name(&o.name, ':');
        let clean: String = short
            .chars()
            .map(|c| match c {
                '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
                c if c.is_control() => '_',
                c => c,
            })
            .collect();
        let clean = clean.trim_matches('\'').trim();
        let base = if clean.is_empty() { "option" } else { clean };
        let mut k = 1;
        let name = loop {
            let suffix = if k == 1 {
                String::new()
            } else {
                format!(" ({k})")
            };
            let keep = 31 - suffix.chars().count();
            let stem: String = base.chars().take(keep).collect();
            let candidate = format!("{}{suffix}", stem.trim_end_matches('\''));
            if !taken.contains(&candidate.to_lowercase()) {
                break candidate;
            }
            k += 1;
        };
        taken.push(name.to_lowercase());
        names.push(name);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_dates_are_strict() {
        assert!(report_date("2025-07-01").is_ok());
        for bad in [
            "2025-7-1",
            "2025-13-01",
            "2025-02-30",
            "01-07-2025",
            "today",
            "",
        ] {
            assert!(report_date(bad).is_err(), "{bad} should be rejected");
        }
    }
}
