//! The indexing checks: `take` and `take_along_axis`, on `x` of every
//! dtype, layout and shape (one to three dimensions, zero-size sides
//! included), with indices of every integer dtype, negative ones included
//! (counted from the end, as the standard asks), in any layout.
//!
//! What the standard leaves unspecified is not drawn: indices out of
//! bounds, a 0-d `x` for `take`, and `take`'s `axis=None` with more than
//! one dimension (the standard requires the axis there; NumPy flattens).
//! For `take_along_axis` the axes other than `axis` broadcast: each side of
//! the indices is `x`'s, or 1, or anything where `x`'s side is 1. Results
//! copy elements, so they are compared exactly, the sign of zero included.

use conformance_engine::{Check, CheckContext};
use conformance_strategies::{
    array, arrays, axis_choice, labelled, AnyArray, ArraySpec, DTypeGroup, Domain, DrawnArray,
    Layout, ShapeSpec,
};
use proptest::prelude::*;
use proptest::sample::select;

use super::agree::{agree, reference};
use super::manipulation::exact;
use super::ROUND_TRIP;
use array_api::api::Backend;

labelled! {
    #[derive(Clone)]
    struct TakeInput {
        x: DrawnArray,
        indices: DrawnArray,
        axis: Option<isize>,
    }
}

labelled! {
    #[derive(Clone)]
    struct TakeAlongAxisInput {
        x: DrawnArray,
        indices: DrawnArray,
        axis: isize,
    }
}

/// Integer indices of `shape` within an axis of `n > 0` elements: in
/// `[-n, n)` (non-negative for an unsigned dtype). For `n == 0` the
/// caller makes the indices empty.
fn indices(shape: Vec<usize>, n: usize) -> BoxedStrategy<DrawnArray> {
    let domain = Domain::within(-(n as f64), n.max(1) as f64 - 1.0).and(Domain::integer_valued());
    select(DTypeGroup::Integer.dtypes())
        .prop_flat_map(move |dtype| array(ArraySpec::new(dtype, shape.clone()).with_domain(domain)))
        .boxed()
}

fn any_x() -> BoxedStrategy<DrawnArray> {
    arrays(DTypeGroup::All, ShapeSpec::new(1, 3, 0, 4), Domain::any())
}

/// `raw` as an index into an axis of `n > 0` elements, in `[-n, n)` (in
/// `[0, n)` when `signed` is false): 0 stays 0 and -1 stays -1, so the
/// indices shrink toward the first element and a failing negative index
/// keeps its sign.
fn fold_index(raw: i64, n: usize, signed: bool) -> i64 {
    let n = n as i64;
    match (raw >= 0, signed) {
        (true, _) => raw % n,
        (false, true) => -((-raw - 1) % n) - 1,
        (false, false) => (-raw - 1) % n,
    }
}

/// `x`, an axis (or none for a 1-d `x`), and up to five indices of an
/// integer dtype, drawn beside `x` (not after it, so each index shrinks on
/// its own and the list by whole elements) and folded into the axis.
fn take_input() -> impl Strategy<Value = TakeInput> {
    (
        any_x(),
        axis_choice(),
        any::<bool>(),
        select(DTypeGroup::Integer.dtypes()),
        proptest::collection::vec(-6i64..6, 0..=5),
    )
        .prop_map(|(x, choice, none, dtype, raw)| {
            let a = choice.resolve(x.ndim());
            let axis = if none && x.ndim() == 1 { None } else { Some(a) };
            let n = x.shape()[a.rem_euclid(x.ndim() as isize) as usize];
            let folded: Vec<i64> = if n == 0 {
                Vec::new()
            } else {
                let signed = dtype.is_signed_integer();
                raw.iter().map(|&r| fold_index(r, n, signed)).collect()
            };
            let array = reference()
                .astype(
                    &AnyArray::from(ndarray::Array1::from(folded).into_dyn()),
                    dtype,
                )
                .expect("indices in [-n, n) fit every integer dtype of an axis of at most 4");
            let indices = DrawnArray {
                array,
                layout: Layout::C,
            };
            TakeInput { x, indices, axis }
        })
}

fn take_along_axis_input() -> impl Strategy<Value = TakeAlongAxisInput> {
    (
        any_x(),
        axis_choice(),
        proptest::collection::vec((0..3u8, 0..=3usize), 3),
        0..=4usize,
    )
        .prop_flat_map(|(x, choice, sides, k)| {
            let axis = choice.resolve(x.ndim());
            let ax = axis.rem_euclid(x.ndim() as isize) as usize;
            let n = x.shape()[ax];
            let k = if n == 0 { 0 } else { k };
            let shape: Vec<usize> = x
                .shape()
                .iter()
                .zip(&sides)
                .enumerate()
                .map(|(d, (&s, &(how, any)))| match (d == ax, s, how) {
                    (true, ..) => k,
                    (false, 1, _) => any,
                    (false, _, 0) => 1,
                    (false, s, _) => s,
                })
                .collect();
            (Just(x), indices(shape, n), Just(axis))
        })
        .prop_map(|(x, indices, axis)| TakeAlongAxisInput { x, indices, axis })
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        Check::new("indexing", "take", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(take_input(), |i| {
                agree(
                    reference().take(&i.x, &i.indices, i.axis),
                    b.take(&i.x, &i.indices, i.axis),
                    Some(&exact()),
                )
            })
        })
        .depends_on(ROUND_TRIP),
        Check::new(
            "indexing",
            "take_along_axis",
            |b: &Backend, ctx: &CheckContext| {
                ctx.for_all(take_along_axis_input(), |i| {
                    agree(
                        reference().take_along_axis(&i.x, &i.indices, i.axis),
                        b.take_along_axis(&i.x, &i.indices, i.axis),
                        Some(&exact()),
                    )
                })
            },
        )
        .depends_on(ROUND_TRIP),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mutant, passes_and_catches};
    use array_api::api::ApiResult;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    /// Negative indices clamped to 0 instead of counted from the end.
    fn clamped(indices: &AnyArray) -> ApiResult<AnyArray> {
        let r = reference();
        let zero = r.astype(&AnyArray::scalar(0i8), indices.dtype())?;
        r.maximum(indices, &zero)
    }

    fn take_clamping(x: &AnyArray, indices: &AnyArray, axis: Option<isize>) -> ApiResult<AnyArray> {
        reference().take(x, &clamped(indices)?, axis)
    }

    fn take_along_first_axis(x: &AnyArray, indices: &AnyArray, axis: isize) -> ApiResult<AnyArray> {
        let r = reference();
        r.take_along_axis(x, indices, axis)?;
        r.take_along_axis(x, indices, 0)
    }

    #[test]
    fn indices_fold_into_the_axis_keeping_zero_and_minus_one() {
        assert_eq!(fold_index(0, 3, true), 0);
        assert_eq!(fold_index(-1, 3, true), -1);
        assert_eq!(fold_index(-4, 3, true), -1);
        assert_eq!(fold_index(5, 3, true), 2);
        assert_eq!(fold_index(-1, 3, false), 0);
        assert_eq!(fold_index(-3, 3, false), 2);
    }

    #[test]
    fn each_check_passes_the_reference_and_catches_a_mutant() {
        let checks = checks();
        let cases: Vec<(&str, Backend, &str)> = vec![
            (
                "indexing::take",
                mutant(|o| o.take(take_clamping)),
                "differ",
            ),
            (
                "indexing::take_along_axis",
                mutant(|o| o.take_along_axis(take_along_first_axis)),
                "",
            ),
        ];
        for (id, backend, needle) in &cases {
            passes_and_catches(&checks, id, backend, needle);
        }
    }

    /// Every draw is one the reference answers (no unspecified case), and
    /// negative indices and broadcast sides come up.
    #[test]
    fn the_draws_are_valid_and_reach_their_cases() {
        let mut runner = TestRunner::deterministic();
        let (mut negative, mut none) = (0, 0);
        for _ in 0..300 {
            let i = take_input().new_tree(&mut runner).unwrap().current();
            reference()
                .take(&i.x, &i.indices, i.axis)
                .unwrap_or_else(|e| panic!("{i:?}: {e}"));
            negative += usize::from(i.indices.to_f64_vec().iter().any(|&v| v < 0.0));
            none += usize::from(i.axis.is_none());
        }
        assert!(negative > 30 && none > 10, "{negative} {none}");
        let mut broadcast = 0;
        for _ in 0..300 {
            let i = take_along_axis_input()
                .new_tree(&mut runner)
                .unwrap()
                .current();
            let out = reference()
                .take_along_axis(&i.x, &i.indices, i.axis)
                .unwrap_or_else(|e| panic!("{i:?}: {e}"));
            broadcast += usize::from(out.shape() != i.indices.shape());
        }
        assert!(broadcast > 10, "{broadcast}");
    }
}
