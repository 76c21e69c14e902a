//! Reports: the SWOT-plus-numbers appraisal report and the decision-notice appendix, in
//! Markdown, HTML and (for the report) a spreadsheet.
//!
//! Templates are minijinja, embedded from `templates/` and overridable with `--template`. They
//! read one context: every field of the JSON results at the top level (`title`, `options`,
//! `comparison`, `inputs`, `audit`, …) plus a few prepared helpers (`date`, `swot`, `charts`,
//! `cash`, `best`, …) and formatting filters. Undefined values are errors, so a typo in a template
//! fails loudly with the template's name and line.

mod analysis;
pub use crate::render::charts;
mod context;
mod env;
pub mod xlsx;

use crate::Appraisal;
use std::path::{Path, PathBuf};

pub use env::{filters_environment, template_error};

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// The appraisal report.
    Report,
    /// The decision-notice appendix.
    Appendix,
}

impl Document {
    fn name(self) -> &'static str {
        match self {
            Document::Report => "report",
            Document::Appendix => "appendix",
        }
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown.
    Markdown,
    /// One self-contained HTML file.
    Html,
    /// An Excel workbook (report only).
    Xlsx,
}

impl Format {
    /// The format an output file name implies, from its extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        }
    }
}

/// How to render.
#[derive(Debug, Clone)]
pub struct Options {
    /// Report or appendix.
    pub document: Document,
    /// Output format.
    pub format: Format,
    /// A user's template file or folder instead of the built-in one.
    pub template: Option<PathBuf>,
    /// The date printed in the audit block, "YYYY-MM-DD".
    pub date: String,
    /// Willingness to pay to mark (£ per unit of `effect`), if the user gave one.
    pub wtp: Option<f64>,
    /// The effect metric of the willingness-to-pay analysis.
    pub effect: String,
    /// A sweep to chart, if the user asked for one.
    pub sweep: Option<Sweep>,
}

/// A sweep of one input, for the report's sweep section.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The swept input's path.
    pub param: String,
    /// Each value (as written) and the results there.
    pub points: Vec<(String, crate::results::Results)>,
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A SWOT item of the scenario failed to render.
    #[error(
        "error: option '{option}', {section} item {index} could not be filled in: {message}\n  the item: {item}\n  = allowed: text with expressions such as {{{{ p_over_budget | pct }}}}, {{{{ p_start_within(6) | pct }}}}, {{{{ p_cost_above(100000) | pct }}}}, {{{{ metric(\"cost\").p50 | money }}}}, {{{{ p_best | pct }}}}"
    )]
    Swot {
        /// Option id.
        option: String,
        /// strengths, weaknesses, opportunities or threats.
        section: &'static str,
        /// 1-based item number.
        index: usize,
        /// The item as written.
        item: String,
        /// What went wrong.
        message: String,
    },
    /// A template failed to load or render.
    #[error("error: {0}")]
    Template(String),
    /// The spreadsheet could not be built.
    #[error("error: cannot build the spreadsheet: {0}")]
    Xlsx(String),
    /// A request that cannot be met (e.g. an appendix as a spreadsheet).
    #[error("error: {0}")]
    Unsupported(String),
}

impl ReportError {
    /// 2 for the user's input (a scenario's SWOT item, a template), 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            ReportError::Swot { .. } | ReportError::Template(_) | ReportError::Unsupported(_) => 2,
            ReportError::Xlsx(_) => 1,
        }
    }
}

/// The built-in templates, by name.
pub const BUILT_IN: [(&str, &str); 5] = [
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

/// Renders a document of a finished run.
pub fn render(a: &Appraisal, opts: &Options) -> Result<Vec<u8>, ReportError> {
    if opts.format == Format::Xlsx {
        if opts.document == Document::Appendix {
            return Err(ReportError::Unsupported(
                "the appendix is written as Markdown or HTML, not as a spreadsheet\n  = allowed: -o appendix.md or -o appendix.html (or --format md|html)".into(),
            ));
        }
        return xlsx::workbook(&a.results, &opts.date)
            .map_err(|e| ReportError::Xlsx(e.to_string()));
    }
    let swot = context::render_swot(a)?;
    let html = opts.format == Format::Html;
    let extra = analysis::extra(a, opts, html)?;
    let ctx = context::build(a, swot, &opts.date, html, &extra);
    let name = format!("{}.{}.j2", opts.document.name(), opts.format.name());
    let mut env = filters_environment(a.results.years.clone());
    let template_name = match &opts.template {
        None => {
            for (n, src) in BUILT_IN {
                env.add_template(n, src)
                    .map_err(|e| ReportError::Template(template_error(&e)))?;
            }
            name
        }
        Some(path) => load_user_template(&mut env, path, &name)?,
    };
    let tmpl = env
        .get_template(&template_name)
        .map_err(|e| ReportError::Template(template_error(&e)))?;
    let mut out = tmpl
        .render(ctx)
        .map_err(|e| ReportError::Template(template_error(&e)))?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out.into_bytes())
}

/// Loads a user's template: a file (used whatever its name) or a folder holding templates named
/// like the built-in ones (`report.html.j2`, …). Built-in templates stay available to
/// `{% extends %}` and `{% include %}` under their own names.
fn load_user_template(
    env: &mut minijinja::Environment<'static>,
    path: &Path,
    wanted: &str,
) -> Result<String, ReportError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| {
            ReportError::Template(format!(
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
            .map_err(|e| ReportError::Template(template_error(&e)))?;
    }
    if path.is_dir() {
        let file = path.join(wanted);
        if !file.is_file() {
            return Err(ReportError::Template(format!(
                "the template folder {} has no {wanted}\n  = allowed: a folder holding templates named like the built-in ones: report.md.j2, report.html.j2, appendix.md.j2, appendix.html.j2",
                path.display()
            )));
        }
        let src = read(&file)?;
        let user_name = format!("user/{wanted}");
        env.add_template_owned(user_name.clone(), src)
            .map_err(|e| ReportError::Template(template_error(&e)))?;
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
        .map_err(|e| ReportError::Template(template_error(&e)))?;
    Ok(user_name)
}

/// Today's date (UTC) as "YYYY-MM-DD".
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// The calendar date of a day count since 1970-01-01 (H. Hinnant's civil_from_days).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Checks a `--date` value.
pub fn parse_date(s: &str) -> Result<String, String> {
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let ok = shape && {
        let (y, m, d) = (
            s[..4].parse::<i64>().unwrap_or(0),
            s[5..7].parse::<u32>().unwrap_or(0),
            s[8..10].parse::<u32>().unwrap_or(0),
        );
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        (1..=days).contains(&d)
    };
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "'{s}' is not a date in the form YYYY-MM-DD, e.g. 2026-07-31"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_779), "2026-11-22");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn formats_follow_extensions() {
        assert_eq!(Format::from_path(Path::new("a.HTML")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("a.md")), Some(Format::Markdown));
        assert_eq!(Format::from_path(Path::new("a.xlsx")), Some(Format::Xlsx));
        assert_eq!(Format::from_path(Path::new("a.pdf")), None);
    }

    #[test]
    fn dates_are_checked() {
        assert!(parse_date("2026-07-31").is_ok());
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("31/07/2026").is_err());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2028-02-29").is_ok());
        assert!(parse_date("2100-02-29").is_err());
    }
}
