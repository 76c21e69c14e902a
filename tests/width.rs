//! The summary of `appraise run` fits the terminal: 80 columns when the output is not a
//! terminal, `COLUMNS` when set, every column with `--wide`. Every line of the output counts,
//! the table and the prose around it.

use assert_cmd::Command;

fn run(args: &[&str], columns: Option<&str>) -> String {
    let mut c = Command::cargo_bin("appraise").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    match columns {
        Some(w) => c.env("COLUMNS", w),
        None => c.env_remove("COLUMNS"),
    };
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

const SCENARIOS: [&str; 3] = [
    "scenarios/torbay-2025.toml",
    "scenarios/norfolk-2023.toml",
    "scenarios/minimal.toml",
];

#[test]
fn the_summary_never_exceeds_80_columns_by_default() {
    for s in SCENARIOS {
        for extra in [&[][..], &["--wtp", "5000"][..]] {
            let mut args = vec!["run", s, "--seed", "3", "-n", "500"];
            args.extend(extra);
            let out = run(&args, None);
            assert!(widest(&out) <= 80, "{args:?}:\n{out}");
            assert!(out.contains("P(best)"), "{out}");
        }
    }
    // The paragraph on precision wraps too.
    let out = run(
        &["run", "scenarios/minimal.toml", "--precision", "0.05"],
        None,
    );
    assert!(out.contains("Converged"), "{out}");
    assert!(widest(&out) <= 80, "{out}");
}

#[test]
fn the_summary_follows_columns_and_wide_shows_everything() {
    let torbay = ["run", "scenarios/torbay-2025.toml", "-n", "500"];
    for w in [40, 60, 100, 120] {
        let out = run(&torbay, Some(&w.to_string()));
        assert!(widest(&out) <= w, "COLUMNS={w}:\n{out}");
    }
    let wide = run(&[&torbay[..], &["--wide"]].concat(), None);
    assert!(widest(&wide) > 120, "{wide}");
    for header in [
        "Cost",
        "PV cost",
        "Engaged",
        "Completed",
        "completion",
        "NPV",
        "P(over",
        "P(best)",
        "Start",
    ] {
        assert!(wide.contains(header), "{header}");
    }
    assert!(!wide.contains("Left out"));
    let narrow = run(&torbay, None);
    assert!(narrow.contains("Left out to fit 80 columns:"), "{narrow}");
    assert!(narrow.contains("--wide shows every column"), "{narrow}");
}

#[test]
fn a_long_option_name_is_wrapped_not_cut() {
    let name =
        "An option with a very long name that goes on for well over eighty characters in all";
    let set = format!("options.in_house_specialists.name=\"{name}\"");
    let out = run(
        &[
            "run",
            "scenarios/torbay-2025.toml",
            "-n",
            "300",
            "--set",
            &set,
        ],
        None,
    );
    assert!(widest(&out) <= 80, "{out}");
    for word in name.split(' ') {
        assert!(out.contains(word), "{word}");
    }
}
