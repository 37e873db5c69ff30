//! Running one property over generated inputs: the [`CheckContext`] a check
//! receives, the per-example [`CaseResult`], the seeded generate-and-shrink
//! loop ([`CheckContext::for_all`]) and the [`CheckOutcome`] it produces.
//!
//! The loop is ours rather than `TestRunner::run` so that the engine counts
//! examples, honours a deadline between examples, keeps a deterministic
//! shrink budget, records the worst deviation of passing examples, tells
//! "not implemented" apart from a failure, and goes on after a failure to
//! find failures of other kinds (so one failure cannot hide another).
//! proptest still generates and shrinks every value.
//!
//! # Several failures per check
//!
//! Each failing example has a *kind*: [`PANIC_KIND`] for a panic, the key
//! the host gives with [`CaseError::FailOfKind`] (`dtype`, `value (float32)`,
//! a special case's text...), or none for a plain [`CaseError::Fail`]. After
//! the first failure, [`CheckContext::for_all`] keeps drawing the remaining
//! examples of [`ExampleBudget::max_examples`]; each failing example of a
//! kind not seen yet is shrunk on its own (a simpler input counts only if it
//! fails with the same kind) and kept, up to
//! [`ExampleBudget::max_failures`] failures. A failure of a kind already
//! found is counted and passed over. The draws do not depend on shrinking,
//! so the same seed finds the same failures in the same order. A passing
//! check draws exactly what it drew before: the search costs nothing there.

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestRng, TestRunner};

use crate::panic_capture;

/// How far a passing result was from the reference: the worst over an
/// example's elements, and over a check's examples in the report.
///
/// The engine interprets one number, [`tolerance_used`](Self::tolerance_used):
/// the error as a fraction of the tolerance allowed (1.0 is the limit). It
/// is the `worst error N% of tolerance` of a passing check's line. Everything else
/// is the host's: named [`Detail`]s, kept in the order given, printed by
/// the reporters as given and never read by the engine. A detail is a real
/// number ([`Measure::Real`]; the human report writes `abs 1.1e-16`) or a
/// count of a unit ([`Measure::Count`]; `1 ulp`, `3 ulps`); JSON writes each
/// under its name beside `tolerance_used` (a detail may not be called
/// `tolerance_used`).
///
/// ```
/// use conformance_engine::{Deviation, Measure};
/// let d = Deviation::new(0.25)
///     .real("abs", 1.1e-16)
///     .real("rel", 2.2e-16)
///     .count("ulps", 1, "ulp");
/// assert_eq!(d.get("abs"), Some(&Measure::Real(1.1e-16)));
/// // Worst of two: the larger of each number, matched by name.
/// let w = d.max(Deviation::new(0.5).count("ulps", 3, "ulp"));
/// assert_eq!(w.tolerance_used, 0.5);
/// assert_eq!(w.get("ulps"), Some(&Measure::count(3, "ulp")));
/// assert_eq!(w.get("abs"), Some(&Measure::Real(1.1e-16)));
/// ```
///
/// `Deviation::default()` is a deviation of 0 with no detail: what an
/// exact comparison returns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Deviation {
    /// Largest error as a fraction of the tolerance allowed (1.0 is the
    /// limit); the one number the engine reads.
    pub tolerance_used: f64,
    /// The host's named measures of the error, in order.
    pub details: Vec<Detail>,
}

/// One named measure of a [`Deviation`], defined by the host.
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    /// The measure's name: its key in JSON, and the unit in the plural of
    /// a [`Measure::Count`].
    pub name: Cow<'static, str>,
    /// Its value.
    pub value: Measure,
}

/// The value of a [`Detail`], and how the human report writes it.
#[derive(Clone, Debug, PartialEq)]
pub enum Measure {
    /// A real number, written after the detail's name: `abs 1.1e-16`. In
    /// JSON a number, or `"inf"`, `"-inf"` or `"NaN"`.
    Real(f64),
    /// A count of a unit, written before it: `1 ulp`, `3 ulps` (the
    /// detail's name is the plural). In JSON an integer.
    Count {
        /// The count.
        n: u64,
        /// The unit in the singular, for a count of 1 (`ulp`).
        one: Cow<'static, str>,
    },
}

impl Measure {
    /// A count of `n` of a unit called `one` in the singular.
    pub fn count(n: u64, one: impl Into<Cow<'static, str>>) -> Measure {
        Measure::Count { n, one: one.into() }
    }

    /// The larger of two measures of one detail; when their kinds differ
    /// (a host bug), `other`.
    fn max(&mut self, other: Measure) {
        match (&mut *self, other) {
            (Measure::Real(a), Measure::Real(b)) => *a = a.max(b),
            (Measure::Count { n: a, .. }, Measure::Count { n: b, .. }) => *a = (*a).max(b),
            (_, other) => *self = other,
        }
    }
}

impl Deviation {
    /// A deviation using `tolerance_used` of the tolerance, with no detail
    /// yet.
    pub fn new(tolerance_used: f64) -> Deviation {
        Deviation {
            tolerance_used,
            details: Vec::new(),
        }
    }

    /// Sets the detail `name` to `measure`, replacing one of that name.
    pub fn detail(mut self, name: impl Into<Cow<'static, str>>, measure: Measure) -> Deviation {
        let name = name.into();
        match self.details.iter_mut().find(|d| d.name == name) {
            Some(d) => d.value = measure,
            None => self.details.push(Detail {
                name,
                value: measure,
            }),
        }
        self
    }

    /// Sets the real-valued detail `name` (`abs`, `rel`).
    pub fn real(self, name: impl Into<Cow<'static, str>>, value: f64) -> Deviation {
        self.detail(name, Measure::Real(value))
    }

    /// Sets the detail `name`, a count of a unit called `name` in the
    /// plural and `one` in the singular (`ulps`, `ulp`).
    pub fn count(
        self,
        name: impl Into<Cow<'static, str>>,
        n: u64,
        one: impl Into<Cow<'static, str>>,
    ) -> Deviation {
        self.detail(name, Measure::count(n, one))
    }

    /// The detail called `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Measure> {
        self.details
            .iter()
            .find(|d| d.name == name)
            .map(|d| &d.value)
    }

    /// The worst of two deviations, number by number: the larger
    /// `tolerance_used`, and for each detail name the larger value (a
    /// detail only one side has is kept as it is; `self`'s details come
    /// first, in their order, then `other`'s new ones). Each number is the
    /// worst seen, so a check's report may combine numbers from different
    /// examples. As for `f64::max`, a NaN loses to a number.
    pub fn max(mut self, other: Deviation) -> Deviation {
        self.tolerance_used = self.tolerance_used.max(other.tolerance_used);
        for detail in other.details {
            match self.details.iter_mut().find(|d| d.name == detail.name) {
                Some(mine) => mine.value.max(detail.value),
                None => self.details.push(detail),
            }
        }
        self
    }
}

/// The kind of a failure that is a panic of the property (of the backend,
/// mostly): a panic is its own kind, whatever its message.
pub const PANIC_KIND: &str = "panic";

/// How many distinct failures a check reports by default
/// ([`ExampleBudget::max_failures`]).
pub const DEFAULT_MAX_FAILURES: u32 = 8;

/// Why one example did not pass.
#[derive(Clone, Debug, PartialEq)]
pub enum CaseError {
    /// The backend disagrees with the reference; the text says how. Every
    /// `Fail` of a check is of one kind (no kind).
    Fail(String),
    /// The backend disagrees with the reference in a way the host names:
    /// failures of different kinds are reported side by side, each with its
    /// own counterexample (see the [module](self) doc). A kind should be
    /// coarse (what went wrong and on what class of input: `shape`,
    /// `value (float32)`, a special case's text), never the values
    /// themselves, or every example would be a new kind and shrinking could
    /// not move.
    FailOfKind {
        /// The key failures are told apart by.
        kind: String,
        /// What went wrong, as for [`CaseError::Fail`].
        message: String,
    },
    /// The backend does not provide what the example needs: the check is
    /// `SKIPPED (not implemented)`, never compared with the reference.
    NotImplemented(String),
    /// The backend provides the function but not for this example's input
    /// (a dtype it does not implement: a real-only library has no complex
    /// half). The example is left out, neither run nor counted, and the
    /// check goes on with the others, so the function is still checked on
    /// what the backend implements; when every example is left out the
    /// check is `SKIPPED (not implemented)`, naming what was left out.
    NotImplementedFor(String),
    /// The input is outside the check's domain; another is drawn. Prefer a
    /// strategy that only draws the domain.
    Reject(String),
}

impl CaseError {
    /// A failure of the host-named kind `kind` ([`CaseError::FailOfKind`]).
    pub fn of_kind(kind: impl Into<String>, message: impl Into<String>) -> CaseError {
        CaseError::FailOfKind {
            kind: kind.into(),
            message: message.into(),
        }
    }

    /// The same failure with its kind set to `kind` (a `Fail` becomes a
    /// `FailOfKind`); anything else unchanged.
    pub fn with_kind(self, kind: impl Into<String>) -> CaseError {
        match self {
            CaseError::Fail(message) | CaseError::FailOfKind { message, .. } => {
                CaseError::of_kind(kind, message)
            }
            other => other,
        }
    }

    /// The same failure, its message rewritten by `f` (to add context:
    /// `output 1: …`) and its kind kept; anything else unchanged.
    pub fn map_message(self, f: impl FnOnce(String) -> String) -> CaseError {
        match self {
            CaseError::Fail(message) => CaseError::Fail(f(message)),
            CaseError::FailOfKind { kind, message } => CaseError::FailOfKind {
                kind,
                message: f(message),
            },
            other => other,
        }
    }

    /// A failure's kind (`None` for a plain [`CaseError::Fail`]) and
    /// message; `None` for what is not a failure.
    fn into_failure(self) -> Option<(Option<String>, String)> {
        match self {
            CaseError::Fail(message) => Some((None, message)),
            CaseError::FailOfKind { kind, message } => Some((Some(kind), message)),
            CaseError::NotImplemented(_)
            | CaseError::NotImplementedFor(_)
            | CaseError::Reject(_) => None,
        }
    }
}

impl From<String> for CaseError {
    fn from(message: String) -> Self {
        CaseError::Fail(message)
    }
}

impl From<&str> for CaseError {
    fn from(message: &str) -> Self {
        CaseError::Fail(message.to_string())
    }
}

/// The result of one example: the deviation observed when it passed.
pub type CaseResult = Result<Deviation, CaseError>;

/// What a check's body concluded.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckOutcome {
    /// Passed, failed (with the counterexample), or not implemented.
    pub verdict: Verdict,
    /// Examples run, shrinking steps excluded; for a failed check, those
    /// run while looking for failures of other kinds too.
    pub examples: u32,
    /// The worst deviation among passing examples.
    pub worst: Option<Deviation>,
}

/// The verdict of a check's body.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Every example passed.
    Passed,
    /// An example failed, or the check could not finish (cancelled, too
    /// many inputs rejected); the report's `FAILED`, or `XFAIL` when the
    /// xfails file expects it. The first failure found, carrying the
    /// failures of other kinds found after it ([`Failure::others`]).
    Failed(Failure),
    /// The backend lacks the function (or a variant of it).
    NotImplemented(String),
}

/// A failure with its minimal counterexample.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// What went wrong. Its first line is the check's status line
    /// (`FAILED: …`); the summary prints it whole.
    pub message: String,
    /// The minimal failing input as its `Debug` text, every argument named.
    pub counterexample: Option<String>,
    /// Successful shrinking steps taken to reach the counterexample.
    pub shrink_steps: u32,
    /// The limit that stopped shrinking before it reached a minimum, if
    /// one did.
    pub shrink_limit: Option<ShrinkLimit>,
    /// Whether `counterexample` is the input the check was running when its
    /// process crashed or its time ran out (as drawn, not shrunk), rather
    /// than a failing input.
    pub running_input: bool,
    /// What kind of failure it is: [`PANIC_KIND`], the host's
    /// [`CaseError::FailOfKind`] key, or `None` (a plain
    /// [`CaseError::Fail`], or a failure of the check rather than of an
    /// example).
    pub kind: Option<String>,
    /// The check's failures of other kinds, found after this one in the
    /// same run, in the order found, each shrunk on its own (their own
    /// `others` are empty). At most [`ExampleBudget::max_failures`] - 1.
    pub others: Vec<Failure>,
}

impl Failure {
    /// A failure with a message only: no counterexample, no shrinking.
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            counterexample: None,
            shrink_steps: 0,
            shrink_limit: None,
            running_input: false,
            kind: None,
            others: Vec::new(),
        }
    }

    /// The failures `found` (in the order found), then `last`: what a
    /// check that found failures and then crashed or ran out of time
    /// reports. `last` alone when nothing was found.
    pub fn after(found: Vec<Failure>, last: Failure) -> Failure {
        let mut all = found.into_iter().chain(std::iter::once(last));
        let first = all.next().expect("at least `last`");
        Failure {
            others: all.collect(),
            ..first
        }
    }

    /// This failure and then its [`others`](Self::others): every failure
    /// of the check, in the order found.
    pub fn all(&self) -> impl Iterator<Item = &Failure> {
        std::iter::once(self).chain(&self.others)
    }

    /// Whether shrinking stopped at a limit before reaching a minimum (the
    /// JSON report's `shrink_budget_hit`).
    pub fn shrink_budget_hit(&self) -> bool {
        self.shrink_limit.is_some()
    }
}

/// What stopped shrinking before it reached a minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShrinkLimit {
    /// The limit on shrinking attempts ([`ExampleBudget::max_shrink_iters`]),
    /// which every machine reaches at the same counterexample.
    Attempts(u32),
    /// The wall-clock limit ([`ExampleBudget::max_shrink_time`]), or the
    /// check's deadline: where shrinking stopped depends on the machine's
    /// speed.
    Time(Duration),
}

impl ShrinkLimit {
    /// What the reports say of it: which limit was hit, that the
    /// counterexample may not be minimal, and, for the time limit only,
    /// that it may differ between machines.
    ///
    /// ```
    /// use conformance_engine::ShrinkLimit;
    /// assert_eq!(
    ///     ShrinkLimit::Attempts(2048).note(),
    ///     "shrinking stopped at its limit of 2048 attempts; the counterexample may not be minimal"
    /// );
    /// ```
    pub fn note(&self) -> String {
        match self {
            ShrinkLimit::Attempts(n) => format!(
                "shrinking stopped at its limit of {n} attempt{}; the counterexample may not be minimal",
                if *n == 1 { "" } else { "s" }
            ),
            ShrinkLimit::Time(limit) => format!(
                "shrinking stopped at its time limit of {} s; the counterexample may not be minimal, and may differ between machines",
                crate::runner::format_secs(*limit)
            ),
        }
    }
}

impl CheckOutcome {
    /// A pass after `examples` examples, with the worst deviation seen.
    pub fn passed(examples: u32, worst: Option<Deviation>) -> CheckOutcome {
        CheckOutcome {
            verdict: Verdict::Passed,
            examples,
            worst,
        }
    }

    /// A failure with a message only (see [`Failure::new`]), after no
    /// counted examples.
    pub fn failed(message: impl Into<String>) -> CheckOutcome {
        CheckOutcome {
            verdict: Verdict::Failed(Failure::new(message)),
            examples: 0,
            worst: None,
        }
    }

    /// The backend lacks the function or the variant the check needs;
    /// `reason` says which, and the report shows `SKIPPED (not implemented:
    /// {reason})`.
    pub fn not_implemented(reason: impl Into<String>) -> CheckOutcome {
        CheckOutcome {
            verdict: Verdict::NotImplemented(reason.into()),
            examples: 0,
            worst: None,
        }
    }

    /// Runs `next` only if `self` passed, adding up examples and deviations:
    /// a check made of several properties stops at its first failing
    /// property (which has looked for failures of other kinds itself).
    pub fn and_then(self, next: impl FnOnce() -> CheckOutcome) -> CheckOutcome {
        if self.verdict != Verdict::Passed {
            return self;
        }
        let later = next();
        CheckOutcome {
            verdict: later.verdict,
            examples: self.examples + later.examples,
            worst: match (self.worst, later.worst) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// How hard to look for a failure and how far to shrink one.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleBudget {
    /// Examples to try.
    pub max_examples: u32,
    /// Shrinking steps allowed; 0 reports the first failing input as drawn.
    pub max_shrink_iters: u32,
    /// Wall-clock limit on shrinking each failure. It is a safety net for
    /// CI: when it is hit the counterexample may depend on machine speed,
    /// and the report says so.
    pub max_shrink_time: Duration,
    /// The most distinct failures a check reports (the first included):
    /// after the first failure the check looks for failures of other kinds
    /// in the rest of its `max_examples`, and stops at this many. 1 stops
    /// at the first failure (and 0 counts as 1). Default
    /// [`DEFAULT_MAX_FAILURES`].
    pub max_failures: u32,
}

impl Default for ExampleBudget {
    fn default() -> Self {
        ExampleBudget {
            max_examples: 100,
            max_shrink_iters: 2048,
            max_shrink_time: Duration::from_secs(20),
            max_failures: DEFAULT_MAX_FAILURES,
        }
    }
}

/// What a check's body receives besides the backend: its seed, its budget,
/// and a deadline it must respect.
#[derive(Clone)]
pub struct CheckContext {
    seed: [u8; 32],
    budget: ExampleBudget,
    cancelled: Arc<AtomicBool>,
    watcher: Option<InputWatcher>,
    failure_watcher: Option<FailureWatcher>,
    example_hook: Option<ExampleHook>,
}

/// Told each input's `Debug` text before the property runs on it, so that a
/// process that dies inside a backend call can still say what it was
/// running (see `isolate`). Formatting every input costs time, so a run
/// installs one only where a crash or hang could otherwise lose the input.
pub type InputWatcher = Arc<dyn Fn(&str) + Send + Sync>;

/// Told each failure as soon as it is shrunk, before the search for
/// failures of other kinds goes on, so that a check whose process then
/// crashes, or whose time then runs out, still reports the failures found
/// before (see `isolate` and the runner's timeout).
pub type FailureWatcher = Arc<dyn Fn(&Failure) + Send + Sync>;

/// Told the index of each example [`CheckContext::for_all`] is about to
/// draw (`Some(i)`, counting every draw of that call from 0, rejected
/// inputs included) and `None` once it is drawn; nothing is told while a
/// failure shrinks. A host uses it to stratify its draws by example (the
/// first examples walk a plan, the rest are random), so example `i` is the
/// same whatever the budget, thread count or filter. The engine gives the
/// index no meaning; the hook runs on the thread that draws.
pub type ExampleHook = Arc<dyn Fn(Option<u32>) + Send + Sync>;

impl fmt::Debug for CheckContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckContext")
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

impl CheckContext {
    /// A context with the given ChaCha seed and budget; the runner derives
    /// the seed from the run seed and the check id.
    pub fn new(seed: [u8; 32], budget: ExampleBudget) -> CheckContext {
        CheckContext {
            seed,
            budget,
            cancelled: Arc::new(AtomicBool::new(false)),
            watcher: None,
            failure_watcher: None,
            example_hook: None,
        }
    }

    /// This context, telling `hook` the index of each example before it
    /// is drawn (see [`ExampleHook`]).
    pub fn with_example_hook(mut self, hook: ExampleHook) -> CheckContext {
        self.example_hook = Some(hook);
        self
    }

    /// Whether an [`ExampleHook`] is installed.
    pub fn has_example_hook(&self) -> bool {
        self.example_hook.is_some()
    }

    /// Draws example `index` from `strategy`, the hook told around it (and
    /// told `None` even when drawing panics).
    fn draw<S: Strategy>(
        &self,
        strategy: &S,
        runner: &mut TestRunner,
        index: u32,
    ) -> Result<S::Tree, proptest::test_runner::Reason> {
        struct Clear<'a>(&'a ExampleHook);
        impl Drop for Clear<'_> {
            fn drop(&mut self) {
                (self.0)(None);
            }
        }
        match &self.example_hook {
            Some(hook) => {
                hook(Some(index));
                let _clear = Clear(hook);
                strategy.new_tree(runner)
            }
            None => strategy.new_tree(runner),
        }
    }

    /// This context, telling `watcher` each input before it runs.
    pub fn with_input_watcher(mut self, watcher: InputWatcher) -> CheckContext {
        self.watcher = Some(watcher);
        self
    }

    /// This context, telling `watcher` each failure once shrunk (after the
    /// watcher it had, if any).
    pub fn with_failure_watcher(mut self, watcher: FailureWatcher) -> CheckContext {
        self.failure_watcher = Some(match self.failure_watcher.take() {
            None => watcher,
            Some(before) => Arc::new(move |failure: &Failure| {
                before(failure);
                watcher(failure);
            }),
        });
        self
    }

    fn watch<V: fmt::Debug>(&self, value: &V) {
        if let Some(watcher) = &self.watcher {
            watcher(&format!("{value:#?}"));
        }
    }

    /// A flag that, once set, makes [`for_all`](Self::for_all) stop at the
    /// next example.
    pub fn cancellation(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.cancelled)
    }

    /// How many examples to run and how far to shrink.
    pub fn budget(&self) -> &ExampleBudget {
        &self.budget
    }

    /// The proptest configuration of this context, every field set
    /// explicitly so that no `PROPTEST_*` variable changes a run.
    ///
    /// `cases` is [`FLAT_MAP_REGENS`], not the number of examples:
    /// [`for_all`](Self::for_all) counts examples itself, and proptest reads
    /// `cases` only as the number of times a `prop_flat_map` redraws its
    /// inner value while shrinking. Were it `max_examples`, a larger budget
    /// would spend more of the shrinking attempts on redraws and the same
    /// failure would shrink to a different counterexample.
    pub fn proptest_config(&self) -> Config {
        Config {
            cases: FLAT_MAP_REGENS,
            max_local_rejects: 65_536,
            max_global_rejects: 4 * self.budget.max_examples.max(256),
            max_flat_map_regens: 1_000_000,
            failure_persistence: None,
            source_file: None,
            test_name: None,
            max_shrink_time: 0,
            max_shrink_iters: self.budget.max_shrink_iters,
            max_default_size_range: 100,
            result_cache: proptest::test_runner::noop_result_cache,
            verbose: 0,
            rng_algorithm: RngAlgorithm::ChaCha,
            rng_seed: RngSeed::Fixed(u64::from_le_bytes(
                self.seed[..8].try_into().expect("8 bytes"),
            )),
            _non_exhaustive: (),
        }
    }

    /// A proptest runner seeded from this context, for checks that draw
    /// values themselves.
    pub fn test_runner(&self) -> TestRunner {
        TestRunner::new_with_rng(
            self.proptest_config(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &self.seed),
        )
    }

    /// Checks `property` on up to `max_examples` inputs drawn from
    /// `strategy`; on a failure, shrinks the input within the budget and
    /// reports the minimal one with its `Debug` text. A panic inside the
    /// property is a failure of kind [`PANIC_KIND`] carrying the panic
    /// message. After the first failure the remaining examples look for
    /// failures of other kinds, each shrunk and reported too (see the
    /// [module](self) doc); the search ends early at
    /// [`ExampleBudget::max_failures`] failures, at an input the backend
    /// does not implement, or when the check is cancelled. An input the
    /// backend implements the function for but not on
    /// ([`CaseError::NotImplementedFor`]) is left out and not counted, up
    /// to as many as the rejects allowed.
    pub fn for_all<S>(&self, strategy: S, property: impl Fn(S::Value) -> CaseResult) -> CheckOutcome
    where
        S: Strategy,
        S::Value: fmt::Debug,
    {
        let mut runner = self.test_runner();
        let mut examples = 0u32;
        let mut rejects = 0u32;
        let max_rejects = self.proptest_config().max_global_rejects;
        let max_failures = self.budget.max_failures.max(1) as usize;
        let mut worst: Option<Deviation> = None;
        let mut failures: Vec<Failure> = Vec::new();
        // What ends the loop before its examples are run: a verdict when no
        // failure was found yet; once one was, the failures found stand.
        let mut stopped: Option<Verdict> = None;
        let mut drawn = 0u32;
        // Inputs the backend does not implement the function on, and why.
        let mut left_out = 0u32;
        let mut left_out_why: std::collections::BTreeSet<String> = Default::default();
        while examples < self.budget.max_examples && failures.len() < max_failures {
            if self.cancelled.load(Ordering::Relaxed) {
                stopped = Some(Verdict::Failed(Failure::new(
                    "cancelled: the check ran past its deadline",
                )));
                break;
            }
            let index = drawn;
            drawn += 1;
            let mut tree = match self.draw(&strategy, &mut runner, index) {
                Ok(tree) => tree,
                Err(reason) => {
                    stopped = Some(Verdict::Failed(Failure::new(format!(
                        "the input strategy gave up: {reason}"
                    ))));
                    break;
                }
            };
            let value = tree.current();
            self.watch(&value);
            let (kind, message) = match run_case(&property, value) {
                Ok(deviation) => {
                    examples += 1;
                    worst = Some(match worst {
                        Some(w) => w.max(deviation),
                        None => deviation,
                    });
                    continue;
                }
                Err(CaseError::Reject(reason)) => {
                    rejects += 1;
                    if rejects > max_rejects {
                        stopped = Some(Verdict::Failed(Failure::new(format!(
                            "{rejects} inputs rejected (last: {reason}); the check's strategy should draw only its domain"
                        ))));
                        break;
                    }
                    continue;
                }
                Err(CaseError::NotImplemented(reason)) => {
                    stopped = Some(Verdict::NotImplemented(reason));
                    break;
                }
                Err(CaseError::NotImplementedFor(reason)) => {
                    left_out += 1;
                    left_out_why.insert(reason);
                    if left_out > max_rejects {
                        break;
                    }
                    continue;
                }
                Err(CaseError::Fail(message)) => (None, message),
                Err(CaseError::FailOfKind { kind, message }) => (Some(kind), message),
            };
            examples += 1;
            if failures.iter().all(|f| f.kind != kind) {
                let failure = self.shrink(&mut tree, &property, kind, message);
                if let Some(watcher) = &self.failure_watcher {
                    watcher(&failure);
                }
                failures.push(failure);
            }
        }
        let mut failures = failures.into_iter();
        let verdict = match (failures.next(), stopped) {
            (Some(first), _) => Verdict::Failed(Failure {
                others: failures.collect(),
                ..first
            }),
            (None, Some(verdict)) => verdict,
            (None, None) if examples == 0 && left_out > 0 => {
                Verdict::NotImplemented(left_out_why.into_iter().collect::<Vec<_>>().join("; "))
            }
            (None, None) => Verdict::Passed,
        };
        CheckOutcome {
            verdict,
            examples,
            worst,
        }
    }

    /// proptest's shrinking walk: simplify while the input still fails
    /// with the same `kind`, complicate when it passes (or fails otherwise),
    /// stop at the budget on the last failure.
    fn shrink<T: ValueTree>(
        &self,
        tree: &mut T,
        property: &impl Fn(T::Value) -> CaseResult,
        kind: Option<String>,
        first_message: String,
    ) -> Failure
    where
        T::Value: fmt::Debug,
    {
        let started = Instant::now();
        let mut message = first_message;
        let mut steps = 0u32;
        let mut iterations = 0u32;
        let mut limit_hit = None;
        if self.budget.max_shrink_iters > 0 && tree.simplify() {
            loop {
                if iterations >= self.budget.max_shrink_iters {
                    limit_hit = Some(ShrinkLimit::Attempts(self.budget.max_shrink_iters));
                } else if started.elapsed() > self.budget.max_shrink_time
                    || self.cancelled.load(Ordering::Relaxed)
                {
                    limit_hit = Some(ShrinkLimit::Time(self.budget.max_shrink_time));
                }
                if limit_hit.is_some() {
                    // Back to the most recent failing input.
                    while tree.complicate() {}
                    break;
                }
                iterations += 1;
                let value = tree.current();
                self.watch(&value);
                match run_case(property, value).map_err(CaseError::into_failure) {
                    Err(Some((k, m))) if k == kind => {
                        message = m;
                        steps += 1;
                        if !tree.simplify() {
                            break;
                        }
                    }
                    // A pass, a failure of another kind, a reject or a "not
                    // implemented" on a simpler input all mean this
                    // simplification went too far.
                    _ => {
                        if !tree.complicate() {
                            break;
                        }
                    }
                }
            }
        }
        Failure {
            message,
            counterexample: Some(format!("{:#?}", tree.current())),
            shrink_steps: steps,
            shrink_limit: limit_hit,
            running_input: false,
            kind,
            others: Vec::new(),
        }
    }
}

/// How many times a `prop_flat_map` redraws its inner value after its outer
/// value shrank and the first redraw passed (proptest's `Config::cases`):
/// a few, whatever the number of examples, so the counterexample does not
/// depend on `--max-examples`.
pub const FLAT_MAP_REGENS: u32 = 4;

/// Runs one example, turning a panic into a failure that carries its message
/// and location (and printing nothing).
fn run_case<V>(property: &impl Fn(V) -> CaseResult, value: V) -> CaseResult {
    match panic_capture::catch_quietly(|| property(value)) {
        Ok(result) => result,
        // A panic is a kind of its own, whatever its message.
        Err(panic) => Err(CaseError::of_kind(PANIC_KIND, format!("panicked: {panic}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::collection::vec;

    fn ctx(examples: u32) -> CheckContext {
        CheckContext::new(
            [7; 32],
            ExampleBudget {
                max_examples: examples,
                ..ExampleBudget::default()
            },
        )
    }

    #[test]
    fn passing_property_runs_every_example_and_keeps_worst_deviation() {
        let out = ctx(50).for_all(0u32..100, |x| {
            Ok(Deviation::new(f64::from(x) / 100.0).real("abs", f64::from(x)))
        });
        assert_eq!(out.verdict, Verdict::Passed);
        assert_eq!(out.examples, 50);
        let worst = out.worst.unwrap();
        assert!(worst.tolerance_used >= 0.5, "{worst:?}");
        match worst.get("abs") {
            Some(Measure::Real(abs)) => assert!(*abs >= 50.0, "{worst:?}"),
            other => panic!("expected a real `abs`, got {other:?}"),
        }
    }

    #[test]
    fn deviations_combine_number_by_number_and_keep_their_order() {
        let a = Deviation::new(0.25)
            .real("abs", 1.0)
            .count("ulps", 4, "ulp")
            .real("abs", 2.0);
        assert_eq!(a.details.len(), 2, "setting a name again replaces it");
        let b = Deviation::new(0.125)
            .count("ulps", 9, "ulp")
            .real("rel", f64::INFINITY)
            .real("abs", 0.5);
        let w = a.clone().max(b.clone());
        assert_eq!(w.tolerance_used, 0.25);
        let names: Vec<&str> = w.details.iter().map(|d| d.name.as_ref()).collect();
        assert_eq!(names, ["abs", "ulps", "rel"]);
        assert_eq!(w.get("abs"), Some(&Measure::Real(2.0)));
        assert_eq!(w.get("ulps"), Some(&Measure::count(9, "ulp")));
        assert_eq!(w.get("rel"), Some(&Measure::Real(f64::INFINITY)));
        assert_eq!(b.max(a.clone()).tolerance_used, 0.25);
        // The exact deviation adds nothing.
        assert_eq!(Deviation::default().max(a.clone()), a);
        assert_eq!(a.clone().max(Deviation::default()), a);
        // Kinds that disagree: the later one wins.
        let mixed = Deviation::new(0.0)
            .real("ulps", 100.0)
            .max(Deviation::new(0.0).count("ulps", 1, "ulp"));
        assert_eq!(mixed.get("ulps"), Some(&Measure::count(1, "ulp")));
    }

    #[test]
    fn a_failure_keeps_the_worst_deviation_of_the_passing_examples() {
        // Deviation x/100 for x < 60; 60 and above fail. The shrinking
        // walk's passing inputs count for nothing.
        let property = |x: u32| {
            if x >= 60 {
                Err(CaseError::Fail(format!("{x} is too big")))
            } else {
                Ok(Deviation::new(f64::from(x) / 100.0))
            }
        };
        let out = ctx(100).for_all(0u32..100, property);
        assert!(matches!(out.verdict, Verdict::Failed(_)), "{out:?}");
        // Every example ran: after the failure the check looked for
        // failures of other kinds, and found none.
        assert_eq!(out.examples, 100, "{out:?}");
        let worst = out.worst.expect("examples passed");
        assert!(worst.tolerance_used < 0.6, "{worst:?}");
        assert!(worst.tolerance_used > 0.5, "{worst:?}");
        let Verdict::Failed(f) = out.verdict else {
            unreachable!()
        };
        assert_eq!((f.kind, f.others), (None, Vec::new()));
        // Every example fails: no deviation at all.
        let out = ctx(100).for_all(60u32..100, property);
        assert_eq!((out.examples, out.worst), (100, None));
        // At most one failure: the check stops at the first, as it did
        // before kinds.
        let one = CheckContext::new(
            [7; 32],
            ExampleBudget {
                max_examples: 100,
                max_failures: 1,
                ..ExampleBudget::default()
            },
        );
        let out = one.for_all(60u32..100, property);
        assert_eq!((out.examples, out.worst), (1, None));
    }

    /// Panics below 0 (a panic), wrong from 1000 up (kind `big`), wrong
    /// from 500 to 999 (no kind).
    fn three_ways(x: i64) -> CaseResult {
        if x < 0 {
            panic!("cannot take {x}");
        }
        if x >= 1000 {
            return Err(CaseError::of_kind("big", format!("{x} is big")));
        }
        if x >= 500 {
            return Err(CaseError::Fail(format!("{x} is wrong")));
        }
        Ok(Deviation::default())
    }

    fn failures_of(out: &CheckOutcome) -> Vec<(Option<String>, Option<String>)> {
        let Verdict::Failed(f) = &out.verdict else {
            panic!("expected a failure, got {out:?}")
        };
        f.all()
            .map(|f| (f.kind.clone(), f.counterexample.clone()))
            .collect()
    }

    #[test]
    fn failures_of_other_kinds_are_found_and_each_shrunk_within_its_kind() {
        let out = ctx(300).for_all(-2000i64..2000, three_ways);
        let mut found = failures_of(&out);
        assert_eq!(out.examples, 300, "the whole budget was searched");
        // Each kind once, each shrunk to the least input of its kind: a
        // simpler input of another kind does not count as a step.
        found.sort();
        assert_eq!(
            found,
            [
                (None, Some("500".to_string())),
                (Some("big".to_string()), Some("1000".to_string())),
                (Some(PANIC_KIND.to_string()), Some("-1".to_string())),
            ]
        );
        let Verdict::Failed(f) = &out.verdict else {
            unreachable!()
        };
        let panic = f.all().find(|f| f.kind.as_deref() == Some(PANIC_KIND));
        assert!(panic.unwrap().message.contains("cannot take -1"));
        assert!(f.others.iter().all(|o| o.others.is_empty()));
    }

    #[test]
    fn the_same_seed_finds_the_same_failures_in_the_same_order() {
        let run = |seed| {
            failures_of(
                &CheckContext::new(seed, ExampleBudget::default())
                    .for_all(-2000i64..2000, three_ways),
            )
        };
        assert_eq!(run([3; 32]), run([3; 32]));
        // Whatever the seed, the kinds found are the same here, each at
        // its minimum (the order may differ).
        let sorted = |mut v: Vec<_>| {
            v.sort();
            v
        };
        assert_eq!(sorted(run([3; 32])), sorted(run([4; 32])));
        // Shrinking does not move the draws: the failures found without
        // shrinking are of the same kinds, in the same order.
        let unshrunk = CheckContext::new(
            [3; 32],
            ExampleBudget {
                max_shrink_iters: 0,
                ..ExampleBudget::default()
            },
        )
        .for_all(-2000i64..2000, three_ways);
        let kinds = |v: Vec<(Option<String>, Option<String>)>| {
            v.into_iter().map(|(k, _)| k).collect::<Vec<_>>()
        };
        assert_eq!(kinds(failures_of(&unshrunk)), kinds(run([3; 32])));
    }

    #[test]
    fn the_number_of_failures_is_capped() {
        let property = |x: u32| Err(CaseError::of_kind(format!("kind {}", x % 20), "wrong"));
        for (cap, expected) in [(1, 1), (3, 3), (DEFAULT_MAX_FAILURES, 8)] {
            let out = CheckContext::new(
                [7; 32],
                ExampleBudget {
                    max_failures: cap,
                    ..ExampleBudget::default()
                },
            )
            .for_all(0u32..1000, property);
            assert_eq!(failures_of(&out).len(), expected, "cap {cap}");
            // The search stops at the cap, before the budget's end.
            assert!(out.examples < 100, "{}", out.examples);
        }
    }

    #[test]
    fn case_errors_keep_their_kind_when_their_message_grows() {
        let e = CaseError::Fail("x".into()).with_kind("value");
        assert_eq!(e, CaseError::of_kind("value", "x"));
        assert_eq!(
            e.map_message(|m| format!("output 1: {m}")),
            CaseError::of_kind("value", "output 1: x")
        );
        assert_eq!(
            CaseError::Fail("x".into()).map_message(|m| m + "!"),
            CaseError::Fail("x!".into())
        );
        let skip = CaseError::NotImplemented("f".into());
        assert_eq!(skip.clone().with_kind("k").map_message(|m| m + "!"), skip);
    }

    #[test]
    fn failure_shrinks_to_minimal_input() {
        let out = ctx(100).for_all(vec(0i32..1000, 0..20), |v| {
            if v.iter().any(|&x| x >= 500) {
                Err(CaseError::Fail("too big".into()))
            } else {
                Ok(Deviation::default())
            }
        });
        let Verdict::Failed(f) = out.verdict else {
            panic!("expected failure, got {out:?}")
        };
        assert_eq!(f.counterexample.as_deref(), Some("[\n    500,\n]"));
        assert_eq!(f.shrink_limit, None);
    }

    #[test]
    fn shrinking_says_which_limit_stopped_it() {
        let failing = |v: Vec<i32>| {
            if v.iter().any(|&x| x >= 500) {
                Err(CaseError::Fail("too big".into()))
            } else {
                Ok(Deviation::default())
            }
        };
        let budget = |iters, time| {
            CheckContext::new(
                [7; 32],
                ExampleBudget {
                    max_examples: 100,
                    max_shrink_iters: iters,
                    max_shrink_time: time,
                    max_failures: 1,
                },
            )
        };
        let failure = |ctx: CheckContext| match ctx.for_all(vec(0i32..1000, 5..20), failing).verdict
        {
            Verdict::Failed(f) => f,
            other => panic!("expected a failure, got {other:?}"),
        };
        let by_attempts = failure(budget(3, Duration::from_secs(60)));
        assert_eq!(by_attempts.shrink_limit, Some(ShrinkLimit::Attempts(3)));
        assert!(by_attempts.shrink_budget_hit());
        let note = by_attempts.shrink_limit.unwrap().note();
        assert!(note.contains("limit of 3 attempts"), "{note}");
        assert!(!note.contains("machines"), "{note}");
        let by_time = failure(budget(2048, Duration::ZERO));
        assert_eq!(
            by_time.shrink_limit,
            Some(ShrinkLimit::Time(Duration::ZERO))
        );
        assert_eq!(
            ShrinkLimit::Time(Duration::from_secs(20)).note(),
            "shrinking stopped at its time limit of 20 s; the counterexample may not be minimal, and may differ between machines"
        );
    }

    #[test]
    fn no_shrink_reports_first_failing_draw() {
        let ctx = CheckContext::new(
            [7; 32],
            ExampleBudget {
                max_examples: 100,
                max_shrink_iters: 0,
                ..ExampleBudget::default()
            },
        );
        let out = ctx.for_all(vec(0i32..1000, 5..20), |v| {
            if v.iter().any(|&x| x >= 500) {
                Err("too big".into())
            } else {
                Ok(Deviation::default())
            }
        });
        let Verdict::Failed(f) = out.verdict else {
            panic!("expected failure")
        };
        assert_eq!(f.shrink_steps, 0);
        assert_ne!(f.counterexample.as_deref(), Some("[\n    500,\n]"));
    }

    #[test]
    fn panics_become_failures_with_their_message() {
        let out = ctx(10).for_all(0u8..10, |x| {
            if x < 100 {
                panic!("backend exploded on {x}");
            }
            Ok(Deviation::default())
        });
        let Verdict::Failed(f) = out.verdict else {
            panic!("expected failure")
        };
        assert!(f.message.contains("backend exploded on 0"), "{}", f.message);
        assert_eq!(f.counterexample.as_deref(), Some("0"));
    }

    #[test]
    fn not_implemented_is_not_a_failure() {
        let out = ctx(10).for_all(0u8..10, |_| Err(CaseError::NotImplemented("sqrt".into())));
        assert_eq!(out.verdict, Verdict::NotImplemented("sqrt".into()));
    }

    #[test]
    fn an_input_not_implemented_for_is_left_out_and_the_others_checked() {
        let odd = |x: u8| {
            if x % 2 == 1 {
                Err(CaseError::NotImplementedFor("f for odd".into()))
            } else {
                Ok(Deviation::default())
            }
        };
        let out = ctx(10).for_all(0u8..10, odd);
        assert_eq!(out.verdict, Verdict::Passed);
        assert_eq!(out.examples, 10, "left-out inputs are not counted");
        // The others are still checked: an even failure is found.
        let out = ctx(10).for_all(0u8..10, |x| {
            odd(x)?;
            Err(CaseError::Fail("even".into()))
        });
        let Verdict::Failed(f) = out.verdict else {
            panic!("{:?}", out.verdict)
        };
        let shrunk: u8 = f.counterexample.expect("a counterexample").parse().unwrap();
        assert_eq!(shrunk % 2, 0, "an input the backend implements");
        // Every input left out: skipped, naming why.
        let out = ctx(10).for_all(0u8..10, |_| {
            Err(CaseError::NotImplementedFor("f for u8".into()))
        });
        assert_eq!(out.verdict, Verdict::NotImplemented("f for u8".into()));
    }

    #[test]
    fn same_seed_same_draws() {
        let draws = |seed| {
            let seen = std::sync::Mutex::new(Vec::new());
            CheckContext::new(seed, ExampleBudget::default()).for_all(0u64..u64::MAX, |x| {
                seen.lock().unwrap().push(x);
                Ok(Deviation::default())
            });
            seen.into_inner().unwrap()
        };
        assert_eq!(draws([1; 32]), draws([1; 32]));
        assert_ne!(draws([1; 32]), draws([2; 32]));
    }

    #[test]
    fn the_example_hook_hears_each_draw_and_not_the_shrinking() {
        let heard = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = Arc::clone(&heard);
        let hook: ExampleHook = Arc::new(move |i| sink.lock().unwrap().push(i));
        let out = ctx(100)
            .with_example_hook(hook)
            .for_all(vec(0i32..1000, 0..20), |v| {
                if v.iter().any(|&x| x >= 500) {
                    Err(CaseError::Fail("too big".into()))
                } else {
                    Ok(Deviation::default())
                }
            });
        let Verdict::Failed(f) = out.verdict else {
            panic!("expected a failure, got {out:?}")
        };
        assert!(f.shrink_steps > 0);
        let heard = heard.lock().unwrap();
        let n = out.examples;
        // Some(i) then None around each draw, 0 to n - 1 in order; nothing
        // after the failing draw, though shrinking ran.
        let expected: Vec<Option<u32>> = (0..n).flat_map(|i| [Some(i), None]).collect();
        assert_eq!(*heard, expected);
    }

    #[test]
    fn and_then_stops_at_first_failure() {
        let ran = std::cell::Cell::new(false);
        let out = CheckOutcome::failed("x").and_then(|| {
            ran.set(true);
            CheckOutcome::passed(1, None)
        });
        assert!(!ran.get());
        assert!(matches!(out.verdict, Verdict::Failed(_)));
        let out = CheckOutcome::passed(2, None).and_then(|| CheckOutcome::passed(3, None));
        assert_eq!(out.examples, 5);
    }

    #[test]
    fn rejecting_everything_fails_with_advice() {
        let out = ctx(10).for_all(0u8..10, |_| Err(CaseError::Reject("odd".into())));
        let Verdict::Failed(f) = out.verdict else {
            panic!("expected failure")
        };
        assert!(
            f.message.contains("should draw only its domain"),
            "{}",
            f.message
        );
    }

    #[test]
    fn the_counterexample_does_not_depend_on_the_number_of_examples() {
        // A prop_flat_map from a length to the values: proptest redraws
        // the values `cases` times whenever the length shrinks, so with
        // `cases = max_examples` a bigger budget spent its shrinking
        // attempts on redraws and stopped elsewhere.
        let strategy = (1usize..200).prop_flat_map(|n| vec(0u32..1000, n));
        let fails = |v: Vec<u32>| {
            if v.len() >= 20 && v.iter().any(|&x| x >= 900) {
                Err(CaseError::Fail("long, with a big value".into()))
            } else {
                Ok(Deviation::default())
            }
        };
        let outcomes: Vec<Failure> = [100, 1000, 10_000]
            .into_iter()
            .map(|n| match ctx(n).for_all(strategy.clone(), fails).verdict {
                Verdict::Failed(f) => f,
                other => panic!("expected a failure at {n} examples, got {other:?}"),
            })
            .collect();
        let first = outcomes[0].counterexample.clone().unwrap();
        for f in &outcomes {
            assert_eq!(f.counterexample.as_deref(), Some(first.as_str()));
            assert_eq!(f.shrink_limit, None, "{f:?}");
        }
        let shrunk: Vec<u32> = first
            .trim_matches(|c| c == '[' || c == ']' || c == '\n' || c == ' ' || c == ',')
            .split(',')
            .map(|t| t.trim().parse().unwrap())
            .collect();
        assert!(shrunk.len() < 30, "{first}");
    }
}
