//! The non-parametric regression behind EVPPI (docs/model.md section 16): a least-squares fit
//! of each option's net benefit on a flexible basis of the input (or group of inputs) θ, after
//! Strong, Oakley & Brennan (2014), "Estimating multiparameter partial expected value of
//! perfect information from a probabilistic sensitivity analysis sample: a nonparametric
//! regression approach", Medical Decision Making 34(3).
//!
//! Each input x (n values) is first replaced by its mid-rank scores u_i = (r_i − ½) / n, where
//! r_i is the average rank of x_i (1 … n, ties sharing the mean of their ranks), so that the
//! basis is spread evenly over the input's distribution whatever its shape. Then:
//!
//! - an input with at most [`DISCRETE`] distinct values (a risk's occurrence, a choice) gets
//!   one indicator column per distinct value: the fit is the mean net benefit at each value;
//! - any other input gets the [`KNOTS`] + 4 uniform cubic B-splines on [0, 1], with interior
//!   knots at j / (KNOTS + 1): column c (0 … KNOTS + 3) is B((u − (c − 3)·h) / h) with
//!   h = 1 / (KNOTS + 1) and B the cardinal cubic B-spline on [0, 4] ([`cardinal_cubic`]).
//!
//! Both sets of columns add up to 1 in every row. For one input the design is its columns. For
//! a group it is a column of ones, then each member's columns but its first (the constant they
//! add up to is already there), then, when the group has at most [`INTERACTIONS`] members, the
//! product (u_a − ½)(u_b − ½) for each pair a < b. The coefficients solve the normal equations
//! (XᵀX/n + εI) β = Xᵀy/n by Cholesky, with ε = 10⁻⁹ × the mean of the diagonal of XᵀX/n (a
//! ridge that only matters when a column is empty, as an indicator may be within a batch).

use crate::stats::{cholesky, ranks};

/// Interior knots of each continuous input's cubic B-spline basis.
pub const KNOTS: usize = 4;
/// An input with at most this many distinct values is treated as discrete.
pub const DISCRETE: usize = 8;
/// Groups of at most this many inputs also get pairwise interaction columns.
pub const INTERACTIONS: usize = 4;

/// The cardinal cubic B-spline: nonzero on (0, 4), symmetric about 2, peak 2/3.
pub fn cardinal_cubic(t: f64) -> f64 {
    if !(0.0..4.0).contains(&t) {
        0.0
    } else if t < 1.0 {
        t * t * t / 6.0
    } else if t < 2.0 {
        (-3.0 * t * t * t + 12.0 * t * t - 12.0 * t + 4.0) / 6.0
    } else if t < 3.0 {
        (3.0 * t * t * t - 24.0 * t * t + 60.0 * t - 44.0) / 6.0
    } else {
        (4.0 - t).powi(3) / 6.0
    }
}

/// A design matrix: `n` rows of `p` columns, row-major.
#[derive(Debug, Clone)]
pub struct Design {
    /// Rows (iterations).
    pub n: usize,
    /// Columns.
    pub p: usize,
    x: Vec<f64>,
}

/// Mid-rank scores (r − ½) / n of a column.
fn mid_ranks(x: &[f64]) -> Vec<f64> {
    let n = x.len() as f64;
    ranks(x).into_iter().map(|r| (r - 0.5) / n).collect()
}

/// One input's columns (adding up to 1 in every row) and its mid-rank scores: built once per
/// input and shared by every design it belongs to.
#[derive(Debug, Clone)]
pub struct Member {
    columns: Vec<Vec<f64>>,
    u: Vec<f64>,
}

/// The columns and mid-rank scores of one input.
pub fn member(x: &[f64]) -> Member {
    let u = mid_ranks(x);
    let columns = if let Some(distinct) = few_distinct(x) {
        distinct
            .iter()
            .map(|d| x.iter().map(|v| f64::from(u8::from(v == d))).collect())
            .collect()
    } else {
        let h = 1.0 / (KNOTS + 1) as f64;
        (0..KNOTS + 4)
            .map(|c| {
                let start = (c as f64 - 3.0) * h;
                u.iter()
                    .map(|ui| cardinal_cubic((ui - start) / h))
                    .collect()
            })
            .collect()
    };
    Member { columns, u }
}

/// The distinct values of `x` in ascending order (−0 standing for 0) when there are at most
/// [`DISCRETE`] of them, found without sorting the whole column; `None` when there are more.
fn few_distinct(x: &[f64]) -> Option<Vec<f64>> {
    let mut seen: Vec<f64> = Vec::new();
    for v in x {
        if v.is_nan() {
            // NaN never equals itself: count every one, as sorting and deduplicating would.
            let mut all = x.to_vec();
            all.sort_by(f64::total_cmp);
            all.dedup();
            return (all.len() <= DISCRETE).then_some(all);
        }
        if !seen.iter().any(|s| s.total_cmp(v).is_eq()) {
            seen.push(*v);
            // −0 and 0 are the only two values that merge, so one more than that is too many.
            if seen.len() > DISCRETE + 1 {
                return None;
            }
        }
    }
    seen.sort_by(f64::total_cmp);
    seen.dedup();
    (seen.len() <= DISCRETE).then_some(seen)
}

/// The design of one input or a group (see the module's documentation).
///
/// # Panics
/// With no members, or members of different lengths.
pub fn design(members: &[&[f64]]) -> Design {
    let parts: Vec<Member> = members.iter().map(|m| member(m)).collect();
    design_of(&parts.iter().collect::<Vec<_>>())
}

/// [`design`] from members already built by [`member`].
///
/// # Panics
/// With no members, or members of different lengths.
pub fn design_of(parts: &[&Member]) -> Design {
    assert!(!parts.is_empty(), "a design needs an input");
    let n = parts[0].u.len();
    assert!(
        parts.iter().all(|m| m.u.len() == n),
        "one value per iteration"
    );
    let mut columns: Vec<&[f64]> = Vec::new();
    let ones = vec![1.0; n];
    let mut products: Vec<Vec<f64>> = Vec::new();
    if parts.len() == 1 {
        columns.extend(parts[0].columns.iter().map(|c| &c[..]));
    } else {
        if parts.len() <= INTERACTIONS {
            for a in 0..parts.len() {
                for b in a + 1..parts.len() {
                    let (ua, ub) = (&parts[a].u, &parts[b].u);
                    products.push((0..n).map(|i| (ua[i] - 0.5) * (ub[i] - 0.5)).collect());
                }
            }
        }
        columns.push(&ones);
        for m in parts {
            columns.extend(m.columns.iter().skip(1).map(|c| &c[..]));
        }
        columns.extend(products.iter().map(|c| &c[..]));
    }
    let p = columns.len();
    let mut x = vec![0.0; n * p];
    for (i, row) in x.chunks_mut(p).enumerate() {
        for (v, col) in row.iter_mut().zip(&columns) {
            *v = col[i];
        }
    }
    Design { n, p, x }
}

impl Design {
    /// The fitted values over `rows` of each of `ys` (each given over those rows only),
    /// regressed on the design's rows `rows`.
    pub fn fit(&self, rows: std::ops::Range<usize>, ys: &[&[f64]]) -> Vec<Vec<f64>> {
        let p = self.p;
        let len = rows.len();
        let x = &self.x[rows.start * p..rows.end * p];
        let mut xtx = vec![vec![0.0; p]; p];
        for row in x.chunks(p) {
            for (a, sums) in xtx.iter_mut().enumerate() {
                if row[a] != 0.0 {
                    for (s, xb) in sums[..=a].iter_mut().zip(row) {
                        *s += row[a] * xb;
                    }
                }
            }
        }
        // Scale the lower triangle, then mirror it.
        let scale = 1.0 / len.max(1) as f64;
        let xtx: Vec<Vec<f64>> = (0..p)
            .map(|a| (0..p).map(|b| xtx[a.max(b)][a.min(b)] * scale).collect())
            .collect();
        let mean_diagonal = (0..p).map(|a| xtx[a][a]).sum::<f64>() / p as f64;
        let mut ridge = 1e-9 * mean_diagonal.max(1e-300);
        let l = loop {
            let mut m = xtx.clone();
            for (a, row) in m.iter_mut().enumerate() {
                row[a] += ridge;
            }
            match cholesky(&m) {
                Some(l) => break l,
                None => ridge *= 100.0,
            }
        };
        ys.iter()
            .map(|y| {
                assert_eq!(y.len(), len, "one value per row");
                let mut xty = vec![0.0; p];
                for (row, yi) in x.chunks(p).zip(y.iter()) {
                    for (s, v) in xty.iter_mut().zip(row) {
                        *s += v * yi;
                    }
                }
                xty.iter_mut().for_each(|s| *s *= scale);
                let beta = solve(&l, &xty);
                x.chunks(p)
                    .map(|row| row.iter().zip(&beta).map(|(a, b)| a * b).sum())
                    .collect()
            })
            .collect()
    }
}

/// Solves L·Lᵀ·β = b for β, given the lower-triangular L.
fn solve(l: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
    let p = b.len();
    let mut z = vec![0.0; p];
    for i in 0..p {
        let s: f64 = (0..i).map(|k| l[i][k] * z[k]).sum();
        z[i] = (b[i] - s) / l[i][i];
    }
    let mut beta = vec![0.0; p];
    for i in (0..p).rev() {
        let s: f64 = (i + 1..p).map(|k| l[k][i] * beta[k]).sum();
        beta[i] = (z[i] - s) / l[i][i];
    }
    beta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cubic_b_spline_is_a_partition_of_unity() {
        // On [0, 1] the KNOTS + 4 shifted splines add up to 1.
        let h = 1.0 / (KNOTS + 1) as f64;
        for k in 0..=100 {
            let u = k as f64 / 100.0;
            let sum: f64 = (0..KNOTS + 4)
                .map(|c| cardinal_cubic((u - (c as f64 - 3.0) * h) / h))
                .sum();
            assert!((sum - 1.0).abs() < 1e-12, "u = {u}: {sum}");
        }
        assert_eq!(cardinal_cubic(2.0), 2.0 / 3.0);
        assert_eq!(cardinal_cubic(4.0), 0.0);
    }

    #[test]
    fn a_smooth_function_of_the_input_is_fitted_closely() {
        // y = u² on an input whose mid-ranks are u: a cubic spline fits it exactly, but for the
        // ridge, which shrinks the coefficients by about 10⁻⁹ relative.
        let n = 2_000;
        let x: Vec<f64> = (0..n).map(|i| ((i * 7919) % n) as f64).collect();
        let u = mid_ranks(&x);
        let y: Vec<f64> = u.iter().map(|v| v * v).collect();
        let d = design(&[&x]);
        assert_eq!(d.p, KNOTS + 4);
        let fitted = d.fit(0..n, &[&y]).remove(0);
        let worst = fitted
            .iter()
            .zip(&y)
            .map(|(f, y)| (f - y).abs())
            .fold(0.0, f64::max);
        assert!(worst < 1e-6, "{worst}");
    }

    #[test]
    fn few_distinct_matches_sorting_and_deduplicating() {
        let by_sorting = |x: &[f64]| {
            let mut d = x.to_vec();
            d.sort_by(f64::total_cmp);
            d.dedup();
            (d.len() <= DISCRETE).then_some(d)
        };
        let nine: Vec<f64> = (0..9).map(f64::from).collect();
        let mut signed_zeros = vec![-0.0, 0.0];
        signed_zeros.extend((1..8).map(f64::from));
        for x in [
            vec![3.0, 1.0, 3.0, 2.0, 1.0],
            nine.clone(),
            nine[..8].to_vec(),
            signed_zeros,
            vec![0.0, f64::NAN, 1.0, f64::NAN],
        ] {
            let (a, b) = (few_distinct(&x), by_sorting(&x));
            let bits =
                |d: Option<Vec<f64>>| d.map(|d| d.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
            assert_eq!(bits(a), bits(b), "{x:?}");
        }
    }

    #[test]
    fn a_discrete_input_is_fitted_by_its_group_means() {
        let x = [0.0, 1.0, 0.0, 1.0, 1.0, 0.0];
        let y = [1.0, 10.0, 3.0, 20.0, 30.0, 5.0];
        let d = design(&[&x]);
        assert_eq!(d.p, 2);
        let fitted = d.fit(0..6, &[&y]).remove(0);
        for (f, want) in fitted.iter().zip([3.0, 20.0, 3.0, 20.0, 20.0, 3.0]) {
            assert!((f - want).abs() < 1e-6, "{fitted:?}");
        }
        // A group adds a constant, each member's columns but one, and their interaction.
        let z: Vec<f64> = (0..6).map(|i| i as f64).collect();
        assert_eq!(design(&[&x, &z]).p, 1 + 1 + 5 + 1);
    }
}
