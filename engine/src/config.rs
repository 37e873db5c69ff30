//! [`RunConfig`]: everything one run needs, built and validated once (by the
//! command line or by a test) and passed explicitly. Nothing reads the
//! environment after this point.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::check::TagFlag;
use crate::error::ConfigError;
use crate::isolate::ChildCommand;
use crate::property::ExampleBudget;
use crate::skip_list::SkipList;

/// Which checks a run covers.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `-k` entries (same syntax as a skips entry: a check id, a function,
    /// or a `group::`); empty means every check.
    pub filters: Vec<String>,
    /// Function names; empty means every function. An unknown name is an
    /// error.
    pub functions: Vec<String>,
    /// `--ci`: primary and special-case checks only.
    pub ci: bool,
    /// Extensions (`--disable-extension`) whose checks are skipped; an
    /// extension the suite does not have is an error.
    pub disabled_extensions: Vec<String>,
    /// Host-defined tags ([`Tags::labels`](crate::Tags::labels)) whose
    /// checks are skipped; a tag no check carries and no entry of
    /// `tag_flags` declares is an error.
    pub disabled_tags: Vec<String>,
    /// The host's tag flags, so that the reason of a check skipped for a
    /// disabled tag names the flag that disables it (`tag
    /// data-dependent-shape disabled (--disable-data-dependent-shapes)`);
    /// the command line sets it from [`Program::tag_flags`](crate::cli::Program::tag_flags).
    pub tag_flags: Vec<TagFlag>,
    /// `--partition K/N`: only the checks of that slice of the suite;
    /// `None` runs the whole suite.
    pub partition: Option<Partition>,
}

/// Slice `index` (1-based) of `count`: every `count`-th check of the suite,
/// so the slices together cover each check exactly once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Partition {
    /// Which slice, from 1 to `count`.
    pub index: usize,
    /// How many slices the suite is cut into; at least 1.
    pub count: usize,
}

impl FromStr for Partition {
    type Err = ConfigError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = |problem: &str| ConfigError::InvalidValue {
            flag: "--partition",
            problem: format!("`{text}`: {problem}; write K/N with 1 <= K <= N, e.g. 2/4"),
        };
        let (k, n) = text.split_once('/').ok_or_else(|| bad("no `/`"))?;
        let index: usize = k
            .trim()
            .parse()
            .map_err(|_| bad("K is not a whole number"))?;
        let count: usize = n
            .trim()
            .parse()
            .map_err(|_| bad("N is not a whole number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(bad("K must be between 1 and N"));
        }
        Ok(Partition { index, count })
    }
}

impl Partition {
    /// Whether the check at `position` in the suite belongs to this slice.
    pub fn contains(&self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

/// How a report tells its reader to replay one check with the same
/// examples (the `replay` line of a failure, the `replay` field of JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Replay {
    /// A command line that takes the engine's flags, starting with this
    /// prefix: `{prefix} --backend B --seed S --max-examples N -k ID`, then
    /// `--no-shrink` and `--isolate` when the run had them. The host's
    /// binary takes these flags (`cargo run --release --`, set by
    /// [`Program::replay_prefix`](crate::cli::Program::replay_prefix)), and
    /// so does a `harness = false` test target (`cargo test -p P --test T
    /// --`, see [`harness`](crate::harness)).
    Command(String),
    /// The configuration that replays the check through the library call
    /// the run came from (a `#[test]` calling
    /// [`run_conformance_on`](crate::run_conformance_on), which has no
    /// command of its own): `RunConfig::new("B").seed(S).max_examples(N).filter("ID")`,
    /// then `.no_shrink()` when the run had it. The default of
    /// [`RunConfig::new`].
    Config,
}

/// A request to stop a run early, raised from outside it: by the command
/// line's SIGINT and SIGTERM handlers ([`crate::cli::main`]), or by a
/// caller's own thread. Clones share one flag.
///
/// The runner reads it before starting each check and while a check runs.
/// Once it is raised, no check starts: those not started are `SKIPPED (not
/// run: interrupted)`; a running check is abandoned (its thread left behind,
/// its `--isolate` child killed) and is `SKIPPED (interrupted while
/// running)`; checks that finished keep their status; and the report is
/// marked [`interrupted`](crate::RunReport::interrupted).
#[derive(Clone, Debug, Default)]
pub struct Interrupt(pub(crate) Arc<AtomicI32>);

impl Interrupt {
    /// A flag not raised yet.
    pub fn new() -> Interrupt {
        Interrupt::default()
    }

    /// Raises the flag on behalf of signal number `signal` (2 for SIGINT,
    /// 15 for SIGTERM; the command exits with `128 + signal`). The first
    /// raise wins; a `signal` of 0 or less counts as SIGINT.
    pub fn raise(&self, signal: i32) {
        let signal = if signal > 0 { signal } else { SIGINT };
        let _ = self
            .0
            .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// Whether the flag is raised.
    pub fn is_raised(&self) -> bool {
        self.signal().is_some()
    }

    /// The signal the flag was raised for, once it is.
    pub fn signal(&self) -> Option<i32> {
        Some(self.0.load(Ordering::SeqCst)).filter(|&s| s > 0)
    }
}

/// SIGINT's number, which [`Interrupt::raise`] falls back on.
const SIGINT: i32 = 2;

/// The whole configuration of a run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The backend's name or alias in the registry.
    pub backend: String,
    /// The run seed; `None` draws one (and the report prints it).
    pub seed: Option<u64>,
    /// Examples per check, and how far to shrink a failure.
    pub budget: ExampleBudget,
    /// Which checks the run covers.
    pub selection: Selection,
    /// Checks reported `SKIPPED` without running; `None` skips none.
    pub skips: Option<SkipList>,
    /// Checks expected to fail (`XFAIL`, or `XPASS` when they pass);
    /// `None` expects none to.
    pub xfails: Option<SkipList>,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
    /// A check running longer is `FAILED (timed out after N s)`.
    pub timeout: Option<Duration>,
    /// A check still running after this long, and after each further such
    /// period, is announced by an [`Event::Slow`](crate::Event::Slow) (the
    /// human report's `SLOW` line), so that a long or hung check is not
    /// silence. Time-dependent, so it changes no status and no report;
    /// `None` announces nothing.
    pub slow_timeout: Option<Duration>,
    /// Stop starting checks after the first failure.
    pub fail_fast: bool,
    /// Count an XPASS as a failure.
    pub strict_xfail: bool,
    /// Run each check in a child process started so (see `isolate`);
    /// `None` runs checks on threads of this process.
    pub isolate: Option<ChildCommand>,
    /// How the report says to replay a check: a command line (the host's
    /// command, a harness) or, by default, the configuration to give the
    /// library call.
    pub replay: Replay,
    /// Stops the run early when raised (see [`Interrupt`]); `None` runs to
    /// the end.
    pub interrupt: Option<Interrupt>,
}

impl RunConfig {
    /// Defaults for the library call: 100 examples, every core, a 300 s
    /// timeout, a `SLOW` line every 10 s a check runs
    /// ([`DEFAULT_SLOW_TIMEOUT`]), skips and xfails files not read,
    /// replays described as the configuration to set ([`Replay::Config`]).
    pub fn new(backend: impl Into<String>) -> RunConfig {
        RunConfig {
            backend: backend.into(),
            seed: None,
            budget: ExampleBudget::default(),
            selection: Selection::default(),
            skips: None,
            xfails: None,
            jobs: None,
            timeout: Some(Duration::from_secs(300)),
            slow_timeout: Some(DEFAULT_SLOW_TIMEOUT),
            fail_fast: false,
            strict_xfail: false,
            isolate: None,
            replay: Replay::Config,
            interrupt: None,
        }
    }

    /// Stops the run when `interrupt` is raised (see [`Interrupt`]).
    pub fn interrupt(mut self, interrupt: &Interrupt) -> Self {
        self.interrupt = Some(interrupt.clone());
        self
    }

    /// Whether the run's [`Interrupt`] is raised.
    pub fn is_interrupted(&self) -> bool {
        self.interrupt.as_ref().is_some_and(Interrupt::is_raised)
    }

    /// Sets the run seed (`--seed`), so the run repeats exactly.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Sets the examples per check (`--max-examples`).
    pub fn max_examples(mut self, n: u32) -> Self {
        self.budget.max_examples = n;
        self
    }

    /// Sets the worker threads (`--jobs`).
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = Some(jobs);
        self
    }

    /// Restricts the run to these functions.
    pub fn functions(mut self, functions: &[&str]) -> Self {
        self.selection.functions = functions.iter().map(|f| f.to_string()).collect();
        self
    }

    /// Restricts the run to checks matching this entry (`-k`).
    pub fn filter(mut self, entry: &str) -> Self {
        self.selection.filters.push(entry.to_string());
        self
    }

    /// Announces a check still running after `period`, and after each
    /// further `period` (`--slow-timeout`); see [`RunConfig::slow_timeout`].
    pub fn slow_timeout(mut self, period: Duration) -> Self {
        self.slow_timeout = Some(period);
        self
    }

    /// Reports the first failing input without shrinking it (`--no-shrink`).
    pub fn no_shrink(mut self) -> Self {
        self.budget.max_shrink_iters = 0;
        self
    }

    /// Skips every check carrying the host-defined tag `tag`.
    pub fn disable_tag(mut self, tag: &str) -> Self {
        self.selection.disabled_tags.push(tag.to_string());
        self
    }

    /// Replay lines become the command `{prefix} --backend B --seed S ...`
    /// ([`Replay::Command`]), for a caller whose command takes the engine's
    /// flags.
    pub fn replay_command(mut self, prefix: impl Into<String>) -> Self {
        self.replay = Replay::Command(prefix.into());
        self
    }

    /// Checks what can be checked without the suite.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.budget.max_examples == 0 {
            return Err(ConfigError::InvalidValue {
                flag: "--max-examples",
                problem: "0 examples would check nothing; give a whole number of at least 1".into(),
            });
        }
        if self.jobs == Some(0) {
            return Err(ConfigError::InvalidValue {
                flag: "--jobs",
                problem: "0 threads cannot run anything; give at least 1".into(),
            });
        }
        if let Some(filter) = self
            .selection
            .filters
            .iter()
            .find(|f| f.split('#').next().unwrap_or("").trim().is_empty())
        {
            let problem = if filter.trim().is_empty() {
                "an empty filter would select every check".to_string()
            } else {
                format!("`{filter}` is only a comment, which would select every check")
            };
            return Err(ConfigError::InvalidValue {
                flag: "-k",
                problem: format!(
                    "{problem}; give a check id (`elementwise::abs`), a function (`abs`) or a group (`elementwise::`), or leave -k out to run every check"
                ),
            });
        }
        if self.timeout == Some(Duration::ZERO) {
            return Err(ConfigError::InvalidValue {
                flag: "--timeout",
                problem: "a timeout of 0 s fails every check; give a positive number of seconds"
                    .into(),
            });
        }
        if self.slow_timeout == Some(Duration::ZERO) {
            return Err(ConfigError::InvalidValue {
                flag: "--slow-timeout",
                problem: "a period of 0 s would announce every check without end; give a positive number of seconds".into(),
            });
        }
        Ok(())
    }
}

/// How long a check runs before the first `SLOW` line, and between two:
/// 10 s, long past what a check of the example host takes (milliseconds)
/// and well within the default 300 s timeout.
pub const DEFAULT_SLOW_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads a skips or xfails file, or the default one when it exists.
pub fn read_list(
    explicit: Option<PathBuf>,
    default_name: &str,
    kind: crate::skip_list::ListKind,
) -> Result<Option<SkipList>, ConfigError> {
    match explicit {
        Some(path) => SkipList::from_file(&path, kind).map(Some),
        None => {
            let path = PathBuf::from(default_name);
            if path.is_file() {
                SkipList::from_file(&path, kind).map(Some)
            } else {
                Ok(None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_parse_and_cover_each_position_once() {
        let parts: Vec<Partition> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
        for position in 0..20 {
            assert_eq!(parts.iter().filter(|p| p.contains(position)).count(), 1);
        }
        for bad in ["0/3", "4/3", "1/0", "x/2", "2", "1/y"] {
            let err = bad.parse::<Partition>().unwrap_err().to_string();
            assert!(err.contains("--partition"), "{err}");
        }
    }

    #[test]
    fn validation_names_the_flag() {
        let err = RunConfig::new("cpu")
            .max_examples(0)
            .validate()
            .unwrap_err();
        assert!(err.to_string().contains("--max-examples"));
        assert!(RunConfig::new("cpu").jobs(0).validate().is_err());
        assert!(RunConfig::new("cpu").validate().is_ok());
    }
}
