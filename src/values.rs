//! Values that cannot be real, refused at their node: indicators' baselines and targets that
//! are not fractions (NaN, infinite, negative, above 1), years outside [`FIRST_YEAR`]–
//! [`LAST_YEAR`], document numbers above [`MAX_NUMBER`] and counts above [`MAX_COUNT`].
//!
//! Indicators are rates: a report gives a numerator and a denominator (never more achieved
//! than there are), so the rate is a fraction from 0 to 1, and the plan's `baseline` and
//! `target` are written as fractions too (0.60 for 60%; the tables print "60%" and compare the
//! rate with it). A `target: 60` is a percentage written where a fraction is meant, and a
//! `target: 2` (two classes) a count where a rate is meant: either would print "6000%" or
//! "200%" and could never be met. Counts to reach are tasks (`sessions`, `people`, … in the
//! reports).

use chrono::{Datelike, NaiveDate};

use crate::error::Diagnostic;
use crate::model::{
    ConsolidatedReport, DocDate, Document, Figure, Item, Letter, Plan, Registry, Report, Section,
};
use crate::span::{index, join, Source};
use crate::vietnamese;

/// The first year a document can be of: the state's first administrative documents.
pub const FIRST_YEAR: i32 = 1945;
/// The last year a document can be of.
pub const LAST_YEAR: i32 = 2100;
/// The largest document number: an issuer's numbers run from 01 each year, and no office
/// issues a million documents of one kind in a year.
pub const MAX_NUMBER: u32 = 999_999;
/// The largest count (people reached, sessions, communes, numerators and denominators): a
/// thousand billion ("1.000.000.000.000"), a thousand times the people of the country. Up to
/// 9,007 units' counts at this bound add up to less than 2^53, so every total prints exactly
/// and every rate computed from them is exact to the last digit shown.
pub const MAX_COUNT: u64 = 1_000_000_000_000;

/// The values of any document that cannot be real.
pub fn document(doc: &Document, src: &Source<'_>) -> Vec<Diagnostic> {
    match doc {
        Document::Plan(p) => plan(p, src),
        Document::Report(r) => report(r, src),
        Document::ConsolidatedReport(c) => consolidated(c, src),
        Document::Letter(l) => letter(l, src),
    }
}

fn plan(p: &Plan, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    head(p.year, p.date, p.number, src, &mut out);
    if let Some(r) = &p.reporting {
        for (i, d) in r.deadlines.iter().enumerate() {
            // "MM-DD" is in the plan's year (checked above); a full date has its own.
            if let Ok(day) = d.due.trim().parse::<NaiveDate>() {
                let at = join(&index("reporting.deadlines", i), "due");
                year_of(day.year(), "a deadline", &at, src, &mut out);
            }
        }
    }
    sections(&p.sections, "sections", src, &mut out);
    out
}

fn report(r: &Report, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    head(r.year, r.date, r.number, src, &mut out);
    if let Some(s) = r.sent {
        year_of(s.year(), "the day it was sent", "sent", src, &mut out);
    }
    if let Some(c) = &r.campaign {
        year_of(
            c.from.year(),
            "the campaign",
            "campaign.from",
            src,
            &mut out,
        );
        year_of(c.to.year(), "the campaign", "campaign.to", src, &mut out);
    }
    for (id, f) in &r.figures {
        figure(f, &join("figures", id), src, &mut out);
    }
    sections(&r.sections, "sections", src, &mut out);
    out
}

fn consolidated(c: &ConsolidatedReport, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    head(c.year, c.date, c.number, src, &mut out);
    sections(&c.sections, "sections", src, &mut out);
    out
}

fn letter(l: &Letter, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    head(l.year, l.date, l.number, src, &mut out);
    sections(&l.sections, "sections", src, &mut out);
    out
}

/// The counts of the units registry (`communes`) and the years of its `unit_plans` dates.
pub fn registry(r: &Registry, src: &Source<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, u) in r.units.iter().enumerate() {
        if let Some(n) = u.communes {
            count(
                n,
                "communes",
                &join(&index("units", i), "communes"),
                src,
                &mut out,
            );
        }
    }
    for (plan, received) in &r.unit_plans {
        for (unit, day) in received {
            let at = join(&join("unit_plans", plan), unit);
            year_of(day.year(), "a date of receipt", &at, src, &mut out);
        }
    }
    out
}

/// The year, date and number every kind has.
fn head(
    year: i32,
    date: Option<DocDate>,
    number: Option<u32>,
    src: &Source<'_>,
    out: &mut Vec<Diagnostic>,
) {
    year_of(year, "the document", "year", src, out);
    if let Some(d) = date {
        // The same year twice is said once (the date must be in `year` anyway).
        if d.year() != year {
            year_of(d.year(), "the date", "date", src, out);
        }
    }
    if let Some(n) = number.filter(|&n| n > MAX_NUMBER) {
        out.push(
            src.error(
                "number",
                format!(
                    "the number {} is not a document number: an issuer's numbers run from 01 each year, up to {}",
                    vietnamese::count(n.into()),
                    vietnamese::count(MAX_NUMBER.into())
                ),
            )
            .hint("write the number the văn thư registered (number: 125), or remove `number` for a draft"),
        );
    }
}

fn year_of(year: i32, what: &str, at: &str, src: &Source<'_>, out: &mut Vec<Diagnostic>) {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        out.push(
            src.error(
                at,
                format!("the year {year} of {what} is not a year a document can be of ({FIRST_YEAR}–{LAST_YEAR})"),
            )
            .hint("check the digits of the year (YYYY-MM-DD: 2026-06-15)"),
        );
    }
}

fn count(n: u64, what: &str, at: &str, src: &Source<'_>, out: &mut Vec<Diagnostic>) {
    if n > MAX_COUNT {
        out.push(
            src.error(
                at,
                format!(
                    "{what}: {} is more than vanban counts ({} at most)",
                    vietnamese::count(n),
                    vietnamese::count(MAX_COUNT)
                ),
            )
            .hint("check the digits: no count of a sector's work reaches a thousand billion"),
        );
    }
}

fn figure(f: &Figure, at: &str, src: &Source<'_>, out: &mut Vec<Diagnostic>) {
    let fields = [
        ("numerator", f.numerator),
        ("denominator", f.denominator),
        ("sessions", f.sessions),
        ("people", f.people),
        ("inspections", f.inspections),
        ("violations", f.violations),
    ];
    for (key, value) in fields {
        if let Some(n) = value {
            count(n, &format!("`{key}`"), &join(at, key), src, out);
        }
    }
}

fn sections(list: &[Section], at: &str, src: &Source<'_>, out: &mut Vec<Diagnostic>) {
    for (i, s) in list.iter().enumerate() {
        let here = index(at, i);
        items(&s.items, &join(&here, "items"), src, out);
        sections(&s.sections, &join(&here, "sections"), src, out);
    }
}

fn items(list: &[Item], at: &str, src: &Source<'_>, out: &mut Vec<Diagnostic>) {
    for (i, item) in list.iter().enumerate() {
        let here = index(at, i);
        if let Some(ind) = &item.indicator {
            let base = join(&here, "indicator");
            if let Some(b) = ind.baseline {
                fraction(b, "baseline", &ind.unit, &join(&base, "baseline"), src, out);
            }
            fraction(
                ind.target,
                "target",
                &ind.unit,
                &join(&base, "target"),
                src,
                out,
            );
        }
        items(&item.items, &join(&here, "items"), src, out);
    }
}

/// A baseline or target: a rate as a fraction from 0 to 1.
fn fraction(x: f64, key: &str, unit: &str, at: &str, src: &Source<'_>, out: &mut Vec<Diagnostic>) {
    let (message, hint) = if x.is_nan() {
        (
            format!("the indicator's {key} is not a number (.nan)"),
            format!("write the rate as a fraction: {key}: 0.60 for 60%"),
        )
    } else if x.is_infinite() {
        (
            format!("the indicator's {key} is infinite"),
            format!("write the rate as a fraction from 0 to 1: {key}: 0.60 for 60%"),
        )
    } else if x < 0.0 || x.is_sign_negative() {
        // -0.0 too: it would print "-0%".
        (
            format!("the indicator's {key} {x} is negative: a rate runs from 0 to 1"),
            format!("write the rate as a fraction from 0 to 1: {key}: 0.60 for 60%"),
        )
    } else if x > 1.0 {
        // As the YAML spells numbers (a dot), shortest exact form: 1.0000001 is not "1".
        let hint = if x <= 100.0 {
            format!(
                "an indicator is a rate (reports give its numerator and denominator): write {key}: {} for {x}%; a number to reach (\"{x} {}\") is a task, said in the item's text",
                x / 100.0,
                unit.trim()
            )
        } else {
            format!("write the rate as a fraction from 0 to 1: {key}: 0.60 for 60%")
        };
        (
            format!("the indicator's {key} {x} is above 1: rates are fractions (1 is 100%)"),
            hint,
        )
    } else {
        return;
    };
    out.push(src.error(at, message).hint(hint));
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn check(text: &str) -> Vec<Diagnostic> {
        let path = Path::new("t.yaml");
        let doc = crate::load::parse(text, path).unwrap();
        document(&doc, &Source::new(path, text))
    }

    const PLAN: &str = "kind: plan\nissuer: { name: SỞ Y TẾ, abbr: SYT }\nyear: 2019\nplace: Bắc Giang\nsummary: S\nsignature: { title: GIÁM ĐỐC, name: A }\nsections:\n  - title: T\n    items:\n      - id: t1\n        text: X\n        indicator: { unit: xã, baseline: 0.5, target: 0.6 }\n";

    #[test]
    fn fractions_from_0_to_1_pass_and_the_rest_is_refused_at_its_key() {
        assert!(check(PLAN).is_empty());
        assert!(check(&PLAN.replace("target: 0.6", "target: 1")).is_empty());
        assert!(check(&PLAN.replace("baseline: 0.5", "baseline: 0")).is_empty());
        for (bad, says) in [
            ("target: .nan", "not a number"),
            ("target: .inf", "infinite"),
            ("target: -.inf", "infinite"),
            ("target: -0.1", "negative"),
            ("target: -0.0", "negative"),
            ("target: 1.0000001", "1.0000001 is above 1"),
            ("target: 60", "above 1"),
        ] {
            let d = check(&PLAN.replace("target: 0.6", bad));
            assert_eq!(d.len(), 1, "{bad}: {d:?}");
            assert!(d[0].message.contains(says), "{bad}: {}", d[0]);
            assert_eq!((d[0].line, d[0].column), (Some(12), Some(47)), "{bad}");
        }
        let d = check(&PLAN.replace("baseline: 0.5", "baseline: 50"));
        assert_eq!(d.len(), 1);
        assert!(
            d[0].hint
                .as_deref()
                .unwrap_or("")
                .contains("baseline: 0.5 for 50%"),
            "{d:?}"
        );
        assert_eq!(d[0].column, Some(32));
    }

    #[test]
    fn years_outside_1945_2100_and_huge_numbers_are_refused() {
        let d = check(&PLAN.replace("year: 2019", "year: 1800"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].line, Some(3));
        assert!(check(&PLAN.replace("year: 2019", "year: 1945")).is_empty());
        assert!(check(&PLAN.replace("year: 2019", "year: 2100")).is_empty());
        assert_eq!(check(&PLAN.replace("year: 2019", "year: 2101")).len(), 1);
        let d = check(&PLAN.replace("year: 2019", "year: 2019\nnumber: 4000000000"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("4.000.000.000"), "{}", d[0]);
        assert!(check(&PLAN.replace("year: 2019", "year: 2019\nnumber: 999999")).is_empty());
    }
}
