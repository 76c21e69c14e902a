//! JSON: the results of a run (the contract of docs/model.md section 10), a comparison of
//! variants, a sweep or a sensitivity analysis, pretty-printed and ending in a newline.

use super::{Render, unsupported, write_text};
use crate::analysis::compare::CompareRow;
use crate::analysis::sweep::{GridRow, HeatMap, SweepRow};
use crate::document::Document;
use crate::error::RenderError;
use crate::scenario::Variant;
use serde::Serialize;
use std::io::Write;

/// The JSON renderer.
pub struct Json;

/// The head of a comparison's JSON.
#[derive(Serialize)]
struct CompareOut<'a> {
    title: &'a str,
    seed: u64,
    iterations: u64,
    ranking_metric: &'a str,
    variants: Vec<&'a Variant>,
    rows: &'a [CompareRow],
}

/// The head of a sweep's JSON.
#[derive(Serialize)]
struct SweepOut<'a> {
    title: &'a str,
    param: &'a str,
    values: Vec<&'a str>,
    seed: u64,
    iterations: u64,
    ranking_metric: &'a str,
    rows: &'a [SweepRow],
}

/// The head of a two-way sweep's JSON.
#[derive(Serialize)]
struct GridOut<'a> {
    title: &'a str,
    params: &'a [String; 2],
    values: &'a [Vec<String>; 2],
    seed: u64,
    iterations: u64,
    ranking_metric: &'a str,
    best: &'a HeatMap,
    rows: &'a [GridRow],
}

fn pretty<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("documents serialise");
    s.push('\n');
    s
}

impl Render for Json {
    fn render_to(&self, doc: &Document, out: &mut dyn Write) -> Result<(), RenderError> {
        let text = match doc {
            Document::Run(d) => pretty(d),
            Document::Compare(d) => {
                let first = &d.runs[0].results;
                pretty(&CompareOut {
                    title: &first.title,
                    seed: first.audit.seed,
                    iterations: first.audit.iterations,
                    ranking_metric: &first.comparison.ranking_metric,
                    variants: d.runs.iter().filter_map(|r| r.variant.as_ref()).collect(),
                    rows: &d.rows,
                })
            }
            Document::Sweep(d) => {
                let first = &d.points[0].results;
                pretty(&SweepOut {
                    title: &first.title,
                    param: &d.param,
                    values: d.points.iter().map(|p| p.value.as_str()).collect(),
                    seed: first.audit.seed,
                    iterations: first.audit.iterations,
                    ranking_metric: &first.comparison.ranking_metric,
                    rows: &d.rows,
                })
            }
            Document::Sensitivity(d) => pretty(&d.analysis),
            Document::Grid(d) => {
                let first = &d.grid.cells[0][0];
                pretty(&GridOut {
                    title: &first.title,
                    params: &d.grid.params,
                    values: &d.grid.values,
                    seed: first.audit.seed,
                    iterations: first.audit.iterations,
                    ranking_metric: &first.comparison.ranking_metric,
                    best: &d.heat,
                    rows: &d.rows,
                })
            }
            Document::Diff(d) => pretty(d),
            Document::Paths(d) => pretty(d),
            Document::Report(_) => {
                return Err(unsupported(
                    "JSON",
                    doc,
                    "Markdown, HTML or a spreadsheet for reports; appraise run --format json for the results",
                ));
            }
        };
        write_text(out, &text)
    }
}
