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
    /// Where the value ends (just after its last character).
    pub end: Pos,
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
    /// Keys given twice in one mapping: path of the entry → where the second key is.
    duplicates: HashMap<String, Pos>,
    /// The first alias (`*name`).
    first_alias: Option<Pos>,
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

impl Spans {
    /// Indexes `text`. Never fails: on a syntax error (which serde_yaml reports in its own
    /// words) the index holds the nodes read before it. Only the first document of a stream
    /// is indexed.
    pub fn parse(text: &str) -> Spans {
        let mut spans = Spans::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            let (start, end) = (pos(span.start), pos(span.end));
            match event {
                Event::DocumentEnd => break,
                Event::Scalar(value, ..) => {
                    if let Some((path, key)) = spans.enter(&mut stack, Some(&value), start) {
                        spans.nodes.insert(
                            path,
                            Node {
                                key,
                                value: start,
                                end,
                            },
                        );
                    }
                }
                Event::Alias(_) => {
                    spans.first_alias.get_or_insert(start);
                    if let Some((path, key)) = spans.enter(&mut stack, None, start) {
                        spans.nodes.insert(
                            path,
                            Node {
                                key,
                                value: start,
                                end,
                            },
                        );
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    let frame = match spans.enter(&mut stack, None, start) {
                        None if matches!(stack.last(), Some(Frame::Skip(_)))
                            || spans.is_key(&stack) =>
                        {
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
                            spans.nodes.insert(
                                path,
                                Node {
                                    key: at_key,
                                    value,
                                    end,
                                },
                            );
                        }
                    }
                },
                _ => {}
            }
        }
        spans
    }

    /// True when the next node in the innermost mapping is a key.
    fn is_key(&self, stack: &[Frame]) -> bool {
        matches!(stack.last(), Some(Frame::Map { key: None, .. }))
    }

    /// A node starts at `start`: returns its path and key position, or `None` when the node is
    /// a key (a scalar key is remembered) or inside a complex key.
    fn enter(
        &mut self,
        stack: &mut [Frame],
        scalar: Option<&str>,
        start: Pos,
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
                        if seen.iter().any(|s| s == k) {
                            self.duplicates.entry(join(path, k)).or_insert(start);
                        } else {
                            seen.push(k.to_string());
                        }
                        *key = Some((k.to_string(), start));
                    }
                    None
                }
            },
        }
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
        self.duplicates.get(path).copied()
    }

    /// The first alias (`*name`) in the text.
    pub fn first_alias(&self) -> Option<Pos> {
        self.first_alias
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
        assert_eq!(s.first_alias().map(|p| (p.line, p.column)), Some((5, 4)));
    }

    #[test]
    fn complex_keys_are_skipped() {
        let s = Spans::parse("? [a, b]\n: 1\nc: 2\n");
        assert_eq!(s.get("c").map(Node::start).map(|p| p.line), Some(3));
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
