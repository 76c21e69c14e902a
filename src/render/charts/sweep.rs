//! A sweep of one input: each option's chance of going over budget and of being best.

use super::Chart;
use super::axis::{Axis, runs};
use super::frame::{Entry, Frame, PLOT_WIDTH, Swatch, mesh_fmt, no_data, plot_on, render};
use super::palette::{INK, colour};
use super::text::{figure, fit_tail, label_stride, sentence};
use crate::analysis::charts::{SweepLines, span};
use crate::format::{num, pct};
use plotters::prelude::*;

/// A sweep: how each option's probability of being over budget (solid line) and of being
/// the best on the ranking metric (dashed line) change as one input takes each of `values`
/// (x, in the order given) — one colour per option. `p_over_budget[v][o]` and `p_best[v][o]`
/// are option `o`'s probabilities, fractions from 0 to 1, at `values[v]`; options are named
/// by `names`. Values that rise or fall steadily are spaced as numbers; others are spaced
/// evenly in the order given. Missing or non-finite probabilities leave gaps; probabilities
/// outside 0–1 are taken as the nearest end.
pub fn sweep(data: &SweepLines) -> Chart {
    let (param_label, values, names, p_over_budget, p_best) = (
        &data.param_label[..],
        &data.values[..],
        &data.names[..],
        &data.p_over_budget[..],
        &data.p_best[..],
    );
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

#[cfg(test)]
mod tests {
    use crate::render::charts::testing::*;

    #[test]
    fn sweep_copes_with_odd_values_and_gaps() {
        let names: Vec<String> = ["A", "B"].map(String::from).to_vec();
        let empty = sweep_of("x", &[], &[], &[], &[]);
        check_embeddable(&empty);
        assert!(says_no_data(&empty));
        let no_rows = sweep_of("x", &[1.0, 2.0], &names, &[], &[]);
        check_embeddable(&no_rows);
        assert!(says_no_data(&no_rows));
        assert!(no_rows.alt.contains("A: no data"), "{}", no_rows.alt);

        let single = sweep_of("x", &[0.25], &names, &[vec![0.1, 0.2]], &[vec![0.6, 0.4]]);
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
        let chart = sweep_of("x", &values, &names, &rows(0.5), &rows(1.0));
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
        let chart = sweep_of("options.a.budget", &falling, &names, &rows, &rows);
        check_embeddable(&chart);
        assert!(!chart.svg.contains("r=\"3\""), "no markers on 200 points");
        let texts = words(&chart);
        assert!(texts.iter().any(|t| t == "100,000"), "{texts:?}");
        let equal = sweep_of("x", &[5.0; 4], &names, &rows, &rows);
        check_embeddable(&equal);
    }
}
