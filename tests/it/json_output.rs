//! `--format json` on every command: each subcommand has the option, and prints one object on
//! stdout with `version`, `command`, `ok`, `errors` and `warnings` both when it succeeds and
//! when it fails, every diagnostic with its file, line, column, severity and rule code; the
//! diagnostics are printed on stderr as text too.

use crate::common;
use common::TempProject;

use std::path::Path;

use clap::CommandFactory;
use serde_json::Value;

/// A copy of the repository's plans folder (the sample plan, its reports, units.yaml).
fn project() -> TempProject {
    TempProject::sample_tree()
}

/// Runs `vanban ARGS --format json` in `dir`: exit status, the object on stdout, stderr.
fn json(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = common::vanban(dir)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "`vanban {}` printed no JSON object ({e}):\n{stdout}",
            args.join(" ")
        )
    });
    let code = out.status.code().unwrap_or(-1);
    (code, v, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The fields every object has, consistent with the exit status.
fn common_fields(v: &Value, command: &str, code: i32) {
    assert_eq!(v["version"], 1, "{v}");
    assert_eq!(v["command"], command, "{v}");
    assert_eq!(v["ok"], code == 0, "exit {code}: {v}");
    for key in ["errors", "warnings"] {
        for d in v[key].as_array().unwrap_or_else(|| panic!("no {key}: {v}")) {
            for field in [
                "severity", "code", "file", "line", "column", "message", "hint",
            ] {
                assert!(d.get(field).is_some(), "{field} missing in {d}");
            }
        }
    }
}

/// The first error, after checking there is one and that stderr shows it too.
fn first_error<'v>(v: &'v Value, stderr: &str) -> &'v Value {
    let e = &v["errors"][0];
    assert!(e.is_object(), "no error: {v}");
    let message = e["message"].as_str().unwrap();
    assert!(
        stderr.contains(message),
        "stderr lacks `{message}`:\n{stderr}"
    );
    e
}

#[test]
fn every_subcommand_takes_format() {
    let cli = vanban::cli::Cli::command();
    let mut names = Vec::new();
    for sub in cli.get_subcommands() {
        names.push(sub.get_name().to_string());
        assert!(
            sub.get_arguments().any(|a| a.get_long() == Some("format")),
            "`vanban {}` has no --format",
            sub.get_name()
        );
    }
    assert!(names.len() >= 12, "{names:?}");
}

#[test]
fn build_and_check_succeed_and_fail_in_json() {
    let dir = project();
    let (code, v, _) = json(dir.path(), &["build"]);
    common_fields(&v, "build", code);
    assert_eq!(code, 0, "{v}");
    let (code, v, _) = json(dir.path(), &["check"]);
    common_fields(&v, "check", code);
    assert_eq!(code, 0, "{v}");
    let bad = dir
        .path()
        .join("plans/2018/ke-hoach-phong-chong-mai-dam.yaml");
    let text = std::fs::read_to_string(&bad).unwrap();
    std::fs::write(&bad, text.replacen("year: 2018", "year: hai nghìn", 1)).unwrap();
    let (code, v, stderr) = json(dir.path(), &["check"]);
    common_fields(&v, "check", code);
    assert_eq!(code, 1);
    first_error(&v, &stderr);
    let line = text
        .lines()
        .position(|l| l.starts_with("year: 2018"))
        .unwrap()
        + 1;
    let e = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["file"] == "plans/2018/ke-hoach-phong-chong-mai-dam.yaml")
        .unwrap_or_else(|| panic!("no error of the plan: {v}"));
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(line as u64), Some(7)),
        "{e}"
    );
}

#[test]
fn next_year_in_json() {
    let dir = project();
    let plan = "plans/2018/ke-hoach-phong-chong-mai-dam.yaml";
    let (code, v, _) = json(dir.path(), &["next-year", plan]);
    common_fields(&v, "next-year", code);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["old_year"], 2018);
    assert_eq!(v["new_year"], 2019);
    let written = v["written"][0].as_str().unwrap();
    assert!(dir.path().join(written).is_file(), "{written}");
    let change = &v["changes"][0];
    assert!(
        change["line"].as_u64().is_some() && change["key"].is_string(),
        "{v}"
    );
    // Again: the draft exists and is not overwritten.
    let (code, v, stderr) = json(dir.path(), &["next-year", plan]);
    common_fields(&v, "next-year", code);
    assert_eq!(code, 1);
    first_error(&v, &stderr);
    assert!(v.get("changes").is_none(), "{v}");
}

#[test]
fn import_in_json() {
    let dir = project();
    let (code, _, _) = json(dir.path(), &["build"]);
    assert_eq!(code, 0);
    let docx = "output/2018/ke-hoach-phong-chong-mai-dam.docx";
    let (code, v, _) = json(dir.path(), &["import", docx]);
    common_fields(&v, "import", code);
    assert_eq!(v["recognised"]["kind"], "plan", "{v}");
    assert!(v["yaml"].as_str().unwrap().contains("kind: plan"), "{v}");
    assert_eq!(v["written"].as_array().unwrap().len(), 0);
    let (code, v, _) = json(dir.path(), &["import", docx, "-o", "plans/x.yaml"]);
    common_fields(&v, "import", code);
    assert_eq!(v["written"][0], "plans/x.yaml");
    assert!(v["yaml"].is_null(), "{v}");
    let (code, v, stderr) = json(dir.path(), &["import", "no-such.docx"]);
    common_fields(&v, "import", code);
    assert_eq!(code, 1);
    assert_eq!(first_error(&v, &stderr)["file"], "no-such.docx");
}

#[test]
fn diff_remind_status_in_json() {
    let dir = project();
    let plan = "plans/2018/ke-hoach-phong-chong-mai-dam.yaml";
    let (code, v, _) = json(dir.path(), &["diff", plan, plan]);
    common_fields(&v, "diff", code);
    assert_eq!(code, 0, "{v}");
    assert!(v["changes"].is_array(), "{v}");
    let (code, v, stderr) = json(dir.path(), &["diff", plan, "plans/none.yaml"]);
    common_fields(&v, "diff", code);
    assert_eq!(first_error(&v, &stderr)["file"], "plans/none.yaml");

    let (code, v, _) = json(dir.path(), &["status", "plans", "--as-of", "2018-12-31"]);
    common_fields(&v, "status", code);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["as_of"], "2018-12-31");
    // A status page that cannot be written is an error of the object, not only of stderr.
    std::fs::write(dir.path().join("a-file"), "").unwrap();
    let args = [
        "status",
        "plans",
        "--as-of",
        "2018-12-31",
        "--html",
        "a-file/page.html",
    ];
    let (code, v, stderr) = json(dir.path(), &args);
    common_fields(&v, "status", code);
    assert_eq!(code, 1, "{v}");
    assert_eq!(first_error(&v, &stderr)["file"], "a-file/page.html");
    assert!(v["plans"].is_array(), "{v}");
    let (code, v, stderr) = json(dir.path(), &["status", "nowhere"]);
    common_fields(&v, "status", code);
    assert_eq!(first_error(&v, &stderr)["file"], "nowhere");

    let args = ["remind", plan, "--as-of", "2018-12-31", "--force"];
    let (code, v, _) = json(dir.path(), &args);
    common_fields(&v, "remind", code);
    assert_eq!(code, 0, "{v}");
    let units = v["units"].as_array().unwrap();
    assert!(!units.is_empty(), "{v}");
    assert!(units[0]["owed"][0]["status"].is_string(), "{v}");
    assert!(dir.path().join(v["written"][0].as_str().unwrap()).is_file());
    let (code, v, stderr) = json(
        dir.path(),
        &["remind", "plans/none.yaml", "--as-of", "2018-12-31"],
    );
    common_fields(&v, "remind", code);
    assert_eq!(code, 1);
    first_error(&v, &stderr);
}

#[test]
fn new_schema_man_completions_watch_in_json() {
    let dir = project();
    let (code, v, _) = json(dir.path(), &["new", "letter", "plans/2019/cong-van.yaml"]);
    common_fields(&v, "new", code);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["document"], "plans/2019/cong-van.yaml");
    let (code, v, stderr) = json(dir.path(), &["new", "letter", "plans/2019/cong-van.txt"]);
    common_fields(&v, "new", code);
    assert_eq!(code, 1);
    first_error(&v, &stderr);

    let (code, v, _) = json(dir.path(), &["schema"]);
    common_fields(&v, "schema", code);
    assert!(v["schema"]["$schema"].is_string(), "{v}");
    let (code, v, _) = json(dir.path(), &["schema", "--out", "schema"]);
    common_fields(&v, "schema", code);
    assert!(v["written"].as_array().unwrap().len() >= 3, "{v}");
    std::fs::write(dir.path().join("a-file"), "").unwrap();
    let (code, v, stderr) = json(dir.path(), &["man", "--out", "a-file"]);
    common_fields(&v, "man", code);
    assert_eq!(code, 1);
    first_error(&v, &stderr);
    let (code, v, _) = json(dir.path(), &["man"]);
    common_fields(&v, "man", code);
    assert!(v["page"].as_str().unwrap().contains(".TH"), "{v}");
    let (code, v, _) = json(dir.path(), &["completions", "bash"]);
    common_fields(&v, "completions", code);
    assert!(v["script"].as_str().unwrap().contains("vanban"), "{v}");

    // A watch prints one object a line (JSON Lines) per rebuild, the first at once.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(dir.path())
        .args(["watch", "plans", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(std::time::Duration::from_secs(120));
    let _ = child.kill();
    let _ = child.wait();
    let line = line.expect("the first rebuild's line within two minutes");
    let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    common_fields(&v, "watch", 0);
    assert!(v["documents"].as_u64().unwrap() >= 4, "{v}");
    assert!(!v["built"].as_array().unwrap().is_empty(), "{v}");
}
