//! The standard's float arithmetic that Rust's standard library does not
//! provide, written once for `f32` and `f64` ([`Float`]) and computed in the
//! type's own precision:
//!
//! - [`python_floor_divide`] and [`remainder`]: CPython's float `//` and `%`
//!   (`float_floor_div` and `float_rem`), which the standard asks
//!   `floor_divide` and `remainder` to match;
//! - [`floor_divide`]: the standard's `floor_divide`, which is Python's
//!   except where an operand is zero or not finite (there its special cases
//!   give the IEEE quotient, where Python raises or differs);
//! - [`maximum`] and [`minimum`]: NaN propagates, and `-0 < +0` (std's
//!   `f64::max` drops NaN and leaves the zeros' order open);
//! - [`sign`]: the sign of a zero kept, NaN for NaN (std's `signum` gives
//!   ±1 for zeros);
//! - [`nextafter`]: C's `nextafter` (std's `next_up`/`next_down` step
//!   toward an infinity, not toward another value);
//! - [`asinh`] and [`acosh`]: approximations, but where std's overflow or
//!   lose bits (beyond `MAX / 2`, and `acosh` just above 1) the reference
//!   must not be worse than what it judges, so fdlibm's formulas.
//!
//! These are definitions, not kernels: each has exactly one right result for
//! every pair of operands, signed zeros and NaN included. So the special-case
//! table ([`crate::special_cases`]), the CPU reference and every backend of
//! this workspace use them, and their results cannot drift apart. How a
//! function applies them to arrays (layouts, broadcasting, threads), and
//! every approximation (`exp`, `logaddexp`, ...), stays each
//! implementation's own.

use std::ops::{Add, Div, Rem, Sub};

/// `f32` or `f64`: what the definitions of this module need of a float.
/// Sealed: implemented for the two float types only.
pub trait Float:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Div<Output = Self>
    + Rem<Output = Self>
    + sealed::Sealed
{
    /// `0.0`.
    const ZERO: Self;
    /// `1.0`.
    const ONE: Self;
    /// `0.5`.
    const HALF: Self;
    /// The smallest positive subnormal.
    const TINY: Self;
    /// std's `floor`.
    fn floor(self) -> Self;
    /// std's `copysign`.
    fn copysign(self, sign: Self) -> Self;
    /// std's `is_nan`.
    fn is_nan(self) -> bool;
    /// std's `is_finite`.
    fn is_finite(self) -> bool;
    /// std's `is_sign_negative`.
    fn is_sign_negative(self) -> bool;
    /// std's `is_sign_positive`.
    fn is_sign_positive(self) -> bool;
    /// The neighbour of a non-zero finite or infinite `self` one step away
    /// from zero (`away`) or toward it: one more or one less in the bits.
    fn step_bits(self, away: bool) -> Self;
    /// [`asinh`], in this precision.
    fn accurate_asinh(self) -> Self;
    /// [`acosh`], in this precision.
    fn accurate_acosh(self) -> Self;
    /// [`atanh`], in this precision.
    fn accurate_atanh(self) -> Self;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

macro_rules! impl_float {
    ($($t:ident),*) => {$(
        impl Float for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const HALF: Self = 0.5;
            const TINY: Self = $t::from_bits(1);
            fn floor(self) -> Self {
                $t::floor(self)
            }
            fn copysign(self, sign: Self) -> Self {
                $t::copysign(self, sign)
            }
            fn is_nan(self) -> bool {
                $t::is_nan(self)
            }
            fn is_finite(self) -> bool {
                $t::is_finite(self)
            }
            fn is_sign_negative(self) -> bool {
                $t::is_sign_negative(self)
            }
            fn is_sign_positive(self) -> bool {
                $t::is_sign_positive(self)
            }
            fn step_bits(self, away: bool) -> Self {
                let bits = self.to_bits();
                $t::from_bits(if away { bits + 1 } else { bits - 1 })
            }
            fn accurate_asinh(self) -> Self {
                let ax = self.abs();
                let w = if ax.is_nan() || ax < TWO_POW_M28 as $t {
                    // NaN, or asinh(x) = x to the last bit (signed zeros kept).
                    return self;
                } else if ax > TWO_POW_28 as $t {
                    // 2|x| would overflow near MAX: ln(2|x|) = ln|x| + ln 2.
                    ax.ln() + std::$t::consts::LN_2
                } else if ax > 2.0 {
                    (2.0 * ax + 1.0 / ((ax * ax + 1.0).sqrt() + ax)).ln()
                } else {
                    let t = ax * ax;
                    (ax + t / (1.0 + (1.0 + t).sqrt())).ln_1p()
                };
                w.copysign(self)
            }
            fn accurate_acosh(self) -> Self {
                if self.is_nan() || self < 1.0 {
                    return $t::NAN;
                }
                if self > TWO_POW_28 as $t {
                    self.ln() + std::$t::consts::LN_2
                } else if self > 2.0 {
                    (2.0 * self - 1.0 / (self + (self * self - 1.0).sqrt())).ln()
                } else {
                    // Near 1, through t = x - 1 (exact there): no cancellation.
                    let t = self - 1.0;
                    (t + (2.0 * t + t * t).sqrt()).ln_1p()
                }
            }
            fn accurate_atanh(self) -> Self {
                let ax = self.abs();
                let w = if ax.is_nan() || ax < TWO_POW_M28 as $t {
                    // NaN, or atanh(x) = x to the last bit (signed zeros kept).
                    return self;
                } else if ax < 0.5 {
                    let t = ax + ax;
                    0.5 * (t + t * ax / (1.0 - ax)).ln_1p()
                } else {
                    // 1 - |x| is exact here, and the logarithm's argument
                    // is at least 2: no cancellation near |x| = 1.
                    0.5 * ((ax + ax) / (1.0 - ax)).ln_1p()
                };
                w.copysign(self)
            }
        }
    )*};
}

const TWO_POW_28: f64 = 268_435_456.0;
const TWO_POW_M28: f64 = 1.0 / TWO_POW_28;

impl_float!(f32, f64);

/// `asinh` over the whole range, by fdlibm's formulas: std's `asinh`
/// computes `|x| + ...` first and so overflows to infinity for
/// `|x| > MAX / 2` (float64 `9e307` gave `inf`, not `709.78`). Beyond
/// `2^28`, `ln|x| + ln 2`; from 2, `ln(2|x| + 1 / (sqrt(x² + 1) + |x|))`;
/// below, `log1p(|x| + x² / (1 + sqrt(1 + x²)))`; the sign restored last.
pub fn asinh<T: Float>(x: T) -> T {
    x.accurate_asinh()
}

/// `atanh` by fdlibm's formulas, on `|x|` with the sign put back: std's
/// `atanh` takes `ln_1p(2x / (1 - x))` of the signed `x`, which for `x`
/// near -1 is the logarithm of a number near 0 that carries the quotient's
/// rounding error thousands of times over (float32 `-0.99972` gave
/// `-4.4368935`, where the value is `-4.4368237`). Below `2^-28`, `x`
/// itself; below 0.5, `ln_1p(2|x| + 2|x|² / (1 - |x|)) / 2`; from 0.5,
/// `ln_1p(2|x| / (1 - |x|)) / 2`. NaN beyond 1 and infinities at ±1 come
/// from the logarithm.
pub fn atanh<T: Float>(x: T) -> T {
    x.accurate_atanh()
}

/// `acosh` over the whole range, by fdlibm's formulas: std's `acosh`
/// overflows for `x > MAX / 2` and loses bits just above 1 (it takes the
/// logarithm of a sum that is nearly 1). NaN below 1; beyond `2^28`,
/// `ln x + ln 2`; from 2, `ln(2x - 1 / (x + sqrt(x² - 1)))`; below,
/// `log1p(t + sqrt(2t + t²))` with `t = x - 1`, exact there.
pub fn acosh<T: Float>(x: T) -> T {
    x.accurate_acosh()
}

/// CPython's `x1 // x2` (`float_floor_div`, without its `ZeroDivisionError`):
/// the floor of the exact quotient, computed from `fmod` so that it is exact
/// where `floor(x1 / x2)` would round; a zero quotient takes the sign of
/// `x1 / x2`.
pub fn python_floor_divide<T: Float>(a: T, b: T) -> T {
    let m = a % b;
    let mut div = (a - m) / b;
    if m != T::ZERO && ((b < T::ZERO) != (m < T::ZERO)) {
        div = div - T::ONE;
    }
    if div != T::ZERO {
        // `div` is integral up to the rounding of the division.
        let f = div.floor();
        if div - f > T::HALF {
            f + T::ONE
        } else {
            f
        }
    } else {
        T::ZERO.copysign(a / b)
    }
}

/// The standard's `floor_divide`: where an operand is zero, infinite or NaN
/// the IEEE quotient `x1 / x2` (exactly the standard's special cases), else
/// Python's ([`python_floor_divide`]).
pub fn floor_divide<T: Float>(a: T, b: T) -> T {
    if !(a.is_finite() && b.is_finite()) || a == T::ZERO || b == T::ZERO {
        return a / b;
    }
    python_floor_divide(a, b)
}

/// CPython's `x1 % x2` (`float_rem`), which is also the standard's
/// `remainder` for every operand: `fmod`, moved into `x2`'s sign; a zero
/// takes `x2`'s sign. For the special operands `fmod`'s NaN and `x1` give
/// the standard's results, and `x1 + x2` the infinite ones.
pub fn remainder<T: Float>(a: T, b: T) -> T {
    let m = a % b;
    if m == T::ZERO {
        T::ZERO.copysign(b)
    } else if (b < T::ZERO) != (m < T::ZERO) {
        m + b
    } else {
        m
    }
}

/// The standard's `maximum`: NaN if either is NaN (`x1 + x2`, so the NaN is
/// the one IEEE addition gives), else the larger, `+0` larger than `-0`.
pub fn maximum<T: Float>(a: T, b: T) -> T {
    if a.is_nan() || b.is_nan() {
        return a + b;
    }
    if a > b || (a == b && a.is_sign_positive()) {
        a
    } else {
        b
    }
}

/// The standard's `minimum`: NaN if either is NaN (`x1 + x2`), else the
/// smaller, `-0` smaller than `+0`.
pub fn minimum<T: Float>(a: T, b: T) -> T {
    if a.is_nan() || b.is_nan() {
        return a + b;
    }
    if a < b || (a == b && a.is_sign_negative()) {
        a
    } else {
        b
    }
}

/// The standard's `sign`: -1 or 1, the zero itself (sign kept), or NaN.
pub fn sign<T: Float>(x: T) -> T {
    if x > T::ZERO {
        T::ONE
    } else if x < T::ZERO {
        T::ZERO - T::ONE
    } else {
        x
    }
}

/// The next representable value after `x1` toward `x2` (C's `nextafter`):
/// NaN if either is NaN (`x1 + x2`), `x2` when they are equal, the smallest
/// subnormal with `x2`'s sign after a zero.
pub fn nextafter<T: Float>(a: T, b: T) -> T {
    if a.is_nan() || b.is_nan() {
        return a + b;
    }
    if a == b {
        return b;
    }
    if a == T::ZERO {
        return T::TINY.copysign(b);
    }
    // Away from zero is one more in the magnitude bits.
    a.step_bits((b > a) == (a > T::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same value: both NaN, or equal with the same sign bit.
    fn same<T: Float>(a: T, b: T) -> bool {
        (a.is_nan() && b.is_nan()) || (a == b && a.is_sign_negative() == b.is_sign_negative())
    }

    #[test]
    fn floor_division_and_remainder_follow_python_and_the_special_cases() {
        // (x1, x2, x1 // x2, x1 % x2) as Python (and, for the special
        // operands, the standard's special cases) give them.
        let cases: [(f64, f64, f64, f64); 13] = [
            (7.0, 2.0, 3.0, 1.0),
            (-7.0, 2.0, -4.0, 1.0),
            (7.0, -2.0, -4.0, -1.0),
            (-7.5, -2.0, 3.0, -1.5),
            (-7.5, 2.0, -4.0, 0.5),
            (1.0, 0.1, 9.0, 0.09999999999999995),
            (-0.0, 3.0, -0.0, 0.0),
            (0.0, -3.0, -0.0, -0.0),
            (5.0, f64::NEG_INFINITY, -0.0, f64::NEG_INFINITY),
            (-5.0, f64::INFINITY, -0.0, f64::INFINITY),
            (f64::INFINITY, 2.0, f64::INFINITY, f64::NAN),
            (-1.0, -0.0, f64::INFINITY, f64::NAN),
            (5e-324, -2.0, -1.0, -2.0 + 5e-324),
        ];
        for (a, b, q, r) in cases {
            assert!(
                same(floor_divide(a, b), q),
                "{a} // {b} = {}",
                floor_divide(a, b)
            );
            assert!(same(remainder(a, b), r), "{a} % {b} = {}", remainder(a, b));
        }
        assert!(same(floor_divide(1e308f64, 1e-308), f64::INFINITY));
        assert!(same(floor_divide(-7.0f32, 2.0), -4.0));
        assert!(same(remainder(-7.0f32, 2.0), 1.0));
        assert!(same(remainder(0.0f32, -3.0), -0.0));
        // Python's own quotient differs from the standard's only where an
        // operand is special: -5 // inf is -1 in Python, -0 in the standard.
        assert!(same(python_floor_divide(-5.0f64, f64::INFINITY), -1.0));
        assert!(same(python_floor_divide(7.0f64, -2.0), -4.0));
    }

    #[test]
    fn maximum_minimum_propagate_nan_and_order_zeros() {
        assert!(maximum(f64::NAN, 1.0).is_nan());
        assert!(minimum(1.0f32, f32::NAN).is_nan());
        assert!(same(maximum(0.0f64, -0.0), 0.0));
        assert!(same(maximum(-0.0f64, 0.0), 0.0));
        assert!(same(minimum(0.0f64, -0.0), -0.0));
        assert!(same(minimum(-0.0f32, 0.0), -0.0));
        assert_eq!(maximum(2.0f32, -3.0), 2.0);
        assert_eq!(minimum(2.0f32, -3.0), -3.0);
        assert_eq!(maximum(f64::NEG_INFINITY, -1e308), -1e308);
    }

    #[test]
    fn sign_keeps_zeros_and_nan() {
        assert!(same(sign(-0.0f64), -0.0));
        assert!(same(sign(0.0f32), 0.0));
        assert_eq!(sign(-3.5f32), -1.0);
        assert_eq!(sign(f64::INFINITY), 1.0);
        assert_eq!(sign(5e-324f64), 1.0);
        assert!(sign(f64::NAN).is_nan());
    }

    #[test]
    fn nextafter_steps_one_ulp() {
        assert_eq!(nextafter(1.0f64, 2.0), 1.0 + f64::EPSILON);
        assert_eq!(nextafter(1.0f64, 0.0), 1.0 - f64::EPSILON / 2.0);
        assert_eq!(nextafter(1.0f32, 2.0), 1.0 + f32::EPSILON);
        assert_eq!(nextafter(-1.0f32, -2.0), -1.0 - f32::EPSILON);
        assert_eq!(nextafter(0.0f64, -1.0), -5e-324);
        assert_eq!(nextafter(-0.0f32, -1.0), -f32::from_bits(1));
        assert!(same(nextafter(5e-324f64, -1.0), 0.0));
        assert!(same(nextafter(-5e-324f64, 1.0), -0.0));
        assert_eq!(nextafter(f64::MAX, f64::INFINITY), f64::INFINITY);
        assert_eq!(nextafter(f32::INFINITY, 0.0), f32::MAX);
        assert!(same(nextafter(-0.0f64, 0.0), 0.0));
        assert!(nextafter(f32::NAN, 1.0).is_nan());
    }

    /// The former false positives of issue 11: std's `asinh`/`acosh`
    /// overflowed beyond MAX / 2 and `acosh` lost bits just above 1. The
    /// expected values are CPython's `math.asinh`/`math.acosh` (glibc,
    /// within an ulp), rounded to `float32` for the `float32` cases.
    #[test]
    fn asinh_and_acosh_are_accurate_over_the_whole_range() {
        fn ulps64(a: f64, b: f64) -> u64 {
            (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
        }
        fn ulps32(a: f32, b: f32) -> u64 {
            (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
        }
        type Case<T> = (fn(T) -> T, T, T);
        let f64_cases: [Case<f64>; 9] = [
            (asinh, 9.0e307, 709.7839953070682),
            (asinh, -9.0e307, -709.7839953070682),
            (asinh, f64::MAX, 710.4758600739439),
            (asinh, 3.0, 1.8184464592320668),
            (asinh, 0.5, 0.48121182505960347),
            (acosh, 9.0e307, 709.7839953070682),
            (acosh, 1.0 + 2f64.powi(-30), 4.315837287180596e-05),
            (acosh, 1.0000000001, 1.4142136208675862e-05),
            (acosh, 1.5, 0.9624236501192069),
        ];
        for (f, x, expected) in f64_cases {
            let got = f(x);
            assert!(ulps64(got, expected) <= 1, "{x}: {got} against {expected}");
        }
        // What std gives, for the record: the overflow, and the lost bits.
        assert_eq!(9.0e307f64.asinh(), f64::INFINITY);
        assert!(ulps64((1.0 + 2f64.powi(-30)).acosh(), 4.315837287180596e-05) > 1000);
        let f32_cases: [Case<f32>; 3] = [
            (asinh, f32::MAX, 89.415_985),
            (acosh, f32::MAX, 89.415_985),
            (acosh, 1.000_001, 0.001_381_067_8),
        ];
        for (f, x, expected) in f32_cases {
            let got = f(x);
            assert!(ulps32(got, expected) <= 1, "{x}: {got} against {expected}");
        }
        // The special values keep their meaning.
        assert!(asinh(f64::NAN).is_nan() && acosh(f64::NAN).is_nan());
        assert!(acosh(0.5f64).is_nan() && acosh(-1.0f32).is_nan());
        assert_eq!(asinh(-0.0f64).to_bits(), (-0.0f64).to_bits());
        assert_eq!(acosh(1.0f64).to_bits(), 0.0f64.to_bits());
        assert_eq!(asinh(f32::NEG_INFINITY), f32::NEG_INFINITY);
        assert_eq!(acosh(f64::INFINITY), f64::INFINITY);
    }

    /// Issue 11's atanh false positive (found on libm): std's `atanh` of a
    /// float32 near -1 was 146 ulps off, and libm's right answer FAILED.
    /// Expected values are CPython's `math.atanh`, rounded to float32 for
    /// the float32 cases.
    #[test]
    fn atanh_is_accurate_near_minus_one_too() {
        fn ulps(a: f64, b: f64) -> u64 {
            (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
        }
        let x32 = -0.999_72_f32;
        assert_eq!(f64::from(x32), -0.9997199773788452);
        assert!(ulps(f64::from(atanh(x32)), f64::from(-4.436_824_f32)) == 0);
        assert!(ulps(f64::from(atanh(-x32)), f64::from(4.436_824_f32)) == 0);
        assert!(ulps(f64::from(x32.atanh()), f64::from(-4.436_824_f32)) > 100);
        for (x, expected) in [
            (-0.9997199773788452, -4.43682366383335),
            (0.25, 0.25541281188299536),
            (-0.75, -0.9729550745276566),
            (1e-10, 1e-10),
            (0.9999999999, 11.859499013855018),
        ] {
            assert!(
                ulps(atanh(x), expected) <= 1,
                "{x}: {} against {expected}",
                atanh(x)
            );
        }
        assert!(atanh(f64::NAN).is_nan() && atanh(1.5f32).is_nan());
        assert_eq!(atanh(1.0f64), f64::INFINITY);
        assert_eq!(atanh(-1.0f32), f32::NEG_INFINITY);
        assert_eq!(atanh(-0.0f64).to_bits(), (-0.0f64).to_bits());
    }
}
