//! Import stage: WordprocessingML → paragraphs and tables. Reads `word/document.xml` with the
//! styles (bold and italic that a style gives, headings), the list numbering of
//! `numbering.xml` and the notes of `footnotes.xml`. Nothing here knows what a plan is.

use std::collections::BTreeMap;

use super::xml::{attr, events, Event};

/// A stretch of text with one formatting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Run {
    /// The text; `\t` for a tab, `\n` for a line break.
    pub text: String,
    /// Bold (direct or from the style).
    pub bold: bool,
    /// Italic (direct or from the style).
    pub italic: bool,
    /// A footnote reference: the note's id (the run's text is empty).
    pub note: Option<String>,
}

/// A paragraph.
#[derive(Debug, Clone, Default)]
pub(crate) struct Para {
    /// The style's name, lower case ("heading 1", "title", "list dash"), or "".
    pub style: String,
    /// The runs in order.
    pub runs: Vec<Run>,
    /// Word list numbering: the label Word prints before the text ("1.", "a)", "-").
    pub list_label: Option<String>,
    /// Centred.
    pub centered: bool,
}

impl Para {
    /// The plain text (no formatting, notes left out).
    pub(crate) fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A table cell.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    /// Its paragraphs.
    pub paras: Vec<Para>,
    /// Columns it spans (`gridSpan`).
    pub span: usize,
    /// `vMerge`: `Some(true)` starts a vertical merge, `Some(false)` continues one.
    pub vmerge: Option<bool>,
}

/// A table row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    /// The cells.
    pub cells: Vec<Cell>,
    /// A header row, repeated on each page (`tblHeader`).
    pub header: bool,
}

/// A table.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    /// The rows.
    pub rows: Vec<Row>,
}

/// A paragraph or a table of the body.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// A paragraph.
    Para(Para),
    /// A table.
    Table(Table),
}

/// The document: body blocks and the notes by id.
#[derive(Debug, Clone, Default)]
pub(crate) struct Document {
    /// The body.
    pub blocks: Vec<Block>,
    /// Footnotes: id → paragraphs.
    pub notes: BTreeMap<String, Vec<Para>>,
}

#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    num: Option<(String, usize)>,
    centered: Option<bool>,
}

#[derive(Debug, Clone, Default)]
struct Level {
    start: usize,
    format: String,
    text: String,
}

/// One `w:num`: the abstract list it uses (whose counters it shares, as in Word) and the
/// levels it restarts (`startOverride`).
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    levels: BTreeMap<usize, Level>,
    restarts: BTreeMap<usize, usize>,
}

#[derive(Debug, Default)]
struct Numbering {
    /// numId → its list.
    nums: BTreeMap<String, Num>,
}

/// What the reader knows while reading a part.
struct Ctx {
    styles: BTreeMap<String, Style>,
    numbering: Numbering,
    /// abstractNumId → counters per level (lists of one abstract list count on together).
    counters: BTreeMap<String, Vec<usize>>,
    /// numIds already used (a restart applies at the first use).
    used: std::collections::BTreeSet<String>,
}

/// Reads the parts into a document.
pub(crate) fn read(
    document: &str,
    styles: Option<&str>,
    numbering: Option<&str>,
    footnotes: Option<&str>,
) -> Document {
    let mut ctx = Ctx {
        styles: styles.map(read_styles).unwrap_or_default(),
        numbering: numbering.map(read_numbering).unwrap_or_default(),
        counters: BTreeMap::new(),
        used: std::collections::BTreeSet::new(),
    };
    let ev = events(document);
    let mut i = 0;
    let blocks = container(&ev, &mut i, "body", &mut ctx);
    let mut notes = BTreeMap::new();
    if let Some(f) = footnotes {
        let ev = events(f);
        let mut i = 0;
        while i < ev.len() {
            if let Event::Start { name, attrs, empty } = &ev[i] {
                if name == "footnote" && !empty {
                    let id = attr(attrs, "id").unwrap_or("").to_string();
                    let kind = attr(attrs, "type").unwrap_or("normal");
                    i += 1;
                    let b = container(&ev, &mut i, "footnote", &mut ctx);
                    if kind == "normal" {
                        let paras = b
                            .into_iter()
                            .filter_map(|b| match b {
                                Block::Para(p) => Some(p),
                                Block::Table(_) => None,
                            })
                            .collect();
                        notes.insert(id, paras);
                    }
                    continue;
                }
            }
            i += 1;
        }
    }
    Document { blocks, notes }
}

/// Reads paragraphs and tables until `</end>` (or the end); other elements are looked
/// through (`sdt`, `customXml`, `ins`).
fn container(ev: &[Event], i: &mut usize, end: &str, ctx: &mut Ctx) -> Vec<Block> {
    let mut out = Vec::new();
    while *i < ev.len() {
        match &ev[*i] {
            Event::End(n) if n == end => {
                *i += 1;
                return out;
            }
            Event::Start { name, empty, .. } if name == "p" => {
                let empty = *empty;
                *i += 1;
                if empty {
                    out.push(Block::Para(Para::default()));
                } else {
                    paragraph(ev, i, ctx, &mut out);
                }
            }
            Event::Start { name, empty, .. } if name == "tbl" && !empty => {
                *i += 1;
                out.push(Block::Table(table(ev, i, ctx)));
            }
            Event::Start { name, empty, .. } if is_skipped(name) && !empty => skip(ev, i),
            _ => *i += 1,
        }
    }
    out
}

/// Elements whose content is not the document's text: the fallback copy of a drawing,
/// deleted text, field codes.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "Fallback" | "del" | "instrText" | "delText" | "moveFrom"
    )
}

/// Skips from a start tag (at `i`) past its end tag.
fn skip(ev: &[Event], i: &mut usize) {
    let Some(Event::Start { name, .. }) = ev.get(*i) else {
        *i += 1;
        return;
    };
    let name = name.clone();
    let mut depth = 0usize;
    while *i < ev.len() {
        match &ev[*i] {
            Event::Start { name: n, empty, .. } if *n == name && !empty => depth += 1,
            Event::End(n) if *n == name => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    *i += 1;
                    return;
                }
            }
            _ => {}
        }
        *i += 1;
    }
}

fn on(attrs: &[(String, String)]) -> bool {
    !matches!(attr(attrs, "val"), Some("0" | "false" | "off" | "none"))
}

/// Reads a paragraph (after `<w:p>`); paragraphs of text boxes inside it are pushed first.
fn paragraph(ev: &[Event], i: &mut usize, ctx: &mut Ctx, out: &mut Vec<Block>) {
    let mut p = Para::default();
    let mut style_id = String::new();
    let mut num: Option<(Option<String>, Option<usize>)> = None;
    let mut jc: Option<String> = None;
    let mut in_ppr = false;
    let mut in_rpr = false;
    let mut in_t = false;
    // direct run formatting of the run being read
    let mut run: Option<(Option<bool>, Option<bool>, Option<String>)> = None;
    let mut texts: Vec<Piece> = Vec::new();
    while *i < ev.len() {
        match &ev[*i] {
            Event::End(n) if n == "p" => {
                *i += 1;
                break;
            }
            Event::Start { name, empty, .. } if name == "p" && !empty => {
                *i += 1;
                paragraph(ev, i, ctx, out);
                continue;
            }
            Event::Start { name, empty, .. } if name == "tbl" && !empty => {
                *i += 1;
                out.push(Block::Table(table(ev, i, ctx)));
                continue;
            }
            Event::Start { name, empty, .. } if is_skipped(name) && !empty => {
                skip(ev, i);
                continue;
            }
            Event::Start { name, attrs, empty } => {
                match name.as_str() {
                    "pPr" if !empty => in_ppr = true,
                    "rPr" if !empty => in_rpr = true,
                    "pStyle" if in_ppr && !in_rpr => {
                        style_id = attr(attrs, "val").unwrap_or("").to_string()
                    }
                    "numId" if in_ppr => {
                        num.get_or_insert((None, None)).0 = attr(attrs, "val").map(String::from)
                    }
                    "ilvl" if in_ppr => {
                        num.get_or_insert((None, None)).1 =
                            attr(attrs, "val").and_then(|v| v.parse().ok())
                    }
                    "jc" if in_ppr && !in_rpr => jc = attr(attrs, "val").map(String::from),
                    "r" if !empty => run = Some((None, None, None)),
                    "b" if in_rpr && !in_ppr => {
                        if let Some(r) = run.as_mut() {
                            r.0 = Some(on(attrs));
                        }
                    }
                    "i" if in_rpr && !in_ppr => {
                        if let Some(r) = run.as_mut() {
                            r.1 = Some(on(attrs));
                        }
                    }
                    "rStyle" if in_rpr && !in_ppr => {
                        if let Some(r) = run.as_mut() {
                            r.2 = attr(attrs, "val").map(String::from);
                        }
                    }
                    "t" if !empty => in_t = true,
                    "tab" if !in_ppr && run.is_some() => texts.push(piece("\t", &run)),
                    "br" | "cr" if run.is_some() && attr(attrs, "type") != Some("page") => {
                        texts.push(piece("\n", &run))
                    }
                    "noBreakHyphen" if run.is_some() => texts.push(piece("-", &run)),
                    "footnoteReference" => {
                        let mut x = piece("", &run);
                        x.4 = attr(attrs, "id").map(String::from);
                        texts.push(x);
                    }
                    _ => {}
                }
                *i += 1;
            }
            Event::End(n) => {
                match n.as_str() {
                    "pPr" => in_ppr = false,
                    "rPr" => in_rpr = false,
                    "t" => in_t = false,
                    "r" => run = None,
                    _ => {}
                }
                *i += 1;
            }
            Event::Text(t) => {
                if in_t && run.is_some() {
                    texts.push(piece(t, &run));
                }
                *i += 1;
            }
        }
    }
    let style = resolve(&ctx.styles, &style_id);
    p.style = style.name.to_lowercase();
    p.centered = match jc.as_deref() {
        Some(j) => j == "center",
        None => style.centered.unwrap_or(false),
    };
    for (text, b, it, rstyle, note) in texts {
        let rs = rstyle.map(|s| resolve(&ctx.styles, &s));
        let bold = b
            .or(rs.as_ref().and_then(|s| s.bold))
            .or(style.bold)
            .unwrap_or(false);
        let italic = it
            .or(rs.as_ref().and_then(|s| s.italic))
            .or(style.italic)
            .unwrap_or(false);
        match p.runs.last_mut() {
            Some(last)
                if note.is_none()
                    && last.note.is_none()
                    && last.bold == bold
                    && last.italic == italic =>
            {
                last.text.push_str(&text)
            }
            _ => p.runs.push(Run {
                text,
                bold,
                italic,
                note,
            }),
        }
    }
    let num = match num {
        Some((id, lvl)) => id.map(|id| (id, lvl.unwrap_or(0))),
        None => style.num.clone(),
    };
    if let Some((id, lvl)) = num {
        p.list_label = list_label(ctx, &id, lvl);
    }
    out.push(Block::Para(p));
}

type Piece = (
    String,
    Option<bool>,
    Option<bool>,
    Option<String>,
    Option<String>,
);

fn piece(text: &str, run: &Option<(Option<bool>, Option<bool>, Option<String>)>) -> Piece {
    let (b, i, s) = run.clone().unwrap_or((None, None, None));
    (text.to_string(), b, i, s, None)
}

/// The label Word prints for a paragraph of list `id` at level `lvl`, counting.
fn list_label(ctx: &mut Ctx, id: &str, lvl: usize) -> Option<String> {
    if id == "0" {
        return None;
    }
    let num = ctx.numbering.nums.get(id)?;
    let levels = &num.levels;
    let level = levels.get(&lvl)?.clone();
    let first_use = ctx.used.insert(id.to_string());
    let counters = ctx.counters.entry(num.abstract_id.clone()).or_default();
    if counters.len() <= lvl {
        counters.resize(lvl + 1, 0);
    }
    if first_use {
        if let Some(start) = num.restarts.get(&lvl) {
            // counted from `start`, as the first number is `start` + 0
            let base = level.start.max(1);
            counters[lvl] = (start + 1).saturating_sub(base).saturating_sub(1);
        }
    }
    counters[lvl] += 1;
    counters.truncate(lvl + 1);
    let values: Vec<usize> = counters.clone();
    if level.format == "bullet" {
        let t = level.text.trim();
        return Some(match t {
            "+" => "+".into(),
            _ => "-".into(),
        });
    }
    if level.format == "none" {
        return None;
    }
    let mut label = level.text.clone();
    for (k, v) in values.iter().enumerate() {
        let lv = levels.get(&k);
        let start = lv.map_or(1, |l| l.start.max(1));
        let n = v + start - 1;
        let fmt = if k == lvl {
            level.format.as_str()
        } else {
            lv.map_or("decimal", |l| l.format.as_str())
        };
        let s = match fmt {
            "upperRoman" => crate::numbering::roman(n),
            "lowerRoman" => crate::numbering::roman(n).to_lowercase(),
            "lowerLetter" => letter(n),
            "upperLetter" => letter(n).to_uppercase(),
            _ => n.to_string(),
        };
        label = label.replace(&format!("%{}", k + 1), &s);
    }
    Some(label.trim().to_string())
}

/// Word's letters: a … z (it does not skip f, j, w, z as the Vietnamese alphabet does).
fn letter(n: usize) -> String {
    let n = n.max(1) - 1;
    let c = (b'a' + (n % 26) as u8) as char;
    c.to_string().repeat(n / 26 + 1)
}

fn resolve(styles: &BTreeMap<String, Style>, id: &str) -> Style {
    let mut out = Style::default();
    let mut cur = Some(id.to_string());
    let mut first = true;
    for _ in 0..16 {
        let Some(s) = cur.as_ref().and_then(|c| styles.get(c)) else {
            break;
        };
        if first {
            out.name = s.name.clone();
            first = false;
        }
        out.bold = out.bold.or(s.bold);
        out.italic = out.italic.or(s.italic);
        out.centered = out.centered.or(s.centered);
        if out.num.is_none() {
            out.num = s.num.clone();
        }
        cur = s.based_on.clone();
    }
    out
}

fn read_styles(xml: &str) -> BTreeMap<String, Style> {
    let mut out = BTreeMap::new();
    let mut cur: Option<(String, Style)> = None;
    let (mut in_ppr, mut in_rpr) = (false, false);
    let mut num: (Option<String>, usize) = (None, 0);
    for e in events(xml) {
        match e {
            Event::Start { name, attrs, empty } => match name.as_str() {
                "style" => {
                    let id = attr(&attrs, "styleId").unwrap_or("").to_string();
                    cur = Some((id, Style::default()));
                    num = (None, 0);
                }
                "pPr" if !empty => in_ppr = true,
                "rPr" if !empty => in_rpr = true,
                _ => {
                    if let Some((_, s)) = cur.as_mut() {
                        match name.as_str() {
                            "name" => s.name = attr(&attrs, "val").unwrap_or("").to_string(),
                            "basedOn" => s.based_on = attr(&attrs, "val").map(String::from),
                            "b" if in_rpr => s.bold = Some(on(&attrs)),
                            "i" if in_rpr => s.italic = Some(on(&attrs)),
                            "jc" if in_ppr => {
                                s.centered = Some(attr(&attrs, "val") == Some("center"))
                            }
                            "numId" if in_ppr => num.0 = attr(&attrs, "val").map(String::from),
                            "ilvl" if in_ppr => {
                                num.1 = attr(&attrs, "val")
                                    .and_then(|v| v.parse().ok())
                                    .unwrap_or(0)
                            }
                            _ => {}
                        }
                    }
                }
            },
            Event::End(n) => match n.as_str() {
                "pPr" => in_ppr = false,
                "rPr" => in_rpr = false,
                "style" => {
                    if let Some((id, mut s)) = cur.take() {
                        s.num = num.0.take().map(|n| (n, num.1));
                        out.insert(id, s);
                    }
                }
                _ => {}
            },
            Event::Text(_) => {}
        }
    }
    out
}

fn read_numbering(xml: &str) -> Numbering {
    let mut abstracts: BTreeMap<String, BTreeMap<usize, Level>> = BTreeMap::new();
    let mut links: BTreeMap<String, String> = BTreeMap::new();
    let mut cur_abs: Option<String> = None;
    let mut cur_lvl: Option<usize> = None;
    let mut cur_num: Option<String> = None;
    let mut in_override = false;
    let mut override_lvl: Option<usize> = None;
    let mut restarts: BTreeMap<String, BTreeMap<usize, usize>> = BTreeMap::new();
    for e in events(xml) {
        match e {
            Event::Start { name, attrs, .. } => match name.as_str() {
                "abstractNum" => cur_abs = attr(&attrs, "abstractNumId").map(String::from),
                "num" => cur_num = attr(&attrs, "numId").map(String::from),
                "abstractNumId" => {
                    if let (Some(n), Some(v)) = (cur_num.clone(), attr(&attrs, "val")) {
                        links.insert(n, v.to_string());
                    }
                }
                "lvlOverride" => {
                    in_override = true;
                    override_lvl = attr(&attrs, "ilvl").and_then(|v| v.parse().ok());
                }
                "startOverride" if in_override => {
                    if let (Some(n), Some(l), Some(v)) = (
                        cur_num.clone(),
                        override_lvl,
                        attr(&attrs, "val").and_then(|v| v.parse::<usize>().ok()),
                    ) {
                        restarts.entry(n).or_default().insert(l, v);
                    }
                }
                "lvl" if !in_override => {
                    cur_lvl = attr(&attrs, "ilvl").and_then(|v| v.parse().ok())
                }
                "start" | "numFmt" | "lvlText" if !in_override => {
                    if let (Some(a), Some(l)) = (cur_abs.clone(), cur_lvl) {
                        let level = abstracts.entry(a).or_default().entry(l).or_insert(Level {
                            start: 1,
                            ..Level::default()
                        });
                        let v = attr(&attrs, "val").unwrap_or("");
                        match name.as_str() {
                            "start" => level.start = v.parse().unwrap_or(1),
                            "numFmt" => level.format = v.to_string(),
                            _ => level.text = v.to_string(),
                        }
                    }
                }
                _ => {}
            },
            Event::End(n) => match n.as_str() {
                "abstractNum" => cur_abs = None,
                "num" => cur_num = None,
                "lvl" => cur_lvl = None,
                "lvlOverride" => in_override = false,
                _ => {}
            },
            Event::Text(_) => {}
        }
    }
    let nums = links
        .into_iter()
        .filter_map(|(n, a)| {
            let levels = abstracts.get(&a)?.clone();
            let restarts = restarts.get(&n).cloned().unwrap_or_default();
            Some((
                n,
                Num {
                    abstract_id: a,
                    levels,
                    restarts,
                },
            ))
        })
        .collect();
    Numbering { nums }
}

/// Reads a table (after `<w:tbl>`).
fn table(ev: &[Event], i: &mut usize, ctx: &mut Ctx) -> Table {
    let mut t = Table::default();
    let mut row: Option<Row> = None;
    let mut in_tcpr = false;
    let mut cell: Option<Cell> = None;
    while *i < ev.len() {
        match &ev[*i] {
            Event::End(n) if n == "tbl" => {
                *i += 1;
                break;
            }
            Event::Start { name, attrs, empty } => {
                let empty = *empty;
                match name.as_str() {
                    "tr" if !empty => row = Some(Row::default()),
                    "tblHeader" => {
                        if let Some(r) = row.as_mut() {
                            r.header = on(attrs);
                        }
                    }
                    "tc" if !empty => {
                        cell = Some(Cell {
                            span: 1,
                            ..Cell::default()
                        })
                    }
                    "tcPr" if !empty => in_tcpr = true,
                    "gridSpan" if in_tcpr => {
                        if let Some(c) = cell.as_mut() {
                            c.span = attr(attrs, "val")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1)
                                .max(1);
                        }
                    }
                    "vMerge" if in_tcpr => {
                        if let Some(c) = cell.as_mut() {
                            c.vmerge = Some(attr(attrs, "val") == Some("restart"));
                        }
                    }
                    "p" | "tbl" if cell.is_some() => {
                        // the cell's content, read as a container up to </tc>
                        let blocks = container(ev, i, "tc", ctx);
                        if let (Some(mut c), Some(r)) = (cell.take(), row.as_mut()) {
                            for b in blocks {
                                flatten(b, &mut c.paras);
                            }
                            r.cells.push(c);
                        }
                        in_tcpr = false;
                        continue;
                    }
                    _ => {}
                }
                *i += 1;
            }
            Event::End(n) => {
                match n.as_str() {
                    "tcPr" => in_tcpr = false,
                    "tc" => {
                        if let (Some(c), Some(r)) = (cell.take(), row.as_mut()) {
                            r.cells.push(c);
                        }
                    }
                    "tr" => {
                        if let Some(r) = row.take() {
                            t.rows.push(r);
                        }
                    }
                    _ => {}
                }
                *i += 1;
            }
            Event::Text(_) => *i += 1,
        }
    }
    t
}

fn flatten(b: Block, out: &mut Vec<Para>) {
    match b {
        Block::Para(p) => out.push(p),
        Block::Table(t) => {
            for r in t.rows {
                for c in r.cells {
                    out.extend(c.paras);
                }
            }
        }
    }
}
