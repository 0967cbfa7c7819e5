//! User text is data and inputs cannot reach out: template code in YAML values is printed,
//! XML-illegal characters never break a DOCX, symlinks out of the plans folder and outputs
//! outside `--out` are refused, and hostile YAML (alias bombs, deep nesting, huge files)
//! fails fast with a clear error.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use vanban::project::Project;
use vanban::templates::Templates;
use vanban::{compile, load, read};

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
    let text = read::decode(bom.as_bytes(), &path).unwrap();
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
    let errors = timed(Duration::from_secs(2), || {
        compile::check(&text, Path::new("bomb.yaml"), &Project::default()).unwrap_err()
    });
    assert!(
        errors[0]
            .message
            .starts_with("aliases (`*name`) expand to far more data than the file holds"),
        "{}",
        errors[0]
    );
    assert!(errors[0].line.is_some(), "{}", errors[0]);
}

#[test]
fn a_megabyte_anchor_used_two_thousand_times_is_refused_within_a_second() {
    let text = sample_text();
    let anchor = format!("          - &big \"{}\"\n", "x".repeat(1024 * 1024));
    let uses = "          - *big\n".repeat(2000);
    let needle = "          - id: xa-tuyen-truyen\n";
    assert!(text.contains(needle), "the sample changed");
    let text = text.replacen(needle, &format!("{anchor}{uses}{needle}"), 1);
    let errors = timed(Duration::from_secs(1), || {
        compile::check(&text, Path::new("bomb.yaml"), &Project::default()).unwrap_err()
    });
    let d = &errors[0];
    assert!(d.message.contains("more than 16 MB"), "{d}");
    let first_use = text.lines().position(|l| l == "          - *big").unwrap() + 1;
    assert_eq!(d.line, Some(first_use + 14), "{d}");
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

// ---- Issue 9: nothing a user types or commits can make vanban delete their files, leak a
// secret, hang or write outside its folder. One test per attack.

/// The sample project (plans with units.yaml and reports, templates) copied into a temp dir,
/// with a README of the user's.
fn full_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["plans", "templates"] {
        for e in walkdir::WalkDir::new(root().join(sub)) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(root()).unwrap();
            let to = dir.path().join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
    }
    std::fs::write(dir.path().join("README.md"), "# mine\n").unwrap();
    std::fs::write(dir.path().join("plans/NOTES.md"), "my notes\n").unwrap();
    dir
}

fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).to_string()
}

fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).to_string()
}

/// Every file under `dir` (not following links) with its bytes.
fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn an_out_folder_that_is_or_holds_the_inputs_is_refused_before_anything_is_read() {
    let dir = full_project();
    let p = dir.path();
    let before = snapshot(p);
    let cases = [
        ("plans", "is the plans folder plans"),
        ("plans/", "is the plans folder plans"),
        ("plans/2018/out", "lies inside the plans folder plans"),
        ("templates", "is the templates folder templates"),
        ("templates/x", "lies inside the templates folder templates"),
        (".", "is the project folder ."),
        ("..", "contains the plans folder plans"),
        ("nothing/../plans", "is the plans folder plans"),
    ];
    for (out, why) in cases {
        for check in [false, true] {
            let mut args = vec!["build", "--out", out];
            if check {
                args.push("--check");
            }
            let a = vanban(p).args(&args).assert().code(1);
            let stderr = stderr_of(&a);
            assert!(
                stderr.contains(&format!("refusing to build into --out {out}: it {why}")),
                "--out {out}: {stderr}"
            );
            assert!(!stderr.contains("ke-hoach"), "something was read: {stderr}");
        }
    }
    // The user's files are all there, byte for byte, and nothing was added.
    assert_eq!(before, snapshot(p));
    // An absolute path to the same folder, and a symlink to it, are the same folder.
    let abs = p.join("plans").display().to_string();
    vanban(p).args(["build", "--out", &abs]).assert().code(1);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("plans", p.join("alias")).unwrap();
        let a = vanban(p).args(["build", "--out", "alias"]).assert().code(1);
        assert!(
            stderr_of(&a).contains("is the plans folder"),
            "{}",
            stderr_of(&a)
        );
        std::fs::remove_file(p.join("alias")).unwrap();
    }
    assert_eq!(before, snapshot(p));
}

#[test]
fn only_outputs_an_earlier_build_recorded_are_orphans() {
    let dir = full_project();
    let p = dir.path();
    vanban(p).args(["build"]).assert().success();
    let out = p.join("output");
    // The user's own files in the output folder, one pair looking like outputs.
    std::fs::write(out.join("README.md"), "mine\n").unwrap();
    std::fs::write(out.join("2018/old.md"), "mine\n").unwrap();
    std::fs::write(out.join("2018/old.docx"), "mine\n").unwrap();
    // Two inputs deleted; one of their outputs edited by hand since.
    std::fs::remove_file(p.join("plans/2018/bao-cao-tong-hop-nam.yaml")).unwrap();
    std::fs::remove_file(p.join("plans/2018/bao-cao-tong-hop-6-thang.yaml")).unwrap();
    std::fs::write(out.join("2018/bao-cao-tong-hop-6-thang.md"), "edited\n").unwrap();
    let before = snapshot(&out);
    let a = vanban(p).args(["build", "--check"]).assert().code(1);
    let stdout = stdout_of(&a);
    assert!(
        stdout.contains("orphaned: output/2018/bao-cao-tong-hop-nam.md has no input"),
        "{stdout}"
    );
    assert!(
        stdout.contains("orphaned: output/2018/bao-cao-tong-hop-nam.docx"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("README") && !stdout.contains("old."),
        "{stdout}"
    );
    assert!(
        !stdout.contains("orphaned: output/2018/bao-cao-tong-hop-6-thang.md"),
        "{stdout}"
    );
    assert_eq!(before, snapshot(&out), "--check deleted or wrote something");

    let a = vanban(p).args(["build"]).assert().success();
    let stderr = stderr_of(&a);
    assert!(
        stderr.contains("output/2018/bao-cao-tong-hop-6-thang.md: no input makes this output any more, but it changed since vanban wrote it: kept"),
        "{stderr}"
    );
    assert!(
        stderr.contains("output/2018/old.md: no input makes this output"),
        "{stderr}"
    );
    assert!(!out.join("2018/bao-cao-tong-hop-nam.md").exists());
    assert!(!out.join("2018/bao-cao-tong-hop-nam.docx").exists());
    assert!(
        !out.join("2018/bao-cao-tong-hop-6-thang.docx").exists(),
        "unchanged: removed"
    );
    assert_eq!(
        std::fs::read(out.join("2018/bao-cao-tong-hop-6-thang.md")).unwrap(),
        b"edited\n"
    );
    for f in ["README.md", "2018/old.md", "2018/old.docx"] {
        assert_eq!(std::fs::read(out.join(f)).unwrap(), b"mine\n", "{f}");
    }
}

#[test]
fn a_tampered_manifest_cannot_make_a_build_delete_anything_else() {
    use sha2::{Digest, Sha256};
    let dir = full_project();
    let p = dir.path();
    vanban(p).args(["build"]).assert().success();
    let hash = |b: &[u8]| -> String {
        Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    };
    let readme = std::fs::read(p.join("README.md")).unwrap();
    std::fs::write(p.join("output/notes.txt"), "mine").unwrap();
    let manifest = p.join("output/.vanban-manifest.json");
    // Records of outputs (`o`, path, the first 128 bits of the content's SHA-256) naming
    // files that are not outputs, or outside the output folder.
    // Written as the text of version 5, which a build reads as it is.
    let mut m = vanban::build::manifest_text(&std::fs::read(&manifest).unwrap()).unwrap();
    assert!(m.starts_with("vanban-manifest\t5\t"), "{m}");
    let abs = p.join("README.md").display().to_string();
    for (rel, h) in [
        ("../README.md", hash(&readme)),
        (abs.as_str(), hash(&readme)),
        ("notes.txt", hash(b"mine")),
    ] {
        m.push_str(&format!("o\t{rel}\t{}\n", &h[..32]));
    }
    std::fs::write(&manifest, m).unwrap();
    let a = vanban(p).args(["build", "--force"]).assert().success();
    // The records were read (and refused): the file is named, kept.
    let stderr = stderr_of(&a);
    assert!(
        stderr.contains("notes.txt: no input makes this output any more, but it changed"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(p.join("README.md")).unwrap(), readme);
    assert!(p.join("output/notes.txt").exists());
}

#[cfg(unix)]
#[test]
fn a_registry_linked_out_of_the_project_is_refused_and_its_content_never_printed() {
    let dir = full_project();
    let p = dir.path();
    let secret = TempProject::new();
    secret.write(
        "secret.yaml",
        "units:\n  - id: x\n    password: hunter2-SECRET\n",
    );
    std::fs::remove_file(p.join("plans/units.yaml")).unwrap();
    std::os::unix::fs::symlink(
        secret.path().join("secret.yaml"),
        p.join("plans/units.yaml"),
    )
    .unwrap();
    for args in [
        &["build"][..],
        &["check"],
        &["status"],
        &["build", "--check"],
    ] {
        let a = vanban(p).args(args).assert().code(1);
        let all = format!("{}{}", stderr_of(&a), stdout_of(&a));
        assert!(
            !all.contains("SECRET") && !all.contains("password"),
            "{args:?}: {all}"
        );
        assert!(
            all.contains("plans/units.yaml: this is a symbolic link to"),
            "{args:?}: {all}"
        );
    }
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_links_to_them_are_refused_not_read_forever() {
    let cases: [(&str, &str); 5] = [
        ("plans/units.yaml", "link:/dev/zero"),
        ("plans/units.yaml", "fifo"),
        ("plans/2018/pipe.yaml", "fifo"),
        ("templates/plan.md", "fifo"),
        ("output/.vanban-manifest.json", "link:/dev/zero"),
    ];
    for (at, what) in cases {
        let dir = full_project();
        let p = dir.path();
        let path = p.join(at);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        if let Some(target) = what.strip_prefix("link:") {
            std::os::unix::fs::symlink(target, &path).unwrap();
        } else {
            let made = std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .unwrap();
            assert!(made.success());
        }
        let a = timed(Duration::from_secs(20), || {
            vanban(p)
                .args(["build"])
                .timeout(Duration::from_secs(30))
                .assert()
        });
        let stderr = stderr_of(&a);
        if at.ends_with("manifest.json") {
            // The manifest is a cache: one that cannot be read is ignored.
            a.success();
        } else {
            a.code(1);
            assert!(
                stderr.contains("not a regular file") || stderr.contains("symbolic link"),
                "{at} {what}: {stderr}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_link_planted_where_an_output_or_temporary_file_goes_is_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "ORIGINAL").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let target = out.join("x.md");
    // Links at the output itself and at the temporary names older versions used.
    std::os::unix::fs::symlink(&victim, &target).unwrap();
    std::os::unix::fs::symlink(
        &victim,
        out.join(format!(".x.md.{}.tmp", std::process::id())),
    )
    .unwrap();
    vanban::write::write_atomic(&target, b"new").unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), b"ORIGINAL");
    assert!(
        std::fs::symlink_metadata(&target).unwrap().is_file(),
        "the link itself is replaced"
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"new");
    // Temporary names are unpredictable: a thousand writes, a thousand names, none left.
    for i in 0..1000 {
        vanban::write::write_atomic(&target, format!("{i}").as_bytes()).unwrap();
    }
    let temps: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("vanban-"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}

#[test]
fn temporary_files_of_a_killed_build_are_listed_by_check_and_removed_by_build() {
    let dir = full_project();
    let p = dir.path();
    vanban(p).args(["build"]).assert().success();
    // No process has these ids (Linux's largest is 4194304).
    let stale = [
        "output/2018/.ke-hoach-phong-chong-mai-dam.docx.vanban-4194999-0123456789abcdef.tmp",
        "output/.ke-hoach.md.4194998.tmp",
    ];
    for s in stale {
        std::fs::write(p.join(s), "half a file").unwrap();
    }
    std::fs::write(p.join("output/.mine.tmp"), "not vanban's").unwrap();
    let a = vanban(p).args(["build", "--check"]).assert().code(1);
    let stdout = stdout_of(&a);
    for s in stale {
        assert!(
            stdout.contains(&format!("leftover: {s} is a temporary file")),
            "{stdout}"
        );
        assert!(p.join(s).exists(), "--check removed {s}");
    }
    vanban(p).args(["build"]).assert().success();
    for s in stale {
        assert!(!p.join(s).exists(), "{s} is still there");
    }
    assert!(p.join("output/.mine.tmp").exists());
    vanban(p).args(["build", "--check"]).assert().success();
}

#[test]
fn jobs_are_capped() {
    let dir = project();
    for j in ["100000", "18446744073709551615", "99999999999999999999999"] {
        let a = timed(Duration::from_secs(10), || {
            vanban(dir.path()).args(["build", "-j", j]).assert().code(2)
        });
        assert!(stderr_of(&a).contains("--jobs"), "{}", stderr_of(&a));
    }
    vanban(dir.path())
        .args(["build", "-j", "256"])
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_ends_quietly_without_a_panic() {
    use std::process::{Command as Std, Stdio};
    let dir = full_project();
    let exe = assert_cmd::cargo::cargo_bin("vanban");
    for args in [
        &["status"][..],
        &["build", "--check"],
        &["build", "--format", "json"],
    ] {
        let mut child = Std::new(&exe)
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away, like `| head -0`
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?}");
        // 141 (128 + SIGPIPE) as the README says; 0 when there was nothing to print.
        assert!(
            matches!(out.status.code(), Some(141) | Some(0)),
            "{args:?}: {:?}",
            out.status
        );
        if args == ["status"] {
            assert_eq!(out.status.code(), Some(141), "{args:?}");
        }
    }
}

// ---- Issue 9, items 5 and 6: values that cannot be real, invisible text, output collisions,
// and the template output limit.

/// Control characters a value carries (escaped in YAML: `"\u0000"`, `"\e"`) are removed from
/// the Markdown as from the DOCX; so are those a template override carries.
#[test]
fn control_characters_are_removed_from_the_markdown_as_from_the_docx() {
    let path = sample_plan();
    let text = sample_text()
        .replace(
            "summary: Thực hiện công tác Phòng, chống mại dâm năm 2018",
            "summary: \"Thực hiện\\0 công tác\\e[2J\\a\\b\\x7F Phòng, chống mại dâm năm 2018\"",
        )
        .replace(
            "title: Mục đích",
            "title: \"Mục\\u0001\\u001B]0;x\\u0007 đích\"",
        );
    let out = compile::compile(
        &text,
        &path,
        &Templates::builtin().unwrap(),
        &Project::default(),
    )
    .unwrap();
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{7F}'..);
    assert!(!out.markdown.chars().any(bad), "{:?}", out.markdown);
    assert!(
        out.markdown.contains("Thực hiện công tác[2J"),
        "{}",
        out.markdown
    );
    assert!(out.markdown.contains("Mục]0;x đích"), "{}", out.markdown);
    let body = docx_paragraphs(&docx_part(&out.docx, "word/document.xml")).join("\n");
    assert!(body.contains("Mục]0;x đích"), "{body}");
    // A template override with a NUL and an ESC of its own.
    let tdir = tempfile::tempdir().unwrap();
    let plan_md = std::fs::read_to_string(root().join("templates/plan.md")).unwrap();
    std::fs::write(
        tdir.path().join("plan.md"),
        plan_md.replace("{% block body -%}", "{% block body -%}\u{0}\u{1B}[31m"),
    )
    .unwrap();
    let t = Templates::load(Some(tdir.path())).unwrap();
    let out = compile::compile(&text, &path, &t, &Project::default()).unwrap();
    assert!(!out.markdown.chars().any(bad), "{:?}", out.markdown);
    assert_well_formed(&out.docx);
}

/// A value, a file name or a source line quoted in a diagnostic cannot drive the terminal or
/// the CI log (ESC sequences) or reorder it (U+202E): such characters are shown as <U+…>.
#[test]
fn diagnostics_show_control_and_direction_characters_instead_of_printing_them() {
    let dir = project();
    let p = dir.path();
    let plan = std::fs::read_to_string(p.join("plans/2018/plan.yaml")).unwrap();
    std::fs::write(
        p.join("plans/2018/a\u{1b}[2Jb.yaml"),
        plan.replace("number: 25", "number: 26")
            .replace("name: Trần Văn Sinh", "name: \"\\e]0;owned\\a\"")
            .replace("title: Mục đích", "title: Mục\u{202E} đích"),
    )
    .unwrap();
    let a = vanban(p).args(["check", "plans"]).assert();
    let stderr = stderr_of(&a);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(!stderr.contains('\u{202E}'), "{stderr:?}");
    assert!(stderr.contains("plans/2018/a<U+001B>[2Jb.yaml"), "{stderr}");
    assert!(stderr.contains("warning[VB011]"), "{stderr}");
}

/// VB011 is a warning: the build goes on, and `--deny-warnings` fails it.
#[test]
fn invisible_direction_and_zero_width_characters_are_warned_at_the_value() {
    let dir = project();
    let p = dir.path();
    let plan = std::fs::read_to_string(p.join("plans/2018/plan.yaml")).unwrap();
    let (line, _) = plan
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("title: Mục đích"))
        .unwrap();
    let column = plan.lines().nth(line).unwrap().find("Mục").unwrap() + 1 + "Mục".chars().count();
    std::fs::write(
        p.join("plans/2018/plan.yaml"),
        plan.replace("title: Mục đích", "title: Mục\u{2067} đích")
            .replace("name: Trần Văn Sinh", "name: \"Trần\\u200B Văn Sinh\""),
    )
    .unwrap();
    let a = vanban(p).args(["build", "plans"]).assert().success();
    let stderr = stderr_of(&a);
    assert!(
        stderr.contains(&format!(
            "warning[VB011]: plans/2018/plan.yaml:{}:{column}: the text holds U+2067 RIGHT-TO-LEFT ISOLATE",
            line + 1
        )),
        "{stderr}"
    );
    assert!(stderr.contains("U+200B ZERO WIDTH SPACE"), "{stderr}");
    vanban(p)
        .args(["build", "plans", "--deny-warnings"])
        .assert()
        .code(1);
}

/// Counts in a report's figures and in the registry are bounded (1.000.000.000.000): a located
/// error, and the other documents build.
#[test]
fn counts_too_large_to_be_real_are_refused_at_their_line() {
    let dir = full_project();
    let p = dir.path();
    let report = p.join("plans/2018/bao-cao/6-thang/bvdk-tinh.yaml");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace(
            "{ sessions: 6, people: 540 }",
            "{ sessions: 6, people: 18446744073709551615 }",
        ),
    )
    .unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("people: 540"))
        .unwrap()
        + 1;
    let a = vanban(p).args(["build"]).assert().code(1);
    let stderr = stderr_of(&a);
    let column = text.lines().nth(line - 1).unwrap().find("people").unwrap() + 1;
    assert!(
        stderr.contains(&format!(
            "bvdk-tinh.yaml:{line}:{column}: `people`: 18.446.744.073.709.551.615 is more than vanban counts (1.000.000.000.000 at most)"
        )),
        "{stderr}"
    );
    assert!(!p.join("output/2018/bao-cao/6-thang/bvdk-tinh.md").exists());
    assert!(p
        .join("output/2018/ke-hoach-phong-chong-mai-dam.md")
        .exists());
    // The registry's communes.
    std::fs::write(&report, &text).unwrap();
    let units = p.join("plans/units.yaml");
    let registry = std::fs::read_to_string(&units).unwrap();
    std::fs::write(
        &units,
        registry.replacen("communes: 27", "communes: 27000000000000", 1),
    )
    .unwrap();
    let a = vanban(p).args(["check"]).assert().code(1);
    let stderr = stderr_of(&a);
    let line = registry
        .lines()
        .position(|l| l.contains("communes: 27"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("plans/units.yaml:{line}:"))
            && stderr.contains("communes: 27.000.000.000.000 is more than vanban counts"),
        "{stderr}"
    );
}

/// `x.yaml` beside `x.yml`, names differing only by case, and an NFC name beside its NFD
/// form: each an error naming the other; neither is built (what an earlier build wrote for
/// them is kept as it was); the rest of the batch builds. `build --check` and `check` say the
/// same.
#[test]
fn inputs_whose_outputs_collide_are_errors_naming_both_and_the_rest_builds() {
    use unicode_normalization::UnicodeNormalization;
    let dir = full_project();
    let p = dir.path();
    vanban(p).args(["build"]).assert().success();
    let plans = p.join("plans/2018");
    let plan = "ke-hoach-phong-chong-mai-dam";
    let written = std::fs::read(p.join(format!("output/2018/{plan}.md"))).unwrap();
    let letter =
        std::fs::read_to_string(plans.join(format!("{plan}-don-doc-2018-12-01.yaml"))).unwrap();
    std::fs::copy(
        plans.join(format!("{plan}.yaml")),
        plans.join(format!("{plan}.yml")),
    )
    .unwrap();
    std::fs::write(plans.join("BAN-SAO.yaml"), &letter).unwrap();
    std::fs::write(plans.join("ban-sao.yaml"), &letter).unwrap();
    let nfc = "kế-hoạch-nhập.yaml";
    let nfd: String = nfc.nfd().collect();
    std::fs::write(plans.join(nfc), &letter).unwrap();
    std::fs::write(plans.join(&nfd), &letter).unwrap();
    for args in [&["build"][..], &["build", "--check"], &["check"]] {
        let a = vanban(p).args(args).assert().code(1);
        let stderr = stderr_of(&a);
        assert!(
            stderr.contains(&format!("error: plans/2018/{plan}.yaml: this file and plans/2018/{plan}.yml both make 2018/{plan}.md and 2018/{plan}.docx: neither is built")),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "error: plans/2018/{plan}.yml: this file and plans/2018/{plan}.yaml both make"
            )),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains("error: plans/2018/BAN-SAO.yaml: the outputs of this file (2018/BAN-SAO.md) and of plans/2018/ban-sao.yaml (2018/ban-sao.md) differ only in letter case"),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "error: plans/2018/{nfd}: the outputs of this file"
            )) && stderr.contains("(NFC, NFD)"),
            "{args:?}: {stderr}"
        );
    }
    // Nothing of the colliding inputs was written; the earlier output is as it was; the rest
    // built.
    let out = p.join("output/2018");
    for name in ["BAN-SAO", "ban-sao"] {
        assert!(!out.join(format!("{name}.md")).exists());
    }
    let written_nfc = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .nfc()
                .eq("kế-hoạch-nhập.md".chars())
        });
    assert!(!written_nfc);
    assert_eq!(
        std::fs::read(out.join(format!("{plan}.md"))).unwrap(),
        written
    );
    assert!(out.join("bao-cao-tong-hop-nam.md").exists());
    // Renamed, everything builds.
    std::fs::remove_file(plans.join(format!("{plan}.yml"))).unwrap();
    std::fs::remove_file(plans.join("BAN-SAO.yaml")).unwrap();
    std::fs::remove_file(plans.join(&nfd)).unwrap();
    let a = vanban(p).args(["build"]).assert();
    let stderr = stderr_of(&a);
    assert!(!stderr.contains("neither is built"), "{stderr}");
}

/// Two plans folders built into one `--out` that hold the same relative path collide too.
#[test]
fn two_plans_folders_with_the_same_path_into_one_out_collide() {
    let dir = project();
    let p = dir.path();
    std::fs::create_dir_all(p.join("other/plans/2018")).unwrap();
    std::fs::copy(
        p.join("plans/2018/plan.yaml"),
        p.join("other/plans/2018/plan.yaml"),
    )
    .unwrap();
    let a = vanban(p)
        .args(["build", "plans", "other/plans", "--out", "out"])
        .assert()
        .code(1);
    let stderr = stderr_of(&a);
    assert!(
        stderr.contains(
            "plans/2018/plan.yaml: this file and other/plans/2018/plan.yaml both make 2018/plan.md"
        ),
        "{stderr}"
    );
    assert!(!p.join("out/2018/plan.md").exists());
}

/// A template override that renders more than 32 MB: an error naming the template, within
/// the limit's time; the documents that use other templates build; no output or temporary
/// file of the refused documents is left.
#[test]
fn a_template_rendering_more_than_32_mb_is_an_error_naming_it() {
    let dir = full_project();
    let p = dir.path();
    let tpl = p.join("templates/plan.md");
    let text = std::fs::read_to_string(&tpl).unwrap();
    let line = "x".repeat(1023);
    std::fs::write(
        &tpl,
        text.replace(
            "{% block body -%}",
            &format!("{{% block body -%}}{{% for i in range(end=40000) %}}{line}\n{{% endfor %}}"),
        ),
    )
    .unwrap();
    let a = vanban(p).args(["build"]).assert().code(1);
    let stderr = stderr_of(&a);
    assert!(
        stderr.contains("error: templates/plan.md: the template plan.md renders more than 32 MB for this document; rendering stopped"),
        "{stderr}"
    );
    let out = p.join("output/2018");
    assert!(!out.join("ke-hoach-phong-chong-mai-dam.md").exists());
    assert!(!out.join("ke-hoach-phong-chong-mai-dam.docx").exists());
    assert!(out.join("bao-cao-tong-hop-nam.md").exists());
    assert!(out
        .join("ke-hoach-phong-chong-mai-dam-don-doc-2018-12-01.md")
        .exists());
    let big = walkdir::WalkDir::new(p.join("output"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name().to_string_lossy().ends_with(".tmp")
                || e.metadata().is_ok_and(|m| m.len() > 1 << 20)
        })
        .map(|e| e.path().display().to_string())
        .collect::<Vec<_>>();
    assert!(big.is_empty(), "{big:?}");
}

/// The size limit of each kind of file vanban reads, as the README states them: a template
/// over 1 MB and a registry over 10 MB are refused, naming the file, without being read (the
/// files here are sparse); a manifest over 64 MB is ignored (it is a cache) and the build
/// goes on.
#[test]
fn every_kind_of_file_read_has_its_size_limit() {
    let dir = full_project();
    let p = dir.path();
    vanban(p).args(["build"]).assert().success();
    let grow = |rel: &str, bytes: u64| {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(p.join(rel))
            .unwrap();
        f.set_len(bytes).unwrap();
    };
    let keep = |rel: &str| std::fs::read(p.join(rel)).unwrap();
    let letter = keep("templates/letter.md");
    grow("templates/letter.md", 2 * 1024 * 1024);
    let a = vanban(p).args(["build"]).assert().code(1);
    assert!(
        stderr_of(&a).contains(
            "error: templates/letter.md: the file is too large (2 MB; the limit is 1 MB)"
        ),
        "{}",
        stderr_of(&a)
    );
    std::fs::write(p.join("templates/letter.md"), letter).unwrap();
    let units = keep("plans/units.yaml");
    grow("plans/units.yaml", 11 * 1024 * 1024);
    for command in ["build", "check"] {
        let a = vanban(p).args([command]).assert().code(1);
        assert!(
            stderr_of(&a).contains(
                "error: plans/units.yaml: the file is too large (11 MB; the limit is 10 MB)"
            ),
            "{command}: {}",
            stderr_of(&a)
        );
    }
    std::fs::write(p.join("plans/units.yaml"), units).unwrap();
    vanban(p).args(["build"]).assert().success();
    grow("output/.vanban-manifest.json", 65 * 1024 * 1024);
    vanban(p).args(["build"]).assert().success();
    let manifest = std::fs::metadata(p.join("output/.vanban-manifest.json")).unwrap();
    assert!(
        manifest.len() < 1024 * 1024,
        "rewritten: {}",
        manifest.len()
    );
    vanban(p).args(["build", "--check"]).assert().success();
}

/// The output and templates folders vanban picks itself (no `--out`, no `--templates`) are
/// folders of the project: a committed `output` or `templates` symlink leading out of it, or a
/// project file naming a folder outside it, is refused before anything is written or read (a
/// build would overwrite `~/Documents/x.docx`, or quote `~/notes/plan.md` in an error). Typed
/// on the command line, the same folder is used.
#[cfg(unix)]
#[test]
fn folders_vanban_picks_itself_stay_in_the_project() {
    let dir = full_project();
    let p = dir.path();
    let elsewhere = tempfile::tempdir().unwrap();
    let e = elsewhere.path();
    std::fs::create_dir_all(e.join("2018")).unwrap();
    std::fs::write(
        e.join("2018/ke-hoach-phong-chong-mai-dam.md"),
        "the user's\n",
    )
    .unwrap();
    std::fs::write(e.join("plan.md"), "{% block body %}{{ x(\nSECRET-LINE\n").unwrap();
    let before = snapshot(e);
    // `output` committed as a link out.
    std::os::unix::fs::symlink(e, p.join("output")).unwrap();
    for args in [&["build"][..], &["build", "--check"]] {
        let a = vanban(p).args(args).assert().code(1);
        assert!(
            stderr_of(&a).contains(&format!(
                "error: output: refusing to use the output folder output: it is a symbolic link to {}, outside the project .",
                e.display()
            )),
            "{args:?}: {}",
            stderr_of(&a)
        );
    }
    // `watch` (whose `--out output` is a default too) refuses it before it starts.
    let a = vanban(p).args(["watch"]).assert().code(1);
    assert!(
        stderr_of(&a).contains("refusing to use the output folder output"),
        "{}",
        stderr_of(&a)
    );
    assert_eq!(before, snapshot(e));
    std::fs::remove_file(p.join("output")).unwrap();
    // `templates` committed as a link out.
    std::fs::rename(p.join("templates"), p.join("templates.mine")).unwrap();
    std::os::unix::fs::symlink(e, p.join("templates")).unwrap();
    for command in ["build", "check"] {
        let a = vanban(p).args([command]).assert().code(1);
        let stderr = stderr_of(&a);
        assert!(
            stderr
                .contains("refusing to use the templates folder templates: it is a symbolic link"),
            "{command}: {stderr}"
        );
        assert!(!stderr.contains("SECRET"), "{command}: {stderr}");
    }
    assert!(!p
        .join("output/2018/ke-hoach-phong-chong-mai-dam.md")
        .exists());
    std::fs::remove_file(p.join("templates")).unwrap();
    std::fs::rename(p.join("templates.mine"), p.join("templates")).unwrap();
    // A project file naming a folder outside.
    std::fs::write(
        p.join("vanban.toml"),
        format!("[folders]\noutput = \"{}\"\n", e.display()),
    )
    .unwrap();
    let a = vanban(p).args(["build"]).assert().code(1);
    assert!(
        stderr_of(&a).contains("refusing to use the output folder"),
        "{}",
        stderr_of(&a)
    );
    assert_eq!(before, snapshot(e));
    std::fs::remove_file(p.join("vanban.toml")).unwrap();
    // Typed on the command line, it is the user's choice.
    let out = e.display().to_string();
    vanban(p).args(["build", "--out", &out]).assert().success();
    assert!(
        std::fs::read_to_string(e.join("2018/ke-hoach-phong-chong-mai-dam.md"))
            .unwrap()
            .contains("KẾ HOẠCH")
    );
}

/// A template override that never ends (nested loops that write nothing) or that builds a
/// value without bound (a string concatenated with itself): the writer's 32 MB cap sees
/// neither, so a watchdog stops the build with an error naming the template (after 10 s of
/// one rendering, or at 2 GB of memory), status 1, instead of running for hours or eating
/// the machine's memory.
#[test]
fn a_template_that_never_ends_or_grows_without_bound_is_stopped_naming_it() {
    let dir = full_project();
    let p = dir.path();
    let tpl = p.join("templates/plan.md");
    let text = std::fs::read_to_string(&tpl).unwrap();
    let attacks = [
        (
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
            "has rendered one document for more than 10 s",
        ),
        (
            "{% set s = \"x\" %}{% for i in range(end=60) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
            "of memory while rendering one document (the limit is 2048 MB)",
        ),
    ];
    for (code, says) in attacks {
        std::fs::write(
            &tpl,
            text.replace("{% block body -%}", &format!("{{% block body -%}}{code}")),
        )
        .unwrap();
        let a = vanban(p)
            .args(["build", "plans/2018/ke-hoach-phong-chong-mai-dam.yaml"])
            .assert()
            .code(1);
        let stderr = stderr_of(&a);
        assert!(
            stderr.contains("error: templates/plan.md: the template plan.md ")
                // On a loaded machine the clock may stop the second one before the memory does.
                && (stderr.contains(says) || stderr.contains("for more than 10 s")),
            "{stderr}"
        );
        assert!(!p
            .join("output/2018/ke-hoach-phong-chong-mai-dam.md")
            .exists());
    }
}
