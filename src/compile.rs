//! One document through every stage: text → model → validated → view → Markdown → DOCX.
//! Pure: no disk access (the [`Project`] was read before; images come through [`Assets`]),
//! so the batch driver can run it on any thread.

use std::path::Path;

use crate::assets::{self, Assets, NoAssets};
use crate::consolidate;
use crate::error::Diagnostic;
use crate::model::{Document, Signature, Status};
use crate::project::Project;
use crate::render::Rendered;
use crate::span::{join, Source};
use crate::templates::Templates;
use crate::{docx, lint, load, render, validate, view};

/// The images of a signed document's electronic copy, checked PNG bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Images {
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

/// Parses and validates `text` (the content of `path`) without rendering. Reports are checked
/// against their plan, the units registry and the other reports of `project`.
pub fn check(
    text: &str,
    path: &Path,
    project: &Project,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let doc = load::parse(text, path).map_err(|d| vec![d])?;
    let warnings = validate_document(&doc, text, path, project)?;
    Ok((doc, warnings))
}

/// Validates a parsed document: its warnings, or its errors.
pub(crate) fn validate_document(
    doc: &Document,
    text: &str,
    path: &Path,
    project: &Project,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let src = Source::new(path, text);
    let mut found = match doc {
        Document::Plan(p) => {
            let mut found = validate::plan(p, &src);
            found.extend(lint::plan(p, &src));
            found
        }
        Document::Report(r) => {
            let mut found = validate::report::report(r, &src, project);
            let head = project.unit(r.unit_id()).map_or("", |u| u.head.as_str());
            found.extend(lint::report(r, head, &src));
            found
        }
        Document::ConsolidatedReport(c) => {
            let mut found = validate::report::consolidated(c, &src, project);
            found.extend(lint::consolidated(c, &src));
            found
        }
        Document::Letter(l) => {
            let mut found = validate::letter(l, &src);
            found.extend(lint::letter(l, &src));
            found
        }
    };
    found.extend(crate::values::document(doc, &src));
    let (errors, warnings): (Vec<_>, Vec<_>) = found.into_iter().partition(Diagnostic::is_error);
    if errors.is_empty() {
        Ok(warnings)
    } else {
        Err(errors)
    }
}

/// Renders a document to Markdown (the whole file and the body) and the DOCX frame (without
/// images), with the warnings found.
pub fn render_markdown(
    text: &str,
    path: &Path,
    templates: &Templates,
    project: &Project,
) -> Result<(Rendered, docx::Frame, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (doc, warnings) = check(text, path, project)?;
    let (rendered, frame) = render_document(&doc, path, templates, project)?;
    Ok((rendered, frame, warnings))
}

/// What of its [`Project`] a document's outputs depend on, besides its own text, its images
/// and the templates: what [`validate_document`] and [`render_document`] read of it. `vanban
/// watch` reuses a document's outputs while that part of the project is unchanged (see
/// [`crate::world`]), so this must change whenever they read more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectInputs {
    /// Nothing: a plan, a letter.
    None,
    /// The registry, the plans (each whole) and the other documents' names and kinds, and of
    /// every report its unit, plan, period and year: a report (its plan and unit, the hints
    /// naming the plans, two reports of one unit for one period). Two places hash it, and
    /// both change when a report reads more: `world::ProjectKeys` from the parsed project,
    /// and a build's `scan::face` from each document's top-level entries.
    PlansAndReportKeys,
    /// The registry and every document whole: a consolidated report.
    All,
}

/// See [`ProjectInputs`].
pub fn project_inputs(doc: &Document) -> ProjectInputs {
    match doc {
        Document::Plan(_) | Document::Letter(_) => ProjectInputs::None,
        Document::Report(_) => ProjectInputs::PlansAndReportKeys,
        Document::ConsolidatedReport(_) => ProjectInputs::All,
    }
}

impl ProjectInputs {
    /// What a document whose top-level `kind` is `kind` reads of its project, before it is
    /// parsed: as [`project_inputs`] says of the document that kind parses to, and
    /// [`ProjectInputs::All`] for a kind that is not told or not known (its build then fails).
    pub fn of_kind(kind: Option<&str>) -> ProjectInputs {
        match kind {
            Some("plan" | "letter") => ProjectInputs::None,
            Some("report") => ProjectInputs::PlansAndReportKeys,
            _ => ProjectInputs::All,
        }
    }
}

/// Renders a validated document: Markdown and the DOCX frame (without images).
fn render_document(
    doc: &Document,
    path: &Path,
    templates: &Templates,
    project: &Project,
) -> Result<(Rendered, docx::Frame), Vec<Diagnostic>> {
    let one = |d: Diagnostic| vec![d];
    let bug = |what: &str| {
        vec![Diagnostic::error(
            path,
            format!("the report's {what} went missing after validation"),
        )
        .hint("this is a bug in vanban; please report it")]
    };
    Ok(match doc {
        Document::Plan(p) => {
            let v = view::plan(p);
            let rendered = render::render(templates, "plan.md", &v, &v.appendices).map_err(one)?;
            finish(
                v.frame.to_docx(&p.issuer),
                &v.blocks,
                &v.appendices,
                rendered,
            )
        }
        Document::Report(r) => {
            let plan = r.plan.as_deref().and_then(|k| project.plan(k));
            let unit = r.unit.as_deref().and_then(|k| project.unit(k));
            if (r.plan.is_some() && plan.is_none()) || (r.unit.is_some() && unit.is_none()) {
                return Err(bug("plan or unit"));
            }
            let figures = match (plan, unit) {
                (Some(plan), Some(unit)) => consolidate::report_figures(r, plan, unit),
                _ => Default::default(),
            };
            let v = view::report::report(r, unit, plan, &figures);
            let rendered =
                render::render(templates, "report.md", &v, &v.appendices).map_err(one)?;
            let issuer = match unit {
                Some(u) => u.issuer(),
                None => r.issuer.clone().unwrap_or_default(),
            };
            finish(v.frame.to_docx(&issuer), &v.blocks, &v.appendices, rendered)
        }
        Document::ConsolidatedReport(c) => {
            let Some(plan) = project.plan(&c.plan) else {
                return Err(bug("plan"));
            };
            // a plan without a deadline for the period: the reports are counted as received
            let due = plan.due(c.period.deliverable());
            let subs = consolidate::submissions(project, &c.plan, c.period, c.year);
            let cons = consolidate::consolidate_by(
                project.units(),
                &subs,
                due,
                c.date.and_then(crate::model::DocDate::day),
            );
            let v = view::report::consolidated(c, plan, project.units(), &cons);
            let rendered = render::render(templates, "consolidated-report.md", &v, &v.appendices)
                .map_err(one)?;
            finish(
                v.frame.to_docx(&c.issuer),
                &v.blocks,
                &v.appendices,
                rendered,
            )
        }
        Document::Letter(l) => {
            let v = view::letter_view(l);
            let rendered =
                render::render(templates, "letter.md", &v, &v.appendices).map_err(one)?;
            finish(
                v.frame.to_docx(&l.issuer),
                &v.blocks,
                &v.appendices,
                rendered,
            )
        }
    })
}

/// The rendering and the DOCX frame completed: the clerk's tables of the body (in the order
/// of their markers), the appendices with their bodies, and every `[[id]]` reference to an
/// appendix replaced by its label ("Phụ lục I") in the Markdown and in the tables.
fn finish(
    mut frame: docx::Frame,
    blocks: &[view::Block],
    appendices: &[view::appendix::AppendixView],
    mut rendered: Rendered,
) -> (Rendered, docx::Frame) {
    frame.grids = blocks.iter().filter_map(|b| b.grid.clone()).collect();
    frame.appendices = view::appendix::pages(appendices, &rendered.appendices);
    if !appendices.is_empty() {
        let resolve = |t: &mut String| *t = view::appendix::resolve(t, appendices);
        resolve(&mut rendered.markdown);
        resolve(&mut rendered.body);
        rendered.appendices.iter_mut().for_each(resolve);
        for a in &mut frame.appendices {
            resolve(&mut a.body);
        }
        let grids = frame
            .grids
            .iter_mut()
            .chain(frame.appendices.iter_mut().flat_map(|a| a.grids.iter_mut()));
        for g in grids {
            for cell in g.header.iter_mut().chain(g.rows.iter_mut()).flatten() {
                resolve(&mut cell.text);
            }
        }
    }
    (rendered, frame)
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

/// Loads and checks the images a signed document names (`signature_image`, `seal_image`)
/// through `assets`. A draft carries no images, so nothing is loaded for it. Every problem
/// names the YAML line of its key.
pub(crate) fn images(
    doc: &Document,
    text: &str,
    path: &Path,
    assets: &dyn Assets,
) -> Result<Images, Vec<Diagnostic>> {
    let report_signature;
    let (status, signature): (Status, &Signature) = match doc {
        Document::Plan(p) => (p.effective_status(), &p.signature),
        Document::Report(r) => {
            report_signature = r.signature.resolve("");
            (r.effective_status(), &report_signature)
        }
        Document::ConsolidatedReport(c) => (c.effective_status(), &c.signature),
        Document::Letter(l) => (l.effective_status(), &l.signature),
    };
    // Only the issued document carries the images of its electronic copy.
    if status != Status::Issued {
        return Ok(Images::default());
    }
    let mut errors = Vec::new();
    let src = Source::new(path, text);
    let mut one = |key: &str, rel: Option<&String>| -> Option<Vec<u8>> {
        let rel = rel?;
        let result = assets
            .read(path, rel)
            .and_then(|bytes| assets::png_size(rel, &bytes).map(|_| bytes));
        match result {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                errors.push(
                    src.error(&join("signature", key), format!("{key}: {}", e.message))
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
pub fn compile(
    text: &str,
    path: &Path,
    templates: &Templates,
    project: &Project,
) -> Result<Outputs, Vec<Diagnostic>> {
    compile_with(text, path, templates, &NoAssets, project)
}

/// Compiles one document, taking the images it names from `assets`.
pub(crate) fn compile_with(
    text: &str,
    path: &Path,
    templates: &Templates,
    assets: &dyn Assets,
    project: &Project,
) -> Result<Outputs, Vec<Diagnostic>> {
    let doc = load::parse(text, path).map_err(|d| vec![d])?;
    let images = images(&doc, text, path, assets)?;
    compile_document(&doc, text, path, templates, images, project)
}

/// Compiles a document already parsed from `text`: validation, rendering, DOCX.
pub(crate) fn compile_document(
    doc: &Document,
    text: &str,
    path: &Path,
    templates: &Templates,
    images: Images,
    project: &Project,
) -> Result<Outputs, Vec<Diagnostic>> {
    let warnings = validate_document(doc, text, path, project)?;
    let (rendered, mut frame) = render_document(doc, path, templates, project)?;
    frame.signature_png = images.signature;
    frame.seal_png = images.seal;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_kind_reads_is_what_the_document_it_parses_to_reads() {
        let read = |rel: &str| {
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
        };
        for (kind, rel) in [
            (
                "letter",
                "tests/fixtures/real/sgddt-ha-noi-cong-van-5095/input.yaml",
            ),
            ("report", "plans/2018/bao-cao/6-thang/cdc.yaml"),
            ("plan", "plans/2018/ke-hoach-phong-chong-mai-dam.yaml"),
            (
                "consolidated-report",
                "plans/2018/bao-cao-tong-hop-nam.yaml",
            ),
        ] {
            let doc = crate::load::parse(&read(rel), Path::new("x.yaml")).unwrap();
            assert_eq!(
                ProjectInputs::of_kind(Some(kind)),
                project_inputs(&doc),
                "{kind}"
            );
        }
        for unknown in [None, Some("kế hoạch"), Some("Plan")] {
            assert_eq!(ProjectInputs::of_kind(unknown), ProjectInputs::All);
        }
    }
}
