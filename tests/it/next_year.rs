//! `vanban next-year`: the 2019 draft from the 2018 sample differs only where it should,
//! comments and references survive, undecidable years are warned about, `--force` guards
//! the target, and the draft renders the blanks and the "DỰ THẢO" mark.

use crate::common;

use std::path::{Path, PathBuf};

use common::*;

const SAMPLE: &str = "ke-hoach-phong-chong-mai-dam.yaml";

fn project() -> TempProject {
    let p = TempProject::new();
    p.sample_plan(&format!("plans/2018/{SAMPLE}"), 25);
    p
}

fn run_next_year(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = vanban(dir)
        .arg("next-year")
        .arg(format!("plans/2018/{SAMPLE}"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn target(dir: &Path) -> PathBuf {
    dir.join("plans/2019").join(SAMPLE)
}

#[test]
fn the_2019_draft_differs_from_2018_only_where_it_should() {
    let dir = project();
    let (code, stdout, stderr) = run_next_year(dir.path(), &[]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let old = std::fs::read_to_string(sample_plan()).unwrap();
    let new = std::fs::read_to_string(target(dir.path())).unwrap();

    // The expected text, built from the old one by hand: lines 9–10 (number, date) become one
    // comment; the year, the summary and the last sentence of the preamble say 2019.
    let mut expected: Vec<String> = old.split('\n').map(str::to_string).collect();
    let fix = |lines: &mut Vec<String>, n: usize, from: &str, to: &str| {
        let l = &mut lines[n - 1];
        assert!(l.contains(from), "line {n} of the sample changed: {l}");
        *l = l.replace(from, to);
    };
    fix(&mut expected, 11, "year: 2018", "year: 2019");
    fix(&mut expected, 13, "mại dâm năm 2018", "mại dâm năm 2019");
    fix(
        &mut expected,
        20,
        "chống mại dâm năm 2018 như sau:",
        "chống mại dâm năm 2019 như sau:",
    );
    assert!(expected[8].starts_with("number: 25") && expected[9].starts_with("date: 2018-03-05"));
    expected.splice(8..10, [vanban::next_year::NUMBER_DATE_COMMENT.to_string()]);
    let new_lines: Vec<&str> = new.split('\n').collect();
    assert_eq!(new_lines.len(), expected.len());
    for (i, (got, want)) in new_lines.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "line {} of the 2019 draft", i + 1);
    }

    // Every change is listed, with its line in the new file.
    let t = format!("plans/2019/{SAMPLE}");
    let listed: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        listed,
        [
            format!("{t}:9: number, date: 25, 2018-03-05 → removed (a draft: set them on issue)"),
            format!("{t}:10: year: 2018 → 2019"),
            format!("{t}:12: summary: …chống mại dâm năm 2018 → …chống mại dâm năm 2019"),
            format!("{t}:19: preamble: chống mại dâm năm 2018 → chống mại dâm năm 2019"),
            format!(
                "wrote {t}: a 2019 draft from the 2018 plan, 4 change(s), 5 warning(s) to review"
            ),
        ]
    );

    // The years that may belong to the citation are warned about, with their line and column.
    assert!(
        stderr.contains(&format!(
            "warning: {t}:18:7: \"năm 2017\" may mean the year before"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "warning: {t}:18:39: \"năm 2018\" is in a sentence that cites another document; left as 2018"
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("warning: {t}:2:")), "{stderr}");
}

#[test]
fn comments_and_references_survive() {
    let dir = project();
    let (code, _, stderr) = run_next_year(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let old = std::fs::read_to_string(sample_plan()).unwrap();
    let new = std::fs::read_to_string(target(dir.path())).unwrap();
    for line in old.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(new.contains(line), "the comment {line:?} is gone");
    }
    let flat = new.split_whitespace().collect::<Vec<_>>().join(" ");
    for reference in [
        "Kế hoạch số 2222/KH-UBND ngày 29/7/2016",
        "giai đoạn 2016 – 2020",
        "Kết luận số 589/TB-VPCP ngày 20/12/2017",
        "tổng kết công tác năm 2017 và triển khai nhiệm vụ năm 2018.",
        "Nghị định 178/2004/NĐ-CP ngày 15/10/2004",
        "Nghị định số 178/2004/NĐ-CP ngày 15/10/2004; Quyết định số 155/2007/QĐ-TTg ngày 25/9/2007",
        "due: \"03-30\"",
    ] {
        assert!(flat.contains(reference), "{reference:?} changed");
    }
}

#[test]
fn the_draft_checks_and_renders_the_blanks_and_the_mark() {
    let dir = project();
    let (code, _, stderr) = run_next_year(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let path = target(dir.path());
    let text = vanban::load::read_text(&path).unwrap();
    let (doc, warnings) =
        vanban::compile::check(&text, &path, &vanban::project::Project::default()).unwrap();
    // Lint findings (with a rule code) come from the text carried over from last year's plan
    // (the sample's "truyền truyền"); the draft itself must add no other warning.
    let warnings: Vec<_> = warnings.iter().filter(|w| w.code.is_none()).collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    let vanban::model::Document::Plan(plan) = doc else {
        panic!("not a plan")
    };
    assert_eq!(plan.year, 2019);
    assert_eq!(
        plan.effective_status(),
        vanban::model::Status::Draft,
        "no number, no date: a draft"
    );
    let templates = vanban::templates::Templates::builtin().unwrap();
    let md = vanban::compile::compile_markdown(
        &text,
        &path,
        &templates,
        &vanban::project::Project::default(),
    )
    .unwrap();
    assert!(md.starts_with("**DỰ THẢO**\n"), "{md}");
    assert!(md.contains("| Số:      /KH-SYT |"), "{md}");
    assert!(
        md.contains("*Bắc Giang, ngày      tháng      năm 2019*"),
        "{md}"
    );
    assert!(md.contains("**Thực hiện công tác Phòng, chống mại dâm năm 2019**"));
    assert!(!md.contains("Số: 25/KH-SYT"));
}

/// `vanban build` of the draft gives a DOCX with the mark and the blanks (the DOCX writer).
#[test]
fn the_draft_docx_has_the_mark_and_the_blanks() {
    let dir = project();
    let (code, _, stderr) = run_next_year(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let out = vanban(dir.path())
        .args(["build", "plans/2019", "--out", "output"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docx = std::fs::read(
        dir.path()
            .join("output")
            .join(SAMPLE)
            .with_extension("docx"),
    )
    .or_else(|_| {
        std::fs::read(
            dir.path()
                .join("output/2019")
                .join(SAMPLE)
                .with_extension("docx"),
        )
    })
    .unwrap();
    let paragraphs = docx_paragraphs(&docx_part(&docx, "word/document.xml"));
    assert_eq!(
        paragraphs
            .iter()
            .find(|p| !p.trim().is_empty())
            .map(String::as_str),
        Some("DỰ THẢO"),
        "the mark comes first: {paragraphs:?}"
    );
    assert!(
        paragraphs.iter().any(|p| p == "Số:      /KH-SYT"),
        "{paragraphs:?}"
    );
    assert!(
        paragraphs
            .iter()
            .any(|p| p == "Bắc Giang, ngày      tháng      năm 2019"),
        "{paragraphs:?}"
    );
}

#[test]
fn an_existing_target_is_kept_without_force() {
    let dir = project();
    assert_eq!(run_next_year(dir.path(), &[]).0, 0);
    let t = target(dir.path());
    std::fs::write(&t, "kind: plan # edited by the clerk\n").unwrap();

    let (code, stdout, stderr) = run_next_year(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(&format!(
            "error: plans/2019/{SAMPLE}: already exists; nothing was written"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&t).unwrap(),
        "kind: plan # edited by the clerk\n"
    );

    let (code, _, stderr) = run_next_year(dir.path(), &["--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read_to_string(&t).unwrap().contains("year: 2019"));
}

#[test]
fn year_flag_picks_the_target_year_and_must_move_forward() {
    let dir = project();
    let (code, stdout, stderr) = run_next_year(dir.path(), &["--year", "2020"]);
    assert_eq!(code, 0, "{stderr}");
    let t = dir.path().join("plans/2020").join(SAMPLE);
    let new = std::fs::read_to_string(&t).unwrap();
    assert!(new.contains("year: 2020\n") && new.contains("mại dâm năm 2020\n"));
    assert!(
        stdout.contains("a 2020 draft from the 2018 plan"),
        "{stdout}"
    );

    let (code, _, stderr) = run_next_year(dir.path(), &["--year", "2018"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("the new year 2018 is not after the plan's year 2018"),
        "{stderr}"
    );
}

/// Quoting, block scalars, folded years, `status: signed`, comments inside a literal block:
/// the result is compared with a golden file (a snapshot: INSTA_UPDATE=always rewrites it).
#[test]
fn tricky_yaml_is_edited_in_place() {
    let fixture = root().join("tests/fixtures/next-year-tricky");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("plans/2018")).unwrap();
    std::fs::copy(
        fixture.join("plans/2018/tricky.yaml"),
        dir.path().join("plans/2018/tricky.yaml"),
    )
    .unwrap();
    let out = vanban(dir.path())
        .args(["next-year", "plans/2018/tricky.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let new = std::fs::read_to_string(dir.path().join("plans/2019/tricky.yaml")).unwrap();
    golden!(&fixture.join("expected/tricky.yaml"), &new);
    golden!(
        &fixture.join("expected/stdout.txt"),
        &String::from_utf8(out.stdout).unwrap(),
    );
    golden!(
        &fixture.join("expected/stderr.txt"),
        &String::from_utf8(out.stderr).unwrap(),
    );
}

#[test]
fn a_file_outside_a_year_folder_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample_plan(), dir.path().join("plan.yaml")).unwrap();
    let out = vanban(dir.path())
        .args(["next-year", "plan.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot tell where the 2019 plan goes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: keep one folder per year"),
        "{stderr}"
    );
}

/// The top-level entries are found by the span index: a year written on the line after its
/// key moves, `date:` before `number:` both go (in the order written), and the year's own value
/// is not classified again as body text.
#[test]
fn top_level_entries_are_found_wherever_their_values_are_written() {
    let dir = project();
    let path = dir.path().join("plans/2018").join(SAMPLE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\nnumber: 25        # chosen: not in the seed\ndate: 2018-03-05  # chosen: not in the seed\nyear: 2018\n"));
    let text = text.replace(
        "\nnumber: 25        # chosen: not in the seed\ndate: 2018-03-05  # chosen: not in the seed\nyear: 2018\n",
        "\ndate: 2018-03-05\nnumber: 25\nyear:\n  2018\n",
    );
    std::fs::write(&path, &text).unwrap();
    let (code, stdout, stderr) = run_next_year(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let new = std::fs::read_to_string(target(dir.path())).unwrap();
    assert!(new.contains("\nyear:\n  2019\n"), "{new}");
    assert!(
        !new.contains("\nnumber:") && !new.contains("\ndate:"),
        "{new}"
    );
    assert!(
        stdout.contains(": date, number: 2018-03-05, 25 → removed"),
        "{stdout}"
    );
    assert!(
        !stderr.contains(":11:3:"),
        "the year's value is not body text:\n{stderr}"
    );
}

/// A text for signature on a fixed day becomes a draft: `date_fixed` goes with the number and
/// the date, so the draft has no warning about it.
#[test]
fn a_fixed_day_is_cleared_with_the_date() {
    let dir = project();
    let path = dir.path().join("plans/2018").join(SAMPLE);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "\nnumber:",
        "\nstatus: for-signature\ndate_fixed: true\nnumber:",
        1,
    );
    assert!(text.contains("date_fixed: true"));
    std::fs::write(&path, text).unwrap();
    let (code, _, stderr) = run_next_year(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let new = std::fs::read_to_string(target(dir.path())).unwrap();
    assert!(!new.contains("date_fixed"), "{new}");
    assert!(new.contains("status: draft"), "{new}");
    let out = vanban(dir.path())
        .args(["check", "plans/2019"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("date_fixed"), "{stderr}");
}

/// Values and comments come from the span index, so a `#` inside a quoted string is no
/// comment and a comment after a block is no text: the line scanner they replace refused the
/// first file ("cannot edit this file's text safely", the `#` on the quoted string's second
/// line read as a comment, its year never moved) and edited the comment of the second as if
/// it were the block's last line.
#[test]
fn a_hash_in_a_quoted_string_and_a_comment_after_a_block_are_told_apart() {
    let summary = "summary: Thực hiện công tác Phòng, chống mại dâm năm 2018\n";
    let dir = project();
    let path = dir.path().join("plans/2018").join(SAMPLE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(summary));
    std::fs::write(
        &path,
        text.replace(
            summary,
            "summary: \"Thực hiện công tác Phòng, chống mại dâm năm 2018\n  #1 của Sở năm 2018\"\n",
        ),
    )
    .unwrap();
    let (code, stdout, stderr) = run_next_year(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let new = std::fs::read_to_string(target(dir.path())).unwrap();
    assert!(
        new.contains(
            "summary: \"Thực hiện công tác Phòng, chống mại dâm năm 2019\n  #1 của Sở năm 2019\"\n"
        ),
        "{new}"
    );
    assert!(
        stdout.contains("summary: #1 của Sở năm 2018\" → #1 của Sở năm 2019\""),
        "{stdout}"
    );

    let block_end = "          vững; giảm tội phạm liên quan đến mại dâm.\n";
    let dir = project();
    let path = dir.path().join("plans/2018").join(SAMPLE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(block_end));
    // More indented than the key `text:`, less than the block's lines: a comment.
    let comment = "         # kế hoạch năm 2018\n";
    std::fs::write(
        &path,
        text.replace(block_end, &format!("{block_end}{comment}")),
    )
    .unwrap();
    let (code, stdout, stderr) = run_next_year(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let new = std::fs::read_to_string(target(dir.path())).unwrap();
    assert!(new.contains(&format!("{block_end}{comment}")), "{new}");
    assert!(!stdout.contains("# kế hoạch năm 2019"), "{stdout}");
    assert!(
        stderr.contains(":33:25: a comment mentions 2018; comments are copied as written"),
        "{stderr}"
    );
}
