//! Benchmark (prints figures; asserts nothing): builds a corpus of N plan-sized documents made
//! from the sample, cold and again with nothing changed, and prints documents per second, wall
//! time and peak memory of the `vanban` process. With pandoc installed, converts the same
//! Markdown to DOCX with it for comparison.
//!
//! `cargo bench --bench build` (N = 1,000 and 10,000), or `cargo bench --bench build -- 500`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if args.is_empty() {
        vec![1_000, 10_000]
    } else {
        args
    };
    let bin = env!("CARGO_BIN_EXE_vanban");
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/2018/ke-hoach-phong-chong-mai-dam.yaml"),
    )
    .expect("the sample plan");
    println!(
        "vanban build benchmark on {} core(s)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>7} | {:<14} | {:>9} | {:>11} | {:>9}",
        "N", "run", "wall (s)", "docs/s", "peak MB"
    );
    for n in sizes {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for i in 0..n {
            let sub = dir.path().join("plans").join(format!("{:03}", i / 1000));
            std::fs::create_dir_all(&sub).expect("mkdir");
            let text = sample.replacen("number: 25", &format!("number: {}", i + 1), 1);
            std::fs::write(sub.join(format!("plan-{i:05}.yaml")), text).expect("write");
        }
        for run in ["cold", "no-op rebuild"] {
            let (wall, peak) = measure(
                Command::new(bin)
                    .args(["build", "plans", "--out", "output"])
                    .current_dir(dir.path()),
            );
            let secs = wall.as_secs_f64();
            println!(
                "{n:>7} | {run:<14} | {secs:>9.3} | {:>11.0} | {:>9.1}",
                n as f64 / secs,
                peak as f64 / 1024.0
            );
        }
        if let Some(p) = pandoc() {
            let m = n.min(200);
            let start = Instant::now();
            for i in 0..m {
                let md = dir
                    .path()
                    .join("output")
                    .join(format!("{:03}", i / 1000))
                    .join(format!("plan-{i:05}.md"));
                let status = Command::new(&p)
                    .arg(&md)
                    .arg("-o")
                    .arg(dir.path().join(format!("pandoc-{i}.docx")))
                    .stderr(Stdio::null())
                    .status();
                if !status.is_ok_and(|s| s.success()) {
                    println!("pandoc failed on {}", md.display());
                    break;
                }
            }
            let per_doc = start.elapsed().as_secs_f64() / m as f64;
            println!(
                "{n:>7} | {:<14} | {:>9.3} | {:>11.0} | {:>9}",
                "pandoc",
                per_doc * n as f64,
                1.0 / per_doc,
                "-"
            );
            println!("        (pandoc timed on {m} files, one process each, and scaled to N)");
        }
    }
}

/// Runs the command, returns its wall time and peak resident memory (VmHWM, in KiB), sampled
/// from /proc while it runs.
fn measure(cmd: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("vanban runs");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = s
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
            {
                peak = peak.max(kb);
            }
        }
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    (start.elapsed(), peak)
}

fn pandoc() -> Option<String> {
    let ok = Command::new("pandoc")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| "pandoc".to_string())
}
