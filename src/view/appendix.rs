//! Stage 3 for appendices (phụ lục): their numbers ("Phụ lục I", or "Phụ lục" alone), their
//! titles in capitals, the "(Kèm theo …)" line from the frame, their bodies as blocks, and the
//! references `[[id]]` of the texts.

use serde::Serialize;

use super::{blocks, Block, BodyStyle, PrintedFrame};
use crate::docx::AppendixPages;
use crate::model::{Appendix, Orientation, Section};
use crate::numbering::roman;

/// The template context of one appendix (`appendix.md`).
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct AppendixView {
    /// The id the body refers to it by.
    pub id: String,
    /// "Phụ lục I" (or "Phụ lục" when the document has only one).
    pub label: String,
    /// The title, in capitals.
    pub title: String,
    /// "(Kèm theo Kế hoạch số 45/KH-UBND ngày 12/3/2026 của Ủy ban nhân dân tỉnh)".
    pub attached: String,
    /// Printed on landscape pages.
    pub landscape: bool,
    /// Its body: `text`, `tables`, then `sections`, as numbered blocks.
    pub blocks: Vec<Block>,
}

/// The label of appendix `n` (1-based) of `count`: "Phụ lục" when it is the only one, else
/// "Phụ lục I", "Phụ lục II", … (Roman numerals, Decree 30/2020).
pub fn label(n: usize, count: usize) -> String {
    if count <= 1 {
        "Phụ lục".to_string()
    } else {
        format!("Phụ lục {}", roman(n))
    }
}

/// The views of a document's appendices. `frame` gives the "(Kèm theo …)" line; `style` is
/// the body's, which each appendix's `numbering` and `headings` override.
pub fn appendices(
    list: &[Appendix],
    frame: &PrintedFrame,
    style: BodyStyle<'_>,
) -> Vec<AppendixView> {
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            let numbering = a.numbering.as_ref().unwrap_or(style.numbering);
            let style = BodyStyle {
                numbering,
                headings: a.headings.or(style.headings),
                level1_standalone: style.level1_standalone,
            };
            // the text and the tables written on the appendix itself come first, unnumbered
            let mut sections = Vec::with_capacity(a.sections.len() + 1);
            if a.text.is_some() || !a.tables.is_empty() {
                sections.push(Section {
                    text: a.text.clone(),
                    tables: a.tables.clone(),
                    numbered: false,
                    ..Section::default()
                });
            }
            sections.extend(a.sections.iter().cloned());
            AppendixView {
                id: a.id.trim().to_string(),
                label: label(i + 1, list.len()),
                title: a.title.trim().to_uppercase(),
                attached: frame.attached.clone(),
                landscape: a.orientation == Orientation::Landscape,
                blocks: blocks(&sections, style),
            }
        })
        .collect()
}

/// The appendices for the DOCX writer, with the body Markdown each rendered to.
pub fn pages(views: &[AppendixView], bodies: &[String]) -> Vec<AppendixPages> {
    views
        .iter()
        .zip(bodies)
        .map(|(v, body)| AppendixPages {
            label: v.label.clone(),
            title: v.title.clone(),
            attached: v.attached.clone(),
            landscape: v.landscape,
            body: body.clone(),
            grids: v.blocks.iter().filter_map(|b| b.grid.clone()).collect(),
        })
        .collect()
}

/// Where `[[id]]` references are in `text`: (byte offset of `[[`, byte length, the id).
pub fn references(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("[[").map(|i| i + from) {
        let inner = start + 2;
        let Some(end) = text[inner..].find("]]").map(|i| i + inner) else {
            break;
        };
        let id = &text[inner..end];
        // an id is one word: letters, digits, '-', '_', '.'
        if !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            out.push((start, end + 2 - start, id));
            from = end + 2;
        } else {
            from = inner;
        }
    }
    out
}

/// `text` with each `[[id]]` of a known appendix replaced by its label ("Phụ lục II");
/// unknown ids are left as written (validation reports them).
pub fn resolve(text: &str, views: &[AppendixView]) -> String {
    let refs = references(text);
    if refs.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, len, id) in refs {
        if let Some(v) = views.iter().find(|v| v.id == id) {
            out.push_str(&text[at..start]);
            out.push_str(&v.label);
            at = start + len;
        }
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_roman_from_two_appendices_on() {
        assert_eq!(label(1, 1), "Phụ lục");
        assert_eq!(label(1, 2), "Phụ lục I");
        assert_eq!(label(4, 5), "Phụ lục IV");
    }

    #[test]
    fn references_are_found_and_resolved() {
        let text = "chi tiết tại [[chi-tieu]] và [[ke_hoach.2]]; [[ không ]] [[x";
        let refs = references(text);
        let ids: Vec<&str> = refs.iter().map(|r| r.2).collect();
        assert_eq!(ids, ["chi-tieu", "ke_hoach.2"]);
        assert_eq!(&text[refs[0].0..refs[0].0 + refs[0].1], "[[chi-tieu]]");
        let views = vec![
            AppendixView {
                id: "chi-tieu".into(),
                label: "Phụ lục I".into(),
                ..AppendixView::default()
            },
            AppendixView {
                id: "ke_hoach.2".into(),
                label: "Phụ lục II".into(),
                ..AppendixView::default()
            },
        ];
        assert_eq!(
            resolve(text, &views),
            "chi tiết tại Phụ lục I và Phụ lục II; [[ không ]] [[x"
        );
        assert_eq!(resolve("[[khac]]", &views), "[[khac]]");
    }
}
