//! The check of `isin`: `x1` and `x2` integer arrays (the standard's
//! "should") of any shape and layout, of two dtypes that promote (pairs
//! without a promotion, `int64` with `uint64`, are unspecified and not
//! drawn), values small and often repeated so that both outcomes are
//! common, `invert` drawn. The result is `bool` of `x1`'s shape, compared
//! exactly.

use conformance_engine::{Check, CheckContext};
use conformance_strategies::{
    array, labelled, shapes, ArraySpec, DType, DTypeGroup, Domain, DrawnArray, ShapeSpec,
};
use proptest::prelude::*;
use proptest::sample::select;

use super::agree::{agree, reference};
use super::manipulation::exact;
use super::ROUND_TRIP;
use array_api::api::Backend;
use array_api::promotion::result_type;

labelled! {
    #[derive(Clone)]
    struct IsinInput {
        x1: DrawnArray,
        x2: DrawnArray,
        invert: bool,
    }
}

/// The pairs of integer dtypes the standard promotes.
fn promoting_pairs() -> Vec<(DType, DType)> {
    let ints = DTypeGroup::Integer.dtypes();
    ints.iter()
        .flat_map(|&a| ints.iter().map(move |&b| (a, b)))
        .filter(|&(a, b)| result_type(&[a, b]).is_some())
        .collect()
}

fn isin_input() -> impl Strategy<Value = IsinInput> {
    let values = Domain::within(-6.0, 6.0).with_ties();
    let spec = ShapeSpec::new(0, 3, 0, 4);
    (
        select(promoting_pairs()),
        shapes(spec),
        shapes(spec),
        any::<bool>(),
    )
        .prop_flat_map(move |((d1, d2), s1, s2, invert)| {
            (
                array(ArraySpec::new(d1, s1).with_domain(values)),
                array(ArraySpec::new(d2, s2).with_domain(values)),
                Just(invert),
            )
        })
        .prop_map(|(x1, x2, invert)| IsinInput { x1, x2, invert })
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        Check::new("set", "isin", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(isin_input(), |i| {
                agree(
                    reference().isin(&i.x1, &i.x2, i.invert),
                    b.isin(&i.x1, &i.x2, i.invert),
                    Some(&exact()),
                )
            })
        })
        .depends_on(ROUND_TRIP),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mutant, passes_and_catches};
    use array_api::api::ApiResult;
    use conformance_strategies::AnyArray;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    fn invert_ignored(x1: &AnyArray, x2: &AnyArray, _invert: bool) -> ApiResult<AnyArray> {
        reference().isin(x1, x2, false)
    }

    #[test]
    fn the_check_passes_the_reference_and_catches_a_mutant() {
        let checks = checks();
        passes_and_catches(
            &checks,
            "set::isin",
            &mutant(|o| o.isin(invert_ignored)),
            "values differ",
        );
    }

    #[test]
    fn both_outcomes_are_common() {
        let mut runner = TestRunner::deterministic();
        let (mut yes, mut no) = (0, 0);
        for _ in 0..200 {
            let i = isin_input().new_tree(&mut runner).unwrap().current();
            let r = reference().isin(&i.x1, &i.x2, false).unwrap().to_f64_vec();
            yes += r.iter().filter(|&&v| v == 1.0).count();
            no += r.iter().filter(|&&v| v == 0.0).count();
        }
        assert!(yes > 100 && no > 100, "{yes} {no}");
    }
}
