//! Import stage: the file given → the XML parts of a DOCX package. A `.doc`, `.odt` or
//! `.rtf` is converted to DOCX first by LibreOffice headless, in a private temporary folder.

use std::io::Read;
use std::path::Path;

use crate::error::Diagnostic;

/// The XML parts the importer reads.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    /// `word/document.xml`.
    pub document: String,
    /// `word/styles.xml`.
    pub styles: Option<String>,
    /// `word/numbering.xml`.
    pub numbering: Option<String>,
    /// `word/footnotes.xml`.
    pub footnotes: Option<String>,
    /// Converted by LibreOffice from this format ("doc", "odt", "rtf").
    pub converted_from: Option<&'static str>,
}

/// Largest file read (a DOCX of a plan is tens of kilobytes; a scanned one a few megabytes).
const LIMIT: u64 = 64 * 1024 * 1024;

/// Reads `path`: a DOCX directly, a DOC, ODT or RTF through LibreOffice.
pub(crate) fn open(path: &Path) -> Result<Parts, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(path, format!("cannot read the file: {e}"))
            .hint("give the path of a .docx (or .doc, .odt) file")
    })?;
    if !meta.is_file() {
        return Err(Diagnostic::error(path, "is not a file")
            .hint("give the path of a .docx (or .doc, .odt) file"));
    }
    if meta.len() > LIMIT {
        return Err(Diagnostic::error(
            path,
            format!(
                "the file is {}, more than the 64 MB an official document takes",
                crate::paths::size(meta.len())
            ),
        )
        .hint("check that this is the document meant"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the file: {e}")))?;
    match sniff(&bytes) {
        Kind::Zip => {
            let is_odt = zip_part(&bytes, "mimetype")
                .is_some_and(|m| m.trim() == "application/vnd.oasis.opendocument.text");
            if is_odt {
                return convert(path, "odt");
            }
            parts(&bytes).ok_or_else(|| not_docx(path, "a zip file without word/document.xml"))
        }
        Kind::Ole => convert(path, "doc"),
        Kind::Rtf => convert(path, "rtf"),
        Kind::Other => Err(not_docx(path, "not a Word document")),
    }
}

fn not_docx(path: &Path, what: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        format!("{what}: vanban imports DOCX (and DOC, ODT, RTF through LibreOffice)"),
    )
    .hint("open it in Word or LibreOffice and save it as .docx, then import that file")
}

enum Kind {
    Zip,
    Ole,
    Rtf,
    Other,
}

fn sniff(b: &[u8]) -> Kind {
    if b.starts_with(b"PK\x03\x04") {
        Kind::Zip
    } else if b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Kind::Ole
    } else if b.starts_with(b"{\\rtf") {
        Kind::Rtf
    } else {
        Kind::Other
    }
}

/// One part of a zip as text, `None` when absent or unreadable.
fn zip_part(bytes: &[u8], name: &str) -> Option<String> {
    let mut z = zip8::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let f = z.by_name(name).ok()?;
    let mut s = String::new();
    // a part larger than the file's limit is a zip bomb, not a document
    f.take(LIMIT).read_to_string(&mut s).ok()?;
    Some(s)
}

/// The main document part's name, from `_rels/.rels` (usually `word/document.xml`).
fn main_part(bytes: &[u8]) -> String {
    let rels = zip_part(bytes, "_rels/.rels").unwrap_or_default();
    for e in super::xml::events(&rels) {
        if let super::xml::Event::Start { name, attrs, .. } = e {
            let ty = super::xml::attr(&attrs, "Type").unwrap_or("");
            if name == "Relationship" && ty.ends_with("/officeDocument") {
                if let Some(t) = super::xml::attr(&attrs, "Target") {
                    return t.trim_start_matches('/').to_string();
                }
            }
        }
    }
    "word/document.xml".into()
}

/// The parts of a DOCX given as bytes.
pub(crate) fn from_bytes(bytes: &[u8]) -> Option<Parts> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    parts(bytes)
}

fn parts(bytes: &[u8]) -> Option<Parts> {
    let main = main_part(bytes);
    let document = zip_part(bytes, &main)?;
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let sibling = |n: &str| {
        let name = if dir.is_empty() {
            n.to_string()
        } else {
            format!("{dir}/{n}")
        };
        zip_part(bytes, &name)
    };
    Some(Parts {
        document,
        styles: sibling("styles.xml"),
        numbering: sibling("numbering.xml"),
        footnotes: sibling("footnotes.xml"),
        converted_from: None,
    })
}

/// Converts `path` (a DOC, ODT or RTF) to DOCX with LibreOffice in a private folder and reads it.
fn convert(path: &Path, from: &'static str) -> Result<Parts, Diagnostic> {
    let program = crate::soffice::program().map_err(|m| {
        m.diagnostic(
            path,
            &format!(
                "this is a .{from} file: importing it needs LibreOffice to convert it to DOCX"
            ),
            "save the file as .docx in Word and import that",
        )
    })?;
    // a plain name: LibreOffice names its output after the input
    let inputs = [(path, format!("document.{from}"))];
    let read = crate::soffice::convert(&program, "import", "docx", &inputs, |run| {
        std::fs::read(run.out.join("document.docx")).map_err(|_| run.log.clone())
    })?;
    let bytes = read.map_err(|log| {
        Diagnostic::error(
            path,
            format!(
                "LibreOffice did not convert this .{from} file to DOCX{}",
                if log.is_empty() {
                    String::new()
                } else {
                    format!(": {log}")
                }
            ),
        )
        .hint("open it in LibreOffice or Word and save it as .docx, then import that file")
    })?;
    let mut p = parts(&bytes)
        .ok_or_else(|| not_docx(path, "LibreOffice's conversion has no word/document.xml"))?;
    p.converted_from = Some(from);
    Ok(p)
}
