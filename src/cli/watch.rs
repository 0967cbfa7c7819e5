//! `vanban watch`: rebuild on every save, a line (or a JSON object) per rebuild.

use super::output::{emit, finish};
use super::Format;
use crate::build::Options;

pub(super) fn run(opts: Options, debounce: u64, format: Format) -> i32 {
    let mut first = true;
    let names: Vec<String> = opts.paths.iter().map(|p| p.display().to_string()).collect();
    let result = crate::watch::run(
        &opts,
        std::time::Duration::from_millis(debounce),
        None,
        &mut |r| {
            match format {
                Format::Text => crate::watch::print_rebuild(r),
                // One object a line (JSON Lines), one line per rebuild.
                Format::Json => {
                    let (diagnostics, body) = match &r {
                        Ok(r) => (
                            r.diagnostics.as_slice(),
                            Some(crate::watch::rebuild_json(r)),
                        ),
                        Err(d) => (std::slice::from_ref(d), None),
                    };
                    diagnostics.iter().for_each(emit);
                    let ok = r.as_ref().is_ok_and(|r| r.failed.is_empty());
                    let e = crate::json::Envelope::new("watch", ok, diagnostics, body.as_ref());
                    println!("{}", e.to_line());
                    use std::io::Write;
                    let _ = std::io::stdout().flush();
                }
            }
            if std::mem::take(&mut first) {
                let line = format!("watching {} (Ctrl-C to stop)", names.join(", "));
                match format {
                    Format::Text => println!("{line}"),
                    Format::Json => eprintln!("{line}"),
                }
            }
        },
    );
    match result {
        Ok(()) => 0,
        Err(d) => finish("watch", format, 1, &[d], None),
    }
}
