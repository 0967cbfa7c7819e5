//! The official letter (công văn, `kind: letter`): no kind title, its summary is the
//! "V/v …" line under the number; its symbol is issuer and drafting office ("SYT-NVY").

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::appendix::Appendix;
use super::body::{HeadingStyle, Numbering};
use super::common::{lifecycle, DocDate, Issuer, Layout, Signature, Status};
use super::plan::{Plan, Section};

/// A công văn as written in YAML (`kind: letter`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Letter {
    /// Always `letter`.
    pub kind: String,
    /// Issuing body; `office` (the drafting office) completes the symbol: `SYT-NVY`.
    pub issuer: Issuer,
    /// Number in the issuer's yearly series; absent until issued.
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub number: Option<u32>,
    /// Date of issue (`YYYY-MM-DD`; `YYYY-MM` for a text for signature).
    #[serde(default)]
    pub date: Option<DocDate>,
    /// Draft, for signature or issued (see [`Status`]).
    #[serde(default)]
    pub status: Option<Status>,
    /// For signature, with the day of issue already fixed (signed at a set meeting or on a
    /// set day): the full `date` is printed and only the number is left for the văn thư.
    /// Only with `status: for-signature` and a full `date`.
    #[serde(default)]
    pub date_fixed: bool,
    /// The layout rules: `decree-30-2020` (default) or `circular-01-2011`.
    #[serde(default)]
    pub layout: Layout,
    /// The year (of the date line while the date is blank).
    pub year: i32,
    /// Place name in the date line.
    pub place: String,
    /// What the letter is about, printed "V/v …" under the number ("V/v " is added when
    /// not written). A list sets it on lines (held with "\n" between them).
    #[serde(deserialize_with = "super::common::de_lines")]
    #[schemars(with = "super::schema_forms::Lines")]
    pub summary: String,
    /// "Kính gửi:" addressees.
    /// One addressee may be written on the line: `to: Bộ Y tế`.
    #[serde(default, deserialize_with = "super::common::de_one_or_list")]
    #[schemars(with = "super::schema_forms::OneOrList")]
    pub to: Vec<String>,
    /// Legal bases, one italic line each (rare in a letter).
    #[serde(default)]
    pub bases: Vec<String>,
    /// The body: paragraphs separated by blank lines; "- " lines are items.
    #[serde(default)]
    pub text: Option<String>,
    /// Numbered sections, only when the letter has them.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The numbering scheme of each level (see the plan's `numbering`).
    #[serde(default)]
    pub numbering: Numbering,
    /// How titled sections with text are set: `run-in` (the default) or `standalone`.
    #[serde(default)]
    pub headings: Option<HeadingStyle>,
    /// The closing sentence(s), after the sections: "Đề nghị các đơn vị … thực hiện./.".
    #[serde(default)]
    pub closing: Option<String>,
    /// Recipients (Nơi nhận); "Như trên" is put first when `to` names addressees.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Archive line.
    #[serde(default)]
    pub archive: Vec<String>,
    /// Electronic distribution list.
    #[serde(default)]
    pub electronic: Vec<String>,
    /// Signature block.
    pub signature: Signature,
    /// Appendices (phụ lục), printed after the signature, each on a new page (see
    /// [`Appendix`]).
    #[serde(default)]
    pub appendices: Vec<Appendix>,
}

impl Letter {
    /// The status in force (see [`lifecycle`]).
    pub fn effective_status(&self) -> Status {
        lifecycle(self.status, self.number, self.date)
    }

    /// "V/v tăng cường …": the summary with its "V/v" prefix.
    pub fn subject_line(&self) -> String {
        let s = self.summary.trim();
        let bare = s
            .strip_prefix("V/v")
            .or_else(|| s.strip_prefix("v/v"))
            .or_else(|| s.strip_prefix("Về việc"))
            .map(str::trim_start);
        match bare {
            Some(rest) => format!("V/v {rest}"),
            None => format!("V/v {s}"),
        }
    }

    /// The recipients as printed: "Như trên" first when the letter names addressees (unless
    /// written already).
    pub fn printed_recipients(&self) -> Vec<String> {
        let already = self.recipients.first().is_some_and(|r| {
            r.trim()
                .trim_start_matches(['-', ' '])
                .to_lowercase()
                .starts_with("như trên")
        });
        let mut out = Vec::new();
        if !self.to.is_empty() && !already {
            out.push("Như trên".to_string());
        }
        out.extend(self.recipients.iter().cloned());
        out
    }

    /// The letter as a plan-shaped value, for the parts `vanban diff` compares.
    pub fn as_plan(&self) -> Plan {
        Plan {
            kind: "letter".into(),
            issuer: self.issuer.clone(),
            number: self.number,
            date: self.date,
            status: self.status,
            date_fixed: self.date_fixed,
            layout: self.layout,
            year: self.year,
            place: self.place.clone(),
            summary: self.summary.clone(),
            bases: self.bases.clone(),
            preamble: self.text.clone(),
            sections: self.sections.clone(),
            numbering: self.numbering.clone(),
            headings: self.headings,
            reporting: None,
            recipients: self.recipients.clone(),
            archive: self.archive.clone(),
            electronic: self.electronic.clone(),
            signature: self.signature.clone(),
            appendices: self.appendices.clone(),
        }
    }
}
