//! `vanban diff`: golden text and JSON for a 2018 → 2019 pair edited as a clerk would
//! (snapshots: INSTA_UPDATE=always rewrites them; review the diff before committing), and the diff of the
//! sample against its own `next-year` draft.

use crate::common;

use std::path::Path;

use common::*;

fn diff(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = common::vanban(dir).arg("diff").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn golden_text_and_json() {
    let dir = root().join("tests/fixtures/diff-next-year");
    let (code, text, stderr) = diff(&dir, &["old.yaml", "new.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    golden!(&dir.join("expected.txt"), &text);
    let (code, json, stderr) = diff(&dir, &["old.yaml", "new.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    golden!(&dir.join("expected.json"), &json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["changes"].as_array().map(Vec::len),
        Some(text.lines().filter(|l| l.starts_with("  ")).count())
    );
}

#[test]
fn what_a_reviewer_needs_to_see() {
    let dir = root().join("tests/fixtures/diff-next-year");
    let (_, text, _) = diff(&dir, &["old.yaml", "new.yaml"]);
    for line in [
        "  ~ year: 2018 → 2019",
        "  ~ summary: Thực hiện công tác Phòng, chống mại dâm năm [-2018-] {+2019+}",
        "  ~ II.1 Mục tiêu, item xa-tuyen-truyen: … tỷ lệ từ [-50%-] {+60%+} lên [-60%-] {+70%+} số xã duy …",
        "  - II.1 Mục tiêu, item thi-tuyen-truyen: ",
        "  + II.2.6 Tập huấn nâng cao năng lực, item tap-huan-truc-tuyen: ",
        "  + section II.2.7 (1 item): \"Ứng dụng công nghệ thông tin\"",
        "  ~ deadline annual-report: 15/11 → 10/11",
        "  + electronic copy: \"Trung tâm Kiểm soát bệnh tật\"",
        "  ~ signer: Trần Văn Sinh → Nguyễn Thị Hoa",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "missing {line:?} in:\n{text}"
        );
    }
}

#[test]
fn a_plan_against_itself_has_no_differences() {
    let dir = root().join("tests/fixtures/diff-next-year");
    let (code, text, _) = diff(&dir, &["old.yaml", "old.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(text, "Changes from old.yaml to old.yaml\nNo differences.\n");
}

#[test]
fn the_sample_against_its_next_year_draft() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("plans/2018")).unwrap();
    std::fs::copy(
        sample_plan(),
        tmp.path()
            .join("plans/2018/ke-hoach-phong-chong-mai-dam.yaml"),
    )
    .unwrap();
    let ok = common::vanban(tmp.path())
        .args(["next-year", "plans/2018/ke-hoach-phong-chong-mai-dam.yaml"])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let (code, text, stderr) = diff(
        tmp.path(),
        &[
            "plans/2018/ke-hoach-phong-chong-mai-dam.yaml",
            "plans/2019/ke-hoach-phong-chong-mai-dam.yaml",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let body: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(
        body,
        [
            "6 change(s): 0 added, 0 removed, 2 reworded, 4 changed",
            "",
            "Document",
            "  ~ year: 2018 → 2019",
            "  ~ status: issued → draft",
            "  ~ number: 25 → none",
            "  ~ date: 2018-03-05 → none",
            "  ~ summary: Thực hiện công tác Phòng, chống mại dâm năm [-2018-] {+2019+}",
            "  ~ preamble: … mại dâm năm [-2018-] {+2019+} như sau:",
        ]
    );
}

#[test]
fn an_unreadable_input_is_a_located_error() {
    let tmp = TempProject::new();
    tmp.write("a.yaml", "kind: plan\nsumary: x\n");
    std::fs::copy(sample_plan(), tmp.path().join("b.yaml")).unwrap();
    let (code, text, stderr) = diff(tmp.path(), &["a.yaml", "b.yaml"]);
    assert_eq!(code, 1);
    assert!(text.is_empty());
    assert!(stderr.contains("error: a.yaml:"), "{stderr}");
}
