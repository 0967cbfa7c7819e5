//! Reading text files the one way: a regular file of bounded size inside a folder it must not
//! leave ([`crate::paths::read_confined`]), decoded as UTF-8 (a leading BOM is dropped) and
//! normalised to NFC. Inputs ([`crate::load`]), the project file ([`crate::config`]) and
//! templates ([`crate::templates`]) are all read through it.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::error::Diagnostic;

/// Largest input file read, in bytes: a plan is a few kilobytes, and a bigger file is a
/// mistake (or an attack) that would only use up memory.
pub(crate) const MAX_INPUT_BYTES: u64 = 10 * 1024 * 1024;

/// The bytes of `path`, a regular file of at most [`MAX_INPUT_BYTES`] inside `root`.
pub(crate) fn within(path: &Path, root: &Path) -> Result<Vec<u8>, Diagnostic> {
    crate::paths::read_confined(path, root, MAX_INPUT_BYTES).map_err(|r| {
        let large = r.message.starts_with("the file is too large");
        let d = r.at(path);
        if large {
            d.hint("a document is a few kilobytes of YAML: check that this is the right file, or split it")
        } else {
            d
        }
    })
}

/// The text of `path`, read with [`within`] and [`decode`]d.
pub(crate) fn text_within(path: &Path, root: &Path) -> Result<String, Diagnostic> {
    decode(&within(path, root)?, path)
}

/// Decodes the bytes of `path` as UTF-8 text in NFC.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let upto = &bytes[..e.valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        let col = String::from_utf8_lossy(upto.rsplit(|b| *b == b'\n').next().unwrap_or(b""))
            .chars()
            .count()
            + 1;
        let line_bytes = bytes
            .split(|b| *b == b'\n')
            .nth(line - 1)
            .unwrap_or_default();
        let mut d = Diagnostic::error(path, "the file is not UTF-8 text")
            .at(None, line, col)
            .hint("save the file as UTF-8 (in Word or Notepad: Save As → Encoding: UTF-8); the character at the caret is shown as �");
        d.snippet = Some(String::from_utf8_lossy(line_bytes).trim_end().to_string());
        d
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "the file is empty")
            .hint("write a document (see README.md, \"The YAML schema\") or delete the file"));
    }
    // Most files are already NFC: check quickly before normalising.
    match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => Ok(text.to_string()),
        _ => Ok(text.nfc().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_text_is_nfc() {
        // "ệ" decomposed: e + combining circumflex + combining dot below.
        let bytes = "\u{FEFF}kind: plan # Vie\u{0302}\u{0323}t\n".as_bytes();
        let text = decode(bytes, Path::new("x.yaml")).unwrap();
        assert!(text.starts_with("kind"));
        assert!(text.contains("Việt"));
    }

    #[test]
    fn non_utf8_is_located() {
        let d = decode(b"kind: plan\nsummary: \xff\n", Path::new("x.yaml")).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(10)));
    }

    #[test]
    fn empty_file_is_an_error() {
        assert!(decode(b"  \n", Path::new("x.yaml"))
            .unwrap_err()
            .message
            .contains("empty"));
    }
}
