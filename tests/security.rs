//! User text is data and inputs cannot reach out: template code in YAML values is printed,
//! XML-illegal characters never break a DOCX, symlinks out of the plans folder and outputs
//! outside `--out` are refused, and hostile YAML (alias bombs, deep nesting, huge files)
//! fails fast with a clear error.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::*;
use vanban::project::Project;
use vanban::templates::Templates;
use vanban::{compile, load};

fn sample_text() -> String {
    load::read_text(&sample_plan()).unwrap()
}

/// Every XML part of a DOCX parses.
fn assert_well_formed(docx: &[u8]) {
    if let Some(e) = common::malformed_part(docx) {
        panic!("not well-formed: {e}");
    }
}

#[test]
fn template_code_in_yaml_is_printed_in_markdown_and_docx() {
    let path = sample_plan();
    let text = sample_text()
        .replace(
            "summary: Thực hiện",
            "summary: \"{{ 7*7 }} {% include 'x' %}\" #",
        )
        .replace(
            "title: Mục đích",
            "title: \"{% raw %}{{ frame }}{% endraw %} {{ 7*7 }}\"",
        );
    let out = compile::compile(
        &text,
        &path,
        &Templates::builtin().unwrap(),
        &Project::default(),
    )
    .unwrap();
    assert!(out.markdown.contains("{{ 7*7 }} {% include 'x' %}"));
    assert!(out
        .markdown
        .contains("{% raw %}{{ frame }}{% endraw %} {{ 7*7 }}"));
    assert!(!out.markdown.contains("49"));
    let body = docx_paragraphs(&docx_part(&out.docx, "word/document.xml")).join("\n");
    assert!(body.contains("{{ 7*7 }} {% include 'x' %}"), "{body}");
    assert!(!body.contains("49"));
}

#[test]
fn xml_special_and_illegal_characters_never_break_the_docx() {
    let path = sample_plan();
    let nasty = "A & B < C > D \\\"q\\\" 'a' \\u0001\\u0008\\u000B\\u000C\\u001F\\uFFFE\\uFFFF ]]> </w:t> end";
    let text = sample_text()
        .replace(
            "summary: Thực hiện công tác Phòng, chống mại dâm năm 2018",
            &format!("summary: \"{nasty}\""),
        )
        .replace("title: Mục đích", &format!("title: \"{nasty}\""))
        .replace("name: Trần Văn Sinh", &format!("name: \"{nasty}\""));
    let out = compile::compile(
        &text,
        &path,
        &Templates::builtin().unwrap(),
        &Project::default(),
    )
    .unwrap();
    assert_well_formed(&out.docx);
    let body = docx_paragraphs(&docx_part(&out.docx, "word/document.xml")).join("\n");
    // The illegal characters between the two spaces are gone; everything else is kept.
    assert!(
        body.contains("A & B < C > D \"q\" 'a'  ]]> </w:t> end"),
        "{body}"
    );
    assert!(!body.contains('\u{1}') && !body.contains('\u{FFFE}'));
}

#[test]
fn decomposed_unicode_gives_the_same_bytes_as_composed() {
    use unicode_normalization::UnicodeNormalization;
    let path = sample_plan();
    let composed = sample_text();
    let decomposed: String = composed.nfd().collect();
    assert_ne!(composed, decomposed, "the sample has precomposed letters");
    let bom = format!("\u{FEFF}{decomposed}");
    let t = Templates::builtin().unwrap();
    let a = compile::compile(&composed, &path, &t, &Project::default()).unwrap();
    let text = load::decode(bom.as_bytes(), &path).unwrap();
    let b = compile::compile(&text, &path, &t, &Project::default()).unwrap();
    assert_eq!(a.markdown.as_bytes(), b.markdown.as_bytes());
    assert_eq!(a.docx, b.docx);
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("plans/2018")).unwrap();
    std::fs::create_dir_all(dir.path().join("outside")).unwrap();
    std::fs::copy(sample_plan(), dir.path().join("plans/2018/plan.yaml")).unwrap();
    std::fs::copy(sample_plan(), dir.path().join("outside/secret.yaml")).unwrap();
    dir
}

fn vanban(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("vanban").unwrap();
    c.current_dir(dir);
    c
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_plans_folder_are_refused_and_the_rest_builds() {
    let dir = project();
    let p = dir.path();
    std::os::unix::fs::symlink("../../outside/secret.yaml", p.join("plans/2018/link.yaml"))
        .unwrap();
    std::os::unix::fs::symlink("../outside", p.join("plans/linked-folder")).unwrap();
    let a = vanban(p)
        .args(["build", "plans", "--out", "output"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        stderr.contains("error: plans/2018/link.yaml: this is a symbolic link to ../../outside/secret.yaml, outside plans; vanban does not follow it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: plans/linked-folder: this is a symbolic link"),
        "{stderr}"
    );
    assert!(
        p.join("output/2018/plan.docx").is_file(),
        "the good plan still builds"
    );
    assert!(!p.join("output/2018/link.md").exists());
    assert!(!p.join("output/linked-folder").exists());
    vanban(p).args(["check", "plans"]).assert().code(1);
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_not_written_through() {
    let dir = project();
    let p = dir.path();
    std::fs::create_dir_all(p.join("output")).unwrap();
    std::fs::create_dir_all(p.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", p.join("output/2018")).unwrap();
    let a = vanban(p)
        .args(["build", "plans", "--out", "output"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        stderr.contains("refusing to write outside the output folder output"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(p.join("elsewhere")).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn a_symlinked_template_leading_out_is_refused() {
    let dir = project();
    let p = dir.path();
    std::fs::create_dir_all(p.join("templates")).unwrap();
    std::fs::write(
        p.join("outside/plan.md"),
        "{% extends \"builtin/plan.md\" %}",
    )
    .unwrap();
    std::os::unix::fs::symlink("../outside/plan.md", p.join("templates/plan.md")).unwrap();
    let a = vanban(p)
        .args(["check", "plans", "--templates", "templates"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        stderr.contains("templates/plan.md: this is a symbolic link"),
        "{stderr}"
    );
}

/// Runs `f` and returns how long it took; fails when it took longer than `limit`.
fn timed<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let r = f();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    r
}

#[test]
fn an_alias_bomb_fails_fast_with_a_clear_error() {
    let mut text = sample_text().replace(
        "          - id: xa-tuyen-truyen\n",
        "          - &a { text: lol, items: [lol, lol, lol, lol, lol, lol, lol, lol, lol] }\n          - id: xa-tuyen-truyen\n",
    );
    let mut prev = 'a';
    for name in 'b'..='k' {
        text = text.replace(
            "          - id: xa-tuyen-truyen\n",
            &format!("          - &{name} {{ text: lol, items: [{}] }}\n          - id: xa-tuyen-truyen\n", vec![format!("*{prev}"); 9].join(", ")),
        );
        prev = name;
    }
    let errors = timed(Duration::from_secs(10), || {
        compile::check(&text, Path::new("bomb.yaml"), &Project::default()).unwrap_err()
    });
    assert_eq!(
        errors[0].message,
        "aliases (`*name`) expand to far more data than the file holds"
    );
}

#[test]
fn deep_nesting_fails_fast_with_a_clear_error_not_a_stack_overflow() {
    let flow = format!("{}VT{}", "[".repeat(20_000), "]".repeat(20_000));
    let block = format!("\n{}VT", "- ".repeat(20_000));
    // Items may hold items: 200 levels of block mappings reach the parser's recursion limit.
    let mut items = String::new();
    for depth in 0..200 {
        let pad = " ".repeat(10 + 2 * depth);
        items.push_str(&format!("{pad}- text: muc {depth}\n{pad}  items:\n"));
    }
    items.push_str(&format!("{}- cuối\n", " ".repeat(10 + 400)));
    let cases = [
        (
            "flow",
            "archive: [VT, NVY]".to_string(),
            format!("archive: {flow}"),
            "nest more than 64 levels deep",
        ),
        (
            "block",
            "archive: [VT, NVY]".to_string(),
            format!("archive: {block}"),
            "must be a text, not a list",
        ),
        (
            "items",
            "        items:\n          - id: xa-tuyen-truyen\n".to_string(),
            format!("        items:\n{items}          - id: xa-tuyen-truyen\n"),
            "the YAML nests too deep (more than 128 levels)",
        ),
    ];
    for (what, from, to, message) in cases {
        let text = sample_text();
        assert!(text.contains(&from), "{what}: the sample changed");
        let text = text.replacen(&from, &to, 1);
        let errors = timed(Duration::from_secs(20), || {
            compile::check(&text, Path::new("deep.yaml"), &Project::default()).unwrap_err()
        });
        let d = &errors[0];
        assert!(d.message.contains(message), "{what}: {d}");
        assert!(d.line.is_some(), "{what}: not located: {d}");
    }
}

#[test]
fn a_file_over_10_mb_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    let mut text = sample_text();
    let filler = format!("# {}\n", "x".repeat(1000));
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&filler);
    }
    std::fs::write(&big, &text).unwrap();
    let d = timed(Duration::from_secs(10), || {
        load::read_bytes(&big).unwrap_err()
    });
    assert_eq!(
        d.to_string(),
        format!(
            "error: {}: the file is too large (51 MB; the limit is 10 MB)\n  = hint: a document is a few kilobytes of YAML: check that this is the right file, or split it",
            big.display()
        )
    );
}
