//! The samples CSV: one row per iteration and option (`iteration`, `option`, the input columns
//! of [`crate::analysis::samples::Samples::columns`], every metric), from the samples of the
//! document. A column no input of the row's option fills is left empty; an undefined metric too.

use super::{Render, csv_number};
use crate::document::Document;
use crate::error::RenderError;
use std::io::Write;

/// The samples CSV renderer.
pub struct SamplesCsv;

impl Render for SamplesCsv {
    fn render_to(&self, doc: &Document, out: &mut dyn Write) -> Result<(), RenderError> {
        let samples = match doc {
            Document::Run(d) => d.samples.as_ref(),
            _ => None,
        }
        .ok_or_else(|| {
            super::unsupported("the samples CSV", doc, "appraise run --samples FILE.csv")
        })?;
        let io = |e: csv::Error| RenderError::Io(e.to_string());
        let mut csv = csv::Writer::from_writer(out);
        let mut header = vec!["iteration".to_string(), "option".to_string()];
        header.extend(samples.columns.iter().map(|c| c.name.clone()));
        header.extend(samples.metric_names.iter().cloned());
        csv.write_record(&header).map_err(io)?;
        let mut row: Vec<String> = Vec::with_capacity(header.len());
        for i in 0..samples.n {
            for (o, id) in samples.options.iter().enumerate() {
                row.clear();
                row.push(i.to_string());
                row.push(id.clone());
                for column in &samples.columns {
                    row.push(match column.fill[o] {
                        Some(k) => csv_number(samples.inputs[k].values.at(i)),
                        None => String::new(),
                    });
                }
                row.extend(samples.metrics[o].iter().map(|m| csv_number(m[i])));
                csv.write_record(&row).map_err(io)?;
            }
        }
        csv.flush().map_err(|e| RenderError::Io(e.to_string()))
    }
}
