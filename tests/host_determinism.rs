//! Determinism on the real host: five runs with the same seed give
//! byte-identical JSON (durations excluded) with `--jobs 1` and with
//! `--jobs 2`, failures, shrinking and counterexamples included; and a
//! filtered run reports each of its checks exactly as the whole run does.

use crate::host::run_host;

const RUN: [&str; 4] = ["--backend", "faulty", "--seed", "21"];

fn text(doc: &serde_json::Value) -> String {
    serde_json::to_string_pretty(doc).expect("a JSON value prints")
}

#[test]
fn five_runs_with_the_same_seed_are_byte_identical_with_one_or_two_jobs() {
    let (first, code) = run_host(&[&RUN[..], &["--jobs", "1"]].concat());
    assert_eq!(code, 1, "faulty fails its planted bugs");
    assert!(first["summary"]["failed"].as_u64().unwrap() >= 7);
    let expected = text(&first);
    // The first run and two more with each job count: five in all.
    for jobs in ["1", "2"] {
        for run in 0..2 {
            let (doc, _) = run_host(&[&RUN[..], &["--jobs", jobs]].concat());
            assert!(
                text(&doc) == expected,
                "run {run} with --jobs {jobs} differs from the first run"
            );
        }
    }
}

#[test]
fn a_filtered_run_reports_its_checks_as_the_whole_run_does() {
    let (whole, _) = run_host(&RUN);
    let (filtered, _) = run_host(&[&RUN[..], &["-k", "sorting::", "-k", "sqrt"]].concat());
    let checks = filtered["checks"].as_array().unwrap();
    assert!(checks.len() >= 3, "{checks:?}");
    for check in checks {
        let same = whole["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == check["id"])
            .unwrap();
        // The replay command is the same too: it names the check alone.
        assert_eq!(same, check);
    }
}
