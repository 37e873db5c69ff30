//! What a host publishes: [`Check`]s with their [`CheckId`], the backend
//! function they need and their [`Tags`], gathered in an ordered [`Suite`].

use std::fmt;
use std::sync::Arc;

use crate::property::{CheckContext, CheckOutcome, ExampleHook};

/// The identity of a check: `group::function`, optionally followed by
/// `::aspect` when one function has several checks in one group
/// (`elementwise::add`, `special_cases::sqrt`, `linalg::qr::reconstruct`).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CheckId(String);

impl CheckId {
    /// Builds an id from its text; every `::`-separated segment must be
    /// non-empty and there must be at least two of them.
    pub fn new(id: impl Into<String>) -> CheckId {
        let id = id.into();
        assert!(
            CheckId::is_valid(&id),
            "a check id is `group::function[::aspect]`, got {id:?}"
        );
        CheckId(id)
    }

    /// Whether `text` is a well-formed id.
    pub fn is_valid(text: &str) -> bool {
        let segments: Vec<&str> = text.split("::").collect();
        segments.len() >= 2
            && segments
                .iter()
                .all(|s| !s.is_empty() && !s.contains(char::is_whitespace))
    }

    /// The whole id: `linalg::qr::reconstruct`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first segment: `elementwise` in `elementwise::sqrt`.
    pub fn group(&self) -> &str {
        self.0.split("::").next().unwrap_or_default()
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

/// How central a check is; `--ci` keeps [`Tier::Primary`] and
/// [`Tier::SpecialCases`] only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tier {
    /// The main check of a function: values, dtype and shape.
    Primary,
    /// The special cases of the standard (NaN, signed zeros, infinities).
    SpecialCases,
    /// Everything else: extra properties, slower or looser checks.
    Extra,
}

impl Tier {
    /// The tier's name in `--list` and the reports: `primary`,
    /// `special-cases` or `extra`.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Primary => "primary",
            Tier::SpecialCases => "special-cases",
            Tier::Extra => "extra",
        }
    }
}

/// The labels a run filters checks by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tags {
    /// The extension the function belongs to (`linalg`, `fft`), if any.
    pub extension: Option<String>,
    /// The host's own labels, in the order they were added, each at most
    /// once (the example host tags `unique_*` and `nonzero` with
    /// `data-dependent-shape`). The engine gives them no meaning: `--list`
    /// and the reports show them, and a run skips the checks carrying a tag
    /// in [`Selection::disabled_tags`](crate::Selection::disabled_tags).
    pub labels: Vec<String>,
    /// How central the check is; `--ci` leaves out [`Tier::Extra`].
    pub tier: Tier,
}

impl Tags {
    /// Whether the check carries the label `tag`.
    pub fn has(&self, tag: &str) -> bool {
        self.labels.iter().any(|l| l == tag)
    }
}

impl Default for Tags {
    fn default() -> Self {
        Tags {
            extension: None,
            labels: Vec::new(),
            tier: Tier::Primary,
        }
    }
}

/// A command-line flag that skips every check carrying a tag, declared by
/// the host (the engine knows no tag by name). The command line adds each
/// as a switch, `--{flag}`, with `help` as its line in `--help`; a check
/// it skips is `SKIPPED (tag {tag} disabled (--{flag}))`.
///
/// ```
/// use conformance_engine::TagFlag;
/// let flag = TagFlag {
///     tag: "data-dependent-shape",
///     flag: "disable-data-dependent-shapes",
///     help: "Skip checks of functions whose output shape depends on the values",
/// };
/// assert_eq!(flag.flag, "disable-data-dependent-shapes");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TagFlag {
    /// The tag the flag disables, as checks carry it ([`Check::tag`]).
    pub tag: &'static str,
    /// The long flag's name without the leading `--`.
    pub flag: &'static str,
    /// The flag's line in `--help`.
    pub help: &'static str,
}

/// The body of a check: given the backend and the context, it generates
/// inputs, calls the backend and compares with the reference.
pub type CheckBody<B> = dyn Fn(&B, &CheckContext) -> CheckOutcome + Send + Sync;

/// One published check.
pub struct Check<B> {
    /// The check's identity; unique within a [`Suite`].
    pub id: CheckId,
    /// The backend function the check needs; a backend that does not
    /// implement it gets `SKIPPED (not implemented)`.
    pub function: String,
    /// The extension, labels and tier a run filters the check by.
    pub tags: Tags,
    /// Checks that must pass for this one to mean anything; when one fails,
    /// this check is `BLOCKED`.
    pub depends_on: Vec<CheckId>,
    pub(crate) body: Arc<CheckBody<B>>,
    /// The suite's example hook, given to the body's context.
    example_hook: Option<ExampleHook>,
}

impl<B> Clone for Check<B> {
    fn clone(&self) -> Self {
        Check {
            id: self.id.clone(),
            function: self.function.clone(),
            tags: self.tags.clone(),
            depends_on: self.depends_on.clone(),
            body: Arc::clone(&self.body),
            example_hook: self.example_hook.clone(),
        }
    }
}

impl<B> Check<B> {
    /// A primary check with id `group::function` of the backend function
    /// `function`.
    ///
    /// ```
    /// use conformance_engine::{Check, CheckContext, CheckOutcome};
    /// struct Backend;
    /// let check: Check<Backend> = Check::new("elementwise", "sqrt", |_b: &Backend, ctx: &CheckContext| {
    ///     ctx.for_all(0.0f64..1e6, |x| {
    ///         if x.sqrt() * x.sqrt() >= 0.0 { Ok(Default::default()) } else { Err("negative".into()) }
    ///     })
    /// });
    /// assert_eq!(check.id.as_str(), "elementwise::sqrt");
    /// ```
    pub fn new(
        group: &str,
        function: &str,
        body: impl Fn(&B, &CheckContext) -> CheckOutcome + Send + Sync + 'static,
    ) -> Check<B> {
        Check {
            id: CheckId::new(format!("{group}::{function}")),
            function: function.to_string(),
            tags: Tags::default(),
            depends_on: Vec::new(),
            body: Arc::new(body),
            example_hook: None,
        }
    }

    /// Adds `::aspect` to the id, for a function's second check in a group.
    pub fn aspect(mut self, aspect: &str) -> Self {
        self.id = CheckId::new(format!("{}::{aspect}", self.id));
        self
    }

    /// Marks the check as part of an extension (`linalg`, `fft`).
    pub fn extension(mut self, extension: &str) -> Self {
        self.tags.extension = Some(extension.to_string());
        self
    }

    /// Adds the host-defined label `tag` (`data-dependent-shape`); adding
    /// a tag twice keeps one. A run can skip the checks carrying a tag
    /// ([`Selection::disabled_tags`](crate::Selection::disabled_tags), or a
    /// host's [`TagFlag`] on the command line).
    pub fn tag(mut self, tag: &str) -> Self {
        if !self.tags.has(tag) {
            self.tags.labels.push(tag.to_string());
        }
        self
    }

    /// Sets the check's [`Tier`] (a new check is [`Tier::Primary`]).
    pub fn tier(mut self, tier: Tier) -> Self {
        self.tags.tier = tier;
        self
    }

    /// Declares that this check is meaningless unless `id` passes.
    pub fn depends_on(mut self, id: &str) -> Self {
        self.depends_on.push(CheckId::new(id));
        self
    }

    /// Runs the body directly, with no isolation: the runner adds that.
    /// The suite's [`ExampleHook`] is installed in `ctx` unless it has one.
    pub fn run_body(&self, backend: &B, ctx: &CheckContext) -> CheckOutcome {
        (self.body)(backend, &self.context(ctx.clone()))
    }

    /// `ctx` with the suite's [`ExampleHook`], unless it has one already.
    pub(crate) fn context(&self, ctx: CheckContext) -> CheckContext {
        match &self.example_hook {
            Some(hook) if !ctx.has_example_hook() => ctx.with_example_hook(Arc::clone(hook)),
            _ => ctx,
        }
    }
}

impl<B> fmt::Debug for Check<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Check")
            .field("id", &self.id)
            .field("function", &self.function)
            .field("tags", &self.tags)
            .field("depends_on", &self.depends_on)
            .finish_non_exhaustive()
    }
}

/// A host's ordered table of checks. Order is the order of the report and
/// of "the first failure"; it never changes what a check computes.
pub struct Suite<B> {
    /// The suite's name, as the reports give it (the JUnit test suite's
    /// name, the JSON report's `suite`).
    pub name: String,
    checks: Vec<Check<B>>,
    example_hook: Option<ExampleHook>,
}

impl<B> Suite<B> {
    /// An empty suite called `name`.
    pub fn new(name: impl Into<String>) -> Suite<B> {
        Suite {
            name: name.into(),
            checks: Vec::new(),
            example_hook: None,
        }
    }

    /// The same suite, whose checks pushed from now on tell `hook` the
    /// index of each example they draw (see [`ExampleHook`]): the host's
    /// one place to stratify every check's draws.
    pub fn with_example_hook(mut self, hook: ExampleHook) -> Suite<B> {
        self.example_hook = Some(hook);
        self
    }

    /// Appends a check. Panics on a duplicate id: a suite with two checks of
    /// one id is a bug in the host, not bad user input.
    pub fn push(&mut self, mut check: Check<B>) {
        assert!(
            self.checks.iter().all(|c| c.id != check.id),
            "duplicate check id {} in suite {}",
            check.id,
            self.name
        );
        if check.example_hook.is_none() {
            check.example_hook = self.example_hook.clone();
        }
        self.checks.push(check);
    }

    /// Appends the checks in order, as [`Suite::push`] does (and panics
    /// as it does).
    pub fn extend(&mut self, checks: impl IntoIterator<Item = Check<B>>) {
        for check in checks {
            self.push(check);
        }
    }

    /// The checks, in suite order.
    pub fn checks(&self) -> &[Check<B>] {
        &self.checks
    }

    /// The check with id `id`, if the suite has one.
    pub fn get(&self, id: &CheckId) -> Option<&Check<B>> {
        self.checks.iter().find(|c| &c.id == id)
    }

    /// The extensions the checks are tagged with, sorted.
    pub fn extensions(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .checks
            .iter()
            .filter_map(|c| c.tags.extension.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The tags the checks carry ([`Tags::labels`]), sorted.
    pub fn tags(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .checks
            .iter()
            .flat_map(|c| c.tags.labels.iter().cloned())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The backend functions the checks need, sorted.
    pub fn functions(&self) -> Vec<String> {
        let mut names: Vec<String> = self.checks.iter().map(|c| c.function.clone()).collect();
        names.sort();
        names.dedup();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(_: &(), _: &CheckContext) -> CheckOutcome {
        CheckOutcome::passed(0, None)
    }

    #[test]
    fn a_suite_gives_its_example_hook_to_the_checks_pushed_after_it() {
        use crate::property::{CaseError, ExampleBudget};
        use std::sync::atomic::{AtomicU32, Ordering};
        let calls = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&calls);
        let mut s: Suite<()> = Suite::new("s").with_example_hook(Arc::new(move |i| {
            if i.is_some() {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }));
        s.push(Check::new("a", "f", |_: &(), ctx: &CheckContext| {
            ctx.for_all(0u8..10, |_| Ok::<_, CaseError>(Default::default()))
        }));
        let budget = ExampleBudget {
            max_examples: 7,
            ..ExampleBudget::default()
        };
        s.checks()[0].run_body(&(), &CheckContext::new([1; 32], budget));
        assert_eq!(calls.load(Ordering::Relaxed), 7);
    }

    #[test]
    fn ids_are_validated() {
        assert!(CheckId::is_valid("elementwise::sqrt"));
        assert!(CheckId::is_valid("linalg::qr::reconstruct"));
        assert!(!CheckId::is_valid("sqrt"));
        assert!(!CheckId::is_valid("linalg::"));
        assert!(!CheckId::is_valid("a b::c"));
        assert_eq!(CheckId::new("linalg::qr").group(), "linalg");
    }

    #[test]
    fn builder_sets_tags_and_aspect() {
        let c: Check<()> = Check::new("linalg", "qr", pass)
            .aspect("reconstruct")
            .extension("linalg")
            .tier(Tier::Extra)
            .tag("slow")
            .tag("data-dependent-shape")
            .tag("slow")
            .depends_on("creation::asarray");
        assert_eq!(c.id.as_str(), "linalg::qr::reconstruct");
        assert_eq!(c.tags.labels, ["slow", "data-dependent-shape"]);
        assert!(c.tags.has("slow") && !c.tags.has("fast"));
        assert_eq!(c.function, "qr");
        assert_eq!(c.tags.extension.as_deref(), Some("linalg"));
        assert_eq!(c.tags.tier, Tier::Extra);
        assert_eq!(c.depends_on, vec![CheckId::new("creation::asarray")]);
    }

    #[test]
    #[should_panic(expected = "duplicate check id")]
    fn duplicate_ids_are_a_host_bug() {
        let mut s: Suite<()> = Suite::new("s");
        s.push(Check::new("a", "f", pass));
        s.push(Check::new("a", "f", pass));
    }
}
