//! The backstop for a template that never ends. A template override is code the project
//! commits, and Tera bounds neither the steps a rendering takes nor the size of the values it
//! builds: `{% for i in range(end=100000) %}{% for j in range(end=100000) %}…` runs for hours
//! without writing anything, and `{% set_global s = s ~ s %}` forty times asks for a
//! terabyte. The writer's cap ([`super::MAX_RENDERED_BYTES`]) catches neither.
//!
//! Every rendering registers here while it runs. One thread, started with the first
//! rendering, looks every 20 ms: when a rendering has run for more than
//! [`MAX_RENDER_SECONDS`], or the process holds more than [`MAX_RESIDENT_BYTES`] of memory
//! while one runs (Linux: `VmRSS` of `/proc/self/status`), it prints an error naming the
//! template and ends the process with status 1. A rendering cannot be interrupted from
//! outside, so the whole build stops; the outputs written so far are complete files (each is
//! renamed into place whole), and the temporary files of the outputs being written are
//! removed by the next build.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use crate::error::Diagnostic;

/// Longest a template may render one document: thousands of times what any document takes
/// (a plan renders in well under a millisecond).
pub(crate) const MAX_RENDER_SECONDS: u64 = 10;

/// Most memory the process may hold while a template renders: about thirty times what a
/// build of 10,000 documents peaks at.
pub(crate) const MAX_RESIDENT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

struct Running {
    started: Instant,
    template: String,
    file: PathBuf,
}

static RUNNING: Mutex<BTreeMap<u64, Running>> = Mutex::new(BTreeMap::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
static WATCHER: Once = Once::new();

/// A rendering being watched; dropping it ends the watch.
pub(crate) struct Watched(u64);

impl Drop for Watched {
    fn drop(&mut self) {
        if let Ok(mut running) = RUNNING.lock() {
            running.remove(&self.0);
        }
    }
}

/// Watches the rendering of `template` (from `file`) until the returned value is dropped.
pub(crate) fn watch(template: &str, file: PathBuf) -> Watched {
    WATCHER.call_once(|| {
        // Without the thread there is no backstop, but the build itself still works.
        let _ = std::thread::Builder::new()
            .name("vanban-template-watchdog".into())
            .spawn(look);
    });
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut running) = RUNNING.lock() {
        running.insert(
            id,
            Running {
                started: Instant::now(),
                template: template.to_string(),
                file,
            },
        );
    }
    Watched(id)
}

fn look() {
    let limit = Duration::from_secs(MAX_RENDER_SECONDS);
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let found = {
            let Ok(running) = RUNNING.lock() else {
                return;
            };
            let Some(oldest) = running.values().min_by_key(|r| r.started) else {
                continue;
            };
            if oldest.started.elapsed() > limit {
                Some(stop(
                    oldest,
                    &format!("has rendered one document for more than {MAX_RENDER_SECONDS} s"),
                ))
            } else {
                resident_bytes()
                    .filter(|&b| b > MAX_RESIDENT_BYTES)
                    .map(|b| {
                        stop(
                            oldest,
                            &format!(
                                "made vanban hold {} MB of memory while rendering one document (the limit is {} MB)",
                                b / (1024 * 1024),
                                MAX_RESIDENT_BYTES / (1024 * 1024)
                            ),
                        )
                    })
            }
        };
        if let Some(d) = found {
            crate::error::emit(&d);
            eprintln!("vanban stopped: a rendering cannot be interrupted, so the build ends here");
            std::process::exit(1);
        }
    }
}

fn stop(r: &Running, what: &str) -> Diagnostic {
    Diagnostic::error(&r.file, format!("the template {} {what}", r.template)).hint(
        "check the template's loops (nested {% for %} over large ranges) and its `set`s (a value concatenated with itself in a loop grows without bound); a document renders in milliseconds",
    )
}

/// The memory the process holds, where the system says (Linux).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line
        .trim_start_matches("VmRSS:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_rendering_is_no_longer_watched_and_memory_is_read() {
        let w = watch("plan.md", PathBuf::from("templates/plan.md"));
        assert!(RUNNING.lock().unwrap().contains_key(&w.0));
        let id = w.0;
        drop(w);
        assert!(!RUNNING.lock().unwrap().contains_key(&id));
        if cfg!(target_os = "linux") {
            let b = resident_bytes().unwrap();
            assert!(b > 0 && b < MAX_RESIDENT_BYTES, "{b}");
        }
    }
}
