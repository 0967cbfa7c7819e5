//! `vanban diff`: what changed between two plans or two letters.

use std::path::PathBuf;

use super::output::finish;
use super::{DiffFormat, Format};
use crate::error::Diagnostic;

pub(super) fn run(old: PathBuf, new: PathBuf, format: DiffFormat) -> i32 {
    let json = match format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Json => Format::Json,
    };
    let load = |p: &PathBuf| crate::load::read_text(p).and_then(|t| crate::load::parse(&t, p));
    let (a, b) = match (load(&old), load(&new)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let errors: Vec<Diagnostic> = a.err().into_iter().chain(b.err()).collect();
            return finish("diff", json, 1, &errors, None);
        }
    };
    use crate::model::Document;
    let (on, nn) = (old.display().to_string(), new.display().to_string());
    let report = match (a, b) {
        (Document::Plan(a), Document::Plan(b)) => crate::diff::plans(&a, &b, &on, &nn),
        (Document::Letter(a), Document::Letter(b)) => crate::diff::letters(&a, &b, &on, &nn),
        _ => {
            let d = Diagnostic::error(
                &new,
                "the two documents are not of one kind that `vanban diff` compares",
            )
            .hint("give two plans (`kind: plan`) or two letters (`kind: letter`)");
            return finish("diff", json, 2, &[d], None);
        }
    };
    match format {
        DiffFormat::Text => print!("{}", crate::diff::to_text(&report)),
        DiffFormat::Json => print!("{}", crate::diff::to_json(&report)),
    }
    0
}
