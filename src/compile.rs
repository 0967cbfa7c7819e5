//! One document through every stage: text → model → validated → view → Markdown → DOCX.
//! Pure: no disk access (the [`Project`] was read before), so the batch driver can run it on
//! any thread.

use std::path::Path;

use crate::consolidate;
use crate::error::Diagnostic;
use crate::model::Document;
use crate::project::Project;
use crate::render::Rendered;
use crate::templates::Templates;
use crate::{docx, load, render, validate, view};

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

/// Parses and validates `text` (the content of `path`) without rendering. Reports are checked
/// against their plan, the units registry and the other reports of `project`.
pub fn check(
    text: &str,
    path: &Path,
    project: &Project,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let doc = load::parse(text, path).map_err(|d| vec![d])?;
    let found = match &doc {
        Document::Plan(p) => validate::plan(p, text, path),
        Document::Report(r) => validate::report::report(r, text, path, project),
        Document::ConsolidatedReport(c) => validate::report::consolidated(c, text, path, project),
    };
    let (errors, warnings): (Vec<_>, Vec<_>) = found.into_iter().partition(Diagnostic::is_error);
    if errors.is_empty() {
        Ok((doc, warnings))
    } else {
        Err(errors)
    }
}

/// Renders a document to Markdown (the whole file and the body) and the DOCX frame.
pub fn render_markdown(
    text: &str,
    path: &Path,
    templates: &Templates,
    project: &Project,
) -> Result<(Rendered, docx::Frame, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (doc, warnings) = check(text, path, project)?;
    let one = |d: Diagnostic| vec![d];
    let (rendered, frame) = match &doc {
        Document::Plan(p) => {
            let v = view::plan(p);
            let rendered = render::render(templates, "plan.md", &v).map_err(one)?;
            (rendered, v.frame.to_docx(&p.issuer))
        }
        Document::Report(r) => {
            let (Some(plan), Some(unit)) = (project.plan(&r.plan), project.unit(&r.unit)) else {
                return Err(vec![Diagnostic::error(
                    path,
                    "the report's plan or unit went missing after validation",
                )
                .hint("this is a bug in vanban; please report it")]);
            };
            let figures = consolidate::report_figures(r, plan, unit);
            let v = view::report::report(r, unit, plan, &figures);
            let rendered = render::render(templates, "report.md", &v).map_err(one)?;
            (rendered, v.frame.to_docx(&unit.issuer()))
        }
        Document::ConsolidatedReport(c) => {
            let due = project
                .plan(&c.plan)
                .and_then(|p| Some((p, p.due(c.period.deliverable())?)));
            let Some((plan, due)) = due else {
                return Err(vec![Diagnostic::error(
                    path,
                    "the report's plan or its deadline went missing after validation",
                )
                .hint("this is a bug in vanban; please report it")]);
            };
            let subs = consolidate::submissions(project, &c.plan, c.period, c.year);
            let cons = consolidate::consolidate(project.units(), &subs, due, c.date);
            let v = view::report::consolidated(c, plan, project.units(), &cons);
            let rendered = render::render(templates, "consolidated-report.md", &v).map_err(one)?;
            (rendered, v.frame.to_docx(&c.issuer))
        }
    };
    Ok((rendered, frame, warnings))
}

/// Compiles one document to Markdown only (no DOCX): for `vanban check` of templates and tests.
pub fn compile_markdown(
    text: &str,
    path: &Path,
    templates: &Templates,
    project: &Project,
) -> Result<String, Vec<Diagnostic>> {
    render_markdown(text, path, templates, project).map(|(r, _, _)| r.markdown)
}

/// Compiles one document.
pub fn compile(
    text: &str,
    path: &Path,
    templates: &Templates,
    project: &Project,
) -> Result<Outputs, Vec<Diagnostic>> {
    let (rendered, frame, warnings) = render_markdown(text, path, templates, project)?;
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
