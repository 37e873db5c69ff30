//! The per-element kernels of the elementwise functions whose meaning differs
//! between signed integers, unsigned integers and floats, or that the
//! standard library does not provide as such: integer floor division,
//! remainder, powers and shifts, and `logaddexp`. The float definitions the
//! standard fixes exactly (Python's floor division and remainder,
//! NaN-propagating `maximum`/`minimum`, `sign`, `nextafter`) are
//! `array_api::float`'s, shared with every backend and the special-case
//! table.
//!
//! Integer choices (the standard leaves these unspecified):
//! - overflow wraps (two's complement), including `abs`/`negative` of the
//!   minimum value and `floor_divide(MIN, -1)`;
//! - `floor_divide` and `remainder` by zero give 0, as NumPy does;
//! - a shift by a negative amount or by at least the bit width gives 0
//!   (`bitwise_left_shift`, and `bitwise_right_shift` of a non-negative
//!   value) or -1 (`bitwise_right_shift` of a negative value), as NumPy does;
//! - `pow` with a negative exponent is refused before any kernel runs (see
//!   the module above); the kernel takes the exponent as non-negative.

/// Integer kernels: one implementation for the signed types and one for the
/// unsigned types.
pub(crate) trait IntOps: Copy {
    /// `|x|`, wrapping for the minimum signed value.
    fn abs_(self) -> Self;
    /// -1, 0 or 1.
    fn sign_(self) -> Self;
    /// Python's `x1 // x2` (rounding toward negative infinity); 0 for a zero
    /// divisor.
    fn floor_div_(self, other: Self) -> Self;
    /// Python's `x1 % x2` (the sign of `x2`); 0 for a zero divisor.
    fn rem_(self, other: Self) -> Self;
    /// `x1 ** x2` with wrapping multiplication; `x2` must be non-negative.
    fn pow_(self, other: Self) -> Self;
    fn shl_(self, other: Self) -> Self;
    fn shr_(self, other: Self) -> Self;
    fn is_negative_(self) -> bool;
}

macro_rules! int_common {
    ($t:ty) => {
        fn pow_(self, other: Self) -> Self {
            debug_assert!(!other.is_negative_());
            let (mut base, mut exp, mut acc): ($t, u64, $t) = (self, other as u64, 1);
            while exp > 0 {
                if exp & 1 == 1 {
                    acc = acc.wrapping_mul(base);
                }
                base = base.wrapping_mul(base);
                exp >>= 1;
            }
            acc
        }
        fn shl_(self, other: Self) -> Self {
            if other.is_negative_() || other as u64 >= u64::from(<$t>::BITS) {
                0
            } else {
                self.wrapping_shl(other as u32)
            }
        }
        fn shr_(self, other: Self) -> Self {
            if other.is_negative_() || other as u64 >= u64::from(<$t>::BITS) {
                if self.is_negative_() {
                    (0 as $t).wrapping_sub(1)
                } else {
                    0
                }
            } else {
                self.wrapping_shr(other as u32)
            }
        }
    };
}

macro_rules! signed_ops {
    ($($t:ty),*) => {$(
        impl IntOps for $t {
            fn abs_(self) -> Self {
                self.wrapping_abs()
            }
            fn sign_(self) -> Self {
                self.signum()
            }
            fn floor_div_(self, other: Self) -> Self {
                if other == 0 {
                    return 0;
                }
                let q = self.wrapping_div(other);
                if self.wrapping_rem(other) != 0 && ((self < 0) != (other < 0)) {
                    q - 1
                } else {
                    q
                }
            }
            fn rem_(self, other: Self) -> Self {
                if other == 0 {
                    return 0;
                }
                let r = self.wrapping_rem(other);
                if r != 0 && ((r < 0) != (other < 0)) {
                    r + other
                } else {
                    r
                }
            }
            fn is_negative_(self) -> bool {
                self < 0
            }
            int_common!($t);
        }
    )*};
}

macro_rules! unsigned_ops {
    ($($t:ty),*) => {$(
        impl IntOps for $t {
            fn abs_(self) -> Self {
                self
            }
            fn sign_(self) -> Self {
                self.min(1)
            }
            fn floor_div_(self, other: Self) -> Self {
                self.checked_div(other).unwrap_or(0)
            }
            fn rem_(self, other: Self) -> Self {
                self.checked_rem(other).unwrap_or(0)
            }
            fn is_negative_(self) -> bool {
                false
            }
            int_common!($t);
        }
    )*};
}

signed_ops!(i8, i16, i32, i64);
unsigned_ops!(u8, u16, u32, u64);

/// The float kernel beyond the standard library's and beyond the standard's
/// exact definitions (those, Python's floor division and remainder,
/// `maximum`, `minimum`, `sign` and `nextafter`, are `array_api::float`'s),
/// computed in the type's own precision.
pub(crate) trait FloatOps: Copy {
    /// `log(exp(x1) + exp(x2))` without overflow.
    fn logaddexp_(self, other: Self) -> Self;
}

macro_rules! float_ops {
    ($($t:ident : $ln2:expr),*) => {$(
        impl FloatOps for $t {
            fn logaddexp_(self, other: Self) -> Self {
                let (a, b) = (self, other);
                if a.is_nan() || b.is_nan() {
                    return a + b;
                }
                if a == b {
                    // Also the two equal infinities, where a - b is NaN.
                    return a + $ln2;
                }
                let (hi, lo) = if a > b { (a, b) } else { (b, a) };
                hi + (lo - hi).exp().ln_1p()
            }
        }
    )*};
}

float_ops!(f32: std::f32::consts::LN_2, f64: std::f64::consts::LN_2);

/// `is_nan` for every numeric type (false for integers), for `clip`.
pub(crate) trait MaybeNan: Copy + PartialOrd {
    fn is_nan_(self) -> bool;
}

macro_rules! maybe_nan {
    ($($t:ty => $e:expr),*) => {$(
        impl MaybeNan for $t {
            #[allow(clippy::redundant_closure_call)]
            fn is_nan_(self) -> bool {
                ($e)(self)
            }
        }
    )*};
}

maybe_nan!(
    i8 => |_| false, i16 => |_| false, i32 => |_| false, i64 => |_| false,
    u8 => |_| false, u16 => |_| false, u32 => |_| false, u64 => |_| false,
    f32 => f32::is_nan, f64 => f64::is_nan
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_floor_division_and_remainder_follow_python() {
        // (x1, x2, x1 // x2, x1 % x2) as Python computes them.
        let cases = [
            (7i32, 2, 3, 1),
            (-7, 2, -4, 1),
            (7, -2, -4, -1),
            (-7, -2, 3, -1),
            (6, -3, -2, 0),
            (0, -3, 0, 0),
            (5, 0, 0, 0),
            (i32::MIN, -1, i32::MIN, 0),
        ];
        for (a, b, q, r) in cases {
            assert_eq!(a.floor_div_(b), q, "{a} // {b}");
            assert_eq!(a.rem_(b), r, "{a} % {b}");
        }
        assert_eq!(7u8.floor_div_(2), 3);
        assert_eq!(7u8.rem_(0), 0);
        assert_eq!(200u8.floor_div_(0), 0);
        assert_eq!(i8::MIN.abs_(), i8::MIN);
        assert_eq!((-5i64).sign_(), -1);
        assert_eq!(0u16.sign_(), 0);
        assert_eq!(9u16.sign_(), 1);
    }

    #[test]
    fn integer_pow_wraps() {
        assert_eq!(3i32.pow_(4), 81);
        assert_eq!(0i8.pow_(0), 1);
        assert_eq!((-2i8).pow_(7), -128);
        assert_eq!(2i8.pow_(8), 0);
        assert_eq!(3u8.pow_(5), 243);
        assert_eq!(3u8.pow_(6), (729u32 % 256) as u8);
        assert_eq!((-1i64).pow_(i64::MAX), -1);
        assert_eq!(1u64.pow_(u64::MAX), 1);
    }

    #[test]
    fn shifts_out_of_range_follow_numpy() {
        assert_eq!(1i8.shl_(7), -128);
        assert_eq!(3i8.shl_(7), -128);
        assert_eq!(1i8.shl_(8), 0);
        assert_eq!(1i8.shl_(-1), 0);
        assert_eq!((-128i8).shr_(7), -1);
        assert_eq!((-128i8).shr_(8), -1);
        assert_eq!(100i8.shr_(9), 0);
        assert_eq!((-3i32).shr_(-2), -1);
        assert_eq!(0x80u8.shr_(7), 1);
        assert_eq!(0x80u8.shr_(8), 0);
        assert_eq!(1u64.shl_(63), 1 << 63);
        assert_eq!(1u64.shl_(64), 0);
    }

    #[test]
    fn logaddexp_avoids_overflow() {
        assert!((0.0f64.logaddexp_(0.0) - std::f64::consts::LN_2).abs() < 1e-15);
        assert_eq!(1000.0f64.logaddexp_(0.0), 1000.0);
        assert_eq!(
            f64::NEG_INFINITY.logaddexp_(f64::NEG_INFINITY),
            f64::NEG_INFINITY
        );
        assert_eq!(f64::INFINITY.logaddexp_(f64::NEG_INFINITY), f64::INFINITY);
        assert_eq!(f32::NEG_INFINITY.logaddexp_(3.0), 3.0);
        let v = 1.0f32.logaddexp_(2.0);
        assert!((v - 2.3132617f32).abs() <= 2.0 * f32::EPSILON * 2.0, "{v}");
    }
}
