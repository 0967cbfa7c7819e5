//! The status page: `vanban status --format html` — one self-contained HTML file (inline CSS
//! and SVG, no script, nothing fetched) the office can open or print on A4 landscape. Per plan,
//! a units × deliverables grid coloured by state with the date sent and links to the reports'
//! DOCX and PDF, then each indicator's consolidated rate against its baseline and target.
//! [`to_html`] is pure; [`page_from`] looks up which output files exist to link them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path};

use chrono::NaiveDate;

use crate::dates::short_date;
use crate::project::Project;
use crate::status::{Cell, IndicatorRate, PlanIndicators, Status};
use crate::view::report::percent;

/// A link from a cell to an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What it opens: `DOCX`, `PDF`.
    pub label: &'static str,
    /// The address, relative to the page.
    pub href: String,
}

/// What a plan's heading says besides the status's title.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanInfo {
    /// "Kế hoạch số 25/KH-SYT ngày 05/3/2018 của Sở Y tế".
    pub citation: String,
    /// The plan's summary (trích yếu).
    pub summary: String,
}

/// Everything the page shows.
#[derive(Debug, Clone, Default)]
pub struct Page<'a> {
    /// The grid.
    pub status: Option<&'a Status>,
    /// Consolidated indicator rates by plan key.
    pub indicators: &'a [PlanIndicators],
    /// Headings by plan key.
    pub plans: BTreeMap<String, PlanInfo>,
    /// Links by output source (a report's key relative to the plans folder).
    pub links: BTreeMap<String, Vec<Link>>,
}

/// Gathers what the page shows: the headings from the plans, the consolidated indicator rates,
/// and a link to each report's DOCX and PDF under `out` that exists on disk, relative to
/// `page_dir` (where the page is written; `.` for standard output).
pub fn page_from(project: &Project, status: &Status, out: &Path, page_dir: &Path) -> String {
    let indicators = crate::status::indicators(project, status);
    let mut plans = BTreeMap::new();
    let mut links: BTreeMap<String, Vec<Link>> = BTreeMap::new();
    for p in &status.plans {
        if let Some(plan) = project.plan(&p.plan) {
            plans.insert(
                p.plan.clone(),
                PlanInfo {
                    citation: crate::view::report::plan_citation(plan),
                    summary: crate::model::common::one_line(&plan.summary),
                },
            );
        }
        for source in p
            .units
            .iter()
            .flat_map(|u| &u.deliverables)
            .filter_map(|c| c.source.as_deref())
        {
            let Some(stem) = source.strip_suffix(".yaml").or(source.strip_suffix(".yml")) else {
                continue;
            };
            let found: Vec<Link> = [("DOCX", "docx"), ("PDF", "pdf")]
                .into_iter()
                .filter_map(|(label, ext)| {
                    let file = out.join(format!("{stem}.{ext}"));
                    file.is_file().then(|| Link {
                        label,
                        href: href(&relative(page_dir, &file)),
                    })
                })
                .collect();
            if !found.is_empty() {
                links.insert(source.to_string(), found);
            }
        }
    }
    to_html(&Page {
        status: Some(status),
        indicators: &indicators,
        plans,
        links,
    })
}

/// The path of `to` relative to the folder `from`, with `/` separators ("../output/x.docx").
pub fn relative(from: &Path, to: &Path) -> String {
    fn parts(p: &Path) -> Vec<String> {
        let p = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut out: Vec<String> = Vec::new();
        for c in abs.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other.as_os_str().to_string_lossy().into_owned()),
            }
        }
        out
    }
    let (from, to) = (parts(from), parts(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut rel: Vec<&str> = vec![".."; from.len() - common];
    rel.extend(to[common..].iter().map(String::as_str));
    rel.join("/")
}

/// The Vietnamese name of a deliverable as the grid's column heading: "Kế hoạch triển khai",
/// "Báo cáo 6 tháng", "Báo cáo năm", "Báo cáo quý II".
pub fn deliverable_label(key: &str) -> String {
    match crate::model::Deliverable::parse(key) {
        Some(crate::model::Deliverable::Report(crate::model::Period::Annual)) => {
            "Báo cáo năm".into()
        }
        Some(d) => upper_first(crate::remind::what(d)),
        None => key.to_string(),
    }
}

/// The Vietnamese name of a report period: "6 tháng", "Cả năm", "Quý II".
fn period_label(key: &str) -> String {
    match crate::model::Period::parse(key) {
        Some(crate::model::Period::Annual) => "Cả năm".into(),
        Some(p) => {
            let phrase = p.send_phrase();
            upper_first(phrase.strip_prefix("gửi báo cáo ").unwrap_or(phrase))
        }
        None => key.to_string(),
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The state of a cell in words: "Đúng hạn", "Gửi muộn 4 ngày", "Chưa gửi", "Chưa đến hạn".
pub fn state_label(c: &Cell) -> String {
    match (c.status, c.days_late) {
        ("on-time", _) => "Đúng hạn".into(),
        ("late", Some(n)) => format!("Gửi muộn {n} ngày"),
        ("late", None) => "Gửi muộn".into(),
        ("missing", _) => "Chưa gửi".into(),
        _ => "Chưa đến hạn".into(),
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a relative path for an `href` (keeps `/` and unreserved characters).
pub fn href(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

const STYLE: &str = r#"
:root { --on-time: #d7efd9; --on-time-ink: #1b5e20; --late: #ffe2b3; --late-ink: #8a4500;
  --missing: #f6c9c9; --missing-ink: #8b1a1a; --not-yet-due: #eceff1; --not-yet-due-ink: #455a64; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Liberation Sans", Arial, "DejaVu Sans", sans-serif; font-size: 10.5pt;
  color: #1a1a1a; margin: 16px 24px; line-height: 1.3; }
h1 { font-size: 16pt; margin: 0 0 2px; }
h2 { font-size: 13pt; margin: 14px 0 2px; }
h3 { font-size: 11pt; margin: 14px 0 4px; }
p { margin: 2px 0; }
.as-of { font-size: 11pt; }
.summary { font-style: italic; }
.tally { margin: 6px 0; }
.tally span, .legend span { display: inline-block; padding: 1px 8px; margin-right: 6px;
  border-radius: 3px; }
table { border-collapse: collapse; }
table.grid { width: 100%; table-layout: fixed; }
table.grid th, table.grid td { border: 1px solid #9e9e9e; padding: 3px 6px; vertical-align: top; }
table.grid thead th { background: #f5f5f5; text-align: center; font-weight: bold; }
table.grid thead th .due { display: block; font-weight: normal; font-size: 9.5pt; }
table.grid tbody th { text-align: left; font-weight: normal; width: 30%; }
table.grid tbody th .id { display: block; color: #666; font-size: 8.5pt; }
td .state { display: block; font-weight: bold; }
td .sent, td .overdue { display: block; font-size: 9.5pt; }
td .links { font-size: 9pt; }
td .links a { margin-left: 6px; color: inherit; }
.on-time { background: var(--on-time); color: var(--on-time-ink); }
.late { background: var(--late); color: var(--late-ink); }
.missing { background: var(--missing); color: var(--missing-ink); }
.not-yet-due { background: var(--not-yet-due); color: var(--not-yet-due-ink); }
table.indicators th, table.indicators td { border: 1px solid #bdbdbd; padding: 3px 6px;
  vertical-align: middle; }
table.indicators thead th { background: #f5f5f5; }
table.indicators td.num { text-align: right; white-space: nowrap; }
table.indicators svg { display: block; }
.met { color: #1b5e20; font-weight: bold; }
.not-met { color: #8b1a1a; }
.note { color: #555; font-size: 9pt; }
footer { margin-top: 12px; color: #555; font-size: 8.5pt; }
section.plan + section.plan { break-before: page; }
@page { size: A4 landscape; margin: 10mm 12mm; }
@media print {
  body { margin: 0; font-size: 9pt; line-height: 1.2; }
  h1 { font-size: 13pt; } h2 { font-size: 11pt; margin-top: 6px; } h3 { margin-top: 8px; }
  table.grid th, table.grid td { padding: 2px 5px; }
  table.grid tbody th .id { display: none; }
  tr, svg { break-inside: avoid; }
  a { text-decoration: none; }
}
"#;

/// The page, as one HTML file.
pub fn to_html(page: &Page<'_>) -> String {
    let mut out = String::new();
    let as_of = page.status.map(|s| s.as_of);
    let day = as_of.map(short_date).unwrap_or_default();
    out.push_str("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<title>Tình hình gửi kế hoạch, báo cáo – ngày {}</title>",
        escape(&day)
    );
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    out.push_str("<header>\n<h1>Tình hình gửi kế hoạch, báo cáo của các đơn vị</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"as-of\">Tính đến ngày <time datetime=\"{}\">{}</time></p>",
        as_of.map(|d| d.to_string()).unwrap_or_default(),
        escape(&day)
    );
    out.push_str(
        "<p class=\"legend\"><span class=\"on-time\">Đúng hạn</span><span class=\"late\">Gửi muộn (số ngày)</span>\
         <span class=\"missing\">Chưa gửi, đã quá hạn</span><span class=\"not-yet-due\">Chưa đến hạn</span></p>\n</header>\n",
    );
    let plans = page.status.map(|s| s.plans.as_slice()).unwrap_or_default();
    if plans.is_empty() {
        out.push_str("<p>Không có kế hoạch nào quy định thời hạn gửi báo cáo.</p>\n");
    }
    for p in plans {
        let info = page.plans.get(&p.plan).cloned().unwrap_or_default();
        let _ = writeln!(
            out,
            "<section class=\"plan\" data-plan=\"{}\">",
            escape(&p.plan)
        );
        let heading = if info.citation.is_empty() {
            &p.title
        } else {
            &info.citation
        };
        let _ = writeln!(out, "<h2>{}</h2>", escape(heading));
        if !info.summary.is_empty() {
            let _ = writeln!(out, "<p class=\"summary\">{}</p>", escape(&info.summary));
        }
        grid(&mut out, p, as_of, &page.links);
        if let Some(ind) = page.indicators.iter().find(|i| i.plan == p.plan) {
            indicators(&mut out, ind);
        }
        let _ = writeln!(
            out,
            "<p class=\"note\">Tệp nguồn: {}</p>\n</section>",
            escape(&p.plan)
        );
    }
    let _ = writeln!(
        out,
        "<footer>Lập bằng vanban {} từ các tệp YAML của kế hoạch và báo cáo.</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn grid(
    out: &mut String,
    p: &crate::status::PlanStatus,
    as_of: Option<NaiveDate>,
    links: &BTreeMap<String, Vec<Link>>,
) {
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    for c in p.units.iter().flat_map(|u| &u.deliverables) {
        *tally.entry(c.status).or_default() += 1;
    }
    let n = |k: &str| tally.get(k).copied().unwrap_or(0);
    let _ = writeln!(
        out,
        "<p class=\"tally\"><span class=\"on-time\" data-count=\"on-time\">{} đúng hạn</span>\
         <span class=\"late\" data-count=\"late\">{} gửi muộn</span>\
         <span class=\"missing\" data-count=\"missing\">{} chưa gửi</span>\
         <span class=\"not-yet-due\" data-count=\"not-yet-due\">{} chưa đến hạn</span></p>",
        n("on-time"),
        n("late"),
        n("missing"),
        n("not-yet-due")
    );
    out.push_str("<table class=\"grid\">\n<thead>\n<tr><th scope=\"col\">Đơn vị</th>");
    for d in &p.deliverables {
        let _ = write!(
            out,
            "<th scope=\"col\" data-deliverable=\"{}\" data-due=\"{}\">{}<span class=\"due\">hạn {}</span></th>",
            d.deliverable,
            d.due,
            deliverable_label(d.deliverable),
            short_date(d.due)
        );
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for u in &p.units {
        let _ = write!(
            out,
            "<tr data-unit=\"{}\"><th scope=\"row\">{}<span class=\"id\">{}</span></th>",
            escape(&u.unit),
            escape(&u.name),
            escape(&u.unit)
        );
        for (c, d) in u.deliverables.iter().zip(&p.deliverables) {
            let _ = write!(
                out,
                "<td class=\"{}\" data-unit=\"{}\" data-deliverable=\"{}\" data-status=\"{}\" data-days-late=\"{}\" data-sent=\"{}\">",
                c.status,
                escape(&u.unit),
                c.deliverable,
                c.status,
                c.days_late.map(|n| n.to_string()).unwrap_or_default(),
                c.sent.map(|d| d.to_string()).unwrap_or_default()
            );
            let _ = write!(out, "<span class=\"state\">{}</span>", state_label(c));
            let cell_links = c.source.as_ref().and_then(|s| links.get(s));
            if let Some(sent) = c.sent {
                let _ = write!(out, "<span class=\"sent\">gửi ngày {}", short_date(sent));
                if let Some(ls) = cell_links.filter(|l| !l.is_empty()) {
                    out.push_str("<span class=\"links\">");
                    for l in ls {
                        let _ = write!(out, "<a href=\"{}\">{}</a>", escape(&l.href), l.label);
                    }
                    out.push_str("</span>");
                }
                out.push_str("</span>");
            }
            if c.status == "missing" {
                if let Some(days) = as_of.map(|a| (a - d.due).num_days()) {
                    let _ = write!(out, "<span class=\"overdue\">quá hạn {days} ngày</span>");
                }
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn indicators(out: &mut String, ind: &PlanIndicators) {
    if ind.periods.is_empty() {
        return;
    }
    out.push_str(
        "<h3>Chỉ tiêu: tỷ lệ đạt được theo số liệu tổng hợp từ báo cáo của các đơn vị</h3>\n\
         <table class=\"indicators\">\n<thead><tr><th>Chỉ tiêu</th><th>Kỳ báo cáo</th>\
         <th>Báo cáo đã nhận</th><th>Đạt được</th><th>Cơ sở</th><th>Mục tiêu</th>\
         <th>So với cơ sở và mục tiêu</th></tr></thead>\n<tbody>\n",
    );
    for period in &ind.periods {
        for r in &period.indicators {
            let _ = write!(
                out,
                "<tr data-indicator=\"{}\" data-period=\"{}\" data-achieved=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}/{}</td>",
                escape(&r.id),
                period.period,
                r.achieved.map(|a| format!("{a:.4}")).unwrap_or_default(),
                escape(&r.name),
                period_label(period.period),
                period.received,
                period.units
            );
            match (r.ratio, r.achieved) {
                (Some(ratio), Some(a)) => {
                    let _ = write!(
                        out,
                        "<td class=\"num {}\">{} ({}/{} {})</td>",
                        if r.met { "met" } else { "not-met" },
                        percent(a),
                        ratio.numerator,
                        ratio.denominator,
                        escape(&r.unit)
                    );
                }
                _ => out.push_str("<td class=\"num\">chưa có số liệu</td>"),
            }
            let _ = writeln!(
                out,
                "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                r.baseline.map(percent).unwrap_or_else(|| "–".into()),
                percent(r.target),
                bar(r)
            );
        }
    }
    out.push_str(
        "</tbody>\n</table>\n<p class=\"note\">Thanh: tỷ lệ đạt được (màu xanh lá khi đạt mục tiêu), \
         thang từ 0% đến 100%; vạch đứt: mức cơ sở; vạch đỏ: mục tiêu.</p>\n",
    );
}

/// A small bar from 0 to 100%: the rate achieved filled, the baseline as a dashed mark and the
/// target as a solid red mark.
pub fn bar(r: &IndicatorRate) -> String {
    const X0: f64 = 4.0;
    const W: f64 = 252.0;
    let x = |f: f64| X0 + f.clamp(0.0, 1.0) * W;
    let mut s = String::new();
    let label = format!(
        "Đạt {}; cơ sở {}; mục tiêu {}",
        r.achieved
            .map(percent)
            .unwrap_or_else(|| "chưa có số liệu".into()),
        r.baseline.map(percent).unwrap_or_else(|| "–".into()),
        percent(r.target)
    );
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"260\" height=\"34\" viewBox=\"0 0 260 34\" role=\"img\" aria-label=\"{0}\"><title>{0}</title>",
        escape(&label)
    );
    let _ = write!(
        s,
        "<rect x=\"{X0}\" y=\"6\" width=\"{W}\" height=\"12\" fill=\"#e6e6e6\" stroke=\"#9e9e9e\" stroke-width=\"0.5\"/>"
    );
    if let Some(a) = r.achieved {
        let fill = if r.met { "#2e7d32" } else { "#1f5fa8" };
        let _ = write!(
            s,
            "<rect class=\"achieved\" x=\"{X0}\" y=\"6\" width=\"{:.1}\" height=\"12\" fill=\"{fill}\"/>",
            x(a) - X0
        );
    }
    if let Some(b) = r.baseline {
        let _ = write!(
            s,
            "<line class=\"baseline\" x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"2\" y2=\"22\" stroke=\"#333\" stroke-width=\"1.5\" stroke-dasharray=\"2 1.5\"/>",
            x(b)
        );
    }
    let _ = write!(
        s,
        "<line class=\"target\" x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"1\" y2=\"23\" stroke=\"#c62828\" stroke-width=\"2\"/>",
        x(r.target)
    );
    let _ = write!(
        s,
        "<text x=\"{X0}\" y=\"32\" font-size=\"8\" fill=\"#555\">0%</text>\
         <text x=\"{:.1}\" y=\"32\" font-size=\"8\" fill=\"#555\" text-anchor=\"end\">100%</text>",
        X0 + W
    );
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::{Due, PlanStatus, UnitStatus};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2018, m, day).unwrap()
    }

    fn cell(status: &'static str, days_late: Option<i64>, sent: Option<NaiveDate>) -> Cell {
        Cell {
            deliverable: "six-month-report",
            status,
            days_late,
            sent,
            source: sent.map(|_| "2018/r.yaml".to_string()),
        }
    }

    #[test]
    fn escapes_text_and_encodes_links() {
        assert_eq!(
            escape("<b>\"A&B\"</b>'"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&#39;"
        );
        assert_eq!(href("a b/Lục.docx"), "a%20b/L%E1%BB%A5c.docx");
        assert_eq!(
            relative(Path::new("/p/site"), Path::new("/p/output/2018/x.docx")),
            "../output/2018/x.docx"
        );
        assert_eq!(
            relative(Path::new("/p/./"), Path::new("/p/output/a/../x.pdf")),
            "output/x.pdf"
        );
    }

    #[test]
    fn the_grid_says_each_state_in_words_and_links_the_report() {
        let status = Status {
            as_of: d(6, 1),
            plans: vec![PlanStatus {
                plan: "2018/p.yaml".into(),
                title: "Kế hoạch số 25/KH-SYT".into(),
                deliverables: vec![Due {
                    deliverable: "six-month-report",
                    due: d(5, 15),
                }],
                units: vec![
                    UnitStatus {
                        unit: "a".into(),
                        name: "Đơn vị <A>".into(),
                        deliverables: vec![cell("late", Some(4), Some(d(5, 19)))],
                    },
                    UnitStatus {
                        unit: "b".into(),
                        name: "B".into(),
                        deliverables: vec![cell("missing", None, None)],
                    },
                ],
            }],
        };
        let links = BTreeMap::from([(
            "2018/r.yaml".to_string(),
            vec![Link {
                label: "DOCX",
                href: "output/2018/r.docx".into(),
            }],
        )]);
        let page = Page {
            status: Some(&status),
            links,
            ..Page::default()
        };
        let html = to_html(&page);
        assert!(html.contains("Đơn vị &lt;A&gt;"), "{html}");
        assert!(html.contains("data-status=\"late\" data-days-late=\"4\" data-sent=\"2018-05-19\""));
        assert!(html.contains("Gửi muộn 4 ngày"));
        assert!(html.contains("gửi ngày 19/5/2018"));
        assert!(html.contains("<a href=\"output/2018/r.docx\">DOCX</a>"));
        assert!(html.contains("Chưa gửi</span><span class=\"overdue\">quá hạn 17 ngày"));
        assert!(html.contains("@page { size: A4 landscape"));
        assert!(!html.contains("<script"));
        // Nothing is fetched: no script, stylesheet, image or font from elsewhere.
        for fetch in ["<link", "src=", "url(", "@import"] {
            assert!(!html.contains(fetch), "{fetch}");
        }
        // Same input, same bytes.
        assert_eq!(html, to_html(&page));
    }

    #[test]
    fn the_bar_places_baseline_target_and_rate() {
        let r = IndicatorRate {
            id: "x".into(),
            name: "X".into(),
            unit: "xã".into(),
            baseline: Some(0.5),
            target: 0.6,
            ratio: None,
            achieved: Some(0.55),
            met: false,
        };
        let svg = bar(&r);
        assert!(
            svg.contains("class=\"achieved\" x=\"4\" y=\"6\" width=\"138.6\""),
            "{svg}"
        );
        assert!(svg.contains("class=\"baseline\" x1=\"130.0\""), "{svg}");
        assert!(svg.contains("class=\"target\" x1=\"155.2\""), "{svg}");
        assert!(svg.contains("Đạt 55%; cơ sở 50%; mục tiêu 60%"), "{svg}");
    }
}
