//! Running one check in a child process (`--isolate`), as nextest runs each
//! test: an abort, a stack overflow or a failed allocation in a backend ends
//! the child, not the run, and the check is `FAILED` with the signal, the
//! child's last words on stderr and the input it was running.
//!
//! The child is the host's own binary started with [`CHILD_FLAG`]; it reads
//! one [`ChildRequest`] as JSON on stdin, runs that check exactly as the
//! runner would in process (same seed, same budget, so the same report), and
//! writes marker lines on stdout: one per input before it runs
//! ([`INPUT_MARKER`]), one per failure once shrunk ([`FAILURE_MARKER`]),
//! and the outcome last ([`OUTCOME_MARKER`]). A child that crashes or hangs
//! after finding failures is reported with them, its crash last. Anything
//! else a backend prints is ignored. Floats cross as their bits, so nothing
//! is lost to decimal text.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::check::{CheckId, Suite};
use crate::config::Interrupt;
use crate::property::{
    CheckOutcome, Detail, Deviation, ExampleBudget, Failure, Measure, ShrinkLimit, Verdict,
};
use crate::registry::{BackendRegistry, BackendUnderTest};
use crate::runner::{check_context, format_secs, run_on_thread, INTERRUPT_POLL};

/// The first argument that makes a host's binary serve one check as a child.
pub const CHILD_FLAG: &str = "--isolated-child";
/// Starts a stdout line carrying the input about to run (a JSON string).
pub const INPUT_MARKER: &str = "conformance-child-input ";
/// Starts a stdout line carrying a failure as soon as it is shrunk (JSON),
/// so that a child that crashes while it looks for failures of other kinds
/// loses none found before.
pub const FAILURE_MARKER: &str = "conformance-child-failure ";
/// Starts the stdout line carrying the outcome (JSON).
pub const OUTCOME_MARKER: &str = "conformance-child-outcome ";
/// The kind of the failure of a child process that crashed.
pub const CRASH_KIND: &str = "crash";

/// How to start a child: the host's binary and the arguments before
/// [`CHILD_FLAG`] (none for a binary built on [`crate::cli::main`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildCommand {
    /// The host's binary.
    pub program: PathBuf,
    /// Arguments given before [`CHILD_FLAG`].
    pub args: Vec<OsString>,
}

impl ChildCommand {
    /// The running binary itself, as `cli::main` uses.
    pub fn current_exe() -> std::io::Result<ChildCommand> {
        Ok(ChildCommand {
            program: std::env::current_exe()?,
            args: Vec::new(),
        })
    }
}

/// What the parent asks of a child: one check, with everything that decides
/// its examples.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildRequest {
    /// The backend's canonical name in the host's registry.
    pub backend: String,
    /// The check's id.
    pub check: String,
    /// The run seed; the child derives the check's seed from it as the
    /// runner does.
    pub run_seed: u64,
    /// [`ExampleBudget::max_examples`].
    pub max_examples: u32,
    /// [`ExampleBudget::max_shrink_iters`].
    pub max_shrink_iters: u32,
    /// [`ExampleBudget::max_shrink_time`], in whole milliseconds.
    pub max_shrink_time_ms: u64,
    /// [`ExampleBudget::max_failures`].
    pub max_failures: u32,
}

impl ChildRequest {
    /// The request to run `check` on the backend called `backend`, with the
    /// run seed and budget of the parent's run.
    pub fn new(backend: &str, check: &CheckId, run_seed: u64, budget: &ExampleBudget) -> Self {
        ChildRequest {
            backend: backend.to_string(),
            check: check.to_string(),
            run_seed,
            max_examples: budget.max_examples,
            max_shrink_iters: budget.max_shrink_iters,
            max_shrink_time_ms: budget.max_shrink_time.as_millis() as u64,
            max_failures: budget.max_failures,
        }
    }

    /// The example budget the request carries.
    pub fn budget(&self) -> ExampleBudget {
        ExampleBudget {
            max_examples: self.max_examples,
            max_shrink_iters: self.max_shrink_iters,
            max_shrink_time: Duration::from_millis(self.max_shrink_time_ms),
            max_failures: self.max_failures,
        }
    }
}

/// A [`CheckOutcome`] on the wire.
#[derive(Debug, Serialize, Deserialize)]
struct WireOutcome {
    /// "passed", "failed" or "not_implemented".
    verdict: String,
    reason: Option<String>,
    failure: Option<WireFailure>,
    examples: u32,
    worst: Option<WireDeviation>,
}

/// A [`Deviation`] on the wire, its floats as bits.
#[derive(Debug, Serialize, Deserialize)]
struct WireDeviation {
    tolerance_used: u64,
    details: Vec<(String, WireMeasure)>,
}

#[derive(Debug, Serialize, Deserialize)]
enum WireMeasure {
    Real(u64),
    Count { n: u64, one: String },
}

impl From<&Deviation> for WireDeviation {
    fn from(d: &Deviation) -> Self {
        WireDeviation {
            tolerance_used: d.tolerance_used.to_bits(),
            details: d
                .details
                .iter()
                .map(|detail| {
                    let value = match &detail.value {
                        Measure::Real(x) => WireMeasure::Real(x.to_bits()),
                        Measure::Count { n, one } => WireMeasure::Count {
                            n: *n,
                            one: one.to_string(),
                        },
                    };
                    (detail.name.to_string(), value)
                })
                .collect(),
        }
    }
}

impl From<WireDeviation> for Deviation {
    fn from(w: WireDeviation) -> Self {
        Deviation {
            tolerance_used: f64::from_bits(w.tolerance_used),
            details: w
                .details
                .into_iter()
                .map(|(name, value)| Detail {
                    name: name.into(),
                    value: match value {
                        WireMeasure::Real(bits) => Measure::Real(f64::from_bits(bits)),
                        WireMeasure::Count { n, one } => Measure::count(n, one),
                    },
                })
                .collect(),
        }
    }
}

/// A [`Failure`] on the wire, with the failures of other kinds it carries.
#[derive(Debug, Serialize, Deserialize)]
struct WireFailure {
    message: String,
    counterexample: Option<String>,
    shrink_steps: u32,
    shrink_limit: Option<WireShrinkLimit>,
    kind: Option<String>,
    others: Vec<WireFailure>,
}

impl From<&Failure> for WireFailure {
    fn from(f: &Failure) -> Self {
        WireFailure {
            message: f.message.clone(),
            counterexample: f.counterexample.clone(),
            shrink_steps: f.shrink_steps,
            shrink_limit: f.shrink_limit.map(WireShrinkLimit::from),
            kind: f.kind.clone(),
            others: f.others.iter().map(WireFailure::from).collect(),
        }
    }
}

impl From<WireFailure> for Failure {
    fn from(f: WireFailure) -> Self {
        Failure {
            message: f.message,
            counterexample: f.counterexample,
            shrink_steps: f.shrink_steps,
            shrink_limit: f.shrink_limit.map(ShrinkLimit::from),
            running_input: false,
            kind: f.kind,
            others: f.others.into_iter().map(Failure::from).collect(),
        }
    }
}

/// A [`ShrinkLimit`], the time in nanoseconds.
#[derive(Debug, Serialize, Deserialize)]
enum WireShrinkLimit {
    Attempts(u32),
    TimeNanos(u64),
}

impl From<ShrinkLimit> for WireShrinkLimit {
    fn from(limit: ShrinkLimit) -> Self {
        match limit {
            ShrinkLimit::Attempts(n) => WireShrinkLimit::Attempts(n),
            ShrinkLimit::Time(d) => {
                WireShrinkLimit::TimeNanos(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
            }
        }
    }
}

impl From<WireShrinkLimit> for ShrinkLimit {
    fn from(limit: WireShrinkLimit) -> Self {
        match limit {
            WireShrinkLimit::Attempts(n) => ShrinkLimit::Attempts(n),
            WireShrinkLimit::TimeNanos(ns) => ShrinkLimit::Time(Duration::from_nanos(ns)),
        }
    }
}

impl From<&CheckOutcome> for WireOutcome {
    fn from(o: &CheckOutcome) -> Self {
        let (verdict, reason, failure) = match &o.verdict {
            Verdict::Passed => ("passed", None, None),
            Verdict::NotImplemented(r) => ("not_implemented", Some(r.clone()), None),
            Verdict::Failed(f) => ("failed", None, Some(WireFailure::from(f))),
        };
        WireOutcome {
            verdict: verdict.to_string(),
            reason,
            failure,
            examples: o.examples,
            worst: o.worst.as_ref().map(WireDeviation::from),
        }
    }
}

impl WireOutcome {
    fn into_outcome(self) -> Result<CheckOutcome, String> {
        let verdict = match (self.verdict.as_str(), self.failure) {
            ("passed", _) => Verdict::Passed,
            ("not_implemented", _) => Verdict::NotImplemented(self.reason.unwrap_or_default()),
            ("failed", Some(f)) => Verdict::Failed(Failure::from(f)),
            (other, _) => return Err(format!("unknown verdict `{other}`")),
        };
        Ok(CheckOutcome {
            verdict,
            examples: self.examples,
            worst: self.worst.map(Deviation::from),
        })
    }
}

/// Runs the check `request` names in a child started by `command`, killing
/// it past `timeout`. A child that dies or hangs is a [`Failure`] naming how,
/// with the input it was running. `None` when `interrupt` is raised while
/// the child runs: the child is killed and its outcome is not awaited.
pub fn run_in_child(
    command: &ChildCommand,
    request: &ChildRequest,
    timeout: Option<Duration>,
    interrupt: Option<&Interrupt>,
) -> Option<Result<CheckOutcome, Failure>> {
    let interrupted = || interrupt.is_some_and(Interrupt::is_raised);
    let child = Command::new(&command.program)
        .args(&command.args)
        .arg(CHILD_FLAG)
        // A crash's report is the signal and the last stderr lines; a
        // backtrace would bury them.
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            return Some(Err(Failure::new(format!(
                "could not start the child process {}: {e}",
                command.program.display()
            ))))
        }
    };
    let request_json = serde_json::to_string(request).expect("a request is plain data");
    if let Some(mut stdin) = child.stdin.take() {
        // A child that dies at once closes its stdin; its status says why.
        let _ = stdin.write_all(request_json.as_bytes());
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());

    let started = Instant::now();
    let (status, timed_out) = loop {
        if interrupted() {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        match child.try_wait() {
            Ok(Some(status)) => break (Some(status), None),
            Ok(None) => {}
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Some(Err(Failure::new(format!(
                    "cannot wait for the child process: {e}"
                ))));
            }
        }
        if let Some(limit) = timeout.filter(|&limit| started.elapsed() >= limit) {
            let _ = child.kill();
            let _ = child.wait();
            break (None, Some(limit));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    if interrupt.is_some() && status.is_some_and(ended_by_interrupt_signal) {
        // A Ctrl-C reaches the whole process group: the child may die of
        // it a moment before this process's handler raises the interrupt.
        let grace = Instant::now();
        while !interrupted() && grace.elapsed() < INTERRUPT_GRACE {
            std::thread::sleep(INTERRUPT_POLL);
        }
        if interrupted() {
            return None;
        }
    }
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let stdout = String::from_utf8_lossy(&stdout);
    let stderr = String::from_utf8_lossy(&stderr);
    Some(read_outcome(&stdout, &stderr, status, timed_out))
}

/// How long a child that died of SIGINT or SIGTERM waits for the run's
/// interrupt to be raised before it counts as a crash.
const INTERRUPT_GRACE: Duration = Duration::from_millis(500);

/// Whether the child died of SIGINT or SIGTERM, as it does when a Ctrl-C
/// reaches the whole process group.
fn ended_by_interrupt_signal(status: ExitStatus) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        matches!(status.signal(), Some(2 | 15))
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        false
    }
}

/// The check's outcome from the child's stdout, or the failure its exit,
/// its timeout and its last stderr lines describe.
fn read_outcome(
    stdout: &str,
    stderr: &str,
    status: Option<ExitStatus>,
    timed_out: Option<Duration>,
) -> Result<CheckOutcome, Failure> {
    let mut last_input = None;
    let mut outcome = None;
    let mut found = Vec::new();
    for line in stdout.lines() {
        if let Some(text) = line.strip_prefix(INPUT_MARKER) {
            last_input = serde_json::from_str::<String>(text).ok();
        } else if let Some(text) = line.strip_prefix(FAILURE_MARKER) {
            if let Ok(failure) = serde_json::from_str::<WireFailure>(text) {
                found.push(Failure::from(failure));
            }
        } else if let Some(text) = line.strip_prefix(OUTCOME_MARKER) {
            outcome = Some(text.to_string());
        }
    }
    if let Some(limit) = timed_out {
        return Err(Failure::after(
            found,
            Failure {
                counterexample: last_input,
                running_input: true,
                kind: Some(crate::runner::TIMEOUT_KIND.to_string()),
                ..Failure::new(format!(
                    "timed out after {} s (--timeout); the child process was killed",
                    format_secs(limit)
                ))
            },
        ));
    }
    match outcome {
        Some(text) => serde_json::from_str::<WireOutcome>(&text)
            .map_err(|e| e.to_string())
            .and_then(WireOutcome::into_outcome)
            .map_err(|e| {
                Failure::new(format!("the child process sent an unreadable outcome: {e}"))
            }),
        None => Err(Failure::after(
            found,
            Failure {
                counterexample: last_input,
                running_input: true,
                kind: Some(CRASH_KIND.to_string()),
                ..Failure::new(format!(
                    "the child process {}{}",
                    describe_exit(status),
                    last_words(stderr)
                ))
            },
        )),
    }
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// "crashed (signal 6, SIGABRT)" or "exited with code 3 without an outcome".
fn describe_exit(status: Option<ExitStatus>) -> String {
    let Some(status) = status else {
        return "ended without a status".to_string();
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                2 => ", SIGINT",
                4 => ", SIGILL",
                6 => ", SIGABRT",
                7 => ", SIGBUS",
                8 => ", SIGFPE",
                9 => ", SIGKILL",
                11 => ", SIGSEGV",
                15 => ", SIGTERM",
                _ => "",
            };
            return format!("crashed (signal {signal}{name})");
        }
    }
    match status.code() {
        Some(code) => format!("exited with code {code} without an outcome"),
        None => "ended without an outcome".to_string(),
    }
}

/// The child's last few stderr lines, after ": ", without the standard
/// library's backtrace hint and with thread ids dropped, so the same crash
/// reads the same in every run.
fn last_words(stderr: &str) -> String {
    let lines: Vec<String> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("note: run with `RUST_BACKTRACE"))
        .map(without_thread_ids)
        .collect();
    let tail = &lines[lines.len().saturating_sub(3)..];
    if tail.is_empty() {
        String::new()
    } else {
        format!(": {}", tail.join(" / "))
    }
}

/// `thread 'x' (1234) has overflowed` becomes `thread 'x' has overflowed`.
fn without_thread_ids(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("' (") {
        out.push_str(&rest[..at + 1]);
        let after = &rest[at + 3..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(')') {
            rest = &after[digits + 1..];
        } else {
            out.push_str(" (");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The child's side: reads a [`ChildRequest`] from `input`, runs the check
/// and writes the marker lines to `out`, flushing each so a crash loses
/// nothing written before it. Returns the exit code: 0 when an outcome was
/// written, 2 for a request this binary cannot serve (said on `err`, which
/// the parent quotes).
pub fn serve_child<B: BackendUnderTest>(
    suite: &Suite<B>,
    registry: &BackendRegistry<B>,
    input: &mut dyn Read,
    out: Arc<Mutex<dyn Write + Send>>,
    err: &mut dyn Write,
) -> i32 {
    let mut refuse = |problem: String| {
        let _ = writeln!(err, "error: {problem}");
        2
    };
    let mut text = String::new();
    let request = match input
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())
        .and_then(|_| serde_json::from_str::<ChildRequest>(&text).map_err(|e| e.to_string()))
    {
        Ok(request) => request,
        Err(e) => return refuse(format!("{CHILD_FLAG} needs a request on stdin: {e}")),
    };
    let backend = match registry.resolve(&request.backend) {
        Ok(entry) => Arc::clone(&entry.backend),
        Err(e) => return refuse(e.to_string()),
    };
    let found = CheckId::is_valid(&request.check)
        .then(|| suite.get(&CheckId::new(request.check.as_str())))
        .flatten();
    let Some(check) = found else {
        return refuse(format!("the suite has no check `{}`", request.check));
    };
    let watch_out = Arc::clone(&out);
    let watcher = Arc::new(move |input: &str| {
        let mut out = watch_out.lock().unwrap_or_else(|e| e.into_inner());
        let text = serde_json::to_string(input).expect("a string serialises");
        let _ = writeln!(out, "{INPUT_MARKER}{text}");
        let _ = out.flush();
    });
    let failure_out = Arc::clone(&out);
    let failure_watcher = Arc::new(move |failure: &Failure| {
        let mut out = failure_out.lock().unwrap_or_else(|e| e.into_inner());
        let text = serde_json::to_string(&WireFailure::from(failure)).expect("plain data");
        let _ = writeln!(out, "{FAILURE_MARKER}{text}");
        let _ = out.flush();
    });
    let ctx = check_context(&check.id, request.run_seed, &request.budget())
        .with_input_watcher(watcher)
        .with_failure_watcher(failure_watcher);
    // The parent kills a child past its timeout, so none is set here.
    // Nor an interrupt: a Ctrl-C ends the child, and the parent kills it
    // when its own run is interrupted.
    let outcome = run_on_thread(check, &backend, ctx, None, None)
        .expect("only an interrupt abandons a check")
        .unwrap_or_else(|failure| CheckOutcome {
            verdict: Verdict::Failed(failure),
            examples: 0,
            worst: None,
        });
    let wire = serde_json::to_string(&WireOutcome::from(&outcome)).expect("plain data");
    let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
    let _ = writeln!(out, "{OUTCOME_MARKER}{wire}");
    let _ = out.flush();
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> ChildRequest {
        ChildRequest {
            backend: "b".into(),
            check: "g::f".into(),
            run_seed: 1,
            max_examples: 1,
            max_shrink_iters: 0,
            max_shrink_time_ms: 0,
            max_failures: 1,
        }
    }

    #[test]
    fn an_outcome_crosses_the_wire_unchanged_non_finite_floats_included() {
        let outcome = CheckOutcome {
            verdict: Verdict::Failed(Failure {
                message: "values differ".into(),
                counterexample: Some("x: [1.0]".into()),
                shrink_steps: 7,
                shrink_limit: Some(ShrinkLimit::Time(Duration::from_millis(1500))),
                running_input: false,
                kind: Some("value (float64)".into()),
                others: vec![
                    Failure {
                        kind: Some(crate::property::PANIC_KIND.into()),
                        counterexample: Some("x: [-1.0]".into()),
                        shrink_steps: 2,
                        shrink_limit: Some(ShrinkLimit::Attempts(5)),
                        ..Failure::new("panicked: negative")
                    },
                    Failure::new("no kind"),
                ],
            }),
            examples: 12,
            worst: Some(
                Deviation::new(f64::NAN)
                    .real("abs", 0.1 + 0.2)
                    .real("rel", f64::INFINITY)
                    .count("ulps", u64::MAX, "ulp"),
            ),
        };
        let text = serde_json::to_string(&WireOutcome::from(&outcome)).unwrap();
        let back = serde_json::from_str::<WireOutcome>(&text)
            .unwrap()
            .into_outcome()
            .unwrap();
        let (w, b) = (outcome.worst.unwrap(), back.worst.unwrap());
        assert!(b.tolerance_used.is_nan());
        // NaN aside, equal: names, order, kinds, units and every bit.
        assert_eq!(w.details, b.details);
        assert_eq!(b.get("abs"), Some(&Measure::Real(0.1 + 0.2)));
        assert_eq!(b.get("ulps"), Some(&Measure::count(u64::MAX, "ulp")));
        assert_eq!(outcome.verdict, back.verdict);
        assert_eq!(outcome.examples, back.examples);
    }

    #[test]
    fn a_crash_is_named_by_its_signal_and_last_stderr_lines() {
        let command = ChildCommand {
            program: "/bin/sh".into(),
            args: vec![
                "-c".into(),
                format!(
                    "echo '{INPUT_MARKER}\"x: [1.0]\"'; echo 'first' >&2; echo 'fatal runtime error: stack overflow' >&2; kill -ABRT $$; echo"
                )
                .into(),
            ],
        };
        let failure = run_in_child(&command, &request(), None, None)
            .unwrap()
            .unwrap_err();
        assert_eq!(
            failure.message,
            "the child process crashed (signal 6, SIGABRT): first / fatal runtime error: stack overflow"
        );
        assert_eq!(failure.counterexample.as_deref(), Some("x: [1.0]"));
        assert!(failure.running_input);
    }

    #[test]
    fn a_child_that_crashes_after_finding_a_failure_reports_it_then_the_crash() {
        let found = Failure {
            kind: Some("value (float64)".into()),
            counterexample: Some("x: [2.0]".into()),
            shrink_steps: 3,
            ..Failure::new("values differ")
        };
        let line = serde_json::to_string(&WireFailure::from(&found)).unwrap();
        let command = ChildCommand {
            program: "/bin/sh".into(),
            args: vec![
                "-c".into(),
                format!(
                    "echo '{FAILURE_MARKER}{line}'; echo '{INPUT_MARKER}\"x: [-1.0]\"'; kill -ABRT $$; echo"
                )
                .into(),
            ],
        };
        let failure = run_in_child(&command, &request(), None, None)
            .unwrap()
            .unwrap_err();
        assert_eq!(
            (failure.message.as_str(), failure.kind.as_deref()),
            ("values differ", Some("value (float64)"))
        );
        assert_eq!(failure.counterexample.as_deref(), Some("x: [2.0]"));
        assert_eq!(failure.others.len(), 1);
        let crash = &failure.others[0];
        assert_eq!(crash.kind.as_deref(), Some(CRASH_KIND));
        assert!(
            crash.message.contains("signal 6, SIGABRT"),
            "{}",
            crash.message
        );
        assert_eq!(crash.counterexample.as_deref(), Some("x: [-1.0]"));
        assert!(crash.running_input);
    }

    #[test]
    fn thread_ids_are_dropped_from_crash_messages() {
        assert_eq!(
            without_thread_ids("thread 'g::f' (6925) has overflowed its stack"),
            "thread 'g::f' has overflowed its stack"
        );
        assert_eq!(without_thread_ids("a' (b) c' (12"), "a' (b) c' (12");
    }

    #[test]
    fn a_hung_child_is_killed_at_the_timeout() {
        let command = ChildCommand {
            program: "/bin/sh".into(),
            args: vec!["-c".into(), "exec sleep 30".into()],
        };
        let started = Instant::now();
        let failure = run_in_child(&command, &request(), Some(Duration::from_millis(200)), None)
            .unwrap()
            .unwrap_err();
        assert!(
            failure.message.starts_with("timed out after 0.2 s"),
            "{}",
            failure.message
        );
        assert!(started.elapsed() < Duration::from_secs(20));
    }

    #[test]
    fn an_interrupt_kills_the_child_and_abandons_its_check() {
        let command = ChildCommand {
            program: "/bin/sh".into(),
            args: vec!["-c".into(), "exec sleep 30".into()],
        };
        let interrupt = Interrupt::new();
        let raiser = interrupt.clone();
        let started = Instant::now();
        let waker = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            raiser.raise(15);
        });
        let ran = run_in_child(
            &command,
            &request(),
            Some(Duration::from_secs(60)),
            Some(&interrupt),
        );
        waker.join().unwrap();
        assert!(ran.is_none());
        assert!(started.elapsed() < Duration::from_secs(20));
        assert_eq!(interrupt.signal(), Some(15));
    }

    #[test]
    fn a_child_that_dies_of_a_ctrl_c_is_no_crash_when_the_run_is_interrupted() {
        let command = ChildCommand {
            program: "/bin/sh".into(),
            args: vec!["-c".into(), "kill -INT $$; sleep 5".into()],
        };
        let interrupt = Interrupt::new();
        let raiser = interrupt.clone();
        // The parent's handler runs a moment after the child died.
        let waker = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            raiser.raise(2);
        });
        let ran = run_in_child(&command, &request(), None, Some(&interrupt));
        waker.join().unwrap();
        assert!(ran.is_none());
        // Without an interrupt, the same death is a crash.
        let failure = run_in_child(&command, &request(), None, Some(&Interrupt::new()))
            .unwrap()
            .unwrap_err();
        assert!(
            failure.message.contains("crashed (signal 2"),
            "{}",
            failure.message
        );
    }
}
