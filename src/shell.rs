//! Shell completions (clap_complete) and man pages (clap_mangen), both generated from the
//! command line's own definition (`cli.rs` passes its `clap::Command`), so they never drift
//! from it.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Command;

use crate::error::Diagnostic;

/// The completion script of `cmd` for `shell`, as `vanban completions SHELL` prints it.
pub fn completions(mut cmd: Command, shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "vanban", &mut out);
    out
}

/// The man page of `cmd` itself (roff), listing the subcommands.
pub fn man_page(cmd: Command) -> Result<Vec<u8>, Diagnostic> {
    render(cmd)
}

/// Writes `vanban.1` and one page per subcommand of `cmd` (`vanban-build.1`, …) into `dir`;
/// returns the files written, in order.
pub fn write_man_pages(cmd: Command, dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut pages = vec![cmd.clone()];
    pages.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    let mut written = Vec::new();
    for page in pages {
        let name = format!(
            "{}.1",
            page.get_display_name().unwrap_or_else(|| page.get_name())
        );
        let path = dir.join(name);
        let bytes = render(page)?;
        crate::write::write_atomic(&path, &bytes)
            .map_err(|e| Diagnostic::error(&path, format!("cannot write the man page: {e}")))?;
        written.push(path);
    }
    Ok(written)
}

fn render(cmd: Command) -> Result<Vec<u8>, Diagnostic> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .manual("vanban")
        .render(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Diagnostic::error("man", format!("cannot render the man page: {e}")))?;
    Ok(out)
}
