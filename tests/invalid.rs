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
