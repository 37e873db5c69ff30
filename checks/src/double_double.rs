//! The discrete Fourier transform by its definition, in double-double
//! arithmetic (about 106 bits): `X_k = Σ_j x_j exp(∓2πi jk/n)`, each
//! twiddle factor from the exact integer `jk mod n`, each product and sum
//! carried with its rounding error (Dekker's and Knuth's error-free
//! transformations). Its error, about `n · 2^-104 · ‖x‖₁`, is far below
//! any float64 transform's, so for the small sizes it is used at it is the
//! definition itself, independent of the reference's FFT.

use std::f64::consts::FRAC_PI_2;

use array_api::fft::Direction;
use conformance_strategies::Complex;

/// A double-double number: `hi + lo` with `|lo| ≤ ulp(hi) / 2`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Dd {
    hi: f64,
    lo: f64,
}

/// `a + b` exactly, as a rounded sum and its error (Knuth).
fn two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    let bb = s - a;
    Dd {
        hi: s,
        lo: (a - (s - bb)) + (b - bb),
    }
}

/// `a · b` exactly, as a rounded product and its error (by `mul_add`).
fn two_prod(a: f64, b: f64) -> Dd {
    let p = a * b;
    Dd {
        hi: p,
        lo: a.mul_add(b, -p),
    }
}

impl Dd {
    const ZERO: Dd = Dd { hi: 0.0, lo: 0.0 };

    fn from(x: f64) -> Dd {
        Dd { hi: x, lo: 0.0 }
    }

    fn normalized(hi: f64, lo: f64) -> Dd {
        let s = hi + lo;
        Dd {
            hi: s,
            lo: lo - (s - hi),
        }
    }

    fn add(self, o: Dd) -> Dd {
        let s = two_sum(self.hi, o.hi);
        let t = two_sum(self.lo, o.lo);
        let s = Dd::normalized(s.hi, s.lo + t.hi);
        Dd::normalized(s.hi, s.lo + t.lo)
    }

    fn neg(self) -> Dd {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }

    fn mul(self, o: Dd) -> Dd {
        let p = two_prod(self.hi, o.hi);
        Dd::normalized(p.hi, p.lo + (self.hi * o.lo + self.lo * o.hi))
    }

    /// `self / d` for a float `d` (one Newton correction).
    fn div(self, d: f64) -> Dd {
        let q = self.hi / d;
        let r = self.add(two_prod(q, d).neg());
        Dd::normalized(q, r.hi / d)
    }
}

/// `π/2` in double-double.
const HALF_PI: Dd = Dd {
    hi: FRAC_PI_2,
    lo: 6.123_233_995_736_766e-17,
};

/// `(sin φ, cos φ)` for `|φ| ≤ π/4` by their Taylor series.
fn sin_cos(phi: Dd) -> (Dd, Dd) {
    let phi2 = phi.mul(phi);
    let (mut sin, mut cos) = (Dd::ZERO, Dd::ZERO);
    let (mut s_term, mut c_term) = (phi, Dd::from(1.0));
    for i in 1..=15u32 {
        sin = sin.add(s_term);
        cos = cos.add(c_term);
        let i = f64::from(i);
        s_term = s_term.mul(phi2).neg().div((2.0 * i) * (2.0 * i + 1.0));
        c_term = c_term.mul(phi2).neg().div((2.0 * i - 1.0) * (2.0 * i));
    }
    (sin, cos)
}

/// `exp(∓2πi k/n)` in double-double, from the nearest quarter turn and a
/// remaining angle of at most π/4.
fn unit_root(k: u128, n: u128, direction: Direction) -> (Dd, Dd) {
    let k = k % n;
    let quarter = (4 * k + n / 2) / n;
    let j = (4 * k) as i128 - (quarter * n) as i128;
    let ratio = Dd::from(j as f64).div(n as f64);
    let (s, c) = sin_cos(HALF_PI.mul(ratio));
    let (re, im) = match quarter % 4 {
        0 => (c, s),
        1 => (s.neg(), c),
        2 => (c.neg(), s.neg()),
        _ => (s, c.neg()),
    };
    match direction {
        Direction::Inverse => (re, im),
        Direction::Forward => (re, im.neg()),
    }
}

/// The unnormalised DFT of `x` by its definition, rounded once to f64.
pub(crate) fn dft(x: &[Complex<f64>], direction: Direction) -> Vec<Complex<f64>> {
    let n = x.len() as u128;
    (0..n)
        .map(|k| {
            let (mut re, mut im) = (Dd::ZERO, Dd::ZERO);
            for (j, v) in x.iter().enumerate() {
                let (wr, wi) = unit_root(j as u128 * k, n, direction);
                let (xr, xi) = (Dd::from(v.re), Dd::from(v.im));
                re = re.add(xr.mul(wr)).add(xi.mul(wi).neg());
                im = im.add(xr.mul(wi)).add(xi.mul(wr));
            }
            Complex::new(re.hi + re.lo, im.hi + im.lo)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twiddles_are_accurate_beyond_f64() {
        // cos(π/4)² = 1/2 and sin² + cos² = 1 to about 2^-100.
        let (s, c) = sin_cos(HALF_PI.div(2.0));
        let half = c.mul(c).add(Dd::from(-0.5));
        assert!(half.hi.abs() < 1e-30, "{half:?}");
        for (k, n) in [(1u128, 7u128), (3, 11), (5, 16), (2, 3)] {
            let (re, im) = unit_root(k, n, Direction::Forward);
            let one = re.mul(re).add(im.mul(im)).add(Dd::from(-1.0));
            assert!(one.hi.abs() < 1e-30, "{k}/{n}: {one:?}");
        }
        assert!(s.add(c.neg()).hi.abs() < 1e-30);
    }

    #[test]
    fn the_definition_of_small_transforms() {
        let x = [1.0, 2.0, 3.0, 4.0].map(|v| Complex::new(v, 0.0));
        let y = dft(&x, Direction::Forward);
        let want = [(10.0, 0.0), (-2.0, 2.0), (-2.0, 0.0), (-2.0, -2.0)];
        for (a, (re, im)) in y.iter().zip(want) {
            assert!(
                (a.re - re).abs() < 1e-15 && (a.im - im).abs() < 1e-15,
                "{y:?}"
            );
        }
        // A cosine of frequency 1 over 7 points: 3.5 at k = 1 and 6.
        let c: Vec<_> = (0..7)
            .map(|j| Complex::new((2.0 * std::f64::consts::PI * j as f64 / 7.0).cos(), 0.0))
            .collect();
        let y = dft(&c, Direction::Inverse);
        assert!((y[1].re - 3.5).abs() < 1e-14 && y[2].norm() < 1e-14);
    }
}
