//! No module cycles: no top-level module of `src/` depends, directly or through others, on a
//! module that depends on it. A module's dependencies are the `crate::x` paths (and `super::x`
//! from a top-level file) in its files, outside comments, string literals and `#[cfg(test)]`
//! items; `use crate::{a, b::c}` names `a` and `b`. The README's "Layout" section draws the
//! layers this keeps.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// `text` without comments, string and character literals (each replaced by a space), so that
/// a path in a doc comment or a message is not taken for a dependency.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(' ');
            }
            'r' if matches!(c.get(i + 1), Some('#' | '"'))
                && !c
                    .get(i.wrapping_sub(1))
                    .is_some_and(|p| p.is_alphanumeric() || *p == '_') =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) != Some(&'"') {
                    out.push(c[i]);
                    i += 1;
                    continue;
                }
                j += 1;
                loop {
                    if j >= c.len() {
                        break;
                    }
                    if c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.push(' ');
                i = j;
            }
            '"' => {
                i += 1;
                while i < c.len() && c[i] != '"' {
                    i += if c[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                out.push(' ');
            }
            '\'' => {
                // 'x', '\n', '\u{..}' are characters; 'a in `&'a str` is a lifetime.
                if c.get(i + 1) == Some(&'\\') {
                    let mut j = i + 3;
                    while j < c.len() && c[j] != '\'' {
                        j += 1;
                    }
                    i = j + 1;
                    out.push(' ');
                } else if c.get(i + 2) == Some(&'\'') {
                    i += 3;
                    out.push(' ');
                } else {
                    out.push('\'');
                    i += 1;
                }
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// `code` without the items marked `#[cfg(test)]` (up to their `;` or their balanced block).
fn without_tests(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = match (after.find(';'), after.find('{')) {
            (Some(s), Some(b)) if s < b => s + 1,
            (_, Some(b)) => {
                let mut depth = 0usize;
                let mut end = after.len();
                for (k, ch) in after[b..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (Some(s), None) => s + 1,
            (None, None) => after.len(),
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The top-level modules named after each `crate::` (or, with `super_is_crate`, `super::`) in
/// `code`, with the path as written (for the message).
fn dependencies(code: &str, super_is_crate: bool) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let prefixes: &[&str] = if super_is_crate {
        &["crate::", "super::"]
    } else {
        &["crate::"]
    };
    for prefix in prefixes {
        let mut from = 0;
        while let Some(at) = code[from..].find(prefix) {
            let start = from + at;
            from = start + prefix.len();
            let before = code[..start].chars().next_back();
            if before.is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '$') {
                continue;
            }
            let rest = &code[from..];
            if let Some(group) = rest.strip_prefix('{') {
                // `crate::{a, b::{c, d}, e}`: the first segment of each top-level part.
                let mut depth = 0usize;
                let mut part = String::new();
                let mut parts = Vec::new();
                for ch in group.chars() {
                    match ch {
                        '{' => {
                            depth += 1;
                            part.push(ch);
                        }
                        '}' if depth == 0 => break,
                        '}' => {
                            depth -= 1;
                            part.push(ch);
                        }
                        ',' if depth == 0 => parts.push(std::mem::take(&mut part)),
                        _ => part.push(ch),
                    }
                }
                parts.push(part);
                for p in parts {
                    let p = p.trim();
                    let name: String = p
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != "self" {
                        found.push((name, format!("{prefix}{{{p}}}")));
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let written: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                if !name.is_empty() {
                    found.push((name, format!("{prefix}{}", written.trim_end_matches(':'))));
                }
            }
        }
    }
    found
}

/// Adds the dependencies of one file, `rel` from `src/`, to `graph`.
fn add_file(graph: &mut Graph, rel: &str, text: &str) {
    let top = rel.split('/').next().unwrap_or(rel).trim_end_matches(".rs");
    if top == "main" || top == "lib" {
        return;
    }
    let deps = graph.entry(top.to_string()).or_default();
    let top_level_file = !rel.contains('/');
    for (name, written) in dependencies(&without_tests(&code_only(text)), top_level_file) {
        if name != top {
            deps.entry(name)
                .or_default()
                .insert(format!("{rel}: {written}"));
        }
    }
}

fn graph_of(src: &Path) -> Graph {
    let mut graph = Graph::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            add_file(&mut graph, &rel, &std::fs::read_to_string(path).unwrap());
        }
    }
    // Only modules of the crate count (a `crate::` path is always one; this drops nothing
    // but keeps the graph closed).
    let known: BTreeSet<String> = graph.keys().cloned().collect();
    for deps in graph.values_mut() {
        deps.retain(|m, _| known.contains(m));
    }
    graph
}

/// Whether `to` is reachable from `from`.
fn reaches(graph: &Graph, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(m) = stack.pop() {
        if m == to {
            return true;
        }
        if seen.insert(m.clone()) {
            if let Some(deps) = graph.get(&m) {
                stack.extend(deps.keys().cloned());
            }
        }
    }
    false
}

/// Every edge that lies on a cycle, as "a -> b (where)".
fn cycle_edges(graph: &Graph) -> Vec<String> {
    let mut out = Vec::new();
    for (a, deps) in graph {
        for (b, wheres) in deps {
            if reaches(graph, b, a) {
                let wheres: Vec<&str> = wheres.iter().map(String::as_str).collect();
                out.push(format!("{a} -> {b} ({})", wheres.join("; ")));
            }
        }
    }
    out
}

#[test]
fn no_module_depends_on_a_module_that_depends_on_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph_of(&src);
    // The reading is not empty: the driver's edges are seen.
    assert!(graph["build"].contains_key("compile"), "{graph:?}");
    assert!(graph["compile"].contains_key("render"), "{graph:?}");
    let cycles = cycle_edges(&graph);
    assert!(
        cycles.is_empty(),
        "these imports close a cycle between modules; move what they import to a module \
         below both (see README.md, \"Layout\"):\n  {}",
        cycles.join("\n  ")
    );
}

#[test]
fn a_cycle_is_found_through_a_third_module_and_comments_strings_and_tests_are_skipped() {
    let mut g = Graph::new();
    add_file(
        &mut g,
        "a.rs",
        "use crate::b::X;\n// crate::c in a comment\n",
    );
    add_file(
        &mut g,
        "b.rs",
        "use crate::{c::{self, Y}, d};\nfn f() { super::a(); }\n",
    );
    add_file(
        &mut g,
        "b/inner.rs",
        "fn g() { super::h(); let s = \"crate::z\"; }\n",
    );
    add_file(
        &mut g,
        "c.rs",
        "fn f() -> &'static str { crate::a::name() }\n",
    );
    add_file(
        &mut g,
        "d.rs",
        "#[cfg(test)]\nmod tests { use crate::a; }\nconst Q: char = '\"';\n",
    );
    add_file(&mut g, "z.rs", "");
    assert_eq!(
        g["b"].keys().collect::<Vec<_>>(),
        ["a", "c", "d"],
        "super:: in a top-level file is the crate; in b/inner.rs it is b"
    );
    assert!(g["d"].is_empty(), "{g:?}");
    assert!(!g["a"].contains_key("c"));
    let cycles = cycle_edges(&g);
    assert_eq!(cycles.len(), 4, "{cycles:?}");
    assert!(
        cycles[0].starts_with("a -> b (a.rs: crate::b::X)"),
        "{cycles:?}"
    );
    g.get_mut("c").unwrap().clear();
    g.get_mut("b").unwrap().remove("a");
    assert!(cycle_edges(&g).is_empty(), "{:?}", cycle_edges(&g));
}
