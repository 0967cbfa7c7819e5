//! Where each value is: an index from the path of every node of a YAML document
//! (`sections[3].items[0].due`) to its place in the text, so a diagnostic points at the node it
//! is about, not at the first line that happens to spell the same key.
//!
//! serde_yaml deserialises the model (see [`crate::yaml`]); this index is built from the events
//! of a second, event-level parser (saphyr-parser, which reports a mark for each event) over the
//! same text. It is built lazily, the first time a diagnostic needs a position, so a document
//! without findings never pays for it.
//!
//! # Paths
//!
//! Paths are spelled as serde_yaml spells them in its errors: mapping keys joined with `.`,
//! sequence indexes in brackets, the root the empty path.
//!
//! | path                          | node                                              |
//! |-------------------------------|---------------------------------------------------|
//! | `""`                          | the whole document                                |
//! | `signature.name`              | the `name:` entry of the top-level `signature`    |
//! | `reporting.deadlines[2].due`  | the `due:` of the third deadline                  |
//! | `sections[1].sections[0]`     | the first sub-section of section II               |
//! | `figures.t1`                  | the `t1:` entry of the `figures` mapping          |
//!
//! Build them with [`join`] and [`index`] (or `format!`) while walking the model.
//!
//! # Use
//!
//! Validators and lints receive a [`Source`] (the file, its text and the lazy index) and make
//! located diagnostics with it:
//!
//! ```text
//! let src = Source::new(Path::new("plan.yaml"), text);
//! let d = src.error("signature.name", "the signer's name is empty");
//! ```
//!
//! (the unit test `errors_point_at_the_node_or_its_nearest_ancestor` runs this example).
//!
//! A mapping entry is located at its key (`name:`); a sequence element, and the root, at the
//! start of its value. [`Spans::value_of`] gives the start of a value even for an entry.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;

pub(crate) use saphyr_parser::ScalarStyle as Style;
use saphyr_parser::{Event, Parser};

use crate::error::Diagnostic;

/// A place in the text: 1-based line, 1-based column in characters, and the character offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 0-based offset in characters from the start of the text.
    pub offset: usize,
}

/// Where one node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    /// The key of a mapping entry; `None` for a sequence element and the root.
    pub key: Option<Pos>,
    /// Where the value starts.
    pub value: Pos,
    /// Where the value ends: just after its last character (a quoted scalar's closing
    /// quote); a block scalar (`|`, `>`) ends at the start of the line after its content
    /// and the blank lines after it.
    pub end: Pos,
    /// How a scalar value is written; `None` for a collection or an alias.
    pub style: Option<Style>,
    /// The byte in the text where a scalar's value starts (`usize::MAX` for a collection or
    /// an alias), so it can be read without walking the text from its start.
    pub byte: usize,
}

impl Node {
    /// Where a diagnostic about this node points: its key, else its value.
    pub fn start(&self) -> Pos {
        self.key.unwrap_or(self.value)
    }
}

/// The index of one YAML text: path → [`Node`].
#[derive(Debug, Clone, Default)]
pub struct Spans {
    nodes: HashMap<String, Node>,
    /// Keys given twice in one mapping: path of the entry → where the second key is, and
    /// where the first one is.
    duplicates: HashMap<String, (Pos, Option<Pos>)>,
    /// The first alias (`*name`).
    first_alias: Option<Pos>,
    /// Every scalar (keys too) and alias, in text order: where it starts and ends.
    tokens: Vec<(Pos, Pos)>,
}

/// A comment: from its `#` to the end of its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Where the `#` is.
    pub at: Pos,
    /// The comment's text, `#` included, without the line break.
    pub text: String,
}

/// `parent.key`, or `key` at the root.
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// `parent[i]`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// The parent of a path: `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ``; `None` for the root.
pub fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']') {
        if let Some(i) = path.rfind('[') {
            return Some(&path[..i]);
        }
    }
    Some(match path.rfind(['.', '[']) {
        Some(i) if path.as_bytes().get(i) == Some(&b'.') => &path[..i],
        Some(i) => &path[..i],
        None => "",
    })
}

enum Frame {
    Map {
        path: String,
        /// The key read, waiting for its value: its text and where it is.
        key: Option<(String, Pos)>,
        /// The keys seen in this mapping.
        seen: Vec<String>,
        /// The node of this mapping (finished at its end).
        start: Option<Pos>,
        at_key: Option<Pos>,
    },
    Seq {
        path: String,
        next: usize,
        start: Option<Pos>,
        at_key: Option<Pos>,
    },
    /// A complex key (a mapping or list used as a key): its nodes are not indexed.
    Skip(usize),
}

fn pos(m: saphyr_parser::Marker) -> Pos {
    Pos {
        line: m.line(),
        column: m.col() + 1,
        offset: m.index(),
    }
}

/// What a walk over the nodes of a text ([`walk`]) is told, in text order.
trait Visit {
    /// Whether every scalar's exact end is wanted, for [`Visit::token`] (else only the kept
    /// nodes' ends are found), and the keys given twice ([`Visit::duplicate`]).
    const ALL: bool;
    /// Whether the node at `path` is wanted: [`Visit::node`] is told only of those.
    fn keeps(&self, _path: &str) -> bool {
        true
    }
    /// The node at `path` is read (a collection at its end); false ends the walk.
    fn node(&mut self, path: &str, node: Node) -> bool;
    /// The entry at `path` has a key given before in its mapping, written again at `at`.
    fn duplicate(&mut self, _path: &str, _at: Pos) {}
    /// A scalar (keys too) or an alias is written from `start` to `end`.
    fn token(&mut self, _start: Pos, _end: Pos) {}
    /// An alias (`*name`) is at `at`.
    fn alias(&mut self, _at: Pos) {}
}

/// Walks the nodes of `text` (its first document) with their paths, telling `v`. Never
/// fails: on a syntax error (which serde_yaml reports in its own words) the walk ends there.
fn walk<V: Visit>(text: &str, v: &mut V) {
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let mut cursor = Cursor::new(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let (start, mut end) = (pos(span.start), pos(span.end));
        match event {
            Event::DocumentEnd => break,
            Event::Scalar(value, style, ..) => {
                let entered =
                    enter(&mut stack, Some(&value), start, v).filter(|(path, _)| v.keeps(path));
                if V::ALL || entered.is_some() {
                    end = cursor.exact_end(style, start, end);
                    v.token(start, end);
                }
                if let Some((path, key)) = entered {
                    let byte = cursor.seek(start.offset).unwrap_or(usize::MAX);
                    let node = Node {
                        key,
                        value: start,
                        end,
                        style: Some(style),
                        byte,
                    };
                    if !v.node(&path, node) {
                        return;
                    }
                }
            }
            Event::Alias(_) => {
                v.alias(start);
                v.token(start, end);
                let entered = enter(&mut stack, None, start, v).filter(|(p, _)| v.keeps(p));
                if let Some((path, key)) = entered {
                    let node = Node {
                        key,
                        value: start,
                        end,
                        style: None,
                        byte: usize::MAX,
                    };
                    if !v.node(&path, node) {
                        return;
                    }
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let frame = match enter(&mut stack, None, start, v) {
                    None if matches!(stack.last(), Some(Frame::Skip(_))) || is_key(&stack) => {
                        // A complex key, or inside one.
                        match stack.last_mut() {
                            Some(Frame::Skip(n)) => {
                                *n += 1;
                                continue;
                            }
                            _ => Frame::Skip(1),
                        }
                    }
                    None => Frame::Skip(1),
                    Some((path, key)) if is_map => Frame::Map {
                        path,
                        key: None,
                        seen: Vec::new(),
                        start: Some(start),
                        at_key: key,
                    },
                    Some((path, key)) => Frame::Seq {
                        path,
                        next: 0,
                        start: Some(start),
                        at_key: key,
                    },
                };
                stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.last_mut() {
                Some(Frame::Skip(n)) if *n > 1 => *n -= 1,
                Some(Frame::Skip(_)) => {
                    stack.pop();
                    // The complex key is read: its value comes next.
                    if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                        *key = Some(("?".to_string(), end));
                    }
                }
                _ => {
                    if let Some(
                        Frame::Map {
                            path,
                            start: Some(value),
                            at_key,
                            ..
                        }
                        | Frame::Seq {
                            path,
                            start: Some(value),
                            at_key,
                            ..
                        },
                    ) = stack.pop()
                    {
                        if !v.keeps(&path) {
                            continue;
                        }
                        let node = Node {
                            key: at_key,
                            value,
                            end,
                            style: None,
                            byte: usize::MAX,
                        };
                        if !v.node(&path, node) {
                            return;
                        }
                    }
                }
            },
            _ => {}
        }
    }
}

/// The node of one scalar the parser reports from `start` to `end` (its own marks, for a
/// reader of its events outside this index), with the exact end and byte [`walk`] finds.
pub(crate) fn scalar_node(
    text: &str,
    start: saphyr_parser::Marker,
    end: saphyr_parser::Marker,
    style: Style,
) -> Node {
    let (start, end) = (pos(start), pos(end));
    let mut cursor = Cursor::new(text);
    let end = cursor.exact_end(style, start, end);
    Node {
        key: None,
        value: start,
        end,
        style: Some(style),
        byte: cursor.seek(start.offset).unwrap_or(usize::MAX),
    }
}

/// True when the next node in the innermost mapping is a key.
fn is_key(stack: &[Frame]) -> bool {
    matches!(stack.last(), Some(Frame::Map { key: None, .. }))
}

/// A node starts at `start`: returns its path and key position, or `None` when the node is
/// a key (a scalar key is remembered; one given twice is told to `v`) or inside a complex key.
fn enter<V: Visit>(
    stack: &mut [Frame],
    scalar: Option<&str>,
    start: Pos,
    v: &mut V,
) -> Option<(String, Option<Pos>)> {
    match stack.last_mut() {
        None => Some((String::new(), None)),
        Some(Frame::Skip(_)) => None,
        Some(Frame::Seq { path, next, .. }) => {
            let p = index(path, *next);
            *next += 1;
            Some((p, None))
        }
        Some(Frame::Map {
            path, key, seen, ..
        }) => match key.take() {
            Some((k, at)) => Some((join(path, &k), Some(at))),
            None => {
                if let Some(k) = scalar {
                    // (a walk for a few nodes needs no duplicates)
                    if V::ALL {
                        if seen.iter().any(|s| s == k) {
                            v.duplicate(&join(path, k), start);
                        } else {
                            seen.push(k.to_string());
                        }
                    }
                    *key = Some((k.to_string(), start));
                }
                None
            }
        },
    }
}

/// Builds the whole index.
impl Visit for Spans {
    const ALL: bool = true;
    fn node(&mut self, path: &str, node: Node) -> bool {
        self.nodes.insert(path.to_string(), node);
        true
    }
    fn duplicate(&mut self, path: &str, at: Pos) {
        // The first key's node is in the index still: the second's is not read yet.
        let first = self.nodes.get(path).map(Node::start);
        self.duplicates
            .entry(path.to_string())
            .or_insert((at, first));
    }
    fn token(&mut self, start: Pos, end: Pos) {
        self.tokens.push((start, end));
    }
    fn alias(&mut self, at: Pos) {
        self.first_alias.get_or_insert(at);
    }
}

/// Keeps the nodes placing something at `wanted` paths needs (see [`Spans::parse_for`]).
struct Wanted<'w> {
    spans: Spans,
    /// Each wanted path, and whether it is settled: read, or known not to be in the text.
    wanted: Vec<(&'w str, bool)>,
    open: usize,
}

/// `inner` is `outer` or inside it: `outer` followed by nothing, `.` or `[`.
fn within(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| outer.is_empty() || rest.is_empty() || rest.starts_with(['.', '[']))
}

impl Visit for Wanted<'_> {
    const ALL: bool = false;
    fn keeps(&self, path: &str) -> bool {
        self.wanted
            .iter()
            .any(|(w, _)| within(path, w) || within(w, path))
    }
    fn node(&mut self, path: &str, node: Node) -> bool {
        for (w, settled) in &mut self.wanted {
            // read, or an ancestor is read without it
            if !*settled && within(w, path) {
                *settled = true;
                self.open -= 1;
            }
        }
        self.spans.nodes.insert(path.to_string(), node);
        self.open > 0
    }
}

impl Spans {
    /// Indexes `text`. Never fails: on a syntax error (which serde_yaml reports in its own
    /// words) the index holds the nodes read before it. Only the first document of a stream
    /// is indexed.
    pub fn parse(text: &str) -> Spans {
        let mut spans = Spans::default();
        walk(text, &mut spans);
        spans
    }

    /// The part of the index of `text` that places things at the `wanted` paths: the node at
    /// each, its ancestors and everything inside it. The walk ends once each wanted node is
    /// read or known to be absent (an ancestor read without it), so an index for a few
    /// findings early in a long document costs less than the whole one. It records no
    /// duplicates, tokens or aliases.
    pub(crate) fn parse_for(text: &str, wanted: &[&str]) -> Spans {
        let mut v = Wanted {
            spans: Spans::default(),
            wanted: wanted.iter().map(|w| (*w, false)).collect(),
            open: wanted.len(),
        };
        if v.open > 0 {
            walk(text, &mut v);
        }
        v.spans
    }

    /// The node at `path`, if the text has one.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// Where the value at `path` starts.
    pub fn value_of(&self, path: &str) -> Option<Pos> {
        self.get(path).map(|n| n.value)
    }

    /// The node at `path` or, when the text has none (a key left out), at its nearest
    /// ancestor.
    pub fn nearest(&self, path: &str) -> Option<Pos> {
        let mut p = Some(path);
        while let Some(q) = p {
            if let Some(n) = self.get(q) {
                return Some(n.start());
            }
            p = parent(q);
        }
        None
    }

    /// Where the key of the entry at `path` is written the second time, when it is.
    pub fn duplicate(&self, path: &str) -> Option<Pos> {
        Some(self.duplicates.get(path)?.0)
    }

    /// Where the key of the entry at `path` is written the first time, when it is written
    /// twice.
    pub fn duplicate_first(&self, path: &str) -> Option<Pos> {
        self.duplicates.get(path)?.1
    }

    /// The first alias (`*name`) in the text.
    pub fn first_alias(&self) -> Option<Pos> {
        self.first_alias
    }

    /// The scalar values (not keys), in text order, with their paths.
    pub fn scalars(&self) -> Vec<(&str, &Node)> {
        let mut out: Vec<(&str, &Node)> = self
            .nodes
            .iter()
            .filter(|(_, n)| n.style.is_some())
            .map(|(p, n)| (p.as_str(), n))
            .collect();
        out.sort_by_key(|(_, n)| n.value.offset);
        out
    }

    /// The comments of `text` (the text this index was built from): a `#` at the start of a
    /// line or after a space or tab, outside every scalar, up to the end of its line. So a
    /// `#` in a quoted or block scalar, or inside a word, is not one.
    pub fn comments(&self, text: &str) -> Vec<Comment> {
        let mut out = Vec::new();
        let mut tokens = self.tokens.iter().peekable();
        let (mut line, mut column) = (1, 1);
        let mut prev: Option<char> = None;
        let mut chars = text.char_indices().enumerate();
        while let Some((offset, (byte, c))) = chars.next() {
            while tokens.next_if(|(_, end)| end.offset <= offset).is_some() {}
            let inside = tokens.peek().is_some_and(|(s, _)| s.offset <= offset);
            if !inside && c == '#' && prev.is_none_or(|p| matches!(p, ' ' | '\t' | '\n' | '\r')) {
                let rest = text.get(byte..).unwrap_or("");
                let len = rest.find('\n').unwrap_or(rest.len());
                let body = rest.get(..len).unwrap_or("");
                out.push(Comment {
                    at: Pos {
                        line,
                        column,
                        offset,
                    },
                    text: body.strip_suffix('\r').unwrap_or(body).to_string(),
                });
                // On to the line break.
                let n = body.chars().count();
                for _ in 1..n {
                    chars.next();
                }
                column += n;
                prev = body.chars().last();
                continue;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            prev = Some(c);
        }
        out
    }
}

/// Walks a text forwards to the character offsets the parser reports, to read the text
/// there.
struct Cursor<'t> {
    text: &'t str,
    /// Character offset and byte of the place reached.
    offset: usize,
    byte: usize,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Self {
        Cursor {
            text,
            offset: 0,
            byte: 0,
        }
    }

    /// The byte at character offset `offset` (the text's length at its end).
    fn seek(&mut self, offset: usize) -> Option<usize> {
        if offset < self.offset {
            (self.offset, self.byte) = (0, 0);
        }
        let bytes = self.text.as_bytes();
        let starts = |b: &u8| b & 0xC0 != 0x80;
        // Characters still to pass, and where we are.
        let (mut left, mut at) = (offset - self.offset, self.byte);
        // By blocks while the target is beyond the block: a block holds as many characters'
        // starts as it has bytes that are not continuation bytes.
        while left >= 64 {
            let n = bytes
                .get(at..at + 64)
                .map(|b| b.iter().filter(|b| starts(b)).count());
            match n {
                Some(n) if n <= left => {
                    left -= n;
                    at += 64;
                }
                _ => break,
            }
        }
        loop {
            match bytes.get(at) {
                Some(b) if starts(b) => {
                    if left == 0 {
                        break;
                    }
                    left -= 1;
                }
                Some(_) => {}
                None if left == 0 => break,
                None => return None,
            }
            at += 1;
        }
        (self.offset, self.byte) = (offset, at);
        Some(at)
    }

    /// Where the scalar written in `style` from `start` ends, the parser saying `end`: its
    /// end mark takes in the rest of a quoted scalar's line, and the comment lines after a
    /// block scalar.
    fn exact_end(&mut self, style: Style, start: Pos, end: Pos) -> Pos {
        match style {
            Style::SingleQuoted | Style::DoubleQuoted => self.quoted_end(start).unwrap_or(end),
            Style::Literal | Style::Folded => self.block_end(start, end).unwrap_or(end),
            Style::Plain => end,
        }
    }

    /// Where the content of the block scalar whose content starts at `start` ends, the
    /// parser saying `end`: at the start of the first line, not blank, less indented than
    /// its first line (a comment after the block), else at `end`.
    fn block_end(&mut self, start: Pos, end: Pos) -> Option<Pos> {
        let byte = self.seek(start.offset)?;
        let line_start = self.text.get(..byte)?.rfind('\n').map_or(0, |i| i + 1);
        // Character offset of the start of the line `start` is on.
        let mut offset = start
            .offset
            .saturating_sub(self.text.get(line_start..byte)?.chars().count());
        let mut indent: Option<usize> = None;
        let lines = self.text.get(line_start..)?.split_inclusive('\n');
        for (line, l) in (start.line..).zip(lines) {
            if offset >= end.offset {
                break;
            }
            let body = l.trim_end_matches(['\n', '\r']);
            if !body.trim().is_empty() {
                let own = body.len() - body.trim_start_matches(' ').len();
                match indent {
                    None => indent = Some(own),
                    Some(i) if own < i => {
                        return Some(Pos {
                            line,
                            column: 1,
                            offset,
                        })
                    }
                    Some(_) => {}
                }
            }
            offset += l.chars().count();
        }
        Some(end)
    }

    /// Where the quoted scalar starting at `start` (its opening quote) ends: just after the
    /// closing quote (`''` is a quote inside single quotes, `\"` inside double quotes).
    fn quoted_end(&mut self, start: Pos) -> Option<Pos> {
        let byte = self.seek(start.offset)?;
        let mut chars = self.text.get(byte..)?.chars();
        let quote = chars.next().filter(|q| matches!(q, '\'' | '"'))?;
        let mut end = Pos {
            offset: start.offset + 1,
            column: start.column + 1,
            ..start
        };
        let step = |c: char, end: &mut Pos| {
            end.offset += 1;
            if c == '\n' {
                end.line += 1;
                end.column = 1;
            } else {
                end.column += 1;
            }
        };
        let mut it = chars.peekable();
        while let Some(c) = it.next() {
            step(c, &mut end);
            match c {
                '\\' if quote == '"' => {
                    let e = it.next()?;
                    step(e, &mut end);
                }
                '\'' if quote == '\'' && it.peek() == Some(&'\'') => {
                    it.next();
                    step('\'', &mut end);
                }
                c if c == quote => return Some(end),
                _ => {}
            }
        }
        None
    }
}

/// One input as the checks see it: its path, its text, and the index of its nodes (built the
/// first time a position is asked for).
#[derive(Debug)]
pub struct Source<'a> {
    /// The YAML file.
    pub file: &'a Path,
    /// Its text.
    pub text: &'a str,
    spans: OnceCell<Spans>,
}

impl<'a> Source<'a> {
    /// The source `text` of `file`.
    pub fn new(file: &'a Path, text: &'a str) -> Self {
        Source {
            file,
            text,
            spans: OnceCell::new(),
        }
    }

    /// The index of the text's nodes.
    pub fn spans(&self) -> &Spans {
        self.spans.get_or_init(|| Spans::parse(self.text))
    }

    /// The index of the text's nodes if it is built already.
    pub(crate) fn built(&self) -> Option<&Spans> {
        self.spans.get()
    }

    /// Points `d` at `path` (or its nearest ancestor written in the text).
    pub fn locate(&self, d: Diagnostic, path: &str) -> Diagnostic {
        self.place(d, self.spans().nearest(path))
    }

    /// Points `d` at `pos`, with the source line as snippet.
    pub fn place(&self, d: Diagnostic, pos: Option<Pos>) -> Diagnostic {
        match pos {
            Some(p) => d.at(Some(self.text), p.line, p.column),
            None => d,
        }
    }

    /// Adds to `d` (about another node, here or in another file) the node at `path` (or its
    /// nearest ancestor) as a second place, with what is there.
    pub fn also(&self, d: Diagnostic, path: &str, message: impl Into<String>) -> Diagnostic {
        match self.spans().nearest(path) {
            Some(p) => d.also_at(self.file, Some(self.text), (p.line, p.column), message),
            None => d,
        }
    }

    /// An error about the node at `path`.
    pub fn error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(self.file, message), path)
    }

    /// A warning about the node at `path`.
    pub fn warning(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::warning(self.file, message), path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "\
kind: plan
issuer: { name: SỞ Y TẾ, abbr: SYT }
sections:
  - title: Mục đích
    items:
      - a
      - id: t1
        text: b
  - {}
reporting:
  deadlines:
    - { deliverable: unit-plan, due: \"03-30\" }
    - deliverable: annual-report
      due: \"12-15\"
signature:
  name: \"\"
";

    #[test]
    fn paths_point_at_their_nodes() {
        let s = Spans::parse(PLAN);
        let at = |p: &str| s.get(p).map(Node::start).map(|p| (p.line, p.column));
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("kind"), Some((1, 1)));
        assert_eq!(at("issuer.abbr"), Some((2, 26)));
        assert_eq!(at("sections[0]"), Some((4, 5)));
        assert_eq!(at("sections[0].items[1]"), Some((7, 9)));
        assert_eq!(at("sections[0].items[1].text"), Some((8, 9)));
        assert_eq!(at("sections[1]"), Some((9, 5)));
        assert_eq!(at("reporting.deadlines[0].due"), Some((12, 33)));
        assert_eq!(at("reporting.deadlines[1].due"), Some((14, 7)));
        assert_eq!(at("signature.name"), Some((16, 3)));
        assert_eq!(s.value_of("signature.name").map(|p| p.column), Some(9));
        assert_eq!(at("signature.title"), None);
        assert_eq!(s.nearest("signature.title").map(|p| p.line), Some(15));
    }

    #[test]
    fn errors_point_at_the_node_or_its_nearest_ancestor() {
        let text = "issuer:\n  name: SỞ Y TẾ\nsignature:\n  name: \"\"\n";
        let src = Source::new(Path::new("plan.yaml"), text);
        let d = src.error("signature.name", "the signer's name is empty");
        assert_eq!((d.line, d.column), (Some(4), Some(3)));
        // A path that is not in the text (a key left out) points at its nearest ancestor.
        let d = src.error("signature.title", "`title` is missing");
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
        let issuer_name = src.spans().get("issuer.name").map(Node::start);
        assert_eq!(issuer_name.map(|p| p.line), Some(2));
    }

    #[test]
    fn duplicates_and_aliases_are_recorded() {
        let s = Spans::parse("a: &x 1\nb:\n  c: 1\n  c: 2\nd: *x\n");
        assert_eq!(s.duplicate("b.c").map(|p| (p.line, p.column)), Some((4, 3)));
        let first = s.duplicate_first("b.c").map(|p| (p.line, p.column));
        assert_eq!(first, Some((3, 3)));
        assert_eq!(s.first_alias().map(|p| (p.line, p.column)), Some((5, 4)));
    }

    #[test]
    fn complex_keys_are_skipped() {
        let s = Spans::parse("? [a, b]\n: 1\nc: 2\n");
        assert_eq!(s.get("c").map(Node::start).map(|p| p.line), Some(3));
    }

    #[test]
    fn quoted_scalars_end_at_their_closing_quote() {
        let s =
            Spans::parse("a: \"x \\\" y\" # c\nb: 'it''s'  # d\nc: \"m\n  n\"   \nd: plain # e\n");
        let end = |p: &str| s.get(p).map(|n| (n.end.line, n.end.column));
        assert_eq!(end("a"), Some((1, 12)));
        assert_eq!(end("b"), Some((2, 11)));
        assert_eq!(end("c"), Some((4, 5)));
        assert_eq!(end("d"), Some((5, 9)));
        assert_eq!(s.get("b").and_then(|n| n.style), Some(Style::SingleQuoted));
    }

    #[test]
    fn block_scalars_end_before_the_comments_after_them() {
        let text = "a:\n  b: >-\n    one\n\n    two\n  # c\n\n  d: |\n    x\n  # e\ny: 1\n";
        let s = Spans::parse(text);
        let end = |p: &str| s.get(p).map(|n| (n.end.line, n.end.column));
        assert_eq!(end("a.b"), Some((6, 1)));
        assert_eq!(end("a.d"), Some((10, 1)));
        let comments: Vec<usize> = s.comments(text).iter().map(|c| c.at.line).collect();
        assert_eq!(comments, [6, 10]);
    }

    #[test]
    fn comments_are_outside_every_scalar() {
        let text = "# head 2018\nkind: plan # the kind\nsummary: \"a # b\n  c # d\" # e\npreamble: >- # f\n  one\n  # two\n\n# g\nitems:\n  - x#y\n  - { a: 1 }  # h\r\n'k # i': v\n";
        let s = Spans::parse(text);
        let found: Vec<(usize, usize, String)> = s
            .comments(text)
            .into_iter()
            .map(|c| (c.at.line, c.at.column, c.text))
            .collect();
        let want = [
            (1, 1, "# head 2018"),
            (2, 12, "# the kind"),
            (4, 10, "# e"),
            (5, 14, "# f"),
            (9, 1, "# g"),
            (12, 15, "# h"),
        ];
        let want: Vec<(usize, usize, String)> = want
            .into_iter()
            .map(|(l, c, t)| (l, c, t.to_string()))
            .collect();
        assert_eq!(found, want);
        let values: Vec<&str> = s.scalars().into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            values,
            [
                "kind",
                "summary",
                "preamble",
                "items[0]",
                "items[1].a",
                "k # i"
            ]
        );
    }

    /// The walk for a few paths keeps what the whole index has at them, around them and in
    /// them, and stops after the last: checked for every node of the sample plan (one in
    /// five) and for keys it does not have.
    #[test]
    fn a_walk_for_some_paths_agrees_with_the_whole_index() {
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("plans/2018/ke-hoach-phong-chong-mai-dam.yaml");
        let text = std::fs::read_to_string(file).unwrap();
        let crlf = text.replace('\n', "\r\n");
        for text in [text.as_str(), crlf.as_str(), PLAN] {
            let all = Spans::parse(text);
            let mut paths: Vec<&String> = all.nodes.keys().collect();
            paths.sort();
            assert!(paths.len() > 10);
            for p in paths.iter().step_by(5) {
                let missing = join(p, "missing");
                let first = index(p, 0);
                let some = Spans::parse_for(text, &[p.as_str(), &missing, &first]);
                assert_eq!(some.get(p), all.get(p), "{p}");
                assert_eq!(some.value_of(p), all.value_of(p), "{p}");
                assert_eq!(some.nearest(&missing), all.nearest(&missing), "{p}");
                assert_eq!(some.nearest(&first), all.nearest(&first), "{p}");
                // everything inside it
                for q in all.nodes.keys().filter(|q| q.starts_with(p.as_str())) {
                    if q.len() == p.len() || q[p.len()..].starts_with(['.', '[']) {
                        assert_eq!(some.get(q), all.get(q), "{q} in {p}");
                    }
                }
            }
        }
        // stops after the node: nothing after the first section is read
        let some = Spans::parse_for(PLAN, &["sections[0].items[0]"]);
        assert!(some.get("sections[0].items[0]").is_some());
        assert!(some.get("signature").is_none() && some.get("kind").is_none());
        assert!(Spans::parse_for(PLAN, &[]).nodes.is_empty());
    }

    #[test]
    fn seek_finds_the_byte_of_each_character() {
        let text = "aẠb\r\nđ".repeat(40) + "x";
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let mut c = Cursor::new(&text);
        // forwards, backwards, from the start, to the end and past it
        for k in (0..bytes.len())
            .chain((0..bytes.len()).rev())
            .chain([3, 150, 7, 200])
        {
            assert_eq!(c.seek(k), Some(bytes[k]), "{k}");
        }
        assert_eq!(c.seek(bytes.len()), None);
        assert_eq!(c.seek(5), Some(bytes[5]));
    }

    #[test]
    fn parents() {
        assert_eq!(parent("a.b[2].c"), Some("a.b[2]"));
        assert_eq!(parent("a.b[2]"), Some("a.b"));
        assert_eq!(parent("a"), Some(""));
        assert_eq!(parent(""), None);
    }

    #[test]
    fn a_syntax_error_keeps_what_was_read() {
        let s = Spans::parse("a: 1\nb: [\n");
        assert_eq!(s.get("a").map(Node::start).map(|p| p.line), Some(1));
    }
}
