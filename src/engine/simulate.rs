//! One option in one iteration: the monthly model.
//!
//! Months t = 0 … M − 1 with M = 12 × years. The service starts after mobilisation plus the
//! delays of the risk events that occur; referrals ramp up; capacity caps who is engaged;
//! costs accrue by basis; outcomes yield benefits in the year they occur and the years after,
//! discounted to year 0. See `docs/model.md` for the arithmetic, line by line.

use super::model::{CapacityModel, Model, OptionModel};
use crate::scenario::{Accrues, Basis, Budget, Per};

/// Metrics stored per iteration, by index into an option's columns. Cash by year follows, from
/// [`CASH0`]; the other metrics of the contract are derived from these when summarised.
pub mod col {
    /// Months until the service starts (D).
    pub const START_MONTH: usize = 0;
    /// Referrals over the horizon.
    pub const REFERRALS: usize = 1;
    /// Referrals assessed suitable.
    pub const SUITABLE: usize = 2;
    /// People engaged (started).
    pub const ENGAGED: usize = 3;
    /// Willing but not engaged for want of capacity.
    pub const UNMET: usize = 4;
    /// Completions.
    pub const COMPLETIONS: usize = 5;
    /// Victims supported.
    pub const VICTIMS: usize = 6;
    /// Children supported.
    pub const CHILDREN: usize = 7;
    /// Real cost, with optimism bias, undiscounted (£).
    pub const COST: usize = 8;
    /// Present value of cost (£).
    pub const COST_PV: usize = 9;
    /// Present value of benefits (£).
    pub const BENEFIT_PV: usize = 10;
    /// 1 when cash exceeds the budget.
    pub const OVER_BUDGET: usize = 11;
    /// Cash in year 0 (£, nominal); year y is `CASH0 + y`.
    pub const CASH0: usize = 12;
    /// Names of the stored columns before cash.
    pub const NAMES: [&str; 12] = [
        "start_month",
        "referrals",
        "suitable",
        "engaged",
        "unmet",
        "completions",
        "victims",
        "children",
        "cost",
        "cost_pv",
        "benefit_pv",
        "over_budget",
    ];
}

/// Number of stored columns per option for a model of `years` years.
pub fn columns(years: usize) -> usize {
    col::CASH0 + years
}

/// Scratch space reused between iterations.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    engaged_y: Vec<f64>,
    completions_y: Vec<f64>,
    unit_engaged: Vec<f64>,
    unit_completion: Vec<f64>,
}

/// Runs one option for one iteration. `x` holds every input's value in this iteration; `out`
/// receives the stored metrics (length [`columns`]).
pub fn simulate(model: &Model, o: &OptionModel, x: &[f64], scratch: &mut Scratch, out: &mut [f64]) {
    let years = model.years;
    let months = 12 * years;

    // Risk events.
    let mut start = x[o.mobilisation_months];
    let mut capacity_factor = 1.0;
    let mut extra_cost = 0.0;
    for r in &o.risks {
        if x[r.occurs] < x[r.probability] {
            start += x[r.delay_months];
            capacity_factor *= x[r.capacity_factor];
            extra_cost += x[r.extra_cost];
        }
    }
    let annual_capacity = match o.capacity {
        CapacityModel::None => f64::INFINITY,
        CapacityModel::Places(i) => x[i],
        CapacityModel::Caseload {
            fte,
            caseload,
            duration_weeks,
        } => x[fte] * x[caseload] * 52.0 / x[duration_weeks],
    } * capacity_factor;
    let referral_rate: f64 = o.reach.iter().map(|(d, r)| x[*d] * x[*r]).sum::<f64>() / 12.0;
    let suitability = x[o.suitability];
    let engagement = x[o.engagement];
    let completion = x[o.completion];
    let ramp = x[o.ramp_up_months];

    // Cost lines folded by how they accrue.
    let mut monthly_in_service = 0.0;
    let mut monthly_from_start = 0.0;
    let mut per_case = 0.0;
    let mut per_completion = 0.0;
    for c in &o.costs {
        match c.basis {
            Basis::Annual => {
                let m = x[c.amount] * x[c.fte] * (1.0 + x[c.on_cost]) / 12.0;
                match c.accrues {
                    Accrues::InService => monthly_in_service += m,
                    Accrues::FromStart => monthly_from_start += m,
                }
            }
            Basis::OneOff => {}
            Basis::PerCase => per_case += x[c.amount],
            Basis::PerCompletion => per_completion += x[c.amount],
        }
    }
    let bias = 1.0 + x[o.optimism_bias];

    scratch.engaged_y.clear();
    scratch.engaged_y.resize(years, 0.0);
    scratch.completions_y.clear();
    scratch.completions_y.resize(years, 0.0);
    out.fill(0.0);
    let (mut referrals, mut suitable, mut engaged, mut unmet) = (0.0, 0.0, 0.0, 0.0);
    let (mut completions, mut cost, mut cost_pv) = (0.0, 0.0, 0.0);
    for t in 0..months {
        let y = t / 12;
        let served = (t as f64 + 1.0 - start).max(0.0);
        let active = served.min(1.0);
        let ramp_share = if ramp > 0.0 {
            (served / ramp).min(1.0)
        } else {
            1.0
        };
        let refs = referral_rate * active * ramp_share;
        let suit = refs * suitability;
        let willing = suit * engagement;
        let eng = if annual_capacity.is_finite() {
            willing.min(annual_capacity / 12.0 * active)
        } else {
            willing
        };
        let comp = eng * completion;
        referrals += refs;
        suitable += suit;
        engaged += eng;
        unmet += willing - eng;
        completions += comp;
        scratch.engaged_y[y] += eng;
        scratch.completions_y[y] += comp;

        let mut c = monthly_in_service * active
            + monthly_from_start
            + per_case * eng
            + per_completion * comp;
        for line in &o.costs {
            if line.basis == Basis::OneOff && line.month == t {
                c += x[line.amount];
            }
        }
        if t == 0 {
            c += extra_cost;
        }
        c *= bias;
        cost += c;
        cost_pv += c * model.discount[y];
        out[col::CASH0 + y] += c * model.uplift[y];
    }

    // Benefits: a unit counted in year y yields in years y … y + P − 1, dropping off.
    scratch.unit_engaged.clear();
    scratch.unit_engaged.resize(years, 0.0);
    scratch.unit_completion.clear();
    scratch.unit_completion.resize(years, 0.0);
    for oc in &o.outcomes {
        let unit = x[oc.effect] * x[oc.value] * (1.0 - x[oc.deadweight]) * x[oc.attribution];
        let keep = 1.0 - x[oc.drop_off];
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
            scratch.engaged_y[y] * scratch.unit_engaged[y]
                + scratch.completions_y[y] * scratch.unit_completion[y]
        })
        .sum();

    let cash = &out[col::CASH0..col::CASH0 + years];
    let over = match model.budget {
        None => false,
        Some(Budget::Annual(b)) => cash.iter().any(|c| *c > b),
        Some(Budget::Total(b)) => cash.iter().sum::<f64>() > b,
    };
    out[col::START_MONTH] = start;
    out[col::REFERRALS] = referrals;
    out[col::SUITABLE] = suitable;
    out[col::ENGAGED] = engaged;
    out[col::UNMET] = unmet;
    out[col::COMPLETIONS] = completions;
    out[col::VICTIMS] = engaged * x[o.victims_per_case];
    out[col::CHILDREN] = engaged * x[o.children_per_case];
    out[col::COST] = cost;
    out[col::COST_PV] = cost_pv;
    out[col::BENEFIT_PV] = benefit_pv;
    out[col::OVER_BUDGET] = if over { 1.0 } else { 0.0 };
}
