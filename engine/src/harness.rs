//! A `harness = false` test target for backend crates: every check of a
//! suite becomes one libtest test, so `cargo test --test conformance`
//! prints a line per check and `cargo nextest run` lists and runs each check
//! as its own test.
//!
//! The target's `main` is one line, [`harness_main!`](crate::harness_main):
//!
//! ```ignore
//! // tests/conformance.rs, with `[[test]] name = "conformance" harness = false`
//! conformance_engine::harness_main!(my_host::suite(), my_backend::Backend::new());
//! ```
//!
//! **Statuses.** A check settled without running (`not implemented` by the
//! backend, an entry of the skips file, `--ci`, `--disable-extension`) is
//! an *ignored* test, marked so when the tests are listed: `cargo test`
//! prints it `ignored (reason)`, and nextest, which learns the ignored tests
//! from `--list --format terse --ignored`, counts it skipped. A failure is a
//! failed test whose message is the section the command's human report
//! prints (the message, the counterexample after N shrinking steps, the
//! note when shrinking stopped at its budget, the replay line). An `XFAIL`
//! is ignored at run time (nextest sees it pass), an `XPASS` passes unless
//! `--strict-xfail`, a `BLOCKED` check fails.
//!
//! **Flags.** The target takes the command line's selection and run flags,
//! parsed and validated by the same code ([`cli::Args`], [`cli::build_config`]):
//! `-k`/`--filter ENTRY` (repeatable; a check id, a function name or
//! `group::`, as in a skips file; an entry matching no check is an error,
//! exit code 2), `--functions`, `--ci`, `--disable-extension`,
//! `--skips-file`, `--xfails-file`, `--seed`, `--max-examples`, `--timeout`,
//! `--no-shrink`, `--strict-xfail`, `--isolate` (each check in a child
//! process, the target's own binary: a crash fails that check, or is its
//! `XFAIL`, and the run goes on), and `--backend`, which must name the
//! target's backend. Beside them, libtest's: a test-name `FILTER`,
//! `--exact`, `--list`, `--format`, `--ignored`, `--include-ignored`,
//! `--skip`, `--test-threads`, `--nocapture` (what nextest passes). `--help`
//! lists both.
//!
//! **Seed.** `--seed N`, else `CONFORMANCE_SEED=N`, else a drawn one: under
//! nextest, which starts one process per test, the seed is derived from the
//! run's `NEXTEST_RUN_ID`, so every process of one `cargo nextest run` draws
//! with the same seed; otherwise each run draws its own. The seed is printed
//! first (`conformance: backend mine, seed 123 (drawn; pass --seed 123 to
//! replay), 100 examples per check`), and every failure's replay line
//! carries it. A drawn seed finds more bugs across CI runs; a fixed one
//! (`CONFORMANCE_SEED=0` in the CI's environment) gives the same examples
//! on every run.
//!
//! The macro reads the package and the test target's names where it is
//! written, so a failure's replay line runs as printed:
//! `cargo test -p my-backend --test conformance -- --backend mine --seed 123
//! --max-examples 100 -k elementwise::sqrt`. [`run`] is the same without the
//! macro, given the replay prefix, and [`run_with`] adds the target's own
//! tests beside the checks.

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};
use libtest_mimic::{Arguments, Completion, FormatSetting};

use crate::check::Suite;
use crate::cli::{self, CommandIo, Program};
use crate::config::RunConfig;
use crate::error::ConfigError;
use crate::isolate::{serve_child, ChildCommand, CHILD_FLAG};
use crate::registry::{BackendRegistry, BackendUnderTest};
use crate::report::human::HumanReporter;
use crate::report_model::Status;
use crate::runner;
use crate::seed;

/// A libtest test of the target's own, for [`run_with`]; re-exported so a
/// target needs no dependency of its own on `libtest-mimic`.
pub use libtest_mimic::{Failed, Trial};

/// The ids of the command line's flags ([`cli::Args`]) the harness takes,
/// in the order its `--help` lists them. The rest of the command's flags
/// are left out: libtest has its own `--list`, `--format` and `--color`,
/// nextest splits a run (`--partition`) and stops at a failure
/// (`--fail-fast`), and libtest's `--test-threads` is the harness's
/// `--jobs`. `--isolate` is kept although nextest runs each test in a
/// process of its own: under `cargo test` a backend that can end the
/// process (a stack overflow, an abort) needs it, and only the engine's
/// child can still report an expected failure (`XFAIL`) for such a crash,
/// where nextest sees a killed test.
const ENGINE_FLAGS: &[&str] = &[
    "backend",
    "filter",
    "functions",
    "ci",
    "disable_extension",
    "skips_file",
    "xfails_file",
    "seed",
    "max_examples",
    "timeout",
    "no_shrink",
    "strict_xfail",
    "isolate",
];

/// The id `-k` takes in the harness's command, where libtest's positional
/// `FILTER` holds the id `filter`.
const K_ID: &str = "conformance_filter";

/// The `--help` heading of the engine's flags.
const ENGINE_HEADING: &str = "Conformance options";

/// The `--help` heading of libtest's flags.
const LIBTEST_HEADING: &str = "libtest options";

/// The environment variable that sets the seed when `--seed` is absent.
pub const SEED_VAR: &str = "CONFORMANCE_SEED";

/// The harness's command line: the engine's flags it takes, from
/// [`cli::Args`] (so the same help, value parsing and checks), then
/// libtest-mimic's.
fn command(backend_name: &str) -> clap::Command {
    let engine = cli::Args::command();
    let mut command = clap::Command::new("conformance-harness")
        .about(format!(
            "Runs the conformance checks on backend {backend_name}, one libtest test per check."
        ))
        .after_help(
            "Exit codes: 0 no test failed, 101 a test failed, 2 bad usage or configuration.\n\
             The seed is --seed, else CONFORMANCE_SEED, else drawn and printed (under nextest, \
             one per nextest run).",
        )
        .disable_version_flag(true)
        .max_term_width(100);
    for id in ENGINE_FLAGS {
        let arg = engine
            .get_arguments()
            .find(|a| a.get_id() == id)
            .unwrap_or_else(|| panic!("the command line has no flag with id `{id}`"))
            .clone();
        // The harness runs one backend, whatever CONFORMANCE_BACKEND says.
        let arg = match *id {
            "backend" => arg.env(None::<&str>).help(format!(
                "The backend to check: only {backend_name}, this target's"
            )),
            _ => arg,
        }
        .help_heading(ENGINE_HEADING);
        command = command.arg(if *id == "filter" { arg.id(K_ID) } else { arg });
    }
    let libtest = Arguments::command();
    for arg in libtest.get_arguments() {
        // libtest-mimic's long texts would switch `--help` to its long
        // layout; its short ones list the possible values already.
        let arg = arg
            .clone()
            .help_heading(LIBTEST_HEADING)
            .long_help(None::<&str>);
        // Only a flag that takes a value has possible values to hide (clap
        // asserts it in a debug build of clap).
        let arg = if arg.get_action().takes_values() {
            arg.hide_possible_values(true)
        } else {
            arg
        };
        let arg = match arg.get_id().as_str() {
            "ignored" => arg.help(
                "Run only the ignored tests: the checks settled without running, each printing why",
            ),
            "include_ignored" => arg.help("Run the ignored tests too"),
            _ => arg,
        };
        // `-Z`: a no-op kept for libtest's command line.
        let hidden = arg.get_short() == Some('Z');
        command = command.arg(arg.hide(hidden));
    }
    command
}

/// The engine's part of the harness's parsed command line, as the argument
/// list the command line's own parser takes: `--flag=value` for each value
/// given on the command line, in order.
fn engine_argv(command: &clap::Command, matches: &ArgMatches) -> Vec<OsString> {
    let mut argv = vec![OsString::from("conformance-harness")];
    for arg in command.get_arguments() {
        if arg.get_help_heading() != Some(ENGINE_HEADING) {
            continue;
        }
        let id = arg.get_id().as_str();
        if matches.value_source(id) != Some(ValueSource::CommandLine) {
            continue;
        }
        let long = format!("--{}", arg.get_long().expect("engine flags are long"));
        if arg.get_action().takes_values() {
            for value in matches.get_raw(id).into_iter().flatten() {
                let mut flag = OsString::from(format!("{long}="));
                flag.push(value);
                argv.push(flag);
            }
        } else {
            argv.push(long.into());
        }
    }
    argv
}

/// A parsed harness command line.
struct Parsed {
    /// The engine's flags, as the command line parses them.
    engine: cli::Args,
    /// libtest's flags.
    libtest: Arguments,
}

/// What parsing the command line ended in, when it does not run.
enum Stop {
    /// `--help`: the text, for standard output (exit code 0).
    Help(String),
    /// A usage or configuration error (exit code 2).
    Error(String),
}

fn parse(argv: Vec<OsString>, backend_name: &str, program: &Program) -> Result<Parsed, Stop> {
    let mut command = command(backend_name);
    let matches = command.try_get_matches_from_mut(argv).map_err(|e| {
        let text = e.render().to_string();
        if e.exit_code() == 0 {
            Stop::Help(text)
        } else {
            Stop::Error(text)
        }
    })?;
    let libtest = Arguments::from_arg_matches(&matches)
        .map_err(|e| Stop::Error(e.format(&mut command).render().to_string()))?;
    let mut engine = program
        .parse(engine_argv(&command, &matches))
        .map_err(|e| Stop::Error(e.render().to_string()))?;
    if matches.value_source("backend") != Some(ValueSource::CommandLine) {
        engine.backend = None;
    }
    Ok(Parsed { engine, libtest })
}

/// Where the run seed came from, for the first line of the output.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SeedFrom {
    /// `--seed`.
    Flag,
    /// [`SEED_VAR`].
    Env,
    /// Derived from nextest's `NEXTEST_RUN_ID`, the same in every process
    /// of one nextest run.
    NextestRun,
    /// Drawn for this process.
    Drawn,
}

/// The run seed: `--seed`, else [`SEED_VAR`] (a number, or `random` to
/// draw one), else one derived from `NEXTEST_RUN_ID` under nextest, else a
/// drawn one.
fn run_seed(
    flag: Option<u64>,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<(u64, SeedFrom), ConfigError> {
    if let Some(seed) = flag {
        return Ok((seed, SeedFrom::Flag));
    }
    match var(SEED_VAR).as_deref().map(str::trim) {
        Some("random") => return Ok((seed::draw_run_seed(), SeedFrom::Drawn)),
        Some(text) => {
            let seed = text.parse().map_err(|_| ConfigError::InvalidValue {
                flag: SEED_VAR,
                problem: format!(
                    "`{text}` is not a whole number; give one (or `random`), or unset it"
                ),
            })?;
            return Ok((seed, SeedFrom::Env));
        }
        None => {}
    }
    match var("NEXTEST_RUN_ID").filter(|id| !id.is_empty()) {
        // A stable hash of the run's id, as short as a drawn seed.
        Some(id) => Ok((
            seed::check_seed(0, &id) % 1_000_000_000,
            SeedFrom::NextestRun,
        )),
        None => Ok((seed::draw_run_seed(), SeedFrom::Drawn)),
    }
}

/// The harness's first line: the backend, the seed and where it came from,
/// the examples per check.
fn header(backend_name: &str, seed: u64, from: &SeedFrom, max_examples: u32) -> String {
    let origin = match from {
        SeedFrom::Flag => String::new(),
        SeedFrom::Env => format!(" (from {SEED_VAR})"),
        SeedFrom::NextestRun => {
            format!(" (drawn for this nextest run; pass --seed {seed} to replay)")
        }
        SeedFrom::Drawn => format!(" (drawn; pass --seed {seed} to replay)"),
    };
    format!("conformance: backend {backend_name}, seed {seed}{origin}, {max_examples} examples per check")
}

/// The run configuration of the harness's engine flags, for the backend
/// called `backend_name`: the command line's own [`cli::build_config`]
/// (skips and xfails files, `PROPTEST_CASES`), then the seed, and one
/// worker thread per check (libtest runs the checks side by side).
fn harness_config(
    args: &cli::Args,
    program: &Program,
    backend_name: &str,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<(RunConfig, SeedFrom), ConfigError> {
    if let Some(b) = &args.backend {
        if b != backend_name {
            return Err(ConfigError::UnknownBackend {
                name: b.clone(),
                suggestion: None,
                known: vec![backend_name.to_string()],
            });
        }
    }
    let (mut sink_out, mut sink_err) = (std::io::sink(), std::io::sink());
    let io = CommandIo {
        stdout: &mut sink_out,
        stderr: &mut sink_err,
        interactive: false,
        var,
        isolate_with: ChildCommand::current_exe().ok(),
        interrupt: None,
    };
    let mut config = cli::build_config(args, program, &io)?;
    let (seed, from) = run_seed(args.seed, var)?;
    config.backend = backend_name.to_string();
    config.seed = Some(seed);
    config.jobs = Some(1);
    Ok((config, from))
}

/// One libtest test per check the configuration selects, in suite order,
/// and the plan's warnings (unused skips and xfails entries). A check
/// settled without running is marked ignored, so that a listing with
/// `--ignored` names it; the others run that check alone (with its
/// dependencies, unreported) on `backend`.
fn trials<B: BackendUnderTest>(
    suite: &Arc<Suite<B>>,
    backend: &Arc<B>,
    config: &RunConfig,
) -> Result<(Vec<Trial>, Vec<String>), ConfigError> {
    let plan = runner::plan(suite, &|f: &str| backend.implements(f), config)?;
    let trials = plan
        .reported_positions()
        .into_iter()
        .map(|position| {
            let id = suite.checks()[position].id.to_string();
            if let Some(status) = plan.decided(position) {
                let reason = match status {
                    Status::Skipped(reason) => reason.clone(),
                    other => other.label().to_lowercase(),
                };
                return Trial::ignorable_test(id, move || Ok(Completion::ignored_with(reason)))
                    .with_ignored_flag(true);
            }
            let mut one = config.clone();
            one.selection.filters = vec![id.clone()];
            let (suite, backend) = (Arc::clone(suite), Arc::clone(backend));
            Trial::ignorable_test(id.clone(), move || run_one(&suite, backend, &one, &id))
        })
        .collect();
    Ok((trials, plan.warnings))
}

/// Runs the check `id` (`config` selects it) and turns its status into
/// libtest's outcome.
fn run_one<B: BackendUnderTest>(
    suite: &Suite<B>,
    backend: Arc<B>,
    config: &RunConfig,
    id: &str,
) -> Result<Completion, Failed> {
    let report = runner::run_backend(suite, backend, config, &mut |_| {})
        .map_err(|e| Failed::from(e.to_string()))?;
    let mine = report
        .checks
        .iter()
        .find(|c| c.id.as_str() == id)
        .ok_or_else(|| Failed::from("the check was not run"))?;
    match &mine.status {
        Status::Passed => Ok(Completion::Completed),
        Status::XPass { .. } if !config.strict_xfail => Ok(Completion::Completed),
        Status::Skipped(reason) => Ok(Completion::ignored_with(reason)),
        Status::XFail { entry, .. } => Ok(Completion::ignored_with(format!(
            "expected failure, listed in {entry}"
        ))),
        Status::Blocked { needs } => Err(Failed::from(format!(
            "blocked: needs {needs}, which failed\nreplay: {}",
            mine.replay
        ))),
        Status::XPass { entry } => Err(Failed::from(format!(
            "listed in {entry} but passed, which --strict-xfail counts as a failure: remove the entry\nreplay: {}",
            mine.replay
        ))),
        Status::Failed(_) => {
            let mut text = Vec::new();
            let _ = HumanReporter::default().write_failure_details(&mut text, mine);
            Err(Failed::from(
                String::from_utf8_lossy(&text).trim_end().to_string(),
            ))
        }
    }
}

/// Under `--isolate` the target's own binary is the child that runs one
/// check ([`CHILD_FLAG`] first): it serves the request on stdin with
/// `backend`, the only one it knows.
fn serve_one_child<B: BackendUnderTest>(suite: &Suite<B>, backend: B) -> ExitCode {
    let mut registry = BackendRegistry::new();
    if let Err(e) = registry.register(&[], "the target's backend", backend) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let out = Arc::new(std::sync::Mutex::new(std::io::stdout()));
    let code = serve_child(
        suite,
        &registry,
        &mut std::io::stdin(),
        out,
        &mut std::io::stderr(),
    );
    ExitCode::from(code as u8)
}

/// `fn main` of a `harness = false` test target: runs `suite` on
/// `backend` with [`run`], replay lines naming the package and the test
/// target the macro is written in ([`harness_replay_prefix!`](crate::harness_replay_prefix)).
///
/// ```ignore
/// conformance_engine::harness_main!(my_host::suite(), my_backend::Backend::new());
/// ```
#[macro_export]
macro_rules! harness_main {
    ($suite:expr, $backend:expr $(,)?) => {
        fn main() -> ::std::process::ExitCode {
            $crate::harness::run($suite, $backend, &$crate::harness_replay_prefix!())
        }
    };
}

/// The replay prefix of the test target this macro is written in, as a
/// `String`: `cargo test -p {package} --test {target} --`, from the
/// package's name, the target's crate name and the source file at the
/// caller's compile time ([`cargo_test_replay_prefix`]).
///
/// ```ignore
/// // in tests/conformance.rs of package my-backend:
/// assert_eq!(
///     conformance_engine::harness_replay_prefix!(),
///     "cargo test -p my-backend --test conformance --"
/// );
/// ```
#[macro_export]
macro_rules! harness_replay_prefix {
    () => {
        $crate::harness::cargo_test_replay_prefix(
            env!("CARGO_PKG_NAME"),
            env!("CARGO_CRATE_NAME"),
            file!(),
        )
    };
}

/// `cargo test -p {package} --test {target} --`: the replay prefix of a
/// test target of package `package`, whose crate name (`CARGO_CRATE_NAME`,
/// the target's name with `-` made `_`) is `crate_name` and whose `main` is
/// in `source_file` (`file!()`). The target's name is taken from the file's
/// stem (`tests/my-conformance.rs`) or its directory
/// (`tests/my-conformance/main.rs`) when it matches the crate name, which
/// keeps its dashes; else it is the crate name.
pub fn cargo_test_replay_prefix(package: &str, crate_name: &str, source_file: &str) -> String {
    let path = Path::new(source_file);
    let target = [path.file_stem(), path.parent().and_then(Path::file_name)]
        .into_iter()
        .flatten()
        .filter_map(|name| name.to_str())
        .find(|name| name.replace('-', "_") == crate_name)
        .unwrap_or(crate_name);
    format!("cargo test -p {package} --test {target} --")
}

/// The body of a `harness = false` test target's `main`, for an author who
/// does not use [`harness_main!`](crate::harness_main): a libtest test per
/// check of `suite` on `backend` (named by [`BackendUnderTest::name`]),
/// failures' replay lines starting with `replay_prefix`, which must be a
/// command running this target and taking the engine's flags
/// ([`cargo_test_replay_prefix`] makes one). Reads the process's arguments
/// and environment; exit code 0 when no test failed, 101 when one did, 2
/// for bad usage or configuration.
///
/// ```no_run
/// # use conformance_engine::*;
/// # struct B;
/// # impl BackendUnderTest for B {
/// #     fn name(&self) -> &str { "mine" }
/// #     fn implements(&self, _: &str) -> bool { true }
/// # }
/// # fn host_suite() -> Suite<B> { Suite::new("s") }
/// fn main() -> std::process::ExitCode {
///     let replay = "cargo test -p my-backend --test conformance --";
///     conformance_engine::harness::run(host_suite(), B, replay)
/// }
/// ```
pub fn run<B: BackendUnderTest>(suite: Suite<B>, backend: B, replay_prefix: &str) -> ExitCode {
    run_with(suite, backend, replay_prefix, Vec::new())
}

/// [`run`], with the target's own tests listed and run after the checks'.
/// `-k` and the other engine flags select among the checks only; libtest's
/// `FILTER`, `--exact` and `--skip` apply to every test. Name them apart
/// from the check ids (`mine::...`).
///
/// ```no_run
/// # use conformance_engine::*;
/// # use conformance_engine::harness::{Failed, Trial};
/// # struct B;
/// # impl BackendUnderTest for B {
/// #     fn name(&self) -> &str { "mine" }
/// #     fn implements(&self, _: &str) -> bool { true }
/// # }
/// # fn host_suite() -> Suite<B> { Suite::new("s") }
/// fn main() -> std::process::ExitCode {
///     let own = Trial::test("mine::state_is_shared", || Ok::<(), Failed>(()));
///     let replay = "cargo test -p my-backend --test conformance --";
///     conformance_engine::harness::run_with(host_suite(), B, replay, vec![own])
/// }
/// ```
pub fn run_with<B: BackendUnderTest>(
    suite: Suite<B>,
    backend: B,
    replay_prefix: &str,
    own_tests: Vec<Trial>,
) -> ExitCode {
    if std::env::args_os().nth(1).is_some_and(|a| a == CHILD_FLAG) {
        return serve_one_child(&suite, backend);
    }
    let var = |name: &str| std::env::var(name).ok();
    let backend_name = backend.name().to_string();
    let program = Program::new("conformance-harness", "", "").replay_prefix(replay_prefix);
    let parsed = match parse(std::env::args_os().collect(), &backend_name, &program) {
        Ok(parsed) => parsed,
        Err(Stop::Help(text)) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(Stop::Error(text)) => {
            eprint!("{text}");
            return ExitCode::from(2);
        }
    };
    let suite = Arc::new(suite);
    let backend = Arc::new(backend);
    let configured = harness_config(&parsed.engine, &program, &backend_name, &var)
        .and_then(|(config, from)| Ok((trials(&suite, &backend, &config)?, config, from)));
    let ((mut tests, warnings), config, from) = match configured {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    tests.extend(own_tests);
    let mut libtest = parsed.libtest;
    if !libtest.list {
        let seed = config.seed.unwrap_or_default();
        let first = header(&backend_name, seed, &from, config.budget.max_examples);
        let mut out: Box<dyn Write> = if libtest.format == Some(FormatSetting::Json) {
            Box::new(std::io::stderr())
        } else {
            Box::new(std::io::stdout())
        };
        let _ = writeln!(out, "{first}");
        for warning in warnings {
            let _ = writeln!(out, "warning: {warning}");
        }
        // The ignored tests are the checks settled without running: let
        // them "run", so each prints its reason (`ignored (not
        // implemented)`); the counts stay the same.
        if !libtest.ignored {
            libtest.include_ignored = true;
        }
    }
    libtest_mimic::run(&libtest, tests).exit_code()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    fn program() -> Program {
        Program::new("conformance-harness", "", "").replay_prefix("cargo test --")
    }

    fn parsed(args: &[&str]) -> Parsed {
        match parse(os(args), "mine", &program()) {
            Ok(p) => p,
            Err(Stop::Help(t) | Stop::Error(t)) => panic!("{t}"),
        }
    }

    #[test]
    fn engine_flags_are_the_command_line_s_and_the_rest_libtest_s() {
        let p = parsed(&[
            "prog",
            "--seed",
            "7",
            "--max-examples=500",
            "--nocapture",
            "elementwise::sqrt",
            "--exact",
            "--no-shrink",
            "-k",
            "sum",
            "--filter=statistical::",
            "-klinalg::qr",
            "--ci",
            "--skips-file",
            "my skips.txt",
            "--list",
            "--format",
            "terse",
            "--ignored",
        ]);
        assert_eq!(p.engine.seed, Some(7));
        assert_eq!(p.engine.max_examples, Some(500));
        assert!(p.engine.no_shrink && p.engine.ci);
        assert!(parsed(&["prog", "--isolate"]).engine.isolate);
        // Every -k is kept, in order.
        assert_eq!(p.engine.filter, ["sum", "statistical::", "linalg::qr"]);
        assert_eq!(
            p.engine.skips_file.as_deref(),
            Some(Path::new("my skips.txt"))
        );
        assert_eq!(p.libtest.filter.as_deref(), Some("elementwise::sqrt"));
        assert!(p.libtest.exact && p.libtest.nocapture && p.libtest.list && p.libtest.ignored);
        assert_eq!(p.libtest.format, Some(FormatSetting::Terse));
        assert!(parsed(&["prog"]).engine.filter.is_empty());
    }

    #[test]
    fn bad_values_and_unknown_flags_are_usage_errors() {
        for bad in [
            &["prog", "--seed"][..],
            &["prog", "--seed", "x"],
            &["prog", "--max-examples", "0"],
            &["prog", "--no-such-flag"],
        ] {
            assert!(
                matches!(parse(os(bad), "mine", &program()), Err(Stop::Error(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn help_lists_the_engine_flags_beside_libtest_s() {
        let Err(Stop::Help(help)) = parse(os(&["prog", "--help"]), "mine", &program()) else {
            panic!("--help is not help");
        };
        for flag in [
            "-k, --filter <ENTRY>",
            "--seed <N>",
            "--max-examples <N>",
            "--skips-file <PATH>",
            "--xfails-file <PATH>",
            "--ci",
            "--no-shrink",
            "--backend <NAME>",
            "--exact",
            "--ignored",
            "--include-ignored",
            "--list",
            "--format",
            "[FILTER]",
            ENGINE_HEADING,
            LIBTEST_HEADING,
            SEED_VAR,
        ] {
            assert!(help.contains(flag), "{flag} is not in:\n{help}");
        }
    }

    #[test]
    fn the_seed_is_the_flag_then_the_variable_then_nextest_s_run_then_drawn() {
        let none = |_: &str| None;
        assert_eq!(run_seed(Some(3), &none).unwrap(), (3, SeedFrom::Flag));
        let env = |k: &str| (k == SEED_VAR).then(|| "9".to_string());
        assert_eq!(run_seed(Some(3), &env).unwrap(), (3, SeedFrom::Flag));
        assert_eq!(run_seed(None, &env).unwrap(), (9, SeedFrom::Env));
        let random = |k: &str| (k == SEED_VAR).then(|| "random".to_string());
        assert_eq!(run_seed(None, &random).unwrap().1, SeedFrom::Drawn);
        let bad = |k: &str| (k == SEED_VAR).then(|| "seven".to_string());
        let err = run_seed(None, &bad).unwrap_err().to_string();
        assert!(err.contains(SEED_VAR) && err.contains("seven"), "{err}");
        let nextest = |k: &str| (k == "NEXTEST_RUN_ID").then(|| "c0ffee".to_string());
        let (a, from) = run_seed(None, &nextest).unwrap();
        assert_eq!(from, SeedFrom::NextestRun);
        assert_eq!(run_seed(None, &nextest).unwrap().0, a);
        assert!(a < 1_000_000_000);
        assert_eq!(run_seed(None, &none).unwrap().1, SeedFrom::Drawn);
    }

    #[test]
    fn the_header_says_how_to_replay_a_drawn_seed() {
        assert_eq!(
            header("mine", 7, &SeedFrom::Flag, 100),
            "conformance: backend mine, seed 7, 100 examples per check"
        );
        assert!(header("mine", 8, &SeedFrom::Drawn, 5)
            .contains("seed 8 (drawn; pass --seed 8 to replay)"));
        assert!(header("mine", 9, &SeedFrom::Env, 5).contains("seed 9 (from CONFORMANCE_SEED)"));
    }

    #[test]
    fn the_configuration_is_the_command_line_s_on_one_thread_per_check() {
        let none = |_: &str| None;
        let args = parsed(&["prog", "-k", "sum", "--max-examples", "12", "--seed", "4"]).engine;
        let (c, from) = harness_config(&args, &program(), "mine", &none).unwrap();
        assert_eq!((c.seed, from), (Some(4), SeedFrom::Flag));
        assert_eq!(c.backend, "mine");
        assert_eq!(c.jobs, Some(1));
        assert_eq!(c.budget.max_examples, 12);
        assert_eq!(c.selection.filters, ["sum"]);
        assert_eq!(c.replay, crate::Replay::Command("cargo test --".into()));
        let proptest_cases = |k: &str| (k == "PROPTEST_CASES").then(|| "0".to_string());
        assert!(harness_config(
            &parsed(&["prog"]).engine,
            &program(),
            "mine",
            &proptest_cases
        )
        .is_err());
        let other = parsed(&["prog", "--backend", "theirs"]).engine;
        assert!(harness_config(&other, &program(), "mine", &none).is_err());
        let same = parsed(&["prog", "--backend", "mine"]).engine;
        assert!(harness_config(&same, &program(), "mine", &none).is_ok());
    }

    #[test]
    fn the_replay_prefix_names_the_package_and_the_target_as_cargo_spells_them() {
        let prefix = |crate_name, file| cargo_test_replay_prefix("my-backend", crate_name, file);
        assert_eq!(
            prefix("conformance", "backend-example/tests/conformance.rs"),
            "cargo test -p my-backend --test conformance --"
        );
        // The crate name has `_` for `-`; the file keeps the dashes.
        assert_eq!(
            prefix("my_conformance", "tests/my-conformance.rs"),
            "cargo test -p my-backend --test my-conformance --"
        );
        assert_eq!(
            prefix("array_api", "tests/array-api/main.rs"),
            "cargo test -p my-backend --test array-api --"
        );
        // A target named apart from its file: the crate name.
        assert_eq!(
            prefix("checks", "tests/run.rs"),
            "cargo test -p my-backend --test checks --"
        );
    }
}
