//! Benchmark (prints figures; asserts nothing): how long `vanban watch` takes from the save of
//! one document in the sample tree to its outputs written. Runs the watch loop in-process on
//! a copy of plans/, saves a unit report, the plan and a consolidated report in turn (each
//! several times) and prints the median and worst time per kind of save, measured from the
//! write() to the end of the rebuild (the 30 ms debounce included), and the mean CPU time the
//! process spent per save (Linux, user + system): the wall-clock figure depends on how loaded
//! the machine is, the CPU figure much less.
//!
//! `cargo bench --bench watch` (or `-- 20` for 20 saves of each).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use vanban::build::Options;

/// CPU time used by this process so far, its ended threads included (Linux: user + system
/// time from /proc/self/stat, in clock ticks of 10 ms; zero elsewhere).
fn cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // The fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // utime and stime are the 14th and 15th fields of the line, 12th and 13th here.
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    for entry in walkdir::WalkDir::new(root.join("plans")) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(root).expect("inside");
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    let opts = Options {
        paths: vec![dir.path().join("plans")],
        out: dir.path().join("output"),
        ..Options::default()
    };
    let (tx, rx) = mpsc::channel();
    let (stop, stop_rx) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        let _ = vanban::watch::run(&opts, Duration::from_millis(30), Some(stop_rx), &mut |r| {
            let _ = tx.send(r.map(|r| (r.built.len(), r.elapsed)));
        });
    });
    let first = rx.recv().expect("the first build");
    println!("first build: {first:?}");
    let saves: [(&str, &str, &str); 3] = [
        (
            "a unit report",
            "plans/2018/bao-cao/6-thang/cdc.yaml",
            "còn thiếu.",
        ),
        (
            "a consolidated report",
            "plans/2018/bao-cao-tong-hop-6-thang.yaml",
            "summary:",
        ),
        (
            "the plan (its reports follow)",
            "plans/2018/ke-hoach-phong-chong-mai-dam.yaml",
            "summary:",
        ),
    ];
    println!(
        "{:<30} | {:>5} | {:>8} | {:>11} | {:>10} | {:>15}",
        "save of", "saves", "rebuilt", "median (ms)", "worst (ms)", "mean CPU (ms)"
    );
    for (what, rel, anchor) in saves {
        let file: PathBuf = dir.path().join(rel);
        let text = std::fs::read_to_string(&file).expect("read");
        let mut times = Vec::new();
        let mut cpus = Vec::new();
        let mut rebuilt = 0;
        for i in 0..rounds {
            let edited = if anchor == "summary:" {
                text.replacen("summary: ", &format!("summary: ({i}) "), 1)
            } else {
                text.replacen(anchor, &format!("{anchor} ({i})"), 1)
            };
            std::thread::sleep(Duration::from_millis(50));
            let t = Instant::now();
            let c = cpu();
            std::fs::write(&file, edited).expect("write");
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(Ok((n, _))) => {
                    times.push(t.elapsed());
                    cpus.push(cpu().saturating_sub(c));
                    rebuilt = n;
                }
                other => {
                    println!("{what}: no rebuild ({other:?})");
                    break;
                }
            }
        }
        std::fs::write(&file, &text).expect("restore");
        let _ = rx.recv_timeout(Duration::from_secs(30));
        times.sort();
        // Ticks are 10 ms: the mean over the saves, not the median, says more.
        let cpu_mean = cpus.iter().sum::<Duration>() / (cpus.len().max(1) as u32);
        if let (Some(median), Some(worst)) = (times.get(times.len() / 2), times.last()) {
            println!(
                "{:<30} | {:>5} | {:>8} | {:>11.1} | {:>10.1} | {:>15.1}",
                what,
                times.len(),
                rebuilt,
                median.as_secs_f64() * 1000.0,
                worst.as_secs_f64() * 1000.0,
                cpu_mean.as_secs_f64() * 1000.0
            );
        }
    }
    let _ = stop.send(());
    let _ = thread.join();
}
