//! Several failures per check, on the toy host: `twofold`'s `mul` panics on
//! a negative first operand and is off by one above 40, so `arith::mul`
//! fails in two ways. Both are found in one run, each shrunk within its
//! kind, in every report, the same whatever the threads, the filter or the
//! order, and an xfail entry covers them all.

use conformance_engine::report::json::{to_json_value, without_durations};
use conformance_engine::{run_backend, RunConfig, Status};
use serde_json::Value;

use crate::toy::{registry, run, suite, Scratch, WRONG_VALUE};

fn json_of(args: &[&str]) -> Value {
    let out = run(&[args, &["--format", "json"]].concat());
    let mut doc: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
    without_durations(&mut doc);
    doc
}

fn check<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {doc}"))
}

/// The failures of `arith::mul` by kind: (kind, counterexample, steps).
fn failures(doc: &Value) -> Vec<(String, String, u64)> {
    let mut found: Vec<(String, String, u64)> = check(doc, "arith::mul")["failures"]
        .as_array()
        .expect("arith::mul failed")
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["counterexample"].as_str().unwrap().to_string(),
                f["shrink_steps"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_panic_and_a_wrong_value_of_one_check_are_both_reported_and_shrunk() {
    for seed in ["1", "2", "3", "4"] {
        let doc = json_of(&["--backend", "twofold", "--seed", seed]);
        let mul = check(&doc, "arith::mul");
        assert_eq!(mul["status"], "failed");
        // The whole budget was searched.
        assert_eq!(mul["examples"], 100, "seed {seed}");
        let found = failures(&doc);
        let kinds: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(kinds, ["panic", WRONG_VALUE], "seed {seed}");
        // Each shrunk to the least input of its own kind: the panic did
        // not shrink into a wrong value, nor the other way round.
        assert_eq!(found[0].1, "(\n    -1,\n    0,\n)", "seed {seed}");
        assert_eq!(found[1].1, "(\n    41,\n    0,\n)", "seed {seed}");
        assert!(found.iter().all(|f| f.2 > 0), "seed {seed}: {found:?}");
        // The first failure's fields are those of the first in the list.
        assert_eq!(mul["kind"], mul["failures"][0]["kind"]);
        assert_eq!(mul["counterexample"], mul["failures"][0]["counterexample"]);
        assert_eq!(doc["summary"]["failed"], 2, "mul, and dot through mul");
    }
}

#[test]
fn the_failures_are_the_same_whatever_the_threads_the_filter_or_the_order() {
    for seed in ["1", "5"] {
        let base = ["--backend", "twofold", "--seed", seed];
        let one = json_of(&[&base[..], &["--jobs", "1"]].concat());
        let two = json_of(&[&base[..], &["--jobs", "2"]].concat());
        assert_eq!(one, two, "seed {seed}");
        // Alone, the check finds the same failures in the same order.
        let alone = json_of(&[&base[..], &["-k", "arith::mul"]].concat());
        assert_eq!(check(&alone, "arith::mul"), check(&one, "arith::mul"));
        // A library run whose suite lists the checks in reverse order.
        let mut reversed = conformance_engine::Suite::new("toy");
        let mut checks = suite().checks().to_vec();
        checks.reverse();
        for c in checks {
            reversed.push(c.clone());
        }
        let backend = std::sync::Arc::clone(&registry().resolve("twofold").unwrap().backend);
        let config = RunConfig::new("twofold")
            .seed(seed.parse().unwrap())
            .jobs(2);
        let report = run_backend(&reversed, backend, &config, &mut |_| {}).unwrap();
        let mut doc = to_json_value(&report);
        without_durations(&mut doc);
        let mut a = check(&doc, "arith::mul").clone();
        let mut b = check(&one, "arith::mul").clone();
        // Only the replay differs: a library call replays with a config.
        a["replay"] = Value::Null;
        b["replay"] = Value::Null;
        assert_eq!(a, b, "seed {seed}");
    }
}

#[test]
fn the_human_report_and_junit_show_every_failure_with_its_replay() {
    let out = run(&["--backend", "twofold", "--seed", "1", "-k", "arith::mul"]);
    assert_eq!(out.code, 1);
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("FAILED   arith::mul"))
        .unwrap();
    assert!(
        line.ends_with("(+1 failure of another kind)"),
        "{}",
        out.stdout
    );
    let section = out
        .stdout
        .split("---- FAILED arith::mul ----\n")
        .nth(1)
        .unwrap();
    assert!(section.contains("failure 1 of 2 ("), "{section}");
    assert!(section.contains("\nfailure 2 of 2 ("), "{section}");
    assert!(section.contains("panicked: toy backend cannot multiply -1 by 0"));
    assert!(section.contains("expected 0, got 1"), "{section}");
    let replay = "replay: toy --backend twofold --seed 1 --max-examples 100 -k arith::mul\n";
    assert_eq!(section.matches(replay).count(), 2, "{section}");
    assert_eq!(section.matches("counterexample, after ").count(), 2);

    let xml = run(&[
        "--backend",
        "twofold",
        "--seed",
        "1",
        "-k",
        "arith::mul",
        "--format",
        "junit",
    ]);
    assert_eq!(xml.code, 1);
    assert_eq!(xml.stdout.matches("<failure ").count(), 1, "{}", xml.stdout);
    assert!(xml.stdout.contains("failure 2 of 2 ("), "{}", xml.stdout);
    assert!(xml.stdout.contains("cannot multiply -1 by 0"));
    assert!(xml.stdout.contains("expected 0, got 1"), "{}", xml.stdout);
}

#[test]
fn an_xfail_entry_covers_every_failure_of_its_check() {
    let dir = Scratch::new();
    let xfails = dir.file("xfails.txt", "arith::mul\n");
    let args = [
        "--backend",
        "twofold",
        "--seed",
        "1",
        "-k",
        "arith::mul",
        "--xfails-file",
        xfails.to_str().unwrap(),
    ];
    let doc = json_of(&args);
    let mul = check(&doc, "arith::mul");
    assert_eq!(mul["status"], "xfail");
    assert_eq!(mul["failures"].as_array().unwrap().len(), 2);
    assert_eq!(run(&args).code, 0);
}

#[test]
fn the_budget_caps_the_failures_and_one_stops_at_the_first() {
    let backend = || std::sync::Arc::clone(&registry().resolve("twofold").unwrap().backend);
    let mut config = RunConfig::new("twofold").seed(1).filter("arith::mul");
    let report = run_backend(&suite(), backend(), &config, &mut |_| {}).unwrap();
    let all = report.checks[0].status.failure().unwrap().clone();
    assert_eq!(all.all().count(), 2);
    assert_eq!(report.checks[0].examples, 100);
    config.budget.max_failures = 1;
    let report = run_backend(&suite(), backend(), &config, &mut |_| {}).unwrap();
    let Status::Failed(first) = &report.checks[0].status else {
        panic!("{:?}", report.checks[0].status)
    };
    assert!(first.others.is_empty());
    assert!(report.checks[0].examples < 100);
    // The first failure is the same either way.
    assert_eq!(
        (&first.kind, &first.counterexample),
        (&all.kind, &all.counterexample)
    );
}

#[test]
fn a_check_that_hangs_after_a_failure_reports_the_failure_then_the_timeout() {
    use conformance_engine::{CaseError, Check, CheckContext, Suite};
    let mut hangs_later = Suite::new("toy");
    hangs_later.push(Check::new(
        "arith",
        "mul",
        |_: &crate::toy::Toy, ctx: &CheckContext| {
            ctx.for_all(0u32..100, |x| {
                if x < 90 {
                    return Err(CaseError::of_kind("small", format!("{x} is small")));
                }
                loop {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
            })
        },
    ));
    let mut config = RunConfig::new("good").seed(1);
    config.timeout = Some(std::time::Duration::from_millis(500));
    let report = run_backend(
        &hangs_later,
        crate::toy::good_backend("good"),
        &config,
        &mut |_| {},
    )
    .unwrap();
    let Status::Failed(f) = &report.checks[0].status else {
        panic!("{:?}", report.checks[0].status)
    };
    assert_eq!(f.kind.as_deref(), Some("small"), "{f:?}");
    assert_eq!(f.counterexample.as_deref(), Some("0"));
    assert_eq!(f.others.len(), 1, "{f:?}");
    assert_eq!(f.others[0].kind.as_deref(), Some("timeout"));
    assert!(f.others[0].message.starts_with("timed out after 0.5 s"));
}
