//! The elementwise functions of the `parallel` backend: every function of
//! the `elementwise` group.
//!
//! One machinery serves them all. A unary function reads its input in
//! logical C order (any layout) and applies its kernel in the same pass
//! ([`tensor::gather`]); a binary function has its operands checked,
//! promoted and broadcast by the standard's rules, widens each operand to
//! the promoted dtype in C order and walks the broadcast output
//! ([`tensor::zip_broadcast`]). Both run in parallel chunks on large
//! arrays. The [`unary_table!`] and [`binary_table!`] tables list, once per
//! function, its kernel for each dtype kind it takes (`bool`, integer,
//! float); the integer and float kernels that are more than an operator are
//! the [`IntKernels`] and [`FloatKernels`] traits below.
//!
//! What is shared, and why the rest is not. The standard's rules are not
//! this backend's to restate: which dtypes a function takes and how a binary
//! function's operands are promoted and broadcast are
//! [`array_api::elementwise`]'s, and the float definitions that have one
//! right answer (Python's floor division and remainder, `maximum`,
//! `minimum`, `sign`, `nextafter`) are [`array_api::float`]'s, shared with
//! the reference and the special-case table. The kernels are this backend's
//! own, even where a row reads like the reference's (`|v| v.sin()`: both
//! call Rust's libm): how a backend computes is what the checks test, and a
//! kernel taken from the reference would be the reference compared with
//! itself. So the walkers, the integer kernels (floor division, remainder,
//! powers and shifts, written independently) and `logaddexp` (an
//! approximation, not a definition) stay here.
//!
//! Semantics (the reference's, which follows the standard and documents its
//! choices where the standard is silent): an operand dtype outside the
//! function's kinds, or a pair the standard does not promote, is an
//! `InvalidArgument`; so is `divide` of integers, integer `pow` with a
//! negative exponent (unless the result is empty) and `nextafter` of two
//! dtypes. Integer arithmetic wraps; integer `floor_divide`/`remainder` by
//! zero give 0; shifts by a negative amount or the bit width or more give 0
//! (-1 for a right shift of a negative value). Float results are computed in
//! the dtype's own precision with the standard's special cases: `maximum`
//! and `minimum` propagate NaN and order `-0 < +0`, `sign` keeps a zero's
//! sign, `floor_divide` and `remainder` are Python's, `round` is half to
//! even.
//!
//! [`tensor::gather`]: super::tensor::gather
//! [`tensor::zip_broadcast`]: super::tensor::zip_broadcast

use std::borrow::Cow;

use conformance_strategies::{AnyArray, ArrayElement, Complex, DType};
use ndarray::{ArrayD, IxDyn};

use super::paths::{self, Path};
use super::tensor::{c_order, gather, is_large, operand, zip_broadcast, Elem, Operand};
use array_api::api::{ApiError, ApiResult, Ops};
use array_api::elementwise;

/// The elementwise functions.
pub(crate) fn ops() -> Ops {
    let own = Ops::NONE.clip(clip);
    binary_ops(unary_ops(own))
}

/// `f` of every element of `a`, as a C-ordered array of `a`'s shape.
///
/// Kernels are `fn` pointers (the table's closures capture nothing), so the
/// machinery is compiled once per pair of dtypes rather than once per
/// kernel and dtype.
fn map_any<T, U>(a: &ArrayD<T>, f: fn(T) -> U) -> AnyArray
where
    T: Operand,
    U: ArrayElement,
{
    paths::entered(Path::Elementwise, is_large(a.len()));
    let data = gather(&a.view(), f);
    U::wrap(ArrayD::from_shape_vec(a.raw_dim(), data).expect("one value per element"))
}

/// `f` of every pair of `x1` and `x2`, both widened to `T` and broadcast to
/// `shape`.
fn zip_any<T, U>(x1: &AnyArray, x2: &AnyArray, shape: &[usize], f: fn(T, T) -> U) -> AnyArray
where
    T: Operand,
    U: ArrayElement,
{
    let (a, b) = (operand::<T>(x1), operand::<T>(x2));
    paths::entered(Path::Elementwise, is_large(shape.iter().product()));
    let data = zip_broadcast((&a, x1.shape()), (&b, x2.shape()), shape, f);
    U::wrap(ArrayD::from_shape_vec(IxDyn(shape), data).expect("one value per element"))
}

/// Integer `pow` refuses a negative exponent (when there is a result).
fn non_negative_exponent(
    function: &'static str,
    _x1: &AnyArray,
    x2: &AnyArray,
    shape: &[usize],
) -> ApiResult<()> {
    if !x2.dtype().is_signed_integer() || shape.iter().product::<usize>() == 0 {
        return Ok(());
    }
    let negative = conformance_strategies::with_real_array!(x2, a => {
        let values = c_order(a.view());
        values.iter().any(|&v| v.to_i128() < 0)
    }, else false);
    if negative {
        Err(ApiError::invalid(
            function,
            "an integer to a negative integer power is not an integer",
        ))
    } else {
        Ok(())
    }
}

/// A kernel of two operands of one type.
type Kernel2<T> = fn(T, T) -> T;

/// `x` raised to `low` where below it; a NaN `low` is the result.
fn raise_to<T: Elem>(x: T, low: T) -> T {
    if low.is_nan() || x < low {
        low
    } else {
        x
    }
}

/// `x` lowered to `high` where above it; a NaN `x` (the first pass's NaN,
/// or `x`'s own) stays, then a NaN `high` is the result.
fn lower_to<T: Elem>(x: T, high: T) -> T {
    if x.is_nan() {
        x
    } else if high.is_nan() || x > high {
        high
    } else {
        x
    }
}

/// `x` with each element clamped to `[min, max]` (either bound optional,
/// both of `x`'s dtype), the three broadcast together: `min` first, then
/// `max`, so where `min > max` the result is `max`; a NaN in `x`, `min` or
/// `max` gives NaN. Two passes of the broadcast walker.
pub(crate) fn clip(
    x: &AnyArray,
    min: Option<&AnyArray>,
    max: Option<&AnyArray>,
) -> ApiResult<AnyArray> {
    let shape = elementwise::clip_shape(x, min, max)?;

    fn typed<T: Elem>(
        x: &AnyArray,
        min: Option<&AnyArray>,
        max: Option<&AnyArray>,
        shape: &[usize],
    ) -> AnyArray {
        // Each pass leaves an operand of the full shape for the next.
        let mut current: (Cow<'_, [T]>, &[usize]) = (operand::<T>(x), x.shape());
        for (bound, kernel) in [(min, raise_to::<T> as Kernel2<T>), (max, lower_to::<T>)] {
            if let Some(b) = bound {
                let values = zip_broadcast(
                    (&current.0, current.1),
                    (&operand::<T>(b), b.shape()),
                    shape,
                    kernel,
                );
                current = (Cow::Owned(values), shape);
            }
        }
        // After a pass, or with no bound (x alone is its own broadcast), the
        // values have the result's shape.
        debug_assert_eq!(current.1, shape);
        let values = current.0.into_owned();
        T::wrap(ArrayD::from_shape_vec(IxDyn(shape), values).expect("one value per element"))
    }

    Ok(match x.dtype() {
        DType::Int8 => typed::<i8>(x, min, max, &shape),
        DType::Int16 => typed::<i16>(x, min, max, &shape),
        DType::Int32 => typed::<i32>(x, min, max, &shape),
        DType::Int64 => typed::<i64>(x, min, max, &shape),
        DType::UInt8 => typed::<u8>(x, min, max, &shape),
        DType::UInt16 => typed::<u16>(x, min, max, &shape),
        DType::UInt32 => typed::<u32>(x, min, max, &shape),
        DType::UInt64 => typed::<u64>(x, min, max, &shape),
        DType::Float32 => typed::<f32>(x, min, max, &shape),
        DType::Float64 => typed::<f64>(x, min, max, &shape),
        DType::Bool | DType::Complex64 | DType::Complex128 => {
            unreachable!("{} was refused", x.dtype())
        }
    })
}

/// Integer kernels, for the signed and the unsigned types.
pub(crate) trait IntKernels: Copy {
    /// `|x|`; the minimum signed value is its own absolute value (wraps).
    fn abs_(self) -> Self;
    /// -1, 0 or 1.
    fn sign_(self) -> Self;
    /// `x1 // x2` rounded toward negative infinity; 0 for `x2 == 0`.
    fn floor_div_(self, d: Self) -> Self;
    /// `x1 % x2` with the sign of `x2`; 0 for `x2 == 0`.
    fn rem_(self, d: Self) -> Self;
    /// `x1 ** x2` by squaring, wrapping; `x2 >= 0` (checked before).
    fn pow_(self, e: Self) -> Self;
    fn shl_(self, s: Self) -> Self;
    fn shr_(self, s: Self) -> Self;
}

/// The shift amount when it is within `0..bits`.
fn shift_amount(s: i128, bits: u32) -> Option<u32> {
    (0..i128::from(bits)).contains(&s).then_some(s as u32)
}

macro_rules! int_kernels {
    (signed: $($s:ty),*; unsigned: $($u:ty),*) => {
        $(impl IntKernels for $s {
            fn abs_(self) -> Self { self.wrapping_abs() }
            fn sign_(self) -> Self { self.signum() }
            fn floor_div_(self, d: Self) -> Self {
                if d == 0 {
                    return 0;
                }
                let (q, r) = (self.wrapping_div(d), self.wrapping_rem(d));
                // Truncation rounded toward zero; step down when the exact
                // quotient was negative and not whole.
                if r != 0 && (r ^ d) < 0 { q.wrapping_sub(1) } else { q }
            }
            fn rem_(self, d: Self) -> Self {
                if d == 0 {
                    return 0;
                }
                let r = self.wrapping_rem(d);
                if r != 0 && (r ^ d) < 0 { r.wrapping_add(d) } else { r }
            }
            fn pow_(self, e: Self) -> Self { wrapping_pow_u64(self, e as u64, <$s>::wrapping_mul, 1) }
            fn shl_(self, s: Self) -> Self {
                shift_amount(i128::from(s), <$s>::BITS).map_or(0, |k| self << k)
            }
            fn shr_(self, s: Self) -> Self {
                shift_amount(i128::from(s), <$s>::BITS).map_or(if self < 0 { -1 } else { 0 }, |k| self >> k)
            }
        })*
        $(impl IntKernels for $u {
            fn abs_(self) -> Self { self }
            fn sign_(self) -> Self { Self::from(self != 0) }
            fn floor_div_(self, d: Self) -> Self { self.checked_div(d).unwrap_or(0) }
            fn rem_(self, d: Self) -> Self { self.checked_rem(d).unwrap_or(0) }
            fn pow_(self, e: Self) -> Self { wrapping_pow_u64(self, e as u64, <$u>::wrapping_mul, 1) }
            fn shl_(self, s: Self) -> Self {
                shift_amount(i128::from(s), <$u>::BITS).map_or(0, |k| self << k)
            }
            fn shr_(self, s: Self) -> Self {
                shift_amount(i128::from(s), <$u>::BITS).map_or(0, |k| self >> k)
            }
        })*
    };
}

int_kernels!(signed: i8, i16, i32, i64; unsigned: u8, u16, u32, u64);

/// `base ** e` by binary exponentiation with a wrapping multiplication.
fn wrapping_pow_u64<T: Copy>(base: T, mut e: u64, mul: fn(T, T) -> T, one: T) -> T {
    let (mut acc, mut square) = (one, base);
    while e != 0 {
        if e & 1 == 1 {
            acc = mul(acc, square);
        }
        e >>= 1;
        if e != 0 {
            square = mul(square, square);
        }
    }
    acc
}

/// The float kernel beyond the standard library's and beyond the standard's
/// exact definitions (`array_api::float`), in the type's precision.
pub(crate) trait FloatKernels: Copy {
    /// `log(exp(x1) + exp(x2))` without overflow.
    fn logaddexp_(self, o: Self) -> Self;
}

macro_rules! float_kernels {
    ($($t:ident),*) => {$(
        impl FloatKernels for $t {
            fn logaddexp_(self, o: Self) -> Self {
                if self.is_nan() || o.is_nan() {
                    return self + o;
                }
                if self == o {
                    // Equal infinities too, where the difference is NaN.
                    return self + std::$t::consts::LN_2;
                }
                let (hi, lo) = if self > o { (self, o) } else { (o, self) };
                hi + (lo - hi).exp().ln_1p()
            }
        }
    )*};
}

float_kernels!(f32, f64);

/// The kernel of a kind, or `unreachable!` for a kind the function refuses.
macro_rules! kernel {
    () => {
        unreachable!("the dtype was checked against the function's kinds")
    };
    ($e:expr) => {
        $e
    };
}

/// One function per row, `name { bool: |v| .., int: |v| .., float: |v| ..
/// }`, a kernel for each kind of the dtypes `array_api::elementwise` says
/// the function takes, and `unary_ops` setting them.
macro_rules! unary_table {
    ($( $name:ident { $(bool: $b:expr,)? $(int: $i:expr,)? $(float: $f:expr,)? $(complex: $c:expr,)? } )*) => {
        $(
            pub(crate) fn $name(x: &AnyArray) -> ApiResult<AnyArray> {
                elementwise::check_dtype(stringify!($name), x.dtype())?;
                #[allow(unreachable_code, unused_variables)]
                let out = match x {
                    AnyArray::Bool(a) => kernel!($(map_any(a, $b))?),
                    AnyArray::Int8(a) => kernel!($(map_any(a, $i))?),
                    AnyArray::Int16(a) => kernel!($(map_any(a, $i))?),
                    AnyArray::Int32(a) => kernel!($(map_any(a, $i))?),
                    AnyArray::Int64(a) => kernel!($(map_any(a, $i))?),
                    AnyArray::UInt8(a) => kernel!($(map_any(a, $i))?),
                    AnyArray::UInt16(a) => kernel!($(map_any(a, $i))?),
                    AnyArray::UInt32(a) => kernel!($(map_any(a, $i))?),
                    AnyArray::UInt64(a) => kernel!($(map_any(a, $i))?),
                    AnyArray::Float32(a) => kernel!($(map_any(a, $f))?),
                    AnyArray::Float64(a) => kernel!($(map_any(a, $f))?),
                    AnyArray::Complex64(a) => kernel!($(map_any(a, $c))?),
                    AnyArray::Complex128(a) => kernel!($(map_any(a, $c))?),
                };
                Ok(out)
            }
        )*

        fn unary_ops(base: Ops) -> Ops {
            base$(.$name($name))*
        }

        /// Each unary function with the reference's of the same name.
        #[cfg(test)]
        pub(super) fn unary_pairs() -> Vec<(&'static str, Unary, Unary)> {
            let r = array_api_reference::ops();
            vec![$((stringify!($name), std::sync::Arc::new($name) as Unary, r.$name.clone().expect("the reference has it")),)*]
        }
    };
}

/// One function per row, `name [check] { bool: |a, b| .., int: |a, b| ..,
/// float: |a, b| .. }`, with kernels over the promoted dtype (one for each
/// kind the function takes) and an optional check of the operands, and
/// `binary_ops` setting them.
macro_rules! binary_table {
    ($( $name:ident $([$check:path])? { $(bool: $b:expr,)? $(int: $i:expr,)? $(float: $f:expr,)? $(complex: $c:expr,)? } )*) => {
        $(
            pub(crate) fn $name(x1: &AnyArray, x2: &AnyArray) -> ApiResult<AnyArray> {
                const F: &str = stringify!($name);
                let (dtype, shape) = elementwise::binary_operands(F, x1, x2)?;
                $($check(F, x1, x2, &shape)?;)?
                let s = &shape[..];
                #[allow(unreachable_code, unused_variables)]
                let out = match dtype {
                    DType::Bool => kernel!($(zip_any::<bool, _>(x1, x2, s, $b))?),
                    DType::Int8 => kernel!($(zip_any::<i8, _>(x1, x2, s, $i))?),
                    DType::Int16 => kernel!($(zip_any::<i16, _>(x1, x2, s, $i))?),
                    DType::Int32 => kernel!($(zip_any::<i32, _>(x1, x2, s, $i))?),
                    DType::Int64 => kernel!($(zip_any::<i64, _>(x1, x2, s, $i))?),
                    DType::UInt8 => kernel!($(zip_any::<u8, _>(x1, x2, s, $i))?),
                    DType::UInt16 => kernel!($(zip_any::<u16, _>(x1, x2, s, $i))?),
                    DType::UInt32 => kernel!($(zip_any::<u32, _>(x1, x2, s, $i))?),
                    DType::UInt64 => kernel!($(zip_any::<u64, _>(x1, x2, s, $i))?),
                    DType::Float32 => kernel!($(zip_any::<f32, _>(x1, x2, s, $f))?),
                    DType::Float64 => kernel!($(zip_any::<f64, _>(x1, x2, s, $f))?),
                    DType::Complex64 => kernel!($(zip_any::<Complex<f32>, _>(x1, x2, s, $c))?),
                    DType::Complex128 => kernel!($(zip_any::<Complex<f64>, _>(x1, x2, s, $c))?),
                };
                Ok(out)
            }
        )*

        fn binary_ops(base: Ops) -> Ops {
            base$(.$name($name))*
        }

        /// Each binary function with the reference's of the same name.
        #[cfg(test)]
        pub(super) fn binary_pairs() -> Vec<(&'static str, Binary, Binary)> {
            let r = array_api_reference::ops();
            vec![$((stringify!($name), std::sync::Arc::new($name) as Binary, r.$name.clone().expect("the reference has it")),)*]
        }
    };
}

#[cfg(test)]
type Unary = std::sync::Arc<dyn Fn(&AnyArray) -> ApiResult<AnyArray> + Send + Sync>;
#[cfg(test)]
type Binary = std::sync::Arc<dyn Fn(&AnyArray, &AnyArray) -> ApiResult<AnyArray> + Send + Sync>;

// The rows are the standard's per-element definitions, written once in
// `array_api`; this crate's macro turns them into its own functions.
array_api::unary_element_definitions!(unary_table);

// The rows are the standard's per-element definitions, written once in
// `array_api`; this crate's macro turns them into its own functions.
array_api::binary_element_definitions!(binary_table);

#[cfg(test)]
mod tests {
    use super::super::tensor::is_large;
    use super::super::testing::{
        array, assert_agree, exact, grid_for, layouts, per_function, tame, values,
    };
    use super::*;
    use conformance_strategies::{Domain, Tolerance, Tolerances};
    use ndarray::{Array, Axis};

    /// Functions whose float results are correctly rounded or exact (the
    /// rest are libm approximations, allowed a few ulps).
    const EXACT: &[&str] = &[
        "abs",
        "negative",
        "positive",
        "square",
        "sqrt",
        "floor",
        "ceil",
        "trunc",
        "round",
        "sign",
        "signbit",
        "isnan",
        "isinf",
        "isfinite",
        "reciprocal",
        "bitwise_invert",
        "logical_not",
        "add",
        "subtract",
        "multiply",
        "divide",
        "maximum",
        "minimum",
        "equal",
        "not_equal",
        "less",
        "less_equal",
        "greater",
        "greater_equal",
        "copysign",
        "nextafter",
        "floor_divide",
        "remainder",
        "bitwise_and",
        "bitwise_or",
        "bitwise_xor",
        "bitwise_left_shift",
        "bitwise_right_shift",
        "logical_and",
        "logical_or",
        "logical_xor",
    ];

    /// The exact functions exactly, the rest within 4 ulps.
    fn tolerances() -> Tolerances {
        let approximate = Tolerance::exact().with_ulps(4);
        EXACT.iter().fold(
            Tolerances::default()
                .with_dtype(DType::Float32, approximate)
                .with_dtype(DType::Float64, approximate),
            |t, name| t.with_function(name, None, Tolerance::exact()),
        )
    }

    #[test]
    fn every_elementwise_function_is_provided() {
        let ours = ops();
        let names: Vec<&str> = array_api::FUNCTIONS
            .iter()
            .filter(|f| f.group == "elementwise")
            .map(|f| f.name)
            .collect();
        for name in names {
            assert!(ours.implements(name), "{name}");
        }
        // The standard's elementwise functions but `clip` (its own file), with
        // `conj`, `real` and `imag`.
        assert_eq!(unary_pairs().len() + binary_pairs().len(), 66);
    }

    #[test]
    fn unary_functions_agree_on_every_dtype_and_layout() {
        let t = tolerances();
        for (name, ours, theirs) in unary_pairs() {
            for dtype in DType::ALL {
                let grid = grid_for(dtype);
                for x in layouts(&[3, grid.len()], &grid, dtype) {
                    let what = format!("{name}({dtype}, strides {:?})", x.strides());
                    assert_agree(&what, &ours(&x), &theirs(&x), per_function(&t, name));
                }
                let scalar = array(&[], &grid[grid.len() - 1..], dtype);
                assert_agree(
                    &format!("{name} 0-d {dtype}"),
                    &ours(&scalar),
                    &theirs(&scalar),
                    per_function(&t, name),
                );
                let empty = array(&[2, 0], &grid, dtype);
                assert_agree(
                    &format!("{name} empty {dtype}"),
                    &ours(&empty),
                    &theirs(&empty),
                    per_function(&t, name),
                );
            }
        }
    }

    #[test]
    fn binary_functions_agree_on_every_pair_of_grid_values() {
        let t = tolerances();
        // A column against a row: every pair, through broadcasting.
        for (name, ours, theirs) in binary_pairs() {
            for dtype in DType::ALL {
                let grid = grid_for(dtype);
                let n = grid.len();
                let column = array(&[n, 1], &grid, dtype);
                let row = array(&[n], &grid, dtype);
                let what = format!("{name}({dtype} column, {dtype} row)");
                assert_agree(
                    &what,
                    &ours(&column, &row),
                    &theirs(&column, &row),
                    per_function(&t, name),
                );
            }
        }
    }

    #[test]
    fn integer_pow_with_non_negative_exponents() {
        for dtype in [
            DType::Int8,
            DType::Int64,
            DType::UInt8,
            DType::UInt64,
            DType::Int32,
        ] {
            let base = array(
                &[9, 1],
                &[0.0, 1.0, -1.0, 2.0, -2.0, 3.0, 7.0, -128.0, 255.0],
                dtype,
            );
            let exponent = array(&[6], &[0.0, 1.0, 2.0, 7.0, 8.0, 63.0], dtype);
            let exponent = exponent.to_standard_layout();
            assert_agree(
                &format!("pow {dtype}"),
                &pow(&base, &exponent),
                &array_api_reference::backend().pow(&base, &exponent),
                exact,
            );
        }
        // A huge exponent goes through every bit.
        let big = AnyArray::scalar(u64::MAX);
        let three = AnyArray::scalar(3u64);
        assert_eq!(
            pow(&three, &big).unwrap().as_typed::<u64>().unwrap()[[]],
            wrapping_pow_u64(3u64, u64::MAX, u64::wrapping_mul, 1)
        );
        assert_eq!(
            pow(&AnyArray::scalar(-1i64), &AnyArray::scalar(i64::MAX)).unwrap(),
            AnyArray::scalar(-1i64)
        );
    }

    #[test]
    fn mixed_dtypes_promote_or_are_refused_like_the_reference() {
        let t = tolerances();
        for (name, ours, theirs) in binary_pairs() {
            for d1 in DType::ALL {
                for d2 in DType::ALL {
                    let x1 = array(&[2, 3], &[1.0, 2.0, 0.0, 7.0, 3.0, 1.0], d1);
                    let x2 = array(&[3], &[1.0, 5.0, 2.0], d2);
                    let what = format!("{name}({d1}, {d2})");
                    assert_agree(
                        &what,
                        &ours(&x1, &x2),
                        &theirs(&x1, &x2),
                        per_function(&t, name),
                    );
                }
            }
        }
    }

    #[test]
    fn binary_functions_read_every_layout() {
        let t = tolerances();
        for (name, ours, theirs) in binary_pairs() {
            for dtype in [
                DType::Float64,
                DType::Float32,
                DType::Int16,
                DType::UInt32,
                DType::Bool,
            ] {
                let v1 = values(80, 11, Domain::any());
                let v2: Vec<f64> = values(80, 12, Domain::any())
                    .iter()
                    .map(|v| v.abs() % 9.0)
                    .collect();
                for x1 in layouts(&[4, 5], &v1, dtype) {
                    for x2 in
                        layouts(&[4, 5], &v2, dtype)
                            .into_iter()
                            .chain(layouts(&[5], &v2, dtype))
                    {
                        let what = format!(
                            "{name}({dtype} {:?}, {:?} {:?})",
                            x1.strides(),
                            x2.shape(),
                            x2.strides()
                        );
                        assert_agree(
                            &what,
                            &ours(&x1, &x2),
                            &theirs(&x1, &x2),
                            per_function(&t, name),
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn clip_agrees_on_every_triple_of_grid_values_and_every_layout() {
        let reference = array_api_reference::backend();
        let theirs =
            |x: &AnyArray, lo: Option<&AnyArray>, hi: Option<&AnyArray>| reference.clip(x, lo, hi);
        for dtype in DType::ALL {
            let g = grid_for(dtype);
            let n = g.len();
            // Every (x, min, max) triple, through broadcasting.
            let x = array(&[n, 1, 1], &g, dtype);
            let lo = array(&[n, 1], &g, dtype);
            let hi = array(&[n], &g, dtype);
            let what = format!("clip({dtype} triples)");
            assert_agree(
                &what,
                &clip(&x, Some(&lo), Some(&hi)),
                &theirs(&x, Some(&lo), Some(&hi)),
                exact,
            );
            for x in layouts(&[4, 5], &values(40, 31, Domain::any()), dtype) {
                for b in layouts(&[5], &values(10, 32, Domain::any()), dtype) {
                    let what = format!("clip({dtype} {:?}, bound {:?})", x.strides(), b.strides());
                    assert_agree(
                        &what,
                        &clip(&x, Some(&b), None),
                        &theirs(&x, Some(&b), None),
                        exact,
                    );
                    assert_agree(
                        &what,
                        &clip(&x, None, Some(&b)),
                        &theirs(&x, None, Some(&b)),
                        exact,
                    );
                    assert_agree(&what, &clip(&x, None, None), &theirs(&x, None, None), exact);
                }
            }
        }
        let x = array(&[2, 3], &[1.0, 5.0, -3.0], DType::Int16);
        let invalid = |r: ApiResult<AnyArray>| matches!(r, Err(ApiError::InvalidArgument { .. }));
        assert!(
            invalid(clip(&x, Some(&array(&[3], &[0.0], DType::Int32)), None)),
            "bound of another dtype"
        );
        assert!(
            invalid(clip(&x, None, Some(&array(&[2], &[0.0], DType::Int16)))),
            "bound that does not broadcast"
        );
        assert!(invalid(clip(&array(&[2], &[1.0], DType::Bool), None, None)));
        // A bound may widen the result.
        let wide = clip(
            &array(&[3], &[1.0, 5.0, -3.0], DType::Int16),
            Some(&array(&[2, 1], &[0.0, 2.0], DType::Int16)),
            None,
        );
        assert_eq!(
            wide.unwrap().to_f64_vec(),
            vec![1.0, 5.0, 0.0, 2.0, 5.0, 2.0]
        );
    }

    #[test]
    fn broadcasting_edge_shapes_and_errors() {
        // (x1's shape, x2's shape, the result's shape or None for an error)
        type Case<'a> = (&'a [usize], &'a [usize], Option<&'a [usize]>);
        let cases: &[Case] = &[
            (&[2, 3], &[4], None),
            (&[2, 1], &[3, 1, 5], Some(&[3, 2, 5])),
            (&[0, 3], &[3], Some(&[0, 3])),
            (&[1, 0], &[2, 1], Some(&[2, 0])),
            (&[], &[3], Some(&[3])),
            (&[], &[], Some(&[])),
            (&[2, 0], &[3, 1, 1], Some(&[3, 2, 0])),
            (&[0], &[2], None),
        ];
        for &(s1, s2, expected) in cases {
            let x1 = array(s1, &[1.5, -2.0, 3.0], DType::Float32);
            let x2 = array(s2, &[4.0, 0.5, -1.0, 2.0], DType::Float32);
            let got = add(&x1, &x2);
            match expected {
                Some(shape) => assert_eq!(got.unwrap().shape(), shape, "{s1:?} + {s2:?}"),
                None => assert!(
                    matches!(got, Err(ApiError::InvalidArgument { .. })),
                    "{s1:?} + {s2:?}"
                ),
            }
            assert_agree(
                &format!("{s1:?} * {s2:?}"),
                &multiply(&x1, &x2),
                &array_api_reference::backend().multiply(&x1, &x2),
                exact,
            );
        }
    }

    #[test]
    fn refusals() {
        let i = array(&[3], &[1.0, -2.0, 3.0], DType::Int32);
        let f = array(&[3], &[1.0, -2.0, 3.0], DType::Float32);
        let b = array(&[3], &[1.0, 0.0, 1.0], DType::Bool);
        let invalid = |r: ApiResult<AnyArray>| matches!(r, Err(ApiError::InvalidArgument { .. }));
        assert!(invalid(sqrt(&i)), "float-only function given integers");
        assert!(invalid(divide(&i, &i)), "integer division is refused");
        assert!(invalid(add(&i, &f)), "integer with float is undefined");
        assert!(invalid(add(&b, &b)), "bool is not numeric");
        assert!(invalid(logical_and(&i, &i)));
        assert!(invalid(bitwise_and(&f, &f)));
        assert!(invalid(nextafter(&f, &array(&[3], &[0.0], DType::Float64))));
        assert!(invalid(pow(&i, &i)), "negative integer exponent");
        assert!(invalid(add(
            &array(&[3], &[1.0], DType::Int8),
            &array(&[3], &[1.0], DType::UInt64)
        )));
        // An empty result has no negative exponent to complain about.
        let empty = array(&[0, 3], &[1.0], DType::Int32);
        assert_eq!(pow(&empty, &i).unwrap().shape(), &[0, 3]);
        assert_eq!(
            equal(&b, &b).unwrap(),
            AnyArray::from(Array::from_vec(vec![true; 3]).into_dyn())
        );
    }

    #[test]
    fn large_arrays_take_the_parallel_path_and_agree() {
        let t = tolerances();
        // 100_000 elements, transposed and reversed, against a broadcast row.
        let big = |dtype: DType, values: &[f64]| {
            let x = array(&[250, 400], values, dtype);
            conformance_strategies::with_array!(x, a => {
                let mut t = a.reversed_axes();
                t.invert_axis(Axis(1));
                AnyArray::from(t)
            })
        };
        let r = array_api_reference::backend();
        for dtype in [DType::Float64, DType::Float32, DType::Int64, DType::UInt8] {
            let x1 = big(dtype, &values(100_000, 21, Domain::any()));
            let x2 = layouts(&[250], &tame(500, 22), dtype).pop().unwrap();
            assert!(is_large(x1.len()) && !x1.is_standard_layout());
            for (name, ours, theirs) in binary_pairs() {
                if [
                    "add",
                    "multiply",
                    "maximum",
                    "floor_divide",
                    "remainder",
                    "less",
                    "atan2",
                    "pow",
                    "hypot",
                ]
                .contains(&name)
                {
                    let what = format!("big {name} {dtype}");
                    assert_agree(
                        &what,
                        &ours(&x1, &x2),
                        &theirs(&x1, &x2),
                        per_function(&t, name),
                    );
                    assert_agree(
                        &what,
                        &ours(&x2, &x1),
                        &theirs(&x2, &x1),
                        per_function(&t, name),
                    );
                    assert_agree(
                        &what,
                        &ours(&x1, &x1),
                        &theirs(&x1, &x1),
                        per_function(&t, name),
                    );
                }
            }
            for (name, ours, theirs) in unary_pairs() {
                if ["abs", "sqrt", "sin", "exp", "round", "isnan", "negative"].contains(&name) {
                    let what = format!("big {name} {dtype}");
                    assert_agree(&what, &ours(&x1), &theirs(&x1), per_function(&t, name));
                }
            }
            let c = x1.to_standard_layout();
            assert_agree("big contiguous", &add(&c, &c), &r.add(&c, &c), exact);
        }
    }

    #[test]
    fn own_kernels_follow_python_numpy_and_ieee() {
        // (x1, x2, x1 // x2, x1 % x2) as Python gives them.
        for (a, b, q, m) in [
            (7i64, 2, 3, 1),
            (-7, 2, -4, 1),
            (7, -2, -4, -1),
            (-7, -2, 3, -1),
            (6, -3, -2, 0),
            (5, 0, 0, 0),
        ] {
            assert_eq!((a.floor_div_(b), a.rem_(b)), (q, m), "{a} {b}");
            let (a8, b8) = (a as i8, b as i8);
            assert_eq!((a8.floor_div_(b8), a8.rem_(b8)), (q as i8, m as i8));
        }
        assert_eq!(i32::MIN.floor_div_(-1), i32::MIN);
        assert_eq!(i32::MIN.rem_(-1), 0);
        assert_eq!(7u16.floor_div_(0), 0);
        assert_eq!(i16::MIN.abs_(), i16::MIN);
        assert_eq!(
            (
                1i8.shl_(7),
                1i8.shl_(8),
                (-128i8).shr_(9),
                64u8.shr_(-1i8 as u8)
            ),
            (-128, 0, -1, 0)
        );
        assert_eq!(
            f64::NEG_INFINITY.logaddexp_(f64::NEG_INFINITY),
            f64::NEG_INFINITY
        );
        assert!((0.0f64.logaddexp_(0.0) - std::f64::consts::LN_2).abs() == 0.0);
    }
}
