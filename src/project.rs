//! The project context of a build: the units registry and every document of one plans folder,
//! parsed once, so that a report can read its plan and a consolidated report its unit reports.
//! [`Project::load`] reads the disk; [`Project::from_sources`] and everything after is pure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use crate::error::Diagnostic;
use crate::load;
use crate::model::{Document, Plan, Registry, Report, Unit};
use crate::span::{index, join};
use crate::yaml::edit_distance;

/// The text of one input file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as found.
    pub path: PathBuf,
    /// The text (NFC).
    pub text: String,
}

/// One document of the project.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path as found.
    pub path: PathBuf,
    /// Its text, for locating errors.
    pub text: String,
    /// The parsed document; `None` when it does not parse (its own build says why).
    pub doc: Option<Document>,
}

/// The units registry, as loaded.
#[derive(Debug, Clone)]
pub struct RegistryFile {
    /// Path of `units.yaml`.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// The registry; `None` when the file has errors (reported once by the build).
    pub registry: Option<Registry>,
}

/// Everything a document may refer to.
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// The plans folder: documents are keyed by their path relative to it.
    pub root: PathBuf,
    /// The units registry, when there is a `units.yaml`.
    pub registry: Option<RegistryFile>,
    /// Documents by key: the path relative to `root` with `/` separators.
    pub documents: BTreeMap<String, Entry>,
    /// Keys of plans that were not loaded (see [`Project::load_lean`]): known by name only.
    pub other_plans: BTreeSet<String>,
}

impl Project {
    /// Reads the registry and every document under `root` (sorted walk). Returns the project
    /// and the problems of the registry itself; a document that cannot be read or parsed is
    /// left out here and reported when it is built.
    pub fn load(root: &Path) -> (Project, Vec<Diagnostic>) {
        let (registry, mut problems) = read_registry(root);
        let docs = match load::discover(&[root.to_path_buf()]) {
            Ok(inputs) => inputs
                .into_iter()
                .filter_map(|i| {
                    let text = load::read_text(&i.path).ok()?;
                    Some(Source { path: i.path, text })
                })
                .collect(),
            Err(d) => {
                problems.push(d);
                Vec::new()
            }
        };
        let (project, more) = Project::from_sources(root, registry, docs);
        problems.extend(more);
        (project, problems)
    }

    /// Reads only what reports need: the registry, the reports and consolidated reports, and
    /// the plans they (or the registry's `unit_plans`) name, each parsed once. `kinds` gives
    /// the `kind` of every document under `root`, read cheaply beforehand; a document whose
    /// kind is unknown is read in case it is a report. `read` gives a document's text (the
    /// caller's, when it has read it already) and `parse` parses it as [`load::parse`] does
    /// (`vanban watch` keeps the documents parsed). The other plans are only known by name,
    /// for suggestions. Memory then grows with the reports, not with the plans. `registry` is
    /// the folder's registry as [`read_registry`] read it.
    pub(crate) fn load_lean(
        root: &Path,
        registry: RegistryRead,
        kinds: &[(&Path, Option<&str>)],
        read: &(dyn Fn(&Path) -> Option<String> + Sync),
        parse: &(dyn Fn(&str, &Path) -> Result<Document, Diagnostic> + Sync),
    ) -> (Project, Vec<Diagnostic>) {
        use rayon::prelude::*;
        let is_report = |k: Option<&str>| !matches!(k, Some("plan"));
        let load = |path: &Path| {
            let text = read(path)?;
            let doc = parse(&text, path).ok();
            Some((
                Source {
                    path: path.to_path_buf(),
                    text,
                },
                doc,
            ))
        };
        let mut parsed: Vec<(Source, Option<Document>)> = kinds
            .par_iter()
            .filter(|(_, k)| is_report(*k))
            .filter_map(|(p, _)| load(p))
            .collect();
        let mut wanted: BTreeSet<String> = parsed
            .iter()
            .filter_map(|(_, doc)| match doc.as_ref()? {
                Document::Report(r) => r.plan.as_deref().map(normalise),
                Document::ConsolidatedReport(c) => Some(normalise(&c.plan)),
                Document::Plan(_) | Document::Letter(_) => None,
            })
            .collect();
        let (registry, mut problems) = registry;
        if let Some(r) = registry
            .as_ref()
            .and_then(|src| load::parse_registry(&src.text, &src.path).ok())
        {
            wanted.extend(r.unit_plans.keys().map(|k| normalise(k)));
        }
        let plans: Vec<(Source, Option<Document>)> = kinds
            .par_iter()
            .filter(|(p, k)| !is_report(*k) && wanted.contains(&key_of(root, p)))
            .filter_map(|(p, _)| load(p))
            .collect();
        parsed.extend(plans);
        let (mut project, more) = Project::from_parsed(root, registry, parsed);
        problems.extend(more);
        project.other_plans = kinds
            .iter()
            .filter(|(_, k)| *k == Some("plan"))
            .map(|(p, _)| key_of(root, p))
            .filter(|k| !project.documents.contains_key(k))
            .collect();
        (project, problems)
    }

    /// Builds the project from texts already read: parses the registry and the documents and
    /// checks the registry (unique ids, received unit plans naming known units and plans).
    pub fn from_sources(
        root: &Path,
        registry: Option<Source>,
        docs: Vec<Source>,
    ) -> (Project, Vec<Diagnostic>) {
        let parsed = docs
            .into_iter()
            .map(|src| {
                let doc = load::parse(&src.text, &src.path).ok();
                (src, doc)
            })
            .collect();
        Project::from_parsed(root, registry, parsed)
    }

    /// Like [`Project::from_sources`], with the documents parsed already.
    fn from_parsed(
        root: &Path,
        registry: Option<Source>,
        docs: Vec<(Source, Option<Document>)>,
    ) -> (Project, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut project = Project {
            root: root.to_path_buf(),
            ..Project::default()
        };
        for (src, doc) in docs {
            let key = key_of(root, &src.path);
            project.documents.insert(
                key,
                Entry {
                    path: src.path,
                    text: src.text,
                    doc,
                },
            );
        }
        project.registry = registry.map(|src| {
            let registry = match load::parse_registry(&src.text, &src.path) {
                Ok(r) => {
                    let found = check_registry(&r, &src.text, &src.path, &project);
                    let ok = !found.iter().any(Diagnostic::is_error);
                    problems.extend(found);
                    ok.then_some(r)
                }
                Err(d) => {
                    problems.push(d);
                    None
                }
            };
            RegistryFile {
                path: src.path,
                text: src.text,
                registry,
            }
        });
        (project, problems)
    }

    /// The key of a file of this project (its path relative to the plans folder).
    pub(crate) fn key_of(&self, path: &Path) -> String {
        key_of(&self.root, path)
    }

    /// The plan under this key, when it parsed.
    pub(crate) fn plan(&self, key: &str) -> Option<&Plan> {
        match self.documents.get(&normalise(key))?.doc.as_ref()? {
            Document::Plan(p) => Some(p),
            _ => None,
        }
    }

    /// The keys of every plan, sorted.
    pub(crate) fn plan_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self
            .documents
            .iter()
            .filter(|(_, e)| matches!(e.doc, Some(Document::Plan(_))))
            .map(|(k, _)| k.as_str())
            .chain(self.other_plans.iter().map(String::as_str))
            .collect();
        keys.sort_unstable();
        keys
    }

    /// Every unit report that parsed, with its key and entry, sorted by key.
    pub fn reports(&self) -> Vec<(&str, &Entry, &Report)> {
        self.documents
            .iter()
            .filter_map(|(k, e)| match &e.doc {
                Some(Document::Report(r)) => Some((k.as_str(), e, r)),
                _ => None,
            })
            .collect()
    }

    /// The units of the registry (none when there is no valid registry).
    pub(crate) fn units(&self) -> &[Unit] {
        self.registry
            .as_ref()
            .and_then(|r| r.registry.as_ref())
            .map(|r| r.units.as_slice())
            .unwrap_or(&[])
    }

    /// The unit with this id.
    pub(crate) fn unit(&self, id: &str) -> Option<&Unit> {
        self.units().iter().find(|u| u.id == id)
    }
}

/// A plans folder's registry as read: its text (none: there is none, or it cannot be read),
/// and why it cannot be read.
pub(crate) type RegistryRead = (Option<Source>, Vec<Diagnostic>);

/// Reads the units registry of `root`, when there is one (its own problems are reported once,
/// by the caller).
pub(crate) fn read_registry(root: &Path) -> RegistryRead {
    let path = root.join(load::UNITS_FILE);
    // Anything there is read the one way (a FIFO, a device or a link out is refused, not
    // taken as "no registry").
    if std::fs::symlink_metadata(&path).is_err() {
        return (None, Vec::new());
    }
    match load::read_text(&path) {
        Ok(text) => (Some(Source { path, text }), Vec::new()),
        Err(d) => (None, vec![d]),
    }
}

/// `root/2018/x.yaml` → "2018/x.yaml".
fn key_of(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    join_components(rel)
}

/// "./2018//x.yaml" → "2018/x.yaml".
pub(crate) fn normalise(key: &str) -> String {
    join_components(Path::new(key.trim()))
}

fn join_components(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The closest of `candidates` to `wanted`, when it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(wanted, c), c))
        .min()
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .map(|(_, c)| c)
}

fn check_registry(r: &Registry, text: &str, file: &Path, project: &Project) -> Vec<Diagnostic> {
    let src = crate::span::Source::new(file, text);
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, u) in r.units.iter().enumerate() {
        let at = index("units", i);
        if let Some(&first) = seen.get(u.id.as_str()) {
            let d = src.error(
                &join(&at, "id"),
                format!("the unit id `{}` is used twice", u.id),
            );
            out.push(
                src.also(d, &join(&index("units", first), "id"), "first used here")
                    .hint("each unit has one id; rename or remove one of them"),
            );
        } else {
            seen.insert(u.id.as_str(), i);
        }
        if u.abbr.trim().is_empty() || u.abbr.contains(char::is_whitespace) {
            out.push(
                src.error(
                    &join(&at, "abbr"),
                    format!("the unit `{}` has no usable `abbr`", u.id),
                )
                .hint("write the abbreviation of its symbol without spaces, e.g. abbr: TTYT"),
            );
        }
    }
    out.extend(crate::values::registry(r, &src));
    for (plan, received) in &r.unit_plans {
        let at = join("unit_plans", plan);
        // A plan that is there but does not parse is not unknown: its own errors are reported.
        let there = project
            .documents
            .get(&normalise(plan))
            .is_some_and(|e| e.doc.is_none());
        if project.plan(plan).is_none() && !there {
            let hint = match did_you_mean(plan, project.plan_keys()) {
                Some(k) => format!("did you mean `{k}`? Plans are named by their path relative to the plans folder"),
                None => "name the plan by its path relative to the plans folder, e.g. 2018/ke-hoach.yaml".into(),
            };
            out.push(
                src.error(&at, format!("`unit_plans` names an unknown plan `{plan}`"))
                    .hint(hint),
            );
        }
        for unit in received.keys() {
            if r.unit(unit).is_none() {
                let hint = match did_you_mean(unit, r.units.iter().map(|u| u.id.as_str())) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "use an id from `units:` above".into(),
                };
                out.push(
                    src.error(
                        &join(&at, unit),
                        format!("`unit_plans` names an unknown unit `{unit}`"),
                    )
                    .hint(hint),
                );
            }
        }
    }
    out
}
