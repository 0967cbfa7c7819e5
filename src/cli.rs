//! The command line (a contract: scripts and CI call it). Parses arguments and runs the
//! library; printing and exit codes live here, the work does not.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{CommandFactory, Parser, Subcommand};
use serde_json::json;

use crate::build::{self, Options};
use crate::error::Diagnostic;

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

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints a diagnostic (warnings not under `--quiet`).
fn emit(d: &Diagnostic) {
    if !quiet() || d.is_error() {
        crate::error::emit(d);
    }
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
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
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
            let paths = or_default_plans(paths);
            let pdf = pdf || pdf_in_project(&paths);
            let chosen = out.is_none();
            let out = out.unwrap_or_else(|| build::default_output(&paths));
            if let Some(first) = paths.first().filter(|_| chosen) {
                let root = crate::load::project_root(&crate::load::anchor(first));
                let project = crate::load::project_dir(&root);
                if let Err(d) = crate::paths::chosen_inside("output", "--out", &out, &project) {
                    return fail(&d);
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
            let code = build(&opts, format, deny_warnings);
            if pdf {
                code.max(pdfs(&opts, format))
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
                paths: or_default_plans(paths),
                templates,
                validate_only: true,
                force: true,
                jobs,
                ..Options::default()
            };
            build(&opts, format, deny_warnings)
        }
        Command::NextYear {
            file,
            year,
            force,
            format,
        } => next_year(file, year, force, format),
        Command::Import {
            file,
            out,
            force,
            format,
        } => import(file, out, force, format),
        Command::Diff { old, new, format } => diff(old, new, format),
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
            remind(&opts, format)
        }
        Command::Status {
            path,
            as_of,
            format,
            html,
            out,
        } => status(path, as_of, format, html, out),
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
            new(&opts, format)
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
            watch(
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

fn watch(opts: Options, debounce: u64, format: Format) -> i32 {
    let mut first = true;
    let names: Vec<String> = opts.paths.iter().map(|p| p.display().to_string()).collect();
    let result = crate::watch::run(
        &opts,
        std::time::Duration::from_millis(debounce),
        None,
        &mut |r| {
            match format {
                Format::Text => crate::watch::print_rebuild(r),
                // One object a line (JSON Lines), one line per rebuild.
                Format::Json => {
                    let (diagnostics, body) = match &r {
                        Ok(r) => (
                            r.diagnostics.as_slice(),
                            Some(crate::watch::rebuild_json(r)),
                        ),
                        Err(d) => (std::slice::from_ref(d), None),
                    };
                    diagnostics.iter().for_each(emit);
                    let ok = r.as_ref().is_ok_and(|r| r.failed.is_empty());
                    let e = crate::json::Envelope::new("watch", ok, diagnostics, body.as_ref());
                    println!("{}", e.to_line());
                    use std::io::Write;
                    let _ = std::io::stdout().flush();
                }
            }
            if std::mem::take(&mut first) {
                let line = format!("watching {} (Ctrl-C to stop)", names.join(", "));
                match format {
                    Format::Text => println!("{line}"),
                    Format::Json => eprintln!("{line}"),
                }
            }
        },
    );
    match result {
        Ok(()) => 0,
        Err(d) => finish("watch", format, 1, &[d], None),
    }
}

/// Ends a command other than `build` and `check`: prints its diagnostics (on stderr) and,
/// with `--format json`, its object on stdout (see [`crate::json`]); returns `code`.
fn finish(
    command: &'static str,
    format: Format,
    code: i32,
    diagnostics: &[Diagnostic],
    body: Option<serde_json::Value>,
) -> i32 {
    diagnostics.iter().for_each(emit);
    if format == Format::Json {
        let e = crate::json::Envelope::new(command, code == 0, diagnostics, body.as_ref());
        return code.max(print_bytes(e.to_text().as_bytes()));
    }
    code
}

/// Ends a command that wrote `files`: a `wrote` line each, or their list in JSON.
fn wrote(command: &'static str, format: Format, files: &[PathBuf]) -> i32 {
    if format == Format::Text {
        files.iter().for_each(|f| println!("wrote {}", f.display()));
        return 0;
    }
    finish(command, format, 0, &[], Some(json!({ "written": files })))
}

/// Writes generated text to stdout; a closed pipe is not an error.
fn print_bytes(bytes: &[u8]) -> i32 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            1
        }
    }
}

/// The paths given, or the project's plans folder.
/// Whether the project of the first path asks for PDFs (`[build] pdf = true`).
fn pdf_in_project(paths: &[PathBuf]) -> bool {
    paths
        .first()
        .and_then(|p| crate::config::find(p).ok().flatten())
        .is_some_and(|project| project.file.build.pdf)
}

/// `build --pdf` after the build: converts each DOCX whose PDF is missing or older (one
/// LibreOffice run for all), removes PDFs whose DOCX is gone; with `--check`, lists them
/// instead. Returns the exit code.
fn pdfs(opts: &Options, format: Format) -> i32 {
    let jobs = crate::pdf::stale(&opts.out, &[]);
    let orphans = crate::pdf::orphans(&opts.out);
    let say = |line: String| {
        if format == Format::Json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    if opts.check {
        for j in &jobs {
            say(format!("stale or missing: {}", j.pdf.display()));
        }
        for o in &orphans {
            say(format!("orphaned: {}", o.display()));
        }
        say(format!(
            "checked PDFs: {} stale or missing, {} orphaned",
            jobs.len(),
            orphans.len()
        ));
        return i32::from(!jobs.is_empty() || !orphans.is_empty());
    }
    let removed = orphans
        .iter()
        .filter(|o| std::fs::remove_file(o).is_ok())
        .count();
    let report = crate::pdf::convert(&jobs);
    for e in &report.errors {
        eprintln!("{e}");
    }
    say(format!(
        "PDF: {} converted with LibreOffice, {} failed, {} unchanged, {} orphan(s) removed",
        report.written.len(),
        jobs.len() - report.written.len(),
        crate::pdf::count_pdfs(&opts.out).saturating_sub(report.written.len()),
        removed
    ));
    i32::from(!report.errors.is_empty())
}

fn or_default_plans(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![crate::load::default_plans()]
    } else {
        paths
    }
}

fn next_year(file: PathBuf, year: Option<i32>, force: bool, format: Format) -> i32 {
    let opts = crate::next_year::Options { file, year, force };
    let d = match crate::next_year::run(&opts) {
        Err(errors) => return finish("next-year", format, 1, &errors, None),
        Ok(d) => d,
    };
    let target = d.target.display();
    if format == Format::Json {
        let changes: Vec<serde_json::Value> = d
            .changes
            .iter()
            .map(|c| json!({ "line": c.line, "key": c.key, "old": c.old, "new": c.new }))
            .collect();
        let body = json!({
            "written": [d.target],
            "old_year": d.old_year,
            "new_year": d.new_year,
            "changes": changes,
        });
        return finish("next-year", format, 0, &d.warnings, Some(body));
    }
    for c in &d.changes {
        println!("{target}:{}: {}: {} → {}", c.line, c.key, c.old, c.new);
    }
    for w in &d.warnings {
        emit(w);
    }
    println!(
        "wrote {target}: a {} draft from the {} plan, {} change(s), {} warning(s) to review",
        d.new_year,
        d.old_year,
        d.changes.len(),
        d.warnings.len()
    );
    0
}

fn import(file: PathBuf, out: Option<PathBuf>, force: bool, format: Format) -> i32 {
    let opts = crate::import::Options {
        file: file.clone(),
        out,
        force,
    };
    let o = match crate::import::run(&opts) {
        Err(d) => return finish("import", format, 1, &[d], None),
        Ok(o) => o,
    };
    // Warnings: problems of the YAML read back; the file is written all the same.
    let code = i32::from(!o.warnings.is_empty());
    if format == Format::Json {
        let s = &o.summary;
        let body = json!({
            "written": o.written.iter().collect::<Vec<_>>(),
            "yaml": o.written.is_none().then_some(&o.yaml),
            "recognised": {
                "kind": s.kind,
                "symbol": s.symbol,
                "issuer": s.issuer,
                "sections": s.sections,
                "items": s.items,
                "tables": s.tables,
                "notes": s.notes,
                "recipients": s.recipients,
                "signature": s.signature,
                "indicators": s.indicators,
                "deadlines": s.deadlines,
                "appendices": s.appendices,
                "checks": s.checks,
                "converted_from": s.converted_from,
            },
        });
        return finish("import", format, code, &o.warnings, Some(body));
    }
    if o.written.is_none() {
        print!("{}", o.yaml);
    }
    for w in &o.warnings {
        emit(w);
    }
    if !quiet() {
        eprintln!("{}", crate::import::summary_line(&file, &o));
    }
    code
}

fn remind(opts: &crate::remind::Options, format: Format) -> i32 {
    use crate::remind::{Outcome, Owed};
    let outcome = match crate::remind::run(opts) {
        Ok(o) => o,
        Err(errors) => return finish("remind", format, 1, &errors, None),
    };
    if format == Format::Text {
        print!("{}", crate::remind::describe(&outcome, opts.as_of));
        return 0;
    }
    let body = match &outcome {
        Outcome::NothingLate { title } => json!({
            "written": [], "as_of": opts.as_of.to_string(), "plan_title": title, "units": [],
        }),
        Outcome::Wrote { path, concerns, by } => {
            let units: Vec<serde_json::Value> = concerns
                .iter()
                .map(|c| {
                    let owed: Vec<serde_json::Value> = c
                        .owed
                        .iter()
                        .map(|o| match o {
                            Owed::Missing {
                                deliverable,
                                due,
                                days,
                            } => json!({
                                "deliverable": deliverable.key(), "status": "missing",
                                "due": due.to_string(), "days": days,
                            }),
                            Owed::Late {
                                deliverable,
                                due,
                                sent,
                                days,
                            } => json!({
                                "deliverable": deliverable.key(), "status": "late",
                                "due": due.to_string(), "sent": sent.to_string(), "days": days,
                            }),
                        })
                        .collect();
                    json!({ "unit": c.unit, "name": c.name, "owed": owed })
                })
                .collect();
            json!({
                "written": [path], "as_of": opts.as_of.to_string(), "by": by.to_string(),
                "units": units,
            })
        }
    };
    finish("remind", format, 0, &[], Some(body))
}

fn new(opts: &crate::scaffold::Options, format: Format) -> i32 {
    let w = match crate::scaffold::run(opts, chrono::Datelike::year(&today())) {
        Ok(w) => w,
        Err(d) => return finish("new", format, 1, &[d], None),
    };
    if format == Format::Json {
        let mut written = vec![w.document.clone()];
        written.extend(w.schema.iter().cloned());
        let body = json!({ "written": written, "document": w.document, "schema": w.schema });
        return finish("new", format, 0, &[], Some(body));
    }
    for f in &w.schema {
        println!(
            "wrote {} (the schema the editor checks against)",
            f.display()
        );
    }
    println!(
        "wrote {}: a draft to fill in; then `vanban check {}`",
        w.document.display(),
        w.document.display()
    );
    0
}

fn diff(old: PathBuf, new: PathBuf, format: DiffFormat) -> i32 {
    let json = match format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Json => Format::Json,
    };
    let load = |p: &PathBuf| crate::load::read_text(p).and_then(|t| crate::load::parse(&t, p));
    let (a, b) = match (load(&old), load(&new)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let errors: Vec<Diagnostic> = a.err().into_iter().chain(b.err()).collect();
            return finish("diff", json, 1, &errors, None);
        }
    };
    use crate::model::Document;
    let (on, nn) = (old.display().to_string(), new.display().to_string());
    let report = match (a, b) {
        (Document::Plan(a), Document::Plan(b)) => crate::diff::plans(&a, &b, &on, &nn),
        (Document::Letter(a), Document::Letter(b)) => crate::diff::letters(&a, &b, &on, &nn),
        _ => {
            let d = Diagnostic::error(
                &new,
                "the two documents are not of one kind that `vanban diff` compares",
            )
            .hint("give two plans (`kind: plan`) or two letters (`kind: letter`)");
            return finish("diff", json, 2, &[d], None);
        }
    };
    match format {
        DiffFormat::Text => print!("{}", crate::diff::to_text(&report)),
        DiffFormat::Json => print!("{}", crate::diff::to_json(&report)),
    }
    0
}

fn status(
    path: Option<PathBuf>,
    as_of: Option<NaiveDate>,
    format: StatusFormat,
    html: Option<PathBuf>,
    out: Option<PathBuf>,
) -> i32 {
    let json = match format {
        StatusFormat::Json => Format::Json,
        _ => Format::Text,
    };
    let path = path.unwrap_or_else(crate::load::default_plans);
    if !path.is_dir() {
        let d = Diagnostic::error(&path, "no such folder")
            .hint("give the plans folder that holds units.yaml; the default is plans/");
        return finish("status", json, 1, &[d], None);
    }
    let root = crate::load::project_root(&crate::load::anchor(&path));
    let (project, mut problems) = crate::project::Project::load(&root);
    if project.registry.is_none() {
        problems.push(
            Diagnostic::error(root.join(crate::load::UNITS_FILE), "no units registry")
                .hint("create units.yaml with a `units:` list (see README.md)"),
        );
    }
    // A document that does not parse might be a report: say so, since the table may miss it.
    for entry in project.documents.values().filter(|e| e.doc.is_none()) {
        if let Err(d) = crate::load::parse(&entry.text, &entry.path) {
            problems.push(d);
        }
    }
    problems.iter().for_each(emit);
    let failed = !problems.is_empty();
    let as_of = as_of.unwrap_or_else(today);
    let s = crate::status::status(&project, as_of);
    let out = out.unwrap_or_else(|| build::default_output(std::slice::from_ref(&root)));
    let page = |at: &Path| crate::status_page::page_from(&project, &s, &out, at);
    match format {
        StatusFormat::Text => print!("{}", crate::status::to_text(&s)),
        StatusFormat::Json => print!("{}", crate::status::to_json(&s, !failed, &problems)),
        StatusFormat::Csv => print!("{}", crate::status::to_csv(&s)),
        StatusFormat::Html => print!("{}", page(Path::new("."))),
    }
    if let Some(file) = html {
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        if let Err(e) = crate::write::write_atomic(&file, page(&dir).as_bytes()) {
            return fail(
                &Diagnostic::error(&file, format!("cannot write the status page: {e}"))
                    .hint("check that the folder exists and is writable"),
            );
        }
        eprintln!("wrote {}", file.display());
    }
    i32::from(failed)
}

/// Today's date in Vietnam (UTC+7): the only place vanban reads the clock, for the default of
/// `status --as-of`. No output file ever depends on it.
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

fn fail(d: &Diagnostic) -> i32 {
    emit(d);
    1
}

/// How a command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For scripts.
    Json,
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    let n: usize = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of threads"))?;
    if n > build::MAX_JOBS {
        return Err(format!(
            "{n} threads is too many: at most {}; 0 means one per core",
            build::MAX_JOBS
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

/// Says why warnings failed the run.
fn deny_note(deny: bool, warnings: usize) {
    if deny && warnings > 0 {
        eprintln!("error: {warnings} warning(s), and --deny-warnings makes them fail the run");
    }
}

fn build(opts: &Options, format: Format, deny_warnings: bool) -> i32 {
    use std::io::IsTerminal;
    let bar = (format == Format::Text && !quiet() && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} document(s) {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let plain = format == Format::Text && !quiet() && bar.is_none();
    let progress = |input: &crate::load::Input, outcome: build::Outcome| {
        if let Some(bar) = &bar {
            bar.inc(1);
            bar.set_message(input.path.display().to_string());
        } else if plain && outcome != build::Outcome::Unchanged {
            let what = match outcome {
                build::Outcome::Built if opts.check => "stale",
                build::Outcome::Built => "built",
                _ => "failed",
            };
            let path = input.path.display().to_string();
            eprintln!("{what}: {}", crate::error::shown(&path));
        }
    };
    // Text: each diagnostic printed as the batch goes (memory does not grow with them). JSON:
    // kept for the summary, and printed on stderr too, so that a failing CI step shows why.
    let mut print = |d: &crate::error::Diagnostic| match &bar {
        Some(bar) => bar.suspend(|| emit(d)),
        None => emit(d),
    };
    let sink: Option<build::Sink<'_>> = (format == Format::Text).then_some(&mut print);
    let result = build::run_with(opts, &progress, sink);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let s = match result {
        Err(d) => return fail(&d),
        Ok(s) => s,
    };
    for d in &s.diagnostics {
        emit(d);
    }
    if format == Format::Json {
        /// The summary with `ok`, as every command's object has (see [`crate::json`]).
        #[derive(serde::Serialize)]
        struct WithOk<'a> {
            #[serde(flatten)]
            summary: &'a build::Summary,
            ok: bool,
        }
        let ok = s.ok() && !(deny_warnings && s.warning_count > 0);
        match serde_json::to_string_pretty(&WithOk { summary: &s, ok }) {
            Ok(j) => println!("{j}"),
            Err(e) => eprintln!("error: cannot print the summary: {e}"),
        }
        return i32::from(!s.ok() || (deny_warnings && s.warning_count > 0));
    }
    for p in &s.problems {
        println!("{}", crate::error::shown(&p.to_string()));
    }
    if quiet() {
        deny_note(deny_warnings, s.warning_count);
        return i32::from(!s.ok() || (deny_warnings && s.warning_count > 0));
    }
    let orphaned = s
        .problems
        .iter()
        .filter(|p| matches!(p, build::Problem::Orphaned(_)))
        .count();
    if opts.validate_only {
        println!(
            "checked {} document(s): {} failed, {} warning(s)",
            s.documents, s.failed, s.warning_count
        );
    } else if opts.check {
        println!(
            "checked {} document(s): {} fresh, {} stale or missing output(s), {} orphaned, {} failed",
            s.documents,
            s.unchanged,
            s.problems.len() - orphaned,
            orphaned,
            s.failed
        );
    } else {
        println!(
            "built {} document(s): {} rebuilt, {} unchanged, {} failed; {} file(s) written, {} orphan(s) removed",
            s.documents,
            s.built,
            s.unchanged,
            s.failed,
            s.written_count,
            s.removed.len()
        );
    }
    deny_note(deny_warnings, s.warning_count);
    i32::from(!s.ok() || (deny_warnings && s.warning_count > 0))
}
