//! Layout rules of FORMAT.md, checked one by one in the XML of a written DOCX.

use crate::common;

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use vanban::docx::{write, Frame, Properties};
use vanban::printed::{PrintedFrame, RecipientGroup};

fn sample_frame() -> Frame {
    Frame {
        text: PrintedFrame {
            parent: "UBND TỈNH BẮC GIANG".into(),
            issuer: "SỞ Y TẾ".into(),
            number_line: "Số: 25/KH-SYT".into(),
            place_date: "Bắc Giang, ngày 05 tháng 3 năm 2018".into(),
            kind_title: "KẾ HOẠCH".into(),
            summary: "Thực hiện công tác Phòng, chống mại dâm năm 2018".into(),
            recipients: vec![
                RecipientGroup {
                    heading: "Nơi nhận:".into(),
                    lines: vec!["- Lưu: VT, NVY.".into()],
                },
                RecipientGroup {
                    heading: "Bản điện tử:".into(),
                    lines: vec![
                        "- UBND tỉnh(B/c);".into(),
                        "- Các đơn vị trong ngành (t/h);".into(),
                        "- Lãnh đạo Sở.".into(),
                    ],
                },
            ],
            signature_lines: vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()],
            signer: "Trần Văn Sinh".into(),
            ..PrintedFrame::default()
        },
        properties: Properties {
            title: "KẾ HOẠCH Thực hiện công tác Phòng, chống mại dâm năm 2018".into(),
            subject: "Thực hiện công tác Phòng, chống mại dâm năm 2018".into(),
            creator: "SỞ Y TẾ".into(),
            keywords: "25/KH-SYT; Kế hoạch; 2018".into(),
            category: "Kế hoạch".into(),
            created: "2018-03-05T00:00:00Z".into(),
        },
        ..Frame::default()
    }
}

const BODY: &str = "\
Thực hiện Kế hoạch số 2222/KH-UBND ngày 29/7/2016 của UBND tỉnh về thực hiện Chương trình \
Phòng, chống mại dâm giai đoạn 2016-2020, Sở Y tế xây dựng **Kế hoạch** thực hiện công tác \
*Phòng, chống mại dâm* năm 2018 như sau:

## I. MỤC ĐÍCH, YÊU CẦU

### 1. Mục đích

- Nâng cao hiệu lực, hiệu quả công tác phòng, chống mại dâm; **tăng cường *phối hợp*** liên ngành.
- Các huyện, thành phố chỉ đạo:
  + UBND xã tuyên truyền;
  + Trạm Y tế phối hợp.

### 2. Yêu cầu

1. Các đơn vị triển khai đúng tiến độ.
2. Báo cáo kết quả về Sở Y tế.

## II. CHỈ TIÊU

| Chỉ tiêu | Năm 2017 | Năm 2018 |
|---|:---:|---:|
| Tỷ lệ xã tuyên truyền | 50% | 60% |
| Số lớp tập huấn | 10 | 12 |

Trên đây là Kế hoạch thực hiện công tác Phòng, chống mại dâm năm 2018 của Sở Y tế./.
";

/// All parts of the archive, by name.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("an entry");
        let mut b = Vec::new();
        if f.is_file() {
            f.read_to_end(&mut b).expect("an entry's bytes");
        }
        let s = if f.name().starts_with("word/media/") {
            String::new()
        } else {
            String::from_utf8(b).expect("UTF-8 part")
        };
        out.push((f.name().to_owned(), s));
    }
    out
}

fn part(parts: &[(String, String)], name: &str) -> String {
    parts
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s.clone())
        .unwrap_or_else(|| panic!("no part {name}"))
}

/// A tiny DOM: enough to walk paragraphs, runs, tables.
#[derive(Debug, Clone, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    text: String,
}

impl El {
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
    fn path(&self, names: &[&str]) -> Option<&El> {
        names.iter().try_fold(self, |e, n| e.child(n))
    }
    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a El>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.all(name, out);
        }
    }
    fn find_all(&self, name: &str) -> Vec<&El> {
        let mut v = Vec::new();
        self.all(name, &mut v);
        v
    }
    /// The text of all w:t below.
    fn texts(&self) -> String {
        let mut s = String::new();
        for t in self.find_all("w:t") {
            s.push_str(&t.text);
        }
        s
    }
    fn runs(&self) -> Vec<&El> {
        self.find_all("w:r")
    }
    fn ppr(&self, names: &[&str]) -> Option<&El> {
        self.child("w:pPr").and_then(|p| p.path(names))
    }
}

fn start_el(e: &BytesStart) -> El {
    El {
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("attribute");
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    a.unescape_value().expect("attr value").into_owned(),
                )
            })
            .collect(),
        ..El::default()
    }
}

fn parse(xml: &str) -> El {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![El::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(start_el(&e)),
            Event::Empty(e) => {
                let el = start_el(&e);
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(el);
            }
            Event::Text(t) => {
                let s = t.unescape().expect("text").into_owned();
                stack.last_mut().expect("open element").text.push_str(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unbalanced XML");
    stack.pop().expect("root")
}

struct Doc {
    parts: Vec<(String, String)>,
    xml: String,
    root: El,
}

fn build(frame: &Frame, body: &str) -> Doc {
    let bytes = write(frame, body).expect("write");
    common::keep_docx(&bytes);
    let parts = unzip(&bytes);
    let xml = part(&parts, "word/document.xml");
    let styles = Styles::of(&parts);
    let mut root = parse(&xml);
    styles.resolve(&mut root);
    Doc { parts, xml, root }
}

/// Parses a part and resolves the styles of its paragraphs and runs (see [`Styles::resolve`]).
fn resolved_part(parts: &[(String, String)], name: &str) -> El {
    let mut root = parse(&part(parts, name));
    Styles::of(parts).resolve(&mut root);
    root
}

/// `w:styles`: the document defaults and each paragraph style's pPr and rPr, resolved along
/// `w:basedOn`, so the layout tests check what Word and LibreOffice apply, wherever it is
/// written (document defaults, style, or direct formatting).
struct Styles {
    default_ppr: El,
    default_rpr: El,
    /// id → (basedOn, pPr, rPr)
    styles: Vec<(String, Option<String>, El, El)>,
}

/// `over` laid on `base`: children by name, attributes by name (`w:spacing w:before` from
/// one and `w:line` from the other), `over` winning.
fn merge(base: &El, over: &El) -> El {
    let mut out = base.clone();
    out.name = over.name.clone();
    for c in &over.children {
        match out.children.iter_mut().find(|b| b.name == c.name) {
            Some(b) if c.name == "w:pBdr" || c.name == "w:rFonts" || c.name == "w:lang" => {
                *b = c.clone()
            }
            Some(b) => {
                for (k, v) in &c.attrs {
                    match b.attrs.iter_mut().find(|(bk, _)| bk == k) {
                        Some(slot) => slot.1 = v.clone(),
                        None => b.attrs.push((k.clone(), v.clone())),
                    }
                }
                if c.attrs.is_empty() {
                    // a bare toggle (<w:b />) is "on": it drops a base "false"
                    b.attrs.retain(|(k, _)| k != "w:val");
                }
            }
            None => out.children.push(c.clone()),
        }
    }
    out
}

fn named(name: &str) -> El {
    El {
        name: name.to_owned(),
        ..El::default()
    }
}

impl Styles {
    fn of(parts: &[(String, String)]) -> Styles {
        let root = parse(&part(parts, "word/styles.xml"));
        let styles_el = root.child("w:styles").expect("w:styles");
        let defaults = styles_el.child("w:docDefaults").expect("w:docDefaults");
        let default_rpr = defaults
            .path(&["w:rPrDefault", "w:rPr"])
            .cloned()
            .unwrap_or_else(|| named("w:rPr"));
        let default_ppr = defaults
            .path(&["w:pPrDefault", "w:pPr"])
            .cloned()
            .unwrap_or_else(|| named("w:pPr"));
        let styles = styles_el
            .children
            .iter()
            .filter(|c| c.name == "w:style" && c.attr("w:type") == Some("paragraph"))
            .map(|c| {
                (
                    c.attr("w:styleId").unwrap_or_default().to_owned(),
                    c.child("w:basedOn")
                        .and_then(|b| b.attr("w:val"))
                        .map(str::to_owned),
                    c.child("w:pPr").cloned().unwrap_or_else(|| named("w:pPr")),
                    c.child("w:rPr").cloned().unwrap_or_else(|| named("w:rPr")),
                )
            })
            .collect();
        Styles {
            default_ppr,
            default_rpr,
            styles,
        }
    }

    /// The pPr and rPr a paragraph of style `id` (None: Normal) gets.
    fn chain(&self, id: Option<&str>) -> (El, El) {
        let mut ids = Vec::new();
        let mut at = Some(id.unwrap_or("Normal").to_owned());
        while let Some(i) = at.take() {
            if ids.contains(&i) || ids.len() > 10 {
                break;
            }
            let s = self.styles.iter().find(|s| s.0 == i);
            at = s.and_then(|s| s.1.clone());
            if s.is_some() {
                ids.push(i);
            }
        }
        let mut ppr = self.default_ppr.clone();
        let mut rpr = self.default_rpr.clone();
        for i in ids.iter().rev() {
            if let Some(s) = self.styles.iter().find(|s| &s.0 == i) {
                ppr = merge(&ppr, &s.2);
                rpr = merge(&rpr, &s.3);
            }
        }
        (ppr, rpr)
    }

    /// Rewrites every `w:p` below `e` so its pPr holds the resolved paragraph properties and
    /// every run's (and the paragraph mark's) rPr the resolved run properties. `w:pStyle`
    /// stays, so tests can also check which style a paragraph has.
    fn resolve(&self, e: &mut El) {
        for c in &mut e.children {
            if c.name == "w:p" {
                self.resolve_paragraph(c);
            }
            self.resolve(c);
        }
    }

    fn resolve_paragraph(&self, p: &mut El) {
        let direct = p.child("w:pPr").cloned().unwrap_or_else(|| named("w:pPr"));
        let id = direct
            .child("w:pStyle")
            .and_then(|s| s.attr("w:val"))
            .map(str::to_owned);
        let (sppr, srpr) = self.chain(id.as_deref());
        let mark = direct
            .child("w:rPr")
            .cloned()
            .unwrap_or_else(|| named("w:rPr"));
        let mut ppr = merge(&sppr, &direct);
        let mark = merge(&srpr, &mark);
        ppr.children.retain(|c| c.name != "w:rPr");
        ppr.children.push(mark);
        p.children.retain(|c| c.name != "w:pPr");
        p.children.insert(0, ppr);
        for r in p.children.iter_mut().filter(|c| c.name == "w:r") {
            let direct = r.child("w:rPr").cloned().unwrap_or_else(|| named("w:rPr"));
            let rpr = merge(&srpr, &direct);
            r.children.retain(|c| c.name != "w:rPr");
            r.children.insert(0, rpr);
        }
    }
}

fn sample() -> Doc {
    build(&sample_frame(), BODY)
}

/// The body's top-level children (paragraphs and tables) in order.
fn top(doc: &Doc) -> Vec<&El> {
    doc.root
        .path(&["w:document", "w:body"])
        .expect("w:body")
        .children
        .iter()
        .filter(|c| c.name == "w:p" || c.name == "w:tbl")
        .collect()
}

fn tables(doc: &Doc) -> Vec<&El> {
    top(doc).into_iter().filter(|e| e.name == "w:tbl").collect()
}

/// The first paragraph anywhere whose text is `text`.
fn para<'a>(doc: &'a Doc, text: &str) -> &'a El {
    doc.root
        .find_all("w:p")
        .into_iter()
        .find(|p| p.texts() == text)
        .unwrap_or_else(|| panic!("no paragraph {text:?}"))
}

/// The paragraph right after the one whose text is `text` (in the same container).
fn next_para<'a>(doc: &'a Doc, text: &str) -> &'a El {
    fn search<'a>(e: &'a El, text: &str) -> Option<&'a El> {
        let ps: Vec<&El> = e.children.iter().filter(|c| c.name == "w:p").collect();
        for w in ps.windows(2) {
            if w[0].texts() == text {
                return Some(w[1]);
            }
        }
        e.children.iter().find_map(|c| search(c, text))
    }
    search(&doc.root, text).unwrap_or_else(|| panic!("nothing after {text:?}"))
}

fn sz(run: &El) -> Option<u32> {
    run.path(&["w:rPr", "w:sz"])
        .and_then(|s| s.attr("w:val"))
        .and_then(|v| v.parse().ok())
}

fn has(run: &El, prop: &str) -> bool {
    run.path(&["w:rPr", prop])
        .is_some_and(|b| !matches!(b.attr("w:val"), Some("false" | "0")))
}

/// Every run of the paragraph with text has size `size` and the flags given.
fn assert_runs(p: &El, size: u32, bold: bool, italic: bool) {
    let runs: Vec<&El> = p
        .runs()
        .into_iter()
        .filter(|r| !r.texts().is_empty())
        .collect();
    assert!(!runs.is_empty(), "no runs in {:?}", p.texts());
    for r in runs {
        assert_eq!(sz(r), Some(size), "size of {:?}", r.texts());
        assert_eq!(has(r, "w:b"), bold, "bold of {:?}", r.texts());
        assert_eq!(has(r, "w:i"), italic, "italic of {:?}", r.texts());
    }
}

fn num_attr(e: Option<&El>, k: &str) -> i64 {
    e.and_then(|e| e.attr(k))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no numeric {k}"))
}

fn grid(tbl: &El) -> Vec<i64> {
    tbl.child("w:tblGrid")
        .expect("w:tblGrid")
        .children
        .iter()
        .map(|g| num_attr(Some(g), "w:w"))
        .collect()
}

fn jc(p: &El) -> Option<&str> {
    p.ppr(&["w:jc"]).and_then(|j| j.attr("w:val"))
}

/// A bottom-bordered rule paragraph with left and right indents.
fn assert_rule(p: &El) -> (i64, i64) {
    let b = p.ppr(&["w:pBdr", "w:bottom"]).expect("a bottom border");
    assert_eq!(b.attr("w:val"), Some("single"));
    for side in ["w:top", "w:left", "w:right"] {
        let v = p.ppr(&["w:pBdr", side]).and_then(|e| e.attr("w:val"));
        assert!(
            matches!(v, None | Some("nil" | "none")),
            "a rule, not a box: {side} {v:?}"
        );
    }
    assert!(p.texts().is_empty(), "the rule is a border, not text");
    let ind = p.ppr(&["w:ind"]);
    let l = num_attr(ind, "w:left");
    let r = num_attr(ind, "w:right");
    assert!(l > 0 && r > 0, "indents {l} {r}");
    (l, r)
}

#[test]
fn page_size_and_margins() {
    let d = sample();
    let sect = d
        .root
        .path(&["w:document", "w:body", "w:sectPr"])
        .expect("sectPr");
    let pg = sect.child("w:pgSz");
    assert_eq!(num_attr(pg, "w:w"), 11906);
    assert_eq!(num_attr(pg, "w:h"), 16838);
    let m = sect.child("w:pgMar");
    assert_eq!(num_attr(m, "w:top"), 1134);
    assert_eq!(num_attr(m, "w:bottom"), 1134);
    assert_eq!(num_attr(m, "w:left"), 1701);
    assert_eq!(num_attr(m, "w:right"), 851);
}

#[test]
fn times_new_roman_in_all_four_slots_on_every_run_and_by_default() {
    let d = sample();
    let mut runs = d.root.find_all("w:r");
    let headers: Vec<El> = d
        .parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/header") && n.ends_with(".xml"))
        .map(|(n, _)| resolved_part(&d.parts, n))
        .collect();
    for h in &headers {
        runs.extend(h.find_all("w:r"));
    }
    assert!(runs.len() > 30, "{} runs", runs.len());
    for r in runs {
        let f = r
            .path(&["w:rPr", "w:rFonts"])
            .unwrap_or_else(|| panic!("no rFonts on {:?}", r.texts()));
        for slot in ["w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"] {
            assert_eq!(
                f.attr(slot),
                Some("Times New Roman"),
                "{slot} of {:?}",
                r.texts()
            );
        }
        let c = r.path(&["w:rPr", "w:color"]).and_then(|c| c.attr("w:val"));
        assert_eq!(c, Some("000000"), "colour of {:?}", r.texts());
    }
    let styles = parse(&part(&d.parts, "word/styles.xml"));
    let f = styles
        .path(&[
            "w:styles",
            "w:docDefaults",
            "w:rPrDefault",
            "w:rPr",
            "w:rFonts",
        ])
        .expect("default rFonts");
    for slot in ["w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"] {
        assert_eq!(f.attr(slot), Some("Times New Roman"));
    }
}

#[test]
fn header_table_layout() {
    let d = sample();
    let t = top(&d);
    assert_eq!(t[0].name, "w:tbl", "the header table comes first");
    let tbl = t[0];
    let g = grid(tbl);
    assert_eq!(g.len(), 2);
    assert_eq!(g.iter().sum::<i64>(), 9355);
    assert!(g[1] >= 5670, "right column {}", g[1]);
    // no borders
    for b in tbl
        .find_all("w:tblBorders")
        .iter()
        .flat_map(|b| b.children.iter())
    {
        assert!(
            matches!(b.attr("w:val"), Some("nil" | "none")),
            "border {:?}",
            b.attrs
        );
    }
    let rows: Vec<&El> = tbl.children.iter().filter(|c| c.name == "w:tr").collect();
    assert_eq!(rows.len(), 2);
    let cells = |r: &El| -> Vec<String> {
        r.children
            .iter()
            .filter(|c| c.name == "w:tc")
            .map(|c| c.texts())
            .collect()
    };
    assert_eq!(
        cells(rows[0]),
        vec![
            "UBND TỈNH BẮC GIANGSỞ Y TẾ".to_owned(),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc".to_owned()
        ]
    );
    // number and date on the same row: level
    assert_eq!(
        cells(rows[1]),
        vec![
            "Số: 25/KH-SYT".to_owned(),
            "Bắc Giang, ngày 05 tháng 3 năm 2018".to_owned()
        ]
    );

    let title = para(&d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_runs(title, 26, true, false);
    assert_eq!(jc(title), Some("center"));
    let motto = para(&d, "Độc lập - Tự do - Hạnh phúc");
    assert_runs(motto, 28, true, false);
    assert_runs(para(&d, "UBND TỈNH BẮC GIANG"), 26, false, false);
    assert_runs(para(&d, "SỞ Y TẾ"), 26, true, false);
    let number = para(&d, "Số: 25/KH-SYT");
    assert_runs(number, 26, false, false);
    assert_eq!(jc(number), Some("center"));
    let date = para(&d, "Bắc Giang, ngày 05 tháng 3 năm 2018");
    assert_runs(date, 28, false, true);
    assert_eq!(jc(date), Some("center"));
    // equal space above number and date keeps them level
    let before = |p: &El| {
        p.ppr(&["w:spacing"])
            .and_then(|s| s.attr("w:before"))
            .map(str::to_owned)
    };
    assert_eq!(before(number), before(date));
}

#[test]
fn short_rules_are_borders_with_indents_never_underscores() {
    let d = sample();
    assert!(!d.xml.contains("___"), "underscores used as a rule");
    let right_avail = 5953 - 216;
    let left_avail = 3402 - 216;
    // the motto's rule is as long as the motto (≈ 60 mm ≈ 3400 tw)
    let (l, r) = assert_rule(next_para(&d, "Độc lập - Tự do - Hạnh phúc"));
    let motto_rule = right_avail - l - r;
    assert!(
        (3000..=3900).contains(&motto_rule),
        "motto rule {motto_rule}"
    );
    assert!((l - r).abs() <= 1, "centred");
    // issuer's rule: 1/3–1/2 of "SỞ Y TẾ" (≈ 1000 tw)
    let (l, r) = assert_rule(next_para(&d, "SỞ Y TẾ"));
    let issuer_rule = left_avail - l - r;
    assert!(
        (300..=600).contains(&issuer_rule),
        "issuer rule {issuer_rule}"
    );
    // summary's rule: 1/3–1/2 of the summary (≈ 6500 tw)
    let (l, r) = assert_rule(next_para(
        &d,
        "Thực hiện công tác Phòng, chống mại dâm năm 2018",
    ));
    let summary_rule = 9355 - l - r;
    assert!(
        (2000..=3400).contains(&summary_rule),
        "summary rule {summary_rule}"
    );
}

#[test]
fn title_and_summary() {
    let d = sample();
    let kind = para(&d, "KẾ HOẠCH");
    assert_runs(kind, 28, true, false);
    assert_eq!(jc(kind), Some("center"));
    let s = para(&d, "Thực hiện công tác Phòng, chống mại dâm năm 2018");
    assert_runs(s, 28, true, false);
    assert_eq!(jc(s), Some("center"));
    assert!(!d.xml.contains("Kính gửi"), "a plan has no addressees");
    // the title comes right after the header table
    let t = top(&d);
    assert_eq!(t[1].texts(), "KẾ HOẠCH");
}

#[test]
fn kinh_gui_one_and_several() {
    let mut f = sample_frame();
    f.text.addressees = vec!["Sở Y tế (Phòng Nghiệp vụ Y)".into()];
    let d = build(&f, "Nội dung.");
    let p = para(&d, "Kính gửi: Sở Y tế (Phòng Nghiệp vụ Y)");
    assert_runs(p, 28, false, false);
    assert_eq!(jc(p), Some("center"));

    f.text.addressees = vec!["UBND tỉnh".into(), "Bộ Y tế".into()];
    let d = build(&f, "Nội dung.");
    let t: Vec<String> = top(&d).iter().map(|e| e.texts()).collect();
    let i = t.iter().position(|s| s == "Kính gửi:").expect("Kính gửi:");
    assert_eq!(t[i + 1], "- UBND tỉnh;");
    assert_eq!(t[i + 2], "- Bộ Y tế.");
    assert_runs(para(&d, "- Bộ Y tế."), 28, false, false);
}

#[test]
fn body_paragraphs() {
    let d = sample();
    let p = top(&d)
        .into_iter()
        .find(|p| p.texts().starts_with("Thực hiện Kế hoạch số 2222"))
        .expect("first body paragraph");
    assert_eq!(jc(p), Some("both"));
    let first = num_attr(p.ppr(&["w:ind"]), "w:firstLine");
    assert!((567..=720).contains(&first), "first-line indent {first}");
    let sp = p.ppr(&["w:spacing"]);
    assert!(num_attr(sp, "w:before") >= 120);
    let line = num_attr(sp, "w:line");
    assert!((240..=360).contains(&line), "line spacing {line}");
    for r in p.runs() {
        assert_eq!(sz(r), Some(28));
    }
    // bold and italic runs
    let bold: Vec<String> = p
        .runs()
        .into_iter()
        .filter(|r| has(r, "w:b"))
        .map(|r| r.texts())
        .collect();
    assert_eq!(bold, vec!["Kế hoạch"]);
    let italic: Vec<String> = p
        .runs()
        .into_iter()
        .filter(|r| has(r, "w:i"))
        .map(|r| r.texts())
        .collect();
    assert_eq!(italic, vec!["Phòng, chống mại dâm"]);
    // nesting combines: bold + italic
    let item = top(&d)
        .into_iter()
        .find(|p| p.texts().starts_with("- Nâng cao"))
        .expect("item");
    let both: Vec<String> = item
        .runs()
        .into_iter()
        .filter(|r| has(r, "w:b") && has(r, "w:i"))
        .map(|r| r.texts())
        .collect();
    assert_eq!(both, vec!["phối hợp"]);
    // headings are bold paragraphs
    assert_runs(para(&d, "I. MỤC ĐÍCH, YÊU CẦU"), 28, true, false);
    assert_runs(para(&d, "1. Mục đích"), 28, true, false);
}

#[test]
fn list_prefixes() {
    let d = sample();
    let texts: Vec<String> = top(&d).iter().map(|e| e.texts()).collect();
    let has = |s: &str| texts.iter().any(|t| t == s);
    assert!(has("- Nâng cao hiệu lực, hiệu quả công tác phòng, chống mại dâm; tăng cường phối hợp liên ngành."));
    assert!(has("- Các huyện, thành phố chỉ đạo:"));
    assert!(has("+ UBND xã tuyên truyền;"));
    assert!(has("+ Trạm Y tế phối hợp."));
    assert!(has("1. Các đơn vị triển khai đúng tiến độ."));
    assert!(has("2. Báo cáo kết quả về Sở Y tế."));
    // items are body paragraphs
    let p = para(&d, "+ UBND xã tuyên truyền;");
    assert_eq!(jc(p), Some("both"));
    assert!(num_attr(p.ppr(&["w:ind"]), "w:firstLine") >= 567);
}

#[test]
fn markdown_table() {
    let d = sample();
    let ts = tables(&d);
    assert_eq!(ts.len(), 3, "header, body table, closing");
    let t = ts[1];
    let g = grid(t);
    assert_eq!(g.len(), 3);
    assert_eq!(g.iter().sum::<i64>(), 9355);
    let borders = t.find_all("w:tblBorders");
    let b = borders.first().expect("tblBorders");
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        assert_eq!(
            b.child(side).and_then(|e| e.attr("w:val")),
            Some("single"),
            "{side}"
        );
    }
    let rows: Vec<&El> = t.children.iter().filter(|c| c.name == "w:tr").collect();
    assert_eq!(rows.len(), 3);
    for p in rows[0].find_all("w:p") {
        assert_runs(p, 26, true, false);
        assert_eq!(jc(p), Some("center"));
    }
    for p in rows[1].find_all("w:p") {
        assert_runs(p, 26, false, false);
        let first = p
            .ppr(&["w:ind"])
            .and_then(|i| i.attr("w:firstLine"))
            .unwrap_or("0");
        assert_eq!(first, "0", "no first-line indent in cells");
    }
    let aligns: Vec<Option<&str>> = rows[1].find_all("w:p").into_iter().map(jc).collect();
    assert_eq!(aligns, vec![Some("left"), Some("center"), Some("right")]);
    assert_eq!(rows[1].texts(), "Tỷ lệ xã tuyên truyền50%60%");
}

/// A per-unit table like the report's: a long first column, short headers with long words.
const UNIT_TABLE: &str = "\
| TT | Đơn vị | Ngày gửi | Xã đạt/tổng số | Số buổi, cuộc | Số lượt người | Số cuộc kiểm tra | Số vụ vi phạm được xử lý |
| :---: | :--- | :---: | :---: | :---: | :---: | :---: | :---: |
| 1 | Trung tâm Kiểm soát bệnh tật tỉnh Bắc Giang và các đơn vị trực thuộc trong toàn ngành | 14/11 | 17/27 (63 %) | 67 | 4.982 | - | - |
| 2 | Trung tâm Y tế huyện Lục Ngạn | Chưa gửi | - | - | - | - | - |
";

/// Words of a cell (split at ordinary white space; a no-break space keeps its neighbours).
fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() && c != '\u{A0}')
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn table_columns_fit_their_longest_words() {
    use vanban::docx::style::{text_width, CELL_MARGIN, SZ_TABLE};
    let d = build(&sample_frame(), UNIT_TABLE);
    let t = tables(&d)[1];
    let g = grid(t);
    assert_eq!(g.len(), 8);
    assert_eq!(g.iter().sum::<i64>(), 9355);
    let rows: Vec<&El> = t.children.iter().filter(|c| c.name == "w:tr").collect();
    for (r, row) in rows.iter().enumerate() {
        let header = r == 0;
        for (c, cell) in row.find_all("w:tc").into_iter().enumerate() {
            for w in words(&cell.texts()) {
                let need = (text_width(w, SZ_TABLE, header) + 2 * CELL_MARGIN) as i64;
                assert!(
                    g[c] >= need,
                    "column {c} is {} tw, narrower than {w:?} ({need} tw): {g:?}",
                    g[c]
                );
            }
        }
    }
    // the column of "Xã đạt/tổng số" holds its longest word, bold
    let need = (text_width("đạt/tổng", SZ_TABLE, true) + 2 * CELL_MARGIN) as i64;
    assert!(g[3] >= need, "{} < {need}", g[3]);
    // the long first column takes the most room
    assert!(g.iter().all(|&w| w <= g[1]), "{g:?}");
    // a space between a number and "%" does not break
    assert!(
        rows[1].texts().contains("(63\u{A0}%)"),
        "{}",
        rows[1].texts()
    );
    // the header row repeats on each page; the other rows do not
    let header = |row: &El| row.path(&["w:trPr", "w:tblHeader"]).is_some();
    assert!(header(rows[0]), "the first row has no w:tblHeader");
    assert!(rows[1..].iter().all(|r| !header(r)));
    assert!(rows
        .iter()
        .all(|r| r.path(&["w:trPr", "w:cantSplit"]).is_some()));
    assert!(!d.xml.contains("w:trHeight"), "the header mark is left in");
}

#[test]
fn closing_table() {
    let d = sample();
    let ts = tables(&d);
    let t = ts.last().expect("closing table");
    let g = grid(t);
    assert_eq!(g.iter().sum::<i64>(), 9355);
    assert!((2900..=3400).contains(&g[0]), "left ≈ 1/3: {}", g[0]);
    for b in t
        .find_all("w:tblBorders")
        .iter()
        .flat_map(|b| b.children.iter())
    {
        assert!(matches!(b.attr("w:val"), Some("nil" | "none")));
    }
    let cells: Vec<&El> = t.find_all("w:tc");
    assert_eq!(cells.len(), 2);
    let left: Vec<&El> = cells[0]
        .children
        .iter()
        .filter(|c| c.name == "w:p")
        .collect();
    let right: Vec<&El> = cells[1]
        .children
        .iter()
        .filter(|c| c.name == "w:p")
        .collect();
    assert_eq!(left[0].texts(), "Nơi nhận:");
    assert_runs(left[0], 24, true, true);
    assert_eq!(left[1].texts(), "- Lưu: VT, NVY.");
    assert_runs(left[1], 22, false, false);
    assert_eq!(left[2].texts(), "Bản điện tử:");
    assert_runs(left[2], 24, true, true);
    for p in &left[3..] {
        assert_runs(p, 22, false, false);
        assert_ne!(jc(p), Some("center"));
        assert_eq!(p.ppr(&["w:ind"]).and_then(|i| i.attr("w:firstLine")), None);
    }
    assert_eq!(
        left.last().map(|p| p.texts()),
        Some("- Lãnh đạo Sở.".to_owned())
    );
    // authority: two bold 14 pt lines, first in its cell, level with "Nơi nhận:"
    assert_eq!(right[0].texts(), "KT. GIÁM ĐỐC");
    assert_eq!(right[1].texts(), "PHÓ GIÁM ĐỐC");
    for p in &right[..2] {
        assert_runs(p, 28, true, false);
        assert_eq!(jc(p), Some("center"));
    }
    let before = |p: &El| num_attr(p.ppr(&["w:spacing"]), "w:before");
    assert_eq!(before(left[0]), before(right[0]));
    for c in &cells {
        assert_eq!(
            c.path(&["w:tcPr", "w:vAlign"])
                .and_then(|v| v.attr("w:val")),
            Some("top")
        );
    }
    // room to sign, then the name
    let empty = right[2..right.len() - 1]
        .iter()
        .filter(|p| p.texts().is_empty())
        .count();
    assert!((3..=5).contains(&empty), "{empty} empty lines");
    let name = right.last().expect("name");
    assert_eq!(name.texts(), "Trần Văn Sinh");
    assert_runs(name, 28, true, false);
    assert_eq!(jc(name), Some("center"));
}

#[test]
fn page_numbers_from_page_two_in_the_header() {
    let d = sample();
    let sect = d
        .root
        .path(&["w:document", "w:body", "w:sectPr"])
        .expect("sectPr");
    assert!(sect.child("w:titlePg").is_some(), "titlePg");
    let refs = sect.find_all("w:headerReference");
    let default = refs
        .iter()
        .find(|r| r.attr("w:type") == Some("default"))
        .and_then(|r| r.attr("r:id"))
        .expect("default header");
    assert!(refs.iter().any(|r| r.attr("w:type") == Some("first")));
    let rels = parse(&part(&d.parts, "word/_rels/document.xml.rels"));
    let target = rels
        .find_all("Relationship")
        .into_iter()
        .find(|r| r.attr("Id") == Some(default))
        .and_then(|r| r.attr("Target"))
        .expect("header target")
        .to_owned();
    let h = resolved_part(&d.parts, &format!("word/{target}"));
    let p = h.find_all("w:p").into_iter().next().expect("paragraph");
    assert_eq!(jc(p), Some("center"));
    let kinds: Vec<&str> = p
        .find_all("w:fldChar")
        .iter()
        .filter_map(|f| f.attr("w:fldCharType"))
        .collect();
    assert_eq!(kinds, vec!["begin", "separate", "end"]);
    let instr: String = p
        .find_all("w:instrText")
        .iter()
        .map(|i| i.text.clone())
        .collect();
    assert_eq!(instr.trim(), "PAGE");
    assert!(!p.texts().is_empty(), "cached result");
    for r in p.runs() {
        assert_eq!(sz(r), Some(28));
    }
    // the first page's header is empty
    let first = refs
        .iter()
        .find(|r| r.attr("w:type") == Some("first"))
        .and_then(|r| r.attr("r:id"))
        .expect("first header");
    let target = rels
        .find_all("Relationship")
        .into_iter()
        .find(|r| r.attr("Id") == Some(first))
        .and_then(|r| r.attr("Target"))
        .expect("first header target")
        .to_owned();
    let h = resolved_part(&d.parts, &format!("word/{target}"));
    assert!(h.texts().is_empty());
    assert!(h.find_all("w:fldChar").is_empty());
}

#[test]
fn draft_mark_only_on_drafts() {
    let d = sample();
    assert!(!d.xml.contains("DỰ THẢO"));
    let mut f = sample_frame();
    f.text.draft = true;
    f.text.number_line = "Số:      /KH-SYT".into();
    let d = build(&f, BODY);
    let t = top(&d);
    assert_eq!(t[0].texts(), "DỰ THẢO", "the mark comes first");
    assert_runs(t[0], 28, true, false);
    assert!(t[0].ppr(&["w:pBdr", "w:top"]).is_some(), "boxed");
    assert_eq!(t[1].name, "w:tbl");
}

#[test]
fn xml_illegal_characters_removed_and_specials_escaped() {
    let mut f = sample_frame();
    f.text.issuer = "SỞ\u{1} Y TẾ".into();
    f.text.summary = "A & B < C\u{B} > D".into();
    f.text.signer = "Trần\u{FFFF} Văn Sinh".into();
    f.properties.title = "T & <x>\u{2}".into();
    let d = build(
        &f,
        "Text \u{1}with & and <tag> and \u{B}controls\u{0}.\n\n`a<b` <span>x</span>\n",
    );
    for (name, xml) in &d.parts {
        assert!(
            !xml.contains(['\u{0}', '\u{1}', '\u{2}', '\u{B}', '\u{FFFF}']),
            "illegal character in {name}"
        );
        if name.ends_with(".xml") || name.ends_with(".rels") {
            parse(xml);
        }
    }
    para(&d, "SỞ Y TẾ");
    para(&d, "A & B < C > D");
    para(&d, "Trần Văn Sinh");
    para(&d, "Text with & and <tag> and controls.");
    para(&d, "a<b <span>x</span>");
    assert!(d.xml.contains("A &amp; B &lt; C"));
    let core = parse(&part(&d.parts, "docProps/core.xml"));
    assert_eq!(
        core.path(&["cp:coreProperties", "dc:title"])
            .map(|t| t.text.as_str()),
        Some("T & <x>")
    );
}

#[test]
fn newlines_in_frame_strings_become_breaks() {
    let mut f = sample_frame();
    f.text.issuer = "TRUNG TÂM KIỂM SOÁT\nBỆNH TẬT".into();
    let d = build(&f, "x");
    let p = para(&d, "TRUNG TÂM KIỂM SOÁTBỆNH TẬT");
    assert_eq!(p.find_all("w:br").len(), 1);
    assert!(!d.xml.contains("SOÁT\n"));
}

#[test]
fn core_properties_take_the_document_date_not_the_clock() {
    let d = sample();
    let core = parse(&part(&d.parts, "docProps/core.xml"));
    let cp = core.child("cp:coreProperties").expect("coreProperties");
    assert_eq!(
        cp.child("dcterms:created").map(|e| e.text.as_str()),
        Some("2018-03-05T00:00:00Z")
    );
    assert_eq!(
        cp.child("dcterms:modified").map(|e| e.text.as_str()),
        Some("2018-03-05T00:00:00Z")
    );
    assert_eq!(
        cp.child("dc:title").map(|e| e.text.as_str()),
        Some("KẾ HOẠCH Thực hiện công tác Phòng, chống mại dâm năm 2018")
    );
    assert_eq!(
        cp.child("dc:creator").map(|e| e.text.as_str()),
        Some("SỞ Y TẾ")
    );
    for (el, want) in [
        (
            "dc:subject",
            "Thực hiện công tác Phòng, chống mại dâm năm 2018",
        ),
        ("cp:keywords", "25/KH-SYT; Kế hoạch; 2018"),
        ("cp:category", "Kế hoạch"),
        ("dc:language", "vi-VN"),
    ] {
        assert_eq!(cp.child(el).map(|e| e.text.as_str()), Some(want), "{el}");
    }
    let app = part(&d.parts, "docProps/app.xml");
    let year = chrono_free_year();
    for (name, xml) in [("core", part(&d.parts, "docProps/core.xml")), ("app", app)] {
        assert!(
            !xml.contains(&year),
            "{name} mentions the current year {year}"
        );
    }
}

/// The current year, from the system clock, without a date crate.
fn chrono_free_year() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    // good enough away from New Year's Eve
    (1970 + secs / 31_556_952).to_string()
}

#[test]
fn zip_entries_have_the_fixed_timestamp() {
    let bytes = write(&sample_frame(), BODY).expect("write");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    for i in 0..zip.len() {
        let f = zip.by_index(i).expect("entry");
        let t = f.last_modified().expect("timestamp");
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1), "{}", f.name());
    }
}

#[test]
fn same_input_same_bytes_in_calls_and_threads() {
    let f = sample_frame();
    let a = write(&f, BODY).expect("write");
    // other documents in between must not shift any id
    write(&f, "# x\n\n- y\n\n| a |\n|---|\n| b |\n").expect("write");
    // nor other docx-rs users on this thread (docx-rs counts paragraph ids per thread)
    let _others: Vec<docx_rs::Paragraph> = (0..5).map(|_| docx_rs::Paragraph::new()).collect();
    let b = write(&f, BODY).expect("write");
    assert!(a == b, "two calls differ");
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let f = f.clone();
            std::thread::spawn(move || {
                let mut last = Vec::new();
                for _ in 0..(i + 1) {
                    last = write(&f, BODY).expect("write");
                }
                last
            })
        })
        .collect();
    for h in handles {
        let c = h.join().expect("thread");
        assert!(a == c, "a thread's bytes differ");
    }
}

#[test]
fn signature_image_is_optional_and_checked() {
    let mut f = sample_frame();
    f.signature_png = Some(b"not a png".to_vec());
    assert!(
        write(&f, "x").is_err(),
        "a bad image is an error, not a panic"
    );
}

#[test]
fn odd_markdown_does_not_panic() {
    let f = Frame::default();
    for md in [
        "",
        "\u{0}",
        "|a|\n|-|\n",
        "- \n-\n  -\n",
        "```\ncode\n\n<x>\n```\n",
        "<div>\n<b>x</b>\n</div>\n",
        "> quote\n> > deeper\n",
        "[^1]\n\n[^1]: note",
        "99999999999999999999. big\n",
        "18446744073709551615. max\n1. next\n",
        "~~strike~~ ***both*** `code`",
        "![alt](x.png) [link](http://x)",
        "a\\\nb",
    ] {
        let bytes = write(&f, md).unwrap_or_else(|e| panic!("{md:?}: {e}"));
        common::keep_docx(&bytes);
        let parts = unzip(&bytes);
        parse(&part(&parts, "word/document.xml"));
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut c = kind.to_vec();
    c.extend_from_slice(data);
    out.extend_from_slice(&c);
    out.extend_from_slice(&crc32(&c).to_be_bytes());
}

/// `png` with a pHYs chunk of `ppm` pixels per metre after its IHDR chunk.
fn with_phys(png: &[u8], ppm: u32) -> Vec<u8> {
    let ihdr_end = 8 + 12 + 13;
    let mut out = png[..ihdr_end].to_vec();
    let mut data = ppm.to_be_bytes().to_vec();
    data.extend_from_slice(&ppm.to_be_bytes());
    data.push(1);
    chunk(&mut out, b"pHYs", &data);
    out.extend_from_slice(&png[ihdr_end..]);
    out
}

/// A small RGBA PNG (stored, uncompressed deflate), `w`×`h`, blue.
fn tiny_png(w: u32, h: u32) -> Vec<u8> {
    // each row: filter byte 0 (none), then w blue pixels
    let row: Vec<u8> = std::iter::once(0)
        .chain([0, 0, 200, 255].repeat(w as usize))
        .collect();
    let raw = row.repeat(h as usize);
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65535).collect();
    for (i, b) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        z.extend_from_slice(&(b.len() as u16).to_le_bytes());
        z.extend_from_slice(&(!(b.len() as u16)).to_le_bytes());
        z.extend_from_slice(b);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn signature_image_between_authority_and_name() {
    let mut f = sample_frame();
    f.signature_png = Some(tiny_png(60, 24));
    let bytes = write(&f, BODY).expect("write");
    common::keep_docx(&bytes);
    let parts = unzip(&bytes);
    let media: Vec<&String> = parts
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("word/media/") && !n.ends_with('/'))
        .collect();
    assert_eq!(media.len(), 1, "{media:?}");
    let d = build(&f, BODY);
    let ts = tables(&d);
    let cells = ts.last().expect("closing").find_all("w:tc");
    let right: Vec<&El> = cells[1]
        .children
        .iter()
        .filter(|c| c.name == "w:p")
        .collect();
    let pic = right
        .iter()
        .position(|p| !p.find_all("w:drawing").is_empty())
        .expect("a picture");
    assert!(pic >= 2 && pic + 1 < right.len(), "between 7a and 7b");
    assert_eq!(jc(right[pic]), Some("center"));
    let ext = right[pic].find_all("wp:extent");
    let (cx, cy) = (
        num_attr(ext.first().copied(), "cx"),
        num_attr(ext.first().copied(), "cy"),
    );
    assert_eq!(cx * 24, cy * 60, "aspect kept");
    // the picture's relationship exists and the bytes stay the same across threads
    let blip = right[pic].find_all("a:blip");
    let rid = blip
        .first()
        .and_then(|b| b.attr("r:embed"))
        .expect("r:embed")
        .to_owned();
    assert!(part(&d.parts, "word/_rels/document.xml.rels").contains(&format!("Id=\"{rid}\"")));
    let again = std::thread::spawn(move || write(&f, BODY).expect("write"))
        .join()
        .expect("thread");
    assert!(again == bytes, "image documents differ across threads");
}

/// The paragraphs of the signature cell (right cell of the closing table).
fn signature_cell(d: &Doc) -> Vec<&El> {
    let ts = tables(d);
    let cells = ts.last().expect("closing").find_all("w:tc");
    cells[1]
        .children
        .iter()
        .filter(|c| c.name == "w:p")
        .collect()
}

/// The one floating picture (seal) of the signature cell: the paragraph holding it and its
/// wp:anchor.
fn seal_anchor<'a>(right: &[&'a El]) -> (&'a El, &'a El) {
    let mut found = Vec::new();
    for p in right {
        for a in p.find_all("wp:anchor") {
            found.push((*p, a));
        }
    }
    assert_eq!(found.len(), 1, "one floating picture");
    found[0]
}

fn pos_offset(anchor: &El, axis: &str) -> (String, i64) {
    let pos = anchor.child(axis).expect(axis);
    let from = pos.attr("relativeFrom").unwrap_or_default().to_owned();
    let off = pos
        .child("wp:posOffset")
        .and_then(|o| o.text.trim().parse().ok())
        .unwrap_or_else(|| panic!("no numeric posOffset in {axis}"));
    (from, off)
}

#[test]
fn seal_over_the_left_third_of_the_signature() {
    let mut f = sample_frame();
    f.signature_png = Some(tiny_png(60, 24));
    f.seal_png = Some(tiny_png(40, 40));
    let bytes = write(&f, BODY).expect("write");
    common::keep_docx(&bytes);
    let parts = unzip(&bytes);
    let media = parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/media/") && !n.ends_with('/'))
        .count();
    assert_eq!(media, 2, "signature and seal");
    let d = build(&f, BODY);
    let right = signature_cell(&d);
    let (p, anchor) = seal_anchor(&right);
    // the seal floats in front of the text without moving it: the paragraph holding it is
    // an authority line as before, and the cell's lines are the same as without a seal
    assert_eq!(p.texts(), "PHÓ GIÁM ĐỐC");
    assert!(anchor.child("wp:wrapNone").is_some(), "no wrapping");
    assert_eq!(anchor.attr("layoutInCell"), Some("1"));
    let texts = |d: &Doc| -> Vec<String> { signature_cell(d).iter().map(|p| p.texts()).collect() };
    let mut unsealed = f.clone();
    unsealed.seal_png = None;
    assert_eq!(texts(&d), texts(&build(&unsealed, BODY)));
    // true size: 36 mm when the PNG has no resolution, aspect kept
    let ext = anchor.child("wp:extent").expect("wp:extent");
    let (cx, cy) = (num_attr(Some(ext), "cx"), num_attr(Some(ext), "cy"));
    assert_eq!((cx, cy), (1_296_000, 1_296_000));
    // over the left third of the signature: its right edge a third into the signature
    let sig = right
        .iter()
        .flat_map(|p| p.find_all("wp:inline"))
        .next()
        .expect("the signature, inline");
    let sig_ext = sig.child("wp:extent").expect("wp:extent");
    let (sig_w, sig_h) = (num_attr(Some(sig_ext), "cx"), num_attr(Some(sig_ext), "cy"));
    let (from_h, x) = pos_offset(anchor, "wp:positionH");
    assert_eq!(from_h, "column");
    let cell = (9355 - 3118 - 2 * 108) * 635;
    let sig_left = (cell - sig_w) / 2;
    assert!(
        (x + cx - (sig_left + sig_w / 3)).abs() <= 635,
        "seal right edge {} vs a third into the signature {}",
        x + cx,
        sig_left + sig_w / 3
    );
    let (from_v, y) = pos_offset(anchor, "wp:positionV");
    assert_eq!(from_v, "paragraph");
    // anchored in the last authority line: its centre is level with the signature's centre
    // (one authority line and one empty line above the image, 14 pt lines of 322 tw)
    let centre = 2 * 322 * 635 + sig_h / 2;
    assert!((y + cy / 2 - centre).abs() <= 635, "{y} {cy} {centre}");
    // each drawing has its own id; both pictures have relationships
    let ids: Vec<&str> = d
        .root
        .find_all("wp:docPr")
        .into_iter()
        .filter_map(|e| e.attr("id"))
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    let rels = part(&d.parts, "word/_rels/document.xml.rels");
    for blip in d.root.find_all("a:blip") {
        let rid = blip.attr("r:embed").expect("r:embed");
        assert!(rels.contains(&format!("Id=\"{rid}\"")), "{rid}");
    }
    // same bytes in another thread
    let again = std::thread::spawn(move || write(&f, BODY).expect("write"))
        .join()
        .expect("thread");
    assert!(again == bytes, "sealed documents differ across threads");
}

#[test]
fn seal_size_from_its_resolution_and_without_a_signature_image() {
    let mut f = sample_frame();
    // 160 px at 4000 px/m: 40 mm
    f.seal_png = Some(with_phys(&tiny_png(160, 160), 4000));
    let d = build(&f, BODY);
    let right = signature_cell(&d);
    let (_, anchor) = seal_anchor(&right);
    let ext = anchor.child("wp:extent").expect("wp:extent");
    assert_eq!(num_attr(Some(ext), "cx"), 1_440_000);
    // the room to sign keeps its empty lines
    let empty = right.iter().filter(|p| p.texts().is_empty()).count();
    assert!((3..=5).contains(&empty), "{empty} empty lines");
    // an implausible resolution (a 1000 px seal at 72 dpi is 35 cm) falls back to 36 mm
    f.seal_png = Some(with_phys(&tiny_png(1000, 1000), 2835));
    let d = build(&f, BODY);
    let right = signature_cell(&d);
    let (_, anchor) = seal_anchor(&right);
    let ext = anchor.child("wp:extent").expect("wp:extent");
    assert_eq!(num_attr(Some(ext), "cx"), 1_296_000);
    // not a PNG: an error, not a panic
    f.seal_png = Some(b"GIF89a".to_vec());
    assert!(write(&f, "x").is_err());
}

#[test]
fn circular_01_2011_puts_page_numbers_bottom_right_in_the_footer() {
    let mut f = sample_frame();
    f.text.page_numbers_in_footer = true;
    let d = build(&f, BODY);
    let sect = d
        .root
        .path(&["w:document", "w:body", "w:sectPr"])
        .expect("sectPr");
    assert!(sect.child("w:titlePg").is_some(), "no number on page 1");
    let rels = parse(&part(&d.parts, "word/_rels/document.xml.rels"));
    let target_of = |kind: &str| -> String {
        let id = sect
            .find_all("w:footerReference")
            .into_iter()
            .find(|r| r.attr("w:type") == Some(kind))
            .and_then(|r| r.attr("r:id"))
            .unwrap_or_else(|| panic!("a {kind} footer"))
            .to_owned();
        rels.find_all("Relationship")
            .into_iter()
            .find(|r| r.attr("Id") == Some(id.as_str()))
            .and_then(|r| r.attr("Target"))
            .expect("footer target")
            .to_owned()
    };
    let footer = parse(&part(&d.parts, &format!("word/{}", target_of("default"))));
    let p = footer
        .find_all("w:p")
        .into_iter()
        .next()
        .expect("paragraph");
    assert_eq!(jc(p), Some("right"));
    let instr: String = p
        .find_all("w:instrText")
        .iter()
        .map(|i| i.text.clone())
        .collect();
    assert_eq!(instr.trim(), "PAGE");
    let first = parse(&part(&d.parts, &format!("word/{}", target_of("first"))));
    assert!(
        first.find_all("w:fldChar").is_empty(),
        "page 1 has no number"
    );
    // and no page number in a header
    assert!(
        sect.find_all("w:headerReference").is_empty(),
        "no header carries the number"
    );
}

/// The raw (unresolved) document: what is written on each paragraph itself.
fn raw(d: &Doc) -> El {
    parse(&d.xml)
}

fn raw_para<'a>(root: &'a El, text: &str) -> &'a El {
    root.find_all("w:p")
        .into_iter()
        .find(|p| p.texts() == text)
        .unwrap_or_else(|| panic!("no paragraph {text:?}"))
}

fn p_style(p: &El) -> Option<&str> {
    p.ppr(&["w:pStyle"]).and_then(|s| s.attr("w:val"))
}

#[test]
fn named_styles_a_clerk_can_use_with_outline_levels_and_vietnamese() {
    let d = sample();
    let styles = parse(&part(&d.parts, "word/styles.xml"));
    let all: Vec<&El> = styles
        .child("w:styles")
        .expect("w:styles")
        .children
        .iter()
        .filter(|c| c.name == "w:style")
        .collect();
    let by_name = |name: &str| {
        *all.iter()
            .find(|s| s.path(&["w:name"]).and_then(|n| n.attr("w:val")) == Some(name))
            .unwrap_or_else(|| panic!("no style named {name:?}"))
    };
    for name in [
        "Normal",
        "Title",
        "Subtitle",
        "Body Text",
        "List Dash",
        "List Plus",
        "Table Text",
        "Recipients",
        "Signature",
    ] {
        by_name(name);
    }
    for level in 1..=4 {
        let h = by_name(&format!("heading {level}"));
        assert_eq!(
            h.path(&["w:pPr", "w:outlineLvl"])
                .and_then(|o| o.attr("w:val")),
            Some((level - 1).to_string().as_str()),
            "outline level of heading {level}"
        );
        assert!(h.path(&["w:pPr", "w:keepNext"]).is_some(), "keepNext");
    }
    // Body Text says what FORMAT.md asks of the body
    let body = by_name("Body Text");
    assert_eq!(
        body.path(&["w:pPr", "w:jc"]).and_then(|j| j.attr("w:val")),
        Some("both")
    );
    assert_eq!(num_attr(body.path(&["w:pPr", "w:ind"]), "w:firstLine"), 567);
    assert_eq!(
        num_attr(body.path(&["w:pPr", "w:spacing"]), "w:before"),
        120
    );
    // Vietnamese in the defaults, in every style, and for the theme fonts
    let lang = styles
        .path(&[
            "w:styles",
            "w:docDefaults",
            "w:rPrDefault",
            "w:rPr",
            "w:lang",
        ])
        .expect("default w:lang");
    assert_eq!(lang.attr("w:val"), Some("vi-VN"));
    for s in all.iter().filter(|s| s.attr("w:styleId") != Some("Normal")) {
        assert_eq!(
            s.path(&["w:rPr", "w:lang"]).and_then(|l| l.attr("w:val")),
            Some("vi-VN"),
            "w:lang of {:?}",
            s.attr("w:styleId")
        );
    }
    let settings = parse(&part(&d.parts, "word/settings.xml"));
    assert_eq!(
        settings
            .path(&["w:settings", "w:themeFontLang"])
            .and_then(|l| l.attr("w:val")),
        Some("vi-VN")
    );
}

#[test]
fn paragraphs_name_their_style_and_carry_only_what_it_cannot_say() {
    let d = sample();
    let r = raw(&d);
    for (text, style) in [
        ("KẾ HOẠCH", "Title"),
        (
            "Thực hiện công tác Phòng, chống mại dâm năm 2018",
            "Subtitle",
        ),
        ("I. MỤC ĐÍCH, YÊU CẦU", "Heading1"),
        ("1. Mục đích", "Heading2"),
        ("II. CHỈ TIÊU", "Heading1"),
        ("+ UBND xã tuyên truyền;", "ListPlus"),
        ("Tỷ lệ xã tuyên truyền", "TableText"),
        ("Nơi nhận:", "RecipientsHeading"),
        ("- Lưu: VT, NVY.", "Recipients"),
        ("PHÓ GIÁM ĐỐC", "Signature"),
        ("Trần Văn Sinh", "Signature"),
    ] {
        assert_eq!(
            p_style(raw_para(&r, text)),
            Some(style),
            "style of {text:?}"
        );
    }
    let dash = r
        .find_all("w:p")
        .into_iter()
        .find(|p| p.texts().starts_with("- Nâng cao"))
        .expect("a dash item");
    assert_eq!(p_style(dash), Some("ListDash"));
    // a body paragraph: the style says it all; runs carry only bold/italic
    let body = r
        .find_all("w:p")
        .into_iter()
        .find(|p| p.texts().starts_with("Thực hiện Kế hoạch số 2222"))
        .expect("the first body paragraph");
    assert_eq!(p_style(body), Some("BodyText"));
    for direct in ["w:jc", "w:ind", "w:spacing", "w:keepNext"] {
        assert!(
            body.ppr(&[direct]).is_none(),
            "direct {direct} on body text"
        );
    }
    for run in body.runs() {
        for direct in ["w:rFonts", "w:sz", "w:color"] {
            assert!(
                run.path(&["w:rPr", direct]).is_none(),
                "direct {direct} on {:?}",
                run.texts()
            );
        }
    }
    assert!(
        body.runs()
            .iter()
            .any(|r| r.path(&["w:rPr", "w:b"]).is_some()),
        "**Kế hoạch** stays bold"
    );
    // no run anywhere repeats the default font
    assert!(!d.xml.contains("<w:rFonts"), "direct fonts in document.xml");
}

#[test]
fn pagination_keeps_headings_title_and_signature_with_what_follows() {
    let d = sample();
    let keep_next = |p: &El| {
        p.ppr(&["w:keepNext"])
            .is_some_and(|k| !matches!(k.attr("w:val"), Some("0" | "false")))
    };
    for text in [
        "KẾ HOẠCH",
        "Thực hiện công tác Phòng, chống mại dâm năm 2018",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "II. CHỈ TIÊU",
    ] {
        let p = para(&d, text);
        assert!(keep_next(p), "{text:?} is kept with the next paragraph");
        assert!(
            p.ppr(&["w:keepLines"]).is_some(),
            "{text:?} keeps its lines"
        );
    }
    // the summary's rule too, and the closing line with the signature block
    assert!(keep_next(next_para(
        &d,
        "Thực hiện công tác Phòng, chống mại dâm năm 2018"
    )));
    assert!(keep_next(para(
        &d,
        "Trên đây là Kế hoạch thực hiện công tác Phòng, chống mại dâm năm 2018 của Sở Y tế./."
    )));
    // widow and orphan control on every body paragraph
    for p in d.root.find_all("w:p") {
        if p.texts().len() > 40 {
            assert_eq!(
                p.ppr(&["w:widowControl"]).and_then(|w| w.attr("w:val")),
                Some("1"),
                "widow control of {:?}",
                p.texts()
            );
        }
    }
    // no table row splits across pages; body table header rows repeat
    for t in d.root.find_all("w:tbl") {
        for row in t.children.iter().filter(|c| c.name == "w:tr") {
            assert!(
                row.path(&["w:trPr", "w:cantSplit"]).is_some(),
                "a row that can split: {:?}",
                row.texts()
            );
        }
    }
    let body_table = tables(&d)[1];
    let first_row = body_table.child("w:tr").expect("a row");
    assert!(first_row.path(&["w:trPr", "w:tblHeader"]).is_some());
}
