//! Import stage: runs → Markdown text, and the numbering labels read from the start of a
//! paragraph ("II.", "2.1.", "a)", "-", "+").

use super::docx::Run;

/// The kind of a label, as a level of the tree is recognised by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Key {
    /// I., II.
    Roman,
    /// A., B.
    UpperLetter,
    /// 1., 2.
    Arabic,
    /// 1.1. (two numbers), 1.1.1. (three) …
    Nested(usize),
    /// a), b)
    Letter,
    /// An unnumbered heading of Word's heading style N.
    Heading(usize),
}

/// A label found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Label {
    /// A numbered level: its key, its number (the last one for nested), and the text of it.
    Numbered(Key, usize, String),
    /// "- " (or "–", "•").
    Dash,
    /// "+ ".
    Plus,
}

/// The Vietnamese alphabet of "a)", "b)": without f, j, w, z.
pub(crate) const LETTERS: [&str; 25] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y", "ă", "â",
];

/// The label at the start of `text` and the number of characters (not bytes) it takes with
/// the spaces after it.
pub(crate) fn label(text: &str) -> Option<(Label, usize)> {
    let t = text.trim_start();
    let lead = text.chars().count() - t.chars().count();
    let mut chars = t.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    let after = |byte: usize| -> Option<usize> {
        // the label must be followed by a space (or a tab); count it and what follows
        let rest = &t[byte..];
        let n = rest.chars().take_while(|c| c.is_whitespace()).count();
        (n > 0 && rest.chars().nth(n).is_some()).then(|| lead + t[..byte].chars().count() + n)
    };
    if matches!(first, '-' | '–' | '—' | '•' | '·' | '\u{f0a7}' | '\u{f0b7}') {
        let byte = first.len_utf8();
        let rest = &t[byte..];
        if let Some(n) = after(byte) {
            return Some((Label::Dash, n));
        }
        // "-Tăng cường": a dash glued to a capital
        if rest.chars().next().is_some_and(|c| c.is_uppercase()) {
            return Some((Label::Dash, lead + 1));
        }
        return None;
    }
    if first == '+' {
        return after(1).map(|n| (Label::Plus, n));
    }
    // digits: 1. / 1.1. / 1.1
    if first.is_ascii_digit() {
        let end = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let head = &t[..end];
        let parts: Vec<&str> = head.trim_end_matches('.').split('.').collect();
        if parts.iter().any(|p| p.is_empty() || p.len() > 3) {
            return None;
        }
        let n: usize = parts.last()?.parse().ok()?;
        let key = match parts.len() {
            1 if head.ends_with('.') => Key::Arabic,
            1 => return None,
            k => Key::Nested(k),
        };
        return after(end).map(|c| (Label::Numbered(key, n, head.to_string()), c));
    }
    // a) b) đ)
    if let Some(close) = t.find(')') {
        let l = &t[..close];
        if let Some(i) = LETTERS.iter().position(|x| *x == l) {
            return after(close + 1)
                .map(|c| (Label::Numbered(Key::Letter, i + 1, format!("{l})")), c));
        }
    }
    // I. II. / A. B.
    if let Some(dot) = t.find('.') {
        let l = &t[..dot];
        if !l.is_empty() && l.chars().count() <= 6 {
            if let Some(n) = from_roman(l) {
                return after(dot + 1)
                    .map(|c| (Label::Numbered(Key::Roman, n, format!("{l}.")), c));
            }
            let up: Vec<String> = LETTERS.iter().map(|x| x.to_uppercase()).collect();
            if let Some(i) = up.iter().position(|x| x == l) {
                return after(dot + 1)
                    .map(|c| (Label::Numbered(Key::UpperLetter, i + 1, format!("{l}.")), c));
            }
        }
    }
    None
}

/// The value of a Roman numeral written in capitals (I … MMM), `None` for anything else.
pub(crate) fn from_roman(s: &str) -> Option<usize> {
    if s.is_empty() || !s.chars().all(|c| "IVXLCDM".contains(c)) {
        return None;
    }
    let v = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        _ => 1000,
    };
    let cs: Vec<i64> = s.chars().map(v).collect();
    let mut n: i64 = 0;
    for (i, c) in cs.iter().enumerate() {
        if cs.get(i + 1).is_some_and(|d| d > c) {
            n -= c;
        } else {
            n += c;
        }
    }
    let n = usize::try_from(n).ok().filter(|n| *n > 0)?;
    // only the canonical spelling: "IIII" or "VX" are not numerals
    (crate::numbering::roman(n) == s).then_some(n)
}

/// `runs` without their first `n` characters.
pub(crate) fn drop_chars(runs: &[Run], mut n: usize) -> Vec<Run> {
    let mut out = Vec::new();
    for r in runs {
        let len = r.text.chars().count();
        if n >= len && r.note.is_none() {
            n -= len;
            continue;
        }
        let mut r = r.clone();
        if n > 0 {
            r.text = r.text.chars().skip(n).collect();
            n = 0;
        }
        out.push(r);
    }
    out
}

/// Splits runs at the first `n` characters: (first n, the rest).
pub(crate) fn split_at(runs: &[Run], n: usize) -> (Vec<Run>, Vec<Run>) {
    let mut head = Vec::new();
    let mut left = n;
    for r in runs {
        let len = r.text.chars().count();
        if left >= len {
            left -= len;
            head.push(r.clone());
        } else {
            let mut a = r.clone();
            a.text = r.text.chars().take(left).collect();
            a.note = None;
            head.push(a);
            break;
        }
    }
    (head, drop_chars(runs, n))
}

/// The plain text of runs.
pub(crate) fn plain(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// True when every character that is not a space is bold (and there is one).
pub(crate) fn all_bold(runs: &[Run]) -> bool {
    let mut any = false;
    for r in runs {
        if r.note.is_some() {
            continue;
        }
        if r.text.trim().is_empty() {
            continue;
        }
        if !r.bold {
            return false;
        }
        any = true;
    }
    any
}

/// The leading bold runs (up to the first non-bold character) and the rest.
pub(crate) fn bold_prefix(runs: &[Run]) -> (Vec<Run>, Vec<Run>) {
    let mut n = 0;
    for r in runs {
        if r.bold || r.text.trim().is_empty() && r.note.is_none() {
            n += r.text.chars().count();
        } else {
            break;
        }
    }
    split_at(runs, n)
}

/// Spaces, tabs and line breaks made one space, trimmed.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markdown of runs: `**bold**`, `*italic*`, `[^N]` for a note (`note_number` maps the
/// note's id to its number), Markdown's own characters escaped, whitespace made single.
pub(crate) fn markdown(
    runs: &[Run],
    note_number: &mut dyn FnMut(&str) -> usize,
    formatting: bool,
) -> String {
    let mut out = String::new();
    for r in runs {
        if let Some(id) = &r.note {
            out.push_str(&format!("[^{}]", note_number(id)));
            continue;
        }
        let text = r.text.replace(['\t', '\n', '\u{a0}'], " ");
        if text.is_empty() {
            continue;
        }
        let core = text.trim();
        if core.is_empty() || !formatting || (!r.bold && !r.italic) {
            out.push_str(&escape(&text));
            continue;
        }
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        let mark = match (r.bold, r.italic) {
            (true, true) => "***",
            (true, false) => "**",
            _ => "*",
        };
        out.push_str(lead);
        out.push_str(mark);
        out.push_str(&escape(core));
        out.push_str(mark);
        out.push_str(trail);
    }
    let s = squash(&out);
    // adjacent marks of runs split for no reason ("**a****b**") are joined
    let s = s.replace("****", "").replace("** **", " ");
    guard_start(&s)
}

/// Escapes what Markdown would read as syntax inside a text.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        match c {
            '\\' | '*' | '`' | '<' | '[' | ']' => {
                out.push('\\');
                out.push(*c);
            }
            '_' => {
                let word = |x: Option<&char>| x.is_some_and(|c| c.is_alphanumeric());
                if word(i.checked_sub(1).and_then(|j| chars.get(j))) && word(chars.get(i + 1)) {
                    out.push('_');
                } else {
                    out.push_str("\\_");
                }
            }
            _ => out.push(*c),
        }
    }
    out
}

/// A paragraph's text that starts like a Markdown block ("1. ", "- ", "# ") is escaped there.
pub(crate) fn guard_start(s: &str) -> String {
    let first = s.chars().next();
    match first {
        Some('-' | '+' | '#' | '>' | '|' | '=') => format!("\\{s}"),
        Some(c) if c.is_ascii_digit() => {
            let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let rest = &s[end..];
            if rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")" {
                format!("{}\\{}", &s[..end], rest)
            } else {
                s.to_string()
            }
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let k = label;
        assert_eq!(
            k("I. MỤC ĐÍCH"),
            Some((Label::Numbered(Key::Roman, 1, "I.".into()), 3))
        );
        assert_eq!(
            k("2.1. Tăng"),
            Some((Label::Numbered(Key::Nested(2), 1, "2.1.".into()), 5))
        );
        assert_eq!(
            k("đ) Một"),
            Some((Label::Numbered(Key::Letter, 5, "đ)".into()), 3))
        );
        assert_eq!(k("- Một"), Some((Label::Dash, 2)));
        assert_eq!(k("+ Một"), Some((Label::Plus, 2)));
        assert_eq!(
            k("12. Một"),
            Some((Label::Numbered(Key::Arabic, 12, "12.".into()), 4))
        );
        assert_eq!(k("2018 là năm"), None);
        assert_eq!(k("Căn cứ"), None);
        assert_eq!(
            k("IV. TỔ"),
            Some((Label::Numbered(Key::Roman, 4, "IV.".into()), 4))
        );
        assert_eq!(from_roman("IIII"), None);
    }

    #[test]
    fn markdown_of_runs() {
        let r = |t: &str, b: bool, i: bool| Run {
            text: t.into(),
            bold: b,
            italic: i,
            note: None,
        };
        let mut n = |_: &str| 1;
        assert_eq!(
            markdown(
                &[
                    r("Một ", false, false),
                    r("hai ", true, false),
                    r("ba", false, true)
                ],
                &mut n,
                true
            ),
            "Một **hai** *ba*"
        );
        assert_eq!(
            markdown(&[r("1. năm * 2", false, false)], &mut n, true),
            "1\\. năm \\* 2"
        );
    }
}
