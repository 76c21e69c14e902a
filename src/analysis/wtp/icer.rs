//! The incremental analysis of options against a reference: deltas, ICERs, and dominance
//! (strong and extended) along the cost-effectiveness frontier.

use serde::Serialize;

/// Where an option stands in the incremental analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IcerStatus {
    /// The reference for the deltas: the option of kind `baseline`, or the least costly option
    /// when there is none (see [`super::analyse`]).
    Baseline,
    /// Strongly dominated: another option is at least as effective and no more costly, and
    /// strictly better on one of the two.
    Dominated,
    /// Extendedly dominated: a mix of the two frontier options either side of it in effect
    /// would give its effect for less; its ICER against the previous frontier option is higher
    /// than that of the next frontier option.
    ExtendedlyDominated,
    /// On the cost-effectiveness frontier: ICERs increase along it.
    Frontier,
}

/// One option in the incremental analysis. Costs are in £ (`cost_pv`), effects in units of the
/// effect metric, ratios in £ per unit of effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IcerRow {
    /// The option (as passed in `names`).
    pub option: String,
    /// Mean cost (£).
    pub mean_cost: f64,
    /// Mean effect (units of the effect metric).
    pub mean_effect: f64,
    /// Mean cost minus the reference's mean cost (£).
    pub delta_cost: f64,
    /// Mean effect minus the reference's mean effect (units).
    pub delta_effect: f64,
    /// `delta_cost / delta_effect` (£ per unit); `None` when `delta_effect` is 0, as for the
    /// reference itself. The ratio alone does not say which quadrant the option is in: a
    /// positive ratio may mean "costs more, achieves more" or "saves money, achieves less";
    /// read the signs of the deltas.
    pub icer_vs_baseline: Option<f64>,
    /// Dominance status. The reference is always `baseline`, whatever its place on the
    /// frontier; `icer_on_frontier` and `dominated_by` still tell where it stands.
    pub status: IcerStatus,
    /// For an option on the frontier, its ICER against the next less effective frontier option
    /// (£ per unit); `None` for the least effective frontier option and for dominated options.
    pub icer_on_frontier: Option<f64>,
    /// For a strongly dominated option, the least costly of the options that dominate it (the
    /// more effective first among equally costly ones); for an extendedly dominated option, the
    /// next more effective frontier option, which mixed with the next less effective one
    /// dominates it. `None` otherwise.
    pub dominated_by: Option<String>,
}

/// The incremental analysis (Drummond et al., *Methods for the Economic Evaluation of Health
/// Care Programmes*, 4th ed., 2015, section 4.5): one row per option, in the order given,
/// with deltas and ICERs against `baseline` (an index into `names`) and each option's
/// dominance status.
///
/// Every option takes part in the dominance analysis, the reference included. An option is
/// strongly dominated when another is at least as effective and no more costly, one of them
/// strictly. The rest, sorted by mean effect, have strictly increasing mean cost; an option is
/// extendedly dominated when its ICER against the previous frontier option is strictly higher
/// than the next option's ICER against it, and such options are removed until ICERs increase
/// along what remains (computed as the lower convex hull in one pass; options on a straight
/// stretch of the frontier, with equal ICERs, stay on it). Options with exactly the same mean
/// cost and mean effect dominate neither each other nor anything the other does not: they
/// share one place, status and frontier ICER.
///
/// # Panics
/// If the three slices differ in length or `baseline` is not an index into them. Means must be
/// finite.
pub fn icer_table(
    names: &[String],
    mean_cost: &[f64],
    mean_effect: &[f64],
    baseline: usize,
) -> Vec<IcerRow> {
    let m = names.len();
    assert!(
        mean_cost.len() == m && mean_effect.len() == m,
        "icer_table needs one mean cost and one mean effect per option"
    );
    assert!(
        baseline < m,
        "baseline {baseline} is not one of {m} options"
    );
    let (c, e) = (mean_cost, mean_effect);
    let dominates =
        |a: usize, b: usize| e[a] >= e[b] && c[a] <= c[b] && (e[a] > e[b] || c[a] < c[b]);
    // The least costly dominator, the more effective among equals: nothing dominates it, since
    // whatever did would dominate the option too and be chosen instead.
    let dominator: Vec<Option<usize>> = (0..m)
        .map(|b| {
            (0..m)
                .filter(|&a| dominates(a, b))
                .min_by(|&x, &y| c[x].total_cmp(&c[y]).then(e[y].total_cmp(&e[x])))
        })
        .collect();

    // The undominated options by increasing effect, identical points next to each other.
    // Between two distinct undominated points both effect and cost strictly increase.
    let mut undominated: Vec<usize> = (0..m).filter(|&o| dominator[o].is_none()).collect();
    undominated.sort_by(|&x, &y| e[x].total_cmp(&e[y]).then(c[x].total_cmp(&c[y])));
    let same_point = |a: usize, b: usize| e[a] == e[b] && c[a] == c[b];
    let icer = |from: usize, to: usize| (c[to] - c[from]) / (e[to] - e[from]);

    // Lower convex hull over the distinct points, each represented by its first option.
    let mut hull: Vec<usize> = Vec::new();
    for (k, &p) in undominated.iter().enumerate() {
        if k > 0 && same_point(undominated[k - 1], p) {
            continue;
        }
        while let [.., a, b] = hull[..] {
            if icer(a, b) > icer(b, p) {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(p);
    }

    (0..m)
        .map(|o| {
            let (mut status, mut on_frontier, mut by) = (IcerStatus::Dominated, None, None);
            if let Some(d) = dominator[o] {
                by = Some(d);
            } else if let Some(h) = hull.iter().position(|&p| same_point(p, o)) {
                status = IcerStatus::Frontier;
                on_frontier = h.checked_sub(1).map(|prev| icer(hull[prev], hull[h]));
            } else {
                status = IcerStatus::ExtendedlyDominated;
                // The most effective undominated point is always on the hull.
                by = hull.iter().copied().find(|&p| e[p] > e[o]);
            }
            if o == baseline {
                status = IcerStatus::Baseline;
            }
            let delta_cost = c[o] - c[baseline];
            let delta_effect = e[o] - e[baseline];
            IcerRow {
                option: names[o].clone(),
                mean_cost: c[o],
                mean_effect: e[o],
                delta_cost,
                delta_effect,
                icer_vs_baseline: (delta_effect != 0.0).then(|| delta_cost / delta_effect),
                status,
                icer_on_frontier: on_frontier,
                dominated_by: by.map(|d| names[d].clone()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::analyse;
    use super::*;

    fn names(ns: &[&str]) -> Vec<String> {
        ns.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn icer_with_strong_and_extended_dominance() {
        // bau → in_house: 52,000 / 28 = 13,000/7 ≈ 1,857 per unit; in_house → partnership:
        // 51,000 / 43 ≈ 1,186: lower, so in_house is extendedly dominated, and the frontier is
        // bau → partnership at 103,000 / 71 ≈ 1,451. commissioned (171,000; 110) costs more and
        // achieves less than in_house (152,000; 118): strongly dominated.
        let rows = icer_table(
            &names(&["in_house", "bau", "commissioned", "partnership"]),
            &[152_000.0, 100_000.0, 171_000.0, 203_000.0],
            &[118.0, 90.0, 110.0, 161.0],
            1,
        );
        let row = |option: &str,
                   mean_cost: f64,
                   mean_effect: f64,
                   delta_cost: f64,
                   delta_effect: f64,
                   icer_vs_baseline: Option<f64>,
                   status: IcerStatus,
                   icer_on_frontier: Option<f64>,
                   dominated_by: Option<&str>| IcerRow {
            option: option.into(),
            mean_cost,
            mean_effect,
            delta_cost,
            delta_effect,
            icer_vs_baseline,
            status,
            icer_on_frontier,
            dominated_by: dominated_by.map(String::from),
        };
        use IcerStatus::*;
        let expected = vec![
            row(
                "in_house",
                152_000.0,
                118.0,
                52_000.0,
                28.0,
                Some(13_000.0 / 7.0),
                ExtendedlyDominated,
                None,
                Some("partnership"),
            ),
            row("bau", 100_000.0, 90.0, 0.0, 0.0, None, Baseline, None, None),
            row(
                "commissioned",
                171_000.0,
                110.0,
                71_000.0,
                20.0,
                Some(3_550.0),
                Dominated,
                None,
                Some("in_house"),
            ),
            row(
                "partnership",
                203_000.0,
                161.0,
                103_000.0,
                71.0,
                Some(103_000.0 / 71.0),
                Frontier,
                Some(103_000.0 / 71.0),
                None,
            ),
        ];
        assert_eq!(rows, expected);
        let json = serde_json::to_value(&rows[0]).unwrap();
        assert_eq!(json["status"], "extendedly_dominated");
        assert_eq!(json["icer_on_frontier"], serde_json::Value::Null);
    }

    #[test]
    fn icer_frontier_ties_and_a_dominated_baseline() {
        // a (10; 1) is the baseline. b (10; 3) is as cheap and more effective: a is dominated.
        // c (10; 3) is the same point as b. d (30; 3) ties b on effect at higher cost:
        // dominated. e (40; 8): b → e at 30/5 = 6, but e → f (70; 14) at 30/6 = 5 is lower,
        // so e is extendedly dominated and the frontier runs b/c → f at 60/11. g (130; 24):
        // f → g at 60/10 = 6 > 60/11, on the frontier.
        let n = names(&["a", "b", "c", "d", "e", "f", "g"]);
        let cost = [10.0, 10.0, 10.0, 30.0, 40.0, 70.0, 130.0];
        let effect = [1.0, 3.0, 3.0, 3.0, 8.0, 14.0, 24.0];
        let rows = icer_table(&n, &cost, &effect, 0);
        let status: Vec<IcerStatus> = rows.iter().map(|r| r.status).collect();
        use IcerStatus::*;
        assert_eq!(
            status,
            [
                Baseline,
                Frontier,
                Frontier,
                Dominated,
                ExtendedlyDominated,
                Frontier,
                Frontier
            ]
        );
        let by: Vec<Option<&str>> = rows.iter().map(|r| r.dominated_by.as_deref()).collect();
        assert_eq!(
            by,
            [Some("b"), None, None, Some("b"), Some("f"), None, None]
        );
        let on: Vec<Option<f64>> = rows.iter().map(|r| r.icer_on_frontier).collect();
        assert_eq!(
            on,
            [None, None, None, None, None, Some(60.0 / 11.0), Some(6.0)]
        );
        // Zero Δcost with nonzero Δeffect is a ratio of 0; zero Δeffect has none.
        assert_eq!(rows[1].icer_vs_baseline, Some(0.0));
        let flat = icer_table(&n[..2], &[10.0, 20.0], &[5.0, 5.0], 0);
        assert_eq!(flat[1].icer_vs_baseline, None);
        assert_eq!(flat[1].delta_cost, 10.0);
        assert_eq!(flat[1].status, Dominated);

        // Collinear points stay on the frontier (equal ICERs are not "higher").
        let line = icer_table(&n[..3], &[0.0, 10.0, 20.0], &[0.0, 1.0, 2.0], 0);
        assert_eq!(line[1].status, Frontier);
        assert_eq!(line[2].icer_on_frontier, Some(10.0));
    }

    #[test]
    fn without_a_baseline_the_least_costly_is_the_reference() {
        // Mean costs 30, 10, 10; mean effects 5, 1, 2: option "z" is least costly and, of the
        // two, more effective.
        let effect = vec![vec![5.0, 5.0], vec![1.0, 1.0], vec![1.0, 3.0]];
        let cost = vec![vec![30.0, 30.0], vec![10.0, 10.0], vec![12.0, 8.0]];
        let a = analyse(
            &names(&["x", "y", "z"]),
            &effect,
            &cost,
            "engaged",
            1.0,
            vec![0.0, 10.0],
            None,
        );
        let status: Vec<IcerStatus> = a.icer.iter().map(|r| r.status).collect();
        use IcerStatus::*;
        assert_eq!(status, [Frontier, Dominated, Baseline]);
        assert_eq!(a.icer[0].icer_vs_baseline, Some(20.0 / 3.0));
        let with = analyse(
            &names(&["x", "y", "z"]),
            &effect,
            &cost,
            "engaged",
            1.0,
            vec![0.0, 10.0],
            Some(1),
        );
        assert_eq!(with.icer[1].status, Baseline);
        assert_eq!(with.icer[2].status, Frontier);
    }
}
