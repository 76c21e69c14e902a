//! Markdown and HTML documents through minijinja templates, embedded from `templates/` and
//! overridable with `--template`. A template reads one context: every field of the JSON
//! results at the top level (`title`, `options`, `comparison`, `inputs`, `audit`, …) plus the
//! report's own analyses (`swot`, `cash`, `sensitivity`, `wtp`, `sweep`, …), the charts (HTML)
//! and formatting filters. Undefined values are errors, so a typo in a template fails loudly
//! with the template's name and line.

use super::{Render, charts, unsupported, write_text};
use crate::analysis::report::{ReportCharts, ReportData};
use crate::document::{Document, ReportDocument};
use crate::error::RenderError;
use crate::format::money;
use crate::format::template::{filters_environment, template_error};
use crate::metric;
use crate::scenario::Budget;
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The Markdown renderer of reports and appendices.
pub struct Markdown {
    /// A user's template file or folder instead of the built-in one.
    pub template: Option<PathBuf>,
}

/// The HTML renderer of reports and appendices: one self-contained page with inline SVG charts.
pub struct Html {
    /// A user's template file or folder instead of the built-in one.
    pub template: Option<PathBuf>,
}

impl Render for Markdown {
    fn render_to(&self, doc: &Document, out: &mut dyn Write) -> Result<(), RenderError> {
        render_report(doc, "md", self.template.as_deref(), out)
    }
}

impl Render for Html {
    fn render_to(&self, doc: &Document, out: &mut dyn Write) -> Result<(), RenderError> {
        render_report(doc, "html", self.template.as_deref(), out)
    }
}

/// A chart for the HTML report.
#[derive(Debug, Clone, Serialize)]
struct ChartOut {
    title: String,
    svg: String,
    alt: String,
}

impl From<charts::Chart> for ChartOut {
    fn from(c: charts::Chart) -> ChartOut {
        ChartOut {
            title: c.title,
            svg: c.svg,
            alt: c.alt,
        }
    }
}

fn render_report(
    doc: &Document,
    extension: &str,
    template: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    let Document::Report(report) = doc else {
        return Err(unsupported(
            if extension == "md" {
                "Markdown"
            } else {
                "HTML"
            },
            doc,
            "appraise report or appraise appendix",
        ));
    };
    let data = report
        .data
        .as_ref()
        .expect("a Markdown or HTML report is prepared with its analyses");
    let ctx = build(report, data);
    let name = format!("{}.{extension}.j2", report.kind.name());
    let mut env = filters_environment(report.results.years.clone());
    let template_name = match template {
        None => {
            for (n, src) in BUILT_IN {
                env.add_template(n, src)
                    .map_err(|e| RenderError::Template(template_error(&e)))?;
            }
            name
        }
        Some(path) => load_user_template(&mut env, path, &name)?,
    };
    let tmpl = env
        .get_template(&template_name)
        .map_err(|e| RenderError::Template(template_error(&e)))?;
    let mut text = tmpl
        .render(ctx)
        .map_err(|e| RenderError::Template(template_error(&e)))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    write_text(out, &text)
}

/// Builds the template context.
fn build(doc: &ReportDocument, data: &ReportData) -> Value {
    let r = &doc.results;
    let annual = match r.budget {
        Some(Budget::Annual(b)) => Some(b),
        _ => None,
    };
    let budget_text = match r.budget {
        Some(Budget::Annual(b)) => format!("{} a year", money(b)),
        Some(Budget::Total(b)) => format!("{} in total", money(b)),
        None => "no budget set".to_string(),
    };
    let ranking = r.comparison.ranking_metric.clone();
    let best = r
        .options
        .iter()
        .find(|o| o.id == r.comparison.most_often_best)
        .map(|o| context! { id => o.id.clone(), name => o.name.clone(), p_best => o.p_best });
    let within_budget: Vec<String> = r
        .options
        .iter()
        .filter(|o| r.budget.is_some() && o.p_over_budget < 0.5)
        .map(|o| o.name.clone())
        .collect();
    let charts = data.charts.as_ref().map_or_else(BTreeMap::new, draw_charts);
    let precision = r
        .options
        .iter()
        .map(|o| {
            let m = o.metrics.get(&ranking).expect("ranking metric");
            context! { id => o.id.clone(), name => o.name.clone(), mean => m.mean, mcse => m.mcse }
        })
        .collect::<Vec<_>>();
    let ranking_label =
        metric::find(&ranking, r.years.len()).map_or("the ranking metric", |m| m.phrase);
    context! {
        date => doc.date.clone(),
        swot => Value::from(Serde(&data.swot)),
        cash => Value::from(Serde(&data.cash)),
        charts => Value::from(Serde(&charts)),
        budget_text => budget_text,
        annual_budget => annual,
        ranking_label => ranking_label,
        lower_is_better => metric::lower_is_better(&ranking),
        best => best,
        sensitivity => Value::from(Serde(&data.sensitivity)),
        wtp => Value::from(Serde(&data.wtp)),
        wtp_given => data.wtp_given,
        effect_unit => data.wtp.effect_metric.trim_end_matches('s').to_string(),
        sweep => Value::from(Serde(&data.sweep)),
        mca => Value::from(Serde(&data.mca)),
        voi => Value::from(Serde(&data.voi)),
        // Always defined for templates, though the JSON leaves them out when empty.
        correlations => Value::from(Serde(&r.correlations)),
        convergence => Value::from(()),
        within_budget => within_budget,
        precision => precision,
        optimism => Value::from(Serde(&data.optimism)),
        clamped_inputs => r.inputs.iter().filter(|i| i.clamped > 0).count(),
        ..Value::from(Serde(r))
    }
}

/// The built-in templates, by name.
const BUILT_IN: [(&str, &str); 9] = [
    ("mca.md.j2", include_str!("../../templates/mca.md.j2")),
    ("mca.html.j2", include_str!("../../templates/mca.html.j2")),
    ("voi.md.j2", include_str!("../../templates/voi.md.j2")),
    ("voi.html.j2", include_str!("../../templates/voi.html.j2")),
    ("style.css.j2", include_str!("../../templates/style.css.j2")),
    ("report.md.j2", include_str!("../../templates/report.md.j2")),
    (
        "report.html.j2",
        include_str!("../../templates/report.html.j2"),
    ),
    (
        "appendix.md.j2",
        include_str!("../../templates/appendix.md.j2"),
    ),
    (
        "appendix.html.j2",
        include_str!("../../templates/appendix.html.j2"),
    ),
];

/// Loads a user's template: a file (used whatever its name) or a folder holding templates named
/// like the built-in ones (`report.html.j2`, …). Built-in templates stay available to
/// `{% extends %}` and `{% include %}` under their own names.
fn load_user_template(
    env: &mut minijinja::Environment<'static>,
    path: &Path,
    wanted: &str,
) -> Result<String, RenderError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| {
            RenderError::Template(format!(
                "cannot read the template {}: {}\n  = allowed: a minijinja template file, or a folder of templates named like templates/report.html.j2",
                p.display(),
                match e.kind() {
                    std::io::ErrorKind::NotFound => "there is no such file".to_string(),
                    _ => e.to_string(),
                }
            ))
        })
    };
    for (n, src) in BUILT_IN {
        env.add_template(n, src)
            .map_err(|e| RenderError::Template(template_error(&e)))?;
    }
    if path.is_dir() {
        let file = path.join(wanted);
        if !file.is_file() {
            return Err(RenderError::Template(format!(
                "the template folder {} has no {wanted}\n  = allowed: a folder holding templates named like the built-in ones: report.md.j2, report.html.j2, appendix.md.j2, appendix.html.j2",
                path.display()
            )));
        }
        let src = read(&file)?;
        let user_name = format!("user/{wanted}");
        env.add_template_owned(user_name.clone(), src)
            .map_err(|e| RenderError::Template(template_error(&e)))?;
        return Ok(user_name);
    }
    let src = read(path)?;
    let file_name = path.file_name().map_or_else(
        || "template".to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    // Escape as the output needs, whatever the file is called.
    let user_name = if wanted.contains(".html") && !file_name.contains(".htm") {
        format!("{file_name}.html")
    } else {
        file_name
    };
    env.add_template_owned(user_name.clone(), src)
        .map_err(|e| RenderError::Template(template_error(&e)))?;
    Ok(user_name)
}

fn draw_charts(c: &ReportCharts) -> BTreeMap<String, ChartOut> {
    let mut drawn = vec![
        ("cost", charts::cost_distribution(&c.results.cost)),
        ("cash", charts::cash_by_year(&c.results.cash)),
        ("people", charts::people(&c.results.people)),
        ("cloud", charts::cost_vs_completions(&c.results.cloud)),
        ("ceac", charts::ceac(&c.ceac)),
        ("plane", charts::ce_plane(&c.plane.0, &c.plane.1)),
    ];
    if let Some(t) = &c.swing {
        drawn.push(("swing", charts::tornado(t)));
    }
    if let Some(t) = &c.rank {
        drawn.push(("rank", charts::tornado(t)));
    }
    if let Some(s) = &c.sweep {
        drawn.push(("sweep", charts::sweep(s)));
    }
    if let Some(r) = &c.ranks {
        drawn.push(("ranks", charts::rank_acceptability(r)));
    }
    drawn
        .into_iter()
        .map(|(name, c)| (name.to_string(), ChartOut::from(c)))
        .collect()
}
