//! The one-dimensional discrete Fourier transform of any length, in f64:
//! `X_k = Σ_j x_j exp(∓2πi jk/n)`, unnormalised. Powers of two by the
//! iterative radix-2 Cooley-Tukey algorithm; every other length (primes
//! included) by Bluestein's chirp-z algorithm, which writes the transform
//! as a convolution and computes that with radix-2 transforms of a power
//! of two `m ≥ 2n - 1`.
//!
//! Accuracy is what the checks' tolerance rests on. Every twiddle factor
//! `exp(2πi k/n)` is computed from the exact integer ratio `k/n`, reduced
//! to an angle of at most π/4 and rotated by exact quarter turns, so its
//! error is about one rounding (μ ≈ u); Bluestein's chirp
//! `exp(πi k²/n)` reduces `k² mod 2n` in integers first, so it stays
//! accurate for any `k`. With μ ≈ u the radix-2 transform's normwise error
//! is at most `log2(n) η` with `η = μ + γ₄(√2 + μ) ≈ 7u` (Higham, Accuracy
//! and Stability of Numerical Algorithms, Thm 24.2); Bluestein's three
//! transforms of length `m ≤ 4n` and two chirp products stay within about
//! three times that. complex64 data are transformed in f64 and rounded
//! once, so for them the reference is exact to the last place.

use array_api::fft::Direction;
use conformance_strategies::Complex;

type C64 = Complex<f64>;

/// `exp(sign · 2πi k/n)` for `k` in `0..n`, accurate to about one rounding.
pub(crate) fn unit_root(k: u128, n: u128, direction: Direction) -> C64 {
    let k = k % n;
    // The nearest quarter turn, and what is left: |j| ≤ n/2, so the
    // remaining angle (π/2)(j/n) is at most π/4.
    let quarter = (4 * k + n / 2) / n;
    let j = (4 * k) as i128 - (quarter * n) as i128;
    let angle = std::f64::consts::FRAC_PI_2 * (j as f64 / n as f64);
    let (s, c) = angle.sin_cos();
    let (re, im) = match quarter % 4 {
        0 => (c, s),
        1 => (-s, c),
        2 => (-c, -s),
        _ => (s, -c),
    };
    match direction {
        Direction::Inverse => C64::new(re, im),
        Direction::Forward => C64::new(re, -im),
    }
}

/// The unnormalised transform of `x` in place, for any length.
pub(crate) fn transform(x: &mut [C64], direction: Direction) {
    let n = x.len();
    if n <= 1 {
        return;
    }
    if n.is_power_of_two() {
        radix2(x, direction);
    } else {
        bluestein(x, direction);
    }
}

/// Iterative radix-2 decimation in time, for a power-of-two length.
fn radix2(x: &mut [C64], direction: Direction) {
    let n = x.len();
    let bits = n.trailing_zeros();
    for i in 0..n {
        let r = i.reverse_bits() >> (usize::BITS - bits);
        if i < r {
            x.swap(i, r);
        }
    }
    let twiddles: Vec<C64> = (0..n / 2)
        .map(|k| unit_root(k as u128, n as u128, direction))
        .collect();
    let mut len = 2;
    while len <= n {
        let stride = n / len;
        for start in (0..n).step_by(len) {
            for k in 0..len / 2 {
                let w = twiddles[k * stride];
                let a = x[start + k];
                let b = x[start + k + len / 2] * w;
                x[start + k] = a + b;
                x[start + k + len / 2] = a - b;
            }
        }
        len *= 2;
    }
}

/// Bluestein: with `jk = (k² + j² - (k-j)²)/2`,
/// `X_k = c_k Σ_j (x_j c_j) conj(c_{k-j})` for the chirp
/// `c_k = exp(∓πi k²/n)`: a convolution, computed with radix-2 transforms
/// of a power of two `m ≥ 2n - 1`.
fn bluestein(x: &mut [C64], direction: Direction) {
    let n = x.len();
    let m = (2 * n - 1).next_power_of_two();
    let chirp: Vec<C64> = (0..n)
        .map(|k| {
            let k2 = (k as u128 * k as u128) % (2 * n as u128);
            unit_root(k2, 2 * n as u128, direction)
        })
        .collect();
    let mut a = vec![C64::new(0.0, 0.0); m];
    for (k, v) in x.iter().enumerate() {
        a[k] = v * chirp[k];
    }
    let mut b = vec![C64::new(0.0, 0.0); m];
    b[0] = chirp[0].conj();
    for k in 1..n {
        b[k] = chirp[k].conj();
        b[m - k] = chirp[k].conj();
    }
    radix2(&mut a, Direction::Forward);
    radix2(&mut b, Direction::Forward);
    for (p, q) in a.iter_mut().zip(&b) {
        *p *= q;
    }
    radix2(&mut a, Direction::Inverse);
    let scale = 1.0 / m as f64;
    for (k, out) in x.iter_mut().enumerate() {
        *out = a[k] * chirp[k] * scale;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct sum, with the same accurate twiddles.
    fn direct(x: &[C64], direction: Direction) -> Vec<C64> {
        let n = x.len() as u128;
        (0..n)
            .map(|k| {
                x.iter()
                    .enumerate()
                    .map(|(j, v)| v * unit_root(j as u128 * k, n, direction))
                    .sum()
            })
            .collect()
    }

    fn signal(n: usize) -> Vec<C64> {
        (0..n)
            .map(|j| C64::new((j as f64 * 0.37).sin() + 0.1, (j as f64 * 1.3).cos()))
            .collect()
    }

    #[test]
    fn unit_roots_are_accurate() {
        for n in [1u128, 2, 3, 5, 7, 8, 12, 1000, 1 << 20] {
            for k in [0, 1, n / 4, n / 3, n / 2, n - 1, 3 * n + 1] {
                let got = unit_root(k, n, Direction::Inverse);
                let angle = 2.0 * std::f64::consts::PI * ((k % n) as f64) / n as f64;
                assert!((got.re - angle.cos()).abs() < 1e-15, "{k}/{n}");
                assert!((got.im - angle.sin()).abs() < 1e-15, "{k}/{n}");
            }
        }
        let quarter = unit_root(1, 4, Direction::Forward);
        assert_eq!((quarter.re, quarter.im), (0.0, -1.0));
    }

    #[test]
    fn agrees_with_the_direct_sum_at_every_small_length() {
        for n in 0..70 {
            for direction in [Direction::Forward, Direction::Inverse] {
                let x = signal(n);
                let mut fast = x.clone();
                transform(&mut fast, direction);
                let slow = direct(&x, direction);
                let norm: f64 = slow.iter().map(|v| v.norm_sqr()).sum::<f64>().sqrt();
                for (a, b) in fast.iter().zip(&slow) {
                    assert!((a - b).norm() <= 1e-14 * norm.max(1.0), "n = {n}");
                }
            }
        }
    }

    #[test]
    fn a_unit_impulse_gives_ones_and_back() {
        let mut x = vec![C64::new(0.0, 0.0); 13];
        x[0] = C64::new(1.0, 0.0);
        transform(&mut x, Direction::Forward);
        assert!(x.iter().all(|v| (v - C64::new(1.0, 0.0)).norm() < 1e-15));
        transform(&mut x, Direction::Inverse);
        assert!((x[0] - C64::new(13.0, 0.0)).norm() < 1e-13);
    }
}
