//! appraise: appraising public-service delivery options under uncertainty.
//!
//! The pipeline runs one way, each step a module that passes plain types forward:
//!
//! ```text
//! config (flags → Config) → scenario (load, validate) → engine (compile, sample, simulate)
//!   → finite (every metric a finite number) → results (summarise) → analysis (compare, sweep, sensitivity, wtp, report data, …)
//!   → document → render (table, JSON, CSV, samples, Markdown, HTML, xlsx) → output
//! ```
//!
//! [`run::run`] runs a scenario up to its results; [`execute`] runs a whole command.

#![warn(missing_docs)]

pub mod affordability;
pub mod analysis;
pub mod cli;
pub mod config;
pub mod diag;
pub mod dist;
pub mod document;
pub mod engine;
pub mod error;
pub mod finite;
pub mod format;
pub mod metric;
pub mod output;
pub mod progress;
pub mod render;
pub mod request;
pub mod results;
pub mod run;
pub mod scenario;
pub mod stats;
pub mod verify;

pub use error::Error;
pub use request::Request;

use analysis::report::ReportRequest;
use analysis::{
    compare, mca, paths, plausible, precision, report, samples, sensitivity, sweep, voi, wtp,
};
use clap::CommandFactory;
use config::{Command, Config, ReportJob, RunJob, SweepSpec};
use diag::Problem;
use document::{
    CompareDocument, Document, GridDocument, PathsDocument, ReportDocument, RunDocument,
    SensitivityDocument, SweepDocument,
};
use error::{UsageError, VerifyError};
use render::{Format, Render, SamplesCsv, Table};
use results::{Recipe, SweepRecord, TemplateRecord, sha256_hex};
use scenario::LoadError;
use scenario::starter::{SCHEMA_FILE, Starter};
use std::path::{Path, PathBuf};

/// How a command that did not fail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for was done.
    Done,
    /// `validate` found problems (already reported on standard error).
    Invalid,
}

/// Runs a checked command, on a pool of `config.threads` worker threads when given (results
/// do not depend on it), writing its outputs.
///
/// # Errors
/// The first [`Error`] of any step.
pub fn execute(config: &Config) -> Result<Outcome, Error> {
    match config.threads {
        Some(count) => rayon::ThreadPoolBuilder::new()
            .num_threads(count)
            .build()
            .map_err(|e| Error::Threads {
                count,
                why: e.to_string(),
            })?
            .install(|| dispatch(&config.command, config.width)),
        None => dispatch(&config.command, config.width),
    }
}

fn dispatch(command: &Command, width: Option<usize>) -> Result<Outcome, Error> {
    let (format, doc) = match command {
        Command::Validate(files) => return Ok(validate(files)),
        Command::Report(job) => return write_report(job, &report_document(job)?),
        Command::Run(job) => {
            let doc = run_document(job)?;
            if let Some(path) = &job.samples {
                output::write_file(path, |w| SamplesCsv.render_to(&doc, w))?;
            }
            return print(job.format, width, &doc);
        }
        Command::Compare { request, format } => (*format, compare_document(request)?),
        Command::Sweep {
            request,
            sweep,
            format,
        } => match &sweep.by {
            None => (*format, sweep_document(request, sweep)?),
            Some(by) => return print(*format, width, &grid_document(request, sweep, by)?),
        },
        Command::Sensitivity {
            request,
            option,
            metric,
            switching_iterations,
            format,
        } => (
            *format,
            sensitivity_document(
                request,
                option.as_deref(),
                metric.as_deref(),
                *switching_iterations,
            )?,
        ),
        Command::Init { file, starter } => return init(file, *starter),
        Command::Schema { output } => {
            return write_text(output.as_deref(), &schema_text());
        }
        Command::Completions(shell) => {
            let mut bytes = Vec::new();
            clap_complete::generate(*shell, &mut cli::Cli::command(), "appraise", &mut bytes);
            output::write_stdout(&bytes)?;
            return Ok(Outcome::Done);
        }
        Command::Man { output } => return write_text(output.as_deref(), &man_page()),
        Command::Paths(request) => (Format::Table, paths_document(request)?),
        Command::Verify {
            report,
            scenario,
            regenerate,
        } => return verify(report, scenario.as_deref(), regenerate.as_deref()),
        Command::Diff { a, b, format } => {
            let doc = Document::Diff(Box::new(analysis::diff::diff(a, b)?));
            return print(*format, width, &doc);
        }
    };
    print(format, None, &doc)
}

/// Prints a document on standard output; a table within `width` columns.
fn print(format: Format, width: Option<usize>, doc: &Document) -> Result<Outcome, Error> {
    let bytes = match format {
        Format::Table => Table { width }.render(doc)?,
        other => other.renderer(None).render(doc)?,
    };
    output::write_stdout(&bytes)?;
    Ok(Outcome::Done)
}

/// The JSON Schema of the scenario format, pretty-printed (`appraise schema`).
pub fn schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&scenario::schema()).expect("a schema serialises");
    s.push('\n');
    s
}

/// The manual page of appraise (roff), from the same definition as the flags.
pub fn man_page() -> String {
    let mut bytes = Vec::new();
    clap_mangen::Man::new(cli::Cli::command())
        .render(&mut bytes)
        .expect("writing into memory does not fail");
    String::from_utf8(bytes).expect("the manual page is UTF-8")
}

/// Text to a file (whole or not at all) or to standard output.
fn write_text(path: Option<&Path>, text: &str) -> Result<Outcome, Error> {
    match path {
        Some(p) => {
            output::check_output_path(p, &[])?;
            output::write_file(p, |w| {
                w.write_all(text.as_bytes())
                    .map_err(|e| error::RenderError::Io(e.to_string()))
            })?;
            eprintln!("wrote {}", p.display());
        }
        None => output::write_stdout(text.as_bytes())?,
    }
    Ok(Outcome::Done)
}

/// Writes a starting scenario to `file` (never over an existing file) and, when the folder has
/// none, the schema its `#:schema` line names.
fn init(file: &Path, starter: Starter) -> Result<Outcome, Error> {
    if file.exists() {
        return Err(UsageError::Exists(file.to_path_buf()).into());
    }
    output::check_output_path(file, &[])?;
    output::write_new_file(file, starter.text().as_bytes())?;
    eprintln!(
        "wrote {} (the {} starting scenario)",
        file.display(),
        starter.name()
    );
    let schema = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from(SCHEMA_FILE), |d| d.join(SCHEMA_FILE));
    let text = schema_text();
    match std::fs::read(&schema) {
        Ok(old) if old == text.as_bytes() => {}
        Ok(_) => eprintln!(
            "kept {}, which differs from this version's schema; appraise schema -o {} updates it",
            schema.display(),
            schema.display()
        ),
        Err(_) => {
            output::write_new_file(&schema, text.as_bytes())?;
            eprintln!(
                "wrote {} (the scenario format, for editors that complete keys)",
                schema.display()
            );
        }
    }
    eprintln!(
        "next: edit {0}, then appraise validate {0} and appraise run {0}",
        file.display()
    );
    Ok(Outcome::Done)
}

/// The document of `appraise paths`: every input path of the scenario, with its value.
///
/// # Errors
/// The scenario's problems.
pub fn paths_document(request: &Request) -> Result<Document, Error> {
    let loaded = run::load(request)?;
    Ok(Document::Paths(PathsDocument {
        file: loaded.sources.file_name.clone(),
        paths: paths::input_paths(&loaded.scenario),
    }))
}

/// The document of `appraise sweep` with two inputs: every pair of their values.
///
/// # Errors
/// The problems of the scenario or of a value.
pub fn grid_document(
    request: &Request,
    rows: &SweepSpec,
    columns: &SweepSpec,
) -> Result<Document, Error> {
    let grid = sweep::grid(
        request,
        (&rows.param, &rows.values),
        (&columns.param, &columns.values),
    )?;
    Ok(Document::Grid(Box::new(GridDocument {
        rows: sweep::grid_rows(&grid),
        heat: sweep::heat_map(&grid),
        grid,
    })))
}

/// A fresh document with the scenario named as its record names it (`verify --scenario` reads
/// the same scenario from another place).
fn as_recorded(mut doc: Document, scenario_file: &str) -> Document {
    match &mut doc {
        Document::Run(d) => d.results.audit.scenario_file = scenario_file.to_string(),
        Document::Report(d) => d.results.audit.scenario_file = scenario_file.to_string(),
        _ => {}
    }
    doc
}

/// Checks a document against a fresh run of what its audit record says: reads the record,
/// checks the scenario (and a user's template) against their recorded SHA-256, makes the
/// document again in memory and compares the bytes; writes that fresh document to
/// `regenerate` when given.
fn verify(
    report: &Path,
    scenario: Option<&Path>,
    regenerate: Option<&Path>,
) -> Result<Outcome, Error> {
    let bytes = std::fs::read(report).map_err(|e| {
        VerifyError::Unusable(format!("cannot read {}: {}", report.display(), e.kind()))
    })?;
    let kind = verify::Kind::of(&bytes);
    let audit = verify::record(kind, &bytes, report).map_err(VerifyError::Unusable)?;
    let scenario = scenario.map_or_else(|| PathBuf::from(&audit.scenario_file), Path::to_path_buf);
    let scenario_bytes = std::fs::read(&scenario).map_err(|e| VerifyError::NoScenario {
        report: report.display().to_string(),
        scenario: scenario.display().to_string(),
        why: match e.kind() {
            std::io::ErrorKind::NotFound => "there is no such file".into(),
            kind => kind.to_string(),
        },
    })?;
    let mut causes = Vec::new();
    let now = sha256_hex(&scenario_bytes);
    if now != audit.scenario_sha256 {
        causes.push(format!(
            "the scenario {} has changed since the document was made (SHA-256 {} then, {} now)",
            scenario.display(),
            audit.scenario_sha256,
            now
        ));
    }
    if audit.version != env!("CARGO_PKG_VERSION") {
        causes.push(format!(
            "the document was made by appraise {}, and this is appraise {}",
            audit.version,
            env!("CARGO_PKG_VERSION")
        ));
    }
    let streams = audit.streams.as_deref();
    if streams != Some(engine::sample::STREAMS) {
        causes.push(format!(
            "the document's numbers were drawn with random streams {}, and this appraise draws \
             with {} (docs/model.md section 3): the same seed gives other draws",
            streams.unwrap_or("from before v3"),
            engine::sample::STREAMS
        ));
    }
    let command = config::replay(&audit, report, &scenario)?;
    let fresh = match &command {
        Command::Report(job) => {
            let template = job.template.as_deref();
            let ext = if job.format == Format::Html {
                "html"
            } else {
                "md"
            };
            if let Some(t) = audit.document.as_ref().and_then(|d| d.template.as_ref())
                && render::template_sha256(job.kind, ext, template).as_deref() != Some(&t.sha256)
            {
                causes.push(match &t.file {
                    Some(f) => format!("the template {f} has changed since the document was made"),
                    None => "the built-in templates of this appraise differ from those that made the document".into(),
                });
            }
            let doc = as_recorded(report_document(job)?, &audit.scenario_file);
            job.format.renderer(job.template.clone()).render(&doc)?
        }
        Command::Run(job) => {
            let doc = as_recorded(run_document(job)?, &audit.scenario_file);
            job.format.renderer(None).render(&doc)?
        }
        _ => {
            return Err(VerifyError::Unusable(format!(
                "{} records a command that verify cannot run again",
                report.display()
            ))
            .into());
        }
    };
    if let Some(out) = regenerate {
        output::check_output_path(out, &[])?;
        output::write_new_file(out, &fresh)?;
        eprintln!(
            "wrote {} (made afresh from the audit block of {})",
            out.display(),
            report.display()
        );
    }
    let differences = verify::differences(kind, &bytes, &fresh);
    if differences.is_empty() {
        println!(
            "verified: {} is byte-identical to a fresh run of {} (seed {}, {} iterations)",
            report.display(),
            scenario.display(),
            audit.seed,
            format::num(audit.iterations as f64, 0)
        );
        return Ok(Outcome::Done);
    }
    let mut text = format!(
        "{} differs from a fresh run of what its audit block records:",
        report.display()
    );
    for c in causes.iter().chain(&differences) {
        text.push_str(&format!("\n  - {c}"));
    }
    text.push_str(if causes.is_empty() {
        "\n  = the document has been changed since it was made"
    } else {
        "\n  = the figures cannot be reproduced from what the document records"
    });
    Err(VerifyError::Differs(text).into())
}

/// The document of `appraise compare`: the scenario and each of its variants.
///
/// # Errors
/// The problems of the scenario or of a variant.
pub fn compare_document(request: &Request) -> Result<Document, Error> {
    let runs = compare::variants(request)?;
    let rows = compare::rows(&runs);
    Ok(Document::Compare(CompareDocument { runs, rows }))
}

/// The document of `appraise sweep`: one input over several values.
///
/// # Errors
/// The problems of the scenario or of a value.
pub fn sweep_document(request: &Request, spec: &SweepSpec) -> Result<Document, Error> {
    let points = sweep::run(request, &spec.param, &spec.values)?;
    let rows = sweep::rows(&spec.param, &points);
    Ok(Document::Sweep(SweepDocument {
        param: spec.param.clone(),
        points,
        rows,
    }))
}

/// The document of `appraise sensitivity`: tornadoes and switching values of one option and
/// metric (defaults: the option most often best, the ranking metric).
///
/// # Errors
/// The scenario's problems; an unknown option or metric.
pub fn sensitivity_document(
    request: &Request,
    option: Option<&str>,
    metric: Option<&str>,
    switching_iterations: Option<u64>,
) -> Result<Document, Error> {
    let run = run::run(request)?;
    let analysis = sensitivity::analyse(&run, option, metric, switching_iterations)?;
    let model = &run.simulation.model;
    let labels = model
        .inputs
        .iter()
        .map(|i| (i.path.clone(), sensitivity::input_label(model, &i.path)))
        .filter(|(path, label)| path != label)
        .collect();
    Ok(Document::Sensitivity(Box::new(SensitivityDocument {
        results: run.results,
        analysis,
        labels,
    })))
}

/// Checks scenario files and their variants, reporting every problem on standard error and
/// what each valid file holds on standard output.
fn validate(files: &[PathBuf]) -> Outcome {
    let failed = files.iter().filter(|f| !validate_file(f)).count();
    if failed == 0 {
        Outcome::Done
    } else {
        Outcome::Invalid
    }
}

/// Checks one scenario file: it loads, each of its variants loads, and a dry run of each
/// ([`run::dry_run`]) gives finite metrics and fills in every SWOT item. Problems go to standard
/// error; true when there were none.
fn validate_file(f: &Path) -> bool {
    let l = match scenario::load(f, &[]) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            if let LoadError::Invalid(_) = e {
                eprintln!();
            }
            return false;
        }
    };
    eprint!("{}", l.warnings_text());
    eprint!("{}", plausibility(l.clone()));
    let mut good = true;
    let problems = voi::check(&l);
    if !problems.is_empty() {
        good = false;
        let sources = l.sources.clone();
        let report = Box::new(diag::Report { sources, problems });
        eprintln!("{}\n", LoadError::Invalid(report));
    }
    let (base, run) = dry_check(&l, &[], &mut good);
    if let Some(run) = run {
        check_questions(f, &run, &mut good);
    }
    for v in &l.variants {
        match scenario::load_variant(f, Some(&v.name), &[]) {
            Ok(lv) => {
                dry_check(&lv, &base, &mut good);
            }
            Err(e) => {
                good = false;
                eprintln!("{e}\n");
            }
        }
    }
    if good {
        println!(
            "{}: {}",
            f.display(),
            render::validated(&analysis::validate::check(&l))
        );
    }
    good
}

/// Answers the scenario's `[[questions]]` on `run` (the base scenario's dry run) and on a dry
/// run of each variant, as a report would, and reports on standard error an answer that cannot be filled in
/// (an expression that names no option, variant or metric). Clears `good` when it does.
fn check_questions(file: &Path, run: &run::Run, good: &mut bool) {
    let l = &run.loaded;
    if l.scenario.questions.is_empty() {
        return;
    }
    let mut req = Request::new(file);
    req.iterations = Some(run::DRY_RUN_ITERATIONS);
    req.progress = false;
    let runs = compare::alongside(&req, &run.results, &l.variants);
    if let Err(e) = analysis::decision::prepare(run, &runs) {
        *good = false;
        eprintln!("{}\n", Error::Question(e));
    }
}

/// Reports on standard error what a dry run of `l` finds: a metric that is not finite, or SWOT
/// items that cannot be filled in (those in `known`, already reported for the scenario without
/// its variant, are not repeated). Clears `good` when it finds anything; returns the SWOT
/// problems found and the dry run, when it ran.
fn dry_check(
    l: &scenario::Loaded,
    known: &[Problem],
    good: &mut bool,
) -> (Vec<Problem>, Option<run::Run>) {
    let run = match run::dry_run(l) {
        Ok(run) => run,
        Err(e) => {
            *good = false;
            eprintln!("{e}\n");
            return (Vec::new(), None);
        }
    };
    let same = |a: &Problem, b: &Problem| a.path == b.path && a.message == b.message;
    let mut problems = analysis::swot::check(&run);
    problems.retain(|p| !known.iter().any(|k| same(k, p)));
    if let Some(v) = &l.variant {
        for p in &mut problems {
            p.add_note(format!("this arises only under variant '{v}'"), None);
        }
    }
    if !problems.is_empty() {
        *good = false;
        let report = diag::Report {
            sources: l.sources.clone(),
            problems: problems.clone(),
        };
        eprintln!("{report}\n");
    }
    (problems, Some(run))
}

/// The document of `appraise run`: the results, with the analyses and samples asked for.
///
/// # Errors
/// The scenario's problems; `--precision` with Latin hypercube sampling.
pub fn run_document(job: &RunJob) -> Result<Document, Error> {
    let (run, convergence) = match job.precision {
        Some(p) => {
            let (run, c) = precision::run_to_precision(&job.request, p.relative, p.max_iterations)?;
            (run, Some(c))
        }
        None => (run::run(&job.request)?, None),
    };
    eprint!("{}", run.loaded.warnings_text());
    eprint!(
        "{}",
        diag::show(&run.loaded.sources, &plausible::warnings(&run), "warning")
    );
    let wtp = job
        .wtp
        .as_ref()
        .map(|w| wtp::of_run(&run, w.lambda, &w.effect, w.points));
    let samples = job.samples.as_ref().map(|_| samples::of_run(&run));
    let mca = mca::of_run(&run);
    let value_of_information = match &job.wtp {
        Some(w) => Some(voi::of_run(&run, Some((w.lambda, &w.effect)))?),
        None => None,
    };
    let mut results = run.results;
    results.audit.document = Some(Recipe {
        command: "run".into(),
        format: format_name(job.format).into(),
        wtp: job.wtp.as_ref().map(|w| w.lambda),
        effect: job.wtp.as_ref().map(|w| w.effect.clone()),
        wtp_points: job.wtp.as_ref().map(|w| w.points as u64),
        precision: job.precision.map(|p| p.relative),
        max_iterations: job.precision.map(|p| p.max_iterations),
        ..Recipe::default()
    });
    Ok(Document::Run(Box::new(RunDocument {
        results,
        wtp,
        mca,
        value_of_information,
        convergence,
        samples,
    })))
}

/// The document of `appraise report`, `appraise appendix` or `appraise notice`: the results and
/// the report's own analyses (with chart data for HTML and Word).
///
/// # Errors
/// The scenario's problems, those of a sweep value, or a SWOT item that cannot be filled in.
pub fn report_document(job: &ReportJob) -> Result<Document, Error> {
    let run = run::run(&job.request)?;
    eprint!("{}", run.loaded.warnings_text());
    eprint!(
        "{}",
        diag::show(&run.loaded.sources, &plausible::warnings(&run), "warning")
    );
    let (sweep, heat_map) = match job.sweep.as_ref().map(|s| (s, s.by.as_deref())) {
        Some((s, None)) => (
            Some((
                s.param.clone(),
                sweep::run(&job.request, &s.param, &s.values)?,
            )),
            None,
        ),
        Some((rows, Some(columns))) => {
            let grid = sweep::grid(
                &job.request,
                (&rows.param, &rows.values),
                (&columns.param, &columns.values),
            )?;
            (None, Some(sweep::heat_map(&grid)))
        }
        None => (None, None),
    };
    let data = Some(report::prepare(
        &run,
        &ReportRequest {
            charts: matches!(job.format, Format::Html | Format::Docx),
            wtp: job.wtp,
            effect: job.effect.clone(),
            sweep,
            heat_map,
            alongside: compare::alongside(&job.request, &run.results, &run.loaded.variants),
        },
    )?);
    let mut results = run.results;
    results.audit.document = Some(report_recipe(job));
    Ok(Document::Report(Box::new(ReportDocument {
        kind: job.kind,
        results,
        data,
        date: job.date.clone(),
    })))
}

/// What made a report, for its audit block.
fn report_recipe(job: &ReportJob) -> Recipe {
    let extension = match job.format {
        Format::Html => Some("html"),
        Format::Markdown => Some("md"),
        _ => None,
    };
    Recipe {
        command: job.kind.name().into(),
        format: format_name(job.format).into(),
        date: Some(job.date.clone()),
        wtp: job.wtp,
        effect: Some(job.effect.clone()),
        sweeps: std::iter::successors(job.sweep.as_ref(), |s| s.by.as_deref())
            .map(|s| SweepRecord {
                param: s.param.clone(),
                values: s.values.clone(),
            })
            .collect(),
        template: extension.and_then(|ext| {
            Some(TemplateRecord {
                file: job.template.as_ref().map(|t| t.display().to_string()),
                sha256: render::template_sha256(job.kind, ext, job.template.as_deref())?,
            })
        }),
        ..Recipe::default()
    }
}

/// A format's name on the command line.
fn format_name(f: Format) -> &'static str {
    match f {
        Format::Table => "table",
        Format::Json => "json",
        Format::Csv => "csv",
        Format::Markdown => "md",
        Format::Html => "html",
        Format::Xlsx => "xlsx",
        Format::Docx => "docx",
    }
}

/// The plausibility warnings of a scenario that loads, from a quick run (1,000 iterations),
/// as printed on stderr; empty when there are none.
fn plausibility(loaded: scenario::Loaded) -> String {
    let mut request = Request::new(&loaded.sources.file_name);
    request.iterations = Some(loaded.scenario.appraisal.iterations.min(1_000));
    // A run that fails (a metric that is not finite) is reported by the dry run's check.
    match run::run_loaded(loaded, &request) {
        Ok(run) => diag::show(&run.loaded.sources, &plausible::warnings(&run), "warning"),
        Err(_) => String::new(),
    }
}

/// Renders a report to its file (whole or not at all) or to standard output.
fn write_report(job: &ReportJob, doc: &Document) -> Result<Outcome, Error> {
    let renderer = job.format.renderer(job.template.clone());
    match &job.output {
        Some(out) => {
            let work = match doc {
                Document::Report(r) => {
                    let rows = r.results.options.len() + r.results.inputs.len();
                    r.results.audit.iterations * rows as u64
                }
                _ => 0,
            };
            let what = format!("writing {}", out.display());
            let step = progress::Step::spinner(job.request.progress, work, &what);
            output::write_file(out, |w| renderer.render_to(doc, w))?;
            drop(step);
            eprintln!("wrote {}", out.display());
        }
        None => output::write_stdout(&renderer.render(doc)?)?,
    }
    Ok(Outcome::Done)
}
