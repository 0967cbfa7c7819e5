//! `vanban schema [KIND]`: the JSON Schema (draft 07) of vanban's YAML, generated from the
//! model types (their derives, doc comments and `#[schemars(…)]` attributes; the hand-written
//! forms are in [`crate::model::schema_forms`]). Never kept by hand: `schema/` holds the
//! generated copy that editors read (VS Code's YAML extension through the
//! `# yaml-language-server: $schema=…` line of each document), and a test keeps it equal to
//! what this module generates.

use std::path::{Component, Path, PathBuf};

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Map, Value};

use crate::config::{Defaults, ProjectFile};
use crate::error::Diagnostic;
use crate::model::schema_forms::DATE;
use crate::model::{ConsolidatedReport, Letter, Plan, Registry, Report};

/// What `vanban schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Any document: the kind's schema chosen by `kind:` (the schema of plans/**.yaml).
    Document,
    /// `kind: plan`, kế hoạch.
    Plan,
    /// `kind: report`, báo cáo.
    Report,
    /// `kind: consolidated-report`, báo cáo tổng hợp.
    ConsolidatedReport,
    /// `kind: letter`, công văn.
    Letter,
    /// The units registry, plans/units.yaml.
    Units,
    /// The project file, vanban.toml.
    Project,
}

/// The folder of the committed schemas, beside `vanban.toml`.
pub const FOLDER: &str = "schema";

/// The files `vanban schema --out DIR` writes, and what each holds.
pub const FILES: [(Kind, &str); 3] = [
    (Kind::Document, "vanban.schema.json"),
    (Kind::Units, "units.schema.json"),
    (Kind::Project, "vanban.toml.schema.json"),
];

/// The document kinds, as `kind:` spells them.
const KINDS: [(Kind, &str); 4] = [
    (Kind::Plan, "plan"),
    (Kind::Report, "report"),
    (Kind::ConsolidatedReport, "consolidated-report"),
    (Kind::Letter, "letter"),
];

fn settings() -> SchemaSettings {
    SchemaSettings::draft07()
}

/// The schema of `kind`, as a JSON value.
pub fn generate(kind: Kind) -> Value {
    let mut value = match kind {
        Kind::Document => document(),
        Kind::Plan => root::<Plan>(),
        Kind::Report => root::<Report>(),
        Kind::ConsolidatedReport => root::<ConsolidatedReport>(),
        Kind::Letter => root::<Letter>(),
        Kind::Units => root::<Registry>(),
        Kind::Project => root::<ProjectFile>(),
    };
    if let Some((_, name)) = KINDS.iter().find(|(k, _)| *k == kind) {
        document_kind(&mut value, name);
        let mut defs = value.get("definitions").cloned().unwrap_or_default();
        vietnamese_terms(&mut value, &mut defs, name);
        if let Some(o) = value.as_object_mut() {
            o.insert("definitions".into(), defs);
        }
    }
    let title = match kind {
        Kind::Document => "vanban document (kế hoạch, báo cáo, báo cáo tổng hợp, công văn)",
        Kind::Plan => "vanban plan (kế hoạch)",
        Kind::Report => "vanban report (báo cáo)",
        Kind::ConsolidatedReport => "vanban consolidated report (báo cáo tổng hợp)",
        Kind::Letter => "vanban letter (công văn)",
        Kind::Units => "vanban units registry (plans/units.yaml)",
        Kind::Project => "vanban project file (vanban.toml)",
    };
    if let Some(o) = value.as_object_mut() {
        o.insert("title".into(), title.into());
    }
    tidy(&mut value);
    first_keys(&mut value, &["$schema", "title", "description"])
}

/// `v` with `keys` first (where a reader looks), the rest in their order.
fn first_keys(v: &mut Value, keys: &[&str]) -> Value {
    let Some(o) = v.as_object_mut() else {
        return v.take();
    };
    let mut out = Map::new();
    for k in keys {
        if let Some(x) = o.remove(*k) {
            out.insert((*k).to_string(), x);
        }
    }
    out.extend(std::mem::take(o));
    Value::Object(out)
}

/// The schema of `kind` as the committed file holds it: pretty JSON and a final newline.
pub fn text(kind: Kind) -> String {
    let mut s = serde_json::to_string_pretty(&generate(kind)).unwrap_or_default();
    s.push('\n');
    s
}

fn root<T: JsonSchema>() -> Value {
    settings()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// Any document: `kind` picks the schema (`if kind is plan then Plan`, …), so an error names
/// the key of that kind, not of four.
fn document() -> Value {
    let mut g = settings().into_generator();
    let refs = [
        g.subschema_for::<Plan>(),
        g.subschema_for::<Report>(),
        g.subschema_for::<ConsolidatedReport>(),
        g.subschema_for::<Letter>(),
    ];
    let mut definitions = g.take_definitions(true);
    let mut branches = Vec::new();
    for ((_, name), r) in KINDS.iter().zip(refs) {
        let r = r.to_value();
        let def = r
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|p| p.rsplit('/').next())
            .map(str::to_string);
        if let Some(d) = def {
            if let Some(mut kind_schema) = definitions.get(&d).cloned() {
                document_kind(&mut kind_schema, name);
                let mut defs = Value::Object(std::mem::take(&mut definitions));
                vietnamese_terms(&mut kind_schema, &mut defs, name);
                if let Value::Object(m) = defs {
                    definitions = m;
                }
                definitions.insert(d, kind_schema);
            }
        }
        branches.push(json!({
            "if": { "properties": { "kind": { "const": name } }, "required": ["kind"] },
            "then": r,
        }));
    }
    let names: Vec<&str> = KINDS.iter().map(|(_, n)| *n).collect();
    json!({
        "$schema": settings().meta_schema.as_deref().unwrap_or_default(),
        "description": "A document vanban builds into DOCX and Markdown. Keys are English snake_case, values Vietnamese text; unknown keys are errors. See README.md, \"The YAML schema\".",
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {
                "description": "The kind of document: plan (kế hoạch), report (báo cáo), consolidated-report (báo cáo tổng hợp) or letter (công văn).",
                "enum": names,
            }
        },
        "allOf": branches,
        "definitions": Value::Object(definitions),
    })
}

/// The keys `vanban.toml`'s `[defaults]` can add to a document, from the `Defaults` type.
fn default_keys() -> Vec<String> {
    let v = root::<Defaults>();
    v.get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// Marks the schema of one document kind: `kind` is that constant, and a key that
/// `vanban.toml` can supply is not required of the file itself.
fn document_kind(schema: &mut Value, name: &str) {
    let defaults = default_keys();
    let Some(o) = schema.as_object_mut() else {
        return;
    };
    if let Some(kind) = o.get_mut("properties").and_then(|p| p.get_mut("kind")) {
        *kind = json!({ "description": format!("Always `{name}`."), "const": name });
    }
    let mut relaxed = Vec::new();
    if let Some(Value::Array(req)) = o.get_mut("required") {
        req.retain(|k| {
            let keep = !k.as_str().is_some_and(|k| defaults.iter().any(|d| d == k));
            if !keep {
                relaxed.push(k.as_str().unwrap_or_default().to_string());
            }
            keep
        });
    }
    for key in relaxed {
        let Some(p) = o.get_mut("properties").and_then(|p| p.get_mut(&key)) else {
            continue;
        };
        let said = p
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let note = "Required, unless vanban.toml's [defaults] gives it.";
        let d = if said.is_empty() {
            note.to_string()
        } else {
            format!("{said} {note}")
        };
        if let Some(p) = p.as_object_mut() {
            p.insert("description".into(), d.into());
        }
    }
}

/// A key a glossary row names, with the value it gives (`kind: plan` → `kind`, `plan`).
type GlossaryKey = (String, Option<String>);

/// The README's glossary (`## Glossary`): each Vietnamese term and the keys it names
/// (`issuer.parent`, `number`, `status` of `status: draft`, …), as the table's last column
/// writes them in backticks.
fn glossary() -> Vec<(String, Vec<GlossaryKey>)> {
    const README: &str = include_str!("../README.md");
    let Some(start) = README.find("\n## Glossary\n") else {
        return Vec::new();
    };
    let table = &README[start + 1..];
    let table = &table[..table[3..].find("\n## ").map_or(table.len(), |i| i + 3)];
    let is_key = |k: &str| {
        !k.is_empty()
            && k.split('.').count() <= 2
            && k.chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
    };
    table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Vietnamese"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let (vi, at) = (cells.get(1)?, cells.get(3)?);
            // What the row names first: up to a `;` or an ", or" (what follows explains).
            let at = at.split(';').next()?.split(", or").next()?;
            let keys: Vec<GlossaryKey> = at
                .split('`')
                .skip(1)
                .step_by(2)
                .map(|k| match k.split_once(": ") {
                    Some((key, value)) => (key, Some(value.to_string())),
                    None => (k, None),
                })
                .filter(|(k, _)| is_key(k))
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            (!keys.is_empty()).then(|| (vi.to_string(), keys))
        })
        .collect()
}

/// Adds the README glossary's Vietnamese term to the description of each key it names, in
/// the schema of one document kind (`key`) and the definitions its keys refer to
/// (`issuer.parent`). `kind` is the document kind (`kind: plan` names only the plan's).
fn vietnamese_terms(kind_schema: &mut Value, definitions: &mut Value, kind: &str) {
    for (vi, keys) in glossary() {
        for (key, value) in keys {
            if key == "kind" && value.as_deref() != Some(kind) {
                continue;
            }
            let (top, inner) = match key.split_once('.') {
                Some((a, b)) => (a, Some(b)),
                None => (key.as_str(), None),
            };
            let Some(prop) = kind_schema
                .get_mut("properties")
                .and_then(|p| p.get_mut(top))
            else {
                continue;
            };
            let target = match inner {
                None => Some(prop),
                Some(b) => {
                    let def = refs_of(prop).into_iter().next();
                    def.and_then(|d| definitions.get_mut(&d))
                        .and_then(|d| d.get_mut("properties"))
                        .and_then(|p| p.get_mut(b))
                }
            };
            if let Some(Value::Object(o)) = target {
                let said = o
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                if said.to_lowercase().contains(&vi.to_lowercase()) {
                    continue;
                }
                let d = if said.is_empty() {
                    format!("Tiếng Việt: {vi}.")
                } else {
                    format!("{said} Tiếng Việt: {vi}.")
                };
                o.insert("description".into(), d.into());
            }
        }
    }
}

/// The definitions a property's schema refers to (`$ref`, also inside `allOf`/`anyOf`).
fn refs_of(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        out.extend(r.rsplit('/').next().map(String::from));
    }
    for k in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(a)) = v.get(k) {
            a.iter().for_each(|x| out.extend(refs_of(x)));
        }
    }
    out
}

/// Every subschema: descriptions lose the line breaks of the doc comments and their rustdoc
/// links (`` [`Status`] `` becomes `` `Status` ``), a date gets its pattern, the integer
/// formats of Rust types (`uint32`, …), which editors do not know, go, and so does a
/// `default` of null (absent says it).
fn tidy(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if let Some(Value::String(d)) = o.get_mut("description") {
                *d = unlink(&unwrap_lines(d));
            }
            if o.get("default").is_some_and(Value::is_null) {
                o.remove("default");
            }
            tidy_format(o);
            for (_, child) in o.iter_mut() {
                tidy(child);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(tidy),
        _ => {}
    }
}

fn tidy_format(o: &mut Map<String, Value>) {
    match o.get("format").and_then(Value::as_str) {
        Some("date") => {
            o.entry("pattern").or_insert_with(|| DATE.into());
        }
        Some(f)
            if f.starts_with("int") || f.starts_with("uint") || f == "double" || f == "float" =>
        {
            o.remove("format");
        }
        _ => {}
    }
}

/// The lines of a doc comment's paragraph joined with spaces; paragraphs stay apart.
fn unwrap_lines(s: &str) -> String {
    s.split("\n\n")
        .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// "see \[`Status`\]" → "see `Status`".
fn unlink(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[`") {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        match after.find("`]") {
            Some(j) => {
                out.push_str(&after[1..j + 1]);
                rest = &after[j + 2..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Writes every file of [`FILES`] into `dir` (atomically); returns their paths.
pub(crate) fn write_all(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    FILES
        .iter()
        .map(|(kind, name)| {
            let path = dir.join(name);
            crate::write::write_atomic(&path, text(*kind).as_bytes())
                .map_err(|e| Diagnostic::error(&path, format!("cannot write: {e}")))?;
            Ok(path)
        })
        .collect()
}

/// The first line of a YAML file at `file` that points VS Code's YAML extension (and any
/// yaml-language-server) at the schema file `schema`, by a path relative to the YAML's folder.
pub fn modeline(file: &Path, schema: &Path) -> String {
    let from = absolute(file.parent().unwrap_or(Path::new(".")));
    let to = absolute(schema);
    let rel = relative_path(&from, &to);
    format!(
        "# yaml-language-server: $schema={}",
        rel.to_string_lossy().replace('\\', "/")
    )
}

/// The schema file of documents (`units` false) or of the units registry, in the project
/// whose plans folder is `root`.
pub fn project_schema(root: &Path, units: bool) -> PathBuf {
    let name = if units { FILES[1].1 } else { FILES[0].1 };
    crate::load::project_dir(root).join(FOLDER).join(name)
}

fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let f: Vec<Component> = from.components().collect();
    let t: Vec<Component> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c.as_os_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_glossary_names_keys() {
        let g = glossary();
        assert!(
            g.iter().any(|(vi, keys)| vi == "cơ quan chủ quản"
                && keys == &[("issuer.parent".to_string(), None)]),
            "{g:?}"
        );
        let plan = generate(Kind::Plan);
        let parent = plan["definitions"]["Issuer"]["properties"]["parent"]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(parent.contains("Tiếng Việt: cơ quan chủ quản."), "{parent}");
        let number = plan["properties"]["number"]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(number.contains("số, ký hiệu"), "{number}");
    }

    #[test]
    fn links_become_code() {
        assert_eq!(unlink("see [`Status`])."), "see `Status`).");
        assert_eq!(unlink("a [b] and [`c"), "a [b] and [`c");
    }

    #[test]
    fn modelines_are_relative_to_the_file() {
        let line = modeline(
            Path::new("/p/plans/2018/bao-cao/x.yaml"),
            Path::new("/p/schema/vanban.schema.json"),
        );
        assert_eq!(
            line,
            "# yaml-language-server: $schema=../../../schema/vanban.schema.json"
        );
    }

    #[test]
    fn a_kind_is_a_constant_and_defaults_are_not_required() {
        let plan = generate(Kind::Plan);
        assert_eq!(plan["properties"]["kind"]["const"], "plan");
        let required: Vec<&str> = plan["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(required.contains(&"summary"), "{required:?}");
        assert!(!required.contains(&"issuer"), "{required:?}");
        assert_eq!(plan["additionalProperties"], false);
    }
}
