//! The command line with bad and dubious inputs: the batch goes on past a bad file, leaves no
//! partial output for it and keeps the last good output of a file that just became invalid;
//! lint warnings are printed by `build` and `check` and fail them only with `--deny-warnings`.

use crate::common;
use common::{vanban, TempProject};

/// Two copies of the sample plan (numbers are unique per issuer and year across the batch).
fn project() -> TempProject {
    let p = TempProject::new();
    p.sample_plan("plans/2018/a.yaml", 25);
    p.sample_plan("plans/2018/b.yaml", 26);
    p
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).to_string()
}

#[test]
fn the_batch_goes_on_past_bad_files_and_loses_nothing() {
    let dir = project();
    let p = dir.path();
    vanban(p).args(["build"]).assert().success();
    let good_md = std::fs::read(p.join("output/2018/a.md")).unwrap();
    let good_docx = std::fs::read(p.join("output/2018/a.docx")).unwrap();

    // a.yaml becomes invalid; c.yaml is new and not UTF-8; d.yaml is new and too large.
    let a = std::fs::read_to_string(p.join("plans/2018/a.yaml")).unwrap();
    std::fs::write(
        p.join("plans/2018/a.yaml"),
        a.replace("date: 2018-03-05", "date: 2018-02-30"),
    )
    .unwrap();
    std::fs::write(
        p.join("plans/2018/c.yaml"),
        b"kind: plan\nplace: B\xe9c Giang\n",
    )
    .unwrap();
    let mut big = a.clone();
    while big.len() <= 10 * 1024 * 1024 {
        big.push_str(&format!("# {}\n", "x".repeat(1000)));
    }
    std::fs::write(p.join("plans/2018/d.yaml"), big).unwrap();
    let b = std::fs::read_to_string(p.join("plans/2018/b.yaml")).unwrap();
    std::fs::write(
        p.join("plans/2018/b.yaml"),
        b.replace("Trần Văn Sinh", "Nguyễn Văn B"),
    )
    .unwrap();

    let out = vanban(p).args(["build"]).assert().code(1);
    let err = stderr(&out);
    assert!(err.contains("error: plans/2018/a.yaml:10:7: `date`: 2018-02-30 does not exist: February 2018 has 28 days"), "{err}");
    assert!(
        err.contains("error: plans/2018/c.yaml:2:9: the file is not UTF-8 text"),
        "{err}"
    );
    assert!(
        err.contains("error: plans/2018/d.yaml: the file is too large (11 MB; the limit is 10 MB)"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(p.join("output/2018/a.md")).unwrap(),
        good_md,
        "the last good .md is kept"
    );
    assert_eq!(
        std::fs::read(p.join("output/2018/a.docx")).unwrap(),
        good_docx,
        "the last good .docx is kept"
    );
    for name in ["c", "d"] {
        for ext in ["md", "docx"] {
            assert!(
                !p.join(format!("output/2018/{name}.{ext}")).exists(),
                "partial output {name}.{ext}"
            );
        }
    }
    let b_md = std::fs::read_to_string(p.join("output/2018/b.md")).unwrap();
    assert!(
        b_md.contains("Nguyễn Văn B"),
        "the rest of the batch is built"
    );
    let stray: Vec<_> = walkdir::WalkDir::new(p.join("output"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn warnings_are_printed_and_fail_only_with_deny_warnings() {
    let dir = project();
    let p = dir.path();
    // Where the sample has its typo "truyền truyền viên" (line and column in characters).
    let sample = std::fs::read_to_string(common::sample_plan()).unwrap();
    let (line, col) = sample
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            let b = l.find("truyền truyền viên")?;
            Some((i + 1, l[..b].chars().count() + 1))
        })
        .expect("the sample keeps its doubled word");
    let doubled = format!(
        "warning[VB007]: plans/2018/a.yaml:{line}:{col}: the word \"truyền\" is doubled: \"truyền truyền\""
    );
    let doubled = doubled.as_str();

    let a = vanban(p).args(["build"]).assert().success();
    assert!(stderr(&a).contains(doubled), "{}", stderr(&a));
    assert!(
        p.join("output/2018/a.docx").is_file(),
        "warnings do not stop a build"
    );

    // Nothing changed since: the documents are cached, yet --deny-warnings still sees them.
    let a = vanban(p)
        .args(["build", "--deny-warnings"])
        .assert()
        .code(1);
    let err = stderr(&a);
    assert!(err.contains(doubled), "{err}");
    assert!(
        err.contains("--deny-warnings makes them fail the run"),
        "{err}"
    );

    let a = vanban(p).args(["check"]).assert().success();
    assert!(stderr(&a).contains(doubled));
    vanban(p)
        .args(["check", "--deny-warnings"])
        .assert()
        .code(1);

    // Fixed text: no warnings, and --deny-warnings passes.
    for name in ["a", "b"] {
        let f = p.join(format!("plans/2018/{name}.yaml"));
        let t = std::fs::read_to_string(&f)
            .unwrap()
            .replace("truyền truyền", "tuyên truyền")
            .replace("NQLT-BLĐT BXH-", "NQLT-BLĐTBXH-");
        std::fs::write(&f, t).unwrap();
    }
    let a = vanban(p)
        .args(["check", "--deny-warnings"])
        .assert()
        .success();
    assert!(!stderr(&a).contains("warning"), "{}", stderr(&a));
    vanban(p)
        .args(["build", "--deny-warnings"])
        .assert()
        .success();
}

/// One typo in the plan: its error, and for each report of it one "the plan has errors" —
/// not a cascade of false errors (the registry "has errors", the report "names no plan", its
/// tables "only for consolidated reports", its deputy's `KT` "needs the head's title").
#[test]
fn a_broken_plan_gives_its_reports_one_true_error_each() {
    let dir = TempProject::sample_tree();
    let plan = dir
        .path()
        .join("plans/2018/ke-hoach-phong-chong-mai-dam.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, text.replacen("year: 2018", "year: hai nghìn", 1)).unwrap();
    let out = vanban(dir.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    let plan_rel = "plans/2018/ke-hoach-phong-chong-mai-dam.yaml";
    let at_plan: Vec<_> = errors.iter().filter(|e| e["file"] == plan_rel).collect();
    assert_eq!(at_plan.len(), 1, "{at_plan:#?}");
    assert!(at_plan[0]["message"].as_str().unwrap().contains("`year`"));
    let mut reports = 0;
    for e in errors.iter().filter(|e| e["file"] != plan_rel) {
        let m = e["message"].as_str().unwrap();
        let consolidated = m.starts_with("cannot consolidate");
        assert!(
            m == "the plan `2018/ke-hoach-phong-chong-mai-dam.yaml` has errors" || consolidated,
            "a false error: {e}"
        );
        reports += usize::from(!consolidated);
    }
    // Every report of the sample names the plan: one error each, and no more.
    let files: std::collections::BTreeSet<_> = errors
        .iter()
        .filter(|e| e["file"] != plan_rel)
        .map(|e| e["file"].as_str().unwrap())
        .collect();
    assert_eq!(reports, files.len(), "{errors:#?}");
    assert!(reports >= 18, "{reports}");
}
