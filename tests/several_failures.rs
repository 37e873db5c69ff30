//! One backend function wrong in two ways, one published check: a `sqrt`
//! that panics on a negative element and is 50% off where the result
//! exceeds 1000. `elementwise::sqrt` reports both in one run (a panic and
//! a wrong value), each with its own shrunk counterexample, the same
//! whatever the thread count.

use std::sync::{Arc, LazyLock};

use conformance_engine::{run_backend, Failure, RunConfig, Status, PANIC_KIND};
use conformance_strategies::AnyArray;
use example_host::{checks, reference, ApiResult, Backend};

static REFERENCE: LazyLock<Backend> = LazyLock::new(reference::backend);

/// Panics on a negative element; 50% too large where the result exceeds
/// 1000; the reference elsewhere (complex arrays included).
fn twofold_sqrt(x: &AnyArray) -> ApiResult<AnyArray> {
    if !x.dtype().is_complex() && x.to_f64_vec().iter().any(|&v| v < 0.0) {
        panic!("sqrt of a negative number");
    }
    let off = |v: f64| if v > 1000.0 { v * 1.5 } else { v };
    Ok(match REFERENCE.sqrt(x)? {
        AnyArray::Float32(a) => AnyArray::Float32(a.mapv(|v| off(f64::from(v)) as f32)),
        AnyArray::Float64(a) => AnyArray::Float64(a.mapv(off)),
        other => other,
    })
}

/// The failures of `elementwise::sqrt` on the twofold backend.
fn sqrt_failures(seed: u64, jobs: usize) -> (Failure, u32) {
    let backend = Arc::new(Backend::new("twofold", reference::ops().sqrt(twofold_sqrt)));
    let config = RunConfig::new("twofold")
        .seed(seed)
        .max_examples(300)
        .jobs(jobs)
        .filter("elementwise::sqrt");
    let report = run_backend(&checks::suite(), backend, &config, &mut |_| {}).unwrap();
    let check = report
        .checks
        .iter()
        .find(|c| c.id.as_str() == "elementwise::sqrt")
        .expect("the check ran");
    match &check.status {
        Status::Failed(f) => (f.clone(), check.examples),
        other => panic!("expected FAILED, got {other:?}"),
    }
}

#[test]
fn a_check_reports_a_panic_and_a_wrong_value_of_one_function_in_one_run() {
    for seed in [1, 2, 3] {
        let (failure, examples) = sqrt_failures(seed, 2);
        assert_eq!(examples, 300, "seed {seed}: the whole budget was searched");
        let kinds: Vec<&str> = failure.all().map(|f| f.kind.as_deref().unwrap()).collect();
        assert!(kinds.contains(&PANIC_KIND), "seed {seed}: {kinds:?}");
        assert!(
            kinds.iter().any(|k| k.starts_with("value (float")),
            "seed {seed}: {kinds:?}"
        );
        for f in failure.all() {
            let input = f.counterexample.as_deref().unwrap();
            if f.kind.as_deref() == Some(PANIC_KIND) {
                assert!(
                    f.message.contains("sqrt of a negative number"),
                    "{}",
                    f.message
                );
                assert!(input.contains('-'), "seed {seed}: {input}");
            } else {
                assert!(f.message.starts_with("values differ"), "{}", f.message);
                assert!(
                    !input.contains('-'),
                    "a wrong value needs no negative: {input}"
                );
            }
            assert!(f.shrink_steps > 0, "seed {seed}: {f:?}");
        }
        // The same failures whatever the thread count.
        assert_eq!(sqrt_failures(seed, 1).0, failure, "seed {seed}");
    }
}
