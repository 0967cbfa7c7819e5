//! The one module that knows the YAML library (serde_yaml today; swap it for a maintained fork
//! here and nowhere else). Turns its errors into located [`Diagnostic`]s with hints.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::Diagnostic;

/// Deserialises `source` (the text of `file`) into `T`, or says where and why it cannot.
pub fn from_str<T: DeserializeOwned>(source: &str, file: &Path) -> Result<T, Diagnostic> {
    serde_yaml::from_str(source).map_err(|e| to_diagnostic(&e, source, file))
}

/// Reads only the top-level `kind` key, ignoring everything else.
pub fn kind_of(source: &str, file: &Path) -> Result<Option<String>, Diagnostic> {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(default)]
        kind: Option<String>,
    }
    let head: Head = from_str(source, file)?;
    Ok(head.kind)
}

fn to_diagnostic(e: &serde_yaml::Error, source: &str, file: &Path) -> Diagnostic {
    let mut message = e.to_string();
    // serde_yaml appends " at line L column C"; the diagnostic shows the position itself.
    if let Some(i) = message.rfind(" at line ") {
        message.truncate(i);
    }
    let hint = hint_for(&message);
    let mut d = Diagnostic::error(file, message);
    if let Some(loc) = e.location() {
        d = d.at(Some(source), loc.line(), loc.column());
    }
    match hint {
        Some(h) => d.hint(h),
        None => d,
    }
}

/// A hint for the messages serde gives: "did you mean" for unknown fields, and what a missing
/// field should look like.
fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next()?;
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|list| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let best = expected
            .iter()
            .map(|k| (edit_distance(unknown, k), *k))
            .min()
            .filter(|(d, k)| *d <= 2.max(k.len() / 3));
        return Some(match best {
            Some((_, k)) => format!("did you mean `{k}`? Keys are English snake_case."),
            None => format!(
                "remove `{unknown}`; the keys allowed here are: {}",
                expected.join(", ")
            ),
        });
    }
    if let Some(rest) = message.split("missing field `").nth(1) {
        let field = rest.split('`').next()?;
        return Some(format!("add `{field}: …` to this mapping"));
    }
    if message.contains("invalid type") {
        return Some("check the value's type against the schema in README.md".into());
    }
    if message.contains("found character that cannot start any token") {
        return Some(
            "YAML indents with spaces, never tabs; quote values that start with @, `, | or >"
                .into(),
        );
    }
    None
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        summary: String,
        year: i32,
    }

    #[test]
    fn unknown_field_is_located_and_gets_a_suggestion() {
        let src = "year: 2018\nsumary: x\n";
        let d = from_str::<T>(src, Path::new("a.yaml")).unwrap_err();
        assert_eq!(d.line, Some(2));
        assert_eq!(d.column, Some(1));
        assert!(
            d.message.contains("unknown field `sumary`"),
            "{}",
            d.message
        );
        assert!(d
            .hint
            .as_deref()
            .unwrap()
            .contains("did you mean `summary`"));
    }

    #[test]
    fn wrong_type_is_located() {
        let src = "summary: x\nyear: nam\n";
        let d = from_str::<T>(src, Path::new("a.yaml")).unwrap_err();
        assert_eq!(d.line, Some(2));
        assert!(d.message.contains("year"), "{}", d.message);
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("sumary", "summary"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
