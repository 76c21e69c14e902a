//! The scenario: one appraisal, as read from a TOML file (plus `--set` overrides) and validated.
//!
//! `load` is the whole path from a file name to a validated [`Scenario`]: read the file, parse it
//! into a spanned tree, apply overrides, then read and validate every key, collecting every
//! problem before giving up. The format is documented in `docs/scenario-format.md`.

pub mod mistake;
pub mod node;
mod read;
pub mod starter;
pub mod syntax;
pub mod variant;
mod warn;

pub use variant::Variant;

use crate::diag::{Origin, Problem, Report, Sources, Span};
use crate::dist::Dist;
use serde::Serialize;
use std::path::Path;

pub use read::{CHECKLIST, Decision, Domain, SignOff, schema, weight_restriction};

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Settings of the appraisal as a whole.
    pub appraisal: Appraisal,
    /// Named quantities shared by every option, in file order.
    pub parameters: Vec<Parameter>,
    /// Referral streams shared by every option, in file order.
    pub demand: Vec<Demand>,
    /// The options being compared, in file order.
    pub options: Vec<OptionSpec>,
    /// Target rank correlations between parameters.
    pub correlations: Vec<Correlation>,
    /// Criteria of the multi-criteria appraisal, in file order (empty: none).
    pub criteria: Vec<Criterion>,
    /// Named groups of inputs whose value of information is wanted, in file order.
    pub information: Vec<Information>,
    /// The decision's own questions, answered in every report.
    pub questions: Vec<Question>,
    /// The words of the decision notice (`[decision]`; empty when the scenario has none).
    pub decision: Decision,
}

impl Scenario {
    /// The option incremental figures are measured against: the option of kind `baseline`,
    /// else the one `appraisal.reference` names; `None` when there is neither, and incremental
    /// figures are left out.
    pub fn reference(&self) -> Option<usize> {
        self.options
            .iter()
            .position(|o| o.kind == OptionKind::Baseline)
            .or_else(|| {
                let named = self.appraisal.reference.as_deref()?;
                self.options.iter().position(|o| o.id == named)
            })
    }
}

/// A question of the decision, answered from the results.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// The question, as written.
    pub question: String,
    /// The answer: a template filled in from the results (docs/reports.md).
    pub answer: String,
}

/// The parameters named in `correlations` (ascending) and the correlation matrix of their normal
/// scores under a Gaussian copula: 1 on the diagonal, r = 2·sin(π·ρ/6) for each target Spearman
/// ρ (the Pearson correlation of two normals whose rank correlation is ρ), 0 for pairs not named.
pub fn normal_score_matrix(correlations: &[Correlation]) -> (Vec<usize>, Vec<Vec<f64>>) {
    let mut members: Vec<usize> = correlations
        .iter()
        .flat_map(|c| [c.between.0, c.between.1])
        .collect();
    members.sort_unstable();
    members.dedup();
    let pos = |p: usize| members.iter().position(|m| *m == p).expect("member");
    let mut m = vec![vec![0.0; members.len()]; members.len()];
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    for c in correlations {
        let r = 2.0 * (std::f64::consts::PI * c.spearman / 6.0).sin();
        let (a, b) = (pos(c.between.0), pos(c.between.1));
        m[a][b] = r;
        m[b][a] = r;
    }
    (members, m)
}

/// A target Spearman rank correlation between two parameters.
#[derive(Debug, Clone, Serialize)]
pub struct Correlation {
    /// Indices into `parameters`.
    pub between: (usize, usize),
    /// The target Spearman rank correlation, −1 to 1 (exclusive).
    pub spearman: f64,
    /// Where the figure comes from.
    pub source: Option<String>,
}

/// A criterion of the multi-criteria appraisal (`[[criteria]]`).
#[derive(Debug, Clone)]
pub struct Criterion {
    /// Identifier (letters, digits, underscore).
    pub id: String,
    /// Name for reports.
    pub name: String,
    /// Longer description.
    pub description: Option<String>,
    /// Which way is better.
    pub better: crate::metric::Better,
    /// The metric of the run measured, if the criterion is one.
    pub metric: Option<String>,
    /// A score for each option, in option order: every option's when there is no metric; with
    /// a metric, the values of the options it does not measure (in its units), if any.
    pub scores: Vec<Option<Quantity>>,
    /// The values that map to 0 and to 1 in the criterion's units, as (low, high) whatever the
    /// direction; `None` for a metric whose range is the run's P1 to P99.
    pub scale: Option<(f64, f64)>,
    /// How much the criterion may weigh.
    pub weight: CriterionWeight,
    /// Where the criterion and its scores come from.
    pub source: Option<String>,
    /// A note on it.
    pub note: Option<String>,
}

/// The weight a criterion may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CriterionWeight {
    /// Any weight (every weight vector equally likely).
    Any,
    /// A weight within [low, high].
    Range(f64, f64),
    /// A rank among the criteria (1 the most important).
    Rank(u32),
}

/// A named group of inputs whose value of information is wanted (`[[information]]`).
#[derive(Debug, Clone)]
pub struct Information {
    /// Identifier.
    pub id: String,
    /// Name for reports.
    pub name: String,
    /// Input paths, each possibly with `*` standing for any run of characters.
    pub inputs: Vec<String>,
    /// Where each of `inputs` is written.
    pub spans: Vec<Span>,
}

/// Settings of the appraisal as a whole.
#[derive(Debug, Clone)]
pub struct Appraisal {
    /// Title of the decision.
    pub title: String,
    /// The council or commissioner making it.
    pub authority: Option<String>,
    /// A paragraph on the decision being made.
    pub context: Option<String>,
    /// All money is in real terms at this year's prices.
    pub price_base_year: i32,
    /// First month of year 0.
    pub start: YearMonth,
    /// Years appraised (1–30); the model runs 12 × this many months.
    pub horizon_years: u32,
    /// Real discount rate per year (Green Book: 0.035).
    pub discount_rate: f64,
    /// Uplift per year from real to cash (nominal) prices, for budgets only.
    pub cash_uplift: f64,
    /// The budget cash is compared with, if any.
    pub budget: Option<Budget>,
    /// Iterations of the Monte Carlo model.
    pub iterations: u64,
    /// Seed of the random streams, if the scenario gives one.
    pub seed: Option<u64>,
    /// How inputs are sampled.
    pub method: Method,
    /// The metric that decides which option is best, if the scenario names one.
    pub ranking_metric: Option<String>,
    /// The option incremental figures are against when no option is of kind `baseline`.
    pub reference: Option<String>,
    /// What documents call the people counted per case (`appraisal.outcome_names`).
    pub outcome_names: OutcomeNames,
}

/// Names of the people counted by `victims_per_case` and `children_per_case`, as the scenario
/// gives them (`None`: the default name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeNames {
    /// Name of the people counted by `victims_per_case` ("Victims supported" by default).
    pub victims: Option<String>,
    /// Name of the people counted by `children_per_case` ("Children supported" by default).
    pub children: Option<String>,
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearMonth {
    /// Calendar year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

/// A budget that cash by year is compared with (in cash terms, £).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Budget {
    /// The most that may be spent in any one year.
    Annual(f64),
    /// The most that may be spent over the whole horizon.
    Total(f64),
}

/// How inputs are sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Independent draws.
    MonteCarlo,
    /// Each input's draws stratified into N equal-probability strata.
    LatinHypercube,
}

impl Method {
    /// The name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::MonteCarlo => "monte_carlo",
            Method::LatinHypercube => "latin_hypercube",
        }
    }

    /// Parses a method name.
    pub fn from_name(s: &str) -> Option<Method> {
        match s {
            "monte_carlo" => Some(Method::MonteCarlo),
            "latin_hypercube" => Some(Method::LatinHypercube),
            _ => None,
        }
    }
}

/// A quantity as written: its distribution, with where it came from.
#[derive(Debug, Clone)]
pub struct Quantity {
    /// The distribution (a fixed value is `Dist::Fixed`).
    pub dist: Dist,
    /// Where the figure comes from, as the scenario says.
    pub source: Option<String>,
    /// A note on the figure.
    pub note: Option<String>,
    /// A name for people (`label = "..."`); documents derive one from the path when absent.
    pub label: Option<String>,
    /// Where it was written; `None` for a default.
    pub span: Option<Span>,
    /// True when the scenario left this out and the default applies.
    pub is_default: bool,
}

/// A quantity used by an option or demand stream: its own, or a named parameter.
#[derive(Debug, Clone)]
pub enum QuantityRef {
    /// Written in place.
    Own(Quantity),
    /// Names `[parameters]` entry number `.0`.
    Param(usize),
}

impl QuantityRef {
    /// The quantity itself: written in place, or the parameter's that it names.
    pub fn resolve<'a>(&'a self, s: &'a Scenario) -> &'a Quantity {
        match self {
            QuantityRef::Own(q) => q,
            QuantityRef::Param(i) => &s.parameters[*i].quantity,
        }
    }
}

/// A named quantity shared by every option.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Its name.
    pub name: String,
    /// Its distribution.
    pub quantity: Quantity,
    /// The domain every use allows (intersection); draws are clamped to it.
    pub domain: Domain,
}

/// A referral stream.
#[derive(Debug, Clone)]
pub struct Demand {
    /// Identifier used in `reach`.
    pub id: String,
    /// Name for reports.
    pub name: Option<String>,
    /// People who could be referred per year.
    pub per_year: QuantityRef,
}

/// What kind of delivery an option is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionKind {
    /// Delivered by the authority's own staff.
    InHouse,
    /// Bought from a provider.
    Commissioned,
    /// Joined with another authority.
    Partnership,
    /// Carry on as now.
    Baseline,
    /// Anything else.
    Other,
}

impl OptionKind {
    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            OptionKind::InHouse => "in_house",
            OptionKind::Commissioned => "commissioned",
            OptionKind::Partnership => "partnership",
            OptionKind::Baseline => "baseline",
            OptionKind::Other => "other",
        }
    }
}

/// One option.
#[derive(Debug, Clone)]
pub struct OptionSpec {
    /// Identifier (letters, digits, underscore).
    pub id: String,
    /// Kind of delivery.
    pub kind: OptionKind,
    /// Name for reports.
    pub name: String,
    /// Longer description.
    pub description: Option<String>,
    /// Months from the start of year 0 until the service starts.
    pub mobilisation_months: QuantityRef,
    /// Share of referrals assessed suitable.
    pub suitability: QuantityRef,
    /// Share of the suitable who start.
    pub engagement: QuantityRef,
    /// Share of those engaged who complete.
    pub completion: QuantityRef,
    /// Victims supported per person engaged.
    pub victims_per_case: QuantityRef,
    /// Children supported per person engaged.
    pub children_per_case: QuantityRef,
    /// Uplift on every cost (Green Book optimism bias).
    pub optimism_bias: QuantityRef,
    /// Months after starting until referrals reach their full rate.
    pub ramp_up_months: QuantityRef,
    /// Share of each demand stream the option can take: (demand index, share).
    pub reach: Vec<(usize, QuantityRef)>,
    /// Places per year, if the option reaches any demand.
    pub capacity: Option<Capacity>,
    /// Cost lines.
    pub costs: Vec<Cost>,
    /// Risk events.
    pub risks: Vec<Risk>,
    /// Valued outcomes.
    pub outcomes: Vec<Outcome>,
    /// SWOT items (templates rendered by the report).
    pub swot: Swot,
}

/// Annual capacity of an option.
// One per option: the size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Capacity {
    /// Places per year.
    Places(QuantityRef),
    /// fte × caseload × 52 / duration_weeks places per year.
    Caseload {
        /// Full-time equivalent workers.
        fte: QuantityRef,
        /// Cases each holds at once.
        caseload: QuantityRef,
        /// Weeks a case lasts (≥ 1).
        duration_weeks: QuantityRef,
    },
}

/// How a cost line accrues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Per year, paid monthly.
    Annual,
    /// Once, in a given month.
    OneOff,
    /// Per person engaged.
    PerCase,
    /// Per person who completes.
    PerCompletion,
}

impl Basis {
    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Annual => "annual",
            Basis::OneOff => "one_off",
            Basis::PerCase => "per_case",
            Basis::PerCompletion => "per_completion",
        }
    }
}

/// When an annual cost line starts to be paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Accrues {
    /// Only while the service runs.
    InService,
    /// From month 0, whether or not the service has started.
    FromStart,
}

/// One cost line.
#[derive(Debug, Clone)]
pub struct Cost {
    /// Name for reports.
    pub name: String,
    /// How it accrues.
    pub basis: Basis,
    /// Amount in £ (per year, once, per case or per completion).
    pub amount: QuantityRef,
    /// FTE multiplier (annual lines).
    pub fte: QuantityRef,
    /// On-cost share (annual lines).
    pub on_cost: QuantityRef,
    /// When annual lines start.
    pub accrues: Accrues,
    /// Month of a one-off line.
    pub month: u32,
    /// The line's own yearly uplift from base-year prices to cash (0 for a price fixed in
    /// cash); `None` follows the appraisal's `cash_uplift`.
    pub uplift: Option<f64>,
}

/// One risk event.
#[derive(Debug, Clone)]
pub struct Risk {
    /// Name for reports.
    pub name: String,
    /// Longer description.
    pub description: Option<String>,
    /// Probability it occurs over the horizon.
    pub probability: QuantityRef,
    /// Months of delay to the start when it occurs.
    pub delay_months: QuantityRef,
    /// Cost in £ in month 0 when it occurs.
    pub extra_cost: QuantityRef,
    /// Multiplies capacity for the whole horizon when it occurs.
    pub capacity_factor: QuantityRef,
}

/// What an outcome is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Per person who completes.
    Completion,
    /// Per person engaged.
    Engaged,
}

/// One valued outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Name for reports.
    pub name: String,
    /// What it is counted per.
    pub per: Per,
    /// Units of outcome per person.
    pub effect: QuantityRef,
    /// £ per unit of outcome.
    pub value: QuantityRef,
    /// Share that would have happened anyway.
    pub deadweight: QuantityRef,
    /// Share due to this option.
    pub attribution: QuantityRef,
    /// Years the benefit lasts (≥ 1).
    pub persistence_years: u32,
    /// Share lost each year after the first.
    pub drop_off: QuantityRef,
}

/// SWOT items; each is a template rendered against the option's results.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Swot {
    /// Strengths.
    pub strengths: Vec<String>,
    /// Weaknesses.
    pub weaknesses: Vec<String>,
    /// Opportunities.
    pub opportunities: Vec<String>,
    /// Threats.
    pub threats: Vec<String>,
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("{0}")]
    Unreadable(String),
    /// The file was read but has problems.
    #[error("{0}")]
    Invalid(Box<Report>),
}

/// A loaded scenario with the texts it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// The file's text and the overrides (for the audit block and for messages).
    pub sources: Sources,
    /// The file's bytes, for its SHA-256.
    pub bytes: Vec<u8>,
    /// Every variant the file declares.
    pub variants: Vec<Variant>,
    /// The variant applied, if any.
    pub variant: Option<String>,
    /// The `--set` overrides typed on the command line (after the variant's).
    pub cli_overrides: Vec<String>,
    /// Figures that are probably not what was meant; they do not stop a run.
    pub warnings: Vec<Problem>,
}

impl Loaded {
    /// The warnings as printed on stderr ("warning: file:line:col: …", each followed by a blank
    /// line); empty when there are none.
    pub fn warnings_text(&self) -> String {
        crate::diag::show(&self.sources, &self.warnings, "warning")
    }
}

/// Reads, parses, overrides and validates a scenario file.
pub fn load(path: &Path, overrides: &[String]) -> Result<Loaded, LoadError> {
    load_variant(path, None, overrides)
}

/// Reads a scenario file, applies variant `variant` (if any) and `overrides`, and validates it.
pub fn load_variant(
    path: &Path,
    variant: Option<&str>,
    overrides: &[String],
) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(LoadError::Unreadable(format!(
            "error: {name} is a folder, not a scenario file\n  = allowed: a .toml scenario file, e.g. scenarios/torbay-2025.toml"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => {
                "there is no such file\n  = allowed: the path of a scenario file, e.g. scenarios/torbay-2025.toml".to_string()
            }
            std::io::ErrorKind::PermissionDenied => "permission to read it was refused".to_string(),
            _ => e.to_string(),
        };
        LoadError::Unreadable(format!("error: cannot read {name}: {why}"))
    })?;
    if bytes.contains(&0) {
        return Err(LoadError::Unreadable(format!(
            "error: {name} is not a text file (it holds binary data)\n  = allowed: a TOML scenario file in UTF-8 text"
        )));
    }
    let text = match String::from_utf8(bytes.clone()) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            return Err(LoadError::Unreadable(format!(
                "error: {name}:{line}: this file is not UTF-8 text: byte 0x{:02X} on line {line} is not UTF-8 (the file was probably saved as Latin-1 or Windows-1252)\n  = allowed: a TOML scenario file saved as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")",
                bytes[at]
            )));
        }
    };
    from_text_variant(&name, text, variant, overrides, bytes)
}

/// Parses, overrides and validates scenario text (`name` is used in messages).
pub fn from_text(
    name: &str,
    text: String,
    overrides: &[String],
    bytes: Vec<u8>,
) -> Result<Loaded, LoadError> {
    from_text_variant(name, text, None, overrides, bytes)
}

/// Parses scenario text, applies the overrides of variant `variant` (if any) and then
/// `overrides`, and validates the result.
pub fn from_text_variant(
    name: &str,
    text: String,
    variant: Option<&str>,
    overrides: &[String],
    bytes: Vec<u8>,
) -> Result<Loaded, LoadError> {
    let mut sources = Sources::file(name, text);
    if sources.text.trim().is_empty() {
        return Err(LoadError::Unreadable(format!(
            "error: {name} is empty\n  = allowed: a scenario with an [appraisal] table and at least one [[options]] entry; copy scenarios/minimal.toml to start"
        )));
    }
    let parsed = node::parse_document(&sources.text);
    let invalid = |sources: &Sources, problems: Vec<Problem>| {
        LoadError::Invalid(Box::new(Report {
            sources: sources.clone(),
            problems,
        }))
    };
    let Some(doc0) = parsed.doc.as_ref() else {
        return Err(invalid(&sources, parsed.problems));
    };
    let variants = variant::read(doc0).map_err(|problems| {
        let mut all = parsed.problems.clone();
        all.extend(after_syntax(&parsed, &sources, problems));
        invalid(&sources, all)
    })?;
    let mut from_variant = 0;
    if let Some(v) = variant {
        let Some(found) = variants.iter().find(|x| x.name == v) else {
            let names: Vec<&str> = variants.iter().map(|x| x.name.as_str()).collect();
            return Err(LoadError::Unreadable(format!(
                "error: {name} has no variant '{v}'\n  = allowed: {}",
                if names.is_empty() {
                    "this scenario declares no [[variants]]".to_string()
                } else {
                    format!("one of: {}", names.join(", "))
                }
            )));
        };
        for (s, span) in found.set.iter().zip(&found.set_spans) {
            let at = variant::offsets_in_file(&sources.text, span.range.clone(), s);
            sources.push_override(s, &format!("variant '{v}':"), Some(at));
        }
        from_variant = found.set.len();
    }
    for o in overrides {
        sources.push_override(o, "--set", None);
    }
    let problems = match check(doc0, &sources, |_| true) {
        Ok((scenario, doc)) if parsed.problems.is_empty() => {
            let warnings = warn::warnings(&scenario, &doc);
            return Ok(Loaded {
                scenario,
                sources,
                bytes,
                variants,
                variant: variant.map(str::to_string),
                cli_overrides: overrides.to_vec(),
                warnings,
            });
        }
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    };
    let mut problems = after_syntax(&parsed, &sources, problems);
    if let (Some(v), true) = (variant, parsed.problems.is_empty()) {
        blame_variant(doc0, &sources, v, from_variant, &mut problems);
    }
    let mut all = parsed.problems.clone();
    all.extend(problems);
    Err(invalid(&sources, all))
}

/// Applies the overrides for which `use_override(i)` holds to a copy of `doc`, then reads and
/// validates it; returns the scenario and the tree it was read from.
fn check(
    doc: &node::Node,
    sources: &Sources,
    use_override: impl Fn(usize) -> bool,
) -> Result<(Scenario, node::Node), Vec<Problem>> {
    let mut doc = doc.clone();
    let mut problems = Vec::new();
    for (i, o) in sources.overrides.iter().enumerate() {
        if use_override(i)
            && let Err(p) = node::apply_override(&mut doc, o, i)
        {
            problems.push(p);
        }
    }
    match read::read(&doc) {
        Ok(s) if problems.is_empty() => Ok((s, doc)),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}

/// The problems found in a file read on after syntax errors: those about the values left out
/// are dropped (they were reported as syntax errors), the others marked as found afterwards.
fn after_syntax(parsed: &node::Parsed, sources: &Sources, problems: Vec<Problem>) -> Vec<Problem> {
    let Some(first) = parsed.problems.first() else {
        return problems;
    };
    let line = first
        .span
        .as_ref()
        .map(|s| crate::diag::line_col(&sources.text, s.range.start).0);
    let left_out = |p: &Problem| {
        let in_range = p.span.as_ref().is_some_and(|s| {
            s.origin == Origin::File
                && parsed
                    .left_out
                    .iter()
                    .any(|r| s.range.start >= r.start && s.range.start < r.end.max(r.start + 1))
        });
        let missing = parsed
            .left_out_keys
            .iter()
            .any(|k| p.message == format!("the required key '{k}' is missing"));
        in_range || missing
    };
    problems
        .into_iter()
        .filter(|p| !left_out(p))
        .map(|p| p.note(syntax::after_note(line), None))
        .collect()
}

/// Marks each problem in the file that only variant `name` causes (its first `count` overrides):
/// the problem does not arise without the variant, and the note points at the `set` entry after
/// which it first arises.
fn blame_variant(
    doc: &node::Node,
    sources: &Sources,
    name: &str,
    count: usize,
    problems: &mut [Problem],
) {
    let same =
        |a: &Problem, b: &Problem| a.path == b.path && a.span == b.span && a.message == b.message;
    let with_first = |k: usize| {
        check(doc, sources, |i| i >= count || i < k)
            .err()
            .unwrap_or_default()
    };
    let base = with_first(0);
    for p in problems.iter_mut() {
        let in_file = p.span.as_ref().is_some_and(|s| s.origin == Origin::File);
        if count == 0 || !in_file || base.iter().any(|b| same(b, p)) {
            continue;
        }
        let Some(k) = (1..=count).find(|&k| with_first(k).iter().any(|q| same(q, p))) else {
            continue;
        };
        let set = Span {
            origin: Origin::Override(k - 1),
            range: 0..sources.overrides[k - 1].len(),
        };
        *p = p.clone().note(
            format!(
                "this arises only under variant '{name}', whose set entry changes the scenario here"
            ),
            Some(set),
        );
    }
}
