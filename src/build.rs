//! The batch driver: finds the inputs, compiles them in parallel, writes the outputs
//! atomically, skips documents whose inputs did not change (a manifest of content hashes), and
//! with `--check` compares instead of writing. One bad document never stops the batch.

use std::collections::{BTreeMap, BTreeSet};
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
use crate::validate::{self, BatchEntry};

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
#[derive(Debug, Default, Serialize)]
pub struct Summary {
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

/// A diagnostic as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticJson {
    /// File.
    pub file: PathBuf,
    /// Line (1-based).
    pub line: Option<usize>,
    /// Column (1-based).
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl From<&Diagnostic> for DiagnosticJson {
    fn from(d: &Diagnostic) -> Self {
        DiagnosticJson {
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            hint: d.hint.clone(),
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
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Entry {
    key: String,
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
    let first = paths.first()?;
    let root = if first.is_file() {
        load::plans_root_of(first)
    } else {
        load::plans_root_of_dir(first)
    };
    let dir = root.parent().unwrap_or(Path::new(".")).join("templates");
    dir.is_dir().then_some(dir)
}

struct DocResult {
    outcome: Outcome,
    written: Vec<PathBuf>,
    problems: Vec<Problem>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    entry: Option<(String, Entry)>,
}

/// Runs a build (or a check) and reports what happened. `progress` is called once per
/// document, from any thread, with the document and its outcome.
pub fn run(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
) -> Result<Summary, Diagnostic> {
    let mut inputs = load::discover(&opts.paths)?;
    // Cross-document checks see the whole batch, even when building one shard of it.
    let batch = batch_checks(&inputs);
    if let Some((i, n)) = opts.shard {
        inputs = inputs
            .into_iter()
            .enumerate()
            .filter(|(k, _)| k % n == i - 1)
            .map(|(_, x)| x)
            .collect();
    }
    let tdir = opts
        .templates
        .clone()
        .or_else(|| default_templates_dir(&opts.paths));
    let templates = Templates::load(tdir.as_deref())?;
    let shared = shared_key(&templates, &opts.paths);
    // Reports read their plan, the registry and the other reports: load each plans folder once.
    let (projects, registry_problems) = load_projects(&opts.paths);
    let empty = Project::default();
    let manifest_path = opts.out.join(MANIFEST);
    let manifest: Manifest = if opts.force || opts.check {
        Manifest::default()
    } else {
        std::fs::read(&manifest_path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    };

    let work = |input: &Input| {
        let errors = batch.get(&input.path).map_or(&[][..], Vec::as_slice);
        let project = project_of(&projects, input).unwrap_or(&empty);
        let r = build_one(input, opts, &templates, &shared, &manifest, errors, project);
        progress(input, r.outcome);
        r
    };
    let results: Vec<DocResult> = if opts.jobs == 1 {
        inputs.iter().map(work).collect()
    } else {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.jobs)
            .build()
            .map_err(|e| {
                Diagnostic::error(&opts.out, format!("cannot start worker threads: {e}"))
            })?;
        pool.install(|| inputs.par_iter().map(work).collect())
    };

    let mut summary = Summary {
        documents: inputs.len(),
        ..Summary::default()
    };
    summary
        .errors
        .extend(registry_problems.iter().map(DiagnosticJson::from));
    summary.diagnostics.extend(registry_problems);
    let mut next = Manifest::default();
    let mut expected = BTreeSet::new();
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
    if whole {
        for orphan in orphans(&opts.out, &expected) {
            if opts.check {
                summary.problems.push(Problem::Orphaned(orphan));
            } else if std::fs::remove_file(&orphan).is_ok() {
                summary.removed.push(orphan);
            }
        }
    }
    if !opts.check {
        if !whole {
            // Keep what other parts of the batch recorded.
            for (k, e) in manifest.entries {
                next.entries.entry(k).or_insert(e);
            }
        }
        if let Ok(bytes) = serde_json::to_vec_pretty(&next) {
            // The manifest is a cache: failing to write it costs speed, not correctness.
            let _ = write_atomic(&manifest_path, &bytes);
        }
    }
    Ok(summary)
}

/// Hash of what every document depends on besides its own text: the tool's version, the
/// templates in use, and the units registries of the plans folders.
fn shared_key(templates: &Templates, paths: &[PathBuf]) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for (name, text) in &templates.sources {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    let roots: BTreeSet<PathBuf> = paths
        .iter()
        .map(|p| {
            if p.is_file() {
                load::plans_root_of(p)
            } else {
                load::plans_root_of_dir(p)
            }
        })
        .collect();
    for root in roots {
        if let Ok(units) = std::fs::read(root.join(load::UNITS_FILE)) {
            h.update(&units);
        }
    }
    h.finalize().to_vec()
}

fn build_one(
    input: &Input,
    opts: &Options,
    templates: &Templates,
    shared: &[u8],
    manifest: &Manifest,
    batch_errors: &[Diagnostic],
    project: &Project,
) -> DocResult {
    let mut r = DocResult {
        outcome: Outcome::Unchanged,
        written: Vec::new(),
        problems: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        entry: None,
    };
    let targets = output_paths(&opts.out, input);
    let rel = input.rel.to_string_lossy().replace('\\', "/");
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => {
            r.outcome = Outcome::Failed;
            r.errors.push(Diagnostic::error(
                &input.path,
                format!("cannot read the file: {e}"),
            ));
            return r;
        }
    };
    if !batch_errors.is_empty() {
        r.outcome = Outcome::Failed;
        r.errors = batch_errors.to_vec();
        return r;
    }
    // A signed document's images are part of its input: load them before the cache decides.
    // Only documents that name an image pay for decoding and parsing here.
    let names_image = |key: &[u8]| bytes.windows(key.len()).any(|w| w == key);
    let images = if names_image(b"signature_image") || names_image(b"seal_image") {
        let loaded = load::decode(&bytes, &input.path).ok().and_then(|text| {
            let (doc, _) = compile::check(&text, &input.path, project).ok()?;
            Some(compile::images(&doc, &text, &input.path, &FsAssets))
        });
        match loaded {
            Some(Err(errors)) => {
                r.outcome = Outcome::Failed;
                r.errors = errors;
                return r;
            }
            Some(Ok(images)) => images,
            // compile reports these below.
            None => compile::Images::default(),
        }
    } else {
        compile::Images::default()
    };
    let mut h = Sha256::new();
    h.update(shared);
    h.update(rel.as_bytes());
    h.update([0]);
    h.update(&bytes);
    for image in [&images.signature, &images.seal] {
        h.update([0]);
        if let Some(png) = image {
            h.update(png);
        }
    }
    // A report's outputs also depend on its plan and the other reports.
    for (dep, text) in project.dependencies(&input.path) {
        h.update([0]);
        h.update(dep.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
    }
    let key = hex(&h.finalize());
    if let Some(old) = manifest.entries.get(&rel) {
        let fresh = old.key == key
            && old.outputs.len() == targets.len()
            && old
                .outputs
                .iter()
                .all(|s| stamp(&s.path).as_ref() == Some(s));
        if fresh {
            r.entry = Some((rel, old.clone()));
            return r;
        }
    }
    let compiled = load::decode(&bytes, &input.path)
        .map_err(|d| vec![d])
        .and_then(|text| {
            compile::compile_with_images(&text, &input.path, templates, images, project)
        });
    let out = match compiled {
        Ok(o) => o,
        Err(errors) => {
            r.outcome = Outcome::Failed;
            r.errors = errors;
            return r;
        }
    };
    r.warnings = out.warnings;
    let contents: [&[u8]; 2] = [out.markdown.as_bytes(), &out.docx];
    for (path, bytes) in targets.iter().zip(contents) {
        let current = std::fs::read(path).ok();
        if current.as_deref() == Some(bytes) {
            continue;
        }
        r.outcome = Outcome::Built;
        if opts.check {
            r.problems.push(match current {
                Some(_) => Problem::Stale(path.clone()),
                None => Problem::Missing(path.clone()),
            });
        } else if let Err(e) = write_atomic(path, bytes) {
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
        r.entry = outputs.map(|outputs| (rel, Entry { key, outputs }));
    }
    r
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The checks that need the whole batch: a signed document's number used twice by the same
/// issuer, kind and year. Returns the errors by input path; inputs that cannot be read or
/// parsed are left to their own build, which reports them.
pub fn batch_checks(inputs: &[Input]) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let loaded: Vec<(&Input, String, crate::model::Document)> = inputs
        .iter()
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

/// The projects (units registry and documents) of the plans folders that `paths` belong to,
/// each read once, and the problems of their registries.
pub fn load_projects(paths: &[PathBuf]) -> (BTreeMap<PathBuf, Project>, Vec<Diagnostic>) {
    let mut projects = BTreeMap::new();
    let mut problems = Vec::new();
    for path in paths {
        if let std::collections::btree_map::Entry::Vacant(slot) =
            projects.entry(load::project_root(path))
        {
            let (project, found) = Project::load(slot.key());
            problems.extend(found);
            slot.insert(project);
        }
    }
    (projects, problems)
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
pub fn orphans(out: &Path, expected: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
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
