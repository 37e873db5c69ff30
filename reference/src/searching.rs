//! Searching functions of the reference: `argmax`, `argmin`,
//! `count_nonzero`, `nonzero`, `searchsorted`, `where`.
//!
//! Choices where the standard is silent or leaves room:
//! - `argmax`/`argmin` return the first occurrence of the extreme; a NaN
//!   counts as the extreme, so the first NaN wins (as NumPy). `+0` and `-0`
//!   are equal, so the first of them wins. A reduction over an empty axis
//!   is an `InvalidArgument`. `axis=None` searches the array flattened in C
//!   order; with `keepdims` the result then has every axis of size 1.
//! - `count_nonzero` counts NaN as non-zero.
//! - `searchsorted` promotes `x1` and `x2` to one dtype, orders NaN after
//!   every number (so `side=left` finds the first NaN of `x1`), and treats
//!   `-0` and `+0` as equal.
//! - `nonzero` lists the indices in C order of the elements.
//! - `where` broadcasts all three arrays and promotes `x1` with `x2`.

use conformance_strategies::{with_numeric_array, AnyArray, DType};
use ndarray::ArrayD;

use super::elements::{
    bad_dtype, empty_reduction, from_vec, promote_all, reduce, to_vec, typed, with_real, Elem,
};
use super::statistical::reduce_axes;
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::args::{Reduce, Side};
use array_api::shape::{broadcast_shapes, normalize_axes, reduced_count};

/// The searching functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .argmax(argmax)
        .argmin(argmin)
        .count_nonzero(count_nonzero)
        .nonzero(nonzero)
        .searchsorted(searchsorted)
        .where_(where_)
}

/// The index of the first extreme (or first NaN) of a non-empty lane.
fn arg_extreme<T: Elem>(lane: &[T], larger: bool) -> i64 {
    let mut best = 0;
    for (i, v) in lane.iter().enumerate() {
        if v.is_nan() {
            return i as i64;
        }
        let b = &lane[best];
        if (larger && v > b) || (!larger && v < b) {
            best = i;
        }
    }
    best as i64
}

fn arg_search(
    function: &'static str,
    x: &AnyArray,
    axis: Option<isize>,
    keepdims: bool,
    larger: bool,
) -> ApiResult<AnyArray> {
    let axes = normalize_axes(function, axis.as_ref().map(std::slice::from_ref), x.ndim())?;
    if reduced_count(x.shape(), &axes) == 0 {
        return Err(empty_reduction(function));
    }
    with_numeric_array!(x, a => Ok(AnyArray::from(
        reduce(&a.view(), &axes, keepdims, |l| arg_extreme(l, larger)))),
        else Err(bad_dtype(function, "a real-valued array", x.dtype())))
}

pub(crate) fn argmax(x: &AnyArray, axis: Option<isize>, keepdims: bool) -> ApiResult<AnyArray> {
    arg_search("argmax", x, axis, keepdims, true)
}

pub(crate) fn argmin(x: &AnyArray, axis: Option<isize>, keepdims: bool) -> ApiResult<AnyArray> {
    arg_search("argmin", x, axis, keepdims, false)
}

pub(crate) fn count_nonzero(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let axes = reduce_axes("count_nonzero", x, args)?;
    Ok(
        with_real!("count_nonzero", x, a => AnyArray::from(reduce(&a.view(), &axes, args.keepdims, |l| {
            l.iter().filter(|v| v.truthy()).count() as i64
        }))),
    )
}

fn truthy_flat<T: Elem>(a: &ArrayD<T>) -> Vec<bool> {
    a.iter().map(|v| v.truthy()).collect()
}

pub(crate) fn nonzero(x: &AnyArray) -> ApiResult<Vec<AnyArray>> {
    if x.ndim() == 0 {
        return Err(ApiError::invalid(
            "nonzero",
            "x must have at least one dimension",
        ));
    }
    let shape = x.shape().to_vec();
    let flags = with_real!("nonzero", x, a => truthy_flat(a));
    let mut indices: Vec<Vec<i64>> = vec![Vec::new(); shape.len()];
    for (flat, _) in flags.iter().enumerate().filter(|(_, &f)| f) {
        let mut rest = flat;
        for d in (0..shape.len()).rev() {
            indices[d].push((rest % shape[d]) as i64);
            rest /= shape[d];
        }
    }
    Ok(indices
        .into_iter()
        .map(|v| AnyArray::from(from_vec(&[v.len()], v)))
        .collect())
}

fn search_typed<T: Elem>(x1: &ArrayD<T>, x2: &AnyArray, side: Side) -> ApiResult<AnyArray> {
    let x2 = typed::<T>("searchsorted", x2)?;
    let sorted = to_vec(&x1.view());
    let out: Vec<i64> = x2
        .iter()
        .map(|v| {
            let found = match side {
                Side::Left => sorted.partition_point(|s| s.sort_cmp(v).is_lt()),
                Side::Right => sorted.partition_point(|s| s.sort_cmp(v).is_le()),
            };
            found as i64
        })
        .collect();
    Ok(AnyArray::from(from_vec(x2.shape(), out)))
}

pub(crate) fn searchsorted(x1: &AnyArray, x2: &AnyArray, side: Side) -> ApiResult<AnyArray> {
    const F: &str = "searchsorted";
    if x1.ndim() != 1 {
        return Err(ApiError::invalid(
            F,
            format!("x1 must be one-dimensional, got {} dimensions", x1.ndim()),
        ));
    }
    for x in [x1, x2] {
        if x.dtype() == DType::Bool {
            return Err(bad_dtype(F, "real-valued arrays", x.dtype()));
        }
    }
    let (_, v) = promote_all(F, &[x1, x2])?;
    with_real!("searchsorted", &v[0], a => search_typed(a, &v[1], side))
}

fn where_typed<T: Elem>(
    shape: &[usize],
    condition: &ArrayD<bool>,
    x1: &ArrayD<T>,
    x2: &AnyArray,
) -> ApiResult<AnyArray> {
    let x2 = typed::<T>("where", x2)?;
    let (Some(c), Some(a), Some(b)) = (
        condition.broadcast(shape),
        x1.broadcast(shape),
        x2.broadcast(shape),
    ) else {
        return Err(ApiError::invalid("where", "arrays do not broadcast"));
    };
    let out: Vec<T> = c
        .iter()
        .zip(a.iter().zip(b.iter()))
        .map(|(&c, (&a, &b))| if c { a } else { b })
        .collect();
    Ok(T::wrap(from_vec(shape, out)))
}

pub(crate) fn where_(condition: &AnyArray, x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    let Some(cond) = condition.as_typed::<bool>() else {
        return Err(bad_dtype("where", "a boolean condition", condition.dtype()));
    };
    let shape = broadcast_shapes("where", &[condition.shape(), x1.shape(), x2.shape()])?;
    let (_, v) = promote_all("where", &[x1, x2])?;
    with_real!("where", &v[0], a => where_typed(&shape, cond, a, &v[1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr0, arr1, arr2, s, Axis, IxDyn};

    fn i64s(x: &AnyArray) -> Vec<i64> {
        assert_eq!(x.dtype(), DType::Int64);
        x.as_typed::<i64>().unwrap().iter().copied().collect()
    }

    #[test]
    fn argmax_argmin_first_occurrence_and_nan() {
        let x = AnyArray::from(arr2(&[[3i16, 1, 3], [0, 5, 5]]).into_dyn());
        assert_eq!(i64s(&argmax(&x, None, false).unwrap()), vec![4]);
        assert_eq!(i64s(&argmax(&x, Some(1), false).unwrap()), vec![0, 1]);
        assert_eq!(i64s(&argmin(&x, Some(-2), false).unwrap()), vec![1, 0, 0]);
        let k = argmin(&x, None, true).unwrap();
        assert_eq!(k.shape(), &[1, 1]);
        assert_eq!(i64s(&k), vec![3]);
        let f = AnyArray::from(arr1(&[1.0f32, f64::NAN as f32, 9.0, f32::NAN]).into_dyn());
        assert_eq!(i64s(&argmax(&f, None, false).unwrap()), vec![1]);
        assert_eq!(i64s(&argmin(&f, None, false).unwrap()), vec![1]);
        let z = AnyArray::from(arr1(&[-0.0f64, 0.0]).into_dyn());
        assert_eq!(i64s(&argmax(&z, None, false).unwrap()), vec![0]);
        let e = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[2, 0])));
        assert!(argmax(&e, Some(1), false).is_err());
        assert_eq!(argmax(&e, Some(0), false).unwrap().shape(), &[0]);
        assert_eq!(
            i64s(&argmax(&AnyArray::scalar(2u8), None, false).unwrap()),
            vec![0]
        );
        assert!(argmax(&AnyArray::scalar(true), None, false).is_err());
        assert!(argmax(&x, Some(2), false).is_err());
    }

    #[test]
    fn argmax_reads_negative_strides() {
        let mut a = arr2(&[[1i32, 7, 7], [9, 2, 0]]).into_dyn();
        a.invert_axis(Axis(1));
        let x = AnyArray::from(a);
        assert_eq!(i64s(&argmax(&x, Some(1), false).unwrap()), vec![0, 2]);
    }

    #[test]
    fn count_nonzero_counts_nan() {
        let x = AnyArray::from(arr2(&[[0.0f64, f64::NAN], [-0.0, 2.0]]).into_dyn());
        assert_eq!(
            i64s(&count_nonzero(&x, &Reduce::default()).unwrap()),
            vec![2]
        );
        let r = Reduce {
            axes: Some(vec![0]),
            keepdims: true,
        };
        let c = count_nonzero(&x, &r).unwrap();
        assert_eq!(c.shape(), &[1, 2]);
        assert_eq!(i64s(&c), vec![0, 2]);
        let e = AnyArray::from(ArrayD::<bool>::from_elem(IxDyn(&[0]), true));
        assert_eq!(
            i64s(&count_nonzero(&e, &Reduce::default()).unwrap()),
            vec![0]
        );
    }

    #[test]
    fn nonzero_lists_indices_in_c_order() {
        let mut a = arr2(&[[0u8, 3], [4, 0], [0, 1]]).into_dyn();
        a.invert_axis(Axis(0));
        let nz = nonzero(&AnyArray::from(a)).unwrap();
        assert_eq!(nz.len(), 2);
        assert_eq!(i64s(&nz[0]), vec![0, 1, 2]);
        assert_eq!(i64s(&nz[1]), vec![1, 0, 1]);
        assert!(nonzero(&AnyArray::scalar(1i8)).is_err());
        let e = nonzero(&AnyArray::from(ArrayD::<f32>::zeros(IxDyn(&[0, 2])))).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].shape(), &[0]);
    }

    #[test]
    fn searchsorted_sides_and_nan() {
        let x1 = AnyArray::from(arr1(&[1.0f64, 2.0, 2.0, 3.0, f64::NAN]).into_dyn());
        let x2 = AnyArray::from(arr2(&[[2.0f64, 0.0], [9.0, f64::NAN]]).into_dyn());
        let l = searchsorted(&x1, &x2, Side::Left).unwrap();
        assert_eq!(l.shape(), &[2, 2]);
        assert_eq!(i64s(&l), vec![1, 0, 4, 4]);
        let r = searchsorted(&x1, &x2, Side::Right).unwrap();
        assert_eq!(i64s(&r), vec![3, 0, 4, 5]);
        let ints = AnyArray::from(arr1(&[1i8, 5, 9]).into_dyn());
        let v = AnyArray::from(arr0(300i16).into_dyn());
        let s = searchsorted(&ints, &v, Side::Left).unwrap();
        assert_eq!(s.ndim(), 0);
        assert_eq!(i64s(&s), vec![3]);
        assert!(searchsorted(&x2, &x1, Side::Left).is_err());
        assert!(searchsorted(&x1, &ints, Side::Left).is_err());
    }

    #[test]
    fn where_broadcasts_and_promotes() {
        let c = AnyArray::from(arr2(&[[true], [false]]).into_dyn());
        let mut a = arr1(&[1i8, 2, 3]).into_dyn();
        a.invert_axis(Axis(0));
        let x1 = AnyArray::from(a);
        let x2 = AnyArray::scalar(-1i32);
        let w = where_(&c, &x1, &x2).unwrap();
        assert_eq!(w.dtype(), DType::Int32);
        assert_eq!(w.shape(), &[2, 3]);
        assert!(w.is_standard_layout());
        assert_eq!(w.to_f64_vec(), vec![3.0, 2.0, 1.0, -1.0, -1.0, -1.0]);
        assert!(where_(&x1, &x1, &x2).is_err());
        let f = AnyArray::scalar(1.0f32);
        assert!(where_(&c, &x1, &f).is_err());
        let long = AnyArray::from(arr1(&[1i8, 2]).into_dyn());
        assert!(where_(&c, &x1, &long).is_err());
        let sliced = AnyArray::from(
            arr2(&[[1.0f64, 2.0], [3.0, 4.0]])
                .slice_move(s![.., 1])
                .into_dyn(),
        );
        let w = where_(&AnyArray::scalar(true), &sliced, &AnyArray::scalar(0.0f64)).unwrap();
        assert_eq!(w.to_f64_vec(), vec![2.0, 4.0]);
    }
}
