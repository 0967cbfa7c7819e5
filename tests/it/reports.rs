//! Unit reports and the consolidated report: golden Markdown of the sample, the arithmetic and
//! deadlines end to end, every located error, `vanban status` on the sample.
//!
//! Golden files are the snapshots in tests/golden/; `INSTA_UPDATE=always cargo test reports`
//! rewrites them (review the diff before committing).

use crate::common;

use std::path::{Path, PathBuf};

use vanban::compile;
use vanban::error::Diagnostic;
use vanban::project::{Project, Source};
use vanban::templates::Templates;

fn golden(name: &str, actual: &str) {
    golden!(&common::root().join("tests/golden").join(name), actual);
}

/// The sample project (plans/), loaded as the build loads it.
fn sample() -> Project {
    let (project, problems) = Project::load(&common::root().join("plans"));
    assert!(problems.is_empty(), "{problems:#?}");
    project
}

fn markdown(project: &Project, rel: &str) -> (String, String) {
    let path = project.root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let templates = Templates::builtin().unwrap();
    let (rendered, _frame, warnings) = compile::render_markdown(&text, &path, &templates, project)
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(warnings.is_empty(), "{warnings:#?}");
    (rendered.markdown, rendered.body)
}

#[test]
fn unit_report_markdown_is_golden() {
    let project = sample();
    let (md, body) = markdown(&project, "2018/bao-cao/6-thang/ttyt-viet-yen.yaml");
    assert!(md.contains("| SỞ Y TẾ BẮC GIANG | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |"));
    assert!(md.contains("| **TRUNG TÂM Y TẾ HUYỆN VIỆT YÊN** |"));
    assert!(md.contains("Số: 40/BC-TTYT"));
    assert!(md.contains("Việt Yên, ngày 21 tháng 5 năm 2018"));
    assert!(md.contains("Kính gửi: Sở Y tế (Phòng Nghiệp vụ Y)\n"));
    // The opening cites the plan by the number and date in the plan's YAML.
    assert!(body.starts_with(
        "Thực hiện Kế hoạch số 25/KH-SYT ngày 05/3/2018 của Sở Y tế về thực hiện công tác Phòng, chống mại dâm năm 2018, Trung tâm Y tế huyện Việt Yên báo cáo kết quả thực hiện 6 tháng đầu năm 2018 như sau:"
    ));
    // 15 of the registry's 19 communes.
    assert!(body.contains("| 15 | 19 | 78,9% | 60% |"), "{body}");
    assert!(md.contains("**GIÁM ĐỐC**"));
    assert!(md.trim_end().ends_with("**Nguyễn Thị Hương**"));
    golden("report-ttyt-viet-yen-6-thang.md", &md);
}

#[test]
fn consolidated_report_markdown_is_golden() {
    let project = sample();
    let (md, body) = markdown(&project, "2018/bao-cao-tong-hop-6-thang.yaml");
    assert!(md.contains("Số: 118/BC-SYT"));
    assert!(md.contains("Kính gửi: UBND tỉnh Bắc Giang"));
    // Seven districts reported 89 of 172 communes: 51.7%, not the 52.8% mean of their rates.
    assert!(body.contains("| 89 | 172 | 51,7% | 50% → 60% |"), "{body}");
    // 9 of 10 units by 25/5: Việt Yên 7 days late, Lục Ngạn 1 day late, Yên Thế missing.
    assert!(body.contains("nhận được báo cáo của 9/10 đơn vị"), "{body}");
    assert!(
        body.contains("| Trung tâm Y tế huyện Lục Ngạn | 15/5/2018 | 16/5/2018 | Chậm 1 ngày |")
    );
    assert!(
        body.contains("| Trung tâm Y tế huyện Việt Yên | 15/5/2018 | 22/5/2018 | Chậm 7 ngày |")
    );
    assert!(body.contains("| Trung tâm Y tế huyện Yên Thế | 15/5/2018 | - | Chưa gửi báo cáo |"));
    golden("bao-cao-tong-hop-6-thang.md", &md);
}

#[test]
fn annual_consolidation_counts_the_late_unit_and_meets_the_target() {
    let project = sample();
    let (_, body) = markdown(&project, "2018/bao-cao-tong-hop-nam.yaml");
    // 102 of 163 communes = 62.6% ≥ 60%.
    assert!(
        body.contains("| 102 | 163 | 62,6% | 50% → 60% | Đạt |"),
        "{body}"
    );
    assert!(
        body.contains("| Trung tâm Y tế huyện Sơn Động | 15/11/2018 | 19/11/2018 | Chậm 4 ngày |")
    );
    assert!(body.contains("| Trung tâm Y tế huyện Lục Ngạn | 15/11/2018 | - | Chưa gửi báo cáo |"));
}

// ---------------------------------------------------------------------------------------------
// A small project in memory, for the arithmetic and the errors.

const PLAN: &str = "\
kind: plan
issuer: { parent: UBND TỈNH X, name: SỞ Y TẾ, abbr: SYT, name_in_text: Sở Y tế }
number: 7
date: 2018-02-01
year: 2018
place: X
summary: Thực hiện công tác thử
sections:
  - title: Mục tiêu
    items:
      - id: xa
        short: Xã tuyên truyền
        text: Nâng tỷ lệ xã từ 50% lên 60%.
        indicator: { unit: xã, baseline: 0.50, target: 0.60 }
      - id: tap-huan
        text: Tập huấn.
reporting:
  lead: Các đơn vị gửi
  to: Sở Y tế
  deadlines:
    - { deliverable: six-month-report, due: \"05-15\" }
    - { deliverable: annual-report, due: \"11-15\" }
archive: [VT]
signature: { title: GIÁM ĐỐC, name: A }
";

const UNITS: &str = "\
units:
  - { id: nho, name: Trung tâm Y tế huyện Nhỏ, abbr: TTYT, head: GIÁM ĐỐC, place: Nhỏ, communes: 10 }
  - { id: lon, name: Trung tâm Y tế huyện Lớn, abbr: TTYT, head: GIÁM ĐỐC, place: Lớn, communes: 30 }
  - { id: vang, name: Trung tâm Y tế huyện Vắng, abbr: TTYT, head: GIÁM ĐỐC, place: Vắng, communes: 5 }
";

fn report(unit: &str, sent: &str, numerator: u64) -> String {
    format!(
        "\
kind: report
unit: {unit}
plan: 2018/plan.yaml
period: six-month
year: 2018
number: 3
date: {sent}
summary: Báo cáo thử
sections:
  - title: Kết quả
    table: indicators
figures:
  xa: {{ numerator: {numerator} }}
  tap-huan: {{ sessions: 2, people: 40 }}
recipients: [Như trên]
archive: [VT]
signature: {{ name: B }}
"
    )
}

const CONSOLIDATED: &str = "\
kind: consolidated-report
issuer: { name: SỞ Y TẾ, abbr: SYT, name_in_text: Sở Y tế }
plan: 2018/plan.yaml
period: six-month
year: 2018
number: 9
date: 2018-05-31
place: X
summary: Kết quả 6 tháng
sections:
  - { title: Nộp báo cáo, table: late }
  - { title: Chỉ tiêu, table: indicators }
  - { title: Nhiệm vụ, table: tasks }
  - { title: Đơn vị, table: units }
archive: [VT]
signature: { title: GIÁM ĐỐC, name: C }
";

fn project(docs: &[(&str, &str)]) -> Project {
    let root = Path::new("p");
    let sources = docs
        .iter()
        .map(|(rel, text)| Source {
            path: root.join(rel),
            text: text.to_string(),
        })
        .collect();
    let units = Source {
        path: root.join("units.yaml"),
        text: UNITS.into(),
    };
    let (project, problems) = Project::from_sources(root, Some(units), sources);
    assert!(problems.is_empty(), "{problems:#?}");
    project
}

fn body_of(project: &Project, rel: &str) -> String {
    let entry = &project.documents[rel];
    let templates = Templates::builtin().unwrap();
    compile::render_markdown(&entry.text, &entry.path, &templates, project)
        .unwrap_or_else(|e| panic!("{e:#?}"))
        .0
        .body
}

fn errors_of(project: &Project, rel: &str) -> Vec<Diagnostic> {
    let entry = &project.documents[rel];
    match compile::check(&entry.text, &entry.path, project) {
        Ok((_, warnings)) => panic!("no error; warnings: {warnings:#?}"),
        Err(e) => e,
    }
}

/// The one error of `rel`, checked to name the file and line and to carry a hint.
fn one_error(project: &Project, rel: &str, line: usize, says: &str) -> Diagnostic {
    let errors = errors_of(project, rel);
    let d = errors
        .iter()
        .find(|d| d.message.contains(says))
        .unwrap_or_else(|| panic!("no error saying {says:?} in {errors:#?}"));
    assert_eq!(d.file, Path::new("p").join(rel));
    assert_eq!(d.line, Some(line), "{d}");
    assert!(d.hint.is_some(), "{d}");
    d.clone()
}

#[test]
fn consolidated_rate_sums_counts_where_averaging_rates_would_mislead() {
    // Nhỏ: 10 of 10 communes (100%); Lớn: 6 of 30 (20%). Averaged: 60%, "target met".
    // Summed: 16 of 40 = 40%, below even the 50% baseline.
    let r1 = report("nho", "2018-05-10", 10);
    let r2 = report("lon", "2018-05-16", 6);
    let p = project(&[
        ("2018/plan.yaml", PLAN),
        ("2018/nho.yaml", &r1),
        ("2018/lon.yaml", &r2),
        ("2018/tong-hop.yaml", CONSOLIDATED),
    ]);
    let body = body_of(&p, "2018/tong-hop.yaml");
    assert!(
        body.contains(
            "| 1 | Xã tuyên truyền | 16 | 40 | 40% | 50% → 60% | Chưa đạt (thấp hơn đầu năm) |"
        ),
        "{body}"
    );
    assert!(!body.contains("| 60% | 50% → 60%"), "{body}");
    // Counts are totals.
    assert!(body.contains("| 1 | Tập huấn. | 4 | 80 |"), "{body}");
    // Per unit, then the total row.
    assert!(
        body.contains("| 1 | Trung tâm Y tế huyện Nhỏ | 10/5 | 10/10 (100%) | 2 | 40 |"),
        "{body}"
    );
    assert!(
        body.contains("| 2 | Trung tâm Y tế huyện Lớn | 16/5 | 6/30 (20%) | 2 | 40 |"),
        "{body}"
    );
    assert!(
        body.contains("|  | **Tổng cộng** |  | **16/40 (40%)** | **4** | **80** |"),
        "{body}"
    );
    // Lớn sent the day after the due date: 1 day late. Vắng sent nothing.
    assert!(
        body.contains("| Trung tâm Y tế huyện Lớn | 15/5/2018 | 16/5/2018 | Chậm 1 ngày |"),
        "{body}"
    );
    assert!(
        body.contains("| Trung tâm Y tế huyện Vắng | 15/5/2018 | - | Chưa gửi báo cáo |"),
        "{body}"
    );
    assert!(
        !body.contains("Trung tâm Y tế huyện Nhỏ | 15/5/2018"),
        "on time is not late: {body}"
    );
}

#[test]
fn sent_on_the_due_date_is_on_time_and_the_day_after_is_one_day_late() {
    let on_time = report("nho", "2018-05-15", 5);
    let late = report("lon", "2018-05-16", 5);
    let p = project(&[
        ("2018/plan.yaml", PLAN),
        ("2018/nho.yaml", &on_time),
        ("2018/lon.yaml", &late),
        ("2018/tong-hop.yaml", CONSOLIDATED),
    ]);
    let body = body_of(&p, "2018/tong-hop.yaml");
    assert!(
        body.contains("trong đó 1 đơn vị gửi đúng hạn, 1 đơn vị gửi chậm"),
        "{body}"
    );
    assert!(
        body.contains("| 1 | Trung tâm Y tế huyện Lớn | 15/5/2018 | 16/5/2018 | Chậm 1 ngày |"),
        "{body}"
    );
    let s = vanban::status::status(&p, chrono::NaiveDate::from_ymd_opt(2018, 6, 1).unwrap());
    let cells: Vec<(&str, &str, Option<i64>)> = s.plans[0]
        .units
        .iter()
        .map(|u| {
            (
                u.unit.as_str(),
                u.deliverables[0].status,
                u.deliverables[0].days_late,
            )
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("nho", "on-time", None),
            ("lon", "late", Some(1)),
            ("vang", "missing", None)
        ]
    );
}

#[test]
fn unknown_unit_is_located_with_a_suggestion() {
    let r = report("nhoo", "2018-05-10", 5);
    let p = project(&[("2018/plan.yaml", PLAN), ("2018/r.yaml", &r)]);
    let d = one_error(&p, "2018/r.yaml", 2, "unknown unit `nhoo`");
    assert!(d.hint.unwrap().contains("did you mean `nho`?"));
}

#[test]
fn unknown_plan_is_located() {
    let r = report("nho", "2018-05-10", 5).replace("2018/plan.yaml", "2018/plam.yaml");
    let p = project(&[("2018/plan.yaml", PLAN), ("2018/r.yaml", &r)]);
    let d = one_error(&p, "2018/r.yaml", 3, "unknown plan `2018/plam.yaml`");
    assert!(d.hint.unwrap().contains("2018/plan.yaml"));
}

#[test]
fn unknown_indicator_or_task_is_located() {
    let r = report("nho", "2018-05-10", 5).replace("  tap-huan:", "  tap-huann:");
    let p = project(&[("2018/plan.yaml", PLAN), ("2018/r.yaml", &r)]);
    let d = one_error(&p, "2018/r.yaml", 14, "no target or task `tap-huann`");
    assert!(d.hint.unwrap().contains("did you mean `tap-huan`?"));
}

#[test]
fn a_numerator_on_a_task_is_an_error() {
    let r =
        report("nho", "2018-05-10", 5).replace("{ sessions: 2, people: 40 }", "{ numerator: 2 }");
    let p = project(&[("2018/plan.yaml", PLAN), ("2018/r.yaml", &r)]);
    one_error(
        &p,
        "2018/r.yaml",
        14,
        "`tap-huan` is a task without an indicator",
    );
}

#[test]
fn two_reports_for_one_unit_and_period_are_errors_in_both() {
    let a = report("nho", "2018-05-10", 5);
    let b = report("nho", "2018-05-11", 6);
    let p = project(&[
        ("2018/plan.yaml", PLAN),
        ("2018/a.yaml", &a),
        ("2018/b.yaml", &b),
        ("2018/tong-hop.yaml", CONSOLIDATED),
    ]);
    let d = one_error(&p, "2018/a.yaml", 2, "a second six-month report of `nho`");
    assert!(d.message.contains("b.yaml"), "{d}");
    // The other report is the second place, at its `unit`.
    let at: Vec<(PathBuf, usize, usize)> = d
        .related
        .iter()
        .map(|r| (r.file.clone(), r.line, r.column))
        .collect();
    assert_eq!(at, vec![(Path::new("p").join("2018/b.yaml"), 2, 1)], "{d}");
    let d = one_error(&p, "2018/b.yaml", 2, "a second six-month report of `nho`");
    assert!(d.message.contains("a.yaml"), "{d}");
    assert_eq!(d.related.len(), 1, "{d}");
    assert_eq!(d.related[0].file, Path::new("p").join("2018/a.yaml"), "{d}");
    // The consolidation refuses to pick one.
    one_error(&p, "2018/tong-hop.yaml", 3, "cannot consolidate");
    // An annual report of the same unit is no duplicate.
    let annual = report("nho", "2018-11-10", 6).replace("six-month", "annual");
    let p = project(&[
        ("2018/plan.yaml", PLAN),
        ("2018/a.yaml", &a),
        ("2018/c.yaml", &annual),
    ]);
    let entry = &p.documents["2018/a.yaml"];
    assert!(compile::check(&entry.text, &entry.path, &p).is_ok());
}

#[test]
fn numerator_larger_than_denominator_is_located() {
    // Nhỏ has 10 communes in the registry.
    let r = report("nho", "2018-05-10", 11);
    let p = project(&[("2018/plan.yaml", PLAN), ("2018/r.yaml", &r)]);
    let d = one_error(
        &p,
        "2018/r.yaml",
        13,
        "the numerator 11 is larger than the denominator 10",
    );
    assert!(d.hint.unwrap().contains("communes"));
    // A denominator given in the report wins over the registry.
    let r =
        report("nho", "2018-05-10", 11).replace("numerator: 11", "numerator: 11, denominator: 12");
    let p = project(&[("2018/plan.yaml", PLAN), ("2018/r.yaml", &r)]);
    let entry = &p.documents["2018/r.yaml"];
    assert!(compile::check(&entry.text, &entry.path, &p).is_ok());
}

#[test]
fn a_report_dated_before_its_period_is_located() {
    let r = report("nho", "2017-12-28", 5);
    let p = project(&[("2018/plan.yaml", PLAN), ("2018/r.yaml", &r)]);
    one_error(&p, "2018/r.yaml", 7, "before the period it reports on");
    let r = report("nho", "2018-05-10", 5)
        .replace("date: 2018-05-10", "date: 2018-05-10\nsent: 2017-12-31");
    let p = project(&[("2018/plan.yaml", PLAN), ("2018/r.yaml", &r)]);
    one_error(&p, "2018/r.yaml", 8, "sent 2017-12-31, before the period");
}

#[test]
fn the_sample_reports_all_check() {
    let project = sample();
    for (key, entry, _) in project.reports() {
        let result = compile::check(&entry.text, &entry.path, &project);
        assert!(result.is_ok(), "{key}: {result:#?}");
    }
}

#[test]
fn status_on_the_sample_tells_the_truth() {
    let out = common::vanban(&common::root())
        .args(["status", "--as-of", "2018-12-01"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let row = |unit: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{unit} ")))
            .unwrap_or_else(|| panic!("no row for {unit}:\n{text}"));
        line.split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .skip(2)
            .map(String::from)
            .collect()
    };
    assert_eq!(row("ttyt-luc-nam"), ["on time", "on time", "on time"]);
    assert_eq!(row("ttyt-luc-ngan"), ["on time", "late (1 day)", "missing"]);
    assert_eq!(row("ttyt-yen-the"), ["missing", "missing", "on time"]);
    assert_eq!(
        row("ttyt-viet-yen"),
        ["on time", "late (7 days)", "on time"]
    );
    assert_eq!(
        row("ttyt-son-dong"),
        ["late (4 days)", "on time", "late (4 days)"]
    );
    assert!(
        text.contains("23 on time, 4 late, 3 missing, 0 not yet due"),
        "{text}"
    );

    // Before the annual deadline, the annual reports are not yet due (the due day included).
    let out = common::vanban(&common::root())
        .args(["status", "--as-of", "2018-11-15", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["as_of"], "2018-11-15");
    let units = json["plans"][0]["units"].as_array().unwrap();
    let luc_ngan = units.iter().find(|u| u["unit"] == "ttyt-luc-ngan").unwrap();
    assert_eq!(luc_ngan["deliverables"][1]["status"], "late");
    assert_eq!(luc_ngan["deliverables"][1]["days_late"], 1);
    assert_eq!(luc_ngan["deliverables"][2]["status"], "not-yet-due");
    let son_dong = units.iter().find(|u| u["unit"] == "ttyt-son-dong").unwrap();
    // Sent on 19/11: on 15/11 it had not been sent yet.
    assert_eq!(son_dong["deliverables"][2]["status"], "not-yet-due");
    assert_eq!(son_dong["deliverables"][2]["sent"], serde_json::Value::Null);
    let viet_yen = units.iter().find(|u| u["unit"] == "ttyt-viet-yen").unwrap();
    assert_eq!(viet_yen["deliverables"][2]["status"], "on-time");
    assert_eq!(viet_yen["deliverables"][2]["sent"], "2018-11-15");
    assert_eq!(
        viet_yen["deliverables"][2]["source"],
        "2018/bao-cao/ca-nam/ttyt-viet-yen.yaml"
    );
}

#[test]
fn status_rejects_a_bad_date() {
    common::vanban(&common::root())
        .args(["status", "--as-of", "2018-13-01"])
        .assert()
        .code(2);
}

// ---------------------------------------------------------------------------------------------
// DOCX: the figures become real tables (borders, bold header row, within the text width).

fn document_xml(docx: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The `<w:tbl>` elements of a document, outermost only (the frame tables hold no tables).
fn tables(xml: &str) -> Vec<&str> {
    xml.split("<w:tbl>")
        .skip(1)
        .filter_map(|t| t.split("</w:tbl>").next())
        .collect()
}

fn grid(table: &str) -> Vec<u32> {
    table
        .split("<w:gridCol w:w=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

fn compile_sample(rel: &str) -> (String, String) {
    let project = sample();
    let path = project.root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let out = compile::compile(&text, &path, &Templates::builtin().unwrap(), &project)
        .unwrap_or_else(|e| panic!("{e:#?}"));
    (out.markdown, document_xml(&out.docx))
}

#[test]
fn report_docx_has_the_unit_frame_and_bordered_tables() {
    let (_, xml) = compile_sample("2018/bao-cao/6-thang/ttyt-viet-yen.yaml");
    for text in [
        "TRUNG TÂM Y TẾ HUYỆN VIỆT YÊN",
        "Số: 40/BC-TTYT",
        "Kính gửi",
        "Sở Y tế (Phòng Nghiệp vụ Y)",
        "Thực hiện Kế hoạch số 25/KH-SYT ngày 05/3/2018 của Sở Y tế",
        "Nguyễn Thị Hương",
    ] {
        assert!(xml.contains(text), "{text} missing from document.xml");
    }
    let t = tables(&xml);
    // Header table, the indicator table, the task table, the closing table.
    assert_eq!(t.len(), 4, "{} tables", t.len());
    for body in &t[1..3] {
        assert!(
            body.contains("<w:insideH w:val=\"single\""),
            "no inner borders"
        );
        assert!(
            body.contains("<w:left w:val=\"single\""),
            "no outer borders"
        );
        let header_row = body.split("</w:tr>").next().unwrap();
        assert!(header_row.contains("<w:b />"), "header row not bold");
        let width: u32 = grid(body).iter().sum();
        assert!(width <= 9355, "table {width} tw wider than the text");
    }
    assert!(t[1].contains("78,9%"));
}

#[test]
fn consolidated_docx_has_its_four_tables() {
    let (_, xml) = compile_sample("2018/bao-cao-tong-hop-6-thang.yaml");
    let t = tables(&xml);
    assert_eq!(
        t.len(),
        6,
        "header, late, indicators, tasks, units, closing"
    );
    assert!(t[1].contains("Chậm 7 ngày"));
    assert!(t[2].contains("51,7%"));
    assert!(t[4].contains("Tổng cộng"));
    for body in &t[1..5] {
        assert!(grid(body).iter().sum::<u32>() <= 9355);
    }
    assert!(xml.contains("KT. GIÁM ĐỐC"));
}

#[test]
fn registry_errors_are_located() {
    let units = "\
units:
  - { id: a, name: A, abbr: TTYT, head: GIÁM ĐỐC, place: X }
  - { id: a, name: B, abbr: TTYT, head: GIÁM ĐỐC, place: Y }
unit_plans:
  2018/plan.yaml: { a: 2018-03-01, zz: 2018-03-02 }
";
    let root = Path::new("p");
    let (_, problems) = Project::from_sources(
        root,
        Some(Source {
            path: root.join("units.yaml"),
            text: units.into(),
        }),
        vec![Source {
            path: root.join("2018/plan.yaml"),
            text: PLAN.into(),
        }],
    );
    let messages: Vec<(Option<usize>, &str)> = problems
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert!(
        messages.contains(&(Some(3), "the unit id `a` is used twice")),
        "{messages:?}"
    );
    assert!(
        messages.contains(&(Some(5), "`unit_plans` names an unknown unit `zz`")),
        "{messages:?}"
    );
}

#[test]
fn reports_and_consolidated_reports_get_the_format_lint_too() {
    let unit_report = report("lon", "2018-05-10", 20)
        .replace("summary: Báo cáo thử", "summary: BÁO CÁO KẾT QUẢ NĂM 2017")
        .replace(
            "  - title: Kết quả\n",
            "  - title: Kết quả\n    text: Đã tổ chức tập tập huấn.\n",
        )
        .replace(
            "signature: { name: B }",
            "signature: { authority: KT, title: TRƯỞNG PHÒNG, name: B }",
        );
    let consolidated = CONSOLIDATED.replace("archive: [VT]", "archive: [NVY]");
    let p = project(&[
        ("2018/plan.yaml", PLAN),
        ("2018/bc/lon.yaml", &unit_report),
        ("2018/tong-hop.yaml", &consolidated),
    ]);
    let warnings = |rel: &str| -> Vec<Diagnostic> {
        let entry = &p.documents[rel];
        compile::check(&entry.text, &entry.path, &p)
            .unwrap_or_else(|e| panic!("{e:#?}"))
            .1
    };
    let w = warnings("2018/bc/lon.yaml");
    let codes: Vec<&str> = w.iter().filter_map(|d| d.code).collect();
    for code in ["VB004", "VB005", "VB006", "VB007"] {
        assert!(codes.contains(&code), "{code} missing from {w:#?}");
    }
    let doubled = w.iter().find(|d| d.code == Some("VB007")).unwrap();
    assert_eq!(doubled.line, Some(11), "{doubled}");
    let w = warnings("2018/tong-hop.yaml");
    assert!(
        w.iter()
            .any(|d| d.code == Some("VB003") && d.message.contains("does not start with VT")),
        "{w:#?}"
    );
    // The samples themselves are clean.
    let sample = sample();
    for (k, e) in &sample.documents {
        if k.contains("bao-cao") {
            let (_, w) = compile::check(&e.text, &e.path, &sample).unwrap();
            assert!(w.is_empty(), "{k}: {w:#?}");
        }
    }
}
