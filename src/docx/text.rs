//! Stage 5 helpers — text to docx-rs runs and paragraphs: XML-safe text, Times New Roman in
//! every run, line breaks as `w:br`, per-document paragraph ids.

use std::borrow::Cow;

use docx_rs::{
    AlignmentType, BorderType, BreakType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType,
};

use super::style;

/// Removes the characters XML 1.0 does not allow (C0 controls other than tab, line feed and
/// carriage return; U+FFFE and U+FFFF). Lone surrogates cannot occur in a Rust `str`.
pub(crate) fn sanitize(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// Whether `c` matches the `Char` production of XML 1.0.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A piece of a run: text, a line break or a tab.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// Text without line breaks, tabs or XML-illegal characters.
    Text(String),
    /// A line break (`w:br`).
    Break,
    /// A tab (`w:tab`).
    Tab,
}

/// Splits `s` into pieces: sanitised text, `\r\n`, `\r` and `\n` as breaks, `\t` as tabs.
pub(crate) fn pieces(s: &str) -> Vec<Piece> {
    let clean = sanitize(s);
    if !clean.contains(['\r', '\n', '\t']) {
        // The common case: one piece of text.
        return if clean.is_empty() {
            Vec::new()
        } else {
            vec![Piece::Text(clean.into_owned())]
        };
    }
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = clean.chars().peekable();
    while let Some(c) = chars.next() {
        let piece = match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                Piece::Break
            }
            '\n' => Piece::Break,
            '\t' => Piece::Tab,
            _ => {
                text.push(c);
                continue;
            }
        };
        if !text.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut text)));
        }
        out.push(piece);
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

/// Character formatting of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Format {
    /// Font size, half-points.
    pub(crate) size: usize,
    /// Bold.
    pub(crate) bold: bool,
    /// Italic.
    pub(crate) italic: bool,
    /// Struck through.
    pub(crate) strike: bool,
}

impl Format {
    /// Regular text of `size` half-points.
    pub(crate) fn new(size: usize) -> Self {
        Format {
            size,
            ..Format::default()
        }
    }

    /// The same, bold.
    pub(crate) fn bold(self) -> Self {
        Format { bold: true, ..self }
    }

    /// The same, italic.
    pub(crate) fn italic(self) -> Self {
        Format {
            italic: true,
            ..self
        }
    }
}

/// Times New Roman in all four slots.
pub(crate) fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(style::FONT)
        .hi_ansi(style::FONT)
        .east_asia(style::FONT)
        .cs(style::FONT)
}

/// An empty run with the font, size, colour and flags of `f`.
pub(crate) fn empty_run(f: Format) -> Run {
    let mut r = Run::new().fonts(fonts()).size(f.size).color(style::COLOR);
    if f.bold {
        r = r.bold();
    }
    if f.italic {
        r = r.italic();
    }
    if f.strike {
        r = r.strike();
    }
    r
}

/// Adds the pieces to a run.
pub(crate) fn add_pieces(mut r: Run, pieces: &[Piece]) -> Run {
    for p in pieces {
        r = match p {
            Piece::Text(t) => r.add_text(t.as_str()),
            Piece::Break => r.add_break(BreakType::TextWrapping),
            Piece::Tab => r.add_tab(),
        };
    }
    r
}

/// One run holding `text` (sanitised; newlines become breaks) in format `f`.
pub(crate) fn run(text: &str, f: Format) -> Run {
    add_pieces(empty_run(f), &pieces(text))
}

/// Hands out paragraph ids (`w14:paraId`) counted per document, so the output does not
/// depend on docx-rs's per-thread counter (whose reset is not public).
#[derive(Debug)]
pub(crate) struct Ids {
    next: u32,
    /// Footnotes numbered so far: ids of `w:footnote` are unique in the document, whose
    /// main text and appendices are laid out one body after the other.
    pub(crate) notes: usize,
}

impl Ids {
    /// Ids start at 0x10000000, clear of the ones docx-rs generates itself (from 1).
    pub(crate) fn new() -> Self {
        Ids {
            next: 0x1000_0000,
            notes: 0,
        }
    }

    /// A new empty paragraph with the next id and its paragraph mark in format `f`
    /// (an empty paragraph is as tall as its mark).
    pub(crate) fn para(&mut self, f: Format) -> Paragraph {
        let id = format!("{:08X}", self.next);
        // 0x7FFFFFFF is the largest paraId allowed; a document never gets near it.
        self.next = self.next.saturating_add(1).min(0x7FFF_FFFF);
        let mut p = Paragraph::new()
            .id(id)
            .fonts(fonts())
            .size(f.size)
            .color(style::COLOR);
        if f.bold {
            p = p.bold();
        }
        if f.italic {
            p = p.italic();
        }
        p
    }
}

/// Paragraph spacing: `before` and `after` in twips, `line` in 240ths of a line (auto).
pub(crate) fn spacing(before: u32, after: u32, line: i32) -> LineSpacing {
    LineSpacing::new()
        .before(before)
        .after(after)
        .line(line)
        .line_rule(LineSpacingType::Auto)
}

/// A centred single-spaced paragraph holding `text` in format `f`, no space around it.
pub(crate) fn centred(ids: &mut Ids, text: &str, f: Format) -> Paragraph {
    ids.para(f)
        .align(AlignmentType::Center)
        .line_spacing(spacing(0, 0, style::LINE_SINGLE))
        .add_run(run(text, f))
}

/// A short rule: an empty 1 pt paragraph whose bottom border runs between `left` and
/// `right` indents (twips). Never underscores.
pub(crate) fn rule(ids: &mut Ids, left: i32, right: i32, after: u32) -> Paragraph {
    let mut p = ids
        .para(Format::new(2))
        .indent(
            Some(left),
            Some(SpecialIndentType::FirstLine(0)),
            Some(right),
            None,
        )
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(after)
                .line(style::RULE_LINE)
                .line_rule(LineSpacingType::Exact),
        );
    // `ParagraphBorders::default()` has all four sides; start from none
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(style::RULE_SIZE)
                .space(style::RULE_SPACE)
                .color(style::COLOR),
        ),
    );
    p
}

/// A rule of `rule_width` twips centred in a space `avail` twips wide.
pub(crate) fn centred_rule(
    ids: &mut Ids,
    avail: usize,
    rule_width: usize,
    after: u32,
) -> Paragraph {
    let rule_width = rule_width.clamp(1, avail.max(1));
    let side = ((avail - rule_width) / 2) as i32;
    rule(ids, side, side, after)
}

/// The widest line of `text` (split at newlines), estimated in twips.
pub(crate) fn widest_line(text: &str, size: usize, bold: bool) -> usize {
    sanitize(text)
        .lines()
        .map(|l| style::text_width(l, size, bold))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_removes_xml_illegal_characters() {
        assert_eq!(sanitize("a\u{1}b\u{B}c\u{0}d\u{1F}"), "abcd");
        assert_eq!(sanitize("x\u{FFFE}y\u{FFFF}z"), "xyz");
        assert_eq!(sanitize("tab\there\nline\rcr"), "tab\there\nline\rcr");
        assert_eq!(
            sanitize("Sở Y tế & <b> 😀 \u{FFFD}"),
            "Sở Y tế & <b> 😀 \u{FFFD}"
        );
        assert!(matches!(sanitize("clean"), Cow::Borrowed(_)));
        assert_eq!(sanitize("\u{7F}\u{85}"), "\u{7F}\u{85}");
    }

    #[test]
    fn pieces_turn_newlines_into_breaks() {
        assert_eq!(
            pieces("a\r\nb\rc\nd\te\u{1}"),
            vec![
                Piece::Text("a".into()),
                Piece::Break,
                Piece::Text("b".into()),
                Piece::Break,
                Piece::Text("c".into()),
                Piece::Break,
                Piece::Text("d".into()),
                Piece::Tab,
                Piece::Text("e".into()),
            ]
        );
        assert!(pieces("\u{2}").is_empty());
    }

    #[test]
    fn ids_count_per_document() {
        let mut a = Ids::new();
        let mut b = Ids::new();
        assert_eq!(a.para(Format::new(28)).id, b.para(Format::new(28)).id);
        assert_ne!(
            a.para(Format::new(28)).id,
            Ids::new().para(Format::new(28)).id
        );
    }
}
