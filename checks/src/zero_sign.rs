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
use conformance_strategies::{AnyArray, DType};

use super::agree::reference;
use array_api::api::{ApiResult, Backend};
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
            ZeroSign::OpenBetweenMixedZeros => {
                options.with_zero_sign_except(broadcast_mask(mixed_zeros(operands), expected)?)
            }
        })
    }
}

/// `+0` and `-0` of `x` (cast to float64: an integer zero is a `+0` once
/// promoted), as two boolean arrays.
fn zeros(r: &Backend, x: &AnyArray) -> ApiResult<(AnyArray, AnyArray)> {
    let x = r.astype(x, DType::Float64)?;
    // Only a zero equals its negation (NaN equals nothing, inf not -inf).
    let zero = r.equal(&x, &r.negative(&x)?)?;
    let negative = r.signbit(&x)?;
    Ok((
        r.logical_and(&zero, &r.logical_not(&negative)?)?,
        r.logical_and(&zero, &negative)?,
    ))
}

/// Per element of the operands broadcast together: whether zeros of both
/// signs meet there.
pub(crate) fn mixed_zeros(operands: &[&AnyArray]) -> ApiResult<AnyArray> {
    let r = reference();
    let mut acc: Option<(AnyArray, AnyArray)> = None;
    for x in operands {
        let (pos, neg) = zeros(r, x)?;
        acc = Some(match acc {
            None => (pos, neg),
            Some((p, n)) => (r.logical_or(&p, &pos)?, r.logical_or(&n, &neg)?),
        });
    }
    let (pos, neg) = acc.expect("at least one operand");
    r.logical_and(&pos, &neg)
}

/// Per element of `x` reduced by `args` (the shape `max(x, args)` has):
/// whether its lane holds zeros of both signs.
pub(crate) fn lanes_with_mixed_zeros(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let r = reference();
    let (pos, neg) = zeros(r, x)?;
    r.logical_and(&r.any(&pos, args)?, &r.any(&neg, args)?)
}

/// `mask` broadcast to `expected`'s shape, as the per-element exemption
/// list of [`CompareOptions::with_zero_sign_except`].
pub(crate) fn broadcast_mask(
    mask: ApiResult<AnyArray>,
    expected: &AnyArray,
) -> Result<Vec<bool>, CaseError> {
    let r = reference();
    mask.and_then(|m| r.broadcast_to(&m, expected.shape()))
        .map(|m| m.to_f64_vec().into_iter().map(|v| v != 0.0).collect())
        .map_err(|e| {
            CaseError::Fail(format!(
                "the reference could not tell where zeros of both signs meet: {e}"
            ))
        })
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
        let m = mixed_zeros(&[&x1, &x2]).unwrap();
        assert_eq!(m.shape(), &[2, 5]);
        assert_eq!(
            bools(Ok(m)),
            [true, false, true, false, false, false, true, false, false, false]
        );
        // An integer zero is +0 once promoted.
        let i = AnyArray::from(arr1(&[0i8, 0, -128]).into_dyn());
        let f = f64s(&[-0.0, 0.0, -0.0]);
        assert_eq!(bools(mixed_zeros(&[&i, &f])), [true, false, false]);
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
    fn the_rules_set_the_options() {
        let e = f64s(&[0.0, 0.0]);
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
