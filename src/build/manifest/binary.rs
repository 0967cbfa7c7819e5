//! Version 6 of the manifest, the one vanban writes: binary, a few bytes per document
//! beyond its hashes, checked as a whole.
//!
//! ```text
//! "vanban-manifest\t6\n" <shared: 16 bytes>
//! <count> <record>...            documents, sorted by key, each key once
//! <count> (<path> <hash>)...      other outputs, sorted by path
//! <count> (<path> <stamp>)...     folders under the output folder, sorted by path
//! <CRC-32 of every byte above: 4 bytes, little-endian>
//! ```
//!
//! A count, a length, a stamp or a size is an unsigned LEB128 number; a *delta* is a field's
//! difference from the same field of the record before (wrapping, zigzag-coded, so that a
//! small step either way is one or two bytes); a *string* is written against the same
//! string of the record before as the number of bytes kept from its start, the number kept
//! from its end, and the length and bytes of what is between (`2018/ke-hoach-12.yaml` after
//! `2018/ke-hoach-11.yaml` is 3 bytes). Hashes are their 16 bytes.
//!
//! A record: its flags (a number: bits 0–2 the kind — 0 none, 1 `plan`, 2 `report`,
//! 3 `consolidated-report`, 4 `letter`, 7 another, whose text follows the key as a length
//! and bytes —, 3 it has a `number:` line, 4 it was built, 5 its outputs' hashes follow,
//! 6 it has a number, 7 its face follows, 8 it names an image, 9 its outputs were built
//! from another source than `src`); its key (a string); the YAML's size and modification
//! time (deltas) and hash; its face (what the other reports of its folder read of it,
//! 16 bytes, when bit 7); and when it was built: the outputs' key, the source (when bit 8),
//! the number (a string against the last number written), the `.md`'s size and time and the
//! `.docx`'s size (deltas from the last built record's), the `.docx`'s time (a delta from
//! this `.md`'s), then the two outputs' hashes (when bit 5).
//!
//! Anything that does not read exactly so (a wrong checksum, a truncated file, a bit that
//! no flag names, a length past the end, keys out of order, a byte left over) is no
//! manifest at all: every document is then built again.

use std::borrow::Cow;
use std::io::Write;

use super::{Built, Hash, Manifest, Record, Stamp};

pub(super) const MAGIC: &[u8] = b"vanban-manifest\t6\n";

const KINDS: [&str; 4] = ["plan", "report", "consolidated-report", "letter"];
const KIND_OTHER: u64 = 7;
const NUM: u64 = 1 << 3;
const BUILT: u64 = 1 << 4;
const HASHES: u64 = 1 << 5;
const NUMBER: u64 = 1 << 6;
const FACE: u64 = 1 << 7;
const IMG: u64 = 1 << 8;
const SOURCE: u64 = 1 << 9;
const ALL: u64 = (1 << 10) - 1;

/// What the record before left for the deltas and strings of the next.
#[derive(Default)]
struct Last {
    key: Vec<u8>,
    input: Stamp,
    number: Vec<u8>,
    md: Stamp,
    docx_size: u64,
}

/// Reads a manifest of this version; `None` for anything that is not one, whole. The keys
/// and numbers are decoded into `strings`, one after another, and the records borrow them
/// from there (one buffer, not a string each).
pub(super) fn parse<'a>(bytes: &[u8], strings: &'a mut String) -> Option<Manifest<'a>> {
    let (body, sum) = bytes.split_last_chunk::<4>()?;
    if crc32fast::hash(body) != u32::from_le_bytes(*sum) {
        return None;
    }
    let mut r = Reader {
        bytes: body.strip_prefix(MAGIC)?,
    };
    let mut m = Manifest {
        shared: Some(r.hash()?),
        version: 6,
        ..Manifest::default()
    };
    let mut last = Last::default();
    let mut scratch = Vec::new();
    let n = r.count()?;
    m.docs.reserve(n);
    strings.clear();
    // Where each record's key and number are in `strings`.
    let mut spans: Vec<[usize; 3]> = Vec::with_capacity(n);
    for i in 0..n {
        let rec = r.record(i == 0, &mut last, &mut scratch, strings, &mut spans)?;
        m.docs.push(rec);
    }
    let strings: &'a str = strings;
    for (rec, &[key, number, end]) in m.docs.iter_mut().zip(&spans) {
        rec.key = Cow::Borrowed(strings.get(key..number)?);
        if let Some(n) = rec.built.as_mut().and_then(|b| b.number.as_mut()) {
            *n = Cow::Borrowed(strings.get(number..end)?);
        }
    }
    let mut path = Vec::new();
    for _ in 0..r.count()? {
        let rel = r.owned(&mut path, &mut scratch)?;
        if m.outputs.last().is_some_and(|(p, _)| *p >= rel) {
            return None;
        }
        m.outputs.push((rel, r.hash()?));
    }
    path.clear();
    for _ in 0..r.count()? {
        let rel = r.owned(&mut path, &mut scratch)?;
        if m.folders.last().is_some_and(|(p, _)| *p >= rel) {
            return None;
        }
        m.folders.push((rel, r.number()?));
    }
    r.bytes.is_empty().then_some(m)
}

struct Reader<'b> {
    bytes: &'b [u8],
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    fn hash(&mut self) -> Option<Hash> {
        self.take(16)?.try_into().ok()
    }

    /// An unsigned LEB128 number of at most 64 bits, in its shortest form.
    fn number(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                return None;
            }
            n |= bits << shift;
            if b & 0x80 == 0 {
                // A last byte of 0 (after another) is not the shortest form.
                return (b != 0 || shift == 0).then_some(n);
            }
        }
        None
    }

    /// A count or a length: never more than the bytes left (each item takes one at least).
    fn count(&mut self) -> Option<usize> {
        usize::try_from(self.number()?)
            .ok()
            .filter(|n| *n <= self.bytes.len())
    }

    fn delta(&mut self, from: u64) -> Option<u64> {
        let z = self.number()?;
        let d = (z >> 1) ^ (z & 1).wrapping_neg();
        Some(from.wrapping_add(d))
    }

    /// A string written against `last`, which becomes it (`scratch` then holds the string
    /// before; the caller checks it is UTF-8).
    fn string(&mut self, last: &mut Vec<u8>, scratch: &mut Vec<u8>) -> Option<()> {
        // (What is kept is bounded by the string before, what is between by the bytes left.)
        let keep = usize::try_from(self.number()?).ok()?;
        let tail = usize::try_from(self.number()?).ok()?;
        let len = self.count()?;
        let mid = self.take(len)?;
        let from_end = last.len().checked_sub(tail)?;
        if keep > from_end {
            return None;
        }
        scratch.clear();
        scratch.extend_from_slice(&last[..keep]);
        scratch.extend_from_slice(mid);
        scratch.extend_from_slice(&last[from_end..]);
        std::mem::swap(last, scratch);
        Some(())
    }

    /// A string written against `last`, as its own.
    fn owned(&mut self, last: &mut Vec<u8>, scratch: &mut Vec<u8>) -> Option<Cow<'static, str>> {
        self.string(last, scratch)?;
        Some(Cow::Owned(String::from_utf8(last.clone()).ok()?))
    }

    /// A string written against `last`, added to `strings`.
    fn add_string(
        &mut self,
        last: &mut Vec<u8>,
        scratch: &mut Vec<u8>,
        strings: &mut String,
    ) -> Option<()> {
        self.string(last, scratch)?;
        strings.push_str(std::str::from_utf8(last).ok()?);
        Some(())
    }

    /// A record, its key and number added to `strings` (where they are: at the end of
    /// `spans`); they are left empty in the record. `None` too when its key does not come
    /// after the key before (unless it is the `first`).
    fn record(
        &mut self,
        first: bool,
        last: &mut Last,
        scratch: &mut Vec<u8>,
        strings: &mut String,
        spans: &mut Vec<[usize; 3]>,
    ) -> Option<Record<'static>> {
        let flags = self.number()?;
        let built = flags & BUILT != 0;
        if flags & !ALL != 0 || (!built && flags & (HASHES | NUMBER | SOURCE) != 0) {
            return None;
        }
        let at = strings.len();
        self.add_string(&mut last.key, scratch, strings)?;
        // Sorted, each key once (`scratch` holds the key before).
        if !first && last.key <= *scratch {
            return None;
        }
        let number_at = strings.len();
        let key = Cow::Borrowed("");
        let kind = match flags & 7 {
            0 => None,
            KIND_OTHER => {
                let len = self.count()?;
                let text = std::str::from_utf8(self.take(len)?).ok()?;
                Some(Cow::Owned(text.to_owned()))
            }
            k => Some(Cow::Borrowed(*KINDS.get(usize::try_from(k).ok()? - 1)?)),
        };
        let size = self.delta(last.input.0)?;
        let mtime = self.delta(last.input.1)?;
        last.input = Stamp(size, mtime);
        let src = self.hash()?;
        let face = if flags & FACE != 0 {
            Some(self.hash()?)
        } else {
            None
        };
        let mut rec = Record {
            key,
            input: last.input,
            src,
            kind,
            img: flags & IMG != 0,
            num: flags & NUM != 0,
            face,
            built: None,
        };
        if !built {
            spans.push([at, number_at, number_at]);
            return Some(rec);
        }
        let key = self.hash()?;
        let source = if flags & SOURCE != 0 {
            self.hash()?
        } else {
            src
        };
        let number = if flags & NUMBER != 0 {
            self.add_string(&mut last.number, scratch, strings)?;
            Some(Cow::Borrowed(""))
        } else {
            None
        };
        spans.push([at, number_at, strings.len()]);
        let md = Stamp(self.delta(last.md.0)?, self.delta(last.md.1)?);
        let docx_size = self.delta(last.docx_size)?;
        let docx = Stamp(docx_size, self.delta(md.1)?);
        (last.md, last.docx_size) = (md, docx_size);
        let hashes = if flags & HASHES != 0 {
            Some([self.hash()?, self.hash()?])
        } else {
            None
        };
        rec.built = Some(Built {
            key,
            source,
            number,
            outputs: [md, docx],
            hashes,
        });
        Some(rec)
    }
}

/// Writes the manifest in this version to `w`, streamed (never whole in memory). Records,
/// outputs and folders are written sorted, each once, whatever order `m` holds them in.
pub(super) fn write_to(m: &Manifest<'_>, w: &mut impl Write) -> std::io::Result<()> {
    let mut e = Encoder {
        w,
        buf: Vec::with_capacity(BUF + 512),
        crc: crc32fast::Hasher::new(),
    };
    e.buf.extend_from_slice(MAGIC);
    e.buf.extend_from_slice(&m.shared.unwrap_or_default());
    let docs = sorted(&m.docs, |r| &r.key);
    e.number(docs.len() as u64);
    let mut last = Last::default();
    for r in docs {
        e.record(r, &mut last);
        e.flush_some()?;
    }
    let mut path: &[u8] = &[];
    let outputs = sorted(&m.outputs, |(rel, _)| rel);
    e.number(outputs.len() as u64);
    for (rel, h) in outputs {
        e.string(path, rel.as_bytes());
        path = rel.as_bytes();
        e.buf.extend_from_slice(h);
        e.flush_some()?;
    }
    let mut path: &[u8] = &[];
    let folders = sorted(&m.folders, |(rel, _)| rel);
    e.number(folders.len() as u64);
    for (rel, stamp) in folders {
        e.string(path, rel.as_bytes());
        path = rel.as_bytes();
        e.number(*stamp);
    }
    e.crc.update(&e.buf);
    let sum = e.crc.clone().finalize();
    e.buf.extend_from_slice(&sum.to_le_bytes());
    e.w.write_all(&e.buf)
}

/// The items sorted by `key`, each key once (the first).
fn sorted<T>(items: &[T], key: impl Fn(&T) -> &Cow<'_, str>) -> Vec<&T> {
    let mut all: Vec<&T> = items.iter().collect();
    if !items.is_sorted_by(|a, b| key(a) < key(b)) {
        all.sort_by(|a, b| key(a).cmp(key(b)));
        all.dedup_by(|a, b| key(a) == key(b));
    }
    all
}

/// Bytes gathered before they are handed to the writer.
const BUF: usize = 64 * 1024;

struct Encoder<'w, W: Write> {
    w: &'w mut W,
    buf: Vec<u8>,
    crc: crc32fast::Hasher,
}

impl<W: Write> Encoder<'_, W> {
    fn flush_some(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= BUF {
            self.crc.update(&self.buf);
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn number(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.buf.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.buf.push(n as u8);
    }

    fn delta(&mut self, from: u64, to: u64) {
        let d = to.wrapping_sub(from);
        // Zigzag: 0, -1, 1, -2, … as 0, 1, 2, 3, …
        self.number((d << 1) ^ (d >> 63).wrapping_neg());
    }

    fn string(&mut self, last: &[u8], s: &[u8]) {
        let keep = last.iter().zip(s).take_while(|(a, b)| a == b).count();
        let tail = last[keep..]
            .iter()
            .rev()
            .zip(s[keep..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        self.number(keep as u64);
        self.number(tail as u64);
        let mid = &s[keep..s.len() - tail];
        self.number(mid.len() as u64);
        self.buf.extend_from_slice(mid);
    }

    fn record(&mut self, r: &Record<'_>, last: &mut Last) {
        let kind = match r.kind.as_deref() {
            None => 0,
            Some(k) => KINDS
                .iter()
                .position(|known| *known == k)
                .map_or(KIND_OTHER, |i| i as u64 + 1),
        };
        let mut flags = kind;
        for (set, bit) in [
            (r.num, NUM),
            (r.img, IMG),
            (r.face.is_some(), FACE),
            (r.built.is_some(), BUILT),
        ] {
            if set {
                flags |= bit;
            }
        }
        if let Some(b) = &r.built {
            for (set, bit) in [
                (b.hashes.is_some(), HASHES),
                (b.number.is_some(), NUMBER),
                (b.source != r.src, SOURCE),
            ] {
                if set {
                    flags |= bit;
                }
            }
        }
        self.number(flags);
        self.string(&last.key, r.key.as_bytes());
        last.key.clear();
        last.key.extend_from_slice(r.key.as_bytes());
        if let (KIND_OTHER, Some(k)) = (kind, &r.kind) {
            self.number(k.len() as u64);
            self.buf.extend_from_slice(k.as_bytes());
        }
        self.delta(last.input.0, r.input.0);
        self.delta(last.input.1, r.input.1);
        last.input = r.input;
        self.buf.extend_from_slice(&r.src);
        if let Some(face) = &r.face {
            self.buf.extend_from_slice(face);
        }
        let Some(b) = &r.built else { return };
        self.buf.extend_from_slice(&b.key);
        if b.source != r.src {
            self.buf.extend_from_slice(&b.source);
        }
        if let Some(n) = &b.number {
            self.string(&last.number, n.as_bytes());
            last.number.clear();
            last.number.extend_from_slice(n.as_bytes());
        }
        let [md, docx] = b.outputs;
        self.delta(last.md.0, md.0);
        self.delta(last.md.1, md.1);
        self.delta(last.docx_size, docx.0);
        self.delta(md.1, docx.1);
        (last.md, last.docx_size) = (md, docx.0);
        if let Some([hm, hd]) = &b.hashes {
            self.buf.extend_from_slice(hm);
            self.buf.extend_from_slice(hd);
        }
    }
}
