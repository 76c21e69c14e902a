//! The command line as the user types it (clap derive). `main` turns it into calls to the
//! library; nothing else sees raw flags.

use crate::error::UsageError;
use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};
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
    /// Write a commented starting scenario to FILE (never over an existing file), with the
    /// JSON Schema beside it for editor completion.
    Init(InitArgs),
    /// Print the JSON Schema of the scenario format (for editors: taplo, Even Better TOML).
    Schema {
        /// Write it to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print a shell completion script, e.g. `appraise completions bash > ~/.local/share/bash-completion/completions/appraise`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `appraise man > appraise.1`.
    Man {
        /// Write it to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List every input path that --set accepts, with its current value.
    Paths(PathsArgs),
    /// Re-run what a report's audit block records and say whether the report is byte-identical
    /// to the fresh output (exit 0), or what differs (exit 1).
    Verify(VerifyArgs),
    /// The inputs that differ between two scenarios, and the change in each option's headline
    /// figures.
    Diff(DiffArgs),
}

/// The starting scenarios of `appraise init`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InitTemplate {
    /// Carry on as now, or recruit one worker: the smallest useful scenario.
    Minimal,
    /// Carry on as now, an in-house team or a commissioned provider.
    InHouseVsCommissioned,
    /// Carry on as now, or fund a service for a fixed grant.
    FundOrNot,
}

/// `appraise init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The scenario file to write (TOML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The shape of the appraisal.
    #[arg(long, short = 't', value_enum, default_value = "minimal")]
    pub template: InitTemplate,
}

/// `appraise paths`.
#[derive(Debug, Args)]
pub struct PathsArgs {
    /// The scenario file (TOML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Apply one of the scenario's [[variants]] first.
    #[arg(long, value_name = "NAME")]
    pub variant: Option<String>,
    /// Override a scenario value first (repeatable), as for run.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
}

/// `appraise verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The report to check (.html, .md, .xlsx, or the JSON of appraise run --format json).
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,
    /// The scenario file, when it is no longer where the audit block says.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Also write the document made afresh from the audit block to OUT, never over a file (a
    /// lost or changed report made again; with --scenario, from a scenario moved or edited
    /// since).
    #[arg(long, value_name = "OUT")]
    pub regenerate: Option<PathBuf>,
}

/// `appraise diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first scenario (the "before").
    #[arg(value_name = "A")]
    pub a: PathBuf,
    /// The second scenario (the "after").
    #[arg(value_name = "B")]
    pub b: PathBuf,
    /// Iterations of each run (default: the first scenario's `iterations`, else 10,000).
    #[arg(long, allow_negative_numbers = true, short = 'n', value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub iterations: Option<u64>,
    /// Seed of both runs (default: the first scenario's `seed`, else 2025).
    #[arg(long, allow_negative_numbers = true, value_parser = seed)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core).
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: SensitivityFormat,
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
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = clap::value_parser!(u64).range(100..=1_000_000))]
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

/// `appraise sweep`: one input over several values, or two over a grid.
#[derive(Debug)]
pub struct SweepArgs {
    /// The scenario and how to run it.
    pub model: ModelArgs,
    /// The swept inputs in the order typed (one or two), each with the values typed after it.
    pub axes: Vec<AxisArg>,
    /// Output format.
    pub format: RunFormat,
}

/// The flags of `appraise sweep` as clap reads them; [`SweepArgs`] pairs each `--values` or
/// `--range` with its `--param`.
#[derive(Debug, Args)]
struct SweepFlags {
    #[command(flatten)]
    model: ModelArgs,
    /// An input to sweep, as a --set path, e.g. appraisal.budget.annual; give two (each with
    /// its own --values or --range) for a two-way grid.
    #[arg(long, value_name = "PATH", required = true)]
    param: Vec<String>,
    /// The values of the --param before it, comma-separated (each TOML), e.g. 60000,80000,100000.
    #[arg(long, value_name = "A,B,…")]
    values: Vec<String>,
    /// Evenly spaced values of the --param before it, FROM:TO:STEPS, e.g. 1:4:4 for 1, 2, 3, 4.
    #[arg(long, value_name = "FROM:TO:STEPS")]
    range: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    format: RunFormat,
}

/// One swept input with the `--values` and `--range` typed after it (before the next input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxisArg {
    /// The input, as a `--set` path.
    pub param: String,
    /// Each `--values` list given for it.
    pub values: Vec<String>,
    /// Each `--range` given for it.
    pub ranges: Vec<String>,
}

/// Pairs each `--values` and `--range` with the swept input typed last before it (the first
/// input when typed before any).
fn axes(
    m: &ArgMatches,
    param_id: &str,
    params: Vec<String>,
    values: Vec<String>,
    ranges: Vec<String>,
) -> Vec<AxisArg> {
    let at =
        |id: &str| -> Vec<usize> { m.indices_of(id).map(Iterator::collect).unwrap_or_default() };
    let starts = at(param_id);
    let owner = |i: usize| starts.iter().filter(|s| **s < i).count().max(1) - 1;
    let mut out: Vec<AxisArg> = params
        .into_iter()
        .map(|param| AxisArg {
            param,
            values: Vec::new(),
            ranges: Vec::new(),
        })
        .collect();
    if out.is_empty() {
        return out;
    }
    for (v, i) in values.into_iter().zip(at("values")) {
        out[owner(i)].values.push(v);
    }
    for (r, i) in ranges.into_iter().zip(at("range")) {
        out[owner(i)].ranges.push(r);
    }
    out
}

/// Reads `$args` through the derived `$flags`: clap sees the flags of `$flags`, and
/// `$read(matches, flags)` makes the arguments (pairing each list of values with its input).
macro_rules! read_through {
    ($args:ty, $flags:ty, $read:expr) => {
        impl FromArgMatches for $args {
            fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
                Ok($read(m, <$flags>::from_arg_matches(m)?))
            }

            fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
                *self = Self::from_arg_matches(m)?;
                Ok(())
            }
        }

        impl Args for $args {
            fn augment_args(cmd: clap::Command) -> clap::Command {
                <$flags>::augment_args(cmd)
            }

            fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
                <$flags>::augment_args_for_update(cmd)
            }
        }
    };
}

read_through!(SweepArgs, SweepFlags, |m: &ArgMatches, f: SweepFlags| {
    SweepArgs {
        axes: axes(m, "param", f.param, f.values, f.range),
        model: f.model,
        format: f.format,
    }
});

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
#[derive(Debug)]
pub struct ReportArgs {
    /// The scenario and how to run it.
    pub model: ModelArgs,
    /// Output file; its extension (.md, .html, .docx, .xlsx) sets the format. `-` or none:
    /// standard output.
    pub output: Option<PathBuf>,
    /// Output format, when the file name does not say (default md).
    pub format: Option<ReportFormat>,
    /// A template file (or folder) to use instead of the built-in one.
    pub template: Option<PathBuf>,
    /// The date printed in the report, YYYY-MM-DD (default: today).
    pub date: Option<String>,
    /// Willingness to pay (£ per unit of effect) to mark in the value-for-money section.
    pub wtp: Option<f64>,
    /// The effect of the value-for-money section.
    pub effect: String,
    /// Sweeps to add (none, one, or two for a grid), each with its values as typed.
    pub sweeps: Vec<AxisArg>,
}

/// The flags of `appraise report`, `appraise appendix` and `appraise notice` as clap reads
/// them; [`ReportArgs`] pairs each `--values` or `--range` with its `--sweep`.
#[derive(Debug, Args)]
struct ReportFlags {
    #[command(flatten)]
    model: ModelArgs,
    /// Output file; its extension (.md, .html, .docx, .xlsx) sets the format. `-` or none:
    /// standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format, when the file name does not say (default md).
    #[arg(long, short = 'f', value_enum)]
    format: Option<ReportFormat>,
    /// A template file (or a folder of templates named like templates/report.html.j2) to use
    /// instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// The date printed in the report, YYYY-MM-DD (default: today), so that the same inputs
    /// give a byte-identical report.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Willingness to pay (£ per unit of effect) to mark in the value-for-money section.
    #[arg(long, allow_negative_numbers = true, value_name = "POUNDS")]
    wtp: Option<f64>,
    /// The effect of the value-for-money section (completions, engaged, victims, children,
    /// referrals).
    #[arg(long, value_name = "METRIC", default_value = "completions")]
    effect: String,
    /// Add a sweep of this input (a --set path) to the report, over the --values or --range
    /// after it; a second --sweep makes a two-way grid (a heat map in the report).
    #[arg(long, value_name = "PATH")]
    sweep: Vec<String>,
    /// The values of the --sweep before it, comma-separated.
    #[arg(long, value_name = "A,B,…", requires = "sweep")]
    values: Vec<String>,
    /// The values of the --sweep before it, FROM:TO:STEPS.
    #[arg(long, value_name = "FROM:TO:STEPS", requires = "sweep")]
    range: Vec<String>,
}

read_through!(ReportArgs, ReportFlags, |m: &ArgMatches, f: ReportFlags| {
    ReportArgs {
        sweeps: axes(m, "sweep", f.sweep, f.values, f.range),
        model: f.model,
        output: f.output,
        format: f.format,
        template: f.template,
        date: f.date,
        wtp: f.wtp,
        effect: f.effect,
    }
});

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
    #[arg(long, allow_negative_numbers = true, short = 'n', value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub iterations: Option<u64>,
    /// Seed of the random streams (default: the scenario's `seed`, else 2025).
    #[arg(long, allow_negative_numbers = true, value_parser = seed)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core). Results do not depend on it.
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u64).range(1..=1024))]
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

/// A seed as typed: a whole number from 0 to 2^64 − 1, with words for anything else (clap would
/// take `-1` for a flag).
fn seed(text: &str) -> Result<u64, UsageError> {
    let t = text.trim();
    if let Ok(s) = t.parse::<u64>() {
        return Ok(s);
    }
    let why = if t.starts_with('-') && t[1..].chars().all(|c| c.is_ascii_digit()) && t.len() > 1 {
        format!("{t} is negative, and a seed cannot be")
    } else if t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty() {
        format!("{t} is larger than the largest seed")
    } else {
        format!("'{t}' is not a whole number")
    };
    Err(UsageError::Seed(why))
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
    #[arg(long, allow_negative_numbers = true, value_name = "REL")]
    pub precision: Option<f64>,
    /// Willingness to pay (£ per unit of effect, e.g. per completion): adds net benefit, the
    /// acceptability curve, EVPI and the incremental analysis against the baseline.
    #[arg(long, allow_negative_numbers = true, value_name = "POUNDS")]
    pub wtp: Option<f64>,
    /// The effect a willingness to pay is per (completions, engaged, victims, children,
    /// referrals).
    #[arg(long, value_name = "METRIC", default_value = "completions")]
    pub effect: String,
    /// Points of the acceptability curve.
    #[arg(long, allow_negative_numbers = true, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u64).range(2..=10_000))]
    pub wtp_points: u64,
    /// The most iterations --precision may use.
    #[arg(long, value_name = "N", default_value_t = 2_000_000, requires = "precision",
          value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub max_iterations: u64,
    /// Print every column of the summary table, however wide (by default the table fits the
    /// terminal, or COLUMNS, or 80 columns when not printing to a terminal).
    #[arg(long)]
    pub wide: bool,
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
