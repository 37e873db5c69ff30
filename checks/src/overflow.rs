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

/// The largest magnitude an integer dtype holds, as float64; `None` for
/// other dtypes.
fn limit(dtype: DType) -> Option<f64> {
    Some(match dtype {
        DType::Int8 => f64::from(i8::MAX),
        DType::Int16 => f64::from(i16::MAX),
        DType::Int32 => f64::from(i32::MAX),
        DType::Int64 => i64::MAX as f64,
        DType::UInt8 => f64::from(u8::MAX),
        DType::UInt16 => f64::from(u16::MAX),
        DType::UInt32 => f64::from(u32::MAX),
        DType::UInt64 => u64::MAX as f64,
        _ => return None,
    })
}

/// `|x|` in float64.
pub(crate) fn magnitudes(x: &AnyArray) -> ApiResult<AnyArray> {
    let r = reference();
    r.abs(&r.astype(x, DType::Float64)?)
}

/// Whether a result of `dtype` can overflow where `bound` (the function of
/// the operands' [`magnitudes`]) holds the exact results' bounds: some
/// element beyond the dtype's range (float64 rounds the bound, so a bound
/// within one part in 2^52 of the limit counts as beyond). `false` for a
/// non-integer `dtype`, or when the bound could not be computed.
pub(crate) fn may_overflow(dtype: DType, bound: ApiResult<AnyArray>) -> bool {
    let (Some(limit), Ok(bound)) = (limit(dtype), bound) else {
        return false;
    };
    bound
        .to_f64_vec()
        .iter()
        .any(|&b| b.is_nan() || b >= limit * (1.0 - f64::EPSILON))
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
