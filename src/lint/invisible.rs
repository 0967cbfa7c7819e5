//! VB011: invisible characters that hide or reorder what the signer reads. A bidirectional
//! override or isolate (U+202A–U+202E, U+2066–U+2069), a direction mark (U+200E, U+200F,
//! U+061C) or a zero-width character (U+200B–U+200D, U+2060, U+FEFF) prints nothing, or
//! prints the text after it in another order, in Word and in a browser: "2.000.000 đồng"
//! can read "000.000.2" on screen while the file says otherwise. Each text value that holds
//! one gets a warning at the first such character.

use saphyr_parser::{Event, Parser};

use crate::error::Diagnostic;
use crate::span::Source;

/// The rule's id.
pub(crate) const CODE: &str = "VB011";

fn is_invisible(c: char) -> bool {
    crate::unicode::invisible(c).is_some()
}

/// VB011 on every text value of a YAML document (keys included: an id with a zero-width
/// space looks like another id), at the character (an escape: where it is written). At most
/// `limit` warnings.
pub(crate) fn yaml(src: &Source<'_>, limit: usize) -> Vec<Diagnostic> {
    // Most documents have none, written as they are or escaped (`"\u200B"`): one pass over
    // the text says so.
    if !src.text.chars().any(is_invisible) && !src.text.contains("\\u") && !src.text.contains("\\U")
    {
        return Vec::new();
    }
    let chars: Vec<char> = src.text.chars().collect();
    let mut out = Vec::new();
    let mut parser = Parser::new_from_str(src.text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let Event::Scalar(value, style, ..) = event else {
            if matches!(event, Event::DocumentEnd) {
                break;
            }
            continue;
        };
        let Some(first) = value.chars().find(|&c| is_invisible(c)) else {
            continue;
        };
        if out.len() >= limit {
            break;
        }
        // The character itself, read back from the scalar's source as YAML folds it (an
        // escape in a quoted string: where the escape is written).
        let node = crate::span::scalar_node(src.text, span.start, span.end, style);
        let i = value.chars().position(is_invisible);
        let exact = crate::locate::value_map(src.text, &node)
            .filter(|(read, _)| crate::locate::same_value(read, &value, &node))
            .and_then(|(_, map)| map.get(i?).copied());
        let (start, end) = (node.value.offset, node.end.offset);
        let at = exact.unwrap_or_else(|| {
            chars
                .get(start..end.min(chars.len()))
                .and_then(|raw| raw.iter().position(|&c| is_invisible(c)))
                .map_or(start, |i| start + i)
        });
        let (line, column) = line_col(&chars, at);
        out.push(warning(src, &value, first, line, column));
    }
    out
}

/// VB011 on a plain text (see [`crate::lint::text`]), once per line holding such characters.
pub(crate) fn plain(src: &Source<'_>, limit: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, line) in src.text.lines().enumerate() {
        if let Some((col, c)) = line.chars().enumerate().find(|(_, c)| is_invisible(*c)) {
            if out.len() >= limit {
                break;
            }
            out.push(warning(src, line, c, i + 1, col + 1));
        }
    }
    out
}

fn warning(src: &Source<'_>, value: &str, first: char, line: usize, column: usize) -> Diagnostic {
    let n = value.chars().filter(|&c| is_invisible(c)).count();
    let more = if n > 1 {
        format!(" (and {} more)", n - 1)
    } else {
        String::new()
    };
    let kind = if matches!(first, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') {
        "an invisible zero-width character: it hides where a word or a number really breaks"
    } else {
        "an invisible direction control: it changes the order in which the text after it is shown"
    };
    Diagnostic::warning(
        src.file,
        format!(
            "the text holds U+{:04X} {}{more}, {kind}",
            u32::from(first),
            crate::unicode::invisible(first).unwrap_or("")
        ),
    )
    .at(Some(src.text), line, column)
    .code(CODE)
    .hint("delete it (text pasted from a web page or a PDF often carries it): what the signer reads must be what the file says")
}

/// 1-based line and column of the character at `offset`.
fn line_col(chars: &[char], offset: usize) -> (usize, usize) {
    let before = chars.get(..offset).unwrap_or(chars);
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let column = before.iter().rev().take_while(|&&c| c != '\n').count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn scan(text: &str) -> Vec<Diagnostic> {
        yaml(&Source::new(Path::new("t.yaml"), text), 20)
    }

    #[test]
    fn each_value_with_an_invisible_character_is_flagged_where_it_is() {
        assert!(scan("a: Sở Y tế\nb: [x, y]\n").is_empty());
        let d = scan("a: ok\nsummary: Chi 2.000\u{202E}000 đồng\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (Some(2), Some(19)));
        assert!(
            d[0].message.contains("U+202E RIGHT-TO-LEFT OVERRIDE"),
            "{}",
            d[0]
        );
        assert_eq!(d[0].code, Some(CODE));
        // An escape in a double-quoted string: at the escape.
        let d = scan("a: ok\nb: \"x\\u200By\\u200Bz\"\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (Some(2), Some(6)));
        assert!(d[0].message.contains("(and 1 more)"), "{}", d[0]);
        // not in the comment after the closing quote (the parser's end mark takes it in)
        let d = scan("b: \"x\\u200By\"  # n\u{202E}b\nc: 'p\u{2060}'\n");
        let at: Vec<_> = d.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(Some(1), Some(6)), (Some(2), Some(6))], "{d:?}");
        // Folded and literal blocks, flow sequences, keys.
        let d = scan("t: |\n  một\n  hai\u{2066}ba\nl: [a, \"b\u{FEFF}\"]\n\u{200D}k: v\n");
        assert_eq!(d.len(), 3, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (Some(3), Some(6)));
        assert_eq!((d[1].line, d[1].column), (Some(4), Some(10)));
        assert_eq!((d[2].line, d[2].column), (Some(5), Some(1)));
    }

    #[test]
    fn plain_text_is_flagged_per_line() {
        let src = "dòng một\ndòng\u{200F} hai\n";
        let d = plain(&Source::new(Path::new("t.txt"), src), 20);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (Some(2), Some(5)));
    }
}
