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
        }
    }
}
