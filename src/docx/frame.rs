//! Stage 5 — the official frame around the body: draft mark, header table (issuer, national
//! title and motto, number, place and date), title and summary, "Kính gửi:", and the closing
//! table (recipients beside the signature block).

use docx_rs::{
    AlignmentType, BorderType, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Pic, SpecialIndentType, Table, TableBorders, TableCell, TableLayoutType,
    TableRow, VAlignType, WidthType,
};

use super::style;
use super::text::{centred, centred_rule, fonts, run, spacing, widest_line, Format, Ids};
use super::{DocxError, Frame, SignatureBlock};

/// A table without borders, fixed layout, spanning the text width with columns `grid`.
fn borderless(rows: Vec<TableRow>, grid: Vec<usize>) -> Table {
    let width = grid.iter().sum();
    Table::new(rows)
        .set_borders(TableBorders::new().clear_all())
        .set_grid(grid)
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// A top-aligned cell `width` twips wide holding `paragraphs` (never empty: an empty cell
/// gets an empty paragraph with an id of ours).
fn cell(ids: &mut Ids, width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Top);
    if paragraphs.is_empty() {
        c = c.add_paragraph(ids.para(Format::new(style::SZ_BODY)));
    }
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

/// The "DỰ THẢO" mark: bold, boxed, at the right edge above the header table.
pub fn draft_mark(ids: &mut Ids) -> Paragraph {
    let f = Format::new(style::SZ_DRAFT).bold();
    let text_w = style::text_width(style::DRAFT_TEXT, style::SZ_DRAFT, true);
    // generous room inside the box so an estimate on the low side never wraps the text
    let box_w = text_w * 6 / 5 + 2 * style::DRAFT_BORDER_SPACE * 20 + 200;
    let left = style::TEXT_WIDTH.saturating_sub(box_w) as i32;
    let mut p = ids
        .para(f)
        .align(AlignmentType::Center)
        .indent(Some(left), None, Some(0), None)
        .line_spacing(spacing(0, 120, style::LINE_SINGLE))
        .add_run(run(style::DRAFT_TEXT, f));
    let mut borders = ParagraphBorders::with_empty();
    for pos in [
        ParagraphBorderPosition::Top,
        ParagraphBorderPosition::Left,
        ParagraphBorderPosition::Bottom,
        ParagraphBorderPosition::Right,
    ] {
        borders = borders.set(
            ParagraphBorder::new(pos)
                .val(BorderType::Single)
                .size(style::DRAFT_BORDER_SIZE)
                .space(style::DRAFT_BORDER_SPACE)
                .color(style::COLOR),
        );
    }
    p.property = p.property.set_borders(borders);
    p
}

/// The header table: parent and issuer with a short rule | national title and motto with a
/// rule as long as the motto; then number | place and date on one row, so they are level.
pub fn header_table(ids: &mut Ids, frame: &Frame) -> Table {
    let left_avail = style::HEADER_LEFT - 2 * style::CELL_MARGIN;
    let right_avail = style::HEADER_RIGHT - 2 * style::CELL_MARGIN;

    let mut left = Vec::new();
    if let Some(parent) = frame.parent.as_deref().filter(|p| !p.trim().is_empty()) {
        left.push(centred(ids, parent, Format::new(style::SZ_PARENT)));
    }
    left.push(centred(
        ids,
        &frame.issuer,
        Format::new(style::SZ_ISSUER).bold(),
    ));
    let issuer_w = widest_line(&frame.issuer, style::SZ_ISSUER, true).min(left_avail);
    let issuer_rule = (issuer_w as f64 * style::SHORT_RULE_RATIO).round() as usize;
    left.push(centred_rule(ids, left_avail, issuer_rule, 0));

    let right = vec![
        centred(
            ids,
            style::NATIONAL_TITLE,
            Format::new(style::SZ_NATIONAL_TITLE).bold(),
        ),
        centred(ids, style::MOTTO, Format::new(style::SZ_MOTTO).bold()),
        centred_rule(
            ids,
            right_avail,
            style::text_width(style::MOTTO, style::SZ_MOTTO, true),
            0,
        ),
    ];

    let number = centred(ids, &frame.number_line, Format::new(style::SZ_NUMBER))
        .line_spacing(spacing(style::NUMBER_ROW_BEFORE, 0, style::LINE_SINGLE));
    let date = centred(
        ids,
        &frame.place_date,
        Format::new(style::SZ_PLACE_DATE).italic(),
    )
    .line_spacing(spacing(style::NUMBER_ROW_BEFORE, 0, style::LINE_SINGLE));

    let row1 = TableRow::new(vec![
        cell(ids, style::HEADER_LEFT, left),
        cell(ids, style::HEADER_RIGHT, right),
    ]);
    let row2 = TableRow::new(vec![
        cell(ids, style::HEADER_LEFT, vec![number]),
        cell(ids, style::HEADER_RIGHT, vec![date]),
    ]);
    borderless(
        vec![row1, row2],
        vec![style::HEADER_LEFT, style::HEADER_RIGHT],
    )
}

/// The kind ("KẾ HOẠCH"), the summary and its short rule, and the "Kính gửi:" block.
pub fn title(ids: &mut Ids, frame: &Frame) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let kind_f = Format::new(style::SZ_KIND).bold();
    let kind = frame.kind_title.to_uppercase();
    if !kind.trim().is_empty() {
        out.push(
            centred(ids, &kind, kind_f)
                .line_spacing(spacing(style::KIND_BEFORE, 0, style::LINE_SINGLE))
                .keep_next(true),
        );
    }
    let summary_f = Format::new(style::SZ_SUMMARY).bold();
    let before = if out.is_empty() {
        style::KIND_BEFORE
    } else {
        0
    };
    out.push(
        centred(ids, &frame.summary, summary_f)
            .line_spacing(spacing(before, 0, style::LINE_SINGLE))
            .keep_next(true),
    );
    let summary_w = widest_line(&frame.summary, style::SZ_SUMMARY, true).min(style::TEXT_WIDTH);
    let summary_rule = (summary_w as f64 * style::SHORT_RULE_RATIO).round() as usize;
    out.push(centred_rule(ids, style::TEXT_WIDTH, summary_rule, 120));

    let f = Format::new(style::SZ_ADDRESSEE);
    let addressees: Vec<&str> = frame
        .addressees
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    match addressees.as_slice() {
        [] => {}
        [one] => out.push(
            centred(ids, &format!("Kính gửi: {one}"), f).line_spacing(spacing(
                style::ADDRESSEE_BEFORE,
                0,
                style::LINE_SINGLE,
            )),
        ),
        many => {
            out.push(
                ids.para(f)
                    .align(AlignmentType::Left)
                    .indent(Some(style::ADDRESSEE_LABEL_INDENT), None, None, None)
                    .line_spacing(spacing(style::ADDRESSEE_BEFORE, 0, style::LINE_SINGLE))
                    .keep_next(true)
                    .add_run(run("Kính gửi:", f)),
            );
            let last = many.len() - 1;
            for (i, a) in many.iter().enumerate() {
                let bare = a
                    .trim_start_matches(['-', ' '])
                    .trim_end_matches([';', '.', ' ']);
                let end = if i == last { "." } else { ";" };
                out.push(
                    ids.para(f)
                        .align(AlignmentType::Left)
                        .indent(
                            Some(style::ADDRESSEE_ITEM_INDENT),
                            Some(SpecialIndentType::Hanging(284)),
                            None,
                            None,
                        )
                        .line_spacing(spacing(0, 0, style::LINE_SINGLE))
                        .add_run(run(&format!("- {bare}{end}"), f)),
                );
            }
        }
    }
    out
}

/// The closing table: recipients (left third) beside the signature block (right two
/// thirds); the first lines of both cells start at the same height.
pub fn closing_table(ids: &mut Ids, frame: &Frame) -> Result<Table, DocxError> {
    let mut left = Vec::new();
    for (g, group) in frame.recipients.iter().enumerate() {
        let head_f = Format::new(style::SZ_RECIPIENT_HEADING).bold().italic();
        let before = if g == 0 {
            style::CLOSING_BEFORE
        } else {
            style::RECIPIENT_GROUP_BEFORE
        };
        left.push(
            ids.para(head_f)
                .align(AlignmentType::Left)
                .line_spacing(spacing(before, 0, style::LINE_SINGLE))
                .add_run(run(&group.heading, head_f)),
        );
        let item_f = Format::new(style::SZ_RECIPIENT_ITEM);
        for line in &group.lines {
            left.push(
                ids.para(item_f)
                    .align(AlignmentType::Left)
                    .line_spacing(spacing(0, 0, style::LINE_SINGLE))
                    .add_run(run(line, item_f)),
            );
        }
    }

    let right = signature(ids, &frame.signature)?;
    // one row that cannot split keeps the signature block on one page
    let row = TableRow::new(vec![
        cell(ids, style::CLOSING_LEFT, left),
        cell(ids, style::CLOSING_RIGHT, right),
    ])
    .cant_split();
    Ok(borderless(
        vec![row],
        vec![style::CLOSING_LEFT, style::CLOSING_RIGHT],
    ))
}

/// Authority lines (7a), room to sign or the signature image, the name (7b).
fn signature(ids: &mut Ids, sig: &SignatureBlock) -> Result<Vec<Paragraph>, DocxError> {
    let f = Format::new(style::SZ_AUTHORITY).bold();
    let mut out = Vec::new();
    for (i, line) in sig.authority_lines.iter().enumerate() {
        let before = if i == 0 { style::CLOSING_BEFORE } else { 0 };
        out.push(centred(ids, line, f).line_spacing(spacing(before, 0, style::LINE_SINGLE)));
    }
    let room = Format::new(style::SZ_SIGNER);
    match &sig.signature_png {
        Some(png) => {
            let pic = picture(png, 1)?;
            out.push(ids.para(room));
            out.push(
                ids.para(room)
                    .align(AlignmentType::Center)
                    .line_spacing(spacing(0, 0, style::LINE_SINGLE))
                    .add_run(docx_rs::Run::new().fonts(fonts()).add_image(pic)),
            );
        }
        None => {
            for _ in 0..style::SIGN_ROOM_LINES {
                out.push(
                    ids.para(room)
                        .line_spacing(spacing(0, 0, style::LINE_SINGLE)),
                );
            }
        }
    }
    let first = out.is_empty();
    out.push(
        centred(ids, &sig.name, Format::new(style::SZ_SIGNER).bold()).line_spacing(spacing(
            if first { style::CLOSING_BEFORE } else { 0 },
            0,
            style::LINE_SINGLE,
        )),
    );
    Ok(out)
}

/// An inline picture from PNG bytes, `SIGNATURE_WIDTH_EMU` wide, aspect kept, with a
/// relationship id of our own (docx-rs's picture counter is process-wide).
fn picture(png: &[u8], n: usize) -> Result<Pic, DocxError> {
    let (w, h) = png_size(png)
        .ok_or_else(|| DocxError::Image("the signature image is not a PNG file".into()))?;
    if w == 0 || h == 0 {
        return Err(DocxError::Image(
            "the signature image is empty (0 pixels)".into(),
        ));
    }
    let cx = style::SIGNATURE_WIDTH_EMU;
    let cy = (cx as u64 * h as u64 / w as u64).min(u32::MAX as u64) as u32;
    Ok(Pic::new_with_dimensions(png.to_vec(), w, h)
        .id(format!("rIdImage{n}"))
        .size(cx, cy))
}

/// Width and height of a PNG from its IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIG: &[u8] = &[137, 80, 78, 71, 13, 10, 26, 10];
    if !png.starts_with(SIG) || png.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(png.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(png.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_reads_ihdr_and_rejects_other_bytes() {
        let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13];
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&300u32.to_be_bytes());
        png.extend_from_slice(&120u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((300, 120)));
        assert_eq!(png_size(b"GIF89a"), None);
        assert_eq!(png_size(&png[..20]), None);
    }
}
