//! A bound on YAML alias expansion, checked on the text before it is parsed: each alias
//! (`*name`) replays its anchor's whole node (`&name`), so a 1 MB anchor used 2,000 times
//! makes 2 GB of data from a 1 MB file. The parser's own limit counts replayed events, not
//! bytes; this one adds up, for every alias, the size of the text its anchor spans (with the
//! aliases inside it, expanded in turn) and refuses the file at the alias that takes the total
//! past [`MAX_EXPANDED_BYTES`]. Sizes are estimated from the text, generously (a node is
//! taken to run to the end of its line and over every more-indented line below), so a real
//! document is never near the limit.

use std::path::Path;

use crate::error::Diagnostic;

/// Most bytes a document may expand to, aliases replayed.
pub const MAX_EXPANDED_BYTES: u64 = 16 * 1024 * 1024;

/// Most anchors or aliases a document may hold (vanban's documents need none).
pub const MAX_ALIASES: usize = 10_000;

#[derive(Debug)]
struct Anchor<'a> {
    name: &'a str,
    /// Byte offsets of the node it names.
    start: usize,
    end: usize,
    size: u64,
}

#[derive(Debug)]
struct Alias<'a> {
    name: &'a str,
    at: usize,
    line: usize,
    col: usize,
}

/// Refuses `source` when its aliases expand it past [`MAX_EXPANDED_BYTES`], pointing at the
/// alias that crosses the limit.
pub fn check(source: &str, file: &Path) -> Result<(), Diagnostic> {
    if !source.contains('*') {
        return Ok(());
    }
    let (mut anchors, aliases) = scan(source);
    if anchors.len() > MAX_ALIASES || aliases.len() > MAX_ALIASES {
        let a = aliases.first();
        let d = Diagnostic::error(
            file,
            format!(
                "the file holds more than {MAX_ALIASES} anchors (`&name`) or aliases (`*name`)"
            ),
        )
        .hint("vanban needs no anchors or aliases: write the values out");
        return Err(match a {
            Some(a) => d.at(Some(source), a.line, a.col),
            None => d,
        });
    }
    // Sizes, innermost and earliest first, so that what an anchor's aliases name is known.
    let mut order: Vec<usize> = (0..anchors.len()).collect();
    order.sort_by_key(|&i| (anchors[i].end, std::cmp::Reverse(anchors[i].start)));
    for &i in &order {
        let (start, end) = (anchors[i].start, anchors[i].end);
        let mut size = (end - start) as u64;
        for a in aliases.iter().filter(|a| a.at >= start && a.at < end) {
            size = size.saturating_add(target(&anchors, a).map_or(0, |t| anchors[t].size));
        }
        anchors[i].size = size;
    }
    let mut total = source.len() as u64;
    for a in &aliases {
        total = total.saturating_add(target(&anchors, a).map_or(0, |t| anchors[t].size));
        if total > MAX_EXPANDED_BYTES {
            return Err(Diagnostic::error(
                file,
                format!(
                    "aliases (`*name`) expand to far more data than the file holds: more than {} MB by this one (the file is {})",
                    MAX_EXPANDED_BYTES / (1024 * 1024),
                    crate::paths::size(source.len() as u64)
                ),
            )
            .at(Some(source), a.line, a.col)
            .hint("vanban needs no anchors (`&name`) or aliases (`*name`): write the values out"));
        }
    }
    Ok(())
}

/// The anchor an alias replays: the last one of its name defined before it, not around it.
fn target(anchors: &[Anchor<'_>], a: &Alias<'_>) -> Option<usize> {
    anchors
        .iter()
        .enumerate()
        .filter(|(_, x)| x.name == a.name && x.start <= a.at && x.end <= a.at)
        .map(|(i, _)| i)
        .next_back()
}

/// Finds anchors and aliases where a node may start (not in quotes, comments or block
/// scalars), with the span of each anchor's node.
fn scan(source: &str) -> (Vec<Anchor<'_>>, Vec<Alias<'_>>) {
    let mut anchors = Vec::new();
    let mut aliases = Vec::new();
    // Byte offset of each line start, its indentation and its text.
    let mut lines: Vec<(usize, usize, &str)> = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        lines.push((offset, indent, line));
        offset += line.len();
    }
    let mut block: Option<usize> = None;
    for (i, &(start, indent, line)) in lines.iter().enumerate() {
        if let Some(b) = block {
            if line.trim().is_empty() || indent > b {
                continue;
            }
            block = None;
        }
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut value_start = true;
        let mut only_dashes = true;
        let mut chars = line.char_indices().peekable();
        while let Some((b, c)) = chars.next() {
            match quote {
                Some(q) if c == q && (q == '\'' || prev != '\\') => quote = None,
                Some(_) => {}
                None if c == '#' && (prev == ' ' || b == 0) => break,
                None if (c == '"' || c == '\'') && value_start => quote = Some(c),
                None if (c == '&' || c == '*') && value_start => {
                    let rest = &line[b + 1..];
                    let len = rest
                        .find(|ch: char| ch.is_whitespace() || ",[]{}".contains(ch))
                        .unwrap_or(rest.len());
                    let name = &rest[..len];
                    if !name.is_empty() {
                        let at = start + b;
                        if c == '*' {
                            aliases.push(Alias {
                                name,
                                at,
                                line: i + 1,
                                col: line[..b].chars().count() + 1,
                            });
                        } else {
                            // The node: the rest of the line and every more-indented line
                            // below.
                            let end = lines
                                .iter()
                                .skip(i + 1)
                                .find(|(_, ind, l)| !l.trim().is_empty() && *ind <= indent)
                                .map_or(source.len(), |(s, _, _)| *s);
                            anchors.push(Anchor {
                                name,
                                start: at + 1 + len,
                                end,
                                size: 0,
                            });
                        }
                        for _ in 0..name.chars().count() {
                            chars.next();
                        }
                        prev = name.chars().next_back().unwrap_or(c);
                        value_start = false;
                        continue;
                    }
                }
                None => {}
            }
            if quote.is_none() && c != ' ' {
                only_dashes &= c == '-';
                value_start = matches!(c, ':' | '[' | '{' | ',') || (c == '-' && only_dashes);
            } else if quote.is_some() {
                value_start = false;
            }
            prev = c;
        }
        // A block scalar (`key: |`, `- >-`) starts: skip its lines.
        let t = line.split(" #").next().unwrap_or("").trim_end();
        let value = t
            .rsplit_once(": ")
            .map(|(_, v)| v)
            .or_else(|| t.strip_prefix("- "))
            .unwrap_or(t);
        if quote.is_none()
            && value.starts_with(['|', '>'])
            && value
                .chars()
                .skip(1)
                .all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
        {
            block = Some(indent);
        }
    }
    (anchors, aliases)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(source: &str) -> Vec<(String, u64)> {
        let (anchors, _) = scan(source);
        let _ = check(source, Path::new("x.yaml"));
        anchors
            .into_iter()
            .map(|a| (a.name.to_string(), (a.end - a.start) as u64))
            .collect()
    }

    #[test]
    fn anchors_and_aliases_are_found_where_nodes_start_only() {
        let src = "a: &x hello\nb: *x\nc: \"*not\" # *nor\nd: A & B *c\ne: [*x, &y {k: 1}]\nf: |\n  *block\n";
        let (anchors, aliases) = scan(src);
        let names: Vec<&str> = anchors.iter().map(|a| a.name).collect();
        assert_eq!(names, ["x", "y"]);
        let names: Vec<&str> = aliases.iter().map(|a| a.name).collect();
        assert_eq!(names, ["x", "x"]);
        assert_eq!(sizes("a: &x hello\n")[0], ("x".into(), 7));
    }

    #[test]
    fn a_big_anchor_replayed_many_times_is_refused_at_the_alias() {
        let mut src = format!("a: &big \"{}\"\nlist:\n", "x".repeat(1024 * 1024));
        for _ in 0..20 {
            src.push_str("  - *big\n");
        }
        let d = check(&src, Path::new("x.yaml")).unwrap_err();
        assert!(d.message.contains("expand"), "{d}");
        assert_eq!(d.line, Some(2 + 15), "the 15th alias passes 16 MB");
        // A few uses of a small anchor are fine.
        assert!(check("a: &s small\nb: [*s, *s, *s]\n", Path::new("x.yaml")).is_ok());
    }

    #[test]
    fn nested_aliases_multiply() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='j' {
            src.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(", ")
            ));
            prev = name;
        }
        assert!(check(&src, Path::new("x.yaml")).is_err());
    }
}
