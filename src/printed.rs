//! The printed frame of a document (Decree 30/2020, Appendix I; `docs/FORMAT.md`): the header
//! table, number and symbol, place and date, kind title and trích yếu, Kính gửi, Nơi nhận and
//! the signature lines, as text. One type, filled by the view (`crate::view::frame`), read by
//! the templates as `frame` and by the DOCX writer (`crate::docx::Frame::text`).

use serde::Serialize;

/// The printed frame: every text of the official layout outside the body, already formatted.
/// The templates read it as `frame`; the DOCX writer lays out the same value.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct PrintedFrame {
    /// "UBND TỈNH BẮC GIANG", or empty.
    pub parent: String,
    /// "SỞ Y TẾ"; lines by meaning are separated by "\n" (templates: `issuer_lines`).
    pub issuer: String,
    /// The parent's lines.
    pub parent_lines: Vec<String>,
    /// The issuer's lines: ["ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG"].
    pub issuer_lines: Vec<String>,
    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
    pub national_title: String,
    /// "Độc lập - Tự do - Hạnh phúc".
    pub motto: String,
    /// "Số: 25/KH-SYT".
    pub number_line: String,
    /// "KH-SYT".
    pub symbol: String,
    /// "Bắc Giang, ngày 05 tháng 3 năm 2018".
    pub place_date: String,
    /// "KẾ HOẠCH".
    pub kind_title: String,
    /// Trích yếu, its lines held with "\n" between them when given on lines.
    pub summary: String,
    /// The lines of the trích yếu as given (one, when written as one text).
    pub summary_lines: Vec<String>,
    /// Kính gửi.
    pub addressees: Vec<String>,
    /// Recipients groups with punctuated lines.
    pub recipients: Vec<RecipientGroup>,
    /// "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC".
    pub signature_lines: Vec<String>,
    /// Signer's name.
    pub signer: String,
    /// A draft for comment: the "DỰ THẢO" mark.
    pub draft: bool,
    /// `draft`, `for-signature` or `issued`.
    pub state: String,
    /// "V/v …" of a công văn, under the number (empty for other kinds).
    pub letter_summary: String,
    /// Page numbers at the bottom right (Circular 01/2011) instead of centred at the top.
    pub page_numbers_in_footer: bool,
    /// W3CDTF date for the DOCX properties.
    pub created: String,
    /// The line under an appendix's title: "(Kèm theo Kế hoạch số 45/KH-UBND ngày 12/3/2026
    /// của Ủy ban nhân dân tỉnh)", number and date left blank as in the date line.
    pub attached: String,
}

/// One heading of the recipients cell ("Nơi nhận:", "Bản điện tử:") and its lines.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct RecipientGroup {
    /// "Nơi nhận:".
    pub heading: String,
    /// "- UBND tỉnh (b/c);" … "- Lưu: VT, NVY.".
    pub lines: Vec<String>,
}
