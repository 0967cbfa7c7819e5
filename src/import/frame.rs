//! Import stage: the official frame around the body. The header (a table, or paragraphs
//! aligned with tabs): parent body, issuing body, "Số: 45/KH-UBND", place and date, Quốc hiệu
//! and Tiêu ngữ (dropped); the kind title and the trích yếu or "V/v"; Kính gửi; and at the
//! end Nơi nhận (with the archive line and Bản điện tử) and the signature chain.

use super::doc::{DateLine, Doc, Kind};
use super::docx::{Block, Para};
use super::text::{all_bold, squash};
use crate::docx::style;

/// A line of the frame: its text and whether it is bold.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    bold: bool,
}

/// The parts of a paragraph set in two columns with tabs ("SỞ Y TẾ\t\tCỘNG HÒA …"), trimmed,
/// the empty ones dropped.
fn tab_parts(raw: &str) -> Vec<&str> {
    raw.split('\t')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// With two parts or more, the first goes to the left column and the last to the right; the
/// parts between them are returned (nothing places them). With fewer: `None`, nothing pushed.
fn columns<'a>(
    parts: &'a [&'a str],
    bold: bool,
    left: &mut Vec<Line>,
    right: &mut Vec<Line>,
) -> Option<&'a [&'a str]> {
    let [first, middle @ .., last] = parts else {
        return None;
    };
    left.push(Line {
        text: squash(first),
        bold,
    });
    right.push(Line {
        text: squash(last),
        bold,
    });
    Some(middle)
}

fn lines_of(p: &Para) -> Vec<Line> {
    let bold = all_bold(&p.runs);
    p.text()
        .split('\n')
        .map(|t| Line {
            text: squash(t),
            bold,
        })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// Kind titles vanban does not write, so that the error can say which it is.
const OTHER_KINDS: [&str; 18] = [
    "QUYẾT ĐỊNH",
    "TỜ TRÌNH",
    "THÔNG BÁO",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH",
    "PHƯƠNG ÁN",
    "ĐỀ ÁN",
    "BIÊN BẢN",
    "GIẤY MỜI",
    "CÔNG ĐIỆN",
    "CHỈ THỊ",
    "NGHỊ QUYẾT",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "THÔNG TƯ",
    "NGHỊ ĐỊNH",
    "LUẬT",
    "TỜ TRÌNH",
];

fn upper(s: &str) -> String {
    squash(s).to_uppercase()
}

/// Normalises the spelling of the words compared ("HOÀ"/"HÒA", "UỶ"/"ỦY").
fn fold(s: &str) -> String {
    upper(s)
        .replace("OÀ", "ÒA")
        .replace("OÁ", "ÓA")
        .replace("OẢ", "ỎA")
        .replace("UỶ", "ỦY")
        .replace(['–', '—'], "-")
}

fn is_national(s: &str) -> bool {
    fold(s).replace(' ', "") == fold(style::NATIONAL_TITLE).replace(' ', "")
}

fn is_motto(s: &str) -> bool {
    fold(s).replace(' ', "") == fold(style::MOTTO).replace(' ', "")
}

fn is_rule(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| "-_=*.…–—~ ".contains(c))
}

/// The kind title a line is, if any: Ok(kind) for the kinds vanban writes, Err(name) for
/// another official kind.
fn kind_title(s: &str) -> Option<Result<Kind, String>> {
    let u = upper(s);
    match u.as_str() {
        "KẾ HOẠCH" => Some(Ok(Kind::Plan)),
        "BÁO CÁO" => Some(Ok(Kind::Report)),
        _ if OTHER_KINDS.contains(&u.as_str()) => Some(Err(u)),
        _ => None,
    }
}

/// A date line: "Hà Nội, ngày 05 tháng 3 năm 2025", blanks allowed.
pub(crate) fn date_line(s: &str) -> Option<(String, DateLine)> {
    let s = squash(s);
    let (place, rest) = s.split_once(", ngày").or_else(|| s.split_once(",ngày"))?;
    let rest = rest.trim();
    let (day, rest) = rest.split_once("tháng")?;
    let (month, year) = rest.split_once("năm")?;
    let num = |x: &str| -> Option<u32> {
        let d: String = x.chars().filter(|c| c.is_ascii_digit()).collect();
        d.parse().ok()
    };
    let year = year.trim().trim_end_matches('.');
    let year: i32 = year.get(..4)?.parse().ok()?;
    Some((
        place.trim().to_string(),
        DateLine {
            day: num(day).filter(|d| (1..=31).contains(d)),
            month: num(month).filter(|m| (1..=12).contains(m)),
            year: Some(year),
        },
    ))
}

/// "Số: 45/KH-UBND" → (number, symbol).
fn number_line(s: &str) -> Option<(Option<u32>, String)> {
    let s = squash(s);
    let rest = s.strip_prefix("Số")?.trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
    let (n, sym) = rest.split_once('/')?;
    let n = n.trim();
    let number = if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() {
        n.parse().ok()
    } else {
        None
    };
    Some((number, sym.trim().to_string()))
}

/// Where the body is and what follows the signature.
pub(crate) struct Split {
    /// Index of the first body block.
    pub body_start: usize,
    /// Index past the last body block (the closing starts there).
    pub body_end: usize,
    /// Index of the first block after the closing (appendices).
    pub after: usize,
}

/// Recognises the frame of `blocks` into `doc`; `Err` names a kind vanban does not write.
pub(crate) fn recognise(blocks: &[Block], doc: &mut Doc) -> Result<Split, String> {
    let mut i = 0;
    let para_text = |b: &Block| match b {
        Block::Para(p) => Some(squash(&p.text())),
        Block::Table(_) => None,
    };
    while let Some(t) = blocks.get(i).and_then(para_text) {
        if t.is_empty() {
            i += 1;
        } else if upper(&t) == "DỰ THẢO" {
            doc.status = Some("draft");
            i += 1;
        } else {
            break;
        }
    }
    let mut left: Vec<Line> = Vec::new();
    let mut right: Vec<Line> = Vec::new();
    if let Some(Block::Table(t)) = blocks.get(i) {
        let all: String = t
            .rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .flat_map(|c| c.paras.iter())
            .map(|p| p.text())
            .collect::<Vec<_>>()
            .join(" ");
        if is_national_in(&all) || all.contains("Số") {
            for r in &t.rows {
                let n = r.cells.len();
                for (k, c) in r.cells.iter().enumerate() {
                    for p in &c.paras {
                        for l in lines_of(p) {
                            if n >= 2 && k == 0 {
                                left.push(l);
                            } else if n >= 2 {
                                right.push(l);
                            } else {
                                side(l, &mut left, &mut right);
                            }
                        }
                    }
                }
            }
            i += 1;
        }
    }
    // paragraphs of the header (all of it when there is no table; the rest otherwise)
    let mut seen = 0;
    // a "V/v" line may go on over the next lines
    let mut in_vv = left.iter().any(|l| l.text.starts_with("V/v"));
    while let Some(Block::Para(p)) = blocks.get(i) {
        let t = squash(&p.text());
        if t.is_empty() {
            if seen > 0 && has_date(&right) {
                i += 1;
                break;
            }
            i += 1;
            continue;
        }
        let first = t.split('\n').next().unwrap_or("");
        if kind_title(first).is_some()
            || t.starts_with("Kính gửi")
            || t.starts_with("Căn cứ")
            || (has_date(&right)
                && has_number(&left)
                && !t.starts_with("V/v")
                && !(in_vv && !p.text().contains('\t') && t.chars().count() < 120))
            || seen > 14
        {
            break;
        }
        in_vv = in_vv || t.starts_with("V/v") || t.starts_with("V/V");
        let raw = p.text();
        let parts = tab_parts(&raw);
        if let Some(middle) = columns(&parts, all_bold(&p.runs), &mut left, &mut right) {
            for m in middle {
                doc.checks
                    .push(format!("header text not placed: \"{}\"", squash(m)));
            }
        } else {
            for l in lines_of(p) {
                side(l, &mut left, &mut right);
            }
        }
        seen += 1;
        i += 1;
    }
    read_left(&left, doc);
    read_right(&right, doc);
    if left.is_empty() && right.is_empty() {
        doc.checks.push(
            "no header was recognised (issuer, number, date): fill in issuer, abbr, place and year"
                .into(),
        );
    }
    // the kind title and the summary
    while let Some(t) = blocks.get(i).and_then(para_text) {
        if t.is_empty() || is_rule(&t) {
            i += 1;
        } else {
            break;
        }
    }
    let mut kind = None;
    if let Some(Block::Para(p)) = blocks.get(i) {
        let lines = lines_of(p);
        if let Some(k) = lines.first().and_then(|l| kind_title(&l.text)) {
            kind = Some(k?);
            i += 1;
            let mut summary: Vec<String> = lines[1..].iter().map(|l| l.text.clone()).collect();
            while let Some(Block::Para(p)) = blocks.get(i) {
                let t = squash(&p.text());
                if t.is_empty() || is_rule(&t) || t.starts_with("Kính gửi") || summary.len() >= 4
                {
                    break;
                }
                let opening = ["Căn cứ", "Kính gửi"].iter().any(|w| t.starts_with(w));
                if !(p.centered || all_bold(&p.runs)) || opening || super::text::label(&t).is_some()
                {
                    break;
                }
                summary.extend(lines_of(p).into_iter().map(|l| l.text));
                i += 1;
            }
            doc.summary = summary
                .iter()
                .map(|l| squash(l))
                .filter(|l| !l.is_empty())
                .collect();
            if doc.summary.is_empty() {
                doc.checks
                    .push("no trích yếu under the kind title: write `summary`".into());
            }
        }
    }
    doc.kind = match kind {
        Some(k) => k,
        None => {
            if doc.summary.is_empty() {
                doc.checks.push(
                    "no kind title (KẾ HOẠCH, BÁO CÁO) and no \"V/v\" line: imported as a letter"
                        .into(),
                );
            }
            Kind::Letter
        }
    };
    // a kind symbol "KH-SYT" → abbr SYT; a letter's "SYT-NVY" → abbr SYT, office NVY
    let sym = doc.abbr.clone();
    match (doc.kind, sym.split_once('-')) {
        (Kind::Letter, Some((a, b))) => {
            doc.abbr = a.to_string();
            doc.office = Some(b.to_string());
        }
        (Kind::Letter, None) => doc.office = None,
        (_, Some((k, rest))) => {
            let want = if doc.kind == Kind::Plan {
                crate::kinds::PLAN.abbr
            } else {
                crate::kinds::REPORT.abbr
            };
            if k != want {
                doc.checks.push(format!(
                    "the symbol {sym} does not start with {want}, the symbol of the kind title; vanban prints {want}-{rest}"
                ));
            }
            doc.abbr = rest.to_string();
            doc.office = None;
        }
        (_, None) => doc.office = None,
    }
    // Kính gửi
    while let Some(t) = blocks.get(i).and_then(para_text) {
        if t.is_empty() || is_rule(&t) {
            i += 1;
        } else {
            break;
        }
    }
    if let Some(t) = blocks.get(i).and_then(para_text) {
        if let Some(rest) = t.strip_prefix("Kính gửi") {
            let rest = rest.trim_start().trim_start_matches(':').trim();
            i += 1;
            let mut more = rest.is_empty() || rest.ends_with(';');
            if !rest.is_empty() {
                doc.to.push(addressee(rest));
            }
            while more {
                let Some(t) = blocks.get(i).and_then(para_text) else {
                    break;
                };
                if t.is_empty() {
                    i += 1;
                    continue;
                }
                if !(t.starts_with(['-', '–', '+', '•']) || t.ends_with(';') || t.ends_with('.'))
                {
                    break;
                }
                more = t.ends_with(';');
                doc.to.push(addressee(&t));
                i += 1;
            }
        }
    }
    // the closing: the last "Nơi nhận"
    let mut body_end = blocks.len();
    let mut after = blocks.len();
    for (j, b) in blocks.iter().enumerate().skip(i).rev() {
        match b {
            Block::Table(t) => {
                let first = t
                    .rows
                    .first()
                    .and_then(|r| r.cells.first())
                    .map(|c| {
                        c.paras
                            .iter()
                            .map(|p| squash(&p.text()))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default();
                if first.starts_with("Nơi nhận") {
                    body_end = j;
                    after = j + 1;
                    let (mut l, mut r) = (Vec::new(), Vec::new());
                    for row in &t.rows {
                        let n = row.cells.len();
                        for (k, c) in row.cells.iter().enumerate() {
                            for p in &c.paras {
                                for line in lines_of(p) {
                                    if k == 0 || n < 2 {
                                        l.push(line)
                                    } else {
                                        r.push(line)
                                    }
                                }
                            }
                        }
                    }
                    read_closing(&l, &r, doc);
                    break;
                }
            }
            Block::Para(p) => {
                let t = squash(&p.text());
                if t.starts_with("Nơi nhận") {
                    body_end = j;
                    let (mut l, mut r) = (Vec::new(), Vec::new());
                    // signature lines above "Nơi nhận" (right-aligned, no tab)
                    let mut k = j;
                    while k > i {
                        let Some(Block::Para(q)) = blocks.get(k - 1) else {
                            break;
                        };
                        let qt = squash(&q.text());
                        if qt.is_empty() || authority(&qt).is_some() {
                            k -= 1;
                        } else {
                            break;
                        }
                    }
                    if blocks[k..j]
                        .iter()
                        .any(|b| para_text(b).is_some_and(|t| authority(&t).is_some()))
                    {
                        for b in &blocks[k..j] {
                            if let Block::Para(q) = b {
                                r.extend(lines_of(q));
                            }
                        }
                        body_end = k;
                    }
                    let mut end = j;
                    for b in &blocks[j..] {
                        let Block::Para(q) = b else { break };
                        let raw = q.text();
                        if upper(&raw).starts_with("PHỤ LỤC") {
                            break;
                        }
                        end += 1;
                        let parts = tab_parts(&raw);
                        let bold = all_bold(&q.runs);
                        if columns(&parts, bold, &mut l, &mut r).is_some() {
                            continue;
                        }
                        if let Some(x) = parts.first() {
                            let x = squash(x);
                            let is_left = x.starts_with(['-', '–', '+', '•'])
                                || x.starts_with("Nơi nhận")
                                || x.starts_with("Bản điện tử")
                                || x.starts_with("Lưu");
                            if is_left {
                                l.push(Line { text: x, bold });
                            } else {
                                r.push(Line { text: x, bold });
                            }
                        }
                    }
                    after = end;
                    read_closing(&l, &r, doc);
                    break;
                }
            }
        }
    }
    if body_end == blocks.len() {
        doc.checks.push(
            "no \"Nơi nhận\" and signature were recognised: fill in `signature` (title, name)"
                .into(),
        );
    }
    Ok(Split {
        body_start: i.min(body_end),
        body_end,
        after,
    })
}

fn is_national_in(s: &str) -> bool {
    fold(s)
        .replace(' ', "")
        .contains("CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM")
}

fn has_date(right: &[Line]) -> bool {
    right.iter().any(|l| date_line(&l.text).is_some())
}

fn has_number(left: &[Line]) -> bool {
    left.iter().any(|l| number_line(&l.text).is_some())
}

/// A header line without a column: the right column's lines are known by their text.
fn side(l: Line, left: &mut Vec<Line>, right: &mut Vec<Line>) {
    if is_national(&l.text) || is_motto(&l.text) || date_line(&l.text).is_some() {
        right.push(l)
    } else if is_rule(&l.text) {
    } else {
        left.push(l)
    }
}

fn addressee(s: &str) -> String {
    let s = s.trim_start_matches(['-', '–', '+', '•']).trim();
    s.trim_end_matches([';', '.']).trim().to_string()
}

fn read_left(lines: &[Line], doc: &mut Doc) {
    let lines: Vec<&Line> = lines.iter().filter(|l| !is_rule(&l.text)).collect();
    let so = lines.iter().position(|l| number_line(&l.text).is_some());
    let issuer: Vec<&Line> = lines[..so.unwrap_or(lines.len())].to_vec();
    if let Some(k) = so {
        if let Some((n, sym)) = number_line(&lines[k].text) {
            doc.number = n;
            let raw = lines[k].text.split('/').next().unwrap_or("");
            let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
            if let Some(n) = n.filter(|n| format!("{n:02}") != digits) {
                doc.checks.push(format!(
                    "the original writes the number \"{digits}\"; vanban prints \"{n:02}\" (numbers take a leading zero below 10 only)"
                ));
            }
            match sym.split_once('-') {
                // KH-SYT (a kind) or SYT-NVY (a letter: issuer and office); split once
                // the kind title is read
                Some(_) | None => doc.abbr = sym.clone(),
            }
        }
        let mut vv: Vec<String> = Vec::new();
        for l in &lines[k + 1..] {
            if vv.is_empty() {
                if let Some(r) = l
                    .text
                    .strip_prefix("V/v")
                    .or_else(|| l.text.strip_prefix("V/V"))
                {
                    vv.push(r.trim().to_string());
                    continue;
                }
                if let Some(r) = l.text.strip_prefix("Về việc") {
                    vv.push(r.trim().to_string());
                    continue;
                }
                doc.checks
                    .push(format!("header line not placed: \"{}\"", l.text));
            } else {
                vv.push(l.text.clone());
            }
        }
        if !vv.is_empty() {
            doc.summary = vv
                .iter()
                .map(|l| squash(l))
                .filter(|l| !l.is_empty())
                .collect();
        }
    }
    // parent and issuing body: by bold where the two differ, else by meaning
    let some_bold = issuer.iter().any(|l| l.bold);
    let some_plain = issuer.iter().any(|l| !l.bold);
    // Decree 30: the parent body is set regular, the issuing body bold
    let (parent, name): (Vec<&Line>, Vec<&Line>) = if some_bold && some_plain {
        let first_bold = issuer.iter().position(|l| l.bold).unwrap_or(0);
        (issuer[..first_bold].to_vec(), issuer[first_bold..].to_vec())
    } else if some_bold {
        (Vec::new(), issuer.clone())
    } else {
        let committee = issuer.iter().position(|l| {
            let u = fold(&l.text);
            u == "ỦY BAN NHÂN DÂN" || u == "HỘI ĐỒNG NHÂN DÂN"
        });
        match committee {
            Some(c) => (issuer[..c].to_vec(), issuer[c..].to_vec()),
            None if issuer.len() >= 2 => {
                doc.checks.push(format!(
                    "the header does not say by bold type which line is the parent body: \"{}\" was taken as the parent (issuer.parent), the rest as the issuing body",
                    issuer[0].text
                ));
                (issuer[..1].to_vec(), issuer[1..].to_vec())
            }
            None => (Vec::new(), issuer.clone()),
        }
    };
    doc.parent = parent.iter().map(|l| l.text.clone()).collect();
    doc.name = name.iter().map(|l| l.text.clone()).collect();
}

fn read_right(lines: &[Line], doc: &mut Doc) {
    for l in lines {
        if is_national(&l.text) || is_motto(&l.text) || is_rule(&l.text) {
            continue;
        }
        if let Some((place, d)) = date_line(&l.text) {
            doc.place = place;
            doc.date = d;
            continue;
        }
        doc.checks
            .push(format!("header line not placed: \"{}\"", l.text));
    }
}

/// "KT. GIÁM ĐỐC" → ("KT", "GIÁM ĐỐC").
fn authority(s: &str) -> Option<(String, String)> {
    let s = squash(s);
    for p in ["TM", "KT", "TL", "TUQ", "Q"] {
        if let Some(rest) = s.strip_prefix(p) {
            if let Some(r) = rest.strip_prefix('.') {
                return Some((p.to_string(), r.trim().to_string()));
            }
        }
    }
    None
}

fn read_closing(left: &[Line], right: &[Line], doc: &mut Doc) {
    let mut electronic = false;
    for l in left {
        let t = l.text.trim();
        if t.starts_with("Nơi nhận") {
            continue;
        }
        if t.starts_with("Bản điện tử") {
            electronic = true;
            continue;
        }
        let item = t.trim_start_matches(['-', '–', '+', '•']).trim();
        if let Some(a) = item.strip_prefix("Lưu") {
            let a = a
                .trim_start()
                .trim_start_matches(':')
                .trim()
                .trim_end_matches('.');
            doc.archive = a
                .split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect();
            continue;
        }
        let item = item.trim_end_matches([';', '.']).trim();
        if item.is_empty() {
            continue;
        }
        if electronic {
            doc.electronic.push(item.to_string());
        } else {
            doc.recipients.push(item.to_string());
        }
    }
    let lines: Vec<&Line> = right.iter().filter(|l| !l.text.trim().is_empty()).collect();
    let mut k = 0;
    while let Some(l) = lines.get(k) {
        if authority(&l.text).is_some() {
            doc.signature.authority.push(squash(&l.text));
            k += 1;
        } else {
            break;
        }
    }
    let rest: Vec<&Line> = lines[k..].to_vec();
    let (name, titles) = match rest.split_last() {
        Some((n, t)) if !t.is_empty() || doc.signature.authority.is_empty() => {
            (Some(*n), t.to_vec())
        }
        Some((n, t)) => (Some(*n), t.to_vec()),
        None => (None, Vec::new()),
    };
    let mut title = Vec::new();
    for t in titles {
        let upper_line = t.text == t.text.to_uppercase();
        if upper_line && !t.text.starts_with('(') {
            title.push(t.text.clone());
        } else {
            doc.checks.push(format!(
                "signature line not printed by vanban: \"{}\"",
                t.text
            ));
        }
    }
    if title.len() > 1 {
        doc.checks.push(format!(
            "the signer's title is on {} lines ({}): vanban prints one title line",
            title.len(),
            title.join(" / ")
        ));
    }
    doc.signature.title = title.join(" ");
    doc.signature.name = name.map(|n| n.text.clone()).unwrap_or_default();
    if doc.signature.title.is_empty() {
        // "GIÁM ĐỐC" signing alone: the authority's own title
        if let Some(last) = doc.signature.authority.last().and_then(|a| authority(a)) {
            if last.0 == "TM" {
                doc.checks
                    .push("the signer's title is missing under the authority line".into());
            }
        }
        doc.checks
            .push("the signer's title (signature.title) was not recognised".into());
    }
}
