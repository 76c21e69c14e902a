//! Markdown and HTML documents through minijinja templates, embedded from `templates/` and
//! overridable with `--template`. A template reads one context: every field of the JSON
//! results at the top level (`title`, `options`, `comparison`, `inputs`, `audit`, …) plus the
//! report's own analyses (`swot`, `cash`, `sensitivity`, `wtp`, `sweep`, …), the charts (HTML)
//! and formatting filters. Undefined values are errors, so a typo in a template fails loudly
//! with the template's name and line.

use super::{Render, charts, unsupported, write_text};
use crate::analysis::report::{ReportCharts, ReportData};
use crate::document::{Document, ReportDocument, ReportKind};
use crate::error::RenderError;
use crate::format::money;
use crate::format::template::{filters_environment, template_error};
use crate::metric;
use crate::results::{AUDIT_MARK, sha256_hex};
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
    /// Which central figure the chart shows, in words.
    central: &'static str,
}

/// Which central figure each chart shows, so that a reader can tell why a chart's figure differs
/// from a table's (the glossary explains mean, median and tornado base once).
fn central_figure(name: &str) -> &'static str {
    match name {
        "cost" => {
            "Central figure: the median (P50) of each option's total cost; the band is P10 to P90."
        }
        "cash" => "Central figure: the median (P50) of each year's cash; the band is P10 to P90.",
        "people" => "Central figure: the mean over the simulated futures; whiskers are P10 to P90.",
        "cloud" => "Each dot is one simulated future; outlined dots are each option's medians.",
        "swing" => {
            "Central figure: the tornado base, every input at its own median; bars show the result with one input at its P10 and at its P90."
        }
        "rank" => "No central figure: each bar is a rank correlation over all simulated futures.",
        "ceac" => {
            "Each line is the share of simulated futures in which the option gives the highest net benefit at that willingness to pay."
        }
        "plane" => {
            "Each dot is one simulated future: the option's extra effect and extra cost against the reference."
        }
        "ranks" => {
            "No central figure: each bar splits the simulated futures by the rank the option takes on the criteria."
        }
        _ => "Each line is the share of simulated futures at each value of the swept input.",
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
            "appraise report, appendix or notice",
        ));
    };
    let text = render_text(report, extension, extension, template)?;
    write_text(out, &text)
}

/// The text of a report, appendix or notice from its template `KIND.EXTENSION.j2` (or the
/// user's), for the output `target` ("md", "html", or "docx" for Markdown read back into Word).
///
/// # Errors
/// [`RenderError::Template`] when the template fails to load or render.
pub(super) fn render_text(
    report: &ReportDocument,
    extension: &str,
    target: &str,
    template: Option<&Path>,
) -> Result<String, RenderError> {
    let data = report
        .data
        .as_ref()
        .expect("a Markdown, HTML or Word document is prepared with its analyses");
    let ctx = build(report, data, target);
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
    Ok(text)
}

/// The SVG of each chart of a document prepared with charts, by name.
pub(super) fn charts_of(report: &ReportDocument) -> BTreeMap<String, String> {
    report
        .data
        .as_ref()
        .and_then(|d| d.charts.as_ref())
        .map_or_else(BTreeMap::new, |c| {
            draw_charts(c)
                .into_iter()
                .map(|(name, chart)| (name, chart.svg))
                .collect()
        })
}

/// Builds the template context.
fn build(doc: &ReportDocument, data: &ReportData, target: &str) -> Value {
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
        target => target,
        date => doc.date.clone(),
        assumptions => Value::from(Serde(&data.assumptions)),
        glossary => Value::from(Serde(&data.glossary)),
        notice => Value::from(Serde(&data.notice)),
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
        decision => Value::from(Serde(&data.decision)),
        // Always defined for templates, though the JSON leaves them out when empty.
        correlations => Value::from(Serde(&r.correlations)),
        convergence => Value::from(()),
        within_budget => within_budget,
        precision => precision,
        optimism => Value::from(Serde(&data.optimism)),
        clamped_inputs => r.inputs.iter().filter(|i| i.clamped > 0).count(),
        heat_map => Value::from(Serde(&data.heat_map)),
        option_rgb => (0..r.options.len()).map(charts::option_rgb).collect::<Vec<_>>(),
        audit_mark => AUDIT_MARK,
        audit_record => Value::from_safe_string(r.audit.embedded()),
        ..Value::from(Serde(r))
    }
}

/// A built-in template: its name and text, embedded from `templates/`.
macro_rules! built_in {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

/// The built-in templates, by name: the documents, and the partials they include.
const BUILT_IN: [(&str, &str); 25] = built_in![
    "style.css.j2",
    "report.md.j2",
    "report.html.j2",
    "appendix.md.j2",
    "appendix.html.j2",
    "notice.md.j2",
    "notice.html.j2",
    "decision.md.j2",
    "decision.html.j2",
    "variants.md.j2",
    "variants.html.j2",
    "summary.md.j2",
    "summary.html.j2",
    "assumptions.md.j2",
    "assumptions.html.j2",
    "glossary.md.j2",
    "glossary.html.j2",
    "audit.md.j2",
    "audit.html.j2",
    "heatmap.md.j2",
    "heatmap.html.j2",
    "mca.md.j2",
    "mca.html.j2",
    "voi.md.j2",
    "voi.html.j2",
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
                "the template folder {} has no {wanted}\n  = allowed: a folder holding templates named like the built-in ones: report.md.j2, report.html.j2, appendix.md.j2, appendix.html.j2, notice.md.j2, notice.html.j2",
                path.display()
            )));
        }
        // Partials in the folder (audit.html.j2, decision.md.j2, …) replace the built-in ones.
        for (n, _) in BUILT_IN {
            let partial = path.join(n);
            if n != wanted && partial.is_file() {
                env.add_template_owned(n.to_string(), read(&partial)?)
                    .map_err(|e| RenderError::Template(template_error(&e)))?;
            }
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

/// SHA-256 of the template text a report of `kind` in `extension` ("md", "html") is rendered
/// with: the user's template file (in a folder, the one named like the built-in), else every
/// built-in template. `None` when the user's template cannot be read (rendering says why).
pub fn template_sha256(kind: ReportKind, extension: &str, user: Option<&Path>) -> Option<String> {
    match user {
        None => {
            let mut all = Vec::new();
            for (name, src) in BUILT_IN {
                all.extend_from_slice(name.as_bytes());
                all.push(0);
                all.extend_from_slice(src.as_bytes());
                all.push(0);
            }
            Some(sha256_hex(&all))
        }
        Some(path) => {
            let file = if path.is_dir() {
                path.join(format!("{}.{extension}.j2", kind.name()))
            } else {
                path.to_path_buf()
            };
            std::fs::read(file).ok().map(|b| sha256_hex(&b))
        }
    }
}

fn draw_charts(c: &ReportCharts) -> BTreeMap<String, ChartOut> {
    let mut drawn = vec![
        ("cost", charts::cost_distribution(&c.results.cost)),
        ("cash", charts::cash_by_year(&c.results.cash)),
        ("people", charts::people(&c.results.people)),
        ("cloud", charts::cost_vs_completions(&c.results.cloud)),
        ("ceac", charts::ceac(&c.ceac)),
    ];
    if let Some((unit, plane)) = &c.plane {
        drawn.push(("plane", charts::ce_plane(unit, plane)));
    }
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
        .map(|(name, c)| {
            (
                name.to_string(),
                ChartOut {
                    title: c.title,
                    svg: c.svg,
                    alt: c.alt,
                    central: central_figure(name),
                },
            )
        })
        .collect()
}
