//! Stage 5 — the official frame around the body: draft mark, header table (issuer, national
//! title and motto, number, place and date), title and summary, "Kính gửi:", and the closing
//! table (recipients beside the signature block).

use docx_rs::{
    AlignmentType, BorderType, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Pic, RelativeFromHType, RelativeFromVType, SpecialIndentType, Table,
    TableBorders, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::style;
use super::styles::id;
use super::text::{centred, centred_rule, fonts, run, sanitize, spacing, widest_line, Format, Ids};
use super::{AppendixPages, DocxError, Frame};

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
pub(crate) fn draft_mark(ids: &mut Ids) -> Paragraph {
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
pub(crate) fn header_table(ids: &mut Ids, frame: &Frame) -> Table {
    let (left_w, right_w) = header_columns(frame);
    let left_avail = left_w - 2 * style::CELL_MARGIN;
    let right_avail = right_w - 2 * style::CELL_MARGIN;

    let mut left = Vec::new();
    if let Some(parent) = Some(frame.text.parent.as_str()).filter(|p| !p.trim().is_empty()) {
        left.push(centred(ids, parent, Format::new(style::SZ_PARENT)).style(id::HEADER_BLOCK));
    }
    left.push(
        centred(
            ids,
            &frame.text.issuer,
            Format::new(issuer_size(frame)).bold(),
        )
        .style(id::HEADER_BLOCK),
    );
    let issuer_w = widest_line(&frame.text.issuer, issuer_size(frame), true).min(left_avail);
    let issuer_rule = (issuer_w as f64 * style::SHORT_RULE_RATIO).round() as usize;
    left.push(centred_rule(ids, left_avail, issuer_rule, 0));

    let right = vec![
        centred(
            ids,
            style::NATIONAL_TITLE,
            Format::new(style::SZ_NATIONAL_TITLE).bold(),
        )
        .style(id::HEADER_BLOCK),
        centred(ids, style::MOTTO, Format::new(style::SZ_MOTTO).bold()).style(id::HEADER_BLOCK),
        centred_rule(
            ids,
            right_avail,
            style::text_width(style::MOTTO, style::SZ_MOTTO, true),
            0,
        ),
    ];

    let number = centred(ids, &frame.text.number_line, Format::new(style::SZ_NUMBER))
        .style(id::HEADER_BLOCK)
        .line_spacing(spacing(style::NUMBER_ROW_BEFORE, 0, style::LINE_SINGLE));
    let date = centred(
        ids,
        &frame.text.place_date,
        Format::new(style::SZ_PLACE_DATE).italic(),
    )
    .style(id::HEADER_BLOCK)
    .line_spacing(spacing(style::NUMBER_ROW_BEFORE, 0, style::LINE_SINGLE));

    let row1 = TableRow::new(vec![cell(ids, left_w, left), cell(ids, right_w, right)]).cant_split();
    let mut left2 = vec![number];
    if !frame.text.letter_summary.trim().is_empty() {
        // a công văn's "V/v …": 12–13 pt, upright, centred under the number (5b)
        left2.push(
            centred(
                ids,
                &frame.text.letter_summary,
                Format::new(style::SZ_LETTER_SUMMARY),
            )
            .style(id::HEADER_BLOCK)
            .line_spacing(spacing(style::LETTER_SUMMARY_BEFORE, 0, style::LINE_SINGLE)),
        );
    }
    let row2 = TableRow::new(vec![
        cell(ids, left_w, left2),
        cell(ids, right_w, vec![date]),
    ])
    .cant_split();
    borderless(vec![row1, row2], vec![left_w, right_w])
}

/// The widths of the header table's columns: the left one as `style::header_left` gives it
/// for the widest line that must not wrap there (each parent and issuer line, the number),
/// the right one the rest. A letter's "V/v …" may take several lines and does not count.
fn header_columns(frame: &Frame) -> (usize, usize) {
    let lines = |text: &str, size: usize, bold: bool| -> Vec<usize> {
        sanitize(text)
            .lines()
            .map(|l| style::text_width(l, size, bold))
            .collect()
    };
    let mut widths = Some(frame.text.parent.as_str())
        .filter(|p| !p.is_empty())
        .map_or_else(Vec::new, |p| lines(p, style::SZ_PARENT, false));
    widths.extend(lines(&frame.text.issuer, issuer_size(frame), true));
    widths.extend(lines(&frame.text.number_line, style::SZ_NUMBER, false));
    let left = style::header_left(&widths);
    (left, style::TEXT_WIDTH - left)
}

/// The issuer's size: 13 pt, or 12 pt when some line of the name does not fit the widest
/// left column at 13 pt and every line fits it at 12 pt. A name that fits at neither keeps
/// 13 pt and wraps as before (write it on lines by meaning).
fn issuer_size(frame: &Frame) -> usize {
    let fits = |size: usize| {
        sanitize(&frame.text.issuer)
            .lines()
            .all(|l| style::fits_header(style::text_width(l, size, true)))
    };
    if !fits(style::SZ_ISSUER) && fits(style::SZ_ISSUER_SMALL) {
        style::SZ_ISSUER_SMALL
    } else {
        style::SZ_ISSUER
    }
}

/// The kind ("KẾ HOẠCH"), the summary and its short rule, and the "Kính gửi:" block.
pub(crate) fn title(ids: &mut Ids, frame: &Frame) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let kind_f = Format::new(style::SZ_KIND).bold();
    let kind = frame.text.kind_title.to_uppercase();
    if !kind.trim().is_empty() {
        out.push(
            centred(ids, &kind, kind_f)
                .style(id::TITLE)
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
    // a công văn has neither kind title nor summary here (its "V/v" is in the header)
    if !(frame.text.summary.trim().is_empty() && out.is_empty()) {
        out.push(
            centred(ids, &frame.text.summary, summary_f)
                .style(id::SUBTITLE)
                .line_spacing(spacing(before, 0, style::LINE_SINGLE))
                .keep_next(true),
        );
        let summary_w =
            widest_line(&frame.text.summary, style::SZ_SUMMARY, true).min(style::TEXT_WIDTH);
        let summary_rule = (summary_w as f64 * style::SHORT_RULE_RATIO).round() as usize;
        // the summary's rule goes with the title block to the next page
        out.push(centred_rule(ids, style::TEXT_WIDTH, summary_rule, 120).keep_next(true));
    }

    let f = Format::new(style::SZ_ADDRESSEE);
    // a công văn's "Kính gửi:" comes right after the header table: as much room as a title
    let addressee_before = if out.is_empty() {
        style::KIND_BEFORE
    } else {
        style::ADDRESSEE_BEFORE
    };
    let addressees: Vec<&str> = frame
        .text
        .addressees
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    match addressees.as_slice() {
        [] => {}
        [one] => out.push(
            centred(ids, &format!("Kính gửi: {one}"), f).line_spacing(spacing(
                addressee_before,
                0,
                style::LINE_SINGLE,
            )),
        ),
        many => {
            out.push(
                ids.para(f)
                    .align(AlignmentType::Left)
                    .indent(Some(style::ADDRESSEE_LABEL_INDENT), None, None, None)
                    .line_spacing(spacing(addressee_before, 0, style::LINE_SINGLE))
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

/// The top of an appendix's first page, centred over `width` (the page's text width):
/// "Phụ lục I" (bold), its title (bold capitals), the "(Kèm theo …)" line (italic) and a short
/// rule under it, all kept with the body that follows.
pub(crate) fn appendix_heading(ids: &mut Ids, a: &AppendixPages, width: usize) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let label_f = Format::new(style::SZ_APPENDIX_LABEL).bold();
    out.push(
        centred(ids, a.label.trim(), label_f)
            .style(id::TITLE)
            .keep_next(true),
    );
    if !a.title.trim().is_empty() {
        out.push(
            centred(
                ids,
                a.title.trim(),
                Format::new(style::SZ_APPENDIX_TITLE).bold(),
            )
            .style(id::SUBTITLE)
            .keep_next(true),
        );
    }
    if !a.attached.trim().is_empty() {
        let mut f = Format::new(style::SZ_APPENDIX_ATTACHED);
        f.italic = true;
        out.push(centred(ids, a.attached.trim(), f).keep_next(true));
        let w = widest_line(&a.attached, style::SZ_APPENDIX_ATTACHED, false).min(width);
        let rule_w = (w as f64 * style::SHORT_RULE_RATIO).round() as usize;
        out.push(centred_rule(ids, width, rule_w, style::APPENDIX_RULE_AFTER).keep_next(true));
    }
    out
}

/// The closing table: recipients (left third) beside the signature block (right two
/// thirds); the first lines of both cells start at the same height.
pub(crate) fn closing_table(ids: &mut Ids, frame: &Frame) -> Result<Table, DocxError> {
    let mut left = Vec::new();
    for (g, group) in frame.text.recipients.iter().enumerate() {
        let head_f = Format::new(style::SZ_RECIPIENT_HEADING).bold().italic();
        let before = if g == 0 {
            style::CLOSING_BEFORE
        } else {
            style::RECIPIENT_GROUP_BEFORE
        };
        left.push(
            ids.para(head_f)
                .style(id::RECIPIENTS_HEADING)
                .align(AlignmentType::Left)
                .line_spacing(spacing(before, 0, style::LINE_SINGLE))
                .add_run(run(&group.heading, head_f)),
        );
        let item_f = Format::new(style::SZ_RECIPIENT_ITEM);
        for line in &group.lines {
            left.push(
                ids.para(item_f)
                    .style(id::RECIPIENTS)
                    .align(AlignmentType::Left)
                    .line_spacing(spacing(0, 0, style::LINE_SINGLE))
                    .add_run(run(line, item_f)),
            );
        }
    }

    let right = signature(ids, frame)?;
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
fn signature(ids: &mut Ids, frame: &Frame) -> Result<Vec<Paragraph>, DocxError> {
    let lines = &frame.text.signature_lines;
    let f = Format::new(style::SZ_AUTHORITY).bold();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let before = if i == 0 { style::CLOSING_BEFORE } else { 0 };
        out.push(
            centred(ids, line, f)
                .style(id::SIGNATURE)
                .line_spacing(spacing(before, 0, style::LINE_SINGLE)),
        );
    }
    let room = Format::new(style::SZ_SIGNER);
    let signature = frame
        .signature_png
        .as_deref()
        .map(|png| picture(png, 1))
        .transpose()?;
    let seal = frame
        .seal_png
        .as_deref()
        .map(|png| seal_picture(png, 2, signature.as_ref(), lines.len()))
        .transpose()?;
    match signature {
        Some(pic) => {
            out.push(ids.para(room).style(id::SIGNATURE));
            out.push(
                ids.para(room)
                    .style(id::SIGNATURE)
                    .align(AlignmentType::Center)
                    .line_spacing(spacing(0, 0, style::LINE_SINGLE))
                    .add_run(docx_rs::Run::new().fonts(fonts()).add_image(pic)),
            );
        }
        None => {
            for _ in 0..style::SIGN_ROOM_LINES {
                out.push(ids.para(room).style(id::SIGNATURE).line_spacing(spacing(
                    0,
                    0,
                    style::LINE_SINGLE,
                )));
            }
        }
    }
    if let Some(seal) = seal {
        // anchored in the last authority line (the seal's offsets count from its top), or
        // the first paragraph of the room to sign when there is no authority line
        let at = lines.len().saturating_sub(1);
        if let Some(p) = out.get_mut(at) {
            *p = p
                .clone()
                .add_run(docx_rs::Run::new().fonts(fonts()).add_image(seal));
        }
    }
    let first = out.is_empty();
    out.push(
        centred(
            ids,
            &frame.text.signer,
            Format::new(style::SZ_SIGNER).bold(),
        )
        .style(id::SIGNATURE)
        .line_spacing(spacing(
            if first { style::CLOSING_BEFORE } else { 0 },
            0,
            style::LINE_SINGLE,
        )),
    );
    Ok(out)
}

/// The seal: a floating picture at its true size, in front of the text and not moving it,
/// over the left third of the signature (its right edge a third of the way into the
/// signature, its centre level with the signature's centre), positioned inside the
/// signature cell.
///
/// Offsets cannot be negative (docx-rs writes them unsigned), so the picture is anchored in
/// the last authority line and measured from its top; a seal too large to reach above it or
/// left of the cell starts at the line's top or the cell's left edge.
fn seal_picture(
    png: &[u8],
    n: usize,
    signature: Option<&Pic>,
    authority_lines: usize,
) -> Result<Pic, DocxError> {
    let (w, h) =
        png_size(png).ok_or_else(|| DocxError::Image("the seal image is not a PNG file".into()))?;
    if w == 0 || h == 0 {
        return Err(DocxError::Image(
            "the seal image is empty (0 pixels)".into(),
        ));
    }
    let cx = png_true_width(png, w)
        .filter(|cx| (style::SEAL_MIN_EMU..=style::SEAL_MAX_EMU).contains(cx))
        .unwrap_or(style::SEAL_WIDTH_EMU);
    let cy = (cx as u64 * h as u64 / w as u64).min(i32::MAX as u64) as u32;

    let emu = |tw: usize| tw as u64 * style::EMU_PER_TWIP as u64;
    let line = |half_points: usize| {
        half_points as u64 * 10 * style::LINE_HEIGHT_PER_MILLE as u64 / 1000
            * style::EMU_PER_TWIP as u64
    };
    let cell = emu(style::CLOSING_RIGHT - 2 * style::CELL_MARGIN);
    // the signature image, or the room a hand signature takes (as wide, the room's height)
    let (sig_w, sig_h, above) = match signature {
        Some(pic) => (
            pic.size.0 as u64,
            pic.size.1 as u64,
            // the empty line between the authority lines and the image
            line(style::SZ_SIGNER),
        ),
        None => (
            style::SIGNATURE_WIDTH_EMU as u64,
            style::SIGN_ROOM_LINES as u64 * line(style::SZ_SIGNER),
            0,
        ),
    };
    let sig_left = cell.saturating_sub(sig_w) / 2;
    let x = (sig_left + sig_w / 3).saturating_sub(cx as u64);
    // from the top of the anchor paragraph: the rest of it, then the room above the image
    let anchor_rest = if authority_lines > 0 {
        line(style::SZ_AUTHORITY)
    } else {
        0
    };
    let centre = anchor_rest + above + sig_h / 2;
    let y = centre.saturating_sub(cy as u64 / 2);
    let clamp = |v: u64| v.min(i32::MAX as u64) as i32;
    let mut pic = Pic::new_with_dimensions(png.to_vec(), w, h)
        .id(format!("rIdImage{n}"))
        .size(cx, cy)
        .floating()
        .overlapping()
        .relative_from_h(RelativeFromHType::Column)
        .relative_from_v(RelativeFromVType::Paragraph)
        .offset_x(clamp(x))
        .offset_y(clamp(y));
    pic.layout_in_cell = true;
    Ok(pic)
}

/// The true width of a PNG in EMU from its `pHYs` chunk (pixels per metre), if it has one.
fn png_true_width(png: &[u8], w: u32) -> Option<u32> {
    let mut at = 8;
    loop {
        let len = u32::from_be_bytes(png.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = png.get(at + 4..at + 8)?;
        match kind {
            b"pHYs" => {
                let data = png.get(at + 8..at + 8 + 9)?;
                let ppm_x = u32::from_be_bytes(data.get(0..4)?.try_into().ok()?);
                // unit 1: metre; 0 would be an aspect ratio only
                if data.get(8) != Some(&1) || ppm_x == 0 {
                    return None;
                }
                // 1 m = 36 000 000 EMU
                let emu = w as u64 * 36_000_000 / ppm_x as u64;
                return u32::try_from(emu).ok();
            }
            b"IDAT" | b"IEND" => return None,
            _ => at = at.checked_add(12)?.checked_add(len)?,
        }
    }
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

    #[test]
    fn true_width_from_phys_in_pixels_per_metre() {
        let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10];
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&[0; 13 + 4]);
        let ihdr_end = png.len();
        png.extend_from_slice(&9u32.to_be_bytes());
        png.extend_from_slice(b"pHYs");
        png.extend_from_slice(&4000u32.to_be_bytes());
        png.extend_from_slice(&4000u32.to_be_bytes());
        png.push(1);
        png.extend_from_slice(&[0; 4]);
        // 160 px at 4000 px/m = 40 mm = 1 440 000 EMU
        assert_eq!(png_true_width(&png, 160), Some(1_440_000));
        // unit 0 (aspect only), or no pHYs before the image data: unknown
        let mut no_unit = png.clone();
        no_unit[ihdr_end + 16] = 0;
        assert_eq!(png_true_width(&no_unit, 160), None);
        assert_eq!(png_true_width(&png[..ihdr_end], 160), None);
        assert_eq!(png_true_width(b"junk", 160), None);
    }
}
