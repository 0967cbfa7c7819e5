//! `vanban status`: which unit sent which plan or report, as a table, JSON, CSV or the status
//! page.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::output::{emit, finish};
use super::{Format, StatusFormat};
use crate::build;
use crate::error::Diagnostic;

pub(super) fn run(
    path: Option<PathBuf>,
    as_of: Option<NaiveDate>,
    format: StatusFormat,
    html: Option<PathBuf>,
    out: Option<PathBuf>,
) -> i32 {
    let json = match format {
        StatusFormat::Json => Format::Json,
        _ => Format::Text,
    };
    let path = path.unwrap_or_else(crate::load::default_plans);
    if !path.is_dir() {
        let d = Diagnostic::error(&path, "no such folder")
            .hint("give the plans folder that holds units.yaml; the default is plans/");
        return finish("status", json, 1, &[d], None);
    }
    let root = crate::load::project_root(&crate::load::anchor(&path));
    let (project, mut problems) = crate::project::Project::load(&root);
    if project.registry.is_none() {
        problems.push(
            Diagnostic::error(root.join(crate::load::UNITS_FILE), "no units registry")
                .hint("create units.yaml with a `units:` list (see README.md)"),
        );
    }
    // A document that does not parse might be a report: say so, since the table may miss it.
    for entry in project.documents.values().filter(|e| e.doc.is_none()) {
        if let Err(d) = crate::load::parse(&entry.text, &entry.path) {
            problems.push(d);
        }
    }
    let as_of = as_of.unwrap_or_else(super::today);
    let s = crate::status::status(&project, as_of);
    let out = out.unwrap_or_else(|| build::default_output(std::slice::from_ref(&root)));
    let page = |at: &Path| crate::status_page::page_from(&project, &s, &out, at);
    // The page first: failing to write it is one of the problems the JSON carries.
    let mut wrote = None;
    if let Some(file) = html {
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        match crate::write::write_atomic(&file, page(&dir).as_bytes()) {
            Ok(()) => wrote = Some(file),
            Err(e) => problems.push(
                Diagnostic::error(&file, format!("cannot write the status page: {e}"))
                    .hint("check that the folder exists and is writable"),
            ),
        }
    }
    problems.iter().for_each(emit);
    let failed = !problems.is_empty();
    match format {
        StatusFormat::Text => print!("{}", crate::status::to_text(&s)),
        StatusFormat::Json => print!("{}", crate::status::to_json(&s, !failed, &problems)),
        StatusFormat::Csv => print!("{}", crate::status::to_csv(&s)),
        StatusFormat::Html => print!("{}", page(Path::new("."))),
    }
    if let Some(file) = wrote {
        eprintln!("wrote {}", file.display());
    }
    i32::from(failed)
}
