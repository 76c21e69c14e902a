//! Rendering: one renderer per output format, each behind [`Render`]. A renderer reads a
//! [`Document`] and writes bytes; it never samples, simulates, runs an analysis or reads the
//! engine's columns. Writing files is the output step's job, after rendering.

pub mod charts;
mod csv;
pub mod docx;
mod json;
mod samples;
mod table;
mod template;
mod xlsx;

pub use csv::Csv;
pub use docx::Docx;
pub use json::Json;
pub use samples::SamplesCsv;
pub use table::{Table, validated};
pub use template::{Html, Markdown};
pub use xlsx::{Xlsx, option_sheet_names, report_workbook, workbook};

use crate::document::Document;
use crate::error::RenderError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A renderer: a document in one format.
pub trait Render {
    /// Writes `doc` in this format to `out`.
    ///
    /// # Errors
    /// [`RenderError::Unsupported`] when this format does not render this document; the
    /// format's own errors (a user's template, the spreadsheet); [`RenderError::Io`] when
    /// `out` cannot be written.
    fn render_to(&self, doc: &Document, out: &mut dyn Write) -> Result<(), RenderError>;

    /// `doc` in this format, as bytes.
    ///
    /// # Errors
    /// As [`Render::render_to`].
    fn render(&self, doc: &Document) -> Result<Vec<u8>, RenderError> {
        let mut bytes = Vec::new();
        self.render_to(doc, &mut bytes)?;
        Ok(bytes)
    }
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tables for the terminal.
    Table,
    /// JSON.
    Json,
    /// CSV.
    Csv,
    /// Markdown.
    Markdown,
    /// One self-contained HTML file.
    Html,
    /// An Excel workbook.
    Xlsx,
    /// A Word document.
    Docx,
}

impl Format {
    /// The format an output file name implies, from its extension (documents only).
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// The renderer of this format; `template` is a user's template for Markdown and HTML.
    pub fn renderer(self, template: Option<PathBuf>) -> Box<dyn Render> {
        match self {
            Format::Table => Box::new(Table),
            Format::Json => Box::new(Json),
            Format::Csv => Box::new(Csv),
            Format::Markdown => Box::new(Markdown { template }),
            Format::Html => Box::new(Html { template }),
            Format::Xlsx => Box::new(Xlsx),
            Format::Docx => Box::new(Docx { template }),
        }
    }
}

/// A number for CSV: the shortest text that reads back to the same f64; empty when undefined.
pub fn csv_number(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x}")
    }
}

/// The error of a format asked to render a document it does not render.
fn unsupported(format: &'static str, doc: &Document, allowed: &'static str) -> RenderError {
    RenderError::Unsupported {
        format,
        document: doc.describe(),
        allowed,
    }
}

/// Text into a writer.
fn write_text(out: &mut dyn Write, text: &str) -> Result<(), RenderError> {
    out.write_all(text.as_bytes())
        .map_err(|e| RenderError::Io(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_extensions() {
        assert_eq!(Format::from_path(Path::new("a.HTML")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("a.md")), Some(Format::Markdown));
        assert_eq!(Format::from_path(Path::new("a.xlsx")), Some(Format::Xlsx));
        assert_eq!(Format::from_path(Path::new("a.docx")), Some(Format::Docx));
        assert_eq!(Format::from_path(Path::new("a.pdf")), None);
    }
}
