//! Creation functions of the reference: `arange`, `asarray`, `eye`, `full`,
//! `linspace`, `meshgrid`, `ones`, `tril`, `triu`, `zeros`.
//!
//! Choices where the standard is silent or leaves room:
//! - `arange` has `ceil((stop - start) / step)` elements (none when that is
//!   not positive); element `i` is `start + i * step` computed in `f64` and
//!   rounded to a float dtype. An integer dtype needs an integer-valued
//!   `start` and `step`, and every element within the dtype's range; `bool`
//!   is refused; a zero or non-finite `step`, or a non-finite `start` or
//!   `stop`, is refused.
//! - `full` takes the standard's scalar-with-array kinds: a `bool` fill for
//!   `bool`, an `int` fill for an integer or float dtype (an integer out of
//!   the dtype's range is refused), a `float` fill for a float dtype (rounded
//!   to `float32` where asked, overflowing to an infinity). Other pairings
//!   (mixed kinds, unspecified by the standard) are refused.
//! - `linspace` takes a floating-point dtype only (the standard says it
//!   should be one); element `i` is `start + i * step` in `f64` with `step =
//!   (stop - start) / div` (`div` is `num - 1` with the endpoint, `num`
//!   without), the endpoint is exactly `stop`, and the values are rounded to
//!   the dtype, as NumPy computes them.
//! - `meshgrid` takes 1-d arrays of one dtype; `xy` indexing swaps the first
//!   two output axes (when there are at least two arrays).
//! - `tril`/`triu` need at least 2 dimensions and act on the last two.
//! - No function builds more than [`MAX_ELEMENTS`] elements: a guard against
//!   absurd sizes, refused as an invalid argument.
//!
//! Every array returned is a fresh C-ordered array.

use conformance_strategies::{with_array, AnyArray, ArrayElement, DType, Element};
use ndarray::{ArrayD, Dimension, IxDyn};

use super::data_type::{cast, filled, Cast, Value};
use super::elements::with_dtype;
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::args::{Indexing, Scalar};

/// The creation functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .arange(arange)
        .asarray(asarray)
        .eye(eye)
        .full(full)
        .linspace(linspace)
        .meshgrid(meshgrid)
        .ones(ones)
        .tril(tril)
        .triu(triu)
        .zeros(zeros)
}

/// The most elements a creation function builds.
pub(crate) const MAX_ELEMENTS: usize = 1 << 26;

fn element_count(function: &'static str, shape: &[usize]) -> ApiResult<usize> {
    shape
        .iter()
        .try_fold(1usize, |n, &s| n.checked_mul(s))
        .filter(|&n| n <= MAX_ELEMENTS)
        .ok_or_else(|| {
            ApiError::invalid(
                function,
                format!("shape {shape:?} has more than {MAX_ELEMENTS} elements"),
            )
        })
}

/// The range of an integer dtype.
fn int_range(dtype: DType) -> (i128, i128) {
    match dtype {
        DType::Int8 => (i8::MIN as i128, i8::MAX as i128),
        DType::Int16 => (i16::MIN as i128, i16::MAX as i128),
        DType::Int32 => (i32::MIN as i128, i32::MAX as i128),
        DType::Int64 => (i64::MIN as i128, i64::MAX as i128),
        DType::UInt8 => (0, u8::MAX as i128),
        DType::UInt16 => (0, u16::MAX as i128),
        DType::UInt32 => (0, u32::MAX as i128),
        DType::UInt64 => (0, u64::MAX as i128),
        other => unreachable!("{other} is not an integer dtype"),
    }
}

fn from_values(dtype: DType, values: Vec<Value>) -> AnyArray {
    fn build<T: Cast>(values: Vec<Value>) -> AnyArray {
        let n = values.len();
        let typed: Vec<T> = values.into_iter().map(T::from_value).collect();
        T::wrap(ArrayD::from_shape_vec(IxDyn(&[n]), typed).expect("1-d"))
    }
    with_dtype!(dtype, T => build::<T>(values))
}

pub(crate) fn arange(start: f64, stop: f64, step: f64, dtype: DType) -> ApiResult<AnyArray> {
    const NAME: &str = "arange";
    if !(start.is_finite() && stop.is_finite() && step.is_finite()) || step == 0.0 {
        return Err(ApiError::invalid(
            NAME,
            format!("start {start}, stop {stop} and a non-zero step {step} must be finite"),
        ));
    }
    if dtype.is_bool() {
        return Err(ApiError::invalid(NAME, "a bool range is not defined"));
    }
    let length = ((stop - start) / step).ceil();
    let length = if length > 0.0 { length } else { 0.0 };
    if length > MAX_ELEMENTS as f64 {
        return Err(ApiError::invalid(
            NAME,
            format!("{length} elements is more than {MAX_ELEMENTS}"),
        ));
    }
    let n = length as usize;
    let values = if dtype.is_integer() {
        if start.fract() != 0.0 || step.fract() != 0.0 {
            return Err(ApiError::invalid(
                NAME,
                format!("an {dtype} range needs an integer start and step, got {start} and {step}"),
            ));
        }
        let (lo, hi) = int_range(dtype);
        let (start, step) = (start as i128, step as i128);
        (0..n as i128)
            .map(|i| {
                let v = start + i * step;
                if (lo..=hi).contains(&v) {
                    Ok(Value::Int(v))
                } else {
                    Err(ApiError::invalid(
                        NAME,
                        format!("{v} is out of {dtype}'s range"),
                    ))
                }
            })
            .collect::<ApiResult<Vec<_>>>()?
    } else {
        (0..n)
            .map(|i| Value::Float(start + i as f64 * step))
            .collect()
    };
    Ok(from_values(dtype, values))
}

/// A C-ordered copy of `x`, of its dtype and shape.
pub(crate) fn asarray(x: &AnyArray) -> ApiResult<AnyArray> {
    Ok(cast(x, x.dtype()))
}

pub(crate) fn eye(
    n_rows: usize,
    n_cols: Option<usize>,
    k: isize,
    dtype: DType,
) -> ApiResult<AnyArray> {
    let n_cols = n_cols.unwrap_or(n_rows);
    element_count("eye", &[n_rows, n_cols])?;
    fn build<T: Cast>(n_rows: usize, n_cols: usize, k: isize) -> AnyArray {
        let (zero, one) = (T::from_value(Value::Int(0)), T::from_value(Value::Int(1)));
        T::wrap(ArrayD::from_shape_fn(IxDyn(&[n_rows, n_cols]), |idx| {
            if idx[1] as isize - idx[0] as isize == k {
                one
            } else {
                zero
            }
        }))
    }
    Ok(with_dtype!(dtype, T => build::<T>(n_rows, n_cols, k)))
}

pub(crate) fn full(shape: &[usize], fill_value: Scalar, dtype: DType) -> ApiResult<AnyArray> {
    const NAME: &str = "full";
    element_count(NAME, shape)?;
    let value = match fill_value {
        Scalar::Bool(b) if dtype.is_bool() => Value::Bool(b),
        Scalar::Int(i) if dtype.is_integer() => {
            let (lo, hi) = int_range(dtype);
            if !(lo..=hi).contains(&i) {
                return Err(ApiError::invalid(
                    NAME,
                    format!("{i} is out of {dtype}'s range"),
                ));
            }
            Value::Int(i)
        }
        Scalar::Int(i) if dtype.is_float() => Value::Int(i),
        Scalar::Float(f) if dtype.is_float() => Value::Float(f),
        other => {
            return Err(ApiError::invalid(
                NAME,
                format!("a fill value {other:?} does not go with dtype {dtype}"),
            ))
        }
    };
    Ok(filled(shape, dtype, value))
}

pub(crate) fn linspace(
    start: f64,
    stop: f64,
    num: usize,
    dtype: DType,
    endpoint: bool,
) -> ApiResult<AnyArray> {
    const NAME: &str = "linspace";
    if !dtype.is_float() {
        return Err(ApiError::invalid(
            NAME,
            format!("expects a floating-point dtype, got {dtype}"),
        ));
    }
    element_count(NAME, &[num])?;
    let div = if endpoint { num.saturating_sub(1) } else { num };
    let delta = stop - start;
    let values: Vec<Value> = (0..num)
        .map(|i| {
            let v = if div == 0 {
                start
            } else if endpoint && i == num - 1 {
                stop
            } else {
                let step = delta / div as f64;
                if step == 0.0 {
                    i as f64 / div as f64 * delta + start
                } else {
                    i as f64 * step + start
                }
            };
            Value::Float(v)
        })
        .collect();
    Ok(from_values(dtype, values))
}

pub(crate) fn meshgrid(arrays: &[AnyArray], indexing: Indexing) -> ApiResult<Vec<AnyArray>> {
    const NAME: &str = "meshgrid";
    let Some(first) = arrays.first() else {
        return Ok(vec![]);
    };
    for a in arrays {
        if a.ndim() != 1 {
            return Err(ApiError::invalid(
                NAME,
                format!("expects 1-d arrays, got shape {:?}", a.shape()),
            ));
        }
        if a.dtype() != first.dtype() {
            return Err(ApiError::invalid(
                NAME,
                format!("expects one dtype, got {} and {}", first.dtype(), a.dtype()),
            ));
        }
    }
    let mut shape: Vec<usize> = arrays.iter().map(|a| a.len()).collect();
    // The output axis along which array `i` varies.
    let mut axis: Vec<usize> = (0..arrays.len()).collect();
    if indexing == Indexing::Xy && arrays.len() >= 2 {
        shape.swap(0, 1);
        axis.swap(0, 1);
    }
    element_count(NAME, &shape)?;
    fn spread<T: Element + ArrayElement>(a: &ArrayD<T>, shape: &[usize], axis: usize) -> AnyArray {
        let values: Vec<T> = a.iter().copied().collect();
        T::wrap(ArrayD::from_shape_fn(IxDyn(shape), |idx| values[idx[axis]]))
    }
    Ok(arrays
        .iter()
        .zip(&axis)
        .map(|(x, &ax)| with_array!(x, a => spread(a, &shape, ax)))
        .collect())
}

pub(crate) fn ones(shape: &[usize], dtype: DType) -> ApiResult<AnyArray> {
    element_count("ones", shape)?;
    Ok(filled(shape, dtype, Value::Int(1)))
}

pub(crate) fn zeros(shape: &[usize], dtype: DType) -> ApiResult<AnyArray> {
    element_count("zeros", shape)?;
    Ok(filled(shape, dtype, Value::Int(0)))
}

/// `x` with the elements where `keep(row, col)` is false set to zero.
fn triangle(
    function: &'static str,
    x: &AnyArray,
    keep: impl Fn(isize, isize) -> bool,
) -> ApiResult<AnyArray> {
    let n = x.ndim();
    if n < 2 {
        return Err(ApiError::invalid(
            function,
            format!("expects at least 2 dimensions, got {n}"),
        ));
    }
    fn mask<T: Element + ArrayElement>(
        a: &ArrayD<T>,
        keep: &dyn Fn(isize, isize) -> bool,
    ) -> AnyArray {
        let n = a.ndim();
        T::wrap(ArrayD::from_shape_fn(a.raw_dim(), |idx| {
            if keep(idx[n - 2] as isize, idx[n - 1] as isize) {
                a[idx.slice()]
            } else {
                T::default()
            }
        }))
    }
    Ok(with_array!(x, a => mask(a, &keep)))
}

/// The lower triangle: elements with `col - row <= k`.
pub(crate) fn tril(x: &AnyArray, k: isize) -> ApiResult<AnyArray> {
    triangle("tril", x, |i, j| j - i <= k)
}

/// The upper triangle: elements with `col - row >= k`.
pub(crate) fn triu(x: &AnyArray, k: isize) -> ApiResult<AnyArray> {
    triangle("triu", x, |i, j| j - i >= k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2, s, Array3, Axis};

    fn values(x: &AnyArray) -> Vec<f64> {
        x.to_f64_vec()
    }

    fn invalid<T: std::fmt::Debug>(r: ApiResult<T>) -> bool {
        matches!(r, Err(ApiError::InvalidArgument { .. }))
    }

    #[test]
    fn arange_lengths_and_values() {
        let a = arange(0.0, 5.0, 2.0, DType::Int32).unwrap();
        assert_eq!((a.dtype(), a.shape()), (DType::Int32, &[3usize][..]));
        assert_eq!(values(&a), vec![0.0, 2.0, 4.0]);
        let b = arange(5.0, 0.0, -1.5, DType::Float64).unwrap();
        assert_eq!(values(&b), vec![5.0, 3.5, 2.0, 0.5]);
        let c = arange(0.0, 1.0, 0.1, DType::Float32).unwrap();
        assert_eq!(c.len(), 10);
        assert_eq!(
            c.as_typed::<f32>().unwrap()[[3]],
            (0.30000000000000004f64) as f32
        );
        // Empty when the direction is wrong or the range is empty.
        assert_eq!(arange(0.0, 5.0, -1.0, DType::Int8).unwrap().shape(), &[0]);
        assert_eq!(arange(3.0, 3.0, 1.0, DType::UInt8).unwrap().shape(), &[0]);
        assert_eq!(
            values(&arange(-3.0, 0.5, 1.0, DType::Int8).unwrap()),
            vec![-3.0, -2.0, -1.0, 0.0]
        );
        assert!(invalid(arange(0.0, 1.0, 0.0, DType::Float64)));
        assert!(invalid(arange(0.5, 3.0, 1.0, DType::Int64)));
        assert!(invalid(arange(0.0, 300.0, 1.0, DType::UInt8)));
        assert!(invalid(arange(-1.0, 3.0, 1.0, DType::UInt16)));
        assert!(invalid(arange(0.0, 2.0, 1.0, DType::Bool)));
        assert!(invalid(arange(0.0, f64::INFINITY, 1.0, DType::Float64)));
        assert!(invalid(arange(0.0, 1e12, 1.0, DType::Float64)));
    }

    #[test]
    fn asarray_copies_into_c_order() {
        let mut a = arr2(&[[1.0f32, 2.0], [3.0, 4.0], [5.0, 6.0]]).into_dyn();
        a.invert_axis(Axis(0));
        let x = AnyArray::from(a.slice(s![.., ..;-1]).to_owned().into_dyn());
        let strided = AnyArray::from(a.clone());
        let y = asarray(&strided).unwrap();
        assert!(!strided.is_standard_layout());
        assert!(y.is_standard_layout());
        assert_eq!(y, strided);
        assert_eq!(values(&y), vec![5.0, 6.0, 3.0, 4.0, 1.0, 2.0]);
        assert_eq!(
            values(&asarray(&x).unwrap()),
            vec![6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
        );
        let t = AnyArray::from(arr2(&[[1u8, 2, 3], [4, 5, 6]]).reversed_axes().into_dyn());
        let u = asarray(&t).unwrap();
        assert_eq!((u.dtype(), u.shape()), (DType::UInt8, &[3usize, 2][..]));
        assert_eq!(values(&u), vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
        let s0 = asarray(&AnyArray::scalar(true)).unwrap();
        assert_eq!((s0.dtype(), s0.ndim()), (DType::Bool, 0));
        let e = asarray(&AnyArray::from(ArrayD::<i64>::zeros(IxDyn(&[2, 0])))).unwrap();
        assert_eq!(e.shape(), &[2, 0]);
    }

    #[test]
    fn eye_with_offsets() {
        let e = eye(3, Some(4), 1, DType::Int16).unwrap();
        assert_eq!(e.shape(), &[3, 4]);
        assert_eq!(
            values(&e),
            vec![0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0]
        );
        let f = eye(3, None, -2, DType::Float32).unwrap();
        assert_eq!(
            values(&f),
            vec![0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        );
        let b = eye(2, None, 0, DType::Bool).unwrap();
        assert_eq!(
            b.as_typed::<bool>().unwrap(),
            &arr2(&[[true, false], [false, true]]).into_dyn()
        );
        assert_eq!(
            values(&eye(2, Some(2), 5, DType::UInt8).unwrap()),
            vec![0.0; 4]
        );
        assert_eq!(eye(0, Some(3), 0, DType::Float64).unwrap().shape(), &[0, 3]);
    }

    #[test]
    fn full_ones_zeros() {
        let f = full(&[2, 1], Scalar::Float(-0.5), DType::Float32).unwrap();
        assert_eq!((f.dtype(), f.shape()), (DType::Float32, &[2usize, 1][..]));
        assert_eq!(values(&f), vec![-0.5, -0.5]);
        let i = full(&[3], Scalar::Int(-7), DType::Int8).unwrap();
        assert_eq!(values(&i), vec![-7.0; 3]);
        let fi = full(&[1], Scalar::Int(3), DType::Float64).unwrap();
        assert_eq!(values(&fi), vec![3.0]);
        let b = full(&[], Scalar::Bool(true), DType::Bool).unwrap();
        assert_eq!((b.ndim(), values(&b)), (0, vec![1.0]));
        let n = full(&[2], Scalar::Float(f64::NAN), DType::Float64).unwrap();
        assert!(values(&n).iter().all(|v| v.is_nan()));
        assert!(invalid(full(&[1], Scalar::Int(256), DType::UInt8)));
        assert!(invalid(full(&[1], Scalar::Int(-1), DType::UInt64)));
        // An int carries every uint64, and no more than the dtype holds.
        let top = full(&[1], Scalar::Int(u64::MAX.into()), DType::UInt64).unwrap();
        assert_eq!(top.as_typed::<u64>().unwrap()[[0]], u64::MAX);
        assert!(invalid(full(&[1], Scalar::Int(1 << 64), DType::UInt64)));
        assert!(invalid(full(
            &[1],
            Scalar::Int(i128::from(i64::MIN) - 1),
            DType::Int64
        )));
        let big = full(&[1], Scalar::Int(3 << 100), DType::Float64).unwrap();
        assert_eq!(values(&big), vec![3.0 * 2f64.powi(100)]);
        assert!(invalid(full(&[1], Scalar::Float(1.0), DType::Int32)));
        assert!(invalid(full(&[1], Scalar::Bool(true), DType::Int32)));
        assert!(invalid(full(&[1], Scalar::Int(1), DType::Bool)));
        assert!(invalid(full(
            &[1 << 20, 1 << 20],
            Scalar::Int(1),
            DType::Int8
        )));
        let o = ones(&[2, 2], DType::UInt64).unwrap();
        assert_eq!((o.dtype(), values(&o)), (DType::UInt64, vec![1.0; 4]));
        let ob = ones(&[1], DType::Bool).unwrap();
        assert!(ob.as_typed::<bool>().unwrap()[[0]]);
        let z = zeros(&[0, 2], DType::Float32).unwrap();
        assert_eq!((z.dtype(), z.shape()), (DType::Float32, &[0usize, 2][..]));
        let z1 = zeros(&[3], DType::Int64).unwrap();
        assert_eq!(values(&z1), vec![0.0; 3]);
    }

    #[test]
    fn linspace_with_and_without_endpoint() {
        let a = linspace(0.0, 1.0, 5, DType::Float64, true).unwrap();
        assert_eq!(values(&a), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        let b = linspace(0.0, 1.0, 4, DType::Float64, false).unwrap();
        assert_eq!(values(&b), vec![0.0, 0.25, 0.5, 0.75]);
        let c = linspace(2.0, -1.0, 4, DType::Float32, true).unwrap();
        assert_eq!(c.dtype(), DType::Float32);
        assert_eq!(values(&c), vec![2.0, 1.0, 0.0, -1.0]);
        // The endpoint is exactly stop, even where the step would miss it.
        let d = linspace(0.0, 0.3, 4, DType::Float64, true).unwrap();
        assert_eq!(*values(&d).last().unwrap(), 0.3);
        assert_eq!(
            values(&linspace(3.0, 9.0, 1, DType::Float64, true).unwrap()),
            vec![3.0]
        );
        assert_eq!(
            values(&linspace(3.0, 9.0, 1, DType::Float64, false).unwrap()),
            vec![3.0]
        );
        assert_eq!(
            linspace(3.0, 9.0, 0, DType::Float64, true).unwrap().shape(),
            &[0]
        );
        assert_eq!(
            values(&linspace(1.0, 1.0, 3, DType::Float64, true).unwrap()),
            vec![1.0; 3]
        );
        assert!(invalid(linspace(0.0, 1.0, 3, DType::Int32, true)));
    }

    #[test]
    fn meshgrid_xy_and_ij() {
        let x = AnyArray::from(arr1(&[1i32, 2, 3]).into_dyn());
        let mut rev = arr1(&[20i32, 10]).into_dyn();
        rev.invert_axis(Axis(0));
        let y = AnyArray::from(rev); // [10, 20], negative stride
        let xy = meshgrid(&[x.clone(), y.clone()], Indexing::Xy).unwrap();
        assert_eq!(xy.len(), 2);
        assert_eq!(xy[0].shape(), &[2, 3]);
        assert_eq!(values(&xy[0]), vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0]);
        assert_eq!(values(&xy[1]), vec![10.0, 10.0, 10.0, 20.0, 20.0, 20.0]);
        let ij = meshgrid(&[x.clone(), y.clone()], Indexing::Ij).unwrap();
        assert_eq!(ij[0].shape(), &[3, 2]);
        assert_eq!(values(&ij[0]), vec![1.0, 1.0, 2.0, 2.0, 3.0, 3.0]);
        assert_eq!(values(&ij[1]), vec![10.0, 20.0, 10.0, 20.0, 10.0, 20.0]);
        assert!(ij
            .iter()
            .all(|a| a.is_standard_layout() && a.dtype() == DType::Int32));
        // Three arrays: xy swaps only the first two axes.
        let z = AnyArray::from(arr1(&[0i32, 0, 0, 0]).into_dyn());
        let three = meshgrid(&[x.clone(), y.clone(), z], Indexing::Xy).unwrap();
        assert!(three.iter().all(|a| a.shape() == [2, 3, 4]));
        // One array, an empty one, none.
        assert_eq!(
            values(&meshgrid(std::slice::from_ref(&x), Indexing::Xy).unwrap()[0]),
            vec![1.0, 2.0, 3.0]
        );
        let empty = AnyArray::from(ArrayD::<i32>::zeros(IxDyn(&[0])));
        let e = meshgrid(&[x.clone(), empty], Indexing::Xy).unwrap();
        assert_eq!(e[0].shape(), &[0, 3]);
        assert!(meshgrid(&[], Indexing::Ij).unwrap().is_empty());
        let f = AnyArray::from(arr1(&[1.0f64]).into_dyn());
        assert!(invalid(meshgrid(&[x.clone(), f], Indexing::Xy)));
        assert!(invalid(meshgrid(&[AnyArray::scalar(1i32)], Indexing::Xy)));
    }

    #[test]
    fn tril_triu_on_the_last_two_axes() {
        let m = AnyArray::from(arr2(&[[1i64, 2, 3], [4, 5, 6], [7, 8, 9]]).into_dyn());
        assert_eq!(
            values(&tril(&m, 0).unwrap()),
            vec![1.0, 0.0, 0.0, 4.0, 5.0, 0.0, 7.0, 8.0, 9.0]
        );
        assert_eq!(
            values(&tril(&m, -1).unwrap()),
            vec![0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 7.0, 8.0, 0.0]
        );
        assert_eq!(
            values(&triu(&m, 0).unwrap()),
            vec![1.0, 2.0, 3.0, 0.0, 5.0, 6.0, 0.0, 0.0, 9.0]
        );
        assert_eq!(
            values(&triu(&m, 2).unwrap()),
            vec![0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        );
        assert_eq!(values(&triu(&m, -5).unwrap()), values(&m));
        // A transposed (F-ordered) stack of matrices, and bool.
        let stack = Array3::from_shape_fn((2, 2, 3), |(b, i, j)| (b * 100 + i * 10 + j) as f32);
        let t = AnyArray::from(stack.permuted_axes([0, 2, 1]).into_dyn()); // shape [2, 3, 2]
        let lower = tril(&t, 0).unwrap();
        assert!(lower.is_standard_layout());
        assert_eq!(lower.shape(), &[2, 3, 2]);
        assert_eq!(
            values(&lower),
            vec![0.0, 0.0, 1.0, 11.0, 2.0, 12.0, 100.0, 0.0, 101.0, 111.0, 102.0, 112.0]
        );
        let b = AnyArray::from(ArrayD::from_elem(IxDyn(&[2, 2]), true));
        assert_eq!(values(&triu(&b, 1).unwrap()), vec![0.0, 1.0, 0.0, 0.0]);
        assert_eq!(
            tril(&AnyArray::from(ArrayD::<u8>::zeros(IxDyn(&[0, 4]))), 0)
                .unwrap()
                .shape(),
            &[0, 4]
        );
        assert!(invalid(tril(&AnyArray::from(arr1(&[1i32]).into_dyn()), 0)));
        assert!(invalid(triu(&AnyArray::scalar(1.0f64), 0)));
    }
}
