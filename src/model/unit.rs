//! The units registry (`plans/units.yaml`): the units of the sector that send plans and reports,
//! and the dates their implementation plans were received. Not a document: nothing is built
//! from it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Issuer;

/// The whole registry file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    /// The units, in the order tables list them.
    pub units: Vec<Unit>,
    /// When each unit's implementation plan (the `unit-plan` deliverable) was received:
    /// plan path (relative to the plans folder) → unit id → date.
    #[serde(default)]
    pub unit_plans: BTreeMap<String, BTreeMap<String, NaiveDate>>,
}

/// One unit of the sector.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Id by which reports name the unit: `ttyt-luc-nam`.
    pub id: String,
    /// Full name as written in a sentence: "Trung tâm Y tế huyện Lục Nam". The header prints it
    /// in upper case.
    pub name: String,
    /// Abbreviation in the symbol of its documents: "TTYT" → "BC-TTYT". Units of the same type
    /// share one (every district health centre writes BC-TTYT); the header tells them apart.
    #[schemars(pattern(super::schema_forms::SYMBOL))]
    pub abbr: String,
    /// Parent body printed above the name: "SỞ Y TẾ BẮC GIANG".
    #[serde(default)]
    pub parent: Option<String>,
    /// The head's title, as the signature prints it: "GIÁM ĐỐC".
    pub head: String,
    /// Place name in the date line: "Lục Nam".
    pub place: String,
    /// Communes (xã, phường, thị trấn) in the unit's district: the default denominator of
    /// indicators counted in communes (`unit: xã`).
    #[serde(default)]
    pub communes: Option<u64>,
}

impl Unit {
    /// The unit as the issuer of its documents.
    pub fn issuer(&self) -> Issuer {
        Issuer {
            parent: self.parent.clone(),
            name: self.name.trim().to_uppercase(),
            abbr: self.abbr.clone(),
            office: None,
            name_in_text: Some(self.name.trim().to_string()),
        }
    }
}

impl Registry {
    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }
}
