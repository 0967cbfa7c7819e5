//! Drafts and signed-off documents: `status: signed` needs a number, a date in the plan's year
//! and a signer; a number is used once per issuer, kind and year across the batch; signature
//! and seal images are checked (path, PNG signature, size) with errors naming the YAML line.

use crate::common;

use std::path::Path;

use common::*;

const PLAN: &str = "kind: plan
issuer: { parent: UBND TỈNH BẮC GIANG, name: SỞ Y TẾ, abbr: SYT, office: NVY }
status: signed
number: 3
date: 2019-03-04
year: 2019
place: Bắc Giang
summary: Kế hoạch tập huấn năm 2019
sections:
  - title: MỤC ĐÍCH, YÊU CẦU
    text: Nâng cao năng lực.
archive: [VT, NVY]
signature:
  authority: KT
  head: GIÁM ĐỐC
  title: PHÓ GIÁM ĐỐC
  name: Trần Văn Sinh
  signature_image: chu-ky.png
  seal_image: con-dau.png
";

/// A project with plans/2019/ holding the given documents and the two fixture images.
fn project(docs: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans/2019");
    std::fs::create_dir_all(&plans).unwrap();
    for png in ["chu-ky.png", "con-dau.png"] {
        std::fs::copy(
            root().join("tests/fixtures/signed").join(png),
            plans.join(png),
        )
        .unwrap();
    }
    for (name, text) in docs {
        std::fs::write(plans.join(name), text).unwrap();
    }
    dir
}

fn check_fails_with(docs: &[(&str, &str)], expected: &[&str]) -> String {
    let dir = project(docs);
    let (code, stdout, stderr) = run(dir.path(), &["check", "plans"]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
    }
    stderr
}

#[test]
fn the_sample_signed_plan_checks() {
    let dir = project(&[("a.yaml", PLAN)]);
    let (code, stdout, stderr) = run(dir.path(), &["check", "plans"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("checked 1 document(s): 0 failed"));
}

#[test]
fn signed_needs_number_date_and_signer() {
    check_fails_with(
        &[("a.yaml", &PLAN.replace("number: 3\n", ""))],
        &[
            "error: plans/2019/a.yaml:3:1: an issued document needs its number",
            "hint: add `number: N` (the next free number of SYT in 2019), or write `status: for-signature` (number and date left for the văn thư) or `status: draft`",
        ],
    );
    check_fails_with(
        &[("a.yaml", &PLAN.replace("date: 2019-03-04\n", ""))],
        &["error: plans/2019/a.yaml:3:1: an issued document needs its date"],
    );
    check_fails_with(
        &[(
            "a.yaml",
            &PLAN.replace("name: Trần Văn Sinh", "name: \" \""),
        )],
        &["plans/2019/a.yaml:17:3: the signer's name is empty"],
    );
}

#[test]
fn a_date_outside_the_year_is_refused() {
    check_fails_with(
        &[(
            "a.yaml",
            &PLAN.replace("date: 2019-03-04", "date: 2018-12-28"),
        )],
        &["error: plans/2019/a.yaml:5:1: the date 2018-12-28 is not in the plan's year 2019"],
    );
}

#[test]
fn a_number_used_twice_in_the_batch_names_both_files() {
    let b = PLAN.replace("summary: Kế hoạch tập huấn", "summary: Kế hoạch kiểm tra");
    let stderr = check_fails_with(
        &[("a.yaml", PLAN), ("b.yaml", &b)],
        &[
            "error: plans/2019/a.yaml:4:1: the number 03/KH-SYT of 2019 is also used by plans/2019/b.yaml",
            "error: plans/2019/b.yaml:4:1: the number 03/KH-SYT of 2019 is also used by plans/2019/a.yaml",
            "hint: numbers run from 01 each year for each issuer",
        ],
    );
    assert!(stderr.contains("is also used by"), "{stderr}");
    let dir = project(&[("a.yaml", PLAN), ("b.yaml", &b)]);
    let (_, stdout, _) = run(dir.path(), &["check", "plans"]);
    assert!(
        stdout.contains("checked 2 document(s): 2 failed"),
        "the summary counts both documents as failed:\n{stdout}"
    );

    // A draft does not take its number yet; another issuer or another year has its own series.
    for other in [
        b.replace("status: signed", "status: draft"),
        b.replace("abbr: SYT", "abbr: TTYT"),
        b.replace("date: 2019-03-04", "date: 2020-01-06")
            .replace("year: 2019", "year: 2020"),
    ] {
        let dir = project(&[("a.yaml", PLAN), ("b.yaml", &other)]);
        let (code, _, stderr) = run(dir.path(), &["check", "plans"]);
        assert_eq!(code, 0, "{other}\n{stderr}");
    }

    // `build` refuses them too, and writes neither.
    let dir = project(&[("a.yaml", PLAN), ("b.yaml", &b)]);
    let (code, _, stderr) = run(dir.path(), &["build", "plans", "--out", "output"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is also used by"), "{stderr}");
    assert!(!dir.path().join("output/2019/a.docx").exists());
    assert!(!dir.path().join("output/2019/b.docx").exists());
}

#[test]
fn a_draft_prints_blanks_even_with_a_number_written() {
    let dir = project(&[("a.yaml", &PLAN.replace("status: signed", "status: draft"))]);
    let path = dir.path().join("plans/2019/a.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (_, warnings) =
        vanban::compile::check(&text, &path, &vanban::project::Project::default()).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("a draft prints blanks"));
    assert_eq!(warnings[0].line, Some(3));
    let templates = vanban::templates::Templates::builtin().unwrap();
    let md = vanban::compile::compile_markdown(
        &text,
        &path,
        &templates,
        &vanban::project::Project::default(),
    )
    .unwrap();
    assert!(md.starts_with("**DỰ THẢO**"), "{md}");
    assert!(md.contains("Số:      /KH-SYT"));
    assert!(md.contains("Bắc Giang, ngày      tháng      năm 2019"));

    // Without `status`, a plan with number and date is signed: no mark.
    let issued = PLAN.replace("status: signed\n", "");
    let md = vanban::compile::compile_markdown(
        &issued,
        &path,
        &templates,
        &vanban::project::Project::default(),
    )
    .unwrap();
    assert!(!md.contains("DỰ THẢO"));
    assert!(md.contains("Số: 03/KH-SYT"));
    assert!(md.contains("Bắc Giang, ngày 04 tháng 3 năm 2019"));
}

#[test]
fn a_signed_plan_with_images_builds_and_the_docx_carries_the_signature() {
    let dir = project(&[("a.yaml", PLAN)]);
    let (code, _, stderr) = run(dir.path(), &["build", "plans", "--out", "output"]);
    assert_eq!(code, 0, "{stderr}");
    let docx = std::fs::read(dir.path().join("output/2019/a.docx")).unwrap();
    let signature = std::fs::read(root().join("tests/fixtures/signed/chu-ky.png")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let media: Vec<Vec<u8>> = (0..zip.len())
        .filter_map(|i| {
            let mut f = zip.by_index(i).ok()?;
            if !f.name().starts_with("word/media/") {
                return None;
            }
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut b).ok()?;
            Some(b)
        })
        .collect();
    assert!(
        media.contains(&signature),
        "the signature PNG is not in word/media/"
    );
    let xml = docx_part(&docx, "word/document.xml");
    assert!(!docx_paragraphs(&xml).iter().any(|p| p.contains("DỰ THẢO")));
}

/// FORMAT.md: the seal image goes over the left third of the signature.
#[test]
fn the_docx_carries_the_seal() {
    let dir = project(&[("a.yaml", PLAN)]);
    let (code, _, stderr) = run(dir.path(), &["build", "plans", "--out", "output"]);
    assert_eq!(code, 0, "{stderr}");
    let docx = std::fs::read(dir.path().join("output/2019/a.docx")).unwrap();
    let seal = std::fs::read(root().join("tests/fixtures/signed/con-dau.png")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let found = (0..zip.len()).any(|i| {
        let Ok(mut f) = zip.by_index(i) else {
            return false;
        };
        let mut b = Vec::new();
        f.name().starts_with("word/media/")
            && std::io::Read::read_to_end(&mut f, &mut b).is_ok()
            && b == seal
    });
    assert!(found, "the seal PNG is not in word/media/");
}

/// A PNG header of the given size (enough for the checks, which read the IHDR chunk only).
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    b.extend_from_slice(&13u32.to_be_bytes());
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

#[test]
fn bad_images_are_located_errors() {
    type Setup = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Setup, &str)> = vec![
        (
            "nope.png",
            Box::new(|_| {}),
            "signature_image: cannot find `nope.png`",
        ),
        (
            "chu-ky.jpg",
            Box::new(|d| {
                std::fs::write(d.join("chu-ky.jpg"), b"\xff\xd8\xff\xe0\0\x10JFIF").unwrap()
            }),
            "signature_image: `chu-ky.jpg` is not a PNG image",
        ),
        (
            "big.png",
            Box::new(|d| std::fs::write(d.join("big.png"), png_header(5000, 80)).unwrap()),
            "signature_image: `big.png` is 5000 × 80 pixels; at most 4000 on a side",
        ),
        (
            "heavy.png",
            Box::new(|d| {
                let mut b = png_header(100, 100);
                b.resize(6 * 1024 * 1024, 0);
                std::fs::write(d.join("heavy.png"), b).unwrap()
            }),
            "signature_image: `heavy.png` is too large (6.0 MB; at most 5 MB)",
        ),
        (
            "broken.png",
            Box::new(|d| std::fs::write(d.join("broken.png"), &png_header(1, 1)[..10]).unwrap()),
            "signature_image: `broken.png` is a damaged PNG",
        ),
        (
            "../chu-ky.png",
            Box::new(|_| {}),
            "signature_image: `../chu-ky.png` goes up with `..`",
        ),
        (
            "/etc/hostname",
            Box::new(|_| {}),
            "signature_image: `/etc/hostname` is an absolute path",
        ),
    ];
    for (path, setup, expected) in cases {
        let dir = project(&[(
            "a.yaml",
            &PLAN.replace(
                "signature_image: chu-ky.png",
                &format!("signature_image: {path}"),
            ),
        )]);
        setup(&dir.path().join("plans/2019"));
        let stderr = check_fails_with_dir(dir.path(), expected);
        assert!(
            stderr.contains("error: plans/2019/a.yaml:18:3: signature_image:"),
            "{path}: the error names the YAML line:\n{stderr}"
        );
        assert!(stderr.contains("= hint: "), "{stderr}");
        // `build` says the same and writes nothing.
        let (code, _, stderr) = run(dir.path(), &["build", "plans", "--out", "output"]);
        assert_eq!(code, 1);
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!dir.path().join("output/2019/a.docx").exists());
    }
}

fn check_fails_with_dir(dir: &Path, expected: &str) -> String {
    let (code, _, stderr) = run(dir, &["check", "plans"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in:\n{stderr}"
    );
    stderr
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_project_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/signed/chu-ky.png"),
        outside.path().join("stolen.png"),
    )
    .unwrap();
    let dir = project(&[(
        "a.yaml",
        &PLAN.replace("seal_image: con-dau.png", "seal_image: link.png"),
    )]);
    std::os::unix::fs::symlink(
        outside.path().join("stolen.png"),
        dir.path().join("plans/2019/link.png"),
    )
    .unwrap();
    let stderr = check_fails_with_dir(
        dir.path(),
        "seal_image: `link.png` leads outside the project folder",
    );
    assert!(stderr.contains("plans/2019/a.yaml:19:3:"), "{stderr}");

    // A link that stays inside the project is fine.
    std::fs::remove_file(dir.path().join("plans/2019/link.png")).unwrap();
    std::os::unix::fs::symlink("con-dau.png", dir.path().join("plans/2019/link.png")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", "plans"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_draft_does_not_load_its_images() {
    let draft = PLAN
        .replace("status: signed\nnumber: 3\ndate: 2019-03-04\n", "")
        .replace("chu-ky.png", "not-scanned-yet.png");
    let dir = project(&[("a.yaml", &draft)]);
    let (code, _, stderr) = run(dir.path(), &["check", "plans"]);
    assert_eq!(code, 0, "{stderr}");
}

/// The images are part of the input: changing one rebuilds the DOCX even though the YAML is
/// the same (the build's cache must not keep the old signature).
#[test]
fn a_changed_image_rebuilds() {
    let dir = project(&[("a.yaml", PLAN)]);
    let docx = dir.path().join("output/2019/a.docx");
    let (code, _, stderr) = run(dir.path(), &["build", "plans", "--out", "output"]);
    assert_eq!(code, 0, "{stderr}");
    let before = std::fs::read(&docx).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/signed/con-dau.png"),
        dir.path().join("plans/2019/chu-ky.png"),
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["build", "plans", "--out", "output"]);
    assert_eq!(code, 0, "{stderr}");
    assert_ne!(
        std::fs::read(&docx).unwrap(),
        before,
        "the DOCX kept the old signature"
    );
}
