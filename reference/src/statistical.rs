//! Statistical functions of the reference: `sum`, `prod`, `max`, `min`,
//! `mean`, `var`, `std`, `cumulative_sum`, `cumulative_prod`.
//!
//! Choices where the standard is silent or leaves room:
//! - `sum`, `prod` and the cumulative functions (no `dtype` argument here)
//!   accumulate signed integers and `bool` in `int64`, unsigned integers in
//!   `uint64` and floats in their own dtype; integer overflow wraps.
//!   `bool` is accepted (as NumPy does) although the standard lists
//!   numeric inputs only.
//! - Float sums are plain sequential sums in the input precision (f32 sums
//!   in f32), in logical C order of the reduced elements; `prod` likewise.
//!   `mean` is that sum divided by the count; `var` is two-pass (mean, then
//!   the sum of squared deviations divided by `M - correction`).
//! - `max`/`min` of an empty reduction is an `InvalidArgument` (the
//!   standard lets it raise); NaN propagates (the first NaN met is returned).
//!   Between `+0` and `-0` the first met is kept.
//! - `cumulative_*` refuse 0-d input, and `axis=None` unless `x` is 1-d.

use conformance_strategies::{with_numeric_array, AnyArray, ArrayElement};
use ndarray::ArrayD;

use super::elements::{
    bad_dtype, empty_reduction, fold1, map_lanes, reduce, require_float, with_float_array,
    with_real, Elem, Float, Num,
};
use array_api::api::{ApiResult, Ops};
use array_api::args::Reduce;
use array_api::shape::{normalize_axes, reduced_count, scan_axis};

/// The statistical functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .sum(sum)
        .prod(prod)
        .max(max)
        .min(min)
        .mean(mean)
        .var(var)
        .std(std)
        .cumulative_sum(cumulative_sum)
        .cumulative_prod(cumulative_prod)
}

/// The normalised axes a [`Reduce`] names for `x`.
pub(crate) fn reduce_axes(
    function: &'static str,
    x: &AnyArray,
    args: &Reduce,
) -> ApiResult<Vec<usize>> {
    normalize_axes(function, args.axes.as_deref(), x.ndim())
}

fn fold_acc<T: Elem>(
    a: &ArrayD<T>,
    axes: &[usize],
    keepdims: bool,
    init: T::Acc,
    step: fn(T::Acc, T::Acc) -> T::Acc,
) -> AnyArray {
    let out = reduce(&a.view(), axes, keepdims, |l| {
        fold1(l.iter().map(|v| v.widen()), init, step)
    });
    <T::Acc as ArrayElement>::wrap(out)
}

pub(crate) fn sum(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let axes = reduce_axes("sum", x, args)?;
    Ok(with_real!("sum", x, a => fold_acc(a, &axes, args.keepdims, Num::ZERO, Num::add)))
}

pub(crate) fn prod(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let axes = reduce_axes("prod", x, args)?;
    Ok(with_real!("prod", x, a => fold_acc(a, &axes, args.keepdims, Num::ONE, Num::mul)))
}

/// The largest (`larger`) or smallest element, NaN if any is NaN.
fn extreme<T: Num>(lane: &[T], larger: bool) -> T {
    let mut best = lane[0];
    for &v in lane {
        if v.is_nan() {
            return v;
        }
        if (larger && v > best) || (!larger && v < best) {
            best = v;
        }
    }
    best
}

fn extreme_reduce(
    function: &'static str,
    x: &AnyArray,
    args: &Reduce,
    larger: bool,
) -> ApiResult<AnyArray> {
    let axes = reduce_axes(function, x, args)?;
    if reduced_count(x.shape(), &axes) == 0 {
        return Err(empty_reduction(function));
    }
    with_numeric_array!(x, a => Ok(AnyArray::from(
        reduce(&a.view(), &axes, args.keepdims, |l| extreme(l, larger)))),
        else Err(bad_dtype(function, "a real-valued array", x.dtype())))
}

pub(crate) fn max(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    extreme_reduce("max", x, args, true)
}

pub(crate) fn min(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    extreme_reduce("min", x, args, false)
}

/// Sequential sum in the float's own precision.
pub(crate) fn float_sum<T: Float>(lane: &[T]) -> T {
    fold1(lane.iter().copied(), T::ZERO, |acc, v| acc + v)
}

/// Sum divided by the count (NaN for an empty lane).
pub(crate) fn float_mean<T: Float>(lane: &[T]) -> T {
    float_sum(lane) / T::from_usize(lane.len())
}

/// Two-pass variance with `M - correction` degrees of freedom; NaN where
/// `M - correction <= 0`.
pub(crate) fn float_var<T: Float>(lane: &[T], correction: f64) -> T {
    let dof = lane.len() as f64 - correction;
    if dof <= 0.0 {
        return T::NAN;
    }
    let m = float_mean(lane);
    let ss = lane.iter().fold(T::ZERO, |acc, &v| {
        let d = v - m;
        acc + d * d
    });
    ss / T::from_f64(dof)
}

fn float_reduce(
    function: &'static str,
    x: &AnyArray,
    args: &Reduce,
    correction: f64,
    kind: u8,
) -> ApiResult<AnyArray> {
    require_float(function, x)?;
    let axes = reduce_axes(function, x, args)?;
    with_float_array!(x, a => Ok(AnyArray::from(reduce(&a.view(), &axes, args.keepdims, |l| match kind {
        0 => float_mean(l),
        1 => float_var(l, correction),
        _ => float_var(l, correction).sqrt(),
    }))), else unreachable!("checked to be floating-point"))
}

pub(crate) fn mean(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    float_reduce("mean", x, args, 0.0, 0)
}

pub(crate) fn var(x: &AnyArray, args: &Reduce, correction: f64) -> ApiResult<AnyArray> {
    float_reduce("var", x, args, correction, 1)
}

pub(crate) fn std(x: &AnyArray, args: &Reduce, correction: f64) -> ApiResult<AnyArray> {
    float_reduce("std", x, args, correction, 2)
}

fn scan<T: Elem>(
    a: &ArrayD<T>,
    axis: usize,
    include_initial: bool,
    init: T::Acc,
    step: fn(T::Acc, T::Acc) -> T::Acc,
) -> AnyArray {
    let len = a.shape()[axis] + usize::from(include_initial);
    let out = map_lanes(&a.view(), axis, len, |lane, out| {
        if include_initial {
            out.push(init);
        }
        // Successive application from the first element, as `sum`.
        let mut acc: Option<T::Acc> = None;
        for &v in lane {
            let next = match acc {
                None => v.widen(),
                Some(a) => step(a, v.widen()),
            };
            acc = Some(next);
            out.push(next);
        }
    });
    <T::Acc as ArrayElement>::wrap(out)
}

fn cumulative(
    function: &'static str,
    x: &AnyArray,
    axis: Option<isize>,
    include_initial: bool,
    product: bool,
) -> ApiResult<AnyArray> {
    let axis = scan_axis(function, axis, x.ndim())?;
    Ok(with_real!(function, x, a => if product {
        scan(a, axis, include_initial, Num::ONE, Num::mul)
    } else {
        scan(a, axis, include_initial, Num::ZERO, Num::add)
    }))
}

pub(crate) fn cumulative_sum(
    x: &AnyArray,
    axis: Option<isize>,
    include_initial: bool,
) -> ApiResult<AnyArray> {
    cumulative("cumulative_sum", x, axis, include_initial, false)
}

pub(crate) fn cumulative_prod(
    x: &AnyArray,
    axis: Option<isize>,
    include_initial: bool,
) -> ApiResult<AnyArray> {
    cumulative("cumulative_prod", x, axis, include_initial, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use array_api::api::ApiError;
    use conformance_strategies::DType;
    use ndarray::{arr1, arr2, s, Axis, IxDyn};

    fn all() -> Reduce {
        Reduce::default()
    }

    fn on(axes: &[isize], keepdims: bool) -> Reduce {
        Reduce {
            axes: Some(axes.to_vec()),
            keepdims,
        }
    }

    fn m23() -> AnyArray {
        AnyArray::from(arr2(&[[1i8, 2, 3], [4, 5, 6]]).into_dyn())
    }

    #[test]
    fn sum_widens_and_wraps() {
        let s = sum(&m23(), &all()).unwrap();
        assert_eq!(s.dtype(), DType::Int64);
        assert_eq!(s.shape(), &[] as &[usize]);
        assert_eq!(s.to_f64_vec(), vec![21.0]);
        let s = sum(&m23(), &on(&[-1], true)).unwrap();
        assert_eq!(s.shape(), &[2, 1]);
        assert_eq!(s.to_f64_vec(), vec![6.0, 15.0]);
        let u = AnyArray::from(arr1(&[u64::MAX, 2]).into_dyn());
        let s = sum(&u, &all()).unwrap();
        assert_eq!(s.as_typed::<u64>().unwrap()[[]], 1);
        let b = AnyArray::from(arr1(&[true, false, true]).into_dyn());
        let s = sum(&b, &all()).unwrap();
        assert_eq!(s.as_typed::<i64>().unwrap()[[]], 2);
        let z = AnyArray::from(arr1(&[-0.0f64, -0.0]).into_dyn());
        let s = sum(&z, &all()).unwrap();
        assert!(s.as_typed::<f64>().unwrap()[[]].is_sign_negative());
        let c = cumulative_sum(&z, None, true).unwrap();
        let c = c.as_typed::<f64>().unwrap();
        assert!(c[[0]].is_sign_positive() && c[[1]].is_sign_negative());
        let m = mean(&z, &all()).unwrap();
        assert!(m.as_typed::<f64>().unwrap()[[]].is_sign_negative());
        let f = AnyArray::from(arr1(&[0.5f32, 0.25]).into_dyn());
        let s = sum(&f, &all()).unwrap();
        assert_eq!(s.as_typed::<f32>().unwrap()[[]], 0.75);
        assert!(sum(&m23(), &on(&[2], false)).is_err());
        assert!(sum(&m23(), &on(&[0, -2], false)).is_err());
    }

    #[test]
    fn empty_sum_and_prod_are_identities() {
        let e = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[2, 0])));
        let s = sum(&e, &on(&[1], false)).unwrap();
        assert_eq!(s.shape(), &[2]);
        assert_eq!(s.to_f64_vec(), vec![0.0, 0.0]);
        let p = prod(&e, &all()).unwrap();
        assert_eq!(p.to_f64_vec(), vec![1.0]);
        let s = sum(&e, &on(&[0], true)).unwrap();
        assert_eq!(s.shape(), &[1, 0]);
    }

    #[test]
    fn prod_of_strided_input_and_of_a_scalar() {
        let mut a = arr2(&[[1i32, 2, 3], [4, 5, 6]]).into_dyn();
        a.invert_axis(Axis(0));
        let x = AnyArray::from(a.slice_move(s![.., ..;2]).into_dyn());
        assert!(!x.is_standard_layout());
        let p = prod(&x, &on(&[0], false)).unwrap();
        assert_eq!(p.to_f64_vec(), vec![4.0, 18.0]);
        let p = prod(&AnyArray::scalar(7u8), &all()).unwrap();
        assert_eq!(p.dtype(), DType::UInt64);
        assert_eq!(p.to_f64_vec(), vec![7.0]);
        assert!(prod(&AnyArray::scalar(7u8), &on(&[0], false)).is_err());
    }

    #[test]
    fn max_min_propagate_nan_and_refuse_empty() {
        let x = AnyArray::from(arr2(&[[1.0f64, f64::NAN], [3.0, -2.0]]).into_dyn());
        let m = max(&x, &on(&[1], false)).unwrap().to_f64_vec();
        assert!(m[0].is_nan());
        assert_eq!(m[1], 3.0);
        let m = min(&x, &on(&[0], true)).unwrap();
        assert_eq!(m.shape(), &[1, 2]);
        assert_eq!(m.to_f64_vec()[0], 1.0);
        assert!(m.to_f64_vec()[1].is_nan());
        assert_eq!(max(&m23(), &all()).unwrap().to_f64_vec(), vec![6.0]);
        assert_eq!(max(&m23(), &all()).unwrap().dtype(), DType::Int8);
        let e = AnyArray::from(ArrayD::<i32>::zeros(IxDyn(&[0, 3])));
        assert!(matches!(
            max(&e, &all()),
            Err(ApiError::InvalidArgument { .. })
        ));
        assert_eq!(min(&e, &on(&[1], false)).unwrap().shape(), &[0]);
        assert!(min(&AnyArray::scalar(true), &all()).is_err());
    }

    #[test]
    fn mean_var_std() {
        let x = AnyArray::from(arr2(&[[1.0f32, 2.0, 3.0, 4.0]]).into_dyn());
        assert_eq!(mean(&x, &all()).unwrap().to_f64_vec(), vec![2.5]);
        assert_eq!(mean(&x, &all()).unwrap().dtype(), DType::Float32);
        assert_eq!(var(&x, &all(), 0.0).unwrap().to_f64_vec(), vec![1.25]);
        let v = var(&x, &on(&[1], false), 1.0).unwrap().to_f64_vec();
        assert!((v[0] - 5.0 / 3.0).abs() < 1e-6);
        assert_eq!(
            std(&x, &all(), 0.0).unwrap().to_f64_vec(),
            vec![1.25f32.sqrt() as f64]
        );
        // M - correction <= 0 gives NaN.
        let v = var(&x, &on(&[0], false), 1.0).unwrap().to_f64_vec();
        assert!(v.iter().all(|v| v.is_nan()));
        let e = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[0])));
        assert!(mean(&e, &all()).unwrap().to_f64_vec()[0].is_nan());
        assert!(mean(&m23(), &all()).is_err());
    }

    #[test]
    fn cumulative_sum_and_prod() {
        let c = cumulative_sum(&m23(), Some(1), false).unwrap();
        assert_eq!(c.dtype(), DType::Int64);
        assert_eq!(c.to_f64_vec(), vec![1.0, 3.0, 6.0, 4.0, 9.0, 15.0]);
        let c = cumulative_sum(&m23(), Some(-2), true).unwrap();
        assert_eq!(c.shape(), &[3, 3]);
        assert_eq!(
            c.to_f64_vec(),
            vec![0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 9.0]
        );
        let mut v = arr1(&[1.0f64, 2.0, 3.0]).into_dyn();
        v.invert_axis(Axis(0));
        let c = cumulative_prod(&AnyArray::from(v), None, true).unwrap();
        assert_eq!(c.to_f64_vec(), vec![1.0, 3.0, 6.0, 6.0]);
        assert!(cumulative_sum(&m23(), None, false).is_err());
        assert!(cumulative_sum(&AnyArray::scalar(1i32), None, false).is_err());
        let e = AnyArray::from(ArrayD::<u8>::zeros(IxDyn(&[0])));
        let c = cumulative_prod(&e, None, true).unwrap();
        assert_eq!(c.dtype(), DType::UInt64);
        assert_eq!(c.to_f64_vec(), vec![1.0]);
    }
}
