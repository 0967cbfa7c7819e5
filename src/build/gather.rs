//! What a build did, gathered document by document in input order ([`Acc`]), and what it
//! made of each for the manifest ([`Made`]).

use std::collections::BTreeMap;

use super::document::DocResult;
use super::manifest::{Built, Hash};
use super::outputs::output_rels;
use super::summary::{DiagnosticJson, Outcome, Sink, Summary};
use crate::error::Diagnostic;

/// What a build made of one document, for the manifest.
pub(super) enum Made {
    /// Nothing: not in this batch, or failed.
    Nothing,
    /// Its outputs are those the manifest records.
    Recorded,
    /// Built (or found identical) now.
    Now(Built<'static>),
}

/// Gathers what a build did, document by document, in input order.
pub(super) struct Acc<'a> {
    pub(super) summary: Summary,
    pub(super) sink: Option<Sink<'a>>,
    /// By document (see `Doc`).
    pub(super) made: Vec<Made>,
    /// Content hashes of outputs this build made that no `Made::Now` carries (a document
    /// that failed half-way), by path relative to the output folder.
    pub(super) loose: BTreeMap<String, Hash>,
}

impl Acc<'_> {
    pub(super) fn diagnostic(&mut self, d: Diagnostic) {
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

    pub(super) fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Built => self.summary.built += 1,
            Outcome::Unchanged => self.summary.unchanged += 1,
            Outcome::Failed => self.summary.failed += 1,
        }
    }

    pub(super) fn document(&mut self, doc: usize, key: &str, r: DocResult) {
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
