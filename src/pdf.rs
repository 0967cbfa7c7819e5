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
use std::process::Command;

use crate::build::write_atomic;
use crate::error::Diagnostic;

/// Environment variable naming the LibreOffice program to use instead of `soffice` (or
/// `libreoffice`) on the PATH.
pub(crate) const SOFFICE_ENV: &str = "VANBAN_SOFFICE";

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

/// The DOCX under `out` whose PDF is missing, older than the DOCX, or whose DOCX was written
/// by this run (`written`), in path order.
pub(crate) fn stale(out: &Path, written: &[PathBuf]) -> Vec<Job> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().and_then(|x| x.to_str()) == Some("docx"))
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
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().and_then(|x| x.to_str()) == Some("pdf"))
        .filter(|p| !p.with_extension("docx").exists())
        .collect()
}

/// How many PDFs there are under `out`.
pub(crate) fn count_pdfs(out: &Path) -> usize {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().and_then(|x| x.to_str()) == Some("pdf"))
        .count()
}

/// The LibreOffice program: `$VANBAN_SOFFICE`, else `soffice` or `libreoffice` on the PATH.
pub fn soffice() -> Result<PathBuf, Diagnostic> {
    if let Some(p) = std::env::var_os(SOFFICE_ENV).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(
                Diagnostic::error(&p, format!("{SOFFICE_ENV} names no LibreOffice program")).hint(
                    format!(
                "set {SOFFICE_ENV} to the soffice program (e.g. /usr/bin/soffice), or unset it"
            ),
                ),
            )
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["soffice", "libreoffice"] {
            let p = dir.join(name);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    Err(Diagnostic::error(
        "soffice",
        "--pdf needs LibreOffice, and no soffice or libreoffice program is on the PATH",
    )
    .hint(format!(
        "install LibreOffice (Debian/Ubuntu: apt install libreoffice-writer-nogui \
         fonts-liberation), set {SOFFICE_ENV} to its soffice program, or build without --pdf"
    )))
}

/// Converts every job's DOCX to its PDF in one LibreOffice run. A DOCX LibreOffice cannot
/// convert is an error of that file; the others are still written.
pub(crate) fn convert(jobs: &[Job]) -> Report {
    let mut report = Report::default();
    if jobs.is_empty() {
        return report;
    }
    let program = match soffice() {
        Ok(p) => p,
        Err(d) => {
            report.errors.push(d);
            return report;
        }
    };
    let work = match crate::paths::private_dir("pdf") {
        Ok(w) => w,
        Err(e) => {
            report.errors.push(
                Diagnostic::error(
                    std::env::temp_dir(),
                    format!("cannot create a private folder for LibreOffice: {e}"),
                )
                .hint("check that the temporary folder is writable (TMPDIR)"),
            );
            return report;
        }
    };
    let result = convert_in(&program, jobs, &work, &mut report);
    let _ = std::fs::remove_dir_all(&work);
    if let Err(d) = result {
        report.errors.push(d);
    }
    report
}

fn convert_in(
    program: &Path,
    jobs: &[Job],
    work: &Path,
    report: &mut Report,
) -> Result<(), Diagnostic> {
    let io = |what: &str, p: &Path, e: std::io::Error| {
        Diagnostic::error(p, format!("{what}: {e}"))
            .hint("check that the temporary folder is writable (TMPDIR)")
    };
    let input = work.join("in");
    let output = work.join("out");
    let profile = work.join("profile");
    for d in [&input, &output, &profile] {
        std::fs::create_dir_all(d).map_err(|e| io("cannot create a folder", d, e))?;
    }
    let mut names = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        let name = format!("{:05}.docx", i + 1);
        let to = input.join(&name);
        std::fs::copy(&job.docx, &to).map_err(|e| io("cannot copy the DOCX", &job.docx, e))?;
        names.push(to);
    }
    // a profile of its own: works beside a running LibreOffice and on a machine where the
    // user has none
    let profile_url = format!("file://{}", absolute(&profile).display());
    let run = Command::new(program)
        .arg(format!("-env:UserInstallation={profile_url}"))
        .args([
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            FILTER,
        ])
        .arg("--outdir")
        .arg(&output)
        .args(&names)
        .output()
        .map_err(|e| {
            Diagnostic::error(program, format!("cannot run LibreOffice: {e}"))
                .hint(format!("check the program, or set {SOFFICE_ENV}"))
        })?;
    let log = String::from_utf8_lossy(&run.stderr).trim().to_owned();
    for (i, job) in jobs.iter().enumerate() {
        let made = output.join(format!("{:05}.pdf", i + 1));
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
                    if log.is_empty() {
                        format!("LibreOffice exited with {}", run.status)
                    } else {
                        format!("LibreOffice said: {log}")
                    },
                ),
            ),
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
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
