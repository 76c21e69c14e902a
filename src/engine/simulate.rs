//! One option in one iteration: the monthly model.
//!
//! Months t = 0 … M − 1 with M = 12 × years. The service starts after mobilisation plus the
//! delays of the risk events that occur; referrals ramp up; capacity caps who is engaged;
//! costs accrue by basis; outcomes yield benefits in the year they occur and the years after,
//! discounted to year 0. See `docs/model.md` for the arithmetic, line by line.

use super::model::{CapacityModel, CostModel, Model, OptionModel};
use crate::metric::col;
use crate::scenario::{Accrues, Basis, Budget, Per};

/// Cash exceeds a budget when it is more than this many pounds above it.
pub const PENNY_TOLERANCE: f64 = 0.005;

/// Where `simulate` reads the inputs of one iteration: input `k`'s value is `at(k)`.
pub trait Values {
    /// The value of input `k` in this iteration.
    fn at(&self, k: usize) -> f64;
}

impl Values for [f64] {
    fn at(&self, k: usize) -> f64 {
        self[k]
    }
}

/// Iteration `i` of a block stored input-major (`len` values per input).
pub struct Strided<'a> {
    /// The block's values.
    pub data: &'a [f64],
    /// Iterations in the block.
    pub len: usize,
    /// The iteration within the block.
    pub i: usize,
}

impl Values for Strided<'_> {
    fn at(&self, k: usize) -> f64 {
        self.data[k * self.len + self.i]
    }
}

/// Scratch space reused between iterations: sums by year.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    active_y: Vec<f64>,
    referrals_y: Vec<f64>,
    willing_y: Vec<f64>,
    engaged_y: Vec<f64>,
    cost_y: Vec<f64>,
    unit_engaged: Vec<f64>,
    unit_completion: Vec<f64>,
}

fn reset(v: &mut Vec<f64>, n: usize) {
    v.clear();
    v.resize(n, 0.0);
}

/// Runs one option for one iteration. `x` gives every input's value in this iteration; `out`
/// receives the stored metrics (length [`crate::metric::stored_columns`]).
///
/// The month loop tracks only the active share and the caseload; costs and benefits are linear
/// in those within a year, so they are applied to the yearly sums (the same arithmetic as
/// month by month, up to the order of floating-point additions).
pub fn simulate<V: Values + ?Sized>(
    model: &Model,
    o: &OptionModel,
    x: &V,
    scratch: &mut Scratch,
    out: &mut [f64],
) {
    let years = model.years;

    // Risk events.
    let mut start = x.at(o.mobilisation_months);
    let mut capacity_factor = 1.0;
    let mut extra_cost = 0.0;
    for r in &o.risks {
        if x.at(r.occurs) < x.at(r.probability) {
            start += x.at(r.delay_months);
            capacity_factor *= x.at(r.capacity_factor);
            extra_cost += x.at(r.extra_cost);
        }
    }
    let annual_capacity = match o.capacity {
        CapacityModel::None => f64::INFINITY,
        CapacityModel::Places(i) => x.at(i),
        CapacityModel::Caseload {
            fte,
            caseload,
            duration_weeks,
        } => x.at(fte) * x.at(caseload) * 52.0 / x.at(duration_weeks),
    } * capacity_factor;
    let monthly_capacity = annual_capacity / 12.0;
    let referral_rate: f64 = o
        .reach
        .iter()
        .fold(0.0, |a, (d, r)| a + x.at(*d) * x.at(*r))
        / 12.0;
    let suitability = x.at(o.suitability);
    let engagement = x.at(o.engagement);
    let completion = x.at(o.completion);
    let ramp = x.at(o.ramp_up_months);
    let willing_rate = referral_rate * suitability * engagement;

    for v in [
        &mut scratch.active_y,
        &mut scratch.referrals_y,
        &mut scratch.willing_y,
        &mut scratch.engaged_y,
        &mut scratch.cost_y,
    ] {
        reset(v, years);
    }
    // Months t = 0 … 12·years − 1; nothing is active until t + 1 > start.
    let inv_ramp = if ramp > 0.0 {
        1.0 / ramp
    } else {
        f64::INFINITY
    };
    let capped = annual_capacity.is_finite();
    let months = 12 * years;
    let first = start.max(0.0).floor().min(months as f64) as usize;
    // From month `steady` on the service is fully active and fully ramped (s_t ≥ max(1, R)), so
    // every month is the same: those months are counted, not looped over.
    let steady = (start + ramp.max(1.0) - 1.0)
        .ceil()
        .clamp(first as f64, months as f64) as usize;
    let steady_engaged = if capped {
        willing_rate.min(monthly_capacity)
    } else {
        willing_rate
    };
    for y in first / 12..years {
        let (mut active_sum, mut share_sum, mut engaged_sum) = (0.0, 0.0, 0.0);
        for t in (12 * y).max(first)..(12 * y + 12).min(steady) {
            let served = t as f64 + 1.0 - start;
            if served <= 0.0 {
                continue;
            }
            let active = served.min(1.0);
            let share = active * (served * inv_ramp).min(1.0);
            let willing = willing_rate * share;
            active_sum += active;
            share_sum += share;
            engaged_sum += if capped {
                willing.min(monthly_capacity * active)
            } else {
                willing
            };
        }
        let full = (12 * y + 12).saturating_sub(steady.max(12 * y)) as f64;
        active_sum += full;
        share_sum += full;
        engaged_sum += full * steady_engaged;
        scratch.active_y[y] = active_sum;
        scratch.referrals_y[y] = referral_rate * share_sum;
        scratch.willing_y[y] = willing_rate * share_sum;
        scratch.engaged_y[y] = engaged_sum;
    }

    // Costs by year, before optimism bias.
    let mut monthly_in_service = 0.0;
    let mut monthly_from_start = 0.0;
    let mut per_case = 0.0;
    let mut per_completion = 0.0;
    for c in &o.costs {
        if let Some(factor) = &c.real_factor {
            own_price_line(c, x, factor, completion, scratch);
            continue;
        }
        match c.basis {
            Basis::Annual => {
                let m = x.at(c.amount) * x.at(c.fte) * (1.0 + x.at(c.on_cost)) / 12.0;
                match c.accrues {
                    Accrues::InService => monthly_in_service += m,
                    Accrues::FromStart => monthly_from_start += m,
                }
            }
            Basis::OneOff => scratch.cost_y[c.month / 12] += x.at(c.amount),
            Basis::PerCase => per_case += x.at(c.amount),
            Basis::PerCompletion => per_completion += x.at(c.amount),
        }
    }
    scratch.cost_y[0] += extra_cost;
    let bias = 1.0 + x.at(o.optimism_bias);
    let per_engaged = per_case + per_completion * completion;
    let (mut cost, mut cost_pv) = (0.0, 0.0);
    out.fill(0.0);
    for y in 0..years {
        let c = (scratch.cost_y[y]
            + monthly_in_service * scratch.active_y[y]
            + monthly_from_start * 12.0
            + per_engaged * scratch.engaged_y[y])
            * bias;
        cost += c;
        cost_pv += c * model.discount[y];
        out[col::CASH0 + y] = c * model.uplift[y];
    }

    // Benefits: a unit counted in year y yields in years y … y + P − 1, dropping off.
    reset(&mut scratch.unit_engaged, years);
    reset(&mut scratch.unit_completion, years);
    for oc in &o.outcomes {
        let unit =
            x.at(oc.effect) * x.at(oc.value) * (1.0 - x.at(oc.deadweight)) * x.at(oc.attribution);
        let keep = 1.0 - x.at(oc.drop_off);
        let target = match oc.per {
            Per::Engaged => &mut scratch.unit_engaged,
            Per::Completion => &mut scratch.unit_completion,
        };
        for (y, slot) in target.iter_mut().enumerate() {
            let mut factor = 0.0;
            let mut share = 1.0;
            for k in 0..oc.persistence_years {
                factor += share * model.discount[y + k];
                share *= keep;
            }
            *slot += unit * factor;
        }
    }
    let benefit_pv: f64 = (0..years)
        .map(|y| {
            scratch.engaged_y[y]
                * (scratch.unit_engaged[y] + completion * scratch.unit_completion[y])
        })
        .sum();

    // Sums start from +0 (an empty `Iterator::sum` of f64 is −0, which prints as "-0").
    let sum = |v: &[f64]| v.iter().fold(0.0, |a, x| a + x);
    let engaged = sum(&scratch.engaged_y);
    let willing = sum(&scratch.willing_y);
    let referrals = sum(&scratch.referrals_y);
    let cash = &out[col::CASH0..col::CASH0 + years];
    // "Exceeds" means by more than half a penny, so that a cost set equal to the budget is
    // not reported over it because of rounding in the monthly arithmetic.
    let over = match model.budget {
        None => false,
        Some(Budget::Annual(b)) => cash.iter().any(|c| *c > b + PENNY_TOLERANCE),
        Some(Budget::Total(b)) => sum(cash) > b + PENNY_TOLERANCE,
    };
    out[col::START_MONTH] = start;
    out[col::REFERRALS] = referrals;
    out[col::SUITABLE] = referrals * suitability;
    out[col::ENGAGED] = engaged;
    out[col::UNMET] = willing - engaged;
    out[col::COMPLETIONS] = engaged * completion;
    out[col::VICTIMS] = engaged * x.at(o.victims_per_case);
    out[col::CHILDREN] = engaged * x.at(o.children_per_case);
    out[col::COST] = cost;
    out[col::COST_PV] = cost_pv;
    out[col::BENEFIT_PV] = benefit_pv;
    out[col::OVER_BUDGET] = if over { 1.0 } else { 0.0 };
}

/// Adds to `scratch.cost_y` the real cost, before optimism bias, of a cost line priced on its
/// own path: what the line would cost in each year y at base-year prices (as the other lines),
/// times `factor[y]`. Reads the yearly active months and caseload already in `scratch`.
fn own_price_line<V: Values + ?Sized>(
    c: &CostModel,
    x: &V,
    factor: &[f64],
    completion: f64,
    scratch: &mut Scratch,
) {
    let amount = x.at(c.amount);
    if c.basis == Basis::OneOff {
        let y = c.month / 12;
        scratch.cost_y[y] += amount * factor[y];
        return;
    }
    let monthly = amount * x.at(c.fte) * (1.0 + x.at(c.on_cost)) / 12.0;
    for (y, f) in factor.iter().enumerate() {
        let base = match (c.basis, c.accrues) {
            (Basis::Annual, Accrues::InService) => monthly * scratch.active_y[y],
            (Basis::Annual, Accrues::FromStart) => monthly * 12.0,
            (Basis::PerCase, _) => amount * scratch.engaged_y[y],
            (Basis::PerCompletion, _) => amount * completion * scratch.engaged_y[y],
            (Basis::OneOff, _) => unreachable!("handled above"),
        };
        scratch.cost_y[y] += base * f;
    }
}
