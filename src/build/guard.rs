//! The output folder refused where a build would mix its outputs with its inputs; the
//! templates and output folders used when none is given.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::load;

/// Refuses an output folder that is, contains or lies inside a plans folder or the templates
/// folder, or that is or contains the project folder (the one holding `plans/`): a build
/// there would mix its outputs with files it did not write. Checked before anything is read.
pub(crate) fn guard_out(
    out: &Path,
    paths: &[PathBuf],
    templates: Option<&Path>,
) -> Result<(), Diagnostic> {
    use crate::paths::absolute;
    let real_plans = |d: &Path| {
        d.file_name().is_some_and(|n| n == "plans") || d.join(load::UNITS_FILE).is_file()
    };
    let target = absolute(out);
    let refuse = |how: &str, what: &str, folder: &Path| {
        Err(Diagnostic::error(
            out,
            format!(
                "refusing to build into --out {}: it {how} {what} {}",
                out.display(),
                folder.display()
            ),
        )
        .hint("outputs go in a folder of their own, beside the plans folder: use --out output (the default) or another new folder"))
    };
    let mut folders: Vec<(&str, PathBuf, bool)> = Vec::new();
    for p in paths {
        let plans = if p.is_dir() {
            load::plans_root_of_dir(p)
        } else {
            load::plans_root_of(p)
        };
        let project = if real_plans(&plans) {
            plans.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            plans.clone()
        };
        if p.is_dir() || real_plans(&plans) {
            folders.push(("the plans folder", plans, true));
        }
        folders.push(("the project folder", project, false));
    }
    if let Some(t) = templates {
        folders.push(("the templates folder", t.to_path_buf(), true));
    }
    let folders: Vec<(&str, PathBuf, PathBuf, bool)> = folders
        .into_iter()
        .map(|(what, folder, no_inside)| {
            let real = absolute(&folder);
            let shown = if folder.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                folder
            };
            (what, shown, real, no_inside)
        })
        .collect();
    if let Some((what, shown, _, _)) = folders.iter().find(|f| f.2 == target) {
        return refuse("is", what, shown);
    }
    for (what, shown, real, no_inside) in &folders {
        if real.starts_with(&target) {
            return refuse("contains", what, shown);
        }
        if *no_inside && target.starts_with(real) {
            return refuse("lies inside", what, shown);
        }
    }
    Ok(())
}

/// The templates folder used when none is given: `templates/` beside the first plans folder.
pub(crate) fn default_templates_dir(paths: &[PathBuf]) -> Option<PathBuf> {
    let first = load::anchor(paths.first()?);
    let root = load::project_root(&first);
    let dir = match crate::config::find(&root) {
        Ok(Some(p)) => p.templates(),
        _ => {
            let d = load::project_dir(&root);
            if d == Path::new(".") {
                PathBuf::from("templates")
            } else {
                d.join("templates")
            }
        }
    };
    dir.is_dir().then_some(dir)
}

/// The output folder used when none is given: the project file's, else `output/` beside the
/// plans folder of the first path.
pub(crate) fn default_output(paths: &[PathBuf]) -> PathBuf {
    let Some(first) = paths.first() else {
        return PathBuf::from("output");
    };
    let root = load::project_root(&load::anchor(first));
    match crate::config::find(&root) {
        Ok(Some(p)) => p.output(),
        _ => {
            let dir = load::project_dir(&root);
            if dir == Path::new(".") {
                PathBuf::from("output")
            } else {
                dir.join("output")
            }
        }
    }
}
