//! Benchmark (prints figures; asserts nothing). Builds corpora of copies of the sample plan
//! (each with its own number) in a temporary folder and runs the `vanban` binary on them,
//! measuring each run as a child process: wall time, CPU time (user + system) and peak
//! resident memory (the child's own `ru_maxrss` and rusage, through GNU time).
//!
//! - cold build of `VANBAN_BENCH_N` documents (default 1,000): CPU per document;
//! - a tree of `VANBAN_BENCH_TREE` documents (default 10,000): cold build (peak memory),
//!   no-op rebuild, one-edit rebuild (one document's number changed), `build --check`.
//!
//! `VANBAN_BENCH_BASELINE=/path/to/an/older/vanban` runs every measurement with that binary
//! too and prints both side by side (the README's figures compare with the main of
//! b779d81). `cargo bench --bench build`; `VANBAN_BENCH_TREE=2000 cargo bench --bench build`
//! for a quicker run. Rebuild figures are the best of `VANBAN_BENCH_REPEAT` runs (default 3).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the binary cost.
#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    wall: Duration,
    cpu: Duration,
    /// Peak resident memory, KiB (0 where the system does not say).
    peak_kib: u64,
    ok: bool,
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().replace(['_', ','], "").parse().ok())
        .unwrap_or(default)
}

fn main() {
    let n_cold = env_num("VANBAN_BENCH_N", 1_000);
    let n_tree = env_num("VANBAN_BENCH_TREE", 10_000);
    let repeat = env_num("VANBAN_BENCH_REPEAT", 3).max(1);
    let mut bins: Vec<(String, PathBuf)> =
        vec![("this".into(), PathBuf::from(env!("CARGO_BIN_EXE_vanban")))];
    if let Some(b) = std::env::var_os("VANBAN_BENCH_BASELINE") {
        bins.insert(0, ("baseline".into(), PathBuf::from(b)));
    }
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/2018/ke-hoach-phong-chong-mai-dam.yaml"),
    )
    .expect("the sample plan");
    println!(
        "vanban build benchmark: {} core(s); corpora of copies of the sample plan",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for (name, bin) in &bins {
        println!("  {name}: {}", bin.display());
    }
    println!();
    println!(
        "{:>7} | {:<22} | {:<8} | {:>9} | {:>9} | {:>11} | {:>8}",
        "N", "run", "binary", "wall (s)", "CPU (s)", "CPU/doc ms", "peak MB"
    );
    let row = |n: usize, run: &str, name: &str, c: Cost| {
        println!(
            "{n:>7} | {run:<22} | {name:<8} | {:>9.3} | {:>9.3} | {:>11.3} | {:>8.1}{}",
            c.wall.as_secs_f64(),
            c.cpu.as_secs_f64(),
            c.cpu.as_secs_f64() * 1000.0 / n.max(1) as f64,
            c.peak_kib as f64 / 1024.0,
            if c.ok { "" } else { "  (exit status not 0)" }
        );
    };

    // Cold CPU per document.
    for (name, bin) in &bins {
        let dir = corpus(&sample, n_cold);
        let c = run(bin, dir.path(), &["build", "plans", "--out", "output"]);
        row(n_cold, "cold build", name, c);
    }

    // The large tree: cold, no-op, one edit, check.
    for (name, bin) in &bins {
        let dir = corpus(&sample, n_tree);
        let build = ["build", "plans", "--out", "output"];
        row(n_tree, "cold build", name, run(bin, dir.path(), &build));
        let best = |f: &mut dyn FnMut(usize) -> Cost| {
            (0..repeat)
                .map(f)
                .min_by_key(|c| c.wall)
                .unwrap_or_default()
        };
        // A folder under the output folder is not listed again once a build found its time 2 s
        // old (and nothing in it): wait that long, as any later rebuild would have.
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let noop = best(&mut |_| run(bin, dir.path(), &build));
        row(n_tree, "no-op rebuild", name, noop);
        let edited = dir.path().join("plans/000/plan-00000.yaml");
        let edit = best(&mut |k| {
            let text = sample.replacen("number: 25", &format!("number: {}", n_tree + 1 + k), 1);
            std::fs::write(&edited, text).expect("edit one document");
            run(bin, dir.path(), &build)
        });
        row(n_tree, "one-edit rebuild", name, edit);
        let check = run(
            bin,
            dir.path(),
            &["build", "--check", "plans", "--out", "output"],
        );
        row(n_tree, "build --check", name, check);
    }
    println!();
    println!("(rebuild rows: best wall time of {repeat} runs; CPU/doc divides by N)");
}

/// `n` copies of the sample plan under `plans/000/…`, 1,000 per folder.
fn corpus(sample: &str, n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for i in 0..n {
        let sub = dir.path().join("plans").join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&sub).expect("mkdir");
        let text = sample.replacen("number: 25", &format!("number: {}", i + 1), 1);
        std::fs::write(sub.join(format!("plan-{i:05}.yaml")), text).expect("write");
    }
    dir
}

/// Runs `bin args` in `dir` (quiet, output discarded) and measures it: through GNU time
/// (`/usr/bin/time`, which reports the child's own `ru_maxrss` and CPU from `wait4`) when
/// there is one, else wall time only.
fn run(bin: &Path, dir: &Path, args: &[&str]) -> Cost {
    let time = Path::new("/usr/bin/time");
    let report = dir.join(".bench-time");
    let mut cmd = if time.is_file() {
        let mut c = Command::new(time);
        c.arg("-f")
            .arg("%e %U %S %M")
            .arg("-o")
            .arg(&report)
            .arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.arg("--quiet")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _ = std::fs::remove_file(&report);
    let start = Instant::now();
    let ok = cmd.status().is_ok_and(|s| s.success());
    let wall = start.elapsed();
    let mut cost = Cost {
        wall,
        ok,
        ..Cost::default()
    };
    // The last line: GNU time writes "Command exited with non-zero status" first on failure.
    if let Some(line) = std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| t.lines().last().map(str::to_string))
    {
        let f: Vec<f64> = line
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        if let [_, user, sys, kib] = f[..] {
            cost.cpu = Duration::from_secs_f64(user + sys);
            cost.peak_kib = kib as u64;
        }
    }
    cost
}
