//! Reports on a plan: a unit's report (`kind: report`) with figures keyed by the plan's ids,
//! and the department's consolidated report (`kind: consolidated-report`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::body::{HeadingStyle, Numbering};
use super::common::{Issuer, Layout, Signature};
use super::plan::{Deliverable, Section};

/// The period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// The first six months (báo cáo 6 tháng), due as the plan's `six-month-report`.
    SixMonth,
    /// The year (báo cáo 01 năm), due as the plan's `annual-report`.
    Annual,
}

impl Period {
    /// The deliverable of the plan's `reporting.deadlines` this period answers.
    pub fn deliverable(self) -> Deliverable {
        match self {
            Period::SixMonth => Deliverable::SixMonthReport,
            Period::Annual => Deliverable::AnnualReport,
        }
    }

    /// The YAML spelling: `six-month`, `annual`.
    pub fn key(self) -> &'static str {
        match self {
            Period::SixMonth => "six-month",
            Period::Annual => "annual",
        }
    }

    /// The period in a sentence: "6 tháng đầu năm 2018", "năm 2018".
    pub fn phrase(self, year: i32) -> String {
        match self {
            Period::SixMonth => format!("6 tháng đầu năm {year}"),
            Period::Annual => format!("năm {year}"),
        }
    }

    /// First day of the period: both periods start on 1 January.
    pub fn start(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, 1, 1)
    }
}

/// A unit's report on a plan (`kind: report`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Always `report`.
    pub kind: String,
    /// The unit's id in `units.yaml`.
    pub unit: String,
    /// The plan reported on: its path relative to the plans folder.
    pub plan: String,
    /// `six-month` or `annual`.
    pub period: Period,
    /// The year reported on (the plan's year).
    pub year: i32,
    /// The unit's own number; absent in a draft.
    #[serde(default)]
    pub number: Option<u32>,
    /// Date of the report; absent in a draft.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Date it was sent (deadlines are checked against it); defaults to `date`.
    #[serde(default)]
    pub sent: Option<NaiveDate>,
    /// The layout rules: `decree-30-2020` (default) or `circular-01-2011`.
    #[serde(default)]
    pub layout: Layout,
    /// Summary, trích yếu.
    pub summary: String,
    /// "Kính gửi:" addressees; default: the plan's `reporting.to`.
    #[serde(default)]
    pub to: Vec<String>,
    /// The narrative: sections I–V; a section with `table:` shows a table of figures.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The numbering scheme of each level; default `[roman, arabic, nested, letter]`.
    #[serde(default)]
    pub numbering: Numbering,
    /// How titled sections with text are set; default: level 1 standalone, the others run in.
    #[serde(default)]
    pub headings: Option<HeadingStyle>,
    /// Figures keyed by the plan's target and task ids.
    #[serde(default)]
    pub figures: BTreeMap<String, Figure>,
    /// Closing sentence; default "Trên đây là báo cáo … của <unit>./.".
    #[serde(default)]
    pub closing: Option<String>,
    /// Recipients (Nơi nhận).
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Archive line.
    #[serde(default)]
    pub archive: Vec<String>,
    /// Who signs; the head's title comes from the registry.
    pub signature: ReportSignature,
}

impl Report {
    /// The date deadlines are measured by: `sent`, else `date`.
    pub fn sent_on(&self) -> Option<NaiveDate> {
        self.sent.or(self.date)
    }
}

/// A unit report's signature: the title defaults to the unit's head ("GIÁM ĐỐC"); a deputy
/// signs with `authority: KT` and `title: PHÓ GIÁM ĐỐC`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSignature {
    /// Authority prefix (KT, TM, TL, TUQ, Q); the head's title is the unit's.
    #[serde(default)]
    pub authority: Option<String>,
    /// The signer's title; default the unit's head.
    #[serde(default)]
    pub title: Option<String>,
    /// The signer's name.
    pub name: String,
    /// The signature image for the electronic copy (PNG, relative to the YAML file).
    #[serde(default)]
    pub signature_image: Option<String>,
    /// The unit's seal image for the electronic copy (PNG, relative to the YAML file).
    #[serde(default)]
    pub seal_image: Option<String>,
}

impl ReportSignature {
    /// The full signature, given the unit head's title.
    pub fn resolve(&self, head: &str) -> Signature {
        let authority = self.authority.clone().filter(|a| !a.trim().is_empty());
        let head_needed = authority
            .as_deref()
            .and_then(crate::view::split_authority)
            .is_some_and(|(_, rest)| rest.is_empty());
        Signature {
            head: head_needed.then(|| head.to_string()),
            authority,
            title: self.title.clone().unwrap_or_else(|| head.to_string()),
            name: self.name.clone(),
            signature_image: self.signature_image.clone(),
            seal_image: self.seal_image.clone(),
        }
    }
}

/// The figures a unit gives for one target or task. Counts are whole numbers ≥ 0.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// For an indicator: how many achieved it (communes maintaining regular communication).
    #[serde(default)]
    pub numerator: Option<u64>,
    /// For an indicator: out of how many (communes in the district); default: the unit's
    /// `communes` in the registry, for indicators counted in communes.
    #[serde(default)]
    pub denominator: Option<u64>,
    /// Sessions, classes, events held.
    #[serde(default)]
    pub sessions: Option<u64>,
    /// People reached (lượt người).
    #[serde(default)]
    pub people: Option<u64>,
    /// Inspections carried out.
    #[serde(default)]
    pub inspections: Option<u64>,
    /// Violations handled.
    #[serde(default)]
    pub violations: Option<u64>,
}

/// A count a figure can carry, in the order tables show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Sessions, classes, events.
    Sessions,
    /// People reached.
    People,
    /// Inspections.
    Inspections,
    /// Violations handled.
    Violations,
}

impl Measure {
    /// Every measure, in table order.
    pub const ALL: [Measure; 4] = [
        Measure::Sessions,
        Measure::People,
        Measure::Inspections,
        Measure::Violations,
    ];

    /// The column heading: "Số buổi, cuộc".
    pub fn heading(self) -> &'static str {
        match self {
            Measure::Sessions => "Số buổi, cuộc",
            Measure::People => "Số lượt người",
            Measure::Inspections => "Số cuộc kiểm tra",
            Measure::Violations => "Số vụ vi phạm được xử lý",
        }
    }
}

impl Figure {
    /// The counts it gives, by measure.
    pub fn counts(&self) -> BTreeMap<Measure, u64> {
        let values = [
            self.sessions,
            self.people,
            self.inspections,
            self.violations,
        ];
        Measure::ALL
            .into_iter()
            .zip(values)
            .filter_map(|(m, v)| Some((m, v?)))
            .collect()
    }
}

/// The department's consolidated report to the province (`kind: consolidated-report`): the
/// figures and the lists of late and missing units are computed from the unit reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsolidatedReport {
    /// Always `consolidated-report`.
    pub kind: String,
    /// Issuing body (the department) and its parent.
    pub issuer: Issuer,
    /// The plan consolidated: its path relative to the plans folder.
    pub plan: String,
    /// `six-month` or `annual`.
    pub period: Period,
    /// The year (the plan's year).
    pub year: i32,
    /// Number; absent in a draft.
    #[serde(default)]
    pub number: Option<u32>,
    /// Date; absent in a draft. Unit reports sent after it are not counted (they are missing
    /// as of this date).
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// The layout rules: `decree-30-2020` (default) or `circular-01-2011`.
    #[serde(default)]
    pub layout: Layout,
    /// Place name in the date line.
    pub place: String,
    /// Summary, trích yếu.
    pub summary: String,
    /// "Kính gửi:" addressees: "UBND tỉnh Bắc Giang".
    #[serde(default)]
    pub to: Vec<String>,
    /// Legal bases, one italic line each.
    #[serde(default)]
    pub bases: Vec<String>,
    /// Opening paragraph(s); default: the sentence citing the plan, as in a unit's report.
    #[serde(default)]
    pub preamble: Option<String>,
    /// The narrative: sections I–V; `table:` places the computed tables.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The numbering scheme of each level; default `[roman, arabic, nested, letter]`.
    #[serde(default)]
    pub numbering: Numbering,
    /// How titled sections with text are set; default: level 1 standalone, the others run in.
    #[serde(default)]
    pub headings: Option<HeadingStyle>,
    /// Closing sentence; default "Trên đây là báo cáo … của <issuer>./.".
    #[serde(default)]
    pub closing: Option<String>,
    /// Recipients (Nơi nhận).
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
}
