//! Skips and xfails files through the command line: what an entry matches,
//! the reasons and statuses it gives, warnings and file:line errors.

use std::path::{Path, PathBuf};

use crate::toy::{run, status_of, Scratch};

/// A list file in a scratch directory of its own.
struct ListFile {
    _dir: Scratch,
    path: PathBuf,
}

impl ListFile {
    fn path(&self) -> &Path {
        &self.path
    }
}

fn file(text: &str) -> ListFile {
    let dir = Scratch::new();
    let path = dir.file("list.txt", text);
    ListFile { _dir: dir, path }
}

#[test]
fn skips_name_a_check_a_function_or_a_group() {
    let skips = file("# a comment\n\narith::mul   # one check\nadd\nlinalg::\n");
    let path = skips.path().to_str().unwrap();
    let out = run(&[
        "--backend",
        "buggy",
        "--seed",
        "1",
        "--skips-file",
        path,
        "--max-examples",
        "20",
    ]);
    let reason = |id: &str| {
        out.stdout
            .lines()
            .find(|l| l.contains(id))
            .unwrap()
            .to_string()
    };
    assert_eq!(status_of(&out.stdout, "arith::mul"), "SKIPPED");
    assert!(
        reason("arith::mul").contains(&format!("{path}:3")),
        "{}",
        out.stdout
    );
    // `add` is the function: all three of its checks.
    for id in ["arith::add", "special_cases::add", "extra::add::commutes"] {
        assert_eq!(status_of(&out.stdout, id), "SKIPPED", "{id}");
        assert!(reason(id).contains(&format!("{path}:4")), "{id}");
    }
    assert_eq!(status_of(&out.stdout, "linalg::dot"), "SKIPPED");
    // Not matched: a different function of the same group.
    assert!(status_of(&out.stdout, "arith::neg").starts_with("FAILED"));
}

#[test]
fn an_entry_is_never_a_substring_match() {
    let skips = file("arith::ad\nari\n");
    let out = run(&[
        "--backend",
        "good",
        "--seed",
        "1",
        "--max-examples",
        "5",
        "--skips-file",
        skips.path().to_str().unwrap(),
    ]);
    assert_eq!(status_of(&out.stdout, "arith::add"), "PASSED");
    assert!(
        out.stdout
            .contains(":1: entry `arith::ad` matches no check"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(":2: entry `ari` matches no check"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_malformed_line_is_an_error_with_file_and_line() {
    let skips = file("arith::add\n\narith add\n");
    let path = skips.path().to_str().unwrap();
    let out = run(&["--backend", "good", "--skips-file", path]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains(&format!("{path}:3:")), "{}", out.stderr);
    let xfails = file("ok::entry\n:::\n");
    let xpath = xfails.path().to_str().unwrap();
    let out = run(&["--backend", "good", "--xfails-file", xpath]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(&format!("{xpath}:2:")),
        "{}",
        out.stderr
    );
}

#[test]
fn xfail_and_xpass() {
    let xfails = file("arith::add\narith::mul\n");
    let path = xfails.path().to_str().unwrap();
    let args = [
        "--backend",
        "buggy",
        "--seed",
        "3",
        "--xfails-file",
        path,
        "-k",
        "arith::add",
        "-k",
        "arith::mul",
    ];
    let out = run(&args);
    assert_eq!(status_of(&out.stdout, "arith::add"), "XFAIL");
    assert_eq!(status_of(&out.stdout, "arith::mul"), "XPASS");
    assert!(out.stdout.contains(&format!("{path}:2")), "{}", out.stdout);
    assert_eq!(
        out.code, 0,
        "an XPASS alone is not a failure:\n{}",
        out.stdout
    );
    let mut strict = args.to_vec();
    strict.push("--strict-xfail");
    assert_eq!(run(&strict).code, 1);
}

#[test]
fn partitions_cover_each_check_exactly_once() {
    let all = run(&["--list"]).stdout;
    let ids = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|w| w.contains("::"))
            .map(str::to_string)
            .collect()
    };
    let everything = ids(&all);
    assert_eq!(everything.len(), 8, "{all}");
    let mut seen = Vec::new();
    for k in 1..=3 {
        let part = run(&["--list", "--partition", &format!("{k}/3")]);
        assert_eq!(part.code, 0);
        let slice = ids(&part.stdout);
        assert!(!slice.is_empty());
        seen.extend(slice);
    }
    seen.sort();
    let mut expected = everything.clone();
    expected.sort();
    assert_eq!(seen, expected);
}

#[test]
fn a_partitioned_run_reports_only_its_slice() {
    let out = run(&[
        "--backend",
        "good",
        "--seed",
        "1",
        "--max-examples",
        "5",
        "--partition",
        "2/2",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["partition"], "2/2");
    assert_eq!(doc["checks"].as_array().unwrap().len(), 4);
}

#[test]
fn an_invisible_character_is_named_with_its_line() {
    for (text, line, shown, named) in [
        (
            "# header\n\narith::\u{200b}add\n",
            3,
            "`arith::<U+200B>add`",
            "U+200B (zero width space)",
        ),
        (
            "arith::add\n\u{feff}arith::mul\n",
            2,
            "`<U+FEFF>arith::mul`",
            "U+FEFF (byte order mark)",
        ),
        ("arith::neg\u{a0}x\n", 1, "", "U+00A0 (no-break space)"),
    ] {
        let skips = file(text);
        let path = skips.path().to_str().unwrap();
        let out = run(&["--backend", "good", "--skips-file", path]);
        assert_eq!(out.code, 2, "{text:?}");
        let stderr = &out.stderr;
        assert!(stderr.contains(&format!("{path}:{line}: ")), "{stderr}");
        assert!(stderr.contains(shown), "{stderr}");
        assert!(stderr.contains(named), "{stderr}");
    }
}

#[test]
fn a_byte_order_mark_opening_the_file_is_its_encoding_not_an_entry() {
    let skips = file("\u{feff}arith::mul\n");
    let out = run(&[
        "--backend",
        "good",
        "--seed",
        "1",
        "--max-examples",
        "3",
        "--skips-file",
        skips.path().to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(status_of(&out.stdout, "arith::mul"), "SKIPPED");
}

#[test]
fn unmatched_entries_are_capped_and_warned_about_before_the_run() {
    let text: String = (0..5000).map(|i| format!("gone::f{i}\n")).collect();
    let skips = file(&format!("arith::mul\n{text}"));
    let path = skips.path().to_str().unwrap();
    let out = run(&[
        "--backend",
        "good",
        "--seed",
        "1",
        "--max-examples",
        "3",
        "--skips-file",
        path,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let warnings: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 21, "{}", out.stdout);
    assert_eq!(
        lines[warnings[0]],
        format!("warning: {path}:2: entry `gone::f0` matches no check")
    );
    assert_eq!(
        lines[warnings[20]],
        format!("warning: {path}: 4980 more entries match no check (the first 20 are listed)")
    );
    // Right after the opening line, before any check's line; not again in
    // the summary.
    assert!(lines[0].starts_with("running 8 checks"), "{}", out.stdout);
    assert_eq!(warnings, (1..22).collect::<Vec<_>>(), "{}", out.stdout);
    // The JSON report holds the same capped list.
    let out = run(&[
        "--backend",
        "good",
        "--seed",
        "1",
        "--max-examples",
        "3",
        "--skips-file",
        path,
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 21);
    assert_eq!(
        out.stderr.matches("warning: ").count(),
        21,
        "{}",
        out.stderr
    );
}
