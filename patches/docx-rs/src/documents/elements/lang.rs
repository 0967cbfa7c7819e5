use serde::Serialize;
use std::io::Write;

use crate::documents::BuildXML;
use crate::xml_builder::*;

/// `w:lang` (ECMA-376 Part 1, 17.3.2.20): the languages of a run, used by spelling and
/// grammar checkers. Each value is a BCP 47 tag such as `"vi-VN"`.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Lang {
    /// `w:val`: the language of Latin text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub val: Option<String>,
    /// `w:eastAsia`: the language of East Asian text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub east_asia: Option<String>,
    /// `w:bidi`: the language of complex-script text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bidi: Option<String>,
}

impl Lang {
    /// A language for Latin text.
    pub fn new(val: impl Into<String>) -> Lang {
        Lang {
            val: Some(val.into()),
            ..Default::default()
        }
    }

    /// The language of East Asian text.
    pub fn east_asia(mut self, v: impl Into<String>) -> Lang {
        self.east_asia = Some(v.into());
        self
    }

    /// The language of complex-script text.
    pub fn bidi(mut self, v: impl Into<String>) -> Lang {
        self.bidi = Some(v.into());
        self
    }
}

impl BuildXML for Lang {
    fn build_to<W: Write>(
        &self,
        stream: crate::xml::writer::EventWriter<W>,
    ) -> crate::xml::writer::Result<crate::xml::writer::EventWriter<W>> {
        XMLBuilder::from(stream)
            .lang(
                self.val.as_deref(),
                self.east_asia.as_deref(),
                self.bidi.as_deref(),
            )?
            .into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str;

    #[test]
    fn test_lang() {
        let b = Lang::new("vi-VN").build();
        assert_eq!(str::from_utf8(&b).unwrap(), r#"<w:lang w:val="vi-VN" />"#);
    }
}
