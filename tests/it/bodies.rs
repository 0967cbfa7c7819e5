//! Bodies as real documents write them: numbering schemes per document and per section,
//! unnumbered sections and wrappers, headings as typed, run in or standalone.

use crate::common;

use std::path::Path;

use vanban::templates::Templates;

const HEAD: &str = "kind: plan
issuer: { parent: UBND TỈNH BẮC GIANG, name: SỞ Y TẾ, abbr: SYT, office: NVY }
year: 2026
place: Bắc Giang
summary: Thực hiện công tác y tế năm 2026
recipients: [UBND tỉnh (b/c)]
archive: [VT, NVY]
signature: { title: GIÁM ĐỐC, name: Nguyễn Văn A }
";

fn markdown(body: &str) -> String {
    let text = format!("{HEAD}{body}");
    let path = Path::new("plans/2026/test.yaml");
    vanban::compile::compile_markdown(
        &text,
        path,
        &Templates::builtin().unwrap(),
        &vanban::project::Project::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"))
}

fn body(md: &str) -> &str {
    let start = md.find("năm 2026**").unwrap();
    let end = md.find("**Nơi nhận:**").unwrap();
    &md[start + "năm 2026**".len()..end]
}

fn warnings(body: &str) -> Vec<String> {
    let text = format!("{HEAD}{body}");
    let path = Path::new("plans/2026/test.yaml");
    let (_, w) = vanban::compile::check(&text, path, &vanban::project::Project::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    w.iter().map(ToString::to_string).collect()
}

#[test]
fn default_numbering_is_the_samples() {
    let md = markdown(
        "sections:
  - title: MỤC ĐÍCH
    sections:
      - title: Mục đích
        sections:
          - title: Nhỏ
            sections:
              - { title: Điểm, text: Nội dung. }
              - { title: Điểm hai, text: Nội dung. }
",
    );
    let b = body(&md);
    assert!(b.contains("**I. MỤC ĐÍCH**"), "{b}");
    assert!(b.contains("**1. Mục đích**"), "{b}");
    assert!(b.contains("**1.1. Nhỏ**"), "{b}");
    assert!(b.contains("a) Điểm: Nội dung."), "{b}");
    assert!(b.contains("b) Điểm hai: Nội dung."), "{b}");
}

#[test]
fn a_report_style_numbering_with_letters_to_dj_and_dashes() {
    let md = markdown(
        "numbering: [arabic, letter, dash]
headings: standalone
sections:
  - title: Kết quả đạt được
    sections:
      - { title: Tuyên truyền, text: Một. }
      - { title: Kiểm tra, text: Hai. }
      - { title: Xử lý, text: Ba. }
      - { title: Hỗ trợ, text: Bốn. }
      - { title: Phối hợp, text: Năm. }
      - title: Khác
        sections:
          - text: Gạch đầu dòng.
  - title: Tồn tại, hạn chế
    text: Còn chậm.
",
    );
    let b = body(&md);
    for want in [
        "**1. Kết quả đạt được**",
        "**a) Tuyên truyền**\n\nMột.",
        "**d) Hỗ trợ**",
        "**đ) Phối hợp**",
        "**e) Khác**",
        "\\- Gạch đầu dòng.",
        "**2. Tồn tại, hạn chế**\n\nCòn chậm.",
    ] {
        assert!(b.contains(want), "missing {want:?} in\n{b}");
    }
}

#[test]
fn per_section_overrides_unnumbered_sections_and_wrappers() {
    let md = markdown(
        "sections:
  - title: MỤC ĐÍCH
    numbering: letter
    sections:
      - { title: Một, text: X. }
      - { title: Ghi chú, numbered: false, text: Không số. }
      - { title: Hai, text: Y. }
  - sections:
      - { title: Trong bọc, text: Z. }
  - title: TỔ CHỨC THỰC HIỆN
    heading: standalone
    text: Các đơn vị thực hiện.
",
    );
    let b = body(&md);
    for want in [
        "**I. MỤC ĐÍCH**",
        "**a) Một:** X.",
        "**Ghi chú:** Không số.",
        "**b) Hai:** Y.",
        // the wrapper prints nothing and is not counted; its child is numbered in its level
        "**1. Trong bọc:** Z.",
        "**II. TỔ CHỨC THỰC HIỆN**\n\nCác đơn vị thực hiện.",
    ] {
        assert!(b.contains(want), "missing {want:?} in\n{b}");
    }
    assert!(!b.contains("II. \n") && !b.contains("**II.**"), "{b}");
    assert!(!b.contains("III."), "{b}");
}

#[test]
fn headings_print_as_typed_and_vb009_asks_capitals_at_level_one() {
    let yaml = "sections:
  - title: Mục đích, yêu cầu
    text: X.
";
    let b = markdown(yaml);
    assert!(b.contains("**I. Mục đích, yêu cầu:** X."), "{b}");
    let w = warnings(yaml);
    assert!(
        w.iter()
            .any(|w| w.contains("VB009") && w.contains(":10:12:")),
        "{w:?}"
    );
    // with Arabic level 1 (sentence case is the convention), no warning
    let w = warnings(&format!("numbering: [arabic, letter]\n{yaml}"));
    assert!(!w.iter().any(|w| w.contains("VB009")), "{w:?}");
    let w = warnings("sections:\n  - title: MỤC ĐÍCH, YÊU CẦU\n    text: X.\n");
    assert!(!w.iter().any(|w| w.contains("VB009")), "{w:?}");
}

#[test]
fn a_bad_scheme_is_an_error_naming_the_schemes() {
    let text = format!("{HEAD}numbering: [greek]\n");
    let e = vanban::compile::check(&text, Path::new("x.yaml"), &Default::default()).unwrap_err();
    let s = format!("{}", e[0]);
    assert!(s.contains("roman, arabic, nested, letter"), "{s}");
}

fn docx(body: &str) -> Vec<u8> {
    let text = format!("{HEAD}{body}");
    vanban::compile::compile(
        &text,
        Path::new("plans/2026/test.yaml"),
        &Templates::builtin().unwrap(),
        &vanban::project::Project::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"))
    .docx
}

/// The XML of the `w:p` element holding `needle`.
fn paragraph_xml<'a>(xml: &'a str, needle: &str) -> &'a str {
    let at = xml.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
    let start = xml[..at].rfind("<w:p ").unwrap();
    let end = at + xml[at..].find("</w:p>").unwrap();
    &xml[start..end]
}

#[test]
fn standalone_headings_are_kept_with_the_next_paragraph() {
    let d = docx(
        "numbering: [arabic, letter]
headings: standalone
sections:
  - title: Ghi chú
    heading: run-in
    text: Không có.
  - title: Kết quả
    sections:
      - { title: Tuyên truyền, text: Đã tổ chức. }
      - { title: Kiểm tra, text: Đã kiểm tra. }
",
    );
    let xml = common::docx_part(&d, "word/document.xml");
    // kept with the next paragraph directly or by a heading style (whose w:keepNext the
    // styles test in tests/docx_writer.rs checks)
    let keeps = |needle: &str| {
        let p = paragraph_xml(&xml, needle);
        p.contains("<w:keepNext />") || p.contains(r#"<w:pStyle w:val="Heading"#)
    };
    assert!(keeps("2. Kết quả"));
    assert!(keeps("a) Tuyên truyền"));
    assert!(!keeps("Đã tổ chức."));
    assert!(!keeps("Không có."));
}

const TABLES: &str = "numbering: [arabic, letter]
sections:
  - title: Kết quả
    tables:
      - caption: Bảng 1. Kết quả kiểm tra
        header:
          - [{ text: TT, rows: 2 }, { text: Đơn vị, rows: 2 }, { text: Cơ sở, cols: 3 }]
          - [Tổng số, Vi phạm, Tỷ lệ]
        rows:
          - [1, Lục Ngạn, 12, 3, \"25,0%\"]
          - [2, Sơn Động, 8, 1, \"12,5%\"]
        note: \"Nguồn: báo cáo của các đơn vị.\"
      - header: [[Việc, Số lượng]]
        widths: [3, 1]
        rows:
          - [Tập huấn, 4]
  - title: Ghi chú
    text: >-
      Số liệu đến ngày 15/6[^1].


      [^1]: Chưa gồm huyện Yên Thế.
";

#[test]
fn clerk_tables_are_pipe_tables_unless_cells_merge() {
    let md = markdown(TABLES);
    let b = body(&md);
    for want in [
        "**Bảng 1. Kết quả kiểm tra**\n\n<!-- table 0 -->\n\n<table>",
        "<tr><th rowspan=\"2\">TT</th><th rowspan=\"2\">Đơn vị</th><th colspan=\"3\">Cơ sở</th></tr>",
        "<td align=\"right\">25,0%</td>",
        "*Nguồn: báo cáo của các đơn vị.*",
        "<!-- table 1 -->\n\n| Việc | Số lượng |\n| --- | ---: |\n| Tập huấn | 4 |",
        "[^1]: Chưa gồm huyện Yên Thế.",
    ] {
        assert!(b.contains(want), "missing {want:?} in\n{b}");
    }
}

#[test]
fn clerk_tables_merge_cells_and_footnotes_are_real_in_the_docx() {
    let d = docx(TABLES);
    let xml = common::docx_part(&d, "word/document.xml");
    assert!(xml.contains(r#"<w:gridSpan w:val="3" />"#), "no gridSpan");
    assert!(
        xml.contains(r#"<w:vMerge w:val="restart" />"#),
        "no vMerge restart"
    );
    assert!(
        xml.contains(r#"<w:vMerge w:val="continue" />"#),
        "no vMerge continue"
    );
    assert!(xml.contains("<w:tblHeader />"), "header rows do not repeat");
    assert_eq!(
        xml.matches("<w:tbl>").count(),
        4,
        "header, two clerk tables, closing"
    );
    assert!(
        !xml.contains("&lt;table"),
        "the HTML table is printed as text"
    );
    assert!(!xml.contains("[^1]"), "the footnote is printed literally");
    assert!(xml.contains(r#"<w:footnoteReference w:id="1" />"#));
    let notes = common::docx_part(&d, "word/footnotes.xml");
    assert!(notes.contains("<w:footnoteRef />"), "{notes}");
    assert!(notes.contains("Chưa gồm huyện Yên Thế."), "{notes}");
    // the second table's widths are 3:1 of the text width
    let widths: Vec<&str> = xml.split("<w:gridCol w:w=\"").skip(5).take(2).collect();
    assert_eq!(widths.len(), 2, "{widths:?}");
}

#[test]
fn the_real_plan_252_builds_with_its_numbering_table_and_footnote() {
    let path = common::root().join("tests/fixtures/real-bodies/ke-hoach-252-KH-BCDQG1237.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let out = vanban::compile::compile(
        &text,
        &path,
        &Templates::builtin().unwrap(),
        &vanban::project::Project::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    golden!(
        &common::root().join("tests/fixtures/real-bodies/ke-hoach-252-KH-BCDQG1237.md"),
        &out.markdown,
    );
    for want in [
        "**A. MỤC ĐÍCH, YÊU CẦU**",
        "**B. NỘI DUNG",
        "**I. CÔNG TÁC",
        "đ) Xây dựng",
        "e) Tuyên truyền",
    ] {
        assert!(out.markdown.contains(want), "{want}");
    }
    assert!(common::malformed_part(&out.docx).is_none());
}

fn reporting(text: &str) -> String {
    format!(
        "sections:
  - title: TỔ CHỨC THỰC HIỆN
    reporting: true
reporting:
  to: Sở Y tế
  text: {text}
  deadlines:
    - {{ deliverable: unit-plan, due: \"03-30\" }}
    - {{ deliverable: annual-report, due: \"11-15\" }}
"
    )
}

#[test]
fn the_reporting_duty_in_the_plans_own_words_keeps_its_deadlines_as_data() {
    let words = "Các đơn vị gửi kế hoạch triển khai trước ngày 30/3/2026 và báo cáo năm trước ngày 15 tháng 11 năm 2026 về Sở Y tế (Phòng Nghiệp vụ Y)./.";
    let md = markdown(&reporting(words));
    assert!(body(&md).contains(words), "{md}");
    assert!(!body(&md).contains("trước ngày **"), "{md}");
    let w = warnings(&reporting(words));
    assert!(!w.iter().any(|w| w.contains("VB010")), "{w:?}");
    // the text names 31/3 while the deadline is 30/3
    let w = warnings(&reporting(
        "Các đơn vị gửi kế hoạch trước ngày 31/3 và báo cáo năm trước ngày 15/11.",
    ));
    let vb010: Vec<&String> = w.iter().filter(|w| w.contains("VB010")).collect();
    assert_eq!(vb010.len(), 2, "{w:?}");
    assert!(
        vb010[0].contains("does not name the deadline 30/3"),
        "{vb010:?}"
    );
    assert!(vb010[1].contains("names 31/3"), "{vb010:?}");
    // the missing deadline at its `due`, the wrong date at the date in the text
    assert!(vb010[0].contains("test.yaml:16:33:"), "{vb010:?}");
    assert!(vb010[1].contains("test.yaml:14:39:"), "{vb010:?}");
}

#[test]
fn vb010_reads_dates_joined_to_a_first_ngay() {
    // "trước ngày 01/6 và 15/11 hằng năm" (plan 617/KH-UBND of Đồng Tháp): one "ngày", two dates
    let plan = |text: &str, due: &[&str]| {
        let deadlines: Vec<String> = due
            .iter()
            .zip([
                "six-month-report",
                "annual-report",
                "quarter-3-report",
                "nine-month-report",
            ])
            .map(|(d, k)| format!("    - {{ deliverable: {k}, due: \"{d}\" }}\n"))
            .collect();
        format!(
            "sections:\n  - {{ title: TỔ CHỨC THỰC HIỆN, reporting: true }}\nreporting:\n  to: Sở Y tế\n  text: {text}\n  deadlines:\n{}",
            deadlines.concat()
        )
    };
    let vb010 = |body: String| -> Vec<String> {
        warnings(&body)
            .into_iter()
            .filter(|w| w.contains("VB010"))
            .collect()
    };
    let w = vb010(plan(
        "Định kỳ trước ngày 01/6 và 15/11 hằng năm báo cáo về Sở Y tế.",
        &["06-01", "11-15"],
    ));
    assert!(w.is_empty(), "{w:?}");
    let w = vb010(plan(
        "Báo cáo trước ngày 10/3, 10/6, 10/9 và 10/12.",
        &["03-10", "06-10", "09-10", "12-10"],
    ));
    assert!(w.is_empty(), "{w:?}");
    // a joined date that is no deadline is still found, at its place
    let w = vb010(plan(
        "Báo cáo trước ngày 01/6 và 16/11.",
        &["06-01", "11-15"],
    ));
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[1].contains("names 16/11") && w[1].contains(":13:36:"),
        "{w:?}"
    );
}

#[test]
fn vb010_points_at_the_date_in_plain_quoted_and_block_texts() {
    let vb010 = |text: &str| -> Vec<String> {
        warnings(&reporting(text))
            .into_iter()
            .filter(|w| w.contains("names 31/3"))
            .collect()
    };
    // double-quoted, with an escape before the date: the second mention is the wrong one
    let w =
        vb010(r#""Gửi \"kế hoạch\" trước ngày 30/3, báo cáo trước ngày 15/11 và lại ngày 31/3.""#);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("test.yaml:14:76:"), "{w:?}");
    // a folded block: the date is on the block's second line
    let w = vb010(
        ">-\n    Gửi kế hoạch trước ngày 30/3, báo cáo trước\n    ngày 15/11, bổ sung ngày 31/3.",
    );
    assert!(w[0].contains("test.yaml:16:25:"), "{w:?}");
    // "ngày 31 tháng 3" split over two lines of a literal block
    let w = vb010("|\n    Trước ngày 30/3 và ngày 15/11; ngày\n    31 tháng 3 nữa.");
    assert!(w[0].contains("test.yaml:15:36:"), "{w:?}");
}

#[test]
fn vb006_leaves_target_years_cited_dates_and_next_years_plans_alone() {
    let vb006 = |summary: &str| -> Vec<String> {
        let head = HEAD.replace(
            "summary: Thực hiện công tác y tế năm 2026",
            &format!("summary: {summary}"),
        );
        let text = format!("{head}sections:\n  - {{ title: MỤC ĐÍCH, text: Một. }}\n");
        let (_, w) = vanban::compile::check(
            &text,
            Path::new("plans/2026/test.yaml"),
            &vanban::project::Project::default(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        w.iter()
            .map(ToString::to_string)
            .filter(|w| w.contains("VB006"))
            .collect()
    };
    assert!(vb006("Thực hiện Đề án đến năm 2030").is_empty());
    assert!(vb006("Thực hiện Quyết định số 12/QĐ-UBND ngày 27 tháng 7 năm 2013").is_empty());
    assert!(
        vb006("Quan trắc môi trường năm 2027").is_empty(),
        "next year's plan"
    );
    // copied from last year's plan
    let w = vb006("Thực hiện công tác y tế năm 2025");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("names the year 2025"), "{w:?}");
    assert_eq!(
        vb006("Kế hoạch năm 2030").len(),
        1,
        "a year far ahead is still flagged"
    );
}

const APPENDICES: &str = "number: 45
date: 2026-03-12
sections:
  - title: MỤC ĐÍCH
    text: Chi tiết tại [[chi-tieu]]; danh sách tại [[danh-sach]] kèm theo.
appendices:
  - id: chi-tieu
    title: Chỉ tiêu năm 2026
    text: Các chỉ tiêu theo [[danh-sach]].
    tables:
      - header:
          - [{ text: STT, rows: 2 }, { text: Đơn vị, rows: 2 }, { text: Kết quả, cols: 2 }]
          - [Số, Tỷ lệ]
        rows:
          - [1, Xã A, 12, \"50%\"]
  - id: danh-sach
    title: Danh sách đơn vị
    orientation: landscape
    sections:
      - title: Nhóm một
        text: Nội dung.
        tables:
          - header: [[Đơn vị, Số]]
            rows: [[Xã A, 1]]
";

#[test]
fn appendices_print_after_the_signature_with_their_numbers_and_the_attached_line() {
    let md = markdown(APPENDICES);
    let signer = md.find("**Nguyễn Văn A**").unwrap();
    let one = md.find("**Phụ lục I**").unwrap();
    let two = md.find("**Phụ lục II**").unwrap();
    assert!(signer < one && one < two, "{md}");
    for want in [
        "Chi tiết tại Phụ lục I; danh sách tại Phụ lục II kèm theo.",
        "---\n\n**Phụ lục I**  \n**CHỈ TIÊU NĂM 2026**  \n*(Kèm theo Kế hoạch số 45/KH-SYT ngày 12/3/2026 của Sở y tế)*",
        "Các chỉ tiêu theo Phụ lục II.",
        "<th colspan=\"2\">Kết quả</th>",
        "**DANH SÁCH ĐƠN VỊ**",
        "**I. Nhóm một:** Nội dung.",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    assert!(!md.contains("[["), "{md}");
}

#[test]
fn one_appendix_is_phu_luc_alone_and_a_text_not_issued_leaves_the_blanks() {
    let one = "sections:
  - title: MỤC ĐÍCH
    text: Chi tiết tại [[chi-tieu]].
appendices:
  - id: chi-tieu
    title: Chỉ tiêu
    text: Một.
";
    // a draft: no number, no date
    let md = markdown(one);
    assert!(md.contains("Chi tiết tại Phụ lục."), "{md}");
    assert!(md.contains("**Phụ lục**  \n"), "{md}");
    assert!(
        md.contains(
            "*(Kèm theo Kế hoạch số      /KH-SYT ngày      tháng      năm 2026 của Sở y tế)*"
        ),
        "{md}"
    );
    // for signature with the month known: the month is printed, the day and number are not
    let md = markdown(&format!("status: for-signature\ndate: 2026-06\n{one}"));
    assert!(
        md.contains("(Kèm theo Kế hoạch số      /KH-SYT ngày      tháng 6 năm 2026 của Sở y tế)"),
        "{md}"
    );
    // a number and a date written but still a draft: blank
    let md = markdown(&format!(
        "status: draft\nnumber: 7\ndate: 2026-06-15\n{one}"
    ));
    assert!(
        md.contains("số      /KH-SYT ngày      tháng      năm 2026"),
        "{md}"
    );
}

fn errors(body: &str) -> Vec<String> {
    let text = format!("{HEAD}{body}");
    let path = Path::new("plans/2026/test.yaml");
    match vanban::compile::check(&text, path, &vanban::project::Project::default()) {
        Ok(_) => Vec::new(),
        Err(e) => e.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn bad_appendices_and_unknown_references_are_located_errors() {
    let e = errors(
        "sections:
  - title: MỤC ĐÍCH
    text: Xem [[chi-tieu]] và [[khong-co]].
appendices:
  - id: chi-tieu
    title: Chỉ tiêu
    text: Một.
  - id: chi-tieu
    title: Chỉ tiêu hai
    text: Hai.
  - id: trong
    title: Trống
",
    );
    let all = e.join("\n");
    // HEAD has 8 lines: `sections:` is line 9
    assert!(
        all.contains("test.yaml:11:31: no appendix has the id `khong-co`"),
        "{all}"
    );
    assert!(all.contains("[[chi-tieu]], [[trong]]"), "{all}");
    assert!(
        all.contains("test.yaml:16:5: the appendix id `chi-tieu` is used twice"),
        "{all}"
    );
    assert!(
        all.contains("also: plans/2026/test.yaml:13:5: `chi-tieu` is used first here"),
        "the first one is the second place: {all}"
    );
    assert!(
        all.contains("test.yaml:19:5: the appendix is empty"),
        "{all}"
    );
    let e = errors("sections:\n  - { title: A, text: \"Xem [[x]].\" }\n");
    assert!(
        e.join("\n")
            .contains("test.yaml:10:28: no appendix has the id `x`"),
        "{e:?}"
    );
    assert!(e.join("\n").contains("this document has none"), "{e:?}");
}

#[test]
fn each_appendix_is_a_section_with_its_own_page_numbers_and_a_landscape_one_turns() {
    let d = docx(APPENDICES);
    let xml = common::docx_part(&d, "word/document.xml");
    let sections: Vec<&str> = xml.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sections.len(), 3, "the text, Phụ lục I, Phụ lục II");
    let (text, one, two) = (sections[0], sections[1], sections[2]);
    // the text: A4 portrait, headers (page numbers from page 2 on), no restart
    assert!(
        text.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#),
        "{text}"
    );
    assert!(text.contains("<w:headerReference"), "{text}");
    assert!(!text.contains("<w:pgNumType"), "{text}");
    // each appendix: new page (default section type), numbers from 1, none on its first page
    for s in [one, two] {
        assert!(s.contains(r#"<w:pgNumType w:start="1" />"#), "{s}");
        assert!(s.contains("<w:titlePg />"), "{s}");
        assert!(!s.contains("<w:type "), "{s}");
    }
    assert!(
        one.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#),
        "{one}"
    );
    assert!(
        two.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />"#),
        "{two}"
    );
    assert!(
        two.contains(r#"w:top="1701""#),
        "the bound edge keeps 30 mm: {two}"
    );
    // the heading is centred and bold, the attached line italic
    let label = paragraph_xml(&xml, ">Phụ lục I<");
    assert!(label.contains(r#"<w:pStyle w:val="Title" />"#), "{label}");
    let attached = paragraph_xml(&xml, "(Kèm theo Kế hoạch số 45/KH-SYT");
    assert!(attached.contains("<w:i />"), "{attached}");
    // the landscape table spans the landscape text width
    assert!(
        xml.contains(r#"<w:tblW w:w="14570" w:type="dxa" />"#),
        "{xml}"
    );
    assert!(common::malformed_part(&d).is_none());
}

#[test]
fn the_real_plan_617_of_dong_thap_builds_with_its_lists_to_dj_and_one_appendix() {
    let path =
        common::root().join("tests/fixtures/real-bodies/ke-hoach-617-KH-UBND-dong-thap-2025.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let project = vanban::project::Project::default();
    let (_, warnings) = vanban::compile::check(&text, &path, &project).unwrap();
    assert!(warnings.is_empty(), "{warnings:#?}");
    let out = vanban::compile::compile(&text, &path, &Templates::builtin().unwrap(), &project)
        .unwrap_or_else(|e| panic!("{e:?}"));
    golden!(
        &common::root().join("tests/fixtures/real-bodies/ke-hoach-617-KH-UBND-dong-thap-2025.md"),
        &out.markdown,
    );
    for want in [
        "đ) Đến hết năm 2045: 100% DNNVV",
        "h) Hỗ trợ doanh nghiệp nhỏ và vừa",
        "**Phụ lục**  \n**DANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM**  \n*(Kèm theo Kế hoạch số 617/KH-UBND ngày 01/12/2025 của Ủy ban nhân dân tỉnh)*",
        "<td colspan=\"5\">I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY</td>",
    ] {
        assert!(out.markdown.contains(want), "missing {want:?}");
    }
    assert!(common::malformed_part(&out.docx).is_none());
}

#[test]
fn the_real_plan_235_of_thanh_hoa_builds_with_its_three_appendices() {
    let path =
        common::root().join("tests/fixtures/real-bodies/ke-hoach-235-KH-UBND-thanh-hoa-2025.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let out = vanban::compile::compile(
        &text,
        &path,
        &Templates::builtin().unwrap(),
        &vanban::project::Project::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    golden!(
        &common::root().join("tests/fixtures/real-bodies/ke-hoach-235-KH-UBND-thanh-hoa-2025.md"),
        &out.markdown,
    );
    for want in [
        "(chi tiết tại Phụ lục I, Phụ lục II, Phụ lục III kèm theo).",
        "**Phụ lục III**",
        "*(Kèm theo Kế hoạch số 235/KH-UBND ngày 18/11/2025 của UBND tỉnh Thanh Hóa)*",
        "<th colspan=\"4\">Đối tượng quan trắc</th>",
        "<td rowspan=\"2\" align=\"right\">1</td>",
    ] {
        assert!(out.markdown.contains(want), "missing {want:?}");
    }
    let xml = common::docx_part(&out.docx, "word/document.xml");
    assert_eq!(xml.matches("<w:pgNumType w:start=\"1\" />").count(), 3);
    assert_eq!(xml.matches("w:orient=\"landscape\"").count(), 1);
    assert!(common::malformed_part(&out.docx).is_none());
}

#[test]
fn a_letter_in_the_old_layout_carries_an_appendix_with_its_page_numbers_in_the_footer() {
    let text = "kind: letter
issuer: { name: SỞ Y TẾ, abbr: SYT, office: NVY, name_in_text: Sở Y tế }
number: 12
date: 2019-03-09
year: 2019
layout: circular-01-2011
place: Bắc Giang
summary: báo cáo số liệu
text: Đề nghị các đơn vị báo cáo theo mẫu tại [[mau]].
recipients: [Các đơn vị]
archive: [VT, NVY]
signature: { title: GIÁM ĐỐC, name: Nguyễn Văn A }
appendices:
  - id: mau
    title: Mẫu báo cáo
    tables:
      - header: [[TT, Nội dung, Số liệu]]
        rows: [[1, Số ca, \"\"]]
";
    let out = vanban::compile::compile(
        text,
        Path::new("plans/2019/cv.yaml"),
        &Templates::builtin().unwrap(),
        &vanban::project::Project::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        out.markdown.contains("theo mẫu tại Phụ lục."),
        "{}",
        out.markdown
    );
    assert!(
        out.markdown
            .contains("*(Kèm theo Công văn số 12/SYT-NVY ngày 09/3/2019 của Sở Y tế)*"),
        "{}",
        out.markdown
    );
    let xml = common::docx_part(&out.docx, "word/document.xml");
    let sections: Vec<&str> = xml.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sections.len(), 2);
    // the footers (page numbers at the bottom right) go on, numbered from 1 again
    assert!(
        sections[1].contains("<w:footerReference"),
        "{}",
        sections[1]
    );
    assert!(sections[1].contains(r#"<w:pgNumType w:start="1" />"#));
    assert!(common::malformed_part(&out.docx).is_none());
}

#[test]
fn a_reports_figures_table_may_go_to_an_appendix() {
    let (project, problems) = vanban::project::Project::load(&common::root().join("plans"));
    assert!(problems.is_empty(), "{problems:#?}");
    let path = project.root.join("2018/bao-cao/6-thang/ttyt-luc-nam.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    // the tasks table moves from section II.2 to an appendix
    let moved = text.replace(
        "      - title: Các nhiệm vụ\n        table: tasks\n",
        "      - title: Các nhiệm vụ\n        text: Kết quả từng nhiệm vụ tại [[nhiem-vu]].\n",
    ) + "appendices:\n  - id: nhiem-vu\n    title: Kết quả thực hiện các nhiệm vụ\n    sections:\n      - { numbered: false, table: tasks }\n";
    assert_ne!(moved, text);
    let out = vanban::compile::compile(&moved, &path, &Templates::builtin().unwrap(), &project)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let md = &out.markdown;
    let appendix = md.find("**Phụ lục**").unwrap_or_else(|| panic!("{md}"));
    assert!(md.contains("Kết quả từng nhiệm vụ tại Phụ lục."), "{md}");
    assert!(
        md[appendix..].contains("| Tập huấn nâng cao năng lực |"),
        "{md}"
    );
    assert!(
        !md[..appendix].contains("| Tập huấn nâng cao năng lực |"),
        "{md}"
    );
    let xml = common::docx_part(&out.docx, "word/document.xml");
    // the main text's section ends before the appendix: the table is after it
    let end_of_text = xml.find("<w:sectPr>").unwrap();
    assert!(xml[end_of_text..].contains("Tập huấn nâng cao năng lực"));
    assert!(!xml[..end_of_text].contains("Tập huấn nâng cao năng lực"));
    // a plan has no figures: `table:` in its appendix is an error, as in its body
    let e = errors(
        "sections:\n  - { title: A, text: Một. }\nappendices:\n  - id: x\n    title: X\n    sections:\n      - { table: tasks }\n",
    );
    assert!(
        e.join("\n")
            .contains("a plan has no figures to show in a table"),
        "{e:?}"
    );
}

#[test]
fn footnotes_of_the_text_and_of_the_appendices_have_their_own_ids() {
    let d = docx(
        "sections:
  - title: NỘI DUNG
    text: \"Xem [[a]][^1].\\n\\n[^1]: Ghi chú của văn bản.\"
appendices:
  - id: a
    title: Một
    text: \"Đoạn[^1] và đoạn[^2].\\n\\n[^1]: Ghi chú một.\\n\\n[^2]: Ghi chú hai.\"
",
    );
    let notes = common::docx_part(&d, "word/footnotes.xml");
    for (id, text) in [
        (1, "Ghi chú của văn bản."),
        (2, "Ghi chú một."),
        (3, "Ghi chú hai."),
    ] {
        let at = notes
            .find(&format!("<w:footnote w:id=\"{id}\""))
            .unwrap_or_else(|| panic!("no footnote {id}: {notes}"));
        assert!(notes[at..].contains(text), "{notes}");
    }
    assert_eq!(
        notes.matches("<w:footnote w:id=\"1\"").count(),
        1,
        "{notes}"
    );
    assert!(common::malformed_part(&d).is_none());
}

#[test]
fn a_note_referred_to_twice_is_one_footnote_and_its_number_again() {
    let d = docx(
        "sections:
  - title: NỘI DUNG
    text: \"Một[^1] và lại một[^1].\\n\\n[^1]: Ghi chú.\"
",
    );
    let notes = common::docx_part(&d, "word/footnotes.xml");
    assert_eq!(
        notes.matches("<w:footnote w:id=\"1\"").count(),
        1,
        "{notes}"
    );
    let xml = common::docx_part(&d, "word/document.xml");
    assert_eq!(xml.matches("<w:footnoteReference").count(), 1, "{xml}");
    let again = paragraph_xml(&xml, "lại một");
    assert!(
        again.contains(
            r#"<w:vertAlign w:val="superscript" /></w:rPr><w:t xml:space="preserve">1</w:t>"#
        ),
        "{again}"
    );
}

#[test]
fn an_item_id_used_twice_points_at_both() {
    let e = errors(
        "sections:
  - title: MỤC ĐÍCH
    items:
      - id: tap-huan
        text: Tập huấn.
  - title: NỘI DUNG
    items:
      - text: Tuyên truyền.
      - id: tap-huan
        text: Tập huấn lần hai.
",
    );
    let all = e.join("\n");
    // HEAD has 8 lines: `sections:` is line 9
    assert!(
        all.contains("test.yaml:17:9: the id `tap-huan` is used twice"),
        "{all}"
    );
    assert!(
        all.contains("also: plans/2026/test.yaml:12:9: `tap-huan` is used first here"),
        "{all}"
    );
}
