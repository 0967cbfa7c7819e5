//! Model types shared by every kind of document: issuer and signature.

use serde::{Deserialize, Serialize};

/// The issuing body (cơ quan ban hành) and its parent (cơ quan chủ quản).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// Parent body, printed above the issuer: "UBND TỈNH BẮC GIANG".
    #[serde(default)]
    pub parent: Option<String>,
    /// Issuing body: "SỞ Y TẾ".
    pub name: String,
    /// Abbreviation used in the symbol: "SYT" → "KH-SYT".
    pub abbr: String,
    /// The drafting office's abbreviation, used in the archive line: "NVY".
    #[serde(default)]
    pub office: Option<String>,
}

/// Who signs: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / "Trần Văn Sinh".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Authority prefix: KT, TM, TL, TUQ or Q (with or without the full stop). It may also carry
    /// the head's title, as clerks often type it: "KT.GIÁM ĐỐC".
    #[serde(default)]
    pub authority: Option<String>,
    /// The head's title (or the collective body for TM.): "GIÁM ĐỐC".
    #[serde(default)]
    pub head: Option<String>,
    /// The signer's own title: "PHÓ GIÁM ĐỐC". When the head signs, this is the only line.
    pub title: String,
    /// The signer's name, without academic titles: "Trần Văn Sinh".
    pub name: String,
}
