//! The data type inspection functions of the reference: `finfo`, `iinfo`
//! and `isdtype`. The kinds are the standard's ([`DTypeKind::contains`] in
//! `array_api`); the limits are Rust's constants for each element type.
//!
//! `finfo` of a non-float dtype and `iinfo` of a non-integer dtype are
//! `InvalidArgument`s (the Python libraries raise there).

use conformance_strategies::DType;

use super::elements::bad_dtype;
use array_api::api::{ApiResult, Ops};
use array_api::args::{FInfo, IInfo, KindArg};

#[cfg(doc)]
use array_api::args::DTypeKind;

/// The functions of this module.
pub(crate) fn ops() -> Ops {
    Ops::NONE.finfo(finfo).iinfo(iinfo).isdtype(isdtype)
}

pub(crate) fn finfo(dtype: DType) -> ApiResult<FInfo> {
    match dtype {
        DType::Float32 => Ok(FInfo {
            bits: 32,
            eps: f64::from(f32::EPSILON),
            max: f64::from(f32::MAX),
            min: f64::from(f32::MIN),
            smallest_normal: f64::from(f32::MIN_POSITIVE),
            dtype,
        }),
        DType::Float64 => Ok(FInfo {
            bits: 64,
            eps: f64::EPSILON,
            max: f64::MAX,
            min: f64::MIN,
            smallest_normal: f64::MIN_POSITIVE,
            dtype,
        }),
        other => Err(bad_dtype("finfo", "a floating-point dtype", other)),
    }
}

pub(crate) fn iinfo(dtype: DType) -> ApiResult<IInfo> {
    let (min, max) = match dtype {
        DType::Int8 => (i128::from(i8::MIN), i128::from(i8::MAX)),
        DType::Int16 => (i128::from(i16::MIN), i128::from(i16::MAX)),
        DType::Int32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        DType::Int64 => (i128::from(i64::MIN), i128::from(i64::MAX)),
        DType::UInt8 => (0, i128::from(u8::MAX)),
        DType::UInt16 => (0, i128::from(u16::MAX)),
        DType::UInt32 => (0, i128::from(u32::MAX)),
        DType::UInt64 => (0, i128::from(u64::MAX)),
        other => return Err(bad_dtype("iinfo", "an integer dtype", other)),
    };
    Ok(IInfo {
        bits: dtype.bits(),
        max,
        min,
        dtype,
    })
}

/// Whether `dtype` matches any entry of `kind` (an empty `kind`, an empty
/// tuple, matches nothing).
pub(crate) fn isdtype(dtype: DType, kind: &[KindArg]) -> ApiResult<bool> {
    Ok(kind.iter().any(|k| k.matches(dtype)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use array_api::args::DTypeKind;

    #[test]
    fn limits_are_the_ieee_and_twos_complement_ones() {
        let f = finfo(DType::Float32).unwrap();
        assert_eq!(f.eps, 2f64.powi(-23));
        assert_eq!(f.max, (2.0 - 2f64.powi(-23)) * 2f64.powi(127));
        assert_eq!(f.min, -f.max);
        assert_eq!(f.smallest_normal, 2f64.powi(-126));
        let d = finfo(DType::Float64).unwrap();
        assert_eq!(
            (d.bits, d.eps, d.smallest_normal),
            (64, 2f64.powi(-52), 2f64.powi(-1022))
        );
        assert!(finfo(DType::Int32).is_err() && finfo(DType::Bool).is_err());
        let u = iinfo(DType::UInt64).unwrap();
        assert_eq!((u.bits, u.min, u.max), (64, 0, (1i128 << 64) - 1));
        let i = iinfo(DType::Int8).unwrap();
        assert_eq!((i.bits, i.min, i.max), (8, -128, 127));
        assert!(iinfo(DType::Float64).is_err() && iinfo(DType::Bool).is_err());
    }

    #[test]
    fn kinds_are_the_standards() {
        let k = |kind| KindArg::Kind(kind);
        assert!(isdtype(DType::UInt8, &[k(DTypeKind::Integral)]).unwrap());
        assert!(!isdtype(DType::Bool, &[k(DTypeKind::Numeric)]).unwrap());
        assert!(isdtype(DType::Float32, &[k(DTypeKind::Numeric)]).unwrap());
        assert!(!isdtype(DType::Float32, &[k(DTypeKind::ComplexFloating)]).unwrap());
        assert!(!isdtype(DType::Int8, &[k(DTypeKind::UnsignedInteger)]).unwrap());
        assert!(isdtype(
            DType::Int8,
            &[KindArg::DType(DType::Bool), k(DTypeKind::SignedInteger)]
        )
        .unwrap());
        assert!(!isdtype(DType::Int8, &[KindArg::DType(DType::Int16)]).unwrap());
        assert!(!isdtype(DType::Int8, &[]).unwrap());
    }
}
