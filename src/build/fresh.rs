//! The cache keys (what every document depends on, each document's, what a report reads of
//! its plans folder) and which documents the manifest says are fresh: recorded with the same
//! key and their outputs as written.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::manifest::{Built, Hash, Manifest, Stamp};
use super::outputs::{split_dir, stem_of, targets};
use super::registries::Registries;
use super::scan::Doc;
use super::stamps::Folders;
use crate::compile::ProjectInputs;
use crate::project::RegistryRead;
use crate::templates::Templates;

pub(super) fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let modified_ns = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(Stamp(meta.len(), u64::try_from(modified_ns).ok()?))
}

/// Whether the outputs at `paths` are as `stamps` recorded them.
pub(super) fn outputs_unchanged(stamps: &[Stamp; 2], paths: &[PathBuf; 2]) -> bool {
    stamps
        .iter()
        .zip(paths)
        .all(|(s, p)| stamp(p).as_ref() == Some(s))
}

/// What a document of a plans folder reads of the folder (see [`ProjectInputs`]), as one
/// hash: its registry, and of every document its key and, when everything is read, its
/// hash, else (what a report reads) a plan's hash and the face of any other document.
pub(super) fn folder_key<'d>(
    registry: Option<&RegistryRead>,
    docs: impl Iterator<Item = &'d Doc<'d, 'd>>,
    reads: ProjectInputs,
) -> Hash {
    let mut h = Sha256::new();
    match registry {
        Some((Some(units), _)) => {
            h.update([1]);
            h.update(units.text.as_bytes());
        }
        Some((None, problems)) if !problems.is_empty() => h.update([2]),
        _ => h.update([0]),
    }
    for d in docs {
        h.update(d.input.path.as_os_str().as_encoded_bytes());
        h.update([0]);
        let face = match reads {
            ProjectInputs::PlansAndReportKeys => d.facts.face.as_ref(),
            ProjectInputs::All | ProjectInputs::None => None,
        };
        match (&d.facts.src, face) {
            (Ok(_), Some(face)) => h.update(face),
            (Ok(src), None) => h.update(src),
            (Err(_), _) => h.update(b"unreadable"),
        }
        h.update([0]);
    }
    short(h)
}

/// Hash of what every document depends on besides its own text: the tool itself (version
/// and executable, so a rebuilt vanban rebuilds the documents) and the templates in use.
pub(super) fn shared_key(templates: &Templates) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(s) = std::env::current_exe().ok().and_then(|exe| stamp(&exe)) {
        h.update(s.0.to_le_bytes());
        h.update(s.1.to_le_bytes());
    }
    for (name, text) in &templates.sources {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    h.finalize().to_vec()
}

/// The hashes vanban keeps: the first 128 bits of SHA-256 (a cache key and a check that a
/// file is still what vanban wrote, not a defence against forgery).
pub(super) fn digest(bytes: &[u8]) -> Hash {
    short(Sha256::new_with_prefix(bytes))
}

pub(super) fn short(h: Sha256) -> Hash {
    let mut out = [0u8; 16];
    out.copy_from_slice(&h.finalize()[..16]);
    out
}

/// What the manifest recorded of the outputs of `doc`, when the cache is used.
pub(super) fn recorded<'a, 'm>(
    doc: &Doc<'_, '_>,
    old: &'a Manifest<'m>,
    use_cache: bool,
) -> Option<&'a Built<'m>> {
    doc.rec
        .and_then(|j| old.docs[j].built.as_ref())
        .filter(|_| use_cache)
}

/// What the manifest read says of the keys.
pub(super) struct Recorded<'a, 'm> {
    pub(super) old: &'a Manifest<'m>,
    /// The hash of what every document depends on now.
    pub(super) shared: Hash,
    pub(super) use_cache: bool,
}

impl Recorded<'_, '_> {
    /// The key the manifest records for `doc` when it is what [`keys`] would make: the
    /// document reads nothing of its folder (a plan, a letter: its key covers only the
    /// shared part and its YAML) and names no image, the shared part is the one recorded and
    /// its outputs were built from this YAML.
    fn key(&self, doc: &Doc<'_, '_>, src: &Hash) -> Option<Hash> {
        let reads = ProjectInputs::of_kind(doc.facts.kind.as_deref());
        if !self.use_cache || reads != ProjectInputs::None || doc.facts.img {
            return None;
        }
        if self.old.shared != Some(self.shared) {
            return None;
        }
        let b = recorded(doc, self.old, self.use_cache)?;
        (b.source == *src).then_some(b.key)
    }
}

/// The first key of each document of the batch: everything but its images (the tool and
/// templates in `shared`, its key and hash, and what it reads of its plans folder: see
/// [`folder_key`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn keys(
    pool: &rayon::ThreadPool,
    shared: &[u8],
    roots: &[PathBuf],
    registries: &Registries,
    members: &[Vec<usize>],
    docs: &[Doc<'_, '_>],
    batch: &[usize],
    recorded: Recorded<'_, '_>,
) -> Vec<Option<Hash>> {
    // Each key of a folder is made when a document of the batch reads it.
    let folder_keys: Vec<[Option<Hash>; 2]> = (0..roots.len())
        .map(|r| {
            let reads = |what: ProjectInputs| {
                batch.iter().any(|&d| {
                    docs[d].root == r
                        && ProjectInputs::of_kind(docs[d].facts.kind.as_deref()) == what
                })
            };
            let key = |what: ProjectInputs| {
                reads(what).then(|| {
                    let docs = members[r].iter().map(|&d| &docs[d]);
                    folder_key(registries.get(r, &roots[r]), docs, what)
                })
            };
            [
                key(ProjectInputs::PlansAndReportKeys),
                key(ProjectInputs::All),
            ]
        })
        .collect();
    let prefix = Sha256::new_with_prefix(shared);
    // First key of each input: everything but images.
    pool.install(|| {
        batch
            .par_iter()
            .map(|&d| {
                let doc = &docs[d];
                let src = doc.facts.src.as_ref().ok()?;
                if let Some(key) = recorded.key(doc, src) {
                    return Some(key);
                }
                let mut h = prefix.clone();
                h.update(doc.key.as_bytes());
                h.update([0]);
                h.update(src);
                let [some, all] = &folder_keys[doc.root];
                let folder = match ProjectInputs::of_kind(doc.facts.kind.as_deref()) {
                    ProjectInputs::None => None,
                    ProjectInputs::PlansAndReportKeys => some.as_ref(),
                    ProjectInputs::All => all.as_ref(),
                };
                if let Some(k) = folder {
                    h.update(k);
                }
                Some(short(h))
            })
            .collect()
    })
}

/// What the manifest records of the outputs of `doc` when they were made with `key` (and
/// it names no image, whose files are not stat-ed here): they are fresh if still as written.
fn built_with<'a, 'm>(
    doc: &Doc<'_, '_>,
    key: &Option<Hash>,
    old: &'a Manifest<'m>,
    use_cache: bool,
) -> Option<&'a Built<'m>> {
    recorded(doc, old, use_cache).filter(|b| !doc.facts.img && *key == Some(b.key))
}

/// The positions in the batch of the documents that are built whatever their outputs are:
/// not recorded with the key they have now (every one, without the cache).
pub(super) fn changed(
    docs: &[Doc<'_, '_>],
    batch: &[usize],
    keys: &[Option<Hash>],
    old: &Manifest<'_>,
    use_cache: bool,
) -> Vec<usize> {
    batch
        .iter()
        .zip(keys)
        .enumerate()
        .filter(|(_, (&d, key))| built_with(&docs[d], key, old, use_cache).is_none())
        .map(|(i, _)| i)
        .collect()
}

/// Whether each document of the batch is fresh: recorded with the same key (and no images),
/// its outputs as written (each stat-ed once).
pub(super) fn fresh(
    pool: &rayon::ThreadPool,
    out: &Path,
    docs: &[Doc<'_, '_>],
    batch: &[usize],
    keys: &[Option<Hash>],
    old: &Manifest<'_>,
    use_cache: bool,
) -> Vec<bool> {
    if !use_cache {
        return vec![false; batch.len()];
    }
    // The outputs' folders, each opened once (from the key, where it spells the outputs'
    // paths), and each output stat-ed by its name in it.
    let split = |d: usize| match &docs[d].key {
        Cow::Borrowed(key) => Some(split_dir(stem_of(key))),
        Cow::Owned(_) => None,
    };
    let folders = Folders::of_files(
        batch
            .iter()
            .map(|&d| OsStr::new(split(d).map_or("", |(dir, _)| dir))),
        |dir| out.join(dir),
    );
    pool.install(|| {
        batch
            .par_iter()
            .zip(keys)
            .zip(&folders.of)
            .map_init(String::new, |name, ((&d, key), &folder)| {
                let doc = &docs[d];
                built_with(doc, key, old, use_cache).is_some_and(|b| {
                    let Some((_, stem)) = split(d) else {
                        return outputs_unchanged(&b.outputs, &targets(out, doc));
                    };
                    let folder = &folders.folders[folder];
                    ["md", "docx"].iter().zip(&b.outputs).all(|(x, s)| {
                        name.clear();
                        name.push_str(stem);
                        name.push('.');
                        name.push_str(x);
                        folder.stamp(OsStr::new(name.as_str())).as_ref() == Some(s)
                    })
                })
            })
            .collect()
    })
}
