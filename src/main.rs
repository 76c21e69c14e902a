//! The `appraise` command: parse the command line, check it once into a configuration, call
//! the library, and map the outcome to an exit code (0 success, 2 the user's input or command
//! line, 1 anything else).

use appraise::config::Config;
use appraise::{Outcome, execute};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = appraise::cli::Cli::parse();
    let outcome = Config::try_from(cli)
        .map_err(appraise::Error::from)
        .and_then(|config| execute(&config));
    match outcome {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Invalid) => ExitCode::from(2),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code())
        }
    }
}
