//! Model types of the body that every kind of document shares: how sections are numbered
//! and how their headings are set.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How one level of sections is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// "I.", "II.", "III."
    Roman,
    /// "1.", "2.", "3."
    Arabic,
    /// The parent's number, a dot and this one: "2.1.", "2.2." (under "2." or under "II. / 2.").
    Nested,
    /// "a)", "b)" … "d)", "đ)", "e)" in the Vietnamese alphabet (no f, j, w, z).
    Letter,
    /// "A.", "B.", "C." (parts of a long plan: "A. MỤC ĐÍCH, YÊU CẦU", "B. NỘI DUNG …").
    UpperLetter,
    /// "-" before each.
    Dash,
    /// "+" before each.
    Plus,
    /// No number.
    None,
}

/// The numbering of the levels of a document: the scheme of level 1, 2, 3, …; levels deeper
/// than the list use its last scheme. Default: `[roman, arabic, nested, letter]`
/// (I. → 1. → 1.1. → a)), the scheme of the 2018 sample.
///
/// Written as a list (`numbering: [arabic, letter, dash]`) or, for one level, a single
/// scheme (`numbering: letter`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(transform = super::schema_forms::numbering)]
pub struct Numbering(pub Vec<Scheme>);

impl<'de> Deserialize<'de> for Numbering {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(Scheme),
            Many(Vec<Scheme>),
        }
        match OneOrMany::deserialize(d) {
            Ok(OneOrMany::One(s)) => Ok(Numbering(vec![s])),
            Ok(OneOrMany::Many(v)) if !v.is_empty() => Ok(Numbering(v)),
            Ok(OneOrMany::Many(_)) => Err(serde::de::Error::custom(
                "`numbering` needs at least one scheme",
            )),
            Err(_) => Err(serde::de::Error::custom(
                "`numbering` is a scheme or a list of schemes: roman, arabic, nested, letter, upper-letter, dash, plus, none",
            )),
        }
    }
}

impl Default for Numbering {
    fn default() -> Self {
        Numbering(vec![
            Scheme::Roman,
            Scheme::Arabic,
            Scheme::Nested,
            Scheme::Letter,
        ])
    }
}

impl Numbering {
    /// The scheme of `level` (1-based).
    pub fn at(&self, level: usize) -> Scheme {
        self.0
            .get(level.saturating_sub(1))
            .or(self.0.last())
            .copied()
            .unwrap_or(Scheme::Letter)
    }
}

/// How a titled section's heading is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingStyle {
    /// The text follows on the heading's line: "**1. Mục đích:** Nâng cao …".
    RunIn,
    /// The heading stands on its own line, without a colon; the text starts below it.
    Standalone,
}

/// A table written by the clerk (`tables:` of a section): header rows whose cells may span
/// columns and rows, body rows, optional relative column widths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClerkTable {
    /// A caption printed above the table: "Bảng 1. Kết quả kiểm tra".
    #[serde(default)]
    pub caption: Option<String>,
    /// Relative column widths (`[1, 4, 2, 2, 2]`); without them, widths follow the content.
    #[serde(default)]
    pub widths: Vec<u32>,
    /// Header rows (bold, centred, repeated at the top of each page).
    #[serde(default)]
    pub header: Vec<Vec<Cell>>,
    /// Body rows.
    #[serde(default)]
    pub rows: Vec<Vec<Cell>>,
    /// A note printed under the table: "Nguồn: báo cáo của các đơn vị".
    #[serde(default)]
    pub note: Option<String>,
}

/// A table cell: a text, or a mapping `{ text, cols, rows }` for a cell spanning `cols`
/// columns and `rows` rows.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(transform = super::schema_forms::cell)]
pub struct Cell {
    /// The text.
    pub text: String,
    /// Columns spanned (at least 1).
    pub cols: usize,
    /// Rows spanned (at least 1).
    pub rows: usize,
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Map {
            text: String,
            #[serde(default)]
            cols: Option<usize>,
            #[serde(default)]
            rows: Option<usize>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Any {
            Text(String),
            Int(i64),
            Float(f64),
            Map(Map),
        }
        match Any::deserialize(d) {
            Ok(Any::Text(text)) => Ok(Cell {
                text,
                cols: 1,
                rows: 1,
            }),
            Ok(Any::Int(n)) => Ok(Cell {
                text: n.to_string(),
                cols: 1,
                rows: 1,
            }),
            Ok(Any::Float(x)) => Ok(Cell {
                text: x.to_string().replace('.', ","),
                cols: 1,
                rows: 1,
            }),
            Ok(Any::Map(m)) => Ok(Cell {
                text: m.text,
                cols: m.cols.unwrap_or(1).max(1),
                rows: m.rows.unwrap_or(1).max(1),
            }),
            Err(_) => Err(serde::de::Error::custom(
                "a table cell is a text, or a mapping `{ text, cols, rows }`",
            )),
        }
    }
}
