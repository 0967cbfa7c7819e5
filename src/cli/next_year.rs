//! `vanban next-year`: the draft of next year's plan and the review list of its changes.

use std::path::PathBuf;

use serde_json::json;

use super::output::{emit, finish};
use super::Format;

pub(super) fn run(file: PathBuf, year: Option<i32>, force: bool, format: Format) -> i32 {
    let opts = crate::next_year::Options { file, year, force };
    let d = match crate::next_year::run(&opts) {
        Err(errors) => return finish("next-year", format, 1, &errors, None),
        Ok(d) => d,
    };
    let target = d.target.display();
    if format == Format::Json {
        let changes: Vec<serde_json::Value> = d
            .changes
            .iter()
            .map(|c| json!({ "line": c.line, "key": c.key, "old": c.old, "new": c.new }))
            .collect();
        let body = json!({
            "written": [d.target],
            "old_year": d.old_year,
            "new_year": d.new_year,
            "changes": changes,
        });
        return finish("next-year", format, 0, &d.warnings, Some(body));
    }
    for c in &d.changes {
        println!("{target}:{}: {}: {} → {}", c.line, c.key, c.old, c.new);
    }
    for w in &d.warnings {
        emit(w);
    }
    println!(
        "wrote {target}: a {} draft from the {} plan, {} change(s), {} warning(s) to review",
        d.new_year,
        d.old_year,
        d.changes.len(),
        d.warnings.len()
    );
    0
}
