//! `vanban import`: a DOCX back into YAML. Every sample under plans/ and every real fixture
//! (tests/fixtures/real*/) is built to DOCX, imported, and built again: the text is the same,
//! sentence by sentence, and so is the numbering. Real documents not made by vanban
//! (tests/fixtures/import/<name>/, DOCX made by pandoc and LibreOffice, a .doc) import with
//! every sentence of their source text present in order.

use crate::common;

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
        // vanban's own output leaves nothing to check
        let checks: Vec<&str> = yaml.lines().filter(|l| l.contains("# kiểm tra:")).collect();
        if !checks.is_empty() {
            failures.push(format!(
                "{rel}: {} thing(s) to check: {checks:?}",
                checks.len()
            ));
        }
        // a trích yếu broken by hand comes back on the same lines
        let summary = |y: &str| {
            serde_yaml::from_str::<serde_yaml::Value>(y)
                .ok()
                .and_then(|v| v.get("summary").cloned())
        };
        let (given, imported) = (summary(&text), summary(&yaml));
        if given.as_ref().is_some_and(|v| v.is_sequence()) && given != imported {
            failures.push(format!("{rel}: summary {given:?} imported as {imported:?}"));
        }
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
    vanban::soffice::program().is_ok()
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
    assert!(dirs.len() >= 5, "the foreign fixtures are there");
    let scratch = tempfile::tempdir().expect("tempdir");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let mut failures = Vec::new();
    let mut tried = 0;
    println!("document: sentences in original / found in order / missing; labels");
    for dir in dirs {
        // what a reader reads: expected.txt (one paragraph a line), else source.html's text
        let expected: Vec<String> = match std::fs::read_to_string(dir.join("expected.txt")) {
            Ok(t) => t
                .lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect(),
            Err(_) => html_paragraphs(
                &std::fs::read_to_string(dir.join("source.html")).expect("source.html"),
            ),
        };
        let want = sentences(&expected);
        let want_labels = labels(&expected);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x == "docx" || x == "doc" || x == "odt")
            })
            .collect();
        files.sort();
        for file in files {
            let name = format!(
                "{}/{}",
                dir.file_name().unwrap_or_default().to_string_lossy(),
                file.file_name().unwrap_or_default().to_string_lossy()
            );
            if file.extension().is_some_and(|x| x == "doc" || x == "odt") && !soffice_available() {
                assert!(
                    !ci,
                    "{name}: LibreOffice (soffice) is needed to import a .doc or .odt, and CI=true"
                );
                common::skipped(&format!(
                    "{name}: no LibreOffice to import it (install libreoffice-writer-nogui)"
                ));
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
            // numbers are compared as labels below: a number vanban computes anew is not a
            // missing sentence
            let unlabelled = |s: &String| -> Option<String> {
                let rest = if labels(std::slice::from_ref(s)).is_empty() {
                    s.as_str()
                } else {
                    s.split_once(' ').map_or("", |(_, r)| r)
                };
                (!rest.trim().is_empty()).then(|| rest.trim().to_string())
            };
            let got: Vec<String> = got.iter().filter_map(unlabelled).collect();
            let want: Vec<String> = want.iter().filter_map(unlabelled).collect();
            let want = joined_lines(&want, &got);
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
            // sentences vanban cannot print as the original did, listed with the reason in the
            // fixture's known-differences.txt (each must still be missing, and flagged)
            let known: Vec<String> = std::fs::read_to_string(dir.join("known-differences.txt"))
                .map(|t| {
                    t.lines()
                        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                        .map(|l| l.split(" => ").next().unwrap_or(l).trim().to_string())
                        .collect()
                })
                .unwrap_or_default();
            for k in &known {
                if got.contains(k) {
                    failures.push(format!(
                        "{name}: \"{k}\" is in known-differences.txt but is printed now"
                    ));
                } else if !want.contains(k) {
                    failures.push(format!(
                        "{name}: \"{k}\" of known-differences.txt is no sentence of the original"
                    ));
                }
            }
            let want: Vec<String> = want.into_iter().filter(|s| !known.contains(s)).collect();
            let found = if known.is_empty() {
                found
            } else {
                in_order(&want, &got)
            };
            if !known.is_empty() {
                println!(
                    "  {} sentence(s) printed otherwise by vanban, as known-differences.txt says",
                    known.len()
                );
            }
            if found != want.len() {
                let missing: Vec<&String> = want.iter().filter(|s| !got.contains(s)).collect();
                failures.push(format!("{name}: {} sentence(s) missing or out of order; not found: {missing:?} (YAML {})", want.len() - found, out.display()));
            } else if want_labels.len() != got_labels.len() {
                failures.push(format!(
                    "{name}: the section tree differs: labels {want_labels:?} vs {got_labels:?}"
                ));
            } else {
                // a number the original got wrong ("4." after "2.") is computed anew, and the
                // YAML says so
                let differ: Vec<(&String, &String)> = want_labels
                    .iter()
                    .zip(&got_labels)
                    .filter(|(a, b)| a != b)
                    .collect();
                let flagged = o.yaml.matches("the original numbers this").count();
                if differ.len() > flagged {
                    failures.push(format!(
                        "{name}: {} label(s) differ, {flagged} flagged: {differ:?}",
                        differ.len()
                    ));
                } else if !differ.is_empty() {
                    println!(
                        "  {} number(s) of the original computed anew, each flagged: {differ:?}",
                        differ.len()
                    );
                }
            }
        }
    }
    assert!(tried >= 6, "at least the DOCX fixtures were imported");
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

fn vanban() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("vanban").expect("the vanban binary");
    c.env("NO_COLOR", "1");
    c
}

/// The sample plan, built by vanban, as a DOCX file in `dir`.
fn sample_docx(dir: &Path) -> PathBuf {
    let root = common::root();
    let path = common::sample_plan();
    let (plans, _) = Project::load(&root.join("plans"));
    let text = std::fs::read_to_string(&path).expect("sample");
    let docx = build(&text, &path, &plans).expect("the sample builds");
    let out = dir.join("ke-hoach-2018.docx");
    std::fs::write(&out, docx).expect("write");
    out
}

/// An imported plan is a plan: its target has an indicator, its reporting sentence gives the
/// deadlines, `vanban status` reads them and `vanban next-year` drafts the next year's plan.
#[test]
fn an_imported_plan_works_with_status_and_next_year() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let docx = sample_docx(tmp.path());
    let plans = tmp.path().join("plans");
    std::fs::create_dir_all(plans.join("2018")).expect("mkdir");
    std::fs::copy(
        common::root().join("plans/units.yaml"),
        plans.join("units.yaml"),
    )
    .expect("units");
    let yaml = plans.join("2018/ke-hoach-phong-chong-mai-dam.yaml");
    let out = vanban()
        .arg("import")
        .arg(&docx)
        .arg("-o")
        .arg(&yaml)
        .assert()
        .success()
        .get_output()
        .clone();
    let summary = String::from_utf8_lossy(&out.stderr);
    println!("{summary}");
    assert!(summary.contains("a plan 25/KH-SYT of SỞ Y TẾ"), "{summary}");
    assert!(
        summary.contains("1 indicator(s), 3 reporting deadline(s); 0 appendix(es)"),
        "{summary}"
    );
    let text = std::fs::read_to_string(&yaml).expect("yaml");
    assert!(
        text.contains("indicator: { unit: xã, baseline: 0.50, target: 0.60 }"),
        "{text}"
    );
    assert!(
        text.contains("- { deliverable: six-month-report, due: \"05-15\" }"),
        "{text}"
    );
    assert!(
        text.contains("reporting: true"),
        "the sentence stays where it was printed"
    );
    // status: the plan's three deliverables, for every unit of the registry
    let status = vanban()
        .args(["status", "--as-of", "2018-06-01", "--format", "json"])
        .arg(&plans)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&status).expect("json");
    let plan = &json["plans"][0];
    let due: Vec<String> = plan["deliverables"]
        .as_array()
        .expect("deliverables")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["deliverable"].as_str().unwrap_or(""),
                d["due"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        due,
        [
            "unit-plan 2018-03-30",
            "six-month-report 2018-05-15",
            "annual-report 2018-11-15"
        ],
        "{json}"
    );
    assert!(!plan["units"].as_array().expect("units").is_empty());
    // next year's draft, which checks and builds
    vanban().arg("next-year").arg(&yaml).assert().success();
    let next = plans.join("2019/ke-hoach-phong-chong-mai-dam.yaml");
    let draft = std::fs::read_to_string(&next).expect("the 2019 draft");
    assert!(draft.contains("year: 2019"), "{draft}");
    assert!(draft.contains("năm 2019"), "{draft}");
    assert!(!draft.contains("number: 25"), "a draft has no number");
    vanban().arg("check").arg(&next).assert().success();
}

#[test]
fn errors_name_the_file_and_nothing_is_overwritten() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // not a DOCX
    let fake = tmp.path().join("ke-hoach.docx");
    std::fs::write(&fake, "KẾ HOẠCH: this is text, not Word").expect("write");
    let out = vanban()
        .arg("import")
        .arg(&fake)
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ke-hoach.docx") && err.contains("not a Word document"),
        "{err}"
    );
    assert!(err.contains("hint"), "{err}");
    // -o refuses an existing file, and leaves it as it was
    let docx = sample_docx(tmp.path());
    let target = tmp.path().join("mine.yaml");
    std::fs::write(&target, "# my own work\n").expect("write");
    let out = vanban()
        .arg("import")
        .arg(&docx)
        .arg("-o")
        .arg(&target)
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("mine.yaml") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        "# my own work\n"
    );
    vanban()
        .arg("import")
        .arg(&docx)
        .arg("-o")
        .arg(&target)
        .arg("--force")
        .assert()
        .success();
    assert!(std::fs::read_to_string(&target)
        .expect("read")
        .contains("kind: plan"));
    // a .doc without LibreOffice: a clear error
    let doc =
        common::root().join("tests/fixtures/import/sgddt-ha-noi-cong-van-5095/libreoffice.doc");
    let out = vanban()
        .arg("import")
        .arg(&doc)
        .env("VANBAN_SOFFICE", tmp.path().join("no-soffice"))
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("libreoffice.doc") && err.contains("needs LibreOffice"),
        "{err}"
    );
    // without -o the YAML goes to stdout
    let out = vanban()
        .arg("import")
        .arg(&docx)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("summary: Thực hiện công tác Phòng, chống mại dâm năm 2018"));
}
