//! A default run of the published checks (100 examples) on this backend
//! enters each kind of its parallel code: elementwise chunks, reductions,
//! scans, sorts and matrix products. Below `PARALLEL_MIN` elements the
//! backend runs sequentially, so checks that drew only small arrays would
//! pass without ever running the code that splits work across threads.

use std::sync::Arc;

use conformance_engine::{run_backend, RunConfig};
use parallel_backend::paths::{entries, Path};

#[test]
fn a_default_run_enters_every_kind_of_parallel_path() {
    for seed in 1..=5 {
        let before: Vec<u64> = Path::ALL.iter().map(|&p| entries(p)).collect();
        let config = RunConfig::new("parallel").seed(seed).max_examples(100);
        let report = run_backend(
            &array_api_checks::suite(),
            Arc::new(parallel_backend::backend()),
            &config,
            &mut |_| {},
        )
        .expect("a valid configuration");
        let summary = report.summary();
        assert_eq!(summary.failed, 0, "seed {seed}: {summary:?}");
        for (&path, before) in Path::ALL.iter().zip(before) {
            let entered = entries(path) - before;
            assert!(entered > 0, "seed {seed}: {path:?} never ran in parallel");
            eprintln!("seed {seed}: {path:?} entered {entered} times");
        }
    }
}
