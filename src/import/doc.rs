//! Import stage: what was recognised, in the shape of vanban's YAML (kept apart from the
//! model's types: the importer writes the YAML the loader reads, and the loader decides).

use super::text::Key;

/// The kind of document recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Kind {
    /// KẾ HOẠCH.
    #[default]
    Plan,
    /// BÁO CÁO.
    Report,
    /// A công văn (no kind title; "V/v …").
    Letter,
}

impl Kind {
    /// The YAML value of `kind`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Report => "report",
            Kind::Letter => "letter",
        }
    }
}

/// The date line: full, month only, year only (blanks for the văn thư).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct DateLine {
    /// Day, when written.
    pub day: Option<u32>,
    /// Month, when written.
    pub month: Option<u32>,
    /// Year.
    pub year: Option<i32>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CellOut {
    /// Its text (Markdown).
    pub text: String,
    /// Columns spanned.
    pub cols: usize,
    /// Rows spanned.
    pub rows: usize,
}

/// A clerk table.
#[derive(Debug, Clone, Default)]
pub(crate) struct TableOut {
    /// The bold line above.
    pub caption: Option<String>,
    /// The italic line below.
    pub note: Option<String>,
    /// Header rows.
    pub header: Vec<Vec<CellOut>>,
    /// Body rows.
    pub rows: Vec<Vec<CellOut>>,
}

/// A "-" item with its "+" items.
#[derive(Debug, Clone, Default)]
pub(crate) struct ItemOut {
    /// Its text (Markdown).
    pub text: String,
    /// An id, when it carries an indicator.
    pub id: Option<String>,
    /// `unit`, `baseline`, `target` (fractions as written: "0.50").
    pub indicator: Option<(String, String, String)>,
    /// "+" items.
    pub items: Vec<String>,
}

/// A section of the tree.
#[derive(Debug, Clone, Default)]
pub(crate) struct Node {
    /// The level's key (how its label was written), `None` for an unnumbered part.
    pub key: Option<Key>,
    /// The label as the original printed it ("2.1.").
    pub label: String,
    /// `scheme:` to write (when it is not the document's for this level).
    pub scheme: Option<&'static str>,
    /// `numbered: false`.
    pub unnumbered: bool,
    /// The heading.
    pub title: Option<String>,
    /// `heading:` to write.
    pub heading: Option<&'static str>,
    /// The text's paragraphs (Markdown).
    pub text: Vec<String>,
    /// "-" items.
    pub items: Vec<ItemOut>,
    /// Tables.
    pub tables: Vec<TableOut>,
    /// Sub-sections.
    pub children: Vec<Node>,
    /// `reporting: true`.
    pub reporting: bool,
    /// `# kiểm tra:` comments above the section.
    pub checks: Vec<String>,
}

impl Node {
    /// True when content added now would come after something the model prints before
    /// text (items, tables, sub-sections).
    pub(crate) fn closed_for_text(&self) -> bool {
        !self.items.is_empty() || !self.tables.is_empty() || !self.children.is_empty()
    }
}

/// The reporting duty.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReportingOut {
    /// The sentence as written.
    pub text: String,
    /// (deliverable, "MM-DD").
    pub deadlines: Vec<(&'static str, String)>,
}

/// The signature.
#[derive(Debug, Clone, Default)]
pub(crate) struct SignatureOut {
    /// Authority lines ("KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN").
    pub authority: Vec<String>,
    /// The signer's title.
    pub title: String,
    /// The signer's name.
    pub name: String,
}

/// The whole document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc {
    /// Kind.
    pub kind: Kind,
    /// `status:` to write.
    pub status: Option<&'static str>,
    /// A text for signature with its day typed in: `date_fixed: true` to write.
    pub date_fixed: bool,
    /// Parent body lines.
    pub parent: Vec<String>,
    /// Issuing body lines.
    pub name: Vec<String>,
    /// Issuer's abbreviation in the symbol.
    pub abbr: String,
    /// The drafting office.
    pub office: Option<String>,
    /// The issuer as a sentence names it ("UBND tỉnh Thanh Hóa"), when the document says.
    pub name_in_text: Option<String>,
    /// The number.
    pub number: Option<u32>,
    /// The date line.
    pub date: DateLine,
    /// The place of the date line.
    pub place: String,
    /// Trích yếu or "V/v", its lines as the document breaks them (one when it wraps by width).
    pub summary: Vec<String>,
    /// Kính gửi.
    pub to: Vec<String>,
    /// Căn cứ.
    pub bases: Vec<String>,
    /// The opening paragraphs (Markdown).
    pub preamble: Vec<String>,
    /// The document's numbering: a scheme per level.
    pub numbering: Vec<&'static str>,
    /// The body.
    pub sections: Vec<Node>,
    /// The reporting duty (plans).
    pub reporting: Option<ReportingOut>,
    /// Where the reporting sentence sends reports ("gửi về …"), when it says.
    pub reporting_to: Option<String>,
    /// The closing sentence (reports, letters).
    pub closing: Option<String>,
    /// Footnote definitions, `[^N]: …` paragraphs, attached to the text that cites them.
    pub notes: Vec<String>,
    /// Nơi nhận.
    pub recipients: Vec<String>,
    /// The archive line.
    pub archive: Vec<String>,
    /// Bản điện tử.
    pub electronic: Vec<String>,
    /// The signature.
    pub signature: SignatureOut,
    /// `# kiểm tra:` comments at the top.
    pub checks: Vec<String>,
    /// Text that could not be placed, kept at the end as an unnumbered section.
    pub leftovers: Vec<String>,
    /// Appendices (phụ lục) after the signature.
    pub appendices: Vec<AppendixOut>,
}

/// An appendix: its title, the "(Kèm theo …)" line as printed, and its body.
#[derive(Debug, Clone, Default)]
pub(crate) struct AppendixOut {
    /// The title as printed.
    pub title: String,
    /// The "(Kèm theo …)" line of the original (vanban computes its own).
    pub attached: Option<String>,
    /// Its opening paragraphs.
    pub text: Vec<String>,
    /// Its numbering, when not the default.
    pub numbering: Vec<&'static str>,
    /// Its sections.
    pub sections: Vec<Node>,
}
