//! Stage 5 — the body: pulldown-cmark events of the rendered Markdown → docx-rs paragraphs
//! and tables (14 pt, justified, first line indented; list items as literal "- ", "+ ",
//! "N. " prefixes; Markdown tables as bordered tables spanning the text width).

use docx_rs::{
    AlignmentType, BorderType, Paragraph, SpecialIndentType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};
use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

use super::style;
use super::text::{add_pieces, empty_run, pieces, spacing, Format, Ids, Piece};

/// A block of the body, in document order.
#[derive(Debug)]
pub enum Block {
    /// A paragraph.
    Paragraph(Box<Paragraph>),
    /// A table.
    Table(Box<Table>),
}

/// A stretch of text with one format.
#[derive(Debug, Clone)]
struct Span {
    piece: Piece,
    bold: bool,
    italic: bool,
    strike: bool,
}

/// How a paragraph is laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Justified, first line indented.
    Body,
    /// Like body, all bold, kept with the next paragraph.
    Heading,
    /// Literal text (code, HTML), left aligned.
    Literal,
}

#[derive(Debug)]
struct Para {
    kind: Kind,
    spans: Vec<Span>,
}

#[derive(Debug)]
struct List {
    /// `Some(next number)` for an ordered list.
    ordered: Option<u64>,
}

#[derive(Debug, Default)]
struct TableState {
    aligns: Vec<Alignment>,
    /// Rows of cells of spans; the first `head` rows are header rows.
    rows: Vec<Vec<Vec<Span>>>,
    head: usize,
    row: Vec<Vec<Span>>,
    cell: Vec<Span>,
}

/// Turns pulldown-cmark events into blocks.
struct Builder<'a> {
    ids: &'a mut Ids,
    out: Vec<Block>,
    para: Option<Para>,
    /// The prefix ("- ", "+ ", "3. ") the next paragraph of a list item starts with.
    prefix: Option<String>,
    lists: Vec<List>,
    table: Option<TableState>,
    bold: usize,
    italic: usize,
    strike: usize,
    heading: usize,
}

/// Converts the Markdown body into paragraphs and tables.
pub fn blocks(ids: &mut Ids, markdown: &str) -> Vec<Block> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut b = Builder {
        ids,
        out: Vec::new(),
        para: None,
        prefix: None,
        lists: Vec::new(),
        table: None,
        bold: 0,
        italic: 0,
        strike: 0,
        heading: 0,
    };
    for event in Parser::new_ext(markdown, options) {
        b.event(event);
    }
    b.flush();
    b.out
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            // newlines (code and HTML blocks) become breaks; trailing ones are dropped at flush
            Event::Text(t) => self.text(&t),
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::Html(t) => {
                if self.para.is_none() {
                    self.start_para(Kind::Literal);
                }
                self.text(&t);
            }
            Event::InlineHtml(t) => self.text(&t),
            Event::FootnoteReference(label) => self.text(&format!("[{label}]")),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push(Piece::Break),
            Event::Rule => {
                self.flush();
                let p = self.body_para(Kind::Body);
                self.out.push(Block::Paragraph(Box::new(p)));
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            // table cells hold inline text only
            Tag::Paragraph if self.table.is_none() => self.start_para(Kind::Body),
            Tag::Heading { .. } => {
                self.heading += 1;
                self.start_para(Kind::Heading);
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => self.start_para(Kind::Literal),
            Tag::BlockQuote(_) => self.flush(),
            Tag::List(start) => {
                self.flush();
                self.lists.push(List { ordered: start });
            }
            Tag::Item => {
                self.flush();
                let unordered_depth = self.lists.iter().filter(|l| l.ordered.is_none()).count();
                self.prefix = match self.lists.last_mut() {
                    Some(List { ordered: Some(n) }) => {
                        let p = format!("{n}. ");
                        *n = n.saturating_add(1);
                        Some(p)
                    }
                    _ if unordered_depth <= 1 => Some("- ".to_owned()),
                    _ => Some("+ ".to_owned()),
                };
            }
            Tag::Table(aligns) => {
                self.flush();
                self.table = Some(TableState {
                    aligns,
                    ..TableState::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.row.clear();
                }
            }
            Tag::TableCell => {
                if let Some(t) = &mut self.table {
                    t.cell.clear();
                }
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.prefix = Some(format!("[{label}] "));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::BlockQuote(_)
                if self.table.is_none() =>
            {
                self.flush()
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = self.heading.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.flush();
                self.prefix = None;
            }
            TagEnd::TableCell => {
                if let Some(t) = &mut self.table {
                    let cell = std::mem::take(&mut t.cell);
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                    t.head = t.rows.len();
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
                    let table = self.table_block(t);
                    if matches!(self.out.last(), Some(Block::Table(_))) {
                        // two tables in a row would merge into one
                        let p = self.body_para(Kind::Body);
                        self.out.push(Block::Paragraph(Box::new(p)));
                    }
                    self.out.push(Block::Table(Box::new(table)));
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            _ => {}
        }
    }

    /// Starts a paragraph of `kind`; the first one of a list item takes the item's prefix.
    fn start_para(&mut self, kind: Kind) {
        self.flush();
        let mut p = Para {
            kind,
            spans: Vec::new(),
        };
        if let Some(prefix) = self.prefix.take() {
            p.spans.push(Span::plain(prefix));
        }
        self.para = Some(p);
    }

    fn text(&mut self, t: &str) {
        for piece in pieces(t) {
            self.push(piece);
        }
    }

    fn push(&mut self, piece: Piece) {
        let span = Span {
            piece,
            bold: self.bold > 0 || self.heading > 0,
            italic: self.italic > 0,
            strike: self.strike > 0,
        };
        if let Some(t) = &mut self.table {
            t.cell.push(span);
            return;
        }
        if self.para.is_none() {
            // text directly in a (tight) list item
            self.start_para(Kind::Body);
        }
        if let Some(p) = &mut self.para {
            p.spans.push(span);
        }
    }

    /// Ends the current paragraph, if it has anything in it.
    fn flush(&mut self) {
        let Some(mut para) = self.para.take() else {
            return;
        };
        while matches!(
            para.spans.last(),
            Some(Span {
                piece: Piece::Break,
                ..
            })
        ) {
            para.spans.pop();
        }
        if para.spans.is_empty() {
            return;
        }
        let size = style::SZ_BODY;
        let mut p = self.body_para(para.kind);
        for r in runs(&para.spans, size) {
            p = p.add_run(r);
        }
        self.out.push(Block::Paragraph(Box::new(p)));
    }

    /// An empty body paragraph: 14 pt, justified, first line indented, 6 pt before.
    fn body_para(&mut self, kind: Kind) -> Paragraph {
        let f = Format::new(style::SZ_BODY);
        let p = self
            .ids
            .para(f)
            .align(if kind == Kind::Literal {
                AlignmentType::Left
            } else {
                AlignmentType::Both
            })
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(style::BODY_FIRST_LINE)),
                None,
                None,
            )
            .line_spacing(spacing(
                style::BODY_BEFORE,
                style::BODY_AFTER,
                style::BODY_LINE,
            ));
        if kind == Kind::Heading {
            p.keep_next(true)
        } else {
            p
        }
    }

    fn table_block(&mut self, t: TableState) -> Table {
        let cols = t
            .rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(t.aligns.len())
            .max(1);
        let grid = column_widths(&t.rows, cols);
        let border = |pos| {
            TableBorder::new(pos)
                .border_type(BorderType::Single)
                .size(style::TABLE_BORDER_SIZE)
                .color(style::COLOR)
        };
        let borders = TableBorders::with_empty()
            .set(border(TableBorderPosition::Top))
            .set(border(TableBorderPosition::Left))
            .set(border(TableBorderPosition::Bottom))
            .set(border(TableBorderPosition::Right))
            .set(border(TableBorderPosition::InsideH))
            .set(border(TableBorderPosition::InsideV));
        let mut rows = Vec::new();
        for (r, row) in t.rows.iter().enumerate() {
            let header = r < t.head;
            let mut cells = Vec::new();
            for (c, width) in grid.iter().enumerate() {
                let spans = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                let align = if header {
                    AlignmentType::Center
                } else {
                    match t.aligns.get(c) {
                        Some(Alignment::Center) => AlignmentType::Center,
                        Some(Alignment::Right) => AlignmentType::Right,
                        _ => AlignmentType::Left,
                    }
                };
                let mut f = Format::new(style::SZ_TABLE);
                f.bold = header;
                let mut p = self
                    .ids
                    .para(f)
                    .align(align)
                    .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                    .line_spacing(spacing(
                        style::TABLE_CELL_SPACING,
                        style::TABLE_CELL_SPACING,
                        style::LINE_SINGLE,
                    ));
                let spans: Vec<Span> = spans
                    .iter()
                    .cloned()
                    .map(|mut s| {
                        s.bold |= header;
                        s
                    })
                    .collect();
                for run in runs(&spans, style::SZ_TABLE) {
                    p = p.add_run(run);
                }
                cells.push(
                    TableCell::new()
                        .width(*width, WidthType::Dxa)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(p),
                );
            }
            rows.push(TableRow::new(cells).cant_split());
        }
        Table::new(rows)
            .set_borders(borders)
            .set_grid(grid)
            .width(style::TEXT_WIDTH, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
    }
}

impl Span {
    fn plain(text: String) -> Span {
        Span {
            piece: Piece::Text(text),
            bold: false,
            italic: false,
            strike: false,
        }
    }
}

/// Groups spans of equal format into runs.
fn runs(spans: &[Span], size: usize) -> Vec<docx_rs::Run> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = spans.get(i) {
        let same =
            |s: &Span| s.bold == first.bold && s.italic == first.italic && s.strike == first.strike;
        let mut j = i;
        let mut group = Vec::new();
        while let Some(s) = spans.get(j).filter(|s| same(s)) {
            match (&s.piece, group.last_mut()) {
                (Piece::Text(t), Some(Piece::Text(acc))) => acc.push_str(t),
                (piece, _) => group.push(piece.clone()),
            }
            j += 1;
        }
        let f = Format {
            size,
            bold: first.bold,
            italic: first.italic,
            strike: first.strike,
        };
        out.push(add_pieces(empty_run(f), &group));
        i = j;
    }
    out
}

/// Column widths proportional to the longest text of each column (clamped so no column is
/// starved), summing exactly to the text width.
fn column_widths(rows: &[Vec<Vec<Span>>], cols: usize) -> Vec<usize> {
    let weight = |c: usize| -> usize {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|cell| {
                cell.iter()
                    .map(|s| match &s.piece {
                        Piece::Text(t) => t.chars().count(),
                        _ => 1,
                    })
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0)
            .clamp(4, 40)
    };
    let weights: Vec<usize> = (0..cols).map(weight).collect();
    let total: usize = weights.iter().sum::<usize>().max(1);
    let min = style::TABLE_MIN_COLUMN.min(style::TEXT_WIDTH / cols.max(1));
    let spare = style::TEXT_WIDTH - min * cols;
    let mut widths: Vec<usize> = weights.iter().map(|w| min + spare * w / total).collect();
    let sum: usize = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += style::TEXT_WIDTH - sum;
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<String> {
        let mut ids = Ids::new();
        blocks(&mut ids, md)
            .into_iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.raw_text(),
                Block::Table(_) => "<table>".to_owned(),
            })
            .collect()
    }

    #[test]
    fn list_prefixes() {
        let md = "- a\n  - b\n    - c\n- d\n\n3. x\n4. y\n\ntext\n\n1. n\n1. o\n   - m\n";
        assert_eq!(
            texts(md),
            vec!["- a", "+ b", "+ c", "- d", "3. x", "4. y", "text", "1. n", "2. o", "- m"]
        );
    }

    #[test]
    fn loose_item_second_paragraph_has_no_prefix() {
        let md = "- first\n\n  second\n- third\n";
        assert_eq!(texts(md), vec!["- first", "second", "- third"]);
    }

    #[test]
    fn breaks_headings_rules_tables() {
        let md = "# Head\n\nline one  \nline two\nsoft\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let t = texts(md);
        assert_eq!(t[0], "Head");
        assert_eq!(t[1], "line one\nline two soft");
        assert_eq!(t[2], "");
        assert_eq!(t[3], "<table>");
    }

    #[test]
    fn widths_sum_to_text_width() {
        for cols in 1..12 {
            let rows = vec![vec![vec![Span::plain("x".repeat(cols * 7))]; cols]];
            let w = column_widths(&rows, cols);
            assert_eq!(w.iter().sum::<usize>(), style::TEXT_WIDTH);
            assert!(w
                .iter()
                .all(|&x| x >= style::TABLE_MIN_COLUMN.min(style::TEXT_WIDTH / cols)));
        }
    }
}
