//! Stage 5 — DOCX writer: turns the rendered Markdown body (pulldown-cmark events) and the
//! official frame (header table, title, closing table) into a `.docx` file with docx-rs.
//!
//! The frame is built from the model, never parsed back from text; the body comes from the
//! Markdown that the templates rendered, so the `.md` file and the DOCX body say the same thing.

mod body;
mod frame;
pub mod style;
pub(crate) mod styles;
mod text;

pub(crate) use text::sanitize;

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, Header, InstrText, Lang, PageMargin, PageNumType,
    PageOrientationType, PageSize, SectionProperty, Settings,
};

use text::{empty_run, spacing, Format, Ids};

use crate::printed::PrintedFrame;

/// Everything outside the body that the official layout needs, already formatted as text.
///
/// The view stage fills it from the model (see `crate::view`); the writer only lays it out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frame {
    /// The text of the frame, as the templates print it (`crate::printed`).
    pub text: PrintedFrame,
    /// PNG bytes of the signature image (electronic copies), centred between 7a and 7b.
    pub signature_png: Option<Vec<u8>>,
    /// PNG bytes of the seal image (electronic copies), over the left third of the signature.
    pub seal_png: Option<Vec<u8>>,
    /// Core properties (docProps/core.xml); no wall clock ever goes in.
    pub properties: Properties,
    /// The clerk's tables of the body, by index (see [`Grid`]).
    pub grids: Vec<Grid>,
    /// The appendices (phụ lục), each on its own pages after the closing table.
    pub appendices: Vec<AppendixPages>,
}

/// One appendix as the writer lays it out: a section of its own (a new page, its own page
/// size and orientation, page numbers from 1, none on its first page), "Phụ lục I", its
/// title and its "(Kèm theo …)" line centred at the top, then its body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppendixPages {
    /// "Phụ lục I", or "Phụ lục" when the document has one appendix.
    pub(crate) label: String,
    /// The title, in capitals.
    pub(crate) title: String,
    /// "(Kèm theo Kế hoạch số 45/KH-UBND ngày 12/3/2026 của Ủy ban nhân dân tỉnh)", with
    /// blanks while the document is not issued.
    pub(crate) attached: String,
    /// Landscape A4 (wide tables) instead of portrait.
    pub(crate) landscape: bool,
    /// The body, Markdown (the `body` block of `appendix.md`).
    pub(crate) body: String,
    /// The clerk's tables its body's markers name.
    pub(crate) grids: Vec<Grid>,
}

/// A table written by the clerk, placed where the body's Markdown carries the marker
/// `<!-- table N -->` (N its index in [`Frame::grids`]); the Markdown table after the marker (a
/// pipe table, or an HTML table when cells merge) is what the `.md` file shows and is skipped.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Grid {
    /// Header rows: bold, centred, repeated at the top of each page.
    pub(crate) header: Vec<Vec<GridCell>>,
    /// Body rows.
    pub(crate) rows: Vec<Vec<GridCell>>,
    /// Relative column widths; empty: computed from the content.
    pub(crate) widths: Vec<u32>,
    /// Columns whose body cells are all numbers: aligned right.
    pub(crate) numeric: Vec<bool>,
}

/// A cell of a [`Grid`].
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct GridCell {
    /// The text.
    pub(crate) text: String,
    /// Columns spanned (at least 1).
    pub(crate) cols: usize,
    /// Rows spanned (at least 1).
    pub(crate) rows: usize,
}

/// Document properties written to docProps/core.xml.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Properties {
    /// Title, e.g. "KẾ HOẠCH Thực hiện công tác …".
    pub title: String,
    /// Subject: the summary (trích yếu).
    pub subject: String,
    /// Creator, e.g. the issuing body.
    pub creator: String,
    /// Keywords, e.g. "25/KH-SYT; Kế hoạch; 2018".
    pub keywords: String,
    /// Category: the kind of document, e.g. "Kế hoạch".
    pub category: String,
    /// W3CDTF timestamp taken from the document's date (never the wall clock):
    /// "2018-03-05T00:00:00Z".
    pub created: String,
}

/// Errors of the DOCX writer.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// docx-rs failed to pack the archive.
    #[error("could not write the DOCX archive: {0}")]
    Pack(String),
    /// An image could not be used.
    #[error("{0}")]
    Image(String),
}

/// Writes a complete DOCX: header table, title and summary, the body from `body_markdown`,
/// and the closing table, following FORMAT.md, with named styles (see `styles.rs`) and
/// Vietnamese as the language. Same input, same bytes: paragraph and image ids are counted
/// per document, the core properties take `frame.properties.created`, and the archive's
/// timestamps are docx-rs's fixed default (1980-01-01).
///
/// Characters that XML 1.0 does not allow are removed from every string.
pub fn write(frame: &Frame, body_markdown: &str) -> Result<Vec<u8>, DocxError> {
    let mut ids = Ids::new();
    let mut docx = Docx::new()
        .page_size(style::PAGE_WIDTH, style::PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(style::MARGIN_TOP)
                .bottom(style::MARGIN_BOTTOM)
                .left(style::MARGIN_LEFT)
                .right(style::MARGIN_RIGHT)
                .header(style::HEADER_DISTANCE)
                .footer(style::FOOTER_DISTANCE)
                .gutter(0),
        )
        .styles(styles::styles());
    docx.settings = Settings::new().theme_font_lang(
        Lang::new(styles::LANGUAGE)
            .east_asia(styles::LANGUAGE)
            .bidi(styles::LANGUAGE),
    );
    docx.doc_props.core = core_properties(std::mem::take(&mut docx.doc_props.core), frame);

    // Page numbers: none on page 1 (an empty first-page header sets titlePg), centred in
    // the header from page 2 on.
    // (Circular 01/2011: at the bottom right, in the footer)
    docx = match frame.text.page_numbers_in_footer {
        false => docx
            .header(Header::new().add_paragraph(page_number(&mut ids, AlignmentType::Center)))
            .first_header(
                Header::new().add_paragraph(ids.para(Format::new(style::SZ_PAGE_NUMBER))),
            ),
        true => docx
            .footer(Footer::new().add_paragraph(page_number(&mut ids, AlignmentType::Right)))
            .first_footer(
                Footer::new().add_paragraph(ids.para(Format::new(style::SZ_PAGE_NUMBER))),
            ),
    };

    if frame.text.draft {
        docx = docx.add_paragraph(frame::draft_mark(&mut ids));
    }
    docx = docx.add_table(frame::header_table(&mut ids, frame));
    for p in frame::title(&mut ids, frame) {
        docx = docx.add_paragraph(p);
    }
    let mut blocks = body::blocks(&mut ids, body_markdown, &frame.grids, style::TEXT_WIDTH);
    if let Some(body::Block::Paragraph(p)) = blocks.last_mut() {
        // the closing line ("Trên đây là …./.") goes with the signature to a new page
        **p = p.as_ref().clone().keep_next(true);
    }
    docx = add_blocks(docx, &mut ids, blocks);
    docx = docx.add_table(frame::closing_table(&mut ids, frame)?);
    docx = add_appendices(docx, &mut ids, frame);

    styles::strip_redundant(&mut docx);
    let mut buf = std::io::Cursor::new(Vec::new());
    docx.pack(&mut buf)
        .map_err(|e| DocxError::Pack(e.to_string()))?;
    Ok(buf.into_inner())
}

/// Adds body blocks; an empty paragraph after a final table keeps what follows (the closing
/// table) from merging with it.
fn add_blocks(docx: Docx, ids: &mut Ids, blocks: Vec<body::Block>) -> Docx {
    let (mut docx, last_is_table) = push_blocks(docx, blocks);
    if last_is_table {
        docx = docx.add_paragraph(ids.para(Format::new(style::SZ_BODY)));
    }
    docx
}

/// Adds `blocks` in order; says whether the last one was a table.
fn push_blocks(mut docx: Docx, blocks: Vec<body::Block>) -> (Docx, bool) {
    let mut last_is_table = false;
    for block in blocks {
        docx = match block {
            body::Block::Paragraph(p) => {
                last_is_table = false;
                docx.add_paragraph(*p)
            }
            body::Block::Table(t) => {
                last_is_table = true;
                docx.add_table(*t)
            }
        };
    }
    (docx, last_is_table)
}

/// The appendices, each a section of its own after the closing table. The main text's
/// section ends in an empty 1 pt paragraph carrying its properties (page size, margins,
/// `titlePg`, the page-number headers); each appendix but the last ends the same way with its
/// own; the last one's are the document's final `w:sectPr`. Every appendix section starts on
/// a new page (the default section type), restarts its page numbers at 1 and, like the
/// document, shows none on its first page (the same headers, referenced again).
fn add_appendices(mut docx: Docx, ids: &mut Ids, frame: &Frame) -> Docx {
    if frame.appendices.is_empty() {
        return docx;
    }
    let main = docx.document.section_property.clone();
    docx = docx.add_paragraph(section_break(ids, main.clone()));
    let last = frame.appendices.len() - 1;
    for (i, a) in frame.appendices.iter().enumerate() {
        let (section, width) = appendix_section(&main, a.landscape);
        for p in frame::appendix_heading(ids, a, width) {
            docx = docx.add_paragraph(p);
        }
        let blocks = body::blocks(ids, &a.body, &a.grids, width);
        let (d, last_is_table) = push_blocks(docx, blocks);
        docx = d;
        if i == last {
            if last_is_table {
                // a body ends with a paragraph
                docx = docx.add_paragraph(section_mark(ids));
            }
            docx.document.section_property = section;
        } else {
            docx = docx.add_paragraph(section_break(ids, section));
        }
    }
    docx
}

/// The section of an appendix: the main text's (its headers included), A4 turned on its side
/// with the margins turned with it when `landscape`, page numbers from 1, and the text width.
fn appendix_section(main: &SectionProperty, landscape: bool) -> (SectionProperty, usize) {
    let mut s = main
        .clone()
        .title_pg()
        .page_num_type(PageNumType::new().start(1));
    if !landscape {
        return (s, style::TEXT_WIDTH);
    }
    s = s
        .page_size(
            PageSize::new()
                .size(style::PAGE_HEIGHT, style::PAGE_WIDTH)
                .orient(PageOrientationType::Landscape),
        )
        .page_margin(
            PageMargin::new()
                .top(style::LANDSCAPE_MARGIN_TOP)
                .bottom(style::LANDSCAPE_MARGIN_BOTTOM)
                .left(style::LANDSCAPE_MARGIN_LEFT)
                .right(style::LANDSCAPE_MARGIN_RIGHT)
                .header(style::HEADER_DISTANCE)
                .footer(style::FOOTER_DISTANCE)
                .gutter(0),
        );
    (s, style::LANDSCAPE_TEXT_WIDTH)
}

/// The empty 1 pt paragraph that ends a section.
fn section_mark(ids: &mut Ids) -> docx_rs::Paragraph {
    ids.para(Format::new(style::SZ_SECTION_BREAK))
        .line_spacing(spacing(0, 0, style::LINE_SINGLE))
}

/// A section break: [`section_mark`] carrying the properties of the section it ends.
fn section_break(ids: &mut Ids, section: SectionProperty) -> docx_rs::Paragraph {
    section_mark(ids).section_property(section)
}

/// The page number's paragraph (in the default header, or footer): a PAGE field built by
/// hand (begin, instruction, separate, cached result, end), 14 pt Times New Roman.
fn page_number(ids: &mut Ids, align: AlignmentType) -> docx_rs::Paragraph {
    let f = Format::new(style::SZ_PAGE_NUMBER);
    ids.para(f)
        .align(align)
        .line_spacing(spacing(0, 0, style::LINE_SINGLE))
        .add_run(empty_run(f).add_field_char(FieldCharType::Begin, false))
        .add_run(empty_run(f).add_instr_text(InstrText::Unsupported(" PAGE ".to_owned())))
        .add_run(empty_run(f).add_field_char(FieldCharType::Separate, false))
        // the cached result shown before fields are updated; the header only appears from
        // page 2 on
        .add_run(empty_run(f).add_text("2"))
        .add_run(empty_run(f).add_field_char(FieldCharType::End, false))
}

/// The core properties (docProps/core.xml): title, subject, creator, keywords, category,
/// language, and the document's date as created and modified. No wall clock.
fn core_properties(core: docx_rs::CoreProps, frame: &Frame) -> docx_rs::CoreProps {
    let p = &frame.properties;
    let clean = |s: &str| text::sanitize(s.trim()).into_owned();
    let created = if p.created.trim().is_empty() {
        "1970-01-01T00:00:00Z".to_owned()
    } else {
        clean(&p.created)
    };
    let mut core = core
        .created_at(&created)
        .updated_at(&created)
        .title(clean(&p.title))
        .creator(clean(&p.creator))
        .last_modified_by(clean(&p.creator))
        .language(styles::LANGUAGE);
    if !p.subject.trim().is_empty() {
        core = core.subject(clean(&p.subject));
    }
    if !p.keywords.trim().is_empty() {
        core = core.keywords(clean(&p.keywords));
    }
    if !p.category.trim().is_empty() {
        core = core.category(clean(&p.category));
    }
    core
}
