//! The batch driver: finds the inputs, compiles them in parallel, writes the outputs
//! atomically, skips documents whose inputs did not change (a manifest of content hashes), and
//! with `--check` compares instead of writing. One bad document never stops the batch.
//!
//! The stages, in the order [`run`] goes through them, each in its own file:
//! - [`guard`]: the output folder is refused when it would mix with inputs; the default
//!   templates and output folders;
//! - `scan`: the plans folders listed, each document stat-ed and, when it is not as the
//!   manifest recorded, read once (`Doc`, `Facts`);
//! - `fresh`: the cache keys (the tool, templates and project file; each document; a
//!   report's whole folder), and which documents the manifest says are fresh;
//! - `numbers` and `projects`: the checks over the whole batch (duplicate numbers) and the
//!   project each folder's reports read;
//! - `document`: one document compiled, compared with its outputs and written
//!   (`DocResult`); `gather` collects the results in input order (`Acc`);
//! - `finish`: orphans and leftovers (through `walk_out`, the output folder's one walk), and
//!   the manifest written (its format: `manifest`);
//! - `outputs`: where a document's outputs go, and whether a recorded output is still ours.
//!   What a build is asked and says: `options`, `summary`. Writes are atomic
//!   ([`crate::write`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::Diagnostic;
use crate::load::{self, Input};
use crate::templates::Templates;
use crate::world::World;

mod document;
mod finish;
mod fresh;
mod gather;
mod guard;
mod manifest;
mod numbers;
mod options;
mod outputs;
mod projects;
mod registries;
mod scan;
mod stamps;
mod summary;
mod walk_out;

pub use options::Options;
pub use summary::{Outcome, Problem, Summary};

pub(crate) use guard::{default_output, default_templates_dir, guard_out};
pub(crate) use options::{MANIFEST, MAX_JOBS, MAX_MANIFEST_BYTES};
pub(crate) use summary::Sink;

use gather::{Acc, Made};
use manifest::{Hash, Manifest};

/// Runs a build (or a check) and reports what happened. `progress` is called once per
/// document, from any thread, with the document and its outcome.
///
/// The cheap path first: every document is stat-ed, and read and hashed only when its size
/// or modification time is not the manifest's; when each input's hash (with the templates,
/// the tool and, for reports, the whole plans folder) matches the manifest and its outputs
/// are as written, nothing is parsed. Otherwise the reports and the plans they name are
/// loaded, duplicate numbers are checked over the whole batch, and the changed documents are
/// compiled, in parallel.
pub fn run(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
) -> Result<Summary, Diagnostic> {
    run_with(opts, progress, None)
}

/// Like [`run`], but hands every diagnostic to `sink` as the batch goes (in document order:
/// each document's warnings, then its errors; then those of the batch as a whole) instead of
/// keeping them in the summary: [`Summary::diagnostics`], `errors`, `warnings` and
/// `written` stay empty and only their counts are kept, so memory does not grow with them.
/// `progress` is called in input order too.
pub(crate) fn run_with(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    sink: Option<Sink<'_>>,
) -> Result<Summary, Diagnostic> {
    run_in(opts, progress, sink, None)
}

/// Like [`run`], keeping in `world` what the next build can reuse (the compiled templates,
/// the parsed documents, each document's outputs and what they were made from): `vanban
/// watch`. The outputs are those [`run`] writes.
pub(crate) fn run_kept(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    world: &World,
) -> Result<Summary, Diagnostic> {
    run_in(opts, progress, None, Some(world))
}

fn run_in(
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    sink: Option<Sink<'_>>,
    world: Option<&World>,
) -> Result<Summary, Diagnostic> {
    // `.` in plans/2018 is `../2018`: every later search is lexical.
    let anchored = Options {
        paths: opts.paths.iter().map(|p| load::anchor(p)).collect(),
        ..opts.clone()
    };
    let opts = &anchored;
    let tdir = opts
        .templates
        .clone()
        .or_else(|| default_templates_dir(&opts.paths));
    if let (None, Some(t), Some(first)) = (&opts.templates, &tdir, opts.paths.first()) {
        let project = load::project_dir(&load::project_root(first));
        crate::paths::chosen_inside("templates", "--templates", t, &project)?;
    }
    if !opts.validate_only {
        guard_out(&opts.out, &opts.paths, tdir.as_deref())?;
    }
    // The manifest's bytes, which its records borrow from.
    let bytes = if opts.validate_only {
        Vec::new()
    } else {
        crate::paths::read_confined(&opts.out.join(MANIFEST), &opts.out, MAX_MANIFEST_BYTES)
            .unwrap_or_default()
    };
    let mut strings = String::new();
    // The plans folders are walked on a thread of their own while the templates load and
    // the manifest is read (at 10,000 documents each takes a few ms).
    let (found, templates, old) = std::thread::scope(|s| {
        let walk = s.spawn(|| load::discover_checked(&opts.paths));
        let templates = match world {
            Some(w) => w.templates(tdir.as_deref()),
            None => Templates::load(tdir.as_deref()).map(std::sync::Arc::new),
        };
        let old = Manifest::parse(&bytes, &mut strings).unwrap_or_else(|| Manifest {
            outputs: if bytes.is_empty() {
                Vec::new()
            } else {
                manifest::outputs_of_older(&bytes)
            },
            ..Manifest::default()
        });
        let found = walk
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (found, templates, old)
    });
    let (all, refused) = found?;
    let templates = templates?;
    let mut shared = fresh::shared_key(&templates);
    // The project file's defaults are part of every document.
    if let Some(first) = opts.paths.first() {
        if let Some(p) = crate::config::find(first)? {
            shared.extend(Sha256::digest(p.text.as_bytes()));
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.min(MAX_JOBS))
        .build()
        .map_err(|e| Diagnostic::error(&opts.out, format!("cannot start worker threads: {e}")))?;
    // The driver runs on this thread and hands each parallel stage to the pool: what it
    // keeps for the whole batch is then allocated apart from the workers' short-lived
    // buffers (which otherwise fragment the heap and hold on to memory).
    let mut acc = run_in_pool(
        &pool, opts, progress, sink, &all, &templates, &shared, &old, world,
    )?;
    // Symlinks leading out of the plans folder: refused, each a failed document.
    acc.summary.documents += refused.len();
    acc.summary.failed += refused.len();
    for d in refused {
        acc.diagnostic(d);
    }
    Ok(acc.summary)
}

/// The manifest a build keeps in its output folder (`bytes`: the file `.vanban-manifest.json`,
/// of any version a build reads) as the text of its version 5, one line per record (see
/// "The cache" in the README); `None` when the bytes are not a whole manifest. A build reads
/// that text back as it is (and writes its own version again the next time it writes).
pub fn manifest_text(bytes: &[u8]) -> Option<String> {
    manifest::as_text(bytes)
}

/// Documents compiled between two hand-overs of results: enough to keep every worker busy,
/// few enough that memory does not grow with the batch.
const CHUNK_PER_THREAD: usize = 32;

#[allow(clippy::too_many_arguments)]
fn run_in_pool<'a, 'm>(
    pool: &rayon::ThreadPool,
    opts: &Options,
    progress: &(dyn Fn(&Input, Outcome) + Sync),
    sink: Option<Sink<'a>>,
    all: &[Input],
    templates: &Templates,
    shared: &[u8],
    old: &Manifest<'m>,
    world: Option<&World>,
) -> Result<Acc<'a>, Diagnostic> {
    // `--force` and `--check` trust nothing the manifest says of the inputs and outputs.
    let use_cache = !(opts.check || opts.force || opts.validate_only);
    let (roots, walked) = scan::folders(opts);
    // Inputs whose outputs would be one file: failed, never built (see `collisions`); found
    // while the inputs are stat-ed.
    let ((docs, of_input), collided) = pool.join(
        || scan::scan(pool, opts, all, &roots, &walked, old, use_cache),
        || crate::collisions::find(all),
    );
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); roots.len()];
    for (d, doc) in docs.iter().enumerate() {
        members[doc.root].push(d);
    }
    // The batch: every input, or one shard of them.
    let batch: Vec<usize> = of_input
        .iter()
        .enumerate()
        .filter(|(k, _)| opts.shard.is_none_or(|(i, n)| k % n == i - 1))
        .filter_map(|(_, d)| *d)
        .collect();
    // What every document depends on, as one hash (recorded in the manifest).
    let shared_hash = fresh::digest(shared);
    let mut registries = registries::Registries::new(roots.len());
    let keys = fresh::keys(
        pool,
        shared,
        &roots,
        &registries,
        &members,
        &docs,
        &batch,
        fresh::Recorded {
            old,
            shared: shared_hash,
            use_cache,
        },
    );
    // What the manifest says is still fresh, each output stat-ed once.
    let stat_outputs = || fresh::fresh(pool, &opts.out, &docs, &batch, &keys, old, use_cache);
    // The documents built whatever their outputs are (by position in the batch). When
    // they are a few (a rebuild after an edit), they are built while the outputs of the
    // others are stat-ed: a document's build keeps one core busy, the stats take the rest.
    let changed = fresh::changed(&docs, &batch, &keys, old, use_cache);
    let chunk = CHUNK_PER_THREAD * pool.current_num_threads().max(1);
    let early = use_cache && !changed.is_empty() && changed.len() <= chunk;
    let mut fresh = if early { Vec::new() } else { stat_outputs() };
    let all_fresh = !early && collided.is_empty() && fresh.iter().all(|f| *f);

    let mut acc = Acc {
        summary: Summary {
            documents: batch.len(),
            command: match (opts.validate_only, opts.check) {
                (true, _) => "check",
                (_, true) => "build --check",
                _ => "build",
            },
            ..Summary::default()
        },
        sink,
        made: docs.iter().map(|_| Made::Nothing).collect(),
        loose: BTreeMap::new(),
    };
    let mut registry = Vec::new();
    if all_fresh {
        for &d in &batch {
            progress(docs[d].input, Outcome::Unchanged);
            acc.count(Outcome::Unchanged);
            acc.made[d] = Made::Recorded;
        }
    } else {
        // The errors of the batch as a whole, by document.
        let batch_errors = || {
            let mut errors = numbers::duplicate_numbers(&docs, &of_input, old);
            crate::collisions::merge(&mut errors, &collided);
            errors
        };
        let (projects, registry_problems) = pool
            .install(|| projects::lean_projects(&roots, &mut registries, &members, &docs, world));
        let kept = world.map(|w| w.build(shared, projects.iter()));
        let work = |errors: &BTreeMap<PathBuf, Vec<Diagnostic>>,
                    (&d, (key, fresh)): (&usize, (&Option<Hash>, &bool))| {
            let doc = &docs[d];
            let errors = errors.get(&doc.input.path).map_or(&[][..], Vec::as_slice);
            if *fresh && errors.is_empty() {
                let mut r = document::DocResult::new(Outcome::Unchanged);
                r.reuse = true;
                return r;
            }
            let project = projects.get(doc.root).unwrap_or(&projects::EMPTY);
            document::build_one(
                doc,
                opts,
                templates,
                *key,
                fresh::recorded(doc, old, use_cache),
                errors,
                project,
                kept.as_ref(),
            )
        };
        // The changed documents built now, by position in the batch (see `early`).
        let mut built: BTreeMap<usize, document::DocResult> = BTreeMap::new();
        let errors = if early {
            let build_changed = || {
                let errors = batch_errors();
                let results: Vec<_> = changed
                    .par_iter()
                    .map(|&i| (i, work(&errors, (&batch[i], (&keys[i], &false)))))
                    .collect();
                (errors, results)
            };
            let (stats, (errors, results)) =
                pool.install(|| rayon::join(stat_outputs, build_changed));
            fresh = stats;
            built.extend(results);
            errors
        } else {
            pool.install(batch_errors)
        };
        for (c, ((ds, ks), fs)) in batch
            .chunks(chunk)
            .zip(keys.chunks(chunk))
            .zip(fresh.chunks(chunk))
            .enumerate()
        {
            let mut done: Vec<Option<document::DocResult>> = (0..ds.len())
                .map(|i| built.remove(&(c * chunk + i)))
                .collect();
            // A chunk where nothing is left to build (nearly every chunk of a rebuild after
            // one edit) is gone through here: handing it to the pool costs more than it.
            let nothing_to_build = fs.iter().zip(ds).zip(&done).all(|((f, &d), r)| {
                r.is_some() || (*f && !errors.contains_key(&docs[d].input.path))
            });
            let each = |(r, x): (&mut Option<document::DocResult>, _)| {
                r.take().unwrap_or_else(|| work(&errors, x))
            };
            let results: Vec<document::DocResult> = if nothing_to_build {
                done.iter_mut()
                    .zip(ds.iter().zip(ks.iter().zip(fs)))
                    .map(each)
                    .collect()
            } else {
                pool.install(|| {
                    done.par_iter_mut()
                        .zip(ds.par_iter().zip(ks.par_iter().zip(fs)))
                        .map(each)
                        .collect()
                })
            };
            for (&d, r) in ds.iter().zip(&results) {
                progress(docs[d].input, r.outcome);
            }
            for (&d, r) in ds.iter().zip(results) {
                acc.document(d, &docs[d].key, r);
            }
        }
        registry = registry_problems;
    }
    drop(fresh);
    drop(keys);
    let mut acc = finish::finish(opts, &docs, &batch, acc, old, shared_hash);
    // The registry's own problems are reported once.
    for d in registry {
        acc.diagnostic(d);
    }
    Ok(acc)
}
