//! Set functions of the reference: `unique_values`, `unique_counts`,
//! `unique_inverse`, `unique_all`, `isin`.
//!
//! The input is read flattened in C order. Choices where the standard is
//! silent or leaves room:
//! - the unique values come out sorted ascending (the standard leaves the
//!   order open), with the NaNs last in order of appearance;
//! - every NaN is its own unique value with count 1 (the standard's
//!   "should");
//! - `+0` and `-0` are one unique value; the one returned is whichever
//!   appears first in `x`, and its count aggregates both;
//! - `indices` are the flat C-order index of each value's first occurrence;
//! - `inverse_indices` has `x`'s shape (0-d for a 0-d `x`); indices and
//!   counts are `int64`;
//! - `isin` promotes `x1` and `x2` to one dtype (an error where the
//!   standard defines no promotion, which it leaves unspecified) and tests
//!   with `equal`'s value equality: NaN is in nothing, `-0` is `+0`.

use conformance_strategies::AnyArray;
use ndarray::ArrayD;

use super::elements::{from_vec, to_vec, with_real, Elem};
use super::sorting::sorted_order;
use array_api::api::{ApiResult, Ops};
use array_api::args::{UniqueAll, UniqueCounts, UniqueInverse};

/// The set functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .unique_values(unique_values)
        .unique_counts(unique_counts)
        .unique_inverse(unique_inverse)
        .unique_all(unique_all)
        .isin(isin)
}

pub(crate) fn isin(x1: &AnyArray, x2: &AnyArray, invert: bool) -> ApiResult<AnyArray> {
    const F: &str = "isin";
    let (_, v) = super::elements::promote_all(F, &[x1, x2])?;
    fn test<T: Elem>(a: &ArrayD<T>, b: &AnyArray, invert: bool) -> ApiResult<AnyArray> {
        let set = to_vec(&super::elements::typed::<T>(F, b)?.view());
        Ok(AnyArray::from(super::elements::c_order(
            a.mapv(|x| set.contains(&x) != invert),
        )))
    }
    with_real!("isin", &v[0], a => test(a, &v[1], invert))
}

fn unique_typed<T: Elem>(a: &ArrayD<T>) -> UniqueAll {
    let flat = to_vec(&a.view());
    let mut values: Vec<T> = Vec::new();
    let mut indices: Vec<i64> = Vec::new();
    let mut counts: Vec<i64> = Vec::new();
    let mut inverse = vec![0i64; flat.len()];
    for i in sorted_order(&flat, false) {
        // `==` keeps NaNs apart and merges the signed zeros; the stable sort
        // brings each group's first occurrence first.
        match values.last() {
            Some(last) if *last == flat[i] => {
                *counts.last_mut().expect("a count per value") += 1;
            }
            _ => {
                values.push(flat[i]);
                indices.push(i as i64);
                counts.push(1);
            }
        }
        inverse[i] = values.len() as i64 - 1;
    }
    let n = values.len();
    UniqueAll {
        values: T::wrap(from_vec(&[n], values)),
        indices: AnyArray::from(from_vec(&[n], indices)),
        inverse_indices: AnyArray::from(from_vec(a.shape(), inverse)),
        counts: AnyArray::from(from_vec(&[n], counts)),
    }
}

pub(crate) fn unique_all(x: &AnyArray) -> ApiResult<UniqueAll> {
    Ok(with_real!("unique_all", x, a => unique_typed(a)))
}

pub(crate) fn unique_counts(x: &AnyArray) -> ApiResult<UniqueCounts> {
    let u = unique_all(x)?;
    Ok(UniqueCounts {
        values: u.values,
        counts: u.counts,
    })
}

pub(crate) fn unique_inverse(x: &AnyArray) -> ApiResult<UniqueInverse> {
    let u = unique_all(x)?;
    Ok(UniqueInverse {
        values: u.values,
        inverse_indices: u.inverse_indices,
    })
}

pub(crate) fn unique_values(x: &AnyArray) -> ApiResult<AnyArray> {
    Ok(unique_all(x)?.values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::DType;
    use ndarray::{arr1, arr2, Axis, IxDyn};

    fn i64s(x: &AnyArray) -> Vec<i64> {
        assert_eq!(x.dtype(), DType::Int64);
        x.as_typed::<i64>().unwrap().iter().copied().collect()
    }

    #[test]
    fn sorted_values_first_indices_inverse_and_counts() {
        let x = AnyArray::from(arr2(&[[3i32, 1, 3], [2, 1, 3]]).into_dyn());
        let u = unique_all(&x).unwrap();
        assert_eq!(u.values.dtype(), DType::Int32);
        assert_eq!(u.values.to_f64_vec(), vec![1.0, 2.0, 3.0]);
        assert_eq!(i64s(&u.indices), vec![1, 3, 0]);
        assert_eq!(u.inverse_indices.shape(), &[2, 3]);
        assert_eq!(i64s(&u.inverse_indices), vec![2, 0, 2, 1, 0, 2]);
        assert_eq!(i64s(&u.counts), vec![2, 1, 3]);
        assert_eq!(unique_values(&x).unwrap(), u.values);
        assert_eq!(unique_counts(&x).unwrap().counts, u.counts);
        assert_eq!(
            unique_inverse(&x).unwrap().inverse_indices,
            u.inverse_indices
        );
    }

    #[test]
    fn nans_are_distinct_and_signed_zeros_merge() {
        let nan = f64::NAN;
        let x = AnyArray::from(arr1(&[nan, -0.0, 1.0, 0.0, nan]).into_dyn());
        let u = unique_all(&x).unwrap();
        let v = u.values.as_typed::<f64>().unwrap();
        assert_eq!(v.len(), 4);
        assert!(
            v[0] == 0.0 && v[0].is_sign_negative(),
            "first zero seen is -0"
        );
        assert_eq!(v[1], 1.0);
        assert!(v[2].is_nan() && v[3].is_nan());
        assert_eq!(i64s(&u.indices), vec![1, 2, 0, 4]);
        assert_eq!(i64s(&u.counts), vec![2, 1, 1, 1]);
        assert_eq!(i64s(&u.inverse_indices), vec![2, 0, 1, 0, 3]);
    }

    #[test]
    fn reads_layout_and_handles_empty_zero_d_and_bool() {
        let mut a = arr2(&[[1u8, 2], [2, 5]]).into_dyn();
        a.invert_axis(Axis(1));
        let u = unique_all(&AnyArray::from(a)).unwrap();
        assert_eq!(i64s(&u.indices), vec![1, 0, 2]);
        assert_eq!(i64s(&u.inverse_indices), vec![1, 0, 2, 1]);
        let e = unique_all(&AnyArray::from(ArrayD::<f32>::zeros(IxDyn(&[0, 3])))).unwrap();
        assert_eq!(e.values.shape(), &[0]);
        assert_eq!(e.inverse_indices.shape(), &[0, 3]);
        let z = unique_inverse(&AnyArray::scalar(4i64)).unwrap();
        assert_eq!(z.values.shape(), &[1]);
        assert_eq!(z.inverse_indices.ndim(), 0);
        let b = AnyArray::from(arr1(&[true, false, true]).into_dyn());
        let c = unique_counts(&b).unwrap();
        assert_eq!(c.values.to_f64_vec(), vec![0.0, 1.0]);
        assert_eq!(i64s(&c.counts), vec![1, 2]);
    }
}
