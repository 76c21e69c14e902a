//! A sweep: one input over several values, every point run on the same seed, so that the
//! differences between points come from the input alone (common random numbers).

use crate::engine::Settings;
use crate::error::Error;
use crate::progress::Step;
use crate::request::{Analyses, Request};
use crate::results::{OptionResult, Results};
use serde::Serialize;

/// One point of a sweep: the value given to the input and the results there.
#[derive(Debug, Clone)]
pub struct Point {
    /// The value, as written (TOML).
    pub value: String,
    /// The results with that value.
    pub results: Results,
}

/// Runs the scenario once per value of `param`, each with the same seed and iterations.
///
/// # Errors
/// The scenario's problems, or those of a value.
pub fn run(req: &Request, param: &str, values: &[String]) -> Result<Vec<Point>, Error> {
    let (step, inner) = runs_step(req, values.len(), "sweep points run");
    let mut points = Vec::with_capacity(values.len());
    for v in values {
        let mut r = inner.clone();
        r.overrides.push(format!("{param}={v}"));
        let a = crate::run::run(&r)?;
        points.push(Point {
            value: v.clone(),
            results: a.results,
        });
        step.inc();
    }
    Ok(points)
}

/// Progress over a command made of `runs` whole runs of the scenario (a sweep's points, a
/// grid's cells, a comparison's variants): one bar counting the runs, with the time left, when
/// the runs together are long enough to show (see [`Step::counted`]); each run's own bars are
/// then hidden, so that one bar speaks for the command. Returns the step and the request each
/// run should use.
pub fn runs_step(req: &Request, runs: usize, what: &str) -> (Step, Request) {
    // The work of one run: its iterations × options, from the scenario as loaded (a scenario
    // that does not load shows no bar; the first run reports its problems).
    let work = crate::run::load(req).map_or(0, |loaded| {
        let settings = Settings::of(&loaded, req.iterations, req.seed, req.method, false);
        settings.iterations * loaded.scenario.options.len() as u64
    });
    let step = Step::counted(req.progress, work * runs as u64, what, runs as u64);
    let mut inner = req.clone();
    if step.is_shown() {
        inner.progress = false;
    }
    // Each run is read for its summary only, so it is run one option at a time.
    inner.analyses = Analyses::summary_only();
    (step, inner)
}

/// One option at one point.
#[derive(Debug, Clone, Serialize)]
pub struct SweepRow {
    /// The swept input.
    pub param: String,
    /// Its value.
    pub value: String,
    /// Option id.
    pub option: String,
    /// Median total real cost (£).
    pub cost_p50: f64,
    /// Mean completions.
    pub completions_mean: f64,
    /// P(over budget).
    pub p_over_budget: f64,
    /// P(best) on the ranking metric.
    pub p_best: f64,
    /// P(best) among the options within budget in each iteration.
    pub p_best_within_budget: f64,
    /// The budget needed to stay within it with 80% confidence (£ cash, a year or in total).
    pub budget_needed_p80: f64,
    /// The budget needed to stay within it with 90% confidence.
    pub budget_needed_p90: f64,
    /// True for the option most often best at this value (the unconstrained choice).
    pub best: bool,
    /// True for the option most often best within budget at this value.
    pub best_within_budget: bool,
}

/// What a sweep shows of an option: median cost, mean completions, P(over budget), P(best).
fn headline(o: &OptionResult) -> [f64; 4] {
    let m = |n: &str| *o.metrics.get(n).expect("metric");
    [
        m("cost").p50,
        m("completions").mean,
        o.p_over_budget,
        o.p_best,
    ]
}

/// Every option at every point.
pub fn rows(param: &str, points: &[Point]) -> Vec<SweepRow> {
    let mut out = Vec::new();
    for p in points {
        for o in &p.results.options {
            let [cost_p50, completions_mean, p_over_budget, p_best] = headline(o);
            let (
                p_best_within_budget,
                budget_needed_p80,
                budget_needed_p90,
                best,
                best_within_budget,
            ) = super::compare::choice_cells(&p.results, o);
            out.push(SweepRow {
                param: param.to_string(),
                value: p.value.clone(),
                option: o.id.clone(),
                cost_p50,
                completions_mean,
                p_over_budget,
                p_best,
                p_best_within_budget,
                budget_needed_p80,
                budget_needed_p90,
                best,
                best_within_budget,
            });
        }
    }
    out
}

/// A two-way sweep: every pair of values of two inputs, each run on the same seed, so that the
/// differences between cells come from the inputs alone.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The inputs, as `--set` paths: the rows' first, then the columns'.
    pub params: [String; 2],
    /// The values of each input, as written (TOML).
    pub values: [Vec<String>; 2],
    /// The results at each pair: `cells[i][j]` has the first input at its value `i` and the
    /// second at its value `j`.
    pub cells: Vec<Vec<Results>>,
}

/// Runs the scenario once per pair of values of two inputs, each with the same seed and
/// iterations: the first input's override comes before the second's, both after `req`'s.
///
/// # Errors
/// The scenario's problems, or those of a value.
pub fn grid(
    req: &Request,
    rows: (&str, &[String]),
    columns: (&str, &[String]),
) -> Result<Grid, Error> {
    let (step, inner) = runs_step(req, rows.1.len() * columns.1.len(), "grid cells run");
    let mut cells = Vec::with_capacity(rows.1.len());
    for a in rows.1 {
        let mut line = Vec::with_capacity(columns.1.len());
        for b in columns.1 {
            let mut r = inner.clone();
            r.overrides.push(format!("{}={a}", rows.0));
            r.overrides.push(format!("{}={b}", columns.0));
            line.push(crate::run::run(&r)?.results);
            step.inc();
        }
        cells.push(line);
    }
    Ok(Grid {
        params: [rows.0.to_string(), columns.0.to_string()],
        values: [rows.1.to_vec(), columns.1.to_vec()],
        cells,
    })
}

/// One option at one cell of a grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    /// The first swept input.
    pub param_1: String,
    /// Its value.
    pub value_1: String,
    /// The second swept input.
    pub param_2: String,
    /// Its value.
    pub value_2: String,
    /// Option id.
    pub option: String,
    /// Median total real cost (£).
    pub cost_p50: f64,
    /// Mean completions.
    pub completions_mean: f64,
    /// P(over budget).
    pub p_over_budget: f64,
    /// P(best) on the ranking metric.
    pub p_best: f64,
}

/// Every option at every cell, row by row.
pub fn grid_rows(g: &Grid) -> Vec<GridRow> {
    let mut out = Vec::new();
    for (i, line) in g.cells.iter().enumerate() {
        for (j, results) in line.iter().enumerate() {
            for o in &results.options {
                let [cost_p50, completions_mean, p_over_budget, p_best] = headline(o);
                out.push(GridRow {
                    param_1: g.params[0].clone(),
                    value_1: g.values[0][i].clone(),
                    param_2: g.params[1].clone(),
                    value_2: g.values[1][j].clone(),
                    option: o.id.clone(),
                    cost_p50,
                    completions_mean,
                    p_over_budget,
                    p_best,
                });
            }
        }
    }
    out
}

/// Which option is most often best at each cell of a grid: the heat map of a two-way sweep.
#[derive(Debug, Clone, Serialize)]
pub struct HeatMap {
    /// The inputs: rows, then columns.
    pub params: [String; 2],
    /// Their values.
    pub values: [Vec<String>; 2],
    /// The options, in scenario order, each with a short key (A, B, …).
    pub options: Vec<HeatOption>,
    /// The cells, row by row.
    pub cells: Vec<Vec<HeatCell>>,
    /// The metric options are ranked on.
    pub ranking_metric: String,
}

/// An option of a heat map.
#[derive(Debug, Clone, Serialize)]
pub struct HeatOption {
    /// Its key in the cells: A, B, C, …
    pub key: String,
    /// Option id.
    pub id: String,
    /// Option name.
    pub name: String,
}

/// One cell of a heat map.
#[derive(Debug, Clone, Serialize)]
pub struct HeatCell {
    /// Index of the option most often best (in [`HeatMap::options`]).
    pub best: usize,
    /// Its key.
    pub key: String,
    /// Its P(best).
    pub p_best: f64,
    /// Its P(over budget).
    pub p_over_budget: f64,
}

/// The key of option `i`: A … Z, then AA, AB, …
fn key(i: usize) -> String {
    let letter = |k: usize| char::from(b'A' + (k % 26) as u8);
    if i < 26 {
        letter(i).to_string()
    } else {
        format!("{}{}", letter(i / 26 - 1), letter(i))
    }
}

/// The heat map of a grid.
pub fn heat_map(g: &Grid) -> HeatMap {
    let first = &g.cells[0][0];
    let options = first
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| HeatOption {
            key: key(i),
            id: o.id.clone(),
            name: o.name.clone(),
        })
        .collect();
    let cells = g
        .cells
        .iter()
        .map(|line| {
            line.iter()
                .map(|r| {
                    let best = r
                        .options
                        .iter()
                        .position(|o| o.id == r.comparison.most_often_best)
                        .unwrap_or(0);
                    let o = &r.options[best];
                    HeatCell {
                        best,
                        key: key(best),
                        p_best: o.p_best,
                        p_over_budget: o.p_over_budget,
                    }
                })
                .collect()
        })
        .collect();
    HeatMap {
        params: g.params.clone(),
        values: g.values.clone(),
        options,
        cells,
        ranking_metric: first.comparison.ranking_metric.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn options_are_keyed_by_letters() {
        assert_eq!(key(0), "A");
        assert_eq!(key(25), "Z");
        assert_eq!(key(26), "AA");
        assert_eq!(key(27), "AB");
    }
}
