//! Running a suite against one backend: choosing the checks ([`plan`]),
//! running them in parallel with each check's own seed, containing panics
//! and hangs, blocking the dependents of a failed check, and producing a
//! [`RunReport`]. Nothing here prints: progress goes out as [`Event`]s, in
//! suite order, to whatever the caller plugs in.
//!
//! # Dependencies
//!
//! A check's dependencies run before it, selected or not. When one fails
//! (or is blocked itself) the check is `BLOCKED`: it could not be verified,
//! so the run fails ([`RunReport::is_failure`]), and a dependency that was
//! not selected joins the report (with [`CheckReport::selected`] false), so
//! its failure is shown in full, with its counterexample and replay. An
//! unselected dependency that passes, or whose failure blocks no selected
//! check, stays out of the report. An `XFAIL` dependency blocks nothing:
//! the xfails entry says it is known to be broken, and its dependents still
//! run and are reported as they are, as with a skips entry.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check::{Check, CheckId, Suite, Tier};
use crate::config::{Interrupt, Replay, RunConfig};
use crate::error::ConfigError;
use crate::isolate::{run_in_child, ChildRequest};
use crate::panic_capture::catch_quietly;
use crate::property::{CheckContext, CheckOutcome, ExampleBudget, Failure, Verdict};
use crate::registry::{closest, BackendRegistry, BackendUnderTest};
use crate::report_model::{CheckReport, RunReport, Status};
use crate::seed;
use crate::skip_list::{ListKind, SkipList};

/// What a run tells its caller while it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// Before the first check: the seed and how many checks were selected.
    Started {
        /// The run seed, given or drawn.
        seed: u64,
        /// How many checks were selected. The report has these, and also
        /// any unselected dependency whose failure blocked one of them.
        total: usize,
    },
    /// A check's result, in suite order (a check is held back until every
    /// check before it has finished).
    Finished(&'a CheckReport),
    /// A check has been running for `running_for`, a multiple of
    /// [`RunConfig::slow_timeout`]: sent once per period while it runs,
    /// dependencies run unselected included, so that a long or hung check
    /// is not silence. Time-dependent: it is in no report, and changes no
    /// status.
    Slow {
        /// The check still running.
        id: &'a CheckId,
        /// How long it has run, rounded down to a whole number of periods.
        running_for: Duration,
    },
    /// Checks finished so far, in time order, for a progress bar.
    Progress {
        /// Checks finished so far, reported or not.
        done: usize,
        /// Checks the run executes, dependencies run unreported included.
        total: usize,
    },
}

/// One check of the run as planned.
#[derive(Clone, Debug)]
struct Planned {
    /// Position in the suite.
    position: usize,
    /// Whether the check was selected, so is in the report; else it only
    /// runs because a selected check depends on it.
    reported: bool,
    /// For an unselected check: whether its failure would block a selected
    /// check, through checks that are not settled beforehand. Such a check
    /// joins the report when it fails or is blocked.
    blocks_selected: bool,
    /// A status decided without running (skipped, not implemented).
    decided: Option<Status>,
    /// Positions of the dependencies, all planned too.
    depends_on: Vec<usize>,
    /// 0 for a check with no dependency, else 1 + the deepest dependency.
    depth: usize,
}

/// The checks a run covers, validated against the suite.
#[derive(Clone, Debug)]
pub struct Plan {
    checks: Vec<Planned>,
    /// Warnings found while planning (unused skips and xfails entries).
    pub warnings: Vec<String>,
}

impl Plan {
    /// The suite positions of the reported checks, in suite order.
    pub fn reported_positions(&self) -> Vec<usize> {
        self.checks
            .iter()
            .filter(|p| p.reported)
            .map(|p| p.position)
            .collect()
    }

    /// The status of the check at suite position `position` when it is
    /// settled without running (skipped by a file or a flag, `not
    /// implemented`); `None` when the check runs or is not in the plan.
    pub fn decided(&self, position: usize) -> Option<&Status> {
        self.checks
            .iter()
            .find(|p| p.position == position)
            .and_then(|p| p.decided.as_ref())
    }

    /// The suite positions of the reported checks that the configuration
    /// does not skip beforehand (by `--ci`, a disabled extension or tag, the
    /// skips file, or, when the plan knows the backend, `not
    /// implemented`), in suite order: what `--list` shows.
    pub fn runnable_positions(&self) -> Vec<usize> {
        self.checks
            .iter()
            .filter(|p| p.reported && p.decided.is_none())
            .map(|p| p.position)
            .collect()
    }
}

/// Decides which checks run and which are settled beforehand; every way
/// the configuration can disagree with the suite is an error here, before
/// anything runs.
pub fn plan<B>(
    suite: &Suite<B>,
    implements: &dyn Fn(&str) -> bool,
    config: &RunConfig,
) -> Result<Plan, ConfigError> {
    config.validate()?;
    let checks = suite.checks();
    let position_of: HashMap<&CheckId, usize> =
        checks.iter().enumerate().map(|(i, c)| (&c.id, i)).collect();
    for check in checks {
        for dep in &check.depends_on {
            if !position_of.contains_key(dep) {
                return Err(ConfigError::UnknownDependency {
                    check: check.id.to_string(),
                    dependency: dep.to_string(),
                });
            }
        }
    }
    let depths = dependency_depths(checks, &position_of)?;

    let sel = &config.selection;
    let known_functions = suite.functions();
    for f in &sel.functions {
        if !known_functions.contains(f) {
            let names: Vec<&str> = known_functions.iter().map(String::as_str).collect();
            return Err(ConfigError::UnknownFunction {
                name: f.clone(),
                suggestion: closest(f, &names).map(str::to_string),
            });
        }
    }
    let known_extensions = suite.extensions();
    for e in &sel.disabled_extensions {
        if !known_extensions.contains(e) {
            return Err(ConfigError::UnknownExtension {
                name: e.clone(),
                known: known_extensions.clone(),
            });
        }
    }
    let mut known_tags = suite.tags();
    known_tags.extend(sel.tag_flags.iter().map(|f| f.tag.to_string()));
    known_tags.sort();
    known_tags.dedup();
    for t in &sel.disabled_tags {
        if !known_tags.contains(t) {
            return Err(ConfigError::UnknownTag {
                name: t.clone(),
                known: known_tags.clone(),
            });
        }
    }
    // A `-k` entry has the syntax of a skips entry, and the same matching.
    let filters = SkipList::parse(&sel.filters.join("\n"), "-k", ListKind::Skips)?;
    for entry in filters.entries() {
        if !checks.iter().any(|c| entry.matches(&c.id, &c.function)) {
            return Err(ConfigError::FilterMatchesNothing {
                pattern: entry.text.clone(),
            });
        }
    }

    let selected = |i: usize, c: &Check<B>| {
        (filters.is_empty() || filters.matching_entry(&c.id, &c.function).is_some())
            && (sel.functions.is_empty() || sel.functions.contains(&c.function))
            && sel.partition.is_none_or(|p| p.contains(i))
    };
    let mut in_run = vec![false; checks.len()];
    let mut reported = vec![false; checks.len()];
    let mut stack = Vec::new();
    for (i, c) in checks.iter().enumerate() {
        if selected(i, c) {
            reported[i] = true;
            stack.push(i);
        }
    }
    // Dependencies run too, unreported, so a check's status does not depend
    // on the filter.
    while let Some(i) = stack.pop() {
        if in_run[i] {
            continue;
        }
        in_run[i] = true;
        stack.extend(checks[i].depends_on.iter().map(|d| position_of[d]));
    }

    let decide = |c: &Check<B>| -> Option<Status> {
        if sel.ci && c.tags.tier == Tier::Extra {
            return Some(Status::Skipped("not a --ci check".into()));
        }
        if let Some(ext) = &c.tags.extension {
            if sel.disabled_extensions.contains(ext) {
                return Some(Status::Skipped(format!("extension {ext} disabled")));
            }
        }
        if let Some(tag) = c.tags.labels.iter().find(|t| sel.disabled_tags.contains(t)) {
            let reason = match sel.tag_flags.iter().find(|f| f.tag == tag) {
                Some(flag) => format!("tag {tag} disabled (--{})", flag.flag),
                None => format!("tag {tag} disabled"),
            };
            return Some(Status::Skipped(reason));
        }
        if let Some(entry) = config
            .skips
            .as_ref()
            .and_then(|s| s.matching_entry(&c.id, &c.function))
        {
            return Some(Status::Skipped(entry.location()));
        }
        if !implements(&c.function) {
            return Some(Status::Skipped("not implemented".into()));
        }
        None
    };

    let decided: Vec<Option<Status>> = checks
        .iter()
        .enumerate()
        .map(|(i, c)| if in_run[i] { decide(c) } else { None })
        .collect();
    // A failure blocks each check that runs and depends on it, and so on
    // down: it blocks a selected check when a path of checks not settled
    // beforehand leads from that check to it.
    let mut blocks_selected = vec![false; checks.len()];
    let mut stack: Vec<usize> = (0..checks.len())
        .filter(|&i| reported[i] && decided[i].is_none())
        .collect();
    while let Some(i) = stack.pop() {
        for dep in checks[i].depends_on.iter().map(|d| position_of[d]) {
            if !blocks_selected[dep] {
                blocks_selected[dep] = true;
                if decided[dep].is_none() {
                    stack.push(dep);
                }
            }
        }
    }

    let planned = checks
        .iter()
        .enumerate()
        .filter(|(i, _)| in_run[*i])
        .map(|(i, c)| Planned {
            position: i,
            reported: reported[i],
            blocks_selected: blocks_selected[i],
            decided: decided[i].clone(),
            depends_on: c.depends_on.iter().map(|d| position_of[d]).collect(),
            depth: depths[i],
        })
        .collect();

    let ids = || checks.iter().map(|c| (&c.id, c.function.as_str()));
    let mut warnings = Vec::new();
    if let Some(s) = &config.skips {
        warnings.extend(s.unused_entries(ids()));
    }
    if let Some(x) = &config.xfails {
        warnings.extend(x.unused_entries(ids()));
    }
    Ok(Plan {
        checks: planned,
        warnings,
    })
}

/// The plan `--list` shows: the selection, as if the backend implemented
/// every function.
pub fn plan_for_listing<B>(suite: &Suite<B>, config: &RunConfig) -> Result<Plan, ConfigError> {
    plan(suite, &|_: &str| true, config)
}

/// Depth of each check in the dependency graph; a cycle is an error.
fn dependency_depths<B>(
    checks: &[Check<B>],
    position_of: &HashMap<&CheckId, usize>,
) -> Result<Vec<usize>, ConfigError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Visiting,
        Done(usize),
    }
    fn visit<B>(
        i: usize,
        checks: &[Check<B>],
        position_of: &HashMap<&CheckId, usize>,
        marks: &mut [Mark],
    ) -> Result<usize, ConfigError> {
        match marks[i] {
            Mark::Done(d) => return Ok(d),
            Mark::Visiting => {
                return Err(ConfigError::DependencyCycle {
                    check: checks[i].id.to_string(),
                })
            }
            Mark::New => {}
        }
        marks[i] = Mark::Visiting;
        let mut depth = 0;
        for dep in &checks[i].depends_on {
            depth = depth.max(1 + visit(position_of[dep], checks, position_of, marks)?);
        }
        marks[i] = Mark::Done(depth);
        Ok(depth)
    }
    let mut marks = vec![Mark::New; checks.len()];
    (0..checks.len())
        .map(|i| visit(i, checks, position_of, &mut marks))
        .collect()
}

/// Resolves the configured backend in `registry` and runs the suite on it.
pub fn run_suite<B: BackendUnderTest>(
    suite: &Suite<B>,
    registry: &BackendRegistry<B>,
    config: &RunConfig,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<RunReport, ConfigError> {
    let entry = registry.resolve(&config.backend)?;
    let backend = Arc::clone(&entry.backend);
    run_backend(suite, backend, config, on_event)
}

/// Runs the suite on a backend the caller holds (a third-party backend
/// that is in no registry); `config.backend` is not read, the report names
/// the backend by [`BackendUnderTest::name`].
pub fn run_backend<B: BackendUnderTest>(
    suite: &Suite<B>,
    backend: Arc<B>,
    config: &RunConfig,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<RunReport, ConfigError> {
    let plan = plan(suite, &|f: &str| backend.implements(f), config)?;
    let run_seed = config.seed.unwrap_or_else(seed::draw_run_seed);
    let backend_name = backend.name().to_string();
    Ok(execute(
        suite,
        backend,
        &backend_name,
        config,
        plan,
        run_seed,
        on_event,
    ))
}

/// What the workers of a run share: the statuses settled so far (for
/// dependencies) and the `--fail-fast` stop flag.
struct Shared {
    statuses: Mutex<HashMap<usize, Status>>,
    stop: AtomicBool,
}

/// What the workers tell the thread that reports.
enum Message {
    /// A check starts running (it was neither settled beforehand nor
    /// blocked), at this instant.
    Running(usize, Instant),
    /// A check is settled.
    Done(usize, Executed),
}

/// What one check's execution produced.
struct Executed {
    status: Status,
    examples: u32,
    worst: Option<crate::property::Deviation>,
    duration: Duration,
}

fn execute<B: BackendUnderTest>(
    suite: &Suite<B>,
    backend: Arc<B>,
    backend_name: &str,
    config: &RunConfig,
    plan: Plan,
    run_seed: u64,
    on_event: &mut dyn FnMut(Event<'_>),
) -> RunReport {
    let started = Instant::now();
    let checks = suite.checks();
    let total = plan.checks.iter().filter(|p| p.reported).count();
    on_event(Event::Started {
        seed: run_seed,
        total,
    });

    let jobs = config.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("conformance-worker-{i}"))
        .build()
        .expect("building the worker pool");

    let max_depth = plan.checks.iter().map(|p| p.depth).max().unwrap_or(0);
    let shared = Shared {
        statuses: Mutex::new(HashMap::new()),
        stop: AtomicBool::new(false),
    };
    let mut results: HashMap<usize, Executed> = HashMap::new();
    let mut next = 0;
    let mut done = 0;
    let mut report_checks: Vec<CheckReport> = Vec::with_capacity(total);
    let mut warnings = plan.warnings.clone();

    let make_report = |p: &Planned, e: &Executed| -> CheckReport {
        let c = &checks[p.position];
        let check_seed = seed::check_seed(run_seed, c.id.as_str());
        CheckReport {
            id: c.id.clone(),
            function: c.function.clone(),
            tags: c.tags.clone(),
            selected: p.reported,
            status: e.status.clone(),
            examples: e.examples,
            worst: e.worst.clone(),
            duration: e.duration,
            check_seed: format!("{check_seed:016x}"),
            replay: replay_command(config, backend_name, run_seed, c.id.as_str()),
        }
    };

    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<Message>();
        let plan = &plan;
        let shared = &shared;
        let backend = &backend;
        let pool = &pool;
        scope.spawn(move || {
            for depth in 0..=max_depth {
                let level: Vec<&Planned> =
                    plan.checks.iter().filter(|p| p.depth == depth).collect();
                pool.install(|| {
                    level.par_iter().for_each_with(tx.clone(), |tx, p| {
                        let starting = || {
                            let _ = tx.send(Message::Running(p.position, Instant::now()));
                        };
                        let executed = settle(
                            p,
                            checks,
                            backend,
                            backend_name,
                            config,
                            run_seed,
                            shared,
                            &starting,
                        );
                        shared
                            .statuses
                            .lock()
                            .expect("status table")
                            .insert(p.position, executed.status.clone());
                        if matches!(executed.status, Status::Failed(_)) && config.fail_fast {
                            shared.stop.store(true, Ordering::SeqCst);
                        }
                        // The receiver lives until every sender is gone.
                        let _ = tx.send(Message::Done(p.position, executed));
                    });
                });
            }
            drop(tx);
        });

        // Checks running now: position, start, periods announced so far.
        let mut running: Vec<(usize, Instant, u32)> = Vec::new();
        loop {
            let next_slow = config.slow_timeout.and_then(|period| {
                running
                    .iter()
                    .map(|&(_, start, announced)| start + period * (announced + 1))
                    .min()
            });
            let message = match next_slow {
                Some(due) => rx.recv_timeout(due.saturating_duration_since(Instant::now())),
                None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            };
            let finished = match message {
                Ok(Message::Running(position, start)) => {
                    running.push((position, start, 0));
                    None
                }
                Ok(Message::Done(position, executed)) => {
                    running.retain(|r| r.0 != position);
                    Some((position, executed))
                }
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            // Announced after any message too, so a stream of quick checks
            // does not hold back a slow one's line; not at or past the
            // timeout, whose FAILED line is about to say it.
            if let Some(period) = config.slow_timeout {
                for (position, start, announced) in &mut running {
                    let periods = start.elapsed().as_nanos() / period.as_nanos();
                    let periods = u32::try_from(periods).unwrap_or(u32::MAX);
                    if periods > *announced {
                        *announced = periods;
                        if config
                            .timeout
                            .is_some_and(|limit| period * periods >= limit)
                        {
                            continue;
                        }
                        on_event(Event::Slow {
                            id: &checks[*position].id,
                            running_for: period * periods,
                        });
                    }
                }
            }
            let Some((position, executed)) = finished else {
                continue;
            };
            done += 1;
            on_event(Event::Progress {
                done,
                total: plan.checks.len(),
            });
            results.insert(position, executed);
            // In suite order: each planned check waits for those before it,
            // so whether an unselected one joins the report is known in turn.
            while next < plan.checks.len() {
                let p = &plan.checks[next];
                let Some(e) = results.get(&p.position) else {
                    break;
                };
                next += 1;
                let blocked_a_selected_check = p.blocks_selected
                    && matches!(e.status, Status::Failed(_) | Status::Blocked { .. });
                if p.reported || blocked_a_selected_check {
                    let r = make_report(p, e);
                    on_event(Event::Finished(&r));
                    report_checks.push(r);
                }
            }
        }
    });

    for r in &report_checks {
        for f in r.status.failure().into_iter().flat_map(Failure::all) {
            if let Some(limit) = &f.shrink_limit {
                warnings.push(format!("{}: {}", r.id, limit.note()));
            }
        }
    }

    RunReport {
        suite: suite.name.clone(),
        backend: backend_name.to_string(),
        seed: run_seed,
        max_examples: config.budget.max_examples,
        partition: config.selection.partition.map(|p| (p.index, p.count)),
        strict_xfail: config.strict_xfail,
        checks: report_checks,
        warnings,
        duration: started.elapsed(),
        interrupted: config.is_interrupted(),
    }
}

/// The status of one planned check: decided beforehand, blocked by a
/// dependency, stopped by `--fail-fast`, or run (`starting` is called just
/// before).
#[allow(clippy::too_many_arguments)]
fn settle<B: BackendUnderTest>(
    p: &Planned,
    checks: &[Check<B>],
    backend: &Arc<B>,
    backend_name: &str,
    config: &RunConfig,
    run_seed: u64,
    shared: &Shared,
    starting: &dyn Fn(),
) -> Executed {
    let not_run = |status| Executed {
        status,
        examples: 0,
        worst: None,
        duration: Duration::ZERO,
    };
    if let Some(status) = &p.decided {
        return not_run(status.clone());
    }
    {
        // An XFAIL dependency blocks nothing: it is known to be broken, and
        // what depends on it is still worth running (see the module docs).
        let table = shared.statuses.lock().expect("status table");
        for &d in &p.depends_on {
            if matches!(
                table.get(&d),
                Some(Status::Failed(_) | Status::Blocked { .. })
            ) {
                return not_run(Status::Blocked {
                    needs: checks[d].id.clone(),
                });
            }
        }
    }
    if config.is_interrupted() {
        return not_run(Status::Skipped(NOT_RUN_INTERRUPTED.into()));
    }
    if shared.stop.load(Ordering::SeqCst) {
        return not_run(Status::Skipped(
            "not run: --fail-fast stopped the run after a failure".into(),
        ));
    }
    let check = &checks[p.position];
    starting();
    let started = Instant::now();
    let outcome = run_contained(check, backend, backend_name, config, run_seed);
    let duration = started.elapsed();
    let Some(outcome) = outcome else {
        return Executed {
            duration,
            ..not_run(Status::Skipped(INTERRUPTED_WHILE_RUNNING.into()))
        };
    };
    let (status, examples, worst) = match outcome {
        Ok(o) => {
            let status = match o.verdict {
                Verdict::Passed => Status::Passed,
                Verdict::Failed(f) => Status::Failed(f),
                Verdict::NotImplemented(reason) => {
                    Status::Skipped(format!("not implemented: {reason}"))
                }
            };
            (status, o.examples, o.worst)
        }
        Err(failure) => (Status::Failed(failure), 0, None),
    };
    let status = match (
        config
            .xfails
            .as_ref()
            .and_then(|x| x.matching_entry(&check.id, &check.function)),
        status,
    ) {
        (Some(entry), Status::Failed(failure)) => Status::XFail {
            entry: entry.location(),
            failure,
        },
        (Some(entry), Status::Passed) => Status::XPass {
            entry: entry.location(),
        },
        (_, status) => status,
    };
    Executed {
        status,
        examples,
        worst,
        duration,
    }
}

/// The reason of a check the run's [`Interrupt`] kept from starting.
pub const NOT_RUN_INTERRUPTED: &str = "not run: interrupted";
/// The reason of a check abandoned because the run's [`Interrupt`] was
/// raised while it ran.
pub const INTERRUPTED_WHILE_RUNNING: &str = "interrupted while running";

/// Runs a check in a child process under `--isolate`, which contains
/// aborts too; else on a thread of this process ([`run_on_thread`]).
/// `None` when the run's [`Interrupt`] was raised while the check ran.
fn run_contained<B: BackendUnderTest>(
    check: &Check<B>,
    backend: &Arc<B>,
    backend_name: &str,
    config: &RunConfig,
    run_seed: u64,
) -> Option<Result<CheckOutcome, Failure>> {
    match &config.isolate {
        Some(command) => {
            let request = ChildRequest::new(backend_name, &check.id, run_seed, &config.budget);
            run_in_child(command, &request, config.timeout, config.interrupt.as_ref())
        }
        None => run_on_thread(
            check,
            backend,
            check_context(&check.id, run_seed, &config.budget),
            config.timeout,
            config.interrupt.as_ref(),
        ),
    }
}

/// The context check `id` runs with: its own seed, derived from the run's.
pub(crate) fn check_context(id: &CheckId, run_seed: u64, budget: &ExampleBudget) -> CheckContext {
    CheckContext::new(
        seed::rng_seed(seed::check_seed(run_seed, id.as_str())),
        budget.clone(),
    )
}

/// Runs a check's body on a thread of its own, so a panic is contained and
/// a hang is abandoned after `timeout` while the run goes on. The child of
/// `--isolate` runs its check through here too, so both report alike.
/// `None` when `interrupt` was raised first: the thread is told to stop
/// and abandoned.
pub(crate) fn run_on_thread<B: BackendUnderTest>(
    check: &Check<B>,
    backend: &Arc<B>,
    ctx: CheckContext,
    timeout: Option<Duration>,
    interrupt: Option<&Interrupt>,
) -> Option<Result<CheckOutcome, Failure>> {
    let ctx = check.context(ctx);
    let cancel = ctx.cancellation();
    // The failures found so far, for a check whose time runs out after it
    // found some: they are reported before the timeout.
    let found = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = Arc::clone(&found);
    let ctx = ctx.with_failure_watcher(Arc::new(move |failure: &Failure| {
        sink.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(failure.clone());
    }));
    let body = Arc::clone(&check.body);
    let backend = Arc::clone(backend);
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(check.id.to_string())
        // Generous: recursive backends and deep shrinking need room.
        .stack_size(32 << 20)
        .spawn(move || {
            let _ = tx.send(catch_quietly(|| body(&backend, &ctx)));
        });
    if let Err(e) = spawned {
        return Some(Err(Failure::new(format!(
            "could not start the check's thread: {e}"
        ))));
    }
    let received = match (timeout, interrupt) {
        (Some(limit), None) => rx.recv_timeout(limit).map_err(|e| match e {
            mpsc::RecvTimeoutError::Timeout => Some(limit),
            mpsc::RecvTimeoutError::Disconnected => None,
        }),
        (None, None) => rx.recv().map_err(|_| None),
        (_, Some(interrupt)) => {
            // Wait in short slices, to see the interrupt soon.
            let started = Instant::now();
            loop {
                let left = timeout.map(|limit| limit.saturating_sub(started.elapsed()));
                let slice = left.map_or(INTERRUPT_POLL, |left| left.min(INTERRUPT_POLL));
                match rx.recv_timeout(slice) {
                    Ok(result) => break Ok(result),
                    Err(mpsc::RecvTimeoutError::Disconnected) => break Err(None),
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                }
                if interrupt.is_raised() {
                    cancel.store(true, Ordering::SeqCst);
                    return None;
                }
                if let Some(limit) = timeout.filter(|&limit| started.elapsed() >= limit) {
                    break Err(Some(limit));
                }
            }
        }
    };
    let take_found = || std::mem::take(&mut *found.lock().unwrap_or_else(|e| e.into_inner()));
    Some(match received {
        Ok(Ok(outcome)) => Ok(outcome),
        // A panic outside the check's examples (its strategy, its body).
        Ok(Err(panic)) => Err(Failure::after(
            take_found(),
            Failure {
                kind: Some(crate::property::PANIC_KIND.to_string()),
                ..Failure::new(format!("panicked: {panic}"))
            },
        )),
        Err(Some(limit)) => {
            // Ask the property loop to stop; a backend stuck inside one call
            // cannot be stopped, so its thread is abandoned.
            cancel.store(true, Ordering::SeqCst);
            Err(Failure::after(
                take_found(),
                Failure {
                    kind: Some(TIMEOUT_KIND.to_string()),
                    ..Failure::new(format!(
                        "timed out after {} s (--timeout); the check's thread was abandoned (--isolate shows the input it was running)",
                        format_secs(limit)
                    ))
                },
            ))
        }
        Err(None) => Err(Failure::new("the check's thread ended without a result")),
    })
}

/// The kind of a check's failure to finish within `--timeout`, reported
/// after the failures it found before.
pub const TIMEOUT_KIND: &str = "timeout";

/// How often a wait for a check looks at the run's [`Interrupt`].
pub(crate) const INTERRUPT_POLL: Duration = Duration::from_millis(20);

pub(crate) fn format_secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s}")
    }
}

/// What replays check `id` with the same examples: a command, or the
/// configuration of the library call (see [`Replay`]).
fn replay_command(config: &RunConfig, backend: &str, seed: u64, id: &str) -> String {
    let no_shrink = config.budget.max_shrink_iters == 0;
    let max_examples = config.budget.max_examples;
    match &config.replay {
        Replay::Command(prefix) => {
            let mut cmd = format!(
                "{prefix} --backend {backend} --seed {seed} --max-examples {max_examples} -k {id}"
            );
            if no_shrink {
                cmd.push_str(" --no-shrink");
            }
            if config.isolate.is_some() {
                cmd.push_str(" --isolate");
            }
            cmd
        }
        Replay::Config => {
            let mut text = format!(
                "RunConfig::new({backend:?}).seed({seed}).max_examples({max_examples}).filter({id:?})"
            );
            if no_shrink {
                text.push_str(".no_shrink()");
            }
            text
        }
    }
}
