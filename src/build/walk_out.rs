//! The one walk of the output folder: leftover temporary files of killed builds, and
//! output-like pairs (`x.md` beside `x.docx`) no input makes.

use std::path::{Path, PathBuf};

pub(super) enum Found {
    /// A temporary file of a build that is no longer running.
    Leftover(PathBuf),
    /// `x.md` with an `x.docx` beside it, that `keep` did not take.
    Pair(PathBuf),
}

/// How long before a listing a folder must have last changed for its record to be trusted:
/// more than any file system's timestamp step (FAT's is 2 s), so that a change made in the
/// same step as the listing, after it, cannot leave the folder's time as recorded (git's
/// "racy" rule for its untracked cache).
const SETTLED_NS: u64 = 2_000_000_000;

/// A folder's change time (Unix: `ctime`, which no tool can set back the way `touch` or
/// `rsync -t` set a modification time; elsewhere the modification time), in ns.
fn folder_stamp(dir: &Path) -> Option<u64> {
    let meta = std::fs::symlink_metadata(dir).ok()?;
    if !meta.is_dir() {
        return None;
    }
    #[cfg(unix)]
    let ns = {
        use std::os::unix::fs::MetadataExt;
        u64::try_from(meta.ctime())
            .ok()?
            .checked_mul(1_000_000_000)?
            .checked_add(u64::try_from(meta.ctime_nsec()).ok()?)?
    };
    #[cfg(not(unix))]
    let ns = u64::try_from(
        meta.modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos(),
    )
    .ok()?;
    // 0 is the record of a folder to list again.
    (ns > 0).then_some(ns)
}

fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
        .unwrap_or(0)
}

/// Walks the output folder (links are not followed; sorted, depth first) for leftover
/// temporary files and output-like pairs (`x.md` beside `x.docx`) that `known` does not
/// know by their path relative to the folder (with `/`). Each folder is listed once and
/// nothing is stat-ed: whether `x.docx` is beside `x.md` is read from the listing.
///
/// A folder that `trusted` records (its path with `/` and a final `/`, the output folder
/// itself ``) with its change time as it is now is not listed: its last listing found
/// nothing, and no entry has been added, removed or renamed in it since (its folders are
/// walked all the same, from the records). The caller passes records only when what
/// `known` knows has not shrunk since they were made. Returns, beside what it found, the
/// record of every folder it walked: its change time when its listing found no pair, no
/// temporary file and no name it cannot spell, and the time is settled; else 0.
pub(super) fn walk_out(
    out: &Path,
    known: &dyn Fn(&str) -> bool,
    trusted: &[(std::borrow::Cow<'_, str>, u64)],
) -> (Vec<Found>, Vec<(String, u64)>) {
    let mut walk = Walk {
        known,
        trusted,
        found: Vec::new(),
        folders: Vec::new(),
        now: now_ns(),
    };
    walk.dir(out, &mut String::new());
    // In path order (depth first, names sorted), whatever order the folders listed in.
    walk.found.sort_by(|a, b| a.path().cmp(b.path()));
    walk.folders.sort();
    (walk.found, walk.folders)
}

impl Found {
    pub(super) fn path(&self) -> &Path {
        match self {
            Found::Leftover(p) | Found::Pair(p) => p,
        }
    }
}

struct Walk<'w, 't> {
    known: &'w dyn Fn(&str) -> bool,
    trusted: &'w [(std::borrow::Cow<'t, str>, u64)],
    found: Vec<Found>,
    folders: Vec<(String, u64)>,
    /// When the walk began.
    now: u64,
}

impl Walk<'_, '_> {
    fn dir(&mut self, dir: &Path, rel: &mut String) {
        let stamp = folder_stamp(dir);
        let recorded = self
            .trusted
            .binary_search_by(|(r, _)| (**r).cmp(rel.as_str()))
            .ok()
            .map(|i| self.trusted[i].1);
        if stamp.is_some() && recorded == stamp {
            self.folders.push((rel.clone(), stamp.unwrap_or(0)));
            // Its folders, as recorded: those whose path is this one's and one name more.
            let start = self.trusted.partition_point(|(r, _)| **r <= *rel.as_str());
            let children: Vec<String> = self.trusted[start..]
                .iter()
                .take_while(|(r, _)| r.starts_with(rel.as_str()))
                .filter(|(r, _)| {
                    r[rel.len()..]
                        .strip_suffix('/')
                        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
                })
                .map(|(r, _)| r[rel.len()..r.len() - 1].to_string())
                .collect();
            let at = rel.len();
            for name in children {
                rel.push_str(&name);
                rel.push('/');
                self.dir(&dir.join(&name), rel);
                rel.truncate(at);
            }
            return;
        }
        let clean = self.list(dir, rel);
        // The output folder itself changes with every manifest written: it is always listed
        // (it holds the folders, and the outputs of documents at the top of a plans folder).
        let settled = stamp.filter(|s| !rel.is_empty() && s.saturating_add(SETTLED_NS) < self.now);
        self.folders
            .push((rel.clone(), settled.filter(|_| clean).unwrap_or(0)));
    }

    /// Lists `dir`; false when it found something here (not in its folders), or something
    /// here makes its record untrustworthy (a temporary file, a name that is not plain UTF-8).
    fn list(&mut self, dir: &Path, rel: &mut String) -> bool {
        let Ok(listing) = std::fs::read_dir(dir) else {
            return false;
        };
        let entries: Vec<(std::ffi::OsString, std::fs::FileType)> = listing
            .filter_map(Result::ok)
            .filter_map(|e| Some((e.file_name(), e.file_type().ok()?)))
            .collect();
        // The `.docx` files here, by the name they share with their `.md`.
        let docx: foldhash::HashSet<&[u8]> = entries
            .iter()
            .filter(|(_, kind)| kind.is_file())
            .filter_map(|(name, _)| name.as_encoded_bytes().strip_suffix(b".docx"))
            .collect();
        let mut clean = true;
        let at = rel.len();
        for (name, kind) in &entries {
            let name_str = name.to_string_lossy();
            if name.to_str().is_none() || name_str.contains('\\') {
                clean = false;
            }
            if kind.is_dir() {
                push_name(rel, &name_str);
                rel.push('/');
                self.dir(&dir.join(name), rel);
                rel.truncate(at);
                continue;
            }
            if !kind.is_file() {
                continue;
            }
            if let Some(pid) = temp_pid(&name_str) {
                // Even one of a build still running: when it dies, nothing else changes here.
                clean = false;
                let path = dir.join(name);
                if stale_temp(pid, &path) {
                    self.found.push(Found::Leftover(path));
                }
            } else if let Some(stem) = name.as_encoded_bytes().strip_suffix(b".md") {
                if docx.contains(stem) {
                    push_name(rel, &name_str);
                    if !(self.known)(rel) {
                        clean = false;
                        self.found.push(Found::Pair(dir.join(name)));
                    }
                    rel.truncate(at);
                }
            }
        }
        clean
    }
}

/// Adds a file name to a relative path with `/` (as `rel_to` spells it).
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
