//! The memory a run needs, estimated before it starts, so that a run whose working set would not
//! fit in the machine's memory is refused at once, with the most iterations that would fit,
//! rather than swapping for hours or being killed halfway.
//!
//! A run keeps one `f64` column per option, stored metric and iteration, and one per correlated
//! parameter; summarising and the analyses asked for add working columns of the same length. The
//! estimate is a fixed part plus a part per iteration that counts those columns, each weighted by
//! a factor measured as the peak resident set (`/usr/bin/time -v`, "Maximum resident set size")
//! over the stored columns' bytes, on scenarios/torbay-2025.toml at 1,000,000 iterations (480 MB
//! stored): `run --wtp` peaked at 1,142 MB (estimate 1,233 MB, +8%) and `report` at 1,116 MB
//! (estimate 1,281 MB, +15%). A plain `run`, summarised one option at a time, holds far less
//! ([`Estimate::of`]).

use super::model::Model;
use crate::metric::stored_columns;
use crate::request::Analyses;

/// Bytes of one value of a column.
const VALUE: f64 = 8.0;

/// Bytes a run needs whatever its iterations: the program, the scenario, the summaries. The
/// beta tables of the inputs drawn from one ([`crate::dist::Sampler::table_bytes`]) are added.
const FIXED: f64 = 24e6;

/// [`FIXED`] and the model's beta tables.
fn fixed(model: &Model) -> f64 {
    FIXED
        + model
            .inputs
            .iter()
            .map(|i| i.sampler.table_bytes() as f64)
            .sum::<f64>()
}

/// Peak bytes of a run holding every column per stored byte: the columns, the ranking metric's
/// copy, the summaries' derived columns (one per worker thread) and the decision figures. With
/// [`WTP`], calibrated on the measured peak of `run --wtp`.
const RUN: f64 = 1.9;

/// Columns kept of each option by a run summarised one option at a time: the ranking metric's
/// (two for `npv`) and `start_month`, or the criteria's metrics.
const KEPT: f64 = 4.0;

/// Peak bytes of a run summarised one option at a time per byte of the columns counted in
/// [`Estimate::one_option_at_a_time`], which counts every option as uncertain (an option with
/// nothing uncertain keeps no column). Measured at 1,000,000 iterations: Torbay 196 MB (estimate
/// 210 MB), `benches/twenty-options.toml` 625 MB (645 MB); at 10,000,000 Torbay iterations
/// 1,828 MB (1,880 MB).
const ONE_OPTION: f64 = 0.8;

/// Extra peak bytes per stored byte with `--wtp`: net benefit per option and the value of
/// information's regressions.
const WTP: f64 = 0.62;

/// Extra peak bytes per stored byte of the report's own analyses (rank tornado, switching values,
/// value of information, the variants alongside).
const REPORT: f64 = 0.1;

/// A run refused before it started: its working set would not fit in the memory available.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{} iterations would need about {} of memory, and {} is available\n  = allowed: at most {} iterations; --precision REL runs only as many as the figures need, or ask for fewer --iterations",
    crate::format::num(*.iterations as f64, 0),
    bytes(*.needed),
    bytes(*.available),
    crate::format::num(*.fit as f64, 0)
)]
pub struct MemoryError {
    /// Iterations asked for.
    pub iterations: u64,
    /// Bytes the run would need (an estimate: [`crate::engine::memory`]).
    pub needed: u64,
    /// Bytes available (`MemAvailable`, or `APPRAISE_MEMORY_AVAILABLE`).
    pub available: u64,
    /// The most iterations that would fit, rounded down to two significant figures.
    pub fit: u64,
}

/// A number of bytes as a person reads it: "840 MB", "8.0 GB" (decimal units).
fn bytes(b: u64) -> String {
    let b = b as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else {
        format!("{:.0} MB", (b / 1e6).max(1.0))
    }
}

/// The estimate of a run's peak memory: `fixed + per_iteration × iterations` bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Bytes whatever the iterations.
    pub fixed: f64,
    /// Bytes per iteration.
    pub per_iteration: f64,
}

impl Estimate {
    /// The estimate for a model and the analyses asked of its run.
    pub fn of(model: &Model, analyses: Analyses) -> Estimate {
        if analyses.summary_only {
            return Estimate::one_option_at_a_time(model);
        }
        let options = model.options.len() as f64;
        let correlated = model.copula.as_ref().map_or(0, |c| c.members.len()) as f64;
        let stored = VALUE * (options * stored_columns(model.years) as f64 + correlated);
        let mut per_iteration = RUN * stored;
        if analyses.wtp {
            per_iteration += WTP * stored;
        }
        if analyses.report {
            per_iteration += REPORT * stored;
        }
        if analyses.samples {
            // Every drawn input regenerated, and a copy of every metric of every option.
            let drawn = model.inputs.iter().filter(|i| i.fixed.is_none()).count() as f64;
            let metrics = crate::metric::names(model.years).len() as f64;
            per_iteration += VALUE * (drawn + options * metrics);
        }
        Estimate {
            fixed: fixed(model),
            per_iteration,
        }
    }

    /// The estimate for a run summarised one option at a time ([`super::by_option`]): the
    /// larger of its two stages, each counted in columns of one value per iteration. While the
    /// options run: one option's stored columns (`over_budget` is not stored) and the few kept of
    /// each other option. In the multi-criteria appraisal: the kept columns and each uncertain
    /// score drawn.
    fn one_option_at_a_time(model: &Model) -> Estimate {
        let options = model.options.len() as f64;
        let correlated = model.copula.as_ref().map_or(0, |c| c.members.len()) as f64;
        let kept = KEPT * options + correlated;
        let scores = model
            .inputs
            .iter()
            .filter(|i| i.fixed.is_none() && i.path.starts_with("criteria."))
            .count() as f64;
        let running = (stored_columns(model.years) - 1) as f64 + kept - KEPT;
        let criteria = kept + scores;
        Estimate {
            fixed: fixed(model),
            per_iteration: VALUE * ONE_OPTION * running.max(criteria),
        }
    }

    /// Bytes a run of `iterations` needs.
    pub fn bytes(&self, iterations: u64) -> u64 {
        (self.fixed + self.per_iteration * iterations as f64) as u64
    }

    /// The most iterations that fit in `available` bytes, rounded down to two significant
    /// figures (0 when not even the fixed part fits).
    pub fn most_iterations(&self, available: u64) -> u64 {
        let room = available as f64 - self.fixed;
        if room <= 0.0 {
            return 0;
        }
        two_figures((room / self.per_iteration) as u64)
    }
}

/// `x` rounded down to two significant figures: 27,394,112 → 27,000,000.
fn two_figures(x: u64) -> u64 {
    let mut unit = 1;
    while x / unit >= 100 {
        unit *= 10;
    }
    x / unit * unit
}

/// The environment variable that, when set to a number of bytes, stands for the memory
/// available (for tests, and for a machine shared with other work).
pub const AVAILABLE_VARIABLE: &str = "APPRAISE_MEMORY_AVAILABLE";

/// Bytes of memory available: [`AVAILABLE_VARIABLE`] when set to a number, else `MemAvailable`
/// of `/proc/meminfo`; `None` when neither can be read (then nothing is refused).
pub fn available() -> Option<u64> {
    if let Some(b) = std::env::var(AVAILABLE_VARIABLE)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Some(b);
    }
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    mem_available(&meminfo)
}

/// `MemAvailable` of a `/proc/meminfo` text, in bytes.
fn mem_available(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Checks that a run of `iterations` of `model`, with the analyses asked for, fits in the memory
/// available.
///
/// # Errors
/// [`MemoryError`] when it would not, with the most iterations that would.
pub fn check(model: &Model, iterations: u64, analyses: Analyses) -> Result<(), MemoryError> {
    let Some(available) = available() else {
        return Ok(());
    };
    let estimate = Estimate::of(model, analyses);
    let needed = estimate.bytes(iterations);
    if needed <= available {
        return Ok(());
    }
    Err(MemoryError {
        iterations,
        needed,
        available,
        fit: estimate.most_iterations(available),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_significant_figures_round_down() {
        assert_eq!(two_figures(27_394_112), 27_000_000);
        assert_eq!(two_figures(99), 99);
        assert_eq!(two_figures(100), 100);
        assert_eq!(two_figures(1_999), 1_900);
        assert_eq!(two_figures(0), 0);
    }

    #[test]
    fn mem_available_is_read_in_bytes() {
        let text = "MemTotal:       24000000 kB\nMemFree:  1 kB\nMemAvailable:   20000000 kB\n";
        assert_eq!(mem_available(text), Some(20_000_000 * 1024));
        assert_eq!(mem_available("MemTotal: 5 kB\n"), None);
    }

    #[test]
    fn the_most_iterations_fit() {
        let e = Estimate {
            fixed: 1e6,
            per_iteration: 100.0,
        };
        assert_eq!(e.bytes(10), 1_001_000);
        assert_eq!(e.most_iterations(1_000_000), 0);
        assert_eq!(e.most_iterations(101_000_000), 1_000_000);
        assert!(e.bytes(e.most_iterations(57_654_321)) <= 57_654_321);
    }
}
