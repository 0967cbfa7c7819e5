//! Stage 4 — rendering: the view goes through the Tera templates into Markdown. The full
//! template becomes the `.md` file; its `body` block alone becomes the DOCX body.

use crate::error::Diagnostic;
use crate::templates::Templates;

/// Both renderings of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The whole Markdown file: frame and body.
    pub markdown: String,
    /// The body alone, for the DOCX writer.
    pub body: String,
}

/// Renders `template` with `view` as its context.
pub fn render<T: serde::Serialize>(
    templates: &Templates,
    template: &str,
    view: &T,
) -> Result<Rendered, Diagnostic> {
    let context = tera::Context::from_serialize(view).map_err(|e| {
        Diagnostic::error(
            "templates",
            format!("cannot build the template context: {e}"),
        )
    })?;
    // Control characters (NUL, ESC, …) a value or a template carries are removed here, once
    // for both renderings, as the DOCX writer removes them (see `docx::sanitize`).
    let markdown = tidy(&sanitize(templates.render(template, None, &context)?));
    let body = sanitize(templates.render(template, Some("body"), &context)?);
    Ok(Rendered { markdown, body })
}

/// `text` without the characters XML 1.0 does not allow (the C0 controls but tab, line feed and
/// carriage return; U+FFFE, U+FFFF).
fn sanitize(text: String) -> String {
    match crate::docx::sanitize(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

/// Collapses runs of blank lines and ends the file with exactly one newline.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end_matches(['\r']);
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() && blank > 0 {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}
