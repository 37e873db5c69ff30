//! The example host's shipped backends against its published checks, as
//! issue 4 states them: `cpu` and `parallel` pass at 1000 examples,
//! `partial` is `SKIPPED (not implemented)` for what it lacks, and `faulty`
//! fails exactly the checks of its planted bugs, each with a small
//! counterexample.

use crate::host::{array_sizes as sizes, run_host};

fn checks(doc: &serde_json::Value) -> &Vec<serde_json::Value> {
    doc["checks"].as_array().expect("a checks array")
}

fn with_status<'a>(doc: &'a serde_json::Value, status: &str) -> Vec<&'a str> {
    checks(doc)
        .iter()
        .filter(|c| c["status"] == status)
        .map(|c| c["id"].as_str().unwrap())
        .collect()
}

#[test]
fn cpu_and_parallel_pass_every_check_they_implement_at_1000_examples() {
    for backend in ["cpu", "parallel"] {
        let (doc, code) = run_host(&[
            "--backend",
            backend,
            "--seed",
            "1",
            "--max-examples",
            "1000",
        ]);
        assert_eq!(
            code,
            0,
            "{backend}: failed {:?}",
            with_status(&doc, "failed")
        );
        for c in checks(&doc) {
            match c["status"].as_str().unwrap() {
                "passed" => assert_eq!(c["examples"], 1000, "{backend}: {}", c["id"]),
                "skipped" => {
                    assert_eq!(backend, "parallel", "cpu implements everything");
                    assert_eq!(c["reason"], "not implemented", "{}", c["id"]);
                }
                other => panic!("{backend}: {} is {other}", c["id"]),
            }
        }
    }
}

#[test]
fn partial_is_skipped_not_implemented_for_the_groups_it_lacks() {
    let (doc, code) = run_host(&["--backend", "partial", "--seed", "1"]);
    assert_eq!(code, 0);
    assert!(with_status(&doc, "failed").is_empty());
    for c in checks(&doc) {
        let provided = ["elementwise", "special_cases", "creation", "data_type"]
            .contains(&c["group"].as_str().unwrap());
        let expected = if provided { "passed" } else { "skipped" };
        assert_eq!(c["status"], expected, "{}", c["id"]);
        if !provided {
            assert_eq!(c["reason"], "not implemented", "{}", c["id"]);
        }
    }
}

#[test]
fn faulty_fails_exactly_its_planted_bugs_with_small_counterexamples() {
    let (doc, code) = run_host(&["--backend", "faulty", "--seed", "1"]);
    assert_eq!(code, 1);
    let mut failed = with_status(&doc, "failed");
    failed.sort();
    // Eleven bugs (backends/faulty.rs), complex multiply's, eig's and fft's
    // among them (fft's lost ortho factor is found by its values and four
    // identities);
    // maximum's NaN bug is found by its
    // values, its special cases and its mixed-dtype promotion, sqrt's lost
    // sign of zero by its values and its special cases.
    assert_eq!(
        failed,
        [
            "elementwise::exp",
            "elementwise::maximum",
            "elementwise::maximum::promotion",
            "elementwise::multiply",
            "elementwise::negative",
            "elementwise::sqrt",
            "fft::fft",
            "fft::fft::definition",
            "fft::fft::parseval",
            "fft::fft::round_trip",
            "fft::rfft::hermitian",
            "indexing::take",
            "linalg::eig",
            "sorting::argsort",
            "special_cases::maximum",
            "special_cases::sqrt",
            "statistical::mean",
            "statistical::sum",
        ]
    );
    for c in checks(&doc).iter().filter(|c| c["status"] == "failed") {
        let counterexample = c["counterexample"].as_str().unwrap();
        let sizes = sizes(counterexample);
        assert!(!sizes.is_empty(), "{}: {counterexample}", c["id"]);
        // An eigenvector of one component is always of unit length: eig's
        // smallest counterexample is a 2×2 matrix.
        let small = if c["id"] == "linalg::eig" { 4 } else { 2 };
        assert!(
            sizes.iter().all(|&n| n <= small),
            "{}: {counterexample}",
            c["id"]
        );
    }
}
