//! The command line read once: the raw flags of [`crate::cli`] become one validated
//! [`Config`], and nothing after this sees a raw flag. Every check of the flags alone is here,
//! before anything runs; each failure is a [`UsageError`] that says what is allowed.

use crate::cli::{
    AxisArg, Cli, Command as Raw, InitTemplate, MethodArg, ModelArgs, ReportArgs, ReportFormat,
    RunFormat, SensitivityFormat,
};
use crate::document::ReportKind;
use crate::error::UsageError;
use crate::metric;
use crate::output::check_output_path;
use crate::render::Format;
use crate::request::{Analyses, Request};
use crate::results::Audit;
use crate::scenario::Method;
use crate::scenario::starter::Starter;
use clap::Parser;
use std::path::{Path, PathBuf};

/// What to do, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Worker threads (`None`: one per core).
    pub threads: Option<usize>,
    /// The widest a terminal table that fits (a run's summary, a two-way sweep, a diff) may
    /// be, in columns; `None` for every column (`run --wide`).
    pub width: Option<usize>,
    /// The command.
    pub command: Command,
}

/// A command, checked.
#[derive(Debug, Clone)]
pub enum Command {
    /// Check scenario files.
    Validate(Vec<PathBuf>),
    /// Run the model and print its results.
    Run(RunJob),
    /// Write a report or appendix.
    Report(ReportJob),
    /// Run the scenario and each of its variants.
    Compare {
        /// What to run.
        request: Request,
        /// How to print it.
        format: Format,
    },
    /// Run one input over several values, or two over a grid.
    Sweep {
        /// What to run.
        request: Request,
        /// The input and its values (with a second input for a grid).
        sweep: SweepSpec,
        /// How to print it.
        format: Format,
    },
    /// Tornadoes and switching values.
    Sensitivity {
        /// What to run.
        request: Request,
        /// The option to analyse (default: the option most often best).
        option: Option<String>,
        /// The metric to analyse (default: the ranking metric).
        metric: Option<String>,
        /// Iterations per point of the switching-value search.
        switching_iterations: Option<u64>,
        /// How to print it.
        format: Format,
    },
    /// Write a starting scenario (and the schema beside it).
    Init {
        /// The scenario file to write; it must not exist.
        file: PathBuf,
        /// Which starting scenario.
        starter: Starter,
    },
    /// Print or write the JSON Schema of the scenario format.
    Schema {
        /// The file to write; `None` for standard output.
        output: Option<PathBuf>,
    },
    /// Print a shell completion script.
    Completions(clap_complete::Shell),
    /// Print or write the manual page.
    Man {
        /// The file to write; `None` for standard output.
        output: Option<PathBuf>,
    },
    /// List every input path `--set` accepts, with its value.
    Paths(Request),
    /// Check a report against a fresh run of what its audit block records.
    Verify {
        /// The report.
        report: PathBuf,
        /// Where the scenario is, when not where the audit block says.
        scenario: Option<PathBuf>,
        /// Where to write the document made afresh, when asked.
        regenerate: Option<PathBuf>,
    },
    /// Compare two scenarios' inputs and headline figures.
    Diff {
        /// The first scenario, with the settings of both runs.
        a: Request,
        /// The second scenario.
        b: PathBuf,
        /// How to print it.
        format: Format,
    },
}

/// `appraise run`, checked.
#[derive(Debug, Clone)]
pub struct RunJob {
    /// What to run.
    pub request: Request,
    /// How to print the results.
    pub format: Format,
    /// Where to write the samples CSV, if asked.
    pub samples: Option<PathBuf>,
    /// Run until precise enough, if asked.
    pub precision: Option<Precision>,
    /// Value for money under a willingness to pay, if asked.
    pub wtp: Option<WtpSpec>,
}

/// `--precision REL` with `--max-iterations N`.
#[derive(Debug, Clone, Copy)]
pub struct Precision {
    /// The relative MCSE of each option's mean ranking metric to reach (0 to 1).
    pub relative: f64,
    /// The most iterations to use.
    pub max_iterations: u64,
}

/// `--wtp POUNDS` with `--effect METRIC` and `--wtp-points N`.
#[derive(Debug, Clone)]
pub struct WtpSpec {
    /// £ per unit of effect, finite and not negative.
    pub lambda: f64,
    /// The effect metric (one of [`metric::effect_names`]).
    pub effect: String,
    /// Points of the acceptability curve.
    pub points: usize,
}

/// `appraise report`, `appraise appendix` or `appraise notice`, checked.
#[derive(Debug, Clone)]
pub struct ReportJob {
    /// What to run.
    pub request: Request,
    /// Report or appendix.
    pub kind: ReportKind,
    /// Markdown, HTML, Word or a spreadsheet.
    pub format: Format,
    /// The output file; `None` for standard output.
    pub output: Option<PathBuf>,
    /// A user's template instead of the built-in one.
    pub template: Option<PathBuf>,
    /// The date printed in the document, "YYYY-MM-DD".
    pub date: String,
    /// Willingness to pay to mark, if given.
    pub wtp: Option<f64>,
    /// The effect metric of the value-for-money section.
    pub effect: String,
    /// A sweep to add, if asked (with a second input, a two-way grid: a heat map).
    pub sweep: Option<SweepSpec>,
}

/// One input and the values to give it, and maybe a second input swept against it.
#[derive(Debug, Clone)]
pub struct SweepSpec {
    /// The input, as a `--set` path.
    pub param: String,
    /// Its values, each as TOML.
    pub values: Vec<String>,
    /// A second input and its values, for a two-way grid: this input's values are its rows,
    /// the second's its columns.
    pub by: Option<Box<SweepSpec>>,
}

impl TryFrom<Cli> for Config {
    type Error = UsageError;

    fn try_from(cli: Cli) -> Result<Config, UsageError> {
        let wide = matches!(&cli.command, Raw::Run(a) if a.wide);
        let (threads, command) = match cli.command {
            Raw::Validate { files } => (None, Command::Validate(files)),
            Raw::Run(a) => (threads(&a.model), run_job(a)?),
            Raw::Report(a) => (threads(&a.model), report_job(a, ReportKind::Report)?),
            Raw::Appendix(a) => (threads(&a.model), report_job(a, ReportKind::Appendix)?),
            Raw::Notice(a) => (threads(&a.model), report_job(a, ReportKind::Notice)?),
            Raw::Compare(a) => (
                threads(&a.model),
                Command::Compare {
                    request: request(&a.model),
                    format: table_format(a.format),
                },
            ),
            Raw::Sweep(a) => (
                threads(&a.model),
                Command::Sweep {
                    request: request(&a.model),
                    sweep: sweep_axes(&a.axes)?.ok_or(UsageError::SweepNeedsParam)?,
                    format: table_format(a.format),
                },
            ),
            Raw::Sensitivity(a) => (
                threads(&a.model),
                Command::Sensitivity {
                    request: request(&a.model),
                    option: a.option,
                    metric: a.metric,
                    switching_iterations: a.switching_iterations,
                    format: table_or_json(a.format),
                },
            ),
            Raw::Init(a) => (
                None,
                Command::Init {
                    file: a.file,
                    starter: match a.template {
                        InitTemplate::Minimal => Starter::Minimal,
                        InitTemplate::InHouseVsCommissioned => Starter::InHouseVsCommissioned,
                        InitTemplate::FundOrNot => Starter::FundOrNot,
                    },
                },
            ),
            Raw::Schema { output } => (None, Command::Schema { output }),
            Raw::Completions { shell } => (None, Command::Completions(shell)),
            Raw::Man { output } => (None, Command::Man { output }),
            Raw::Paths(a) => {
                let mut r = Request::new(a.file);
                r.variant = a.variant;
                r.overrides = a.set;
                (None, Command::Paths(r))
            }
            Raw::Verify(a) => (
                None,
                Command::Verify {
                    report: a.report,
                    scenario: a.scenario,
                    regenerate: a.regenerate,
                },
            ),
            Raw::Diff(a) => {
                let mut r = Request::new(a.a);
                r.iterations = a.iterations;
                r.seed = a.seed;
                r.progress = true;
                (
                    a.threads.map(|t| t as usize),
                    Command::Diff {
                        a: r,
                        b: a.b,
                        format: table_or_json(a.format),
                    },
                )
            }
        };
        Ok(Config {
            threads,
            width: table_width(wide),
            command,
        })
    }
}

fn table_or_json(f: SensitivityFormat) -> Format {
    match f {
        SensitivityFormat::Table => Format::Table,
        SensitivityFormat::Json => Format::Json,
    }
}

/// The checked sweep of one or two swept inputs (none when none is given).
fn sweep_axes(axes: &[AxisArg]) -> Result<Option<SweepSpec>, UsageError> {
    if axes.len() > 2 {
        return Err(UsageError::TooManySweeps(axes.len()));
    }
    let mut specs = Vec::with_capacity(axes.len());
    for a in axes {
        let spec = match (&a.values[..], &a.ranges[..]) {
            ([v], []) => sweep_spec(&a.param, Some(v), None)?,
            ([], [r]) => sweep_spec(&a.param, None, Some(r))?,
            ([], []) => return Err(UsageError::SweepNeedsValues(a.param.clone())),
            _ => return Err(UsageError::SweepValuesTwice(a.param.clone())),
        };
        specs.push(spec);
    }
    if let [a, b] = &specs[..]
        && a.param == b.param
    {
        return Err(UsageError::SweepSameInput(a.param.clone()));
    }
    let mut specs = specs.into_iter();
    Ok(specs.next().map(|mut first| {
        first.by = specs.next().map(Box::new);
        first
    }))
}

/// How wide the summary may be: every column with `--wide`; else the `COLUMNS` the shell
/// sets, else the terminal's width, else (not a terminal) 80 columns.
fn table_width(wide: bool) -> Option<usize> {
    if wide {
        return None;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0);
    let terminal = || terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
    Some(columns.or_else(terminal).unwrap_or(80))
}

/// The command that makes again the document an audit block describes: the recorded command
/// line, checked like one typed. `report` is where the document is (a report's output, so
/// that no flag check refuses it; nothing is written); `scenario` is the scenario file to run.
///
/// # Errors
/// [`UsageError::Replay`] when the record is not a command appraise can run.
pub fn replay(audit: &Audit, report: &Path, scenario: &Path) -> Result<Command, UsageError> {
    let args = command_line(audit, report, scenario)?;
    let cli = Cli::try_parse_from(&args).map_err(|e| UsageError::Replay(e.kind().to_string()))?;
    Ok(Config::try_from(cli)?.command)
}

/// The command line an audit record stands for.
fn command_line(audit: &Audit, report: &Path, scenario: &Path) -> Result<Vec<String>, UsageError> {
    let Some(d) = &audit.document else {
        return Err(UsageError::Replay(
            "the record does not say which command made the document".into(),
        ));
    };
    let mut args: Vec<String> = vec!["appraise".into(), d.command.clone()];
    args.push(scenario.display().to_string());
    let mut flag = |name: &str, value: String| args.push(format!("--{name}={value}"));
    flag("seed", audit.seed.to_string());
    flag("method", audit.method.clone());
    match d.precision {
        Some(p) => {
            flag("precision", p.to_string());
            flag(
                "max-iterations",
                d.max_iterations.unwrap_or(2_000_000).to_string(),
            );
        }
        None => flag("iterations", audit.iterations.to_string()),
    }
    if let Some(v) = &audit.variant {
        flag("variant", v.clone());
    }
    for o in &audit.overrides {
        flag("set", o.clone());
    }
    flag("format", d.format.clone());
    if let Some(w) = d.wtp {
        flag("wtp", w.to_string());
    }
    if let (Some(e), true) = (&d.effect, d.wtp.is_some() || d.command != "run") {
        flag("effect", e.clone());
    }
    if let (Some(p), Some(_)) = (d.wtp_points, d.wtp) {
        flag("wtp-points", p.to_string());
    }
    if d.command != "run" {
        if let Some(date) = &d.date {
            flag("date", date.clone());
        }
        if let Some(file) = d.template.as_ref().and_then(|t| t.file.as_ref()) {
            flag("template", file.clone());
        }
        for s in &d.sweeps {
            flag("sweep", s.param.clone());
            flag("values", s.values.join(","));
        }
        flag("output", report.display().to_string());
    }
    Ok(args)
}

fn threads(m: &ModelArgs) -> Option<usize> {
    m.threads.map(|t| t as usize)
}

fn request(m: &ModelArgs) -> Request {
    Request {
        file: m.file.clone(),
        variant: m.variant.clone(),
        overrides: m.set.clone(),
        iterations: m.iterations,
        seed: m.seed,
        method: m.method.map(|x| match x {
            MethodArg::MonteCarlo => Method::MonteCarlo,
            MethodArg::LatinHypercube => Method::LatinHypercube,
        }),
        progress: true,
        analyses: Analyses::default(),
    }
}

fn table_format(f: RunFormat) -> Format {
    match f {
        RunFormat::Table => Format::Table,
        RunFormat::Json => Format::Json,
        RunFormat::Csv => Format::Csv,
    }
}

fn run_job(a: crate::cli::RunArgs) -> Result<Command, UsageError> {
    let mut request = request(&a.model);
    request.analyses = Analyses {
        wtp: a.wtp.is_some(),
        samples: a.samples.is_some(),
        report: false,
        summary_only: a.wtp.is_none() && a.samples.is_none(),
    };
    if let Some(samples) = &a.samples {
        check_output_path(samples, &[&request.file])?;
    }
    let precision = match a.precision {
        Some(p) if !(p.is_finite() && p > 0.0 && p < 1.0) => return Err(UsageError::Precision(p)),
        Some(_) if a.model.iterations.is_some() => {
            return Err(UsageError::PrecisionWithIterations);
        }
        Some(relative) => Some(Precision {
            relative,
            max_iterations: a.max_iterations,
        }),
        None => None,
    };
    let wtp = match a.wtp {
        Some(lambda) => Some(WtpSpec {
            lambda: wtp(lambda, &a.effect)?,
            effect: a.effect,
            points: a.wtp_points as usize,
        }),
        None => None,
    };
    Ok(Command::Run(RunJob {
        request,
        format: table_format(a.format),
        samples: a.samples,
        precision,
        wtp,
    }))
}

/// Checks a willingness to pay and its effect metric.
fn wtp(lambda: f64, effect: &str) -> Result<f64, UsageError> {
    let effects = metric::effect_names();
    if !effects.contains(&effect) {
        return Err(UsageError::Effect {
            given: effect.to_string(),
            choices: effects.join(", "),
        });
    }
    if !(lambda.is_finite() && lambda >= 0.0) {
        return Err(UsageError::Wtp(lambda));
    }
    Ok(lambda)
}

fn report_job(a: ReportArgs, kind: ReportKind) -> Result<Command, UsageError> {
    let to_stdout = a.output.as_deref().is_none_or(|p| p == Path::new("-"));
    let format = match (a.format, a.output.as_deref()) {
        (Some(ReportFormat::Md), _) => Format::Markdown,
        (Some(ReportFormat::Html), _) => Format::Html,
        (Some(ReportFormat::Xlsx), _) => Format::Xlsx,
        (Some(ReportFormat::Docx), _) => Format::Docx,
        (None, Some(p)) if !to_stdout => {
            Format::from_path(p).ok_or_else(|| UsageError::UnknownFormat(p.to_path_buf()))?
        }
        (None, _) => Format::Markdown,
    };
    if format == Format::Xlsx && to_stdout {
        return Err(UsageError::SpreadsheetToTerminal);
    }
    if format == Format::Docx && to_stdout {
        return Err(UsageError::WordToTerminal);
    }
    let date = match &a.date {
        Some(d) => parse_date(d)?,
        None => today(),
    };
    let mut request = request(&a.model);
    request.analyses = Analyses {
        wtp: true,
        samples: false,
        report: true,
        summary_only: false,
    };
    let output = if to_stdout { None } else { a.output };
    if let Some(out) = &output {
        let mut inputs: Vec<&Path> = vec![&request.file];
        inputs.extend(a.template.as_deref());
        check_output_path(out, &inputs)?;
    }
    if format == Format::Xlsx && kind == ReportKind::Appendix {
        return Err(UsageError::AppendixAsSpreadsheet);
    }
    if format == Format::Xlsx && kind == ReportKind::Notice {
        return Err(UsageError::NoticeAsSpreadsheet);
    }
    let sweep = sweep_axes(&a.sweeps)?;
    if format != Format::Xlsx {
        wtp(a.wtp.unwrap_or(0.0), &a.effect)?;
    }
    Ok(Command::Report(ReportJob {
        request,
        kind,
        format,
        output,
        template: a.template,
        date,
        wtp: a.wtp,
        effect: a.effect,
        sweep,
    }))
}

/// The values of a sweep, from `--values` or `--range`.
fn sweep_spec(
    param: &str,
    values: Option<&str>,
    range: Option<&str>,
) -> Result<SweepSpec, UsageError> {
    let values = match (values, range) {
        (Some(v), _) => list_values(v)?,
        (None, Some(r)) => range_values(r)?,
        (None, None) => return Err(UsageError::SweepNeedsValues(param.to_string())),
    };
    Ok(SweepSpec {
        param: param.to_string(),
        values,
        by: None,
    })
}

/// The values of `--range FROM:TO:STEPS`: STEPS evenly spaced numbers from FROM to TO.
fn range_values(spec: &str) -> Result<Vec<String>, UsageError> {
    let bad = || UsageError::Range(spec.to_string());
    let parts: Vec<&str> = spec.split(':').collect();
    let [from, to, steps] = parts[..] else {
        return Err(bad());
    };
    let from: f64 = from.trim().parse().map_err(|_| bad())?;
    let to: f64 = to.trim().parse().map_err(|_| bad())?;
    let steps: usize = steps.trim().parse().map_err(|_| bad())?;
    if !(from.is_finite() && to.is_finite() && (2..=1000).contains(&steps)) {
        return Err(bad());
    }
    Ok((0..steps)
        .map(|i| {
            let x = from + (to - from) * i as f64 / (steps - 1) as f64;
            if x.fract() == 0.0 && x.abs() < 1e15 {
                format!("{}", x as i64)
            } else {
                format!("{x}")
            }
        })
        .collect())
}

/// The values of `--values a,b,c`.
fn list_values(spec: &str) -> Result<Vec<String>, UsageError> {
    let values: Vec<String> = spec
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if values.is_empty() {
        return Err(UsageError::EmptyValues);
    }
    Ok(values)
}

/// Today's date (UTC) as "YYYY-MM-DD".
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// The calendar date of a day count since 1970-01-01 (H. Hinnant's civil_from_days).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Checks a `--date` value: a calendar date written YYYY-MM-DD.
fn parse_date(s: &str) -> Result<String, UsageError> {
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let ok = shape && {
        let (y, m, d) = (
            s[..4].parse::<i64>().unwrap_or(0),
            s[5..7].parse::<u32>().unwrap_or(0),
            s[8..10].parse::<u32>().unwrap_or(0),
        );
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        (1..=days).contains(&d)
    };
    if ok {
        Ok(s.to_string())
    } else {
        Err(UsageError::Date(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_779), "2026-11-22");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn dates_are_checked() {
        assert!(parse_date("2026-07-31").is_ok());
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("31/07/2026").is_err());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2028-02-29").is_ok());
        assert!(parse_date("2100-02-29").is_err());
    }

    #[test]
    fn ranges_and_lists() {
        assert_eq!(range_values("1:4:4").unwrap(), ["1", "2", "3", "4"]);
        assert_eq!(range_values("0:1:3").unwrap(), ["0", "0.5", "1"]);
        assert!(range_values("1:4").is_err());
        assert!(range_values("1:4:1").is_err());
        assert_eq!(list_values("60000, 80000,").unwrap(), ["60000", "80000"]);
        assert!(list_values(" , ").is_err());
    }
}
