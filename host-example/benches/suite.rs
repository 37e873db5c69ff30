//! Speed of the example host's whole suite on the `cpu` backend:
//! wall time, checks per second and examples per second at 100, 1000 and
//! 10000 examples, `--jobs 1` against `--jobs 2`; the engine's overhead per
//! example against calling the same function directly on the same inputs;
//! and the time each of the `faulty` backend's bugs takes to be found and
//! shrunk to its minimal counterexample.
//! Whole-suite times are the median of several runs, since a shared
//! two-core machine varies by ±10% from run to run.
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

/// Per example, in µs: the direct call, drawing the input, and the whole
/// example through `for_all`; each the fastest of five rounds, so a
/// scheduler hiccup does not count.
fn overhead() -> (f64, f64, f64) {
    const N: u32 = 50_000;
    const ROUNDS: usize = 5;
    let reference = dispatch::get_backend("cpu").unwrap();
    let strategy = arrays(
        DTypeGroup::Floating,
        ShapeSpec::new(0, 2, 0, 4),
        Domain::any(),
    );
    let ctx = CheckContext::new(
        [3; 32],
        ExampleBudget {
            max_examples: N,
            ..ExampleBudget::default()
        },
    );
    let per_example = |started: Instant| started.elapsed().as_secs_f64() * 1e6 / f64::from(N);
    let (mut direct, mut drawing, mut engine) = (f64::MAX, f64::MAX, f64::MAX);
    for _ in 0..ROUNDS {
        // Drawing alone: the same inputs for_all draws (same seed).
        let mut runner = ctx.test_runner();
        let started = Instant::now();
        let inputs: Vec<_> = (0..N)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect();
        drawing = drawing.min(per_example(started));
        // Direct: sqrt on those inputs, nothing else.
        let started = Instant::now();
        for x in &inputs {
            std::hint::black_box(reference.sqrt(x).ok());
        }
        direct = direct.min(per_example(started));
        // Through the engine: the same strategy, seed and call.
        let started = Instant::now();
        let out = ctx.for_all(strategy.clone(), |x| {
            std::hint::black_box(reference.sqrt(&x).ok());
            Ok(Deviation::default())
        });
        assert_eq!(out.examples, N);
        engine = engine.min(per_example(started));
    }
    (direct, drawing, engine)
}

/// The checks the `faulty` backend's bugs fail, one per bug.
const FAULTY_BUGS: [&str; 8] = [
    "special_cases::sqrt",
    "elementwise::maximum",
    "elementwise::negative",
    "statistical::sum",
    "statistical::mean",
    "sorting::argsort",
    "elementwise::exp",
    "indexing::take",
];

/// Each bug's check alone on one thread: time to the minimal
/// counterexample (finding and shrinking), the shrinking steps, and the
/// counterexample's first line.
fn shrinking() {
    let suite = checks::suite();
    let registry = dispatch::registry();
    println!("| check | time to minimal counterexample | examples before the failure | shrinking steps | counterexample |");
    println!("|---|---|---|---|---|");
    for id in FAULTY_BUGS {
        let mut config = RunConfig::new("faulty").seed(1).max_examples(100).jobs(1);
        config.selection.filters = vec![id.to_string()];
        // The first failure only: the time to it, and the examples before
        // it (a check otherwise goes on to look for failures of other kinds).
        config.budget.max_failures = 1;
        let report =
            run_suite(&suite, &registry, &config, &mut |_| {}).expect("valid configuration");
        let check = report
            .checks
            .iter()
            .find(|c| c.id.as_str() == id)
            .expect("the filtered check is reported");
        let failure = check.status.failure().expect("each planted bug is found");
        let first_line = failure
            .counterexample
            .as_deref()
            .and_then(|c| c.lines().next())
            .unwrap_or("");
        println!(
            "| `{id}` | {:.1} ms | {} | {} | `{first_line}` |",
            check.duration.as_secs_f64() * 1e3,
            check.examples,
            failure.shrink_steps
        );
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    println!("| max examples | jobs | checks | examples | runs | median wall time (min–max) | checks/s | examples/s |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut medians = Vec::new();
    for (n, rounds) in [(100, 5), (1000, 5), (10000, 3)] {
        for jobs in [1, 2] {
            let mut times = Vec::new();
            let (mut checks, mut examples) = (0, 0);
            for _ in 0..rounds {
                let (t, c, e) = whole_suite(n, jobs);
                times.push(t.as_secs_f64());
                (checks, examples) = (c, e);
            }
            times.sort_by(f64::total_cmp);
            let median = times[times.len() / 2];
            medians.push(((n, jobs), median));
            println!(
                "| {n} | {jobs} | {checks} | {examples} | {rounds} | {median:.2} s ({:.2}–{:.2}) | {:.0} | {:.0} |",
                times[0],
                times[times.len() - 1],
                checks as f64 / median,
                examples as f64 / median
            );
        }
    }
    println!();
    for n in [100, 1000, 10000] {
        let at = |jobs| medians.iter().find(|(k, _)| *k == (n, jobs)).unwrap().1;
        println!(
            "{n} examples: --jobs 2 is {:.2}x faster than --jobs 1 (medians)",
            at(1) / at(2)
        );
    }
    let (direct, drawing, engine) = overhead();
    println!();
    println!(
        "sqrt on small float arrays, per example: direct call {direct:.2} µs; drawing the input {drawing:.2} µs; through for_all (drawing and the call included) {engine:.2} µs; engine overhead {:.2} µs",
        engine - direct - drawing
    );
    println!();
    shrinking();
}
