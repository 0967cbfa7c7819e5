//! Stage 2c — lint: the official-format rules (Decree 30/2020, FORMAT.md) checked on the
//! model before rendering. Each finding is a warning with a rule id (VB001…), a position in
//! the YAML source and a hint; warnings fail a build only with `--deny-warnings`.

pub(crate) mod invisible;

use std::path::Path;

use chrono::NaiveDate;

use crate::error::Diagnostic;
use crate::locate::{self, line_col};
use crate::model::{ConsolidatedReport, DocDate, Issuer, Letter, Plan, Report, Signature, Status};
use crate::span::{index, join, Pos, Source, Spans};
use crate::texts::{self, Text};
use crate::view;

/// At most this many findings of one rule are reported per document.
pub(crate) const MAX_PER_RULE: usize = 20;

/// What the rules look at, taken from any kind of document.
struct Subject<'a> {
    /// Level-1 headings that convention sets in capitals (a plan's I., II., …), with their
    /// paths.
    level1: Vec<Text<'a>>,
    /// Kind abbreviation in the symbol: "KH", "BC".
    kind: &'static str,
    /// The issuer's abbreviations written in this YAML, by key (`abbr`, `office`).
    abbrs: Vec<(&'static str, &'a str)>,
    /// The drafting office, for the archive line's hint.
    office: Option<&'a str>,
    archive: &'a [String],
    recipients: &'a [String],
    signature: Signature,
    summary: &'a str,
    year: i32,
    date: Option<NaiveDate>,
    /// Every text value, in document order, with its path.
    texts: Vec<Text<'a>>,
}

/// Lints a plan; every finding is a warning.
pub(crate) fn plan(plan: &Plan, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut texts = vec![field("summary", &plan.summary)];
    texts::list(&plan.bases, "bases", &mut texts);
    texts.extend(plan.preamble.as_deref().map(|t| field("preamble", t)));
    texts::sections(&plan.sections, "sections", false, &mut texts);
    if let Some(r) = &plan.reporting {
        texts.push(field("reporting.lead", &r.lead));
        texts.push(field("reporting.to", &r.to));
        texts.extend(r.purpose.as_deref().map(|t| field("reporting.purpose", t)));
    }
    texts::list(&plan.recipients, "recipients", &mut texts);
    texts::list(&plan.electronic, "electronic", &mut texts);
    appendix_texts(&plan.appendices, &mut texts);
    let level1: Vec<Text<'_>> = if plan.numbering.at(1) == crate::model::Scheme::Roman {
        plan.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.numbered && s.scheme.is_none_or(|x| x == crate::model::Scheme::Roman)
            })
            .filter_map(|(i, s)| {
                let t = s.title.as_deref()?;
                Some((join(&index("sections", i), "title"), t))
            })
            .collect()
    } else {
        Vec::new()
    };
    let subject = Subject {
        level1,
        kind: crate::kinds::PLAN.abbr,
        abbrs: issuer_abbrs(&plan.issuer),
        office: plan.issuer.office.as_deref(),
        archive: &plan.archive,
        recipients: &plan.recipients,
        signature: plan.signature.clone(),
        summary: &plan.summary,
        year: plan.year,
        date: issued_day(plan.effective_status(), plan.date, plan.date_fixed),
        texts,
    };
    run(&subject, src, Some(plan))
}

/// VB010: the dates a reporting duty in the plan's own words names ("trước ngày 30/3",
/// "ngày 15 tháng 11") are the deadlines' dates. A date the deadlines lack is pointed at in
/// the text; a deadline the text does not name, at its `due`.
fn reporting_dates<'t>(plan: &'t Plan, l: &mut Linter<'_, 't>) {
    let Some(r) = &plan.reporting else {
        return;
    };
    let Some(text) = r.text.as_deref() else {
        return;
    };
    let named = day_months(text);
    let due: Vec<(usize, (u32, u32))> = r
        .deadlines
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Some((i, crate::dates::due_date(&d.due, plan.year)?)))
        .map(|(i, d)| (i, (d.day(), d.month())))
        .collect();
    let show = |(d, m): (u32, u32)| format!("{d}/{m}");
    for &(i, dm) in &due {
        if !named.iter().any(|n| n.0 == dm) {
            let d = Diagnostic::warning(
                l.file,
                format!(
                    "the reporting duty does not name the deadline {} of `reporting.deadlines`",
                    show(dm)
                ),
            )
            .code("VB010")
            .hint("write the date in the text (\"trước ngày 30/3\"), or correct the deadline: reports and `vanban status` go by the deadlines");
            l.push(d, Place::Node(format!("reporting.deadlines[{i}].due")));
        }
    }
    let mut seen = Vec::new();
    for &(dm, at, len) in &named {
        if due.iter().any(|d| d.1 == dm) || seen.contains(&dm) {
            continue;
        }
        seen.push(dm);
        let d = Diagnostic::warning(
            l.file,
            format!(
                "the reporting duty names {}, which is not a deadline of `reporting.deadlines`",
                show(dm)
            ),
        )
        .code("VB010")
        .hint("add it to `reporting.deadlines` (due: \"MM-DD\") or correct the text");
        let place = Place::Phrase {
            path: "reporting.text".to_string(),
            text,
            at,
            len,
        };
        l.push(d, place);
    }
}

/// Each "ngày d/m[/yyyy]" and "ngày d tháng m" of `text`: its (day, month), and where it is
/// (byte offset of "ngày" and length up to the end of the date).
fn day_months(text: &str) -> Vec<((u32, u32), usize, usize)> {
    let words = words_at(text);
    let num = |w: &str| trim_token(w).parse::<u32>().ok();
    let end_of = |k: usize| words.get(k).map(|(at, w)| at + trim_token(w).len());
    let mut out = Vec::new();
    for (i, (at, w)) in words.iter().enumerate() {
        if !same_word(w, "ngày") {
            continue;
        }
        let Some((_, next)) = words.get(i + 1) else {
            continue;
        };
        let parts: Vec<&str> = trim_token(next).split('/').collect();
        let found = match parts.as_slice() {
            [d, m] | [d, m, _] => d.parse().ok().zip(m.parse().ok()).zip(end_of(i + 1)),
            [d] => match (words.get(i + 2), words.get(i + 3)) {
                (Some((_, t)), Some((_, m))) if same_word(t, "tháng") => {
                    num(d).zip(num(m)).zip(end_of(i + 3))
                }
                _ => None,
            },
            _ => None,
        };
        if let Some((dm, end)) = found {
            out.push((dm, *at, end - at));
            if parts.len() >= 2 {
                out.extend(more_day_months(&words, i + 2, next.ends_with(',')));
            }
        }
    }
    out
}

/// The dates that continue a "ngày 01/6" without their own "ngày": "ngày 01/6 và 15/11",
/// "ngày 10/3, 10/6, 10/9 và 10/12", from word `k` on (`comma`: the previous date ended with
/// a comma).
fn more_day_months(
    words: &[(usize, &str)],
    mut k: usize,
    mut comma: bool,
) -> Vec<((u32, u32), usize, usize)> {
    let mut out = Vec::new();
    while let Some(&(_, w)) = words.get(k) {
        let joined = same_word(w, "và") || same_word(w, "hoặc");
        if joined {
            k += 1;
        } else if !comma {
            break;
        }
        let Some(&(at, w)) = words.get(k) else {
            break;
        };
        let t = trim_token(w);
        let dm = match t.split('/').collect::<Vec<_>>().as_slice() {
            [d, m] | [d, m, _] => d.parse::<u32>().ok().zip(m.parse::<u32>().ok()),
            _ => None,
        };
        let Some(dm) = dm.filter(|(d, m)| (1..=31).contains(d) && (1..=12).contains(m)) else {
            break;
        };
        out.push((dm, at, t.len()));
        comma = w.ends_with(',');
        k += 1;
    }
    out
}

/// Lints a unit's report. `head` is the unit head's title from the registry (the report's
/// issuer and abbreviation live there, so VB001 does not apply here).
pub(crate) fn report(r: &Report, head: &str, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut texts = vec![field("summary", &r.summary)];
    texts::list(&r.to, "to", &mut texts);
    texts::sections(&r.sections, "sections", false, &mut texts);
    texts.extend(r.closing.as_deref().map(|t| field("closing", t)));
    texts::list(&r.recipients, "recipients", &mut texts);
    appendix_texts(&r.appendices, &mut texts);
    let subject = Subject {
        level1: Vec::new(),
        kind: crate::kinds::REPORT.abbr,
        abbrs: Vec::new(),
        office: None,
        archive: &r.archive,
        recipients: &r.recipients,
        signature: r.signature.resolve(head),
        summary: &r.summary,
        year: r.year,
        date: issued_day(r.effective_status(), r.date, r.date_fixed),
        texts,
    };
    run(&subject, src, None)
}

/// Lints a consolidated report.
pub(crate) fn consolidated(c: &ConsolidatedReport, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut texts = vec![field("summary", &c.summary)];
    texts::list(&c.to, "to", &mut texts);
    texts::list(&c.bases, "bases", &mut texts);
    texts.extend(c.preamble.as_deref().map(|t| field("preamble", t)));
    texts::sections(&c.sections, "sections", false, &mut texts);
    texts.extend(c.closing.as_deref().map(|t| field("closing", t)));
    texts::list(&c.recipients, "recipients", &mut texts);
    texts::list(&c.electronic, "electronic", &mut texts);
    appendix_texts(&c.appendices, &mut texts);
    let subject = Subject {
        level1: Vec::new(),
        kind: crate::kinds::REPORT.abbr,
        abbrs: issuer_abbrs(&c.issuer),
        office: c.issuer.office.as_deref(),
        archive: &c.archive,
        recipients: &c.recipients,
        signature: c.signature.clone(),
        summary: &c.summary,
        year: c.year,
        date: issued_day(c.effective_status(), c.date, c.date_fixed),
        texts,
    };
    run(&subject, src, None)
}

/// The date the rules compare cited documents with: the day of issue as printed, once issued
/// or when a text for signature has its day fixed (`date_fixed`); a draft's or another text
/// for signature's date is not its date yet.
fn issued_day(status: Status, date: Option<DocDate>, date_fixed: bool) -> Option<NaiveDate> {
    date.and_then(DocDate::day)
        .filter(|_| status == Status::Issued || (status == Status::ForSignature && date_fixed))
}

/// Lints a plain text (a document's body copied from elsewhere) with the rules on text:
/// dates (VB002), doubled words (VB007) and cited documents (VB008). `issued` is the text's
/// own date, when known (a citation may not be later).
pub fn text(text: &str, issued: Option<NaiveDate>, file: &Path) -> Vec<Diagnostic> {
    let src = Source::new(file, text);
    let mut l = Linter::new(&src);
    l.texts(&[(None, text)], issued);
    let mut out = l.finish();
    out.extend(invisible::plain(&src, MAX_PER_RULE));
    out
}

/// Lints a công văn.
pub(crate) fn letter(l: &Letter, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut texts = vec![field("summary", &l.summary)];
    texts::list(&l.to, "to", &mut texts);
    texts::list(&l.bases, "bases", &mut texts);
    texts.extend(l.text.as_deref().map(|t| field("text", t)));
    texts::sections(&l.sections, "sections", false, &mut texts);
    texts.extend(l.closing.as_deref().map(|t| field("closing", t)));
    texts::list(&l.recipients, "recipients", &mut texts);
    texts::list(&l.electronic, "electronic", &mut texts);
    appendix_texts(&l.appendices, &mut texts);
    let subject = Subject {
        level1: Vec::new(),
        kind: "",
        abbrs: issuer_abbrs(&l.issuer),
        office: l.issuer.office.as_deref(),
        archive: &l.archive,
        recipients: &l.recipients,
        signature: l.signature.clone(),
        summary: &l.summary,
        year: l.year,
        date: issued_day(l.effective_status(), l.date, l.date_fixed),
        texts,
    };
    run(&subject, src, None)
}

fn issuer_abbrs(issuer: &Issuer) -> Vec<(&'static str, &str)> {
    let mut v = vec![("abbr", issuer.abbr.as_str())];
    v.extend(issuer.office.as_deref().map(|o| ("office", o)));
    v
}

/// The rules over `subject`, and for a plan VB010; the findings are placed together, VB011's
/// (found on the text itself) come before VB010's.
fn run<'t>(subject: &Subject<'t>, src: &Source<'_>, plan: Option<&'t Plan>) -> Vec<Diagnostic> {
    let mut l = Linter::new(src);
    l.symbol(subject);
    l.archive(subject);
    l.authority(subject);
    l.summary(subject);
    l.level1_capitals(subject);
    let texts: Vec<(Option<&str>, &str)> = subject
        .texts
        .iter()
        .map(|(path, t)| (Some(path.as_str()), *t))
        .collect();
    l.texts(&texts, subject.date);
    let rules = l.out.len();
    if let Some(plan) = plan {
        reporting_dates(plan, &mut l);
    }
    let mut out = l.finish();
    let dates = out.split_off(rules.min(out.len()));
    out.extend(invisible::yaml(src, MAX_PER_RULE));
    out.extend(dates);
    out
}

/// A top-level text and its key.
fn field<'a>(key: &str, text: &'a str) -> Text<'a> {
    (key.to_string(), text)
}

/// The texts of the appendices (written after the signature): titles, texts, sections (not
/// their tables: a table of documents lists numbers and dates in columns of their own).
fn appendix_texts<'a>(list: &'a [crate::model::Appendix], t: &mut Vec<Text<'a>>) {
    for (i, a) in list.iter().enumerate() {
        let at = index("appendices", i);
        t.push((join(&at, "title"), &a.title));
        t.extend(a.text.as_deref().map(|x| (join(&at, "text"), x)));
        texts::sections(&a.sections, &join(&at, "sections"), false, t);
    }
}

#[cfg(test)]
thread_local! {
    /// How many findings on this thread were placed at their node, not inside it (tests
    /// count them).
    static NEAREST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Where a finding of a YAML document goes, placed once all of them are known (one walk of
/// the text finds every node they need).
enum Place<'t> {
    /// The `len` bytes at byte `at` of `text`, the value at `path`.
    Phrase {
        path: String,
        text: &'t str,
        at: usize,
        len: usize,
    },
    /// The start of the value at the path (or its nearest ancestor written in the text).
    Value(String),
    /// The node at the path (or its nearest ancestor).
    Node(String),
}

impl Place<'_> {
    fn path(&self) -> &str {
        match self {
            Place::Phrase { path, .. } | Place::Value(path) | Place::Node(path) => path,
        }
    }
}

struct Linter<'a, 't> {
    src: &'a Source<'a>,
    file: &'a Path,
    out: Vec<Diagnostic>,
    /// The findings of `out` still to place (by index), and where.
    pending: Vec<(usize, Place<'t>)>,
    /// The last warning was dropped (over [`MAX_PER_RULE`]): do not locate it.
    skipped: bool,
}

impl<'a, 't> Linter<'a, 't> {
    fn new(src: &'a Source<'a>) -> Self {
        Linter {
            src,
            file: src.file,
            out: Vec::new(),
            pending: Vec::new(),
            skipped: false,
        }
    }

    /// The findings, each placed. The index of the text's nodes is the one already built for
    /// this document if there is one, else a walk that keeps only the nodes the findings are
    /// about and stops after the last of them ([`Spans::parse_for`]); a document without
    /// findings walks nothing.
    fn finish(self) -> Vec<Diagnostic> {
        if self.pending.is_empty() {
            return self.out;
        }
        let partial;
        let spans = match self.src.built() {
            Some(spans) => spans,
            None => {
                let wanted: Vec<&str> = self.pending.iter().map(|(_, p)| p.path()).collect();
                partial = Spans::parse_for(self.src.text, &wanted);
                &partial
            }
        };
        let text = self.src.text;
        let mut places: Vec<Option<Option<Pos>>> = vec![None; self.out.len()];
        for (i, place) in &self.pending {
            let pos = match place {
                Place::Phrase {
                    path,
                    text: value,
                    at,
                    len,
                } => locate::phrase_at(text, spans, path, value, *at, *len)
                    .map(|(pos, _)| pos)
                    .or_else(|| {
                        #[cfg(test)]
                        NEAREST.with(|n| n.set(n.get() + 1));
                        spans.nearest(path)
                    }),
                Place::Value(path) => spans.value_of(path).or_else(|| spans.nearest(path)),
                Place::Node(path) => spans.nearest(path),
            };
            if let Some(p) = places.get_mut(*i) {
                *p = Some(pos);
            }
        }
        self.out
            .into_iter()
            .zip(places)
            .map(|(d, pos)| match pos {
                Some(pos) => self.src.place(d, pos),
                None => d,
            })
            .collect()
    }

    /// Adds `d` (a finding no rule limits in number), to be placed at `place`.
    fn push(&mut self, d: Diagnostic, place: Place<'t>) {
        self.out.push(d);
        self.skipped = false;
        self.later(place);
    }

    /// The last warning (when kept) is to be placed at `place`.
    fn later(&mut self, place: Place<'t>) {
        if !self.skipped {
            if let Some(i) = self.out.len().checked_sub(1) {
                self.pending.push((i, place));
            }
        }
    }

    /// The rules on text, over every text value in document order: doubled words, cited
    /// dates, citations (a document cited with its date anywhere may be named again without).
    /// A text's path is where its findings are placed; `None`: the text is the source itself
    /// (a plain text).
    fn texts(&mut self, texts: &[(Option<&str>, &'t str)], issued: Option<NaiveDate>) {
        let cited: Vec<(String, bool)> = texts.iter().flat_map(|(_, t)| citations(t)).collect();
        for &(path, t) in texts {
            self.doubled_words(path, t);
            self.references(path, t, issued, &cited);
            self.cited_dates(path, t);
        }
    }

    /// Points the last warning at the `len` bytes at byte `at` of `text`, the value at `path`
    /// (`None`: the source itself): at the very character, read back from the node's span
    /// (see [`locate::phrase_at`]); at the node when the phrase cannot be placed inside it.
    fn at_in(&mut self, path: Option<&str>, text: &'t str, at: usize, len: usize) {
        let Some(path) = path else {
            // a plain text: the value is the source
            if self.skipped {
                return;
            }
            let pos = text.get(..at).map(|before| {
                let offset = before.chars().count();
                let (line, column) = line_col(text, offset);
                Pos {
                    line,
                    column,
                    offset,
                }
            });
            if let Some(d) = self.out.pop() {
                self.out.push(self.src.place(d, pos));
            }
            return;
        };
        self.later(Place::Phrase {
            path: path.to_string(),
            text,
            at,
            len,
        });
    }

    /// [`Linter::at_in`] for the whole of `text` but its surrounding white space.
    fn at_trimmed(&mut self, path: &str, text: &'t str) {
        let at = text.len() - text.trim_start().len();
        self.at_in(Some(path), text, at, text.trim().len());
    }

    fn warn(&mut self, code: &'static str, message: String, hint: String) {
        let seen = self.out.iter().filter(|d| d.code == Some(code)).count();
        self.skipped = seen >= MAX_PER_RULE;
        if !self.skipped {
            self.out.push(
                Diagnostic::warning(self.file, message)
                    .code(code)
                    .hint(hint),
            );
        }
    }

    /// Points the last warning at the value at `path` (or its nearest ancestor).
    fn at_value(&mut self, path: &str) {
        self.later(Place::Value(path.to_string()));
    }

    /// Points the last warning at the node at `path`.
    fn at_path(&mut self, path: &str) {
        self.later(Place::Node(path.to_string()));
    }

    fn symbol(&mut self, subject: &Subject<'t>) {
        let abbr = subject.abbrs.first().map_or("", |(_, v)| *v);
        for &(key, v) in &subject.abbrs {
            // a body within another may join both abbreviations with a hyphen, as the
            // Fatherland Front's boards do ("KH-MTTQ-BTT"); every part is upper case
            let ok = !v.is_empty()
                && v.split('-').all(|part| {
                    !part.is_empty()
                        && part
                            .chars()
                            .all(|c| c.is_ascii_digit() || (c.is_alphabetic() && !c.is_lowercase()))
                });
            if !ok {
                let fixed: String = v
                    .to_uppercase()
                    .split('-')
                    .map(|part| {
                        part.chars()
                            .filter(|c| c.is_alphanumeric())
                            .collect::<String>()
                    })
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join("-");
                self.warn(
                    "VB001",
                    format!("the abbreviation `{v}` is not upper-case letters alone"),
                    if subject.kind.is_empty() {
                        format!(
                            "the symbol is printed as {abbr}-{}: write `{key}: {fixed}` (Decree 30, Appendix III)",
                            subject.office.unwrap_or("")
                        )
                    } else {
                        format!(
                            "the symbol is printed as {}-{abbr}: write `{key}: {fixed}` (Decree 30, Appendix III)",
                            subject.kind
                        )
                    },
                );
                self.at_value(&format!("issuer.{key}"));
            }
        }
    }

    fn archive(&mut self, subject: &Subject<'t>) {
        if subject.archive.is_empty() {
            let office = subject.office.unwrap_or("NVY");
            self.warn(
                "VB003",
                "the recipients list (Nơi nhận) has no archive line".into(),
                format!("add `archive: [VT, {office}]`, printed last as \"- Lưu: VT, {office}.\""),
            );
            self.at_path("recipients");
        } else if subject.archive.first().map(|a| a.trim()) != Some("VT") {
            let list = subject.archive.join(", ");
            self.warn(
                "VB003",
                format!("the archive line \"- Lưu: {list}.\" does not start with VT"),
                "the clerical office (Văn thư) keeps the first copy: write `archive: [VT, <office>]`"
                    .into(),
            );
            self.at_path("archive");
        }
        for (i, r) in subject.recipients.iter().enumerate() {
            let t = r.trim();
            let lowered = t.to_lowercase();
            let (message, hint) = if lowered.trim_start_matches(['-', ' ']).starts_with("lưu") {
                (
                    format!("the archive line is written as a recipient: \"{t}\""),
                    "remove it from `recipients` and write `archive: [VT, …]`: it is printed last"
                        .to_string(),
                )
            } else if t.starts_with(['-', '+']) || t.ends_with([';', '.']) {
                (
                    format!("the recipient \"{t}\" carries its own punctuation"),
                    "write the name alone: vanban adds \"- \" before it and \";\" after it"
                        .to_string(),
                )
            } else {
                continue;
            };
            self.warn("VB003", message, hint);
            self.at_trimmed(&index("recipients", i), r);
        }
    }

    fn authority(&mut self, subject: &Subject<'t>) {
        let s = &subject.signature;
        let chain = s
            .authority
            .as_deref()
            .map(crate::model::common::lines_of)
            .unwrap_or_default();
        let Some(prefixes) = chain
            .iter()
            .map(|a| crate::authority::split(a).map(|(p, _)| p))
            .collect::<Option<Vec<&str>>>()
        else {
            return; // validate reports an unknown prefix
        };
        let Some(&prefix) = prefixes.last() else {
            return;
        };
        // TM. speaks for a collective body: it opens the chain ("TM. ỦY BAN NHÂN DÂN").
        if prefixes.iter().skip(1).any(|p| *p == "TM") {
            self.warn(
                "VB004",
                "`TM.` is not the first line of the authority chain".into(),
                "TM. (on behalf of a collective body) comes first: authority: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]".into(),
            );
            self.at_path("signature.authority");
        }
        // KT., TL., TUQ. or Q. can only be the line right above the signer's title.
        if let Some(p) = prefixes
            .iter()
            .take(prefixes.len().saturating_sub(1))
            .find(|p| matches!(**p, "KT" | "TL" | "TUQ" | "Q"))
        {
            self.warn(
                "VB004",
                format!("`{p}.` is followed by another authority line"),
                format!("{p}. is the last line before the signer's title; only TM. goes above it: authority: [TM. ỦY BAN NHÂN DÂN, {p}. CHỦ TỊCH]"),
            );
            self.at_path("signature.authority");
        }
        let lines = view::signature_lines(s);
        if matches!(prefix, "KT" | "TL" | "TUQ" | "Q") && lines.len() < chain.len() + 1 {
            let meaning = match prefix {
                "KT" => "a deputy signs for the head",
                "TL" => "an officer signs by order of the head",
                "TUQ" => "an officer signs by written delegation",
                _ => "an acting head signs",
            };
            self.warn(
                "VB004",
                format!("`{prefix}.` needs a second line with the signer's own title"),
                format!(
                    "{prefix}. means {meaning}: the first line is \"{prefix}. <head's title>\", the second the signer's title, e.g. authority: {prefix}, head: GIÁM ĐỐC, title: PHÓ GIÁM ĐỐC"
                ),
            );
            self.at_value("signature.title");
        } else if prefix == "KT" && !s.title.trim().to_uppercase().starts_with("PHÓ") {
            self.warn(
                "VB004",
                format!(
                    "`KT.` is signed by a deputy, but the title is \"{}\"",
                    s.title.trim()
                ),
                "KT. (ký thay) is for a deputy (PHÓ GIÁM ĐỐC); the head signs without a prefix"
                    .into(),
            );
            self.at_value("signature.title");
        }
    }

    fn summary(&mut self, subject: &Subject<'t>) {
        let letters: Vec<char> = subject
            .summary
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        if letters.len() > 3 && letters.iter().all(|c| !c.is_lowercase()) {
            self.warn(
                "VB005",
                "the summary (trích yếu) is written in capitals".into(),
                "write it in sentence case, e.g. \"Thực hiện công tác … năm 2018\"; only the kind (KẾ HOẠCH) is upper case".into(),
            );
            self.at_value("summary");
        }
        let placed = words_at(subject.summary);
        let words: Vec<&str> = placed.iter().map(|(_, w)| *w).collect();
        for (k, pair) in placed.windows(2).enumerate() {
            if let [(_, w), (at, y)] = pair {
                // where the year's first digit is in the summary
                let y_at = at + y.len() - y.trim_start_matches(|c: char| !c.is_ascii_digit()).len();
                let y = y.trim_matches(|c: char| !c.is_ascii_digit());
                if same_word(w, "năm") && y.len() == 4 {
                    if let Ok(n) = y.parse::<i32>() {
                        if n != subject.year && !other_year(&words[..k], n, subject.year) {
                            self.warn(
                                "VB006",
                                format!(
                                    "the summary names the year {n}, the document's year is {}",
                                    subject.year
                                ),
                                "make `summary` and `year` agree (copied from last year's plan?)"
                                    .into(),
                            );
                            self.at_in(Some("summary"), subject.summary, y_at, y.len());
                        }
                    }
                }
            }
        }
    }

    fn level1_capitals(&mut self, subject: &Subject<'t>) {
        for (path, title) in &subject.level1 {
            if title.chars().any(char::is_lowercase) {
                let t = title.trim();
                self.warn(
                    "VB009",
                    format!("the level-1 heading \"{t}\" is not in capitals"),
                    format!(
                        "a plan's I., II. headings are set in capitals: write `title: {}` (headings print as typed)",
                        t.to_uppercase()
                    ),
                );
                self.at_trimmed(path, title);
            }
        }
    }

    fn doubled_words(&mut self, path: Option<&str>, text: &'t str) {
        let words = words_at(text);
        for pair in words.windows(2) {
            let [(at, a), (_, b)] = pair else { continue };
            let b = b.trim_end_matches(|c: char| !c.is_alphabetic());
            let word = |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic);
            if same_word(a, b) && word(a) && doubled_is_a_typo(a) {
                self.warn(
                    "VB007",
                    format!("the word \"{a}\" is doubled: \"{a} {b}\""),
                    format!("delete one \"{a}\" (or fix the typo)"),
                );
                self.at_in(path, text, *at, a.len());
            }
        }
    }

    fn cited_dates(&mut self, path: Option<&str>, text: &'t str) {
        for (at, written, d, m, y) in dates_in(text) {
            let Some(real) = NaiveDate::from_ymd_opt(y, m, d) else {
                self.warn(
                    "VB002",
                    format!("the date \"{written}\" does not exist"),
                    "check the day and the month".into(),
                );
                self.at_in(path, text, at, 0);
                continue;
            };
            let want = if written.contains('/') {
                let month = if m <= 2 {
                    format!("{m:02}")
                } else {
                    m.to_string()
                };
                format!("ngày {d:02}/{month}/{y}")
            } else {
                crate::dates::vietnamese_date(real)
            };
            // "Ngày 05/3/2018" opening a sentence and "NGÀY 18/3/2026" in a title in
            // capitals are the same date: only the digits are checked
            if written.to_lowercase() != want {
                self.warn(
                    "VB002",
                    format!("the date \"{written}\" does not follow the zero rules"),
                    format!(
                        "write \"{want}\": days below 10 and the months 1 and 2 take a leading zero, the months 3 to 12 do not"
                    ),
                );
                self.at_in(path, text, at, 0);
            }
        }
    }

    fn references(
        &mut self,
        path: Option<&str>,
        text: &'t str,
        issued: Option<NaiveDate>,
        cited: &[(String, bool)],
    ) {
        let words = words_at(text);
        let mut i = 0;
        while i < words.len() {
            let Some((kind, n)) = citation_at(&words, i) else {
                i += 1;
                continue;
            };
            let begin = i;
            let number_at = i + n + 1;
            i = number_at;
            let Some(&number) = words.get(number_at) else {
                break;
            };
            let raw = number.1;
            // the citation from its kind to its number: where it starts, how long it is
            let at = words.get(begin).map_or(0, |w| w.0);
            let len = number.0 + raw.len() - at;
            let token = trim_token(raw);
            let cite = Citation::parse(token);
            let next = words.get(number_at + 1).map_or("", |w| w.1);
            let example = format!("{kind} số 05/{}-UBND ngày 29/7/2016", kind_abbr(kind));
            // a symbol broken by a space: "144/2021/NĐ- CP", "01/2008/NQLT-BLĐT BXH-BCA"
            let broken = (token.ends_with('-') || (next.contains('-') && !next.starts_with('-')))
                && next.chars().next().is_some_and(char::is_uppercase)
                && cite.numeral;
            if broken {
                self.warn(
                    "VB008",
                    format!("the symbol of \"{kind} số {token} {next}\" contains a space"),
                    format!("a symbol has no spaces: write {token}{next}, joined"),
                );
                self.at_in(path, text, number.0, 0);
                continue;
            }
            match cite.form {
                Form::Malformed => {
                    self.warn(
                        "VB008",
                        format!("the reference \"{kind} số {token}\" has no number and symbol in the form N/KH-XX"),
                        format!("cite it as \"{example}\" (number, kind and issuer abbreviations, date), or \"05-NQ/TU\" for a Party document"),
                    );
                    self.at_in(path, text, at, len);
                    continue;
                }
                // "Nghị quyết số 57" again after "Nghị quyết số 57-NQ/TW ngày 22/12/2024",
                // "Nghị quyết liên tịch số 01/2008" after "01/2008/NQLT-…"
                Form::NumberOnly => {
                    let full = cited.iter().any(|(d, _)| {
                        d.len() > token.len()
                            && d.starts_with(token)
                            && d[token.len()..].starts_with(['/', '-'])
                    });
                    if !full {
                        self.warn(
                            "VB008",
                            format!("the reference \"{kind} số {token}\" has no symbol"),
                            format!("cite it in full the first time: \"{example}\""),
                        );
                        self.at_in(path, text, at, len);
                    }
                    continue;
                }
                _ => {}
            }
            // "ngày" follows the number (a comma may come between: "57-NQ/TW, ngày …")
            let (has_date, after) = match (next, words.get(number_at + 2).map(|w| w.1)) {
                (",", Some(w)) if same_word(w, "ngày") => (true, number_at + 3),
                (n, _) if same_word(n, "ngày") => (true, number_at + 2),
                _ => (false, number_at + 1),
            };
            if !has_date {
                // a second mention, a normative document (its year is in its number) and a
                // Party document (numbered by term) are commonly cited without a date
                let named_again = cited.iter().any(|(d, dated)| *dated && d == token);
                if !named_again && cite.form == Form::Administrative {
                    self.warn(
                        "VB008",
                        format!("the reference \"{kind} số {token}\" gives no date"),
                        format!("an administrative document's number restarts every year: cite it with its date, \"{kind} số {token} ngày d/m/yyyy\""),
                    );
                    self.at_in(path, text, at, len);
                }
                continue;
            }
            let date = date_after(&words, after);
            // the date as written: "23/12/2025" is one word, "ngày 27 tháng 9 năm 2025" five
            let shown = match words.get(after) {
                Some((_, w)) if w.contains('/') => {
                    w.trim_end_matches([',', ';', '.', ':', ')']).to_string()
                }
                _ => words
                    .get(after..(after + 5).min(words.len()))
                    .map(|w| w.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" "))
                    .unwrap_or_default(),
            };
            match (date, cite.year) {
                (None, _) => {
                    self.warn(
                        "VB008",
                        format!("the date of \"{kind} số {token}\" is not a date"),
                        format!("write it as \"{kind} số {token} ngày 29/7/2016\" or \"ngày 29 tháng 7 năm 2016\""),
                    );
                    self.at_in(path, text, at, len);
                }
                (Some(d), Some(y)) if d.year() != y => {
                    self.warn(
                        "VB008",
                        format!("\"{kind} số {token}\" carries the year {y} but is dated {shown}"),
                        "the year in the number and the year of the date must agree: check both"
                            .into(),
                    );
                    self.at_in(path, text, at, len);
                }
                (Some(d), _) if issued.is_some_and(|x| d > x) => {
                    self.warn(
                        "VB008",
                        format!("\"{kind} số {token}\" is dated {shown}, after this document"),
                        "a document can only cite documents issued before it: check the date"
                            .into(),
                    );
                    self.at_in(path, text, at, len);
                }
                _ => {}
            }
        }
    }
}

/// The kinds of document a citation names, longest first.
const KINDS: [&str; 16] = [
    "Nghị quyết liên tịch",
    "Thông tư liên tịch",
    "Kế hoạch",
    "Quyết định",
    "Công văn",
    "Thông báo",
    "Nghị quyết",
    "Nghị định",
    "Chỉ thị",
    "Thông tư",
    "Báo cáo",
    "Hướng dẫn",
    "Kết luận",
    "Chương trình",
    "Pháp lệnh",
    "Tờ trình",
];

/// A citation starting at word `i`: "Kế hoạch số …" (case aside) whose number starts with a
/// digit; the kind and how many words it takes.
fn citation_at(words: &[(usize, &str)], i: usize) -> Option<(&'static str, usize)> {
    // cheap test first: "số" within four words
    if !words
        .get(i + 1..(i + 5).min(words.len()))
        .is_some_and(|w| w.iter().any(|(_, w)| same_word(w, "số")))
    {
        return None;
    }
    KINDS.iter().find_map(|k| {
        let n = k.split(' ').count();
        let matches = words.get(i..i + n).is_some_and(|w| {
            w.iter()
                .zip(k.split(' '))
                .all(|((_, a), b)| same_word(a, b))
        }) && words.get(i + n).is_some_and(|(_, w)| same_word(w, "số"))
            && words
                .get(i + n + 1)
                .is_some_and(|(_, w)| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
        matches.then_some((*k, n))
    })
}

/// The forms a document's number and symbol take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// State administrative document: "2222/KH-UBND" (numbered from 1 each year).
    Administrative,
    /// Legal normative document: "178/2004/NĐ-CP", "51/2001/QH10", joint symbols.
    Normative,
    /// Party document (Hướng dẫn 36-HD/VPTW): "05-NQ/TU", "68-KL/TW", "12-KH/ĐU".
    Party,
    /// The number alone, as a document already cited is named again: "Nghị quyết số 57".
    NumberOnly,
    /// None of these.
    Malformed,
}

#[derive(Debug, Clone, Copy)]
struct Citation {
    form: Form,
    /// The number starts with digits.
    numeral: bool,
    /// The year in a normative document's number.
    year: Option<i32>,
}

impl Citation {
    fn parse(token: &str) -> Citation {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        // an abbreviation: letters and digits, starting upper case ("UBND", "TTg", "QH15")
        let abbr = |s: &str| {
            !s.is_empty()
                && s.chars().all(char::is_alphanumeric)
                && s.chars().next().is_some_and(|c| c.is_uppercase())
        };
        let symbol = |s: &str| !s.is_empty() && s.split('-').all(abbr);
        let parts: Vec<&str> = token.split('/').collect();
        let numeral = parts
            .first()
            .is_some_and(|p| p.chars().next().is_some_and(|c| c.is_ascii_digit()));
        let (form, year) = match parts.as_slice() {
            [n] if digits(n) => (Form::NumberOnly, None),
            [n, y] if digits(n) && digits(y) && y.len() == 4 => (Form::NumberOnly, None),
            [n, s] if digits(n) && symbol(s) => (Form::Administrative, None),
            [n, y, s] if digits(n) && digits(y) && y.len() == 4 && symbol(s) => {
                (Form::Normative, y.parse().ok())
            }
            [n, s] if abbr(s) => match n.split_once('-') {
                Some((num, kind)) if digits(num) && abbr(kind) => (Form::Party, None),
                _ => (Form::Malformed, None),
            },
            _ => (Form::Malformed, None),
        };
        Citation {
            form,
            numeral,
            year,
        }
    }
}

/// The numbers of the documents cited in `text` ("2222/KH-UBND"), each with whether that
/// mention gives a date.
fn citations(text: &str) -> Vec<(String, bool)> {
    let words = words_at(text);
    let mut out = Vec::new();
    for i in 0..words.len() {
        let Some((_, n)) = citation_at(&words, i) else {
            continue;
        };
        let Some(&(_, raw)) = words.get(i + n + 1) else {
            continue;
        };
        let next = words.get(i + n + 2).map_or("", |w| w.1);
        let next = if next == "," {
            words.get(i + n + 3).map_or("", |w| w.1)
        } else {
            next
        };
        out.push((trim_token(raw).to_string(), same_word(next, "ngày")));
    }
    out
}

/// A citation's token without the punctuation that follows it.
fn trim_token(raw: &str) -> &str {
    raw.trim_end_matches([',', ';', '.', ')', ':', '('])
}

/// The date written from word `i` on: "29/7/2016", "29-7-2016" or "29 tháng 7 năm 2016".
fn date_after(words: &[(usize, &str)], i: usize) -> Option<NaiveDate> {
    let w = |k: usize| words.get(i + k).map(|w| trim_token(w.1));
    let first = w(0)?;
    if let Some(d) = parse_dmy(first).or_else(|| parse_dmy(&first.replace('-', "/"))) {
        return Some(d);
    }
    let num = |s: &str| s.parse::<u32>().ok();
    match (
        w(0).and_then(num),
        w(1),
        w(2).and_then(num),
        w(3),
        w(4).and_then(num),
    ) {
        (Some(d), Some(t), Some(m), Some(n), Some(y))
            if same_word(t, "tháng") && same_word(n, "năm") =>
        {
            NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
        }
        _ => None,
    }
}

/// The words of `text` (split on white space) with their byte offsets.
/// Whether "năm `n`" after `before` names a year other than the document's on purpose: a
/// target ("đến năm 2030", "tới năm 2025"), the date of a document cited ("ngày 27 tháng 7
/// năm 2013"), or the next year (a plan for 2026 issued in November 2025). A year before the
/// document's is what a plan copied from last year's keeps: that one is flagged.
fn other_year(before: &[&str], n: i32, year: i32) -> bool {
    let last = before.last().copied().unwrap_or("");
    let date = before.len() >= 2
        && same_word(before[before.len() - 2], "tháng")
        && last.chars().all(|c| c.is_ascii_digit());
    same_word(last, "đến") || same_word(last, "tới") || date || n == year + 1
}

fn words_at(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// A doubled syllable is a typo, unless it is a reduplication ("người người") or the end of
/// one word and the start of the next ("hành vi vi phạm", "Đảng ủy Ủy ban", "thi công công
/// trình", "kiểm định định kỳ", "sử dụng dụng cụ", "Phó Chủ tịch Thường trực trực tiếp"), which
/// Vietnamese writes all the time.
/// Function words doubled ("theo theo", "của của", "và và") are always typos.
fn doubled_is_a_typo(w: &str) -> bool {
    const TYPOS: [&str; 24] = [
        "theo", "của", "và", "các", "được", "với", "cho", "trong", "là", "để", "những", "đã", "sẽ",
        "có", "không", "này", "đó", "một", "tại", "về", "thì", "mà", "hoặc", "bị",
    ];
    const ALLOWED: [&str; 73] = [
        "từ",
        "trực",
        "đều",
        "ngày",
        "người",
        "nhà",
        "lần",
        "mãi",
        "thường",
        "dần",
        "vừa",
        "càng",
        "nhau",
        "vi",
        "lý",
        "tin",
        "học",
        "chính",
        "quan",
        "dân",
        "hội",
        "nhân",
        "nghiệp",
        "tế",
        "trình",
        "tác",
        "động",
        "viên",
        "pháp",
        "sinh",
        "hóa",
        "hoá",
        "trường",
        "ủy",
        "uỷ",
        "công",
        "định",
        "dụng",
        "phòng",
        "bộ",
        "thể",
        "lượng",
        "hành",
        "vụ",
        "chức",
        "tra",
        "năng",
        "sự",
        "tiêu",
        "điểm",
        "phương",
        "án",
        "sách",
        "liệu",
        "đồng",
        "đoàn",
        "thông",
        "gia",
        "khoa",
        "số",
        "nước",
        "tư",
        "kế",
        "hoạch",
        "phí",
        "cứu",
        "chủ",
        "tịch",
        "trị",
        "tướng",
        "đạo",
        "thức",
        "thuật",
    ];
    TYPOS.iter().any(|t| same_word(t, w)) || !ALLOWED.iter().any(|t| same_word(t, w))
}

use chrono::Datelike;

fn kind_abbr(kind: &str) -> &'static str {
    crate::kinds::cited_abbr(kind).unwrap_or(crate::kinds::PLAN.abbr)
}

/// "29/7/2016" → the date, if it is one.
fn parse_dmy(s: &str) -> Option<NaiveDate> {
    let mut it = s.split('/').map(|p| p.parse::<u32>().ok());
    let (d, m, y) = (it.next()??, it.next()??, it.next()??);
    if it.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// A date found in text: byte offset, as written, day, month, year.
type Found = (usize, String, u32, u32, i32);

/// Dates written "ngày d/m/yyyy" or "ngày d tháng m năm yyyy" in `text` (any case).
fn dates_in(text: &str) -> Vec<Found> {
    let words = words_at(text);
    let mut out = Vec::new();
    let num = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches([',', ';', '.', ')', ':']);
        (!w.is_empty() && w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit()))
            .then(|| w.parse().ok())?
    };
    let word = |k: usize| words.get(k).map(|w| w.1);
    for (i, &(at, w)) in words.iter().enumerate() {
        if !same_word(w, "ngày") {
            continue;
        }
        let Some(next) = word(i + 1) else {
            continue;
        };
        let token = next.trim_end_matches([',', ';', '.', ')', ':']);
        let parts: Vec<&str> = token.split('/').collect();
        if let [d, m, y] = parts.as_slice() {
            if let (Some(d), Some(m), Some(y)) = (num(d), num(m), num(y)) {
                if y >= 1000 {
                    out.push((at, format!("{w} {token}"), d, m, y as i32));
                }
            }
            continue;
        }
        if let (Some(d), Some(t), Some(m), Some(n), Some(y)) = (
            num(token),
            word(i + 2),
            word(i + 3).and_then(num),
            word(i + 4),
            word(i + 5).and_then(num),
        ) {
            if !same_word(t, "tháng") || !same_word(n, "năm") {
                continue;
            }
            let written = format!(
                "{w} {token} {t} {} {n} {}",
                word(i + 3)
                    .map(|m| m.trim_end_matches([',', ';', '.']))
                    .unwrap_or(""),
                y
            );
            out.push((at, written, d, m, y as i32));
        }
    }
    out
}

/// Finds `needle` in `hay` from char index `from`, where any run of whitespace in the needle
/// matches any run of whitespace in the haystack (so folded YAML text matches). Returns the
/// char indexes of the start and the end.
/// The same word, ignoring case, without allocating.
fn same_word(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::find_loose;

    #[test]
    fn loose_find_crosses_folded_lines() {
        let src = "text: >-\n  a truyền\n  truyền viên\n";
        let chars: Vec<char> = src.chars().collect();
        let (s, _) = find_loose(&chars, "truyền truyền", 0).unwrap();
        assert_eq!(line_col(src, s), (2, 5));
    }

    fn codes(text: &str) -> Vec<String> {
        super::text(text, None, Path::new("t.txt"))
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn real_citations_are_not_flagged() {
        for ok in [
            "Thực hiện Nghị quyết số 05-NQ/TU ngày 12/6/2025 của Tỉnh ủy.",
            "Thực hiện Kết luận số 68-KL/TW của Bộ Chính trị, Kế hoạch số 12-KH/ĐU của Đảng ủy.",
            "Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị.",
            "Nghị quyết số 96/2023/QH15 ngày 24/6/2023 của Quốc hội.",
            "Nghị quyết liên tịch số 01/2008/NQLT-BLĐTBXH-BCA-BVHTTDL-UBTUMTTQVN ngày 28/8/2008; theo Nghị quyết liên tịch số 01/2008.",
            "Kế hoạch số 2222/KH-UBND ngày 29/7/2016 của UBND tỉnh. Triển khai Kế hoạch số 2222/KH-UBND, các đơn vị …",
            "Quyết định số 1237/QĐ-TTg ngày 27 tháng 7 năm 2013 của Thủ tướng.",
            "QUYẾT ĐỊNH SỐ 1237/QĐ-TTG NGÀY 27 THÁNG 7 NĂM 2013; NGÀY 18/3/2026; Ngày 12/3/2012, Sở …",
            "Đảng ủy Ủy ban nhân dân tỉnh; thi công công trình; kiểm định định kỳ; sử dụng dụng cụ.",
            "Phân công đồng chí Phó Chủ tịch Thường trực trực tiếp phụ trách.",
            "Báo cáo số liệu; Kết luận số hài cốt đã quy tập.",
        ] {
            assert_eq!(codes(ok), Vec::<String>::new(), "{ok}");
        }
    }

    #[test]
    fn real_errors_are_still_flagged_at_the_right_mention() {
        let c = codes("tuyên truyền truyền viên; theo theo quy định");
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(
            c[0].contains("t.txt:1:7:") && c[0].contains("VB007"),
            "{c:?}"
        );
        let c = codes("ngày 5/3/2018 và ngày 28/2/2020");
        assert_eq!(c.len(), 2, "{c:?}");
        // the second mention is the one without a date: the finding points at it
        let c = codes("Kế hoạch số 12/KH-UBND ngày 02/3/2026.\nKế hoạch số 13/KH-UBND.");
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(
            c[0].contains("t.txt:2:1:") && c[0].contains("gives no date"),
            "{c:?}"
        );
        let c =
            codes("Kế hoạch số 12/KH-UBND ngày 02/3/2026. Kế hoạch số 12/KH-UBND ngày 5/3/2026.");
        assert!(c.len() == 1 && c[0].contains(":1:63:"), "{c:?}");
        let c = codes("Nghị định số 144/2021/NĐ- CP ngày 31/12/2021");
        assert!(c.len() == 1 && c[0].contains("contains a space"), "{c:?}");
        // a cited date after the document's own: the message shows the date alone
        let c: Vec<String> = super::text(
            "Căn cứ Kế hoạch số 16/KH-MTTQ-BTT ngày 23/12/2025 của Ban Thường trực Ủy ban.",
            NaiveDate::from_ymd_opt(2025, 12, 10),
            Path::new("t.txt"),
        )
        .iter()
        .map(|d| d.to_string().lines().next().unwrap_or("").to_string())
        .collect();
        assert!(
            c.len() == 1 && c[0].contains("is dated 23/12/2025, after this document"),
            "{c:?}"
        );
        let c = codes("Nghị quyết số 96/2023/QH15 ngày 24/6/2022");
        assert!(
            c.len() == 1 && c[0].contains("carries the year 2023"),
            "{c:?}"
        );
    }

    /// Every finding on every document of `plans/` and `tests/fixtures/` (and their CRLF
    /// copies) is placed in its node, at the character read back from the node's span: the
    /// loose search inside the node is never needed there.
    #[test]
    fn the_repository_s_findings_are_placed_without_the_loose_search() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut docs, mut findings, mut placed) = (0, 0, 0);
        for dir in ["plans", "tests/fixtures"] {
            for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let e = e.unwrap();
                if e.path().extension().is_none_or(|x| x != "yaml") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(e.path()) else {
                    continue;
                };
                for text in [text.clone(), text.replace('\n', "\r\n")] {
                    let Ok(doc) = crate::load::parse(&text, e.path()) else {
                        continue;
                    };
                    docs += 1;
                    let src = Source::new(e.path(), &text);
                    let found = match &doc {
                        crate::model::Document::Plan(p) => plan(p, &src),
                        crate::model::Document::Report(r) => report(r, "", &src),
                        crate::model::Document::ConsolidatedReport(c) => consolidated(c, &src),
                        crate::model::Document::Letter(l) => letter(l, &src),
                    };
                    findings += found.len();
                    placed += found.iter().filter(|d| d.line.is_some()).count();
                }
            }
        }
        let loose = crate::locate::LOOSE.with(std::cell::Cell::get);
        let nearest = NEAREST.with(std::cell::Cell::get);
        eprintln!(
            "{docs} documents, {findings} findings, {placed} placed, {loose} by the loose search, {nearest} at the node only"
        );
        assert!(
            docs > 100 && findings > 30,
            "{docs} documents, {findings} findings"
        );
        assert_eq!((placed, loose, nearest), (findings, 0, 0));
    }

    #[test]
    fn dates_in_text() {
        let d = dates_in("theo Kế hoạch số 5/KH-X ngày 5/3/2018 và ngày 05 tháng 03 năm 2018.");
        let written: Vec<&str> = d.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(written, ["ngày 5/3/2018", "ngày 05 tháng 03 năm 2018"]);
        assert_eq!(parse_dmy("29/7/2016"), NaiveDate::from_ymd_opt(2016, 7, 29));
        assert_eq!(parse_dmy("30/2/2016"), None);
    }
}
