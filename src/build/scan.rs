//! The scan: the plans folders listed and each document stat-ed; a document whose size or
//! modification time is not the manifest's is read once ([`scan_one`]) for its hash and the
//! few facts the batch needs.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::Digest;

use super::fresh::{digest, stamp};
use super::manifest::{self, Hash, Manifest, Stamp};
use super::options::Options;
use super::stamps::Folders;
use crate::load::{self, Input};
use crate::validate;

/// One document of the plans folders, as the scan found it.
pub(super) struct Doc<'i, 'm> {
    pub(super) input: &'i Input,
    /// Its key: the path relative to its plans folder, with `/`.
    pub(super) key: Cow<'i, str>,
    /// Index of its plans folder.
    pub(super) root: usize,
    /// Its size and modification time now (`None`: it cannot be stat-ed).
    pub(super) stamp: Option<Stamp>,
    /// Index of its record in the manifest read.
    pub(super) rec: Option<usize>,
    pub(super) facts: Facts<'m>,
}

/// What the scan learnt of a document's YAML: the record's when its stamp is as recorded,
/// else what one read of the file gives.
pub(super) struct Facts<'m> {
    /// Hash of its bytes, or the read error.
    pub(super) src: Result<Hash, String>,
    /// The `kind` line's value, when it has a plain one.
    pub(super) kind: Option<Cow<'m, str>>,
    /// It names a signature or seal image (which is then part of its input).
    pub(super) img: bool,
    /// It has a `number:` line (so it takes part in the duplicate-number check).
    pub(super) num: bool,
    /// For a document that is not a plan, what the other reports of its folder read of it
    /// (see [`face`]).
    pub(super) face: Option<Hash>,
    /// Read now: its number key (`Some(None)`: none), for the duplicate check.
    pub(super) number: Option<Option<String>>,
    /// Read now: its text, taken by the project (a report) or by its build instead of
    /// reading the file again. Kept for every report, and for other documents while the
    /// texts kept stay within [`KEEP_TEXTS`] (a rebuild after a few edits reads each once).
    pub(super) text: std::sync::Mutex<Option<String>>,
}

impl Doc<'_, '_> {
    pub(super) fn is_report(&self) -> bool {
        is_report(self.facts.kind.as_deref())
    }
}

/// Reads the document (when its stamp is not the recorded one): its hash and the few facts
/// the batch needs, and, for a report, its text. Memory does not grow with the plans.
pub(super) fn scan_one<'m>(path: &Path, budget: &std::sync::atomic::AtomicUsize) -> Facts<'m> {
    let bytes = match load::read_bytes(path) {
        Ok(b) => b,
        Err(d) => {
            return Facts {
                src: Err(d.message),
                kind: None,
                img: false,
                num: false,
                face: None,
                number: None,
                text: std::sync::Mutex::new(None),
            }
        }
    };
    let hash = digest(&bytes);
    let decoded = crate::read::decode(&bytes, path).ok();
    let text: Cow<'_, str> = match &decoded {
        Some(t) => Cow::Borrowed(t),
        None => String::from_utf8_lossy(&bytes),
    };
    // Its kind, number and image keys as the YAML parser reads them; what cannot be told
    // counts as there.
    let head = crate::head::read(&text, crate::head::Want::All);
    let kind = head.kind.text().map(|k| Cow::Owned(k.to_string()));
    let img = head.images || !head.complete;
    let num = head.has_number || !head.complete;
    let number = num.then(|| {
        let text = decoded.as_deref()?;
        let key = match validate::head_number_key(&head) {
            Some(key) => key,
            None => validate::number_key(&load::parse(text, path).ok()?),
        };
        key.as_ref().map(manifest::number_text)
    });
    let face = is_report(kind.as_deref()).then(|| face(decoded.as_deref(), &hash));
    let size = decoded.as_ref().map_or(0, String::len);
    let keep = is_report(kind.as_deref()) || {
        use std::sync::atomic::Ordering::Relaxed;
        budget
            .fetch_update(Relaxed, Relaxed, |left| left.checked_sub(size))
            .is_ok()
    };
    Facts {
        src: Ok(hash),
        kind,
        img,
        num,
        face,
        number,
        text: std::sync::Mutex::new(if keep { decoded } else { None }),
    }
}

pub(super) fn is_report(kind: Option<&str>) -> bool {
    !matches!(kind, Some("plan"))
}

/// What the other reports of its plans folder read of a document that is not a plan (see
/// [`crate::compile::ProjectInputs::PlansAndReportKeys`]): its kind, and of a report its
/// unit, plan, period and year, as written. When they cannot be told from the text alone (a
/// collection, an alias, a tag, a text that is not a mapping), its whole text: `src`.
pub(super) fn face(text: Option<&str>, src: &Hash) -> Hash {
    use crate::head::Fact;
    let names = ["kind", "unit", "plan", "period", "year"];
    let facts = text.and_then(|t| crate::head::top_scalars(t, names));
    let Some(facts) = facts.filter(|f| !f.contains(&Fact::Other)) else {
        return *src;
    };
    let mut h = sha2::Sha256::new_with_prefix(b"face\0");
    for fact in &facts {
        match fact {
            Fact::Absent | Fact::Other => h.update([0]),
            Fact::Text(s) | Fact::Quoted(s) => {
                h.update([1]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            Fact::Int(n) => {
                h.update([2]);
                h.update(n.to_le_bytes());
            }
        }
    }
    super::fresh::short(h)
}

/// Bytes of the texts of documents other than reports that the scan keeps for their build.
pub(super) const KEEP_TEXTS: usize = 2 * 1024 * 1024;

/// The document key of an input: its path relative to its plans folder, with `/`.
pub(super) fn rel_key(input: &Input) -> Cow<'_, str> {
    let s = input.rel.to_string_lossy();
    if s.contains('\\') {
        Cow::Owned(s.replace('\\', "/"))
    } else {
        s
    }
}

/// The plans folders of the paths (each once), and the documents of each folder that is not
/// itself one of the paths (it is walked; the inputs found under the paths are not walked
/// again).
pub(super) fn folders(opts: &Options) -> (Vec<PathBuf>, Vec<Vec<Input>>) {
    let roots: Vec<PathBuf> = opts
        .paths
        .iter()
        .map(|p| load::project_root(p))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let walked: Vec<Vec<Input>> = roots
        .iter()
        .map(|root| {
            if opts.paths.contains(root) {
                Vec::new()
            } else {
                load::discover(std::slice::from_ref(root)).unwrap_or_default()
            }
        })
        .collect();
    (roots, walked)
}

/// Every document of the plans folders, stat-ed and (when not as recorded) read, and the
/// document of each input of `all`.
pub(super) fn scan<'i, 'm>(
    pool: &rayon::ThreadPool,
    opts: &Options,
    all: &'i [Input],
    roots: &[PathBuf],
    walked: &'i [Vec<Input>],
    old: &Manifest<'m>,
    use_cache: bool,
) -> (Vec<Doc<'i, 'm>>, Vec<Option<usize>>) {
    let root_of = |input: &Input| -> Option<usize> {
        if let [root] = roots {
            return is_under(&input.path, root).then_some(0);
        }
        roots
            .iter()
            .enumerate()
            .filter(|(_, root)| input.path.starts_with(root))
            .max_by_key(|(_, root)| root.components().count())
            .map(|(r, _)| r)
    };
    let mut listed: Vec<(&Input, usize)> = Vec::with_capacity(all.len());
    // The document of each input of `all`.
    let mut of_input: Vec<Option<usize>> = vec![None; all.len()];
    let mut elsewhere: Vec<(usize, usize)> = Vec::new();
    for (k, input) in all.iter().enumerate() {
        match root_of(input) {
            Some(r) if opts.paths.contains(&roots[r]) => {
                of_input[k] = Some(listed.len());
                listed.push((input, r));
            }
            Some(r) => elsewhere.push((k, r)),
            None => {}
        }
    }
    for (r, found) in walked.iter().enumerate() {
        let base = listed.len();
        listed.extend(found.iter().map(|i| (i, r)));
        for &(k, _) in elsewhere.iter().filter(|(_, er)| *er == r) {
            if let Ok(at) = found.binary_search_by(|i| i.path.cmp(&all[k].path)) {
                of_input[k] = Some(base + at);
            }
        }
    }
    // An input the walk of its folder does not list is a document of that folder all the same.
    for (k, r) in elsewhere {
        if of_input[k].is_none() {
            of_input[k] = Some(listed.len());
            listed.push((&all[k], r));
        }
    }
    let budget = std::sync::atomic::AtomicUsize::new(KEEP_TEXTS);
    // Each folder opened once; each file stat-ed by its name in it.
    let split: Vec<(&OsStr, Option<&OsStr>)> = listed
        .iter()
        .map(|(input, _)| split_path(&input.path))
        .collect();
    let folders = Folders::of_files(split.iter().map(|(dir, _)| *dir), |dir| PathBuf::from(dir));
    // Each document's key and record. The records are sorted by key and the documents of a
    // walk nearly so: each is looked for first where the one before it was found.
    let mut next = 0;
    let keyed: Vec<(Cow<'i, str>, Option<usize>)> = listed
        .iter()
        .map(|(input, _)| {
            let key = rel_key(input);
            let rec = match old.docs.get(next) {
                Some(r) if *r.key == *key => Some(next),
                _ => old.index_of(&key),
            };
            next = rec.map_or(next, |j| j + 1);
            (key, rec)
        })
        .collect();
    let docs: Vec<Doc<'i, 'm>> = pool.install(|| {
        listed
            .par_iter()
            .zip(keyed)
            .zip(&folders.of)
            .zip(&split)
            .map(|(((&(input, root), (key, rec)), &folder), &(_, name))| {
                let st = match name {
                    Some(name) => folders.folders[folder].stamp(name),
                    None => stamp(&input.path),
                };
                // A record of a document other than a plan without its face (an older
                // writer's) is read again, for its face.
                let cached = rec.map(|j| &old.docs[j]).filter(|r| {
                    use_cache
                        && Some(r.input) == st
                        && (r.face.is_some() || !is_report(r.kind.as_deref()))
                });
                let facts = match cached {
                    Some(r) => Facts {
                        src: Ok(r.src),
                        kind: r.kind.clone(),
                        img: r.img,
                        num: r.num,
                        face: r.face,
                        number: None,
                        text: std::sync::Mutex::new(None),
                    },
                    None => scan_one(&input.path, &budget),
                };
                Doc {
                    input,
                    key,
                    root,
                    stamp: st,
                    rec,
                    facts,
                }
            })
            .collect()
    });
    drop(listed);
    (docs, of_input)
}

/// A file's folder (as its path spells it) and name: cut at the last `/` when the path is
/// plain UTF-8 (`Path::parent` and `file_name` parse the whole path), else by `Path`. No
/// name (`None`) for a path that does not end in one.
fn split_path(path: &Path) -> (&OsStr, Option<&OsStr>) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let b = path.as_os_str().as_bytes();
        if let Some(i) = b.iter().rposition(|&c| c == b'/') {
            let (dir, name) = (&b[..i], &b[i + 1..]);
            if !dir.is_empty() && !name.is_empty() && name != b"." && name != b".." {
                return (OsStr::from_bytes(dir), Some(OsStr::from_bytes(name)));
            }
        }
    }
    #[cfg(not(unix))]
    if let Some(s) = path.to_str() {
        if let Some((dir, name)) = s.rsplit_once('/') {
            if !dir.is_empty() && !name.is_empty() && name != "." && name != ".." {
                return (OsStr::new(dir), Some(OsStr::new(name)));
            }
        }
    }
    (
        path.parent().unwrap_or(Path::new("")).as_os_str(),
        path.file_name(),
    )
}

/// Whether `path` is under `root`, as [`Path::starts_with`] says; read from their bytes
/// when `root`'s are the start of `path`'s up to a `/` (as for every file a walk of `root`
/// found), which `Path` would parse into components.
fn is_under(path: &Path, root: &Path) -> bool {
    let (p, r) = (
        path.as_os_str().as_encoded_bytes(),
        root.as_os_str().as_encoded_bytes(),
    );
    let plain = !r.is_empty()
        && p.starts_with(r)
        && (r.ends_with(b"/") || p.get(r.len()) == Some(&b'/'))
        && std::path::MAIN_SEPARATOR == '/';
    plain || path.starts_with(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_under_a_root_as_path_says() {
        let cases = [
            ("plans/a.yaml", "plans"),
            ("plans/a.yaml", "plans/"),
            ("plans/2018/a.yaml", "plans/2018"),
            ("plansx/a.yaml", "plans"),
            ("plans", "plans"),
            ("./plans/a.yaml", "plans"),
            ("./plans/a.yaml", "./plans"),
            ("plans//a.yaml", "plans"),
            ("plans/./a.yaml", "plans/."),
            ("/abs/plans/a.yaml", "/abs/plans"),
            ("/abs/plans/a.yaml", "/"),
            ("a.yaml", ""),
            ("a/b.yaml", "a/b"),
            ("plans/../x.yaml", "plans/.."),
            ("a/", "a"),
        ];
        for (path, root) in cases {
            let (path, root) = (Path::new(path), Path::new(root));
            assert_eq!(
                is_under(path, root),
                path.starts_with(root),
                "{path:?} {root:?}"
            );
        }
    }

    #[test]
    fn a_path_is_cut_as_path_cuts_it() {
        for path in [
            "plans/a.yaml",
            "a.yaml",
            "/a.yaml",
            "plans/2018/x y.yml",
            "p/.",
            "p/..",
            "p/",
        ] {
            let (dir, name) = split_path(Path::new(path));
            let p = Path::new(path);
            if let Some(name) = name {
                assert_eq!(Path::new(dir).join(name), p, "{path}");
                assert_eq!(Some(name), p.file_name(), "{path}");
            } else {
                assert_eq!(p.file_name(), None, "{path}");
            }
        }
    }
}
