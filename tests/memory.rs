//! A run whose working set would not fit in memory is refused before it starts (exit code 2),
//! with what it would need, what is available, the most iterations that fit and what to do;
//! a run that fits is not. `APPRAISE_MEMORY_AVAILABLE` stands for the machine's memory.

use assert_cmd::Command;
use std::path::PathBuf;

fn torbay() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/torbay-2025.toml")
}

/// Runs appraise with `available` bytes of memory (the machine's own when `None`): exit code,
/// standard output and standard error.
fn appraise(available: Option<u64>, args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("appraise").expect("the appraise binary");
    match available {
        Some(b) => cmd.env("APPRAISE_MEMORY_AVAILABLE", b.to_string()),
        None => cmd.env_remove("APPRAISE_MEMORY_AVAILABLE"),
    };
    let out = cmd.args(args).output().expect("appraise runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The whole number after `before` in `text`, thousands separators dropped.
fn number_after(text: &str, before: &str) -> u64 {
    let at = text
        .find(before)
        .unwrap_or_else(|| panic!("no `{before}` in {text}"))
        + before.len();
    let digits: String = text[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number after `{before}` in {text}"))
}

/// The megabytes a refused run says it would need ("would need about 840 MB", "8.0 GB").
fn needed_mb(stderr: &str) -> f64 {
    let at = stderr.find("would need about ").expect("what it needs") + 17;
    let mut words = stderr[at..].split_whitespace();
    let x: f64 = words.next().unwrap().parse().unwrap();
    match words.next().unwrap() {
        "GB" => x * 1000.0,
        "MB" => x,
        unit => panic!("unit {unit}"),
    }
}

const SMALL: u64 = 60_000_000;

#[test]
fn a_run_that_would_not_fit_is_refused_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let samples = dir.path().join("s.csv");
    let torbay = torbay();
    let (code, stdout, stderr) = appraise(
        Some(SMALL),
        &[
            "run",
            torbay.to_str().unwrap(),
            "-n",
            "1000000",
            "--samples",
            samples.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(!samples.exists(), "nothing is written");
    for words in [
        "error: 1,000,000 iterations would need about ",
        "of memory, and 60 MB is available",
        "at most ",
        "--precision",
        "fewer --iterations",
    ] {
        assert!(stderr.contains(words), "no `{words}` in {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_most_iterations_that_fit_do_fit() {
    let torbay = torbay();
    let torbay = torbay.to_str().unwrap();
    let (code, _, stderr) = appraise(Some(SMALL), &["run", torbay, "-n", "1000000"]);
    assert_eq!(code, 2, "{stderr}");
    let fit = number_after(&stderr, "at most ");
    assert!((1_000..1_000_000).contains(&fit), "{stderr}");
    let n = fit.to_string();
    let (code, _, stderr) = appraise(Some(SMALL), &["run", torbay, "-n", &n]);
    assert_eq!(code, 0, "{fit} iterations are said to fit:\n{stderr}");
    let over = (fit * 3 / 2).to_string();
    let (code, _, stderr) = appraise(Some(SMALL), &["run", torbay, "-n", &over]);
    assert_eq!(code, 2, "{over} iterations:\n{stderr}");
}

#[test]
fn analyses_need_more_memory_than_the_run() {
    let torbay = torbay();
    let torbay = torbay.to_str().unwrap();
    let run = ["run", torbay, "-n", "1000000"];
    let (_, _, plain) = appraise(Some(SMALL), &run);
    let (_, _, wtp) = appraise(Some(SMALL), &[&run[..], &["--wtp", "5000"]].concat());
    let (code, stdout, report) = appraise(
        Some(SMALL),
        &["report", torbay, "-n", "1000000", "--date", "2026-01-01"],
    );
    assert_eq!(code, 2, "{report}");
    assert!(stdout.is_empty(), "{stdout}");
    let (plain, wtp, report) = (needed_mb(&plain), needed_mb(&wtp), needed_mb(&report));
    // The message rounds to 0.1 GB, and the report's own analyses add little to --wtp's.
    assert!(plain < wtp && wtp <= report, "{plain} {wtp} {report}");
}

#[test]
fn a_run_that_fits_is_not_refused() {
    let torbay = torbay();
    let torbay = torbay.to_str().unwrap();
    let (code, _, stderr) = appraise(None, &["run", torbay, "-n", "2000"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = appraise(Some(SMALL), &["run", torbay, "-n", "2000"]);
    assert_eq!(code, 0, "{stderr}");
}
