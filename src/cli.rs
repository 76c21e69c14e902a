//! The command line as the user types it (clap derive). `main` turns it into calls to the
//! library; nothing else sees raw flags.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Appraise delivery options under uncertainty: costs, capacity, demand, risks and outcomes
/// with ranges, run through a Monte Carlo model.
#[derive(Debug, Parser)]
#[command(name = "appraise", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and report every problem, without running them.
    Validate {
        /// Scenario files (TOML).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Run the model and print a summary table, JSON or CSV.
    Run(RunArgs),
}

/// Options shared by every command that runs the model.
#[derive(Debug, Args, Clone)]
pub struct ModelArgs {
    /// The scenario file (TOML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Iterations (default: the scenario's `iterations`, else 10,000).
    #[arg(long, short = 'n', value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub iterations: Option<u64>,
    /// Seed of the random streams (default: the scenario's `seed`, else 2025).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Sampling method (default: the scenario's `method`, else monte_carlo).
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    /// Override a scenario value, e.g. appraisal.budget.annual=80000 or
    /// options.in_house.capacity.fte=3 (value in TOML; repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
}

/// Sampling methods.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MethodArg {
    /// Independent random draws.
    #[value(name = "monte_carlo")]
    MonteCarlo,
    /// Latin hypercube: each input stratified into equal-probability strata.
    #[value(name = "latin_hypercube")]
    LatinHypercube,
}

/// `appraise run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario and how to run it.
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: RunFormat,
    /// Also write one row per iteration and option, with every input and metric, to this CSV.
    #[arg(long, value_name = "FILE.csv")]
    pub samples: Option<PathBuf>,
}

/// Formats of `appraise run`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RunFormat {
    /// A summary table for the terminal.
    Table,
    /// The full results as JSON.
    Json,
    /// One row per option and metric.
    Csv,
}
