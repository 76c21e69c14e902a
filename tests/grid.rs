//! Two-way sweeps: every cell of a grid equals the matching point of a one-way sweep with the
//! other input set by `--set`, along rows and along columns (same seed, common random
//! numbers); the command line pairs each `--values` or `--range` with its `--param`.

mod common;

use appraise::Request;
use appraise::analysis::sweep;
use appraise::results::Results;
use common::appraise;
use std::path::Path;

fn torbay() -> Request {
    let mut r =
        Request::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/torbay-2025.toml"));
    r.iterations = Some(400);
    r
}

const BUDGET: &str = "appraisal.budget.annual";
const FTE: &str = "options.in_house_specialists.capacity.fte";

/// Everything a run found but its audit block (whose overrides are listed in another order).
fn figures(r: &Results) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    v.as_object_mut().unwrap().remove("audit");
    v
}

#[test]
fn a_grid_agrees_with_one_way_sweeps_along_its_rows_and_columns() {
    let budgets: Vec<String> = ["60000", "120000"].map(String::from).to_vec();
    let ftes: Vec<String> = ["1", "2", "3"].map(String::from).to_vec();
    let grid = sweep::grid(&torbay(), (BUDGET, &budgets), (FTE, &ftes)).unwrap();
    assert_eq!(grid.cells.len(), 2);
    assert!(grid.cells.iter().all(|row| row.len() == 3));
    // Along a row: the FTE swept with the budget set.
    for (i, b) in budgets.iter().enumerate() {
        let mut r = torbay();
        r.overrides.push(format!("{BUDGET}={b}"));
        let points = sweep::run(&r, FTE, &ftes).unwrap();
        for (j, p) in points.iter().enumerate() {
            assert_eq!(
                figures(&grid.cells[i][j]),
                figures(&p.results),
                "row {i}, column {j}"
            );
        }
    }
    // Along a column: the budget swept with the FTE set.
    for (j, f) in ftes.iter().enumerate() {
        let mut r = torbay();
        r.overrides.push(format!("{FTE}={f}"));
        let points = sweep::run(&r, BUDGET, &budgets).unwrap();
        for (i, p) in points.iter().enumerate() {
            assert_eq!(
                figures(&grid.cells[i][j]),
                figures(&p.results),
                "row {i}, column {j}"
            );
        }
    }
    // The inputs matter: the FTE changes the in-house option's completions.
    let completions = |r: &Results| r.options[1].metrics.get("completions").unwrap().mean;
    assert!(completions(&grid.cells[0][2]) > completions(&grid.cells[0][0]));
    // The heat map names, in each cell, the option most often best there.
    let heat = sweep::heat_map(&grid);
    for (i, row) in heat.cells.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            let r = &grid.cells[i][j];
            assert_eq!(r.options[c.best].id, r.comparison.most_often_best);
            assert_eq!(c.p_best, r.options[c.best].p_best);
        }
    }
}

#[test]
fn each_list_of_values_belongs_to_the_param_before_it() {
    let (code, csv, err) = appraise(&[
        "sweep",
        "scenarios/torbay-2025.toml",
        "-n",
        "200",
        "--param",
        FTE,
        "--range",
        "1:2:2",
        "--param",
        BUDGET,
        "--values",
        "60000,80000,100000",
        "-f",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "param_1,value_1,param_2,value_2,option,cost_p50,completions_mean,p_over_budget,p_best"
    );
    // 2 × 3 cells, 4 options each.
    assert_eq!(lines.len(), 1 + 2 * 3 * 4);
    assert!(lines[1].starts_with(&format!("{FTE},1,{BUDGET},60000,business_as_usual,")));
    assert!(lines[24].starts_with(&format!("{FTE},2,{BUDGET},100000,regional_partnership,")));
    let (code, json, err) = appraise(&[
        "sweep",
        "scenarios/torbay-2025.toml",
        "-n",
        "200",
        "--param",
        BUDGET,
        "--values",
        "60000,80000",
        "--param",
        FTE,
        "--values",
        "1,2",
        "-f",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["params"], serde_json::json!([BUDGET, FTE]));
    assert_eq!(v["best"]["cells"].as_array().unwrap().len(), 2);
}

#[test]
fn sweeps_that_cannot_be_paired_are_refused() {
    for (args, says) in [
        (
            vec!["--param", BUDGET, "--values", "1,2", "--param", FTE],
            "needs its values",
        ),
        (
            vec!["--param", BUDGET, "--values", "1,2", "--range", "1:2:2"],
            "more than one list",
        ),
        (
            vec![
                "--param", BUDGET, "--values", "1", "--param", BUDGET, "--values", "2",
            ],
            "is swept twice",
        ),
        (
            vec![
                "--param",
                BUDGET,
                "--values",
                "1",
                "--param",
                FTE,
                "--values",
                "2",
                "--param",
                "appraisal.discount_rate",
                "--values",
                "0.03",
            ],
            "3 inputs to sweep",
        ),
    ] {
        let mut all = vec!["sweep", "scenarios/torbay-2025.toml", "-n", "100"];
        all.extend(args);
        let (code, _, err) = appraise(&all);
        assert_eq!(code, 2, "{all:?}: {err}");
        assert!(err.contains(says), "{all:?}: {err}");
    }
}
