//! The status page in a real browser: `vanban status --html FILE` rendered by headless
//! Chromium. The grid read back from the browser's DOM must say what `status --format json`
//! says, each link must lead to a file that exists, the screenshot must be a real picture, and
//! printing must give A4 landscape pages. Without Chromium the test says it is skipped, except
//! under CI=true, where it fails.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use common::*;

/// Chromium, or `None` (and the reason printed) when it is not installed outside CI.
fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("CHROMIUM").map(PathBuf::from),
        Some(PathBuf::from("/usr/bin/chromium")),
        Some(PathBuf::from("/usr/bin/chromium-browser")),
    ];
    if let Some(found) = candidates.into_iter().flatten().find(|p| p.is_file()) {
        return Some(found);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true and Chromium is missing: apt-get install chromium (.ci/run does)");
    }
    common::skipped("the browser test needs Chromium (apt-get install chromium)");
    None
}

/// Runs headless Chromium with `args` on `page`; returns its standard output.
fn browse(chromium: &Path, page: &Path, args: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.display());
    let out = Process::new("timeout")
        .arg("120")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The attributes of every element `<tag …>` of `html` that has `data-status`.
fn cells(html: &str, tag: &str) -> Vec<BTreeMap<String, String>> {
    let open = format!("<{tag} ");
    html.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .map(attributes)
        .filter(|a| a.contains_key("data-status"))
        .collect()
}

fn attributes(tag: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq]
            .trim()
            .rsplit(' ')
            .next()
            .unwrap_or("")
            .to_string();
        let after = &rest[eq + 2..];
        let end = after.find('"').unwrap_or(after.len());
        let value = after[..end]
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        out.insert(name, value);
        rest = &after[(end + 1).min(after.len())..];
    }
    out
}

/// The text of an HTML fragment, tags removed and spaces collapsed.
fn text_of(cell_html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in cell_html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn vanban(args: &[&str]) -> (String, String) {
    let out = Command::cargo_bin("vanban")
        .unwrap()
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn the_status_page_shows_in_a_browser_what_the_json_says() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shots = root().join("target/status-page");
    std::fs::create_dir_all(&shots).unwrap();
    for day in ["2018-05-20", "2018-06-01", "2018-12-01"] {
        let page = dir.path().join(format!("status-{day}.html"));
        let page_arg = page.display().to_string();
        let (json, stderr) = vanban(&[
            "status", "--as-of", day, "--format", "json", "--html", &page_arg,
        ]);
        assert!(stderr.contains("wrote "), "{stderr}");
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["version"], 1);
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(!html.contains("<script"), "no JavaScript");

        // What the browser built from the page.
        let dom = browse(&chromium, &page, &["--dump-dom".to_string()]);
        assert!(dom.contains("Tình hình gửi kế hoạch, báo cáo"), "{dom}");
        let got = cells(&dom, "td");
        let plan = &json["plans"][0];
        let mut expected = Vec::new();
        for unit in plan["units"].as_array().unwrap() {
            for d in unit["deliverables"].as_array().unwrap() {
                expected.push((
                    unit["unit"].as_str().unwrap().to_string(),
                    d["deliverable"].as_str().unwrap().to_string(),
                    d["status"].as_str().unwrap().to_string(),
                    d["days_late"]
                        .as_i64()
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    d["sent"].as_str().unwrap_or("").to_string(),
                ));
            }
        }
        let shown: Vec<_> = got
            .iter()
            .map(|a| {
                (
                    a["data-unit"].clone(),
                    a["data-deliverable"].clone(),
                    a["data-status"].clone(),
                    a["data-days-late"].clone(),
                    a["data-sent"].clone(),
                )
            })
            .collect();
        assert_eq!(shown, expected, "{day}: the grid differs from the JSON");
        assert_eq!(shown.len(), 30, "10 units × 3 deliverables");

        // Each cell's class colours it by its state, and its words say the same.
        for (a, chunk) in got.iter().zip(dom.split("<td ").skip(1)) {
            assert_eq!(a["class"], a["data-status"]);
            let text = text_of(chunk.split("</td>").next().unwrap());
            let words = match a["data-status"].as_str() {
                "on-time" => "Đúng hạn".to_string(),
                "late" => format!("Gửi muộn {} ngày", a["data-days-late"]),
                "missing" => "Chưa gửi".to_string(),
                _ => "Chưa đến hạn".to_string(),
            };
            assert!(text.contains(&words), "{day}: {a:?} shows {text:?}");
            // A report that was sent links to its DOCX, which exists.
            let report = a["data-deliverable"] != "unit-plan" && !a["data-sent"].is_empty();
            let href = chunk
                .split("</td>")
                .next()
                .and_then(|c| c.split("href=\"").nth(1))
                .and_then(|h| h.split('"').next());
            assert_eq!(href.is_some(), report, "{day}: {a:?} link {href:?}");
            if let Some(h) = href {
                assert!(h.ends_with(".docx"), "{h}");
                assert!(
                    dir.path().join(h).is_file(),
                    "{day}: {h} does not exist beside the page"
                );
            }
        }

        // The tally and the indicator rows.
        let count = |k: &str| {
            dom.split(&format!("data-count=\"{k}\">"))
                .nth(1)
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap()
        };
        for k in ["on-time", "late", "missing", "not-yet-due"] {
            let n = expected.iter().filter(|e| e.2 == k).count();
            assert_eq!(count(k), n, "{day}: tally of {k}");
        }
        assert_eq!(
            dom.matches("<svg").count(),
            2,
            "one bar per indicator and period"
        );

        // A real picture of it, kept under target/status-page/ to look at.
        let shot = shots.join(format!("status-{day}.png"));
        let _ = std::fs::remove_file(&shot);
        browse(
            &chromium,
            &page,
            &[
                format!("--screenshot={}", shot.display()),
                "--window-size=1400,1100".to_string(),
            ],
        );
        let png = std::fs::read(&shot).unwrap();
        assert_eq!(png_size(&png), (1400, 1100));
        assert!(
            png.len() > 50_000,
            "a blank screenshot? {} bytes",
            png.len()
        );

        // Printed: A4 landscape.
        let pdf = dir.path().join(format!("status-{day}.pdf"));
        browse(
            &chromium,
            &page,
            &[
                "--no-pdf-header-footer".to_string(),
                format!("--print-to-pdf={}", pdf.display()),
            ],
        );
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        let text = String::from_utf8_lossy(&bytes);
        let boxes: Vec<&str> = text
            .split("/MediaBox")
            .skip(1)
            .filter_map(|r| r.split(']').next())
            .collect();
        assert!(!boxes.is_empty(), "no page in the PDF");
        for b in &boxes {
            let n: Vec<f64> = b
                .trim_start_matches([' ', '['])
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            assert_eq!(n.len(), 4, "{b}");
            let (w, h) = (n[2] - n[0], n[3] - n[1]);
            assert!(
                (w - 841.9).abs() < 2.0 && (h - 595.3).abs() < 2.0,
                "{day}: page {w}×{h}"
            );
        }
        assert!(boxes.len() <= 2, "{day}: {} pages", boxes.len());
    }
}

#[test]
fn status_csv_has_the_rows_of_the_json() {
    let (json, _) = vanban(&["status", "--as-of", "2018-12-01", "--format", "json"]);
    let (csv, _) = vanban(&["status", "--as-of", "2018-12-01", "--format", "csv"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("a byte order mark");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "version,as_of,plan,plan_title,unit,unit_name,deliverable,due,status,days_late,sent,source"
    );
    assert_eq!(lines.len(), 31);
    assert_eq!(
        lines[11],
        "1,2018-12-01,2018/ke-hoach-phong-chong-mai-dam.yaml,Kế hoạch số 25/KH-SYT,ttyt-luc-ngan,\
         Trung tâm Y tế huyện Lục Ngạn,six-month-report,2018-05-15,late,1,2018-05-16,\
         2018/bao-cao/6-thang/ttyt-luc-ngan.yaml"
    );
    let mut from_json = Vec::new();
    for u in json["plans"][0]["units"].as_array().unwrap() {
        for d in u["deliverables"].as_array().unwrap() {
            from_json.push(format!(
                "{},{}",
                u["unit"].as_str().unwrap(),
                d["status"].as_str().unwrap()
            ));
        }
    }
    let from_csv: Vec<String> = lines[1..]
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{}", f[4], f[8])
        })
        .collect();
    assert_eq!(from_csv, from_json);
}

#[test]
fn the_html_format_prints_the_page_and_is_the_same_each_time() {
    let (a, _) = vanban(&["status", "--as-of", "2018-06-01", "--format", "html"]);
    let (b, _) = vanban(&["status", "--as-of", "2018-06-01", "--format", "html"]);
    assert_eq!(a, b);
    assert!(a.starts_with("<!DOCTYPE html>"));
    assert!(a.contains("<html lang=\"vi\">"));
    // From the repository root the links lead into output/.
    assert!(
        a.contains("href=\"output/2018/bao-cao/6-thang/ttyt-luc-nam.docx\""),
        "{a}"
    );
    assert!(a.contains("Tính đến ngày <time datetime=\"2018-06-01\">01/6/2018</time>"));
}
