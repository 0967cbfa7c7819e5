//! Stage 4 — rendering: the view goes through the Tera templates into Markdown. The full
//! template becomes the `.md` file; its `body` block alone becomes the DOCX body.

use crate::error::Diagnostic;
use crate::templates::Templates;
use crate::view::appendix::AppendixView;

/// Both renderings of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The whole Markdown file: frame and body.
    pub markdown: String,
    /// The body alone, for the DOCX writer.
    pub body: String,
    /// The body of each appendix (the `body` block of `appendix.md`), for the DOCX writer.
    pub(crate) appendices: Vec<String>,
}

/// The context of `appendix.md`: the appendix's heading, its blocks, and the document's
/// computed tables and reporting duty (`blocks.md` prints them where a section asks).
#[derive(serde::Serialize)]
struct AppendixContext<'a> {
    appendix: &'a AppendixView,
    blocks: &'a [crate::view::Block],
    tables: Option<&'a tera::Value>,
    reporting: Option<&'a tera::Value>,
}

/// Renders `template` with `view` as its context, then each of `appendices` with
/// `appendix.md`, after the signature.
pub(crate) fn render<T: serde::Serialize>(
    templates: &Templates,
    template: &str,
    view: &T,
    appendices: &[AppendixView],
) -> Result<Rendered, Diagnostic> {
    let main = context_from(view)?;
    // Control characters (NUL, ESC, …) a value or a template carries are removed here, once
    // for both renderings, as the DOCX writer removes them (see `docx::sanitize`).
    let mut markdown = sanitize(templates.render(template, None, &main)?);
    let body = sanitize(templates.render(template, Some("body"), &main)?);
    let mut bodies = Vec::with_capacity(appendices.len());
    for a in appendices {
        let context = context_from(&AppendixContext {
            appendix: a,
            blocks: &a.blocks,
            tables: main.get("tables"),
            reporting: main.get("reporting"),
        })?;
        markdown.push_str("\n\n");
        markdown.push_str(&sanitize(templates.render(
            "appendix.md",
            None,
            &context,
        )?));
        bodies.push(sanitize(templates.render(
            "appendix.md",
            Some("body"),
            &context,
        )?));
    }
    Ok(Rendered {
        markdown: tidy(&markdown),
        body,
        appendices: bodies,
    })
}

fn context_from<T: serde::Serialize>(view: &T) -> Result<tera::Context, Diagnostic> {
    tera::Context::from_serialize(view).map_err(|e| {
        Diagnostic::error(
            "templates",
            format!("cannot build the template context: {e}"),
        )
    })
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
pub(crate) fn tidy(text: &str) -> String {
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
