//! The JSON Schema forms of the model types whose `Deserialize` is written by hand (a text
//! or a mapping, a scheme or a list, a date that may lack its day, a period's spelling), and
//! the patterns the schema checks. The derives on the model types name these with
//! `#[schemars(transform = …)]`, `#[schemars(with = …)]` and `#[schemars(pattern(…))]`, so each
//! form says what its deserializer accepts, next to the type. `crate::schema` puts the
//! schema together; this module only shapes the pieces (and so depends on nothing above the
//! model).

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};

use super::plan::Deliverable;
use super::report::Period;

/// A full date as the deserializer reads it (chrono's `YYYY-MM-DD`, month and day in one or
/// two digits): `2018-03-05`. Not `05/03/2018`, not `2018-13-40`.
pub const DATE: &str = r"^[0-9]{4}-(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])$";

/// A document's date: a full date, `YYYY-MM` or `YYYY`.
pub const DOC_DATE: &str = r"^[0-9]{4}(-(0?[1-9]|1[0-2])(-(0?[1-9]|[12][0-9]|3[01]))?)?$";

/// A due day: `MM-DD` in the plan's year, or a full `YYYY-MM-DD`.
pub const DUE: &str = r"^((0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$";

/// An abbreviation in a symbol (`SYT` in `KH-SYT`): upper-case letters and digits, no space;
/// a board of a body joins its parts with hyphens (`MTTQ-BTT` in `KH-MTTQ-BTT`). This is lint
/// VB001 (a warning of `vanban check`, an error with `--deny-warnings`); the editor underlines
/// it.
pub const SYMBOL: &str = r"^[\p{Lu}0-9]+(-[\p{Lu}0-9]+)*$";

/// A text written as one string or as a list of lines (`[ỦY BAN NHÂN DÂN, TỈNH BẮC GIANG]`):
/// the schema of the fields read with `de_lines`.
pub struct Lines;

impl JsonSchema for Lines {
    fn schema_name() -> Cow<'static, str> {
        "Lines".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text, or a list of its lines: [ỦY BAN NHÂN DÂN, TỈNH BẮC GIANG].",
            "oneOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" }, "minItems": 1 }
            ]
        })
    }
}

/// A list that may be written as its one entry (`to: Bộ Y tế` or `to: [Bộ Y tế, Sở Tài chính]`):
/// the schema of the fields read with `de_one_or_list`.
pub struct OneOrList;

impl JsonSchema for OneOrList {
    fn schema_name() -> Cow<'static, str> {
        "OneOrList".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "One entry as a text, or a list: [Bộ Y tế, UBND tỉnh Bắc Giang].",
            "oneOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

/// Keeps the description (the doc comment of the type) and replaces the rest with `form`.
fn replace(schema: &mut Schema, form: Value) {
    let description = schema.get("description").cloned();
    let title = schema.get("title").cloned();
    *schema = Schema::try_from(form).unwrap_or_default();
    if let Some(t) = title {
        schema.insert("title".into(), t);
    }
    if let Some(d) = description {
        schema.insert("description".into(), d);
    }
}

/// The mapping form of a type whose derived schema lists its fields: only `required` are
/// required, nothing else may be written.
fn mapping(schema: &Schema, required: &[&str]) -> Value {
    json!({
        "type": "object",
        "properties": schema.get("properties").cloned().unwrap_or_else(|| json!({})),
        "required": required,
        "additionalProperties": false,
    })
}

/// An item: a text, or a mapping with `text` (and `id`, `short`, `indicator`, `items`).
pub fn item(schema: &mut Schema) {
    let map = mapping(schema, &["text"]);
    replace(
        schema,
        json!({ "oneOf": [ { "type": "string", "description": "The item's text alone." }, map ] }),
    );
}

/// A table cell: a text, a number, or a mapping `{ text, cols, rows }`.
pub fn cell(schema: &mut Schema) {
    let map = mapping(schema, &["text"]);
    replace(
        schema,
        json!({ "oneOf": [ { "type": "string" }, { "type": "number" }, map ] }),
    );
}

/// A numbering: one scheme, or a non-empty list of schemes.
pub fn numbering(schema: &mut Schema) {
    let scheme = schema.get("items").cloned().unwrap_or_else(|| json!({}));
    replace(
        schema,
        json!({ "oneOf": [ scheme.clone(), { "type": "array", "items": scheme, "minItems": 1 } ] }),
    );
}

/// A document's date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (a year may be a number).
pub fn doc_date(schema: &mut Schema) {
    replace(
        schema,
        json!({ "oneOf": [
            { "type": "string", "pattern": DOC_DATE },
            { "type": "integer", "minimum": 1000, "maximum": 9999 }
        ] }),
    );
}

/// Every spelling of a period, from [`Period::parse`]'s own list.
fn periods() -> Vec<Period> {
    let mut v: Vec<Period> = (1..=12).map(Period::Month).collect();
    v.extend((1..=4).map(Period::Quarter));
    v.extend([
        Period::SixMonth,
        Period::NineMonth,
        Period::Annual,
        Period::Campaign,
    ]);
    v
}

/// A period: `month-1` … `month-12`, `quarter-1` … `quarter-4`, `six-month`, `nine-month`,
/// `annual`, `campaign`.
pub fn period(schema: &mut Schema) {
    let keys: Vec<&str> = periods().into_iter().map(Period::key).collect();
    replace(schema, json!({ "type": "string", "enum": keys }));
}

/// A deliverable: `unit-plan` or a period's spelling followed by `-report`.
pub fn deliverable(schema: &mut Schema) {
    let mut keys = vec![Deliverable::UnitPlan.key()];
    keys.extend(periods().into_iter().map(Period::report_key));
    replace(schema, json!({ "type": "string", "enum": keys }));
}

/// `status`: also `signed`, the older spelling of `issued`.
pub fn status(schema: &mut Schema) {
    let older = json!({ "const": "signed", "description": "The older spelling of `issued`." });
    if let Some(Value::Array(variants)) = schema.get_mut("oneOf") {
        variants.push(older);
    } else if let Some(Value::Array(values)) = schema.get_mut("enum") {
        values.push(json!("signed"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_period_reads_back() {
        for p in periods() {
            assert_eq!(Period::parse(p.key()), Some(p));
            assert_eq!(Deliverable::parse(p.report_key()), Some(p.deliverable()));
        }
        assert_eq!(periods().len(), 20);
    }
}
