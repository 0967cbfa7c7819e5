//! The check over the whole batch: a number used twice by the same issuer, kind and year.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::manifest::{self, Manifest};
use super::scan::Doc;
use crate::error::Diagnostic;
use crate::load::{self, Input};
use crate::validate::{self, BatchEntry};

/// The checks that need the whole batch: a signed document's number used twice by the same
/// issuer, kind and year. The number of a document read by the scan is the scan's; of an
/// unchanged one, the manifest's; the others are read. Returns the errors of the documents
/// concerned, by path.
pub(super) fn duplicate_numbers(
    docs: &[Doc<'_, '_>],
    of_input: &[Option<usize>],
    old: &Manifest<'_>,
) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let numbers: Vec<(&Input, Cow<'_, str>)> = of_input
        .par_iter()
        .filter_map(|d| {
            let doc = &docs[(*d)?];
            if !doc.facts.num {
                return None;
            }
            if let Some(n) = &doc.facts.number {
                return Some((doc.input, Cow::Borrowed(n.as_deref()?)));
            }
            let src = doc.facts.src.as_ref().ok();
            let built = doc.rec.and_then(|j| old.docs[j].built.as_ref());
            if let Some(b) = built.filter(|b| Some(&b.source) == src) {
                return Some((doc.input, Cow::Borrowed(b.number.as_deref()?)));
            }
            let text = load::read_text(&doc.input.path).ok()?;
            let key = match validate::quick_number_key(&text) {
                Some(key) => key,
                None => validate::number_key(&load::parse(&text, &doc.input.path).ok()?),
            };
            Some((doc.input, Cow::Owned(manifest::number_text(&key?))))
        })
        .collect();
    let mut count: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    for (_, k) in &numbers {
        *count.entry(k).or_default() += 1;
    }
    // Only the documents that collide are read again, to locate their errors.
    let clashing: Vec<Input> = numbers
        .iter()
        .filter(|(_, k)| count.get(&**k).is_some_and(|n| *n > 1))
        .map(|(i, _)| (*i).clone())
        .collect();
    if clashing.is_empty() {
        return BTreeMap::new();
    }
    batch_checks(&clashing)
}

/// Duplicate numbers among `inputs`, each error located in its file and naming the others.
pub(crate) fn batch_checks(inputs: &[Input]) -> BTreeMap<PathBuf, Vec<Diagnostic>> {
    let loaded: Vec<(&Input, String, crate::model::Document)> = inputs
        .par_iter()
        .filter_map(|i| {
            let text = load::read_text(&i.path).ok()?;
            let doc = load::parse(&text, &i.path).ok()?;
            Some((i, text, doc))
        })
        .collect();
    let entries: Vec<BatchEntry<'_>> = loaded
        .iter()
        .map(|(i, text, doc)| BatchEntry {
            path: &i.path,
            text,
            doc,
        })
        .collect();
    validate::duplicate_numbers(&entries)
        .into_iter()
        .zip(&loaded)
        .filter(|(errors, _)| !errors.is_empty())
        .map(|(errors, (i, _, _))| (i.path.clone(), errors))
        .collect()
}
