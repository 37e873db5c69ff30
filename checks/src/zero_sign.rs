//! The sign of zero in the primary checks: where the standard defines it,
//! and, where it leaves it open for some elements only, which elements.
//!
//! The standard says "unless stated otherwise, floating-point operations
//! must adhere to IEEE 754-2019", and IEEE 754 gives every zero result of
//! its operations a sign: `x + (-x)` is `+0`, a product or quotient has the
//! sign of the operands' signs' product (an underflow too), `negate` flips
//! and `copy` keeps the sign, and the roundToIntegral operations (`floor`,
//! `ceil`, `trunc`, `round`) keep the operand's sign (`ceil(-0.5)` is
//! `-0`). The special cases add the rest (`sqrt(-0)`, `atan2(-0, +0)`,
//! `remainder`'s zero takes the divisor's sign...). So a primary check
//! compares the sign of zero by default, and says where it does not:
//!
//! - the standard states a zero without its sign (`sign(±0)` is "0"), or
//!   defines the function by no IEEE operation nor special case that fixes
//!   it (`logaddexp(-0, -inf)`);
//! - the sign depends on an order of operations the standard leaves open:
//!   `sum`, `mean`, `cumulative_sum`, the contractions (`matmul`,
//!   `vecdot`, `tensordot`, `trace`) and norms start from an accumulator
//!   (`+0`, or the first element) the standard does not name, so a lane
//!   of `-0` sums to `-0` or `+0`; nor does it give the order of the
//!   operations of `cross`, the solvers and decompositions, `var`/`std`
//!   or `linspace`/`arange`;
//! - between zeros of both signs the standard lets an implementation pick
//!   either: `maximum`, `minimum` and `clip` (built from them) between
//!   `-0` and `+0`, `max`/`min` of a lane holding both, and `sort`, which
//!   may order `-0` before `+0` or keep them as equal, and `unique_*` of
//!   an array holding both (either zero stands for both). Only those
//!   elements are exempt ([`mixed_zeros`], [`lanes_with_mixed_zeros`]); the
//!   rest of the result is compared with its sign.
//!
//! Selections and copies keep the sign of what they select (`where`, the
//! manipulation functions, `tril`/`triu`'s kept elements; their zeroed
//! ones are "zero", sign unstated), and `diff` is IEEE subtraction.
//!
//! Products keep their sign in any order (the sign of a product is the
//! product of the signs), so `prod` and `cumulative_prod` compare it.

use conformance_engine::CaseError;
use conformance_strategies::compare::CompareOptions;
use conformance_strategies::AnyArray;
use ndarray::{ArrayD, IxDyn};

use super::agree::reference;
use array_api::api::{ApiError, ApiResult};
use array_api::args::Reduce;

/// Whether, and where, the standard defines the sign of a zero result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ZeroSign {
    /// Everywhere: compared.
    Defined,
    /// Everywhere but where the operands hold zeros of both signs (the
    /// standard lets `maximum`, `minimum` and `clip` return either).
    OpenBetweenMixedZeros,
    /// Nowhere: not compared.
    Open,
}

impl ZeroSign {
    /// `options` with this rule for the elementwise `operands` (any
    /// dtypes, broadcast against each other to `expected`'s shape).
    pub(crate) fn apply(
        self,
        options: CompareOptions,
        expected: &AnyArray,
        operands: &[&AnyArray],
    ) -> Result<CompareOptions, CaseError> {
        if !expected.dtype().is_float() {
            return Ok(options);
        }
        Ok(match self {
            ZeroSign::Defined => options.with_zero_sign(),
            ZeroSign::Open => options,
            // Without a zero in the result there is nothing to exempt.
            ZeroSign::OpenBetweenMixedZeros if !has_zero(expected) => options.with_zero_sign(),
            ZeroSign::OpenBetweenMixedZeros => options
                .with_zero_sign_except(mixed_zeros(operands, expected.shape()).map_err(failed)?),
        })
    }
}

/// `options` comparing the sign of zero in `expected`, a reduction of `x`
/// over `lanes` (or, with `keepdims`, broadcast back to `x`'s shape, as a
/// sort is), except where the lane holds zeros of both signs.
pub(crate) fn except_mixed_lanes(
    options: CompareOptions,
    expected: &AnyArray,
    x: &AnyArray,
    lanes: &Reduce,
) -> Result<CompareOptions, CaseError> {
    if !expected.dtype().is_float() || !has_zero(expected) {
        return Ok(options.with_zero_sign());
    }
    let mask = lanes_with_mixed_zeros(x, lanes)
        .and_then(|m| reference().broadcast_to(&m, expected.shape()))
        .map_err(failed)?;
    Ok(options.with_zero_sign_except(truths(&mask)))
}

fn failed(e: ApiError) -> CaseError {
    CaseError::Fail(format!(
        "the reference could not tell where zeros of both signs meet: {e}"
    ))
}

fn has_zero(a: &AnyArray) -> bool {
    a.to_f64_vec().contains(&0.0)
}

fn truths(a: &AnyArray) -> Vec<bool> {
    a.to_f64_vec().into_iter().map(|v| v != 0.0).collect()
}

/// Per element of `shape` (C order), with every operand broadcast to it:
/// `(a +0 is there, a -0 is there)`. An integer zero counts as `+0` (what
/// it promotes to).
fn zeros(operands: &[&AnyArray], shape: &[usize]) -> ApiResult<(Vec<bool>, Vec<bool>)> {
    let n = shape.iter().product();
    let (mut pos, mut neg) = (vec![false; n], vec![false; n]);
    for x in operands {
        let values = reference().broadcast_to(x, shape)?.to_f64_vec();
        for (i, v) in values.into_iter().enumerate() {
            if v == 0.0 {
                if v.is_sign_negative() {
                    neg[i] = true;
                } else {
                    pos[i] = true;
                }
            }
        }
    }
    Ok((pos, neg))
}

/// Per element of the operands broadcast to `shape`: whether zeros of both
/// signs meet there.
pub(crate) fn mixed_zeros(operands: &[&AnyArray], shape: &[usize]) -> ApiResult<Vec<bool>> {
    let (pos, neg) = zeros(operands, shape)?;
    Ok(pos.into_iter().zip(neg).map(|(p, n)| p && n).collect())
}

/// Per element of `x` reduced by `args` (the shape `max(x, args)` has):
/// whether its lane holds zeros of both signs.
pub(crate) fn lanes_with_mixed_zeros(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let r = reference();
    let (pos, neg) = zeros(&[x], x.shape())?;
    let array = |v: Vec<bool>| {
        AnyArray::from(ArrayD::from_shape_vec(IxDyn(x.shape()), v).expect("one per element"))
    };
    r.logical_and(&r.any(&array(pos), args)?, &r.any(&array(neg), args)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::arr1;

    fn f64s(v: &[f64]) -> AnyArray {
        AnyArray::from(arr1(v).into_dyn())
    }

    fn bools(a: ApiResult<AnyArray>) -> Vec<bool> {
        a.unwrap()
            .to_f64_vec()
            .into_iter()
            .map(|v| v != 0.0)
            .collect()
    }

    #[test]
    fn mixed_zeros_are_found_after_broadcasting_and_promotion() {
        let x1 = f64s(&[-0.0, 0.0, -0.0, 1.0, f64::NAN]);
        let x2 = AnyArray::from(ndarray::arr2(&[[0.0], [-0.0]]).into_dyn());
        let m = mixed_zeros(&[&x1, &x2], &[2, 5]).unwrap();
        assert_eq!(
            m,
            [true, false, true, false, false, false, true, false, false, false]
        );
        // An integer zero is +0 once promoted.
        let i = AnyArray::from(arr1(&[0i8, 0, -128]).into_dyn());
        let f = f64s(&[-0.0, 0.0, -0.0]);
        assert_eq!(mixed_zeros(&[&i, &f], &[3]).unwrap(), [true, false, false]);
    }

    #[test]
    fn lanes_with_both_zeros() {
        let x = AnyArray::from(ndarray::arr2(&[[-0.0, 0.0], [-0.0, -0.0], [1.0, 0.0]]).into_dyn());
        let rows = Reduce {
            axes: Some(vec![1]),
            keepdims: false,
        };
        assert_eq!(
            bools(lanes_with_mixed_zeros(&x, &rows)),
            [true, false, false]
        );
        let all = Reduce::default();
        assert_eq!(bools(lanes_with_mixed_zeros(&x, &all)), [true]);
    }

    #[test]
    fn lanes_exempt_only_where_both_zeros_meet() {
        let x = AnyArray::from(ndarray::arr2(&[[-0.0, 0.0, 1.0], [-0.0, -0.0, 2.0]]).into_dyn());
        let rows = Reduce {
            axes: Some(vec![1]),
            keepdims: true,
        };
        let sorted =
            AnyArray::from(ndarray::arr2(&[[-0.0, 0.0, 1.0], [-0.0, -0.0, 2.0]]).into_dyn());
        let o = except_mixed_lanes(CompareOptions::exact(), &sorted, &x, &rows).unwrap();
        assert_eq!(
            o.zero_sign_exempt,
            Some(vec![true, true, true, false, false, false])
        );
    }

    #[test]
    fn the_rules_set_the_options() {
        let e = f64s(&[0.0, 0.0]);
        // No zero in the result: nothing to exempt.
        let (y1, y2) = (f64s(&[-0.0, 1.0]), f64s(&[0.0, 2.0]));
        let o = ZeroSign::OpenBetweenMixedZeros
            .apply(CompareOptions::exact(), &f64s(&[1.0, 2.0]), &[&y1, &y2])
            .unwrap();
        assert!(o.check_zero_sign && o.zero_sign_exempt.is_none());
        let (x1, x2) = (f64s(&[-0.0, -0.0]), f64s(&[0.0, -0.0]));
        let base = CompareOptions::exact();
        let o = ZeroSign::OpenBetweenMixedZeros
            .apply(base.clone(), &e, &[&x1, &x2])
            .unwrap();
        assert_eq!(o.zero_sign_exempt, Some(vec![true, false]));
        assert!(
            ZeroSign::Defined
                .apply(base.clone(), &e, &[&x1])
                .unwrap()
                .check_zero_sign
        );
        assert!(
            !ZeroSign::Open
                .apply(base.clone(), &e, &[&x1])
                .unwrap()
                .check_zero_sign
        );
        // Integer results carry no sign of zero.
        let ints = AnyArray::from(arr1(&[0i32]).into_dyn());
        assert!(
            !ZeroSign::Defined
                .apply(base, &ints, &[&ints])
                .unwrap()
                .check_zero_sign
        );
    }
}
