//! Test data and checks shared by the charts' tests: realistic iterations from a fixed
//! generator, the chart-data step run on them, and a small well-formedness check of SVG.

use super::Chart;
use crate::analysis::charts::{self as data, CashSeries, PeopleBars, PlaneSeries, TornadoBar};
use crate::render::charts;
use crate::render::charts::people;
use crate::stats::{Summary, summarise};

/// splitmix64: a small fixed generator, so test data are the same everywhere.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A triangular draw on [a, b] with mode c, by the inverse CDF.
    pub(super) fn triangular(&mut self, a: f64, c: f64, b: f64) -> f64 {
        let u = self.next();
        let f = (c - a) / (b - a);
        if u < f {
            a + (u * (b - a) * (c - a)).sqrt()
        } else {
            b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
        }
    }
}

pub(super) const NAMES: [&str; 4] = [
    "Option 1: recruit two behaviour change specialists (Drive model)",
    "Option 2: commission an accredited programme",
    "Option 3: join a neighbouring authority's contract",
    "Option 4: carry on as now",
];

/// Costs (£) and completions per iteration for the four options.
pub(super) fn iterations(n: usize) -> Vec<(Vec<f64>, Vec<f64>)> {
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

pub(super) fn years() -> Vec<String> {
    ["2025/26", "2026/27", "2027/28"].map(String::from).to_vec()
}

pub(super) fn cash() -> Vec<CashSeries> {
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

pub(super) fn people_bars() -> Vec<PeopleBars> {
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
pub(super) fn all_charts(names: &[&str], n: usize) -> Vec<Chart> {
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
        cost_of(&cost),
        cash_of(&years(), &cash, Some(100e3)),
        people(&bars),
        cloud_of(&cloud, 600),
    ]
}

/// Input paths with a swing (total cost, £, with the input at its P10 and P90) and a rank
/// correlation with total cost, largest swing first.
pub(super) const INPUTS: [(&str, f64, f64, f64); 9] = [
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

/// A tornado bar.
pub(super) fn bar(label: &str, low: f64, high: f64) -> TornadoBar {
    TornadoBar {
        label: label.to_owned(),
        low,
        high,
        ends: None,
    }
}

pub(super) fn swing_bars() -> Vec<TornadoBar> {
    INPUTS
        .iter()
        .map(|&(label, low, high, _)| TornadoBar {
            label: label.to_owned(),
            low,
            high,
            ends: None,
        })
        .collect()
}

pub(super) fn rank_bars() -> Vec<TornadoBar> {
    INPUTS
        .iter()
        .map(|&(label, _, _, rho)| TornadoBar {
            label: label.to_owned(),
            low: 0.0,
            high: rho,
            ends: None,
        })
        .collect()
}

/// Willingness to pay per completion, £0 to £20,000 in steps of £1,000.
pub(super) fn lambdas() -> Vec<f64> {
    (0..=20).map(|i| f64::from(i) * 1e3).collect()
}

/// P(highest net benefit) per λ and option: a softmax of the mean net benefits, λ × effect −
/// cost, for `options` options cycling through four realistic ones.
pub(super) fn acceptability(grid: &[f64], options: usize) -> Vec<Vec<f64>> {
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
pub(super) fn increments(n: usize) -> Vec<(Vec<f64>, Vec<f64>)> {
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
pub(super) fn sweep_data(options: usize) -> (Vec<f64>, Vec<Vec<f64>>, Vec<Vec<f64>>) {
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
pub(super) fn more_charts(names: &[&str], n: usize) -> Vec<Chart> {
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
                option: i,
                name,
                delta_effect: effect,
                delta_cost: cost,
            }
        })
        .collect();
    let (values, over, best) = sweep_data(names.len());
    vec![
        tornado_of(
            "What moves the total cost",
            "Total cost over the horizon",
            352e3,
            &swing_bars(),
            true,
        ),
        ceac_of(
            "completion",
            &grid,
            &acceptability(&grid, names.len()),
            &names,
            Some(8e3),
        ),
        plane_of("completion", &plane, Some(8e3), 600),
        sweep_of(
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
pub(super) fn parse(svg: &str) -> (Vec<String>, Vec<String>) {
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
pub(super) fn words(chart: &Chart) -> Vec<String> {
    parse(&chart.svg).0
}

pub(super) fn check_embeddable(chart: &Chart) {
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

/// The y coordinate of the `<text>` element that says `content` (free of markup).
pub(super) fn text_y(svg: &str, content: &str) -> i32 {
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
pub(super) fn shows(shown: &str, full: &str) -> bool {
    shown == full
        || shown
            .strip_prefix('…')
            .is_some_and(|tail| !tail.is_empty() && full.ends_with(tail))
}

/// Whether the chart says it has nothing to draw.
pub(super) fn says_no_data(chart: &Chart) -> bool {
    words(chart).iter().any(|t| t == "No data to chart")
}

/// One option's total cost in each iteration.
pub(super) struct CostSeries<'a> {
    pub(super) name: &'a str,
    pub(super) values: &'a [f64],
}

/// The cost chart of raw iterations, through the chart-data step.
pub(super) fn cost_of(series: &[CostSeries<'_>]) -> Chart {
    let summaries: Vec<Summary> = series.iter().map(|s| summarise(s.values)).collect();
    let columns: Vec<data::CostColumn<'_>> = series
        .iter()
        .zip(&summaries)
        .map(|(s, summary)| data::CostColumn {
            name: s.name,
            values: s.values,
            summary,
        })
        .collect();
    charts::cost_distribution(&data::cost_distribution(&columns))
}

/// One option's cost and completions in each iteration.
pub(super) struct CloudSeries<'a> {
    pub(super) name: &'a str,
    pub(super) cost: &'a [f64],
    pub(super) completions: &'a [f64],
}

/// The point cloud of raw iterations, through the chart-data step.
pub(super) fn cloud_of(series: &[CloudSeries<'_>], max_points: usize) -> Chart {
    let summaries: Vec<(Summary, Summary)> = series
        .iter()
        .map(|s| {
            let n = s.cost.len().min(s.completions.len());
            (summarise(&s.cost[..n]), summarise(&s.completions[..n]))
        })
        .collect();
    let columns: Vec<data::CloudColumns<'_>> = series
        .iter()
        .zip(&summaries)
        .map(|(s, (cost, done))| data::CloudColumns {
            name: s.name,
            cost: s.cost,
            completions: s.completions,
            cost_summary: cost,
            completions_summary: done,
        })
        .collect();
    charts::cost_vs_completions(&data::cost_vs_completions(&columns, max_points))
}

/// The cost-effectiveness plane of raw differences, through the chart-data step.
pub(super) fn plane_of(
    effect_label: &str,
    series: &[PlaneSeries<'_>],
    lambda: Option<f64>,
    max_points: usize,
) -> Chart {
    charts::ce_plane(effect_label, &data::ce_plane(series, lambda, max_points))
}

pub(super) fn tornado_of(
    title: &str,
    axis_label: &str,
    base: f64,
    bars: &[TornadoBar],
    money_axis: bool,
) -> Chart {
    charts::tornado(&data::Tornado {
        title: title.to_owned(),
        axis_label: axis_label.to_owned(),
        base,
        bars: bars.to_vec(),
        money_axis,
    })
}

pub(super) fn ceac_of(
    effect_label: &str,
    grid: &[f64],
    probability: &[Vec<f64>],
    names: &[String],
    marked_lambda: Option<f64>,
) -> Chart {
    charts::ceac(&data::Acceptability {
        effect_label: effect_label.to_owned(),
        grid: grid.to_vec(),
        probability: probability.to_vec(),
        names: names.to_vec(),
        marked_lambda,
    })
}

pub(super) fn sweep_of(
    param_label: &str,
    values: &[f64],
    names: &[String],
    p_over_budget: &[Vec<f64>],
    p_best: &[Vec<f64>],
) -> Chart {
    charts::sweep(&data::SweepLines {
        param_label: param_label.to_owned(),
        values: values.to_vec(),
        names: names.to_vec(),
        p_over_budget: p_over_budget.to_vec(),
        p_best: p_best.to_vec(),
    })
}

pub(super) fn cash_of(
    years: &[String],
    series: &[CashSeries],
    annual_budget: Option<f64>,
) -> Chart {
    charts::cash_by_year(&data::CashByYear {
        years: years.to_vec(),
        options: series.to_vec(),
        annual_budget,
    })
}
