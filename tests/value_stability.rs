//! Value stability (rand_distr's habit): the exact first draws of seed 2025 for every
//! distribution form, through the engine's real random streams, for Monte Carlo and Latin
//! hypercube sampling, and the stream seeding itself. This is the random-stream contract of
//! docs/model.md section 3 ("Random streams", stream version v3): if one of these tests fails,
//! every result for a given seed has changed, and the contract's version must be bumped and the
//! change documented there.

use appraise::dist::Dist;
use appraise::engine::model::{Model, compile};
use appraise::engine::sample::{BLOCK, Plan, block_rng, stream_hasher, stream_key};
use appraise::scenario::{Method, from_text};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use sha2::{Digest, Sha256};

const SEED: u64 = 2025;

/// One parameter of each form; nothing uses them, so their domain is unbounded and no draw is
/// clamped.
const SCENARIO: &str = r#"
[appraisal]
title = "Value stability"
price_base_year = 2025
start = "2025-04"
horizon_years = 1

[parameters]
uniform.uniform = [2, 7]
triangular.triangular = [1, 2, 6]
pert.pert = [10, 14, 18]
normal.normal = [5, 2]
lognormal90.lognormal90 = [20, 80]
beta.beta = [0.5, 0.5]
observed.observed = [6, 9]
choice.choice = [5, 1, 3]
choice.weights = [0.5, 0.2, 0.3]
fixed = 3.5

[[options]]
id = "as_now"
kind = "baseline"
name = "Carry on as now"
"#;

fn model() -> Model {
    let loaded = from_text("v.toml", SCENARIO.into(), &[], SCENARIO.as_bytes().to_vec())
        .unwrap_or_else(|e| panic!("{e}"));
    compile(&loaded.scenario)
}

/// The first `len` values of every parameter in block 0 of a run of `n` iterations, by path.
fn first_values(model: &Model, method: Method, n: u64, len: usize) -> Vec<(String, Vec<f64>)> {
    let plan = Plan::new(model, SEED, method, n);
    let mut out = vec![0.0; model.inputs.len() * len];
    let mut clamped = vec![0; model.inputs.len()];
    plan.fill_block(&model.inputs, 0, len, &mut out, &mut clamped);
    assert!(clamped.iter().all(|&c| c == 0), "no draw is clamped");
    model
        .inputs
        .iter()
        .enumerate()
        .filter(|(_, input)| input.path.starts_with("parameters."))
        .map(|(k, input)| (input.path.clone(), out[k * len..(k + 1) * len].to_vec()))
        .collect()
}

/// Compares draws bit for bit; on failure prints the actual values as a table to paste.
fn assert_pinned(actual: &[(String, Vec<f64>)], pinned: &[(&str, [f64; 8])]) {
    let same = actual.len() == pinned.len()
        && actual
            .iter()
            .zip(pinned)
            .all(|((path, xs), (want_path, want))| {
                path == want_path && xs.iter().zip(want).all(|(x, w)| x.to_bits() == w.to_bits())
            });
    if !same {
        let mut table = String::new();
        for (path, xs) in actual {
            let xs: Vec<String> = xs.iter().map(|x| format!("{x:?}")).collect();
            table += &format!("    (\"{path}\", [{}]),\n", xs.join(", "));
        }
        panic!("the draws of seed {SEED} changed; they are now:\n{table}");
    }
}

/// The first 8 Monte Carlo draws of seed 2025, per input (the fixed input draws nothing). PERT
/// and observed are drawn from a beta table (stream version v3); beta(0.5, 0.5), outside the
/// table's range, by gammas as in v2.
#[rustfmt::skip]
const MONTE_CARLO: &[(&str, [f64; 8])] = &[
    ("parameters.uniform", [2.8955304370508097, 6.098100160574903, 4.85122179149017, 5.565949733462041, 5.197046536747207, 4.147620427536479, 5.6842824508258225, 4.469844734497366]),
    ("parameters.triangular", [3.854790034660348, 2.8485490723617426, 3.1830843028302827, 3.0244792743263096, 3.5722843036854277, 2.4288715388268987, 4.496972598191485, 2.388988050470723]),
    ("parameters.pert", [13.315834101660176, 13.298086736251523, 15.570242943059636, 16.4338963070514, 15.124159945376643, 14.467100187071106, 15.896931880532374, 14.031030625257515]),
    ("parameters.normal", [1.8948733907585256, 1.0330865531814215, 5.313325458709264, 6.710794731903076, 5.087421602087699, 8.881551556538746, 4.999996511959811, 4.162835958003292]),
    ("parameters.lognormal90", [35.66650254201469, 25.620882964315197, 28.839928493301283, 32.28255143259651, 37.963960223094375, 77.67082397617818, 33.51980749519248, 53.93374818334802]),
    ("parameters.beta", [0.7265253639749436, 0.6877171047518147, 0.20944969313605746, 0.3613509445116504, 0.8470629620595463, 0.5909390492876163, 0.02299344486976072, 0.992050847017004]),
    ("parameters.observed", [0.3710185041386898, 0.5578277714229384, 0.4817060236687235, 0.7762713447186045, 0.5760181179199101, 0.5323816614022777, 0.5834679257817199, 0.7783918798016651]),
    ("parameters.choice", [5.0, 5.0, 3.0, 5.0, 5.0, 1.0, 3.0, 5.0]),
    ("parameters.fixed", [3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5]),
];

/// The first 8 Latin hypercube values of seed 2025 in a run of 1,000 iterations. (PERT, beta and
/// observed changed in their last bits when their inverse CDF became a table: docs/model.md
/// section 3, "The inverse CDF".)
#[rustfmt::skip]
const LATIN_HYPERCUBE: &[(&str, [f64; 8])] = &[
    ("parameters.uniform", [3.635895530437051, 6.264098100160575, 2.30285122179149, 6.618565949733462, 4.288197046536747, 2.3421476204275367, 5.213684282450826, 3.9074698447344973]),
    ("parameters.triangular", [4.238011939372065, 1.602093920632547, 2.833308506651625, 2.952237915520814, 3.3759013350290865, 2.043643979810942, 3.794946918695473, 1.837699318475961]),
    ("parameters.pert", [15.249378216672115, 15.290953002347672, 15.203432015529206, 13.872244028853299, 14.566473177811009, 14.990247875501428, 14.512744199077183, 14.293763062917687]),
    ("parameters.normal", [9.921403453385143, 5.914267160125926, 5.233880007650859, 3.3501990562501485, 4.501289001335477, 5.657780407553935, 3.5057893941553644, 2.7691210133893427]),
    ("parameters.lognormal90", [53.2472649185466, 37.66572815995079, 59.2407616337712, 82.9756208220575, 45.26739865815219, 53.42055590821445, 52.75804849704979, 37.32252791473368]),
    ("parameters.beta", [0.04293319770991966, 0.291607386877802, 0.6244668916478927, 0.9337632976189867, 0.5776014458597402, 0.42915808406300204, 0.5857160304842408, 0.10477342256043652]),
    ("parameters.observed", [0.6017201560439903, 0.8386204638657023, 0.4027748296203364, 0.6095884346665611, 0.33411535251746305, 0.33025862964247493, 0.614332330430474, 0.647650678351154]),
    ("parameters.choice", [3.0, 1.0, 3.0, 1.0, 1.0, 5.0, 5.0, 5.0]),
    ("parameters.fixed", [3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5, 3.5]),
];

#[test]
fn monte_carlo_draws_of_seed_2025_are_pinned() {
    let model = model();
    let actual = first_values(&model, Method::MonteCarlo, 1000, 8);
    assert_pinned(&actual, MONTE_CARLO);
    // The engine's column of an uncorrelated input is its sampler filling from the block's
    // generator, so the same draws come from the public pieces directly.
    for (input, (path, xs)) in model.inputs.iter().zip(&actual) {
        assert_eq!(&input.path, path);
        let mut direct = [0.0; 8];
        let mut rng = block_rng(&stream_hasher(SEED, &input.path), 0);
        input.dist.sampler().fill(&mut rng, &mut direct);
        assert_eq!(&direct[..], &xs[..], "{}", input.path);
    }
}

#[test]
fn latin_hypercube_values_of_seed_2025_are_pinned() {
    let actual = first_values(&model(), Method::LatinHypercube, 1000, 8);
    assert_pinned(&actual, LATIN_HYPERCUBE);
}

/// The documented byte layout of a block's seed, written out independently of the engine.
fn documented_seed(seed: u64, path: &str, block: u64) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"appraise/stream/v2\0");
    h.update(seed.to_le_bytes());
    h.update(path.as_bytes());
    h.update([0u8]);
    h.update(block.to_le_bytes());
    h.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn stream_seeding_is_pinned() {
    let path = "parameters.pert";
    // The seed of block 0 and block 1, and the Latin hypercube permutation key.
    assert_eq!(
        hex(&documented_seed(SEED, path, 0)),
        "e8fb5621d86ef3e6522781ba52f968a98058ee2ad70af15e0216a9af05f03e36"
    );
    assert_eq!(
        hex(&documented_seed(SEED, path, 1)),
        "d90a5067dc6d0d7c88e7eaa5fe0ba6ea5d3360bde35d686400c64f6bac7247d1"
    );
    assert_eq!(
        hex(&stream_key(SEED, path)),
        "e67769c19c7a58bcf87f7b0facd85e137583c34b7062458643d7b5c259e4f0e5"
    );
    for block in [0, 1, 977] {
        let mut engine = block_rng(&stream_hasher(SEED, path), block);
        let mut documented = Xoshiro256PlusPlus::from_seed(documented_seed(SEED, path, block));
        for _ in 0..4 {
            assert_eq!(engine.next_u64(), documented.next_u64(), "block {block}");
        }
    }
    // The first words of block 0's generator.
    let mut rng = block_rng(&stream_hasher(SEED, path), 0);
    let words: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
    assert_eq!(
        words,
        [
            6186801163634316567,
            3936212482623713909,
            9156112184778656013
        ]
    );
    assert_eq!(BLOCK, 1024, "the block size is part of the contract");
}

#[test]
fn a_draw_depends_only_on_seed_path_and_iteration() {
    let dist = Dist::pert(10.0, 14.0, 18.0).unwrap();
    let draw = |seed: u64, path: &str| {
        let mut x = [0.0];
        dist.sampler()
            .fill(&mut block_rng(&stream_hasher(seed, path), 0), &mut x);
        x[0]
    };
    assert_eq!(draw(SEED, "parameters.pert"), MONTE_CARLO[2].1[0]);
    assert_ne!(
        draw(SEED + 1, "parameters.pert"),
        draw(SEED, "parameters.pert")
    );
    assert_ne!(
        draw(SEED, "parameters.pert2"),
        draw(SEED, "parameters.pert")
    );
}
