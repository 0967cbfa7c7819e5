//! Stage 3 — the view: turns the model into what templates and the DOCX frame print.
//! Numbering (I, 1, 2.1, a)), Vietnamese dates, numbers and symbols, signature lines and
//! the recipients list are computed here, as pure functions.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub mod appendix;
pub mod report;

use crate::dates::{date_line, due_date, month_number, short_date, DateLine, BLANK};
use crate::docx::{Frame, Properties};
use crate::model::common::{lines_of, one_line};
use crate::model::{
    Deliverable, DocDate, HeadingStyle, Issuer, Item, Layout, Letter, Numbering, Plan, Scheme,
    Section, Signature, Status,
};
use crate::numbering::{letter, roman};
use crate::printed::{PrintedFrame, RecipientGroup};

/// The template context of one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    /// The official frame, as printed.
    pub frame: PrintedFrame,
    /// Legal bases, one line each.
    pub bases: Vec<String>,
    /// Opening paragraphs.
    pub preamble: Vec<String>,
    /// The body as a flat list of numbered blocks, in reading order.
    pub blocks: Vec<Block>,
    /// Reporting duty, with deadlines formatted.
    pub reporting: Option<ReportingView>,
    /// Closing paragraphs after the body (a letter's "Đề nghị …./."); empty for a plan.
    pub closing: Vec<String>,
    /// The appendices, printed after the signature (`appendix.md`).
    pub appendices: Vec<appendix::AppendixView>,
}

/// One block of the body.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Block {
    /// `heading`, `paragraph` (numbered when `label` is set), `item`, or `reporting`.
    pub kind: &'static str,
    /// Heading level: 1 (I.), 2 (1.), 3 (2.1.), 4 (a)); 0 for other blocks.
    pub level: usize,
    /// Printed number: "I.", "1.", "2.1.", "a)"; empty when none.
    pub label: String,
    /// The label as it must be written at the start of a Markdown paragraph ("1\." so it is
    /// not read as a list).
    pub label_md: String,
    /// Heading text, as typed.
    pub title: String,
    /// The label and the title: "I. MỤC ĐÍCH, YÊU CẦU", or the title alone when unnumbered.
    pub head: String,
    /// ":" after a run-in heading, or nothing when the title ends with its own punctuation.
    pub colon: String,
    /// A heading whose text runs in on its line; otherwise it stands alone above its text.
    pub run_in: bool,
    /// Text: run-in text of a heading, a paragraph, an item.
    pub text: String,
    /// Item depth: 1 for "-", 2 for "+".
    pub depth: usize,
    /// Target or task id of an item.
    pub id: String,
    /// For a `table` block: which table (`indicators`, `tasks`, `units`, `late`).
    pub table: String,
    /// For a `grid` block (a table written by the clerk): the table, for the DOCX writer.
    pub grid: Option<crate::docx::Grid>,
    /// For a `grid` block: its Markdown (caption, marker, pipe or HTML table, note).
    pub markdown: String,
}

/// The reporting duty, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct ReportingView {
    /// The duty in the plan's own words, when written (printed instead of the sentence).
    pub text: String,
    /// Text before the deadlines.
    pub lead: String,
    /// Where reports go.
    pub to: String,
    /// Text after the addressee.
    pub purpose: String,
    /// Deadlines in order.
    pub deadlines: Vec<DeadlineView>,
}

/// One deadline, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    /// `unit-plan`, `six-month-report`, `annual-report`.
    pub deliverable: String,
    /// "30/3".
    pub day_month: String,
    /// "gửi kế hoạch".
    pub phrase: String,
    /// ISO date in the plan's year.
    pub date: String,
}

/// What the frame of any kind of document is made of.
pub struct FrameParts<'a> {
    /// Issuing body and its parent.
    pub issuer: &'a Issuer,
    /// Kind abbreviation in the symbol and kind title: ("KH", "KẾ HOẠCH").
    pub kind: (&'static str, &'static str),
    /// Number as written (printed only when issued).
    pub number: Option<u32>,
    /// Date as written (the day printed only when issued).
    pub date: Option<DocDate>,
    /// Where the document is in its life.
    pub status: Status,
    /// A text for signature whose day of issue is fixed: its full date is printed.
    pub date_fixed: bool,
    /// The document's year.
    pub year: i32,
    /// Place name of the date line.
    pub place: &'a str,
    /// Trích yếu.
    pub summary: &'a str,
    /// Kính gửi.
    pub addressees: Vec<String>,
    /// Recipients groups.
    pub recipients: Vec<RecipientGroup>,
    /// The signature (resolved).
    pub signature: &'a Signature,
    /// Layout rules.
    pub layout: Layout,
}

/// The frame of a document. An issued document prints its number and date; a text for
/// signature leaves the number and the day blank (the month too, unless `date` gives it), or
/// only the number when its day of issue is fixed (`date_fixed`); a draft leaves both blank
/// and carries the "DỰ THẢO" mark.
pub fn frame(p: FrameParts<'_>) -> PrintedFrame {
    let symbol = symbol(Some(p.kind.0).filter(|k| !k.is_empty()), &p.issuer.abbr);
    let issued = p.status == Status::Issued;
    let number = p.number.filter(|_| issued);
    let line_date = match (issued, p.date) {
        (true, Some(DocDate::Day(d))) => DateLine::Day(d),
        // for signature on a day already fixed: only the number is left blank
        (false, Some(DocDate::Day(d))) if p.status == Status::ForSignature && p.date_fixed => {
            DateLine::Day(d)
        }
        (_, Some(DocDate::Month(y, m))) => DateLine::Month(y, m),
        // a draft keeps the back-compatible blanks "ngày tháng năm <year>" for a full date
        (false, Some(DocDate::Day(d))) if p.status == Status::ForSignature => {
            DateLine::Month(d.year(), d.month())
        }
        (_, Some(d)) => DateLine::Year(d.year()),
        (_, None) => DateLine::Year(p.year),
    };
    let parent = p.issuer.parent.clone().unwrap_or_default();
    let attached = attached_line(p.kind.1, number, &symbol, line_date, &p.issuer.in_text());
    PrintedFrame {
        attached,
        parent_lines: lines_of(&parent),
        parent,
        issuer_lines: lines_of(&p.issuer.name),
        issuer: p.issuer.name.clone(),
        national_title: crate::docx::style::NATIONAL_TITLE.into(),
        motto: crate::docx::style::MOTTO.into(),
        number_line: number_line(number, &symbol),
        symbol,
        place_date: date_line(p.place, line_date),
        kind_title: p.kind.1.into(),
        summary: p.summary.to_string(),
        summary_lines: lines_of(p.summary),
        addressees: p.addressees,
        recipients: p.recipients,
        signature_lines: signature_lines(p.signature),
        signer: p.signature.name.clone(),
        draft: p.status == Status::Draft,
        state: p.status.key().into(),
        letter_summary: String::new(),
        page_numbers_in_footer: p.layout == Layout::Circular01,
        created: created(
            p.date.and_then(DocDate::day),
            p.date.map_or(p.year, DocDate::year),
        ),
    }
}

/// "(Kèm theo Kế hoạch số 45/KH-UBND ngày 12/3/2026 của Ủy ban nhân dân tỉnh)": the kind
/// (`kind_title` in sentence case; a công văn when empty), the number (blank unless issued),
/// the date (short when issued, else with the same blanks as the date line), and the issuer in
/// a sentence.
pub fn attached_line(
    kind_title: &str,
    number: Option<u32>,
    symbol: &str,
    date: DateLine,
    issuer_in_text: &str,
) -> String {
    let kind = match crate::model::common::sentence_case(&one_line(kind_title)) {
        k if k.is_empty() => "Công văn".to_string(),
        k => k,
    };
    let number = number.map_or_else(|| BLANK.to_string(), |n| format!(" {}", self::number(n)));
    // issued: "ngày 12/3/2026"; else the blanks of the date line, "ngày      tháng 6 năm 2026"
    let date = match date {
        DateLine::Day(d) => format!("ngày {}", short_date(d)),
        DateLine::Month(y, m) => format!("ngày{BLANK}tháng {} năm {y}", month_number(m)),
        DateLine::Year(y) => format!("ngày{BLANK}tháng{BLANK}năm {y}"),
    };
    format!("(Kèm theo {kind} số{number}/{symbol} {date} của {issuer_in_text})")
}

/// Builds the view of a plan. `due_dates` must have been validated (see `crate::validate`).
pub fn plan(plan: &Plan) -> DocView {
    let frame = frame(FrameParts {
        issuer: &plan.issuer,
        kind: (crate::kinds::PLAN.abbr, crate::kinds::PLAN.title),
        number: plan.number,
        date: plan.date,
        status: plan.effective_status(),
        date_fixed: plan.date_fixed,
        year: plan.year,
        place: &plan.place,
        summary: &plan.summary,
        addressees: Vec::new(),
        recipients: recipient_groups(&plan.recipients, &plan.archive, &plan.electronic),
        signature: &plan.signature,
        layout: plan.layout,
    });
    let style = BodyStyle {
        numbering: &plan.numbering,
        headings: plan.headings,
        level1_standalone: false,
    };
    let blocks = blocks(&plan.sections, style);
    let appendices = appendix::appendices(&plan.appendices, &frame, style);
    DocView {
        appendices,
        frame,
        bases: plan.bases.clone(),
        preamble: paragraphs(plan.preamble.as_deref().unwrap_or("")),
        blocks,
        reporting: plan.reporting.as_ref().map(|r| ReportingView {
            text: r
                .text
                .as_deref()
                .map(str::trim)
                .unwrap_or_default()
                .to_string(),
            lead: r.lead.clone(),
            to: r.to.clone(),
            purpose: r.purpose.clone().unwrap_or_default(),
            deadlines: r
                .deadlines
                .iter()
                .filter_map(|d| {
                    let date = due_date(&d.due, plan.year)?;
                    Some(DeadlineView {
                        deliverable: d.deliverable.key().into(),
                        day_month: format!("{}/{}", date.day(), date.month()),
                        phrase: deliverable_phrase(d.deliverable).into(),
                        date: date.to_string(),
                    })
                })
                .collect(),
        }),
        closing: Vec::new(),
    }
}

/// The symbol of a công văn: issuer and drafting office, "SYT-NVY" (no kind).
pub fn letter_symbol(issuer: &Issuer) -> String {
    match issuer
        .office
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        Some(o) => format!("{}-{o}", issuer.abbr.trim()),
        None => issuer.abbr.trim().to_string(),
    }
}

/// Builds the view of a công văn: no kind title; the "V/v …" line goes under the number.
pub fn letter_view(l: &Letter) -> DocView {
    let mut issuer = l.issuer.clone();
    issuer.abbr = letter_symbol(&l.issuer);
    let mut frame = frame(FrameParts {
        issuer: &issuer,
        kind: ("", ""),
        number: l.number,
        date: l.date,
        status: l.effective_status(),
        date_fixed: l.date_fixed,
        year: l.year,
        place: &l.place,
        summary: "",
        addressees: l.to.iter().map(|t| t.trim().to_string()).collect(),
        recipients: recipient_groups(&l.printed_recipients(), &l.archive, &l.electronic),
        signature: &l.signature,
        layout: l.layout,
    });
    frame.letter_summary = l.subject_line();
    let style = BodyStyle {
        numbering: &l.numbering,
        headings: l.headings,
        level1_standalone: false,
    };
    DocView {
        appendices: appendix::appendices(&l.appendices, &frame, style),
        frame,
        bases: l.bases.clone(),
        preamble: paragraphs(l.text.as_deref().unwrap_or("")),
        blocks: blocks(&l.sections, style),
        reporting: None,
        closing: paragraphs(l.closing.as_deref().unwrap_or("")),
    }
}

/// How the body of one document is numbered and its headings set.
#[derive(Debug, Clone, Copy)]
pub struct BodyStyle<'a> {
    /// The scheme of each level.
    pub numbering: &'a Numbering,
    /// The document's choice for every level, when written.
    pub headings: Option<HeadingStyle>,
    /// Without a choice, level 1 stands alone (reports) or runs in like the others (plans).
    pub level1_standalone: bool,
}

impl BodyStyle<'_> {
    fn heading(&self, level: usize) -> HeadingStyle {
        match self.headings {
            Some(h) => h,
            None if level == 1 && self.level1_standalone => HeadingStyle::Standalone,
            None => HeadingStyle::RunIn,
        }
    }
}

/// The body as numbered blocks, in reading order.
pub fn blocks(sections: &[Section], style: BodyStyle<'_>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let at = Levels {
        numbering: style.numbering.clone(),
        first: 1,
    };
    siblings(sections, 1, &at, None, style, &mut blocks);
    // the clerk's tables are numbered in reading order: the marker names the DOCX table
    let mut n = 0;
    for b in &mut blocks {
        if let Some(g) = &b.grid {
            b.markdown = grid_markdown(g, n, &b.title, &b.text);
            n += 1;
        }
    }
    blocks
}

/// A clerk's table as the view lays it out: cells, widths, which columns are numeric.
pub fn grid(t: &crate::model::ClerkTable) -> crate::docx::Grid {
    use crate::docx::GridCell;
    let cells = |rows: &[Vec<crate::model::Cell>]| -> Vec<Vec<GridCell>> {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|c| GridCell {
                        text: c.text.trim().to_string(),
                        cols: c.cols.max(1),
                        rows: c.rows.max(1),
                    })
                    .collect()
            })
            .collect()
    };
    let header = cells(&t.header);
    let rows = cells(&t.rows);
    // columns of the body (cells one column wide, no row spans, laid out left to right)
    let width = rows
        .iter()
        .chain(&header)
        .map(|r| r.iter().map(|c| c.cols).sum::<usize>())
        .max()
        .unwrap_or(0);
    let mut numeric = vec![true; width];
    let mut seen = vec![false; width];
    for (r, starts) in rows.iter().zip(columns(&rows)) {
        for (cell, c) in r.iter().zip(starts) {
            if cell.cols == 1 && !cell.text.is_empty() {
                if let Some(n) = numeric.get_mut(c) {
                    *n &= is_number(&cell.text);
                }
                if let Some(s) = seen.get_mut(c) {
                    *s = true;
                }
            }
        }
    }
    let numeric = numeric.iter().zip(&seen).map(|(n, s)| *n && *s).collect();
    crate::docx::Grid {
        header,
        rows,
        widths: t.widths.clone(),
        numeric,
    }
}

/// The first column of each cell of `rows`, as a table lays them out: a cell takes the first
/// column not covered by a cell spanning rows from above.
fn columns(rows: &[Vec<crate::docx::GridCell>]) -> Vec<Vec<usize>> {
    // how many more rows each column is covered for
    let mut covered: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mut c = 0;
        let mut starts = Vec::with_capacity(r.len());
        for cell in r {
            while covered.get(c).is_some_and(|&n| n > 0) {
                c += 1;
            }
            starts.push(c);
            if covered.len() < c + cell.cols {
                covered.resize(c + cell.cols, 0);
            }
            for n in covered.iter_mut().skip(c).take(cell.cols) {
                // this row's own cell counts as one; the rows below see the rest
                *n = cell.rows.max(1);
            }
            c += cell.cols.max(1);
        }
        for n in &mut covered {
            *n = n.saturating_sub(1);
        }
        out.push(starts);
    }
    out
}

/// "12", "1.250", "62,5%", "17/27 (63,0%)", "-": a figure, aligned right in a table.
fn is_number(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    '.' | ',' | '%' | '/' | '(' | ')' | ' ' | '-' | '+' | '–' | '\u{a0}'
                )
        })
}

/// The Markdown of a clerk's table: caption (bold), the marker the DOCX writer replaces,
/// a pipe table when no cell spans rows or columns and there is one header row, else an
/// HTML table; the note (italic) under it.
fn grid_markdown(g: &crate::docx::Grid, n: usize, caption: &str, note: &str) -> String {
    let mut out = String::new();
    if !caption.is_empty() {
        out.push_str(&format!("**{caption}**\n\n"));
    }
    out.push_str(&format!("<!-- table {n} -->\n\n"));
    let merged = g
        .header
        .iter()
        .chain(&g.rows)
        .flatten()
        .any(|c| c.cols > 1 || c.rows > 1);
    let cell_md = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    if !merged && g.header.len() <= 1 {
        let cols = g
            .header
            .iter()
            .chain(&g.rows)
            .map(Vec::len)
            .max()
            .unwrap_or(1);
        let head: Vec<String> = (0..cols)
            .map(|i| {
                g.header
                    .first()
                    .and_then(|h| h.get(i))
                    .map_or(String::new(), |c| cell_md(&c.text))
            })
            .collect();
        out.push_str(&format!("| {} |\n", head.join(" | ")));
        let align: Vec<&str> = (0..cols)
            .map(|i| {
                if g.numeric.get(i).copied().unwrap_or(false) {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", align.join(" | ")));
        for r in &g.rows {
            let cells: Vec<String> = (0..cols)
                .map(|i| r.get(i).map_or(String::new(), |c| cell_md(&c.text)))
                .collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    } else {
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('\n', " ")
        };
        let tag = |name: &str, c: &crate::docx::GridCell, right: bool| {
            let mut attrs = String::new();
            if c.cols > 1 {
                attrs.push_str(&format!(" colspan=\"{}\"", c.cols));
            }
            if c.rows > 1 {
                attrs.push_str(&format!(" rowspan=\"{}\"", c.rows));
            }
            if right {
                attrs.push_str(" align=\"right\"");
            }
            format!("<{name}{attrs}>{}</{name}>", esc(&c.text))
        };
        out.push_str("<table>\n<thead>\n");
        for r in &g.header {
            let cells: Vec<String> = r.iter().map(|c| tag("th", c, false)).collect();
            out.push_str(&format!("<tr>{}</tr>\n", cells.concat()));
        }
        out.push_str("</thead>\n<tbody>\n");
        for (r, starts) in g.rows.iter().zip(columns(&g.rows)) {
            let mut cells = Vec::new();
            for (c, col) in r.iter().zip(starts) {
                let right = c.cols == 1 && g.numeric.get(col).copied().unwrap_or(false);
                cells.push(tag("td", c, right));
            }
            out.push_str(&format!("<tr>{}</tr>\n", cells.concat()));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !note.is_empty() {
        out.push_str(&format!("\n*{note}*\n"));
    }
    out
}

/// The numbering in force for a subtree: `numbering.at(level - first + 1)`.
#[derive(Debug, Clone)]
struct Levels {
    numbering: Numbering,
    first: usize,
}

impl Levels {
    fn scheme(&self, level: usize) -> Scheme {
        self.numbering.at(level + 1 - self.first.min(level))
    }
}

fn siblings(
    list: &[Section],
    level: usize,
    levels: &Levels,
    parent: Option<&str>,
    style: BodyStyle<'_>,
    out: &mut Vec<Block>,
) {
    let mut n = 0;
    for s in list {
        // a wrapper (no title, no text) prints nothing and is not counted
        let wrapper = s.title.is_none() && s.text.as_deref().is_none_or(|t| t.trim().is_empty());
        let scheme = match s.scheme {
            _ if !s.numbered || wrapper => Scheme::None,
            Some(x) => x,
            None => levels.scheme(level),
        };
        if scheme != Scheme::None {
            n += 1;
        }
        let (label, core) = scheme_label(scheme, n, parent);
        section_blocks(
            s,
            level,
            &label,
            core.as_deref().or(parent),
            levels,
            style,
            out,
        );
    }
}

/// The printed label of the `n`th section in `scheme` and the number its nested children
/// build on ("2" → "2.1."), if any.
pub fn scheme_label(scheme: Scheme, n: usize, parent: Option<&str>) -> (String, Option<String>) {
    match scheme {
        Scheme::Roman => (format!("{}.", roman(n)), None),
        Scheme::Arabic => (format!("{n}."), Some(n.to_string())),
        Scheme::Nested => {
            let core = match parent {
                Some(p) if !p.is_empty() => format!("{p}.{n}"),
                _ => n.to_string(),
            };
            (format!("{core}."), Some(core))
        }
        Scheme::Letter => (format!("{})", letter(n)), None),
        Scheme::UpperLetter => (format!("{}.", letter(n).to_uppercase()), None),
        Scheme::Dash => ("-".into(), None),
        Scheme::Plus => ("+".into(), None),
        Scheme::None => (String::new(), None),
    }
}

fn section_blocks(
    s: &Section,
    level: usize,
    label: &str,
    core: Option<&str>,
    levels: &Levels,
    style: BodyStyle<'_>,
    out: &mut Vec<Block>,
) {
    let label_md = markdown_label(label);
    let mut paras = paragraphs(s.text.as_deref().unwrap_or(""))
        .into_iter()
        .peekable();
    // a text that opens with a pipe table (or a footnote definition) is never run in after
    // the heading: it would be read as the heading's line
    let opens_block = paras
        .peek()
        .is_some_and(|p| p.starts_with('|') || p.starts_with("[^") || p.starts_with('<'));
    match &s.title {
        Some(title) => {
            let title = title.trim().to_string();
            let head = if label.is_empty() {
                title.clone()
            } else {
                format!("{label} {title}")
            };
            let colon = if title.ends_with([':', '.', '?', '!']) {
                ""
            } else {
                ":"
            };
            out.push(Block {
                kind: "heading",
                level,
                label: label.to_string(),
                label_md,
                head,
                colon: colon.into(),
                run_in: s.heading.unwrap_or_else(|| style.heading(level)) == HeadingStyle::RunIn
                    && !opens_block,
                title,
                text: paras.next().unwrap_or_default(),
                ..Block::default()
            })
        }
        None => {
            let text = paras.next().unwrap_or_default();
            if !text.is_empty() || !label.is_empty() {
                out.push(Block {
                    kind: "paragraph",
                    level,
                    label: label.to_string(),
                    label_md,
                    text,
                    ..Block::default()
                })
            }
        }
    }
    for p in paras {
        out.push(Block {
            kind: "paragraph",
            text: p,
            ..Block::default()
        });
    }
    item_blocks(&s.items, 1, out);
    if let Some(t) = s.table {
        out.push(Block {
            kind: "table",
            table: t.key().to_string(),
            ..Block::default()
        });
    }
    for t in &s.tables {
        out.push(Block {
            kind: "grid",
            grid: Some(grid(t)),
            title: t.caption.clone().unwrap_or_default(),
            text: t.note.clone().unwrap_or_default(),
            ..Block::default()
        });
    }
    let below = match &s.numbering {
        Some(n) => Levels {
            numbering: n.clone(),
            first: level + 1,
        },
        None => levels.clone(),
    };
    siblings(&s.sections, level + 1, &below, core, style, out);
    if s.reporting {
        out.push(Block {
            kind: "reporting",
            ..Block::default()
        });
    }
}

fn item_blocks(items: &[Item], depth: usize, out: &mut Vec<Block>) {
    for item in items {
        out.push(Block {
            kind: "item",
            depth,
            text: item.text.clone(),
            id: item.id.clone().unwrap_or_default(),
            ..Block::default()
        });
        item_blocks(&item.items, depth + 1, out);
    }
}

fn markdown_label(label: &str) -> String {
    if label == "-" || label == "+" {
        return format!("\\{label}");
    }
    match label.strip_suffix('.') {
        Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => format!("{n}\\."),
        _ => label.to_string(),
    }
}

/// Splits text into paragraphs on blank lines, trimming each.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A document number: below 10 with a leading zero ("05"), else as is ("25").
pub fn number(n: u32) -> String {
    format!("{n:02}")
}

/// The symbol: kind abbreviation and issuer abbreviation ("KH-SYT"), or the issuer alone for
/// a công văn ("SYT-NVY" is built by the caller).
pub fn symbol(kind_abbr: Option<&str>, issuer_abbr: &str) -> String {
    match kind_abbr {
        Some(k) => format!("{k}-{}", issuer_abbr.trim()),
        None => issuer_abbr.trim().to_string(),
    }
}

/// "Số: 25/KH-SYT", or "Số:      /KH-SYT" for a draft.
pub fn number_line(n: Option<u32>, symbol: &str) -> String {
    match n {
        Some(n) => format!("Số: {}/{symbol}", number(n)),
        None => format!("Số:{BLANK}/{symbol}"),
    }
}

/// The W3CDTF date of the DOCX properties: the document's date, or 1 January of its year.
pub fn created(date: Option<NaiveDate>, year: i32) -> String {
    match date {
        Some(d) => format!("{}T00:00:00Z", d),
        None => format!("{year:04}-01-01T00:00:00Z"),
    }
}

/// What the plan's sentence says a unit sends.
pub fn deliverable_phrase(d: Deliverable) -> &'static str {
    match d {
        Deliverable::UnitPlan => "gửi kế hoạch",
        Deliverable::Report(p) => p.send_phrase(),
    }
}

/// The signature's upper lines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], ["GIÁM ĐỐC"] when the
/// head signs, or a chain of any length: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
/// "PHÓ CHỦ TỊCH THƯỜNG TRỰC"]. Each prefix is normalised ("KT.GIÁM ĐỐC" → "KT. GIÁM ĐỐC");
/// `head` completes the last line of the chain when it is a bare prefix. Assumes a validated
/// signature.
pub fn signature_lines(s: &Signature) -> Vec<String> {
    let title: Vec<String> = lines_of(&s.title)
        .iter()
        .map(|l| l.to_uppercase())
        .collect();
    let chain = s.authority.as_deref().map(lines_of).unwrap_or_default();
    if chain.is_empty() {
        return title;
    }
    let head = s
        .head
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(one_line);
    let last = chain.len() - 1;
    let mut out: Vec<String> = Vec::new();
    for (i, line) in chain.iter().enumerate() {
        let (prefix, rest) = crate::authority::split(line).unwrap_or(("", line.trim().to_string()));
        let rest = match (&head, rest.is_empty()) {
            (Some(h), true) if i == last => h.clone(),
            _ => rest,
        };
        out.push(if prefix.is_empty() {
            rest.trim().to_uppercase()
        } else {
            format!("{prefix}. {}", rest.trim().to_uppercase())
        });
    }
    if out.len() == 1 && title.len() == 1 && out.first() == title.first() {
        return title;
    }
    out.extend(title);
    out
}

/// The recipients cell: "Nơi nhận:" with "- X;" lines and "- Lưu: VT, NVY." last, then the
/// electronic list ("Bản điện tử:") when there is one.
pub fn recipient_groups(
    recipients: &[String],
    archive: &[String],
    electronic: &[String],
) -> Vec<RecipientGroup> {
    let mut lines: Vec<String> = recipients
        .iter()
        .map(|r| format!("- {};", r.trim()))
        .collect();
    if !archive.is_empty() {
        lines.push(format!("- Lưu: {}.", archive.join(", ")));
    } else if let Some(last) = lines.last_mut() {
        last.pop();
        last.push('.');
    }
    let mut groups = vec![RecipientGroup {
        heading: "Nơi nhận:".into(),
        lines,
    }];
    if !electronic.is_empty() {
        let mut lines: Vec<String> = electronic
            .iter()
            .map(|r| format!("- {};", r.trim()))
            .collect();
        if let Some(last) = lines.last_mut() {
            last.pop();
            last.push('.');
        }
        groups.push(RecipientGroup {
            heading: "Bản điện tử:".into(),
            lines,
        });
    }
    groups
}

impl PrintedFrame {
    /// The DOCX document properties: title (kind and summary), subject (the summary),
    /// creator (the issuer), category (the kind, "Công văn" for a letter), keywords (symbol,
    /// kind, year) and the dates, all from the document.
    fn properties(&self, issuer: &Issuer) -> Properties {
        let category = {
            let lower = one_line(&self.kind_title).to_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => "Công văn".to_owned(),
            }
        };
        // "Số: 25/KH-SYT" → "25/KH-SYT"; a draft's "Số:      /KH-SYT" → "KH-SYT"
        let number = self.number_line.trim_start_matches("Số:").trim();
        let symbol = number.trim_start_matches(|c: char| c == '/' || c.is_whitespace());
        let year = self.created.get(..4).unwrap_or_default();
        let keywords = [symbol, category.as_str(), year]
            .iter()
            .filter(|k| !k.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("; ");
        let (title, subject) = if self.letter_summary.is_empty() {
            (
                one_line(&format!("{} {}", self.kind_title, self.summary)),
                one_line(&self.summary),
            )
        } else {
            (
                format!("{} {}", self.number_line, self.letter_summary),
                one_line(&self.letter_summary),
            )
        };
        Properties {
            title,
            subject,
            creator: issuer.name_one_line(),
            keywords,
            category,
            created: self.created.clone(),
        }
    }

    /// The same frame for the DOCX writer, with the document's properties.
    pub fn to_docx(&self, issuer: &Issuer) -> Frame {
        Frame {
            text: self.clone(),
            properties: self.properties(issuer),
            ..Frame::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_symbols() {
        assert_eq!(number(5), "05");
        assert_eq!(number(25), "25");
        assert_eq!(number(120), "120");
        assert_eq!(symbol(Some("KH"), "SYT"), "KH-SYT");
        assert_eq!(number_line(Some(5), "KH-SYT"), "Số: 05/KH-SYT");
        assert_eq!(number_line(None, "KH-SYT"), "Số:      /KH-SYT");
    }

    #[test]
    fn section_labels() {
        assert_eq!(scheme_label(Scheme::Roman, 2, None), ("II.".into(), None));
        assert_eq!(
            scheme_label(Scheme::Arabic, 2, None),
            ("2.".into(), Some("2".into()))
        );
        assert_eq!(
            scheme_label(Scheme::Nested, 4, Some("2")),
            ("2.4.".into(), Some("2.4".into()))
        );
        assert_eq!(scheme_label(Scheme::Letter, 5, None), ("đ)".into(), None));
        assert_eq!(
            scheme_label(Scheme::UpperLetter, 2, None),
            ("B.".into(), None)
        );
        assert_eq!(markdown_label("3."), "3\\.");
        assert_eq!(markdown_label("2.4."), "2.4.");
    }

    #[test]
    fn authority_is_normalised_to_two_lines() {
        let s = Signature {
            authority: Some("KT.GIÁM ĐỐC".into()),
            head: None,
            title: "PHÓ GIÁM ĐỐC".into(),
            name: "Trần Văn Sinh".into(),
            signature_image: None,
            seal_image: None,
        };
        assert_eq!(signature_lines(&s), ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]);
        let s = Signature {
            authority: Some("TM".into()),
            head: Some("Ủy ban nhân dân".into()),
            title: "Chủ tịch".into(),
            ..s
        };
        assert_eq!(signature_lines(&s), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
        let s = Signature {
            authority: None,
            head: None,
            title: "GIÁM ĐỐC".into(),
            ..s
        };
        assert_eq!(signature_lines(&s), ["GIÁM ĐỐC"]);
    }

    #[test]
    fn recipients_end_with_the_archive_line() {
        let g = recipient_groups(
            &["UBND tỉnh (b/c)".into()],
            &["VT".into(), "NVY".into()],
            &[],
        );
        assert_eq!(g[0].lines, ["- UBND tỉnh (b/c);", "- Lưu: VT, NVY."]);
        let g = recipient_groups(&[], &["VT".into()], &["A".into(), "B".into()]);
        assert_eq!(g[1].heading, "Bản điện tử:");
        assert_eq!(g[1].lines, ["- A;", "- B."]);
    }
}
