//! Stage 3 for reports: the view of a unit's report and of the consolidated report — the
//! frame with the unit (or the department) as issuer, the opening that cites the plan, and the
//! tables of figures as rows of formatted cells.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{
    blocks, frame, number, paragraphs, recipient_groups, symbol, Block, BodyStyle, FrameParts,
    PrintedFrame,
};
use crate::consolidate::{progress, unit_counts, Consolidation, Resolved, Timeliness};
use crate::dates::short_date;
use crate::model::{ConsolidatedReport, Issuer, Item, Measure, Period, Plan, Report, Unit};

/// The template context of a report (`report.md`, `consolidated-report.md`).
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// The official frame.
    pub frame: PrintedFrame,
    /// Legal bases, one italic line each.
    pub bases: Vec<String>,
    /// Opening paragraphs: the citation of the plan (unit reports) or the preamble.
    pub opening: Vec<String>,
    /// The narrative as numbered blocks; `table` blocks name a table of `tables`.
    pub blocks: Vec<Block>,
    /// The tables by name: `indicators`, `tasks` (and `units`, `late` when consolidated).
    pub tables: BTreeMap<String, Table>,
    /// The closing sentence, "Trên đây là báo cáo …./.".
    pub closing: String,
    /// The appendices, printed after the signature (`appendix.md`).
    pub appendices: Vec<super::appendix::AppendixView>,
}

/// A table, ready to print as Markdown.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Table {
    /// A sentence printed before the table (may be empty).
    pub note: String,
    /// Header cells.
    pub header: Vec<String>,
    /// Markdown alignment cells, one per column: ":---:", ":---", "---:".
    pub align: Vec<String>,
    /// Body rows, as many cells as the header.
    pub rows: Vec<Vec<String>>,
    /// What to print instead when there are no rows.
    pub empty: String,
}

pub use crate::vietnamese::{count, percent};

/// "Sở Y tế (Phòng Nghiệp vụ Y )" → "Sở Y tế (Phòng Nghiệp vụ Y)": single spaces, none just
/// inside brackets.
pub fn tidy_spaces(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("( ", "(")
        .replace(" )", ")")
}

/// "Thực hiện công tác …" → "thực hiện công tác …", to continue a sentence.
fn lower_first(s: &str) -> String {
    // a summary given on lines is one line inside a sentence
    let one = crate::model::common::one_line(s);
    let mut chars = one.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The name a table gives a target or task: its `short`, else the start of its text.
pub fn item_name(item: &Item) -> String {
    if let Some(s) = item.short.as_deref().filter(|s| !s.trim().is_empty()) {
        return s.trim().to_string();
    }
    let words: Vec<&str> = item.text.split_whitespace().collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{} …", words[..12].join(" "))
    }
}

/// "Kế hoạch số 25/KH-SYT ngày 05/3/2018 của Sở Y tế" for a numbered, dated plan.
pub fn plan_citation(plan: &Plan) -> String {
    let mut s = "Kế hoạch".to_string();
    if let Some(n) = plan.number {
        s.push_str(&format!(
            " số {}/{}",
            number(n),
            symbol(Some(crate::kinds::PLAN.abbr), &plan.issuer.abbr)
        ));
    }
    if let Some(d) = plan.issued_on() {
        s.push_str(&format!(" ngày {}", short_date(d)));
    }
    format!("{s} của {}", plan.issuer.in_text())
}

fn closing(given: Option<&str>, summary: &str, issuer_in_text: &str) -> String {
    match given.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => c.to_string(),
        None => format!(
            "Trên đây là báo cáo {} của {issuer_in_text}./.",
            lower_first(summary)
        ),
    }
}

/// The period as the opening says it: "6 tháng đầu năm 2018", "quý II năm 2026", or the
/// campaign's name; "năm `<year>`" when the report names no period.
pub fn period_phrase(r: &Report) -> String {
    match (r.period, &r.campaign) {
        (Some(Period::Campaign), Some(c)) => c.name.trim().to_string(),
        (Some(p), _) => p.phrase(r.year),
        (None, _) => format!("năm {}", r.year),
    }
}

/// The view of a report: a unit's (with `unit` from the registry) or another issuer's.
/// `figures` are its figures resolved by [`crate::consolidate::report_figures`] (empty when it
/// answers no plan of the repository).
pub fn report(
    r: &Report,
    unit: Option<&Unit>,
    plan: Option<&Plan>,
    figures: &BTreeMap<String, Resolved>,
) -> ReportView {
    let issuer = match (unit, &r.issuer) {
        (Some(u), _) => u.issuer(),
        (None, Some(i)) => i.clone(),
        (None, None) => Issuer::default(),
    };
    let head = unit.map_or("", |u| u.head.as_str());
    let place = r
        .place
        .as_deref()
        .or(unit.map(|u| u.place.as_str()))
        .unwrap_or("");
    let signature = r.signature.resolve(head);
    let addressees = if r.to.is_empty() {
        plan.and_then(|p| p.reporting.as_ref())
            .map(|rep| vec![tidy_spaces(&rep.to)])
            .unwrap_or_default()
    } else {
        r.to.iter().map(|t| tidy_spaces(t)).collect()
    };
    let frame = frame(FrameParts {
        issuer: &issuer,
        kind: (crate::kinds::REPORT.abbr, crate::kinds::REPORT.title),
        number: r.number,
        date: r.date,
        status: r.effective_status(),
        date_fixed: r.date_fixed,
        year: r.year,
        place,
        summary: &r.summary,
        addressees,
        recipients: recipient_groups(&r.recipients, &r.archive, &r.electronic),
        signature: &signature,
        layout: r.layout,
    });
    let who = match unit {
        Some(u) => u.name.trim().to_string(),
        None => issuer.in_text(),
    };
    let opening = match r.preamble.as_deref().map(paragraphs) {
        Some(p) if !p.is_empty() => p,
        _ => match (
            plan,
            r.answers
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty()),
        ) {
            (Some(plan), _) => vec![format!(
                "Thực hiện {} về {}, {who} báo cáo kết quả thực hiện {} như sau:",
                plan_citation(plan),
                lower_first(&plan.summary),
                period_phrase(r)
            )],
            (None, Some(a)) => vec![format!(
                "Thực hiện {a}, {who} báo cáo {} như sau:",
                lower_first(&r.summary)
            )],
            (None, None) => Vec::new(),
        },
    };
    let mut tables = BTreeMap::new();
    if let Some(plan) = plan {
        tables.insert(
            "indicators".to_string(),
            indicator_table(plan, figures, false, ""),
        );
        tables.insert("tasks".to_string(), task_table(plan, figures, ""));
    }
    let style = BodyStyle {
        numbering: &r.numbering,
        headings: r.headings,
        level1_standalone: true,
    };
    ReportView {
        appendices: super::appendix::appendices(&r.appendices, &frame, style),
        frame,
        bases: r.bases.clone(),
        opening,
        blocks: blocks(&r.sections, style),
        tables,
        closing: closing(r.closing.as_deref(), &r.summary, &who),
    }
}

/// The view of a consolidated report: `units` is the registry, `cons` the consolidation.
pub fn consolidated(
    c: &ConsolidatedReport,
    plan: &Plan,
    units: &[Unit],
    cons: &Consolidation,
) -> ReportView {
    let frame = frame(FrameParts {
        issuer: &c.issuer,
        kind: (crate::kinds::REPORT.abbr, crate::kinds::REPORT.title),
        number: c.number,
        date: c.date,
        status: c.effective_status(),
        date_fixed: c.date_fixed,
        year: c.year,
        place: &c.place,
        summary: &c.summary,
        addressees: c.to.iter().map(|t| tidy_spaces(t)).collect(),
        recipients: recipient_groups(&c.recipients, &c.archive, &c.electronic),
        signature: &c.signature,
        layout: c.layout,
    });
    let received = cons.received();
    let from = format!(
        "Số liệu tổng hợp từ báo cáo của {received}/{} đơn vị.",
        units.len()
    );
    let mut tables = BTreeMap::new();
    tables.insert(
        "indicators".to_string(),
        indicator_table(plan, &cons.totals, true, &from),
    );
    tables.insert("tasks".to_string(), task_table(plan, &cons.totals, &from));
    tables.insert("units".to_string(), unit_table(plan, units, cons));
    tables.insert(
        "late".to_string(),
        late_table(units, cons, &c.issuer.in_text()),
    );
    let style = BodyStyle {
        numbering: &c.numbering,
        headings: c.headings,
        level1_standalone: true,
    };
    ReportView {
        appendices: super::appendix::appendices(&c.appendices, &frame, style),
        frame,
        bases: c.bases.clone(),
        opening: match c.preamble.as_deref().map(paragraphs) {
            Some(p) if !p.is_empty() => p,
            _ => vec![format!(
                "Thực hiện {} về {}, {} báo cáo kết quả thực hiện {} như sau:",
                plan_citation(plan),
                lower_first(&plan.summary),
                c.issuer.in_text(),
                c.period.phrase(c.year)
            )],
        },
        blocks: blocks(&c.sections, style),
        tables,
        closing: closing(c.closing.as_deref(), &c.summary, &c.issuer.in_text()),
    }
}

/// The plan's indicators with a rate in `figures`, in the plan's order.
fn indicator_rows<'a>(
    plan: &'a Plan,
    figures: &'a BTreeMap<String, Resolved>,
) -> Vec<(
    &'a Item,
    &'a crate::model::Indicator,
    crate::consolidate::Ratio,
)> {
    plan.items_with_ids()
        .into_iter()
        .filter_map(|item| {
            let ind = item.indicator.as_ref()?;
            let ratio = figures.get(item.id.as_deref()?)?.ratio?;
            Some((item, ind, ratio))
        })
        .collect()
}

/// The counting unit shared by the indicators ("xã"), if they share one.
fn shared_unit(plan: &Plan) -> Option<String> {
    let units: BTreeSet<String> = plan
        .items_with_ids()
        .into_iter()
        .filter_map(|i| Some(i.indicator.as_ref()?.unit.trim().to_string()))
        .collect();
    match units.len() {
        1 => units.into_iter().next(),
        _ => None,
    }
}

fn indicator_table(
    plan: &Plan,
    figures: &BTreeMap<String, Resolved>,
    assess: bool,
    note: &str,
) -> Table {
    let (achieved, total) = match shared_unit(plan) {
        Some(u) => (format!("Số {u} đạt"), format!("Tổng số {u}")),
        None => ("Số đạt".to_string(), "Tổng số".to_string()),
    };
    let mut header = vec![
        "TT".to_string(),
        "Chỉ tiêu".into(),
        achieved,
        total,
        "Tỷ lệ".into(),
    ];
    let mut align = vec![":---:", ":---", ":---:", ":---:", ":---:"];
    if assess {
        header.push("Kế hoạch".into());
        header.push("Đánh giá".into());
        align.push(":---:");
        align.push(":---");
    } else {
        header.push(format!("Mục tiêu năm {}", plan.year));
        align.push(":---:");
    }
    let found = indicator_rows(plan, figures);
    // one decimal rule per column: the rates, and the plan's baselines and targets
    let rates = Decimals::of(found.iter().filter_map(|(_, _, r)| r.fraction()));
    let targets = Decimals::of(
        found
            .iter()
            .flat_map(|(_, ind, _)| ind.baseline.into_iter().chain([ind.target])),
    );
    let rows = found
        .into_iter()
        .enumerate()
        .map(|(i, (item, ind, ratio))| {
            let rate = ratio.fraction();
            let mut row = vec![
                (i + 1).to_string(),
                item_name(item),
                count(ratio.numerator),
                count(ratio.denominator),
                rate.map(|r| rates.percent(r)).unwrap_or_else(|| "-".into()),
            ];
            if assess {
                row.push(match ind.baseline {
                    Some(b) => format!("{} → {}", targets.percent(b), targets.percent(ind.target)),
                    None => targets.percent(ind.target),
                });
                row.push(match rate.map(|r| progress(r, ind)) {
                    None => "-".into(),
                    Some(p) if p.met => "Đạt".into(),
                    Some(p) => match p.share_of_increase {
                        Some(s) if s >= 0.0 => {
                            format!("Chưa đạt (thực hiện {} mức tăng kế hoạch)", percent(s))
                        }
                        Some(_) => "Chưa đạt (thấp hơn đầu năm)".into(),
                        None => "Chưa đạt".into(),
                    },
                });
            } else {
                row.push(targets.percent(ind.target));
            }
            row
        })
        .collect::<Vec<_>>();
    Table {
        note: if rows.is_empty() {
            String::new()
        } else {
            note.to_string()
        },
        header,
        align: align.into_iter().map(String::from).collect(),
        rows,
        empty: "Không có số liệu về các chỉ tiêu.".into(),
    }
}

/// Measures present anywhere in `figures`, in table order.
fn measures_in<'a>(figures: impl IntoIterator<Item = &'a Resolved>) -> Vec<Measure> {
    let present: BTreeSet<Measure> = figures
        .into_iter()
        .flat_map(|r| r.counts.keys().copied())
        .collect();
    Measure::ALL
        .into_iter()
        .filter(|m| present.contains(m))
        .collect()
}

fn cell(counts: &BTreeMap<Measure, u64>, m: Measure) -> String {
    counts
        .get(&m)
        .map(|n| count(*n))
        .unwrap_or_else(|| "-".into())
}

fn task_table(plan: &Plan, figures: &BTreeMap<String, Resolved>, note: &str) -> Table {
    let measures = measures_in(figures.values());
    let mut header = vec!["TT".to_string(), "Nhiệm vụ".into()];
    header.extend(measures.iter().map(|m| m.heading().to_string()));
    let mut align = vec![":---:".to_string(), ":---".into()];
    align.extend(measures.iter().map(|_| ":---:".to_string()));
    let rows: Vec<Vec<String>> = plan
        .items_with_ids()
        .into_iter()
        .filter_map(|item| {
            let r = figures.get(item.id.as_deref()?)?;
            (!r.counts.is_empty()).then_some((item, r))
        })
        .enumerate()
        .map(|(i, (item, r))| {
            let mut row = vec![(i + 1).to_string(), item_name(item)];
            row.extend(measures.iter().map(|m| cell(&r.counts, *m)));
            row
        })
        .collect();
    Table {
        note: if rows.is_empty() {
            String::new()
        } else {
            note.to_string()
        },
        header,
        align,
        rows,
        empty: "Không có số liệu về các nhiệm vụ.".into(),
    }
}

fn timeliness_text(t: Timeliness) -> String {
    match t {
        Timeliness::OnTime => "Đúng hạn".into(),
        Timeliness::Late { days_late } => format!("Chậm {days_late} ngày"),
        Timeliness::Missing => "Chưa gửi báo cáo".into(),
        Timeliness::NotYetDue => "Chưa đến hạn".into(),
    }
}

/// The decimals of the rates of one column: one when a rate of the column needs it ("52,4%"),
/// then for all of them ("63,0%"); none when they are all whole ("63%", "50%").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Decimals(bool);

impl Decimals {
    fn of(fractions: impl IntoIterator<Item = f64>) -> Self {
        Decimals(fractions.into_iter().any(|f| {
            let tenths = (f * 1000.0).round();
            tenths % 10.0 != 0.0
        }))
    }

    fn percent(self, f: f64) -> String {
        if self.0 {
            format!("{:.1}%", f * 100.0).replace('.', ",")
        } else {
            percent(f)
        }
    }
}

fn unit_name<'a>(units: &'a [Unit], id: &'a str) -> &'a str {
    units
        .iter()
        .find(|u| u.id == id)
        .map(|u| u.name.trim())
        .unwrap_or(id)
}

fn date_cell(d: Option<NaiveDate>) -> String {
    d.map(short_date).unwrap_or_else(|| "-".into())
}

fn unit_table(plan: &Plan, units: &[Unit], cons: &Consolidation) -> Table {
    let indicators: Vec<&Item> = plan
        .items_with_ids()
        .into_iter()
        .filter(|i| {
            i.indicator.is_some()
                && i.id
                    .as_deref()
                    .is_some_and(|id| cons.totals.get(id).is_some_and(|r| r.ratio.is_some()))
        })
        .collect();
    let per_unit: Vec<Option<BTreeMap<Measure, u64>>> = cons
        .units
        .iter()
        .map(|l| l.figures.as_ref().map(unit_counts))
        .collect();
    let all: Vec<Resolved> = per_unit
        .iter()
        .flatten()
        .map(|c| Resolved {
            ratio: None,
            counts: c.clone(),
        })
        .collect();
    let measures = measures_in(all.iter());
    let mut header = vec!["TT".to_string(), "Đơn vị".into(), "Ngày gửi".into()];
    // One indicator: name the column by what it counts, which is shorter than its name.
    match (indicators.as_slice(), shared_unit(plan)) {
        ([_], Some(u)) => header.push(format!(
            "{} đạt/tổng số",
            crate::model::common::sentence_case(&u)
        )),
        _ => header.extend(indicators.iter().map(|i| item_name(i))),
    }
    header.extend(measures.iter().map(|m| m.heading().to_string()));
    let mut align = vec![":---:".to_string(), ":---".into(), ":---:".into()];
    align.extend((0..indicators.len() + measures.len()).map(|_| ":---:".to_string()));
    // one decimal rule per indicator's column: its units' rates and the total's
    let decimals: BTreeMap<&str, Decimals> = indicators
        .iter()
        .filter_map(|item| item.id.as_deref())
        .map(|id| {
            let unit_rates = cons
                .units
                .iter()
                .filter_map(|l| l.figures.as_ref()?.get(id)?.ratio?.fraction());
            let total = cons.totals.get(id).and_then(|r| r.ratio?.fraction());
            (id, Decimals::of(unit_rates.chain(total)))
        })
        .collect();
    let ratio_cell = |r: Option<&Resolved>, id: &str| match r.and_then(|r| r.ratio) {
        Some(ratio) => match ratio.fraction() {
            Some(f) => format!(
                "{}/{} ({})",
                count(ratio.numerator),
                count(ratio.denominator),
                decimals.get(id).copied().unwrap_or_default().percent(f)
            ),
            None => format!("{}/{}", count(ratio.numerator), count(ratio.denominator)),
        },
        None => "-".into(),
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, (line, counts)) in cons.units.iter().zip(&per_unit).enumerate() {
        let mut row = vec![
            (i + 1).to_string(),
            unit_name(units, &line.unit).to_string(),
            match (line.figures.as_ref(), line.sent) {
                (Some(_), Some(d)) => format!("{}/{}", d.day(), d.month()),
                (Some(_), None) => "-".into(),
                (None, _) => match line.timeliness {
                    Timeliness::Missing => "Chưa gửi".into(),
                    t => timeliness_text(t),
                },
            },
        ];
        for item in &indicators {
            let r = line
                .figures
                .as_ref()
                .and_then(|f| f.get(item.id.as_deref().unwrap_or_default()));
            row.push(ratio_cell(r, item.id.as_deref().unwrap_or_default()));
        }
        for m in &measures {
            row.push(match counts {
                Some(c) => cell(c, *m),
                None => "-".into(),
            });
        }
        rows.push(row);
    }
    if !rows.is_empty() {
        let mut total = vec![String::new(), "**Tổng cộng**".into(), String::new()];
        for item in &indicators {
            total.push(format!(
                "**{}**",
                ratio_cell(
                    cons.totals.get(item.id.as_deref().unwrap_or_default()),
                    item.id.as_deref().unwrap_or_default()
                )
            ));
        }
        let sums = unit_counts(&cons.totals);
        for m in &measures {
            total.push(format!("**{}**", cell(&sums, *m)));
        }
        rows.push(total);
    }
    Table {
        note: String::new(),
        header,
        align,
        rows,
        empty: "Chưa có đơn vị nào trong danh sách đơn vị.".into(),
    }
}

fn late_table(units: &[Unit], cons: &Consolidation, issuer: &str) -> Table {
    let late: Vec<_> = cons
        .units
        .iter()
        .filter(|l| matches!(l.timeliness, Timeliness::Late { .. }))
        .collect();
    let missing = cons
        .units
        .iter()
        .filter(|l| l.timeliness == Timeliness::Missing)
        .count();
    let received = cons.received();
    let by = match cons.as_of {
        Some(d) => format!("Đến ngày {}, ", short_date(d)),
        None => String::new(),
    };
    let mut note = format!(
        "{by}{issuer} nhận được báo cáo của {received}/{} đơn vị",
        units.len()
    );
    if let Some(due) = cons.due {
        note.push_str(&format!(" (hạn gửi ngày {})", short_date(due)));
    }
    if received > 0 && cons.due.is_some() {
        note.push_str(&format!(
            ", trong đó {} đơn vị gửi đúng hạn, {} đơn vị gửi chậm",
            received - late.len(),
            late.len()
        ));
    }
    if missing > 0 {
        note.push_str(&format!("; {missing} đơn vị chưa gửi báo cáo"));
    }
    note.push('.');
    let rows: Vec<Vec<String>> = cons
        .units
        .iter()
        .filter(|l| matches!(l.timeliness, Timeliness::Late { .. } | Timeliness::Missing))
        .enumerate()
        .map(|(i, l)| {
            vec![
                (i + 1).to_string(),
                unit_name(units, &l.unit).to_string(),
                date_cell(cons.due),
                date_cell(l.sent),
                timeliness_text(l.timeliness),
            ]
        })
        .collect();
    Table {
        note,
        header: ["TT", "Đơn vị", "Hạn gửi", "Ngày gửi", "Tình trạng"]
            .map(String::from)
            .to_vec(),
        align: [":---:", ":---", ":---:", ":---:", ":---"]
            .map(String::from)
            .to_vec(),
        rows,
        empty: "Các đơn vị đều gửi báo cáo đúng hạn.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_vietnamese() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1250), "1.250");
        assert_eq!(count(1234567), "1.234.567");
        assert_eq!(percent(0.6), "60%");
        assert_eq!(percent(22.0 / 40.0), "55%");
        assert_eq!(percent(13.0 / 24.0), "54,2%");
    }

    #[test]
    fn a_column_of_rates_has_one_decimal_rule() {
        let mixed = Decimals::of([17.0 / 27.0, 11.0 / 21.0, 0.4]);
        assert_eq!(mixed.percent(17.0 / 27.0), "63,0%");
        assert_eq!(mixed.percent(11.0 / 21.0), "52,4%");
        assert_eq!(mixed.percent(0.4), "40,0%");
        let whole = Decimals::of([0.4, 0.5, 0.625 - 0.125]);
        assert_eq!(whole.percent(0.4), "40%");
        assert_eq!(Decimals::of([]).percent(0.6), "60%");
    }

    #[test]
    fn addressee_spaces_are_tidied() {
        assert_eq!(
            tidy_spaces("Sở Y tế (Phòng Nghiệp vụ Y )"),
            "Sở Y tế (Phòng Nghiệp vụ Y)"
        );
    }
}
