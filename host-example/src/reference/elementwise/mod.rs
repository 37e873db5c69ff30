//! Elementwise functions of the reference: every function of the
//! `elementwise` group (`abs` ... `trunc`, with `clip`).
//!
//! The machinery is written once: [`map_c`] and [`zip_c`] apply a kernel to
//! every element (or broadcast pair) in logical C order and return a fresh
//! C-ordered array, whatever the inputs' memory layout; the
//! [`unary_functions!`] and [`binary_functions!`] tables list, for each
//! function, the input kinds it accepts and one kernel per kind (`bool`,
//! integer, float), and the macros write the dtype dispatch.
//!
//! Semantics:
//! - input dtypes as `spec/functions.tsv` gives them; a dtype outside them,
//!   or two dtypes the standard does not promote (`bool` with a number,
//!   integer with float, signed integer with `uint64`), is an
//!   [`ApiError::InvalidArgument`]; binary operands broadcast and are
//!   promoted by [`promotion::promote`] before the kernel runs;
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
//!   (or -1 for a right shift of a negative value) — see [`kernels`];
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

mod kernels;
#[cfg(test)]
mod spec_grid;

use std::borrow::Cow;

use conformance_strategies::{AnyArray, ArrayElement, DType};
use ndarray::{ArrayD, ArrayViewD, IxDyn};

use self::kernels::{FloatOps, IntOps, MaybeNan};
use super::data_type::cast;
use super::promotion;
use super::shape::broadcast_shapes;
use crate::api::{ApiError, ApiResult, Ops};

/// The elementwise functions.
pub fn ops() -> Ops {
    let ops = Ops {
        clip: Some(clip),
        ..Ops::NONE
    };
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

/// The input dtypes a function accepts (`functions.tsv`'s `input_dtypes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Accepts {
    Any,
    /// Integers and floats ("numeric" and "real-valued": no complex here).
    Numeric,
    Float,
    Integer,
    IntegerOrBool,
    Bool,
}

impl Accepts {
    fn admits(self, d: DType) -> bool {
        match self {
            Accepts::Any => true,
            Accepts::Numeric => d.is_numeric(),
            Accepts::Float => d.is_float(),
            Accepts::Integer => d.is_integer(),
            Accepts::IntegerOrBool => d.is_integer() || d.is_bool(),
            Accepts::Bool => d.is_bool(),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Accepts::Any => "any",
            Accepts::Numeric => "a numeric",
            Accepts::Float => "a floating-point",
            Accepts::Integer => "an integer",
            Accepts::IntegerOrBool => "an integer or boolean",
            Accepts::Bool => "a boolean",
        }
    }
}

fn check_kind(function: &'static str, accepts: Accepts, dtype: DType) -> ApiResult<()> {
    if accepts.admits(dtype) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            function,
            format!("expects {} dtype, got {dtype}", accepts.describe()),
        ))
    }
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

/// Checks both operands' kinds, promotes them and broadcasts their shapes.
fn operands<'a>(
    function: &'static str,
    accepts: Accepts,
    x1: &'a AnyArray,
    x2: &'a AnyArray,
) -> ApiResult<Operands<'a>> {
    check_kind(function, accepts, x1.dtype())?;
    check_kind(function, accepts, x2.dtype())?;
    let dtype = promotion::promote(x1.dtype(), x2.dtype()).ok_or_else(|| {
        ApiError::invalid(
            function,
            format!(
                "the standard does not define the promotion of {} with {}",
                x1.dtype(),
                x2.dtype()
            ),
        )
    })?;
    let shape = broadcast_shapes(function, &[x1.shape(), x2.shape()])?;
    Ok(Operands {
        x1: to_dtype(x1, dtype),
        x2: to_dtype(x2, dtype),
        shape,
    })
}

/// `nextafter`'s operands must share one dtype.
fn same_dtype(
    function: &'static str,
    p: &Operands<'_>,
    x1: &AnyArray,
    x2: &AnyArray,
) -> ApiResult<()> {
    let _ = p;
    if x1.dtype() == x2.dtype() {
        Ok(())
    } else {
        Err(ApiError::invalid(
            function,
            format!(
                "x2 must have x1's dtype ({}), got {}",
                x1.dtype(),
                x2.dtype()
            ),
        ))
    }
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
/// `name: Accepts { bool: kernel, int: kernel, float: kernel }`, each kernel
/// optional (a closure of one element), and `unary_ops`, which sets them.
/// It also lists them in `UNARY` for the tests.
macro_rules! unary_functions {
    ($(
        $(#[$doc:meta])*
        $name:ident : $accepts:ident { $(bool: $b:expr,)? $(int: $i:expr,)? $(float: $f:expr,)? }
    )*) => {
        $(
            $(#[$doc])*
            pub fn $name(x: &AnyArray) -> ApiResult<AnyArray> {
                check_kind(stringify!($name), Accepts::$accepts, x.dtype())?;
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
                };
                Ok(out)
            }
        )*

        fn unary_ops(base: Ops) -> Ops {
            Ops { $($name: Some($name),)* ..base }
        }

        #[cfg(test)]
        pub(crate) const UNARY: &[(&str, fn(&AnyArray) -> ApiResult<AnyArray>)] =
            &[$((stringify!($name), $name),)*];
    };
}

/// Writes `pub fn name(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray>`
/// for each row: `name: Accepts [check hook] { bool: kernel, int: kernel,
/// float: kernel }` with kernels closures of two elements of the promoted
/// dtype, and `binary_ops`, which sets them. It also lists them in `BINARY`
/// for the tests.
macro_rules! binary_functions {
    ($(
        $(#[$doc:meta])*
        $name:ident : $accepts:ident $([$check:path])? { $(bool: $b:expr,)? $(int: $i:expr,)? $(float: $f:expr,)? }
    )*) => {
        $(
            $(#[$doc])*
            pub fn $name(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
                let p = operands(stringify!($name), Accepts::$accepts, x1, x2)?;
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
                    _ => unreachable!("both operands were promoted to one dtype"),
                };
                Ok(out)
            }
        )*

        fn binary_ops(base: Ops) -> Ops {
            Ops { $($name: Some($name),)* ..base }
        }

        #[cfg(test)]
        pub(crate) const BINARY: &[(&str, fn(&AnyArray, &AnyArray) -> ApiResult<AnyArray>)] =
            &[$((stringify!($name), $name),)*];
    };
}

unary_functions! {
    abs: Numeric { int: IntOps::abs_, float: |v| v.abs(), }
    acos: Float { float: |v| v.acos(), }
    acosh: Float { float: |v| v.acosh(), }
    asin: Float { float: |v| v.asin(), }
    asinh: Float { float: |v| v.asinh(), }
    atan: Float { float: |v| v.atan(), }
    atanh: Float { float: |v| v.atanh(), }
    bitwise_invert: IntegerOrBool { bool: |v: bool| !v, int: |v| !v, }
    ceil: Numeric { int: |v| v, float: |v| v.ceil(), }
    cos: Float { float: |v| v.cos(), }
    cosh: Float { float: |v| v.cosh(), }
    exp: Float { float: |v| v.exp(), }
    expm1: Float { float: |v| v.exp_m1(), }
    floor: Numeric { int: |v| v, float: |v| v.floor(), }
    isfinite: Numeric { int: |_| true, float: |v| v.is_finite(), }
    isinf: Numeric { int: |_| false, float: |v| v.is_infinite(), }
    isnan: Numeric { int: |_| false, float: |v| v.is_nan(), }
    log: Float { float: |v| v.ln(), }
    log1p: Float { float: |v| v.ln_1p(), }
    log2: Float { float: |v| v.log2(), }
    log10: Float { float: |v| v.log10(), }
    logical_not: Bool { bool: |v: bool| !v, }
    negative: Numeric { int: |v| v.wrapping_neg(), float: |v| -v, }
    positive: Numeric { int: |v| v, float: |v| v, }
    reciprocal: Float { float: |v| 1.0 / v, }
    round: Numeric { int: |v| v, float: |v| v.round_ties_even(), }
    sign: Numeric { int: IntOps::sign_, float: FloatOps::sign_, }
    signbit: Float { float: |v| v.is_sign_negative(), }
    sin: Float { float: |v| v.sin(), }
    sinh: Float { float: |v| v.sinh(), }
    sqrt: Float { float: |v| v.sqrt(), }
    square: Numeric { int: |v| v.wrapping_mul(v), float: |v| v * v, }
    tan: Float { float: |v| v.tan(), }
    tanh: Float { float: |v| v.tanh(), }
    trunc: Numeric { int: |v| v, float: |v| v.trunc(), }
}

binary_functions! {
    add: Numeric { int: |a, b| a.wrapping_add(b), float: |a, b| a + b, }
    atan2: Float { float: |a, b| a.atan2(b), }
    bitwise_and: IntegerOrBool { bool: |a, b| a & b, int: |a, b| a & b, }
    bitwise_left_shift: Integer { int: IntOps::shl_, }
    bitwise_or: IntegerOrBool { bool: |a, b| a | b, int: |a, b| a | b, }
    bitwise_right_shift: Integer { int: IntOps::shr_, }
    bitwise_xor: IntegerOrBool { bool: |a, b| a ^ b, int: |a, b| a ^ b, }
    copysign: Float { float: |a, b| a.copysign(b), }
    divide: Float { float: |a, b| a / b, }
    equal: Any { bool: |a, b| a == b, int: |a, b| a == b, float: |a, b| a == b, }
    floor_divide: Numeric { int: IntOps::floor_div_, float: FloatOps::floor_div_, }
    greater: Numeric { int: |a, b| a > b, float: |a, b| a > b, }
    greater_equal: Numeric { int: |a, b| a >= b, float: |a, b| a >= b, }
    hypot: Float { float: |a, b| a.hypot(b), }
    less: Numeric { int: |a, b| a < b, float: |a, b| a < b, }
    less_equal: Numeric { int: |a, b| a <= b, float: |a, b| a <= b, }
    logaddexp: Float { float: FloatOps::logaddexp_, }
    logical_and: Bool { bool: |a, b| a && b, }
    logical_or: Bool { bool: |a, b| a || b, }
    logical_xor: Bool { bool: |a, b| a ^ b, }
    maximum: Numeric { int: |a, b| a.max(b), float: FloatOps::maximum_, }
    minimum: Numeric { int: |a, b| a.min(b), float: FloatOps::minimum_, }
    multiply: Numeric { int: |a, b| a.wrapping_mul(b), float: |a, b| a * b, }
    nextafter: Float [same_dtype] { float: FloatOps::nextafter_, }
    not_equal: Any { bool: |a, b| a != b, int: |a, b| a != b, float: |a, b| a != b, }
    pow: Numeric [non_negative_exponent] { int: IntOps::pow_, float: |a, b| a.powf(b), }
    remainder: Numeric { int: IntOps::rem_, float: FloatOps::rem_, }
    subtract: Numeric { int: |a, b| a.wrapping_sub(b), float: |a, b| a - b, }
}

/// `x` clamped to `[min, max]`, all three broadcast together; NaN in any of
/// them gives NaN; where `min > max` the result is `max`.
pub fn clip(x: &AnyArray, min: Option<&AnyArray>, max: Option<&AnyArray>) -> ApiResult<AnyArray> {
    const NAME: &str = "clip";
    check_kind(NAME, Accepts::Numeric, x.dtype())?;
    for bound in [min, max].into_iter().flatten() {
        if bound.dtype() != x.dtype() {
            return Err(ApiError::invalid(
                NAME,
                format!(
                    "min and max must have x's dtype ({}), got {}",
                    x.dtype(),
                    bound.dtype()
                ),
            ));
        }
    }
    let mut shapes = vec![x.shape()];
    shapes.extend([min, max].into_iter().flatten().map(|b| b.shape()));
    let shape = broadcast_shapes(NAME, &shapes)?;

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
    })
}
