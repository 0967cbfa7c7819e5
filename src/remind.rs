//! `vanban remind PLAN --as-of DAY`: the reminder letter (công văn đôn đốc) to the units that
//! are late or missing with the plan's deliverables on that day, written as the YAML of a draft
//! `kind: letter` beside the plan. Who is concerned and what the letter says are pure
//! functions of the status ([`concerns`], [`letter_yaml`]); [`run`] reads and writes files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};

use crate::dates::short_date;
use crate::error::Diagnostic;
use crate::model::{Deliverable, Document, Layout, Plan};
use crate::project::Project;
use crate::status::{PlanStatus, Status};

/// What `vanban remind` was asked.
#[derive(Debug, Clone)]
pub struct Options {
    /// The plan.
    pub plan: PathBuf,
    /// The day of the reminder.
    pub as_of: NaiveDate,
    /// Only these deliverables (all when empty).
    pub deliverables: Vec<Deliverable>,
    /// The new date to send by (default: a week after `as_of`).
    pub by: Option<NaiveDate>,
    /// Overwrite an existing letter.
    pub force: bool,
}

/// Where one deliverable of a unit stands, when it is a reason to remind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owed {
    /// Not sent, and the due day has passed: `days` after it on the day of the reminder.
    Missing {
        /// What.
        deliverable: Deliverable,
        /// By when it was due.
        due: NaiveDate,
        /// Days past the due date.
        days: i64,
    },
    /// Sent, but after the due date.
    Late {
        /// What.
        deliverable: Deliverable,
        /// By when it was due.
        due: NaiveDate,
        /// When it came.
        sent: NaiveDate,
        /// Days late.
        days: i64,
    },
}

impl Owed {
    /// The deliverable concerned.
    pub fn deliverable(&self) -> Deliverable {
        match self {
            Owed::Missing { deliverable, .. } | Owed::Late { deliverable, .. } => *deliverable,
        }
    }
}

/// A unit the reminder is addressed to, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concern {
    /// The unit's id.
    pub unit: String,
    /// Its name in a sentence.
    pub name: String,
    /// What is missing or came late, in the plan's order of deliverables.
    pub owed: Vec<Owed>,
}

impl Concern {
    /// The unit still owes something.
    pub fn has_missing(&self) -> bool {
        self.owed.iter().any(|o| matches!(o, Owed::Missing { .. }))
    }
}

fn deliverable_of(key: &str) -> Option<Deliverable> {
    Deliverable::parse(key)
}

/// The units of one plan's status that are late or missing with any of `only` (all
/// deliverables when empty), in registry order: exactly those whose cells `status` shows as
/// `late` or `missing`.
pub fn concerns(plan: &PlanStatus, as_of: NaiveDate, only: &[Deliverable]) -> Vec<Concern> {
    let mut out = Vec::new();
    for u in &plan.units {
        let owed: Vec<Owed> = u
            .deliverables
            .iter()
            .zip(&plan.deliverables)
            .filter_map(|(c, d)| {
                let deliverable = deliverable_of(c.deliverable)?;
                if !only.is_empty() && !only.contains(&deliverable) {
                    return None;
                }
                match c.status {
                    "missing" => Some(Owed::Missing {
                        deliverable,
                        due: d.due,
                        days: (as_of - d.due).num_days(),
                    }),
                    "late" => Some(Owed::Late {
                        deliverable,
                        due: d.due,
                        sent: c.sent?,
                        days: c.days_late?,
                    }),
                    _ => None,
                }
            })
            .collect();
        if !owed.is_empty() {
            out.push(Concern {
                unit: u.unit.clone(),
                name: u.name.clone(),
                owed,
            });
        }
    }
    out
}

/// "kế hoạch triển khai", "báo cáo 6 tháng", "báo cáo 01 năm", "báo cáo quý II".
pub fn what(d: Deliverable) -> &'static str {
    match d {
        Deliverable::UnitPlan => "kế hoạch triển khai",
        Deliverable::Report(p) => {
            let phrase = p.send_phrase();
            phrase.strip_prefix("gửi ").unwrap_or(phrase)
        }
    }
}

fn lower_first(s: &str) -> String {
    // a summary given on lines is one line inside a sentence
    let one = crate::model::common::one_line(s);
    let mut chars = one.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a", "a và b", "a, b và c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

/// The letter's content, before it is written as YAML.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminder {
    /// The summary: "đôn đốc gửi báo cáo thực hiện công tác …" (printed "V/v …").
    pub summary: String,
    /// Kính gửi: the units' names.
    pub to: Vec<String>,
    /// The body: paragraphs, "- " lines as items.
    pub text: String,
    /// The closing sentence: the request, with the new date.
    pub closing: String,
    /// Recipients after "Như trên".
    pub recipients: Vec<String>,
    /// The new date to send by.
    pub by: NaiveDate,
}

/// What the reminder says to `concerns` about `plan` on `as_of`, asking for what is missing
/// by `by`.
pub fn reminder(plan: &Plan, concerns: &[Concern], as_of: NaiveDate, by: NaiveDate) -> Reminder {
    let issuer = plan.issuer.in_text();
    let reporting = plan.reporting.as_ref();
    let destination = reporting
        .map(|r| crate::view::report::tidy_spaces(&r.to))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| issuer.clone());
    let mut asked: Vec<Deliverable> = Vec::new();
    for o in concerns.iter().flat_map(|c| &c.owed) {
        if !asked.contains(&o.deliverable()) {
            asked.push(o.deliverable());
        }
    }
    // In the order of the plan's deadlines.
    let order: Vec<Deliverable> = reporting
        .map(|r| r.deadlines.iter().map(|d| d.deliverable).collect())
        .unwrap_or_default();
    asked.sort_by_key(|d| order.iter().position(|o| o == d).unwrap_or(usize::MAX));
    let has_plan = asked.contains(&Deliverable::UnitPlan);
    let has_report = asked.iter().any(|d| *d != Deliverable::UnitPlan);
    let object = match (has_plan, has_report) {
        (true, true) => "kế hoạch, báo cáo",
        (true, false) => "kế hoạch",
        _ => "báo cáo",
    };
    let summary = format!("đôn đốc gửi {object} {}", lower_first(&plan.summary));

    let mut text = String::new();
    // The duty, as the plan set it.
    let dues: Vec<String> = asked
        .iter()
        .filter_map(|d| {
            Some(format!(
                "{} trước ngày {}",
                what(*d),
                short_date(plan.due(*d)?)
            ))
        })
        .collect();
    let _ = write!(
        text,
        "Theo {} về {}, các đơn vị gửi {} về {destination}",
        crate::view::report::plan_citation(plan),
        lower_first(&plan.summary),
        and_list(&dues),
    );
    if let Some(p) = reporting
        .and_then(|r| r.purpose.as_deref())
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let _ = write!(text, " {p}");
    }
    text.push('.');

    let missing: Vec<&Concern> = concerns.iter().filter(|c| c.has_missing()).collect();
    let late: Vec<(&Concern, Vec<&Owed>)> = concerns
        .iter()
        .map(|c| {
            (
                c,
                c.owed
                    .iter()
                    .filter(|o| matches!(o, Owed::Late { .. }))
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if !missing.is_empty() {
        let _ = write!(
            text,
            "\n\nĐến ngày {}, {issuer} chưa nhận được:\n",
            short_date(as_of)
        );
        let lines: Vec<String> = missing
            .iter()
            .map(|c| {
                let items: Vec<String> = c
                    .owed
                    .iter()
                    .filter_map(|o| match o {
                        Owed::Missing {
                            deliverable,
                            due,
                            days,
                        } => Some(format!(
                            "{} (hạn {}, đã quá hạn {days} ngày)",
                            what(*deliverable),
                            short_date(*due)
                        )),
                        Owed::Late { .. } => None,
                    })
                    .collect();
                format!("- {}: {}", c.name, items.join(", "))
            })
            .collect();
        text.push_str(&list(&lines));
    }
    if !late.is_empty() {
        let _ = write!(
            text,
            "\n\n{} gửi chậm so với thời hạn:\n",
            if late.len() == 1 {
                "Đơn vị"
            } else {
                "Các đơn vị"
            }
        );
        let lines: Vec<String> = late
            .iter()
            .map(|(c, owed)| {
                let items: Vec<String> = owed
                    .iter()
                    .filter_map(|o| match o {
                        Owed::Late {
                            deliverable,
                            sent,
                            days,
                            ..
                        } => Some(format!(
                            "{} (gửi ngày {}, chậm {days} ngày)",
                            what(*deliverable),
                            short_date(*sent)
                        )),
                        Owed::Missing { .. } => None,
                    })
                    .collect();
                format!("- {}: {}", c.name, items.join(", "))
            })
            .collect();
        text.push_str(&list(&lines));
    }
    let one = concerns.len() == 1;
    let mut asks = Vec::new();
    if !missing.is_empty() {
        let who = if one {
            "đơn vị".to_string()
        } else if missing.len() == concerns.len() {
            "các đơn vị".to_string()
        } else {
            "các đơn vị chưa gửi".to_string()
        };
        asks.push(format!(
            "{who} khẩn trương hoàn thành và gửi về {destination} trước ngày {}",
            short_date(by)
        ));
    }
    if !late.is_empty() {
        let who = if one || missing.is_empty() {
            if one {
                "đơn vị"
            } else {
                "các đơn vị"
            }
        } else {
            "các đơn vị gửi chậm"
        };
        asks.push(format!(
            "{who} rút kinh nghiệm, bảo đảm gửi đúng thời hạn các kỳ báo cáo tiếp theo"
        ));
    }
    // The request closes the letter.
    let closing = format!("{issuer} đề nghị {}./.", asks.join("; "));
    let mut recipients = vec!["Như trên".to_string()];
    // A deputy signs for the head: the head gets a copy to know (b/c).
    let authority = plan
        .signature
        .authority
        .as_deref()
        .and_then(crate::authority::split);
    if let Some((_, rest)) = authority.filter(|(p, _)| *p == "KT") {
        let head = plan
            .signature
            .head
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(String::from)
            .unwrap_or(rest);
        if !head.trim().is_empty() {
            recipients.push(format!(
                "{} (b/c)",
                crate::model::common::sentence_case(&head)
            ));
        }
    }
    Reminder {
        summary,
        to: concerns.iter().map(|c| c.name.clone()).collect(),
        text,
        closing,
        recipients,
        by,
    }
}

/// "- a;" lines, the last ending with a full stop.
fn list(lines: &[String]) -> String {
    let n = lines.len();
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{l}{}", if i + 1 == n { "." } else { ";" }))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A YAML scalar: plain when that reads back as the same string, else double-quoted.
pub fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains(['\n', '\r', '\t', '"', '\\'])
        && !s.chars().any(char::is_control)
        && !matches!(
            s.to_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        )
        && s.parse::<f64>().is_err()
        && !s.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A double-quoted YAML scalar.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn seq(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|i| flow_scalar(i)).collect();
    format!("[{}]", inner.join(", "))
}

/// A scalar inside a flow sequence, where "," and brackets must be quoted too.
fn flow_scalar(s: &str) -> String {
    if s.contains([',', '[', ']', '{', '}']) {
        quoted(s)
    } else {
        scalar(s)
    }
}

/// The YAML of the draft letter: issued by the plan's issuer, signed by the plan's signer.
pub fn letter_yaml(
    plan: &Plan,
    plan_key: &str,
    r: &Reminder,
    as_of: NaiveDate,
    concerns: &[Concern],
) -> String {
    use chrono::Datelike;
    let mut y = String::new();
    let _ = writeln!(
        y,
        "# Công văn đôn đốc: drafted by `vanban remind {plan_key} --as-of {as_of}`.\n\
         # The units late or missing on {}: {}.\n\
         # A draft: review the text, then give it a number and a date to issue it.",
        short_date(as_of),
        concerns
            .iter()
            .map(|c| c.unit.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    y.push_str("kind: letter\nissuer:\n");
    let i = &plan.issuer;
    if let Some(p) = i.parent.as_deref().filter(|p| !p.trim().is_empty()) {
        let _ = writeln!(y, "  parent: {}", lines_value(p));
    }
    let _ = writeln!(y, "  name: {}", lines_value(&i.name));
    let _ = writeln!(y, "  abbr: {}", scalar(i.abbr.trim()));
    if let Some(o) = i.office.as_deref().filter(|o| !o.trim().is_empty()) {
        let _ = writeln!(y, "  office: {}", scalar(o.trim()));
    }
    if let Some(n) = i.name_in_text.as_deref().filter(|o| !o.trim().is_empty()) {
        let _ = writeln!(y, "  name_in_text: {}", scalar(n.trim()));
    }
    y.push_str("status: draft\n");
    if plan.layout == Layout::Circular01 {
        y.push_str("layout: circular-01-2011\n");
    }
    let _ = writeln!(y, "year: {}", as_of.year());
    let _ = writeln!(y, "place: {}", scalar(plan.place.trim()));
    let _ = writeln!(y, "summary: {}", scalar(&r.summary));
    y.push_str("to:\n");
    for t in &r.to {
        let _ = writeln!(y, "  - {}", scalar(t));
    }
    y.push_str("text: |\n");
    for line in r.text.lines() {
        if line.is_empty() {
            y.push('\n');
        } else {
            let _ = writeln!(y, "  {line}");
        }
    }
    let _ = writeln!(y, "closing: {}", scalar(&r.closing));
    let _ = writeln!(y, "recipients: {}", seq(&r.recipients));
    if !plan.archive.is_empty() {
        let _ = writeln!(y, "archive: {}", seq(&plan.archive));
    }
    let s = &plan.signature;
    y.push_str("signature:\n");
    if let Some(a) = s.authority.as_deref().filter(|a| !a.trim().is_empty()) {
        let _ = writeln!(y, "  authority: {}", scalar(a.trim()));
    }
    if let Some(h) = s.head.as_deref().filter(|h| !h.trim().is_empty()) {
        let _ = writeln!(y, "  head: {}", scalar(h.trim()));
    }
    let _ = writeln!(y, "  title: {}", scalar(s.title.trim()));
    let _ = writeln!(y, "  name: {}", scalar(s.name.trim()));
    y
}

/// A name held with "\n" between its lines: a flow list of the lines, else one scalar.
fn lines_value(s: &str) -> String {
    let lines = crate::model::common::lines_of(s);
    if lines.len() > 1 {
        seq(&lines)
    } else {
        scalar(s.trim())
    }
}

/// Where the letter goes: beside the plan, `x.yaml` → `x-don-doc-2018-12-01.yaml`.
pub fn target_path(plan: &Path, as_of: NaiveDate) -> PathBuf {
    let stem = plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ke-hoach".into());
    plan.with_file_name(format!("{stem}-don-doc-{as_of}.yaml"))
}

/// What [`run`] did.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Nobody is late or missing: nothing was written.
    NothingLate {
        /// The plan's title.
        title: String,
    },
    /// The letter was written.
    Wrote {
        /// Where.
        path: PathBuf,
        /// To whom, and why.
        concerns: Vec<Concern>,
        /// The date asked for.
        by: NaiveDate,
    },
}

/// Reads the plan and its project, finds the units late or missing on `as_of` and writes the
/// draft letter beside the plan (refusing to overwrite without `force`).
pub fn run(opts: &Options) -> Result<Outcome, Vec<Diagnostic>> {
    let by = opts.by.unwrap_or_else(|| {
        opts.as_of
            .checked_add_days(Days::new(7))
            .unwrap_or(opts.as_of)
    });
    if by <= opts.as_of {
        return Err(vec![Diagnostic::error(
            &opts.plan,
            format!("--by {by} is not after --as-of {}", opts.as_of),
        )
        .hint(
            "the new date to send by must come after the day of the reminder",
        )]);
    }
    let text = crate::load::read_text(&opts.plan).map_err(|d| vec![d])?;
    if !matches!(
        crate::load::parse(&text, &opts.plan).map_err(|d| vec![d])?,
        Document::Plan(_)
    ) {
        return Err(vec![Diagnostic::error(
            &opts.plan,
            "`vanban remind` reminds units of a plan's deadlines: this is not a plan (`kind: plan`)",
        )
        .hint("give the plan whose `reporting.deadlines` the units must meet")]);
    }
    let root = crate::load::project_root(&opts.plan);
    let (project, mut problems) = Project::load(&root);
    if project.registry.is_none() {
        problems.push(
            Diagnostic::error(root.join(crate::load::UNITS_FILE), "no units registry")
                .hint("create units.yaml with a `units:` list (see README.md)"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let key = project.key_of(&opts.plan);
    let Some(plan) = project.plan(&key) else {
        return Err(vec![Diagnostic::error(
            &opts.plan,
            "the plan could not be read",
        )]);
    };
    let status: Status = crate::status::status(&project, opts.as_of);
    let Some(ps) = status.plans.iter().find(|p| p.plan == key) else {
        return Err(vec![Diagnostic::error(
            &opts.plan,
            "the plan has no reporting deadlines: nobody can be late",
        )
        .hint("add `reporting.deadlines` to the plan")]);
    };
    for d in &opts.deliverables {
        if plan.due(*d).is_none() {
            return Err(vec![Diagnostic::error(
                &opts.plan,
                format!("the plan sets no deadline for `{}`", d.key()),
            )
            .hint("choose among the plan's `reporting.deadlines`")]);
        }
    }
    let concerns = concerns(ps, opts.as_of, &opts.deliverables);
    if concerns.is_empty() {
        return Ok(Outcome::NothingLate {
            title: ps.title.clone(),
        });
    }
    let target = target_path(&opts.plan, opts.as_of);
    if target.exists() && !opts.force {
        return Err(vec![Diagnostic::error(
            &target,
            "already exists; nothing was written",
        )
        .hint("pass --force to overwrite it, or move it away first")]);
    }
    let r = reminder(plan, &concerns, opts.as_of, by);
    let yaml = letter_yaml(plan, &key, &r, opts.as_of, &concerns);
    // The first line points the editor at the project's schema, as `vanban new` does.
    let schema = crate::schema::project_schema(&crate::load::project_root(&opts.plan), false);
    let yaml = format!("{}\n{yaml}", crate::schema::modeline(&target, &schema));
    crate::write::write_atomic(&target, yaml.as_bytes()).map_err(|e| {
        vec![
            Diagnostic::error(&target, format!("cannot write the file: {e}"))
                .hint("check that the folder is writable"),
        ]
    })?;
    Ok(Outcome::Wrote {
        path: target,
        concerns,
        by,
    })
}

/// What `run` did, in words, one line per unit.
pub fn describe(o: &Outcome, as_of: NaiveDate) -> String {
    match o {
        Outcome::NothingLate { title } => {
            format!("as of {as_of}, no unit is late or missing with {title}: nothing written\n")
        }
        Outcome::Wrote { path, concerns, by } => {
            let mut s = format!(
                "wrote {}: a draft reminder to {} unit(s), new date {by}\n",
                path.display(),
                concerns.len()
            );
            for c in concerns {
                let items: Vec<String> = c
                    .owed
                    .iter()
                    .map(|o| match o {
                        Owed::Missing {
                            deliverable, days, ..
                        } => format!("{} missing ({days} days overdue)", deliverable.key()),
                        Owed::Late {
                            deliverable, days, ..
                        } => format!(
                            "{} late ({days} day{})",
                            deliverable.key(),
                            if *days == 1 { "" } else { "s" }
                        ),
                    })
                    .collect();
                let _ = writeln!(s, "  {}: {}", c.unit, items.join(", "));
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::{Cell, Due, UnitStatus};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2018, m, day).unwrap()
    }

    fn cell(deliverable: &'static str, status: &'static str, late: Option<i64>) -> Cell {
        Cell {
            deliverable,
            status,
            days_late: late,
            sent: late.map(|n| d(5, 15) + chrono::Duration::days(n)),
            source: None,
        }
    }

    fn plan_status() -> PlanStatus {
        PlanStatus {
            plan: "2018/p.yaml".into(),
            title: "Kế hoạch số 25/KH-SYT".into(),
            deliverables: vec![
                Due {
                    deliverable: "unit-plan",
                    due: d(3, 30),
                },
                Due {
                    deliverable: "six-month-report",
                    due: d(5, 15),
                },
            ],
            units: vec![
                UnitStatus {
                    unit: "a".into(),
                    name: "A".into(),
                    deliverables: vec![
                        cell("unit-plan", "on-time", None),
                        cell("six-month-report", "late", Some(3)),
                    ],
                },
                UnitStatus {
                    unit: "b".into(),
                    name: "B".into(),
                    deliverables: vec![
                        cell("unit-plan", "missing", None),
                        cell("six-month-report", "not-yet-due", None),
                    ],
                },
                UnitStatus {
                    unit: "c".into(),
                    name: "C".into(),
                    deliverables: vec![
                        cell("unit-plan", "on-time", None),
                        cell("six-month-report", "on-time", None),
                    ],
                },
            ],
        }
    }

    #[test]
    fn concerns_are_the_late_and_missing_cells() {
        let c = concerns(&plan_status(), d(5, 20), &[]);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].unit, "a");
        assert_eq!(
            c[0].owed,
            [Owed::Late {
                deliverable: Deliverable::SIX_MONTH_REPORT,
                due: d(5, 15),
                sent: d(5, 18),
                days: 3
            }]
        );
        assert_eq!(
            c[1].owed,
            [Owed::Missing {
                deliverable: Deliverable::UnitPlan,
                due: d(3, 30),
                days: 51
            }]
        );
        // --deliverable narrows it.
        let only = concerns(&plan_status(), d(5, 20), &[Deliverable::UnitPlan]);
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].unit, "b");
    }

    #[test]
    fn scalars_read_back_as_written() {
        for s in [
            "Sở Y tế",
            "Giám đốc (b/c)",
            "V/v: x",
            "- a",
            "yes",
            "12",
            "a # b",
            "say \"hi\"",
            "a\nb",
            "[x]",
        ] {
            let y = format!("k: {}\n", scalar(s));
            let v: serde_yaml::Value = serde_yaml::from_str(&y).unwrap();
            assert_eq!(v["k"].as_str(), Some(s), "{y}");
        }
        let y = format!("k: {}\n", seq(&["a, b".into(), "c".into(), "[d]".into()]));
        let v: serde_yaml::Value = serde_yaml::from_str(&y).unwrap();
        assert_eq!(v["k"][0].as_str(), Some("a, b"), "{y}");
        assert_eq!(v["k"][2].as_str(), Some("[d]"), "{y}");
    }

    #[test]
    fn lists_end_with_a_full_stop_and_names_join_with_va() {
        assert_eq!(list(&["- a".into(), "- b".into()]), "- a;\n- b.");
        assert_eq!(and_list(&["x".into(), "y".into(), "z".into()]), "x, y và z");
    }

    #[test]
    fn the_letter_goes_beside_the_plan() {
        assert_eq!(
            target_path(Path::new("plans/2018/ke-hoach.yaml"), d(12, 1)),
            Path::new("plans/2018/ke-hoach-don-doc-2018-12-01.yaml")
        );
    }
}
