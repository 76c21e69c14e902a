//! People engaged and completing: a bar per option at the mean, with an 80% whisker.

use super::Chart;
use super::axis::Axis;
use super::frame::{Entry, Frame, PLOT_WIDTH, Swatch, mesh_with, no_data, plot_on, render};
use super::palette::{INK, colour, text};
use super::text::{count, sentence};
use crate::analysis::charts::{PeopleBars, span};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// People engaged and completing by option: two groups of bars (engaged, completing), one
/// bar per option at the mean with a P10–P90 whisker, y from zero. Non-finite values leave
/// out the bar or the whisker.
pub fn people(bars: &[PeopleBars]) -> Chart {
    let title = "People engaged and completing";
    let finite = |v: f64| v.is_finite().then_some(v);
    let values = bars
        .iter()
        .flat_map(|b| b.engaged.into_iter().chain(b.completions))
        .filter_map(finite);
    let (lo, hi) = span(values).unwrap_or((0.0, 1.0));
    let y_axis = Axis::nice(lo, hi * 1.08, 5, true);
    let x_axis = Axis {
        lo: -0.5,
        hi: 1.5,
        ticks: vec![0.0, 1.0],
        decimals: 0,
        inset: 0,
    };

    let mut alt = Vec::new();
    let mut legend = Vec::new();
    let people = |v: &[f64; 3], what: &str| -> Option<String> {
        let mean = finite(v[1])?;
        let mut s = format!("{} {what}", count(mean));
        if let (Some(a), Some(b)) = (finite(v[0]), finite(v[2])) {
            s.push_str(&format!(" ({} to {})", count(a), count(b)));
        }
        Some(s)
    };
    for (i, b) in bars.iter().enumerate() {
        let parts: Vec<String> = [
            people(&b.engaged, "engaged"),
            people(&b.completions, "completing"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            alt.push(format!("{}: no data", b.name));
            legend.push(Entry::new(
                format!("{} (no data)", b.name),
                Swatch::Block(colour(i)),
            ));
        } else {
            alt.push(format!("{}: {}", b.name, parts.join(" and ")));
            legend.push(Entry::new(b.name.clone(), Swatch::Block(colour(i))));
        }
    }
    let frame = Frame {
        title,
        subtitle: "Bars: mean over iterations; whiskers: 80% range (P10 to P90)".to_owned(),
        legend,
        alt: sentence(
            "People over the horizon, mean with 80% range in brackets",
            &alt,
        ),
    };

    render(frame, |area| {
        let mut chart = plot_on(area, &x_axis, &y_axis, false)?;
        let group = |x: &f64| match x.round() as i64 {
            0 => "Engaged".to_owned(),
            1 => "Completing".to_owned(),
            _ => String::new(),
        };
        mesh_with(&mut chart, &y_axis, "", "People over the horizon", &group)?;
        let k = bars.len().max(1) as f64;
        let slot = 0.8 / k;
        let bar_px = slot * 0.84 * f64::from(PLOT_WIDTH) / 2.0;
        for (g, pick) in [|b: &PeopleBars| b.engaged, |b: &PeopleBars| b.completions]
            .iter()
            .enumerate()
        {
            for (i, b) in bars.iter().enumerate() {
                let v = pick(b);
                let c = colour(i);
                let centre = g as f64 + (i as f64 - (k - 1.0) / 2.0) * slot;
                let half = slot * 0.42;
                if let Some(mean) = finite(v[1]) {
                    chart.draw_series([Rectangle::new(
                        [(centre - half, 0.0), (centre + half, mean)],
                        c.filled(),
                    )])?;
                }
                let mut top = finite(v[1]);
                if let (Some(p10), Some(p90)) = (finite(v[0]), finite(v[2])) {
                    let cap = half * 0.45;
                    let style = INK.stroke_width(1);
                    chart.draw_series([
                        PathElement::new(vec![(centre, p10), (centre, p90)], style),
                        PathElement::new(vec![(centre - cap, p10), (centre + cap, p10)], style),
                        PathElement::new(vec![(centre - cap, p90), (centre + cap, p90)], style),
                    ])?;
                    top = top.map(|t| t.max(p90)).or(Some(p90));
                }
                if let (Some(mean), Some(top), true) = (finite(v[1]), top, bar_px >= 26.0) {
                    let style = text(11.0, INK).pos(Pos::new(HPos::Center, VPos::Bottom));
                    chart.plotting_area().draw(
                        &(EmptyElement::at((centre, top)) + Text::new(count(mean), (0, -3), style)),
                    )?;
                }
            }
        }
        if bars.iter().all(|b| {
            b.engaged
                .iter()
                .chain(&b.completions)
                .all(|v| !v.is_finite())
        }) {
            no_data(area)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::testing::*;

    #[test]
    fn people_copes_with_missing_values() {
        let bars = vec![
            PeopleBars {
                name: "No whiskers".into(),
                engaged: [f64::NAN, 5.0, f64::NAN],
                completions: [1.0, 2.0, 3.0],
            },
            PeopleBars {
                name: "Nothing".into(),
                engaged: [f64::NAN; 3],
                completions: [f64::NAN; 3],
            },
            PeopleBars {
                name: "Zero".into(),
                engaged: [0.0; 3],
                completions: [0.0; 3],
            },
        ];
        let chart = people(&bars);
        check_embeddable(&chart);
        assert!(
            chart
                .alt
                .contains("No whiskers: 5.0 engaged and 2.0 completing (1.0 to 3.0)"),
            "{}",
            chart.alt
        );
        assert!(chart.alt.contains("Nothing: no data"), "{}", chart.alt);
        let all_nan = people(&bars[1..2]);
        check_embeddable(&all_nan);
        assert!(words(&all_nan).iter().any(|t| t == "No data to chart"));
    }
}
