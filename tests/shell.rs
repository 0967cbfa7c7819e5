//! `vanban completions SHELL` and `vanban man`: generated from the command line itself, so
//! every subcommand and option is there.

use assert_cmd::Command;

fn vanban() -> Command {
    Command::cargo_bin("vanban").unwrap()
}

/// Every subcommand, from the command line's definition (so a new one is covered too).
fn subcommands() -> Vec<String> {
    use clap::CommandFactory;
    vanban::cli::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn completions_name_every_subcommand_and_parse_in_their_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = vanban().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        assert!(subcommands().len() >= 8);
        let script = String::from_utf8(out.stdout).unwrap();
        for sub in subcommands() {
            assert!(script.contains(&sub), "{shell} completion lacks {sub}");
        }
        assert!(script.contains("deny-warnings"), "{shell}");
    }
    // The bash script is valid bash (bash -n parses without running).
    let out = vanban().args(["completions", "bash"]).output().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vanban.bash");
    std::fs::write(&file, &out.stdout).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn an_unknown_shell_is_wrong_usage() {
    let out = vanban().args(["completions", "cmd"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}

#[test]
fn the_man_page_lists_the_subcommands() {
    let out = vanban().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with(".ie"), "{}", &page[..40]);
    assert!(page.contains(".TH vanban 1"));
    for sub in subcommands() {
        let escaped = sub.replace('-', "\\-");
        assert!(page.contains(&format!("vanban\\-{escaped}(1)")), "{sub}");
    }
}

#[test]
fn man_out_writes_one_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = vanban()
        .args(["man", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = subcommands()
        .iter()
        .map(|s| format!("vanban-{s}.1"))
        .chain(["vanban.1".to_string()])
        .collect();
    want.sort();
    assert_eq!(names, want);
    let build = std::fs::read_to_string(dir.path().join("vanban-build.1")).unwrap();
    assert!(
        build.contains("\\-\\-shard"),
        "the build page documents its options"
    );
}
