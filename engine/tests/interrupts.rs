//! An interrupted run (SIGINT, SIGTERM: the binary's handlers raise the
//! run's `Interrupt`, as these tests do by hand): what finished is reported,
//! nothing more starts, a hung check is abandoned, the report says
//! "interrupted", and the exit code is 128 + the signal.

use std::time::{Duration, Instant};

use conformance_engine::config::Interrupt;
use conformance_engine::{run_backend, RunConfig, Status};

use crate::toy::{good_backend, run_full, run_interrupted, suite, Scratch};

/// Each check's status and reason in a JSON report.
fn status(doc: &serde_json::Value, id: &str) -> (String, String) {
    let check = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {doc}"));
    (
        check["status"].as_str().unwrap().to_string(),
        check["reason"].as_str().unwrap_or("").to_string(),
    )
}

#[test]
fn sigint_writes_the_report_of_what_finished_marked_interrupted_with_exit_130() {
    let scratch = Scratch::new();
    let path = scratch.path().join("report.json");
    let started = Instant::now();
    // `hangs` hangs in `mul`, so `linalg::dot` (first wave) never ends and
    // the `arith::` checks (second wave, after `creation::asarray`) wait.
    let out = run_interrupted(
        &[
            "--backend",
            "hangs",
            "--seed",
            "1",
            "--max-examples",
            "5",
            "--jobs",
            "2",
            "--timeout",
            "1000",
            "--format",
            "json",
            "--output",
            path.to_str().unwrap(),
        ],
        Duration::from_millis(500),
        2,
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(out.code, 130, "{}{}", out.stdout, out.stderr);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(doc["interrupted"], true);
    assert_eq!(doc["checks"].as_array().unwrap().len(), 8);
    assert_eq!(status(&doc, "creation::asarray").0, "passed");
    assert_eq!(
        status(&doc, "linalg::dot"),
        ("skipped".into(), "interrupted while running".into())
    );
    for id in ["arith::add", "arith::mul", "special_cases::add"] {
        assert_eq!(
            status(&doc, id),
            ("skipped".into(), "not run: interrupted".into()),
            "{id}"
        );
    }
    // The human lines, and the summary saying the run was interrupted.
    assert!(
        out.stdout
            .contains("SKIPPED  linalg::dot (interrupted while running)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("interrupted: the run was stopped early"),
        "{}",
        out.stdout
    );
}

#[test]
fn sigterm_is_exit_143_and_a_report_on_stdout_says_interrupted() {
    let out = run_interrupted(
        &[
            "--backend",
            "hangs",
            "--seed",
            "1",
            "--max-examples",
            "5",
            "-k",
            "linalg::dot",
            "--format",
            "junit",
        ],
        Duration::from_millis(300),
        15,
    );
    assert_eq!(out.code, 143, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("<property name=\"interrupted\" value=\"true\"/>"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("interrupted by SIGTERM"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_interrupt_before_the_run_starts_runs_nothing() {
    let interrupt = Interrupt::new();
    interrupt.raise(2);
    let out = run_full(
        &["--backend", "good", "--seed", "1", "--format", "json"],
        &[],
        Some(interrupt),
    );
    assert_eq!(out.code, 130, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["interrupted"], true);
    assert_eq!(doc["summary"]["skipped"], 8);
    assert_eq!(
        status(&doc, "arith::add"),
        ("skipped".into(), "not run: interrupted".into())
    );
}

#[test]
fn the_library_call_stops_at_an_interrupt_and_runs_on_without_one() {
    let interrupt = Interrupt::new();
    let config = RunConfig::new("good")
        .seed(1)
        .max_examples(5)
        .interrupt(&interrupt);
    let report = run_backend(&suite(), good_backend("good"), &config, &mut |_| {}).unwrap();
    assert!(!report.interrupted);
    assert_eq!(report.summary().passed, 8);
    interrupt.raise(2);
    let report = run_backend(&suite(), good_backend("good"), &config, &mut |_| {}).unwrap();
    assert!(report.interrupted);
    for check in &report.checks {
        assert_eq!(
            check.status,
            Status::Skipped("not run: interrupted".into()),
            "{}",
            check.id
        );
    }
}
