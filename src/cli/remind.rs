//! `vanban remind`: the draft reminder letter to the units late or missing.

use serde_json::json;

use super::output::finish;
use super::Format;

pub(super) fn run(opts: &crate::remind::Options, format: Format) -> i32 {
    use crate::remind::{Outcome, Owed};
    let outcome = match crate::remind::run(opts) {
        Ok(o) => o,
        Err(errors) => return finish("remind", format, 1, &errors, None),
    };
    if format == Format::Text {
        print!("{}", crate::remind::describe(&outcome, opts.as_of));
        return 0;
    }
    let body = match &outcome {
        Outcome::NothingLate { title } => json!({
            "written": [], "as_of": opts.as_of.to_string(), "plan_title": title, "units": [],
        }),
        Outcome::Wrote { path, concerns, by } => {
            let units: Vec<serde_json::Value> = concerns
                .iter()
                .map(|c| {
                    let owed: Vec<serde_json::Value> = c
                        .owed
                        .iter()
                        .map(|o| match o {
                            Owed::Missing {
                                deliverable,
                                due,
                                days,
                            } => json!({
                                "deliverable": deliverable.key(), "status": "missing",
                                "due": due.to_string(), "days": days,
                            }),
                            Owed::Late {
                                deliverable,
                                due,
                                sent,
                                days,
                            } => json!({
                                "deliverable": deliverable.key(), "status": "late",
                                "due": due.to_string(), "sent": sent.to_string(), "days": days,
                            }),
                        })
                        .collect();
                    json!({ "unit": c.unit, "name": c.name, "owed": owed })
                })
                .collect();
            json!({
                "written": [path], "as_of": opts.as_of.to_string(), "by": by.to_string(),
                "units": units,
            })
        }
    };
    finish("remind", format, 0, &[], Some(body))
}
