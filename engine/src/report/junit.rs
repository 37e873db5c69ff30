//! The JUnit XML report, for CI dashboards.
//!
//! One `<testsuite>` named after the suite, with the run's `seed`,
//! `backend`, `max_examples` (and `partition`, `strict_xfail`,
//! `interrupted`) as properties and the run's warnings as its `<system-out>`; one
//! `<testcase>` per check, `classname` its group and `name` its id, timed
//! by the check's duration:
//!
//! | status  | element                                                        |
//! |---------|----------------------------------------------------------------|
//! | PASSED  | none                                                           |
//! | FAILED  | `<failure message=first line type="FAILED">` message, counterexample, shrinking, replay of each failure |
//! | SKIPPED | `<skipped message=reason>`                                     |
//! | BLOCKED | `<skipped message="blocked: needs ID">`                        |
//! | XFAIL   | `<skipped message="expected failure: first line">` with the entry and the failure |
//! | XPASS   | none, or under strict xfail `<failure type="XPASS">`           |
//!
//! A check that found failures of several kinds has one `<failure>` (its
//! message the first failure's first line) whose text gives each failure
//! under a `failure N of M (kind):` line.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::property::Failure;
use crate::report_model::{CheckReport, RunReport, Status};

use super::first_line;

/// Writes `run` as a JUnit XML document.
pub fn write_junit(out: &mut dyn Write, run: &RunReport) -> io::Result<()> {
    // quick-junit ends the document with a newline itself.
    to_junit(run).serialize(out).map_err(io::Error::other)
}

/// The JUnit report of `run`, for callers that add to it.
pub fn to_junit(run: &RunReport) -> Report {
    let mut suite = TestSuite::new(run.suite.as_str());
    suite.set_time(run.duration);
    suite.add_property(("seed", run.seed.to_string().as_str()));
    suite.add_property(("backend", run.backend.as_str()));
    suite.add_property(("max_examples", run.max_examples.to_string().as_str()));
    if let Some((k, n)) = run.partition {
        suite.add_property(("partition", format!("{k}/{n}").as_str()));
    }
    suite.add_property(("strict_xfail", run.strict_xfail.to_string().as_str()));
    suite.add_property(("interrupted", run.interrupted.to_string().as_str()));
    if !run.warnings.is_empty() {
        let warnings: Vec<String> = run
            .warnings
            .iter()
            .map(|w| format!("warning: {w}"))
            .collect();
        suite.set_system_out(warnings.join("\n"));
    }
    for check in &run.checks {
        suite.add_test_case(test_case(check, run.strict_xfail));
    }
    let mut report = Report::new(run.suite.as_str());
    report.set_time(run.duration);
    report.add_test_suite(suite);
    report
}

fn test_case(check: &CheckReport, strict_xfail: bool) -> TestCase {
    let status = match &check.status {
        Status::Passed => TestCaseStatus::success(),
        Status::Failed(failure) => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(first_line(&failure.message))
                .set_type("FAILED")
                .set_description(if check.selected {
                    failure_text(failure, &check.replay)
                } else {
                    format!(
                        "not selected: it ran because a selected check depends on it, and its failure blocked that check\n{}",
                        failure_text(failure, &check.replay)
                    )
                });
            status
        }
        Status::Skipped(reason) => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(reason.as_str());
            status
        }
        Status::Blocked { needs } => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(format!("blocked: needs {needs}"));
            status
        }
        Status::XFail { entry, failure } => {
            let mut status = TestCaseStatus::skipped();
            status
                .set_message(format!(
                    "expected failure: {}",
                    first_line(&failure.message)
                ))
                .set_type("XFAIL")
                .set_description(format!(
                    "listed in {entry}\n{}",
                    failure_text(failure, &check.replay)
                ));
            status
        }
        Status::XPass { entry } if strict_xfail => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(format!(
                    "listed in {entry} but passed, which --strict-xfail counts as a failure: remove the entry"
                ))
                .set_type("XPASS")
                .set_description(format!("replay: {}", check.replay));
            status
        }
        Status::XPass { .. } => TestCaseStatus::success(),
    };
    let mut case = TestCase::new(check.id.as_str(), status);
    case.set_classname(check.id.group())
        .set_time(check.duration);
    case
}

/// The body of a `<failure>`: every failure of the check, each with its
/// message, its counterexample with its shrinking, and the replay command,
/// as the human report writes them: when there are several, the first
/// says so under its message, and each other follows under a `failure N of
/// M (kind):` line.
fn failure_text(failure: &Failure, replay: &str) -> String {
    let count = failure.all().count();
    let kind = |f: &Failure| f.kind.clone().unwrap_or_else(|| "no kind given".into());
    let mut parts = Vec::with_capacity(count);
    for (n, one) in failure.all().enumerate() {
        let mut text = String::new();
        if n > 0 {
            text.push_str(&format!("failure {} of {count} ({}):\n", n + 1, kind(one)));
        }
        text.push_str(&format!("{}\n", one.message));
        if n == 0 && count > 1 {
            text.push_str(&format!(
                "failure 1 of {count} ({}); the others, of other kinds, follow\n",
                kind(one)
            ));
        }
        if let Some(counterexample) = &one.counterexample {
            text.push_str(&format!(
                "counterexample, after {} shrinking step{}:\n",
                one.shrink_steps,
                if one.shrink_steps == 1 { "" } else { "s" }
            ));
            for line in counterexample.lines() {
                text.push_str(&format!("    {line}\n"));
            }
        }
        if let Some(limit) = &one.shrink_limit {
            text.push_str(&format!("note: {}\n", limit.note()));
        }
        text.push_str(&format!("replay: {replay}"));
        parts.push(text);
    }
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{run_with_two_failures, sample_run, EXP_PANIC, EXP_REPLAY};
    use super::*;

    fn xml(run: &RunReport) -> String {
        let mut out = Vec::new();
        write_junit(&mut out, run).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The text of the `<testcase>` element of `id`, up to the next one.
    fn case<'a>(xml: &'a str, id: &str) -> &'a str {
        let start = xml
            .find(&format!("<testcase name=\"{id}\""))
            .unwrap_or_else(|| panic!("no testcase {id} in {xml}"));
        let rest = &xml[start..];
        let end = rest[1..]
            .find("<testcase ")
            .or_else(|| rest.find("</testsuite>").map(|e| e - 1))
            .unwrap();
        rest[..end + 1].trim_end()
    }

    #[test]
    fn one_suite_with_counts_and_properties() {
        let text = xml(&sample_run());
        assert!(text.starts_with("<?xml"), "{text}");
        assert!(text.ends_with("</testsuites>\n"), "{text:?}");
        assert!(
            text.contains("<testsuites name=\"array-api\" tests=\"7\" skipped=\"3\" failures=\"1\" errors=\"0\" time=\"3.240\">"),
            "{text}"
        );
        assert!(
            text.contains("<testsuite name=\"array-api\" tests=\"7\" skipped=\"3\" errors=\"0\" failures=\"1\" time=\"3.240\">"),
            "{text}"
        );
        // Skipped: SKIPPED, BLOCKED and XFAIL.
        assert_eq!(text.matches("<skipped").count(), 3, "{text}");
        assert_eq!(text.matches("<failure").count(), 1, "{text}");
        assert_eq!(text.matches("<testcase ").count(), 7, "{text}");
        assert_eq!(text.matches("<testsuite ").count(), 1, "{text}");
        assert!(
            text.contains("<property name=\"seed\" value=\"1234\"/>"),
            "{text}"
        );
        assert!(text.contains("<property name=\"backend\" value=\"parallel\"/>"));
        assert!(text.contains("<property name=\"max_examples\" value=\"100\"/>"));
        assert!(text.contains("<property name=\"strict_xfail\" value=\"false\"/>"));
        assert!(text.contains("<property name=\"interrupted\" value=\"false\"/>"));
        let mut run = sample_run();
        run.interrupted = true;
        assert!(xml(&run).contains("<property name=\"interrupted\" value=\"true\"/>"));
        assert!(!text.contains("name=\"partition\""));
        assert!(text.contains(
            "<system-out>warning: skips.txt:7: entry `foo::bar` matches no check</system-out>"
        ));
    }

    #[test]
    fn testcases_are_named_by_id_classed_by_group_and_timed() {
        let text = xml(&sample_run());
        assert!(
            text.contains(
                "<testcase name=\"elementwise::sqrt\" classname=\"elementwise\" time=\"0.012\"/>"
            ),
            "{text}"
        );
        assert!(text.contains("<testcase name=\"linalg::qr\" classname=\"linalg\""));
    }

    #[test]
    fn every_failure_of_a_check_is_in_its_failure_text() {
        let text = xml(&run_with_two_failures());
        let exp = case(&text, "elementwise::exp");
        assert_eq!(exp.matches("<failure").count(), 1, "{exp}");
        assert!(
            exp.contains("type=\"FAILED\">exp(x) is 3 ulps from the reference\n"),
            "{exp}"
        );
        assert!(
            exp.contains("failure 1 of 2 (value (float64)); the others, of other kinds, follow\ncounterexample, after 12"),
            "{exp}"
        );
        assert!(
            exp.contains(&format!(
                "replay: {EXP_REPLAY}\n\nfailure 2 of 2 (panic):\n{EXP_PANIC}\ncounterexample, after 1 shrinking step:\n    Args {{\n        x: 5e-324,\n    }}\nreplay: {EXP_REPLAY}</failure>"
            )),
            "{exp}"
        );
    }

    #[test]
    fn a_failure_carries_message_counterexample_and_replay() {
        let text = xml(&sample_run());
        let exp = case(&text, "elementwise::exp");
        assert!(
            exp.contains(
                "<failure message=\"exp(x) is 3 ulps from the reference\" type=\"FAILED\">"
            ),
            "{exp}"
        );
        assert!(exp.contains("  expected 2.718281828459045"), "{exp}");
        assert!(
            exp.contains("counterexample, after 12 shrinking steps:\n    Args {\n        x: 1.0,"),
            "{exp}"
        );
        assert!(exp.contains("may not be minimal"), "{exp}");
        assert!(
            exp.contains(&format!("replay: {EXP_REPLAY}</failure>")),
            "{exp}"
        );
    }

    #[test]
    fn skipped_blocked_and_xfail_are_skipped_with_their_reason() {
        let text = xml(&sample_run());
        assert!(case(&text, "linalg::qr").contains("<skipped message=\"not implemented\"/>"));
        assert!(case(&text, "elementwise::expm1")
            .contains("<skipped message=\"blocked: needs elementwise::exp\"/>"));
        let log = case(&text, "special_cases::log");
        assert!(
            log.contains("<skipped message=\"expected failure: log(-0.0) should be -inf, got NaN\" type=\"XFAIL\">listed in xfails.txt:3\n"),
            "{log}"
        );
    }

    #[test]
    fn xpass_passes_unless_strict() {
        let mut run = sample_run();
        let text = xml(&run);
        let cosh = case(&text, "elementwise::cosh");
        assert!(cosh.ends_with("/>") && !cosh.contains("<failure"), "{cosh}");
        run.strict_xfail = true;
        run.partition = Some((1, 3));
        let text = xml(&run);
        let cosh = case(&text, "elementwise::cosh");
        assert!(cosh.contains("type=\"XPASS\""), "{cosh}");
        assert!(cosh.contains("listed in xfails.txt:4 but passed"), "{cosh}");
        assert_eq!(text.matches("<failure").count(), 2);
        assert!(text.contains("<property name=\"partition\" value=\"1/3\"/>"));
        assert!(text.contains("<property name=\"strict_xfail\" value=\"true\"/>"));
    }

    #[test]
    fn report_counts_match_the_summary() {
        let report = to_junit(&sample_run());
        let suite = &report.test_suites[0];
        assert_eq!(
            (suite.tests, suite.failures, suite.skipped, suite.errors),
            (7, 1, 3, 0)
        );
        assert_eq!(report.tests, 7);
    }
}
