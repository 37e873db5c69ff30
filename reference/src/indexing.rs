//! The indexing functions of the reference: `take` and `take_along_axis`.
//!
//! Indices may be negative (counted from the end of the axis, as the
//! standard asks). Choices where the standard is silent or leaves room:
//! - an index out of bounds (unspecified) is an `InvalidArgument`;
//! - `take` of a 0-d `x` (unspecified) is an `InvalidArgument`, and so is
//!   `axis=None` with more than one dimension (the standard requires the
//!   axis there);
//! - indices must have an integer dtype; `take`'s must be 1-d and
//!   `take_along_axis`'s must have `x`'s number of dimensions, the other
//!   axes broadcasting against `x`'s.
//!
//! Every result is a fresh C-ordered array of `x`'s dtype.

use conformance_strategies::{with_array, AnyArray, ArrayElement};
use ndarray::{ArrayD, Dimension, IxDyn};

use super::elements::{bad_dtype, from_vec};
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::shape::{broadcast_shapes, normalize_axis};

/// The indexing functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE.take(take).take_along_axis(take_along_axis)
}

/// The indices as positions in an axis of `len`, negative ones counted
/// from the end; an error for an index out of bounds. (Read through `f64`:
/// an index beyond 2^53 in magnitude is out of bounds either way.)
fn positions(function: &'static str, indices: &AnyArray, len: usize) -> ApiResult<Vec<usize>> {
    if !indices.dtype().is_integer() {
        return Err(bad_dtype(function, "integer indices", indices.dtype()));
    }
    indices
        .to_f64_vec()
        .into_iter()
        .map(|i| {
            let p = if i < 0.0 { i + len as f64 } else { i };
            if p >= 0.0 && p < len as f64 {
                Ok(p as usize)
            } else {
                Err(ApiError::invalid(
                    function,
                    format!("index {i} is out of bounds for an axis of size {len}"),
                ))
            }
        })
        .collect()
}

/// The element of `a` at `index` with its `axis` entry replaced by `at`.
fn pick<T: Copy>(a: &ArrayD<T>, index: &[usize], axis: usize, at: usize) -> T {
    let mut i = index.to_vec();
    i[axis] = at;
    a[IxDyn(&i)]
}

pub(crate) fn take(x: &AnyArray, indices: &AnyArray, axis: Option<isize>) -> ApiResult<AnyArray> {
    const F: &str = "take";
    if x.ndim() == 0 {
        return Err(ApiError::invalid(F, "x must have at least one dimension"));
    }
    if indices.ndim() != 1 {
        return Err(ApiError::invalid(
            F,
            format!("indices must be 1-d, got shape {:?}", indices.shape()),
        ));
    }
    let axis = match axis {
        Some(a) => normalize_axis(F, a, x.ndim())?,
        None if x.ndim() == 1 => 0,
        None => {
            return Err(ApiError::invalid(
                F,
                "axis is required when x has more than one dimension",
            ))
        }
    };
    let at = positions(F, indices, x.shape()[axis])?;
    let mut shape = x.shape().to_vec();
    shape[axis] = at.len();
    fn build<T: ArrayElement>(
        a: &ArrayD<T>,
        shape: &[usize],
        axis: usize,
        at: &[usize],
    ) -> AnyArray {
        T::wrap(ArrayD::from_shape_fn(IxDyn(shape), |i| {
            pick(a, i.slice(), axis, at[i[axis]])
        }))
    }
    Ok(with_array!(x, a => build(a, &shape, axis, &at)))
}

pub(crate) fn take_along_axis(
    x: &AnyArray,
    indices: &AnyArray,
    axis: isize,
) -> ApiResult<AnyArray> {
    const F: &str = "take_along_axis";
    let nd = x.ndim();
    if indices.ndim() != nd {
        return Err(ApiError::invalid(
            F,
            format!(
                "indices of shape {:?} must have as many dimensions as x of shape {:?}",
                indices.shape(),
                x.shape()
            ),
        ));
    }
    let axis = normalize_axis(F, axis, nd)?;
    let at = positions(F, indices, x.shape()[axis])?;
    // The other axes broadcast; the axis itself is the indices'.
    let ones = |s: &[usize]| {
        let mut s = s.to_vec();
        s[axis] = 1;
        s
    };
    let mut shape = broadcast_shapes(F, &[&ones(x.shape()), &ones(indices.shape())])?;
    shape[axis] = indices.shape()[axis];
    let at = from_vec(indices.shape(), at);
    let at = at
        .broadcast(IxDyn(&shape))
        .expect("broadcast shape")
        .to_owned();
    let mut source = x.shape().to_vec();
    source[axis] = 1;
    fn build<T: ArrayElement>(
        a: &ArrayD<T>,
        shape: &[usize],
        axis: usize,
        at: &ArrayD<usize>,
    ) -> AnyArray {
        T::wrap(ArrayD::from_shape_fn(IxDyn(shape), |i| {
            // x's broadcast (size-1) axes read index 0.
            let index: Vec<usize> = i
                .slice()
                .iter()
                .zip(a.shape())
                .map(|(&k, &n)| if n == 1 { 0 } else { k })
                .collect();
            pick(a, &index, axis, at[IxDyn(i.slice())])
        }))
    }
    Ok(with_array!(x, a => build(a, &shape, axis, &at)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::DType;
    use ndarray::{arr1, arr2};

    fn ints(v: &[i64]) -> AnyArray {
        AnyArray::from(arr1(v).into_dyn())
    }

    #[test]
    fn take_selects_along_an_axis_with_negative_indices() {
        let x = AnyArray::from(arr2(&[[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0]]).into_dyn());
        let t = take(&x, &ints(&[2, -3, 2]), Some(-1)).unwrap();
        assert_eq!((t.dtype(), t.shape()), (DType::Float32, &[2usize, 3][..]));
        assert_eq!(t.to_f64_vec(), vec![3.0, 1.0, 3.0, 6.0, 4.0, 6.0]);
        let t = take(&x, &ints(&[1]), Some(0)).unwrap();
        assert_eq!(t.to_f64_vec(), vec![4.0, 5.0, 6.0]);
        let e = take(&x, &ints(&[]), Some(1)).unwrap();
        assert_eq!(e.shape(), &[2, 0]);
        assert!(take(&x, &ints(&[3]), Some(1)).is_err());
        assert!(take(&x, &ints(&[0]), None).is_err());
        let v = AnyArray::from(arr1(&[true, false]).into_dyn());
        assert_eq!(
            take(&v, &ints(&[-1, 0]), None).unwrap().to_f64_vec(),
            vec![0.0, 1.0]
        );
        let f = AnyArray::from(arr1(&[0.0f64]).into_dyn());
        assert!(take(&v, &f, None).is_err());
    }

    #[test]
    fn take_along_axis_broadcasts_the_other_axes() {
        let x = AnyArray::from(arr2(&[[10i8, 30, 20], [60, 40, 50]]).into_dyn());
        let idx = AnyArray::from(arr2(&[[0i32, 2, 1], [1, -1, 0]]).into_dyn());
        let t = take_along_axis(&x, &idx, 1).unwrap();
        assert_eq!(t.to_f64_vec(), vec![10.0, 20.0, 30.0, 40.0, 50.0, 60.0]);
        // One row of indices for both rows of x.
        let row = AnyArray::from(arr2(&[[2i64]]).into_dyn());
        let t = take_along_axis(&x, &row, -1).unwrap();
        assert_eq!(t.shape(), &[2, 1]);
        assert_eq!(t.to_f64_vec(), vec![20.0, 50.0]);
        // x's size-1 axis broadcasts against the indices'.
        let col = AnyArray::from(arr2(&[[5.0f64], [7.0]]).into_dyn());
        let idx = AnyArray::from(arr2(&[[0i16, 0, -1], [1, 0, 1]]).into_dyn());
        let t = take_along_axis(&col, &idx, 0).unwrap();
        assert_eq!(t.to_f64_vec(), vec![5.0, 5.0, 7.0, 7.0, 5.0, 7.0]);
        assert!(take_along_axis(&x, &ints(&[0]), 0).is_err());
        assert!(take_along_axis(&x, &row, 2).is_err());
    }
}
