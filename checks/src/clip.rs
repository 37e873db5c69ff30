//! The `clip` check: `x` of every real dtype and any layout, `min` and
//! `max` each absent or an array of `x`'s dtype broadcast against `x`, NaN
//! in any of them. The standard leaves `min > max` unspecified, so the
//! bounds are drawn on either side of a threshold: every broadcast `min` is
//! at most every broadcast `max` (NaN aside). `clip` picks one of its
//! operands, so the result is compared exactly, the sign of zero too
//! except where zeros of both signs meet among `x`, `min` and `max` (the
//! standard's `maximum`/`minimum`, which `clip` is built from, may return
//! either there).

use conformance_engine::{Check, CheckContext};
use conformance_strategies::compare::CompareOptions;
use conformance_strategies::{
    array, broadcastable_shapes, dtypes, labelled, AnyArray, ArraySpec, DTypeGroup, Domain,
    DrawnArray,
};
use proptest::prelude::*;

use super::agree::{agree_with, compare, reference};
use super::elementwise::shapes;
use super::zero_sign::ZeroSign;
use super::ROUND_TRIP;
use array_api::api::Backend;

labelled! {
    #[derive(Clone)]
    struct ClipInput {
        x: DrawnArray,
        min: Option<DrawnArray>,
        max: Option<DrawnArray>,
    }
}

/// `x` with any values; `min` at or below the threshold `t` and `max` at
/// or above it (both may be NaN or infinite), `t` within the dtype's range
/// near zero, so that some of `x` is clipped from each side.
fn clip_input() -> impl Strategy<Value = ClipInput> {
    (
        // Floats as often as integers: they have NaN and the infinities.
        conformance_strategies::strata::union(vec![
            (
                1,
                DTypeGroup::Floating.dtypes(),
                dtypes(DTypeGroup::Floating),
            ),
            (1, DTypeGroup::Integer.dtypes(), dtypes(DTypeGroup::Integer)),
        ]),
        broadcastable_shapes(3, shapes()),
        conformance_strategies::strata::flag(),
        conformance_strategies::strata::flag(),
    )
        .prop_flat_map(|(dtype, mut shapes, has_min, has_max)| {
            let lowest = if dtype.is_unsigned_integer() {
                0.0
            } else {
                -100.0
            };
            let threshold = prop_oneof![Just(0.0), lowest..100.0f64];
            let max_shape = shapes.pop().expect("three shapes");
            let min_shape = shapes.pop().expect("three shapes");
            let x_shape = shapes.pop().expect("three shapes");
            threshold.prop_flat_map(move |t| {
                let below = Domain {
                    hi: t,
                    ..Domain::any()
                };
                let above = Domain {
                    lo: t,
                    ..Domain::any()
                };
                (
                    array(ArraySpec::new(dtype, x_shape.clone())),
                    array(ArraySpec::new(dtype, min_shape.clone()).with_domain(below)),
                    array(ArraySpec::new(dtype, max_shape.clone()).with_domain(above)),
                )
                    .prop_map(move |(x, min, max)| ClipInput {
                        x,
                        min: has_min.then_some(min),
                        max: has_max.then_some(max),
                    })
            })
        })
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        Check::new("elementwise", "clip", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(clip_input(), |i| {
                let (min, max) = (i.min.as_deref(), i.max.as_deref());
                let operands: Vec<&AnyArray> =
                    [Some(&*i.x), min, max].into_iter().flatten().collect();
                agree_with(
                    reference().clip(&i.x, min, max),
                    b.clip(&i.x, min, max),
                    |e, a| {
                        let o = ZeroSign::OpenBetweenMixedZeros.apply(
                            CompareOptions::exact(),
                            e,
                            &operands,
                        )?;
                        compare(e, a, Some(&o))
                    },
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
    use array_api::args::Scalar;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    /// The draws keep `min <= max` wherever both are numbers, and reach
    /// the cases the check is for: each bound absent and present, NaN
    /// bounds, elements clipped.
    #[test]
    fn the_draws_are_ordered_and_reach_their_cases() {
        let r = reference();
        let mut runner = TestRunner::deterministic();
        let (mut no_min, mut no_max, mut nan_bound, mut clipped) = (0, 0, 0, 0);
        for _ in 0..500 {
            let i = clip_input().new_tree(&mut runner).unwrap().current();
            let (min, max) = (i.min.as_deref(), i.max.as_deref());
            let out = r
                .clip(&i.x, min, max)
                .unwrap_or_else(|e| panic!("{i:?}: {e}"));
            if let (Some(lo), Some(hi)) = (min, max) {
                let shape = out.shape();
                let lo = r.broadcast_to(lo, shape).unwrap().to_f64_vec();
                let hi = r.broadcast_to(hi, shape).unwrap().to_f64_vec();
                assert!(
                    lo.iter()
                        .zip(&hi)
                        .all(|(l, h)| l.is_nan() || h.is_nan() || l <= h),
                    "{i:?}"
                );
            }
            no_min += usize::from(min.is_none());
            no_max += usize::from(max.is_none());
            nan_bound += usize::from(
                [min, max]
                    .into_iter()
                    .flatten()
                    .any(|b| b.to_f64_vec().iter().any(|v| v.is_nan())),
            );
            let x = r.broadcast_to(&i.x, out.shape()).unwrap().to_f64_vec();
            clipped += usize::from(
                x.iter()
                    .zip(out.to_f64_vec())
                    .any(|(a, b)| !a.is_nan() && !b.is_nan() && *a != b),
            );
        }
        assert!(no_min > 100 && no_max > 100, "{no_min} {no_max}");
        assert!(nan_bound > 20 && clipped > 100, "{nan_bound} {clipped}");
    }

    fn ignores_min(
        x: &AnyArray,
        _min: Option<&AnyArray>,
        max: Option<&AnyArray>,
    ) -> ApiResult<AnyArray> {
        reference().clip(x, None, max)
    }

    /// A bound that is NaN is treated as no bound (`f64::clamp`-like
    /// libraries that skip NaN).
    fn skips_nan_bounds(
        x: &AnyArray,
        min: Option<&AnyArray>,
        max: Option<&AnyArray>,
    ) -> ApiResult<AnyArray> {
        let r = reference();
        let fill = |b: Option<&AnyArray>, with: f64| -> ApiResult<Option<AnyArray>> {
            match b {
                Some(b) if b.dtype().is_float() => {
                    let inf = r.full(&[], Scalar::Float(with), b.dtype())?;
                    Ok(Some(r.where_(&r.isnan(b)?, &inf, b)?))
                }
                other => Ok(other.cloned()),
            }
        };
        let (min, max) = (fill(min, f64::NEG_INFINITY)?, fill(max, f64::INFINITY)?);
        r.clip(x, min.as_ref(), max.as_ref())
    }

    #[test]
    fn the_check_passes_the_reference_and_catches_mutants() {
        let checks = checks();
        passes_and_catches(
            &checks,
            "elementwise::clip",
            &mutant(|o| o.clip(ignores_min)),
            "values differ",
        );
        passes_and_catches(
            &checks,
            "elementwise::clip",
            &mutant(|o| o.clip(skips_nan_bounds)),
            "NaN position differs",
        );
    }
}
