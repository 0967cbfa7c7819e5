//! Stage 2b — validation: the domain rules the types cannot express (dates, numbers,
//! deadlines, authority prefixes, unique ids), each located in the source where possible.
//! Reports, which also need their plan and the units registry, are checked in [`report`].

pub mod report;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::Datelike;

use crate::error::Diagnostic;
use crate::model::{Document, Item, Plan, Section, Signature, Status};
use crate::span::{index, join, Source};
use crate::view;

/// Deepest heading level (I → 1 → 1.1 → a)).
pub const MAX_DEPTH: usize = 4;

/// Checks a plan; returns every problem found (errors and warnings).
pub fn plan(plan: &Plan, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let err = |msg: String, path: &str| src.error(path, msg);
    if plan.number == Some(0) {
        out.push(
            err("the number must be 1 or more".into(), "number")
                .hint("numbers run from 01 each calendar year; remove `number` for a draft"),
        );
    }
    out.extend(status(plan, src));
    if let Some(date) = plan.date {
        if date.year() != plan.year {
            out.push(
                err(
                    format!("the date {date} is not in the plan's year {}", plan.year),
                    "date",
                )
                .hint("make `year` and `date` agree"),
            );
        }
    }
    if let Some(r) = &plan.reporting {
        for (i, d) in r.deadlines.iter().enumerate() {
            if view::due_date(&d.due, plan.year).is_none() {
                out.push(
                    err(
                        format!(
                            "`{}` is not a day of {} in the form MM-DD",
                            d.due, plan.year
                        ),
                        &format!("reporting.deadlines[{i}].due"),
                    )
                    .hint("write the due day as \"MM-DD\" in quotes, e.g. due: \"03-30\""),
                );
            }
        }
    }
    out.extend(signature(&plan.signature, src, "signature"));
    if plan.recipients.is_empty() && plan.archive.is_empty() && plan.electronic.is_empty() {
        out.push(
            err(
                "the recipients list (Nơi nhận) is empty".into(),
                "recipients",
            )
            .hint("list the recipients, and the archive line as `archive: [VT, NVY]`"),
        );
    }
    out.extend(sections(&plan.sections, src));
    if let Some(at) = first_table(&plan.sections, "sections") {
        out.push(
            src.error(&at, "a plan has no figures to show in a table")
                .hint("`table:` is for reports; remove it from the plan"),
        );
    }
    out
}

/// Checks the sections of a report's narrative (nesting, empty sections).
pub fn sections(sections: &[Section], src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for (i, s) in sections.iter().enumerate() {
        check_section(s, 1, src, &index("sections", i), &mut ids, &mut out);
    }
    out
}

/// The signed-off rules: `status: signed` needs a number and a date (the signer's name is
/// checked for every document); `status: draft` with a number or date written says they are
/// not printed yet.
pub fn status(plan: &Plan, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = src.file;
    let at_status = |d: Diagnostic| src.locate(d, "status");
    match plan.status {
        Some(Status::Signed) => {
            if plan.number.is_none() {
                out.push(
                    at_status(Diagnostic::error(
                        file,
                        "a signed document needs its number",
                    ))
                    .hint(format!(
                        "add `number: N` (the next free number of {} in {}), or write `status: draft`",
                        plan.issuer.abbr.trim(),
                        plan.year
                    )),
                );
            }
            if plan.date.is_none() {
                out.push(
                    at_status(Diagnostic::error(file, "a signed document needs its date")).hint(
                        format!(
                        "add `date: {}-MM-DD` (the day it was signed), or write `status: draft`",
                        plan.year
                    ),
                    ),
                );
            }
        }
        Some(Status::Draft) if plan.number.is_some() || plan.date.is_some() => {
            out.push(
                at_status(Diagnostic::warning(
                    file,
                    "a draft prints blanks: the number and date written here are not printed",
                ))
                .hint("write `status: signed` when the document is issued"),
            );
        }
        _ => {}
    }
    out
}

/// The path of the first `table:` in `sections` (whose path is `at`), in reading order.
pub(crate) fn first_table(sections: &[Section], at: &str) -> Option<String> {
    sections.iter().enumerate().find_map(|(i, s)| {
        let here = index(at, i);
        match s.table {
            Some(_) => Some(join(&here, "table")),
            None => first_table(&s.sections, &join(&here, "sections")),
        }
    })
}

/// One document of a batch, as the cross-document checks see it.
#[derive(Debug, Clone, Copy)]
pub struct BatchEntry<'a> {
    /// The YAML file.
    pub path: &'a Path,
    /// Its text (for locating the diagnostics).
    pub text: &'a str,
    /// The parsed document.
    pub doc: &'a Document,
}

/// What a signed document's number must be unique within: issuer (a unit report's issuer is
/// its unit, since every district centre writes BC-TTYT), kind, year, and the number itself.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct NumberKey(pub String, pub String, pub i32, pub u32);

/// The number key of a signed document; `None` for a draft. Reports have no `status`: a number
/// and a date mean signed.
pub fn number_key(doc: &Document) -> Option<NumberKey> {
    let (issuer, kind, number, date) = match doc {
        Document::Plan(p) if p.effective_status() == Status::Signed => {
            (p.issuer.abbr.trim().to_uppercase(), "KH", p.number, p.date)
        }
        Document::Plan(_) => return None,
        Document::Report(r) => (format!("`{}`", r.unit), "BC", r.number, r.date),
        Document::ConsolidatedReport(c) => {
            (c.issuer.abbr.trim().to_uppercase(), "BC", c.number, c.date)
        }
    };
    Some(NumberKey(issuer, kind.to_string(), date?.year(), number?))
}

/// The number key read from the top-level `kind`, `status`, `number`, `date`, `issuer` and
/// `unit` entries alone, without parsing the body: what a batch needs of every document to
/// find duplicate numbers. `None` when those lines do not parse on their own (the caller then
/// parses the whole document) — `Some(None)` is a document without a number key.
pub fn quick_number_key(text: &str, path: &Path) -> Option<Option<NumberKey>> {
    #[derive(serde::Deserialize)]
    struct Head {
        kind: String,
        #[serde(default)]
        status: Option<Status>,
        #[serde(default)]
        number: Option<u32>,
        #[serde(default)]
        date: Option<chrono::NaiveDate>,
        #[serde(default)]
        issuer: Option<HeadIssuer>,
        #[serde(default)]
        unit: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct HeadIssuer {
        abbr: String,
    }
    const KEYS: [&str; 6] = ["kind", "status", "number", "date", "issuer", "unit"];
    let mut head = String::new();
    let mut keep = false;
    for line in text.lines() {
        let top = !line.trim().is_empty() && !line.starts_with([' ', '\t', '#', '-']);
        if top {
            keep = KEYS
                .iter()
                .any(|k| line.strip_prefix(k).is_some_and(|r| r.starts_with(':')));
        }
        if keep {
            head.push_str(line);
            head.push('\n');
        }
    }
    let h: Head = crate::yaml::from_str(&head, path).ok()?;
    let signed = match h.status {
        Some(s) => s == Status::Signed,
        None => h.number.is_some() && h.date.is_some(),
    };
    let issuer = match h.kind.as_str() {
        "plan" if !signed => return Some(None),
        "plan" | "consolidated-report" => h.issuer?.abbr.trim().to_uppercase(),
        "report" => format!("`{}`", h.unit?),
        _ => return None,
    };
    let kind = if h.kind == "plan" { "KH" } else { "BC" };
    Some(
        h.date
            .zip(h.number)
            .map(|(d, n)| NumberKey(issuer, kind.to_string(), d.year(), n)),
    )
}

/// Numbers used twice in a batch: a signed document's number must be unique among the signed
/// documents of the same issuer, kind and year. Returns the errors of each entry (same order as
/// `entries`); each error names the other file.
pub fn duplicate_numbers(entries: &[BatchEntry<'_>]) -> Vec<Vec<Diagnostic>> {
    let mut out = vec![Vec::new(); entries.len()];
    let mut seen: BTreeMap<NumberKey, Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some(key) = number_key(e.doc) {
            seen.entry(key).or_default().push(i);
        }
    }
    for (NumberKey(issuer, kind, year, n), users) in &seen {
        if users.len() < 2 {
            continue;
        }
        for &i in users {
            let others: Vec<String> = users
                .iter()
                .filter(|&&j| j != i)
                .filter_map(|&j| entries.get(j))
                .map(|e| e.path.display().to_string())
                .collect();
            let (Some(entry), Some(slot)) = (entries.get(i), out.get_mut(i)) else {
                continue;
            };
            slot.push(
                Source::new(entry.path, entry.text)
                    .error(
                        "number",
                        format!(
                            "the number {}/{kind}-{issuer} of {year} is also used by {}",
                            view::number(*n),
                            others.join(", ")
                        ),
                    )
                .hint(format!(
                    "numbers run from 01 each year for each issuer; give one of these documents the next free number of {issuer} in {year}"
                )),
            );
        }
    }
    out
}

fn check_section(
    s: &Section,
    depth: usize,
    src: &Source<'_>,
    path: &str,
    ids: &mut BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    if depth > MAX_DEPTH {
        let what = s.title.as_deref().or(s.text.as_deref()).unwrap_or("");
        out.push(
            src.error(
                path,
                format!("sections nest deeper than {MAX_DEPTH} levels"),
            )
            .hint(format!(
                "headings go I → 1 → 1.1 → a); turn \"{}\" into items",
                short(what)
            )),
        );
        return;
    }
    if s.title.is_none()
        && s.text.is_none()
        && s.items.is_empty()
        && s.sections.is_empty()
        && !s.reporting
        && s.table.is_none()
    {
        out.push(
            src.error(path, "an empty section")
                .hint("give the section a `title` or a `text`, or remove it"),
        );
    }
    check_items(&s.items, src, &join(path, "items"), ids, out);
    for (i, sub) in s.sections.iter().enumerate() {
        let at = index(&join(path, "sections"), i);
        check_section(sub, depth + 1, src, &at, ids, out);
    }
}

/// Checks the items of the list at `path` (ids used once, indicators' targets).
fn check_items(
    items: &[Item],
    src: &Source<'_>,
    path: &str,
    ids: &mut BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    for (i, item) in items.iter().enumerate() {
        let here = index(path, i);
        if let Some(id) = &item.id {
            if !ids.insert(id.clone()) {
                out.push(
                    src.error(&join(&here, "id"), format!("the id `{id}` is used twice"))
                        .hint("ids name one target or task each; rename one of them"),
                );
            }
        }
        if let Some(ind) = &item.indicator {
            if !(ind.target.is_finite() && ind.target >= 0.0) {
                out.push(src.error(
                    &join(&here, "indicator.target"),
                    "an indicator's target must be a number ≥ 0",
                ));
            }
        }
        check_items(&item.items, src, &join(&here, "items"), ids, out);
    }
}

/// Checks the signature's authority prefix and that there is a name.
/// `path` is where the signature is written (`signature`).
pub fn signature(s: &Signature, src: &Source<'_>, path: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |key: &str| join(path, key);
    if let Some(a) = s.authority.as_deref().filter(|a| !a.trim().is_empty()) {
        match view::split_authority(a) {
            None => out.push(
                src.error(&at("authority"), format!("unknown authority prefix in `{a}`"))
                    .hint("use KT (deputy signs for the head), TM (for a collective body), TL, TUQ or Q, e.g. authority: KT, head: GIÁM ĐỐC"),
            ),
            Some((_, rest)) => {
                let head = s.head.as_deref().map(str::trim).filter(|h| !h.is_empty());
                if rest.is_empty() && head.is_none() {
                    out.push(src.error(&at("authority"), format!("`{a}` needs the head's title"))
                        .hint("add `head: GIÁM ĐỐC` (the title the prefix signs for)"));
                }
                if !rest.is_empty() && head.is_some() {
                    out.push(src.error(&at("head"), "the head's title is given twice, in `authority` and in `head`")
                        .hint("keep one of them"));
                }
            }
        }
    }
    if s.name.trim().is_empty() {
        out.push(
            src.error(&at("name"), "the signer's name is empty")
                .hint("write the signer's name, without academic titles: name: Trần Văn Sinh"),
        );
    }
    out
}

fn short(s: &str) -> String {
    let mut t: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        t.push('…');
    }
    t
}
