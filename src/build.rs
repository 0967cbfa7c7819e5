//! The batch driver: finds the inputs, compiles each one, writes the outputs atomically, and
//! with `--check` compares instead of writing. One bad document never stops the batch.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::compile;
use crate::error::Diagnostic;
use crate::load::{self, Input};
use crate::project::Project;
use crate::templates::Templates;

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
}

/// Why an output does not match its input (for `--check`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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
                "stale: {} (its input changed; run `vanban build`)",
                p.display()
            ),
            Problem::Missing(p) => write!(f, "missing: {} (run `vanban build`)", p.display()),
            Problem::Orphaned(p) => write!(
                f,
                "orphaned: {} (no input makes it; delete it or run `vanban build`)",
                p.display()
            ),
        }
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Documents compiled.
    pub documents: usize,
    /// Files written (new or changed).
    pub written: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Documents that failed, with their errors.
    pub errors: Vec<Diagnostic>,
    /// Warnings of documents that built.
    pub warnings: Vec<Diagnostic>,
    /// `--check` findings.
    pub problems: Vec<Problem>,
    /// Documents that failed.
    pub failed: usize,
}

impl Summary {
    /// True when nothing failed and nothing is stale.
    pub fn ok(&self) -> bool {
        self.errors.is_empty() && self.problems.is_empty()
    }
}

/// The templates folder used when none is given: `templates/` beside the first plans folder.
pub fn default_templates_dir(paths: &[PathBuf]) -> Option<PathBuf> {
    let first = paths.first()?;
    let root = if first.is_file() {
        load::plans_root_of(first)
    } else {
        first.clone()
    };
    let dir = root.parent().unwrap_or(Path::new(".")).join("templates");
    dir.is_dir().then_some(dir)
}

/// Runs a build (or a check) and reports what happened.
pub fn run(opts: &Options) -> Result<Summary, Diagnostic> {
    let inputs = load::discover(&opts.paths)?;
    let tdir = opts
        .templates
        .clone()
        .or_else(|| default_templates_dir(&opts.paths));
    let templates = Templates::load(tdir.as_deref())?;
    let mut summary = Summary {
        documents: inputs.len(),
        ..Summary::default()
    };
    let (projects, problems) = load_projects(&opts.paths);
    summary.errors.extend(problems);
    let empty = Project::default();
    let mut expected = BTreeSet::new();
    for input in &inputs {
        let targets = output_paths(&opts.out, input);
        expected.extend(targets.iter().cloned());
        let project = project_of(&projects, input).unwrap_or(&empty);
        let result = load::read_text(&input.path)
            .map_err(|d| vec![d])
            .and_then(|text| compile::compile(&text, &input.path, &templates, project));
        match result {
            Err(errors) => {
                summary.failed += 1;
                summary.errors.extend(errors);
            }
            Ok(out) => {
                summary.warnings.extend(out.warnings);
                let contents: [&[u8]; 2] = [out.markdown.as_bytes(), &out.docx];
                for (path, bytes) in targets.iter().zip(contents) {
                    let current = std::fs::read(path).ok();
                    if current.as_deref() == Some(bytes) {
                        summary.unchanged += 1;
                    } else if opts.check {
                        summary.problems.push(match current {
                            Some(_) => Problem::Stale(path.clone()),
                            None => Problem::Missing(path.clone()),
                        });
                    } else {
                        match write_atomic(path, bytes) {
                            Ok(()) => summary.written.push(path.clone()),
                            Err(e) => summary.errors.push(
                                Diagnostic::error(path, format!("cannot write the output: {e}"))
                                    .hint("check that the output folder is writable"),
                            ),
                        }
                    }
                }
            }
        }
    }
    if opts.check {
        for orphan in orphans(&opts.out, &expected) {
            summary.problems.push(Problem::Orphaned(orphan));
        }
    }
    Ok(summary)
}

/// The projects (units registry and documents) of the plans folders that `paths` belong to,
/// each read once, and the problems of their registries.
pub fn load_projects(paths: &[PathBuf]) -> (BTreeMap<PathBuf, Project>, Vec<Diagnostic>) {
    let mut projects = BTreeMap::new();
    let mut problems = Vec::new();
    for path in paths {
        let root = load::project_root(path);
        if !projects.contains_key(&root) {
            let (project, found) = Project::load(&root);
            problems.extend(found);
            projects.insert(root, project);
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
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
