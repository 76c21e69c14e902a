//! Seeded mutation testing of scenario files, the stable companion of the cargo-fuzz targets in
//! `tests/fuzz/`: mutants of the shipped and invalid scenarios go through parse + validate and,
//! when accepted, a short run, in process. Each must be rejected with a message, or run
//! [`appraise::run::DRY_RUN_ITERATIONS`] iterations with finite results; no panic, and no case
//! may take longer than [`PER_CASE`].
//!
//! CI runs [`CASES`] mutants or [`BUDGET`], whichever ends first. For a longer search:
//! `APPRAISE_MUTATIONS=100000 APPRAISE_MUTATION_SECONDS=3600 APPRAISE_MUTATION_SEED=7 cargo test
//! --test mutation -- --nocapture`. Each finding is written to `target/tmp/mutation-findings/`.

mod check;
mod mutate;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Mutants a CI run tries.
const CASES: u64 = 3_000;
/// The most time a CI run spends.
const BUDGET: Duration = Duration::from_secs(20);
/// The most time one mutant may take (parse, validate, run) before it counts as a hang.
const PER_CASE: Duration = Duration::from_secs(10);

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The scenario texts in a folder of the repository.
fn texts_in(folder: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// What one mutant did.
enum Verdict {
    /// Rejected by validation, with a message.
    Rejected,
    /// Accepted, and every run of it (the scenario and each variant) was sound.
    Ran,
    /// A defect.
    Defect(String),
}

fn verdict(text: &str) -> Verdict {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let loaded = check::validate("mutant.toml", text);
        if loaded.is_empty() {
            return Verdict::Rejected;
        }
        for l in &loaded {
            if let Err(e) = check::run(l) {
                return Verdict::Defect(e);
            }
        }
        Verdict::Ran
    }));
    outcome.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Verdict::Defect(format!("panic: {message}"))
    })
}

/// A worker thread that judges the texts sent to it: a case that hangs holds its worker, so
/// the harness can give up on it and start another.
fn worker() -> (mpsc::Sender<String>, mpsc::Receiver<Verdict>) {
    let (to_worker, texts) = mpsc::channel::<String>();
    let (verdicts, from_worker) = mpsc::channel();
    std::thread::spawn(move || {
        for text in texts {
            if verdicts.send(verdict(&text)).is_err() {
                break;
            }
        }
    });
    (to_worker, from_worker)
}

#[test]
fn mutated_scenarios_are_rejected_or_run_with_finite_results() {
    let cases = setting("APPRAISE_MUTATIONS", CASES);
    let budget = Duration::from_secs(setting("APPRAISE_MUTATION_SECONDS", BUDGET.as_secs()));
    let seed = setting("APPRAISE_MUTATION_SEED", 2025);
    let (shipped, invalid) = (texts_in("scenarios"), texts_in("tests/invalid"));
    // The texts themselves first, then their mutants.
    let mut texts = shipped
        .iter()
        .chain(&invalid)
        .cloned()
        .collect::<Vec<_>>()
        .into_iter();
    let mut mutator = mutate::Mutator::new(seed, shipped, invalid);
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let (mut send, mut receive) = worker();
    let (mut ran, mut rejected, mut tried) = (0u64, 0u64, 0u64);
    let mut findings: Vec<(String, String)> = Vec::new();
    while tried < cases && started.elapsed() < budget && findings.len() < 20 {
        let text = texts.next().unwrap_or_else(|| mutator.next_mutant());
        tried += 1;
        send.send(text.clone()).unwrap();
        match receive.recv_timeout(PER_CASE) {
            Ok(Verdict::Rejected) => rejected += 1,
            Ok(Verdict::Ran) => ran += 1,
            Ok(Verdict::Defect(why)) => findings.push((why, text)),
            Err(_) => {
                findings.push((format!("took longer than {PER_CASE:?}"), text));
                (send, receive) = worker();
            }
        }
    }
    let _ = std::panic::take_hook();
    eprintln!(
        "mutation test: {tried} cases (seed {seed}) in {:.1} s: {rejected} rejected with a message, {ran} accepted and ran {} iterations with finite results, {} defects",
        started.elapsed().as_secs_f64(),
        appraise::run::DRY_RUN_ITERATIONS,
        findings.len()
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mutation-findings");
    let mut shown = String::new();
    for (k, (why, text)) in findings.iter().enumerate() {
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("finding-{seed}-{k}.toml"));
        std::fs::write(&file, text).unwrap();
        shown += &format!("\n{}: {why}\n", file.display());
    }
    assert!(findings.is_empty(), "defects found:{shown}");
    assert!(
        ran > 0 && rejected > 0,
        "the mutants should include both kinds"
    );
}
