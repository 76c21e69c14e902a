//! Helpers shared by the integration tests.
#![allow(dead_code)]

use appraise::Request;
use appraise::run::{Run, run_loaded};
use appraise::scenario::{self, LoadError};

/// Loads scenario text with overrides, or panics with the problems shown.
pub fn load(text: &str, overrides: &[&str]) -> scenario::Loaded {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    match scenario::from_text(
        "test.toml",
        text.to_string(),
        &overrides,
        text.as_bytes().to_vec(),
    ) {
        Ok(l) => l,
        Err(e) => panic!("scenario should load:\n{e}"),
    }
}

/// The problems of a scenario that must not load, as shown to the user.
pub fn problems(text: &str, overrides: &[&str]) -> String {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    match scenario::from_text(
        "test.toml",
        text.to_string(),
        &overrides,
        text.as_bytes().to_vec(),
    ) {
        Ok(_) => panic!("scenario should not load"),
        Err(LoadError::Invalid(r)) => r.to_string(),
        Err(e) => e.to_string(),
    }
}

/// Runs scenario text with overrides for `n` iterations.
pub fn run(text: &str, overrides: &[&str], n: u64) -> Run {
    let mut req = Request::new("test.toml");
    req.iterations = Some(n);
    run_loaded(load(text, overrides), &req)
        .unwrap_or_else(|e| panic!("the run should finish:\n{e}"))
}

/// Mean of a metric of an option.
pub fn mean(a: &Run, option: &str, metric: &str) -> f64 {
    summary(a, option, metric).mean
}

/// Statistics of a metric of an option.
pub fn summary(a: &Run, option: &str, metric: &str) -> appraise::stats::Summary {
    let o = a
        .results
        .options
        .iter()
        .find(|o| o.id == option)
        .unwrap_or_else(|| panic!("no option {option}"));
    *o.metrics
        .get(metric)
        .unwrap_or_else(|| panic!("no metric {metric}"))
}

/// Asserts two numbers agree to 1e-9 relative (floating-point noise).
#[track_caller]
pub fn close(actual: f64, expected: f64) {
    let tol = 1e-9 * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tol,
        "expected {expected}, got {actual}"
    );
}

/// Runs the `appraise` binary with `args` in `dir`: its exit code, standard output and
/// standard error.
pub fn appraise_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("appraise")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().expect("exited, not killed"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs the `appraise` binary with `args` in the crate's folder (see [`appraise_in`]).
pub fn appraise(args: &[&str]) -> (i32, String, String) {
    appraise_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}
