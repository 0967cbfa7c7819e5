//! Path safety for loading and writing: inputs found by walking stay inside their plans
//! folder (symlinks out are refused), template overrides stay inside their folder, outputs
//! land inside `--out`, and paths written in YAML are relative and never climb out with `..`.

use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;

/// Why [`read_confined`] refused a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What is wrong, without any of the file's content.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

impl Refused {
    /// As a diagnostic about `path`.
    pub fn at(self, path: &Path) -> Diagnostic {
        Diagnostic::error(path, self.message).hint(self.hint)
    }
}

/// Reads a file the way vanban reads every file (YAML inputs, the units registry, templates,
/// images, the manifest, outputs being compared): it must resolve, symlinks followed, inside
/// `root`; it must be a regular file (a FIFO, a device or a folder is refused without being
/// read, so nothing blocks or reads forever); and it may hold at most `limit` bytes (checked
/// before reading, and again while reading, for a file that grows).
pub fn read_confined(path: &Path, root: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Refused {
        message: format!("cannot read the file: {e}"),
        hint: "check that the file exists and is readable",
    };
    let link = std::fs::symlink_metadata(path).map_err(cannot)?;
    if !resolves_inside(path, root) {
        let how = if link.file_type().is_symlink() {
            let target = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_else(|_| "an unreadable target".into());
            format!(
                "this is a symbolic link to {target}, outside {}",
                root.display()
            )
        } else {
            format!(
                "the path leads outside {} (through a linked folder)",
                root.display()
            )
        };
        return Err(Refused {
            message: format!("{how}; vanban does not follow it"),
            hint: "copy the file into the folder instead of linking to it, or give its real path on the command line",
        });
    }
    let file = open_nonblocking(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let too_large = |len: u64| {
        Refused {
        message: format!(
            "the file is too large ({}; the limit is {})",
            size(len),
            size(limit)
        ),
        hint: "check that this is the right file; vanban reads files of a few kilobytes to a few megabytes",
    }
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // At most one byte more than allowed: a file that grows while read is still bounded.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// "51 MB", "64 KB", "12 bytes": sizes in error messages, rounded up.
pub fn size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        format!("{} MB", bytes.div_ceil(MB))
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} bytes")
    }
}

fn not_regular(meta: &std::fs::Metadata) -> Refused {
    let what = if meta.is_dir() {
        "a folder"
    } else {
        special_kind(meta)
    };
    Refused {
        message: format!("this is {what}, not a regular file; vanban does not read it"),
        hint: "give the path of an ordinary file",
    }
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "a special file"
}

/// Opens for reading without blocking on a FIFO (whose open would wait for a writer) and
/// without taking a terminal as controlling terminal.
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    Ok(file)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// True when `path`, with every symlink resolved, lies inside `root` (also resolved).
pub fn resolves_inside(path: &Path, root: &Path) -> bool {
    let dot = |p: &Path| {
        if p.as_os_str().is_empty() {
            Path::new(".").to_path_buf()
        } else {
            p.to_path_buf()
        }
    };
    match (dot(path).canonicalize(), dot(root).canonicalize()) {
        (Ok(p), Ok(r)) => p.starts_with(r),
        _ => false,
    }
}

/// The error for a symlink found at `link` that leads outside `root`.
pub fn symlink_out(link: &Path, root: &Path) -> Diagnostic {
    let target = std::fs::read_link(link)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "an unreadable target".into());
    Diagnostic::error(
        link,
        format!(
            "this is a symbolic link to {target}, outside {}; vanban does not follow it",
            root.display()
        ),
    )
    .hint("copy the file into the folder instead of linking to it, or give its real path on the command line")
}

/// `path` as an absolute path with every symlink resolved, even when it does not exist yet:
/// its deepest existing ancestor is resolved and the rest appended (`..` taken lexically).
pub fn absolute(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let mut rest: Vec<Component> = Vec::new();
    let mut base = path;
    loop {
        if let Ok(real) = base.canonicalize() {
            let mut out = real;
            for c in rest.into_iter().rev() {
                match c {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(n) => out.push(n),
                    _ => {}
                }
            }
            return out;
        }
        match (base.parent(), base.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                base = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// A folder vanban chose itself, from the project's layout (no `--out`, no `--templates`:
/// `output/` or `templates/` beside the plans folder, or the project file's `output` and
/// `templates`), must be a folder of the project `project`: a committed symlink
/// `output -> ~/Documents` would make a build overwrite files outside the checkout, and
/// `templates -> ~/notes` would read (and quote in its errors) files from there; so would
/// `output = "../../elsewhere"` in a committed `vanban.toml`. Only a folder typed on the
/// command line may lead elsewhere. `what` is "output" or "templates", `flag` its option.
pub fn chosen_inside(
    what: &str,
    flag: &str,
    folder: &Path,
    project: &Path,
) -> Result<(), Diagnostic> {
    let real = absolute(folder);
    if real.starts_with(absolute(project)) {
        return Ok(());
    }
    let how = match std::fs::read_link(folder) {
        Ok(target) => format!("is a symbolic link to {}", target.display()),
        Err(_) => format!("is {}", real.display()),
    };
    let project = if project.as_os_str().is_empty() {
        Path::new(".")
    } else {
        project
    };
    Err(Diagnostic::error(
        folder,
        format!(
            "refusing to use the {what} folder {}: it {how}, outside the project {}",
            folder.display(),
            project.display()
        ),
    )
    .hint(format!(
        "the {what} folder is a folder of the project; to use that one on purpose, say so: {flag} {}",
        real.display()
    )))
}

/// Checks that a relative output path has only plain names in it (no `..`, no root).
pub fn is_plain_relative(rel: &Path) -> bool {
    rel.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Checks, before writing `target`, that it lands inside `out`: its path climbs nowhere and
/// no existing folder on the way is a symlink leading elsewhere.
pub fn check_output(out: &Path, target: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: &str| {
        Err(Diagnostic::error(target, format!("refusing to write outside the output folder {}: {why}", out.display()))
            .hint("outputs mirror the inputs' paths under --out; remove the symlink or choose another --out"))
    };
    let Ok(rel) = target.strip_prefix(out) else {
        return refuse("the path is not under it");
    };
    if !is_plain_relative(rel) {
        return refuse("the path contains `..` or a root");
    }
    // The deepest folder on the way that exists must resolve inside `out`.
    let mut existing = target.parent();
    while let Some(dir) = existing {
        if dir.exists() {
            break;
        }
        existing = dir.parent();
    }
    match existing {
        Some(dir) if dir.starts_with(out) || out.starts_with(dir) => {
            if dir.starts_with(out) && !resolves_inside(dir, out) {
                return refuse(&format!("{} is a link to another place", dir.display()));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// 128 random bits as hex, from the standard library's randomly seeded hasher (seeded from
/// the operating system), mixed with the time and a counter.
pub fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let half = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(n);
        h.write_u128(nanos);
        h.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}

/// A new private folder for one run of a helper program (LibreOffice's inputs, outputs and
/// profile): created exclusively under the system's temporary folder with an unpredictable
/// name, so a folder or link planted there in advance is never used (mode 0700 on Unix).
/// The caller removes it.
pub fn private_dir(purpose: &str) -> std::io::Result<PathBuf> {
    let mut last = None;
    for _ in 0..16 {
        let dir = std::env::temp_dir().join(format!("vanban-{purpose}-{}", random_hex()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("cannot create a private folder")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_paths() {
        assert!(is_plain_relative(Path::new("2018/x.md")));
        assert!(!is_plain_relative(Path::new("../x.md")));
    }

    #[test]
    fn private_dirs_are_new_distinct_and_closed_to_others() {
        let a = private_dir("test").unwrap();
        let b = private_dir("test").unwrap();
        assert_ne!(a, b);
        for d in [&a, &b] {
            let meta = std::fs::symlink_metadata(d).unwrap();
            assert!(meta.is_dir() && std::fs::read_dir(d).unwrap().next().is_none());
            #[cfg(unix)]
            assert_eq!(
                std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o777,
                0o700
            );
            std::fs::remove_dir(d).unwrap();
        }
    }
}
