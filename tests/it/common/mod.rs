//! The harness the integration tests share: the repository's paths, the seed, golden files
//! (`golden!`, insta snapshots), a project in a temporary folder and the binary run in it
//! (`TempProject`, `vanban`, `run`), reading a DOCX, the render tools.

#[macro_use]
pub mod golden;
mod project;

use std::io::Read;
use std::path::PathBuf;

pub use project::{run, vanban, TempProject};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample plan.
pub fn sample_plan() -> PathBuf {
    root().join("plans/2018/ke-hoach-phong-chong-mai-dam.yaml")
}

/// The seed: the real 2018 plan the sample reproduces. CI lays `shared/` beside the clone.
pub fn seed() -> String {
    let candidates = [
        root().join("../shared/seed/ke-hoach-phong-chong-mai-dam-2018.md"),
        root().join("tests/fixtures/seed/ke-hoach-phong-chong-mai-dam-2018.md"),
    ];
    for c in candidates {
        if let Ok(s) = std::fs::read_to_string(&c) {
            return s;
        }
    }
    panic!("the seed is missing: expected ../shared/seed/ or tests/fixtures/seed/");
}

/// Strips Markdown markers and folds white space, so text can be compared across formats.
pub fn plain(text: &str) -> String {
    let t = text.replace("\\.", ".").replace(['*', '#'], "");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The seed's paragraphs as plain text, in order (list markers removed).
pub fn seed_paragraphs() -> Vec<String> {
    seed()
        .lines()
        .map(|l| {
            let l = plain(l);
            let l = l
                .strip_prefix("- ")
                .or_else(|| l.strip_prefix("+ "))
                .unwrap_or(&l)
                .to_string();
            // The seed types "KT.GIÁM ĐỐC"; the official layout (and vanban) writes "KT. GIÁM ĐỐC".
            l.replace("KT.GIÁM", "KT. GIÁM")
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// Asserts that every needle occurs in `haystack`, each after the previous one.
pub fn assert_in_order(haystack: &str, needles: &[String], what: &str) {
    let mut at = 0;
    for (i, n) in needles.iter().enumerate() {
        match haystack[at..].find(n.as_str()) {
            Some(pos) => at += pos + n.len(),
            None => {
                let anywhere = haystack.contains(n.as_str());
                panic!(
                    "seed paragraph {} is {} in the {what}:\n{n}",
                    i + 1,
                    if anywhere { "out of order" } else { "missing" }
                );
            }
        }
    }
}

/// With `VANBAN_TEST_DOCX_DIR` set, saves a copy of a DOCX a test produced there (named by
/// its SHA-256, so each distinct file once), for CI to run the schema validator over every DOCX
/// the tests see (`.ci/validate-docx`). Without it, does nothing.
pub fn keep_docx(docx: &[u8]) {
    use sha2::Digest;
    let Some(dir) = std::env::var_os("VANBAN_TEST_DOCX_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("VANBAN_TEST_DOCX_DIR can be created");
    let hash = sha2::Sha256::digest(docx);
    let name: String = hash.iter().take(12).map(|b| format!("{b:02x}")).collect();
    let path = dir.join(format!("{name}.docx"));
    if path.exists() {
        return;
    }
    // tests run in parallel: write aside, then rename into place
    let tmp = dir.join(format!("{name}.{}.part", std::process::id()));
    std::fs::write(&tmp, docx).expect("the test DOCX copy is written");
    std::fs::rename(&tmp, &path).expect("the test DOCX copy is renamed");
}

/// Reads one part of a DOCX (a zip) as text.
pub fn docx_part(docx: &[u8], name: &str) -> String {
    keep_docx(docx);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("the DOCX is a zip");
    let mut part = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("the DOCX has no {name}"));
    let mut s = String::new();
    part.read_to_string(&mut s).expect("the part is UTF-8");
    s
}

/// The text of each `w:p` paragraph of `document.xml`, in order (runs joined, tabs and breaks as
/// spaces).
pub fn docx_paragraphs(document_xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(document_xml);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("document.xml is well-formed") {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::Empty(e) if matches!(e.name().as_ref(), b"w:br" | b"w:tab") => cur.push(' '),
            Event::Text(t) if in_t => cur.push_str(&t.unescape().expect("text unescapes")),
            Event::End(e) if e.name().as_ref() == b"w:p" => out.push(std::mem::take(&mut cur)),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The first XML part of a DOCX that does not parse, with the parser's error; `None` when every
/// `.xml` and `.rels` part is well-formed.
pub fn malformed_part(docx: &[u8]) -> Option<String> {
    keep_docx(docx);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("the DOCX is a zip");
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("a zip entry");
        let name = part.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut s = String::new();
        if let Err(e) = part.read_to_string(&mut s) {
            return Some(format!("{name}: {e}"));
        }
        let mut reader = quick_xml::Reader::from_str(&s);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Some(format!("{name}: {e}")),
            }
        }
    }
    None
}

/// Whether LibreOffice (`soffice`) and poppler (`pdftotext`) can run, for a test that renders
/// `what`. Without them a developer's run skips it, saying so; under `CI=true` (as `.ci/run`
/// runs) it fails instead, so a skipped render never passes for a good one.
pub fn render_tools(what: &str) -> bool {
    let have = |cmd: &str| std::process::Command::new(cmd).arg("-v").output().is_ok();
    if have("soffice") && have("pdftotext") {
        return true;
    }
    let need = "soffice and pdftotext are needed (apt-get install libreoffice-writer-nogui fonts-liberation poppler-utils)";
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "CI=true and {what} cannot run: {need}"
    );
    skipped(&format!("{what}: {need}"));
    false
}

/// Says on the terminal that a test skipped its work (a missing tool outside CI). The test
/// harness hides what a passing test prints, and the test still reports `ok`: this line,
/// written past the capture, is what tells a developer it did not run.
pub fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}
