//! What `appraise validate` reports of a scenario that loads: its size, counted on the
//! compiled model.

use crate::engine::model::compile;
use crate::scenario::{Loaded, YearMonth};

/// The size of a valid scenario.
#[derive(Debug, Clone)]
pub struct Validated {
    /// Options.
    pub options: usize,
    /// Demand streams.
    pub demand_streams: usize,
    /// Inputs of the compiled model, fixed ones included.
    pub inputs: usize,
    /// Inputs that are uncertain.
    pub uncertain: usize,
    /// Years appraised.
    pub horizon_years: u32,
    /// First month of year 0.
    pub start: YearMonth,
    /// The variants it declares (each also valid).
    pub variants: Vec<String>,
}

/// The size of a loaded scenario.
pub fn check(l: &Loaded) -> Validated {
    let model = compile(&l.scenario);
    Validated {
        options: l.scenario.options.len(),
        demand_streams: l.scenario.demand.len(),
        inputs: model.inputs.len(),
        uncertain: model.inputs.iter().filter(|i| i.fixed.is_none()).count(),
        horizon_years: l.scenario.appraisal.horizon_years,
        start: l.scenario.appraisal.start,
        variants: l.variants.iter().map(|v| v.name.clone()).collect(),
    }
}
