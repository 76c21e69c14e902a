//! Random streams and sampling: which draw each input gets in each iteration.
//!
//! Iterations are grouped in fixed blocks of [`BLOCK`]. Every input has its own generator per
//! block: Xoshiro256++ seeded with the SHA-256 digest of the seed, the input's path and the block
//! index. So a draw depends only on (seed, input path, iteration): not on the thread that made
//! it, not on the other inputs, and not on the options around it. Adding an option, or fixing
//! one input, leaves every other input's draws unchanged.

use super::model::{Copula, Input, Model};
use crate::dist::{InverseCdf, std_normal_cdf, std_normal_quantile};
use crate::scenario::Method;
use rand::RngExt;
use rand::SeedableRng;
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;
use sha2::{Digest, Sha256};

/// The version of the random streams (docs/model.md section 3, "Random streams"), recorded in
/// every document: the same scenario, seed and iterations give the same numbers only under the
/// same version.
pub const STREAMS: &str = "v3";

/// Iterations per block of random streams. Part of the reproducibility contract: changing it
/// changes every result.
pub const BLOCK: usize = 1024;

/// The hash state of an input's streams: SHA-256 fed with `appraise/stream/v2\0`, the seed (8
/// bytes, little-endian), the input's path (UTF-8) and a 0 byte. A block's generator is seeded
/// with the digest of that followed by the block index (8 bytes, little-endian).
pub fn stream_hasher(seed: u64, path: &str) -> Sha256 {
    let mut h = Sha256::new();
    h.update(b"appraise/stream/v2\0");
    h.update(seed.to_le_bytes());
    h.update(path.as_bytes());
    h.update([0u8]);
    h
}

/// The generator of one input in one block.
pub fn block_rng(hasher: &Sha256, block: u64) -> Xoshiro256PlusPlus {
    let mut h = hasher.clone();
    h.update(block.to_le_bytes());
    Xoshiro256PlusPlus::from_seed(h.finalize().into())
}

/// A 32-byte key of an input, for keying its Latin hypercube permutation.
pub fn stream_key(seed: u64, path: &str) -> [u8; 32] {
    stream_hasher(seed, path).finalize().into()
}

/// How to draw every input of a model.
pub struct Plan {
    copula: Option<Copula>,
    hashers: Vec<Sha256>,
    /// The inverse CDF of each input that a draw passes through: every uncertain input with
    /// Latin hypercube sampling, the copula's members with either method.
    inverses: Vec<Option<InverseCdf>>,
    keys: Vec<[u8; 32]>,
    method: Method,
    n: u64,
    seed: u64,
}

impl Plan {
    /// A plan for `n` iterations. Builds the inverse CDFs that the method needs (about a
    /// millisecond for each PERT, beta or observed input).
    pub fn new(model: &Model, seed: u64, method: Method, n: u64) -> Plan {
        let inverted = |k: usize| {
            method == Method::LatinHypercube
                || model
                    .copula
                    .as_ref()
                    .is_some_and(|c| c.members.contains(&k))
        };
        Plan {
            inverses: model
                .inputs
                .iter()
                .enumerate()
                .map(|(k, i)| (i.fixed.is_none() && inverted(k)).then(|| i.dist.inverse_cdf()))
                .collect(),
            copula: model.copula.clone(),
            hashers: model
                .inputs
                .iter()
                .map(|i| stream_hasher(seed, &i.path))
                .collect(),
            keys: model
                .inputs
                .iter()
                .map(|i| stream_key(seed, &i.path))
                .collect(),
            method,
            n,
            seed,
        }
    }

    /// Fills `out` (input-major: input k's values at `out[k * len .. (k + 1) * len]`) with the
    /// values of block `b`, whose length is `len`. Returns the number of clamped draws per input
    /// added to `clamped`.
    pub fn fill_block(
        &self,
        inputs: &[Input],
        b: usize,
        len: usize,
        out: &mut [f64],
        clamped: &mut [u64],
    ) {
        self.fill_block_of(inputs, None, b, len, out, clamped);
    }

    /// As [`Plan::fill_block`], for the inputs k with `which[k]` only (every input when `which`
    /// is `None`); the others' values are left as they were. A draw does not depend on which
    /// other inputs are drawn, so these values are those of a whole block. `which` must hold
    /// either every member of the copula or none.
    pub fn fill_block_of(
        &self,
        inputs: &[Input],
        which: Option<&[bool]>,
        b: usize,
        len: usize,
        out: &mut [f64],
        clamped: &mut [u64],
    ) {
        let member = |k: usize| self.copula.as_ref().is_some_and(|c| c.members.contains(&k));
        let drawn = |k: usize| which.is_none_or(|w| w[k]);
        for (k, input) in inputs.iter().enumerate() {
            if !drawn(k) {
                continue;
            }
            let col = &mut out[k * len..(k + 1) * len];
            if let Some(x) = input.fixed {
                col.fill(x);
                continue;
            }
            let mut rng = block_rng(&self.hashers[k], b as u64);
            let correlated = member(k);
            match self.method {
                Method::MonteCarlo if correlated => {
                    // A normal score, mixed with the other members' below.
                    for v in col.iter_mut() {
                        *v = rng.sample::<f64, _>(StandardNormal);
                    }
                }
                Method::MonteCarlo => input.sampler.fill(&mut rng, col),
                Method::LatinHypercube => {
                    let perm = Permutation::new(self.n, self.seed, &self.keys[k]);
                    let n = self.n as f64;
                    // The stratum of each iteration, then its uniform, then its quantile.
                    perm.strata((b * BLOCK) as u64, col);
                    for v in col.iter_mut() {
                        let jitter: f64 = rng.random();
                        *v = ((*v + jitter) / n).clamp(0.0, 1.0);
                    }
                    if correlated {
                        col.iter_mut().for_each(|v| *v = std_normal_quantile(*v));
                    } else {
                        self.quantiles(input, k, col);
                    }
                }
            }
            if !correlated {
                clamped[k] += clamp_column(col, input);
            }
        }
        if let Some(c) = self
            .copula
            .as_ref()
            .filter(|c| c.members.iter().all(|&k| drawn(k)))
        {
            let m = c.members.len();
            let mut z = vec![0.0; m];
            // A member held fixed (as when searching for a switching value) keeps its value; the
            // others are drawn given it, through the normal score of its value.
            let fixed_score: Vec<Option<f64>> = c
                .members
                .iter()
                .map(|&k| {
                    inputs[k].fixed.map(|x| {
                        std_normal_quantile(inputs[k].dist.cdf(x).clamp(1e-12, 1.0 - 1e-12))
                    })
                })
                .collect();
            for i in 0..len {
                for (j, &k) in c.members.iter().enumerate() {
                    z[j] = fixed_score[j].unwrap_or(out[k * len + i]);
                }
                for (j, &k) in c.members.iter().enumerate() {
                    if fixed_score[j].is_some() {
                        continue;
                    }
                    let mixed: f64 = (0..=j).map(|t| c.cholesky[j][t] * z[t]).sum();
                    let u = std_normal_cdf(mixed);
                    out[k * len + i] = self.quantile(&inputs[k], k, u);
                }
            }
            for (j, &k) in c.members.iter().enumerate() {
                if fixed_score[j].is_none() {
                    clamped[k] += clamp_column(&mut out[k * len..(k + 1) * len], &inputs[k]);
                }
            }
        }
    }
}

impl Plan {
    /// Input k's quantile at u, from its precomputed inverse CDF (or, for an input that the
    /// plan's model held fixed, from its distribution directly).
    #[inline]
    fn quantile(&self, input: &Input, k: usize, u: f64) -> f64 {
        match &self.inverses[k] {
            Some(inverse) => inverse.quantile(u),
            None => input.dist.quantile(u),
        }
    }

    /// Input k's quantile at each u of `us`, in place, as [`Plan::quantile`] gives it: from its
    /// precomputed inverse CDF (or, for an input that the plan's model held fixed, from its
    /// distribution directly).
    fn quantiles(&self, input: &Input, k: usize, us: &mut [f64]) {
        match &self.inverses[k] {
            Some(inverse) => inverse.quantiles(us),
            None => us.iter_mut().for_each(|u| *u = input.dist.quantile(*u)),
        }
    }
}

/// Clamps a column of draws into the input's domain; returns how many were outside.
fn clamp_column(col: &mut [f64], input: &Input) -> u64 {
    let d = input.domain;
    let mut count = 0;
    for v in col.iter_mut() {
        if *v < d.lo || *v > d.hi {
            *v = d.clamp(*v);
            count += 1;
        }
    }
    count
}

/// A keyed pseudo-random permutation of 0..n, computed without storing it: a Feistel network
/// on the smallest power of four ≥ n, walked until the value falls below n.
struct Permutation {
    n: u64,
    half_bits: u32,
    keys: [u64; 4],
}

impl Permutation {
    fn new(n: u64, seed: u64, key: &[u8; 32]) -> Permutation {
        let mut half_bits = 1;
        while (1u64 << (2 * half_bits)) < n {
            half_bits += 1;
        }
        let mut keys = [0u64; 4];
        for (r, k) in keys.iter_mut().enumerate() {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(&key[8 * r..8 * r + 8]);
            *k = u64::from_le_bytes(bytes) ^ seed.rotate_left(17 * r as u32);
        }
        Permutation { n, half_bits, keys }
    }

    fn round(&self, x: u64, k: u64) -> u64 {
        // SplitMix64 finaliser: a good cheap mixer.
        let mut z = x ^ k;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }

    /// One pass of the Feistel network over [`LANES`] values side by side: each lane's
    /// arithmetic is [`Permutation::once`]'s, and the lanes' independent chains of rounds
    /// overlap in the processor.
    #[inline(always)]
    fn once_lanes(&self, x: [u64; LANES]) -> [u64; LANES] {
        let mask = (1u64 << self.half_bits) - 1;
        let mut l = x.map(|x| x >> self.half_bits);
        let mut r = x.map(|x| x & mask);
        for k in self.keys {
            for j in 0..LANES {
                let t = l[j] ^ (self.round(r[j], k) & mask);
                l[j] = r[j];
                r[j] = t;
            }
        }
        std::array::from_fn(|j| (l[j] << self.half_bits) | r[j])
    }

    /// `out[i]` = the image of `first + i`, as a float (exact: it is below 2⁵³), computed
    /// [`LANES`] at a time: each lane walks until its value falls below n, the lanes already
    /// there keeping theirs.
    fn strata(&self, first: u64, out: &mut [f64]) {
        for (c, chunk) in out.chunks_mut(LANES).enumerate() {
            let start = first + (c * LANES) as u64;
            let mut y = self.once_lanes(std::array::from_fn(|j| start + j as u64));
            while y[..chunk.len()].iter().any(|&v| v >= self.n) {
                let z = self.once_lanes(y);
                for j in 0..LANES {
                    if y[j] >= self.n {
                        y[j] = z[j];
                    }
                }
            }
            for (v, y) in chunk.iter_mut().zip(y) {
                *v = y as f64;
            }
        }
    }
}

/// Values a [`Permutation`] computes side by side.
const LANES: usize = 8;

#[cfg(test)]
impl Permutation {
    /// One pass of the Feistel network: the bits split into halves l and r, four rounds of
    /// (l, r) ← (r, l ⊕ (mix(r ⊕ key) mod 2^half)).
    fn once(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let mut l = x >> self.half_bits;
        let mut r = x & mask;
        for k in self.keys {
            let t = l ^ (self.round(r, k) & mask);
            l = r;
            r = t;
        }
        (l << self.half_bits) | r
    }

    /// The image of i: the network applied until the value falls below n (cycle walking).
    fn apply(&self, i: u64) -> u64 {
        let mut x = self.once(i);
        while x >= self.n {
            x = self.once(x);
        }
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permutation_is_a_bijection() {
        for n in [1u64, 2, 3, 10, 1000, 4097] {
            let p = Permutation::new(n, 7, &stream_key(7, "x"));
            let mut seen = vec![false; n as usize];
            for i in 0..n {
                let j = p.apply(i) as usize;
                assert!(!seen[j], "{j} twice for n = {n}");
                seen[j] = true;
            }
        }
    }

    /// The strata computed eight at a time are the permutation's images one at a time, from any
    /// first iteration and for lengths that leave a partial group of lanes.
    #[test]
    fn strata_are_the_permutations_images() {
        for n in [1u64, 5, 1000, 4097, 1_000_000] {
            let p = Permutation::new(n, 7, &stream_key(7, "x"));
            for (first, len) in [(0, n.min(1024)), (n - n.min(13), n.min(13)), (n / 2, 1)] {
                let mut out = vec![0.0; len as usize];
                p.strata(first, &mut out);
                for (i, v) in out.iter().enumerate() {
                    assert_eq!(*v, p.apply(first + i as u64) as f64, "n = {n}, i = {i}");
                }
            }
        }
    }

    #[test]
    fn stream_keys_depend_on_seed_and_path() {
        assert_ne!(stream_key(1, "a"), stream_key(2, "a"));
        assert_ne!(stream_key(1, "a"), stream_key(1, "b"));
        assert_eq!(stream_key(1, "a"), stream_key(1, "a"));
    }
}
