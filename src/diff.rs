//! `vanban diff`: what changed between two plans, by structure — the review a director asks
//! for when next year's draft arrives. Sections and items are matched (items by id, else by
//! text), rewordings are shown as word diffs ("[-2018-] {+2019+}"). Pure: two models in, a
//! [`Report`] out; the text and JSON renderings are here too.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::common::one_line;
use crate::model::{Deadline, Indicator, Item, Letter, Plan, Section, Signature, Status};
use crate::view;

/// Where in the document a change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Area {
    /// The frame: year, number, date, status, issuer, place, summary, bases, preamble.
    Document,
    /// Sections and items.
    Body,
    /// The reporting duty and its deadlines.
    Reporting,
    /// Recipients, the electronic list, the archive line.
    Distribution,
    /// The signature block.
    Signature,
}

impl Area {
    fn heading(self) -> &'static str {
        match self {
            Area::Document => "Document",
            Area::Body => "Body",
            Area::Reporting => "Reporting",
            Area::Distribution => "Recipients",
            Area::Signature => "Signature",
        }
    }
}

/// What happened to the thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// It is new.
    Added,
    /// It is gone.
    Removed,
    /// Its text changed (see `words`).
    Reworded,
    /// A value changed.
    Changed,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The part of the document.
    pub area: Area,
    /// Added, removed, reworded or changed.
    pub kind: Kind,
    /// What changed: "year", "II.2.3 Công tác thanh tra…", "II.1 item xa-tuyen-truyen".
    pub at: String,
    /// The value before, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The value after, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// For a rewording, the words changed with some context: "…năm [-2018-] {+2019+}".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

/// Every change between two plans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The old file, as named on the command line.
    pub old: String,
    /// The new file.
    pub new: String,
    /// The changes, by area and in document order.
    pub changes: Vec<Change>,
}

/// Compares two plans.
pub fn plans(old: &Plan, new: &Plan, old_name: &str, new_name: &str) -> Report {
    let mut d = Differ::default();
    d.frame(old, new);
    d.sections(&old.sections, &new.sections, &[], &[]);
    d.reporting(old, new);
    d.list(
        Area::Distribution,
        "recipient",
        &old.recipients,
        &new.recipients,
    );
    d.list(
        Area::Distribution,
        "electronic copy",
        &old.electronic,
        &new.electronic,
    );
    d.list(Area::Distribution, "archive", &old.archive, &new.archive);
    d.signature(&old.signature, &new.signature);
    let mut changes = d.changes;
    changes.sort_by_key(|c| c.area);
    Report {
        old: old_name.to_string(),
        new: new_name.to_string(),
        changes,
    }
}

/// What changed between two công văn: the same as between plans (the body `text` is compared
/// as the preamble), and the addressees (Kính gửi) and the closing.
pub fn letters(old: &Letter, new: &Letter, old_name: &str, new_name: &str) -> Report {
    let mut r = plans(&old.as_plan(), &new.as_plan(), old_name, new_name);
    let mut d = Differ::default();
    d.list(Area::Document, "addressee (Kính gửi)", &old.to, &new.to);
    d.text(
        Area::Body,
        "closing",
        old.closing.as_deref(),
        new.closing.as_deref(),
    );
    for c in &mut r.changes {
        if c.at == "preamble" {
            c.at = "text".into();
        }
    }
    r.changes.extend(d.changes);
    r.changes.sort_by_key(|c| c.area);
    r
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
}

impl Differ {
    fn push(
        &mut self,
        area: Area,
        kind: Kind,
        at: impl Into<String>,
        old: Option<String>,
        new: Option<String>,
    ) {
        self.changes.push(Change {
            area,
            kind,
            at: at.into(),
            old,
            new,
            words: None,
        });
    }

    /// A value that changed (compared as printed).
    fn value(&mut self, area: Area, at: &str, old: Option<String>, new: Option<String>) {
        if old != new {
            self.push(area, Kind::Changed, at, old, new);
        }
    }

    /// A text that may have been reworded.
    fn text(&mut self, area: Area, at: &str, old: Option<&str>, new: Option<&str>) {
        match (old, new) {
            (Some(a), Some(b)) if a != b => {
                if norm(a) == norm(b) {
                    return; // only the line breaks or spaces moved
                }
                self.changes.push(Change {
                    area,
                    kind: Kind::Reworded,
                    at: at.to_string(),
                    old: Some(a.to_string()),
                    new: Some(b.to_string()),
                    words: Some(word_diff(a, b)),
                });
            }
            (Some(_), Some(_)) | (None, None) => {}
            _ => self.value(area, at, old.map(str::to_string), new.map(str::to_string)),
        }
    }

    fn frame(&mut self, old: &Plan, new: &Plan) {
        let a = Area::Document;
        self.value(
            a,
            "year",
            Some(old.year.to_string()),
            Some(new.year.to_string()),
        );
        self.value(a, "status", Some(status(old)), Some(status(new)));
        self.value(
            a,
            "number",
            old.number.map(view::number),
            new.number.map(view::number),
        );
        self.value(
            a,
            "date",
            old.date.map(|d| d.to_string()),
            new.date.map(|d| d.to_string()),
        );
        self.value(a, "issuer", Some(issuer(old)), Some(issuer(new)));
        self.value(a, "place", Some(old.place.clone()), Some(new.place.clone()));
        // a summary set on lines reads the same as on one line: only its words count
        let (old_summary, new_summary) = (one_line(&old.summary), one_line(&new.summary));
        self.text(a, "summary", Some(&old_summary), Some(&new_summary));
        self.list(a, "legal basis", &old.bases, &new.bases);
        self.text(
            a,
            "preamble",
            old.preamble.as_deref(),
            new.preamble.as_deref(),
        );
    }

    fn sections(&mut self, old: &[Section], new: &[Section], op: &[usize], np: &[usize]) {
        let key = |s: &Section| {
            format!(
                "{} {}",
                s.title.as_deref().unwrap_or(""),
                s.text.as_deref().unwrap_or("")
            )
        };
        let okeys: Vec<String> = old.iter().map(key).collect();
        let nkeys: Vec<String> = new.iter().map(key).collect();
        let otitles: Vec<Option<String>> =
            old.iter().map(|s| s.title.as_deref().map(norm)).collect();
        let ntitles: Vec<Option<String>> =
            new.iter().map(|s| s.title.as_deref().map(norm)).collect();
        let pairs = match_up(&otitles, &ntitles, &okeys, &nkeys);
        for pair in pairs {
            match pair {
                (Some(i), Some(j)) => {
                    let (Some(a), Some(b)) = (old.get(i), new.get(j)) else {
                        continue;
                    };
                    let (pa, pb) = (child(op, i), child(np, j));
                    let at = section_name(&pb, b);
                    self.text(
                        Area::Body,
                        &format!("{at}, title"),
                        a.title.as_deref(),
                        b.title.as_deref(),
                    );
                    self.text(
                        Area::Body,
                        &format!("{at}, text"),
                        a.text.as_deref(),
                        b.text.as_deref(),
                    );
                    if a.reporting != b.reporting {
                        self.value(
                            Area::Body,
                            &format!("{at}, reporting sentence"),
                            Some(yes_no(a.reporting)),
                            Some(yes_no(b.reporting)),
                        );
                    }
                    self.items(&a.items, &b.items, &format!("{at},"));
                    self.sections(&a.sections, &b.sections, &pa, &pb);
                }
                (Some(i), None) => {
                    if let Some(a) = old.get(i) {
                        let p = child(op, i);
                        self.push(
                            Area::Body,
                            Kind::Removed,
                            format!("section {}", section_size(&p, a)),
                            Some(section_summary(a)),
                            None,
                        );
                    }
                }
                (None, Some(j)) => {
                    if let Some(b) = new.get(j) {
                        let p = child(np, j);
                        self.push(
                            Area::Body,
                            Kind::Added,
                            format!("section {}", section_size(&p, b)),
                            None,
                            Some(section_summary(b)),
                        );
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn items(&mut self, old: &[Item], new: &[Item], at: &str) {
        let oid: Vec<Option<String>> = old.iter().map(|i| i.id.clone()).collect();
        let nid: Vec<Option<String>> = new.iter().map(|i| i.id.clone()).collect();
        let otext: Vec<String> = old.iter().map(|i| i.text.clone()).collect();
        let ntext: Vec<String> = new.iter().map(|i| i.text.clone()).collect();
        for pair in match_up(&oid, &nid, &otext, &ntext) {
            match pair {
                (Some(i), Some(j)) => {
                    let (Some(a), Some(b)) = (old.get(i), new.get(j)) else {
                        continue;
                    };
                    let name = format!("{at} item {}", item_name(b, j));
                    self.text(Area::Body, &name, Some(&a.text), Some(&b.text));
                    self.value(
                        Area::Body,
                        &format!("{name}, indicator"),
                        a.indicator.as_ref().map(indicator),
                        b.indicator.as_ref().map(indicator),
                    );
                    self.items(&a.items, &b.items, &format!("{name},"));
                }
                (Some(i), None) => {
                    if let Some(a) = old.get(i) {
                        self.push(
                            Area::Body,
                            Kind::Removed,
                            format!("{at} item {}", item_name(a, i)),
                            Some(a.text.clone()),
                            None,
                        );
                    }
                }
                (None, Some(j)) => {
                    if let Some(b) = new.get(j) {
                        self.push(
                            Area::Body,
                            Kind::Added,
                            format!("{at} item {}", item_name(b, j)),
                            None,
                            Some(b.text.clone()),
                        );
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn reporting(&mut self, old: &Plan, new: &Plan) {
        let a = Area::Reporting;
        match (&old.reporting, &new.reporting) {
            (Some(x), Some(y)) => {
                self.text(a, "lead", Some(&x.lead), Some(&y.lead));
                self.value(a, "sent to", Some(x.to.clone()), Some(y.to.clone()));
                self.text(a, "purpose", x.purpose.as_deref(), y.purpose.as_deref());
                let due = |ds: &[Deadline], p: &Plan| -> Vec<(String, String)> {
                    ds.iter()
                        .map(|d| (d.deliverable.key().to_string(), day_month(&d.due, p.year)))
                        .collect()
                };
                let (dx, dy) = (due(&x.deadlines, old), due(&y.deadlines, new));
                for (k, v) in &dx {
                    let other = dy.iter().find(|(k2, _)| k2 == k).map(|(_, v)| v.clone());
                    self.value(a, &format!("deadline {k}"), Some(v.clone()), other);
                }
                for (k, v) in &dy {
                    if !dx.iter().any(|(k2, _)| k2 == k) {
                        self.value(a, &format!("deadline {k}"), None, Some(v.clone()));
                    }
                }
            }
            (None, Some(_)) => self.push(a, Kind::Added, "reporting duty", None, None),
            (Some(_), None) => self.push(a, Kind::Removed, "reporting duty", None, None),
            (None, None) => {}
        }
    }

    fn list(&mut self, area: Area, what: &str, old: &[String], new: &[String]) {
        for o in old {
            if !new.iter().any(|n| norm(n) == norm(o)) {
                self.push(area, Kind::Removed, what, Some(o.clone()), None);
            }
        }
        for n in new {
            if !old.iter().any(|o| norm(n) == norm(o)) {
                self.push(area, Kind::Added, what, None, Some(n.clone()));
            }
        }
    }

    fn signature(&mut self, old: &Signature, new: &Signature) {
        let a = Area::Signature;
        let lines = |s: &Signature| view::signature_lines(s).join(" / ");
        self.value(a, "authority and title", Some(lines(old)), Some(lines(new)));
        self.value(a, "signer", Some(old.name.clone()), Some(new.name.clone()));
        self.value(
            a,
            "signature image",
            old.signature_image.clone(),
            new.signature_image.clone(),
        );
        self.value(
            a,
            "seal image",
            old.seal_image.clone(),
            new.seal_image.clone(),
        );
    }
}

fn status(p: &Plan) -> String {
    match p.effective_status() {
        Status::Draft => "draft".into(),
        Status::ForSignature => "for signature".into(),
        Status::Issued => "issued".into(),
    }
}

fn issuer(p: &Plan) -> String {
    let i = &p.issuer;
    let mut s = String::new();
    if let Some(parent) = &i.parent {
        s.push_str(parent);
        s.push_str(" / ");
    }
    s.push_str(&format!("{} ({})", i.name, i.abbr));
    if let Some(o) = &i.office {
        s.push_str(&format!(", office {o}"));
    }
    s
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn day_month(due: &str, year: i32) -> String {
    match crate::dates::due_date(due, year) {
        Some(d) => {
            use chrono::Datelike;
            format!("{}/{}", d.day(), d.month())
        }
        None => due.to_string(),
    }
}

fn indicator(i: &Indicator) -> String {
    let n = |x: f64| {
        let s = format!("{x}");
        if (0.0..=1.0).contains(&x) {
            format!("{s} ({}%)", ((x * 1000.0).round() / 10.0))
        } else {
            s
        }
    };
    match i.baseline {
        Some(b) => format!("from {} to {} {}", n(b), n(i.target), i.unit),
        None => format!("to {} {}", n(i.target), i.unit),
    }
}

fn child(path: &[usize], i: usize) -> Vec<usize> {
    let mut p = path.to_vec();
    p.push(i + 1);
    p
}

fn section_name(path: &[usize], s: &Section) -> String {
    match s.title.as_deref() {
        Some(t) => format!("{} {}", crate::numbering::outline(path), short(t, 48)),
        None => crate::numbering::outline(path),
    }
}

/// "II.2.7 (1 item)" for an added or removed section.
fn section_size(path: &[usize], s: &Section) -> String {
    let items = count_section_items(s);
    let subs = s.sections.len();
    let mut parts = Vec::new();
    if subs > 0 {
        parts.push(plural(subs, "sub-section"));
    }
    if items > 0 {
        parts.push(plural(items, "item"));
    }
    if parts.is_empty() {
        crate::numbering::outline(path)
    } else {
        format!("{} ({})", crate::numbering::outline(path), parts.join(", "))
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Title and text of a section, for an added or removed one.
fn section_summary(s: &Section) -> String {
    let parts: Vec<String> = [s.title.as_deref(), s.text.as_deref()]
        .into_iter()
        .flatten()
        .map(norm)
        .collect();
    parts.join(": ")
}

fn count_items(items: &[Item]) -> usize {
    items.iter().map(|i| 1 + count_items(&i.items)).sum()
}

fn count_section_items(s: &Section) -> usize {
    count_items(&s.items) + s.sections.iter().map(count_section_items).sum::<usize>()
}

fn item_name(i: &Item, pos: usize) -> String {
    match &i.id {
        Some(id) => id.clone(),
        None => format!("{} \"{}\"", pos + 1, short(&i.text, 32)),
    }
}

/// Whitespace-normalised text, for comparing values written over different line breaks.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn short(s: &str, max: usize) -> String {
    let s = norm(s);
    if s.chars().count() <= max {
        return s;
    }
    let mut t: String = s.chars().take(max).collect();
    t = t.trim_end().to_string();
    t.push('…');
    t
}

/// Pairs old and new elements, in the new order, removed ones after: first by key (an id, a
/// title) where both have one, then equal texts, then the most similar texts (at least half
/// their words in common).
fn match_up(
    okey: &[Option<String>],
    nkey: &[Option<String>],
    otext: &[String],
    ntext: &[String],
) -> Vec<(Option<usize>, Option<usize>)> {
    let mut of: Vec<Option<usize>> = vec![None; otext.len()];
    let mut nf: Vec<Option<usize>> = vec![None; ntext.len()];
    let link = |i: usize, j: usize, of: &mut Vec<Option<usize>>, nf: &mut Vec<Option<usize>>| {
        if let (Some(a @ None), Some(b @ None)) = (of.get_mut(i), nf.get_mut(j)) {
            *a = Some(j);
            *b = Some(i);
        }
    };
    for (i, k) in okey.iter().enumerate() {
        let Some(k) = k else { continue };
        if let Some(j) = nkey.iter().position(|n| n.as_ref() == Some(k)) {
            link(i, j, &mut of, &mut nf);
        }
    }
    for (i, t) in otext.iter().enumerate() {
        if of.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let t = norm(t);
        if let Some(j) = (0..ntext.len())
            .find(|&j| nf.get(j) == Some(&None) && ntext.get(j).map(|x| norm(x)) == Some(t.clone()))
        {
            link(i, j, &mut of, &mut nf);
        }
    }
    // Similar texts, best pairs first; ties keep document order.
    let mut candidates: Vec<(u32, usize, usize)> = Vec::new();
    for (i, a) in otext.iter().enumerate() {
        if of.get(i).is_some_and(Option::is_some) {
            continue;
        }
        for (j, b) in ntext.iter().enumerate() {
            if nf.get(j).is_some_and(Option::is_some) {
                continue;
            }
            // Two ids that differ name different things.
            if let (Some(Some(x)), Some(Some(y))) = (okey.get(i), nkey.get(j)) {
                if x != y {
                    continue;
                }
            }
            let s = similarity(a, b);
            if s >= 0.5 {
                candidates.push(((s * 1000.0) as u32, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in candidates {
        link(i, j, &mut of, &mut nf);
    }
    let mut out: Vec<(Option<usize>, Option<usize>)> =
        nf.iter().enumerate().map(|(j, i)| (*i, Some(j))).collect();
    out.extend(
        of.iter()
            .enumerate()
            .filter(|(_, j)| j.is_none())
            .map(|(i, _)| (Some(i), None)),
    );
    out
}

/// Share of words in common: 2 × LCS / (words of a + words of b).
pub fn similarity(a: &str, b: &str) -> f64 {
    let wa: Vec<String> = a.split_whitespace().map(str::to_lowercase).collect();
    let wb: Vec<String> = b.split_whitespace().map(str::to_lowercase).collect();
    if wa.is_empty() && wb.is_empty() {
        return 1.0;
    }
    let common = lcs(&wa, &wb).len();
    2.0 * common as f64 / (wa.len() + wb.len()) as f64
}

/// Longest common subsequence of two word lists, as index pairs. Words with letters weigh more
/// than numbers, so "từ 50% lên 60%" → "từ 60% lên 70%" keeps "từ … lên" in common and shows
/// both numbers changed, as a reader would.
fn lcs<T: AsRef<str> + PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > 4_000_000 {
        return Vec::new();
    }
    let weight = |w: &T| -> u32 {
        if w.as_ref().chars().any(char::is_alphabetic) {
            2
        } else {
            1
        }
    };
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    let get = |t: &[u32], i: usize, j: usize| t.get(at(i, j)).copied().unwrap_or(0);
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = get(&t, i + 1, j).max(get(&t, i, j + 1));
            let v = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x == y => skip.max(get(&t, i + 1, j + 1) + weight(x)),
                _ => skip,
            };
            if let Some(c) = t.get_mut(at(i, j)) {
                *c = v;
            }
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        let here = get(&t, i, j);
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y && here == get(&t, i + 1, j + 1) + weight(x) => {
                out.push((i, j));
                i += 1;
                j += 1;
            }
            _ if get(&t, i + 1, j) >= get(&t, i, j + 1) => i += 1,
            _ => j += 1,
        }
    }
    out
}

/// Words removed and added, "[-old words-] {+new words+}", with up to three unchanged words of
/// context around each change; distant changes are separated by "…".
pub fn word_diff(a: &str, b: &str) -> String {
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    // Short texts are shown whole.
    let context = if wa.len().max(wb.len()) <= 12 {
        usize::MAX
    } else {
        3
    };
    let common = lcs(&wa, &wb);
    // Pieces: Same(word) or Change(removed, added).
    enum Piece<'a> {
        Same(&'a str),
        Change(Vec<&'a str>, Vec<&'a str>),
    }
    let mut pieces = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (ci, cj) in common
        .iter()
        .copied()
        .chain(std::iter::once((wa.len(), wb.len())))
    {
        if i < ci || j < cj {
            pieces.push(Piece::Change(
                wa.get(i..ci).unwrap_or(&[]).to_vec(),
                wb.get(j..cj).unwrap_or(&[]).to_vec(),
            ));
        }
        if let Some(w) = wa.get(ci) {
            pieces.push(Piece::Same(w));
        }
        i = ci + 1;
        j = cj + 1;
    }
    let changed: Vec<usize> = pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p, Piece::Change(..)))
        .map(|(k, _)| k)
        .collect();
    let near = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= context);
    let mut out = String::new();
    let mut skipped = false;
    for (k, p) in pieces.iter().enumerate() {
        if !near(k) {
            skipped = true;
            continue;
        }
        if skipped || (k > 0 && out.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push('…');
            skipped = false;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        match p {
            Piece::Same(w) => out.push_str(w),
            Piece::Change(del, add) => {
                if !del.is_empty() {
                    let _ = write!(out, "[-{}-]", del.join(" "));
                }
                if !del.is_empty() && !add.is_empty() {
                    out.push(' ');
                }
                if !add.is_empty() {
                    let _ = write!(out, "{{+{}+}}", add.join(" "));
                }
            }
        }
    }
    if skipped {
        out.push_str(" …");
    }
    out
}

/// The report as a reviewer reads it: a count, then the changes by area.
pub fn to_text(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Changes from {} to {}", r.old, r.new);
    if r.changes.is_empty() {
        out.push_str("No differences.\n");
        return out;
    }
    let count = |k: Kind| r.changes.iter().filter(|c| c.kind == k).count();
    let _ = writeln!(
        out,
        "{} change(s): {} added, {} removed, {} reworded, {} changed",
        r.changes.len(),
        count(Kind::Added),
        count(Kind::Removed),
        count(Kind::Reworded),
        count(Kind::Changed)
    );
    let mut area = None;
    for c in &r.changes {
        if area != Some(c.area) {
            let _ = writeln!(out, "\n{}", c.area.heading());
            area = Some(c.area);
        }
        let line = match c.kind {
            Kind::Added => format!(
                "  + {}: {}",
                c.at,
                quoted(c.new.as_deref().unwrap_or("(added)"))
            ),
            Kind::Removed => format!(
                "  - {}: {}",
                c.at,
                quoted(c.old.as_deref().unwrap_or("(removed)"))
            ),
            Kind::Reworded => format!("  ~ {}: {}", c.at, c.words.as_deref().unwrap_or("")),
            Kind::Changed => format!(
                "  ~ {}: {} → {}",
                c.at,
                c.old.as_deref().unwrap_or("none"),
                c.new.as_deref().unwrap_or("none")
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", short(s, 100))
}

/// The report as pretty-printed JSON, for scripts: the object of [`crate::json::Envelope`]
/// with the report's fields.
pub fn to_json(r: &Report) -> String {
    crate::json::Envelope::new("diff", true, &[], Some(r)).to_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_shows_changed_words_with_context() {
        assert_eq!(
            word_diff("chống mại dâm năm 2018", "chống mại dâm năm 2019"),
            "chống mại dâm năm [-2018-] {+2019+}"
        );
        let a = "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai";
        let b = "một hai ba bốn năm SÁU bảy tám chín mười mười một mười hai";
        assert_eq!(
            word_diff(a, b),
            "… ba bốn năm [-sáu-] {+SÁU+} bảy tám chín …"
        );
        assert_eq!(word_diff("a b", "a b c"), "a b {+c+}");
        assert_eq!(word_diff("x a b", "a b"), "[-x-] a b");
    }

    #[test]
    fn items_match_by_id_then_text() {
        let p = match_up(
            &[Some("a".into()), None, None],
            &[None, Some("a".into()), None],
            &["x y z".into(), "một hai ba bốn".into(), "gone".into()],
            &["một hai ba năm".into(), "x y".into(), "new".into()],
        );
        assert_eq!(
            p,
            [
                (Some(1), Some(0)),
                (Some(0), Some(1)),
                (None, Some(2)),
                (Some(2), None)
            ]
        );
    }
}
