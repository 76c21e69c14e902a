//! The distributions of docs/model.md section 2 against statrs's references: moments, CDFs,
//! quantiles and 200,000-draw samples (tolerances from the Monte Carlo standard error). What the
//! constructors refuse is in tests/dist_limits.rs.

use appraise::dist::{Dist, std_normal_cdf};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use statrs::distribution::ContinuousCDF;
use statrs::distribution::{
    Beta as RefBeta, Categorical as RefCategorical, LogNormal as RefLogNormal, Normal as RefNormal,
    Triangular as RefTriangular, Uniform as RefUniform,
};
use statrs::statistics::Distribution as Moments;

const N: usize = 200_000;

/// Reference moments (from statrs) and bounds that a sample must respect.
struct Reference {
    mean: f64,
    var: f64,
    lo: f64,
    hi: f64,
}

fn reference(d: &impl Moments<f64>, lo: f64, hi: f64) -> Reference {
    Reference {
        mean: d.mean().unwrap(),
        var: d.variance().unwrap(),
        lo,
        hi,
    }
}

/// The contract's PERT shapes, written out independently of the module.
fn pert_shapes(a: f64, m: f64, b: f64) -> RefBeta {
    RefBeta::new(1.0 + 4.0 * (m - a) / (b - a), 1.0 + 4.0 * (b - m) / (b - a)).unwrap()
}

/// A PERT's reference moments: those of the standard beta, stretched.
fn pert_reference(a: f64, m: f64, b: f64) -> Reference {
    let beta = pert_shapes(a, m, b);
    Reference {
        mean: a + (b - a) * beta.mean().unwrap(),
        var: (b - a).powi(2) * beta.variance().unwrap(),
        lo: a,
        hi: b,
    }
}

/// The contract's lognormal90 parameters, written out independently.
fn lognormal_reference(p5: f64, p95: f64) -> RefLogNormal {
    let mu = (p5.ln() + p95.ln()) / 2.0;
    let sigma = (p95.ln() - p5.ln()) / (2.0 * 1.6448536269514722);
    RefLogNormal::new(mu, sigma).unwrap()
}

fn assert_close(actual: f64, expected: f64, rel: f64, what: &str) {
    let tol = rel * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: {actual} differs from {expected} by more than {tol}"
    );
}

/// Checks the analytic moments against the reference, then 200,000 draws:
/// bounds, mean within 4 MCSE, variance within 4 of its standard errors,
/// and the share of draws at or below five quantiles within 4 binomial SEs
/// of the CDF there.
fn check_sample(dist: &Dist, want: Reference, seed: u64) {
    assert_close(dist.mean(), want.mean, 1e-12, "analytic mean");
    assert_close(dist.variance(), want.var, 1e-12, "analytic variance");

    let sampler = dist.sampler();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let draws: Vec<f64> = (0..N).map(|_| sampler.sample(&mut rng)).collect();
    for &x in &draws {
        assert!(
            (want.lo..=want.hi).contains(&x),
            "{dist:?}: draw {x} outside [{}, {}]",
            want.lo,
            want.hi
        );
    }

    let n = N as f64;
    let mean = draws.iter().sum::<f64>() / n;
    let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let mu4 = draws.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;
    let mcse = (want.var / n).sqrt();
    assert!(
        (mean - want.mean).abs() <= 4.0 * mcse,
        "{dist:?}: sample mean {mean} vs {} (MCSE {mcse})",
        want.mean
    );
    let se_var = ((mu4 - var * var) / n).sqrt();
    assert!(
        (var - want.var).abs() <= 4.0 * se_var,
        "{dist:?}: sample variance {var} vs {} (SE {se_var})",
        want.var
    );

    for p in [0.05, 0.25, 0.5, 0.75, 0.95] {
        let q = dist.quantile(p);
        let f = dist.cdf(q);
        let share = draws.iter().filter(|&&x| x <= q).count() as f64 / n;
        let se = (f * (1.0 - f) / n).sqrt();
        assert!(
            (share - f).abs() <= 4.0 * se,
            "{dist:?}: {share} of draws ≤ {q}, cdf says {f} (SE {se})"
        );
    }
}

#[test]
fn uniform_sample_matches_statrs() {
    let want = reference(&RefUniform::new(2.0, 7.0).unwrap(), 2.0, 7.0);
    check_sample(&Dist::uniform(2.0, 7.0).unwrap(), want, 1);
}

#[test]
fn triangular_sample_matches_statrs() {
    for (i, (a, m, b)) in [(1.0, 2.0, 6.0), (0.0, 0.0, 1.0), (0.0, 1.0, 1.0)]
        .into_iter()
        .enumerate()
    {
        let want = reference(&RefTriangular::new(a, b, m).unwrap(), a, b);
        check_sample(&Dist::triangular(a, m, b).unwrap(), want, 10 + i as u64);
    }
}

#[test]
fn pert_sample_matches_statrs_beta() {
    for (i, (a, m, b)) in [(10.0, 14.0, 18.0), (0.0, 1.0, 10.0), (0.0, 0.0, 1.0)]
        .into_iter()
        .enumerate()
    {
        let want = pert_reference(a, m, b);
        check_sample(&Dist::pert(a, m, b).unwrap(), want, 20 + i as u64);
    }
}

#[test]
fn normal_sample_matches_statrs() {
    let d = RefNormal::new(5.0, 2.0).unwrap();
    let want = reference(&d, f64::NEG_INFINITY, f64::INFINITY);
    check_sample(&Dist::normal(5.0, 2.0).unwrap(), want, 3);
}

#[test]
fn lognormal90_sample_matches_statrs() {
    let want = reference(&lognormal_reference(20.0, 80.0), 0.0, f64::INFINITY);
    check_sample(&Dist::lognormal90(20.0, 80.0).unwrap(), want, 4);
}

#[test]
fn beta_sample_matches_statrs() {
    for (i, (alpha, beta)) in [(2.0, 5.0), (0.5, 0.5), (0.2, 3.0)].into_iter().enumerate() {
        let want = reference(&RefBeta::new(alpha, beta).unwrap(), 0.0, 1.0);
        check_sample(&Dist::beta(alpha, beta).unwrap(), want, 30 + i as u64);
    }
}

#[test]
fn observed_sample_matches_statrs_beta() {
    for (i, (k, n)) in [(6, 9), (0, 10), (40, 40)].into_iter().enumerate() {
        let d = RefBeta::new(k as f64 + 1.0, (n - k) as f64 + 1.0).unwrap();
        let want = reference(&d, 0.0, 1.0);
        check_sample(&Dist::observed(k, n).unwrap(), want, 40 + i as u64);
    }
}

#[test]
fn choice_sample_matches_statrs_categorical() {
    // Values 10 + 5i, so the moments are those of the category index,
    // shifted and scaled. The zero weight must never be drawn.
    let weights = [1.0, 0.0, 3.0, 2.0];
    let cat = RefCategorical::new(&weights).unwrap();
    let want = Reference {
        mean: 10.0 + 5.0 * cat.mean().unwrap(),
        var: 25.0 * cat.variance().unwrap(),
        lo: 10.0,
        hi: 25.0,
    };
    let dist = Dist::choice(vec![10.0, 15.0, 20.0, 25.0], Some(weights.to_vec())).unwrap();
    check_sample(&dist, want, 5);
    let sampler = dist.sampler();
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    assert!((0..N).all(|_| sampler.sample(&mut rng) != 15.0));
}

#[test]
fn choice_without_weights_is_equally_likely() {
    let dist = Dist::choice(vec![3.0, 1.0, 2.0], None).unwrap();
    let cat = RefCategorical::new(&[1.0, 1.0, 1.0]).unwrap();
    let want = Reference {
        mean: 1.0 + cat.mean().unwrap(),
        var: cat.variance().unwrap(),
        lo: 1.0,
        hi: 3.0,
    };
    check_sample(&dist, want, 7);
}

#[test]
fn fixed_and_degenerate_forms_return_the_constant_without_drawing() {
    let cases = [
        (Dist::fixed(3.5).unwrap(), 3.5),
        (Dist::uniform(2.0, 2.0).unwrap(), 2.0),
        (Dist::normal(-1.0, 0.0).unwrap(), -1.0),
        (Dist::choice(vec![4.0], None).unwrap(), 4.0),
        (
            Dist::choice(vec![4.0, 9.0], Some(vec![1.0, 0.0])).unwrap(),
            4.0,
        ),
    ];
    for (dist, value) in cases {
        assert!(dist.is_fixed(), "{dist:?}");
        assert_eq!((dist.mean(), dist.variance()), (value, 0.0), "{dist:?}");
        assert_eq!(dist.support(), (value, value), "{dist:?}");
        let mut rng = ChaCha8Rng::seed_from_u64(8);
        let untouched = rng.clone();
        let sampler = dist.sampler();
        assert!((0..100).all(|_| sampler.sample(&mut rng) == value));
        assert_eq!(rng, untouched, "{dist:?} consumed random numbers");
    }
}

#[test]
fn tiny_beta_shapes_stay_finite_and_keep_their_mean() {
    // Both gamma draws often underflow to 0 here; the sampler must still
    // return 0 or 1 in the right proportion, never NaN.
    let dist = Dist::beta(0.001, 0.002).unwrap();
    let sampler = dist.sampler();
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let draws: Vec<f64> = (0..N).map(|_| sampler.sample(&mut rng)).collect();
    assert!(draws.iter().all(|x| (0.0..=1.0).contains(x)));
    let mean = draws.iter().sum::<f64>() / N as f64;
    let mcse = (dist.variance() / N as f64).sqrt();
    assert!((mean - 1.0 / 3.0).abs() <= 4.0 * mcse, "mean {mean}");
}

#[test]
fn pert_is_the_contract_beta() {
    for (a, m, b) in [(10.0, 14.0, 18.0), (0.0, 1.0, 10.0), (-5.0, -5.0, 3.0)] {
        let dist = Dist::pert(a, m, b).unwrap();
        let reference = pert_shapes(a, m, b);
        assert_close(dist.mean(), (a + 4.0 * m + b) / 6.0, 1e-15, "mean formula");
        assert_close(
            a + (b - a) * reference.mean().unwrap(),
            (a + 4.0 * m + b) / 6.0,
            1e-14,
            "statrs beta mean",
        );
        for i in -2..=22 {
            let x = a + (b - a) * f64::from(i) / 20.0;
            let expected = reference.cdf((x - a) / (b - a));
            assert_close(dist.cdf(x), expected, 1e-15, "cdf");
            assert_close(dist.prob_above(x), 1.0 - expected, 1e-14, "prob_above");
        }
    }
}

#[test]
fn lognormal90_hits_its_percentiles() {
    for (p5, p95) in [(20.0, 80.0), (0.001, 1e6), (1.0, 1.0001), (3e4, 4.5e4)] {
        let dist = Dist::lognormal90(p5, p95).unwrap();
        assert!((dist.cdf(p5) - 0.05).abs() <= 1e-12, "{p5}");
        assert!((dist.cdf(p95) - 0.95).abs() <= 1e-12, "{p95}");
        assert_close(dist.quantile(0.05), p5, 1e-12, "p5");
        assert_close(dist.quantile(0.95), p95, 1e-12, "p95");
        let reference = lognormal_reference(p5, p95);
        assert_close(dist.mean(), reference.mean().unwrap(), 1e-12, "mean");
        assert_close(
            dist.variance(),
            reference.variance().unwrap(),
            1e-12,
            "variance",
        );
    }
}

/// Φ(z) from mpmath (`ncdf`, 50 digits). statrs 0.19's own normal CDF is
/// off by about 1e-10 relative here, which is why the module avoids it.
const PHI: [(f64, f64); 12] = [
    (-30.0, 4.906713927148187e-198),
    (-8.0, 6.220960574271784e-16),
    (-5.0, 2.866515718791939e-07),
    (-3.0, 0.0013498980316300946),
    (-1.6448536269514722, 0.05000000000000005),
    (-1.0, 0.15865525393145705),
    (-0.3, 0.3820885778110474),
    (0.0, 0.5),
    (0.3, 0.6179114221889527),
    (1.0, 0.8413447460685429),
    (3.0, 0.9986501019683699),
    (8.0, 0.9999999999999993),
];

#[test]
fn normal_cdf_is_accurate_in_both_tails() {
    let dist = Dist::normal(2.0, 0.5).unwrap();
    for (z, phi) in PHI {
        let x = 2.0 + 0.5 * z;
        let relative = |got: f64, want: f64| ((got - want) / want).abs();
        assert!(relative(std_normal_cdf(z), phi) <= 1e-14, "Φ({z})");
        assert!(relative(dist.cdf(x), phi) <= 1e-14, "cdf at z = {z}");
        assert!(
            relative(dist.prob_above(4.0 - x), phi) <= 1e-14,
            "sf at z = {}",
            -z
        );
    }
    assert_eq!(dist.cdf(f64::NEG_INFINITY), 0.0);
    assert_eq!(dist.cdf(f64::INFINITY), 1.0);
    assert_eq!(dist.prob_above(f64::INFINITY), 0.0);
}

#[test]
fn observed_mean_is_laplace_rule() {
    for (k, n) in [(0, 0), (6, 9), (0, 10), (10, 10), (123, 4567)] {
        let dist = Dist::observed(k, n).unwrap();
        assert_close(
            dist.mean(),
            (k as f64 + 1.0) / (n as f64 + 2.0),
            1e-15,
            "mean",
        );
        assert_eq!(dist.support(), (0.0, 1.0));
    }
}

#[test]
fn triangular_and_uniform_cdfs_match_statrs() {
    let tri = Dist::triangular(1.0, 2.0, 6.0).unwrap();
    let ref_tri = RefTriangular::new(1.0, 6.0, 2.0).unwrap();
    let uni = Dist::uniform(-1.0, 3.0).unwrap();
    let ref_uni = RefUniform::new(-1.0, 3.0).unwrap();
    for i in -4..=28 {
        let x = f64::from(i) / 4.0;
        assert_close(tri.cdf(x), ref_tri.cdf(x), 1e-15, "triangular cdf");
        assert_close(tri.prob_above(x), ref_tri.sf(x), 1e-15, "triangular sf");
        assert_close(uni.cdf(x), ref_uni.cdf(x), 1e-15, "uniform cdf");
        assert_close(uni.prob_above(x), ref_uni.sf(x), 1e-15, "uniform sf");
    }
}

fn continuous_cases() -> Vec<Dist> {
    vec![
        Dist::uniform(2.0, 7.0).unwrap(),
        Dist::triangular(1.0, 2.0, 6.0).unwrap(),
        Dist::triangular(0.0, 0.0, 1.0).unwrap(),
        Dist::pert(10.0, 14.0, 18.0).unwrap(),
        Dist::pert(0.0, 1.0, 10.0).unwrap(),
        Dist::pert(34000.0, 37000.0, 42000.0).unwrap(),
        Dist::normal(5.0, 2.0).unwrap(),
        Dist::normal(-3e5, 1e4).unwrap(),
        Dist::lognormal90(20.0, 80.0).unwrap(),
        Dist::lognormal90(0.01, 500.0).unwrap(),
        Dist::beta(2.0, 5.0).unwrap(),
        Dist::beta(0.5, 0.5).unwrap(),
        Dist::beta(0.2, 3.0).unwrap(),
        Dist::observed(6, 9).unwrap(),
        Dist::observed(3, 1000).unwrap(),
    ]
}

#[test]
fn quantile_inverts_cdf() {
    for dist in continuous_cases() {
        let scale = dist.sd();
        for i in 1..100 {
            let p = f64::from(i) / 100.0;
            let x = dist.quantile(p);
            assert!(
                (dist.cdf(x) - p).abs() <= 1e-12,
                "{dist:?}: cdf(quantile({p}))"
            );
            let back = dist.quantile(dist.cdf(x));
            let tol = 1e-9 * x.abs().max(scale);
            assert!(
                (back - x).abs() <= tol,
                "{dist:?}: quantile(cdf({x})) = {back}"
            );
        }
        let (lo, hi) = dist.support();
        assert_eq!(
            (dist.quantile(0.0), dist.quantile(1.0)),
            (lo, hi),
            "{dist:?}"
        );
        assert!(dist.quantile(-0.1).is_nan() && dist.quantile(f64::NAN).is_nan());
    }
}

#[test]
fn choice_quantile_is_smallest_value_reaching_p() {
    // Sorted: 1 (0.2), 3 (0.3), 5 (0.5); 7 has no weight.
    let dist = Dist::choice(vec![5.0, 7.0, 1.0, 3.0], Some(vec![5.0, 0.0, 2.0, 3.0])).unwrap();
    for (p, want) in [
        (0.0, 1.0),
        (0.1, 1.0),
        (0.2, 1.0),
        (0.200_001, 3.0),
        (0.5, 3.0),
        (0.5001, 5.0),
        (1.0, 5.0),
    ] {
        assert_eq!(dist.quantile(p), want, "quantile({p})");
    }
    assert_eq!(dist.support(), (1.0, 5.0));
    assert_eq!(dist.cdf(3.0), 0.5);
    assert_eq!(dist.prob_below(3.0), 0.2);
    assert_eq!(dist.prob_above(3.0), 0.5);
    assert_eq!(dist.cdf(7.0), 1.0);
}

#[test]
fn prob_outside_is_exact() {
    let normal = Dist::normal(0.0, 1.0).unwrap();
    assert_eq!(normal.prob_outside(0.0, f64::INFINITY), 0.5);
    assert_eq!(normal.prob_outside(f64::NEG_INFINITY, f64::INFINITY), 0.0);
    // Φ(−1) + Φ(−2), from mpmath at 50 digits.
    assert_close(
        normal.prob_outside(-1.0, 2.0),
        0.18140538587963626,
        1e-15,
        "normal outside [-1, 2]",
    );

    let uniform = Dist::uniform(-1.0, 1.0).unwrap();
    assert_eq!(uniform.prob_outside(0.0, 1.0), 0.5);
    assert_eq!(uniform.prob_outside(-0.5, 0.5), 0.5);

    let pert = Dist::pert(0.0, 0.5, 1.0).unwrap();
    assert_eq!(pert.prob_outside(0.0, 1.0), 0.0);
    assert_eq!(pert.prob_outside(0.0, f64::INFINITY), 0.0);
    assert!(pert.prob_outside(0.0, 0.9) > 0.0);

    let lognormal = Dist::lognormal90(20.0, 80.0).unwrap();
    assert_close(
        lognormal.prob_outside(20.0, 80.0),
        0.1,
        1e-12,
        "lognormal90",
    );
    assert_eq!(lognormal.prob_outside(0.0, f64::INFINITY), 0.0);

    // Values on the bounds are inside: only -1 (1/6) and 5 (3/6) are out.
    let choice = Dist::choice(vec![-1.0, 0.0, 2.0, 5.0], Some(vec![1.0, 1.0, 1.0, 3.0]));
    assert_close(
        choice.unwrap().prob_outside(0.0, 2.0),
        4.0 / 6.0,
        1e-15,
        "choice",
    );

    let fixed = Dist::fixed(3.0).unwrap();
    assert_eq!(fixed.prob_outside(3.0, 3.0), 0.0);
    assert_eq!(fixed.prob_outside(3.5, 4.0), 1.0);
    assert_eq!(fixed.prob_outside(0.0, 2.9), 1.0);

    assert_eq!(uniform.prob_outside(1.0, 0.0), 1.0, "empty domain");
    assert!(uniform.prob_outside(f64::NAN, 1.0).is_nan());
}

/// `fill` draws exactly what repeated `sample` calls draw, for every form.
#[test]
fn fill_matches_repeated_sampling() {
    let cases = [
        Dist::uniform(2.0, 7.0),
        Dist::triangular(1.0, 2.0, 6.0),
        Dist::normal(5.0, 2.0),
        Dist::lognormal90(20.0, 80.0),
        Dist::beta(0.5, 0.5),
        Dist::observed(6, 9),
        Dist::choice(vec![5.0, 1.0, 3.0], Some(vec![0.5, 0.2, 0.3])),
        Dist::pert(10.0, 14.0, 18.0),
        Dist::fixed(3.0),
        Dist::beta(0.01, 0.01),
    ];
    for d in cases.map(Result::unwrap) {
        let s = d.sampler();
        let mut one = ChaCha8Rng::seed_from_u64(5);
        let singly: Vec<f64> = (0..1000).map(|_| s.sample(&mut one)).collect();
        let mut many = ChaCha8Rng::seed_from_u64(5);
        let mut filled = vec![0.0; 1000];
        s.fill(&mut many, &mut filled);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&singly), bits(&filled), "{d:?}");
    }
}

/// Hand-run timing of the engine's path (`fill` on a block's Xoshiro256++ stream, 1,024 draws at
/// a time) and of the exact quantile:
/// `cargo test --release --test dist -- --ignored --nocapture timing`.
#[test]
#[ignore = "timing, run by hand in release mode"]
fn timing() {
    use appraise::engine::sample::{block_rng, stream_hasher};
    use rand::distr::Distribution;
    use std::hint::black_box;
    use std::time::Instant;
    let cases = [
        ("pert", Dist::pert(10.0, 14.0, 18.0).unwrap()),
        ("pert skewed", Dist::pert(0.0, 1.0, 10.0).unwrap()),
        ("observed", Dist::observed(6, 9).unwrap()),
        ("uniform", Dist::uniform(2.0, 7.0).unwrap()),
        ("triangular", Dist::triangular(1.0, 2.0, 6.0).unwrap()),
        ("normal", Dist::normal(5.0, 2.0).unwrap()),
        ("lognormal90", Dist::lognormal90(20.0, 80.0).unwrap()),
        (
            "choice",
            Dist::choice(vec![1.0, 2.0, 3.0, 4.0], None).unwrap(),
        ),
        ("fixed", Dist::fixed(1.0).unwrap()),
    ];
    let blocks = 10_000;
    let mut out = vec![0.0; 1024];
    for (name, dist) in &cases {
        let sampler = dist.sampler();
        let hasher = stream_hasher(1, name);
        // The best of three runs, to see past other load on the machine.
        let ns = (0..3)
            .map(|_| {
                let start = Instant::now();
                let mut sum = 0.0;
                for b in 0..blocks {
                    sampler.fill(&mut block_rng(&hasher, b), &mut out);
                    sum += out[0];
                }
                black_box(sum);
                start.elapsed().as_nanos() as f64 / (blocks * 1024) as f64
            })
            .fold(f64::INFINITY, f64::min);
        println!("{name:>12}: {ns:6.1} ns per draw");
    }
    // The method before the gamma draws were written out: rand_distr's Gamma, for comparison
    // under the same load.
    let (x, y) = (
        rand_distr::Gamma::new(3.0, 1.0).unwrap(),
        rand_distr::Gamma::new(3.0, 1.0).unwrap(),
    );
    let hasher = stream_hasher(1, "rand_distr");
    let ns = (0..3)
        .map(|_| {
            let start = Instant::now();
            let mut sum = 0.0;
            for b in 0..blocks {
                let mut rng = block_rng(&hasher, b);
                for v in out.iter_mut() {
                    let (gx, gy): (f64, f64) = (x.sample(&mut rng), y.sample(&mut rng));
                    *v = 10.0 + 8.0 * (gx / (gx + gy));
                }
                sum += out[0];
            }
            black_box(sum);
            start.elapsed().as_nanos() as f64 / (blocks * 1024) as f64
        })
        .fold(f64::INFINITY, f64::min);
    println!("pert by rand_distr's Gamma: {ns:6.1} ns per draw");
    let quantiles = 200_000;
    let at = |i: u32| (f64::from(i) + 0.5) / f64::from(quantiles);
    for (name, dist) in &cases {
        let start = Instant::now();
        let mut sum = 0.0;
        for i in 0..quantiles / 10 {
            sum += dist.quantile(at(10 * i));
        }
        black_box(sum);
        let exact = start.elapsed().as_nanos() as f64 / f64::from(quantiles / 10);
        let start = Instant::now();
        let inverse = dist.inverse_cdf();
        let built = start.elapsed().as_secs_f64() * 1e6;
        let start = Instant::now();
        let mut sum = 0.0;
        for i in 0..quantiles {
            sum += inverse.quantile(at(i));
        }
        black_box(sum);
        let fast = start.elapsed().as_nanos() as f64 / f64::from(quantiles);
        println!(
            "{name:>12}: {exact:6.0} ns per exact quantile, {fast:5.1} ns per InverseCdf quantile \
             (built in {built:.0} µs)"
        );
    }
}
