//! `vanban build` and `vanban check`: the batch run with a progress line or bar, its summary
//! as text or JSON, and the PDFs of `--pdf`.

use std::path::PathBuf;

use super::output::{deny_note, emit, fail, quiet};
use super::Format;
use crate::build::{self, Options};

/// The paths given, or the project's plans folder.
/// Whether the project of the first path asks for PDFs (`[build] pdf = true`).
pub(super) fn pdf_in_project(paths: &[PathBuf]) -> bool {
    paths
        .first()
        .and_then(|p| crate::config::find(p).ok().flatten())
        .is_some_and(|project| project.file.build.pdf)
}

/// `build --pdf` after the build: converts each DOCX whose PDF is missing or older (one
/// LibreOffice run for all), removes PDFs whose DOCX is gone; with `--check`, lists them
/// instead. Returns the exit code.
pub(super) fn pdfs(opts: &Options, format: Format) -> i32 {
    let jobs = crate::pdf::stale(&opts.out, &[]);
    let orphans = crate::pdf::orphans(&opts.out);
    let say = |line: String| {
        if format == Format::Json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    if opts.check {
        for j in &jobs {
            say(format!("stale or missing: {}", j.pdf.display()));
        }
        for o in &orphans {
            say(format!("orphaned: {}", o.display()));
        }
        say(format!(
            "checked PDFs: {} stale or missing, {} orphaned",
            jobs.len(),
            orphans.len()
        ));
        return i32::from(!jobs.is_empty() || !orphans.is_empty());
    }
    let removed = orphans
        .iter()
        .filter(|o| std::fs::remove_file(o).is_ok())
        .count();
    let report = crate::pdf::convert(&jobs);
    for e in &report.errors {
        eprintln!("{e}");
    }
    say(format!(
        "PDF: {} converted with LibreOffice, {} failed, {} unchanged, {} orphan(s) removed",
        report.written.len(),
        jobs.len() - report.written.len(),
        crate::pdf::count_pdfs(&opts.out).saturating_sub(report.written.len()),
        removed
    ));
    i32::from(!report.errors.is_empty())
}

pub(super) fn or_default_plans(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![crate::load::default_plans()]
    } else {
        paths
    }
}

pub(super) fn run(opts: &Options, format: Format, deny_warnings: bool) -> i32 {
    use std::io::IsTerminal;
    let bar = (format == Format::Text && !quiet() && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} document(s) {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let plain = format == Format::Text && !quiet() && bar.is_none();
    let progress = |input: &crate::load::Input, outcome: build::Outcome| {
        if let Some(bar) = &bar {
            bar.inc(1);
            bar.set_message(input.path.display().to_string());
        } else if plain && outcome != build::Outcome::Unchanged {
            let what = match outcome {
                build::Outcome::Built if opts.check => "stale",
                build::Outcome::Built => "built",
                _ => "failed",
            };
            let path = input.path.display().to_string();
            eprintln!("{what}: {}", crate::error::shown(&path));
        }
    };
    // Text: each diagnostic printed as the batch goes (memory does not grow with them). JSON:
    // kept for the summary, and printed on stderr too, so that a failing CI step shows why.
    let mut print = |d: &crate::error::Diagnostic| match &bar {
        Some(bar) => bar.suspend(|| emit(d)),
        None => emit(d),
    };
    let sink: Option<build::Sink<'_>> = (format == Format::Text).then_some(&mut print);
    let result = build::run_with(opts, &progress, sink);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let s = match result {
        Err(d) => return fail(&d),
        Ok(s) => s,
    };
    for d in &s.diagnostics {
        emit(d);
    }
    if format == Format::Json {
        /// The summary with `ok`, as every command's object has (see [`crate::json`]).
        #[derive(serde::Serialize)]
        struct WithOk<'a> {
            #[serde(flatten)]
            summary: &'a build::Summary,
            ok: bool,
        }
        let ok = s.ok() && !(deny_warnings && s.warning_count > 0);
        match serde_json::to_string_pretty(&WithOk { summary: &s, ok }) {
            Ok(j) => println!("{j}"),
            Err(e) => eprintln!("error: cannot print the summary: {e}"),
        }
        return i32::from(!s.ok() || (deny_warnings && s.warning_count > 0));
    }
    for p in &s.problems {
        println!("{}", crate::error::shown(&p.to_string()));
    }
    if quiet() {
        deny_note(deny_warnings, s.warning_count);
        return i32::from(!s.ok() || (deny_warnings && s.warning_count > 0));
    }
    let orphaned = s
        .problems
        .iter()
        .filter(|p| matches!(p, build::Problem::Orphaned(_)))
        .count();
    if opts.validate_only {
        println!(
            "checked {} document(s): {} failed, {} warning(s)",
            s.documents, s.failed, s.warning_count
        );
    } else if opts.check {
        println!(
            "checked {} document(s): {} fresh, {} stale or missing output(s), {} orphaned, {} failed",
            s.documents,
            s.unchanged,
            s.problems.len() - orphaned,
            orphaned,
            s.failed
        );
    } else {
        println!(
            "built {} document(s): {} rebuilt, {} unchanged, {} failed; {} file(s) written, {} orphan(s) removed",
            s.documents,
            s.built,
            s.unchanged,
            s.failed,
            s.written_count,
            s.removed.len()
        );
    }
    deny_note(deny_warnings, s.warning_count);
    i32::from(!s.ok() || (deny_warnings && s.warning_count > 0))
}
