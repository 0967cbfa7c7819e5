//! Named paragraph styles of the official layout, and the pass that takes off every direct
//! formatting a paragraph's style already says.
//!
//! The frame and body builders lay paragraphs out with explicit values (fonts, sizes,
//! spacing, alignment) and name the style each paragraph is; [`strip_redundant`] then removes
//! what the style (or the document defaults) gives anyway, so a clerk who restyles "Body Text"
//! restyles the body, and a paragraph the clerk adds gets the body's look. Only what a style
//! cannot say stays direct (the 13 pt national title in a 13 pt block is not direct; the 14 pt
//! motto beside it is).

use docx_rs::{
    AlignmentType, DocumentChild, Docx, FooterChild, HeaderChild, Lang, LineSpacing,
    LineSpacingType, Paragraph, ParagraphChild, ParagraphProperty, RunProperty, SpecialIndentType,
    Style, StyleType, Styles, Table, TableCellContent, TableChild, TableRowChild,
};

use super::style;
use super::text::fonts;

/// Paragraph style ids, as written in `w:pStyle`.
pub(crate) mod id {
    /// "Title": the document kind, "KẾ HOẠCH".
    pub(crate) const TITLE: &str = "Title";
    /// "Subtitle": the summary, trích yếu.
    pub(crate) const SUBTITLE: &str = "Subtitle";
    /// "Body Text": justified, first line indented.
    pub(crate) const BODY: &str = "BodyText";
    /// "List Dash": a "- " item of the body.
    pub(crate) const LIST_DASH: &str = "ListDash";
    /// "List Plus": a "+ " item of the body.
    pub(crate) const LIST_PLUS: &str = "ListPlus";
    /// "Table Text": the text of a body table's cells.
    pub(crate) const TABLE: &str = "TableText";
    /// "Header Block": the lines of the header table (issuer, national title, number, date).
    pub(crate) const HEADER_BLOCK: &str = "HeaderBlock";
    /// "Recipients Heading": "Nơi nhận:".
    pub(crate) const RECIPIENTS_HEADING: &str = "RecipientsHeading";
    /// "Recipients": the "- X;" lines under "Nơi nhận:".
    pub(crate) const RECIPIENTS: &str = "Recipients";
    /// "Signature": authority lines, room to sign and the signer's name.
    pub(crate) const SIGNATURE: &str = "Signature";

    /// "heading N" (1–4) for the numbered levels I. / 1. / 1.1. / a).
    pub(crate) fn heading(level: usize) -> &'static str {
        match level {
            0 | 1 => "Heading1",
            2 => "Heading2",
            3 => "Heading3",
            _ => "Heading4",
        }
    }
}

/// The language of every run: Word spell-checks Vietnamese only when it is told.
pub(crate) const LANGUAGE: &str = "vi-VN";

/// One named paragraph style with everything it sets (each style is complete: it sets its
/// alignment, spacing and character format itself, on top of the document defaults).
struct Def {
    id: &'static str,
    name: &'static str,
    ppr: ParagraphProperty,
    size: usize,
    bold: bool,
    italic: bool,
    /// Word's order in its style gallery.
    priority: usize,
}

fn spacing(before: u32, after: u32, line: i32) -> LineSpacing {
    LineSpacing::new()
        .before(before)
        .after(after)
        .line(line)
        .line_rule(LineSpacingType::Auto)
}

fn single(before: u32) -> LineSpacing {
    spacing(before, 0, style::LINE_SINGLE)
}

/// Body Text's paragraph properties; the headings and list items share them.
fn body_ppr() -> ParagraphProperty {
    ParagraphProperty::new()
        .align(AlignmentType::Both)
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
        ))
}

fn centred(before: u32) -> ParagraphProperty {
    ParagraphProperty::new()
        .align(AlignmentType::Center)
        .line_spacing(single(before))
}

fn defs() -> Vec<Def> {
    let def = |id, name, ppr, size, bold, italic, priority| Def {
        id,
        name,
        ppr,
        size,
        bold,
        italic,
        priority,
    };
    let mut out = vec![
        def(
            id::TITLE,
            "Title",
            centred(style::KIND_BEFORE).keep_next(true).keep_lines(true),
            style::SZ_KIND,
            true,
            false,
            10,
        ),
        def(
            id::SUBTITLE,
            "Subtitle",
            centred(0).keep_next(true).keep_lines(true),
            style::SZ_SUMMARY,
            true,
            false,
            11,
        ),
        def(
            id::BODY,
            "Body Text",
            body_ppr(),
            style::SZ_BODY,
            false,
            false,
            1,
        ),
    ];
    for level in 1..=4 {
        out.push(def(
            id::heading(level),
            match level {
                1 => "heading 1",
                2 => "heading 2",
                3 => "heading 3",
                _ => "heading 4",
            },
            body_ppr()
                .keep_next(true)
                .keep_lines(true)
                .outline_lvl(level - 1),
            style::SZ_BODY,
            true,
            false,
            9,
        ));
    }
    out.extend([
        def(
            id::LIST_DASH,
            "List Dash",
            body_ppr(),
            style::SZ_BODY,
            false,
            false,
            34,
        ),
        def(
            id::LIST_PLUS,
            "List Plus",
            body_ppr(),
            style::SZ_BODY,
            false,
            false,
            35,
        ),
        def(
            id::TABLE,
            "Table Text",
            ParagraphProperty::new()
                .align(AlignmentType::Left)
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .line_spacing(spacing(
                    style::TABLE_CELL_SPACING,
                    style::TABLE_CELL_SPACING,
                    style::LINE_SINGLE,
                )),
            style::SZ_TABLE,
            false,
            false,
            40,
        ),
        def(
            id::HEADER_BLOCK,
            "Header Block",
            centred(0),
            style::SZ_ISSUER,
            false,
            false,
            41,
        ),
        def(
            id::RECIPIENTS_HEADING,
            "Recipients Heading",
            ParagraphProperty::new()
                .align(AlignmentType::Left)
                .line_spacing(single(style::CLOSING_BEFORE)),
            style::SZ_RECIPIENT_HEADING,
            true,
            true,
            42,
        ),
        def(
            id::RECIPIENTS,
            "Recipients",
            ParagraphProperty::new()
                .align(AlignmentType::Left)
                .line_spacing(single(0)),
            style::SZ_RECIPIENT_ITEM,
            false,
            false,
            43,
        ),
        def(
            id::SIGNATURE,
            "Signature",
            centred(0),
            style::SZ_SIGNER,
            true,
            false,
            44,
        ),
    ]);
    out
}

/// The run properties every run inherits: Times New Roman in all four slots, black, body
/// size, Vietnamese.
fn default_rpr() -> RunProperty {
    RunProperty::new()
        .fonts(fonts())
        .color(style::COLOR)
        .size(style::SZ_BODY)
        .lang(Lang::new(LANGUAGE).east_asia(LANGUAGE).bidi(LANGUAGE))
}

fn style_rpr(d: &Def) -> RunProperty {
    let mut r = RunProperty::new()
        .size(d.size)
        .lang(Lang::new(LANGUAGE).east_asia(LANGUAGE).bidi(LANGUAGE));
    if d.bold {
        r = r.bold();
    }
    if d.italic {
        r = r.italic();
    }
    r
}

/// The styles part: document defaults (single spacing, no space around paragraphs, the
/// default run properties), "Normal" (widow and orphan control) and the named styles.
pub(crate) fn styles() -> Styles {
    let mut styles = Styles::new();
    styles.doc_defaults = std::mem::take(&mut styles.doc_defaults)
        .run_property(default_rpr())
        .paragraph_property(ParagraphProperty::new().line_spacing(single(0)));
    let mut normal = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .q_format(true);
    normal.paragraph_property = ParagraphProperty::new().widow_control(true);
    styles = styles.add_style(normal);
    for d in defs() {
        let mut s = Style::new(d.id, StyleType::Paragraph)
            .name(d.name)
            .based_on("Normal")
            .next(next_style(d.id))
            .ui_priority(d.priority)
            .q_format(true);
        s.paragraph_property = d.ppr.clone().widow_control(true);
        s.run_property = style_rpr(&d);
        styles = styles.add_style(s);
    }
    styles
}

/// The style Word gives the paragraph typed after one of `id` (Enter at its end).
fn next_style(id: &str) -> &'static str {
    match id {
        id::TITLE => id::SUBTITLE,
        id::TABLE => id::TABLE,
        id::RECIPIENTS_HEADING | id::RECIPIENTS => id::RECIPIENTS,
        id::SIGNATURE => id::SIGNATURE,
        id::HEADER_BLOCK => id::HEADER_BLOCK,
        id::LIST_DASH => id::LIST_DASH,
        id::LIST_PLUS => id::LIST_PLUS,
        _ => id::BODY,
    }
}

/// What a paragraph of some style gets without direct formatting.
struct Resolved {
    ppr: ParagraphProperty,
    rpr: RunProperty,
}

fn resolved(style_id: Option<&str>, table: &[(&'static str, Resolved)]) -> Resolved {
    let found = style_id.and_then(|id| table.iter().find(|(i, _)| *i == id));
    match found {
        Some((_, r)) => Resolved {
            ppr: r.ppr.clone(),
            rpr: r.rpr.clone(),
        },
        None => Resolved {
            ppr: ParagraphProperty::new().line_spacing(single(0)),
            rpr: default_rpr(),
        },
    }
}

/// Takes off every direct paragraph and character property of the document's paragraphs
/// (body, tables, headers, footers) that equals what the paragraph's style resolves to, and
/// writes "not bold" / "not italic" where a run is plainer than its style.
pub(crate) fn strip_redundant(docx: &mut Docx) {
    let table: Vec<(&'static str, Resolved)> = defs()
        .into_iter()
        .map(|d| {
            let mut rpr = default_rpr();
            rpr.sz = style_rpr(&d).sz;
            rpr.sz_cs = style_rpr(&d).sz_cs;
            if d.bold {
                rpr = rpr.bold();
            }
            if d.italic {
                rpr = rpr.italic();
            }
            (d.id, Resolved { ppr: d.ppr, rpr })
        })
        .collect();
    for child in &mut docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => strip_paragraph(p, &table),
            DocumentChild::Table(t) => strip_table(t, &table),
            _ => {}
        }
    }
    let sp = &mut docx.document.section_property;
    for (_, h) in [&mut sp.header, &mut sp.first_header, &mut sp.even_header]
        .into_iter()
        .flatten()
    {
        for c in &mut h.children {
            match c {
                HeaderChild::Paragraph(p) => strip_paragraph(p, &table),
                HeaderChild::Table(t) => strip_table(t, &table),
                _ => {}
            }
        }
    }
    for (_, f) in [&mut sp.footer, &mut sp.first_footer, &mut sp.even_footer]
        .into_iter()
        .flatten()
    {
        for c in &mut f.children {
            match c {
                FooterChild::Paragraph(p) => strip_paragraph(p, &table),
                FooterChild::Table(t) => strip_table(t, &table),
                _ => {}
            }
        }
    }
}

fn strip_table(t: &mut Table, table: &[(&'static str, Resolved)]) {
    for TableChild::TableRow(row) in &mut t.rows {
        for TableRowChild::TableCell(cell) in &mut row.cells {
            for c in &mut cell.children {
                match c {
                    TableCellContent::Paragraph(p) => strip_paragraph(p, table),
                    TableCellContent::Table(t) => strip_table(t, table),
                    _ => {}
                }
            }
        }
    }
}

fn strip_paragraph(p: &mut Paragraph, table: &[(&'static str, Resolved)]) {
    let style_id = p.property.style.as_ref().map(|s| s.val.clone());
    let r = resolved(style_id.as_deref(), table);
    let pp = &mut p.property;
    if pp.alignment.is_some() && pp.alignment == r.ppr.alignment {
        pp.alignment = None;
    }
    if pp.indent.is_some() && pp.indent == r.ppr.indent {
        pp.indent = None;
    }
    if pp.line_spacing.is_some() && pp.line_spacing == r.ppr.line_spacing {
        pp.line_spacing = None;
    }
    if pp.keep_next == Some(true) && r.ppr.keep_next == Some(true) {
        pp.keep_next = None;
    }
    if pp.keep_lines == Some(true) && r.ppr.keep_lines == Some(true) {
        pp.keep_lines = None;
    }
    // the paragraph mark: only what equals the style goes (a plainer mark stays plain: it
    // only sets the height of an empty paragraph)
    strip_run(&mut pp.run_property, &r.rpr, false);
    for c in &mut p.children {
        if let ParagraphChild::Run(run) = c {
            strip_run(&mut run.run_property, &r.rpr, true);
        }
    }
}

/// Takes off of `rp` what `base` gives; with `turn_off`, a run that is not bold (italic)
/// under a bold (italic) style is marked "not bold" ("not italic").
fn strip_run(rp: &mut RunProperty, base: &RunProperty, turn_off: bool) {
    if rp.fonts.is_some() && rp.fonts == base.fonts {
        rp.fonts = None;
    }
    if rp.color.is_some() && rp.color == base.color {
        rp.color = None;
    }
    if rp.sz.is_some() && rp.sz == base.sz && rp.sz_cs == base.sz_cs {
        rp.sz = None;
        rp.sz_cs = None;
    }
    let on = |b: &RunProperty| b.bold == RunProperty::new().bold().bold;
    if base.bold.is_some() {
        if on(rp) {
            rp.bold = None;
            rp.bold_cs = None;
        } else if turn_off && rp.bold.is_none() {
            *rp = std::mem::take(rp).disable_bold();
        }
    }
    let italic_on = |b: &RunProperty| b.italic == RunProperty::new().italic().italic;
    if base.italic.is_some() {
        if italic_on(rp) {
            rp.italic = None;
            rp.italic_cs = None;
        } else if turn_off && rp.italic.is_none() {
            *rp = std::mem::take(rp).disable_italic();
        }
    }
}
