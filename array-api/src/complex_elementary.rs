//! The elementary functions of the standard on complex values: `sqrt`,
//! `exp`, `expm1`, `log`, `log1p`, `log2`, `log10`, `pow`, the hyperbolic
//! functions and their inverses, the circular ones through them, `sign`,
//! `reciprocal` and `round`, written once for the reference and every
//! backend built on this crate (rows of
//! [`crate::unary_element_definitions!`]).
//!
//! Each follows C99 Annex G, which the standard's complex special cases
//! copy: the non-finite and zero operands of one quadrant are handled as
//! the standard lists them (`spec/complex_special_cases.tsv`), the other
//! quadrants through the symmetries it states (`f(conj(z)) = conj(f(z))`,
//! odd or even); the circular functions are the standard's own
//! delegations (`sin(z) = -1j * sinh(z*1j)`, `cos(z) = cosh(z*1j)`, ...).
//! Finite operands take formulas without spurious overflow or
//! cancellation:
//! - `sqrt`: `t = sqrt((|a| + |z|)/2)`, the other component `b/(2t)`
//!   (Kahan, "Branch cuts for complex elementary functions", 1987), scaled
//!   near the ends of the range;
//! - `asinh`, `acos`, `acosh` (and `asin` through `asinh`): Kahan's
//!   procedures of the same paper, built of `sqrt(1 ± z)` products whose
//!   size is `|z|`, so nothing overflows before the result does;
//! - `atanh` (and `atan`): `Re = (ln|1+z| - ln|1-z|)/2` near the pole,
//!   `log1p(4a/|1-z|²)/4` elsewhere, `Im = arg((1-a)(1+a) - b², 2b)/2`,
//!   and `1/z + πj/2` beyond `sqrt(MAX)/4` (Kahan's `θ`);
//! - `cosh`, `sinh`: `e^|a|/2` as `(e^(|a|/2)/2)·e^(|a|/2)` beyond 20, where
//!   `e^-|a|` is below an ulp; `tanh`: Kahan's `t = tan b`,
//!   `β = 1 + t²`, `s = sinh a`, `ρ = sqrt(1 + s²)`:
//!   `(βρs + tj)/(1 + βs²)`, and `1 + 4 sin b cos b e^-2a j` for large `a`
//!   (as FreeBSD's `ctanh`);
//! - `exp` beyond `ln(MAX)`: `(e^(a/2) cis b)·e^(a/2)`;
//! - `expm1`: `expm1(a) cos b - 2 sin²(b/2)` for `|a| < 1/2`;
//!   `log1p`: `log1p(a(2+a) + b²)/2` inside the unit disc.

use num_traits::{Float, FloatConst};

use crate::complex::{divide, multiply, Complex};

/// `f32` or `f64` as a component: std's functions, and the crate's
/// accurate real `asinh` ([`crate::float::asinh`]).
pub trait Part: Float + FloatConst {
    /// [`crate::float::asinh`].
    fn asinh_(self) -> Self;
    /// std's `round_ties_even`.
    fn round_even(self) -> Self;
    /// `e^-|a|` is below half an ulp of 1 beyond this.
    const LARGE: f64;
}

impl Part for f32 {
    fn asinh_(self) -> Self {
        crate::float::asinh(self)
    }
    fn round_even(self) -> Self {
        f32::round_ties_even(self)
    }
    const LARGE: f64 = 9.0;
}

impl Part for f64 {
    fn asinh_(self) -> Self {
        crate::float::asinh(self)
    }
    fn round_even(self) -> Self {
        f64::round_ties_even(self)
    }
    const LARGE: f64 = 22.0;
}

fn c<T: Part>(v: f64) -> T {
    T::from(v).expect("a float constant")
}

fn new<T: Part>(re: T, im: T) -> Complex<T> {
    Complex::new(re, im)
}

/// `f` on `z` with `re(z) >= +0` and `im(z) >= +0` (sign bits), for an odd
/// function with `f(conj(z)) = conj(f(z))`.
fn odd<T: Part>(z: Complex<T>, f: impl Fn(T, T) -> Complex<T>) -> Complex<T> {
    let negated = z.re.is_sign_negative();
    let z = if negated { -z } else { z };
    let w = conjugate(z, f);
    if negated {
        -w
    } else {
        w
    }
}

/// `f` on `z` with `re(z) >= +0` and `im(z) >= +0`, for an even function
/// with `f(conj(z)) = conj(f(z))`.
fn even<T: Part>(z: Complex<T>, f: impl Fn(T, T) -> Complex<T>) -> Complex<T> {
    let z = if z.re.is_sign_negative() { -z } else { z };
    conjugate(z, f)
}

/// `f` on `z` with `im(z) >= +0`, for a function with
/// `f(conj(z)) = conj(f(z))`.
fn conjugate<T: Part>(z: Complex<T>, f: impl Fn(T, T) -> Complex<T>) -> Complex<T> {
    if z.im.is_sign_negative() {
        f(z.re, -z.im).conj()
    } else {
        f(z.re, z.im)
    }
}

/// `z * 1j`: `-b + aj`.
fn times_j<T: Part>(z: Complex<T>) -> Complex<T> {
    new(-z.im, z.re)
}

/// `-1j * w`: `im(w) - re(w) j`.
fn times_minus_j<T: Part>(w: Complex<T>) -> Complex<T> {
    new(w.im, -w.re)
}

/// The principal square root.
pub fn sqrt<T: Part>(z: Complex<T>) -> Complex<T> {
    let (a, b) = (z.re, z.im);
    if a == T::zero() && b == T::zero() {
        return new(T::zero(), b);
    }
    if b.is_infinite() {
        return new(T::infinity(), b);
    }
    if a.is_nan() {
        return new(a, T::nan());
    }
    if a.is_infinite() {
        // +0 + inf j (b finite) or NaN ± inf j; inf ± 0j or inf + NaN j.
        // NaN for a NaN b, a zero otherwise.
        let zero_or_nan = if b.is_nan() { b } else { T::zero() };
        return if a < T::zero() {
            new(zero_or_nan, T::infinity().copysign(b))
        } else {
            new(a, zero_or_nan.copysign(b))
        };
    }
    if b.is_nan() {
        return new(b, b);
    }
    // Scaled by an even power of two near the ends of the range.
    let largest = a.abs().max(b.abs());
    let (z, unscale) = if largest > T::max_value() / c(4.0) {
        (z / c::<T>(4.0), c::<T>(2.0))
    } else if largest < T::min_positive_value() {
        (z * c::<T>(2f64.powi(108)), c::<T>(2f64.powi(-54)))
    } else {
        (z, T::one())
    };
    let (a, b) = (z.re, z.im);
    let t = ((a.abs() + a.hypot(b)) / c(2.0)).sqrt();
    let w = if a >= T::zero() {
        new(t, b / (t + t))
    } else {
        new(b.abs() / (t + t), t.copysign(b))
    };
    w * unscale
}

/// `e^z = e^a cis(b)`.
pub fn exp<T: Part>(z: Complex<T>) -> Complex<T> {
    let (a, b) = (z.re, z.im);
    if b == T::zero() {
        return new(a.exp(), b);
    }
    if a.is_infinite() && !b.is_finite() {
        return if a < T::zero() {
            new(T::zero(), T::zero())
        } else {
            new(a, T::nan())
        };
    }
    if !b.is_finite() || a.is_nan() {
        return new(T::nan(), T::nan());
    }
    let (sin, cos) = b.sin_cos();
    if a > T::max_value().ln() {
        let h = (a / c(2.0)).exp();
        new(h * cos * h, h * sin * h)
    } else {
        let e = a.exp();
        new(e * cos, e * sin)
    }
}

/// `e^z - 1`, accurate near 0.
pub fn expm1<T: Part>(z: Complex<T>) -> Complex<T> {
    let (a, b) = (z.re, z.im);
    if a.is_finite() && b.is_finite() && a.abs() < c(0.5) {
        let (sin, cos) = b.sin_cos();
        let half = (b / c(2.0)).sin();
        return new(a.exp_m1() * cos - c::<T>(2.0) * half * half, a.exp() * sin);
    }
    let e = exp(z);
    new(e.re - T::one(), e.im)
}

/// The principal natural logarithm: `ln|z| + j arg z`.
pub fn log<T: Part>(z: Complex<T>) -> Complex<T> {
    new(z.re.hypot(z.im).ln(), z.im.atan2(z.re))
}

/// `ln(1 + z)`, accurate near 0.
pub fn log1p<T: Part>(z: Complex<T>) -> Complex<T> {
    let (a, b) = (z.re, z.im);
    if !(a.is_finite() && b.is_finite()) {
        return log(new(T::one() + a, b));
    }
    let x = T::one() + a;
    let re = if a.abs() < T::one() && b.abs() < T::one() {
        (a * (c::<T>(2.0) + a) + b * b).ln_1p() / c(2.0)
    } else {
        x.hypot(b).ln()
    };
    new(re, b.atan2(x))
}

/// `log(z) / log(2)`, as the standard asks.
pub fn log2<T: Part>(z: Complex<T>) -> Complex<T> {
    log(z) / T::LN_2()
}

/// `log(z) / log(10)`, as the standard asks.
pub fn log10<T: Part>(z: Complex<T>) -> Complex<T> {
    log(z) / T::LN_10()
}

/// `exp(x2 * log(x1))`, as the standard asks; `x1 ** 0` is 1 (the
/// standard allows handling special cases "more carefully").
pub fn pow<T: Part>(x1: Complex<T>, x2: Complex<T>) -> Complex<T> {
    if x2.re == T::zero() && x2.im == T::zero() {
        return new(T::one(), T::zero());
    }
    exp(multiply(x2, log(x1)))
}

/// `cosh(a) cos(b) + sinh(a) sin(b) j`.
pub fn cosh<T: Part>(z: Complex<T>) -> Complex<T> {
    even(z, |a, b| {
        if b == T::zero() {
            return new(a.cosh(), b);
        }
        if a == T::zero() && !b.is_finite() {
            return new(T::nan(), T::zero());
        }
        if a.is_infinite() && !b.is_finite() {
            return new(a, T::nan());
        }
        let (sin, cos) = b.sin_cos();
        if a > c(T::LARGE) {
            let h = (a / c(2.0)).exp();
            new(h * cos / c(2.0) * h, h * sin / c(2.0) * h)
        } else {
            new(a.cosh() * cos, a.sinh() * sin)
        }
    })
}

/// `sinh(a) cos(b) + cosh(a) sin(b) j`.
pub fn sinh<T: Part>(z: Complex<T>) -> Complex<T> {
    odd(z, |a, b| {
        if b == T::zero() {
            return new(a.sinh(), b);
        }
        if a == T::zero() && !b.is_finite() {
            return new(a, T::nan());
        }
        if a.is_infinite() && !b.is_finite() {
            return new(a, T::nan());
        }
        let (sin, cos) = b.sin_cos();
        if a > c(T::LARGE) {
            let h = (a / c(2.0)).exp();
            new(h * cos / c(2.0) * h, h * sin / c(2.0) * h)
        } else {
            new(a.sinh() * cos, a.cosh() * sin)
        }
    })
}

/// `tanh(z)`, by Kahan's formula (see the module's doc).
pub fn tanh<T: Part>(z: Complex<T>) -> Complex<T> {
    odd(z, |a, b| {
        if a.is_nan() {
            return if b == T::zero() {
                new(a, b)
            } else {
                new(a, T::nan())
            };
        }
        if a.is_infinite() {
            // 1 + 0 * sin(2b) j (C99); ±0 where b is not finite.
            let im = if b.is_finite() {
                T::zero().copysign((b + b).sin())
            } else {
                T::zero()
            };
            return new(T::one(), im);
        }
        if !b.is_finite() {
            return if a == T::zero() {
                new(a, T::nan())
            } else {
                new(T::nan(), T::nan())
            };
        }
        if a > c(T::LARGE) {
            let e = (-a).exp();
            let (sin, cos) = b.sin_cos();
            return new(T::one(), c::<T>(4.0) * sin * cos * e * e);
        }
        let t = b.tan();
        let beta = T::one() + t * t;
        let s = a.sinh();
        let rho = (T::one() + s * s).sqrt();
        let denominator = T::one() + beta * s * s;
        new(beta * rho * s / denominator, t / denominator)
    })
}

/// `cos(z) = cosh(z * 1j)`.
pub fn cos<T: Part>(z: Complex<T>) -> Complex<T> {
    cosh(times_j(z))
}

/// `sin(z) = -1j * sinh(z * 1j)`.
pub fn sin<T: Part>(z: Complex<T>) -> Complex<T> {
    times_minus_j(sinh(times_j(z)))
}

/// `tan(z) = -1j * tanh(z * 1j)`.
pub fn tan<T: Part>(z: Complex<T>) -> Complex<T> {
    times_minus_j(tanh(times_j(z)))
}

/// Kahan's `sqrt(1 - z)` and `sqrt(1 + z)`, on finite `z`.
fn roots<T: Part>(z: Complex<T>) -> (Complex<T>, Complex<T>) {
    let one_minus = new(T::one() - z.re, -z.im);
    let one_plus = new(T::one() + z.re, z.im);
    (sqrt(one_minus), sqrt(one_plus))
}

/// The principal `asinh`, as `-1j * asin(z*1j)` by Kahan's `asin`
/// procedure for finite operands: `asin(w) = atan(re(w) / re(s1 s2)) +
/// asinh(im(conj(s1) s2)) j` with `s1 = sqrt(1 - w)`, `s2 = sqrt(1 + w)`.
pub fn asinh<T: Part>(z: Complex<T>) -> Complex<T> {
    odd(z, |a, b| {
        if b.is_infinite() {
            return if a.is_nan() {
                new(b, a)
            } else if a.is_infinite() {
                new(a, T::FRAC_PI_4())
            } else {
                new(b, T::FRAC_PI_2())
            };
        }
        if a.is_infinite() {
            return new(a, if b.is_nan() { b } else { T::zero() });
        }
        if a.is_nan() {
            return new(a, if b == T::zero() { b } else { T::nan() });
        }
        if b.is_nan() {
            return new(b, b);
        }
        let w = times_j(new(a, b));
        let (s1, s2) = roots(w);
        let xi = w.re.atan2(s1.re * s2.re - s1.im * s2.im);
        let eta = (s1.re * s2.im - s1.im * s2.re).asinh_();
        times_minus_j(new(xi, eta))
    })
}

/// `asin(z) = -1j * asinh(z * 1j)`.
pub fn asin<T: Part>(z: Complex<T>) -> Complex<T> {
    times_minus_j(asinh(times_j(z)))
}

/// The principal `acos`, by Kahan's procedure for finite operands:
/// `2 atan(re(s1) / re(s2)) + asinh(im(conj(s2) s1)) j`, `s1 = sqrt(1 - z)`,
/// `s2 = sqrt(1 + z)`.
pub fn acos<T: Part>(z: Complex<T>) -> Complex<T> {
    conjugate(z, |a, b| {
        let inf = T::infinity();
        if b.is_infinite() {
            let re = if a.is_nan() {
                a
            } else if a == -inf {
                c::<T>(3.0) * T::FRAC_PI_4()
            } else if a == inf {
                T::FRAC_PI_4()
            } else {
                T::FRAC_PI_2()
            };
            return new(re, -inf);
        }
        if a.is_infinite() {
            return if b.is_nan() {
                new(b, inf)
            } else if a < T::zero() {
                new(T::PI(), -inf)
            } else {
                new(T::zero(), -inf)
            };
        }
        if b.is_nan() {
            return new(if a == T::zero() { T::FRAC_PI_2() } else { b }, b);
        }
        if a.is_nan() {
            return new(a, a);
        }
        let (s1, s2) = roots(new(a, b));
        let xi = c::<T>(2.0) * s1.re.atan2(s2.re);
        let eta = (s2.re * s1.im - s2.im * s1.re).asinh_();
        new(xi, eta)
    })
}

/// The principal `acosh`, by Kahan's procedure for finite operands:
/// `asinh(re(conj(s1) s2)) + 2 atan(im(s1) / re(s2)) j`, `s1 = sqrt(z - 1)`,
/// `s2 = sqrt(z + 1)`.
pub fn acosh<T: Part>(z: Complex<T>) -> Complex<T> {
    conjugate(z, |a, b| {
        let inf = T::infinity();
        if b.is_infinite() {
            let im = if a.is_nan() {
                a
            } else if a == -inf {
                c::<T>(3.0) * T::FRAC_PI_4()
            } else if a == inf {
                T::FRAC_PI_4()
            } else {
                T::FRAC_PI_2()
            };
            return new(inf, im);
        }
        if a.is_infinite() {
            return if b.is_nan() {
                new(inf, b)
            } else if a < T::zero() {
                new(inf, T::PI())
            } else {
                new(inf, T::zero())
            };
        }
        if b.is_nan() {
            return new(b, if a == T::zero() { T::FRAC_PI_2() } else { b });
        }
        if a.is_nan() {
            return new(a, a);
        }
        let s1 = sqrt(new(a - T::one(), b));
        let s2 = sqrt(new(a + T::one(), b));
        let xi = (s1.re * s2.re + s1.im * s2.im).asinh_();
        let eta = c::<T>(2.0) * s1.im.atan2(s2.re);
        new(xi, eta)
    })
}

/// The principal `atanh` (see the module's doc for the finite formulas).
pub fn atanh<T: Part>(z: Complex<T>) -> Complex<T> {
    odd(z, |a, b| {
        if b.is_infinite() {
            return new(T::zero(), T::FRAC_PI_2());
        }
        if a.is_infinite() {
            return new(T::zero(), if b.is_nan() { b } else { T::FRAC_PI_2() });
        }
        if a.is_nan() || b.is_nan() {
            return if a == T::zero() {
                new(a, b)
            } else {
                new(T::nan(), T::nan())
            };
        }
        if a == T::one() && b == T::zero() {
            return new(T::infinity(), b);
        }
        let theta = T::max_value().sqrt() / c(4.0);
        if a > theta || b > theta {
            let inverse = divide(new(T::one(), T::zero()), new(a, b));
            return new(inverse.re, T::FRAC_PI_2());
        }
        let distance = (T::one() - a).hypot(b);
        let re = if distance < c(0.5) {
            ((T::one() + a).hypot(b).ln() - distance.ln()) / c(2.0)
        } else {
            (c::<T>(4.0) * a / (distance * distance)).ln_1p() / c(4.0)
        };
        let im = (b + b).atan2((T::one() - a) * (T::one() + a) - b * b) / c(2.0);
        new(re, im)
    })
}

/// `atan(z) = -1j * atanh(z * 1j)`.
pub fn atan<T: Part>(z: Complex<T>) -> Complex<T> {
    times_minus_j(atanh(times_j(z)))
}

/// `z / |z|`; `0 + 0j` at zero, `NaN + NaN j` where a component is NaN,
/// and for an infinite operand the limit along its direction (the
/// standard leaves infinities to the implementation's division).
pub fn sign<T: Part>(z: Complex<T>) -> Complex<T> {
    let (a, b) = (z.re, z.im);
    if a.is_nan() || b.is_nan() {
        return new(T::nan(), T::nan());
    }
    if a == T::zero() && b == T::zero() {
        return new(T::zero(), T::zero());
    }
    let unit = |v: T| {
        if v.is_infinite() {
            T::one().copysign(v)
        } else {
            v * T::zero()
        }
    };
    let (a, b) = if a.is_infinite() || b.is_infinite() {
        (unit(a), unit(b))
    } else {
        let largest = a.abs().max(b.abs());
        (a / largest, b / largest)
    };
    let h = a.hypot(b);
    new(a / h, b / h)
}

/// `1 / z`, as [`divide`].
pub fn reciprocal<T: Part>(z: Complex<T>) -> Complex<T> {
    divide(new(T::one(), T::zero()), z)
}

/// Each component rounded to the nearest integer, ties to even.
pub fn round<T: Part>(z: Complex<T>) -> Complex<T> {
    new(z.re.round_even(), z.im.round_even())
}

#[cfg(test)]
mod tests {
    use super::*;

    type C = Complex<f64>;

    /// `|got - want| <= ulps * eps * |want|` (per component relative to
    /// the magnitude).
    fn close(got: C, want: C, ulps: f64) -> bool {
        (got - want).norm() <= ulps * f64::EPSILON * want.norm().max(f64::MIN_POSITIVE)
    }

    /// Points off the branch cuts, small, moderate and large.
    fn points() -> Vec<C> {
        let mut out = vec![];
        for &re in &[0.3, -0.7, 1.5, -2.25, 1e-8, 12.0, -40.0] {
            for &im in &[0.2, -0.6, 1.25, -3.5, 1e-9, 7.0] {
                out.push(C::new(re, im));
            }
        }
        out
    }

    #[test]
    fn agree_with_textbook_formulas_where_those_are_accurate() {
        // num-complex's formulas are the textbook ones, accurate away from
        // overflow and cancellation (moderate |z| and not too small).
        for z in points()
            .into_iter()
            .filter(|z| z.norm() > 0.1 && z.norm() < 10.0)
        {
            let pairs: [(&str, C, C); 13] = [
                ("sqrt", sqrt(z), z.sqrt()),
                ("exp", exp(z), z.exp()),
                ("log", log(z), z.ln()),
                ("cosh", cosh(z), z.cosh()),
                ("sinh", sinh(z), z.sinh()),
                ("tanh", tanh(z), z.tanh()),
                ("cos", cos(z), z.cos()),
                ("sin", sin(z), z.sin()),
                ("tan", tan(z), z.tan()),
                ("asinh", asinh(z), z.asinh()),
                ("acos", acos(z), z.acos()),
                ("acosh", acosh(z), z.acosh()),
                ("atanh", atanh(z), z.atanh()),
            ];
            for (name, got, want) in pairs {
                assert!(
                    close(got, want, 64.0),
                    "{name}({z}) = {got}, textbook {want}"
                );
            }
            assert!(close(asin(z), z.asin(), 64.0), "asin({z})");
            assert!(close(atan(z), z.atan(), 64.0), "atan({z})");
            assert!(close(expm1(z), z.exp() - 1.0, 64.0), "expm1({z})");
            assert!(close(log1p(z), (z + 1.0).ln(), 64.0), "log1p({z})");
            assert!(close(log2(z), z.log2(), 64.0), "log2({z})");
            assert!(close(log10(z), z.log10(), 64.0), "log10({z})");
            let w = C::new(0.5, -1.5);
            assert!(close(pow(z, w), z.powc(w), 256.0), "pow({z})");
        }
    }

    #[test]
    fn inverses_undo_their_functions() {
        // Not near 0, where cosh and cos at ±π/2 j (acosh(0), acos(0)'s
        // neighbourhood) lose the digits of z to cancellation.
        for z in points().into_iter().filter(|z| z.norm() > 0.1) {
            // Inside the principal strips.
            if z.im.abs() < 1.5 && z.re.abs() < 20.0 {
                assert!(close(asinh(sinh(z)), z, 256.0), "asinh(sinh({z}))");
                if z.re.abs() < 3.0 {
                    // Beyond, tanh(z) is 1 to within e^-2|a| and atanh
                    // cannot give z back from it.
                    assert!(close(atanh(tanh(z)), z, 256.0), "atanh(tanh({z}))");
                }
            }
            assert!(close(sinh(asinh(z)), z, 256.0), "sinh(asinh({z}))");
            assert!(close(cosh(acosh(z)), z, 256.0), "cosh(acosh({z}))");
            assert!(close(cos(acos(z)), z, 256.0), "cos(acos({z}))");
            assert!(close(sin(asin(z)), z, 256.0), "sin(asin({z}))");
            assert!(close(tan(atan(z)), z, 256.0), "tan(atan({z}))");
            assert!(close(exp(log(z)), z, 64.0), "exp(log({z}))");
            let r = sqrt(z);
            assert!(close(r * r, z, 16.0), "sqrt({z})^2");
        }
    }

    #[test]
    fn no_overflow_before_the_result_overflows() {
        let big = C::new(1e300, 1e300);
        let r = sqrt(big);
        assert!(r.re.is_finite() && r.im.is_finite(), "{r}");
        assert!(close(r * r, big, 16.0), "{r}");
        // asinh(z) ~ ln(2z) for large z.
        let want = (big * 2.0).ln();
        assert!(close(asinh(big), want, 16.0), "{}", asinh(big));
        assert!(close(acosh(big), want, 16.0), "{}", acosh(big));
        let a = atanh(big);
        assert!(a.re > 0.0 && a.re < 1e-299, "{a}");
        assert!((a.im - std::f64::consts::FRAC_PI_2).abs() < 1e-15, "{a}");
        // cosh(711 + 1.5j): cosh(711) overflows, its product with cos(1.5)
        // does not.
        let z = cosh(C::new(711.0, 1.5));
        assert!(z.re.is_finite() && z.im.is_infinite(), "{z}");
        let e = exp(C::new(709.9, 1.55));
        assert!(e.re.is_finite(), "{e}");
        // Tiny operands keep their digits.
        let tiny = C::new(3e-320, 4e-320);
        let r = sqrt(tiny);
        assert!(close(r * r, tiny, 1e5), "{r}");
    }

    #[test]
    fn small_operands_keep_their_digits() {
        let z = C::new(1e-20, 1e-20);
        assert!(close(expm1(z), z, 4.0), "{}", expm1(z));
        assert!(close(log1p(z), z, 4.0), "{}", log1p(z));
        assert!(close(asinh(z), z, 4.0), "{}", asinh(z));
        assert!(close(asin(z), z, 4.0), "{}", asin(z));
        assert!(close(atanh(z), z, 4.0), "{}", atanh(z));
        assert!(close(atan(z), z, 4.0), "{}", atan(z));
        assert!(close(tanh(z), z, 4.0), "{}", tanh(z));
        assert!(close(sinh(z), z, 4.0), "{}", sinh(z));
    }

    #[test]
    fn branch_cuts_are_continuous_from_the_side_the_zero_names() {
        let pi = std::f64::consts::PI;
        // sqrt(-4 ± 0j) = ±2j; log(-1 ± 0j) = ±πj.
        assert_eq!(sqrt(C::new(-4.0, 0.0)), C::new(0.0, 2.0));
        assert_eq!(sqrt(C::new(-4.0, -0.0)), C::new(0.0, -2.0));
        assert!(close(log(C::new(-1.0, -0.0)), C::new(0.0, -pi), 2.0));
        // acos(2 ± 0j) = ∓ acosh(2) j (C99's sign).
        let a = acos(C::new(2.0, 0.0));
        assert!(a.re == 0.0 && a.im < 0.0, "{a}");
        let a = acos(C::new(2.0, -0.0));
        assert!(a.re == 0.0 && a.im > 0.0, "{a}");
        // atanh(2 + 0j) has imaginary part +π/2, atanh(2 - 0j) -π/2.
        assert!(atanh(C::new(2.0, 0.0)).im > 0.0);
        assert!(atanh(C::new(2.0, -0.0)).im < 0.0);
    }

    /// A kernel as the special-case rules see it: components in, the
    /// result's `[real, imag]` out.
    type Kernel = fn(&[f64], bool) -> [f64; 2];

    fn unary<F32, F64>(f32_: F32, f64_: F64, z: &[f64], single: bool) -> [f64; 2]
    where
        F32: Fn(Complex<f32>) -> Complex<f32>,
        F64: Fn(C) -> C,
    {
        if single {
            let w = f32_(Complex::new(z[0] as f32, z[1] as f32));
            [w.re as f64, w.im as f64]
        } else {
            let w = f64_(C::new(z[0], z[1]));
            [w.re, w.im]
        }
    }

    macro_rules! kernels {
        ($($name:ident),*) => {
            vec![$((
                stringify!($name),
                (|z: &[f64], single: bool| unary($name::<f32>, $name::<f64>, z, single)) as Kernel,
            )),*]
        };
    }

    #[test]
    fn every_complex_special_case_holds() {
        use crate::special_cases::{ComplexRules, Precision};
        let mut kernels: Vec<(&str, Kernel)> = kernels!(
            sqrt, exp, expm1, log, log1p, log2, log10, cosh, sinh, tanh, cos, sin, tan, asinh,
            asin, acos, acosh, atanh, atan, sign, round
        );
        kernels.push(("pow", |z, single| {
            if single {
                let w = pow(
                    Complex::new(z[0] as f32, z[1] as f32),
                    Complex::new(z[2] as f32, z[3] as f32),
                );
                [w.re as f64, w.im as f64]
            } else {
                let w = pow(C::new(z[0], z[1]), C::new(z[2], z[3]));
                [w.re, w.im]
            }
        }));
        let mut checked = 0;
        for (name, kernel) in kernels {
            let Some(rules) = ComplexRules::of(name) else {
                continue;
            };
            for (single, precision) in [(true, Precision::F32), (false, Precision::F64)] {
                for (row, z) in rules.witnesses_in(precision) {
                    let actual = kernel(&z, single);
                    if let Some((_, verdict)) = rules.check_in(precision, &z, actual) {
                        checked += 1;
                        assert!(
                            verdict.is_ok(),
                            "{name}{z:?} = {actual:?}: {row}: {verdict:?}"
                        );
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn sign_round_and_reciprocal() {
        assert_eq!(sign(C::new(3.0, -4.0)), C::new(0.6, -0.8));
        assert_eq!(sign(C::new(-0.0, 0.0)), C::new(0.0, 0.0));
        assert!(sign(C::new(f64::NAN, 1.0)).im.is_nan());
        let s = sign(C::new(f64::MAX, f64::MAX));
        assert!(close(s, C::new(0.5f64.sqrt(), 0.5f64.sqrt()), 2.0), "{s}");
        assert_eq!(sign(C::new(f64::INFINITY, 1.0)), C::new(1.0, 0.0));
        let r = round(C::new(2.5, -0.5));
        assert_eq!(r, C::new(2.0, -0.0));
        assert!(r.im.is_sign_negative());
        assert_eq!(round(C::new(3.5, -1.7)), C::new(4.0, -2.0));
        assert_eq!(reciprocal(C::new(0.0, 2.0)), C::new(0.0, -0.5));
        assert_eq!(
            round(C::new(f32::MAX as f64, 0.49999999999999994)),
            C::new(f32::MAX as f64, 0.0)
        );
    }
}
