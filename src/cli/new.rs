//! `vanban new`: a draft document to fill in.

use serde_json::json;

use super::output::finish;
use super::Format;

pub(super) fn run(opts: &crate::scaffold::Options, format: Format) -> i32 {
    let w = match crate::scaffold::run(opts, chrono::Datelike::year(&super::today())) {
        Ok(w) => w,
        Err(d) => return finish("new", format, 1, &[d], None),
    };
    if format == Format::Json {
        let mut written = vec![w.document.clone()];
        written.extend(w.schema.iter().cloned());
        let body = json!({ "written": written, "document": w.document, "schema": w.schema });
        return finish("new", format, 0, &[], Some(body));
    }
    for f in &w.schema {
        println!(
            "wrote {} (the schema the editor checks against)",
            f.display()
        );
    }
    println!(
        "wrote {}: a draft to fill in; then `vanban check {}`",
        w.document.display(),
        w.document.display()
    );
    0
}
