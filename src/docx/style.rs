//! The numbers of FORMAT.md as named constants (twips, half-points), used by the DOCX writer.
