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
    /// Other places that matter, each with what it is (the other document with the same
    /// number): secondary labels.
    pub related: Vec<Related>,
}

/// A second place a diagnostic is about, in the same file or another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is there ("the other document numbered 05/KH-SYT").
    pub message: String,
    /// The source line the position points into, when the source was at hand.
    pub snippet: Option<String>,
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
            related: Vec::new(),
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

    /// Adds a second place that matters: `line` and `column` (1-based) in `file`, whose text
    /// `source` gives the line shown, with what is there.
    pub(crate) fn also_at(
        mut self,
        file: impl AsRef<Path>,
        source: Option<&str>,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: file.as_ref().to_path_buf(),
            line,
            column,
            message: message.into(),
            snippet: source
                .and_then(|s| s.lines().nth(line.saturating_sub(1)))
                .map(|l| l.to_string()),
        });
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
            write_snippet(f, snippet, line, self.column)?;
        }
        for r in &self.related {
            let file = r.file.display().to_string();
            let file = shown(&file);
            write!(
                f,
                "\n  = also: {file}:{}:{}: {}",
                r.line,
                r.column,
                shown(&r.message)
            )?;
            if let Some(snippet) = &r.snippet {
                write_snippet(f, snippet, r.line, Some(r.column))?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {}", shown(hint))?;
        }
        Ok(())
    }
}

/// ` 12 | the source line` and, under it, a caret at `column`.
fn write_snippet(
    f: &mut fmt::Formatter<'_>,
    snippet: &str,
    line: usize,
    column: Option<usize>,
) -> fmt::Result {
    let snippet = &shown_in_line(snippet);
    let gutter = line.to_string();
    write!(f, "\n {gutter} | {snippet}")?;
    if let Some(col) = column {
        let pad: String = snippet
            .chars()
            .take(col.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(f, "\n {} | {pad}^", " ".repeat(gutter.len()))?;
    }
    Ok(())
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
    /// The other places that matter (secondary labels); left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedJson>,
}

/// A second place of a diagnostic in the JSON output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RelatedJson {
    /// File.
    pub file: PathBuf,
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based, in characters).
    pub column: usize,
    /// What is there.
    pub message: String,
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
            related: d
                .related
                .iter()
                .map(|r| RelatedJson {
                    file: r.file.clone(),
                    line: r.line,
                    column: r.column,
                    message: r.message.clone(),
                })
                .collect(),
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
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    use codespan_reporting::term::{self, Config};

    let (files, report) = codespan_report(d);
    let stream = StandardStream::stderr(ColorChoice::Always);
    let mut lock = stream.lock();
    term::emit_to_write_style(&mut lock, &Config::default(), &files, &report).is_ok()
}

/// `d` as codespan-reporting shows it: a primary label where it points, a secondary label
/// (with its message) at each related place, the hint as a note.
fn codespan_report(
    d: &Diagnostic,
) -> (
    codespan_reporting::files::SimpleFiles<String, String>,
    codespan_reporting::diagnostic::Diagnostic<usize>,
) {
    use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
    use codespan_reporting::files::SimpleFiles;

    // The places shown: where `d` points (primary, no message), then each related place.
    let mut notes: Vec<String> = d
        .hint
        .iter()
        .map(|h| format!("hint: {}", shown(h)))
        .collect();
    // (file, line, column, the line shown, the label's message: none for the primary)
    type Place<'a> = (String, usize, Option<usize>, String, Option<&'a str>);
    let mut places: Vec<Place<'_>> = Vec::new();
    match (d.line, &d.snippet) {
        (Some(line), Some(snippet)) => places.push((
            shown(&d.file.display().to_string()).into_owned(),
            line,
            d.column,
            shown_in_line(snippet).into_owned(),
            None,
        )),
        _ => notes.push(format!("in {}", shown(&d.file.display().to_string()))),
    }
    for r in &d.related {
        let name = shown(&r.file.display().to_string()).into_owned();
        match &r.snippet {
            Some(snippet) => places.push((
                name,
                r.line,
                Some(r.column),
                shown_in_line(snippet).into_owned(),
                Some(&r.message),
            )),
            None => notes.push(format!(
                "also: {name}:{}:{}: {}",
                r.line,
                r.column,
                shown(&r.message)
            )),
        }
    }
    // Each file as far as its labels need it: its shown lines in place, the others blank.
    let mut files = SimpleFiles::new();
    let mut ids: Vec<(String, usize, Vec<usize>)> = Vec::new();
    for (name, ..) in &places {
        if ids.iter().any(|(n, ..)| n == name) {
            continue;
        }
        let mut lines: Vec<&str> = Vec::new();
        for (n, line, _, snippet, _) in &places {
            if n == name {
                let at = line.saturating_sub(1);
                if lines.len() <= at {
                    lines.resize(at + 1, "");
                }
                lines[at] = snippet;
            }
        }
        let mut starts = Vec::with_capacity(lines.len());
        let mut text = String::new();
        for l in &lines {
            starts.push(text.len());
            text.push_str(l);
            text.push('\n');
        }
        let id = files.add(name.clone(), text);
        ids.push((name.clone(), id, starts));
    }
    let mut labels = Vec::new();
    for (name, line, column, snippet, message) in &places {
        let Some((_, id, starts)) = ids.iter().find(|(n, ..)| n == name) else {
            continue;
        };
        let Some(&line_start) = starts.get(line.saturating_sub(1)) else {
            continue;
        };
        let at = snippet
            .char_indices()
            .nth(column.unwrap_or(1).saturating_sub(1))
            .map_or(snippet.len(), |(i, _)| i);
        let end = snippet[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8());
        let range = line_start + at..line_start + end;
        labels.push(match message {
            None => Label::primary(*id, range),
            Some(m) => Label::secondary(*id, range).with_message(shown(m)),
        });
    }
    let report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    }
    .with_message(shown(&d.message))
    .with_labels(labels)
    .with_notes(notes);
    let report = match d.code {
        Some(c) => report.with_code(c),
        None => report,
    };
    (files, report)
}

#[cfg(test)]
mod shown_tests {
    use super::*;

    #[test]
    fn a_second_place_is_shown_in_text_json_and_colour() {
        let d = Diagnostic::error(
            "b.yaml",
            "the number 05/KH-SYT of 2018 is also used by a.yaml",
        )
        .at(Some("kind: plan\nnumber: 5\n"), 2, 1)
        .also_at(
            "a.yaml",
            Some("number: 5\n"),
            (1, 9),
            "05/KH-SYT is given here too",
        )
        .hint("give one the next number");
        assert_eq!(
            d.to_string(),
            "error: b.yaml:2:1: the number 05/KH-SYT of 2018 is also used by a.yaml\n 2 | number: 5\n   | ^\n  = also: a.yaml:1:9: 05/KH-SYT is given here too\n 1 | number: 5\n   |         ^\n  = hint: give one the next number"
        );
        let json = serde_json::to_value(DiagnosticJson::from(&d)).unwrap();
        assert_eq!(
            json["related"],
            serde_json::json!([{"file": "a.yaml", "line": 1, "column": 9, "message": "05/KH-SYT is given here too"}])
        );
        let plain = DiagnosticJson::from(&Diagnostic::error("x.yaml", "m"));
        assert!(serde_json::to_value(plain)
            .unwrap()
            .get("related")
            .is_none());
        let (files, report) = codespan_report(&d);
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        let config = codespan_reporting::term::Config::default();
        codespan_reporting::term::emit_to_write_style(&mut out, &config, &files, &report).unwrap();
        let shown = String::from_utf8(out.into_inner()).unwrap();
        assert!(shown.contains("┌─ b.yaml:2:1"), "{shown}");
        assert!(shown.contains("┌─ a.yaml:1:9"), "{shown}");
        assert!(shown.contains("05/KH-SYT is given here too"), "{shown}");
    }

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
