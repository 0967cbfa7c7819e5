//! Where a document's outputs go, and whether a recorded output is still, byte for byte,
//! what vanban wrote.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::fresh::digest;
use super::manifest::Hash;
use super::options::MAX_OUTPUT_BYTES;
use super::scan::Doc;
use crate::load::Input;

/// The names of the outputs of the document `key` relative to the output folder.
pub(super) fn output_rels(key: &str) -> [String; 2] {
    let p = Path::new(key);
    ["md", "docx"].map(|x| p.with_extension(x).to_string_lossy().replace('\\', "/"))
}

/// `2018/x.yaml` → `2018/x`: what the outputs of a document are named after.
pub(super) fn stem_of(rel: &str) -> &str {
    // (Bytes: `/` and `.` are ASCII, never inside a UTF-8 sequence.)
    let b = rel.as_bytes();
    let name_at = b.iter().rposition(|&c| c == b'/').map_or(0, |i| i + 1);
    match b[name_at..].iter().rposition(|&c| c == b'.') {
        Some(dot) if dot > 0 => &rel[..name_at + dot],
        _ => rel,
    }
}

/// `2018/x` → (`2018`, `x`); `x` → (``, `x`).
pub(super) fn split_dir(stem: &str) -> (&str, &str) {
    match stem.as_bytes().iter().rposition(|&c| c == b'/') {
        Some(i) => (&stem[..i], &stem[i + 1..]),
        None => ("", stem),
    }
}

/// [`output_paths`] of a document, made from its key when that spells its path exactly.
pub(super) fn targets(out: &Path, doc: &Doc<'_, '_>) -> [PathBuf; 2] {
    match &doc.key {
        Cow::Borrowed(key) => {
            let stem = stem_of(key);
            ["md", "docx"].map(|x| {
                let mut rel = String::with_capacity(stem.len() + 5);
                rel.push_str(stem);
                rel.push('.');
                rel.push_str(x);
                out.join(rel)
            })
        }
        Cow::Owned(_) => output_paths(out, doc.input),
    }
}

/// `output/2018/x.md` and `output/2018/x.docx` for `plans/2018/x.yaml`.
pub(crate) fn output_paths(out: &Path, input: &Input) -> [PathBuf; 2] {
    let base = out.join(&input.rel);
    [base.with_extension("md"), base.with_extension("docx")]
}

/// `out/2018/x.md` → "2018/x.md"; `None` for a path not plainly under `out`.
pub(super) fn rel_to(out: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(out).ok()?;
    crate::paths::is_plain_relative(rel).then(|| rel.to_string_lossy().replace('\\', "/"))
}

pub(super) enum Verified {
    /// Nothing there any more.
    Gone,
    /// The file is as vanban wrote it.
    Ours(PathBuf),
    /// Something else is there now: another file, a link, or the output edited by hand.
    Changed(PathBuf),
}

/// Whether the recorded output `rel` is still, byte for byte, what vanban wrote (`hash`). A
/// record that is not a plain `.md`/`.docx` path under `out` (a tampered manifest) is never
/// ours.
pub(super) fn verify(out: &Path, rel: &str, hash: &Hash) -> Verified {
    let rel_path = Path::new(rel);
    let path = out.join(rel_path);
    let output_like = crate::paths::is_plain_relative(rel_path)
        && matches!(
            rel_path.extension().and_then(|x| x.to_str()),
            Some("md" | "docx")
        );
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Verified::Gone;
    };
    if !output_like || !meta.is_file() || !crate::paths::resolves_inside(&path, out) {
        return Verified::Changed(path);
    }
    let same = crate::paths::read_confined(&path, out, MAX_OUTPUT_BYTES)
        .is_ok_and(|b| digest(&b) == *hash);
    if same {
        Verified::Ours(path)
    } else {
        Verified::Changed(path)
    }
}
