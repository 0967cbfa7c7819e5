//! A project in a temporary folder, and the binary run in it.

use std::path::Path;

use assert_cmd::Command;

/// A project folder of a test's own, removed when the test ends.
pub struct TempProject(tempfile::TempDir);

impl TempProject {
    /// An empty folder.
    pub fn new() -> TempProject {
        TempProject(tempfile::tempdir().expect("a temporary folder"))
    }

    /// A copy of the repository's `plans/` (the sample tree, and nothing else).
    pub fn sample_tree() -> TempProject {
        TempProject::sample_tree_edited(|_, text| text)
    }

    /// A copy of the repository's `plans/`, each YAML file's text passed through `edit` with
    /// its path under `plans/`.
    pub fn sample_tree_edited(edit: impl Fn(&str, String) -> String) -> TempProject {
        let p = TempProject::new();
        let src = super::root().join("plans");
        for e in walkdir::WalkDir::new(&src) {
            let e = e.expect("the sample tree is readable");
            let rel = e.path().strip_prefix(&src).expect("under plans/");
            let to = p.path().join("plans").join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("a folder of the copy");
            } else {
                let text = std::fs::read_to_string(e.path()).expect("a sample file");
                std::fs::write(&to, edit(&rel.to_string_lossy(), text)).expect("a copied file");
            }
        }
        p
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes `text` to `rel` (folders made as needed).
    pub fn write(&self, rel: &str, text: &str) -> &TempProject {
        let to = self.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("a file has a folder")).expect("a folder");
        std::fs::write(&to, text).expect("a written file");
        self
    }

    /// Writes the sample plan to `rel` with its number (25) replaced by `number`: documents
    /// of one issuer, kind and year need numbers of their own.
    pub fn sample_plan(&self, rel: &str, number: u32) -> &TempProject {
        let sample = std::fs::read_to_string(super::sample_plan()).expect("the sample plan");
        self.write(
            rel,
            &sample.replace("number: 25", &format!("number: {number}")),
        )
    }
}

/// The binary, run in `dir`.
pub fn vanban(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("vanban").expect("the vanban binary");
    c.current_dir(dir);
    c
}

/// The binary run in `dir` with `args`: exit code (-1 when killed by a signal), stdout,
/// stderr (both UTF-8).
pub fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = vanban(dir).args(args).output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}
