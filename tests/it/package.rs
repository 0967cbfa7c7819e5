//! What `cargo publish` would ship: the sources, the built-in templates, the README and the
//! LICENSE (MIT, as Cargo.toml says); not the outputs, the sample plans, the tests and their
//! fixtures, the patches, the schema copy or the CI files.

use crate::common;

use std::process::Command;

#[test]
fn the_license_is_the_one_cargo_toml_names() {
    let root = common::root();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\nlicense = \"MIT\"\n"),
        "Cargo.toml names MIT"
    );
    let license = std::fs::read_to_string(root.join("LICENSE")).unwrap();
    assert!(license.starts_with("MIT License\n"), "{license}");
    assert!(license.contains("Permission is hereby granted, free of charge"));
}

#[test]
fn the_package_ships_only_what_a_user_needs() {
    let root = common::root();
    let out = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo package --list: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8(out.stdout).unwrap();
    let files: Vec<&str> = list.lines().collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "LICENSE",
        "src/main.rs",
        "src/lib.rs",
        "templates/plan.md",
    ] {
        assert!(
            files.contains(&needed),
            "{needed} is not shipped: {files:#?}"
        );
    }
    let shipped_elsewhere: Vec<&&str> = files
        .iter()
        .filter(|f| {
            !(f.starts_with("src/")
                || f.starts_with("templates/")
                || matches!(
                    **f,
                    "Cargo.toml"
                        | "Cargo.toml.orig"
                        | "Cargo.lock"
                        | "README.md"
                        | "LICENSE"
                        | ".cargo_vcs_info.json"
                ))
        })
        .collect();
    assert!(
        shipped_elsewhere.is_empty(),
        "shipped but not needed: {shipped_elsewhere:?}"
    );
    println!("cargo package ships {} files", files.len());
}
