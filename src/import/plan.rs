//! Import stage: what makes an imported plan a plan and not only its text. Targets written
//! "nâng tỷ lệ từ 50% lên 60% số xã" become items with an `indicator`; the reporting
//! sentence's "trước ngày 15/5 gửi báo cáo 6 tháng" becomes `reporting.deadlines`, so that
//! `vanban status` and `next-year` work on the imported plan.

use super::doc::{Doc, ItemOut, Node, ReportingOut};

/// Adds indicators and the reporting duty to an imported plan.
pub(crate) fn enrich(doc: &mut Doc) -> (usize, usize) {
    let mut n = 0;
    for s in &mut doc.sections {
        indicators(s, &mut n);
    }
    let year = doc.date.year.unwrap_or(0);
    let mut found = None;
    for s in &mut doc.sections {
        if found.is_none() {
            found = reporting(s, year, true);
        }
    }
    let deadlines = found.as_ref().map_or(0, |(r, _)| r.deadlines.len());
    if let Some((r, to)) = found {
        doc.reporting = Some(r);
        doc.reporting_to = to;
    }
    (n, deadlines)
}

fn indicators(node: &mut Node, n: &mut usize) {
    for it in &mut node.items {
        indicator(it, n);
    }
    for c in &mut node.children {
        indicators(c, n);
    }
}

/// "từ 50% lên 60% số xã" → (xã, 0.5, 0.6): the one pattern read as certain.
fn indicator(it: &mut ItemOut, n: &mut usize) {
    let t = it.text.replace("**", "");
    let Some(i) = t.find("từ ") else { return };
    let rest = &t[i + "từ ".len()..];
    let Some((a, rest)) = percent(rest) else {
        return;
    };
    let Some(rest) = rest.strip_prefix(" lên ") else {
        return;
    };
    let Some((b, rest)) = percent(rest) else {
        return;
    };
    let Some(rest) = rest.strip_prefix(" số ") else {
        return;
    };
    let unit: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    if unit.is_empty() || t.matches("% lên ").count() != 1 {
        return;
    }
    *n += 1;
    it.id = Some(format!("chi-tieu-{n}"));
    it.indicator = Some((unit, fraction(a), fraction(b)));
}

/// "50%" or "62,5%" at the start → (the number, the rest after "%").
fn percent(s: &str) -> Option<(f64, &str)> {
    let end = s.find('%')?;
    let num = &s[..end];
    if num.is_empty()
        || !num
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let v: f64 = num.replace(',', ".").parse().ok()?;
    (v <= 100.0).then_some((v, &s[end + 1..]))
}

fn fraction(p: f64) -> String {
    let s = format!("{:.4}", p / 100.0);
    let s = s.trim_end_matches('0');
    let s = if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    };
    if s.split('.').nth(1).is_some_and(|d| d.len() == 1) {
        format!("{s}0")
    } else {
        s
    }
}

/// The first paragraph naming deadlines ("trước ngày 15/5 gửi báo cáo 6 tháng"); it moves
/// to `reporting.text` (with `reporting: true` on its section) where the model prints it at
/// the same place.
fn reporting(node: &mut Node, year: i32, _top: bool) -> Option<(ReportingOut, Option<String>)> {
    for (k, t) in node.text.iter().enumerate() {
        let d = deadlines(t, year);
        if d.is_empty() {
            continue;
        }
        let to = addressee(t);
        let last = k + 1 == node.text.len();
        let run_in_first = k == 0 && node.title.is_some() && node.heading != Some("standalone");
        let movable = last
            && !run_in_first
            && node.items.is_empty()
            && node.tables.is_empty()
            && node.children.is_empty();
        let mut r = ReportingOut {
            text: String::new(),
            deadlines: d,
        };
        if movable {
            r.text = node.text.remove(k);
            node.reporting = true;
        }
        return Some((r, to));
    }
    for c in &mut node.children {
        if let Some(x) = reporting(c, year, false) {
            return Some(x);
        }
    }
    None
}

/// "gửi về Sở Y tế (Phòng Nghiệp vụ Y) để …" → "Sở Y tế (Phòng Nghiệp vụ Y)".
fn addressee(t: &str) -> Option<String> {
    let t = t.replace("**", "");
    let i = t.find("gửi về ")?;
    let rest = &t[i + "gửi về ".len()..];
    let end = [" để ", "./.", ";", " trước"]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    let s = rest[..end].trim().trim_end_matches('.').trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The deadlines a sentence names, each deliverable once, in order.
pub(crate) fn deadlines(t: &str, year: i32) -> Vec<(&'static str, String)> {
    let t = t.replace("**", "");
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let clauses: Vec<&str> = t.split([';', ',']).collect();
    for (ci, c) in clauses.iter().enumerate() {
        let Some(pos) = c.find("ngày ") else {
            continue;
        };
        let date = &c[pos + "ngày ".len()..];
        let digits: String = date
            .chars()
            .take_while(|ch| ch.is_ascii_digit() || *ch == '/')
            .collect();
        let parts: Vec<&str> = digits.split('/').filter(|p| !p.is_empty()).collect();
        let (Some(d), Some(m)) = (
            parts.first().and_then(|x| x.parse::<u32>().ok()),
            parts.get(1).and_then(|x| x.parse::<u32>().ok()),
        ) else {
            continue;
        };
        if !(1..=31).contains(&d) || !(1..=12).contains(&m) {
            continue;
        }
        let y: Option<i32> = parts.get(2).and_then(|x| x.parse().ok());
        if !c[..pos].contains("trước") && !c[..pos].contains("chậm nhất") {
            continue;
        }
        // what is sent: in this clause, or the next one ("trước ngày 30/3 gửi kế hoạch")
        let here = c.to_lowercase();
        let next = clauses
            .get(ci + 1)
            .map(|x| x.to_lowercase())
            .unwrap_or_default();
        let what =
            deliverable(&here).or_else(|| deliverable(&next).filter(|_| !next.contains("ngày ")));
        let Some(what) = what else { continue };
        if out.iter().any(|(w, _)| *w == what) {
            continue;
        }
        let due = match y {
            Some(y) if y != year && year != 0 => format!("{y:04}-{m:02}-{d:02}"),
            _ => format!("{m:02}-{d:02}"),
        };
        out.push((what, due));
    }
    out
}

fn deliverable(c: &str) -> Option<&'static str> {
    if !(c.contains("gửi") || c.contains("báo cáo") || c.contains("kế hoạch")) {
        return None;
    }
    if c.contains("6 tháng") || c.contains("sáu tháng") {
        Some("six-month-report")
    } else if c.contains("9 tháng") || c.contains("chín tháng") {
        Some("nine-month-report")
    } else if c.contains("báo cáo 01 năm")
        || c.contains("báo cáo 1 năm")
        || c.contains("báo cáo năm")
        || c.contains("báo cáo tổng kết")
        || c.contains("báo cáo kết quả năm")
    {
        Some("annual-report")
    } else if c.contains("kế hoạch") && !c.contains("báo cáo") {
        Some("unit-plan")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_of_the_sample_sentence() {
        let t = "Căn cứ Kế hoạch này, thủ trưởng các đơn vị xây dựng kế hoạch triển khai trước ngày **30/3** gửi kế hoạch, trước ngày **15/5** gửi báo cáo 6 tháng; trước ngày **15/11** gửi báo cáo 01 năm gửi về Sở Y tế (Phòng Nghiệp vụ Y) để tổng hợp báo cáo UBND tỉnh./.";
        assert_eq!(
            deadlines(t, 2018),
            vec![
                ("unit-plan", "03-30".to_string()),
                ("six-month-report", "05-15".to_string()),
                ("annual-report", "11-15".to_string())
            ]
        );
        assert_eq!(addressee(t).as_deref(), Some("Sở Y tế (Phòng Nghiệp vụ Y)"));
    }

    #[test]
    fn indicator_from_the_text() {
        let mut it = ItemOut {
            text: "nâng tỷ lệ từ 50% lên 60% số xã duy trì".into(),
            ..ItemOut::default()
        };
        let mut n = 0;
        indicator(&mut it, &mut n);
        assert_eq!(
            it.indicator,
            Some(("xã".into(), "0.50".into(), "0.60".into()))
        );
    }
}
