//! The command line on the toy host: statuses, exit codes, and every kind of
//! bad input (exit 2, a message naming the problem, never a panic).

use crate::toy::{run, run_env, status_of};

#[test]
fn a_good_backend_passes_with_exit_0_and_a_summary_line() {
    let out = run(&["--backend", "good", "--seed", "1", "--max-examples", "20"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    for id in [
        "creation::asarray",
        "arith::add",
        "arith::mul",
        "linalg::dot",
    ] {
        assert_eq!(status_of(&out.stdout, id), "PASSED", "{id}");
    }
    assert!(
        out.stdout
            .lines()
            .any(|l| l == "8 passed, 0 failed, 0 skipped"),
        "{}",
        out.stdout
    );
}

#[test]
fn one_check_is_one_check() {
    let out = run(&["--backend", "good", "--seed", "1", "-k", "arith::add"]);
    assert!(
        out.stdout.starts_with("running 1 check, seed 1\n"),
        "{}",
        out.stdout
    );
    let out = run(&[
        "--backend",
        "good",
        "--seed",
        "1",
        "--max-examples",
        "1",
        "-k",
        "arith::add",
    ]);
    assert!(
        out.stdout.contains("PASSED   arith::add (1 example, "),
        "{}",
        out.stdout
    );
}

#[test]
fn aliases_resolve_to_the_backend() {
    let out = run(&["--backend", "ref", "--seed", "1", "--max-examples", "5"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("good"), "{}", out.stdout);
}

#[test]
fn a_failure_exits_1_with_counterexample_and_replay() {
    let out = run(&["--backend", "buggy", "--seed", "3", "--max-examples", "100"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(status_of(&out.stdout, "arith::add").starts_with("FAILED"));
    // The shrunk counterexample is the smallest failing pair.
    assert!(out.stdout.contains("1001"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("toy --backend buggy --seed 3 --max-examples 100 -k arith::add"),
        "{}",
        out.stdout
    );
    // Later checks still ran and were reported.
    assert!(status_of(&out.stdout, "arith::neg").starts_with("FAILED"));
    assert_eq!(status_of(&out.stdout, "arith::mul"), "PASSED");
}

#[test]
fn missing_functions_are_skipped_not_implemented() {
    let out = run(&[
        "--backend",
        "partial",
        "--seed",
        "1",
        "--max-examples",
        "10",
    ]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(status_of(&out.stdout, "arith::mul"), "SKIPPED");
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("arith::mul"))
        .unwrap();
    assert!(line.contains("not implemented"), "{line}");
    assert_eq!(status_of(&out.stdout, "arith::add"), "PASSED");
}

#[test]
fn a_panic_is_that_checks_failure_only() {
    let out = run(&[
        "--backend",
        "panicky",
        "--seed",
        "1",
        "--max-examples",
        "50",
    ]);
    assert_eq!(out.code, 1);
    assert!(status_of(&out.stdout, "arith::mul").starts_with("FAILED"));
    assert!(
        out.stdout.contains("toy backend cannot multiply"),
        "{}",
        out.stdout
    );
    assert_eq!(status_of(&out.stdout, "arith::add"), "PASSED");
    // Nothing leaked to stderr from the quietened panics.
    assert!(!out.stderr.contains("panicked at"), "{}", out.stderr);
}

#[test]
fn a_hang_times_out_and_the_run_goes_on() {
    let out = run(&[
        "--backend",
        "hangs",
        "--seed",
        "1",
        "--max-examples",
        "5",
        "--timeout",
        "0.5",
    ]);
    assert_eq!(out.code, 1);
    assert!(status_of(&out.stdout, "arith::mul").starts_with("FAILED"));
    assert!(
        out.stdout.contains("timed out after 0.5 s"),
        "{}",
        out.stdout
    );
    assert_eq!(status_of(&out.stdout, "arith::add"), "PASSED");
}

/// The SLOW lines of `text`: (id, seconds).
fn slow_lines(text: &str) -> Vec<(String, f64)> {
    text.lines()
        .filter_map(|l| l.strip_prefix("SLOW     "))
        .map(|l| {
            let (id, rest) = l.split_once(" (running for ").unwrap();
            let secs = rest.strip_suffix(" s)").unwrap().parse().unwrap();
            (id.to_string(), secs)
        })
        .collect()
}

#[test]
fn a_check_past_the_slow_timeout_is_announced_in_the_human_output_only() {
    let dir = crate::toy::Scratch::new();
    let report = dir.path().join("report.json");
    let args = [
        "--backend",
        "hangs",
        "--seed",
        "1",
        "--max-examples",
        "5",
        "-k",
        "arith::mul",
        "--timeout",
        "1.2",
        "--slow-timeout",
        "0.3",
    ];
    // Off a terminal, the human lines on stdout and the JSON in a file.
    let out = run(&[
        &args[..],
        &["--format", "json", "--output", report.to_str().unwrap()],
    ]
    .concat());
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let slow = slow_lines(&out.stdout);
    assert!(!slow.is_empty(), "no SLOW line in:\n{}", out.stdout);
    let mut last = 0.0;
    for (id, secs) in &slow {
        assert_eq!(id, "arith::mul", "{}", out.stdout);
        // Whole periods, growing, within the timeout.
        let periods = secs / 0.3;
        assert!((periods - periods.round()).abs() < 1e-9, "{secs}");
        assert!(*secs > last && *secs < 1.2, "{}", out.stdout);
        last = *secs;
    }
    // Announced while running, before the check's own line.
    let first_slow = out.stdout.find("SLOW     arith::mul").unwrap();
    let finished = out.stdout.find("FAILED   arith::mul").unwrap();
    assert!(first_slow < finished, "{}", out.stdout);
    // Time-dependent, so in no report and no status.
    let json = std::fs::read_to_string(&report).unwrap();
    assert!(
        !json.contains("SLOW") && !json.contains("running for"),
        "{json}"
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mul = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "arith::mul")
        .unwrap();
    assert_eq!(mul["status"], "failed");
    assert!(
        mul["message"]
            .as_str()
            .unwrap()
            .starts_with("timed out after 1.2 s"),
        "{mul}"
    );
    // With the document on stdout, the SLOW lines go to stderr with the
    // opening line.
    let out = run(&[&args[..], &["--format", "json"]].concat());
    assert!(!out.stdout.contains("SLOW"), "{}", out.stdout);
    assert!(!slow_lines(&out.stderr).is_empty(), "{}", out.stderr);
    // A quick run says nothing of the kind.
    let out = run(&["--backend", "good", "--seed", "1", "--slow-timeout", "5"]);
    assert!(slow_lines(&out.stdout).is_empty(), "{}", out.stdout);
    let out = run(&["--backend", "good", "--slow-timeout", "0"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--slow-timeout"), "{}", out.stderr);
}

#[test]
fn a_failed_dependency_blocks_its_dependents() {
    let out = run(&[
        "--backend",
        "roundtrip",
        "--seed",
        "1",
        "--max-examples",
        "50",
    ]);
    assert_eq!(out.code, 1);
    assert!(status_of(&out.stdout, "creation::asarray").starts_with("FAILED"));
    for id in [
        "arith::add",
        "arith::mul",
        "arith::neg",
        "special_cases::add",
    ] {
        assert_eq!(status_of(&out.stdout, id), "BLOCKED", "{id}");
    }
    assert!(
        out.stdout.contains("needs creation::asarray"),
        "{}",
        out.stdout
    );
    // A check without the dependency still runs.
    assert_eq!(status_of(&out.stdout, "extra::add::commutes"), "PASSED");
}

#[test]
fn a_filtered_run_shows_the_failed_dependency_that_blocked_it_and_exits_1() {
    let out = run(&["--backend", "roundtrip", "--seed", "1", "-k", "arith::add"]);
    assert_eq!(status_of(&out.stdout, "arith::add"), "BLOCKED");
    // The dependency was not selected, yet its failure is shown in full.
    assert_eq!(status_of(&out.stdout, "creation::asarray"), "FAILED");
    assert!(
        out.stdout.lines().any(|l| {
            l.starts_with(
            "FAILED   creation::asarray (not selected; needed by a selected check): round trip gave"
        )
        }),
        "{}",
        out.stdout
    );
    let section = out
        .stdout
        .split("---- FAILED creation::asarray ----\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no section for the dependency:\n{}", out.stdout));
    assert!(section.starts_with("round trip gave"), "{section}");
    assert!(section.contains("\nnot selected: "), "{section}");
    assert!(section.contains("counterexample, after "), "{section}");
    assert!(
        section.contains(
            "replay: toy --backend roundtrip --seed 1 --max-examples 100 -k creation::asarray\n"
        ),
        "{section}"
    );
    assert!(
        out.stdout
            .lines()
            .any(|l| l == "0 passed, 1 failed, 0 skipped, 1 blocked"),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.code, 1,
        "a blocked check was not verified:\n{}",
        out.stdout
    );
}

#[test]
fn an_unselected_dependency_is_reported_only_when_its_failure_blocks_a_selected_check() {
    // It passed: only the selected check is reported.
    let out = run(&["--backend", "good", "--seed", "1", "-k", "arith::add"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(!out.stdout.contains("creation::asarray"), "{}", out.stdout);
    // The one selected check is skipped by the skips file: nothing is run,
    // which is a usage error (exit 2), and the dependency is not run either.
    let dir = crate::toy::Scratch::new();
    let skips = dir.file("skips.txt", "arith::add\n");
    let out = run(&[
        "--backend",
        "roundtrip",
        "--seed",
        "1",
        "-k",
        "arith::add",
        "--skips-file",
        skips.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("nothing to run"), "{}", out.stderr);
    assert!(!out.stdout.contains("creation::asarray"), "{}", out.stdout);
}

#[test]
fn an_xfailed_dependency_does_not_block_its_dependents() {
    let dir = crate::toy::Scratch::new();
    let xfails = dir.file("xfails.txt", "creation::asarray\n");
    let skips = dir.file("skips.txt", "creation::asarray\n");
    let base = [
        "--backend",
        "roundtrip",
        "--seed",
        "1",
        "--max-examples",
        "50",
    ];
    let xfailed = run(&[&base[..], &["--xfails-file", xfails.to_str().unwrap()]].concat());
    let skipped = run(&[&base[..], &["--skips-file", skips.to_str().unwrap()]].concat());
    assert_eq!(status_of(&xfailed.stdout, "creation::asarray"), "XFAIL");
    assert_eq!(status_of(&skipped.stdout, "creation::asarray"), "SKIPPED");
    // The dependents run, in both runs alike.
    for id in [
        "arith::add",
        "arith::mul",
        "arith::neg",
        "special_cases::add",
        "extra::add::commutes",
        "linalg::dot",
        "set::unique",
    ] {
        assert_eq!(
            status_of(&xfailed.stdout, id),
            status_of(&skipped.stdout, id),
            "{id}:\n{}\n{}",
            xfailed.stdout,
            skipped.stdout
        );
    }
    assert_eq!(status_of(&xfailed.stdout, "arith::add"), "PASSED");
    assert!(!xfailed.stdout.contains("BLOCKED"), "{}", xfailed.stdout);
    assert_eq!(xfailed.code, skipped.code);
}

#[test]
fn ci_and_extension_and_data_dependent_flags_skip_with_reasons() {
    let out = run(&[
        "--backend",
        "good",
        "--seed",
        "1",
        "--max-examples",
        "5",
        "--ci",
        "--disable-extension",
        "linalg",
        "--disable-data-dependent-shapes",
    ]);
    assert_eq!(out.code, 0);
    assert_eq!(status_of(&out.stdout, "extra::add::commutes"), "SKIPPED");
    assert_eq!(status_of(&out.stdout, "linalg::dot"), "SKIPPED");
    assert_eq!(status_of(&out.stdout, "set::unique"), "SKIPPED");
    assert_eq!(status_of(&out.stdout, "special_cases::add"), "PASSED");
    assert!(out.stdout.contains("extension linalg disabled"));
    assert!(
        out.stdout.lines().any(|l| l
            == "SKIPPED  set::unique (tag data-dependent-shape disabled (--disable-data-dependent-shapes))"),
        "{}",
        out.stdout
    );
    // Without the flag the tagged check runs.
    let out = run(&["--backend", "good", "--seed", "1", "--max-examples", "5"]);
    assert_eq!(status_of(&out.stdout, "set::unique"), "PASSED");
}

#[test]
fn help_and_version_are_the_hosts_with_its_tag_flags_and_the_exit_codes() {
    let out = run(&["--help"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let help = &out.stdout;
    assert!(
        help.starts_with("The toy host's conformance command.\n"),
        "{help}"
    );
    assert!(help.contains("Usage: toy [OPTIONS]"), "{help}");
    assert!(
        help.lines().any(|l| l
            .trim_start()
            .starts_with("--disable-data-dependent-shapes")
            && l.contains("Skip checks of functions whose output shape depends on the values")),
        "{help}"
    );
    // Examples, whose commands start as the program's replay lines do.
    assert!(
        help.contains("\nExamples:\n  # the registered backends\n  toy --list-backends\n"),
        "{help}"
    );
    assert!(
        help.contains("  toy --backend NAME --seed 1 -k GROUP::FUNCTION\n"),
        "{help}"
    );
    assert!(
        help.ends_with(
            "Exit codes:\n  0    no check failed\n  1    a check failed or was blocked by a failed dependency (or an XPASS under --strict-xfail)\n  2    bad usage or configuration, or nothing selected to run; nothing was run\n  130  interrupted by SIGINT (Ctrl-C), 143 by SIGTERM: the checks that finished are\n       reported, the others are SKIPPED, and the report says \"interrupted\"\n"
        ),
        "{help:?}"
    );
    assert!(!help.contains("conformance-engine"), "{help}");
    // The host's flags are listed beside `--disable-extension`.
    let flags: Vec<&str> = help
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.starts_with("--"))
        .collect();
    let at = |flag: &str| flags.iter().position(|f| *f == flag).unwrap();
    assert_eq!(
        at("--disable-data-dependent-shapes"),
        at("--disable-extension") + 1,
        "{help}"
    );
    assert_eq!(
        help.matches("--disable-data-dependent-shapes").count(),
        1,
        "{help}"
    );
    let out = run(&["--version"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "toy 9.8.7\n"));
}

#[test]
fn list_shows_the_hosts_tags() {
    let out = run(&["--list", "-k", "set::", "-k", "linalg::"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "linalg::dot  dot     primary, extension linalg\nset::unique  unique  primary, data-dependent-shape\n"
    );
}

#[test]
fn fail_fast_stops_starting_checks() {
    let out = run(&[
        "--backend",
        "buggy",
        "--seed",
        "3",
        "--jobs",
        "1",
        "--fail-fast",
    ]);
    assert_eq!(out.code, 1);
    assert!(status_of(&out.stdout, "arith::add").starts_with("FAILED"));
    assert_eq!(status_of(&out.stdout, "arith::neg"), "SKIPPED");
    assert!(out.stdout.contains("--fail-fast"));
}

#[test]
fn list_shows_the_selected_checks_without_a_backend() {
    let out = run(&["--list", "-k", "arith::"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("arith::add"));
    assert!(out.stdout.contains("arith::neg"));
    assert!(!out.stdout.contains("linalg::dot"));
    let out = run(&["--list-backends"]);
    assert!(out.stdout.contains("good (aliases: ref)"), "{}", out.stdout);
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--backend", "gooood"],
            "unknown backend `gooood` (did you mean `good`?); known backends: good, buggy",
        ),
        (
            &["--backend", "good", "--max-examples", "0"],
            "--max-examples",
        ),
        (
            &["--backend", "good", "--max-examples", "abc"],
            "--max-examples",
        ),
        (&["--backend", "good", "--max-examples", "-3"], "-3"),
        (
            &["--backend", "good", "--max-examples", "99999999999999"],
            "--max-examples",
        ),
        (&["--backend", "good", "--seed", "x"], "--seed"),
        (
            &["--backend", "good", "--seed", "-1"],
            "invalid value '-1' for '--seed <N>': `-1` is not a seed: --seed needs a whole number from 0 to 18446744073709551615 (2^64-1)",
        ),
        (
            &["--backend", "good", "--timeout", "1e9"],
            "invalid value '1e9' for '--timeout <SECS>': `1e9` is not less than the limit of 1000000000 seconds; give a number of seconds greater than 0 and less than 1000000000",
        ),
        (
            &["--backend", "good", "--timeout", "-1"],
            "`-1` is not greater than 0",
        ),
        (&["--backend", "good", "--timeout", "NaN"], "`NaN` is not a number"),
        (
            &["--backend", "good", "--jobs", "-2"],
            "invalid value '-2' for '--jobs <N>'",
        ),
        (
            &["--backend", "good", "-k", ""],
            "invalid value for -k: an empty filter would select every check; give a check id",
        ),
        (
            &["--backend", "good", "-k", "arith::add", "-k", " "],
            "an empty filter would select every check",
        ),
        (
            &["--backend", "good", "-k", "# all"],
            "`# all` is only a comment",
        ),
        (
            &["--backend", "good", "-k", "arith::add", "--partition", "1/2"],
            "nothing to run: -k arith::add and --partition 1/2 select no check together; a run that checks nothing is not a pass",
        ),
        (
            &[
                "--backend",
                "good",
                "--functions",
                "add",
                "--partition",
                "1/2",
                "-k",
                "extra::",
            ],
            "nothing to run: -k extra::, --functions add and --partition 1/2 select no check together",
        ),
        (
            &["--backend", "good", "--ci", "-k", "extra::"],
            "nothing to run: the 1 check selected by -k extra:: is skipped by --ci;",
        ),
        (
            &["--backend", "good", "--ci", "--disable-extension", "linalg", "-k", "extra::", "-k", "linalg::"],
            "the 2 checks selected by -k extra:: and -k linalg:: are all skipped by --ci and --disable-extension linalg;",
        ),
        (
            &["--list", "--format", "junit"],
            "invalid value for --format: --list writes lines (human) or a JSON array (json); JUnit has no form for a list",
        ),
        (
            &["--backend", "good", "--seed", "184467440737095516160"],
            "--seed",
        ),
        (&["--backend", "good", "--jobs", "0"], "--jobs"),
        (&["--backend", "good", "--timeout", "0"], "--timeout"),
        (&["--backend", "good", "--partition", "3/2"], "--partition"),
        (
            &["--backend", "good", "--disable-extension", "fft"],
            "unknown extension `fft`; the suite's extensions are: linalg",
        ),
        (
            &["--backend", "good", "--functions", "ad"],
            "unknown function `ad` (did you mean `add`?)",
        ),
        (
            &["--backend", "good", "-k", "nothing::here"],
            "filter `nothing::here` matches no check",
        ),
        (&["--backend", "good", "-k", "bad entry"], "-k:1:"),
        (
            &["--backend", "good", "--skips-file", "/no/such/skips.txt"],
            "cannot read skips file /no/such/skips.txt",
        ),
        (
            &["--backend", "good", "--xfails-file", "/no/such/xfails.txt"],
            "cannot read xfails file /no/such/xfails.txt",
        ),
        (&["--backend", "good", "--format", "xml"], "--format"),
        (
            &["--backend", "good", "--isolate"],
            "--isolate needs the host's own binary",
        ),
        (&["--bogus-flag"], "--bogus-flag"),
        (&[], "no backend given"),
    ];
    for (args, needle) in cases {
        let out = run(args);
        assert_eq!(
            out.code, 2,
            "{args:?} gave {}:\n{}{}",
            out.code, out.stdout, out.stderr
        );
        assert!(
            out.stderr.contains(needle),
            "{args:?}: expected {needle:?} in:\n{}",
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn proptest_cases_is_honoured_when_the_flag_is_absent() {
    let env = [("PROPTEST_CASES", "7")];
    let out = run_env(
        &["--backend", "good", "--seed", "1", "--format", "json"],
        &env,
    );
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["max_examples"], 7);
    let out = run_env(
        &[
            "--backend",
            "good",
            "--seed",
            "1",
            "--format",
            "json",
            "--max-examples",
            "9",
        ],
        &env,
    );
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["max_examples"], 9);
    let out = run_env(&["--backend", "good"], &[("PROPTEST_CASES", "lots")]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("PROPTEST_CASES"), "{}", out.stderr);
}

#[test]
fn backend_comes_from_the_environment_too() {
    // clap reads CONFORMANCE_BACKEND from the real environment; the flag
    // wins over it, so this only asserts that the flag works without it.
    let out = run(&["--backend=good", "--seed", "1", "--max-examples", "3"]);
    assert_eq!(out.code, 0);
}

#[test]
fn a_drawn_seed_is_printed_for_replay() {
    let out = run(&["--backend", "good", "--max-examples", "3"]);
    assert!(
        out.stdout.contains("(drawn; pass --seed "),
        "{}",
        out.stdout
    );
}

#[test]
fn a_selection_the_backend_does_not_implement_is_skipped_not_refused() {
    // Nothing is checked, but that is the backend's state, which the report
    // shows: not a mistake of the command line.
    let out = run(&["--backend", "partial", "--seed", "1", "-k", "arith::mul"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("SKIPPED  arith::mul (not implemented)"),
        "{}",
        out.stdout
    );
}

#[test]
fn list_honours_ci_the_disabled_flags_and_the_skips_file() {
    let all = run(&["--list"]).stdout;
    assert!(all.contains("extra::add::commutes"), "{all}");
    let ci = run(&["--list", "--ci"]);
    assert_eq!(ci.code, 0, "{}", ci.stderr);
    assert!(!ci.stdout.contains("extra::add::commutes"), "{}", ci.stdout);
    assert_eq!(ci.stdout.lines().count(), all.lines().count() - 1);
    let out = run(&[
        "--list",
        "--disable-extension",
        "linalg",
        "--disable-data-dependent-shapes",
    ]);
    assert!(!out.stdout.contains("linalg::dot"), "{}", out.stdout);
    assert!(!out.stdout.contains("set::unique"), "{}", out.stdout);
    let scratch = crate::toy::Scratch::new();
    let skips = scratch.file("skips.txt", "arith::\n");
    let out = run(&["--list", "--skips-file", skips.to_str().unwrap()]);
    assert!(!out.stdout.contains("arith::"), "{}", out.stdout);
    assert!(out.stdout.contains("creation::asarray"), "{}", out.stdout);
}

#[test]
fn list_as_json_is_an_array_of_the_checks() {
    let out = run(&["--list", "--ci", "--format", "json", "-k", "add"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        doc,
        serde_json::json!([
            {"id": "arith::add", "function": "add", "group": "arith", "extension": null, "tags": [], "tier": "primary"},
            {"id": "special_cases::add", "function": "add", "group": "special_cases", "extension": null, "tags": [], "tier": "special-cases"},
        ])
    );
    // Keys in this order, id first.
    assert!(out.stdout.find("\"id\"").unwrap() < out.stdout.find("\"function\"").unwrap());
    let out = run(&["--list", "--format", "json", "-k", "set::"]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc[0]["tags"], serde_json::json!(["data-dependent-shape"]));
    // And into --output.
    let scratch = crate::toy::Scratch::new();
    let path = scratch.path().join("list.json");
    let out = run(&[
        "--list",
        "--format",
        "json",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(doc.as_array().unwrap().len(), 8);
}
