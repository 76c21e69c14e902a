//! Bad input never crashes, hangs or yields NaN (issue 12): one test per defect found, each
//! driving the real binary and asserting the exit code (2 for the user's input or command line,
//! 1 for an output that cannot be written), a located message, and a prompt answer.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The longest a refusal may take (a debug build on a busy machine answers in a tenth of it).
const PROMPT: Duration = Duration::from_secs(2);

fn appraise(dir: &Path, args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_appraise"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (out, started.elapsed())
}

/// Runs `appraise ARGS` in `dir`, expecting exit code `code` promptly; returns stderr.
#[track_caller]
fn refused(dir: &Path, args: &[&str], code: i32) -> String {
    let (out, took) = appraise(dir, args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "{args:?}\n{stderr}");
    assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
    assert!(took < PROMPT, "{args:?} took {took:?}");
    stderr
}

/// A folder holding `m.toml`: the minimal scenario with `extra` appended.
fn scenario_with(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/minimal.toml");
    let text = std::fs::read_to_string(minimal).unwrap() + extra;
    std::fs::write(dir.path().join("m.toml"), text).unwrap();
    dir
}

/// The line and column at which `needle` starts in the scenario `m.toml` of `dir`.
fn place(dir: &Path, needle: &str) -> String {
    let text = std::fs::read_to_string(dir.join("m.toml")).unwrap();
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("m.toml:{line}:{col}")
}

#[test]
fn validate_finds_a_broken_swot_item_at_its_place() {
    let dir = scenario_with("\n[options.swot]\nweaknesses = [\"P = {{ p_over_budget | }}\"]\n");
    let stderr = refused(dir.path(), &["validate", "m.toml"], 2);
    let at = place(dir.path(), "}}\"]");
    assert!(
        stderr.starts_with(&format!("error: {at}: options.new_worker.swot.weaknesses[0]: this SWOT item cannot be filled in: its {{{{ }}}} expression is not valid")),
        "{stderr}"
    );
    assert!(stderr.contains("= allowed: text with expressions such as {{ p_over_budget | pct }}"));
    assert!(
        stderr.contains("m.toml: 1 problem found; nothing was run"),
        "{stderr}"
    );
    // `report` finds the same, at the same place.
    let report = refused(dir.path(), &["report", "m.toml", "-n", "100"], 2);
    assert!(
        report.starts_with(&format!(
            "error: {at}: options.new_worker.swot.weaknesses[0]"
        )),
        "{report}"
    );
    assert!(report.contains("m.toml: 1 item could not be filled in; nothing was written"));
}

/// Found by fuzzing: a syntax error inside a variant's `set` list was reported as "0 problems
/// found", with no message.
#[test]
fn a_syntax_error_in_a_variant_is_reported() {
    let dir = scenario_with(
        "\n[[variants]]\nname = \"other\"\nset = [\"options.new_worker.engagement=0.5\", 1.2.3]\n",
    );
    let stderr = refused(dir.path(), &["validate", "m.toml"], 2);
    assert!(
        stderr.starts_with(&format!(
            "error: {}: this is not valid TOML",
            place(dir.path(), ".3]")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("m.toml: 1 problem found; nothing was run"),
        "{stderr}"
    );
}

#[test]
fn validate_says_which_variant_breaks_a_swot_item() {
    // Year 1 exists in the two-year scenario but not under the one-year variant.
    let dir = scenario_with(
        "\n[options.swot]\nthreats = [\"Cash in {{ 1 | fy }}\"]\n\n[[variants]]\nname = \"one-year\"\nset = [\"appraisal.horizon_years=1\"]\n",
    );
    let stderr = refused(dir.path(), &["validate", "m.toml"], 2);
    assert!(
        stderr.contains(&format!("error: {}: options.new_worker.swot.threats[0]: this SWOT item cannot be filled in: fy: year 1 is outside the horizon", place(dir.path(), "fy }}"))),
        "{stderr}"
    );
    assert!(
        stderr.contains("this arises only under variant 'one-year'"),
        "{stderr}"
    );
}

#[test]
fn a_swot_item_that_would_fill_memory_stops_at_once() {
    // Text doubled forty times: 10 TB if nothing stopped it (issue 12 saw 5.5 GB and 387 s).
    let doubling = format!(
        "{{% set s = \\\"0123456789\\\" %}}{}{{{{ s }}}}",
        "{% set s = s ~ s %}".repeat(40)
    );
    let dir = scenario_with(&format!(
        "\n[options.swot]\nthreats = [\"{doubling}\", \"{{{{ \\\"ab\\\" * 6000 }}}}\"]\n"
    ));
    for args in [
        &["validate", "m.toml"][..],
        &["report", "m.toml", "-n", "100", "-o", "r.md"],
    ] {
        let stderr = refused(dir.path(), args, 2);
        assert!(
            stderr.contains("options.new_worker.swot.threats[0]: this SWOT item cannot be filled in: it does too much work or makes too much text"),
            "{stderr}"
        );
        assert!(
            stderr.contains("options.new_worker.swot.threats[1]: this SWOT item cannot be filled in: it fills in to 12,000 characters; an item may be at most 10,000"),
            "{stderr}"
        );
    }
    assert!(!dir.path().join("r.md").exists());
}

#[test]
fn a_report_template_that_would_never_end_stops_at_once() {
    let dir = scenario_with("");
    let template =
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}";
    std::fs::write(dir.path().join("t.md.j2"), template).unwrap();
    let stderr = refused(
        dir.path(),
        &[
            "report",
            "m.toml",
            "-n",
            "100",
            "--template",
            "t.md.j2",
            "-o",
            "r.md",
        ],
        2,
    );
    assert!(
        stderr.starts_with(
            "error: template t.md.j2, line 1: it does too much work or makes too much text"
        ),
        "{stderr}"
    );
    assert!(!dir.path().join("r.md").exists());
}

#[test]
fn an_output_into_a_missing_folder_is_an_output_failure() {
    let dir = scenario_with("");
    for args in [
        &["report", "m.toml", "-n", "10", "-o", "nope/r.md"][..],
        &["run", "m.toml", "-n", "10", "--samples", "nope/s.csv"],
    ] {
        let stderr = refused(dir.path(), args, 1);
        assert!(
            stderr.starts_with("error: cannot write nope/")
                && stderr.contains("the folder nope does not exist"),
            "{stderr}"
        );
    }
    std::fs::create_dir(dir.path().join("folder.md")).unwrap();
    let stderr = refused(
        dir.path(),
        &["report", "m.toml", "-n", "10", "-o", "folder.md"],
        1,
    );
    assert!(
        stderr.starts_with("error: folder.md is a folder"),
        "{stderr}"
    );
}

#[test]
fn a_negative_seed_gets_words_about_seeds() {
    let dir = scenario_with("");
    for seed in [["--seed", "-1"], ["--seed", "-1.5"], ["--seed", "1e3"]] {
        let args = ["run", "m.toml", "-n", "10", seed[0], seed[1]];
        let stderr = refused(dir.path(), &args, 2);
        assert!(!stderr.contains("unexpected argument"), "{stderr}");
        assert!(
            stderr.contains("= allowed: a whole number from 0 to 18446744073709551615"),
            "{stderr}"
        );
    }
    let stderr = refused(dir.path(), &["run", "m.toml", "--seed", "-1"], 2);
    assert!(
        stderr.contains("-1 is negative, and a seed cannot be"),
        "{stderr}"
    );
}

/// Ctrl-C while `--samples` is being written leaves neither the hidden temporary file nor a
/// partial output.
#[cfg(unix)]
#[test]
fn an_interrupted_samples_file_leaves_nothing_behind() {
    let dir = scenario_with("");
    let mut child = Command::new(env!("CARGO_BIN_EXE_appraise"))
        .current_dir(dir.path())
        .args(["run", "m.toml", "-n", "150000", "--samples", "s.csv"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let temporary = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
            .map(|e| e.metadata().unwrap().len())
            .next()
    };
    let started = Instant::now();
    // Wait until the samples are being written.
    while temporary().is_none_or(|len| len == 0) {
        if started.elapsed() > Duration::from_secs(120) || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            panic!("the samples file was never seen being written");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let interrupt = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupt.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted: the output being written was removed"),
        "{stderr}"
    );
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "m.toml")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// A metric that is not finite stops the run with exit code 2, naming the option, the metric and
/// the inputs that produced it. (Validation keeps every shipped input finite, so the value is put
/// into a real simulation's columns.)
#[test]
fn a_metric_that_is_not_finite_stops_the_run() {
    use appraise::engine::{Settings, simulate_scenario};
    use appraise::metric::col;
    use appraise::scenario::{Method, load};
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/minimal.toml");
    let loaded = load(&file, &[]).unwrap();
    let settings = Settings::of(
        &loaded,
        Some(3000),
        None,
        Some(Method::LatinHypercube),
        false,
    );
    let mut sim = simulate_scenario(&loaded, settings);
    assert!(appraise::finite::check(&sim, None).is_ok());
    sim.columns.columns[1][col::COST_PV][2047] = f64::NAN;
    let e = appraise::Error::from(appraise::finite::check(&sim, Some("v")).unwrap_err());
    assert_eq!(e.exit_code(), 2);
    let shown = e.to_string();
    assert!(
        shown.starts_with("error: option 'new_worker' under variant 'v': the present value of cost (cost_pv) came to NaN in iteration 2048 of 3000 (seed 2025): not a finite number"),
        "{shown}"
    );
    assert!(
        shown.contains("\n    options.new_worker.costs[0].amount = "),
        "{shown}"
    );
    assert!(
        shown.contains("= allowed: figures the model can compute with"),
        "{shown}"
    );
}

#[test]
fn validate_answers_the_questions_and_refuses_a_name_that_does_not_exist() {
    // A question naming an option the scenario does not have passes the reader (its syntax is
    // sound) but cannot be answered: validate must say so, as report would.
    let dir = scenario_with(
        "\n[[questions]]\nquestion = \"Is it over budget?\"\nanswer = \"{{ option('new_wroker').p_over_budget | pct }}\"\n",
    );
    let stderr = refused(dir.path(), &["validate", "m.toml"], 2);
    assert!(
        stderr.contains("question 1 of the scenario could not be answered"),
        "{stderr}"
    );
    assert!(stderr.contains("new_wroker"), "{stderr}");
    let fixed = scenario_with(
        "\n[[questions]]\nquestion = \"Is it over budget?\"\nanswer = \"{{ option('new_worker').p_over_budget | pct }}\"\n",
    );
    let (out, _) = appraise(fixed.path(), &["validate", "m.toml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
