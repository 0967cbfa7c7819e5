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
