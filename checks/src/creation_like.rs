//! The checks of the creation functions that take their shape (and by
//! default their dtype) from an array, or leave their values open:
//! `empty`, `empty_like`, `full_like`, `ones_like`, `zeros_like`.
//!
//! `x` is drawn over every dtype, shape (0-d and zero-size sides included)
//! and layout, and `dtype` is drawn too: `None` (the result takes `x`'s)
//! or any dtype. `full_like`'s fill value is one the result dtype holds
//! exactly (the draws of `creation::full`, NaN, ±0 and ±inf included).
//! Results are compared exactly, the sign of zero included, except for
//! `empty` and `empty_like`: the standard leaves their values unspecified,
//! so only their dtype and shape are checked.

use conformance_engine::{CaseError, CaseResult, Check, CheckContext, Deviation};
use conformance_strategies::{
    arrays, dtypes, labelled, shapes, AnyArray, DType, DTypeGroup, Domain, DrawnArray, ShapeSpec,
};
use proptest::prelude::*;

use super::agree::{agree, agree_with, reference};
use super::creation::fill_values;
use super::manipulation::exact;
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};
use array_api::args::Scalar;

labelled! {
    #[derive(Clone)]
    struct LikeInput {
        x: DrawnArray,
        dtype: Option<DType>,
    }
}

labelled! {
    #[derive(Clone)]
    struct FullLikeInput {
        x: DrawnArray,
        fill_value: Scalar,
        dtype: Option<DType>,
    }
}

labelled! {
    #[derive(Clone)]
    struct EmptyInput {
        shape: Vec<usize>,
        dtype: DType,
    }
}

fn like_input() -> impl Strategy<Value = LikeInput> {
    (
        arrays(DTypeGroup::All, ShapeSpec::default(), Domain::any()),
        proptest::option::of(dtypes(DTypeGroup::All)),
    )
        .prop_map(|(x, dtype)| LikeInput { x, dtype })
}

fn full_like_input() -> impl Strategy<Value = FullLikeInput> {
    like_input()
        .prop_flat_map(|LikeInput { x, dtype }| {
            let target = dtype.unwrap_or(x.dtype());
            (Just(x), fill_values(target), Just(dtype))
        })
        .prop_map(|(x, fill_value, dtype)| FullLikeInput {
            x,
            fill_value,
            dtype,
        })
}

/// The same dtype and shape; the values are not looked at.
fn dtype_and_shape(e: &AnyArray, a: &AnyArray) -> CaseResult {
    if e.dtype() != a.dtype() {
        return Err(CaseError::Fail(format!(
            "dtype differs: expected {}, got {}",
            e.dtype(),
            a.dtype()
        )));
    }
    if e.shape() != a.shape() {
        return Err(CaseError::Fail(format!(
            "shape differs: expected {:?}, got {:?}",
            e.shape(),
            a.shape()
        )));
    }
    Ok(Deviation::default())
}

type LikeFn = fn(&Backend, &AnyArray, Option<DType>) -> ApiResult<AnyArray>;

/// `ones_like` and `zeros_like` (values compared exactly) and `empty_like`
/// (`values` false: dtype and shape only).
fn like_check(name: &'static str, call: LikeFn, values: bool) -> Check<Backend> {
    Check::new("creation", name, move |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(like_input(), |i| {
            let (e, a) = (call(reference(), &i.x, i.dtype), call(b, &i.x, i.dtype));
            if values {
                agree(e, a, Some(&exact()))
            } else {
                agree_with(e, a, dtype_and_shape)
            }
        })
    })
    .depends_on(ROUND_TRIP)
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        Check::new("creation", "empty", |b: &Backend, ctx: &CheckContext| {
            let input = (shapes(ShapeSpec::new(0, 4, 0, 4)), dtypes(DTypeGroup::All))
                .prop_map(|(shape, dtype)| EmptyInput { shape, dtype });
            ctx.for_all(input, |i| {
                agree_with(
                    reference().empty(&i.shape, i.dtype),
                    b.empty(&i.shape, i.dtype),
                    dtype_and_shape,
                )
            })
        })
        .depends_on(ROUND_TRIP),
        like_check("empty_like", Backend::empty_like, false),
        Check::new(
            "creation",
            "full_like",
            |b: &Backend, ctx: &CheckContext| {
                ctx.for_all(full_like_input(), |i| {
                    agree(
                        reference().full_like(&i.x, i.fill_value, i.dtype),
                        b.full_like(&i.x, i.fill_value, i.dtype),
                        Some(&exact()),
                    )
                })
            },
        )
        .depends_on(ROUND_TRIP),
        like_check("ones_like", Backend::ones_like, true),
        like_check("zeros_like", Backend::zeros_like, true),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{find, mutant, passes_and_catches, run};
    use conformance_engine::Verdict;

    fn transposed_empty(shape: &[usize], dtype: DType) -> ApiResult<AnyArray> {
        let mut s = shape.to_vec();
        s.reverse();
        reference().empty(&s, dtype)
    }

    fn empty_like_keeps_dtype(x: &AnyArray, _dtype: Option<DType>) -> ApiResult<AnyArray> {
        reference().empty_like(x, None)
    }

    /// Garbage values, as a real `empty_like` may return: not a failure.
    fn empty_like_of_ones(x: &AnyArray, dtype: Option<DType>) -> ApiResult<AnyArray> {
        reference().ones_like(x, dtype)
    }

    fn full_like_ignores_dtype(
        x: &AnyArray,
        fill: Scalar,
        _dtype: Option<DType>,
    ) -> ApiResult<AnyArray> {
        reference().full_like(x, fill, None)
    }

    fn ones_like_in_float64(x: &AnyArray, dtype: Option<DType>) -> ApiResult<AnyArray> {
        reference().ones_like(x, Some(dtype.unwrap_or(DType::Float64)))
    }

    fn zeros_like_negative(x: &AnyArray, dtype: Option<DType>) -> ApiResult<AnyArray> {
        let z = reference().zeros_like(x, dtype)?;
        if z.dtype().is_float() {
            return reference().negative(&z);
        }
        Ok(z)
    }

    #[test]
    fn each_check_passes_the_reference_and_catches_a_mutant() {
        let checks = checks();
        let cases: Vec<(&str, Backend, &str)> = vec![
            (
                "creation::empty",
                mutant(|o| o.empty(transposed_empty)),
                "shape differs",
            ),
            (
                "creation::empty_like",
                mutant(|o| o.empty_like(empty_like_keeps_dtype)),
                "dtype differs",
            ),
            (
                "creation::full_like",
                mutant(|o| o.full_like(full_like_ignores_dtype)),
                "dtype",
            ),
            (
                "creation::ones_like",
                mutant(|o| o.ones_like(ones_like_in_float64)),
                "dtype differs",
            ),
            (
                "creation::zeros_like",
                mutant(|o| o.zeros_like(zeros_like_negative)),
                "zero",
            ),
        ];
        for (id, backend, needle) in &cases {
            passes_and_catches(&checks, id, backend, needle);
        }
        let garbage = mutant(|o| o.empty_like(empty_like_of_ones));
        let outcome = run(&find(&checks, "creation::empty_like"), &garbage, 200);
        assert_eq!(
            outcome.verdict,
            Verdict::Passed,
            "values of empty_like are open"
        );
    }
}
