//! Running one property over generated inputs: the [`CheckContext`] a check
//! receives, the per-example [`CaseResult`], the seeded generate-and-shrink
//! loop ([`CheckContext::for_all`]) and the [`CheckOutcome`] it produces.
//!
//! The loop is ours rather than `TestRunner::run` so that the engine counts
//! examples, honours a deadline between examples, keeps a deterministic
//! shrink budget, records the worst deviation of passing examples, and tells
//! "not implemented" apart from a failure. proptest still generates and
//! shrinks every value.

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

/// Why one example did not pass.
#[derive(Clone, Debug, PartialEq)]
pub enum CaseError {
    /// The backend disagrees with the reference; the text says how.
    Fail(String),
    /// The backend does not provide what the example needs: the check is
    /// `SKIPPED (not implemented)`, never compared with the reference.
    NotImplemented(String),
    /// The input is outside the check's domain; another is drawn. Prefer a
    /// strategy that only draws the domain.
    Reject(String),
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
    /// Examples run before the verdict, shrinking steps excluded.
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
    /// xfails file expects it.
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
        }
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
    /// a check made of several properties stops at its first failure.
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
    /// Wall-clock limit on shrinking. It is a safety net for CI: when it is
    /// hit the counterexample may depend on machine speed, and the report
    /// says so.
    pub max_shrink_time: Duration,
}

impl Default for ExampleBudget {
    fn default() -> Self {
        ExampleBudget {
            max_examples: 100,
            max_shrink_iters: 2048,
            max_shrink_time: Duration::from_secs(20),
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
    example_hook: Option<ExampleHook>,
}

/// Told each input's `Debug` text before the property runs on it, so that a
/// process that dies inside a backend call can still say what it was
/// running (see `isolate`). Formatting every input costs time, so a run
/// installs one only where a crash or hang could otherwise lose the input.
pub type InputWatcher = Arc<dyn Fn(&str) + Send + Sync>;

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
    pub fn proptest_config(&self) -> Config {
        Config {
            cases: self.budget.max_examples,
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
    /// property is a failure carrying the panic message.
    pub fn for_all<S>(&self, strategy: S, property: impl Fn(S::Value) -> CaseResult) -> CheckOutcome
    where
        S: Strategy,
        S::Value: fmt::Debug,
    {
        let mut runner = self.test_runner();
        let mut examples = 0u32;
        let mut rejects = 0u32;
        let max_rejects = self.proptest_config().max_global_rejects;
        let mut worst: Option<Deviation> = None;
        let mut drawn = 0u32;
        while examples < self.budget.max_examples {
            if self.cancelled.load(Ordering::Relaxed) {
                return CheckOutcome {
                    verdict: Verdict::Failed(Failure::new(
                        "cancelled: the check ran past its deadline",
                    )),
                    examples,
                    worst,
                };
            }
            let index = drawn;
            drawn += 1;
            let mut tree = match self.draw(&strategy, &mut runner, index) {
                Ok(tree) => tree,
                Err(reason) => {
                    return CheckOutcome {
                        verdict: Verdict::Failed(Failure::new(format!(
                            "the input strategy gave up: {reason}"
                        ))),
                        examples,
                        worst,
                    }
                }
            };
            let value = tree.current();
            self.watch(&value);
            match run_case(&property, value) {
                Ok(deviation) => {
                    examples += 1;
                    worst = Some(match worst {
                        Some(w) => w.max(deviation),
                        None => deviation,
                    });
                }
                Err(CaseError::Reject(reason)) => {
                    rejects += 1;
                    if rejects > max_rejects {
                        return CheckOutcome {
                            verdict: Verdict::Failed(Failure::new(format!(
                                    "{rejects} inputs rejected (last: {reason}); the check's strategy should draw only its domain"
                                ))),
                            examples,
                            worst,
                        };
                    }
                }
                Err(CaseError::NotImplemented(reason)) => {
                    return CheckOutcome {
                        verdict: Verdict::NotImplemented(reason),
                        examples,
                        worst,
                    }
                }
                Err(CaseError::Fail(message)) => {
                    examples += 1;
                    let failure = self.shrink(&mut tree, &property, message);
                    return CheckOutcome {
                        verdict: Verdict::Failed(failure),
                        examples,
                        worst,
                    };
                }
            }
        }
        CheckOutcome::passed(examples, worst)
    }

    /// proptest's shrinking walk: simplify while the input still fails,
    /// complicate when it passes, stop at the budget on the last failure.
    fn shrink<T: ValueTree>(
        &self,
        tree: &mut T,
        property: &impl Fn(T::Value) -> CaseResult,
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
                match run_case(property, value) {
                    Err(CaseError::Fail(m)) => {
                        message = m;
                        steps += 1;
                        if !tree.simplify() {
                            break;
                        }
                    }
                    // A pass, a reject or a "not implemented" on a simpler
                    // input all mean this simplification went too far.
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
        }
    }
}

/// Runs one example, turning a panic into a failure that carries its message
/// and location (and printing nothing).
fn run_case<V>(property: &impl Fn(V) -> CaseResult, value: V) -> CaseResult {
    match panic_capture::catch_quietly(|| property(value)) {
        Ok(result) => result,
        Err(panic) => Err(CaseError::Fail(format!("panicked: {panic}"))),
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
    fn a_failure_keeps_the_worst_deviation_of_the_examples_before_it() {
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
        assert!(out.examples > 1, "{out:?}");
        let worst = out.worst.expect("examples passed before the failure");
        assert!(worst.tolerance_used < 0.6, "{worst:?}");
        // A failure on the first example: no deviation at all.
        let out = ctx(100).for_all(60u32..100, property);
        assert_eq!((out.examples, out.worst), (1, None));
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
}
