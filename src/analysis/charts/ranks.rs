//! The rank-acceptability chart's data (docs/model.md section 15): each option's share of the
//! iterations at each rank of the multi-criteria appraisal.

use serde::Serialize;

/// Each option's rank acceptabilities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankAcceptability {
    /// Option names, in scenario order.
    pub names: Vec<String>,
    /// `[option][rank]`: the share of iterations in which the option has that rank (rank 1
    /// first); each option's shares sum to 1.
    pub shares: Vec<Vec<f64>>,
}
