//! The `vanban` binary: parse the command line, run, exit with the code `cli::run` gives.

use clap::Parser;

fn main() {
    quiet_on_closed_pipe();
    let cli = vanban::cli::Cli::parse();
    std::process::exit(vanban::cli::run(cli));
}

/// `vanban status | head -1`: when the reader goes away, end quietly as other command-line
/// tools do (the default action of SIGPIPE), instead of panicking on the failed write.
#[cfg(unix)]
fn quiet_on_closed_pipe() {
    // SAFETY: restoring a signal's default action, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quiet_on_closed_pipe() {}
