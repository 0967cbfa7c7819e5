//! The lint on real documents' texts (tests/fixtures/lint-corpus/, sources in SOURCE.md): it
//! finds nothing but the findings listed in EXPECTED.txt.snap, each a real error of the original.

use crate::common;

use std::path::Path;

/// Every finding on the corpus, one line each: "file:line:col CODE message".
fn findings() -> Vec<String> {
    let dir = common::root().join("tests/fixtures/lint-corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus has {} texts", files.len());
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        for d in vanban::lint::text(&text, None, Path::new(&name)) {
            let first = d.to_string().lines().next().unwrap_or("").to_string();
            out.push(first);
        }
    }
    out
}

/// The findings are locked by the snapshot `EXPECTED.txt.snap`, in the order the lint gives
/// them (file by file); SOURCE.md reviews each as a real error of the original.
#[test]
fn the_lint_finds_only_the_listed_real_errors_in_the_corpus() {
    let got = findings();
    golden!(
        "tests/fixtures/lint-corpus/EXPECTED.txt",
        format!("{}\n", got.join("\n"))
    );
}
