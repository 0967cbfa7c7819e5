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
    /// The name as written inside a sentence, "Sở Y tế" (reports cite the plan with it).
    /// Without it, the name is put in sentence case ("SỞ Y TẾ" → "Sở y tế").
    #[serde(default)]
    pub name_in_text: Option<String>,
}

impl Issuer {
    /// The issuer's name inside a sentence: `name_in_text`, or the name in sentence case.
    pub fn in_text(&self) -> String {
        match &self.name_in_text {
            Some(n) if !n.trim().is_empty() => n.trim().to_string(),
            _ => sentence_case(&self.name),
        }
    }
}

/// "SỞ Y TẾ" → "Sở y tế": the first letter upper case, the rest lower case.
pub fn sentence_case(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Which rules of layout a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Layout {
    /// Decree 30/2020/NĐ-CP (the default): page numbers centred in the page header.
    #[default]
    #[serde(rename = "decree-30-2020")]
    Decree30,
    /// Circular 01/2011/TT-BNV, in force for documents dated before 5 March 2020: page
    /// numbers at the bottom right, in the page footer.
    #[serde(rename = "circular-01-2011")]
    Circular01,
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
    /// The signer's signature image for the electronic copy: a PNG path relative to the YAML
    /// file. Placed only when the document is signed (see [`Status`]).
    #[serde(default)]
    pub signature_image: Option<String>,
    /// The issuer's seal image for the electronic copy: a PNG path relative to the YAML file.
    /// Placed only when the document is signed.
    #[serde(default)]
    pub seal_image: Option<String>,
}

/// Where a document is in its life: a draft (dự thảo) or signed off and issued.
///
/// When `status` is absent it follows from the data: a document with both a number and a date
/// is signed, one missing either is a draft. Writing `status: signed` makes the missing
/// number or date an error instead of a silent draft; `status: draft` prints a draft (blanks
/// and the "DỰ THẢO" mark) even when a number and date are already written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Dự thảo: the number and the day and month are left blank, a "DỰ THẢO" mark on top.
    Draft,
    /// Signed off: number, date and signer are required, images are placed.
    Signed,
}
