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

/// What stage one of [`simulate`] leaves for stage two: the service's start and the caseload
/// summed by year.
#[derive(Debug, Clone, Default)]
pub struct Caseload {
    /// Month the service starts.
    pub start: f64,
    /// Years appraised.
    years: usize,
    /// By year: active months, then referrals, then willing, then engaged (`years` each).
    by_year: Vec<f64>,
}

impl Caseload {
    /// Active months by year.
    pub fn active(&self) -> &[f64] {
        &self.by_year[..self.years]
    }

    /// Referrals by year.
    pub fn referrals(&self) -> &[f64] {
        &self.by_year[self.years..2 * self.years]
    }

    /// People willing to engage by year.
    pub fn willing(&self) -> &[f64] {
        &self.by_year[2 * self.years..3 * self.years]
    }

    /// People engaged by year.
    pub fn engaged(&self) -> &[f64] {
        &self.by_year[3 * self.years..]
    }
}

/// Scratch space of stage two, reused between iterations: sums by year.
#[derive(Debug, Clone, Default)]
pub struct Accounts {
    cost_y: Vec<f64>,
    unit_engaged: Vec<f64>,
    unit_completion: Vec<f64>,
}

/// Scratch space reused between iterations.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    caseload: Caseload,
    accounts: Accounts,
}

/// `v` as `n` zeros, allocating only when its length changes.
fn zeros(v: &mut Vec<f64>, n: usize) {
    if v.len() == n {
        // One by one: for a few years' values a call to memset costs more than the stores,
        // and the loads that follow wait on its wide stores. `black_box` keeps the compiler
        // from turning the loop back into memset; the values are zeros either way.
        for x in v.iter_mut() {
            *x = std::hint::black_box(0.0);
        }
    } else {
        v.clear();
        v.resize(n, 0.0);
    }
}

/// ⌈v⌉ clamped to [lo, hi] (lo ≤ hi), as `v.ceil().clamp(lo, hi) as usize` (0 for NaN) without
/// the library call.
fn ceil_clamped(v: f64, lo: usize, hi: usize) -> usize {
    if v.is_nan() {
        0
    } else if v <= lo as f64 {
        lo
    } else if v >= hi as f64 {
        hi
    } else {
        let t = v as usize;
        t + usize::from(t as f64 != v)
    }
}

/// Runs one option for one iteration. `x` gives every input's value in this iteration; `out`
/// receives the stored metrics (length [`crate::metric::stored_columns`]).
///
/// Two stages: [`caseload`] (risk events, start, capacity, referrals and the month loop), then
/// [`benefit_units`] and [`settle`] (costs, benefits and the stored metrics). Stage one reads
/// only the inputs of [`caseload_inputs`], so an input outside them can be varied re-running
/// only stage two, and the benefit units only those of [`benefit_unit_inputs`].
pub fn simulate<V: Values + ?Sized>(
    model: &Model,
    o: &OptionModel,
    x: &V,
    scratch: &mut Scratch,
    out: &mut [f64],
) {
    caseload(model, o, x, &mut scratch.caseload);
    benefit_units(model, o, x, &mut scratch.accounts);
    settle(model, o, x, &scratch.caseload, &mut scratch.accounts, out);
}

/// The inputs stage one ([`caseload`]) reads for option `o`, ascending.
pub fn caseload_inputs(o: &OptionModel) -> Vec<usize> {
    let mut k = vec![
        o.mobilisation_months,
        o.suitability,
        o.engagement,
        o.ramp_up_months,
    ];
    for r in &o.risks {
        k.extend([r.occurs, r.probability, r.delay_months, r.capacity_factor]);
    }
    match o.capacity {
        CapacityModel::None => {}
        CapacityModel::Places(i) => k.push(i),
        CapacityModel::Caseload {
            fte,
            caseload,
            duration_weeks,
        } => k.extend([fte, caseload, duration_weeks]),
    }
    for &(d, r) in &o.reach {
        k.extend([d, r]);
    }
    k.sort_unstable();
    k.dedup();
    k
}

/// Stage one of [`simulate`]: the risk events, the start, capacity and referrals, and the month
/// loop, into `c`.
///
/// The month loop tracks only the active share and the caseload; costs and benefits are linear
/// in those within a year, so stage two applies them to the yearly sums (the same arithmetic as
/// month by month, up to the order of floating-point additions).
pub fn caseload<V: Values + ?Sized>(model: &Model, o: &OptionModel, x: &V, c: &mut Caseload) {
    let years = model.years;

    // Risk events.
    let mut start = x.at(o.mobilisation_months);
    let mut capacity_factor = 1.0;
    for r in &o.risks {
        if x.at(r.occurs) < x.at(r.probability) {
            start += x.at(r.delay_months);
            capacity_factor *= x.at(r.capacity_factor);
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
    let ramp = x.at(o.ramp_up_months);
    let willing_rate = referral_rate * suitability * engagement;

    c.start = start;
    c.years = years;
    zeros(&mut c.by_year, 4 * years);
    let mut by_year = c.by_year.chunks_exact_mut(years.max(1));
    let (Some(active_y), Some(referrals_y), Some(willing_y), Some(engaged_y)) = (
        by_year.next(),
        by_year.next(),
        by_year.next(),
        by_year.next(),
    ) else {
        return;
    };
    // Months t = 0 … 12·years − 1; nothing is active until t + 1 > start.
    let inv_ramp = if ramp > 0.0 {
        1.0 / ramp
    } else {
        f64::INFINITY
    };
    let capped = annual_capacity.is_finite();
    let months = 12 * years;
    // ⌊max(start, 0)⌋ capped at `months`: the cast truncates (and saturates), which for a
    // non-negative value is the floor.
    let first = (start.max(0.0) as usize).min(months);
    // From month `steady` on the service is fully active and fully ramped (s_t ≥ max(1, R)), so
    // every month is the same: those months are counted, not looped over.
    let steady = ceil_clamped(start + ramp.max(1.0) - 1.0, first, months);
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
        active_y[y] = active_sum;
        referrals_y[y] = referral_rate * share_sum;
        willing_y[y] = willing_rate * share_sum;
        engaged_y[y] = engaged_sum;
    }
}

/// The inputs [`benefit_units`] reads for option `o`: its outcomes' effect, value, deadweight,
/// attribution and drop-off.
pub fn benefit_unit_inputs(o: &OptionModel) -> Vec<usize> {
    let mut k: Vec<usize> = o
        .outcomes
        .iter()
        .flat_map(|oc| {
            [
                oc.effect,
                oc.value,
                oc.deadweight,
                oc.attribution,
                oc.drop_off,
            ]
        })
        .collect();
    k.sort_unstable();
    k.dedup();
    k
}

/// The first part of stage two of [`simulate`]: the present value of the benefits of one person engaged, and
/// of one completion, counted in each year, into `scratch`.
pub fn benefit_units<V: Values + ?Sized>(
    model: &Model,
    o: &OptionModel,
    x: &V,
    scratch: &mut Accounts,
) {
    let years = model.years;
    // Benefits: a unit counted in year y yields in years y … y + P − 1, dropping off.
    zeros(&mut scratch.unit_engaged, years);
    zeros(&mut scratch.unit_completion, years);
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
}

/// The rest of stage two of [`simulate`]: costs by year with optimism bias, cash, benefits
/// and the stored metrics, from stage one's caseload `c` and the units of [`benefit_units`] in
/// `scratch`.
pub fn settle<V: Values + ?Sized>(
    model: &Model,
    o: &OptionModel,
    x: &V,
    c: &Caseload,
    scratch: &mut Accounts,
    out: &mut [f64],
) {
    let years = model.years;
    let completion = x.at(o.completion);
    let (active_y, engaged_y) = (c.active(), c.engaged());

    // Costs by year, before optimism bias.
    zeros(&mut scratch.cost_y, years);
    let mut monthly_in_service = 0.0;
    let mut monthly_from_start = 0.0;
    let mut per_case = 0.0;
    let mut per_completion = 0.0;
    for line in &o.costs {
        if let Some(factor) = &line.real_factor {
            own_price_line(line, x, factor, completion, c, &mut scratch.cost_y);
            continue;
        }
        match line.basis {
            Basis::Annual => {
                let m = x.at(line.amount) * x.at(line.fte) * (1.0 + x.at(line.on_cost)) / 12.0;
                match line.accrues {
                    Accrues::InService => monthly_in_service += m,
                    Accrues::FromStart => monthly_from_start += m,
                }
            }
            Basis::OneOff => scratch.cost_y[line.month / 12] += x.at(line.amount),
            Basis::PerCase => per_case += x.at(line.amount),
            Basis::PerCompletion => per_completion += x.at(line.amount),
        }
    }
    // The extra cost of the risk events that occur (stage one reads whether they occur).
    let mut extra_cost = 0.0;
    for r in &o.risks {
        if x.at(r.occurs) < x.at(r.probability) {
            extra_cost += x.at(r.extra_cost);
        }
    }
    scratch.cost_y[0] += extra_cost;
    let bias = 1.0 + x.at(o.optimism_bias);
    let per_engaged = per_case + per_completion * completion;
    let (mut cost, mut cost_pv) = (0.0, 0.0);
    // Every stored column is written below; only columns beyond them (none when `out` is as
    // long as the stored columns) are zeroed.
    let stored = crate::metric::stored_columns(years);
    if out.len() > stored {
        out[stored..].fill(0.0);
    }
    for y in 0..years {
        let year_cost = (scratch.cost_y[y]
            + monthly_in_service * active_y[y]
            + monthly_from_start * 12.0
            + per_engaged * engaged_y[y])
            * bias;
        cost += year_cost;
        cost_pv += year_cost * model.discount[y];
        out[col::CASH0 + y] = year_cost * model.uplift[y];
    }

    let benefit_pv = benefit_pv(model, c, completion, scratch);

    // Sums start from +0 (an empty `Iterator::sum` of f64 is −0, which prints as "-0").
    let sum = |v: &[f64]| v.iter().fold(0.0, |a, x| a + x);
    let engaged = sum(engaged_y);
    let willing = sum(c.willing());
    let referrals = sum(c.referrals());
    let over = exceeds(model.budget, &out[col::CASH0..col::CASH0 + years]);
    out[col::START_MONTH] = c.start;
    out[col::REFERRALS] = referrals;
    out[col::SUITABLE] = referrals * x.at(o.suitability);
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

/// True when the cash of one iteration, by year, exceeds `budget`: any year's (annual) or
/// their sum in year order from +0 (total). "Exceeds" means by more than half a penny, so that
/// a cost set equal to the budget is not reported over it because of rounding in the monthly
/// arithmetic. The `over_budget` metric is 1 exactly when this is true.
pub fn exceeds(budget: Option<Budget>, cash: &[f64]) -> bool {
    match budget {
        None => false,
        Some(Budget::Annual(b)) => cash.iter().any(|c| *c > b + PENNY_TOLERANCE),
        Some(Budget::Total(b)) => cash.iter().fold(0.0, |a, x| a + x) > b + PENNY_TOLERANCE,
    }
}

/// The inputs [`settle`] reads for option `o`, ascending: its cost lines, its risks' occurrence
/// and extra cost, optimism bias, completion, suitability and the people per case. (It reads the
/// benefit units of [`benefit_units`] from its scratch space, not from the inputs.)
pub fn settle_inputs(o: &OptionModel) -> Vec<usize> {
    let mut k = vec![
        o.completion,
        o.optimism_bias,
        o.suitability,
        o.victims_per_case,
        o.children_per_case,
    ];
    for line in &o.costs {
        k.extend([line.amount, line.fte, line.on_cost]);
    }
    for r in &o.risks {
        k.extend([r.occurs, r.probability, r.extra_cost]);
    }
    k.sort_unstable();
    k.dedup();
    k
}

/// The present value of the benefits, as [`settle`] stores it: the people engaged in each year
/// (`c`) times the units of [`benefit_units`] in `units`, with `completion` the completion rate.
pub fn benefit_pv(model: &Model, c: &Caseload, completion: f64, units: &Accounts) -> f64 {
    let engaged_y = c.engaged();
    (0..model.years)
        .map(|y| engaged_y[y] * (units.unit_engaged[y] + completion * units.unit_completion[y]))
        .sum()
}

/// Adds to `cost_y` the real cost, before optimism bias, of a cost line priced on its own
/// path: what the line would cost in each year y at base-year prices (as the other lines),
/// times `factor[y]`. Reads the yearly active months and caseload of stage one, `caseload`.
fn own_price_line<V: Values + ?Sized>(
    c: &CostModel,
    x: &V,
    factor: &[f64],
    completion: f64,
    caseload: &Caseload,
    cost_y: &mut [f64],
) {
    let amount = x.at(c.amount);
    if c.basis == Basis::OneOff {
        let y = c.month / 12;
        cost_y[y] += amount * factor[y];
        return;
    }
    let monthly = amount * x.at(c.fte) * (1.0 + x.at(c.on_cost)) / 12.0;
    for (y, f) in factor.iter().enumerate() {
        let base = match (c.basis, c.accrues) {
            (Basis::Annual, Accrues::InService) => monthly * caseload.active()[y],
            (Basis::Annual, Accrues::FromStart) => monthly * 12.0,
            (Basis::PerCase, _) => amount * caseload.engaged()[y],
            (Basis::PerCompletion, _) => amount * completion * caseload.engaged()[y],
            (Basis::OneOff, _) => unreachable!("handled above"),
        };
        cost_y[y] += base * f;
    }
}
