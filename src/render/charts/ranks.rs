//! Rank acceptability: one bar per option, split by the share of iterations at each rank of
//! the multi-criteria appraisal (first rank darkest).

use super::Chart;
use super::axis::Axis;
use super::frame::{
    Entry, Frame, RIGHT, Swatch, WIDTH, mesh_fmt, no_data, plot_on_with, render_with,
};
use super::palette::{INK, text};
use super::text::{sentence, text_width};
use crate::analysis::charts::RankAcceptability;
use crate::analysis::mca::report::ordinal;
use crate::format::pct;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Height of one option's row, px.
const ROW: u32 = 34;
/// The widest the option labels may be before they are shortened, px.
const LABELS: f64 = 250.0;
/// The colour of the first rank (dark blue) and of the last (light blue).
const FIRST: (f64, f64, f64) = (8.0, 48.0, 107.0);
const LAST: (f64, f64, f64) = (158.0, 202.0, 225.0);

/// The colour of rank `r` (from 0) of `ranks`: from dark to light blue.
fn rank_colour(r: usize, ranks: usize) -> RGBColor {
    let t = if ranks > 1 {
        r as f64 / (ranks - 1) as f64
    } else {
        0.0
    };
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(
        mix(FIRST.0, LAST.0),
        mix(FIRST.1, LAST.1),
        mix(FIRST.2, LAST.2),
    )
}

/// `s` if it fits in `room` px at `px` pixels, else its longest head that fits before "…",
/// ending at a space where one fits: an option's name says most at its start ("Option 1: …").
fn fit_head(s: &str, room: f64, px: f64) -> String {
    if text_width(s, px) <= room {
        return s.to_owned();
    }
    let fits = |head: &str| text_width(head, px) + text_width("…", px) <= room;
    let cut = s
        .char_indices()
        .filter(|&(_, c)| c == ' ')
        .map(|(i, _)| i)
        .rfind(|&i| fits(s[..i].trim_end()))
        .or_else(|| s.char_indices().map(|(i, _)| i).rfind(|&i| fits(&s[..i])));
    format!("{}…", cut.map_or("", |i| s[..i].trim_end()))
}

/// The rank-acceptability chart: a horizontal bar per option from 0 to 100%, split into the
/// shares of iterations in which it ranks 1st, 2nd, …; shares of 8% or more are written on
/// their segment. Non-finite shares are left out.
pub fn rank_acceptability(data: &RankAcceptability) -> Chart {
    let title = "Rank acceptability: how often each option ranks first, second, …";
    let n = data.names.len();
    let ranks = data.shares.iter().map(Vec::len).max().unwrap_or(0);
    let finite = |v: f64| v.is_finite().then_some(v);
    let drawn = data.shares.iter().flatten().any(|v| finite(*v).is_some());
    let legend: Vec<Entry> = (0..ranks)
        .map(|r| {
            Entry::new(
                format!("Ranked {}", ordinal(r + 1)),
                Swatch::Block(rank_colour(r, ranks)),
            )
        })
        .collect();
    let alt: Vec<String> = data
        .names
        .iter()
        .zip(&data.shares)
        .map(|(name, shares)| {
            let parts: Vec<String> = shares
                .iter()
                .enumerate()
                .filter_map(|(r, s)| Some(format!("{} {}", ordinal(r + 1), pct(finite(*s)?))))
                .collect();
            format!("{name}: {}", parts.join(", "))
        })
        .collect();
    let frame = Frame {
        title,
        subtitle: "Share of iterations (scores and weights drawn together) at each rank".to_owned(),
        legend: if drawn { legend } else { Vec::new() },
        alt: sentence("Rank acceptability of each option", &alt),
    };
    let label_room = data
        .names
        .iter()
        .map(|s| text_width(s, 11.5))
        .fold(0.0, f64::max)
        .min(LABELS);
    let y_labels = (label_room.ceil() as u32 + 16).max(40);
    let x_axis = Axis::nice(0.0, 1.0, 5, true);
    let y_axis = Axis::categories(n);
    let plot_px = f64::from(WIDTH - y_labels - RIGHT);
    let plot_height = (n.max(2) as u32 * ROW + 70).min(520);
    render_with(frame, plot_height, |area| {
        let mut chart = plot_on_with(area, &x_axis, &y_axis, true, y_labels)?;
        let x_fmt = |v: &f64| pct(*v);
        let y_fmt = |y: &f64| {
            let i = n as f64 - 1.0 - y.round();
            if (0.0..n as f64).contains(&i) {
                fit_head(&data.names[i as usize], label_room, 11.5)
            } else {
                String::new()
            }
        };
        mesh_fmt(
            &mut chart,
            "Share of iterations",
            "",
            &x_fmt,
            &y_fmt,
            (true, false),
        )?;
        let half = 0.32;
        for (i, shares) in data.shares.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let mut from = 0.0;
            for (r, s) in shares.iter().enumerate() {
                let Some(s) = finite(*s).filter(|s| *s > 0.0) else {
                    continue;
                };
                let to = from + s;
                let colour = rank_colour(r, ranks);
                chart.draw_series([Rectangle::new(
                    [(from, y - half), (to, y + half)],
                    colour.filled(),
                )])?;
                chart.draw_series([Rectangle::new(
                    [(from, y - half), (to, y + half)],
                    WHITE.stroke_width(1),
                )])?;
                let label = pct(s);
                if s * plot_px >= text_width(&label, 11.0) + 6.0 && s >= 0.08 {
                    let ink = if 2 * r < ranks { WHITE } else { INK };
                    chart.plotting_area().draw(
                        &(EmptyElement::at(((from + to) / 2.0, y))
                            + Text::new(
                                label,
                                (0, 0),
                                text(11.0, ink).pos(Pos::new(HPos::Center, VPos::Center)),
                            )),
                    )?;
                }
                from = to;
            }
        }
        if !drawn {
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
    fn rank_acceptability_labels_its_segments_and_copes_with_gaps() {
        let data = RankAcceptability {
            names: vec!["Option 1".into(), "Option 2".into(), "Baseline".into()],
            shares: vec![
                vec![0.6, 0.3, 0.1],
                vec![0.4, 0.5, 0.1],
                vec![0.0, 0.2, f64::NAN],
            ],
        };
        let chart = rank_acceptability(&data);
        check_embeddable(&chart);
        assert!(
            chart.alt.contains("Option 1: 1st 60%, 2nd 30%, 3rd 10%"),
            "{}",
            chart.alt
        );
        assert!(
            chart.alt.contains("Baseline: 1st 0%, 2nd 20%"),
            "{}",
            chart.alt
        );
        assert!(words(&chart).iter().any(|t| t == "60%"));
        let empty = rank_acceptability(&RankAcceptability {
            names: vec![],
            shares: vec![],
        });
        check_embeddable(&empty);
        assert!(says_no_data(&empty));
        let long =
            "Option 2: commission a behaviour change programme with victim and child support";
        let head = fit_head(long, 200.0, 11.5);
        assert!(
            head.starts_with("Option 2: commission") && head.ends_with('…'),
            "{head}"
        );
        assert!(text_width(&head, 11.5) <= 200.0);
        assert_eq!(fit_head("Short", 200.0, 11.5), "Short");
    }
}
