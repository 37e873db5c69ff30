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
}
