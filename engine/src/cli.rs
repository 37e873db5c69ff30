//! The command line every host gets: [`Args`] only parses; [`build_config`]
//! turns the parsed flags (and `PROPTEST_CASES`) into one validated
//! [`RunConfig`]; [`run_command`] runs it and writes to the writers it is
//! given. Exit codes: 0 no failure, 1 a failure, 2 bad usage or
//! configuration.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::{Parser, ValueEnum};

use crate::check::Suite;
use crate::config::{read_list, Partition, RunConfig, Selection};
use crate::error::ConfigError;
use crate::isolate::{serve_child, ChildCommand, CHILD_FLAG};
use crate::property::ExampleBudget;
use crate::registry::{BackendRegistry, BackendUnderTest};
use crate::report::human::HumanReporter;
use crate::report::{json, junit};
use crate::runner::{self, Event};
use crate::selection::ListKind;

/// Exit code: no check failed.
pub const EXIT_OK: i32 = 0;
/// Exit code: at least one check failed (or XPASS under --strict-xfail).
pub const EXIT_FAILED: i32 = 1;
/// Exit code: bad usage or configuration; nothing was run.
pub const EXIT_USAGE: i32 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Junit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Runs a host's published conformance checks against one backend.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None, max_term_width = 100)]
pub struct Args {
    /// The backend to check, by name or alias.
    #[arg(long, env = "CONFORMANCE_BACKEND", value_name = "NAME")]
    pub backend: Option<String>,
    /// Examples per check [default: 100, or PROPTEST_CASES when set].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_examples: Option<u32>,
    /// Run seed; the same seed gives the same report. Drawn and printed when absent.
    #[arg(long, value_name = "N")]
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
    /// Skip checks of functions whose output shape depends on the values.
    #[arg(long)]
    pub disable_data_dependent_shapes: bool,
    /// Run only checks matching ENTRY: a check id, a function name or `group::` (repeatable).
    #[arg(short = 'k', long = "filter", value_name = "ENTRY")]
    pub filter: Vec<String>,
    /// Run only the checks of these functions (comma-separated).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub functions: Vec<String>,
    /// List the checks that would run, and exit.
    #[arg(long)]
    pub list: bool,
    /// List the registered backends, and exit.
    #[arg(long)]
    pub list_backends: bool,
    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..1025))]
    pub jobs: Option<u64>,
    /// Fail a check that runs longer than SECS seconds.
    #[arg(long, value_name = "SECS", default_value = "300", value_parser = parse_timeout)]
    pub timeout: Duration,
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
    /// Write the report here instead of standard output (the human lines still go to standard output).
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Colour in the human report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(secs > 0.0 && secs.is_finite() && secs < 1e9) {
        return Err(format!("`{text}`: give a positive number of seconds"));
    }
    Ok(Duration::from_secs_f64(secs))
}

fn parse_partition(text: &str) -> Result<Partition, String> {
    text.parse::<Partition>().map_err(|e| e.to_string())
}

/// What the command line needs from its surroundings: injected so tests
/// capture everything.
pub struct CommandIo<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// Whether stderr is a terminal (a progress bar is drawn there).
    pub interactive: bool,
    /// Environment lookup (`PROPTEST_CASES`).
    pub var: &'a dyn Fn(&str) -> Option<String>,
    /// How a replay command starts, e.g. `cargo run --release --`.
    pub replay_prefix: String,
    /// How `--isolate` starts a child (the host's binary); `None` where the
    /// command runs inside another program, and `--isolate` is an error.
    pub isolate_with: Option<ChildCommand>,
}

/// Builds the run's configuration from the parsed flags.
pub fn build_config(args: &Args, io: &CommandIo<'_>) -> Result<RunConfig, ConfigError> {
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
            disable_data_dependent_shapes: args.disable_data_dependent_shapes,
            partition: args.partition,
        },
        skips: read_list(args.skips_file.clone(), "skips.txt", ListKind::Skips)?,
        xfails: read_list(args.xfails_file.clone(), "xfails.txt", ListKind::Xfails)?,
        jobs: args.jobs.map(|j| j as usize),
        timeout: Some(args.timeout),
        fail_fast: args.fail_fast,
        strict_xfail: args.strict_xfail,
        isolate,
        replay_prefix: io.replay_prefix.clone(),
    };
    config.validate()?;
    Ok(config)
}

/// The whole command: parse, configure, run, report. Returns the exit code.
pub fn run_command<B: BackendUnderTest>(
    argv: impl IntoIterator<Item = OsString>,
    suite: &Suite<B>,
    registry: &BackendRegistry<B>,
    io: &mut CommandIo<'_>,
) -> i32 {
    let args = match Args::try_parse_from(argv) {
        Ok(args) => args,
        Err(e) => {
            let code = e.exit_code();
            let text = e.render().to_string();
            let out: &mut dyn Write = if code == 0 { io.stdout } else { io.stderr };
            let _ = write!(out, "{text}");
            return if code == 0 { EXIT_OK } else { EXIT_USAGE };
        }
    };
    match run_parsed(&args, suite, registry, io) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(io.stderr, "error: {e}");
            EXIT_USAGE
        }
    }
}

fn run_parsed<B: BackendUnderTest>(
    args: &Args,
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
    let config = build_config(args, io)?;
    if args.list {
        let plan = runner::plan_for_listing(suite, &config)?;
        let rows: Vec<_> = plan
            .reported_positions()
            .into_iter()
            .map(|i| &suite.checks()[i])
            .map(|c| (&c.id, c.function.as_str(), &c.tags))
            .collect();
        let lister = HumanReporter {
            color: false,
            verbose: false,
        };
        let _ = lister.write_list(io.stdout, &rows);
        return Ok(EXIT_OK);
    }
    if args.backend.as_deref().unwrap_or("").is_empty() {
        return Err(ConfigError::NoBackend {
            known: registry.names(),
        });
    }
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
            let text = if seed_given {
                format!("running {total} checks, seed {seed}")
            } else {
                format!("running {total} checks, seed {seed} (drawn; pass --seed {seed} to replay)")
            };
            let out: &mut dyn Write = if human_on_stdout { stdout } else { stderr };
            let _ = writeln!(out, "{text}");
            if let Some(bar) = &progress {
                bar.set_length(total as u64);
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
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
    let report = runner::run_suite(suite, registry, &config, &mut on_event)?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if human_on_stdout {
        let _ = human.write_summary(io.stdout, &report);
    }
    let write_doc = |out: &mut dyn Write| -> std::io::Result<()> {
        match args.format {
            FormatArg::Human => human.write_summary(out, &report),
            FormatArg::Json => json::write_json(out, &report),
            FormatArg::Junit => junit::write_junit(out, &report),
        }
    };
    match &args.output {
        Some(path) => {
            let written = std::fs::File::create(path).and_then(|mut f| {
                write_doc(&mut f)?;
                f.flush()
            });
            if let Err(e) = written {
                // The results are on stdout already; say the file failed.
                let _ = writeln!(
                    io.stderr,
                    "error: cannot write the report to {}: {e}",
                    path.display()
                );
                return Ok(EXIT_USAGE);
            }
        }
        None if !human_on_stdout => {
            let _ = write_doc(io.stdout);
        }
        None => {}
    }
    Ok(if report.is_failure() {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// `main` for a host's binary: the process's arguments, stdout and stderr;
/// started with [`CHILD_FLAG`], it serves one check to an `--isolate` run.
pub fn main<B: BackendUnderTest>(suite: &Suite<B>, registry: &BackendRegistry<B>) -> ExitCode {
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
    let mut io = CommandIo {
        stdout: &mut out,
        stderr: &mut err,
        interactive,
        var: &var,
        replay_prefix: "cargo run --release --".to_string(),
        isolate_with: ChildCommand::current_exe().ok(),
    };
    let code = run_command(std::env::args_os(), suite, registry, &mut io);
    let _ = io.stdout.flush();
    ExitCode::from(code as u8)
}
