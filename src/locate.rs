//! Where a phrase inside a YAML value is in the source text: the span index
//! ([`crate::span`]) gives where a value starts and ends; the phrase is then found in that
//! stretch of the source. A value as parsed and as written differ (a plain or folded scalar
//! joins its lines, a block scalar drops its indentation, a quoted one has its quotes and
//! escapes), so the phrase is matched with any run of whitespace standing for any other (a
//! line break and the next line's indentation match one space), and its n-th occurrence in the
//! value is taken to be the n-th in the source. A phrase spelled differently in the source
//! (an escape inside it) is not found: the caller then points at the value.

use crate::span::{Pos, Source};

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
    let node = src.spans().get(path)?;
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
    let chars: Vec<char> = src.text.chars().collect();
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
    let (line, column) = line_col(src.text, offset);
    Some(Pos {
        line,
        column,
        offset,
    })
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
    fn a_phrase_spelled_otherwise_in_the_source_is_not_found() {
        let t = "text: \"ng\\u00e0y 30/6\"\n";
        let src = Source::new(Path::new("x.yaml"), t);
        assert!(in_value_len(&src, "text", "ngày 30/6", 0, "ngày 30/6".len()).is_none());
        assert!(in_value_len(&src, "missing", "ngày 30/6", 0, 4).is_none());
    }
}
