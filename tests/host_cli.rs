//! Bad input on the real host's binary: exit code 2, a message that names
//! the problem and the fix, and never a panic.

use std::process::Command;

fn stderr_and_code(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_conformance"))
        .args(args)
        .output()
        .expect("the host's binary starts");
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().expect("the host exits, not killed"),
    )
}

#[test]
fn bad_input_on_the_real_host_is_exit_2_with_the_fix() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--backend", "paralel"],
            "unknown backend `paralel` (did you mean `parallel`?); known backends: cpu, parallel, partial, faulty, accelerated-bugs, faults, crashes",
        ),
        (
            &["--backend", "cpu", "--disable-extension", "ffts"],
            "unknown extension `ffts`; the suite's extensions are: fft, linalg",
        ),
        (
            &["--backend", "cpu", "-k", "elementwise::sqrtt"],
            "filter `elementwise::sqrtt` matches no check",
        ),
        (&["--backend", "cpu", "--max-examples", "0"], "--max-examples"),
        (
            &["--backend", "cpu", "--seed", "-5"],
            "--seed needs a whole number from 0 to 18446744073709551615",
        ),
        // `faulty` fails checks: the run would be exit 1, after the run.
        (
            &["--backend", "faulty", "--format", "json", "--output", "/"],
            "invalid value for --output: / is a directory",
        ),
        (
            &["--backend", "cpu", "--partition", "1/2", "-k", "elementwise::abs"],
            "nothing to run: -k elementwise::abs and --partition 1/2 select no check together",
        ),
        (
            &["--isolated-child"],
            "--isolated-child needs a request on stdin",
        ),
    ];
    for (args, needle) in cases {
        let (stderr, code) = stderr_and_code(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains(needle),
            "{args:?}: expected {needle:?} in {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
