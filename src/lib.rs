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
//! [`vietnamese`] formats numbers and amounts in words (views and template helpers share it).
//! [`assets`] loads a signed document's images; [`next_year`] drafts next year's plan from
//! this year's by editing the YAML text; [`diff`] compares two plans by structure;
//! [`remind`] drafts the reminder letter (công văn đôn đốc) to late and missing units.
//! [`schema`] generates the JSON Schema of the YAML from the model types, for editors.

// Diagnostics are returned by value on the error path, which is cold; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod aliases;
pub mod assets;
pub mod build;
pub mod cli;
pub mod collisions;
pub mod compile;
pub mod config;
pub mod consolidate;
pub mod diff;
pub mod docx;
pub mod error;
pub mod import;
pub mod lint;
pub mod load;
pub mod locate;
pub mod model;
pub mod next_year;
pub mod paths;
pub mod pdf;
pub mod project;
pub mod remind;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod shell;
pub mod span;
pub mod status;
pub mod status_page;
pub mod templates;
pub mod validate;
pub mod vietnamese;
pub mod view;
pub mod watch;
pub mod world;
pub mod yaml;
