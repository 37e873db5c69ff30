//! Speed of the example host's whole suite on the `cpu` backend:
//! wall time, checks per second and examples per second at 100 and 1000
//! examples, `--jobs 1` against `--jobs 2`, and the engine's overhead per
//! example against calling the same function directly on the same inputs.
//! `cargo bench -p example-host --bench suite`; the figures go in
//! BENCHMARKS.md.

use std::time::{Duration, Instant};

use conformance_engine::{run_suite, CheckContext, Deviation, ExampleBudget, RunConfig};
use conformance_strategies::{arrays, DTypeGroup, Domain, ShapeSpec};
use example_host::{checks, dispatch};
use proptest::strategy::{Strategy, ValueTree};

fn whole_suite(max_examples: u32, jobs: usize) -> (Duration, usize, u64) {
    let suite = checks::suite();
    let registry = dispatch::registry();
    let config = RunConfig::new("cpu")
        .seed(1)
        .max_examples(max_examples)
        .jobs(jobs);
    let started = Instant::now();
    let report = run_suite(&suite, &registry, &config, &mut |_| {}).expect("valid configuration");
    let elapsed = started.elapsed();
    assert_eq!(
        report.summary().failed,
        0,
        "the reference must pass its own checks"
    );
    let examples = report.checks.iter().map(|c| u64::from(c.examples)).sum();
    (elapsed, report.checks.len(), examples)
}

fn overhead() -> (f64, f64) {
    const N: u32 = 20_000;
    let reference = dispatch::get_backend("cpu").unwrap();
    let strategy = arrays(
        DTypeGroup::Floating,
        ShapeSpec::new(0, 2, 0, 4),
        Domain::any(),
    );
    // Direct: draw the same inputs, call sqrt, nothing else.
    let ctx = CheckContext::new(
        [3; 32],
        ExampleBudget {
            max_examples: N,
            ..ExampleBudget::default()
        },
    );
    let mut runner = ctx.test_runner();
    let inputs: Vec<_> = (0..N)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect();
    let started = Instant::now();
    for x in &inputs {
        std::hint::black_box(reference.sqrt(x).ok());
    }
    let direct = started.elapsed().as_secs_f64() / f64::from(N);
    // Through the engine: the same strategy, seed and call.
    let started = Instant::now();
    let out = ctx.for_all(strategy, |x| {
        std::hint::black_box(reference.sqrt(&x).ok());
        Ok(Deviation::default())
    });
    let engine = started.elapsed().as_secs_f64() / f64::from(out.examples);
    (direct * 1e6, engine * 1e6)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    println!("| max examples | jobs | checks | examples | wall time | checks/s | examples/s |");
    println!("|---|---|---|---|---|---|---|");
    for (n, jobs) in [(100, 1), (100, 2), (1000, 1), (1000, 2)] {
        let (t, checks, examples) = whole_suite(n, jobs);
        let s = t.as_secs_f64();
        println!(
            "| {n} | {jobs} | {checks} | {examples} | {s:.2} s | {:.0} | {:.0} |",
            checks as f64 / s,
            examples as f64 / s
        );
    }
    let (direct, engine) = overhead();
    println!();
    println!("sqrt on small float arrays: direct call (drawing excluded) {direct:.2} µs/example; through for_all (drawing included) {engine:.2} µs/example; engine overhead {:.2} µs/example", engine - direct);
}
