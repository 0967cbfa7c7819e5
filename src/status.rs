//! `vanban status`: for every plan with reporting deadlines, each unit of the registry and
//! each deliverable (unit plan, six-month report, annual report) → on time, late (days),
//! missing, not yet due, as of a given day. Pure: the caller gives the day.

use chrono::NaiveDate;
use serde::Serialize;

use crate::consolidate::{timeliness, Timeliness};
use crate::model::{Deliverable, Period};
use crate::project::{normalise, Project};
use crate::view::{deliverable_key, number, short_date, symbol};

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
                        deliverable: deliverable_key(d.deliverable),
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
pub fn to_text(s: &Status) -> String {
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
                other => other,
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

/// The status as pretty-printed JSON.
pub fn to_json(s: &Status) -> String {
    let mut out = serde_json::to_string_pretty(s)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the status: {e}\"}}"));
    out.push('\n');
    out
}
