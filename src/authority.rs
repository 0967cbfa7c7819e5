//! Signing authority: the prefixes written before the head's title when someone signs for
//! the head (KT., TM., TL., TUQ., Q.), and how an authority line splits into prefix and title.

/// Authority prefixes allowed before the head's title (FORMAT.md, "Signing authority prefixes").
pub const PREFIXES: [&str; 5] = ["TUQ", "KT", "TM", "TL", "Q"];

/// Splits an authority written as "KT.GIÁM ĐỐC", "KT. GIÁM ĐỐC" or "KT" into its prefix and
/// the rest. Returns `None` when the text starts with no known prefix.
pub fn split(text: &str) -> Option<(&'static str, String)> {
    let t = text.trim();
    for p in PREFIXES {
        if let Some(rest) = t.strip_prefix(p) {
            let rest = rest.strip_prefix('.').unwrap_or(rest);
            // "KT" must not match the start of a word such as "KTX".
            if rest.is_empty()
                || rest.starts_with(char::is_whitespace)
                || t[p.len()..].starts_with('.')
            {
                return Some((p, rest.trim().to_string()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_stands_alone_or_before_a_dot_or_a_space() {
        assert_eq!(split("KTX"), None);
        assert_eq!(split("KT.GIÁM ĐỐC"), Some(("KT", "GIÁM ĐỐC".into())));
        assert_eq!(split("KT"), Some(("KT", String::new())));
        assert_eq!(split("TUQ. GIÁM ĐỐC"), Some(("TUQ", "GIÁM ĐỐC".into())));
    }
}
