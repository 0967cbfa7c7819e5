//! The project of each plans folder that its reports read (the registry, the reports, the
//! plans they name), loaded from what the scan read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::registries::Registries;
use super::scan::Doc;
use crate::error::Diagnostic;
use crate::load;
use crate::project::Project;
use crate::world::World;

pub(super) static EMPTY: std::sync::LazyLock<Project> = std::sync::LazyLock::new(Project::default);

/// The project of each plans folder: what its reports need (the registry, the reports, the
/// plans they name), loaded once from what the scan read. A folder without reports or a
/// registry has nothing to load: plans need no project.
pub(super) fn lean_projects(
    roots: &[PathBuf],
    registries: &mut Registries,
    members: &[Vec<usize>],
    docs: &[Doc<'_, '_>],
    world: Option<&World>,
) -> (Vec<Project>, Vec<Diagnostic>) {
    let parse = |text: &str, path: &Path| match world {
        Some(w) => w.parse(text, path),
        None => load::parse(text, path),
    };
    let mut projects = Vec::with_capacity(roots.len());
    let mut problems = Vec::new();
    for (r, (root, mine)) in roots.iter().zip(members).enumerate() {
        let any_report = mine.iter().any(|&d| docs[d].is_report());
        let registry = std::fs::symlink_metadata(root.join(load::UNITS_FILE)).is_ok();
        if !any_report && !registry {
            projects.push(Project {
                root: root.clone(),
                ..Project::default()
            });
            continue;
        }
        let kinds: Vec<(&Path, Option<&str>)> = mine
            .iter()
            .map(|&d| (docs[d].input.path.as_path(), docs[d].facts.kind.as_deref()))
            .collect();
        let texts: HashMap<&Path, &std::sync::Mutex<Option<String>>> = mine
            .iter()
            .map(|&d| (docs[d].input.path.as_path(), &docs[d].facts.text))
            .collect();
        // What the scan read is taken, not read again.
        let read = |p: &Path| {
            let kept = texts.get(p).and_then(|t| t.lock().ok()?.take());
            kept.or_else(|| load::read_text(p).ok())
        };
        let registry = registries.take(r, root);
        let (project, found) = Project::load_lean(root, registry, &kinds, &read, &parse);
        problems.extend(found);
        projects.push(project);
    }
    (projects, problems)
}
