//! Speed and memory of the `appraise` binary, case by case, beside the targets of issue 11.
//! Run with `cargo bench --bench throughput`.
//!
//! Each case runs the binary built with the `bench` profile in a child process, several rounds,
//! and the median round is printed: wall seconds, CPU seconds (user + system, all threads of
//! the child), microseconds per iteration and per option-iteration (wall, then CPU), and the
//! child's peak resident memory, as the kernel counts it when the child is reaped (`wait4`).
//!
//! - `torbay`: `appraise run scenarios/torbay-2025.toml --iterations 1000000 --format json`
//! - `torbay_lhs`: the same with `--method latin_hypercube`
//! - `twenty`: `benches/twenty-options.toml` (20 options, 10 years) at 1,000,000 iterations
//! - `report`: `appraise report scenarios/torbay-2025.toml` at the scenario's iterations
//! - `sensitivity`: `appraise sensitivity scenarios/torbay-2025.toml --format json` (rank and
//!   swing tornadoes and the switching-value search) at the scenario's iterations
//!
//! `APPRAISE_BENCH_CASES` (a comma-separated list of the names above; default all) and
//! `APPRAISE_BENCH_ROUNDS` (default 3) change what is measured; `APPRAISE_BENCH_BINARY` measures
//! another `appraise` binary (an earlier build, for figures before and after a change).

use std::process::{Command, Stdio};
use std::time::Instant;

const TORBAY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/torbay-2025.toml");
const TWENTY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/twenty-options.toml");
const MILLION: &str = "1000000";

/// One thing to measure.
struct Case {
    name: &'static str,
    /// Arguments of `appraise`.
    args: Vec<&'static str>,
    /// Iterations of the main run, for the per-iteration figures.
    iterations: f64,
    /// Options in the scenario, for the per-option-iteration figures.
    options: f64,
    /// The target for this case.
    target: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "torbay",
            args: vec!["run", TORBAY, "--iterations", MILLION, "--format", "json"],
            iterations: 1e6,
            options: 4.0,
            target: "<= 1.3 us/it wall, 2.6 CPU-us/it, 200 MB",
        },
        Case {
            name: "torbay_lhs",
            args: vec![
                "run",
                TORBAY,
                "--iterations",
                MILLION,
                "--method",
                "latin_hypercube",
                "--format",
                "json",
            ],
            iterations: 1e6,
            options: 4.0,
            target: "<= 2x torbay wall, 200 MB",
        },
        Case {
            name: "twenty",
            args: vec!["run", TWENTY, "--iterations", MILLION, "--format", "json"],
            iterations: 1e6,
            options: 20.0,
            target: "memory not growing with options",
        },
        Case {
            name: "report",
            args: vec!["report", TORBAY, "--date", "2026-07-31"],
            iterations: 20_000.0,
            options: 4.0,
            target: "< 0.4 s wall",
        },
        Case {
            name: "sensitivity",
            args: vec!["sensitivity", TORBAY, "--format", "json"],
            iterations: 20_000.0,
            options: 4.0,
            target: "3x faster than before issue 11",
        },
    ]
}

/// What one round of a case took.
#[derive(Clone, Copy)]
struct Round {
    wall: f64,
    cpu: f64,
    peak_mb: f64,
}

/// Runs `appraise` with `args` once, its output discarded, and reaps it with `wait4` to read
/// its own CPU time and peak memory.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which std cannot do"
)]
fn round(binary: &str, args: &[&str]) -> Round {
    let start = Instant::now();
    let child = Command::new(binary)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the appraise binary starts");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits in a pid_t");
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data, for which all zeros is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `status` and `usage` are valid for writes; the child is ours and has not been
    // waited for (the `Child` handle is never waited on).
    let reaped = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    let wall = start.elapsed().as_secs_f64();
    assert_eq!(reaped, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "appraise {} failed (wait status {status})",
        args.join(" ")
    );
    let seconds = |t: &libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Round {
        wall,
        cpu: seconds(&usage.ru_utime) + seconds(&usage.ru_stime),
        // Linux counts the peak resident set in kilobytes.
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    appraise::stats::quantile_type7(&v, 0.5)
}

fn main() {
    let wanted: Option<Vec<String>> = std::env::var("APPRAISE_BENCH_CASES")
        .ok()
        .map(|s| s.split(',').map(|c| c.trim().to_string()).collect());
    let rounds: usize = std::env::var("APPRAISE_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(3);
    let all = cases();
    if let Some(w) = &wanted
        && let Some(bad) = w.iter().find(|c| !all.iter().any(|k| k.name == *c))
    {
        let names: Vec<&str> = all.iter().map(|c| c.name).collect();
        panic!("unknown case {bad:?}; choose from: {}", names.join(", "));
    }
    let binary = std::env::var("APPRAISE_BENCH_BINARY")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_appraise").to_string());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!("appraise throughput: median of {rounds} round(s), {cores} threads, binary {binary}");
    println!(
        "{:<12} {:>8} {:>8} {:>9} {:>9} {:>10} {:>10} {:>8}  target",
        "case", "wall s", "CPU s", "us/it", "CPU us/it", "us/opt-it", "CPU/opt-it", "peak MB"
    );
    for case in all.iter().filter(|c| {
        wanted
            .as_ref()
            .is_none_or(|w| w.iter().any(|n| n == c.name))
    }) {
        let runs: Vec<Round> = (0..rounds).map(|_| round(&binary, &case.args)).collect();
        let wall = median(runs.iter().map(|r| r.wall).collect());
        let cpu = median(runs.iter().map(|r| r.cpu).collect());
        let peak = median(runs.iter().map(|r| r.peak_mb).collect());
        let per = |s: f64, n: f64| s * 1e6 / n;
        let opt_its = case.iterations * case.options;
        println!(
            "{:<12} {wall:>8.3} {cpu:>8.3} {:>9.3} {:>9.3} {:>10.4} {:>10.4} {peak:>8.0}  {}",
            case.name,
            per(wall, case.iterations),
            per(cpu, case.iterations),
            per(wall, opt_its),
            per(cpu, opt_its),
            case.target
        );
    }
}
