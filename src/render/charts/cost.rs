//! The distribution of each option's total cost: overlaid histograms on shared bins.

use super::Chart;
use super::axis::{Axis, decimals};
use super::frame::{Entry, Frame, Swatch, mesh, no_data, plot_on, render};
use super::palette::{INK, colour, text};
use super::text::sentence;
use crate::analysis::charts::CostDistribution;
use crate::format::{money, money_short, num, pct};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Distribution of each option's total cost on shared axes, x in £ thousands: overlaid
/// histograms drawn as step lines over a light fill, every option binned alike. An option
/// that costs the same in every iteration is drawn as a dashed vertical line with a note.
/// When a few extreme iterations would squash the rest, the axis spans about the 0.1st to
/// the 99.9th percentiles and the subtitle says what share of iterations is off the scale.
pub fn cost_distribution(data: &CostDistribution) -> Chart {
    let title = "Total cost over the horizon";
    let x_axis = Axis::from(data.scale.clone()).inset(10);
    let width = data.bin_width;
    // Each option's share of iterations in each bin, %.
    let histograms: Vec<Option<Vec<f64>>> = data
        .options
        .iter()
        .map(|o| {
            let h = o.histogram.as_ref()?;
            let per = 100.0 / h.n() as f64;
            Some(h.counts.iter().map(|&c| c as f64 * per).collect())
        })
        .collect();
    let (outside, total) = (data.outside, data.counted);
    let tallest = histograms
        .iter()
        .flatten()
        .flat_map(|h| h.iter().copied())
        .fold(0.0, f64::max);
    let y_axis = Axis::nice(
        0.0,
        if tallest > 0.0 { tallest * 1.05 } else { 100.0 },
        5,
        true,
    );

    let mut alt = Vec::new();
    let mut legend = Vec::new();
    for (i, s) in data.options.iter().enumerate() {
        let label = match (&s.extent, &s.histogram) {
            (None, _) => {
                alt.push(format!("{}: no data", s.name));
                format!("{} (no data)", s.name)
            }
            (Some(e), None) => {
                alt.push(format!(
                    "{}: {} in every iteration",
                    s.name,
                    money_short(e.min)
                ));
                s.name.to_owned()
            }
            (Some(_), Some(_)) => {
                let q = &s.p10_p50_p90;
                alt.push(format!(
                    "{}: median {}, 80% between {} and {}",
                    s.name,
                    money_short(q[1]),
                    money_short(q[0]),
                    money_short(q[2])
                ));
                s.name.to_owned()
            }
        };
        legend.push(Entry::new(label, Swatch::LineBand(colour(i))));
    }
    let band = if width >= 1.0 {
        format!("£{}k", num(width, decimals(width)))
    } else {
        money(width * 1e3)
    };
    let mut subtitle = if histograms.iter().any(Option::is_some) {
        format!("Share of each option's iterations in bands of {band}")
    } else if data.options.iter().any(|o| o.extent.is_some()) {
        "No option's cost varies between iterations".to_owned()
    } else {
        "No iterations with a cost to show".to_owned()
    };
    if outside > 0 {
        let share = outside as f64 / total as f64;
        subtitle.push_str(&format!("; {} of iterations lie off the scale", pct(share)));
    }
    let frame = Frame {
        title,
        subtitle,
        legend,
        alt: sentence("Total cost over the horizon", &alt),
    };

    render(frame, |area| {
        let mut chart = plot_on(area, &x_axis, &y_axis, true)?;
        mesh(
            &mut chart,
            &x_axis,
            &y_axis,
            "Total cost over the horizon (£ thousands)",
            "Share of iterations (%)",
            false,
        )?;
        let edge = |b: usize| data.edges[b];
        for (i, h) in histograms.iter().enumerate() {
            let Some(h) = h else { continue };
            let Some(first) = h.iter().position(|&c| c > 0.0) else {
                continue;
            };
            let last = h.iter().rposition(|&c| c > 0.0).unwrap_or(first);
            let mut outline = vec![(edge(first), 0.0)];
            for (b, &share) in h.iter().enumerate().take(last + 1).skip(first) {
                outline.push((edge(b), share));
                outline.push((edge(b + 1), share));
            }
            outline.push((edge(last + 1), 0.0));
            let c = colour(i);
            chart.draw_series([Polygon::new(outline.clone(), c.mix(0.12).filled())])?;
            chart.draw_series([PathElement::new(outline, c.stroke_width(2))])?;
        }
        let mut flat = 0;
        for (i, o) in data.options.iter().enumerate() {
            let Some(e) = o.extent else { continue };
            if o.varies() {
                continue;
            }
            let cost = e.min;
            let x = cost / 1e3;
            chart.draw_series(DashedLineSeries::new(
                [(x, y_axis.lo), (x, y_axis.hi)],
                6,
                4,
                colour(i).stroke_width(2),
            ))?;
            let note = format!("{} in every iteration", money_short(cost));
            let right = x > (x_axis.lo + x_axis.hi) / 2.0;
            let (dx, h) = if right {
                (-5, HPos::Right)
            } else {
                (5, HPos::Left)
            };
            chart.plotting_area().draw(
                &(EmptyElement::at((x, y_axis.hi))
                    + Text::new(
                        note,
                        (dx, 4 + 15 * flat),
                        text(11.0, INK).pos(Pos::new(h, VPos::Top)),
                    )),
            )?;
            flat += 1;
        }
        if data.options.iter().all(|o| o.extent.is_none()) {
            no_data(area)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use crate::render::charts::testing::*;

    #[test]
    fn empty_equal_and_nan_series_are_drawn_with_notes() {
        let zeros = vec![0.0; 1000];
        let mixed: Vec<f64> = (0..1000)
            .map(|i| {
                if i % 3 == 0 {
                    f64::NAN
                } else {
                    1e5 + f64::from(i)
                }
            })
            .collect();
        let infinite = vec![f64::INFINITY, f64::NEG_INFINITY, 2e5, 3e5];
        let series = [
            CostSeries {
                name: "Empty",
                values: &[],
            },
            CostSeries {
                name: "Free",
                values: &zeros,
            },
            CostSeries {
                name: "Gappy",
                values: &mixed,
            },
            CostSeries {
                name: "Wild",
                values: &infinite,
            },
        ];
        let chart = cost_of(&series);
        check_embeddable(&chart);
        let texts = words(&chart);
        assert!(texts.iter().any(|t| t == "Empty (no data)"));
        assert!(
            texts.iter().any(|t| t == "£0 in every iteration"),
            "{texts:?}"
        );
        assert!(
            chart.alt.contains("Free: £0 in every iteration"),
            "{}",
            chart.alt
        );
        assert!(chart.alt.contains("Gappy: median £"), "{}", chart.alt);
        assert!(chart.alt.contains("Wild: median £250k"), "{}", chart.alt);

        let only_equal = cost_of(&[CostSeries {
            name: "Fixed",
            values: &[5e4; 10],
        }]);
        check_embeddable(&only_equal);
        assert!(only_equal.alt.contains("Fixed: £50k in every iteration"));

        let nan_only = cost_of(&[CostSeries {
            name: "NaN",
            values: &[f64::NAN; 4],
        }]);
        check_embeddable(&nan_only);
        assert!(words(&nan_only).iter().any(|t| t == "No data to chart"));
    }
}
