//! Real documents of other issuers, written in the YAML schema (tests/fixtures/real/<name>/:
//! `input.yaml`, the text it was written from as `original.md`, and `SOURCE.md` naming where
//! that text comes from). Every sentence of the original appears, in order, in the Markdown
//! and in the DOCX text, and each DOCX keeps the official layout.

use crate::common;

use std::path::{Path, PathBuf};

use vanban::compile;
use vanban::project::Project;
use vanban::templates::Templates;

fn cases() -> Vec<PathBuf> {
    let dir = common::root().join("tests/fixtures/real");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/real")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("input.yaml").is_file())
        .collect();
    v.sort();
    v
}

/// The older placement of the tone mark on "oa", "oe", "uy" ("HOÀ", "UỶ") folded into the
/// newer one ("HÒA", "ỦY"): the national title is fixed text, and an original may spell it
/// either way.
fn fold_tone_placement(s: &str) -> String {
    const PAIRS: [(&str, &str); 30] = [
        ("oà", "òa"),
        ("oá", "óa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("OÀ", "ÒA"),
        ("OÁ", "ÓA"),
        ("OẢ", "ỎA"),
        ("OÃ", "ÕA"),
        ("OẠ", "ỌA"),
        ("oè", "òe"),
        ("oé", "óe"),
        ("oẻ", "ỏe"),
        ("oẽ", "õe"),
        ("oẹ", "ọe"),
        ("uỳ", "ùy"),
        ("uý", "úy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
        ("UỲ", "ÙY"),
        ("UÝ", "ÚY"),
        ("UỶ", "ỦY"),
        ("UỸ", "ŨY"),
        ("UỴ", "ỤY"),
        ("Uỷ", "Ủy"),
        ("Uý", "Úy"),
        ("Uỳ", "Ùy"),
        ("Oà", "Òa"),
        ("Oá", "Óa"),
    ];
    let mut out = s.to_string();
    for (old, new) in PAIRS {
        out = out.replace(old, new);
    }
    out
}

/// Text without Markdown or table marks, rules and line structure: what a reader reads. A dash
/// standing alone is a separator ("Độc lập – Tự do – Hạnh phúc" as some offices type the
/// motto), whichever dash it is.
fn normalise(s: &str) -> String {
    let s = fold_tone_placement(s);
    let s = s
        .replace("<br>", " ")
        .replace("\\.", ".")
        .replace('*', "")
        .replace(['#', '|'], " ");
    let words: Vec<&str> = s
        .split_whitespace()
        .filter(|w| !w.chars().all(|c| matches!(c, '-' | '–' | '—')))
        .collect();
    words.join(" ")
}

/// The sentences (and sentence pieces up to ";" or ":") of `text`, list marks removed.
fn sentences(text: &str) -> Vec<String> {
    let t = normalise(text);
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = t.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        cur.push(*c);
        let ends = matches!(c, '.' | ';' | ':') && chars.get(i + 1).is_none_or(|n| *n == ' ');
        if ends || i + 1 == chars.len() {
            let s = cur
                .trim()
                .trim_start_matches("- ")
                .trim_start_matches("+ ")
                .trim()
                .to_string();
            if s.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
                out.push(archive_line(&s));
            }
            cur.clear();
        }
    }
    out
}

/// The archive line as Decree 30 prints it, "Lưu: VT, …." (the tool always writes it so,
/// from `archive:`): an original that types it "Lưu VT;" is compared by its contents. Only
/// an abbreviation follows "Lưu" there: "Lưu trữ, quản lý hồ sơ …" is a sentence.
fn archive_line(piece: &str) -> String {
    let abbreviation = |rest: &str| {
        rest.split_whitespace().next().is_some_and(|w| {
            let w = w.trim_end_matches([',', '.', ';']);
            !w.is_empty() && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        })
    };
    match piece.strip_prefix("Lưu") {
        Some(rest) if rest.starts_with(' ') && abbreviation(rest) => {
            format!("Lưu: {}.", rest.trim().trim_end_matches(['.', ';']).trim())
        }
        _ => piece.to_string(),
    }
}

/// Where the ordered part starts: the kind title of a plan or report, "Kính gửi" of a letter.
/// The header before it is laid out in two columns, so its pieces are only checked present.
/// The kind title may be a Markdown bold line or a plain line of its own (a text extracted
/// from a DOCX).
fn split_header(original: &str) -> (String, String) {
    for marker in ["**KẾ HOẠCH**", "**BÁO CÁO**", "**Kính gửi:**", "Kính gửi:"] {
        if let Some(at) = original.find(marker) {
            return (original[..at].to_string(), original[at..].to_string());
        }
    }
    let mut at = 0;
    for line in original.split_inclusive('\n') {
        if matches!(line.trim(), "KẾ HOẠCH" | "BÁO CÁO") {
            return (original[..at].to_string(), original[at..].to_string());
        }
        at += line.len();
    }
    (String::new(), original.to_string())
}

/// The header's pieces as (left column, right column), each in reading order. A Markdown
/// copy gives the header as a table (cells alternate left, right); a text extracted from a
/// DOCX gives it line by line, the national title, the motto and the place-and-date line being
/// the right column's.
fn header_columns(header: &str) -> (Vec<String>, Vec<String>) {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    if header.contains('|') {
        let cells: Vec<String> = header
            .split('|')
            .map(normalise)
            .filter(|c| !c.is_empty())
            .collect();
        for (i, c) in cells.into_iter().enumerate() {
            if i % 2 == 0 {
                left.push(c)
            } else {
                right.push(c)
            }
        }
        return (left, right);
    }
    for line in header.lines().map(normalise).filter(|l| !l.is_empty()) {
        let is_right = line.starts_with("CỘNG HÒA")
            || line.starts_with("Độc lập")
            || (line.contains(", ngày") && line.contains(" năm "));
        if is_right {
            right.push(line)
        } else {
            left.push(line)
        }
    }
    (left, right)
}

/// The two columns of the Markdown header table (the rows before the first blank line), each
/// as one normalised text.
fn markdown_columns(md: &str) -> (String, String) {
    let (mut left, mut right) = (String::new(), String::new());
    for line in md.lines().skip_while(|l| !l.starts_with('|')) {
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        if cells.iter().all(|c| c.trim().starts_with(":---")) {
            continue;
        }
        left.push_str(cells.first().copied().unwrap_or(""));
        left.push(' ');
        right.push_str(cells.get(1).copied().unwrap_or(""));
        right.push(' ');
    }
    (normalise(&left), normalise(&right))
}

/// The two columns of the DOCX header table (its first table), each as one normalised
/// text: the cells of both rows, left ones and right ones.
fn docx_header_columns(docx: &[u8]) -> (String, String) {
    let doc = common::docx_part(docx, "word/document.xml");
    let table = doc
        .split("<w:tbl>")
        .nth(1)
        .and_then(|t| t.split("</w:tbl>").next())
        .unwrap_or("");
    let (mut left, mut right) = (String::new(), String::new());
    for (i, cell) in table.split("<w:tc>").skip(1).enumerate() {
        let xml = format!("<w:tc>{}", cell.split("</w:tc>").next().unwrap_or(""));
        let text = common::docx_paragraphs(&format!("{xml}</w:tc>")).join(" ");
        let column = if i % 2 == 0 { &mut left } else { &mut right };
        column.push_str(&text);
        column.push(' ');
    }
    (normalise(&left), normalise(&right))
}

fn check_in_order(haystack: &str, needles: &[String], what: &str, case: &Path) {
    let mut at = 0;
    for n in needles {
        match haystack[at..].find(n.as_str()) {
            Some(pos) => at += pos + n.len(),
            None => panic!(
                "{}: \"{n}\" is {} in the {what}",
                case.display(),
                if haystack.contains(n.as_str()) {
                    "out of order"
                } else {
                    "missing"
                }
            ),
        }
    }
}

fn attr(xml: &str, element: &str, name: &str) -> Option<i64> {
    let at = xml.find(&format!("<{element} "))?;
    let rest = &xml[at..];
    let end = rest.find('>')?;
    let tag = &rest[..end];
    let key = format!("{name}=\"");
    let v = tag.find(&key)? + key.len();
    tag[v..].split('"').next()?.parse().ok()
}

/// The layout rules of FORMAT.md that every document keeps, as tests/docx_writer.rs checks
/// them on the sample: A4 and the margins, Times New Roman in every run, the header table
/// (two columns across the text width, the right one at least 10 cm, no borders), the page
/// number in the header from page 2 (titlePg), and the closing table.
fn check_layout(docx: &[u8], case: &Path) {
    let doc = common::docx_part(docx, "word/document.xml");
    let c = case.display();
    assert!(
        common::malformed_part(docx).is_none(),
        "{c}: malformed part"
    );
    assert_eq!(attr(&doc, "w:pgSz", "w:w"), Some(11906), "{c}: page width");
    assert_eq!(attr(&doc, "w:pgSz", "w:h"), Some(16838), "{c}: page height");
    for (side, tw) in [
        ("top", 1134),
        ("bottom", 1134),
        ("left", 1701),
        ("right", 851),
    ] {
        assert_eq!(
            attr(&doc, "w:pgMar", &format!("w:{side}")),
            Some(tw),
            "{c}: {side} margin"
        );
    }
    assert!(doc.contains("<w:titlePg"), "{c}: no page number on page 1");
    // every font named in the body is Times New Roman in all four slots, and so is the
    // default the named styles inherit
    let styles = common::docx_part(docx, "word/styles.xml");
    for (part, xml) in [("document.xml", &doc), ("styles.xml", &styles)] {
        let tags: Vec<&str> = xml
            .split("<w:rFonts ")
            .skip(1)
            .filter_map(|t| t.split('>').next())
            .collect();
        for t in &tags {
            for slot in ["w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"] {
                assert!(
                    t.contains(&format!(r#"{slot}="Times New Roman""#)),
                    "{c}: {part}: {slot} of <w:rFonts {t}>"
                );
            }
        }
        if part == "styles.xml" {
            assert!(!tags.is_empty(), "{c}: no default font in styles.xml");
        }
    }
    let tables: Vec<&str> = doc.split("<w:tbl>").skip(1).collect();
    assert!(tables.len() >= 2, "{c}: header and closing tables");
    let grid = |t: &str| -> Vec<i64> {
        t.split("<w:gridCol ")
            .skip(1)
            .take_while(|_| true)
            .filter_map(|g| g.split('"').nth(1)?.parse().ok())
            .take(2)
            .collect()
    };
    let header = tables[0].split("</w:tblGrid>").next().unwrap_or("");
    let g = grid(header);
    assert_eq!(g.iter().sum::<i64>(), 9355, "{c}: header table width {g:?}");
    assert!(g[1] >= 5670, "{c}: right column {}", g[1]);
    let header_borders = tables[0].split("</w:tblPr>").next().unwrap_or("");
    assert!(
        !header_borders.contains(r#"w:val="single""#),
        "{c}: header table has borders"
    );
    let closing = tables.last().copied().unwrap_or("");
    assert!(closing.contains("Nơi nhận:"), "{c}: closing table");
    let headers: String = (1..=2)
        .map(|n| common::docx_part(docx, &format!("word/header{n}.xml")))
        .collect();
    assert!(
        headers.contains("PAGE"),
        "{c}: page number field in the header"
    );
}

#[test]
fn every_sentence_of_each_original_is_in_both_outputs_and_the_layout_holds() {
    let cases = cases();
    assert!(cases.len() >= 3, "real fixtures missing: {cases:?}");
    let templates = Templates::builtin().unwrap();
    for case in &cases {
        let input = case.join("input.yaml");
        let text = std::fs::read_to_string(&input).unwrap();
        let out = compile::compile(&text, &input, &templates, &Project::default())
            .unwrap_or_else(|e| panic!("{}: {e:#?}", case.display()));
        assert!(
            case.join("SOURCE.md").is_file(),
            "{}: SOURCE.md names the source",
            case.display()
        );
        let original = std::fs::read_to_string(case.join("original.md")).unwrap();
        let (header, rest) = split_header(&original);
        let md = normalise(&out.markdown);
        let paras = common::docx_paragraphs(&common::docx_part(&out.docx, "word/document.xml"));
        let docx = normalise(&paras.join(" "));
        let ordered = sentences(&rest);
        assert!(ordered.len() > 10, "{}: {ordered:?}", case.display());
        check_in_order(&md, &ordered, "Markdown", case);
        check_in_order(&docx, &ordered, "DOCX", case);
        // The header is a table: left cells (issuer; number and V/v) and right cells
        // (national title and motto; place and date), in this order in the DOCX; the
        // Markdown table interleaves the rows, so each column is checked on its own there.
        let (left_cells, right_cells) = header_columns(&header);
        assert!(
            left_cells.len() >= 2 && right_cells.len() >= 2,
            "{}: header {left_cells:?} | {right_cells:?}",
            case.display()
        );
        // the DOCX reads the first row (issuer | title and motto), then the second (number |
        // place and date): each column in order, the number after the motto
        let (docx_left, docx_right) = docx_header_columns(&out.docx);
        check_in_order(&docx_left, &left_cells, "DOCX header's left column", case);
        check_in_order(
            &docx_right,
            &right_cells,
            "DOCX header's right column",
            case,
        );
        let (left, right) = markdown_columns(&out.markdown);
        check_in_order(&left, &left_cells, "Markdown header's left column", case);
        check_in_order(&right, &right_cells, "Markdown header's right column", case);
        check_layout(&out.docx, case);
    }
}

/// The lint on the originals' own texts, as tests/lint_corpus.rs runs it on its corpus: only
/// the real errors listed here. The originals cite documents with dates written out ("Quyết
/// định số 2138/QĐ-TTg ngày 27 tháng 9 năm 2025", "Nghị quyết liên tịch số 102/…, ngày 26
/// tháng 9 năm 2025"), which VB008 takes as dates, not as citations without one.
#[test]
fn the_lint_on_the_originals_finds_only_their_real_errors() {
    let expected = [
        // "để để thỏa thuận" in the closing sentence of the original
        "mttq-xa-luong-minh-ke-hoach-hiep-thuong-2: warning[VB007]: original.md:125:63: the word \"để\" is doubled: \"để để\"",
        // II.2 cites the province's plan as "16/KH-BTT-MTTQ" without a date (the basis gives
        // it, with the symbol in the other order: "16/KH-MTTQ-BTT ngày 23/12/2025")
        "mttq-xa-luong-minh-ke-hoach-tiep-cong-dan: warning[VB008]: original.md:59:146: the reference \"Kế hoạch số 16/KH-BTT-MTTQ\" gives no date",
        // "để các các tầng lớp nhân dân" in section I of the Sở's plan
        "svhtt-ha-noi-ke-hoach-dien-dan-truc-tuyen: warning[VB007]: original.md:23:18: the word \"các\" is doubled: \"các các\"",
    ];
    let mut got = Vec::new();
    for case in cases() {
        let text = std::fs::read_to_string(case.join("original.md")).unwrap();
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        for d in vanban::lint::text(&text, None, Path::new("original.md")) {
            got.push(format!(
                "{name}: {}",
                d.to_string().lines().next().unwrap_or("")
            ));
        }
    }
    assert_eq!(got, expected);
    let written_out = cases()
        .iter()
        .map(|c| std::fs::read_to_string(c.join("original.md")).unwrap())
        .filter(|t| {
            t.contains("ngày 27 tháng 9 năm 2025") || t.contains(", ngày 26 tháng 9 năm 2025")
        })
        .count();
    assert_eq!(
        written_out, 2,
        "the originals still cite with written-out dates"
    );
}

/// The lines of the header's left column as the DOCX gives them: each parent and issuer line
/// (paragraphs, or lines broken by meaning) and the number line; not a letter's "V/v …",
/// which may wrap.
fn left_header_lines(docx: &[u8]) -> Vec<String> {
    let doc = common::docx_part(docx, "word/document.xml");
    let table = doc.split("<w:tbl>").nth(1).unwrap_or("");
    let cells: Vec<&str> = table.split("<w:tc>").skip(1).collect();
    let mut lines = Vec::new();
    for (i, cell) in [(0, cells[0]), (2, cells[2])] {
        // a line break by meaning ends a line as a paragraph does
        let mut xml = String::new();
        let mut rest = cell.split("</w:tc>").next().unwrap_or("");
        while let Some(at) = rest.find("<w:br") {
            xml.push_str(&rest[..at]);
            xml.push_str("</w:r></w:p><w:p><w:r>");
            rest = &rest[at..];
            rest = &rest[rest.find('>').map_or(rest.len(), |e| e + 1)..];
        }
        xml.push_str(rest);
        let paras = common::docx_paragraphs(&format!("<w:tc>{xml}</w:tc>"));
        let paras: Vec<String> = paras.into_iter().filter(|p| !p.trim().is_empty()).collect();
        let take = if i == 0 { paras.len() } else { 1 };
        lines.extend(paras.into_iter().take(take));
    }
    lines
        .into_iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Each real document rendered by LibreOffice: every line of the header's left column (the
/// parent's and issuer's lines as written, the number) stays on one printed line, as the
/// offices print them ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 5095/SGDĐT-CTTTHSSV").
#[test]
fn the_header_lines_stay_whole_on_the_rendered_page() {
    if !common::render_tools("the rendering test") {
        return;
    }
    let templates = Templates::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for case in cases() {
        let input = case.join("input.yaml");
        let text = std::fs::read_to_string(&input).unwrap();
        let out = compile::compile(&text, &input, &templates, &Project::default()).unwrap();
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let docx = dir.path().join(format!("{name}.docx"));
        std::fs::write(&docx, &out.docx).unwrap();
        let st = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&docx)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(st.status.success(), "{name}: soffice: {st:?}");
        let pdf = dir.path().join(format!("{name}.pdf"));
        let txt = std::process::Command::new("pdftotext")
            .args(["-layout", "-f", "1", "-l", "1"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let page = String::from_utf8_lossy(&txt.stdout).to_string();
        let printed: Vec<String> = page
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let lines = left_header_lines(&out.docx);
        assert!(lines.len() >= 2, "{name}: {lines:?}");
        for line in &lines {
            assert!(
                printed.iter().any(|p| p.contains(line.as_str())),
                "{name}: \"{line}\" is not on one printed line:\n{page}"
            );
        }
    }
}
