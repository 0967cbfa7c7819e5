//! Versions 4 and 5 of the manifest: plain text, one tab-separated line per record.
//!
//! ```text
//! vanban-manifest 5 <shared>
//! d <key> <size> <mtime> <src> <kind> <flags>[ <key> <source> <number> <md size> <md mtime> <docx size> <docx mtime>[ <md hash> <docx hash>]]
//! o <output> <hash>
//! f <folder> <stamp>
//! ```
//!
//! Fields are separated by tabs; a tab, a line break or a backslash inside a field is
//! written `\t`, `\n`, `\\`. Hashes are in hex; an empty `source` is the record's `src`, an
//! empty `kind` or `number` is none; `flags` holds `i` (it names an image) and `n` (it has
//! a `number:` line), then, for a document that is not a plan, `:` and its `face` (what the
//! other reports of its folder read of it; an older writer wrote none, and the document is
//! then read again). Version 4 has no `shared` and no `f` lines. vanban writes version 6
//! (see `binary`); it reads these whole (an upgrade rebuilds nothing), and writes version 5
//! only as the text a person or a test reads ([`crate::build::manifest_text`]).

use std::borrow::Cow;

use super::{Built, Hash, Manifest, Record, Stamp};

const HEADER: &str = "vanban-manifest\t5\t";
const HEADER_4: &str = "vanban-manifest\t4\n";

/// Reads a manifest of version 4 or 5; `None` for anything else.
pub(super) fn parse(bytes: &[u8]) -> Option<Manifest<'_>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut m = Manifest::default();
    let body = match text.strip_prefix(HEADER) {
        Some(rest) => {
            let (shared, body) = rest.split_once('\n')?;
            m.shared = Some(hash(shared)?);
            m.version = 5;
            body
        }
        None => {
            m.version = 4;
            text.strip_prefix(HEADER_4)?
        }
    };
    for line in body.split_terminator('\n') {
        let mut f = Fields(Some(line));
        match f.next()? {
            "d" => m.docs.push(record(&mut f)?),
            "o" => {
                let rel = unescape(f.next()?);
                let h = hash(f.next()?)?;
                m.outputs.push((rel, h));
            }
            "f" => {
                let rel = unescape(f.next()?);
                let stamp = f.next()?.parse().ok()?;
                m.folders.push((rel, stamp));
            }
            _ => return None,
        }
        if f.next().is_some() {
            return None;
        }
    }
    // A file edited by hand (or an older writer) may be out of order.
    if !m.docs.is_sorted_by(|a, b| a.key < b.key) {
        m.docs.sort_by(|a, b| a.key.cmp(&b.key));
        m.docs.dedup_by(|a, b| a.key == b.key);
    }
    if !m.outputs.is_sorted_by(|a, b| a.0 < b.0) {
        m.outputs.sort_by(|a, b| a.0.cmp(&b.0));
        m.outputs.dedup_by(|a, b| a.0 == b.0);
    }
    if !m.folders.is_sorted_by(|a, b| a.0 < b.0) {
        m.folders.sort_by(|a, b| a.0.cmp(&b.0));
        m.folders.dedup_by(|a, b| a.0 == b.0);
    }
    Some(m)
}

/// The manifest as version 5's text (a manifest without `shared` has zeros there).
pub(super) fn write(m: &Manifest<'_>) -> String {
    let mut out = String::with_capacity(256 * (m.docs.len() + 1));
    out.push_str(HEADER);
    push_hash(&mut out, &m.shared.unwrap_or_default());
    out.push('\n');
    for r in &m.docs {
        push_record(&mut out, r);
    }
    for (rel, h) in &m.outputs {
        out.push_str("o\t");
        escape(&mut out, rel);
        out.push('\t');
        push_hash(&mut out, h);
        out.push('\n');
    }
    for (rel, stamp) in &m.folders {
        out.push_str("f\t");
        escape(&mut out, rel);
        push_number(&mut out, *stamp);
        out.push('\n');
    }
    out
}

/// The tab-separated fields of a line, as `split('\t')` gives them (fields are short: a
/// plain loop beats a search).
struct Fields<'a>(Option<&'a str>);

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.0?;
        match s.bytes().position(|b| b == b'\t') {
            Some(i) => {
                self.0 = Some(&s[i + 1..]);
                Some(&s[..i])
            }
            None => {
                self.0 = None;
                Some(s)
            }
        }
    }
}

fn record<'a>(f: &mut impl Iterator<Item = &'a str>) -> Option<Record<'a>> {
    let key = unescape(f.next()?);
    let input = Stamp(f.next()?.parse().ok()?, f.next()?.parse().ok()?);
    let src = hash(f.next()?)?;
    let kind = optional(f.next()?);
    let flags = f.next()?;
    let (flags, face) = match flags.split_once(':') {
        Some((flags, face)) => (flags, Some(hash(face)?)),
        None => (flags, None),
    };
    let mut r = Record {
        key,
        input,
        src,
        kind,
        img: flags.contains('i'),
        num: flags.contains('n'),
        face,
        built: None,
    };
    let mut f = f.peekable();
    if f.peek().is_none() {
        return Some(r);
    }
    let key = hash(f.next()?)?;
    let source = match f.next()? {
        "" => src,
        s => hash(s)?,
    };
    let number = optional(f.next()?);
    let mut stamp =
        || -> Option<Stamp> { Some(Stamp(f.next()?.parse().ok()?, f.next()?.parse().ok()?)) };
    let outputs = [stamp()?, stamp()?];
    let hashes = match f.next() {
        None => None,
        Some(md) => Some([hash(md)?, hash(f.next()?)?]),
    };
    if f.next().is_some() {
        return None;
    }
    r.built = Some(Built {
        key,
        source,
        number,
        outputs,
        hashes,
    });
    Some(r)
}

fn push_record(line: &mut String, r: &Record<'_>) {
    line.push_str("d\t");
    escape(line, &r.key);
    push_stamp(line, &r.input);
    line.push('\t');
    push_hash(line, &r.src);
    line.push('\t');
    if let Some(k) = &r.kind {
        escape(line, k);
    }
    line.push('\t');
    if r.img {
        line.push('i');
    }
    if r.num {
        line.push('n');
    }
    if let Some(face) = &r.face {
        line.push(':');
        push_hash(line, face);
    }
    if let Some(b) = &r.built {
        line.push('\t');
        push_hash(line, &b.key);
        line.push('\t');
        if b.source != r.src {
            push_hash(line, &b.source);
        }
        line.push('\t');
        if let Some(n) = &b.number {
            escape(line, n);
        }
        for s in &b.outputs {
            push_stamp(line, s);
        }
        if let Some(hs) = &b.hashes {
            for h in hs {
                line.push('\t');
                push_hash(line, h);
            }
        }
    }
    line.push('\n');
}

/// A tab, then the stamp's two numbers, separated by a tab.
fn push_stamp(out: &mut String, s: &Stamp) {
    push_number(out, s.0);
    push_number(out, s.1);
}

/// A tab, then the number in decimal.
fn push_number(out: &mut String, n: u64) {
    use std::fmt::Write;
    let _ = write!(out, "\t{n}");
}

fn optional(field: &str) -> Option<Cow<'_, str>> {
    (!field.is_empty()).then(|| unescape(field))
}

fn escape(out: &mut String, s: &str) {
    if !s.contains(['\\', '\t', '\n', '\r']) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    Cow::Owned(out)
}

/// The value of each lower-case hex digit, 16 for any other byte.
const NIBBLE: [u8; 256] = {
    let mut t = [16u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// A hash written in lower-case hex; `None` for anything else.
pub(super) fn hash(s: &str) -> Option<Hash> {
    let b: &[u8; 32] = s.as_bytes().try_into().ok()?;
    let mut h = [0u8; 16];
    // Any byte that is not a digit sets bit 4 of `bad` (checked once, at the end).
    let mut bad = 0u8;
    for (i, pair) in b.chunks_exact(2).enumerate() {
        let (hi, lo) = (NIBBLE[usize::from(pair[0])], NIBBLE[usize::from(pair[1])]);
        bad |= hi | lo;
        h[i] = hi << 4 | lo;
    }
    (bad < 16).then_some(h)
}

fn push_hash(out: &mut String, h: &Hash) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for b in h {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_digits_are_read_and_anything_else_refused() {
        assert_eq!(
            hash("000102030405060708090a0b0c0d0eff"),
            Some([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255])
        );
        for bad in [
            "000102030405060708090a0b0c0d0eFF",
            "000102030405060708090a0b0c0d0e:f",
            "0001",
            "000102030405060708090a0b0c0d0eff00",
        ] {
            assert_eq!(hash(bad), None, "{bad}");
        }
    }
}
