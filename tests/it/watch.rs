//! `vanban watch`: after a save, what changed is rebuilt; an invalid save prints its
//! diagnostics and the watch goes on; a save by rename (how many editors write) is seen.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use vanban::build::Options;
use vanban::watch::{self, Rebuild};

struct Watching {
    results: mpsc::Receiver<Result<Rebuild, String>>,
    stop: mpsc::Sender<()>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watching {
    fn start(root: &Path) -> (Watching, Rebuild) {
        let opts = Options {
            paths: vec![root.join("plans")],
            out: root.join("output"),
            ..Options::default()
        };
        let (tx, results) = mpsc::channel();
        let (stop, stop_rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let r = watch::run(&opts, Duration::from_millis(30), Some(stop_rx), &mut |r| {
                let _ = tx.send(r.map_err(|d| d.to_string()));
            });
            assert!(r.is_ok(), "{:?}", r.err().map(|d| d.to_string()));
        });
        let mut w = Watching {
            results,
            stop,
            thread: Some(thread),
        };
        let first = w.next();
        (w, first)
    }

    fn next(&mut self) -> Rebuild {
        match self.results.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => panic!("the build failed as a whole: {e}"),
            Err(e) => panic!("no rebuild within 30 s: {e}"),
        }
    }

    /// Waits for the rebuild that names `file`, skipping others (an editor may save twice).
    fn next_naming(&mut self, file: &Path) -> Rebuild {
        for _ in 0..5 {
            let r = self.next();
            if r.built.iter().chain(&r.failed).any(|p| p == file) {
                return r;
            }
        }
        panic!("no rebuild named {}", file.display());
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn report(root: &Path) -> PathBuf {
    root.join("plans/2018/bao-cao/6-thang/cdc.yaml")
}

#[test]
fn a_save_rebuilds_what_it_changed_and_a_bad_save_does_not_stop_the_watch() {
    let dir = common::TempProject::sample_tree();
    let root = dir.path();
    let (mut w, first) = Watching::start(root);
    assert_eq!(first.failed, Vec::<PathBuf>::new());
    assert!(first.documents >= 20, "{}", first.documents);
    assert_eq!(
        first.built.len(),
        first.documents,
        "the first build makes every output"
    );
    let md = root.join("output/2018/bao-cao/6-thang/cdc.md");
    assert!(md.is_file());

    // 1. A plain save (truncate and write) of one unit report.
    let file = report(root);
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace("còn thiếu.", "còn thiếu, cần bổ sung.");
    assert_ne!(edited, text);
    std::fs::write(&file, &edited).unwrap();
    let r = w.next_naming(&file);
    assert!(r.failed.is_empty(), "{r}");
    assert!(
        r.built.len() <= 3,
        "only the report and what depends on it: {r}"
    );
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("còn thiếu, cần bổ sung."));

    // 2. An invalid intermediate save: diagnostics with the line, the old outputs kept.
    std::fs::write(&file, edited.replace("summary:", "sumary:")).unwrap();
    let r = w.next_naming(&file);
    assert_eq!(r.failed, vec![file.clone()], "{r}");
    let shown: String = r.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.contains("cdc.yaml:"), "{shown}");
    assert!(shown.contains("sumary"), "{shown}");
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("còn thiếu, cần bổ sung."));

    // 3. The fix saved as editors do: a new file renamed over the old one.
    let tmp = file.with_file_name(".cdc.yaml.tmp~");
    std::fs::write(&tmp, edited.replace("cần bổ sung", "đề nghị bổ sung")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let r = w.next_naming(&file);
    assert!(r.failed.is_empty(), "{r}");
    assert!(r.built.contains(&file), "{r}");
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("đề nghị bổ sung"));
    eprintln!("save → outputs written: {r}");
}

#[test]
fn a_template_save_rebuilds_every_document() {
    let dir = common::TempProject::sample_tree();
    let root = dir.path();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    let (mut w, first) = Watching::start(root);
    let total = first.documents;
    std::fs::write(
        root.join("templates/base.md"),
        "{% extends \"builtin/base.md\" %}\n{% block closing %}KÝ: {{ frame.signer }}\n{% endblock closing %}\n",
    )
    .unwrap();
    let r = w.next();
    assert_eq!(r.built.len(), total, "{r}");
    assert!(
        std::fs::read_to_string(root.join("output/2018/ke-hoach-phong-chong-mai-dam.md"))
            .unwrap()
            .contains("KÝ: Trần Văn Sinh")
    );
}

/// The `.md` and `.docx` files under `dir`, by path relative to it.
fn outputs(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| {
            e.file_type().is_file()
                && matches!(
                    e.path().extension().and_then(|x| x.to_str()),
                    Some("md" | "docx")
                )
        })
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Builds the tree of `root` from nothing into `root/cold` and checks that the watched
/// `root/output` holds the same bytes for every document that built, that the same documents
/// failed, and that `build --check` finds the watched outputs fresh when nothing failed.
fn same_as_a_cold_build(root: &Path, watched: &Rebuild, what: &str) {
    let cold = root.join("cold");
    let _ = std::fs::remove_dir_all(&cold);
    let failed = std::sync::Mutex::new(Vec::new());
    let opts = Options {
        paths: vec![root.join("plans")],
        out: cold.clone(),
        ..Options::default()
    };
    let summary = vanban::build::run(&opts, &|i, o| {
        if o == vanban::build::Outcome::Failed {
            failed.lock().unwrap().push(i.path.clone());
        }
    })
    .unwrap();
    let mut failed = failed.into_inner().unwrap();
    failed.sort();
    assert_eq!(watched.failed, failed, "{what}: the documents that failed");
    let made = outputs(&cold);
    let kept = outputs(&root.join("output"));
    assert!(
        made.len() >= 2 * (summary.documents - failed.len()),
        "{what}"
    );
    for (rel, bytes) in &made {
        assert!(
            kept.get(rel) == Some(bytes),
            "{what}: output/{} is not what a cold build writes",
            rel.display()
        );
    }
    if failed.is_empty() {
        let check = Options {
            paths: vec![root.join("plans")],
            out: root.join("output"),
            check: true,
            ..Options::default()
        };
        let s = vanban::build::run(&check, &|_, _| {}).unwrap();
        assert!(s.problems.is_empty(), "{what}: {:?}", s.problems);
    }
}

/// Saves `text` into `file` and waits for the rebuild that names it.
fn save(w: &mut Watching, file: &Path, text: &str) -> Rebuild {
    std::fs::write(file, text).unwrap();
    w.next_naming(file)
}

#[test]
fn a_watched_rebuild_writes_what_a_cold_build_writes() {
    // The watch keeps the compiled templates, the parsed documents and every document's
    // outputs from one save to the next: after each kind of save, what it wrote must be what
    // `vanban build` writes from nothing.
    let dir = common::TempProject::sample_tree();
    let root = dir.path();
    let (mut w, first) = Watching::start(root);
    same_as_a_cold_build(root, &first, "the first build");

    let unit = report(root);
    let unit_text = std::fs::read_to_string(&unit).unwrap();
    let r = save(
        &mut w,
        &unit,
        &unit_text.replace("còn thiếu.", "còn thiếu (1)."),
    );
    same_as_a_cold_build(root, &r, "a unit report's save");

    let consolidated = root.join("plans/2018/bao-cao-tong-hop-6-thang.yaml");
    let text = std::fs::read_to_string(&consolidated).unwrap();
    let r = save(
        &mut w,
        &consolidated,
        &text.replacen("summary: ", "summary: (1) ", 1),
    );
    same_as_a_cold_build(root, &r, "a consolidated report's save");

    let plan = root.join("plans/2018/ke-hoach-phong-chong-mai-dam.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let r = save(
        &mut w,
        &plan,
        &text.replacen("summary: ", "summary: (1) ", 1),
    );
    assert!(r.built.len() > 10, "the reports follow their plan: {r}");
    same_as_a_cold_build(root, &r, "the plan's save");

    // The registry: the head of one unit signs its reports.
    let units = root.join("plans/units.yaml");
    let text = std::fs::read_to_string(&units).unwrap();
    let edited = text.replacen("head: GIÁM ĐỐC", "head: PHÓ GIÁM ĐỐC", 1);
    assert_ne!(edited, text);
    std::fs::write(&units, &edited).unwrap();
    let r = w.next();
    assert!(!r.built.is_empty(), "{r}");
    same_as_a_cold_build(root, &r, "the registry's save");

    // Another report of the same unit for the same period: both fail, in the watch as in a
    // cold build (what a report reads of the others changed), then both build again.
    let other = root.join("plans/2018/bao-cao/6-thang/ttyt-hiep-hoa.yaml");
    let other_text = std::fs::read_to_string(&other).unwrap();
    let r = save(
        &mut w,
        &other,
        &other_text.replace("unit: ttyt-hiep-hoa", "unit: cdc"),
    );
    assert!(r.failed.contains(&unit), "the first report fails too: {r}");
    same_as_a_cold_build(root, &r, "two reports of one unit");
    // (Their outputs were kept while they failed: the rebuild writes nothing, and names none.)
    std::fs::write(&other, &other_text).unwrap();
    let r = w.next();
    assert!(r.failed.is_empty(), "{r}");
    same_as_a_cold_build(root, &r, "the second report put back");

    // A save by rename, back to the text of the start.
    let tmp = unit.with_file_name(".cdc.yaml.tmp~");
    std::fs::write(&tmp, &unit_text).unwrap();
    std::fs::rename(&tmp, &unit).unwrap();
    let r = w.next_naming(&unit);
    same_as_a_cold_build(root, &r, "a save by rename");
}

#[test]
fn a_saved_project_file_is_read_again() {
    // The defaults of vanban.toml go into every document that leaves the key out.
    let dir = common::TempProject::sample_tree();
    let root = dir.path();
    let project = root.join("vanban.toml");
    std::fs::write(&project, "[defaults]\nplace = \"Lạng Sơn\"\n").unwrap();
    let letter = root.join("plans/2018/ke-hoach-phong-chong-mai-dam-don-doc-2018-12-01.yaml");
    let text = std::fs::read_to_string(&letter).unwrap();
    let without_place: String = text
        .lines()
        .filter(|l| !l.starts_with("place:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without_place, text);
    std::fs::write(&letter, without_place).unwrap();
    let md = root.join("output/2018/ke-hoach-phong-chong-mai-dam-don-doc-2018-12-01.md");
    let (mut w, first) = Watching::start(root);
    assert!(first.failed.is_empty(), "{first}");
    assert!(std::fs::read_to_string(&md).unwrap().contains("Lạng Sơn"));
    std::fs::write(&project, "[defaults]\nplace = \"Cao Bằng\"\n").unwrap();
    let r = w.next_naming(&letter);
    assert!(r.built.contains(&letter), "{r}");
    let shown = std::fs::read_to_string(&md).unwrap();
    assert!(
        shown.contains("Cao Bằng") && !shown.contains("Lạng Sơn"),
        "{shown}"
    );
    same_as_a_cold_build(root, &r, "the project file's save");
}

/// A mistyped folder is refused at once (it was watched for ever, its first build failing),
/// in text and in JSON.
#[test]
fn a_path_that_does_not_exist_is_refused_at_once() {
    let dir = common::TempProject::sample_tree();
    for format in ["text", "json"] {
        let out = common::vanban(dir.path())
            .args(["watch", "plan", "--format", format])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("plan: no such file or folder"), "{stderr}");
        assert!(!stderr.contains("watching"), "{stderr}");
    }
}
