//! `vanban watch`: build once, then rebuild whenever a document, the units registry, a
//! template, an image under the watched folders or the project file is saved. Events are
//! debounced (an editor's save is often several events: write, rename, chmod); the wait ends
//! early once the file is closed after writing or renamed into place. The build is the
//! ordinary incremental one, given a [`World`] that keeps the compiled templates, the parsed
//! documents and every document's outputs between saves: a save compiles the documents it
//! changed and those that read them, and writes what `vanban build` writes. A save that leaves
//! a document invalid prints its diagnostics and the watch goes on.
//!
//! Folders are watched recursively and a single file through its folder, so editors that save
//! by writing a new file and renaming it over the old one are seen too.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::build::{self, Options, Outcome};
use crate::error::Diagnostic;
use crate::world::World;

/// What one rebuild did, for the line `watch` prints.
#[derive(Debug, Default)]
pub struct Rebuild {
    /// Documents considered.
    pub documents: usize,
    /// Documents compiled again (outputs written).
    pub built: Vec<PathBuf>,
    /// Documents that failed.
    pub failed: Vec<PathBuf>,
    /// Errors and warnings, as they print.
    pub diagnostics: Vec<Diagnostic>,
    /// From the first event of the save to the end of the build (debounce included).
    pub elapsed: Duration,
}

impl std::fmt::Display for Rebuild {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = self.elapsed.as_secs_f64() * 1000.0;
        write!(
            f,
            "rebuilt {} of {} document(s), {} failed, in {ms:.0} ms",
            self.built.len(),
            self.documents,
            self.failed.len()
        )?;
        let names: Vec<String> = self
            .built
            .iter()
            .chain(&self.failed)
            .map(|p| p.display().to_string())
            .collect();
        if !names.is_empty() {
            write!(f, ": {}", names.join(", "))?;
        }
        Ok(())
    }
}

/// Runs one incremental build of `opts` and says what it did; `started` is when the save
/// was first seen. `world` keeps what the next rebuild can reuse (see [`World`]).
pub(crate) fn rebuild(
    opts: &Options,
    started: Instant,
    world: &World,
) -> Result<Rebuild, Diagnostic> {
    let touched: Mutex<(Vec<PathBuf>, Vec<PathBuf>)> = Mutex::default();
    let progress = |input: &crate::load::Input, outcome: Outcome| {
        if let Ok(mut t) = touched.lock() {
            match outcome {
                Outcome::Built => t.0.push(input.path.clone()),
                Outcome::Failed => t.1.push(input.path.clone()),
                Outcome::Unchanged => {}
            }
        }
    };
    let summary = build::run_kept(opts, &progress, world)?;
    let (mut built, mut failed) = touched.into_inner().unwrap_or_default();
    built.sort();
    failed.sort();
    Ok(Rebuild {
        documents: summary.documents,
        built,
        failed,
        diagnostics: summary.diagnostics,
        elapsed: started.elapsed(),
    })
}

/// Whether a changed path can change an output: a YAML document or registry, a template, a
/// project file or an image; not editors' swap and backup files, nor anything under `out`.
pub(crate) fn relevant(path: &Path, out: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || name.ends_with('~') || name.starts_with('#') {
        return false;
    }
    let out_abs = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf());
    let parent_abs = path
        .parent()
        .and_then(|p| std::fs::canonicalize(p).ok())
        .unwrap_or_else(|| path.to_path_buf());
    if parent_abs.starts_with(&out_abs) || path.starts_with(out) {
        return false;
    }
    matches!(
        path.extension().and_then(|x| x.to_str()),
        Some("yaml" | "yml" | "md" | "toml" | "png")
    )
}

/// What to hand to the watcher for each path given: a folder recursively, a file through its
/// folder (renames over it are then seen), the templates folder too.
fn watch_list(opts: &Options) -> Vec<(PathBuf, RecursiveMode)> {
    let mut list: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    let templates = opts
        .templates
        .clone()
        .or_else(|| build::default_templates_dir(&opts.paths));
    let project_files = opts
        .paths
        .first()
        .map(|p| crate::load::project_root(p))
        .into_iter();
    // The folder of `vanban.toml` (its defaults are part of every document), not recursively.
    let project_file = opts
        .paths
        .first()
        .and_then(|p| crate::config::find(p).ok().flatten())
        .map(|p| p.dir.join(crate::config::PROJECT_FILE));
    for p in opts
        .paths
        .iter()
        .cloned()
        .chain(templates)
        .chain(project_files)
        .chain(project_file)
    {
        let entry = if p.is_dir() {
            (p, RecursiveMode::Recursive)
        } else {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf();
            (dir, RecursiveMode::NonRecursive)
        };
        if !list.iter().any(|(q, _)| q == &entry.0) {
            list.push(entry);
        }
    }
    list
}

/// Builds, then rebuilds after every save until `stop` receives (or the process is ended),
/// handing each result to `on_rebuild` (the first one is the initial build, once the watches
/// are in place). `quiet` is how long the files must stay unchanged before a rebuild starts.
pub fn run(
    opts: &Options,
    quiet: Duration,
    stop: Option<Receiver<()>>,
    on_rebuild: &mut dyn FnMut(Result<Rebuild, Diagnostic>),
) -> Result<(), Diagnostic> {
    // A mistyped folder would otherwise be watched for ever, its first build failing.
    if let Some(p) = opts.paths.iter().find(|p| !p.exists()) {
        return Err(
            Diagnostic::error(p, "no such file or folder: nothing to watch")
                .hint("give a plans folder or a YAML file that exists; the default is plans/"),
        );
    }
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(move |e| {
        let _ = tx.send(e);
    })
    .map_err(|e| Diagnostic::error(".", format!("cannot watch files: {e}")))?;
    for (path, mode) in watch_list(opts) {
        watcher.watch(&path, mode).map_err(|e| {
            Diagnostic::error(&path, format!("cannot watch: {e}"))
                .hint("give an existing plans folder or YAML file")
        })?;
    }
    // The compiled templates and every document's outputs stay loaded from one save to the
    // next: a save compiles what it changed, and what reads it.
    let world = World::new();
    on_rebuild(rebuild(opts, Instant::now(), &world));
    let gone = || Diagnostic::error(".", "the file watch stopped");
    loop {
        if stop.as_ref().is_some_and(|s| s.try_recv().is_ok()) {
            return Ok(());
        }
        let event = match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(e) => e,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Err(gone()),
        };
        let started = Instant::now();
        let mut changed = BTreeSet::new();
        let Some(mut settled) = collect(event, &opts.out, &mut changed) else {
            continue;
        };
        // Wait until the files have been quiet for `quiet`; a file just closed after writing
        // or renamed into place (the last step of an editor's save) for less.
        loop {
            let wait = if settled { quiet.min(SETTLED) } else { quiet };
            match rx.recv_timeout(wait) {
                // Events of other files only (a swap file, an output) change nothing.
                Ok(e) => {
                    if let Some(done) = collect(e, &opts.out, &mut changed) {
                        settled = done;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Err(gone()),
            }
        }
        // A saved project file is read again (its defaults go into every document).
        if changed.iter().any(|p| {
            p.file_name()
                .is_some_and(|n| n == crate::config::PROJECT_FILE)
        }) {
            crate::config::forget();
        }
        on_rebuild(rebuild(opts, started, &world));
    }
}

/// How long the files must stay unchanged after a relevant file was closed after writing or
/// renamed into place: an editor's save has then ended, unless more events follow at once.
const SETTLED: Duration = Duration::from_millis(3);

/// Adds the relevant paths of `event` to `changed`. `None` when it names none (or only reads
/// one), else whether it ends a save (the file closed after writing, or renamed into place).
fn collect(
    event: notify::Result<notify::Event>,
    out: &Path,
    changed: &mut BTreeSet<PathBuf>,
) -> Option<bool> {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    match event {
        Ok(e) => {
            let ends = matches!(
                e.kind,
                EventKind::Access(AccessKind::Close(AccessMode::Write))
                    | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
            );
            // A file opened, read or closed after reading is not a change.
            if matches!(e.kind, EventKind::Access(_)) && !ends {
                return None;
            }
            let mut any = false;
            for p in e.paths.into_iter().filter(|p| relevant(p, out)) {
                any = true;
                changed.insert(p);
            }
            any.then_some(ends)
        }
        Err(e) => {
            eprintln!("warning: file watch: {e}");
            None
        }
    }
}

/// How `vanban watch` prints a rebuild: the diagnostics on stderr, one line on stdout.
/// A rebuild's own fields in `vanban watch --format json` (see [`crate::json`]).
pub(crate) fn rebuild_json(r: &Rebuild) -> serde_json::Value {
    serde_json::json!({
        "documents": r.documents,
        "built": r.built,
        "failed": r.failed,
        "elapsed_ms": u64::try_from(r.elapsed.as_millis()).unwrap_or(u64::MAX),
    })
}

pub(crate) fn print_rebuild(r: Result<Rebuild, Diagnostic>) {
    use std::io::Write;
    match r {
        Ok(r) => {
            r.diagnostics.iter().for_each(|d| eprintln!("{d}"));
            println!("{r}");
        }
        Err(d) => eprintln!("{d}"),
    }
    let _ = std::io::stdout().flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_files_and_outputs_are_not_relevant() {
        let out = Path::new("output");
        assert!(relevant(Path::new("plans/2018/x.yaml"), out));
        assert!(relevant(Path::new("templates/plan.md"), out));
        assert!(relevant(Path::new("plans/units.yaml"), out));
        assert!(!relevant(Path::new("plans/2018/.x.yaml.swp"), out));
        assert!(!relevant(Path::new("plans/2018/x.yaml~"), out));
        assert!(!relevant(Path::new("plans/2018/4913"), out));
        assert!(!relevant(Path::new("output/2018/x.md"), out));
        assert!(!relevant(Path::new("plans/2018/x.docx"), out));
    }
}
