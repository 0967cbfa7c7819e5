//! Stage 2b — validation: the domain rules the types cannot express (dates, numbers,
//! deadlines, authority prefixes, unique ids), each located in the source where possible.
//! Reports, which also need their plan and the units registry, are checked in [`report`];
//! values that cannot be real (years, numbers, counts, rates) in [`crate::values`], which the
//! project also runs on the units registry.

pub(crate) mod appendix;
pub(crate) mod report;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Datelike;

use crate::error::Diagnostic;
use crate::kinds::{LETTER_SERIES, PLAN, REPORT};
use crate::model::{DocDate, Document, Item, Letter, Plan, Section, Signature, Status};
use crate::span::{index, join, Source};
use crate::view;

/// Deepest heading level (I → 1 → 1.1 → a)).
pub(crate) const MAX_DEPTH: usize = 4;

/// Checks a plan; returns every problem found (errors and warnings).
pub(crate) fn plan(plan: &Plan, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let err = |msg: String, path: &str| src.error(path, msg);
    out.extend(summary_given(&plan.summary, src));
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
            if crate::dates::due_date(&d.due, plan.year).is_none() {
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
    let reporting = plan.reporting.as_ref();
    let texts = body_texts(
        &[
            ("summary", Some(plan.summary.as_str())),
            ("preamble", plan.preamble.as_deref()),
            ("reporting.text", reporting.and_then(|r| r.text.as_deref())),
            ("reporting.lead", reporting.map(|r| r.lead.as_str())),
            (
                "reporting.purpose",
                reporting.and_then(|r| r.purpose.as_deref()),
            ),
        ],
        &[("bases", &plan.bases)],
        &plan.sections,
    );
    out.extend(appendix::check(&plan.appendices, texts, src));
    if let Some(at) =
        first_table(&plan.sections, "sections").or_else(|| appendix_table(&plan.appendices))
    {
        out.push(
            src.error(&at, "a plan has no figures to show in a table")
                .hint("`table:` is for reports; remove it from the plan"),
        );
    }
    out
}

/// The trích yếu under the kind title is part of the document: an empty `summary` (or an
/// empty list of lines) is an error, at its line.
pub(crate) fn summary_given(summary: &str, src: &Source<'_>) -> Option<Diagnostic> {
    summary.trim().is_empty().then(|| {
        src.error("summary", "the `summary` (trích yếu) is empty")
            .hint("say what the document is about, as one text or one line per item: summary: Triển khai công tác phòng, chống dịch bệnh năm 2026")
    })
}

/// Checks a công văn: number, lifecycle, date and year, signature, recipients, body.
pub(crate) fn letter(l: &Letter, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let err = |msg: String, key: &str| src.error(key, msg);
    if l.number == Some(0) {
        out.push(
            err("the number must be 1 or more".into(), "number")
                .hint("numbers run from 01 each calendar year; remove `number` until it is issued"),
        );
    }
    out.extend(lifecycle(
        l.status,
        l.number,
        l.date,
        l.date_fixed,
        l.year,
        &view::letter_symbol(&l.issuer),
        src,
    ));
    if let Some(date) = l.date {
        if date.year() != l.year {
            out.push(
                err(
                    format!("the date {date} is not in the letter's year {}", l.year),
                    "date",
                )
                .hint("make `year` and `date` agree"),
            );
        }
    }
    if l.issuer
        .office
        .as_deref()
        .is_none_or(|o| o.trim().is_empty())
    {
        out.push(
            src.warning(
                "issuer",
                "a công văn's symbol names the drafting office: it prints only the issuer's abbreviation",
            )
            .hint(format!(
                "add `office: NVY` to `issuer` (the symbol becomes {}-NVY)",
                l.issuer.abbr.trim()
            )),
        );
    }
    if l.summary.trim().is_empty() {
        out.push(
            err("the letter's `summary` (V/v …) is empty".into(), "summary")
                .hint("say what it is about: summary: tăng cường công tác phòng, chống dịch bệnh"),
        );
    }
    if l.text.as_deref().is_none_or(|t| t.trim().is_empty()) && l.sections.is_empty() {
        out.push(
            err("the letter has no body".into(), "summary")
                .hint("write the letter under `text: |` (paragraphs separated by blank lines)"),
        );
    }
    out.extend(signature(&l.signature, src, "signature"));
    if l.recipients.is_empty() && l.archive.is_empty() && l.electronic.is_empty() && l.to.is_empty()
    {
        out.push(
            err(
                "the recipients list (Nơi nhận) is empty".into(),
                "recipients",
            )
            .hint("list the recipients, and the archive line as `archive: [VT, NVY]`"),
        );
    }
    out.extend(sections(&l.sections, src));
    let texts = body_texts(
        &[
            ("summary", Some(l.summary.as_str())),
            ("text", l.text.as_deref()),
            ("closing", l.closing.as_deref()),
        ],
        &[("bases", &l.bases)],
        &l.sections,
    );
    out.extend(appendix::check(&l.appendices, texts, src));
    if let Some(at) = first_table(&l.sections, "sections").or_else(|| appendix_table(&l.appendices))
    {
        out.push(
            src.error(&at, "a letter has no figures to show in a table")
                .hint("`table:` is for reports; write a Markdown table in `text` instead"),
        );
    }
    out
}

/// Checks the sections of a report's narrative (nesting, empty sections).
pub(crate) fn sections(sections: &[Section], src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    sections_at(sections, src, "sections", &mut out);
    out
}

/// Checks the sections at `path` (an appendix's `appendices[0].sections`): nesting, empty
/// sections, ids used once among them.
pub(crate) fn sections_at(
    sections: &[Section],
    src: &Source<'_>,
    path: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut ids = BTreeMap::new();
    for (i, s) in sections.iter().enumerate() {
        check_section(s, 1, src, &index(path, i), &mut ids, out);
    }
}

/// The texts of a document's front matter and body with their paths, for the checks of
/// appendix references: `fields` are top-level `(key, text)` pairs, `lists` top-level lists
/// of texts (`bases`).
pub(crate) fn body_texts<'a>(
    fields: &[(&str, Option<&'a str>)],
    lists: &[(&str, &'a [String])],
    sections: &'a [Section],
) -> Vec<crate::texts::Text<'a>> {
    let mut out: Vec<crate::texts::Text<'a>> = fields
        .iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
        .collect();
    for (k, list) in lists {
        crate::texts::list(list, k, &mut out);
    }
    crate::texts::sections(sections, "sections", true, &mut out);
    out
}

/// The lifecycle rules of a plan (see [`lifecycle`]).
pub(crate) fn status(plan: &Plan, src: &Source<'_>) -> Vec<Diagnostic> {
    lifecycle(
        plan.status,
        plan.number,
        plan.date,
        plan.date_fixed,
        plan.year,
        &plan.issuer.abbr,
        src,
    )
}

/// The lifecycle rules of any document: `status: issued` needs a number and a full date (the
/// signer's name is checked for every document); a draft or a text for signature with a
/// number or a day written says they are not printed yet; a partial date (`2026-06`) is
/// only for a document not yet issued. `date_fixed` (the day of issue already set) is for a
/// text for signature with a full date, which then prints it.
pub(crate) fn lifecycle(
    status: Option<Status>,
    number: Option<u32>,
    date: Option<DocDate>,
    date_fixed: bool,
    year: i32,
    abbr: &str,
    src: &Source<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = src.file;
    let at_status = |d: Diagnostic| src.locate(d, "status");
    let full = date.and_then(DocDate::day).is_some();
    match status {
        Some(Status::Issued) => {
            if number.is_none() {
                out.push(
                    at_status(Diagnostic::error(
                        file,
                        "an issued document needs its number",
                    ))
                    .hint(format!(
                        "add `number: N` (the next free number of {} in {}), or write `status: for-signature` (number and date left for the văn thư) or `status: draft`",
                        abbr.trim(),
                        year
                    )),
                );
            }
            if !full {
                let msg = match date {
                    Some(d) => format!("an issued document needs its full date, not `{d}`"),
                    None => "an issued document needs its date".to_string(),
                };
                out.push(
                    at_status(Diagnostic::error(file, msg)).hint(format!(
                        "add `date: {year}-MM-DD` (the day it was signed), or write `status: for-signature`"
                    )),
                );
            }
        }
        Some(Status::Draft) if number.is_some() || full => {
            out.push(
                at_status(Diagnostic::warning(
                    file,
                    "a draft prints blanks: the number and date written here are not printed",
                ))
                .hint("write `status: issued` when the document is issued"),
            );
        }
        Some(Status::ForSignature) if date_fixed => {
            if !full {
                let msg = match date {
                    Some(d) => {
                        format!("`date_fixed` prints the day of issue, but the date is `{d}`")
                    }
                    None => {
                        "`date_fixed` prints the day of issue, but there is no `date`".to_string()
                    }
                };
                out.push(src.locate(Diagnostic::error(file, msg), "date_fixed").hint(format!(
                    "write the full day (`date: {year}-MM-DD`), or remove `date_fixed` to leave the day blank for the văn thư"
                )));
            }
            if number.is_some() {
                out.push(
                    at_status(Diagnostic::warning(
                        file,
                        "a text for signature leaves the number blank for the văn thư: the number written here is not printed",
                    ))
                    .hint("remove `number` until the văn thư has registered it, then write `status: issued`"),
                );
            }
        }
        Some(Status::ForSignature) if number.is_some() || full => {
            out.push(
                at_status(Diagnostic::warning(
                    file,
                    "a text for signature leaves the number and the day blank for the văn thư: the number and day written here are not printed",
                ))
                .hint("write the month alone (`date: 2026-06`) to print \"ngày      tháng 6 năm 2026\"; if the day of issue is already fixed, add `date_fixed: true` to print it; `status: issued` once the văn thư has registered it"),
            );
        }
        None if date.is_some() && !full => {
            // a partial date says the document is not issued yet: printed as a draft
        }
        _ => {}
    }
    if date_fixed && status != Some(Status::ForSignature) {
        let state = crate::model::lifecycle(status, number, date);
        let why = if state == Status::Issued {
            "an issued document prints its date anyway"
        } else {
            "a draft prints the number and the date blank"
        };
        out.push(
            src.locate(
                Diagnostic::warning(
                    file,
                    format!("`date_fixed` is only for a text for signature: {why}"),
                ),
                "date_fixed",
            )
            .hint("write `status: for-signature` (only the number left blank), or remove `date_fixed`"),
        );
    }
    out
}

/// The path of the first `table:` in `sections` (whose path is `at`), in reading order.
/// Where the first `table:` of the appendices' sections is written, if any.
fn appendix_table(list: &[crate::model::Appendix]) -> Option<String> {
    list.iter()
        .enumerate()
        .find_map(|(i, a)| first_table(&a.sections, &join(&index("appendices", i), "sections")))
}

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
pub(crate) struct BatchEntry<'a> {
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
        Document::Plan(p) if p.effective_status() == Status::Issued => (
            p.issuer.abbr.trim().to_uppercase(),
            PLAN.abbr,
            p.number,
            p.date,
        ),
        Document::Report(r) if r.effective_status() == Status::Issued => match (&r.unit, &r.issuer)
        {
            (Some(u), _) => (format!("`{u}`"), REPORT.abbr, r.number, r.date),
            (None, Some(i)) => (i.abbr.trim().to_uppercase(), REPORT.abbr, r.number, r.date),
            (None, None) => return None,
        },
        Document::ConsolidatedReport(c) if c.effective_status() == Status::Issued => (
            c.issuer.abbr.trim().to_uppercase(),
            REPORT.abbr,
            c.number,
            c.date,
        ),
        Document::Letter(l) if l.effective_status() == Status::Issued => (
            l.issuer.abbr.trim().to_uppercase(),
            LETTER_SERIES,
            l.number,
            l.date,
        ),
        _ => return None,
    };
    Some(NumberKey(
        issuer,
        kind.to_string(),
        date?.day()?.year(),
        number?,
    ))
}

/// The number key read from the top-level `kind`, `status`, `number`, `date`, `issuer` and
/// `unit` entries alone, without parsing the body (see [`crate::head`]): what a batch needs of
/// every document to find duplicate numbers. `None` when those entries cannot be told on their
/// own (the caller then parses the whole document) — `Some(None)` is a document without a
/// number key.
pub fn quick_number_key(text: &str) -> Option<Option<NumberKey>> {
    head_number_key(&crate::head::read(text, crate::head::Want::All))
}

/// [`quick_number_key`] of what [`crate::head::read`] read.
pub(crate) fn head_number_key(h: &crate::head::Head<'_>) -> Option<Option<NumberKey>> {
    use crate::head::Fact;
    use serde::de::value::{Error, StrDeserializer, U64Deserializer};
    use serde::Deserialize;
    if !h.complete {
        return None;
    }
    let kind = h.kind.text()?;
    let status = match &h.status {
        Fact::Absent => None,
        f => Some(Status::deserialize(StrDeserializer::<Error>::new(f.text()?)).ok()?),
    };
    let number = match h.number {
        Fact::Absent => None,
        Fact::Int(n) => Some(u32::try_from(n).ok()?),
        _ => return None,
    };
    let date = match &h.date {
        Fact::Absent => None,
        Fact::Int(n) => Some(DocDate::deserialize(U64Deserializer::<Error>::new(*n)).ok()?),
        f => Some(DocDate::deserialize(StrDeserializer::<Error>::new(f.text()?)).ok()?),
    };
    let unit = match &h.unit {
        Fact::Absent => None,
        f => Some(f.text()?),
    };
    let abbr = match (&h.issuer, &h.issuer_abbr) {
        (Fact::Absent, _) => None,
        (Fact::Other, f) => Some(f.text()?),
        _ => return None,
    };
    if crate::model::lifecycle(status, number, date) != Status::Issued {
        return Some(None);
    }
    let issuer = match (kind, unit, abbr) {
        ("report", Some(u), _) => format!("`{u}`"),
        ("plan" | "consolidated-report" | "report" | "letter", _, Some(a)) => {
            a.trim().to_uppercase()
        }
        _ => return None,
    };
    let kind = match kind {
        "plan" => PLAN.abbr,
        "letter" => LETTER_SERIES,
        _ => REPORT.abbr,
    };
    Some(
        date.and_then(DocDate::day)
            .zip(number)
            .map(|(d, n)| NumberKey(issuer, kind.to_string(), d.year(), n)),
    )
}

/// Numbers used twice in a batch: a signed document's number must be unique among the signed
/// documents of the same issuer, kind and year. Returns the errors of each entry (same order as
/// `entries`); each error names the other file.
pub(crate) fn duplicate_numbers(entries: &[BatchEntry<'_>]) -> Vec<Vec<Diagnostic>> {
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
        let number = format!("{}/{kind}-{issuer}", view::number(*n));
        for &i in users {
            let others: Vec<&BatchEntry<'_>> = users
                .iter()
                .filter(|&&j| j != i)
                .filter_map(|&j| entries.get(j))
                .collect();
            let (Some(entry), Some(slot)) = (entries.get(i), out.get_mut(i)) else {
                continue;
            };
            let names: Vec<String> = others
                .iter()
                .map(|e| e.path.display().to_string())
                .collect();
            let mut d = Source::new(entry.path, entry.text).error(
                "number",
                format!(
                    "the number {number} of {year} is also used by {}",
                    names.join(", ")
                ),
            );
            for other in others {
                d = Source::new(other.path, other.text).also(
                    d,
                    "number",
                    format!("{number} is given here too"),
                );
            }
            slot.push(d.hint(format!(
                "numbers run from 01 each year for each issuer; give one of these documents the next free number of {issuer} in {year}"
            )));
        }
    }
    out
}

fn check_section(
    s: &Section,
    depth: usize,
    src: &Source<'_>,
    path: &str,
    ids: &mut BTreeMap<String, String>,
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
        && s.tables.is_empty()
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
    ids: &mut BTreeMap<String, String>,
    out: &mut Vec<Diagnostic>,
) {
    for (i, item) in items.iter().enumerate() {
        let here = index(path, i);
        if let Some(id) = &item.id {
            let at = join(&here, "id");
            match ids.get(id) {
                Some(first) => out.push(
                    src.also(
                        src.error(&at, format!("the id `{id}` is used twice")),
                        first,
                        format!("`{id}` is used first here"),
                    )
                    .hint("ids name one target or task each; rename one of them"),
                ),
                None => {
                    ids.insert(id.clone(), at);
                }
            }
        }
        // Indicators' baselines and targets are checked in `values`.
        check_items(&item.items, src, &join(&here, "items"), ids, out);
    }
}

/// Checks the signature's authority prefixes (one line, or a chain of lines) and that there
/// is a name.
/// `path` is where the signature is written (`signature`).
pub(crate) fn signature(s: &Signature, src: &Source<'_>, path: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |key: &str| join(path, key);
    let chain = s
        .authority
        .as_deref()
        .map(crate::model::common::lines_of)
        .unwrap_or_default();
    let head = s.head.as_deref().map(str::trim).filter(|h| !h.is_empty());
    let last = chain.len().saturating_sub(1);
    for (i, a) in chain.iter().enumerate() {
        match crate::authority::split(a) {
            None if chain.len() == 1 => out.push(
                src.error(&at("authority"), format!("unknown authority prefix in `{a}`"))
                    .hint("use KT (deputy signs for the head), TM (for a collective body), TL, TUQ or Q, e.g. authority: KT, head: GIÁM ĐỐC; a chain is a list: authority: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]"),
            ),
            None => out.push(
                src.error(&at(&format!("authority[{i}]")), format!("the line `{a}` of the authority chain has no prefix"))
                    .hint("each line of the chain starts with TM., KT., TL., TUQ. or Q.; the signer's own title goes in `title`"),
            ),
            Some((_, rest)) => {
                if rest.is_empty() && (i != last || head.is_none()) {
                    out.push(src.error(&at(&format!("authority[{i}]")), format!("`{a}` needs the head's title"))
                        .hint(if i == last {
                            "add `head: GIÁM ĐỐC` (the title the prefix signs for), or write it after the prefix: `KT. GIÁM ĐỐC`"
                        } else {
                            "write the body or title after the prefix, e.g. `TM. ỦY BAN NHÂN DÂN`"
                        }));
                }
                if i == last && !rest.is_empty() && head.is_some() {
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
