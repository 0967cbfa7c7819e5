//! The numbers of the printed layout, `docs/FORMAT.md` (Decree 30/2020/NĐ-CP, Appendix I; Circular
//! 01/2011/TT-BNV for `circular-01-2011`), as named constants (twips, half-points), used by
//! the DOCX writer. Each group below names the section of `docs/FORMAT.md` it comes from.
//!
//! Units: 1 mm = 56.7 twips (tw), 1 pt = 20 tw; font sizes in OOXML are half-points
//! (`sz` 28 = 14 pt); border widths are eighths of a point.

/// The one font of the official layout, written into all four `rFonts` slots.
pub(crate) const FONT: &str = "Times New Roman";
/// Text colour: black.
pub(crate) const COLOR: &str = "000000";

// ---- Page (docs/FORMAT.md §1) -----------------------------------------------------------

/// A4 portrait width (210 mm).
pub(crate) const PAGE_WIDTH: u32 = 11906;
/// A4 portrait height (297 mm).
pub(crate) const PAGE_HEIGHT: u32 = 16838;
/// Top margin, 20 mm.
pub(crate) const MARGIN_TOP: i32 = 1134;
/// Bottom margin, 20 mm.
pub(crate) const MARGIN_BOTTOM: i32 = 1134;
/// Left margin, 30 mm.
pub(crate) const MARGIN_LEFT: i32 = 1701;
/// Right margin, 15 mm.
pub(crate) const MARGIN_RIGHT: i32 = 851;
/// Distance of the page header (page number) from the top edge, 10 mm.
pub(crate) const HEADER_DISTANCE: i32 = 567;
/// Distance of the page footer from the bottom edge, 10 mm.
pub(crate) const FOOTER_DISTANCE: i32 = 567;
/// Text width: 11906 − 1701 − 851 = 9354, rounded to the 165 mm of docs/FORMAT.md §1.
pub const TEXT_WIDTH: usize = 9355;
/// Default left and right cell margin Word and LibreOffice put inside a table cell.
pub const CELL_MARGIN: usize = 108;

// ---- Header table (docs/FORMAT.md §2) ---------------------------------------------------

/// Header table, left column (issuing body, number): 6 cm, unless a line needs more (below).
pub const HEADER_LEFT: usize = 3402;
/// The smallest right column (national title, motto, place and date; the text width less the
/// left column, 10.5 cm beside 6 cm) that docs/FORMAT.md §2 allows: 5670 tw (10 cm), so the
/// 13 pt bold national title stays on one line.
pub(crate) const HEADER_RIGHT_MIN: usize = 5670;
/// The widest left column: 6.5 cm, what the right column's 10 cm leaves. A parent, issuer or
/// number line wider than the 6 cm column widens it up to this, so "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
/// (13 pt bold, about 61 mm) and "Số: 5095/SGDĐT-CTTTHSSV" stay on one line as offices
/// print them.
pub(crate) const HEADER_LEFT_MAX: usize = TEXT_WIDTH - HEADER_RIGHT_MIN;
/// How far over `HEADER_LEFT_MAX` a line's estimate may go and still count as fitting, in
/// per cent: `text_width` runs about 2 % wide on bold capitals ("SỞ GIÁO DỤC VÀ ĐÀO TẠO" is
/// estimated 3521 tw and LibreOffice sets it in the 3469 tw a 6.5 cm cell leaves).
pub(crate) const HEADER_FIT_TOLERANCE_PERCENT: usize = 3;

/// The left column of the header table for lines of these estimated widths (twips, as
/// `text_width` gives them): `HEADER_LEFT`, or as wide as the widest line that would fit in
/// `HEADER_LEFT_MAX` needs with the cell margins and `HEADER_FIT_TOLERANCE_PERCENT` on top,
/// at most `HEADER_LEFT_MAX`. A line that
/// does not fit even there wraps in any case and does not widen the column (write it on
/// lines by meaning instead). The right column is the rest of the text width.
pub(crate) fn header_left(line_widths: &[usize]) -> usize {
    line_widths
        .iter()
        .filter(|&&w| fits_header(w))
        // the estimate errs either way by about 2 %: the column takes the tolerance on top,
        // so a regular line estimated a little narrow ("UBND THÀNH PHỐ HÀ NỘI", 13 pt: 3256
        // tw estimated, 3260 set) does not wrap by a few twips
        .map(|w| (w + 2 * CELL_MARGIN) * (100 + HEADER_FIT_TOLERANCE_PERCENT) / 100)
        .max()
        .unwrap_or(0)
        .clamp(HEADER_LEFT, HEADER_LEFT_MAX)
}

/// Whether a header line of this estimated width (twips) fits the widest left column,
/// `HEADER_LEFT_MAX` with its cell margins, within `HEADER_FIT_TOLERANCE_PERCENT`.
pub fn fits_header(width: usize) -> bool {
    width + 2 * CELL_MARGIN <= HEADER_LEFT_MAX * (100 + HEADER_FIT_TOLERANCE_PERCENT) / 100
}

/// Quốc hiệu, the national title (1).
pub(crate) const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ, the motto (1).
pub(crate) const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// National title, 13 pt bold.
pub(crate) const SZ_NATIONAL_TITLE: usize = 26;
/// Motto, 14 pt bold.
pub(crate) const SZ_MOTTO: usize = 28;
/// Parent body (cơ quan chủ quản), 13 pt regular.
pub(crate) const SZ_PARENT: usize = 26;
/// Issuing body (cơ quan ban hành), 13 pt bold.
pub(crate) const SZ_ISSUER: usize = 26;
/// Issuing body, 12 pt bold: the smaller size Decree 30 allows (12–13 pt), taken when a line
/// of the name fits the widest left column only at 12 pt ("SỞ VĂN HÓA VÀ THỂ THAO": about
/// 61.5 mm at 13 pt, 57 mm at 12 pt).
pub(crate) const SZ_ISSUER_SMALL: usize = 24;
/// Number and symbol, 13 pt regular.
pub(crate) const SZ_NUMBER: usize = 26;
/// Place and date, 14 pt italic.
pub(crate) const SZ_PLACE_DATE: usize = 28;
/// Space above the number and the date row, 6 pt.
pub(crate) const NUMBER_ROW_BEFORE: u32 = 120;
/// A công văn's "V/v …" summary under the number (5b): 12–13 pt, upright — 12 pt.
pub(crate) const SZ_LETTER_SUMMARY: usize = 24;
/// Space before the "V/v …" line, twips.
pub(crate) const LETTER_SUMMARY_BEFORE: u32 = 60;

// ---- Short rules (docs/FORMAT.md §3) ----------------------------------------------------

/// Width of the short rules (paragraph bottom borders), eighths of a point: 0.75 pt.
pub(crate) const RULE_SIZE: usize = 6;
/// Gap between the rule paragraph's line and the rule, points.
pub(crate) const RULE_SPACE: usize = 0;
/// Height of the (empty) rule paragraph, twips (exact): the gap between the text above and
/// its rule, 4 pt.
pub(crate) const RULE_LINE: i32 = 80;
/// The issuer's and summary's rule, as a share of the text's width (docs/FORMAT.md: 1/3–1/2).
pub(crate) const SHORT_RULE_RATIO: f64 = 0.4;

// ---- Title and addressees (docs/FORMAT.md §4) -------------------------------------------

/// Document kind ("KẾ HOẠCH"), 14 pt bold.
pub(crate) const SZ_KIND: usize = 28;
/// Summary, trích yếu, 14 pt bold.
pub(crate) const SZ_SUMMARY: usize = 28;
/// Space above the kind line, 18 pt.
pub(crate) const KIND_BEFORE: u32 = 360;
/// "Kính gửi:" lines, 14 pt regular.
pub(crate) const SZ_ADDRESSEE: usize = 28;
/// Space above the "Kính gửi:" block, 6 pt.
pub(crate) const ADDRESSEE_BEFORE: u32 = 120;
/// Left indent of "Kính gửi:" when there are several addressees, 4 cm.
pub(crate) const ADDRESSEE_LABEL_INDENT: i32 = 2268;
/// Left indent of each addressee line when there are several, 6 cm.
pub(crate) const ADDRESSEE_ITEM_INDENT: i32 = 3969;

/// The "DỰ THẢO" mark of a draft, 14 pt bold in a box.
pub(crate) const DRAFT_TEXT: &str = "DỰ THẢO";
/// Size of the draft mark.
pub(crate) const SZ_DRAFT: usize = 28;
/// Box line width of the draft mark, eighths of a point: 1 pt.
pub(crate) const DRAFT_BORDER_SIZE: usize = 8;
/// Gap between the draft mark and its box, points.
pub(crate) const DRAFT_BORDER_SPACE: usize = 2;

// ---- Body and its tables (docs/FORMAT.md §5) --------------------------------------------

/// Body text, 14 pt.
pub(crate) const SZ_BODY: usize = 28;
/// First-line indent of body paragraphs: 1 cm (docs/FORMAT.md: 567–720).
pub(crate) const BODY_FIRST_LINE: i32 = 567;
/// Space before each body paragraph: 6 pt (docs/FORMAT.md: at least 6 pt).
pub(crate) const BODY_BEFORE: u32 = 120;
/// Space after each body paragraph.
pub(crate) const BODY_AFTER: u32 = 0;
/// Body line spacing, 240ths of a line ("auto"): 1.15 lines (docs/FORMAT.md: single to 1.5).
pub(crate) const BODY_LINE: i32 = 276;
/// Single line spacing, 240ths of a line.
pub(crate) const LINE_SINGLE: i32 = 240;

/// Table cells, 13 pt.
pub const SZ_TABLE: usize = 26;
/// Footnote text: 12 pt.
pub(crate) const SZ_FOOTNOTE: usize = 24;
/// Space above and below the text of a table cell, 2 pt.
pub(crate) const TABLE_CELL_SPACING: u32 = 40;
/// Table borders, eighths of a point: 0.5 pt.
pub(crate) const TABLE_BORDER_SIZE: usize = 4;
/// Narrowest column of a body table, 1 cm.
pub(crate) const TABLE_MIN_COLUMN: usize = 567;
/// A body table column is at least this share (percent) of its longest word's estimated
/// width, plus the cell margins: the estimate is coarse, and bold letters are wider than the
/// 6 % it adds for them, so a column cut to the estimate could still break the word.
pub(crate) const TABLE_WIDTH_SLACK_PERCENT: usize = 112;

// ---- Closing table and images (docs/FORMAT.md §6, §8) -----------------------------------

/// Closing table, left column (recipients): about 1/3 of the text width.
pub(crate) const CLOSING_LEFT: usize = 3118;
/// Closing table, right column (signature): about 2/3 of the text width.
pub(crate) const CLOSING_RIGHT: usize = TEXT_WIDTH - CLOSING_LEFT;
/// Space above the first line of both closing cells, 12 pt (the same in both keeps
/// "Nơi nhận:" level with the authority line).
pub(crate) const CLOSING_BEFORE: u32 = 240;
/// "Nơi nhận:" heading, 12 pt bold italic.
pub(crate) const SZ_RECIPIENT_HEADING: usize = 24;
/// Recipient lines, 11 pt regular.
pub(crate) const SZ_RECIPIENT_ITEM: usize = 22;
/// Space above a second recipients group ("Bản điện tử:"), 6 pt.
pub(crate) const RECIPIENT_GROUP_BEFORE: u32 = 120;
/// Authority and position (7a), 14 pt bold.
pub(crate) const SZ_AUTHORITY: usize = 28;
/// Signer's name (7b), 14 pt bold.
pub(crate) const SZ_SIGNER: usize = 28;
/// Empty 14 pt lines left to sign in (docs/FORMAT.md: 3–5).
pub(crate) const SIGN_ROOM_LINES: usize = 4;
/// Width the signature image is scaled to, EMU (4 cm).
pub(crate) const SIGNATURE_WIDTH_EMU: u32 = 1_440_000;
/// Width of the seal image when its PNG does not give a plausible true size (no `pHYs`
/// resolution, or one that makes the seal smaller or larger than the bounds below): 36 mm,
/// the usual diameter of a round office seal.
pub(crate) const SEAL_WIDTH_EMU: u32 = 1_296_000;
/// Narrowest true size accepted from a seal PNG's resolution, EMU (20 mm).
pub(crate) const SEAL_MIN_EMU: u32 = 720_000;
/// Widest true size accepted from a seal PNG's resolution, EMU (60 mm).
pub(crate) const SEAL_MAX_EMU: u32 = 2_160_000;
/// EMU per twip (914400 EMU per inch, 1440 tw per inch).
pub(crate) const EMU_PER_TWIP: u32 = 635;
/// Height of a single-spaced line of Times New Roman, as a share of the font size
/// (per mille): Word and LibreOffice set 14 pt lines about 16.1 pt apart.
pub(crate) const LINE_HEIGHT_PER_MILLE: u32 = 1150;

// ---- Page numbers (docs/FORMAT.md §9) ---------------------------------------------------

/// Page number in the page header, 14 pt.
pub(crate) const SZ_PAGE_NUMBER: usize = 28;

// ---- Appendices (docs/FORMAT.md §10) ----------------------------------------------------

/// "Phụ lục I", 14 pt bold.
pub(crate) const SZ_APPENDIX_LABEL: usize = 28;
/// The appendix's title, in capitals, 14 pt bold.
pub(crate) const SZ_APPENDIX_TITLE: usize = 28;
/// "(Kèm theo Kế hoạch số … của …)", 14 pt italic.
pub(crate) const SZ_APPENDIX_ATTACHED: usize = 28;
/// Space after the short rule under the "(Kèm theo …)" line: 6 pt.
pub(crate) const APPENDIX_RULE_AFTER: u32 = 120;
/// The empty paragraph that carries a section break (after the closing table, at the end of
/// an appendix): 1 pt, so it adds no visible line.
pub(crate) const SZ_SECTION_BREAK: usize = 2;
/// Landscape margins: the portrait margins turned with the sheet, so the bound edge keeps
/// its 30 mm: top 30 mm (the portrait left), bottom 15 mm (the portrait right), left and
/// right 20 mm (the portrait top and bottom).
pub(crate) const LANDSCAPE_MARGIN_TOP: i32 = MARGIN_LEFT;
/// Landscape bottom margin, 15 mm.
pub(crate) const LANDSCAPE_MARGIN_BOTTOM: i32 = MARGIN_RIGHT;
/// Landscape left margin, 20 mm.
pub(crate) const LANDSCAPE_MARGIN_LEFT: i32 = MARGIN_TOP;
/// Landscape right margin, 20 mm.
pub(crate) const LANDSCAPE_MARGIN_RIGHT: i32 = MARGIN_BOTTOM;
/// Text width of a landscape page: 16838 − 1134 − 1134 = 14570 tw (257 mm).
pub(crate) const LANDSCAPE_TEXT_WIDTH: usize = 14570;

/// Estimated width, in twips, of `text` set in Times New Roman at `half_points`.
///
/// A coarse per-character table (advance widths of Times New Roman in 1/1000 em, bold a
/// little wider); good enough to size the short rules under one-line texts. Vietnamese
/// letters with diacritics take the width of their base letter.
pub fn text_width(text: &str, half_points: usize, bold: bool) -> usize {
    let em = half_points as f64 * 10.0; // twips per em: size in pt × 20
    let mut thousandths = 0.0;
    for c in text.chars() {
        thousandths += char_width(c, bold);
    }
    (thousandths * em / 1000.0).round() as usize
}

fn char_width(c: char, bold: bool) -> f64 {
    let base = base_letter(c);
    let w = match base {
        ' ' => 250.0,
        'i' | 'j' | 'l' => 278.0,
        'f' | 't' | 'r' => 333.0,
        's' => 389.0,
        'a' | 'c' | 'e' | 'z' => 444.0,
        'm' => 778.0,
        'w' => 722.0,
        'I' | '.' | ',' | ':' | ';' | '\'' => 250.0,
        'J' => 389.0,
        '-' | '(' | ')' | '/' | '[' | ']' | '!' => 333.0,
        '%' => 833.0,
        '‰' | '→' | '←' | '—' | '…' => 1000.0,
        '&' => 778.0,
        '+' | '=' | '<' | '>' | '±' | '×' => 564.0,
        '"' => 408.0,
        '?' => 444.0,
        '–' => 500.0,
        'M' => 889.0,
        'W' => 944.0,
        'E' | 'F' | 'L' | 'P' | 'S' | 'T' | 'Z' => 611.0,
        'B' | 'C' | 'R' => 667.0,
        c if c.is_ascii_digit() => 500.0,
        c if c.is_lowercase() => 500.0,
        c if c.is_uppercase() => 722.0,
        _ => 500.0,
    };
    if bold {
        w * 1.06
    } else {
        w
    }
}

/// Strips the Vietnamese diacritics off a letter (enough for width estimates).
fn base_letter(c: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    match c {
        'đ' => 'd',
        'Đ' => 'D',
        _ => std::iter::once(c).nfd().next().unwrap_or(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_sum_to_text_width() {
        assert_eq!(CLOSING_LEFT + CLOSING_RIGHT, TEXT_WIDTH);
        assert_eq!(
            LANDSCAPE_TEXT_WIDTH as i32,
            PAGE_HEIGHT as i32 - LANDSCAPE_MARGIN_LEFT - LANDSCAPE_MARGIN_RIGHT
        );
        const { assert!(TEXT_WIDTH - HEADER_LEFT >= HEADER_RIGHT_MIN) };
        const { assert!(HEADER_LEFT_MAX > HEADER_LEFT) };
        // The page minus the margins is the text width (to one twip of rounding).
        let w = PAGE_WIDTH as i32 - MARGIN_LEFT - MARGIN_RIGHT;
        assert!((w - TEXT_WIDTH as i32).abs() <= 1);
    }

    #[test]
    fn signs_in_table_cells_have_their_own_widths() {
        // Times New Roman: digits 500, comma 250, per cent 833 (thousandths of an em)
        assert_eq!(text_width("62,6%", 20, false), 517);
        assert!(text_width("%", 26, false) > text_width("5", 26, false) * 3 / 2);
        assert!(text_width("→", 26, false) >= text_width("m", 26, false));
    }

    #[test]
    fn national_title_fits_its_column() {
        let w = text_width(NATIONAL_TITLE, SZ_NATIONAL_TITLE, true);
        // about 96 mm ≈ 5440 tw
        assert!((5000..5670).contains(&w), "{w}");
        assert!(w <= TEXT_WIDTH - HEADER_LEFT - 2 * CELL_MARGIN);
    }

    #[test]
    fn motto_width_is_plausible() {
        let w = text_width(MOTTO, SZ_MOTTO, true);
        // about 60 mm ≈ 3400 tw
        assert!((3000..4000).contains(&w), "{w}");
    }
}
