//! The creation functions that take their shape (and by default their
//! dtype) from another array or leave their values open: `empty`,
//! `empty_like`, `full_like`, `ones_like`, `zeros_like`.
//!
//! Choices where the standard is silent or leaves room:
//! - `empty` and `empty_like` return zeros: the standard leaves their
//!   values unspecified, so the checks compare only dtype and shape;
//! - `full_like` pairs its fill value with the dtype as `full` does (a
//!   `bool` for `bool`, an `int` in range for an integer dtype, an `int` or
//!   a `float` for a float dtype; other pairings are refused);
//! - `dtype` `None` is `x`'s dtype; `x`'s layout is not kept: every result
//!   is a fresh C-ordered array.

use conformance_strategies::{AnyArray, DType};

use super::creation::{full, ones, zeros};
use array_api::api::{ApiResult, Ops};
use array_api::args::Scalar;

/// The functions of this module.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .empty(empty)
        .empty_like(empty_like)
        .full_like(full_like)
        .ones_like(ones_like)
        .zeros_like(zeros_like)
}

pub(crate) fn empty(shape: &[usize], dtype: DType) -> ApiResult<AnyArray> {
    zeros(shape, dtype)
}

pub(crate) fn empty_like(x: &AnyArray, dtype: Option<DType>) -> ApiResult<AnyArray> {
    zeros(x.shape(), dtype.unwrap_or(x.dtype()))
}

pub(crate) fn full_like(
    x: &AnyArray,
    fill_value: Scalar,
    dtype: Option<DType>,
) -> ApiResult<AnyArray> {
    full(x.shape(), fill_value, dtype.unwrap_or(x.dtype()))
}

pub(crate) fn ones_like(x: &AnyArray, dtype: Option<DType>) -> ApiResult<AnyArray> {
    ones(x.shape(), dtype.unwrap_or(x.dtype()))
}

pub(crate) fn zeros_like(x: &AnyArray, dtype: Option<DType>) -> ApiResult<AnyArray> {
    zeros(x.shape(), dtype.unwrap_or(x.dtype()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr2, ArrayD, IxDyn};

    #[test]
    fn like_takes_shape_and_dtype_from_x() {
        let mut x = arr2(&[[1i16, 2, 3], [4, 5, 6]]).into_dyn();
        x.swap_axes(0, 1);
        let x = AnyArray::from(x);
        let o = ones_like(&x, None).unwrap();
        assert_eq!((o.dtype(), o.shape()), (DType::Int16, &[3usize, 2][..]));
        assert_eq!(o.to_f64_vec(), vec![1.0; 6]);
        let z = zeros_like(&x, Some(DType::Float32)).unwrap();
        assert_eq!(z.dtype(), DType::Float32);
        assert_eq!(z.to_f64_vec(), vec![0.0; 6]);
        let f = full_like(&x, Scalar::Float(-0.5), Some(DType::Float64)).unwrap();
        assert_eq!(f.to_f64_vec(), vec![-0.5; 6]);
        assert!(full_like(&x, Scalar::Float(0.5), None).is_err());
        assert!(full_like(&x, Scalar::Int(40000), None).is_err());
        let e = empty_like(&x, Some(DType::Bool)).unwrap();
        assert_eq!((e.dtype(), e.shape()), (DType::Bool, &[3usize, 2][..]));
        let e = empty(&[0, 4], DType::UInt8).unwrap();
        assert_eq!((e.dtype(), e.shape()), (DType::UInt8, &[0usize, 4][..]));
        let s = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[])));
        assert_eq!(ones_like(&s, None).unwrap().shape(), &[] as &[usize]);
    }
}
