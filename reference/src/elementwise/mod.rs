//! Elementwise functions of the reference: every function of the
//! `elementwise` group (`abs` ... `trunc`, with `clip`).
//!
//! The machinery is written once: [`map_c`] and [`zip_c`] apply a kernel to
//! every element (or broadcast pair) in logical C order and return a fresh
//! C-ordered array, whatever the inputs' memory layout; the
//! [`unary_functions!`] and [`binary_functions!`] tables list, for each
//! function, one kernel per dtype kind it takes (`bool`, integer, float),
//! and the macros write the dtype dispatch. Which dtypes a function takes,
//! and how a binary function's operands are promoted and broadcast, are the
//! standard's rules and not the reference's: they are
//! [`array_api::elementwise`]'s, shared with every backend; so are the float
//! definitions with one right answer ([`array_api::float`]: Python's floor
//! division and remainder, `maximum`, `minimum`, `sign`, `nextafter`).
//!
//! Semantics:
//! - input dtypes as `spec/functions.tsv` gives them; a dtype outside them,
//!   or two dtypes the standard does not promote (`bool` with a number,
//!   integer with float, signed integer with `uint64`), is an
//!   [`ApiError::InvalidArgument`]; binary operands broadcast and are
//!   promoted by [`array_api::promotion::promote`] before the kernel runs;
//! - float results follow `spec/special_cases.tsv` exactly (checked against
//!   every row in `spec_grid`), computed in the dtype's own precision
//!   (`f32::sin` for `float32`);
//! - `ceil`, `floor`, `round` and `trunc` of integers return the input;
//!   `round` of floats is half to even; `sign` keeps the sign of a zero and
//!   returns NaN for NaN; `maximum`/`minimum` propagate NaN and order
//!   `-0 < +0`; `isnan`/`isinf`/`isfinite` of integers are
//!   false/false/true.
//!
//! Choices where the standard is silent:
//! - integer overflow wraps; integer `floor_divide`/`remainder` by zero
//!   give 0; shifts by a negative amount or by the bit width or more give 0
//!   (or -1 for a right shift of a negative value) — see [`scalar_ops`];
//! - integer `pow` with a negative exponent is an `InvalidArgument` (NumPy
//!   raises the same way), checked over the broadcast operands;
//! - `divide` takes floating-point operands only: the standard's result
//!   dtype for integer operands is "implementation-dependent" (the promoted
//!   float of integers is undefined here), so integers are refused;
//! - `nextafter` refuses operands of different dtypes (the standard asks for
//!   `x2` of `x1`'s dtype and a result of `x1`'s dtype), and `clip` refuses
//!   `min`/`max` of a dtype other than `x`'s; `clip` broadcasts `x`, `min`
//!   and `max` together and, where `min > max`, gives `max` (as NumPy's
//!   `minimum(maximum(x, min), max)`);
//! - `signbit` takes floating-point input only, as `functions.tsv` says.

mod scalar_ops;
#[cfg(test)]
mod spec_grid;

use std::borrow::Cow;

use conformance_strategies::{AnyArray, ArrayElement, DType};
use ndarray::{ArrayD, ArrayViewD, IxDyn};

use self::scalar_ops::{FloatOps, IntOps, MaybeNan};
use super::data_type::cast;
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::elementwise;

/// The elementwise functions.
pub(crate) fn ops() -> Ops {
    let ops = Ops::NONE.clip(clip);
    binary_ops(unary_ops(ops))
}

/// `f` of every element of `a`, in logical C order, as a fresh C-ordered
/// array of `a`'s shape.
pub(crate) fn map_c<T: Copy, U>(a: &ArrayD<T>, mut f: impl FnMut(T) -> U) -> ArrayD<U> {
    let values: Vec<U> = a.iter().map(|&v| f(v)).collect();
    ArrayD::from_shape_vec(a.raw_dim(), values).expect("one value per element")
}

/// `f` of every pair of elements of `a` and `b` broadcast to `shape`, in
/// logical C order, as a fresh C-ordered array.
pub(crate) fn zip_c<T: Copy, U>(
    a: &ArrayD<T>,
    b: &ArrayD<T>,
    shape: &[usize],
    mut f: impl FnMut(T, T) -> U,
) -> ArrayD<U> {
    let dim = IxDyn(shape);
    let a = a.broadcast(dim.clone()).expect("shape is a's broadcast");
    let b = b.broadcast(dim.clone()).expect("shape is b's broadcast");
    let values: Vec<U> = a.iter().zip(b.iter()).map(|(&x, &y)| f(x, y)).collect();
    ArrayD::from_shape_vec(dim, values).expect("one value per element")
}

/// Two operands brought to their promoted dtype, and their broadcast shape.
struct Operands<'a> {
    x1: Cow<'a, AnyArray>,
    x2: Cow<'a, AnyArray>,
    shape: Vec<usize>,
}

fn to_dtype(x: &AnyArray, dtype: DType) -> Cow<'_, AnyArray> {
    if x.dtype() == dtype {
        Cow::Borrowed(x)
    } else {
        Cow::Owned(cast(x, dtype))
    }
}

/// The operands of the binary function `function`, checked, promoted and
/// broadcast by the standard's rules ([`elementwise::binary_operands`]).
fn operands<'a>(
    function: &'static str,
    x1: &'a AnyArray,
    x2: &'a AnyArray,
) -> ApiResult<Operands<'a>> {
    let (dtype, shape) = elementwise::binary_operands(function, x1, x2)?;
    Ok(Operands {
        x1: to_dtype(x1, dtype),
        x2: to_dtype(x2, dtype),
        shape,
    })
}

/// Integer `pow` refuses a negative exponent among the broadcast operands.
fn non_negative_exponent(
    function: &'static str,
    p: &Operands<'_>,
    _x1: &AnyArray,
    _x2: &AnyArray,
) -> ApiResult<()> {
    if !p.x2.dtype().is_signed_integer() || p.shape.iter().product::<usize>() == 0 {
        return Ok(());
    }
    if p.x2.to_f64_vec().iter().any(|&v| v < 0.0) {
        return Err(ApiError::invalid(
            function,
            "integers to negative integer powers are not defined",
        ));
    }
    Ok(())
}

/// The kernel of one kind, or `unreachable!` where the kind was refused.
macro_rules! kernel {
    () => {
        unreachable!("the dtype was checked against the function's input kinds")
    };
    ($e:expr) => {
        $e
    };
}

/// Writes `pub fn name(x: &AnyArray) -> ApiResult<AnyArray>` for each row:
/// `name { bool: kernel, int: kernel, float: kernel }`, a kernel (a closure
/// of one element) for each kind of the dtypes `array_api::elementwise`
/// says the function takes, and `unary_ops`, which sets them. It also lists
/// them in `UNARY` for the tests.
macro_rules! unary_functions {
    ($(
        $(#[$doc:meta])*
        $name:ident { $(bool: $b:expr,)? $(int: $i:expr,)? $(float: $f:expr,)? $(complex: $c:expr,)? }
    )*) => {
        $(
            $(#[$doc])*
            pub(crate) fn $name(x: &AnyArray) -> ApiResult<AnyArray> {
                elementwise::check_dtype(stringify!($name), x.dtype())?;
                #[allow(unreachable_code, unused_variables)]
                let out = match x {
                    AnyArray::Bool(a) => kernel!($(AnyArray::from(map_c(a, $b)))?),
                    AnyArray::Int8(a) => kernel!($(AnyArray::from(map_c(a, $i)))?),
                    AnyArray::Int16(a) => kernel!($(AnyArray::from(map_c(a, $i)))?),
                    AnyArray::Int32(a) => kernel!($(AnyArray::from(map_c(a, $i)))?),
                    AnyArray::Int64(a) => kernel!($(AnyArray::from(map_c(a, $i)))?),
                    AnyArray::UInt8(a) => kernel!($(AnyArray::from(map_c(a, $i)))?),
                    AnyArray::UInt16(a) => kernel!($(AnyArray::from(map_c(a, $i)))?),
                    AnyArray::UInt32(a) => kernel!($(AnyArray::from(map_c(a, $i)))?),
                    AnyArray::UInt64(a) => kernel!($(AnyArray::from(map_c(a, $i)))?),
                    AnyArray::Float32(a) => kernel!($(AnyArray::from(map_c(a, $f)))?),
                    AnyArray::Float64(a) => kernel!($(AnyArray::from(map_c(a, $f)))?),
                    AnyArray::Complex64(a) => kernel!($(AnyArray::from(map_c(a, $c)))?),
                    AnyArray::Complex128(a) => kernel!($(AnyArray::from(map_c(a, $c)))?),
                };
                Ok(out)
            }
        )*

        fn unary_ops(base: Ops) -> Ops {
            base$(.$name($name))*
        }

        #[cfg(test)]
        pub(crate) const UNARY: &[(&str, fn(&AnyArray) -> ApiResult<AnyArray>)] =
            &[$((stringify!($name), $name),)*];
    };
}

/// Writes `pub fn name(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray>`
/// for each row: `name [check hook] { bool: kernel, int: kernel, float:
/// kernel }` with kernels closures of two elements of the promoted dtype
/// (one for each kind of the dtypes `array_api::elementwise` says the
/// function takes), and `binary_ops`, which sets them. It also lists them in
/// `BINARY` for the tests.
macro_rules! binary_functions {
    ($(
        $(#[$doc:meta])*
        $name:ident $([$check:path])? { $(bool: $b:expr,)? $(int: $i:expr,)? $(float: $f:expr,)? $(complex: $c:expr,)? }
    )*) => {
        $(
            $(#[$doc])*
            pub(crate) fn $name(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
                let p = operands(stringify!($name), x1, x2)?;
                $($check(stringify!($name), &p, x1, x2)?;)?
                let s = &p.shape[..];
                #[allow(unreachable_code, unused_variables)]
                let out = match (&*p.x1, &*p.x2) {
                    (AnyArray::Bool(a), AnyArray::Bool(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $b)))?),
                    (AnyArray::Int8(a), AnyArray::Int8(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $i)))?),
                    (AnyArray::Int16(a), AnyArray::Int16(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $i)))?),
                    (AnyArray::Int32(a), AnyArray::Int32(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $i)))?),
                    (AnyArray::Int64(a), AnyArray::Int64(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $i)))?),
                    (AnyArray::UInt8(a), AnyArray::UInt8(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $i)))?),
                    (AnyArray::UInt16(a), AnyArray::UInt16(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $i)))?),
                    (AnyArray::UInt32(a), AnyArray::UInt32(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $i)))?),
                    (AnyArray::UInt64(a), AnyArray::UInt64(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $i)))?),
                    (AnyArray::Float32(a), AnyArray::Float32(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $f)))?),
                    (AnyArray::Float64(a), AnyArray::Float64(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $f)))?),
                    (AnyArray::Complex64(a), AnyArray::Complex64(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $c)))?),
                    (AnyArray::Complex128(a), AnyArray::Complex128(b)) => kernel!($(AnyArray::from(zip_c(a, b, s, $c)))?),
                    _ => unreachable!("both operands were promoted to one dtype"),
                };
                Ok(out)
            }
        )*

        fn binary_ops(base: Ops) -> Ops {
            base$(.$name($name))*
        }

        #[cfg(test)]
        pub(crate) const BINARY: &[(&str, fn(&AnyArray, &AnyArray) -> ApiResult<AnyArray>)] =
            &[$((stringify!($name), $name),)*];
    };
}

// The rows are the standard's per-element definitions, written once in
// `array_api`; this crate's macro turns them into its own functions.
array_api::unary_element_definitions!(unary_functions);

// The rows are the standard's per-element definitions, written once in
// `array_api`; this crate's macro turns them into its own functions.
array_api::binary_element_definitions!(binary_functions);

/// `x` clamped to `[min, max]`, all three broadcast together; NaN in any of
/// them gives NaN; where `min > max` the result is `max`.
pub(crate) fn clip(
    x: &AnyArray,
    min: Option<&AnyArray>,
    max: Option<&AnyArray>,
) -> ApiResult<AnyArray> {
    let shape = elementwise::clip_shape(x, min, max)?;

    fn typed<T: ArrayElement + MaybeNan>(
        x: &ArrayD<T>,
        min: Option<&AnyArray>,
        max: Option<&AnyArray>,
        shape: &[usize],
    ) -> AnyArray {
        fn view<'a, T: ArrayElement>(
            b: Option<&'a AnyArray>,
            dim: &IxDyn,
        ) -> Option<ArrayViewD<'a, T>> {
            b.map(|b| {
                T::unwrap_ref(b)
                    .expect("dtype checked")
                    .broadcast(dim.clone())
                    .expect("shape checked")
            })
        }
        let dim = IxDyn(shape);
        let (lo, hi) = (view::<T>(min, &dim), view::<T>(max, &dim));
        let xs = x.broadcast(dim.clone()).expect("shape checked");
        let mut lo_it = lo.as_ref().map(|v| v.iter());
        let mut hi_it = hi.as_ref().map(|v| v.iter());
        let values: Vec<T> = xs
            .iter()
            .map(|&v| {
                let l = lo_it.as_mut().map(|it| *it.next().expect("same length"));
                let h = hi_it.as_mut().map(|it| *it.next().expect("same length"));
                for bound in [l, h].into_iter().flatten() {
                    if bound.is_nan_() {
                        return bound;
                    }
                }
                let mut r = v;
                if let Some(l) = l {
                    if r < l {
                        r = l;
                    }
                }
                if let Some(h) = h {
                    if r > h {
                        r = h;
                    }
                }
                r
            })
            .collect();
        T::wrap(ArrayD::from_shape_vec(dim, values).expect("one value per element"))
    }

    Ok(match x {
        AnyArray::Bool(_) => unreachable!("bool was refused"),
        AnyArray::Int8(a) => typed(a, min, max, &shape),
        AnyArray::Int16(a) => typed(a, min, max, &shape),
        AnyArray::Int32(a) => typed(a, min, max, &shape),
        AnyArray::Int64(a) => typed(a, min, max, &shape),
        AnyArray::UInt8(a) => typed(a, min, max, &shape),
        AnyArray::UInt16(a) => typed(a, min, max, &shape),
        AnyArray::UInt32(a) => typed(a, min, max, &shape),
        AnyArray::UInt64(a) => typed(a, min, max, &shape),
        AnyArray::Float32(a) => typed(a, min, max, &shape),
        AnyArray::Float64(a) => typed(a, min, max, &shape),
        AnyArray::Complex64(_) | AnyArray::Complex128(_) => unreachable!("complex was refused"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{arr1, arr2, s, Array1, Axis};

    fn a1<T: ArrayElement>(v: Vec<T>) -> AnyArray {
        T::wrap(Array1::from_vec(v).into_dyn())
    }

    fn values(x: &AnyArray) -> Vec<f64> {
        x.to_f64_vec()
    }

    fn invalid(r: ApiResult<AnyArray>) -> bool {
        matches!(r, Err(ApiError::InvalidArgument { .. }))
    }

    fn same(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                (x.is_nan() && y.is_nan())
                    || (x == y && x.is_sign_negative() == y.is_sign_negative())
            })
    }

    #[test]
    fn every_elementwise_function_is_provided() {
        let ours = ops();
        let group: Vec<&str> = array_api::api::FUNCTIONS
            .iter()
            .filter(|f| f.group == "elementwise")
            .map(|f| f.name)
            .collect();
        assert_eq!(group.len(), UNARY.len() + BINARY.len() + 1);
        for name in group {
            assert!(ours.implements(name), "{name}");
        }
        assert!(!ours.implements("sum"));
    }

    #[test]
    fn binary_broadcasts_any_layout_into_c_order() {
        // x1: a (2, 3) transpose of a C-ordered (3, 2) array (F-ordered).
        let base = arr2(&[[1i32, 4], [2, 5], [3, 6]]).into_dyn();
        let x1 = AnyArray::from(base.reversed_axes());
        assert!(!x1.is_standard_layout());
        // x2: (3,) with a negative stride: [30, 20, 10].
        let mut r = arr1(&[10i32, 20, 30]).into_dyn();
        r.invert_axis(Axis(0));
        let x2 = AnyArray::from(r);
        assert!(x2.strides()[0] < 0);
        let out = add(&x1, &x2).unwrap();
        assert_eq!((out.dtype(), out.shape()), (DType::Int32, &[2usize, 3][..]));
        assert!(out.is_standard_layout());
        assert_eq!(values(&out), vec![31.0, 22.0, 13.0, 34.0, 25.0, 16.0]);
        // A strided slice against a (2, 1) column.
        let big = arr1(&[0.0f64, 1.0, 2.0, 3.0, 4.0, 5.0]).into_dyn();
        let every_other = AnyArray::from(big.slice(s![1..;2]).to_owned().into_dyn());
        let col = AnyArray::from(arr2(&[[10.0f64], [20.0]]).into_dyn());
        let d = subtract(&col, &every_other).unwrap();
        assert_eq!(d.shape(), &[2, 3]);
        assert_eq!(values(&d), vec![9.0, 7.0, 5.0, 19.0, 17.0, 15.0]);
        // Unary on a negative-stride view keeps the logical order.
        let mut q = arr1(&[1.0f32, 4.0, 9.0]).into_dyn();
        q.invert_axis(Axis(0));
        let root = sqrt(&AnyArray::from(q)).unwrap();
        assert_eq!(values(&root), vec![3.0, 2.0, 1.0]);
        assert!(root.is_standard_layout());
    }

    #[test]
    fn empty_and_zero_d_operands() {
        let e = AnyArray::from(ArrayD::<f64>::zeros(IxDyn(&[0, 3])));
        assert_eq!(exp(&e).unwrap().shape(), &[0, 3]);
        let one = a1(vec![1.0f64]);
        assert_eq!(multiply(&e, &one).unwrap().shape(), &[0, 3]);
        let s = add(&AnyArray::scalar(2u8), &AnyArray::scalar(3u8)).unwrap();
        assert_eq!((s.ndim(), values(&s)), (0, vec![5.0]));
        let v = less(&AnyArray::scalar(2i64), &a1(vec![1i64, 2, 3])).unwrap();
        assert_eq!((v.dtype(), values(&v)), (DType::Bool, vec![0.0, 0.0, 1.0]));
        let neg = negative(&AnyArray::scalar(-0.0f32)).unwrap();
        assert_eq!(neg.ndim(), 0);
        assert!(same(&values(&neg), &[0.0]));
        assert!(invalid(add(&a1(vec![1i8, 2]), &a1(vec![1i8, 2, 3]))));
    }

    #[test]
    fn promotion_and_refused_dtypes() {
        let r = add(&a1(vec![-128i8, 100]), &a1(vec![255u8, 100])).unwrap();
        assert_eq!((r.dtype(), values(&r)), (DType::Int16, vec![127.0, 200.0]));
        let f = multiply(&a1(vec![0.1f32]), &a1(vec![10.0f64])).unwrap();
        assert_eq!(
            (f.dtype(), values(&f)),
            (DType::Float64, vec![0.1f32 as f64 * 10.0])
        );
        assert!(invalid(add(&a1(vec![1i32]), &a1(vec![1.0f32]))));
        assert!(invalid(add(&a1(vec![true]), &a1(vec![1i8]))));
        assert!(invalid(maximum(&a1(vec![1i64]), &a1(vec![1u64]))));
        assert!(invalid(add(&a1(vec![true]), &a1(vec![true]))));
        assert!(invalid(sqrt(&a1(vec![4i32]))));
        assert!(invalid(sin(&a1(vec![true]))));
        assert!(invalid(divide(&a1(vec![1i32]), &a1(vec![2i32]))));
        assert!(invalid(logical_and(&a1(vec![1u8]), &a1(vec![1u8]))));
        assert!(invalid(bitwise_left_shift(
            &a1(vec![true]),
            &a1(vec![true])
        )));
        assert!(invalid(bitwise_and(&a1(vec![1.0f64]), &a1(vec![1.0f64]))));
        assert!(invalid(greater(&a1(vec![true]), &a1(vec![false]))));
        assert!(invalid(signbit(&a1(vec![-1i8]))));
        assert!(invalid(abs(&a1(vec![true]))));
        assert!(invalid(nextafter(&a1(vec![1.0f32]), &a1(vec![2.0f64]))));
        assert!(invalid(atan2(&a1(vec![1i16]), &a1(vec![2i16]))));
        let eq = equal(&a1(vec![true, false]), &a1(vec![true, true])).unwrap();
        assert_eq!(values(&eq), vec![1.0, 0.0]);
        let d = divide(&a1(vec![1.0f32]), &a1(vec![3.0f32])).unwrap();
        assert_eq!(d.as_typed::<f32>().unwrap()[[0]], 1.0f32 / 3.0);
    }

    #[test]
    fn integer_arithmetic_wraps() {
        assert_eq!(
            values(&add(&a1(vec![127i8]), &a1(vec![1i8])).unwrap()),
            vec![-128.0]
        );
        assert_eq!(
            values(&subtract(&a1(vec![0u8]), &a1(vec![1u8])).unwrap()),
            vec![255.0]
        );
        assert_eq!(
            values(&multiply(&a1(vec![i64::MAX]), &a1(vec![2i64])).unwrap()),
            vec![-2.0]
        );
        assert_eq!(
            values(&negative(&a1(vec![-128i8, 5])).unwrap()),
            vec![-128.0, -5.0]
        );
        assert_eq!(values(&negative(&a1(vec![1u16])).unwrap()), vec![65535.0]);
        assert_eq!(
            values(&abs(&a1(vec![-128i8, -3, 3])).unwrap()),
            vec![-128.0, 3.0, 3.0]
        );
        assert_eq!(
            values(&square(&a1(vec![16u8, 15])).unwrap()),
            vec![0.0, 225.0]
        );
        assert_eq!(
            values(&sign(&a1(vec![-9i32, 0, 4])).unwrap()),
            vec![-1.0, 0.0, 1.0]
        );
        assert_eq!(values(&positive(&a1(vec![7u32])).unwrap()), vec![7.0]);
        let m = maximum(&a1(vec![-1i16, 5]), &a1(vec![3u8, 2])).unwrap();
        assert_eq!((m.dtype(), values(&m)), (DType::Int16, vec![3.0, 5.0]));
        assert_eq!(
            values(&minimum(&a1(vec![-1i16, 5]), &a1(vec![3i16, 2])).unwrap()),
            vec![-1.0, 2.0]
        );
    }

    #[test]
    fn integer_floor_divide_and_remainder() {
        let x1 = a1(vec![7i32, -7, 7, -7, 5, i32::MIN]);
        let x2 = a1(vec![2i32, 2, -2, -2, 0, -1]);
        assert_eq!(
            values(&floor_divide(&x1, &x2).unwrap()),
            vec![3.0, -4.0, -4.0, 3.0, 0.0, i32::MIN as f64]
        );
        assert_eq!(
            values(&remainder(&x1, &x2).unwrap()),
            vec![1.0, 1.0, -1.0, -1.0, 0.0, 0.0]
        );
        // Broadcast against a 0-d divisor.
        let q = floor_divide(&a1(vec![9u8, 10, 11]), &AnyArray::scalar(5u8)).unwrap();
        assert_eq!((q.dtype(), values(&q)), (DType::UInt8, vec![1.0, 2.0, 2.0]));
        let f = floor_divide(&a1(vec![-7.5f64, 1.0]), &a1(vec![2.0f64, -0.0])).unwrap();
        assert!(same(&values(&f), &[-4.0, f64::NEG_INFINITY]));
        let r = remainder(
            &a1(vec![-7.5f32, 5.0]),
            &a1(vec![2.0f32, f32::NEG_INFINITY]),
        )
        .unwrap();
        assert!(same(&values(&r), &[0.5, f64::NEG_INFINITY]));
    }

    #[test]
    fn pow_of_integers_and_floats() {
        let p = pow(&a1(vec![2i32, 3, -2, 0]), &a1(vec![3i32, 2, 3, 0])).unwrap();
        assert_eq!(
            (p.dtype(), values(&p)),
            (DType::Int32, vec![8.0, 9.0, -8.0, 1.0])
        );
        assert_eq!(
            values(&pow(&a1(vec![2u8]), &a1(vec![9u8])).unwrap()),
            vec![0.0]
        );
        assert!(invalid(pow(&a1(vec![2i32, 2]), &a1(vec![1i32, -1]))));
        assert!(invalid(pow(&a1(vec![2i8]), &a1(vec![-1i8]))));
        // A negative exponent that meets no base (empty broadcast) is fine.
        let empty = AnyArray::from(ArrayD::<i8>::zeros(IxDyn(&[0])));
        assert_eq!(pow(&empty, &a1(vec![-1i8])).unwrap().shape(), &[0]);
        let f = pow(
            &a1(vec![-8.0f64, 4.0, f64::NAN]),
            &a1(vec![1.0 / 3.0, 0.5, 0.0]),
        )
        .unwrap();
        assert!(same(&values(&f), &[f64::NAN, 2.0, 1.0]));
    }

    #[test]
    fn rounding_keeps_integers_and_ties_to_even() {
        let r = round(&a1(vec![0.5f64, 1.5, 2.5, -0.5, -2.5, 2.4999999999999996])).unwrap();
        assert!(same(&values(&r), &[0.0, 2.0, 2.0, -0.0, -2.0, 2.0]));
        let r32 = round(&a1(vec![3.5f32, -3.5])).unwrap();
        assert_eq!(
            (r32.dtype(), values(&r32)),
            (DType::Float32, vec![4.0, -4.0])
        );
        for f in [ceil, floor, round, trunc] {
            let i = f(&a1(vec![-3i64, 7])).unwrap();
            assert_eq!((i.dtype(), values(&i)), (DType::Int64, vec![-3.0, 7.0]));
        }
        assert!(same(
            &values(&ceil(&a1(vec![-0.5f64, 1.2])).unwrap()),
            &[-0.0, 2.0]
        ));
        assert!(same(
            &values(&floor(&a1(vec![-0.5f64, 1.2])).unwrap()),
            &[-1.0, 1.0]
        ));
        assert!(same(
            &values(&trunc(&a1(vec![-0.5f64, 1.7])).unwrap()),
            &[-0.0, 1.0]
        ));
    }

    #[test]
    fn comparisons_logical_and_bitwise() {
        let nan = f64::NAN;
        let x1 = a1(vec![1.0f64, nan, 2.0, -0.0]);
        let x2 = a1(vec![1.0f64, nan, 3.0, 0.0]);
        assert_eq!(values(&equal(&x1, &x2).unwrap()), vec![1.0, 0.0, 0.0, 1.0]);
        assert_eq!(
            values(&not_equal(&x1, &x2).unwrap()),
            vec![0.0, 1.0, 1.0, 0.0]
        );
        assert_eq!(
            values(&greater_equal(&x1, &x2).unwrap()),
            vec![1.0, 0.0, 0.0, 1.0]
        );
        assert_eq!(values(&less(&x1, &x2).unwrap()), vec![0.0, 0.0, 1.0, 0.0]);
        let g = greater(&a1(vec![-1i8, 200u8 as i8]), &a1(vec![255u8, 0])).unwrap();
        assert_eq!(values(&g), vec![0.0, 0.0]);
        let (t, f) = (true, false);
        let (p, q) = (a1(vec![t, t, f, f]), a1(vec![t, f, t, f]));
        assert_eq!(
            values(&logical_and(&p, &q).unwrap()),
            vec![1.0, 0.0, 0.0, 0.0]
        );
        assert_eq!(
            values(&logical_or(&p, &q).unwrap()),
            vec![1.0, 1.0, 1.0, 0.0]
        );
        assert_eq!(
            values(&logical_xor(&p, &q).unwrap()),
            vec![0.0, 1.0, 1.0, 0.0]
        );
        assert_eq!(values(&logical_not(&p).unwrap()), vec![0.0, 0.0, 1.0, 1.0]);
        assert_eq!(
            values(&bitwise_xor(&p, &q).unwrap()),
            vec![0.0, 1.0, 1.0, 0.0]
        );
        let b = bitwise_and(&a1(vec![0b1100u8]), &a1(vec![0b1010i8])).unwrap();
        assert_eq!((b.dtype(), values(&b)), (DType::Int16, vec![8.0]));
        assert_eq!(
            values(&bitwise_or(&a1(vec![0b1100u8]), &a1(vec![0b1010u8])).unwrap()),
            vec![14.0]
        );
        assert_eq!(
            values(&bitwise_invert(&a1(vec![0i8, 5])).unwrap()),
            vec![-1.0, -6.0]
        );
        assert_eq!(
            values(&bitwise_invert(&a1(vec![0u8])).unwrap()),
            vec![255.0]
        );
        assert_eq!(values(&bitwise_invert(&a1(vec![true])).unwrap()), vec![0.0]);
    }

    #[test]
    fn shifts_through_arrays() {
        let l = bitwise_left_shift(&a1(vec![1i8, 1, 1, -1]), &a1(vec![3u8, 7, 8, 1])).unwrap();
        // int8 with uint8 promotes to int16: no wrap at 8 bits.
        assert_eq!(
            (l.dtype(), values(&l)),
            (DType::Int16, vec![8.0, 128.0, 256.0, -2.0])
        );
        let l8 = bitwise_left_shift(&a1(vec![1i8, 1, 1]), &a1(vec![7i8, 8, -1])).unwrap();
        assert_eq!(values(&l8), vec![-128.0, 0.0, 0.0]);
        let r = bitwise_right_shift(&a1(vec![-16i32, -16, 16, 16]), &a1(vec![2i32, 40, 2, 40]))
            .unwrap();
        assert_eq!(values(&r), vec![-4.0, -1.0, 4.0, 0.0]);
        let ru = bitwise_right_shift(&a1(vec![0x80u8]), &a1(vec![7u8])).unwrap();
        assert_eq!(values(&ru), vec![1.0]);
    }

    #[test]
    fn float_functions_in_their_own_precision() {
        let xs = vec![0.3f32, 1.7, -2.9, 10.5, 1e-3];
        let x = a1(xs.clone());
        let check = |f: fn(&AnyArray) -> ApiResult<AnyArray>, g: fn(f32) -> f32| {
            let out = f(&x).unwrap();
            assert_eq!(out.dtype(), DType::Float32);
            let got: Vec<u32> = out
                .as_typed::<f32>()
                .unwrap()
                .iter()
                .map(|v| v.to_bits())
                .collect();
            let want: Vec<u32> = xs.iter().map(|&v| g(v).to_bits()).collect();
            assert_eq!(got, want);
        };
        check(sin, f32::sin);
        check(exp, f32::exp);
        check(expm1, f32::exp_m1);
        check(log1p, f32::ln_1p);
        check(tanh, f32::tanh);
        check(atan, f32::atan);
        check(reciprocal, |v| 1.0 / v);
        let h = hypot(&a1(vec![3.0f32]), &a1(vec![4.0f32])).unwrap();
        assert_eq!((h.dtype(), values(&h)), (DType::Float32, vec![5.0]));
        let c = copysign(&a1(vec![2.0f64, f64::NAN]), &a1(vec![-0.0f64, -1.0])).unwrap();
        let cv = values(&c);
        assert_eq!(cv[0], -2.0);
        assert!(cv[1].is_nan() && cv[1].is_sign_negative());
        let n = nextafter(&a1(vec![1.0f32]), &a1(vec![2.0f32])).unwrap();
        assert_eq!(n.as_typed::<f32>().unwrap()[[0]], 1.0 + f32::EPSILON);
        let lae = logaddexp(&a1(vec![0.0f64]), &a1(vec![0.0f64])).unwrap();
        assert!((values(&lae)[0] - std::f64::consts::LN_2).abs() < 1e-15);
        let sb = signbit(&a1(vec![-0.0f32, 0.0, -f32::NAN, -1.0])).unwrap();
        assert_eq!(values(&sb), vec![1.0, 0.0, 1.0, 1.0]);
        let sg = sign(&a1(vec![-0.0f64, f64::NAN, -3.0, 0.5])).unwrap();
        assert!(same(&values(&sg), &[-0.0, f64::NAN, -1.0, 1.0]));
        let mx = maximum(
            &a1(vec![f64::NAN, -0.0, 1.0]),
            &a1(vec![1.0f64, 0.0, f64::NAN]),
        )
        .unwrap();
        assert!(same(&values(&mx), &[f64::NAN, 0.0, f64::NAN]));
    }

    #[test]
    fn clip_broadcasts_and_propagates_nan() {
        let x = a1(vec![-2.0f64, 0.5, 3.0]);
        let lo = AnyArray::from(arr2(&[[0.0f64], [-5.0]]).into_dyn());
        let hi = AnyArray::scalar(1.0f64);
        let c = clip(&x, Some(&lo), Some(&hi)).unwrap();
        assert_eq!(c.shape(), &[2, 3]);
        assert!(c.is_standard_layout());
        assert_eq!(values(&c), vec![0.0, 0.5, 1.0, -2.0, 0.5, 1.0]);
        assert_eq!(
            values(&clip(&x, None, Some(&hi)).unwrap()),
            vec![-2.0, 0.5, 1.0]
        );
        assert_eq!(values(&clip(&x, None, None).unwrap()), vec![-2.0, 0.5, 3.0]);
        // min > max gives max.
        let inverted = clip(&x, Some(&AnyArray::scalar(2.0f64)), Some(&hi)).unwrap();
        assert_eq!(values(&inverted), vec![1.0, 1.0, 1.0]);
        let nan = f64::NAN;
        let n = clip(
            &a1(vec![nan, 1.0, 1.0]),
            Some(&a1(vec![0.0, nan, 0.0])),
            Some(&a1(vec![2.0, 2.0, nan])),
        )
        .unwrap();
        assert!(values(&n).iter().all(|v| v.is_nan()));
        let i = clip(
            &a1(vec![-5i16, 5, 50]),
            Some(&AnyArray::scalar(0i16)),
            Some(&AnyArray::scalar(10i16)),
        )
        .unwrap();
        assert_eq!(
            (i.dtype(), values(&i)),
            (DType::Int16, vec![0.0, 5.0, 10.0])
        );
        assert!(invalid(clip(
            &a1(vec![1i16]),
            Some(&AnyArray::scalar(0i32)),
            None
        )));
        assert!(invalid(clip(&a1(vec![true]), None, None)));
        assert!(invalid(clip(
            &a1(vec![1.0f64, 2.0]),
            Some(&a1(vec![0.0f64, 0.0, 0.0])),
            None
        )));
        let e = AnyArray::from(ArrayD::<f32>::zeros(IxDyn(&[0])));
        assert_eq!(
            clip(&e, Some(&AnyArray::scalar(0.0f32)), None)
                .unwrap()
                .shape(),
            &[0]
        );
    }
}
