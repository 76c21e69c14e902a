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
//!
//! The design is never held whole: its rows are made one at a time from each member's scores,
//! once to sum XᵀX and Xᵀy (over the whole run and over each batch in the same pass) and once
//! for the fitted values. A row of a spline basis has at most four nonzero columns of eight, so
//! the sums leave out the columns that are 0 when every value is a number (adding ±0 to a sum
//! of numbers changes nothing); otherwise every column counts, so a NaN spreads as it would.

use crate::stats::{cholesky, ranks};
use std::ops::Range;

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

/// Mid-rank scores (r − ½) / n of a column.
fn mid_ranks(x: &[f64]) -> Vec<f64> {
    let n = x.len() as f64;
    ranks(x).into_iter().map(|r| (r - 0.5) / n).collect()
}

/// One input, ready for every design it belongs to: its mid-rank scores and, when it is
/// discrete, the position of each iteration's value among its distinct values. Its columns
/// (adding up to 1 in every row) are made row by row from these, so a run of many iterations
/// keeps one number per iteration for each input rather than one per column.
#[derive(Debug, Clone)]
pub struct Member {
    u: Vec<f64>,
    /// Discrete: each row's value's position among the distinct values (`NONE` for a value
    /// equal to none of them, NaN), and how many distinct values there are.
    levels: Option<(Vec<u8>, usize)>,
    /// Every score is a number (no NaN input).
    finite: bool,
}

/// A discrete input's row whose value matches no distinct value (NaN).
const NONE: u8 = u8::MAX;

/// The mid-rank scores and, for a discrete input, the levels of one input.
pub fn member(x: &[f64]) -> Member {
    let u = mid_ranks(x);
    let levels = few_distinct(x).map(|distinct| {
        let level = |v: &f64| {
            distinct
                .iter()
                .position(|d| v == d)
                .map_or(NONE, |l| l as u8)
        };
        (x.iter().map(level).collect(), distinct.len())
    });
    let finite = u.iter().all(|v| v.is_finite());
    Member { u, levels, finite }
}

impl Member {
    /// The average ranks the mid-rank scores were made from: r = n·u + ½, exactly, as r is a
    /// multiple of ½ and the rounding of u and of n·u + ½ is far below ¼ for any n below 2⁵⁰.
    pub fn ranks(&self) -> Vec<f64> {
        let n = self.u.len() as f64;
        self.u
            .iter()
            .map(|u| ((u * n + 0.5) * 2.0).round() / 2.0)
            .collect()
    }

    /// Columns of the input's own basis.
    fn width(&self) -> usize {
        self.levels.as_ref().map_or(KNOTS + 4, |(_, k)| *k)
    }

    /// Row `i` of the input's columns from `skip` on, numbered from `offset`: every column
    /// that may be nonzero, in ascending order (the others are exactly 0).
    fn push_row(&self, i: usize, skip: usize, offset: usize, out: &mut Vec<(usize, f64)>) {
        match &self.levels {
            Some((levels, _)) => {
                let l = usize::from(levels[i]);
                if levels[i] != NONE && l >= skip {
                    out.push((offset + l - skip, 1.0));
                }
            }
            None => {
                let h = 1.0 / (KNOTS + 1) as f64;
                let ui = self.u[i];
                // All at once, so that the divisions may share instructions.
                let t: [f64; KNOTS + 4] = std::array::from_fn(|c| (ui - (c as f64 - 3.0) * h) / h);
                // t falls from one column to the next, so the columns with 0 ≤ t < 4 are those
                // after the ones with t ≥ 4 and before the ones with t < 0 (none for NaN):
                // counted without a branch on each, which the processor could not predict.
                let first = t.iter().map(|&t| usize::from(t >= 4.0)).sum::<usize>();
                let end = t.iter().map(|&t| usize::from(t >= 0.0)).sum::<usize>();
                let from = first.max(skip);
                for (c, &t) in t.iter().enumerate().take(end.max(from)).skip(from) {
                    out.push((offset + c - skip, cardinal_cubic(t)));
                }
            }
        }
    }
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

/// The design of one input or a group (see the module's documentation): `n` rows of `p`
/// columns, made row by row from its members.
#[derive(Debug, Clone)]
pub struct Design<'a> {
    /// Rows (iterations).
    pub n: usize,
    /// Columns.
    pub p: usize,
    members: &'a [&'a Member],
    /// Each member's first column in the design.
    offsets: Vec<usize>,
    /// Pairs of members whose interaction is a column.
    pairs: Vec<(usize, usize)>,
    /// Every value is a number, so a zero column value may be left out of the sums.
    finite: bool,
}

/// The design of members built by [`member`].
///
/// # Panics
/// With no members, or members of different lengths.
pub fn design_of<'a>(members: &'a [&'a Member]) -> Design<'a> {
    assert!(!members.is_empty(), "a design needs an input");
    let n = members[0].u.len();
    assert!(
        members.iter().all(|m| m.u.len() == n),
        "one value per iteration"
    );
    let mut offsets = Vec::new();
    let mut pairs = Vec::new();
    let mut p = 0;
    if members.len() == 1 {
        offsets.push(0);
        p = members[0].width();
    } else {
        p += 1;
        for m in members {
            offsets.push(p);
            p += m.width() - 1;
        }
        if members.len() <= INTERACTIONS {
            for a in 0..members.len() {
                for b in a + 1..members.len() {
                    pairs.push((a, b));
                }
            }
        }
        p += pairs.len();
    }
    Design {
        n,
        p,
        members,
        offsets,
        pairs,
        finite: members.iter().all(|m| m.finite),
    }
}

/// Least-squares coefficients on the whole run and on each batch of rows.
#[derive(Debug, Clone)]
pub struct Coefficients {
    /// Per y, fitted on every row.
    pub whole: Vec<Vec<f64>>,
    /// Per batch, per y, fitted on the batch's rows alone.
    pub batches: Vec<Vec<Vec<f64>>>,
}

/// Sums of squares and cross-products over the rows so far (lane [`WHOLE`]) and over the
/// current batch's rows (lane [`BATCH`]): XᵀX (lower triangle, row-major p × p) and Xᵀy for
/// each y, each a sum in row order from +0. A product is made once and added to both lanes.
struct Sums {
    p: usize,
    xtx: Vec<[f64; 2]>,
    xty: Vec<Vec<[f64; 2]>>,
}

/// The lane of [`Sums`] over every row so far.
const WHOLE: usize = 0;
/// The lane of [`Sums`] over the current batch's rows.
const BATCH: usize = 1;

impl Sums {
    fn new(p: usize, ys: usize) -> Sums {
        Sums {
            p,
            xtx: vec![[0.0; 2]; p * p],
            xty: vec![vec![[0.0; 2]; p]; ys],
        }
    }

    /// Starts the next batch.
    fn clear_batch(&mut self) {
        for s in self.xtx.iter_mut().chain(self.xty.iter_mut().flatten()) {
            s[BATCH] = 0.0;
        }
    }

    /// Adds one row given by its possibly-nonzero entries (all of it in `dense` when the
    /// design is not finite, so that a NaN spreads as it would through every column), with the
    /// row's value of each y.
    fn add(&mut self, row: &[(usize, f64)], dense: Option<&[f64]>, y: &[f64]) {
        let p = self.p;
        let add = |s: &mut [f64; 2], x: f64| {
            s[WHOLE] += x;
            s[BATCH] += x;
        };
        match dense {
            None => {
                for (k, &(a, va)) in row.iter().enumerate() {
                    if va != 0.0 {
                        let sums = &mut self.xtx[a * p..a * p + p];
                        for &(b, vb) in &row[..=k] {
                            add(&mut sums[b], va * vb);
                        }
                    }
                }
                for (xty, &yi) in self.xty.iter_mut().zip(y) {
                    for &(a, va) in row {
                        add(&mut xty[a], va * yi);
                    }
                }
            }
            Some(row) => {
                for (a, &va) in row.iter().enumerate() {
                    if va != 0.0 {
                        let sums = &mut self.xtx[a * p..a * p + p];
                        for (s, xb) in sums[..=a].iter_mut().zip(row) {
                            add(s, va * xb);
                        }
                    }
                }
                for (xty, &yi) in self.xty.iter_mut().zip(y) {
                    for (s, v) in xty.iter_mut().zip(row) {
                        add(s, v * yi);
                    }
                }
            }
        }
    }

    /// The coefficients for each y, from the sums of `lane` over `len` rows.
    fn solve(&self, lane: usize, len: usize) -> Vec<Vec<f64>> {
        let p = self.p;
        let scale = 1.0 / len.max(1) as f64;
        // Scale the lower triangle, then mirror it.
        let xtx: Vec<Vec<f64>> = (0..p)
            .map(|a| {
                (0..p)
                    .map(|b| self.xtx[a.max(b) * p + a.min(b)][lane] * scale)
                    .collect()
            })
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
        self.xty
            .iter()
            .map(|xty| {
                let xty: Vec<f64> = xty.iter().map(|s| s[lane] * scale).collect();
                solve(&l, &xty)
            })
            .collect()
    }
}

impl Design<'_> {
    /// Row `i`'s possibly-nonzero entries, in ascending column order, into `out`.
    fn row(&self, i: usize, out: &mut Vec<(usize, f64)>) {
        out.clear();
        if self.members.len() == 1 {
            self.members[0].push_row(i, 0, 0, out);
            return;
        }
        out.push((0, 1.0));
        for (m, &offset) in self.members.iter().zip(&self.offsets) {
            m.push_row(i, 1, offset, out);
        }
        let first = self.p - self.pairs.len();
        for (j, &(a, b)) in self.pairs.iter().enumerate() {
            let (ua, ub) = (self.members[a].u[i], self.members[b].u[i]);
            out.push((first + j, (ua - 0.5) * (ub - 0.5)));
        }
    }

    /// Row `i` in full, into `dense`.
    fn dense_row(&self, i: usize, sparse: &mut Vec<(usize, f64)>, dense: &mut [f64]) {
        self.row(i, sparse);
        dense.fill(0.0);
        for &(a, v) in sparse.iter() {
            dense[a] = v;
        }
    }

    /// The least-squares coefficients of each of `ys` (n values each) on the whole design and
    /// on each of `batches`, ranges of rows that follow one another from row 0, with the normal
    /// equations (XᵀX/len + εI) β = Xᵀy/len of the module's documentation.
    ///
    /// # Panics
    /// If a y is not n long.
    pub fn coefficients(&self, ys: &[&[f64]], batches: &[Range<usize>]) -> Coefficients {
        self.fit(ys, batches, &mut Scratch::default())
    }

    /// [`Design::coefficients`], keeping the rows it makes in `scratch` for [`Design::predict`]
    /// when they hold at most [`KEPT_ENTRIES`] entries.
    ///
    /// # Panics
    /// If a y is not n long.
    pub fn fit(
        &self,
        ys: &[&[f64]],
        batches: &[Range<usize>],
        scratch: &mut Scratch,
    ) -> Coefficients {
        assert!(ys.iter().all(|y| y.len() == self.n), "one value per row");
        let kept = &mut scratch.kept;
        kept.clear();
        let mut keep = true;
        let dense = !self.finite || !ys.iter().all(|y| y.iter().all(|v| v.is_finite()));
        let mut sums = Sums::new(self.p, ys.len());
        let mut fitted = Vec::with_capacity(batches.len());
        let mut sparse = Vec::with_capacity(self.p);
        let mut buffer = vec![0.0; self.p];
        let mut ends = batches.iter().map(|b| (b.end, b.len()));
        let mut next = ends.next();
        let mut y = vec![0.0; ys.len()];
        for i in 0..self.n {
            for (v, c) in y.iter_mut().zip(ys) {
                *v = c[i];
            }
            let full = if dense {
                self.dense_row(i, &mut sparse, &mut buffer);
                Some(&buffer[..])
            } else {
                self.row(i, &mut sparse);
                None
            };
            sums.add(&sparse, full, &y);
            keep = keep && kept.push(&sparse, self.n);
            if let Some((end, len)) = next
                && i + 1 == end
            {
                fitted.push(sums.solve(BATCH, len));
                sums.clear_batch();
                next = ends.next();
            }
        }
        Coefficients {
            whole: sums.solve(WHOLE, self.n),
            batches: fitted,
        }
    }

    /// The fitted values at row `i` of each set of coefficients in `betas`, in order, into
    /// `out`.
    pub fn predict(&self, i: usize, betas: &Betas, scratch: &mut Scratch, out: &mut Vec<f64>) {
        out.clear();
        let Scratch {
            sparse,
            dense,
            kept,
        } = scratch;
        if kept.ends.len() == self.n {
            let (columns, values) = kept.row(i);
            let row = columns
                .iter()
                .map(|&a| a as usize)
                .zip(values.iter().copied());
            self.predict_row(row, betas, dense, out);
        } else {
            self.row(i, sparse);
            self.predict_row(sparse.iter().copied(), betas, dense, out);
        }
    }

    /// [`Design::predict`] from the row's entries.
    fn predict_row(
        &self,
        row: impl Iterator<Item = (usize, f64)>,
        betas: &Betas,
        dense: &mut Vec<f64>,
        out: &mut Vec<f64>,
    ) {
        if self.finite && betas.finite {
            // A column that is 0 adds ±0 to a sum of finite numbers: at most the sign of a
            // zero sum changes, which no later sum or maximum sees.
            // Each fitted value is the sum over the row in column order from −0, as `sum` makes
            // it, with every set's sum kept side by side.
            let k = betas.sets.len();
            out.resize(k, -0.0);
            for (a, v) in row {
                for (o, b) in out.iter_mut().zip(&betas.by_column[a * k..a * k + k]) {
                    *o += v * b;
                }
            }
        } else {
            dense.clear();
            dense.resize(self.p, 0.0);
            for (a, v) in row {
                dense[a] = v;
            }
            let row = &dense[..];
            out.extend(
                betas
                    .sets
                    .iter()
                    .map(|beta| row.iter().zip(*beta).map(|(a, b)| a * b).sum::<f64>()),
            );
        }
    }
}

/// Sets of coefficients to predict with, in order.
#[derive(Debug, Clone)]
pub struct Betas<'b> {
    sets: Vec<&'b [f64]>,
    /// Column a's coefficient in every set, for each a in turn.
    by_column: Vec<f64>,
    finite: bool,
}

impl<'b> Betas<'b> {
    /// The sets in order.
    pub fn new(sets: Vec<&'b [f64]>) -> Betas<'b> {
        let finite = sets.iter().all(|b| b.iter().all(|v| v.is_finite()));
        let p = sets.first().map_or(0, |b| b.len());
        let by_column = (0..p)
            .flat_map(|a| sets.iter().map(move |b| b[a]))
            .collect();
        Betas {
            sets,
            by_column,
            finite,
        }
    }
}

/// The most entries of a design's rows that [`Design::fit`] keeps for [`Design::predict`]
/// (12 bytes each: 12 MB); a larger design makes its rows again.
pub const KEPT_ENTRIES: usize = 1 << 20;

/// Working space for [`Design::fit`] and [`Design::predict`].
#[derive(Debug, Default)]
pub struct Scratch {
    sparse: Vec<(usize, f64)>,
    dense: Vec<f64>,
    kept: Kept,
}

/// A design's rows as [`Design::fit`] made them, one after another, kept for
/// [`Design::predict`]: 12 bytes an entry.
#[derive(Debug, Default)]
struct Kept {
    columns: Vec<u32>,
    values: Vec<f64>,
    /// Where each row ends.
    ends: Vec<u32>,
}

impl Kept {
    fn clear(&mut self) {
        self.columns.clear();
        self.values.clear();
        self.ends.clear();
    }

    /// Keeps the next of `rows` rows, unless that would pass [`KEPT_ENTRIES`]: then keeps
    /// none, and says so.
    fn push(&mut self, row: &[(usize, f64)], rows: usize) -> bool {
        if self.values.len() + row.len() > KEPT_ENTRIES {
            *self = Kept::default();
            return false;
        }
        if self.ends.is_empty() {
            // Every row of a design has about as many entries as the first.
            let entries = (row.len() * rows).min(KEPT_ENTRIES);
            self.columns.reserve(entries);
            self.values.reserve(entries);
            self.ends.reserve(rows);
        }
        for &(a, v) in row {
            self.columns.push(a as u32);
            self.values.push(v);
        }
        self.ends.push(self.values.len() as u32);
        true
    }

    /// Row `i`: its columns and values.
    fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize;
        (&self.columns[start..end], &self.values[start..end])
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

    /// The columns of the design of `members` and the fitted values of `y` on all its rows,
    /// leaving out the columns that are 0 when `sparse` and the values allow it.
    fn fit(members: &[&[f64]], y: &[f64], sparse: bool) -> (usize, Vec<f64>) {
        let built: Vec<Member> = members.iter().map(|m| member(m)).collect();
        let refs: Vec<&Member> = built.iter().collect();
        let mut d = design_of(&refs);
        d.finite &= sparse;
        let c = d.coefficients(&[y], &[]);
        let betas = Betas::new(vec![&c.whole[0]]);
        let (mut scratch, mut out) = (Scratch::default(), Vec::new());
        let fitted = (0..d.n)
            .map(|i| {
                d.predict(i, &betas, &mut scratch, &mut out);
                out[0]
            })
            .collect();
        (d.p, fitted)
    }

    #[test]
    fn leaving_out_zero_columns_changes_no_bit() {
        // Continuous and discrete inputs, alone and in groups with and without interactions.
        let n = 3_000;
        let column = |k: usize, m: usize| -> Vec<f64> {
            (0..n)
                .map(|i| (((i * 7919 + k * 104_729) % 10_007) % m) as f64 - 0.5 * k as f64)
                .collect()
        };
        let (a, b, c, d, e) = (
            column(1, 10_007),
            column(2, 10_007),
            column(3, 3),
            column(4, 10_007),
            column(5, 2),
        );
        let y: Vec<f64> = (0..n)
            .map(|i| a[i] * 0.3 - b[i].sqrt().max(1.0) + 7.0 * c[i] + ((i * 31) % 17) as f64)
            .collect();
        let bits = |v: Vec<f64>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        for members in [
            vec![&a[..]],
            vec![&c[..]],
            vec![&a[..], &c[..]],
            vec![&a[..], &b[..], &c[..], &e[..]],
            vec![&a[..], &b[..], &c[..], &d[..], &e[..]],
        ] {
            let (sparse, dense) = (fit(&members, &y, true), fit(&members, &y, false));
            assert_eq!(sparse.0, dense.0);
            assert_eq!(bits(sparse.1), bits(dense.1), "{} members", members.len());
        }
    }

    #[test]
    fn a_spline_row_holds_the_columns_where_t_is_from_0_to_4() {
        // As rows were made column by column, testing each t: near every knot, where rounding
        // decides, and at the ends.
        let h = 1.0 / (KNOTS + 1) as f64;
        let by_column = |u: f64, skip: usize| -> Vec<(usize, f64)> {
            (0..KNOTS + 4)
                .skip(skip)
                .map(|c| (c, (u - (c as f64 - 3.0) * h) / h))
                .filter(|(_, t)| (0.0..4.0).contains(t))
                .map(|(c, t)| (c - skip, cardinal_cubic(t)))
                .collect()
        };
        let mut u: Vec<f64> = vec![0.0, -0.0, 1.0, 1e-300, 0.999_999_999_999, f64::NAN];
        for j in 0..=KNOTS + 1 {
            let knot = j as f64 * h;
            let (mut below, mut above) = (knot, knot);
            for _ in 0..4 {
                u.extend([below, above]);
                below = below.next_down();
                above = above.next_up();
            }
        }
        u.extend((0..10_000).map(|i| (i as f64 + 0.5) / 10_000.0));
        let m = member(&u);
        let bits =
            |r: &[(usize, f64)]| r.iter().map(|(c, v)| (*c, v.to_bits())).collect::<Vec<_>>();
        for skip in [0, 1] {
            for (i, &ui) in m.u.iter().enumerate() {
                let mut row = Vec::new();
                Member {
                    u: vec![ui],
                    levels: None,
                    finite: true,
                }
                .push_row(0, skip, 0, &mut row);
                assert_eq!(bits(&row), bits(&by_column(ui, skip)), "u = {ui} (row {i})");
            }
        }
        for &ui in &u {
            let mut row = Vec::new();
            Member {
                u: vec![ui],
                levels: None,
                finite: true,
            }
            .push_row(0, 0, 0, &mut row);
            assert_eq!(bits(&row), bits(&by_column(ui, 0)), "u = {ui}");
        }
    }

    #[test]
    fn kept_rows_predict_as_rows_made_again() {
        let n = 2_000;
        let a: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1_009) as f64).collect();
        let b: Vec<f64> = (0..n).map(|i| f64::from(i % 3 == 0)).collect();
        let y: Vec<f64> = (0..n).map(|i| a[i].sqrt() - 3.0 * b[i]).collect();
        let built = [member(&a), member(&b)];
        let refs: Vec<&Member> = built.iter().collect();
        for members in [&refs[..1], &refs[..]] {
            let d = design_of(members);
            let mut kept = Scratch::default();
            let fit = d.fit(&[&y], &[], &mut kept);
            assert_eq!(kept.kept.ends.len(), n, "the rows are kept");
            let betas = Betas::new(vec![&fit.whole[0]]);
            let (mut again, mut x, mut z) = (Scratch::default(), Vec::new(), Vec::new());
            for i in 0..n {
                d.predict(i, &betas, &mut kept, &mut x);
                d.predict(i, &betas, &mut again, &mut z);
                assert_eq!(x[0].to_bits(), z[0].to_bits(), "row {i}");
            }
        }
    }

    #[test]
    fn ranks_come_back_exactly_from_the_scores() {
        let x: Vec<f64> = (0..10_007).map(|i| ((i * 7919) % 1_013) as f64).collect();
        let bits = |v: &[f64]| v.iter().map(|r| r.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&member(&x).ranks()), bits(&ranks(&x)));
        let occurs: Vec<f64> = (0..20_001).map(|i| f64::from(i % 7 == 0)).collect();
        assert_eq!(bits(&member(&occurs).ranks()), bits(&ranks(&occurs)));
    }

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
        let (p, fitted) = fit(&[&x], &y, true);
        assert_eq!(p, KNOTS + 4);
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
        let (p, fitted) = fit(&[&x], &y, true);
        assert_eq!(p, 2);
        for (f, want) in fitted.iter().zip([3.0, 20.0, 3.0, 20.0, 20.0, 3.0]) {
            assert!((f - want).abs() < 1e-6, "{fitted:?}");
        }
        // A group adds a constant, each member's columns but one, and their interaction.
        let z: Vec<f64> = (0..6).map(|i| i as f64).collect();
        assert_eq!(fit(&[&x, &z], &y, true).0, 1 + 1 + 5 + 1);
    }
}
