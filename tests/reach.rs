//! Issue 10's planted bugs: the `accelerated-bugs` backend has one bug of
//! each kind real accelerated backends have, each triggered only at the
//! sizes or values such a backend has it (see
//! `host-example/src/backends/accelerated_bugs.rs`). At the default 100
//! examples, in each of seeds 1-5, every one is FAILED, and its
//! counterexample is no larger than the bug needs.

use example_host::backends::accelerated_bugs::{BLOCK, FAST_PATH_MIN, INNER_BLOCK};

use crate::host::{array_sizes, run_host};

/// Each planted bug's check, and the most elements any array of its
/// counterexample may have: what the bug needs, and no more.
fn planted() -> [(&'static str, usize); 8] {
    [
        // More than a block, not a multiple of it.
        ("statistical::sum", BLOCK + 1),
        // A lane one past a block.
        ("statistical::cumulative_sum", BLOCK + 1),
        // One wide integer each side.
        ("elementwise::add", 1),
        // A lane long enough that the unstable sort is not an insertion
        // sort (Rust's is stable up to 20 elements).
        ("sorting::argsort", 64),
        // A non-C layout of at least FAST_PATH_MIN elements; shrinking
        // removes whole rows, so at most one row more.
        ("elementwise::abs", FAST_PATH_MIN + FAST_PATH_MIN / 16),
        // An inner dimension one past a block.
        ("linear_algebra::matmul", INNER_BLOCK + 1),
        // NaN and one number.
        ("sorting::sort", 2),
        // NaN alone.
        ("searching::count_nonzero", 1),
    ]
}

#[test]
fn each_planted_accelerator_bug_is_failed_in_every_seed_with_a_small_counterexample() {
    let planted = planted();
    for seed in 1..=5 {
        let mut args = vec!["--backend", "accelerated-bugs", "--seed"];
        let seed_text = seed.to_string();
        args.push(&seed_text);
        for (check, _) in &planted {
            args.extend(["-k", check]);
        }
        let (doc, code) = run_host(&args);
        assert_eq!(code, 1, "seed {seed}");
        for (id, most) in planted {
            let check = doc["checks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == id)
                .unwrap_or_else(|| panic!("{id} ran"));
            assert_eq!(check["status"], "failed", "seed {seed}: {id} was not found");
            let counterexample = check["counterexample"].as_str().unwrap();
            let sizes = array_sizes(counterexample);
            assert!(
                !sizes.is_empty() && sizes.iter().all(|&n| n <= most),
                "seed {seed}: {id}'s counterexample is larger than the bug needs ({most}): {counterexample}"
            );
        }
    }
}
