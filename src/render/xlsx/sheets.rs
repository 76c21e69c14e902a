//! The sheets of the workbook: summary, one per option, cash by year, assumptions, audit.

use super::layout::{Formats, Sheet, Shown};
use super::{ASSUMPTIONS, AUDIT, CASH, SUMMARY};
use crate::analysis::report::{CashRow, ReportData};
use crate::format;
use crate::metric::{self, Unit, lower_is_better};
use crate::results::{AUDIT_MARK, OptionResult, Results, year_label};
use crate::scenario::{Budget, YearMonth};
use crate::stats::Summary;
use rust_xlsxwriter::{
    ColNum, ConditionalFormatCell, ConditionalFormatCellRule, ExcelDateTime, Formula, RowNum,
    Worksheet, XlsxError, column_number_to_name,
};

/// A metric as a finance officer reads it: label, unit and how its numbers are shown.
fn describe_metric(name: &str, years: &[String]) -> (String, &'static str, Shown) {
    let Some(m) = metric::find(name, years.len()) else {
        return (name.to_string(), "", Shown::Dec3);
    };
    let label = match m.derive {
        metric::Derive::Cash(y) => years
            .get(y)
            .map_or_else(|| format!("Cash, year {y}"), |l| format!("Cash {l}")),
        _ => m.label.to_string(),
    };
    let shown = match m.unit {
        Unit::Months => Shown::Dec1,
        Unit::People => Shown::Count,
        Unit::PoundsReal | Unit::PoundsPv | Unit::PoundsCash => Shown::Money,
        Unit::Share => Shown::Pct,
        Unit::Ratio => Shown::Ratio,
    };
    (label, m.unit.words(), shown)
}

/// A delivery kind in words: `in_house` → "In house".
fn kind_words(kind: &str) -> String {
    let words = kind.replace('_', " ");
    let mut c = words.chars();
    c.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(c).collect::<String>()
    })
}

/// The price base as a year label ("2025/26" for an April start).
fn price_base(results: &Results) -> String {
    let month = results
        .start
        .split_once('-')
        .and_then(|(_, m)| m.parse().ok())
        .unwrap_or(1);
    year_label(
        YearMonth {
            year: results.price_base_year,
            month,
        },
        0,
    )
}

/// A rate as a percentage in words: 0.035 → "3.5%".
fn rate(x: f64) -> String {
    let s = format!("{:.2}", 100.0 * x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

/// The statistic `name` of `s`, NaN when the metric is missing.
fn stat(o: &OptionResult, metric: &str, pick: fn(&Summary) -> f64) -> f64 {
    o.metrics.get(metric).map_or(f64::NAN, pick)
}

/// The ranking metric in words: label, name in the results when it differs, direction.
fn ranking_words(results: &Results) -> String {
    let m = &results.comparison.ranking_metric;
    let label = describe_metric(m, &results.years).0.to_lowercase();
    let dir = if lower_is_better(m) {
        "lowest"
    } else {
        "highest"
    };
    if label == *m {
        format!("{label} ({dir} is best)")
    } else {
        format!("{label} ({m}; {dir} is best)")
    }
}

fn option_name<'r>(results: &'r Results, id: &'r str) -> &'r str {
    results
        .options
        .iter()
        .find(|o| o.id == id)
        .map_or(id, |o| o.name.as_str())
}

/// The row of the Summary sheet's budget cell (column B), which the workbook names `Budget`.
pub(super) const BUDGET_ROW: RowNum = 3;

/// Rows of each option's block on the cash sheet: Mean, P10, P50, P90, then the chance over
/// budget and the headroom.
const CASH_BLOCK: RowNum = 6;
/// The cash sheet's header row.
const CASH_HEAD: RowNum = 4;

/// The cell of option `k`'s mean total cash on the cash sheet, for formulas on other sheets.
fn cash_total_cell(k: usize, years: usize) -> String {
    let row = CASH_HEAD + 1 + k as RowNum * CASH_BLOCK;
    format!(
        "'{CASH}'!${}${}",
        column_number_to_name(2 + years as ColNum),
        row + 1
    )
}

pub(super) fn summary_sheet(r: &Results, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(SUMMARY)?;
    let title = match &r.audit.variant {
        Some(v) => format!("{} — variant {v}", r.title),
        None => r.title.clone(),
    };
    s.free(0, 0, &title, &f.title)?;
    s.ws.set_row_height(0, 21)?;
    let mut row = 1;
    let fact = |s: &mut Sheet, row: &mut RowNum, label: &str, value: &str| {
        s.text(*row, 0, label, &f.label)?;
        s.free(*row, 1, value, &f.text)?;
        *row += 1;
        Ok::<(), XlsxError>(())
    };
    let authority = r.authority.as_deref().unwrap_or("not stated");
    fact(&mut s, &mut row, "Authority", authority)?;
    let span = match (r.years.first(), r.years.last()) {
        (Some(a), Some(b)) if r.years.len() > 1 => format!(", {a} to {b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    let plural = if r.horizon_years == 1 { "" } else { "s" };
    let horizon = format!(
        "{} year{plural}{span} (starting {})",
        r.horizon_years, r.start
    );
    fact(&mut s, &mut row, "Horizon", &horizon)?;
    debug_assert_eq!(row, BUDGET_ROW);
    s.text(row, 0, "Budget", &f.label)?;
    match r.budget {
        Some(Budget::Annual(b)) => {
            s.ws.write_number_with_format(row, 1, b, &f.money_left)?;
            s.free(row, 2, "a year, in cash", &f.text)?;
        }
        Some(Budget::Total(b)) => {
            s.ws.write_number_with_format(row, 1, b, &f.money_left)?;
            s.free(row, 2, "over the whole horizon, in cash", &f.text)?;
        }
        None => s.free(row, 1, "none set", &f.text)?,
    }
    row += 1;
    let c = &r.comparison;
    fact(&mut s, &mut row, "Ranked by", &ranking_words(r))?;
    let most = option_name(r, &c.most_often_best);
    fact(&mut s, &mut row, "Most often best", most)?;
    fact(
        &mut s,
        &mut row,
        "Best by mean",
        option_name(r, &c.best_by_mean),
    )?;
    row += 1;

    let head = row;
    let ranking = &c.ranking_metric;
    let best = format!("P(best)\non {ranking}");
    let headers: [&str; 15] = [
        "Option",
        "Kind",
        "Cost P10\n(real, £)",
        "Cost P50\n(real, £)",
        "Cost P90\n(real, £)",
        "PV cost\nmean (£)",
        "Peak-year\ncash P50 (£)",
        "Engaged\nmean",
        "Completions\nmean",
        "Cost per\ncompletion\nP50 (£)",
        "NPV\nmean (£)",
        "BCR\nmean",
        "P(over\nbudget)",
        &best,
        "Budget\nheadroom (£)",
    ];
    for (i, h) in headers.iter().enumerate() {
        let hf = if i < 2 { &f.head_left } else { &f.head_right };
        s.text(head, i as ColNum, h, hf)?;
    }
    for (k, o) in r.options.iter().enumerate() {
        let row = head + 1 + k as RowNum;
        s.wrapped(row, 0, &o.name, &f.wrap)?;
        s.text(row, 1, &kind_words(o.kind), &f.text)?;
        let cells = [
            (stat(o, "cost", |m| m.p10), Shown::Money),
            (stat(o, "cost", |m| m.p50), Shown::Money),
            (stat(o, "cost", |m| m.p90), Shown::Money),
            (stat(o, "cost_pv", |m| m.mean), Shown::Money),
            (stat(o, "peak_cash", |m| m.p50), Shown::Money),
            (stat(o, "engaged", |m| m.mean), Shown::Count),
            (stat(o, "completions", |m| m.mean), Shown::Count),
            (stat(o, "cost_per_completion", |m| m.p50), Shown::Money),
            (stat(o, "npv", |m| m.mean), Shown::Money),
            (stat(o, "bcr", |m| m.mean), Shown::Ratio),
            (o.p_over_budget, Shown::Pct),
            (o.p_best, Shown::Pct),
        ];
        for (i, (x, kind)) in cells.into_iter().enumerate() {
            s.num(row, 2 + i as ColNum, x, kind, f)?;
        }
        // Headroom: the budget less the median peak year's cash (annual budget), or less the
        // mean total cash (total budget), as formulas that read the named budget cell.
        let peak = format!("{}{}", column_number_to_name(6), row + 1);
        match r.budget {
            Some(Budget::Annual(b)) => {
                let x = b - stat(o, "peak_cash", |m| m.p50);
                s.formula(row, 14, &format!("=Budget-{peak}"), x, Shown::Money, f)?;
            }
            Some(Budget::Total(b)) => {
                let total: f64 = (0..r.years.len())
                    .map(|y| stat(o, &format!("cash_{y}"), |m| m.mean))
                    .sum();
                let cell = cash_total_cell(k, r.years.len());
                s.formula(
                    row,
                    14,
                    &format!("=Budget-{cell}"),
                    b - total,
                    Shown::Money,
                    f,
                )?;
            }
            None => {}
        }
    }
    let last_option = head + r.options.len() as RowNum;
    s.filter(head, last_option, 0, 14)?;
    if r.budget.is_some() {
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::LessThan(0))
            .set_format(&f.short);
        s.ws.add_conditional_format(head + 1, 14, last_option, 14, &rule)?;
    }

    let mut row = head + 1 + r.options.len() as RowNum + 1;
    let base = price_base(r);
    let budget = match r.budget {
        Some(Budget::Annual(b)) => format!(
            "P(over budget): the share of iterations in which cash in any year exceeds the \
             annual budget of {}.",
            format::money(b)
        ),
        Some(Budget::Total(b)) => format!(
            "P(over budget): the share of iterations in which cash over the whole horizon \
             exceeds the total budget of {}.",
            format::money(b)
        ),
        None => "P(over budget) is 0: no budget was set.".to_string(),
    };
    let notes = [
        format!(
            "Options are ranked by {}. P(best): the share of the {} iterations in which an \
             option is best on it (ties shared).",
            ranking_words(r),
            format::num(r.audit.iterations as f64, 0)
        ),
        format!(
            "Real: pounds at {base} prices, undiscounted, including optimism bias. PV: present \
             value, real and discounted at {} a year (year 0 not discounted). Cash: nominal \
             pounds, real costs uplifted by {} a year from {base}; budgets are compared with \
             cash.",
            rate(r.discount_rate),
            rate(r.cash_uplift)
        ),
        "P10, P50, P90: the 10th, 50th (median) and 90th percentiles over the iterations. \
         Peak-year cash: the largest year's cash. NPV: PV benefits − PV cost; BCR: PV benefits \
         ÷ PV cost. An empty cell is undefined (e.g. cost per completion with no completions)."
            .to_string(),
        budget,
        "Budget headroom: the budget cell (B4, named Budget) less the median cash of the \
         option's peak year (annual budget) or less its mean total cash (total budget); a \
         formula, so changing the budget updates it, the cash sheet's shading and headroom."
            .to_string(),
        "Each option's sheet has every statistic of every metric; 'Cash by year' compares \
         cash with the budget; 'SWOT', 'Risks', 'Sensitivity' and 'Switching values' hold the \
         report's tables; 'Assumptions' lists every input and its source."
            .to_string(),
    ];
    s.text(row, 0, "Notes", &f.label)?;
    row += 1;
    let last = headers.len() as ColNum - 1;
    for n in &notes {
        s.block(row, row, 0, last, n, &f.note)?;
        row += 1;
    }
    s.finish(head, 1, &[(0, 42.0)], 16.0)
}

/// A statistic: its column header and how to read it from a [`Summary`].
type Stat = (&'static str, fn(&Summary) -> f64);

/// The statistics of docs/model.md section 6, in the order of the option sheets' columns.
const STATS: [Stat; 13] = [
    ("Mean", |s| s.mean),
    ("SD", |s| s.sd),
    ("MCSE", |s| s.mcse),
    ("Min", |s| s.min),
    ("P5", |s| s.p5),
    ("P10", |s| s.p10),
    ("P25", |s| s.p25),
    ("P50", |s| s.p50),
    ("P75", |s| s.p75),
    ("P90", |s| s.p90),
    ("P95", |s| s.p95),
    ("Max", |s| s.max),
    ("Undefined", |s| s.undefined_share),
];

pub(super) fn option_sheet(
    r: &Results,
    o: &OptionResult,
    name: &str,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(name)?;
    let last = 2 + STATS.len() as ColNum;
    s.free(0, 0, &o.name, &f.title)?;
    s.ws.set_row_height(0, 21)?;
    s.text(1, 0, "Id", &f.label)?;
    s.free(1, 1, &o.id, &f.text)?;
    s.text(2, 0, "Kind", &f.label)?;
    s.free(2, 1, &kind_words(o.kind), &f.text)?;
    s.text(3, 0, "P(best)", &f.label)?;
    s.ws.write_number_with_format(3, 1, o.p_best, &f.pct_left)?;
    s.free(3, 2, &format!("on {}", ranking_words(r)), &f.text)?;
    let mut row = 4;
    if let Some(d) = &o.description {
        s.text(row, 0, "Description", &f.label)?;
        s.block(row, row, 1, last, d, &f.note)?;
        row += 1;
    }
    row += 1;
    let head = row;
    s.text(head, 0, "Metric", &f.head_left)?;
    s.text(head, 1, "Unit", &f.head_left)?;
    for (i, (h, _)) in STATS.iter().enumerate() {
        s.text(head, 2 + i as ColNum, h, &f.head_right)?;
    }
    s.text(head, last, "Name in results", &f.head_indent)?;
    for (k, (metric, summary)) in o.metrics.0.iter().enumerate() {
        let row = head + 1 + k as RowNum;
        let (label, unit, kind) = describe_metric(metric, &r.years);
        s.text(row, 0, &label, &f.text)?;
        s.text(row, 1, unit, &f.text)?;
        for (i, (h, pick)) in STATS.iter().enumerate() {
            let k = match *h {
                "MCSE" => kind.finer(),
                "Undefined" => Shown::Pct,
                _ => kind,
            };
            s.num(row, 2 + i as ColNum, pick(summary), k, f)?;
        }
        s.text(row, last, metric, &f.text_indent)?;
    }
    s.even(2..=last - 1);
    let row = head + 2 + o.metrics.0.len() as RowNum;
    let note = format!(
        "Statistics over {} iterations. SD: standard deviation; MCSE: Monte Carlo standard \
         error of the mean (SD ÷ √n); P5 … P95: percentiles (type 7); Undefined: share of \
         iterations in which the metric is undefined, left out of the other statistics (empty \
         cells). Money: real = {} prices undiscounted, PV = discounted, cash = nominal. 'Over \
         budget' is 1 in an iteration over budget, so its mean is P(over budget).",
        format::num(r.audit.iterations as f64, 0),
        price_base(r)
    );
    s.block(row, row, 0, last, &note, &f.note)?;
    s.filter(head, head + o.metrics.0.len() as RowNum, 0, last)?;
    s.finish(head, 1, &[], 30.0)
}

/// Cash by year: each option's mean (with its total, a formula), P10, P50 and P90 of each
/// year's cash, the chance of going over an annual budget in each year, and the headroom left
/// by the median (formulas reading the named budget cell); cells above the budget are shaded
/// by a conditional format that reads the same cell. `cash` (from the report's analysis) gives
/// the per-year chances; without it that row is left empty.
pub(super) fn cash_sheet(
    r: &Results,
    cash: Option<&[CashRow]>,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(CASH)?;
    let years = r.years.len();
    let total_col = 2 + years as ColNum;
    s.free(0, 0, "Cash by year (nominal £)", &f.title)?;
    s.ws.set_row_height(0, 21)?;
    let note = format!(
        "Cash: each year's real cost uplifted by {} a year from {} prices, the terms budgets \
         are set in. Mean, P10, P50 and P90 of each year's cash over the iterations; \
         percentiles of different years do not add up to a percentile of the total, so only \
         the mean has a total. Headroom: the budget less the median (P50). Shaded: above the \
         budget. Change the budget on the Summary sheet (cell B4, named Budget) and the \
         headroom and shading follow.",
        rate(r.cash_uplift),
        price_base(r)
    );
    s.block(1, 1, 0, total_col.max(5), &note, &f.note)?;
    s.text(2, 0, "Budget", &f.label)?;
    match r.budget {
        Some(Budget::Annual(b)) => {
            s.formula(2, 2, "=Budget", b, Shown::Money, f)?;
            s.free(2, 3, "a year, in cash", &f.text)?;
        }
        Some(Budget::Total(b)) => {
            s.formula(2, 2, "=Budget", b, Shown::Money, f)?;
            s.free(2, 3, "over the whole horizon, in cash", &f.text)?;
        }
        None => s.free(2, 2, "none set", &f.text)?,
    }
    let head = CASH_HEAD;
    s.text(head, 0, "Option", &f.head_left)?;
    s.text(head, 1, "Statistic", &f.head_left)?;
    for (y, label) in r.years.iter().enumerate() {
        s.text(head, 2 + y as ColNum, label, &f.head_right)?;
    }
    s.text(head, total_col, "Whole horizon", &f.head_right)?;
    let stats: [Stat; 4] = [
        ("Mean", |s| s.mean),
        ("P10", |s| s.p10),
        ("P50", |s| s.p50),
        ("P90", |s| s.p90),
    ];
    let first = head + 1;
    let col_name = column_number_to_name;
    for (k, o) in r.options.iter().enumerate() {
        let top = first + k as RowNum * CASH_BLOCK;
        let cash_of = |y: usize, pick: fn(&Summary) -> f64| stat(o, &format!("cash_{y}"), pick);
        for (i, (label, pick)) in stats.into_iter().enumerate() {
            let row = top + i as RowNum;
            s.wrapped(row, 0, &o.name, &f.wrap)?;
            s.text(row, 1, label, &f.text)?;
            for y in 0..years {
                s.num(row, 2 + y as ColNum, cash_of(y, pick), Shown::Money, f)?;
            }
            if label == "Mean" {
                let total: f64 = (0..years).map(|y| cash_of(y, pick)).sum();
                let sum = format!(
                    "=SUM({}{}:{}{})",
                    col_name(2),
                    row + 1,
                    col_name(total_col - 1),
                    row + 1
                );
                s.formula(row, total_col, &sum, total, Shown::Money, f)?;
            }
        }
        let row = top + 4;
        s.wrapped(row, 0, &o.name, &f.wrap)?;
        s.text(row, 1, "Chance over budget", &f.text)?;
        if let Some(Budget::Annual(_)) = r.budget
            && let Some(c) = cash.and_then(|c| c.get(k))
        {
            for (y, p) in c.p_over.iter().enumerate() {
                s.num(row, 2 + y as ColNum, p.unwrap_or(f64::NAN), Shown::Pct, f)?;
            }
        }
        if r.budget.is_some() {
            s.num(row, total_col, o.p_over_budget, Shown::Pct, f)?;
        }
        let row = top + 5;
        let p50 = top + 2;
        s.wrapped(row, 0, &o.name, &f.wrap)?;
        let headroom = match r.budget {
            Some(Budget::Total(_)) => "Headroom (mean)",
            _ => "Headroom at P50",
        };
        s.text(row, 1, headroom, &f.text)?;
        match r.budget {
            Some(Budget::Annual(b)) => {
                for y in 0..years {
                    let c = col_name(2 + y as ColNum);
                    let x = b - cash_of(y, |m| m.p50);
                    s.formula(
                        row,
                        2 + y as ColNum,
                        &format!("=Budget-{c}{}", p50 + 1),
                        x,
                        Shown::Money,
                        f,
                    )?;
                }
            }
            Some(Budget::Total(b)) => {
                let total: f64 = (0..years).map(|y| cash_of(y, |m| m.mean)).sum();
                let cell = format!("{}{}", col_name(total_col), top + 1);
                s.formula(
                    row,
                    total_col,
                    &format!("=Budget-{cell}"),
                    b - total,
                    Shown::Money,
                    f,
                )?;
            }
            None => {}
        }
    }
    let last = first + r.options.len() as RowNum * CASH_BLOCK - 1;
    s.filter(head, last, 0, total_col)?;
    if r.budget.is_some() && !r.options.is_empty() {
        // Over budget: a year's cash (annual) or the whole horizon's mean (total) above the
        // budget cell; negative headroom in red. Each rule reads the named cell.
        let over = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::GreaterThan(Formula::new(
                "Budget",
            )))
            .set_format(&f.over);
        let short = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::LessThan(0))
            .set_format(&f.short);
        for k in 0..r.options.len() {
            let top = first + k as RowNum * CASH_BLOCK;
            match r.budget {
                Some(Budget::Annual(_)) => {
                    s.ws.add_conditional_format(top, 2, top + 3, total_col - 1, &over)?;
                }
                _ => {
                    s.ws.add_conditional_format(top, total_col, top, total_col, &over)?;
                }
            }
            s.ws.add_conditional_format(top + 5, 2, top + 5, total_col, &short)?;
        }
    }
    s.finish(head, 2, &[(0, 42.0)], 16.0)
}

/// The number kind for an input's row: by the size of its values, in the input's own units.
fn input_kind(xs: &[f64]) -> Shown {
    let big = xs
        .iter()
        .filter(|x| x.is_finite())
        .fold(0.0_f64, |m, x| m.max(x.abs()));
    if big >= 1000.0 || xs.iter().all(|x| !x.is_finite() || x.fract() == 0.0) {
        Shown::Int
    } else if big >= 10.0 {
        Shown::Dec1
    } else {
        Shown::Dec3
    }
}

/// Every input: its group and label (the path itself without the report's analysis), its
/// distribution, exact mean and percentiles, source and note, and its path last.
pub(super) fn assumptions_sheet(
    r: &Results,
    data: Option<&ReportData>,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(ASSUMPTIONS)?;
    s.free(0, 0, "Assumptions: every input", &f.title)?;
    s.ws.set_row_height(0, 21)?;
    let note = format!(
        "Each input in its own units: pounds at {} prices for money, decimals for shares (0.6 \
         = 60%), months, people a year. Mean, P5, P50, P95: exact values of the distribution, \
         within the input's allowed range. Default: the scenario left the input out and the \
         default applies. Clamped draws: draws moved into the allowed range. Path: the input's \
         name in the scenario, for --set and the samples file.",
        price_base(r)
    );
    s.block(1, 1, 0, 8, &note, &f.note)?;
    let head = 3;
    let headers = [
        "Group",
        "Input",
        "Distribution",
        "Mean",
        "P5",
        "P50",
        "P95",
        "Source",
        "Note",
        "Default?",
        "Clamped\ndraws",
        "Path",
    ];
    for (i, h) in headers.iter().enumerate() {
        let hf = match i {
            3..=6 | 10 => &f.head_right,
            7 | 11 => &f.head_indent,
            _ => &f.head_left,
        };
        s.text(head, i as ColNum, h, hf)?;
    }
    for (k, i) in r.inputs.iter().enumerate() {
        let row = head + 1 + k as RowNum;
        let label = data
            .and_then(|d| d.labels.get(k))
            .filter(|l| l.path == i.path);
        s.wrapped(row, 0, label.map_or("", |l| l.group.as_str()), &f.wrap)?;
        s.wrapped(
            row,
            1,
            label.map_or(i.path.as_str(), |l| l.label.as_str()),
            &f.wrap,
        )?;
        s.wrapped(row, 2, &i.distribution, &f.wrap)?;
        let kind = input_kind(&[i.mean, i.p5, i.p50, i.p95]);
        for (c, x) in [i.mean, i.p5, i.p50, i.p95].into_iter().enumerate() {
            s.num(row, 3 + c as ColNum, x, kind, f)?;
        }
        s.wrapped(row, 7, i.source.as_deref().unwrap_or(""), &f.wrap_indent)?;
        s.wrapped(row, 8, i.note.as_deref().unwrap_or(""), &f.wrap)?;
        s.text(row, 9, if i.default { "yes" } else { "no" }, &f.text)?;
        s.num(row, 10, i.clamped as f64, Shown::Int, f)?;
        s.text(row, 11, &i.path, &f.text_indent)?;
    }
    s.filter(head, head + r.inputs.len() as RowNum, 0, 11)?;
    s.finish(
        head,
        2,
        &[
            (0, 30.0),
            (1, 40.0),
            (2, 28.0),
            (7, 55.0),
            (8, 40.0),
            (11, 50.0),
        ],
        12.0,
    )
}

pub(super) fn audit_sheet(
    r: &Results,
    date: &ExcelDateTime,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut s = Sheet::new(AUDIT)?;
    let a = &r.audit;
    s.free(0, 0, "Audit: what produced these results", &f.title)?;
    s.ws.set_row_height(0, 21)?;
    let head = 2;
    s.text(head, 0, "Item", &f.head_left)?;
    s.text(head, 1, "Value", &f.head_left)?;
    let mut row = head + 1;
    let text = |s: &mut Sheet, row: &mut RowNum, label: &str, value: &str| {
        s.text(*row, 0, label, &f.label)?;
        s.text(*row, 1, value, &f.text)?;
        *row += 1;
        Ok::<(), XlsxError>(())
    };
    text(&mut s, &mut row, "Version of appraise", &a.version)?;
    let streams = a.streams.as_deref().unwrap_or("before v3");
    text(&mut s, &mut row, "Random streams", streams)?;
    text(&mut s, &mut row, "Scenario file", &a.scenario_file)?;
    text(&mut s, &mut row, "Scenario SHA-256", &a.scenario_sha256)?;
    text(&mut s, &mut row, "Sampling method", &a.method)?;
    s.text(row, 0, "Seed", &f.label)?;
    // Seeds above 2^53 would lose digits as numbers; keep them exact as text.
    if a.seed < (1 << 53) {
        s.ws.write_number_with_format(row, 1, a.seed as f64, &f.id)?;
        s.fit(1, a.seed.to_string().len());
    } else {
        s.text(row, 1, &a.seed.to_string(), &f.text)?;
    }
    row += 1;
    s.text(row, 0, "Iterations", &f.label)?;
    s.ws.write_number_with_format(row, 1, a.iterations as f64, &f.int_left)?;
    row += 1;
    text(
        &mut s,
        &mut row,
        "Variant",
        a.variant.as_deref().unwrap_or("none (the base scenario)"),
    )?;
    if let Some(d) = &a.variant_description {
        text(&mut s, &mut row, "Variant's description", d)?;
    }
    if a.variant.is_some() {
        s.text(row, 0, "Variant's overrides", &f.label)?;
        if a.variant_overrides.is_empty() {
            s.text(row, 1, "none", &f.text)?;
            row += 1;
        }
        for o in &a.variant_overrides {
            s.text(row, 1, o, &f.text)?;
            row += 1;
        }
    }
    s.text(row, 0, "Overrides (--set)", &f.label)?;
    if a.overrides.is_empty() {
        s.text(row, 1, "none", &f.text)?;
        row += 1;
    }
    for o in &a.overrides {
        s.text(row, 1, o, &f.text)?;
        row += 1;
    }
    if let Some(d) = &a.document {
        let sweeps: Vec<String> = d
            .sweeps
            .iter()
            .map(|x| format!("{} over {}", x.param, x.values.join(", ")))
            .collect();
        let wtp = match d.wtp {
            Some(w) => format!(
                "{} per {}",
                format::money(w),
                d.effect.as_deref().unwrap_or("")
            ),
            None => "none".into(),
        };
        text(&mut s, &mut row, "Willingness to pay", &wtp)?;
        let sweeps = if sweeps.is_empty() {
            "none".to_string()
        } else {
            sweeps.join("; ")
        };
        text(&mut s, &mut row, "Sweeps", &sweeps)?;
        text(&mut s, &mut row, "Format", &d.format)?;
    }
    s.text(row, 0, "Report date", &f.label)?;
    s.ws.write_datetime_with_format(row, 1, date, &f.date)?;
    s.fit(1, 10);
    row += 1;
    text(
        &mut s,
        &mut row,
        "Check",
        "appraise verify with this file re-runs all of the above and says whether the workbook is unchanged",
    )?;
    // The record appraise verify reads: its label is the mark it looks for.
    text(&mut s, &mut row, AUDIT_MARK, &a.embedded())?;
    s.filter(head, row - 1, 0, 1)?;
    s.finish(head, 0, &[(1, 80.0)], 30.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_as_words() {
        assert_eq!(kind_words("in_house"), "In house");
        assert_eq!(kind_words(""), "");
        assert_eq!(rate(0.035), "3.5%");
        assert_eq!(rate(0.03), "3%");
    }
}
