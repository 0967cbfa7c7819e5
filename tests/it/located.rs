//! Errors where a key repeats are located at their own node, with a second place where two
//! places matter. `tests/fixtures/located/` is a project whose registry repeats `id:` and
//! `abbr:` under every unit, names the same unknown unit under two plans, and whose two plans
//! share a number (written on different lines). `expected.txt.snap` and `expected.json.snap` lock
//! what `vanban check` prints (snapshots: `INSTA_UPDATE=always cargo test located` rewrites them;
//! review the diff); `build` must say the same.

use std::path::Path;

use assert_cmd::Command;

const PLANS: &str = "tests/fixtures/located/plans";

fn vanban(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("vanban")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn locked(name: &str, actual: &str) {
    golden!(Path::new("tests/fixtures/located").join(name), actual);
}

#[test]
fn repeated_keys_are_located_at_their_own_node() {
    let (code, _, stderr) = vanban(&["check", PLANS]);
    assert_eq!(code, Some(1), "{stderr}");
    let units = format!("{PLANS}/units.yaml");
    for (at, what) in [
        // the second unit's `abbr:` (line 12), not its `id:` (line 10)
        ("12:5", "the unit `ttyt-b` has no usable `abbr`"),
        // the second `id: ttyt-a` (line 20), with the first as the second place
        ("20:5", "the unit id `ttyt-a` is used twice"),
        // `ttyt-z` under each plan, each at its own line (a text search found line 28 twice)
        ("28:5", "`unit_plans` names an unknown unit `ttyt-z`"),
        ("31:5", "`unit_plans` names an unknown unit `ttyt-z`"),
        (
            "32:3",
            "`unit_plans` names an unknown plan `2018/khong-co.yaml`",
        ),
    ] {
        let line = format!("error: {units}:{at}: {what}");
        assert!(stderr.contains(&line), "no `{line}` in\n{stderr}");
    }
    assert!(
        stderr.contains(&format!("  = also: {units}:5:5: first used here")),
        "{stderr}"
    );
    // The duplicate number: each document's error points at its own `number:` and, as the
    // second place, at the other's.
    let (a, b) = (
        format!("{PLANS}/2018/ke-hoach.yaml"),
        format!("{PLANS}/2018/ke-hoach-2.yaml"),
    );
    for (mine, theirs) in [
        (format!("{a}:4:1"), format!("{b}:13:1")),
        (format!("{b}:13:1"), format!("{a}:4:1")),
    ] {
        let primary = format!("error: {mine}: the number 03/KH-SYT of 2018 is also used by");
        let second = format!("  = also: {theirs}: 03/KH-SYT is given here too");
        let at = stderr
            .find(&primary)
            .unwrap_or_else(|| panic!("no `{primary}` in\n{stderr}"));
        let next = stderr[at + 1..]
            .find("error:")
            .map_or(stderr.len(), |n| at + 1 + n);
        assert!(
            stderr[at..next].contains(&second),
            "no `{second}` in\n{stderr}"
        );
    }
    locked("expected.txt", &stderr);
}

#[test]
fn json_carries_the_second_places() {
    let (code, stdout, _) = vanban(&["check", PLANS, "--format", "json"]);
    assert_eq!(code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    let dup = errors
        .iter()
        .find(|e| e["message"] == "the unit id `ttyt-a` is used twice")
        .unwrap();
    assert_eq!(dup["line"], 20);
    assert_eq!(
        dup["related"],
        serde_json::json!([{"file": format!("{PLANS}/units.yaml"), "line": 5, "column": 5, "message": "first used here"}])
    );
    let abbr = errors
        .iter()
        .find(|e| e["message"] == "the unit `ttyt-b` has no usable `abbr`")
        .unwrap();
    assert!(abbr.get("related").is_none(), "one place: no `related`");
    locked("expected.json", &stdout);
}

#[test]
fn build_says_what_check_says() {
    let out = tempfile::tempdir().unwrap();
    let (code, _, build) = vanban(&["build", PLANS, "--out", &out.path().to_string_lossy()]);
    let (_, _, check) = vanban(&["check", PLANS]);
    assert_eq!(code, Some(1), "{build}");
    let errors = |s: &str| -> Vec<String> {
        s.split("\nerror: ")
            .filter(|e| e.contains(".yaml:"))
            .map(|e| e.trim_start_matches("error: ").to_string())
            .collect()
    };
    assert_eq!(errors(&build), errors(&check));
}
