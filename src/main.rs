//! The `appraise` command: parse the command line, call the library, map errors to exit codes.

use appraise::cli::{Cli, Command, MethodArg, ModelArgs, RunFormat};
use appraise::scenario::{self, LoadError, Method};
use appraise::{Error, Request, output};
use clap::Parser;
use std::io::Write;
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
                    Ok(l) => println!("{}: {}", f.display(), output::table::validated(&l)),
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
            let a = appraise::appraise(&req)?;
            if let Some(samples) = &args.samples {
                output::samples::write(&a, samples)?;
            }
            let text = match args.format {
                RunFormat::Table => output::table::summary(&a),
                RunFormat::Json => output::json(&a.results),
                RunFormat::Csv => output::csv_summary(&a.results)?,
            };
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| Error::Output(format!("cannot write to standard output: {e}")))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
