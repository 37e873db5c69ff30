//! Sorting functions of the reference: `sort` and `argsort`.
//!
//! The standard leaves the place of NaN and the order of signed zeros to the
//! implementation. This reference sorts by value with `-0 == +0` (equal
//! elements keep their input order) and treats NaN as larger than every
//! number: ascending puts NaNs last, descending puts them first (the exact
//! reverse of the ascending order by value, as NumPy's flip-based
//! descending sort does). Both sorts are always stable, in either direction:
//! equal elements keep their original relative order, so `stable=false`
//! gives the same (allowed) result. `bool` is refused (the standard lists
//! real-valued inputs), and so is a 0-d array (it has no axis to sort).

use std::cmp::Ordering;

use conformance_strategies::{with_numeric_array, AnyArray};
use ndarray::ArrayD;

use super::elements::{bad_dtype, map_lanes, Elem};
use array_api::api::{ApiResult, Ops};
use array_api::args::SortArgs;
use array_api::shape::normalize_axis;

/// The sorting functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE.sort(sort).argsort(argsort)
}

/// The stable permutation that sorts `lane` (ascending or descending).
pub(crate) fn sorted_order<T: Elem>(lane: &[T], descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lane.len()).collect();
    order.sort_by(|&i, &j| {
        let o = lane[i].sort_cmp(&lane[j]);
        if descending {
            o.reverse()
        } else {
            o
        }
    });
    order
}

fn argsort_typed<T: Elem>(a: &ArrayD<T>, axis: usize, descending: bool) -> AnyArray {
    let len = a.shape()[axis];
    AnyArray::from(map_lanes(&a.view(), axis, len, |lane, out| {
        out.extend(sorted_order(lane, descending).into_iter().map(|i| i as i64))
    }))
}

fn sort_typed<T: Elem>(a: &ArrayD<T>, axis: usize, descending: bool) -> AnyArray {
    let len = a.shape()[axis];
    T::wrap(map_lanes(&a.view(), axis, len, |lane, out| {
        let mut v = lane.to_vec();
        v.sort_by(|x, y| {
            let o: Ordering = x.sort_cmp(y);
            if descending {
                o.reverse()
            } else {
                o
            }
        });
        out.extend(v)
    }))
}

pub(crate) fn argsort(x: &AnyArray, args: &SortArgs) -> ApiResult<AnyArray> {
    let axis = normalize_axis("argsort", args.axis, x.ndim())?;
    with_numeric_array!(x, a => Ok(argsort_typed(a, axis, args.descending)),
        else Err(bad_dtype("argsort", "a real-valued array", x.dtype())))
}

pub(crate) fn sort(x: &AnyArray, args: &SortArgs) -> ApiResult<AnyArray> {
    let axis = normalize_axis("sort", args.axis, x.ndim())?;
    with_numeric_array!(x, a => Ok(sort_typed(a, axis, args.descending)),
        else Err(bad_dtype("sort", "a real-valued array", x.dtype())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::DType;
    use ndarray::{arr1, arr2, s, Axis, IxDyn};

    fn args(axis: isize, descending: bool) -> SortArgs {
        SortArgs {
            axis,
            descending,
            stable: true,
        }
    }

    fn i64s(x: &AnyArray) -> Vec<i64> {
        assert_eq!(x.dtype(), DType::Int64);
        x.as_typed::<i64>().unwrap().iter().copied().collect()
    }

    #[test]
    fn sorts_along_an_axis_with_nan_last_ascending_first_descending() {
        let nan = f64::NAN;
        let x = AnyArray::from(arr1(&[3.0, nan, -1.0, 3.0, nan, 0.5]).into_dyn());
        let s = sort(&x, &SortArgs::default()).unwrap().to_f64_vec();
        assert_eq!(&s[..4], &[-1.0, 0.5, 3.0, 3.0]);
        assert!(s[4].is_nan() && s[5].is_nan());
        assert_eq!(
            i64s(&argsort(&x, &SortArgs::default()).unwrap()),
            vec![2, 5, 0, 3, 1, 4]
        );
        let d = sort(&x, &args(0, true)).unwrap().to_f64_vec();
        assert!(d[0].is_nan() && d[1].is_nan());
        assert_eq!(&d[2..], &[3.0, 3.0, 0.5, -1.0]);
        // Descending and stable: equal elements keep their input order.
        assert_eq!(
            i64s(&argsort(&x, &args(0, true)).unwrap()),
            vec![1, 4, 0, 3, 5, 2]
        );
    }

    #[test]
    fn signed_zeros_compare_equal_and_stay_in_place() {
        let x = AnyArray::from(arr1(&[0.0f32, -0.0, 0.0, -1.0]).into_dyn());
        assert_eq!(
            i64s(&argsort(&x, &SortArgs::default()).unwrap()),
            vec![3, 0, 1, 2]
        );
        let s = sort(&x, &SortArgs::default()).unwrap();
        let v = s.as_typed::<f32>().unwrap();
        assert!(v[1].is_sign_positive() && v[2].is_sign_negative());
    }

    #[test]
    fn axis_zero_of_a_negative_stride_matrix() {
        let mut a = arr2(&[[5u16, 1], [2, 8], [9, 0]]).into_dyn();
        a.invert_axis(Axis(0));
        let x = AnyArray::from(a);
        let s = sort(&x, &args(0, false)).unwrap();
        assert!(s.is_standard_layout());
        assert_eq!(s.dtype(), DType::UInt16);
        assert_eq!(s.to_f64_vec(), vec![2.0, 0.0, 5.0, 1.0, 9.0, 8.0]);
        assert_eq!(
            i64s(&argsort(&x, &args(-2, false)).unwrap()),
            vec![1, 0, 2, 2, 0, 1]
        );
        let t = AnyArray::from(arr2(&[[3i32, 1, 2]]).slice_move(s![.., ..;-1]).into_dyn());
        assert_eq!(i64s(&argsort(&t, &args(1, true)).unwrap()), vec![2, 0, 1]);
    }

    #[test]
    fn empty_zero_d_and_bad_input() {
        let e = AnyArray::from(ArrayD::<i8>::zeros(IxDyn(&[2, 0])));
        assert_eq!(sort(&e, &SortArgs::default()).unwrap().shape(), &[2, 0]);
        assert_eq!(argsort(&e, &args(0, false)).unwrap().shape(), &[2, 0]);
        assert!(sort(&AnyArray::scalar(1.0f64), &SortArgs::default()).is_err());
        let b = AnyArray::from(arr1(&[true, false]).into_dyn());
        assert!(argsort(&b, &SortArgs::default()).is_err());
        let x = AnyArray::from(arr1(&[1i64]).into_dyn());
        assert!(sort(&x, &args(1, false)).is_err());
    }
}
