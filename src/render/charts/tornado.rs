//! A tornado: one bar per input, from the base to the metric with the input at each end.

use super::Chart;
use super::axis::{Axis, money_ticks};
use super::frame::{
    Entry, Frame, RIGHT, Swatch, WIDTH, mesh_fmt, no_data, plot_on_with, render_with,
};
use super::palette::{INK, MUTED, PALETTE, text};
use super::text::{figure, fit_tail, sentence, text_width};
use crate::analysis::charts::{Tornado, TornadoBar, span};
use crate::format::money_short;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Bars a [`tornado`] draws at most.
pub(super) const MAX_BARS: usize = 15;
/// Height of one bar's row in a [`tornado`], px.
const BAR_ROW: u32 = 28;
/// The widest a [`tornado`]'s bar labels may be before they are shortened, px.
pub(super) const BAR_LABELS: f64 = 240.0;
/// Tornado bars: the input at its low end, or a negative correlation (blue)…
const LOW_END: RGBColor = PALETTE[0];
/// …and the input at its high end, or a positive correlation (vermillion).
const HIGH_END: RGBColor = PALETTE[1];

/// A tornado: one horizontal bar per input, top to bottom in the order given (largest first;
/// the first 15 only), each running from `base` to the metric with the input at its
/// low end (blue) and to the metric with it at its high end (orange).
///
/// A bar whose ends have meanings (a risk's occurrence: "occurs", "does not occur") shows them
/// beside its values and in the text alternative, and the legend says what each colour means
/// for a risk.
///
/// For a swing tornado, `low` and `high` are the metric with the input at its P10 and at its
/// P90, and `base` the metric with every input at its base value. For a rank tornado, `base` is
/// 0 and each bar runs to the rank correlation (in `high`, with `low` equal to 0 or to `high`);
/// such single bars are coloured by their sign. `axis_label` titles the x axis; `money_axis`
/// labels values in £ (ticks as £k), otherwise they are plain numbers. Labels too long for
/// the space keep their tail ("…in_house_specialists.capacity.caseload"). Non-finite ends are
/// not drawn; with a non-finite base each bar spans `low` to `high` in one colour.
pub fn tornado(data: &Tornado) -> Chart {
    let (title, axis_label, base, bars, money_axis) = (
        &data.title[..],
        &data.axis_label[..],
        data.base,
        &data.bars[..],
        data.money_axis,
    );
    let shown = &bars[..bars.len().min(MAX_BARS)];
    let n = shown.len();
    let finite = |v: f64| v.is_finite().then_some(v);
    let base = finite(base);
    // Single bars: every bar has at most one end away from the base.
    let single = base.is_some_and(|b| {
        shown
            .iter()
            .all(|t| !t.low.is_finite() || t.low == b || t.low == t.high)
    });
    // Each bar's segments, (from, to, colour), the longest first so that none hides another.
    let segments: Vec<Vec<(f64, f64, RGBColor)>> = shown
        .iter()
        .map(|t| {
            let (low, high) = (finite(t.low), finite(t.high));
            let mut s: Vec<(f64, f64, RGBColor)> = match base {
                None => match (low, high) {
                    (Some(a), Some(b)) => vec![(a, b, LOW_END)],
                    _ => Vec::new(),
                },
                Some(b) if single => high
                    .or(low.filter(|&l| l != b))
                    .map(|end| (b, end, if end < b { LOW_END } else { HIGH_END }))
                    .into_iter()
                    .collect(),
                Some(b) => [(low, LOW_END), (high, HIGH_END)]
                    .into_iter()
                    .filter_map(|(end, c)| Some((b, end?, c)))
                    .collect(),
            };
            s.sort_by(|a, b| (b.1 - b.0).abs().total_cmp(&(a.1 - a.0).abs()));
            s
        })
        .collect();

    let ends = || {
        segments
            .iter()
            .flatten()
            .flat_map(|&(from, to, _)| [from, to])
    };
    let drawn = ends().next().is_some();
    let (lo, hi) = span(ends().chain(base)).unwrap_or((0.0, 1.0));
    let value = |v: f64| {
        if money_axis {
            money_short(v)
        } else {
            figure(v)
        }
    };
    // A bar's value label at `v`, with what that end means when the bar says ("£412k (occurs)").
    let end_label = |t: &TornadoBar, v: f64| {
        let meaning = t.ends.as_ref().and_then(|[low, high]| {
            if v == t.low {
                Some(low)
            } else if v == t.high {
                Some(high)
            } else {
                None
            }
        });
        match meaning {
            Some(m) => format!("{} ({m})", value(v)),
            None => value(v),
        }
    };
    // Room beyond the bars' ends for the value labels.
    let widest_value = shown
        .iter()
        .zip(&segments)
        .flat_map(|(t, s)| {
            s.iter()
                .flat_map(move |&(from, to, _)| [(t, from), (t, to)])
        })
        .map(|(t, v)| text_width(&end_label(t, v), 11.0))
        .fold(0.0, f64::max);
    let label_room = shown
        .iter()
        .map(|t| text_width(&t.label, 11.5))
        .fold(0.0, f64::max)
        .min(BAR_LABELS);
    let y_labels = (label_room.ceil() as u32 + 16).max(40);
    let plot_px = f64::from(WIDTH - y_labels - RIGHT);
    let share = ((widest_value + 10.0) / plot_px).min(0.3);
    let width = (hi - lo) / (1.0 - 2.0 * share);
    let below = base.is_none_or(|b| lo < b);
    let above = base.is_none_or(|b| hi > b);
    let pad = |on: bool| if on && drawn { width * share } else { 0.0 };
    let x_axis = Axis::nice(lo - pad(below), hi + pad(above), 6, false);
    // Bar i sits at y = n − 1 − i, the first at the top; with a base, room above for its label.
    let base_label = base.filter(|_| !single && drawn);
    let mut y_axis = Axis::categories(n);
    if base_label.is_some() {
        y_axis.hi += 0.7;
    }

    let mut alt = Vec::new();
    for (t, s) in shown.iter().zip(&segments).take(5) {
        let (low, high) = (finite(t.low), finite(t.high));
        alt.push(match (base, single, s.first()) {
            (_, _, None) => format!("{}: no data", t.label),
            (Some(_), true, Some(&(_, end, _))) => format!("{}: {}", t.label, value(end)),
            _ => {
                let (low, high) = (
                    low.map_or("n/a".to_owned(), value),
                    high.map_or("n/a".to_owned(), value),
                );
                match &t.ends {
                    Some([a, b]) => format!("{}: {low} when it {a}, {high} when it {b}", t.label),
                    None => format!("{}: {low} at the low end, {high} at the high end", t.label),
                }
            }
        });
    }
    if bars.len() > 5 {
        alt.push(format!(
            "and {} more input{}",
            bars.len() - 5,
            if bars.len() == 6 { "" } else { "s" }
        ));
    }
    let lead = match (base, single) {
        (Some(b), false) => format!("{title}, around a base of {}", value(b)),
        _ => title.to_owned(),
    };
    // For a risk among the bars, what each colour means for it.
    let risk_ends = shown.iter().find_map(|t| t.ends.as_ref());
    let or_a_risk =
        |end: usize| risk_ends.map_or(String::new(), |e| format!(", or a risk {}", e[end]));
    let mut legend = Vec::new();
    if drawn {
        legend = match (base, single) {
            (None, _) => vec![Entry::new(
                "From the input's low end to its high end".to_owned(),
                Swatch::Block(LOW_END),
            )],
            (Some(_), true) => vec![
                Entry::new(
                    "Positive: the result rises with the input".to_owned(),
                    Swatch::Block(HIGH_END),
                ),
                Entry::new(
                    "Negative: the result falls as the input rises".to_owned(),
                    Swatch::Block(LOW_END),
                ),
            ],
            (Some(_), false) => vec![
                Entry::new(
                    format!("Input at its low end (P10){}", or_a_risk(0)),
                    Swatch::Block(LOW_END),
                ),
                Entry::new(
                    format!("Input at its high end (P90){}", or_a_risk(1)),
                    Swatch::Block(HIGH_END),
                ),
            ],
        };
    }
    let mut subtitle = match (base, single) {
        (Some(_), false) => "Each bar: the result with one input at its low end and at its \
                             high end, the others at base"
            .to_owned(),
        _ => "One bar per input, largest first".to_owned(),
    };
    if bars.len() > MAX_BARS {
        subtitle.push_str(&format!("; the first {MAX_BARS} of {} inputs", bars.len()));
    }
    let frame = Frame {
        title,
        subtitle,
        legend,
        alt: sentence(&lead, &alt),
    };

    let plot_height = (n.max(3) as u32 * BAR_ROW + 80).min(520);
    render_with(frame, plot_height, |area| {
        let mut chart = plot_on_with(area, &x_axis, &y_axis, true, y_labels)?;
        let x_fmt = money_ticks(&x_axis, money_axis);
        let y_fmt = |y: &f64| {
            let i = n as f64 - 1.0 - y.round();
            if (0.0..n as f64).contains(&i) {
                fit_tail(&shown[i as usize].label, label_room, 11.5)
            } else {
                String::new()
            }
        };
        let axis = fit_tail(axis_label, plot_px, 12.5);
        mesh_fmt(&mut chart, &axis, "", &x_fmt, &y_fmt, (true, false))?;
        let half = 0.32;
        for (i, s) in segments.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            for &(from, to, c) in s {
                chart.draw_series([Rectangle::new(
                    [(from, y - half), (to, y + half)],
                    c.filled(),
                )])?;
            }
            // The outermost end on each side of the base (without a base, of the bar) gets
            // its value; a bar of no length gets it on the right.
            let ends = || s.iter().flat_map(|&(a, b, _)| [a, b]);
            let (left, right) = match base {
                Some(b) => {
                    let left = ends().filter(|&v| v < b).reduce(f64::min);
                    let right = ends().filter(|&v| v > b).reduce(f64::max);
                    let flat = left.is_none() && right.is_none() && !s.is_empty();
                    (left, right.or(flat.then_some(b)))
                }
                None => {
                    let (left, right) = (ends().reduce(f64::min), ends().reduce(f64::max));
                    (left.filter(|&l| right != Some(l)), right)
                }
            };
            let ends = [
                left.map(|v| (v, -4, HPos::Right)),
                right.map(|v| (v, 4, HPos::Left)),
            ];
            if s.is_empty() {
                let at = base.unwrap_or((x_axis.lo + x_axis.hi) / 2.0);
                chart.plotting_area().draw(
                    &(EmptyElement::at((at, y))
                        + Text::new(
                            "no data".to_owned(),
                            (4, 0),
                            text(11.0, MUTED).pos(Pos::new(HPos::Left, VPos::Center)),
                        )),
                )?;
            }
            for (v, dx, h) in ends.into_iter().flatten() {
                chart.plotting_area().draw(
                    &(EmptyElement::at((v, y))
                        + Text::new(
                            end_label(&shown[i], v),
                            (dx, 0),
                            text(11.0, INK).pos(Pos::new(h, VPos::Center)),
                        )),
                )?;
            }
        }
        if let Some(b) = base.filter(|_| drawn) {
            chart.draw_series([PathElement::new(
                vec![(b, y_axis.lo), (b, y_axis.hi)],
                INK.stroke_width(1),
            )])?;
        }
        if let Some(b) = base_label {
            chart.plotting_area().draw(
                &(EmptyElement::at((b, y_axis.hi))
                    + Text::new(
                        format!("Base {}", value(b)),
                        (4, 3),
                        text(11.0, INK).pos(Pos::new(HPos::Left, VPos::Top)),
                    )),
            )?;
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
    use crate::analysis::charts::TornadoBar;
    use crate::render::charts::testing::*;

    #[test]
    fn tornado_copes_with_odd_bars() {
        let empty = tornado_of("Nothing", "Cost", 100.0, &[], true);
        check_embeddable(&empty);
        assert!(says_no_data(&empty));
        assert!(empty.alt.ends_with("no options to show."), "{}", empty.alt);

        let odd = [
            bar("both ends NaN", f64::NAN, f64::NAN),
            bar("low end NaN", f64::NAN, 120e3),
            bar("infinite", f64::INFINITY, 90e3),
            bar("no swing", 100e3, 100e3),
            bar("negative", -40e3, -250e3),
        ];
        let chart = tornado_of("Odd", "Net benefit", 100e3, &odd, true);
        check_embeddable(&chart);
        assert!(!says_no_data(&chart));
        let texts = words(&chart);
        for b in &odd {
            assert!(texts.contains(&b.label), "{}", b.label);
        }
        assert!(texts.iter().any(|t| t == "−£250k"), "{texts:?}");
        assert!(
            chart.alt.contains("both ends NaN: no data"),
            "{}",
            chart.alt
        );
        assert!(texts.iter().any(|t| t == "no data"));
        assert!(
            chart
                .alt
                .contains("low end NaN: n/a at the low end, £120k at the high end"),
            "{}",
            chart.alt
        );

        // A base that is not a number: each bar spans low to high.
        let no_base = tornado_of("No base", "Cost", f64::NAN, &odd, true);
        check_embeddable(&no_base);
        assert!(
            words(&no_base)
                .iter()
                .any(|t| t == "From the input's low end to its high end")
        );
        for all_nan in [
            tornado_of("NaN", "Cost", f64::NAN, &odd[..1], false),
            tornado_of("NaN", "Cost", 5.0, &odd[..1], false),
        ] {
            check_embeddable(&all_nan);
            assert!(says_no_data(&all_nan));
        }
        // Everything equal, and a single bar.
        let flat = tornado_of("Flat", "Cost", 0.0, &[bar("flat", 0.0, 0.0)], false);
        check_embeddable(&flat);
        let single = tornado_of("One", "Cost", 50.0, &[bar("one", 40.0, 65.0)], false);
        check_embeddable(&single);
        assert!(
            single
                .alt
                .contains("one: 40 at the low end, 65 at the high end"),
            "{}",
            single.alt
        );

        // A rank correlation that is not a number is no data, not a correlation of 0.
        let ranks = [bar("constant", 0.0, f64::NAN), bar("rising", 0.0, 0.5)];
        let chart = tornado_of("Ranks", "Rank correlation", 0.0, &ranks, false);
        check_embeddable(&chart);
        assert_eq!(chart.alt, "Ranks. constant: no data; rising: 0.5.");
        assert!(words(&chart).iter().any(|t| t == "no data"));

        // Both ends below the base: one value, at the far end; none at the base.
        let below = tornado_of("Below", "Cost", 101.0, &[bar("below", 60.0, 85.0)], false);
        let texts = words(&below);
        assert!(texts.iter().any(|t| t == "60") && texts.iter().any(|t| t == "Base 101"));
        assert!(!texts.iter().any(|t| t == "85" || t == "101"), "{texts:?}");

        // Twenty bars: the first fifteen are drawn, and the subtitle says so.
        let many: Vec<TornadoBar> = (0..20)
            .map(|i| {
                bar(
                    &format!("input_{i:02}"),
                    100.0 - f64::from(20 - i),
                    100.0 + f64::from(20 - i),
                )
            })
            .collect();
        let chart = tornado_of("Many", "Cost", 100.0, &many, false);
        check_embeddable(&chart);
        let texts = words(&chart);
        let drawn = many.iter().filter(|b| texts.contains(&b.label)).count();
        assert_eq!(drawn, 15);
        assert!(texts.contains(&"input_14".to_owned()) && !texts.contains(&"input_15".to_owned()));
        assert!(
            texts
                .iter()
                .any(|t| t.ends_with("; the first 15 of 20 inputs")),
            "{texts:?}"
        );
        assert!(chart.alt.ends_with("and 15 more inputs."), "{}", chart.alt);

        // A label with nowhere to cut keeps its last characters.
        let long = "x".repeat(200) + "tail";
        let chart = tornado_of("Long", "Cost", 0.0, &[bar(&long, -1.0, 1.0)], false);
        let texts = words(&chart);
        let shown = texts
            .iter()
            .find(|t| t.starts_with('…'))
            .expect("shortened label");
        assert!(shows(shown, &long) && shown.ends_with("tail"), "{shown}");
        assert!(text_width(shown, 11.5) <= BAR_LABELS);
    }

    #[test]
    fn a_risk_bar_says_where_the_risk_occurs() {
        let mut risk = bar(
            "options.a.risks[0].occurs (\"Post falls vacant\" occurs)",
            90e3,
            80e3,
        );
        risk.ends = Some(["occurs".into(), "does not occur".into()]);
        let bars = [bar("options.a.caseload", 70e3, 95e3), risk];
        let chart = tornado_of("Risks", "Total cost", 85e3, &bars, true);
        check_embeddable(&chart);
        let texts = words(&chart);
        for label in ["£90k (occurs)", "£80k (does not occur)", "£70k", "£95k"] {
            assert!(texts.iter().any(|t| t == label), "{label}: {texts:?}");
        }
        assert!(
            texts
                .iter()
                .any(|t| t == "Input at its low end (P10), or a risk occurs"),
            "{texts:?}"
        );
        assert!(
            chart
                .alt
                .contains("occurs): £90k when it occurs, £80k when it does not occur"),
            "{}",
            chart.alt
        );
        assert!(
            chart
                .alt
                .contains("caseload: £70k at the low end, £95k at the high end")
        );
        // Without risks the legend stays as it was.
        let plain = tornado_of("Plain", "Total cost", 85e3, &bars[..1], true);
        assert!(
            words(&plain)
                .iter()
                .any(|t| t == "Input at its low end (P10)")
        );
    }
}
