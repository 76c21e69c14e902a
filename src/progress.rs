//! Progress on standard error for the long steps of a command after the simulation (whose bar
//! is the engine's): summarising, the sensitivity analyses and rendering. A step shows only
//! when standard error is a terminal and its work is at least [`WORTH_SHOWING`]; it clears
//! itself when dropped, so nothing is left in the terminal's scrollback.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// A step with at least this much work (iterations × options, or iterations × inputs) shows
/// its progress: about a second of work or more on two cores.
pub const WORTH_SHOWING: u64 = 1_000_000;

/// One step's progress: a bar with the time left when its work is counted, a spinner with
/// the time taken when it is not, or nothing.
#[derive(Debug)]
pub struct Step(Option<ProgressBar>);

impl Step {
    /// No progress shown.
    pub fn hidden() -> Step {
        Step(None)
    }

    /// A bar over `total` units of `what` (e.g. "inputs searched for switching values"), with
    /// an estimate of the time left; shown when `show`, the step's `work` is at least
    /// [`WORTH_SHOWING`] and standard error is a terminal.
    pub fn counted(show: bool, work: u64, what: &str, total: u64) -> Step {
        if !shown(show, work) {
            return Step::hidden();
        }
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template(&format!(
            "{{spinner}} {what} {{pos}}/{{len}} [{{bar:30}}] {{eta}} left"
        )) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Step(Some(bar))
    }

    /// A spinner for a step whose work is not counted (e.g. "summarising"), with the time
    /// taken so far; shown as for [`Step::counted`].
    pub fn spinner(show: bool, work: u64, what: &str) -> Step {
        if !shown(show, work) {
            return Step::hidden();
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) =
            ProgressStyle::with_template(&format!("{{spinner}} {what} ({{elapsed}})"))
        {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Step(Some(bar))
    }

    /// One more unit of a counted step done.
    pub fn inc(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// True when the step is shown.
    pub fn is_shown(&self) -> bool {
        self.0.is_some()
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn shown(show: bool, work: u64) -> bool {
    show && work >= WORTH_SHOWING && std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_or_unasked_steps_show_nothing() {
        assert!(!Step::counted(false, u64::MAX, "inputs", 10).is_shown());
        assert!(!Step::spinner(true, WORTH_SHOWING - 1, "summarising").is_shown());
        // Counting a hidden step is harmless.
        Step::hidden().inc();
    }
}
