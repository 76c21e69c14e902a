//! The Markdown a document's template writes, read back into blocks (headings, paragraphs,
//! lists, tables, images, page breaks) that a word processor's file is built from. The Markdown
//! template is the one layout of each document; this reads it with pulldown-cmark (tables on)
//! rather than keeping a second layout in code.
//!
//! Two conventions go beyond plain Markdown: an image whose address is `chart:NAME` is the
//! document's chart of that name, and the HTML comment `<!-- page break -->` starts a new page.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A piece of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The words.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Code (a path, set in a fixed-width font).
    pub code: bool,
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 6.
    Heading(u8, Vec<Span>),
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// A list item at a depth (1 for the outer list), numbered or bulleted.
    Item {
        /// 1 for a top-level item.
        depth: u8,
        /// The item's number in a numbered list.
        number: Option<u64>,
        /// Its text.
        spans: Vec<Span>,
    },
    /// A table: its header row, its body rows, and the alignment of each column.
    Table {
        /// Right-aligned columns.
        right: Vec<bool>,
        /// The header row.
        head: Vec<Vec<Span>>,
        /// The body rows.
        rows: Vec<Vec<Vec<Span>>>,
    },
    /// A chart, by name, with its title.
    Chart(String, String),
    /// A horizontal rule.
    Rule,
    /// Start a new page.
    PageBreak,
}

/// The blocks of a Markdown text.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        b.event(event);
    }
    b.blocks
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    bold: u32,
    italic: u32,
    /// Lists open: the next number of each (None: bulleted).
    lists: Vec<Option<u64>>,
    /// The item being written: its depth and number.
    item: Option<(u8, Option<u64>)>,
    table: Option<TableBuild>,
    image: Option<String>,
}

struct TableBuild {
    right: Vec<bool>,
    head: Vec<Vec<Span>>,
    rows: Vec<Vec<Vec<Span>>>,
    row: Vec<Vec<Span>>,
    in_head: bool,
}

impl Builder {
    fn text(&mut self, text: &str, code: bool) {
        if let Some(alt) = &mut self.image {
            alt.push_str(text);
            return;
        }
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        match self.spans.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic && last.code == code => {
                last.text.push_str(text);
            }
            _ => self.spans.push(Span {
                text: text.to_string(),
                bold,
                italic,
                code,
            }),
        }
    }

    fn take(&mut self) -> Vec<Span> {
        let mut spans = std::mem::take(&mut self.spans);
        if let Some(first) = spans.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        if let Some(last) = spans.last_mut() {
            last.text = last.text.trim_end().to_string();
        }
        spans.retain(|s| !s.text.is_empty());
        spans
    }

    /// Ends the item's text so far as a block (an item's text ends at a nested list too).
    fn flush_item(&mut self) {
        if let Some((depth, number)) = self.item.take() {
            let spans = self.take();
            if !spans.is_empty() {
                self.blocks.push(Block::Item {
                    depth,
                    number,
                    spans,
                });
            }
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t, false),
            Event::Code(t) => self.text(&t, true),
            Event::SoftBreak => self.text(" ", false),
            Event::HardBreak => self.text("\n", false),
            Event::Html(h) | Event::InlineHtml(h) => {
                let h = h.trim();
                if h == "<!-- page break -->" {
                    self.blocks.push(Block::PageBreak);
                } else if h.eq_ignore_ascii_case("<br>") {
                    self.text("\n", false);
                }
            }
            Event::Rule => self.blocks.push(Block::Rule),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::List(first) => {
                self.flush_item();
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush_item();
                let depth = self.lists.len() as u8;
                let number = self.lists.last_mut().and_then(|n| {
                    let now = *n;
                    if let Some(k) = n {
                        *k += 1;
                    }
                    now
                });
                self.item = Some((depth, number));
            }
            Tag::Table(align) => {
                self.table = Some(TableBuild {
                    right: align.iter().map(|a| *a == Alignment::Right).collect(),
                    head: Vec::new(),
                    rows: Vec::new(),
                    row: Vec::new(),
                    in_head: false,
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::Image { dest_url, .. } => {
                self.image = Some(String::new());
                if let Some(name) = dest_url.strip_prefix("chart:") {
                    self.blocks
                        .push(Block::Chart(name.to_string(), String::new()));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Heading(level) => {
                let spans = self.take();
                self.blocks.push(Block::Heading(level_number(level), spans));
            }
            TagEnd::Paragraph => {
                if self.item.is_some() {
                    return;
                }
                let spans = self.take();
                if !spans.is_empty() {
                    self.blocks.push(Block::Paragraph(spans));
                }
            }
            TagEnd::Item => self.flush_item(),
            TagEnd::List(_) => {
                self.flush_item();
                self.lists.pop();
            }
            TagEnd::TableCell => {
                let cell = self.take();
                if let Some(t) = &mut self.table {
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.head = std::mem::take(&mut t.row);
                    t.in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(Block::Table {
                        right: t.right,
                        head: t.head,
                        rows: t.rows,
                    });
                }
            }
            TagEnd::Image => {
                let alt = self.image.take().unwrap_or_default();
                if let Some(Block::Chart(_, title)) = self.blocks.last_mut() {
                    *title = alt;
                }
            }
            _ => {}
        }
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(spans: &[Span]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn markdown_reads_back_as_blocks() {
        let md = "# Title\n\nSome **bold** text.\n\n- one\n- two\n  - under\n\n\
                  | A | B |\n| --- | ---: |\n| x | 1 |\n| y | 2 |\n\n\
                  ![Cost](chart:cost)\n\n<!-- page break -->\n\n1. first\n2. second\n";
        let b = parse(md);
        assert!(matches!(&b[0], Block::Heading(1, s) if words(s) == "Title"));
        let Block::Paragraph(p) = &b[1] else {
            panic!("{:?}", b[1])
        };
        assert_eq!(words(p), "Some bold text.");
        assert!(p.iter().any(|s| s.bold && s.text == "bold"));
        assert!(
            matches!(&b[2], Block::Item { depth: 1, number: None, spans } if words(spans) == "one")
        );
        assert!(matches!(&b[4], Block::Item { depth: 2, .. }));
        let Block::Table { right, head, rows } = &b[5] else {
            panic!("{:?}", b[5])
        };
        assert_eq!(right, &[false, true]);
        assert_eq!(words(&head[1]), "B");
        assert_eq!(words(&rows[1][0]), "y");
        assert_eq!(b[6], Block::Chart("cost".into(), "Cost".into()));
        assert_eq!(b[7], Block::PageBreak);
        assert!(matches!(
            &b[8],
            Block::Item {
                number: Some(1),
                ..
            }
        ));
        assert!(matches!(
            &b[9],
            Block::Item {
                number: Some(2),
                ..
            }
        ));
    }
}
