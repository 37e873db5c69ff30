//! The library call a backend author puts in a plain `#[test]`:
//! [`run_conformance`] runs every check, prints the table, and only then
//! raises the first failure (first in suite order), so the test output shows
//! every result and the whole message of the first failure.
//!
//! A test is not a command, so by default a failure's replay line is the
//! configuration that replays it ([`Replay::Config`](crate::Replay::Config)):
//! `replay: RunConfig::new("mine").seed(7).max_examples(100).filter("elementwise::sqrt")`.
//! A caller whose program takes the engine's flags sets
//! [`RunConfig::replay_command`] instead.

use std::sync::Arc;

use crate::check::Suite;
use crate::config::RunConfig;
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

fn print_while_running(
    _config: &RunConfig,
    run: impl FnOnce(&mut dyn FnMut(Event<'_>)) -> Result<RunReport, ConfigError>,
) -> RunReport {
    let human = HumanReporter {
        color: false,
        verbose: false,
    };
    // `print!` rather than a locked stdout, so the test harness captures it.
    let mut on_event = |event: Event<'_>| match event {
        Event::Started { seed, total } => println!("{}", human.started_line(total, seed, false)),
        Event::Finished(r) => println!("{}", human.check_line(r)),
        Event::Slow { id, running_for } => println!("{}", human.slow_line(id, running_for)),
        Event::Progress { .. } => {}
    };
    let report = match run(&mut on_event) {
        Ok(report) => report,
        Err(e) => panic!("conformance run not started: {e}"),
    };
    let mut summary = Vec::new();
    let _ = human.write_summary(&mut summary, &report);
    print!("{}", String::from_utf8_lossy(&summary));
    report
}

fn raise_first_failure(report: RunReport) -> RunReport {
    if let Some(first) = report.first_failure() {
        let detail = match first.status.failure() {
            Some(f) => format!(
                "{}\nminimal counterexample:\n{}\nreplay: {}",
                f.message,
                f.counterexample.as_deref().unwrap_or("(none)"),
                first.replay
            ),
            None => match &first.status {
                Status::Blocked { needs } => format!(
                    "not verified: it needs {needs}, which did not pass (see the report above)"
                ),
                _ => "see the report above".to_string(),
            },
        };
        panic!("{} {}: {detail}", first.id, first.status.label());
    }
    report
}
