//! What `--format json` prints for the commands other than `build` and `check` (whose object
//! is [`crate::build::Summary`]): one object on stdout, the same on success and on failure,
//!
//! ```json
//! { "version": 1, "command": "next-year", "ok": true, "errors": [], "warnings": [], … }
//! ```
//!
//! then the command's own fields (left out when it failed before it had any). The
//! diagnostics are also printed on stderr as text, so a failing CI step shows why.

use serde::Serialize;

use crate::error::{Diagnostic, DiagnosticJson};

/// The version of every JSON object vanban prints; it changes only when a field changes
/// meaning or goes away.
pub const VERSION: u32 = 1;

/// The object a command prints with `--format json`.
#[derive(Debug, Serialize)]
pub struct Envelope<'a, T: Serialize> {
    /// [`VERSION`].
    pub version: u32,
    /// The subcommand: `next-year`, `import`, …
    pub command: &'static str,
    /// The command did what it was asked (its exit status is 0).
    pub ok: bool,
    /// Every error.
    pub errors: Vec<DiagnosticJson>,
    /// Every warning.
    pub warnings: Vec<DiagnosticJson>,
    /// The command's own fields, beside the others.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a T>,
}

impl<'a, T: Serialize> Envelope<'a, T> {
    /// The object of `command`, with its `diagnostics` sorted into errors and warnings.
    pub fn new(
        command: &'static str,
        ok: bool,
        diagnostics: &[Diagnostic],
        body: Option<&'a T>,
    ) -> Self {
        let pick = |errors: bool| {
            diagnostics
                .iter()
                .filter(|d| d.is_error() == errors)
                .map(DiagnosticJson::from)
                .collect()
        };
        Envelope {
            version: VERSION,
            command,
            ok,
            errors: pick(true),
            warnings: pick(false),
            body,
        }
    }

    /// The object as pretty-printed JSON, with a final newline.
    pub fn to_text(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| unprintable(&e));
        s.push('\n');
        s
    }

    /// The object on one line (JSON Lines: `vanban watch` prints one per rebuild).
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| unprintable(&e))
    }
}

/// What is printed when the object cannot be (a bug): still JSON, with `ok` false.
fn unprintable(e: &serde_json::Error) -> String {
    let message = serde_json::Value::from(format!("cannot print the result: {e}"));
    format!("{{\"version\": {VERSION}, \"ok\": false, \"errors\": [{{\"message\": {message}}}]}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Body {
        written: &'static str,
    }

    #[test]
    fn fields_come_after_the_common_ones_and_a_failure_has_none() {
        let d = [
            Diagnostic::error("x.yaml", "bad").at(None, 3, 4),
            Diagnostic::warning("x.yaml", "odd"),
        ];
        let ok = Envelope::new("new", true, &d[1..], Some(&Body { written: "a.yaml" }));
        let v: serde_json::Value = serde_json::from_str(&ok.to_text()).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["command"], "new");
        assert_eq!(v["ok"], true);
        assert_eq!(v["written"], "a.yaml");
        assert_eq!(v["errors"].as_array().unwrap().len(), 0);
        assert_eq!(v["warnings"][0]["message"], "odd");
        let failed = Envelope::<Body>::new("new", false, &d, None);
        let v: serde_json::Value = serde_json::from_str(&failed.to_text()).unwrap();
        assert_eq!(v["ok"], false);
        assert!(v.get("written").is_none());
        assert_eq!(v["errors"][0]["line"], 3);
        assert_eq!(v["errors"][0]["column"], 4);
        assert_eq!(v["warnings"][0]["severity"], "warning");
    }
}
