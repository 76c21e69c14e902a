//! The charts of the HTML report, drawn with plotters into SVG that pastes inline into a page.
//!
//! Four charts of the results: the distribution of each option's total cost, cash by
//! financial year against the budget, people engaged and completing, and cost against
//! completions. Four of the analysis: a tornado of what drives a metric, the cost-effectiveness
//! acceptability curve, the cost-effectiveness plane, and a sweep of one input. Each function
//! returns a [`Chart`]: a title, the SVG, and a text alternative that states the key numbers.
//!
//! The SVG has no XML declaration, no scripts and no external references; its root has a
//! `viewBox`, `width="100%"`, `role="img"` and an `aria-label`, so it scales with the page and
//! prints to A4. Text stays as `<text>` elements in a sans-serif font stack. Plotters is built
//! without a font feature, so its text metrics are rough guesses; titles and legends are laid
//! out here from an Arial-like width table instead. Output depends on the inputs alone: the
//! same inputs give byte-identical SVG on any machine.
//!
//! Inputs are raw iterations, up to millions per option. Non-finite values (NaN, ±∞) are
//! skipped everywhere; histograms and quantiles take O(n) time, and point clouds are thinned
//! before anything is drawn. No input makes a function panic: an empty option, an option
//! without variation or a chart without data is drawn with a note saying so.

use crate::format::{money, money_short, num, pct};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rayon::prelude::*;

/// A chart ready to embed: inline SVG plus what a screen reader says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// The chart's title, also drawn at the top of the SVG.
    pub title: String,
    /// The chart as an inline `<svg>` element (UTF-8, no XML declaration).
    pub svg: String,
    /// A one- or two-sentence text alternative with the key numbers; also the SVG's
    /// `aria-label`.
    pub alt: String,
}

/// One option's total cost in each iteration.
pub struct CostSeries<'a> {
    /// The option's name, as the user wrote it.
    pub name: &'a str,
    /// Real total cost over the horizon per iteration, £.
    pub values: &'a [f64],
}

/// Distribution of each option's total cost on shared axes, x in £ thousands: overlaid
/// histograms drawn as step lines over a light fill, every option binned alike. An option
/// that costs the same in every iteration is drawn as a dashed vertical line with a note.
/// When a few extreme iterations would squash the rest, the axis spans about the 0.1st to
/// the 99.9th percentiles and the subtitle says what share of iterations is off the scale.
pub fn cost_distribution(series: &[CostSeries<'_>]) -> Chart {
    let title = "Total cost over the horizon";
    let (extremes, samples): (Vec<Option<Extremes>>, Vec<Vec<f64>>) = series
        .par_iter()
        .map(|s| (extremes(s.values), sample(s.values)))
        .unzip();
    let varies = |e: &Option<Extremes>| matches!(e, Some((_, lo, hi)) if lo < hi);

    // The axis spans every option's values unless a few extremes would squash the rest.
    let full = span(extremes.iter().flatten().flat_map(|&(_, lo, hi)| [lo, hi]));
    let central = span(extremes.iter().zip(&samples).flat_map(|(e, some)| match e {
        Some((_, lo, hi)) if lo < hi => {
            [0.001, 0.999].map(|p| rough_quantile(some, p).unwrap_or(*lo))
        }
        Some((_, lo, hi)) => [*lo, *hi],
        None => [f64::NAN; 2],
    }));
    let clipped = match (full, central) {
        (Some((a, b)), Some((c, d))) => b - a > 1.5 * (d - c),
        _ => false,
    };
    let (lo, hi) = (if clipped { central } else { full }).unwrap_or((0.0, 1000.0));
    let x_axis = Axis::nice(lo / 1e3, hi / 1e3, 7, false).inset(10);

    // Bands of a round width, each split into equal buckets: one pass per option counts the
    // values per bucket and finds the quantiles.
    let most = extremes.iter().flatten().map(|e| e.0).max().unwrap_or(0);
    let target_bins = (2.5 * (most as f64).cbrt()).round().clamp(12.0, 100.0);
    let width = nice_step((x_axis.hi - x_axis.lo) / target_bins);
    let bins = (((x_axis.hi - x_axis.lo) / width).round() as usize).clamp(1, 1000);
    let split = (BUCKETS / bins).max(1);
    let grid = Grid::new(x_axis.lo * 1e3, x_axis.hi * 1e3, bins * split);
    let binned: Vec<Option<Binned>> = series
        .par_iter()
        .zip(&extremes)
        .zip(&samples)
        .map(|((s, e), some)| {
            varies(e)
                .then(|| Binned::of(s.values, &[0.1, 0.5, 0.9], grid, some))
                .flatten()
        })
        .collect();
    // Each option's share of iterations in each band, %.
    let histograms: Vec<Option<Vec<f64>>> = binned
        .iter()
        .map(|b| {
            let b = b.as_ref()?;
            let per = 100.0 / b.n as f64;
            let inside = &b.counts[1..=bins * split];
            Some(
                inside
                    .chunks(split)
                    .map(|c| c.iter().sum::<usize>() as f64 * per)
                    .collect(),
            )
        })
        .collect();
    let (outside, total) = binned.iter().flatten().fold((0, 0), |(o, t), b| {
        (o + b.counts[0] + b.counts[grid.count + 1], t + b.n)
    });
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
    for (i, ((s, e), b)) in series.iter().zip(&extremes).zip(&binned).enumerate() {
        let label = match (e, b) {
            (None, _) => {
                alt.push(format!("{}: no data", s.name));
                format!("{} (no data)", s.name)
            }
            (Some((_, lo, _)), None) => {
                alt.push(format!(
                    "{}: {} in every iteration",
                    s.name,
                    money_short(*lo)
                ));
                s.name.to_owned()
            }
            (Some(_), Some(b)) => {
                let q = &b.quantiles;
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
    } else if extremes.iter().any(Option::is_some) {
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
        let edge = |b: usize| x_axis.lo + b as f64 * width;
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
        for (i, e) in extremes.iter().enumerate() {
            let Some((_, cost, _)) = *e else { continue };
            if varies(e) {
                continue;
            }
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
        if extremes.iter().all(Option::is_none) {
            no_data(area)?;
        }
        Ok(())
    })
}

/// One option's cash in each financial year: the 10th, 50th and 90th percentiles over
/// iterations, £, one value per year in the order of the year labels.
pub struct CashSeries {
    /// The option's name, as the user wrote it.
    pub name: String,
    /// 10th percentile of cash per year, £.
    pub p10: Vec<f64>,
    /// Median cash per year, £.
    pub p50: Vec<f64>,
    /// 90th percentile of cash per year, £.
    pub p90: Vec<f64>,
}

/// Cash by year: per option the P50 line with a shaded P10–P90 band, and the annual budget
/// as a dashed horizontal line when given. x = year labels such as "2026/27"; y in £
/// thousands, from zero. Values beyond the number of years are ignored, missing or
/// non-finite ones leave a gap.
pub fn cash_by_year(years: &[String], series: &[CashSeries], annual_budget: Option<f64>) -> Chart {
    let title = "Cash by financial year";
    let n = years.len();
    let at = |v: &[f64], y: usize| v.get(y).copied().filter(|x| x.is_finite());
    let budget = annual_budget.filter(|b| b.is_finite());

    let values = series
        .iter()
        .flat_map(|s| (0..n).flat_map(move |y| [at(&s.p10, y), at(&s.p50, y), at(&s.p90, y)]))
        .flatten()
        .chain(budget);
    let (lo, hi) = span(values).unwrap_or((0.0, 1000.0));
    let y_axis = Axis::nice(lo / 1e3, hi / 1e3, 6, true);
    let x_lo = -0.5;
    let x_hi = n.max(1) as f64 - 0.5;

    let mut alt = Vec::new();
    let mut legend = Vec::new();
    for (i, s) in series.iter().enumerate() {
        let medians: Vec<(usize, f64)> = (0..n)
            .filter_map(|y| at(&s.p50, y).map(|v| (y, v)))
            .collect();
        let peak = medians
            .iter()
            .copied()
            .reduce(|a, b| if b.1 > a.1 { b } else { a });
        match peak {
            None => {
                alt.push(format!("{}: no data", s.name));
                legend.push(Entry::new(
                    format!("{} (no data)", s.name),
                    Swatch::LineBand(colour(i)),
                ));
            }
            Some((y, v)) => {
                let mut text = format!(
                    "{}: median highest in {} at {}",
                    s.name,
                    years[y],
                    money_short(v)
                );
                if let Some(b) = budget {
                    let over = medians.iter().filter(|m| m.1 > b).count();
                    let years = if medians.len() == 1 { "year" } else { "years" };
                    text.push_str(&match over {
                        0 => ", within the budget every year".to_owned(),
                        _ => format!(", over the budget in {over} of {} {years}", medians.len()),
                    });
                }
                alt.push(text);
                legend.push(Entry::new(s.name.clone(), Swatch::LineBand(colour(i))));
            }
        }
    }
    if let Some(b) = budget {
        legend.push(Entry::new(
            format!("Annual budget {}", money_short(b)),
            Swatch::Dashed(MUTED),
        ));
    }
    let lead = match budget {
        Some(b) => format!(
            "Cash by year against an annual budget of {}",
            money_short(b)
        ),
        None => "Cash by year".to_owned(),
    };
    let frame = Frame {
        title,
        subtitle:
            "Median (line) and 80% range, P10 to P90 (shaded), of each option's cash in each year"
                .to_owned(),
        legend,
        alt: sentence(&lead, &alt),
    };

    let every = label_stride(years, PLOT_WIDTH);
    let ticks: Vec<f64> = (0..n).step_by(every).map(|y| y as f64).collect();
    let x_axis = Axis {
        lo: x_lo,
        hi: x_hi,
        ticks,
        decimals: 0,
        inset: 0,
    };
    render(frame, |area| {
        let mut chart = plot_on(area, &x_axis, &y_axis, true)?;
        let year_label = |x: &f64| {
            let y = x.round();
            if y >= 0.0 && (y as usize) < n {
                years[y as usize].clone()
            } else {
                String::new()
            }
        };
        mesh_with(
            &mut chart,
            &y_axis,
            "Financial year",
            "Cash (£ thousands)",
            &year_label,
        )?;
        let k = |v: f64| v / 1e3;
        for (i, s) in series.iter().enumerate() {
            let c = colour(i);
            for run in runs(n, |y| at(&s.p10, y).is_some() && at(&s.p90, y).is_some()) {
                let point = |y: usize, v: &[f64]| (y as f64, k(at(v, y).unwrap_or(0.0)));
                if run.len() == 1 {
                    let y = run.start as f64;
                    let (p10, p90) = (point(run.start, &s.p10).1, point(run.start, &s.p90).1);
                    chart.draw_series([Rectangle::new(
                        [(y - 0.06, p10), (y + 0.06, p90)],
                        c.mix(0.2).filled(),
                    )])?;
                } else {
                    let band: Vec<(f64, f64)> = run
                        .clone()
                        .map(|y| point(y, &s.p10))
                        .chain(run.clone().rev().map(|y| point(y, &s.p90)))
                        .collect();
                    chart.draw_series([Polygon::new(band, c.mix(0.16).filled())])?;
                }
            }
        }
        if let Some(b) = budget {
            chart.draw_series(DashedLineSeries::new(
                [(x_lo, k(b)), (x_hi, k(b))],
                8,
                5,
                MUTED.stroke_width(2),
            ))?;
        }
        for (i, s) in series.iter().enumerate() {
            let c = colour(i);
            for run in runs(n, |y| at(&s.p50, y).is_some()) {
                let line: Vec<(f64, f64)> = run
                    .map(|y| (y as f64, k(at(&s.p50, y).unwrap_or(0.0))))
                    .collect();
                chart.draw_series([PathElement::new(line.clone(), c.stroke_width(2))])?;
                chart.draw_series(line.into_iter().map(|p| Circle::new(p, 3, c.filled())))?;
            }
        }
        if series
            .iter()
            .all(|s| (0..n).all(|y| at(&s.p50, y).is_none()))
        {
            no_data(area)?;
        }
        Ok(())
    })
}

/// One option's people over the horizon, each as `[p10, mean, p90]` over iterations.
pub struct PeopleBars {
    /// The option's name, as the user wrote it.
    pub name: String,
    /// People engaged: 10th percentile, mean, 90th percentile.
    pub engaged: [f64; 3],
    /// People completing: 10th percentile, mean, 90th percentile.
    pub completions: [f64; 3],
}

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

/// One option's cost and completions in each iteration, in the same order.
pub struct CloudSeries<'a> {
    /// The option's name, as the user wrote it.
    pub name: &'a str,
    /// Real total cost over the horizon per iteration, £.
    pub cost: &'a [f64],
    /// People completing per iteration.
    pub completions: &'a [f64],
}

/// Cost (x, £ thousands) against completions (y): one point cloud per option, at most
/// `max_points` points each, chosen deterministically (every k-th iteration, k the smallest
/// that gives no more than `max_points`), plus each option's medians as an outlined dot.
/// Iterations where either value is non-finite are skipped.
pub fn cost_vs_completions(series: &[CloudSeries<'_>], max_points: usize) -> Chart {
    let title = "Cost against people completing";
    let clouds: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|s| {
            let n = s.cost.len().min(s.completions.len());
            if max_points == 0 || n == 0 {
                return Vec::new();
            }
            let stride = n.div_ceil(max_points);
            (0..n)
                .step_by(stride)
                .map(|i| (s.cost[i] / 1e3, s.completions[i]))
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect()
        })
        .collect();
    let medians: Vec<Option<(f64, f64)>> = series
        .par_iter()
        .map(|s| {
            let n = s.cost.len().min(s.completions.len());
            let (cost, done) = rayon::join(|| median(&s.cost[..n]), || median(&s.completions[..n]));
            Some((cost? / 1e3, done?))
        })
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
    for (i, (s, m)) in series.iter().zip(&medians).enumerate() {
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
    let total = series
        .iter()
        .map(|s| s.cost.len().min(s.completions.len()))
        .max()
        .unwrap_or(0);
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

// ---------------------------------------------------------------------------------------------
// Sensitivity, cost-effectiveness and sweeps.

/// One input's bar in a [`tornado`]: the metric at the low and at the high end of the input.
pub struct TornadoBar {
    /// The input, as the user knows it: usually its key path, such as
    /// `options.in_house_specialists.capacity.caseload`.
    pub label: String,
    /// The metric with the input at its low end (its 10th percentile in a swing tornado), in
    /// the units of the axis.
    pub low: f64,
    /// The metric with the input at its high end (its 90th percentile in a swing tornado); in
    /// a rank tornado, the rank correlation.
    pub high: f64,
}

/// Bars a [`tornado`] draws at most.
const MAX_BARS: usize = 15;
/// Height of one bar's row in a [`tornado`], px.
const BAR_ROW: u32 = 28;
/// The widest a [`tornado`]'s bar labels may be before they are shortened, px.
const BAR_LABELS: f64 = 240.0;
/// Tornado bars: the input at its low end, or a negative correlation (Okabe–Ito blue)…
const LOW_END: RGBColor = PALETTE[4];
/// …and the input at its high end, or a positive correlation (Okabe–Ito orange).
const HIGH_END: RGBColor = PALETTE[0];

/// A tornado: one horizontal bar per input, top to bottom in the order given (largest first;
/// the first [`MAX_BARS`] only), each running from `base` to the metric with the input at its
/// low end (blue) and to the metric with it at its high end (orange).
///
/// For a swing tornado, `low` and `high` are the metric with the input at its P10 and at its
/// P90, and `base` the metric with every input at its base value. For a rank tornado, `base` is
/// 0 and each bar runs to the rank correlation (in `high`, with `low` equal to 0 or to `high`);
/// such single bars are coloured by their sign. `axis_label` titles the x axis; `money_axis`
/// labels values in £ (ticks as £k), otherwise they are plain numbers. Labels too long for
/// the space keep their tail ("…in_house_specialists.capacity.caseload"). Non-finite ends are
/// not drawn; with a non-finite base each bar spans `low` to `high` in one colour.
pub fn tornado(
    title: &str,
    axis_label: &str,
    base: f64,
    bars: &[TornadoBar],
    money_axis: bool,
) -> Chart {
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
    // Room beyond the bars' ends for the value labels.
    let widest_value = ends()
        .map(|v| text_width(&value(v), 11.0))
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
            _ => format!(
                "{}: {} at the low end, {} at the high end",
                t.label,
                low.map_or("n/a".to_owned(), value),
                high.map_or("n/a".to_owned(), value)
            ),
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
                    "Input at its low end (P10)".to_owned(),
                    Swatch::Block(LOW_END),
                ),
                Entry::new(
                    "Input at its high end (P90)".to_owned(),
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
                            value(v),
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

/// Cost-effectiveness acceptability curve: for each willingness to pay λ in `grid` (x, £ per
/// unit of effect), the probability (y, %) that each option has the highest net benefit,
/// λ × effect − cost, one line per option. `probability[l][o]` is option `o`'s probability,
/// a fraction from 0 to 1, at `grid[l]`; options are named by `names`. `effect_label` names
/// one unit of effect in the singular ("completion"). `marked_lambda`, the λ of the analysis,
/// is drawn as a dashed vertical line. The grid is drawn in increasing order; missing or
/// non-finite values leave gaps, probabilities outside 0–1 are taken as the nearest end.
pub fn ceac(
    effect_label: &str,
    grid: &[f64],
    probability: &[Vec<f64>],
    names: &[String],
    marked_lambda: Option<f64>,
) -> Chart {
    let title = "Cost-effectiveness acceptability curve";
    let at = |l: usize, o: usize| {
        probability
            .get(l)
            .and_then(|row| row.get(o))
            .filter(|p| p.is_finite())
            .map(|p| p.clamp(0.0, 1.0))
    };
    // Grid points with a finite λ, in increasing order of λ.
    let mut order: Vec<usize> = (0..grid.len()).filter(|&l| grid[l].is_finite()).collect();
    order.sort_by(|&a, &b| grid[a].total_cmp(&grid[b]));
    let mark = marked_lambda.filter(|m| m.is_finite());
    let (lo, hi) = span(order.iter().map(|&l| grid[l]).chain(mark)).unwrap_or((0.0, 1.0));
    let x_axis = Axis::nice(lo, hi, 6, false).inset(6);
    let y_axis = Axis::nice(0.0, 100.0, 5, true);
    let per = |l: f64| format!("{} per {effect_label}", money(l));

    let mut alt = Vec::new();
    let mut legend = Vec::new();
    // The grid point nearest the marked λ (the first of two as near).
    let nearest = mark.and_then(|m| {
        order
            .iter()
            .copied()
            .min_by(|&a, &b| (grid[a] - m).abs().total_cmp(&(grid[b] - m).abs()))
    });
    for (o, name) in names.iter().enumerate() {
        let points: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&l| at(l, o).is_some())
            .collect();
        let (Some(&first), Some(&last)) = (points.first(), points.last()) else {
            alt.push(format!("{name}: no data"));
            legend.push(Entry::new(
                format!("{name} (no data)"),
                Swatch::Line(colour(o)),
            ));
            continue;
        };
        let say = |l: usize| {
            format!(
                "{} at {}",
                pct(at(l, o).unwrap_or(f64::NAN)),
                money(grid[l])
            )
        };
        let mut parts = vec![say(first)];
        if let Some(l) = nearest.filter(|&l| l != first && l != last && at(l, o).is_some()) {
            parts.push(say(l));
        }
        if last != first {
            parts.push(say(last));
        }
        alt.push(format!("{name}: {}", parts.join(", ")));
        legend.push(Entry::new(name.clone(), Swatch::Line(colour(o))));
    }
    let mut lead = match (order.first(), order.last()) {
        (Some(&a), Some(&b)) => format!(
            "Probability that each option has the highest net benefit, for a willingness to pay \
             from {} to {}",
            money(grid[a]),
            per(grid[b])
        ),
        _ => "Probability that each option has the highest net benefit".to_owned(),
    };
    if let Some(m) = mark {
        lead.push_str(&format!("; the analysis uses {}", per(m)));
        let best = nearest.and_then(|l| {
            (0..names.len())
                .filter_map(|o| at(l, o).map(|p| (o, p)))
                .reduce(|a, b| if b.1 > a.1 { b } else { a })
                .map(|(o, p)| (l, o, p))
        });
        if let Some((l, o, p)) = best {
            lead.push_str(&format!(
                ", where {} is most likely to be best ({} at {})",
                names[o],
                pct(p),
                money(grid[l])
            ));
        }
        legend.push(Entry::new(
            format!("Willingness to pay in the analysis, {}", per(m)),
            Swatch::Dashed(MUTED),
        ));
    }
    let frame = Frame {
        title,
        subtitle: "Probability that each option has the highest net benefit at each willingness \
                   to pay"
            .to_owned(),
        legend,
        alt: sentence(&lead, &alt),
    };

    let dots = order.len() <= 25;
    render(frame, |area| {
        let mut chart = plot_on(area, &x_axis, &y_axis, true)?;
        let x_fmt = money_ticks(&x_axis, true);
        let y_fmt = |v: &f64| num(*v, y_axis.decimals);
        let x_desc = fit_tail(
            &format!("Willingness to pay, λ (£ per {effect_label})"),
            f64::from(PLOT_WIDTH),
            12.5,
        );
        mesh_fmt(
            &mut chart,
            &x_desc,
            "Probability best (%)",
            &x_fmt,
            &y_fmt,
            (true, true),
        )?;
        if let Some(m) = mark {
            chart.draw_series(DashedLineSeries::new(
                [(m, y_axis.lo), (m, y_axis.hi)],
                6,
                4,
                MUTED.stroke_width(2),
            ))?;
            let right = m > (x_axis.lo + x_axis.hi) / 2.0;
            let (dx, h) = if right {
                (-5, HPos::Right)
            } else {
                (5, HPos::Left)
            };
            chart.plotting_area().draw(
                &(EmptyElement::at((m, y_axis.hi))
                    + Text::new(
                        format!("λ = {}", money(m)),
                        (dx, 2),
                        text(11.0, MUTED).pos(Pos::new(h, VPos::Top)),
                    )),
            )?;
        }
        for o in 0..names.len() {
            let c = colour(o);
            let point = |k: usize| {
                let l = order[k];
                (grid[l], 100.0 * at(l, o).unwrap_or(0.0))
            };
            for run in runs(order.len(), |k| at(order[k], o).is_some()) {
                let line: Vec<(f64, f64)> = run.map(point).collect();
                if dots || line.len() == 1 {
                    chart.draw_series(line.iter().map(|&p| Circle::new(p, 3, c.filled())))?;
                }
                chart.draw_series([PathElement::new(line, c.stroke_width(2))])?;
            }
        }
        let empty = (0..names.len()).all(|o| order.iter().all(|&l| at(l, o).is_none()));
        if empty {
            no_data(area)?;
        }
        Ok(())
    })
}

/// One option's difference from the baseline option in each iteration, in the same order.
pub struct PlaneSeries<'a> {
    /// The option's name, as the user wrote it.
    pub name: &'a str,
    /// Effect of the option minus that of the baseline, per iteration, in units of effect.
    pub delta_effect: &'a [f64],
    /// Real total cost of the option minus that of the baseline, per iteration, £.
    pub delta_cost: &'a [f64],
}

/// An option's means on the cost-effectiveness plane.
struct PlaneMeans {
    /// Iterations where both differences are finite.
    n: usize,
    effect: f64,
    /// £.
    cost: f64,
    /// Iterations with a positive net benefit at λ, λ × effect − cost > 0 (0 without λ).
    accepted: usize,
}

/// Cost-effectiveness plane: incremental effect (x, units of effect) against incremental cost
/// (y, £ thousands) of each non-baseline option over the baseline. One point cloud per option,
/// at most `max_points` points each (every k-th iteration, k the smallest that gives no more
/// than `max_points`), each option's mean over all iterations as a large outlined dot, the
/// axes through the origin, and, with `lambda` (£ per unit of effect), the threshold line
/// cost = λ × effect: points below it are cost-effective at λ. `effect_label` names one unit
/// of effect in the singular ("completion"). Iterations where either difference is non-finite
/// are skipped.
pub fn ce_plane(
    effect_label: &str,
    series: &[PlaneSeries<'_>],
    lambda: Option<f64>,
    max_points: usize,
) -> Chart {
    let title = "Cost-effectiveness plane";
    let lambda = lambda.filter(|l| l.is_finite());
    let len = |s: &PlaneSeries<'_>| s.delta_effect.len().min(s.delta_cost.len());
    let clouds: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|s| {
            let n = len(s);
            if max_points == 0 || n == 0 {
                return Vec::new();
            }
            (0..n)
                .step_by(n.div_ceil(max_points))
                .map(|i| (s.delta_effect[i], s.delta_cost[i] / 1e3))
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect()
        })
        .collect();
    let means: Vec<Option<PlaneMeans>> = series
        .par_iter()
        .map(|s| {
            let n = len(s);
            let (mut count, mut effect, mut cost, mut accepted) = (0usize, 0.0, 0.0, 0usize);
            for (&e, &c) in s.delta_effect[..n].iter().zip(&s.delta_cost[..n]) {
                if e.is_finite() && c.is_finite() {
                    count += 1;
                    effect += e;
                    cost += c;
                    accepted += usize::from(lambda.is_some_and(|l| l * e - c > 0.0));
                }
            }
            (count > 0).then(|| PlaneMeans {
                n: count,
                effect: effect / count as f64,
                cost: cost / count as f64,
                accepted,
            })
        })
        .collect();
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
    for (i, (s, m)) in series.iter().zip(&means).enumerate() {
        let Some(m) = m else {
            alt.push(format!("{}: no data", s.name));
            legend.push(Entry::new(
                format!("{} (no data)", s.name),
                Swatch::Dot(colour(i)),
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
        legend.push(Entry::new(s.name.to_owned(), Swatch::Dot(colour(i))));
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
    let total = series.iter().map(len).max().unwrap_or(0);
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
            let c = colour(i).mix(0.45).filled();
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
                Circle::new(p, 7, colour(i).filled()),
                Circle::new(p, 7, INK.stroke_width(2)),
            ])?;
        }
        if means.iter().all(Option::is_none) {
            no_data(area)?;
        }
        Ok(())
    })
}

/// A sweep: how each option's probability of being over budget (solid line) and of being
/// the best on the ranking metric (dashed line) change as one input takes each of `values`
/// (x, in the order given) — one colour per option. `p_over_budget[v][o]` and `p_best[v][o]`
/// are option `o`'s probabilities, fractions from 0 to 1, at `values[v]`; options are named
/// by `names`. Values that rise or fall steadily are spaced as numbers; others are spaced
/// evenly in the order given. Missing or non-finite probabilities leave gaps; probabilities
/// outside 0–1 are taken as the nearest end.
pub fn sweep(
    param_label: &str,
    values: &[f64],
    names: &[String],
    p_over_budget: &[Vec<f64>],
    p_best: &[Vec<f64>],
) -> Chart {
    let title = "Chance of going over budget and of being best";
    let n = values.len();
    let at = |rows: &[Vec<f64>], v: usize, o: usize| {
        rows.get(v)
            .and_then(|row| row.get(o))
            .filter(|p| p.is_finite())
            .map(|p| p.clamp(0.0, 1.0))
    };
    let finite = values.iter().all(|v| v.is_finite());
    let steady = |up: bool| {
        values
            .windows(2)
            .all(|w| if up { w[0] < w[1] } else { w[0] > w[1] })
    };
    let numeric = n >= 2 && finite && (steady(true) || steady(false));
    let x_axis = if numeric {
        let (lo, hi) = span(values.iter().copied()).unwrap_or((0.0, 1.0));
        Axis::nice(lo, hi, 6, false).inset(8)
    } else {
        let mut axis = Axis::categories(n);
        let labels: Vec<String> = values.iter().map(|&v| figure(v)).collect();
        let every = label_stride(&labels, PLOT_WIDTH);
        axis.ticks = (0..n).step_by(every).map(|v| v as f64).collect();
        axis
    };
    let position = |v: usize| if numeric { values[v] } else { v as f64 };
    let y_axis = Axis::nice(0.0, 100.0, 5, true);

    let mut alt = Vec::new();
    let mut legend = Vec::new();
    let ends = |rows: &[Vec<f64>], o: usize| {
        let mut known = (0..n).filter_map(|v| at(rows, v, o).map(|p| (v, p)));
        let first = known.next();
        first.map(|f| (f, known.next_back().unwrap_or(f)))
    };
    let say = |what: &str, e: Option<((usize, f64), (usize, f64))>| match e {
        None => format!("{what} n/a"),
        Some(((a, p), (b, _))) if a == b => {
            format!("{what} {} at {}", pct(p), figure(values[a]))
        }
        Some(((a, p), (b, q))) => format!(
            "{what} {} at {} and {} at {}",
            pct(p),
            figure(values[a]),
            pct(q),
            figure(values[b])
        ),
    };
    for (o, name) in names.iter().enumerate() {
        let (over, best) = (ends(p_over_budget, o), ends(p_best, o));
        if over.is_none() && best.is_none() {
            alt.push(format!("{name}: no data"));
            legend.push(Entry::new(
                format!("{name} (no data)"),
                Swatch::Line(colour(o)),
            ));
        } else {
            alt.push(format!(
                "{name}: {}; {}",
                say("over budget", over),
                say("best", best)
            ));
            legend.push(Entry::new(name.clone(), Swatch::Line(colour(o))));
        }
    }
    if !names.is_empty() {
        legend.push(Entry::new(
            "Solid: probability of going over budget".to_owned(),
            Swatch::Line(INK),
        ));
        legend.push(Entry::new(
            "Dashed: probability of being best".to_owned(),
            Swatch::Dashed(INK),
        ));
    }
    let lead = match (values.first(), values.last()) {
        (Some(a), Some(b)) if n > 1 => format!(
            "Probability of going over budget and of being best as {param_label} goes from {} to {}",
            figure(*a),
            figure(*b)
        ),
        (Some(a), _) => format!(
            "Probability of going over budget and of being best with {param_label} at {}",
            figure(*a)
        ),
        _ => format!("Probability of going over budget and of being best as {param_label} varies"),
    };
    let frame = Frame {
        title,
        subtitle: "Solid lines: probability of going over budget; dashed lines: probability of \
                   being the best option"
            .to_owned(),
        legend,
        alt: sentence(&lead, &alt),
    };

    let dots = n <= 30;
    render(frame, |area| {
        let mut chart = plot_on(area, &x_axis, &y_axis, true)?;
        let x_fmt = |x: &f64| {
            if numeric {
                num(*x, x_axis.decimals)
            } else {
                let v = x.round();
                if v >= 0.0 && (v as usize) < n {
                    figure(values[v as usize])
                } else {
                    String::new()
                }
            }
        };
        let y_fmt = |v: &f64| num(*v, y_axis.decimals);
        let x_desc = fit_tail(param_label, f64::from(PLOT_WIDTH), 12.5);
        mesh_fmt(
            &mut chart,
            &x_desc,
            "Probability (%)",
            &x_fmt,
            &y_fmt,
            (numeric, true),
        )?;
        for o in 0..names.len() {
            let c = colour(o);
            for (rows, dashed) in [(p_over_budget, false), (p_best, true)] {
                let point = |v: usize| {
                    let p = at(rows, v, o).unwrap_or(0.0);
                    (position(v), 100.0 * p)
                };
                for run in runs(n, |v| at(rows, v, o).is_some()) {
                    let line: Vec<(f64, f64)> = run.map(point).collect();
                    if dashed {
                        chart.draw_series(DashedLineSeries::new(
                            line.clone(),
                            7,
                            5,
                            c.stroke_width(2),
                        ))?;
                    } else {
                        chart.draw_series([PathElement::new(line.clone(), c.stroke_width(2))])?;
                    }
                    if dots || line.len() == 1 {
                        for p in line {
                            if dashed {
                                chart.draw_series([
                                    Circle::new(p, 3, WHITE.filled()),
                                    Circle::new(p, 3, c.stroke_width(2)),
                                ])?;
                            } else {
                                chart.draw_series([Circle::new(p, 3, c.filled())])?;
                            }
                        }
                    }
                }
            }
        }
        let empty = (0..names.len()).all(|o| {
            (0..n).all(|v| at(p_over_budget, v, o).is_none() && at(p_best, v, o).is_none())
        });
        if empty {
            no_data(area)?;
        }
        Ok(())
    })
}

/// Tick labels for `axis`: in £ when `money` ("£250", "£20k", "£1.5m", the unit chosen by
/// the step), else plain numbers.
fn money_ticks(axis: &Axis, money: bool) -> impl Fn(&f64) -> String {
    let step = axis.step();
    let big = axis.lo.abs().max(axis.hi.abs());
    let (scale, suffix) = if !money {
        (1.0, "")
    } else if big >= 1e6 && step >= 1e5 {
        (1e6, "m")
    } else if step >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let d = decimals(step / scale);
    move |v: &f64| {
        let s = num(*v / scale, d);
        if !money {
            return s;
        }
        if s.chars().all(|c| c == '0' || c == '.') {
            return "£0".to_owned();
        }
        match s.strip_prefix('−') {
            Some(abs) => format!("−£{abs}{suffix}"),
            None => format!("£{s}{suffix}"),
        }
    }
}

/// A number to about three significant figures, with thousands separators: 0.0523, 1.25,
/// 12.3, 1,234.
fn figure(x: f64) -> String {
    let digits = if x == 0.0 || !x.is_finite() {
        0
    } else {
        (2 - x.abs().log10().floor() as i32).clamp(0, 4) as usize
    };
    let s = num(x, digits);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// [`figure`] with a sign: "+12.3", "−4", "0".
fn signed(x: f64) -> String {
    let s = figure(x);
    if x > 0.0 && s != "0" {
        format!("+{s}")
    } else {
        s
    }
}

/// `s` if it fits in `room` px at `px` pixels, else its longest tail that fits after "…",
/// starting after a '.', '/' or space where one fits, else after any character.
fn fit_tail(s: &str, room: f64, px: f64) -> String {
    if text_width(s, px) <= room {
        return s.to_owned();
    }
    let fits = |tail: &str| !tail.is_empty() && text_width(tail, px) + text_width("…", px) <= room;
    let after_separator = s
        .char_indices()
        .filter(|&(_, c)| matches!(c, '.' | '/' | ' '))
        .map(|(i, c)| i + c.len_utf8());
    let start = after_separator
        .clone()
        .find(|&i| fits(s[i..].trim_start()))
        .or_else(|| s.char_indices().map(|(i, _)| i).find(|&i| fits(&s[i..])));
    match start {
        Some(i) => format!("…{}", s[i..].trim_start()),
        None => "…".to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Layout and drawing shared by the charts.

/// Width of the whole chart, px.
const WIDTH: u32 = 760;
/// Height of the title and subtitle block, px.
const HEADER: u32 = 54;
/// Height of the plot with its axes, px.
const PLOT: u32 = 300;
/// Left and right padding of the header and legend, px.
const PAD: i32 = 16;
/// Room for the y tick labels and the y axis title, px.
const Y_LABELS: u32 = 76;
/// Room for the x tick labels and the x axis title, px.
const X_LABELS: u32 = 46;
/// Space right of the plot, px.
const RIGHT: u32 = 24;
/// Width of the plotting area itself, px.
const PLOT_WIDTH: u32 = WIDTH - Y_LABELS - RIGHT;
/// Font stack: Arial and its metric twins (Helvetica, Liberation Sans), else any sans-serif.
const FONT: &str = "Arial, Helvetica, sans-serif";
/// Okabe & Ito's colour-blind-safe palette, "Color Universal Design" (2008), in their order.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x00, 0x00, 0x00),
];
/// Text and outlines.
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Subtitles, the budget line and other secondary marks.
const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Grid lines.
const GRID: RGBColor = RGBColor(0xE0, 0xE0, 0xE0);

/// The colour of the `i`-th option, cycling through the palette.
fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// A text style of `px` pixels. Plotters' SVG backend writes a font size of size / 1.24.
fn text(px: f64, colour: RGBColor) -> TextStyle<'static> {
    (FONT, px * 1.24).into_font().color(&colour)
}

/// A bold text style of `px` pixels.
fn bold(px: f64, colour: RGBColor) -> TextStyle<'static> {
    (FONT, px * 1.24)
        .into_font()
        .style(FontStyle::Bold)
        .color(&colour)
}

/// What draws a chart's plot: a closure over the plot's drawing area.
type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// The result of drawing.
type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;
/// A chart on the plot area with plain f64 axes whose ticks are chosen here.
type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Axis, Axis>>;

/// Everything around the plot: title, subtitle, legend and text alternative.
struct Frame<'a> {
    title: &'a str,
    subtitle: String,
    legend: Vec<Entry>,
    alt: String,
}

/// How a legend entry marks its series.
#[derive(Clone, Copy)]
enum Swatch {
    /// A line over a light band (lines, histograms).
    LineBand(RGBColor),
    /// A plain line (curves without a band).
    Line(RGBColor),
    /// A dashed line (the budget, thresholds).
    Dashed(RGBColor),
    /// A filled square (bars).
    Block(RGBColor),
    /// A dot (point clouds).
    Dot(RGBColor),
    /// An outlined dot (medians in a point cloud).
    Median,
}

/// One legend entry: a swatch and its label, wrapped into lines when too long.
struct Entry {
    label: String,
    swatch: Swatch,
}

impl Entry {
    fn new(label: String, swatch: Swatch) -> Self {
        Entry { label, swatch }
    }
}

/// Legend text size, line height and the room a swatch takes before the label, px.
const LEGEND_PX: f64 = 12.0;
const LEGEND_LINE: i32 = 16;
const SWATCH: i32 = 30;
const LEGEND_GAP: i32 = 20;

/// Where each legend entry goes: a grid of equal columns, filled row by row.
struct LegendLayout {
    columns: usize,
    column_width: i32,
    /// Each entry's label, wrapped to the column width.
    lines: Vec<Vec<String>>,
    /// Each row's height, px.
    rows: Vec<i32>,
}

impl LegendLayout {
    fn new(entries: &[Entry]) -> Self {
        let room = WIDTH as i32 - 2 * PAD;
        let widest = entries
            .iter()
            .map(|e| SWATCH + text_width(&e.label, LEGEND_PX).ceil() as i32)
            .max()
            .unwrap_or(0);
        let columns = (((room + LEGEND_GAP) / (widest + LEGEND_GAP)).max(1) as usize)
            .min(4)
            .min(entries.len().max(1));
        let column_width = (room + LEGEND_GAP) / columns as i32 - LEGEND_GAP;
        let lines: Vec<Vec<String>> = entries
            .iter()
            .map(|e| wrap(&e.label, f64::from(column_width - SWATCH), LEGEND_PX))
            .collect();
        let rows = lines
            .chunks(columns)
            .map(|row| row.iter().map(Vec::len).max().unwrap_or(1) as i32 * LEGEND_LINE + 6)
            .collect();
        LegendLayout {
            columns,
            column_width,
            lines,
            rows,
        }
    }

    fn height(&self) -> u32 {
        if self.rows.is_empty() {
            8
        } else {
            (self.rows.iter().sum::<i32>() + 18) as u32
        }
    }
}

/// Draws the frame and, through `plot`, the chart into an SVG, then makes the SVG inline-ready.
fn render(frame: Frame<'_>, plot: impl FnOnce(&Area<'_>) -> Drawn) -> Chart {
    render_with(frame, PLOT, plot)
}

/// [`render`] with a plot `plot_height` px high.
fn render_with(frame: Frame<'_>, plot_height: u32, plot: impl FnOnce(&Area<'_>) -> Drawn) -> Chart {
    let layout = LegendLayout::new(&frame.legend);
    let mut raw = String::new();
    let mut height = HEADER + plot_height + layout.height();
    let drawn = {
        let root = SVGBackend::with_string(&mut raw, (WIDTH, height)).into_drawing_area();
        draw_frame(&root, &frame, &layout, plot_height, plot).and_then(|()| root.present())
    };
    if let Err(e) = drawn {
        // Drawing into a string does not fail in practice; if it ever does, say so in text.
        raw.clear();
        height = HEADER;
        let fallback = Frame {
            title: frame.title,
            subtitle: format!("This chart could not be drawn: {e}"),
            legend: Vec::new(),
            alt: frame.alt.clone(),
        };
        let root = SVGBackend::with_string(&mut raw, (WIDTH, HEADER)).into_drawing_area();
        let empty = LegendLayout::new(&[]);
        if draw_frame(&root, &fallback, &empty, 0, |_| Ok(()))
            .and_then(|()| root.present())
            .is_err()
        {
            drop(root);
            raw.clear();
        }
    }
    Chart {
        title: frame.title.to_owned(),
        svg: inline_svg(&raw, height, frame.title, &frame.alt),
        alt: frame.alt,
    }
}

/// Draws the title, subtitle, the plot (through `plot`, `plot_height` px high) and the legend.
fn draw_frame(
    root: &Area<'_>,
    frame: &Frame<'_>,
    layout: &LegendLayout,
    plot_height: u32,
    plot: impl FnOnce(&Area<'_>) -> Drawn,
) -> Drawn {
    root.fill(&WHITE)?;
    let top = |v| Pos::new(HPos::Left, v);
    root.draw(&Text::new(
        frame.title.to_owned(),
        (PAD, 12),
        bold(17.0, INK).pos(top(VPos::Top)),
    ))?;
    root.draw(&Text::new(
        frame.subtitle.clone(),
        (PAD, 34),
        text(12.0, MUTED).pos(top(VPos::Top)),
    ))?;
    let (_, rest) = root.split_vertically(HEADER);
    let (plot_area, legend_area) = rest.split_vertically(plot_height);
    plot(&plot_area)?;
    draw_legend(&legend_area, &frame.legend, layout)
}

/// Draws the legend entries where `layout` puts them.
fn draw_legend(area: &Area<'_>, entries: &[Entry], layout: &LegendLayout) -> Drawn {
    let mut top = 12;
    for (r, height) in layout.rows.iter().enumerate() {
        for j in 0..layout.columns {
            let i = r * layout.columns + j;
            let (Some(entry), Some(lines)) = (entries.get(i), layout.lines.get(i)) else {
                break;
            };
            let x = PAD + j as i32 * (layout.column_width + LEGEND_GAP);
            let mid = top + LEGEND_LINE / 2;
            match entry.swatch {
                Swatch::LineBand(c) => {
                    area.draw(&Rectangle::new(
                        [(x, mid - 6), (x + 22, mid + 6)],
                        c.mix(0.16).filled(),
                    ))?;
                    area.draw(&PathElement::new(
                        vec![(x, mid), (x + 22, mid)],
                        c.stroke_width(2),
                    ))?;
                }
                Swatch::Line(c) => area.draw(&PathElement::new(
                    vec![(x, mid), (x + 22, mid)],
                    c.stroke_width(2),
                ))?,
                Swatch::Dashed(c) => {
                    area.draw(&PathElement::new(
                        vec![(x, mid), (x + 8, mid)],
                        c.stroke_width(2),
                    ))?;
                    area.draw(&PathElement::new(
                        vec![(x + 13, mid), (x + 22, mid)],
                        c.stroke_width(2),
                    ))?;
                }
                Swatch::Block(c) => area.draw(&Rectangle::new(
                    [(x + 4, mid - 7), (x + 18, mid + 7)],
                    c.filled(),
                ))?,
                Swatch::Dot(c) => area.draw(&Circle::new((x + 11, mid), 4, c.filled()))?,
                Swatch::Median => {
                    area.draw(&Circle::new((x + 11, mid), 6, WHITE.filled()))?;
                    area.draw(&Circle::new((x + 11, mid), 6, INK.stroke_width(2)))?;
                }
            }
            for (k, line) in lines.iter().enumerate() {
                let style = text(LEGEND_PX, INK).pos(Pos::new(HPos::Left, VPos::Center));
                area.draw(&Text::new(
                    line.clone(),
                    (x + SWATCH, mid + k as i32 * LEGEND_LINE),
                    style,
                ))?;
            }
        }
        top += height;
    }
    Ok(())
}

/// The chart on the plot area, with room for the axes' labels.
/// `x_titled` leaves room for a title under the x axis.
fn plot_on<'a, 'b>(
    area: &'a Area<'b>,
    x: &Axis,
    y: &Axis,
    x_titled: bool,
) -> Result<Plot<'a, 'b>, DrawingAreaErrorKind<std::io::Error>> {
    plot_on_with(area, x, y, x_titled, Y_LABELS)
}

/// [`plot_on`] with `y_labels` px left of the plot for the y axis's labels.
fn plot_on_with<'a, 'b>(
    area: &'a Area<'b>,
    x: &Axis,
    y: &Axis,
    x_titled: bool,
    y_labels: u32,
) -> Result<Plot<'a, 'b>, DrawingAreaErrorKind<std::io::Error>> {
    ChartBuilder::on(area)
        .margin_top(10)
        .margin_right(RIGHT)
        .margin_bottom(if x_titled { 0 } else { 22 })
        .x_label_area_size(if x_titled { X_LABELS } else { X_LABELS - 22 })
        .y_label_area_size(y_labels)
        .build_cartesian_2d(x.clone(), y.clone())
}

/// Axes, ticks and grid with numeric tick labels on both axes.
fn mesh(
    chart: &mut Plot<'_, '_>,
    x: &Axis,
    y: &Axis,
    x_desc: &str,
    y_desc: &str,
    x_grid: bool,
) -> Drawn {
    let x_fmt = |v: &f64| num(*v, x.decimals);
    let y_fmt = |v: &f64| num(*v, y.decimals);
    let mut m = chart.configure_mesh();
    style_mesh(&mut m, x_desc, y_desc);
    m.x_label_formatter(&x_fmt).y_label_formatter(&y_fmt);
    if !x_grid {
        m.disable_x_mesh();
    }
    m.draw()
}

/// Axes, ticks and horizontal grid with categorical x tick labels given by `x_label`.
fn mesh_with(
    chart: &mut Plot<'_, '_>,
    y: &Axis,
    x_desc: &str,
    y_desc: &str,
    x_label: &dyn Fn(&f64) -> String,
) -> Drawn {
    let y_fmt = |v: &f64| num(*v, y.decimals);
    let mut m = chart.configure_mesh();
    style_mesh(&mut m, x_desc, y_desc);
    m.x_label_formatter(x_label)
        .y_label_formatter(&y_fmt)
        .disable_x_mesh();
    m.draw()
}

/// Axes and ticks labelled by `x_label` and `y_label`, with grid lines across the x ticks
/// (`grid.0`) and the y ticks (`grid.1`).
fn mesh_fmt(
    chart: &mut Plot<'_, '_>,
    x_desc: &str,
    y_desc: &str,
    x_label: &dyn Fn(&f64) -> String,
    y_label: &dyn Fn(&f64) -> String,
    grid: (bool, bool),
) -> Drawn {
    let mut m = chart.configure_mesh();
    style_mesh(&mut m, x_desc, y_desc);
    m.x_label_formatter(x_label).y_label_formatter(y_label);
    if !grid.0 {
        m.disable_x_mesh();
    }
    if !grid.1 {
        m.disable_y_mesh();
    }
    m.draw()
}

/// The look shared by every chart's axes: light horizontal grid, grey axes, small ticks.
fn style_mesh<'a, 'b, X, Y>(
    m: &mut plotters::chart::MeshStyle<'a, 'b, X, Y, SVGBackend<'_>>,
    x_desc: &str,
    y_desc: &str,
) where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    m.bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED.stroke_width(1))
        .label_style(text(11.5, INK))
        .axis_desc_style(text(12.5, INK))
        .set_all_tick_mark_size(4)
        .x_desc(x_desc)
        .y_desc(y_desc);
}

/// A centred note in an empty plot.
fn no_data(area: &Area<'_>) -> Drawn {
    let (w, h) = area.dim_in_pixel();
    let centre = (
        (Y_LABELS + (w - Y_LABELS - RIGHT) / 2) as i32,
        (h / 2) as i32 - 10,
    );
    area.draw(&Text::new(
        "No data to chart".to_owned(),
        centre,
        text(14.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
    ))
}

/// Plotters' SVG with a root element fit for inlining: it scales with the page (`viewBox`,
/// `width="100%"`), and carries its title and text alternative for assistive technology.
/// Font sizes are rounded to 0.1 px.
fn inline_svg(raw: &str, height: u32, title: &str, alt: &str) -> String {
    // Plotters writes its root tag, with a fixed width and height, alone on the first line.
    let body = raw.split_once('\n').map_or("</svg>\n", |(_, rest)| rest);
    let mut out = String::with_capacity(raw.len() + alt.len() + 300);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" \
         style=\"max-width:{WIDTH}px;height:auto\" role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n",
        escape(alt),
        escape(title)
    ));
    let mut rest = body;
    const KEY: &str = "font-size=\"";
    while let Some(at) = rest.find(KEY) {
        let (before, after) = rest.split_at(at + KEY.len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        match after[..end].parse::<f64>() {
            Ok(size) => {
                let size = format!("{size:.1}");
                out.push_str(size.strip_suffix(".0").unwrap_or(&size));
            }
            Err(_) => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Escapes text for an XML attribute or element.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// "Lead: a; b; c." as one sentence for a text alternative.
fn sentence(lead: &str, parts: &[String]) -> String {
    if parts.is_empty() {
        format!("{lead}: no options to show.")
    } else {
        format!("{lead}. {}.", parts.join("; "))
    }
}

/// A count of people as read aloud: whole numbers from 10 up, one decimal below.
fn count(x: f64) -> String {
    num(x, if x.abs() < 10.0 { 1 } else { 0 })
}

/// The width of `s` in an Arial-like font of `px` pixels, from rough per-character widths.
fn text_width(s: &str, px: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.25,
            'f' | 't' | 'r' | 'I' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' => 0.33,
            'm' | 'w' | 'M' | 'W' => 0.85,
            '…' => 1.0,
            'A'..='Z' => 0.68,
            '0'..='9' | '£' | '$' => 0.56,
            'a'..='z' => 0.54,
            c if c as u32 >= 0x2E80 => 1.0,
            _ => 0.6,
        })
        .sum::<f64>()
        * px
}

/// Splits `s` into lines no wider than `room` px at `px` pixels, at spaces where possible.
fn wrap(s: &str, room: f64, px: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, px) <= room || line.is_empty() && text_width(word, px) <= room {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if text_width(&line, px) > room && line.chars().count() > 1 {
                let last = line.pop().unwrap_or(' ');
                lines.push(std::mem::take(&mut line));
                line.push(last);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Shows every `k`-th year label, so that labels of about 8 characters do not collide.
fn label_stride(years: &[String], plot_width: u32) -> usize {
    let widest = years
        .iter()
        .map(|y| text_width(y, 11.5))
        .fold(0.0, f64::max)
        + 12.0;
    let spacing = f64::from(plot_width) / years.len().max(1) as f64;
    (widest / spacing).ceil().max(1.0) as usize
}

/// Maximal runs of consecutive indices in 0..n where `ok` holds.
fn runs(n: usize, ok: impl Fn(usize) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for i in 0..=n {
        match (start, i < n && ok(i)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The smallest and largest of some finite values, if there are any.
fn span(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
}

// ---------------------------------------------------------------------------------------------
// Axes and statistics.

/// An axis from `lo` to `hi` with ticks at round numbers, labelled with `decimals` places,
/// drawn `inset` pixels in from each end of the plot so that marks at the ends stay clear of
/// the other axis.
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    decimals: usize,
    inset: i32,
}

impl Axis {
    fn inset(self, inset: i32) -> Axis {
        Axis { inset, ..self }
    }

    /// The distance between ticks (the whole axis if it has fewer than two).
    fn step(&self) -> f64 {
        match self.ticks[..] {
            [a, b, ..] => b - a,
            _ => self.hi - self.lo,
        }
    }

    /// An axis of `count` categories at 0, 1, …, with room for half a category either side.
    fn categories(count: usize) -> Axis {
        Axis {
            lo: -0.5,
            hi: count.max(1) as f64 - 0.5,
            ticks: (0..count).map(|i| i as f64).collect(),
            decimals: 0,
            inset: 0,
        }
    }

    /// About `target` intervals of 1, 2, 2.5 or 5 × 10^k covering `lo..=hi`, the axis ending
    /// on ticks. With `zero`, the axis also covers 0. A single value gets a range around it
    /// (0 to 1 for zero).
    fn nice(lo: f64, hi: f64, target: usize, zero: bool) -> Axis {
        let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() && lo <= hi {
            (lo, hi)
        } else {
            (0.0, 1.0)
        };
        if zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        if hi - lo <= 1e-9 * hi.abs().max(lo.abs()) || hi == lo {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            (lo, hi) = if lo >= 0.0 && lo - pad < 0.0 {
                (0.0, hi + pad)
            } else {
                (lo - pad, hi + pad)
            };
        }
        // Among round steps near (hi − lo) / target, the one whose axis wastes least space,
        // with at least half and at most two more than `target` intervals; on a tie, the one
        // with nearest `target` intervals.
        let raw = (hi - lo) / target.max(1) as f64;
        let (fewest, most) = ((target as f64 / 2.0).ceil().max(2.0), (target + 2) as f64);
        let best = round_steps_near(raw)
            .filter_map(|step| {
                let (first, last) = ((lo / step).floor(), (hi / step).ceil());
                let intervals = last - first;
                let fits =
                    first.is_finite() && last.is_finite() && (fewest..=most).contains(&intervals);
                fits.then_some((step, first, last))
            })
            .min_by(|a, b| {
                let span = |(step, first, last): &(f64, f64, f64)| (last - first) * step;
                let off = |(_, first, last): &(f64, f64, f64)| (last - first - target as f64).abs();
                span(a)
                    .total_cmp(&span(b))
                    .then(off(a).total_cmp(&off(b)))
                    .then(b.0.total_cmp(&a.0))
            });
        let Some((step, first, last)) = best else {
            return Axis {
                lo,
                hi,
                ticks: vec![lo, hi],
                decimals: decimals(hi - lo),
                inset: 0,
            };
        };
        let ticks: Vec<f64> = (first as i64..=last as i64)
            .map(|i| i as f64 * step)
            .collect();
        Axis {
            lo: first * step,
            hi: last * step,
            ticks,
            decimals: decimals(step),
            inset: 0,
        }
    }
}

/// A linear axis whose ticks (and grid lines) are exactly `ticks`.
impl Ranged for Axis {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn map(&self, v: &f64, (from, to): (i32, i32)) -> i32 {
        let inset = self.inset * (to - from).signum();
        let (from, to) = (from + inset, to - inset);
        let share = (v - self.lo) / (self.hi - self.lo);
        from + (f64::from(to - from) * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// Steps of 1, 2, 2.5 and 5 × 10^k from a decade below `raw` to a decade above.
fn round_steps_near(raw: f64) -> impl Iterator<Item = f64> {
    let e = if raw.is_finite() && raw > 0.0 {
        raw.log10().floor() as i32
    } else {
        0
    };
    (e - 1..=e + 1).flat_map(|e| [1.0, 2.0, 2.5, 5.0].map(|m| m * 10f64.powi(e)))
}

/// The step of 1, 2, 2.5 or 5 × 10^k nearest to `raw` by ratio (1 for nonsense).
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    round_steps_near(raw)
        .min_by(|a, b| (a / raw).ln().abs().total_cmp(&(b / raw).ln().abs()))
        .unwrap_or(1.0)
}

/// Decimal places that show multiples of `step` exactly (at most 6).
fn decimals(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step.abs() * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() <= 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6)
}

/// The count, smallest and largest of some finite values.
type Extremes = (usize, f64, f64);

/// Count and extremes of the finite values (None if there are none), in one pass.
fn extremes(values: &[f64]) -> Option<Extremes> {
    // Eight independent lanes, so that the comparisons do not wait on one another.
    const LANES: usize = 8;
    let (mut n, mut lo, mut hi) = (
        [0usize; LANES],
        [f64::INFINITY; LANES],
        [f64::NEG_INFINITY; LANES],
    );
    let chunks = values.chunks_exact(LANES);
    let rest = chunks.remainder();
    for chunk in chunks {
        for i in 0..LANES {
            let v = chunk[i];
            let finite = v.is_finite();
            n[i] += usize::from(finite);
            let (below, above) = if finite {
                (v, v)
            } else {
                (f64::INFINITY, f64::NEG_INFINITY)
            };
            lo[i] = if below < lo[i] { below } else { lo[i] };
            hi[i] = if above > hi[i] { above } else { hi[i] };
        }
    }
    let mut n: usize = n.iter().sum();
    let mut lo = lo.into_iter().fold(f64::INFINITY, f64::min);
    let mut hi = hi.into_iter().fold(f64::NEG_INFINITY, f64::max);
    for &v in rest.iter().filter(|v| v.is_finite()) {
        n += 1;
        lo = lo.min(v);
        hi = hi.max(v);
    }
    (n > 0).then_some((n, lo, hi))
}

/// Values in a [`sample`].
const SAMPLE: usize = 8192;

/// At most [`SAMPLE`] evenly spaced finite values of `values` (every k-th), sorted.
fn sample(values: &[f64]) -> Vec<f64> {
    let stride = values.len().div_ceil(SAMPLE).max(1);
    let mut some: Vec<f64> = values
        .iter()
        .step_by(stride)
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    some.sort_unstable_by(f64::total_cmp);
    some
}

/// The type-7 quantile at `p` of a sorted sample, roughly: for layout decisions only.
fn rough_quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)? as f64;
    Some(sorted[(last * p.clamp(0.0, 1.0)).round() as usize])
}

/// Two values of a sorted sample of `values` that hold the p-quantile of `values` between
/// them with near certainty: five standard errors of the sample quantile either side,
/// √(m·p·(1 − p)) places among the m sampled values, and two more.
fn bracket(sorted: &[f64], p: f64) -> Option<(f64, f64)> {
    let m = sorted.len().checked_sub(1).map(|last| last + 1)? as f64;
    let p = if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) };
    let spread = 5.0 * (m * p * (1.0 - p)).sqrt() + 2.0;
    let at = |r: f64| sorted[r.clamp(0.0, m - 1.0) as usize];
    Some((at((m * p - spread).floor()), at((m * p + spread).ceil())))
}

/// Where the type-7 quantile at each of `ps` lies among `n` sorted values: (⌊h⌋, h − ⌊h⌋)
/// with h = (n − 1)·p. Probabilities outside [0, 1] are clamped, NaN read as 0.5.
fn type7_positions(n: usize, ps: &[f64]) -> Vec<(usize, f64)> {
    ps.iter()
        .map(|&p| {
            let h = (n - 1) as f64 * if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) };
            let floor = h.floor();
            (floor as usize, h - floor)
        })
        .collect()
}

/// The type-7 quantiles at `positions` from the order statistics (counting from 0) that
/// `x` returns: x(⌊h⌋) + (h − ⌊h⌋)·(x(⌊h⌋ + 1) − x(⌊h⌋)), or x(⌊h⌋) itself when h is whole
/// or the two are equal (Hyndman & Fan 1996, definition 7, as `stats::quantile_type7`).
fn type7(positions: &[(usize, f64)], mut x: impl FnMut(usize) -> f64) -> Vec<f64> {
    positions
        .iter()
        .map(|&position| crate::stats::type7_from(&mut x, position))
        .collect()
}

/// Values staged at a time in the passes below. The passes decide which values to keep
/// without branching: a branch taken at random for a few per cent of values costs more than
/// all the rest of the work.
const BLOCK: usize = 1024;

/// The type-7 median of the finite values (None if there are none), by selection from a
/// sample (after Floyd & Rivest, "Expected time bounds for selection", CACM 18(3), 1975):
/// one pass counts the values below a [`bracket`] from a [`sample`] and gathers those
/// within, and selection among the few gathered finds the median exactly. If the bracket
/// misses (an unlucky sample), [`Binned`] finds it exactly.
fn median(values: &[f64]) -> Option<f64> {
    let some = sample(values);
    let Some((lo, hi)) = bracket(&some, 0.5) else {
        return Binned::exact(values, &[0.5]).map(|b| b.quantiles[0]);
    };
    let (mut n, mut below) = (0usize, 0usize);
    let mut within = Vec::new();
    let mut staged = [0.0; BLOCK + 1];
    for block in values.chunks(BLOCK) {
        let mut filled = 0;
        for &v in block {
            let finite = v.is_finite();
            n += usize::from(finite);
            below += usize::from(finite & (v < lo));
            staged[filled] = v;
            // lo and hi are finite, so only finite values can lie between them.
            filled += usize::from((lo <= v) & (v <= hi));
        }
        within.extend_from_slice(&staged[..filled]);
    }
    let positions = type7_positions(n.max(1), &[0.5]);
    let (r, fraction) = positions[0];
    let top = if fraction > 0.0 { r + 1 } else { r };
    if n == 0 {
        None
    } else if below <= r && top < below + within.len() {
        let q = type7(&positions, |r| {
            *within.select_nth_unstable_by(r - below, f64::total_cmp).1
        });
        Some(q[0])
    } else {
        Binned::exact(values, &[0.5]).map(|b| b.quantiles[0])
    }
}

/// `count` equal buckets between `lo` and `hi`, numbered from 1, with bucket 0 for values
/// below `lo` and bucket `count + 1` for values above `hi`. A value's bucket never decreases
/// as the value grows, so counting values per bucket tells which bucket holds a given rank.
#[derive(Debug, Clone, Copy)]
struct Grid {
    lo: f64,
    hi: f64,
    /// Buckets per unit; 0 when `lo..hi` is empty or too wide for f64, and then every value
    /// falls in bucket 1.
    scale: f64,
    count: usize,
}

impl Grid {
    fn new(lo: f64, hi: f64, count: usize) -> Grid {
        let count = count.max(1);
        let scale = count as f64 / (hi - lo);
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            0.0
        };
        Grid {
            lo,
            hi,
            scale,
            count,
        }
    }

    /// The number of buckets, the two outside ones included.
    fn len(&self) -> usize {
        self.count + 2
    }

    /// The bucket of a finite value.
    fn bucket(&self, v: f64) -> usize {
        if self.scale == 0.0 {
            return 1;
        }
        let x = (v - self.lo) * self.scale;
        if x < 0.0 {
            0
        } else if x < self.count as f64 {
            x as usize + 1
        } else if v <= self.hi {
            self.count
        } else {
            self.count + 1
        }
    }
}

/// The count of finite values in each bucket of a [`Grid`], and their type-7 quantiles.
#[derive(Debug, Clone, PartialEq)]
struct Binned {
    n: usize,
    /// Type-7 quantiles at the probabilities asked for, in their order.
    quantiles: Vec<f64>,
    /// Finite values per bucket of the grid, outside buckets included.
    counts: Vec<usize>,
}

impl Binned {
    /// Counts the finite values of `values` in the buckets of `grid` and finds their type-7
    /// quantile at each probability in `ps` exactly (see [`type7`]). None if there are no
    /// finite values. `sorted` is a sorted [`sample`] of the values, used only for speed.
    ///
    /// One pass counts the values per bucket and keeps those in the buckets that, by the
    /// sample's [`bracket`]s, hold the quantiles; the counts then say exactly which bucket
    /// holds each wanted order statistic, and selection among that bucket's values finds it.
    /// If a bracket missed (an unlucky sample), a second pass gathers the right buckets. Any
    /// grid gives exact results; one that spreads the values evenly is fastest.
    fn of(values: &[f64], ps: &[f64], grid: Grid, sorted: &[f64]) -> Option<Binned> {
        let mut kept = vec![0usize; grid.len()];
        for &p in ps {
            if let Some((lo, hi)) = bracket(sorted, p) {
                kept[grid.bucket(lo)..=grid.bucket(hi)].fill(1);
            }
        }
        let mut counts = vec![0usize; grid.len()];
        let mut gathered = Vec::new();
        let mut staged = [0.0; BLOCK + 1];
        for block in values.chunks(BLOCK) {
            let mut filled = 0;
            for &v in block.iter().filter(|v| v.is_finite()) {
                let b = grid.bucket(v);
                counts[b] += 1;
                staged[filled] = v;
                filled += kept[b];
            }
            gathered.extend_from_slice(&staged[..filled]);
        }
        let n: usize = counts.iter().sum();
        if n == 0 {
            return None;
        }
        let positions = type7_positions(n, ps);
        // start[b]: the rank of the first value in bucket b.
        let mut start = Vec::with_capacity(counts.len() + 1);
        start.push(0);
        for c in &counts {
            start.push(start[start.len() - 1] + c);
        }
        let bucket_of_rank = |r: usize| start.partition_point(|&s| s <= r) - 1;
        let mut wanted: Vec<usize> = positions
            .iter()
            .flat_map(|&(lo, fraction)| [lo, if fraction > 0.0 { lo + 1 } else { lo }])
            .map(|r| bucket_of_rank(r.min(n - 1)))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        // Each wanted bucket's values: from the kept ones, or else from a second pass.
        let mut values_of: Vec<(usize, Vec<f64>)> = wanted
            .iter()
            .filter(|&&b| kept[b] == 1)
            .map(|&b| {
                (
                    b,
                    gathered
                        .iter()
                        .copied()
                        .filter(|&v| grid.bucket(v) == b)
                        .collect(),
                )
            })
            .collect();
        let missed: Vec<usize> = wanted.iter().copied().filter(|&b| kept[b] == 0).collect();
        if !missed.is_empty() {
            let first = values_of.len();
            values_of.extend(missed.iter().map(|&b| (b, Vec::with_capacity(counts[b]))));
            for &v in values.iter().filter(|v| v.is_finite()) {
                let b = grid.bucket(v);
                if let Some(i) = missed.iter().position(|&m| m == b) {
                    values_of[first + i].1.push(v);
                }
            }
        }
        let quantiles = type7(&positions, |r| {
            let b = bucket_of_rank(r);
            let Some((_, values)) = values_of.iter_mut().find(|(w, _)| *w == b) else {
                return f64::NAN;
            };
            *values
                .select_nth_unstable_by(r - start[b], f64::total_cmp)
                .1
        });
        Some(Binned {
            n,
            quantiles,
            counts,
        })
    }

    /// [`Binned::of`] on a grid of [`BUCKETS`] between the extremes, with no sample: exact
    /// in three passes whatever the values.
    fn exact(values: &[f64], ps: &[f64]) -> Option<Binned> {
        let (_, lo, hi) = extremes(values)?;
        Binned::of(values, ps, Grid::new(lo, hi, BUCKETS), &[])
    }
}

/// Buckets between the extremes when finding quantiles with [`Binned::exact`].
const BUCKETS: usize = 4096;

#[cfg(test)]
mod tests {
    use super::*;

    /// splitmix64: a small fixed generator, so test data are the same everywhere.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }

        /// A triangular draw on [a, b] with mode c, by the inverse CDF.
        fn triangular(&mut self, a: f64, c: f64, b: f64) -> f64 {
            let u = self.next();
            let f = (c - a) / (b - a);
            if u < f {
                a + (u * (b - a) * (c - a)).sqrt()
            } else {
                b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
            }
        }
    }

    const NAMES: [&str; 4] = [
        "Option 1: recruit two behaviour change specialists (Drive model)",
        "Option 2: commission an accredited programme",
        "Option 3: join a neighbouring authority's contract",
        "Option 4: carry on as now",
    ];

    /// Costs (£) and completions per iteration for the four options.
    fn iterations(n: usize) -> Vec<(Vec<f64>, Vec<f64>)> {
        let shapes = [
            ((250e3, 360e3, 480e3), (22.0, 37.0, 52.0)),
            ((180e3, 260e3, 440e3), (25.0, 45.0, 62.0)),
            ((120e3, 150e3, 230e3), (12.0, 25.0, 34.0)),
            ((90e3, 110e3, 140e3), (2.0, 8.0, 15.0)),
        ];
        let mut rng = Rng(2025);
        shapes
            .iter()
            .map(|&((a, c, b), (d, e, f))| {
                let mut cost = Vec::with_capacity(n);
                let mut done = Vec::with_capacity(n);
                for _ in 0..n {
                    let x = rng.triangular(a, c, b);
                    // Completions rise with spending, as they would with more sessions run.
                    let share = (x - a) / (b - a);
                    let y = rng.triangular(d, e, f) * (0.85 + 0.3 * share);
                    cost.push(x);
                    done.push(y.round());
                }
                (cost, done)
            })
            .collect()
    }

    fn years() -> Vec<String> {
        ["2025/26", "2026/27", "2027/28"].map(String::from).to_vec()
    }

    fn cash() -> Vec<CashSeries> {
        let rows = [
            ([60e3, 118e3, 120e3], 0.18),
            ([40e3, 95e3, 110e3], 0.25),
            ([45e3, 50e3, 52e3], 0.12),
            ([36e3, 37e3, 38e3], 0.08),
        ];
        NAMES
            .iter()
            .zip(rows)
            .map(|(name, (p50, spread))| CashSeries {
                name: (*name).to_owned(),
                p10: p50.iter().map(|v| v * (1.0 - spread)).collect(),
                p50: p50.to_vec(),
                p90: p50.iter().map(|v| v * (1.0 + spread)).collect(),
            })
            .collect()
    }

    fn people_bars() -> Vec<PeopleBars> {
        let rows = [
            ([45.0, 57.4, 70.0], [28.0, 36.8, 46.0]),
            ([50.0, 66.1, 82.0], [33.0, 44.2, 55.0]),
            ([30.0, 38.9, 48.0], [17.0, 24.6, 31.0]),
            ([10.0, 14.2, 19.0], [4.0, 7.9, 12.0]),
        ];
        NAMES
            .iter()
            .zip(rows)
            .map(|(name, (engaged, completions))| PeopleBars {
                name: (*name).to_owned(),
                engaged,
                completions,
            })
            .collect()
    }

    /// The four charts for `names` with the realistic data above (names cycle through the rows).
    fn all_charts(names: &[&str], n: usize) -> Vec<Chart> {
        let data = iterations(n);
        let pick = |i: usize| &data[i % data.len()];
        let cost: Vec<CostSeries<'_>> = names
            .iter()
            .enumerate()
            .map(|(i, name)| CostSeries {
                name,
                values: &pick(i).0,
            })
            .collect();
        let cash: Vec<CashSeries> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let row = &cash()[i % 4];
                CashSeries {
                    name: (*name).to_owned(),
                    p10: row.p10.clone(),
                    p50: row.p50.clone(),
                    p90: row.p90.clone(),
                }
            })
            .collect();
        let bars: Vec<PeopleBars> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let row = &people_bars()[i % 4];
                PeopleBars {
                    name: (*name).to_owned(),
                    engaged: row.engaged,
                    completions: row.completions,
                }
            })
            .collect();
        let cloud: Vec<CloudSeries<'_>> = names
            .iter()
            .enumerate()
            .map(|(i, name)| CloudSeries {
                name,
                cost: &pick(i).0,
                completions: &pick(i).1,
            })
            .collect();
        vec![
            cost_distribution(&cost),
            cash_by_year(&years(), &cash, Some(100e3)),
            people(&bars),
            cost_vs_completions(&cloud, 600),
        ]
    }

    /// Input paths with a swing (total cost, £, with the input at its P10 and P90) and a rank
    /// correlation with total cost, largest swing first.
    const INPUTS: [(&str, f64, f64, f64); 9] = [
        (
            "options.in_house_specialists.capacity.caseload",
            412e3,
            318e3,
            -0.58,
        ),
        (
            "options.in_house_specialists.staff.salary",
            322e3,
            391e3,
            0.47,
        ),
        (
            "options.commissioned_programme.price.per_place",
            338e3,
            377e3,
            0.31,
        ),
        ("demand.referrals_per_month", 331e3, 366e3, 0.26),
        (
            "options.in_house_specialists.recruitment.months_to_fill",
            366e3,
            344e3,
            -0.17,
        ),
        ("inflation.pay", 345e3, 359e3, 0.11),
        (
            "options.in_house_specialists.overheads.rate",
            348e3,
            357e3,
            0.07,
        ),
        ("outcomes.completion.drop_off", 350e3, 355e3, 0.04),
        ("discount_rate", 351e3, 353e3, -0.02),
    ];

    fn swing_bars() -> Vec<TornadoBar> {
        INPUTS
            .iter()
            .map(|&(label, low, high, _)| TornadoBar {
                label: label.to_owned(),
                low,
                high,
            })
            .collect()
    }

    fn rank_bars() -> Vec<TornadoBar> {
        INPUTS
            .iter()
            .map(|&(label, _, _, rho)| TornadoBar {
                label: label.to_owned(),
                low: 0.0,
                high: rho,
            })
            .collect()
    }

    /// Willingness to pay per completion, £0 to £20,000 in steps of £1,000.
    fn lambdas() -> Vec<f64> {
        (0..=20).map(|i| f64::from(i) * 1e3).collect()
    }

    /// P(highest net benefit) per λ and option: a softmax of the mean net benefits, λ × effect −
    /// cost, for `options` options cycling through four realistic ones.
    fn acceptability(grid: &[f64], options: usize) -> Vec<Vec<f64>> {
        let effect = [37.0, 45.0, 25.0, 8.0];
        let cost = [360e3, 290e3, 160e3, 112e3];
        grid.iter()
            .map(|&l| {
                let spread = 30e3 + 6.0 * l;
                let weights: Vec<f64> = (0..options)
                    .map(|o| ((l * effect[o % 4] - cost[o % 4]) / spread).exp())
                    .collect();
                let total: f64 = weights.iter().sum();
                weights.iter().map(|w| w / total).collect()
            })
            .collect()
    }

    /// Differences from option 4 (carry on as now), per iteration: (effect, cost £) for
    /// options 1 to 3.
    fn increments(n: usize) -> Vec<(Vec<f64>, Vec<f64>)> {
        let data = iterations(n);
        let (base_cost, base_done) = &data[3];
        data[..3]
            .iter()
            .map(|(cost, done)| {
                (
                    done.iter().zip(base_done).map(|(a, b)| a - b).collect(),
                    cost.iter().zip(base_cost).map(|(a, b)| a - b).collect(),
                )
            })
            .collect()
    }

    /// A sweep of the price per place from £1,500 to £3,500: (values, P(over budget),
    /// P(best)), probabilities [value][option] for `options` options.
    fn sweep_data(options: usize) -> (Vec<f64>, Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let values: Vec<f64> = (0..9).map(|i| 1500.0 + 250.0 * f64::from(i)).collect();
        let over: Vec<Vec<f64>> = values
            .iter()
            .map(|&v| {
                let t = (v - 1500.0) / 2000.0;
                (0..options)
                    .map(|o| match o % 4 {
                        0 => 0.62,
                        1 => 0.08 + 0.8 * t * t,
                        2 => 0.15,
                        _ => 0.02,
                    })
                    .collect()
            })
            .collect();
        let best: Vec<Vec<f64>> = values
            .iter()
            .map(|&v| {
                let t = (v - 1500.0) / 2000.0;
                let shares = [
                    0.2 + 0.35 * t,
                    0.7 - 0.6 * t,
                    0.1 + 0.22 * t,
                    0.0 + 0.03 * t,
                ];
                (0..options)
                    .map(|o| shares[o % 4] / options.div_ceil(4) as f64)
                    .collect()
            })
            .collect();
        (values, over, best)
    }

    /// The four sensitivity and cost-effectiveness charts for `names` (cycling through four
    /// realistic options; the plane leaves out the baseline, the last of every four).
    fn more_charts(names: &[&str], n: usize) -> Vec<Chart> {
        let names: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        let grid = lambdas();
        let increments = increments(n);
        let plane: Vec<PlaneSeries<'_>> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 4 != 3)
            .map(|(i, name)| {
                let (effect, cost) = &increments[i % 4];
                PlaneSeries {
                    name,
                    delta_effect: effect,
                    delta_cost: cost,
                }
            })
            .collect();
        let (values, over, best) = sweep_data(names.len());
        vec![
            tornado(
                "What moves the total cost",
                "Total cost over the horizon",
                352e3,
                &swing_bars(),
                true,
            ),
            ceac(
                "completion",
                &grid,
                &acceptability(&grid, names.len()),
                &names,
                Some(8e3),
            ),
            ce_plane("completion", &plane, Some(8e3), 600),
            sweep(
                "options.commissioned_programme.price.per_place (£)",
                &values,
                &names,
                &over,
                &best,
            ),
        ]
    }

    /// Checks that `svg` is well-formed XML of the kind plotters writes (elements, attributes
    /// in double quotes, text, the five predefined entities), and returns its text nodes
    /// (trimmed, entities decoded) and element names. Enough to catch broken markup without an
    /// XML parser among the dependencies.
    fn parse(svg: &str) -> (Vec<String>, Vec<String>) {
        let decode = |s: &str| -> String {
            let mut out = String::new();
            let mut rest = s;
            while let Some(at) = rest.find('&') {
                out.push_str(&rest[..at]);
                let end = rest[at..].find(';').expect("unterminated entity") + at;
                out.push(match &rest[at + 1..end] {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unknown entity &{other};"),
                });
                rest = &rest[end + 1..];
            }
            out.push_str(rest);
            out
        };
        assert!(svg.starts_with("<svg "), "must start with the root element");
        let (mut stack, mut texts, mut names) = (Vec::<String>::new(), Vec::new(), Vec::new());
        let mut rest = svg;
        while !rest.is_empty() {
            let Some(open) = rest.find('<') else {
                assert!(rest.trim().is_empty(), "text after the root: {rest:?}");
                break;
            };
            let text = &rest[..open];
            assert!(!text.contains('>'), "stray '>' in text {text:?}");
            if !text.trim().is_empty() {
                assert!(!stack.is_empty(), "text outside the root");
                texts.push(decode(text.trim()));
            }
            let close = open + rest[open..].find('>').expect("unclosed tag");
            let tag = &rest[open + 1..close];
            assert!(
                !tag.starts_with('?') && !tag.starts_with('!'),
                "declarations are not allowed: {tag}"
            );
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "mismatched end tag");
            } else {
                let self_closing = tag.ends_with('/');
                let tag = tag.trim_end_matches('/');
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                assert!(!name.is_empty(), "bad tag {tag:?}");
                // Attributes: name="value" pairs, values free of '<' and '"', entities valid.
                let mut attrs = tag[name.len()..].trim();
                while !attrs.is_empty() {
                    let eq = attrs
                        .find("=\"")
                        .unwrap_or_else(|| panic!("bad attributes {attrs:?}"));
                    let key = &attrs[..eq];
                    assert!(
                        key.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'),
                        "bad attribute name {key:?}"
                    );
                    let end = attrs[eq + 2..].find('"').expect("unterminated attribute") + eq + 2;
                    let value = &attrs[eq + 2..end];
                    assert!(!value.contains('<'), "'<' in attribute {key}");
                    decode(value);
                    attrs = attrs[end + 1..].trim_start();
                }
                if stack.is_empty() {
                    assert!(names.is_empty(), "more than one root element");
                }
                names.push(name.clone());
                if !self_closing {
                    stack.push(name);
                }
            }
            rest = &rest[close + 1..];
        }
        assert!(stack.is_empty(), "unclosed elements {stack:?}");
        (texts, names)
    }

    /// The SVG's text, as one string per `<text>` and `<title>`.
    fn words(chart: &Chart) -> Vec<String> {
        parse(&chart.svg).0
    }

    fn check_embeddable(chart: &Chart) {
        let svg = &chart.svg;
        parse(svg);
        let root = &svg[..svg.find('>').expect("root tag")];
        for attribute in [
            "viewBox=\"0 0 760 ",
            "width=\"100%\"",
            "role=\"img\"",
            "aria-label=\"",
        ] {
            assert!(root.contains(attribute), "root lacks {attribute}: {root}");
        }
        for banned in [
            "<?xml",
            "<!DOCTYPE",
            "<script",
            "href",
            "url(",
            "<image",
            "@import",
            "<style",
        ] {
            assert!(!svg.contains(banned), "SVG contains {banned}");
        }
        assert!(!chart.alt.is_empty() && !chart.title.is_empty());
    }

    #[test]
    fn each_chart_is_embeddable_svg_with_title_axes_and_every_option() {
        let charts = all_charts(&NAMES, 5_000);
        let axes = [
            [
                "Total cost over the horizon (£ thousands)",
                "Share of iterations (%)",
            ],
            ["Financial year", "Cash (£ thousands)"],
            ["Completing", "People over the horizon"],
            [
                "Total cost over the horizon (£ thousands)",
                "People completing",
            ],
        ];
        for (chart, axes) in charts.iter().zip(axes) {
            check_embeddable(chart);
            let texts = words(chart);
            assert!(texts.contains(&chart.title), "{} missing", chart.title);
            for axis in axes {
                assert!(
                    texts.iter().any(|t| t == axis),
                    "{}: axis label {axis} missing",
                    chart.title
                );
            }
            for name in NAMES {
                assert!(
                    texts.iter().any(|t| t == name),
                    "{}: legend lacks {name}",
                    chart.title
                );
                assert!(
                    chart.alt.contains(name),
                    "{}: alt lacks {name}",
                    chart.title
                );
            }
        }
    }

    #[test]
    fn alt_text_states_the_key_numbers() {
        let charts = all_charts(&NAMES[..1], 20_000);
        let data = &iterations(20_000)[0].0;
        let mut sorted = data.clone();
        sorted.sort_by(f64::total_cmp);
        let q = |p: f64| money_short(sorted[((sorted.len() - 1) as f64 * p).round() as usize]);
        let expected = format!(
            "{}: median {}, 80% between {} and {}",
            NAMES[0],
            q(0.5),
            q(0.1),
            q(0.9)
        );
        assert!(charts[0].alt.contains(&expected), "{}", charts[0].alt);
        assert!(
            charts[1].alt.contains("annual budget of £100k"),
            "{}",
            charts[1].alt
        );
        assert!(
            charts[1]
                .alt
                .contains("median highest in 2027/28 at £120k, over the budget in 2 of 3 years"),
            "{}",
            charts[1].alt
        );
        assert!(
            charts[2]
                .alt
                .contains("57 engaged (45 to 70) and 37 completing (28 to 46)"),
            "{}",
            charts[2].alt
        );
        assert!(charts[3].alt.contains("median cost £"), "{}", charts[3].alt);
    }

    #[test]
    fn option_names_are_text_never_markup() {
        let evil = "<script>alert(1)</script> & co";
        let charts = all_charts(&[evil, "Tom's \"best\" option"], 500);
        for chart in &charts {
            check_embeddable(chart);
            assert!(!chart.svg.contains("<script"), "{}", chart.title);
            assert!(
                chart
                    .svg
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
                "{}",
                chart.title
            );
            let texts = words(chart);
            assert!(texts.iter().any(|t| t == evil), "{}", chart.title);
            assert!(
                texts.iter().any(|t| t == "Tom's \"best\" option"),
                "{}",
                chart.title
            );
            // The alt text is plain text; it is escaped in the aria-label.
            assert!(chart.alt.contains(evil));
            let label = format!("aria-label=\"{}\"", escape(&chart.alt));
            assert!(chart.svg.contains(&label), "{}", chart.title);
            assert!(
                label.contains("&lt;script&gt;") && label.contains("Tom&apos;s &quot;best&quot;")
            );
        }
    }

    #[test]
    fn same_inputs_give_identical_svg() {
        let a = all_charts(&NAMES, 3_000);
        let b = all_charts(&NAMES, 3_000);
        assert_eq!(a, b);
        let other = all_charts(&NAMES, 3_001);
        assert_ne!(a[0].svg, other[0].svg, "the test data must reach the chart");
    }

    #[test]
    fn nothing_to_show_still_gives_a_chart() {
        let charts = [
            cost_distribution(&[]),
            cash_by_year(&[], &[], None),
            people(&[]),
            cost_vs_completions(&[], 100),
        ];
        for chart in &charts {
            check_embeddable(chart);
            assert!(
                words(chart).iter().any(|t| t == "No data to chart"),
                "{}",
                chart.title
            );
            assert!(chart.alt.ends_with("no options to show."), "{}", chart.alt);
        }
    }

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
        let chart = cost_distribution(&series);
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

        let only_equal = cost_distribution(&[CostSeries {
            name: "Fixed",
            values: &[5e4; 10],
        }]);
        check_embeddable(&only_equal);
        assert!(only_equal.alt.contains("Fixed: £50k in every iteration"));

        let nan_only = cost_distribution(&[CostSeries {
            name: "NaN",
            values: &[f64::NAN; 4],
        }]);
        check_embeddable(&nan_only);
        assert!(words(&nan_only).iter().any(|t| t == "No data to chart"));
    }

    #[test]
    fn cash_copes_with_gaps_short_series_and_no_budget() {
        let years: Vec<String> = (2025..2045)
            .map(|y| format!("{y}/{:02}", (y + 1) % 100))
            .collect();
        let series = vec![
            CashSeries {
                name: "Short".into(),
                p10: vec![1.0],
                p50: vec![2.0],
                p90: vec![3.0],
            },
            CashSeries {
                name: "Gappy".into(),
                p10: (0..20)
                    .map(|i| if i == 5 { f64::NAN } else { 4e4 })
                    .collect(),
                p50: (0..20)
                    .map(|i| if i == 7 { f64::NAN } else { 5e4 })
                    .collect(),
                p90: vec![6e4; 25],
            },
            CashSeries {
                name: "Nothing".into(),
                p10: vec![],
                p50: vec![],
                p90: vec![],
            },
        ];
        let chart = cash_by_year(&years, &series, None);
        check_embeddable(&chart);
        let texts = words(&chart);
        assert!(texts.iter().any(|t| t == "Nothing (no data)"));
        assert!(!texts.iter().any(|t| t.starts_with("Annual budget")));
        // Twenty labels of seven characters do not fit side by side: some are left out.
        let shown = years.iter().filter(|y| texts.contains(y)).count();
        assert!((5..20).contains(&shown), "{shown} year labels");
        assert!(
            chart.alt.contains("Short: median highest in 2025/26 at £2"),
            "{}",
            chart.alt
        );

        let single = cash_by_year(&years[..1], &series[..1], Some(f64::NAN));
        check_embeddable(&single);
        let budget_only = cash_by_year(&years[..2], &[], Some(5e4));
        check_embeddable(&budget_only);
        assert!(
            words(&budget_only)
                .iter()
                .any(|t| t == "Annual budget £50k")
        );
    }

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
            let chart = cost_vs_completions(&series, max);
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
        let chart = cost_vs_completions(&uneven, 10);
        check_embeddable(&chart);
        assert_eq!(chart.svg.matches("r=\"2\"").count(), 1);
        let equal = [CloudSeries {
            name: "Still",
            cost: &[0.0; 50],
            completions: &[0.0; 50],
        }];
        check_embeddable(&cost_vs_completions(&equal, 10));
    }

    #[test]
    fn many_options_cycle_the_palette_and_fit_the_legend() {
        let names: Vec<String> = (1..=11)
            .map(|i| format!("Option {i}: a somewhat long description of the option"))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        for chart in all_charts(&names, 1_000) {
            check_embeddable(&chart);
            let texts = words(&chart);
            for name in &names {
                assert!(texts.iter().any(|t| t == name), "{}: {name}", chart.title);
            }
        }
        assert_eq!(colour(8), colour(0));
        // A label too long for one line is wrapped, not cut.
        let long = "word ".repeat(60);
        let layout = LegendLayout::new(&[Entry::new(long.trim().to_owned(), Swatch::Dot(INK))]);
        assert_eq!(layout.lines[0].join(" "), long.trim());
        assert!(layout.lines[0].len() > 1);
    }

    /// The y coordinate of the `<text>` element that says `content` (free of markup).
    fn text_y(svg: &str, content: &str) -> i32 {
        let at = svg
            .find(&format!(">\n{content}\n</text>"))
            .unwrap_or_else(|| panic!("no text {content}"));
        let tag = &svg[svg[..at].rfind("<text").expect("text tag")..at];
        let y = &tag[tag.find(" y=\"").expect("y") + 4..];
        y[..y.find('"').expect("end of y")]
            .parse()
            .expect("a whole number")
    }

    /// Whether `shown` is `full` or a tail of it after "…".
    fn shows(shown: &str, full: &str) -> bool {
        shown == full
            || shown
                .strip_prefix('…')
                .is_some_and(|tail| !tail.is_empty() && full.ends_with(tail))
    }

    #[test]
    fn sensitivity_and_ce_charts_are_embeddable_with_axes_and_names() {
        let charts = more_charts(&NAMES, 5_000);
        let axes = [
            ["Total cost over the horizon", "£350k"],
            [
                "Willingness to pay, λ (£ per completion)",
                "Probability best (%)",
            ],
            [
                "Incremental effect (completion)",
                "Incremental cost (£ thousands)",
            ],
            [
                "options.commissioned_programme.price.per_place (£)",
                "Probability (%)",
            ],
        ];
        for (chart, axes) in charts.iter().zip(axes) {
            check_embeddable(chart);
            let texts = words(chart);
            assert!(texts.contains(&chart.title), "{} missing", chart.title);
            for axis in axes {
                assert!(texts.iter().any(|t| t == axis), "{}: {axis}", chart.title);
            }
        }
        // The tornado: every input's label, whole or its tail, top to bottom as given.
        let texts = words(&charts[0]);
        let rows: Vec<i32> = INPUTS
            .iter()
            .map(|(label, ..)| {
                let shown = texts
                    .iter()
                    .find(|t| shows(t, label))
                    .unwrap_or_else(|| panic!("{label} not among {texts:?}"));
                text_y(&charts[0].svg, shown)
            })
            .collect();
        assert!(rows.windows(2).all(|w| w[0] < w[1]), "{rows:?}");
        assert!(texts.iter().any(|t| t == "discount_rate"));
        assert!(
            texts
                .iter()
                .any(|t| t == "…in_house_specialists.capacity.caseload")
        );
        assert!(texts.iter().any(|t| t == "Base £352k"));
        for (label, ..) in &INPUTS[..5] {
            assert!(charts[0].alt.contains(label), "{}", charts[0].alt);
        }
        // Options: all four on the acceptability curve and the sweep, the baseline (the
        // fourth) not on the plane.
        for (chart, names) in [
            (&charts[1], &NAMES[..]),
            (&charts[2], &NAMES[..3]),
            (&charts[3], &NAMES[..]),
        ] {
            let texts = words(chart);
            for name in names {
                assert!(texts.iter().any(|t| t == name), "{}: {name}", chart.title);
                assert!(
                    chart.alt.contains(name),
                    "{}: alt lacks {name}",
                    chart.title
                );
            }
        }
        assert!(!charts[2].alt.contains(NAMES[3]));
        let legend = words(&charts[3]);
        for entry in [
            "Solid: probability of going over budget",
            "Dashed: probability of being best",
        ] {
            assert!(legend.iter().any(|t| t == entry), "{entry}");
        }
    }

    #[test]
    fn sensitivity_and_ce_alt_texts_state_the_key_numbers() {
        let charts = more_charts(&NAMES, 20_000);
        let alt = &charts[0].alt;
        assert!(
            alt.starts_with("What moves the total cost, around a base of £352k. "),
            "{alt}"
        );
        assert!(
            alt.contains(
                "options.in_house_specialists.capacity.caseload: £412k at the low end, \
                 £318k at the high end"
            ),
            "{alt}"
        );
        assert!(alt.ends_with("; and 4 more inputs."), "{alt}");

        let rank = tornado("Rank", "Rank correlation", 0.0, &rank_bars(), false);
        check_embeddable(&rank);
        assert!(
            rank.alt
                .contains("options.in_house_specialists.capacity.caseload: −0.58; "),
            "{}",
            rank.alt
        );
        let texts = words(&rank);
        assert!(texts.iter().any(|t| t == "0.47") && texts.iter().any(|t| t == "−0.02"));
        assert!(
            texts
                .iter()
                .any(|t| t == "Negative: the result falls as the input rises")
        );
        assert!(!texts.iter().any(|t| t.starts_with("Base")));

        // At λ = £8,000 (the ninth grid point) option 2 is most likely to be best.
        let grid = lambdas();
        let p = &acceptability(&grid, 4)[8];
        let alt = &charts[1].alt;
        assert!(
            alt.contains(&format!(
                "the analysis uses £8,000 per completion, where {} is most likely to be best ({} at £8,000)",
                NAMES[1],
                pct(p[1])
            )),
            "{alt}"
        );
        assert!(
            alt.contains(&format!(
                "{}: {} at £0, ",
                NAMES[3],
                pct(acceptability(&grid, 4)[0][3])
            )),
            "{alt}"
        );

        // Means over every iteration, and the share below the line.
        let (effect, cost) = &increments(20_000)[1];
        let n = effect.len() as f64;
        let (e, c) = (effect.iter().sum::<f64>() / n, cost.iter().sum::<f64>() / n);
        let below = effect
            .iter()
            .zip(cost)
            .filter(|(e, c)| 8e3 * **e > **c)
            .count();
        let expected = format!(
            "{}: mean incremental effect +{}, cost +{} ({} per completion); cost-effective in {} of iterations",
            NAMES[1],
            figure(e),
            money_short(c),
            money(c / e),
            pct(below as f64 / n)
        );
        assert!(
            charts[2].alt.contains(&expected),
            "{}\n{expected}",
            charts[2].alt
        );

        let alt = &charts[3].alt;
        assert!(
            alt.contains(
                "as options.commissioned_programme.price.per_place (£) goes from 1,500 to 3,500"
            ),
            "{alt}"
        );
        assert!(
            alt.contains(&format!(
                "{}: over budget 8% at 1,500 and 88% at 3,500; best 70% at 1,500 and 10% at 3,500",
                NAMES[1]
            )),
            "{alt}"
        );
    }

    #[test]
    fn sensitivity_and_ce_charts_escape_user_text() {
        let evil = "<script>alert(1)</script> & co";
        let tom = "Tom's \"best\" option";
        let mut charts = more_charts(&[evil, tom], 500);
        // The first, a tornado, shows no option names.
        charts.remove(0);
        let bars = [TornadoBar {
            label: evil.to_owned(),
            low: 1.0,
            high: 2.0,
        }];
        charts.push(tornado(evil, tom, 1.5, &bars, false));
        charts.push(ceac(
            evil,
            &[0.0, 1.0],
            &[vec![0.5], vec![0.6]],
            &[tom.into()],
            Some(0.5),
        ));
        charts.push(sweep(
            evil,
            &[1.0, 2.0],
            &[tom.into()],
            &[vec![0.1]],
            &[vec![0.2]],
        ));
        for chart in &charts {
            check_embeddable(chart);
            assert!(!chart.svg.contains("<script"), "{}", chart.title);
            assert!(
                chart
                    .svg
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
                "{}",
                chart.title
            );
            let texts = words(chart);
            assert!(texts.iter().any(|t| t.contains(evil)), "{}", chart.title);
            assert!(
                chart.alt.contains(evil) || chart.alt.contains(tom),
                "{}",
                chart.alt
            );
            let label = format!("aria-label=\"{}\"", escape(&chart.alt));
            assert!(chart.svg.contains(&label), "{}", chart.title);
        }
        assert!(words(&charts[3]).iter().any(|t| t == tom));
    }

    #[test]
    fn sensitivity_and_ce_charts_are_deterministic() {
        let a = more_charts(&NAMES, 3_000);
        let b = more_charts(&NAMES, 3_000);
        assert_eq!(a, b);
        let other = more_charts(&NAMES, 3_001);
        assert_ne!(a[2].svg, other[2].svg, "the test data must reach the chart");
    }

    /// Whether the chart says it has nothing to draw.
    fn says_no_data(chart: &Chart) -> bool {
        words(chart).iter().any(|t| t == "No data to chart")
    }

    #[test]
    fn tornado_copes_with_odd_bars() {
        let empty = tornado("Nothing", "Cost", 100.0, &[], true);
        check_embeddable(&empty);
        assert!(says_no_data(&empty));
        assert!(empty.alt.ends_with("no options to show."), "{}", empty.alt);

        let bar = |label: &str, low: f64, high: f64| TornadoBar {
            label: label.to_owned(),
            low,
            high,
        };
        let odd = [
            bar("both ends NaN", f64::NAN, f64::NAN),
            bar("low end NaN", f64::NAN, 120e3),
            bar("infinite", f64::INFINITY, 90e3),
            bar("no swing", 100e3, 100e3),
            bar("negative", -40e3, -250e3),
        ];
        let chart = tornado("Odd", "Net benefit", 100e3, &odd, true);
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
        let no_base = tornado("No base", "Cost", f64::NAN, &odd, true);
        check_embeddable(&no_base);
        assert!(
            words(&no_base)
                .iter()
                .any(|t| t == "From the input's low end to its high end")
        );
        for all_nan in [
            tornado("NaN", "Cost", f64::NAN, &odd[..1], false),
            tornado("NaN", "Cost", 5.0, &odd[..1], false),
        ] {
            check_embeddable(&all_nan);
            assert!(says_no_data(&all_nan));
        }
        // Everything equal, and a single bar.
        let flat = tornado("Flat", "Cost", 0.0, &[bar("flat", 0.0, 0.0)], false);
        check_embeddable(&flat);
        let single = tornado("One", "Cost", 50.0, &[bar("one", 40.0, 65.0)], false);
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
        let chart = tornado("Ranks", "Rank correlation", 0.0, &ranks, false);
        check_embeddable(&chart);
        assert_eq!(chart.alt, "Ranks. constant: no data; rising: 0.5.");
        assert!(words(&chart).iter().any(|t| t == "no data"));

        // Both ends below the base: one value, at the far end; none at the base.
        let below = tornado("Below", "Cost", 101.0, &[bar("below", 60.0, 85.0)], false);
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
        let chart = tornado("Many", "Cost", 100.0, &many, false);
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
        let chart = tornado("Long", "Cost", 0.0, &[bar(&long, -1.0, 1.0)], false);
        let texts = words(&chart);
        let shown = texts
            .iter()
            .find(|t| t.starts_with('…'))
            .expect("shortened label");
        assert!(shows(shown, &long) && shown.ends_with("tail"), "{shown}");
        assert!(text_width(shown, 11.5) <= BAR_LABELS);
    }

    #[test]
    fn ceac_copes_with_gaps_odd_grids_and_no_data() {
        let names: Vec<String> = ["A", "B", "Missing"].map(String::from).to_vec();
        let empty = ceac("completion", &[], &[], &[], None);
        check_embeddable(&empty);
        assert!(says_no_data(&empty));
        let no_rows = ceac("completion", &[0.0, 1e3], &[], &names, Some(f64::NAN));
        check_embeddable(&no_rows);
        assert!(says_no_data(&no_rows));
        assert!(no_rows.alt.contains("A: no data"), "{}", no_rows.alt);

        // Unsorted, with a NaN λ, ragged rows, NaN and out-of-range probabilities.
        let grid = [2e3, f64::NAN, 0.0, 1e3, 3e3];
        let probability = vec![
            vec![0.7, 0.3],
            vec![0.5, 0.5],
            vec![1.5, -0.2],
            vec![f64::NAN, 0.6],
            vec![0.9],
        ];
        let chart = ceac("completion", &grid, &probability, &names, Some(1e4));
        check_embeddable(&chart);
        let texts = words(&chart);
        assert!(texts.iter().any(|t| t == "Missing (no data)"));
        assert!(texts.iter().any(|t| t == "λ = £10,000"), "{texts:?}");
        assert!(
            texts.iter().any(|t| t == "£10k"),
            "the axis reaches the mark: {texts:?}"
        );
        assert!(
            chart.alt.contains("A: 100% at £0, 90% at £3,000"),
            "{}",
            chart.alt
        );
        assert!(
            chart.alt.contains("B: 0% at £0, 30% at £2,000"),
            "{}",
            chart.alt
        );
        // One λ only: dots, no lines.
        let single = ceac(
            "completion",
            &[5e3],
            &[vec![0.4, 0.6]],
            &names[..2],
            Some(5e3),
        );
        check_embeddable(&single);
        assert!(single.alt.contains("A: 40% at £5,000;"), "{}", single.alt);
        assert!(
            single
                .alt
                .contains("where B is most likely to be best (60% at £5,000)")
        );
    }

    #[test]
    fn ce_plane_thins_and_copes_with_odd_series() {
        let data = increments(10_000);
        let series: Vec<PlaneSeries<'_>> = NAMES[..3]
            .iter()
            .zip(&data)
            .map(|(name, (e, c))| PlaneSeries {
                name,
                delta_effect: e,
                delta_cost: c,
            })
            .collect();
        for max in [0, 1, 7, 600, 10_000, 50_000] {
            let chart = ce_plane("completion", &series, None, max);
            check_embeddable(&chart);
            let dots = chart.svg.matches("r=\"2\"").count();
            let expected = if max == 0 {
                0
            } else {
                3 * 10_000usize.div_ceil(10_000usize.div_ceil(max))
            };
            assert_eq!(dots, expected, "max_points {max}");
        }

        let empty = ce_plane("completion", &[], Some(1e4), 100);
        check_embeddable(&empty);
        assert!(says_no_data(&empty));
        let zeros = [0.0; 50];
        let negative: Vec<f64> = (0..100).map(|i| -f64::from(i) - 1.0).collect();
        let costs: Vec<f64> = (0..100).map(|i| -2e3 * f64::from(i) + 5e4).collect();
        let nan = [f64::NAN; 10];
        let odd = [
            PlaneSeries {
                name: "Nothing",
                delta_effect: &[],
                delta_cost: &[],
            },
            PlaneSeries {
                name: "Same as baseline",
                delta_effect: &zeros,
                delta_cost: &zeros,
            },
            PlaneSeries {
                name: "Worse and cheaper",
                delta_effect: &negative,
                delta_cost: &costs,
            },
            PlaneSeries {
                name: "Undefined",
                delta_effect: &nan,
                delta_cost: &zeros,
            },
            PlaneSeries {
                name: "One",
                delta_effect: &[2.0, 3.0],
                delta_cost: &[-1e3],
            },
        ];
        for lambda in [None, Some(2e4), Some(0.0), Some(-5e3), Some(f64::NAN)] {
            let chart = ce_plane("completion", &odd, lambda, 30);
            check_embeddable(&chart);
            assert!(!says_no_data(&chart));
            let texts = words(&chart);
            for name in ["Nothing (no data)", "Undefined (no data)", "One"] {
                assert!(texts.iter().any(|t| t == name), "{name}");
            }
        }
        let chart = ce_plane("completion", &odd, Some(2e4), 30);
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
        let nan_only = ce_plane("completion", &odd[3..4], None, 10);
        check_embeddable(&nan_only);
        assert!(says_no_data(&nan_only));
    }

    #[test]
    fn sweep_copes_with_odd_values_and_gaps() {
        let names: Vec<String> = ["A", "B"].map(String::from).to_vec();
        let empty = sweep("x", &[], &[], &[], &[]);
        check_embeddable(&empty);
        assert!(says_no_data(&empty));
        let no_rows = sweep("x", &[1.0, 2.0], &names, &[], &[]);
        check_embeddable(&no_rows);
        assert!(says_no_data(&no_rows));
        assert!(no_rows.alt.contains("A: no data"), "{}", no_rows.alt);

        let single = sweep("x", &[0.25], &names, &[vec![0.1, 0.2]], &[vec![0.6, 0.4]]);
        check_embeddable(&single);
        assert!(
            single
                .alt
                .contains("A: over budget 10% at 0.25; best 60% at 0.25"),
            "{}",
            single.alt
        );

        // Out of order, with a NaN value: spaced evenly in the order given.
        let values = [3.0, 1.0, f64::NAN, 2.0];
        let rows = |p: f64| vec![vec![p, f64::NAN]; 3];
        let chart = sweep("x", &values, &names, &rows(0.5), &rows(1.0));
        check_embeddable(&chart);
        let texts = words(&chart);
        let ticks: Vec<usize> = ["3", "1", "n/a", "2"]
            .iter()
            .map(|t| {
                texts
                    .iter()
                    .position(|s| s == t)
                    .unwrap_or_else(|| panic!("{t}: {texts:?}"))
            })
            .collect();
        assert!(ticks.windows(2).all(|w| w[0] < w[1]), "{ticks:?}");
        assert!(
            chart
                .alt
                .contains("A: over budget 50% at 3 and 50% at n/a; best 100% at 3"),
            "{}",
            chart.alt
        );
        assert!(texts.iter().any(|t| t == "B (no data)"));

        // Falling values are spaced as numbers; many values are labelled sparsely.
        let falling: Vec<f64> = (0..200).map(|i| 1e5 - 400.0 * f64::from(i)).collect();
        let rows: Vec<Vec<f64>> = (0..200).map(|i| vec![f64::from(i) / 200.0; 2]).collect();
        let chart = sweep("options.a.budget", &falling, &names, &rows, &rows);
        check_embeddable(&chart);
        assert!(!chart.svg.contains("r=\"3\""), "no markers on 200 points");
        let texts = words(&chart);
        assert!(texts.iter().any(|t| t == "100,000"), "{texts:?}");
        let equal = sweep("x", &[5.0; 4], &names, &rows, &rows);
        check_embeddable(&equal);
    }

    #[test]
    fn labels_ticks_and_figures_read_well() {
        let path = "options.in_house_specialists.capacity.caseload";
        assert_eq!(fit_tail(path, 1000.0, 11.5), path);
        let short = fit_tail(path, BAR_LABELS, 11.5);
        assert_eq!(short, "…in_house_specialists.capacity.caseload");
        assert!(text_width(&short, 11.5) <= BAR_LABELS);
        assert_eq!(fit_tail(path, 80.0, 11.5), "…caseload");
        assert!(shows(&fit_tail(path, 40.0, 11.5), path));
        assert_eq!(fit_tail(path, 1.0, 11.5), "…");
        assert_eq!(fit_tail("", 0.0, 11.5), "");

        let ticks = |lo: f64, hi: f64, money: bool| {
            let axis = Axis::nice(lo, hi, 6, false);
            let f = money_ticks(&axis, money);
            axis.ticks.iter().map(&f).collect::<Vec<_>>()
        };
        assert_eq!(
            ticks(0.0, 20e3, true),
            ["£0", "£5k", "£10k", "£15k", "£20k"]
        );
        assert_eq!(ticks(-50e3, 25e3, true)[0], "−£50k");
        assert_eq!(ticks(0.0, 2e3, true)[1], "£500");
        assert_eq!(
            ticks(1e6, 3e6, true),
            ["£1.0m", "£1.5m", "£2.0m", "£2.5m", "£3.0m"]
        );
        assert_eq!(ticks(-1.0, 1.0, false)[0], "−1.0");
        assert_eq!(figure(0.052_34), "0.0523");
        assert_eq!(figure(12.34), "12.3");
        assert_eq!(figure(1234.6), "1,235");
        assert_eq!(figure(-4.0), "−4");
        assert_eq!(figure(f64::NAN), "n/a");
        assert_eq!(signed(2.5), "+2.5");
        assert_eq!(signed(0.0), "0");
    }

    /// Type-7 quantiles of a sorted slice, the textbook way.
    fn reference(sorted: &[f64], p: f64) -> f64 {
        let h = (sorted.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let frac = h - h.floor();
        if frac == 0.0 || sorted[lo + 1] == sorted[lo] {
            sorted[lo]
        } else {
            sorted[lo] + frac * (sorted[lo + 1] - sorted[lo])
        }
    }

    #[test]
    fn bucketed_quantiles_equal_sorted_quantiles() {
        let ps = [0.0, 0.001, 0.1, 0.25, 0.5, 0.9, 0.999, 1.0];
        let mut rng = Rng(7);
        let samples: Vec<Vec<f64>> = vec![
            vec![3.0],
            vec![2.0, 1.0],
            (0..1001).map(|_| rng.triangular(0.0, 1.0, 10.0)).collect(),
            (0..5000).map(|_| (rng.next() * 5.0).floor()).collect(),
            // A long tail puts almost everything in the first bucket.
            (0..5000)
                .map(|_| (1.0 / (rng.next() + 1e-9)).powi(3))
                .collect(),
            (0..300)
                .map(|i| if i % 4 == 0 { f64::NAN } else { -f64::from(i) })
                .collect(),
            vec![-1e308, 1e308, 0.0, 1.0, f64::INFINITY],
        ];
        for values in samples {
            let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
            sorted.sort_by(f64::total_cmp);
            let (n, lo, hi) = extremes(&values).expect("finite values");
            assert_eq!((n, lo, hi), (sorted.len(), sorted[0], sorted[n - 1]));
            let expected: Vec<u64> = ps
                .iter()
                .map(|&p| reference(&sorted, p).to_bits())
                .collect();
            let mid = sorted[n / 2];
            let grids = [
                Grid::new(lo, hi, BUCKETS),
                // Most values outside the grid, or all in one bucket: still exact.
                Grid::new(mid, mid + (hi - lo) / 100.0, 7),
                Grid::new(mid, mid, 10),
                Grid::new(lo - 1e300, hi + 1e300, 3),
            ];
            // With the sample, without it, and with a sample of other values.
            let hints = [sample(&values), Vec::new(), vec![hi, hi]];
            for grid in grids {
                for hint in &hints {
                    let b = Binned::of(&values, &ps, grid, hint).expect("finite values");
                    assert_eq!(b.n, n);
                    assert_eq!(b.counts.iter().sum::<usize>(), n);
                    let got: Vec<u64> = b.quantiles.iter().map(|q| q.to_bits()).collect();
                    assert_eq!(got, expected, "{grid:?}, n = {n}, hint {}", hint.len());
                }
            }
            let exact = Binned::exact(&values, &ps).expect("finite values");
            let got: Vec<u64> = exact.quantiles.iter().map(|q| q.to_bits()).collect();
            assert_eq!(got, expected);
            let median = median(&values).expect("finite values");
            assert_eq!(median.to_bits(), reference(&sorted, 0.5).to_bits());
        }
        let nothing = [f64::NAN, f64::INFINITY];
        assert_eq!(
            Binned::of(&nothing, &[0.5], Grid::new(0.0, 1.0, 4), &[]),
            None
        );
        assert_eq!(Binned::exact(&nothing, &[0.5]), None);
        assert_eq!(median(&nothing), None);
        assert_eq!(extremes(&[]), None);
    }

    #[test]
    fn quantiles_stay_exact_when_the_sample_misleads() {
        // Every 10th value, which the sample takes, is 0; the rest climb. The sample's
        // brackets miss the true quantiles and the exact fallback answers.
        let values: Vec<f64> = (0..SAMPLE * 10)
            .map(|i| if i % 10 == 0 { 0.0 } else { i as f64 })
            .collect();
        assert!(sample(&values).iter().all(|&v| v == 0.0));
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let ps = [0.1, 0.5, 0.9];
        let some = sample(&values);
        let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
        let b = Binned::of(&values, &ps, Grid::new(lo, hi, 64), &some).expect("finite");
        assert_eq!(b.n, values.len());
        assert_eq!(b.quantiles, ps.map(|p| reference(&sorted, p)).to_vec());
        assert_eq!(median(&values), Some(reference(&sorted, 0.5)));
    }

    #[test]
    fn grid_buckets_never_decrease_and_include_the_top() {
        let grid = Grid::new(0.0, 2.0, 2);
        let buckets: Vec<usize> = [-1.0, 0.0, 0.5, 1.0, 1.999, 2.0, 2.001, 1e300]
            .map(|v| grid.bucket(v))
            .to_vec();
        assert_eq!(buckets, vec![0, 1, 1, 2, 2, 2, 3, 3]);
        assert_eq!(grid.len(), 4);
        let wide = Grid::new(-1e308, 1e308, 5);
        assert_eq!((wide.bucket(-1e308), wide.bucket(1e308)), (1, 1));
    }

    #[test]
    fn axes_end_on_round_ticks() {
        let a = Axis::nice(99.2, 449.0, 7, false);
        assert_eq!((a.lo, a.hi, a.decimals), (50.0, 450.0, 0));
        assert_eq!(
            a.ticks,
            vec![50.0, 100.0, 150.0, 200.0, 250.0, 300.0, 350.0, 400.0, 450.0]
        );
        let wider = Axis::nice(99.2, 451.0, 7, false);
        assert_eq!((wider.lo, wider.hi, wider.ticks.len()), (50.0, 500.0, 10));
        let b = Axis::nice(0.0, 0.0, 5, false);
        assert_eq!((b.lo, b.hi), (0.0, 1.0));
        let c = Axis::nice(50.0, 50.0, 5, false);
        assert!(c.lo < 50.0 && c.hi > 50.0 && c.lo >= 0.0);
        let d = Axis::nice(0.013, 0.049, 4, true);
        assert_eq!((d.lo, d.decimals), (0.0, 2));
        let e = Axis::nice(f64::NAN, 3.0, 5, false);
        assert!(e.lo < e.hi);
        let f = Axis::nice(90.0, 480.0, 7, false);
        assert_eq!((f.lo, f.hi, f.ticks.len()), (50.0, 500.0, 10));
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(23.0), 25.0);
        assert_eq!(nice_step(6.6), 5.0);
        assert_eq!(nice_step(2.0), 2.0);
        assert_eq!(decimals(2.5), 1);
    }

    /// Renders the four charts with realistic data to `$CHART_PREVIEW` (default
    /// target/chart-preview) to look at: `cargo test chart_preview -- --ignored`.
    #[test]
    #[ignore = "writes files to look at"]
    fn chart_preview() {
        let dir = std::env::var("CHART_PREVIEW").unwrap_or_else(|_| "target/chart-preview".into());
        std::fs::create_dir_all(&dir).expect("preview folder");
        let files = ["cost", "cash", "people", "cloud"];
        for (chart, file) in all_charts(&NAMES, 20_000).iter().zip(files) {
            std::fs::write(format!("{dir}/{file}.svg"), &chart.svg).expect("write");
            println!("{file}: {} bytes; alt: {}", chart.svg.len(), chart.alt);
        }
        let names: Vec<String> = (1..=11)
            .map(|i| format!("Option {i}: variant {}", "x".repeat(i)))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        for (chart, file) in all_charts(&names, 2_000).iter().zip(files) {
            std::fs::write(format!("{dir}/many-{file}.svg"), &chart.svg).expect("write");
        }
        let zeros = vec![0.0; 1000];
        let data = iterations(1000);
        let edge = cost_distribution(&[
            CostSeries {
                name: "Carry on (costs nothing)",
                values: &zeros,
            },
            CostSeries {
                name: "Empty",
                values: &[],
            },
            CostSeries {
                name: NAMES[2],
                values: &data[2].0,
            },
        ]);
        std::fs::write(format!("{dir}/edge-cost.svg"), &edge.svg).expect("write");
        std::fs::write(format!("{dir}/edge-none.svg"), cost_distribution(&[]).svg).expect("write");

        let files = ["tornado", "ceac", "plane", "sweep"];
        for (chart, file) in more_charts(&NAMES, 20_000).iter().zip(files) {
            std::fs::write(format!("{dir}/{file}.svg"), &chart.svg).expect("write");
            println!("{file}: {} bytes; alt: {}", chart.svg.len(), chart.alt);
        }
        let rank = tornado(
            "What the total cost moves with",
            "Rank correlation with the total cost",
            0.0,
            &rank_bars(),
            false,
        );
        std::fs::write(format!("{dir}/rank.svg"), &rank.svg).expect("write");
        println!("rank: alt: {}", rank.alt);
        for (chart, file) in more_charts(&names[..7], 2_000).iter().zip(files) {
            std::fs::write(format!("{dir}/many-{file}.svg"), &chart.svg).expect("write");
        }
        let bar = |label: &str, low: f64, high: f64| TornadoBar {
            label: label.to_owned(),
            low,
            high,
        };
        let odd = [
            bar("both ends NaN", f64::NAN, f64::NAN),
            bar("low end NaN", f64::NAN, 120e3),
            bar("both below the base", 60e3, 85e3),
            bar("no swing", 100e3, 100e3),
            bar("negative", -40e3, -250e3),
        ];
        let edge = [
            tornado("Odd bars", "Net benefit", 100e3, &odd, true),
            tornado("No base", "Net benefit", f64::NAN, &odd, true),
        ];
        for (chart, file) in edge.iter().zip(["edge-tornado", "edge-tornado-nobase"]) {
            std::fs::write(format!("{dir}/{file}.svg"), &chart.svg).expect("write");
        }
        let values = [3.0, 1.0, f64::NAN, 2.0];
        let rows = vec![
            vec![0.5, 0.2],
            vec![0.6, 0.3],
            vec![0.55, f64::NAN],
            vec![0.7, 0.1],
        ];
        let names2: Vec<String> = NAMES[..2].iter().map(|s| (*s).to_owned()).collect();
        let chart = sweep("Unordered values", &values, &names2, &rows, &rows[1..]);
        std::fs::write(format!("{dir}/edge-sweep.svg"), &chart.svg).expect("write");
        let negative: Vec<f64> = (0..100).map(|i| -(f64::from(i) % 17.0) - 1.0).collect();
        let costs: Vec<f64> = (0..100).map(|i| -1e3 * f64::from(i) + 2e4).collect();
        let plane = [
            PlaneSeries {
                name: "Worse and cheaper",
                delta_effect: &negative,
                delta_cost: &costs,
            },
            PlaneSeries {
                name: "One",
                delta_effect: &[2.0],
                delta_cost: &[-1e3],
            },
        ];
        let chart = ce_plane("completion", &plane, Some(2e3), 100);
        std::fs::write(format!("{dir}/edge-plane.svg"), &chart.svg).expect("write");
        let chart = ceac("completion", &[5e3], &[vec![0.4, 0.6]], &names2, Some(5e3));
        std::fs::write(format!("{dir}/edge-ceac.svg"), &chart.svg).expect("write");
    }

    /// All four charts for 4 options × 1,000,000 iterations: `cargo test --release chart_speed
    /// -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing; run in release"]
    fn chart_speed() {
        let n = 1_000_000;
        let data = iterations(n);
        let cost: Vec<CostSeries<'_>> = NAMES
            .iter()
            .zip(&data)
            .map(|(name, d)| CostSeries { name, values: &d.0 })
            .collect();
        let cloud: Vec<CloudSeries<'_>> = NAMES
            .iter()
            .zip(&data)
            .map(|(name, d)| CloudSeries {
                name,
                cost: &d.0,
                completions: &d.1,
            })
            .collect();
        let (cash, bars) = (cash(), people_bars());
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let start = std::time::Instant::now();
            let charts = [
                cost_distribution(&cost),
                cash_by_year(&years(), &cash, Some(100e3)),
                people(&bars),
                cost_vs_completions(&cloud, 600),
            ];
            best = best.min(start.elapsed().as_secs_f64());
            assert!(charts.iter().all(|c| !c.svg.is_empty()));
        }
        println!(
            "four charts, 4 options × {n} iterations: {:.1} ms (best of 5)",
            best * 1e3
        );
        let time = |f: &dyn Fn()| {
            let start = std::time::Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        };
        let increments = increments(n);
        let plane: Vec<PlaneSeries<'_>> = NAMES
            .iter()
            .zip(&increments)
            .map(|(name, (e, c))| PlaneSeries {
                name,
                delta_effect: e,
                delta_cost: c,
            })
            .collect();
        let mut fastest = f64::INFINITY;
        for _ in 0..5 {
            let start = std::time::Instant::now();
            let chart = ce_plane("completion", &plane, Some(8e3), 600);
            fastest = fastest.min(start.elapsed().as_secs_f64());
            assert!(!chart.svg.is_empty());
        }
        println!(
            "plane, 3 options × {n} iterations: {:.1} ms (best of 5)",
            fastest * 1e3
        );
        println!(
            "cost {:.1} ms, cloud {:.1} ms, one median {:.1} ms",
            time(&|| drop(cost_distribution(&cost))),
            time(&|| drop(cost_vs_completions(&cloud, 600))),
            time(&|| {
                std::hint::black_box(median(&data[0].0));
            }),
        );
    }
}
