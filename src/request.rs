//! What to run: a scenario file, the variant and overrides to apply, and the settings that
//! override the scenario's. The first step of the pipeline reads it; nothing here runs.

use crate::scenario::Method;
use std::path::PathBuf;

/// What to run.
#[derive(Debug, Clone)]
pub struct Request {
    /// The scenario file.
    pub file: PathBuf,
    /// The scenario's variant to apply, if any.
    pub variant: Option<String>,
    /// `--set PATH=VALUE` overrides, in order (applied after the variant's).
    pub overrides: Vec<String>,
    /// Iterations, overriding the scenario's.
    pub iterations: Option<u64>,
    /// Seed, overriding the scenario's.
    pub seed: Option<u64>,
    /// Method, overriding the scenario's.
    pub method: Option<Method>,
    /// Show a progress bar on stderr (only when it is a terminal and the run is long).
    pub progress: bool,
    /// The analyses the command runs on the run's columns, which need memory of their own.
    pub analyses: Analyses,
}

/// The analyses a command runs over a run's columns, beyond summarising them: each holds more of
/// the run in memory ([`crate::engine::memory`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Analyses {
    /// Value for money and value of information at a willingness to pay (`run --wtp`).
    pub wtp: bool,
    /// The samples file (`run --samples`).
    pub samples: bool,
    /// The report's own analyses (`report`, `appendix`, `notice`).
    pub report: bool,
    /// Nothing beyond the summary and the multi-criteria appraisal reads the run's columns, so
    /// the run is summarised one option at a time and keeps only the columns those read
    /// ([`crate::engine::by_option`]).
    pub summary_only: bool,
}

impl Analyses {
    /// For a run read for its summary (and multi-criteria appraisal) only: it is run one option
    /// at a time.
    pub fn summary_only() -> Analyses {
        Analyses {
            summary_only: true,
            ..Analyses::default()
        }
    }
}

impl Request {
    /// A request for `file` with every setting left to the scenario.
    pub fn new(file: impl Into<PathBuf>) -> Request {
        Request {
            file: file.into(),
            variant: None,
            overrides: Vec::new(),
            iterations: None,
            seed: None,
            method: None,
            progress: false,
            analyses: Analyses::default(),
        }
    }
}
