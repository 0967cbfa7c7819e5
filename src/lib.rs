//! vanban: YAML descriptions of Vietnamese official documents → DOCX (Decree 30/2020) and Markdown.

pub mod docx;
