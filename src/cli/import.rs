//! `vanban import`: an existing document back into YAML.

use std::path::PathBuf;

use serde_json::json;

use super::output::{emit, finish, quiet};
use super::Format;

pub(super) fn run(file: PathBuf, out: Option<PathBuf>, force: bool, format: Format) -> i32 {
    let opts = crate::import::Options {
        file: file.clone(),
        out,
        force,
    };
    let o = match crate::import::run(&opts) {
        Err(d) => return finish("import", format, 1, &[d], None),
        Ok(o) => o,
    };
    // Warnings: problems of the YAML read back; the file is written all the same.
    let code = i32::from(!o.warnings.is_empty());
    if format == Format::Json {
        let s = &o.summary;
        let body = json!({
            "written": o.written.iter().collect::<Vec<_>>(),
            "yaml": o.written.is_none().then_some(&o.yaml),
            "recognised": {
                "kind": s.kind,
                "symbol": s.symbol,
                "issuer": s.issuer,
                "sections": s.sections,
                "items": s.items,
                "tables": s.tables,
                "notes": s.notes,
                "recipients": s.recipients,
                "signature": s.signature,
                "indicators": s.indicators,
                "deadlines": s.deadlines,
                "appendices": s.appendices,
                "checks": s.checks,
                "converted_from": s.converted_from,
            },
        });
        return finish("import", format, code, &o.warnings, Some(body));
    }
    if o.written.is_none() {
        print!("{}", o.yaml);
    }
    for w in &o.warnings {
        emit(w);
    }
    if !quiet() {
        eprintln!("{}", crate::import::summary_line(&file, &o));
    }
    code
}
