//! One document through every stage: text → model → validated → view → Markdown → DOCX.
//! Pure: no disk access, so the batch driver can run it on any thread.

use std::path::Path;

use crate::error::Diagnostic;
use crate::model::Document;
use crate::templates::Templates;
use crate::{docx, lint, load, render, validate, view};

/// What one document compiles to.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// The `.md` file.
    pub markdown: String,
    /// The `.docx` file.
    pub docx: Vec<u8>,
    /// Warnings found on the way (the build goes on).
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates `text` (the content of `path`) without rendering.
pub fn check(text: &str, path: &Path) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let doc = load::parse(text, path).map_err(|d| vec![d])?;
    let found = match &doc {
        Document::Plan(p) => {
            let mut found = validate::plan(p, text, path);
            found.extend(lint::plan(p, text, path));
            found
        }
    };
    let (errors, warnings): (Vec<_>, Vec<_>) = found.into_iter().partition(Diagnostic::is_error);
    if errors.is_empty() {
        Ok((doc, warnings))
    } else {
        Err(errors)
    }
}

/// Compiles one document to Markdown only (no DOCX): for `vanban check` of templates and tests.
pub fn compile_markdown(
    text: &str,
    path: &Path,
    templates: &Templates,
) -> Result<String, Vec<Diagnostic>> {
    let (doc, _) = check(text, path)?;
    match &doc {
        Document::Plan(p) => render::render(templates, "plan.md", &view::plan(p))
            .map(|r| r.markdown)
            .map_err(|d| vec![d]),
    }
}

/// Compiles one document.
pub fn compile(text: &str, path: &Path, templates: &Templates) -> Result<Outputs, Vec<Diagnostic>> {
    let (doc, warnings) = check(text, path)?;
    let (rendered, frame) = match &doc {
        Document::Plan(p) => {
            let v = view::plan(p);
            let rendered = render::render(templates, "plan.md", &v).map_err(|d| vec![d])?;
            (rendered, v.frame.to_docx(&p.issuer))
        }
    };
    let docx = docx::write(&frame, &rendered.body).map_err(|e| {
        vec![Diagnostic::error(
            path,
            format!("cannot write the DOCX: {e}"),
        )]
    })?;
    Ok(Outputs {
        markdown: rendered.markdown,
        docx,
        warnings,
    })
}
