//! Atomic writes through an unpredictable temporary file and a rename: every file vanban
//! writes (outputs, the manifest, drafts, imports, pages, schemas) goes through here.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file and a failure leaves the old file as it was.
///
/// The temporary file's name is unpredictable (`.x.md.vanban-<pid>-<random>.tmp`) and it is
/// created exclusively: when anything is already there (a file, or a symlink planted to
/// redirect the write) another name is tried, so a write never goes through a link. The
/// rename replaces a link at `path` itself, never its target. A temporary file left by a
/// killed build is removed by the next build (`--check` lists it).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let (tmp, mut f) = create_temp(dir, name)?;
    let result = f.write_all(bytes).and_then(|()| f.flush()).and_then(|()| {
        drop(f);
        std::fs::rename(&tmp, path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates a new temporary file beside `name` in `dir`, failing rather than opening anything
/// that exists.
pub(crate) fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut last = None;
    for _ in 0..16 {
        let tmp = dir.join(format!(
            ".{name}.vanban-{}-{}.tmp",
            std::process::id(),
            crate::paths::random_hex()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("cannot create a temporary file")))
}
