//! Snapshots of what `appraise validate` says about each invalid scenario in `tests/invalid/`:
//! its exit code and everything it writes, one file per mistake. The binary runs inside that
//! folder with the file's bare name, so the messages (and the snapshots) hold relative paths.

use assert_cmd::Command;
use std::path::Path;

/// Runs `appraise ARGS` in `dir` and shows the exit code, stdout and stderr as one text.
fn shown(dir: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("appraise")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    format!(
        "exit code: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().expect("exited, not killed"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap()
    )
}

#[test]
fn validate() {
    insta::glob!("invalid/*.toml", |path| {
        let dir = path.parent().unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let text = shown(dir, &["validate", name]);
        insta::assert_snapshot!(text);
    });
}

/// Values typed on the command line as they would be written on paper, each named with its fix.
#[test]
fn set_values() {
    let cases = [
        ("money_k", "appraisal.budget.annual=£80k"),
        ("money_k_no_sign", "appraisal.budget.annual=80k"),
        ("money_commas", "appraisal.budget.annual=£80,000"),
        ("thousands_commas", "demand.referrals.per_year=1,200,000"),
        ("formula", "demand.referrals.per_year=27*52"),
        ("percentage", "options.new_worker.engagement=70%"),
        ("exponent_whole_number", "appraisal.iterations=1e5"),
        ("fraction_whole_number", "appraisal.horizon_years=2.5"),
        ("month_unquoted", "appraisal.start=2026-04"),
        ("too_large", "options.new_worker.costs[0].amount=1e308"),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for (name, set) in cases {
        let shown = shown(
            &dir,
            &["run", "minimal.toml", "--iterations", "10", "--set", set],
        );
        insta::assert_snapshot!(format!("set_{name}"), shown);
    }
}
