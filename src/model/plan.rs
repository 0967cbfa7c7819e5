//! The plan (kế hoạch): sections numbered from the tree, targets and tasks with ids,
//! reporting deadlines as data.

use std::fmt;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::appendix::Appendix;
use super::body::{HeadingStyle, Numbering};
use super::common::{lifecycle, DocDate, Issuer, Layout, Signature, Status};
use super::report::Period;

/// A plan as written in YAML (`kind: plan`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Always `plan`.
    pub kind: String,
    /// Issuing body and its parent.
    pub issuer: Issuer,
    /// Number in the issuer's yearly sequence; absent in a draft.
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub number: Option<u32>,
    /// Date of issue (YYYY-MM-DD); absent in a draft; `YYYY-MM` for a text for signature
    /// whose month is known.
    #[serde(default)]
    pub date: Option<DocDate>,
    /// Draft, for signature or issued; when absent, issued if `number` and a full `date` are
    /// both given, else a draft (see [`Status`]).
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
    /// The plan's year.
    pub year: i32,
    /// Place name in the date line: "Bắc Giang".
    pub place: String,
    /// Summary, trích yếu. One text wraps by the width of the page; a list (one item a line,
    /// in block style since the text has commas) sets it on lines where the clerk breaks it,
    /// "… trên địa bàn" / "tỉnh Thanh Hóa năm 2026" (held with "\n" between the lines).
    #[serde(deserialize_with = "super::common::de_lines")]
    #[schemars(with = "super::schema_forms::Lines")]
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
    /// The numbering scheme of each level; default `[roman, arabic, nested, letter]`.
    #[serde(default)]
    pub numbering: Numbering,
    /// How titled sections with text are set: `run-in` (the default of a plan) or
    /// `standalone`; a section's own `heading:` wins.
    #[serde(default)]
    pub headings: Option<HeadingStyle>,
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
    /// Appendices (phụ lục), printed after the signature, each on a new page (see
    /// [`Appendix`]).
    #[serde(default)]
    pub appendices: Vec<Appendix>,
}

impl Plan {
    /// The targets and tasks that have an id, in reading order.
    pub fn items_with_ids(&self) -> Vec<&Item> {
        fn walk_items<'a>(items: &'a [Item], out: &mut Vec<&'a Item>) {
            for i in items {
                if i.id.is_some() {
                    out.push(i);
                }
                walk_items(&i.items, out);
            }
        }
        fn walk<'a>(sections: &'a [Section], out: &mut Vec<&'a Item>) {
            for s in sections {
                walk_items(&s.items, out);
                walk(&s.sections, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }

    /// The target or task with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items_with_ids()
            .into_iter()
            .find(|i| i.id.as_deref() == Some(id))
    }

    /// The due date of a deliverable: the plan's year and the `reporting.deadlines` day.
    pub fn due(&self, deliverable: Deliverable) -> Option<NaiveDate> {
        let r = self.reporting.as_ref()?;
        let d = r.deadlines.iter().find(|d| d.deliverable == deliverable)?;
        crate::dates::due_date(&d.due, self.year)
    }

    /// The status in force (see [`lifecycle`]).
    pub fn effective_status(&self) -> Status {
        lifecycle(self.status, self.number, self.date)
    }

    /// The date of issue, when the day is known.
    pub fn issued_on(&self) -> Option<NaiveDate> {
        self.date.and_then(DocDate::day)
    }
}

fn yes() -> bool {
    true
}

/// A section of the body. Its number comes from its place in the tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Heading text; a section without a title is a numbered paragraph ("1. Rà soát …").
    #[serde(default)]
    pub title: Option<String>,
    /// Text. With a title it runs in after "1. Mục đích:" (or starts below a standalone
    /// heading); paragraphs split on blank lines.
    #[serde(default)]
    pub text: Option<String>,
    /// `false`: this section prints no number and is not counted among its siblings.
    #[serde(default = "yes")]
    pub numbered: bool,
    /// The scheme of this section's own number, instead of its level's.
    #[serde(default)]
    pub scheme: Option<super::body::Scheme>,
    /// The numbering of the levels below this section (a scheme or a list), instead of the
    /// document's.
    #[serde(default)]
    pub numbering: Option<Numbering>,
    /// `run-in` or `standalone`, instead of the document's default.
    #[serde(default)]
    pub heading: Option<HeadingStyle>,
    /// "-" items (and "+" sub-items).
    #[serde(default)]
    pub items: Vec<Item>,
    /// Sub-sections.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Render the reporting duty sentence (from `reporting`) at the end of this section.
    #[serde(default)]
    pub reporting: bool,
    /// Reports only: print this table after the section's text and items.
    #[serde(default)]
    pub table: Option<TableKind>,
    /// Tables written by the clerk, printed after the section's text and items.
    #[serde(default)]
    pub tables: Vec<super::body::ClerkTable>,
}

impl Default for Section {
    fn default() -> Self {
        Section {
            title: None,
            text: None,
            numbered: true,
            scheme: None,
            numbering: None,
            heading: None,
            items: Vec::new(),
            sections: Vec::new(),
            reporting: false,
            table: None,
            tables: Vec::new(),
        }
    }
}

/// The tables a report's section can show, computed from figures (see `crate::consolidate`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    /// The plan's indicators: achieved out of total, rate, target.
    Indicators,
    /// The plan's tasks: counts (sessions, people, inspections, violations).
    Tasks,
    /// Consolidated reports: one row per unit.
    Units,
    /// Consolidated reports: units whose report is missing or late.
    Late,
}

impl TableKind {
    /// The YAML spelling: `indicators`, `tasks`, `units`, `late`.
    pub fn key(self) -> &'static str {
        match self {
            TableKind::Indicators => "indicators",
            TableKind::Tasks => "tasks",
            TableKind::Units => "units",
            TableKind::Late => "late",
        }
    }
}

/// A "-" item: a target or a task. Written either as a plain string or as a mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Default, JsonSchema)]
#[schemars(transform = super::schema_forms::item)]
pub struct Item {
    /// Id by which reports refer to this target or task.
    pub id: Option<String>,
    /// A short name for the tables of reports: "Tập huấn nâng cao năng lực".
    pub short: Option<String>,
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
    #[serde(default)]
    short: Option<String>,
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
                    "an item: a text, or a mapping with `text` (and `id`, `short`, `indicator`, `items`)",
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
                    short: m.short,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// The duty in the plan's own words; printed as written instead of the sentence built from
    /// `lead`, the deadlines and `to`. Lint VB010 checks that the dates it names are the
    /// deadlines' dates (the deadlines stay data: reports and `status` use them).
    #[serde(default)]
    pub text: Option<String>,
    /// Text before the deadlines.
    #[serde(default)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// What is due.
    pub deliverable: Deliverable,
    /// Month and day, "MM-DD", in the plan's year; or a full date "YYYY-MM-DD" (a report on
    /// the last quarter due in January of the next year).
    #[schemars(pattern(super::schema_forms::DUE))]
    pub due: String,
}

/// What a unit sends: its implementation plan, or a report for a period.
///
/// YAML: `unit-plan`, or the period's spelling followed by `-report`: `six-month-report`,
/// `annual-report`, `nine-month-report`, `quarter-2-report`, `month-6-report`,
/// `campaign-report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema)]
#[schemars(transform = super::schema_forms::deliverable)]
pub enum Deliverable {
    /// The unit's implementation plan (kế hoạch triển khai).
    UnitPlan,
    /// The report for a period (báo cáo 6 tháng, báo cáo quý II, …).
    Report(Period),
}

impl Deliverable {
    /// The six-month report.
    pub const SIX_MONTH_REPORT: Deliverable = Deliverable::Report(Period::SixMonth);
    /// The annual report.
    pub const ANNUAL_REPORT: Deliverable = Deliverable::Report(Period::Annual);

    /// The YAML spelling.
    pub fn key(self) -> &'static str {
        match self {
            Deliverable::UnitPlan => "unit-plan",
            Deliverable::Report(p) => p.report_key(),
        }
    }

    /// Parses a YAML spelling.
    pub fn parse(s: &str) -> Option<Deliverable> {
        let s = s.trim();
        if s == "unit-plan" {
            return Some(Deliverable::UnitPlan);
        }
        Period::parse(s.strip_suffix("-report")?).map(Deliverable::Report)
    }
}

impl Serialize for Deliverable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Deliverable {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Deliverable::parse(&s).ok_or_else(|| {
            de::Error::custom(format!(
                "unknown variant `{s}`, expected one of `unit-plan`, `six-month-report`, `nine-month-report`, `annual-report`, `quarter-1-report`, `month-1-report`, `campaign-report`"
            ))
        })
    }
}
