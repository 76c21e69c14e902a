//! The samples CSV: one row per iteration and option, with every input the option's metrics
//! depend on (as used, after clamping) and every metric, so that any row can be recomputed by
//! hand from `docs/model.md`.

use crate::engine::block_inputs;
use crate::engine::model::InputRole;
use crate::engine::sample::{BLOCK, Plan};
use crate::output::{number, write_atomic};
use crate::results::{metric_column, metric_names};
use crate::{Appraisal, Error};
use std::path::Path;

/// Writes the samples of a finished run to `path` (whole or not at all).
pub fn write(a: &Appraisal, path: &Path) -> Result<(), Error> {
    let model = &a.model;
    let names = metric_names(model.years);
    let metrics: Vec<Vec<std::borrow::Cow<[f64]>>> = (0..model.options.len())
        .map(|o| {
            names
                .iter()
                .map(|m| metric_column(&a.run, o, m).expect("known metric"))
                .collect()
        })
        .collect();
    let plan = Plan::new(
        model,
        a.settings.seed,
        a.settings.method,
        a.settings.iterations,
    );
    let uses: Vec<Vec<bool>> = model
        .options
        .iter()
        .map(|o| {
            let mut u = vec![false; model.inputs.len()];
            o.inputs_used.iter().for_each(|i| u[*i] = true);
            u
        })
        .collect();
    write_atomic(path, |w| {
        let mut csv = csv::Writer::from_writer(w);
        let mut header = vec!["iteration".to_string(), "option".to_string()];
        header.extend(model.inputs.iter().map(|i| i.path.clone()));
        header.extend(names.iter().cloned());
        csv.write_record(&header)?;
        let n = a.run.n;
        let mut clamped = vec![0u64; model.inputs.len()];
        for b in 0..n.div_ceil(BLOCK) {
            let len = BLOCK.min(n - b * BLOCK);
            let values = block_inputs(model, &plan, b, len, &mut clamped);
            for i in 0..len {
                let iteration = b * BLOCK + i;
                for (o, opt) in model.options.iter().enumerate() {
                    let mut row = Vec::with_capacity(header.len());
                    row.push(iteration.to_string());
                    row.push(opt.id.clone());
                    for (k, input) in model.inputs.iter().enumerate() {
                        if !uses[o][k] {
                            row.push(String::new());
                            continue;
                        }
                        let v = values[k * len + i];
                        row.push(match input.role {
                            InputRole::Quantity => number(v),
                            InputRole::Occurs { probability } => {
                                let p = values[probability * len + i];
                                (if v < p { "1" } else { "0" }).to_string()
                            }
                        });
                    }
                    row.extend(metrics[o].iter().map(|m| number(m[iteration])));
                    csv.write_record(&row)?;
                }
            }
        }
        csv.flush()?;
        Ok(())
    })
}
