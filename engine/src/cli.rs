//! The command line every host gets: [`Args`] only parses; [`build_config`]
//! turns the parsed flags (and `PROPTEST_CASES`) into one validated
//! [`RunConfig`]; [`run_command`] runs it and writes to the writers it is
//! given. Exit codes: 0 no failure, 1 a failure, 2 bad usage or
//! configuration (nothing run), 130 and 143 a run stopped by SIGINT or
//! SIGTERM ([`main`] turns both signals into the run's [`Interrupt`]).
//!
//! Everything that can be checked before a check runs is: the flags, the
//! skips and xfails files, the backend, the selection (a selection that
//! leaves nothing to run is exit 2) and the `--output` path, which is
//! opened before the run and written after it.
//!
//! The host says who the command is with a [`Program`]: its name, version
//! and about text (for `--help` and `--version`), how replay commands start,
//! and its [`TagFlag`]s, which become switches of the command.
//!
//! ```no_run
//! # use conformance_engine::*;
//! # struct B;
//! # impl BackendUnderTest for B {
//! #     fn name(&self) -> &str { "b" }
//! #     fn implements(&self, _: &str) -> bool { true }
//! # }
//! # fn suite() -> Suite<B> { Suite::new("s") }
//! # fn registry() -> BackendRegistry<B> { BackendRegistry::new() }
//! use conformance_engine::cli::{self, Program};
//!
//! fn main() -> std::process::ExitCode {
//!     let program = Program::new("conformance", env!("CARGO_PKG_VERSION"), "Checks a backend.")
//!         .replay_prefix("cargo run --release --")
//!         .tag_flag(TagFlag {
//!             tag: "data-dependent-shape",
//!             flag: "disable-data-dependent-shapes",
//!             help: "Skip checks of functions whose output shape depends on the values",
//!         });
//!     cli::main(&program, &suite(), &registry())
//! }
//! ```

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, ValueEnum};
use serde::Serialize;

use crate::check::{Check, Suite, TagFlag};
use crate::config::{read_list, Interrupt, Partition, Replay, RunConfig, Selection};
use crate::error::ConfigError;
use crate::isolate::{serve_child, ChildCommand, CHILD_FLAG};
use crate::property::ExampleBudget;
use crate::registry::{BackendRegistry, BackendUnderTest};
use crate::report::human::HumanReporter;
use crate::report::{json, junit};
use crate::runner::{self, Event};
use crate::skip_list::ListKind;

/// Exit code: no check failed.
pub const EXIT_OK: i32 = 0;
/// Exit code: at least one check failed (or XPASS under --strict-xfail).
pub const EXIT_FAILED: i32 = 1;
/// Exit code: bad usage or configuration, or a selection that leaves
/// nothing to run; nothing was run.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: SIGINT (Ctrl-C) stopped the run (128 + 2).
pub const EXIT_SIGINT: i32 = 130;
/// Exit code: SIGTERM stopped the run (128 + 15).
pub const EXIT_SIGTERM: i32 = 143;

/// What `--help` ends with: examples, whose commands start with `prefix`
/// (the program's replay prefix), and the exit codes.
fn after_help(prefix: &str) -> String {
    let examples = [
        ("the registered backends", "--list-backends"),
        ("the checks --ci runs, as JSON", "--list --ci --format json"),
        (
            "every check on backend NAME, with a fixed seed",
            "--backend NAME --seed 1",
        ),
        (
            "one check again, as a failure's replay line does",
            "--backend NAME --seed 1 -k GROUP::FUNCTION",
        ),
        (
            "slice 1 of 2 of a CI matrix, as JUnit",
            "--backend NAME --ci --partition 1/2 --format junit --output junit.xml",
        ),
    ];
    let mut text = String::from("Examples:\n");
    for (what, args) in examples {
        text.push_str(&format!("  # {what}\n  {prefix} {args}\n"));
    }
    text.push_str(
        "\nExit codes:
  0    no check failed
  1    a check failed or was blocked by a failed dependency (or an XPASS under --strict-xfail)
  2    bad usage or configuration, or nothing selected to run; nothing was run
  130  interrupted by SIGINT (Ctrl-C), 143 by SIGTERM: the checks that finished are
       reported, the others are SKIPPED, and the report says \"interrupted\"",
    );
    text
}

/// Who the command is, as the host declares it: what `--help` and
/// `--version` say, how replay commands start, and the host's tag flags.
/// Passed to [`main`] and [`run_command`]; [`Args`] only parses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// The command's name, as `--version` prints it (`conformance 0.1.0`).
    pub name: &'static str,
    /// Its version, usually `env!("CARGO_PKG_VERSION")` of the host.
    pub version: &'static str,
    /// The line `--help` starts with.
    pub about: &'static str,
    /// How a replay command starts: the replay line is `{replay_prefix}
    /// --backend B --seed S --max-examples N -k ID` (see
    /// [`Replay::Command`]). It must run the same binary: `cargo run
    /// --release --` for a host run from its repository, the binary's
    /// name for an installed one.
    pub replay_prefix: String,
    /// Flags that skip the checks carrying a tag, added to the command as
    /// switches `--{flag}`.
    pub tag_flags: Vec<TagFlag>,
}

impl Program {
    /// A program called `name` whose replay commands start with `name`
    /// (the binary on the `PATH`), with no tag flag.
    pub fn new(name: &'static str, version: &'static str, about: &'static str) -> Program {
        Program {
            name,
            version,
            about,
            replay_prefix: name.to_string(),
            tag_flags: Vec::new(),
        }
    }

    /// Sets how replay commands start (`cargo run --release --`).
    pub fn replay_prefix(mut self, prefix: impl Into<String>) -> Program {
        self.replay_prefix = prefix.into();
        self
    }

    /// Adds a flag that skips the checks carrying a tag.
    pub fn tag_flag(mut self, flag: TagFlag) -> Program {
        self.tag_flags.push(flag);
        self
    }

    /// The clap command: [`Args`]'s flags, this program's name, version
    /// and about text, its tag flags, and examples (starting with the
    /// replay prefix) and the exit codes after the help.
    /// Panics when a tag flag is malformed or takes the name of another
    /// flag: a bug in the host, not bad input.
    pub fn command(&self) -> clap::Command {
        // Every other place of the help is left free, so that the tag flags
        // are listed beside `--disable-extension`.
        let mut command = Args::command()
            .name(self.name)
            .version(self.version)
            .about(self.about)
            .long_about(None)
            .after_help(after_help(&self.replay_prefix))
            .mut_args(|a| {
                let order = a.get_display_order();
                a.display_order(order * 2)
            });
        let tag_flag_order = command
            .get_arguments()
            .find(|a| a.get_id() == "disable_extension")
            .map(|a| a.get_display_order() + 1);
        for tag_flag in &self.tag_flags {
            let flag = tag_flag.flag;
            assert!(
                !flag.is_empty()
                    && !flag.starts_with('-')
                    && !flag.contains(|c: char| c.is_whitespace() || c == '='),
                "tag flag {flag:?} of tag {:?}: give the long flag's name without `--`",
                tag_flag.tag
            );
            let taken = ["help", "version"].contains(&flag)
                || command
                    .get_arguments()
                    .any(|a| a.get_long() == Some(flag) || a.get_id() == flag);
            assert!(!taken, "tag flag --{flag} is already a flag of the command");
            let mut arg = Arg::new(flag)
                .long(flag)
                .action(ArgAction::SetTrue)
                .help(tag_flag.help);
            if let Some(order) = tag_flag_order {
                arg = arg.display_order(order);
            }
            command = command.arg(arg);
        }
        command
    }

    /// Parses `argv` (program name first) with [`Program::command`]:
    /// [`Args`], with [`Args::disabled_tags`] set from the tag flags given.
    pub fn parse(&self, argv: impl IntoIterator<Item = OsString>) -> Result<Args, clap::Error> {
        let mut command = self.command();
        let matches = command.try_get_matches_from_mut(argv)?;
        let mut args = Args::from_arg_matches(&matches).map_err(|e| e.format(&mut command))?;
        args.disabled_tags = self
            .tag_flags
            .iter()
            .filter(|f| matches.get_flag(f.flag))
            .map(|f| f.tag.to_string())
            .collect();
        Ok(args)
    }
}

// The variants' docs are for rustdoc only: clap would make each the help
// of its possible value, and a possible value with help switches `--help`
// to the long layout, so `help = None::<&str>` takes it back.

/// The report format `--format` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// The human report: one line per check, then the summary with each
    /// failure's counterexample and replay command.
    #[value(help = None::<&str>)]
    Human,
    /// One JSON document ([`json`]).
    #[value(help = None::<&str>)]
    Json,
    /// JUnit XML ([`junit`]).
    #[value(help = None::<&str>)]
    Junit,
}

/// Whether the human report is coloured (`--color`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when the session is interactive ([`CommandIo::interactive`])
    /// and `NO_COLOR` is unset.
    #[value(help = None::<&str>)]
    Auto,
    /// Always colour.
    #[value(help = None::<&str>)]
    Always,
    /// Never colour.
    #[value(help = None::<&str>)]
    Never,
}

/// Runs a host's published conformance checks against one backend.
///
/// The flags every host's command has; [`Program::parse`] adds the host's
/// name, version, about text and tag flags.
#[derive(Debug, Parser)]
#[command(long_about = None, max_term_width = 100)]
pub struct Args {
    /// The backend to check, by name or alias.
    #[arg(long, env = "CONFORMANCE_BACKEND", value_name = "NAME")]
    pub backend: Option<String>,
    /// Examples per check [default: 100, or PROPTEST_CASES when set].
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_examples: Option<u32>,
    /// Run seed (0 to 2^64-1); the same seed gives the same report. Drawn and printed when absent.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = parse_seed)]
    pub seed: Option<u64>,
    /// Skips file [default: skips.txt in the working directory, when present].
    #[arg(long, value_name = "PATH")]
    pub skips_file: Option<PathBuf>,
    /// Expected-failures file [default: xfails.txt in the working directory, when present].
    #[arg(long, value_name = "PATH")]
    pub xfails_file: Option<PathBuf>,
    /// Run the primary and special-case checks only.
    #[arg(long)]
    pub ci: bool,
    /// Skip every check of this extension (repeatable).
    #[arg(long, value_name = "NAME")]
    pub disable_extension: Vec<String>,
    /// The tags of the host's tag flags given ([`Program::tag_flags`]);
    /// set by [`Program::parse`], not by clap.
    #[arg(skip)]
    pub disabled_tags: Vec<String>,
    /// Run only checks matching ENTRY: a check id, a function name or `group::` (repeatable; not empty).
    #[arg(short = 'k', long = "filter", value_name = "ENTRY")]
    pub filter: Vec<String>,
    /// Run only the checks of these functions (comma-separated).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub functions: Vec<String>,
    /// List the checks that would run (honouring the selection, --ci and the skips file; --format json for a JSON array), and exit.
    #[arg(long)]
    pub list: bool,
    /// List the registered backends, and exit.
    #[arg(long)]
    pub list_backends: bool,
    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = clap::value_parser!(u64).range(1..1025))]
    pub jobs: Option<u64>,
    /// Fail a check that runs longer than SECS seconds.
    #[arg(long, value_name = "SECS", default_value = "300", allow_negative_numbers = true, value_parser = parse_timeout)]
    pub timeout: Duration,
    /// Print a SLOW line for a check still running after SECS seconds, and again every SECS seconds.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_timeout)]
    pub slow_timeout: Duration,
    /// Report the first failing input without shrinking it.
    #[arg(long)]
    pub no_shrink: bool,
    /// Stop starting checks after the first failure.
    #[arg(long)]
    pub fail_fast: bool,
    /// Run each check in a child process, so an abort or a stack overflow fails one check, not the run.
    #[arg(long)]
    pub isolate: bool,
    /// Count an XPASS (an expected failure that passed) as a failure.
    #[arg(long)]
    pub strict_xfail: bool,
    /// Run only slice K of N of the suite (for a CI matrix).
    #[arg(long, value_name = "K/N", value_parser = parse_partition)]
    pub partition: Option<Partition>,
    /// Report format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: FormatArg,
    /// Write the report (or the --list) here instead of standard output (the human lines still go to standard output); checked before the run.
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Colour in the human report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
}

/// The longest `--timeout`, in seconds (about 31 years): a hang is
/// abandoned some time, and the deadline arithmetic stays far from
/// overflowing.
const MAX_TIMEOUT_SECS: f64 = 1e9;

fn parse_timeout(text: &str) -> Result<Duration, String> {
    let range = format!(
        "give a number of seconds greater than 0 and less than {MAX_TIMEOUT_SECS:.0} (about 31 years), such as 300 or 0.5"
    );
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds; {range}"))?;
    if !(secs > 0.0 && secs < MAX_TIMEOUT_SECS) {
        let why = if secs.is_nan() {
            "is not a number".to_string()
        } else if secs <= 0.0 {
            "is not greater than 0".to_string()
        } else {
            format!("is not less than the limit of {MAX_TIMEOUT_SECS:.0} seconds")
        };
        return Err(format!("`{text}` {why}; {range}"));
    }
    Ok(Duration::from_secs_f64(secs))
}

fn parse_seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "`{text}` is not a seed: --seed needs a whole number from 0 to {} (2^64-1)",
            u64::MAX
        )
    })
}

fn parse_partition(text: &str) -> Result<Partition, String> {
    text.parse::<Partition>().map_err(|e| e.to_string())
}

/// What the command line needs from its surroundings: injected so tests
/// capture everything.
pub struct CommandIo<'a> {
    /// Where the results go (the human lines, or the JSON or JUnit document
    /// when there is no `--output`), and `--help`, `--list` and
    /// `--list-backends`.
    pub stdout: &'a mut dyn Write,
    /// Where errors and usage messages go, and the opening `running N
    /// checks` line when standard output carries a JSON or JUnit document.
    pub stderr: &'a mut dyn Write,
    /// Whether stderr is a terminal (a progress bar is drawn there).
    pub interactive: bool,
    /// Environment lookup (`PROPTEST_CASES`).
    pub var: &'a dyn Fn(&str) -> Option<String>,
    /// How `--isolate` starts a child (the host's binary); `None` where the
    /// command runs inside another program, and `--isolate` is an error.
    pub isolate_with: Option<ChildCommand>,
    /// Stops the run when raised (SIGINT and SIGTERM in [`main`]); the
    /// command then writes the report of what finished, marked interrupted,
    /// and returns `128 +` the signal. `None`: nothing interrupts the run.
    pub interrupt: Option<Interrupt>,
}

/// Builds the run's configuration from the parsed flags; `program` gives
/// the replay prefix and the tag flags.
pub fn build_config(
    args: &Args,
    program: &Program,
    io: &CommandIo<'_>,
) -> Result<RunConfig, ConfigError> {
    let var = io.var;
    let isolate = match (args.isolate, &io.isolate_with) {
        (false, _) => None,
        (true, Some(command)) => Some(command.clone()),
        (true, None) => return Err(ConfigError::IsolationUnavailable),
    };
    let max_examples = match args.max_examples {
        Some(n) => n,
        None => match var("PROPTEST_CASES") {
            Some(text) => text.trim().parse::<u32>().ok().filter(|&n| n > 0).ok_or_else(|| {
                ConfigError::InvalidValue {
                    flag: "PROPTEST_CASES",
                    problem: format!(
                        "`{text}` is not a whole number of at least 1; unset it or pass --max-examples"
                    ),
                }
            })?,
            None => ExampleBudget::default().max_examples,
        },
    };
    let mut budget = ExampleBudget {
        max_examples,
        ..ExampleBudget::default()
    };
    if args.no_shrink {
        budget.max_shrink_iters = 0;
    }
    let config = RunConfig {
        backend: args.backend.clone().unwrap_or_default(),
        seed: args.seed,
        budget,
        selection: Selection {
            filters: args.filter.clone(),
            functions: args.functions.clone(),
            ci: args.ci,
            disabled_extensions: args.disable_extension.clone(),
            disabled_tags: args.disabled_tags.clone(),
            tag_flags: program.tag_flags.clone(),
            partition: args.partition,
        },
        skips: read_list(args.skips_file.clone(), "skips.txt", ListKind::Skips)?,
        xfails: read_list(args.xfails_file.clone(), "xfails.txt", ListKind::Xfails)?,
        jobs: args.jobs.map(|j| j as usize),
        timeout: Some(args.timeout),
        slow_timeout: Some(args.slow_timeout),
        fail_fast: args.fail_fast,
        strict_xfail: args.strict_xfail,
        isolate,
        replay: Replay::Command(program.replay_prefix.clone()),
        interrupt: io.interrupt.clone(),
    };
    config.validate()?;
    Ok(config)
}

/// The whole command: parse, configure, run, report. Returns the exit code.
pub fn run_command<B: BackendUnderTest>(
    argv: impl IntoIterator<Item = OsString>,
    program: &Program,
    suite: &Suite<B>,
    registry: &BackendRegistry<B>,
    io: &mut CommandIo<'_>,
) -> i32 {
    let args = match program.parse(argv) {
        Ok(args) => args,
        Err(e) => {
            let code = e.exit_code();
            let text = e.render().to_string();
            let out: &mut dyn Write = if code == 0 { io.stdout } else { io.stderr };
            let _ = write!(out, "{text}");
            return if code == 0 { EXIT_OK } else { EXIT_USAGE };
        }
    };
    match run_parsed(&args, program, suite, registry, io) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(io.stderr, "error: {e}");
            EXIT_USAGE
        }
    }
}

fn run_parsed<B: BackendUnderTest>(
    args: &Args,
    program: &Program,
    suite: &Suite<B>,
    registry: &BackendRegistry<B>,
    io: &mut CommandIo<'_>,
) -> Result<i32, ConfigError> {
    if args.list_backends {
        for e in registry.entries() {
            let aliases = if e.aliases.is_empty() {
                String::new()
            } else {
                format!(" (aliases: {})", e.aliases.join(", "))
            };
            let _ = writeln!(io.stdout, "{}{aliases}: {}", e.name, e.description);
        }
        return Ok(EXIT_OK);
    }
    let config = build_config(args, program, io)?;
    if args.list {
        return list(args, suite, &config, io);
    }
    if args.backend.as_deref().unwrap_or("").is_empty() {
        return Err(ConfigError::NoBackend {
            known: registry.names(),
        });
    }
    // Everything that can be refused is refused before a check runs: the
    // backend, the selection, then the output file.
    registry.resolve(&config.backend)?;
    let plan = runner::plan_for_listing(suite, &config)?;
    if plan.runnable_positions().is_empty() {
        return Err(nothing_to_run(&config, &plan));
    }
    let output = args.output.as_deref().map(OutputFile::open).transpose()?;
    // Printed before the run, and so left out of the summary after it.
    let early_warnings = plan.warnings;
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => io.interactive && (io.var)("NO_COLOR").is_none(),
    };
    let human = HumanReporter {
        color,
        verbose: false,
    };
    let human_on_stdout = args.format == FormatArg::Human || args.output.is_some();
    let progress = (io.interactive).then(indicatif::ProgressBar::hidden);
    let stdout = &mut *io.stdout;
    let stderr = &mut *io.stderr;
    let seed_given = config.seed.is_some();
    let mut on_event = |event: Event<'_>| match event {
        Event::Started { seed, total } => {
            let text = human.started_line(total, seed, !seed_given);
            let out: &mut dyn Write = if human_on_stdout { stdout } else { stderr };
            let _ = writeln!(out, "{text}");
            for warning in &early_warnings {
                let _ = writeln!(out, "warning: {warning}");
            }
            if let Some(bar) = &progress {
                bar.set_length(total as u64);
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
        }
        Event::Slow { id, running_for } => {
            let line = human.slow_line(id, running_for);
            let out: &mut dyn Write = if human_on_stdout { stdout } else { stderr };
            match &progress {
                Some(bar) => bar.suspend(|| {
                    let _ = writeln!(out, "{line}");
                }),
                None => {
                    let _ = writeln!(out, "{line}");
                }
            }
        }
        Event::Progress { done, .. } => {
            if let Some(bar) = &progress {
                bar.set_position(done as u64);
            }
        }
        Event::Finished(report) => {
            if human_on_stdout {
                let line = human.check_line(report);
                match &progress {
                    Some(bar) => bar.suspend(|| {
                        let _ = writeln!(stdout, "{line}");
                    }),
                    None => {
                        let _ = writeln!(stdout, "{line}");
                    }
                }
            }
        }
    };
    let report = match runner::run_suite(suite, registry, &config, &mut on_event) {
        Ok(report) => report,
        Err(e) => {
            if let Some(output) = output {
                output.discard();
            }
            return Err(e);
        }
    };
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if human_on_stdout {
        let mut shown = report.clone();
        shown.warnings.retain(|w| !early_warnings.contains(w));
        let _ = human.write_summary(io.stdout, &shown);
    }
    let interrupted_by = report
        .interrupted
        .then(|| config.interrupt.as_ref().and_then(Interrupt::signal))
        .map(|signal| signal.unwrap_or(2));
    if let Some(signal) = interrupted_by.filter(|_| !human_on_stdout) {
        let _ = writeln!(
            io.stderr,
            "interrupted by {}: the checks that finished are reported, the others are SKIPPED",
            signal_name(signal)
        );
    }
    let write_doc = |out: &mut dyn Write| -> std::io::Result<()> {
        match args.format {
            FormatArg::Human => human.write_summary(out, &report),
            FormatArg::Json => json::write_json(out, &report),
            FormatArg::Junit => junit::write_junit(out, &report),
        }
    };
    match output {
        Some(output) => {
            if let Err(code) = output.write_or_say(io.stderr, write_doc) {
                return Ok(code);
            }
        }
        None if !human_on_stdout => {
            let _ = write_doc(io.stdout);
        }
        None => {}
    }
    Ok(match interrupted_by {
        Some(signal) => 128 + signal,
        None if report.is_failure() => EXIT_FAILED,
        None => EXIT_OK,
    })
}

/// `SIGINT` for 2, `SIGTERM` for 15, `signal N` for another.
fn signal_name(signal: i32) -> String {
    match signal {
        2 => "SIGINT".to_string(),
        15 => "SIGTERM".to_string(),
        n => format!("signal {n}"),
    }
}

/// `--list`: the checks the run would run (the selection, less what the
/// configuration skips), as lines or as a JSON array, on stdout or in the
/// `--output` file.
fn list<B>(
    args: &Args,
    suite: &Suite<B>,
    config: &RunConfig,
    io: &mut CommandIo<'_>,
) -> Result<i32, ConfigError> {
    if args.format == FormatArg::Junit {
        return Err(ConfigError::InvalidValue {
            flag: "--format",
            problem:
                "--list writes lines (human) or a JSON array (json); JUnit has no form for a list"
                    .into(),
        });
    }
    let plan = runner::plan_for_listing(suite, config)?;
    let checks: Vec<&Check<B>> = plan
        .runnable_positions()
        .into_iter()
        .map(|i| &suite.checks()[i])
        .collect();
    let output = args.output.as_deref().map(OutputFile::open).transpose()?;
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        match args.format {
            FormatArg::Json => {
                let rows: Vec<ListedCheck<'_>> =
                    checks.iter().map(|c| ListedCheck::new(c)).collect();
                serde_json::to_writer_pretty(&mut *out, &rows)?;
                writeln!(out)
            }
            _ => {
                let rows: Vec<_> = checks
                    .iter()
                    .map(|c| (&c.id, c.function.as_str(), &c.tags))
                    .collect();
                HumanReporter::new(false, false).write_list(out, &rows)
            }
        }
    };
    match output {
        Some(output) => Ok(output
            .write_or_say(io.stderr, write)
            .err()
            .unwrap_or(EXIT_OK)),
        None => {
            let _ = write(io.stdout);
            Ok(EXIT_OK)
        }
    }
}

/// One check of `--list --format json`.
#[derive(Serialize)]
struct ListedCheck<'a> {
    id: &'a str,
    function: &'a str,
    group: &'a str,
    extension: Option<&'a str>,
    tags: &'a [String],
    tier: &'static str,
}

impl<'a> ListedCheck<'a> {
    fn new<B>(check: &'a Check<B>) -> Self {
        ListedCheck {
            id: check.id.as_str(),
            function: &check.function,
            group: check.id.group(),
            extension: check.tags.extension.as_deref(),
            tags: &check.tags.labels,
            tier: check.tags.tier.name(),
        }
    }
}

/// The error of a run that would check nothing: what selected no check, or
/// what skips every selected one.
fn nothing_to_run(config: &RunConfig, plan: &runner::Plan) -> ConfigError {
    let sel = &config.selection;
    let mut by: Vec<String> = sel.filters.iter().map(|f| format!("-k {f}")).collect();
    if !sel.functions.is_empty() {
        by.push(format!("--functions {}", sel.functions.join(",")));
    }
    if let Some(p) = sel.partition {
        by.push(format!("--partition {}/{}", p.index, p.count));
    }
    let selected = plan.reported_positions().len();
    let reason = if selected == 0 {
        match by.len() {
            0 => "the suite has no check".to_string(),
            1 => format!("{} selects no check", by[0]),
            _ => format!("{} select no check together", and_list(&by)),
        }
    } else {
        let mut skippers = Vec::new();
        if sel.ci {
            skippers.push("--ci".to_string());
        }
        for e in &sel.disabled_extensions {
            skippers.push(format!("--disable-extension {e}"));
        }
        for t in &sel.disabled_tags {
            skippers.push(match sel.tag_flags.iter().find(|f| f.tag == t) {
                Some(flag) => format!("--{}", flag.flag),
                None => format!("the disabled tag {t}"),
            });
        }
        if let Some(skips) = &config.skips {
            skippers.push(format!("the skips file {}", skips.path().display()));
        }
        let checks = if selected == 1 {
            "1 check".to_string()
        } else {
            format!("{selected} checks")
        };
        let whose = if by.is_empty() {
            format!("the suite's {checks}")
        } else {
            format!("the {checks} selected by {}", and_list(&by))
        };
        format!(
            "{whose} {} skipped by {}",
            if selected == 1 { "is" } else { "are all" },
            and_list(&skippers)
        )
    };
    ConfigError::NothingToRun { reason }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The `--output` file, opened before anything runs, so that a path that
/// cannot be written is exit 2 at once rather than after the whole run; its
/// content is replaced only when the report is written.
struct OutputFile {
    path: PathBuf,
    file: File,
    /// Whether this run created the file (and so removes it when it writes
    /// nothing).
    created: bool,
}

impl OutputFile {
    /// Checks `path` and opens it for writing, without truncating it yet.
    fn open(path: &Path) -> Result<OutputFile, ConfigError> {
        let bad = |problem: String| ConfigError::InvalidValue {
            flag: "--output",
            problem,
        };
        let shown = path.display();
        let text = path.as_os_str().to_string_lossy();
        if text.is_empty() {
            return Err(bad(
                "the path is empty; give the report's file, such as --output report.json".into(),
            ));
        }
        if path.is_dir() {
            return Err(bad(format!(
                "{shown} is a directory; give a file path, such as --output {}",
                path.join("report.json").display()
            )));
        }
        if text.ends_with(std::path::MAIN_SEPARATOR) || text.ends_with('/') {
            return Err(bad(format!(
                "{shown} ends with a separator, so it names a directory; give a file path, such as --output {}",
                path.join("report.json").display()
            )));
        }
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !parent.exists() {
            return Err(bad(format!(
                "cannot create {shown}: the directory {} does not exist; create it first (mkdir -p {}) or give a path in an existing directory",
                parent.display(),
                parent.display()
            )));
        }
        if !parent.is_dir() {
            return Err(bad(format!(
                "cannot create {shown}: {} is not a directory; give a path in a directory",
                parent.display()
            )));
        }
        let created = !path.exists();
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| {
                bad(format!(
                    "cannot open {shown} for writing ({e}); give a path you can write"
                ))
            })?;
        Ok(OutputFile {
            path: path.to_path_buf(),
            file,
            created,
        })
    }

    /// Replaces the file's content with what `write` writes; a failure is
    /// said on `stderr` and is `Err(EXIT_USAGE)`.
    fn write_or_say(
        mut self,
        stderr: &mut dyn Write,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), i32> {
        // Only a regular file has a length to cut (not /dev/stdout, a pipe).
        let is_file = self.file.metadata().is_ok_and(|m| m.is_file());
        let written = (if is_file {
            self.file.set_len(0)
        } else {
            Ok(())
        })
        .and_then(|()| {
            let mut out = BufWriter::new(&mut self.file);
            write(&mut out)?;
            out.flush()
        });
        written.map_err(|e| {
            // The results are on stdout already; say the file failed.
            let _ = writeln!(
                stderr,
                "error: cannot write the report to {}: {e}",
                self.path.display()
            );
            EXIT_USAGE
        })
    }

    /// Removes the file when this run created it, for a run that ends
    /// without a report.
    fn discard(self) {
        if self.created {
            drop(self.file);
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// `main` for a host's binary: the process's arguments, stdout and stderr;
/// started with [`CHILD_FLAG`], it serves one check to an `--isolate` run.
///
/// SIGINT and SIGTERM raise the run's [`Interrupt`] (on Unix): no check
/// starts after it, a running check is abandoned (an `--isolate` child is
/// killed), the report of what finished is written, marked interrupted, and
/// the exit code is 130 or 143. A second signal ends the process at once.
pub fn main<B: BackendUnderTest>(
    program: &Program,
    suite: &Suite<B>,
    registry: &BackendRegistry<B>,
) -> ExitCode {
    if std::env::args_os().nth(1).is_some_and(|a| a == CHILD_FLAG) {
        let out = Arc::new(Mutex::new(std::io::stdout()));
        let code = serve_child(
            suite,
            registry,
            &mut std::io::stdin(),
            out,
            &mut std::io::stderr(),
        );
        return ExitCode::from(code as u8);
    }
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let interactive = stderr.is_terminal();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let var = |name: &str| std::env::var(name).ok();
    let interrupt = Interrupt::new();
    signals::install(&interrupt);
    let mut io = CommandIo {
        stdout: &mut out,
        stderr: &mut err,
        interactive,
        var: &var,
        isolate_with: ChildCommand::current_exe().ok(),
        interrupt: Some(interrupt),
    };
    let code = run_command(std::env::args_os(), program, suite, registry, &mut io);
    let _ = io.stdout.flush();
    ExitCode::from(code as u8)
}

/// SIGINT and SIGTERM as the run's [`Interrupt`], through `libc` directly:
/// the handler does one atomic store (async-signal-safe), and the runner
/// polls the flag.
#[cfg(unix)]
mod signals {
    use std::sync::atomic::{AtomicI32, AtomicPtr, Ordering};
    use std::sync::Arc;

    use crate::config::Interrupt;

    /// The flag the handler raises: a clone of the [`Interrupt`]'s `Arc`
    /// that is never released, so it lives as long as the process.
    static TARGET: AtomicPtr<AtomicI32> = AtomicPtr::new(std::ptr::null_mut());

    extern "C" fn on_signal(signal: libc::c_int) {
        let target = TARGET.load(Ordering::SeqCst);
        if target.is_null() {
            return;
        }
        // SAFETY: TARGET only holds pointers from `Arc::into_raw` that are
        // never released.
        let flag = unsafe { &*target };
        if flag
            .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            // A second signal: whoever sent it does not want to wait for the
            // report. SAFETY: `_exit` is async-signal-safe.
            unsafe { libc::_exit(128 + signal) }
        }
    }

    /// Makes SIGINT and SIGTERM raise `interrupt`, except a signal the
    /// process was started ignoring (`nohup`, a background job), which
    /// stays ignored.
    pub(super) fn install(interrupt: &Interrupt) {
        let raw = Arc::into_raw(Arc::clone(&interrupt.0)).cast_mut();
        TARGET.store(raw, Ordering::SeqCst);
        for signal in [libc::SIGINT, libc::SIGTERM] {
            // SAFETY: plain sigaction calls on zero-initialised structs, the
            // handler an `extern "C" fn(c_int)` as `sa_sigaction` expects
            // without SA_SIGINFO.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut old) != 0
                    || old.sa_sigaction == libc::SIG_IGN
                {
                    continue;
                }
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                action.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }
}

/// No signals to handle off Unix: the run goes to its end.
#[cfg(not(unix))]
mod signals {
    use crate::config::Interrupt;

    pub(super) fn install(_: &Interrupt) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLOW: TagFlag = TagFlag {
        tag: "slow",
        flag: "skip-slow",
        help: "Skip the slow checks",
    };
    const HUGE: TagFlag = TagFlag {
        tag: "huge",
        flag: "skip-huge",
        help: "Skip the checks on huge inputs",
    };

    fn argv(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_program_replays_with_its_own_name_unless_told() {
        let p = Program::new("mine", "1.2.3", "Checks mine.");
        assert_eq!(p.replay_prefix, "mine");
        assert!(p.tag_flags.is_empty());
        let p = p.replay_prefix("cargo run --release --").tag_flag(SLOW);
        assert_eq!(p.replay_prefix, "cargo run --release --");
        assert_eq!(p.tag_flags, [SLOW]);
    }

    #[test]
    fn tag_flags_parse_into_disabled_tags_in_declaration_order() {
        let p = Program::new("mine", "1.2.3", "Checks mine.")
            .tag_flag(SLOW)
            .tag_flag(HUGE);
        let args = p
            .parse(argv(&["mine", "--skip-huge", "--ci", "--skip-slow"]))
            .unwrap();
        assert_eq!(args.disabled_tags, ["slow", "huge"]);
        assert!(args.ci);
        assert!(p.parse(argv(&["mine"])).unwrap().disabled_tags.is_empty());
        // Another host's flag is not this one's.
        let err = Program::new("other", "0", "")
            .parse(argv(&["other", "--skip-slow"]))
            .unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn the_program_sets_the_configuration_s_replay_and_tag_flags() {
        let p = Program::new("mine", "1.2.3", "").tag_flag(SLOW);
        let args = p.parse(argv(&["mine", "--skip-slow"])).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let io = CommandIo {
            stdout: &mut out,
            stderr: &mut err,
            interactive: false,
            var: &|_| None,
            isolate_with: None,
            interrupt: None,
        };
        let config = build_config(&args, &p, &io).unwrap();
        assert_eq!(config.replay, Replay::Command("mine".into()));
        assert_eq!(config.selection.disabled_tags, ["slow"]);
        assert_eq!(config.selection.tag_flags, [SLOW]);
    }

    #[test]
    #[should_panic(expected = "tag flag --ci is already a flag of the command")]
    fn a_tag_flag_may_not_take_an_engine_flag_s_name() {
        let _ = Program::new("mine", "0", "")
            .tag_flag(TagFlag {
                tag: "x",
                flag: "ci",
                help: "",
            })
            .command();
    }

    #[test]
    #[should_panic(expected = "without `--`")]
    fn a_tag_flag_is_named_without_its_dashes() {
        let _ = Program::new("mine", "0", "")
            .tag_flag(TagFlag {
                tag: "x",
                flag: "--skip-x",
                help: "",
            })
            .command();
    }
}
