//! The cost-effectiveness plane: incremental effect against incremental cost.

use super::Chart;
use super::axis::Axis;
use super::frame::{
    Entry, Frame, PLOT, PLOT_WIDTH, Swatch, mesh_fmt, no_data, plot_on, render_with,
};
use super::palette::{INK, MUTED, colour};
use super::text::{fit_tail, sentence, signed};
use crate::analysis::charts::{CePlane, PlaneMean, span};
use crate::format::{money, money_short, num, pct};
use plotters::prelude::*;

/// Cost-effectiveness plane: incremental effect (x, units of effect) against incremental cost
/// (y, £ thousands) of each non-baseline option over the baseline. One point cloud per option
/// (thinned by the data step, see [`crate::analysis::charts::ce_plane`]), each option's mean over all iterations as a large outlined dot, the
/// axes through the origin, and, with `lambda` (£ per unit of effect), the threshold line
/// cost = λ × effect: points below it are cost-effective at λ. `effect_label` names one unit
/// of effect in the singular ("completion").
pub fn ce_plane(effect_label: &str, data: &CePlane) -> Chart {
    let title = "Cost-effectiveness plane";
    let lambda = data.lambda;
    let clouds: Vec<Vec<(f64, f64)>> = data
        .options
        .iter()
        .map(|o| o.points.iter().map(|&(e, c)| (e, c / 1e3)).collect())
        .collect();
    let means: Vec<Option<PlaneMean>> = data.options.iter().map(|o| o.mean).collect();
    let dots = || {
        clouds
            .iter()
            .flatten()
            .copied()
            .chain(means.iter().flatten().map(|m| (m.effect, m.cost / 1e3)))
    };
    let (x_lo, x_hi) = span(dots().map(|p| p.0)).unwrap_or((-1.0, 1.0));
    let (y_lo, y_hi) = span(dots().map(|p| p.1)).unwrap_or((-1.0, 1.0));
    let x_axis = Axis::nice(x_lo, x_hi, 7, true).inset(10);
    let y_axis = Axis::nice(y_lo, y_hi, 8, true).inset(10);

    let per = |l: f64| format!("{} per {effect_label}", money(l));
    let signed_money = |v: f64| {
        if v > 0.0 {
            format!("+{}", money_short(v))
        } else {
            money_short(v)
        }
    };
    let mut alt = Vec::new();
    let mut legend = Vec::new();
    for (s, m) in data.options.iter().zip(&means) {
        let Some(m) = m else {
            alt.push(format!("{}: no data", s.name));
            legend.push(Entry::new(
                format!("{} (no data)", s.name),
                Swatch::Dot(colour(s.option)),
            ));
            continue;
        };
        let mut text = format!(
            "{}: mean incremental effect {}, cost {}",
            s.name,
            signed(m.effect),
            signed_money(m.cost)
        );
        if m.effect > 0.0 && m.cost > 0.0 {
            text.push_str(&format!(" ({})", per(m.cost / m.effect)));
        } else if m.effect >= 0.0 && m.cost <= 0.0 && (m.effect, m.cost) != (0.0, 0.0) {
            text.push_str(" (more effect for less cost on average)");
        } else if m.effect <= 0.0 && m.cost >= 0.0 && (m.effect, m.cost) != (0.0, 0.0) {
            text.push_str(" (less effect for more cost on average)");
        }
        if lambda.is_some() {
            text.push_str(&format!(
                "; cost-effective in {} of iterations",
                pct(m.accepted as f64 / m.n as f64)
            ));
        }
        alt.push(text);
        legend.push(Entry::new(s.name.to_owned(), Swatch::Dot(colour(s.option))));
    }
    if means.iter().any(Option::is_some) {
        legend.push(Entry::new("Mean of each option".to_owned(), Swatch::Median));
    }
    if let Some(l) = lambda {
        legend.push(Entry::new(
            format!(
                "Willingness to pay, {}: below the line is cost-effective",
                per(l)
            ),
            Swatch::Dashed(MUTED),
        ));
    }
    let lead = match lambda {
        Some(l) => format!(
            "Incremental cost against incremental effect over the baseline, at a willingness \
             to pay of {}",
            per(l)
        ),
        None => "Incremental cost against incremental effect over the baseline".to_owned(),
    };
    let shown = clouds.iter().map(Vec::len).max().unwrap_or(0);
    let total = data.iterations;
    let frame = Frame {
        title,
        subtitle: format!(
            "Each dot is one iteration's difference from the baseline ({} of {} per option); \
             large dots are means",
            num(shown as f64, 0),
            num(total as f64, 0)
        ),
        legend,
        alt: sentence(&lead, &alt),
    };

    render_with(frame, PLOT + 60, |area| {
        let mut chart = plot_on(area, &x_axis, &y_axis, true)?;
        let x_desc = fit_tail(
            &format!("Incremental effect ({effect_label})"),
            f64::from(PLOT_WIDTH),
            12.5,
        );
        let x_fmt = |v: &f64| num(*v, x_axis.decimals);
        let y_fmt = |v: &f64| num(*v, y_axis.decimals);
        mesh_fmt(
            &mut chart,
            &x_desc,
            "Incremental cost (£ thousands)",
            &x_fmt,
            &y_fmt,
            (true, true),
        )?;
        let axis = MUTED.stroke_width(1);
        chart.draw_series([
            PathElement::new(vec![(x_axis.lo, 0.0), (x_axis.hi, 0.0)], axis),
            PathElement::new(vec![(0.0, y_axis.lo), (0.0, y_axis.hi)], axis),
        ])?;
        for (i, cloud) in clouds.iter().enumerate() {
            let c = colour(data.options[i].option).mix(0.45).filled();
            chart.draw_series(cloud.iter().map(|&p| Circle::new(p, 2, c)))?;
        }
        if let Some(l) = lambda {
            // The line through the origin, cost (£k) = λ × effect / 1000, within the plot.
            let slope = l / 1e3;
            let (mut a, mut b) = (x_axis.lo, x_axis.hi);
            if slope != 0.0 {
                let (p, q) = (y_axis.lo / slope, y_axis.hi / slope);
                a = a.max(p.min(q));
                b = b.min(p.max(q));
            }
            if a < b {
                chart.draw_series(DashedLineSeries::new(
                    [(a, slope * a), (b, slope * b)],
                    8,
                    5,
                    MUTED.stroke_width(2),
                ))?;
            }
        }
        for (i, m) in means.iter().enumerate() {
            let Some(m) = m else { continue };
            let p = (m.effect, m.cost / 1e3);
            chart.draw_series([
                Circle::new(p, 7, colour(data.options[i].option).filled()),
                Circle::new(p, 7, INK.stroke_width(2)),
            ])?;
        }
        if means.iter().all(Option::is_none) {
            no_data(area)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use crate::analysis::charts::PlaneSeries;
    use crate::render::charts::testing::*;

    #[test]
    fn ce_plane_thins_and_copes_with_odd_series() {
        let data = increments(10_000);
        let series: Vec<PlaneSeries<'_>> = NAMES[..3]
            .iter()
            .zip(&data)
            .enumerate()
            .map(|(option, (name, (e, c)))| PlaneSeries {
                option,
                name,
                delta_effect: e,
                delta_cost: c,
            })
            .collect();
        for max in [0, 1, 7, 600, 10_000, 50_000] {
            let chart = plane_of("completion", &series, None, max);
            check_embeddable(&chart);
            let dots = chart.svg.matches("r=\"2\"").count();
            let expected = if max == 0 {
                0
            } else {
                3 * 10_000usize.div_ceil(10_000usize.div_ceil(max))
            };
            assert_eq!(dots, expected, "max_points {max}");
        }

        let empty = plane_of("completion", &[], Some(1e4), 100);
        check_embeddable(&empty);
        assert!(says_no_data(&empty));
        let zeros = [0.0; 50];
        let negative: Vec<f64> = (0..100).map(|i| -f64::from(i) - 1.0).collect();
        let costs: Vec<f64> = (0..100).map(|i| -2e3 * f64::from(i) + 5e4).collect();
        let nan = [f64::NAN; 10];
        let odd = [
            PlaneSeries {
                option: 1,
                name: "Nothing",
                delta_effect: &[],
                delta_cost: &[],
            },
            PlaneSeries {
                option: 2,
                name: "Same as baseline",
                delta_effect: &zeros,
                delta_cost: &zeros,
            },
            PlaneSeries {
                option: 3,
                name: "Worse and cheaper",
                delta_effect: &negative,
                delta_cost: &costs,
            },
            PlaneSeries {
                option: 4,
                name: "Undefined",
                delta_effect: &nan,
                delta_cost: &zeros,
            },
            PlaneSeries {
                option: 5,
                name: "One",
                delta_effect: &[2.0, 3.0],
                delta_cost: &[-1e3],
            },
        ];
        for lambda in [None, Some(2e4), Some(0.0), Some(-5e3), Some(f64::NAN)] {
            let chart = plane_of("completion", &odd, lambda, 30);
            check_embeddable(&chart);
            assert!(!says_no_data(&chart));
            let texts = words(&chart);
            for name in ["Nothing (no data)", "Undefined (no data)", "One"] {
                assert!(texts.iter().any(|t| t == name), "{name}");
            }
        }
        let chart = plane_of("completion", &odd, Some(2e4), 30);
        assert!(
            chart.alt.contains("Same as baseline: mean incremental effect 0, cost £0; cost-effective in 0% of iterations"),
            "{}",
            chart.alt
        );
        assert!(
            chart.alt.contains("One: mean incremental effect +2, cost −£1k (more effect for less cost on average); cost-effective in 100% of iterations"),
            "{}",
            chart.alt
        );
        assert!(
            chart
                .alt
                .contains("Worse and cheaper: mean incremental effect −50.5, cost −£49k;"),
            "{}",
            chart.alt
        );
        let texts = words(&chart);
        assert!(
            texts.iter().any(|t| t.starts_with('−')),
            "negative ticks: {texts:?}"
        );
        let nan_only = plane_of("completion", &odd[3..4], None, 10);
        check_embeddable(&nan_only);
        assert!(says_no_data(&nan_only));
    }
}
