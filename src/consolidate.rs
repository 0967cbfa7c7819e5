//! Consolidation — pure arithmetic over the unit reports of one plan and period: deadlines and
//! days late, totals per target or task, rates from summed numerators and denominators (never
//! averaged percentages), progress against the plan's targets.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Figure, Indicator, Measure, Period, Plan, Report, Unit};
use crate::project::{normalise, Project};

/// How a deliverable stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Timeliness {
    /// Sent on or before the due date.
    OnTime,
    /// Sent after the due date.
    Late {
        /// Days after the due date: sent the day after is 1 day late.
        days_late: i64,
    },
    /// Not sent, and the due date has passed.
    Missing,
    /// Not sent, and the due date has not passed (the due day itself still counts as in time).
    NotYetDue,
}

/// Where a deliverable stands: `sent` is when it was sent (if it was), `as_of` the day asked
/// about. Something sent after `as_of` was not sent yet on that day. Without `as_of`, every
/// due date has passed.
pub fn timeliness(due: NaiveDate, sent: Option<NaiveDate>, as_of: Option<NaiveDate>) -> Timeliness {
    let sent = sent.filter(|s| as_of.is_none_or(|a| *s <= a));
    match sent {
        Some(s) if s <= due => Timeliness::OnTime,
        Some(s) => Timeliness::Late {
            days_late: (s - due).num_days(),
        },
        None if as_of.is_none_or(|a| a > due) => Timeliness::Missing,
        None => Timeliness::NotYetDue,
    }
}

/// A count out of a total: communes maintaining regular communication out of the communes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Ratio {
    /// How many achieved it.
    pub numerator: u64,
    /// Out of how many.
    pub denominator: u64,
}

impl Ratio {
    /// The rate as a fraction (0.55), or `None` for an empty total.
    pub fn fraction(&self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }

    /// The sum of two ratios: numerators and denominators added separately.
    pub fn plus(self, other: Ratio) -> Ratio {
        Ratio {
            numerator: self.numerator.saturating_add(other.numerator),
            denominator: self.denominator.saturating_add(other.denominator),
        }
    }
}

/// A unit's figures for one target or task, with the denominator resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Resolved {
    /// For an indicator: achieved out of total.
    pub ratio: Option<Ratio>,
    /// Counts by measure.
    pub counts: BTreeMap<Measure, u64>,
}

impl Resolved {
    /// Adds another unit's figures to these.
    pub fn add(&mut self, other: &Resolved) {
        self.ratio = match (self.ratio, other.ratio) {
            (Some(a), Some(b)) => Some(a.plus(b)),
            (a, b) => a.or(b),
        };
        for (m, n) in &other.counts {
            let c = self.counts.entry(*m).or_insert(0);
            *c = c.saturating_add(*n);
        }
    }
}

/// True when an indicator is counted in communes (`unit: xã`), so the registry's number of
/// communes is its default denominator.
pub fn counts_communes(indicator: &Indicator) -> bool {
    matches!(
        indicator.unit.trim().to_lowercase().as_str(),
        "xã" | "xã, phường, thị trấn"
    )
}

/// The denominator of a figure: as given, else the unit's communes for an indicator counted
/// in communes.
pub fn denominator(figure: &Figure, indicator: Option<&Indicator>, unit: &Unit) -> Option<u64> {
    figure
        .denominator
        .or_else(|| indicator.filter(|i| counts_communes(i)).and(unit.communes))
}

/// A figure with its denominator resolved (see [`denominator`]). A numerator without a
/// denominator gives no ratio (validation reports it).
pub fn resolve(figure: &Figure, indicator: Option<&Indicator>, unit: &Unit) -> Resolved {
    let ratio = match (figure.numerator, denominator(figure, indicator, unit)) {
        (Some(numerator), Some(denominator)) => Some(Ratio {
            numerator,
            denominator,
        }),
        _ => None,
    };
    Resolved {
        ratio,
        counts: figure.counts(),
    }
}

/// Sums the figures of several units per id. Rates come from the summed numerators and
/// denominators.
pub fn totals<'a>(
    reports: impl IntoIterator<Item = &'a BTreeMap<String, Resolved>>,
) -> BTreeMap<String, Resolved> {
    let mut out: BTreeMap<String, Resolved> = BTreeMap::new();
    for figures in reports {
        for (id, r) in figures {
            out.entry(id.clone()).or_default().add(r);
        }
    }
    out
}

/// A unit's counts per measure over every target and task.
pub fn unit_counts(figures: &BTreeMap<String, Resolved>) -> BTreeMap<Measure, u64> {
    let mut all = Resolved::default();
    for r in figures.values() {
        all.add(&Resolved {
            ratio: None,
            counts: r.counts.clone(),
        });
    }
    all.counts
}

/// How far a rate got towards a target: from `baseline` (50%) to `target` (60%).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// The rate achieved, as a fraction.
    pub achieved: f64,
    /// The target reached (to within rounding to 0.1%).
    pub met: bool,
    /// Share of the planned increase achieved: (achieved − baseline) / (target − baseline);
    /// `None` without a baseline or when the target is not above it.
    pub share_of_increase: Option<f64>,
}

/// Progress of `achieved` against an indicator's baseline and target.
pub fn progress(achieved: f64, indicator: &Indicator) -> Progress {
    let share_of_increase = indicator
        .baseline
        .filter(|b| indicator.target > *b)
        .map(|b| (achieved - b) / (indicator.target - b));
    Progress {
        achieved,
        met: achieved + 0.0005 >= indicator.target,
        share_of_increase,
    }
}

/// One unit's line in a consolidation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitLine {
    /// The unit's id.
    pub unit: String,
    /// When its report was sent (counted only when sent by the as-of day).
    pub sent: Option<NaiveDate>,
    /// On time, late, missing or not yet due.
    pub timeliness: Timeliness,
    /// Its figures, when its report is counted.
    pub figures: Option<BTreeMap<String, Resolved>>,
}

/// A unit's report, reduced to what consolidation needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// When it was sent (`None`: a draft, not sent).
    pub sent: Option<NaiveDate>,
    /// Its resolved figures by id.
    pub figures: BTreeMap<String, Resolved>,
}

/// The consolidation of one plan and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consolidation {
    /// Due date of the reports; `None` when the plan sets none for the period (the reports
    /// are then counted when sent by the consolidation day, and none is late).
    pub due: Option<NaiveDate>,
    /// The day of the consolidation: reports sent later are not counted.
    pub as_of: Option<NaiveDate>,
    /// One line per unit of the registry, in registry order.
    pub units: Vec<UnitLine>,
    /// Totals per id over the counted reports.
    pub totals: BTreeMap<String, Resolved>,
}

impl Consolidation {
    /// Units whose report is counted.
    pub fn received(&self) -> usize {
        self.units.iter().filter(|u| u.figures.is_some()).count()
    }
}

/// Consolidates the reports of `units` (`submissions` by unit id) due on `due`, as of `as_of`.
pub fn consolidate(
    units: &[Unit],
    submissions: &BTreeMap<String, Submission>,
    due: NaiveDate,
    as_of: Option<NaiveDate>,
) -> Consolidation {
    consolidate_by(units, submissions, Some(due), as_of)
}

/// Consolidates the reports of `units` as `consolidate` does; without a due date (`None`,
/// the plan sets none for the period) every report sent by `as_of` is counted and none is
/// late, and a unit that sent none is missing.
pub fn consolidate_by(
    units: &[Unit],
    submissions: &BTreeMap<String, Submission>,
    due: Option<NaiveDate>,
    as_of: Option<NaiveDate>,
) -> Consolidation {
    let lines: Vec<UnitLine> = units
        .iter()
        .map(|u| {
            let sub = submissions.get(&u.id);
            let sent = sub.and_then(|s| s.sent);
            let timeliness = match due {
                Some(due) => timeliness(due, sent, as_of),
                None => match sent.filter(|s| as_of.is_none_or(|a| *s <= a)) {
                    Some(_) => Timeliness::OnTime,
                    None => Timeliness::Missing,
                },
            };
            let counted = matches!(timeliness, Timeliness::OnTime | Timeliness::Late { .. });
            UnitLine {
                unit: u.id.clone(),
                sent: sent.filter(|_| counted),
                timeliness,
                figures: sub.filter(|_| counted).map(|s| s.figures.clone()),
            }
        })
        .collect();
    let totals = totals(lines.iter().filter_map(|l| l.figures.as_ref()));
    Consolidation {
        due,
        as_of,
        units: lines,
        totals,
    }
}

/// A unit report's figures, resolved against its plan and unit.
pub fn report_figures(report: &Report, plan: &Plan, unit: &Unit) -> BTreeMap<String, Resolved> {
    report
        .figures
        .iter()
        .map(|(id, f)| {
            let indicator = plan.item(id).and_then(|i| i.indicator.as_ref());
            (id.clone(), resolve(f, indicator, unit))
        })
        .collect()
}

/// The unit reports of the project on `plan_key` for `period` of `year`, by unit id (reports
/// naming an unknown unit are left out; validation reports them).
pub fn submissions(
    project: &Project,
    plan_key: &str,
    period: Period,
    year: i32,
) -> BTreeMap<String, Submission> {
    let Some(plan) = project.plan(plan_key) else {
        return BTreeMap::new();
    };
    project
        .reports()
        .into_iter()
        .filter(|(_, _, r)| {
            r.unit.is_some()
                && normalise(r.plan_key()) == normalise(plan_key)
                && r.period == Some(period)
                && r.year == year
        })
        .filter_map(|(_, _, r)| {
            let unit = project.unit(r.unit.as_deref()?)?;
            Some((
                unit.id.clone(),
                Submission {
                    sent: r.sent_on(),
                    figures: report_figures(r, plan, unit),
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2018, m, day).unwrap()
    }

    fn unit(id: &str, communes: Option<u64>) -> Unit {
        Unit {
            id: id.into(),
            name: id.into(),
            abbr: "TTYT".into(),
            parent: None,
            head: "GIÁM ĐỐC".into(),
            place: "X".into(),
            communes,
        }
    }

    fn xa() -> Indicator {
        Indicator {
            unit: "xã".into(),
            baseline: Some(0.5),
            target: 0.6,
        }
    }

    #[test]
    fn due_day_is_on_time_and_the_day_after_is_one_day_late() {
        let due = d(5, 15);
        assert_eq!(timeliness(due, Some(d(5, 15)), None), Timeliness::OnTime);
        assert_eq!(timeliness(due, Some(d(5, 14)), None), Timeliness::OnTime);
        assert_eq!(
            timeliness(due, Some(d(5, 16)), None),
            Timeliness::Late { days_late: 1 }
        );
        assert_eq!(
            timeliness(due, Some(d(6, 1)), None),
            Timeliness::Late { days_late: 17 }
        );
    }

    #[test]
    fn missing_and_not_yet_due_depend_on_the_day_asked() {
        let due = d(5, 15);
        assert_eq!(timeliness(due, None, Some(d(5, 15))), Timeliness::NotYetDue);
        assert_eq!(timeliness(due, None, Some(d(5, 16))), Timeliness::Missing);
        assert_eq!(timeliness(due, None, None), Timeliness::Missing);
        // Sent later than the day asked about: not sent yet on that day.
        assert_eq!(
            timeliness(due, Some(d(5, 20)), Some(d(5, 18))),
            Timeliness::Missing
        );
        assert_eq!(
            timeliness(due, Some(d(5, 20)), Some(d(5, 20))),
            Timeliness::Late { days_late: 5 }
        );
    }

    #[test]
    fn rates_come_from_summed_counts_not_averaged_percentages() {
        // A small district at 100% and a large one at 40%.
        let a = Ratio {
            numerator: 10,
            denominator: 10,
        };
        let b = Ratio {
            numerator: 12,
            denominator: 30,
        };
        let sum = a.plus(b);
        assert_eq!(
            sum,
            Ratio {
                numerator: 22,
                denominator: 40
            }
        );
        assert_eq!(sum.fraction(), Some(0.55));
        let averaged = (a.fraction().unwrap() + b.fraction().unwrap()) / 2.0;
        assert!((averaged - 0.70).abs() < 1e-12);
        // Averaging says the 60% target is met; the communes say it is not.
        assert!(progress(averaged, &xa()).met);
        assert!(!progress(sum.fraction().unwrap(), &xa()).met);
    }

    #[test]
    fn progress_against_the_target() {
        let p = progress(0.55, &xa());
        assert!(!p.met);
        assert!((p.share_of_increase.unwrap() - 0.5).abs() < 1e-9);
        assert!(progress(0.60, &xa()).met);
        let no_baseline = Indicator {
            baseline: None,
            ..xa()
        };
        assert_eq!(progress(0.7, &no_baseline).share_of_increase, None);
    }

    #[test]
    fn denominator_defaults_to_the_units_communes() {
        let u = unit("a", Some(27));
        let f = Figure {
            numerator: Some(15),
            ..Figure::default()
        };
        assert_eq!(denominator(&f, Some(&xa()), &u), Some(27));
        let given = Figure {
            denominator: Some(26),
            ..f.clone()
        };
        assert_eq!(denominator(&given, Some(&xa()), &u), Some(26));
        let people = Indicator {
            unit: "người".into(),
            ..xa()
        };
        assert_eq!(denominator(&f, Some(&people), &u), None);
        assert_eq!(denominator(&f, Some(&xa()), &unit("b", None)), None);
    }

    #[test]
    fn without_a_deadline_every_report_sent_by_the_day_counts_and_none_is_late() {
        let units = [unit("a", Some(10)), unit("b", Some(30)), unit("c", Some(5))];
        let sub = |m, day| Submission {
            sent: Some(d(m, day)),
            figures: BTreeMap::new(),
        };
        let subs = BTreeMap::from([("a".to_string(), sub(5, 2)), ("b".to_string(), sub(7, 30))]);
        let c = consolidate_by(&units, &subs, None, Some(d(7, 20)));
        assert_eq!(c.due, None);
        assert_eq!(c.units[0].timeliness, Timeliness::OnTime);
        // sent after the consolidation day: not counted yet
        assert_eq!(c.units[1].timeliness, Timeliness::Missing);
        assert_eq!(c.units[2].timeliness, Timeliness::Missing);
        assert_eq!(c.received(), 1);
        let c = consolidate_by(&units, &subs, None, Some(d(8, 1)));
        assert_eq!(c.received(), 2);
        assert!(c
            .units
            .iter()
            .all(|l| !matches!(l.timeliness, Timeliness::Late { .. })));
    }

    #[test]
    fn consolidation_counts_only_reports_sent_by_the_day() {
        let units = [unit("a", Some(10)), unit("b", Some(30)), unit("c", Some(5))];
        let fig = |n, sessions| {
            let f = Figure {
                numerator: Some(n),
                sessions: Some(sessions),
                ..Figure::default()
            };
            BTreeMap::from([("xa".to_string(), resolve(&f, Some(&xa()), &units[0]))])
        };
        let mut subs = BTreeMap::new();
        subs.insert(
            "a".to_string(),
            Submission {
                sent: Some(d(5, 15)),
                figures: fig(10, 2),
            },
        );
        subs.insert(
            "b".to_string(),
            Submission {
                sent: Some(d(5, 18)),
                figures: fig(3, 5),
            },
        );
        let c = consolidate(&units, &subs, d(5, 15), Some(d(5, 25)));
        assert_eq!(c.received(), 2);
        assert_eq!(c.units[0].timeliness, Timeliness::OnTime);
        assert_eq!(c.units[1].timeliness, Timeliness::Late { days_late: 3 });
        assert_eq!(c.units[2].timeliness, Timeliness::Missing);
        let xa_total = &c.totals["xa"];
        // Both resolved against unit a's 10 communes in this helper: 13 of 20.
        assert_eq!(
            xa_total.ratio,
            Some(Ratio {
                numerator: 13,
                denominator: 20
            })
        );
        assert_eq!(xa_total.counts[&Measure::Sessions], 7);
        // As of 17 May, b had not sent yet: it is missing and not counted.
        let c = consolidate(&units, &subs, d(5, 15), Some(d(5, 17)));
        assert_eq!(c.received(), 1);
        assert_eq!(c.units[1].timeliness, Timeliness::Missing);
        assert_eq!(c.totals["xa"].counts[&Measure::Sessions], 2);
    }
}
