//! Why appraise stopped: one typed error per step, each message in plain words with what is
//! allowed. Only `main` turns an [`Error`] into an exit code ([`Error::exit_code`]): 2 for the
//! user's input or command line, 1 for anything else (an output that cannot be written).

use crate::diag::{Problem, Sources};
pub use crate::engine::memory::MemoryError;
use crate::scenario::LoadError;
use std::fmt;
use std::path::PathBuf;

/// Why appraise stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario could not be read or has problems.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The command line asked for something impossible.
    #[error("error: {0}")]
    Usage(#[from] UsageError),
    /// A sensitivity analysis was asked of an option or metric that does not exist.
    #[error("error: {0}")]
    Sensitivity(#[from] SensitivityError),
    /// Expressions of the scenario (SWOT items) could not be filled in.
    #[error(transparent)]
    Expression(#[from] Box<ExpressionError>),
    /// A metric of the run is not a finite number.
    #[error(transparent)]
    NonFinite(#[from] Box<NonFiniteError>),
    /// A question of the scenario could not be answered from the results.
    #[error("{0}")]
    Question(#[from] QuestionError),
    /// A document could not be rendered.
    #[error("error: {0}")]
    Render(#[from] RenderError),
    /// An output could not be written.
    #[error("error: {0}")]
    Output(#[from] OutputError),
    /// A document could not be verified, or differs from a fresh run.
    #[error("error: {0}")]
    Verify(#[from] VerifyError),
    /// The run would need more memory than is available.
    #[error("error: {0}")]
    Memory(#[from] MemoryError),
    /// The worker threads could not be started.
    #[error("error: could not start {count} worker threads: {why}")]
    Threads {
        /// Threads asked for.
        count: usize,
        /// What the system said.
        why: String,
    },
}

impl Error {
    /// The process exit code: 2 for the user's input or usage, 1 for anything else (an output
    /// that cannot be written).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Load(_)
            | Error::Sensitivity(_)
            | Error::Expression(_)
            | Error::NonFinite(_)
            | Error::Question(_)
            | Error::Memory(_) => 2,
            Error::Usage(e) => e.exit_code(),
            Error::Render(e) => e.exit_code(),
            Error::Output(_) | Error::Threads { .. } => 1,
            Error::Verify(VerifyError::Differs(_)) => 1,
            Error::Verify(_) => 2,
        }
    }
}

/// A command line that asks for something impossible. Each message says what is allowed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UsageError {
    /// The output would overwrite one of the run's inputs.
    #[error(
        "{} is an input of this run; appraise never writes over its inputs\n  = allowed: a new file name for the output",
        .0.display()
    )]
    OutputIsInput(PathBuf),
    /// The output's folder does not exist (an output that cannot be written: exit code 1).
    #[error(
        "cannot write {}: the folder {} does not exist\n  = allowed: a file in an existing folder",
        .path.display(),
        .folder.display()
    )]
    NoSuchFolder {
        /// The output asked for.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// The output is a folder (an output that cannot be written: exit code 1).
    #[error("{} is a folder\n  = allowed: a file name for the output", .0.display())]
    OutputIsFolder(PathBuf),
    /// `--precision` outside (0, 1).
    #[error(
        "--precision {0} is not a relative precision\n  = allowed: a number between 0 and 1, e.g. 0.005 for 0.5%"
    )]
    Precision(f64),
    /// `--precision` with `--iterations`.
    #[error(
        "--precision chooses the number of iterations itself\n  = allowed: --precision REL (with --max-iterations N), or --iterations N"
    )]
    PrecisionWithIterations,
    /// `--precision` with Latin hypercube sampling.
    #[error(
        "--precision adds iterations to a Monte Carlo run; Latin hypercube strata depend on the total\n  = allowed: --method monte_carlo with --precision, or --iterations N with latin_hypercube"
    )]
    PrecisionNeedsMonteCarlo,
    /// An output file whose name does not say its format.
    #[error(
        "cannot tell the format of {} from its name\n  = allowed: a file ending .md, .html, .docx or .xlsx, or --format md|html|docx|xlsx",
        .0.display()
    )]
    UnknownFormat(PathBuf),
    /// A spreadsheet asked for on standard output.
    #[error("a spreadsheet cannot be written to the terminal\n  = allowed: -o FILE.xlsx")]
    SpreadsheetToTerminal,
    /// The appendix asked for as a spreadsheet.
    #[error(
        "the appendix is written as Markdown or HTML, not as a spreadsheet\n  = allowed: -o appendix.md or -o appendix.html (or --format md|html)"
    )]
    AppendixAsSpreadsheet,
    /// The decision notice asked for as a spreadsheet.
    #[error(
        "the decision notice is written as Markdown, HTML or Word, not as a spreadsheet\n  = allowed: -o notice.docx, -o notice.html or -o notice.md (or --format docx|html|md)"
    )]
    NoticeAsSpreadsheet,
    /// A Word document asked for on standard output.
    #[error("a Word document cannot be written to the terminal\n  = allowed: -o FILE.docx")]
    WordToTerminal,
    /// `--date` is not a calendar date.
    #[error("'{0}' is not a date in the form YYYY-MM-DD, e.g. 2026-07-31")]
    Date(String),
    /// `--range` is not FROM:TO:STEPS.
    #[error(
        "'{0}' is not a range\n  = allowed: FROM:TO:STEPS, e.g. 60000:140000:5 (five values from 60,000 to 140,000)"
    )]
    Range(String),
    /// `--values` lists nothing.
    #[error("--values is empty\n  = allowed: a comma-separated list, e.g. 60000,80000,100000")]
    EmptyValues,
    /// `--sweep` without `--values` or `--range`.
    #[error(
        "--sweep {0} needs its values\n  = allowed: --values 60000,80000,100000 or --range 60000:140000:5"
    )]
    SweepNeedsValues(String),
    /// `--effect` names a metric that cannot be the effect of a willingness to pay.
    #[error(
        "'{given}' cannot be the effect of a willingness to pay\n  = allowed: one of {choices}"
    )]
    Effect {
        /// What was asked for.
        given: String,
        /// The metrics allowed, comma-separated.
        choices: String,
    },
    /// `--seed` is not a whole number from 0 to 2^64 − 1.
    #[error(
        "{0}\n  = allowed: a whole number from 0 to 18446744073709551615 (2^64 − 1), e.g. --seed 2025; the same seed gives the same results"
    )]
    Seed(String),
    /// `--wtp` is negative or not a number.
    #[error(
        "--wtp {0} is not a willingness to pay\n  = allowed: £ per unit of effect, 0 or more, e.g. --wtp 5000"
    )]
    Wtp(f64),
    /// `sweep` without an input to sweep.
    #[error(
        "sweep needs an input to sweep\n  = allowed: --param PATH with --values A,B,… or --range FROM:TO:STEPS"
    )]
    SweepNeedsParam,
    /// More than two swept inputs.
    #[error(
        "{0} inputs to sweep; a sweep takes one, or two for a grid\n  = allowed: one or two --param (or --sweep), each followed by its --values or --range"
    )]
    TooManySweeps(usize),
    /// An input given both --values and --range, or either twice.
    #[error(
        "{0} is given more than one list of values\n  = allowed: one --values or one --range after each swept input"
    )]
    SweepValuesTwice(String),
    /// A grid of one input against itself.
    #[error(
        "{0} is swept twice\n  = allowed: two different inputs for a grid, e.g. --param appraisal.budget.annual --values 60000,100000 --param options.in_house.capacity.fte --range 1:3:3"
    )]
    SweepSameInput(String),
    /// A file that `init` would write already exists.
    #[error(
        "{} already exists; appraise init never writes over a file\n  = allowed: a new file name, e.g. appraise init my-appraisal.toml",
        .0.display()
    )]
    Exists(PathBuf),
    /// An audit record that is not a command appraise can run again.
    #[error(
        "the audit record cannot be run again: {0}\n  = allowed: a report, appendix or JSON results written by appraise 0.1 or later"
    )]
    Replay(String),
}

/// Why `appraise verify` could not confirm a document.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VerifyError {
    /// The document could not be read, or holds no audit record.
    #[error("{0}")]
    Unusable(String),
    /// The scenario the record names cannot be read.
    #[error(
        "{report} was made from {scenario}, which cannot be read: {why}\n  = allowed: --scenario FILE to say where the scenario is now"
    )]
    NoScenario {
        /// The document.
        report: String,
        /// The scenario file the record names.
        scenario: String,
        /// What the system said.
        why: String,
    },
    /// The document differs from what its record makes now.
    #[error("{0}")]
    Differs(String),
}

impl UsageError {
    /// 1 for an output that cannot be written (its folder does not exist, or it is a folder), 2
    /// for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            UsageError::NoSuchFolder { .. } | UsageError::OutputIsFolder(_) => 1,
            _ => 2,
        }
    }
}

/// Why a sensitivity analysis could not be done. Messages are plain English and list the valid
/// choices.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SensitivityError {
    /// No option has that identifier (or index).
    #[error("there is no option `{given}`; choose from: {choices}")]
    UnknownOption {
        /// What was asked for.
        given: String,
        /// The options' identifiers, comma-separated, in scenario order.
        choices: String,
    },
    /// No metric has that name.
    #[error("there is no metric `{given}`; choose from: {choices}")]
    UnknownMetric {
        /// What was asked for.
        given: String,
        /// Every metric's name, comma-separated, in output order.
        choices: String,
    },
    /// Switching values were asked for with 0 iterations.
    #[error("switching values need at least 1 iteration")]
    NoIterations,
    /// Switching values need two options to switch between.
    #[error(
        "switching values compare options, and the scenario has only {0}; add another option (business as usual, say)"
    )]
    TooFewOptions(usize),
}

/// Expressions written in the scenario (SWOT items) that could not be filled in: each a
/// problem located at its text in the scenario file, all of them together.
#[derive(Debug, Clone)]
pub struct ExpressionError {
    /// The texts the problems point into.
    pub sources: Sources,
    /// The problems, in scenario order.
    pub problems: Vec<Problem>,
}

/// The old name of [`ExpressionError`].
pub type SwotError = ExpressionError;

impl fmt::Display for ExpressionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{}{}: {n} item{} could not be filled in; nothing was written",
            crate::diag::show(&self.sources, &self.problems, "error"),
            self.sources.file_name,
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for ExpressionError {}

/// A metric of a run that is not a finite number (nor a ratio left undefined by a zero
/// divisor): the option, the metric, where it happened and the inputs that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct NonFiniteError {
    /// Option id.
    pub option: String,
    /// The scenario's variant the run applied, if any.
    pub variant: Option<String>,
    /// Metric name (`cost`, `cash_1`).
    pub metric: String,
    /// The metric inside a sentence (`total cost`).
    pub phrase: String,
    /// The value (NaN or ±infinity).
    pub value: f64,
    /// The iteration, counting from 1.
    pub iteration: usize,
    /// Iterations of the run.
    pub iterations: usize,
    /// Seed of the run.
    pub seed: u64,
    /// The option's inputs and the shared ones (demand, parameters) as drawn in that
    /// iteration, largest in size first: (path, value).
    pub inputs: Vec<(String, f64)>,
    /// Inputs not listed.
    pub more: usize,
}

impl fmt::Display for NonFiniteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "error: option '{}'{}: the {} ({}) came to {} in iteration {} of {} (seed {}): not a finite number, so nothing was reported",
            self.option,
            self.variant
                .as_ref()
                .map_or(String::new(), |v| format!(" under variant '{v}'")),
            self.phrase,
            self.metric,
            figure(self.value),
            self.iteration,
            self.iterations,
            self.seed
        )?;
        writeln!(f, "  the inputs of that iteration, largest first:")?;
        for (path, value) in &self.inputs {
            writeln!(f, "    {path} = {}", figure(*value))?;
        }
        if self.more > 0 {
            writeln!(f, "    … and {} more", self.more)?;
        }
        write!(
            f,
            "  = allowed: figures the model can compute with; see \"Magnitudes\" in docs/scenario-format.md"
        )
    }
}

impl std::error::Error for NonFiniteError {}

/// A number as a person reads it: up to six decimals, or in e-notation when very large or very
/// small (1e308, 5e-324), never 300 digits.
fn figure(x: f64) -> String {
    let a = x.abs();
    if !x.is_finite() || a >= 1e9 || (a != 0.0 && a < 1e-4) {
        format!("{x:e}")
    } else {
        format!("{}", (x * 1e6).round() / 1e6)
    }
}

/// A question of the scenario (`[[questions]]`) whose answer could not be filled in.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "error: question {index} of the scenario could not be answered: {message}\n  the question: {question}\n  the answer: {answer}\n  = allowed: text with expressions such as {{{{ option(\"id\").p_over_budget | pct }}}}, {{{{ option(\"id\").budget_needed.p80 | money }}}}, {{{{ variant(\"name\").best.name }}}}, {{{{ p_start_within(\"id\", 6) | pct }}}} (docs/scenario-format.md, \"Questions\")"
)]
pub struct QuestionError {
    /// 1-based number of the question.
    pub index: usize,
    /// The question.
    pub question: String,
    /// The answer as written.
    pub answer: String,
    /// What went wrong.
    pub message: String,
}

/// Why a document could not be rendered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RenderError {
    /// A template failed to load or render (the user's template, or a scenario's text).
    #[error("{0}")]
    Template(String),
    /// The spreadsheet could not be built.
    #[error("cannot build the spreadsheet: {0}")]
    Xlsx(String),
    /// The Word document could not be built.
    #[error("cannot build the Word document: {0}")]
    Docx(String),
    /// A CSV could not be written.
    #[error("cannot write CSV: {0}")]
    Csv(String),
    /// The output could not be written while rendering into it.
    #[error("cannot write: {0}")]
    Io(String),
    /// This format does not render this document.
    #[error("{format} output is not available for {document}\n  = allowed: {allowed}")]
    Unsupported {
        /// The format asked for.
        format: &'static str,
        /// The document.
        document: &'static str,
        /// The formats that are.
        allowed: &'static str,
    },
}

impl RenderError {
    /// 2 for the user's template, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            RenderError::Template(_) | RenderError::Unsupported { .. } => 2,
            RenderError::Xlsx(_)
            | RenderError::Docx(_)
            | RenderError::Csv(_)
            | RenderError::Io(_) => 1,
        }
    }
}

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file could not be written.
    #[error("cannot write {}: {why}", .path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What the system said.
        why: String,
    },
    /// Standard output could not be written.
    #[error("cannot write to standard output: {0}")]
    Stdout(String),
}
