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
use crate::world::{InBuild, World};

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
    /// The diagnostics as they print, for the terminal (empty when they went to a sink, see
    /// [`run_with`]).
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
    /// How many errors there were (also those handed to a sink).
    #[serde(skip)]
    pub error_count: usize,
    /// How many warnings there were (also those handed to a sink).
    #[serde(skip)]
    pub warning_count: usize,
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
            error_count: 0,
            warning_count: 0,
        }
    }
}

impl Summary {
    /// True when nothing failed and nothing is stale.
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.error_count == 0 && self.problems.is_empty()
    }
}

/// The manifest: one record per document (what the last scan learnt of its YAML, and the key
/// and stamps of the outputs it last made) and the content hash of every output written.
/// Written compactly and read whole; a manifest of another version is ignored but for its
/// record of outputs (so their orphans can still be removed).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// [`MANIFEST_VERSION`].
    #[serde(default)]
    version: u32,
    /// By document key: the path relative to its plans folder, with `/`.
    #[serde(default)]
    docs: BTreeMap<String, Record>,
    /// Every output vanban wrote (or found identical to what it would write), by path
    /// relative to the output folder with `/`, and the SHA-256 of its content: the only files
    /// a build may remove as orphans, and only while their content is still that.
    #[serde(default)]
    outputs: BTreeMap<String, String>,
}

/// The shape of the manifest this vanban writes.
const MANIFEST_VERSION: u32 = 3;

/// What a build knows of one document without reading it again: what the scan learnt of
/// its YAML (see [`Scan`]; recorded only when the file was read) and the outputs it made.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Record {
    /// Size and modification time of the YAML when it was scanned: while they are the same,
    /// the file is not read again.
    #[serde(rename = "in")]
    input: Stamp,
    /// [`Scan::source`].
    src: String,
    /// [`Scan::kind`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    /// [`Scan::names_image`].
    #[serde(default, skip_serializing_if = "is_false")]
    img: bool,
    /// [`Scan::numbered`].
    #[serde(default, skip_serializing_if = "is_false")]
    num: bool,
    /// The outputs it made, when its last build succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    built: Option<Entry>,
}

fn is_false(b: &bool) -> bool {
    !b
}

impl Record {
    fn new(input: Stamp, scan: Scan, built: Option<Entry>) -> Option<Record> {
        let src = scan.source.ok()?;
        // The entry's source is written only when it is not the scan's.
        let built = built.map(|mut e| {
            if e.source == src {
                e.source.clear();
            }
            e
        });
        Some(Record {
            input,
            src,
            kind: scan.kind,
            img: scan.names_image,
            num: scan.numbered,
            built,
        })
    }

    fn scan(&self) -> Scan {
        Scan {
            source: Ok(self.src.clone()),
            kind: self.kind.clone(),
            names_image: self.img,
            numbered: self.num,
        }
    }

    /// After reading: the entry's source, when it was left out, is the scan's.
    fn complete(&mut self) {
        if let Some(e) = &mut self.built {
            if e.source.is_empty() {
                e.source.clone_from(&self.src);
            }
        }
    }
}

/// Largest manifest read (a cache: one that is larger is ignored, as if absent).
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// Largest output compared with what a build makes (a larger file there is simply replaced).
pub const MAX_OUTPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Most worker threads a build starts, whatever `--jobs` says.
pub const MAX_JOBS: usize = 256;

/// The outputs of a document as its last build made them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Entry {
    /// Hash of everything the outputs depend on.
    key: String,
    /// Hash of the YAML's bytes alone, and what its number must be unique within: lets the
    /// next build check duplicate numbers without parsing unchanged documents. Written only
    /// when it is not the record's own `src`.
    #[serde(rename = "src", default, skip_serializing_if = "String::is_empty")]
    source: String,
    #[serde(rename = "no", default, skip_serializing_if = "Option::is_none")]
    number: Option<NumberKey>,
    /// Stamps of the `.md` and the `.docx` (see [`output_paths`]).
    #[serde(rename = "out")]
    outputs: Vec<Stamp>,
    /// In the file only: the content hashes of the `.md` and the `.docx`, which stand in
    /// memory in the manifest's record of outputs.
    #[serde(rename = "h", default, skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<String>,
}

/// The names of the outputs of the document `key` relative to the output folder.
fn output_rels(key: &str) -> [String; 2] {
    let p = Path::new(key);
    ["md", "docx"].map(|x| p.with_extension(x).to_string_lossy().replace('\\', "/"))
}

/// Size and modification time (ns since the epoch) of a file, to notice it was changed or
/// deleted by hand.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
struct Stamp(u64, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let modified_ns = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(Stamp(meta.len(), u64::try_from(modified_ns).ok()?))
}

/// Whether the outputs at `paths` are as `stamps` recorded them.
fn outputs_unchanged(stamps: &[Stamp], paths: &[PathBuf]) -> bool {
    stamps.len() == paths.len()
        && stamps
            .iter()
            .zip(paths)
            .all(|(s, p)| stamp(p).as_ref() == Some(s))
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
    scan_cached(paths, &[], &BTreeMap::new())
        .into_iter()
        .map(|(root, docs)| (root, docs.into_iter().map(|(p, (_, s))| (p, s)).collect()))
        .collect()
}

type Scans = BTreeMap<PathBuf, BTreeMap<PathBuf, (Option<Stamp>, Scan)>>;

/// Like [`scan`], but a file whose size and modification time are those recorded in `cache`
/// (by document key) is not read: its recorded scan is taken. `found` are the documents
/// already discovered under `paths`: a plans folder given as a path is not walked again.
fn scan_cached(paths: &[PathBuf], found: &[Input], cache: &BTreeMap<String, Record>) -> Scans {
    let roots: BTreeSet<PathBuf> = paths.iter().map(|p| load::project_root(p)).collect();
    roots
        .into_iter()
        .map(|root| {
            let walked;
            let docs: Vec<&Input> = if paths.contains(&root) {
                found.iter().filter(|i| i.path.starts_with(&root)).collect()
            } else {
                walked = load::discover(std::slice::from_ref(&root)).unwrap_or_default();
                walked.iter().collect()
            };
            // Collected in order, then built in bulk (a parallel collect into the map would
            // insert, comparing paths, one by one).
            let scanned: Vec<(PathBuf, (Option<Stamp>, Scan))> = docs
                .par_iter()
                .map(|i| {
                    let st = stamp(&i.path);
                    let cached = cache.get(&rel_key(i)).filter(|r| Some(r.input) == st);
                    let scan = match cached {
                        Some(r) => r.scan(),
                        None => scan_one(&i.path),
                    };
                    (i.path.clone(), (st, scan))
                })
                .collect();
            (root, scanned.into_iter().collect())
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
                source: Ok(digest(&bytes)),
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
    short(h)
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
    run_with(opts, progress, None)
}

/// Like [`run`], but hands every diagnostic to `sink` as the batch goes (in document order:
/// each document's warnings, then its errors; then those of the batch as a whole) instead of
/// keeping them in the summary: [`Summary::diagnostics`], `errors` and `warnings` stay
/// empty and only their counts are kept, so memory does not grow with them. `progress` is
/// called in input order too.
pub fn run_with(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    sink: Option<Sink<'_>>,
) -> Result<Summary, Diagnostic> {
    run_in(opts, progress, sink, None)
}

/// Like [`run`], keeping in `world` what the next build can reuse (the compiled templates,
/// each document's outputs and what they were made from): `vanban watch`. The outputs are
/// those [`run`] writes.
pub(crate) fn run_kept(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    world: &World,
) -> Result<Summary, Diagnostic> {
    run_in(opts, progress, None, Some(world))
}

fn run_in(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    sink: Option<Sink<'_>>,
    world: Option<&World>,
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
    let sharded: Vec<Input>;
    let inputs: &[Input] = match opts.shard {
        Some((i, n)) => {
            sharded = all
                .iter()
                .enumerate()
                .filter(|(k, _)| k % n == i - 1)
                .map(|(_, x)| x.clone())
                .collect();
            &sharded
        }
        None => &all,
    };
    let templates = match world {
        Some(w) => w.templates(tdir.as_deref())?,
        None => std::sync::Arc::new(Templates::load(tdir.as_deref())?),
    };
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
        read_manifest(&opts.out)
    };
    let recorded = Recorded {
        hashes: old.outputs.clone(),
    };
    let manifest = if opts.force || opts.check || opts.validate_only {
        Manifest::default()
    } else {
        old
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.min(MAX_JOBS))
        .build()
        .map_err(|e| Diagnostic::error(&opts.out, format!("cannot start worker threads: {e}")))?;
    // The driver runs on this thread and hands each parallel stage to the pool: what it
    // keeps for the whole batch is then allocated apart from the workers' short-lived
    // buffers (which otherwise fragment the heap and hold on to memory).
    let mut acc = run_in_pool(
        &pool, opts, progress, sink, &all, inputs, &templates, &shared, manifest, &recorded, world,
    )?;
    // Symlinks leading out of the plans folder: refused, each a failed document.
    acc.summary.documents += refused.len();
    acc.summary.failed += refused.len();
    for d in refused {
        acc.diagnostic(d);
    }
    Ok(acc.summary)
}

/// Where a build hands its diagnostics as it finds them (see [`run_with`]).
pub type Sink<'a> = &'a mut (dyn FnMut(&Diagnostic) + Send);

/// Gathers what a build did, document by document, in input order.
struct Acc<'a> {
    summary: Summary,
    sink: Option<Sink<'a>>,
    /// The outputs of each document built (or unchanged), by document key.
    entries: HashMap<String, Entry>,
    /// Content hash of every output this build made, by path relative to the output folder.
    hashes: BTreeMap<String, String>,
}

impl Acc<'_> {
    fn diagnostic(&mut self, d: Diagnostic) {
        if d.is_error() {
            self.summary.error_count += 1;
        } else {
            self.summary.warning_count += 1;
        }
        match &mut self.sink {
            Some(sink) => sink(&d),
            None => {
                let json = DiagnosticJson::from(&d);
                if d.is_error() {
                    self.summary.errors.push(json);
                } else {
                    self.summary.warnings.push(json);
                }
                self.summary.diagnostics.push(d);
            }
        }
    }

    fn document(&mut self, out: &Path, r: DocResult) {
        match r.outcome {
            Outcome::Built => self.summary.built += 1,
            Outcome::Unchanged => self.summary.unchanged += 1,
            Outcome::Failed => self.summary.failed += 1,
        }
        // What is kept is copied here, on the driver's thread (see `run_with`), and the
        // worker's allocations freed.
        self.summary.written.extend(r.written.iter().cloned());
        for (path, hash) in &r.hashes {
            if let Some(rel) = rel_to(out, path) {
                self.hashes.insert(rel, hash.clone());
            }
        }
        self.summary.problems.extend(r.problems);
        for d in r.warnings.into_iter().chain(r.errors) {
            self.diagnostic(d);
        }
        if let Some((k, e)) = &r.entry {
            self.entries.insert(k.clone(), e.clone());
        }
    }
}

/// Documents compiled between two hand-overs of results: enough to keep every worker busy,
/// few enough that memory does not grow with the batch.
const CHUNK_PER_THREAD: usize = 32;

#[allow(clippy::too_many_arguments)]
fn run_in_pool<'a>(
    pool: &rayon::ThreadPool,
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    sink: Option<Sink<'a>>,
    all: &[Input],
    inputs: &[Input],
    templates: &Templates,
    shared: &[u8],
    manifest: Manifest,
    recorded: &Recorded,
    world: Option<&World>,
) -> Result<Acc<'a>, Diagnostic> {
    let stamped = pool.install(|| scan_cached(&opts.paths, all, &manifest.docs));
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
    // Only reports depend on their whole plans folder.
    let any_report = inputs
        .iter()
        .any(|i| scan_of(&i.path).is_some_and(|s| is_report(s.kind.as_deref())));
    let folder_keys: BTreeMap<&PathBuf, String> = scans
        .iter()
        .filter(|_| any_report)
        .map(|(root, docs)| (root, folder_key(root, docs)))
        .collect();
    let prefix = Sha256::new_with_prefix(shared);
    // First key of each input: everything but images.
    let keys: Vec<Option<String>> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| {
                let s = scan_of(&input.path)?;
                let source = s.source.as_ref().ok()?;
                let mut h = prefix.clone();
                h.update(rel_key(input).as_bytes());
                h.update([0]);
                h.update(source.as_bytes());
                if is_report(s.kind.as_deref()) {
                    let root = load::project_root(&input.path);
                    if let Some(k) = folder_keys.get(&root) {
                        h.update(k.as_bytes());
                    }
                }
                Some(short(h))
            })
            .collect()
    });
    // What the manifest says is still fresh, each output stat-ed once.
    let fresh: Vec<Option<&Entry>> = if opts.check || opts.force || opts.validate_only {
        vec![None; inputs.len()]
    } else {
        pool.install(|| {
            inputs
                .par_iter()
                .zip(&keys)
                .map(|(input, key)| {
                    let s = scan_of(&input.path)?;
                    let old = manifest.docs.get(&rel_key(input))?.built.as_ref()?;
                    let ok = !s.names_image
                        && key.as_deref() == Some(old.key.as_str())
                        && outputs_unchanged(&old.outputs, &output_paths(&opts.out, input));
                    ok.then_some(old)
                })
                .collect()
        })
    };
    // Inputs whose outputs would be one file: failed, never built (see `collisions`).
    let collided = crate::collisions::find(all);
    let all_fresh = collided.is_empty() && fresh.iter().all(Option::is_some);

    let mut acc = Acc {
        summary: Summary {
            documents: inputs.len(),
            command: match (opts.validate_only, opts.check) {
                (true, _) => "check",
                (_, true) => "build --check",
                _ => "build",
            },
            ..Summary::default()
        },
        sink,
        entries: HashMap::new(),
        hashes: BTreeMap::new(),
    };
    let unchanged = |input: &Input, e: &Entry| DocResult {
        outcome: Outcome::Unchanged,
        written: Vec::new(),
        hashes: Vec::new(),
        problems: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        entry: Some((rel_key(input), e.clone())),
    };
    let mut registry = Vec::new();
    if all_fresh {
        for (input, e) in inputs.iter().zip(&fresh) {
            progress(input, Outcome::Unchanged);
            if let Some(e) = e {
                acc.document(&opts.out, unchanged(input, e));
            }
        }
    } else {
        let mut batch = pool.install(|| duplicate_numbers(all, &scans, &manifest));
        crate::collisions::merge(&mut batch, &collided);
        let (projects, registry_problems) = pool.install(|| lean_projects(&scans, world));
        let kept = world.map(|w| w.build(shared, projects.values()));
        let work = |((input, key), old): ((&Input, &Option<String>), &Option<&Entry>)| {
            let errors = batch.get(&input.path).map_or(&[][..], Vec::as_slice);
            let project = project_of(&projects, input).unwrap_or(&EMPTY);
            match old {
                Some(e) if errors.is_empty() => unchanged(input, e),
                _ => build_one(
                    input,
                    opts,
                    templates,
                    key.as_deref(),
                    &manifest,
                    errors,
                    project,
                    kept.as_ref(),
                ),
            }
        };
        let chunk = CHUNK_PER_THREAD * pool.current_num_threads().max(1);
        for ((ins, ks), olds) in inputs
            .chunks(chunk)
            .zip(keys.chunks(chunk))
            .zip(fresh.chunks(chunk))
        {
            let results: Vec<DocResult> =
                pool.install(|| ins.par_iter().zip(ks).zip(olds).map(work).collect());
            for (input, r) in ins.iter().zip(&results) {
                progress(input, r.outcome);
            }
            for r in results {
                acc.document(&opts.out, r);
            }
        }
        registry = registry_problems;
    }
    drop(fresh);
    drop(index);
    let mut acc = finish(opts, inputs, acc, manifest, stamped, recorded);
    // The registry's own problems are reported once.
    for d in registry {
        acc.diagnostic(d);
    }
    Ok(acc)
}

static EMPTY: std::sync::LazyLock<Project> = std::sync::LazyLock::new(Project::default);

fn rel_key(input: &Input) -> String {
    input.rel.to_string_lossy().replace('\\', "/")
}

/// `2018/x.yaml` → `2018/x`: what the outputs of a document are named after.
fn stem_of(rel: &str) -> &str {
    let name_at = rel.rfind('/').map_or(0, |i| i + 1);
    match rel[name_at..].rfind('.') {
        Some(dot) if dot > 0 => &rel[..name_at + dot],
        _ => rel,
    }
}

/// Removes (or, with `--check`, lists) orphans and leftover temporary files, and writes the
/// manifest.
fn finish<'a>(
    opts: &Options,
    inputs: &[Input],
    mut acc: Acc<'a>,
    manifest: Manifest,
    scans: Scans,
    recorded: &Recorded,
) -> Acc<'a> {
    // Orphans are only judged over whole plans folders, never over a part or a shard.
    let whole = !opts.validate_only
        && opts.shard.is_none_or(|(_, n)| n == 1)
        && opts
            .paths
            .iter()
            .all(|p| p.is_dir() && load::plans_root_of_dir(p) == *p);
    // The outputs of the inputs, by the name they share (`2018/x` for `2018/x.md`).
    let stems: Vec<String> = inputs.iter().map(rel_key).collect();
    let expected_stems: HashSet<&str> = stems.iter().map(|k| stem_of(k)).collect();
    let expected = |rel: &str| {
        let is_output = rel.ends_with(".md") || rel.ends_with(".docx");
        is_output && expected_stems.contains(stem_of(rel))
    };
    // What stays recorded as vanban's: what this build made, and the earlier records of
    // outputs still expected (of a part of the batch: every earlier record).
    let mut outputs: BTreeMap<String, String> = recorded
        .hashes
        .iter()
        .filter(|(rel, _)| !whole || expected(rel))
        .map(|(rel, h)| (rel.clone(), h.clone()))
        .collect();
    outputs.append(&mut acc.hashes);
    let mut warnings = Vec::new();
    if whole {
        for rel in recorded.hashes.keys().filter(|rel| !expected(rel)) {
            match recorded.verify(&opts.out, rel) {
                Verified::Gone => {}
                Verified::Ours(path) if opts.check => {
                    acc.summary.problems.push(Problem::Orphaned(path))
                }
                Verified::Ours(path) => match std::fs::remove_file(&path) {
                    Ok(()) => acc.summary.removed.push(path),
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
            Found::Leftover(path) if opts.check => {
                acc.summary.problems.push(Problem::Leftover(path))
            }
            Found::Leftover(path) => {
                if std::fs::remove_file(&path).is_ok() {
                    acc.summary.removed.push(path);
                }
            }
            Found::Pair(path) if whole => {
                let rel = rel_to(&opts.out, &path).unwrap_or_default();
                if !expected(&rel) && !recorded.hashes.contains_key(&rel) {
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
    for d in warnings {
        acc.diagnostic(d);
    }
    if !opts.check && !opts.validate_only {
        // One record per document scanned; the outputs of those built now, and (of a part of
        // the batch) what earlier builds recorded of the others.
        let mut old = manifest.docs;
        let mut docs = BTreeMap::new();
        // Whether anything differs from the manifest read (else it is not written again).
        let mut changed = !acc.summary.removed.is_empty() || outputs != recorded.hashes;
        for (root, found) in scans {
            for (path, (st, scan)) in found {
                let Some(input) = st else {
                    continue;
                };
                let key = crate::project::normalise(
                    &path.strip_prefix(&root).unwrap_or(&path).to_string_lossy(),
                );
                let earlier = old.remove(&key);
                let mut was = earlier.clone();
                let built = match acc.entries.remove(&key) {
                    Some(e) => Some(e),
                    None if !whole => earlier.and_then(|r| r.built),
                    None => None,
                };
                if let Some(r) = Record::new(input, scan, built) {
                    if let Some(w) = &mut was {
                        if let Some(e) = &mut w.built {
                            if e.source == w.src {
                                e.source.clear();
                            }
                        }
                    }
                    changed |= was.as_ref() != Some(&r);
                    docs.insert(key, r);
                } else {
                    changed |= was.is_some();
                }
            }
        }
        if !whole {
            for (k, r) in old {
                docs.entry(k).or_insert(r);
            }
        } else {
            changed |= !old.is_empty();
        }
        if !changed {
            return acc;
        }
        // Each built document carries its outputs' hashes.
        let mut outputs = outputs;
        for (key, r) in &mut docs {
            let Some(e) = &mut r.built else { continue };
            let [md, docx] = output_rels(key);
            if outputs.contains_key(&md) && outputs.contains_key(&docx) {
                e.hashes = [md, docx]
                    .iter()
                    .filter_map(|rel| outputs.remove(rel))
                    .collect();
            }
        }
        let next = Manifest {
            version: MANIFEST_VERSION,
            docs,
            outputs,
        };
        // The manifest is a cache: failing to write it costs speed, not correctness.
        let _ = write_manifest(&opts.out, &next);
    }
    acc
}

/// The manifest in `out`, or an empty one (absent, unreadable, too large, of another shape).
/// Of a manifest of another version only the record of outputs is kept.
fn read_manifest(out: &Path) -> Manifest {
    #[derive(Deserialize)]
    struct Outputs {
        #[serde(default)]
        outputs: BTreeMap<String, String>,
    }
    let Ok(bytes) = crate::paths::read_confined(&out.join(MANIFEST), out, MAX_MANIFEST_BYTES)
    else {
        return Manifest::default();
    };
    match serde_json::from_slice::<Manifest>(&bytes) {
        Ok(mut m) if m.version == MANIFEST_VERSION => {
            for (key, r) in &mut m.docs {
                r.complete();
                if let Some(e) = &mut r.built {
                    if e.hashes.len() == 2 {
                        for (rel, h) in output_rels(key).into_iter().zip(e.hashes.drain(..)) {
                            m.outputs.insert(rel, h);
                        }
                    }
                }
            }
            m
        }
        _ => Manifest {
            outputs: serde_json::from_slice::<Outputs>(&bytes)
                .map(|o| o.outputs)
                .unwrap_or_default(),
            ..Manifest::default()
        },
    }
}

/// Writes the manifest atomically, streamed through a buffer (never whole in memory).
fn write_manifest(out: &Path, m: &Manifest) -> std::io::Result<()> {
    let path = out.join(MANIFEST);
    std::fs::create_dir_all(out)?;
    let (tmp, f) = create_temp(out, MANIFEST)?;
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, f);
    let mut result = serde_json::to_writer(&mut w, m).map_err(std::io::Error::other);
    if result.is_ok() {
        result = w.flush();
    }
    drop(w);
    if result.is_ok() {
        result = std::fs::rename(&tmp, &path);
    }
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `out/2018/x.md` → "2018/x.md"; `None` for a path not plainly under `out`.
fn rel_to(out: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(out).ok()?;
    crate::paths::is_plain_relative(rel).then(|| rel.to_string_lossy().replace('\\', "/"))
}

/// The outputs an earlier build recorded as its own, with their content hash.
#[derive(Debug, Default)]
struct Recorded {
    hashes: BTreeMap<String, String>,
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
        let same = self.hashes.get(rel).is_some_and(|h| {
            crate::paths::read_confined(&path, out, MAX_OUTPUT_BYTES)
                .is_ok_and(|b| digest(&b) == *h)
        });
        if same {
            Verified::Ours(path)
        } else {
            Verified::Changed(path)
        }
    }
}

enum Found {
    /// A temporary file of a build that is no longer running.
    Leftover(PathBuf),
    /// `x.md` with an `x.docx` beside it.
    Pair(PathBuf),
}

/// Walks the output folder (links are not followed; sorted, depth first) for leftover
/// temporary files and output-like pairs. Each folder is listed once and nothing is stat-ed:
/// whether `x.docx` is beside `x.md` is read from the listing.
fn walk_out(out: &Path) -> Vec<Found> {
    let mut found = Vec::new();
    walk_dir(out, &mut found);
    found
}

fn walk_dir(dir: &Path, found: &mut Vec<Found>) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(std::ffi::OsString, std::fs::FileType)> = listing
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name(), e.file_type().ok()?)))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let is_file = |name: &str| {
        entries
            .binary_search_by(|(n, _)| n.as_os_str().cmp(std::ffi::OsStr::new(name)))
            .is_ok_and(|i| entries[i].1.is_file())
    };
    for (name, kind) in &entries {
        if kind.is_dir() {
            walk_dir(&dir.join(name), found);
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        let name_str = name.to_string_lossy();
        if let Some(pid) = temp_pid(&name_str) {
            let path = dir.join(name);
            if stale_temp(pid, &path) {
                found.push(Found::Leftover(path));
            }
        } else if let Some(stem) = name_str.strip_suffix(".md") {
            let mut docx = String::with_capacity(stem.len() + 5);
            docx.push_str(stem);
            docx.push_str(".docx");
            if is_file(&docx) {
                found.push(Found::Pair(dir.join(name)));
            }
        }
    }
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
        h.update(s.0.to_le_bytes());
        h.update(s.1.to_le_bytes());
    }
    for (name, text) in &templates.sources {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    h.finalize().to_vec()
}

#[allow(clippy::too_many_arguments)]
fn build_one(
    input: &Input,
    opts: &Options,
    templates: &Templates,
    key: Option<&str>,
    manifest: &Manifest,
    batch_errors: &[Diagnostic],
    project: &Project,
    kept: Option<&InBuild<'_>>,
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
    let parsed = crate::read::decode(&bytes, &input.path).and_then(|text| {
        let doc = match kept {
            Some(k) => k.parse(&text, &input.path)?,
            None => load::parse(&text, &input.path)?,
        };
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
        short(h)
    };
    let rel = rel_key(input);
    if let Some(old) = manifest.docs.get(&rel).and_then(|r| r.built.as_ref()) {
        if old.key == key && outputs_unchanged(&old.outputs, &targets) {
            r.outcome = Outcome::Unchanged;
            r.entry = Some((rel, old.clone()));
            return r;
        }
    }
    let compiled = match kept {
        Some(k) => k.compile(&doc, &bytes, &text, &input.path, templates, images, project),
        None => compile::compile_document(&doc, &text, &input.path, templates, images, project)
            .map(std::sync::Arc::new),
    };
    let out = match compiled {
        Ok(o) => o,
        Err(errors) => {
            r.errors = errors;
            return r;
        }
    };
    r.outcome = Outcome::Unchanged;
    r.warnings = out.warnings.clone();
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
        let hash = digest(content);
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
                source: digest(&bytes),
                number: validate::number_key(&doc),
                outputs,
                hashes: Vec::new(),
            };
            (rel, entry)
        });
    }
    r
}

/// The hashes vanban keeps: the first 128 bits of SHA-256, in hex (a cache key and a check
/// that a file is still what vanban wrote, not a defence against forgery).
fn digest(bytes: &[u8]) -> String {
    short(Sha256::new_with_prefix(bytes))
}

fn short(h: Sha256) -> String {
    hex(&h.finalize()[..16])
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
    let cached: HashMap<&str, &Entry> = manifest
        .docs
        .values()
        .filter_map(|r| r.built.as_ref())
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
    world: Option<&World>,
) -> (BTreeMap<PathBuf, Project>, Vec<Diagnostic>) {
    let kept = |text: &str, path: &Path| match world {
        Some(w) => w.parse(text, path),
        None => load::parse(text, path),
    };
    let mut projects = BTreeMap::new();
    let mut problems = Vec::new();
    for (root, docs) in scans {
        let kinds: BTreeMap<PathBuf, Option<String>> = docs
            .iter()
            .map(|(p, s)| (p.clone(), s.kind.clone()))
            .collect();
        let (project, found) = Project::load_lean_with(root, &kinds, &kept);
        problems.extend(found);
        projects.insert(root.clone(), project);
    }
    (projects, problems)
}

/// The projects (units registry and documents) of the plans folders that `paths` belong to,
/// each read once, and the problems of their registries.
pub fn load_projects(paths: &[PathBuf]) -> (BTreeMap<PathBuf, Project>, Vec<Diagnostic>) {
    lean_projects(&scan(paths), None)
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
            crate::paths::random_hex()
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
