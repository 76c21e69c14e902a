//! An independent recomputation of every metric in the samples file.
//!
//! `docs/model.md` promises that from one row of `--samples FILE.csv` and that page, anyone can
//! recompute the row's metrics to the last digit of floating-point noise. This test is that
//! "anyone": it runs the real binary on the example scenarios, reads each scenario's structure
//! from its TOML (which cost lines, risks, outcomes and streams an option has, and the
//! appraisal's settings), takes every quantity's value in each iteration from the CSV column
//! named by its path, reruns the monthly model of sections 4 and 5 of `docs/model.md`, written
//! from the page alone, and compares every metric column. It also checks the JSON summary of
//! `cost` against the rows.
//!
//! Nothing here uses the engine's code: the model below is written from the documents.

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use toml::{Table, Value};

/// Iterations per run: enough rows to reach the scenarios' corners (late starts, occurring
/// risks, services that never start), small enough to keep the test quick in debug.
const N: usize = 300;

/// Relative tolerance: floating-point noise from summing in another order.
const REL: f64 = 1e-9;
/// Absolute tolerance for values near zero (both below `NEAR_ZERO` in magnitude).
const ABS: f64 = 1e-6;
const NEAR_ZERO: f64 = 1e-3;

// ------------------------------------------------------------------------------------------
// Running the tool
// ------------------------------------------------------------------------------------------

/// One run of `appraise run`: the scenario as TOML, the samples CSV and the JSON summary.
struct Run {
    name: String,
    scenario: Table,
    columns: HashMap<String, usize>,
    header: Vec<String>,
    rows: Vec<csv::StringRecord>,
    json: serde_json::Value,
}

fn run(scenario: &str) -> Run {
    let dir = tempfile::tempdir().expect("temporary directory");
    let samples = dir.path().join("s.csv");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(scenario);
    let output = Command::cargo_bin("appraise")
        .expect("the appraise binary")
        .arg("run")
        .arg(&path)
        .args(["-n", &N.to_string(), "--samples"])
        .arg(&samples)
        .args(["--format", "json"])
        .output()
        .expect("appraise runs");
    assert!(
        output.status.success(),
        "appraise run {scenario} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is one JSON object");

    let text = std::fs::read_to_string(&path).expect("scenario file");
    let scenario_table: Table = text.parse().expect("scenario is TOML");

    let mut reader = csv::Reader::from_path(&samples).expect("samples file");
    let header: Vec<String> = reader
        .headers()
        .expect("samples header")
        .iter()
        .map(str::to_string)
        .collect();
    let columns = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), i))
        .collect();
    let rows = reader.records().map(|r| r.expect("samples row")).collect();
    Run {
        name: scenario.to_string(),
        scenario: scenario_table,
        columns,
        header,
        rows,
        json,
    }
}

/// One row of the samples file.
struct Row<'a> {
    columns: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The cell of a column, `None` when empty. Panics when there is no such column.
    fn cell(&self, column: &str) -> Option<f64> {
        let i = *self
            .columns
            .get(column)
            .unwrap_or_else(|| panic!("the samples file has no column `{column}`"));
        let text = self.record.get(i).expect("row as wide as the header");
        if text.is_empty() {
            None
        } else {
            Some(
                text.parse()
                    .unwrap_or_else(|_| panic!("column `{column}` holds `{text}`")),
            )
        }
    }

    /// The value of a column that must hold one.
    fn num(&self, column: &str) -> f64 {
        self.cell(column).unwrap_or_else(|| {
            panic!(
                "column `{column}` is empty in iteration {}, option {}",
                self.text("iteration"),
                self.text("option")
            )
        })
    }

    fn text(&self, column: &str) -> &str {
        self.record.get(self.columns[column]).expect("cell")
    }
}

// ------------------------------------------------------------------------------------------
// Reading a scenario's structure, and each quantity's value from a row
// ------------------------------------------------------------------------------------------

/// A plain number in TOML (integer or float).
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(x) => Some(*x),
        _ => None,
    }
}

/// The value of a fixed quantity (`42` or `{ value = 42 }`), `None` for a distribution.
fn fixed(v: &Value) -> Option<f64> {
    number(v).or_else(|| v.as_table()?.get("value").and_then(number))
}

/// The value in this row of quantity `key` of `table`, whose path is `path`.
///
/// A field that names a parameter takes the parameter's column; any other field, written or
/// left to its default, has its own column. Fixed values and defaults are checked against the
/// column, which must hold exactly the number written (or the documented default).
fn quantity(row: &Row, table: &Table, key: &str, path: &str, default: Option<f64>) -> f64 {
    match table.get(key) {
        Some(Value::String(name)) => {
            let own = row.columns.get(path).and_then(|_| row.cell(path));
            assert!(
                own.is_none(),
                "`{path}` names parameter `{name}`, yet its own column holds {own:?}"
            );
            row.num(&format!("parameters.{name}"))
        }
        Some(v) => {
            let x = row.num(path);
            if let Some(f) = fixed(v) {
                assert_eq!(x, f, "`{path}` is fixed at {f} in the scenario");
            }
            x
        }
        None => {
            let d = default.unwrap_or_else(|| panic!("`{path}` is required but missing"));
            let x = row.num(path);
            assert_eq!(x, d, "`{path}` is left to its default {d}");
            x
        }
    }
}

/// The budget of the appraisal, in cash.
#[derive(Clone, Copy)]
enum Budget {
    Annual(f64),
    Total(f64),
}

/// The appraisal-wide settings of section 3 of scenario-format.md.
struct Settings {
    horizon: usize,
    discount_rate: f64,
    cash_uplift: f64,
    /// s: the calendar year of `start` minus `price_base_year`, the years of uplift before year 0.
    years_before_start: i64,
    budget: Option<Budget>,
}

fn settings(scenario: &Table) -> Settings {
    let a = scenario["appraisal"].as_table().expect("[appraisal]");
    let horizon = a["horizon_years"].as_integer().expect("horizon_years") as usize;
    let discount_rate = a.get("discount_rate").and_then(number).unwrap_or(0.035);
    let cash_uplift = a.get("cash_uplift").and_then(number).unwrap_or(0.0);
    let start = a["start"].as_str().expect("start is \"YYYY-MM\"");
    let start_year: i64 = start[..4].parse().expect("start year");
    let price_base_year = a["price_base_year"].as_integer().expect("price_base_year");
    let budget = a.get("budget").map(|b| {
        let b = b.as_table().expect("budget is a table");
        match (b.get("annual"), b.get("total")) {
            (Some(x), None) => Budget::Annual(number(x).expect("budget.annual")),
            (None, Some(x)) => Budget::Total(number(x).expect("budget.total")),
            _ => panic!("budget gives one of annual or total"),
        }
    });
    Settings {
        horizon,
        discount_rate,
        cash_uplift,
        years_before_start: start_year - price_base_year,
        budget,
    }
}

enum Cost {
    Annual {
        amount: f64,
        fte: f64,
        on_cost: f64,
        from_start: bool,
    },
    OneOff {
        amount: f64,
        month: usize,
    },
    PerCase(f64),
    PerCompletion(f64),
}

struct Risk {
    occurs: bool,
    delay_months: f64,
    extra_cost: f64,
    capacity_factor: f64,
}

struct Outcome {
    per_completion: bool,
    effect: f64,
    value: f64,
    deadweight: f64,
    attribution: f64,
    drop_off: f64,
    persistence_years: usize,
}

/// Every input of one option in one iteration.
struct Inputs {
    mobilisation_months: f64,
    ramp_up_months: f64,
    suitability: f64,
    engagement: f64,
    completion: f64,
    victims_per_case: f64,
    children_per_case: f64,
    optimism_bias: f64,
    /// (per_year, reach) of each stream the option names.
    streams: Vec<(f64, f64)>,
    /// Annual capacity before risks, `None` when the option gives no capacity.
    capacity: Option<f64>,
    /// Each cost line with its own yearly uplift to cash, when it has one.
    costs: Vec<(Cost, Option<f64>)>,
    risks: Vec<Risk>,
    outcomes: Vec<Outcome>,
}

fn entries<'a>(option: &'a Table, key: &str) -> Vec<&'a Table> {
    option
        .get(key)
        .map(|v| {
            v.as_array()
                .unwrap_or_else(|| panic!("{key} is a list"))
                .iter()
                .map(|e| e.as_table().expect("entry is a table"))
                .collect()
        })
        .unwrap_or_default()
}

/// Reads the inputs of option `option` (its TOML table) from a row.
fn inputs(row: &Row, option: &Table) -> Inputs {
    let id = option["id"].as_str().expect("option id");
    // An option's own input `options.ID.REST` is the column `option.REST` of its own rows.
    assert_eq!(
        row.text("option"),
        id,
        "a row holds its own option's inputs"
    );
    let p = |field: &str| format!("option.{field}");
    let q = |table: &Table, key: &str, path: String, default: Option<f64>| {
        quantity(row, table, key, &path, default)
    };

    let streams = option
        .get("reach")
        .map(|r| {
            let r = r.as_table().expect("reach is a table");
            r.keys()
                .map(|stream| {
                    let per_year = row.num(&format!("demand.{stream}.per_year"));
                    let reach = q(r, stream, p(&format!("reach.{stream}")), None);
                    (per_year, reach)
                })
                .collect()
        })
        .unwrap_or_default();

    let capacity = option.get("capacity").map(|c| {
        let c = c.as_table().expect("capacity is a table");
        if c.contains_key("places_per_year") {
            q(c, "places_per_year", p("capacity.places_per_year"), None)
        } else {
            let fte = q(c, "fte", p("capacity.fte"), None);
            let caseload = q(c, "caseload", p("capacity.caseload"), None);
            let weeks = q(c, "duration_weeks", p("capacity.duration_weeks"), None);
            fte * caseload * 52.0 / weeks
        }
    });

    let costs = entries(option, "costs")
        .into_iter()
        .enumerate()
        .map(|(j, c)| {
            let path = |f: &str| p(&format!("costs[{j}].{f}"));
            let amount = q(c, "amount", path("amount"), None);
            // A line's own price path (model.md section 4): `fixed_cash` is uplift 0.
            let uplift = match (c.get("uplift"), c.get("fixed_cash")) {
                (Some(u), _) => Some(number(u).expect("uplift")),
                (None, Some(f)) if f.as_bool().expect("fixed_cash") => Some(0.0),
                _ => None,
            };
            let line = match c["basis"].as_str().expect("basis") {
                "annual" => Cost::Annual {
                    amount,
                    fte: q(c, "fte", path("fte"), Some(1.0)),
                    on_cost: q(c, "on_cost", path("on_cost"), Some(0.0)),
                    from_start: match c.get("accrues").map(|a| a.as_str().expect("accrues")) {
                        None | Some("in_service") => false,
                        Some("from_start") => true,
                        Some(other) => panic!("accrues = {other}"),
                    },
                },
                "one_off" => Cost::OneOff {
                    amount,
                    month: c
                        .get("month")
                        .map_or(0, |m| m.as_integer().expect("month") as usize),
                },
                "per_case" => Cost::PerCase(amount),
                "per_completion" => Cost::PerCompletion(amount),
                other => panic!("basis = {other}"),
            };
            (line, uplift)
        })
        .collect();

    let risks = entries(option, "risks")
        .into_iter()
        .enumerate()
        .map(|(j, r)| {
            let path = |f: &str| p(&format!("risks[{j}].{f}"));
            let probability = q(r, "probability", path("probability"), None);
            assert!(
                (0.0..=1.0).contains(&probability),
                "{}",
                path("probability")
            );
            let occurs = row.num(&path("occurs"));
            assert!(
                occurs == 0.0 || occurs == 1.0,
                "{} is 0 or 1, not {occurs}",
                path("occurs")
            );
            Risk {
                occurs: occurs == 1.0,
                delay_months: q(r, "delay_months", path("delay_months"), Some(0.0)),
                extra_cost: q(r, "extra_cost", path("extra_cost"), Some(0.0)),
                capacity_factor: q(r, "capacity_factor", path("capacity_factor"), Some(1.0)),
            }
        })
        .collect();

    let outcomes = entries(option, "outcomes")
        .into_iter()
        .enumerate()
        .map(|(j, o)| {
            let path = |f: &str| p(&format!("outcomes[{j}].{f}"));
            Outcome {
                per_completion: match o["per"].as_str().expect("per") {
                    "completion" => true,
                    "engaged" => false,
                    other => panic!("per = {other}"),
                },
                effect: q(o, "effect", path("effect"), None),
                value: q(o, "value", path("value"), None),
                deadweight: q(o, "deadweight", path("deadweight"), Some(0.0)),
                attribution: q(o, "attribution", path("attribution"), Some(1.0)),
                drop_off: q(o, "drop_off", path("drop_off"), Some(0.0)),
                persistence_years: o
                    .get("persistence_years")
                    .map_or(1, |y| y.as_integer().expect("persistence_years") as usize),
            }
        })
        .collect();

    Inputs {
        mobilisation_months: q(
            option,
            "mobilisation_months",
            p("mobilisation_months"),
            Some(0.0),
        ),
        ramp_up_months: q(option, "ramp_up_months", p("ramp_up_months"), Some(0.0)),
        suitability: q(option, "suitability", p("suitability"), Some(1.0)),
        engagement: q(option, "engagement", p("engagement"), Some(1.0)),
        completion: q(option, "completion", p("completion"), Some(1.0)),
        victims_per_case: q(option, "victims_per_case", p("victims_per_case"), Some(0.0)),
        children_per_case: q(
            option,
            "children_per_case",
            p("children_per_case"),
            Some(0.0),
        ),
        optimism_bias: q(option, "optimism_bias", p("optimism_bias"), Some(0.0)),
        streams,
        capacity,
        costs,
        risks,
        outcomes,
    }
}

// ------------------------------------------------------------------------------------------
// The model: docs/model.md sections 4 and 5
// ------------------------------------------------------------------------------------------

/// Whether cash goes over the budget. When a cash figure lies within floating-point noise of
/// the budget, "exceeds" is decided by rounding, and either answer is accepted.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Over {
    No,
    Yes,
    WithinNoise,
}

/// The metrics of one option in one iteration.
struct Metrics {
    start_month: f64,
    referrals: f64,
    suitable: f64,
    engaged: f64,
    unmet: f64,
    completions: f64,
    victims: f64,
    children: f64,
    cost: f64,
    cost_pv: f64,
    cash: Vec<f64>,
    peak_cash: f64,
    over_budget: Over,
    benefit_pv: f64,
    npv: f64,
    bcr: Option<f64>,
    cost_per_engaged: Option<f64>,
    cost_per_completion: Option<f64>,
}

/// DF_y = (1 + r)^(−y).
fn discount(rate: f64, year: usize) -> f64 {
    (1.0 + rate).powf(-(year as f64))
}

fn simulate(s: &Settings, x: &Inputs) -> Metrics {
    let months = 12 * s.horizon;

    // Start: D = mobilisation + delays of the risks that occur.
    let occurring: Vec<&Risk> = x.risks.iter().filter(|r| r.occurs).collect();
    let d = x.mobilisation_months + occurring.iter().map(|r| r.delay_months).sum::<f64>();

    // Annual referrals at full rate, and annual capacity after risks.
    let full_rate: f64 = x.streams.iter().map(|(n, reach)| n * reach).sum();
    let mut capacity = x.capacity.unwrap_or(0.0);
    for r in &occurring {
        capacity *= r.capacity_factor;
    }

    let persistence = x
        .outcomes
        .iter()
        .map(|o| o.persistence_years)
        .max()
        .unwrap_or(1);
    let mut benefits = vec![0.0; s.horizon + persistence];
    let mut m = Metrics {
        start_month: d,
        referrals: 0.0,
        suitable: 0.0,
        engaged: 0.0,
        unmet: 0.0,
        completions: 0.0,
        victims: 0.0,
        children: 0.0,
        cost: 0.0,
        cost_pv: 0.0,
        cash: vec![0.0; s.horizon],
        peak_cash: 0.0,
        over_budget: Over::No,
        benefit_pv: 0.0,
        npv: 0.0,
        bcr: None,
        cost_per_engaged: None,
        cost_per_completion: None,
    };

    for t in 0..months {
        let y = t / 12;
        let tf = t as f64;
        let a = (tf + 1.0 - d).clamp(0.0, 1.0);
        let in_service = (tf + 1.0 - d).max(0.0);
        let g = if x.ramp_up_months > 0.0 {
            (in_service / x.ramp_up_months).min(1.0)
        } else {
            1.0
        };

        let referrals = full_rate / 12.0 * a * g;
        let suitable = referrals * x.suitability;
        let willing = suitable * x.engagement;
        let capacity_t = capacity / 12.0 * a;
        let engaged = willing.min(capacity_t);
        let unmet = willing - engaged;
        let completions = engaged * x.completion;

        m.referrals += referrals;
        m.suitable += suitable;
        m.engaged += engaged;
        m.unmet += unmet;
        m.completions += completions;
        m.victims += engaged * x.victims_per_case;
        m.children += engaged * x.children_per_case;

        let mut cost = 0.0;
        for (c, uplift) in &x.costs {
            // F_y = ((1 + u) / (1 + g))^(y + s) for a line on its own price path.
            let factor = uplift.map_or(1.0, |u| {
                ((1.0 + u) / (1.0 + s.cash_uplift)).powf((y as i64 + s.years_before_start) as f64)
            });
            cost += factor
                * match *c {
                    Cost::Annual {
                        amount,
                        fte,
                        on_cost,
                        from_start,
                    } => amount * fte * (1.0 + on_cost) / 12.0 * if from_start { 1.0 } else { a },
                    Cost::OneOff { amount, month } => {
                        if month == t {
                            amount
                        } else {
                            0.0
                        }
                    }
                    Cost::PerCase(amount) => amount * engaged,
                    Cost::PerCompletion(amount) => amount * completions,
                };
        }
        if t == 0 {
            cost += occurring.iter().map(|r| r.extra_cost).sum::<f64>();
        }
        let cost = cost * (1.0 + x.optimism_bias);

        m.cost += cost;
        m.cost_pv += cost * discount(s.discount_rate, y);
        m.cash[y] += cost * (1.0 + s.cash_uplift).powf((y as i64 + s.years_before_start) as f64);

        for o in &x.outcomes {
            let n = if o.per_completion {
                completions
            } else {
                engaged
            };
            for k in 0..o.persistence_years {
                benefits[y + k] += n
                    * o.effect
                    * o.value
                    * (1.0 - o.deadweight)
                    * o.attribution
                    * (1.0 - o.drop_off).powf(k as f64);
            }
        }
    }

    m.benefit_pv = benefits
        .iter()
        .enumerate()
        .map(|(y, b)| b * discount(s.discount_rate, y))
        .sum();
    m.peak_cash = m.cash.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    m.over_budget = match s.budget {
        None => Over::No,
        Some(Budget::Annual(limit)) => m
            .cash
            .iter()
            .map(|&c| exceeds(c, limit))
            .fold(Over::No, worst),
        Some(Budget::Total(limit)) => exceeds(m.cash.iter().sum(), limit),
    };
    m.npv = m.benefit_pv - m.cost_pv;
    m.bcr = (m.cost_pv != 0.0).then(|| m.benefit_pv / m.cost_pv);
    m.cost_per_engaged = (m.engaged != 0.0).then(|| m.cost / m.engaged);
    m.cost_per_completion = (m.completions != 0.0).then(|| m.cost / m.completions);
    m
}

/// Whether `cash` exceeds `limit` by more than half a penny (model.md, section 5), allowing for
/// noise in the last digits.
fn exceeds(cash: f64, limit: f64) -> Over {
    let threshold = limit + 0.005;
    if (cash - threshold).abs() <= REL * cash.abs().max(threshold.abs()) {
        Over::WithinNoise
    } else if cash > threshold {
        Over::Yes
    } else {
        Over::No
    }
}

/// Combines the verdicts of several years: any clear excess wins, then any knife-edge.
fn worst(a: Over, b: Over) -> Over {
    match (a, b) {
        (Over::Yes, _) | (_, Over::Yes) => Over::Yes,
        (Over::WithinNoise, _) | (_, Over::WithinNoise) => Over::WithinNoise,
        _ => Over::No,
    }
}

// ------------------------------------------------------------------------------------------
// Comparing
// ------------------------------------------------------------------------------------------

/// Equal to floating-point noise: 1e-9 relative, or 1e-6 absolute when both are near zero.
fn close(mine: f64, tool: f64) -> bool {
    let d = (mine - tool).abs();
    let size = mine.abs().max(tool.abs());
    d <= REL * size || (size < NEAR_ZERO && d <= ABS)
}

/// The options of the scenario, as TOML tables.
fn options(scenario: &Table) -> Vec<&Table> {
    entries(scenario, "options")
}

/// How many rows reached each corner of the model, so that a test cannot pass vacuously.
#[derive(Debug, Default)]
struct Coverage {
    /// Rows in which some risk occurs.
    risks_occurring: usize,
    /// Rows in which capacity binds (unmet > 0).
    capacity_bound: usize,
    /// Rows over budget, and rows within it.
    over_budget: usize,
    within_budget: usize,
    /// Rows with an undefined metric.
    undefined: usize,
}

/// Recomputes every row of a run and returns one line per disagreement.
fn disagreements(r: &Run) -> (Vec<String>, Coverage) {
    let s = settings(&r.scenario);
    let opts = options(&r.scenario);

    // The metric columns are exactly those of section 5, in order, after the inputs.
    let mut metric_names: Vec<String> = [
        "start_month",
        "referrals",
        "suitable",
        "engaged",
        "unmet",
        "completions",
        "victims",
        "children",
        "cost",
        "cost_pv",
    ]
    .iter()
    .map(|m| m.to_string())
    .collect();
    metric_names.extend((0..s.horizon).map(|y| format!("cash_{y}")));
    metric_names.extend(
        [
            "peak_cash",
            "over_budget",
            "benefit_pv",
            "npv",
            "bcr",
            "cost_per_engaged",
            "cost_per_completion",
        ]
        .iter()
        .map(|m| m.to_string()),
    );
    assert_eq!(
        r.header[r.header.len() - metric_names.len()..],
        metric_names[..],
        "{}: metric columns",
        r.name
    );
    assert_eq!(r.header[..2], ["iteration", "option"], "{}", r.name);

    assert_eq!(
        r.rows.len(),
        N * opts.len(),
        "{}: one row per iteration and option",
        r.name
    );

    let mut problems = Vec::new();
    let mut knife_edges = 0;
    let mut coverage = Coverage::default();
    for (k, record) in r.rows.iter().enumerate() {
        let row = Row {
            columns: &r.columns,
            record,
        };
        let iteration = k / opts.len();
        let option = opts[k % opts.len()];
        let id = option["id"].as_str().expect("id");
        assert_eq!(row.text("iteration"), iteration.to_string(), "{}", r.name);
        assert_eq!(row.text("option"), id, "{}: row {k}", r.name);

        let x = inputs(&row, option);
        let m = simulate(&s, &x);
        coverage.risks_occurring += usize::from(x.risks.iter().any(|r| r.occurs));
        coverage.capacity_bound += usize::from(m.unmet > 0.0);
        coverage.over_budget += usize::from(m.over_budget == Over::Yes);
        coverage.within_budget += usize::from(m.over_budget == Over::No);
        coverage.undefined += usize::from(
            m.bcr.is_none() || m.cost_per_engaged.is_none() || m.cost_per_completion.is_none(),
        );
        let mut check = |metric: &str, mine: Option<f64>| {
            let tool = row.cell(metric);
            let ok = match (mine, tool) {
                (Some(a), Some(b)) => close(a, b),
                (None, None) => true,
                _ => false,
            };
            if !ok {
                problems.push(format!(
                    "{}: iteration {iteration}, option {id}, {metric}: recomputed {mine:?}, tool {tool:?}",
                    r.name
                ));
            }
        };

        check("start_month", Some(m.start_month));
        check("referrals", Some(m.referrals));
        check("suitable", Some(m.suitable));
        check("engaged", Some(m.engaged));
        check("unmet", Some(m.unmet));
        check("completions", Some(m.completions));
        check("victims", Some(m.victims));
        check("children", Some(m.children));
        check("cost", Some(m.cost));
        check("cost_pv", Some(m.cost_pv));
        for (y, c) in m.cash.iter().enumerate() {
            check(&format!("cash_{y}"), Some(*c));
        }
        check("peak_cash", Some(m.peak_cash));
        check("benefit_pv", Some(m.benefit_pv));
        check("npv", Some(m.npv));
        check("bcr", m.bcr);
        check("cost_per_engaged", m.cost_per_engaged);
        check("cost_per_completion", m.cost_per_completion);
        match m.over_budget {
            Over::No => check("over_budget", Some(0.0)),
            Over::Yes => check("over_budget", Some(1.0)),
            Over::WithinNoise => {
                knife_edges += 1;
                let tool = row.cell("over_budget");
                if tool != Some(0.0) && tool != Some(1.0) {
                    problems.push(format!(
                        "{}: iteration {iteration}, option {id}, over_budget: tool {tool:?}, expected 0 or 1",
                        r.name
                    ));
                }
            }
        }
    }
    if knife_edges > 0 {
        eprintln!(
            "{}: in {knife_edges} rows cash lies within floating-point noise of the budget; \
             over_budget accepted as 0 or 1 there",
            r.name
        );
    }
    (problems, coverage)
}

/// Type-7 quantile of sorted values.
fn quantile7(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The JSON's mean and median of `cost` for each option agree with the CSV's rows.
fn check_json_cost(r: &Run) {
    assert_eq!(r.json["audit"]["iterations"], N, "{}", r.name);
    let json_options = r.json["options"].as_array().expect("options array");
    let opts = options(&r.scenario);
    assert_eq!(json_options.len(), opts.len(), "{}", r.name);
    let cost_column = r.columns["cost"];
    for (o, toml_option) in json_options.iter().zip(&opts) {
        let id = o["id"].as_str().expect("option id");
        assert_eq!(id, toml_option["id"].as_str().unwrap(), "{}", r.name);
        let mut costs: Vec<f64> = r
            .rows
            .iter()
            .filter(|row| &row[1] == id)
            .map(|row| row[cost_column].parse().expect("cost is a number"))
            .collect();
        assert_eq!(costs.len(), N, "{}: rows of {id}", r.name);
        let mean = costs.iter().sum::<f64>() / N as f64;
        costs.sort_by(f64::total_cmp);
        let p50 = quantile7(&costs, 0.5);

        let cost = &o["metrics"]["cost"];
        for (stat, mine) in [("mean", mean), ("p50", p50)] {
            let tool = cost[stat]
                .as_f64()
                .unwrap_or_else(|| panic!("{}: {id} cost.{stat}", r.name));
            assert!(
                (mine - tool).abs() <= 1e-12 * mine.abs().max(tool.abs()),
                "{}: {id} cost.{stat}: from the rows {mine}, JSON {tool}",
                r.name
            );
        }
    }
}

/// Runs a scenario, checks the JSON's cost summary and recomputes every row.
fn recompute(scenario: &str) -> Coverage {
    let r = run(scenario);
    check_json_cost(&r);
    let (problems, coverage) = disagreements(&r);
    assert!(
        problems.is_empty(),
        "{} metric values in the {} rows disagree with the recomputation; the first:\n{}",
        problems.len(),
        r.rows.len(),
        problems
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    coverage
}

#[test]
fn minimal_rows_recompute_from_the_model() {
    let c = recompute("scenarios/minimal.toml");
    assert!(c.capacity_bound > 0 && c.undefined > 0, "{c:?}");
}

#[test]
fn norfolk_rows_recompute_from_the_model() {
    let c = recompute("scenarios/norfolk-2023.toml");
    assert!(
        c.risks_occurring > 0 && c.capacity_bound > 0 && c.within_budget > 0,
        "{c:?}"
    );
}

#[test]
fn torbay_rows_recompute_from_the_model() {
    let c = recompute("scenarios/torbay-2025.toml");
    assert!(
        c.risks_occurring > 0
            && c.capacity_bound > 0
            && c.over_budget > 0
            && c.within_budget > 0
            && c.undefined > 0,
        "{c:?}"
    );
}

/// The comparison itself: a value off by more than noise is caught, one within noise is not.
#[test]
fn tolerance_separates_noise_from_error() {
    assert!(close(406860.5423574674, 406860.5423574674 * (1.0 + 1e-12)));
    assert!(!close(406860.5423574674, 406860.5423574674 * (1.0 + 1e-8)));
    assert!(close(0.0, -0.0));
    assert!(close(1e-9, 0.0));
    assert!(!close(1.1407050839210764, 1.1407050839210764 + 1e-6));
    assert_eq!(exceeds(169675.00000000003, 169675.0), Over::No);
    assert_eq!(exceeds(169675.005, 169675.0), Over::WithinNoise);
    assert_eq!(exceeds(169675.006, 169675.0), Over::Yes);
    assert_eq!(quantile7(&[1.0, 2.0, 3.0, 10.0], 0.5), 2.5);
}
