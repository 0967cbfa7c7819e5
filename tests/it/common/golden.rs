//! Golden files as insta snapshots. A golden file `dir/name` is the snapshot `dir/name.snap`
//! (a two-line header naming the test file, then the text as the golden file held it), so it
//! stays beside the fixture it belongs to and is reviewed as a diff.

use std::path::{Path, PathBuf};

/// Compares the text `$actual` with the golden file `$path` (relative to the repository root,
/// or absolute), stored as the snapshot `$path.snap`. A difference or a missing snapshot fails
/// the test; `INSTA_UPDATE=always` rewrites the snapshot instead (review the diff).
macro_rules! golden {
    ($path:expr, $actual:expr $(,)?) => {{
        let (dir, name) = $crate::common::golden::place(::std::path::Path::new(&$path));
        let value = $actual;
        let actual: &str = ::std::convert::AsRef::<str>::as_ref(&value);
        $crate::common::golden::check_rules(&dir, &name, actual);
        let mut settings = ::insta::Settings::clone_current();
        settings.set_snapshot_path(dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| ::insta::assert_snapshot!(name, actual));
    }};
}

/// The folder and the name of the snapshot of the golden file `path`.
pub fn place(path: &Path) -> (PathBuf, String) {
    let path = super::root().join(path);
    let name = path
        .file_name()
        .expect("a golden file has a name")
        .to_string_lossy()
        .into_owned();
    let dir = path
        .parent()
        .expect("a golden file has a folder")
        .to_path_buf();
    (dir, name)
}

/// What insta does not compare, checked here so that a snapshot match is a byte match: insta
/// ignores white space at the end of the text and turns CRLF into LF, so the text must have
/// no carriage return and end with exactly one line feed (or be empty), as every golden file
/// did. Under `CI=true` nothing may write or pass a snapshot over: `INSTA_UPDATE` must be
/// unset, `auto` or `no`, and `INSTA_FORCE_PASS` unset or `0`.
pub fn check_rules(dir: &Path, name: &str, actual: &str) {
    let what = dir.join(name);
    assert!(
        !actual.contains('\r'),
        "{}: the text has a carriage return, which the snapshot would not keep",
        what.display()
    );
    assert!(
        actual.is_empty() || (actual.ends_with('\n') && actual.trim_end().len() + 1 == actual.len()),
        "{}: the text must end with one line feed and no other white space (the snapshot would not keep it): {:?}",
        what.display(),
        &actual[actual.trim_end().len()..]
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        let update = std::env::var("INSTA_UPDATE").unwrap_or_default();
        assert!(
            matches!(update.as_str(), "" | "auto" | "no"),
            "CI=true and INSTA_UPDATE={update}: CI must not write snapshots"
        );
        let force = std::env::var("INSTA_FORCE_PASS").unwrap_or_default();
        assert!(
            matches!(force.as_str(), "" | "0"),
            "CI=true and INSTA_FORCE_PASS={force}: a snapshot test must be able to fail"
        );
    }
}
