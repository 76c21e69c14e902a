//! The multi-criteria appraisal and the value of information, through scenarios and the command
//! line (docs/model.md sections 15 and 16). Tolerances come from the Monte Carlo standard error.

mod common;

use appraise::analysis::{mca, voi};
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A one-year appraisal and its baseline, option `a`.
macro_rules! head {
    () => {
        r#"
[appraisal]
title = "Test"
price_base_year = 2025
start = "2026-04"
horizon_years = 1

[[options]]
id = "a"
kind = "baseline"
name = "A"
"#
    };
}

const TWO_OPTIONS: &str = concat!(
    head!(),
    r#"
[[options]]
id = "b"
kind = "other"
name = "B"

[[criteria]]
id = "first"
name = "First"
better = "higher"
scale = [0, 1]
scores = { a = 0.8, b = 0.3 }

[[criteria]]
id = "second"
name = "Second"
better = "higher"
scale = [0, 1]
scores = { a = 0.2, b = 0.6 }
"#
);

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn appraise() -> Command {
    Command::cargo_bin("appraise").unwrap()
}

/// What `appraise run` of a shipped scenario writes on standard output.
fn run_stdout(file: &str, args: &[&str]) -> Vec<u8> {
    appraise()
        .arg("run")
        .arg(scenario(file))
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

#[test]
fn smaa_of_fixed_scores_and_uniform_weights_matches_the_closed_form() {
    // A wins when 0.8w + 0.2(1 − w) > 0.3w + 0.6(1 − w), i.e. w > 4/9: P(A first) = 5/9, A's
    // central weight on the first criterion E[w | w > 4/9] = 13/18, B's E[w | w < 4/9] = 2/9.
    let n = 20_000;
    let run = common::run(TWO_OPTIONS, &[], n);
    let m = mca::of_run(&run).expect("the scenario has criteria");
    assert_eq!(m.weights, "any");
    let p = 5.0 / 9.0;
    let se = (p * (1.0 - p) / n as f64).sqrt();
    let a = &m.rank_acceptability.0[0].1;
    let b = &m.rank_acceptability.0[1].1;
    assert!((a[0] - p).abs() < 4.0 * se, "{a:?}");
    assert!((b[1] - p).abs() < 4.0 * se, "{b:?}");
    for shares in [a, b] {
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
    for r in 0..2 {
        assert!((a[r] + b[r] - 1.0).abs() < 1e-12);
    }
    let central = |o: usize| m.central_weights.0[o].1.as_ref().unwrap().0[0].1;
    let se_a = (5.0 / 9.0) / 12f64.sqrt() / (p * n as f64).sqrt();
    let se_b = (4.0 / 9.0) / 12f64.sqrt() / ((1.0 - p) * n as f64).sqrt();
    assert!((central(0) - 13.0 / 18.0).abs() < 4.0 * se_a);
    assert!((central(1) - 2.0 / 9.0).abs() < 4.0 * se_b);
    assert_eq!(m.confidence.0[0].1, Some(1.0));
    assert_eq!(m.confidence.0[1].1, Some(1.0));
}

#[test]
fn weights_respect_the_ranges_and_ranks_given() {
    let ranged = common::run(
        TWO_OPTIONS,
        &[
            "criteria[0].weight = { uniform = [0.5, 0.7] }",
            "criteria[1].weight = { uniform = [0.2, 0.6] }",
        ],
        3_000,
    );
    let w = mca::weight_columns(&ranged);
    assert_eq!(w[0].0, "criteria.first.weight");
    for i in 0..3_000 {
        let (x, y) = (w[0].1[i], w[1].1[i]);
        assert!(
            (0.5..=0.7).contains(&x) && (0.2..=0.6).contains(&y),
            "{x} {y}"
        );
        assert!((x + y - 1.0).abs() < 1e-12);
    }
    // With the first criterion weighing at least 0.5, A (0.8 against 0.3 on it) wins when
    // w > 4/9: always.
    let m = mca::of_run(&ranged).unwrap();
    assert_eq!(m.weights, "ranges");
    assert_eq!(m.rank_acceptability.0[0].1, vec![1.0, 0.0]);

    let ranked = common::run(
        TWO_OPTIONS,
        &["criteria[0].rank = 2", "criteria[1].rank = 1"],
        3_000,
    );
    let w = mca::weight_columns(&ranked);
    assert!((0..3_000).all(|i| w[1].1[i] >= w[0].1[i]));
    // w ≤ 1/2: A wins only for w in (4/9, 1/2], a ninth of the range.
    let m = mca::of_run(&ranked).unwrap();
    let p: f64 = 1.0 / 9.0;
    let se = (p * (1.0 - p) / 3_000.0).sqrt();
    assert!((m.rank_acceptability.0[0].1[0] - p).abs() < 4.0 * se);
}

#[test]
fn a_metric_criterion_takes_the_options_stated_values_where_given() {
    // Cost: A costs nothing (the metric), B's value is stated. Lower is better.
    let text = format!(
        "{TWO_OPTIONS}\n[[criteria]]\nid = \"cost\"\nname = \"Cost\"\nmetric = \"cost\"\nscale = [0, 100]\nscores = {{ b = 50 }}\n"
    );
    let run = common::run(&text, &[], 500);
    let m = mca::of_run(&run).unwrap();
    let cost = &m.criteria[2];
    assert_eq!((cost.worst, cost.best, cost.better), (100.0, 0.0, "lower"));
    assert_eq!(cost.metric.as_deref(), Some("cost"));
}

#[test]
fn torbay_json_carries_mca_and_value_of_information() {
    let out = run_stdout(
        "torbay-2025.toml",
        &["--wtp", "5000", "--format", "json", "-n", "2000"],
    );
    let v: Value = serde_json::from_slice(&out).unwrap();
    let m = &v["mca"];
    let ranks = m["rank_acceptability"].as_object().unwrap();
    assert_eq!(ranks.len(), 4);
    for shares in ranks.values() {
        let s: f64 = shares
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .sum();
        assert!((s - 1.0).abs() < 1e-9);
    }
    let largest = ranks
        .values()
        .flat_map(|s| s.as_array().unwrap())
        .map(|b| b.as_f64().unwrap())
        .map(|b| (b * (1.0 - b) / 2000.0).sqrt())
        .fold(0.0, f64::max);
    assert_eq!(m["largest_standard_error"].as_f64(), Some(largest));
    let central = &m["central_weights"]["in_house_specialists"];
    assert_eq!(central.as_object().unwrap().len(), 7);
    assert!(central["embedded"].as_f64().is_some());
    assert!(m["confidence"]["in_house_specialists"].as_f64().is_some());

    let voi = &v["value_of_information"];
    for on in [voi, &voi["ranking_metric"]] {
        let evpi = on["evpi"].as_f64().unwrap();
        let list = on["evppi"].as_array().unwrap();
        assert!(list.len() > 30, "every sampled input and the groups");
        let values: Vec<f64> = list.iter().map(|e| e["value"].as_f64().unwrap()).collect();
        assert!(values.windows(2).all(|w| w[0] >= w[1]), "largest first");
        for e in list {
            assert!(e["input"].is_string() && e["label"].is_string());
            let (value, se) = (e["value"].as_f64().unwrap(), e["standard_error"].as_f64());
            assert!(value >= 0.0);
            // EVPPI never exceeds EVPI beyond its standard error.
            assert!(value <= evpi + 3.0 * se.unwrap(), "{e}");
        }
        // A group of one input is that input, exactly.
        let find = |id: &str| list.iter().find(|e| e["input"] == id).unwrap()["value"].clone();
        assert_eq!(find("harm_value"), find("parameters.harm_per_victim"));
    }
    assert_eq!(voi["ranking_metric"]["metric"], "npv");
    assert_eq!(voi["lambda"], 5000.0);
}

#[test]
fn the_terminal_shows_the_ranks_and_the_largest_values_of_information() {
    let text = |file: &str, args: &[&str]| String::from_utf8(run_stdout(file, args)).unwrap();
    let torbay = text("torbay-2025.toml", &["-n", "2000", "--wtp", "5000"]);
    assert!(torbay.contains("On 7 criteria at once (SMAA-2"), "{torbay}");
    assert!(torbay.contains("│ 1st │ 2nd │ 3rd │ 4th │"), "{torbay}");
    // √(0.25 / 2000) = 1.1 points at most.
    assert!(
        torbay.contains("standard error is at most 1.1 points"),
        "{torbay}"
    );
    assert!(torbay.contains("Value of information on net benefit at £5,000 per completion"));
    assert!(torbay.contains("Value of information on net present value, per decision: EVPI £"));
    // Without criteria or --wtp, neither.
    let plain = text("minimal.toml", &["-n", "2000"]);
    assert!(!plain.contains("SMAA-2") && !plain.contains("Value of information"));
}

#[test]
fn an_information_group_naming_no_input_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    let text = format!(
        "{TWO_OPTIONS}\n[[information]]\nid = \"typo\"\nname = \"A typo\"\ninputs = [\"parameters.harm_per_victm\"]\n"
    );
    std::fs::write(&file, text).unwrap();
    for args in [vec!["validate"], vec!["run", "--wtp", "100"]] {
        let out = appraise().args(&args).arg(&file).assert().code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            err.contains("s.toml:35:11: information.typo.inputs[0]: 'parameters.harm_per_victm' names no uncertain input that an option uses"),
            "{err}"
        );
    }
}

#[test]
fn the_samples_file_carries_scores_and_weights() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    let text = TWO_OPTIONS.replace("a = 0.2, b = 0.6", "a = { uniform = [0, 0.4] }, b = 0.6");
    std::fs::write(&file, text).unwrap();
    let samples = dir.path().join("samples.csv");
    appraise()
        .arg("run")
        .arg(&file)
        .args(["-n", "50", "--samples"])
        .arg(&samples)
        .assert()
        .success();
    let csv = std::fs::read_to_string(&samples).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (score, weight) = (col("criteria.second.score"), col("criteria.first.weight"));
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let w: f64 = cells[weight].parse().unwrap();
        assert!((0.0..=1.0).contains(&w));
        match cells[1] {
            "a" => assert!((0.0..=0.4).contains(&cells[score].parse::<f64>().unwrap())),
            _ => assert_eq!(cells[score], "0.6", "b's own score fills b's rows"),
        }
    }
}

#[test]
fn evppi_of_an_input_that_decides_equals_evpi_on_a_run() {
    // Only B's completions are uncertain, and they alone decide between A (nothing) and B.
    let text = concat!(
        head!(),
        r#"
[[demand]]
id = "d"
per_year = 100

[[options]]
id = "b"
kind = "other"
name = "B"
reach = { d = 1 }
completion = { uniform = [0.2, 0.8] }
capacity = { places_per_year = 1000 }

[[options.costs]]
name = "Service"
basis = "one_off"
amount = 5000
"#
    );
    let run = common::run(text, &[], 20_000);
    let v = voi::of_run(&run, Some((100.0, "completions"))).unwrap();
    let nb = v.net_benefit.unwrap().voi;
    let e = nb
        .evppi
        .iter()
        .find(|e| e.input == "options.b.completion")
        .unwrap();
    let se = (e.standard_error.powi(2) + nb.evpi_standard_error.powi(2)).sqrt();
    assert!(nb.evpi > 10.0 * nb.evpi_standard_error, "{}", nb.evpi);
    assert!(
        (e.value - nb.evpi).abs() < 3.0 * se,
        "{} vs {}",
        e.value,
        nb.evpi
    );
}

/// The rows of a samples CSV by option, each a map from column to text.
fn read_samples(
    path: &Path,
) -> (
    Vec<String>,
    Vec<Vec<std::collections::HashMap<String, String>>>,
) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let mut options: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<std::collections::HashMap<String, String>>> = Vec::new();
    for line in lines {
        let row: std::collections::HashMap<String, String> = header
            .iter()
            .cloned()
            .zip(line.split(',').map(String::from))
            .collect();
        let o = match options.iter().position(|x| *x == row["option"]) {
            Some(o) => o,
            None => {
                options.push(row["option"].clone());
                rows.push(Vec::new());
                options.len() - 1
            }
        };
        rows[o].push(row);
    }
    (options, rows)
}

/// Mid-rank scores (r − ½)/N, ties sharing the mean of their ranks (docs/model.md section 16).
fn mid_ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut u = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j < idx.len() && x[idx[j]] == x[idx[i]] {
            j += 1;
        }
        for &k in &idx[i..j] {
            u[k] = ((i + 1 + j) as f64 / 2.0 - 0.5) / x.len() as f64;
        }
        i = j;
    }
    u
}

/// The columns of one input as docs/model.md section 16 defines them.
fn columns(x: &[f64]) -> Vec<Vec<f64>> {
    let mut distinct = x.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    if distinct.len() <= 8 {
        return distinct
            .iter()
            .map(|d| x.iter().map(|v| if v == d { 1.0 } else { 0.0 }).collect())
            .collect();
    }
    let b = |t: f64| match t {
        t if !(0.0..4.0).contains(&t) => 0.0,
        t if t < 1.0 => t.powi(3) / 6.0,
        t if t < 2.0 => (-3.0 * t.powi(3) + 12.0 * t * t - 12.0 * t + 4.0) / 6.0,
        t if t < 3.0 => (3.0 * t.powi(3) - 24.0 * t * t + 60.0 * t - 44.0) / 6.0,
        t => (4.0 - t).powi(3) / 6.0,
    };
    let u = mid_ranks(x);
    (0..8)
        .map(|c| {
            u.iter()
                .map(|ui| b((ui - (c as f64 - 3.0) / 5.0) * 5.0))
                .collect()
        })
        .collect()
}

/// EVPPI of `members` on `nb[option][iteration]`, written from docs/model.md section 16 alone,
/// solving the normal equations by Gaussian elimination instead of Cholesky.
fn evppi_by_the_book(members: &[Vec<f64>], nb: &[Vec<f64>]) -> f64 {
    let n = nb[0].len();
    let mut x: Vec<Vec<f64>> = Vec::new();
    if members.len() == 1 {
        x = columns(&members[0]);
    } else {
        x.push(vec![1.0; n]);
        for m in members {
            x.extend(columns(m).into_iter().skip(1));
        }
        if members.len() <= 4 {
            let u: Vec<Vec<f64>> = members.iter().map(|m| mid_ranks(m)).collect();
            for a in 0..u.len() {
                for b in a + 1..u.len() {
                    x.push((0..n).map(|i| (u[a][i] - 0.5) * (u[b][i] - 0.5)).collect());
                }
            }
        }
    }
    let p = x.len();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>() / n as f64;
    let mut a: Vec<Vec<f64>> = (0..p)
        .map(|i| (0..p).map(|j| dot(&x[i], &x[j])).collect())
        .collect();
    let ridge = 1e-9 * (0..p).map(|i| a[i][i]).sum::<f64>() / p as f64;
    for (i, row) in a.iter_mut().enumerate() {
        row[i] += ridge;
    }
    let fitted: Vec<Vec<f64>> = nb
        .iter()
        .map(|y| {
            let mut m: Vec<Vec<f64>> = a.clone();
            let mut rhs: Vec<f64> = (0..p).map(|i| dot(&x[i], y)).collect();
            for c in 0..p {
                let pivot = (c..p)
                    .max_by(|&i, &j| m[i][c].abs().total_cmp(&m[j][c].abs()))
                    .unwrap();
                m.swap(c, pivot);
                rhs.swap(c, pivot);
                let pivot_row = m[c].clone();
                for r in c + 1..p {
                    let f = m[r][c] / pivot_row[c];
                    for (x, y) in m[r][c..].iter_mut().zip(&pivot_row[c..]) {
                        *x -= f * y;
                    }
                    rhs[r] -= f * rhs[c];
                }
            }
            let mut beta = vec![0.0; p];
            for c in (0..p).rev() {
                let s: f64 = (c + 1..p).map(|k| m[c][k] * beta[k]).sum();
                beta[c] = (rhs[c] - s) / m[c][c];
            }
            (0..n)
                .map(|i| (0..p).map(|c| x[c][i] * beta[c]).sum())
                .collect()
        })
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n as f64;
    let best: Vec<f64> = (0..n)
        .map(|i| {
            fitted
                .iter()
                .map(|g| g[i])
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    mean(&best)
        - fitted
            .iter()
            .map(|g| mean(g))
            .fold(f64::NEG_INFINITY, f64::max)
}

#[test]
fn a_second_implementation_recomputes_the_analyses_from_the_samples_file() {
    let dir = tempfile::tempdir().unwrap();
    let samples = dir.path().join("samples.csv");
    let out = appraise()
        .arg("run")
        .arg(scenario("torbay-2025.toml"))
        .args([
            "-n",
            "1500",
            "--wtp",
            "5000",
            "--format",
            "json",
            "--samples",
        ])
        .arg(&samples)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let (options, rows) = read_samples(&samples);
    let n = rows[0].len();
    let number = |s: &str| s.parse::<f64>().unwrap_or(f64::NAN);
    // SMAA-2 (section 15): values, utilities, ranks with ties shared.
    let criteria = v["mca"]["criteria"].as_array().unwrap();
    let mut ranks = vec![vec![0.0; options.len()]; options.len()];
    for i in 0..n {
        let utility: Vec<f64> = (0..options.len())
            .map(|o| {
                let row = rows[o].get(i).expect("every option has every iteration");
                criteria.iter().fold(0.0, |s, c| {
                    let id = c["id"].as_str().unwrap();
                    let w = number(&row[&format!("criteria.{id}.weight")]);
                    let score = row.get(&format!("criteria.{id}.score"));
                    let x = match (score, c["metric"].as_str()) {
                        (Some(s), _) if !s.is_empty() => number(s),
                        (_, Some(m)) => number(&row[m]),
                        _ => panic!("no value"),
                    };
                    let (worst, best) = (c["worst"].as_f64().unwrap(), c["best"].as_f64().unwrap());
                    let value = if x.is_nan() {
                        0.0
                    } else {
                        ((x - worst) / (best - worst)).clamp(0.0, 1.0)
                    };
                    s + w * value
                })
            })
            .collect();
        for o in 0..options.len() {
            let above = utility.iter().filter(|u| **u > utility[o]).count();
            let tied = utility.iter().filter(|u| **u == utility[o]).count();
            ranks[o][above..above + tied]
                .iter_mut()
                .for_each(|r| *r += 1.0 / tied as f64);
        }
    }
    for (o, id) in options.iter().enumerate() {
        let theirs = v["mca"]["rank_acceptability"][id].as_array().unwrap();
        for (mine, theirs) in ranks[o].iter().zip(theirs) {
            assert!(
                (mine / n as f64 - theirs.as_f64().unwrap()).abs() < 1e-12,
                "{id}"
            );
        }
    }
    // EVPPI on the ranking metric (section 16), from the samples' columns: of a continuous
    // input, of a group of four with a risk's occurrence (so with interactions) and of a group
    // of five (without), each worth more than nothing here.
    let nb: Vec<Vec<f64>> = (0..options.len())
        .map(|o| rows[o].iter().map(|r| number(&r["npv"])).collect())
        .collect();
    // An option's own input `options.ID.REST` is the column `option.REST` of its rows.
    let column = |path: &str| -> Vec<f64> {
        let own = options.iter().enumerate().find_map(|(o, id)| {
            let rest = path.strip_prefix(&format!("options.{id}."))?;
            Some((o, format!("option.{rest}")))
        });
        let (o, name) = own.unwrap_or_else(|| {
            let o = (0..options.len())
                .find(|&o| !rows[o][0][path].is_empty())
                .unwrap();
            (o, path.to_string())
        });
        rows[o].iter().map(|r| number(&r[&name])).collect()
    };
    let reported = v["value_of_information"]["ranking_metric"]["evppi"]
        .as_array()
        .unwrap();
    let group = |id: &str| -> Vec<String> {
        let e = reported.iter().find(|e| e["input"] == id).unwrap();
        let inputs = e["inputs"].as_array();
        inputs.map_or(vec![id.to_string()], |l| {
            l.iter().map(|p| p.as_str().unwrap().to_string()).collect()
        })
    };
    for id in ["parameters.harm_per_victim", "hosting", "effects"] {
        let theirs = reported.iter().find(|e| e["input"] == id).unwrap()["value"]
            .as_f64()
            .unwrap();
        assert!(theirs > 0.0, "{id}");
        let members = group(id);
        let members: Vec<Vec<f64>> = members.iter().map(|p| column(p)).collect();
        let mine = evppi_by_the_book(&members, &nb);
        assert!(
            (mine - theirs).abs() <= 1e-6 * theirs.abs().max(1.0),
            "{id}: {mine} against {theirs}"
        );
    }
}
