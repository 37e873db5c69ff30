//! The standard's per-element definitions of the elementwise functions on
//! complex values (`complex64`, `complex128`), written once for the
//! reference and every backend built on this crate, as [`crate::float`]
//! is for real floats.
//!
//! Addition, subtraction and multiplication are the textbook formulas the
//! standard gives, each real operation IEEE in the component precision, so
//! the real special cases apply to each component operation independently
//! (the standard's rule for complex operands): `(a+bj)(c+dj) = (ac-bd) +
//! (ad+bc)j`. Division scales as Smith's algorithm does, so that a finite
//! quotient of finite operands does not overflow or vanish in the
//! intermediate `c²+d²` (the standard allows any method; the comparison's
//! tolerance, relative to the magnitude, absorbs the difference between
//! methods for ordinary values). `abs` is `hypot(re, im)`; `sqrt`, `exp`
//! and `log` are those of [`crate::complex_elementary`], which follow the
//! standard's complex special cases (C99 Annex G).

use num_traits::Float;

use crate::complex_elementary::Part;

/// The complex element type, re-exported from the strategies.
pub use conformance_strategies::Complex;

/// `|z|`: `hypot(re, im)`, without overflow for large components.
pub fn abs<T: Float>(z: Complex<T>) -> T {
    z.re.hypot(z.im)
}

/// `a + b`, component by component.
pub fn add<T: Float>(a: Complex<T>, b: Complex<T>) -> Complex<T> {
    Complex::new(a.re + b.re, a.im + b.im)
}

/// `a - b`, component by component.
pub fn subtract<T: Float>(a: Complex<T>, b: Complex<T>) -> Complex<T> {
    Complex::new(a.re - b.re, a.im - b.im)
}

/// `(ac - bd) + (ad + bc)j`.
pub fn multiply<T: Float>(a: Complex<T>, b: Complex<T>) -> Complex<T> {
    Complex::new(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
}

/// `z * z`, as [`multiply`].
pub fn square<T: Float>(z: Complex<T>) -> Complex<T> {
    multiply(z, z)
}

/// `a / b` by Smith's algorithm: divide through by the larger component of
/// `b`, so `c² + d²` is never formed. A zero, infinite or NaN divisor
/// takes the textbook formula, whose IEEE operations give the infinities
/// and NaNs of the real special cases per component.
pub fn divide<T: Float>(a: Complex<T>, b: Complex<T>) -> Complex<T> {
    let (c, d) = (b.re, b.im);
    if !(c.is_finite() && d.is_finite()) || (c == T::zero() && d == T::zero()) {
        let n = c * c + d * d;
        return Complex::new((a.re * c + a.im * d) / n, (a.im * c - a.re * d) / n);
    }
    if c.abs() >= d.abs() {
        let r = d / c;
        let den = c + d * r;
        Complex::new((a.re + a.im * r) / den, (a.im - a.re * r) / den)
    } else {
        let r = c / d;
        let den = c * r + d;
        Complex::new((a.re * r + a.im) / den, (a.im * r - a.re) / den)
    }
}

/// The principal square root ([`crate::complex_elementary::sqrt`]).
pub fn sqrt<T: Part>(z: Complex<T>) -> Complex<T> {
    crate::complex_elementary::sqrt(z)
}

/// `e^z = e^re (cos im + j sin im)` ([`crate::complex_elementary::exp`]).
pub fn exp<T: Part>(z: Complex<T>) -> Complex<T> {
    crate::complex_elementary::exp(z)
}

/// The principal natural logarithm: `ln|z| + j arg z`
/// ([`crate::complex_elementary::log`]).
pub fn log<T: Part>(z: Complex<T>) -> Complex<T> {
    crate::complex_elementary::log(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_follows_the_textbook_formulas() {
        let (a, b) = (Complex::new(1.0f64, 2.0), Complex::new(3.0, -4.0));
        assert_eq!(add(a, b), Complex::new(4.0, -2.0));
        assert_eq!(subtract(a, b), Complex::new(-2.0, 6.0));
        assert_eq!(multiply(a, b), Complex::new(11.0, 2.0));
        assert_eq!(square(a), Complex::new(-3.0, 4.0));
        assert_eq!(abs(b), 5.0);
        let q = divide(Complex::new(11.0, 2.0), b);
        assert!((q - a).norm() < 1e-15, "{q}");
    }

    #[test]
    fn division_does_not_overflow_in_between() {
        // c² + d² overflows f64; the quotient is 1.
        let big = Complex::new(1e300f64, 1e300);
        let q = divide(big, big);
        assert!((q - Complex::new(1.0, 0.0)).norm() < 1e-15, "{q}");
        let tiny = Complex::new(1e-300f64, -1e-300);
        let q = divide(tiny, tiny);
        assert!((q - Complex::new(1.0, 0.0)).norm() < 1e-15, "{q}");
        // By zero: no finite component (the textbook formula's 0/0 is NaN).
        let z = divide(Complex::new(1.0f32, 0.0), Complex::new(0.0, 0.0));
        assert!(!z.re.is_finite() && !z.im.is_finite(), "{z}");
    }

    #[test]
    fn principal_branches() {
        let i = Complex::new(0.0f64, 1.0);
        assert!((sqrt(Complex::new(-4.0, 0.0)) - 2.0 * i).norm() < 1e-15);
        assert!((exp(Complex::new(0.0, std::f64::consts::PI)) + 1.0).norm() < 1e-15);
        assert!((log(Complex::new(-1.0, 0.0)) - std::f64::consts::PI * i).norm() < 1e-15);
    }
}
