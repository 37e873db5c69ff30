//! The JSON report: one pretty-printed document per run.
//!
//! # Schema (version 3)
//!
//! ```text
//! {
//!   "schema_version": 3,
//!   "suite": "array-api",            // the host's suite name
//!   "backend": "parallel",           // the backend's canonical name
//!   "seed": 1234,                    // the run seed
//!   "max_examples": 100,             // examples per check
//!   "partition": null | "K/N",       // this run's slice of a partitioned suite
//!   "strict_xfail": true | false,    // whether an XPASS counts as a failure
//!   "duration_ms": 3240.0,           // wall time of the run
//!   "interrupted": false,            // SIGINT or SIGTERM stopped the run: checks it
//!                                    // did not finish are "skipped", reason
//!                                    // "not run: interrupted" or "interrupted while running"
//!   "summary": {"passed": 2, "failed": 1, "skipped": 1, "xfail": 1,
//!               "xpass": 1, "blocked": 1, "total": 7},
//!   "warnings": ["skips.txt:7: entry `foo::bar` matches no check"],
//!   "checks": [                      // in suite order
//!     {
//!       "id": "elementwise::exp",    // group::function[::aspect]
//!       "function": "exp",           // the backend function it needs
//!       "group": "elementwise",
//!       "extension": null | "linalg",
//!       "tags": ["data-dependent-shape"], // the host's labels, in order
//!       "tier": "primary" | "special-cases" | "extra",
//!       "selected": true | false,    // false: a dependency the selection left out,
//!                                    // reported because its failure blocked a selected check
//!       "status": "passed" | "failed" | "skipped" | "xfail" | "xpass" | "blocked",
//!       "reason": null | "...",      // skipped: why; blocked: the check it needs;
//!                                    // xfail/xpass: the xfails entry (`xfails.txt:3`)
//!       "message": null | "...",     // failed/xfail: the full failure message
//!       "counterexample": null | "...", // failed/xfail: the minimal input's Debug text
//!       "shrink_steps": null | 12,   // failed/xfail: successful shrinking steps
//!       "shrink_budget_hit": null | false | true, // failed/xfail: whether shrinking
//!                                    // stopped at a limit (see the warnings)
//!       "running_input": null | false | true, // failed/xfail: whether the counterexample
//!                                    // is the input running when the process
//!                                    // crashed or hung (as drawn, not shrunk)
//!       "kind": null | "...",        // failed/xfail: the first failure's kind ("panic",
//!                                    // "crash", "timeout", or the host's key); null: none
//!       "failures": null | [         // failed/xfail: every failure of the check in the
//!         {                          // order found, one per kind: the first (the fields
//!                                    // above), then those of other kinds found after it
//!           "kind": null | "...",
//!           "message": "...",
//!           "counterexample": null | "...",
//!           "shrink_steps": 12,
//!           "shrink_budget_hit": false | true,
//!           "running_input": false | true
//!         }
//!       ],
//!       "examples": 37,              // examples run
//!       "worst_error": null | {"tolerance_used": 0.25, // fraction of the tolerance
//!                              "abs": 1.1e-16, "rel": 2.2e-16, "ulps": 1},
//!                              // then the host's details by name, in order
//!       "duration_ms": 140.0,        // wall time of the check
//!       "check_seed": "9f3a0c",      // the check's own seed, hex
//!       "replay": "cargo run -- ..." // replays this check alone
//!     }
//!   ]
//! }
//! ```
//!
//! `null` means the field does not apply to the check's status (a passed
//! check has no `message`).
//!
//! `worst_error` holds `tolerance_used`, the one number the engine reads,
//! then each of the host's [`Detail`](crate::Detail)s under its name: a
//! real number as a number, a count as an integer (the example host gives
//! `abs`, `rel` and `ulps`; an exact comparison gives none). It is the
//! worst over the examples that passed ([`CheckReport::worst`]), for a
//! failed or xfail check too (the failing examples' errors are in their
//! messages);
//! `null` when none passed, the check did not run, or it ended without an
//! outcome (a panic outside its examples, a hang, a crash).
//!
//! Version 2 replaced version 1's `data_dependent_shape` boolean by `tags`,
//! and made `worst_error`'s fields other than `tolerance_used` the host's.
//! Version 3 added `kind` and `failures`: a check reports a failure of each
//! kind it found, not only its first, and `examples` of a failed check
//! counts the examples run looking for them.
//!
//! Durations are milliseconds as numbers with microsecond precision. JSON
//! has no infinities or NaN, so a non-finite `tolerance_used` or real
//! detail is written as the string `"inf"`, `"-inf"` or `"NaN"`.
//! Durations are the only fields that differ between two runs with the same
//! seed; [`without_durations`] zeroes them for comparisons.

use std::io::{self, Write};
use std::time::Duration;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{json, Value};

use crate::property::{Deviation, Failure, Measure};
use crate::report_model::{CheckReport, RunReport};

use super::status_reason;

/// The `schema_version` field; raised when a field changes meaning or goes.
pub const SCHEMA_VERSION: u32 = 3;

/// Writes `run` as one pretty-printed JSON document and a newline, its
/// fields in the order of the schema above.
pub fn write_json(out: &mut dyn Write, run: &RunReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &JsonRun::new(run))?;
    writeln!(out)
}

/// The JSON document of `run`, as a value (whose objects, unlike
/// [`write_json`]'s output, list their keys sorted).
pub fn to_json_value(run: &RunReport) -> Value {
    serde_json::to_value(JsonRun::new(run)).expect("a report is plain data")
}

#[derive(Serialize)]
struct JsonRun<'a> {
    schema_version: u32,
    suite: &'a str,
    backend: &'a str,
    seed: u64,
    max_examples: u32,
    partition: Option<String>,
    strict_xfail: bool,
    duration_ms: f64,
    interrupted: bool,
    summary: JsonSummary,
    warnings: &'a [String],
    checks: Vec<JsonCheck<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    passed: usize,
    failed: usize,
    skipped: usize,
    xfail: usize,
    xpass: usize,
    blocked: usize,
    total: usize,
}

#[derive(Serialize)]
struct JsonCheck<'a> {
    id: &'a str,
    function: &'a str,
    group: &'a str,
    extension: Option<&'a str>,
    tags: &'a [String],
    tier: &'static str,
    selected: bool,
    status: &'static str,
    reason: Option<String>,
    message: Option<&'a str>,
    counterexample: Option<&'a str>,
    shrink_steps: Option<u32>,
    shrink_budget_hit: Option<bool>,
    running_input: Option<bool>,
    kind: Option<&'a str>,
    failures: Option<Vec<JsonFailure<'a>>>,
    examples: u32,
    worst_error: Option<JsonDeviation<'a>>,
    duration_ms: f64,
    check_seed: &'a str,
    replay: &'a str,
}

/// One failure of a check, in its `failures`.
#[derive(Serialize)]
struct JsonFailure<'a> {
    kind: Option<&'a str>,
    message: &'a str,
    counterexample: Option<&'a str>,
    shrink_steps: u32,
    shrink_budget_hit: bool,
    running_input: bool,
}

impl<'a> JsonFailure<'a> {
    fn new(f: &'a Failure) -> Self {
        JsonFailure {
            kind: f.kind.as_deref(),
            message: &f.message,
            counterexample: f.counterexample.as_deref(),
            shrink_steps: f.shrink_steps,
            shrink_budget_hit: f.shrink_budget_hit(),
            running_input: f.running_input,
        }
    }
}

/// `{"tolerance_used": ..., <detail>: ..., ...}`.
struct JsonDeviation<'a>(&'a Deviation);

impl Serialize for JsonDeviation<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut map = serializer.serialize_map(Some(1 + d.details.len()))?;
        map.serialize_entry("tolerance_used", &JsonFloat::from(d.tolerance_used))?;
        // The engine's key wins over a detail of the same name.
        for detail in d.details.iter().filter(|x| x.name != "tolerance_used") {
            match &detail.value {
                Measure::Real(x) => map.serialize_entry(&detail.name, &JsonFloat::from(*x))?,
                Measure::Count { n, .. } => map.serialize_entry(&detail.name, n)?,
            }
        }
        map.end()
    }
}

/// A finite float as a number; `inf`, `-inf` and `NaN` as strings, since
/// JSON has no such numbers.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonFloat {
    Number(f64),
    Text(String),
}

impl From<f64> for JsonFloat {
    fn from(x: f64) -> Self {
        if x.is_finite() {
            JsonFloat::Number(x)
        } else {
            JsonFloat::Text(x.to_string())
        }
    }
}

impl<'a> JsonRun<'a> {
    fn new(run: &'a RunReport) -> Self {
        let s = run.summary();
        JsonRun {
            schema_version: SCHEMA_VERSION,
            suite: &run.suite,
            backend: &run.backend,
            seed: run.seed,
            max_examples: run.max_examples,
            partition: run.partition.map(|(k, n)| format!("{k}/{n}")),
            strict_xfail: run.strict_xfail,
            duration_ms: millis(run.duration),
            interrupted: run.interrupted,
            summary: JsonSummary {
                passed: s.passed,
                failed: s.failed,
                skipped: s.skipped,
                xfail: s.xfail,
                xpass: s.xpass,
                blocked: s.blocked,
                total: s.total(),
            },
            warnings: &run.warnings,
            checks: run.checks.iter().map(JsonCheck::new).collect(),
        }
    }
}

impl<'a> JsonCheck<'a> {
    fn new(check: &'a CheckReport) -> Self {
        let failure = check.status.failure();
        JsonCheck {
            id: check.id.as_str(),
            function: &check.function,
            group: check.id.group(),
            extension: check.tags.extension.as_deref(),
            tags: &check.tags.labels,
            tier: check.tags.tier.name(),
            selected: check.selected,
            status: check.status.key(),
            reason: status_reason(check),
            message: failure.map(|f| f.message.as_str()),
            counterexample: failure.and_then(|f| f.counterexample.as_deref()),
            shrink_steps: failure.map(|f| f.shrink_steps),
            shrink_budget_hit: failure.map(Failure::shrink_budget_hit),
            running_input: failure.map(|f| f.running_input),
            kind: failure.and_then(|f| f.kind.as_deref()),
            failures: failure.map(|f| f.all().map(JsonFailure::new).collect()),
            examples: check.examples,
            worst_error: check.worst.as_ref().map(JsonDeviation),
            duration_ms: millis(check.duration),
            check_seed: &check.check_seed,
            replay: &check.replay,
        }
    }
}

/// Milliseconds, rounded to the microsecond.
fn millis(duration: Duration) -> f64 {
    duration.as_micros() as f64 / 1000.0
}

/// Sets every `duration_ms` field, at any depth, to 0, so that two runs
/// with the same seed compare equal.
pub fn without_durations(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                if key == "duration_ms" {
                    *field = json!(0);
                } else {
                    without_durations(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_durations),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{
        run_with_two_failures, sample_run, EXP_COUNTEREXAMPLE, EXP_MESSAGE, EXP_PANIC,
        EXP_PANIC_COUNTEREXAMPLE, EXP_REPLAY,
    };
    use super::*;

    fn written(run: &RunReport) -> (String, Value) {
        let mut out = Vec::new();
        write_json(&mut out, run).unwrap();
        let text = String::from_utf8(out).unwrap();
        let value = serde_json::from_str(&text).expect("the report parses back");
        (text, value)
    }

    #[test]
    fn run_fields_and_summary() {
        let (text, v) = written(&sample_run());
        assert!(text.starts_with("{\n  \"schema_version\": 3,"), "{text}");
        assert!(text.ends_with("}\n"));
        // Fields come in schema order, not sorted.
        let order = [
            "\"suite\"",
            "\"backend\"",
            "\"seed\"",
            "\"summary\"",
            "\"checks\"",
        ];
        let at: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
        let first = &text[text.find("\"checks\"").unwrap()..];
        assert!(first.find("\"id\"").unwrap() < first.find("\"function\"").unwrap());
        assert!(first.find("\"status\"").unwrap() < first.find("\"replay\"").unwrap());
        assert_eq!(v["schema_version"], 3);
        assert_eq!(v["suite"], "array-api");
        assert_eq!(v["backend"], "parallel");
        assert_eq!(v["seed"], 1234);
        assert_eq!(v["max_examples"], 100);
        assert_eq!(v["partition"], Value::Null);
        assert_eq!(v["duration_ms"], 3240.0);
        assert_eq!(v["interrupted"], false);
        assert_eq!(
            v["summary"],
            json!({"passed": 2, "failed": 1, "skipped": 1, "xfail": 1, "xpass": 1, "blocked": 1, "total": 7})
        );
        assert_eq!(
            v["warnings"],
            json!(["skips.txt:7: entry `foo::bar` matches no check"])
        );
        assert_eq!(v["checks"].as_array().unwrap().len(), 7);
    }

    #[test]
    fn partition_is_k_slash_n() {
        let mut run = sample_run();
        run.partition = Some((2, 4));
        assert_eq!(to_json_value(&run)["partition"], "2/4");
    }

    #[test]
    fn passed_check_has_worst_error_and_no_failure() {
        let (_, v) = written(&sample_run());
        let sqrt = &v["checks"][0];
        assert_eq!(sqrt["id"], "elementwise::sqrt");
        assert_eq!(sqrt["function"], "sqrt");
        assert_eq!(sqrt["group"], "elementwise");
        assert_eq!(sqrt["status"], "passed");
        assert_eq!(sqrt["tier"], "primary");
        assert_eq!(sqrt["extension"], Value::Null);
        assert_eq!(sqrt["tags"], json!([]));
        for field in [
            "reason",
            "message",
            "counterexample",
            "shrink_steps",
            "shrink_budget_hit",
        ] {
            assert_eq!(sqrt[field], Value::Null, "{field}");
        }
        assert_eq!(sqrt["examples"], 100);
        assert_eq!(
            sqrt["worst_error"],
            json!({"abs": 1.1e-16, "rel": 2.2e-16, "ulps": 1, "tolerance_used": 0.25})
        );
        assert_eq!(sqrt["duration_ms"], 12.3);
        assert_eq!(sqrt["check_seed"], "9f3a0c");
    }

    #[test]
    fn failed_check_has_message_counterexample_shrinking_and_replay() {
        let (_, v) = written(&sample_run());
        let exp = &v["checks"][1];
        assert_eq!(exp["status"], "failed");
        assert_eq!(exp["reason"], Value::Null);
        assert_eq!(exp["message"], EXP_MESSAGE);
        assert_eq!(exp["counterexample"], EXP_COUNTEREXAMPLE);
        assert_eq!(exp["shrink_steps"], 12);
        assert_eq!(exp["shrink_budget_hit"], true);
        assert_eq!(exp["replay"], EXP_REPLAY);
        assert_eq!(exp["worst_error"], Value::Null);
    }

    #[test]
    fn failures_lists_every_failure_the_first_as_the_fields_before_it() {
        let (_, v) = written(&sample_run());
        let exp = &v["checks"][1];
        assert_eq!(exp["kind"], Value::Null);
        assert_eq!(
            exp["failures"],
            json!([{
                "kind": null,
                "message": EXP_MESSAGE,
                "counterexample": EXP_COUNTEREXAMPLE,
                "shrink_steps": 12,
                "shrink_budget_hit": true,
                "running_input": false,
            }])
        );
        assert_eq!(v["checks"][0]["failures"], Value::Null);
        let (text, v) = written(&run_with_two_failures());
        let exp = &v["checks"][1];
        assert_eq!(exp["kind"], "value (float64)");
        assert_eq!(exp["message"], EXP_MESSAGE);
        let failures = exp["failures"].as_array().unwrap();
        assert_eq!(failures.len(), 2);
        assert_eq!(failures[0]["kind"], "value (float64)");
        assert_eq!(failures[0]["message"], EXP_MESSAGE);
        assert_eq!(
            failures[1],
            json!({
                "kind": "panic",
                "message": EXP_PANIC,
                "counterexample": EXP_PANIC_COUNTEREXAMPLE,
                "shrink_steps": 1,
                "shrink_budget_hit": false,
                "running_input": false,
            })
        );
        // A failure's fields in schema order.
        let second = &text[text.find("\"kind\": \"panic\"").unwrap()..];
        assert!(second.find("\"message\"").unwrap() < second.find("\"running_input\"").unwrap());
    }

    #[test]
    fn reasons_of_skipped_xfail_xpass_and_blocked() {
        let (_, v) = written(&sample_run());
        let checks = v["checks"].as_array().unwrap();
        let by_id = |id: &str| checks.iter().find(|c| c["id"] == id).unwrap().clone();
        let qr = by_id("linalg::qr");
        assert_eq!(
            (&qr["status"], &qr["reason"], &qr["extension"]),
            (
                &json!("skipped"),
                &json!("not implemented"),
                &json!("linalg")
            )
        );
        let log = by_id("special_cases::log");
        assert_eq!(log["status"], "xfail");
        assert_eq!(log["reason"], "xfails.txt:3");
        assert_eq!(log["tier"], "special-cases");
        assert_eq!(log["message"], "log(-0.0) should be -inf, got NaN");
        assert_eq!(log["shrink_budget_hit"], false);
        let cosh = by_id("elementwise::cosh");
        assert_eq!(
            (&cosh["status"], &cosh["reason"]),
            (&json!("xpass"), &json!("xfails.txt:4"))
        );
        assert_eq!(cosh["message"], Value::Null);
        let expm1 = by_id("elementwise::expm1");
        assert_eq!(
            (&expm1["status"], &expm1["reason"]),
            (&json!("blocked"), &json!("elementwise::exp"))
        );
        let unique = by_id("set::unique_values");
        assert_eq!(unique["tags"], json!(["data-dependent-shape"]));
        assert_eq!(unique["tier"], "extra");
    }

    #[test]
    fn non_finite_floats_are_strings() {
        let (text, v) = written(&sample_run());
        assert_eq!(
            v["checks"][4]["worst_error"],
            json!({"abs": "inf", "rel": "NaN", "ulps": 0, "tolerance_used": 0.5})
        );
        assert!(text.contains("\"abs\": \"inf\""), "{text}");
    }

    #[test]
    fn worst_error_is_tolerance_used_then_the_details_in_order() {
        let (text, v) = written(&sample_run());
        let sqrt = &text[text.find("\"worst_error\"").unwrap()..];
        let at: Vec<usize> = ["tolerance_used", "abs", "rel", "ulps"]
            .iter()
            .map(|k| sqrt.find(&format!("\"{k}\"")).unwrap())
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{sqrt}");
        let mut run = sample_run();
        run.checks[0].worst = Some(
            Deviation::new(0.75)
                .real("tolerance_used", 9.0)
                .real("norm", -f64::INFINITY),
        );
        assert_eq!(
            to_json_value(&run)["checks"][0]["worst_error"],
            json!({"tolerance_used": 0.75, "norm": "-inf"})
        );
        run.checks[0].worst = Some(Deviation::default());
        assert_eq!(
            to_json_value(&run)["checks"][0]["worst_error"],
            json!({"tolerance_used": 0.0})
        );
        assert_eq!(v["checks"][1]["tags"], json!([]));
    }

    #[test]
    fn without_durations_makes_runs_comparable() {
        let first = sample_run();
        let mut second = sample_run();
        second.duration = Duration::from_secs(9);
        for check in &mut second.checks {
            check.duration += Duration::from_millis(7);
        }
        let (mut a, mut b) = (to_json_value(&first), to_json_value(&second));
        assert_ne!(a, b);
        without_durations(&mut a);
        without_durations(&mut b);
        assert_eq!(
            serde_json::to_string_pretty(&a).unwrap(),
            serde_json::to_string_pretty(&b).unwrap()
        );
        assert_eq!(a["duration_ms"], 0);
        assert_eq!(a["checks"][1]["duration_ms"], 0);
        // Everything else is untouched.
        assert_eq!(a["checks"][1]["examples"], 37);
        assert_eq!(a["seed"], 1234);
    }
}
