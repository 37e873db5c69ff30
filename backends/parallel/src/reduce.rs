//! Reductions and scans of the `parallel` backend: `sum`, `prod`, `max`,
//! `min`, `mean`, `var`, `std`, `argmax`, `argmin`, `cumulative_sum`,
//! `cumulative_prod`.
//!
//! A reduction reads its input with the reduced axes moved last
//! ([`lanes`]), so each output element is the fold of one contiguous lane.
//! Lanes are folded in parallel when there are many of them, and each lane
//! is folded as a balanced tree ([`tree`]): halves are split until a block,
//! blocks are folded sequentially, halves are combined left to right, and
//! halves longer than [`CHUNK`] run as parallel tasks. Float sums use blocks
//! of [`PAIRWISE`] elements (pairwise summation), so they round differently
//! from a sequential sum; every other fold is exact whatever the order
//! (wrapping integers) or keeps the first of equals (`max`, `min`,
//! `argmax`, `argmin`). Long scans run in two parallel passes (chunk
//! totals, then each chunk from its offset).
//!
//! Semantics: `sum`/`prod`/`cumulative_*` accumulate signed integers and
//! `bool` in `int64`, unsigned integers in `uint64`, floats in their own
//! dtype, wrapping on overflow; `max`/`min`/`argmax`/`argmin` refuse `bool`
//! and empty reductions, and the first NaN wins (between equal values,
//! `-0` and `+0` included, the first wins); `mean`/`var`/`std` take floats
//! only, `var` is two-pass with `M - correction` degrees of freedom (NaN
//! when that is not positive); `cumulative_*` refuse 0-d input and
//! `axis=None` unless the input is 1-d.

use std::borrow::Cow;

use conformance_strategies::{with_numeric_array, with_real_array, AnyArray, ArrayElement};
use ndarray::{ArrayD, IxDyn};

use super::paths::{self, Path};
use super::tensor::{
    along_axis, c_order, for_chunks, is_large, per_lane, per_lane_into, put_axis_back, Arith, Elem,
    ElemKind, Real, CHUNK,
};
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::args::Reduce;
use array_api::shape::{normalize_axes, reduced_count, scan_axis};

/// Block length of pairwise float summation.
pub(crate) const PAIRWISE: usize = 8;

/// The reductions and scans.
pub(crate) fn ops() -> Ops {
    Ops::NONE
        .sum(sum)
        .prod(prod)
        .max(max)
        .min(min)
        .mean(mean)
        .var(var)
        .std(std)
        .argmax(argmax)
        .argmin(argmin)
        .cumulative_sum(cumulative_sum)
        .cumulative_prod(cumulative_prod)
}

/// The input of a reduction as `count` contiguous lanes of `len` elements
/// (the reduced axes last, C order), and the result's shape.
struct Lanes<'a, T: Clone> {
    data: Cow<'a, [T]>,
    count: usize,
    len: usize,
    out_shape: Vec<usize>,
}

fn lanes<'a, T: Elem>(a: &'a ArrayD<T>, axes: &[usize], keepdims: bool) -> Lanes<'a, T> {
    let shape = a.shape();
    let kept: Vec<usize> = (0..a.ndim()).filter(|d| !axes.contains(d)).collect();
    let order: Vec<usize> = kept.iter().chain(axes).copied().collect();
    let out_shape = if keepdims {
        (0..a.ndim())
            .map(|d| if axes.contains(&d) { 1 } else { shape[d] })
            .collect()
    } else {
        kept.iter().map(|&d| shape[d]).collect()
    };
    Lanes {
        data: c_order(a.view().permuted_axes(IxDyn(&order))),
        count: kept.iter().map(|&d| shape[d]).product(),
        len: axes.iter().map(|&d| shape[d]).product(),
        out_shape,
    }
}

impl<T: Elem> Lanes<'_, T> {
    /// `f` of every lane, as an array of the result's shape.
    fn fold<R: ArrayElement>(&self, f: impl Fn(&[T]) -> R + Sync) -> AnyArray {
        let data = per_lane(&self.data, self.count, self.len, Path::Reduction, f);
        R::wrap(ArrayD::from_shape_vec(IxDyn(&self.out_shape), data).expect("one value per lane"))
    }
}

/// Folds `lane` as a balanced tree: `leaf(offset, block)` folds each block
/// of at most `block` elements (`offset` is the block's position in the
/// lane), `combine` joins a left and a right half, and halves longer than
/// [`CHUNK`] are folded in parallel. (`dyn`, so that rayon's `join` is
/// compiled once per element and accumulator type, not per fold.)
fn tree<T, A>(
    lane: &[T],
    offset: usize,
    block: usize,
    leaf: &(dyn Fn(usize, &[T]) -> A + Sync),
    combine: &(dyn Fn(A, A) -> A + Sync),
) -> A
where
    T: Sync,
    A: Send,
{
    if lane.len() <= block {
        return leaf(offset, lane);
    }
    let mid = lane.len() / 2;
    let (left, right) = lane.split_at(mid);
    let (l, r) = if paths::entered(Path::Reduction, lane.len() > CHUNK) {
        rayon::join(
            || tree(left, offset, block, leaf, combine),
            || tree(right, offset + mid, block, leaf, combine),
        )
    } else {
        (
            tree(left, offset, block, leaf, combine),
            tree(right, offset + mid, block, leaf, combine),
        )
    };
    combine(l, r)
}

fn reduce_axes(function: &'static str, x: &AnyArray, args: &Reduce) -> ApiResult<Vec<usize>> {
    normalize_axes(function, args.axes.as_deref(), x.ndim())
}

fn empty(function: &'static str) -> ApiError {
    ApiError::invalid(function, "an empty reduction has no value (no identity)")
}

fn no_bool(function: &'static str) -> ApiError {
    ApiError::invalid(function, "expects a real-valued (numeric) dtype, got bool")
}

/// One step of an accumulation.
type Step<W> = fn(W, W) -> W;

/// The identity and the step of a product (`product`) or a sum.
fn identity_and_step<W: Arith>(product: bool) -> (W, Step<W>) {
    if product {
        (W::ONE, W::times)
    } else {
        (W::ZERO, W::plus)
    }
}

/// The sum (or product) of each lane, accumulated in `T::Wide`.
fn accumulate<T: Elem>(a: &ArrayD<T>, axes: &[usize], keepdims: bool, product: bool) -> AnyArray {
    let (init, step) = identity_and_step::<T::Wide>(product);
    // Integer arithmetic wraps, so any order gives the same result; float
    // sums are pairwise (more accurate than sequential), float products
    // sequential within blocks.
    let block = if T::KIND == ElemKind::Float && !product {
        PAIRWISE
    } else {
        CHUNK
    };
    let leaf = move |_: usize, block: &[T]| block.iter().fold(init, |acc, &v| step(acc, v.wide()));
    lanes(a, axes, keepdims).fold(|lane| tree(lane, 0, block, &leaf, &step))
}

/// The error of a reduction whose complex half this backend lacks.
fn no_complex(function: &'static str, x: &AnyArray) -> ApiError {
    ApiError::invalid(
        function,
        format!("{} arrays are not supported yet", x.dtype()),
    )
}

pub(crate) fn sum(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let axes = reduce_axes("sum", x, args)?;
    Ok(
        with_real_array!(x, a => accumulate(a, &axes, args.keepdims, false), else return Err(no_complex("sum", x))),
    )
}

pub(crate) fn prod(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let axes = reduce_axes("prod", x, args)?;
    Ok(
        with_real_array!(x, a => accumulate(a, &axes, args.keepdims, true), else return Err(no_complex("prod", x))),
    )
}

/// Whether `candidate` replaces `best` as the running maximum (`larger`)
/// or minimum: a NaN is never replaced and replaces any number; otherwise
/// only a strictly better value replaces (so the first of equals stays).
fn beats<T: Elem>(candidate: T, best: T, larger: bool) -> bool {
    if best.is_nan() {
        false
    } else if candidate.is_nan() {
        true
    } else if larger {
        candidate > best
    } else {
        candidate < best
    }
}

/// The position and value of the first extreme of a non-empty lane.
fn extreme<T: Elem>(lane: &[T], larger: bool) -> (usize, T) {
    let leaf = |offset: usize, block: &[T]| {
        let mut best = 0;
        for (i, &v) in block.iter().enumerate().skip(1) {
            if beats(v, block[best], larger) {
                best = i;
            }
        }
        (offset + best, block[best])
    };
    let combine = |l: (usize, T), r: (usize, T)| if beats(r.1, l.1, larger) { r } else { l };
    tree(lane, 0, CHUNK, &leaf, &combine)
}

fn extreme_values(
    function: &'static str,
    x: &AnyArray,
    args: &Reduce,
    larger: bool,
) -> ApiResult<AnyArray> {
    let axes = reduce_axes(function, x, args)?;
    if reduced_count(x.shape(), &axes) == 0 {
        return Err(empty(function));
    }
    with_numeric_array!(x, a => Ok(lanes(a, &axes, args.keepdims).fold(|lane| extreme(lane, larger).1)),
        else Err(no_bool(function)))
}

pub(crate) fn max(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    extreme_values("max", x, args, true)
}

pub(crate) fn min(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    extreme_values("min", x, args, false)
}

fn extreme_index(
    function: &'static str,
    x: &AnyArray,
    axis: Option<isize>,
    keepdims: bool,
    larger: bool,
) -> ApiResult<AnyArray> {
    let axes = normalize_axes(function, axis.as_ref().map(std::slice::from_ref), x.ndim())?;
    if reduced_count(x.shape(), &axes) == 0 {
        return Err(empty(function));
    }
    with_numeric_array!(x, a => Ok(lanes(a, &axes, keepdims).fold(|lane| extreme(lane, larger).0 as i64)),
        else Err(no_bool(function)))
}

pub(crate) fn argmax(x: &AnyArray, axis: Option<isize>, keepdims: bool) -> ApiResult<AnyArray> {
    extreme_index("argmax", x, axis, keepdims, true)
}

pub(crate) fn argmin(x: &AnyArray, axis: Option<isize>, keepdims: bool) -> ApiResult<AnyArray> {
    extreme_index("argmin", x, axis, keepdims, false)
}

/// The pairwise sum of `f` of each element.
fn real_sum<T: Real>(lane: &[T], f: impl Fn(T) -> T + Sync) -> T {
    let leaf = |_: usize, block: &[T]| block.iter().fold(T::ZERO, |acc, &v| acc + f(v));
    tree(lane, 0, PAIRWISE, &leaf, &|a: T, b: T| a + b)
}

fn mean_of<T: Real>(lane: &[T]) -> T {
    real_sum(lane, |v| v) / T::from_f64(lane.len() as f64)
}

fn var_of<T: Real>(lane: &[T], correction: f64) -> T {
    let dof = lane.len() as f64 - correction;
    if dof <= 0.0 {
        return T::NAN;
    }
    let m = mean_of(lane);
    real_sum(lane, |v| (v - m) * (v - m)) / T::from_f64(dof)
}

#[derive(Clone, Copy)]
enum Moment {
    Mean,
    Var(f64),
    Std(f64),
}

fn moment_of<T: Real>(lane: &[T], moment: Moment) -> T {
    match moment {
        Moment::Mean => mean_of(lane),
        Moment::Var(c) => var_of(lane, c),
        Moment::Std(c) => var_of(lane, c).sqrt(),
    }
}

fn moments(
    function: &'static str,
    x: &AnyArray,
    args: &Reduce,
    moment: Moment,
) -> ApiResult<AnyArray> {
    if !x.dtype().is_float() {
        return Err(ApiError::invalid(
            function,
            format!("expects a floating-point dtype, got {}", x.dtype()),
        ));
    }
    let axes = reduce_axes(function, x, args)?;
    Ok(match x {
        AnyArray::Float32(a) => lanes(a, &axes, args.keepdims).fold(|l| moment_of(l, moment)),
        AnyArray::Float64(a) => lanes(a, &axes, args.keepdims).fold(|l| moment_of(l, moment)),
        _ => unreachable!("checked to be floating-point"),
    })
}

pub(crate) fn mean(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    moments("mean", x, args, Moment::Mean)
}

pub(crate) fn var(x: &AnyArray, args: &Reduce, correction: f64) -> ApiResult<AnyArray> {
    moments("var", x, args, Moment::Var(correction))
}

pub(crate) fn std(x: &AnyArray, args: &Reduce, correction: f64) -> ApiResult<AnyArray> {
    moments("std", x, args, Moment::Std(correction))
}

/// The running fold of `lane` from `init` into `out` (as long as `lane`);
/// a long lane in two parallel passes: each chunk's total, then each chunk
/// scanned from the fold of the totals before it.
/// The running sums (or products) of `lane` into `out`. Each value is the
/// first element combined with the ones after it, not the identity combined
/// with all of them: `0.0 + -0.0` is `+0.0`, so a scan started from the
/// identity would turn a leading `-0.0` into `+0.0`.
fn scan_lane<T: Elem>(lane: &[T], out: &mut [T::Wide], step: Step<T::Wide>) {
    let combine = |acc: Option<T::Wide>, v: T::Wide| match acc {
        Some(a) => step(a, v),
        None => v,
    };
    let run = |block: &[T], out: &mut [T::Wide], from: Option<T::Wide>| {
        let mut acc = from;
        for (o, &v) in out.iter_mut().zip(block) {
            let next = combine(acc, v.wide());
            acc = Some(next);
            *o = next;
        }
    };
    if !paths::entered(Path::Scan, is_large(lane.len())) {
        run(lane, out, None);
        return;
    }
    let blocks: Vec<&[T]> = lane.chunks(CHUNK).collect();
    let mut totals: Vec<Option<T::Wide>> = vec![None; blocks.len()];
    for_chunks(&mut totals, 1, true, &|i, t| {
        t[0] = blocks[i]
            .iter()
            .fold(None, |acc, &v| Some(combine(acc, v.wide())));
    });
    // A zero, infinite or NaN carry or block total does not combine as the
    // elements would one by one: a block whose product overflows on its own
    // is inf, and `0 × inf` is NaN where the running product is 0 (a run of
    // finite floats). Such a block's carry is folded element by element.
    let regular = |v: T::Wide| {
        let f = v.to_f64();
        f.is_finite() && f != 0.0
    };
    let mut starts = Vec::with_capacity(totals.len());
    let mut acc = None;
    for (block, t) in blocks.iter().zip(totals) {
        starts.push(acc);
        acc = match (acc, t) {
            (Some(a), Some(t)) if regular(a) && regular(t) => Some(step(a, t)),
            (None, t) => t,
            (Some(a), _) => Some(block.iter().fold(a, |a, &v| step(a, v.wide()))),
        };
    }
    for_chunks(out, CHUNK, true, &|start, part| {
        run(blocks[start / CHUNK], part, starts[start / CHUNK])
    });
}

fn scan<T: Elem>(a: &ArrayD<T>, axis: usize, include_initial: bool, product: bool) -> AnyArray {
    let (init, step) = identity_and_step::<T::Wide>(product);
    let len = a.shape()[axis];
    let out_len = len + usize::from(include_initial);
    let count: usize = a
        .shape()
        .iter()
        .enumerate()
        .filter(|&(d, _)| d != axis)
        .map(|(_, &s)| s)
        .product();
    let data = along_axis(a, axis);
    let mut out = vec![init; count * out_len];
    per_lane_into(&data, len, &mut out, out_len, Path::Scan, |lane, slot| {
        let slot = if include_initial {
            slot[0] = init;
            &mut slot[1..]
        } else {
            slot
        };
        scan_lane(lane, slot, step);
    });
    <T::Wide as ArrayElement>::wrap(put_axis_back(out, a.shape(), axis, out_len))
}

fn cumulative(
    function: &'static str,
    x: &AnyArray,
    axis: Option<isize>,
    include_initial: bool,
    product: bool,
) -> ApiResult<AnyArray> {
    let axis = scan_axis(function, axis, x.ndim())?;
    Ok(
        with_real_array!(x, a => scan(a, axis, include_initial, product), else return Err(no_complex(function, x))),
    )
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
    use super::super::testing::{
        array, assert_agree, exact, layouts, scaled, summable, tame, ulps, values,
    };
    use super::*;
    use array_api::api::Backend;
    use conformance_strategies::with_array;
    use conformance_strategies::DType;
    use conformance_strategies::Domain;
    use ndarray::Axis;

    fn cpu() -> Backend {
        Backend::new("cpu", array_api_reference::ops())
    }

    fn on(axes: Option<&[isize]>, keepdims: bool) -> Reduce {
        Reduce {
            axes: axes.map(|a| a.to_vec()),
            keepdims,
        }
    }

    /// The axes arguments every reduction test goes through (for 3-d
    /// input), including the invalid ones.
    fn axes_cases() -> Vec<Reduce> {
        let sets: [Option<&[isize]>; 9] = [
            None,
            Some(&[]),
            Some(&[0]),
            Some(&[-1]),
            Some(&[1]),
            Some(&[0, 2]),
            Some(&[2, 0, 1]),
            Some(&[3]),
            Some(&[1, -2]),
        ];
        sets.iter()
            .flat_map(|&a| [on(a, false), on(a, true)])
            .collect()
    }

    /// The error bound of a float sum: the sum of the terms' magnitudes.
    fn sum_scale(x: &AnyArray, args: &Reduce) -> Vec<f64> {
        let r = cpu();
        match r.abs(x).and_then(|a| r.sum(&a, args)) {
            Ok(s) => s.to_f64_vec(),
            Err(_) => vec![],
        }
    }

    #[test]
    fn sum_and_prod_agree_on_every_dtype_layout_and_axes() {
        for dtype in DType::ALL {
            for x in layouts(&[3, 4, 5], &summable(120, 1), dtype) {
                for args in axes_cases() {
                    let what = format!("sum({dtype} {:?}, {args:?})", x.strides());
                    let sum_tol = scaled(4.0, sum_scale(&x, &args));
                    assert_agree(&what, &sum(&x, &args), &cpu().sum(&x, &args), &sum_tol);
                }
            }
            // Products of values near 1 stay in range; sequential blocks
            // round like the reference.
            let near_one: Vec<f64> = tame(120, 2).iter().map(|v| 1.0 + v / 40.0).collect();
            for x in layouts(&[3, 4, 5], &near_one, dtype) {
                for args in axes_cases() {
                    let what = format!("prod({dtype} {:?}, {args:?})", x.strides());
                    assert_agree(&what, &prod(&x, &args), &cpu().prod(&x, &args), ulps(64));
                }
            }
        }
    }

    #[test]
    fn max_min_argmax_argmin_agree_with_nan_and_signed_zeros() {
        // Many NaNs, zeros of both signs and repeats.
        let values: Vec<f64> = values(120, 3, Domain::any())
            .iter()
            .enumerate()
            .map(|(i, &v)| match i % 7 {
                0 => -0.0,
                3 => 0.0,
                _ => (v / 25.0).round(),
            })
            .collect();
        for dtype in DType::ALL {
            for x in layouts(&[3, 4, 5], &values, dtype) {
                for args in axes_cases() {
                    let what = format!("({dtype} {:?}, {args:?})", x.strides());
                    assert_agree(
                        &format!("max{what}"),
                        &max(&x, &args),
                        &cpu().max(&x, &args),
                        exact,
                    );
                    assert_agree(
                        &format!("min{what}"),
                        &min(&x, &args),
                        &cpu().min(&x, &args),
                        exact,
                    );
                }
                for axis in [None, Some(0), Some(1), Some(-1), Some(3), Some(-4)] {
                    for keepdims in [false, true] {
                        let what = format!("({dtype} {:?}, {axis:?}, {keepdims})", x.strides());
                        assert_agree(
                            &format!("argmax{what}"),
                            &argmax(&x, axis, keepdims),
                            &cpu().argmax(&x, axis, keepdims),
                            exact,
                        );
                        assert_agree(
                            &format!("argmin{what}"),
                            &argmin(&x, axis, keepdims),
                            &cpu().argmin(&x, axis, keepdims),
                            exact,
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn mean_var_std_agree_and_refuse_integers() {
        for dtype in DType::ALL {
            for values in [tame(120, 4), summable(120, 5)] {
                for x in layouts(&[3, 4, 5], &values, dtype) {
                    for args in axes_cases() {
                        let what = format!("({dtype} {:?}, {args:?})", x.strides());
                        let count = args.axes.as_ref().map_or(60.0, |a| {
                            a.iter()
                                .map(|&d| x.shape()[(d.rem_euclid(3)) as usize] as f64)
                                .product()
                        });
                        let mean_scale: Vec<f64> =
                            sum_scale(&x, &args).iter().map(|s| s / count).collect();
                        let mean_tol = scaled(4.0, mean_scale);
                        assert_agree(
                            &format!("mean{what}"),
                            &mean(&x, &args),
                            &cpu().mean(&x, &args),
                            &mean_tol,
                        );
                        for correction in [0.0, 1.0, 4.0, 60.0] {
                            let tol = ulps(64 * count as u64);
                            let w = format!("{what} correction {correction}");
                            assert_agree(
                                &format!("var{w}"),
                                &var(&x, &args, correction),
                                &cpu().var(&x, &args, correction),
                                &tol,
                            );
                            assert_agree(
                                &format!("std{w}"),
                                &std(&x, &args, correction),
                                &cpu().std(&x, &args, correction),
                                &tol,
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn empty_and_zero_d_reductions() {
        let all = Reduce::default();
        for dtype in [DType::Float32, DType::Int8, DType::UInt16, DType::Bool] {
            for shape in [&[0usize][..], &[2, 0], &[0, 3], &[]] {
                let x = array(shape, &[2.5, -1.0], dtype);
                for args in [all.clone(), on(Some(&[0]), false), on(Some(&[-1]), true)] {
                    let w = format!("({dtype} {shape:?}, {args:?})");
                    assert_agree(
                        &format!("sum{w}"),
                        &sum(&x, &args),
                        &cpu().sum(&x, &args),
                        exact,
                    );
                    assert_agree(
                        &format!("prod{w}"),
                        &prod(&x, &args),
                        &cpu().prod(&x, &args),
                        exact,
                    );
                    assert_agree(
                        &format!("max{w}"),
                        &max(&x, &args),
                        &cpu().max(&x, &args),
                        exact,
                    );
                    assert_agree(
                        &format!("mean{w}"),
                        &mean(&x, &args),
                        &cpu().mean(&x, &args),
                        exact,
                    );
                    assert_agree(
                        &format!("var{w}"),
                        &var(&x, &args, -1.0),
                        &cpu().var(&x, &args, -1.0),
                        exact,
                    );
                }
            }
        }
        let e = array(&[2, 0], &[1.0], DType::Int32);
        assert!(matches!(
            max(&e, &all),
            Err(ApiError::InvalidArgument { .. })
        ));
        assert!(matches!(
            argmin(&e, Some(1), false),
            Err(ApiError::InvalidArgument { .. })
        ));
        assert_eq!(min(&e, &on(Some(&[0]), false)).unwrap().shape(), &[0]);
        assert!(matches!(
            mean(&e, &all),
            Err(ApiError::InvalidArgument { .. })
        ));
        let b = array(&[3], &[1.0, 0.0, 1.0], DType::Bool);
        assert_eq!(sum(&b, &all).unwrap(), AnyArray::scalar(2i64));
        assert!(max(&b, &all).is_err() && argmax(&b, None, false).is_err());
        assert_eq!(
            sum(&array(&[2], &[255.0], DType::UInt8), &all).unwrap(),
            AnyArray::scalar(510u64)
        );
        assert_eq!(
            argmax(&AnyArray::scalar(3.0f32), None, true).unwrap(),
            AnyArray::scalar(0i64)
        );
    }

    /// A large array viewed transposed and reversed, so nothing is contiguous.
    fn big(shape: [usize; 2], values: &[f64], dtype: DType) -> AnyArray {
        let x = array(&[shape[1], shape[0]], values, dtype);
        with_array!(x, a => {
            let mut t = a.reversed_axes();
            t.invert_axis(Axis(0));
            AnyArray::from(t)
        })
    }

    #[test]
    fn large_reductions_take_the_parallel_path_and_agree() {
        let values = summable(100_000, 6);
        let finite = tame(100_000, 7);
        for dtype in [
            DType::Float64,
            DType::Float32,
            DType::Int64,
            DType::Int8,
            DType::UInt32,
        ] {
            for v in [&values, &finite] {
                let x = big([400, 250], v, dtype);
                assert!(is_large(x.len()) && !x.is_standard_layout());
                // One long lane, few long lanes, many short lanes.
                for args in [
                    Reduce::default(),
                    on(Some(&[0]), false),
                    on(Some(&[1]), true),
                ] {
                    let w = format!("({dtype}, {args:?})");
                    // The reference sums in order, within `(n - 1) u` of the
                    // exact sum relative to the sum of magnitudes; a lane of
                    // 100,000 terms repeating a few hundred values (as large
                    // draws do) comes near that bound, far past 8 eps.
                    let terms = x.len() / cpu().sum(&x, &args).map_or(1, |s| s.len().max(1));
                    let sum_tol = scaled(8f64.max(terms as f64), sum_scale(&x, &args));
                    assert_agree(
                        &format!("sum{w}"),
                        &sum(&x, &args),
                        &cpu().sum(&x, &args),
                        &sum_tol,
                    );
                    assert_agree(
                        &format!("max{w}"),
                        &max(&x, &args),
                        &cpu().max(&x, &args),
                        exact,
                    );
                    assert_agree(
                        &format!("min{w}"),
                        &min(&x, &args),
                        &cpu().min(&x, &args),
                        exact,
                    );
                    if dtype.is_float() {
                        let n = reduced_count(
                            x.shape(),
                            &normalize_axes("t", args.axes.as_deref(), 2).unwrap(),
                        );
                        let tol = ulps(16 * n as u64);
                        assert_agree(
                            &format!("var{w}"),
                            &var(&x, &args, 1.0),
                            &cpu().var(&x, &args, 1.0),
                            &tol,
                        );
                    }
                }
                for axis in [None, Some(0), Some(-1)] {
                    let w = format!("({dtype}, {axis:?})");
                    assert_agree(
                        &format!("argmax{w}"),
                        &argmax(&x, axis, false),
                        &cpu().argmax(&x, axis, false),
                        exact,
                    );
                    assert_agree(
                        &format!("argmin{w}"),
                        &argmin(&x, axis, true),
                        &cpu().argmin(&x, axis, true),
                        exact,
                    );
                }
            }
        }
        // The first of equal extremes wins across parallel blocks, and a
        // late NaN beats them all.
        let mut v = vec![1.0; 100_000];
        v[70_000] = 5.0;
        v[90_000] = 5.0;
        let x = array(&[100_000], &v, DType::Float64);
        assert_eq!(
            argmax(&x, None, false).unwrap(),
            AnyArray::scalar(70_000i64)
        );
        v[99_999] = f64::NAN;
        let x = array(&[100_000], &v, DType::Float64);
        assert_eq!(
            argmax(&x, None, false).unwrap(),
            AnyArray::scalar(99_999i64)
        );
        assert!(max(&x, &Reduce::default()).unwrap().to_f64_vec()[0].is_nan());
        // Integer sums wrap the same whatever the order.
        let ones = array(&[100_000], &[f64::INFINITY], DType::UInt64);
        assert_eq!(
            sum(&ones, &Reduce::default()).unwrap(),
            AnyArray::scalar(u64::MAX.wrapping_mul(100_000))
        );
    }

    #[test]
    fn float_sums_are_pairwise() {
        // 1 followed by many values below half an ulp of 1: a sequential
        // float32 sum never moves, a pairwise one sums the small ones first.
        let mut v = vec![1.0f32];
        v.extend(std::iter::repeat_n(f32::EPSILON / 4.0, 1 << 14));
        let x = AnyArray::from(ndarray::Array::from_vec(v).into_dyn());
        let ours = sum(&x, &Reduce::default()).unwrap().to_f64_vec()[0];
        let theirs = cpu().sum(&x, &Reduce::default()).unwrap().to_f64_vec()[0];
        let (eps, exact) = (
            f64::from(f32::EPSILON),
            1.0 + 4096.0 * f64::from(f32::EPSILON),
        );
        assert_eq!(theirs, 1.0);
        // Only the first block of 8 loses its small terms.
        assert!((ours - exact).abs() <= 8.0 * eps, "{ours} vs {exact}");
    }

    #[test]
    fn cumulative_sum_and_prod_agree() {
        let r = cpu();
        // Signed zeros among the operands, some opening a lane: a scan
        // started from the identity would turn a leading -0.0 into +0.0.
        let operands: Vec<f64> = tame(120, 8)
            .iter()
            .enumerate()
            .map(|(i, &v)| match i % 7 {
                0 => -0.0,
                3 => 0.0,
                _ => v,
            })
            .collect();
        for dtype in DType::ALL {
            for x in layouts(&[3, 4, 5], &operands, dtype) {
                for axis in [Some(0), Some(1), Some(-1), Some(3), None] {
                    for include_initial in [false, true] {
                        let w = format!("({dtype} {:?}, {axis:?}, {include_initial})", x.strides());
                        assert_agree(
                            &format!("cumulative_sum{w}"),
                            &cumulative_sum(&x, axis, include_initial),
                            &r.cumulative_sum(&x, axis, include_initial),
                            exact,
                        );
                        assert_agree(
                            &format!("cumulative_prod{w}"),
                            &cumulative_prod(&x, axis, include_initial),
                            &r.cumulative_prod(&x, axis, include_initial),
                            exact,
                        );
                    }
                }
            }
            for shape in [&[0usize][..], &[2, 0], &[4], &[]] {
                let x = array(shape, &[3.0, -1.0], dtype);
                for axis in [None, Some(-1)] {
                    let w = format!("({dtype} {shape:?} {axis:?})");
                    assert_agree(
                        &w,
                        &cumulative_sum(&x, axis, true),
                        &r.cumulative_sum(&x, axis, true),
                        exact,
                    );
                    assert_agree(
                        &w,
                        &cumulative_prod(&x, axis, false),
                        &r.cumulative_prod(&x, axis, false),
                        exact,
                    );
                }
            }
        }
    }

    #[test]
    fn long_scans_run_in_two_parallel_passes() {
        for dtype in [DType::Int16, DType::UInt8, DType::Float64, DType::Float32] {
            let x = big([100_000, 1], &summable(100_000, 9), dtype);
            let x = with_array!(x, a => AnyArray::from(a.index_axis_move(Axis(1), 0)));
            assert!(is_large(x.len()) && !x.is_standard_layout());
            let r = cpu();
            let theirs = r.cumulative_sum(&x, None, true);
            // The running error bound: the running sum of magnitudes.
            let scale = r
                .abs(&x)
                .and_then(|a| r.cumulative_sum(&a, None, true))
                .map(|s| s.to_f64_vec())
                .unwrap_or_default();
            let tol = scaled(8.0, scale);
            assert_agree(
                &format!("cumulative_sum {dtype}"),
                &cumulative_sum(&x, None, true),
                &theirs,
                &tol,
            );
            let tamed = big([2, 60_000], &tame(120_000, 10), dtype);
            let scale = r
                .abs(&tamed)
                .and_then(|a| r.cumulative_sum(&a, Some(1), false))
                .map(|s| s.to_f64_vec())
                .unwrap_or_default();
            let tol = scaled(8.0, scale);
            assert_agree(
                &format!("cumulative_sum rows {dtype}"),
                &cumulative_sum(&tamed, Some(1), false),
                &r.cumulative_sum(&tamed, Some(1), false),
                &tol,
            );
        }
    }

    /// Found by the published checks once they drew long lanes: a block
    /// whose product overflows on its own (inf) met a running product of 0,
    /// and the carry `0 × inf` made every later element NaN where the
    /// running product of these finite floats is 0.
    #[test]
    fn a_zero_running_product_stays_zero_past_a_block_that_overflows() {
        let mut v = vec![1.0f32; 20_000];
        v[0] = 0.0;
        v[CHUNK + 5] = 1e20;
        v[CHUNK + 6] = 1e20;
        let x = AnyArray::from(ndarray::Array1::from(v).into_dyn());
        assert!(is_large(x.len()));
        let got = cumulative_prod(&x, None, false).unwrap().to_f64_vec();
        assert!(got.iter().all(|&p| p == 0.0), "a NaN or non-zero product");
        assert_eq!(
            cumulative_prod(&x, None, false).unwrap(),
            cpu().cumulative_prod(&x, None, false).unwrap()
        );
    }
}
