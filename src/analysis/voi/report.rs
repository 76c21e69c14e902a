//! What the report's section "What is worth finding out before deciding" shows: EVPI and the
//! largest EVPPIs on the ranking metric, and on the net benefit when a willingness to pay is
//! given, with a sentence on each.

use super::{Evppi, ValueOfInformation, Voi};
use crate::format::{money, num};
use crate::metric;
use serde::Serialize;

/// Inputs listed in each table; the JSON results of `appraise run --wtp` list them all.
const ROWS: usize = 5;

/// The report's value-of-information section.
#[derive(Debug, Clone, Serialize)]
pub struct VoiReport {
    /// On the ranking metric, when defined.
    pub ranking: Option<MeasureOut>,
    /// On the net benefit at the willingness to pay, when one was given.
    pub net_benefit: Option<MeasureOut>,
    /// Years appraised.
    pub horizon_years: u32,
    /// Batches of the standard errors.
    pub batches: usize,
}

/// Value of information on one measure.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureOut {
    /// What is valued, in words ("net present value").
    pub measure: String,
    /// True when the measure is money.
    pub money: bool,
    /// EVPI, per decision.
    pub evpi: f64,
    /// Its standard error.
    pub evpi_standard_error: f64,
    /// EVPI per year of the horizon.
    pub evpi_per_year: f64,
    /// The scenario's groups, largest first.
    pub groups: Vec<Row>,
    /// The largest EVPPIs of single inputs, those above 0 only, at most five.
    pub inputs: Vec<Row>,
    /// Single inputs valued above 0 beyond those in `inputs`.
    pub inputs_more: usize,
    /// Single inputs valued in all.
    pub inputs_valued: usize,
    /// Single inputs whose EVPPI is within two standard errors of 0.
    pub inputs_negligible: usize,
    /// What the figures say, in a sentence or two.
    pub summary: String,
}

/// One EVPPI in a table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The input's or group's label.
    pub label: String,
    /// The input's path or the group's id.
    pub input: String,
    /// EVPPI, per decision.
    pub value: f64,
    /// Its standard error (NaN when the run is too short for one).
    pub standard_error: f64,
    /// EVPPI per year of the horizon.
    pub per_year: f64,
    /// EVPPI as a share of EVPI.
    pub share: f64,
}

/// The report's section for `voi`, whose ranking metric is `ranking`.
pub fn report(voi: &ValueOfInformation, years: usize) -> VoiReport {
    let horizon = voi.horizon_years;
    VoiReport {
        ranking: voi.ranking_metric.as_ref().map(|m| {
            let found = metric::find(&m.metric, years);
            measure(
                &m.voi,
                found.map_or(m.metric.as_str(), |f| f.phrase),
                found.is_some_and(|f| f.unit.is_money()),
                horizon,
            )
        }),
        net_benefit: voi.net_benefit.as_ref().map(|nb| {
            let unit = nb.effect_metric.trim_end_matches('s');
            let words = format!("net benefit at {} per {unit}", money(nb.lambda));
            measure(&nb.voi, &words, true, horizon)
        }),
        horizon_years: horizon,
        batches: voi.batches,
    }
}

fn measure(v: &Voi, words: &str, money_measure: bool, horizon: u32) -> MeasureOut {
    let row = |e: &Evppi| Row {
        label: e.label.clone(),
        input: e.input.clone(),
        value: e.value,
        standard_error: e.standard_error,
        per_year: e.per_year,
        share: if v.evpi > 0.0 { e.value / v.evpi } else { 0.0 },
    };
    let singles: Vec<&Evppi> = v.evppi.iter().filter(|e| e.kind == "input").collect();
    let negligible = singles
        .iter()
        .filter(|e| e.value <= 2.0 * e.standard_error || e.value <= 0.0)
        .count();
    let show = |x: f64| {
        if money_measure { money(x) } else { num(x, 2) }
    };
    if v.evpi <= 0.0 {
        let summary = format!(
            "One option is best on {words} in every iteration, so no information would change the choice: nothing is worth finding out before deciding on this measure."
        );
        return MeasureOut {
            measure: words.to_string(),
            money: money_measure,
            evpi: v.evpi,
            evpi_standard_error: v.evpi_standard_error,
            evpi_per_year: v.evpi_per_year,
            groups: Vec::new(),
            inputs: Vec::new(),
            inputs_more: 0,
            inputs_valued: singles.len(),
            inputs_negligible: singles.len(),
            summary,
        };
    }
    let mut summary = format!(
        "Removing all uncertainty before choosing would be worth up to {} in {words} for this decision (expected value of perfect information; Monte Carlo standard error {}), about {} a year over the {horizon}-year horizon.",
        show(v.evpi),
        show(v.evpi_standard_error),
        show(v.evpi_per_year)
    );
    let top: Vec<String> = singles
        .iter()
        .take(3)
        .filter(|e| e.value > 2.0 * e.standard_error && e.value > 0.0)
        .map(|e| format!("{} ({})", e.label, show(e.value)))
        .collect();
    if top.is_empty() {
        summary.push_str(" No single input is worth finding out on its own: each one's value is within two standard errors of nothing.");
    } else {
        summary.push_str(&format!(
            " The single uncertainties most worth resolving are {}.",
            join_words(&top)
        ));
    }
    let above: Vec<&&Evppi> = singles.iter().filter(|e| e.value > 0.0).collect();
    MeasureOut {
        measure: words.to_string(),
        money: money_measure,
        evpi: v.evpi,
        evpi_standard_error: v.evpi_standard_error,
        evpi_per_year: v.evpi_per_year,
        groups: v
            .evppi
            .iter()
            .filter(|e| e.kind == "group")
            .map(row)
            .collect(),
        inputs: above.iter().take(ROWS).map(|e| row(e)).collect(),
        inputs_more: above.len().saturating_sub(ROWS),
        inputs_valued: singles.len(),
        inputs_negligible: negligible,
        summary,
    }
}

/// "a", "a and b", "a, b and c".
fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
