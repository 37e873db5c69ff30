//! A `harness = false` test target for backend crates: every check of a
//! suite becomes one libtest test, so `cargo test --test conformance`
//! prints a line per check and `cargo nextest run` lists and runs each check
//! as its own test. The engine's own flags (`--seed`, `--max-examples`, ...)
//! may be mixed with libtest's; the rest goes to libtest-mimic.
//!
//! A check the backend does not implement is an ignored test with the
//! reason; a skipped one likewise; a failure is a failed test whose message
//! has the counterexample and the replay command.
//!
//! The seed is fixed (0) unless `--seed N` or `CONFORMANCE_SEED=N` is given,
//! because nextest starts one process per test and every process must draw
//! the same examples; `CONFORMANCE_SEED=random` draws one per process.
//!
//! The target's `main` is one line, [`harness_main!`](crate::harness_main):
//!
//! ```ignore
//! // tests/conformance.rs, with `[[test]] name = "conformance" harness = false`
//! conformance_engine::harness_main!(my_host::suite(), my_backend::Backend::new());
//! ```
//!
//! The macro reads the package and the test target's names where it is
//! written, so a failure's replay line runs as printed:
//! `cargo test -p my-backend --test conformance -- --backend mine --seed 0
//! --max-examples 100 -k elementwise::sqrt`. [`run`] is the same without the
//! macro, given the replay prefix.

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

use crate::check::Suite;
use crate::config::{Replay, RunConfig};
use crate::error::ConfigError;
use crate::registry::BackendUnderTest;
use crate::report_model::Status;
use crate::runner;
use crate::seed;

/// Flags the harness takes for itself (each followed by a value).
const VALUE_FLAGS: &[&str] = &["--seed", "--max-examples", "--timeout", "--backend", "-k"];

/// The engine's part of a harness command line; the rest is libtest's.
#[derive(Debug, Default, PartialEq)]
pub struct HarnessArgs {
    /// `--seed`, unparsed: a number, or `random`; `None` when not given.
    pub seed: Option<String>,
    /// `--max-examples`, unparsed; `None` when not given.
    pub max_examples: Option<String>,
    /// `--timeout` in seconds, unparsed; `None` when not given.
    pub timeout: Option<String>,
    /// `--backend`; it must name the harness's backend, if given.
    pub backend: Option<String>,
    /// `-k`: run only the check with this id and those under it
    /// (`linalg::qr` also runs `linalg::qr::reconstruct`); `None` runs every
    /// check. The last one given wins.
    pub filter: Option<String>,
    /// `--no-shrink`: report the first failing input as drawn.
    pub no_shrink: bool,
    /// Everything else, for libtest-mimic (program name first).
    pub libtest: Vec<OsString>,
}

/// Splits `argv` into the engine's flags and libtest's.
pub fn split_args(argv: impl IntoIterator<Item = OsString>) -> Result<HarnessArgs, ConfigError> {
    let mut out = HarnessArgs::default();
    let mut args = argv.into_iter();
    if let Some(program) = args.next() {
        out.libtest.push(program);
    }
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        if text == "--no-shrink" {
            out.no_shrink = true;
            continue;
        }
        let (flag, inline) = match text.split_once('=') {
            Some((f, v)) if VALUE_FLAGS.contains(&f) => (f.to_string(), Some(v.to_string())),
            _ => (text.clone(), None),
        };
        if !VALUE_FLAGS.contains(&flag.as_str()) {
            out.libtest.push(arg);
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => args
                .next()
                .map(|v| v.to_string_lossy().into_owned())
                .ok_or_else(|| ConfigError::InvalidValue {
                    flag: VALUE_FLAGS
                        .iter()
                        .find(|f| **f == flag)
                        .copied()
                        .unwrap_or("flag"),
                    problem: "a value must follow it".into(),
                })?,
        };
        let slot = match flag.as_str() {
            "--seed" => &mut out.seed,
            "--max-examples" => &mut out.max_examples,
            "--timeout" => &mut out.timeout,
            "--backend" => &mut out.backend,
            _ => &mut out.filter,
        };
        *slot = Some(value);
    }
    Ok(out)
}

fn number<T: std::str::FromStr>(flag: &'static str, text: &str) -> Result<T, ConfigError> {
    text.trim().parse().map_err(|_| ConfigError::InvalidValue {
        flag,
        problem: format!("`{text}` is not a valid number"),
    })
}

/// Builds the run configuration from the harness flags and the environment,
/// for the backend called `backend_name`, its replay lines starting with
/// `replay_prefix`.
pub fn harness_config(
    args: &HarnessArgs,
    backend_name: &str,
    replay_prefix: &str,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<RunConfig, ConfigError> {
    if let Some(b) = &args.backend {
        if b != backend_name {
            return Err(ConfigError::UnknownBackend {
                name: b.clone(),
                suggestion: None,
                known: vec![backend_name.to_string()],
            });
        }
    }
    let seed = match args.seed.clone().or_else(|| var("CONFORMANCE_SEED")) {
        Some(s) if s == "random" => seed::draw_run_seed(),
        Some(s) => number("--seed", &s)?,
        None => 0,
    };
    let mut config = RunConfig::new(backend_name).seed(seed).jobs(1);
    if let Some(n) = args.max_examples.clone().or_else(|| var("PROPTEST_CASES")) {
        config.budget.max_examples = number("--max-examples", &n)?;
    }
    if let Some(t) = &args.timeout {
        let secs: f64 = number("--timeout", t)?;
        if !(secs > 0.0 && secs.is_finite()) {
            return Err(ConfigError::InvalidValue {
                flag: "--timeout",
                problem: format!("`{t}`: give a positive number of seconds"),
            });
        }
        config.timeout = Some(Duration::from_secs_f64(secs));
    }
    if args.no_shrink {
        config.budget.max_shrink_iters = 0;
    }
    config.replay = Replay::Command(replay_prefix.to_string());
    config.validate()?;
    Ok(config)
}

/// One libtest trial per check of `suite`, each running that check alone
/// (with its dependencies, unreported) on `backend`.
pub fn trials<B: BackendUnderTest>(
    suite: Arc<Suite<B>>,
    backend: Arc<B>,
    config: &RunConfig,
) -> Vec<Trial> {
    suite
        .checks()
        .iter()
        .map(|check| {
            let id = check.id.to_string();
            let mut one = config.clone();
            one.selection.filters = vec![id.clone()];
            let (suite, backend) = (Arc::clone(&suite), Arc::clone(&backend));
            let kind = check.tags.extension.clone().unwrap_or_default();
            Trial::ignorable_test(id.clone(), move || {
                let report = runner::run_backend(&suite, backend, &one, &mut |_| {})
                    .map_err(|e| Failed::from(e.to_string()))?;
                let mine = report
                    .checks
                    .into_iter()
                    .find(|c| c.id.as_str() == id)
                    .ok_or_else(|| Failed::from("the check was not run"))?;
                match mine.status {
                    Status::Passed => Ok(Completion::Completed),
                    Status::XPass { entry } if !one.strict_xfail => {
                        let _ = entry;
                        Ok(Completion::Completed)
                    }
                    Status::Skipped(reason) => Ok(Completion::ignored_with(reason)),
                    Status::XFail { entry, .. } => Ok(Completion::ignored_with(format!(
                        "expected failure ({entry})"
                    ))),
                    Status::Blocked { needs } => Err(Failed::from(format!(
                        "blocked: needs {needs}, which failed"
                    ))),
                    Status::XPass { entry } => {
                        Err(Failed::from(format!("listed in {entry} but passed")))
                    }
                    Status::Failed(f) => Err(Failed::from(format!(
                        "{}\nminimal counterexample:\n{}\nreplay: {}",
                        f.message,
                        f.counterexample.as_deref().unwrap_or("(none)"),
                        mine.replay
                    ))),
                }
            })
            .with_kind(kind)
        })
        .collect()
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
/// ([`cargo_test_replay_prefix`] makes one).
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
    let var = |name: &str| std::env::var(name).ok();
    let backend_name = backend.name().to_string();
    let parsed = split_args(std::env::args_os()).and_then(|args| {
        let config = harness_config(&args, &backend_name, replay_prefix, &var)?;
        Ok((args, config))
    });
    let (args, mut config) = match parsed {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let libtest = Arguments::from_iter(args.libtest);
    let suite = Arc::new(suite);
    let mut tests = trials(Arc::clone(&suite), Arc::new(backend), &config);
    if let Some(filter) = args.filter {
        config.selection.filters = vec![filter.clone()];
        tests.retain(|t| t.name() == filter || t.name().starts_with(&format!("{filter}::")));
    }
    if !libtest.list {
        println!(
            "conformance: backend {backend_name}, seed {}, {} examples per check",
            config.seed.unwrap_or(0),
            config.budget.max_examples
        );
    }
    libtest_mimic::run(&libtest, tests).exit_code()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn engine_flags_are_taken_and_the_rest_left_to_libtest() {
        let a = split_args(os(&[
            "prog",
            "--seed",
            "7",
            "--max-examples=500",
            "--nocapture",
            "elementwise::sqrt",
            "--exact",
            "--no-shrink",
        ]))
        .unwrap();
        assert_eq!(a.seed.as_deref(), Some("7"));
        assert_eq!(a.max_examples.as_deref(), Some("500"));
        assert!(a.no_shrink);
        assert_eq!(
            a.libtest,
            os(&["prog", "--nocapture", "elementwise::sqrt", "--exact"])
        );
        assert!(split_args(os(&["prog", "--seed"])).is_err());
    }

    #[test]
    fn config_defaults_to_a_fixed_seed_and_reads_the_environment() {
        let none = |_: &str| None;
        let c = harness_config(&HarnessArgs::default(), "mine", "cargo test --", &none).unwrap();
        assert_eq!(c.seed, Some(0));
        assert_eq!(c.replay, Replay::Command("cargo test --".into()));
        let env = |k: &str| (k == "CONFORMANCE_SEED").then(|| "9".to_string());
        assert_eq!(
            harness_config(&HarnessArgs::default(), "mine", "p", &env)
                .unwrap()
                .seed,
            Some(9)
        );
        let bad = HarnessArgs {
            max_examples: Some("0".into()),
            ..Default::default()
        };
        assert!(harness_config(&bad, "mine", "p", &none).is_err());
        let other = HarnessArgs {
            backend: Some("theirs".into()),
            ..Default::default()
        };
        assert!(harness_config(&other, "mine", "p", &none).is_err());
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
