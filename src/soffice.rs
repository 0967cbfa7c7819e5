//! LibreOffice run headless, for the two stages that need it: `build --pdf` (DOCX → PDF) and
//! `import` of a .doc, .odt or .rtf (→ DOCX). One place finds the program, makes the private
//! working folder (created exclusively, mode 0700, removed afterwards), gives LibreOffice a
//! profile of its own (so it works beside a running LibreOffice and for a user who has none),
//! and runs one conversion.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

use crate::error::Diagnostic;

/// Environment variable naming the LibreOffice program to use instead of `soffice` (or
/// `libreoffice`) on the PATH.
pub(crate) const SOFFICE_ENV: &str = "VANBAN_SOFFICE";

/// Why no LibreOffice program was found: the error a caller words for its own command.
#[derive(Debug)]
pub enum Missing {
    /// `$VANBAN_SOFFICE` is set and names no file (this one).
    BadEnv(PathBuf),
    /// Neither `soffice` nor `libreoffice` is on the PATH.
    NotOnPath,
}

/// The LibreOffice program: `$VANBAN_SOFFICE`, else `soffice` or `libreoffice` on the PATH.
pub fn program() -> Result<PathBuf, Missing> {
    if let Some(p) = std::env::var_os(SOFFICE_ENV).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
        return Err(Missing::BadEnv(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["soffice", "libreoffice"] {
            let p = dir.join(name);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    Err(Missing::NotOnPath)
}

impl Missing {
    /// The error, at `at`, when LibreOffice is needed `for_what` ("--pdf needs
    /// LibreOffice") and missing; the hint ends with `how` to do without.
    pub(crate) fn diagnostic(self, at: &Path, for_what: &str, how: &str) -> Diagnostic {
        match self {
            Missing::BadEnv(p) => Diagnostic::error(
                at,
                format!(
                    "{for_what}, and {SOFFICE_ENV} names no LibreOffice program: {}",
                    p.display()
                ),
            )
            .hint(format!(
                "set {SOFFICE_ENV} to the soffice program (e.g. /usr/bin/soffice), or unset it"
            )),
            Missing::NotOnPath => Diagnostic::error(
                at,
                format!("{for_what}, and no soffice or libreoffice program is on the PATH"),
            )
            .hint(format!(
                "install LibreOffice (Debian/Ubuntu: apt install libreoffice-writer-nogui \
                 fonts-liberation), set {SOFFICE_ENV} to its soffice program, or {how}"
            )),
        }
    }
}

/// What one LibreOffice run left: the folder its outputs are in (named after the inputs'
/// names, with the filter's extension), what it printed on stderr, and how it exited.
pub(crate) struct Run<'a> {
    /// The folder of the converted files.
    pub(crate) out: &'a Path,
    /// LibreOffice's stderr, trimmed.
    pub(crate) log: String,
    /// Its exit status.
    pub(crate) status: ExitStatus,
}

/// Converts `inputs` (each copied into the private folder under its given plain name) with
/// the filter `to` (`docx`, or a PDF export filter) in one LibreOffice call, then hands the
/// result to `read` before the private folder (`purpose` names it) is removed.
pub(crate) fn convert<T>(
    program: &Path,
    purpose: &str,
    to: &str,
    inputs: &[(&Path, String)],
    read: impl FnOnce(&Run) -> T,
) -> Result<T, Diagnostic> {
    let work = crate::paths::private_dir(purpose).map_err(|e| {
        Diagnostic::error(
            std::env::temp_dir(),
            format!("cannot create a private folder for LibreOffice: {e}"),
        )
        .hint("check that the temporary folder is writable (TMPDIR)")
    })?;
    let result = convert_in(program, &work, to, inputs, read);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn convert_in<T>(
    program: &Path,
    work: &Path,
    to: &str,
    inputs: &[(&Path, String)],
    read: impl FnOnce(&Run) -> T,
) -> Result<T, Diagnostic> {
    let io = |what: &str, p: &Path, e: std::io::Error| {
        Diagnostic::error(p, format!("{what}: {e}"))
            .hint("check that the temporary folder is writable (TMPDIR)")
    };
    let input = work.join("in");
    let output = work.join("out");
    let profile = work.join("profile");
    for d in [&input, &output, &profile] {
        std::fs::create_dir_all(d).map_err(|e| io("cannot create a folder", d, e))?;
    }
    let mut names = Vec::with_capacity(inputs.len());
    for (from, name) in inputs {
        let copy = input.join(name);
        std::fs::copy(from, &copy).map_err(|e| io("cannot copy the file to convert", from, e))?;
        names.push(copy);
    }
    let profile_url = format!("file://{}", crate::paths::absolute(&profile).display());
    let run = Command::new(program)
        .arg(format!("-env:UserInstallation={profile_url}"))
        .args(["--headless", "--norestore", "--nologo", "--convert-to", to])
        .arg("--outdir")
        .arg(&output)
        .args(&names)
        .output()
        .map_err(|e| {
            Diagnostic::error(program, format!("cannot run LibreOffice: {e}"))
                .hint(format!("check the program, or set {SOFFICE_ENV}"))
        })?;
    Ok(read(&Run {
        out: &output,
        log: String::from_utf8_lossy(&run.stderr).trim().to_owned(),
        status: run.status,
    }))
}
