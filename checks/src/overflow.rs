//! Integer results the standard leaves undefined: "if an integer result
//! is outside the range of the result's dtype, the behavior may result in
//! overflow or an error". Where the exact result of an example cannot fit,
//! a backend may wrap, saturate, raise or panic (a debug build's overflow
//! check), so the example checks nothing.
//!
//! The exact result's magnitude is bounded by the same function applied to
//! the operands' magnitudes in float64 (for sums, products and their
//! scans and contractions: `|Σ x| ≤ Σ |x|`, `|Π x| = Π |x|`), which is
//! computed only for integer results.

use conformance_strategies::{AnyArray, DType};

use super::agree::reference;
use array_api::api::ApiResult;

/// The first magnitude an integer dtype cannot hold (2^(bits-1) signed,
/// 2^bits unsigned: exact in float64), as float64; `None` for other
/// dtypes. (-2^(bits-1) fits a signed dtype: a bound at the limit counts as
/// beyond all the same, which only skips a defined example.)
fn limit(dtype: DType) -> Option<f64> {
    let bits = match dtype {
        DType::Int8 => 7,
        DType::Int16 => 15,
        DType::Int32 => 31,
        DType::Int64 => 63,
        DType::UInt8 => 8,
        DType::UInt16 => 16,
        DType::UInt32 => 32,
        DType::UInt64 => 64,
        _ => return None,
    };
    Some(2f64.powi(bits))
}

/// `|x|` in float64.
pub(crate) fn magnitudes(x: &AnyArray) -> ApiResult<AnyArray> {
    let r = reference();
    r.abs(&r.astype(x, DType::Float64)?)
}

/// Whether a result of `dtype` can overflow where `bound` (the function of
/// the operands' [`magnitudes`]) holds the exact results' bounds: some
/// element at or beyond the dtype's limit, less 2^-40 relative for the
/// rounding of the float64 bound (a product or sum of a few thousand
/// terms errs by less). `false` for a non-integer `dtype`, or when the
/// bound could not be computed.
pub(crate) fn may_overflow(dtype: DType, bound: ApiResult<AnyArray>) -> bool {
    let (Some(limit), Ok(bound)) = (limit(dtype), bound) else {
        return false;
    };
    let at = limit * (1.0 - 2f64.powi(-40));
    bound.to_f64_vec().iter().any(|&b| b.is_nan() || b >= at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{find, mutant, run};
    use conformance_engine::Verdict;

    fn ints(v: &[i64]) -> AnyArray {
        AnyArray::from(ndarray::arr1(v).into_dyn())
    }

    #[test]
    fn products_beyond_the_range_may_overflow_and_others_not() {
        let r = reference();
        let args = array_api::args::Reduce::default();
        let small = ints(&[-3, 4, 5]);
        let bound = magnitudes(&small).and_then(|m| r.prod(&m, &args));
        assert!(!may_overflow(DType::Int64, bound.clone()));
        assert!(!may_overflow(DType::Int8, bound.clone()));
        assert!(may_overflow(DType::Int8, Ok(ints(&[128]))));
        assert!(!may_overflow(DType::Int8, Ok(ints(&[127]))));
        let twos = ints(&[-2; 63]);
        let bound = magnitudes(&twos).and_then(|m| r.prod(&m, &args));
        assert!(may_overflow(DType::Int64, bound));
        let twos = ints(&[-2; 62]);
        let bound = magnitudes(&twos).and_then(|m| r.prod(&m, &args));
        assert!(!may_overflow(DType::Int64, bound));
        assert!(!may_overflow(DType::Float32, Ok(ints(&[1 << 40]))));
    }

    /// `result`, or the panic of a build with overflow checks where it
    /// differs from `exact` (the same function in float64, exact for the
    /// drawn integers): the wrapped result of an integer overflow.
    fn checked(exact: ApiResult<AnyArray>, result: ApiResult<AnyArray>) -> ApiResult<AnyArray> {
        let result = result?;
        if result.dtype().is_integer() && exact?.to_f64_vec() != result.to_f64_vec() {
            panic!("attempt to multiply with overflow");
        }
        Ok(result)
    }

    fn wide(x: &AnyArray) -> ApiResult<AnyArray> {
        reference().astype(x, DType::Float64)
    }

    /// The former false positives of the ndarray and nalgebra backends
    /// (CI's seeds at 1000 examples): `prod`, `cumulative_prod` and
    /// `matmul` drew integer inputs whose exact result leaves the dtype
    /// (int8 `matmul` with an inner side of 3479 values in -3..3) and
    /// required the reference's wrapping, failing a backend that panics
    /// there as the standard allows. The former counterexample's bound is
    /// beyond int8, and a backend that panics wherever its integer result
    /// wraps passes the three checks.
    #[test]
    fn a_backend_that_panics_on_integer_overflow_passes() {
        let r = reference();
        let inner = 3479;
        let x1 = AnyArray::from(ndarray::Array2::<i8>::from_elem((1, inner), -3).into_dyn());
        let x2 = AnyArray::from(ndarray::Array2::<i8>::from_elem((inner, 1), 3).into_dyn());
        let bound = magnitudes(&x1).and_then(|m1| r.matmul(&m1, &magnitudes(&x2)?));
        assert!(may_overflow(DType::Int8, bound));
        let short = |rows, cols, v| {
            AnyArray::from(ndarray::Array2::<i8>::from_elem((rows, cols), v).into_dyn())
        };
        let (y1, y2) = (short(1, 14, -3), short(14, 1, 3));
        let bound = magnitudes(&y1).and_then(|m1| r.matmul(&m1, &magnitudes(&y2)?));
        assert!(!may_overflow(DType::Int8, bound), "14 * 9 = 126 fits int8");

        let panicking = mutant(|o| {
            o.prod(|x, a| checked(r.prod(&wide(x)?, a), r.prod(x, a)))
                .cumulative_prod(|x, axis, initial| {
                    checked(
                        r.cumulative_prod(&wide(x)?, axis, initial),
                        r.cumulative_prod(x, axis, initial),
                    )
                })
                .matmul(|x1, x2| checked(r.matmul(&wide(x1)?, &wide(x2)?), r.matmul(x1, x2)))
        });
        let all = crate::suite();
        for id in [
            "statistical::prod",
            "statistical::cumulative_prod",
            "linear_algebra::matmul",
        ] {
            let outcome = run(&find(all.checks(), id), &panicking, 1000);
            assert_eq!(outcome.verdict, Verdict::Passed, "{id}");
        }
    }
}
