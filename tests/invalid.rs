//! Snapshots of what `appraise validate` says about each invalid scenario in `tests/invalid/`:
//! its exit code and everything it writes, one file per mistake (the `warning_*` files are valid
//! and draw a warning). The binary runs inside that folder with the file's bare name, so the
//! messages (and the snapshots) hold relative paths.

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

/// A small valid scenario to build the generated cases on.
const BASE: &str = "[appraisal]\ntitle = \"Generated\"\nprice_base_year = 2025\nstart = \"2025-04\"\nhorizon_years = 2\n\n[[options]]\nid = \"as_now\"\nkind = \"baseline\"\nname = \"Carry on as now\"\n";

/// Cases too large to keep as files (a 200 kB line, a key of 5,000 parts), written to a
/// temporary folder and validated there.
#[test]
fn generated() {
    let ones = vec!["1"; 50_000].join(", ");
    let cases = [
        (
            "long_line",
            format!(
                "{BASE}\n[[demand]]\nid = \"r\"\nper_year = {{ choice = [{ones}, 70%, {ones}] }}\n"
            ),
        ),
        (
            "deep_key",
            format!("{BASE}{} = 1\n", vec!["a"; 5000].join(".")),
        ),
        (
            "deep_lists",
            format!("{BASE}x = {}1{}\n", "[".repeat(5000), "]".repeat(5000)),
        ),
        (
            "deep_tables",
            format!("{BASE}x = {}1{}\n", "{ a = ".repeat(500), " }".repeat(500)),
        ),
    ];
    let dir = tempfile::TempDir::new().unwrap();
    for (name, text) in cases {
        let file = format!("{name}.toml");
        std::fs::write(dir.path().join(&file), text).unwrap();
        let shown = shown(dir.path(), &["validate", &file]);
        insta::assert_snapshot!(format!("generated_{name}"), shown);
    }
}

/// Values typed on the command line as they would be written on paper, each named with its fix.
#[test]
fn set_values() {
    let deep_path = format!("{}=1", vec!["a"; 5000].join("."));
    let deep_value = format!(
        "appraisal.budget.annual={}1{}",
        "[".repeat(500),
        "]".repeat(500)
    );
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
        ("deep_path", deep_path.as_str()),
        ("deep_value", deep_value.as_str()),
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

/// `run` prints the scenario's warnings on stderr and still runs.
#[test]
fn run_prints_warnings_and_runs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid");
    let out = Command::cargo_bin("appraise")
        .unwrap()
        .current_dir(&dir)
        .args(["run", "warning_capacity_fte.toml", "--iterations", "10"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("warning: warning_capacity_fte.toml:21:20: options.team.capacity.fte: capacity FTE differs from the FTE you pay for"),
        "{stderr}"
    );
    assert!(!out.stdout.is_empty());
}
