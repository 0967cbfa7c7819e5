//! Template overrides: a user's file replaces a built-in by name, and may extend the built-in
//! (`builtin/<name>`) to change one block.

use crate::common;

use common::*;
use vanban::compile;
use vanban::templates::Templates;

fn compile_with(dir: &std::path::Path) -> String {
    let path = sample_plan();
    let text = vanban::load::read_text(&path).unwrap();
    let templates = Templates::load(Some(dir)).unwrap();
    compile::compile_markdown(
        &text,
        &path,
        &templates,
        &vanban::project::Project::default(),
    )
    .unwrap()
}

#[test]
fn an_override_can_extend_the_builtin_and_change_one_block() {
    let dir = TempProject::new();
    dir.write("plan.md", "{% extends \"builtin/plan.md\" %}\n{% block body %}{{ super() }}\n*Ghi chú: bản góp ý.*\n{% endblock body %}\n");
    let md = compile_with(dir.path());
    assert!(
        md.contains("**I. MỤC ĐÍCH, YÊU CẦU**"),
        "the built-in body is kept"
    );
    assert!(md.contains("*Ghi chú: bản góp ý.*"), "the block is changed");
    assert!(
        md.contains("**Nơi nhận:**"),
        "the frame from base.md is kept"
    );
}

#[test]
fn an_override_of_base_changes_every_document() {
    let dir = TempProject::new();
    dir.write("base.md", "{% extends \"builtin/base.md\" %}\n{% block closing %}KÝ TÊN: {{ frame.signer }}\n{% endblock closing %}\n");
    let md = compile_with(dir.path());
    assert!(md.contains("KÝ TÊN: Trần Văn Sinh"));
    assert!(!md.contains("**Nơi nhận:**"));
}

#[test]
fn a_broken_override_is_an_error_naming_the_template_line() {
    let dir = TempProject::new();
    dir.write("plan.md", "{% extends \"builtin/plan.md\" %}\n{% block body %}\n{{ nope.nothing }}\n{% endblock body %}\n");
    let path = sample_plan();
    let text = vanban::load::read_text(&path).unwrap();
    let templates = Templates::load(Some(dir.path())).unwrap();
    let err = compile::compile_markdown(
        &text,
        &path,
        &templates,
        &vanban::project::Project::default(),
    )
    .unwrap_err();
    let shown = err.iter().map(ToString::to_string).collect::<String>();
    assert!(shown.contains("plan.md:3:"), "{shown}");
    let dir2 = TempProject::new();
    dir2.write("plan.md", "{% if x %}\nunclosed\n");
    let e = Templates::load(Some(dir2.path()))
        .err()
        .expect("a syntax error");
    assert!(e.to_string().contains("plan.md:"), "{e}");
    assert!(e.to_string().contains("template syntax error"), "{e}");
}

#[test]
fn yaml_values_are_data_not_template_code() {
    let path = sample_plan();
    let text = vanban::load::read_text(&path).unwrap().replace(
        "summary: Thực hiện",
        "summary: \"{{ 7*7 }} {% include 'x' %}\" #",
    );
    let md = compile::compile_markdown(
        &text,
        &path,
        &Templates::builtin().unwrap(),
        &vanban::project::Project::default(),
    )
    .unwrap();
    assert!(md.contains("{{ 7*7 }} {% include 'x' %}"), "{}", &md[..400]);
    assert!(!md.contains("49"));
}

#[test]
fn an_override_can_use_the_vietnamese_helpers() {
    let dir = TempProject::new();
    dir.write(
        "plan.md",
        concat!(
            "{% extends \"builtin/plan.md\" %}\n{% block body %}{{ super() }}\n",
            "Kinh phí: {{ 120000000 | vi_number }} đồng ",
            "(Bằng chữ: {{ 120000000 | amount_in_words | capitalize }}).\n",
            "Hạn: {{ reporting.deadlines[0].date | vi_date }}; ",
            "{{ reporting.deadlines[0].date | vi_date(style=\"short\") }}; ",
            "{{ 0.6 | vi_percent }}; mục {{ 3 | roman }}; {{ frame.issuer | upper }}.\n",
            "{% endblock body %}\n"
        ),
    );
    let md = compile_with(dir.path());
    assert!(
        md.contains("Kinh phí: 120.000.000 đồng (Bằng chữ: Một trăm hai mươi triệu đồng)."),
        "{md}"
    );
    assert!(
        md.contains("Hạn: ngày 30 tháng 3 năm 2018; 30/3/2018; 60%; mục III; SỞ Y TẾ."),
        "{md}"
    );
}

#[test]
fn a_helper_given_a_wrong_value_names_the_template_line() {
    let dir = TempProject::new();
    dir.write("plan.md", "{% extends \"builtin/plan.md\" %}\n{% block body %}\n{{ frame.summary | vi_date }}\n{% endblock body %}\n");
    let path = sample_plan();
    let text = vanban::load::read_text(&path).unwrap();
    let templates = Templates::load(Some(dir.path())).unwrap();
    let err = compile::compile_markdown(
        &text,
        &path,
        &templates,
        &vanban::project::Project::default(),
    )
    .unwrap_err();
    let shown = err.iter().map(ToString::to_string).collect::<String>();
    assert!(shown.contains("plan.md:3:"), "{shown}");
    assert!(shown.contains("is not a date"), "{shown}");
}
