//! Fault injection on the example host's own binary: backends that panic,
//! hang, return the wrong shape or dtype, NaN everywhere, or over-allocate
//! are each `FAILED` with a clear message while every other check keeps its
//! status; under `--isolate`, so are backends that abort, overflow their
//! stack or fail an allocation; and isolation does not change a report.

use std::collections::BTreeMap;

use crate::host::run_host;

/// Check id -> (status, message) for every check of a report.
fn statuses(doc: &serde_json::Value) -> BTreeMap<String, (String, String)> {
    doc["checks"]
        .as_array()
        .expect("a checks array")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                (
                    c["status"].as_str().unwrap().to_string(),
                    c["message"].as_str().unwrap_or("").to_string(),
                ),
            )
        })
        .collect()
}

/// Asserts that `broken` fails exactly the `expected` checks, each with its
/// message fragment, and that every other check has the status it has on
/// the reference.
fn assert_only_these_fail(
    broken: &serde_json::Value,
    reference: &serde_json::Value,
    expected: &[(&str, &str)],
) {
    let broken = statuses(broken);
    let reference = statuses(reference);
    assert_eq!(
        broken.keys().collect::<Vec<_>>(),
        reference.keys().collect::<Vec<_>>()
    );
    for (id, fragment) in expected {
        let (status, message) = &broken[*id];
        assert_eq!(status, "failed", "{id}: {message}");
        assert!(
            message.contains(fragment),
            "{id}: `{message}` lacks `{fragment}`"
        );
    }
    for (id, (status, message)) in &broken {
        if !expected.iter().any(|(e, _)| e == id) {
            assert_eq!(status, &reference[id].0, "{id} changed status: {message}");
        }
    }
}

const FILTER: [&str; 6] = ["-k", "elementwise::", "--seed", "5", "--max-examples", "30"];

#[test]
fn in_process_faults_fail_their_checks_and_leave_the_others_intact() {
    let (reference, code) = run_host(&[&["--backend", "cpu"][..], &FILTER].concat());
    assert_eq!(code, 0);
    let (faults, code) =
        run_host(&[&["--backend", "faults", "--timeout", "2"][..], &FILTER].concat());
    assert_eq!(code, 1);
    assert_only_these_fail(
        &faults,
        &reference,
        &[
            ("elementwise::sin", "panicked: sin: this backend panics"),
            ("elementwise::cos", "timed out after 2 s (--timeout)"),
            ("elementwise::tan", "shape differs"),
            ("elementwise::tanh", "dtype differs"),
            ("elementwise::sinh", "NaN position differs"),
            ("elementwise::cosh", "panicked: capacity overflow"),
        ],
    );
    // The panics, the wrong shape, dtype and NaN shrink to the smallest
    // failing input: a 0-d array (of the dtype the failure's kind names;
    // another float dtype's failure, real or complex, where found, is
    // another kind).
    for check in faults["checks"].as_array().unwrap() {
        if check["status"] == "failed" && check["id"] != "elementwise::cos" {
            for failure in check["failures"].as_array().unwrap() {
                let counterexample = failure["counterexample"].as_str().unwrap();
                assert!(
                    ["float32", "float64", "complex64", "complex128"]
                        .iter()
                        .any(|d| counterexample.starts_with(&format!("x: {d} [] "))),
                    "{counterexample}"
                );
            }
        }
    }
}

#[test]
fn isolation_contains_aborts_stack_overflows_and_failed_allocations() {
    let (reference, _) = run_host(&[&["--backend", "cpu"][..], &FILTER].concat());
    let (crashes, code) = run_host(&[&["--backend", "crashes", "--isolate"][..], &FILTER].concat());
    assert_eq!(code, 1);
    assert_only_these_fail(
        &crashes,
        &reference,
        &[
            (
                "elementwise::atan",
                "the child process crashed (signal 6, SIGABRT)",
            ),
            ("elementwise::asinh", "has overflowed its stack"),
            (
                "elementwise::acosh",
                "memory allocation of 1125899906842624 bytes failed",
            ),
        ],
    );
    for id in [
        "elementwise::atan",
        "elementwise::asinh",
        "elementwise::acosh",
    ] {
        let check = crashes["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap();
        assert_eq!(check["running_input"], true, "{id}");
        assert!(
            check["counterexample"].as_str().unwrap().starts_with("x: "),
            "{id}: the input it was running is reported"
        );
        assert!(check["replay"].as_str().unwrap().ends_with("--isolate"));
    }
}

#[test]
fn an_isolated_run_reports_what_an_in_process_run_reports() {
    let args = [
        "--backend",
        "faulty",
        "--seed",
        "3",
        "-k",
        "elementwise::",
        "-k",
        "statistical::",
        "--max-examples",
        "30",
    ];
    let (in_process, code) = run_host(&args);
    assert_eq!(code, 1);
    let (mut isolated, code) = run_host(&[&args[..], &["--isolate"]].concat());
    assert_eq!(code, 1);
    // Only the replay commands differ: they say --isolate.
    for check in isolated["checks"].as_array_mut().unwrap() {
        let replay = check["replay"].as_str().unwrap().replace(" --isolate", "");
        check["replay"] = replay.into();
    }
    assert_eq!(in_process, isolated);
}
