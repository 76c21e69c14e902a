//! Affordability in the choice (docs/model.md section 7): which options are within the budget in
//! each iteration, the probability of being best among those, the budget each option needs to
//! stay within it with 80% and 90% confidence, by how much its cash exceeds the budget, and
//! which option starts first; every share with its Monte Carlo standard error.
//!
//! These are small pure functions over per-option columns (one value per iteration), so that
//! any layout of the engine's columns can call them; [`figures`] gathers them for a run.

use crate::scenario::Budget;
use crate::stats::mcse::{covering_rank, interval_ranks, score_mcse};
use crate::stats::quantile::{order_statistics, type7_from, type7_position};
use serde::Serialize;

/// Shares of the iterations in which each option is best, with their Monte Carlo error.
#[derive(Debug, Clone, PartialEq)]
pub struct Shares {
    /// Share of the counted iterations in which each option is best (a tie of k shares 1/k).
    pub share: Vec<f64>,
    /// Monte Carlo standard error of each share (see [`score_mcse`]).
    pub mcse: Vec<f64>,
    /// Iterations in which some option took part; the others are left out of the shares.
    pub counted: usize,
    /// `cross[a][b]`: Σ over iterations of option a's score times option b's.
    cross: Vec<Vec<f64>>,
}

impl Shares {
    /// Monte Carlo standard error of `share[a] − share[b]`: the standard deviation over the
    /// counted iterations of the difference of the two options' scores, over √n, that is
    /// √((Σ(w_a − w_b)²/n − (p_a − p_b)²)/n). It allows for the two shares moving against each
    /// other (when one wins the other does not), which adding their errors in quadrature would
    /// miss. 0 when a = b; NaN when nothing was counted.
    pub fn difference_mcse(&self, a: usize, b: usize) -> f64 {
        if self.counted == 0 {
            return f64::NAN;
        }
        let n = self.counted as f64;
        let squares = self.cross[a][a] + self.cross[b][b] - 2.0 * self.cross[a][b];
        let d = self.share[a] - self.share[b];
        (squares / n - d * d).max(0.0).sqrt() / n.sqrt()
    }

    /// The option with the largest share (the last of equals, as the results pick it); `None`
    /// when no share is defined.
    pub fn leader(&self) -> Option<usize> {
        (0..self.share.len())
            .filter(|&o| !self.share[o].is_nan())
            .max_by(|&a, &b| self.share[a].total_cmp(&self.share[b]))
    }
}

/// Share of iterations in which each option is best on `values[option][iteration]`, among the
/// options for which `takes_part(option, iteration)` holds and whose value is defined (not
/// NaN); a tie of k options gives each 1/k. An iteration in which no option takes part is left
/// out. With `lower`, the lowest value is best.
///
/// The scores are added in iteration order, so the shares are bit-identical to
/// [`crate::results::probability_best`] when every option takes part.
///
/// # Panics
/// If the columns differ in length.
pub fn best_shares(
    values: &[&[f64]],
    lower: bool,
    takes_part: impl Fn(usize, usize) -> bool,
) -> Shares {
    let nopt = values.len();
    let n = values.first().map_or(0, |v| v.len());
    assert!(values.iter().all(|v| v.len() == n), "columns of one length");
    let mut wins = vec![0.0; nopt];
    let mut cross = vec![vec![0.0; nopt]; nopt];
    let mut counted = 0usize;
    let value = |o: usize, i: usize| {
        if takes_part(o, i) {
            values[o][i]
        } else {
            f64::NAN
        }
    };
    for i in 0..n {
        let mut best = f64::NAN;
        for o in 0..nopt {
            let x = value(o, i);
            if x.is_nan() {
                continue;
            }
            if best.is_nan() || (lower && x < best) || (!lower && x > best) {
                best = x;
            }
        }
        if best.is_nan() {
            continue;
        }
        counted += 1;
        let ties = (0..nopt).filter(|&o| value(o, i) == best).count() as f64;
        let score = 1.0 / ties;
        for a in (0..nopt).filter(|&o| value(o, i) == best) {
            wins[a] += score;
            for b in (0..nopt).filter(|&o| value(o, i) == best) {
                cross[a][b] += score * score;
            }
        }
    }
    let share = wins
        .iter()
        .map(|w| {
            if counted == 0 {
                f64::NAN
            } else {
                w / counted as f64
            }
        })
        .collect();
    let mcse = (0..nopt)
        .map(|o| score_mcse(wins[o], cross[o][o], counted))
        .collect();
    Shares {
        share,
        mcse,
        counted,
        cross,
    }
}

/// Which kind of budget the cash is held against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetKind {
    /// The most that may be spent in any one year: the largest year's cash must fit.
    Annual,
    /// The most that may be spent over the horizon: the total cash must fit.
    Total,
}

impl BudgetKind {
    /// The kind of a scenario's budget; annual when there is none.
    pub fn of(budget: Option<Budget>) -> BudgetKind {
        match budget {
            Some(Budget::Total(_)) => BudgetKind::Total,
            _ => BudgetKind::Annual,
        }
    }
}

/// The cash each iteration needs a budget of `kind` to cover, from one option's cash by year
/// (`cash_by_year[y][iteration]`): the largest year's cash (annual), or the years' cash added in
/// year order from +0 (total), exactly as the `over_budget` metric compares them.
pub fn cash_to_cover(cash_by_year: &[&[f64]], kind: BudgetKind) -> Vec<f64> {
    let n = cash_by_year.first().map_or(0, |c| c.len());
    (0..n)
        .map(|i| match kind {
            BudgetKind::Annual => cash_by_year
                .iter()
                .map(|c| c[i])
                .fold(f64::NEG_INFINITY, f64::max),
            BudgetKind::Total => cash_by_year.iter().fold(0.0, |a, c| a + c[i]),
        })
        .collect()
}

/// The budget an option needs to stay within it with 80% and 90% confidence (£ cash, a year or
/// in total), each with a 95% interval for its Monte Carlo error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BudgetNeeded {
    /// Annual (the largest year's cash) or total (the horizon's cash).
    pub kind: BudgetKind,
    /// The smallest budget within which at least 80% of iterations fall.
    pub p80: f64,
    /// The smallest budget within which at least 90% of iterations fall.
    pub p90: f64,
    /// 95% interval for `p80` from the binomial law of order statistics.
    pub p80_interval: [f64; 2],
    /// 95% interval for `p90`.
    pub p90_interval: [f64; 2],
}

/// By how much an option's cash exceeds the budget: in its worst year (annual budget) or in
/// total, 0 in an iteration within it (£ cash).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Excess {
    /// Median excess (type 7).
    pub p50: f64,
    /// 90th percentile of the excess (type 7).
    pub p90: f64,
}

/// The budgets needed ([`BudgetNeeded`]) and, against `budget`, the excess ([`Excess`]) of one
/// option, from the cash each iteration needs covered ([`cash_to_cover`]). `None` for an empty
/// run.
pub fn budget_needed(
    needed: Vec<f64>,
    kind: BudgetKind,
    budget: Option<f64>,
) -> Option<(BudgetNeeded, Option<Excess>)> {
    let n = needed.len();
    if n == 0 {
        return None;
    }
    // The order statistics the figures read (0-based ranks), selected rather than sorted for.
    let covering = |p: f64| covering_rank(p, n) - 1;
    let interval = |p: f64| interval_ranks(p, n).map(|r| r - 1);
    let positions = [0.5, 0.9].map(|p| type7_position(n, p));
    let mut ranks = vec![covering(0.8), covering(0.9)];
    ranks.extend(interval(0.8).into_iter().chain(interval(0.9)));
    for (lo, fraction) in positions {
        ranks.push(lo);
        if fraction > 0.0 {
            ranks.push(lo + 1);
        }
    }
    let values = order_statistics(&needed, &ranks);
    let at = |r: usize| values[ranks.iter().position(|x| *x == r).expect("selected")];
    let need = BudgetNeeded {
        kind,
        p80: at(covering(0.8)),
        p90: at(covering(0.9)),
        p80_interval: interval(0.8).map(at),
        p90_interval: interval(0.9).map(at),
    };
    // The excess is a non-decreasing function of the cash, so its order statistics are those
    // of the cash, each less the budget (and at least 0).
    let excess = budget.map(|b| {
        let over = |position| type7_from(|r| (at(r) - b).max(0.0), position);
        Excess {
            p50: over(positions[0]),
            p90: over(positions[1]),
        }
    });
    Some((need, excess))
}

/// The columns of one option that the comparisons between options read.
#[derive(Debug, Clone)]
pub struct OptionColumns<'c> {
    /// The ranking metric (NaN where undefined).
    pub ranking: &'c [f64],
    /// True in the iterations in which the option is over budget (the `over_budget` metric).
    pub over_budget: &'c [bool],
    /// Months until the service starts; `None` for an option that delivers no service.
    pub start: Option<&'c [f64]>,
}

/// The budgets one option needs and its excess over the scenario's `budget`
/// ([`budget_needed`]), from its cash by year (`cash[y][iteration]`).
pub fn option_budget_needed(
    cash: &[&[f64]],
    budget: Option<Budget>,
) -> Option<(BudgetNeeded, Option<Excess>)> {
    let kind = BudgetKind::of(budget);
    budget_needed(cash_to_cover(cash, kind), kind, amount(budget))
}

/// As [`option_budget_needed`], for an option whose cash by year is `cash` (one value a year) in
/// each of `n` iterations.
pub fn constant_budget_needed(
    cash: &[f64],
    budget: Option<Budget>,
    n: usize,
) -> Option<(BudgetNeeded, Option<Excess>)> {
    let kind = BudgetKind::of(budget);
    let by_year: Vec<&[f64]> = cash.iter().map(std::slice::from_ref).collect();
    let needed = cash_to_cover(&by_year, kind)[0];
    budget_needed(vec![needed; n], kind, amount(budget))
}

/// The amount of a budget, a year or in total.
fn amount(budget: Option<Budget>) -> Option<f64> {
    budget.map(|b| match b {
        Budget::Annual(x) | Budget::Total(x) => x,
    })
}

/// Every affordability figure of a run.
#[derive(Debug, Clone)]
pub struct Figures {
    /// P(best) on the ranking metric, every option taking part.
    pub best: Shares,
    /// P(best) among the options within budget in each iteration.
    pub within_budget: Shares,
    /// P(starting first) among the options that deliver a service.
    pub starts_first: Shares,
    /// Each option's budget needed and excess over the budget.
    pub budget_needed: Vec<Option<(BudgetNeeded, Option<Excess>)>>,
}

/// The affordability figures of a run: `lower` when the lowest ranking value is best;
/// `budget_needed` each option's, from [`option_budget_needed`].
pub fn figures(
    options: &[OptionColumns],
    lower: bool,
    budget_needed: Vec<Option<(BudgetNeeded, Option<Excess>)>>,
) -> Figures {
    let ranking: Vec<&[f64]> = options.iter().map(|o| o.ranking).collect();
    // An option without a service takes no part; its ranking column only fills the place.
    let start: Vec<&[f64]> = options
        .iter()
        .map(|o| o.start.unwrap_or(o.ranking))
        .collect();
    // Three sets of shares, each summed in iteration order on a thread of its own.
    let (best, (within_budget, starts_first)) = rayon::join(
        || best_shares(&ranking, lower, |_, _| true),
        || {
            rayon::join(
                || best_shares(&ranking, lower, |o, i| !options[o].over_budget[i]),
                || best_shares(&start, true, |o, _| options[o].start.is_some()),
            )
        },
    );
    Figures {
        best,
        within_budget,
        starts_first,
        budget_needed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_budget_leaves_out_the_options_over_it() {
        let npv: [&[f64]; 3] = [
            &[0.0, 0.0, 0.0, 0.0],
            &[5.0, 5.0, 5.0, 5.0],
            &[3.0, 9.0, 1.0, 3.0],
        ];
        let over: [&[f64]; 3] = [&[0.0; 4], &[1.0, 0.0, 1.0, 1.0], &[0.0, 1.0, 1.0, 0.0]];
        let s = best_shares(&npv, false, |o, i| over[o][i] == 0.0);
        // Iteration 0: option 2 (3 > 0). 1: option 1. 2: only option 0 is within. 3: option 2.
        assert_eq!(s.share, vec![0.25, 0.25, 0.5]);
        assert_eq!(s.counted, 4);
        assert_eq!(s.leader(), Some(2));
        // Scores of option 2 are 1, 0, 0, 1: binomial error √(½ · ½ / 4).
        assert_eq!(s.mcse[2], (0.25f64 / 4.0).sqrt());
        // w₂ − w₀ is 1, 0, −1, 1: mean ¼, population variance 11/16.
        assert!((s.difference_mcse(2, 0) - (0.6875f64 / 4.0).sqrt()).abs() < 1e-15);
        assert_eq!(s.difference_mcse(1, 1), 0.0);
        let none = best_shares(&npv, false, |_, _| false);
        assert_eq!(none.counted, 0);
        assert!(none.share.iter().all(|p| p.is_nan()));
    }

    #[test]
    fn budgets_needed_cover_the_iterations() {
        let y0: &[f64] = &[10.0, 20.0, 30.0, 40.0, 50.0];
        let y1: &[f64] = &[15.0, 5.0, 35.0, 45.0, 10.0];
        assert_eq!(
            cash_to_cover(&[y0, y1], BudgetKind::Annual),
            [15.0, 20.0, 35.0, 45.0, 50.0]
        );
        assert_eq!(
            cash_to_cover(&[y0, y1], BudgetKind::Total),
            [25.0, 25.0, 65.0, 85.0, 60.0]
        );
        let needed = cash_to_cover(&[y0, y1], BudgetKind::Annual);
        let (need, excess) = budget_needed(needed, BudgetKind::Annual, Some(30.0)).unwrap();
        // ⌈0.8 × 5⌉ = 4th smallest, ⌈0.9 × 5⌉ = 5th.
        assert_eq!((need.p80, need.p90), (45.0, 50.0));
        // Excess over 30, sorted: 0, 0, 5, 15, 20; type-7 P50 = 5, P90 = 15 + 0.6 × 5 = 18.
        let excess = excess.unwrap();
        assert_eq!(excess.p50, 5.0);
        assert!((excess.p90 - 18.0).abs() < 1e-12);
        assert!(budget_needed(Vec::new(), BudgetKind::Total, None).is_none());
    }
}
