//! The JSON Schema stands in for the clerk's editor: the committed copy under schema/ is the
//! generated one; every sample and fixture gets the same verdict from the schema (a Rust
//! JSON-Schema validator) as from vanban's own deserializer, but for the differences listed
//! with their reasons; a misspelled key and a wrong date fail it.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use vanban::schema::{self, Kind, FILES};

fn validator(kind: Kind) -> jsonschema::Validator {
    let schema = schema::generate(kind);
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the {kind:?} schema is not a valid schema: {e}"))
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    v.sort();
    v
}

fn is_units(p: &Path) -> bool {
    p.file_name().is_some_and(|n| n == "units.yaml")
}

/// The YAML as JSON, read as vanban reads it (alias and depth limits); `None` when it is not
/// YAML vanban accepts at all. A key given twice is a YAML error here (serde_yaml's mapping),
/// as it is in the editor's YAML parser: JSON could not hold it.
fn as_json(text: &str, path: &Path) -> Option<Value> {
    let yaml = vanban::yaml::from_str::<serde_yaml::Value>(text, path).ok()?;
    serde_json::to_value(yaml).ok()
}

fn schema_errors(v: &jsonschema::Validator, value: &Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    for (kind, name) in FILES {
        let path = common::root().join(schema::FOLDER).join(name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == schema::text(kind),
            "{} is not the schema vanban generates from its types; regenerate it with\n    cargo run -- schema --out schema\nand review the diff",
            path.display()
        );
    }
}

#[test]
fn every_sample_has_the_schema_line_and_validates() {
    let plans = common::root().join("plans");
    let docs = validator(Kind::Document);
    let units = validator(Kind::Units);
    let files = yaml_files(&plans);
    assert!(files.len() >= 20, "{files:?}");
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let schema_file = schema::project_schema(&plans, is_units(f));
        let line = schema::modeline(f, &schema_file);
        assert_eq!(
            text.lines().next(),
            Some(line.as_str()),
            "{}: the first line points the editor at the schema",
            f.display()
        );
        let value = as_json(&text, f).unwrap();
        let v = if is_units(f) { &units } else { &docs };
        let errors = schema_errors(v, &value);
        assert!(errors.is_empty(), "{}: {errors:#?}", f.display());
    }
    println!("{} samples validate against the schema", files.len());
}

/// Where the schema and the deserializer disagree, and why. (parser accepts, schema accepts).
fn known_differences() -> BTreeMap<&'static str, (bool, bool, &'static str)> {
    BTreeMap::from([
        (
            "invalid/impossible-date/input.yaml",
            (
                false,
                true,
                "2019-02-30: a pattern does not know the length of February",
            ),
        ),
        (
            "invalid/missing-key-top/input.yaml",
            (
                false,
                true,
                "`place` may come from vanban.toml's [defaults], so the schema does not require it",
            ),
        ),
        (
            "invalid/number-zero/input.yaml",
            (
                true,
                false,
                "number 0 deserializes; validation refuses it, and the schema's minimum is 1",
            ),
        ),
        (
            "invalid/value-target-infinite/input.yaml",
            (
                true,
                false,
                "`.inf` deserializes; JSON has no infinity (it becomes null, which the schema refuses) and validation refuses it at its line",
            ),
        ),
        (
            "invalid/value-target-nan/input.yaml",
            (
                true,
                false,
                "`.nan` deserializes; JSON has no NaN (it becomes null, which the schema refuses) and validation refuses it at its line",
            ),
        ),
        (
            "invalid/lint-VB001-symbol/input.yaml",
            (
                true,
                false,
                "abbr `Syt`: the schema's pattern is lint VB001 (a warning of `check`)",
            ),
        ),
        (
            "located/plans/units.yaml",
            (
                true,
                false,
                "abbr `TT YT` deserializes; the project's registry check refuses it at its `abbr:` (tests/located.rs), and so does the schema's pattern",
            ),
        ),
    ])
}

#[test]
fn every_fixture_gets_the_deserializers_verdict() {
    let fixtures = common::root().join("tests/fixtures");
    let docs = validator(Kind::Document);
    let units = validator(Kind::Units);
    let known = known_differences();
    let mut seen = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for f in yaml_files(&fixtures) {
        let rel = f
            .strip_prefix(&fixtures)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Ok(text) = vanban::read::decode(&std::fs::read(&f).unwrap(), &f) else {
            // not UTF-8: neither reads it
            continue;
        };
        let parsed = if is_units(&f) {
            vanban::load::parse_registry(&text, &f).map(|_| ())
        } else {
            vanban::load::parse(&text, &f).map(|_| ())
        };
        let value = as_json(&text, &f);
        let v = if is_units(&f) { &units } else { &docs };
        let errors = value.as_ref().map(|x| schema_errors(v, x));
        let by_schema = errors.as_ref().is_some_and(Vec::is_empty);
        let expected = known.get(rel.as_str());
        if let Some((p, s, why)) = expected {
            assert_eq!(
                (parsed.is_ok(), by_schema),
                (*p, *s),
                "{rel}: listed as a known difference ({why}) but the verdicts changed"
            );
            seen.push(rel.clone());
        } else {
            assert_eq!(
                parsed.is_ok(),
                by_schema,
                "{rel}: the deserializer says {:?}, the schema says {:?}",
                parsed.as_ref().err().map(|d| d.message.clone()),
                errors
            );
        }
        if by_schema {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    let unseen: Vec<_> = known
        .keys()
        .filter(|k| !seen.iter().any(|s| s == *k))
        .collect();
    assert!(
        unseen.is_empty(),
        "known differences whose fixture is gone: {unseen:?}"
    );
    assert!(
        valid >= 15 && invalid >= 15,
        "{valid} valid, {invalid} invalid"
    );
    println!("{valid} fixtures validate against the schema, {invalid} are rejected by it");
}

fn sample_plan_json(edit: impl Fn(&str) -> String) -> (Value, Result<(), String>) {
    let path = common::sample_plan();
    let text = edit(&std::fs::read_to_string(&path).unwrap());
    let parsed = vanban::load::parse(&text, &path)
        .map(|_| ())
        .map_err(|d| d.message);
    (as_json(&text, &path).unwrap(), parsed)
}

#[test]
fn a_misspelled_key_fails_the_schema() {
    let docs = validator(Kind::Document);
    let (ok, _) = sample_plan_json(str::to_string);
    assert!(docs.is_valid(&ok));
    let (top, parsed) = sample_plan_json(|t| t.replacen("\nsummary:", "\nsumary:", 1));
    let errors = schema_errors(&docs, &top);
    assert!(errors.iter().any(|e| e.contains("sumary")), "{errors:#?}");
    assert!(parsed.is_err());
    // Inside the signature too.
    let (nested, parsed) =
        sample_plan_json(|t| t.replacen(" title: PHÓ GIÁM ĐỐC,", " tittle: PHÓ GIÁM ĐỐC,", 1));
    let errors = schema_errors(&docs, &nested);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("/signature") && e.contains("tittle")),
        "{errors:#?}"
    );
    assert!(parsed.is_err());
}

#[test]
fn a_wrong_date_fails_the_schema() {
    let docs = validator(Kind::Document);
    for bad in ["2026-13-40", "\"12/3/2026\"", "05/03/2018", "2018-3"] {
        let (v, parsed) = sample_plan_json(|t| {
            let start = t.find("\ndate: ").unwrap() + 1;
            let end = start + t[start..].find('\n').unwrap();
            format!("{}date: {bad}{}", &t[..start], &t[end..])
        });
        let errors = schema_errors(&docs, &v);
        if bad == "2018-3" {
            // A month while the day is not known yet: both accept it.
            assert!(errors.is_empty(), "{bad}: {errors:#?}");
            assert!(parsed.is_ok(), "{bad}: {parsed:?}");
            continue;
        }
        assert!(
            errors.iter().any(|e| e.starts_with("/date")),
            "{bad}: {errors:#?}"
        );
        assert!(parsed.is_err(), "{bad}");
    }
}

#[test]
fn every_kind_has_its_schema() {
    for kind in [
        Kind::Plan,
        Kind::Report,
        Kind::ConsolidatedReport,
        Kind::Letter,
        Kind::Units,
        Kind::Project,
    ] {
        let v = schema::generate(kind);
        assert_eq!(v["additionalProperties"], false, "{kind:?}");
        assert!(v["title"].as_str().is_some_and(|t| t.starts_with("vanban")));
        validator(kind);
    }
    // The project file as TOML, read into JSON.
    let toml_text = std::fs::read_to_string(common::root().join("vanban.toml")).unwrap();
    let value: Value = toml::from_str(&toml_text).unwrap();
    let errors = schema_errors(&validator(Kind::Project), &value);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn vs_code_maps_the_plans_to_the_schema_and_recommends_the_yaml_extension() {
    let root = common::root();
    let settings: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let schemas = settings["yaml.schemas"].as_object().unwrap();
    for (file, globs) in schemas {
        assert!(root.join(file).is_file(), "{file} is not there");
        assert!(globs.as_array().is_some_and(|g| !g.is_empty()), "{file}");
    }
    assert!(schemas.contains_key("./schema/vanban.schema.json"));
    assert!(schemas.contains_key("./schema/units.schema.json"));
    let ext: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join(".vscode/extensions.json")).unwrap(),
    )
    .unwrap();
    assert!(ext["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "redhat.vscode-yaml"));
}
