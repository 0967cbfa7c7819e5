//! One document: read (or taken from what the scan or the project read), compiled, compared
//! with its outputs on disk and written ([`build_one`]).

use std::borrow::Cow;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::fresh::{digest, outputs_unchanged, short, stamp};
use super::manifest::{self, Built, Hash};
use super::options::{Options, MAX_OUTPUT_BYTES};
use super::outputs::targets;
use super::scan::Doc;
use super::summary::{Outcome, Problem};
use crate::assets::FsAssets;
use crate::compile;
use crate::error::Diagnostic;
use crate::load;
use crate::project::Project;
use crate::templates::Templates;
use crate::validate;
use crate::world::InBuild;
use crate::write::write_atomic;

pub(super) struct DocResult {
    pub(super) outcome: Outcome,
    pub(super) written: Vec<PathBuf>,
    /// Content hash of the `.md` and the `.docx`, where this build made them (written or
    /// already identical).
    pub(super) hashes: [Option<Hash>; 2],
    pub(super) problems: Vec<Problem>,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
    /// The outputs it made, for the manifest.
    pub(super) entry: Option<Built<'static>>,
    /// Its outputs are those the manifest records.
    pub(super) reuse: bool,
}

impl DocResult {
    pub(super) fn new(outcome: Outcome) -> DocResult {
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

#[allow(clippy::too_many_arguments)]
pub(super) fn build_one(
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
