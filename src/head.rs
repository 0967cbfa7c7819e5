//! What a batch needs to know of a document before (or instead of) parsing it into the model:
//! its top-level `kind`, the entries its number key is made of (`status`, `number`, `date`,
//! `unit`, `issuer.abbr`), and whether it names a signature or seal image.
//!
//! Read from the events of the YAML parser the span index uses ([`crate::span`]), so every
//! spelling the model accepts is read as the model reads it: quoted keys, flow mappings,
//! comments, block scalars, anchors. A `number:` inside a body value, a comment or a block
//! scalar is not the document's number. What cannot be told from one scalar on its own (an
//! alias to a collection, a tag, a plain value YAML would read as something other than a
//! string or a decimal number) is [`Fact::Other`]: the caller then parses the whole document.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// One top-level value as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Fact<'a> {
    /// Not written (or written as null: `~`, `null`, nothing).
    #[default]
    Absent,
    /// A plain scalar that YAML reads as a string.
    Text(Cow<'a, str>),
    /// A plain decimal integer (`3`, `2018`).
    Int(u64),
    /// A quoted scalar, or a block scalar: always a string.
    Quoted(Cow<'a, str>),
    /// Anything else: a collection, an alias, a tag, a plain scalar read as another type.
    Other,
}

impl<'a> Fact<'a> {
    /// The value as a string, when the model would read it as one.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Fact::Text(s) | Fact::Quoted(s) => Some(s),
            _ => None,
        }
    }

    fn of_scalar(value: Cow<'a, str>, style: ScalarStyle) -> Fact<'a> {
        if style != ScalarStyle::Plain {
            return Fact::Quoted(value);
        }
        let s = value.as_ref();
        match s {
            "" | "~" | "null" | "Null" | "NULL" => Fact::Absent,
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => Fact::Other,
            _ if s == "0" || (s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')) => {
                s.parse().map_or(Fact::Other, Fact::Int)
            }
            _ if number_like(s) => Fact::Other,
            _ => Fact::Text(value),
        }
    }
}

/// True when YAML (as serde_yaml resolves a plain scalar) may read `s` as a number in some
/// other spelling: a sign, `0x`/`0o`/`0b`, leading zeros, a float, `.inf`, `.nan`.
fn number_like(s: &str) -> bool {
    let u = s.strip_prefix(['+', '-']).unwrap_or(s);
    let radix = |p: &str, ok: fn(&u8) -> bool| {
        u.strip_prefix(p)
            .is_some_and(|r| !r.is_empty() && r.as_bytes().iter().all(ok))
    };
    (!u.is_empty() && u.bytes().all(|b| b.is_ascii_digit()))
        || radix("0x", u8::is_ascii_hexdigit)
        || radix("0o", |b| (b'0'..=b'7').contains(b))
        || radix("0b", |b| matches!(b, b'0' | b'1'))
        || matches!(u, ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN")
        || u.parse::<f64>().is_ok_and(f64::is_finite)
}

/// What [`read`] learnt of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Head<'a> {
    /// The top-level `kind`.
    pub kind: Fact<'a>,
    /// The top-level `status`.
    pub status: Fact<'a>,
    /// The top-level `number`.
    pub number: Fact<'a>,
    /// The top-level `date`.
    pub date: Fact<'a>,
    /// The top-level `unit`.
    pub unit: Fact<'a>,
    /// The top-level `issuer` (a mapping: [`Fact::Other`]).
    pub issuer: Fact<'a>,
    /// The `abbr` of the top-level `issuer` mapping.
    pub issuer_abbr: Fact<'a>,
    /// A top-level `number` key is written (whatever its value).
    pub has_number: bool,
    /// A mapping key `signature_image` or `seal_image` is written, at any depth.
    pub images: bool,
    /// What was wanted was read without a syntax error before it, the document is a mapping,
    /// and no top-level key is spelled so that it cannot be told on its own (a collection, an
    /// alias to one, or a tag as a key). When false, parse the document to know.
    pub complete: bool,
}

/// How much to read. Reading stops as soon as nothing more can be learnt: once each entry
/// wanted is read or cannot be written further on (see [`Later`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// Only the top-level `kind` (usually the first entry).
    Kind,
    /// Everything in [`Head`].
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Top {
    Kind,
    Status,
    Number,
    Date,
    Unit,
    Issuer,
    Other,
}

/// The top-level keys read, and the names a key is looked for anywhere.
const NAMES: [&str; 8] = [
    "kind",
    "status",
    "number",
    "date",
    "unit",
    "issuer",
    "signature_image",
    "seal_image",
];

impl Top {
    fn of(key: &str) -> Top {
        match key {
            "kind" => Top::Kind,
            "status" => Top::Status,
            "number" => Top::Number,
            "date" => Top::Date,
            "unit" => Top::Unit,
            "issuer" => Top::Issuer,
            _ => Top::Other,
        }
    }

    /// Its place in [`NAMES`].
    fn index(self) -> usize {
        self as usize
    }
}

/// Whether a key may still be written further on, told from the text without reading it as
/// YAML: a key is written with its name in it, unless a double-quoted scalar spells it with
/// an escape (`"st\x61tus"`), which needs a backslash. So a name that is not in the text, in
/// a text without a backslash, is no key of it. This only lets [`read`] stop early; every
/// fact still comes from the parser's events.
struct Later<'t> {
    text: &'t str,
    escapes: bool,
    known: [Option<bool>; 8],
}

impl<'t> Later<'t> {
    fn new(text: &'t str) -> Self {
        Later {
            text,
            escapes: text.contains('\\'),
            known: [None; 8],
        }
    }

    /// The `NAMES[i]` key may be written somewhere in the text.
    fn may(&mut self, i: usize) -> bool {
        if self.escapes {
            return true;
        }
        let (text, name) = (self.text, NAMES.get(i).copied().unwrap_or(""));
        match self.known.get_mut(i) {
            Some(k) => *k.get_or_insert_with(|| text.contains(name)),
            None => true,
        }
    }
}

/// True when nothing `want`ed can be learnt by reading on: each top-level entry the facts
/// need is read (`seen`) or cannot be written further on, and so are the image keys.
fn learnt(head: &Head<'_>, seen: &[bool; 8], want: Want, later: &mut Later<'_>) -> bool {
    let wanted = |t: Top, later: &mut Later<'_>| {
        !seen.get(t.index()).copied().unwrap_or(false) && later.may(t.index())
    };
    if wanted(Top::Kind, later) {
        return false;
    }
    if want == Want::Kind {
        return true;
    }
    if [Top::Status, Top::Number, Top::Date]
        .into_iter()
        .any(|t| wanted(t, later))
    {
        return false;
    }
    let kind = head.kind.text();
    let report = kind == Some("report");
    // Only a report is numbered by its unit; a report with a unit is not numbered by its issuer.
    let unit_matters = kind.is_none() || report;
    if unit_matters && wanted(Top::Unit, later) {
        return false;
    }
    let by_unit = report && head.unit != Fact::Absent;
    if !by_unit && wanted(Top::Issuer, later) {
        return false;
    }
    head.images || !(later.may(6) || later.may(7))
}

/// One open collection, and whether it is a key (a complex key: `? [a, b]`).
#[derive(Debug, Clone, Copy)]
enum Level {
    /// A mapping: whether the next node is a key; at depth 1, the entry being read; whether
    /// it is the top-level `issuer` and the entry being read is its `abbr`.
    Map {
        key_next: bool,
        top: Option<Top>,
        issuer: bool,
        abbr: bool,
        as_key: bool,
    },
    Seq {
        as_key: bool,
    },
}

/// Reads the facts of [`Head`] from `text` (only the first document of a stream).
pub(crate) fn read(text: &str, want: Want) -> Head<'_> {
    let mut head = Head::default();
    let mut stack: Vec<Level> = Vec::new();
    // Scalars with an anchor (`&x 3`), for an alias to one (`*x`).
    let mut anchored: Vec<(usize, Fact<'_>)> = Vec::new();
    let mut sure = true;
    let mut later = Later::new(text);
    let mut seen = [false; 8];
    let mut parser = Parser::new_from_str(text);
    loop {
        let event = match parser.next_event() {
            Some(Ok((event, _))) => event,
            // A syntax error: serde_yaml reports it when the document is parsed.
            Some(Err(_)) | None => return head,
        };
        // The node just read, when it is a scalar or an alias: its fact.
        let node: Option<Fact<'_>> = match event {
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::Scalar(value, style, anchor, tag) => {
                let fact = match tag {
                    Some(_) => Fact::Other,
                    None => Fact::of_scalar(value, style),
                };
                if anchor != 0 {
                    anchored.push((anchor, fact.clone()));
                }
                Some(fact)
            }
            Event::Alias(id) => Some(
                anchored
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map_or(Fact::Other, |(_, f)| f.clone()),
            ),
            Event::MappingStart(_, ref tag) | Event::SequenceStart(_, ref tag) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let depth = stack.len();
                let (issuer, as_key) = match stack.last_mut() {
                    Some(Level::Map {
                        key_next: true,
                        top,
                        ..
                    }) => {
                        // A collection as a key: at the top, its entry cannot be told.
                        if depth == 1 {
                            sure = false;
                            *top = Some(Top::Other);
                        }
                        (false, true)
                    }
                    Some(Level::Map { top, .. }) => {
                        let under = *top;
                        if depth == 1 {
                            set(&mut head, under, Fact::Other);
                        }
                        (depth == 1 && under == Some(Top::Issuer), false)
                    }
                    Some(Level::Seq { .. }) => (false, false),
                    None => {
                        if tag.is_some() || !is_map {
                            sure = false;
                        }
                        (false, false)
                    }
                };
                stack.push(if is_map {
                    Level::Map {
                        key_next: true,
                        top: None,
                        issuer,
                        abbr: false,
                        as_key,
                    }
                } else {
                    Level::Seq { as_key }
                });
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let as_key = match stack.pop() {
                    Some(Level::Map { as_key, .. } | Level::Seq { as_key }) => as_key,
                    None => false,
                };
                // In the mapping it is in, a value follows a key, a key a value.
                let mut entry = None;
                if let Some(Level::Map { key_next, top, .. }) = stack.last_mut() {
                    *key_next = !as_key;
                    entry = *top;
                }
                if stack.is_empty() {
                    break;
                }
                if stack.len() == 1 && !as_key {
                    // A top-level entry's value is read.
                    let entry = entry.filter(|t| *t != Top::Other);
                    if let Some(s) = entry.and_then(|t| seen.get_mut(t.index())) {
                        *s = true;
                    }
                    if learnt(&head, &seen, want, &mut later) {
                        head.complete = sure;
                        return head;
                    }
                }
                continue;
            }
            _ => continue,
        };
        let depth = stack.len();
        let Some(Level::Map {
            key_next,
            top,
            issuer,
            abbr,
            ..
        }) = stack.last_mut()
        else {
            // A scalar as the document is not a document.
            sure &= depth > 0;
            continue;
        };
        let fact = node.unwrap_or_default();
        if *key_next {
            let key = fact.text();
            if key.is_some_and(|k| k == "signature_image" || k == "seal_image") {
                head.images = true;
            }
            if depth == 1 {
                let t = match &fact {
                    Fact::Other => {
                        sure = false;
                        Top::Other
                    }
                    f => f.text().map_or(Top::Other, Top::of),
                };
                head.has_number |= t == Top::Number;
                *top = Some(t);
            } else if *issuer {
                *abbr = key == Some("abbr");
            }
            *key_next = false;
            continue;
        }
        *key_next = true;
        if depth == 1 {
            let t = *top;
            set(&mut head, t, fact);
            let entry = t.filter(|t| *t != Top::Other);
            if let Some(s) = entry.and_then(|t| seen.get_mut(t.index())) {
                *s = true;
            }
            if learnt(&head, &seen, want, &mut later) {
                head.complete = sure;
                return head;
            }
        } else if *issuer && *abbr {
            head.issuer_abbr = fact;
        }
    }
    head.complete = sure;
    head
}

/// Which of `names` are keys of the top-level mapping of `text`, read from the parser's events
/// (a quoted key is a key; a `name:` in a block scalar, a comment or a body is not), whatever
/// their values; `None` when it cannot be told (see [`top_scalars`]).
pub(crate) fn top_keys<const N: usize>(text: &str, names: [&str; N]) -> Option<[bool; N]> {
    // None of them in a text without escapes: none is a key (still a mapping? The full parse
    // says what is wrong otherwise).
    if !text.contains('\\') && names.iter().all(|n| !text.contains(n)) {
        return Some([false; N]);
    }
    top_entries(text, names).map(|(_, written)| written)
}

/// The values of the top-level entries `names` of `text`, each read as [`read`] reads one
/// (`Absent` when not written; a collection, an alias or a tag is [`Fact::Other`]); reading
/// stops once each name is read or cannot be written further on (see [`Later`]). `None` when
/// it cannot be told: a syntax error before then, a document that is not a mapping, a
/// top-level key that is a collection, an alias or tagged, or a name written twice before
/// reading stops (serde_yaml refuses such a document).
pub(crate) fn top_scalars<'a, const N: usize>(
    text: &'a str,
    names: [&str; N],
) -> Option<[Fact<'a>; N]> {
    top_entries(text, names).map(|(facts, _)| facts)
}

/// The values of the top-level entries `names` (as [`top_scalars`]) and which are written.
fn top_entries<'a, const N: usize>(
    text: &'a str,
    names: [&str; N],
) -> Option<([Fact<'a>; N], [bool; N])> {
    let mut facts: [Fact<'a>; N] = std::array::from_fn(|_| Fact::Absent);
    let mut read = [false; N];
    let escapes = text.contains('\\');
    let absent: [bool; N] = names.map(|n| !escapes && !text.contains(n));
    let done = |read: &[bool; N]| read.iter().zip(&absent).all(|(r, a)| *r || *a);
    // The entry whose value comes next (at the top), and the depth of the value being skipped.
    let mut entry: Option<usize> = None;
    let mut at_key = true;
    let mut depth = 0usize;
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, _) = parser.next_event()?.ok()?;
        match event {
            Event::StreamEnd | Event::DocumentEnd => return Some((facts, read)),
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {}
            Event::MappingStart(_, tag) if depth == 0 => {
                if tag.is_some() {
                    return None;
                }
                depth = 1;
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth <= 1 && at_key {
                    return None;
                }
                if depth == 1 {
                    if let Some(i) = entry {
                        facts[i] = Fact::Other;
                    }
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth -= 1;
                if depth == 1 {
                    at_key = true;
                    entry = None;
                    if done(&read) {
                        return Some((facts, read));
                    }
                }
                if depth == 0 {
                    return Some((facts, read));
                }
            }
            Event::Scalar(value, style, _, tag) => {
                if depth == 0 || (depth == 1 && at_key && tag.is_some()) {
                    return None;
                }
                if depth > 1 {
                    continue;
                }
                if at_key {
                    entry = names.iter().position(|n| *n == value);
                    if let Some(i) = entry {
                        if read[i] {
                            return None;
                        }
                        read[i] = true;
                    }
                    at_key = false;
                    continue;
                }
                if let Some(i) = entry {
                    facts[i] = match tag {
                        Some(_) => Fact::Other,
                        None => Fact::of_scalar(value, style),
                    };
                }
                at_key = true;
                entry = None;
                if done(&read) {
                    return Some((facts, read));
                }
            }
            Event::Alias(_) => {
                if depth <= 1 && at_key {
                    return None;
                }
                if depth == 1 {
                    if let Some(i) = entry {
                        facts[i] = Fact::Other;
                    }
                    at_key = true;
                    entry = None;
                }
            }
        }
    }
}

/// Where the top-level mapping of `text` closes, when it is written in flow style (`{ … }`,
/// a document written as JSON): the byte offset of its `}`. `None` for a block mapping, a
/// syntax error, or anything else.
pub(crate) fn top_flow_close(text: &str) -> Option<usize> {
    // A block document (nearly every one) is told without parsing: what starts it, past
    // blank and comment lines, is not a `{` (a `---`, a directive or a tag: parse to know).
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    if !first.starts_with(['{', '-', '%', '!', '&']) {
        return None;
    }
    let char_at = |index: usize| text.char_indices().nth(index);
    let mut depth = 0usize;
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, span) = parser.next_event()?.ok()?;
        match event {
            Event::MappingStart(..) if depth == 0 => {
                if char_at(span.start.index())?.1 != '{' {
                    return None;
                }
                depth = 1;
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 0 {
                    return None;
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    let (at, c) = char_at(span.start.index())?;
                    return (c == '}').then_some(at);
                }
            }
            Event::Scalar(..) | Event::Alias(_) if depth == 0 => return None,
            Event::StreamEnd | Event::DocumentEnd => return None,
            _ => {}
        }
    }
}

fn set<'a>(head: &mut Head<'a>, top: Option<Top>, fact: Fact<'a>) {
    match top {
        Some(Top::Kind) => head.kind = fact,
        Some(Top::Status) => head.status = fact,
        Some(Top::Number) => head.number = fact,
        Some(Top::Date) => head.date = fact,
        Some(Top::Unit) => head.unit = fact,
        Some(Top::Issuer) => head.issuer = fact,
        Some(Top::Other) | None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Head<'_> {
        read(text, Want::All)
    }

    #[test]
    fn top_level_entries_are_read_in_every_spelling() {
        let h =
            all("kind: plan\nnumber: 12\ndate: 2018-03-05\nissuer: { name: SỞ Y TẾ, abbr: SYT }\n");
        assert_eq!(h.kind.text(), Some("plan"));
        assert_eq!(h.number, Fact::Int(12));
        assert_eq!(h.date.text(), Some("2018-03-05"));
        assert_eq!(h.issuer_abbr.text(), Some("SYT"));
        assert!(h.has_number && h.complete && !h.images);
        // quoted keys, a flow mapping as the document, a comment after the value
        let h = all("{\"kind\": 'report', 'number': 3, unit: cdc} # number: 9\n");
        assert_eq!((h.kind.text(), &h.number), (Some("report"), &Fact::Int(3)));
        assert_eq!(h.unit.text(), Some("cdc"));
        // anchors and an alias to a scalar
        let h = all("x-n: &n 7\nkind: &k plan\nnumber: *n\n");
        assert_eq!((h.kind.text(), &h.number), (Some("plan"), &Fact::Int(7)));
    }

    #[test]
    fn what_is_not_a_top_level_entry_is_not_read() {
        let h = all(
            "kind: plan\n# number: 5\nsummary: |\n  number: 6\nsections:\n  - number: 7\n    title: x\nnote: \"a\n  number: 8\"\n",
        );
        assert_eq!(h.number, Fact::Absent);
        assert!(!h.has_number && h.complete);
        let h = all("kind: plan\nissuer:\n  name: x\nsignature:\n  abbr: NOPE\n");
        assert_eq!(h.issuer_abbr, Fact::Absent);
    }

    #[test]
    fn images_are_keys_anywhere_and_not_words() {
        assert!(all("signature:\n  \"seal_image\": s.png\n").images);
        assert!(all("signature: { name: A, signature_image: a.png }\n").images);
        assert!(!all("# signature_image: a.png\nsummary: seal_image\n").images);
        // a double-quoted key spelled with an escape
        assert!(all("signature:\n  \"seal\\x5fimage\": s.png\n").images);
    }

    #[test]
    fn what_cannot_be_told_alone_is_other() {
        let h = all("x: &d [1]\nkind: !!str plan\nnumber: 0x10\ndate: *d\nstatus: true\n");
        assert_eq!(h.kind, Fact::Other);
        assert_eq!(h.number, Fact::Other);
        assert_eq!(h.date, Fact::Other);
        assert_eq!(h.status, Fact::Other);
        assert_eq!(all("number: \"3\"\n").number, Fact::Quoted("3".into()));
        assert_eq!(all("number: ~\n").number, Fact::Absent);
        assert!(all("number: ~\n").has_number);
        assert!(!all("? [number]\n: 3\n").complete);
        assert!(!all("kind: plan\nnumber: [\n").complete);
        assert!(!all("kind: plan\nnumber: *nowhere\n").complete);
        for n in ["+3", "-3", "03", "0o7", "1e3", "3.0", ".inf"] {
            assert_eq!(all(&format!("number: {n}\n")).number, Fact::Other, "{n}");
        }
        assert_eq!(all("unit: 2018-03\n").unit.text(), Some("2018-03"));
        assert!(!all("- kind: plan\n").complete);
    }

    #[test]
    fn reading_stops_when_nothing_more_can_be_learnt() {
        // A syntax error after the head: nothing further on can be a key the facts need.
        let head = "kind: plan\nissuer: {abbr: SYT}\nnumber: 3\ndate: 2018-03-05\n";
        let text = format!("{head}sections: [\n");
        let h = all(&text);
        assert!(h.complete && h.has_number, "{h:?}");
        // ... unless a `status` (or an image, or for a report its `unit`) may come later
        assert!(!all(&format!("{head}sections: [\nstatus: draft\n")).complete);
        assert!(
            !all(&format!(
                "{head}sections: [\nsignature: {{seal_image: s.png}}\n"
            ))
            .complete
        );
        let report = "kind: report\nissuer: {abbr: SYT}\nnumber: 3\ndate: 2018-03-05\n";
        assert!(!all(&format!("{report}sections: [\nunit: cdc\n")).complete);
        assert!(all(&format!("{head}sections: [\nunit: cdc\n")).complete);
        // ... or a backslash may spell one with an escape
        assert!(!all(&format!("{head}sections: [\nnote: \"a\\tb\"\n")).complete);
        // what comes later is read when it may matter
        let text = format!("{head}sections: []\nstatus: draft\n");
        let h = all(&text);
        assert_eq!(h.status.text(), Some("draft"));
    }

    #[test]
    fn top_level_keys_are_keys_in_every_spelling() {
        let names = ["issuer", "place", "archive"];
        assert_eq!(
            top_keys(
                "kind: plan\n\"issuer\": {abbr: X}\nsummary: |\n  place: x\n# archive: y\n",
                names
            ),
            Some([true, false, false])
        );
        assert_eq!(
            top_keys(
                "{kind: plan, place: x,\n  sections: [{archive: 1}]}\n",
                names
            ),
            Some([false, true, false])
        );
        assert_eq!(top_keys("kind: plan\n", names), Some([false, false, false]));
        assert_eq!(top_keys("- issuer\n", names), None);
        assert_eq!(top_keys("issuer: [\n", names), None);
        // found before a syntax error after it: nothing more to learn
        assert_eq!(
            top_keys("issuer: x\nplace: y\narchive: z\nsections: [\n", names),
            Some([true, true, true])
        );
    }

    #[test]
    fn a_kind_alone_stops_at_its_value() {
        let h = read("kind: report\nnumber: 3\nbroken: [\n", Want::Kind);
        assert_eq!(h.kind.text(), Some("report"));
        assert!(h.complete && !h.has_number);
        let h = read("number: 3\nkind: plan\n", Want::Kind);
        assert_eq!(h.kind.text(), Some("plan"));
        assert_eq!(read("a: 1\n", Want::Kind).kind, Fact::Absent);
    }

    #[test]
    fn top_level_scalars_are_read_whatever_follows_and_only_at_the_top() {
        let names = ["kind", "unit", "plan", "period", "year"];
        let text = "kind: report\nsections:\n  - unit: x\n    year: 1\n'unit': \"cdc\"\nplan: &p 2018/a.yaml\n# period: annual\nyear: 2018\nbody: |\n  period: annual\n";
        let f = top_scalars(text, names).expect("told");
        assert_eq!(f[0].text(), Some("report"));
        assert_eq!(f[1], Fact::Quoted("cdc".into()));
        assert_eq!(f[2].text(), Some("2018/a.yaml"));
        assert_eq!((&f[3], &f[4]), (&Fact::Absent, &Fact::Int(2018)));
        // a collection or an alias as a value is Other; a flow mapping is read
        let f = top_scalars("x: &p a\nkind: report\nunit: [a]\nplan: *p\n", names).expect("told");
        assert_eq!((&f[1], &f[2]), (&Fact::Other, &Fact::Other));
        let f = top_scalars("{kind: report, period: six-month}", names).expect("told");
        assert_eq!(f[3].text(), Some("six-month"));
        // what cannot be told
        for bad in [
            "- kind: report\n",
            "unit: a\nunit: b\nkind: report\n",
            "? [a]\n: b\nkind: report\n",
            "kind: [report\n",
            "just text",
        ] {
            assert_eq!(top_scalars(bad, names), None, "{bad}");
        }
    }

    #[test]
    fn a_flow_mapping_document_closes_where_its_brace_is() {
        let text =
            "{\"kind\": \"plan\", \"issuer\": {\"abbr\": \"SYT\"},\n \"tên\": [1, {a: b}]\n}\n";
        let at = top_flow_close(text).expect("a flow mapping");
        assert_eq!(&text[at..], "}\n");
        assert_eq!(top_flow_close("# c\n{a: 1} # d\n"), Some(9));
        assert_eq!(top_flow_close("{a: 1,\n b: [2, 3]}\n"), Some(17));
        for not in [
            "a: 1\n",
            "a: {b: 1}\n",
            "[1, 2]\n",
            "text\n",
            "{a: [1}\n",
            "",
        ] {
            assert_eq!(top_flow_close(not), None, "{not}");
        }
    }
}
