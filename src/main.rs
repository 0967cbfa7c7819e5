//! The `vanban` binary: parse the command line, run, exit with the code `cli::run` gives.

use clap::Parser;

fn main() {
    let cli = vanban::cli::Cli::parse();
    std::process::exit(vanban::cli::run(cli));
}
