//! The project file, `vanban.toml`, and the project root it marks.
//!
//! vanban finds the project as cargo finds `Cargo.toml`: from the folder it is given (or the
//! current one) upwards, the first folder holding a `vanban.toml` is the project. Without one,
//! the plans folder is the nearest folder named `plans` or holding a `units.yaml`, looked for
//! in the real (absolute) path, so `cd plans/2018 && vanban check .` finds `plans/` too.
//!
//! ```toml
//! # vanban.toml
//! [folders]            # relative to this file; these are the defaults
//! plans = "plans"
//! templates = "templates"
//! output = "output"
//!
//! [defaults]           # written into every document that does not say otherwise
//! place = "Bắc Giang"
//! layout = "decree-30-2020"
//! archive = ["VT", "NVY"]                  # the archive line, "- Lưu: VT, NVY."
//! issuer = { parent = "UBND TỈNH BẮC GIANG", name = "SỞ Y TẾ", abbr = "SYT", office = "NVY" }
//! ```
//!
//! A default is a top-level key added to a document that has no such key (a unit's report takes
//! its issuer and place from the registry and gets neither). The defaults are appended after
//! the document's own text, so every position in it stays where it is.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::model::{Issuer, Layout};

/// Name of the project file.
pub const PROJECT_FILE: &str = "vanban.toml";

/// The project file as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// Where the plans, templates and outputs are.
    #[serde(default)]
    pub folders: Folders,
    /// The department's defaults.
    #[serde(default)]
    pub defaults: Defaults,
    /// How `vanban build` builds.
    #[serde(default)]
    pub build: BuildSettings,
}

/// `[build]` of `vanban.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BuildSettings {
    /// Also make a PDF of each DOCX (as `vanban build --pdf`), with LibreOffice.
    pub pdf: bool,
}

/// The project's folders, relative to the project file.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Folders {
    /// The plans folder (documents and `units.yaml`).
    pub plans: PathBuf,
    /// Template overrides.
    pub templates: PathBuf,
    /// Where outputs are written.
    pub output: PathBuf,
}

impl Default for Folders {
    fn default() -> Self {
        Folders {
            plans: "plans".into(),
            templates: "templates".into(),
            output: "output".into(),
        }
    }
}

/// What every document of the department would otherwise repeat.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// The issuing body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Issuer>,
    /// The place name of the date line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The layout rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    /// The archive line: `["VT", "NVY"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<Vec<String>>,
}

/// A project found on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The folder holding `vanban.toml`, as a path usable from the current folder.
    pub dir: PathBuf,
    /// The file's contents.
    pub file: ProjectFile,
    /// The file's text (part of every output's cache key).
    pub text: String,
}

impl Project {
    /// The plans folder.
    pub fn plans(&self) -> PathBuf {
        tidy(&self.dir.join(&self.file.folders.plans))
    }
    /// The template overrides folder.
    pub fn templates(&self) -> PathBuf {
        tidy(&self.dir.join(&self.file.folders.templates))
    }
    /// The output folder.
    pub fn output(&self) -> PathBuf {
        tidy(&self.dir.join(&self.file.folders.output))
    }
}

type Found = Result<Option<Arc<Project>>, Diagnostic>;

static CACHE: LazyLock<Mutex<HashMap<PathBuf, Found>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The project that `path` (a file or folder) belongs to: the nearest `vanban.toml` from it
/// upwards. `Ok(None)` without one; an error when the file does not parse. Cached per folder.
pub fn find(path: &Path) -> Found {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new("")).to_path_buf()
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    if let Ok(cache) = CACHE.lock() {
        if let Some(found) = cache.get(&start) {
            return found.clone();
        }
    }
    let found = search(&start);
    if let Ok(mut cache) = CACHE.lock() {
        cache.insert(start, found.clone());
    }
    found
}

/// Forgets what [`find`] found, so that the next call reads the project files again: `vanban
/// watch` does it when a `vanban.toml` is saved.
pub fn forget() {
    if let Ok(mut cache) = CACHE.lock() {
        cache.clear();
    }
}

fn search(start: &Path) -> Found {
    let Ok(abs) = std::fs::canonicalize(start) else {
        return Ok(None);
    };
    for dir in abs.ancestors() {
        let file = dir.join(PROJECT_FILE);
        if !file.is_file() {
            continue;
        }
        let text = crate::read::text_within(&file, dir).or_else(|d| {
            // An empty project file is a project with today's defaults.
            if d.message.contains("empty") {
                Ok(String::new())
            } else {
                Err(d)
            }
        })?;
        let shown = relative(dir);
        let parsed: ProjectFile = toml::from_str(&text).map_err(|e| {
            let d = Diagnostic::error(shown.join(PROJECT_FILE), e.message().to_string())
                .hint("see README.md, \"The project file\"");
            match e.span() {
                Some(span) => {
                    let before = text.get(..span.start).unwrap_or("");
                    let line = before.matches('\n').count() + 1;
                    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                    d.at(Some(&text), line, col)
                }
                None => d,
            }
        })?;
        return Ok(Some(Arc::new(Project {
            dir: shown,
            file: parsed,
            text,
        })));
    }
    Ok(None)
}

/// `abs` as seen from the current folder: `plans` for `/x/plans` in `/x`, `..` in
/// `/x/plans/2018`; `abs` itself when there is no current folder to compare with.
pub fn relative(abs: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize) else {
        return abs.to_path_buf();
    };
    let (a, c): (Vec<Component>, Vec<Component>) =
        (abs.components().collect(), cwd.components().collect());
    let common = a.iter().zip(&c).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return abs.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..c.len() {
        out.push("..");
    }
    for part in &a[common..] {
        out.push(part.as_os_str());
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// `./a/./b` → `a/b`; keeps `..` and a lone `.`.
fn tidy(p: &Path) -> PathBuf {
    let out: PathBuf = p
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// The top-level keys of the defaults that `text` (a document) does not write itself, as YAML
/// text to append; empty when there is nothing to add. `flow`: its top-level mapping is
/// written in flow style (`{ … }`), and then the defaults are flow entries to put before its
/// closing brace.
fn defaults_text(defaults: &Defaults, text: &str, flow: bool) -> String {
    // The top-level keys written, as the YAML parser reads them (`"issuer":` too); when that
    // cannot be told, nothing is added and the document's own parse says what is wrong.
    let names = ["unit", "issuer", "place", "layout", "archive"];
    let Some([unit_report, issuer, place, layout, archive]) = crate::head::top_keys(text, names)
    else {
        return String::new();
    };
    // A unit's report takes its issuer and place from the registry.
    let wanted = Defaults {
        issuer: defaults.issuer.clone().filter(|_| !unit_report && !issuer),
        place: defaults.place.clone().filter(|_| !unit_report && !place),
        layout: defaults.layout.filter(|_| !layout),
        archive: defaults.archive.clone().filter(|_| !archive),
    };
    if wanted == Defaults::default() {
        return String::new();
    }
    // A document written as one flow mapping (`{ … }`, JSON) takes them as flow entries
    // before its closing brace, as JSON; one in block style, as block YAML after it.
    if flow {
        let entries = match serde_json::to_value(&wanted) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => return String::new(),
        };
        return entries
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{}: {v}", serde_json::Value::from(k.as_str())))
            .collect::<Vec<_>>()
            .join(", ");
    }
    match serde_yaml::to_string(&wanted) {
        Ok(yaml) => format!("\n# vanban.toml [defaults]\n{yaml}"),
        Err(_) => String::new(),
    }
}

/// `text` (the document at `path`) with the defaults of its project added; the text itself
/// when the project has none.
pub fn with_defaults<'a>(text: &'a str, path: &Path) -> std::borrow::Cow<'a, str> {
    match find(path) {
        Ok(Some(p)) if p.file.defaults != Defaults::default() => {
            let close = crate::head::top_flow_close(text);
            let extra = defaults_text(&p.file.defaults, text, close.is_some());
            if extra.is_empty() {
                return text.into();
            }
            match close {
                // Inserted before the brace: every position before it stays where it is.
                Some(close) => {
                    let before = text[..close].trim_end();
                    let sep = if before.ends_with(['{', ',']) {
                        " "
                    } else {
                        ", "
                    };
                    let (head, tail) = text.split_at(close);
                    format!("{head}{sep}{extra} {tail}").into()
                }
                None => {
                    let sep = if text.ends_with('\n') { "" } else { "\n" };
                    format!("{text}{sep}{extra}").into()
                }
            }
        }
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_what_a_document_leaves_out() {
        let d: ProjectFile = toml::from_str(
            "[defaults]\nplace = \"Bắc Giang\"\narchive = [\"VT\", \"NVY\"]\nissuer = { name = \"SỞ Y TẾ\", abbr = \"SYT\" }\n",
        )
        .unwrap();
        let extra = defaults_text(&d.defaults, "kind: plan\nplace: Hà Nội\n", false);
        assert!(
            extra.contains("issuer:") && extra.contains("archive:"),
            "{extra}"
        );
        assert!(!extra.contains("place:"), "{extra}");
        let unit = defaults_text(&d.defaults, "kind: report\nunit: cdc\n", false);
        // A quoted key is a key; a `place:` inside a block scalar is not one.
        let quoted = defaults_text(
            &d.defaults,
            "kind: plan\n\"issuer\": {abbr: X}\nsummary: |\n  place: Huế\narchive: [VT]\n",
            false,
        );
        assert!(
            !quoted.contains("issuer:")
                && quoted.contains("place:")
                && !quoted.contains("archive:"),
            "{quoted}"
        );
        assert!(
            !unit.contains("issuer:") && !unit.contains("place:"),
            "{unit}"
        );
        assert_eq!(d.folders, Folders::default());
    }

    #[test]
    fn paths_are_tidied() {
        assert_eq!(tidy(Path::new("./plans")), PathBuf::from("plans"));
        assert_eq!(tidy(Path::new(".")), PathBuf::from("."));
        assert_eq!(tidy(Path::new("../plans")), PathBuf::from("../plans"));
    }
}
