//! The batch driver: finds the inputs, compiles them in parallel, writes the outputs
//! atomically, skips documents whose inputs did not change (a manifest of content hashes), and
//! with `--check` compares instead of writing. One bad document never stops the batch.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::assets::FsAssets;
use crate::compile;
use crate::error::Diagnostic;
use crate::load::{self, Input};
use crate::project::Project;
use crate::templates::Templates;
use crate::validate::{self, BatchEntry};
use crate::world::{InBuild, World};

mod manifest;
use manifest::{Built, Hash, Line, Manifest, Record, Stamp};

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
    /// Files written (empty when the diagnostics went to a sink, see [`run_with`]: then
    /// only [`Summary::written_count`] counts them).
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
    /// How many files were written.
    #[serde(skip)]
    pub written_count: usize,
}

pub use crate::error::DiagnosticJson;

/// The version of the JSON that `build`, `build --check` and `check` print.
pub const JSON_VERSION: u32 = crate::json::VERSION;

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
            written_count: 0,
        }
    }
}

impl Summary {
    /// True when nothing failed and nothing is stale.
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.error_count == 0 && self.problems.is_empty()
    }
}

/// Largest manifest read (a cache: one that is larger is ignored, as if absent).
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// Largest output compared with what a build makes (a larger file there is simply replaced).
pub const MAX_OUTPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Most worker threads a build starts, whatever `--jobs` says.
pub const MAX_JOBS: usize = 256;

/// The names of the outputs of the document `key` relative to the output folder.
fn output_rels(key: &str) -> [String; 2] {
    let p = Path::new(key);
    ["md", "docx"].map(|x| p.with_extension(x).to_string_lossy().replace('\\', "/"))
}

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
fn outputs_unchanged(stamps: &[Stamp; 2], paths: &[PathBuf; 2]) -> bool {
    stamps
        .iter()
        .zip(paths)
        .all(|(s, p)| stamp(p).as_ref() == Some(s))
}

struct DocResult {
    outcome: Outcome,
    written: Vec<PathBuf>,
    /// Content hash of the `.md` and the `.docx`, where this build made them (written or
    /// already identical).
    hashes: [Option<Hash>; 2],
    problems: Vec<Problem>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// The outputs it made, for the manifest.
    entry: Option<Built<'static>>,
    /// Its outputs are those the manifest records.
    reuse: bool,
}

impl DocResult {
    fn new(outcome: Outcome) -> DocResult {
        DocResult {
            outcome,
            written: Vec::new(),
            hashes: [None, None],
            problems: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            entry: None,
            reuse: false,
        }
    }
}

/// One document of the plans folders, as the scan found it.
struct Doc<'i, 'm> {
    input: &'i Input,
    /// Its key: the path relative to its plans folder, with `/`.
    key: Cow<'i, str>,
    /// Index of its plans folder.
    root: usize,
    /// Its size and modification time now (`None`: it cannot be stat-ed).
    stamp: Option<Stamp>,
    /// Index of its record in the manifest read.
    rec: Option<usize>,
    facts: Facts<'m>,
}

/// What the scan learnt of a document's YAML: the record's when its stamp is as recorded,
/// else what one read of the file gives.
struct Facts<'m> {
    /// Hash of its bytes, or the read error.
    src: Result<Hash, String>,
    /// The `kind` line's value, when it has a plain one.
    kind: Option<Cow<'m, str>>,
    /// It names a signature or seal image (which is then part of its input).
    img: bool,
    /// It has a `number:` line (so it takes part in the duplicate-number check).
    num: bool,
    /// Read now: its number key (`Some(None)`: none), for the duplicate check.
    number: Option<Option<String>>,
    /// Read now: its text, taken by the project (a report) or by its build instead of
    /// reading the file again. Kept for every report, and for other documents while the
    /// texts kept stay within [`KEEP_TEXTS`] (a rebuild after a few edits reads each once).
    text: std::sync::Mutex<Option<String>>,
}

impl Doc<'_, '_> {
    fn is_report(&self) -> bool {
        is_report(self.facts.kind.as_deref())
    }
}

/// Reads the document (when its stamp is not the recorded one): its hash and the few facts
/// the batch needs, and, for a report, its text. Memory does not grow with the plans.
fn scan_one<'m>(path: &Path, budget: &std::sync::atomic::AtomicUsize) -> Facts<'m> {
    let bytes = match load::read_bytes(path) {
        Ok(b) => b,
        Err(d) => {
            return Facts {
                src: Err(d.message),
                kind: None,
                img: false,
                num: false,
                number: None,
                text: std::sync::Mutex::new(None),
            }
        }
    };
    let has = |key: &[u8]| bytes.windows(key.len()).any(|w| w == key);
    let img = has(b"signature_image") || has(b"seal_image");
    let src = Ok(digest(&bytes));
    let decoded = crate::read::decode(&bytes, path).ok();
    let text: Cow<'_, str> = match &decoded {
        Some(t) => Cow::Borrowed(t),
        None => String::from_utf8_lossy(&bytes),
    };
    let kind = load::quick_kind(&text).map(Cow::Owned);
    let num = text.lines().any(|l| l.trim_start().starts_with("number:"));
    let number = num.then(|| {
        let text = decoded.as_deref()?;
        let key = match validate::quick_number_key(text, path) {
            Some(key) => key,
            None => validate::number_key(&load::parse(text, path).ok()?),
        };
        key.as_ref().map(manifest::number_text)
    });
    let size = decoded.as_ref().map_or(0, String::len);
    let keep = is_report(kind.as_deref()) || {
        use std::sync::atomic::Ordering::Relaxed;
        budget
            .fetch_update(Relaxed, Relaxed, |left| left.checked_sub(size))
            .is_ok()
    };
    Facts {
        src,
        kind,
        img,
        num,
        number,
        text: std::sync::Mutex::new(if keep { decoded } else { None }),
    }
}

/// Hash of a plans folder as a whole: its registry and every document. A report's outputs
/// depend on its plan and on the other reports, so its key includes this.
fn folder_key<'d>(root: &Path, docs: impl Iterator<Item = &'d Doc<'d, 'd>>) -> Hash {
    let mut h = Sha256::new();
    if let Ok(units) = load::read_bytes(&root.join(load::UNITS_FILE)) {
        h.update(&units);
    }
    for d in docs {
        h.update(d.input.path.to_string_lossy().as_bytes());
        h.update([0]);
        match &d.facts.src {
            Ok(src) => h.update(src),
            Err(_) => h.update(b"unreadable"),
        }
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
/// The cheap path first: every document is stat-ed, and read and hashed only when its size
/// or modification time is not the manifest's; when each input's hash (with the templates,
/// the tool and, for reports, the whole plans folder) matches the manifest and its outputs
/// are as written, nothing is parsed. Otherwise the reports and the plans they name are
/// loaded, duplicate numbers are checked over the whole batch, and the changed documents are
/// compiled, in parallel.
pub fn run(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
) -> Result<Summary, Diagnostic> {
    run_with(opts, progress, None)
}

/// Like [`run`], but hands every diagnostic to `sink` as the batch goes (in document order:
/// each document's warnings, then its errors; then those of the batch as a whole) instead of
/// keeping them in the summary: [`Summary::diagnostics`], `errors`, `warnings` and
/// `written` stay empty and only their counts are kept, so memory does not grow with them.
/// `progress` is called in input order too.
pub fn run_with(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    sink: Option<Sink<'_>>,
) -> Result<Summary, Diagnostic> {
    run_in(opts, progress, sink, None)
}

/// Like [`run`], keeping in `world` what the next build can reuse (the compiled templates,
/// the parsed documents, each document's outputs and what they were made from): `vanban
/// watch`. The outputs are those [`run`] writes.
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
    // The manifest's bytes, which its records borrow from.
    let bytes = if opts.validate_only {
        Vec::new()
    } else {
        crate::paths::read_confined(&opts.out.join(MANIFEST), &opts.out, MAX_MANIFEST_BYTES)
            .unwrap_or_default()
    };
    let old = Manifest::parse(&bytes).unwrap_or_else(|| Manifest {
        outputs: if bytes.is_empty() {
            Vec::new()
        } else {
            manifest::outputs_of_older(&bytes)
        },
        ..Manifest::default()
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.min(MAX_JOBS))
        .build()
        .map_err(|e| Diagnostic::error(&opts.out, format!("cannot start worker threads: {e}")))?;
    // The driver runs on this thread and hands each parallel stage to the pool: what it
    // keeps for the whole batch is then allocated apart from the workers' short-lived
    // buffers (which otherwise fragment the heap and hold on to memory).
    let mut acc = run_in_pool(
        &pool, opts, progress, sink, &all, &templates, &shared, &old, world,
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

/// What a build made of one document, for the manifest.
enum Made {
    /// Nothing: not in this batch, or failed.
    Nothing,
    /// Its outputs are those the manifest records.
    Recorded,
    /// Built (or found identical) now.
    Now(Built<'static>),
}

/// Gathers what a build did, document by document, in input order.
struct Acc<'a> {
    summary: Summary,
    sink: Option<Sink<'a>>,
    /// By document (see `Doc`).
    made: Vec<Made>,
    /// Content hashes of outputs this build made that no `Made::Now` carries (a document
    /// that failed half-way), by path relative to the output folder.
    loose: BTreeMap<String, Hash>,
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

    fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Built => self.summary.built += 1,
            Outcome::Unchanged => self.summary.unchanged += 1,
            Outcome::Failed => self.summary.failed += 1,
        }
    }

    fn document(&mut self, doc: usize, key: &str, r: DocResult) {
        self.count(r.outcome);
        self.summary.written_count += r.written.len();
        if self.sink.is_none() {
            self.summary.written.extend(r.written);
        }
        self.summary.problems.extend(r.problems);
        for d in r.warnings.into_iter().chain(r.errors) {
            self.diagnostic(d);
        }
        let both = match r.hashes {
            [Some(md), Some(docx)] => Some([md, docx]),
            _ => None,
        };
        if r.reuse {
            self.made[doc] = Made::Recorded;
        } else if let (Some(mut e), Some(hs)) = (r.entry, both) {
            e.hashes = Some(hs);
            self.made[doc] = Made::Now(e);
        } else {
            for (rel, h) in output_rels(key).into_iter().zip(r.hashes) {
                if let Some(h) = h {
                    self.loose.insert(rel, h);
                }
            }
        }
    }
}

/// Bytes of the texts of documents other than reports that the scan keeps for their build.
const KEEP_TEXTS: usize = 2 * 1024 * 1024;

/// Documents compiled between two hand-overs of results: enough to keep every worker busy,
/// few enough that memory does not grow with the batch.
const CHUNK_PER_THREAD: usize = 32;

#[allow(clippy::too_many_arguments)]
fn run_in_pool<'a, 'm>(
    pool: &rayon::ThreadPool,
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    sink: Option<Sink<'a>>,
    all: &[Input],
    templates: &Templates,
    shared: &[u8],
    old: &Manifest<'m>,
    world: Option<&World>,
) -> Result<Acc<'a>, Diagnostic> {
    // `--force` and `--check` trust nothing the manifest says of the inputs and outputs.
    let use_cache = !(opts.check || opts.force || opts.validate_only);
    // The plans folders, and the documents of each: those found under the paths when the
    // folder is one of them (it is not walked again), else the folder walked.
    let roots: Vec<PathBuf> = opts
        .paths
        .iter()
        .map(|p| load::project_root(p))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let walked: Vec<Vec<Input>> = roots
        .iter()
        .map(|root| {
            if opts.paths.contains(root) {
                Vec::new()
            } else {
                load::discover(std::slice::from_ref(root)).unwrap_or_default()
            }
        })
        .collect();
    let root_of = |input: &Input| -> Option<usize> {
        if let [root] = roots.as_slice() {
            return input.path.starts_with(root).then_some(0);
        }
        roots
            .iter()
            .enumerate()
            .filter(|(_, root)| input.path.starts_with(root))
            .max_by_key(|(_, root)| root.components().count())
            .map(|(r, _)| r)
    };
    let mut listed: Vec<(&Input, usize)> = Vec::with_capacity(all.len());
    // The document of each input of `all`.
    let mut of_input: Vec<Option<usize>> = vec![None; all.len()];
    let mut elsewhere: Vec<(usize, usize)> = Vec::new();
    for (k, input) in all.iter().enumerate() {
        match root_of(input) {
            Some(r) if opts.paths.contains(&roots[r]) => {
                of_input[k] = Some(listed.len());
                listed.push((input, r));
            }
            Some(r) => elsewhere.push((k, r)),
            None => {}
        }
    }
    for (r, found) in walked.iter().enumerate() {
        let base = listed.len();
        listed.extend(found.iter().map(|i| (i, r)));
        for &(k, _) in elsewhere.iter().filter(|(_, er)| *er == r) {
            if let Ok(at) = found.binary_search_by(|i| i.path.cmp(&all[k].path)) {
                of_input[k] = Some(base + at);
            }
        }
    }
    // An input the walk of its folder does not list is a document of that folder all the same.
    for (k, r) in elsewhere {
        if of_input[k].is_none() {
            of_input[k] = Some(listed.len());
            listed.push((&all[k], r));
        }
    }
    let budget = std::sync::atomic::AtomicUsize::new(KEEP_TEXTS);
    let docs: Vec<Doc<'_, 'm>> = pool.install(|| {
        listed
            .par_iter()
            .map(|&(input, root)| {
                let key = rel_key(input);
                let st = stamp(&input.path);
                let rec = old.index_of(&key);
                let cached = rec
                    .map(|j| &old.docs[j])
                    .filter(|r| use_cache && Some(r.input) == st);
                let facts = match cached {
                    Some(r) => Facts {
                        src: Ok(r.src),
                        kind: r.kind.clone(),
                        img: r.img,
                        num: r.num,
                        number: None,
                        text: std::sync::Mutex::new(None),
                    },
                    None => scan_one(&input.path, &budget),
                };
                Doc {
                    input,
                    key,
                    root,
                    stamp: st,
                    rec,
                    facts,
                }
            })
            .collect()
    });
    drop(listed);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); roots.len()];
    for (d, doc) in docs.iter().enumerate() {
        members[doc.root].push(d);
    }
    // The batch: every input, or one shard of them.
    let batch: Vec<usize> = of_input
        .iter()
        .enumerate()
        .filter(|(k, _)| opts.shard.is_none_or(|(i, n)| k % n == i - 1))
        .filter_map(|(_, d)| *d)
        .collect();
    // Only reports depend on their whole plans folder.
    let folder_keys: Vec<Option<Hash>> = (0..roots.len())
        .map(|r| {
            batch
                .iter()
                .any(|&d| docs[d].root == r && docs[d].is_report())
                .then(|| folder_key(&roots[r], members[r].iter().map(|&d| &docs[d])))
        })
        .collect();
    let prefix = Sha256::new_with_prefix(shared);
    // First key of each input: everything but images.
    let keys: Vec<Option<Hash>> = pool.install(|| {
        batch
            .par_iter()
            .map(|&d| {
                let doc = &docs[d];
                let src = doc.facts.src.as_ref().ok()?;
                let mut h = prefix.clone();
                h.update(doc.key.as_bytes());
                h.update([0]);
                h.update(src);
                if doc.is_report() {
                    if let Some(k) = &folder_keys[doc.root] {
                        h.update(k);
                    }
                }
                Some(short(h))
            })
            .collect()
    });
    let recorded = |doc: &Doc<'_, '_>| -> Option<&Built<'m>> {
        doc.rec
            .and_then(|j| old.docs[j].built.as_ref())
            .filter(|_| use_cache)
    };
    // What the manifest says is still fresh, each output stat-ed once.
    let fresh: Vec<bool> = if use_cache {
        pool.install(|| {
            batch
                .par_iter()
                .zip(&keys)
                .map(|(&d, key)| {
                    let doc = &docs[d];
                    recorded(doc).is_some_and(|b| {
                        !doc.facts.img
                            && *key == Some(b.key)
                            && outputs_unchanged(&b.outputs, &targets(&opts.out, doc))
                    })
                })
                .collect()
        })
    } else {
        vec![false; batch.len()]
    };
    // Inputs whose outputs would be one file: failed, never built (see `collisions`).
    let collided = crate::collisions::find(all);
    let all_fresh = collided.is_empty() && fresh.iter().all(|f| *f);

    let mut acc = Acc {
        summary: Summary {
            documents: batch.len(),
            command: match (opts.validate_only, opts.check) {
                (true, _) => "check",
                (_, true) => "build --check",
                _ => "build",
            },
            ..Summary::default()
        },
        sink,
        made: docs.iter().map(|_| Made::Nothing).collect(),
        loose: BTreeMap::new(),
    };
    let mut registry = Vec::new();
    if all_fresh {
        for &d in &batch {
            progress(docs[d].input, Outcome::Unchanged);
            acc.count(Outcome::Unchanged);
            acc.made[d] = Made::Recorded;
        }
    } else {
        let mut errors = pool.install(|| duplicate_numbers(&docs, &of_input, old));
        crate::collisions::merge(&mut errors, &collided);
        let (projects, registry_problems) =
            pool.install(|| lean_projects(&roots, &members, &docs, world));
        let kept = world.map(|w| w.build(shared, projects.iter()));
        let work = |(&d, (key, fresh)): (&usize, (&Option<Hash>, &bool))| {
            let doc = &docs[d];
            let errors = errors.get(&doc.input.path).map_or(&[][..], Vec::as_slice);
            if *fresh && errors.is_empty() {
                let mut r = DocResult::new(Outcome::Unchanged);
                r.reuse = true;
                return r;
            }
            let project = projects.get(doc.root).unwrap_or(&EMPTY);
            build_one(
                doc,
                opts,
                templates,
                *key,
                recorded(doc),
                errors,
                project,
                kept.as_ref(),
            )
        };
        let chunk = CHUNK_PER_THREAD * pool.current_num_threads().max(1);
        for ((ds, ks), fs) in batch
            .chunks(chunk)
            .zip(keys.chunks(chunk))
            .zip(fresh.chunks(chunk))
        {
            let results: Vec<DocResult> =
                pool.install(|| ds.par_iter().zip(ks.par_iter().zip(fs)).map(work).collect());
            for (&d, r) in ds.iter().zip(&results) {
                progress(docs[d].input, r.outcome);
            }
            for (&d, r) in ds.iter().zip(results) {
                acc.document(d, &docs[d].key, r);
            }
        }
        registry = registry_problems;
    }
    drop(fresh);
    drop(keys);
    let mut acc = finish(opts, &docs, &batch, acc, old);
    // The registry's own problems are reported once.
    for d in registry {
        acc.diagnostic(d);
    }
    Ok(acc)
}

static EMPTY: std::sync::LazyLock<Project> = std::sync::LazyLock::new(Project::default);

/// The document key of an input: its path relative to its plans folder, with `/`.
fn rel_key(input: &Input) -> Cow<'_, str> {
    let s = input.rel.to_string_lossy();
    if s.contains('\\') {
        Cow::Owned(s.replace('\\', "/"))
    } else {
        s
    }
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
/// manifest when it changed.
fn finish<'a>(
    opts: &Options,
    docs: &[Doc<'_, '_>],
    batch: &[usize],
    mut acc: Acc<'a>,
    old: &Manifest<'_>,
) -> Acc<'a> {
    // Orphans are only judged over whole plans folders, never over a part or a shard.
    let whole = !opts.validate_only
        && opts.shard.is_none_or(|(_, n)| n == 1)
        && opts
            .paths
            .iter()
            .all(|p| p.is_dir() && load::plans_root_of_dir(p) == *p);
    // The names the outputs of the inputs share (`2018/x` for `2018/x.md`); made only when
    // something is to be looked up in it.
    let stems: std::cell::OnceCell<HashSet<&str>> = std::cell::OnceCell::new();
    let expected = |rel: &str| {
        let is_output = rel.ends_with(".md") || rel.ends_with(".docx");
        is_output
            && stems
                .get_or_init(|| batch.iter().map(|&d| stem_of(&docs[d].key)).collect())
                .contains(stem_of(rel))
    };
    let mut matched = vec![false; old.docs.len()];
    for d in docs {
        if let Some(j) = d.rec {
            matched[j] = true;
        }
    }
    // What the manifest records of outputs no document record here carries: records of
    // other outputs, and of documents that are gone. Of a whole batch, those no input makes
    // any more are orphans; the rest stay recorded.
    let mut kept: BTreeMap<Cow<'_, str>, Hash> = BTreeMap::new();
    let mut orphans: BTreeMap<String, Hash> = BTreeMap::new();
    let gone = old
        .docs
        .iter()
        .zip(&matched)
        .filter(|(_, m)| whole && !**m)
        .filter_map(|(r, _)| Some((r, r.built.as_ref()?.hashes?)))
        .flat_map(|(r, hs)| output_rels(&r.key).into_iter().map(Cow::Owned).zip(hs));
    for (rel, h) in old.outputs.iter().cloned().chain(gone) {
        if !whole || expected(&rel) {
            kept.insert(rel, h);
        } else {
            orphans.insert(rel.into_owned(), h);
        }
    }
    let mut warnings = Vec::new();
    for (rel, h) in &orphans {
        match verify(&opts.out, rel, h) {
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
    // Whether the manifest read records `rel` as vanban's (asked only of unexpected pairs).
    let was_recorded = |rel: &str| {
        old.outputs.iter().any(|(r, _)| r == rel)
            || old.docs.iter().any(|r| {
                r.built.as_ref().is_some_and(|b| b.hashes.is_some())
                    && output_rels(&r.key).iter().any(|o| o == rel)
            })
    };
    // One walk of the output folder: temporary files of killed builds, and outputs no input
    // makes that vanban has no record of writing (kept; said once).
    let walked = if opts.validate_only {
        Vec::new()
    } else {
        walk_out(&opts.out, &|rel| !whole || expected(rel))
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
            Found::Pair(path) => {
                let rel = rel_to(&opts.out, &path).unwrap_or_default();
                if !was_recorded(&rel) {
                    warnings.push(
                        Diagnostic::warning(
                            &path,
                            "no input makes this output (and its .docx), and vanban has no record of writing it: kept",
                        )
                        .hint("delete both files if they are old outputs; vanban only removes outputs its manifest records"),
                    );
                }
            }
        }
    }
    for d in warnings {
        acc.diagnostic(d);
    }
    if opts.check || opts.validate_only {
        return acc;
    }
    // One record per document scanned: the outputs of those built now, those the manifest
    // records of the unchanged, and (of a part of the batch) what earlier builds recorded of
    // the others.
    let mut records: Vec<Record<'_>> = Vec::with_capacity(docs.len());
    for (d, doc) in docs.iter().enumerate() {
        let (Some(input), Ok(src)) = (doc.stamp, &doc.facts.src) else {
            continue;
        };
        let rec = doc.rec.map(|j| &old.docs[j]);
        let made = std::mem::replace(&mut acc.made[d], Made::Nothing);
        let keeps = matches!(made, Made::Recorded) || (matches!(made, Made::Nothing) && !whole);
        // Nothing changed: the record is the one read.
        if let Some(r) = rec.filter(|r| {
            keeps
                && r.input == input
                && r.src == *src
                && r.kind == doc.facts.kind
                && (r.img, r.num) == (doc.facts.img, doc.facts.num)
        }) {
            records.push(r.clone());
            continue;
        }
        let earlier = || rec.and_then(|r| r.built.clone());
        let built = match made {
            Made::Now(b) => Some(b),
            Made::Recorded => earlier(),
            Made::Nothing if !whole => earlier(),
            Made::Nothing => None,
        };
        if built.as_ref().is_none_or(|b| b.hashes.is_none()) {
            let hs = rec.and_then(|r| r.built.as_ref()?.hashes);
            for (rel, h) in output_rels(&doc.key)
                .into_iter()
                .zip(hs.into_iter().flatten())
            {
                kept.entry(Cow::Owned(rel)).or_insert(h);
            }
        }
        records.push(Record {
            key: Cow::Borrowed(&doc.key),
            input,
            src: *src,
            kind: doc.facts.kind.clone(),
            img: doc.facts.img,
            num: doc.facts.num,
            built,
            line: Line(None),
        });
    }
    if !whole {
        records.extend(
            old.docs
                .iter()
                .zip(&matched)
                .filter(|(_, m)| !**m)
                .map(|(r, _)| r.clone()),
        );
    }
    if !records.is_sorted_by(|a, b| a.key <= b.key) {
        records.sort_by(|a, b| a.key.cmp(&b.key));
    }
    records.dedup_by(|a, b| a.key == b.key);
    for (rel, h) in std::mem::take(&mut acc.loose) {
        kept.insert(Cow::Owned(rel), h);
    }
    // An output a record carries is not recorded again apart.
    if !kept.is_empty() {
        for r in &records {
            if r.built.as_ref().is_some_and(|b| b.hashes.is_some()) {
                for rel in output_rels(&r.key) {
                    kept.remove(rel.as_str());
                }
            }
        }
    }
    let next = Manifest {
        docs: records,
        outputs: kept.into_iter().collect(),
    };
    if acc.summary.removed.is_empty() && next == *old {
        return acc;
    }
    // The manifest is a cache: failing to write it costs speed, not correctness.
    let _ = manifest::write(&opts.out, MANIFEST, &next);
    acc
}

/// `out/2018/x.md` → "2018/x.md"; `None` for a path not plainly under `out`.
fn rel_to(out: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(out).ok()?;
    crate::paths::is_plain_relative(rel).then(|| rel.to_string_lossy().replace('\\', "/"))
}

enum Verified {
    /// Nothing there any more.
    Gone,
    /// The file is as vanban wrote it.
    Ours(PathBuf),
    /// Something else is there now: another file, a link, or the output edited by hand.
    Changed(PathBuf),
}

/// Whether the recorded output `rel` is still, byte for byte, what vanban wrote (`hash`). A
/// record that is not a plain `.md`/`.docx` path under `out` (a tampered manifest) is never
/// ours.
fn verify(out: &Path, rel: &str, hash: &Hash) -> Verified {
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
    let same = crate::paths::read_confined(&path, out, MAX_OUTPUT_BYTES)
        .is_ok_and(|b| digest(&b) == *hash);
    if same {
        Verified::Ours(path)
    } else {
        Verified::Changed(path)
    }
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

enum Found {
    /// A temporary file of a build that is no longer running.
    Leftover(PathBuf),
    /// `x.md` with an `x.docx` beside it, that `keep` did not take.
    Pair(PathBuf),
}

/// Walks the output folder (links are not followed; sorted, depth first) for leftover
/// temporary files and output-like pairs (`x.md` beside `x.docx`) that `known` does not
/// know by their path relative to the folder (with `/`). Each folder is listed once and
/// nothing is stat-ed: whether `x.docx` is beside `x.md` is read from the listing.
fn walk_out(out: &Path, known: &dyn Fn(&str) -> bool) -> Vec<Found> {
    let mut found = Vec::new();
    walk_dir(out, &mut String::new(), known, &mut found);
    // In path order (depth first, names sorted), whatever order the folders listed in.
    found.sort_by(|a, b| a.path().cmp(b.path()));
    found
}

impl Found {
    fn path(&self) -> &Path {
        match self {
            Found::Leftover(p) | Found::Pair(p) => p,
        }
    }
}

fn walk_dir(dir: &Path, rel: &mut String, known: &dyn Fn(&str) -> bool, found: &mut Vec<Found>) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<(std::ffi::OsString, std::fs::FileType)> = listing
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.file_name(), e.file_type().ok()?)))
        .collect();
    // The `.docx` files here, by the name they share with their `.md`.
    let docx: HashSet<&[u8]> = entries
        .iter()
        .filter(|(_, kind)| kind.is_file())
        .filter_map(|(name, _)| name.as_encoded_bytes().strip_suffix(b".docx"))
        .collect();
    let at = rel.len();
    for (name, kind) in &entries {
        let name_str = name.to_string_lossy();
        if kind.is_dir() {
            push_name(rel, &name_str);
            rel.push('/');
            walk_dir(&dir.join(name), rel, known, found);
            rel.truncate(at);
            continue;
        }
        if !kind.is_file() {
            continue;
        }
        if let Some(pid) = temp_pid(&name_str) {
            let path = dir.join(name);
            if stale_temp(pid, &path) {
                found.push(Found::Leftover(path));
            }
        } else if let Some(stem) = name.as_encoded_bytes().strip_suffix(b".md") {
            if docx.contains(stem) {
                push_name(rel, &name_str);
                if !known(rel) {
                    found.push(Found::Pair(dir.join(name)));
                }
                rel.truncate(at);
            }
        }
    }
}

/// Adds a file name to a relative path with `/` (as [`rel_to`] spells it).
fn push_name(rel: &mut String, name: &str) {
    if name.contains('\\') {
        rel.push_str(&name.replace('\\', "/"));
    } else {
        rel.push_str(name);
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
    doc: &Doc<'_, '_>,
    opts: &Options,
    templates: &Templates,
    key: Option<Hash>,
    old: Option<&Built<'_>>,
    batch_errors: &[Diagnostic],
    project: &Project,
    world: Option<&InBuild<'_>>,
) -> DocResult {
    let mut r = DocResult::new(Outcome::Failed);
    if !batch_errors.is_empty() {
        r.errors = batch_errors.to_vec();
        return r;
    }
    let input = doc.input;
    let targets = targets(&opts.out, doc);
    // A document the project loaded (a report, or a plan a report names) is taken from
    // there: read, decoded and parsed once.
    let loaded = project
        .documents
        .get(&*doc.key)
        .filter(|e| e.path == input.path)
        .and_then(|e| Some((e.text.as_str(), e.doc.as_ref()?)));
    // Else the text the scan kept, else the file is read.
    let kept = match (loaded, &doc.facts.src) {
        (None, Ok(src)) => doc
            .facts
            .text
            .lock()
            .ok()
            .and_then(|mut t| t.take())
            .map(|text| Ok::<_, Diagnostic>((text, *src))),
        _ => None,
    };
    let read;
    let (text, parsed, source): (&str, &crate::model::Document, Hash) =
        match (loaded, &doc.facts.src) {
            (Some((text, parsed)), Ok(src)) => (text, parsed, *src),
            _ => {
                let got = kept
                    .unwrap_or_else(|| {
                        let bytes = load::read_bytes(&input.path)?;
                        let text = crate::read::decode(&bytes, &input.path)?;
                        let source = match &doc.facts.src {
                            Ok(src) => *src,
                            Err(_) => digest(&bytes),
                        };
                        Ok((text, source))
                    })
                    .and_then(|(text, source)| {
                        let parsed = match world {
                            Some(w) => w.parse(&text, &input.path)?,
                            None => load::parse(&text, &input.path)?,
                        };
                        Ok((text, parsed, source))
                    });
                match got {
                    Ok(x) => {
                        read = x;
                        (read.0.as_str(), &read.1, read.2)
                    }
                    Err(d) => {
                        r.errors.push(d);
                        return r;
                    }
                }
            }
        };
    // A signed document's images are part of its input.
    let images = match compile::images(parsed, text, &input.path, &FsAssets) {
        Ok(i) => i,
        Err(errors) => {
            r.errors = errors;
            return r;
        }
    };
    let key = key.unwrap_or_default();
    let key = if images == compile::Images::default() {
        key
    } else {
        let mut h = Sha256::new();
        h.update(key);
        for image in [&images.signature, &images.seal] {
            h.update([0]);
            if let Some(png) = image {
                h.update(png);
            }
        }
        short(h)
    };
    if let Some(old) = old {
        if old.key == key && outputs_unchanged(&old.outputs, &targets) {
            r.outcome = Outcome::Unchanged;
            r.reuse = true;
            return r;
        }
    }
    let compiled = match world {
        Some(w) => w.compile(parsed, text, &input.path, templates, images, project),
        None => compile::compile_document(parsed, text, &input.path, templates, images, project)
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
    for (i, (path, content)) in targets.iter().zip(contents).enumerate() {
        let current = crate::paths::read_confined(path, &opts.out, MAX_OUTPUT_BYTES).ok();
        let hash = digest(content);
        if current.as_deref() == Some(content) {
            r.hashes[i] = Some(hash);
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
            r.hashes[i] = Some(hash);
        }
    }
    if !opts.check {
        if let (Some(md), Some(docx)) = (stamp(&targets[0]), stamp(&targets[1])) {
            r.entry = Some(Built {
                key,
                source,
                number: validate::number_key(parsed)
                    .as_ref()
                    .map(|k| Cow::Owned(manifest::number_text(k))),
                outputs: [md, docx],
                hashes: None,
            });
        }
    }
    r
}

/// The hashes vanban keeps: the first 128 bits of SHA-256 (a cache key and a check that a
/// file is still what vanban wrote, not a defence against forgery).
fn digest(bytes: &[u8]) -> Hash {
    short(Sha256::new_with_prefix(bytes))
}

fn short(h: Sha256) -> Hash {
    let mut out = [0u8; 16];
    out.copy_from_slice(&h.finalize()[..16]);
    out
}

/// The checks that need the whole batch: a signed document's number used twice by the same
/// issuer, kind and year. The number of a document read by the scan is the scan's; of an
/// unchanged one, the manifest's; the others are read. Returns the errors of the documents
/// concerned, by path.
fn duplicate_numbers(
    docs: &[Doc<'_, '_>],
    of_input: &[Option<usize>],
    old: &Manifest<'_>,
) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let numbers: Vec<(&Input, Cow<'_, str>)> = of_input
        .par_iter()
        .filter_map(|d| {
            let doc = &docs[(*d)?];
            if !doc.facts.num {
                return None;
            }
            if let Some(n) = &doc.facts.number {
                return Some((doc.input, Cow::Borrowed(n.as_deref()?)));
            }
            let src = doc.facts.src.as_ref().ok();
            let built = doc.rec.and_then(|j| old.docs[j].built.as_ref());
            if let Some(b) = built.filter(|b| Some(&b.source) == src) {
                return Some((doc.input, b.number.clone()?));
            }
            let text = load::read_text(&doc.input.path).ok()?;
            let key = match validate::quick_number_key(&text, &doc.input.path) {
                Some(key) => key,
                None => validate::number_key(&load::parse(&text, &doc.input.path).ok()?),
            };
            Some((doc.input, Cow::Owned(manifest::number_text(&key?))))
        })
        .collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (_, k) in &numbers {
        *count.entry(k).or_default() += 1;
    }
    // Only the documents that collide are read again, to locate their errors.
    let clashing: Vec<Input> = numbers
        .iter()
        .filter(|(_, k)| count.get(&**k).is_some_and(|n| *n > 1))
        .map(|(i, _)| (*i).clone())
        .collect();
    if clashing.is_empty() {
        return BTreeMap::new();
    }
    batch_checks(&clashing)
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

/// The project of each plans folder: what its reports need (the registry, the reports, the
/// plans they name), loaded once from what the scan read. A folder without reports or a
/// registry has nothing to load: plans need no project.
fn lean_projects(
    roots: &[PathBuf],
    members: &[Vec<usize>],
    docs: &[Doc<'_, '_>],
    world: Option<&World>,
) -> (Vec<Project>, Vec<Diagnostic>) {
    let parse = |text: &str, path: &Path| match world {
        Some(w) => w.parse(text, path),
        None => load::parse(text, path),
    };
    let mut projects = Vec::with_capacity(roots.len());
    let mut problems = Vec::new();
    for (root, mine) in roots.iter().zip(members) {
        let any_report = mine.iter().any(|&d| docs[d].is_report());
        let registry = std::fs::symlink_metadata(root.join(load::UNITS_FILE)).is_ok();
        if !any_report && !registry {
            projects.push(Project {
                root: root.clone(),
                ..Project::default()
            });
            continue;
        }
        let kinds: Vec<(&Path, Option<&str>)> = mine
            .iter()
            .map(|&d| (docs[d].input.path.as_path(), docs[d].facts.kind.as_deref()))
            .collect();
        let texts: HashMap<&Path, &std::sync::Mutex<Option<String>>> = mine
            .iter()
            .map(|&d| (docs[d].input.path.as_path(), &docs[d].facts.text))
            .collect();
        // What the scan read is taken, not read again.
        let read = |p: &Path| {
            let kept = texts.get(p).and_then(|t| t.lock().ok()?.take());
            kept.or_else(|| load::read_text(p).ok())
        };
        let (project, found) = Project::load_lean(root, &kinds, &read, &parse);
        problems.extend(found);
        projects.push(project);
    }
    (projects, problems)
}

/// [`output_paths`] of a document, made from its key when that spells its path exactly.
fn targets(out: &Path, doc: &Doc<'_, '_>) -> [PathBuf; 2] {
    match &doc.key {
        Cow::Borrowed(key) => {
            let stem = stem_of(key);
            ["md", "docx"].map(|x| {
                let mut rel = String::with_capacity(stem.len() + 5);
                rel.push_str(stem);
                rel.push('.');
                rel.push_str(x);
                out.join(rel)
            })
        }
        Cow::Owned(_) => output_paths(out, doc.input),
    }
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
