//! Import stage: the body between the frame's parts → legal bases, the opening and the
//! section tree. Levels are recognised by how their labels are written (I., 1., 1.1., a),
//! "-", "+", or Word's own list numbering), so that vanban computes the labels again; a
//! bold lead ending in ":" is a run-in heading, a bold paragraph a standalone one.

use std::collections::BTreeMap;

use super::doc::{CellOut, Doc, ItemOut, Kind, Node, TableOut};
use super::docx::{Block, Para, Run, Table};
use super::text::{self, Key, Label};

/// The deepest nesting of sections vanban writes.
const MAX_DEPTH: usize = 4;

/// Numbers footnotes in order of first reference and keeps their definitions.
struct Notes<'a> {
    source: &'a BTreeMap<String, Vec<Para>>,
    numbers: BTreeMap<String, usize>,
    defs: Vec<String>,
}

impl Notes<'_> {
    fn number(&mut self, id: &str) -> usize {
        if let Some(n) = self.numbers.get(id) {
            return *n;
        }
        let n = self.numbers.len() + 1;
        self.numbers.insert(id.to_string(), n);
        let paras = self.source.get(id).cloned().unwrap_or_default();
        let mut inner = |_: &str| 0usize;
        let text: Vec<String> = paras
            .iter()
            .map(|p| text::markdown(&p.runs, &mut inner, true))
            .filter(|t| !t.is_empty())
            .collect();
        let body = text.join(" ");
        let body = body.trim_start_matches(|c: char| c.is_ascii_digit()).trim();
        self.defs.push(format!("[^{n}]: {body}"));
        n
    }
}

/// The scheme name of a key.
pub(crate) fn scheme(key: Key) -> Option<&'static str> {
    Some(match key {
        Key::Roman => "roman",
        Key::UpperLetter => "upper-letter",
        Key::Arabic => "arabic",
        Key::Nested(_) => "nested",
        Key::Letter => "letter",
        Key::Heading(_) => return None,
    })
}

fn rank(key: Key) -> usize {
    match key {
        Key::Heading(n) => n.saturating_sub(1),
        Key::Roman => 10,
        Key::UpperLetter => 11,
        Key::Arabic => 12,
        Key::Nested(k) => 12 + k,
        Key::Letter => 30,
    }
}

/// The tree being built: the root holds the opening.
struct Tree {
    root: Node,
    /// Path of child indexes to the open sections, with their keys.
    stack: Vec<(Key, usize)>,
    /// The largest Roman number seen.
    max_roman: usize,
    /// (ancestor, descendant) pairs of keys seen so far.
    above: std::collections::BTreeSet<(Key, Key)>,
}

impl Tree {
    fn top(&mut self) -> &mut Node {
        let mut n = &mut self.root;
        for (_, i) in &self.stack {
            let i = *i;
            n = &mut n.children[i];
        }
        n
    }

    /// Where content goes: the open section, or its last unnumbered part.
    fn holder(&mut self) -> &mut Node {
        let top = self.top();
        let last_is_part = top
            .children
            .last()
            .is_some_and(|c| c.unnumbered && c.title.is_none() && c.children.is_empty());
        if last_is_part {
            let n = top.children.len() - 1;
            &mut top.children[n]
        } else {
            top
        }
    }

    /// A new unnumbered part of the open section, for content that would print out of order.
    fn new_part(&mut self) -> &mut Node {
        // vanban nests sections four deep: a part below the fourth level goes after it,
        // as its unnumbered sibling (the same place in the reading order)
        if self.stack.len() >= MAX_DEPTH {
            self.stack.pop();
        }
        let top = self.top();
        top.children.push(Node {
            unnumbered: true,
            ..Node::default()
        });
        let n = top.children.len() - 1;
        &mut top.children[n]
    }

    /// Opens a section of `key`; `Err(node)` when it would be deeper than vanban nests.
    fn push_section(&mut self, key: Key, node: Node) -> Result<(), Node> {
        match self.stack.iter().rposition(|(k, _)| *k == key) {
            Some(p) => self.stack.truncate(p),
            // a new key nests below the open sections, except below those it has been
            // seen above ("2.1." after "a)" of "2." goes back above the "a)")
            None if matches!(key, Key::Heading(_)) => {
                let r = rank(key);
                while self.stack.last().is_some_and(|(k, _)| rank(*k) >= r) {
                    self.stack.pop();
                }
            }
            None => {
                while self
                    .stack
                    .last()
                    .is_some_and(|(k, _)| self.above.contains(&(key, *k)))
                {
                    self.stack.pop();
                }
            }
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(node);
        }
        for (k, _) in &self.stack {
            self.above.insert((*k, key));
        }
        let top = self.top();
        top.children.push(node);
        let i = top.children.len() - 1;
        self.stack.push((key, i));
        Ok(())
    }

    /// Before the first section everything is the opening, in order: paragraphs and
    /// "- " lines of Markdown.
    fn opening(&mut self, line: String, item: bool) -> bool {
        if !self.stack.is_empty() {
            return false;
        }
        let t = &mut self.root.text;
        match t.last_mut() {
            Some(last) if item && (last.starts_with("- ") || last.starts_with("  + ")) => {
                last.push('\n');
                last.push_str(&line);
            }
            _ => t.push(line),
        }
        true
    }

    fn text(&mut self, md: String) {
        if self.opening(md.clone(), false) {
            return;
        }
        let h = self.holder();
        if h.closed_for_text() {
            self.new_part().text.push(md);
        } else {
            h.text.push(md);
        }
    }

    fn item(&mut self, md: String) {
        if self.opening(format!("- {md}"), true) {
            return;
        }
        let h = self.holder();
        if !h.tables.is_empty() || !h.children.is_empty() {
            self.new_part().items.push(ItemOut {
                text: md,
                ..ItemOut::default()
            });
        } else {
            h.items.push(ItemOut {
                text: md,
                ..ItemOut::default()
            });
        }
    }

    fn plus(&mut self, md: String) {
        let root_item = self.root.text.last().is_some_and(|l| l.starts_with("- "));
        if self.stack.is_empty() && root_item && self.opening(format!("  + {md}"), true) {
            return;
        }
        let h = self.holder();
        match h.items.last_mut() {
            Some(i) if h.tables.is_empty() && h.children.is_empty() => i.items.push(md),
            _ => {
                // a "+" with no "-" before it: a paragraph labelled "+"
                let top = self.top();
                top.children.push(Node {
                    scheme: Some("plus"),
                    text: vec![md],
                    ..Node::default()
                });
            }
        }
    }

    /// Sets the note of the table just added; false when there is none to take it.
    fn note(&mut self, text: &str) -> bool {
        let h = self.holder();
        match h.tables.last_mut() {
            Some(t) if t.note.is_none() && h.children.is_empty() => {
                t.note = Some(text.to_string());
                true
            }
            _ => false,
        }
    }

    fn table(&mut self, t: TableOut) {
        let h = self.holder();
        if !h.children.is_empty() {
            self.new_part().tables.push(t);
        } else {
            h.tables.push(t);
        }
    }
}

/// The heading style vanban uses at `level` without a `heading:` key.
fn default_heading(kind: Kind, level: usize) -> &'static str {
    if kind == Kind::Report && level == 1 {
        "standalone"
    } else {
        "run-in"
    }
}

/// Recognises the body blocks into `doc`.
pub(crate) fn recognise(blocks: &[Block], notes: &BTreeMap<String, Vec<Para>>, doc: &mut Doc) {
    let mut notes = Notes {
        source: notes,
        numbers: BTreeMap::new(),
        defs: Vec::new(),
    };
    let mut tree = Tree {
        root: Node::default(),
        stack: Vec::new(),
        above: std::collections::BTreeSet::new(),
        max_roman: 0,
    };
    let mut started = false;
    let mut caption: Option<String> = None;
    let mut after_table = false;
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Table(t) => {
                started = true;
                let mut t = table(t);
                t.caption = caption.take();
                if !t.rows.is_empty() || !t.header.is_empty() {
                    tree.table(t);
                    after_table = true;
                }
            }
            Block::Para(p) => {
                let plain = text::squash(&p.text());
                if plain.is_empty() && !p.runs.iter().any(|r| r.note.is_some()) {
                    continue;
                }
                let was_after_table = std::mem::replace(&mut after_table, false);
                let unlabeled = p.list_label.is_none() && text::label(&plain).is_none();
                // a bold line right above a table is its caption; an italic one right below,
                // its note
                let next_is_table = matches!(blocks.get(i + 1), Some(Block::Table(_)));
                if next_is_table
                    && unlabeled
                    && (p.style.starts_with("heading") || text::all_bold(&p.runs))
                {
                    caption = Some(plain);
                    continue;
                }
                if was_after_table && unlabeled && all_italic(&p.runs) && tree.note(&plain) {
                    continue;
                }
                if !started
                    && tree.root.text.is_empty()
                    && plain.starts_with("Căn cứ")
                    && (all_italic(&p.runs) || plain.ends_with(';') || plain.ends_with(','))
                {
                    let mut nn = |id: &str| notes.number(id);
                    // printed in italics by vanban: the text without its own formatting
                    doc.bases.push(text::markdown(&p.runs, &mut nn, false));
                    continue;
                }
                paragraph(p, &mut tree, &mut notes, &mut started);
            }
        }
    }
    let mut root = tree.root;
    // the opening: the root's own paragraphs; its items become "- " lines
    let mut preamble = std::mem::take(&mut root.text);
    for it in std::mem::take(&mut root.items) {
        preamble.push(item_lines(&it));
    }
    if !root.tables.is_empty() {
        root.children.insert(
            0,
            Node {
                unnumbered: true,
                tables: std::mem::take(&mut root.tables),
                ..Node::default()
            },
        );
    }
    doc.sections = root.children;
    doc.preamble = preamble;
    if doc.kind != Kind::Plan {
        take_closing(doc);
    }
    doc.notes = notes.defs;
    finish_numbering(doc);
}

fn all_italic(runs: &[Run]) -> bool {
    runs.iter()
        .filter(|r| r.note.is_none() && !r.text.trim().is_empty())
        .all(|r| r.italic)
        && runs.iter().any(|r| !r.text.trim().is_empty())
}

fn item_lines(it: &ItemOut) -> String {
    let mut s = format!("- {}", it.text);
    for p in &it.items {
        s.push_str(&format!("\n  + {p}"));
    }
    s
}

fn paragraph(p: &Para, tree: &mut Tree, notes: &mut Notes<'_>, started: &mut bool) {
    let mut nn = |id: &str| notes.number(id);
    let heading_level = p
        .style
        .strip_prefix("heading ")
        .and_then(|n| n.trim().parse::<usize>().ok());
    // the label: Word's list numbering, else the text's own
    let (found, runs) = match &p.list_label {
        Some(l) => {
            let probe = format!("{l} x");
            match text::label(&probe).map(|(lab, _)| lab) {
                Some(lab) => (Some((lab, l.clone())), p.runs.clone()),
                // a number Word prints that is no label of vanban ("f)"): kept as text
                None => {
                    let mut runs = vec![Run {
                        text: format!("{l} "),
                        ..Run::default()
                    }];
                    runs.extend(p.runs.iter().cloned());
                    (None, runs)
                }
            }
        }
        None => {
            let plain = text::plain(&p.runs);
            match text::label(&plain) {
                Some((lab, n)) => {
                    let written: String = plain.trim_start().chars().take(n).collect();
                    (
                        Some((lab, written.trim().to_string())),
                        text::drop_chars(&p.runs, n),
                    )
                }
                None => (None, p.runs.clone()),
            }
        }
    };
    match found {
        Some((Label::Dash, _)) if heading_level.is_none() => {
            *started = true;
            tree.item(text::markdown(&runs, &mut nn, true));
        }
        Some((Label::Plus, _)) if heading_level.is_none() => {
            *started = true;
            tree.plus(text::markdown(&runs, &mut nn, true));
        }
        Some((Label::Numbered(mut key, n, written), _)) => {
            *started = true;
            // "C." or "D." after "B.": a letter, not the Roman 100 or 500
            if key == Key::Roman {
                let one = written.chars().count() == 2;
                if one && n > tree.max_roman + 1 {
                    key = Key::UpperLetter;
                } else {
                    tree.max_roman = tree.max_roman.max(n);
                }
            }
            let mut node = titled(&runs, &mut nn);
            node.key = Some(key);
            node.label = written.clone();
            if let Err(node) = tree.push_section(key, node) {
                // a fifth level: kept as a paragraph with its number as text
                let mut md = text::escape(&written);
                if let Some(t) = &node.title {
                    md = format!("{md} **{t}**");
                }
                for t in &node.text {
                    md = format!("{md} {t}");
                }
                tree.text(md);
                tree.holder().checks.push(format!(
                    "\"{written}\" is a fifth level of numbering: kept as text with its number (vanban nests sections four deep)"
                ));
            }
        }
        _ => {
            if let Some(n) = heading_level {
                *started = true;
                let mut node = Node {
                    title: Some(text::markdown(&p.runs, &mut nn, false)),
                    unnumbered: true,
                    heading: Some("standalone"),
                    ..Node::default()
                };
                node.key = Some(Key::Heading(n));
                if let Err(node) = tree.push_section(Key::Heading(n), node) {
                    tree.text(format!("**{}**", node.title.unwrap_or_default()));
                }
            } else {
                let md = text::markdown(&runs, &mut nn, true);
                if !md.is_empty() {
                    tree.text(md);
                }
            }
        }
    }
}

/// A numbered paragraph (label removed) → a section: standalone heading, run-in heading
/// with its text, or a numbered paragraph.
fn titled(runs: &[Run], nn: &mut dyn FnMut(&str) -> usize) -> Node {
    if text::all_bold(runs) {
        let t = text::markdown(runs, nn, false);
        return Node {
            title: Some(t),
            heading: Some("standalone"),
            ..Node::default()
        };
    }
    let (head, rest) = text::bold_prefix(runs);
    let head_text = text::squash(&text::plain(&head));
    if !head_text.is_empty() && (head_text.ends_with(':') || head_text.ends_with('.')) {
        let title = head_text
            .strip_suffix(':')
            .unwrap_or(&head_text)
            .trim()
            .to_string();
        let title = text::escape(&title);
        return Node {
            title: Some(title),
            text: vec![text::markdown(&rest, nn, true)],
            heading: Some("run-in"),
            ..Node::default()
        };
    }
    Node {
        text: vec![text::markdown(runs, nn, true)],
        ..Node::default()
    }
}

/// A Word table → a clerk table: gridSpan → `cols`, vMerge → `rows`.
fn table(t: &Table) -> TableOut {
    // cells by (row, grid column), with their vertical merge state
    struct C {
        text: String,
        cols: usize,
        col: usize,
        vmerge: Option<bool>,
    }
    let mut grid: Vec<Vec<C>> = Vec::new();
    for r in &t.rows {
        let mut col = 0;
        let mut row = Vec::new();
        for c in &r.cells {
            // a cell's text is printed as it is (not read as Markdown): plain text
            let text: Vec<String> = c
                .paras
                .iter()
                .map(|p| text::squash(&text::plain(&p.runs)))
                .filter(|s| !s.is_empty())
                .collect();
            row.push(C {
                text: text.join(" "),
                cols: c.span,
                col,
                vmerge: c.vmerge,
            });
            col += c.span;
        }
        grid.push(row);
    }
    let mut rows_out: Vec<Vec<CellOut>> = Vec::new();
    for (ri, row) in grid.iter().enumerate() {
        let mut out = Vec::new();
        for c in row {
            if c.vmerge == Some(false) {
                continue;
            }
            let mut span = 1;
            if c.vmerge == Some(true) {
                for below in &grid[ri + 1..] {
                    if below
                        .iter()
                        .any(|d| d.col == c.col && d.vmerge == Some(false))
                    {
                        span += 1;
                    } else {
                        break;
                    }
                }
            }
            out.push(CellOut {
                text: c.text.clone(),
                cols: c.cols,
                rows: span,
            });
        }
        rows_out.push(out);
    }
    // header rows: those marked as repeated, else the first
    let marked = t.rows.iter().take_while(|r| r.header).count();
    let mut n_head = if marked > 0 {
        marked
    } else {
        1.min(rows_out.len())
    };
    // a cell of the header spanning rows below it pulls them into the header
    let mut k = 0;
    while k < n_head {
        for c in &rows_out[k] {
            n_head = n_head.max(k + c.rows);
        }
        k += 1;
    }
    let n_head = n_head.min(rows_out.len());
    let rows = rows_out.split_off(n_head);
    TableOut {
        header: rows_out,
        rows,
        ..TableOut::default()
    }
}

/// The last paragraph of a report or letter ending "./." is its closing.
fn take_closing(doc: &mut Doc) {
    fn last(n: &mut Node) -> &mut Node {
        if n.children.is_empty() {
            n
        } else {
            let k = n.children.len() - 1;
            last(&mut n.children[k])
        }
    }
    let is_closing = |t: &str| t.trim_end().ends_with("./.") || t.starts_with("Trên đây");
    if let Some(s) = doc.sections.last_mut() {
        let n = last(s);
        let run_in_only = n.title.is_some() && n.text.len() == 1;
        if n.items.is_empty() && n.tables.is_empty() && !run_in_only {
            if let Some(t) = n.text.last().filter(|t| is_closing(t)) {
                doc.closing = Some(t.clone());
                n.text.pop();
                prune(&mut doc.sections);
            }
        }
    } else if let Some(t) = doc.preamble.last().filter(|t| is_closing(t)) {
        doc.closing = Some(t.clone());
        doc.preamble.pop();
    }
}

/// Drops parts left with nothing in them (after the closing sentence was taken out).
fn prune(nodes: &mut Vec<Node>) {
    for n in nodes.iter_mut() {
        prune(&mut n.children);
    }
    nodes.retain(|n| {
        n.key.is_some()
            || n.title.is_some()
            || n.text.iter().any(|t| !t.is_empty())
            || !n.items.is_empty()
            || !n.tables.is_empty()
            || !n.children.is_empty()
            || n.reporting
    });
}

/// The document's numbering (the usual scheme of each level), `scheme:` where a section
/// differs, and a check where vanban's label differs from the original's.
fn finish_numbering(doc: &mut Doc) {
    let mut per_level: Vec<Vec<&'static str>> = Vec::new();
    fn collect(nodes: &[Node], level: usize, out: &mut Vec<Vec<&'static str>>) {
        for n in nodes {
            let lvl = level;
            if let Some(s) = n.key.and_then(scheme) {
                if out.len() < lvl {
                    out.resize(lvl, Vec::new());
                }
                out[lvl - 1].push(s);
            }
            collect(&n.children, lvl + 1, out);
        }
    }
    collect(&doc.sections, 1, &mut per_level);
    let default = ["roman", "arabic", "nested", "letter"];
    let mut numbering: Vec<&'static str> = Vec::new();
    for (i, v) in per_level.iter().enumerate() {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for s in v {
            match counts.iter_mut().find(|(k, _)| k == s) {
                Some(c) => c.1 += 1,
                None => counts.push((s, 1)),
            }
        }
        let best = counts
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|c| c.0)
            .unwrap_or_else(|| default.get(i).copied().unwrap_or("letter"));
        numbering.push(best);
    }
    let at = |n: &[&'static str], level: usize| -> &'static str {
        n.get(level - 1).or(n.last()).copied().unwrap_or("roman")
    };
    let same_as_default = (1..=numbering.len()).all(|l| at(&numbering, l) == at(&default, l));
    let effective: Vec<&'static str> = if same_as_default || numbering.is_empty() {
        default.to_vec()
    } else {
        doc.numbering = numbering.clone();
        numbering
    };
    fn mark(
        nodes: &mut [Node],
        level: usize,
        eff: &[&'static str],
        parent: Option<String>,
        kind: Kind,
    ) {
        let at = |level: usize| -> &'static str {
            eff.get(level - 1)
                .or(eff.last())
                .copied()
                .unwrap_or("roman")
        };
        let mut n = 0;
        for node in nodes.iter_mut() {
            let own = node.key.and_then(scheme);
            let wrapper = node.title.is_none() && node.text.iter().all(|t| t.trim().is_empty());
            let printed: Option<crate::model::Scheme> = match own {
                Some(s) => {
                    if s != at(level) {
                        node.scheme = Some(s);
                    }
                    to_scheme(s)
                }
                None if node.scheme.is_some() => node.scheme.and_then(to_scheme),
                None => {
                    if !wrapper {
                        node.unnumbered = true;
                    }
                    None
                }
            };
            let mut core = parent.clone();
            if let Some(s) = printed {
                n += 1;
                let (label, c) = crate::view::scheme_label(s, n, parent.as_deref());
                if let Some(c) = c {
                    core = Some(c);
                }
                let want = node.label.trim_end_matches('.');
                let got = label.trim_end_matches('.');
                if node.key.is_some() && want != got {
                    node.checks.push(format!(
                        "the original numbers this \"{}\", vanban numbers it \"{}\" (numbers are computed from the tree)",
                        node.label, label
                    ));
                }
            }
            // `heading:` only where it changes what is printed
            let has_text = node.text.iter().any(|t| !t.is_empty());
            if node.title.is_none()
                || !has_text
                || node.heading == Some(default_heading(kind, level))
            {
                node.heading = None;
            }
            mark(&mut node.children, level + 1, eff, core, kind);
        }
    }
    let kind = doc.kind;
    mark(&mut doc.sections, 1, &effective, None, kind);
}

fn to_scheme(s: &str) -> Option<crate::model::Scheme> {
    use crate::model::Scheme;
    Some(match s {
        "roman" => Scheme::Roman,
        "arabic" => Scheme::Arabic,
        "nested" => Scheme::Nested,
        "letter" => Scheme::Letter,
        "upper-letter" => Scheme::UpperLetter,
        "dash" => Scheme::Dash,
        "plus" => Scheme::Plus,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx;

    const W: &str = r#"<w:document xmlns:w="w"><w:body>"#;

    fn body(xml: &str, notes: Option<&str>) -> Doc {
        let d = docx::read(
            &format!("{W}{xml}</w:body></w:document>"),
            None,
            None,
            notes,
        );
        let mut doc = Doc::default();
        recognise(&d.blocks, &d.notes, &mut doc);
        doc
    }

    fn p(text: &str) -> String {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    fn tc(text: &str, props: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    #[test]
    fn merged_cells_become_cols_and_rows() {
        let table = format!(
            "<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}</w:tr><w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}{}</w:tr><w:tr>{}{}{}{}</w:tr></w:tbl>",
            tc("TT", r#"<w:vMerge w:val="restart"/>"#),
            tc("Đơn vị", r#"<w:vMerge w:val="restart"/>"#),
            tc("Kết quả", r#"<w:gridSpan w:val="2"/>"#),
            tc("", "<w:vMerge/>"),
            tc("", "<w:vMerge/>"),
            tc("Số", ""),
            tc("1", ""),
            tc("Lục Nam", ""),
            tc("12", ""),
            tc("3", ""),
        ) + "";
        let doc = body(&format!("{}{table}", p("I. KẾT QUẢ")), None);
        let t = &doc.sections[0].tables[0];
        let c = |text: &str, cols, rows| CellOut {
            text: text.into(),
            cols,
            rows,
        };
        assert_eq!(
            t.header,
            vec![
                vec![c("TT", 1, 2), c("Đơn vị", 1, 2), c("Kết quả", 2, 1)],
                vec![c("Số", 1, 1)]
            ]
        );
        assert_eq!(
            t.rows,
            vec![vec![
                c("1", 1, 1),
                c("Lục Nam", 1, 1),
                c("12", 1, 1),
                c("3", 1, 1)
            ]]
        );
    }

    #[test]
    fn footnotes_are_numbered_in_order_of_reference() {
        let notes = r#"<w:footnotes><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>x</w:t></w:r></w:p></w:footnote><w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Gọi tắt là Ban Chỉ đạo.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let para = r#"<w:p><w:r><w:t>Ban Chỉ đạo quốc gia</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r><w:r><w:t xml:space="preserve"> xây dựng kế hoạch.</w:t></w:r></w:p>"#;
        let doc = body(para, Some(notes));
        assert_eq!(
            doc.preamble,
            vec!["Ban Chỉ đạo quốc gia[^1] xây dựng kế hoạch."]
        );
        assert_eq!(doc.notes, vec!["[^1]: Gọi tắt là Ban Chỉ đạo."]);
    }

    #[test]
    fn run_in_and_standalone_headings_and_items() {
        let b = |t: &str| {
            format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>"#)
        };
        let r = |t: &str| format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#);
        let xml = format!(
            "<w:p>{}</w:p><w:p>{}{}</w:p>{}{}<w:p>{}</w:p>{}",
            b("I. MỤC ĐÍCH"),
            b("1. Mục đích:"),
            r(" Nâng cao hiệu quả."),
            p("- Một việc;"),
            p("+ một phần."),
            b("2. Yêu cầu"),
            p("Thường xuyên kiểm tra."),
        );
        let doc = body(&xml, None);
        let s = &doc.sections[0];
        assert_eq!(s.title.as_deref(), Some("MỤC ĐÍCH"));
        let a = &s.children[0];
        assert_eq!(
            (a.title.as_deref(), a.text.clone()),
            (Some("Mục đích"), vec!["Nâng cao hiệu quả.".to_string()])
        );
        assert_eq!(a.heading, None, "run in, as a plan's default");
        assert_eq!(a.items[0].text, "Một việc;");
        assert_eq!(a.items[0].items, vec!["một phần."]);
        let b2 = &s.children[1];
        assert_eq!(b2.title.as_deref(), Some("Yêu cầu"));
        assert_eq!(b2.heading, Some("standalone"));
        assert!(doc.numbering.is_empty(), "the default numbering");
    }
}
