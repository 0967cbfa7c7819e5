//! Stage 2b for reports: the rules that need the plan and the units registry — a known unit,
//! plan, target and task; one report per unit and period; numerators within their
//! denominators; dates not before the period.

use crate::consolidate;
use crate::error::Diagnostic;
use crate::load::UNITS_FILE;
use crate::model::report::PERIOD_SPELLINGS;
use crate::model::{
    ConsolidatedReport, DocDate, Document, Period, Plan, Report, Section, TableKind, Unit,
};
use crate::project::{did_you_mean, normalise, Project};
use crate::span::{join, Source};

/// Checks a report: a unit's against its plan, the registry and the other reports; another
/// issuer's for what it needs of its own (place, a full signature) and, when it names a plan
/// of the repository, against that plan.
pub(crate) fn report(r: &Report, src: &Source<'_>, project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let err = |msg: String, key: &str| src.error(key, msg);
    out.extend(super::summary_given(&r.summary, src));
    let unit = match (&r.unit, &r.issuer) {
        (Some(id), None) => find_unit(id, src, project, &mut out),
        (Some(_), Some(_)) => {
            out.push(
                err("a report names its `unit` or its `issuer`, not both".into(), "issuer")
                    .hint("a registry unit's report takes its issuer, place and head from units.yaml: remove `issuer`; a report of another body: remove `unit`"),
            );
            None
        }
        (None, Some(_)) => None,
        (None, None) => {
            out.push(
                err("a report needs its `unit` or its `issuer`".into(), "kind").hint(
                    "a unit's report on a plan: `unit: <id in units.yaml>`; a report of any other body: `issuer: { name: SỞ Y TẾ, abbr: SYT }` with `place:` and a full `signature:`",
                ),
            );
            None
        }
    };
    if r.unit.is_none() {
        if r.place.as_deref().is_none_or(|p| p.trim().is_empty()) {
            let at = if r.issuer.is_some() { "issuer" } else { "kind" };
            out.push(
                err("`place` is missing".into(), at)
                    .hint("add `place: Bắc Giang`, the place name of the date line"),
            );
        }
        if r.signature
            .title
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
        {
            out.push(
                err("the signer's `title` is missing in `signature`".into(), "signature")
                    .hint("add `title: GIÁM ĐỐC` (the signer's own title; a deputy writes `authority: KT, head: GIÁM ĐỐC, title: PHÓ GIÁM ĐỐC`)"),
            );
        }
    } else {
        if r.plan.is_none() {
            out.push(
                err(
                    "a unit's report names the `plan` it reports on".into(),
                    "unit",
                )
                .hint(plan_list_hint(project)),
            );
        }
        if r.period.is_none() {
            out.push(
                err("a unit's report names its `period`".into(), "unit")
                    .hint(format!("add `period:` {PERIOD_SPELLINGS}")),
            );
        }
    }
    match (r.period, &r.campaign) {
        (Some(Period::Campaign), None) => out.push(
            err("`period: campaign` needs the campaign".into(), "period").hint(
                "add `campaign: { name: \"Tháng hành động …\", from: 2026-04-01, to: 2026-04-30 }`",
            ),
        ),
        (Some(p), Some(_)) if p != Period::Campaign => out.push(
            err(
                format!("`campaign` is given, but the period is `{}`", p.key()),
                "campaign",
            )
            .hint("write `period: campaign`, or remove `campaign`"),
        ),
        (_, Some(c)) if c.to < c.from => out.push(
            err(
                format!(
                    "the campaign ends on {} before it starts on {}",
                    c.to, c.from
                ),
                "campaign",
            )
            .hint("check `from` and `to`"),
        ),
        _ => {}
    }
    let plan = r
        .plan
        .as_deref()
        .and_then(|k| find_plan(k, r.year, src, project, &mut out));
    if r.number == Some(0) {
        out.push(
            err("the number must be 1 or more".into(), "number")
                .hint("numbers run from 01 each calendar year; remove `number` for a draft"),
        );
    }
    let abbr = match (unit, &r.issuer) {
        (Some(u), _) => u.abbr.clone(),
        (None, Some(i)) => i.abbr.clone(),
        _ => String::new(),
    };
    out.extend(super::lifecycle(
        r.status,
        r.number,
        r.date,
        r.date_fixed,
        r.year,
        &abbr,
        src,
    ));
    let start = match (r.period, &r.campaign) {
        (Some(Period::Campaign), Some(c)) => Some(c.from),
        (Some(p), _) => p.start(r.year),
        (None, _) => Period::Annual.start(r.year),
    };
    out.extend(period_dates(
        r.period.map_or("annual", Period::key),
        start,
        r.year,
        r.date.and_then(DocDate::day),
        r.sent,
        src,
    ));
    if let (Some(plan), Some(period)) = (plan, r.period) {
        check_deadline(plan, period, src, &mut out);
    }
    // A named plan that cannot be read is reported once, above: what depends on it is not
    // judged against a plan that is not there (the errors would be false).
    let plan_broken = r.plan.is_some() && plan.is_none();
    if let Some(plan) = plan {
        let none = Unit::default();
        check_figures(r, plan, unit.unwrap_or(&none), src, &mut out);
    } else if !r.figures.is_empty() && !plan_broken {
        out.push(
            err("`figures` are keyed by the targets and tasks of a plan, and this report names none".into(), "figures")
                .hint("name the plan (`plan: <path relative to the plans folder>`), or write the figures in the text"),
        );
    }
    // The signature of a unit that cannot be found is not judged: its head's title (what `KT`
    // signs for) is the unit's, and the unit's error is reported already.
    if r.unit.is_none() || unit.is_some() {
        out.extend(super::signature(
            &r.signature.resolve(unit.map_or("", |u| u.head.as_str())),
            src,
            "signature",
        ));
    }
    // Two reports of one unit for one plan and period.
    if let Some(id) = &r.unit {
        let me = project.key_of(src.file);
        let others: Vec<&crate::project::Entry> = project
            .reports()
            .into_iter()
            .filter(|(k, _, o)| {
                *k != me
                    && o.unit.as_deref() == Some(id)
                    && normalise(o.plan_key()) == normalise(r.plan_key())
                    && o.period == r.period
                    && o.year == r.year
            })
            .map(|(_, e, _)| e)
            .collect();
        if !others.is_empty() {
            let names: Vec<String> = others
                .iter()
                .map(|e| e.path.display().to_string())
                .collect();
            let mut d = err(
                format!(
                    "a second {} report of `{id}` for {}: {} reports the same",
                    r.period.map_or("", Period::key),
                    r.year,
                    names.join(", ")
                ),
                "unit",
            );
            // Each other report, at its `unit`: the two places to choose between.
            for other in others {
                d = Source::new(&other.path, &other.text).also(
                    d,
                    "unit",
                    format!("the other report of `{id}`"),
                );
            }
            out.push(d.hint(
                "a unit sends one report per period; delete one, or correct its `unit` or `period`",
            ));
        }
    }
    let allowed: &[TableKind] = if plan.is_some() || plan_broken {
        &[TableKind::Indicators, TableKind::Tasks]
    } else {
        &[]
    };
    out.extend(body(&r.sections, &r.appendices, allowed, src));
    let texts = super::body_texts(
        &[
            ("summary", Some(r.summary.as_str())),
            ("preamble", r.preamble.as_deref()),
            ("closing", r.closing.as_deref()),
        ],
        &[("bases", &r.bases)],
        &r.sections,
    );
    out.extend(super::appendix::check(&r.appendices, texts, src));
    if !r.figures.is_empty()
        && !has_table(&r.sections)
        && !r.appendices.iter().any(|a| has_table(&a.sections))
    {
        out.push(
            src.locate(
                Diagnostic::warning(src.file, "the figures are not shown in the report"),
                "figures",
            )
            .hint("add `table: indicators` or `table: tasks` to a section (usually II. Kết quả thực hiện)"),
        );
    }
    if r.recipients.is_empty() && r.archive.is_empty() && r.electronic.is_empty() {
        out.push(
            err(
                "the recipients list (Nơi nhận) is empty".into(),
                "recipients",
            )
            .hint("list the recipients, e.g. recipients: [\"Sở Y tế (b/c)\"], archive: [VT]"),
        );
    }
    out
}

/// "name the plan by its path relative to plans: 2018/x.yaml, …", or what to do when the
/// folder holds no plan.
fn plan_list_hint(project: &Project) -> String {
    let keys = project.plan_keys();
    if keys.is_empty() {
        format!(
            "there is no plan in {}: a unit's report answers a plan of this folder; a report on anything else names its `issuer` instead of `unit`, and cites what it answers in `answers:`",
            project.root.display()
        )
    } else {
        format!(
            "name the plan by its path relative to {}: {}",
            project.root.display(),
            keys.join(", ")
        )
    }
}

/// Checks a consolidated report against its plan, the registry and the unit reports it
/// consolidates (which must be free of errors).
pub(crate) fn consolidated(
    c: &ConsolidatedReport,
    src: &Source<'_>,
    project: &Project,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let err = |msg: String, key: &str| src.error(key, msg);
    out.extend(super::summary_given(&c.summary, src));
    if project.units().is_empty() {
        let d = registry_missing(project, src, "plan");
        // a report with no unit reports to sum is not a consolidation: it needs no registry
        let empty = project
            .registry
            .as_ref()
            .is_some_and(|r| r.registry.as_ref().is_some_and(|r| r.units.is_empty()));
        out.push(if empty || project.registry.is_none() {
            let first = d.hint.clone().unwrap_or_default();
            d.hint(format!(
                "{first}; a report that sums no unit reports is a report by its issuer: `kind: report` with `issuer` (README, \"A report by any issuer\")"
            ))
        } else {
            d
        });
    }
    let plan = find_plan(&c.plan, c.year, src, project, &mut out);
    if c.number == Some(0) {
        out.push(
            err("the number must be 1 or more".into(), "number")
                .hint("numbers run from 01 each calendar year; remove `number` for a draft"),
        );
    }
    out.extend(super::lifecycle(
        c.status,
        c.number,
        c.date,
        c.date_fixed,
        c.year,
        &c.issuer.abbr,
        src,
    ));
    out.extend(period_dates(
        c.period.key(),
        c.period.start(c.year),
        c.year,
        c.date.and_then(DocDate::day),
        None,
        src,
    ));
    // Without a deadline for the period the reports are consolidated as received; only the
    // list of late units needs one.
    if plan.is_some_and(|p| p.due(c.period.deliverable()).is_none()) {
        if let Some(at) = late_table_path(&c.sections, "sections") {
            out.push(
                src.locate(
                    Diagnostic::error(
                        src.file,
                        format!(
                            "`table: late` lists the units late with the {} report, and the plan sets no deadline for it",
                            c.period.key()
                        ),
                    ),
                    &at,
                )
                .hint(format!(
                    "add `{{ deliverable: {}, due: \"MM-DD\" }}` to the plan's `reporting.deadlines`, or use `table: units` (what each unit sent)",
                    c.period.deliverable().key()
                )),
            );
        }
    }
    out.extend(super::signature(&c.signature, src, "signature"));
    out.extend(body(
        &c.sections,
        &c.appendices,
        &[
            TableKind::Indicators,
            TableKind::Tasks,
            TableKind::Units,
            TableKind::Late,
        ],
        src,
    ));
    if c.recipients.is_empty() && c.archive.is_empty() && c.electronic.is_empty() {
        out.push(
            err(
                "the recipients list (Nơi nhận) is empty".into(),
                "recipients",
            )
            .hint("list the recipients, and the archive line as `archive: [VT, NVY]`"),
        );
    }
    // The unit reports consolidated must be valid: a wrong figure would spread into the total.
    let broken: Vec<String> = project
        .documents
        .values()
        .filter_map(|e| match &e.doc {
            Some(Document::Report(r))
                if r.unit.is_some()
                    && normalise(r.plan_key()) == normalise(&c.plan)
                    && r.period == Some(c.period)
                    && r.year == c.year =>
            {
                let errors = report(r, &Source::new(&e.path, &e.text), project);
                errors
                    .iter()
                    .any(Diagnostic::is_error)
                    .then(|| e.path.display().to_string())
            }
            _ => None,
        })
        .collect();
    if !broken.is_empty() {
        out.push(
            err(
                format!(
                    "cannot consolidate: the unit report(s) {} have errors",
                    broken.join(", ")
                ),
                "plan",
            )
            .hint("fix the unit reports (their errors are listed with them), then build again"),
        );
    }
    let texts = super::body_texts(
        &[
            ("summary", Some(c.summary.as_str())),
            ("preamble", c.preamble.as_deref()),
            ("closing", c.closing.as_deref()),
        ],
        &[("bases", &c.bases)],
        &c.sections,
    );
    out.extend(super::appendix::check(&c.appendices, texts, src));
    out
}

fn registry_missing(project: &Project, src: &Source<'_>, key: &str) -> Diagnostic {
    let (msg, hint) = match &project.registry {
        Some(reg) if reg.registry.as_ref().is_some_and(|r| r.units.is_empty()) => (
            format!("the units registry {} lists no units", reg.path.display()),
            "add the units of the sector under `units:` (each with id, name, abbr, head, place); a report that is not a registry unit's names its `issuer` instead of `unit`".to_string(),
        ),
        Some(reg) => (
            format!("the units registry {} has errors", reg.path.display()),
            "fix the errors listed for it".to_string(),
        ),
        None => (
            format!(
                "there is no units registry ({UNITS_FILE}) in {}",
                project.root.display()
            ),
            format!("create {UNITS_FILE} in the plans folder with a `units:` list (see README.md)"),
        ),
    };
    src.error(key, msg).hint(hint)
}

fn find_unit<'a>(
    id: &str,
    src: &Source<'_>,
    project: &'a Project,
    out: &mut Vec<Diagnostic>,
) -> Option<&'a Unit> {
    if project.units().is_empty() {
        out.push(registry_missing(project, src, "unit"));
        return None;
    }
    let unit = project.unit(id);
    if unit.is_none() {
        let hint = match did_you_mean(id, project.units().iter().map(|u| u.id.as_str())) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!(
                "use one of the ids in {UNITS_FILE}: {}",
                project
                    .units()
                    .iter()
                    .map(|u| u.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push(
            src.locate(
                Diagnostic::error(src.file, format!("unknown unit `{id}`")),
                "unit",
            )
            .hint(hint),
        );
    }
    unit
}

fn find_plan<'a>(
    key: &str,
    year: i32,
    src: &Source<'_>,
    project: &'a Project,
    out: &mut Vec<Diagnostic>,
) -> Option<&'a Plan> {
    let err = |msg: String, k: &str| src.error(k, msg);
    let Some(plan) = project.plan(key) else {
        let exists = project.documents.get(&normalise(key));
        out.push(match exists {
            Some(e) if e.doc.is_none() => err(format!("the plan `{key}` has errors"), "plan")
                .hint(format!("fix {} first", e.path.display())),
            Some(_) => err(format!("`{key}` is not a plan"), "plan")
                .hint("name a document of `kind: plan`"),
            None => err(format!("unknown plan `{key}`"), "plan").hint(
                match did_you_mean(key, project.plan_keys()) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => plan_list_hint(project),
                },
            ),
        });
        return None;
    };
    if plan.number.is_none() || plan.issued_on().is_none() {
        out.push(
            err(
                format!("the plan `{key}` is a draft (no number or date)"),
                "plan",
            )
            .hint(
                "a report cites the plan by number and date: give the plan its `number` and `date`",
            ),
        );
        return None;
    }
    if plan.year != year {
        out.push(
            err(
                format!("the year {year} is not the plan's year {}", plan.year),
                "year",
            )
            .hint(format!(
                "write `year: {}`, or name that year's plan",
                plan.year
            )),
        );
    }
    Some(plan)
}

/// The path of the first section showing `table: late` (`sections[1].sections[0]`), if any.
fn late_table_path(sections: &[Section], at: &str) -> Option<String> {
    sections.iter().enumerate().find_map(|(i, s)| {
        let here = format!("{at}[{i}]");
        if s.table == Some(TableKind::Late) {
            Some(format!("{here}.table"))
        } else {
            late_table_path(&s.sections, &format!("{here}.sections"))
        }
    })
}

/// A report for a period the plan sets no deadline for is still a report (asked for by a
/// letter, say): a warning, since the period may be a slip, and its timeliness is not
/// measured (`vanban status` lists only the plan's deliverables).
fn check_deadline(plan: &Plan, period: Period, src: &Source<'_>, out: &mut Vec<Diagnostic>) {
    if plan.due(period.deliverable()).is_none() {
        out.push(
            src.locate(
                Diagnostic::warning(
                    src.file,
                    format!(
                        "the plan sets no deadline for the {} report: nobody is late with it, and `vanban status` does not follow it",
                        period.key()
                    ),
                ),
                "period",
            )
            .hint(format!(
                "if the plan asks for it, add `{{ deliverable: {}, due: \"MM-DD\" }}` to its `reporting.deadlines`; else check `period`",
                period.deliverable().key()
            )),
        );
    }
}

/// A report dated or sent before the period it reports on began (`period` is its spelling,
/// `start` its first day).
fn period_dates(
    period: &str,
    start: Option<chrono::NaiveDate>,
    year: i32,
    date: Option<chrono::NaiveDate>,
    sent: Option<chrono::NaiveDate>,
    src: &Source<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(start) = start else {
        return out;
    };
    for (key, value) in [("date", date), ("sent", sent)] {
        if let Some(d) = value.filter(|d| *d < start) {
            out.push(
                src.locate(
                    Diagnostic::error(src.file,
                        format!(
                            "the report is {} {d}, before the period it reports on ({} {year}) began on {start}",
                            if key == "date" { "dated" } else { "sent" },
                            period
                        ),
                    ),
                    key,
                )
                .hint(format!("check `{key}` and `year`: a report on {year} is written in {year} or later")),
            );
        }
    }
    if let (Some(d), Some(s)) = (date, sent) {
        if s < d {
            out.push(
                src.locate(
                    Diagnostic::error(src.file, format!("sent on {s}, before its own date {d}")),
                    "sent",
                )
                .hint("a report is sent on or after the day it is signed; check `sent` and `date`"),
            );
        }
    }
    out
}

fn check_figures(
    r: &Report,
    plan: &Plan,
    unit: &Unit,
    src: &Source<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let ids: Vec<&str> = plan
        .items_with_ids()
        .into_iter()
        .filter_map(|i| i.id.as_deref())
        .collect();
    for (id, fig) in &r.figures {
        let path = join("figures", id);
        let at = |d: Diagnostic| src.locate(d, &path);
        let Some(item) = plan.item(id) else {
            let hint = match did_you_mean(id, ids.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("the plan's ids are: {}", ids.join(", ")),
            };
            out.push(
                at(Diagnostic::error(
                    src.file,
                    format!("the plan `{}` has no target or task `{id}`", r.plan_key()),
                ))
                .hint(hint),
            );
            continue;
        };
        let ratio_given = fig.numerator.is_some() || fig.denominator.is_some();
        match &item.indicator {
            None if ratio_given => out.push(
                at(Diagnostic::error(src.file,
                    format!("`{id}` is a task without an indicator: it takes counts, not a numerator and denominator"),
                ))
                .hint("give sessions, people, inspections or violations; numerator/denominator are for targets with an `indicator` in the plan"),
            ),
            None => {}
            Some(ind) => {
                let den = consolidate::denominator(fig, Some(ind), unit);
                match (fig.numerator, den) {
                    (None, Some(_)) if fig.denominator.is_some() => out.push(
                        at(Diagnostic::error(src.file, format!("`{id}` has a denominator but no numerator")))
                            .hint(format!("add `numerator:` (how many {} achieved it)", ind.unit)),
                    ),
                    (Some(_), None) => out.push(
                        at(Diagnostic::error(src.file, format!("`{id}` has a numerator but no denominator")))
                            .hint(format!(
                                "add `denominator:` (how many {} in all){}",
                                ind.unit,
                                if consolidate::counts_communes(ind) {
                                    format!(", or `communes:` to the unit `{}` in {UNITS_FILE}", unit.id)
                                } else {
                                    String::new()
                                }
                            )),
                    ),
                    (Some(n), Some(d)) if n > d => out.push(
                        at(Diagnostic::error(src.file,
                            format!("`{id}`: the numerator {n} is larger than the denominator {d}"),
                        ))
                        .hint(if fig.denominator.is_some() {
                            "the numerator counts part of the denominator; check both".to_string()
                        } else {
                            format!("the denominator {d} is the unit's `communes` in {UNITS_FILE}; check both")
                        }),
                    ),
                    _ => {}
                }
            }
        }
        if *fig == crate::model::Figure::default() {
            out.push(
                at(Diagnostic::warning(
                    src.file,
                    format!("`{id}` has no figures"),
                ))
                .hint("give its counts, or remove it"),
            );
        }
    }
}

fn body(
    sections: &[Section],
    appendices: &[crate::model::Appendix],
    allowed: &[TableKind],
    src: &Source<'_>,
) -> Vec<Diagnostic> {
    let mut out = super::sections(sections, src);
    let mut found = Vec::new();
    tables(sections, "sections", &mut found);
    for (i, a) in appendices.iter().enumerate() {
        tables(
            &a.sections,
            &format!("appendices[{i}].sections"),
            &mut found,
        );
    }
    for (t, at) in found {
        if !allowed.contains(&t) {
            out.push(
                src.locate(
                    Diagnostic::error(
                        src.file,
                        format!("`table: {}` is only for consolidated reports", t.key()),
                    ),
                    &at,
                )
                .hint(format!(
                    "a unit's report shows `table: {}`",
                    allowed
                        .iter()
                        .map(|t| t.key())
                        .collect::<Vec<_>>()
                        .join("` or `table: ")
                )),
            );
        }
    }
    out
}

/// The tables of `sections` (written at `path`), with the path of each `table:`.
fn tables(sections: &[Section], path: &str, out: &mut Vec<(TableKind, String)>) {
    for (i, s) in sections.iter().enumerate() {
        let here = crate::span::index(path, i);
        if let Some(t) = s.table {
            out.push((t, join(&here, "table")));
        }
        tables(&s.sections, &join(&here, "sections"), out);
    }
}

fn has_table(sections: &[Section]) -> bool {
    super::first_table(sections, "sections").is_some()
}
