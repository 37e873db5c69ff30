//! The backend's own representation and the machinery every function of the
//! backend shares:
//! - [`Tensor`]: a shape and a contiguous `Vec` in C (row-major) order;
//! - [`Elem`], [`Arith`] and [`Real`]: what the backend needs of each
//!   element type (lossless widening casts, wrapping integer arithmetic,
//!   floats in their own precision);
//! - [`gather`] / [`c_order`]: any ndarray layout (transposed, strided,
//!   negative strides) read in logical C order, split recursively into
//!   halves that rayon reads in parallel on large arrays;
//! - [`zip_broadcast`]: a kernel over two contiguous operands broadcast
//!   against each other, walked with per-operand strides (0 on stretched
//!   axes) in parallel chunks of [`CHUNK`] output elements;
//! - lanes along one axis ([`along_axis`], [`put_axis_back`]) for the
//!   sorts and scans.
//!
//! Nothing here calls the reference: the backend is a second implementation.

use std::borrow::Cow;
use std::ops::{Add, Div, Mul, Sub};

use conformance_strategies::{with_real_array, AnyArray, ArrayElement, Complex};
use ndarray::{ArrayD, ArrayViewD, Axis, IxDyn};
use rayon::prelude::*;

use super::paths::{self, Path};

/// Elements per parallel task.
pub(crate) const CHUNK: usize = 4096;

/// Below this many elements a function runs sequentially on the caller's
/// thread (spawning tasks would cost more than it saves).
pub(crate) const PARALLEL_MIN: usize = 1 << 14;

/// Whether `n` elements are worth splitting across the pool.
pub(crate) fn is_large(n: usize) -> bool {
    n >= PARALLEL_MIN
}

/// The kind of an element type, as the standard's dtype groups see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ElemKind {
    Bool,
    Signed,
    Unsigned,
    Float,
}

/// An element type of one of the host's dtypes.
pub(crate) trait Elem: ArrayElement + PartialOrd {
    const KIND: ElemKind;
    /// What `sum`, `prod` and `cumulative_*` accumulate in: `int64` for
    /// signed integers and `bool`, `uint64` for unsigned integers, the float
    /// itself for floats.
    type Wide: Arith;
    fn wide(self) -> Self::Wide;
    fn to_i128(self) -> i128;
    fn to_f64(self) -> f64;
    fn from_i128(v: i128) -> Self;
    fn from_f64(v: f64) -> Self;
    fn is_nan(self) -> bool;
}

/// A numeric element: integers wrap, floats are IEEE in their own precision.
pub(crate) trait Arith: Elem {
    const ZERO: Self;
    const ONE: Self;
    fn plus(self, other: Self) -> Self;
    fn times(self, other: Self) -> Self;
}

/// `float32` or `float64`.
pub(crate) trait Real:
    Arith + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
{
    const NAN: Self;
    fn sqrt(self) -> Self;
}

macro_rules! integers {
    ($($t:ty : $kind:ident => $wide:ty),*) => {$(
        impl Elem for $t {
            const KIND: ElemKind = ElemKind::$kind;
            type Wide = $wide;
            fn wide(self) -> $wide { self as $wide }
            fn to_i128(self) -> i128 { self as i128 }
            fn to_f64(self) -> f64 { self as f64 }
            fn from_i128(v: i128) -> Self { v as $t }
            fn from_f64(v: f64) -> Self { v as $t }
            fn is_nan(self) -> bool { false }
        }
        impl Arith for $t {
            const ZERO: Self = 0;
            const ONE: Self = 1;
            fn plus(self, other: Self) -> Self { self.wrapping_add(other) }
            fn times(self, other: Self) -> Self { self.wrapping_mul(other) }
        }
    )*};
}

integers!(
    i8: Signed => i64, i16: Signed => i64, i32: Signed => i64, i64: Signed => i64,
    u8: Unsigned => u64, u16: Unsigned => u64, u32: Unsigned => u64, u64: Unsigned => u64
);

macro_rules! floats {
    ($($t:ident),*) => {$(
        impl Elem for $t {
            const KIND: ElemKind = ElemKind::Float;
            type Wide = $t;
            fn wide(self) -> $t { self }
            fn to_i128(self) -> i128 { self as i128 }
            fn to_f64(self) -> f64 { self as f64 }
            fn from_i128(v: i128) -> Self { v as $t }
            fn from_f64(v: f64) -> Self { v as $t }
            fn is_nan(self) -> bool { $t::is_nan(self) }
        }
        impl Arith for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            fn plus(self, other: Self) -> Self { self + other }
            fn times(self, other: Self) -> Self { self * other }
        }
        impl Real for $t {
            const NAN: Self = $t::NAN;
            fn sqrt(self) -> Self { $t::sqrt(self) }
        }
    )*};
}

floats!(f32, f64);

impl Elem for bool {
    const KIND: ElemKind = ElemKind::Bool;
    type Wide = i64;
    fn wide(self) -> i64 {
        i64::from(self)
    }
    fn to_i128(self) -> i128 {
        i128::from(self)
    }
    fn to_f64(self) -> f64 {
        f64::from(u8::from(self))
    }
    fn from_i128(v: i128) -> Self {
        v != 0
    }
    fn from_f64(v: f64) -> Self {
        v != 0.0
    }
    fn is_nan(self) -> bool {
        false
    }
}

/// `v` in `D`, for the promotions of the standard (which only widen within
/// a kind, so the value is kept exactly).
pub(crate) fn widen<S: Elem, D: Elem>(v: S) -> D {
    if D::KIND == ElemKind::Float {
        D::from_f64(v.to_f64())
    } else {
        D::from_i128(v.to_i128())
    }
}

/// The backend's own array: a shape and the elements in C order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tensor<T> {
    pub shape: Vec<usize>,
    pub data: Vec<T>,
}

impl<T: ArrayElement> Tensor<T> {
    /// A copy of `a` (any layout) in C order.
    pub(crate) fn from_array(a: &ArrayD<T>) -> Tensor<T> {
        Tensor {
            shape: a.shape().to_vec(),
            data: gather(&a.view(), |v| v),
        }
    }

    /// Back into an ndarray (C order, no copy).
    pub(crate) fn into_array(self) -> ArrayD<T> {
        ArrayD::from_shape_vec(IxDyn(&self.shape), self.data).expect("one element per index")
    }

    pub(crate) fn into_any(self) -> AnyArray {
        T::wrap(self.into_array())
    }
}

impl<T: Elem> Tensor<T> {
    /// `x` widened to `T` (the caller has checked that the standard's
    /// promotion of `x`'s dtype gives `T`).
    pub(crate) fn widened(x: &AnyArray) -> Tensor<T> {
        with_real_array!(x, a => Tensor {
            shape: a.shape().to_vec(),
            data: gather(&a.view(), widen),
        }, else unreachable!("no real dtype is promoted from {}", x.dtype()))
    }
}

/// Runs `fill(start, part)` over `out` cut into parts of `per_task`
/// elements (`start` is the part's position in `out`), as parallel tasks when
/// `parallel`, else in one call over the whole of `out`.
///
/// This is where the backend hands work to rayon. The filler is a `dyn`, so
/// rayon's machinery is compiled once per output type while each kernel's
/// loop, inside the filler, is still compiled (and inlined) per kernel:
/// instantiating rayon's pipelines for every kernel of every dtype costs
/// minutes of compile time and gigabytes of memory.
pub(crate) fn for_chunks<U: Send>(
    out: &mut [U],
    per_task: usize,
    parallel: bool,
    fill: &(dyn Fn(usize, &mut [U]) + Sync),
) {
    if out.is_empty() {
        return;
    }
    if parallel {
        let per_task = per_task.max(1);
        out.par_chunks_mut(per_task)
            .enumerate()
            .for_each(|(i, part)| fill(i * per_task, part));
    } else {
        fill(0, out);
    }
}

/// `f` of every element of `a` in logical C order, whatever its layout.
/// A large non-contiguous array is first copied into C order by halves
/// read in parallel ([`strided_copy`]).
pub(crate) fn gather<S, D>(a: &ArrayViewD<'_, S>, f: impl Fn(S) -> D + Sync) -> Vec<D>
where
    S: Copy + Default + Send + Sync,
    D: Copy + Default + Send,
{
    if let Some(s) = a.to_slice() {
        return map_slice(s, f);
    }
    if !is_large(a.len()) {
        return a.iter().map(|&v| f(v)).collect();
    }
    map_slice(&strided_copy(a), f)
}

/// The elements of a view of any layout in C order, read in parallel: the
/// view is split into halves along its first axis longer than 1 (every
/// axis before it has length 1, so each half is a contiguous range of the
/// output) until the halves are [`CHUNK`] elements.
fn strided_copy<S: Copy + Default + Send + Sync>(a: &ArrayViewD<'_, S>) -> Vec<S> {
    fn fill<S: Copy + Send + Sync>(a: ArrayViewD<'_, S>, out: &mut [S]) {
        if out.len() <= CHUNK {
            for (o, &v) in out.iter_mut().zip(a.iter()) {
                *o = v;
            }
            return;
        }
        let axis = a
            .shape()
            .iter()
            .position(|&d| d > 1)
            .expect("an array of more than CHUNK elements has an axis longer than 1");
        let mid = a.shape()[axis] / 2;
        let (left, right) = a.split_at(Axis(axis), mid);
        let (out_left, out_right) = out.split_at_mut(left.len());
        rayon::join(|| fill(left, out_left), || fill(right, out_right));
    }
    let mut out = vec![S::default(); a.len()];
    fill(a.view(), &mut out);
    out
}

/// `f` of every element of a slice, in parallel when it is large.
pub(crate) fn map_slice<S, D>(s: &[S], f: impl Fn(S) -> D + Sync) -> Vec<D>
where
    S: Copy + Sync,
    D: Copy + Default + Send,
{
    let mut out = vec![D::default(); s.len()];
    for_chunks(&mut out, CHUNK, is_large(s.len()), &|start, part| {
        for (o, &v) in part.iter_mut().zip(&s[start..]) {
            *o = f(v);
        }
    });
    out
}

/// The elements of `a` in C order: borrowed when `a` already is C-ordered
/// and contiguous, gathered otherwise.
pub(crate) fn c_order<'a, T>(a: ArrayViewD<'a, T>) -> Cow<'a, [T]>
where
    T: Copy + Default + Send + Sync,
{
    match a.to_slice() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(gather(&a, |v| v)),
    }
}

/// `x`'s elements in C order as `T`: borrowed when `x` already is a
/// C-ordered `T` array, widened (see [`widen`]) otherwise.
pub(crate) fn operand<T: Operand>(x: &AnyArray) -> Cow<'_, [T]> {
    match x.as_typed::<T>() {
        Some(a) => c_order(a.view()),
        None => Cow::Owned(T::widened_from(x)),
    }
}

/// An element type an elementwise operand is widened to: every [`Elem`],
/// and the complex types (a real or narrower complex operand becomes
/// `x + 0j` in the wider precision, exactly).
pub(crate) trait Operand: ArrayElement {
    /// `x`'s elements in C order, widened to `Self` (the standard's
    /// promotion of `x`'s dtype gives `Self`).
    fn widened_from(x: &AnyArray) -> Vec<Self>;
}

impl<T: Elem> Operand for T {
    fn widened_from(x: &AnyArray) -> Vec<T> {
        Tensor::<T>::widened(x).data
    }
}

macro_rules! complex_operand {
    ($($t:ty),*) => {$(
        impl Operand for Complex<$t> {
            fn widened_from(x: &AnyArray) -> Vec<Self> {
                x.to_complex_vec()
                    .into_iter()
                    .map(|z| Complex::new(z.re as $t, z.im as $t))
                    .collect()
            }
        }
    )*};
}

complex_operand!(f32, f64);

/// The strides (in elements) of a C-ordered array of `shape` read as if
/// broadcast to `out`: right-aligned, 0 on missing and stretched axes.
pub(crate) fn broadcast_strides(shape: &[usize], out: &[usize]) -> Vec<usize> {
    assert!(shape.len() <= out.len(), "broadcasting never removes axes");
    let offset = out.len() - shape.len();
    let mut strides = vec![0; out.len()];
    let mut step = 1;
    for (i, &side) in shape.iter().enumerate().rev() {
        if side != 1 {
            strides[offset + i] = step;
        }
        step *= side;
    }
    strides
}

/// The multi-index of flat C-order position `flat` in `shape`.
pub(crate) fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for (i, &side) in shape.iter().enumerate().rev() {
        index[i] = flat % side;
        flat /= side;
    }
    index
}

/// `f(a, b)` for every element of `out_shape`, with `a` (of `a_shape`) and
/// `b` (of `b_shape`) C-ordered and broadcastable to `out_shape`.
pub(crate) fn zip_broadcast<A, B, U>(
    a: (&[A], &[usize]),
    b: (&[B], &[usize]),
    out_shape: &[usize],
    f: fn(A, B) -> U,
) -> Vec<U>
where
    A: Copy + Sync,
    B: Copy + Sync,
    U: Copy + Default + Send,
{
    let n: usize = out_shape.iter().product();
    let mut out = vec![U::default(); n];
    if a.1 == out_shape && b.1 == out_shape {
        for_chunks(&mut out, CHUNK, is_large(n), &|start, part| {
            for ((o, &x), &y) in part.iter_mut().zip(&a.0[start..]).zip(&b.0[start..]) {
                *o = f(x, y);
            }
        });
        return out;
    }
    let walk = Walk {
        shape: out_shape,
        sa: broadcast_strides(a.1, out_shape),
        sb: broadcast_strides(b.1, out_shape),
    };
    for_chunks(&mut out, CHUNK, is_large(n), &|start, part| {
        walk.run(start, part, a.0, b.0, &f)
    });
    out
}

/// An odometer over an output shape carrying one offset per operand.
struct Walk<'s> {
    shape: &'s [usize],
    sa: Vec<usize>,
    sb: Vec<usize>,
}

impl Walk<'_> {
    /// Fills `out`, the output elements from flat position `start` on.
    fn run<A: Copy, B: Copy, U>(
        &self,
        start: usize,
        out: &mut [U],
        a: &[A],
        b: &[B],
        f: &impl Fn(A, B) -> U,
    ) {
        let nd = self.shape.len();
        if out.is_empty() {
            return;
        }
        if nd == 0 {
            if let Some(o) = out.first_mut() {
                *o = f(a[0], b[0]);
            }
            return;
        }
        let mut index = unravel(start, self.shape);
        let mut ia: usize = index.iter().zip(&self.sa).map(|(i, s)| i * s).sum();
        let mut ib: usize = index.iter().zip(&self.sb).map(|(i, s)| i * s).sum();
        let last = nd - 1;
        let (len, da, db) = (self.shape[last], self.sa[last], self.sb[last]);
        let mut done = 0;
        while done < out.len() {
            // A run along the last axis, then a carry into the others.
            let run = (len - index[last]).min(out.len() - done);
            for o in &mut out[done..done + run] {
                *o = f(a[ia], b[ib]);
                ia += da;
                ib += db;
            }
            done += run;
            index[last] += run;
            if index[last] < len {
                break;
            }
            index[last] = 0;
            ia -= da * len;
            ib -= db * len;
            for d in (0..last).rev() {
                index[d] += 1;
                ia += self.sa[d];
                ib += self.sb[d];
                if index[d] < self.shape[d] {
                    break;
                }
                index[d] = 0;
                ia -= self.sa[d] * self.shape[d];
                ib -= self.sb[d] * self.shape[d];
            }
        }
    }
}

/// The lanes of `a` along `axis`: the elements with `axis` moved last, in C
/// order (borrowed when `axis` is already last and `a` C-ordered), so each
/// run of `a.shape()[axis]` elements is one lane.
pub(crate) fn along_axis<T>(a: &ArrayD<T>, axis: usize) -> Cow<'_, [T]>
where
    T: Copy + Default + Send + Sync,
{
    let nd = a.ndim();
    let mut order: Vec<usize> = (0..nd).filter(|&d| d != axis).collect();
    order.push(axis);
    c_order(a.view().permuted_axes(IxDyn(&order)))
}

/// The inverse of [`along_axis`] for lanes of a new length: `data` holds the
/// lanes (each `lane_len` long) of an array of `shape` with `axis` resized
/// to `lane_len`, moved last; the result has `axis` back in place, C order.
pub(crate) fn put_axis_back<U>(
    data: Vec<U>,
    shape: &[usize],
    axis: usize,
    lane_len: usize,
) -> ArrayD<U>
where
    U: Copy + Default + Send + Sync,
{
    let nd = shape.len();
    let mut moved: Vec<usize> = (0..nd).filter(|&d| d != axis).map(|d| shape[d]).collect();
    moved.push(lane_len);
    let moved = ArrayD::from_shape_vec(IxDyn(&moved), data).expect("one element per index");
    if axis + 1 == nd {
        return moved;
    }
    // Axis `axis` of the result is the last axis of `moved`.
    let mut back: Vec<usize> = (0..nd - 1).collect();
    back.insert(axis, nd - 1);
    let view = moved.view().permuted_axes(IxDyn(&back));
    let shape = view.shape().to_vec();
    ArrayD::from_shape_vec(IxDyn(&shape), gather(&view, |v| v)).expect("one element per index")
}

/// Lanes per task when lanes are `len` elements long.
fn lanes_per_task(len: usize) -> usize {
    (CHUNK / len.max(1)).max(1)
}

/// `f` of every lane (`len` elements each, `count` lanes) of `data`, in
/// order; lanes run in parallel when there are many elements. An empty lane
/// (`len == 0`) still gets its call.
pub(crate) fn per_lane<T, R>(
    data: &[T],
    count: usize,
    len: usize,
    path: Path,
    f: impl Fn(&[T]) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Copy + Default + Send,
{
    let mut out = vec![R::default(); count];
    let parallel = paths::entered(path, is_large(data.len()) && count > 1);
    for_chunks(&mut out, lanes_per_task(len), parallel, &|start, part| {
        for (j, o) in part.iter_mut().enumerate() {
            let first = (start + j) * len;
            *o = f(&data[first..first + len]);
        }
    });
    out
}

/// Like [`per_lane`], writing each lane's `out_len` results into its slot of
/// `out` (`count * out_len` long) with `f(lane, slot)`.
pub(crate) fn per_lane_into<T, U>(
    data: &[T],
    len: usize,
    out: &mut [U],
    out_len: usize,
    path: Path,
    f: impl Fn(&[T], &mut [U]) + Sync,
) where
    T: Sync,
    U: Send,
{
    if out_len == 0 {
        return;
    }
    let count = out.len() / out_len;
    let parallel = paths::entered(path, is_large(out.len().max(data.len())) && count > 1);
    let per_task = lanes_per_task(out_len.max(len)) * out_len;
    for_chunks(out, per_task, parallel, &|start, part| {
        for (j, slot) in part.chunks_mut(out_len).enumerate() {
            let first = (start / out_len + j) * len;
            f(&data[first..first + len], slot);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr2, s, Array, Slice};

    #[test]
    fn gather_reads_any_layout_in_logical_order() {
        let a = Array::from_iter(0..60_000i64)
            .into_shape_with_order(vec![200, 300])
            .unwrap();
        let mut t = a.clone().reversed_axes();
        t.invert_axis(Axis(0));
        t.slice_each_axis_inplace(|ax| {
            if ax.axis.index() == 1 {
                Slice::new(1, None, 3)
            } else {
                Slice::from(..)
            }
        });
        assert!(is_large(t.len()) && !t.is_standard_layout());
        let expected: Vec<i64> = t.iter().copied().collect();
        assert_eq!(gather(&t.view(), |v| v), expected);
        // Large 1-d strided view: split along its only axis.
        let v = Array::from_iter(0..100_000u32).into_dyn();
        let strided = v.slice(s![..;-3]).into_dyn();
        let expected: Vec<u32> = strided.iter().copied().collect();
        assert_eq!(gather(&strided, |v| v), expected);
        // Small views go the sequential way.
        let small = arr2(&[[1u8, 2], [3, 4]]).reversed_axes().into_dyn();
        assert_eq!(gather(&small.view(), |v| v * 10), vec![10, 30, 20, 40]);
    }

    #[test]
    fn c_order_borrows_only_c_ordered_data() {
        let a = arr2(&[[1i32, 2], [3, 4]]).into_dyn();
        assert!(matches!(c_order(a.view()), Cow::Borrowed(_)));
        let t = a.t().into_dyn();
        let c = c_order(t);
        assert!(matches!(c, Cow::Owned(_)));
        assert_eq!(&*c, &[1, 3, 2, 4]);
    }

    #[test]
    fn broadcast_walk_matches_index_arithmetic() {
        // [3, 1, 4] against [5, 1] -> [3, 5, 4], sequential and parallel.
        for scale in [1usize, 700] {
            let (sa, sb) = (vec![3, 1, 4 * scale], vec![5, 1]);
            let out = vec![3, 5, 4 * scale];
            let a: Vec<i64> = (0..(12 * scale) as i64).collect();
            let b: Vec<i64> = (0..5).map(|v| v * 1_000_000).collect();
            let got = zip_broadcast((&a, &sa), (&b, &sb), &out, |x, y| x + y);
            let mut expected = Vec::new();
            for i in 0..3 {
                for &bj in &b {
                    for k in 0..4 * scale {
                        expected.push(a[i * 4 * scale + k] + bj);
                    }
                }
            }
            assert_eq!(got, expected, "scale {scale}");
        }
        // 0-d with 0-d, and an empty broadcast.
        assert_eq!(
            zip_broadcast((&[2], &[]), (&[3], &[]), &[], |x: i32, y: i32| x * y),
            vec![6]
        );
        let e = zip_broadcast((&[] as &[i32], &[0]), (&[1], &[1]), &[0], |x, y| x + y);
        assert!(e.is_empty());
        assert_eq!(broadcast_strides(&[3, 1], &[2, 3, 4]), vec![0, 1, 0]);
    }

    #[test]
    fn lanes_go_out_and_back() {
        let a = Array::from_iter(0..24i32)
            .into_shape_with_order(vec![2, 3, 4])
            .unwrap();
        let lanes = along_axis(&a, 1);
        assert_eq!(&lanes[..6], &[0, 4, 8, 1, 5, 9]);
        let back = put_axis_back(lanes.into_owned(), a.shape(), 1, 3);
        assert_eq!(back, a);
        assert!(back.is_standard_layout());
        let firsts = per_lane(&along_axis(&a, 0), 12, 2, Path::Reduction, |l| l[0]);
        assert_eq!(firsts, (0..12).collect::<Vec<_>>());
        let mut out = vec![0; 3];
        per_lane_into(&[] as &[i32], 0, &mut out, 1, Path::Scan, |l, slot| {
            slot[0] = l.len() as i32 + 7
        });
        assert_eq!(out, vec![7, 7, 7]);
    }

    #[test]
    fn widening_keeps_values() {
        assert_eq!(widen::<i8, i64>(-128), -128);
        assert_eq!(widen::<u32, i64>(u32::MAX), i64::from(u32::MAX));
        assert_eq!(widen::<u64, u64>(u64::MAX), u64::MAX);
        assert_eq!(widen::<f32, f64>(0.1), f64::from(0.1f32));
        assert!(widen::<f32, f64>(-0.0).is_sign_negative());
        assert!(widen::<bool, bool>(true));
    }
}
