//! The `accelerated-bugs` backend: the reference with one planted bug of
//! each kind that real accelerated backends have (threads, SIMD lanes, GPU
//! blocks, fast paths), each where such a backend has it: only on inputs
//! past a block size, on long lanes or on wide integers. Small inputs are
//! computed correctly, so only checks that draw inputs at the sizes and
//! ranges backends are used at can find these bugs.
//!
//! | function | the bug | needs |
//! |---|---|---|
//! | `sum` | a full reduction drops the tail after the last full block of [`BLOCK`] elements | more than `BLOCK` elements, not a multiple of it |
//! | `cumulative_sum` | the scan restarts at each block of [`BLOCK`] along the axis: no carry between blocks | a lane longer than `BLOCK` |
//! | `add` | 64-bit integers go through float64 | an int64 or uint64 operand or result beyond 2^53 |
//! | `argsort` | `stable=true` uses an unstable sort | a long lane with ties |
//! | `abs` | a fast path for large arrays reads the buffer in memory order | a non-C layout of at least [`FAST_PATH_MIN`] elements |
//! | `matmul` | a blocked product drops the tail of the inner dimension after the last block of [`INNER_BLOCK`] | an inner dimension longer than `INNER_BLOCK`, not a multiple of it |
//! | `sort` | NaN sorts first rather than last | NaN in a float array |
//! | `count_nonzero` | NaN counts as zero | NaN in a float array |

use conformance_strategies::{with_array, with_real_array, AnyArray, ArrayElement, DType, Element};
use ndarray::{ArrayD, Axis, IxDyn, Slice};

use super::reference_fn;
use crate::api::{ApiResult, Ops};
use crate::args::{Reduce, SortArgs};

/// The block of the planted reduction and scan bugs.
pub const BLOCK: usize = 1024;
/// The block of the inner dimension of the planted matmul bug.
pub const INNER_BLOCK: usize = 64;
/// The size from which the planted `abs` takes its (wrong) fast path.
pub const FAST_PATH_MIN: usize = 4096;

/// The functions with planted bugs.
pub fn ops() -> Ops {
    Ops::NONE
        .sum(sum)
        .cumulative_sum(cumulative_sum)
        .add(add)
        .argsort(argsort)
        .abs(abs)
        .matmul(matmul)
        .sort(sort)
        .count_nonzero(count_nonzero)
}

/// `x` with its elements from C-order position `keep` on set to zero.
fn zero_from(x: &AnyArray, keep: usize) -> AnyArray {
    with_array!(x, a => {
        let values = a
            .iter()
            .enumerate()
            .map(|(i, v)| if i < keep { *v } else { Default::default() })
            .collect();
        AnyArray::from(ArrayD::from_shape_vec(IxDyn(a.shape()), values).expect("same length"))
    })
}

/// Positions `range` of axis `axis` of `x`.
fn slice_axis(x: &AnyArray, axis: usize, range: std::ops::Range<usize>) -> AnyArray {
    with_array!(x, a => AnyArray::from(a.slice_axis(Axis(axis), Slice::from(range)).to_owned()))
}

/// `parts` (all of one dtype) joined along `axis`.
fn join<T: ArrayElement>(_like: &ArrayD<T>, parts: &[AnyArray], axis: usize) -> AnyArray {
    let views: Vec<_> = parts
        .iter()
        .map(|p| p.as_typed::<T>().expect("one dtype").view())
        .collect();
    T::wrap(ndarray::concatenate(Axis(axis), &views).expect("same shapes off the axis"))
}

/// An axis argument resolved against `ndim`.
fn resolve(axis: isize, ndim: usize) -> usize {
    if axis < 0 {
        (axis + ndim as isize) as usize
    } else {
        axis as usize
    }
}

/// Applies `f` to every lane of `x` along `axis`, in place of a copy.
fn map_lanes<T: Element>(a: &ArrayD<T>, axis: usize, f: impl Fn(&mut Vec<T>)) -> ArrayD<T> {
    let mut out = a.to_owned();
    for mut lane in out.lanes_mut(Axis(axis)) {
        let mut values: Vec<T> = lane.iter().copied().collect();
        f(&mut values);
        for (slot, v) in lane.iter_mut().zip(values) {
            *slot = v;
        }
    }
    out
}

fn sum(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    let reference = reference_fn(|o| o.sum.clone());
    let n = x.len();
    if args.axes.is_some() || n <= BLOCK || n.is_multiple_of(BLOCK) {
        return reference(x, args);
    }
    // The bug: each block is reduced and the partial block after them is
    // forgotten.
    reference(&zero_from(x, n - n % BLOCK), args)
}

fn cumulative_sum(x: &AnyArray, axis: Option<isize>, include_initial: bool) -> ApiResult<AnyArray> {
    let reference = reference_fn(|o| o.cumulative_sum.clone());
    let ax = resolve(axis.unwrap_or(0), x.ndim());
    let n = if x.ndim() == 0 { 0 } else { x.shape()[ax] };
    if n <= BLOCK {
        return reference(x, axis, include_initial);
    }
    // The bug: every block is scanned on its own, without the carry of the
    // blocks before it.
    let mut parts = Vec::new();
    for start in (0..n).step_by(BLOCK) {
        let block = slice_axis(x, ax, start..(start + BLOCK).min(n));
        parts.push(reference(&block, axis, include_initial && start == 0)?);
    }
    Ok(with_array!(&parts[0], a => join(a, &parts, ax)))
}

fn add(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    let exact = reference_fn(|o| o.add.clone())(x1, x2)?;
    let wide = |d: DType| matches!(d, DType::Int64 | DType::UInt64);
    if !wide(exact.dtype()) {
        return Ok(exact);
    }
    // The bug: the operands go through float64, as on a device without
    // 64-bit integer arithmetic.
    let broadcast = reference_fn(|o| o.broadcast_to.clone());
    let a = broadcast(x1, exact.shape())?.to_f64_vec();
    let b = broadcast(x2, exact.shape())?.to_f64_vec();
    let sums = a.iter().zip(&b).map(|(a, b)| a + b);
    let shape = IxDyn(exact.shape());
    Ok(match exact.dtype() {
        DType::Int64 => AnyArray::from(
            ArrayD::from_shape_vec(shape, sums.map(|v| v as i64).collect()).expect("same length"),
        ),
        _ => AnyArray::from(
            ArrayD::from_shape_vec(shape, sums.map(|v| v as u64).collect()).expect("same length"),
        ),
    })
}

/// Whether `v` is NaN: the one value not equal to itself.
#[allow(clippy::eq_op)]
fn is_nan<T: Element>(v: &T) -> bool {
    v != v
}

/// Ascending order of the standard's sorts: NaN last.
fn ascending<T: Element + PartialOrd>(a: &T, b: &T) -> std::cmp::Ordering {
    let nan = |v: &T| is_nan(v);
    match (nan(a), nan(b)) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        (false, false) => a.partial_cmp(b).expect("neither is NaN"),
    }
}

fn argsort(x: &AnyArray, args: &SortArgs) -> ApiResult<AnyArray> {
    if !args.stable || x.ndim() == 0 {
        return reference_fn(|o| o.argsort.clone())(x, args);
    }
    // The bug: `stable` is ignored and the lane is sorted with an unstable
    // sort (which is stable on short slices, so only long lanes with ties
    // show it).
    let ax = resolve(args.axis, x.ndim());
    let descending = args.descending;
    Ok(with_real_array!(x, a => {
        let mut indices = ArrayD::<i64>::zeros(IxDyn(a.shape()));
        for (lane, mut out) in a.lanes(Axis(ax)).into_iter().zip(indices.lanes_mut(Axis(ax))) {
            let values: Vec<_> = lane.iter().copied().collect();
            let mut order: Vec<usize> = (0..values.len()).collect();
            order.sort_unstable_by(|&i, &j| {
                let o = ascending(&values[i], &values[j]);
                if descending { o.reverse() } else { o }
            });
            for (slot, i) in out.iter_mut().zip(order) {
                *slot = i as i64;
            }
        }
        AnyArray::from(indices)
    }, else return reference_fn(|o| o.argsort.clone())(x, args)))
}

fn abs(x: &AnyArray) -> ApiResult<AnyArray> {
    let reference = reference_fn(|o| o.abs.clone());
    if x.len() < FAST_PATH_MIN || x.is_standard_layout() {
        return reference(x);
    }
    // The bug: the fast path takes the buffer in memory order as if it
    // were C order (right for C-contiguous arrays only).
    let in_memory_order = with_array!(x, a => a.as_slice_memory_order().map(|s| {
        AnyArray::from(ArrayD::from_shape_vec(IxDyn(a.shape()), s.to_vec()).expect("same length"))
    }));
    reference(in_memory_order.as_ref().unwrap_or(x))
}

fn matmul(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
    let reference = reference_fn(|o| o.matmul.clone());
    if x1.ndim() == 0 || x2.ndim() == 0 {
        return reference(x1, x2);
    }
    let k1 = x1.ndim() - 1;
    let k2 = x2.ndim().saturating_sub(2);
    let k = x1.shape()[k1];
    if k <= INNER_BLOCK || k.is_multiple_of(INNER_BLOCK) || x2.shape()[k2] != k {
        return reference(x1, x2);
    }
    // The bug: the inner dimension is walked in blocks and the partial
    // block after them is forgotten.
    let kept = k - k % INNER_BLOCK;
    reference(&slice_axis(x1, k1, 0..kept), &slice_axis(x2, k2, 0..kept))
}

fn sort(x: &AnyArray, args: &SortArgs) -> ApiResult<AnyArray> {
    let sorted = reference_fn(|o| o.sort.clone())(x, args)?;
    if !sorted.dtype().is_float() || args.descending || x.ndim() == 0 {
        return Ok(sorted);
    }
    // The bug: NaN is put first instead of last.
    let ax = resolve(args.axis, x.ndim());
    Ok(
        with_array!(&sorted, a => AnyArray::from(map_lanes(a, ax, |lane| {
            let nans = lane.iter().filter(|v| is_nan(*v)).count();
            lane.rotate_right(nans);
        }))),
    )
}

fn count_nonzero(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
    // The bug: NaN is taken for zero.
    let without_nan = with_array!(x, a => AnyArray::from(a.mapv(|v| if is_nan(&v) { Default::default() } else { v })));
    reference_fn(|o| o.count_nonzero.clone())(&without_nan, args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array;

    fn floats(values: Vec<f64>) -> AnyArray {
        AnyArray::from(Array::from_vec(values).into_dyn())
    }

    #[test]
    fn each_bug_needs_its_size_and_is_absent_below_it() {
        let reference = super::super::cpu();
        let all = Reduce {
            axes: None,
            keepdims: false,
        };
        let ones = |n: usize| floats(vec![1.0; n]);
        // Up to a block, and on whole blocks, the sum is right.
        for n in [1, BLOCK, 2 * BLOCK] {
            assert_eq!(
                sum(&ones(n), &all).unwrap(),
                reference.sum(&ones(n), &all).unwrap()
            );
        }
        assert_eq!(
            sum(&ones(BLOCK + 1), &all).unwrap().to_f64_vec(),
            vec![BLOCK as f64]
        );
        // The scan loses its carry past the first block.
        let scan = cumulative_sum(&ones(BLOCK + 1), None, false)
            .unwrap()
            .to_f64_vec();
        assert_eq!((scan[BLOCK - 1], scan[BLOCK]), (BLOCK as f64, 1.0));
        let with_initial = cumulative_sum(&ones(BLOCK + 1), None, true).unwrap();
        assert_eq!(with_initial.len(), BLOCK + 2);
        // 2^53 + 1 is not a float64.
        let big = AnyArray::from(Array::from_vec(vec![1i64 << 53]).into_dyn());
        let one = AnyArray::from(Array::from_vec(vec![1i64]).into_dyn());
        assert_eq!(
            add(&big, &one).unwrap().to_f64_vec(),
            vec![(1u64 << 53) as f64]
        );
        let small = AnyArray::from(Array::from_vec(vec![3i64]).into_dyn());
        assert_eq!(
            add(&small, &one).unwrap(),
            reference.add(&small, &one).unwrap()
        );
    }

    #[test]
    fn nan_sorts_first_and_counts_as_zero() {
        let x = floats(vec![2.0, f64::NAN, 1.0]);
        let args = SortArgs::default();
        let sorted = sort(&x, &args).unwrap().to_f64_vec();
        assert!(sorted[0].is_nan());
        assert_eq!(&sorted[1..], &[1.0, 2.0]);
        let all = Reduce {
            axes: None,
            keepdims: false,
        };
        assert_eq!(count_nonzero(&x, &all).unwrap().to_f64_vec(), vec![2.0]);
    }

    #[test]
    fn matmul_drops_the_inner_tail_only_past_a_block() {
        let reference = super::super::cpu();
        let row = |k: usize| AnyArray::from(Array::from_elem((1, k), 1.0f64).into_dyn());
        let col = |k: usize| AnyArray::from(Array::from_elem((k, 1), 1.0f64).into_dyn());
        let k = INNER_BLOCK;
        assert_eq!(
            matmul(&row(k), &col(k)).unwrap(),
            reference.matmul(&row(k), &col(k)).unwrap()
        );
        assert_eq!(
            matmul(&row(k + 1), &col(k + 1)).unwrap().to_f64_vec(),
            vec![k as f64]
        );
    }

    #[test]
    fn the_unstable_sort_reorders_ties_of_a_long_lane() {
        let reference = super::super::cpu();
        let args = SortArgs {
            stable: true,
            ..SortArgs::default()
        };
        let ties = floats((0..4096).map(|i| f64::from(i % 3)).collect());
        assert_ne!(
            argsort(&ties, &args).unwrap(),
            reference.argsort(&ties, &args).unwrap()
        );
    }
}
