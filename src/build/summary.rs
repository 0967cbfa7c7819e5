//! What a build says it did: each document's [`Outcome`], `--check`'s [`Problem`]s, and the
//! [`Summary`] (also the JSON that `build`, `build --check` and `check` print).

use std::path::PathBuf;

use serde::Serialize;

use crate::error::Diagnostic;

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
    pub(crate) version: u32,
    /// The command: `build`, `build --check` or `check`.
    pub(crate) command: &'static str,
    /// Documents considered.
    pub documents: usize,
    /// Documents whose outputs were written.
    pub(crate) built: usize,
    /// Documents already up to date.
    pub(crate) unchanged: usize,
    /// Documents that failed.
    pub(crate) failed: usize,
    /// Files written (empty when the diagnostics went to a sink, see `build::run_with`: then
    /// only [`Summary::written_count`] counts them).
    pub(crate) written: Vec<PathBuf>,
    /// Orphaned outputs removed.
    pub(crate) removed: Vec<PathBuf>,
    /// Errors, every one of them.
    pub(crate) errors: Vec<DiagnosticJson>,
    /// Warnings of documents that built.
    pub(crate) warnings: Vec<DiagnosticJson>,
    /// `--check` findings.
    pub problems: Vec<Problem>,
    /// The diagnostics as they print, for the terminal (empty when they went to a sink, see
    /// `build::run_with`).
    #[serde(skip)]
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// How many errors there were (also those handed to a sink).
    #[serde(skip)]
    pub(crate) error_count: usize,
    /// How many warnings there were (also those handed to a sink).
    #[serde(skip)]
    pub(crate) warning_count: usize,
    /// How many files were written.
    #[serde(skip)]
    pub(crate) written_count: usize,
}

pub(crate) use crate::error::DiagnosticJson;

/// The version of the JSON that `build`, `build --check` and `check` print.
pub(crate) const JSON_VERSION: u32 = crate::json::VERSION;

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
    pub(crate) fn ok(&self) -> bool {
        self.failed == 0 && self.error_count == 0 && self.problems.is_empty()
    }
}

/// Where a build hands its diagnostics as it finds them (see `build::run_with`).
pub(crate) type Sink<'a> = &'a mut (dyn FnMut(&Diagnostic) + Send);
