//! Batch builds through the binary: reproducible bytes across runs, --jobs and time zones;
//! --check; incremental rebuilds; orphans; one bad document does not stop the batch.

use crate::common;
use common::{vanban, TempProject};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// A plans folder with `n` copies of the sample plan under different names and years' folders.
fn corpus(n: usize) -> TempProject {
    let p = TempProject::new();
    for i in 0..n {
        p.sample_plan(&format!("plans/d{}/plan-{i:03}.yaml", i % 3), i as u32 + 1);
    }
    p
}

/// `vanban build --format json` in `dir`, which must succeed: its summary.
fn built(dir: &Path) -> serde_json::Value {
    let out = vanban(dir)
        .args(["build", "--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn hashes(out: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            let h: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            (e.path().strip_prefix(out).unwrap().to_path_buf(), h)
        })
        .collect()
}

#[test]
fn same_inputs_give_the_same_bytes_across_runs_jobs_and_time_zones() {
    let dir = corpus(12);
    vanban(dir.path())
        .args(["build", "plans", "--out", "a", "--jobs", "1"])
        .env("TZ", "UTC")
        .assert()
        .success();
    vanban(dir.path())
        .args(["build", "plans", "--out", "b", "--jobs", "4"])
        .env("TZ", "Asia/Ho_Chi_Minh")
        .assert()
        .success();
    vanban(dir.path())
        .args(["build", "plans", "--out", "c", "--force"])
        .env("TZ", "America/New_York")
        .assert()
        .success();
    let a = hashes(&dir.path().join("a"));
    assert_eq!(a.len(), 24, "12 documents, two files each");
    assert_eq!(
        a,
        hashes(&dir.path().join("b")),
        "--jobs 1 and --jobs 4 differ"
    );
    assert_eq!(a, hashes(&dir.path().join("c")), "a second run differs");
    // Documents differ from each other only where their inputs do.
    let distinct: std::collections::BTreeSet<&String> = a.values().collect();
    assert_eq!(distinct.len(), 24);
}

#[test]
fn check_lists_stale_missing_and_orphaned_outputs_and_exits_1() {
    let dir = corpus(3);
    vanban(dir.path()).args(["build"]).assert().success();
    vanban(dir.path())
        .args(["build", "--check"])
        .assert()
        .success();

    let out = dir.path().join("output");
    std::fs::write(out.join("d0/plan-000.md"), "edited by hand\n").unwrap();
    std::fs::remove_file(out.join("d1/plan-001.docx")).unwrap();
    // An input deleted: its recorded outputs are orphans. A file of the user's is not.
    std::fs::remove_file(dir.path().join("plans/d2/plan-002.yaml")).unwrap();
    std::fs::write(out.join("d2/notes.md"), b"mine").unwrap();
    let before = hashes(&out);
    let assert = vanban(dir.path())
        .args(["build", "--check"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("stale: output/d0/plan-000.md"), "{stdout}");
    assert!(
        stdout.contains("missing: output/d1/plan-001.docx"),
        "{stdout}"
    );
    assert!(
        stdout.contains("orphaned: output/d2/plan-002.docx"),
        "{stdout}"
    );
    assert!(
        stdout.contains("orphaned: output/d2/plan-002.md"),
        "{stdout}"
    );
    assert!(!stdout.contains("notes.md"), "{stdout}");
    assert_eq!(before, hashes(&out), "--check wrote something");

    // A build repairs all three, and the check passes again.
    vanban(dir.path()).args(["build"]).assert().success();
    assert!(
        !out.join("d2/plan-002.docx").exists(),
        "the orphan is removed"
    );
    assert_eq!(std::fs::read(out.join("d2/notes.md")).unwrap(), b"mine");
    vanban(dir.path())
        .args(["build", "--check"])
        .assert()
        .success();
}

#[test]
fn a_rebuild_with_nothing_changed_writes_nothing_and_a_change_rebuilds_one_document() {
    let dir = corpus(4);
    built(dir.path());
    let s = built(dir.path());
    assert_eq!(
        (s["built"].as_u64(), s["unchanged"].as_u64()),
        (Some(0), Some(4)),
        "{s}"
    );

    let f = dir.path().join("plans/d1/plan-001.yaml");
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("Trần Văn Sinh", "Nguyễn Văn A");
    std::fs::write(&f, text).unwrap();
    let s = built(dir.path());
    assert_eq!(
        (s["built"].as_u64(), s["unchanged"].as_u64()),
        (Some(1), Some(3)),
        "{s}"
    );
    assert_eq!(s["written"].as_array().map(Vec::len), Some(2));

    // A template change rebuilds everything; --force too.
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/plan.md"),
        "{% extends \"builtin/plan.md\" %}\n",
    )
    .unwrap();
    let s = built(dir.path());
    assert_eq!(
        s["unchanged"].as_u64(),
        Some(4),
        "same output bytes: rebuilt but nothing written: {s}"
    );
    let out = vanban(dir.path())
        .args(["build", "--force", "--format", "json"])
        .assert()
        .success();
    let s: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        s["written"].as_array().map(Vec::len),
        Some(0),
        "forced, but the bytes are the same: {s}"
    );
}

#[test]
fn outputs_deleted_or_edited_by_hand_are_made_again_and_nothing_else() {
    let dir = corpus(4);
    vanban(dir.path()).args(["build"]).assert().success();
    let out = dir.path().join("output");
    let before = hashes(&out);
    // One output deleted, one appended to in place, one rewritten.
    std::fs::remove_file(out.join("d0/plan-000.md")).unwrap();
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(out.join("d1/plan-001.docx"))
            .unwrap();
        f.write_all(b"x").unwrap();
    }
    std::fs::write(out.join("d2/plan-002.md"), "edited by hand\n").unwrap();
    let s = built(dir.path());
    assert_eq!(
        (s["built"].as_u64(), s["unchanged"].as_u64()),
        (Some(3), Some(1)),
        "{s}"
    );
    assert_eq!(s["written"].as_array().map(Vec::len), Some(3), "{s}");
    assert_eq!(hashes(&out), before);
}

#[test]
fn an_edit_and_an_output_deleted_by_hand_rebuild_both_in_input_order_as_a_cold_build() {
    // An edited document is built while the outputs of the others are stat-ed; one whose
    // output was deleted is found by those stats and built after. Both in input order.
    let dir = corpus(6);
    vanban(dir.path()).args(["build"]).assert().success();
    let out = dir.path().join("output");
    let edit = |p: &Path| {
        let f = p.join("plans/d2/plan-005.yaml");
        let text = std::fs::read_to_string(&f)
            .unwrap()
            .replace("Trần Văn Sinh", "Nguyễn Văn A");
        std::fs::write(&f, text).unwrap();
    };
    edit(dir.path());
    std::fs::remove_file(out.join("d0/plan-000.md")).unwrap();
    let s = built(dir.path());
    assert_eq!(
        (s["built"].as_u64(), s["unchanged"].as_u64()),
        (Some(2), Some(4)),
        "{s}"
    );
    let written: Vec<String> = s["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().replace('\\', "/"))
        .collect();
    let tail = |w: &String| w.rsplit("output/").next().unwrap_or("").to_string();
    assert_eq!(
        written.iter().map(tail).collect::<Vec<_>>(),
        ["d0/plan-000.md", "d2/plan-005.md", "d2/plan-005.docx"],
        "{s}"
    );
    let cold = corpus(6);
    edit(cold.path());
    vanban(cold.path()).args(["build"]).assert().success();
    assert_eq!(hashes(&out), hashes(&cold.path().join("output")));
    vanban(dir.path())
        .args(["build", "--check"])
        .assert()
        .success();
}

/// Every file under `dir`'s `plans/` (its documents and registry), by path from it.
fn plan_files(dir: &Path) -> Vec<PathBuf> {
    let plans = dir.join("plans");
    walkdir::WalkDir::new(&plans)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&plans).unwrap().to_path_buf())
        .collect()
}

/// A seeded pseudo-random choice of `0..n` (a 64-bit LCG): the same rounds on every run.
fn chooser(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n.max(1)
    }
}

/// Rebuilds `dir` (no document may fail), then demands every output be what a cold build of
/// a copy of its plans makes, and `build --check` pass. `what` names the edits in a failure.
fn rebuild_is_a_cold_build(dir: &TempProject, what: &str) {
    let s = built(dir.path());
    assert_eq!(s["failed"].as_u64(), Some(0), "{what}: {s}");
    let cold = TempProject::new();
    for rel in plan_files(dir.path()) {
        let text = std::fs::read_to_string(dir.path().join("plans").join(&rel)).unwrap();
        cold.write(&format!("plans/{}", rel.display()), &text);
    }
    built(cold.path());
    assert_eq!(
        hashes(&dir.path().join("output")),
        hashes(&cold.path().join("output")),
        "{what}"
    );
    vanban(dir.path())
        .args(["build", "--check"])
        .assert()
        .success();
}

#[test]
fn rebuilds_after_random_edits_give_what_a_cold_build_of_the_same_plans_gives() {
    // Rounds of one to three edits of the YAML and of the outputs (a comment added, a signer
    // or a number changed, an output deleted or appended to in place, a document deleted or
    // added), each followed by a rebuild, whose outputs must be those a cold build of a copy
    // of the plans makes, and after which `build --check` finds everything fresh.
    let dir = corpus(9);
    built(dir.path());
    let out = dir.path().join("output");
    let mut next = chooser(0x5eed_2026);
    let mut fresh_number = 100;
    for round in 0..8 {
        let mut did = Vec::new();
        for _ in 0..1 + next(3) {
            let files = plan_files(dir.path());
            let pick = files[next(files.len())].clone();
            let yaml = dir.path().join("plans").join(&pick);
            let stem = pick.with_extension("");
            let output = |x: &str| out.join(format!("{}.{x}", stem.display()));
            match next(7) {
                0 => {
                    let text = std::fs::read_to_string(&yaml).unwrap();
                    std::fs::write(&yaml, format!("{text}# vòng {round}\n")).unwrap();
                }
                1 => {
                    let text = std::fs::read_to_string(&yaml).unwrap();
                    let to = format!("Nguyễn Văn {round}");
                    let text = text.replacen("Trần Văn Sinh", &to, 1);
                    std::fs::write(&yaml, text).unwrap();
                }
                2 => {
                    fresh_number += 1;
                    let text = std::fs::read_to_string(&yaml).unwrap();
                    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                    if let Some(l) = lines.iter_mut().find(|l| l.starts_with("number: ")) {
                        *l = format!("number: {fresh_number}");
                    }
                    std::fs::write(&yaml, lines.join("\n") + "\n").unwrap();
                }
                3 => {
                    let _ = std::fs::remove_file(output(["md", "docx"][next(2)]));
                }
                4 => {
                    use std::io::Write;
                    if let Ok(mut f) = std::fs::OpenOptions::new()
                        .append(true)
                        .open(output(["md", "docx"][next(2)]))
                    {
                        f.write_all(b"x").unwrap();
                    }
                }
                5 if files.len() > 3 => std::fs::remove_file(&yaml).unwrap(),
                _ => {
                    fresh_number += 1;
                    dir.sample_plan(
                        &format!("plans/d{}/new-{round}-{fresh_number}.yaml", next(4)),
                        fresh_number,
                    );
                }
            }
            did.push(pick);
        }
        rebuild_is_a_cold_build(&dir, &format!("round {round} ({did:?})"));
    }
}

#[test]
fn rebuilds_of_the_sample_tree_after_random_edits_give_what_a_cold_build_gives() {
    // The same over the sample's plans folder, whose reports read the plan, the registry and
    // each other (their keys cover what they read): a figure or a date of a unit report
    // changed, a comment added to any file (the registry too), a unit report deleted, an
    // output deleted.
    let dir = TempProject::sample_tree();
    built(dir.path());
    let out = dir.path().join("output");
    let mut next = chooser(0x0bac_ca0e);
    for round in 0..8 {
        let mut did = Vec::new();
        for _ in 0..1 + next(2) {
            let files = plan_files(dir.path());
            let reports: Vec<&PathBuf> = files
                .iter()
                .filter(|f| f.starts_with("2018/bao-cao"))
                .collect();
            let report = reports[next(reports.len())].clone();
            let any = files[next(files.len())].clone();
            let path = |rel: &Path| dir.path().join("plans").join(rel);
            let action = next(5);
            let target = match action {
                0 => {
                    let text = std::fs::read_to_string(path(&report)).unwrap();
                    let n = 1 + next(400);
                    let text = match text.find("people: ") {
                        Some(at) => {
                            let end = at
                                + 8
                                + text[at + 8..]
                                    .find(|c: char| !c.is_ascii_digit())
                                    .unwrap_or(0);
                            format!("{}people: {n}{}", &text[..at], &text[end..])
                        }
                        None => text,
                    };
                    std::fs::write(path(&report), text).unwrap();
                    report
                }
                1 => {
                    let text = std::fs::read_to_string(path(&report)).unwrap();
                    let day = 1 + next(28);
                    let lines: Vec<String> = text
                        .lines()
                        .map(|l| match l.strip_prefix("date: ") {
                            Some(d) if d.len() == 10 => format!("date: {}{day:02}", &d[..8]),
                            _ => l.to_string(),
                        })
                        .collect();
                    std::fs::write(path(&report), lines.join("\n") + "\n").unwrap();
                    report
                }
                2 => {
                    let rel = if next(4) == 0 {
                        PathBuf::from("units.yaml")
                    } else {
                        any
                    };
                    let text = std::fs::read_to_string(path(&rel)).unwrap();
                    std::fs::write(path(&rel), format!("{text}# vòng {round}\n")).unwrap();
                    rel
                }
                3 if reports.len() > 12 => {
                    std::fs::remove_file(path(&report)).unwrap();
                    report
                }
                _ => {
                    let x = ["md", "docx"][next(2)];
                    let _ = std::fs::remove_file(
                        out.join(format!("{}.{x}", any.with_extension("").display())),
                    );
                    any
                }
            };
            did.push((action, target));
        }
        rebuild_is_a_cold_build(&dir, &format!("round {round} ({did:?})"));
    }
}

/// The `f` records of the manifest: each folder under the output folder (with a final `/`)
/// and the change time it was trusted at (0: listed again next time).
fn folder_records(out: &Path) -> BTreeMap<String, u64> {
    let bytes = std::fs::read(out.join(".vanban-manifest.json")).unwrap();
    let m = vanban::build::manifest_text(&bytes).expect("a manifest");
    m.lines()
        .filter_map(|l| l.strip_prefix("f\t"))
        .filter_map(|l| {
            let (rel, stamp) = l.split_once('\t')?;
            Some((rel.to_string(), stamp.parse().ok()?))
        })
        .collect()
}

#[test]
fn a_folder_not_listed_again_still_shows_what_was_added_to_it_by_hand() {
    let dir = corpus(4);
    let out = dir.path().join("output");
    vanban(dir.path()).args(["build"]).assert().success();
    // Just written: their times are not settled yet, so the folders are listed next time.
    let f = folder_records(&out);
    assert_eq!(f.get("d1/"), Some(&0), "{f:?}");
    // A folder is trusted once its time is 2 s old when a build lists it.
    std::thread::sleep(std::time::Duration::from_millis(2200));
    vanban(dir.path()).args(["build"]).assert().success();
    let f = folder_records(&out);
    assert!(f["d0/"] > 0 && f["d1/"] > 0 && f["d2/"] > 0, "{f:?}");
    // By hand, in folders the next build would not list: a pair of outputs no input makes
    // (the folder's modification time then set back as it was: its change time still
    // moves), and a temporary file of a killed build.
    let d1 = out.join("d1");
    let mtime = std::fs::metadata(&d1).unwrap().modified().unwrap();
    std::fs::write(d1.join("extra.md"), "x").unwrap();
    std::fs::write(d1.join("extra.docx"), "x").unwrap();
    std::fs::File::open(&d1)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(std::fs::metadata(&d1).unwrap().modified().unwrap(), mtime);
    let temp = out.join("d0/.plan-000.md.vanban-4194999-0123456789abcdef.tmp");
    std::fs::write(&temp, "half").unwrap();
    for _ in 0..2 {
        let run = vanban(dir.path()).args(["build"]).assert().success();
        let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        assert!(
            stderr.contains("extra.md: no input makes this output"),
            "{stderr}"
        );
        assert!(!temp.exists());
        // A folder where something was found stays listed.
        assert_eq!(folder_records(&out).get("d1/"), Some(&0));
    }
    // The untouched folder is still trusted; `--check` trusts no record.
    assert!(folder_records(&out)["d2/"] > 0);
    std::fs::write(out.join("d2/more.md"), "x").unwrap();
    std::fs::write(out.join("d2/more.docx"), "x").unwrap();
    let run = vanban(dir.path())
        .args(["build", "--check"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("more.md: no input makes this output"),
        "{stderr}"
    );
}

/// Changes `path`'s bytes but not its size or modification time: a build trusts a file whose
/// stamp is as its manifest records, so only a build that ignores its manifest (or reads
/// the file) puts the output back. Returns the bytes it had.
fn tamper_keeping_the_stamp(path: &Path) -> Vec<u8> {
    let before = std::fs::read(path).unwrap();
    let mtime = std::fs::metadata(path).unwrap().modified().unwrap();
    let mut bytes = before.clone();
    let at = bytes.iter().position(u8::is_ascii_lowercase).unwrap();
    bytes[at] = bytes[at].to_ascii_uppercase();
    std::fs::write(path, &bytes).unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    before
}

const MANIFEST: &str = "output/.vanban-manifest.json";

#[test]
fn a_damaged_manifest_is_no_manifest_every_document_is_built_again() {
    let dir = corpus(4);
    vanban(dir.path()).args(["build"]).assert().success();
    let out = dir.path().join("output");
    let good = std::fs::read(dir.path().join(MANIFEST)).unwrap();
    assert!(good.starts_with(b"vanban-manifest\t6\n"));
    let md = out.join("d1/plan-001.md");
    // The manifest intact: the output changed under its recorded stamp is trusted (so the
    // test can tell a manifest read from one ignored).
    let original = tamper_keeping_the_stamp(&md);
    vanban(dir.path()).args(["build"]).assert().success();
    assert_ne!(
        std::fs::read(&md).unwrap(),
        original,
        "the manifest was read"
    );
    let half = good.len() / 2;
    let mut flipped = good.clone();
    flipped[half] ^= 0x10;
    let mut last = good.clone();
    *last.last_mut().unwrap() ^= 1;
    for (what, bytes) in [
        ("cut in half", good[..half].to_vec()),
        ("one byte short", good[..good.len() - 1].to_vec()),
        ("a bit flipped", flipped),
        ("its checksum's last bit flipped", last),
        ("zeros", vec![0; good.len()]),
        ("empty", Vec::new()),
    ] {
        std::fs::write(dir.path().join(MANIFEST), &bytes).unwrap();
        tamper_keeping_the_stamp(&md);
        let (code, stdout, stderr) = common::run(dir.path(), &["build", "--format", "json"]);
        assert_eq!(code, 0, "{what}: {stderr}");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
        let s: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(s["documents"].as_u64(), Some(4), "{what}: {s}");
        assert_eq!(
            std::fs::read(&md).unwrap(),
            original,
            "{what}: built again, the output is what its input makes"
        );
        // A whole manifest again (the same records as the first one wrote).
        let again = std::fs::read(dir.path().join(MANIFEST)).unwrap();
        let docs = |b: &[u8]| -> Vec<String> {
            let text = vanban::build::manifest_text(b).expect("a manifest");
            text.lines()
                .filter(|l| l.starts_with("d\t"))
                .map(String::from)
                .collect()
        };
        let (now, first) = (docs(&again), docs(&good));
        assert_eq!(now.len(), 4, "{what}");
        // The tampered output's stamp changed when it was written back.
        let same = now.iter().zip(&first).filter(|(a, b)| a == b).count();
        assert_eq!(same, 3, "{what}: {now:#?}\n{first:#?}");
    }
}

#[test]
fn a_manifest_of_version_5_is_read_whole_an_upgrade_rebuilds_nothing() {
    let dir = corpus(4);
    vanban(dir.path()).args(["build"]).assert().success();
    let v6 = std::fs::read(dir.path().join(MANIFEST)).unwrap();
    let v5 = vanban::build::manifest_text(&v6).unwrap();
    assert!(v5.starts_with("vanban-manifest\t5\t"), "{v5}");
    assert_eq!(
        v5.lines().filter(|l| l.starts_with("d\t")).count(),
        4,
        "{v5}"
    );
    std::fs::write(dir.path().join(MANIFEST), &v5).unwrap();
    // Read whole: a rebuild would put this output back.
    let md = dir.path().join("output/d2/plan-002.md");
    let original = tamper_keeping_the_stamp(&md);
    let (code, stdout, stderr) = common::run(dir.path(), &["build", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let s: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (s["built"].as_u64(), s["unchanged"].as_u64()),
        (Some(0), Some(4)),
        "{s}"
    );
    assert_ne!(std::fs::read(&md).unwrap(), original, "nothing built again");
    // Written again in version 6, with the same records.
    let now = std::fs::read(dir.path().join(MANIFEST)).unwrap();
    assert!(now.starts_with(b"vanban-manifest\t6\n"));
    let docs = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.starts_with("f\t"))
            .map(String::from)
            .collect()
    };
    assert_eq!(
        docs(&vanban::build::manifest_text(&now).unwrap()),
        docs(&v5)
    );
}

#[test]
fn a_bad_document_fails_alone_and_keeps_its_previous_outputs() {
    let dir = corpus(3);
    vanban(dir.path()).args(["build"]).assert().success();
    let out = dir.path().join("output");
    let good = std::fs::read(out.join("d1/plan-001.docx")).unwrap();
    std::fs::write(
        dir.path().join("plans/d1/plan-001.yaml"),
        "kind: plan\nsumary: x\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plans/d0/new.yaml"),
        "kind: plan\nyear: [\n",
    )
    .unwrap();
    let f = dir.path().join("plans/d2/plan-002.yaml");
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("Trần Văn Sinh", "Nguyễn Văn B");
    std::fs::write(&f, text).unwrap();

    let assert = vanban(dir.path()).args(["build"]).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("plans/d1/plan-001.yaml:2:1: unknown key `sumary`"),
        "{stderr}"
    );
    assert!(stderr.contains("plans/d0/new.yaml:"), "{stderr}");
    assert_eq!(
        std::fs::read(out.join("d1/plan-001.docx")).unwrap(),
        good,
        "the previous good output is kept"
    );
    assert!(
        !out.join("d0/new.docx").exists() && !out.join("d0/new.md").exists(),
        "no partial output"
    );
    let md = std::fs::read_to_string(out.join("d2/plan-002.md")).unwrap();
    assert!(
        md.contains("Nguyễn Văn B"),
        "the rest of the batch still builds"
    );
    let leftovers: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn shards_split_the_batch_without_overlap() {
    let dir = corpus(5);
    let mut all = BTreeMap::new();
    for i in 1..=2 {
        let shard = format!("{i}/2");
        vanban(dir.path())
            .args(["build", "--shard", &shard, "--out", &format!("s{i}")])
            .assert()
            .success();
        let h = hashes(&dir.path().join(format!("s{i}")));
        assert!(!h.is_empty());
        for (k, v) in h {
            assert!(all.insert(k, v).is_none(), "a document is in both shards");
        }
    }
    vanban(dir.path())
        .args(["build", "--out", "whole"])
        .assert()
        .success();
    assert_eq!(all, hashes(&dir.path().join("whole")));
    vanban(dir.path())
        .args(["build", "--shard", "3/2"])
        .assert()
        .code(2);
}

#[test]
fn the_quick_number_key_agrees_with_the_parsed_document_on_every_sample() {
    let inputs = vanban::load::discover(&[common::root().join("plans")]).unwrap();
    assert!(inputs.len() > 10);
    let mut signed = 0;
    for i in inputs {
        let text = vanban::load::read_text(&i.path).unwrap();
        let doc = vanban::load::parse(&text, &i.path).unwrap();
        let full = vanban::validate::number_key(&doc);
        signed += usize::from(full.is_some());
        assert_eq!(
            vanban::validate::quick_number_key(&text),
            Some(full),
            "{}",
            i.path.display()
        );
    }
    assert!(signed > 10, "the samples are mostly signed");
    // A draft (no date) and a report without a number have no key; a broken head says so.

    assert_eq!(
        vanban::validate::quick_number_key("kind: plan\nnumber: 3\nissuer: { abbr: SYT }\n"),
        Some(None)
    );
    assert_eq!(
        vanban::validate::quick_number_key("kind: plan\nnumber: [\n"),
        None
    );
}

/// The number key is read as YAML reads the document, whatever the spelling: the line scanner
/// it replaces read quoted and explicit keys as no number at all (so a number used twice went
/// unnoticed), and a `number:` in a comment, a block scalar or a body value is not one.
#[test]
fn the_quick_number_key_reads_every_spelling_of_the_head() {
    let key = vanban::validate::quick_number_key;
    let signed = Some(Some(vanban::validate::NumberKey(
        "SYT".into(),
        "KH".into(),
        2018,
        12,
    )));
    let head = "kind: plan\nissuer: { name: SỞ Y TẾ, abbr: syt }\ndate: 2018-03-05\n";
    assert_eq!(key(&format!("{head}number: 12\n")), signed);
    // quoted keys
    assert_eq!(key(&format!("{head}\"number\": 12\n")), signed);
    assert_eq!(
        key("'kind': plan\n\"issuer\": {abbr: SYT}\n\"date\": \"2018-03-05\"\nnumber: 12\n"),
        signed
    );
    // an explicit key
    assert_eq!(key(&format!("{head}? number\n: 12\n")), signed);
    // the whole document as one flow mapping, over lines
    assert_eq!(
        key("{kind: plan, number: 12,\n  date: 2018-03-05, issuer: {abbr: SYT}}\n"),
        signed
    );
    // an anchor, and the number given by an alias
    assert_eq!(
        key(&format!("x: &n 12\n{head}number: *n\n")).map(|k| k.is_some()),
        // `x` is not a plan's key: the document does not parse, but the head is what it says
        Some(true)
    );
    // a `number:` that is not the document's: in a comment, a block scalar, a body, a string
    let not_top = format!(
        "{head}# number: 12\nsummary: |\n  number: 12\nsections:\n  - number: 12\nnote: \"x\n  number: 12\"\n"
    );
    assert_eq!(key(&not_top), Some(None));
    // status: draft overrides a number and a date, wherever it is written
    assert_eq!(
        key(&format!(
            "{head}number: 12\nsignature: {{ name: A }}\nstatus: draft\n"
        )),
        Some(None)
    );
    // what cannot be told alone is left to the full parse
    assert_eq!(key(&format!("{head}number: \"12\"\n")), None);
    assert_eq!(key(&format!("{head}number: !!int 12\n")), None);
}

/// The build reads what it needs of each document (kind, number, image keys) from the YAML
/// parser's events, so a quoted key is a key: the line scanner it replaces saw no `number:` line
/// in `"number": 1` and left the document out of the duplicate-number check.
#[test]
fn a_number_used_twice_is_found_whatever_the_spelling_of_its_key() {
    let dir = corpus(2);
    let f = dir.path().join("plans/d1/plan-001.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(text.contains("\nnumber: 2 "));
    std::fs::write(&f, text.replace("\nnumber: 2 ", "\n\"number\": 1 ")).unwrap();
    let out = vanban(dir.path()).arg("build").assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("plan-001.yaml:9:1: the number 01/KH-SYT of 2018 is also used by"),
        "{stderr}"
    );
}

/// A signature image named by a key spelled with an escape (which a byte search for
/// `seal_image` does not find) is still an input: replacing the image rebuilds the document.
#[test]
fn an_image_named_by_any_spelling_of_its_key_is_an_input() {
    let dir = corpus(1);
    let f = dir.path().join("plans/d0/plan-000.yaml");
    let text = std::fs::read_to_string(&f).unwrap();
    let sig = "signature: { authority: \"KT.GIÁM ĐỐC\", title: PHÓ GIÁM ĐỐC, name: Trần Văn Sinh }";
    assert!(text.contains(sig));
    let text = text.replace(
        sig,
        "signature: { authority: \"KT.GIÁM ĐỐC\", title: PHÓ GIÁM ĐỐC, name: Trần Văn Sinh, \"seal\\x5Fimage\": seal.png }",
    );
    std::fs::write(&f, text).unwrap();
    let signed = common::root().join("tests/fixtures/signed");
    let seal = dir.path().join("plans/d0/seal.png");
    std::fs::copy(signed.join("con-dau.png"), &seal).unwrap();
    vanban(dir.path()).arg("build").assert().success();
    let before = hashes(&dir.path().join("output"));
    std::fs::copy(signed.join("chu-ky.png"), &seal).unwrap();
    vanban(dir.path()).arg("build").assert().success();
    let after = hashes(&dir.path().join("output"));
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, h)| before.get(*p) != Some(*h))
        .map(|(p, _)| p)
        .collect();
    assert!(
        changed
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "docx")),
        "the DOCX holds the new seal: {changed:?}"
    );
}

/// The files the warnings of a build's JSON name, sorted.
fn warned(s: &serde_json::Value) -> Vec<String> {
    let mut files: Vec<String> = s["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| Some(w["file"].as_str()?.to_string()))
        .collect();
    files.sort();
    files.dedup();
    files
}

#[test]
fn a_unit_report_edited_in_its_text_is_compiled_again_alone_and_its_keys_edited_all_reports() {
    // Each unit report's summary ends with a doubled word: every compile of it warns (VB007),
    // so the warnings tell which reports were compiled.
    let dir = TempProject::sample_tree_edited(|rel, text| {
        if rel.contains("bao-cao/") {
            text.replacen("\nsummary: ", "\nsummary: Về truyền truyền, ", 1)
        } else {
            text
        }
    });
    let build = || -> serde_json::Value {
        let out = vanban(dir.path())
            .args(["build", "--format", "json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let edit = |rel: &str, from: &str, to: &str| {
        let f = dir.path().join(rel);
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(text.contains(from), "{rel} has {from:?}");
        std::fs::write(&f, text.replacen(from, to, 1)).unwrap();
    };
    let cdc = "plans/2018/bao-cao/6-thang/cdc.yaml";
    let bvdk = "plans/2018/bao-cao/6-thang/bvdk-tinh.yaml";
    let cold = build();
    let all = warned(&cold);
    assert!(
        all.len() >= 10 && all.iter().any(|f| f == cdc),
        "every report warns: {all:?}"
    );
    assert_eq!(
        warned(&build()),
        Vec::<String>::new(),
        "a no-op compiles nothing"
    );
    // A manifest of an older writer (no faces): the reports are read again for their faces,
    // and recorded with them; nothing is compiled.
    let manifest = dir.path().join("output/.vanban-manifest.json");
    // (As the text of version 5, which a build reads as it is.)
    let text = vanban::build::manifest_text(&std::fs::read(&manifest).unwrap()).unwrap();
    let faces = text.matches("\treport\tn:").count();
    assert!(faces >= 10, "{text}");
    let faceless: String = text
        .lines()
        .map(|l| match l.split_once("\treport\tn:") {
            Some((head, rest)) => format!("{head}\treport\tn{}\n", &rest[32..]),
            None => format!("{l}\n"),
        })
        .collect();
    std::fs::write(&manifest, &faceless).unwrap();
    assert_eq!(warned(&build()), Vec::<String>::new(), "{faceless}");
    let again = vanban::build::manifest_text(&std::fs::read(&manifest).unwrap()).unwrap();
    assert_eq!(again.matches("\treport\tn:").count(), faces);

    // Its text: the report alone is compiled (and the consolidated reports, which read every
    // report whole and have no doubled word); what is on disk is what a compile makes.
    edit(bvdk, "còn thiếu", "vẫn còn thiếu");
    let s = build();
    assert_eq!(warned(&s), vec![bvdk.to_string()], "{s}");
    assert_eq!(s["built"].as_u64(), Some(1), "{s}");
    vanban(dir.path())
        .args(["build", "--check"])
        .assert()
        .success();

    // What the other reports read of it (its period): every report is compiled again, and
    // the unit's annual report, unchanged, now finds itself the second annual report.
    edit(bvdk, "period: six-month", "period: annual");
    let s = build();
    assert!(warned(&s).iter().any(|f| f == cdc), "{s}");
    let second = s["errors"].as_array().unwrap().iter().any(|e| {
        e["file"] == "plans/2018/bao-cao/ca-nam/bvdk-tinh.yaml"
            && e["message"]
                .as_str()
                .unwrap()
                .contains("a second annual report")
    });
    assert!(second, "{s}");
    edit(bvdk, "period: annual", "period: six-month");
    build();
    // The registry, then the plan: every report again.
    for (rel, from, to) in [
        ("plans/units.yaml", "\n", "\n# sửa\n"),
        (
            "plans/2018/ke-hoach-phong-chong-mai-dam.yaml",
            "\n",
            "\n# sửa\n",
        ),
    ] {
        edit(rel, from, to);
        let s = build();
        assert!(warned(&s).iter().any(|f| f == cdc), "{rel}: {s}");
    }
    vanban(dir.path())
        .args(["build", "--check"])
        .assert()
        .success();
}
