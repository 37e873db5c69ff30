//! Data type functions of the reference: `astype`, `can_cast` and
//! `result_type`, and the element casts the rest of the reference uses to
//! bring operands to their promoted dtype ([`cast`]) and to fill creation
//! results ([`Value`]).
//!
//! Casting rules (the standard's, and this host's choices where it is
//! silent):
//! - to `bool`: zero is `False`, anything else (NaN included) is `True`;
//! - from `bool`: `True` is 1, `False` is 0;
//! - integer to integer: modular (two's complement wrap-around), as C and
//!   NumPy do; the standard leaves out-of-range casts unspecified;
//! - integer to float, and `float64` to `float32`: round to nearest, ties
//!   to even (a `float64` beyond `float32`'s range becomes an infinity);
//! - float to integer: truncation toward zero. NaN, the infinities and
//!   out-of-range values, which the standard leaves unspecified, follow
//!   Rust's saturating `as`: NaN gives 0, values beyond the range give the
//!   dtype's minimum or maximum.
//!
//! Every array returned is a fresh C-ordered array.

use conformance_strategies::{with_array, AnyArray, ArrayElement, Complex, DType};
use ndarray::ArrayD;

use super::elements::with_dtype;
use super::elementwise::map_c;
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::promotion;

/// The data type functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .astype(astype)
        .can_cast(can_cast)
        .result_type(result_type)
}

/// An element of any dtype on its way to another: integers are exact in
/// `i128`, `float32` is exact in `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Value {
    Bool(bool),
    Int(i128),
    Float(f64),
    /// A complex value's components; only a complex dtype is cast from it
    /// (`astype` refuses complex to real, as the standard asks).
    Complex(f64, f64),
}

/// An element type that converts to and from [`Value`] by the casting rules
/// of this module.
pub(crate) trait Cast: ArrayElement {
    fn to_value(self) -> Value;
    fn from_value(v: Value) -> Self;
}

impl Cast for bool {
    fn to_value(self) -> Value {
        Value::Bool(self)
    }
    fn from_value(v: Value) -> Self {
        match v {
            Value::Bool(b) => b,
            Value::Int(i) => i != 0,
            Value::Float(f) => f != 0.0,
            Value::Complex(re, im) => re != 0.0 || im != 0.0,
        }
    }
}

macro_rules! cast_int {
    ($($t:ty),*) => {$(
        impl Cast for $t {
            fn to_value(self) -> Value {
                Value::Int(self as i128)
            }
            fn from_value(v: Value) -> Self {
                match v {
                    Value::Bool(b) => b as $t,
                    // `as` between integers wraps; from a float it truncates
                    // and saturates (NaN gives 0).
                    Value::Int(i) => i as $t,
                    Value::Float(f) => f as $t,
                    Value::Complex(re, _) => re as $t,
                }
            }
        }
    )*};
}

cast_int!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! cast_float {
    ($($t:ty),*) => {$(
        impl Cast for $t {
            fn to_value(self) -> Value {
                Value::Float(self as f64)
            }
            fn from_value(v: Value) -> Self {
                match v {
                    Value::Bool(b) => u8::from(b) as $t,
                    // Rust's int-to-float and f64-to-f32 `as` round to
                    // nearest, ties to even.
                    Value::Int(i) => i as $t,
                    Value::Float(f) => f as $t,
                    Value::Complex(re, _) => re as $t,
                }
            }
        }
    )*};
}

cast_float!(f32, f64);

macro_rules! cast_complex {
    ($($t:ty),*) => {$(
        impl Cast for Complex<$t> {
            fn to_value(self) -> Value {
                Value::Complex(self.re as f64, self.im as f64)
            }
            /// A real value `x` becomes `x + 0j`; each component rounds as
            /// a float of the component type.
            fn from_value(v: Value) -> Self {
                match v {
                    Value::Complex(re, im) => Complex::new(re as $t, im as $t),
                    real => Complex::new(<$t>::from_value(real), 0.0),
                }
            }
        }
    )*};
}

cast_complex!(f32, f64);

fn cast_typed<T: Cast, U: Cast>(a: &ArrayD<T>) -> ArrayD<U> {
    map_c(a, |v| U::from_value(v.to_value()))
}

/// An array of `shape` and `dtype` whose every element is `value` cast to
/// `dtype`: the fill of the creation functions.
pub(crate) fn filled(shape: &[usize], dtype: DType, value: Value) -> AnyArray {
    fn fill<T: Cast>(shape: &[usize], v: Value) -> AnyArray {
        T::wrap(ArrayD::from_elem(shape, T::from_value(v)))
    }
    with_dtype!(dtype, T => fill::<T>(shape, value))
}

/// `x` with its elements cast to `dtype`, in a fresh C-ordered array (a
/// copy even when the dtype is already `dtype`).
pub(crate) fn cast(x: &AnyArray, dtype: DType) -> AnyArray {
    if x.dtype() == dtype {
        return with_array!(x, a => AnyArray::from(map_c(a, |v| v)));
    }
    with_array!(x, a => with_dtype!(dtype, U => U::wrap(cast_typed::<_, U>(a))))
}

/// `x` cast to `dtype`; a complex array to a real dtype is an error, as
/// the standard asks (take `real` or `imag` instead).
pub(crate) fn astype(x: &AnyArray, dtype: DType) -> ApiResult<AnyArray> {
    if x.dtype().is_complex() && !dtype.is_complex() {
        return Err(ApiError::invalid(
            "astype",
            format!(
                "casting {} to the real dtype {dtype} is not permitted; take real or imag",
                x.dtype()
            ),
        ));
    }
    Ok(cast(x, dtype))
}

/// Whether `from` casts to `to` by the promotion rules: `result_type(from,
/// to) == to`.
pub(crate) fn can_cast(from: DType, to: DType) -> ApiResult<bool> {
    Ok(promotion::can_cast(from, to))
}

/// The promoted dtype of `dtypes`; an empty list or a pair the standard
/// leaves undefined (`bool` with a number, integer with float, signed
/// integer with `uint64`) is an [`ApiError::InvalidArgument`].
pub(crate) fn result_type(dtypes: &[DType]) -> ApiResult<DType> {
    if dtypes.is_empty() {
        return Err(ApiError::invalid(
            "result_type",
            "at least one dtype is required",
        ));
    }
    promotion::result_type(dtypes).ok_or_else(|| {
        ApiError::invalid(
            "result_type",
            format!("the standard does not define the promotion of {dtypes:?}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2, s, Axis, IxDyn};

    fn f64s(x: &AnyArray) -> Vec<f64> {
        x.to_f64_vec()
    }

    #[test]
    fn float_to_int_truncates_and_saturates() {
        let x = AnyArray::from(
            arr1(&[
                2.7f64,
                -2.7,
                -0.0,
                300.0,
                -300.0,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ])
            .into_dyn(),
        );
        let y = astype(&x, DType::Int8).unwrap();
        assert_eq!(y.dtype(), DType::Int8);
        assert_eq!(
            y.as_typed::<i8>()
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![2, -2, 0, 127, -128, 0, 127, -128]
        );
        let u = astype(&x, DType::UInt16).unwrap();
        assert_eq!(
            u.as_typed::<u16>()
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![2, 0, 0, 300, 0, 0, u16::MAX, 0]
        );
    }

    #[test]
    fn int_to_int_wraps_and_to_float_rounds() {
        let x = AnyArray::from(arr1(&[-1i64, 256, 257, i64::MAX]).into_dyn());
        let y = astype(&x, DType::UInt8).unwrap();
        assert_eq!(
            y.as_typed::<u8>()
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![255, 0, 1, 255]
        );
        // 2^24 + 1 is not a float32: ties to even gives 2^24.
        let big = AnyArray::from(arr1(&[16_777_217i32]).into_dyn());
        assert_eq!(
            astype(&big, DType::Float32)
                .unwrap()
                .as_typed::<f32>()
                .unwrap()[[0]],
            16_777_216.0
        );
        let m = AnyArray::from(arr1(&[u64::MAX]).into_dyn());
        assert_eq!(
            f64s(&astype(&m, DType::Float64).unwrap()),
            vec![18446744073709551616.0]
        );
    }

    #[test]
    fn bool_casts_both_ways() {
        let x = AnyArray::from(arr1(&[0.0f32, -0.0, 0.5, f32::NAN, f32::NEG_INFINITY]).into_dyn());
        let b = astype(&x, DType::Bool).unwrap();
        assert_eq!(
            b.as_typed::<bool>()
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![false, false, true, true, true]
        );
        let back = astype(&b, DType::Float64).unwrap();
        assert_eq!(f64s(&back), vec![0.0, 0.0, 1.0, 1.0, 1.0]);
        let ints = astype(&b, DType::Int16).unwrap();
        assert_eq!(ints.dtype(), DType::Int16);
        assert_eq!(f64s(&ints), vec![0.0, 0.0, 1.0, 1.0, 1.0]);
    }

    #[test]
    fn float64_to_float32_rounds_and_overflows() {
        let x = AnyArray::from(arr1(&[0.1f64, 1e300, -1e300, 1e-50]).into_dyn());
        let y = astype(&x, DType::Float32).unwrap();
        let v: Vec<f32> = y.as_typed::<f32>().unwrap().iter().copied().collect();
        assert_eq!(v[0], 0.1f32);
        assert_eq!(v[1], f32::INFINITY);
        assert_eq!(v[2], f32::NEG_INFINITY);
        assert_eq!(v[3], 0.0);
    }

    #[test]
    fn astype_copies_any_layout_into_c_order() {
        let mut a = arr2(&[[1i32, 2, 3], [4, 5, 6]]).into_dyn();
        a.invert_axis(Axis(1));
        let t = a.t().to_owned(); // Fortran-ordered transpose of the reversed array
        let x = AnyArray::from(t);
        assert!(!x.is_standard_layout());
        for d in [DType::Int32, DType::Float64, DType::UInt8] {
            let y = astype(&x, d).unwrap();
            assert!(y.is_standard_layout());
            assert_eq!(y.shape(), &[3, 2]);
            assert_eq!(f64s(&y), vec![3.0, 6.0, 2.0, 5.0, 1.0, 4.0]);
        }
        // A strided slice, and the empty and 0-d cases.
        let base = arr1(&[0u16, 1, 2, 3, 4, 5]).into_dyn();
        let strided = AnyArray::from(base.slice(s![..;-2]).to_owned().into_dyn());
        assert_eq!(
            f64s(&astype(&strided, DType::Int8).unwrap()),
            vec![5.0, 3.0, 1.0]
        );
        let empty = AnyArray::from(ArrayD::<f32>::zeros(IxDyn(&[0, 3])));
        let e = astype(&empty, DType::Bool).unwrap();
        assert_eq!((e.dtype(), e.shape()), (DType::Bool, &[0usize, 3][..]));
        let s = astype(&AnyArray::scalar(-1i8), DType::UInt32).unwrap();
        assert_eq!((s.ndim(), f64s(&s)), (0, vec![4294967295.0]));
    }

    #[test]
    fn can_cast_and_result_type_follow_promotion() {
        assert_eq!(can_cast(DType::Int8, DType::Int16), Ok(true));
        assert_eq!(can_cast(DType::UInt8, DType::Int16), Ok(true));
        assert_eq!(can_cast(DType::UInt8, DType::Int8), Ok(false));
        assert_eq!(can_cast(DType::Int32, DType::Float64), Ok(false));
        assert_eq!(can_cast(DType::Bool, DType::Bool), Ok(true));
        assert_eq!(can_cast(DType::Bool, DType::Int8), Ok(false));
        assert_eq!(result_type(&[DType::UInt8, DType::Int8]), Ok(DType::Int16));
        assert_eq!(
            result_type(&[DType::Float32, DType::Float64, DType::Float32]),
            Ok(DType::Float64)
        );
        assert_eq!(result_type(&[DType::UInt32]), Ok(DType::UInt32));
        assert!(matches!(
            result_type(&[DType::Int32, DType::Float32]),
            Err(ApiError::InvalidArgument { .. })
        ));
        assert!(matches!(
            result_type(&[DType::Int64, DType::UInt64]),
            Err(ApiError::InvalidArgument { .. })
        ));
        assert!(result_type(&[]).is_err());
    }

    #[test]
    fn filled_casts_the_value() {
        let a = filled(&[2], DType::UInt8, Value::Int(-1));
        assert_eq!(f64s(&a), vec![255.0, 255.0]);
        let b = filled(&[], DType::Bool, Value::Float(0.25));
        assert!(b.as_typed::<bool>().unwrap()[IxDyn(&[])]);
    }
}
