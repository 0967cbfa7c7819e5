//! `vanban status`: for every plan with reporting deadlines, each unit of the registry and
//! each deliverable (unit plan, six-month report, annual report) → on time, late (days),
//! missing, not yet due, as of a given day. Pure: the caller gives the day.

use chrono::NaiveDate;
use serde::Serialize;

use crate::consolidate::{timeliness, Timeliness};
use crate::dates::short_date;
use crate::model::{Deliverable, Period};
use crate::project::{normalise, Project};
use crate::view::{number, symbol};

/// The status of every plan of a project.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Status {
    /// The day asked about (ISO).
    pub as_of: NaiveDate,
    /// One entry per plan with reporting deadlines, sorted by path.
    pub plans: Vec<PlanStatus>,
}

/// The status of one plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanStatus {
    /// The plan's path relative to the plans folder.
    pub plan: String,
    /// "Kế hoạch số 25/KH-SYT" (or "Kế hoạch (dự thảo)").
    pub title: String,
    /// The deliverables and their due dates, in the plan's order.
    pub deliverables: Vec<Due>,
    /// One row per unit, in registry order.
    pub units: Vec<UnitStatus>,
}

/// A deliverable and its due date.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Due {
    /// `unit-plan`, `six-month-report`, `annual-report`.
    pub deliverable: &'static str,
    /// The due date.
    pub due: NaiveDate,
}

/// One unit's row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitStatus {
    /// The unit's id.
    pub unit: String,
    /// Its name.
    pub name: String,
    /// One cell per deliverable, in the order of [`PlanStatus::deliverables`].
    pub deliverables: Vec<Cell>,
}

/// Where one deliverable of one unit stands.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cell {
    /// `unit-plan`, `six-month-report`, `annual-report`.
    pub deliverable: &'static str,
    /// `on-time`, `late`, `missing` or `not-yet-due`.
    pub status: &'static str,
    /// Days late, for `late`.
    pub days_late: Option<i64>,
    /// When it was sent (only when sent by the as-of day).
    pub sent: Option<NaiveDate>,
    /// The report's path relative to the plans folder, or `units.yaml` for a unit plan.
    pub source: Option<String>,
}

/// Computes the status of every plan of `project` as of `as_of`.
pub fn status(project: &Project, as_of: NaiveDate) -> Status {
    let mut plans = Vec::new();
    for key in project.plan_keys() {
        let Some(plan) = project.plan(key) else {
            continue;
        };
        let dues: Vec<(Deliverable, Due)> = plan
            .reporting
            .iter()
            .flat_map(|r| &r.deadlines)
            .filter_map(|d| {
                let due = plan.due(d.deliverable)?;
                Some((
                    d.deliverable,
                    Due {
                        deliverable: d.deliverable.key(),
                        due,
                    },
                ))
            })
            .collect();
        if dues.is_empty() {
            continue;
        }
        let units = project
            .units()
            .iter()
            .map(|u| UnitStatus {
                unit: u.id.clone(),
                name: u.name.trim().to_string(),
                deliverables: dues
                    .iter()
                    .map(|(kind, due)| {
                        let (sent, source) = submission(project, key, plan.year, &u.id, *kind);
                        cell(due, sent, source, as_of)
                    })
                    .collect(),
            })
            .collect();
        let title = match plan.number {
            Some(n) => format!(
                "Kế hoạch số {}/{}",
                number(n),
                symbol(Some("KH"), &plan.issuer.abbr)
            ),
            None => "Kế hoạch (dự thảo)".to_string(),
        };
        plans.push(PlanStatus {
            plan: key.to_string(),
            title,
            deliverables: dues.into_iter().map(|(_, d)| d).collect(),
            units,
        });
    }
    Status { as_of, plans }
}

/// When `unit` sent `kind` for the plan `key` (the earliest, if it sent twice), and from where.
fn submission(
    project: &Project,
    key: &str,
    year: i32,
    unit: &str,
    kind: Deliverable,
) -> (Option<NaiveDate>, Option<String>) {
    if kind == Deliverable::UnitPlan {
        let sent = project
            .registry
            .as_ref()
            .and_then(|r| r.registry.as_ref())
            .and_then(|r| {
                r.unit_plans
                    .iter()
                    .find(|(k, _)| normalise(k) == key)
                    .and_then(|(_, m)| m.get(unit).copied())
            });
        return (sent, sent.map(|_| crate::load::UNITS_FILE.to_string()));
    }
    project
        .reports()
        .into_iter()
        .filter(|(_, _, r)| {
            r.unit.as_deref() == Some(unit)
                && normalise(r.plan_key()) == key
                && r.year == year
                && r.period.map(Period::deliverable) == Some(kind)
        })
        .filter_map(|(k, _, r)| Some((r.sent_on()?, k.to_string())))
        .min()
        .map_or((None, None), |(d, k)| (Some(d), Some(k)))
}

fn cell(due: &Due, sent: Option<NaiveDate>, source: Option<String>, as_of: NaiveDate) -> Cell {
    let t = timeliness(due.due, sent, Some(as_of));
    let counted = matches!(t, Timeliness::OnTime | Timeliness::Late { .. });
    let (status, days_late) = match t {
        Timeliness::OnTime => ("on-time", None),
        Timeliness::Late { days_late } => ("late", Some(days_late)),
        Timeliness::Missing => ("missing", None),
        Timeliness::NotYetDue => ("not-yet-due", None),
    };
    Cell {
        deliverable: due.deliverable,
        status,
        days_late,
        sent: sent.filter(|_| counted),
        source: source.filter(|_| counted),
    }
}

/// The status as a readable table, one per plan.
pub(crate) fn to_text(s: &Status) -> String {
    let mut out = String::new();
    if s.plans.is_empty() {
        out.push_str(&format!(
            "as of {}: no plan with reporting deadlines\n",
            s.as_of
        ));
    }
    for p in &s.plans {
        out.push_str(&format!("{} ({}), as of {}\n", p.title, p.plan, s.as_of));
        let mut header = vec!["unit".to_string(), "name".to_string()];
        header.extend(p.deliverables.iter().map(|d| {
            let what = match d.deliverable {
                "unit-plan" => "unit plan",
                "six-month-report" => "six-month",
                "annual-report" => "annual",
                // month-6-report → month-6, quarter-2-report → quarter-2, campaign-report → campaign
                other => other.strip_suffix("-report").unwrap_or(other),
            };
            format!("{what} (due {})", short_date(d.due))
        }));
        let mut rows = vec![header];
        let mut tally = [0usize; 4];
        for u in &p.units {
            let mut row = vec![u.unit.clone(), u.name.clone()];
            for c in &u.deliverables {
                let (i, text) = match (c.status, c.days_late) {
                    ("on-time", _) => (0, "on time".to_string()),
                    ("late", Some(1)) => (1, "late (1 day)".to_string()),
                    ("late", Some(n)) => (1, format!("late ({n} days)")),
                    ("missing", _) => (2, "missing".to_string()),
                    _ => (3, "not yet due".to_string()),
                };
                if let Some(slot) = tally.get_mut(i) {
                    *slot += 1;
                }
                row.push(text);
            }
            rows.push(row);
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.get(c))
                    .map(|t| t.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in &rows {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(t, w)| format!("{t}{}", " ".repeat(w.saturating_sub(t.chars().count()))))
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        let [on_time, late, missing, not_yet] = tally;
        out.push_str(&format!(
            "{on_time} on time, {late} late, {missing} missing, {not_yet} not yet due\n\n"
        ));
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// The version of the JSON and CSV shapes of `vanban status`: raised when a field changes
/// meaning or goes away (adding a field does not raise it).
pub(crate) const FORMAT_VERSION: u32 = crate::json::VERSION;

/// The status as pretty-printed JSON: the object of [`crate::json::Envelope`] with `as_of`
/// and `plans`.
pub(crate) fn to_json(s: &Status, ok: bool, diagnostics: &[crate::error::Diagnostic]) -> String {
    crate::json::Envelope::new("status", ok, diagnostics, Some(s)).to_text()
}

/// The columns of [`to_csv`].
pub(crate) const CSV_COLUMNS: [&str; 12] = [
    "version",
    "as_of",
    "plan",
    "plan_title",
    "unit",
    "unit_name",
    "deliverable",
    "due",
    "status",
    "days_late",
    "sent",
    "source",
];

/// The status as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote
/// or a line break), one row per plan × unit × deliverable, with the same values as the JSON.
/// Starts with a UTF-8 byte order mark so that spreadsheet programs read the Vietnamese
/// names as UTF-8.
pub(crate) fn to_csv(s: &Status) -> String {
    let mut out = String::from("\u{feff}");
    let mut row = |cells: &[&str]| {
        let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    };
    row(&CSV_COLUMNS);
    let version = FORMAT_VERSION.to_string();
    let as_of = s.as_of.to_string();
    for p in &s.plans {
        for u in &p.units {
            for (c, d) in u.deliverables.iter().zip(&p.deliverables) {
                let days = c.days_late.map(|n| n.to_string()).unwrap_or_default();
                let sent = c.sent.map(|d| d.to_string()).unwrap_or_default();
                row(&[
                    &version,
                    &as_of,
                    &p.plan,
                    &p.title,
                    &u.unit,
                    &u.name,
                    c.deliverable,
                    &d.due.to_string(),
                    c.status,
                    &days,
                    &sent,
                    c.source.as_deref().unwrap_or(""),
                ]);
            }
        }
    }
    out
}

/// One CSV field, quoted when it must be.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The consolidated figures of one plan's indicators as of a day, for the status page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PlanIndicators {
    /// The plan's key.
    pub plan: String,
    /// One entry per report period the plan has a deadline for, in the plan's order.
    pub periods: Vec<PeriodIndicators>,
}

/// The indicators as the reports of one period give them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PeriodIndicators {
    /// `six-month` or `annual`.
    pub period: &'static str,
    /// Reports counted (sent by the as-of day).
    pub received: usize,
    /// Units of the registry.
    pub units: usize,
    /// One per target with an indicator, in reading order.
    pub indicators: Vec<IndicatorRate>,
}

/// One indicator's rate against its baseline and target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct IndicatorRate {
    /// The target's id.
    pub id: String,
    /// Its name in tables.
    pub name: String,
    /// What is counted ("xã").
    pub unit: String,
    /// Baseline, as a fraction.
    pub baseline: Option<f64>,
    /// Target, as a fraction.
    pub target: f64,
    /// Summed numerator and denominator of the counted reports (`None`: no figures yet).
    pub ratio: Option<crate::consolidate::Ratio>,
    /// The rate, numerator over denominator.
    pub achieved: Option<f64>,
    /// The target is met.
    pub met: bool,
}

/// The consolidated rate of every indicator of every plan of `status`, as of its day: the
/// reports of each period sent by then, numerators and denominators summed.
pub(crate) fn indicators(project: &Project, status: &Status) -> Vec<PlanIndicators> {
    use crate::consolidate::{consolidate, progress, submissions};
    let mut out = Vec::new();
    for p in &status.plans {
        let Some(plan) = project.plan(&p.plan) else {
            continue;
        };
        let targets: Vec<_> = plan
            .items_with_ids()
            .into_iter()
            .filter_map(|i| Some((i, i.indicator.as_ref()?)))
            .collect();
        if targets.is_empty() {
            continue;
        }
        let mut periods = Vec::new();
        let report_periods =
            plan.reporting
                .iter()
                .flat_map(|r| &r.deadlines)
                .filter_map(|d| match d.deliverable {
                    crate::model::Deliverable::Report(p) => Some(p),
                    crate::model::Deliverable::UnitPlan => None,
                });
        for period in report_periods {
            let Some(due) = plan.due(period.deliverable()) else {
                continue;
            };
            let subs = submissions(project, &p.plan, period, plan.year);
            let c = consolidate(project.units(), &subs, due, Some(status.as_of));
            let indicators = targets
                .iter()
                .map(|(item, ind)| {
                    let ratio = c
                        .totals
                        .get(item.id.as_deref().unwrap_or_default())
                        .and_then(|r| r.ratio)
                        .filter(|r| r.denominator > 0);
                    let achieved = ratio.and_then(|r| r.fraction());
                    IndicatorRate {
                        id: item.id.clone().unwrap_or_default(),
                        name: crate::view::report::item_name(item),
                        unit: ind.unit.trim().to_string(),
                        baseline: ind.baseline,
                        target: ind.target,
                        ratio,
                        achieved,
                        met: achieved.is_some_and(|a| progress(a, ind).met),
                    }
                })
                .collect();
            periods.push(PeriodIndicators {
                period: period.key(),
                received: c.received(),
                units: c.units.len(),
                indicators,
            });
        }
        out.push(PlanIndicators {
            plan: p.plan.clone(),
            periods,
        });
    }
    out
}
