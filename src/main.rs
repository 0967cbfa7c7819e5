//! The `vanban` binary: parse the command line, run, exit with the code `cli::run` gives.

use clap::Parser;

fn main() {
    quiet_on_closed_pipe();
    let cli = vanban::cli::Cli::parse();
    std::process::exit(vanban::cli::run(cli));
}

/// `vanban status | head -1`: when the reader goes away, a print fails with a broken pipe
/// and the standard library panics. End quietly instead, with the status a shell gives a
/// process stopped by SIGPIPE (141), as other command-line tools do. Other panics are
/// reported as usual.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
