//! `vanban remind`: the reminder letter (công văn đôn đốc) to the units late or missing on a
//! day. On the 2018 sample it names exactly the units `status --format json` shows late or
//! missing, with each late or missing deliverable and its days; one unit gets a one-line Kính
//! gửi; nobody late writes nothing; an existing letter is kept without --force.

use crate::common;

use std::path::Path;

use common::*;

/// A copy of the sample's plans folder in a temporary project.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("plans");
    for e in walkdir::WalkDir::new(&from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&from).unwrap();
        let to = dir.path().join("plans").join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else if !rel.to_string_lossy().contains("-don-doc-") {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    dir
}

const PLAN: &str = "plans/2018/ke-hoach-phong-chong-mai-dam.yaml";

fn letter_path(day: &str) -> String {
    format!("plans/2018/ke-hoach-phong-chong-mai-dam-don-doc-{day}.yaml")
}

fn yaml(dir: &Path, rel: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(dir.join(rel)).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn short(iso: &str) -> String {
    // 2018-05-16 → 16/5/2018 (months from March on without a zero).
    let p: Vec<&str> = iso.split('-').collect();
    let m: u32 = p[1].parse().unwrap();
    let month = if m <= 2 {
        format!("{m:02}")
    } else {
        m.to_string()
    };
    format!("{}/{month}/{}", p[2], p[0])
}

#[test]
fn on_the_sample_the_letter_names_exactly_the_late_and_missing_units_of_each_day() {
    for day in ["2018-05-20", "2018-06-01", "2018-12-01"] {
        let dir = sample_copy();
        let (code, status, err) = run(
            dir.path(),
            &["status", "plans", "--as-of", day, "--format", "json"],
        );
        assert_eq!(code, 0, "{err}");
        let status: serde_json::Value = serde_json::from_str(&status).unwrap();
        let plan = &status["plans"][0];
        let dues: Vec<String> = plan["deliverables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["due"].as_str().unwrap().to_string())
            .collect();

        let (code, out, err) = run(dir.path(), &["remind", PLAN, "--as-of", day]);
        assert_eq!(code, 0, "{err}");
        let target = letter_path(day);
        assert!(
            out.starts_with(&format!("wrote {target}: a draft reminder to ")),
            "{out}"
        );
        let letter = yaml(dir.path(), &target);
        let text = letter["text"].as_str().unwrap();

        let mut expected = Vec::new();
        for u in plan["units"].as_array().unwrap() {
            let name = u["name"].as_str().unwrap();
            let cells = u["deliverables"].as_array().unwrap();
            let mut concerned = false;
            for (c, due) in cells.iter().zip(&dues) {
                let line = text
                    .lines()
                    .filter(|l| l.starts_with(&format!("- {name}:")))
                    .collect::<Vec<_>>();
                match c["status"].as_str().unwrap() {
                    "missing" => {
                        concerned = true;
                        let days = (chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap()
                            - chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap())
                        .num_days();
                        let said = format!("(hạn {}, đã quá hạn {days} ngày)", short(due));
                        assert!(
                            line.iter().any(|l| l.contains(&said)),
                            "{day}: {name} missing: {said} not in\n{text}"
                        );
                    }
                    "late" => {
                        concerned = true;
                        let said = format!(
                            "(gửi ngày {}, chậm {} ngày)",
                            short(c["sent"].as_str().unwrap()),
                            c["days_late"]
                        );
                        assert!(
                            line.iter().any(|l| l.contains(&said)),
                            "{day}: {name} late: {said} not in\n{text}"
                        );
                    }
                    _ => {}
                }
            }
            if concerned {
                expected.push(name.to_string());
            } else {
                assert!(!text.contains(name), "{day}: {name} is not late:\n{text}");
            }
        }
        let to: Vec<String> = letter["to"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect();
        assert_eq!(to, expected, "{day}");
        assert!(to.len() > 1);

        // The frame: the plan's issuer and signer, a draft, "V/v đôn đốc gửi …".
        assert_eq!(letter["kind"], "letter");
        assert_eq!(letter["status"], "draft");
        assert_eq!(letter["issuer"]["name"], "SỞ Y TẾ");
        assert_eq!(letter["issuer"]["office"], "NVY");
        assert_eq!(letter["signature"]["name"], "Trần Văn Sinh");
        assert_eq!(letter["signature"]["title"], "PHÓ GIÁM ĐỐC");
        let summary = letter["summary"].as_str().unwrap();
        assert!(summary.starts_with("đôn đốc gửi "), "{summary}");
        assert!(summary.contains("báo cáo"), "{summary}");
        assert!(
            text.starts_with("Theo Kế hoạch số 25/KH-SYT ngày 05/3/2018 của Sở Y tế"),
            "{text}"
        );
        assert!(
            text.contains("báo cáo 6 tháng trước ngày 15/5/2018"),
            "{text}"
        );
        // The new date: a week after the day.
        let by =
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap() + chrono::Duration::days(7);
        let closing = letter["closing"].as_str().unwrap();
        assert!(
            closing.contains(&format!("trước ngày {}", short(&by.to_string()))),
            "{closing}"
        );
        assert!(closing.ends_with("./."), "{closing}");
        let recipients = letter["recipients"].as_sequence().unwrap();
        assert_eq!(recipients[0], "Như trên");
        assert_eq!(letter["archive"][0], "VT");
    }
}

#[test]
fn an_existing_letter_is_kept_without_force() {
    let dir = sample_copy();
    let day = "2018-12-01";
    let (code, _, err) = run(dir.path(), &["remind", PLAN, "--as-of", day]);
    assert_eq!(code, 0, "{err}");
    let target = dir.path().join(letter_path(day));
    std::fs::write(&target, "# edited by hand\n").unwrap();
    let (code, out, err) = run(dir.path(), &["remind", PLAN, "--as-of", day]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("already exists; nothing was written"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "# edited by hand\n"
    );
    let (code, out, err) = run(
        dir.path(),
        &[
            "remind",
            PLAN,
            "--as-of",
            day,
            "--force",
            "--by",
            "2018-12-15",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("new date 2018-12-15"), "{out}");
    let letter = yaml(dir.path(), &letter_path(day));
    assert!(
        letter["closing"]
            .as_str()
            .unwrap()
            .contains("trước ngày 15/12/2018"),
        "{letter:?}"
    );
}

#[test]
fn deliverable_narrows_the_letter_and_by_must_come_later() {
    let dir = sample_copy();
    let (code, out, err) = run(
        dir.path(),
        &[
            "remind",
            PLAN,
            "--as-of",
            "2018-12-01",
            "--deliverable",
            "annual-report",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("to 2 unit(s)"), "{out}");
    let letter = yaml(dir.path(), &letter_path("2018-12-01"));
    assert_eq!(letter["to"][0], "Trung tâm Y tế huyện Lục Ngạn");
    assert_eq!(letter["to"][1], "Trung tâm Y tế huyện Sơn Động");
    assert!(letter["summary"]
        .as_str()
        .unwrap()
        .starts_with("đôn đốc gửi báo cáo "));
    let text = letter["text"].as_str().unwrap();
    assert!(!text.contains("6 tháng"), "{text}");

    let (code, _, err) = run(
        dir.path(),
        &[
            "remind",
            PLAN,
            "--as-of",
            "2018-12-01",
            "--by",
            "2018-12-01",
            "--force",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("is not after --as-of"), "{err}");
    let (code, _, err) = run(
        dir.path(),
        &[
            "remind",
            PLAN,
            "--as-of",
            "2018-12-01",
            "--deliverable",
            "weekly",
        ],
    );
    assert_eq!(code, 2, "{err}");
}

const UNITS: &str = "units:
  - { id: a, name: Trung tâm Y tế huyện A, abbr: TTYT, head: GIÁM ĐỐC, place: A }
  - { id: b, name: Trung tâm Y tế huyện B, abbr: TTYT, head: GIÁM ĐỐC, place: B }
unit_plans:
  2019/ke-hoach.yaml:
    a: 2019-03-28
    b: 2019-04-02
";

const SMALL_PLAN: &str = "kind: plan
issuer: { parent: UBND TỈNH BẮC GIANG, name: SỞ Y TẾ, abbr: SYT, office: NVY, name_in_text: Sở Y tế }
number: 7
date: 2019-03-01
year: 2019
place: Bắc Giang
summary: Tập huấn phòng, chống dịch năm 2019
sections:
  - title: TỔ CHỨC THỰC HIỆN
    reporting: true
reporting:
  lead: Các đơn vị xây dựng kế hoạch
  to: Sở Y tế
  deadlines:
    - { deliverable: unit-plan, due: \"03-30\" }
archive: [VT, NVY]
signature: { title: GIÁM ĐỐC, name: Nguyễn Văn A }
";

fn small_project(units: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("plans/2019")).unwrap();
    std::fs::write(dir.path().join("plans/units.yaml"), units).unwrap();
    std::fs::write(dir.path().join("plans/2019/ke-hoach.yaml"), SMALL_PLAN).unwrap();
    dir
}

#[test]
fn one_late_unit_gets_a_letter_of_its_own() {
    let dir = small_project(UNITS);
    let (code, out, err) = run(
        dir.path(),
        &[
            "remind",
            "plans/2019/ke-hoach.yaml",
            "--as-of",
            "2019-04-10",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("to 1 unit(s)"), "{out}");
    assert!(out.contains("  b: unit-plan late (3 days)"), "{out}");
    let letter = yaml(dir.path(), "plans/2019/ke-hoach-don-doc-2019-04-10.yaml");
    assert_eq!(
        letter["to"].as_sequence().unwrap().len(),
        1,
        "{:?}",
        letter["to"]
    );
    assert_eq!(letter["to"][0], "Trung tâm Y tế huyện B");
    let text = letter["text"].as_str().unwrap();
    assert!(
        text.contains("Đơn vị gửi chậm so với thời hạn:\n- Trung tâm Y tế huyện B: kế hoạch triển khai (gửi ngày 02/4/2019, chậm 3 ngày)."),
        "{text}"
    );
    assert!(!text.contains("chưa nhận được"), "{text}");
    assert_eq!(
        letter["closing"],
        "Sở Y tế đề nghị đơn vị rút kinh nghiệm, bảo đảm gửi đúng thời hạn các kỳ báo cáo tiếp theo./."
    );
    // The head signs: no "(b/c)" copy to the head.
    assert_eq!(letter["recipients"].as_sequence().unwrap().len(), 1);
}

#[test]
fn nobody_late_writes_nothing() {
    let on_time = UNITS.replace("b: 2019-04-02", "b: 2019-03-30");
    let dir = small_project(&on_time);
    let (code, out, err) = run(
        dir.path(),
        &[
            "remind",
            "plans/2019/ke-hoach.yaml",
            "--as-of",
            "2019-04-10",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "as of 2019-04-10, no unit is late or missing with Kế hoạch số 07/KH-SYT: nothing written\n"
    );
    let written: Vec<_> = std::fs::read_dir(dir.path().join("plans/2019"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    // Before the due date nobody is late either.
    let dir = small_project(UNITS);
    let (code, out, _) = run(
        dir.path(),
        &[
            "remind",
            "plans/2019/ke-hoach.yaml",
            "--as-of",
            "2019-03-30",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains("nothing written"), "{out}");
}

#[test]
fn remind_needs_a_plan() {
    let dir = small_project(UNITS);
    let (code, _, err) = run(
        dir.path(),
        &["remind", "plans/units.yaml", "--as-of", "2019-04-10"],
    );
    assert_eq!(code, 1, "{err}");
}

#[test]
fn the_letter_builds_like_any_document() {
    let dir = sample_copy();
    let day = "2018-12-01";
    let (code, _, err) = run(dir.path(), &["remind", PLAN, "--as-of", day]);
    assert_eq!(code, 0, "{err}");
    let target = letter_path(day);
    // The committed sample letter is what the tool writes.
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&target)).unwrap(),
        std::fs::read_to_string(root().join(&target)).unwrap(),
        "plans/2018/…-don-doc-2018-12-01.yaml differs from what `vanban remind` writes: run it with --force and review the diff"
    );
    let (code, out, err) = run(dir.path(), &["check", &target, "--deny-warnings"]);
    assert_eq!(code, 0, "the draft checks without warnings:\n{out}\n{err}");
    let (code, out, err) = run(dir.path(), &["build", "plans", "--out", "output"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let base = dir
        .path()
        .join("output/2018/ke-hoach-phong-chong-mai-dam-don-doc-2018-12-01");
    let md = std::fs::read_to_string(base.with_extension("md")).unwrap();
    assert!(md.starts_with("**DỰ THẢO**"), "{md}");
    assert!(md.contains("| Số:      /SYT-NVY |"), "{md}");
    assert!(
        md.contains("| V/v đôn đốc gửi kế hoạch, báo cáo thực hiện công tác Phòng, chống mại dâm năm 2018 | |"),
        "{md}"
    );
    assert!(
        md.contains("Kính gửi:\n\n- Trung tâm Y tế huyện Lục Ngạn;\n- Trung tâm Y tế huyện Yên Thế;\n- Trung tâm Y tế huyện Việt Yên;\n- Trung tâm Y tế huyện Sơn Động.\n"),
        "{md}"
    );
    assert!(
        md.contains("**Nơi nhận:**\n\n- Như trên;\n- Giám đốc (b/c);\n- Lưu: VT, NVY.\n"),
        "{md}"
    );
    assert!(md.contains("**KT. GIÁM ĐỐC**  \n**PHÓ GIÁM ĐỐC**"), "{md}");
    assert!(md.trim_end().ends_with("**Trần Văn Sinh**"), "{md}");
    let docx = std::fs::read(base.with_extension("docx")).unwrap();
    assert_eq!(malformed_part(&docx), None);
    let paras = docx_paragraphs(&docx_part(&docx, "word/document.xml"));
    let at = |p: &str| {
        paras
            .iter()
            .position(|x| x == p)
            .unwrap_or_else(|| panic!("no paragraph {p:?} in {paras:#?}"))
    };
    assert!(at("Số:      /SYT-NVY") < at("Kính gửi:"));
    assert!(at("Kính gửi:") < at("- Trung tâm Y tế huyện Lục Ngạn;"));
    assert!(at("Nơi nhận:") < at("- Như trên;"));
    assert!(at("- Như trên;") < at("- Lưu: VT, NVY."));
    assert!(paras
        .iter()
        .any(|p| p.starts_with("Theo Kế hoạch số 25/KH-SYT")));
    // `status` is not disturbed by a letter in the plans folder.
    let (code, _, err) = run(dir.path(), &["status", "plans", "--as-of", day]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn one_unit_is_addressed_on_one_line() {
    let dir = small_project(UNITS);
    let (code, _, err) = run(
        dir.path(),
        &[
            "remind",
            "plans/2019/ke-hoach.yaml",
            "--as-of",
            "2019-04-10",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(dir.path(), &["build", "plans", "--out", "output"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let md = std::fs::read_to_string(
        dir.path()
            .join("output/2019/ke-hoach-don-doc-2019-04-10.md"),
    )
    .unwrap();
    assert!(md.contains("\nKính gửi: Trung tâm Y tế huyện B\n"), "{md}");
    assert!(
        md.contains("**Nơi nhận:**\n\n- Như trên;\n- Lưu: VT, NVY.\n"),
        "{md}"
    );
}
