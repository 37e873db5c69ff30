//! `sort` and `argsort` of the `parallel` backend.
//!
//! Each lane along the sorted axis is sorted on its own: many lanes in
//! parallel, and a long lane with rayon's parallel sorts. The order is the
//! reference's: ascending by value with `-0 == +0`, NaN after every number
//! (all NaNs equal); descending is that order reversed (NaN first), equal
//! elements keeping their input order in both directions. Both functions
//! sort the permutation of a lane (`sort` reads the values through it).
//! `stable=true` uses rayon's stable merge sort (`par_sort_by`);
//! `stable=false` uses the unstable sort (`par_sort_unstable_by`) with the
//! position as the last key, which makes the order total, so it gives the
//! same (permitted) result: signed zeros and NaN payloads land where the
//! reference puts them. `bool` and 0-d input are refused, as by the
//! reference.

use std::cmp::Ordering;

use conformance_strategies::{with_numeric_array, AnyArray};
use ndarray::ArrayD;
use rayon::prelude::*;

use super::paths::{self, Path};
use super::tensor::{along_axis, is_large, per_lane_into, put_axis_back, Elem};
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::args::SortArgs;
use array_api::shape::normalize_axis;

/// The sorting functions.
pub(crate) fn ops() -> Ops {
    Ops::NONE.sort(sort).argsort(argsort)
}

/// Ascending by value, NaN last, NaNs and signed zeros equal.
fn ascending<T: Elem>(a: &T, b: &T) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (false, false) => a.partial_cmp(b).expect("numbers are ordered"),
        (a_nan, b_nan) => a_nan.cmp(&b_nan),
    }
}

fn directed<T: Elem>(a: &T, b: &T, descending: bool) -> Ordering {
    let o = ascending(a, b);
    if descending {
        o.reverse()
    } else {
        o
    }
}

/// Sorts `keys` by `cmp`, stable or not, in parallel or not. (`cmp` is a
/// `dyn`, so rayon's sorts are compiled once per key type.)
fn sort_keys<K: Send>(
    keys: &mut [K],
    cmp: &(dyn Fn(&K, &K) -> Ordering + Sync),
    stable: bool,
    parallel: bool,
) {
    match (stable, parallel) {
        (true, true) => keys.par_sort_by(|a, b| cmp(a, b)),
        (true, false) => keys.sort_by(|a, b| cmp(a, b)),
        (false, true) => keys.par_sort_unstable_by(|a, b| cmp(a, b)),
        (false, false) => keys.sort_unstable_by(|a, b| cmp(a, b)),
    }
}

/// The positions that sort `lane`, into `out`. Both functions sort this
/// permutation (`sort` then reads the values through it), so rayon's sorts
/// are compiled for one key type only.
fn order_lane<T: Elem>(lane: &[T], out: &mut [i64], args: &SortArgs) {
    let parallel = paths::entered(Path::Sort, is_large(lane.len()));
    for (i, o) in out.iter_mut().enumerate() {
        *o = i as i64;
    }
    let by_value =
        |i: &i64, j: &i64| directed(&lane[*i as usize], &lane[*j as usize], args.descending);
    if args.stable {
        sort_keys(out, &by_value, true, parallel);
    } else {
        // The position as the last key makes the order total: the unstable
        // sort then gives the stable order.
        sort_keys(out, &|i, j| by_value(i, j).then(i.cmp(j)), false, parallel);
    }
}

/// `lane` sorted into `out`.
fn sort_lane<T: Elem>(lane: &[T], out: &mut [T], args: &SortArgs) {
    let mut order = vec![0i64; lane.len()];
    order_lane(lane, &mut order, args);
    for (o, &i) in out.iter_mut().zip(&order) {
        *o = lane[i as usize];
    }
}

/// `f` of every lane of `a` along `axis`, each writing a lane of the result.
fn lanewise<T: Elem, U: Copy + Default + Send + Sync>(
    a: &ArrayD<T>,
    axis: usize,
    f: impl Fn(&[T], &mut [U]) + Sync,
) -> ArrayD<U> {
    let len = a.shape()[axis];
    let data = along_axis(a, axis);
    let mut out = vec![U::default(); a.len()];
    per_lane_into(&data, len, &mut out, len, Path::Sort, f);
    put_axis_back(out, a.shape(), axis, len)
}

fn refuse_bool(function: &'static str) -> ApiError {
    ApiError::invalid(function, "expects a real-valued (numeric) dtype, got bool")
}

pub(crate) fn sort(x: &AnyArray, args: &SortArgs) -> ApiResult<AnyArray> {
    let axis = normalize_axis("sort", args.axis, x.ndim())?;
    with_numeric_array!(x, a => Ok(AnyArray::from(lanewise(a, axis, |lane, out| sort_lane(lane, out, args)))),
        else Err(refuse_bool("sort")))
}

pub(crate) fn argsort(x: &AnyArray, args: &SortArgs) -> ApiResult<AnyArray> {
    let axis = normalize_axis("argsort", args.axis, x.ndim())?;
    with_numeric_array!(x, a => Ok(AnyArray::from(lanewise(a, axis, |lane, out| order_lane(lane, out, args)))),
        else Err(refuse_bool("argsort")))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{array, assert_agree, exact, layouts, values};
    use super::*;
    use conformance_strategies::Domain;
    use conformance_strategies::{with_array, DType};
    use ndarray::Axis;

    fn reference() -> array_api::api::Backend {
        array_api_reference::backend()
    }

    fn all_args(axes: &[isize]) -> Vec<SortArgs> {
        let mut out = Vec::new();
        for &axis in axes {
            for descending in [false, true] {
                for stable in [true, false] {
                    out.push(SortArgs {
                        axis,
                        descending,
                        stable,
                    });
                }
            }
        }
        out
    }

    /// Few distinct values: NaN, both zeros and repeats in every lane.
    fn ties(n: usize, seed: u64) -> Vec<f64> {
        values(n, seed, Domain::any())
            .iter()
            .enumerate()
            .map(|(i, &v)| match i % 5 {
                0 => -0.0,
                1 => 0.0,
                _ if v.is_nan() || v.is_infinite() => v,
                _ => (v / 40.0).round(),
            })
            .collect()
    }

    #[test]
    fn sort_and_argsort_equal_the_reference_exactly() {
        let r = reference();
        for dtype in DType::ALL {
            for x in layouts(&[4, 6, 5], &ties(240, 1), dtype) {
                for args in all_args(&[0, 1, -1, 3, -4]) {
                    let w = format!("({dtype} {:?}, {args:?})", x.strides());
                    // Exact compares bits of the sign of zero too, so the
                    // place of every -0 and +0 is checked.
                    assert_agree(
                        &format!("sort{w}"),
                        &sort(&x, &args),
                        &r.sort(&x, &args),
                        exact,
                    );
                    assert_agree(
                        &format!("argsort{w}"),
                        &argsort(&x, &args),
                        &r.argsort(&x, &args),
                        exact,
                    );
                }
            }
        }
    }

    #[test]
    fn edge_shapes_and_refusals() {
        let r = reference();
        for shape in [&[0usize][..], &[3, 0], &[0, 4], &[1], &[]] {
            let x = array(shape, &[2.0, -1.0], DType::Float32);
            for args in all_args(&[0, -1]) {
                let w = format!("({shape:?}, {args:?})");
                assert_agree(
                    &format!("sort{w}"),
                    &sort(&x, &args),
                    &r.sort(&x, &args),
                    exact,
                );
                assert_agree(
                    &format!("argsort{w}"),
                    &argsort(&x, &args),
                    &r.argsort(&x, &args),
                    exact,
                );
            }
        }
        let invalid = |r: ApiResult<AnyArray>| matches!(r, Err(ApiError::InvalidArgument { .. }));
        assert!(invalid(sort(
            &AnyArray::scalar(1.0f64),
            &SortArgs::default()
        )));
        assert!(invalid(argsort(
            &array(&[3], &[1.0, 0.0], DType::Bool),
            &SortArgs::default()
        )));
        let x = array(&[2, 3], &[1.0], DType::Int8);
        assert!(invalid(sort(
            &x,
            &SortArgs {
                axis: 2,
                ..SortArgs::default()
            }
        )));
        assert!(invalid(argsort(
            &x,
            &SortArgs {
                axis: -3,
                ..SortArgs::default()
            }
        )));
    }

    #[test]
    fn the_order_is_nan_last_ascending_and_first_descending() {
        let x = array(
            &[6],
            &[3.0, f64::NAN, -1.0, 3.0, f64::NAN, 0.5],
            DType::Float64,
        );
        let up = argsort(&x, &SortArgs::default()).unwrap();
        assert_eq!(
            up.as_typed::<i64>().unwrap().as_slice().unwrap(),
            &[2, 5, 0, 3, 1, 4]
        );
        let down = SortArgs {
            axis: 0,
            descending: true,
            stable: false,
        };
        let down = argsort(&x, &down).unwrap();
        assert_eq!(
            down.as_typed::<i64>().unwrap().as_slice().unwrap(),
            &[1, 4, 0, 3, 5, 2]
        );
    }

    #[test]
    fn large_lanes_sort_in_parallel_and_equal_the_reference() {
        let r = reference();
        for dtype in [DType::Float64, DType::Float32, DType::Int32, DType::UInt8] {
            // One lane of 100_000, reversed; then many lanes of 2_000.
            let x = with_array!(array(&[100_000], &ties(100_000, 2), dtype), a => {
                let mut a = a;
                a.invert_axis(Axis(0));
                AnyArray::from(a)
            });
            assert!(is_large(x.len()) && !x.is_standard_layout());
            for args in all_args(&[0]) {
                let w = format!("({dtype} 1 lane, {args:?})");
                assert_agree(
                    &format!("sort{w}"),
                    &sort(&x, &args),
                    &r.sort(&x, &args),
                    exact,
                );
                assert_agree(
                    &format!("argsort{w}"),
                    &argsort(&x, &args),
                    &r.argsort(&x, &args),
                    exact,
                );
            }
            let m = layouts(&[50, 2_000], &ties(200_000, 3), dtype).swap_remove(1);
            for args in all_args(&[0, 1]) {
                let w = format!("({dtype} 50x2000, {args:?})");
                assert_agree(
                    &format!("sort{w}"),
                    &sort(&m, &args),
                    &r.sort(&m, &args),
                    exact,
                );
                assert_agree(
                    &format!("argsort{w}"),
                    &argsort(&m, &args),
                    &r.argsort(&m, &args),
                    exact,
                );
            }
        }
    }
}
