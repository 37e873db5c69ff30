//! The library call a backend author puts in a plain `#[test]`:
//! [`run_conformance`] runs every check, prints the table, and only then
//! raises the first failure (first in suite order), so the test output shows
//! every result and the whole message of the first failure.
//!
//! A test is not a command, so by default a failure's replay line is the
//! configuration that replays it ([`Replay::Config`]):
//! `replay: RunConfig::new("mine").seed(7).max_examples(100).filter("elementwise::sqrt")`.
//! A caller whose program takes the engine's flags sets
//! [`RunConfig::replay_command`] instead. The panic's message is the
//! section the human report prints for the failure: the message, the
//! counterexample after N shrinking steps, the note when shrinking stopped
//! at its budget, and the replay line.
//!
//! The seed is [`RunConfig::seed`]; without it one is drawn for each run
//! and printed first (`running 217 checks, seed 123 (drawn; set
//! RunConfig::seed(123) to replay)`), and every replay line carries it. A
//! drawn seed finds more bugs across CI runs; a fixed one repeats the same
//! examples on every run.

use std::io::{self, Write};
use std::sync::Arc;

use crate::check::Suite;
use crate::config::{Replay, RunConfig};
use crate::error::ConfigError;
use crate::registry::{BackendRegistry, BackendUnderTest};
use crate::report::human::HumanReporter;
use crate::report_model::{RunReport, Status};
use crate::runner::{self, Event};

/// Runs `suite` on the backend `config.backend` names in `registry`, prints
/// a line per check and the summary to standard output, and panics with the
/// first failure when there is one ([`RunReport::first_failure`]; a check
/// `BLOCKED` by a failed dependency fails the run too, and the dependency,
/// selected or not, is the failure raised). A configuration error panics
/// too, with its message: in a test, both should stop the test.
///
/// ```no_run
/// # use conformance_engine::*;
/// # struct B;
/// # impl BackendUnderTest for B {
/// #     fn name(&self) -> &str { "mine" }
/// #     fn implements(&self, _: &str) -> bool { true }
/// # }
/// # let suite: Suite<B> = Suite::new("s");
/// # let mut registry = BackendRegistry::new();
/// # registry.register(&[], "", B).unwrap();
/// let report = run_conformance(&suite, &registry, &RunConfig::new("mine").seed(7));
/// assert_eq!(report.summary().failed, 0);
/// ```
pub fn run_conformance<B: BackendUnderTest>(
    suite: &Suite<B>,
    registry: &BackendRegistry<B>,
    config: &RunConfig,
) -> RunReport {
    let report = print_while_running(config, |on_event| {
        runner::run_suite(suite, registry, config, on_event)
    });
    raise_first_failure(report)
}

/// [`run_conformance`] for a backend the caller holds rather than one in a
/// registry (a third-party backend testing itself); the report names it by
/// [`BackendUnderTest::name`], and `config.backend` is not read.
///
/// ```no_run
/// # use std::sync::Arc;
/// # use conformance_engine::*;
/// # struct Mine;
/// # impl BackendUnderTest for Mine {
/// #     fn name(&self) -> &str { "mine" }
/// #     fn implements(&self, _: &str) -> bool { true }
/// # }
/// # let suite: Suite<Mine> = Suite::new("s");
/// let config = RunConfig::new("mine").seed(7).max_examples(50);
/// let report = run_conformance_on(&suite, Arc::new(Mine), &config);
/// assert_eq!(report.backend, "mine");
/// ```
pub fn run_conformance_on<B: BackendUnderTest>(
    suite: &Suite<B>,
    backend: Arc<B>,
    config: &RunConfig,
) -> RunReport {
    let report = print_while_running(config, |on_event| {
        runner::run_backend(suite, backend, config, on_event)
    });
    raise_first_failure(report)
}

/// Standard output through `print!`, which the test harness captures (a
/// locked stdout is not captured).
struct Printed;

impl Write for Printed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        print!("{}", String::from_utf8_lossy(buf));
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stdout().flush()
    }
}

/// The library call's opening line: the run seed, and, when it was drawn,
/// how to replay it.
fn started_line(human: &HumanReporter, config: &RunConfig, seed: u64, total: usize) -> String {
    let drawn = match (&config.seed, &config.replay) {
        (Some(_), _) => String::new(),
        (None, Replay::Config) => format!(" (drawn; set RunConfig::seed({seed}) to replay)"),
        (None, Replay::Command(_)) => format!(" (drawn; pass --seed {seed} to replay)"),
    };
    format!("{}{drawn}", human.started_line(total, seed, false))
}

fn print_while_running(
    config: &RunConfig,
    run: impl FnOnce(&mut dyn FnMut(Event<'_>)) -> Result<RunReport, ConfigError>,
) -> RunReport {
    run_and_print(config, &mut Printed, run)
}

/// Runs, writing the opening line, a line per check and the summary (with
/// each failure's section) to `out`; a configuration error panics.
fn run_and_print(
    config: &RunConfig,
    out: &mut dyn Write,
    run: impl FnOnce(&mut dyn FnMut(Event<'_>)) -> Result<RunReport, ConfigError>,
) -> RunReport {
    let human = HumanReporter::default();
    let mut on_event = |event: Event<'_>| match event {
        Event::Started { seed, total } => {
            let _ = writeln!(out, "{}", started_line(&human, config, seed, total));
        }
        Event::Finished(r) => {
            let _ = writeln!(out, "{}", human.check_line(r));
        }
        Event::Slow { id, running_for } => {
            let _ = writeln!(out, "{}", human.slow_line(id, running_for));
        }
        Event::Progress { .. } => {}
    };
    let report = match run(&mut on_event) {
        Ok(report) => report,
        Err(e) => panic!("conformance run not started: {e}"),
    };
    let _ = human.write_summary(out, &report);
    report
}

/// The first failure's panic message: `{id} FAILED: ` and the section the
/// human report prints for it (the message, the counterexample after N
/// shrinking steps, the budget note, the replay line).
fn first_failure_message(report: &RunReport) -> Option<String> {
    let first = report.first_failure()?;
    let detail = if first.status.failure().is_some() {
        let mut text = Vec::new();
        let _ = HumanReporter::default().write_failure_details(&mut text, first);
        String::from_utf8_lossy(&text).trim_end().to_string()
    } else if let Status::Blocked { needs } = &first.status {
        format!("not verified: it needs {needs}, which did not pass (see the report above)")
    } else {
        format!("(see the report above)\nreplay: {}", first.replay)
    };
    Some(format!("{} {}: {detail}", first.id, first.status.label()))
}

fn raise_first_failure(report: RunReport) -> RunReport {
    if let Some(message) = first_failure_message(&report) {
        panic!("{message}");
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Check;
    use crate::property::{CaseError, CheckContext, Deviation};
    use crate::runner::run_backend;

    struct Halver;

    impl BackendUnderTest for Halver {
        fn name(&self) -> &str {
            "halver"
        }
        fn implements(&self, _: &str) -> bool {
            true
        }
    }

    /// One check, failing on every input from 3 on.
    fn suite() -> Suite<Halver> {
        let mut suite = Suite::new("s");
        suite.push(Check::new("g", "half", |_: &Halver, ctx: &CheckContext| {
            ctx.for_all(0u32..1000, |x| {
                if x < 3 {
                    Ok(Deviation::default())
                } else {
                    Err(CaseError::Fail(format!("{x} is too big")))
                }
            })
        }));
        suite
    }

    fn run(config: &RunConfig) -> (RunReport, String) {
        let mut out = Vec::new();
        let report = run_and_print(config, &mut out, |on_event| {
            run_backend(&suite(), Arc::new(Halver), config, on_event)
        });
        (report, String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_drawn_seed_is_printed_with_how_to_replay_it() {
        let (report, text) = run(&RunConfig::new("").max_examples(5));
        let seed = report.seed;
        assert!(
            text.starts_with(&format!(
                "running 1 check, seed {seed} (drawn; set RunConfig::seed({seed}) to replay)\n"
            )),
            "{text}"
        );
        assert!(text.contains(&format!(".seed({seed})")), "{text}");
        let (_, text) = run(&RunConfig::new("").max_examples(5).replay_command("mine --"));
        assert!(text.contains("(drawn; pass --seed "), "{text}");
        let (_, text) = run(&RunConfig::new("").seed(7).max_examples(5));
        assert!(text.starts_with("running 1 check, seed 7\n"), "{text}");
    }

    #[test]
    fn the_first_failure_is_raised_with_the_report_s_section_for_it() {
        let (report, text) = run(&RunConfig::new("").seed(7));
        let message = first_failure_message(&report).unwrap();
        assert!(
            message.starts_with("g::half FAILED: 3 is too big\n"),
            "{message}"
        );
        assert!(message.contains("counterexample, after "), "{message}");
        assert!(!message.contains("minimal"), "{message}");
        assert!(
            message.ends_with(
                "\nreplay: RunConfig::new(\"halver\").seed(7).max_examples(100).filter(\"g::half\")"
            ),
            "{message}"
        );
        // The same section as the printed report's.
        let section = message.split_once(": ").unwrap().1;
        assert!(text.contains(section), "{text}");
    }
}
