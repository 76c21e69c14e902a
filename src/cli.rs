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
    /// Write the SWOT-plus-numbers appraisal report (Markdown, HTML or a spreadsheet).
    Report(ReportArgs),
    /// Write the decision-notice appendix: the numbers only (Markdown, HTML or Word).
    Appendix(ReportArgs),
    /// Write the decision notice, laid out as a commissioner's (Markdown, HTML or Word); its
    /// text comes from the scenario's [decision] table, its figures from the run.
    Notice(ReportArgs),
    /// Run the scenario and each of its variants on the same seed, side by side.
    Compare(CompareArgs),
    /// Run the scenario over a list of values of one input, every point on the same seed.
    Sweep(SweepArgs),
    /// Which inputs drive a metric (rank and swing tornadoes) and which would change the choice
    /// (switching values).
    Sensitivity(SensitivityArgs),
}

/// `appraise sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The scenario and how to run it.
    #[command(flatten)]
    pub model: ModelArgs,
    /// The option to analyse (its id; default: the option most often best).
    #[arg(long, value_name = "ID")]
    pub option: Option<String>,
    /// The metric to analyse (default: the ranking metric), e.g. cost, npv, completions.
    #[arg(long, value_name = "METRIC")]
    pub metric: Option<String>,
    /// Iterations per point when searching for switching values (default: the run's, at most
    /// 5,000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(100..=1_000_000))]
    pub switching_iterations: Option<u64>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: SensitivityFormat,
}

/// Formats of `appraise sensitivity`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SensitivityFormat {
    /// Tables for the terminal.
    Table,
    /// JSON.
    Json,
}

/// `appraise sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The scenario and how to run it.
    #[command(flatten)]
    pub model: ModelArgs,
    /// The input to sweep, as a --set path, e.g. appraisal.budget.annual.
    #[arg(long, value_name = "PATH")]
    pub param: String,
    /// The values, comma-separated (each TOML), e.g. 60000,80000,100000.
    #[arg(
        long,
        value_name = "A,B,…",
        conflicts_with = "range",
        required_unless_present = "range"
    )]
    pub values: Option<String>,
    /// Evenly spaced values FROM:TO:STEPS, e.g. 1:4:4 for 1, 2, 3, 4.
    #[arg(long, value_name = "FROM:TO:STEPS")]
    pub range: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: RunFormat,
}

/// `appraise compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The scenario and how to run it (--variant is ignored: every variant is run).
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: RunFormat,
}

/// `appraise report`, `appraise appendix` and `appraise notice`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The scenario and how to run it.
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output file; its extension (.md, .html, .docx, .xlsx) sets the format. `-` or none:
    /// standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format, when the file name does not say (default md).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ReportFormat>,
    /// A template file (or a folder of templates named like templates/report.html.j2) to use
    /// instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// The date printed in the report, YYYY-MM-DD (default: today), so that the same inputs
    /// give a byte-identical report.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Willingness to pay (£ per unit of effect) to mark in the value-for-money section.
    #[arg(long, value_name = "POUNDS")]
    pub wtp: Option<f64>,
    /// The effect of the value-for-money section (completions, engaged, victims, children,
    /// referrals).
    #[arg(long, value_name = "METRIC", default_value = "completions")]
    pub effect: String,
    /// Add a sweep of this input (a --set path) to the report, over --values or --range.
    #[arg(long, value_name = "PATH")]
    pub sweep: Option<String>,
    /// The sweep's values, comma-separated.
    #[arg(
        long,
        value_name = "A,B,…",
        requires = "sweep",
        conflicts_with = "range"
    )]
    pub values: Option<String>,
    /// The sweep's values, FROM:TO:STEPS.
    #[arg(long, value_name = "FROM:TO:STEPS", requires = "sweep")]
    pub range: Option<String>,
}

/// Formats of reports.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML file.
    Html,
    /// An Excel workbook (report only).
    Xlsx,
    /// A Word document.
    Docx,
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
    /// Apply one of the scenario's [[variants]] (its overrides come before any --set).
    #[arg(long, value_name = "NAME")]
    pub variant: Option<String>,
    /// Override a scenario value, e.g. appraisal.budget.annual=80000 or
    /// parameters.specialist_fte=3 (value in TOML; repeatable).
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
    /// Add iterations until each option's mean ranking metric has a Monte Carlo standard error
    /// of at most REL × |mean| (e.g. 0.005) and every P(best) is known to ±0.01.
    #[arg(long, value_name = "REL")]
    pub precision: Option<f64>,
    /// Willingness to pay (£ per unit of effect, e.g. per completion): adds net benefit, the
    /// acceptability curve, EVPI and the incremental analysis against the baseline.
    #[arg(long, value_name = "POUNDS")]
    pub wtp: Option<f64>,
    /// The effect a willingness to pay is per (completions, engaged, victims, children,
    /// referrals).
    #[arg(long, value_name = "METRIC", default_value = "completions")]
    pub effect: String,
    /// Points of the acceptability curve.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u64).range(2..=10_000))]
    pub wtp_points: u64,
    /// The most iterations --precision may use.
    #[arg(long, value_name = "N", default_value_t = 2_000_000, requires = "precision",
          value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub max_iterations: u64,
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
