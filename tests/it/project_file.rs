//! The project root and `vanban.toml`: found from any subfolder, as cargo finds `Cargo.toml`;
//! without one, today's defaults hold; the department's defaults fill what documents leave out.

use crate::common;

use common::*;

#[test]
fn a_subfolder_of_the_plans_folder_checks_without_false_errors() {
    let dir = TempProject::sample_tree();
    let sub = dir.path().join("plans/2018");
    for args in [&["check", "."][..], &["check"], &["check", "bao-cao"]] {
        let (code, stdout, stderr) = run(&sub, args);
        assert_eq!(code, 0, "{args:?}\n{stdout}\n{stderr}");
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
        assert!(stdout.contains(" 0 failed"), "{args:?}: {stdout}");
    }
    // From deeper still, one report: its plan and the registry are found.
    let deeper = sub.join("bao-cao/6-thang");
    let (code, _, stderr) = run(&deeper, &["check", "cdc.yaml"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_build_from_a_subfolder_writes_where_a_build_from_the_root_does() {
    let dir = TempProject::sample_tree();
    let (code, _, stderr) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let sub = dir.path().join("plans/2018");
    let (code, stdout, stderr) = run(&sub, &["build", "--check"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains(" fresh, 0 stale or missing output(s), 0 orphaned, 0 failed"),
        "{stdout}"
    );
    assert!(
        !sub.join("output").exists(),
        "no output/ inside the plans folder"
    );
}

#[test]
fn the_project_file_gives_folders_and_defaults() {
    let dir = TempProject::new();
    dir.write(
        "vanban.toml",
        r#"[folders]
plans = "van-ban"
output = "ra"

[defaults]
place = "Bắc Giang"
archive = ["VT", "NVY"]
issuer = { parent = "UBND TỈNH BẮC GIANG", name = "SỞ Y TẾ", abbr = "SYT", office = "NVY" }
"#,
    );
    let plans = dir.path().join("van-ban/2019");
    std::fs::create_dir_all(&plans).unwrap();
    let plan = "kind: plan
year: 2019
summary: Kế hoạch tập huấn năm 2019
sections:
  - title: MỤC ĐÍCH, YÊU CẦU
    text: Nâng cao năng lực.
signature: { title: GIÁM ĐỐC, name: Trần Văn Sinh }
";
    std::fs::write(plans.join("a.yaml"), plan).unwrap();
    // From the project folder and from inside the plans folder alike.
    let (code, stdout, stderr) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let md = std::fs::read_to_string(dir.path().join("ra/2019/a.md")).unwrap();
    assert!(md.contains("SỞ Y TẾ") && md.contains("Bắc Giang"), "{md}");
    assert!(md.contains("Lưu: VT, NVY"), "{md}");
    let (code, stdout, stderr) = run(&plans, &["build", "--check"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // What a document writes wins over the defaults.
    std::fs::write(plans.join("a.yaml"), format!("{plan}place: Lục Nam\n")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let md = std::fs::read_to_string(dir.path().join("ra/2019/a.md")).unwrap();
    assert!(md.contains("Lục Nam"), "{md}");
    // Written with a quoted key, it is still written: the line search this replaces did not
    // see `"place":`, added the default's `place:` too, and the document failed on the key
    // given twice. A `place:` inside a block scalar is no key: the default is added.
    std::fs::write(plans.join("a.yaml"), format!("{plan}\"place\": Lục Nam\n")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let md = std::fs::read_to_string(dir.path().join("ra/2019/a.md")).unwrap();
    assert!(md.contains("Lục Nam"), "{md}");
    let in_block = plan.replace(
        "    text: Nâng cao năng lực.\n",
        "    text: |\n      Nâng cao năng lực.\n      place: x\n",
    );
    assert_ne!(in_block, plan);
    std::fs::write(plans.join("a.yaml"), &in_block).unwrap();
    let (code, _, stderr) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let md = std::fs::read_to_string(dir.path().join("ra/2019/a.md")).unwrap();
    assert!(md.contains("Bắc Giang"), "{md}");
}

#[test]
fn a_bad_project_file_is_located() {
    let dir = TempProject::new();
    dir.write("vanban.toml", "[folders]\nplan = \"x\"\n");
    std::fs::create_dir_all(dir.path().join("plans")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("vanban.toml:2:1"), "{stderr}");
}

#[test]
fn a_document_written_as_one_flow_mapping_takes_the_defaults_too() {
    let dir = TempProject::new();
    dir.write(
        "vanban.toml",
        "[defaults]\nplace = \"Bắc Giang\"\narchive = [\"VT\", \"NVY\"]\nissuer = { parent = \"UBND TỈNH BẮC GIANG\", name = \"SỞ Y TẾ\", abbr = \"SYT\", office = \"NVY\" }\n",
    );
    // As JSON (a tool's output), and as a YAML flow mapping.
    let json = r#"{
  "kind": "plan",
  "number": 12,
  "date": "2019-03-05",
  "year": 2019,
  "summary": "Kế hoạch tập huấn năm 2019",
  "sections": [{"title": "MỤC ĐÍCH, YÊU CẦU", "text": "Nâng cao năng lực."}],
  "signature": {"title": "GIÁM ĐỐC", "name": "Trần Văn Sinh"}
}
"#;
    dir.write("plans/2019/a.yaml", json);
    dir.write(
        "plans/2019/b.yaml",
        "{kind: plan, number: 13, date: 2019-03-06, year: 2019, summary: Kế hoạch khác,\n sections: [{title: A, text: B.}], signature: {title: GIÁM ĐỐC, name: Trần Văn Sinh}}\n",
    );
    let (code, stdout, stderr) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for md in ["output/2019/a.md", "output/2019/b.md"] {
        let md = std::fs::read_to_string(dir.path().join(md)).unwrap();
        assert!(md.contains("SỞ Y TẾ") && md.contains("Bắc Giang"), "{md}");
        assert!(md.contains("Lưu: VT, NVY"), "{md}");
    }
    // What the document writes wins, and an error in it is where it is written.
    let wrong = json.replace("\"year\": 2019,", "\"year\": 2019, \"plase\": \"Huế\",");
    dir.write("plans/2019/a.yaml", &wrong);
    let (code, _, stderr) = run(dir.path(), &["check", "plans/2019/a.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("plans/2019/a.yaml:5:17: unknown key `plase`"),
        "{stderr}"
    );
}
