//! The registry (`units.yaml`) of each plans folder, read at most once by a build: its text
//! is part of the keys of the folder's reports (see `fresh`) and then the registry of the
//! folder's project (see `projects`).

use std::path::Path;
use std::sync::OnceLock;

use crate::project::{read_registry, RegistryRead};

/// The registry of each plans folder of the batch, by the folder's index, read the first time
/// it is asked for.
pub(super) struct Registries(Vec<OnceLock<RegistryRead>>);

impl Registries {
    /// Nothing read yet, for `folders` plans folders.
    pub(super) fn new(folders: usize) -> Self {
        Registries((0..folders).map(|_| OnceLock::new()).collect())
    }

    /// The registry of the plans folder `r` (at `root`), read now if it was not yet.
    pub(super) fn get(&self, r: usize, root: &Path) -> Option<&RegistryRead> {
        Some(self.0.get(r)?.get_or_init(|| read_registry(root)))
    }

    /// The registry of the plans folder `r` (at `root`), taken: read now if it was not yet.
    pub(super) fn take(&mut self, r: usize, root: &Path) -> RegistryRead {
        self.0
            .get_mut(r)
            .and_then(OnceLock::take)
            .unwrap_or_else(|| read_registry(root))
    }
}
