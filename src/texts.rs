//! The text values of a document's body, each with the path of the node it is read from
//! (`sections[2].items[0]`), so a rule that finds something inside a text can point at it
//! there: the appendix references of validate and the text rules of lint walk the same
//! lists.

use crate::model::{Cell, ClerkTable, Item, Section};
use crate::span::{index, join};

/// A text value of the document and its path (`sections[2].text`).
pub(crate) type Text<'a> = (String, &'a str);

/// The texts of `list` (at `path`) with their paths, in document order: each section's title,
/// text, items (and their sub-items), the clerk's tables when `tables` is true (captions,
/// notes, cells), then its sub-sections.
pub(crate) fn sections<'a>(list: &'a [Section], path: &str, tables: bool, out: &mut Vec<Text<'a>>) {
    for (i, s) in list.iter().enumerate() {
        let at = index(path, i);
        if let Some(t) = &s.title {
            out.push((join(&at, "title"), t.as_str()));
        }
        if let Some(t) = &s.text {
            out.push((join(&at, "text"), t.as_str()));
        }
        items(&s.items, &join(&at, "items"), out);
        if tables {
            self::tables(&s.tables, &join(&at, "tables"), out);
        }
        sections(&s.sections, &join(&at, "sections"), tables, out);
    }
}

/// The texts of the items `list` (at `path`) and of their sub-items. An item written as a
/// mapping has its text at `….text`; the path given is the item's, which
/// [`crate::locate`] follows to its `text`.
fn items<'a>(list: &'a [Item], path: &str, out: &mut Vec<Text<'a>>) {
    for (i, item) in list.iter().enumerate() {
        let at = index(path, i);
        out.push((at.clone(), item.text.as_str()));
        if !item.items.is_empty() {
            items(&item.items, &join(&at, "items"), out);
        }
    }
}

/// The captions, notes and cells of the clerk's tables `list` (at `path`).
pub(crate) fn tables<'a>(list: &'a [ClerkTable], path: &str, out: &mut Vec<Text<'a>>) {
    for (i, t) in list.iter().enumerate() {
        let at = index(path, i);
        if let Some(c) = &t.caption {
            out.push((join(&at, "caption"), c.as_str()));
        }
        if let Some(n) = &t.note {
            out.push((join(&at, "note"), n.as_str()));
        }
        let rows = |key: &str, rows: &'a [Vec<Cell>], out: &mut Vec<Text<'a>>| {
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    out.push((index(&index(&join(&at, key), r), c), cell.text.as_str()));
                }
            }
        };
        rows("header", &t.header, out);
        rows("rows", &t.rows, out);
    }
}

/// The texts of a list of strings (`bases`, `recipients`) at `path`: `path[0]`, `path[1]`, …
pub(crate) fn list<'a>(list: &'a [String], path: &str, out: &mut Vec<Text<'a>>) {
    out.extend(
        list.iter()
            .enumerate()
            .map(|(i, t)| (index(path, i), t.as_str())),
    );
}
