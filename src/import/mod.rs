//! Import stage: an existing DOCX (or DOC, ODT through LibreOffice) → vanban YAML.
//!
//! `package` reads the file, `docx` its WordprocessingML, `frame` the official frame,
//! `body` the section tree, `plan` the indicators and deadlines of a plan, `emit` the YAML.
//! The YAML is then read back by the loader (`load::parse`): what is written is what
//! `vanban build` reads.

mod body;
mod doc;
mod docx;
mod emit;
mod frame;
mod package;
mod plan;
mod text;
mod xml;

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

pub(crate) use doc::Kind;

/// What `vanban import` is asked.
#[derive(Debug, Clone)]
pub struct Options {
    /// The document to import.
    pub file: PathBuf,
    /// Where to write the YAML (`None`: returned for stdout).
    pub out: Option<PathBuf>,
    /// Overwrite `out` if it exists.
    pub force: bool,
}

/// What was recognised, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// plan, report, letter.
    pub kind: &'static str,
    /// The number and symbol as printed ("25/KH-SYT"), or the symbol alone.
    pub symbol: String,
    /// The issuing body.
    pub issuer: String,
    /// Sections (all levels).
    pub sections: usize,
    /// "-" and "+" items.
    pub items: usize,
    /// Tables.
    pub tables: usize,
    /// Footnotes.
    pub notes: usize,
    /// Recipients (with the electronic ones).
    pub recipients: usize,
    /// The signature as lines.
    pub signature: String,
    /// Items given an indicator.
    pub indicators: usize,
    /// Reporting deadlines.
    pub deadlines: usize,
    /// Appendices.
    pub appendices: usize,
    /// `# kiểm tra` comments written.
    pub checks: usize,
    /// Converted by LibreOffice from this format first.
    pub converted_from: Option<&'static str>,
}

/// The result: the YAML, where it went, and the summary.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The YAML text.
    pub yaml: String,
    /// The file written, if `out` was given.
    pub written: Option<PathBuf>,
    /// What was recognised.
    pub summary: Summary,
    /// Problems of the YAML found when reading it back (a bug of the importer, or a
    /// document vanban cannot express); the file is written all the same.
    pub warnings: Vec<Diagnostic>,
}

/// Imports `opts.file`.
pub fn run(opts: &Options) -> Result<Outcome, Diagnostic> {
    if let Some(out) = &opts.out {
        if !opts.force && (out.exists() || out.symlink_metadata().is_ok()) {
            return Err(
                Diagnostic::error(out, "exists already; nothing was written")
                    .hint("choose another -o file, or add --force to overwrite it"),
            );
        }
    }
    let parts = package::open(&opts.file)?;
    let name = opts
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (yaml, mut summary) = convert(&parts, &name).map_err(|m| {
        Diagnostic::error(&opts.file, m).hint(
            "vanban writes plans (KẾ HOẠCH), reports (BÁO CÁO) and letters (công văn); \
             import one of those",
        )
    })?;
    summary.converted_from = parts.converted_from;
    let mut warnings = Vec::new();
    let shown = opts
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdout>"));
    if let Err(d) = crate::load::parse(&yaml, &shown) {
        warnings.push(d);
    }
    let written = match &opts.out {
        Some(out) => {
            write(out, &yaml, opts.force)?;
            Some(out.clone())
        }
        None => None,
    };
    Ok(Outcome {
        yaml,
        written,
        summary,
        warnings,
    })
}

/// The YAML of a DOCX given as bytes (`source` names it in the first comment): what `run`
/// writes, without touching the disk. `Err` says why it is not a document vanban imports.
pub fn yaml_from_docx(bytes: &[u8], source: &str) -> Result<(String, Summary), String> {
    let parts = package::from_bytes(bytes)
        .ok_or_else(|| "not a DOCX package (no word/document.xml)".to_string())?;
    convert(&parts, source)
}

fn write(out: &Path, yaml: &str, force: bool) -> Result<(), Diagnostic> {
    // checked again just before the write: a file that appeared meanwhile is kept
    if !force && out.symlink_metadata().is_ok() {
        return Err(
            Diagnostic::error(out, "exists already; nothing was written")
                .hint("choose another -o file, or add --force to overwrite it"),
        );
    }
    crate::write::write_atomic(out, yaml.as_bytes()).map_err(|e| {
        Diagnostic::error(out, format!("cannot write the YAML: {e}"))
            .hint("check that the folder exists and is writable")
    })
}

/// The parts of a DOCX → YAML and the summary; `Err` for a kind vanban does not write.
fn convert(parts: &package::Parts, source: &str) -> Result<(String, Summary), String> {
    let (yaml, s) = convert_with(parts, source, true)?;
    // a model without `appendices` (an older vanban): the appendices are kept as text
    let unknown = crate::load::parse(&yaml, Path::new("import.yaml"))
        .err()
        .is_some_and(|d| d.message.contains("appendices"));
    if unknown {
        return convert_with(parts, source, false);
    }
    Ok((yaml, s))
}

fn convert_with(
    parts: &package::Parts,
    source: &str,
    with_appendices: bool,
) -> Result<(String, Summary), String> {
    let d = docx::read(
        &parts.document,
        parts.styles.as_deref(),
        parts.numbering.as_deref(),
        parts.footnotes.as_deref(),
    );
    let mut doc = doc::Doc::default();
    let split = frame::recognise(&d.blocks, &mut doc).map_err(|k| {
        format!("this is a {k}: vanban imports plans (KẾ HOẠCH), reports (BÁO CÁO) and letters")
    })?;
    body::recognise(
        &d.blocks[split.body_start..split.body_end],
        &d.notes,
        &mut doc,
    );
    // what follows the signature: appendices ("Phụ lục I", its title, "(Kèm theo …)", its
    // body), else text
    let after = &d.blocks[split.after..];
    let starts: Vec<usize> = after
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, docx::Block::Para(p) if is_appendix_label(&p.text())))
        .map(|(k, _)| k)
        .collect();
    let first = starts.first().copied().unwrap_or(after.len());
    if with_appendices {
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(after.len());
            doc.appendices
                .push(appendix(&after[start + 1..end], &d.notes));
        }
    }
    let rest = if with_appendices {
        &after[..first]
    } else {
        after
    };
    // "(Kèm theo … của UBND tỉnh Thanh Hóa)" names the issuer as a sentence does
    if doc.name_in_text.is_none() {
        doc.name_in_text = doc
            .appendices
            .iter()
            .find_map(|a| a.attached.as_deref().and_then(emit::attached_issuer));
    }
    for b in rest {
        let mut nn = |_: &str| 0usize;
        match b {
            docx::Block::Para(p) => {
                let t = text::markdown(&p.runs, &mut nn, true);
                if !t.is_empty() {
                    doc.leftovers.push(t);
                }
            }
            docx::Block::Table(t) => {
                for r in &t.rows {
                    let cells: Vec<String> = r
                        .cells
                        .iter()
                        .map(|c| {
                            c.paras
                                .iter()
                                .map(|p| text::markdown(&p.runs, &mut nn, true))
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .collect();
                    let line = text::squash(&cells.join(" | "));
                    if !line.is_empty() {
                        doc.leftovers.push(line);
                    }
                }
            }
        }
    }
    if !doc.leftovers.is_empty() {
        doc.checks.push(format!(
            "{} paragraph(s) after the signature are kept as text in the last section",
            doc.leftovers.len()
        ));
    }
    let appendices = doc.appendices.len();
    if doc.date.year.is_none() {
        doc.date.year = year_in(&doc.summary.join(" "));
    }
    let complete = doc.number.is_some() && doc.date.day.is_some() && doc.date.month.is_some();
    if doc.status.is_none() && !complete {
        // blanks for the văn thư, and no DỰ THẢO mark: a text for signature
        doc.status = Some("for-signature");
        // the day typed in and only the number blank: the day of issue was fixed beforehand
        doc.date_fixed = doc.number.is_none() && doc.date.day.is_some() && doc.date.month.is_some();
        if doc.number.is_some() {
            doc.checks.push(format!(
                "the number {} is printed blank in a text for signature (the date is not complete)",
                doc.number.unwrap_or_default()
            ));
        }
    }
    let (indicators, deadlines) = if doc.kind == Kind::Plan {
        plan::enrich(&mut doc)
    } else {
        (0, 0)
    };
    let mut s = Summary {
        kind: doc.kind.key(),
        symbol: symbol(&doc),
        issuer: doc.name.join(" "),
        recipients: doc.recipients.len() + doc.electronic.len(),
        signature: signature(&doc),
        notes: doc.notes.len(),
        indicators,
        deadlines,
        appendices,
        ..Summary::default()
    };
    fn count(nodes: &[doc::Node], s: &mut Summary) {
        for n in nodes {
            if n.key.is_some() {
                s.sections += 1;
            }
            s.items += n.items.iter().map(|i| 1 + i.items.len()).sum::<usize>();
            s.tables += n.tables.len();
            s.checks += n.checks.len();
            count(&n.children, s);
        }
    }
    count(&doc.sections, &mut s);
    let yaml = emit::yaml(&doc, source);
    s.checks = yaml.matches("# kiểm tra:").count();
    Ok((yaml, s))
}

/// "Phụ lục I", "PHỤ LỤC", "Phụ lục số 02": the line an appendix starts with.
fn is_appendix_label(s: &str) -> bool {
    let t = text::squash(s);
    let u = t.to_uppercase();
    let Some(rest) = u.strip_prefix("PHỤ LỤC") else {
        return false;
    };
    let rest = rest.trim().trim_start_matches("SỐ").trim();
    rest.is_empty()
        || (rest.chars().count() <= 6
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || "IVXLC".contains(c) || c == '.'))
}

/// One appendix's blocks (after its "Phụ lục" line) → its title, "(Kèm theo …)" and body.
fn appendix(
    blocks: &[docx::Block],
    notes: &std::collections::BTreeMap<String, Vec<docx::Para>>,
) -> doc::AppendixOut {
    let mut a = doc::AppendixOut::default();
    let mut i = 0;
    let mut title = Vec::new();
    while let Some(docx::Block::Para(p)) = blocks.get(i) {
        let t = text::squash(&p.text());
        if t.is_empty() {
            i += 1;
            continue;
        }
        if t.starts_with("(Kèm theo") || t.starts_with("(kèm theo") {
            a.attached = Some(t);
            i += 1;
            break;
        }
        if !(title.is_empty() || text::all_bold(&p.runs) || p.centered) {
            break;
        }
        title.push(t);
        i += 1;
    }
    a.title = title.join(" ");
    let mut sub = doc::Doc::default();
    body::recognise(&blocks[i..], notes, &mut sub);
    a.text = sub.preamble;
    a.text.extend(sub.notes);
    a.numbering = sub.numbering;
    a.sections = sub.sections;
    a
}

fn year_in(s: &str) -> Option<i32> {
    let i = s.rfind("năm ")?;
    s[i + 4..].get(..4)?.parse().ok()
}

fn symbol(doc: &doc::Doc) -> String {
    let sym = match (doc.kind, &doc.office) {
        (Kind::Letter, Some(o)) => format!("{}-{o}", doc.abbr),
        (Kind::Letter, None) => doc.abbr.clone(),
        (Kind::Plan, _) => format!("KH-{}", doc.abbr),
        (Kind::Report, _) => format!("BC-{}", doc.abbr),
    };
    match doc.number {
        Some(n) => format!("{n:02}/{sym}"),
        None => format!("…/{sym}"),
    }
}

fn signature(doc: &doc::Doc) -> String {
    let mut l = doc.signature.authority.clone();
    l.push(doc.signature.title.clone());
    l.push(doc.signature.name.clone());
    l.retain(|x| !x.is_empty());
    l.join(" / ")
}

/// The summary line printed after an import.
pub(crate) fn summary_line(file: &Path, o: &Outcome) -> String {
    let s = &o.summary;
    let to = match &o.written {
        Some(p) => format!("wrote {}", p.display()),
        None => "printed the YAML".to_string(),
    };
    let via = s
        .converted_from
        .map(|f| format!(" (converted from .{f} by LibreOffice)"))
        .unwrap_or_default();
    format!(
        "{to} from {}{via}: a {} {} of {}; {} numbered section(s), {} item(s), {} table(s), \
         {} footnote(s), {} recipient(s); signed {}; {} indicator(s), {} reporting deadline(s); \
         {} appendix(es); {} thing(s) to check (\"# kiểm tra\")",
        file.display(),
        s.kind,
        s.symbol,
        if s.issuer.is_empty() { "?" } else { &s.issuer },
        s.sections,
        s.items,
        s.tables,
        s.notes,
        s.recipients,
        if s.signature.is_empty() {
            "?"
        } else {
            &s.signature
        },
        s.indicators,
        s.deadlines,
        s.appendices,
        s.checks
    )
}
