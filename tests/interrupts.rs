//! SIGINT and SIGTERM on the example host's own binary: the run stops, the
//! report of what finished is written (marked `"interrupted": true`), an
//! `--isolate` child is killed, and the exit code is 128 + the signal.
//! Linux only: the signals are sent with `kill` and the children found in
//! /proc.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Sends signal `name` (`INT`, `TERM`) to process `pid`.
fn send(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args(["-s", name, &pid.to_string()])
        .status()
        .expect("kill starts");
    assert!(status.success(), "kill -s {name} {pid}");
}

/// Waits up to `limit` for `child` to exit; kills it and fails past that.
fn exit_code_within(child: &mut Child, limit: Duration) -> i32 {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().expect("the host exits, not killed");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the host did not stop within {limit:?} of the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The `--isolated-child` processes whose parent is `parent`.
fn isolated_children(parent: u32) -> Vec<u32> {
    let mut children = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid ...: the name may hold spaces, so read
        // after its closing parenthesis.
        let after_name = &stat[stat.rfind(')').map_or(0, |at| at + 1)..];
        let ppid = after_name.split_whitespace().nth(1);
        if ppid != Some(parent.to_string().as_str()) {
            continue;
        }
        if is_isolated_child(pid) {
            children.push(pid);
        }
    }
    children
}

/// Whether `pid` is a live (not zombie) `--isolated-child` process.
fn is_isolated_child(pid: u32) -> bool {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat[stat.rfind(')').map_or(0, |at| at + 1)..]
        .split_whitespace()
        .next()
        .unwrap_or("");
    state != "Z"
        && cmdline
            .split(|&b| b == 0)
            .any(|arg| arg == b"--isolated-child")
}

/// A scratch directory of this test's own, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("conformance-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn sigint_writes_the_json_report_marked_interrupted_and_exits_130() {
    let scratch = Scratch::new("sigint");
    let path = scratch.0.join("report.json");
    // `faults` hangs in `cos`: with a long timeout, the run would take
    // 1000 s.
    let mut child = Command::new(env!("CARGO_BIN_EXE_conformance"))
        .args(["--backend", "faults", "--seed", "1", "-k", "elementwise::"])
        .args(["--max-examples", "20", "--timeout", "1000"])
        .args(["--format", "json", "--output"])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the host's binary starts");
    // Wait for the human lines on stdout to show checks finishing.
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("PASSED") {
                let _ = tx.send(());
            }
            lines.push(line);
        }
        lines
    });
    rx.recv_timeout(Duration::from_secs(300))
        .expect("a check passes before the interrupt");
    std::thread::sleep(Duration::from_millis(500));
    send(child.id(), "INT");
    let code = exit_code_within(&mut child, Duration::from_secs(60));
    let lines = reader.join().unwrap();
    assert_eq!(code, 130, "{lines:#?}");
    let text = std::fs::read_to_string(&path).expect("the report was written");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("the report is JSON");
    assert_eq!(doc["interrupted"], true);
    let checks = doc["checks"].as_array().unwrap();
    let by_id = |id: &str| checks.iter().find(|c| c["id"] == id).unwrap();
    assert_eq!(by_id("elementwise::abs")["status"], "passed");
    let cos = by_id("elementwise::cos");
    assert_eq!(cos["status"], "skipped", "{cos}");
    assert!(
        cos["reason"].as_str().unwrap().contains("interrupted"),
        "{cos}"
    );
    // Every check is reported: finished, or skipped as interrupted.
    for check in checks {
        let reason = check["reason"].as_str().unwrap_or("");
        assert!(
            check["status"] != "skipped" || reason.contains("interrupted"),
            "{check}"
        );
    }
    assert!(
        lines.iter().any(|l| l.starts_with("interrupted: ")),
        "{lines:#?}"
    );
}

#[test]
fn sigterm_kills_the_hung_isolated_child_and_exits_143() {
    let mut parent = Command::new(env!("CARGO_BIN_EXE_conformance"))
        .args(["--backend", "faults", "--isolate", "--seed", "1"])
        .args(["-k", "elementwise::cos", "--timeout", "1000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the host's binary starts");
    // The child that stays is the one hung in `cos` (the round trip's child
    // before it ends at once).
    let started = Instant::now();
    let mut seen: Option<(u32, Instant)> = None;
    let hung = loop {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "no isolated child hung"
        );
        match (isolated_children(parent.id()).first(), seen) {
            (Some(&pid), Some((was, since))) if pid == was => {
                if since.elapsed() > Duration::from_secs(1) {
                    break pid;
                }
            }
            (Some(&pid), _) => seen = Some((pid, Instant::now())),
            (None, _) => seen = None,
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    send(parent.id(), "TERM");
    let code = exit_code_within(&mut parent, Duration::from_secs(60));
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut parent.stdout.take().unwrap(), &mut stdout).unwrap();
    assert_eq!(code, 143, "{stdout}");
    assert!(!is_isolated_child(hung), "child {hung} survived its parent");
    assert!(
        stdout.contains("SKIPPED  elementwise::cos (interrupted while running)"),
        "{stdout}"
    );
    assert!(stdout.contains("interrupted: "), "{stdout}");
}
