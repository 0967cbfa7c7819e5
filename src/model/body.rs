//! Model types of the body that every kind of document shares: how sections are numbered
//! and how their headings are set.

use serde::{Deserialize, Serialize};

/// How one level of sections is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
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
                "`numbering` is a scheme or a list of schemes: roman, arabic, nested, letter, dash, plus, none",
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingStyle {
    /// The text follows on the heading's line: "**1. Mục đích:** Nâng cao …".
    RunIn,
    /// The heading stands on its own line, without a colon; the text starts below it.
    Standalone,
}
