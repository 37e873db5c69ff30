//! The sorting checks: `sort` and `argsort` along a drawn axis, ascending
//! or descending, stable or not, over values with ties and NaN. A stable
//! `argsort` is compared index for index (ties keep their input order in
//! both directions); an unstable one canonically: the indices along each
//! lane must be a permutation that puts `x` in the reference's order.
//! `sort` compares the sign of zero too, except in lanes holding zeros of
//! both signs: the standard lets a sort order `-0` before `+0` or keep them
//! as equals, stable or not.

use std::cmp::Ordering;

use conformance_engine::{CaseError, CaseResult, Check, CheckContext, Deviation};
use conformance_strategies::strata::flag;
use conformance_strategies::{
    arrays, labelled, with_real_array, AnyArray, DTypeGroup, Domain, DrawnArray, ShapeSpec,
};
use ndarray::{ArrayD, Axis};
use proptest::prelude::*;

use super::agree::{agree, agree_with, compare, options_for, reference};
use super::reduce::LANES;
use super::zero_sign::except_mixed_lanes;
use super::ROUND_TRIP;
use array_api::api::Backend;
use array_api::args::{Reduce, SortArgs};

labelled! {
    #[derive(Clone)]
    struct SortInput {
        x: DrawnArray,
        axis: isize,
        descending: bool,
        stable: bool,
    }
}

impl SortInput {
    fn args(&self) -> SortArgs {
        SortArgs {
            axis: self.axis,
            descending: self.descending,
            stable: self.stable,
        }
    }
}

/// Total order for checks: NaN after every number, `-0.0 == +0.0`.
pub(crate) fn cmp_nan_last<T: PartialOrd>(a: &T, b: &T) -> Ordering {
    #[allow(clippy::eq_op)]
    match (a != a, b != b) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => a.partial_cmp(b).unwrap_or(Ordering::Equal),
    }
}

/// Equality for checks: NaN equals NaN, `-0.0 == +0.0`.
pub(crate) fn same<T: PartialOrd>(a: &T, b: &T) -> bool {
    cmp_nan_last(a, b) == Ordering::Equal
}

/// `x` and an axis in `-ndim..ndim`, drawn after `x` by `prop_flat_map`.
/// An `axis_choice()` beside `x` would shrink better, but it changes the
/// counterexample of `argsort` on the faulty backend (seed 1), which the
/// project keeps stable; so this one keeps the flat map.
fn sort_input() -> impl Strategy<Value = SortInput> {
    arrays(
        DTypeGroup::Numeric,
        ShapeSpec::new(1, 3, 0, 5).with_sizes(LANES),
        Domain::any().with_ties(),
    )
    .prop_flat_map(|x| {
        let n = x.ndim() as isize;
        (Just(x), -n..n, flag(), flag())
    })
    .prop_map(|(x, axis, descending, stable)| SortInput {
        x,
        axis,
        descending,
        stable,
    })
}

fn lane_check<T: PartialOrd>(
    x: &ArrayD<T>,
    expected: &ArrayD<i64>,
    actual: &ArrayD<i64>,
    axis: usize,
) -> Result<(), String> {
    let lanes = x
        .lanes(Axis(axis))
        .into_iter()
        .zip(expected.lanes(Axis(axis)))
        .zip(actual.lanes(Axis(axis)));
    for (lane, ((xs, es), acts)) in lanes.enumerate() {
        let n = xs.len();
        let mut seen = vec![false; n];
        for (k, (&e, &a)) in es.iter().zip(acts.iter()).enumerate() {
            if a < 0 || a as usize >= n || seen[a as usize] {
                return Err(format!(
                    "lane {lane}: the indices {:?} are not a permutation of 0..{n}",
                    acts.to_vec()
                ));
            }
            seen[a as usize] = true;
            if !same(&xs[a as usize], &xs[e as usize]) {
                return Err(format!(
                    "lane {lane}, position {k}: index {a} puts the wrong value there (the reference's index is {e})"
                ));
            }
        }
    }
    Ok(())
}

/// An unstable `argsort`'s indices against the reference's.
fn canonical_argsort(x: &AnyArray, axis: isize, e: &AnyArray, a: &AnyArray) -> CaseResult {
    if e.dtype() != a.dtype() || e.shape() != a.shape() {
        return Err(CaseError::Fail(format!(
            "expected {:?} {:?}, got {:?} {:?}",
            e.dtype(),
            e.shape(),
            a.dtype(),
            a.shape()
        )));
    }
    let to_i64 = |v: &AnyArray| -> ArrayD<i64> {
        let flat: Vec<i64> = v.to_f64_vec().into_iter().map(|f| f as i64).collect();
        ArrayD::from_shape_vec(v.shape().to_vec(), flat).expect("shape of its own elements")
    };
    let (ei, ai) = (to_i64(e), to_i64(a));
    let ax = (if axis < 0 {
        axis + x.ndim() as isize
    } else {
        axis
    }) as usize;
    let x = x.to_standard_layout();
    with_real_array!(&x, xs => lane_check(xs, &ei, &ai, ax), else unreachable!("the sorting checks draw no complex"))
        .map(|_| Deviation::default())
        .map_err(CaseError::Fail)
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        Check::new("sorting", "sort", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(sort_input(), |input| {
                let args = input.args();
                agree_with(
                    reference().sort(&input.x, &args),
                    b.sort(&input.x, &args),
                    |e, a| {
                        let lane = Reduce {
                            axes: Some(vec![input.axis]),
                            keepdims: true,
                        };
                        let o = if e.ndim() == 0 {
                            options_for(e).with_zero_sign()
                        } else {
                            except_mixed_lanes(options_for(e), e, &input.x, &lane)?
                        };
                        compare(e, a, Some(&o))
                    },
                )
            })
        })
        .depends_on(ROUND_TRIP),
        Check::new("sorting", "argsort", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(sort_input(), |input| {
                let args = input.args();
                let expected = reference().argsort(&input.x, &args);
                let actual = b.argsort(&input.x, &args);
                if input.stable {
                    agree(expected, actual, None)
                } else {
                    agree_with(expected, actual, |e, a| {
                        canonical_argsort(&input.x, input.axis, e, a)
                    })
                }
            })
        })
        .depends_on(ROUND_TRIP),
    ]
}
