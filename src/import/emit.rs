//! Import stage: the recognised document → YAML text the loader reads. Deterministic (the
//! same DOCX gives the same bytes), in the key order of the README's examples, with
//! `# kiểm tra: …` comments where something needs a person's eye.

use std::fmt::Write;

use super::doc::{CellOut, Doc, ItemOut, Kind, Node, TableOut};

/// The YAML of `doc`; `source` names the imported file in the first comment.
pub(crate) fn yaml(doc: &Doc, source: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Imported by `vanban import` from {source}.");
    let _ = writeln!(
        o,
        "# Review every \"# kiểm tra\" comment, then run `vanban check` on this file."
    );
    for c in &doc.checks {
        comment(&mut o, 0, c);
    }
    line(&mut o, 0, "kind", doc.kind.key());
    if let Some(s) = doc.status {
        line(&mut o, 0, "status", s);
    }
    if doc.date_fixed {
        o.push_str("date_fixed: true\n");
    }
    o.push_str("issuer:\n");
    if !doc.parent.is_empty() {
        list_or_one(&mut o, 2, "parent", &doc.parent);
    }
    if doc.name.is_empty() {
        comment(
            &mut o,
            2,
            "the issuing body was not recognised: write its name",
        );
        line(&mut o, 2, "name", "");
    } else {
        list_or_one(&mut o, 2, "name", &doc.name);
    }
    if doc.abbr.is_empty() {
        comment(
            &mut o,
            2,
            "no \"Số: …/…\" line: write the issuer's abbreviation",
        );
    }
    line(&mut o, 2, "abbr", &doc.abbr);
    if let Some(off) = &doc.office {
        line(&mut o, 2, "office", off);
    }
    if let Some(n) = &doc.name_in_text {
        line(&mut o, 2, "name_in_text", n);
    }
    if let Some(n) = doc.number {
        let _ = writeln!(o, "number: {n}");
    }
    let d = doc.date;
    match (d.year, d.month, d.day) {
        (Some(y), Some(m), Some(day)) => {
            let _ = writeln!(o, "date: {y:04}-{m:02}-{day:02}");
        }
        (Some(y), Some(m), None) => {
            let _ = writeln!(o, "date: \"{y:04}-{m:02}\"");
        }
        _ => {}
    }
    match doc.date.year {
        Some(y) => {
            let _ = writeln!(o, "year: {y}");
        }
        None => {
            comment(
                &mut o,
                0,
                "no year in the date line: write the document's year",
            );
            o.push_str("year: 0\n");
        }
    }
    if doc.place.is_empty() {
        comment(&mut o, 0, "no place and date line: write the place");
    }
    line(&mut o, 0, "place", &doc.place);
    // a trích yếu broken by hand keeps its lines
    match doc.summary.as_slice() {
        [] => line(&mut o, 0, "summary", ""),
        lines => list_or_one(&mut o, 0, "summary", lines),
    }
    if !doc.to.is_empty() {
        o.push_str("to:\n");
        for t in &doc.to {
            item(&mut o, 2, t);
        }
    }
    if !doc.bases.is_empty() {
        o.push_str("bases:\n");
        for b in &doc.bases {
            item(&mut o, 2, b);
        }
    }
    let mut preamble = doc.preamble.clone();
    preamble.extend(doc.notes.iter().cloned());
    if !preamble.is_empty() {
        let key = if doc.kind == Kind::Letter {
            "text"
        } else {
            "preamble"
        };
        text(&mut o, 0, key, &preamble);
    }
    if !doc.numbering.is_empty() {
        let _ = writeln!(o, "numbering: [{}]", doc.numbering.join(", "));
    }
    if !doc.sections.is_empty() || !doc.leftovers.is_empty() {
        o.push_str("sections:\n");
        for s in &doc.sections {
            node(&mut o, 2, s);
        }
        if !doc.leftovers.is_empty() {
            comment(
                &mut o,
                2,
                "text found after the signature (an appendix?) is kept here as paragraphs: \
                 move it where it belongs (vanban prints it before Nơi nhận)",
            );
            let n = Node {
                unnumbered: true,
                text: doc.leftovers.clone(),
                ..Node::default()
            };
            node(&mut o, 2, &n);
        }
    }
    if !doc.appendices.is_empty() {
        o.push_str("appendices:\n");
        for (k, a) in doc.appendices.iter().enumerate() {
            let standard = a
                .attached
                .as_deref()
                .is_some_and(|t| attached_issuer(t).is_some());
            if let (Some(att), false) = (&a.attached, standard) {
                comment(
                    &mut o,
                    2,
                    &format!("the original's line under the title was \"{att}\": vanban computes it from the document"),
                );
            }
            let _ = writeln!(o, "  - id: phu-luc-{}", k + 1);
            line(&mut o, 4, "title", &a.title);
            if !a.text.is_empty() {
                text(&mut o, 4, "text", &a.text);
            }
            if !a.numbering.is_empty() {
                let _ = writeln!(o, "    numbering: [{}]", a.numbering.join(", "));
            }
            if !a.sections.is_empty() {
                o.push_str("    sections:\n");
                for s in &a.sections {
                    node(&mut o, 6, s);
                }
            }
        }
    }
    if let Some(r) = &doc.reporting {
        o.push_str("reporting:\n");
        if !r.text.is_empty() {
            text(&mut o, 2, "text", std::slice::from_ref(&r.text));
        }
        match &doc.reporting_to {
            Some(t) => line(&mut o, 2, "to", t),
            None => {
                comment(
                    &mut o,
                    2,
                    "where the units send their reports was not found in the sentence",
                );
                line(&mut o, 2, "to", "");
            }
        }
        o.push_str("  deadlines:\n");
        for (what, due) in &r.deadlines {
            let _ = writeln!(o, "    - {{ deliverable: {what}, due: \"{due}\" }}");
        }
    }
    if let Some(c) = &doc.closing {
        line(&mut o, 0, "closing", c);
    } else if doc.kind == Kind::Report {
        comment(
            &mut o,
            0,
            "no closing sentence (\"Trên đây là báo cáo …./.\") was found: vanban prints one by default",
        );
    }
    o.push_str("recipients:");
    if doc.recipients.is_empty() {
        o.push_str(" []\n");
    } else {
        o.push('\n');
        for r in &doc.recipients {
            item(&mut o, 2, r);
        }
    }
    if !doc.archive.is_empty() {
        let _ = writeln!(
            o,
            "archive: [{}]",
            doc.archive
                .iter()
                .map(|a| flow(a))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !doc.electronic.is_empty() {
        o.push_str("electronic:\n");
        for r in &doc.electronic {
            item(&mut o, 2, r);
        }
    }
    o.push_str("signature:\n");
    let sig = &doc.signature;
    match sig.authority.as_slice() {
        [] => {}
        [one] => {
            // "KT. GIÁM ĐỐC" → authority KT, head GIÁM ĐỐC
            match one.split_once('.') {
                Some((a, head)) if !head.trim().is_empty() => {
                    line(&mut o, 2, "authority", a.trim());
                    line(&mut o, 2, "head", head.trim());
                }
                _ => line(&mut o, 2, "authority", one),
            }
        }
        chain => {
            o.push_str("  authority:\n");
            for a in chain {
                item(&mut o, 4, a);
            }
        }
    }
    line(&mut o, 2, "title", &sig.title);
    if sig.name.is_empty() {
        comment(&mut o, 2, "the signer's name was not recognised");
    }
    line(&mut o, 2, "name", &sig.name);
    o
}

/// The issuer named at the end of "(Kèm theo Kế hoạch số 235/KH-UBND ngày 18/11/2025 của UBND
/// tỉnh Thanh Hóa)", the line vanban computes under an appendix's title.
pub(crate) fn attached_issuer(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix("(Kèm theo ")?.strip_suffix(')')?;
    if !inner.contains(" số ") {
        return None;
    }
    let (_, who) = inner.rsplit_once(" của ")?;
    let who = who.trim();
    (!who.is_empty()).then(|| who.to_string())
}

fn node(o: &mut String, ind: usize, n: &Node) {
    for c in &n.checks {
        comment(o, ind, c);
    }
    let pad = " ".repeat(ind);
    let mut first = true;
    let mut key = || -> String {
        if first {
            first = false;
            format!("{pad}- ")
        } else {
            format!("{pad}  ")
        }
    };
    if let Some(t) = &n.title {
        let k = key();
        let _ = writeln!(o, "{k}title: {}", scalar(t));
    }
    if n.text.iter().any(|t| !t.is_empty()) {
        let k = key();
        o.push_str(&k);
        text_value(o, ind + 2, "text", &n.text);
    }
    if let Some(s) = n.scheme {
        let k = key();
        let _ = writeln!(o, "{k}scheme: {s}");
    } else if n.unnumbered && (n.title.is_some() || !n.text.is_empty()) {
        let k = key();
        let _ = writeln!(o, "{k}numbered: false");
    }
    if let Some(h) = n.heading {
        let k = key();
        let _ = writeln!(o, "{k}heading: {h}");
    }
    if !n.items.is_empty() {
        let k = key();
        let _ = writeln!(o, "{k}items:");
        for it in &n.items {
            item_out(o, ind + 4, it);
        }
    }
    if !n.tables.is_empty() {
        let k = key();
        let _ = writeln!(o, "{k}tables:");
        for t in &n.tables {
            table(o, ind + 4, t);
        }
    }
    if !n.children.is_empty() {
        let k = key();
        let _ = writeln!(o, "{k}sections:");
        for c in &n.children {
            node(o, ind + 4, c);
        }
    }
    if n.reporting {
        let k = key();
        let _ = writeln!(o, "{k}reporting: true");
    }
    if first {
        // an empty part: a wrapper
        let _ = writeln!(o, "{pad}- {{}}");
    }
}

fn item_out(o: &mut String, ind: usize, it: &ItemOut) {
    let pad = " ".repeat(ind);
    if it.id.is_none() && it.items.is_empty() {
        let _ = writeln!(o, "{pad}- {}", scalar(&it.text));
        return;
    }
    if let Some(id) = &it.id {
        let _ = writeln!(o, "{pad}- id: {id}");
        let _ = writeln!(o, "{pad}  text: {}", scalar(&it.text));
    } else {
        let _ = writeln!(o, "{pad}- text: {}", scalar(&it.text));
    }
    if let Some((unit, base, target)) = &it.indicator {
        let _ = writeln!(
            o,
            "{pad}  indicator: {{ unit: {}, baseline: {base}, target: {target} }}",
            flow(unit)
        );
    }
    if !it.items.is_empty() {
        let _ = writeln!(o, "{pad}  items:");
        for s in &it.items {
            let _ = writeln!(o, "{pad}    - {}", scalar(s));
        }
    }
}

fn table(o: &mut String, ind: usize, t: &TableOut) {
    let pad = " ".repeat(ind);
    let rows = |o: &mut String, key: &str, rows: &[Vec<CellOut>], first: bool| {
        let lead = if first {
            format!("{pad}- ")
        } else {
            format!("{pad}  ")
        };
        if rows.is_empty() {
            let _ = writeln!(o, "{lead}{key}: []");
            return;
        }
        let _ = writeln!(o, "{lead}{key}:");
        for r in rows {
            let cells: Vec<String> = r.iter().map(cell).collect();
            let _ = writeln!(o, "{pad}    - [{}]", cells.join(", "));
        }
    };
    let mut first = true;
    if let Some(c) = &t.caption {
        let _ = writeln!(o, "{pad}- caption: {}", scalar(c));
        first = false;
    }
    rows(o, "header", &t.header, first);
    rows(o, "rows", &t.rows, false);
    if let Some(n) = &t.note {
        let _ = writeln!(o, "{pad}  note: {}", scalar(n));
    }
}

fn cell(c: &CellOut) -> String {
    if c.cols <= 1 && c.rows <= 1 {
        return flow(&c.text);
    }
    let mut s = format!("{{ text: {}", flow(&c.text));
    if c.cols > 1 {
        let _ = write!(s, ", cols: {}", c.cols);
    }
    if c.rows > 1 {
        let _ = write!(s, ", rows: {}", c.rows);
    }
    s.push_str(" }");
    s
}

fn comment(o: &mut String, ind: usize, c: &str) {
    let c = c.replace(['\n', '\r'], " ");
    let _ = writeln!(o, "{}# kiểm tra: {c}", " ".repeat(ind));
}

fn line(o: &mut String, ind: usize, key: &str, value: &str) {
    let _ = writeln!(o, "{}{key}: {}", " ".repeat(ind), scalar(value));
}

fn item(o: &mut String, ind: usize, value: &str) {
    let _ = writeln!(o, "{}- {}", " ".repeat(ind), scalar(value));
}

fn list_or_one(o: &mut String, ind: usize, key: &str, values: &[String]) {
    match values {
        [one] => line(o, ind, key, one),
        many => {
            let _ = writeln!(o, "{}{key}:", " ".repeat(ind));
            for v in many {
                item(o, ind + 2, v);
            }
        }
    }
}

/// `key:` and paragraphs: one line when there is one short paragraph, else a literal block
/// with blank lines between paragraphs.
fn text(o: &mut String, ind: usize, key: &str, paras: &[String]) {
    o.push_str(&" ".repeat(ind));
    text_value(o, ind, key, paras);
}

fn text_value(o: &mut String, ind: usize, key: &str, paras: &[String]) {
    if paras.len() == 1 && !paras[0].contains('\n') {
        let _ = writeln!(o, "{key}: {}", scalar(&paras[0]));
        return;
    }
    let block_ok = paras
        .iter()
        .all(|p| p.lines().all(|l| l == l.trim_end()) && !p.starts_with(' ') && !p.contains('\t'));
    if !block_ok {
        let _ = writeln!(o, "{key}: {}", quoted(&paras.join("\n\n")));
        return;
    }
    let _ = writeln!(o, "{key}: |");
    let pad = " ".repeat(ind + 2);
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            o.push('\n');
        }
        for l in p.lines() {
            let _ = writeln!(o, "{pad}{l}");
        }
    }
}

/// A scalar in block context: plain where YAML reads it back as the same string, else
/// double-quoted.
pub(crate) fn scalar(s: &str) -> String {
    if plain_ok(s, false) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A scalar inside `[ … ]` or `{ … }`.
pub(crate) fn flow(s: &str) -> String {
    if plain_ok(s, true) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s != s.trim() || s.contains(['\n', '\r', '\t']) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_ascii_digit()
        || first == '.'
        || first == '+'
    {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if in_flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    let lower = s.to_lowercase();
    !matches!(
        lower.as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) && !s
        .chars()
        .all(|c| c.is_ascii_digit() || ".-+eE_".contains(c))
}

/// A double-quoted scalar.
pub(crate) fn quoted(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(o, "\\u{:04X}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}
