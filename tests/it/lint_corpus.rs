//! The lint on real documents' texts (tests/fixtures/lint-corpus/, sources in SOURCE.md): it
//! finds nothing but the findings listed in EXPECTED.txt, each a real error of the original.

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

#[test]
fn the_lint_finds_only_the_listed_real_errors_in_the_corpus() {
    let got = findings();
    let path = common::root().join("tests/fixtures/lint-corpus/EXPECTED.txt");
    if std::env::var_os("VANBAN_BLESS").is_some() {
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let header: Vec<&str> = old.lines().filter(|l| l.starts_with('#')).collect();
        let mut text = header.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        std::fs::write(&path, text + &got.join("\n") + "\n").unwrap();
        return;
    }
    let expected: Vec<String> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let extra: Vec<&String> = got.iter().filter(|g| !expected.contains(g)).collect();
    let missing: Vec<&String> = expected.iter().filter(|e| !got.contains(e)).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "false alarms (not in EXPECTED.txt):\n{}\nlisted but not found:\n{}",
        extra
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
