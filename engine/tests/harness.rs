//! The toy suite as a `harness = false` target: one libtest test per check,
//! as a backend crate runs a host's checks, so
//! `cargo test -p conformance-engine --test harness` lists and runs them
//! (`arith::neg` is ignored: the backend does not implement `neg`).
//!
//! Beside the checks, this target's own tests (`harness::...`) run the
//! binary again, as cargo test and nextest run it, and read what it prints:
//! its listing (`--list --format terse [--ignored]`, what nextest reads to
//! know the skipped tests), its `-k`, its failure text, its seeds. The
//! child gets [`CHILD`] set, so it runs the checks alone, on the backend
//! [`BACKEND`] names.

use std::process::{Command, ExitCode, Output};

use conformance_engine::harness::{self, Failed, Trial};

#[allow(dead_code)]
#[path = "toy.rs"]
mod toy;

/// Set in a child: no own tests, only the checks.
const CHILD: &str = "CONFORMANCE_HARNESS_TEST_CHILD";

/// The child's backend: `wrong-add` (its `add` is wrong above 1000), else
/// the good one without `neg`.
const BACKEND: &str = "CONFORMANCE_HARNESS_TEST_BACKEND";

fn main() -> ExitCode {
    let backend = match std::env::var(BACKEND).as_deref() {
        Ok("wrong-add") => toy::Toy {
            name: "wrong-add",
            add_wrong_above: Some(1000),
            ..Default::default()
        },
        _ => toy::Toy {
            name: "good",
            missing: vec!["neg"],
            ..Default::default()
        },
    };
    let own_tests = if std::env::var_os(CHILD).is_some() {
        Vec::new()
    } else {
        vec![
            Trial::test(
                "harness::lists_the_checks_it_will_not_run_as_ignored",
                lists_the_checks_it_will_not_run_as_ignored,
            ),
            Trial::test(
                "harness::k_takes_the_command_line_s_entries",
                k_takes_the_command_line_s_entries,
            ),
            Trial::test(
                "harness::help_lists_the_engine_flags_and_libtest_s",
                help_lists_the_engine_flags_and_libtest_s,
            ),
            Trial::test(
                "harness::a_failure_is_the_report_s_section_and_replays_as_printed",
                a_failure_is_the_report_s_section_and_replays_as_printed,
            ),
            Trial::test(
                "harness::the_seed_is_drawn_unless_given_and_printed_first",
                the_seed_is_drawn_unless_given_and_printed_first,
            ),
        ]
    };
    harness::run_with(
        toy::suite(),
        backend,
        &conformance_engine::harness_replay_prefix!(),
        own_tests,
    )
}

/// This binary, started again as a child on the good backend, with no
/// seed, budget or nextest run from the parent's environment.
fn child(args: &[&str]) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("this binary"));
    command
        .args(args)
        .env(CHILD, "1")
        .env_remove(BACKEND)
        .env_remove("CONFORMANCE_SEED")
        .env_remove("NEXTEST_RUN_ID")
        .env_remove("PROPTEST_CASES");
    command
}

fn output(command: &mut Command) -> Result<(i32, String, String), Failed> {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().map_err(|e| format!("cannot start: {e}"))?;
    Ok((
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    ))
}

/// The test names a listing prints (`NAME: test` lines).
fn listed(args: &[&str]) -> Result<Vec<String>, Failed> {
    let (code, stdout, stderr) = output(&mut child(args))?;
    if code != 0 {
        return Err(format!("{args:?}: exit code {code}\n{stdout}{stderr}").into());
    }
    Ok(stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_string)
        .collect())
}

fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), Failed> {
    if ok {
        Ok(())
    } else {
        Err(what().into())
    }
}

fn lists_the_checks_it_will_not_run_as_ignored() -> Result<(), Failed> {
    // nextest lists every test, then the ignored ones, which it counts
    // skipped and does not run.
    let all = listed(&["--list", "--format", "terse"])?;
    let ids: Vec<String> = toy::suite()
        .checks()
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    check(all == ids, || {
        format!("listed {all:?}, not the suite {ids:?}")
    })?;
    let ignored = listed(&["--list", "--format", "terse", "--ignored"])?;
    check(ignored == ["arith::neg"], || {
        format!("ignored {ignored:?}, not the one check the backend does not implement")
    })?;
    // Every other way of settling a check without running it too.
    let ci = listed(&["--list", "--format", "terse", "--ignored", "--ci"])?;
    check(ci == ["arith::neg", "extra::add::commutes"], || {
        format!("--ci: ignored {ci:?}")
    })?;
    let skips = std::env::temp_dir().join(format!("harness-skips-{}.txt", std::process::id()));
    std::fs::write(&skips, "mul\nlinalg::\n").map_err(|e| e.to_string())?;
    let skips_flag = skips.to_str().expect("a UTF-8 temporary directory");
    let skipped = listed(&[
        "--list",
        "--format",
        "terse",
        "--ignored",
        "--skips-file",
        skips_flag,
    ]);
    let _ = std::fs::remove_file(&skips);
    let skipped = skipped?;
    check(
        skipped == ["arith::mul", "arith::neg", "linalg::dot"],
        || format!("--skips-file: ignored {skipped:?}"),
    )?;
    // cargo test prints each with its reason, and counts it ignored.
    let (code, stdout, _) = output(&mut child(&["--exact", "arith::neg"]))?;
    check(
        code == 0
            && stdout.contains("arith::neg ... ignored (not implemented)")
            && stdout.contains("0 passed; 0 failed; 1 ignored"),
        || format!("exit code {code}\n{stdout}"),
    )
}

fn k_takes_the_command_line_s_entries() -> Result<(), Failed> {
    let terse = ["--list", "--format", "terse"];
    let with = |k: &[&str]| listed(&[&terse[..], k].concat());
    // A function name, in every group; repeated -k add up.
    let add = with(&["-k", "add"])?;
    check(
        add == ["arith::add", "special_cases::add", "extra::add::commutes"],
        || format!("-k add: {add:?}"),
    )?;
    let two = with(&["-k", "arith::", "--filter", "linalg::"])?;
    check(
        two == ["arith::add", "arith::mul", "arith::neg", "linalg::dot"],
        || format!("-k arith:: --filter linalg:: : {two:?}"),
    )?;
    let one = with(&["-k", "extra::add"])?;
    check(one == ["extra::add::commutes"], || {
        format!("-k extra::add: {one:?}")
    })?;
    // An entry that matches nothing, or only part of an id, is an error.
    for entry in ["sum", "arith::ad", "statistical::"] {
        let (code, stdout, stderr) = output(&mut child(&["-k", entry]))?;
        check(
            code == 2 && stderr.contains(&format!("filter `{entry}` matches no check")),
            || format!("-k {entry}: exit code {code}\n{stdout}{stderr}"),
        )?;
    }
    let (code, stdout, stderr) = output(&mut child(&["-k", "arith::mul", "-k", "set::"]))?;
    check(code == 0 && stdout.contains("2 passed; 0 failed"), || {
        format!("exit code {code}\n{stdout}{stderr}")
    })
}

fn help_lists_the_engine_flags_and_libtest_s() -> Result<(), Failed> {
    let (code, help, stderr) = output(&mut child(&["--help"]))?;
    check(code == 0, || format!("exit code {code}\n{help}{stderr}"))?;
    for flag in [
        "-k, --filter <ENTRY>",
        "--seed <N>",
        "--max-examples <N>",
        "--skips-file <PATH>",
        "--ci",
        "--no-shrink",
        "--exact",
        "--ignored",
        "--include-ignored",
        "--list",
        "CONFORMANCE_SEED",
    ] {
        check(help.contains(flag), || format!("{flag} is not in\n{help}"))?;
    }
    Ok(())
}

/// The replay command of a failure text, from `cargo test`'s `--`.
fn replay_args(text: &str) -> Option<Vec<String>> {
    let line = text.lines().find(|l| l.starts_with("replay: "))?;
    let (prefix, args) = line.split_once(" -- ")?;
    (prefix == "replay: cargo test -p conformance-engine --test harness")
        .then(|| args.split(' ').map(str::to_string).collect())
}

fn a_failure_is_the_report_s_section_and_replays_as_printed() -> Result<(), Failed> {
    let run = |args: &[&str]| output(child(args).env(BACKEND, "wrong-add"));
    let (code, stdout, stderr) = run(&["--exact", "arith::add"])?;
    let all = format!("exit code {code}\n{stdout}{stderr}");
    check(code == 101, || all.clone())?;
    // The human report's section: shrinking steps, not "minimal".
    check(
        stdout.contains("\ncounterexample, after ") && !stdout.contains("minimal counterexample"),
        || all.clone(),
    )?;
    let counterexample = |text: &str| {
        text.lines()
            .skip_while(|l| !l.starts_with("counterexample, after "))
            .take_while(|l| !l.starts_with("replay: "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let first = counterexample(&stdout);
    let args = replay_args(&stdout).ok_or_else(|| format!("no cargo test replay line\n{all}"))?;
    // The replay line carries the drawn seed the first line printed.
    let seed = args
        .iter()
        .skip_while(|a| *a != "--seed")
        .nth(1)
        .cloned()
        .unwrap_or_default();
    check(
        stdout.contains(&format!(
            "seed {seed} (drawn; pass --seed {seed} to replay)"
        )),
        || format!("seed {seed:?}\n{all}"),
    )?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, again, stderr) = run(&args)?;
    check(
        code == 101 && counterexample(&again) == first && !first.is_empty(),
        || format!("replayed with {args:?}: exit code {code}\n{again}{stderr}\nfirst run:\n{all}"),
    )
}

fn the_seed_is_drawn_unless_given_and_printed_first() -> Result<(), Failed> {
    let first_line = |command: &mut Command| -> Result<String, Failed> {
        let (code, stdout, stderr) = output(command.args(["--exact", "creation::asarray"]))?;
        check(code == 0, || format!("exit code {code}\n{stdout}{stderr}"))?;
        Ok(stdout.lines().next().unwrap_or_default().to_string())
    };
    let seed_of = |line: &str| -> Option<u64> {
        line.split("seed ")
            .nth(1)?
            .split([' ', ','])
            .next()?
            .parse()
            .ok()
    };
    let (a, b) = (first_line(&mut child(&[]))?, first_line(&mut child(&[]))?);
    check(
        a.contains("(drawn; pass --seed ") && seed_of(&a).is_some() && seed_of(&a) != seed_of(&b),
        || format!("two runs without a seed:\n{a}\n{b}"),
    )?;
    let flag = first_line(&mut child(&["--seed", "5"]))?;
    check(
        flag == "conformance: backend good, seed 5, 100 examples per check",
        || flag.clone(),
    )?;
    let env = first_line(child(&[]).env("CONFORMANCE_SEED", "6"))?;
    check(env.contains("seed 6 (from CONFORMANCE_SEED)"), || {
        env.clone()
    })?;
    // nextest starts a process per test: one seed for the whole run.
    let in_run =
        |id: &str| -> Result<String, Failed> { first_line(child(&[]).env("NEXTEST_RUN_ID", id)) };
    let (x, y) = (in_run("run-1")?, in_run("run-1")?);
    check(
        x == y && x.contains("(drawn for this nextest run; pass --seed "),
        || format!("{x}\n{y}"),
    )?;
    let z = in_run("run-2")?;
    check(seed_of(&z) != seed_of(&x), || format!("{x}\n{z}"))
}
