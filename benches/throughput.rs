//! Speed and memory of the whole pipeline (load, sample, simulate, summarise, render JSON) on
//! the Torbay scenario. Run with `cargo bench --bench throughput`.
//!
//! Targets on a 2-core machine: 1,000,000 iterations in at most 2 s wall and 1 GB peak memory.
//! Set `APPRAISE_BENCH_ITERATIONS`, `APPRAISE_BENCH_SCENARIO` or `APPRAISE_BENCH_METHOD`
//! (monte_carlo | latin_hypercube) to measure something else.

use appraise::Request;
use appraise::render::Format;
use appraise::scenario::Method;
use std::time::Instant;

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let scenario = std::env::var("APPRAISE_BENCH_SCENARIO").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/torbay-2025.toml").to_string()
    });
    let n: u64 = std::env::var("APPRAISE_BENCH_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let method = match std::env::var("APPRAISE_BENCH_METHOD").as_deref() {
        Ok("latin_hypercube") => Method::LatinHypercube,
        _ => Method::MonteCarlo,
    };
    let threads = rayon::current_num_threads();
    println!(
        "appraise throughput: {scenario}, {n} iterations, {}, {threads} threads",
        method.name()
    );
    let mut best = f64::INFINITY;
    for round in 1..=3 {
        let mut req = Request::new(&scenario);
        req.iterations = Some(n);
        req.method = Some(method);
        let start = Instant::now();
        let job = appraise::config::RunJob {
            request: req,
            format: Format::Json,
            samples: None,
            precision: None,
            wtp: None,
        };
        let doc = appraise::run_document(&job).expect("the scenario runs");
        let json = Format::Json.renderer(None).render(&doc).expect("renders");
        let wall = start.elapsed().as_secs_f64();
        best = best.min(wall);
        println!(
            "  run {round}: {wall:.3} s wall, {:.0} iterations/s ({} options, {} bytes of JSON)",
            n as f64 / wall,
            match &doc {
                appraise::document::Document::Run(d) => d.results.options.len(),
                _ => 0,
            },
            json.len()
        );
    }
    println!(
        "best: {best:.3} s wall, {:.0} iterations/s",
        n as f64 / best
    );
    match peak_memory_mb() {
        Some(mb) => println!("peak memory: {mb:.0} MB"),
        None => println!("peak memory: not available on this system"),
    }
}
