//! The report's own tables as sheets: SWOT items, the risk register, the swing and rank
//! tornadoes, and the switching values. One table per sheet, each with a filter and a frozen
//! header row, so a finance officer can sort and filter them.

use super::layout::{Formats, Sheet, Shown};
use crate::analysis::report::{ReportData, SensitivityOut};
use crate::results::Results;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError, column_number_to_name};

/// Names of the sheets this module writes.
pub(super) const SWOT: &str = "SWOT";
pub(super) const RISKS: &str = "Risks";
pub(super) const SENSITIVITY: &str = "Sensitivity";
pub(super) const SWITCHING: &str = "Switching values";

fn headers(
    s: &mut Sheet,
    head: RowNum,
    names: &[&str],
    right: &[usize],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, h) in names.iter().enumerate() {
        let hf = if right.contains(&i) {
            &f.head_right
        } else {
            &f.head_left
        };
        s.text(head, i as ColNum, h, hf)?;
    }
    Ok(())
}

fn title(
    s: &mut Sheet,
    text: &str,
    note: &str,
    last: ColNum,
    f: &Formats,
) -> Result<(), XlsxError> {
    s.free(0, 0, text, &f.title)?;
    s.ws.set_row_height(0, 21)?;
    s.block(1, 1, 0, last, note, &f.note)
}

/// Every SWOT item of every option, one a row, filled in from the run.
pub(super) fn swot_sheet(
    r: &Results,
    data: &ReportData,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(SWOT)?;
    title(
        &mut s,
        "SWOT: strengths, weaknesses, opportunities and threats",
        "Each option's SWOT items as the scenario writes them, with any figures filled in from this run.",
        2,
        f,
    )?;
    let head = 3;
    headers(&mut s, head, &["Option", "Kind", "Item"], &[], f)?;
    let mut row = head + 1;
    for (o, sw) in r.options.iter().zip(&data.swot) {
        for (kind, items) in [
            ("Strength", &sw.strengths),
            ("Weakness", &sw.weaknesses),
            ("Opportunity", &sw.opportunities),
            ("Threat", &sw.threats),
        ] {
            for item in items.iter() {
                s.wrapped(row, 0, &o.name, &f.wrap)?;
                s.text(row, 1, kind, &f.text)?;
                s.wrapped(row, 2, item, &f.wrap)?;
                row += 1;
            }
        }
    }
    s.filter(head, row - 1, 0, 2)?;
    s.finish(head, 0, &[(0, 36.0), (2, 90.0)], 14.0)
}

/// The risk register: each risk event's chance and impact, with its expected delay and cost
/// (chance × impact) as formulas.
pub(super) fn risks_sheet(r: &Results, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(RISKS)?;
    title(
        &mut s,
        "Risk register",
        "Each risk event: the chance it occurs over the horizon, and the mean delay, extra cost (real £, before optimism bias) and capacity kept when it does. Expected delay and cost are chance × impact (formulas).",
        8,
        f,
    )?;
    let head = 3;
    headers(
        &mut s,
        head,
        &[
            "Option",
            "Risk",
            "Chance",
            "Delay if it\noccurs (months)",
            "Extra cost if\nit occurs (£)",
            "Capacity kept\nif it occurs",
            "Expected\ndelay (months)",
            "Expected\nextra cost (£)",
            "Description",
        ],
        &[2, 3, 4, 5, 6, 7],
        f,
    )?;
    let mut row = head + 1;
    for o in &r.options {
        for k in &o.risks {
            s.wrapped(row, 0, &o.name, &f.wrap)?;
            s.wrapped(row, 1, &k.name, &f.wrap)?;
            s.num(row, 2, k.probability, Shown::Pct, f)?;
            s.num(row, 3, k.delay_months, Shown::Dec1, f)?;
            s.num(row, 4, k.extra_cost, Shown::Money, f)?;
            s.num(row, 5, k.capacity_factor, Shown::Pct, f)?;
            let n = row + 1;
            s.formula(
                row,
                6,
                &format!("=C{n}*D{n}"),
                k.probability * k.delay_months,
                Shown::Dec1,
                f,
            )?;
            s.formula(
                row,
                7,
                &format!("=C{n}*E{n}"),
                k.probability * k.extra_cost,
                Shown::Money,
                f,
            )?;
            s.wrapped(
                row,
                8,
                k.description.as_deref().unwrap_or(""),
                &f.wrap_indent,
            )?;
            row += 1;
        }
    }
    if row == head + 1 {
        s.text(row, 0, "No risks recorded", &f.text)?;
        row += 1;
    }
    s.filter(head, row - 1, 0, 8)?;
    s.finish(head, 2, &[(0, 36.0), (1, 40.0), (8, 50.0)], 16.0)
}

/// The swing tornado (each input at its P10 and P90, the others at their medians) with the
/// swing as a formula, and each input's rank correlation where it is among the largest.
pub(super) fn sensitivity_sheet(out: &SensitivityOut, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(SENSITIVITY)?;
    let kind = if out.money {
        Shown::Money
    } else {
        Shown::Ratio
    };
    title(
        &mut s,
        &format!("Which assumptions matter: {}", out.option),
        &format!(
            "For {}, the option most often best: {} with each input at its 10th and then its 90th percentile, every other input at its median (tornado base {}). For a risk, the low and high ends say whether it occurs. Swing: |high − low| (a formula). Rank correlation: Spearman's, over all iterations.",
            out.option,
            out.metric,
            kind.shown(out.base)
        ),
        6,
        f,
    )?;
    s.text(2, 0, "Tornado base", &f.label)?;
    s.num(2, 1, out.base, kind, f)?;
    let head = 4;
    headers(
        &mut s,
        head,
        &[
            "Input",
            "Low (P10)",
            "High (P90)",
            "Result at low",
            "Result at high",
            "Swing",
            "Rank\ncorrelation",
        ],
        &[1, 2, 3, 4, 5, 6],
        f,
    )?;
    let mut row = head + 1;
    for e in &out.swing {
        s.wrapped(row, 0, &e.input, &f.wrap)?;
        match &e.ends {
            Some([low, high]) => {
                s.text(row, 1, low, &f.text)?;
                s.text(row, 2, high, &f.text)?;
            }
            None => {
                s.num(row, 1, e.low_value, Shown::Dec3, f)?;
                s.num(row, 2, e.high_value, Shown::Dec3, f)?;
            }
        }
        s.num(row, 3, e.metric_low, kind, f)?;
        s.num(row, 4, e.metric_high, kind, f)?;
        let (d, e_) = (column_number_to_name(3), column_number_to_name(4));
        let n = row + 1;
        s.formula(
            row,
            5,
            &format!("=ABS({e_}{n}-{d}{n})"),
            (e.metric_high - e.metric_low).abs(),
            kind,
            f,
        )?;
        if let Some(rho) = out.rank.iter().find(|x| x.input == e.input) {
            s.num(row, 6, rho.rho, Shown::RatioFine, f)?;
        }
        row += 1;
    }
    for x in out
        .rank
        .iter()
        .filter(|x| !out.swing.iter().any(|e| e.input == x.input))
    {
        s.wrapped(row, 0, &x.input, &f.wrap)?;
        s.num(row, 6, x.rho, Shown::RatioFine, f)?;
        row += 1;
    }
    s.filter(head, row - 1, 0, 6)?;
    s.finish(head, 1, &[(0, 60.0)], 16.0)
}

/// Switching values: where each input would change the option preferred on the mean ranking
/// metric.
pub(super) fn switching_sheet(out: &SensitivityOut, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(SWITCHING)?;
    title(
        &mut s,
        "Switching values",
        &format!(
            "The value of each input at which the option preferred on mean {} changes, searched from the input's 1st to 99th percentile with {} iterations a point. {} other inputs change nothing within their range.",
            out.metric, out.switching_iterations, out.unchanged
        ),
        5,
        f,
    )?;
    let head = 3;
    headers(
        &mut s,
        head,
        &[
            "Input",
            "Switching\nvalue",
            "Range from",
            "Range to",
            "Preferred below",
            "Preferred above",
        ],
        &[1, 2, 3],
        f,
    )?;
    let mut row = head + 1;
    for v in &out.switching {
        s.wrapped(row, 0, &v.input, &f.wrap)?;
        s.num(row, 1, v.value.unwrap_or(f64::NAN), Shown::Dec3, f)?;
        s.num(row, 2, v.range.0, Shown::Dec3, f)?;
        s.num(row, 3, v.range.1, Shown::Dec3, f)?;
        s.wrapped(row, 4, &v.below, &f.wrap)?;
        s.wrapped(row, 5, v.above.as_deref().unwrap_or("–"), &f.wrap)?;
        row += 1;
    }
    if out.switching.is_empty() {
        s.text(
            row,
            0,
            "No input changes the preferred option within its range",
            &f.text,
        )?;
        row += 1;
    }
    s.filter(head, row - 1, 0, 5)?;
    s.finish(head, 1, &[(0, 60.0), (4, 36.0), (5, 36.0)], 16.0)
}
