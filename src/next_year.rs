//! `vanban next-year`: drafts next year's plan from this year's by editing the YAML *text*, so
//! comments, key order, quoting and blank lines survive (a serde round trip would lose them).
//!
//! The top-level `year`, `status`, `number`, `date` and `date_fixed` are found by the span index
//! ([`crate::span`]) the diagnostics use. The other values and the comments come from a small
//! line scanner (the index has no comments, and does not map the parsed text of a folded or
//! block scalar back to its lines): plain, quoted and block (`>`/`|`) scalars; each value's
//! text goes through [`classify`], which says for every year in it whether it is the plan's
//! own year (moved), a reference or a period (kept), or cannot be told (kept, and a warning
//! with its line). The result is then checked against the model: the
//! edited file must parse to exactly the old plan with the same years moved, or nothing is
//! written.

use std::path::{Path, PathBuf};

use crate::compile;
use crate::error::Diagnostic;
use crate::load;
use crate::model::{Document, Plan, Status};
use crate::project::Project;
use crate::span::{Node, Source, Spans, Style};

/// The comment that takes the place of the removed `number:` and `date:` lines.
pub const NUMBER_DATE_COMMENT: &str =
    "# number and date: set on issue (this draft was made by `vanban next-year`)";

/// What to do.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// This year's plan.
    pub file: PathBuf,
    /// The new plan's year (default: the plan's year + 1).
    pub year: Option<i32>,
    /// Overwrite the target if it exists.
    pub force: bool,
}

/// One edit, for the review list printed on stdout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    /// 1-based line in the new file.
    pub line: usize,
    /// The key whose value changed: `year`, `summary`, `preamble`, `text` …
    pub key: String,
    /// The text before (a short excerpt).
    pub old: String,
    /// The text after.
    pub new: String,
}

/// The drafted plan: its text, where it goes, what changed and what to check by hand.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// Where the new plan is written.
    pub target: PathBuf,
    /// The new plan's text.
    pub text: String,
    /// The year moved from.
    pub old_year: i32,
    /// The year moved to.
    pub new_year: i32,
    /// Every edit, in line order.
    pub changes: Vec<Change>,
    /// What could not be decided, with lines in the new file.
    pub warnings: Vec<Diagnostic>,
}

/// Reads `opts.file`, drafts the plan and writes it beside the old one (refusing to overwrite
/// an existing file without `force`).
pub(crate) fn run(opts: &Options) -> Result<Draft, Vec<Diagnostic>> {
    let text = load::read_text(&opts.file).map_err(|d| vec![d])?;
    let year = match load::parse(&text, &opts.file).map_err(|d| vec![d])? {
        Document::Plan(p) => p.year,
        _ => return Err(vec![not_a_plan(&text, &opts.file)]),
    };
    let new_year = opts.year.unwrap_or(year.saturating_add(1));
    let target = target_path(&opts.file, year, new_year).map_err(|d| vec![d])?;
    let draft = draft(&text, &opts.file, &target, Some(new_year))?;
    if target.exists() && !opts.force {
        return Err(vec![Diagnostic::error(
            &target,
            "already exists; nothing was written",
        )
        .hint("pass --force to overwrite it, or move it away first")]);
    }
    crate::write::write_atomic(&target, draft.text.as_bytes()).map_err(|e| {
        vec![
            Diagnostic::error(&target, format!("cannot write the file: {e}"))
                .hint("check that the folder is writable"),
        ]
    })?;
    Ok(draft)
}

/// Where next year's plan goes: `plans/2018/x.yaml` → `plans/2019/x.yaml`, or, when the year
/// is in the file name, `x-2018.yaml` → `x-2019.yaml` in the same folder.
pub(crate) fn target_path(file: &Path, old: i32, new: i32) -> Result<PathBuf, Diagnostic> {
    let (old_s, new_s) = (old.to_string(), new.to_string());
    let name = file.file_name().unwrap_or_default();
    let parent = file.parent().unwrap_or(Path::new(""));
    if parent
        .file_name()
        .is_some_and(|n| n.to_string_lossy() == old_s)
    {
        let base = parent.parent().unwrap_or(Path::new(""));
        return Ok(base.join(&new_s).join(name));
    }
    let name = name.to_string_lossy();
    if name.contains(&old_s) {
        return Ok(parent.join(name.replace(&old_s, &new_s)));
    }
    Err(Diagnostic::error(
        file,
        format!("cannot tell where the {new} plan goes: neither the folder nor the file name says {old}"),
    )
    .hint(format!(
        "keep one folder per year, e.g. plans/{old}/x.yaml (the new plan then goes to plans/{new}/x.yaml)"
    )))
}

/// Drafts the plan for `new_year` (default: the next year) from `text`, the plan in `file`.
/// Pure: `target` only names the new file in the warnings.
pub(crate) fn draft(
    text: &str,
    file: &Path,
    target: &Path,
    new_year: Option<i32>,
) -> Result<Draft, Vec<Diagnostic>> {
    let (doc, _) = compile::check(text, file, &Project::default())?;
    let Document::Plan(plan) = doc else {
        return Err(vec![not_a_plan(text, file)]);
    };
    let old = plan.year;
    let new = new_year.unwrap_or(old.saturating_add(1));
    if new <= old {
        return Err(vec![Source::new(file, text)
            .error(
                "year",
                format!("the new year {new} is not after the plan's year {old}"),
            )
            .hint(format!("give --year {} or later", old.saturating_add(1)))]);
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut edits: Vec<Edit> = Vec::new();
    let mut removed: Vec<usize> = Vec::new();
    let mut asks: Vec<(usize, usize, String, String)> = Vec::new();
    let mut cleared: Vec<(String, String)> = Vec::new();
    // The top-level entries the draft changes, where the span index puts their values.
    let spans = Source::new(file, text);
    let spans = spans.spans();
    // The values and comments of the text, from the same index.
    let parts = scan(text, &lines, spans);
    let value_at = |node: &Node| -> Option<(usize, usize, usize)> {
        let line = node.value.line.checked_sub(1)?;
        let src = lines.get(line)?;
        let from = byte_of(src, node.value.column);
        let to = if node.end.line == node.value.line {
            byte_of(src, node.end.column)
        } else {
            src.strip_suffix('\r').unwrap_or(src).len()
        };
        Some((line, from, to.max(from)))
    };
    let year = spans
        .get("year")
        .and_then(value_at)
        .and_then(|(line, from, to)| {
            let at = lines.get(line)?.get(from..to)?.find(&old.to_string())?;
            Some((line, from + at))
        });
    let Some((line, start)) = year else {
        return Err(vec![Source::new(file, text)
            .error("year", "cannot find the year's value to change")
            .hint("write the year on one line: `year: 2018`")]);
    };
    edits.push(Edit {
        line,
        start,
        end: start + 4,
        new: new.to_string(),
        key: "year".into(),
        old_excerpt: old.to_string(),
        new_excerpt: new.to_string(),
    });
    // `number:`, `date:` and `date_fixed:` go, key to the value's last line, in the order they
    // are written.
    let mut dropped: Vec<(&str, &Node)> = ["number", "date", "date_fixed"]
        .into_iter()
        .filter_map(|k| Some((k, spans.get(k)?)))
        .collect();
    dropped.sort_by_key(|(_, n)| n.start().offset);
    for (key, node) in dropped {
        let value: String = text
            .chars()
            .skip(node.value.offset)
            .take(node.end.offset.saturating_sub(node.value.offset))
            .collect();
        cleared.push((
            key.to_string(),
            value.split_whitespace().collect::<Vec<_>>().join(" "),
        ));
        let first = node.start().line.saturating_sub(1);
        // A value's end at the start of a line belongs to the line before.
        let last = match node.end.column {
            1 if node.end.line > node.start().line => node.end.line - 2,
            _ => node.end.line.saturating_sub(1),
        };
        removed.extend(first..=last.max(first));
    }
    // issued (or its older spelling signed) and for-signature become draft
    if let Some((line, from, to)) = spans.get("status").and_then(value_at) {
        let src = lines.get(line).copied().unwrap_or("");
        let value = src.get(from..to).unwrap_or("");
        let found = ["for-signature", "issued", "signed"]
            .into_iter()
            .find_map(|w| value.find(w).map(|at| (from + at, w)));
        if let Some((start, word)) = found {
            // A comment after the state described the issued plan: it goes too.
            let src = src.strip_suffix('\r').unwrap_or(src);
            let commented = parts.comments.iter().any(|c| c.line == line);
            edits.push(Edit {
                line,
                start,
                end: if commented {
                    src.len()
                } else {
                    start + word.len()
                },
                new: "draft".into(),
                key: "status".into(),
                old_excerpt: word.into(),
                new_excerpt: "draft".into(),
            });
        }
    }
    // Every other value: its years, classified.
    for r in &parts.regions {
        {
            {
                for hit in classify(&r.flat, old, new) {
                    let Some((line, start)) = r.locate(hit.start) else {
                        continue;
                    };
                    match hit.verdict {
                        Verdict::Keep => {}
                        Verdict::Move => {
                            let src = lines.get(line).copied().unwrap_or("");
                            let from = r.segment_start(hit.start).unwrap_or(0);
                            let (o, n) = excerpt(src, from, start, start + 4, &new.to_string());
                            edits.push(Edit {
                                line,
                                start,
                                end: start + 4,
                                new: new.to_string(),
                                key: r.key.clone(),
                                old_excerpt: o,
                                new_excerpt: n,
                            });
                        }
                        Verdict::Ask { why, hint } => asks.push((line, start, why, hint)),
                    }
                }
            }
        }
    }
    removed.sort_unstable();
    removed.dedup();

    // Assemble the new text, keeping every other byte as it was.
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut new_line_of: Vec<usize> = Vec::with_capacity(lines.len());
    let mut comment_line = None;
    for (i, line) in lines.iter().enumerate() {
        if removed.contains(&i) {
            if comment_line.is_none() {
                let cr = if line.ends_with('\r') { "\r" } else { "" };
                out.push(format!("{NUMBER_DATE_COMMENT}{cr}"));
                comment_line = Some(out.len());
            }
            new_line_of.push(out.len());
            continue;
        }
        let mut mine: Vec<&Edit> = edits.iter().filter(|e| e.line == i).collect();
        mine.sort_by_key(|e| std::cmp::Reverse(e.start));
        let mut s = (*line).to_string();
        for e in mine {
            if s.get(e.start..e.end).is_some() {
                s.replace_range(e.start..e.end, &e.new);
            }
        }
        out.push(s);
        new_line_of.push(out.len());
    }
    let new_text = out.join("\n");
    let at = |old_line: usize| new_line_of.get(old_line).copied().unwrap_or(1);

    let mut changes: Vec<Change> = edits
        .iter()
        .map(|e| Change {
            line: at(e.line),
            key: e.key.clone(),
            old: e.old_excerpt.clone(),
            new: e.new_excerpt.clone(),
        })
        .collect();
    if let Some(line) = comment_line {
        changes.push(Change {
            line,
            key: cleared
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            old: cleared
                .iter()
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            new: "removed (a draft: set them on issue)".into(),
        });
    }
    changes.sort_by_key(|c| c.line);

    let new_lines: Vec<&str> = new_text.split('\n').collect();
    let col = |line: usize, byte: usize| {
        new_lines
            .get(line.saturating_sub(1))
            .and_then(|l| l.get(..byte))
            .map_or(1, |p| p.chars().count() + 1)
    };
    let mut warnings: Vec<Diagnostic> = asks
        .into_iter()
        .map(|(line, start, why, hint)| {
            let l = at(line);
            Diagnostic::warning(target, why)
                .at(Some(&new_text), l, col(l, start))
                .hint(hint)
        })
        .collect();
    let old_s = old.to_string();
    for c in &parts.comments {
        if let Some((off, _)) = year_tokens(&c.text).find(|(_, y)| *y == old_s) {
            let l = at(c.line);
            warnings.push(
                Diagnostic::warning(
                    target,
                    format!("a comment mentions {old}; comments are copied as written"),
                )
                .at(Some(&new_text), l, col(l, c.start + off))
                .hint(format!("update the comment by hand if it should say {new}")),
            );
        }
    }
    warnings.sort_by_key(|w| (w.line, w.column));

    verify(&plan, &new_text, file, target, old, new)?;
    Ok(Draft {
        target: target.to_path_buf(),
        text: new_text,
        old_year: old,
        new_year: new,
        changes,
        warnings,
    })
}

/// The edited text must parse to the old plan with exactly the moved years changed, and must
/// validate; otherwise nothing is written.
fn verify(
    plan: &Plan,
    new_text: &str,
    file: &Path,
    target: &Path,
    old: i32,
    new: i32,
) -> Result<(), Vec<Diagnostic>> {
    let (doc, _) = compile::check(new_text, target, &Project::default())?;
    let Document::Plan(got) = doc else {
        return Err(vec![not_a_plan(new_text, target)]);
    };
    let mut expected = plan.clone();
    expected.year = new;
    expected.number = None;
    expected.date = None;
    expected.date_fixed = false;
    if matches!(expected.status, Some(Status::Issued | Status::ForSignature)) {
        expected.status = Some(Status::Draft);
    }
    let mut expected = serde_json::to_value(&expected).unwrap_or_default();
    rewrite_strings(&mut expected, old, new);
    let got = serde_json::to_value(&got).unwrap_or_default();
    if got == expected {
        return Ok(());
    }
    let at = first_difference(&expected, &got, String::new()).unwrap_or_default();
    Err(vec![Diagnostic::error(
        file,
        format!("cannot edit this file's text safely (the result differs from the plan at `{at}`); nothing was written"),
    )
    .hint("please report this with the file; meanwhile copy the file and change the year by hand")])
}

fn rewrite_strings(v: &mut serde_json::Value, old: i32, new: i32) {
    match v {
        serde_json::Value::String(s) => {
            let mut hits: Vec<Hit> = classify(s, old, new)
                .into_iter()
                .filter(|h| h.verdict == Verdict::Move)
                .collect();
            hits.sort_by_key(|h| std::cmp::Reverse(h.start));
            for h in hits {
                if s.get(h.start..h.start + 4).is_some() {
                    s.replace_range(h.start..h.start + 4, &new.to_string());
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| rewrite_strings(x, old, new)),
        serde_json::Value::Object(o) => o.values_mut().for_each(|x| rewrite_strings(x, old, new)),
        _ => {}
    }
}

fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value::{Array, Object};
    match (a, b) {
        (Object(x), Object(y)) => x
            .iter()
            .find_map(|(k, va)| match y.get(k) {
                Some(vb) => first_difference(va, vb, format!("{at}.{k}")),
                None => Some(format!("{at}.{k}")),
            })
            .or_else(|| (x.len() != y.len()).then_some(at)),
        (Array(x), Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (va, vb))| first_difference(va, vb, format!("{at}[{i}]"))),
        _ => (a != b).then_some(at),
    }
}

/// A replacement inside one source line.
#[derive(Debug, Clone)]
struct Edit {
    line: usize,
    start: usize,
    end: usize,
    new: String,
    key: String,
    old_excerpt: String,
    new_excerpt: String,
}

/// A short excerpt of `line` around `start..end` (not before `from`, where the value starts),
/// before and after the replacement.
fn excerpt(line: &str, from: usize, start: usize, end: usize, new: &str) -> (String, String) {
    let before = line.get(from..start).unwrap_or("");
    let after = line.get(end..).unwrap_or("");
    let old = line.get(start..end).unwrap_or("");
    let words: Vec<&str> = before.split_whitespace().collect();
    let keep = words.len().saturating_sub(4);
    let mut lead = words.get(keep..).unwrap_or(&[]).join(" ");
    if keep > 0 {
        lead = format!("…{lead}");
    }
    if !lead.is_empty() && before.ends_with(char::is_whitespace) {
        lead.push(' ');
    }
    let tail: String = after
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect::<String>();
    (format!("{lead}{old}{tail}"), format!("{lead}{new}{tail}"))
}

// ---------------------------------------------------------------- the year classifier

/// What to do with one year found in a text value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The plan's own year: move it.
    Move,
    /// A reference (date, document number) or a period: keep it, silently.
    Keep,
    /// Cannot tell: keep it and say why, with a hint for the clerk.
    Ask {
        /// Why it was not changed.
        why: String,
        /// What the clerk should check.
        hint: String,
    },
}

/// One year (a run of exactly four digits) in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Byte offset of the first digit.
    pub start: usize,
    /// The year.
    pub year: i32,
    /// What to do with it.
    pub verdict: Verdict,
}

/// Finds the years `old - 1`, `old` and `old + 1` in `text` and says what to do with each
/// when the plan moves from `old` to `new`:
/// - inside a date or a document number ("20/12/2017", "178/2004/NĐ-CP", "2018-03-05") or a
///   period ("2016 – 2020"): keep;
/// - "năm 2018" (the plan's year after "năm") in a clause that cites no document: move;
/// - "năm 2018" in a clause that cites a document, "năm 2017" / "năm 2019" (may be last
///   year's results, or a fixed year), or 2018 not after "năm": ask.
pub(crate) fn classify(text: &str, old: i32, new: i32) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (start, digits) in year_tokens(text) {
        let Ok(year) = digits.parse::<i32>() else {
            continue;
        };
        if (year - old).abs() > 1 {
            continue;
        }
        let end = start + digits.len();
        let before = text.get(..start).unwrap_or("");
        let after = text.get(end..).unwrap_or("");
        let verdict = if part_of_reference(before, after) || part_of_period(before, after) {
            Verdict::Keep
        } else if !after_nam(before) {
            if year == old {
                Verdict::Ask {
                    why: format!("{old} is not after \"năm\"; left as {old}"),
                    hint: format!(
                        "if it is this plan's year, change it to {new} by hand; if it is a reference, leave it"
                    ),
                }
            } else {
                continue;
            }
        } else {
            let cites = clause_cites_document(text, start, end);
            if year == old && !cites {
                Verdict::Move
            } else if year == old {
                Verdict::Ask {
                    why: format!(
                        "\"năm {old}\" is in a sentence that cites another document; left as {old}"
                    ),
                    hint: format!(
                        "if it means this plan's year, change it to {new} by hand; if it belongs to the citation, leave it"
                    ),
                }
            } else {
                let moved = year + (new - old);
                let (which, example) = if year < old {
                    ("the year before", "last year's results")
                } else {
                    ("the year after", "preparing the next year")
                };
                Verdict::Ask {
                    why: format!(
                        "\"năm {year}\" may mean {which} the plan's year (then it reads \"năm {moved}\" in the new plan) or a fixed year{}; left as {year}",
                        if cites { ", in a sentence that cites another document" } else { "" }
                    ),
                    hint: format!(
                        "change it to {moved} by hand if it moves with the plan (e.g. {example})"
                    ),
                }
            }
        };
        hits.push(Hit {
            start,
            year,
            verdict,
        });
    }
    hits
}

/// Runs of exactly four ASCII digits: (byte offset, digits).
fn year_tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let start = i;
            if bytes.get(i).is_some_and(u8::is_ascii_digit) {
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if i - start == 4 {
                    return text.get(start..i).map(|d| (start, d));
                }
            } else {
                i += 1;
            }
        }
        None
    })
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑')
}

/// Inside a date or a number: "20/12/2017", "178/2004/NĐ-CP", "2018-03-05", "05.3.2018".
fn part_of_reference(before: &str, after: &str) -> bool {
    let mut b = before.chars().rev();
    let (p1, p2) = (b.next(), b.next());
    let mut a = after.chars();
    let (n1, n2) = (a.next(), a.next());
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    p1 == Some('/')
        || n1 == Some('/')
        || (p1.is_some_and(|c| c == '.' || is_dash(c)) && digit(p2))
        || (n1.is_some_and(|c| c == '.' || is_dash(c)) && digit(n2))
}

/// A period of years: "2016 – 2020", "2016-2020".
fn part_of_period(before: &str, after: &str) -> bool {
    let four_digits = |s: &str, from_end: bool| {
        let run: String = if from_end {
            s.chars().rev().take_while(char::is_ascii_digit).collect()
        } else {
            s.chars().take_while(char::is_ascii_digit).collect()
        };
        run.len() == 4
    };
    let a = after.trim_start();
    if let Some(rest) = a.strip_prefix(is_dash) {
        if four_digits(rest.trim_start(), false) {
            return true;
        }
    }
    let b = before.trim_end();
    if let Some(rest) = b.strip_suffix(is_dash) {
        if four_digits(rest.trim_end(), true) {
            return true;
        }
    }
    false
}

/// True when the word just before (across spaces and line breaks) is "năm".
fn after_nam(before: &str) -> bool {
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() {
        return false;
    }
    let word: String = trimmed
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    word.to_lowercase() == "năm"
}

/// True when the clause around `start..end` (bounded by ";", a line break, or "." before a
/// space) cites a document: a number or date such as "2222/KH-UBND" or "29/7/2016".
fn clause_cites_document(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let mut from = 0;
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in before.char_indices() {
        if let Some((pi, '.')) = prev {
            if c.is_whitespace() {
                from = pi + 1;
            }
        }
        if c == ';' || c == '\n' {
            from = i + c.len_utf8();
        }
        prev = Some((i, c));
    }
    let mut to = after.len();
    let mut it = after.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next_ws = it.peek().is_none_or(|(_, n)| n.is_whitespace());
        if c == ';' || c == '\n' || (c == '.' && next_ws) {
            to = i;
            break;
        }
    }
    let clause = format!(
        "{}{}",
        before.get(from..).unwrap_or(""),
        after.get(..to).unwrap_or("")
    );
    let chars: Vec<char> = clause.chars().collect();
    chars.windows(3).any(|w| match w {
        [a, '/', b] => a.is_ascii_digit() && b.is_alphanumeric(),
        _ => false,
    })
}

// ---------------------------------------------------------------- values and comments

/// The top-level entries the draft sets itself: their values are not searched for years.
const SET_BY_THE_DRAFT: [&str; 5] = ["year", "number", "date", "date_fixed", "status"];

/// A piece of a scalar on one source line.
#[derive(Debug, Clone)]
struct Seg {
    line: usize,
    start: usize,
    len: usize,
    flat: usize,
}

/// One scalar value of the source, possibly over several lines, with its text flattened: its
/// pieces as written (a quoted scalar with its quotes), each line's indentation left out,
/// joined by a space (a line break in a literal block), a blank line read as a line break.
#[derive(Debug, Clone, Default)]
struct Region {
    /// The key it is the value of (for a sequence item, the sequence's key).
    key: String,
    /// A literal block (`|`): its lines are joined by line breaks.
    literal: bool,
    segs: Vec<Seg>,
    flat: String,
}

impl Region {
    fn push(&mut self, line: usize, start: usize, text: &str) {
        if !self.flat.is_empty() {
            self.flat.push(if self.literal { '\n' } else { ' ' });
        }
        self.segs.push(Seg {
            line,
            start,
            len: text.len(),
            flat: self.flat.len(),
        });
        self.flat.push_str(text);
    }

    /// Byte (in its line) where the segment holding byte `at` of the flattened text starts.
    fn segment_start(&self, at: usize) -> Option<usize> {
        self.segs
            .iter()
            .find(|s| at >= s.flat && at < s.flat + s.len)
            .map(|s| s.start)
    }

    /// (line, byte in line) of byte `at` of the flattened text.
    fn locate(&self, at: usize) -> Option<(usize, usize)> {
        self.segs
            .iter()
            .find(|s| at >= s.flat && at < s.flat + s.len)
            .map(|s| (s.line, s.start + (at - s.flat)))
    }
}

/// A comment: its line (0-based), its byte in the line, its text.
#[derive(Debug, Clone)]
struct Comment {
    line: usize,
    start: usize,
    text: String,
}

#[derive(Debug, Default)]
struct Found {
    regions: Vec<Region>,
    comments: Vec<Comment>,
}

/// The scalar values of `text` (but [`SET_BY_THE_DRAFT`]) and its comments, where the span
/// index puts them; `lines` is `text` split at line breaks.
fn scan(text: &str, lines: &[&str], spans: &Spans) -> Found {
    let line_at = |n: usize| {
        let l = lines.get(n).copied().unwrap_or("");
        l.strip_suffix('\r').unwrap_or(l)
    };
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut out = Found::default();
    for (path, node) in spans.scalars() {
        let set = SET_BY_THE_DRAFT.iter().any(|k| {
            path.strip_prefix(k)
                .is_some_and(|r| r.is_empty() || r.starts_with(['.', '[']))
        });
        let Some(style) = node.style.filter(|_| !set) else {
            continue;
        };
        let mut r = Region {
            key: key_of(path).to_string(),
            literal: style == Style::Literal,
            ..Region::default()
        };
        let first = node.value.line.saturating_sub(1);
        if matches!(style, Style::Literal | Style::Folded) {
            // From the first content line to the line the block ends at (its start, unless
            // the text ends inside the block's last line).
            let end = match node.end.column {
                1 => node.end.line.saturating_sub(1),
                _ => node.end.line,
            };
            for n in first..end {
                let l = line_at(n);
                if l.trim().is_empty() {
                    r.flat.push('\n');
                    continue;
                }
                let i = indent(l);
                r.push(n, i, l.get(i..).unwrap_or("").trim_end());
            }
        } else {
            let last = node.end.line.saturating_sub(1);
            for n in first..=last {
                let l = line_at(n);
                let from = if n == first {
                    byte_of(l, node.value.column)
                } else {
                    indent(l)
                };
                let to = if n == last {
                    byte_of(l, node.end.column)
                } else {
                    l.len()
                };
                let piece = l.get(from..to.max(from)).unwrap_or("").trim_end();
                if piece.is_empty() && n != first {
                    r.flat.push('\n');
                    continue;
                }
                r.push(n, from, piece);
            }
        }
        out.regions.push(r);
    }
    out.comments = spans
        .comments(text)
        .into_iter()
        .map(|c| {
            let line = c.at.line.saturating_sub(1);
            Comment {
                line,
                start: byte_of(line_at(line), c.at.column),
                text: c.text,
            }
        })
        .collect();
    out
}

/// The key a value at `path` is under: `text` for `sections[0].items[1].text`, `items` for
/// `sections[0].items[1]`.
fn key_of(path: &str) -> &str {
    let mut p = path;
    while let Some(i) = p.strip_suffix(']').and_then(|q| q.rfind('[')) {
        p = &p[..i];
    }
    p.rsplit('.').next().unwrap_or(p)
}

/// The byte of the 1-based character `column` of `line` (its end when the line is shorter).
fn byte_of(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

/// Only plans have a next year: reports are written anew each period.
fn not_a_plan(text: &str, file: &Path) -> Diagnostic {
    Source::new(file, text)
        .error(
            "kind",
            "not a plan: only a plan can be drafted for next year",
        )
        .hint("give a file of `kind: plan`; a report is written for each period")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdicts(text: &str) -> Vec<(i32, &'static str)> {
        classify(text, 2018, 2019)
            .into_iter()
            .map(|h| {
                let v = match h.verdict {
                    Verdict::Move => "move",
                    Verdict::Keep => "keep",
                    Verdict::Ask { .. } => "ask",
                };
                (h.year, v)
            })
            .collect()
    }

    #[test]
    fn own_year_moves_references_and_periods_stay() {
        assert_eq!(verdicts("Phòng, chống mại dâm năm 2018"), [(2018, "move")]);
        assert_eq!(verdicts("KẾ HOẠCH NĂM\n2018"), [(2018, "move")]);
        assert_eq!(
            verdicts("Kết luận số 589/TB-VPCP ngày 20/12/2017 của Văn phòng"),
            [(2017, "keep")]
        );
        assert_eq!(verdicts("giai đoạn 2017 – 2020"), [(2017, "keep")]);
        assert_eq!(verdicts("giai đoạn 2016-2018"), [(2018, "keep")]);
        assert_eq!(verdicts("Nghị định 178/2018/NĐ-CP"), [(2018, "keep")]);
        assert_eq!(verdicts("ngày 2018-03-05"), [(2018, "keep")]);
        assert_eq!(verdicts("năm 2020 và năm 2015"), []);
    }

    #[test]
    fn undecidable_years_are_asked() {
        assert_eq!(
            verdicts("Kết luận số 589/TB-VPCP tổng kết công tác năm 2017 và nhiệm vụ năm 2018. Sở Y tế năm 2018"),
            [(2017, "ask"), (2018, "ask"), (2018, "move")]
        );
        assert_eq!(verdicts("tổng kết công tác năm 2017"), [(2017, "ask")]);
        assert_eq!(verdicts("Kế hoạch 2018 của Sở"), [(2018, "ask")]);
        assert_eq!(verdicts("12018 20180"), []);
    }

    #[test]
    fn values_and_comments_come_from_the_span_index() {
        let src = "# head 2018\nkind: plan # the kind\nsummary: \"a # b\" # c\npreamble: >-\n  one\n  # two\n\n  three\nitems:\n  - x\n    y\n  - { a: 1 }\nnote: \"m\n  n # not a comment\" # d\nyear: 2018\n";
        let lines: Vec<&str> = src.split('\n').collect();
        let spans = Spans::parse(src);
        let s = scan(src, &lines, &spans);
        let flats: Vec<(&str, &str)> = s
            .regions
            .iter()
            .map(|r| (r.key.as_str(), r.flat.as_str()))
            .collect();
        assert_eq!(
            flats,
            [
                ("kind", "plan"),
                ("summary", "\"a # b\""),
                ("preamble", "one # two\n three"),
                ("items", "x y"),
                ("a", "1"),
                ("note", "\"m n # not a comment\""),
            ]
        );
        let lines: Vec<(usize, usize)> = s.comments.iter().map(|c| (c.line, c.start)).collect();
        assert_eq!(lines, [(0, 0), (1, 11), (2, 17), (13, 21)]);
    }

    #[test]
    fn targets() {
        assert_eq!(
            target_path(Path::new("plans/2018/x.yaml"), 2018, 2019).unwrap(),
            Path::new("plans/2019/x.yaml")
        );
        assert_eq!(
            target_path(Path::new("p/x-2018.yaml"), 2018, 2020).unwrap(),
            Path::new("p/x-2020.yaml")
        );
        assert!(target_path(Path::new("p/x.yaml"), 2018, 2019).is_err());
    }
}
