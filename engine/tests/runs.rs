//! Whole runs on the toy host: determinism across threads and filters, the
//! JSON and JUnit documents, and the library call.

use std::sync::Arc;

use conformance_engine::report::json::{to_json_value, without_durations};
use conformance_engine::{
    run_backend, run_conformance, run_conformance_on, ListKind, RunConfig, SkipList, Status,
};

use crate::toy::{good_backend, registry, run, suite, Scratch};

fn json_of(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    let mut doc: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
    without_durations(&mut doc);
    doc
}

#[test]
fn the_same_seed_gives_identical_json_whatever_the_threads() {
    let base = ["--backend", "buggy", "--seed", "11", "--format", "json"];
    let one = json_of(&[&base[..], &["--jobs", "1"]].concat());
    let two = json_of(&[&base[..], &["--jobs", "2"]].concat());
    assert_eq!(one, two);
    for _ in 0..3 {
        assert_eq!(one, json_of(&[&base[..], &["--jobs", "2"]].concat()));
    }
    let text = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap();
    assert_eq!(
        text(&one),
        text(&two),
        "byte-identical once durations are gone"
    );
    assert_eq!(one["summary"]["failed"], 2);
}

#[test]
fn a_filtered_run_replays_the_same_counterexample() {
    let full = json_of(&["--backend", "buggy", "--seed", "11", "--format", "json"]);
    let one = json_of(&[
        "--backend",
        "buggy",
        "--seed",
        "11",
        "--format",
        "json",
        "-k",
        "arith::add",
    ]);
    let pick = |doc: &serde_json::Value| {
        doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "arith::add")
            .unwrap()
            .clone()
    };
    assert_eq!(pick(&full), pick(&one));
    assert!(pick(&one)["counterexample"]
        .as_str()
        .unwrap()
        .contains("1001"));
    // Other seeds draw other examples.
    let other = json_of(&[
        "--backend",
        "buggy",
        "--seed",
        "12",
        "--format",
        "json",
        "-k",
        "arith::add",
    ]);
    assert_ne!(pick(&one)["check_seed"], pick(&other)["check_seed"]);
}

#[test]
fn json_reports_worst_error_examples_and_reasons() {
    let doc = json_of(&[
        "--backend",
        "partial",
        "--seed",
        "2",
        "--max-examples",
        "30",
        "--format",
        "json",
    ]);
    let checks = doc["checks"].as_array().unwrap();
    let add = checks.iter().find(|c| c["id"] == "arith::add").unwrap();
    assert_eq!(add["status"], "passed");
    assert_eq!(add["examples"], 30);
    assert_eq!(
        add["worst_error"],
        serde_json::json!({"tolerance_used": 0.0, "abs": 0.0, "ulps": 0}),
        "{add}"
    );
    assert_eq!(add["tags"], serde_json::json!([]));
    let unique = checks.iter().find(|c| c["id"] == "set::unique").unwrap();
    assert_eq!(unique["tags"], serde_json::json!(["data-dependent-shape"]));
    assert_eq!(
        unique["worst_error"],
        serde_json::json!({"tolerance_used": 0.0})
    );
    assert!(add.get("data_dependent_shape").is_none(), "{add}");
    assert_eq!(doc["schema_version"], 3);
    let mul = checks.iter().find(|c| c["id"] == "arith::mul").unwrap();
    assert_eq!(mul["status"], "skipped");
    assert_eq!(mul["reason"], "not implemented");
    assert_eq!(doc["backend"], "partial");
    assert_eq!(doc["seed"], 2);
}

#[test]
fn junit_has_a_testcase_per_check_and_the_seed() {
    let dir = crate::toy::Scratch::new();
    let path = dir.path().join("report.xml");
    let out = run(&[
        "--backend",
        "buggy",
        "--seed",
        "5",
        "--format",
        "junit",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1);
    // The human table still went to stdout.
    assert!(out.stdout.contains("passed,"), "{}", out.stdout);
    let xml = std::fs::read_to_string(&path).unwrap();
    assert_eq!(xml.matches("<testcase").count(), 8, "{xml}");
    assert!(xml.contains("<failure"), "{xml}");
    assert!(xml.contains("name=\"seed\" value=\"5\""), "{xml}");
}

#[test]
fn an_output_path_that_cannot_be_written_is_exit_2_before_anything_runs() {
    let scratch = Scratch::new();
    let dir = scratch.path().display().to_string();
    let missing = scratch.path().join("no/such/dir/r.json");
    let missing = missing.display().to_string();
    let file = scratch.file("a-file", "");
    let under_a_file = file.join("r.json").display().to_string();
    let cases: [(&str, &[&str]); 4] = [
        (
            &dir,
            &["is a directory; give a file path, such as --output "],
        ),
        (&missing, &["does not exist; create it first (mkdir -p "]),
        (&under_a_file, &["is not a directory"]),
        ("", &["a value is required for '--output <PATH>'"]),
    ];
    for (path, needles) in cases {
        // `buggy` fails a check: a run would end with exit code 1.
        let out = run(&[
            "--backend",
            "buggy",
            "--seed",
            "5",
            "--format",
            "json",
            "--output",
            path,
        ]);
        assert_eq!(out.code, 2, "{path}: {}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("--output"), "{}", out.stderr);
        assert!(out.stderr.contains(path), "{}", out.stderr);
        for needle in needles {
            assert!(out.stderr.contains(needle), "{path}: {}", out.stderr);
        }
        // Nothing ran.
        assert_eq!(out.stdout, "", "{path}");
    }
}

#[test]
fn a_refused_run_leaves_the_output_path_alone() {
    let scratch = Scratch::new();
    let old = scratch.file("old.json", "the last report\n");
    let new = scratch.path().join("new.json");
    let (old_path, new_path) = (old.to_str().unwrap(), new.to_str().unwrap());
    let refused: [&[&str]; 3] = [
        &["--backend", "gooood", "--output", old_path],
        &[
            "--backend",
            "good",
            "-k",
            "nothing::here",
            "--output",
            old_path,
        ],
        &["--backend", "good", "--seed", "x", "--output", new_path],
    ];
    for args in refused {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
    }
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "the last report\n");
    assert!(!new.exists());
}

#[cfg(target_os = "linux")]
#[test]
fn a_report_that_fails_to_write_after_the_run_is_exit_2_and_the_results_are_kept() {
    // /dev/full opens, then refuses every write.
    let out = run(&[
        "--backend",
        "good",
        "--seed",
        "5",
        "--max-examples",
        "3",
        "--format",
        "json",
        "--output",
        "/dev/full",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("cannot write the report to /dev/full"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("8 passed"), "{}", out.stdout);
}

#[test]
fn an_existing_output_file_is_replaced_by_the_report() {
    let scratch = Scratch::new();
    let path = scratch.file("r.json", &"x".repeat(100_000));
    let out = run(&[
        "--backend",
        "good",
        "--seed",
        "5",
        "--max-examples",
        "3",
        "--format",
        "json",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(doc["summary"]["passed"], 8);
}

#[test]
fn the_library_call_returns_the_report_when_all_pass() {
    let report = run_conformance(
        &suite(),
        &registry(),
        &RunConfig::new("good").seed(4).max_examples(10),
    );
    assert_eq!(report.summary().passed, 8);
    let report = run_conformance_on(
        &suite(),
        good_backend("mine"),
        &RunConfig::new("").seed(4).max_examples(10),
    );
    assert_eq!(report.backend, "mine");
    assert_eq!(report.summary().passed, 8);
}

#[test]
fn the_library_call_raises_the_first_failure_in_suite_order_after_running_all() {
    let result = std::panic::catch_unwind(|| {
        run_conformance(
            &suite(),
            &registry(),
            &RunConfig::new("buggy").seed(3).jobs(2),
        )
    });
    let message = match result {
        Err(payload) => payload.downcast_ref::<String>().cloned().unwrap(),
        Ok(_) => panic!("expected a panic"),
    };
    assert!(message.starts_with("arith::add FAILED"), "{message}");
    assert!(message.contains("counterexample, after "), "{message}");
    // A test is no command: the replay is the configuration to set.
    assert!(
        message.ends_with(
            "\nreplay: RunConfig::new(\"buggy\").seed(3).max_examples(100).filter(\"arith::add\")"
        ),
        "{message}"
    );
}

/// A backend whose round trip (`creation::asarray`, the toy's dependency of
/// every `arith::` check) and `neg` are both wrong.
fn broken_roundtrip_and_neg() -> Arc<crate::toy::Toy> {
    Arc::new(crate::toy::Toy {
        name: "mine",
        roundtrip_broken: true,
        neg_wrong: true,
        ..Default::default()
    })
}

fn status<'a>(report: &'a conformance_engine::RunReport, id: &str) -> Option<&'a Status> {
    report
        .checks
        .iter()
        .find(|c| c.id.as_str() == id)
        .map(|c| &c.status)
}

#[test]
fn the_library_call_raises_the_failed_dependency_of_a_blocked_check() {
    let config = RunConfig::new("")
        .seed(1)
        .max_examples(50)
        .filter("arith::add");
    let report = run_backend(&suite(), broken_roundtrip_and_neg(), &config, &mut |_| {}).unwrap();
    assert!(matches!(
        status(&report, "arith::add"),
        Some(Status::Blocked { .. })
    ));
    let dependency = &report.checks[0];
    assert_eq!(dependency.id.as_str(), "creation::asarray");
    assert!(!dependency.selected && report.checks[1].selected);
    assert!(matches!(dependency.status, Status::Failed(_)));
    assert!(report.is_failure());
    assert_eq!(
        report.first_failure().unwrap().id.as_str(),
        "creation::asarray"
    );
    let json = to_json_value(&report);
    assert_eq!(json["checks"][0]["selected"], false);
    assert_eq!(json["checks"][1]["selected"], true);
    assert_eq!(json["summary"]["failed"], 1);

    let result = std::panic::catch_unwind(|| {
        run_conformance_on(&suite(), broken_roundtrip_and_neg(), &config)
    });
    let message = match result {
        Err(payload) => payload.downcast_ref::<String>().cloned().unwrap(),
        Ok(report) => panic!("a blocked run passed: {report:?}"),
    };
    assert!(
        message.starts_with("creation::asarray FAILED: round trip gave"),
        "{message}"
    );
    assert!(message.contains("counterexample, after"), "{message}");
    assert!(
        message.ends_with(
            "replay: RunConfig::new(\"mine\").seed(1).max_examples(50).filter(\"creation::asarray\")"
        ),
        "{message}"
    );
}

#[test]
fn an_xfailed_dependency_lets_a_real_failure_show_as_a_skipped_one_does() {
    let run = |list: ListKind| {
        let entries = SkipList::parse("creation::asarray\n", "list.txt", list).unwrap();
        let mut config = RunConfig::new("").seed(1).max_examples(50);
        match list {
            ListKind::Skips => config.skips = Some(entries),
            ListKind::Xfails => config.xfails = Some(entries),
        }
        run_backend(&suite(), broken_roundtrip_and_neg(), &config, &mut |_| {}).unwrap()
    };
    let xfailed = run(ListKind::Xfails);
    let skipped = run(ListKind::Skips);
    assert!(matches!(
        status(&xfailed, "creation::asarray"),
        Some(Status::XFail { .. })
    ));
    for report in [&xfailed, &skipped] {
        assert!(
            matches!(status(report, "arith::neg"), Some(Status::Failed(_))),
            "{:?}",
            report.checks
        );
        assert_eq!(status(report, "arith::add"), Some(&Status::Passed));
        assert!(report.is_failure());
        assert_eq!(report.summary().blocked, 0);
    }
    let statuses = |r: &conformance_engine::RunReport| {
        r.checks
            .iter()
            .skip(1)
            .map(|c| (c.id.clone(), c.status.key()))
            .collect::<Vec<_>>()
    };
    assert_eq!(statuses(&xfailed), statuses(&skipped));
}

#[test]
fn slow_events_announce_a_long_check_and_change_no_report() {
    use std::time::Duration;
    let sleepy = || {
        Arc::new(crate::toy::Toy {
            name: "mine",
            mul_hangs: true,
            ..Default::default()
        })
    };
    let config = RunConfig::new("")
        .seed(2)
        .max_examples(5)
        .filter("arith::")
        .jobs(2);
    let config = RunConfig {
        timeout: Some(Duration::from_millis(600)),
        ..config
    };
    let mut slow = Vec::new();
    let announced = run_backend(
        &suite(),
        sleepy(),
        &config.clone().slow_timeout(Duration::from_millis(200)),
        &mut |event| {
            if let conformance_engine::Event::Slow { id, running_for } = event {
                slow.push((id.to_string(), running_for));
            }
        },
    )
    .unwrap();
    assert!(!slow.is_empty());
    for (id, running_for) in &slow {
        assert_eq!(id, "arith::mul");
        assert_eq!(running_for.as_millis() % 200, 0, "{running_for:?}");
    }
    let quiet = run_backend(
        &suite(),
        sleepy(),
        &RunConfig {
            slow_timeout: None,
            ..config
        },
        &mut |event| {
            assert!(
                !matches!(event, conformance_engine::Event::Slow { .. }),
                "{event:?}"
            )
        },
    )
    .unwrap();
    let mut json = [to_json_value(&announced), to_json_value(&quiet)];
    json.iter_mut().for_each(without_durations);
    assert_eq!(json[0], json[1]);
}

#[test]
fn the_shrink_warning_names_the_limit_hit_and_machines_only_for_time() {
    let mut config = RunConfig::new("buggy").seed(3).filter("arith::add");
    config.budget.max_shrink_iters = 2;
    let report = run_backend(
        &suite(),
        Arc::new(crate::toy::Toy {
            name: "buggy",
            add_wrong_above: Some(1000),
            ..Default::default()
        }),
        &config,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        report.warnings,
        ["arith::add: shrinking stopped at its limit of 2 attempts; the counterexample may not be minimal"]
    );
}

#[test]
fn replays_are_a_command_when_the_caller_says_how_it_starts() {
    let failure_replay = |config: RunConfig| {
        let backend = Arc::new(crate::toy::Toy {
            name: "mine",
            neg_wrong: true,
            ..Default::default()
        });
        let report = run_backend(&suite(), backend, &config, &mut |_| {}).unwrap();
        let neg = report
            .checks
            .iter()
            .find(|c| c.id.as_str() == "arith::neg")
            .unwrap();
        assert!(matches!(neg.status, Status::Failed(_)), "{:?}", neg.status);
        neg.replay.clone()
    };
    let config = RunConfig::new("")
        .seed(3)
        .max_examples(40)
        .filter("arith::neg");
    assert_eq!(
        failure_replay(config.clone().no_shrink()),
        "RunConfig::new(\"mine\").seed(3).max_examples(40).filter(\"arith::neg\").no_shrink()"
    );
    assert_eq!(
        failure_replay(config.clone().replay_command("cargo test -p mine --test conformance --")),
        "cargo test -p mine --test conformance -- --backend mine --seed 3 --max-examples 40 -k arith::neg"
    );
    assert_eq!(
        failure_replay(config.replay_command("mine-conformance").no_shrink()),
        "mine-conformance --backend mine --seed 3 --max-examples 40 -k arith::neg --no-shrink"
    );
}

#[test]
fn the_library_call_disables_tags_and_refuses_unknown_ones() {
    let config = RunConfig::new("").seed(1).max_examples(5);
    let report = run_conformance_on(
        &suite(),
        good_backend("mine"),
        &config.clone().disable_tag("data-dependent-shape"),
    );
    let unique = report
        .checks
        .iter()
        .find(|c| c.id.as_str() == "set::unique")
        .unwrap();
    assert_eq!(
        unique.status,
        Status::Skipped("tag data-dependent-shape disabled".into())
    );
    assert_eq!(report.summary().passed, 7);
    let err = run_backend(
        &suite(),
        good_backend("mine"),
        &config.disable_tag("data-dependent-shapes"),
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown tag `data-dependent-shapes`; the suite's tags are: data-dependent-shape"
    );
}

#[test]
fn the_library_call_reports_not_implemented_as_skipped() {
    let backend = Arc::new(crate::toy::Toy {
        name: "mine",
        missing: vec!["neg"],
        ..Default::default()
    });
    let report = run_conformance_on(
        &suite(),
        backend,
        &RunConfig::new("").seed(1).max_examples(5),
    );
    let neg = report
        .checks
        .iter()
        .find(|c| c.id.as_str() == "arith::neg")
        .unwrap();
    assert_eq!(neg.status, Status::Skipped("not implemented".into()));
}

#[test]
fn the_harness_replay_prefix_is_read_where_the_macro_is_written() {
    // This file is a module of the `integration` target, not a target.
    assert_eq!(
        conformance_engine::harness_replay_prefix!(),
        "cargo test -p conformance-engine --test integration --"
    );
}
