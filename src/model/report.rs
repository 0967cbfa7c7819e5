//! Reports on a plan: a unit's report (`kind: report`) with figures keyed by the plan's ids,
//! and the department's consolidated report (`kind: consolidated-report`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::appendix::Appendix;
use super::body::{HeadingStyle, Numbering};
use super::common::{lifecycle, DocDate, Issuer, Layout, Signature, Status};
use super::plan::{Deliverable, Section};

/// The period a report covers, as offices name them.
///
/// YAML: `month-1` … `month-12`, `quarter-1` … `quarter-4`, `six-month`, `nine-month`,
/// `annual`, or `campaign` (a named campaign with its dates in the report's `campaign:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema)]
#[schemars(transform = super::schema_forms::period)]
pub enum Period {
    /// One month (báo cáo tháng 6), 1–12.
    Month(u8),
    /// One quarter (báo cáo quý II), 1–4.
    Quarter(u8),
    /// The first six months (báo cáo 6 tháng đầu năm).
    SixMonth,
    /// The first nine months (báo cáo 9 tháng đầu năm).
    NineMonth,
    /// The year (báo cáo năm).
    Annual,
    /// A named campaign with its own dates ("Tháng hành động vì an toàn thực phẩm").
    Campaign,
}

const MONTH_KEYS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
    "month-9", "month-10", "month-11", "month-12",
];
const QUARTER_KEYS: [&str; 4] = ["quarter-1", "quarter-2", "quarter-3", "quarter-4"];
const MONTH_REPORT_KEYS: [&str; 12] = [
    "month-1-report",
    "month-2-report",
    "month-3-report",
    "month-4-report",
    "month-5-report",
    "month-6-report",
    "month-7-report",
    "month-8-report",
    "month-9-report",
    "month-10-report",
    "month-11-report",
    "month-12-report",
];
const QUARTER_REPORT_KEYS: [&str; 4] = [
    "quarter-1-report",
    "quarter-2-report",
    "quarter-3-report",
    "quarter-4-report",
];
/// Every spelling of a period, for messages.
pub const PERIOD_SPELLINGS: &str =
    "`month-1` … `month-12`, `quarter-1` … `quarter-4`, `six-month`, `nine-month`, `annual` or `campaign`";

impl Period {
    /// The deliverable of the plan's `reporting.deadlines` this period answers.
    pub fn deliverable(self) -> Deliverable {
        Deliverable::Report(self)
    }

    /// The YAML spelling: `six-month`, `annual`, `quarter-2`, `month-6`, …
    pub fn key(self) -> &'static str {
        match self {
            Period::Month(m) => MONTH_KEYS
                .get(usize::from(m).wrapping_sub(1))
                .copied()
                .unwrap_or("month"),
            Period::Quarter(q) => QUARTER_KEYS
                .get(usize::from(q).wrapping_sub(1))
                .copied()
                .unwrap_or("quarter"),
            Period::SixMonth => "six-month",
            Period::NineMonth => "nine-month",
            Period::Annual => "annual",
            Period::Campaign => "campaign",
        }
    }

    /// The deliverable's YAML spelling: `six-month-report`, `quarter-2-report`, …
    pub fn report_key(self) -> &'static str {
        match self {
            Period::Month(m) => MONTH_REPORT_KEYS
                .get(usize::from(m).wrapping_sub(1))
                .copied()
                .unwrap_or("month-report"),
            Period::Quarter(q) => QUARTER_REPORT_KEYS
                .get(usize::from(q).wrapping_sub(1))
                .copied()
                .unwrap_or("quarter-report"),
            Period::SixMonth => "six-month-report",
            Period::NineMonth => "nine-month-report",
            Period::Annual => "annual-report",
            Period::Campaign => "campaign-report",
        }
    }

    /// Parses a YAML spelling.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let n = |rest: &str| rest.parse::<u8>().ok();
        match s {
            "six-month" => Some(Period::SixMonth),
            "nine-month" => Some(Period::NineMonth),
            "annual" => Some(Period::Annual),
            "campaign" => Some(Period::Campaign),
            _ => {
                if let Some(m) = s.strip_prefix("month-").and_then(n) {
                    return (1..=12).contains(&m).then_some(Period::Month(m));
                }
                if let Some(q) = s.strip_prefix("quarter-").and_then(n) {
                    return (1..=4).contains(&q).then_some(Period::Quarter(q));
                }
                None
            }
        }
    }

    /// The period in a sentence: "6 tháng đầu năm 2018", "năm 2018", "quý II năm 2026",
    /// "tháng 6 năm 2026"; a campaign is named by the caller.
    pub fn phrase(self, year: i32) -> String {
        match self {
            Period::Month(m) if m <= 2 => format!("tháng {m:02} năm {year}"),
            Period::Month(m) => format!("tháng {m} năm {year}"),
            Period::Quarter(q) => format!("quý {} năm {year}", crate::numbering::roman(q.into())),
            Period::SixMonth => format!("6 tháng đầu năm {year}"),
            Period::NineMonth => format!("9 tháng đầu năm {year}"),
            Period::Annual => format!("năm {year}"),
            Period::Campaign => format!("đợt cao điểm năm {year}"),
        }
    }

    /// What the plan's reporting sentence says a unit sends: "gửi báo cáo quý II".
    pub fn send_phrase(self) -> &'static str {
        const MONTHS: [&str; 12] = [
            "gửi báo cáo tháng 01",
            "gửi báo cáo tháng 02",
            "gửi báo cáo tháng 3",
            "gửi báo cáo tháng 4",
            "gửi báo cáo tháng 5",
            "gửi báo cáo tháng 6",
            "gửi báo cáo tháng 7",
            "gửi báo cáo tháng 8",
            "gửi báo cáo tháng 9",
            "gửi báo cáo tháng 10",
            "gửi báo cáo tháng 11",
            "gửi báo cáo tháng 12",
        ];
        const QUARTERS: [&str; 4] = [
            "gửi báo cáo quý I",
            "gửi báo cáo quý II",
            "gửi báo cáo quý III",
            "gửi báo cáo quý IV",
        ];
        match self {
            Period::Month(m) => MONTHS
                .get(usize::from(m).wrapping_sub(1))
                .copied()
                .unwrap_or("gửi báo cáo tháng"),
            Period::Quarter(q) => QUARTERS
                .get(usize::from(q).wrapping_sub(1))
                .copied()
                .unwrap_or("gửi báo cáo quý"),
            Period::SixMonth => "gửi báo cáo 6 tháng",
            Period::NineMonth => "gửi báo cáo 9 tháng",
            Period::Annual => "gửi báo cáo 01 năm",
            Period::Campaign => "gửi báo cáo kết quả đợt cao điểm",
        }
    }

    /// First day of the period in `year` (a campaign starts on its own `from`; here 1 January).
    pub fn start(self, year: i32) -> Option<NaiveDate> {
        match self {
            Period::Month(m) => NaiveDate::from_ymd_opt(year, m.into(), 1),
            Period::Quarter(q) => NaiveDate::from_ymd_opt(year, u32::from(q) * 3 - 2, 1),
            _ => NaiveDate::from_ymd_opt(year, 1, 1),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown variant `{s}`, expected one of `month-1`, `month-12`, `quarter-1`, `quarter-4`, `six-month`, `nine-month`, `annual`, `campaign`"
            ))
        })
    }
}

/// A named campaign (đợt cao điểm, tháng hành động) a report covers: `period: campaign`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Its name as the sentence says it: "Tháng hành động vì an toàn thực phẩm năm 2026".
    pub name: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// A report (`kind: report`): a unit's short report on a plan of the repository (`unit`,
/// `plan`; the registry supplies issuer, place and head), or a report by any issuer
/// (`issuer`, `place`, a full `signature`) that may answer a plan of the repository or any
/// document cited as text (`answers`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Always `report`.
    pub kind: String,
    /// The unit's id in `units.yaml` (a unit's report on a plan).
    #[serde(default)]
    pub unit: Option<String>,
    /// The issuing body of a report that is not a registry unit's.
    #[serde(default)]
    pub issuer: Option<Issuer>,
    /// The plan reported on: its path relative to the plans folder.
    #[serde(default)]
    pub plan: Option<String>,
    /// What the report answers when it is not a plan of the repository, as the opening cites
    /// it: "Công văn số 125/BYT-KHTC ngày 10/01/2026 của Bộ Y tế".
    #[serde(default)]
    pub answers: Option<String>,
    /// The period: `month-6`, `quarter-2`, `six-month`, `nine-month`, `annual`, `campaign`.
    #[serde(default)]
    pub period: Option<Period>,
    /// The campaign of `period: campaign`: its name and dates.
    #[serde(default)]
    pub campaign: Option<Campaign>,
    /// The year reported on (the plan's year). The date line may be in a later year.
    pub year: i32,
    /// Number; absent in a draft.
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub number: Option<u32>,
    /// Date of the report; absent in a draft; `YYYY-MM` or `YYYY` for a text for signature.
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
    /// Date it was sent (deadlines are checked against it); defaults to `date`.
    #[serde(default)]
    pub sent: Option<NaiveDate>,
    /// The layout rules: `decree-30-2020` (default) or `circular-01-2011`.
    #[serde(default)]
    pub layout: Layout,
    /// Place name in the date line; default the unit's.
    #[serde(default)]
    pub place: Option<String>,
    /// Summary, trích yếu. A list sets it on lines (held with "\n" between them), as for a
    /// plan.
    #[serde(deserialize_with = "super::common::de_lines")]
    #[schemars(with = "super::schema_forms::Lines")]
    pub summary: String,
    /// "Kính gửi:" addressees; default: the plan's `reporting.to`.
    /// One addressee may be written on the line: `to: Bộ Y tế`.
    #[serde(default, deserialize_with = "super::common::de_one_or_list")]
    #[schemars(with = "super::schema_forms::OneOrList")]
    pub to: Vec<String>,
    /// Legal bases, one italic line each.
    #[serde(default)]
    pub bases: Vec<String>,
    /// The opening paragraph(s); default: the sentence citing the plan or `answers`.
    #[serde(default)]
    pub preamble: Option<String>,
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
    /// Closing sentence; default "Trên đây là báo cáo … của `<issuer>`./.".
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
    /// Who signs; a unit's head title comes from the registry.
    pub signature: ReportSignature,
    /// Appendices (phụ lục), printed after the signature, each on a new page (see
    /// [`Appendix`]).
    #[serde(default)]
    pub appendices: Vec<Appendix>,
}

impl Report {
    /// The date deadlines are measured by: `sent`, else the full `date`.
    pub fn sent_on(&self) -> Option<NaiveDate> {
        self.sent.or(self.date.and_then(DocDate::day))
    }

    /// The unit's id, or "" for a report by another issuer.
    pub fn unit_id(&self) -> &str {
        self.unit.as_deref().unwrap_or("")
    }

    /// The plan's key, or "" when the report answers no plan of the repository.
    pub fn plan_key(&self) -> &str {
        self.plan.as_deref().unwrap_or("")
    }

    /// The status in force (see [`lifecycle`]).
    pub fn effective_status(&self) -> Status {
        lifecycle(self.status, self.number, self.date)
    }
}

/// A report's signature. For a unit's report the title defaults to the unit's head
/// ("GIÁM ĐỐC"); a deputy signs with `authority: KT` and `title: PHÓ GIÁM ĐỐC`. A report by
/// another issuer writes it in full, as a plan does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSignature {
    /// Authority prefix (KT, TM, TL, TUQ, Q), or a chain of lines
    /// (`[TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]`).
    #[serde(default, deserialize_with = "super::common::de_opt_lines")]
    #[schemars(with = "super::schema_forms::Lines")]
    pub authority: Option<String>,
    /// The head's title the last prefix signs for; default the unit's head.
    #[serde(default)]
    pub head: Option<String>,
    /// The signer's title; default the unit's head.
    #[serde(default)]
    pub title: Option<String>,
    /// The signer's name.
    pub name: String,
    /// The signature image for the electronic copy (PNG, relative to the YAML file).
    #[serde(default)]
    pub signature_image: Option<String>,
    /// The seal image for the electronic copy (PNG, relative to the YAML file).
    #[serde(default)]
    pub seal_image: Option<String>,
}

impl ReportSignature {
    /// The full signature, given the unit head's title ("" for a report by another issuer).
    pub fn resolve(&self, head: &str) -> Signature {
        let authority = self.authority.clone().filter(|a| !a.trim().is_empty());
        let explicit_head = self.head.clone().filter(|h| !h.trim().is_empty());
        let head_needed = explicit_head.is_none()
            && authority
                .as_deref()
                .and_then(|a| a.lines().rev().find(|l| !l.trim().is_empty()))
                .and_then(crate::authority::split)
                .is_some_and(|(_, rest)| rest.is_empty());
        Signature {
            head: explicit_head
                .or_else(|| (head_needed && !head.is_empty()).then(|| head.to_string())),
            authority,
            title: self.title.clone().unwrap_or_else(|| head.to_string()),
            name: self.name.clone(),
            signature_image: self.signature_image.clone(),
            seal_image: self.seal_image.clone(),
        }
    }
}

/// The figures a unit gives for one target or task. Counts are whole numbers ≥ 0.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    #[schemars(range(min = 1))]
    pub number: Option<u32>,
    /// Date; absent in a draft. Unit reports sent after it are not counted (they are missing
    /// as of this date).
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
    /// Place name in the date line.
    pub place: String,
    /// Summary, trích yếu. A list sets it on lines (held with "\n" between them), as for a
    /// plan.
    #[serde(deserialize_with = "super::common::de_lines")]
    #[schemars(with = "super::schema_forms::Lines")]
    pub summary: String,
    /// "Kính gửi:" addressees: "UBND tỉnh Bắc Giang".
    /// One addressee may be written on the line: `to: Bộ Y tế`.
    #[serde(default, deserialize_with = "super::common::de_one_or_list")]
    #[schemars(with = "super::schema_forms::OneOrList")]
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
    /// Closing sentence; default "Trên đây là báo cáo … của `<issuer>`./.".
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
    /// Appendices (phụ lục), printed after the signature, each on a new page (see
    /// [`Appendix`]).
    #[serde(default)]
    pub appendices: Vec<Appendix>,
}

impl ConsolidatedReport {
    /// The status in force (see [`lifecycle`]).
    pub fn effective_status(&self) -> Status {
        lifecycle(self.status, self.number, self.date)
    }
}
