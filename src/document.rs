//! The document: everything one command asked for, computed before anything is rendered.
//! Every renderer reads a [`Document`] and nothing else: it never samples, simulates, runs an
//! analysis or reads the engine's columns.

use crate::analysis::compare::{CompareRow, VariantResults};
use crate::analysis::diff::Diff;
use crate::analysis::mca::Mca;
use crate::analysis::paths::InputPath;
use crate::analysis::precision::Convergence;
use crate::analysis::report::ReportData;
use crate::analysis::samples::Samples;
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::sweep::{Grid, GridRow, HeatMap, Point, SweepRow};
use crate::analysis::voi::ValueOfInformation;
use crate::analysis::wtp::WtpAnalysis;
use crate::results::Results;
use serde::Serialize;

/// What a command produced, ready to render.
#[derive(Debug, Clone)]
pub enum Document {
    /// `appraise run`: the results and the analyses asked for.
    Run(Box<RunDocument>),
    /// `appraise report` and `appraise appendix`.
    Report(Box<ReportDocument>),
    /// `appraise compare`: the scenario and each of its variants.
    Compare(CompareDocument),
    /// `appraise sweep`: one input over several values.
    Sweep(SweepDocument),
    /// `appraise sensitivity`: tornadoes and switching values.
    Sensitivity(Box<SensitivityDocument>),
    /// `appraise sweep` with two inputs: a grid of every pair of values.
    Grid(Box<GridDocument>),
    /// `appraise diff`: two scenarios compared.
    Diff(Box<Diff>),
    /// `appraise paths`: every input path `--set` accepts, with its value.
    Paths(PathsDocument),
}

impl Document {
    /// The document's name in messages ("the results of a run", …).
    pub fn describe(&self) -> &'static str {
        match self {
            Document::Run(_) => "the results of a run",
            Document::Report(r) => match r.kind {
                ReportKind::Report => "the report",
                ReportKind::Appendix => "the appendix",
                ReportKind::Notice => "the decision notice",
            },
            Document::Compare(_) => "a comparison of variants",
            Document::Sweep(_) => "a sweep",
            Document::Sensitivity(_) => "a sensitivity analysis",
            Document::Grid(_) => "a two-way sweep",
            Document::Diff(_) => "a comparison of two scenarios",
            Document::Paths(_) => "a list of input paths",
        }
    }
}

/// The results of a run and the analyses `appraise run` was asked for. Its JSON is the
/// contract of docs/model.md section 10: the results' fields, then `wtp`, `mca`,
/// `value_of_information` and `convergence` when present.
#[derive(Debug, Clone, Serialize)]
pub struct RunDocument {
    /// The summary of the run.
    #[serde(flatten)]
    pub results: Results,
    /// The analysis under a willingness to pay, when one was given (`--wtp`); options by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wtp: Option<WtpAnalysis>,
    /// The multi-criteria appraisal, when the scenario has `[[criteria]]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mca: Option<Mca>,
    /// What is worth finding out before deciding, when a willingness to pay was given (on the
    /// net benefit there and on the ranking metric).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_of_information: Option<ValueOfInformation>,
    /// How a `--precision` run ended (absent for a fixed number of iterations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub convergence: Option<Convergence>,
    /// Every iteration's inputs and metrics, when `--samples` asked for them.
    #[serde(skip)]
    pub samples: Option<Samples>,
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// The SWOT-plus-numbers appraisal report.
    Report,
    /// The decision-notice appendix: the numbers only, sections A1, A2, ….
    Appendix,
    /// The decision notice, laid out as a police and crime commissioner's (`appraise notice`).
    Notice,
}

impl ReportKind {
    /// The stem of its templates' names (`report`, `appendix`, `notice`).
    pub fn name(self) -> &'static str {
        match self {
            ReportKind::Report => "report",
            ReportKind::Appendix => "appendix",
            ReportKind::Notice => "notice",
        }
    }
}

/// A report, appendix or notice: the results and everything the report shows beyond them.
#[derive(Debug, Clone)]
pub struct ReportDocument {
    /// Report or appendix.
    pub kind: ReportKind,
    /// The summary of the run.
    pub results: Results,
    /// The report's own analyses (absent for the spreadsheet, which shows the results only).
    pub data: Option<ReportData>,
    /// The date printed in the document, "YYYY-MM-DD".
    pub date: String,
}

/// The scenario and each of its variants, on the same seed.
#[derive(Debug, Clone)]
pub struct CompareDocument {
    /// The base run first, then each variant.
    pub runs: Vec<VariantResults>,
    /// One row per run and option.
    pub rows: Vec<CompareRow>,
}

/// One input over several values.
#[derive(Debug, Clone)]
pub struct SweepDocument {
    /// The swept input's path.
    pub param: String,
    /// Each value and the results there.
    pub points: Vec<Point>,
    /// One row per value and option.
    pub rows: Vec<SweepRow>,
}

/// A sensitivity analysis and the run it analyses.
#[derive(Debug, Clone)]
pub struct SensitivityDocument {
    /// The summary of the run.
    pub results: Results,
    /// The analysis (its JSON is the command's output).
    pub analysis: Sensitivity,
    /// Labels for the inputs it names: (path, label), where a label differs from the path.
    pub labels: Vec<(String, String)>,
}

impl SensitivityDocument {
    /// The label of an input path.
    pub fn label<'a>(&'a self, path: &'a str) -> &'a str {
        self.labels
            .iter()
            .find(|(p, _)| p == path)
            .map_or(path, |(_, l)| l.as_str())
    }
}

/// Two inputs over a grid of values.
#[derive(Debug, Clone)]
pub struct GridDocument {
    /// The inputs, their values and the results at every pair.
    pub grid: Grid,
    /// One row per pair of values and option.
    pub rows: Vec<GridRow>,
    /// The option most often best at each pair.
    pub heat: HeatMap,
}

/// Every input path of a scenario with its value.
#[derive(Debug, Clone, Serialize)]
pub struct PathsDocument {
    /// The scenario file, as given.
    pub file: String,
    /// The paths, in file order.
    pub paths: Vec<InputPath>,
}
