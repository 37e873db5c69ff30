//! Printing a [`RunReport`](crate::RunReport): a layer apart from running.
//! Every reporter writes to a `&mut dyn std::io::Write` it is given, never
//! to stdout, so the command line chooses the stream and tests capture the
//! text.
//!
//! - [`HumanReporter`]: one line per check while running, then a summary with
//!   every failure's counterexample and replay command.
//! - [`write_json`]: one JSON document (schema in [`json`]).
//! - [`write_junit`]: JUnit XML for CI dashboards.

use std::time::Duration;

use crate::report_model::{CheckReport, Status};

pub mod human;
pub mod json;
pub mod junit;

pub use human::HumanReporter;
pub use json::{to_json_value, without_durations, write_json, SCHEMA_VERSION};
pub use junit::{to_junit, write_junit};

/// The first line of a possibly multi-line message.
pub(crate) fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or("")
}

/// What a check's status refers to besides a failure: the skip reason, the
/// dependency that blocked it, or the xfails entry that listed it.
pub(crate) fn status_reason(check: &CheckReport) -> Option<String> {
    match &check.status {
        Status::Passed | Status::Failed(_) => None,
        Status::Skipped(reason) => Some(reason.clone()),
        Status::Blocked { needs } => Some(needs.to_string()),
        Status::XFail { entry, .. } | Status::XPass { entry } => Some(entry.clone()),
    }
}

/// `12 ms` under a second, `3.2 s` from a second on.
pub(crate) fn format_duration(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(Duration::from_micros(12_400)), "12 ms");
        assert_eq!(format_duration(Duration::from_micros(300)), "0 ms");
        assert_eq!(format_duration(Duration::from_millis(3_240)), "3.2 s");
    }
}

/// A hand-built run with one check of every status, for the reporters'
/// tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use std::time::Duration;

    use crate::check::{CheckId, Tags, Tier};
    use crate::property::{Deviation, Failure, ShrinkLimit};
    use crate::report_model::{CheckReport, RunReport, Status};

    pub(crate) const EXP_MESSAGE: &str = "exp(x) is 3 ulps from the reference\n  expected 2.718281828459045\n  got      2.7182818284590455";
    pub(crate) const EXP_COUNTEREXAMPLE: &str = "Args {\n    x: 1.0,\n    dtype: Float64,\n}";
    pub(crate) const EXP_REPLAY: &str =
        "cargo run -- --backend parallel --seed 1234 --check elementwise::exp";

    fn check(id: &str, function: &str, status: Status) -> CheckReport {
        CheckReport {
            id: CheckId::new(id),
            function: function.to_string(),
            tags: Tags::default(),
            selected: true,
            status,
            examples: 0,
            worst: None,
            duration: Duration::ZERO,
            check_seed: "00ff".to_string(),
            replay: format!("cargo run -- --backend parallel --seed 1234 --check {id}"),
        }
    }

    pub(crate) fn sample_run() -> RunReport {
        let sqrt = CheckReport {
            examples: 100,
            worst: Some(
                Deviation::new(0.25)
                    .real("abs", 1.1e-16)
                    .real("rel", 2.2e-16)
                    .count("ulps", 1, "ulp"),
            ),
            duration: Duration::from_micros(12_300),
            check_seed: "9f3a0c".to_string(),
            ..check("elementwise::sqrt", "sqrt", Status::Passed)
        };
        let exp = CheckReport {
            examples: 37,
            duration: Duration::from_millis(140),
            ..check(
                "elementwise::exp",
                "exp",
                Status::Failed(Failure {
                    message: EXP_MESSAGE.to_string(),
                    counterexample: Some(EXP_COUNTEREXAMPLE.to_string()),
                    shrink_steps: 12,
                    shrink_limit: Some(ShrinkLimit::Attempts(2048)),
                    running_input: false,
                    kind: None,
                    others: Vec::new(),
                }),
            )
        };
        let qr = CheckReport {
            tags: Tags {
                extension: Some("linalg".to_string()),
                labels: Vec::new(),
                tier: Tier::Primary,
            },
            ..check(
                "linalg::qr",
                "qr",
                Status::Skipped("not implemented".to_string()),
            )
        };
        let log = CheckReport {
            examples: 4,
            duration: Duration::from_millis(3),
            tags: Tags {
                tier: Tier::SpecialCases,
                ..Tags::default()
            },
            ..check(
                "special_cases::log",
                "log",
                Status::XFail {
                    entry: "xfails.txt:3".to_string(),
                    failure: Failure {
                        message: "log(-0.0) should be -inf, got NaN".to_string(),
                        counterexample: Some("Args {\n    x: -0.0,\n}".to_string()),
                        shrink_steps: 2,
                        shrink_limit: None,
                        running_input: false,
                        kind: None,
                        others: Vec::new(),
                    },
                },
            )
        };
        let cosh = CheckReport {
            examples: 100,
            worst: Some(
                Deviation::new(0.5)
                    .real("abs", f64::INFINITY)
                    .real("rel", f64::NAN)
                    .count("ulps", 0, "ulp"),
            ),
            duration: Duration::from_millis(8),
            ..check(
                "elementwise::cosh",
                "cosh",
                Status::XPass {
                    entry: "xfails.txt:4".to_string(),
                },
            )
        };
        let expm1 = check(
            "elementwise::expm1",
            "expm1",
            Status::Blocked {
                needs: CheckId::new("elementwise::exp"),
            },
        );
        let unique = CheckReport {
            examples: 50,
            duration: Duration::from_millis(2),
            tags: Tags {
                extension: None,
                labels: vec!["data-dependent-shape".to_string()],
                tier: Tier::Extra,
            },
            ..check("set::unique_values", "unique_values", Status::Passed)
        };
        RunReport {
            suite: "array-api".to_string(),
            backend: "parallel".to_string(),
            seed: 1234,
            max_examples: 100,
            partition: None,
            strict_xfail: false,
            checks: vec![sqrt, exp, qr, log, cosh, expm1, unique],
            warnings: vec!["skips.txt:7: entry `foo::bar` matches no check".to_string()],
            duration: Duration::from_millis(3_240),
            interrupted: false,
        }
    }

    pub(crate) const EXP_PANIC: &str = "panicked: exp of a subnormal";
    pub(crate) const EXP_PANIC_COUNTEREXAMPLE: &str = "Args {\n    x: 5e-324,\n}";

    /// The sample run, its `elementwise::exp` failure of kind `value
    /// (float64)` followed by a panic found after it.
    pub(crate) fn run_with_two_failures() -> RunReport {
        let mut run = sample_run();
        let Status::Failed(f) = &mut run.checks[1].status else {
            unreachable!("exp is the failed check")
        };
        f.kind = Some("value (float64)".to_string());
        f.others.push(Failure {
            kind: Some(crate::property::PANIC_KIND.to_string()),
            counterexample: Some(EXP_PANIC_COUNTEREXAMPLE.to_string()),
            shrink_steps: 1,
            ..Failure::new(EXP_PANIC)
        });
        run
    }
}
