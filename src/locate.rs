//! Where a phrase inside a YAML value is in the source text. The span index
//! ([`crate::span`]) gives where a scalar starts and ends and how it is written; [`value_map`]
//! reads the scalar again from there as YAML folds it (a plain or folded scalar joins its
//! lines, a block scalar drops its indentation, a quoted one its quotes and escapes), keeping
//! for each character of the value the place in the source it comes from. When that reading
//! is not the parsed value (a spelling it does not know), the phrase is matched loosely
//! instead: any run of whitespace standing for any other, the n-th occurrence in the value
//! taken to be the n-th in the source; a phrase spelled differently in the source is then not
//! found, and the caller points at the value.

use crate::span::{index, join, Node, Pos, Source, Spans, Style};

/// How a phrase was placed: from the value read back character by character, or by the loose
/// search inside the value's span (a spelling the reading does not know).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placed {
    /// At the exact character.
    Exact,
    /// By [`find_loose`] inside the node's span.
    Loose,
}

#[cfg(test)]
thread_local! {
    /// How many phrases were placed by the loose search on this thread (tests count them).
    pub(crate) static LOOSE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Where the phrase `value[at..at + len]` (a `len` of 0: up to the end of its word), found at
/// byte `at` of `value` (the parsed value at `path`), is in the source; `None` when the path is
/// not in the text or the phrase cannot be matched.
pub fn in_value_len(
    src: &Source<'_>,
    path: &str,
    value: &str,
    at: usize,
    len: usize,
) -> Option<Pos> {
    phrase_at(src.text, src.spans(), path, value, at, len).map(|(p, _)| p)
}

/// [`in_value_len`] over the index `spans` of `text`, saying how the phrase was placed.
pub(crate) fn phrase_at(
    text: &str,
    spans: &Spans,
    path: &str,
    value: &str,
    at: usize,
    len: usize,
) -> Option<(Pos, Placed)> {
    if let Some((map, from)) = value_chars(text, spans, path, value) {
        let i = value.get(..at)?.chars().count();
        let offset = *map.get(i)?;
        return Some((place_after(text, from, offset), Placed::Exact));
    }
    let node = spans.get(path)?;
    let rest = value.get(at..)?;
    let phrase = if len == 0 {
        rest.split_whitespace().next()?
    } else {
        rest.get(..len)?
    };
    if phrase.trim().is_empty() {
        return None;
    }
    // which occurrence of the phrase this is, counted in the parsed value
    let before: Vec<char> = value.get(..at)?.chars().collect();
    let mut k = 0;
    let mut i = 0;
    while let Some((_, end)) = find_loose(&before, phrase, i) {
        k += 1;
        i = end.max(i + 1);
    }
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (node.value.offset, node.end.offset.min(chars.len()));
    let raw = chars.get(start..end)?;
    let mut from = 0;
    let mut found = None;
    for _ in 0..=k {
        let (p, e) = find_loose(raw, phrase, from)?;
        found = Some(p);
        from = e.max(p + 1);
    }
    let offset = start + found?;
    let (line, column) = line_col(text, offset);
    #[cfg(test)]
    LOOSE.with(|n| n.set(n.get() + 1));
    let pos = Pos {
        line,
        column,
        offset,
    };
    Some((pos, Placed::Loose))
}

/// The text `value` (the parsed value at `path`) read back from the source, one character
/// offset in `text` per character of `value`; `None` when the reading is not `value`. Besides
/// a scalar at `path`, it follows the forms the model accepts for one text: a mapping whose
/// `text` is the value (an item or a table cell written `{ text, … }`), a list of lines joined
/// with line breaks (`summary: [line, line]`, each line trimmed), and a single text where
/// the model reads a list (`to: Bộ Y tế` for `to[0]`).
///
/// With the map comes a scalar node that starts before every character of the value, from
/// which a place is counted ([`place_after`]).
pub(crate) fn value_chars<'s>(
    text: &str,
    spans: &'s Spans,
    path: &str,
    value: &str,
) -> Option<(Vec<usize>, &'s Node)> {
    let scalar = |p: &str| -> Option<(Vec<usize>, &'s Node)> {
        let node = spans.get(p)?;
        let (read, map) = value_map(text, node)?;
        same_value(&read, value, node).then_some((map, node))
    };
    match spans.get(path) {
        Some(n) if n.style.is_some() => scalar(path),
        Some(_) => scalar(&join(path, "text")).or_else(|| lines(text, spans, path, value)),
        // `to: Bộ Y tế` is read as the list [Bộ Y tế]
        None => scalar(path.strip_suffix("[0]")?),
    }
}

/// The list at `path` read as one text of lines (see [`crate::model::common::de_lines`]):
/// each element trimmed, joined with line breaks (placed at the next element's start).
fn lines<'s>(
    text: &str,
    spans: &'s Spans,
    path: &str,
    value: &str,
) -> Option<(Vec<usize>, &'s Node)> {
    let first = spans.get(&index(path, 0))?;
    let mut read = String::new();
    let mut map = Vec::new();
    for k in 0.. {
        let Some(node) = spans.get(&index(path, k)) else {
            break;
        };
        let (line, at) = value_map(text, node)?;
        let chars: Vec<char> = line.chars().collect();
        let first = chars.iter().position(|c| !c.is_whitespace());
        let last = chars.iter().rposition(|c| !c.is_whitespace());
        if k > 0 {
            read.push('\n');
            map.push(at.first().copied().unwrap_or(node.value.offset));
        }
        if let (Some(a), Some(b)) = (first, last) {
            read.extend(chars.get(a..=b)?);
            map.extend(at.get(a..=b)?);
        }
    }
    (read == value && !map.is_empty()).then_some((map, first))
}

/// The place of the character at offset `offset` of `text`, counted from the start of the
/// scalar `from` (which is before it) rather than from the start of the text.
fn place_after(text: &str, from: &Node, offset: usize) -> Pos {
    let k = offset.checked_sub(from.value.offset);
    if let (Some(rest), Some(k)) = (text.get(from.byte..), k) {
        let (mut line, mut column) = (from.value.line, from.value.column);
        let mut n = 0;
        for c in rest.chars().take(k) {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            n += 1;
        }
        if n == k {
            return Pos {
                line,
                column,
                offset,
            };
        }
    }
    let (line, column) = line_col(text, offset);
    Pos {
        line,
        column,
        offset,
    }
}

/// The reading is the value; a block scalar's final line breaks (its chomping) aside.
pub(crate) fn same_value(read: &str, value: &str, node: &Node) -> bool {
    match node.style {
        Some(Style::Literal | Style::Folded) => {
            read.trim_end_matches('\n') == value.trim_end_matches('\n')
        }
        _ => read == value,
    }
}

/// Characters of the source with their offsets.
type Chars = Vec<(usize, char)>;

/// One line of a scalar's source: the offset of the line break ending it, its characters.
type Line = (Option<usize>, Chars);

/// The value of the scalar `node` read from `text`, and for each of its characters the
/// character offset in `text` it comes from (a folded line break: the break's own place).
/// `None` for a node that is not a scalar, or an escape this reading does not know.
pub(crate) fn value_map(text: &str, node: &Node) -> Option<(String, Vec<usize>)> {
    let style = node.style?;
    let start = node.value.offset;
    let len = node.end.offset.checked_sub(start)?;
    // from the scalar's own byte, not by walking the text from its start
    let raw: Vec<(usize, char)> = match text.get(node.byte..) {
        Some(rest) => rest
            .chars()
            .take(len)
            .enumerate()
            .map(|(i, c)| (start + i, c))
            .collect(),
        None => text.chars().enumerate().skip(start).take(len).collect(),
    };
    let mut out = (String::new(), Vec::new());
    let push = |out: &mut (String, Vec<usize>), c: char, at: usize| {
        out.0.push(c);
        out.1.push(at);
    };
    // The lines of the raw text: (offset of the line break ending it, its characters).
    let lines = |raw: &[(usize, char)]| -> Vec<Line> {
        let mut v = Vec::new();
        let mut cur = Vec::new();
        for &(i, c) in raw {
            if c == '\n' {
                if cur.last().is_some_and(|(_, c)| *c == '\r') {
                    cur.pop();
                }
                v.push((Some(i), std::mem::take(&mut cur)));
            } else {
                cur.push((i, c));
            }
        }
        v.push((None, cur));
        v
    };
    match style {
        Style::Plain | Style::SingleQuoted | Style::DoubleQuoted => {
            let quoted = style != Style::Plain;
            let inner = if quoted {
                raw.get(1..raw.len().checked_sub(1)?)?
            } else {
                &raw[..]
            };
            let all = lines(inner);
            let n = all.len();
            // Empty lines since the last one with text; where the last break was.
            let mut empty = 0;
            let mut joined_by_escape = false;
            for (k, (brk, line)) in all.iter().enumerate() {
                let mut line: &[(usize, char)] = line;
                if k > 0 {
                    let lead = line.iter().take_while(|(_, c)| *c == ' ' || *c == '\t');
                    line = line.get(lead.count()..)?;
                }
                if k + 1 < n {
                    let trail = line
                        .iter()
                        .rev()
                        .take_while(|(_, c)| *c == ' ' || *c == '\t');
                    let keep = line.len() - trail.count();
                    // An escaped space before the break stays.
                    line = line.get(..keep)?;
                }
                if line.is_empty() && k > 0 && k + 1 < n {
                    empty += 1;
                    continue;
                }
                if k > 0 && !joined_by_escape {
                    let at = brk.map_or(0, |b| b.saturating_sub(1));
                    if empty == 0 {
                        push(&mut out, ' ', at);
                    }
                    for _ in 0..empty {
                        push(&mut out, '\n', at);
                    }
                }
                empty = 0;
                joined_by_escape = false;
                let mut it = line.iter().peekable();
                while let Some(&(i, c)) = it.next() {
                    match (style, c) {
                        (Style::SingleQuoted, '\'') => {
                            it.next_if(|(_, c)| *c == '\'');
                            push(&mut out, '\'', i);
                        }
                        (Style::DoubleQuoted, '\\') => {
                            let Some(&(_, e)) = it.next() else {
                                // `\` at the end of the line: the break is escaped.
                                joined_by_escape = true;
                                break;
                            };
                            let simple = match e {
                                '0' => Some('\0'),
                                'a' => Some('\u{7}'),
                                'b' => Some('\u{8}'),
                                't' | '\t' => Some('\t'),
                                'n' => Some('\n'),
                                'v' => Some('\u{b}'),
                                'f' => Some('\u{c}'),
                                'r' => Some('\r'),
                                'e' => Some('\u{1b}'),
                                ' ' | '"' | '/' | '\\' => Some(e),
                                'N' => Some('\u{85}'),
                                '_' => Some('\u{a0}'),
                                'L' => Some('\u{2028}'),
                                'P' => Some('\u{2029}'),
                                _ => None,
                            };
                            let c = match (simple, e) {
                                (Some(c), _) => c,
                                (None, 'x' | 'u' | 'U') => {
                                    let n = match e {
                                        'x' => 2,
                                        'u' => 4,
                                        _ => 8,
                                    };
                                    let hex: String =
                                        (0..n).filter_map(|_| it.next().map(|(_, c)| *c)).collect();
                                    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                                }
                                _ => return None,
                            };
                            push(&mut out, c, i);
                        }
                        _ => push(&mut out, c, i),
                    }
                }
            }
        }
        Style::Literal | Style::Folded => {
            let all = lines(&raw);
            // The block starts at its first line's text: that line's indentation is the block's.
            let indent = node.value.column.checked_sub(1)?;
            // Folded: a break between two lines of text not more indented is a space.
            let mut prev_text = false;
            let mut pending: Vec<usize> = Vec::new();
            for (k, (brk, line)) in all.iter().enumerate() {
                let from = if k == 0 { 0 } else { indent.min(line.len()) };
                let body = line.get(from..).unwrap_or(&[]);
                let blank = line.iter().all(|(_, c)| *c == ' ');
                if blank {
                    pending.push(brk.unwrap_or(0));
                    continue;
                }
                let spaced = body.first().is_some_and(|(_, c)| *c == ' ' || *c == '\t');
                if let Some((&first, rest)) = pending.split_first() {
                    let fold = style == Style::Folded && prev_text && !spaced;
                    if fold && rest.is_empty() {
                        push(&mut out, ' ', first);
                    } else {
                        let skip = usize::from(fold);
                        for &b in pending.iter().skip(skip) {
                            push(&mut out, '\n', b);
                        }
                    }
                }
                pending.clear();
                for &(i, c) in body {
                    push(&mut out, c, i);
                }
                prev_text = !spaced;
                pending.push(brk.unwrap_or(0));
            }
            for b in pending {
                push(&mut out, '\n', b);
            }
        }
    }
    Some(out)
}

/// The first occurrence of `needle` in `h` from char index `from`, any run of whitespace in
/// the needle matching any run in `h`: (start, end) char indexes.
pub fn find_loose(h: &[char], needle: &str, from: usize) -> Option<(usize, usize)> {
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

/// 1-based line and column (in characters) of char index `pos` of `text`.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
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
    use std::path::Path;

    fn at(text: &str, path: &str, value: &str, needle: &str, nth: usize) -> (usize, usize) {
        let src = Source::new(Path::new("x.yaml"), text);
        let byte = value
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap();
        let p = in_value_len(&src, path, value, byte, needle.len()).unwrap();
        (p.line, p.column)
    }

    #[test]
    fn phrases_are_found_in_plain_quoted_and_block_scalars() {
        // plain, on one line
        let t = "reporting:\n  text: Gửi trước ngày 30/6 và ngày 30/6 nữa\n";
        assert_eq!(
            at(
                t,
                "reporting.text",
                "Gửi trước ngày 30/6 và ngày 30/6 nữa",
                "30/6",
                1
            ),
            (2, 37)
        );
        // double-quoted, with an escape before the phrase
        let t = "text: \"a \\\"b\\\" ngày 15/12\"\n";
        assert_eq!(at(t, "text", "a \"b\" ngày 15/12", "15/12", 0), (1, 21));
        // folded block: the phrase crosses a line break
        let t = "text: >-\n  Các đơn vị gửi trước\n  ngày 30/3 hằng năm\n";
        assert_eq!(
            at(
                t,
                "text",
                "Các đơn vị gửi trước ngày 30/3 hằng năm",
                "trước ngày 30/3",
                0
            ),
            (2, 18)
        );
        // literal block, the second paragraph
        let t = "a: 1\ntext: |\n  ngày 1/2\n\n  lại ngày 1/2\n";
        assert_eq!(
            at(t, "text", "ngày 1/2\n\nlại ngày 1/2\n", "1/2", 1),
            (5, 12)
        );
        // plain scalar over two lines
        let t = "text: một hai\n  ba 30/6\n";
        assert_eq!(at(t, "text", "một hai ba 30/6", "30/6", 0), (2, 6));
    }

    #[test]
    fn an_escaped_phrase_is_found_where_it_is_written() {
        let t = "text: \"ng\\u00e0y 30/6\"\n";
        let src = Source::new(Path::new("x.yaml"), t);
        let p = in_value_len(&src, "text", "ngày 30/6", 0, "ngày 30/6".len());
        assert_eq!(p.map(|p| (p.line, p.column)), Some((1, 8)));
        let p = in_value_len(&src, "text", "ngày 30/6", "ngày ".len(), 4);
        assert_eq!(p.map(|p| (p.line, p.column)), Some((1, 18)));
        assert!(in_value_len(&src, "missing", "ngày 30/6", 0, 4).is_none());
    }

    /// Every string scalar of every sample and fixture document reads back as the value
    /// serde_yaml parses (so a phrase is placed exactly, not by the loose search).
    #[test]
    fn every_scalar_of_the_samples_reads_back_as_its_value() {
        fn walk(v: &serde_yaml::Value, path: String, out: &mut Vec<(String, String)>) {
            match v {
                serde_yaml::Value::String(s) => out.push((path, s.clone())),
                serde_yaml::Value::Sequence(q) => {
                    for (i, x) in q.iter().enumerate() {
                        walk(x, crate::span::index(&path, i), out);
                    }
                }
                serde_yaml::Value::Mapping(m) => {
                    for (k, x) in m {
                        if let Some(k) = k.as_str() {
                            walk(x, crate::span::join(&path, k), out);
                        }
                    }
                }
                _ => {}
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["plans", "tests/fixtures"] {
            for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let e = e.unwrap();
                if e.path().extension().is_some_and(|x| x == "yaml") {
                    files.push(e.path().to_path_buf());
                }
            }
        }
        let (mut read, mut total) = (0, 0);
        for f in &files {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let Ok(v) = serde_yaml::from_str::<serde_yaml::Value>(&text) else {
                continue;
            };
            let spans = crate::span::Spans::parse(&text);
            let mut all = Vec::new();
            walk(&v, String::new(), &mut all);
            for (path, value) in all {
                let Some(node) = spans.get(&path).filter(|n| n.style.is_some()) else {
                    continue;
                };
                total += 1;
                match value_map(&text, node) {
                    Some((r, _)) if same_value(&r, &value, node) => read += 1,
                    other => panic!("{}: {path}: {other:?} against {value:?}", f.display()),
                }
            }
        }
        assert!(total > 2000, "{total} scalars in {} files", files.len());
        assert_eq!(read, total);
    }

    /// Every style read back as YAML folds it: the reading is the parsed value.
    #[test]
    fn each_style_is_read_back_as_its_value() {
        let text = "a: plain one\n  two\n\n  three\nb: 'it''s\n  here'\nc: \"x\\ty \\\n  z\\u00e0\n  w\"\nd: |\n  l1\n    l2\n\n  l3\ne: >-\n  f1\n  f2\n\n  f3\n    more\n  f4\n";
        let spans = crate::span::Spans::parse(text);
        let parsed: std::collections::BTreeMap<String, String> =
            serde_yaml::from_str(text).unwrap();
        assert_eq!(parsed["c"], "x\ty z\u{e0} w");
        assert_eq!(parsed["e"], "f1 f2\nf3\n  more\nf4");
        for (path, value) in &parsed {
            let node = spans.get(path).unwrap();
            let (read, at) = value_map(text, node).unwrap();
            assert!(
                same_value(&read, value, node),
                "{path}: {read:?} against {value:?}"
            );
            assert_eq!(read.chars().count(), at.len());
        }
        // Places: `three` of a, `here` of b, `z` of c.
        let chars: Vec<char> = text.chars().collect();
        let at = |path: &str, i: usize| {
            let (_, at) = value_map(text, spans.get(path).unwrap()).unwrap();
            chars[at[i]]
        };
        assert_eq!(at("a", "plain one two\n".len()), 't');
        assert_eq!(at("b", "it's ".len()), 'h');
        assert_eq!(at("c", 4), 'z');
    }
}
