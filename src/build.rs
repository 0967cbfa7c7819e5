//! The batch driver: finds the inputs, compiles them in parallel, writes the outputs
//! atomically, skips documents whose inputs did not change (a manifest of content hashes), and
//! with `--check` compares instead of writing. One bad document never stops the batch.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::assets::FsAssets;
use crate::compile;
use crate::error::Diagnostic;
use crate::load::{self, Input};
use crate::project::Project;
use crate::templates::Templates;
use crate::validate::{self, BatchEntry, NumberKey};

/// Name of the manifest kept in the output folder (a cache; safe to delete).
pub const MANIFEST: &str = ".vanban-manifest.json";

/// What to build and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// Plans folders or YAML files.
    pub paths: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// A folder of template overrides.
    pub templates: Option<PathBuf>,
    /// Compare with what is on disk instead of writing.
    pub check: bool,
    /// `vanban check`: every document through every stage (templates rendered, DOCX made),
    /// the same diagnostics and exit status as a build, but nothing read from or written to
    /// the output folder (no manifest, no comparison, no orphans).
    pub validate_only: bool,
    /// Rebuild everything, ignoring the manifest.
    pub force: bool,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Build only shard `i` of `n` (1-based), to split a batch across CI machines.
    pub shard: Option<(usize, usize)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: vec![PathBuf::from("plans")],
            out: PathBuf::from("output"),
            templates: None,
            check: false,
            validate_only: false,
            force: false,
            jobs: 0,
            shard: None,
        }
    }
}

/// Why an output does not match its input (for `--check`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "problem", content = "path", rename_all = "lowercase")]
pub enum Problem {
    /// The output differs from what the input gives.
    Stale(PathBuf),
    /// The output does not exist.
    Missing(PathBuf),
    /// An output an earlier build wrote, whose input is gone.
    Orphaned(PathBuf),
    /// A temporary file left by a build that was killed.
    Leftover(PathBuf),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Stale(p) => write!(
                f,
                "stale: {} differs from what its input gives now; run `vanban build` and commit it",
                p.display()
            ),
            Problem::Missing(p) => write!(
                f,
                "missing: {} does not exist; run `vanban build` and commit it",
                p.display()
            ),
            Problem::Orphaned(p) => write!(
                f,
                "orphaned: {} has no input; delete it (or run `vanban build`, which removes it)",
                p.display()
            ),
            Problem::Leftover(p) => write!(
                f,
                "leftover: {} is a temporary file of an interrupted build; `vanban build` removes it",
                p.display()
            ),
        }
    }
}

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Compiled and at least one output written (or found stale by `--check`).
    Built,
    /// Inputs unchanged, or outputs already identical.
    Unchanged,
    /// Failed; its previous outputs are untouched.
    Failed,
}

/// What a build did.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The version of this JSON shape ([`JSON_VERSION`]); it changes only when a field
    /// changes meaning or goes away.
    pub version: u32,
    /// The command: `build`, `build --check` or `check`.
    pub command: &'static str,
    /// Documents considered.
    pub documents: usize,
    /// Documents whose outputs were written.
    pub built: usize,
    /// Documents already up to date.
    pub unchanged: usize,
    /// Documents that failed.
    pub failed: usize,
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Orphaned outputs removed.
    pub removed: Vec<PathBuf>,
    /// Errors, every one of them.
    pub errors: Vec<DiagnosticJson>,
    /// Warnings of documents that built.
    pub warnings: Vec<DiagnosticJson>,
    /// `--check` findings.
    pub problems: Vec<Problem>,
    /// The diagnostics as they print, for the terminal.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

pub use crate::error::DiagnosticJson;

/// The version of the JSON that `build`, `build --check` and `check` print.
pub const JSON_VERSION: u32 = 1;

impl Default for Summary {
    fn default() -> Self {
        Summary {
            version: JSON_VERSION,
            command: "build",
            documents: 0,
            built: 0,
            unchanged: 0,
            failed: 0,
            written: Vec::new(),
            removed: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            problems: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

impl Summary {
    /// True when nothing failed and nothing is stale.
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.errors.is_empty() && self.problems.is_empty()
    }
}

/// The manifest: for each input, the hash of everything its outputs depend on, and the
/// outputs as they were written.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    entries: BTreeMap<String, Entry>,
    /// What the last scan learnt of each YAML file, with its size and modification time: a
    /// file whose stamp is unchanged is not read again.
    #[serde(default)]
    scans: BTreeMap<PathBuf, (Stamp, Scan)>,
    /// Every output vanban wrote (or found identical to what it would write), by path
    /// relative to the output folder with `/`, and the SHA-256 of its content: the only files
    /// a build may remove as orphans, and only while their content is still that.
    #[serde(default)]
    outputs: BTreeMap<String, String>,
}

/// Largest manifest read (a cache: one that is larger is ignored, as if absent).
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// Largest output compared with what a build makes (a larger file there is simply replaced).
pub const MAX_OUTPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Most worker threads a build starts, whatever `--jobs` says.
pub const MAX_JOBS: usize = 256;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Entry {
    key: String,
    /// Hash of the YAML's bytes alone, and what its number must be unique within: lets the
    /// next build check duplicate numbers without parsing unchanged documents.
    source: String,
    number: Option<NumberKey>,
    outputs: Vec<Stamp>,
}

/// Size and modification time of an output, to notice it was changed or deleted by hand.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Stamp {
    path: PathBuf,
    len: u64,
    modified_ns: u128,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let modified_ns = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(Stamp {
        path: path.to_path_buf(),
        len: meta.len(),
        modified_ns,
    })
}

/// Refuses an output folder that is, contains or lies inside a plans folder or the templates
/// folder, or that is or contains the project folder (the one holding `plans/`): a build
/// there would mix its outputs with files it did not write. Checked before anything is read.
pub fn guard_out(
    out: &Path,
    paths: &[PathBuf],
    templates: Option<&Path>,
) -> Result<(), Diagnostic> {
    use crate::paths::absolute;
    let real_plans = |d: &Path| {
        d.file_name().is_some_and(|n| n == "plans") || d.join(load::UNITS_FILE).is_file()
    };
    let target = absolute(out);
    let refuse = |how: &str, what: &str, folder: &Path| {
        Err(Diagnostic::error(
            out,
            format!(
                "refusing to build into --out {}: it {how} {what} {}",
                out.display(),
                folder.display()
            ),
        )
        .hint("outputs go in a folder of their own, beside the plans folder: use --out output (the default) or another new folder"))
    };
    let mut folders: Vec<(&str, PathBuf, bool)> = Vec::new();
    for p in paths {
        let plans = if p.is_dir() {
            load::plans_root_of_dir(p)
        } else {
            load::plans_root_of(p)
        };
        let project = if real_plans(&plans) {
            plans.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            plans.clone()
        };
        if p.is_dir() || real_plans(&plans) {
            folders.push(("the plans folder", plans, true));
        }
        folders.push(("the project folder", project, false));
    }
    if let Some(t) = templates {
        folders.push(("the templates folder", t.to_path_buf(), true));
    }
    let folders: Vec<(&str, PathBuf, PathBuf, bool)> = folders
        .into_iter()
        .map(|(what, folder, no_inside)| {
            let real = absolute(&folder);
            let shown = if folder.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                folder
            };
            (what, shown, real, no_inside)
        })
        .collect();
    if let Some((what, shown, _, _)) = folders.iter().find(|f| f.2 == target) {
        return refuse("is", what, shown);
    }
    for (what, shown, real, no_inside) in &folders {
        if real.starts_with(&target) {
            return refuse("contains", what, shown);
        }
        if *no_inside && target.starts_with(real) {
            return refuse("lies inside", what, shown);
        }
    }
    Ok(())
}

/// The templates folder used when none is given: `templates/` beside the first plans folder.
pub fn default_templates_dir(paths: &[PathBuf]) -> Option<PathBuf> {
    let first = load::anchor(paths.first()?);
    let root = load::project_root(&first);
    let dir = match crate::config::find(&root) {
        Ok(Some(p)) => p.templates(),
        _ => {
            let d = load::project_dir(&root);
            if d == Path::new(".") {
                PathBuf::from("templates")
            } else {
                d.join("templates")
            }
        }
    };
    dir.is_dir().then_some(dir)
}

/// The output folder used when none is given: the project file's, else `output/` beside the
/// plans folder of the first path.
pub fn default_output(paths: &[PathBuf]) -> PathBuf {
    let Some(first) = paths.first() else {
        return PathBuf::from("output");
    };
    let root = load::project_root(&load::anchor(first));
    match crate::config::find(&root) {
        Ok(Some(p)) => p.output(),
        _ => {
            let dir = load::project_dir(&root);
            if dir == Path::new(".") {
                PathBuf::from("output")
            } else {
                dir.join("output")
            }
        }
    }
}

struct DocResult {
    outcome: Outcome,
    written: Vec<PathBuf>,
    /// SHA-256 of each output whose content this build made (written or already identical).
    hashes: Vec<(PathBuf, String)>,
    problems: Vec<Problem>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    entry: Option<(String, Entry)>,
}

/// What a first, cheap pass learns of one YAML file without parsing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scan {
    /// Hash of its bytes (hex), or the read error.
    pub source: Result<String, String>,
    /// The `kind` line's value, when it has a plain one.
    pub kind: Option<String>,
    /// It names a signature or seal image (which is then part of its input).
    pub names_image: bool,
    /// It has a `number:` line (so it takes part in the duplicate-number check).
    pub numbered: bool,
}

/// Reads every document of the plans folders once, in parallel, keeping only a hash and a few
/// facts of each (memory does not grow with the size of the files).
pub fn scan(paths: &[PathBuf]) -> BTreeMap<PathBuf, BTreeMap<PathBuf, Scan>> {
    scan_cached(paths, &BTreeMap::new())
        .into_iter()
        .map(|(root, docs)| (root, docs.into_iter().map(|(p, (_, s))| (p, s)).collect()))
        .collect()
}

type Scans = BTreeMap<PathBuf, BTreeMap<PathBuf, (Option<Stamp>, Scan)>>;

/// Like [`scan`], but a file whose size and modification time are those in `cache` is not
/// read: its cached scan is taken.
fn scan_cached(paths: &[PathBuf], cache: &BTreeMap<PathBuf, (Stamp, Scan)>) -> Scans {
    let cache: HashMap<&Path, &(Stamp, Scan)> =
        cache.iter().map(|(p, v)| (p.as_path(), v)).collect();
    let roots: BTreeSet<PathBuf> = paths.iter().map(|p| load::project_root(p)).collect();
    roots
        .into_iter()
        .map(|root| {
            let docs = load::discover(std::slice::from_ref(&root)).unwrap_or_default();
            let scanned: BTreeMap<PathBuf, (Option<Stamp>, Scan)> = docs
                .par_iter()
                .map(|i| {
                    let st = stamp(&i.path);
                    let cached = cache
                        .get(i.path.as_path())
                        .filter(|(old, s)| Some(old) == st.as_ref() && s.source.is_ok());
                    let scan = match cached {
                        Some((_, s)) => s.clone(),
                        None => scan_one(&i.path),
                    };
                    (i.path.clone(), (st, scan))
                })
                .collect();
            (root, scanned)
        })
        .collect()
}

fn scan_one(path: &Path) -> Scan {
    match load::read_bytes(path) {
        Err(d) => Scan {
            source: Err(d.message),
            kind: None,
            names_image: false,
            numbered: false,
        },
        Ok(bytes) => {
            let has = |key: &[u8]| bytes.windows(key.len()).any(|w| w == key);
            let text = String::from_utf8_lossy(&bytes);
            Scan {
                source: Ok(hex(&Sha256::digest(&bytes))),
                kind: load::quick_kind(&text),
                names_image: has(b"signature_image") || has(b"seal_image"),
                numbered: text.lines().any(|l| l.trim_start().starts_with("number:")),
            }
        }
    }
}

/// The scan of the document at `path`, from the scans of its plans folder.
fn scan_of<'a>(
    scans: &'a BTreeMap<PathBuf, BTreeMap<PathBuf, Scan>>,
    path: &Path,
) -> Option<&'a Scan> {
    scans
        .iter()
        .filter(|(root, _)| path.starts_with(root))
        .max_by_key(|(root, _)| root.components().count())
        .and_then(|(_, docs)| docs.get(path))
}

/// Hash of a plans folder as a whole: its registry and every document. A report's outputs
/// depend on its plan and on the other reports, so its key includes this.
fn folder_key(root: &Path, docs: &BTreeMap<PathBuf, Scan>) -> String {
    let mut h = Sha256::new();
    if let Ok(units) = load::read_bytes(&root.join(load::UNITS_FILE)) {
        h.update(&units);
    }
    for (path, scan) in docs {
        h.update(path.to_string_lossy().as_bytes());
        h.update([0]);
        h.update(scan.source.as_deref().unwrap_or("unreadable").as_bytes());
        h.update([0]);
    }
    hex(&h.finalize())
}

fn is_report(kind: Option<&str>) -> bool {
    !matches!(kind, Some("plan"))
}

/// Runs a build (or a check) and reports what happened. `progress` is called once per
/// document, from any thread, with the document and its outcome.
///
/// The cheap path first: every document is read and hashed once; when each input's hash (with
/// the templates, the tool and, for reports, the whole plans folder) matches the manifest and
/// its outputs are as written, nothing is parsed. Otherwise the reports and the plans they
/// name are loaded, duplicate numbers are checked over the whole batch, and the changed
/// documents are compiled, in parallel.
pub fn run(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
) -> Result<Summary, Diagnostic> {
    // `.` in plans/2018 is `../2018`: every later search is lexical.
    let anchored = Options {
        paths: opts.paths.iter().map(|p| load::anchor(p)).collect(),
        ..opts.clone()
    };
    let opts = &anchored;
    let tdir = opts
        .templates
        .clone()
        .or_else(|| default_templates_dir(&opts.paths));
    if let (None, Some(t), Some(first)) = (&opts.templates, &tdir, opts.paths.first()) {
        let project = load::project_dir(&load::project_root(first));
        crate::paths::chosen_inside("templates", "--templates", t, &project)?;
    }
    if !opts.validate_only {
        guard_out(&opts.out, &opts.paths, tdir.as_deref())?;
    }
    let (all, refused) = load::discover_checked(&opts.paths)?;
    let inputs: Vec<Input> = match opts.shard {
        Some((i, n)) => all
            .iter()
            .enumerate()
            .filter(|(k, _)| k % n == i - 1)
            .map(|(_, x)| x.clone())
            .collect(),
        None => all.clone(),
    };
    let templates = Templates::load(tdir.as_deref())?;
    let mut shared = shared_key(&templates);
    // The project file's defaults are part of every document.
    if let Some(first) = opts.paths.first() {
        if let Some(p) = crate::config::find(first)? {
            shared.extend(Sha256::digest(p.text.as_bytes()));
        }
    }
    let old: Manifest = if opts.validate_only {
        Manifest::default()
    } else {
        crate::paths::read_confined(&opts.out.join(MANIFEST), &opts.out, MAX_MANIFEST_BYTES)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    };
    let recorded = recorded_outputs(&opts.out, &old);
    let manifest = if opts.force || opts.check || opts.validate_only {
        Manifest::default()
    } else {
        old
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.min(MAX_JOBS))
        .build()
        .map_err(|e| Diagnostic::error(&opts.out, format!("cannot start worker threads: {e}")))?;
    let mut summary = pool.install(|| {
        run_in_pool(
            opts, progress, &all, &inputs, &templates, &shared, manifest, &recorded,
        )
    })?;
    // Symlinks leading out of the plans folder: refused, each a failed document.
    summary.documents += refused.len();
    summary.failed += refused.len();
    summary
        .errors
        .extend(refused.iter().map(DiagnosticJson::from));
    summary.diagnostics.extend(refused);
    Ok(summary)
}

#[allow(clippy::too_many_arguments)]
fn run_in_pool(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    all: &[Input],
    inputs: &[Input],
    templates: &Templates,
    shared: &[u8],
    manifest: Manifest,
    recorded: &Recorded,
) -> Result<Summary, Diagnostic> {
    let stamped = scan_cached(&opts.paths, &manifest.scans);
    let scans: BTreeMap<PathBuf, BTreeMap<PathBuf, Scan>> = stamped
        .iter()
        .map(|(root, docs)| {
            let docs = docs
                .iter()
                .map(|(p, (_, s))| (p.clone(), s.clone()))
                .collect();
            (root.clone(), docs)
        })
        .collect();
    let index: HashMap<&Path, &Scan> = scans
        .values()
        .flat_map(|docs| docs.iter().map(|(p, s)| (p.as_path(), s)))
        .collect();
    let scan_of = |path: &Path| index.get(path).copied();
    let next_scans: BTreeMap<PathBuf, (Stamp, Scan)> = stamped
        .into_values()
        .flatten()
        .filter_map(|(p, (st, s))| Some((p, (st?, s))))
        .collect();
    let folder_keys: BTreeMap<&PathBuf, String> = scans
        .iter()
        .map(|(root, docs)| (root, folder_key(root, docs)))
        .collect();
    // First key of each input: everything but images.
    let keys: Vec<Option<String>> = inputs
        .iter()
        .map(|input| {
            let s = scan_of(&input.path)?;
            let source = s.source.as_ref().ok()?;
            let mut h = Sha256::new();
            h.update(shared);
            h.update(rel_key(input).as_bytes());
            h.update([0]);
            h.update(source.as_bytes());
            if is_report(s.kind.as_deref()) {
                let root = load::project_root(&input.path);
                if let Some(k) = folder_keys.get(&root) {
                    h.update(k.as_bytes());
                }
            }
            Some(hex(&h.finalize()))
        })
        .collect();
    let fresh = |input: &Input, key: &Option<String>| -> Option<Entry> {
        let s = scan_of(&input.path)?;
        let old = manifest.entries.get(&rel_key(input))?;
        let ok = !s.names_image
            && key.as_deref() == Some(old.key.as_str())
            && old.outputs.len() == 2
            && old
                .outputs
                .iter()
                .all(|st| stamp(&st.path).as_ref() == Some(st));
        ok.then(|| old.clone())
    };
    // Inputs whose outputs would be one file: failed, never built (see `collisions`).
    let collided = crate::collisions::find(all);
    let all_fresh = collided.is_empty()
        && !opts.check
        && !opts.force
        && !opts.validate_only
        && inputs.iter().zip(&keys).all(|(i, k)| fresh(i, k).is_some());

    let mut registry = Vec::new();
    let results: Vec<DocResult> = if all_fresh {
        inputs
            .par_iter()
            .zip(&keys)
            .map(|(input, key)| {
                progress(input, Outcome::Unchanged);
                DocResult {
                    outcome: Outcome::Unchanged,
                    written: Vec::new(),
                    hashes: Vec::new(),
                    problems: Vec::new(),
                    errors: Vec::new(),
                    warnings: Vec::new(),
                    entry: fresh(input, key).map(|e| (rel_key(input), e)),
                }
            })
            .collect()
    } else {
        let mut batch = duplicate_numbers(all, &scans, &manifest);
        crate::collisions::merge(&mut batch, &collided);
        let (projects, registry_problems) = lean_projects(&scans);
        let work = |(input, key): (&Input, &Option<String>)| {
            let errors = batch.get(&input.path).map_or(&[][..], Vec::as_slice);
            let project = project_of(&projects, input).unwrap_or(&EMPTY);
            let old = if errors.is_empty() {
                fresh(input, key)
            } else {
                None
            };
            let r = match old {
                Some(e) => DocResult {
                    outcome: Outcome::Unchanged,
                    written: Vec::new(),
                    hashes: Vec::new(),
                    problems: Vec::new(),
                    errors: Vec::new(),
                    warnings: Vec::new(),
                    entry: Some((rel_key(input), e)),
                },
                None => build_one(
                    input,
                    opts,
                    templates,
                    key.as_deref(),
                    &manifest,
                    errors,
                    project,
                ),
            };
            progress(input, r.outcome);
            r
        };
        let results = inputs.par_iter().zip(&keys).map(work).collect();
        registry = registry_problems;
        results
    };
    let mut summary = finish(opts, inputs, results, manifest, next_scans, recorded);
    // The registry's own problems are reported once.
    summary
        .errors
        .extend(registry.iter().map(DiagnosticJson::from));
    summary.diagnostics.extend(registry);
    Ok(summary)
}

static EMPTY: std::sync::LazyLock<Project> = std::sync::LazyLock::new(Project::default);

fn rel_key(input: &Input) -> String {
    input.rel.to_string_lossy().replace('\\', "/")
}

/// Gathers the results, removes (or, with `--check`, lists) orphans and leftover temporary
/// files, and writes the manifest.
fn finish(
    opts: &Options,
    inputs: &[Input],
    results: Vec<DocResult>,
    manifest: Manifest,
    scans: BTreeMap<PathBuf, (Stamp, Scan)>,
    recorded: &Recorded,
) -> Summary {
    let mut summary = Summary {
        documents: inputs.len(),
        command: match (opts.validate_only, opts.check) {
            (true, _) => "check",
            (_, true) => "build --check",
            _ => "build",
        },
        ..Summary::default()
    };
    let mut next = Manifest {
        scans,
        ..Manifest::default()
    };
    let mut expected = HashSet::new();
    let mut hashes = Vec::new();
    for (input, r) in inputs.iter().zip(results) {
        expected.extend(output_paths(&opts.out, input));
        match r.outcome {
            Outcome::Built => summary.built += 1,
            Outcome::Unchanged => summary.unchanged += 1,
            Outcome::Failed => summary.failed += 1,
        }
        summary.written.extend(r.written);
        hashes.extend(r.hashes);
        summary.problems.extend(r.problems);
        summary
            .errors
            .extend(r.errors.iter().map(DiagnosticJson::from));
        summary
            .warnings
            .extend(r.warnings.iter().map(DiagnosticJson::from));
        summary.diagnostics.extend(r.warnings);
        summary.diagnostics.extend(r.errors);
        if let Some((k, e)) = r.entry {
            next.entries.insert(k, e);
        }
    }
    // Orphans are only judged over whole plans folders, never over a part or a shard.
    let whole = !opts.validate_only
        && opts.shard.is_none_or(|(_, n)| n == 1)
        && opts
            .paths
            .iter()
            .all(|p| p.is_dir() && load::plans_root_of_dir(p) == *p);
    let expected_rel: HashSet<String> = expected
        .iter()
        .filter_map(|p| rel_to(&opts.out, p))
        .collect();
    // What stays recorded as vanban's: what this build made, and the earlier records of
    // outputs still expected (of a part of the batch: every earlier record).
    next.outputs = recorded
        .hashes
        .iter()
        .filter(|(rel, _)| !whole || expected_rel.contains(*rel))
        .map(|(rel, h)| (rel.clone(), h.clone()))
        .collect();
    for (path, hash) in hashes {
        if let Some(rel) = rel_to(&opts.out, &path) {
            next.outputs.insert(rel, hash);
        }
    }
    let mut warnings = Vec::new();
    if whole {
        for rel in recorded.paths().filter(|rel| !expected_rel.contains(*rel)) {
            match recorded.verify(&opts.out, rel) {
                Verified::Gone => {}
                Verified::Ours(path) if opts.check => summary.problems.push(Problem::Orphaned(path)),
                Verified::Ours(path) => match std::fs::remove_file(&path) {
                    Ok(()) => summary.removed.push(path),
                    Err(e) => warnings.push(Diagnostic::warning(
                        &path,
                        format!("no input makes this output any more, and it cannot be removed: {e}"),
                    )),
                },
                Verified::Changed(path) => warnings.push(
                    Diagnostic::warning(
                        &path,
                        "no input makes this output any more, but it changed since vanban wrote it: kept",
                    )
                    .hint("delete it if it is not needed; vanban removes only files it wrote, unchanged"),
                ),
            }
        }
    }
    // One walk of the output folder: temporary files of killed builds, and outputs no input
    // makes that vanban has no record of writing (kept; said once).
    let walked = if opts.validate_only {
        Vec::new()
    } else {
        walk_out(&opts.out)
    };
    for found in walked {
        match found {
            Found::Leftover(path) if opts.check => summary.problems.push(Problem::Leftover(path)),
            Found::Leftover(path) => {
                if std::fs::remove_file(&path).is_ok() {
                    summary.removed.push(path);
                }
            }
            Found::Pair(path) if whole => {
                let rel = rel_to(&opts.out, &path).unwrap_or_default();
                if !expected_rel.contains(&rel) && !recorded.knows(&rel) {
                    warnings.push(
                        Diagnostic::warning(
                            &path,
                            "no input makes this output (and its .docx), and vanban has no record of writing it: kept",
                        )
                        .hint("delete both files if they are old outputs; vanban only removes outputs its manifest records"),
                    );
                }
            }
            Found::Pair(_) => {}
        }
    }
    summary
        .warnings
        .extend(warnings.iter().map(DiagnosticJson::from));
    summary.diagnostics.extend(warnings);
    if !opts.check && !opts.validate_only {
        if !whole {
            // Keep what other parts of the batch recorded.
            for (k, e) in manifest.entries {
                next.entries.entry(k).or_insert(e);
            }
        }
        if let Ok(bytes) = serde_json::to_vec_pretty(&next) {
            // The manifest is a cache: failing to write it costs speed, not correctness.
            let _ = write_atomic(&opts.out.join(MANIFEST), &bytes);
        }
    }
    summary
}

/// `out/2018/x.md` → "2018/x.md"; `None` for a path not plainly under `out`.
fn rel_to(out: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(out).ok()?;
    crate::paths::is_plain_relative(rel).then(|| rel.to_string_lossy().replace('\\', "/"))
}

/// The outputs an earlier build recorded as its own: with their content hash, or (in a
/// manifest of an older vanban) their size and modification time.
#[derive(Debug, Default)]
struct Recorded {
    hashes: BTreeMap<String, String>,
    stamps: BTreeMap<String, Stamp>,
}

enum Verified {
    /// Nothing there any more.
    Gone,
    /// The file is as vanban wrote it.
    Ours(PathBuf),
    /// Something else is there now: another file, a link, or the output edited by hand.
    Changed(PathBuf),
}

impl Recorded {
    fn paths(&self) -> impl Iterator<Item = &String> {
        let mut all: BTreeSet<&String> = self.hashes.keys().collect();
        all.extend(self.stamps.keys());
        all.into_iter()
    }

    fn knows(&self, rel: &str) -> bool {
        self.hashes.contains_key(rel) || self.stamps.contains_key(rel)
    }

    /// Whether the recorded output `rel` is still, byte for byte, what vanban wrote. A
    /// record that is not a plain `.md`/`.docx` path under `out` (a tampered manifest) is
    /// never ours.
    fn verify(&self, out: &Path, rel: &str) -> Verified {
        let rel_path = Path::new(rel);
        let path = out.join(rel_path);
        let output_like = crate::paths::is_plain_relative(rel_path)
            && matches!(
                rel_path.extension().and_then(|x| x.to_str()),
                Some("md" | "docx")
            );
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return Verified::Gone;
        };
        if !output_like || !meta.is_file() || !crate::paths::resolves_inside(&path, out) {
            return Verified::Changed(path);
        }
        let same = match (self.hashes.get(rel), self.stamps.get(rel)) {
            (Some(h), _) => crate::paths::read_confined(&path, out, MAX_OUTPUT_BYTES)
                .is_ok_and(|b| hex(&Sha256::digest(&b)) == *h),
            (None, Some(s)) => {
                stamp(&path).is_some_and(|now| now.len == s.len && now.modified_ns == s.modified_ns)
            }
            (None, None) => false,
        };
        if same {
            Verified::Ours(path)
        } else {
            Verified::Changed(path)
        }
    }
}

fn recorded_outputs(out: &Path, old: &Manifest) -> Recorded {
    let stamps = old
        .entries
        .values()
        .flat_map(|e| &e.outputs)
        .filter_map(|s| Some((rel_to(out, &s.path)?, s.clone())))
        .collect();
    Recorded {
        hashes: old.outputs.clone(),
        stamps,
    }
}

enum Found {
    /// A temporary file of a build that is no longer running.
    Leftover(PathBuf),
    /// `x.md` with an `x.docx` beside it.
    Pair(PathBuf),
}

/// Walks the output folder (links are not followed) for leftover temporary files and
/// output-like pairs.
fn walk_out(out: &Path) -> Vec<Found> {
    let mut found = Vec::new();
    for e in walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let name = e.file_name().to_string_lossy();
        if let Some(pid) = temp_pid(&name) {
            if stale_temp(pid, e.path()) {
                found.push(Found::Leftover(e.into_path()));
            }
        } else if name.ends_with(".md") && e.path().with_extension("docx").is_file() {
            found.push(Found::Pair(e.into_path()));
        }
    }
    found
}

/// The process id in the name of one of vanban's temporary files: `.x.md.vanban-123-….tmp`
/// (or `.x.md.123.tmp`, as older versions named them).
fn temp_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (base, tail) = inner.rsplit_once('.')?;
    let is_output = [".md", ".docx", ".json", ".yaml"]
        .iter()
        .any(|x| base.ends_with(x));
    if !is_output {
        return None;
    }
    let digits = match tail.strip_prefix("vanban-") {
        Some(rest) => rest.split('-').next()?,
        None => tail,
    };
    digits.parse().ok()
}

/// A temporary file is stale when the build that made it is no longer running, or (a process
/// id reused) it is more than an hour old.
fn stale_temp(pid: u32, path: &Path) -> bool {
    let old = std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600));
    old || (pid != std::process::id() && !process_alive(pid))
}

/// Whether a process with this id runs, where the system says so cheaply (Linux's `/proc`);
/// elsewhere a temporary file is stale only by its age.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    proc.join(pid.to_string()).exists()
}

/// Hash of what every document depends on besides its own text: the tool itself (version
/// and executable, so a rebuilt vanban rebuilds the documents) and the templates in use.
fn shared_key(templates: &Templates) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(s) = std::env::current_exe().ok().and_then(|exe| stamp(&exe)) {
        h.update(s.len.to_le_bytes());
        h.update(s.modified_ns.to_le_bytes());
    }
    for (name, text) in &templates.sources {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    h.finalize().to_vec()
}

fn build_one(
    input: &Input,
    opts: &Options,
    templates: &Templates,
    key: Option<&str>,
    manifest: &Manifest,
    batch_errors: &[Diagnostic],
    project: &Project,
) -> DocResult {
    let mut r = DocResult {
        outcome: Outcome::Failed,
        written: Vec::new(),
        hashes: Vec::new(),
        problems: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        entry: None,
    };
    if !batch_errors.is_empty() {
        r.errors = batch_errors.to_vec();
        return r;
    }
    let targets = output_paths(&opts.out, input);
    let bytes = match load::read_bytes(&input.path) {
        Ok(b) => b,
        Err(d) => {
            r.errors.push(d);
            return r;
        }
    };
    let parsed = load::decode(&bytes, &input.path).and_then(|text| {
        let doc = load::parse(&text, &input.path)?;
        Ok((text, doc))
    });
    let (text, doc) = match parsed {
        Ok(x) => x,
        Err(d) => {
            r.errors.push(d);
            return r;
        }
    };
    // A signed document's images are part of its input.
    let images = match compile::images(&doc, &text, &input.path, &FsAssets) {
        Ok(i) => i,
        Err(errors) => {
            r.errors = errors;
            return r;
        }
    };
    let key = if images == compile::Images::default() {
        key.unwrap_or_default().to_string()
    } else {
        let mut h = Sha256::new();
        h.update(key.unwrap_or_default().as_bytes());
        for image in [&images.signature, &images.seal] {
            h.update([0]);
            if let Some(png) = image {
                h.update(png);
            }
        }
        hex(&h.finalize())
    };
    let rel = rel_key(input);
    if let Some(old) = manifest.entries.get(&rel) {
        let fresh = old.key == key
            && old
                .outputs
                .iter()
                .all(|s| stamp(&s.path).as_ref() == Some(s));
        if fresh && old.outputs.len() == targets.len() {
            r.outcome = Outcome::Unchanged;
            r.entry = Some((rel, old.clone()));
            return r;
        }
    }
    let out = match compile::compile_document(&doc, &text, &input.path, templates, images, project)
    {
        Ok(o) => o,
        Err(errors) => {
            r.errors = errors;
            return r;
        }
    };
    r.outcome = Outcome::Unchanged;
    r.warnings = out.warnings;
    if opts.validate_only {
        return r;
    }
    if !opts.check {
        if let Some(d) = targets
            .iter()
            .find_map(|t| crate::paths::check_output(&opts.out, t).err())
        {
            r.outcome = Outcome::Failed;
            r.errors.push(d);
            return r;
        }
    }
    let contents: [&[u8]; 2] = [out.markdown.as_bytes(), &out.docx];
    for (path, content) in targets.iter().zip(contents) {
        let current = crate::paths::read_confined(path, &opts.out, MAX_OUTPUT_BYTES).ok();
        let hash = hex(&Sha256::digest(content));
        if current.as_deref() == Some(content) {
            r.hashes.push((path.clone(), hash));
            continue;
        }
        r.outcome = Outcome::Built;
        if opts.check {
            r.problems.push(match current {
                Some(_) => Problem::Stale(path.clone()),
                None => Problem::Missing(path.clone()),
            });
        } else if let Err(e) = write_atomic(path, content) {
            r.outcome = Outcome::Failed;
            r.errors.push(
                Diagnostic::error(path, format!("cannot write the output: {e}"))
                    .hint("check that the output folder is writable"),
            );
            return r;
        } else {
            r.written.push(path.clone());
            r.hashes.push((path.clone(), hash));
        }
    }
    if !opts.check {
        let outputs: Option<Vec<Stamp>> = targets.iter().map(|p| stamp(p)).collect();
        r.entry = outputs.map(|outputs| {
            let entry = Entry {
                key,
                source: hex(&Sha256::digest(&bytes)),
                number: validate::number_key(&doc),
                outputs,
            };
            (rel, entry)
        });
    }
    r
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The checks that need the whole batch: a signed document's number used twice by the same
/// issuer, kind and year. Unchanged documents answer from the manifest; the others are parsed.
/// Returns the errors of the documents concerned, by path.
fn duplicate_numbers(
    all: &[Input],
    scans: &BTreeMap<PathBuf, BTreeMap<PathBuf, Scan>>,
    manifest: &Manifest,
) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let cached: BTreeMap<&str, &Entry> = manifest
        .entries
        .values()
        .map(|e| (e.source.as_str(), e))
        .collect();
    let numbers: Vec<(&Input, NumberKey)> = all
        .par_iter()
        .filter_map(|i| {
            let s = scan_of(scans, &i.path)?;
            if !s.numbered {
                return None;
            }
            if let Some(e) = s.source.as_deref().ok().and_then(|src| cached.get(src)) {
                return Some((i, e.number.clone()?));
            }
            let text = load::read_text(&i.path).ok()?;
            let key = match validate::quick_number_key(&text, &i.path) {
                Some(key) => key,
                None => validate::number_key(&load::parse(&text, &i.path).ok()?),
            };
            Some((i, key?))
        })
        .collect();
    let mut count: BTreeMap<&NumberKey, usize> = BTreeMap::new();
    for (_, k) in &numbers {
        *count.entry(k).or_default() += 1;
    }
    // Only the documents that collide are read again, to locate their errors.
    let clashing: Vec<&Input> = numbers
        .iter()
        .filter(|(_, k)| count.get(k).is_some_and(|n| *n > 1))
        .map(|(i, _)| *i)
        .collect();
    batch_checks(&clashing.into_iter().cloned().collect::<Vec<_>>())
}

/// Duplicate numbers among `inputs`, each error located in its file and naming the others.
pub fn batch_checks(inputs: &[Input]) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let loaded: Vec<(&Input, String, crate::model::Document)> = inputs
        .par_iter()
        .filter_map(|i| {
            let text = load::read_text(&i.path).ok()?;
            let doc = load::parse(&text, &i.path).ok()?;
            Some((i, text, doc))
        })
        .collect();
    let entries: Vec<BatchEntry<'_>> = loaded
        .iter()
        .map(|(i, text, doc)| BatchEntry {
            path: &i.path,
            text,
            doc,
        })
        .collect();
    validate::duplicate_numbers(&entries)
        .into_iter()
        .zip(&loaded)
        .filter(|(errors, _)| !errors.is_empty())
        .map(|(errors, (i, _, _))| (i.path.clone(), errors))
        .collect()
}

fn lean_projects(
    scans: &BTreeMap<PathBuf, BTreeMap<PathBuf, Scan>>,
) -> (BTreeMap<PathBuf, Project>, Vec<Diagnostic>) {
    let mut projects = BTreeMap::new();
    let mut problems = Vec::new();
    for (root, docs) in scans {
        let kinds: BTreeMap<PathBuf, Option<String>> = docs
            .iter()
            .map(|(p, s)| (p.clone(), s.kind.clone()))
            .collect();
        let (project, found) = Project::load_lean(root, &kinds);
        problems.extend(found);
        projects.insert(root.clone(), project);
    }
    (projects, problems)
}

/// The projects (units registry and documents) of the plans folders that `paths` belong to,
/// each read once, and the problems of their registries.
pub fn load_projects(paths: &[PathBuf]) -> (BTreeMap<PathBuf, Project>, Vec<Diagnostic>) {
    lean_projects(&scan(paths))
}

/// The project an input belongs to: the one whose plans folder holds it (the deepest).
pub fn project_of<'a>(
    projects: &'a BTreeMap<PathBuf, Project>,
    input: &Input,
) -> Option<&'a Project> {
    projects
        .iter()
        .filter(|(root, _)| input.path.starts_with(root))
        .max_by_key(|(root, _)| root.components().count())
        .map(|(_, p)| p)
}

/// `output/2018/x.md` and `output/2018/x.docx` for `plans/2018/x.yaml`.
pub fn output_paths(out: &Path, input: &Input) -> [PathBuf; 2] {
    let base = out.join(&input.rel);
    [base.with_extension("md"), base.with_extension("docx")]
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file and a failure leaves the old file as it was.
///
/// The temporary file's name is unpredictable (`.x.md.vanban-<pid>-<random>.tmp`) and it is
/// created exclusively: when anything is already there (a file, or a symlink planted to
/// redirect the write) another name is tried, so a write never goes through a link. The
/// rename replaces a link at `path` itself, never its target. A temporary file left by a
/// killed build is removed by the next build (`--check` lists it).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let (tmp, mut f) = create_temp(dir, name)?;
    let result = f.write_all(bytes).and_then(|()| f.flush()).and_then(|()| {
        drop(f);
        std::fs::rename(&tmp, path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates a new temporary file beside `name` in `dir`, failing rather than opening anything
/// that exists.
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut last = None;
    for _ in 0..16 {
        let tmp = dir.join(format!(
            ".{name}.vanban-{}-{}.tmp",
            std::process::id(),
            random_hex()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("cannot create a temporary file")))
}

/// 128 random bits as hex, from the standard library's randomly seeded hasher (seeded from
/// the operating system), mixed with the time and a counter.
fn random_hex() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let half = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(n);
        h.write_u128(nanos);
        h.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}
