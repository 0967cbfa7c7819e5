//! The one walk of the output folder: leftover temporary files of killed builds, and
//! output-like pairs (`x.md` beside `x.docx`) no input makes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub(super) enum Found {
    /// A temporary file of a build that is no longer running.
    Leftover(PathBuf),
    /// `x.md` with an `x.docx` beside it, that `keep` did not take.
    Pair(PathBuf),
}

/// Walks the output folder (links are not followed; sorted, depth first) for leftover
/// temporary files and output-like pairs (`x.md` beside `x.docx`) that `known` does not
/// know by their path relative to the folder (with `/`). Each folder is listed once and
/// nothing is stat-ed: whether `x.docx` is beside `x.md` is read from the listing.
pub(super) fn walk_out(out: &Path, known: &dyn Fn(&str) -> bool) -> Vec<Found> {
    let mut found = Vec::new();
    walk_dir(out, &mut String::new(), known, &mut found);
    // In path order (depth first, names sorted), whatever order the folders listed in.
    found.sort_by(|a, b| a.path().cmp(b.path()));
    found
}

impl Found {
    pub(super) fn path(&self) -> &Path {
        match self {
            Found::Leftover(p) | Found::Pair(p) => p,
        }
    }
}

pub(super) fn walk_dir(
    dir: &Path,
    rel: &mut String,
    known: &dyn Fn(&str) -> bool,
    found: &mut Vec<Found>,
) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<(std::ffi::OsString, std::fs::FileType)> = listing
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name(), e.file_type().ok()?)))
        .collect();
    // The `.docx` files here, by the name they share with their `.md`.
    let docx: HashSet<&[u8]> = entries
        .iter()
        .filter(|(_, kind)| kind.is_file())
        .filter_map(|(name, _)| name.as_encoded_bytes().strip_suffix(b".docx"))
        .collect();
    let at = rel.len();
    for (name, kind) in &entries {
        let name_str = name.to_string_lossy();
        if kind.is_dir() {
            push_name(rel, &name_str);
            rel.push('/');
            walk_dir(&dir.join(name), rel, known, found);
            rel.truncate(at);
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        if let Some(pid) = temp_pid(&name_str) {
            let path = dir.join(name);
            if stale_temp(pid, &path) {
                found.push(Found::Leftover(path));
            }
        } else if let Some(stem) = name.as_encoded_bytes().strip_suffix(b".md") {
            if docx.contains(stem) {
                push_name(rel, &name_str);
                if !known(rel) {
                    found.push(Found::Pair(dir.join(name)));
                }
                rel.truncate(at);
            }
        }
    }
}

/// Adds a file name to a relative path with `/` (as [`rel_to`] spells it).
pub(super) fn push_name(rel: &mut String, name: &str) {
    if name.contains('\\') {
        rel.push_str(&name.replace('\\', "/"));
    } else {
        rel.push_str(name);
    }
}

/// The process id in the name of one of vanban's temporary files: `.x.md.vanban-123-….tmp`
/// (or `.x.md.123.tmp`, as older versions named them).
pub(super) fn temp_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (base, tail) = inner.rsplit_once('.')?;
    let is_output = [".md", ".docx", ".json", ".yaml"]
        .iter()
        .any(|x| base.ends_with(x));
    if !is_output {
        return None;
    }
    let digits = match tail.strip_prefix("vanban-") {
        Some(rest) => rest.split('-').next()?,
        None => tail,
    };
    digits.parse().ok()
}

/// A temporary file is stale when the build that made it is no longer running, or (a process
/// id reused) it is more than an hour old.
pub(super) fn stale_temp(pid: u32, path: &Path) -> bool {
    let old = std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600));
    old || (pid != std::process::id() && !process_alive(pid))
}

/// Whether a process with this id runs, where the system says so cheaply (Linux's `/proc`);
/// elsewhere a temporary file is stale only by its age.
pub(super) fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    proc.join(pid.to_string()).exists()
}
