//! The per-element kernels of the elementwise functions whose meaning differs
//! between signed integers, unsigned integers and floats, or that the
//! standard library does not provide as such: Python's floor division and
//! remainder, integer powers and shifts, NaN-propagating `maximum`/`minimum`,
//! `sign`, `logaddexp` and `nextafter`.
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

/// Float kernels, written once for `f32` and `f64` and computed in the
/// type's own precision.
pub(crate) trait FloatOps: Copy {
    /// Python's `x1 // x2`, with the standard's special cases where Python
    /// raises or differs (division by zero, infinite operands).
    fn floor_div_(self, other: Self) -> Self;
    /// Python's `x1 % x2` (the sign of `x2`), with the standard's special
    /// cases (NaN where Python raises).
    fn rem_(self, other: Self) -> Self;
    /// NaN if either is NaN, else the larger; `+0` is larger than `-0`.
    fn maximum_(self, other: Self) -> Self;
    /// NaN if either is NaN, else the smaller; `-0` is smaller than `+0`.
    fn minimum_(self, other: Self) -> Self;
    /// -1, 1, the zero itself (sign kept) or NaN.
    fn sign_(self) -> Self;
    /// `log(exp(x1) + exp(x2))` without overflow.
    fn logaddexp_(self, other: Self) -> Self;
    /// The next representable value after `x1` toward `x2` (C's
    /// `nextafter`): `x2` when they are equal, the smallest subnormal with
    /// `x2`'s sign after a zero.
    fn nextafter_(self, other: Self) -> Self;
}

macro_rules! float_ops {
    ($($t:ident : $ln2:expr),*) => {$(
        impl FloatOps for $t {
            fn floor_div_(self, other: Self) -> Self {
                let (a, b) = (self, other);
                // NaN, infinities, zero divisor or zero dividend: the IEEE
                // quotient is exactly the standard's special case.
                if !(a.is_finite() && b.is_finite()) || a == 0.0 || b == 0.0 {
                    return a / b;
                }
                // CPython's float_floor_div.
                let m = a % b;
                let mut div = (a - m) / b;
                if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
                    div -= 1.0;
                }
                if div != 0.0 {
                    let f = div.floor();
                    if div - f > 0.5 {
                        f + 1.0
                    } else {
                        f
                    }
                } else {
                    (0.0 as $t).copysign(a / b)
                }
            }
            fn rem_(self, other: Self) -> Self {
                // CPython's float_rem: fmod, then moved into x2's sign. For
                // the special operands fmod's NaN and x1 give the standard's
                // results, and `x1 + x2` the infinite ones.
                let (a, b) = (self, other);
                let m = a % b;
                if m != 0.0 {
                    if (b < 0.0) != (m < 0.0) {
                        m + b
                    } else {
                        m
                    }
                } else {
                    (0.0 as $t).copysign(b)
                }
            }
            fn maximum_(self, other: Self) -> Self {
                if self.is_nan() || other.is_nan() {
                    return self + other;
                }
                if self > other || (self == other && self.is_sign_positive()) {
                    self
                } else {
                    other
                }
            }
            fn minimum_(self, other: Self) -> Self {
                if self.is_nan() || other.is_nan() {
                    return self + other;
                }
                if self < other || (self == other && self.is_sign_negative()) {
                    self
                } else {
                    other
                }
            }
            fn sign_(self) -> Self {
                if self > 0.0 {
                    1.0
                } else if self < 0.0 {
                    -1.0
                } else {
                    self
                }
            }
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
            fn nextafter_(self, other: Self) -> Self {
                let (a, b) = (self, other);
                if a.is_nan() || b.is_nan() {
                    return a + b;
                }
                if a == b {
                    return b;
                }
                if a == 0.0 {
                    return $t::from_bits(1).copysign(b);
                }
                let bits = a.to_bits();
                // Away from zero is one more in the magnitude bits.
                let away = (b > a) == (a > 0.0);
                $t::from_bits(if away { bits + 1 } else { bits - 1 })
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

    fn same(a: f64, b: f64) -> bool {
        (a.is_nan() && b.is_nan()) || (a == b && a.is_sign_negative() == b.is_sign_negative())
    }

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
    fn float_floor_division_and_remainder() {
        let cases: [(f64, f64, f64, f64); 9] = [
            (7.0, 2.0, 3.0, 1.0),
            (-7.0, 2.0, -4.0, 1.0),
            (7.0, -2.0, -4.0, -1.0),
            (-7.5, -2.0, 3.0, -1.5),
            (1.0, 0.1, 9.0, 0.09999999999999995),
            (-0.0, 3.0, -0.0, 0.0),
            (0.0, -3.0, -0.0, -0.0),
            (5.0, f64::NEG_INFINITY, -0.0, f64::NEG_INFINITY),
            (-5.0, f64::INFINITY, -0.0, f64::INFINITY),
        ];
        for (a, b, q, r) in cases {
            assert!(same(a.floor_div_(b), q), "{a} // {b} = {}", a.floor_div_(b));
            assert!(same(a.rem_(b), r), "{a} % {b} = {}", a.rem_(b));
        }
        assert_eq!(f64::INFINITY.floor_div_(2.0), f64::INFINITY);
        assert!(same((-1.0f64).floor_div_(-0.0), f64::INFINITY));
        assert!(5.0f64.rem_(0.0).is_nan());
        assert!(same(5e-324f64.floor_div_(-2.0), -1.0));
        assert!(same(1e308f64.floor_div_(1e-308), f64::INFINITY));
        assert_eq!((-7.0f32).floor_div_(2.0), -4.0);
        assert_eq!((-7.0f32).rem_(2.0), 1.0);
    }

    #[test]
    fn maximum_minimum_propagate_nan_and_order_zeros() {
        assert!(f64::NAN.maximum_(1.0).is_nan());
        assert!(1.0f64.minimum_(f64::NAN).is_nan());
        assert!(same(0.0f64.maximum_(-0.0), 0.0));
        assert!(same((-0.0f64).maximum_(0.0), 0.0));
        assert!(same(0.0f64.minimum_(-0.0), -0.0));
        assert!(same((-0.0f32 as f64).minimum_(0.0), -0.0));
        assert_eq!(2.0f32.maximum_(-3.0), 2.0);
        assert_eq!(2.0f32.minimum_(-3.0), -3.0);
    }

    #[test]
    fn nextafter_steps_one_ulp() {
        assert_eq!(1.0f64.nextafter_(2.0), 1.0 + f64::EPSILON);
        assert_eq!(1.0f64.nextafter_(0.0), 1.0 - f64::EPSILON / 2.0);
        assert_eq!(1.0f32.nextafter_(2.0), 1.0 + f32::EPSILON);
        assert_eq!((-1.0f32).nextafter_(-2.0), -1.0 - f32::EPSILON);
        assert_eq!(0.0f64.nextafter_(-1.0), -5e-324);
        assert!(same((5e-324f64).nextafter_(-1.0), 0.0));
        assert!(same((-5e-324f64).nextafter_(1.0), -0.0));
        assert_eq!(f64::MAX.nextafter_(f64::INFINITY), f64::INFINITY);
        assert_eq!(f32::INFINITY.nextafter_(0.0), f32::MAX);
        assert!(same((-0.0f64).nextafter_(0.0), 0.0));
        assert!(f32::NAN.nextafter_(1.0).is_nan());
    }

    #[test]
    fn logaddexp_and_sign() {
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
        assert!(same((-0.0f64).sign_(), -0.0));
        assert_eq!((-3.5f32).sign_(), -1.0);
        assert!(f64::NAN.sign_().is_nan());
    }
}
