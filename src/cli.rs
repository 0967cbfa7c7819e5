//! The command line (a contract: scripts and CI call it). Parses arguments and runs the
//! library; printing and exit codes live here, the work does not. This file holds the
//! arguments and the dispatch; each command's printing is in a file of its own under `cli/`
//! (`cli/build.rs` for `build` and `check`, `cli/status.rs`, …), and how every command ends
//! (diagnostics, its JSON object, the exit status) in `cli/output.rs`.

mod build;
mod diff;
mod import;
mod new;
mod next_year;
mod output;
mod remind;
mod status;
mod watch;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{CommandFactory, Parser, Subcommand};
use serde_json::json;

use crate::build::Options;
use output::{finish, print_bytes, wrote};

/// vanban — Vietnamese official documents from YAML: DOCX (Decree 30/2020) and Markdown.
#[derive(Debug, Parser)]
#[command(name = "vanban", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Colour the diagnostics: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print errors only: no progress, no warnings, no summary line.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

/// When diagnostics are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set (to anything but the empty string).
    Auto,
    /// Always, also into a pipe or a file.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build DOCX and Markdown for every document under PATH (default plans/).
    Build {
        /// Plans folders or YAML files (default: the project's plans folder, found from here
        /// upwards: `vanban.toml`, else `plans/`).
        paths: Vec<PathBuf>,
        /// Output folder (default: the project's, `output/` beside the plans folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// A folder of template overrides (default: templates/ beside the plans folder).
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Write nothing; exit 1 and list every output that is stale, missing or orphaned.
        #[arg(long)]
        check: bool,
        /// Rebuild every document, even those whose inputs did not change.
        #[arg(long)]
        force: bool,
        /// Worker threads (default: one per core; at most 256).
        #[arg(long, short = 'j', default_value_t = 0, value_parser = parse_jobs)]
        jobs: usize,
        /// Build only part I of N of the batch (1-based), e.g. --shard 2/4, for a CI matrix.
        #[arg(long, value_parser = parse_shard)]
        shard: Option<(usize, usize)>,
        /// Summary format: text, or json for scripts and CI.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 1 when any document has warnings (lint findings); implies --force, so that
        /// unchanged documents are checked again.
        #[arg(long)]
        deny_warnings: bool,
        /// Also make a PDF (PDF/A-2b) beside each DOCX that changed, with one LibreOffice
        /// process for the batch (needs LibreOffice; `[build] pdf = true` in vanban.toml
        /// does the same).
        #[arg(long)]
        pdf: bool,
    },
    /// Everything `build` does but write: every document validated, rendered through the
    /// templates and made into a DOCX, with the same diagnostics and exit status; the output
    /// folder is neither read nor written.
    Check {
        /// Plans folders or YAML files (default: the project's plans folder, found from here
        /// upwards: `vanban.toml`, else `plans/`).
        paths: Vec<PathBuf>,
        /// A folder of template overrides.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Exit 1 when any document has warnings (lint findings).
        #[arg(long)]
        deny_warnings: bool,
        /// Worker threads (default: one per core).
        #[arg(long, short = 'j', default_value_t = 0)]
        jobs: usize,
        /// Summary format: text, or json for scripts and CI.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Draft next year's plan from this year's: plans/2018/x.yaml → plans/2019/x.yaml.
    ///
    /// Edits the text (comments and layout survive): the year and the years in the summary
    /// and body that mean the plan's own year move forward, references and periods stay,
    /// number and date are removed (the new plan is a draft). Every change is printed; what
    /// cannot be decided is a warning with its line.
    NextYear {
        /// This year's plan.
        file: PathBuf,
        /// The new plan's year (default: the plan's year + 1).
        #[arg(long)]
        year: Option<i32>,
        /// Overwrite the new plan if it exists.
        #[arg(long)]
        force: bool,
        /// Output format: text, or json for scripts and CI (one object on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Turn an existing document (DOCX; DOC, ODT and RTF through LibreOffice) into vanban
    /// YAML: the frame, the section tree with its numbering recomputed, tables, footnotes,
    /// recipients and signature. What it cannot place is kept as text with a
    /// "# kiểm tra" comment. The YAML goes to stdout, or to -o FILE (never overwritten
    /// without --force).
    Import {
        /// The document (.docx, .doc, .odt).
        file: PathBuf,
        /// Write the YAML here instead of printing it.
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// Overwrite the -o file if it exists.
        #[arg(long)]
        force: bool,
        /// Output format: text, or json for scripts and CI (one object on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// What changed between two plans: sections and items added, removed or reworded, targets,
    /// deadlines, recipients and signer.
    Diff {
        /// The old plan.
        old: PathBuf,
        /// The new plan.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Draft the reminder letter (công văn đôn đốc) to the units late or missing with the
    /// plan's deliverables on a day, beside the plan: plans/2018/x.yaml →
    /// plans/2018/x-don-doc-2018-12-01.yaml.
    Remind {
        /// The plan.
        plan: PathBuf,
        /// The day of the reminder, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: NaiveDate,
        /// Only these deliverables (repeat, or separate by commas; default: all): unit-plan,
        /// six-month-report, annual-report, … as the plan's `reporting.deadlines` spell them.
        #[arg(long, value_delimiter = ',', value_parser = parse_deliverable)]
        deliverable: Vec<crate::model::Deliverable>,
        /// The new date to send by (default: a week after --as-of).
        #[arg(long, value_name = "YYYY-MM-DD")]
        by: Option<NaiveDate>,
        /// Overwrite the letter if it exists.
        #[arg(long)]
        force: bool,
        /// Output format: text, or json for scripts and CI (one object on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Which unit sent which plan or report: on time, late, missing, not yet due.
    Status {
        /// The plans folder (with units.yaml; default: the project's).
        path: Option<PathBuf>,
        /// The day to report on, YYYY-MM-DD (default: today in Vietnam, UTC+7).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// Output format: a readable table, json or csv for scripts and spreadsheets, or html
        /// for the status page (one self-contained file).
        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,
        /// Write the HTML status page to FILE (and print the table as --format says).
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// The output folder the page links the reports' DOCX and PDF in (default: output/
        /// beside the plans folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Start a document: a draft plan, unit report, consolidated report or letter with every
    /// key commented, filled with the department's details from the newest plan of the
    /// project (reports: its first unit and that plan). It checks and builds as it is.
    New {
        /// plan, report, consolidated-report or letter.
        #[arg(value_enum)]
        kind: crate::scaffold::Kind,
        /// The new YAML file, e.g. plans/2019/ke-hoach.yaml.
        path: PathBuf,
        /// The document's year (default: the newest plan's, else this year).
        #[arg(long)]
        year: Option<i32>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
        /// Output format: text, or json for scripts and CI (one object on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Build, then rebuild what each save changes until stopped (Ctrl-C): documents, the units
    /// registry, templates and images under PATH. Invalid saves print their diagnostics and
    /// the watch goes on.
    Watch {
        /// Plans folders or YAML files.
        #[arg(default_value = "plans")]
        paths: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// A folder of template overrides (default: templates/ beside the plans folder).
        #[arg(long)]
        templates: Option<PathBuf>,
        /// How long the files must stay unchanged before a rebuild starts, in milliseconds (at
        /// most 3 ms once the saved file is closed after writing or renamed into place).
        #[arg(long, default_value_t = 30, value_name = "MS")]
        debounce: u64,
        /// Output format: text, or json for scripts and CI (one object on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the JSON Schema of the YAML (generated from vanban's own types), for editors: VS
    /// Code's YAML extension reads it through the `# yaml-language-server: $schema=…` line.
    Schema {
        /// document (any kind, the default), plan, report, consolidated-report, letter, units
        /// (plans/units.yaml) or project (vanban.toml).
        #[arg(value_enum, default_value = "document")]
        kind: crate::schema::Kind,
        /// Write every schema file (vanban.schema.json, units.schema.json,
        /// vanban.toml.schema.json) into this folder instead, e.g. `--out schema`.
        #[arg(long, conflicts_with = "kind")]
        out: Option<PathBuf>,
        /// Output format: text, or json for scripts and CI (one object on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the completion script of a shell, e.g.
    /// `vanban completions bash > ~/.local/share/bash-completion/completions/vanban`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        /// Output format: text, or json for scripts and CI (one object on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the man page (roff: `vanban man | man -l -`), or with --out write vanban.1 and
    /// one page per subcommand into a folder.
    Man {
        /// The folder to write the pages into (e.g. ~/.local/share/man/man1).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Output format: text, or json for scripts and CI (one object on stdout).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

fn parse_deliverable(s: &str) -> Result<crate::model::Deliverable, String> {
    crate::model::Deliverable::parse(s).ok_or_else(|| {
        format!("`{s}` is not a deliverable: write unit-plan, six-month-report, annual-report, quarter-2-report, …")
    })
}

/// Output formats of `vanban status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// A readable table.
    Text,
    /// JSON, for scripts (versioned).
    Json,
    /// CSV, one row per plan, unit and deliverable.
    Csv,
    /// The HTML status page.
    Html,
}

/// Output formats of `vanban diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// A reviewer's summary.
    Text,
    /// JSON, for scripts.
    Json,
}

/// Runs the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    use std::io::IsTerminal;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    crate::error::set_color(match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => !no_color && std::io::stderr().is_terminal(),
    });
    output::set_quiet(cli.quiet);
    match cli.command {
        Command::Build {
            paths,
            out,
            templates,
            check,
            force,
            jobs,
            shard,
            format,
            deny_warnings,
            pdf,
        } => {
            let paths = build::or_default_plans(paths);
            let pdf = pdf || build::pdf_in_project(&paths);
            let chosen = out.is_none();
            let out = out.unwrap_or_else(|| crate::build::default_output(&paths));
            if let Some(first) = paths.first().filter(|_| chosen) {
                let root = crate::load::project_root(&crate::load::anchor(first));
                let project = crate::load::project_dir(&root);
                if let Err(d) = crate::paths::chosen_inside("output", "--out", &out, &project) {
                    return output::fail(&d);
                }
            }
            let opts = Options {
                paths,
                out,
                templates,
                check,
                validate_only: false,
                force: force || deny_warnings,
                jobs,
                shard,
            };
            let code = build::run(&opts, format, deny_warnings);
            if pdf {
                code.max(build::pdfs(&opts, format))
            } else {
                code
            }
        }
        Command::Check {
            paths,
            templates,
            deny_warnings,
            jobs,
            format,
        } => {
            let opts = Options {
                paths: build::or_default_plans(paths),
                templates,
                validate_only: true,
                force: true,
                jobs,
                ..Options::default()
            };
            build::run(&opts, format, deny_warnings)
        }
        Command::NextYear {
            file,
            year,
            force,
            format,
        } => next_year::run(file, year, force, format),
        Command::Import {
            file,
            out,
            force,
            format,
        } => import::run(file, out, force, format),
        Command::Diff { old, new, format } => diff::run(old, new, format),
        Command::Remind {
            plan,
            as_of,
            deliverable,
            by,
            force,
            format,
        } => {
            let opts = crate::remind::Options {
                plan,
                as_of,
                deliverables: deliverable,
                by,
                force,
            };
            remind::run(&opts, format)
        }
        Command::Status {
            path,
            as_of,
            format,
            html,
            out,
        } => status::run(path, as_of, format, html, out),
        Command::New {
            kind,
            path,
            year,
            force,
            format,
        } => {
            let opts = crate::scaffold::Options {
                kind,
                path,
                year,
                force,
            };
            new::run(&opts, format)
        }
        Command::Watch {
            paths,
            out,
            templates,
            debounce,
            format,
        } => {
            // `output` is the default (clap's): it must be a folder of the project, as for
            // `build` without `--out`.
            if let Some(first) = paths.first().filter(|_| out == Path::new("output")) {
                let root = crate::load::project_root(&crate::load::anchor(first));
                let project = crate::load::project_dir(&root);
                if let Err(d) = crate::paths::chosen_inside("output", "--out", &out, &project) {
                    return finish("watch", format, 1, &[d], None);
                }
            }
            watch::run(
                Options {
                    paths,
                    out,
                    templates,
                    ..Options::default()
                },
                debounce,
                format,
            )
        }
        Command::Schema {
            kind,
            out: None,
            format: Format::Text,
        } => print_bytes(crate::schema::text(kind).as_bytes()),
        Command::Schema {
            kind,
            out: None,
            format: Format::Json,
        } => {
            let schema: serde_json::Value =
                serde_json::from_str(&crate::schema::text(kind)).unwrap_or_default();
            finish(
                "schema",
                Format::Json,
                0,
                &[],
                Some(json!({ "schema": schema })),
            )
        }
        Command::Schema {
            out: Some(dir),
            format,
            ..
        } => match crate::schema::write_all(&dir) {
            Ok(files) => wrote("schema", format, &files),
            Err(d) => finish("schema", format, 1, &[d], None),
        },
        Command::Completions { shell, format } => {
            let script = crate::shell::completions(Cli::command(), shell);
            match format {
                Format::Text => print_bytes(&script),
                Format::Json => finish(
                    "completions",
                    format,
                    0,
                    &[],
                    Some(json!({
                        "shell": shell.to_string(),
                        "script": String::from_utf8_lossy(&script),
                    })),
                ),
            }
        }
        Command::Man { out: None, format } => match crate::shell::man_page(Cli::command()) {
            Ok(page) if format == Format::Text => print_bytes(&page),
            Ok(page) => finish(
                "man",
                format,
                0,
                &[],
                Some(json!({ "page": String::from_utf8_lossy(&page) })),
            ),
            Err(d) => finish("man", format, 1, &[d], None),
        },
        Command::Man {
            out: Some(dir),
            format,
        } => match crate::shell::write_man_pages(Cli::command(), &dir) {
            Ok(files) => wrote("man", format, &files),
            Err(d) => finish("man", format, 1, &[d], None),
        },
    }
}

/// How a command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For scripts.
    Json,
}

/// Today's date in Vietnam (UTC+7): the only place vanban reads the clock, for the defaults
/// of `status --as-of` and of `new --year`. No output file ever depends on it.
fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs + 7 * 3600) / 86_400;
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    let n: usize = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of threads"))?;
    if n > crate::build::MAX_JOBS {
        return Err(format!(
            "{n} threads is too many: at most {}; 0 means one per core",
            crate::build::MAX_JOBS
        ));
    }
    Ok(n)
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or("write the shard as I/N, e.g. 2/4")?;
    let i: usize = i
        .trim()
        .parse()
        .map_err(|_| format!("`{i}` is not a number"))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a number"))?;
    if n == 0 || i == 0 || i > n {
        return Err(format!("shard {i}/{n} does not exist: I runs from 1 to N"));
    }
    Ok((i, n))
}
