//! `vanban build --pdf`: PDF/A-2b beside each DOCX through LibreOffice, one process for the
//! batch, incremental; the PDF's text is the DOCX's text; a clear error without LibreOffice.
//!
//! Where LibreOffice or poppler is not installed the tests that need them are skipped,
//! saying so, on a developer's machine, and fail under CI (`CI=true`, as `.ci/run` runs).

use crate::common;
use common::TempProject;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn project() -> TempProject {
    let p = TempProject::new();
    p.sample_plan("plans/2018/a/ke-hoach.yaml", 25);
    p.sample_plan("plans/2018/b/ke-hoach.yaml", 26);
    p
}

fn vanban(dir: &Path) -> Command {
    let mut c = common::vanban(dir);
    c.env("HOME", dir);
    c
}

fn pdfs(out: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    v.sort();
    v
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn build_pdf_makes_pdf_a_whose_text_is_the_docx_text_and_is_incremental() {
    if !common::render_tools("the PDF tests") {
        return;
    }
    let dir = project();
    let out = dir.path().join("output");
    let o = vanban(dir.path())
        .args(["build", "--pdf"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("PDF: 2 converted"), "{stdout}");
    let made = pdfs(&out);
    assert_eq!(made.len(), 2, "{made:?}");
    for pdf in &made {
        let bytes = std::fs::read(pdf).unwrap();
        let meta = String::from_utf8_lossy(&bytes);
        assert!(
            meta.contains("<pdfaid:part>2</pdfaid:part>")
                && meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
            "{} is not PDF/A-2b",
            pdf.display()
        );
        // the text: every paragraph of the DOCX, in order, and nothing else but page numbers
        let docx = std::fs::read(pdf.with_extension("docx")).unwrap();
        let paragraphs: Vec<String> =
            common::docx_paragraphs(&common::docx_part(&docx, "word/document.xml"))
                .iter()
                .map(|p| squeeze(p))
                .filter(|p| !p.is_empty())
                .collect();
        let text = std::process::Command::new("pdftotext")
            .arg("-raw")
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        // page numbers (a line of digits in the page header) aside
        let text: String = String::from_utf8_lossy(&text.stdout)
            .lines()
            .filter(|l| !(l.trim().chars().all(|c| c.is_ascii_digit()) && l.trim().len() <= 3))
            .collect::<Vec<_>>()
            .join("\n");
        let text = squeeze(&text);
        common::assert_in_order(&text, &paragraphs, &format!("PDF {}", pdf.display()));
        let docx_len: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
        let extra = text.chars().count() as i64 - docx_len as i64;
        assert!(
            extra == 0,
            "the PDF has {extra} characters more than the DOCX"
        );
    }
    // the two documents kept apart: each PDF carries its own number
    let first = String::from_utf8_lossy(
        &std::process::Command::new("pdftotext")
            .arg(&made[0])
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .to_string();
    assert!(
        first.contains("25/KH-SYT"),
        "a/ke-hoach.pdf is a/ke-hoach.docx"
    );

    // incremental: nothing changed, nothing converted, the PDFs untouched
    let before: Vec<_> = made
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    let o = vanban(dir.path())
        .args(["build", "--pdf"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("PDF: 0 converted"), "{stdout}");
    let after: Vec<_> = made
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    assert_eq!(before, after);

    // one document changes: only its PDF is made again
    let b = dir.path().join("plans/2018/b/ke-hoach.yaml");
    let text = std::fs::read_to_string(&b)
        .unwrap()
        .replace("number: 26", "number: 27");
    std::fs::write(&b, text).unwrap();
    let o = vanban(dir.path())
        .args(["build", "--pdf"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("PDF: 1 converted"), "{stdout}");

    // a PDF whose document is gone goes too
    std::fs::remove_file(&b).unwrap();
    let o = vanban(dir.path())
        .args(["build", "--pdf"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(pdfs(&out).len(), 1);
}

#[test]
fn without_libreoffice_build_pdf_fails_saying_what_to_install() {
    let dir = project();
    let o = vanban(dir.path())
        .args(["build", "--pdf"])
        .env("VANBAN_SOFFICE", dir.path().join("no-such-soffice"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("VANBAN_SOFFICE names no LibreOffice program"),
        "{stderr}"
    );
    // the DOCX are built all the same
    assert!(dir.path().join("output/2018/a/ke-hoach.docx").exists());
    // and nothing on the PATH: the hint says what to install
    let o = vanban(dir.path())
        .args(["build", "--pdf"])
        .env("PATH", dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--pdf needs LibreOffice"), "{stderr}");
    assert!(
        stderr.contains("apt install libreoffice-writer-nogui"),
        "{stderr}"
    );
    // --check lists the missing PDFs
    let o = vanban(dir.path())
        .args(["build", "--pdf", "--check"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("stale or missing: "), "{stdout}");
}

#[test]
fn vanban_toml_asks_for_pdfs() {
    let dir = project();
    std::fs::write(dir.path().join("vanban.toml"), "[build]\npdf = true\n").unwrap();
    let o = vanban(dir.path())
        .args(["build"])
        .env("VANBAN_SOFFICE", dir.path().join("no-such-soffice"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("VANBAN_SOFFICE"),
        "[build] pdf = true turns --pdf on: {stderr}"
    );
}
