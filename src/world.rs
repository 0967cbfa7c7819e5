//! What `vanban watch` keeps loaded from one rebuild to the next: the compiled templates, and
//! the outputs of every document with the key of everything they were made from. A build
//! given a [`World`] reuses a document's outputs instead of compiling it again when that key is
//! unchanged, so the save of one unit report compiles that report and the consolidated reports
//! (which read every report), not every report of the plans folder. A build without a world
//! keys each document the same way from what the manifest records (see `build::fresh`).
//!
//! The key of a document is its path, its text, its images, what every document shares (the
//! tool, the templates, the project file) and the part of its [`Project`] that it reads (see
//! [`compile::project_inputs`]). Reused outputs are the bytes an earlier compile of the same
//! inputs made: a watched rebuild writes what a cold `vanban build` writes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::compile::{self, Images, Outputs, ProjectInputs};
use crate::error::Diagnostic;
use crate::load;
use crate::model::Document;
use crate::project::Project;
use crate::templates::Templates;

/// The most bytes of outputs kept; past it the kept outputs are dropped and kept again from
/// the next compiles (a tree that large recompiles more, it does not grow without bound).
const MAX_KEPT_BYTES: usize = 256 * 1024 * 1024;

/// What stays loaded between the builds of one process (see the module's documentation).
#[derive(Default)]
pub struct World {
    templates: Mutex<Option<Arc<Templates>>>,
    outputs: Mutex<Kept>,
    /// By document path: the digest of the text last parsed, and the document it gave.
    parsed: Mutex<HashMap<PathBuf, ([u8; 32], Document)>>,
}

#[derive(Default)]
struct Kept {
    /// By document path: the key it was compiled with, and what it gave.
    by_path: HashMap<PathBuf, (String, Arc<Outputs>)>,
    bytes: usize,
}

impl World {
    /// An empty world: the first build loads and compiles everything.
    pub fn new() -> Self {
        World::default()
    }

    /// The templates of `dir` (see [`Templates::load`]), compiled again only when a template's
    /// name, text or file changed since the last call.
    pub fn templates(&self, dir: Option<&Path>) -> Result<Arc<Templates>, Diagnostic> {
        let kept = self.templates.lock().ok().and_then(|t| t.clone());
        let templates = Templates::load_reusing(dir, kept.as_ref())?;
        if let Ok(mut t) = self.templates.lock() {
            *t = Some(templates.clone());
        }
        Ok(templates)
    }

    /// [`load::parse`], or the document the same text at the same path gave last time (with
    /// the same project file, whose defaults a document takes).
    pub fn parse(&self, text: &str, path: &Path) -> Result<Document, Diagnostic> {
        let mut h = Sha256::new_with_prefix((text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
        match crate::config::find(path) {
            Ok(Some(p)) => {
                h.update([1]);
                h.update(p.text.as_bytes());
            }
            Ok(None) => h.update([0]),
            Err(_) => h.update([2]),
        }
        let digest: [u8; 32] = h.finalize().into();
        let kept = self.parsed.lock().ok().and_then(|p| {
            p.get(path)
                .filter(|(d, _)| *d == digest)
                .map(|(_, doc)| doc.clone())
        });
        if let Some(doc) = kept {
            return Ok(doc);
        }
        let doc = load::parse(text, path)?;
        if let Ok(mut p) = self.parsed.lock() {
            p.insert(path.to_path_buf(), (digest, doc.clone()));
        }
        Ok(doc)
    }

    /// The context of one build: `shared` is what every document of it depends on (the tool,
    /// the templates, the project file), `projects` the projects it loaded.
    pub(crate) fn build<'a>(
        &'a self,
        shared: &'a [u8],
        projects: impl IntoIterator<Item = &'a Project>,
    ) -> InBuild<'a> {
        InBuild {
            world: self,
            shared,
            projects: projects
                .into_iter()
                .map(|p| (p.root.clone(), ProjectKeys::of(p)))
                .collect(),
        }
    }
}

/// A [`World`] during one build: the digests of its projects, made once.
pub(crate) struct InBuild<'a> {
    world: &'a World,
    shared: &'a [u8],
    projects: HashMap<PathBuf, ProjectKeys>,
}

impl InBuild<'_> {
    /// See [`World::parse`].
    pub(crate) fn parse(&self, text: &str, path: &Path) -> Result<Document, Diagnostic> {
        self.world.parse(text, path)
    }

    /// [`compile::compile_document`], or the outputs it gave last time for the same inputs.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn compile(
        &self,
        doc: &Document,
        text: &str,
        path: &Path,
        templates: &Templates,
        images: Images,
        project: &Project,
    ) -> Result<Arc<Outputs>, Vec<Diagnostic>> {
        let computed;
        let keys = match self.projects.get(&project.root) {
            Some(k) => k,
            None => {
                computed = ProjectKeys::of(project);
                &computed
            }
        };
        let mut h = Sha256::new_with_prefix(self.shared);
        for part in [path.as_os_str().as_encoded_bytes(), text.as_bytes()] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        for image in [&images.signature, &images.seal] {
            match image {
                Some(png) => {
                    h.update([1]);
                    h.update((png.len() as u64).to_le_bytes());
                    h.update(png);
                }
                None => h.update([0]),
            }
        }
        match compile::project_inputs(doc) {
            ProjectInputs::None => h.update([0]),
            ProjectInputs::PlansAndReportKeys => {
                h.update([1]);
                h.update(keys.plans_and_report_keys);
            }
            ProjectInputs::All => {
                h.update([2]);
                h.update(keys.all);
            }
        }
        let key = hex(&h.finalize());
        let reused = self.world.outputs.lock().ok().and_then(|k| {
            k.by_path
                .get(path)
                .filter(|(k, _)| *k == key)
                .map(|(_, o)| o.clone())
        });
        if let Some(outputs) = reused {
            return Ok(outputs);
        }
        let outputs = Arc::new(compile::compile_document(
            doc, text, path, templates, images, project,
        )?);
        if let Ok(mut kept) = self.world.outputs.lock() {
            let size = outputs.markdown.len() + outputs.docx.len();
            if let Some((_, old)) = kept.by_path.remove(path) {
                kept.bytes -= old.markdown.len() + old.docx.len();
            }
            if kept.bytes + size > MAX_KEPT_BYTES {
                kept.by_path.clear();
                kept.bytes = 0;
            }
            kept.bytes += size;
            kept.by_path
                .insert(path.to_path_buf(), (key, outputs.clone()));
        }
        Ok(outputs)
    }
}

/// Digests of a project, one for each [`ProjectInputs`] that reads it.
struct ProjectKeys {
    plans_and_report_keys: [u8; 32],
    all: [u8; 32],
}

impl ProjectKeys {
    fn of(project: &Project) -> Self {
        let mut some = Sha256::new();
        let mut all = Sha256::new();
        let mut both = |part: &[u8]| {
            for h in [&mut some, &mut all] {
                h.update((part.len() as u64).to_le_bytes());
                h.update(part);
            }
        };
        both(project.root.as_os_str().as_encoded_bytes());
        match &project.registry {
            Some(r) => {
                both(r.path.as_os_str().as_encoded_bytes());
                both(r.text.as_bytes());
            }
            None => both(b"no registry"),
        }
        for plan in &project.other_plans {
            both(plan.as_bytes());
        }
        both(b"documents");
        for (key, entry) in &project.documents {
            let text = Sha256::digest(entry.text.as_bytes());
            for part in [
                key.as_bytes(),
                entry.path.as_os_str().as_encoded_bytes(),
                &text,
            ] {
                all.update((part.len() as u64).to_le_bytes());
                all.update(part);
            }
            // What a report reads of the others: the plans whole, of the reports the unit,
            // plan, period and year (two reports of one unit), of the rest the kind.
            let what = match &entry.doc {
                None => "unparsed".to_string(),
                Some(Document::Plan(_)) => format!("plan {}", hex(&text)),
                Some(Document::Report(r)) => format!(
                    "report {:?} {:?} {:?} {}",
                    r.unit,
                    r.plan_key(),
                    r.period.map(crate::model::Period::key),
                    r.year
                ),
                Some(Document::ConsolidatedReport(_)) => "consolidated".to_string(),
                Some(Document::Letter(_)) => "letter".to_string(),
            };
            for part in [
                key.as_bytes(),
                entry.path.as_os_str().as_encoded_bytes(),
                what.as_bytes(),
            ] {
                some.update((part.len() as u64).to_le_bytes());
                some.update(part);
            }
        }
        ProjectKeys {
            plans_and_report_keys: some.finalize().into(),
            all: all.finalize().into(),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
