//! appraise: appraising public-service delivery options under uncertainty.
//!
//! The pipeline runs one way, each step a module that passes plain types forward:
//!
//! ```text
//! config (flags → Config) → scenario (load, validate) → engine (compile, sample, simulate)
//!   → results (summarise) → analysis (compare, sweep, sensitivity, wtp, report data, …)
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
pub mod format;
pub mod metric;
pub mod output;
pub mod render;
pub mod request;
pub mod results;
pub mod run;
pub mod scenario;
pub mod stats;

pub use error::Error;
pub use request::Request;

use analysis::report::ReportRequest;
use analysis::{compare, mca, precision, report, samples, sensitivity, sweep, voi, wtp};
use config::{Command, Config, ReportJob, RunJob, SweepSpec};
use document::{
    CompareDocument, Document, ReportDocument, RunDocument, SensitivityDocument, SweepDocument,
};
use render::{Format, Render, SamplesCsv};
use scenario::LoadError;
use std::path::PathBuf;

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
            .install(|| dispatch(&config.command)),
        None => dispatch(&config.command),
    }
}

fn dispatch(command: &Command) -> Result<Outcome, Error> {
    let (format, doc) = match command {
        Command::Validate(files) => return Ok(validate(files)),
        Command::Report(job) => return write_report(job, &report_document(job)?),
        Command::Run(job) => {
            let doc = run_document(job)?;
            if let Some(path) = &job.samples {
                output::write_file(path, |w| SamplesCsv.render_to(&doc, w))?;
            }
            (job.format, doc)
        }
        Command::Compare { request, format } => (*format, compare_document(request)?),
        Command::Sweep {
            request,
            sweep,
            format,
        } => (*format, sweep_document(request, sweep)?),
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
    };
    output::write_stdout(&format.renderer(None).render(&doc)?)?;
    Ok(Outcome::Done)
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
    let mut failed = 0;
    for f in files {
        match scenario::load(f, &[]) {
            Ok(l) => {
                eprint!("{}", l.warnings_text());
                let problems = voi::check(&l);
                let mut bad = !problems.is_empty();
                if bad {
                    let sources = l.sources.clone();
                    let report = Box::new(diag::Report { sources, problems });
                    eprintln!("{}\n", LoadError::Invalid(report));
                }
                for v in &l.variants {
                    if let Err(e) = scenario::load_variant(f, Some(&v.name), &[]) {
                        bad = true;
                        eprintln!("{e}\n");
                    }
                }
                if bad {
                    failed += 1;
                } else {
                    println!(
                        "{}: {}",
                        f.display(),
                        render::validated(&analysis::validate::check(&l))
                    );
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("{e}");
                if let LoadError::Invalid(_) = e {
                    eprintln!();
                }
            }
        }
    }
    if failed == 0 {
        Outcome::Done
    } else {
        Outcome::Invalid
    }
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
    Ok(Document::Run(Box::new(RunDocument {
        results: run.results,
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
    let sweep = match &job.sweep {
        Some(s) => Some((
            s.param.clone(),
            sweep::run(&job.request, &s.param, &s.values)?,
        )),
        None => None,
    };
    let data = Some(report::prepare(
        &run,
        &ReportRequest {
            charts: matches!(job.format, Format::Html | Format::Docx),
            wtp: job.wtp,
            effect: job.effect.clone(),
            sweep,
            alongside: compare::alongside(&job.request, &run.results, &run.loaded.variants),
        },
    )?);
    Ok(Document::Report(Box::new(ReportDocument {
        kind: job.kind,
        results: run.results,
        data,
        date: job.date.clone(),
    })))
}

/// Renders a report to its file (whole or not at all) or to standard output.
fn write_report(job: &ReportJob, doc: &Document) -> Result<Outcome, Error> {
    let renderer = job.format.renderer(job.template.clone());
    match &job.output {
        Some(out) => {
            output::write_file(out, |w| renderer.render_to(doc, w))?;
            eprintln!("wrote {}", out.display());
        }
        None => output::write_stdout(&renderer.render(doc)?)?,
    }
    Ok(Outcome::Done)
}
