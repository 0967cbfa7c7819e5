//! The rules of appendices (phụ lục): each has an id used once and a title, and prints
//! something; every `[[id]]` written in a text names one of them.

use std::collections::BTreeMap;

use crate::error::Diagnostic;
use crate::locate;
use crate::model::Appendix;
use crate::span::{index, join, Source};
use crate::texts::{self, Text};
use crate::view::appendix::references;

/// Checks `list` (at `appendices`) and the references of `texts` to it. `texts` are the
/// document's own texts with their paths (see [`texts::sections`]); those of the appendices are
/// added here.
pub(crate) fn check<'a>(
    list: &'a [Appendix],
    mut texts: Vec<Text<'a>>,
    src: &Source<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (i, a) in list.iter().enumerate() {
        let at = index("appendices", i);
        let id = a.id.trim();
        if id.is_empty() {
            out.push(src.error(&join(&at, "id"), "the appendix has no id").hint(
                "give it a short id, e.g. `id: chi-tieu`; the body refers to it as [[chi-tieu]]",
            ));
        } else if references(&format!("[[{id}]]")).is_empty() {
            out.push(
                src.error(
                    &join(&at, "id"),
                    format!("the appendix id `{id}` is not one word"),
                )
                .hint("use letters, digits, '-', '_' or '.', no spaces: `id: chi-tieu`"),
            );
        } else if let Some(first) = seen.get(id) {
            out.push(
                src.also(
                    src.error(
                        &join(&at, "id"),
                        format!("the appendix id `{id}` is used twice"),
                    ),
                    first,
                    format!("`{id}` is used first here"),
                )
                .hint("each appendix has its own id; rename one of them"),
            );
        } else {
            seen.insert(id.to_string(), join(&at, "id"));
        }
        if a.title.trim().is_empty() {
            out.push(
                src.error(&join(&at, "title"), "the appendix has no title")
                    .hint("write what it holds, e.g. `title: Chỉ tiêu thực hiện năm 2026`"),
            );
        }
        if a.is_empty() {
            out.push(
                src.error(&at, "the appendix is empty")
                    .hint("give it a `text`, `tables` or `sections`, or remove it"),
            );
        }
        super::sections_at(&a.sections, src, &join(&at, "sections"), &mut out);
        texts.push((join(&at, "title"), a.title.as_str()));
        if let Some(t) = &a.text {
            texts.push((join(&at, "text"), t.as_str()));
        }
        texts::tables(&a.tables, &join(&at, "tables"), &mut texts);
        texts::sections(&a.sections, &join(&at, "sections"), true, &mut texts);
    }
    let mut ids: Vec<&str> = list.iter().map(|a| a.id.trim()).collect();
    ids.dedup();
    for (path, text) in &texts {
        for (at, len, id) in references(text) {
            if ids.contains(&id) {
                continue;
            }
            let hint = if ids.is_empty() {
                "[[id]] names an appendix of `appendices:`, and this document has none".to_string()
            } else {
                format!(
                    "[[id]] names an appendix of `appendices:`: {}",
                    ids.iter()
                        .map(|i| format!("[[{i}]]"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let d =
                Diagnostic::error(src.file, format!("no appendix has the id `{id}`")).hint(hint);
            out.push(match locate::in_value_len(src, path, text, at, len) {
                Some(pos) => src.place(d, Some(pos)),
                None => src.locate(d, path),
            });
        }
    }
    out
}
