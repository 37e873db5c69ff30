//! The report for a person at a terminal: one line per check while the run
//! goes, then a summary with every failure in full.
//!
//! ```text
//! PASSED   elementwise::sqrt (100 examples, 12 ms, worst error 25% of tolerance)
//! FAILED   elementwise::exp: exp(x) is 3 ulps from the reference
//! SKIPPED  linalg::qr (not implemented)
//! XFAIL    special_cases::log (listed in xfails.txt:3): log(-0.0) should be -inf, got NaN
//! XPASS    elementwise::cosh (listed in xfails.txt:4 but passed: remove the entry)
//! BLOCKED  elementwise::expm1 (needs elementwise::exp)
//!
//! warning: skips.txt:7: entry `foo::bar` matches no check
//!
//! ---- FAILED elementwise::exp ----
//! exp(x) is 3 ulps from the reference
//! counterexample, after 12 shrinking steps:
//!     Args {
//!         x: 1.0,
//!     }
//! note: shrinking stopped at its limit of 2048 attempts; the counterexample may not be minimal
//! replay: cargo run -- --backend parallel --seed 1234 --check elementwise::exp
//!
//! 1 passed, 1 failed, 1 skipped, 1 xfail, 1 xpass, 1 blocked
//! backend parallel, seed 1234, 3.2 s
//! ```
//!
//! Colours are ANSI escapes, written only when [`HumanReporter::color`] is
//! set; wrap the stream in an `anstream::AutoStream` to drop them where the
//! terminal cannot show them.

use std::io::{self, Write};
use std::time::Duration;

use crate::check::{CheckId, Tags};
use crate::property::{Deviation, Failure, Measure};
use crate::report_model::{CheckReport, RunReport, Status};
use crate::runner::format_secs;

use super::{first_line, format_duration};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const BOLD_RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[32m";
const BOLD_GREEN: &str = "\x1b[1;32m";
const YELLOW: &str = "\x1b[33m";
const MAGENTA: &str = "\x1b[35m";
const CYAN: &str = "\x1b[36m";

/// A failure's first line, and how many failures of other kinds follow it
/// in the summary: `exp(x) is 3 ulps off (+1 failure of another kind)`.
fn headline(failure: &Failure) -> String {
    match failure.others.len() {
        0 => first_line(&failure.message).to_string(),
        n => format!(
            "{} (+{})",
            first_line(&failure.message),
            plural(
                n as u64,
                "failure of another kind",
                "failures of other kinds"
            )
        ),
    }
}

/// The width the status label is padded to: `PASSED   id`.
const LABEL_WIDTH: usize = 8;

/// What the line of a check the selection left out says: it is reported
/// because its failure blocked a selected check.
const NOT_SELECTED: &str = "not selected; needed by a selected check";

/// Writes reports as lines of text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HumanReporter {
    /// Colour the status labels and the summary with ANSI escapes.
    pub color: bool,
    /// Add each passing check's full deviation and seed to its line, and a
    /// section for each expected failure (XFAIL) to the summary.
    pub verbose: bool,
}

impl HumanReporter {
    /// The line a run opens with, without a newline: `running 217 checks,
    /// seed 1`, and when the seed was drawn rather than given, how to pass
    /// it again.
    pub fn started_line(&self, total: usize, seed: u64, seed_drawn: bool) -> String {
        let checks = plural(total as u64, "check", "checks");
        if seed_drawn {
            format!("running {checks}, seed {seed} (drawn; pass --seed {seed} to replay)")
        } else {
            format!("running {checks}, seed {seed}")
        }
    }

    /// A reporter with the given [`color`](Self::color) and
    /// [`verbose`](Self::verbose) settings.
    pub fn new(color: bool, verbose: bool) -> HumanReporter {
        HumanReporter { color, verbose }
    }

    fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn style(status: &Status) -> &'static str {
        match status {
            Status::Passed => GREEN,
            Status::Failed(_) => BOLD_RED,
            Status::Skipped(_) => YELLOW,
            Status::XFail { .. } => CYAN,
            Status::XPass { .. } => MAGENTA,
            Status::Blocked { .. } => YELLOW,
        }
    }

    /// The line shown for one check as it finishes, without a newline.
    pub fn check_line(&self, report: &CheckReport) -> String {
        let label = report.status.label();
        let padding = " ".repeat(LABEL_WIDTH.saturating_sub(label.len()) + 1);
        let detail = match &report.status {
            Status::Passed => self.passed_detail(report),
            Status::Failed(failure) if !report.selected => {
                format!(" ({NOT_SELECTED}): {}", headline(failure))
            }
            Status::Blocked { needs } if !report.selected => {
                format!(" (needs {needs}; {NOT_SELECTED})")
            }
            Status::Failed(failure) => format!(": {}", headline(failure)),
            Status::Skipped(reason) => format!(" ({reason})"),
            Status::XFail { entry, failure } => {
                format!(" (listed in {entry}): {}", headline(failure))
            }
            Status::XPass { entry } => {
                format!(" (listed in {entry} but passed: remove the entry)")
            }
            Status::Blocked { needs } => format!(" (needs {needs})"),
        };
        format!(
            "{}{padding}{}{detail}",
            self.paint(Self::style(&report.status), label),
            report.id
        )
    }

    /// The line announcing a check still running after `running_for`
    /// ([`Event::Slow`](crate::Event::Slow)), without a newline:
    /// `SLOW     linalg::qr (running for 10 s)`.
    pub fn slow_line(&self, id: &CheckId, running_for: Duration) -> String {
        let label = "SLOW";
        let padding = " ".repeat(LABEL_WIDTH - label.len() + 1);
        format!(
            "{}{padding}{id} (running for {} s)",
            self.paint(YELLOW, label),
            format_secs(running_for)
        )
    }

    fn passed_detail(&self, report: &CheckReport) -> String {
        let mut parts = vec![
            plural(u64::from(report.examples), "example", "examples"),
            format_duration(report.duration),
        ];
        if let Some(worst) = &report.worst {
            parts.push(format!(
                "worst error {}% of tolerance",
                short_float(worst.tolerance_used * 100.0)
            ));
            if self.verbose && !worst.details.is_empty() {
                parts.push(deviation_details(worst));
            }
        }
        if self.verbose {
            parts.push(format!("seed {}", report.check_seed));
        }
        format!(" ({})", parts.join(", "))
    }

    /// What follows the check lines: the warnings, a section per failure
    /// (and per XPASS under strict xfail) in suite order, the counts line
    /// `N passed, N failed, N skipped[, N xfail][, N xpass][, N blocked]`
    /// and a line with the backend, seed and duration.
    pub fn write_summary(&self, out: &mut dyn Write, run: &RunReport) -> io::Result<()> {
        if !run.warnings.is_empty() {
            for warning in &run.warnings {
                writeln!(out, "{} {warning}", self.paint(YELLOW, "warning:"))?;
            }
            writeln!(out)?;
        }
        for check in &run.checks {
            match &check.status {
                Status::Failed(failure) => {
                    self.write_failure(out, check, failure, None)?;
                }
                Status::XFail { entry, failure } if self.verbose => {
                    self.write_failure(out, check, failure, Some(entry))?;
                }
                Status::XPass { entry } if run.strict_xfail => {
                    self.write_header(out, check)?;
                    writeln!(
                        out,
                        "listed in {entry} but passed, which --strict-xfail counts as a failure: remove the entry"
                    )?;
                    writeln!(out, "replay: {}", check.replay)?;
                    writeln!(out)?;
                }
                _ => {}
            }
        }
        if run.interrupted {
            writeln!(
                out,
                "{}",
                self.paint(
                    BOLD_RED,
                    "interrupted: the run was stopped early; the checks it did not finish are SKIPPED (not run: interrupted, or interrupted while running)"
                )
            )?;
        }
        let summary = run.summary();
        let mut counts = format!(
            "{} passed, {} failed, {} skipped",
            summary.passed, summary.failed, summary.skipped
        );
        for (n, word) in [
            (summary.xfail, "xfail"),
            (summary.xpass, "xpass"),
            (summary.blocked, "blocked"),
        ] {
            if n > 0 {
                counts.push_str(&format!(", {n} {word}"));
            }
        }
        let style = if run.is_failure() {
            BOLD_RED
        } else {
            BOLD_GREEN
        };
        writeln!(out, "{}", self.paint(style, &counts))?;
        let partition = run
            .partition
            .map(|(k, n)| format!("partition {k}/{n}, "))
            .unwrap_or_default();
        writeln!(
            out,
            "backend {}, seed {}, {partition}{}",
            run.backend,
            run.seed,
            format_duration(run.duration)
        )
    }

    fn write_header(&self, out: &mut dyn Write, check: &CheckReport) -> io::Result<()> {
        let title = format!("---- {} {} ----", check.status.label(), check.id);
        writeln!(out, "{}", self.paint(BOLD, &title))
    }

    fn write_failure(
        &self,
        out: &mut dyn Write,
        check: &CheckReport,
        failure: &Failure,
        xfail_entry: Option<&str>,
    ) -> io::Result<()> {
        self.write_header(out, check)?;
        self.write_failure_body(out, check, failure, xfail_entry)?;
        writeln!(out)
    }

    /// The section [`write_summary`](Self::write_summary) writes for a
    /// `FAILED` (or `XFAIL`) check, without its `---- FAILED id ----` title
    /// and the blank line after it: the message, the counterexample after N
    /// shrinking steps (or the input a crashed child was running), the note
    /// when shrinking stopped at its budget, and the replay line. For a
    /// caller that titles the section itself (the test harness, whose
    /// libtest prints `---- id ----`; the library call's panic). Writes
    /// nothing for a check of another status.
    pub fn write_failure_details(
        &self,
        out: &mut dyn Write,
        check: &CheckReport,
    ) -> io::Result<()> {
        match &check.status {
            Status::Failed(failure) => self.write_failure_body(out, check, failure, None),
            Status::XFail { entry, failure } => {
                self.write_failure_body(out, check, failure, Some(entry))
            }
            _ => Ok(()),
        }
    }

    /// Every failure of the check: the first as it always was (its message
    /// first), then, when it found failures of other kinds, each of them
    /// under a `failure N of M (kind):` line.
    fn write_failure_body(
        &self,
        out: &mut dyn Write,
        check: &CheckReport,
        failure: &Failure,
        xfail_entry: Option<&str>,
    ) -> io::Result<()> {
        if let Some(entry) = xfail_entry {
            writeln!(out, "expected failure, listed in {entry}")?;
        }
        let count = failure.all().count();
        let kind = |f: &Failure| f.kind.clone().unwrap_or_else(|| "no kind given".into());
        for (n, one) in failure.all().enumerate() {
            if n > 0 {
                writeln!(out)?;
                let title = format!("failure {} of {count} ({}):", n + 1, kind(one));
                writeln!(out, "{}", self.paint(BOLD, &title))?;
            }
            writeln!(out, "{}", self.paint(RED, &one.message))?;
            if n == 0 {
                if !check.selected {
                    writeln!(
                        out,
                        "not selected: it ran because a selected check depends on it, and its failure blocked that check"
                    )?;
                }
                if count > 1 {
                    writeln!(
                        out,
                        "failure 1 of {count} ({}); the others, of other kinds, follow",
                        kind(one)
                    )?;
                }
            }
            self.write_counterexample(out, check, one)?;
        }
        Ok(())
    }

    /// What follows a failure's message: its counterexample after N
    /// shrinking steps (or the input a crashed child was running), the note
    /// when shrinking stopped at its budget, and the replay line.
    fn write_counterexample(
        &self,
        out: &mut dyn Write,
        check: &CheckReport,
        failure: &Failure,
    ) -> io::Result<()> {
        match &failure.counterexample {
            Some(counterexample) => {
                if failure.running_input {
                    writeln!(out, "while running this input (as drawn, not shrunk):")?;
                } else {
                    writeln!(
                        out,
                        "counterexample, after {}:",
                        plural(
                            u64::from(failure.shrink_steps),
                            "shrinking step",
                            "shrinking steps"
                        )
                    )?;
                }
                for line in counterexample.lines() {
                    writeln!(out, "    {line}")?;
                }
            }
            None => writeln!(
                out,
                "no counterexample: the check did not end on a failing example"
            )?,
        }
        if let Some(limit) = &failure.shrink_limit {
            writeln!(out, "note: {}", limit.note())?;
        }
        writeln!(out, "replay: {}", check.replay)
    }

    /// The `--list` table: one check per line with its function and tags
    /// (tier, extension, then the host's labels as given), in columns.
    pub fn write_list(
        &self,
        out: &mut dyn Write,
        rows: &[(&CheckId, &str, &Tags)],
    ) -> io::Result<()> {
        let id_width = rows.iter().map(|r| r.0.as_str().len()).max().unwrap_or(0);
        let function_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
        for (id, function, tags) in rows {
            let mut labels = vec![tags.tier.name().to_string()];
            if let Some(extension) = &tags.extension {
                labels.push(format!("extension {extension}"));
            }
            labels.extend(tags.labels.iter().cloned());
            writeln!(
                out,
                "{:<id_width$}  {:<function_width$}  {}",
                id.as_str(),
                function,
                labels.join(", ")
            )?;
        }
        Ok(())
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The host's details in order: `abs 1.1e-16, rel 2.2e-16, 1 ulp`.
fn deviation_details(d: &Deviation) -> String {
    d.details
        .iter()
        .map(|detail| match &detail.value {
            Measure::Real(x) => format!("{} {}", detail.name, short_float(*x)),
            Measure::Count { n, one } => plural(*n, one, &detail.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A float in a few characters: `0.25`, `3`, `1.1e-16`, `inf`.
fn short_float(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    if (0.01..1000.0).contains(&x.abs()) {
        let text = format!("{x:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        return text.to_string();
    }
    format!("{x:.1e}")
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{
        run_with_two_failures, sample_run, EXP_COUNTEREXAMPLE, EXP_MESSAGE, EXP_PANIC, EXP_REPLAY,
    };
    use super::*;
    use crate::check::Tier;

    fn plain() -> HumanReporter {
        HumanReporter::default()
    }

    fn summary(reporter: HumanReporter, run: &RunReport) -> String {
        let mut out = Vec::new();
        reporter.write_summary(&mut out, run).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_line_per_status() {
        let run = sample_run();
        let lines: Vec<String> = run.checks.iter().map(|c| plain().check_line(c)).collect();
        assert_eq!(
            lines,
            [
                "PASSED   elementwise::sqrt (100 examples, 12 ms, worst error 25% of tolerance)",
                "FAILED   elementwise::exp: exp(x) is 3 ulps from the reference",
                "SKIPPED  linalg::qr (not implemented)",
                "XFAIL    special_cases::log (listed in xfails.txt:3): log(-0.0) should be -inf, got NaN",
                "XPASS    elementwise::cosh (listed in xfails.txt:4 but passed: remove the entry)",
                "BLOCKED  elementwise::expm1 (needs elementwise::exp)",
                "PASSED   set::unique_values (50 examples, 2 ms)",
            ]
        );
    }

    #[test]
    fn counts_are_plural_only_when_not_one() {
        assert_eq!(plain().started_line(1, 7, false), "running 1 check, seed 7");
        assert_eq!(
            plain().started_line(0, 7, false),
            "running 0 checks, seed 7"
        );
        assert_eq!(
            plain().started_line(217, 7, true),
            "running 217 checks, seed 7 (drawn; pass --seed 7 to replay)"
        );
        let mut check = sample_run().checks[0].clone();
        check.examples = 1;
        check.worst = Some(Deviation::new(0.0));
        assert_eq!(
            plain().check_line(&check),
            "PASSED   elementwise::sqrt (1 example, 12 ms, worst error 0% of tolerance)"
        );
        check.worst = Some(Deviation::new(0.001234));
        assert!(
            plain()
                .check_line(&check)
                .ends_with("worst error 0.12% of tolerance)"),
            "{}",
            plain().check_line(&check)
        );
    }

    #[test]
    fn a_slow_line_says_how_long_the_check_has_run() {
        let id = CheckId::new("linalg::qr");
        assert_eq!(
            plain().slow_line(&id, Duration::from_secs(20)),
            "SLOW     linalg::qr (running for 20 s)"
        );
        assert_eq!(
            plain().slow_line(&id, Duration::from_millis(1500)),
            "SLOW     linalg::qr (running for 1.5 s)"
        );
        let coloured = HumanReporter::new(true, false).slow_line(&id, Duration::from_secs(10));
        assert!(coloured.starts_with("\x1b[33mSLOW\x1b[0m"), "{coloured:?}");
    }

    #[test]
    fn verbose_lines_add_the_deviation_and_seed() {
        let run = sample_run();
        let line = HumanReporter::new(false, true).check_line(&run.checks[0]);
        assert_eq!(
            line,
            "PASSED   elementwise::sqrt (100 examples, 12 ms, worst error 25% of tolerance, abs 1.1e-16, rel 2.2e-16, 1 ulp, seed 9f3a0c)"
        );
    }

    #[test]
    fn colour_only_when_asked_and_only_as_escapes() {
        let run = sample_run();
        let coloured = HumanReporter::new(true, false);
        let passed = coloured.check_line(&run.checks[0]);
        assert!(passed.starts_with("\x1b[32mPASSED\x1b[0m"), "{passed:?}");
        assert!(coloured
            .check_line(&run.checks[1])
            .contains("\x1b[1;31mFAILED"));
        assert!(coloured
            .check_line(&run.checks[2])
            .contains("\x1b[33mSKIPPED"));
        for check in &run.checks {
            let line = coloured.check_line(check);
            assert_eq!(
                anstream::adapter::strip_str(&line).to_string(),
                plain().check_line(check)
            );
            assert!(!plain().check_line(check).contains('\x1b'));
        }
        let text = summary(coloured, &run);
        assert!(text.contains('\x1b'));
        assert_eq!(
            anstream::adapter::strip_str(&text).to_string(),
            summary(plain(), &run)
        );
        assert!(!summary(plain(), &run).contains('\x1b'));
    }

    #[test]
    fn summary_ends_with_counts_then_backend_seed_and_duration() {
        let text = summary(plain(), &sample_run());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[lines.len() - 2..],
            [
                "2 passed, 1 failed, 1 skipped, 1 xfail, 1 xpass, 1 blocked",
                "backend parallel, seed 1234, 3.2 s",
            ]
        );
    }

    #[test]
    fn zero_counts_beyond_the_first_three_are_left_out() {
        let mut run = sample_run();
        run.checks.retain(|c| matches!(c.status, Status::Passed));
        run.partition = Some((2, 4));
        run.duration = std::time::Duration::from_millis(250);
        let text = summary(plain(), &run);
        assert!(
            text.ends_with("2 passed, 0 failed, 0 skipped\nbackend parallel, seed 1234, partition 2/4, 250 ms\n"),
            "{text}"
        );
    }

    #[test]
    fn an_interrupted_run_says_so_before_its_counts() {
        let mut run = sample_run();
        run.checks.retain(|c| matches!(c.status, Status::Passed));
        assert!(!summary(plain(), &run).contains("interrupted"));
        run.interrupted = true;
        let text = summary(plain(), &run);
        assert!(
            text.contains("interrupted: the run was stopped early; the checks it did not finish are SKIPPED (not run: interrupted, or interrupted while running)\n2 passed, 0 failed, 0 skipped\n"),
            "{text}"
        );
    }

    #[test]
    fn warnings_come_first() {
        let text = summary(plain(), &sample_run());
        assert!(
            text.starts_with("warning: skips.txt:7: entry `foo::bar` matches no check\n"),
            "{text}"
        );
    }

    #[test]
    fn a_failure_shows_message_counterexample_shrinking_and_replay() {
        let text = summary(plain(), &sample_run());
        let indented: String = EXP_COUNTEREXAMPLE
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect();
        let expected = format!(
            "---- FAILED elementwise::exp ----\n{EXP_MESSAGE}\ncounterexample, after 12 shrinking steps:\n{indented}note: shrinking stopped at its limit of 2048 attempts; the counterexample may not be minimal\nreplay: {EXP_REPLAY}\n"
        );
        assert!(text.contains(&expected), "{text}");
        // Only FAILED gets a section unless verbose or strict.
        assert_eq!(text.matches("---- ").count(), 1, "{text}");
    }

    #[test]
    fn every_failure_of_a_check_has_its_section_in_the_order_found() {
        let run = run_with_two_failures();
        assert_eq!(
            plain().check_line(&run.checks[1]),
            "FAILED   elementwise::exp: exp(x) is 3 ulps from the reference (+1 failure of another kind)"
        );
        let text = summary(plain(), &run);
        let first = format!(
            "---- FAILED elementwise::exp ----\n{EXP_MESSAGE}\nfailure 1 of 2 (value (float64)); the others, of other kinds, follow\ncounterexample, after 12 shrinking steps:\n"
        );
        assert!(text.contains(&first), "{text}");
        let second = format!(
            "replay: {EXP_REPLAY}\n\nfailure 2 of 2 (panic):\n{EXP_PANIC}\ncounterexample, after 1 shrinking step:\n    Args {{\n        x: 5e-324,\n    }}\nreplay: {EXP_REPLAY}\n\n"
        );
        assert!(text.contains(&second), "{text}");
        // Still one section for the check.
        assert_eq!(text.matches("---- ").count(), 1, "{text}");
    }

    #[test]
    fn a_failure_s_details_are_its_summary_section_without_the_title() {
        let run = sample_run();
        let details = |check: &CheckReport| {
            let mut out = Vec::new();
            plain().write_failure_details(&mut out, check).unwrap();
            String::from_utf8(out).unwrap()
        };
        let exp = details(&run.checks[1]);
        let section = format!("---- FAILED elementwise::exp ----\n{exp}\n");
        assert!(summary(plain(), &run).contains(&section), "{exp}");
        assert!(exp.contains("after 12 shrinking steps"), "{exp}");
        assert!(exp.ends_with(&format!("replay: {EXP_REPLAY}\n")), "{exp}");
        assert!(details(&run.checks[3]).starts_with("expected failure, listed in xfails.txt:3\n"));
        assert_eq!(details(&run.checks[0]), "");
    }

    #[test]
    fn a_failure_within_budget_has_no_budget_note() {
        let mut run = sample_run();
        if let Status::Failed(f) = &mut run.checks[1].status {
            f.shrink_limit = None;
            f.shrink_steps = 1;
        }
        let text = summary(plain(), &run);
        assert!(text.contains("after 1 shrinking step:\n"), "{text}");
        assert!(!text.contains("may not be minimal"), "{text}");
    }

    #[test]
    fn strict_xfail_gives_xpass_a_section_and_verbose_gives_xfail_one() {
        let mut run = sample_run();
        assert!(!summary(plain(), &run).contains("---- XPASS"));
        run.strict_xfail = true;
        let text = summary(plain(), &run);
        assert!(
            text.contains("---- XPASS elementwise::cosh ----\nlisted in xfails.txt:4 but passed, which --strict-xfail counts as a failure: remove the entry\nreplay: cargo run -- --backend parallel --seed 1234 --check elementwise::cosh\n"),
            "{text}"
        );
        let verbose = summary(HumanReporter::new(false, true), &run);
        assert!(
            verbose.contains("---- XFAIL special_cases::log ----\nexpected failure, listed in xfails.txt:3\nlog(-0.0)"),
            "{verbose}"
        );
        // Sections follow suite order.
        let exp = verbose.find("---- FAILED").unwrap();
        let log = verbose.find("---- XFAIL").unwrap();
        let cosh = verbose.find("---- XPASS").unwrap();
        assert!(exp < log && log < cosh);
    }

    #[test]
    fn list_shows_function_and_tags_in_columns() {
        let ids = [
            CheckId::new("elementwise::sqrt"),
            CheckId::new("linalg::qr::reconstruct"),
            CheckId::new("set::unique_values"),
        ];
        let primary = Tags::default();
        let linalg = Tags {
            extension: Some("linalg".to_string()),
            labels: Vec::new(),
            tier: Tier::Extra,
        };
        let unique = Tags {
            extension: None,
            labels: vec!["data-dependent-shape".to_string(), "slow".to_string()],
            tier: Tier::SpecialCases,
        };
        let rows = [
            (&ids[0], "sqrt", &primary),
            (&ids[1], "qr", &linalg),
            (&ids[2], "unique_values", &unique),
        ];
        let mut out = Vec::new();
        plain().write_list(&mut out, &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "elementwise::sqrt        sqrt           primary\n\
             linalg::qr::reconstruct  qr             extra, extension linalg\n\
             set::unique_values       unique_values  special-cases, data-dependent-shape, slow\n"
        );
    }

    #[test]
    fn floats_are_short() {
        assert_eq!(short_float(0.25), "0.25");
        assert_eq!(short_float(3.0), "3");
        assert_eq!(short_float(0.5), "0.5");
        assert_eq!(short_float(1.1e-16), "1.1e-16");
        assert_eq!(short_float(0.0), "0");
        assert_eq!(short_float(f64::INFINITY), "inf");
        assert_eq!(short_float(f64::NAN), "NaN");
    }
}
