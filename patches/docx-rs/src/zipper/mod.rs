use crate::xml_builder::XMLBuilder;
use crate::{BuildXML, DocumentChild, Docx, Footer, Header, PackageMetadata, XMLDocx};

use std::io::prelude::*;
use std::io::Seek;
use zip::write::SimpleFileOptions;

/// A default Office theme: the schema requires a theme part of the main document part,
/// and Word writes one into every file it saves.
const THEME: &[u8] = include_bytes!("theme1.xml");

/// Options of every entry: deflated, with the fixed timestamp of `SimpleFileOptions`
/// (1980-01-01, as the `time` feature of zip is off), so that the same document gives the
/// same bytes.
fn file_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644)
}

/// Writes one XML part as a ZIP entry. The parts most documents share byte for byte (the
/// styles, settings, fonts, theme, relationships, headers) are compressed once per content and
/// copied as compressed bytes after that (see [`shared_entry`]); the others are streamed.
fn write_xml<W, T>(
    zip: &mut zip::ZipWriter<W>,
    path: &str,
    options: SimpleFileOptions,
    part: &T,
) -> zip::result::ZipResult<()>
where
    W: Write + Seek,
    T: BuildXML,
{
    if !is_shared(path) {
        zip.start_file(path, options)?;
        return build_into(&mut *zip, part);
    }
    let mut recorded = Recorder::default();
    build_into(&mut recorded, part)?;
    shared_entry(zip, path, options, recorded)
}

/// Builds `part` into `w` (for the deflater: the writes as they come, few bytes each).
fn build_into<W: Write, T: BuildXML>(w: W, part: &T) -> zip::result::ZipResult<()> {
    let stream = XMLBuilder::new(w).into_inner().map_err(xml_to_zip_error)?;
    let stream = part.build_to(stream).map_err(xml_to_zip_error)?;
    stream.into_inner().map_err(xml_to_zip_error)?;
    Ok(())
}

/// Whether the part at `path` is usually the same in every document (the body, the
/// properties, comments and footnotes are not).
fn is_shared(path: &str) -> bool {
    !matches!(
        path,
        "word/document.xml"
            | "docProps/core.xml"
            | "word/comments.xml"
            | "word/commentsExtended.xml"
            | "word/footnotes.xml"
    ) && !path.starts_with("word/media/")
}

/// The bytes written into an entry and where each write ended (or a flush came): the
/// compressed bytes depend on how the input is cut into writes, so a part is compressed with
/// the writes that streaming it makes.
#[derive(Default)]
struct Recorder {
    bytes: Vec<u8>,
    cuts: Vec<Cut>,
}

enum Cut {
    Write(usize),
    Flush,
}

impl Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        self.cuts.push(Cut::Write(self.bytes.len()));
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.cuts.push(Cut::Flush);
        Ok(())
    }
}

impl Recorder {
    fn replay<W: Write>(&self, w: &mut W) -> std::io::Result<()> {
        let mut start = 0;
        for cut in &self.cuts {
            match cut {
                Cut::Write(end) => {
                    w.write_all(&self.bytes[start..*end])?;
                    start = *end;
                }
                Cut::Flush => w.flush()?,
            }
        }
        Ok(())
    }
}

/// Shared parts kept compressed, each as a one-entry archive, by path and content (and the
/// cuts of its writes).
type Shared = std::collections::HashMap<(String, Vec<u8>, Vec<usize>), std::sync::Arc<Vec<u8>>>;

static SHARED: std::sync::LazyLock<std::sync::Mutex<Shared>> =
    std::sync::LazyLock::new(Default::default);

/// At most this many shared parts are kept (a batch of documents has a handful), and only
/// parts up to this size.
const MAX_SHARED: usize = 256;
const MAX_SHARED_BYTES: usize = 256 * 1024;

/// Writes the entry `path` with the content `recorded`: copies its compressed bytes when they
/// were made before, else compresses it (into a one-entry archive, kept) and copies that. The
/// entry is byte for byte what `start_file` and the same writes make.
fn shared_entry<W: Write + Seek>(
    zip: &mut zip::ZipWriter<W>,
    path: &str,
    options: SimpleFileOptions,
    recorded: Recorder,
) -> zip::result::ZipResult<()> {
    if recorded.bytes.len() > MAX_SHARED_BYTES {
        zip.start_file(path, options)?;
        recorded.replay(zip)?;
        return Ok(());
    }
    let cuts: Vec<usize> = recorded
        .cuts
        .iter()
        .map(|c| match c {
            Cut::Write(end) => *end,
            Cut::Flush => usize::MAX,
        })
        .collect();
    let key = (path.to_string(), recorded.bytes, cuts);
    let kept = SHARED.lock().ok().and_then(|m| m.get(&key).cloned());
    let archive = match kept {
        Some(a) => a,
        None => {
            let recorded = Recorder {
                bytes: key.1.clone(),
                cuts: recorded.cuts,
            };
            let mut one = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            one.start_file(path, options)?;
            recorded.replay(&mut one)?;
            let a = std::sync::Arc::new(one.finish()?.into_inner());
            if let Ok(mut m) = SHARED.lock() {
                if m.len() >= MAX_SHARED {
                    m.clear();
                }
                m.insert(key, a.clone());
            }
            a
        }
    };
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(archive.as_slice()))?;
    let file = source.by_index_raw(0)?;
    zip.raw_copy_file(file)
}

/// Converts an XML writer failure into the archive writer's error type.
fn xml_to_zip_error(error: crate::xml::writer::Error) -> zip::result::ZipError {
    zip::result::ZipError::Io(std::io::Error::other(error))
}

pub fn zip<W>(w: W, xml: XMLDocx) -> zip::result::ZipResult<()>
where
    W: Write + Seek,
{
    // No folder entries: OPC packages hold parts only (ECMA-376 Part 2, 10.2.2).
    let mut zip = zip::ZipWriter::new(w);
    let options = file_options();

    zip.start_file("[Content_Types].xml", options)?;
    zip.write_all(&xml.content_type)?;
    zip.start_file("_rels/.rels", options)?;
    zip.write_all(&xml.rels)?;
    zip.start_file("docProps/app.xml", options)?;
    zip.write_all(&xml.doc_props.app)?;
    zip.start_file("docProps/core.xml", options)?;
    zip.write_all(&xml.doc_props.core)?;
    zip.start_file("docProps/custom.xml", options)?;
    zip.write_all(&xml.doc_props.custom)?;
    zip.start_file("word/_rels/document.xml.rels", options)?;
    zip.write_all(&xml.document_rels)?;
    zip.start_file("word/document.xml", options)?;
    zip.write_all(&xml.document)?;
    zip.start_file("word/styles.xml", options)?;
    zip.write_all(&xml.styles)?;
    zip.start_file("word/settings.xml", options)?;
    zip.write_all(&xml.settings)?;
    zip.start_file("word/fontTable.xml", options)?;
    zip.write_all(&xml.font_table)?;
    zip.start_file("word/theme/theme1.xml", options)?;
    zip.write_all(THEME)?;
    // parts nothing references are left empty by `Docx::build` and not written
    for (path, part) in [
        ("word/comments.xml", &xml.comments),
        ("word/numbering.xml", &xml.numberings),
        ("word/commentsExtended.xml", &xml.comments_extended),
        ("word/footnotes.xml", &xml.footnotes),
    ] {
        if !part.is_empty() {
            zip.start_file(path, options)?;
            zip.write_all(part)?;
        }
    }

    for (i, h) in xml.headers.iter().enumerate() {
        zip.start_file(format!("word/header{}.xml", i + 1), options)?;
        zip.write_all(h)?;

        if let Some(rels) = xml.header_rels.get(i) {
            zip.start_file(format!("word/_rels/header{}.xml.rels", i + 1), options)?;
            zip.write_all(rels)?;
        }
    }

    for (i, h) in xml.footers.iter().enumerate() {
        zip.start_file(format!("word/footer{}.xml", i + 1), options)?;
        zip.write_all(h)?;

        if let Some(rels) = xml.footer_rels.get(i) {
            zip.start_file(format!("word/_rels/footer{}.xml.rels", i + 1), options)?;
            zip.write_all(rels)?;
        }
    }

    if !xml.media.is_empty() {
        for m in xml.media {
            // For now only png supported
            zip.start_file(format!("word/media/{}.png", m.0), options)?;
            zip.write_all(&m.1)?;
        }
    }

    // For now support only taskpanes
    if let Some(taskpanes) = xml.taskpanes {
        zip.start_file("word/webextensions/taskpanes.xml", options)?;
        zip.write_all(&taskpanes)?;

        zip.start_file("word/webextensions/_rels/taskpanes.xml.rels", options)?;
        zip.write_all(&xml.taskpanes_rels)?;

        for (i, ext) in xml.web_extensions.iter().enumerate() {
            zip.start_file(
                format!("word/webextensions/webextension{}.xml", i + 1),
                options,
            )?;
            zip.write_all(ext)?;
        }
    }

    for (i, item) in xml.custom_items.into_iter().enumerate() {
        let n = i + 1;
        zip.start_file(format!("customXml/_rels/item{n}.xml.rels"), options)?;
        zip.write_all(&xml.custom_item_rels[i])?;
        zip.start_file(format!("customXml/item{n}.xml"), options)?;
        zip.write_all(&item)?;
        zip.start_file(format!("customXml/itemProps{n}.xml"), options)?;
        zip.write_all(&xml.custom_item_props[i])?;
    }

    zip.finish()?;
    Ok(())
}

/// Streams a prepared document into a DOCX archive without buffering every
/// XML package part in memory.
pub(crate) fn zip_docx<W>(
    writer: W,
    docx: Docx,
    package: PackageMetadata,
) -> zip::result::ZipResult<()>
where
    W: Write + Seek,
{
    // No folder entries: OPC packages hold parts only (ECMA-376 Part 2, 10.2.2).
    let mut zip = zip::ZipWriter::new(writer);
    let options = file_options();

    write_xml(&mut zip, "[Content_Types].xml", options, &docx.content_type)?;
    write_xml(&mut zip, "_rels/.rels", options, &docx.rels)?;
    write_xml(&mut zip, "docProps/app.xml", options, &docx.doc_props.app)?;
    write_xml(&mut zip, "docProps/core.xml", options, &docx.doc_props.core)?;
    write_xml(
        &mut zip,
        "docProps/custom.xml",
        options,
        &docx.doc_props.custom,
    )?;
    write_xml(
        &mut zip,
        "word/_rels/document.xml.rels",
        options,
        &docx.document_rels,
    )?;
    write_xml(&mut zip, "word/document.xml", options, &docx.document)?;
    write_xml(&mut zip, "word/styles.xml", options, &docx.styles)?;
    write_xml(&mut zip, "word/settings.xml", options, &docx.settings)?;
    write_xml(&mut zip, "word/fontTable.xml", options, &docx.font_table)?;
    let mut theme = Recorder::default();
    theme.write_all(THEME)?;
    shared_entry(&mut zip, "word/theme/theme1.xml", options, theme)?;
    // only the parts a relationship reaches (see `Docx::prepare_package`)
    if docx.document_rels.has_comments {
        write_xml(&mut zip, "word/comments.xml", options, &docx.comments)?;
    }
    if docx.document_rels.has_numberings {
        write_xml(&mut zip, "word/numbering.xml", options, &docx.numberings)?;
    }
    if docx.document_rels.has_comments {
        write_xml(
            &mut zip,
            "word/commentsExtended.xml",
            options,
            &docx.comments_extended,
        )?;
    }
    if docx.document_rels.has_footnotes {
        write_xml(&mut zip, "word/footnotes.xml", options, &docx.footnotes)?;
    }

    let mut headers: Vec<&(String, Header)> = docx.document.section_property.get_headers();
    for child in &docx.document.children {
        if let DocumentChild::Section(section) = child {
            headers.extend(section.property.get_headers());
        }
    }
    headers.sort_by(|left, right| left.0.cmp(&right.0));
    for (index, (_, header)) in headers.into_iter().enumerate() {
        let number = index + 1;
        write_xml(
            &mut zip,
            &format!("word/header{number}.xml"),
            options,
            header,
        )?;
        if let Some(rels) = package.header_rels.get(index) {
            write_xml(
                &mut zip,
                &format!("word/_rels/header{number}.xml.rels"),
                options,
                rels,
            )?;
        }
    }

    let mut footers: Vec<&(String, Footer)> = docx.document.section_property.get_footers();
    for child in &docx.document.children {
        if let DocumentChild::Section(section) = child {
            footers.extend(section.property.get_footers());
        }
    }
    footers.sort_by(|left, right| left.0.cmp(&right.0));
    for (index, (_, footer)) in footers.into_iter().enumerate() {
        let number = index + 1;
        write_xml(
            &mut zip,
            &format!("word/footer{number}.xml"),
            options,
            footer,
        )?;
        if let Some(rels) = package.footer_rels.get(index) {
            write_xml(
                &mut zip,
                &format!("word/_rels/footer{number}.xml.rels"),
                options,
                rels,
            )?;
        }
    }

    if !package.media.is_empty() {
        for (id, bytes) in package.media {
            zip.start_file(format!("word/media/{id}.png"), options)?;
            zip.write_all(&bytes)?;
        }
    }

    if let Some(taskpanes) = &docx.taskpanes {
        write_xml(
            &mut zip,
            "word/webextensions/taskpanes.xml",
            options,
            taskpanes,
        )?;

        write_xml(
            &mut zip,
            "word/webextensions/_rels/taskpanes.xml.rels",
            options,
            &docx.taskpanes_rels,
        )?;

        for (index, extension) in docx.web_extensions.iter().enumerate() {
            write_xml(
                &mut zip,
                &format!("word/webextensions/webextension{}.xml", index + 1),
                options,
                extension,
            )?;
        }
    }

    for (index, item) in docx.custom_items.iter().enumerate() {
        let number = index + 1;
        write_xml(
            &mut zip,
            &format!("customXml/_rels/item{number}.xml.rels"),
            options,
            &docx.custom_item_rels[index],
        )?;
        write_xml(
            &mut zip,
            &format!("customXml/item{number}.xml"),
            options,
            item,
        )?;
        write_xml(
            &mut zip,
            &format!("customXml/itemProps{number}.xml"),
            options,
            &docx.custom_item_props[index],
        )?;
    }

    zip.finish()?;
    Ok(())
}
