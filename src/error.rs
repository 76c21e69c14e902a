//! Why appraise stopped: one typed error per step, each message in plain words with what is
//! allowed. Only `main` turns an [`Error`] into an exit code ([`Error::exit_code`]): 2 for the
//! user's input or command line, 1 for anything else (an output that cannot be written).

use crate::scenario::LoadError;
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
    /// A SWOT item of the scenario could not be filled in.
    #[error(transparent)]
    Swot(#[from] SwotError),
    /// A question of the scenario could not be answered from the results.
    #[error("{0}")]
    Question(#[from] QuestionError),
    /// A document could not be rendered.
    #[error("error: {0}")]
    Render(#[from] RenderError),
    /// An output could not be written.
    #[error("error: {0}")]
    Output(#[from] OutputError),
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
    /// The process exit code: 2 for the user's input or usage, 1 for anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Load(_)
            | Error::Usage(_)
            | Error::Sensitivity(_)
            | Error::Swot(_)
            | Error::Question(_) => 2,
            Error::Render(e) => e.exit_code(),
            Error::Output(_) | Error::Threads { .. } => 1,
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
    /// The output's folder does not exist.
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
    /// The output is a folder.
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
    /// `--wtp` is negative or not a number.
    #[error(
        "--wtp {0} is not a willingness to pay\n  = allowed: £ per unit of effect, 0 or more, e.g. --wtp 5000"
    )]
    Wtp(f64),
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

/// A SWOT item of the scenario that could not be filled in from the option's results.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "error: option '{option}', {section} item {index} could not be filled in: {message}\n  the item: {item}\n  = allowed: text with expressions such as {{{{ p_over_budget | pct }}}}, {{{{ p_start_within(6) | pct }}}}, {{{{ p_cost_above(100000) | pct }}}}, {{{{ metric(\"cost\").p50 | money }}}}, {{{{ p_best | pct }}}}"
)]
pub struct SwotError {
    /// Option id.
    pub option: String,
    /// strengths, weaknesses, opportunities or threats.
    pub section: &'static str,
    /// 1-based item number.
    pub index: usize,
    /// The item as written.
    pub item: String,
    /// What went wrong.
    pub message: String,
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
