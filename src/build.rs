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
    /// An output exists with no input.
    Orphaned(PathBuf),
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
}

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
    if let Ok(units) = std::fs::read(root.join(load::UNITS_FILE)) {
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
    let tdir = opts
        .templates
        .clone()
        .or_else(|| default_templates_dir(&opts.paths));
    let templates = Templates::load(tdir.as_deref())?;
    let mut shared = shared_key(&templates);
    // The project file's defaults are part of every document.
    if let Some(first) = opts.paths.first() {
        if let Some(p) = crate::config::find(first)? {
            shared.extend(Sha256::digest(p.text.as_bytes()));
        }
    }
    let manifest: Manifest = if opts.force || opts.check || opts.validate_only {
        Manifest::default()
    } else {
        std::fs::read(opts.out.join(MANIFEST))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| Diagnostic::error(&opts.out, format!("cannot start worker threads: {e}")))?;
    let mut summary =
        pool.install(|| run_in_pool(opts, progress, &all, &inputs, &templates, &shared, manifest))?;
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
    let all_fresh = !opts.check
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
                    problems: Vec::new(),
                    errors: Vec::new(),
                    warnings: Vec::new(),
                    entry: fresh(input, key).map(|e| (rel_key(input), e)),
                }
            })
            .collect()
    } else {
        let batch = duplicate_numbers(all, &scans, &manifest);
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
    let mut summary = finish(opts, inputs, results, manifest, next_scans);
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

/// Gathers the results, removes (or, with `--check`, lists) orphans and writes the manifest.
fn finish(
    opts: &Options,
    inputs: &[Input],
    results: Vec<DocResult>,
    manifest: Manifest,
    scans: BTreeMap<PathBuf, (Stamp, Scan)>,
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
    for (input, r) in inputs.iter().zip(results) {
        expected.extend(output_paths(&opts.out, input));
        match r.outcome {
            Outcome::Built => summary.built += 1,
            Outcome::Unchanged => summary.unchanged += 1,
            Outcome::Failed => summary.failed += 1,
        }
        summary.written.extend(r.written);
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
    let whole = opts.shard.is_none_or(|(_, n)| n == 1)
        && opts
            .paths
            .iter()
            .all(|p| p.is_dir() && load::plans_root_of_dir(p) == *p);
    if whole && !opts.validate_only {
        for orphan in orphans(&opts.out, &expected) {
            if opts.check {
                summary.problems.push(Problem::Orphaned(orphan));
            } else if std::fs::remove_file(&orphan).is_ok() {
                summary.removed.push(orphan);
            }
        }
    }
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
        let current = std::fs::read(path).ok();
        if current.as_deref() == Some(content) {
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

/// Outputs (`.md`, `.docx`) under `out` that no input makes.
pub fn orphans(out: &Path, expected: &HashSet<PathBuf>) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| matches!(p.extension().and_then(|x| x.to_str()), Some("md" | "docx")))
        .filter(|p| !expected.contains(p))
        .collect()
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file and a failure leaves the old file as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
