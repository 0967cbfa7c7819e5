//! Property tests over load → validate → render → DOCX: no input makes vanban panic, and every
//! DOCX it writes is well-formed XML. Arbitrary text goes into the values; arbitrary edits go
//! into the YAML itself.

use crate::common;

use std::path::Path;

use proptest::prelude::*;
use vanban::project::Project;
use vanban::templates::Templates;
use vanban::{compile, load, read};

fn sample() -> String {
    load::read_text(&common::sample_plan()).unwrap()
}

/// Runs the whole pipeline; on success checks every XML part of the DOCX.
fn pipeline(bytes: &[u8]) -> Result<(), TestCaseError> {
    let path = Path::new("fuzz.yaml");
    let templates = Templates::builtin().unwrap();
    let Ok(text) = read::decode(bytes, path) else {
        return Ok(());
    };
    match compile::compile(&text, path, &templates, &Project::default()) {
        Err(errors) => {
            prop_assert!(!errors.is_empty(), "a failure without a diagnostic");
            for e in &errors {
                prop_assert!(!e.message.is_empty());
                prop_assert!(e.to_string().contains("fuzz.yaml"));
            }
        }
        Ok(out) => {
            OK.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if let Some(e) = common::malformed_part(&out.docx) {
                return Err(TestCaseError::fail(e));
            }
        }
    }
    Ok(())
}

/// Documents that compiled (so the DOCX checks ran).
static OK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[test]
fn the_text_property_reaches_the_docx_writer() {
    let before = OK.load(std::sync::atomic::Ordering::Relaxed);
    let yaml = sample().replace(
        "name: Trần Văn Sinh",
        &format!("name: {}", quoted("A\u{1}<&>")),
    );
    pipeline(yaml.as_bytes()).unwrap();
    assert!(
        OK.load(std::sync::atomic::Ordering::Relaxed) > before,
        "the pipeline did not reach the DOCX"
    );
}

/// A YAML double-quoted scalar holding `s` (JSON string syntax is valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,40}",
        "[\\u{0}-\\u{1F}&<>\"'{}%#*!|>\\\\ a-zạ-ỹ]{0,40}",
        Just("{{ 7*7 }} {% include \"x\" %} {# c #}".to_string()),
    ]
}

proptest! {
    // PROPTEST_CASES=2000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_values_never_panic_and_keep_the_docx_well_formed(
        summary in text(), title in text(), item in text(), name in text(), place in text(),
    ) {
        let yaml = sample()
            .replace("summary: Thực hiện công tác Phòng, chống mại dâm năm 2018", &format!("summary: {}", quoted(&summary)))
            .replace("title: Mục đích", &format!("title: {}", quoted(&title)))
            .replace("Tăng cường xây dựng thể chế", &format!("{} Tăng", item.replace(['\n', '\r'], " ").replace(['#', ':'], ".")))
            .replace("name: Trần Văn Sinh", &format!("name: {}", quoted(&name)))
            .replace("place: Bắc Giang", &format!("place: {}", quoted(&place)));
        pipeline(yaml.as_bytes())?;
    }

    #[test]
    fn arbitrary_edits_of_the_yaml_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..40, proptest::collection::vec(any::<u8>(), 0..12)), 1..4),
    ) {
        let mut bytes = sample().into_bytes();
        for (at, cut, insert) in edits {
            let i = at.index(bytes.len().max(1));
            let end = (i + cut).min(bytes.len());
            bytes.splice(i..end, insert);
        }
        pipeline(&bytes)?;
    }

    #[test]
    fn arbitrary_lines_moved_or_duplicated_never_panic(
        picks in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()), 1..5),
    ) {
        let mut lines: Vec<String> = sample().lines().map(str::to_string).collect();
        for (from, to, dup) in picks {
            let f = from.index(lines.len());
            let line = if dup { lines[f].clone() } else { lines.remove(f) };
            let t = to.index(lines.len() + 1);
            lines.insert(t, line);
        }
        pipeline(lines.join("\n").as_bytes())?;
    }
}
