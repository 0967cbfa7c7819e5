//! Diagnostics shared by every stage: an error or warning that names the file, the line and
//! column where there is one, says what was expected and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth fixing; does not fail a build unless `--deny-warnings`.
    Warning,
    /// The document cannot be built.
    Error,
}

/// One problem found in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column (in characters), where known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The source line the position points into, when the source was at hand.
    pub snippet: Option<String>,
    /// The id of the lint rule that found it ("VB007"); `None` for other diagnostics.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    /// An error about `file` as a whole.
    pub(crate) fn error(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            snippet: None,
            code: None,
        }
    }

    /// A warning about `file` as a whole.
    pub(crate) fn warning(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Adds a position (1-based) and, taken from `source`, the line it points into.
    pub(crate) fn at(mut self, source: Option<&str>, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self.snippet = source
            .and_then(|s| s.lines().nth(line.saturating_sub(1)))
            .map(|l| l.to_string());
        self
    }

    /// Adds a hint saying how to fix the problem.
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Tags the diagnostic with the id of the rule that found it.
    pub(crate) fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// True for errors, false for warnings.
    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}")?;
        if let Some(code) = self.code {
            write!(f, "[{code}]")?;
        }
        write!(f, ": {}", shown(&self.file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", shown(&self.message))?;
        if let (Some(snippet), Some(line)) = (&self.snippet, self.line) {
            let snippet = &shown_in_line(snippet);
            let gutter = line.to_string();
            write!(f, "\n {gutter} | {snippet}")?;
            if let Some(col) = self.column {
                let pad: String = snippet
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n {} | {pad}^", " ".repeat(gutter.len()))?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {}", shown(hint))?;
        }
        Ok(())
    }
}

/// Whether `c` would act on the terminal or the log that shows a diagnostic instead of being
/// shown: a control character (ESC starts a terminal command) other than tab and line feed,
/// or an invisible direction or zero-width character (see [`crate::unicode`]).
fn acts(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || crate::unicode::invisible(c).is_some()
}

/// `text` with every character that [`acts`] written as `<U+001B>`: a value quoted in a
/// message cannot clear the screen, retitle the terminal or reorder the line.
pub(crate) fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(acts) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// A source line with every character that [`acts`] shown as U+FFFD, one for one, so the
/// caret under it stays in its column.
fn shown_in_line(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.chars().any(acts) {
        return line.into();
    }
    line.chars()
        .map(|c| if acts(c) { '\u{FFFD}' } else { c })
        .collect::<String>()
        .into()
}

/// A diagnostic as the JSON output of every command carries it (see README.md, "JSON output").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DiagnosticJson {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The rule that found it (`VB007`), for lint findings; `null` otherwise.
    pub code: Option<&'static str>,
    /// File.
    pub file: PathBuf,
    /// Line (1-based).
    pub line: Option<usize>,
    /// Column (1-based, in characters).
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl From<&Diagnostic> for DiagnosticJson {
    fn from(d: &Diagnostic) -> Self {
        DiagnosticJson {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            code: d.code,
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

static COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether [`emit`] colours its output (set once by the command line from `--color`,
/// `NO_COLOR` and whether stderr is a terminal).
pub(crate) fn set_color(on: bool) {
    COLOR.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Prints a diagnostic on stderr: in colour through codespan-reporting when colour is on (a
/// terminal, or `--color always`), else as plain text ([`Diagnostic`]'s `Display`, the stable
/// form that logs, CI and the golden files read).
pub(crate) fn emit(d: &Diagnostic) {
    if !COLOR.load(std::sync::atomic::Ordering::Relaxed) || !emit_colored(d) {
        eprintln!("{d}");
    }
}

/// Renders `d` with codespan-reporting on a coloured stderr; false when it could not.
fn emit_colored(d: &Diagnostic) -> bool {
    use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
    use codespan_reporting::files::SimpleFile;
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    use codespan_reporting::term::{self, Config};

    let report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    }
    .with_message(shown(&d.message))
    .with_notes(
        d.hint
            .iter()
            .map(|h| format!("hint: {}", shown(h)))
            .collect(),
    );
    let report = match d.code {
        Some(c) => report.with_code(c),
        None => report,
    };
    // The file as far as the diagnostic needs it: blank lines up to the one it points into.
    let (source, label) = match (d.line, &d.snippet) {
        (Some(line), Some(snippet)) => {
            let snippet = &shown_in_line(snippet);
            let mut text = "\n".repeat(line.saturating_sub(1));
            let start = text.len()
                + snippet
                    .char_indices()
                    .nth(d.column.unwrap_or(1).saturating_sub(1))
                    .map_or(snippet.len(), |(i, _)| i);
            text.push_str(snippet);
            text.push('\n');
            let end = text[start..]
                .char_indices()
                .nth(1)
                .map_or(start, |(i, _)| start + i);
            (text, Some(Label::primary((), start..end)))
        }
        _ => (String::new(), None),
    };
    let name = shown(&d.file.display().to_string()).into_owned();
    let file = SimpleFile::new(name.clone(), source);
    let report = match label {
        Some(l) => report.with_labels(vec![l]),
        None => report.with_notes(vec![format!("in {name}")]),
    };
    let stream = StandardStream::stderr(ColorChoice::Always);
    let mut lock = stream.lock();
    term::emit_to_write_style(&mut lock, &Config::default(), &file, &report).is_ok()
}

#[cfg(test)]
mod shown_tests {
    use super::*;

    #[test]
    fn control_and_direction_characters_are_shown_not_printed() {
        let d = Diagnostic::error("a\u{1b}b.yaml", "unknown unit `\u{1b}[2J`")
            .at(Some("x: ab\u{202E}cd\n"), 1, 7)
            .hint("not `\u{7}`");
        let text = d.to_string();
        assert_eq!(
            text,
            "error: a<U+001B>b.yaml:1:7: unknown unit `<U+001B>[2J`\n 1 | x: ab\u{FFFD}cd\n   |       ^\n  = hint: not `<U+0007>`"
        );
    }
}
