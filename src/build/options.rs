//! What a build is asked to do ([`Options`]) and the limits it keeps to.

use std::path::PathBuf;

/// Name of the manifest kept in the output folder (a cache; safe to delete).
pub(crate) const MANIFEST: &str = ".vanban-manifest.json";

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

/// Largest manifest read (a cache: one that is larger is ignored, as if absent).
pub(crate) const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// Largest output compared with what a build makes (a larger file there is simply replaced).
pub(crate) const MAX_OUTPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Most worker threads a build starts, whatever `--jobs` says.
pub(crate) const MAX_JOBS: usize = 256;
