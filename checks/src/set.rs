//! The set checks: `unique_values`, `unique_counts`, `unique_inverse` and
//! `unique_all` (data-dependent shapes) over N-d arrays of every dtype and
//! layout, with ties, NaN and ±0.
//!
//! What the standard fixes is checked on the backend's own outputs: values
//! keep `x`'s dtype; every NaN is its own unique value (count 1) and `+0`
//! and `-0` are one (either zero may stand for both, but a zero of one
//! sign only keeps its sign); `x.flat[indices] == values` with `indices` at the
//! first occurrence; `inverse_indices` has `x`'s shape, `values[inverse]`
//! rebuilds `x` and every value is used; counts sum to `x.size`. The order
//! of the unique values is left open, so the backend's values (and its
//! indices and counts with them) are sorted, NaNs last, before they are
//! compared with the reference's, sorted the same way; index and count
//! dtypes are the reference's.

use std::cmp::Ordering;

use conformance_engine::{CaseError, CaseResult, Check, CheckContext, Deviation};
use conformance_strategies::compare::CompareOptions;
use conformance_strategies::{
    arrays, labelled, with_array, with_real_array, AnyArray, ArrayElement, DTypeGroup, Domain,
    DrawnArray, Element, ShapeSpec,
};
use ndarray::{ArrayD, IxDyn};
use proptest::prelude::*;
use proptest::sample::Index;

use super::agree::{agree_with, compare, reference};
use super::sorting::{cmp_nan_last, same};
use super::zero_sign::lanes_with_mixed_zeros;
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};
use array_api::args::{Reduce, UniqueAll, UniqueCounts, UniqueInverse};

/// The outputs of any of the four set functions (`None` for those it does
/// not return).
#[derive(Clone, Debug)]
struct Unique {
    values: AnyArray,
    indices: Option<AnyArray>,
    inverse_indices: Option<AnyArray>,
    counts: Option<AnyArray>,
}

impl From<AnyArray> for Unique {
    fn from(values: AnyArray) -> Unique {
        Unique {
            values,
            indices: None,
            inverse_indices: None,
            counts: None,
        }
    }
}

impl From<UniqueCounts> for Unique {
    fn from(u: UniqueCounts) -> Unique {
        Unique {
            counts: Some(u.counts),
            ..Unique::from(u.values)
        }
    }
}

impl From<UniqueInverse> for Unique {
    fn from(u: UniqueInverse) -> Unique {
        Unique {
            inverse_indices: Some(u.inverse_indices),
            ..Unique::from(u.values)
        }
    }
}

impl From<UniqueAll> for Unique {
    fn from(u: UniqueAll) -> Unique {
        Unique {
            values: u.values,
            indices: Some(u.indices),
            inverse_indices: Some(u.inverse_indices),
            counts: Some(u.counts),
        }
    }
}

fn fail<T>(message: impl Into<String>) -> Result<T, CaseError> {
    Err(CaseError::Fail(message.into()))
}

/// An integer output's elements (its dtype was checked to be the
/// reference's integer dtype).
fn ints(a: &AnyArray) -> Vec<i64> {
    a.to_f64_vec().into_iter().map(|v| v as i64).collect()
}

/// Shapes and dtypes of the backend's outputs against `x` and the
/// reference's.
fn structure(x: &AnyArray, e: &Unique, a: &Unique) -> Result<(), CaseError> {
    if a.values.dtype() != x.dtype() {
        return fail(format!(
            "values has dtype {}, x has dtype {}: values must keep x's dtype",
            a.values.dtype(),
            x.dtype()
        ));
    }
    if a.values.ndim() != 1 {
        return fail(format!(
            "values has shape {:?}, expected a 1-d array",
            a.values.shape()
        ));
    }
    let n = a.values.len();
    let outputs = [
        ("indices", &e.indices, &a.indices),
        ("counts", &e.counts, &a.counts),
        ("inverse_indices", &e.inverse_indices, &a.inverse_indices),
    ];
    for (name, e, a) in outputs {
        let (Some(e), Some(a)) = (e, a) else {
            continue;
        };
        if a.dtype() != e.dtype() {
            return fail(format!(
                "{name} has dtype {}, expected {} (the default integer dtype)",
                a.dtype(),
                e.dtype()
            ));
        }
        let shape = if name == "inverse_indices" {
            x.shape().to_vec()
        } else {
            vec![n]
        };
        if a.shape() != shape.as_slice() {
            return fail(format!(
                "{name} has shape {:?}, expected {shape:?} (values has {n} elements, x has shape {:?})",
                a.shape(),
                x.shape()
            ));
        }
    }
    Ok(())
}

/// What the standard says of the backend's outputs themselves, with `xs`
/// the input.
fn properties<T: Element + ArrayElement + PartialOrd>(
    xs: &ArrayD<T>,
    a: &Unique,
) -> Result<(), String> {
    let flat: Vec<T> = xs.iter().copied().collect();
    let values: Vec<T> = T::unwrap_ref(&a.values)
        .expect("values has x's dtype")
        .iter()
        .copied()
        .collect();
    let size = flat.len();
    let in_range = |what: &str, i: i64, len: usize| {
        if i < 0 || i as usize >= len {
            Err(format!("{what} {i} is out of range 0..{len}"))
        } else {
            Ok(i as usize)
        }
    };
    for (k, v) in values.iter().enumerate() {
        #[allow(clippy::eq_op)]
        let is_nan = v != v;
        if !is_nan && values[..k].iter().any(|w| same(v, w)) {
            return Err(format!(
                "values holds {v:?} twice (only NaNs may repeat; +0 and -0 are one value)"
            ));
        }
    }
    if let Some(indices) = &a.indices {
        for (k, i) in ints(indices).into_iter().enumerate() {
            let p = in_range(&format!("indices[{k}] ="), i, size)?;
            if !same(&flat[p], &values[k]) {
                return Err(format!(
                    "x.flat[indices[{k}]] = x.flat[{p}] = {:?} differs from values[{k}] = {:?}",
                    flat[p], values[k]
                ));
            }
        }
    }
    if let Some(inverse) = &a.inverse_indices {
        let mut used = vec![false; values.len()];
        for (p, j) in ints(inverse).into_iter().enumerate() {
            let j = in_range(
                &format!("inverse_indices at flat position {p} is"),
                j,
                values.len(),
            )?;
            if !same(&flat[p], &values[j]) {
                return Err(format!(
                    "values[inverse_indices] differs from x at flat position {p}: x has {:?}, values[{j}] = {:?}",
                    flat[p], values[j]
                ));
            }
            used[j] = true;
        }
        if let Some(k) = used.iter().position(|u| !u) {
            return Err(format!(
                "values[{k}] = {:?} is not referenced by inverse_indices (each NaN of x is its own value)",
                values[k]
            ));
        }
    }
    if let Some(counts) = &a.counts {
        let total: i64 = ints(counts).iter().sum();
        if total != size as i64 {
            return Err(format!("counts sum to {total}, x has {size} elements"));
        }
    }
    Ok(())
}

/// The order that sorts `values` (NaNs last), ties (the NaNs) broken by
/// `tie` when given.
fn sorted_order(values: &AnyArray, tie: Option<&[i64]>) -> Vec<usize> {
    fn order<T: Element + PartialOrd>(a: &ArrayD<T>, tie: Option<&[i64]>) -> Vec<usize> {
        let xs: Vec<T> = a.iter().copied().collect();
        let mut order: Vec<usize> = (0..xs.len()).collect();
        order.sort_by(|&i, &j| {
            cmp_nan_last(&xs[i], &xs[j]).then_with(|| match tie {
                Some(t) => t[i].cmp(&t[j]),
                None => Ordering::Equal,
            })
        });
        order
    }
    with_real_array!(values, a => order(a, tie), else unreachable!("the set checks draw no complex"))
}

/// A 1-d array permuted by `order`.
fn permute(a: &AnyArray, order: &[usize]) -> AnyArray {
    fn take<T: Element>(a: &ArrayD<T>, order: &[usize]) -> ArrayD<T> {
        let xs: Vec<T> = a.iter().copied().collect();
        let out: Vec<T> = order.iter().map(|&i| xs[i]).collect();
        ArrayD::from_shape_vec(IxDyn(&[out.len()]), out).expect("1-d")
    }
    with_array!(a, arr => AnyArray::from(take(arr, order)))
}

/// Values, indices and counts in sorted order (NaNs last, by index).
fn canonical(u: &Unique) -> Unique {
    let tie = u.indices.as_ref().map(ints);
    let order = sorted_order(&u.values, tie.as_deref());
    let sort = |a: &Option<AnyArray>| a.as_ref().map(|a| permute(a, &order));
    Unique {
        values: permute(&u.values, &order),
        indices: sort(&u.indices),
        inverse_indices: None,
        counts: sort(&u.counts),
    }
}

/// The backend's outputs `a` for `x` against the reference's `e`.
fn agree_unique(x: &AnyArray, e: &Unique, a: &Unique) -> CaseResult {
    structure(x, e, a)?;
    with_real_array!(x, xs => properties(xs, a), else unreachable!("the set checks draw no complex")).map_err(CaseError::Fail)?;
    let (e, a) = (canonical(e), canonical(a));
    // Which zero stands for ±0 is open when `x` holds both: then signs are
    // not compared. A zero of one sign only is a value of `x`, sign and all.
    let exact = CompareOptions::exact();
    let both = lanes_with_mixed_zeros(x, &Reduce::default())
        .map(|m| m.to_f64_vec().iter().any(|&v| v != 0.0))
        .map_err(|err| CaseError::Fail(format!("the reference could not find the zeros: {err}")))?;
    let values = if both {
        exact.clone()
    } else {
        exact.clone().with_zero_sign()
    };
    let outputs = [
        ("values", Some(&e.values), Some(&a.values), &values),
        ("indices", e.indices.as_ref(), a.indices.as_ref(), &exact),
        ("counts", e.counts.as_ref(), a.counts.as_ref(), &exact),
    ];
    for (name, e, a, options) in outputs {
        if let (Some(e), Some(a)) = (e, a) {
            compare(e, a, Some(options))
                .map_err(|err| err.map_message(|m| format!("{name}, sorted by value: {m}")))?;
        }
    }
    Ok(Deviation::default())
}

/// `x` with NaN, `+0` and `-0` written at the marked positions (logical
/// order), so that repeated NaNs and both zeros in one array, rare among
/// the specials of a plain draw, are met often.
fn plant(mut x: DrawnArray, marks: &[(Index, usize)]) -> DrawnArray {
    const SPECIALS: [f64; 3] = [f64::NAN, 0.0, -0.0];
    fn put<T>(a: &mut ArrayD<T>, marks: &[(Index, usize)], cast: fn(f64) -> T) {
        let n = a.len();
        if n == 0 {
            return;
        }
        for (at, which) in marks {
            if let Some(v) = a.iter_mut().nth(at.index(n)) {
                *v = cast(SPECIALS[which % SPECIALS.len()]);
            }
        }
    }
    match &mut x.array {
        AnyArray::Float32(a) => put(a, marks, |v| v as f32),
        AnyArray::Float64(a) => put(a, marks, |v| v),
        _ => {}
    }
    x
}

labelled! {
    #[derive(Clone)]
    struct UniqueInput {
        x: DrawnArray,
    }
}

/// Arrays of every dtype, shape (0-d and empty included) and layout with
/// ties; a third of them float arrays with NaNs and signed zeros planted.
fn unique_input() -> BoxedStrategy<UniqueInput> {
    let domain = Domain::any().with_ties();
    let planted = (
        arrays(DTypeGroup::Floating, ShapeSpec::default().large(), domain),
        proptest::collection::vec((any::<Index>(), 0usize..3), 1..8),
    )
        .prop_map(|(x, marks)| plant(x, &marks));
    conformance_strategies::strata::union(vec![
        (
            2,
            DTypeGroup::All.dtypes(),
            arrays(DTypeGroup::All, ShapeSpec::default().large(), domain),
        ),
        (1, DTypeGroup::Floating.dtypes(), planted.boxed()),
    ])
    .prop_map(|x| UniqueInput { x })
    .boxed()
}

type UniqueFn = fn(&Backend, &AnyArray) -> ApiResult<Unique>;

fn unique_check(name: &'static str, call: UniqueFn) -> Check<Backend> {
    Check::new("set", name, move |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(unique_input(), |i| {
            agree_with(call(reference(), &i.x), call(b, &i.x), |e, a| {
                agree_unique(&i.x, e, a)
            })
        })
    })
    .tag(crate::DATA_DEPENDENT_SHAPE)
    .depends_on(ROUND_TRIP)
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        unique_check("unique_all", |b, x| b.unique_all(x).map(Unique::from)),
        unique_check("unique_counts", |b, x| b.unique_counts(x).map(Unique::from)),
        unique_check("unique_inverse", |b, x| {
            b.unique_inverse(x).map(Unique::from)
        }),
        unique_check("unique_values", |b, x| b.unique_values(x).map(Unique::from)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{find, mutant, passes_and_catches, run};
    use conformance_engine::Verdict;
    use conformance_strategies::DType;

    fn cpu_all(x: &AnyArray) -> UniqueAll {
        reference()
            .unique_all(x)
            .expect("the reference's unique_all")
    }

    fn int64(values: Vec<i64>, shape: &[usize]) -> AnyArray {
        AnyArray::from(ArrayD::from_shape_vec(IxDyn(shape), values).expect("shape"))
    }

    /// Every output in the reverse order (inverse indices remapped): a
    /// different order the standard allows.
    fn reversed(x: &AnyArray) -> ApiResult<UniqueAll> {
        let u = cpu_all(x);
        let n = u.values.len();
        let back: Vec<usize> = (0..n).rev().collect();
        let inverse = ints(&u.inverse_indices)
            .into_iter()
            .map(|j| n as i64 - 1 - j)
            .collect();
        Ok(UniqueAll {
            values: permute(&u.values, &back),
            indices: permute(&u.indices, &back),
            inverse_indices: int64(inverse, x.shape()),
            counts: permute(&u.counts, &back),
        })
    }

    /// NaNs merged into one value, as NumPy's `equal_nan=True` does.
    fn nans_merged(x: &AnyArray) -> ApiResult<AnyArray> {
        let v = cpu_all(x).values;
        let keep: Vec<usize> = (0..v.len())
            .filter(|&i| {
                let f = v.to_f64_vec();
                !(f[i].is_nan() && i > 0 && f[i - 1].is_nan())
            })
            .collect();
        Ok(permute(&v, &keep))
    }

    /// `+0` for a zero of either sign (`values + 0.0`), even where `x`
    /// holds `-0` only.
    fn positive_zero(x: &AnyArray) -> ApiResult<AnyArray> {
        let r = reference();
        let v = r.unique_values(x)?;
        if !v.dtype().is_float() {
            return Ok(v);
        }
        r.add(&v, &r.astype(&AnyArray::scalar(0.0f64), v.dtype())?)
    }

    fn counts_int32(x: &AnyArray) -> ApiResult<UniqueCounts> {
        let u = cpu_all(x);
        let counts = reference().astype(&u.counts, DType::Int32)?;
        Ok(UniqueCounts {
            values: u.values,
            counts,
        })
    }

    fn inverse_flat(x: &AnyArray) -> ApiResult<UniqueInverse> {
        let u = cpu_all(x);
        let n = u.inverse_indices.len();
        Ok(UniqueInverse {
            values: u.values,
            inverse_indices: int64(ints(&u.inverse_indices), &[n]),
        })
    }

    /// `indices` at each value's last occurrence.
    fn last_occurrence(x: &AnyArray) -> ApiResult<UniqueAll> {
        let u = cpu_all(x);
        let mut last = ints(&u.indices);
        for (p, j) in ints(&u.inverse_indices).into_iter().enumerate() {
            last[j as usize] = p as i64;
        }
        let n = last.len();
        Ok(UniqueAll {
            indices: int64(last, &[n]),
            ..u
        })
    }

    #[test]
    fn another_order_of_the_unique_values_passes() {
        let b = mutant(|o| {
            o.unique_all(reversed)
                .unique_values(|x| Ok(reversed(x)?.values))
        });
        for id in ["set::unique_all", "set::unique_values"] {
            let outcome = run(&find(&checks(), id), &b, 300);
            assert_eq!(outcome.verdict, Verdict::Passed, "{id}");
        }
    }

    #[test]
    fn each_check_fails_on_a_mutant() {
        let all = checks();
        let cases: [(&str, Backend, &str); 5] = [
            (
                "set::unique_values",
                mutant(|o| o.unique_values(nans_merged)),
                "values, sorted by value",
            ),
            (
                "set::unique_values",
                mutant(|o| o.unique_values(positive_zero)),
                "values, sorted by value: sign of zero differs",
            ),
            (
                "set::unique_counts",
                mutant(|o| o.unique_counts(counts_int32)),
                "counts has dtype int32, expected int64",
            ),
            (
                "set::unique_inverse",
                mutant(|o| o.unique_inverse(inverse_flat)),
                "inverse_indices has shape",
            ),
            (
                "set::unique_all",
                mutant(|o| o.unique_all(last_occurrence)),
                "indices, sorted by value",
            ),
        ];
        for (id, b, needle) in &cases {
            passes_and_catches(&all, id, b, needle);
        }
    }

    #[test]
    fn properties_name_what_is_wrong() {
        let x = AnyArray::from(ndarray::arr1(&[f64::NAN, 0.0, -0.0, f64::NAN]).into_dyn());
        let e = Unique::from(cpu_all(&x));
        assert!(agree_unique(&x, &e, &e).is_ok());
        // A NaN's inverse index pointing at the other NaN leaves one unused.
        let mut a = e.clone();
        a.inverse_indices = Some(int64(vec![2, 0, 0, 2], &[4]));
        let msg = format!("{:?}", agree_unique(&x, &e, &a));
        assert!(
            msg.contains("is not referenced by inverse_indices"),
            "{msg}"
        );
        // +0 and -0 given as two values.
        let two_zeros = Unique::from(AnyArray::from(
            ndarray::arr1(&[-0.0, 0.0, f64::NAN, f64::NAN]).into_dyn(),
        ));
        let msg = format!(
            "{:?}",
            agree_unique(&x, &Unique::from(e.values.clone()), &two_zeros)
        );
        assert!(msg.contains("twice"), "{msg}");
    }
}
