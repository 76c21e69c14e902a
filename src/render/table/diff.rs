//! The terminal text of `appraise diff` (the inputs that differ, then each option's headline
//! figures before and after) and of `appraise paths` (one `PATH = VALUE` line per input).

use super::fit::{Column, fit, wrap_to};
use crate::analysis::diff::{Diff, FIGURES};
use crate::document::PathsDocument;
use crate::format::{money, num, pct};

/// A figure of [`FIGURES`] as people read it.
fn shown(figure: &str, x: Option<f64>) -> String {
    match x {
        None => "–".into(),
        Some(x) if figure.starts_with("p_") => pct(x),
        Some(x) if figure.starts_with("completions") => num(x, 1),
        Some(x) => money(x),
    }
}

/// The change in a figure: money and counts signed, probabilities in percentage points.
fn change(figure: &str, before: Option<f64>, after: Option<f64>) -> String {
    let (Some(a), Some(b)) = (before, after) else {
        return "–".into();
    };
    let d = b - a;
    let sign = if d > 0.0 { "+" } else { "" };
    if figure.starts_with("p_") {
        format!("{sign}{} pts", num(100.0 * d, 1))
    } else if figure.starts_with("completions") {
        format!("{sign}{}", num(d, 1))
    } else {
        format!("{sign}{}", money(d))
    }
}

/// The inputs that differ, then each option's headline figures, within `width` columns.
pub(super) fn table(d: &Diff, width: Option<usize>) -> String {
    let [a, b] = &d.files;
    let mut out = String::new();
    if d.inputs.is_empty() {
        out.push_str(&wrap_to(
            &format!("{a} and {b} have the same inputs."),
            width,
        ));
        out.push('\n');
    } else {
        out.push_str(&wrap_to(
            &format!("Inputs that differ from {a} to {b}:"),
            width,
        ));
        out.push('\n');
        for c in &d.inputs {
            let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
            out.push_str(&wrap_to(
                &format!("  {}: {} → {}", c.path, side(&c.before), side(&c.after)),
                width,
            ));
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&wrap_to(
        &format!(
            "Headline figures before ({a}) and after ({b}), both run with {} iterations, seed {}:",
            num(d.iterations as f64, 0),
            d.seed
        ),
        width,
    ));
    out.push('\n');
    let mut option = Vec::new();
    let mut figure = Vec::new();
    let (mut before, mut after, mut delta) = (Vec::new(), Vec::new(), Vec::new());
    for o in &d.options {
        for (k, f) in o.figures.iter().enumerate() {
            option.push(if k == 0 {
                o.name.clone()
            } else {
                String::new()
            });
            figure.push(FIGURES[k].1.to_string());
            before.push(shown(f.figure, f.before));
            after.push(shown(f.figure, f.after));
            delta.push(change(f.figure, f.before, f.after));
        }
    }
    let columns = [
        Column::words("Option", 12, 32, option),
        Column::words("Figure", 10, 14, figure),
        Column::figures("Before", 0, before),
        Column::figures("After", 0, after),
        Column::figures("Change", 0, delta),
    ];
    out.push_str(&fit(&columns, width).text);
    out.push('\n');
    out
}

/// One `PATH = VALUE` line per input, each a valid `--set PATH=VALUE`.
pub(super) fn paths(d: &PathsDocument) -> String {
    let mut out = format!(
        "# {}: every input --set accepts, with its current value\n",
        d.file
    );
    for p in &d.paths {
        out.push_str(&p.path);
        out.push_str(" = ");
        out.push_str(&p.value);
        if p.default {
            out.push_str("    # default");
        }
        out.push('\n');
    }
    out
}
