//! Templates: the defaults in `templates/` are compiled into the binary; a user's templates
//! folder overrides any of them by name. A user template may extend the built-in one it
//! replaces as `builtin/<name>` and change a single block.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::error::Diagnostic;

pub(crate) mod helpers;
pub(crate) mod watchdog;

/// The built-in templates, by name.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("base.md", include_str!("../templates/base.md")),
    ("plan.md", include_str!("../templates/plan.md")),
    ("report.md", include_str!("../templates/report.md")),
    ("letter.md", include_str!("../templates/letter.md")),
    (
        "consolidated-report.md",
        include_str!("../templates/consolidated-report.md"),
    ),
    ("blocks.md", include_str!("../templates/blocks.md")),
    ("table.md", include_str!("../templates/table.md")),
    ("appendix.md", include_str!("../templates/appendix.md")),
];

/// Largest template file read.
pub(crate) const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// Largest Markdown a template may render for one document: far more than any document
/// needs, and a template that loops past it is stopped with an error naming it.
pub(crate) const MAX_RENDERED_BYTES: usize = 32 * 1024 * 1024;

/// Prefix under which every built-in stays reachable when a user overrides it.
pub(crate) const BUILTIN_PREFIX: &str = "builtin/";

/// The compiled set of templates, and where each came from (for error messages).
pub struct Templates {
    tera: Tera,
    origins: BTreeMap<String, PathBuf>,
    /// Content of every template in use, by name, sorted (for the build manifest).
    pub(crate) sources: BTreeMap<String, String>,
}

impl Templates {
    /// The built-ins alone.
    pub fn builtin() -> Result<Self, Diagnostic> {
        Self::load(None)
    }

    /// The built-ins overridden by the `.md` files of `dir` (when given and present).
    pub fn load(dir: Option<&Path>) -> Result<Self, Diagnostic> {
        let (sources, origins) = read_sources(dir)?;
        Self::compile(sources, origins)
    }

    /// Like [`Templates::load`], but when the templates read are those `kept` was compiled
    /// from (same names, texts and files), `kept` itself is returned and nothing is compiled
    /// again: what `vanban watch` does between two saves.
    pub(crate) fn load_reusing(
        dir: Option<&Path>,
        kept: Option<&std::sync::Arc<Templates>>,
    ) -> Result<std::sync::Arc<Self>, Diagnostic> {
        let (sources, origins) = read_sources(dir)?;
        match kept {
            Some(k) if k.sources == sources && k.origins == origins => Ok(k.clone()),
            _ => Self::compile(sources, origins).map(std::sync::Arc::new),
        }
    }

    fn compile(
        sources: BTreeMap<String, String>,
        origins: BTreeMap<String, PathBuf>,
    ) -> Result<Self, Diagnostic> {
        let mut tera = Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        helpers::register(&mut tera);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| diagnostic(&e, &origins, &sources))?;
        Ok(Templates {
            tera,
            origins,
            sources,
        })
    }

    /// Renders template `name` with `context`; with `block`, only that block.
    pub(crate) fn render(
        &self,
        name: &str,
        block: Option<&str>,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        let mut out = Limited {
            bytes: Vec::new(),
            over: false,
        };
        let file = self
            .origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name));
        let watched = watchdog::watch(name, file);
        let result = match block {
            Some(b) => self.tera.render_block_to(name, b, context, &mut out),
            None => self.tera.render_to(name, context, &mut out),
        };
        drop(watched);
        if out.over || out.bytes.len() > MAX_RENDERED_BYTES {
            let file = self
                .origins
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name));
            return Err(Diagnostic::error(
                file,
                format!(
                    "the template {name} renders more than {} MB for this document; rendering stopped",
                    MAX_RENDERED_BYTES / (1024 * 1024)
                ),
            )
            .hint("check the template's loops (a {% for %} over a large range, or nested loops); a document renders a few hundred kilobytes"));
        }
        result.map_err(|e| diagnostic(&e, &self.origins, &self.sources))?;
        String::from_utf8(out.bytes).map_err(|_| {
            Diagnostic::error(name, "the template rendered text that is not UTF-8")
                .hint("this is a bug in vanban; please report it")
        })
    }
}

/// The texts of the templates in use (the built-ins overridden by the `.md` files of `dir`)
/// and where each came from, by name.
type Read = (BTreeMap<String, String>, BTreeMap<String, PathBuf>);

fn read_sources(dir: Option<&Path>) -> Result<Read, Diagnostic> {
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let mut origins: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (name, text) in BUILTIN {
        sources.insert(format!("{BUILTIN_PREFIX}{name}"), (*text).to_string());
        sources.insert((*name).to_string(), (*text).to_string());
        let builtin_path = PathBuf::from(format!("<built-in>/templates/{name}"));
        origins.insert(format!("{BUILTIN_PREFIX}{name}"), builtin_path.clone());
        origins.insert((*name).to_string(), builtin_path);
    }
    if let Some(dir) = dir.filter(|d| d.is_dir()) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Diagnostic::error(dir, format!("cannot read the templates folder: {e}")))?
            .filter_map(Result::ok)
            // Links too (checked when read); folders named `x.md` are not templates.
            .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.is_dir())
            // Editors' lock and backup files (`.#plan.md`).
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let bytes = crate::paths::read_confined(&path, dir, MAX_TEMPLATE_BYTES)
                .map_err(|r| r.at(&path))?;
            let text = crate::read::decode(&bytes, &path)?;
            sources.insert(name.clone(), text);
            origins.insert(name, path);
        }
    }
    Ok((sources, origins))
}

/// A writer that refuses to grow past [`MAX_RENDERED_BYTES`]: the template stops at the
/// first write beyond it.
struct Limited {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_RENDERED_BYTES {
            self.over = true;
            return Err(std::io::Error::other("the rendered document is too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Turns a Tera error into a diagnostic naming the template file, line and column.
fn diagnostic(
    e: &tera::Error,
    origins: &BTreeMap<String, PathBuf>,
    sources: &BTreeMap<String, String>,
) -> Diagnostic {
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let file = origins.get(r.filename()).cloned().unwrap_or_else(|| PathBuf::from(r.filename()));
            let source = sources.get(r.filename()).map(String::as_str);
            let what = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            Diagnostic::error(file, format!("{what}: {}", r.message()))
                .at(source, r.span().start_line, r.span().start_col + 1)
                .hint("fix the template, or delete the override to use the built-in one")
        }
        _ => Diagnostic::error("templates", format!("template error: {e}"))
            .hint("check the names in {% extends %} and {% include %}: built-ins are base.md, plan.md, report.md, consolidated-report.md, letter.md, blocks.md, table.md (and builtin/<name>)"),
    }
}
