//! The manifest kept in the output folder: one record per document (what the last scan
//! learnt of its YAML, and the key and stamps of the outputs it last made, with their content
//! hashes), one per other output vanban wrote, and one per folder under the output folder
//! (when its last listing found nothing to report: see `walk_out`). A cache: one that cannot
//! be read is ignored, as if absent, and every document is built again.
//!
//! vanban writes version 6 (`binary`: a few bytes per document beyond its hashes, checked as
//! a whole by a CRC-32) and reads versions 4 and 5 (`text`, tab-separated lines) whole, so
//! an upgrade rebuilds nothing. `shared` is the hash of what every document depends on (the
//! tool, the templates, the project file): while it is the one recorded, a plan whose YAML
//! is as recorded has the key recorded, not hashed again.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

mod binary;
mod text;

/// The hashes vanban keeps: the first 128 bits of SHA-256.
pub(super) type Hash = [u8; 16];

/// Size and modification time (ns since the epoch) of a file, to notice it was changed or
/// deleted by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
}

impl Record<'_> {
    /// The same record, borrowing its strings from this one (nothing copied).
    pub(crate) fn borrowed(&self) -> Record<'_> {
        Record {
            key: Cow::Borrowed(&self.key),
            input: self.input,
            src: self.src,
            kind: self.kind.as_deref().map(Cow::Borrowed),
            img: self.img,
            num: self.num,
            face: self.face,
            built: self.built.as_ref().map(Built::borrowed),
        }
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

impl Built<'_> {
    /// The same outputs, borrowing the number from these (nothing copied).
    pub(crate) fn borrowed(&self) -> Built<'_> {
        Built {
            key: self.key,
            source: self.source,
            number: self.number.as_deref().map(Cow::Borrowed),
            outputs: self.outputs,
            hashes: self.hashes,
        }
    }
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
    /// The version of the format it was read in (0: none read): one of an older version is
    /// written again in this one.
    pub(crate) version: u8,
}

/// The version of the format vanban writes.
pub(super) const VERSION: u8 = 6;

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

    /// Reads a manifest of a version vanban reads whole (6, 5 or 4); `None` for anything
    /// else (another version, a damaged or truncated file). Its strings borrow from `bytes`
    /// or, where they are not spelt whole there, from `strings`.
    pub(crate) fn parse(bytes: &'a [u8], strings: &'a mut String) -> Option<Manifest<'a>> {
        if bytes.starts_with(binary::MAGIC) {
            binary::parse(bytes, strings)
        } else {
            text::parse(bytes)
        }
    }

    /// The manifest as it is written (version 6).
    pub(crate) fn write_to(&self, w: &mut impl Write) -> std::io::Result<()> {
        binary::write_to(self, w)
    }
}

/// The manifest `bytes` (of any version [`Manifest::parse`] reads) as version 5's text, one
/// line per record; `None` when they are not one.
pub(super) fn as_text(bytes: &[u8]) -> Option<String> {
    Manifest::parse(bytes, &mut String::new()).map(|m| text::write(&m))
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
    let short = |h: &str| text::hash(h.get(..32)?);
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

/// Writes the manifest atomically (a temporary file renamed over it), streamed (never whole
/// in memory).
pub(super) fn write(out: &Path, name: &str, m: &Manifest<'_>) -> std::io::Result<()> {
    let path = out.join(name);
    std::fs::create_dir_all(out)?;
    let (tmp, mut f) = crate::write::create_temp(out, name)?;
    let mut result = m.write_to(&mut f);
    drop(f);
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
                },
                Record {
                    key: "2019/công văn.yaml".into(),
                    input: Stamp(u64::MAX, 0),
                    src: [12; 16],
                    kind: Some("circular".into()),
                    img: false,
                    num: true,
                    face: Some([16; 16]),
                    built: Some(Built {
                        key: [3; 16],
                        source: [12; 16],
                        number: Some("2019 7 CV SYT".into()),
                        outputs: [Stamp(0, u64::MAX), Stamp(u64::MAX, 1)],
                        hashes: Some([[13; 16], [14; 16]]),
                    }),
                },
                Record {
                    key: "2019/l.yaml".into(),
                    input: Stamp(5, 6),
                    src: [15; 16],
                    kind: Some("letter".into()),
                    img: false,
                    num: false,
                    face: Some([17; 16]),
                    built: None,
                },
            ],
            outputs: vec![
                ("2018/old\n.md".into(), [12; 16]),
                ("2018/p.md".into(), [1; 16]),
            ],
            shared: Some([13; 16]),
            // (The last folder keeps more of the one before than there are bytes after it.)
            folders: vec![
                ("".into(), 0),
                ("2018/".into(), 1_700_000_000_123_456_789),
                ("2018/bao-cao/".into(), 0),
                ("2018/bao-cao/quy-1/".into(), 0),
            ],
            version: VERSION,
        }
    }

    /// The manifest read from `bytes`, every string its own.
    fn parse(bytes: &[u8]) -> Option<Manifest<'static>> {
        let own = |s: &Cow<'_, str>| -> Cow<'static, str> { Cow::Owned(s.to_string()) };
        let mut strings = String::new();
        let m = Manifest::parse(bytes, &mut strings)?;
        Some(Manifest {
            docs: m
                .docs
                .iter()
                .map(|r| Record {
                    key: own(&r.key),
                    kind: r.kind.as_ref().map(own),
                    built: r.built.as_ref().map(|b| Built {
                        number: b.number.as_ref().map(own),
                        ..b.borrowed()
                    }),
                    ..*r
                })
                .collect(),
            outputs: m.outputs.iter().map(|(p, h)| (own(p), *h)).collect(),
            folders: m.folders.iter().map(|(p, s)| (own(p), *s)).collect(),
            ..m
        })
    }

    fn bytes_of(m: &Manifest<'_>) -> Vec<u8> {
        let mut bytes = Vec::new();
        m.write_to(&mut bytes).unwrap();
        bytes
    }

    /// The bytes with their checksum made again (a damage the checksum cannot see).
    fn summed(mut body: Vec<u8>) -> Vec<u8> {
        let sum = crc32fast::hash(&body);
        body.extend_from_slice(&sum.to_le_bytes());
        body
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let m = sample();
        let bytes = bytes_of(&m);
        assert!(bytes.starts_with(b"vanban-manifest\t6\n"));
        let back = parse(&bytes).expect("parses");
        assert_eq!(back, m);
        // Written again: the same bytes.
        assert_eq!(bytes_of(&back), bytes);
        assert_eq!(back.get("2018/b.yaml").map(|r| r.src), Some([9; 16]));
        assert!(back.get("2018/z.yaml").is_none());
        // Borrowed, the same record.
        assert_eq!(back.docs[0].borrowed(), back.docs[0]);
    }

    #[test]
    fn the_same_manifest_in_another_order_is_the_same_bytes() {
        let m = sample();
        let mut shuffled = sample();
        shuffled.docs.reverse();
        shuffled.docs.push(m.docs[1].clone());
        shuffled.outputs.reverse();
        shuffled.folders.reverse();
        assert_eq!(bytes_of(&shuffled), bytes_of(&m));
    }

    #[test]
    fn a_truncated_or_bit_flipped_manifest_is_none() {
        let bytes = bytes_of(&sample());
        for len in 0..bytes.len() {
            assert!(parse(&bytes[..len]).is_none(), "cut at {len}");
        }
        for at in 0..bytes.len() {
            for bit in 0..8 {
                let mut b = bytes.clone();
                b[at] ^= 1 << bit;
                assert!(parse(&b).is_none(), "bit {bit} of byte {at}");
            }
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(parse(&longer).is_none());
    }

    #[test]
    fn a_manifest_that_does_not_read_exactly_is_none_even_with_its_checksum() {
        let bytes = bytes_of(&sample());
        let body = bytes[..bytes.len() - 4].to_vec();
        assert!(parse(&summed(body.clone())).is_some());
        // A byte left over.
        let mut extra = body.clone();
        extra.push(0);
        assert!(parse(&summed(extra)).is_none());
        // Cut short, the checksum made again: every length.
        for len in 0..body.len() {
            assert!(parse(&summed(body[..len].to_vec())).is_none(), "{len}");
        }
        // The first record's flags (after the header, the shared hash and the count): a
        // bit no flag names, a kind that has no code, hashes without a build.
        let flags = binary::MAGIC.len() + 16 + 1;
        assert_eq!(
            body[flags],
            1 | 8 | 16 | 32 | 64,
            "the sample's first record"
        );
        let mut b = body.clone();
        b[flags] = (body[flags] & !7) | 5;
        assert!(parse(&summed(b)).is_none(), "kind 5");
        // Bit 10 (the flags then take two bytes), and the same flags in two bytes where one
        // does (not the shortest form).
        for second in [1 << 3, 0] {
            let mut b = body.clone();
            b.splice(flags..=flags, [body[flags] | 0x80, second]);
            assert!(parse(&summed(b)).is_none(), "{second}");
        }
        let mut b = body.clone();
        b[flags] = 1 | 32;
        assert!(parse(&summed(b)).is_none());
        // Keys out of order, or twice: the second key of two is written as its one byte
        // that differs from the first.
        let two = |second: &'static str| Manifest {
            docs: ["a.yaml", second]
                .map(|key| Record {
                    key: key.into(),
                    input: Stamp(1, 2),
                    src: [1; 16],
                    kind: None,
                    img: false,
                    num: false,
                    face: None,
                    built: None,
                })
                .into(),
            ..Manifest::default()
        };
        let b = bytes_of(&two("b.yaml"));
        let at = b.iter().rposition(|&c| c == b'b').unwrap();
        for (c, ok) in [(b'c', true), (b'a', false), (b'0', false)] {
            let mut body = b[..b.len() - 4].to_vec();
            body[at] = c;
            assert_eq!(parse(&summed(body)).is_some(), ok, "{}", c as char);
        }
    }

    #[test]
    fn a_manifest_of_version_5_is_read_whole_and_written_as_6() {
        let m = sample();
        let v5 = text::write(&m);
        assert!(v5.starts_with("vanban-manifest\t5\t0d0d"), "{v5}");
        let back = parse(v5.as_bytes()).expect("parses");
        assert_eq!(back.version, 5);
        assert_eq!(
            Manifest {
                version: VERSION,
                ..back
            },
            m
        );
        assert_eq!(as_text(&bytes_of(&m)).as_deref(), Some(v5.as_str()));
        let v6 = bytes_of(&parse(v5.as_bytes()).unwrap());
        assert_eq!(v6, bytes_of(&m));
    }

    #[test]
    fn a_damaged_or_other_text_manifest_is_none() {
        let text = text::write(&sample());
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
            assert!(parse(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_manifest_of_version_4_is_read_whole() {
        let mut m = sample();
        m.shared = None;
        m.folders.clear();
        let text = text::write(&m);
        let v4 = text.replacen(&format!("5\t{}\n", "0".repeat(32)), "4\n", 1);
        assert!(v4.starts_with("vanban-manifest\t4\nd\t"), "{v4}");
        m.version = 4;
        assert_eq!(parse(v4.as_bytes()), Some(m));
    }

    /// A tree as a build writes it: plans one after another, their outputs a few ms apart.
    #[test]
    fn a_document_takes_a_few_bytes_beyond_its_hashes() {
        let n = 10_000u64;
        let docs = (0..n)
            .map(|i| Record {
                key: format!("{:03}/plan-{i:05}.yaml", i / 1000).into(),
                input: Stamp(22_340 + i % 7, 1_796_152_318_861_031_541 + i * 110_000),
                src: [1; 16],
                kind: Some("plan".into()),
                img: false,
                num: true,
                face: None,
                built: Some(Built {
                    key: [2; 16],
                    source: [1; 16],
                    number: Some(format!("2018 {} KH SYT", i + 1).into()),
                    outputs: [
                        Stamp(16_380 + i % 3, 1_796_152_320_870_618_333 + i * 4_200_000),
                        Stamp(13_050 + i % 5, 1_796_152_320_870_684_607 + i * 4_200_000),
                    ],
                    hashes: Some([[3; 16], [4; 16]]),
                }),
            })
            .collect();
        let m = Manifest {
            docs,
            shared: Some([0; 16]),
            version: VERSION,
            ..Manifest::default()
        };
        let bytes = bytes_of(&m);
        let beyond = (bytes.len() as u64 - n * 4 * 16) as f64 / n as f64;
        assert!(
            beyond < 24.0,
            "{beyond} bytes per document beyond its hashes"
        );
        assert_eq!(parse(&bytes), Some(m));
    }

    #[test]
    fn the_outputs_of_an_older_manifest_are_kept() {
        let old = br#"{"version":3,"docs":{"2018/x.yaml":{"in":[1,2],"src":"a","built":{"key":"k","out":[[1,2],[3,4]],"h":["0123456789abcdef0123456789abcdef","ffffffffffffffffffffffffffffffffff"]}}},"outputs":{"2018/y.md":"00000000000000000000000000000000"}}"#;
        let got = outputs_of_older(old);
        let rels: Vec<&str> = got.iter().map(|(r, _)| &**r).collect();
        assert_eq!(rels, ["2018/x.docx", "2018/x.md", "2018/y.md"]);
    }
}
