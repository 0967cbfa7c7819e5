//! The 2018 sample plan: golden Markdown, every seed paragraph in order, the binary end to end.

mod common;

use std::path::Path;

use common::*;
use vanban::compile;
use vanban::templates::Templates;

fn compile_sample() -> compile::Outputs {
    let path = sample_plan();
    let text = vanban::load::read_text(&path).unwrap();
    let templates = Templates::builtin().unwrap();
    compile::compile(&text, &path, &templates).unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

#[test]
fn markdown_matches_the_golden_file() {
    let out = compile_sample();
    golden(
        &root().join("tests/fixtures/plan-sample/expected.md"),
        &out.markdown,
    );
}

#[test]
fn every_seed_paragraph_is_in_the_markdown_in_order() {
    let out = compile_sample();
    let md: Vec<String> = out.markdown.lines().map(plain).collect();
    let md = md.join("\n").replace("\n- ", "\n").replace("\n+ ", "\n");
    assert_in_order(&md, &seed_paragraphs(), "Markdown");
}

#[test]
fn markdown_has_the_official_frame() {
    let md = compile_sample().markdown;
    for needle in [
        "| UBND TỈNH BẮC GIANG | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |",
        "| **SỞ Y TẾ** | **Độc lập - Tự do - Hạnh phúc** |",
        "| Số: 25/KH-SYT | *Bắc Giang, ngày 05 tháng 3 năm 2018* |",
        "**KẾ HOẠCH**  \n**Thực hiện công tác Phòng, chống mại dâm năm 2018**",
        "**Nơi nhận:**\n\n- Lưu: VT, NVY.",
        "**KT. GIÁM ĐỐC**  \n**PHÓ GIÁM ĐỐC**",
        "**Trần Văn Sinh**",
    ] {
        assert!(md.contains(needle), "the Markdown lacks {needle:?}");
    }
    assert!(
        !md.contains("DỰ THẢO"),
        "a numbered, dated plan is not a draft"
    );
}

#[test]
fn numbering_is_computed_from_the_tree() {
    let md = compile_sample().markdown;
    let headings: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("**I") || l.starts_with("**V"))
        .collect();
    assert_eq!(
        headings,
        [
            "**I. MỤC ĐÍCH, YÊU CẦU**",
            "**II. MỤC TIÊU, NHIỆM VỤ CHỦ YẾU**",
            "**III. CÁC GIẢI PHÁP THỰC HIỆN**",
            "**IV. TỔ CHỨC THỰC HIỆN**"
        ]
    );
    assert!(md.contains("\n**2.6. Tập huấn nâng cao năng lực**\n"));
    assert!(md.contains("\n6\\. Tăng cường hợp tác quốc tế"));
}

#[test]
fn the_reporting_sentence_comes_from_the_deadlines() {
    let md = compile_sample().markdown;
    assert!(md.contains(
        "trước ngày **30/3** gửi kế hoạch, trước ngày **15/5** gửi báo cáo 6 tháng; trước ngày **15/11** gửi báo cáo 01 năm gửi về Sở Y tế (Phòng Nghiệp vụ Y ) để tổng hợp báo cáo UBND tỉnh./."
    ));
    // Move a deadline in the YAML and the sentence follows.
    let text = vanban::load::read_text(&sample_plan())
        .unwrap()
        .replace("\"05-15\"", "\"06-20\"");
    let out = compile::compile(&text, Path::new("x.yaml"), &Templates::builtin().unwrap()).unwrap();
    assert!(out
        .markdown
        .contains("trước ngày **20/6** gửi báo cáo 6 tháng"));
}
