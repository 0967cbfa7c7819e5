//! The command line (a contract: scripts and CI call it). Parses arguments and runs the
//! library; printing and exit codes live here, the work does not.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::{self, Options};
use crate::error::Diagnostic;

/// vanban — Vietnamese official documents from YAML: DOCX (Decree 30/2020) and Markdown.
#[derive(Debug, Parser)]
#[command(name = "vanban", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build DOCX and Markdown for every document under PATH (default plans/).
    Build {
        /// Plans folders or YAML files.
        #[arg(default_value = "plans")]
        paths: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// A folder of template overrides (default: templates/ beside the plans folder).
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Write nothing; exit 1 and list every output that is stale, missing or orphaned.
        #[arg(long)]
        check: bool,
    },
    /// Validate inputs and templates only; write nothing.
    Check {
        /// Plans folders or YAML files.
        #[arg(default_value = "plans")]
        paths: Vec<PathBuf>,
        /// A folder of template overrides.
        #[arg(long)]
        templates: Option<PathBuf>,
    },
}

/// Runs the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build {
            paths,
            out,
            templates,
            check,
        } => {
            let opts = Options {
                paths,
                out,
                templates,
                check,
            };
            match build::run(&opts) {
                Err(d) => fail(&d),
                Ok(s) => {
                    for w in &s.warnings {
                        eprintln!("{w}");
                    }
                    for e in &s.errors {
                        eprintln!("{e}");
                    }
                    for p in &s.problems {
                        println!("{p}");
                    }
                    if check {
                        println!(
                            "checked {} document(s): {} up to date, {} stale/missing/orphaned, {} failed",
                            s.documents,
                            s.unchanged,
                            s.problems.len(),
                            s.failed
                        );
                    } else {
                        println!(
                            "built {} document(s): {} file(s) written, {} unchanged, {} failed",
                            s.documents - s.failed,
                            s.written.len(),
                            s.unchanged,
                            s.failed
                        );
                    }
                    i32::from(!s.ok())
                }
            }
        }
        Command::Check { paths, templates } => {
            let tdir = templates.or_else(|| build::default_templates_dir(&paths));
            if let Err(d) = crate::templates::Templates::load(tdir.as_deref()) {
                return fail(&d);
            }
            let inputs = match crate::load::discover(&paths) {
                Ok(i) => i,
                Err(d) => return fail(&d),
            };
            let mut failed = 0;
            for input in &inputs {
                let result = crate::load::read_text(&input.path)
                    .map_err(|d| vec![d])
                    .and_then(|t| crate::compile::check(&t, &input.path));
                match result {
                    Ok((_, warnings)) => warnings.iter().for_each(|w| eprintln!("{w}")),
                    Err(errors) => {
                        failed += 1;
                        errors.iter().for_each(|e| eprintln!("{e}"));
                    }
                }
            }
            println!("checked {} document(s): {} failed", inputs.len(), failed);
            i32::from(failed > 0)
        }
    }
}

fn fail(d: &Diagnostic) -> i32 {
    eprintln!("{d}");
    1
}
