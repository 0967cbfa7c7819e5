//! vanban: YAML descriptions of Vietnamese official documents → DOCX (Decree 30/2020) and
//! Markdown.
//!
//! Pipeline, one module a stage: [`load`] (walk, read, YAML with locations) → [`model`]
//! (serde types) → [`validate`] (domain rules) → [`view`] (numbering, dates, numbers) →
//! [`render`] (Tera templates, see [`templates`]) → [`docx`] (Markdown events → DOCX).
//! [`compile`] runs one document through them; [`build`] runs a batch and writes files.
//! Reports read their plan and the units registry from a [`project`]; [`consolidate`] does the
//! arithmetic of the consolidated report and [`status`] the deadline table ([`status_page`]
//! its HTML page).
//! Domain facts have one home each, below every stage: [`numbering`] (Roman numerals,
//! letters), [`dates`] (Vietnamese dates), [`authority`] (signing prefixes), [`kinds`] (KH,
//! BC and the kinds documents cite), [`vietnamese`] (numbers and amounts in words),
//! [`unicode`] (invisible characters); [`read`] reads and decodes one file, [`write`](mod@write) writes
//! one atomically (for every command that writes), [`values`] refuses values that cannot be
//! real. No module imports one that imports it (`tests/it/module_graph.rs`).
//! [`assets`] loads a signed document's images; [`next_year`] drafts next year's plan from
//! this year's by editing the YAML text; [`diff`] compares two plans by structure;
//! [`remind`] drafts the reminder letter (công văn đôn đốc) to late and missing units.
//! [`schema`] generates the JSON Schema of the YAML from the model types, for editors.

// Diagnostics are returned by value on the error path, which is cold; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub(crate) mod aliases;
pub(crate) mod assets;
pub(crate) mod authority;
pub mod build;
pub mod cli;
pub(crate) mod collisions;
pub mod compile;
pub(crate) mod config;
pub(crate) mod consolidate;
pub(crate) mod dates;
pub(crate) mod diff;
pub mod docx;
pub mod error;
pub(crate) mod head;
pub mod import;
pub(crate) mod json;
pub(crate) mod kinds;
pub mod lint;
pub mod load;
pub(crate) mod locate;
pub mod model;
pub mod next_year;
pub(crate) mod numbering;
pub(crate) mod paths;
pub(crate) mod pdf;
pub mod printed;
pub mod project;
pub mod read;
pub(crate) mod remind;
pub(crate) mod render;
pub(crate) mod scaffold;
pub mod schema;
pub(crate) mod shell;
pub mod soffice;
pub(crate) mod span;
pub mod status;
pub(crate) mod status_page;
pub mod templates;
pub(crate) mod texts;
pub(crate) mod unicode;
pub mod validate;
pub(crate) mod values;
pub(crate) mod vietnamese;
pub(crate) mod view;
pub mod watch;
pub(crate) mod world;
pub mod write;
pub mod yaml;
