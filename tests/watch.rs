//! `vanban watch`: after a save, what changed is rebuilt; an invalid save prints its
//! diagnostics and the watch goes on; a save by rename (how many editors write) is seen.

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use vanban::build::Options;
use vanban::watch::{self, Rebuild};

/// A copy of the sample tree (plans/ and nothing else) in a temporary folder.
fn sample_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(common::root().join("plans")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(common::root()).unwrap();
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

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
    let dir = sample_tree();
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
    let dir = sample_tree();
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
