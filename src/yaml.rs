//! The one module that knows the YAML library (serde_yaml today; swap it for a maintained fork
//! here and nowhere else). Turns its errors into located [`Diagnostic`]s that say, in plain
//! words, what is wrong and how to fix it; refuses input that nests too deep before parsing.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::Diagnostic;

/// Deepest nesting of `[` and `{` accepted. The parser slows down quadratically with flow
/// nesting (20,000 levels take seconds), and no document needs more than a handful.
pub(crate) const MAX_FLOW_DEPTH: usize = 64;

/// Deserialises `source` (the text of `file`) into `T`, or says where and why it cannot.
pub fn from_str<T: DeserializeOwned>(source: &str, file: &Path) -> Result<T, Diagnostic> {
    check_flow_depth(source, file)?;
    crate::aliases::check(source, file)?;
    serde_yaml::from_str(source).map_err(|e| to_diagnostic(&e, source, file))
}

/// Reads only the top-level `kind` key, ignoring everything else.
pub(crate) fn kind_of(source: &str, file: &Path) -> Result<Option<String>, Diagnostic> {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(default)]
        kind: Option<String>,
    }
    let head: Head = from_str(source, file)?;
    Ok(head.kind)
}

/// Refuses `[`/`{` nesting deeper than [`MAX_FLOW_DEPTH`], pointing at the bracket that goes
/// too deep. Quotes, comments and block scalars are skipped roughly; a bracket counted by
/// mistake only matters past 64 levels.
fn check_flow_depth(source: &str, file: &Path) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    for (i, line) in source.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut start = ValueStart::new();
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q && prev != '\\' => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if start.here() => quote = Some(c),
                (None, '#') if prev == ' ' || col == 0 => break,
                (None, '[' | '{') if depth > 0 || start.here() => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Err(Diagnostic::error(
                            file,
                            format!("lists or mappings nest more than {MAX_FLOW_DEPTH} levels deep"),
                        )
                        .at(Some(source), i + 1, col + 1)
                        .hint("a document needs a few levels at most: check for unclosed `[` or `{`, or split the data"));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
            start.push(c);
        }
    }
    Ok(())
}

/// A position in the source, 1-based line and column (in characters).
type Pos = (usize, usize);

fn to_diagnostic(e: &serde_yaml::Error, source: &str, file: &Path) -> Diagnostic {
    let raw = e.to_string();
    let pos = e.location().map(|l| (l.line(), l.column()));
    if let Some(d) = syntax_error(&raw, pos, source, file) {
        return d;
    }
    let text = strip_position(&raw);
    let (path, message) = split_path(text);
    let d = explain(path, message, pos, source, file);
    match (d.line, pos) {
        (None, Some((line, col))) => d.at(Some(source), line, col),
        _ => d,
    }
}

/// Removes serde_yaml's trailing " at line L column C".
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if parse_position(&message[i + 1..]).is_some() => &message[..i],
        _ => message,
    }
}

/// Parses "at line L column C" at the start of `s`.
fn parse_position(s: &str) -> Option<Pos> {
    let rest = s.strip_prefix("at line ")?;
    let (line, rest) = rest.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// serde_yaml prefixes errors inside the document with the path to the value:
/// `sections[0].items[2]: missing field `text``.
fn split_path(message: &str) -> (Option<&str>, &str) {
    if let Some((head, rest)) = message.split_once(": ") {
        let is_path = !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'));
        if is_path {
            return (Some(head), rest);
        }
    }
    (None, message)
}

/// Errors of the YAML parser itself (libyaml): bad indentation, tabs, unclosed quotes.
fn syntax_error(raw: &str, pos: Option<Pos>, source: &str, file: &Path) -> Option<Diagnostic> {
    let (problem_part, context) = match raw.split_once(", while ") {
        Some((p, c)) => (p, Some(c)),
        None => (raw, None),
    };
    let problem = strip_position(problem_part);
    let (message, hint) = syntax_words(problem)?;
    let at = |d: Diagnostic, p: Option<Pos>| match p {
        Some((l, c)) => d.at(Some(source), l, c),
        None => d,
    };
    // "while scanning a quoted scalar at line 3 column 10": the quote that never closed.
    if let Some(ctx) = context.filter(|c| c.contains("quoted scalar")) {
        let opened = ctx
            .find("at line ")
            .and_then(|i| parse_position(&ctx[i..]))
            .or(pos);
        return Some(
            at(
                Diagnostic::error(file, "this quote is never closed"),
                opened,
            )
            .hint(QUOTE_HINT),
        );
    }
    // "while parsing a flow sequence at line 22 column 10": the bracket that never closed.
    if let Some(ctx) = context.filter(|c| c.contains("parsing a flow")) {
        if let Some(opened) = ctx.find("at line ").and_then(|i| parse_position(&ctx[i..])) {
            let (what, close) = if ctx.contains("sequence") {
                ("[", "]")
            } else {
                ("{", "}")
            };
            if opened.0 != pos.map_or(0, |p| p.0) {
                return Some(at(
                    Diagnostic::error(file, format!("this `{what}` is never closed")),
                    Some(opened),
                )
                .hint(format!(
                    "close it with `{close}` on the same line, and separate the values with commas; YAML gave up at line {} ({problem})",
                    pos.map_or(0, |p| p.0)
                )));
            }
        }
    }
    // A quote closed only on a later line swallowed the lines between: the parser fails
    // further down, where the text no longer makes sense. Point at where the quote opened.
    if let Some((l, c)) = pos {
        if let Some((ol, oc, close_line)) = unclosed_quote_before(source, l) {
            return Some(
                Diagnostic::error(file, "this quote is not closed on its line")
                    .at(Some(source), ol, oc)
                    .hint(format!(
                        "{QUOTE_HINT}. The text ran on to line {close_line}, and YAML gave up at line {l} column {c} ({problem})"
                    )),
            );
        }
    }
    Some(at(Diagnostic::error(file, message), pos).hint(hint))
}

const QUOTE_HINT: &str = "end the text with the same quote mark it starts with (\" or '), or drop the quotes; inside \"…\" write \\\" for a quote mark";

/// Plain words for libyaml's problems; `None` when `problem` is not a parser error.
fn syntax_words(problem: &str) -> Option<(String, String)> {
    const INDENT: &str = "check the indentation: the keys of one mapping start in the same column, with spaces only; quote a value that contains \": \" or starts with [ { * & ! | > ' \" % @ `";
    let table: &[(&str, &str, &str)] = &[
        ("found a tab character", "a tab is used for indentation", "YAML indents with spaces, never tabs: replace the tab with spaces"),
        ("did not find expected alphabetic or numeric character", "a value starts with `*` or `&`, which YAML reads as an alias or an anchor (Markdown **bold** at the start of a value?)", "put the whole value in quotes: summary: \"**Kế hoạch** …\""),
        ("found character that cannot start any token", "a value starts with a character YAML reserves (a tab, @ or `)", "indent with spaces, never tabs; put a value that starts with @ or ` in quotes"),
        ("mapping values are not allowed", "a `key: value` where YAML does not expect one", INDENT),
        ("did not find expected key", "YAML expected a key here (a line `key: value` at this indentation)", INDENT),
        ("did not find expected '-' indicator", "this line does not line up with the list items above it", "list items (\"- …\") of one list start in the same column"),
        ("block sequence entries are not allowed", "a list item (\"- …\") where YAML does not expect one", "put the list under a key (`items:` and the \"- …\" lines indented below it), or fix the indentation"),
        ("did not find expected node content", "a value is missing here", INDENT),
        ("could not find expected ':'", "a key without `:` after it", "write `key: value`, with a space after the colon"),
        ("did not find expected ',' or ']'", "a list in brackets is not closed", "close the list with `]`, and separate its values with commas"),
        ("did not find expected ',' or '}'", "a mapping in braces is not closed", "close the mapping with `}`, and separate its entries with commas"),
        ("found unknown escape character", "an unknown escape (\\) inside double quotes", "write \\\\ for a backslash, or use single quotes"),
        ("found unexpected end of stream", "the file ends in the middle of a value", "close every quote, `[` and `{`"),
        ("found undefined tag handle", "an unknown tag (`!…`)", "remove the `!`, or put the value in quotes"),
        ("did not find expected comment or line break", "something follows a value on the same line", "put one value per line, or quote the whole text"),
        ("found unexpected ':'", "an unexpected `:`", "quote the value: summary: \"A: B\""),
        ("control characters are not allowed", "the file contains a control character", "remove it (it is invisible in most editors; retype the line)"),
        ("invalid leading UTF-8 octet", "the file is not UTF-8 text", "save the file as UTF-8"),
    ];
    table
        .iter()
        .find(|(needle, _, _)| problem.contains(needle))
        .map(|(_, m, h)| ((*m).to_string(), (*h).to_string()))
        .or_else(|| {
            problem.starts_with("found ").then(|| {
                (
                    format!("YAML syntax error: {problem}"),
                    "check the indentation and the quotes on this line and the line above".into(),
                )
            })
        })
}

/// The last quoted value opened before line `error_line` that closes on a later line than it
/// opened, as (line, column, closing line). Values of block scalars (`|`, `>`) are skipped.
fn unclosed_quote_before(source: &str, error_line: usize) -> Option<(usize, usize, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = None;
    let mut i = 0;
    let mut block_indent: Option<usize> = None;
    while i < lines.len() && i < error_line {
        let line = lines.get(i).copied().unwrap_or("");
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(b) = block_indent {
            if line.trim().is_empty() || indent > b {
                i += 1;
                continue;
            }
            block_indent = None;
        }
        let mut quote: Option<(char, usize)> = None;
        let mut prev = ' ';
        let mut opened_at = 0;
        let mut start = ValueStart::new();
        for (col, c) in line.chars().enumerate() {
            match quote {
                Some((q, _)) if c == q && (q == '\'' || prev != '\\') => quote = None,
                Some(_) => {}
                None if matches!(c, '"' | '\'') && start.here() => {
                    quote = Some((c, col));
                    opened_at = col;
                }
                None if c == '#' && prev == ' ' => break,
                None => {}
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
            start.push(c);
        }
        if let Some((q, _)) = quote {
            // Find where it closes.
            let mut close = None;
            'outer: for (j, l) in lines.iter().enumerate().skip(i + 1) {
                let mut p = ' ';
                for c in l.chars() {
                    if c == q && (q == '\'' || p != '\\') {
                        close = Some(j);
                        break 'outer;
                    }
                    p = if p == '\\' && c == '\\' { ' ' } else { c };
                }
            }
            let close_line = close.unwrap_or(lines.len().saturating_sub(1));
            if close_line + 1 >= error_line || close.is_none() {
                found = Some((i + 1, opened_at + 1, close_line + 1));
            }
            i = close_line + 1;
            continue;
        }
        let t = line.trim_end();
        let value = t.rsplit_once(": ").map(|(_, v)| v).unwrap_or(t);
        if value.starts_with(['|', '>'])
            && value
                .chars()
                .skip(1)
                .all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
        {
            block_indent = Some(indent);
        }
        i += 1;
    }
    found
}

/// Tracks, along a line, whether a value may start at the next character: at the start of the
/// line, after "- ", ": ", "[", "{" or ",". A quote or bracket elsewhere is plain text ("it's",
/// `a[1]`).
#[derive(Default)]
struct ValueStart {
    last: Option<char>,
    only_dashes: bool,
}

impl ValueStart {
    fn new() -> Self {
        ValueStart {
            last: None,
            only_dashes: true,
        }
    }

    fn here(&self) -> bool {
        match self.last {
            None | Some(':' | '[' | '{' | ',') => true,
            Some('-') => self.only_dashes,
            Some(_) => false,
        }
    }

    fn push(&mut self, c: char) {
        if c != ' ' {
            self.last = Some(c);
            self.only_dashes &= c == '-';
        }
    }
}

/// Plain words for the data errors serde reports (unknown and missing keys, wrong types,
/// dates, numbers), with "in section II.1, item 2" for where.
fn explain(
    path: Option<&str>,
    message: &str,
    pos: Option<Pos>,
    source: &str,
    file: &Path,
) -> Diagnostic {
    // For unknown, missing and duplicate keys the path names the mapping; for a wrong value
    // it ends with the key whose value is wrong, which the message names itself.
    let in_mapping = path
        .map(describe_path)
        .filter(|p| !p.is_empty())
        .map(|p| format!(" in {p}"))
        .unwrap_or_default();
    let in_place = path
        .map(|p| match p.rsplit_once('.') {
            Some((parent, last)) if !last.contains('[') => describe_path(parent),
            None if !p.contains('[') => String::new(),
            _ => describe_path(p),
        })
        .filter(|p| !p.is_empty())
        .map(|p| format!(" in {p}"))
        .unwrap_or_default();
    let field = path.and_then(last_key);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected = backticked(rest.split_once("expected").map(|x| x.1).unwrap_or(""));
        return Diagnostic::error(file, format!("unknown key `{unknown}`{in_mapping}"))
            .hint(suggest(unknown, &expected, "keys"));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected = backticked(rest.split_once("expected").map(|x| x.1).unwrap_or(""));
        let what = field.map(|f| format!("`{f}`")).unwrap_or("this key".into());
        return Diagnostic::error(
            file,
            format!("unknown value `{unknown}` for {what}{in_place}"),
        )
        .hint(suggest(unknown, &expected, "values"));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let missing = rest.split('`').next().unwrap_or("");
        let hint = match example(field, missing) {
            Some(ex) => format!("add `{ex}` to this mapping"),
            None => format!("add `{missing}: …` to this mapping"),
        };
        return Diagnostic::error(file, format!("`{missing}` is missing{in_mapping}")).hint(hint);
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let key = rest.split('`').next().unwrap_or("");
        let d = Diagnostic::error(file, format!("`{key}` is given twice{in_mapping}"))
            .hint("a key appears once per mapping: keep one of the two and delete the other");
        let entry = crate::span::join(path.unwrap_or(""), key);
        let spans = crate::span::Spans::parse(source);
        return match spans.duplicate(&entry) {
            Some(p) => {
                let d = d.at(Some(source), p.line, p.column);
                // The first of the two, as a second place.
                match spans.duplicate_first(&entry) {
                    Some(first) => d.also_at(
                        file,
                        Some(source),
                        (first.line, first.column),
                        format!("`{key}` is given first here"),
                    ),
                    _ => d,
                }
            }
            None => d,
        };
    }
    if message == "recursion limit exceeded" {
        return Diagnostic::error(file, "the YAML nests too deep (more than 128 levels)").hint(
            "a document needs a few levels at most: check the indentation, or split the data",
        );
    }
    if message == "repetition limit exceeded" {
        let d = Diagnostic::error(
            file,
            "aliases (`*name`) expand to far more data than the file holds",
        )
        .hint("vanban needs no anchors (`&name`) or aliases (`*name`): write the values out");
        return match crate::span::Spans::parse(source).first_alias() {
            Some(p) => d.at(Some(source), p.line, p.column),
            None => d,
        };
    }
    if message == "unknown anchor" {
        return Diagnostic::error(file, "an alias (`*name`) refers to no anchor (`&name`)")
            .hint("define the anchor before the alias, or write the value out");
    }
    let is_date = field.is_some_and(|f| f == "date" || f.ends_with("_date"))
        || message.contains("formatted date")
        || CHRONO_ERRORS.contains(&message);
    if is_date {
        let value = pos.map(|p| scalar_at(source, p)).unwrap_or_default();
        let (msg, hint) = explain_date(&value);
        let name = field.unwrap_or("date");
        return Diagnostic::error(file, format!("`{name}`{in_place}: {msg}")).hint(hint);
    }
    if let Some((found, expected)) = type_mismatch(message) {
        let name = field
            .map(|f| format!("`{f}`"))
            .unwrap_or("this value".into());
        if let Some(n) = found
            .strip_prefix("integer `")
            .and_then(|s| s.strip_suffix('`'))
            .and_then(|s| s.parse::<i64>().ok())
        {
            if expected.starts_with('u') && n < 0 {
                let hint = if field == Some("number") {
                    "document numbers run from 01 each calendar year: write 1 or more, or remove `number` for a draft"
                } else {
                    "write a whole number, 0 or more"
                };
                return Diagnostic::error(
                    file,
                    format!("{name}{in_place} cannot be negative (it is {n})"),
                )
                .hint(hint);
            }
        }
        // "- Sở Tài chính: để phối hợp": the ": " made a text into a `key: value` mapping.
        let hint = if found == "map"
            && matches!(
                expected,
                "a string" | "a text, or a list of lines such as [ỦY BAN NHÂN DÂN, TỈNH BẮC GIANG]"
            ) {
            let line = pos
                .and_then(|(l, c)| Some((source.lines().nth(l.saturating_sub(1))?, c)))
                .map(|(l, c)| {
                    let from: String = l.chars().skip(c.saturating_sub(1)).collect();
                    from.trim()
                        .trim_start_matches("- ")
                        .trim_end_matches([']', '}', ','])
                        .trim()
                        .to_string()
                })
                .filter(|l| l.contains(": "));
            match line {
                Some(l) => format!(
                    "the text contains \": \", so YAML reads it as `key: value`: put the whole text in quotes, \"{}\"",
                    l.replace('"', "\\\"")
                ),
                None => "the text contains \": \", so YAML reads it as `key: value`: put the whole text in quotes".into(),
            }
        } else {
            type_hint(expected)
        };
        return Diagnostic::error(
            file,
            format!(
                "{name}{in_place} must be {}, not {}",
                expected_words(expected),
                found_words(found)
            ),
        )
        .hint(hint);
    }
    Diagnostic::error(file, format!("{message}{in_place}"))
        .hint("compare with the sample plan in plans/ and README.md")
}

const CHRONO_ERRORS: [&str; 5] = [
    "input is out of range",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "input is not enough for unique date and time",
];

/// `sections[1].sections[0].items[2].indicator` → "section II.1, item 3, `indicator`".
pub(crate) fn describe_path(path: &str) -> String {
    let mut parts = Vec::new();
    let mut sections: Vec<usize> = Vec::new();
    for seg in path.split('.') {
        let name = seg.split('[').next().unwrap_or("");
        let indexes: Vec<usize> = seg
            .split('[')
            .skip(1)
            .filter_map(|s| s.trim_end_matches(']').parse().ok())
            .collect();
        match (name, indexes.as_slice()) {
            ("sections", [i]) => sections.push(i + 1),
            (n, idx) => {
                if !sections.is_empty() {
                    parts.push(format!("section {}", crate::numbering::outline(&sections)));
                    sections.clear();
                }
                match idx {
                    [] => parts.push(format!("`{n}`")),
                    [i, ..] => {
                        let singular = match n {
                            "items" => "item".to_string(),
                            "deadlines" => "deadline".to_string(),
                            "recipients" => "recipient".to_string(),
                            other => format!("`{other}` entry"),
                        };
                        parts.push(format!("{singular} {}", i + 1));
                    }
                }
            }
        }
    }
    if !sections.is_empty() {
        parts.push(format!("section {}", crate::numbering::outline(&sections)));
    }
    parts.join(", ")
}

/// The key named last in a path, if the path ends with a key (not an index).
fn last_key(path: &str) -> Option<&str> {
    let seg = path.rsplit('.').next()?;
    (!seg.contains('[')).then_some(seg)
}

fn backticked(list: &str) -> Vec<&str> {
    list.split('`').skip(1).step_by(2).collect()
}

/// "did you mean" among `expected`, or the list of what is allowed.
fn suggest(unknown: &str, expected: &[&str], what: &str) -> String {
    let best = expected
        .iter()
        .map(|k| (edit_distance(&unknown.to_lowercase(), k), *k))
        .min()
        .filter(|(d, k)| *d <= 2.max(k.len() / 3));
    match best {
        Some((_, k)) => format!("did you mean `{k}`? Keys are English snake_case."),
        None if expected.is_empty() => format!("remove it: no {what} are allowed here"),
        None => format!(
            "remove it, or use one of the {what} allowed here: {}",
            expected.join(", ")
        ),
    }
}

/// An example line for a missing key, by the mapping it is missing from.
fn example(parent: Option<&str>, field: &str) -> Option<&'static str> {
    Some(match (parent, field) {
        (_, "kind") => "kind: plan",
        (_, "issuer") => "issuer: { name: SỞ Y TẾ, abbr: SYT }",
        (_, "year") => "year: 2018",
        (_, "place") => "place: Bắc Giang",
        (_, "summary") => "summary: Thực hiện công tác … năm 2018",
        (_, "signature") => "signature: { title: GIÁM ĐỐC, name: Nguyễn Văn A }",
        (Some("issuer"), "name") => "name: SỞ Y TẾ",
        (Some("issuer"), "abbr") => "abbr: SYT",
        (Some("signature"), "name") => "name: Trần Văn Sinh",
        (Some("signature"), "title") => "title: PHÓ GIÁM ĐỐC",
        (_, "text") => "text: …",
        (Some("indicator"), "unit") => "unit: xã",
        (_, "unit") => "unit: ttyt-luc-nam (a unit's id in units.yaml)",
        (_, "target") => "target: 0.60",
        (_, "lead") => "lead: Căn cứ Kế hoạch này, …",
        (_, "to") => "to: Sở Y tế (Phòng Nghiệp vụ Y)",
        (_, "deadlines") => "deadlines: [{ deliverable: unit-plan, due: \"03-30\" }]",
        (_, "deliverable") => "deliverable: unit-plan",
        (_, "due") => "due: \"03-30\"",
        _ => return None,
    })
}

/// Splits serde's "invalid type: F, expected E" (or "invalid value: …").
fn type_mismatch(message: &str) -> Option<(&str, &str)> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    rest.rsplit_once(", expected ")
}

fn expected_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a string" => "a text".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list".into(),
        e if e.starts_with("struct ") || e == "a map" => "a mapping (`key: value` lines)".into(),
        e => e.to_string(),
    }
}

fn found_words(found: &str) -> String {
    if found == "unit value" {
        return "nothing (the value is empty)".into();
    }
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for (p, w) in [
        ("integer `", "the number "),
        ("floating point `", "the number "),
        ("boolean `", ""),
    ] {
        if let Some(s) = found.strip_prefix(p) {
            return format!("{w}{}", s.trim_end_matches('`'));
        }
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        f => f.to_string(),
    }
}

fn type_hint(expected: &str) -> String {
    match expected {
        e if e.starts_with('u') || e.starts_with('i') => {
            "write digits only, e.g. year: 2018".into()
        }
        "f32" | "f64" => "write a number with a dot for decimals, e.g. target: 0.60".into(),
        "a string" => {
            "write the text after the colon; quote it if it starts with [ { - or a digit".into()
        }
        "a sequence" => "write a list: one \"- value\" line per entry, or [a, b]".into(),
        e if e.starts_with("struct ") || e == "a map" => {
            "write `key: value` lines indented under this key, or { key: value, … }".into()
        }
        _ => "compare with the sample plan in plans/".into(),
    }
}

/// The scalar that starts at `pos` (1-based), without quotes.
fn scalar_at(source: &str, (line, col): Pos) -> String {
    let Some(l) = source.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let tail: String = l.chars().skip(col.saturating_sub(1)).collect();
    let end = [" #", ",", "}", "]"]
        .iter()
        .filter_map(|s| tail.find(s))
        .min()
        .unwrap_or(tail.len());
    tail.get(..end)
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\''])
        .to_string()
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why `value` is not a date, and how to write it.
pub(crate) fn explain_date(value: &str) -> (String, String) {
    const FORM: &str = "write dates as YYYY-MM-DD (year-month-day), e.g. date: 2018-03-05";
    let nums: Vec<Option<i64>> = value
        .split(['-', '/', '.'])
        .map(|p| p.trim().parse().ok())
        .collect();
    if let [Some(a), Some(b), Some(c)] = nums.as_slice() {
        let (y, m, d, iso) = if value.contains('-') && *a > 31 {
            (*a, *b, *c, true)
        } else {
            (*c, *b, *a, false)
        };
        if !(1..=12).contains(&m) {
            return (
                format!("`{value}` has no month {m}: months run from 1 to 12"),
                FORM.into(),
            );
        }
        let days = days_in_month(y, m);
        let month = MONTHS.get((m - 1) as usize).copied().unwrap_or("");
        if d < 1 || d > days {
            return (
                format!("{value} does not exist: {month} {y} has {days} days"),
                "check the day and the month".into(),
            );
        }
        if !iso {
            return (
                format!("`{value}` is not in the form YYYY-MM-DD"),
                format!("write it as {y:04}-{m:02}-{d:02} (year-month-day)"),
            );
        }
    }
    if value.is_empty() {
        return ("the date is empty".into(), FORM.into());
    }
    (
        format!("`{value}` is not a date in the form YYYY-MM-DD"),
        FORM.into(),
    )
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Levenshtein distance over characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
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
        #[serde(default)]
        number: Option<u32>,
        #[serde(default)]
        date: Option<chrono::NaiveDate>,
    }

    fn err(src: &str) -> Diagnostic {
        match from_str::<T>(src, Path::new("a.yaml")) {
            Ok(t) => panic!("expected an error, got {t:?}"),
            Err(d) => d,
        }
    }

    #[test]
    fn unknown_field_is_located_and_gets_a_suggestion() {
        let d = err("year: 2018\nsumary: x\n");
        assert_eq!((d.line, d.column), (Some(2), Some(1)));
        assert_eq!(d.message, "unknown key `sumary`");
        assert!(d.hint.unwrap().contains("did you mean `summary`"));
    }

    #[test]
    fn wrong_type_is_located_and_worded() {
        let d = err("summary: x\nyear: nam\n");
        assert_eq!(d.line, Some(2));
        assert_eq!(
            d.message,
            "`year` must be a whole number, not the text \"nam\""
        );
    }

    #[test]
    fn negative_number_and_impossible_date() {
        let d = err("summary: x\nyear: 2018\nnumber: -3\n");
        assert_eq!(d.message, "`number` cannot be negative (it is -3)");
        let d = err("summary: x\nyear: 2018\ndate: 2018-02-30\n");
        assert_eq!(
            d.message,
            "`date`: 2018-02-30 does not exist: February 2018 has 28 days"
        );
        assert_eq!((d.line, d.column), (Some(3), Some(7)));
        assert_eq!(
            explain_date("2016-02-29").0,
            "`2016-02-29` is not a date in the form YYYY-MM-DD"
        );
        assert!(explain_date("5/3/2018").1.contains("2018-03-05"));
        assert!(explain_date("2018-13-01").0.contains("no month 13"));
    }

    #[test]
    fn duplicate_key_points_at_the_second_one() {
        let d = err("summary: x\nyear: 2018\nyear: 2019\n");
        assert_eq!(d.message, "`year` is given twice");
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
    }

    #[test]
    fn unclosed_quote_points_where_it_opened() {
        let d = err("summary: \"x\nyear: 2018\nnumber: [\"a\"]\n");
        assert_eq!((d.line, d.column), (Some(1), Some(10)), "{d}");
        let d = err("year: 2018\nsummary: 'x\n");
        assert_eq!((d.line, d.column), (Some(2), Some(10)), "{d}");
        assert_eq!(d.message, "this quote is never closed");
    }

    #[test]
    fn plain_apostrophes_and_block_text_are_not_quotes() {
        let src = "summary: it's\nyear: 2018\nnumber: [1\n";
        let d = err(src);
        assert_ne!(d.line, Some(1), "{d}");
        let src = "summary: >-\n  a \"b\n  c\nyear: 2018\nnumber: [1\n";
        assert_ne!(err(src).line, Some(2));
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let src = format!("summary: {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
        let d = err(&src);
        assert!(d.message.contains("nest more than 64"), "{d}");
        assert_eq!((d.line, d.column), (Some(1), Some(10 + MAX_FLOW_DEPTH)));
    }

    #[test]
    fn paths_read_like_the_document() {
        assert_eq!(
            describe_path("sections[1].sections[0].items[2].indicator"),
            "section II.1, item 3, `indicator`"
        );
        assert_eq!(describe_path("signature"), "`signature`");
        assert_eq!(
            describe_path("sections[0].sections[0].sections[0].sections[1]"),
            "section I.1.1.b"
        );
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("sumary", "summary"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
