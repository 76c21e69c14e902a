//! The one table of metrics (docs/model.md section 5): every metric's name, its label for
//! people, its unit, which way is better and how it is derived from the columns the engine
//! stores. Every list of metrics in appraise (output order, ranking metrics, effect metrics,
//! labels, units, spreadsheet formats) reads this table.

/// Indices of the columns the engine stores for each option in each iteration. Cash by year
/// follows from [`col::CASH0`]; every other metric is derived from these (see [`Derive`]).
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
}

/// Number of stored columns per option for a model of `years` years.
pub fn stored_columns(years: usize) -> usize {
    col::CASH0 + years
}

/// What a metric counts or measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Months after the start of the appraisal.
    Months,
    /// People (counts over the horizon, fractional in expectation).
    People,
    /// Pounds, real (at the price base), undiscounted.
    PoundsReal,
    /// Pounds, present value (real, discounted to year 0).
    PoundsPv,
    /// Pounds, cash (nominal, uplifted from the price base).
    PoundsCash,
    /// A 0/1 indicator whose mean is a probability.
    Share,
    /// A ratio of two amounts of money.
    Ratio,
}

impl Unit {
    /// The unit in words, as a finance officer's column heading gives it.
    pub fn words(self) -> &'static str {
        match self {
            Unit::Months => "months after start",
            Unit::People => "people",
            Unit::PoundsReal => "£ real",
            Unit::PoundsPv => "£ PV",
            Unit::PoundsCash => "£ cash",
            Unit::Share => "share",
            Unit::Ratio => "ratio",
        }
    }

    /// True for money of any kind.
    pub fn is_money(self) -> bool {
        matches!(self, Unit::PoundsReal | Unit::PoundsPv | Unit::PoundsCash)
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// A higher value is better.
    Higher,
    /// A lower value is better.
    Lower,
}

/// How a metric is derived from the stored columns of one option in one iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    /// The stored column itself.
    Stored(usize),
    /// One stored column minus another.
    Difference(usize, usize),
    /// One stored column divided by another; undefined (NaN) when the divisor is 0.
    Ratio(usize, usize),
    /// The largest cash of any year.
    PeakCash,
    /// Cash in one year (the `cash_y` metrics).
    Cash(usize),
}

/// One metric of the contract.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    /// Its name in the results, JSON and CSV (`npv`).
    pub name: &'static str,
    /// Its label for a heading (`Net present value`).
    pub label: &'static str,
    /// Its name inside a sentence (`net present value`).
    pub phrase: &'static str,
    /// What it counts.
    pub unit: Unit,
    /// Which way is better when options are ranked on it.
    pub better: Better,
    /// How it is derived from the stored columns.
    pub derive: Derive,
    /// When options may be ranked on it (`ranking_metric`): its place in the list of choices
    /// offered (the default, `npv`, first).
    pub ranking: Option<u8>,
    /// When it may be the effect of a willingness to pay (`--effect`): its place in the list of
    /// choices offered (the default, `completions`, first).
    pub effect: Option<u8>,
}

const fn metric(
    name: &'static str,
    label: &'static str,
    phrase: &'static str,
    unit: Unit,
    better: Better,
    derive: Derive,
) -> Metric {
    Metric {
        name,
        label,
        phrase,
        unit,
        better,
        derive,
        ranking: None,
        effect: None,
    }
}

const fn ranking(place: u8, m: Metric) -> Metric {
    Metric {
        ranking: Some(place),
        ..m
    }
}

const fn effect(place: u8, m: Metric) -> Metric {
    Metric {
        effect: Some(place),
        ..m
    }
}

use Better::{Higher, Lower};
use Derive::{Difference, PeakCash, Ratio, Stored};

/// Every metric but cash by year, in output order (`cash_0`, `cash_1`, … follow `cost_pv`).
#[rustfmt::skip]
pub const TABLE: [Metric; 17] = [
    metric("start_month", "Service start", "months to start", Unit::Months, Lower, Stored(col::START_MONTH)),
    effect(4, metric("referrals", "Referrals", "referrals", Unit::People, Higher, Stored(col::REFERRALS))),
    metric("suitable", "Suitable referrals", "suitable referrals", Unit::People, Higher, Stored(col::SUITABLE)),
    ranking(3, effect(1, metric("engaged", "Engaged", "people engaged", Unit::People, Higher, Stored(col::ENGAGED)))),
    metric("unmet", "Unmet (willing, no place)", "people willing but without a place", Unit::People, Lower, Stored(col::UNMET)),
    ranking(2, effect(0, metric("completions", "Completions", "completions", Unit::People, Higher, Stored(col::COMPLETIONS)))),
    effect(2, metric("victims", "Victims reached", "victims supported", Unit::People, Higher, Stored(col::VICTIMS))),
    effect(3, metric("children", "Children reached", "children supported", Unit::People, Higher, Stored(col::CHILDREN))),
    ranking(4, metric("cost", "Cost", "total cost", Unit::PoundsReal, Lower, Stored(col::COST))),
    ranking(5, metric("cost_pv", "Cost, present value", "present value of cost", Unit::PoundsPv, Lower, Stored(col::COST_PV))),
    metric("peak_cash", "Peak-year cash", "peak-year cash", Unit::PoundsCash, Lower, PeakCash),
    metric("over_budget", "Over budget", "chance of going over budget", Unit::Share, Lower, Stored(col::OVER_BUDGET)),
    metric("benefit_pv", "Benefits, present value", "present value of benefits", Unit::PoundsPv, Higher, Stored(col::BENEFIT_PV)),
    ranking(0, metric("npv", "Net present value", "net present value", Unit::PoundsPv, Higher, Difference(col::BENEFIT_PV, col::COST_PV))),
    ranking(1, metric("bcr", "Benefit–cost ratio", "benefit–cost ratio", Unit::Ratio, Higher, Ratio(col::BENEFIT_PV, col::COST_PV))),
    metric("cost_per_engaged", "Cost per person engaged", "cost per person engaged", Unit::PoundsReal, Lower, Ratio(col::COST, col::ENGAGED)),
    metric("cost_per_completion", "Cost per completion", "cost per completion", Unit::PoundsReal, Lower, Ratio(col::COST, col::COMPLETIONS)),
];

/// The metric `cash_y` of year `y`.
pub const fn cash(y: usize) -> Metric {
    Metric {
        name: "cash",
        label: "Cash",
        phrase: "cash",
        unit: Unit::PoundsCash,
        better: Lower,
        derive: Derive::Cash(y),
        ranking: None,
        effect: None,
    }
}

/// The metric called `name` in a model of `years` years (`cash_y` for y < `years`).
pub fn find(name: &str, years: usize) -> Option<Metric> {
    if let Some(m) = TABLE.iter().find(|m| m.name == name) {
        return Some(*m);
    }
    let y: usize = name.strip_prefix("cash_")?.parse().ok()?;
    (y < years && name == format!("cash_{y}")).then(|| cash(y))
}

/// Every metric name of a model with `years` years, in output order.
pub fn names(years: usize) -> Vec<String> {
    let mut names = Vec::with_capacity(TABLE.len() + years);
    for m in &TABLE {
        names.push(m.name.to_string());
        if m.name == "cost_pv" {
            names.extend((0..years).map(|y| format!("cash_{y}")));
        }
    }
    names
}

/// Names of the metrics options may be ranked on.
pub fn ranking_names() -> Vec<&'static str> {
    offered(|m| m.ranking)
}

/// Names of the metrics that may be the effect of a willingness to pay.
pub fn effect_names() -> Vec<&'static str> {
    offered(|m| m.effect)
}

/// The names of the metrics that `place` offers, in the order it gives.
fn offered(place: impl Fn(&Metric) -> Option<u8>) -> Vec<&'static str> {
    let mut offered: Vec<(u8, &'static str)> = TABLE
        .iter()
        .filter_map(|m| place(m).map(|p| (p, m.name)))
        .collect();
    offered.sort_unstable();
    offered.into_iter().map(|(_, name)| name).collect()
}

/// True when a lower value of metric `name` is better when ranking (`cost`, `cost_pv`).
pub fn lower_is_better(name: &str) -> bool {
    TABLE
        .iter()
        .find(|m| m.name == name)
        .is_some_and(|m| m.ranking.is_some() && m.better == Lower)
}

/// The value of metric `m` from one option's stored values in one iteration (`stored[c]` is
/// column c). NaN marks an undefined value (a ratio with a zero divisor).
pub fn derive(m: &Metric, stored: impl Fn(usize) -> f64, years: usize) -> f64 {
    match m.derive {
        Derive::Stored(c) => stored(c),
        Derive::Difference(a, b) => stored(a) - stored(b),
        Derive::Ratio(a, b) => ratio(stored(a), stored(b)),
        Derive::PeakCash => (0..years)
            .map(|y| stored(col::CASH0 + y))
            .fold(f64::NEG_INFINITY, f64::max),
        Derive::Cash(y) => stored(col::CASH0 + y),
    }
}

/// The stored columns metric `m` is derived from, in a model of `years` years.
pub fn stored_inputs(m: &Metric, years: usize) -> Vec<usize> {
    match m.derive {
        Derive::Stored(c) => vec![c],
        Derive::Difference(a, b) | Derive::Ratio(a, b) => vec![a, b],
        Derive::PeakCash => (0..years).map(|y| col::CASH0 + y).collect(),
        Derive::Cash(y) => vec![col::CASH0 + y],
    }
}

/// `num / den`, undefined (NaN) when `den` is 0.
pub fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 { f64::NAN } else { num / den }
}

/// The column of metric `m` from one option's stored columns `c` (`c[column][iteration]`, `n`
/// iterations, `years` of cash): [`derive`] in every iteration, the same arithmetic in the same
/// order, worked a column at a time.
pub fn derive_column(m: &Metric, c: &[Vec<f64>], n: usize, years: usize) -> Vec<f64> {
    match m.derive {
        Derive::Stored(k) => c[k].clone(),
        Derive::Cash(y) => c[col::CASH0 + y].clone(),
        Derive::Difference(a, b) => c[a].iter().zip(&c[b]).map(|(x, y)| x - y).collect(),
        Derive::Ratio(a, b) => c[a].iter().zip(&c[b]).map(|(x, y)| ratio(*x, *y)).collect(),
        Derive::PeakCash => {
            let mut peak = vec![f64::NEG_INFINITY; n];
            for cash in &c[col::CASH0..col::CASH0 + years] {
                peak.iter_mut().zip(cash).for_each(|(p, x)| *p = p.max(*x));
            }
            peak
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A column derived at once is the metric derived in each iteration, bit for bit, with
    /// zero divisors, infinities, NaN and signed zeros among the values.
    #[test]
    fn a_derived_column_is_the_metric_derived_in_each_iteration() {
        let years = 3;
        let specials = [
            0.0,
            -0.0,
            1.5,
            -2.25e6,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        let n = specials.len().pow(2) * 3;
        let c: Vec<Vec<f64>> = (0..stored_columns(years))
            .map(|k| {
                (0..n)
                    .map(|i| specials[(i * (k + 1) + i / specials.len() + k) % specials.len()])
                    .collect()
            })
            .collect();
        for m in TABLE.iter().chain(&[cash(0), cash(2)]) {
            let column = derive_column(m, &c, n, years);
            for (i, x) in column.iter().enumerate() {
                let one = derive(m, |k| c[k][i], years);
                assert_eq!(x.to_bits(), one.to_bits(), "{} in iteration {i}", m.name);
            }
        }
    }

    #[test]
    fn names_put_cash_after_the_present_value_of_cost() {
        let n = names(2);
        let at = n.iter().position(|x| x == "cost_pv").unwrap();
        assert_eq!(n[at + 1], "cash_0");
        assert_eq!(n[at + 2], "cash_1");
        assert_eq!(n.len(), TABLE.len() + 2);
    }

    #[test]
    fn lists_come_from_the_table() {
        assert_eq!(
            ranking_names(),
            ["npv", "bcr", "completions", "engaged", "cost", "cost_pv"]
        );
        assert_eq!(
            effect_names(),
            ["completions", "engaged", "victims", "children", "referrals"]
        );
        assert!(lower_is_better("cost") && lower_is_better("cost_pv"));
        assert!(!lower_is_better("npv") && !lower_is_better("unmet"));
    }

    #[test]
    fn cash_years_exist_only_within_the_horizon() {
        assert!(find("cash_1", 2).is_some());
        assert!(find("cash_2", 2).is_none());
        assert!(find("cash_01", 2).is_none());
        assert!(find("nope", 2).is_none());
    }

    #[test]
    fn derived_metrics() {
        let stored = |c: usize| match c {
            col::BENEFIT_PV => 30.0,
            col::COST_PV => 10.0,
            col::COST => 12.0,
            col::ENGAGED => 0.0,
            c if c >= col::CASH0 => (c - col::CASH0) as f64 * 5.0,
            _ => 1.0,
        };
        let get = |n: &str| derive(&find(n, 3).unwrap(), stored, 3);
        assert_eq!(get("npv"), 20.0);
        assert_eq!(get("bcr"), 3.0);
        assert!(get("cost_per_engaged").is_nan());
        assert_eq!(get("peak_cash"), 10.0);
        assert_eq!(get("cash_1"), 5.0);
    }
}
