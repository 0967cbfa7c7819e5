//! The manifest kept in the output folder: one line per document (what the last scan learnt
//! of its YAML, and the key and stamps of the outputs it last made, with their content
//! hashes), and one line per other output vanban wrote. A cache: one that cannot be read is
//! ignored, as if absent.
//!
//! The format is plain text, read in one pass with every string borrowed from the file's
//! bytes (nothing is copied for an unchanged document), and written sorted by key:
//!
//! ```text
//! vanban-manifest 5 <shared>
//! d <key> <size> <mtime> <src> <kind> <flags>[ <key> <source> <number> <md size> <md mtime> <docx size> <docx mtime>[ <md hash> <docx hash>]]
//! o <output> <hash>
//! f <folder> <stamp>
//! ```
//!
//! Fields are separated by tabs; a tab, a line break or a backslash inside a field is
//! written `\t`, `\n`, `\\`. Hashes are 128-bit SHA-256 prefixes in hex; an empty `source`
//! is the record's `src`, an empty `kind` or `number` is none; `flags` holds `i` (it names
//! an image) and `n` (it has a `number:` line), then, for a document that is not a plan, `:`
//! and its `face` (what the other reports of its folder read of it; an older writer wrote
//! none, and the document is then read again). `shared` is the hash of what every document
//! depends on (the tool, the templates, the project file): while it is the one recorded, a
//! plan whose YAML is as recorded has the key recorded, not hashed again. An `f` line is a
//! folder under the output folder, by its path with `/` and a final `/` (the output folder
//! itself is ``): the change time of the folder when its listing found nothing to report,
//! and 0 when it must be listed again (see `walk_out`). A manifest of version 4 (no
//! `shared`, no `f` lines) is read as well.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// The hashes vanban keeps: the first 128 bits of SHA-256.
pub(super) type Hash = [u8; 16];

/// Size and modification time (ns since the epoch) of a file, to notice it was changed or
/// deleted by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp(pub u64, pub u64);

/// What a build knows of one document without reading it again.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Record<'a> {
    /// The document key: its path relative to its plans folder, with `/`.
    pub(crate) key: Cow<'a, str>,
    /// Size and modification time of the YAML when it was scanned: while they are the same,
    /// the file is not read again.
    pub(crate) input: Stamp,
    /// Hash of the YAML's bytes.
    pub(crate) src: Hash,
    /// The `kind` line's value, when it has a plain one.
    pub(crate) kind: Option<Cow<'a, str>>,
    /// It names a signature or seal image (which is then part of its input).
    pub(crate) img: bool,
    /// It has a `number:` line (so it takes part in the duplicate-number check).
    pub(crate) num: bool,
    /// For a document that is not a plan: the hash of what the other reports of its plans
    /// folder read of it (see `scan::face`).
    pub(crate) face: Option<Hash>,
    /// The outputs it made, when its last build succeeded.
    pub(crate) built: Option<Built<'a>>,
    /// The line it was read from: written again as it is while nothing above changed.
    pub(crate) line: Line<'a>,
}

/// The line a record was read from (never part of a comparison).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Line<'a>(pub Option<&'a str>);

impl PartialEq for Line<'_> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The outputs of a document as its last build made them.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Built<'a> {
    /// Hash of everything the outputs depend on.
    pub(crate) key: Hash,
    /// Hash of the YAML's bytes it was built from.
    pub(crate) source: Hash,
    /// What its number must be unique within (see [`number_text`]), when it is signed.
    pub(crate) number: Option<Cow<'a, str>>,
    /// Stamps of the `.md` and the `.docx`.
    pub(crate) outputs: [Stamp; 2],
    /// Content hashes of the `.md` and the `.docx`, when recorded here.
    pub(crate) hashes: Option<[Hash; 2]>,
}

/// A manifest as read (borrowing from its bytes) or about to be written.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Manifest<'a> {
    /// Sorted by key, each key once.
    pub(crate) docs: Vec<Record<'a>>,
    /// The outputs vanban wrote that no record above carries, by path relative to the output
    /// folder with `/`, sorted.
    pub(crate) outputs: Vec<(Cow<'a, str>, Hash)>,
    /// The hash of what every document depends on when it was written (none: version 4).
    pub(crate) shared: Option<Hash>,
    /// The folders under the output folder as the last whole build listed them, sorted.
    pub(crate) folders: Vec<(Cow<'a, str>, u64)>,
}

const HEADER: &str = "vanban-manifest\t5\t";
const HEADER_4: &str = "vanban-manifest\t4\n";

impl<'a> Manifest<'a> {
    /// The record of the document `key`.
    #[cfg(test)]
    pub(crate) fn get(&self, key: &str) -> Option<&Record<'a>> {
        self.index_of(key).map(|i| &self.docs[i])
    }

    /// Where the record of `key` is.
    pub(crate) fn index_of(&self, key: &str) -> Option<usize> {
        self.docs.binary_search_by(|r| (*r.key).cmp(key)).ok()
    }

    /// Reads a manifest of this version; `None` for anything else (another version, a
    /// damaged file).
    pub(crate) fn parse(bytes: &'a [u8]) -> Option<Manifest<'a>> {
        let text = std::str::from_utf8(bytes).ok()?;
        let mut m = Manifest::default();
        let body = match text.strip_prefix(HEADER) {
            Some(rest) => {
                let (shared, body) = rest.split_once('\n')?;
                m.shared = Some(hash(shared)?);
                body
            }
            None => text.strip_prefix(HEADER_4)?,
        };
        for line in body.split_terminator('\n') {
            let mut f = Fields(Some(line));
            match f.next()? {
                "d" => {
                    let mut r = record(&mut f)?;
                    r.line = Line(Some(line));
                    m.docs.push(r);
                }
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

    /// The manifest as it is written.
    pub(crate) fn write_to(&self, w: &mut impl Write) -> std::io::Result<()> {
        let mut line = String::with_capacity(512);
        line.push_str(HEADER);
        // A manifest always has one (`[0; 16]` only where none was given, in tests).
        push_hash(&mut line, &self.shared.unwrap_or_default());
        line.push('\n');
        w.write_all(line.as_bytes())?;
        for r in &self.docs {
            line.clear();
            match r.line.0 {
                Some(read) => {
                    line.push_str(read);
                    line.push('\n');
                }
                None => push_record(&mut line, r),
            }
            w.write_all(line.as_bytes())?;
        }
        for (rel, h) in &self.outputs {
            line.clear();
            line.push_str("o\t");
            escape(&mut line, rel);
            line.push('\t');
            push_hash(&mut line, h);
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        for (rel, stamp) in &self.folders {
            line.clear();
            line.push_str("f\t");
            escape(&mut line, rel);
            push_number(&mut line, *stamp);
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        Ok(())
    }
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
        line: Line(None),
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
    out.push('\t');
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or("0"));
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

fn hash(s: &str) -> Option<Hash> {
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

/// A number key as one string (equal keys, equal strings): year, number, kind, issuer.
pub(super) fn number_text(k: &crate::validate::NumberKey) -> String {
    format!("{} {} {} {}", k.2, k.3, k.1, k.0)
}

/// The record of outputs of a manifest of an earlier version (JSON, with an `outputs` map and
/// the hashes of each document's outputs in its record), so that their orphans can still be
/// removed. Anything else gives nothing.
pub(super) fn outputs_of_older(bytes: &[u8]) -> Vec<(Cow<'static, str>, Hash)> {
    use std::collections::BTreeMap;
    #[derive(serde::Deserialize)]
    struct Older {
        #[serde(default)]
        docs: BTreeMap<String, OlderDoc>,
        #[serde(default)]
        outputs: BTreeMap<String, String>,
    }
    #[derive(serde::Deserialize)]
    struct OlderDoc {
        #[serde(default)]
        built: Option<OlderBuilt>,
    }
    #[derive(serde::Deserialize)]
    struct OlderBuilt {
        #[serde(default)]
        h: Vec<String>,
    }
    let Ok(old) = serde_json::from_slice::<Older>(bytes) else {
        return Vec::new();
    };
    // Older manifests kept full SHA-256 hashes: their first 128 bits are ours.
    let short = |h: &str| hash(h.get(..32)?);
    let mut all: BTreeMap<String, Hash> = old
        .outputs
        .iter()
        .filter_map(|(rel, h)| Some((rel.clone(), short(h)?)))
        .collect();
    for (key, d) in &old.docs {
        let Some(b) = &d.built else { continue };
        if b.h.len() == 2 {
            for (rel, h) in super::outputs::output_rels(key).into_iter().zip(&b.h) {
                if let Some(h) = short(h) {
                    all.insert(rel, h);
                }
            }
        }
    }
    all.into_iter().map(|(k, h)| (Cow::Owned(k), h)).collect()
}

/// Writes the manifest atomically, streamed through a buffer (never whole in memory).
pub(super) fn write(out: &Path, name: &str, m: &Manifest<'_>) -> std::io::Result<()> {
    let path = out.join(name);
    std::fs::create_dir_all(out)?;
    let (tmp, f) = crate::write::create_temp(out, name)?;
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, f);
    let mut result = m.write_to(&mut w);
    if result.is_ok() {
        result = w.flush();
    }
    drop(w);
    if result.is_ok() {
        result = std::fs::rename(&tmp, &path);
    }
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest<'static> {
        Manifest {
            docs: vec![
                Record {
                    key: "2018/a\tb.yaml".into(),
                    input: Stamp(12, 1_700_000_000_123_456_789),
                    src: [1; 16],
                    kind: Some("plan".into()),
                    img: false,
                    num: true,
                    face: None,
                    built: Some(Built {
                        key: [2; 16],
                        source: [1; 16],
                        number: Some("2018 25 KH UBND \\ X".into()),
                        outputs: [Stamp(3, 4), Stamp(5, 6)],
                        hashes: Some([[7; 16], [8; 16]]),
                    }),
                    line: Line(None),
                },
                Record {
                    key: "2018/b.yaml".into(),
                    input: Stamp(1, 2),
                    src: [9; 16],
                    kind: None,
                    img: true,
                    num: false,
                    face: Some([14; 16]),
                    built: Some(Built {
                        key: [2; 16],
                        source: [10; 16],
                        number: None,
                        outputs: [Stamp(3, 4), Stamp(5, 6)],
                        hashes: None,
                    }),
                    line: Line(None),
                },
                Record {
                    key: "2018/c.yaml".into(),
                    input: Stamp(1, 2),
                    src: [11; 16],
                    kind: Some("report".into()),
                    img: false,
                    num: true,
                    face: Some([15; 16]),
                    built: None,
                    line: Line(None),
                },
            ],
            outputs: vec![("2018/old\n.md".into(), [12; 16])],
            shared: Some([13; 16]),
            folders: vec![("".into(), 0), ("2018/".into(), 1_700_000_000_123_456_789)],
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let m = sample();
        let mut bytes = Vec::new();
        m.write_to(&mut bytes).unwrap();
        let back = Manifest::parse(&bytes).expect("parses");
        assert_eq!(back, m);
        // Written again from the lines read: the same bytes.
        let mut again = Vec::new();
        back.write_to(&mut again).unwrap();
        assert_eq!(again, bytes);
        assert_eq!(back.get("2018/b.yaml").map(|r| r.src), Some([9; 16]));
        assert!(back.get("2018/z.yaml").is_none());
    }

    #[test]
    fn a_damaged_or_other_manifest_is_none() {
        let mut bytes = Vec::new();
        sample().write_to(&mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        for bad in [
            text.replace("vanban-manifest\t5", "vanban-manifest\t6"),
            text.replacen("0d0d", "0d0g", 1),
            text.replacen("f\t2018/\t1", "f\t2018/\tx", 1),
            text.replacen("\t0101", "\t01zz", 1),
            text.replacen("n:0f0f", "n:0f0z", 1),
            text.replacen("n:0f0f", "n:", 1),
            text.replacen("\n", "\nx\tjunk\n", 2),
            text.replacen("\t12\t", "\t-12\t", 1),
            "{\"version\":3}".to_string(),
        ] {
            assert!(Manifest::parse(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_manifest_of_version_4_is_read_whole() {
        let mut m = sample();
        m.shared = None;
        m.folders.clear();
        let mut bytes = Vec::new();
        m.write_to(&mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let v4 = text.replacen(&format!("5\t{}\n", "0".repeat(32)), "4\n", 1);
        assert!(v4.starts_with("vanban-manifest\t4\nd\t"), "{v4}");
        assert_eq!(Manifest::parse(v4.as_bytes()), Some(m));
    }

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

    #[test]
    fn the_outputs_of_an_older_manifest_are_kept() {
        let old = br#"{"version":3,"docs":{"2018/x.yaml":{"in":[1,2],"src":"a","built":{"key":"k","out":[[1,2],[3,4]],"h":["0123456789abcdef0123456789abcdef","ffffffffffffffffffffffffffffffffff"]}}},"outputs":{"2018/y.md":"00000000000000000000000000000000"}}"#;
        let got = outputs_of_older(old);
        let rels: Vec<&str> = got.iter().map(|(r, _)| &**r).collect();
        assert_eq!(rels, ["2018/x.docx", "2018/x.md", "2018/y.md"]);
    }
}
