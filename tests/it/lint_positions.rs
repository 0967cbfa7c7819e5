//! Lint findings point at the exact character they are about, in the node they come from
//! (`tests/fixtures/lint-positions/`): where two texts begin alike, where the phrase is also
//! in a comment or an earlier text, in each scalar style (plain on one line and over lines,
//! single quotes with `''`, double quotes with escapes, folded, literal), in list items
//! written as texts and as mappings, in a summary written as a list of lines, an addressee
//! written on the line, an appendix. Each fixture marks where every finding must be with a
//! caret comment below the line (`#   ^ VB007`, or `^ VB007 (2 lines up)`); the findings
//! must be exactly those. The same holds with CRLF line ends and with a BOM.

use std::path::Path;

use crate::common::{self, run};

const DIR: &str = "tests/fixtures/lint-positions";
const FILES: [&str; 2] = ["ke-hoach.yaml", "cong-van.yaml"];

/// The places the carets of `text` mark: (line, column, code), sorted.
fn marked(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if !line.trim_start().starts_with('#') {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        for (col, c) in chars.iter().enumerate() {
            if *c != '^' {
                continue;
            }
            let rest: String = chars[col + 1..].iter().collect();
            let Some(code) = rest.strip_prefix(" VB").and_then(|r| r.get(..3)) else {
                continue;
            };
            // "^ VB007 (2 lines up)": a line further up
            let up = rest
                .get(6..)
                .and_then(|r| r.strip_prefix(" ("))
                .and_then(|r| r.split_once(" lines up)"))
                .and_then(|(n, _)| n.parse::<usize>().ok())
                .unwrap_or(1);
            out.push((i + 1 - up, col + 1, format!("VB{code}")));
        }
    }
    out.sort();
    out
}

/// The warnings `vanban check` prints for `file` (in `dir`): (line, column, code), sorted;
/// a warning without a place fails.
fn found(dir: &Path, file: &str) -> Vec<(usize, usize, String)> {
    let (code, _, err) = run(dir, &["check", file]);
    assert_eq!(code, 0, "{err}");
    let mut out = Vec::new();
    for l in err.lines() {
        let Some(rest) = l.strip_prefix("warning[") else {
            continue;
        };
        let (code, rest) = rest.split_once("]: ").expect("warning[CODE]: …");
        let rest = rest
            .strip_prefix(file)
            .and_then(|r| r.strip_prefix(':'))
            .unwrap_or_else(|| panic!("not in {file}: {l}"));
        let mut it = rest.splitn(3, ':');
        let place = (it.next(), it.next());
        let (Some(line), Some(col)) = place else {
            panic!("no place: {l}");
        };
        let (line, col) = match (line.parse(), col.parse()) {
            (Ok(a), Ok(b)) => (a, b),
            _ => panic!("no place: {l}"),
        };
        out.push((line, col, code.to_string()));
    }
    out.sort();
    out
}

#[test]
fn each_lint_finding_is_at_the_character_it_is_about() {
    let dir = common::root().join(DIR);
    for file in FILES {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let want = marked(&text);
        assert!(want.len() >= 4, "{file}: {want:?}");
        assert_eq!(found(&dir, file), want, "{file}");
    }
}

#[test]
fn crlf_line_ends_and_a_bom_change_no_place() {
    let src = common::root().join(DIR);
    let p = common::TempProject::new();
    for file in FILES {
        let text = std::fs::read_to_string(src.join(file)).unwrap();
        let want = marked(&text);
        let crlf = text.replace('\n', "\r\n");
        for (name, variant) in [
            ("crlf", crlf.clone()),
            ("bom", format!("\u{feff}{text}")),
            ("bom-crlf", format!("\u{feff}{crlf}")),
        ] {
            let rel = format!("{name}-{file}");
            p.write(&rel, &variant);
            assert_eq!(found(p.path(), &rel), want, "{rel}");
        }
    }
}

/// What `vanban check` prints for the fixtures, snippets and hints included.
#[test]
fn the_findings_read_as_locked() {
    let dir = common::root().join(DIR);
    let mut all = String::new();
    for file in FILES {
        let (_, _, err) = run(&dir, &["check", file]);
        all.push_str(&err);
    }
    golden!(format!("{DIR}/expected.txt"), all);
}
