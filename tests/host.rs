//! Running the example host's own binary (`cargo run -- …` as a user
//! would), for the tests that need the real host: fault injection,
//! isolation, determinism.

use std::process::Command;

use conformance_engine::report::json::without_durations;

/// Runs the host's binary; returns the JSON report and the exit code.
pub fn run_host(args: &[&str]) -> (serde_json::Value, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_conformance"))
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("the host's binary starts");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut doc: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}{}", String::from_utf8_lossy(&out.stderr)));
    without_durations(&mut doc);
    (doc, out.status.code().expect("the host exits, not killed"))
}

/// The number of elements of each array named in a counterexample
/// (`x: float64 [2, 1] ...`); other lines (`cases: [...]`) are not arrays.
pub fn array_sizes(counterexample: &str) -> Vec<usize> {
    counterexample
        .lines()
        .filter_map(|line| {
            let (_, rest) = line.split_once(": ")?;
            let (dtype, rest) = rest.split_once(" [")?;
            let is_dtype = dtype == "bool"
                || dtype.starts_with("int")
                || dtype.starts_with("uint")
                || dtype.starts_with("float")
                || dtype.starts_with("complex");
            if !is_dtype {
                return None;
            }
            let shape = rest.split_once(']')?.0;
            Some(
                shape
                    .split(", ")
                    .filter(|d| !d.is_empty())
                    .map(|d| d.parse::<usize>().expect("a shape"))
                    .product(),
            )
        })
        .collect()
}
