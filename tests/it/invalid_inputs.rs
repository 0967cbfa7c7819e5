//! The catalogue of bad inputs: every folder `tests/fixtures/invalid/<case>/` holds an
//! `input.yaml` (and, for template cases, a `templates/` override folder) and an
//! `expected.txt.snap` locking the full diagnostic text vanban prints for it (a snapshot:
//! `INSTA_UPDATE=always cargo test invalid_inputs` rewrites them; review the diff).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use vanban::project::Project;
use vanban::templates::Templates;
use vanban::{compile, load, read};

const DIR: &str = "tests/fixtures/invalid";

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(DIR)
        .expect("the fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("input.yaml").is_file())
        .collect();
    cases.sort();
    cases
}

/// Everything vanban says about one case, as it prints it (relative paths).
fn diagnose(case: &Path) -> String {
    let input = case.join("input.yaml");
    let tdir = case.join("templates");
    let templates = match Templates::load(Some(&tdir).filter(|d| d.is_dir()).map(|d| d.as_path())) {
        Ok(t) => t,
        Err(d) => return format!("{d}\n"),
    };
    let text = load::read_bytes(&input).and_then(|b| read::decode(&b, &input));
    let result = match text {
        Ok(text) => compile::compile(&text, &input, &templates, &Project::default()),
        Err(d) => Err(vec![d]),
    };
    let found = match result {
        Ok(out) => out.warnings,
        Err(errors) => errors,
    };
    if found.is_empty() {
        return "(no diagnostics)\n".into();
    }
    let texts: Vec<String> = found.iter().map(|d| d.to_string()).collect();
    format!("{}\n", texts.join("\n\n"))
}

#[test]
fn every_bad_input_gets_its_locked_message() {
    let cases = cases();
    assert!(cases.len() >= 30, "fixtures missing: {cases:?}");
    // every case is compared (each difference is printed), then the test fails naming them
    let failures: Vec<String> = cases
        .iter()
        .filter(|case| {
            let actual = diagnose(case);
            std::panic::catch_unwind(|| golden!(case.join("expected.txt"), actual)).is_err()
        })
        .map(|case| case.display().to_string())
        .collect();
    assert!(
        failures.is_empty(),
        "{} case(s) differ from their expected.txt.snap (each diff is printed above):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_case_names_file_line_and_a_hint() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let text = diagnose(&case);
        if name == "valid-baseline" {
            assert_eq!(text, "(no diagnostics)\n", "the baseline must be clean");
            continue;
        }
        assert!(
            text.contains(&format!("{DIR}/{name}/")),
            "{name}: no file in\n{text}"
        );
        assert!(text.contains("= hint: "), "{name}: no hint in\n{text}");
        let whole_file = matches!(name.as_str(), "empty-file");
        if !whole_file {
            assert!(text.contains(" | "), "{name}: no source line in\n{text}");
            assert!(text.contains('^'), "{name}: no caret in\n{text}");
        }
    }
}

/// The binary on every case: never a panic (exit 101), exit 1 for errors, and the same
/// message on stderr.
#[test]
fn the_binary_reports_every_case_without_panicking() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let out = tempfile::tempdir().unwrap();
        let mut cmd = Command::cargo_bin("vanban").unwrap();
        cmd.arg("build")
            .arg(case.join("input.yaml"))
            .arg("--out")
            .arg(out.path());
        if case.join("templates").is_dir() {
            cmd.arg("--templates").arg(case.join("templates"));
        }
        let output = cmd.output().unwrap();
        let code = output.status.code();
        let stderr = String::from_utf8_lossy(&output.stderr);
        // what the library says, locked by the snapshot in the test above
        let expected = diagnose(&case);
        let is_error = expected.starts_with("error");
        assert_eq!(
            code,
            Some(i32::from(is_error)),
            "{name}: exit {code:?}\n{stderr}"
        );
        let first = expected.lines().next().unwrap_or("");
        if first.starts_with("error") || first.starts_with("warning") {
            assert!(
                stderr.contains(first),
                "{name}: stderr lacks `{first}`:\n{stderr}"
            );
        }
        if is_error {
            let written: Vec<_> = walk(out.path());
            assert!(
                written
                    .iter()
                    .all(|p| !p.ends_with(".md") && !p.ends_with(".docx")),
                "{name}: partial output {written:?}"
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .collect()
}

/// Keys that repeat in one file (`due:` three times, `name:` for the issuer and the signer, a
/// section among many): each error is at the node it is about, not at the first line that
/// spells the same key.
#[test]
fn repeated_keys_are_located_exactly() {
    let cases = [
        // The third deadline's `due:`, not the first one (line 283).
        (
            "repeated-key-third-deadline",
            285,
            37,
            "`11-31` is not a day of 2018",
        ),
        // The signer's `name:`, not the issuer's on line 6.
        (
            "repeated-key-signer-name",
            296,
            61,
            "the signer's name is empty",
        ),
        // The empty section itself, not the first `sections:` on line 20.
        ("repeated-key-empty-section", 276, 9, "an empty section"),
    ];
    for (name, line, column, message) in cases {
        let case = Path::new(DIR).join(name);
        let input = case.join("input.yaml");
        let text = load::read_text(&input).unwrap();
        let errors = compile::compile(
            &text,
            &input,
            &Templates::load(None).unwrap(),
            &Project::default(),
        )
        .err()
        .unwrap_or_default();
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        let d = &errors[0];
        assert!(d.message.contains(message), "{name}: {d}");
        assert_eq!(
            (d.line, d.column),
            (Some(line), Some(column)),
            "{name}: {d}"
        );
    }
}

/// `check` is `build` without writing: on every case the same exit status and the same
/// diagnostics (templates are rendered by both: an undefined template variable fails both).
#[test]
fn check_and_build_agree_on_every_case() {
    let run = |case: &Path, command: &str, out: &Path| {
        let mut cmd = Command::cargo_bin("vanban").unwrap();
        cmd.arg(command).arg(case.join("input.yaml"));
        if command == "build" {
            cmd.arg("--out").arg(out);
        }
        if case.join("templates").is_dir() {
            cmd.arg("--templates").arg(case.join("templates"));
        }
        let output = cmd.output().unwrap();
        let stderr: Vec<String> = String::from_utf8_lossy(&output.stderr)
            .lines()
            .filter(|l| !l.starts_with("built: "))
            .map(str::to_string)
            .collect();
        (output.status.code(), stderr)
    };
    let mut differ = Vec::new();
    for case in cases() {
        let out = tempfile::tempdir().unwrap();
        let built = run(&case, "build", out.path());
        let checked = run(&case, "check", out.path());
        if built != checked {
            differ.push(format!(
                "{}:\nbuild: {built:?}\ncheck: {checked:?}",
                case.display()
            ));
        }
        assert_ne!(built.0, Some(101), "{}: a panic", case.display());
    }
    assert!(
        differ.is_empty(),
        "check and build disagree:\n{}",
        differ.join("\n")
    );
}
