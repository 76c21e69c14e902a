//! Word documents (.docx) of the report, the appendix and the notice, for originators who edit
//! them and paste them into their authority's template. The document's Markdown template is
//! rendered (with its charts named `chart:NAME`), read back into blocks, and written with
//! docx-rs: Word's own heading styles (Heading 1 to 3, so the navigation pane and a table of
//! contents work), tables whose first row is a header row repeated on every page, bulleted
//! lists, page breaks, and the charts as PNG drawn from the same SVG as the HTML
//! ([`crate::render::charts::to_png`]). A4, 2 cm margins, Arial (Liberation Sans where Arial is
//! missing). The same document and date give the same bytes.

mod blocks;

pub use blocks::{Block, Span, parse};

use super::charts::to_png;
use super::template::{charts_of, render_text};
use super::{Render, unsupported};
use crate::document::Document;
use crate::error::RenderError;
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx as Word, IndentLevel, Level, LevelJc,
    LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin, Paragraph, Pic, Run,
    RunFonts, Shading, SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableRow,
    WidthType,
};
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::PathBuf;

/// The Word renderer of reports, appendices and notices.
pub struct Docx {
    /// A user's Markdown template file or folder instead of the built-in one.
    pub template: Option<PathBuf>,
}

impl Render for Docx {
    fn render_to(&self, doc: &Document, out: &mut dyn Write) -> Result<(), RenderError> {
        let Document::Report(report) = doc else {
            return Err(unsupported(
                "Word",
                doc,
                "appraise report, appendix or notice -o FILE.docx",
            ));
        };
        let markdown = render_text(report, "md", "docx", self.template.as_deref())?;
        let charts = charts_of(report);
        let bytes = word(
            &parse(&markdown),
            &charts,
            &report.date,
            &report.results.title,
        )?;
        out.write_all(&bytes)
            .map_err(|e| RenderError::Io(e.to_string()))
    }
}

/// Width of the text on an A4 page with 2 cm margins, in EMU (1 cm = 360,000 EMU).
const TEXT_WIDTH_EMU: u32 = 17 * 360_000;
/// Pixels across a chart's PNG: sharp when printed at the text width.
const CHART_PX: u32 = 1600;
/// Twips (1/20 pt) in 2 cm.
const MARGIN: i32 = 1134;
/// Width of the text in twips: A4's 21 cm less two margins.
const TEXT_WIDTH_TWIPS: u32 = 11_906 - 2 * 1134;
/// The font of every run.
const FONT: &str = "Arial";
/// Header cells' shading and the rule colour.
const HEADER_FILL: &str = "DDEBF7";
/// The numbering of bulleted lists (docx-rs defines a numbered list of its own as 1).
const BULLETS: usize = 100;

/// The blocks as a .docx file. `charts` maps a chart's name to its SVG; `date`
/// ("YYYY-MM-DD") is the document's creation date.
///
/// # Errors
/// [`RenderError::Docx`] when a chart cannot be drawn or the file cannot be packed.
pub fn word(
    blocks: &[Block],
    charts: &BTreeMap<String, String>,
    date: &str,
    title: &str,
) -> Result<Vec<u8>, RenderError> {
    let mut w = Word::new()
        .page_size(11_906, 16_838)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .default_fonts(fonts())
        .default_size(20)
        .created_at(&format!("{date}T00:00:00Z"))
        .updated_at(&format!("{date}T00:00:00Z"))
        .custom_property("Title", title);
    for (id, name, size, level) in [
        ("Heading1", "heading 1", 32, 0),
        ("Heading2", "heading 2", 26, 1),
        ("Heading3", "heading 3", 22, 2),
    ] {
        w = w.add_style(
            Style::new(id, StyleType::Paragraph)
                .name(name)
                .based_on("Normal")
                .next("Normal")
                .bold()
                .size(size)
                .color("1B1F24")
                .fonts(fonts())
                .outline_lvl(level)
                .line_spacing(LineSpacing::new().before(240).after(80)),
        );
    }
    w = w
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS)
                .add_level(bullet_level(0, "•", 360))
                .add_level(bullet_level(1, "–", 720)),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS));
    let mut pictures = 0;
    let mut keep_next = false;
    for b in blocks {
        match b {
            Block::Heading(level, spans) => {
                let level = (*level).clamp(1, 3);
                w = w.add_paragraph(
                    runs(Paragraph::new(), spans, None)
                        .style(&format!("Heading{level}"))
                        .keep_next(true)
                        .keep_lines(true),
                );
                keep_next = true;
            }
            Block::Paragraph(spans) => {
                w = w.add_paragraph(
                    runs(Paragraph::new(), spans, None)
                        .line_spacing(LineSpacing::new().after(120))
                        .keep_next(keep_next && ends_with_colon(spans)),
                );
                keep_next = false;
            }
            Block::Item {
                depth,
                number,
                spans,
            } => {
                let p = match number {
                    Some(n) => runs(
                        Paragraph::new().add_run(Run::new().add_text(format!("{n}.\t"))),
                        spans,
                        None,
                    )
                    .indent(
                        Some(360),
                        Some(SpecialIndentType::Hanging(360)),
                        None,
                        None,
                    ),
                    None => runs(Paragraph::new(), spans, None).numbering(
                        NumberingId::new(BULLETS),
                        IndentLevel::new(usize::from(depth.saturating_sub(1)).min(1)),
                    ),
                };
                w = w.add_paragraph(p.line_spacing(LineSpacing::new().after(60)));
            }
            Block::Table { right, head, rows } => {
                w = w.add_table(table(right, head, rows));
                // An empty paragraph keeps two tables from merging into one.
                w = w.add_paragraph(Paragraph::new().size(8));
                keep_next = false;
            }
            Block::Chart(name, _) => {
                let Some(svg) = charts.get(name) else {
                    continue;
                };
                let png = to_png(svg, CHART_PX).map_err(|e| RenderError::Docx(e.to_string()))?;
                let (px_w, px_h) = png_size(&png).ok_or_else(|| {
                    RenderError::Docx(format!("the chart {name} has no PNG header"))
                })?;
                pictures += 1;
                let height = (f64::from(TEXT_WIDTH_EMU) * f64::from(px_h) / f64::from(px_w)) as u32;
                let pic = Pic::new_with_dimensions(png, px_w, px_h)
                    .id(format!("rIdChart{pictures}"))
                    .size(TEXT_WIDTH_EMU, height);
                w = w.add_paragraph(
                    Paragraph::new()
                        .add_run(Run::new().add_image(pic))
                        .keep_next(true),
                );
            }
            Block::Rule => {
                w = w.add_paragraph(
                    Paragraph::new().add_run(Run::new().add_text("———").color("808080")),
                );
            }
            Block::PageBreak => {
                w = w
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
            }
        }
    }
    let mut xml = w.build();
    xml.document = header_rows(&xml.document);
    let mut buf = Cursor::new(Vec::new());
    xml.pack(&mut buf)
        .map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}

fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT)
}

fn bullet_level(level: usize, symbol: &str, indent: i32) -> Level {
    Level::new(
        level,
        Start::new(1),
        NumberFormat::new("bullet"),
        LevelText::new(symbol),
        LevelJc::new("left"),
    )
    .indent(
        Some(indent),
        Some(SpecialIndentType::Hanging(240)),
        None,
        None,
    )
}

fn ends_with_colon(spans: &[Span]) -> bool {
    spans
        .last()
        .is_some_and(|s| s.text.trim_end().ends_with(':'))
}

/// The spans as runs of `p`; `size` in half-points overrides the default.
fn runs(mut p: Paragraph, spans: &[Span], size: Option<usize>) -> Paragraph {
    for s in spans {
        for (i, line) in s.text.split('\n').enumerate() {
            let mut r = Run::new();
            if i > 0 {
                r = r.add_break(BreakType::TextWrapping);
            }
            r = r.add_text(line);
            if s.bold {
                r = r.bold();
            }
            if s.italic {
                r = r.italic();
            }
            if s.code {
                r = r.fonts(RunFonts::new().ascii("Consolas").hi_ansi("Consolas"));
            }
            if let Some(size) = size {
                r = r.size(size);
            }
            p = p.add_run(r);
        }
    }
    p
}

/// A table across the text width: header cells bold on a tint, numbers right-aligned, rows
/// kept whole across pages.
fn table(right: &[bool], head: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) -> Table {
    let widths = column_widths(head, rows);
    let cell = |spans: &[Span], col: usize, header: bool| {
        let mut p = runs(Paragraph::new(), spans, Some(17));
        if right.get(col).copied().unwrap_or(false) {
            p = p.align(AlignmentType::Right);
        }
        let width = widths.get(col).copied().unwrap_or(0);
        let mut c = TableCell::new()
            .add_paragraph(p)
            .width(width, WidthType::Dxa);
        if header {
            c = c.shading(Shading::new().fill(HEADER_FILL));
        }
        c
    };
    let mut out = Vec::with_capacity(rows.len() + 1);
    let head_cells: Vec<TableCell> = head
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let bold: Vec<Span> = s
                .iter()
                .map(|x| Span {
                    bold: true,
                    ..x.clone()
                })
                .collect();
            cell(&bold, i, true)
        })
        .collect();
    // Its shaded cells mark it for `header_rows`, which makes it Word's repeating header row.
    out.push(TableRow::new(head_cells).cant_split());
    for row in rows {
        let cells = (0..head.len().max(row.len()))
            .map(|i| cell(row.get(i).map_or(&[][..], Vec::as_slice), i, false))
            .collect();
        out.push(TableRow::new(cells).cant_split());
    }
    Table::new(out)
        .set_grid(widths.clone())
        .width(widths.iter().sum(), WidthType::Dxa)
}

/// Width of each column (twips) across the text width: in proportion to the longest line of
/// text the column holds, each at least a short word wide and none more than a third of the
/// page, so that short numeric columns stay narrow and text columns get the room.
fn column_widths(head: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) -> Vec<usize> {
    let n = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if n == 0 {
        return Vec::new();
    }
    let longest = |spans: &[Span]| {
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        text.split('\n')
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
    };
    let weights: Vec<f64> = (0..n)
        .map(|c| {
            let body = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| longest(s))
                .max()
                .unwrap_or(0);
            // Header words wrap, so only the longest word counts.
            let head_word = head.get(c).map_or(0, |s| {
                s.iter()
                    .flat_map(|x| x.text.split_whitespace())
                    .map(|w| w.chars().count())
                    .max()
                    .unwrap_or(0)
            });
            (body.max(head_word).clamp(5, 60) as f64).sqrt()
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let width = f64::from(TEXT_WIDTH_TWIPS);
    let mut widths: Vec<f64> = weights.iter().map(|w| width * w / total).collect();
    // No column wider than a third of the page while others need room.
    let cap = width / 3.0;
    if n > 3 && widths.iter().any(|w| *w > cap) {
        let excess: f64 = widths.iter().map(|w| (w - cap).max(0.0)).sum();
        let room: f64 = widths.iter().filter(|w| **w < cap).sum();
        for w in &mut widths {
            *w = if *w > cap {
                cap
            } else {
                *w + excess * *w / room
            };
        }
    }
    widths.iter().map(|w| w.round() as usize).collect()
}

/// docx-rs writes no `w:tblHeader`, Word's "repeat as header row at the top of each page". A
/// header row is the only row whose cells are shaded [`HEADER_FILL`], so the property is added
/// to each row that starts with such a cell.
fn header_rows(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    let fill = format!("w:fill=\"{HEADER_FILL}\"");
    let mut rows = text.split("<w:tr>");
    let mut out = rows.next().unwrap_or_default().to_string();
    for row in rows {
        out.push_str("<w:tr>");
        let first_cell = row.split("</w:tcPr>").next().unwrap_or_default();
        if first_cell.contains(&fill) {
            out.push_str(&row.replacen("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />", 1));
        } else {
            out.push_str(row);
        }
    }
    out.into_bytes()
}

/// Width and height of a PNG from its header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[1..4] != b"PNG" {
        return None;
    }
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    Some((be(16), be(20)))
}
