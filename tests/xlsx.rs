//! The Excel workbook (`report::xlsx`): written from a real run of the Torbay scenario, read
//! back with calamine, and checked cell by cell against the results it came from.

use appraise::Request;
use appraise::render::{option_sheet_names, workbook};
use appraise::results::{OptionResult, Results};
use appraise::run::run as appraise;
use appraise::scenario::Budget;
use appraise::stats::Summary;
use calamine::{Data, Range, Reader, Sheets, open_workbook_auto};
use std::io::{BufReader, Write};
use std::sync::OnceLock;

const DATE: &str = "2025-07-14";

/// A statistic: its column header and how to read it from a [`Summary`].
type Stat = (&'static str, fn(&Summary) -> f64);

/// Torbay with 500 iterations, run once for every test.
fn torbay() -> &'static Results {
    static RESULTS: OnceLock<Results> = OnceLock::new();
    RESULTS.get_or_init(|| run(&[]))
}

fn run(overrides: &[&str]) -> Results {
    let mut req = Request::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/torbay-2025.toml"
    ));
    req.iterations = Some(500);
    req.overrides = overrides.iter().map(|s| s.to_string()).collect();
    appraise(&req).expect("torbay runs").results
}

/// A workbook written to a temporary .xlsx file and opened with calamine; the file lives as
/// long as the reader.
struct Book {
    sheets: Sheets<BufReader<std::fs::File>>,
    _file: tempfile::TempPath,
}

impl Book {
    fn sheet(&mut self, name: &str) -> Range<Data> {
        self.sheets
            .worksheet_range(name)
            .unwrap_or_else(|e| panic!("sheet {name:?}: {e}"))
    }

    fn sheet_names(&self) -> Vec<String> {
        self.sheets.sheet_names()
    }
}

fn open(bytes: &[u8]) -> Book {
    let mut file = tempfile::Builder::new()
        .suffix(".xlsx")
        .tempfile()
        .expect("temporary file");
    file.write_all(bytes).expect("write workbook");
    file.flush().expect("flush workbook");
    let path = file.into_temp_path();
    let sheets = open_workbook_auto(&path).expect("calamine opens the workbook");
    Book {
        sheets,
        _file: path,
    }
}

fn cell(r: &Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match cell(r, row, col) {
        Data::String(s) => s,
        other => panic!("cell ({row}, {col}) should be text, is {other:?}"),
    }
}

/// The row whose first cell is exactly `first`.
fn row_of(r: &Range<Data>, first: &str) -> u32 {
    let (r0, _) = r.start().expect("sheet has cells");
    (r0..r0 + r.height() as u32)
        .find(|row| cell(r, *row, 0) == Data::String(first.into()))
        .unwrap_or_else(|| panic!("no row starts with {first:?}"))
}

/// The column of the header in `row` that starts with `label`.
fn col_of(r: &Range<Data>, row: u32, label: &str) -> u32 {
    (0..r.width() as u32 + 1)
        .find(|c| matches!(cell(r, row, *c), Data::String(s) if s.starts_with(label)))
        .unwrap_or_else(|| panic!("no header {label:?} in row {row}"))
}

/// A number written for `x`: the same float, or an empty cell when `x` is undefined.
#[track_caller]
fn assert_number(got: Data, x: f64, what: &str) {
    if x.is_finite() {
        assert_eq!(got, Data::Float(x), "{what}");
    } else {
        assert_eq!(
            got,
            Data::Empty,
            "{what}: undefined should be an empty cell"
        );
    }
}

#[test]
fn every_sheet_exists_in_order() {
    let r = torbay();
    let mut wb = open(&workbook(r, DATE).unwrap());
    let mut expected = vec!["Summary".to_string()];
    expected.extend(["Business as usual", "Option 1", "Option 2", "Option 3"].map(String::from));
    assert_eq!(
        option_sheet_names(r),
        expected[1..],
        "sheets named from the options' names"
    );
    expected.extend(["Cash by year", "Risks", "Assumptions", "Audit"].map(String::from));
    assert_eq!(wb.sheet_names(), expected);
    for name in &expected {
        assert!(!wb.sheet(name).is_empty(), "{name} is empty");
    }
}

#[test]
fn summary_cells_are_numbers_equal_to_the_results() {
    let r = torbay();
    let mut wb = open(&workbook(r, DATE).unwrap());
    let s = wb.sheet("Summary");
    assert_eq!(text(&s, 0, 0), r.title);
    let budget = row_of(&s, "Budget");
    assert_eq!(cell(&s, budget, 1), Data::Float(100_000.0));
    let head = row_of(&s, "Option");
    let m = |o: &OptionResult, name: &str| *o.metrics.get(name).unwrap();
    let mut undefined = 0;
    for (k, o) in r.options.iter().enumerate() {
        let row = head + 1 + k as u32;
        assert_eq!(text(&s, row, 0), o.name);
        let expect = [
            ("Cost P10", m(o, "cost").p10),
            ("Cost P50", m(o, "cost").p50),
            ("Cost P90", m(o, "cost").p90),
            ("PV cost", m(o, "cost_pv").mean),
            ("Peak-year", m(o, "peak_cash").p50),
            ("Engaged", m(o, "engaged").mean),
            ("Completions", m(o, "completions").mean),
            ("Cost per", m(o, "cost_per_completion").p50),
            ("NPV", m(o, "npv").mean),
            ("BCR", m(o, "bcr").mean),
            ("P(over", o.p_over_budget),
            ("P(best)", o.p_best),
        ];
        for (label, x) in expect {
            let got = cell(&s, row, col_of(&s, head, label));
            assert_number(got, x, &format!("{} {label}", o.id));
            undefined += usize::from(!x.is_finite());
        }
    }
    // Business as usual spends nothing and completes nothing: its BCR and cost per completion
    // are undefined, so the empty-cell branch above has been exercised.
    assert!(
        undefined >= 2,
        "expected undefined cells, found {undefined}"
    );
    assert!(
        text(&s, row_of(&s, "Notes") + 1, 0).contains("ranked by net present value (npv"),
        "the notes name the ranking metric"
    );
}

#[test]
fn option_sheets_hold_every_statistic_of_every_metric_in_order() {
    let r = torbay();
    let mut wb = open(&workbook(r, DATE).unwrap());
    for (o, name) in r.options.iter().zip(option_sheet_names(r)) {
        let s = wb.sheet(&name);
        let head = row_of(&s, "Metric");
        let key = col_of(&s, head, "Name in results");
        let stats: [Stat; 13] = [
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
        for (k, (metric, summary)) in o.metrics.0.iter().enumerate() {
            let row = head + 1 + k as u32;
            assert_eq!(text(&s, row, key), *metric, "{name}: metric order");
            for (label, pick) in stats {
                let got = cell(&s, row, col_of(&s, head, label));
                assert_number(got, pick(summary), &format!("{name} {metric} {label}"));
            }
        }
        assert!(
            matches!(
                cell(&s, head + 1 + o.metrics.0.len() as u32, key),
                Data::Empty
            ),
            "{name}: no rows after the metrics"
        );
    }
}

#[test]
fn cash_sheet_has_one_column_per_year_and_the_annual_budget() {
    let r = torbay();
    let mut wb = open(&workbook(r, DATE).unwrap());
    let s = wb.sheet("Cash by year");
    let head = row_of(&s, "Option");
    let labels: Vec<Data> = (2..2 + r.years.len() as u32 + 2)
        .map(|c| cell(&s, head, c))
        .collect();
    let mut expected: Vec<Data> = r.years.iter().cloned().map(Data::String).collect();
    expected.push(Data::String("Whole horizon".into()));
    expected.push(Data::Empty);
    assert_eq!(
        labels, expected,
        "one column per year, the total, then nothing"
    );
    let mut row = head + 1;
    for o in &r.options {
        for (stat, pick) in [
            ("Mean", (|s| s.mean) as fn(&Summary) -> f64),
            ("P10", |s| s.p10),
            ("P50", |s| s.p50),
            ("P90", |s| s.p90),
        ] {
            // The name is on every row, so that a filter on the option keeps its rows.
            assert_eq!(text(&s, row, 0), o.name);
            assert_eq!(text(&s, row, 1), stat);
            for y in 0..r.years.len() {
                let x = pick(o.metrics.get(&format!("cash_{y}")).unwrap());
                assert_number(
                    cell(&s, row, 2 + y as u32),
                    x,
                    &format!("{} {stat} {y}", o.id),
                );
            }
            row += 1;
        }
        assert_eq!(text(&s, row, 1), "Chance over budget");
        assert_eq!(text(&s, row + 1, 1), "Headroom at P50");
        row += 2;
    }
    let budget = row_of(&s, "Budget");
    assert_eq!(cell(&s, budget, 2), Data::Float(100_000.0));
}

/// A value from the workbook: a cell reference (`C7`, `$F$6`, `'Cash by year'!$F$6`) or the
/// name `Budget`, on `sheet` unless the reference names another.
fn value_of(wb: &mut Book, sheet: &str, reference: &str) -> f64 {
    if reference == "Budget" {
        return value_of(wb, "Summary", "B4");
    }
    if let Some((other, cell_ref)) = reference.split_once('!') {
        return value_of(wb, other.trim_matches('\''), cell_ref);
    }
    let r = reference.replace('$', "");
    let split = r.find(|c: char| c.is_ascii_digit()).expect("a row");
    let col = r[..split]
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = r[split..].parse::<u32>().unwrap() - 1;
    match cell(&wb.sheet(sheet), row, col) {
        Data::Float(x) => x,
        Data::Int(x) => x as f64,
        other => panic!("{sheet}!{reference} is not a number: {other:?}"),
    }
}

/// Evaluates the formulas the workbook writes: `=Budget-X`, `=X*Y`, `=SUM(A1:C1)` along a row,
/// `=ABS(X-Y)` and `=Budget`.
fn evaluate(wb: &mut Book, sheet: &str, formula: &str) -> f64 {
    let f = formula.trim_start_matches('=');
    if let Some(range) = f.strip_prefix("SUM(").and_then(|x| x.strip_suffix(')')) {
        let (a, b) = range.split_once(':').unwrap();
        let split = |x: &str| {
            let i = x.find(|c: char| c.is_ascii_digit()).unwrap();
            (x.as_bytes()[0], x[i..].to_string())
        };
        let ((ca, row), (cb, _)) = (split(a), split(b));
        return (ca..=cb)
            .map(|c| value_of(wb, sheet, &format!("{}{row}", c as char)))
            .sum();
    }
    if let Some(inner) = f.strip_prefix("ABS(").and_then(|x| x.strip_suffix(')')) {
        return evaluate(wb, sheet, inner).abs();
    }
    if let Some((a, b)) = f.split_once('*') {
        return value_of(wb, sheet, a) * value_of(wb, sheet, b);
    }
    if let Some((a, b)) = f.split_once('-') {
        return value_of(wb, sheet, a) - value_of(wb, sheet, b);
    }
    value_of(wb, sheet, f)
}

#[test]
fn formulas_evaluate_to_the_figures_the_report_prints() {
    use appraise::analysis::report::{ReportRequest, prepare};
    let mut req = Request::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/torbay-2025.toml"
    ));
    req.iterations = Some(500);
    let run = appraise(&req).unwrap();
    let data = prepare(
        &run,
        &ReportRequest {
            charts: false,
            wtp: None,
            effect: "completions".into(),
            sweep: None,
            heat_map: None,
            alongside: appraise::analysis::compare::alongside(
                &req,
                &run.results,
                &run.loaded.variants,
            ),
        },
    )
    .unwrap();
    let r = &run.results;
    let bytes = appraise::render::report_workbook(r, Some(&data), DATE).unwrap();
    let mut wb = open(&bytes);
    let mut checked = 0;
    for sheet in ["Summary", "Cash by year", "Risks", "Sensitivity"] {
        let formulas = wb.sheets.worksheet_formula(sheet).unwrap();
        let cells: Vec<(u32, u32, String)> = formulas
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .map(|(row, col, f)| {
                let (r0, c0) = formulas.start().unwrap();
                (r0 + row as u32, c0 + col as u32, f.clone())
            })
            .collect();
        assert!(!cells.is_empty(), "{sheet} has formulas");
        for (row, col, f) in cells {
            let got = evaluate(&mut wb, sheet, &f);
            let cached = cell(&wb.sheet(sheet), row, col);
            let Data::Float(cached) = cached else {
                panic!("{sheet} ({row}, {col}) {f}: cached value {cached:?}")
            };
            assert!(
                (got - cached).abs() <= 1e-9 * got.abs().max(1.0),
                "{sheet} {f}: {got} vs {cached}"
            );
            checked += 1;
        }
    }
    // The figures the report prints: headroom is the budget less the P50 cash it shows, the total
    // is the sum of the yearly means.
    let s = wb.sheet("Cash by year");
    let head = row_of(&s, "Option");
    for (k, c) in data.cash.iter().enumerate() {
        let top = head + 1 + 6 * k as u32;
        for y in 0..r.years.len() {
            let headroom = cell(&s, top + 5, 2 + y as u32);
            assert_eq!(
                headroom,
                Data::Float(100_000.0 - c.p50[y]),
                "{} {y}",
                c.name
            );
            let p = cell(&s, top + 4, 2 + y as u32);
            assert_number(p, c.p_over[y].unwrap(), "chance over budget");
        }
        let total: f64 = c.mean.iter().sum();
        let got = cell(&s, top, 2 + r.years.len() as u32);
        assert!(
            matches!(got, Data::Float(x) if (x - total).abs() < 1e-6),
            "{got:?} vs {total}"
        );
    }
    assert!(checked > 30, "{checked} formulas checked");
    let names = wb.sheet_names();
    for sheet in ["SWOT", "Risks", "Sensitivity", "Switching values"] {
        assert!(names.contains(&sheet.to_string()), "{sheet} sheet");
    }
}

#[test]
fn assumptions_list_every_input() {
    let r = torbay();
    let mut wb = open(&workbook(r, DATE).unwrap());
    let s = wb.sheet("Assumptions");
    let head = row_of(&s, "Group");
    let col = |label| col_of(&s, head, label);
    for (k, i) in r.inputs.iter().enumerate() {
        let row = head + 1 + k as u32;
        assert_eq!(
            text(&s, row, col("Input")),
            i.path,
            "no labels without the analysis"
        );
        assert_eq!(text(&s, row, col("Path")), i.path);
        assert_eq!(text(&s, row, col("Distribution")), i.distribution);
        for (label, x) in [
            ("Mean", i.mean),
            ("P5", i.p5),
            ("P50", i.p50),
            ("P95", i.p95),
        ] {
            assert_number(cell(&s, row, col(label)), x, &format!("{} {label}", i.path));
        }
        let source = cell(&s, row, col("Source"));
        match &i.source {
            Some(src) => assert_eq!(source, Data::String(src.clone())),
            None => assert_eq!(source, Data::Empty),
        }
        let default = if i.default { "yes" } else { "no" };
        assert_eq!(text(&s, row, col("Default?")), default);
        assert_eq!(cell(&s, row, col("Clamped")), Data::Float(i.clamped as f64));
    }
    assert_eq!(
        cell(&s, head + 1 + r.inputs.len() as u32, 1),
        Data::Empty,
        "no rows after the inputs"
    );
}

#[test]
fn audit_names_the_run_and_each_override_on_its_own_row() {
    let overrides = [
        "appraisal.budget.annual=80000",
        "appraisal.cash_uplift=0.02",
    ];
    let r = run(&overrides);
    let mut wb = open(&workbook(&r, DATE).unwrap());
    let s = wb.sheet("Audit");
    let value = |label: &str| cell(&s, row_of(&s, label), 1);
    assert_eq!(
        value("Version of appraise"),
        Data::String(r.audit.version.clone())
    );
    assert_eq!(value("Random streams"), Data::String("v3".into()));
    assert_eq!(
        value("Scenario file"),
        Data::String(r.audit.scenario_file.clone())
    );
    assert_eq!(
        value("Scenario SHA-256"),
        Data::String(r.audit.scenario_sha256.clone())
    );
    assert_eq!(value("Seed"), Data::Float(r.audit.seed as f64));
    assert_eq!(value("Iterations"), Data::Float(500.0));
    assert_eq!(value("Sampling method"), Data::String("monte_carlo".into()));
    let first = row_of(&s, "Overrides (--set)");
    for (k, o) in overrides.iter().enumerate() {
        assert_eq!(text(&s, first + k as u32, 1), *o);
    }
    let serial = match value("Report date") {
        Data::DateTime(d) => d.as_f64(),
        other => panic!("report date should be a date cell, is {other:?}"),
    };
    let expected = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 7, 14).unwrap();
    assert_eq!(serial, expected.to_excel(), "the report date is {DATE}");
    // The budget override reaches the summary too.
    let summary = wb.sheet("Summary");
    assert_eq!(
        cell(&summary, row_of(&summary, "Budget"), 1),
        Data::Float(80_000.0)
    );
}

#[test]
fn hostile_names_survive_as_text_and_sheet_names_are_legal() {
    let mut r = torbay().clone();
    let hostile = "<script>alert(1)</script> & \"quoted\" 'name' £100k";
    r.options[0].name = hostile.to_string();
    r.title = "Q&A: <b>budget</b> \"2026\"".to_string();
    let long = "a/b:c*d?[e]\\f-an-identifier-much-longer-than-thirty-one-characters";
    r.options[1].name = long.to_string();
    r.options[2].name = long.to_string();
    r.options[3].name = "SUMMARY".to_string();
    let names = option_sheet_names(&r);
    for n in &names {
        assert!(n.chars().count() <= 31, "{n:?} is too long");
        assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n:?}");
    }
    let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    lower.extend(
        [
            "summary",
            "cash by year",
            "assumptions",
            "audit",
            "swot",
            "risks",
            "sensitivity",
            "switching values",
        ]
        .map(String::from),
    );
    let count = lower.len();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), count, "sheet names are unique: {names:?}");

    let mut wb = open(&workbook(&r, DATE).unwrap());
    let s = wb.sheet("Summary");
    assert_eq!(text(&s, 0, 0), r.title);
    assert_eq!(text(&s, row_of(&s, "Option") + 1, 0), hostile);
    let o = wb.sheet(&names[0]);
    assert_eq!(text(&o, 0, 0), hostile);
    let cash = wb.sheet("Cash by year");
    assert_eq!(text(&cash, row_of(&cash, "Option") + 1, 0), hostile);
}

#[test]
fn same_inputs_give_identical_bytes() {
    let r = torbay();
    let a = workbook(r, DATE).unwrap();
    // Cross a second of the clock, so that a creation time taken from the clock would show.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = workbook(r, DATE).unwrap();
    assert!(
        a == b,
        "two workbooks from the same results and date differ"
    );
    // The date is in the bytes, so the equality above is not vacuous.
    assert!(workbook(r, "2025-07-15").unwrap() != a);
    // And a fresh run with the same seed gives the same workbook.
    assert!(workbook(&run(&[]), DATE).unwrap() == a);
}

#[test]
fn a_malformed_date_is_an_error() {
    for bad in ["14/07/2025", "2025-7-14", "2025-02-30", ""] {
        assert!(workbook(torbay(), bad).is_err(), "{bad:?} accepted");
    }
}

#[test]
fn every_example_scenario_makes_a_workbook_with_its_budget() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut budgets = [0; 3];
    for file in files {
        let mut req = Request::new(&file);
        req.iterations = Some(200);
        let r = appraise(&req).expect("example runs").results;
        let mut wb = open(&workbook(&r, DATE).unwrap());
        assert_eq!(wb.sheet_names().len(), 5 + r.options.len(), "{file:?}");
        let summary = wb.sheet("Summary");
        let cash = wb.sheet("Cash by year");
        let budget = cell(&summary, row_of(&summary, "Budget"), 1);
        let head = row_of(&cash, "Option");
        let years = (2..)
            .take_while(|c| cell(&cash, head, *c) != Data::Empty)
            .count()
            - 1;
        assert_eq!(
            cell(&cash, head, 2 + years as u32),
            Data::String("Whole horizon".into())
        );
        assert_eq!(years, r.years.len(), "{file:?}: one column per year");
        match r.budget {
            Some(Budget::Annual(b)) => {
                budgets[0] += 1;
                assert_eq!(budget, Data::Float(b));
                assert_eq!(cell(&cash, row_of(&cash, "Budget"), 2), Data::Float(b));
            }
            Some(Budget::Total(b)) => {
                budgets[1] += 1;
                assert_eq!(budget, Data::Float(b));
                assert_eq!(cell(&cash, row_of(&cash, "Budget"), 2), Data::Float(b));
            }
            None => {
                budgets[2] += 1;
                assert_eq!(budget, Data::String("none set".into()));
                assert_eq!(
                    cell(&cash, row_of(&cash, "Budget"), 2),
                    Data::String("none set".into())
                );
            }
        }
    }
    assert_eq!(
        budgets,
        [1, 1, 1],
        "the examples cover annual, total and no budget"
    );
}
