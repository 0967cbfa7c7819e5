//! Stage 5 — the body: pulldown-cmark events of the rendered Markdown → docx-rs paragraphs
//! and tables (14 pt, justified, first line indented; list items as literal "- ", "+ ",
//! "N. " prefixes; Markdown tables as bordered tables spanning the text width).

use docx_rs::{
    AlignmentType, BorderType, Footnote, Paragraph, SpecialIndentType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableLayoutType, TableRow, VAlignType,
    VMergeType, VertAlignType, WidthType,
};
use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

use super::styles::id;
use super::text::{add_pieces, empty_run, pieces, spacing, Format, Ids, Piece};
use super::{style, Grid};

/// A block of the body, in document order.
#[derive(Debug)]
pub(crate) enum Block {
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
    /// A footnote reference: the note's number and text (the piece is empty).
    note: Option<(usize, String)>,
}

/// What the builder skips: the Markdown table a clerk's table marker stands for, or a
/// footnote's definition (it goes to the foot of the page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    No,
    /// Inside the marker's HTML block.
    Marker,
    /// The next table or HTML block.
    Next,
    Table,
    Html,
    Footnote,
}

/// How a paragraph is laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Justified, first line indented.
    Body,
    /// A heading of level 1–4 (I. / 1. / 1.1. / a)): like body, all bold, kept with the
    /// next paragraph.
    Heading(usize),
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
    grids: &'a [Grid],
    skip: Skip,
    /// Footnote definitions by label, and the labels in the order they are first referred to.
    notes: Vec<(String, String)>,
    numbered: Vec<String>,
    /// Footnotes of the bodies laid out before this one (their ids come first).
    note_base: usize,
    /// The width tables span: the page's text width (wider on a landscape page).
    text_width: usize,
}

/// Converts the Markdown body into paragraphs and tables; `grids` are the clerk's tables the
/// body's markers name; tables span `text_width` (twips). Footnotes (`[^1]` and
/// `[^1]: text`) become DOCX footnotes.
pub(crate) fn blocks(
    ids: &mut Ids,
    markdown: &str,
    grids: &[Grid],
    text_width: usize,
) -> Vec<Block> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_FOOTNOTES);
    let notes = footnote_texts(markdown, options);
    let mut b = Builder {
        grids,
        skip: Skip::No,
        notes,
        numbered: Vec::new(),
        note_base: 0,
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
        text_width,
    };
    let base = b.ids.notes;
    b.note_base = base;
    for event in Parser::new_ext(markdown, options) {
        b.event(event);
    }
    b.flush();
    b.ids.notes = base + b.numbered.len();
    b.out
}

/// The text of each footnote definition, by label.
fn footnote_texts(markdown: &str, options: Options) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                cur = Some((label.to_string(), String::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.extend(cur.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut cur {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = &mut cur {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// The index N of a `<!-- table N -->` marker.
fn marker(html: &str) -> Option<usize> {
    html.trim()
        .strip_prefix("<!-- table ")?
        .strip_suffix("-->")?
        .trim()
        .parse()
        .ok()
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>) {
        match (self.skip, &event) {
            (Skip::No, _) => {}
            (Skip::Marker, Event::End(TagEnd::HtmlBlock)) => {
                self.skip = Skip::Next;
                return;
            }
            (Skip::Next, Event::Start(Tag::Table(_))) => {
                self.skip = Skip::Table;
                return;
            }
            (Skip::Next, Event::Start(Tag::HtmlBlock)) => {
                self.skip = Skip::Html;
                return;
            }
            (Skip::Next, _) => self.skip = Skip::No,
            (Skip::Table, Event::End(TagEnd::Table))
            | (Skip::Html, Event::End(TagEnd::HtmlBlock))
            | (Skip::Footnote, Event::End(TagEnd::FootnoteDefinition)) => {
                self.skip = Skip::No;
                return;
            }
            _ => return,
        }
        if let Event::Html(t) = &event {
            if let Some(grid) = marker(t).and_then(|n| self.grids.get(n)) {
                self.para = None;
                let table = self.grid_table(grid);
                if matches!(self.out.last(), Some(Block::Table(_))) {
                    let p = self.body_para(Kind::Body);
                    self.out.push(Block::Paragraph(Box::new(p)));
                }
                self.out.push(Block::Table(Box::new(table)));
                self.skip = Skip::Marker;
                return;
            }
        }
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
            Event::FootnoteReference(label) => self.note(&label),
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
            Tag::Heading { level, .. } => {
                self.heading += 1;
                self.start_para(Kind::Heading(level as usize));
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
            Tag::FootnoteDefinition(_) => {
                self.flush();
                self.skip = Skip::Footnote;
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
            TagEnd::Item => {
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
        for piece in pieces(&keep_percent(t)) {
            self.push(piece);
        }
    }

    /// A footnote reference: numbered in the order of first reference.
    fn note(&mut self, label: &str) {
        let Some(text) = self
            .notes
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, t)| t.clone())
        else {
            return self.text(&format!("[^{label}]"));
        };
        // a note referred to again: its number, superscript, without a second footnote (a
        // w:footnote is referred to once; its id must stay unique)
        let (n, text) = match self.numbered.iter().position(|l| l == label) {
            Some(i) => (self.note_base + i + 1, String::new()),
            None => {
                self.numbered.push(label.to_string());
                (self.note_base + self.numbered.len(), text)
            }
        };
        self.push_span(Piece::Text(String::new()), Some((n, text)));
    }

    fn push(&mut self, piece: Piece) {
        self.push_span(piece, None)
    }

    fn push_span(&mut self, piece: Piece, note: Option<(usize, String)>) {
        let span = Span {
            piece,
            bold: self.bold > 0 || self.heading > 0,
            italic: self.italic > 0,
            strike: self.strike > 0,
            note,
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
        // a standalone heading takes the level of its numbering ("I." 1, "1." 2, "1.1." 3,
        // "a)" 4); unnumbered, 1 in capitals and 2 otherwise; a Markdown heading without
        // numbering keeps its Markdown level
        let kind = match para.kind {
            Kind::Body if is_heading(&para.spans) => {
                let text = plain_text(&para.spans);
                Kind::Heading(marker_level(&text).unwrap_or(
                    if text.chars().any(char::is_lowercase) {
                        2
                    } else {
                        1
                    },
                ))
            }
            Kind::Heading(l) => Kind::Heading(marker_level(&plain_text(&para.spans)).unwrap_or(l)),
            k => k,
        };
        let mut p = self.body_para(kind);
        if kind == Kind::Body {
            match para.spans.first().map(|s| &s.piece) {
                Some(Piece::Text(t)) if t.starts_with("- ") => p = p.style(id::LIST_DASH),
                Some(Piece::Text(t)) if t.starts_with("+ ") => p = p.style(id::LIST_PLUS),
                _ => {}
            }
        }
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
        match kind {
            Kind::Heading(level) => p.style(id::heading(level)).keep_next(true).keep_lines(true),
            _ => p.style(id::BODY),
        }
    }

    /// A clerk's table: header cells spanning columns (gridSpan) and rows (vMerge), header
    /// rows repeated on each page, rows that do not split, numeric columns aligned right.
    fn grid_table(&mut self, g: &Grid) -> Table {
        let all: Vec<&Vec<super::GridCell>> = g.header.iter().chain(&g.rows).collect();
        let head = g.header.len();
        // lay the cells out on the grid: each slot is a cell's start or a continuation
        #[derive(Clone)]
        enum Slot<'c> {
            Empty,
            Start(&'c super::GridCell),
            /// Covered by a cell starting in a row above, `cols` wide, at the cell's first column.
            Below(usize),
            /// Covered by a cell to the left.
            Right,
        }
        let mut slots: Vec<Vec<Slot>> = vec![Vec::new(); all.len()];
        for (r, row) in all.iter().enumerate() {
            let mut c = 0;
            for cell in row.iter() {
                while slots[r].get(c).is_some_and(|s| !matches!(s, Slot::Empty)) {
                    c += 1;
                }
                let rows = cell.rows.max(1).min(all.len() - r);
                let cols = cell.cols.max(1);
                for (dr, line) in slots.iter_mut().enumerate().skip(r).take(rows) {
                    if line.len() < c + cols {
                        line.resize(c + cols, Slot::Empty);
                    }
                    for dc in 0..cols {
                        line[c + dc] = match (dr == r, dc) {
                            (true, 0) => Slot::Start(cell),
                            (false, 0) => Slot::Below(cols),
                            _ => Slot::Right,
                        };
                    }
                }
                c += cols;
            }
        }
        let cols = slots.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for line in &mut slots {
            line.resize(cols, Slot::Empty);
        }
        let text_width = self.text_width;
        let grid = if g.widths.len() == cols && g.widths.iter().any(|&w| w > 0) {
            let weights: Vec<usize> = g.widths.iter().map(|&w| w as usize).collect();
            let mut w = share(text_width, &weights);
            let sum: usize = w.iter().sum();
            if let Some(last) = w.last_mut() {
                *last += text_width.saturating_sub(sum);
            }
            w
        } else {
            let rows: Vec<Vec<Vec<Span>>> = slots
                .iter()
                .enumerate()
                .map(|(r, line)| {
                    line.iter()
                        .map(|s| match s {
                            Slot::Start(cell) if cell.cols <= 1 => {
                                let mut sp = Span::plain(cell.text.clone());
                                sp.bold = r < head;
                                vec![sp]
                            }
                            _ => Vec::new(),
                        })
                        .collect()
                })
                .collect();
            column_widths(&rows, head, cols, text_width)
        };
        let borders = grid_borders();
        let mut rows = Vec::new();
        for (r, line) in slots.iter().enumerate() {
            let header = r < head;
            let mut cells = Vec::new();
            let mut c = 0;
            while c < cols {
                let (cell, span, merge) = match line.get(c) {
                    Some(Slot::Start(cell)) => {
                        let merge = (cell.rows > 1).then_some(VMergeType::Restart);
                        (Some(*cell), cell.cols.max(1), merge)
                    }
                    Some(Slot::Below(n)) => (None, *n, Some(VMergeType::Continue)),
                    _ => (None, 1, None),
                };
                let span = span.min(cols - c);
                let width: usize = grid.iter().skip(c).take(span).sum();
                // a cell spanning columns (a group row "I. …") is text, whatever its first column
                let numeric = span == 1 && g.numeric.get(c).copied().unwrap_or(false);
                let align = if header {
                    AlignmentType::Center
                } else if numeric {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                };
                let mut p = self.cell_paragraph(align, header);
                if let Some(cell) = cell {
                    let mut sp = Span::plain(keep_percent(&cell.text).into_owned());
                    sp.bold = header;
                    for run in runs(&[sp], style::SZ_TABLE) {
                        p = p.add_run(run);
                    }
                }
                let mut tc = TableCell::new()
                    .width(width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(p);
                if span > 1 {
                    tc = tc.grid_span(span);
                }
                if let Some(m) = merge {
                    tc = tc.vertical_merge(m);
                }
                cells.push(tc);
                c += span;
            }
            let row = TableRow::new(cells).cant_split();
            // header rows repeat at the top of each page the table runs onto
            rows.push(if header { row.table_header() } else { row });
        }
        Table::new(rows)
            .set_borders(borders)
            .set_grid(grid)
            .width(self.text_width, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
    }

    /// The paragraph of a table cell: the Table style, 13 pt, bold in a header row, single
    /// spacing with the cell's space above and below, no first-line indent.
    fn cell_paragraph(&mut self, align: AlignmentType, header: bool) -> Paragraph {
        let mut f = Format::new(style::SZ_TABLE);
        f.bold = header;
        self.ids
            .para(f)
            .style(id::TABLE)
            .align(align)
            .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
            .line_spacing(spacing(
                style::TABLE_CELL_SPACING,
                style::TABLE_CELL_SPACING,
                style::LINE_SINGLE,
            ))
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
        let grid = column_widths(&t.rows, t.head, cols, self.text_width);
        let borders = grid_borders();
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
                let mut p = self.cell_paragraph(align, header);
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
            let row = TableRow::new(cells).cant_split();
            // header rows repeat at the top of each page the table runs onto
            rows.push(if header { row.table_header() } else { row });
        }
        Table::new(rows)
            .set_borders(borders)
            .set_grid(grid)
            .width(self.text_width, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
    }
}

/// A paragraph that is a standalone heading, kept with the next one so that no heading ends
/// a page: all bold ("**1. Mục đích**", "**I. MỤC ĐÍCH, YÊU CẦU**"), or a short "a) …" line
/// without closing punctuation (a level-4 heading set plain).
fn is_heading(spans: &[Span]) -> bool {
    let text: String = spans
        .iter()
        .filter_map(|s| match &s.piece {
            Piece::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 250 {
        return false;
    }
    let all_bold = spans.iter().all(|s| match &s.piece {
        Piece::Text(t) => s.bold || t.trim().is_empty(),
        _ => true,
    });
    if all_bold {
        return true;
    }
    let mut chars = text.chars();
    let lettered = chars.next().is_some_and(|c| c.is_lowercase())
        && chars.next() == Some(')')
        && chars.next() == Some(' ');
    lettered && text.chars().count() <= 160 && !text.ends_with(['.', ';', ':', ',', '!', '?', '…'])
}

/// The text of the spans, breaks and tabs as spaces.
fn plain_text(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match &s.piece {
            Piece::Text(t) => t.as_str(),
            _ => " ",
        })
        .collect()
}

/// The level a heading's numbering gives: "I. " (1), "1. " (2), "1.1. " (3), "a) " (4).
fn marker_level(text: &str) -> Option<usize> {
    let marker = text.split_whitespace().next()?;
    if text.trim().len() == marker.len() {
        return None; // a marker alone is no numbering
    }
    if let Some(body) = marker.strip_suffix('.') {
        if !body.is_empty() && body.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')) {
            return Some(1);
        }
        let parts: Vec<&str> = body.split('.').collect();
        if parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            return Some((parts.len() + 1).min(4));
        }
    }
    if let Some(letter) = marker.strip_suffix(')') {
        let mut cs = letter.chars();
        if matches!((cs.next(), cs.next()), (Some(c), None) if c.is_lowercase()) {
            return Some(4);
        }
    }
    None
}

impl Span {
    fn plain(text: String) -> Span {
        Span {
            piece: Piece::Text(text),
            bold: false,
            italic: false,
            strike: false,
            note: None,
        }
    }
}

/// Groups spans of equal format into runs.
fn runs(spans: &[Span], size: usize) -> Vec<docx_rs::Run> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = spans.get(i) {
        if let Some((n, text)) = &first.note {
            out.push(if text.is_empty() {
                note_mark(*n, size)
            } else {
                footnote_run(*n, text, size)
            });
            i += 1;
            continue;
        }
        let same = |s: &Span| {
            s.note.is_none()
                && s.bold == first.bold
                && s.italic == first.italic
                && s.strike == first.strike
        };
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

/// The reference mark of footnote `n` (superscript) carrying the note: the note's
/// paragraph starts with its number mark (`w:footnoteRef`, superscript), then the text, 12 pt.
/// The number of a footnote referred to a second time, superscript, as its first mark.
fn note_mark(n: usize, size: usize) -> docx_rs::Run {
    let mut r = add_pieces(empty_run(Format::new(size)), &[Piece::Text(n.to_string())]);
    r.run_property = r.run_property.vert_align(VertAlignType::SuperScript);
    r
}

fn footnote_run(n: usize, text: &str, size: usize) -> docx_rs::Run {
    let f = Format::new(style::SZ_FOOTNOTE);
    // w:footnoteRef: Word and LibreOffice print the note's number there
    let mut mark = empty_run(f).add_footnote_ref();
    mark.run_property = mark.run_property.vert_align(VertAlignType::SuperScript);
    let p = Paragraph::new()
        .fonts(super::text::fonts())
        .size(style::SZ_FOOTNOTE)
        .align(AlignmentType::Both)
        .add_run(mark)
        .add_run(add_pieces(
            empty_run(f),
            &pieces(&format!(" {}", text.trim())),
        ));
    let mut r = docx_rs::Run::new().add_footnote_reference(Footnote {
        id: n,
        content: vec![p],
    });
    // docx-rs names a "FootnoteReference" character style that vanban's styles do not define:
    // the mark is set superscript directly instead
    r.run_property.style = None;
    r.run_property = r
        .run_property
        .fonts(super::text::fonts())
        .size(size)
        .color(style::COLOR)
        .vert_align(VertAlignType::SuperScript);
    r
}

/// A space between a number and a per cent (or per mille) sign becomes a no-break space,
/// so "62,6 %" never breaks across lines ("62,6%" has no break opportunity anyway).
fn keep_percent(t: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = t.chars().collect();
    let splits = |i: usize| {
        chars.get(i) == Some(&' ')
            && i > 0
            && chars.get(i - 1).is_some_and(char::is_ascii_digit)
            && matches!(chars.get(i + 1), Some('%' | '‰'))
    };
    if !(0..chars.len()).any(splits) {
        return std::borrow::Cow::Borrowed(t);
    }
    let out = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if splits(i) { '\u{A0}' } else { c })
        .collect();
    std::borrow::Cow::Owned(out)
}

/// The widths a column needs, in twips, cell margins included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct ColumnNeed {
    /// Room for the column's longest word: narrower, and a word would break inside.
    min: usize,
    /// Room for the column's longest cell on one line.
    full: usize,
}

/// Whether `c` separates words for line breaking: white space other than the no-break
/// spaces (U+00A0, U+202F, U+2007), which keep their neighbours together.
fn breaks_words(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}')
}

/// The estimated width, in twips, of a text set in the table font, bold where marked.
fn table_text_width(chars: &[(char, bool)]) -> usize {
    let mut total = 0;
    let mut i = 0;
    while let Some(&(_, bold)) = chars.get(i) {
        let run: String = chars[i..]
            .iter()
            .take_while(|(_, b)| *b == bold)
            .map(|(c, _)| *c)
            .collect();
        i += run.chars().count();
        total += style::text_width(&run, style::SZ_TABLE, bold);
    }
    total
}

/// What the text of one cell needs: its longest word and its longest line (a cell may hold
/// breaks), each estimated with some slack (the estimate is coarse, and bold letters are
/// wider than it says) plus the cell margins.
fn cell_need(cell: &[Span], header: bool) -> ColumnNeed {
    let room = |w: usize| w * style::TABLE_WIDTH_SLACK_PERCENT / 100 + 2 * style::CELL_MARGIN;
    let mut lines: Vec<Vec<(char, bool)>> = vec![Vec::new()];
    for s in cell {
        match &s.piece {
            Piece::Text(t) => {
                if let Some(line) = lines.last_mut() {
                    line.extend(t.chars().map(|c| (c, s.bold || header)));
                }
            }
            Piece::Tab => {
                if let Some(line) = lines.last_mut() {
                    line.push((' ', s.bold || header));
                }
            }
            Piece::Break => lines.push(Vec::new()),
        }
    }
    let mut need = ColumnNeed::default();
    for line in &lines {
        need.full = need.full.max(room(table_text_width(line)));
        for word in line.split(|(c, _)| breaks_words(*c)) {
            if !word.is_empty() {
                need.min = need.min.max(room(table_text_width(word)));
            }
        }
    }
    need
}

/// What each of `cols` columns needs; the first `head` rows are header rows (bold). A header
/// cell asks for half its one-line width (headers may wrap to two or three lines; the body
/// is what the width is for), unless the table has nothing but header rows.
fn column_needs(rows: &[Vec<Vec<Span>>], head: usize, cols: usize) -> Vec<ColumnNeed> {
    let only_head = rows.len() <= head;
    (0..cols)
        .map(|c| {
            rows.iter()
                .enumerate()
                .filter_map(|(r, row)| {
                    let header = r < head;
                    let need = cell_need(row.get(c)?, header);
                    Some(if header && !only_head {
                        ColumnNeed {
                            full: need.full / 2,
                            ..need
                        }
                    } else {
                        need
                    })
                })
                .fold(ColumnNeed::default(), |a, b| ColumnNeed {
                    min: a.min.max(b.min),
                    full: a.full.max(b.full),
                })
        })
        .map(|n| ColumnNeed {
            min: n.min.max(style::TABLE_MIN_COLUMN),
            full: n.full.max(n.min.max(style::TABLE_MIN_COLUMN)),
        })
        .collect()
}

/// Column widths summing exactly to the text width. Each column first gets room for its
/// longest word, so no word breaks inside; the width left over goes to the columns in
/// proportion to what their content still wants (the longest body cell on one line, less
/// the room already given), and what is left once every cell fits on one line goes in
/// proportion to the content's length. When even the longest words do not fit, the
/// columns share the text width in proportion to their longest words.
fn column_widths(
    rows: &[Vec<Vec<Span>>],
    head: usize,
    cols: usize,
    text_width: usize,
) -> Vec<usize> {
    let needs = column_needs(rows, head, cols.max(1));
    let mins: Vec<usize> = needs.iter().map(|n| n.min).collect();
    let min_total: usize = mins.iter().sum();
    let mut widths = if min_total >= text_width {
        share(text_width, &mins)
    } else {
        let spare = text_width - min_total;
        let wants: Vec<usize> = needs.iter().map(|n| n.full - n.min).collect();
        let want_total: usize = wants.iter().sum();
        let extra = if want_total > spare {
            share(spare, &wants)
        } else {
            let fulls: Vec<usize> = needs.iter().map(|n| n.full).collect();
            share(spare - want_total, &fulls)
                .into_iter()
                .zip(&wants)
                .map(|(e, w)| e + w)
                .collect()
        };
        mins.iter().zip(extra).map(|(m, e)| m + e).collect()
    };
    // rounding: the last twips go to the widest column
    let sum: usize = widths.iter().sum();
    let widest = (0..widths.len())
        .max_by_key(|&i| (widths[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if let Some(w) = widths.get_mut(widest) {
        *w += text_width.saturating_sub(sum);
    }
    widths
}

/// `total` split in proportion to `weights` (equally when they are all zero), rounded down.
fn share(total: usize, weights: &[usize]) -> Vec<usize> {
    let sum: usize = weights.iter().sum();
    if sum == 0 {
        let n = weights.len().max(1);
        return weights.iter().map(|_| total / n).collect();
    }
    weights
        .iter()
        .map(|&w| (total as u128 * w as u128 / sum as u128) as usize)
        .collect()
}

/// Single black lines on every edge and between every row and column: the borders of the body
/// tables (pipe tables and clerk-written tables alike).
fn grid_borders() -> TableBorders {
    let border = |pos| {
        TableBorder::new(pos)
            .border_type(BorderType::Single)
            .size(style::TABLE_BORDER_SIZE)
            .color(style::COLOR)
    };
    TableBorders::with_empty()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<String> {
        let mut ids = Ids::new();
        blocks(&mut ids, md, &[], style::TEXT_WIDTH)
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
            let w = column_widths(&rows, 1, cols, style::TEXT_WIDTH);
            assert_eq!(w.iter().sum::<usize>(), style::TEXT_WIDTH);
            assert!(w
                .iter()
                .all(|&x| x >= style::TABLE_MIN_COLUMN.min(style::TEXT_WIDTH / cols)));
        }
    }
}
