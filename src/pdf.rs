//! `vanban build --pdf`: a PDF beside each DOCX, made by LibreOffice headless (PDF/A-2b),
//! one LibreOffice process for the whole batch, only for the DOCX that changed.
//!
//! LibreOffice writes every PDF of a run into one folder, named after its input, and two
//! documents of a batch may share a file name (`6-thang/cdc.docx`, `ca-nam/cdc.docx`): each
//! DOCX is therefore copied into a private folder under a numbered name, the batch is
//! converted in one call, and each PDF is moved to its place with an atomic write.
//!
//! The PDFs are not byte-reproducible: LibreOffice stamps each with its creation time and a
//! random document id.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::write::write_atomic;

/// LibreOffice's PDF export with PDF/A-2b (`SelectPdfVersion` 2), in the JSON filter-option
/// syntax LibreOffice understands since 7.4.
pub(crate) const FILTER: &str =
    r#"pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}"#;

/// One conversion: a DOCX and the PDF it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Job {
    /// The DOCX.
    pub docx: PathBuf,
    /// The PDF beside it.
    pub pdf: PathBuf,
}

/// What a conversion run did.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// PDFs written.
    pub written: Vec<PathBuf>,
    /// One error per DOCX that gave no PDF, or one for the whole batch (LibreOffice missing).
    pub errors: Vec<Diagnostic>,
}

/// The files under `out` with the extension `ext`, in path order.
fn files(out: &Path, ext: &'static str) -> impl Iterator<Item = PathBuf> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(move |p| p.extension().and_then(|x| x.to_str()) == Some(ext))
}

/// The DOCX under `out` whose PDF is missing, older than the DOCX, or whose DOCX was written
/// by this run (`written`), in path order.
pub(crate) fn stale(out: &Path, written: &[PathBuf]) -> Vec<Job> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    files(out, "docx")
        .filter_map(|docx| {
            let pdf = docx.with_extension("pdf");
            let fresh = match (modified(&docx), modified(&pdf)) {
                (Some(d), Some(p)) => p >= d && !written.contains(&docx),
                _ => false,
            };
            (!fresh).then_some(Job { docx, pdf })
        })
        .collect()
}

/// PDFs under `out` whose DOCX is gone (the build removed it as an orphan).
pub(crate) fn orphans(out: &Path) -> Vec<PathBuf> {
    files(out, "pdf")
        .filter(|p| !p.with_extension("docx").exists())
        .collect()
}

/// How many PDFs there are under `out`.
pub(crate) fn count_pdfs(out: &Path) -> usize {
    files(out, "pdf").count()
}

/// The LibreOffice program for `--pdf`, or the error that says how to get one.
fn program() -> Result<PathBuf, Diagnostic> {
    crate::soffice::program().map_err(|m| {
        m.diagnostic(
            Path::new("soffice"),
            "--pdf needs LibreOffice",
            "build without --pdf",
        )
    })
}

/// Converts every job's DOCX to its PDF in one LibreOffice run. A DOCX LibreOffice cannot
/// convert is an error of that file; the others are still written.
pub(crate) fn convert(jobs: &[Job]) -> Report {
    let mut report = Report::default();
    if jobs.is_empty() {
        return report;
    }
    let program = match program() {
        Ok(p) => p,
        Err(d) => {
            report.errors.push(d);
            return report;
        }
    };
    // numbered names: two documents of a batch may share a file name
    let inputs: Vec<(&Path, String)> = jobs
        .iter()
        .enumerate()
        .map(|(i, job)| (job.docx.as_path(), format!("{:05}.docx", i + 1)))
        .collect();
    let result = crate::soffice::convert(&program, "pdf", FILTER, &inputs, |run| {
        for (i, job) in jobs.iter().enumerate() {
            let made = run.out.join(format!("{:05}.pdf", i + 1));
            match std::fs::read(&made) {
                Ok(bytes) if bytes.starts_with(b"%PDF") => match write_atomic(&job.pdf, &bytes) {
                    Ok(()) => report.written.push(job.pdf.clone()),
                    Err(e) => report.errors.push(
                        Diagnostic::error(&job.pdf, format!("cannot write the PDF: {e}"))
                            .hint("check that the output folder is writable"),
                    ),
                },
                _ => report.errors.push(
                    Diagnostic::error(&job.docx, "LibreOffice made no PDF of this DOCX").hint(
                        if run.log.is_empty() {
                            format!("LibreOffice exited with {}", run.status)
                        } else {
                            format!("LibreOffice said: {}", run.log)
                        },
                    ),
                ),
            }
        }
    });
    if let Err(d) = result {
        report.errors.push(d);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_lists_missing_and_older_pdfs_and_written_docx() {
        let dir = std::env::temp_dir().join(format!("vanban-pdf-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a")).unwrap();
        let one = dir.join("a/one.docx");
        let two = dir.join("two.docx");
        std::fs::write(&one, b"x").unwrap();
        std::fs::write(&two, b"x").unwrap();
        assert_eq!(stale(&dir, &[]).len(), 2, "no PDF yet");
        std::fs::write(dir.join("a/one.pdf"), b"%PDF").unwrap();
        std::fs::write(dir.join("two.pdf"), b"%PDF").unwrap();
        assert!(stale(&dir, &[]).is_empty(), "PDFs newer than their DOCX");
        let again = stale(&dir, std::slice::from_ref(&two));
        assert_eq!(
            again.iter().map(|j| &j.docx).collect::<Vec<_>>(),
            vec![&two]
        );
        std::fs::remove_file(&one).unwrap();
        assert_eq!(orphans(&dir), vec![dir.join("a/one.pdf")]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
