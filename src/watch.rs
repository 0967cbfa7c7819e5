//! `vanban watch`: build once, then rebuild whenever a document, the units registry, a
//! template or an image under the watched folders is saved. Events are debounced (an editor's
//! save is often several events: write, rename, chmod) and the build is the ordinary
//! incremental one, so only what the save changed is compiled again. A save that leaves a
//! document invalid prints its diagnostics and the watch goes on.
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
/// was first seen.
pub(crate) fn rebuild(opts: &Options, started: Instant) -> Result<Rebuild, Diagnostic> {
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
    let summary = build::run(opts, &progress)?;
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
    for p in opts
        .paths
        .iter()
        .cloned()
        .chain(templates)
        .chain(project_files)
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
    on_rebuild(rebuild(opts, Instant::now()));
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
        collect(event, &opts.out, &mut changed);
        if changed.is_empty() {
            continue;
        }
        // Wait until the files have been quiet for `quiet`.
        loop {
            match rx.recv_timeout(quiet) {
                Ok(e) => collect(e, &opts.out, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Err(gone()),
            }
        }
        on_rebuild(rebuild(opts, started));
    }
}

fn collect(event: notify::Result<notify::Event>, out: &Path, changed: &mut BTreeSet<PathBuf>) {
    match event {
        Ok(e) if !matches!(e.kind, EventKind::Access(_)) => {
            changed.extend(e.paths.into_iter().filter(|p| relevant(p, out)));
        }
        Ok(_) => {}
        Err(e) => eprintln!("warning: file watch: {e}"),
    }
}

/// How `vanban watch` prints a rebuild: the diagnostics on stderr, one line on stdout.
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
