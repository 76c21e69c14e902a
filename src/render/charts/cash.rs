//! Cash by financial year: each option's median with its 80% range, against the budget.

use super::Chart;
use super::axis::{Axis, runs};
use super::frame::{Entry, Frame, PLOT_WIDTH, Swatch, mesh_with, no_data, plot_on, render};
use super::palette::{MUTED, colour};
use super::text::{label_stride, sentence};
use crate::analysis::charts::{CashByYear, span};
use crate::format::money_short;
use plotters::prelude::*;

/// Cash by year: per option the P50 line with a shaded P10–P90 band, and the annual budget
/// as a dashed horizontal line when given. x = year labels such as "2026/27"; y in £
/// thousands, from zero. Values beyond the number of years are ignored, missing or
/// non-finite ones leave a gap.
pub fn cash_by_year(data: &CashByYear) -> Chart {
    let title = "Cash by financial year";
    let (years, series, annual_budget) = (&data.years[..], &data.options[..], data.annual_budget);
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

#[cfg(test)]
mod tests {
    use crate::analysis::charts::CashSeries;
    use crate::render::charts::testing::*;

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
        let chart = cash_of(&years, &series, None);
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

        let single = cash_of(&years[..1], &series[..1], Some(f64::NAN));
        check_embeddable(&single);
        let budget_only = cash_of(&years[..2], &[], Some(5e4));
        check_embeddable(&budget_only);
        assert!(
            words(&budget_only)
                .iter()
                .any(|t| t == "Annual budget £50k")
        );
    }
}
