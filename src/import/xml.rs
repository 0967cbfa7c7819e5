//! Import stage: a small pull reader for the XML parts of a DOCX package (WordprocessingML is
//! plain, well-formed XML: elements, attributes, text, the five entities and character
//! references). Names keep their prefix (`w:p`); the importer matches on local names.

/// One event of the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// `<name a="v">`; `empty` for `<name/>`.
    Start {
        /// The local name, without the prefix.
        name: String,
        /// The attributes with their local names, values unescaped.
        attrs: Vec<(String, String)>,
        /// `<x/>`: no `End` follows.
        empty: bool,
    },
    /// `</name>` (local name).
    End(String),
    /// Character data, unescaped.
    Text(String),
}

/// Reads `xml` into events. Malformed input ends the events early rather than failing:
/// what was read is kept, and the caller reports a package it cannot read when nothing is.
pub(crate) fn events(xml: &str) -> Vec<Event> {
    let mut out = Vec::new();
    let mut rest = xml;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            if let Some(r) = after.strip_prefix("!--") {
                rest = r.find("-->").map_or("", |i| &r[i + 3..]);
            } else if let Some(r) = after.strip_prefix("![CDATA[") {
                let end = r.find("]]>").unwrap_or(r.len());
                out.push(Event::Text(r[..end].to_string()));
                rest = r.get(end + 3..).unwrap_or("");
            } else if after.starts_with('?') || after.starts_with('!') {
                rest = after.find('>').map_or("", |i| &after[i + 1..]);
            } else if let Some(r) = after.strip_prefix('/') {
                let end = r.find('>').unwrap_or(r.len());
                out.push(Event::End(local(r[..end].trim()).to_string()));
                rest = r.get(end + 1..).unwrap_or("");
            } else {
                let Some((tag, r)) = tag_end(after) else {
                    break;
                };
                rest = r;
                let (body, empty) = match tag.strip_suffix('/') {
                    Some(b) => (b, true),
                    None => (tag, false),
                };
                let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
                out.push(Event::Start {
                    name: local(&body[..name_end]).to_string(),
                    attrs: attributes(&body[name_end..]),
                    empty,
                });
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            out.push(Event::Text(unescape(&rest[..end])));
            rest = &rest[end..];
        }
    }
    out
}

/// The tag's inside up to its closing `>` (quotes respected) and what follows it.
fn tag_end(s: &str) -> Option<(&str, &str)> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some((&s[..i], &s[i + 1..])),
            _ => {}
        }
    }
    None
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let body = &after[1..];
        let end = body.find(q).unwrap_or(body.len());
        out.push((local(key).to_string(), unescape(&body[..end])));
        rest = body.get(end + 1..).unwrap_or("");
    }
    out
}

/// Replaces the five entities and character references.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(semi) = after.find(';').filter(|n| *n <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..semi];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value of attribute `key` (local name).
pub(crate) fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_text_and_entities() {
        let e = events(
            r#"<?xml version="1.0"?><w:p a:x="1 &amp; 2"><w:t>a &lt;b&gt; &#x1EA0;</w:t><w:br/></w:p>"#,
        );
        assert_eq!(
            e,
            vec![
                Event::Start {
                    name: "p".into(),
                    attrs: vec![("x".into(), "1 & 2".into())],
                    empty: false
                },
                Event::Start {
                    name: "t".into(),
                    attrs: vec![],
                    empty: false
                },
                Event::Text("a <b> Ạ".into()),
                Event::End("t".into()),
                Event::Start {
                    name: "br".into(),
                    attrs: vec![],
                    empty: true
                },
                Event::End("p".into()),
            ]
        );
    }
}
