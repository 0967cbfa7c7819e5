//! vanban's integration tests, one binary (one link instead of one per file): each module is
//! the tests of one feature, `common` the harness they share (the repository's paths, a
//! temporary project, running the binary, reading a DOCX, snapshots of golden files).
//!
//! Golden files are insta snapshots (`.snap`, each beside what it was before); a mismatch
//! fails, and so does a missing snapshot. `INSTA_UPDATE=always cargo test` rewrites them;
//! review the diff (`git diff`) before committing. `.ci/run` runs with `INSTA_UPDATE=no`, so
//! CI never writes one.

// Diagnostic is the crate's error type, returned by value as in the library.
#![allow(clippy::result_large_err)]

#[macro_use]
mod common;

mod batch;
mod bodies;
mod cli_diagnostics;
mod diff;
mod docx_writer;
mod frame_kinds;
mod fuzz;
mod import;
mod invalid_inputs;
mod json_output;
mod lint_corpus;
mod lint_positions;
mod located;
mod module_graph;
mod new;
mod next_year;
mod package;
mod pdf;
mod plan_sample;
mod project_file;
mod real_fixtures;
mod remind;
mod reports;
mod schema;
mod security;
mod shell;
mod status;
mod status_page;
mod templates_override;
mod watch;

/// The integration tests are this one binary: a `tests/NAME.rs` or `tests/NAME/main.rs` would
/// be a binary of its own (linked on its own), and a file here that no `mod` line names would
/// never be compiled, its tests silently lost.
#[test]
fn the_integration_tests_are_one_binary_and_every_file_is_in_it() {
    let tests = common::root().join("tests");
    let mut others = Vec::new();
    for e in std::fs::read_dir(&tests).expect("tests/") {
        let p = e.expect("an entry of tests/").path();
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let is_target = if p.is_dir() {
            name != "it" && p.join("main.rs").is_file()
        } else {
            name.ends_with(".rs")
        };
        if is_target {
            others.push(name);
        }
    }
    assert!(
        others.is_empty(),
        "test binaries beside tests/it: {others:?}; make each a module of tests/it/main.rs"
    );
    let main = std::fs::read_to_string(tests.join("it/main.rs")).expect("tests/it/main.rs");
    let mut missing = Vec::new();
    for e in std::fs::read_dir(tests.join("it")).expect("tests/it") {
        let p = e.expect("an entry of tests/it").path();
        let Some(stem) = p.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        let is_module = p.extension().is_some_and(|x| x == "rs") || p.join("mod.rs").is_file();
        if is_module && stem != "main" && !main.lines().any(|l| l.trim() == format!("mod {stem};"))
        {
            missing.push(stem);
        }
    }
    assert!(
        missing.is_empty(),
        "files of tests/it that no `mod` line of main.rs names (never compiled): {missing:?}"
    );
}
