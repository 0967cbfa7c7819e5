//! How a command ends: its diagnostics on stderr (warnings not under `--quiet`), its JSON
//! object on stdout with `--format json` (see [`crate::json`]), its exit status.

use std::path::PathBuf;

use serde_json::json;

use super::Format;
use crate::error::Diagnostic;

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sets `--quiet` for the whole run.
pub(super) fn set_quiet(on: bool) {
    QUIET.store(on, std::sync::atomic::Ordering::Relaxed);
}

pub(super) fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints a diagnostic (warnings not under `--quiet`).
pub(super) fn emit(d: &Diagnostic) {
    if !quiet() || d.is_error() {
        crate::error::emit(d);
    }
}

/// Ends a command other than `build` and `check`: prints its diagnostics (on stderr) and,
/// with `--format json`, its object on stdout (see [`crate::json`]); returns `code`.
pub(super) fn finish(
    command: &'static str,
    format: Format,
    code: i32,
    diagnostics: &[Diagnostic],
    body: Option<serde_json::Value>,
) -> i32 {
    diagnostics.iter().for_each(emit);
    if format == Format::Json {
        let e = crate::json::Envelope::new(command, code == 0, diagnostics, body.as_ref());
        return code.max(print_bytes(e.to_text().as_bytes()));
    }
    code
}

/// Ends a command that wrote `files`: a `wrote` line each, or their list in JSON.
pub(super) fn wrote(command: &'static str, format: Format, files: &[PathBuf]) -> i32 {
    if format == Format::Text {
        files.iter().for_each(|f| println!("wrote {}", f.display()));
        return 0;
    }
    finish(command, format, 0, &[], Some(json!({ "written": files })))
}

/// Writes generated text to stdout; a closed pipe is not an error.
pub(super) fn print_bytes(bytes: &[u8]) -> i32 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            1
        }
    }
}

pub(super) fn fail(d: &Diagnostic) -> i32 {
    emit(d);
    1
}

/// Says why warnings failed the run.
pub(super) fn deny_note(deny: bool, warnings: usize) {
    if deny && warnings > 0 {
        eprintln!("error: {warnings} warning(s), and --deny-warnings makes them fail the run");
    }
}
