//! Utility functions of the reference: `all`, `any`, `diff`.
//!
//! - `all`/`any` accept every dtype and give `bool`; an element is true when
//!   it is non-zero (NaN and the infinities are true); the empty `all` is
//!   true and the empty `any` false.
//! - `diff` refuses `bool` (the standard lists numeric inputs) and 0-d
//!   arrays. `prepend`/`append` are promoted with `x` (the result has the
//!   promoted dtype); each must match `x`'s shape off `axis`, or be 0-d, in
//!   which case it is broadcast to one slice along `axis` (as NumPy).
//!   Integer differences wrap. `n` at least the axis length gives an empty
//!   axis; `n = 0` gives the (concatenated) input unchanged.

use conformance_strategies::{with_numeric_array, AnyArray};
use ndarray::ArrayD;

use super::elements::{map_lanes, reduce, require_numeric, with_real, Elem, Num};
use super::manipulation::{broadcast_any, concat};
use super::statistical::reduce_axes;
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::args::Reduce;
use array_api::shape::normalize_axis;

/// The utility functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE.all(all).any(any).diff(diff)
}

fn truth_reduce(
    function: &'static str,
    x: &AnyArray,
    args: &Reduce,
    every: bool,
) -> ApiResult<AnyArray> {
    let axes = reduce_axes(function, x, args)?;
    Ok(
        with_real!(function, x, a => AnyArray::from(reduce(&a.view(), &axes, args.keepdims, |l| {
            if every {
                l.iter().all(|v| v.truthy())
            } else {
                l.iter().any(|v| v.truthy())
            }
        }))),
    )
}

pub(crate) fn all(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    truth_reduce("all", x, args, true)
}

pub(crate) fn any(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    truth_reduce("any", x, args, false)
}

fn diff_typed<T: Num>(a: &ArrayD<T>, axis: usize, n: usize) -> AnyArray {
    let out_len = a.shape()[axis].saturating_sub(n);
    T::wrap(map_lanes(&a.view(), axis, out_len, |lane, out| {
        let mut v = lane.to_vec();
        for _ in 0..n.min(v.len()) {
            v = v.windows(2).map(|w| w[1].sub(w[0])).collect();
        }
        out.extend(v)
    }))
}

/// `extra` shaped to join `x` along `axis`.
fn joinable(x: &AnyArray, extra: &AnyArray, axis: usize, what: &str) -> ApiResult<AnyArray> {
    const F: &str = "diff";
    require_numeric(F, extra)?;
    if extra.ndim() == 0 {
        let mut shape = x.shape().to_vec();
        shape[axis] = 1;
        return broadcast_any(F, extra, &shape);
    }
    let fits = extra.ndim() == x.ndim()
        && (0..x.ndim()).all(|d| d == axis || extra.shape()[d] == x.shape()[d]);
    if !fits {
        return Err(ApiError::invalid(
            F,
            format!(
                "{what} of shape {:?} does not match x of shape {:?} off axis {axis}",
                extra.shape(),
                x.shape()
            ),
        ));
    }
    Ok(extra.clone())
}

pub(crate) fn diff(
    x: &AnyArray,
    axis: isize,
    n: usize,
    prepend: Option<&AnyArray>,
    append: Option<&AnyArray>,
) -> ApiResult<AnyArray> {
    const F: &str = "diff";
    require_numeric(F, x)?;
    let axis = normalize_axis(F, axis, x.ndim())?;
    let mut parts = Vec::new();
    if let Some(p) = prepend {
        parts.push(joinable(x, p, axis, "prepend")?);
    }
    parts.push(x.clone());
    if let Some(a) = append {
        parts.push(joinable(x, a, axis, "append")?);
    }
    let joined = if parts.len() == 1 {
        x.clone()
    } else {
        concat(&parts, Some(axis as isize))?
    };
    with_numeric_array!(&joined, a => Ok(diff_typed(a, axis, n)),
        else unreachable!("checked to be numeric"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::DType;
    use ndarray::{arr1, arr2, Axis, IxDyn};

    fn bools(x: &AnyArray) -> Vec<bool> {
        assert_eq!(x.dtype(), DType::Bool);
        x.as_typed::<bool>().unwrap().iter().copied().collect()
    }

    #[test]
    fn all_and_any_over_axes() {
        let x = AnyArray::from(arr2(&[[1.0f32, f32::NAN], [0.0, -0.0]]).into_dyn());
        assert_eq!(bools(&all(&x, &Reduce::default()).unwrap()), vec![false]);
        assert_eq!(bools(&any(&x, &Reduce::default()).unwrap()), vec![true]);
        let rows = Reduce {
            axes: Some(vec![-1]),
            keepdims: true,
        };
        let a = all(&x, &rows).unwrap();
        assert_eq!(a.shape(), &[2, 1]);
        assert_eq!(bools(&a), vec![true, false]);
        assert_eq!(bools(&any(&x, &rows).unwrap()), vec![true, false]);
        let e = AnyArray::from(ArrayD::<i8>::zeros(IxDyn(&[0])));
        assert_eq!(bools(&all(&e, &Reduce::default()).unwrap()), vec![true]);
        assert_eq!(bools(&any(&e, &Reduce::default()).unwrap()), vec![false]);
        assert_eq!(
            bools(&any(&AnyArray::scalar(f64::INFINITY), &Reduce::default()).unwrap()),
            vec![true]
        );
        let mut b = arr2(&[[true, false], [true, true]]).into_dyn();
        b.invert_axis(Axis(1));
        let cols = Reduce {
            axes: Some(vec![0]),
            keepdims: false,
        };
        assert_eq!(
            bools(&all(&AnyArray::from(b), &cols).unwrap()),
            vec![false, true]
        );
        assert!(all(
            &x,
            &Reduce {
                axes: Some(vec![2]),
                keepdims: false
            }
        )
        .is_err());
    }

    #[test]
    fn diff_orders_axes_and_edges() {
        let x = AnyArray::from(arr1(&[1i32, 4, 9, 16]).into_dyn());
        assert_eq!(
            diff(&x, -1, 1, None, None).unwrap().to_f64_vec(),
            vec![3.0, 5.0, 7.0]
        );
        assert_eq!(
            diff(&x, 0, 2, None, None).unwrap().to_f64_vec(),
            vec![2.0, 2.0]
        );
        assert_eq!(diff(&x, 0, 0, None, None).unwrap(), x);
        assert_eq!(diff(&x, 0, 9, None, None).unwrap().shape(), &[0]);
        let p = AnyArray::scalar(0i8);
        let a = AnyArray::from(arr1(&[20i64]).into_dyn());
        let d = diff(&x, 0, 1, Some(&p), Some(&a)).unwrap();
        assert_eq!(d.dtype(), DType::Int64);
        assert_eq!(d.to_f64_vec(), vec![1.0, 3.0, 5.0, 7.0, 4.0]);
        let mut m = arr2(&[[1u8, 2, 4], [0, 5, 5]]).into_dyn();
        m.invert_axis(Axis(1));
        let d = diff(&AnyArray::from(m), 1, 1, None, None).unwrap();
        assert!(d.is_standard_layout());
        assert_eq!(
            d.as_typed::<u8>()
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![254, 255, 0, 251]
        );
        let d = diff(
            &AnyArray::from(arr2(&[[1.5f64], [0.5]]).into_dyn()),
            0,
            1,
            None,
            None,
        )
        .unwrap();
        assert_eq!(d.to_f64_vec(), vec![-1.0]);
        assert!(diff(&AnyArray::scalar(1i32), 0, 1, None, None).is_err());
        assert!(diff(&AnyArray::from(arr1(&[true]).into_dyn()), 0, 1, None, None).is_err());
        let bad = AnyArray::from(arr2(&[[1i32]]).into_dyn());
        assert!(diff(&x, 0, 1, Some(&bad), None).is_err());
        assert!(diff(&x, 0, 1, Some(&AnyArray::scalar(1.0f32)), None).is_err());
    }
}
