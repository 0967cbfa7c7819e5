//! Path safety for loading and writing: inputs found by walking stay inside their plans
//! folder (symlinks out are refused), template overrides stay inside their folder, outputs
//! land inside `--out`, and paths written in YAML are relative and never climb out with `..`.

use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;

/// True when `path`, with every symlink resolved, lies inside `root` (also resolved).
pub fn resolves_inside(path: &Path, root: &Path) -> bool {
    match (path.canonicalize(), root.canonicalize()) {
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

/// Checks a path written in a YAML value (an image, a template): it must be relative and stay
/// inside its base folder. Returns the joined path.
pub fn yaml_path(base: &Path, value: &str) -> Result<PathBuf, String> {
    let p = Path::new(value.trim());
    if p.is_absolute() || p.has_root() || value.trim().starts_with('~') {
        return Err(format!(
            "`{value}` is an absolute path; write it relative to {} (e.g. images/seal.png)",
            base.display()
        ));
    }
    if p.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(format!(
            "`{value}` climbs out of {} with `..`; keep the file inside the project",
            base.display()
        ));
    }
    let joined = base.join(p);
    if joined.exists() && !resolves_inside(&joined, base) {
        return Err(format!(
            "`{value}` is a link that leads outside {}",
            base.display()
        ));
    }
    Ok(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_paths_stay_inside() {
        let base = Path::new("/tmp");
        assert!(yaml_path(base, "../etc/passwd").unwrap_err().contains(".."));
        assert!(yaml_path(base, "/etc/passwd")
            .unwrap_err()
            .contains("absolute"));
        assert!(yaml_path(base, "a/b.png").is_ok());
        assert!(is_plain_relative(Path::new("2018/x.md")));
        assert!(!is_plain_relative(Path::new("../x.md")));
    }
}
