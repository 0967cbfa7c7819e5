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
        if let Some(def) = def.and_then(|d| definitions.get_mut(&d)) {
            document_kind(def, name);
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

/// "see [`Status`]" → "see `Status`".
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
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    FILES
        .iter()
        .map(|(kind, name)| {
            let path = dir.join(name);
            crate::build::write_atomic(&path, text(*kind).as_bytes())
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
