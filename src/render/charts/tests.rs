//! Tests across the charts: every chart embeddable, alt texts with the key numbers, user text
//! escaped, output deterministic, labels and ticks readable; and a preview and a timing to run
//! by hand.

use super::axis::{Axis, decimals, money_ticks};
use super::frame::{Entry, LegendLayout, Swatch};
use super::palette::{INK, colour};
use super::testing::*;
use super::text::{escape, figure, fit_tail, signed, text_width};
use super::tornado::BAR_LABELS;
use super::*;
use crate::analysis::charts::{PlaneSeries, TornadoBar};
use crate::format::{money, money_short, pct};

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

/// Checks that a chart showing the text "<script>alert(1)</script> & co" escapes it.
fn check_escaped(chart: &Chart) {
    check_embeddable(chart);
    assert!(!chart.svg.contains("<script"), "{}", chart.title);
    assert!(
        chart
            .svg
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
        "{}",
        chart.title
    );
}

#[test]
fn option_names_are_text_never_markup() {
    let evil = "<script>alert(1)</script> & co";
    let charts = all_charts(&[evil, "Tom's \"best\" option"], 500);
    for chart in &charts {
        check_escaped(chart);
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
        assert!(label.contains("&lt;script&gt;") && label.contains("Tom&apos;s &quot;best&quot;"));
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
        cost_of(&[]),
        cash_of(&[], &[], None),
        people(&[]),
        cloud_of(&[], 100),
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

    let rank = tornado_of("Rank", "Rank correlation", 0.0, &rank_bars(), false);
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
        ends: None,
    }];
    charts.push(tornado_of(evil, tom, 1.5, &bars, false));
    charts.push(ceac_of(
        evil,
        &[0.0, 1.0],
        &[vec![0.5], vec![0.6]],
        &[tom.into()],
        Some(0.5),
    ));
    charts.push(sweep_of(
        evil,
        &[1.0, 2.0],
        &[tom.into()],
        &[vec![0.1]],
        &[vec![0.2]],
    ));
    for chart in &charts {
        check_escaped(chart);
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
    assert_eq!(decimals(2.5), 1);
}

/// Renders the charts (SVG, and PNG for the main ones) with realistic data to `$CHART_PREVIEW` (default
/// target/chart-preview) to look at: `cargo test chart_preview -- --ignored`.
#[test]
#[ignore = "writes files to look at"]
fn chart_preview() {
    let dir = std::env::var("CHART_PREVIEW").unwrap_or_else(|_| "target/chart-preview".into());
    std::fs::create_dir_all(&dir).expect("preview folder");
    let files = ["cost", "cash", "people", "cloud"];
    for (chart, file) in all_charts(&NAMES, 20_000).iter().zip(files) {
        std::fs::write(format!("{dir}/{file}.svg"), &chart.svg).expect("write");
        let png = to_png(&chart.svg, 1520).expect("png");
        std::fs::write(format!("{dir}/{file}.png"), png).expect("write");
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
    let edge = cost_of(&[
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
    std::fs::write(format!("{dir}/edge-none.svg"), cost_of(&[]).svg).expect("write");

    let files = ["tornado", "ceac", "plane", "sweep"];
    for (chart, file) in more_charts(&NAMES, 20_000).iter().zip(files) {
        std::fs::write(format!("{dir}/{file}.svg"), &chart.svg).expect("write");
        let png = to_png(&chart.svg, 1520).expect("png");
        std::fs::write(format!("{dir}/{file}.png"), png).expect("write");
        println!("{file}: {} bytes; alt: {}", chart.svg.len(), chart.alt);
    }
    let rank = tornado_of(
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
    let odd = [
        bar("both ends NaN", f64::NAN, f64::NAN),
        bar("low end NaN", f64::NAN, 120e3),
        bar("both below the base", 60e3, 85e3),
        bar("no swing", 100e3, 100e3),
        bar("negative", -40e3, -250e3),
    ];
    let edge = [
        tornado_of("Odd bars", "Net benefit", 100e3, &odd, true),
        tornado_of("No base", "Net benefit", f64::NAN, &odd, true),
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
    let chart = sweep_of("Unordered values", &values, &names2, &rows, &rows[1..]);
    std::fs::write(format!("{dir}/edge-sweep.svg"), &chart.svg).expect("write");
    let negative: Vec<f64> = (0..100).map(|i| -(f64::from(i) % 17.0) - 1.0).collect();
    let costs: Vec<f64> = (0..100).map(|i| -1e3 * f64::from(i) + 2e4).collect();
    let plane = [
        PlaneSeries {
            option: 1,
            name: "Worse and cheaper",
            delta_effect: &negative,
            delta_cost: &costs,
        },
        PlaneSeries {
            option: 2,
            name: "One",
            delta_effect: &[2.0],
            delta_cost: &[-1e3],
        },
    ];
    let chart = plane_of("completion", &plane, Some(2e3), 100);
    std::fs::write(format!("{dir}/edge-plane.svg"), &chart.svg).expect("write");
    let chart = ceac_of("completion", &[5e3], &[vec![0.4, 0.6]], &names2, Some(5e3));
    std::fs::write(format!("{dir}/edge-ceac.svg"), &chart.svg).expect("write");
}

/// The chart-data step and the drawing of the four results charts and the plane for 4 options
/// × 1,000,000 iterations: `cargo test --release chart_speed -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run in release"]
fn chart_speed() {
    use crate::analysis::charts as data;
    let n = 1_000_000;
    let iterations = iterations(n);
    let summaries: Vec<(crate::stats::Summary, crate::stats::Summary)> = iterations
        .iter()
        .map(|(cost, done)| (crate::stats::summarise(cost), crate::stats::summarise(done)))
        .collect();
    let cost: Vec<data::CostColumn<'_>> = NAMES
        .iter()
        .zip(&iterations)
        .zip(&summaries)
        .map(|((name, d), s)| data::CostColumn {
            name,
            values: &d.0,
            summary: &s.0,
        })
        .collect();
    let cloud: Vec<data::CloudColumns<'_>> = NAMES
        .iter()
        .zip(&iterations)
        .zip(&summaries)
        .map(|((name, d), s)| data::CloudColumns {
            name,
            cost: &d.0,
            completions: &d.1,
            cost_summary: &s.0,
            completions_summary: &s.1,
        })
        .collect();
    let best_of_5 = |f: &dyn Fn()| {
        (0..5)
            .map(|_| {
                let start = std::time::Instant::now();
                f();
                start.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::INFINITY, f64::min)
    };
    let cost_data = data::cost_distribution(&cost);
    let cloud_data = data::cost_vs_completions(&cloud, 600);
    println!(
        "4 options × {n} iterations, best of 5: cost data {:.1} ms, drawn {:.1} ms; cloud data \
         {:.1} ms, drawn {:.1} ms",
        best_of_5(&|| drop(data::cost_distribution(&cost))),
        best_of_5(&|| drop(cost_distribution(&cost_data))),
        best_of_5(&|| drop(data::cost_vs_completions(&cloud, 600))),
        best_of_5(&|| drop(cost_vs_completions(&cloud_data))),
    );
    let increments = increments(n);
    let plane: Vec<PlaneSeries<'_>> = NAMES
        .iter()
        .zip(&increments)
        .enumerate()
        .map(|(option, (name, (e, c)))| PlaneSeries {
            option,
            name,
            delta_effect: e,
            delta_cost: c,
        })
        .collect();
    let plane_data = data::ce_plane(&plane, Some(8e3), 600);
    println!(
        "plane, 3 options × {n} iterations, best of 5: data {:.1} ms, drawn {:.1} ms",
        best_of_5(&|| drop(data::ce_plane(&plane, Some(8e3), 600))),
        best_of_5(&|| drop(ce_plane("completion", &plane_data))),
    );
}

/// The colour of the legend swatch drawn just before the legend entry `label`, "#RRGGBB".
fn swatch_colour(svg: &str, label: &str) -> String {
    let at = svg
        .find(&format!(">\n{label}\n</text>"))
        .unwrap_or_else(|| panic!("no legend entry {label}"));
    let swatch = &svg[..svg[..at].rfind("<text").expect("text tag")];
    let hash = swatch.rfind('#').expect("a colour");
    swatch[hash..hash + 7].to_owned()
}

#[test]
fn an_option_has_the_same_colour_in_every_chart() {
    use crate::analysis::charts::differences;
    let names = ["Business as usual", "Option B", "Option C", "Option D"];
    let data = iterations(2_000);
    let effect: Vec<&[f64]> = data.iter().map(|d| &d.1[..]).collect();
    let cost: Vec<&[f64]> = data.iter().map(|d| &d.0[..]).collect();
    // The first option is the baseline, so the plane shows options 1 to 3 only.
    let (de, dc) = (differences(&effect, 0), differences(&cost, 0));
    let series: Vec<PlaneSeries<'_>> = (1..4)
        .zip(de.iter().zip(&dc))
        .map(|(option, (e, c))| PlaneSeries {
            option,
            name: names[option],
            delta_effect: e,
            delta_cost: c,
        })
        .collect();
    let plane = plane_of("completion", &series, Some(8e3), 100);
    let mut charts = all_charts(&names, 2_000);
    charts.extend(more_charts(&names, 2_000).into_iter().skip(1));
    for (o, name) in names.iter().enumerate() {
        let expected = format!("#{:02X}{:02X}{:02X}", colour(o).0, colour(o).1, colour(o).2);
        for chart in &charts {
            if o == 3 && chart.title == plane.title {
                continue; // the fourth option is the baseline of `more_charts`' plane
            }
            assert_eq!(
                swatch_colour(&chart.svg, name),
                expected,
                "{name} in {}",
                chart.title
            );
        }
        if o > 0 {
            assert_eq!(
                swatch_colour(&plane.svg, name),
                expected,
                "{name} on the plane"
            );
        }
    }
}
