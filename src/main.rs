//! The `appraise` command: parse the command line, call the library, map errors to exit codes.

use appraise::cli::{
    Cli, Command, MethodArg, ModelArgs, ReportArgs, ReportFormat, RunFormat, SensitivityFormat,
};
use appraise::report::{self, Document, Format};
use appraise::scenario::{self, LoadError, Method};
use appraise::{Error, Request, output};
use clap::Parser;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
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
        threads: m.threads.map(|t| t as usize),
        progress: true,
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Validate { files } => {
            let mut failed = 0;
            for f in &files {
                match scenario::load(f, &[]) {
                    Ok(l) => {
                        eprint!("{}", l.warnings_text());
                        let mut bad = false;
                        for v in &l.variants {
                            if let Err(e) = scenario::load_variant(f, Some(&v.name), &[]) {
                                bad = true;
                                eprintln!("{e}\n");
                            }
                        }
                        if bad {
                            failed += 1;
                        } else {
                            println!("{}: {}", f.display(), output::table::validated(&l));
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
            Ok(if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        Command::Run(args) => {
            let req = request(&args.model);
            if let Some(samples) = &args.samples {
                output::check_output_path(samples, &[&req.file])?;
            }
            let (mut a, convergence) = match args.precision {
                Some(p) if !(p.is_finite() && p > 0.0 && p < 1.0) => {
                    return Err(Error::Usage(format!(
                        "--precision {p} is not a relative precision\n  = allowed: a number between 0 and 1, e.g. 0.005 for 0.5%"
                    )));
                }
                Some(_) if args.model.iterations.is_some() => {
                    return Err(Error::Usage(
                        "--precision chooses the number of iterations itself\n  = allowed: --precision REL (with --max-iterations N), or --iterations N".into(),
                    ));
                }
                Some(p) => {
                    let (a, c) = appraise::appraise_to_precision(&req, p, args.max_iterations)?;
                    (a, Some(c))
                }
                None => (appraise::appraise(&req)?, None),
            };
            eprint!("{}", a.loaded.warnings_text());
            a.results.convergence = convergence;
            if let Some(lambda) = args.wtp {
                a.results.wtp = Some(appraise::analysis::wtp(
                    &a,
                    lambda,
                    &args.effect,
                    args.wtp_points as usize,
                )?);
            }
            if let Some(samples) = &args.samples {
                output::samples::write(&a, samples)?;
            }
            let text = match args.format {
                RunFormat::Table => output::table::summary(&a),
                RunFormat::Json => output::json(&a.results),
                RunFormat::Csv => output::csv_summary(&a.results)?,
            };
            write_stdout(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(args) => write_report(args, Document::Report),
        Command::Appendix(args) => write_report(args, Document::Appendix),
        Command::Sweep(args) => {
            let values = match (&args.values, &args.range) {
                (Some(v), _) => output::sweep::list_values(v),
                (None, Some(r)) => output::sweep::range_values(r),
                (None, None) => unreachable!("clap requires one of --values and --range"),
            }
            .map_err(Error::Usage)?;
            let req = request(&args.model);
            let points = output::sweep::run(&req, &args.param, &values)?;
            let text = match args.format {
                RunFormat::Table => output::sweep::table(&args.param, &points),
                RunFormat::Json => output::sweep::json(&args.param, &points),
                RunFormat::Csv => output::sweep::csv(&args.param, &points)?,
            };
            write_stdout(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Sensitivity(args) => {
            use appraise::analysis::sensitivity as sens;
            let req = request(&args.model);
            let a = appraise::appraise(&req)?;
            let usage = |e: sens::SensitivityError| Error::Usage(e.to_string());
            let option_id = args
                .option
                .clone()
                .unwrap_or_else(|| a.results.comparison.most_often_best.clone());
            let option = sens::option_index(&a.model, &option_id).map_err(usage)?;
            let metric = args
                .metric
                .clone()
                .unwrap_or_else(|| a.results.comparison.ranking_metric.clone());
            let switching_iterations = args
                .switching_iterations
                .unwrap_or_else(|| a.settings.iterations.min(5_000));
            let work = || -> Result<output::sensitivity::Sensitivity, Error> {
                Ok(output::sensitivity::Sensitivity {
                    option: option_id.clone(),
                    metric: metric.clone(),
                    rank_tornado: sens::rank_tornado(&a, option, &metric).map_err(usage)?,
                    swing_tornado: sens::swing_tornado(&a.model, option, &metric).map_err(usage)?,
                    switching_values: sens::switching_values(&a, switching_iterations)
                        .map_err(usage)?,
                    ranking_metric: a.results.comparison.ranking_metric.clone(),
                    switching_iterations,
                })
            };
            let s = match req.threads {
                Some(t) => rayon::ThreadPoolBuilder::new()
                    .num_threads(t)
                    .build()
                    .map_err(|e| Error::Output(format!("could not start {t} threads: {e}")))?
                    .install(work)?,
                None => work()?,
            };
            let text = match args.format {
                SensitivityFormat::Table => output::sensitivity::table(&a.model, &a.results, &s),
                SensitivityFormat::Json => {
                    let mut j = serde_json::to_string_pretty(&s).expect("serialises");
                    j.push('\n');
                    j
                }
            };
            write_stdout(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare(args) => {
            let base = request(&args.model);
            let loaded = appraise::scenario::load(&base.file, &base.overrides)?;
            let mut runs = Vec::new();
            let mut req = base.clone();
            req.variant = None;
            runs.push((None, appraise::appraise(&req)?));
            for v in &loaded.variants {
                let mut req = base.clone();
                req.variant = Some(v.name.clone());
                runs.push((Some(v.clone()), appraise::appraise(&req)?));
            }
            let text = match args.format {
                RunFormat::Table => output::compare::table(&runs),
                RunFormat::Json => output::compare::json(&runs),
                RunFormat::Csv => output::compare::csv(&runs)?,
            };
            write_stdout(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|_| out.flush())
        .map_err(|e| Error::Output(format!("cannot write to standard output: {e}")))
}

fn write_report(args: ReportArgs, document: Document) -> Result<ExitCode, Error> {
    let to_stdout = args.output.as_deref().is_none_or(|p| p == Path::new("-"));
    let format = match (args.format, args.output.as_deref()) {
        (Some(ReportFormat::Md), _) => Format::Markdown,
        (Some(ReportFormat::Html), _) => Format::Html,
        (Some(ReportFormat::Xlsx), _) => Format::Xlsx,
        (None, Some(p)) if !to_stdout => Format::from_path(p).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the format of {} from its name\n  = allowed: a file ending .md, .html or .xlsx, or --format md|html|xlsx",
                p.display()
            ))
        })?,
        (None, _) => Format::Markdown,
    };
    if format == Format::Xlsx && to_stdout {
        return Err(Error::Usage(
            "a spreadsheet cannot be written to the terminal\n  = allowed: -o FILE.xlsx".into(),
        ));
    }
    let date = match &args.date {
        Some(d) => report::parse_date(d).map_err(Error::Usage)?,
        None => report::today(),
    };
    let req = request(&args.model);
    let mut inputs: Vec<&Path> = vec![&req.file];
    if let Some(t) = &args.template {
        inputs.push(t);
    }
    if let (false, Some(out)) = (to_stdout, &args.output) {
        output::check_output_path(out, &inputs)?;
    }
    let a = appraise::appraise(&req)?;
    let sweep = match &args.sweep {
        None => None,
        Some(param) => {
            let values = match (&args.values, &args.range) {
                (Some(v), _) => output::sweep::list_values(v),
                (None, Some(r)) => output::sweep::range_values(r),
                (None, None) => Err(format!(
                    "--sweep {param} needs its values\n  = allowed: --values 60000,80000,100000 or --range 60000:140000:5"
                )),
            }
            .map_err(Error::Usage)?;
            let points = output::sweep::run(&req, param, &values)?;
            Some(report::Sweep {
                param: param.clone(),
                points: points.into_iter().map(|p| (p.value, p.results)).collect(),
            })
        }
    };
    let opts = report::Options {
        document,
        format,
        template: args.template.clone(),
        date,
        wtp: args.wtp,
        effect: args.effect.clone(),
        sweep,
    };
    let bytes = report::render(&a, &opts).map_err(Error::Report)?;
    match args.output {
        Some(out) if !to_stdout => {
            output::write_atomic(&out, |w| w.write_all(&bytes))?;
            eprintln!("wrote {}", out.display());
        }
        _ => write_stdout(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}
