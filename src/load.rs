//! Stage 1 — loading: find the input files (sorted walk), read them as UTF-8 (a BOM is
//! accepted, text is normalised to NFC) and parse them into the model with located errors.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::model::{Document, Registry};
use crate::yaml;

/// Name of the units registry, which sits in the plans folder and is not a document.
pub(crate) const UNITS_FILE: &str = "units.yaml";

/// One input document: where it is and where its outputs go.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// Path of the YAML file, as found.
    pub path: PathBuf,
    /// Path relative to its plans folder, e.g. `2018/ke-hoach.yaml`: outputs mirror it.
    pub rel: PathBuf,
}

/// Finds the documents under `paths` (folders are walked in sorted order; files are taken as
/// they are). The result is sorted and free of duplicates. A symlink that leads outside its
/// plans folder is an error (see [`discover_checked`] to get those per file).
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, Diagnostic> {
    let (inputs, refused) = discover_checked(paths)?;
    match refused.into_iter().next() {
        Some(d) => Err(d),
        None => Ok(inputs),
    }
}

/// Like [`discover`], but returns the refused symlinks (leading outside their plans folder)
/// as diagnostics beside the inputs, so the batch can go on without them.
pub(crate) fn discover_checked(
    paths: &[PathBuf],
) -> Result<(Vec<Input>, Vec<Diagnostic>), Diagnostic> {
    let mut refused = Vec::new();
    let mut inputs = Vec::new();
    for root in paths {
        if root.is_file() {
            let base = plans_root_of(root);
            let rel = root.strip_prefix(&base).unwrap_or(root).to_path_buf();
            inputs.push(Input {
                path: root.clone(),
                rel,
            });
            continue;
        }
        if !root.is_dir() {
            return Err(Diagnostic::error(root, "no such file or folder")
                .hint("give a plans folder or a YAML file; the default is plans/"));
        }
        let base = plans_root_of_dir(root);
        // The folder's path from its plans folder: each input's is that and its names.
        let rel = root.strip_prefix(&base).unwrap_or(root).to_path_buf();
        let hidden = is_hidden(&rel);
        walk(
            root,
            &base,
            Rel { path: &rel, hidden },
            &mut inputs,
            &mut refused,
        )?;
    }
    // One path walked alone comes out sorted already, depth first with each folder's names
    // sorted, as paths compare (comparing paths is not cheap: they are parsed).
    if paths.len() > 1 && !inputs.is_sorted_by(|a, b| a < b) {
        inputs.sort();
        inputs.dedup();
    }
    Ok((inputs, refused))
}

/// A folder's path from its plans folder, and whether one of its names starts with `.` (a
/// document under a hidden folder is not an input).
#[derive(Clone, Copy)]
struct Rel<'a> {
    path: &'a Path,
    hidden: bool,
}

/// The first 16 bytes of a name as a big-endian number (zeros after a shorter one).
fn first_bytes(name: &std::ffi::OsStr) -> u128 {
    let b = name.as_encoded_bytes();
    let mut head = [0u8; 16];
    let n = b.len().min(16);
    head[..n].copy_from_slice(&b[..n]);
    u128::from_be_bytes(head)
}

/// Whether a name of `rel` starts with `.`.
fn is_hidden(rel: &Path) -> bool {
    rel.components()
        .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."))
}

/// Walks `dir` depth first, each folder's entries sorted by name, not following links (see
/// [`discover_checked`]). Each folder is listed once; names are compared as they are read
/// (not parsed again from paths), and each input's path from its plans folder is `rel` and
/// its name (not cut again from its path).
fn walk(
    dir: &Path,
    base: &Path,
    rel: Rel<'_>,
    inputs: &mut Vec<Input>,
    refused: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::error(dir, format!("cannot read folder: {e}"));
    // Each name with its first 16 bytes as a number (a name has no NUL: that order is the
    // names' order but where those bytes are the same), which compares without a call.
    let mut entries: Vec<(u128, std::ffi::OsString, std::fs::FileType)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let entry = entry.map_err(cannot)?;
        let kind = entry.file_type().map_err(cannot)?;
        let name = entry.file_name();
        entries.push((first_bytes(&name), name, kind));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    // Paths made by adding the name (`Path::join` looks at both sides again).
    let join = |name: &std::ffi::OsStr| {
        let mut p = std::ffi::OsString::with_capacity(dir.as_os_str().len() + name.len() + 1);
        p.push(dir.as_os_str());
        let ends = dir.as_os_str().as_encoded_bytes().last().copied();
        if ends.is_some_and(|c| c != b'/' && char::from(c) != std::path::MAIN_SEPARATOR) {
            p.push(std::path::MAIN_SEPARATOR_STR);
        }
        p.push(name);
        PathBuf::from(p)
    };
    // The path from the plans folder of a name here.
    let rel_of = |name: &std::ffi::OsStr| {
        let mut p = PathBuf::with_capacity(rel.path.as_os_str().len() + name.len() + 1);
        p.push(rel.path);
        p.push(name);
        p
    };
    for (_, name, kind) in entries {
        let path = join(&name);
        let document = is_document_name(&name);
        if kind.is_symlink() {
            // Followed only when it stays inside the plans folder; a link to a folder is
            // not walked (its files inside the folder are found directly).
            let inside = crate::paths::resolves_inside(&path, base);
            if !inside && (document || path.is_dir()) {
                refused.push(crate::paths::symlink_out(&path, base));
                continue;
            }
            if !(inside && document && path.is_file()) {
                continue;
            }
        } else if kind.is_dir() {
            let sub = rel_of(&name);
            let hidden = rel.hidden || name.as_encoded_bytes().starts_with(b".");
            walk(&path, base, Rel { path: &sub, hidden }, inputs, refused)?;
            continue;
        } else if !document {
            continue;
        } else if !kind.is_file() {
            // A FIFO or a device named like a document: refused, never opened.
            refused.push(
                Diagnostic::error(&path, "this is not a regular file (a named pipe or a device); vanban does not read it")
                    .hint("replace it with the YAML file itself"),
            );
            continue;
        }
        if rel.hidden || name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let rel = rel_of(&name);
        inputs.push(Input { path, rel });
    }
    Ok(())
}

/// Whether a file named `name` is a document: `*.yaml` or `*.yml` (with something before
/// the dot, as [`Path::extension`] reads it), and not the units registry.
fn is_document_name(name: &std::ffi::OsStr) -> bool {
    let b = name.as_encoded_bytes();
    let yaml = [&b".yaml"[..], b".yml"]
        .iter()
        .any(|x| b.len() > x.len() && b.ends_with(x));
    yaml && b != UNITS_FILE.as_bytes()
}

#[cfg(test)]
fn is_document(path: &Path) -> bool {
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    yaml && path.file_name().and_then(|n| n.to_str()) != Some(UNITS_FILE)
}

/// The plans folder a single file belongs to: the nearest ancestor that is a plans folder (see
/// [`is_plans_root`]), else the file's own folder.
pub(crate) fn plans_root_of(file: &Path) -> PathBuf {
    plans_root_of_dir(file.parent().unwrap_or(Path::new("")))
}

/// The plans folder `dir` belongs to: `dir` itself or its nearest ancestor that is a plans
/// folder (see [`is_plans_root`]); `dir` when there is none. The search is lexical: give it a
/// path through [`anchor`] so that `.` in `plans/2018` is seen as `../2018`.
pub(crate) fn plans_root_of_dir(dir: &Path) -> PathBuf {
    for d in dir.ancestors() {
        if is_plans_root(d) {
            return d.to_path_buf();
        }
    }
    dir.to_path_buf()
}

/// A plans folder: it holds a units registry, or it is named `plans`, or `vanban.toml`
/// names it as its plans folder. Cached per folder (a batch asks for every document).
pub(crate) fn is_plans_root(d: &Path) -> bool {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};
    static SEEN: LazyLock<Mutex<HashMap<PathBuf, bool>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    if d.file_name().is_some_and(|n| n == "plans") {
        return true;
    }
    if let Some(known) = SEEN.lock().ok().and_then(|m| m.get(d).copied()) {
        return known;
    }
    let here = if d.as_os_str().is_empty() {
        Path::new(".")
    } else {
        d
    };
    let found = here.join(UNITS_FILE).is_file() || {
        let canon = std::fs::canonicalize(here).ok();
        let named = d.file_name().is_none()
            && canon
                .as_ref()
                .and_then(|c| c.file_name())
                .is_some_and(|n| n == "plans");
        named
            || matches!(crate::config::find(here), Ok(Some(p))
                if canon.is_some() && std::fs::canonicalize(p.plans()).ok() == canon)
    };
    if let Ok(mut m) = SEEN.lock() {
        m.insert(d.to_path_buf(), found);
    }
    found
}

/// `path` spelled from its plans folder when that folder is above it: in `plans/2018`, `.` is
/// `../2018` and `x.yaml` is `../2018/x.yaml`, so that the lexical searches (the plans folder,
/// the key of a document, where its outputs go) see the project as it is. Other paths are
/// returned as they are.
pub(crate) fn anchor(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    let dir = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new(""))
    };
    if dir.ancestors().any(is_plans_root) {
        return path.to_path_buf();
    }
    let Ok(abs) = std::fs::canonicalize(path) else {
        return path.to_path_buf();
    };
    let skip = usize::from(!path.is_dir());
    for a in abs.ancestors().skip(skip) {
        if is_plans_root(a) {
            let rest = abs.strip_prefix(a).unwrap_or(Path::new(""));
            let root = crate::config::relative(a);
            return if rest.as_os_str().is_empty() {
                root
            } else {
                root.join(rest)
            };
        }
    }
    path.to_path_buf()
}

/// The plans folder used when none is given: the project file's, else `plans` when there is
/// one here, else the plans folder this folder is inside (`..` in `plans/2018`).
pub(crate) fn default_plans() -> PathBuf {
    if let Ok(Some(p)) = crate::config::find(Path::new(".")) {
        return p.plans();
    }
    let here = PathBuf::from("plans");
    if here.is_dir() {
        return here;
    }
    match std::fs::canonicalize(".") {
        Ok(abs) => abs
            .ancestors()
            .find(|a| is_plans_root(a))
            .map(crate::config::relative)
            .unwrap_or(here),
        Err(_) => here,
    }
}

/// The folder holding the plans folder `root` (where `output/` and `templates/` sit by
/// default), as a path usable from here.
pub(crate) fn project_dir(root: &Path) -> PathBuf {
    if let Ok(Some(p)) = crate::config::find(root) {
        return p.dir.clone();
    }
    let lexical = root.parent().filter(|p| !p.as_os_str().is_empty());
    match lexical {
        Some(p) if root.file_name().is_some() => p.to_path_buf(),
        None if root.file_name().is_some() => PathBuf::from("."),
        _ => std::fs::canonicalize(root)
            .ok()
            .and_then(|c| c.parent().map(crate::config::relative))
            .unwrap_or_else(|| PathBuf::from(".")),
    }
}

/// Reads a text file: UTF-8 (a leading BOM is dropped), normalised to NFC.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    crate::read::decode(&read_bytes(path)?, path)
}

/// Reads an input file (a document or the units registry) with [`crate::read::within`]: a
/// regular file of at most [`crate::read::MAX_INPUT_BYTES`], inside its plans folder.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    crate::read::within(path, &plans_root_of(path))
}

/// Parses the text of one document into the model, by its `kind`.
///
/// The defaults of the project file (`vanban.toml`, see [`crate::config`]) are added first
/// for the top-level keys the document leaves out.
pub fn parse(text: &str, path: &Path) -> Result<Document, Diagnostic> {
    let with_defaults = crate::config::with_defaults(text, path);
    let text: &str = &with_defaults;
    // The kind, from the parser's events up to its value; the full parse says why not.
    let head = crate::head::read(text, crate::head::Want::Kind);
    let kind = match head.kind.text().filter(|_| head.complete) {
        Some(k) => Some(k.to_string()),
        None => yaml::kind_of(text, path)?,
    };
    match kind.as_deref() {
        Some("plan") => Ok(Document::Plan(yaml::from_str(text, path)?)),
        Some("report") => Ok(Document::Report(yaml::from_str(text, path)?)),
        Some("consolidated-report") => {
            Ok(Document::ConsolidatedReport(yaml::from_str(text, path)?))
        }
        Some("letter") => Ok(Document::Letter(yaml::from_str(text, path)?)),
        Some(other) => Err(crate::span::Source::new(path, text)
            .error("kind", format!("unknown document kind `{other}`"))
            .hint(KINDS_HINT)),
        None => Err(Diagnostic::error(path, "missing `kind`")
            .at(Some(text), 1, 1)
            .hint(format!("start the document with its kind; {KINDS_HINT}"))),
    }
}

const KINDS_HINT: &str =
    "use `kind: plan`, `kind: report`, `kind: consolidated-report` or `kind: letter` (công văn)";

/// Parses the units registry (`units.yaml`).
pub fn parse_registry(text: &str, path: &Path) -> Result<Registry, Diagnostic> {
    yaml::from_str(text, path)
}

/// The plans folder that `path` (a folder or a file) belongs to: the nearest folder, from
/// `path` itself upwards, that is named `plans` or holds a units registry; else `path` (or a
/// file's folder). Reports name their plan relative to it.
pub(crate) fn project_root(path: &Path) -> PathBuf {
    if path.is_dir() {
        plans_root_of_dir(path)
    } else {
        plans_root_of(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_told_by_its_name_as_by_its_path() {
        for name in [
            "a.yaml",
            "a.yml",
            ".yaml",
            ".yml",
            "..yaml",
            "a.YAML",
            "a.yaml.bak",
            "units.yaml",
            "units.yml",
            "x.units.yaml",
            "yaml",
            "a.",
            "a.tar.yml",
            "ke-hoạch.yaml",
            "..",
        ] {
            let os = std::ffi::OsStr::new(name);
            assert_eq!(is_document_name(os), is_document(Path::new(os)), "{name}");
        }
    }

    #[test]
    fn names_sort_by_their_first_bytes_as_by_their_bytes() {
        let names = [
            "a",
            "ab",
            "a.yaml",
            "a-b",
            "b",
            "plan-00001.yaml",
            "plan-00001.yml",
            "plan-000010.yaml",
            "plan-00001.yaml.bak",
            "0123456789abcdefX",
            "0123456789abcdef",
            "0123456789abcdefA",
            "ké-hoạch.yaml",
            "kz",
            "\u{1}",
            "",
        ];
        for a in names {
            for b in names {
                let (x, y) = (std::ffi::OsStr::new(a), std::ffi::OsStr::new(b));
                let by_key = first_bytes(x).cmp(&first_bytes(y)).then_with(|| x.cmp(y));
                assert_eq!(by_key, x.cmp(y), "{a:?} {b:?}");
            }
        }
    }
}
