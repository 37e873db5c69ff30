//! Test support for the check files: run one published check against a
//! backend, and build mutants (the reference with one function replaced)
//! to show that a check can fail.

use conformance_engine::{Check, CheckContext, CheckOutcome, ExampleBudget, Verdict};

use array_api::api::{ApiResult, Backend, Ops};
use array_api_reference as reference;
use conformance_strategies::AnyArray;

/// Runs `check` against `backend` with `examples` examples and a fixed seed.
pub(crate) fn run(check: &Check<Backend>, backend: &Backend, examples: u32) -> CheckOutcome {
    let budget = ExampleBudget {
        max_examples: examples,
        ..ExampleBudget::default()
    };
    let ctx = CheckContext::new([7; 32], budget)
        .with_example_hook(conformance_strategies::strata::example_hook());
    check.run_body(backend, &ctx)
}

/// The check with this id among `checks`.
pub(crate) fn find(checks: &[Check<Backend>], id: &str) -> Check<Backend> {
    checks
        .iter()
        .find(|c| c.id.as_str() == id)
        .unwrap_or_else(|| panic!("no check `{id}`"))
        .clone()
}

/// The reference, with the functions `change` sets replaced.
pub(crate) fn mutant(change: impl FnOnce(Ops) -> Ops) -> Backend {
    Backend::new("mutant", change(reference::ops()))
}

/// Asserts that the reference passes `id` and that `mutant` fails it with
/// a message containing `needle` (in any of the failures of different
/// kinds the check reports).
pub(crate) fn passes_and_catches(
    checks: &[Check<Backend>],
    id: &str,
    mutant: &Backend,
    needle: &str,
) {
    let check = find(checks, id);
    let ok = run(&check, &reference::backend(), 100);
    assert_eq!(ok.verdict, Verdict::Passed, "{id} on the reference");
    match run(&check, mutant, 100).verdict {
        Verdict::Failed(f) => assert!(
            f.all().any(|f| f.message.contains(needle)),
            "{id}: expected a message containing {needle:?}, got {:?}",
            f.all().map(|f| &f.message).collect::<Vec<_>>()
        ),
        other => panic!("{id}: the mutant was not caught: {other:?}"),
    }
}

/// Runs `check` against `backend` as `--seed run_seed --max-examples
/// examples` runs it: with the check's own seed derived from the run's.
pub(crate) fn run_seeded(
    check: &Check<Backend>,
    backend: &Backend,
    examples: u32,
    run_seed: u64,
) -> CheckOutcome {
    use conformance_engine::seed::{check_seed, rng_seed};
    let budget = ExampleBudget {
        max_examples: examples,
        ..ExampleBudget::default()
    };
    let seed = rng_seed(check_seed(run_seed, check.id.as_str()));
    check.run_body(backend, &CheckContext::new(seed, budget))
}

/// `y + 0.0`: `-0.0` becomes `+0.0`, every other value stays (the result
/// of a backend that loses the sign of a zero).
pub(crate) fn drop_zero_sign(y: ApiResult<AnyArray>) -> ApiResult<AnyArray> {
    let r = crate::agree::reference();
    let y = y?;
    if !y.dtype().is_float() {
        return Ok(y);
    }
    r.add(&y, &r.astype(&AnyArray::scalar(0.0f64), y.dtype())?)
}
