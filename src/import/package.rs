//! Import stage: the file given → the XML parts of a DOCX package. A `.doc`, `.odt` or
//! `.rtf` is converted to DOCX first by LibreOffice headless, in a private temporary folder.

use std::io::Read;
use std::path::Path;
use std::process::Command;

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
    let program = crate::pdf::soffice().map_err(|_| {
        Diagnostic::error(
            path,
            format!("this is a .{from} file: importing it needs LibreOffice to convert it to DOCX, and no soffice or libreoffice program is on the PATH"),
        )
        .hint("install LibreOffice (Debian/Ubuntu: apt install libreoffice-writer-nogui), set VANBAN_SOFFICE to its soffice program, or save the file as .docx in Word and import that")
    })?;
    let work = crate::paths::private_dir("import").map_err(|e| {
        Diagnostic::error(
            path,
            format!("cannot create a private folder for LibreOffice: {e}"),
        )
        .hint("check that the temporary folder is writable (TMPDIR)")
    })?;
    let result = convert_in(&program, path, from, &work);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn convert_in(
    program: &Path,
    path: &Path,
    from: &'static str,
    work: &Path,
) -> Result<Parts, Diagnostic> {
    let io = |p: &Path, e: std::io::Error| {
        Diagnostic::error(p, format!("cannot prepare the conversion: {e}"))
            .hint("check that the temporary folder is writable (TMPDIR)")
    };
    let input = work.join("in");
    let output = work.join("out");
    let profile = work.join("profile");
    for d in [&input, &output, &profile] {
        std::fs::create_dir_all(d).map_err(|e| io(d, e))?;
    }
    // a plain name: LibreOffice names its output after the input
    let copy = input.join(format!("document.{from}"));
    std::fs::copy(path, &copy).map_err(|e| io(path, e))?;
    let profile_url = format!("file://{}", crate::paths::absolute(&profile).display());
    let run = Command::new(program)
        .arg(format!("-env:UserInstallation={profile_url}"))
        .args([
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "docx",
        ])
        .arg("--outdir")
        .arg(&output)
        .arg(&copy)
        .output()
        .map_err(|e| {
            Diagnostic::error(program, format!("cannot run LibreOffice: {e}"))
                .hint("check the program, or set VANBAN_SOFFICE")
        })?;
    let docx = output.join("document.docx");
    let bytes = std::fs::read(&docx).map_err(|_| {
        let log = String::from_utf8_lossy(&run.stderr).trim().to_owned();
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
