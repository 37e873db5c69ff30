//! Shared machinery of the non-elementwise reference groups (statistical,
//! searching, sorting, set, manipulation, linear algebra, utility, linalg,
//! score): element traits with the arithmetic the standard asks for
//! (wrapping integers, floats in their own precision), a reduction over any
//! set of axes, a map over the lanes along one axis, lossless promotion of
//! several arrays to one dtype, and the dispatch macros that run one generic
//! function for each dtype.
//!
//! Every helper reads its input in logical (C) order whatever the memory
//! layout, and every array it returns is a fresh C-ordered array.

use std::cmp::Ordering;

use conformance_strategies::{AnyArray, ArrayElement, DType};
use ndarray::{ArrayD, ArrayViewD, IxDyn};

use array_api::api::{ApiError, ApiResult};
use array_api::promotion;
use array_api::shape::reduced_count;

/// An element of any supported dtype, with the conversions and orderings the
/// reference needs.
pub(crate) trait Elem: ArrayElement + PartialOrd {
    /// The dtype `sum`/`prod`/`cumulative_*`/`trace` accumulate in when no
    /// dtype is given: `int64` for signed integers and `bool`, `uint64` for
    /// unsigned integers, the same float for floats.
    type Acc: Num;
    /// The value in [`Elem::Acc`] (integers widen losslessly, `bool` is 0/1).
    fn widen(self) -> Self::Acc;
    fn to_f64(self) -> f64;
    fn to_i128(self) -> i128;
    /// From a float (`as` semantics; only used where the value fits).
    fn from_f64(v: f64) -> Self;
    /// From an integer (`as` semantics; only used where the value fits).
    fn from_i128(v: i128) -> Self;
    fn is_nan(self) -> bool {
        false
    }
    /// Whether the element counts as `True` (non-zero; NaN is truthy).
    fn truthy(self) -> bool;
    /// The reference's sort order: ascending by value, NaN after every
    /// number, all NaNs equal, `-0 == +0`.
    fn sort_cmp(&self, other: &Self) -> Ordering;
}

/// A numeric (non-`bool`) element: integer arithmetic wraps, float
/// arithmetic is IEEE in the element's own precision.
pub(crate) trait Num: Elem {
    const ZERO: Self;
    const ONE: Self;
    fn add(self, other: Self) -> Self;
    fn sub(self, other: Self) -> Self;
    fn mul(self, other: Self) -> Self;
}

/// `float32` or `float64`.
pub(crate) trait Float:
    Num
    + PartialOrd
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Neg<Output = Self>
{
    const NAN: Self;
    const EPSILON: Self;
    fn sqrt(self) -> Self;
    fn abs(self) -> Self;
    fn powf(self, p: Self) -> Self;
    fn is_finite(self) -> bool;
    fn from_usize(n: usize) -> Self;
}

macro_rules! impl_int {
    ($($t:ty => $acc:ty),*) => {$(
        impl Elem for $t {
            type Acc = $acc;
            fn widen(self) -> $acc { self as $acc }
            fn to_f64(self) -> f64 { self as f64 }
            fn to_i128(self) -> i128 { self as i128 }
            fn from_f64(v: f64) -> Self { v as $t }
            fn from_i128(v: i128) -> Self { v as $t }
            fn truthy(self) -> bool { self != 0 }
            fn sort_cmp(&self, other: &Self) -> Ordering { self.cmp(other) }
        }
        impl Num for $t {
            const ZERO: Self = 0;
            const ONE: Self = 1;
            fn add(self, o: Self) -> Self { self.wrapping_add(o) }
            fn sub(self, o: Self) -> Self { self.wrapping_sub(o) }
            fn mul(self, o: Self) -> Self { self.wrapping_mul(o) }
        }
    )*};
}

impl_int!(i8 => i64, i16 => i64, i32 => i64, i64 => i64,
          u8 => u64, u16 => u64, u32 => u64, u64 => u64);

macro_rules! impl_float {
    ($($t:ty),*) => {$(
        impl Elem for $t {
            type Acc = $t;
            fn widen(self) -> $t { self }
            fn to_f64(self) -> f64 { self as f64 }
            fn to_i128(self) -> i128 { self as i128 }
            fn from_f64(v: f64) -> Self { v as $t }
            fn from_i128(v: i128) -> Self { v as $t }
            fn is_nan(self) -> bool { <$t>::is_nan(self) }
            fn truthy(self) -> bool { self != 0.0 }
            fn sort_cmp(&self, other: &Self) -> Ordering {
                match (self.is_nan(), other.is_nan()) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    (false, false) => self.partial_cmp(other).unwrap_or(Ordering::Equal),
                }
            }
        }
        impl Num for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            fn add(self, o: Self) -> Self { self + o }
            fn sub(self, o: Self) -> Self { self - o }
            fn mul(self, o: Self) -> Self { self * o }
        }
        impl Float for $t {
            const NAN: Self = <$t>::NAN;
            const EPSILON: Self = <$t>::EPSILON;
            fn sqrt(self) -> Self { <$t>::sqrt(self) }
            fn abs(self) -> Self { <$t>::abs(self) }
            fn powf(self, p: Self) -> Self { <$t>::powf(self, p) }
            fn is_finite(self) -> bool { <$t>::is_finite(self) }
            fn from_usize(n: usize) -> Self { n as $t }
        }
    )*};
}

impl_float!(f32, f64);

impl Elem for bool {
    type Acc = i64;
    fn widen(self) -> i64 {
        i64::from(self)
    }
    fn to_f64(self) -> f64 {
        f64::from(u8::from(self))
    }
    fn to_i128(self) -> i128 {
        i128::from(self)
    }
    fn from_f64(v: f64) -> Self {
        v != 0.0
    }
    fn from_i128(v: i128) -> Self {
        v != 0
    }
    fn truthy(self) -> bool {
        self
    }
    fn sort_cmp(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }
}

/// Runs `$body` with `$a: &ArrayD<T>` for a real or `bool` array (an
/// [`Elem`]); for a complex one, returns `$function`'s error that its
/// complex half is not implemented (the standard takes complex there, this
/// reference does not yet).
macro_rules! with_real {
    ($function:expr, $x:expr, $a:ident => $body:expr) => {
        conformance_strategies::with_real_array!($x, $a => $body, else return Err(crate::elements::complex_unsupported($function, $x.dtype())))
    };
}
pub(crate) use with_real;

/// The error of a function whose complex half is not implemented.
pub(crate) fn complex_unsupported(function: &'static str, dtype: DType) -> ApiError {
    ApiError::invalid(
        function,
        format!("{dtype} arrays are not supported by this function yet"),
    )
}

/// Runs `$body` with `$a: &ArrayD<T>` for a float array; `$other` otherwise.
macro_rules! with_float_array {
    ($x:expr, $a:ident => $body:expr, else $other:expr) => {
        match $x {
            conformance_strategies::AnyArray::Float32($a) => $body,
            conformance_strategies::AnyArray::Float64($a) => $body,
            _ => $other,
        }
    };
}
pub(crate) use with_float_array;

/// Runs `$body` with `$t` naming the element type of `$dtype`.
macro_rules! with_dtype {
    ($dtype:expr, $t:ident => $body:expr) => {
        match $dtype {
            conformance_strategies::DType::Bool => {
                type $t = bool;
                $body
            }
            conformance_strategies::DType::Int8 => {
                type $t = i8;
                $body
            }
            conformance_strategies::DType::Int16 => {
                type $t = i16;
                $body
            }
            conformance_strategies::DType::Int32 => {
                type $t = i32;
                $body
            }
            conformance_strategies::DType::Int64 => {
                type $t = i64;
                $body
            }
            conformance_strategies::DType::UInt8 => {
                type $t = u8;
                $body
            }
            conformance_strategies::DType::UInt16 => {
                type $t = u16;
                $body
            }
            conformance_strategies::DType::UInt32 => {
                type $t = u32;
                $body
            }
            conformance_strategies::DType::UInt64 => {
                type $t = u64;
                $body
            }
            conformance_strategies::DType::Float32 => {
                type $t = f32;
                $body
            }
            conformance_strategies::DType::Float64 => {
                type $t = f64;
                $body
            }
            conformance_strategies::DType::Complex64 => {
                type $t = conformance_strategies::Complex<f32>;
                $body
            }
            conformance_strategies::DType::Complex128 => {
                type $t = conformance_strategies::Complex<f64>;
                $body
            }
        }
    };
}
pub(crate) use with_dtype;

/// Like [`with_dtype!`] for the real dtypes and `bool`; panics on a complex
/// one (callers have ruled it out).
macro_rules! with_real_dtype {
    ($dtype:expr, $t:ident => $body:expr) => {
        match $dtype {
            conformance_strategies::DType::Bool => {
                type $t = bool;
                $body
            }
            conformance_strategies::DType::Int8 => {
                type $t = i8;
                $body
            }
            conformance_strategies::DType::Int16 => {
                type $t = i16;
                $body
            }
            conformance_strategies::DType::Int32 => {
                type $t = i32;
                $body
            }
            conformance_strategies::DType::Int64 => {
                type $t = i64;
                $body
            }
            conformance_strategies::DType::UInt8 => {
                type $t = u8;
                $body
            }
            conformance_strategies::DType::UInt16 => {
                type $t = u16;
                $body
            }
            conformance_strategies::DType::UInt32 => {
                type $t = u32;
                $body
            }
            conformance_strategies::DType::UInt64 => {
                type $t = u64;
                $body
            }
            conformance_strategies::DType::Float32 => {
                type $t = f32;
                $body
            }
            conformance_strategies::DType::Float64 => {
                type $t = f64;
                $body
            }
            d @ (conformance_strategies::DType::Complex64
            | conformance_strategies::DType::Complex128) => {
                unreachable!("{d} where only real dtypes were expected")
            }
        }
    };
}

/// The typed array inside `x`, or an error when it holds another dtype
/// (callers promote first, so this is an internal consistency check).
pub(crate) fn typed<'a, T: ArrayElement>(
    function: &'static str,
    x: &'a AnyArray,
) -> ApiResult<&'a ArrayD<T>> {
    x.as_typed::<T>().ok_or_else(|| {
        ApiError::invalid(
            function,
            format!("expected a {} array, got {}", T::DTYPE, x.dtype()),
        )
    })
}

/// `a` in C order, without copying when it already is.
pub(crate) fn c_order<T: Clone>(a: ArrayD<T>) -> ArrayD<T> {
    if a.is_standard_layout() {
        a
    } else {
        a.as_standard_layout().into_owned()
    }
}

/// A fresh C-ordered copy of a view.
pub(crate) fn owned_c<T: Clone>(a: ArrayViewD<'_, T>) -> ArrayD<T> {
    a.as_standard_layout().into_owned()
}

/// An array of `shape` from values in C order.
pub(crate) fn from_vec<T>(shape: &[usize], values: Vec<T>) -> ArrayD<T> {
    ArrayD::from_shape_vec(IxDyn(shape), values).expect("the value count matches the shape")
}

/// The elements in logical (C) order, whatever the layout.
pub(crate) fn to_vec<T: Clone>(a: &ArrayViewD<'_, T>) -> Vec<T> {
    a.iter().cloned().collect()
}

/// `a` cast element by element to `U` (lossless for the promotions of the
/// standard, which only widen within a kind).
pub(crate) fn cast<T: Elem, U: Elem>(a: &ArrayD<T>) -> ArrayD<U> {
    let values: Vec<U> = if U::DTYPE.is_float() {
        a.iter().map(|&v| U::from_f64(v.to_f64())).collect()
    } else {
        a.iter().map(|&v| U::from_i128(v.to_i128())).collect()
    };
    from_vec(a.shape(), values)
}

/// `x` cast to `to` (a clone when it already has that dtype); to or from a
/// complex dtype by `astype`'s rules.
pub(crate) fn cast_any(x: &AnyArray, to: DType) -> AnyArray {
    if x.dtype() == to {
        return x.clone();
    }
    if x.dtype().is_complex() || to.is_complex() {
        return crate::data_type::cast(x, to);
    }
    conformance_strategies::with_real_array!(x, a => with_real_dtype!(to, U => AnyArray::from(cast::<_, U>(a))), else unreachable!("complex is cast above"))
}

/// The promoted dtype of `arrays` and each array cast to it, or an error
/// where the standard leaves the promotion undefined (mixed kinds).
pub(crate) fn promote_all(
    function: &'static str,
    arrays: &[&AnyArray],
) -> ApiResult<(DType, Vec<AnyArray>)> {
    let dtypes: Vec<DType> = arrays.iter().map(|a| a.dtype()).collect();
    let Some(to) = promotion::result_type(&dtypes) else {
        return Err(ApiError::invalid(
            function,
            if dtypes.is_empty() {
                "at least one array is required".to_string()
            } else {
                format!("no promotion defined for dtypes {dtypes:?}")
            },
        ));
    };
    Ok((to, arrays.iter().map(|a| cast_any(a, to)).collect()))
}

/// An error unless `x` is numeric (not `bool`).
pub(crate) fn require_numeric(function: &'static str, x: &AnyArray) -> ApiResult<()> {
    if x.dtype().is_numeric() {
        Ok(())
    } else if x.dtype().is_complex() {
        // Numeric in the standard; the reference has no complex half here.
        Err(ApiError::NotImplementedFor {
            function,
            dtype: x.dtype(),
        })
    } else {
        Err(ApiError::invalid(
            function,
            format!("expected a numeric array, got {}", x.dtype()),
        ))
    }
}

/// `x1` and `x2` checked numeric and promoted to one dtype.
pub(crate) fn numeric_pair(
    function: &'static str,
    x1: &AnyArray,
    x2: &AnyArray,
) -> ApiResult<Vec<AnyArray>> {
    // Promotion first: a pair the standard does not promote is invalid
    // whatever the reference implements.
    let promoted = promote_all(function, &[x1, x2])?.1;
    require_numeric(function, &promoted[0])?;
    Ok(promoted)
}

/// An error unless `x` is floating-point.
pub(crate) fn require_float(function: &'static str, x: &AnyArray) -> ApiResult<()> {
    if x.dtype().is_float() {
        Ok(())
    } else {
        Err(ApiError::invalid(
            function,
            format!("expected a floating-point array, got {}", x.dtype()),
        ))
    }
}

/// The error for a dtype a function does not accept.
pub(crate) fn bad_dtype(function: &'static str, what: &str, dtype: DType) -> ApiError {
    ApiError::invalid(function, format!("expected {what}, got {dtype}"))
}

/// The "successive application" of `step` the standard asks of `sum` and
/// `prod`: starts from the first element (so the sum of `[-0.0]` is `-0.0`),
/// and gives `empty` (the identity) when there is none.
pub(crate) fn fold1<A>(
    mut values: impl Iterator<Item = A>,
    empty: A,
    step: impl FnMut(A, A) -> A,
) -> A {
    match values.next() {
        None => empty,
        Some(first) => values.fold(first, step),
    }
}

/// Reduces `a` over `axes` (normalised, sorted, distinct): `f` gets the
/// elements of each reduction in logical (C) order of the reduced axes and
/// returns one value. The result has the kept axes, plus size-1 axes in
/// place of the reduced ones when `keepdims`. A reduction over no axis calls
/// `f` once per element; an empty reduction calls it with an empty slice.
pub(crate) fn reduce<T: Clone, U>(
    a: &ArrayViewD<'_, T>,
    axes: &[usize],
    keepdims: bool,
    mut f: impl FnMut(&[T]) -> U,
) -> ArrayD<U> {
    let shape = a.shape();
    let ndim = shape.len();
    let kept: Vec<usize> = (0..ndim).filter(|i| !axes.contains(i)).collect();
    let order: Vec<usize> = kept.iter().chain(axes).copied().collect();
    let inner = reduced_count(shape, axes);
    let outer_shape: Vec<usize> = kept.iter().map(|&i| shape[i]).collect();
    let outer: usize = outer_shape.iter().product();
    let mut out = Vec::with_capacity(outer);
    if inner == 0 {
        out.extend((0..outer).map(|_| f(&[])));
    } else {
        let values = to_vec(&a.view().permuted_axes(order.as_slice()));
        out.extend(values.chunks(inner).map(&mut f));
    }
    let out_shape: Vec<usize> = if keepdims {
        (0..ndim)
            .map(|i| if axes.contains(&i) { 1 } else { shape[i] })
            .collect()
    } else {
        outer_shape
    };
    from_vec(&out_shape, out)
}

/// Maps every lane of `a` along `axis` to a lane of `out_len` values: `f`
/// gets the lane in order and pushes exactly `out_len` values. The result
/// has `a`'s shape with `axis` resized to `out_len`.
pub(crate) fn map_lanes<T: Clone, U: Clone>(
    a: &ArrayViewD<'_, T>,
    axis: usize,
    out_len: usize,
    mut f: impl FnMut(&[T], &mut Vec<U>),
) -> ArrayD<U> {
    let shape = a.shape();
    let ndim = shape.len();
    let mut order: Vec<usize> = (0..ndim).filter(|&i| i != axis).collect();
    order.push(axis);
    let len = shape[axis];
    let mut moved_shape: Vec<usize> = order[..ndim - 1].iter().map(|&i| shape[i]).collect();
    let outer: usize = moved_shape.iter().product();
    moved_shape.push(out_len);
    let mut out = Vec::with_capacity(outer * out_len);
    if len == 0 {
        for _ in 0..outer {
            f(&[], &mut out);
        }
    } else {
        let values = to_vec(&a.view().permuted_axes(order.as_slice()));
        for lane in values.chunks(len) {
            f(lane, &mut out);
        }
    }
    assert_eq!(
        out.len(),
        outer * out_len,
        "a lane function pushed the wrong count"
    );
    let moved = from_vec(&moved_shape, out);
    // Axis `axis` of the result is the last axis of `moved`.
    let mut back: Vec<usize> = (0..ndim - 1).collect();
    back.insert(axis, ndim - 1);
    c_order(moved.permuted_axes(back.as_slice()))
}

/// The error for an empty reduction of a function without identity.
pub(crate) fn empty_reduction(function: &'static str) -> ApiError {
    ApiError::invalid(
        function,
        "zero-size reduction: the function has no identity for an empty set of elements",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr2, s, Axis};

    #[test]
    fn reduce_reads_logical_order_and_keeps_dims() {
        let a = arr2(&[[1i32, 2, 3], [4, 5, 6]]).into_dyn();
        let sums = reduce(&a.view(), &[1], false, |l| l.iter().sum::<i32>());
        assert_eq!(sums.into_raw_vec_and_offset().0, vec![6, 15]);
        let firsts = reduce(&a.view(), &[0], true, |l| l.to_vec());
        assert_eq!(firsts.shape(), &[1, 3]);
        assert_eq!(firsts[[0, 2]], vec![3, 6]);
        let t = a.t();
        let all = reduce(&t, &[0, 1], false, |l| l.to_vec());
        assert_eq!(all.ndim(), 0);
        assert_eq!(all[[]], vec![1, 4, 2, 5, 3, 6]);
        let empty = ArrayD::<i32>::zeros(IxDyn(&[3, 0]));
        let counts = reduce(&empty.view(), &[1], false, |l| l.len());
        assert_eq!(counts.shape(), &[3]);
        assert!(counts.iter().all(|&c| c == 0));
    }

    #[test]
    fn map_lanes_puts_the_axis_back() {
        let mut a = arr2(&[[1i32, 2, 3], [4, 5, 6]]).into_dyn();
        a.invert_axis(Axis(1));
        let doubled = map_lanes(&a.view(), 0, 4, |l, out| {
            out.extend(l.iter().copied());
            out.extend(l.iter().copied());
        });
        assert_eq!(doubled.shape(), &[4, 3]);
        assert!(doubled.is_standard_layout());
        assert_eq!(doubled.slice(s![.., 0]).to_vec(), vec![3, 6, 3, 6]);
    }

    #[test]
    fn casts_and_promotion() {
        let x = AnyArray::from(arr2(&[[-1i8, 2]]).into_dyn());
        let y = AnyArray::from(arr2(&[[200u8, 3]]).into_dyn());
        let (d, v) = promote_all("f", &[&x, &y]).unwrap();
        assert_eq!(d, DType::Int16);
        assert_eq!(v[1].to_f64_vec(), vec![200.0, 3.0]);
        assert_eq!(v[0].to_f64_vec(), vec![-1.0, 2.0]);
        let f = AnyArray::scalar(1.0f32);
        assert!(promote_all("f", &[&x, &f]).is_err());
        assert!(f32::NAN.sort_cmp(&f32::INFINITY).is_gt());
        assert!((-0.0f64).sort_cmp(&0.0).is_eq());
    }
}
