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

/// The README's "Completions and man pages" block, run as written by a new user (a fresh
/// HOME, `vanban` on the PATH), but for its PowerShell line: every file lands where it says.
#[test]
fn the_readmes_completion_and_man_commands_work_as_written() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("**Completions and man pages**")
        .expect("the README's completions block");
    let block = &readme[start..];
    let block = &block[block.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    let script: Vec<&str> = block
        .lines()
        .filter(|l| !l.contains("powershell"))
        .collect();
    assert!(script.len() >= 5, "{block}");
    let home = tempfile::tempdir().unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_vanban"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("sh")
        .args(["-e", "-c", &script.join("\n")])
        .env("HOME", home.path())
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        script.join("\n"),
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [
        ".local/share/bash-completion/completions/vanban",
        ".zfunc/_vanban",
        ".config/fish/completions/vanban.fish",
        ".local/share/man/man1/vanban.1",
        ".local/share/man/man1/vanban-build.1",
        ".local/share/man/man1/vanban-schema.1",
    ] {
        let f = home.path().join(file);
        assert!(
            std::fs::metadata(&f).is_ok_and(|m| m.len() > 100),
            "{file} is missing or empty"
        );
    }
}
