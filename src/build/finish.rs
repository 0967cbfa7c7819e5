//! The end of a build: orphans removed (only while they are what vanban wrote), leftover
//! temporary files removed, outputs nobody recorded warned about, and the manifest written
//! when it changed.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use super::gather::{Acc, Made};
use super::manifest::{self, Hash, Manifest, Record};
use super::options::{Options, MANIFEST};
use super::outputs::{output_rels, rel_to, split_dir, stem_of, verify, Verified};
use super::scan::Doc;
use super::summary::Problem;
use super::walk_out::{walk_out, Found};
use crate::error::Diagnostic;
use crate::load;

/// Removes (or, with `--check`, lists) orphans and leftover temporary files, and writes the
/// manifest when it changed.
pub(super) fn finish<'a>(
    opts: &Options,
    docs: &[Doc<'_, '_>],
    batch: &[usize],
    mut acc: Acc<'a>,
    old: &Manifest<'_>,
    shared: Hash,
) -> Acc<'a> {
    // Orphans are only judged over whole plans folders, never over a part or a shard.
    let whole = !opts.validate_only
        && opts.shard.is_none_or(|(_, n)| n == 1)
        && opts
            .paths
            .iter()
            .all(|p| p.is_dir() && load::plans_root_of_dir(p) == *p);
    // The names the outputs of the inputs share (`2018/x` for `2018/x.md`); made only when
    // something is to be looked up in it.
    let stems: std::sync::OnceLock<foldhash::HashSet<&str>> = std::sync::OnceLock::new();
    let expected = |rel: &str| {
        let is_output = rel.ends_with(".md") || rel.ends_with(".docx");
        is_output
            && stems
                .get_or_init(|| batch.iter().map(|&d| stem_of(&docs[d].key)).collect())
                .contains(stem_of(rel))
    };
    let mut matched = vec![false; old.docs.len()];
    for d in docs {
        if let Some(j) = d.rec {
            matched[j] = true;
        }
    }
    // What the manifest records of outputs no document record here carries: records of
    // other outputs, and of documents that are gone. Of a whole batch, those no input makes
    // any more are orphans; the rest stay recorded.
    let mut kept: BTreeMap<Cow<'_, str>, Hash> = BTreeMap::new();
    let mut orphans: BTreeMap<String, Hash> = BTreeMap::new();
    let gone = old
        .docs
        .iter()
        .zip(&matched)
        .filter(|(_, m)| whole && !**m)
        .filter_map(|(r, _)| Some((r, r.built.as_ref()?.hashes?)))
        .flat_map(|(r, hs)| output_rels(&r.key).into_iter().map(Cow::Owned).zip(hs));
    for (rel, h) in old.outputs.iter().cloned().chain(gone) {
        if !whole || expected(&rel) {
            kept.insert(rel, h);
        } else {
            orphans.insert(rel.into_owned(), h);
        }
    }
    let mut warnings = Vec::new();
    for (rel, h) in &orphans {
        match verify(&opts.out, rel, h) {
            Verified::Gone => {}
            Verified::Ours(path) if opts.check => {
                acc.summary.problems.push(Problem::Orphaned(path))
            }
            Verified::Ours(path) => match std::fs::remove_file(&path) {
                Ok(()) => acc.summary.removed.push(path),
                Err(e) => warnings.push(Diagnostic::warning(
                    &path,
                    format!("no input makes this output any more, and it cannot be removed: {e}"),
                )),
            },
            Verified::Changed(path) => warnings.push(
                Diagnostic::warning(
                    &path,
                    "no input makes this output any more, but it changed since vanban wrote it: kept",
                )
                .hint("delete it if it is not needed; vanban removes only files it wrote, unchanged"),
            ),
        }
    }
    // Whether the manifest read records `rel` as vanban's (asked only of unexpected pairs).
    let was_recorded = |rel: &str| {
        old.outputs.iter().any(|(r, _)| r == rel)
            || old.docs.iter().any(|r| {
                r.built.as_ref().is_some_and(|b| b.hashes.is_some())
                    && output_rels(&r.key).iter().any(|o| o == rel)
            })
    };
    // One walk of the output folder: temporary files of killed builds, and outputs no input
    // makes that vanban has no record of writing (kept; said once). The folders the last
    // whole build listed and found nothing in are not listed again while no entry of theirs
    // changed and no document is gone (what is expected has not shrunk).
    let trust = whole && !opts.check && !opts.force && matched.iter().all(|m| *m);
    let trusted = if trust { &old.folders[..] } else { &[] };
    let walk = || walk_out(&opts.out, &|rel| !whole || expected(rel), trusted);
    // `vanban check` has no outputs. A build's records are made while the output folder is
    // walked (the walk touches no file); `--check` writes no record.
    let (records, (walked, listed)) = if opts.validate_only {
        (None, (Vec::new(), Vec::new()))
    } else {
        std::thread::scope(|s| {
            let walking = s.spawn(walk);
            let records =
                (!opts.check).then(|| records(docs, &mut acc, old, whole, &matched, &mut kept));
            let walked = walking
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (records, walked)
        })
    };
    for found in walked {
        match found {
            Found::Leftover(path) if opts.check => {
                acc.summary.problems.push(Problem::Leftover(path))
            }
            Found::Leftover(path) => {
                if std::fs::remove_file(&path).is_ok() {
                    acc.summary.removed.push(path);
                }
            }
            Found::Pair(path) => {
                let rel = rel_to(&opts.out, &path).unwrap_or_default();
                if !was_recorded(&rel) {
                    warnings.push(
                        Diagnostic::warning(
                            &path,
                            "no input makes this output (and its .docx), and vanban has no record of writing it: kept",
                        )
                        .hint("delete both files if they are old outputs; vanban only removes outputs its manifest records"),
                    );
                }
            }
        }
    }
    for d in warnings {
        acc.diagnostic(d);
    }
    let Some(records) = records else {
        return acc;
    };
    // A document with no record here (its YAML could not be read): the folder of its
    // outputs is listed next time (what is expected there may shrink unseen).
    let unrecorded: HashSet<&str> = batch
        .iter()
        .filter(|&&d| docs[d].stamp.is_none() || docs[d].facts.src.is_err())
        .map(|&d| split_dir(stem_of(&docs[d].key)).0)
        .collect();
    let folders = if whole {
        listed
            .into_iter()
            .map(|(rel, stamp)| {
                let dir = rel.strip_suffix('/').unwrap_or("");
                let stamp = if unrecorded.contains(dir) { 0 } else { stamp };
                (Cow::Owned(rel), stamp)
            })
            .collect()
    } else {
        old.folders.clone()
    };
    let next = Manifest {
        docs: records,
        outputs: kept.into_iter().collect(),
        shared: Some(shared),
        folders,
        version: manifest::VERSION,
    };
    if acc.summary.removed.is_empty() && next == *old {
        return acc;
    }
    // The manifest is a cache: failing to write it costs speed, not correctness.
    let _ = manifest::write(&opts.out, MANIFEST, &next);
    acc
}

/// One record per document scanned: the outputs of those built now, those the manifest
/// records of the unchanged, and (of a part of the batch) what earlier builds recorded of
/// the others. The outputs the records do not carry are left in `kept`.
fn records<'r>(
    docs: &'r [Doc<'_, '_>],
    acc: &mut Acc<'_>,
    old: &'r Manifest<'_>,
    whole: bool,
    matched: &[bool],
    kept: &mut BTreeMap<Cow<'r, str>, Hash>,
) -> Vec<Record<'r>> {
    let mut records: Vec<Record<'_>> = Vec::with_capacity(docs.len());
    for (d, doc) in docs.iter().enumerate() {
        let (Some(input), Ok(src)) = (doc.stamp, &doc.facts.src) else {
            continue;
        };
        let rec = doc.rec.map(|j| &old.docs[j]);
        let made = std::mem::replace(&mut acc.made[d], Made::Nothing);
        let keeps = matches!(made, Made::Recorded) || (matches!(made, Made::Nothing) && !whole);
        // Nothing changed: the record is the one read.
        if let Some(r) = rec.filter(|r| {
            keeps
                && r.input == input
                && r.src == *src
                && r.kind == doc.facts.kind
                && (r.img, r.num, r.face) == (doc.facts.img, doc.facts.num, doc.facts.face)
        }) {
            records.push(r.borrowed());
            continue;
        }
        let earlier = || rec.and_then(|r| Some(r.built.as_ref()?.borrowed()));
        let built = match made {
            Made::Now(b) => Some(b),
            Made::Recorded => earlier(),
            Made::Nothing if !whole => earlier(),
            Made::Nothing => None,
        };
        if built.as_ref().is_none_or(|b| b.hashes.is_none()) {
            let hs = rec.and_then(|r| r.built.as_ref()?.hashes);
            for (rel, h) in output_rels(&doc.key)
                .into_iter()
                .zip(hs.into_iter().flatten())
            {
                kept.entry(Cow::Owned(rel)).or_insert(h);
            }
        }
        records.push(Record {
            key: Cow::Borrowed(&doc.key),
            input,
            src: *src,
            kind: doc.facts.kind.clone(),
            img: doc.facts.img,
            num: doc.facts.num,
            face: doc.facts.face,
            built,
        });
    }
    if !whole {
        records.extend(
            old.docs
                .iter()
                .zip(matched)
                .filter(|(_, m)| !**m)
                .map(|(r, _)| r.borrowed()),
        );
    }
    if !records.is_sorted_by(|a, b| a.key <= b.key) {
        records.sort_by(|a, b| a.key.cmp(&b.key));
    }
    records.dedup_by(|a, b| a.key == b.key);
    for (rel, h) in std::mem::take(&mut acc.loose) {
        kept.insert(Cow::Owned(rel), h);
    }
    // An output a record carries is not recorded again apart.
    if !kept.is_empty() {
        for r in &records {
            if r.built.as_ref().is_some_and(|b| b.hashes.is_some()) {
                for rel in output_rels(&r.key) {
                    kept.remove(rel.as_str());
                }
            }
        }
    }
    records
}
