//! The plan (kế hoạch): sections numbered from the tree, targets and tasks with ids,
//! reporting deadlines as data.

use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::common::{Issuer, Signature, Status};

/// A plan as written in YAML (`kind: plan`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Always `plan`.
    pub kind: String,
    /// Issuing body and its parent.
    pub issuer: Issuer,
    /// Number in the issuer's yearly sequence; absent in a draft.
    #[serde(default)]
    pub number: Option<u32>,
    /// Date of issue (YYYY-MM-DD); absent in a draft.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Draft or signed; when absent, signed if `number` and `date` are both given, else a
    /// draft (see [`Status`]).
    #[serde(default)]
    pub status: Option<Status>,
    /// The plan's year.
    pub year: i32,
    /// Place name in the date line: "Bắc Giang".
    pub place: String,
    /// Summary, trích yếu.
    pub summary: String,
    /// Legal bases (căn cứ), one italic line each.
    #[serde(default)]
    pub bases: Vec<String>,
    /// Opening paragraph(s) before section I.
    #[serde(default)]
    pub preamble: Option<String>,
    /// The body: sections numbered I, 1, 1.1, a).
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Reporting deadlines the units must meet.
    #[serde(default)]
    pub reporting: Option<Reporting>,
    /// Recipients (Nơi nhận), without the leading "- " and trailing ";".
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Archive line: ["VT", "NVY"] → "- Lưu: VT, NVY.".
    #[serde(default)]
    pub archive: Vec<String>,
    /// Electronic distribution list (Bản điện tử).
    #[serde(default)]
    pub electronic: Vec<String>,
    /// Signature block.
    pub signature: Signature,
}

impl Plan {
    /// The status in force: `status` when written, else signed when both the number and the
    /// date are given, else a draft.
    pub fn effective_status(&self) -> Status {
        match self.status {
            Some(s) => s,
            None if self.number.is_some() && self.date.is_some() => Status::Signed,
            None => Status::Draft,
        }
    }
}

/// A section of the body. Its number comes from its place in the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Heading text; a section without a title is a numbered paragraph ("1. Rà soát …").
    #[serde(default)]
    pub title: Option<String>,
    /// Text. With a title it runs in after "1. Mục đích:"; paragraphs split on blank lines.
    #[serde(default)]
    pub text: Option<String>,
    /// "-" items (and "+" sub-items).
    #[serde(default)]
    pub items: Vec<Item>,
    /// Sub-sections.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Render the reporting duty sentence (from `reporting`) at the end of this section.
    #[serde(default)]
    pub reporting: bool,
}

/// A "-" item: a target or a task. Written either as a plain string or as a mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Item {
    /// Id by which reports refer to this target or task.
    pub id: Option<String>,
    /// The text.
    pub text: String,
    /// A measurable indicator of a target.
    pub indicator: Option<Indicator>,
    /// "+" sub-items.
    pub items: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemMap {
    #[serde(default)]
    id: Option<String>,
    text: String,
    #[serde(default)]
    indicator: Option<Indicator>,
    #[serde(default)]
    items: Vec<Item>,
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = Item;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an item: a text, or a mapping with `text` (and `id`, `indicator`, `items`)",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Item, E> {
                Ok(Item {
                    text: v.to_owned(),
                    ..Item::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
                let m = ItemMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Item {
                    id: m.id,
                    text: m.text,
                    indicator: m.indicator,
                    items: m.items,
                })
            }
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

/// A measurable indicator: "nâng tỷ lệ từ 50% lên 60% số xã".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// What is counted: "xã".
    pub unit: String,
    /// Value at the start of the year, as a fraction (0.50) for a percentage.
    #[serde(default)]
    pub baseline: Option<f64>,
    /// Target value, as a fraction (0.60) for a percentage.
    pub target: f64,
}

/// The reporting duty: who sends what, by when, to whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// Text before the deadlines.
    pub lead: String,
    /// Where reports go: "Sở Y tế (Phòng Nghiệp vụ Y)".
    pub to: String,
    /// Text after the addressee: "để tổng hợp báo cáo UBND tỉnh".
    #[serde(default)]
    pub purpose: Option<String>,
    /// The deadlines, in order.
    pub deadlines: Vec<Deadline>,
}

/// One deliverable and its due day in the plan's year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// What is due.
    pub deliverable: Deliverable,
    /// Month and day, "MM-DD", in the plan's year.
    pub due: String,
}

/// What a unit sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Deliverable {
    /// The unit's implementation plan (kế hoạch triển khai).
    UnitPlan,
    /// The six-month report (báo cáo 6 tháng).
    SixMonthReport,
    /// The annual report (báo cáo 01 năm).
    AnnualReport,
}
