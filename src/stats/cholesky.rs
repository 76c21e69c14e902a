//! The Cholesky factor of a correlation matrix: the scenario reader checks with it that the
//! correlations asked for can hold together, and the engine's Gaussian copula (docs/model.md
//! section 8) draws correlated inputs through it. Twenty lines for matrices of a few parameters
//! do not warrant a linear-algebra crate.

/// The lower-triangular Cholesky factor L of a symmetric matrix (L·Lᵀ = m), or `None` when m
/// is not positive definite (to a tolerance of 1e-10 on the pivots). `m` is given by rows.
pub fn cholesky(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = m[i][i] - s;
                if d <= 1e-10 {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (m[i][j] - s) / l[j][j];
            }
        }
    }
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_factors_and_rejects() {
        let m = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let l = cholesky(&m).unwrap();
        assert_eq!(l, vec![vec![2.0, 0.0], vec![1.0, 2f64.sqrt()]]);
        // Three variables each correlated 0.9 with one another but two of them −0.9: impossible.
        let bad = vec![
            vec![1.0, 0.9, 0.9],
            vec![0.9, 1.0, -0.9],
            vec![0.9, -0.9, 1.0],
        ];
        assert!(cholesky(&bad).is_none());
    }
}
