//! What the distribution constructors refuse (docs/model.md section 2, "Limits"), and a property
//! test that everything they accept can be computed with: finite means and variances, finite
//! quantiles from both inverse CDFs, finite draws, all in bounded time.

use appraise::dist::{Dist, DistError};
use appraise::engine::sample::{block_rng, stream_hasher};
use proptest::prelude::*;
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn rejected_inputs() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    let cases: Vec<(Result<Dist, DistError>, &str)> = vec![
        (
            Dist::fixed(nan),
            "the value must be a finite number, not NaN",
        ),
        (
            Dist::fixed(-inf),
            "the value must be a finite number, not -inf",
        ),
        (
            Dist::uniform(2.0, 1.0),
            "the minimum (2) is greater than the maximum (1)",
        ),
        (
            Dist::uniform(nan, 1.0),
            "the minimum must be a finite number, not NaN",
        ),
        (
            Dist::uniform(0.0, inf),
            "the maximum must be a finite number, not inf",
        ),
        (
            Dist::uniform(-1e308, 1e308),
            "the minimum (-1e308) is too large to compute with: numbers in a distribution must \
             be between -1e100 and 1e100",
        ),
        (
            Dist::triangular(5.0, 3.0, 9.0),
            "the minimum (5) is greater than the most likely value (3)",
        ),
        (
            Dist::triangular(1.0, 10.0, 9.0),
            "the most likely value (10) is greater than the maximum (9)",
        ),
        (
            Dist::triangular(9.0, 5.0, 3.0),
            "the minimum (9) is greater than the maximum (3)",
        ),
        (
            Dist::triangular(1.0, nan, 3.0),
            "the most likely value must be a finite number, not NaN",
        ),
        (
            Dist::pert(1.0, 1.0, 1.0),
            "the minimum and the maximum are both 1: give a maximum above the minimum, \
             or write 1 on its own as a fixed number",
        ),
        (
            Dist::pert(0.0, 0.5, 0.4),
            "the most likely value (0.5) is greater than the maximum (0.4)",
        ),
        (
            Dist::pert(0.0, 0.5, nan),
            "the maximum must be a finite number, not NaN",
        ),
        (
            Dist::normal(0.0, -1.0),
            "the standard deviation (-1) must be ≥ 0",
        ),
        (
            Dist::normal(nan, 1.0),
            "the mean must be a finite number, not NaN",
        ),
        (
            Dist::normal(0.0, inf),
            "the standard deviation must be a finite number, not inf",
        ),
        (
            Dist::lognormal90(0.0, 5.0),
            "the 5th percentile (0) must be greater than 0, as a lognormal quantity is always positive",
        ),
        (
            Dist::lognormal90(5.0, 3.0),
            "the 5th percentile (5) must be less than the 95th percentile (3)",
        ),
        (
            Dist::lognormal90(5.0, 5.0),
            "the 5th percentile (5) must be less than the 95th percentile (5)",
        ),
        (
            Dist::lognormal90(1.0, nan),
            "the 95th percentile must be a finite number, not NaN",
        ),
        (
            Dist::beta(0.0, 1.0),
            "the beta shape alpha (0) must be greater than 0",
        ),
        (
            Dist::beta(1.0, -2.0),
            "the beta shape beta (-2) must be greater than 0",
        ),
        (
            Dist::beta(nan, 1.0),
            "the beta shape alpha must be a finite number, not NaN",
        ),
        (
            Dist::observed(5, 3),
            "k and n must be whole numbers with 0 ≤ k ≤ n, but k = 5 and n = 3",
        ),
        (
            Dist::choice(vec![], None),
            "a choice needs at least one value",
        ),
        (
            Dist::choice(vec![1.0, 2.0], Some(vec![1.0])),
            "there are 2 values but 1 weights: give one weight per value",
        ),
        (
            Dist::choice(vec![1.0, 2.0], Some(vec![1.0, -0.5])),
            "weights must be ≥ 0 and sum to more than 0",
        ),
        (
            Dist::choice(vec![1.0, 2.0], Some(vec![0.0, 0.0])),
            "weights must be ≥ 0 and sum to more than 0",
        ),
        (
            Dist::choice(vec![1.0, nan], None),
            "the value must be a finite number, not NaN",
        ),
        (
            Dist::choice(vec![1.0, 2.0], Some(vec![nan, 1.0])),
            "the weight must be a finite number, not NaN",
        ),
        (
            Dist::choice(vec![1.0, 2.0], Some(vec![f64::MAX, f64::MAX])),
            "the weight (1.7976931348623157e308) is too large to compute with: numbers in a \
             distribution must be between -1e100 and 1e100",
        ),
    ];
    for (result, message) in cases {
        match result {
            Ok(dist) => panic!("{dist:?} was accepted; expected: {message}"),
            Err(err) => assert_eq!(err.to_string(), message),
        }
    }
}

#[test]
fn boundary_inputs_are_accepted() {
    let accepted = [
        Dist::uniform(3.0, 3.0),
        Dist::triangular(0.0, 0.0, 1.0),
        Dist::triangular(0.0, 1.0, 1.0),
        Dist::pert(0.0, 0.0, 1.0),
        Dist::pert(0.0, 1.0, 1.0),
        Dist::normal(0.0, 0.0),
        Dist::lognormal90(1e-100, 1e-86),
        Dist::lognormal90(1e86, 1e100),
        Dist::beta(1e-3, 1e6),
        Dist::beta(1e5, 1e6),
        Dist::observed(0, 0),
        Dist::observed(7, 7),
        Dist::observed(6, 1_000_000),
        Dist::observed(99_999, 1_000_000),
        Dist::choice(vec![1.0, 2.0], Some(vec![0.0, 1e-300])),
        Dist::uniform(-1e100, 1e100),
        Dist::pert(-1e100, 0.0, 1e100),
        Dist::normal(1e100, 1e100),
    ];
    for result in accepted {
        assert!(result.is_ok(), "{result:?}");
    }
}

/// The parameters that crashed, hung or gave infinities before the limits of docs/model.md
/// section 2 ("Limits"): each is now refused with a message that says what is allowed.
#[test]
fn numbers_beyond_the_limits_are_refused() {
    let too_large = |what: &str, value: &str| {
        format!(
            "the {what} ({value}) is too large to compute with: numbers in a distribution must \
             be between -1e100 and 1e100"
        )
    };
    let cases: Vec<(Result<Dist, DistError>, String)> = vec![
        // A panic inside validation: the PERT's shape 1 + 4(b − m)/(b − a) overflowed.
        (Dist::pert(0.0, 1.0, 1e308), too_large("maximum", "1e308")),
        (Dist::pert(0.1, 0.25, 1e308), too_large("maximum", "1e308")),
        (Dist::pert(-1e308, 0.0, 1.0), too_large("minimum", "-1e308")),
        // Hangs inside statrs's inverse incomplete beta.
        (
            Dist::beta(1e12, 1e12),
            "the beta shape alpha (1000000000000) must be at most 1000000: the beta distribution's CDF \
             cannot be computed accurately with larger shapes"
                .into(),
        ),
        (
            Dist::observed(6, 10_000_000),
            "n (10000000) must be at most 1000000 trials".into(),
        ),
        (
            Dist::observed(u64::MAX, u64::MAX),
            "n (18446744073709551615) must be at most 1000000 trials".into(),
        ),
        (
            Dist::observed(6, 9_223_372_036_854_775_807),
            "n (9223372036854775807) must be at most 1000000 trials".into(),
        ),
        (
            Dist::beta(2e5, 3e5),
            "the beta shapes alpha (200000) and beta (300000) are both above 100000: the smaller \
             must be at most 100000 for the beta distribution's CDF to be computed accurately"
                .into(),
        ),
        (
            Dist::observed(400_000, 1_000_000),
            "with k = 400000 successes and n − k = 600000 failures, both are 100000 or more: the \
             rate is known too precisely to compute its beta distribution accurately; write it \
             as the fixed value k/n = 0.4"
                .into(),
        ),
        // Infinite means and draws.
        (
            Dist::lognormal90(1.0, f64::MAX),
            too_large("95th percentile", "1.7976931348623157e308"),
        ),
        (
            Dist::lognormal90(5e-324, 100.0),
            "the 5th percentile (5e-324) is too small to compute with: it must be at least 1e-100"
                .into(),
        ),
        (
            Dist::lognormal90(1e-3, 1e12),
            "the 95th percentile (1000000000000) is more than 1e14 times the 5th (0.001): a \
             lognormal quantity this spread out has a mean and tails beyond what can be computed \
             with; narrow the range"
                .into(),
        ),
        (Dist::normal(0.0, 1e101), too_large("standard deviation", "1e101")),
        (Dist::uniform(1e308, 1.7e308), too_large("minimum", "1e308")),
        (Dist::choice(vec![1e101], None), too_large("value", "1e101")),
    ];
    for (result, message) in cases {
        match result {
            Ok(dist) => panic!("{dist:?} was accepted; expected: {message}"),
            Err(err) => assert_eq!(err.to_string(), message),
        }
    }
}

/// Runs `check` on its own thread and fails if it takes longer than `limit` (a hang).
fn within(limit: Duration, what: String, check: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        check();
        let _ = done.send(());
    });
    match finished.recv_timeout(limit) {
        Ok(()) => {}
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what} took more than {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what} panicked"),
    }
}

/// Everything a computation on `dist` returns is finite.
fn assert_computable(dist: &Dist) {
    assert!(dist.mean().is_finite(), "mean {}", dist.mean());
    assert!(dist.variance().is_finite(), "variance {}", dist.variance());
    let inverse = dist.inverse_cdf();
    for p in [0.001, 0.5, 0.999] {
        let (exact, fast) = (dist.quantile(p), inverse.quantile(p));
        assert!(
            exact.is_finite() && fast.is_finite(),
            "quantile({p}): {exact}, {fast}"
        );
        let f = dist.cdf(exact);
        assert!((0.0..=1.0).contains(&f), "cdf(quantile({p})) = {f}");
        assert!(!dist.prob_outside(0.0, f64::INFINITY).is_nan());
    }
    let mut draws = [0.0; 100];
    let mut rng = block_rng(&stream_hasher(2025, "proptest"), 0);
    dist.sampler().fill(&mut rng, &mut draws);
    assert!(draws.iter().all(|x| x.is_finite()), "draws {draws:?}");
}

/// Any f64: everyday sizes, extremes, zeros, subnormals, infinities and NaN, either sign.
fn number() -> impl Strategy<Value = f64> {
    let size = prop_oneof![
        4 => (-3.0..7.0f64).prop_map(|e| 10f64.powf(e)),
        2 => (-320.0..308.0f64).prop_map(|e| 10f64.powf(e)),
        1 => prop_oneof![
            Just(0.0),
            Just(1e-3),
            Just(1e5),
            Just(1e6),
            Just(5e-324),
            Just(f64::MIN_POSITIVE),
            Just(1e100),
            Just(f64::MAX),
            Just(f64::INFINITY),
            Just(f64::NAN),
        ],
    ];
    (size, any::<bool>()).prop_map(|(x, negative)| if negative { -x } else { x })
}

/// A count: small, large, or beyond the limit.
fn count() -> impl Strategy<Value = u64> {
    prop_oneof![0..100u64, 0..2_000_000u64, any::<u64>()]
}

/// Any form with any parameters; `None` when the constructor refuses them.
fn any_dist() -> impl Strategy<Value = (String, Result<Dist, DistError>)> {
    let sorted3 = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v
    };
    prop_oneof![
        number().prop_map(|x| (format!("fixed {x}"), Dist::fixed(x))),
        (number(), number()).prop_map(|(a, b)| (
            format!("uniform [{a}, {b}]"),
            Dist::uniform(a.min(b), a.max(b))
        )),
        prop::collection::vec(number(), 3).prop_map(move |v| {
            let v = sorted3(v);
            (
                format!("triangular {v:?}"),
                Dist::triangular(v[0], v[1], v[2]),
            )
        }),
        prop::collection::vec(number(), 3).prop_map(move |v| {
            let v = sorted3(v);
            (format!("pert {v:?}"), Dist::pert(v[0], v[1], v[2]))
        }),
        (number(), number())
            .prop_map(|(mu, sd)| (format!("normal [{mu}, {sd}]"), Dist::normal(mu, sd.abs()))),
        (number(), number()).prop_map(|(a, b)| (
            format!("lognormal90 [{a}, {b}]"),
            Dist::lognormal90(a.abs().min(b.abs()), a.abs().max(b.abs()))
        )),
        (number(), number())
            .prop_map(|(a, b)| (format!("beta [{a}, {b}]"), Dist::beta(a.abs(), b.abs()))),
        (count(), count()).prop_map(|(k, n)| (
            format!("observed [{}, {}]", k.min(n), k.max(n)),
            Dist::observed(k.min(n), k.max(n))
        )),
        (
            prop::collection::vec(number(), 1..5),
            prop::collection::vec(number(), 1..5)
        )
            .prop_map(|(values, weights)| {
                let weights: Vec<f64> = weights.iter().map(|w| w.abs()).collect();
                let weights = (weights.len() == values.len()).then_some(weights);
                (
                    format!("choice {values:?} weights {weights:?}"),
                    Dist::choice(values, weights),
                )
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Every quantity a constructor accepts can be computed with, within 10 s (a debug build on
    /// a loaded machine; in a release build each takes at most a few milliseconds).
    #[test]
    fn every_accepted_quantity_can_be_computed_with((what, result) in any_dist()) {
        if let Ok(dist) = result {
            within(Duration::from_secs(10), what, move || assert_computable(&dist));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The same, for betas with shapes across the whole allowed range [10⁻³, 10⁶] and a little
    /// beyond (where the constructor must refuse them). Fewer cases: a debug build takes about
    /// 0.1 s to build a beta's inverse-CDF table.
    #[test]
    fn every_accepted_beta_can_be_computed_with(a in -3.5..6.5f64, b in -3.5..6.5f64) {
        let (alpha, beta) = (10f64.powf(a), 10f64.powf(b));
        if let Ok(dist) = Dist::beta(alpha, beta) {
            let what = format!("beta [{alpha}, {beta}]");
            within(Duration::from_secs(10), what, move || assert_computable(&dist));
        }
    }
}
