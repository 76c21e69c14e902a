//! The cost-effectiveness acceptability curve: the probability each option is best by λ.

use super::Chart;
use super::axis::{Axis, money_ticks, runs};
use super::frame::{Entry, Frame, PLOT_WIDTH, Swatch, mesh_fmt, no_data, plot_on, render};
use super::palette::{MUTED, colour, text};
use super::text::{fit_tail, sentence};
use crate::analysis::charts::{Acceptability, span};
use crate::format::{money, num, pct};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Cost-effectiveness acceptability curve: for each willingness to pay λ in `grid` (x, £ per
/// unit of effect), the probability (y, %) that each option has the highest net benefit,
/// λ × effect − cost, one line per option. `probability[l][o]` is option `o`'s probability,
/// a fraction from 0 to 1, at `grid[l]`; options are named by `names`. `effect_label` names
/// one unit of effect in the singular ("completion"). `marked_lambda`, the λ of the analysis,
/// is drawn as a dashed vertical line. The grid is drawn in increasing order; missing or
/// non-finite values leave gaps, probabilities outside 0–1 are taken as the nearest end.
pub fn ceac(data: &Acceptability) -> Chart {
    let (effect_label, grid, probability, names, marked_lambda) = (
        &data.effect_label[..],
        &data.grid[..],
        &data.probability[..],
        &data.names[..],
        data.marked_lambda,
    );
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

#[cfg(test)]
mod tests {
    use crate::render::charts::testing::*;

    #[test]
    fn ceac_copes_with_gaps_odd_grids_and_no_data() {
        let names: Vec<String> = ["A", "B", "Missing"].map(String::from).to_vec();
        let empty = ceac_of("completion", &[], &[], &[], None);
        check_embeddable(&empty);
        assert!(says_no_data(&empty));
        let no_rows = ceac_of("completion", &[0.0, 1e3], &[], &names, Some(f64::NAN));
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
        let chart = ceac_of("completion", &grid, &probability, &names, Some(1e4));
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
        let single = ceac_of(
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
}
