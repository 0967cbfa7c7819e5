//! Model types shared by every kind of document: issuer and signature.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The issuing body (cơ quan ban hành) and its parent (cơ quan chủ quản).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// Parent body, printed above the issuer: "UBND TỈNH BẮC GIANG". A list gives its lines.
    #[serde(default, deserialize_with = "de_opt_lines")]
    #[schemars(with = "super::schema_forms::Lines")]
    pub parent: Option<String>,
    /// Issuing body: "SỞ Y TẾ". A list sets it on lines by meaning:
    /// `[ỦY BAN NHÂN DÂN, TỈNH BẮC GIANG]` (held here with "\n" between the lines).
    #[serde(deserialize_with = "de_lines")]
    #[schemars(with = "super::schema_forms::Lines")]
    pub name: String,
    /// Abbreviation used in the symbol: "SYT" → "KH-SYT".
    #[schemars(pattern(super::schema_forms::SYMBOL))]
    pub abbr: String,
    /// The drafting office's abbreviation, used in the archive line: "NVY".
    #[serde(default)]
    #[schemars(pattern(super::schema_forms::SYMBOL))]
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
            _ => sentence_case(&one_line(&self.name)),
        }
    }

    /// The name on one line ("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"), for properties and messages.
    pub fn name_one_line(&self) -> String {
        one_line(&self.name)
    }
}

/// Lines held with "\n" between them, on one line: "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG".
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The non-empty, trimmed lines of a text given as lines.
pub fn lines_of(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

struct LinesVisitor;

impl<'de> Visitor<'de> for LinesVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text, or a list of lines such as [ỦY BAN NHÂN DÂN, TỈNH BẮC GIANG]")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        let mut lines: Vec<String> = Vec::new();
        while let Some(l) = seq.next_element::<String>()? {
            lines.push(l.trim().to_owned());
        }
        Ok(lines.join("\n"))
    }
}

/// Deserialises a text written as one string or as a list of lines (joined with "\n").
pub fn de_lines<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(LinesVisitor)
}

/// [`de_lines`] for an optional key.
pub fn de_opt_lines<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    de_lines(d).map(Some)
}

struct OneOrListVisitor;

impl<'de> Visitor<'de> for OneOrListVisitor {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text, or a list such as [Bộ Y tế, UBND tỉnh Bắc Giang]")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        Ok(vec![v.to_owned()])
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok(items)
    }
}

/// Deserialises a list that may be written as its one entry: `to: Bộ Y tế` is
/// `to: [Bộ Y tế]`, as a clerk writes "Kính gửi: Bộ Y tế" on one line.
pub fn de_one_or_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(OneOrListVisitor)
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Authority prefix: KT, TM, TL, TUQ or Q (with or without the full stop). It may also carry
    /// the head's title, as clerks often type it: "KT.GIÁM ĐỐC". A list is a chain, one line
    /// each: `[TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]` (held with "\n" between the lines).
    #[serde(default, deserialize_with = "de_opt_lines")]
    #[schemars(with = "super::schema_forms::Lines")]
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

/// Where a document is in its life: a draft for comment, the text sent for signature, or
/// the issued document.
///
/// When `status` is absent it follows from the data: a document with both a number and a full
/// date is issued, any other is a draft. `status: issued` (or `signed`, the older spelling)
/// makes a missing number or date an error instead of a silent draft; `status: draft` prints a
/// draft even when a number and date are already written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(transform = super::schema_forms::status)]
pub enum Status {
    /// Dự thảo: a draft for comment, with the boxed "DỰ THẢO" mark; number and date blank.
    Draft,
    /// Bản trình ký: the text the head signs; no mark, the number and the date (or only the
    /// day, when the month is known) left blank for the văn thư to fill in on registering it.
    ForSignature,
    /// Issued (ban hành): number and date printed; images are placed.
    #[serde(alias = "signed")]
    Issued,
}

impl Status {
    /// The YAML spelling: `draft`, `for-signature`, `issued`.
    pub fn key(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::ForSignature => "for-signature",
            Status::Issued => "issued",
        }
    }
}

/// The state a document is in: `status` when written, else issued when a number and a full
/// date are both given, else a draft. The one home of this rule for every kind.
pub fn lifecycle(status: Option<Status>, number: Option<u32>, date: Option<DocDate>) -> Status {
    match status {
        Some(s) => s,
        None if number.is_some() && date.and_then(DocDate::day).is_some() => Status::Issued,
        None => Status::Draft,
    }
}

/// The date of a document as far as it is known: the day of issue (`2026-06-15`), or, for a
/// text for signature, only the month (`2026-06`: "ngày      tháng 6 năm 2026") or the year
/// (`2026`: "ngày      tháng      năm 2026").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, JsonSchema)]
#[schemars(transform = super::schema_forms::doc_date)]
pub enum DocDate {
    /// A full date.
    Day(NaiveDate),
    /// Year and month (1–12), the day left blank.
    Month(i32, u32),
    /// The year alone.
    Year(i32),
}

impl DocDate {
    /// The full date, if the day is known.
    pub fn day(self) -> Option<NaiveDate> {
        match self {
            DocDate::Day(d) => Some(d),
            _ => None,
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        match self {
            DocDate::Day(d) => d.year(),
            DocDate::Month(y, _) | DocDate::Year(y) => y,
        }
    }

    /// The month, if known.
    pub fn month(self) -> Option<u32> {
        match self {
            DocDate::Day(d) => Some(d.month()),
            DocDate::Month(_, m) => Some(m),
            DocDate::Year(_) => None,
        }
    }
}

impl fmt::Display for DocDate {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            DocDate::Day(d) => write!(f, "{d}"),
            DocDate::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            DocDate::Year(y) => write!(f, "{y:04}"),
        }
    }
}

impl Serialize for DocDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DocDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD (or YYYY-MM, YYYY while the day is blank)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DocDate, E> {
                let t = v.trim();
                let parts: Vec<&str> = t.split('-').collect();
                let num = |s: &str| -> Option<u32> {
                    (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
                        .then(|| s.parse().ok())
                        .flatten()
                };
                match parts.as_slice() {
                    [y, m] if y.len() == 4 => match (num(y), num(m)) {
                        (Some(y), Some(m)) if (1..=12).contains(&m) => {
                            Ok(DocDate::Month(y as i32, m))
                        }
                        (Some(_), Some(_)) => Err(E::custom("input is out of range")),
                        _ => Err(E::custom("input contains invalid characters")),
                    },
                    [y] if y.len() == 4 => match num(y) {
                        Some(y) => Ok(DocDate::Year(y as i32)),
                        None => Err(E::custom("input contains invalid characters")),
                    },
                    _ => t.parse::<NaiveDate>().map(DocDate::Day).map_err(E::custom),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DocDate, E> {
                match i32::try_from(v) {
                    Ok(y) if (1000..=9999).contains(&y) => Ok(DocDate::Year(y)),
                    _ => Err(E::custom("input is out of range")),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DocDate, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom("input is out of range")),
                }
            }
        }
        d.deserialize_any(V)
    }
}
