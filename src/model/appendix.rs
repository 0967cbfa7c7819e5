//! An appendix (phụ lục) of a document: its title, its body (text, sections, tables), and its
//! page orientation. Its number ("Phụ lục I"), its "(Kèm theo …)" line and its pages are
//! computed (see `crate::view::appendices` and `crate::docx`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::body::{ClerkTable, HeadingStyle, Numbering};
use super::plan::Section;

/// A phụ lục, written under `appendices:` of a plan, a report, a consolidated report or a
/// letter. Printed after the signature, each on a new page, numbered I, II, … in the order
/// written (plain "Phụ lục" when there is only one), with its own page numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Appendix {
    /// The id by which the body refers to it: `[[chi-tieu]]` in any text prints "Phụ lục I".
    pub id: String,
    /// Its title, printed in capitals under "Phụ lục I": "Chỉ tiêu thực hiện năm 2026".
    pub title: String,
    /// `landscape` for wide tables; default `portrait`.
    #[serde(default)]
    pub orientation: Orientation,
    /// Paragraphs before its sections (blank lines between paragraphs).
    #[serde(default)]
    pub text: Option<String>,
    /// Its sections, numbered like the body's.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Tables written by the clerk, printed after `text` and before `sections`.
    #[serde(default)]
    pub tables: Vec<ClerkTable>,
    /// The numbering of its sections; default: the document's.
    #[serde(default)]
    pub numbering: Option<Numbering>,
    /// `run-in` or `standalone` headings; default: the document's.
    #[serde(default)]
    pub headings: Option<HeadingStyle>,
}

impl Appendix {
    /// Nothing to print: no text, no table, no section.
    pub fn is_empty(&self) -> bool {
        self.text.as_deref().is_none_or(|t| t.trim().is_empty())
            && self.tables.is_empty()
            && self.sections.is_empty()
    }
}

/// Which way a page is turned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Orientation {
    /// A4 upright (the document's own pages).
    #[default]
    Portrait,
    /// A4 on its side, for wide tables.
    Landscape,
}
