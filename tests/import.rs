//! `vanban import`: a DOCX back into YAML. Every sample under plans/ and every real fixture
//! (tests/fixtures/real*/) is built to DOCX, imported, and built again: the text is the same,
//! sentence by sentence, and so is the numbering. Real documents not made by vanban
//! (tests/fixtures/import/<name>/, DOCX made by pandoc and LibreOffice, a .doc) import with
//! every sentence of their source text present in order.

mod common;

use std::path::{Path, PathBuf};

use vanban::compile;
use vanban::project::Project;
use vanban::templates::Templates;

/// The text of a DOCX, paragraph by paragraph, with its footnotes at the end.
fn docx_text(docx: &[u8]) -> Vec<String> {
    let mut paras = common::docx_paragraphs(&common::docx_part(docx, "word/document.xml"));
    if let Some(notes) = part(docx, "word/footnotes.xml") {
        paras.extend(common::docx_paragraphs(&notes));
    }
    paras
}

fn part(docx: &[u8], name: &str) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).ok()?;
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}

/// Sentences (and pieces up to ";" or ":"), whitespace made single.
fn sentences(paras: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for p in paras {
        let t: String = p.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars: Vec<char> = t.chars().collect();
        let mut cur = String::new();
        for (i, c) in chars.iter().enumerate() {
            cur.push(*c);
            let ends = matches!(c, '.' | ';' | ':' | '?' | '!')
                && chars.get(i + 1).is_none_or(|n| *n == ' ');
            if ends || i + 1 == chars.len() {
                let s = cur.trim().to_string();
                if !s.is_empty() {
                    out.push(s);
                }
                cur.clear();
            }
        }
    }
    out
}

/// The labels that open paragraphs ("II.", "2.1.", "a)", "-", "+"), in order.
fn labels(paras: &[String]) -> Vec<String> {
    paras
        .iter()
        .filter_map(|p| {
            let w = p.split_whitespace().next()?;
            let is_label = w == "-"
                || w == "+"
                || (w.ends_with('.')
                    && w[..w.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '.')
                    && w.len() > 1)
                || (w.ends_with('.')
                    && w[..w.len() - 1].chars().all(|c| "IVXLC".contains(c))
                    && w.len() > 1)
                || (w.ends_with(')') && w.chars().count() == 2);
            is_label.then(|| w.to_string())
        })
        .collect()
}

/// Longest common subsequence length of two sentence lists: the sentences found in order.
fn in_order(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The first difference of two sentence lists, for the failure message.
fn first_difference(a: &[String], b: &[String]) -> String {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x != y {
            return format!("sentence {}: original \"{x}\" / rebuilt \"{y}\"", i + 1);
        }
    }
    let gone: Vec<&String> = a.iter().filter(|x| !b.contains(x)).collect();
    let new: Vec<&String> = b.iter().filter(|x| !a.contains(x)).collect();
    format!(
        "lengths {} and {}; missing {gone:?}; added {new:?}",
        a.len(),
        b.len()
    )
}

fn documents() -> Vec<PathBuf> {
    let root = common::root();
    let mut v = Vec::new();
    for dir in ["plans", "tests/fixtures/real", "tests/fixtures/real-bodies"] {
        for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let e = e.expect("walk");
            let p = e.path();
            let yaml = p.extension().is_some_and(|x| x == "yaml");
            if yaml && p.file_name().is_some_and(|n| n != "units.yaml") {
                v.push(p.to_path_buf());
            }
        }
    }
    v
}

fn build(text: &str, path: &Path, project: &Project) -> Result<Vec<u8>, String> {
    let templates = Templates::builtin().expect("built-in templates");
    compile::compile(text, path, &templates, project)
        .map(|o| o.docx)
        .map_err(|e| {
            format!(
                "{}: does not build: {}",
                path.display(),
                e.iter()
                    .map(|d| format!(
                        "{}:{} {}",
                        d.line.unwrap_or(0),
                        d.column.unwrap_or(0),
                        d.message
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })
}

#[test]
fn every_sample_and_real_fixture_round_trips() {
    let root = common::root();
    let (plans, _) = Project::load(&root.join("plans"));
    let scratch = tempfile::tempdir().expect("tempdir");
    let mut failures = Vec::new();
    println!("document: sentences in original / found in order / missing; labels");
    for path in documents() {
        let text = std::fs::read_to_string(&path).expect("read");
        let project = if path.starts_with(root.join("plans")) {
            plans.clone()
        } else {
            Project::default()
        };
        let original = build(&text, &path, &project).unwrap_or_else(|e| panic!("{e}"));
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let (yaml, _) = vanban::import::yaml_from_docx(&original, &rel)
            .unwrap_or_else(|e| panic!("{rel}: import failed: {e}"));
        let out = scratch.path().join(rel.replace('/', "_"));
        std::fs::write(&out, &yaml).expect("write");
        let rebuilt = match build(&yaml, &out, &Project::default()) {
            Ok(d) => d,
            Err(e) => {
                println!("{rel}: DOES NOT BUILD");
                failures.push(e);
                continue;
            }
        };
        let (a, b) = (docx_text(&original), docx_text(&rebuilt));
        let (sa, sb) = (sentences(&a), sentences(&b));
        let found = in_order(&sa, &sb);
        let (la, lb) = (labels(&a), labels(&b));
        println!(
            "{rel}: {} / {found} / {}; labels {} vs {}{}",
            sa.len(),
            sa.len() - found,
            la.len(),
            lb.len(),
            if la == lb { " (same)" } else { " (DIFFERENT)" }
        );
        if found != sa.len() || sb.len() != sa.len() {
            failures.push(format!(
                "{rel}: {} (YAML at {})",
                first_difference(&sa, &sb),
                out.display()
            ));
        } else if la != lb {
            failures.push(format!("{rel}: numbering differs: {la:?} vs {lb:?}"));
        }
    }
    if !failures.is_empty() {
        // keep the YAML for a look
        let keep = scratch.keep();
        panic!(
            "{} document(s) differ (kept in {}):\n{}",
            failures.len(),
            keep.display(),
            failures.join("\n")
        );
    }
}

/// The paragraphs of a fixture's source.html: what the office typed.
fn html_paragraphs(html: &str) -> Vec<String> {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let mut text = String::new();
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        text.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = &rest[i..end];
        if tag.starts_with("<br")
            || tag.starts_with("</p")
            || tag.starts_with("</td")
            || tag.starts_with("<p")
        {
            text.push('\n');
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"");
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c == '-'))
        .collect()
}

/// Lines the source typed apart that vanban sets as one paragraph with a line break (the
/// issuer "UỶ BAN NHÂN DÂN / TỈNH LAI CHÂU") are compared as that one line.
fn joined_lines(want: &[String], got: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < want.len() {
        let mut merged = None;
        if !got.contains(&want[i]) {
            let mut acc = want[i].clone();
            for (j, w) in want.iter().enumerate().skip(i + 1).take(3) {
                acc = format!("{acc} {w}");
                if got.contains(&acc) {
                    merged = Some((acc.clone(), j));
                    break;
                }
            }
        }
        match merged {
            Some((m, j)) => {
                out.push(m);
                i = j + 1;
            }
            None => {
                out.push(want[i].clone());
                i += 1;
            }
        }
    }
    out
}

fn soffice_available() -> bool {
    vanban::pdf::soffice().is_ok()
}

#[test]
fn foreign_documents_import_with_every_sentence_in_order() {
    let root = common::root().join("tests/fixtures/import");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fixtures/import")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("SOURCE.md").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 2, "the foreign fixtures are there");
    let scratch = tempfile::tempdir().expect("tempdir");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let mut failures = Vec::new();
    let mut tried = 0;
    println!("document: sentences in original / found in order / missing; labels");
    for dir in dirs {
        let html = std::fs::read_to_string(dir.join("source.html")).expect("source.html");
        let expected = html_paragraphs(&html);
        let want = sentences(&expected);
        let want_joined = |got: &[String]| joined_lines(&want, got);
        let want_labels = labels(&expected);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "docx" || x == "doc"))
            .collect();
        files.sort();
        for file in files {
            let name = format!(
                "{}/{}",
                dir.file_name().unwrap_or_default().to_string_lossy(),
                file.file_name().unwrap_or_default().to_string_lossy()
            );
            if file.extension().is_some_and(|x| x == "doc") && !soffice_available() {
                assert!(
                    !ci,
                    "{name}: LibreOffice (soffice) is needed to import a .doc, and CI=true"
                );
                println!("{name}: SKIPPED (no LibreOffice; install libreoffice-writer-nogui)");
                continue;
            }
            tried += 1;
            let out = scratch.path().join(name.replace('/', "_") + ".yaml");
            let opts = vanban::import::Options {
                file: file.clone(),
                out: Some(out.clone()),
                force: false,
            };
            let o = match vanban::import::run(&opts) {
                Ok(o) => o,
                Err(d) => {
                    failures.push(format!("{name}: import failed: {}", d.message));
                    continue;
                }
            };
            if !o.warnings.is_empty() {
                failures.push(format!(
                    "{name}: the YAML does not load: {}",
                    o.warnings[0].message
                ));
                continue;
            }
            let rebuilt = match build(&o.yaml, &out, &Project::default()) {
                Ok(d) => d,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            let got_paras = docx_text(&rebuilt);
            let got = sentences(&got_paras);
            let want = want_joined(&got);
            let found = in_order(&want, &got);
            let got_labels = labels(&got_paras);
            println!(
                "{name}: {} / {found} / {}; labels {} vs {}{}",
                want.len(),
                want.len() - found,
                want_labels.len(),
                got_labels.len(),
                if want_labels == got_labels {
                    " (same)"
                } else {
                    " (DIFFERENT)"
                }
            );
            if found != want.len() {
                let missing: Vec<&String> = want.iter().filter(|s| !got.contains(s)).collect();
                failures.push(format!("{name}: {} sentence(s) missing or out of order; not found: {missing:?} (YAML {})", want.len() - found, out.display()));
            } else if want_labels != got_labels {
                failures.push(format!(
                    "{name}: the section tree differs: labels {want_labels:?} vs {got_labels:?}"
                ));
            }
        }
    }
    assert!(tried >= 4, "at least the DOCX fixtures were imported");
    if !failures.is_empty() {
        let keep = scratch.keep();
        panic!(
            "{} import(s) differ (kept in {}):\n{}",
            failures.len(),
            keep.display(),
            failures.join("\n")
        );
    }
}
