//! Cost against people completing: one point cloud per option, with its medians.

use super::Chart;
use super::axis::Axis;
use super::frame::{Entry, Frame, Swatch, mesh, no_data, plot_on, render};
use super::palette::{INK, colour};
use super::text::{count, sentence};
use crate::analysis::charts::{CostCompletions, span};
use crate::format::{money_short, num};
use plotters::prelude::*;

/// Cost (x, £ thousands) against completions (y): one point cloud per option (thinned by the
/// data step, see [`crate::analysis::charts::cost_vs_completions`]), plus each option's medians
/// as an outlined dot.
pub fn cost_vs_completions(data: &CostCompletions) -> Chart {
    let title = "Cost against people completing";
    let clouds: Vec<Vec<(f64, f64)>> = data
        .options
        .iter()
        .map(|o| {
            o.points
                .iter()
                .map(|&(cost, done)| (cost / 1e3, done))
                .collect()
        })
        .collect();
    let medians: Vec<Option<(f64, f64)>> = data
        .options
        .iter()
        .map(|o| o.median.map(|(cost, done)| (cost / 1e3, done)))
        .collect();
    let everything = || {
        clouds
            .iter()
            .flatten()
            .copied()
            .chain(medians.iter().flatten().copied())
    };
    let (x_lo, x_hi) = span(everything().map(|p| p.0)).unwrap_or((0.0, 1.0));
    let (y_lo, y_hi) = span(everything().map(|p| p.1)).unwrap_or((0.0, 1.0));
    let x_axis = Axis::nice(x_lo, x_hi, 7, false).inset(10);
    let y_axis = Axis::nice(y_lo, y_hi, 5, false).inset(10);

    let mut alt = Vec::new();
    let mut legend = Vec::new();
    for (i, (s, m)) in data.options.iter().zip(&medians).enumerate() {
        match m {
            Some((cost, done)) => {
                alt.push(format!(
                    "{}: median cost {} with a median of {} completing",
                    s.name,
                    money_short(cost * 1e3),
                    count(*done)
                ));
                legend.push(Entry::new(s.name.to_owned(), Swatch::Dot(colour(i))));
            }
            None => {
                alt.push(format!("{}: no data", s.name));
                legend.push(Entry::new(
                    format!("{} (no data)", s.name),
                    Swatch::Dot(colour(i)),
                ));
            }
        }
    }
    if medians.iter().any(Option::is_some) {
        legend.push(Entry::new(
            "Median of each option".to_owned(),
            Swatch::Median,
        ));
    }
    let shown = clouds.iter().map(Vec::len).max().unwrap_or(0);
    let total = data.iterations;
    let frame = Frame {
        title,
        subtitle: format!(
            "Each dot is one iteration ({} of {} per option, evenly spaced); outlined dots are medians",
            num(shown as f64, 0),
            num(total as f64, 0)
        ),
        legend,
        alt: sentence("Cost against people completing", &alt),
    };

    render(frame, |area| {
        let mut chart = plot_on(area, &x_axis, &y_axis, true)?;
        mesh(
            &mut chart,
            &x_axis,
            &y_axis,
            "Total cost over the horizon (£ thousands)",
            "People completing",
            true,
        )?;
        for (i, cloud) in clouds.iter().enumerate() {
            let c = colour(i).mix(0.45).filled();
            chart.draw_series(cloud.iter().map(|&p| Circle::new(p, 2, c)))?;
        }
        for (i, m) in medians.iter().enumerate() {
            let Some(p) = *m else { continue };
            chart.draw_series([
                Circle::new(p, 6, colour(i).filled()),
                Circle::new(p, 6, INK.stroke_width(2)),
            ])?;
        }
        if medians.iter().all(Option::is_none) {
            no_data(area)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use crate::render::charts::testing::*;

    #[test]
    fn point_clouds_are_thinned_to_at_most_max_points() {
        let data = iterations(10_000);
        let series: Vec<CloudSeries<'_>> = NAMES
            .iter()
            .zip(&data)
            .map(|(name, d)| CloudSeries {
                name,
                cost: &d.0,
                completions: &d.1,
            })
            .collect();
        for max in [0, 1, 7, 600, 10_000, 50_000] {
            let chart = cloud_of(&series, max);
            check_embeddable(&chart);
            let dots = chart.svg.matches("r=\"2\"").count();
            let expected = if max == 0 {
                0
            } else {
                4 * 10_000usize.div_ceil(10_000usize.div_ceil(max))
            };
            assert_eq!(dots, expected, "max_points {max}");
            assert!(dots <= 4 * max);
        }
        let uneven = [CloudSeries {
            name: "Uneven",
            cost: &[1e5, f64::NAN, 3e5],
            completions: &[1.0, 2.0],
        }];
        let chart = cloud_of(&uneven, 10);
        check_embeddable(&chart);
        assert_eq!(chart.svg.matches("r=\"2\"").count(), 1);
        let equal = [CloudSeries {
            name: "Still",
            cost: &[0.0; 50],
            completions: &[0.0; 50],
        }];
        check_embeddable(&cloud_of(&equal, 10));
    }
}
