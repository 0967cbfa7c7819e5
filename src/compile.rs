//! One document through every stage: text → model → validated → view → Markdown → DOCX.
//! Pure: no disk access, so the batch driver can run it on any thread.

use std::path::Path;

use crate::assets::{self, Assets, NoAssets};
use crate::error::Diagnostic;
use crate::model::{Document, Signature, Status};
use crate::templates::Templates;
use crate::{docx, lint, load, render, validate, view};

/// The images of a signed document's electronic copy, checked PNG bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Images {
    /// The signer's signature.
    pub signature: Option<Vec<u8>>,
    /// The issuer's seal.
    pub seal: Option<Vec<u8>>,
}

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

/// Loads and checks the images a signed document names (`signature_image`, `seal_image`)
/// through `assets`. A draft carries no images, so nothing is loaded for it. Every problem
/// names the YAML line of its key.
pub fn images(
    doc: &Document,
    text: &str,
    path: &Path,
    assets: &dyn Assets,
) -> Result<Images, Vec<Diagnostic>> {
    let (status, signature): (Status, &Signature) = match doc {
        Document::Plan(p) => (p.effective_status(), &p.signature),
    };
    if status != Status::Signed {
        return Ok(Images::default());
    }
    let mut errors = Vec::new();
    let mut one = |key: &str, rel: Option<&String>| -> Option<Vec<u8>> {
        let rel = rel?;
        let result = assets
            .read(path, rel)
            .and_then(|bytes| assets::png_size(rel, &bytes).map(|_| bytes));
        match result {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                errors.push(
                    load::locate_key(
                        Diagnostic::error(path, format!("{key}: {}", e.message)),
                        text,
                        key,
                    )
                    .hint(e.hint),
                );
                None
            }
        }
    };
    let images = Images {
        signature: one("signature_image", signature.signature_image.as_ref()),
        seal: one("seal_image", signature.seal_image.as_ref()),
    };
    if errors.is_empty() {
        Ok(images)
    } else {
        Err(errors)
    }
}

/// Compiles one document that names no images (a signed document's images fail with a
/// located error; use [`compile_with`] to give them).
pub fn compile(text: &str, path: &Path, templates: &Templates) -> Result<Outputs, Vec<Diagnostic>> {
    compile_with(text, path, templates, &NoAssets)
}

/// Compiles one document, taking the images it names from `assets`.
pub fn compile_with(
    text: &str,
    path: &Path,
    templates: &Templates,
    assets: &dyn Assets,
) -> Result<Outputs, Vec<Diagnostic>> {
    let (doc, _) = check(text, path)?;
    let images = images(&doc, text, path, assets)?;
    compile_with_images(text, path, templates, images)
}

/// Compiles one document with its images already loaded and checked (see [`images`]).
pub fn compile_with_images(
    text: &str,
    path: &Path,
    templates: &Templates,
    images: Images,
) -> Result<Outputs, Vec<Diagnostic>> {
    let (doc, warnings) = check(text, path)?;
    let (rendered, frame) = match &doc {
        Document::Plan(p) => {
            let v = view::plan(p);
            let rendered = render::render(templates, "plan.md", &v).map_err(|d| vec![d])?;
            let mut frame = v.frame.to_docx(&p.issuer);
            frame.signature.signature_png = images.signature;
            frame.signature.seal_png = images.seal;
            (rendered, frame)
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
