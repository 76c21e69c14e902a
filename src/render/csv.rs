//! CSV: the results of a run (one row per option and metric, every statistic), or one row per
//! run and option of a comparison or a sweep.

use super::{Render, csv_number, unsupported, write_text};
use crate::document::Document;
use crate::error::RenderError;
use crate::results::Results;
use serde::Serialize;
use std::io::Write;

/// The CSV renderer.
pub struct Csv;

impl Render for Csv {
    fn render_to(&self, doc: &Document, out: &mut dyn Write) -> Result<(), RenderError> {
        let text = match doc {
            Document::Run(d) => summary(&d.results)?,
            Document::Compare(d) => records(&d.rows)?,
            Document::Sweep(d) => records(&d.rows)?,
            Document::Grid(d) => records(&d.rows)?,
            Document::Report(_)
            | Document::Sensitivity(_)
            | Document::Diff(_)
            | Document::Paths(_) => {
                return Err(unsupported(
                    "CSV",
                    doc,
                    "CSV for run, compare and sweep; JSON or a table for sensitivity, diff and paths",
                ));
            }
        };
        write_text(out, &text)
    }
}

/// The statistics of a summary, in column order.
const STATS: [&str; 13] = [
    "mean",
    "sd",
    "mcse",
    "min",
    "max",
    "p5",
    "p10",
    "p25",
    "p50",
    "p75",
    "p90",
    "p95",
    "undefined_share",
];

fn fail(e: impl std::fmt::Display) -> RenderError {
    RenderError::Csv(e.to_string())
}

/// One row per option and metric: option, metric, then each statistic.
fn summary(results: &Results) -> Result<String, RenderError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["option", "metric"];
    header.extend(STATS);
    w.write_record(&header).map_err(fail)?;
    for o in &results.options {
        for (name, s) in &o.metrics.0 {
            let vals = [
                s.mean,
                s.sd,
                s.mcse,
                s.min,
                s.max,
                s.p5,
                s.p10,
                s.p25,
                s.p50,
                s.p75,
                s.p90,
                s.p95,
                s.undefined_share,
            ];
            let mut row = vec![o.id.clone(), name.clone()];
            row.extend(vals.iter().map(|v| csv_number(*v)));
            w.write_record(&row).map_err(fail)?;
        }
    }
    finish(w)
}

/// One record per row, headed by the field names.
fn records<T: Serialize>(rows: &[T]) -> Result<String, RenderError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).map_err(fail)?;
    }
    finish(w)
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, RenderError> {
    let bytes = w.into_inner().map_err(fail)?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields"))
}
