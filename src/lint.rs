//! Stage 2c — lint: the official-format rules (Decree 30/2020, FORMAT.md) checked on the
//! model before rendering. Each finding is a warning with a rule id (VB001…), a position in
//! the YAML source and a hint; warnings fail a build only with `--deny-warnings`.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::Diagnostic;
use crate::model::{
    ConsolidatedReport, DocDate, Issuer, Item, Letter, Plan, Report, Section, Signature, Status,
};
use crate::span::Source;
use crate::view;

/// One lint rule: its id, what it checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// "VB001".
    pub id: &'static str,
    /// A one-line description, for `--help` and the README.
    pub summary: &'static str,
}

/// Every rule, in id order.
pub const RULES: [Rule; 9] = [
    Rule { id: "VB001", summary: "the symbol's abbreviations are upper case, without spaces or hyphens (KH-SYT)" },
    Rule { id: "VB002", summary: "dates written in the text follow the zero rules: ngày 05/3/2018, ngày 05 tháng 02 năm 2018" },
    Rule { id: "VB003", summary: "the recipients list ends with the archive line \"- Lưu: VT, <office>.\"" },
    Rule { id: "VB004", summary: "KT., TL., TUQ. and Q. sign on two lines (the head's title, then the signer's own); KT. is a deputy; in a chain TM. comes first" },
    Rule { id: "VB005", summary: "the summary (trích yếu) is not written in capitals" },
    Rule { id: "VB006", summary: "a year named in the summary is the document's year" },
    Rule { id: "VB007", summary: "no word is doubled (\"truyền truyền\")" },
    Rule { id: "VB008", summary: "a cited document reads \"Kế hoạch số N/KH-XX ngày d/m/yyyy\"" },
    Rule { id: "VB009", summary: "a plan's level-1 heading numbered I., II. is written in capitals (I. MỤC ĐÍCH, YÊU CẦU)" },
];

/// At most this many findings of one rule are reported per document.
pub const MAX_PER_RULE: usize = 20;

/// What the rules look at, taken from any kind of document.
struct Subject<'a> {
    /// Level-1 headings that convention sets in capitals (a plan's I., II., …).
    level1: Vec<&'a str>,
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
    /// Every text value, in document order.
    texts: Vec<&'a str>,
}

/// Lints a plan; every finding is a warning.
pub fn plan(plan: &Plan, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut texts: Vec<&str> = vec![plan.summary.as_str()];
    texts.extend(plan.bases.iter().map(String::as_str));
    texts.extend(plan.preamble.as_deref());
    section_texts(&plan.sections, &mut texts);
    if let Some(r) = &plan.reporting {
        texts.push(&r.lead);
        texts.push(&r.to);
        texts.extend(r.purpose.as_deref());
    }
    texts.extend(plan.recipients.iter().map(String::as_str));
    texts.extend(plan.electronic.iter().map(String::as_str));
    let level1: Vec<&str> = if plan.numbering.at(1) == crate::model::Scheme::Roman {
        plan.sections
            .iter()
            .filter(|s| s.numbered && s.scheme.is_none_or(|x| x == crate::model::Scheme::Roman))
            .filter_map(|s| s.title.as_deref())
            .collect()
    } else {
        Vec::new()
    };
    let subject = Subject {
        level1,
        kind: "KH",
        abbrs: issuer_abbrs(&plan.issuer),
        office: plan.issuer.office.as_deref(),
        archive: &plan.archive,
        recipients: &plan.recipients,
        signature: plan.signature.clone(),
        summary: &plan.summary,
        year: plan.year,
        date: issued_day(plan.effective_status(), plan.date),
        texts,
    };
    run(&subject, src)
}

/// Lints a unit's report. `head` is the unit head's title from the registry (the report's
/// issuer and abbreviation live there, so VB001 does not apply here).
pub fn report(r: &Report, head: &str, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut texts: Vec<&str> = vec![r.summary.as_str()];
    texts.extend(r.to.iter().map(String::as_str));
    section_texts(&r.sections, &mut texts);
    texts.extend(r.closing.as_deref());
    texts.extend(r.recipients.iter().map(String::as_str));
    let subject = Subject {
        level1: Vec::new(),
        kind: "BC",
        abbrs: Vec::new(),
        office: None,
        archive: &r.archive,
        recipients: &r.recipients,
        signature: r.signature.resolve(head),
        summary: &r.summary,
        year: r.year,
        date: issued_day(r.effective_status(), r.date),
        texts,
    };
    run(&subject, src)
}

/// Lints a consolidated report.
pub fn consolidated(c: &ConsolidatedReport, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut texts: Vec<&str> = vec![c.summary.as_str()];
    texts.extend(c.to.iter().map(String::as_str));
    texts.extend(c.bases.iter().map(String::as_str));
    texts.extend(c.preamble.as_deref());
    section_texts(&c.sections, &mut texts);
    texts.extend(c.closing.as_deref());
    texts.extend(c.recipients.iter().map(String::as_str));
    texts.extend(c.electronic.iter().map(String::as_str));
    let subject = Subject {
        level1: Vec::new(),
        kind: "BC",
        abbrs: issuer_abbrs(&c.issuer),
        office: c.issuer.office.as_deref(),
        archive: &c.archive,
        recipients: &c.recipients,
        signature: c.signature.clone(),
        summary: &c.summary,
        year: c.year,
        date: issued_day(c.effective_status(), c.date),
        texts,
    };
    run(&subject, src)
}

/// The date the rules compare cited documents with: the day of issue, only once issued (a
/// draft's or a text for signature's date is not its date yet).
fn issued_day(status: Status, date: Option<DocDate>) -> Option<NaiveDate> {
    date.and_then(DocDate::day)
        .filter(|_| status == Status::Issued)
}

/// Lints a công văn.
pub fn letter(l: &Letter, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut texts: Vec<&str> = vec![l.summary.as_str()];
    texts.extend(l.to.iter().map(String::as_str));
    texts.extend(l.bases.iter().map(String::as_str));
    texts.extend(l.text.as_deref());
    section_texts(&l.sections, &mut texts);
    texts.extend(l.closing.as_deref());
    texts.extend(l.recipients.iter().map(String::as_str));
    texts.extend(l.electronic.iter().map(String::as_str));
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
        date: issued_day(l.effective_status(), l.date),
        texts,
    };
    run(&subject, src)
}

fn issuer_abbrs(issuer: &Issuer) -> Vec<(&'static str, &str)> {
    let mut v = vec![("abbr", issuer.abbr.as_str())];
    v.extend(issuer.office.as_deref().map(|o| ("office", o)));
    v
}

fn run(subject: &Subject<'_>, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut l = Linter {
        source: src.text,
        src,
        chars: Vec::new(),
        file: src.file,
        out: Vec::new(),
        from: Vec::new(),
        skipped: false,
    };
    l.symbol(subject);
    l.archive(subject);
    l.authority(subject);
    l.summary(subject);
    l.level1_capitals(subject);
    for t in &subject.texts {
        l.doubled_words(t);
    }
    let mut cited: Vec<String> = Vec::new();
    for t in &subject.texts {
        l.references(t, subject.date, &mut cited);
        l.cited_dates(t);
    }
    l.out
}

/// The titles, texts and items of `list`, in document order.
fn section_texts<'a>(list: &'a [Section], t: &mut Vec<&'a str>) {
    fn items<'a>(list: &'a [Item], t: &mut Vec<&'a str>) {
        for i in list {
            t.push(&i.text);
            items(&i.items, t);
        }
    }
    for s in list {
        t.extend(s.title.as_deref());
        t.extend(s.text.as_deref());
        items(&s.items, t);
        section_texts(&s.sections, t);
    }
}

struct Linter<'a> {
    source: &'a str,
    src: &'a Source<'a>,
    /// The source's characters, taken the first time a phrase is searched.
    chars: Vec<char>,
    file: &'a Path,
    out: Vec<Diagnostic>,
    /// Where each searched phrase was last found (char index), so repeated phrases are
    /// located one after the other.
    from: Vec<(String, usize)>,
    /// The last warning was dropped (over [`MAX_PER_RULE`]): do not locate it.
    skipped: bool,
}

impl Linter<'_> {
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

    /// Points the last warning at `phrase` in the source (whitespace may differ: folded
    /// text), at character `offset` into the phrase.
    fn at_phrase(&mut self, phrase: &str, offset: usize) {
        if self.skipped {
            return;
        }
        let start = self
            .from
            .iter()
            .find(|(p, _)| p == phrase)
            .map(|(_, i)| *i)
            .unwrap_or(0);
        if self.chars.is_empty() {
            self.chars = self.source.chars().collect();
        }
        let Some((pos, end)) = find_loose(&self.chars, phrase, start) else {
            return;
        };
        match self.from.iter_mut().find(|(p, _)| p == phrase) {
            Some(e) => e.1 = end,
            None => self.from.push((phrase.to_string(), end)),
        }
        let (line, col) = line_col(self.source, pos + offset);
        if let Some(d) = self.out.pop() {
            self.out.push(d.at(Some(self.source), line, col));
        }
    }

    /// Points the last warning at the value at `path` (or its nearest ancestor).
    fn at_value(&mut self, path: &str) {
        if self.skipped {
            return;
        }
        let spans = self.src.spans();
        let pos = spans.value_of(path).or_else(|| spans.nearest(path));
        if let Some(d) = self.out.pop() {
            self.out.push(self.src.place(d, pos));
        }
    }

    /// Points the last warning at the node at `path`.
    fn at_path(&mut self, path: &str) {
        if self.skipped {
            return;
        }
        if let Some(d) = self.out.pop() {
            self.out.push(self.src.locate(d, path));
        }
    }

    fn symbol(&mut self, subject: &Subject<'_>) {
        let abbr = subject.abbrs.first().map_or("", |(_, v)| *v);
        for &(key, v) in &subject.abbrs {
            let ok = !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_digit() || (c.is_alphabetic() && !c.is_lowercase()));
            if !ok {
                let fixed: String = v
                    .to_uppercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect();
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

    fn archive(&mut self, subject: &Subject<'_>) {
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
        for r in subject.recipients {
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
            self.at_phrase(t, 0);
        }
    }

    fn authority(&mut self, subject: &Subject<'_>) {
        let s = &subject.signature;
        let chain = s
            .authority
            .as_deref()
            .map(crate::model::common::lines_of)
            .unwrap_or_default();
        let Some(prefixes) = chain
            .iter()
            .map(|a| view::split_authority(a).map(|(p, _)| p))
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

    fn summary(&mut self, subject: &Subject<'_>) {
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
        let words: Vec<&str> = subject.summary.split_whitespace().collect();
        for pair in words.windows(2) {
            if let [w, y] = pair {
                let y = y.trim_matches(|c: char| !c.is_ascii_digit());
                if same_word(w, "năm") && y.len() == 4 {
                    if let Ok(n) = y.parse::<i32>() {
                        if n != subject.year {
                            self.warn(
                                "VB006",
                                format!(
                                    "the summary names the year {n}, the document's year is {}",
                                    subject.year
                                ),
                                "make `summary` and `year` agree (copied from last year's plan?)"
                                    .into(),
                            );
                            self.at_phrase(&format!("{w} {y}"), w.chars().count() + 1);
                        }
                    }
                }
            }
        }
    }

    fn level1_capitals(&mut self, subject: &Subject<'_>) {
        for t in &subject.level1 {
            if t.chars().any(char::is_lowercase) {
                let t = t.trim();
                self.warn(
                    "VB009",
                    format!("the level-1 heading \"{t}\" is not in capitals"),
                    format!(
                        "a plan's I., II. headings are set in capitals: write `title: {}` (headings print as typed)",
                        t.to_uppercase()
                    ),
                );
                self.at_phrase(t, 0);
            }
        }
    }

    fn doubled_words(&mut self, text: &str) {
        // Reduplications ("người người", "ngày ngày") and syllables that end one word and
        // start the next ("hành vi vi phạm", "xử lý lý lịch", "cá nhân nhân dân").
        const ALLOWED: [&str; 32] = [
            "từ",
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
        ];
        let words: Vec<&str> = text.split_whitespace().collect();
        for pair in words.windows(2) {
            let [a, b] = pair else { continue };
            let b = b.trim_end_matches(|c: char| !c.is_alphabetic());
            let word = |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic);
            if same_word(a, b) && word(a) && !ALLOWED.iter().any(|w| same_word(w, a)) {
                self.warn(
                    "VB007",
                    format!("the word \"{a}\" is doubled: \"{a} {b}\""),
                    format!("delete one \"{a}\" (or fix the typo)"),
                );
                self.at_phrase(&format!("{a} {b}"), 0);
            }
        }
    }

    fn cited_dates(&mut self, text: &str) {
        for (written, d, m, y) in dates_in(text) {
            let Some(real) = NaiveDate::from_ymd_opt(y, m, d) else {
                self.warn(
                    "VB002",
                    format!("the date \"{written}\" does not exist"),
                    "check the day and the month".into(),
                );
                self.at_phrase(&written, 0);
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
                view::vietnamese_date(real)
            };
            if written != want {
                self.warn(
                    "VB002",
                    format!("the date \"{written}\" does not follow the zero rules"),
                    format!(
                        "write \"{want}\": days below 10 and the months 1 and 2 take a leading zero, the months 3 to 12 do not"
                    ),
                );
                self.at_phrase(&written, 0);
            }
            let _ = real;
        }
    }

    fn references(&mut self, text: &str, issued: Option<NaiveDate>, cited: &mut Vec<String>) {
        const KINDS: [&str; 14] = [
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
        ];
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut i = 0;
        while i < words.len() {
            // Cheap test first: a reference has "số" within four words.
            let near = words
                .get(i + 1..(i + 5).min(words.len()))
                .is_some_and(|w| w.contains(&"số"));
            let kind = near
                .then(|| {
                    KINDS.iter().find(|k| {
                        let kw: Vec<&str> = k.split(' ').collect();
                        words
                            .get(i..i + kw.len())
                            .is_some_and(|w| w.iter().zip(&kw).all(|(a, b)| same_word(a, b)))
                            && words.get(i + kw.len()).is_some_and(|w| *w == "số")
                    })
                })
                .flatten();
            let Some(kind) = kind else {
                i += 1;
                continue;
            };
            let n = kind.split(' ').count();
            let begin = i;
            let number_at = i + n + 1;
            i = number_at;
            let Some(raw) = words.get(number_at) else {
                break;
            };
            let token = raw.trim_end_matches([',', ';', '.', ')', ':']);
            let phrase = words
                .get(begin..=number_at)
                .map(|w| w.join(" "))
                .unwrap_or_default();
            let parts: Vec<&str> = token.split('/').collect();
            let numeral = parts
                .first()
                .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
            let year_part: Option<i32> = match parts.as_slice() {
                [_, y, _] => y.parse().ok(),
                _ => None,
            };
            let symbol = parts
                .last()
                .filter(|_| parts.len() >= 2)
                .copied()
                .unwrap_or("");
            let short_form = parts.len() == 2
                && year_part.is_none()
                && symbol.chars().all(|c| c.is_ascii_digit())
                && cited.iter().any(|c| c.starts_with(&format!("{token}/")));
            if short_form {
                continue;
            }
            let good_symbol = symbol.contains('-')
                && symbol.split('-').all(|p| {
                    !p.is_empty()
                        && p.chars().all(char::is_alphanumeric)
                        && p.chars().next().is_some_and(|c| !c.is_lowercase())
                });
            let next = words.get(number_at + 1).copied().unwrap_or("");
            let example = format!("{kind} số 05/{}-UBND ngày 29/7/2016", kind_abbr(kind));
            if !numeral || !good_symbol {
                self.warn(
                    "VB008",
                    format!("the reference \"{kind} số {token}\" has no number and symbol in the form N/KH-XX"),
                    format!("cite it as \"{example}\" (number, kind and issuer abbreviations, date)"),
                );
                self.at_phrase(&phrase, 0);
                continue;
            }
            cited.push(token.to_string());
            if next.contains('-') && next.chars().next().is_some_and(char::is_uppercase) {
                self.warn(
                    "VB008",
                    format!("the symbol of \"{kind} số {token} {next}\" contains a space"),
                    format!("a symbol has no spaces: write {token}{next}, joined"),
                );
                self.at_phrase(&format!("{token} {next}"), 0);
                continue;
            }
            if next != "ngày" {
                self.warn(
                    "VB008",
                    format!("the reference \"{kind} số {token}\" gives no date"),
                    format!("cite it with its date: \"{kind} số {token} ngày d/m/yyyy\""),
                );
                self.at_phrase(&phrase, 0);
                continue;
            }
            let date_word = words.get(number_at + 2).copied().unwrap_or("");
            let date = parse_dmy(date_word.trim_end_matches([',', ';', '.', ')', ':']));
            match (date, year_part) {
                (None, _) => {
                    self.warn(
                        "VB008",
                        format!("the date of \"{kind} số {token}\" is not written d/m/yyyy"),
                        format!("write it as \"{kind} số {token} ngày 29/7/2016\""),
                    );
                    self.at_phrase(&phrase, 0);
                }
                (Some(d), Some(y)) if d.year() != y => {
                    self.warn(
                        "VB008",
                        format!(
                            "\"{kind} số {token}\" carries the year {y} but is dated {date_word}"
                        ),
                        "the year in the number and the year of the date must agree: check both"
                            .into(),
                    );
                    self.at_phrase(&phrase, 0);
                }
                (Some(d), _) if issued.is_some_and(|x| d > x) => {
                    self.warn(
                        "VB008",
                        format!("\"{kind} số {token}\" is dated {date_word}, after this document"),
                        "a document can only cite documents issued before it: check the date"
                            .into(),
                    );
                    self.at_phrase(&phrase, 0);
                }
                _ => {}
            }
        }
    }
}

use chrono::Datelike;

fn kind_abbr(kind: &str) -> &'static str {
    match kind {
        "Kế hoạch" => "KH",
        "Quyết định" => "QĐ",
        "Thông báo" | "Kết luận" => "TB",
        "Hướng dẫn" => "HD",
        "Chương trình" => "CTr",
        "Báo cáo" => "BC",
        "Nghị quyết" => "NQ",
        "Chỉ thị" => "CT",
        _ => "KH",
    }
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

/// A date found in text: as written, day, month, year.
type Found = (String, u32, u32, i32);

/// Dates written "ngày d/m/yyyy" or "ngày d tháng m năm yyyy" in `text`.
fn dates_in(text: &str) -> Vec<Found> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    let num = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches([',', ';', '.', ')', ':']);
        (!w.is_empty() && w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit()))
            .then(|| w.parse().ok())?
    };
    for (i, w) in words.iter().enumerate() {
        if !same_word(w, "ngày") {
            continue;
        }
        let Some(next) = words.get(i + 1) else {
            continue;
        };
        let token = next.trim_end_matches([',', ';', '.', ')', ':']);
        let parts: Vec<&str> = token.split('/').collect();
        if let [d, m, y] = parts.as_slice() {
            if let (Some(d), Some(m), Some(y)) = (num(d), num(m), num(y)) {
                if y >= 1000 {
                    out.push((format!("{w} {token}"), d, m, y as i32));
                }
            }
            continue;
        }
        if let (Some(d), Some(&"tháng"), Some(m), Some(&"năm"), Some(y)) = (
            num(token),
            words.get(i + 2),
            words.get(i + 3).and_then(|m| num(m)),
            words.get(i + 4),
            words.get(i + 5).and_then(|y| num(y)),
        ) {
            let written = format!(
                "{w} {token} tháng {} năm {}",
                words
                    .get(i + 3)
                    .map(|m| m.trim_end_matches([',', ';', '.']))
                    .unwrap_or(""),
                y
            );
            out.push((written, d, m, y as i32));
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

fn find_loose(h: &[char], needle: &str, from: usize) -> Option<(usize, usize)> {
    let n: Vec<char> = needle.chars().collect();
    let first = *n.first()?;
    let mut start = from;
    while start < h.len() {
        if h.get(start) == Some(&first) {
            let (mut i, mut j) = (start, 0);
            while j < n.len() && i < h.len() {
                let (hc, nc) = (
                    h.get(i).copied().unwrap_or(' '),
                    n.get(j).copied().unwrap_or(' '),
                );
                if nc.is_whitespace() {
                    if !hc.is_whitespace() {
                        break;
                    }
                    while h.get(i).is_some_and(|c| c.is_whitespace()) {
                        i += 1;
                    }
                    while n.get(j).is_some_and(|c| c.is_whitespace()) {
                        j += 1;
                    }
                } else if hc == nc {
                    i += 1;
                    j += 1;
                } else {
                    break;
                }
            }
            if j == n.len() {
                return Some((start, i));
            }
        }
        start += 1;
    }
    None
}

/// 1-based line and column (in characters) of char index `pos`.
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    for c in text.chars().take(pos) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_find_crosses_folded_lines() {
        let src = "text: >-\n  a truyền\n  truyền viên\n";
        let chars: Vec<char> = src.chars().collect();
        let (s, _) = find_loose(&chars, "truyền truyền", 0).unwrap();
        assert_eq!(line_col(src, s), (2, 5));
    }

    #[test]
    fn dates_in_text() {
        let d = dates_in("theo Kế hoạch số 5/KH-X ngày 5/3/2018 và ngày 05 tháng 03 năm 2018.");
        let written: Vec<&str> = d.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(written, ["ngày 5/3/2018", "ngày 05 tháng 03 năm 2018"]);
        assert_eq!(parse_dmy("29/7/2016"), NaiveDate::from_ymd_opt(2016, 7, 29));
        assert_eq!(parse_dmy("30/2/2016"), None);
    }
}
