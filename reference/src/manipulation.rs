//! Manipulation functions of the reference: `broadcast_arrays`,
//! `broadcast_to`, `concat`, `expand_dims`, `flip`, `moveaxis`,
//! `permute_dims`, `repeat`, `reshape`, `roll`, `squeeze`, `stack`, `tile`,
//! `unstack`, `broadcast_shapes`.
//!
//! Every result is a fresh C-ordered array (broadcasts are materialised).
//! Choices where the standard is silent or leaves room:
//! - `concat` and `stack` promote their inputs to one dtype and refuse an
//!   empty list, mixed kinds, and 0-d arrays for `concat` with an axis;
//!   `concat(axis=None)` flattens each input in C order.
//! - `repeat` with one repeat count repeats every element that many times;
//!   otherwise there must be one count per element along the axis.
//! - `roll` with `axes=None` takes exactly one shift; with axes, a single
//!   shift applies to every axis, and shifts of a repeated axis add up (as
//!   NumPy).
//! - `tile` pads the shorter of `x.shape` and `reps` with leading ones (as
//!   NumPy).
//! - `reshape` refuses `-1` where the other sizes multiply to 0.
//! - `flip`, `squeeze` and `moveaxis` refuse repeated axes.

use conformance_strategies::{with_array, AnyArray, ArrayElement};
use ndarray::{ArrayD, ArrayViewD, Axis, IxDyn};

use super::elements::{from_vec, map_lanes, owned_c, promote_all, to_vec, typed, with_real, Elem};
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::shape::{broadcast_shapes, normalize_axes, normalize_axis};

/// The manipulation functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .broadcast_arrays(broadcast_arrays)
        .broadcast_to(broadcast_to)
        .concat(concat)
        .expand_dims(expand_dims)
        .flip(flip)
        .moveaxis(moveaxis)
        .permute_dims(permute_dims)
        .repeat(repeat)
        .reshape(reshape)
        .roll(roll)
        .squeeze(squeeze)
        .stack(stack)
        .tile(tile)
        .unstack(unstack)
        .broadcast_shapes(broadcast_shapes_of)
}

/// The broadcast of `shapes` (no shape at all gives `()`), by the
/// standard's rule in `array_api::shape`.
pub(crate) fn broadcast_shapes_of(shapes: &[Vec<usize>]) -> ApiResult<Vec<usize>> {
    let shapes: Vec<&[usize]> = shapes.iter().map(Vec::as_slice).collect();
    broadcast_shapes("broadcast_shapes", &shapes)
}

/// `x` materialised in the broadcast `shape`, or an error.
pub(crate) fn broadcast_any(
    function: &'static str,
    x: &AnyArray,
    shape: &[usize],
) -> ApiResult<AnyArray> {
    with_array!(x, a => match a.broadcast(shape) {
        Some(v) => Ok(AnyArray::from(owned_c(v))),
        None => Err(ApiError::invalid(
            function,
            format!("shape {:?} cannot be broadcast to {:?}", a.shape(), shape),
        )),
    })
}

pub(crate) fn broadcast_arrays(arrays: &[AnyArray]) -> ApiResult<Vec<AnyArray>> {
    let shapes: Vec<&[usize]> = arrays.iter().map(|a| a.shape()).collect();
    let shape = broadcast_shapes("broadcast_arrays", &shapes)?;
    arrays
        .iter()
        .map(|a| broadcast_any("broadcast_arrays", a, &shape))
        .collect()
}

pub(crate) fn broadcast_to(x: &AnyArray, shape: &[usize]) -> ApiResult<AnyArray> {
    broadcast_any("broadcast_to", x, shape)
}

fn views<'a, T: ArrayElement>(
    function: &'static str,
    arrays: &'a [AnyArray],
) -> ApiResult<Vec<ArrayViewD<'a, T>>> {
    arrays
        .iter()
        .map(|a| typed::<T>(function, a).map(|a| a.view()))
        .collect()
}

fn concat_typed<T: Elem>(
    first: &ArrayD<T>,
    arrays: &[AnyArray],
    axis: Option<usize>,
) -> ApiResult<AnyArray> {
    let _ = first;
    let views = views::<T>("concat", arrays)?;
    let out = match axis {
        None => {
            let values: Vec<T> = views.iter().flat_map(|v| v.iter().copied()).collect();
            from_vec(&[values.len()], values)
        }
        Some(axis) => ndarray::concatenate(Axis(axis), &views)
            .map(|a| owned_c(a.view()))
            .map_err(|e| ApiError::invalid("concat", format!("shapes do not match: {e}")))?,
    };
    Ok(T::wrap(out))
}

pub(crate) fn concat(arrays: &[AnyArray], axis: Option<isize>) -> ApiResult<AnyArray> {
    const F: &str = "concat";
    let refs: Vec<&AnyArray> = arrays.iter().collect();
    let (_, arrays) = promote_all(F, &refs)?;
    let axis = match axis {
        None => None,
        Some(axis) => {
            let ndim = arrays[0].ndim();
            if arrays.iter().any(|a| a.ndim() != ndim) {
                return Err(ApiError::invalid(
                    F,
                    "arrays must have the same number of dimensions",
                ));
            }
            let axis = normalize_axis(F, axis, ndim)?;
            for a in &arrays {
                for d in (0..ndim).filter(|&d| d != axis) {
                    if a.shape()[d] != arrays[0].shape()[d] {
                        return Err(ApiError::invalid(
                            F,
                            format!(
                                "shapes {:?} and {:?} differ off axis {axis}",
                                arrays[0].shape(),
                                a.shape()
                            ),
                        ));
                    }
                }
            }
            Some(axis)
        }
    };
    with_real!("concat", &arrays[0], a => concat_typed(a, &arrays, axis))
}

pub(crate) fn expand_dims(x: &AnyArray, axis: isize) -> ApiResult<AnyArray> {
    let axis = normalize_axis("expand_dims", axis, x.ndim() + 1)?;
    Ok(with_array!(x, a => AnyArray::from(owned_c(a.view().insert_axis(Axis(axis))))))
}

pub(crate) fn flip(x: &AnyArray, axes: Option<&[isize]>) -> ApiResult<AnyArray> {
    let axes = normalize_axes("flip", axes, x.ndim())?;
    Ok(with_array!(x, a => {
        let mut v = a.view();
        for &ax in &axes {
            v.invert_axis(Axis(ax));
        }
        AnyArray::from(owned_c(v))
    }))
}

/// `x` with its axes in `order` (a permutation), C-ordered.
fn permuted(x: &AnyArray, order: &[usize]) -> AnyArray {
    with_array!(x, a => AnyArray::from(owned_c(a.view().permuted_axes(order))))
}

/// Normalised, duplicate-free axes in the given order.
fn distinct_axes(function: &'static str, axes: &[isize], ndim: usize) -> ApiResult<Vec<usize>> {
    let out = axes
        .iter()
        .map(|&a| normalize_axis(function, a, ndim))
        .collect::<ApiResult<Vec<_>>>()?;
    for (i, a) in out.iter().enumerate() {
        if out[..i].contains(a) {
            return Err(ApiError::invalid(
                function,
                format!("repeated axis in {axes:?}"),
            ));
        }
    }
    Ok(out)
}

pub(crate) fn moveaxis(
    x: &AnyArray,
    source: &[isize],
    destination: &[isize],
) -> ApiResult<AnyArray> {
    const F: &str = "moveaxis";
    if source.len() != destination.len() {
        return Err(ApiError::invalid(
            F,
            "source and destination must have the same number of axes",
        ));
    }
    let src = distinct_axes(F, source, x.ndim())?;
    let dst = distinct_axes(F, destination, x.ndim())?;
    let mut order: Vec<usize> = (0..x.ndim()).filter(|a| !src.contains(a)).collect();
    let mut pairs: Vec<(usize, usize)> = dst.into_iter().zip(src).collect();
    pairs.sort_unstable();
    for (d, s) in pairs {
        order.insert(d, s);
    }
    Ok(permuted(x, &order))
}

pub(crate) fn permute_dims(x: &AnyArray, axes: &[usize]) -> ApiResult<AnyArray> {
    let mut seen = vec![false; x.ndim()];
    let ok = axes.len() == x.ndim()
        && axes
            .iter()
            .all(|&a| a < seen.len() && !std::mem::replace(&mut seen[a], true));
    if !ok {
        return Err(ApiError::invalid(
            "permute_dims",
            format!(
                "axes {axes:?} are not a permutation of the {} axes",
                x.ndim()
            ),
        ));
    }
    Ok(permuted(x, axes))
}

fn repeat_typed<T: Elem>(a: ArrayViewD<'_, T>, counts: &[usize], axis: usize) -> AnyArray {
    let total = counts.iter().sum();
    T::wrap(map_lanes(&a, axis, total, |lane, out| {
        for (v, &n) in lane.iter().zip(counts) {
            out.extend(std::iter::repeat_n(*v, n));
        }
    }))
}

pub(crate) fn repeat(x: &AnyArray, repeats: &[usize], axis: Option<isize>) -> ApiResult<AnyArray> {
    const F: &str = "repeat";
    let (flat, axis) = match axis {
        None => (
            with_array!(x, a => AnyArray::from(from_vec(&[a.len()], to_vec(&a.view())))),
            0,
        ),
        Some(axis) => (x.clone(), normalize_axis(F, axis, x.ndim())?),
    };
    let len = flat.shape()[axis];
    let counts = match repeats.len() {
        1 => vec![repeats[0]; len],
        n if n == len => repeats.to_vec(),
        n => {
            return Err(ApiError::invalid(
                F,
                format!("{n} repeat counts for an axis of length {len}"),
            ))
        }
    };
    Ok(with_real!("repeat", &flat, a => repeat_typed(a.view(), &counts, axis)))
}

pub(crate) fn reshape(x: &AnyArray, shape: &[isize]) -> ApiResult<AnyArray> {
    const F: &str = "reshape";
    let bad = || {
        ApiError::invalid(
            F,
            format!(
                "cannot reshape an array of shape {:?} into {shape:?}",
                x.shape()
            ),
        )
    };
    if shape.iter().any(|&s| s < -1) || shape.iter().filter(|&&s| s == -1).count() > 1 {
        return Err(bad());
    }
    let known: usize = shape
        .iter()
        .filter(|&&s| s >= 0)
        .map(|&s| s as usize)
        .product();
    let size = x.len();
    let out: Vec<usize> = if shape.contains(&-1) {
        if size.checked_rem(known) != Some(0) {
            return Err(bad());
        }
        shape
            .iter()
            .map(|&s| if s == -1 { size / known } else { s as usize })
            .collect()
    } else {
        shape.iter().map(|&s| s as usize).collect()
    };
    if out.iter().product::<usize>() != size {
        return Err(bad());
    }
    Ok(with_array!(x, a => AnyArray::from(from_vec(&out, to_vec(&a.view())))))
}

/// `out[i] = a[(i - shift) mod n]` along each axis with a shift.
fn roll_typed<T: Elem>(a: &ArrayD<T>, shifts: &[isize]) -> AnyArray {
    let shape = a.shape().to_vec();
    let mut src = vec![0usize; shape.len()];
    T::wrap(ArrayD::from_shape_fn(IxDyn(&shape), |idx| {
        for d in 0..shape.len() {
            let n = shape[d] as isize;
            src[d] = (idx[d] as isize - shifts[d]).rem_euclid(n) as usize;
        }
        a[IxDyn(&src)]
    }))
}

pub(crate) fn roll(x: &AnyArray, shift: &[isize], axes: Option<&[isize]>) -> ApiResult<AnyArray> {
    const F: &str = "roll";
    match axes {
        None => {
            if shift.len() != 1 {
                return Err(ApiError::invalid(
                    F,
                    "without axes, shift must be a single integer",
                ));
            }
            let flat = reshape(x, &[-1])?;
            let rolled = with_real!("roll", &flat, a => roll_typed(a, shift));
            let shape: Vec<isize> = x.shape().iter().map(|&s| s as isize).collect();
            reshape(&rolled, &shape)
        }
        Some(axes) => {
            if shift.len() != 1 && shift.len() != axes.len() {
                return Err(ApiError::invalid(
                    F,
                    format!("{} shifts for {} axes", shift.len(), axes.len()),
                ));
            }
            let mut shifts = vec![0isize; x.ndim()];
            for (i, &ax) in axes.iter().enumerate() {
                let ax = normalize_axis(F, ax, x.ndim())?;
                shifts[ax] += shift[if shift.len() == 1 { 0 } else { i }];
            }
            Ok(with_real!("roll", x, a => roll_typed(a, &shifts)))
        }
    }
}

pub(crate) fn squeeze(x: &AnyArray, axes: &[isize]) -> ApiResult<AnyArray> {
    let axes = distinct_axes("squeeze", axes, x.ndim())?;
    if let Some(&a) = axes.iter().find(|&&a| x.shape()[a] != 1) {
        return Err(ApiError::invalid(
            "squeeze",
            format!("axis {a} has size {}, not 1", x.shape()[a]),
        ));
    }
    let shape: Vec<usize> = (0..x.ndim())
        .filter(|a| !axes.contains(a))
        .map(|a| x.shape()[a])
        .collect();
    Ok(with_array!(x, a => AnyArray::from(from_vec(&shape, to_vec(&a.view())))))
}

fn stack_typed<T: Elem>(
    first: &ArrayD<T>,
    arrays: &[AnyArray],
    axis: usize,
) -> ApiResult<AnyArray> {
    let _ = first;
    let views = views::<T>("stack", arrays)?;
    ndarray::stack(Axis(axis), &views)
        .map(|a| T::wrap(owned_c(a.view())))
        .map_err(|e| ApiError::invalid("stack", format!("shapes do not match: {e}")))
}

pub(crate) fn stack(arrays: &[AnyArray], axis: isize) -> ApiResult<AnyArray> {
    const F: &str = "stack";
    let refs: Vec<&AnyArray> = arrays.iter().collect();
    let (_, arrays) = promote_all(F, &refs)?;
    if arrays.iter().any(|a| a.shape() != arrays[0].shape()) {
        return Err(ApiError::invalid(F, "arrays must all have the same shape"));
    }
    let axis = normalize_axis(F, axis, arrays[0].ndim() + 1)?;
    with_real!("stack", &arrays[0], a => stack_typed(a, &arrays, axis))
}

fn tile_typed<T: Elem>(a: &ArrayD<T>, padded: &[usize], out_shape: &[usize]) -> AnyArray {
    let c = from_vec(padded, to_vec(&a.view()));
    let mut src = vec![0usize; padded.len()];
    T::wrap(ArrayD::from_shape_fn(IxDyn(out_shape), |idx| {
        for d in 0..padded.len() {
            src[d] = idx[d] % padded[d];
        }
        c[IxDyn(&src)]
    }))
}

pub(crate) fn tile(x: &AnyArray, reps: &[usize]) -> ApiResult<AnyArray> {
    let n = x.ndim().max(reps.len());
    let pad = |s: &[usize]| -> Vec<usize> {
        let mut v = vec![1; n - s.len()];
        v.extend_from_slice(s);
        v
    };
    let padded = pad(x.shape());
    let out_shape: Vec<usize> = padded.iter().zip(pad(reps)).map(|(a, r)| a * r).collect();
    Ok(with_real!("tile", x, a => tile_typed(a, &padded, &out_shape)))
}

pub(crate) fn unstack(x: &AnyArray, axis: isize) -> ApiResult<Vec<AnyArray>> {
    let axis = normalize_axis("unstack", axis, x.ndim())?;
    Ok(with_array!(x, a => (0..a.shape()[axis])
        .map(|i| AnyArray::from(owned_c(a.index_axis(Axis(axis), i))))
        .collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::DType;
    use ndarray::{arr1, arr2, s};

    fn m23() -> AnyArray {
        AnyArray::from(arr2(&[[1i32, 2, 3], [4, 5, 6]]).into_dyn())
    }

    /// `[[3, 2, 1], [6, 5, 4]]` through a negative stride.
    fn reversed() -> AnyArray {
        let mut a = arr2(&[[1i32, 2, 3], [4, 5, 6]]).into_dyn();
        a.invert_axis(Axis(1));
        AnyArray::from(a)
    }

    fn vals(x: &AnyArray) -> Vec<f64> {
        assert!(x.is_standard_layout());
        x.to_f64_vec()
    }

    #[test]
    fn broadcasting() {
        let a = AnyArray::from(arr2(&[[1u8], [2]]).into_dyn());
        let b = AnyArray::from(arr1(&[1.0f32, 2.0, 3.0]).into_dyn());
        let out = broadcast_arrays(&[a.clone(), b]).unwrap();
        assert_eq!(out[0].shape(), &[2, 3]);
        assert_eq!(out[0].dtype(), DType::UInt8);
        assert_eq!(vals(&out[0]), vec![1.0, 1.0, 1.0, 2.0, 2.0, 2.0]);
        assert_eq!(vals(&out[1]), vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0]);
        let t = broadcast_to(&reversed(), &[2, 2, 3]).unwrap();
        assert_eq!(&vals(&t)[..3], &[3.0, 2.0, 1.0]);
        assert!(broadcast_to(&m23(), &[3, 3]).is_err());
        assert!(broadcast_to(&m23(), &[3]).is_err());
        assert_eq!(
            broadcast_to(&AnyArray::scalar(1i8), &[0, 2])
                .unwrap()
                .shape(),
            &[0, 2]
        );
        assert!(broadcast_arrays(&[m23(), AnyArray::from(arr1(&[1i8, 2]).into_dyn())]).is_err());
    }

    #[test]
    fn concat_promotes_and_flattens() {
        let small = AnyArray::from(arr2(&[[7i8, 8, 9]]).into_dyn());
        let c = concat(&[reversed(), small.clone()], Some(0)).unwrap();
        assert_eq!(c.dtype(), DType::Int32);
        assert_eq!(c.shape(), &[3, 3]);
        assert_eq!(vals(&c), vec![3.0, 2.0, 1.0, 6.0, 5.0, 4.0, 7.0, 8.0, 9.0]);
        let c = concat(&[m23(), m23()], Some(-1)).unwrap();
        assert_eq!(c.shape(), &[2, 6]);
        let f = concat(&[reversed(), AnyArray::scalar(0i32)], None).unwrap();
        assert_eq!(vals(&f), vec![3.0, 2.0, 1.0, 6.0, 5.0, 4.0, 0.0]);
        assert!(concat(&[m23(), small.clone()], Some(1)).is_err());
        assert!(concat(&[], Some(0)).is_err());
        assert!(concat(&[AnyArray::scalar(1i32)], Some(0)).is_err());
        assert!(concat(&[m23(), AnyArray::scalar(1.0f64)], None).is_err());
    }

    #[test]
    fn axes_insert_flip_move_permute() {
        let e = expand_dims(&m23(), -1).unwrap();
        assert_eq!(e.shape(), &[2, 3, 1]);
        assert_eq!(expand_dims(&m23(), 0).unwrap().shape(), &[1, 2, 3]);
        assert!(expand_dims(&m23(), 3).is_err());
        assert!(expand_dims(&m23(), -4).is_err());
        assert_eq!(
            expand_dims(&AnyArray::scalar(1u8), 0).unwrap().shape(),
            &[1]
        );
        assert_eq!(
            vals(&flip(&reversed(), None).unwrap()),
            vec![4.0, 5.0, 6.0, 1.0, 2.0, 3.0]
        );
        assert_eq!(
            vals(&flip(&m23(), Some(&[-1])).unwrap()),
            vec![3.0, 2.0, 1.0, 6.0, 5.0, 4.0]
        );
        assert!(flip(&m23(), Some(&[0, -2])).is_err());
        let x = AnyArray::from(ArrayD::<u8>::zeros(IxDyn(&[2, 3, 4])));
        assert_eq!(moveaxis(&x, &[0], &[-1]).unwrap().shape(), &[3, 4, 2]);
        assert_eq!(
            moveaxis(&x, &[0, 1], &[-1, -2]).unwrap().shape(),
            &[4, 3, 2]
        );
        assert!(moveaxis(&x, &[0, 0], &[1, 2]).is_err());
        assert!(moveaxis(&x, &[0], &[1, 2]).is_err());
        let t = moveaxis(&reversed(), &[1], &[0]).unwrap();
        assert_eq!(vals(&t), vec![3.0, 6.0, 2.0, 5.0, 1.0, 4.0]);
        assert_eq!(permute_dims(&reversed(), &[1, 0]).unwrap(), t);
        assert!(permute_dims(&m23(), &[0, 0]).is_err());
        assert!(permute_dims(&m23(), &[0]).is_err());
        assert!(permute_dims(&m23(), &[0, 2]).is_err());
    }

    #[test]
    fn repeat_reshape_roll() {
        let r = repeat(&reversed(), &[2], None).unwrap();
        assert_eq!(r.shape(), &[12]);
        assert_eq!(&vals(&r)[..4], &[3.0, 3.0, 2.0, 2.0]);
        let r = repeat(&m23(), &[0, 2], Some(0)).unwrap();
        assert_eq!(vals(&r), vec![4.0, 5.0, 6.0, 4.0, 5.0, 6.0]);
        assert!(repeat(&m23(), &[1, 2], Some(1)).is_err());
        assert_eq!(
            repeat(&AnyArray::scalar(5u8), &[3], None)
                .unwrap()
                .to_f64_vec(),
            vec![5.0; 3]
        );
        let s = reshape(&reversed(), &[3, -1]).unwrap();
        assert_eq!(s.shape(), &[3, 2]);
        assert_eq!(vals(&s), vec![3.0, 2.0, 1.0, 6.0, 5.0, 4.0]);
        assert!(reshape(&m23(), &[4, -1]).is_err());
        assert!(reshape(&m23(), &[-1, -1]).is_err());
        assert!(reshape(&m23(), &[7]).is_err());
        assert_eq!(
            reshape(&AnyArray::scalar(1i8), &[1, 1]).unwrap().shape(),
            &[1, 1]
        );
        let empty = AnyArray::from(ArrayD::<f32>::zeros(IxDyn(&[0, 4])));
        assert_eq!(reshape(&empty, &[2, 0, 2]).unwrap().shape(), &[2, 0, 2]);
        assert!(reshape(&empty, &[-1, 0]).is_err());
        assert_eq!(
            vals(&roll(&m23(), &[1], None).unwrap()),
            vec![6.0, 1.0, 2.0, 3.0, 4.0, 5.0]
        );
        let r = roll(&reversed(), &[-1, 1], Some(&[1, 0])).unwrap();
        assert_eq!(vals(&r), vec![5.0, 4.0, 6.0, 2.0, 1.0, 3.0]);
        let r = roll(&m23(), &[1], Some(&[1, -1])).unwrap();
        assert_eq!(vals(&r), vec![2.0, 3.0, 1.0, 5.0, 6.0, 4.0]);
        assert!(roll(&m23(), &[1, 2], None).is_err());
        assert!(roll(&m23(), &[1], Some(&[2])).is_err());
        assert_eq!(roll(&empty, &[3], Some(&[0])).unwrap().shape(), &[0, 4]);
    }

    #[test]
    fn squeeze_stack_tile_unstack() {
        let x = AnyArray::from(ArrayD::<i16>::zeros(IxDyn(&[1, 2, 1])));
        assert_eq!(squeeze(&x, &[0, -1]).unwrap().shape(), &[2]);
        assert!(squeeze(&x, &[1]).is_err());
        assert!(squeeze(&x, &[0, 0]).is_err());
        let s = stack(&[reversed(), m23()], -1).unwrap();
        assert_eq!(s.shape(), &[2, 3, 2]);
        assert_eq!(&vals(&s)[..4], &[3.0, 1.0, 2.0, 2.0]);
        let s = stack(&[AnyArray::scalar(1u8), AnyArray::scalar(300u16)], 0).unwrap();
        assert_eq!(s.dtype(), DType::UInt16);
        assert_eq!(vals(&s), vec![1.0, 300.0]);
        assert!(stack(&[m23(), AnyArray::scalar(1i32)], 0).is_err());
        assert!(stack(&[m23()], 3).is_err());
        let t = tile(&AnyArray::from(arr1(&[1u8, 2]).into_dyn()), &[2, 2]).unwrap();
        assert_eq!(t.shape(), &[2, 4]);
        assert_eq!(vals(&t), vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0]);
        let t = tile(&reversed(), &[2]).unwrap();
        assert_eq!(t.shape(), &[2, 6]);
        assert_eq!(&vals(&t)[..6], &[3.0, 2.0, 1.0, 3.0, 2.0, 1.0]);
        assert_eq!(tile(&m23(), &[0, 1]).unwrap().shape(), &[0, 3]);
        let u = unstack(&reversed(), -1).unwrap();
        assert_eq!(u.len(), 3);
        assert_eq!(vals(&u[0]), vec![3.0, 6.0]);
        assert!(unstack(&AnyArray::scalar(1i8), 0).is_err());
        let col = AnyArray::from(
            arr2(&[[1.0f64, 2.0], [3.0, 4.0]])
                .slice_move(s![.., 1..])
                .into_dyn(),
        );
        assert_eq!(vals(&squeeze(&col, &[1]).unwrap()), vec![2.0, 4.0]);
    }
}
