//! `vanban new KIND PATH`: every scaffold is a draft that checks (no warning) and builds as
//! it is, filled with the department's details from the project.

use crate::common;
use common::{vanban, TempProject};

use std::path::Path;

const KINDS: [&str; 4] = ["plan", "report", "consolidated-report", "letter"];

fn new_ok(dir: &Path, kind: &str, rel: &str) -> String {
    let out = vanban(dir).args(["new", kind, rel]).output().unwrap();
    assert!(
        out.status.success(),
        "{kind}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

fn check_clean(dir: &Path, rel: &str) {
    let out = vanban(dir)
        .args(["check", "--deny-warnings", rel])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{rel} does not check:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_kind_scaffolds_a_draft_that_checks_and_builds() {
    let dir = TempProject::sample_tree();
    for kind in KINDS {
        let rel = format!("plans/2019/moi-{kind}.yaml");
        let text = new_ok(dir.path(), kind, &rel);
        assert!(text.contains(&format!("kind: {kind}")), "{text}");
        assert!(text.contains("status: draft"), "{kind}");
        check_clean(dir.path(), &rel);
    }
    // The department's details come from the project's plan.
    let plan = std::fs::read_to_string(dir.path().join("plans/2019/moi-plan.yaml")).unwrap();
    assert!(plan.contains("name: SỞ Y TẾ"), "{plan}");
    assert!(plan.contains("name: Trần Văn Sinh"), "{plan}");
    assert!(
        plan.contains("year: 2019"),
        "the year of the folder: {plan}"
    );
    let report = std::fs::read_to_string(dir.path().join("plans/2019/moi-report.yaml")).unwrap();
    assert!(
        report.contains("plan: 2018/ke-hoach-phong-chong-mai-dam.yaml"),
        "{report}"
    );
    // The whole tree, scaffolds included, builds.
    let out = vanban(dir.path())
        .args(["build", "plans"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for kind in KINDS {
        assert!(dir
            .path()
            .join(format!("output/2019/moi-{kind}.docx"))
            .is_file());
    }
    let md = std::fs::read_to_string(dir.path().join("output/2019/moi-plan.md")).unwrap();
    assert!(
        md.contains("DỰ THẢO"),
        "a draft: {}",
        &md[..300.min(md.len())]
    );
}

#[test]
fn every_top_level_key_is_commented_in_both_languages() {
    let dir = TempProject::sample_tree();
    for kind in KINDS {
        let rel = format!("plans/2019/moi-{kind}.yaml");
        let text = new_ok(dir.path(), kind, &rel);
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let top_key = line.split_once(':').is_some_and(|(k, _)| {
                !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            });
            if !top_key || *line == format!("kind: {kind}") {
                continue;
            }
            let commented = line.contains(" # ") || (i > 0 && lines[i - 1].starts_with('#'));
            assert!(commented, "{kind}: line {} has no comment: {line}", i + 1);
        }
        assert!(text.contains(" / "), "Vietnamese / English comments");
    }
}

#[test]
fn a_project_without_plans_gets_sample_details_and_reports_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("plans")).unwrap();
    for kind in ["plan", "letter"] {
        let rel = format!("plans/2020/moi-{kind}.yaml");
        let text = new_ok(dir.path(), kind, &rel);
        assert!(text.contains("year: 2020"));
        check_clean(dir.path(), &rel);
    }
    let out = vanban(dir.path())
        .args(["new", "consolidated-report", "plans/2020/bc.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("issued plan"), "{err}");
    assert!(err.contains("vanban new plan"), "{err}");
}

#[test]
fn an_existing_file_is_not_overwritten_without_force() {
    let dir = TempProject::sample_tree();
    let rel = "plans/2018/ke-hoach-phong-chong-mai-dam.yaml";
    let before = std::fs::read_to_string(dir.path().join(rel)).unwrap();
    let out = vanban(dir.path())
        .args(["new", "plan", rel])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(rel)).unwrap(),
        before
    );
    let out = vanban(dir.path())
        .args(["new", "plan", "plans/2019/x.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".yaml"));
}

#[test]
fn every_scaffold_points_at_the_schema_and_validates_against_it() {
    let dir = TempProject::sample_tree();
    let schema = vanban::schema::generate(vanban::schema::Kind::Document);
    let validator = jsonschema::validator_for(&schema).unwrap();
    for kind in KINDS {
        let rel = format!("plans/2019/bao-cao/moi-{kind}.yaml");
        let text = new_ok(dir.path(), kind, &rel);
        assert_eq!(
            text.lines().next(),
            Some("# yaml-language-server: $schema=../../../schema/vanban.schema.json"),
            "{kind}"
        );
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let value = serde_json::to_value(yaml).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{kind}: {errors:#?}");
    }
    // The project had no schema: `vanban new` wrote it where the line points.
    let written = std::fs::read_to_string(dir.path().join("schema/vanban.schema.json")).unwrap();
    assert_eq!(
        written,
        vanban::schema::text(vanban::schema::Kind::Document)
    );
}

const PROJECT_FILE: &str = r#"[defaults]
place = "TP. Bắc Giang"
archive = ["VT", "KHTC"]
issuer = { parent = "UBND TỈNH BẮC GIANG", name = "SỞ Y TẾ", abbr = "SYT", office = "KHTC", name_in_text = "Sở Y tế" }
"#;

#[test]
fn with_a_project_file_every_kind_takes_the_departments_defaults_from_it() {
    let dir = TempProject::sample_tree();
    std::fs::write(dir.path().join("vanban.toml"), PROJECT_FILE).unwrap();
    for kind in KINDS {
        let rel = format!("plans/2019/moi-{kind}.yaml");
        let text = new_ok(dir.path(), kind, &rel);
        let keys: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split_once(':').map(|(k, _)| k))
            .collect();
        // The project file's keys are left to it, and said in a comment.
        for key in ["issuer", "place", "archive"] {
            let own = kind == "report" && key == "archive";
            assert_eq!(keys.contains(&key), own, "{kind}: `{key}:` in\n{text}");
        }
        if kind != "report" {
            assert!(
                text.contains("vanban.toml's [defaults]: SỞ Y TẾ (SYT)"),
                "{text}"
            );
            assert!(text.contains("# archive: [VT, KHTC]"), "{text}");
            assert!(text.contains("# place: TP. Bắc Giang"), "{text}");
        }
        check_clean(dir.path(), &rel);
    }
    let out = vanban(dir.path())
        .args(["build", "plans"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for kind in ["plan", "consolidated-report", "letter"] {
        let md =
            std::fs::read_to_string(dir.path().join(format!("output/2019/moi-{kind}.md"))).unwrap();
        assert!(md.contains("TP. Bắc Giang, ngày"), "{kind}: {md}");
        assert!(md.contains("Lưu: VT, KHTC"), "{kind}: {md}");
    }
    let letter = std::fs::read_to_string(dir.path().join("output/2019/moi-letter.md")).unwrap();
    assert!(
        letter.contains("SYT-KHTC"),
        "the letter's symbol names the office: {letter}"
    );
}

#[test]
fn a_new_project_with_only_a_project_file_gets_its_department_not_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("plans")).unwrap();
    std::fs::write(
        dir.path().join("vanban.toml"),
        "[defaults]\nplace = \"Hà Nội\"\nissuer = { parent = \"UBND THÀNH PHỐ HÀ NỘI\", name = \"SỞ GIÁO DỤC VÀ ĐÀO TẠO\", abbr = \"SGDĐT\", office = \"VP\" }\n",
    )
    .unwrap();
    for kind in ["plan", "letter"] {
        let rel = format!("plans/2020/moi-{kind}.yaml");
        let text = new_ok(dir.path(), kind, &rel);
        assert!(
            !text.contains("SỞ Y TẾ"),
            "{kind}: the sample's issuer\n{text}"
        );
        assert!(text.contains("SỞ GIÁO DỤC VÀ ĐÀO TẠO (SGDĐT)"), "{text}");
        check_clean(dir.path(), &rel);
        let out = vanban(dir.path()).args(["build", &rel]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let md =
            std::fs::read_to_string(dir.path().join(format!("output/2020/moi-{kind}.md"))).unwrap();
        assert!(md.contains("SỞ GIÁO DỤC VÀ ĐÀO TẠO"), "{md}");
        assert!(md.contains("Hà Nội, ngày"), "{md}");
    }
    // The schema the scaffolds point at is written beside vanban.toml.
    assert!(dir.path().join("schema/vanban.schema.json").is_file());
}
