//! The frame of documents of any issuer: issuer names on lines, signature chains of any
//! length, the lifecycle (draft, for signature, issued), reports by any issuer and periods.

use crate::common;

use std::path::Path;

use vanban::compile;
use vanban::error::Diagnostic;
use vanban::project::Project;
use vanban::templates::Templates;

fn compile(yaml: &str) -> Result<compile::Outputs, Vec<Diagnostic>> {
    let templates = Templates::builtin().unwrap();
    compile::compile(yaml, Path::new("x.yaml"), &templates, &Project::default())
}

fn ok(yaml: &str) -> compile::Outputs {
    compile(yaml).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn paragraphs(docx: &[u8]) -> Vec<String> {
    common::docx_paragraphs(&common::docx_part(docx, "word/document.xml"))
}

const UBND_PLAN: &str = r#"kind: plan
issuer: { name: [ỦY BAN NHÂN DÂN, TỈNH BẮC GIANG], abbr: UBND }
number: 45
date: 2026-03-12
year: 2026
place: Bắc Giang
summary: Triển khai công tác phòng, chống dịch bệnh năm 2026
preamble: Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau.
sections:
  - title: MỤC ĐÍCH, YÊU CẦU
    text: Chủ động phòng, chống dịch bệnh.
recipients: [Bộ Y tế (b/c)]
archive: [VT, KGVX]
signature:
  authority: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]
  title: PHÓ CHỦ TỊCH THƯỜNG TRỰC
  name: Mai Sơn
"#;

#[test]
fn issuer_lines_and_a_three_line_chain_in_markdown_and_docx() {
    let out = ok(UBND_PLAN);
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    let md = &out.markdown;
    assert!(
        md.contains(
            "| **ỦY BAN NHÂN DÂN**<br>**TỈNH BẮC GIANG** | **Độc lập - Tự do - Hạnh phúc** |"
        ),
        "{md}"
    );
    // the header table keeps its three rows
    assert_eq!(md.lines().filter(|l| l.starts_with('|')).count(), 4, "{md}");
    assert!(md
        .contains("**TM. ỦY BAN NHÂN DÂN**  \n**KT. CHỦ TỊCH**  \n**PHÓ CHỦ TỊCH THƯỜNG TRỰC**\n"));
    assert!(md.contains("Số: 45/KH-UBND"));
    let paras = paragraphs(&out.docx);
    // the issuer's two lines are one paragraph with a break (so the rule stays under both)
    assert!(
        paras.iter().any(|p| p == "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG"),
        "{paras:#?}"
    );
    let at = paras
        .iter()
        .position(|p| p == "TM. ỦY BAN NHÂN DÂN")
        .expect("TM. line");
    assert_eq!(paras[at + 1], "KT. CHỦ TỊCH");
    assert_eq!(paras[at + 2], "PHÓ CHỦ TỊCH THƯỜNG TRỰC");
    let xml = common::docx_part(&out.docx, "word/document.xml");
    assert!(
        xml.contains("<w:t xml:space=\"preserve\">ỦY BAN NHÂN DÂN</w:t>")
            || xml.contains(">ỦY BAN NHÂN DÂN</w:t>")
    );
    assert!(
        xml.contains("<w:br"),
        "the issuer's lines are joined by a break"
    );
}

#[test]
fn the_chain_is_checked() {
    let wrong = UBND_PLAN.replace(
        "authority: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]",
        "authority: [KT. CHỦ TỊCH, TM. ỦY BAN NHÂN DÂN]",
    );
    let out = ok(&wrong);
    let vb004: Vec<_> = out
        .warnings
        .iter()
        .filter(|d| d.code == Some("VB004"))
        .collect();
    assert!(
        vb004
            .iter()
            .any(|d| d.message.contains("`TM.` is not the first line")),
        "{vb004:#?}"
    );
    let bad = UBND_PLAN.replace("KT. CHỦ TỊCH]", "KTT CHỦ TỊCH]");
    let errs = compile(&bad).unwrap_err();
    assert!(errs[0].message.contains("has no prefix"), "{errs:#?}");
    assert_eq!(errs[0].line, Some(15));
    // TL. under TM.: "TM. ỦY BAN NHÂN DÂN / TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG" is fine
    let tl = UBND_PLAN
        .replace("KT. CHỦ TỊCH", "TL. CHỦ TỊCH")
        .replace("PHÓ CHỦ TỊCH THƯỜNG TRỰC", "CHÁNH VĂN PHÒNG");
    assert!(ok(&tl).warnings.is_empty());
    // KT. in a chain is still signed by a deputy
    let kt = UBND_PLAN.replace("PHÓ CHỦ TỊCH THƯỜNG TRỰC", "CHÁNH VĂN PHÒNG");
    assert!(ok(&kt).warnings.iter().any(|d| d.code == Some("VB004")));
}

#[test]
fn a_text_for_signature_has_no_mark_and_leaves_number_and_day_blank() {
    let yaml = UBND_PLAN
        .replace("number: 45\n", "status: for-signature\n")
        .replace("date: 2026-03-12", "date: 2026-06");
    let out = ok(&yaml);
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    assert!(!out.markdown.contains("DỰ THẢO"));
    assert!(out.markdown.contains("Số:      /KH-UBND"));
    assert!(
        out.markdown
            .contains("Bắc Giang, ngày      tháng 6 năm 2026"),
        "{}",
        out.markdown
    );
    let paras = paragraphs(&out.docx);
    assert!(!paras.iter().any(|p| p.contains("DỰ THẢO")));
    assert!(paras
        .iter()
        .any(|p| p == "Bắc Giang, ngày      tháng 6 năm 2026"));
    // month unknown: both blank
    let yaml = UBND_PLAN
        .replace("number: 45\n", "status: for-signature\n")
        .replace("date: 2026-03-12\n", "");
    assert!(ok(&yaml)
        .markdown
        .contains("Bắc Giang, ngày      tháng      năm 2026"));
    // a draft keeps its mark
    let yaml = UBND_PLAN
        .replace("number: 45\n", "status: draft\n")
        .replace("date: 2026-03-12\n", "");
    let out = ok(&yaml);
    assert!(out.markdown.starts_with("**DỰ THẢO**"));
    assert!(paragraphs(&out.docx).iter().any(|p| p == "DỰ THẢO"));
    // issued needs the full date
    let yaml = UBND_PLAN
        .replace("number: 45\n", "number: 45\nstatus: issued\n")
        .replace("date: 2026-03-12", "date: 2026-06");
    let errs = compile(&yaml).unwrap_err();
    assert!(errs[0].message.contains("full date"), "{errs:#?}");
    // the older spelling `signed` still means issued
    let yaml = UBND_PLAN.replace("number: 45\n", "number: 45\nstatus: signed\n");
    assert!(ok(&yaml).markdown.contains("Số: 45/KH-UBND"));
}

#[test]
fn a_text_for_signature_on_a_fixed_day_leaves_only_the_number_blank() {
    // the day of issue is set (signed at a meeting): `date_fixed` prints it
    let yaml = UBND_PLAN.replace("number: 45\n", "status: for-signature\ndate_fixed: true\n");
    let out = ok(&yaml);
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    assert!(!out.markdown.contains("DỰ THẢO"));
    assert!(
        out.markdown
            .contains("| Số:      /KH-UBND | *Bắc Giang, ngày 12 tháng 3 năm 2026* |"),
        "{}",
        out.markdown
    );
    let paras = paragraphs(&out.docx);
    assert!(paras.iter().any(|p| p == "Số:      /KH-UBND"), "{paras:#?}");
    assert!(paras
        .iter()
        .any(|p| p == "Bắc Giang, ngày 12 tháng 3 năm 2026"));
    // without it, the day is left blank and the warning names the way to keep it
    let yaml = UBND_PLAN.replace("number: 45\n", "status: for-signature\n");
    let out = ok(&yaml);
    assert!(out
        .markdown
        .contains("Bắc Giang, ngày      tháng 3 năm 2026"));
    assert!(
        out.warnings.iter().any(|d| d
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("date_fixed: true"))),
        "{:#?}",
        out.warnings
    );
    // it needs the full day, at its line
    let yaml = UBND_PLAN
        .replace("number: 45\n", "status: for-signature\ndate_fixed: true\n")
        .replace("date: 2026-03-12", "date: 2026-03");
    let errs = compile(&yaml).unwrap_err();
    assert!(errs[0].message.contains("date_fixed"), "{errs:#?}");
    assert_eq!(errs[0].line, Some(4), "{errs:#?}");
    // a number written for signature is still not printed
    let yaml = UBND_PLAN.replace(
        "number: 45\n",
        "number: 45\nstatus: for-signature\ndate_fixed: true\n",
    );
    let out = ok(&yaml);
    assert!(
        out.markdown.contains("Số:      /KH-UBND"),
        "{}",
        out.markdown
    );
    assert!(out
        .warnings
        .iter()
        .any(|d| d.message.contains("number written here")));
    // elsewhere it has no effect, and says so
    for (status, why) in [
        ("issued", "prints its date anyway"),
        ("draft", "a draft prints"),
    ] {
        let yaml = UBND_PLAN.replace(
            "number: 45\n",
            &format!("number: 45\nstatus: {status}\ndate_fixed: true\n"),
        );
        let w = ok(&yaml).warnings;
        assert!(
            w.iter()
                .any(|d| d.message.contains("only for a text for signature")
                    && d.message.contains(why)),
            "{status}: {w:#?}"
        );
    }
    // the lint compares cited documents with the printed day
    let cites_later = UBND_PLAN
        .replace("number: 45\n", "status: for-signature\ndate_fixed: true\n")
        .replace(
            "preamble: Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau.",
            "preamble: Thực hiện Công văn số 125/BYT-DP ngày 20/3/2026 của Bộ Y tế, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau.",
        );
    let w = ok(&cites_later).warnings;
    assert!(w.iter().any(|d| d.code == Some("VB008")), "{w:#?}");
    let open_day = cites_later.replace("date_fixed: true\n", "");
    let w = ok(&open_day).warnings;
    assert!(!w.iter().any(|d| d.code == Some("VB008")), "{w:#?}");
    // a công văn takes it too
    let letter = LETTER.replace("number: 12\n", "status: for-signature\ndate_fixed: true\n");
    let md = ok(&letter).markdown;
    assert!(
        md.contains("| Số:      /SYT-NVY | *Bắc Giang, ngày 09 tháng 3 năm 2026* |"),
        "{md}"
    );
}

const SO_REPORT: &str = r#"kind: report
issuer: { parent: UBND TỈNH BẮC GIANG, name: SỞ Y TẾ, abbr: SYT, office: NVY, name_in_text: Sở Y tế }
answers: Công văn số 125/BYT-KHTC ngày 10/01/2026 của Bộ Y tế
period: annual
year: 2025
status: for-signature
date: 2026-01
place: Bắc Giang
summary: Kết quả thực hiện công tác y tế năm 2025
to: [Bộ Y tế, UBND tỉnh Bắc Giang]
sections:
  - title: KẾT QUẢ THỰC HIỆN
    text: Các chỉ tiêu năm 2025 đều đạt.
recipients: [Như trên]
archive: [VT, NVY]
signature: { authority: KT, head: GIÁM ĐỐC, title: PHÓ GIÁM ĐỐC, name: Trần Văn Sinh }
"#;

#[test]
fn a_report_by_any_issuer_for_year_n_issued_in_n_plus_1() {
    let out = ok(SO_REPORT);
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    let md = &out.markdown;
    assert!(md.contains("Số:      /BC-SYT"));
    assert!(
        md.contains("Bắc Giang, ngày      tháng 01 năm 2026"),
        "{md}"
    );
    assert!(
        md.contains("Kính gửi:\n\n- Bộ Y tế;\n- UBND tỉnh Bắc Giang.\n"),
        "{md}"
    );
    assert!(md.contains(
        "Thực hiện Công văn số 125/BYT-KHTC ngày 10/01/2026 của Bộ Y tế, Sở Y tế báo cáo kết quả thực hiện công tác y tế năm 2025 như sau:"
    ), "{md}");
    assert!(
        md.contains("Trên đây là báo cáo kết quả thực hiện công tác y tế năm 2025 của Sở Y tế./.")
    );
    // one addressee is written on the line, in YAML as in print
    let one = ok(&SO_REPORT.replace("to: [Bộ Y tế, UBND tỉnh Bắc Giang]", "to: Bộ Y tế"));
    assert!(
        one.markdown.contains("Kính gửi: Bộ Y tế\n"),
        "{}",
        one.markdown
    );
    let listed = ok(&SO_REPORT.replace("to: [Bộ Y tế, UBND tỉnh Bắc Giang]", "to: [Bộ Y tế]"));
    assert_eq!(one.markdown, listed.markdown);
    assert_eq!(one.docx, listed.docx);
    let errs = compile(&SO_REPORT.replace("to: [Bộ Y tế, UBND tỉnh Bắc Giang]", "to: { a: b }"))
        .unwrap_err();
    assert_eq!(errs[0].line, Some(10), "{errs:#?}");
    // no unit, no plan: nothing else is needed
    let no_place = SO_REPORT.replace("place: Bắc Giang\n", "");
    let errs = compile(&no_place).unwrap_err();
    assert!(errs[0].message.contains("`place` is missing"), "{errs:#?}");
}

#[test]
fn periods_as_offices_name_them() {
    for (period, phrase) in [
        ("quarter-2", "quý II năm 2025"),
        ("month-6", "tháng 6 năm 2025"),
        ("month-1", "tháng 01 năm 2025"),
        ("nine-month", "9 tháng đầu năm 2025"),
        ("six-month", "6 tháng đầu năm 2025"),
    ] {
        let p = vanban::model::Period::parse(period).unwrap();
        assert_eq!(p.phrase(2025), phrase);
        assert_eq!(p.key(), period);
    }
    let campaign = SO_REPORT.replace(
        "period: annual",
        "period: campaign\ncampaign: { name: Tháng hành động vì an toàn thực phẩm năm 2025, from: 2025-04-15, to: 2025-05-15 }",
    );
    ok(&campaign);
    let missing = SO_REPORT.replace("period: annual", "period: campaign");
    let errs = compile(&missing).unwrap_err();
    assert!(errs[0].message.contains("needs the campaign"), "{errs:#?}");
    let unknown = SO_REPORT.replace("period: annual", "period: quarter-5");
    let errs = compile(&unknown).unwrap_err();
    assert!(errs[0].message.contains("quarter-5"), "{errs:#?}");
}

const LETTER: &str = r#"kind: letter
issuer: { parent: UBND TỈNH BẮC GIANG, name: SỞ Y TẾ, abbr: SYT, office: NVY }
number: 12
date: 2026-03-09
year: 2026
place: Bắc Giang
summary: tăng cường công tác phòng, chống dịch sởi
to:
  - Các bệnh viện tuyến tỉnh
  - Trung tâm Y tế các huyện, thành phố
text: |
  Thực hiện Công văn số 125/BYT-DP ngày 05/3/2026 của Bộ Y tế, Sở Y tế đề nghị các đơn vị:

  - Tăng cường giám sát, phát hiện sớm các trường hợp mắc;
  - Báo cáo kết quả về Sở Y tế trước ngày 30/3/2026.
closing: Sở Y tế đề nghị các đơn vị nghiêm túc thực hiện./.
recipients: [Giám đốc Sở (b/c)]
archive: [VT, NVY]
signature: { authority: KT, head: GIÁM ĐỐC, title: PHÓ GIÁM ĐỐC, name: Trần Văn Sinh }
"#;

#[test]
fn a_cong_van_has_v_v_under_the_number_and_nhu_tren_first() {
    let out = ok(LETTER);
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    let md = &out.markdown;
    assert!(md.contains("| Số: 12/SYT-NVY | *Bắc Giang, ngày 09 tháng 3 năm 2026* |\n| V/v tăng cường công tác phòng, chống dịch sởi | |\n"), "{md}");
    assert!(!md.contains("CÔNG VĂN") && !md.contains("**V/v"));
    assert!(
        md.contains(
            "Kính gửi:\n\n- Các bệnh viện tuyến tỉnh;\n- Trung tâm Y tế các huyện, thành phố.\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("**Nơi nhận:**\n\n- Như trên;\n- Giám đốc Sở (b/c);\n- Lưu: VT, NVY.\n"),
        "{md}"
    );
    // no numbered sections unless given
    assert!(!md.contains("I. "));
    let xml = common::docx_part(&out.docx, "word/document.xml");
    let paras = common::docx_paragraphs(&xml);
    let n = paras
        .iter()
        .position(|p| p == "Số: 12/SYT-NVY")
        .expect("number");
    assert_eq!(
        paras[n + 1],
        "V/v tăng cường công tác phòng, chống dịch sởi"
    );
    // 12 pt upright: no bold or italic in the V/v run
    let at = xml.find("V/v tăng").unwrap();
    let run_start = xml[..at].rfind("<w:r>").unwrap();
    let run = &xml[run_start..at];
    assert!(run.contains("<w:sz w:val=\"24\""), "{run}");
    assert!(
        !run.contains("<w:b ") && !run.contains("<w:b/>") && !run.contains("<w:i"),
        "{run}"
    );
    // "Như trên" is not doubled when written
    let written = LETTER.replace(
        "recipients: [Giám đốc Sở (b/c)]",
        "recipients: [Như trên, Giám đốc Sở (b/c)]",
    );
    assert_eq!(ok(&written).markdown.matches("Như trên").count(), 1);
    // for signature: number and day blank, no mark
    let fs = LETTER
        .replace("number: 12\n", "status: for-signature\n")
        .replace("date: 2026-03-09", "date: 2026-03");
    let md = ok(&fs).markdown;
    assert!(
        md.contains("| Số:      /SYT-NVY | *Bắc Giang, ngày      tháng 3 năm 2026* |"),
        "{md}"
    );
    assert!(!md.contains("DỰ THẢO"));
    // numbers are unique per issuer and year among letters too
    let no_office = LETTER.replace(", office: NVY", "");
    let w = ok(&no_office).warnings;
    assert!(
        w.iter().any(|d| d.message.contains("drafting office")),
        "{w:#?}"
    );
}

#[test]
fn a_summary_on_lines_breaks_where_written_and_is_one_line_in_sentences() {
    // a plan: DOCX one paragraph with a break per line, Markdown one bold line each
    let yaml = UBND_PLAN.replace(
        "summary: Triển khai công tác phòng, chống dịch bệnh năm 2026\n",
        "summary:\n  - Triển khai công tác phòng, chống dịch bệnh\n  - trên địa bàn tỉnh Bắc Giang năm 2026\n",
    );
    let out = ok(&yaml);
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    assert!(
        out.markdown.contains(
            "**KẾ HOẠCH**  \n**Triển khai công tác phòng, chống dịch bệnh**  \n**trên địa bàn tỉnh Bắc Giang năm 2026**\n"
        ),
        "{}",
        out.markdown
    );
    let xml = common::docx_part(&out.docx, "word/document.xml");
    let at = xml
        .find("Triển khai công tác phòng, chống dịch bệnh</w:t>")
        .expect("the first line of the summary");
    let after = &xml[at..];
    let next_text = after
        .find("trên địa bàn tỉnh Bắc Giang")
        .expect("second line");
    assert!(
        after[..next_text].contains("<w:br"),
        "a break between the lines: {}",
        &after[..next_text]
    );
    assert!(
        !after[..next_text].contains("</w:p>"),
        "one paragraph: {}",
        &after[..next_text]
    );
    // the document's properties read it on one line
    let core = common::docx_part(&out.docx, "docProps/core.xml");
    assert!(
        core.contains(
            "Triển khai công tác phòng, chống dịch bệnh trên địa bàn tỉnh Bắc Giang năm 2026"
        ),
        "{core}"
    );
    // one text still wraps by the width: one bold line in Markdown
    assert!(ok(UBND_PLAN)
        .markdown
        .contains("**KẾ HOẠCH**  \n**Triển khai công tác phòng, chống dịch bệnh năm 2026**\n"));

    // a report cites its summary in the opening and the closing on one line
    let report = SO_REPORT.replace(
        "summary: Kết quả thực hiện công tác y tế năm 2025\n",
        "summary:\n  - Kết quả thực hiện công tác y tế\n  - năm 2025\n",
    );
    let md = ok(&report).markdown;
    assert!(
        md.contains("**Kết quả thực hiện công tác y tế**  \n**năm 2025**\n"),
        "{md}"
    );
    assert!(
        md.contains("Sở Y tế báo cáo kết quả thực hiện công tác y tế năm 2025 như sau:"),
        "{md}"
    );
    assert!(
        md.contains("Trên đây là báo cáo kết quả thực hiện công tác y tế năm 2025 của Sở Y tế./."),
        "{md}"
    );

    // a công văn: "V/v …" on lines under the number; the Markdown header keeps its rows
    let letter = LETTER.replace(
        "summary: tăng cường công tác phòng, chống dịch sởi\n",
        "summary:\n  - tăng cường công tác phòng,\n  - chống dịch sởi\n",
    );
    let out = ok(&letter);
    assert!(
        out.markdown
            .contains("| V/v tăng cường công tác phòng,<br>chống dịch sởi | |\n"),
        "{}",
        out.markdown
    );
    assert_eq!(
        out.markdown.lines().filter(|l| l.starts_with('|')).count(),
        5,
        "{}",
        out.markdown
    );
    let xml = common::docx_part(&out.docx, "word/document.xml");
    let at = xml
        .find("V/v tăng cường công tác phòng,</w:t>")
        .expect("V/v");
    let after = &xml[at..];
    let next = after.find("chống dịch sởi").unwrap();
    assert!(after[..next].contains("<w:br"), "{}", &after[..next]);

    // an empty list (or text) is no trích yếu: an error at its line
    for empty in ["summary: []\n", "summary: \"\"\n"] {
        let yaml = UBND_PLAN.replace(
            "summary: Triển khai công tác phòng, chống dịch bệnh năm 2026\n",
            empty,
        );
        let errs = compile(&yaml).unwrap_err();
        assert!(errs[0].message.contains("trích yếu"), "{errs:#?}");
        assert_eq!(errs[0].line, Some(7), "{errs:#?}");
    }
}

/// Diagnostics of `rel` in a plans folder made of `files`.
fn check_in_project(files: &[(&str, &str)], rel: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    for (name, text) in files {
        let p = plans.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
    }
    let (project, _) = Project::load(&plans);
    let path = plans.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let templates = Templates::builtin().unwrap();
    match compile::compile(&text, &path, &templates, &project) {
        Ok(out) => out.warnings,
        Err(e) => e,
    }
}

const UNIT_REPORT: &str = r#"kind: report
unit: ttyt-a
plan: 2026/ke-hoach.yaml
period: annual
year: 2026
summary: Kết quả năm 2026
recipients: [Sở Y tế (b/c)]
archive: [VT]
signature: { name: Nguyễn Văn A }
"#;

#[test]
fn an_empty_registry_and_an_empty_plans_folder_are_said_so() {
    let found = check_in_project(
        &[("units.yaml", "units: []\n"), ("r.yaml", UNIT_REPORT)],
        "r.yaml",
    );
    let msgs: Vec<String> = found.iter().map(|d| d.to_string()).collect();
    let all = msgs.join("\n");
    assert!(all.contains("lists no units"), "{all}");
    assert!(!all.contains("has errors"), "{all}");
    assert!(all.contains("there is no plan in"), "{all}");
    assert!(
        !all.contains("relative to") || !all.trim_end().ends_with(": "),
        "{all}"
    );
    // with a plan there, the hint lists it
    let plan = UBND_PLAN.to_string();
    let found = check_in_project(
        &[
            ("units.yaml", "units: []\n"),
            (
                "r.yaml",
                &UNIT_REPORT.replace("2026/ke-hoach.yaml", "2026/khac.yaml"),
            ),
            ("2026/ke-hoach.yaml", &plan),
        ],
        "r.yaml",
    );
    let all: Vec<String> = found.iter().map(|d| d.to_string()).collect();
    assert!(all.join("\n").contains("2026/ke-hoach.yaml"), "{all:#?}");
}

/// The header table's two grid columns (twips).
fn header_grid(docx: &[u8]) -> (usize, usize) {
    let doc = common::docx_part(docx, "word/document.xml");
    let grid: Vec<usize> = doc
        .split("<w:tblGrid>")
        .nth(1)
        .unwrap_or("")
        .split("</w:tblGrid>")
        .next()
        .unwrap_or("")
        .split("w:w=\"")
        .skip(1)
        .filter_map(|g| g.split('"').next()?.parse().ok())
        .collect();
    assert_eq!(grid.len(), 2, "{grid:?}");
    (grid[0], grid[1])
}

#[test]
fn the_header_widens_its_left_column_for_a_long_name_line_and_only_then() {
    use vanban::docx::style::{text_width, CELL_MARGIN, HEADER_LEFT, TEXT_WIDTH};
    // a short issuer keeps the 6 cm column (the 2018 sample's header is unchanged)
    let (l, r) = header_grid(&ok(UBND_PLAN).docx);
    assert_eq!((l, r), (HEADER_LEFT, TEXT_WIDTH - HEADER_LEFT));
    // a Sở's name line, its parent and a long symbol, as the Hà Nội công văn 5095 prints them
    // (tests/fixtures/real/sgddt-ha-noi-cong-van-5095): wider than 6 cm, so the column grows
    // to its 6.5 cm (tests/real_fixtures.rs sees them on one line each in LibreOffice)
    let letter = std::fs::read_to_string(
        common::root().join("tests/fixtures/real/sgddt-ha-noi-cong-van-5095/input.yaml"),
    )
    .unwrap();
    assert!(text_width("SỞ GIÁO DỤC VÀ ĐÀO TẠO", 26, true) + 2 * CELL_MARGIN > HEADER_LEFT);
    let (l, r) = header_grid(&ok(&letter).docx);
    assert_eq!((l, r), (TEXT_WIDTH - 5670, 5670));
    // a line a little wider than the 6 cm column gets what it needs with the estimate's
    // tolerance (3 %), no more
    let mid = UBND_PLAN.replace(
        "name: [ỦY BAN NHÂN DÂN, TỈNH BẮC GIANG]",
        "name: SỞ Y TẾ TỈNH BẮC GIANG",
    );
    let need = text_width("SỞ Y TẾ TỈNH BẮC GIANG", 26, true) + 2 * CELL_MARGIN;
    let (l, _) = header_grid(&ok(&mid).docx);
    assert!(need > HEADER_LEFT && need < TEXT_WIDTH - 5670, "{need}");
    assert_eq!(l, (need * 103 / 100).min(TEXT_WIDTH - 5670));
    assert!(l < TEXT_WIDTH - 5670, "{l}");
    // a name that no 6.5 cm column holds wraps in any case: the column stays 6 cm (the
    // sample's unit reports, "TRUNG TÂM Y TẾ HUYỆN SƠN ĐỘNG", are unchanged)
    let long = UBND_PLAN.replace(
        "name: [ỦY BAN NHÂN DÂN, TỈNH BẮC GIANG]",
        "name: SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
    );
    let (l, r) = header_grid(&ok(&long).docx);
    assert_eq!((l, r), (HEADER_LEFT, TEXT_WIDTH - HEADER_LEFT));
    // written on lines by meaning, each line fits and the column serves the widest
    let lines = UBND_PLAN.replace(
        "name: [ỦY BAN NHÂN DÂN, TỈNH BẮC GIANG]",
        "name: [SỞ NÔNG NGHIỆP VÀ, PHÁT TRIỂN NÔNG THÔN]",
    );
    let widest = ["SỞ NÔNG NGHIỆP VÀ", "PHÁT TRIỂN NÔNG THÔN"]
        .map(|l| text_width(l, 26, true))
        .into_iter()
        .max()
        .unwrap();
    let (l, _) = header_grid(&ok(&lines).docx);
    assert_eq!(
        l,
        ((widest + 2 * CELL_MARGIN) * 103 / 100).clamp(HEADER_LEFT, TEXT_WIDTH - 5670)
    );
}

/// Decree 30 sets the issuer's name in 12–13 pt: 13 pt, or 12 pt when a line of it fits the
/// widest (6.5 cm) left column only at 12 pt, as "SỞ VĂN HÓA VÀ THỂ THAO" under "UBND THÀNH
/// PHỐ HÀ NỘI" (tests/fixtures/real/svhtt-ha-noi-ke-hoach-dien-dan-truc-tuyen); a name that
/// fits at 13 pt, or at neither size, keeps 13 pt.
#[test]
fn the_issuer_takes_12_pt_only_when_that_keeps_a_line_whole() {
    use vanban::docx::style::{fits_header, text_width, TEXT_WIDTH};
    let issuer_sz = |yaml: &str| -> String {
        let doc = common::docx_part(&ok(yaml).docx, "word/document.xml");
        let table = doc.split("<w:tbl>").nth(1).unwrap_or("").to_string();
        let before = &table[..table.find(">SỞ ").expect("issuer run")];
        // the run's own size, else the Header Block style's 13 pt
        let run = &before[before.rfind("<w:r>").expect("issuer run")..];
        match run.find("<w:sz w:val=\"") {
            Some(at) => run[at + 13..].split('"').next().unwrap_or("").to_string(),
            None => "26".to_string(),
        }
    };
    let with = |name: &str| {
        UBND_PLAN.replace(
            "name: [ỦY BAN NHÂN DÂN, TỈNH BẮC GIANG]",
            &format!("name: {name}"),
        )
    };
    assert!(!fits_header(text_width("SỞ VĂN HÓA VÀ THỂ THAO", 26, true)));
    assert!(fits_header(text_width("SỞ VĂN HÓA VÀ THỂ THAO", 24, true)));
    assert_eq!(issuer_sz(&with("SỞ VĂN HÓA VÀ THỂ THAO")), "24");
    let (l, _) = header_grid(&ok(&with("SỞ VĂN HÓA VÀ THỂ THAO")).docx);
    assert!(l > 3402 && l <= TEXT_WIDTH - 5670, "{l}");
    assert_eq!(issuer_sz(&with("SỞ GIÁO DỤC VÀ ĐÀO TẠO")), "26");
    assert_eq!(
        issuer_sz(&with("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN")),
        "26"
    );
}

fn build_in(dir: &Path, rel: &str) -> Result<compile::Outputs, Vec<Diagnostic>> {
    let plans = dir.join("plans");
    let (project, _) = Project::load(&plans);
    let path = plans.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    compile::compile(&text, &path, &Templates::builtin().unwrap(), &project)
}

#[test]
fn a_consolidated_report_needs_no_deadline_for_its_period() {
    const PLAN: &str = "2018/ke-hoach-phong-chong-mai-dam.yaml";
    const CONS: &str = "2018/bao-cao-tong-hop-6-thang.yaml";
    let no_deadline = |rel: &str, text: String| {
        if rel == PLAN {
            text.replace(
                "    - { deliverable: six-month-report, due: \"05-15\" }\n",
                "",
            )
        } else {
            text
        }
    };
    // the sample as it is lists the late units (table: late): that alone needs the deadline
    let dir = common::TempProject::sample_tree_edited(no_deadline);
    let Err(errors) = build_in(dir.path(), CONS) else {
        panic!("table: late without a deadline builds");
    };
    let all: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 1, "{all:#?}");
    // the line of `table: late` in the sample, wherever it is
    let cons = std::fs::read_to_string(dir.path().join("plans").join(CONS)).unwrap();
    let line = 1 + cons
        .lines()
        .position(|l| l.trim_start().starts_with("table: late"))
        .expect("the sample lists the late units");
    assert!(
        all[0].contains("`table: late`")
            && all[0].contains(&format!(":{line}:"))
            && all[0].contains("table: units"),
        "{all:#?}"
    );
    // without that table it consolidates what was received by its date, no stub needed
    // (the unit reports on the period say, in a warning, that nobody is late with them)
    let dir = common::TempProject::sample_tree_edited(|rel, text| {
        let text = no_deadline(rel, text);
        if rel == CONS {
            text.replace(
                "      - title: Tình hình gửi báo cáo của các đơn vị\n        table: late\n",
                "",
            )
        } else {
            text
        }
    });
    let out = build_in(dir.path(), CONS).unwrap_or_else(|e| panic!("{e:#?}"));
    let with = build_in(
        common::TempProject::sample_tree_edited(|_, t| t).path(),
        CONS,
    )
    .unwrap();
    // the same units and totals as with the deadline: every unit report was sent by the date
    let rows = |md: &str| -> Vec<String> {
        md.lines()
            // the units table's rows (eight cells), not the late table's (five)
            .filter(|l| l.starts_with("| ") && l.matches(" | ").count() >= 7)
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (rows(&out.markdown), rows(&with.markdown));
    assert!(
        a.len() > 3 && a.iter().any(|l| l.contains("Tổng cộng")),
        "{}",
        out.markdown
    );
    assert_eq!(a, b);
    assert!(!out.markdown.contains("hạn gửi ngày"), "{}", out.markdown);
    // with no units at all there is nothing to consolidate: the hint names the kind that fits
    let dir = common::TempProject::sample_tree_edited(|rel, text| {
        if rel == "units.yaml" {
            "units: []\n".into()
        } else {
            text
        }
    });
    let Err(errors) = build_in(dir.path(), CONS) else {
        panic!("a consolidated report without units builds");
    };
    let all: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
    assert!(
        all.iter()
            .any(|d| d.contains("lists no units") && d.contains("`kind: report` with `issuer`")),
        "{all:#?}"
    );
}

#[test]
fn status_shows_the_deadlines_of_months_quarters_and_campaigns() {
    const PLAN: &str = "2018/ke-hoach-phong-chong-mai-dam.yaml";
    let dir = common::TempProject::sample_tree_edited(|rel, text| {
        if rel == PLAN {
            text.replace(
                "    - { deliverable: annual-report, due: \"11-15\" }\n",
                "    - { deliverable: annual-report, due: \"11-15\" }\n    - { deliverable: month-6-report, due: \"07-05\" }\n    - { deliverable: quarter-2-report, due: \"07-10\" }\n    - { deliverable: campaign-report, due: \"2018-06-20\" }\n",
            )
        } else {
            text
        }
    });
    let unit_report = |unit: &str, period: &str, sent: &str| {
        format!(
            "kind: report\nunit: {unit}\nplan: {PLAN}\nperiod: {period}\nyear: 2018\nnumber: 70\ndate: {sent}\nsummary: Kết quả công tác phòng, chống mại dâm\nrecipients: [Sở Y tế (b/c)]\narchive: [VT]\nsignature: {{ name: Nguyễn Văn A }}\n"
        )
    };
    let reports = dir.path().join("plans/2018/bao-cao/ngan-han");
    std::fs::create_dir_all(&reports).unwrap();
    for (file, text) in [
        ("thang-6-luc-nam.yaml", unit_report("ttyt-luc-nam", "month-6", "2018-07-05")),
        ("quy-2-luc-ngan.yaml", unit_report("ttyt-luc-ngan", "quarter-2", "2018-07-12")),
        (
            "cao-diem-yen-the.yaml",
            unit_report("ttyt-yen-the", "campaign", "2018-06-18").replace(
                "period: campaign\n",
                "period: campaign\ncampaign: { name: \"Tháng cao điểm phòng, chống mại dâm\", from: 2018-05-15, to: 2018-06-15 }\n",
            ),
        ),
    ] {
        std::fs::write(reports.join(file), text).unwrap();
    }
    let status = |as_of: &str| -> serde_json::Value {
        let out = common::vanban(dir.path())
            .args(["status", "--as-of", as_of, "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = status("2018-07-11");
    let plan = &v["plans"][0];
    let dues: Vec<(String, String)> = plan["deliverables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["deliverable"].as_str().unwrap().into(),
                d["due"].as_str().unwrap().into(),
            )
        })
        .collect();
    for (d, due) in [
        ("month-6-report", "2018-07-05"),
        ("quarter-2-report", "2018-07-10"),
        ("campaign-report", "2018-06-20"),
    ] {
        assert!(dues.contains(&(d.into(), due.into())), "{d}: {dues:?}");
    }
    let cell = |v: &serde_json::Value, unit: &str, d: &str| -> (String, Option<i64>) {
        let u = v["plans"][0]["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"] == unit)
            .unwrap_or_else(|| panic!("{unit}"));
        let c = u["deliverables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["deliverable"] == d)
            .unwrap_or_else(|| panic!("{unit} {d}"));
        (
            c["status"].as_str().unwrap().into(),
            c["days_late"].as_i64(),
        )
    };
    // sent on the due day: on time; the quarter's report not sent yet on 11 July: missing
    // one day after its due date; the campaign's, sent two days before: on time
    assert_eq!(
        cell(&v, "ttyt-luc-nam", "month-6-report"),
        ("on-time".into(), None)
    );
    assert_eq!(
        cell(&v, "ttyt-luc-ngan", "quarter-2-report"),
        ("missing".into(), None)
    );
    assert_eq!(
        cell(&v, "ttyt-yen-the", "campaign-report"),
        ("on-time".into(), None)
    );
    assert_eq!(
        cell(&v, "ttyt-son-dong", "month-6-report"),
        ("missing".into(), None)
    );
    // asked later, the quarter's report came two days late
    let v = status("2018-07-31");
    assert_eq!(
        cell(&v, "ttyt-luc-ngan", "quarter-2-report"),
        ("late".into(), Some(2))
    );
    // asked before the month's deadline: not yet due
    let v = status("2018-07-01");
    assert_eq!(
        cell(&v, "ttyt-luc-nam", "month-6-report"),
        ("not-yet-due".into(), None)
    );
    // the text a clerk reads names each deliverable with its due date
    let out = common::vanban(dir.path())
        .args(["status", "--as-of", "2018-07-11"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for shown in [
        "month-6 (due 05/7/2018)",
        "quarter-2 (due 10/7/2018)",
        "campaign (due 20/6/2018)",
    ] {
        assert!(text.contains(shown), "{shown}:\n{text}");
    }
}
