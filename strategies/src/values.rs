//! Element values: for each dtype, the whole range plus the special values
//! where backends go wrong, weighted so that a 100-example run meets each of
//! them, and the order in which a failing value shrinks.
//!
//! Floats draw NaN, ±0, ±inf, subnormals, the extreme finite values, the
//! smallest normal, ±1, ±0.5, values at rounding boundaries (half-integers,
//! the largest double below 0.5, the integers around 2^24 or 2^53), small
//! integers, tiny (|x| < 1e-10) and huge (|x| > 1e10) values, large finite
//! values where a sum or a product overflows (±MAX/2, ±sqrt(MAX), the value
//! below MAX), values either side of where `exp` overflows or underflows
//! (ln MAX, ln 2·MAX, ln of the smallest subnormal, never within a margin
//! of the threshold that a tolerance could blur), and ordinary values at
//! every scale. Integers draw 0, ±1, the extremes, values near
//! overflow (next to the extremes, around half and square root of the
//! maximum, and the boundaries of narrower types), small values and the whole
//! range. Every draw respects the [`Domain`].
//!
//! A failing value shrinks to `0`, then `1`, then the simplest value of the
//! domain; a negative one to its absolute value; a non-integer to an integer
//! or to fewer significant digits; an integer halves toward zero. A special
//! value that matters (NaN, -0.0, inf) stays as it is.
//!
//! The scalar strategies [`elements`], [`typed_elements`] and [`scalar`] are
//! 0-d cases of the array strategies of [`crate::draw`], with the same values
//! and the same shrinking.

use std::fmt;

use proptest::prelude::Rng;
use proptest::strategy::{BoxedStrategy, Strategy};
use proptest::test_runner::TestRng;

use crate::array::{AnyArray, ArrayElement};
use crate::domain::Domain;
use crate::draw::{array, ArraySpec};
use crate::dtype::DType;

/// A uniform integer in `0..n` (`n > 0`).
pub(crate) fn below(rng: &mut TestRng, n: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(n)) >> 64) as u64
}

/// A uniform float in `[0, 1)`.
pub(crate) fn unit(rng: &mut TestRng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `true` with probability `p`.
pub(crate) fn chance(rng: &mut TestRng, p: f64) -> bool {
    unit(rng) < p
}

/// A uniform integer in `lo..=hi`.
pub(crate) fn int_in(rng: &mut TestRng, lo: i128, hi: i128) -> i128 {
    debug_assert!(lo <= hi);
    let span = (hi - lo) as u128 + 1;
    let r = (u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64());
    if span == 0 {
        // The whole u128 range (never reached: spans are at most 2^64).
        lo.wrapping_add(r as i128)
    } else {
        lo + (r % span) as i128
    }
}

/// A value as exactly as any dtype holds it, for converting between dtypes.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Repr {
    Bool(bool),
    Int(i128),
    Float(f64),
    Complex(f64, f64),
}

/// A choice among weighted items.
#[derive(Clone, Debug)]
struct Weighted<T> {
    items: Vec<T>,
    cumulative: Vec<u32>,
}

impl<T> Weighted<T> {
    fn new() -> Self {
        Weighted {
            items: Vec::new(),
            cumulative: Vec::new(),
        }
    }

    fn push(&mut self, weight: u32, item: T) {
        if weight == 0 {
            return;
        }
        let total = self.cumulative.last().copied().unwrap_or(0) + weight;
        self.items.push(item);
        self.cumulative.push(total);
    }

    fn push_opt(&mut self, weight: u32, item: Option<T>) {
        if let Some(item) = item {
            self.push(weight, item);
        }
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn pick(&self, rng: &mut TestRng) -> &T {
        let total = *self.cumulative.last().expect("non-empty choice");
        let r = below(rng, u64::from(total)) as u32;
        let i = self.cumulative.partition_point(|&c| c <= r);
        &self.items[i]
    }
}

/// How an ordinary (non-special) value is drawn from an interval.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Piece {
    /// Uniform over `[lo, hi]`.
    Uniform(f64, f64),
    /// Log-uniform magnitude over `[lo, hi]`, both of one sign, not zero.
    LogUniform(f64, f64),
    /// A uniform integer of `[lo, hi]`.
    Integers(i128, i128),
    /// `k + 0.5` inside `[lo, hi]`.
    HalfIntegers(i128, i128),
    /// An integer with a uniformly drawn number of bits, inside `[lo, hi]`.
    Bits(i128, i128),
    /// `center ± d` with `d` uniform in `[margin, width]`: either side of
    /// a threshold, never within `margin` of it.
    Near {
        center: f64,
        margin: f64,
        width: f64,
    },
}

/// The precomputed draw of one element type under one domain: the special
/// values inside the domain and the ordinary pieces cut to it.
#[doc(hidden)]
#[derive(Clone)]
pub struct Sampler<T> {
    domain: Domain,
    specials: Weighted<T>,
    pieces: Weighted<Piece>,
    /// The simplest value of the domain (shrinking target); also the
    /// fallback of a draw that falls outside.
    origin: T,
    lowest: T,
    highest: T,
}

impl<T: fmt::Debug> fmt::Debug for Sampler<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sampler")
            .field("domain", &self.domain)
            .field("specials", &self.specials.items)
            .field("pieces", &self.pieces.items)
            .finish()
    }
}

impl<T: Drawable> Sampler<T> {
    /// The sampler of `T` under `domain`; panics when the domain holds no
    /// value of `T`, which is a mistake in the check.
    pub fn new(domain: &Domain) -> Sampler<T> {
        T::sampler(domain)
            .unwrap_or_else(|| panic!("the domain {domain:?} holds no value of dtype {}", T::DTYPE))
    }

    /// One element; `special_density` is the chance of a special value.
    pub fn draw(&self, rng: &mut TestRng, special_density: f64) -> T {
        T::draw(self, rng, special_density)
    }

    /// The special values of the domain, in the order they are listed.
    pub fn specials(&self) -> &[T] {
        &self.specials.items
    }

    /// The simplest value of the domain, where shrinking goes.
    pub fn origin(&self) -> T {
        self.origin
    }

    /// The domain this sampler draws from.
    pub fn domain(&self) -> &Domain {
        &self.domain
    }
}

mod sealed {
    pub trait Sealed {}
    macro_rules! seal {
        ($($t:ty),*) => { $(impl Sealed for $t {})* };
    }
    seal!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);
    seal!(num_complex::Complex<f32>, num_complex::Complex<f64>);
}

/// The element types the strategies draw: the Rust types of every
/// [`DType`]. Sealed; the methods are the strategies' machinery.
pub trait Drawable: ArrayElement + sealed::Sealed {
    #[doc(hidden)]
    fn sampler(domain: &Domain) -> Option<Sampler<Self>>;
    #[doc(hidden)]
    fn draw(sampler: &Sampler<Self>, rng: &mut TestRng, special_density: f64) -> Self;
    /// Simpler values to try in place of `self`, simplest first; all in the
    /// domain, all strictly simpler in one well-founded order.
    #[doc(hidden)]
    fn shrink_candidates(self, sampler: &Sampler<Self>, out: &mut Vec<Self>);
    #[doc(hidden)]
    fn to_repr(self) -> Repr;
    /// The same value in this type, when it is exactly representable.
    #[doc(hidden)]
    fn from_repr(repr: Repr) -> Option<Self>;
    /// A recognisable filler for the gaps of a strided view.
    #[doc(hidden)]
    fn poison() -> Self;
    /// Whether two values are the same (bitwise for floats, so that NaN is
    /// itself and the zeros differ).
    #[doc(hidden)]
    fn same(self, other: Self) -> bool;
    /// Whether the value is in the domain.
    #[doc(hidden)]
    fn in_domain(self, domain: &Domain) -> bool;
}

// ---------------------------------------------------------------- floats

macro_rules! impl_float {
    ($t:ty, $digits:expr, $poison:expr) => {
        impl Drawable for $t {
            fn sampler(domain: &Domain) -> Option<Sampler<$t>> {
                float_sampler::<$t>(domain)
            }

            fn draw(s: &Sampler<$t>, rng: &mut TestRng, special_density: f64) -> $t {
                draw_float_part(s, |v| v, rng, special_density).0
            }

            fn shrink_candidates(self, s: &Sampler<$t>, out: &mut Vec<$t>) {
                let v = self;
                let start = out.len();
                out.push(0.0);
                out.push(1.0);
                out.push(s.origin);
                if v.is_sign_negative() && !v.is_nan() {
                    out.push(-v);
                }
                if v.is_finite() {
                    if v.trunc() == v {
                        halve_toward(v, s.origin, out);
                    } else {
                        out.push(v.trunc());
                        out.push(v.round());
                        let digits = sig_digits(v);
                        for d in 1..digits.min(8) {
                            if let Ok(r) = format!("{:.*e}", d as usize - 1, v).parse::<$t>() {
                                out.push(r);
                            }
                        }
                    }
                }
                let key = float_key(v as f64, sig_digits(v));
                let mut i = start;
                while i < out.len() {
                    let c = out[i];
                    let keep = c.in_domain(&s.domain)
                        && !c.same(v)
                        && !out[start..i].iter().any(|p| p.same(c))
                        && float_key(c as f64, sig_digits(c)) < key;
                    if keep {
                        i += 1;
                    } else {
                        out.remove(i);
                    }
                }
            }

            fn to_repr(self) -> Repr {
                Repr::Float(self as f64)
            }

            fn from_repr(repr: Repr) -> Option<$t> {
                match repr.real()? {
                    Repr::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
                    Repr::Int(v) => {
                        let x = v as $t;
                        (x.is_finite() && x as i128 == v).then_some(x)
                    }
                    Repr::Float(x) => {
                        let y = x as $t;
                        ((y as f64).to_bits() == x.to_bits() || (x.is_nan() && y.is_nan()))
                            .then_some(y)
                    }
                    Repr::Complex(..) => unreachable!("Repr::real is real"),
                }
            }

            fn poison() -> $t {
                $poison
            }

            fn same(self, other: $t) -> bool {
                self.to_bits() == other.to_bits() || (self.is_nan() && other.is_nan())
            }

            fn in_domain(self, domain: &Domain) -> bool {
                domain.contains(self as f64)
            }
        }

        impl FloatConsts for $t {
            const MAX_F: f64 = <$t>::MAX as f64;
            const MIN_NORMAL: f64 = <$t>::MIN_POSITIVE as f64;
            const MIN_SUBNORMAL: f64 = <$t>::from_bits(1) as f64;
            const MAX_SUBNORMAL: f64 = <$t>::from_bits((<$t>::MIN_POSITIVE.to_bits()) - 1) as f64;
            const EPS: f64 = <$t>::EPSILON as f64;
            const MAX_BELOW: f64 = <$t>::from_bits(<$t>::MAX.to_bits() - 1) as f64;
            const DIGITS: i32 = $digits;
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            fn round_f(self) -> Self {
                self.round()
            }
            fn next_up_f(self) -> Self {
                next_toward_t(self, true)
            }
            fn next_down_f(self) -> Self {
                next_toward_t(self, false)
            }
            fn sig_digits_f(self) -> u32 {
                count_digits(&format!("{:e}", self))
            }
        }
    };
}

/// Constants and helpers shared by the two float types.
trait FloatConsts: Drawable + Copy {
    const MAX_F: f64;
    const MIN_NORMAL: f64;
    const MIN_SUBNORMAL: f64;
    const MAX_SUBNORMAL: f64;
    const EPS: f64;
    /// The largest finite value but one.
    const MAX_BELOW: f64;
    /// Mantissa digits (24 or 53).
    const DIGITS: i32;
    fn from_f64(x: f64) -> Self;
    fn round_f(self) -> Self;
    fn next_up_f(self) -> Self;
    fn next_down_f(self) -> Self;
    fn sig_digits_f(self) -> u32;
}

fn sig_digits<T: FloatConsts>(v: T) -> u32 {
    v.sig_digits_f()
}

/// Significant digits in a `{:e}` rendering like `-1.2345e-7`.
fn count_digits(text: &str) -> u32 {
    let mantissa = text.split('e').next().unwrap_or(text);
    mantissa.bytes().filter(u8::is_ascii_digit).count() as u32
}

fn next_toward_t<T: FloatBitsOps>(x: T, up: bool) -> T {
    x.step(up)
}

trait FloatBitsOps: Copy {
    fn step(self, up: bool) -> Self;
}

macro_rules! impl_step {
    ($t:ty) => {
        impl FloatBitsOps for $t {
            fn step(self, up: bool) -> $t {
                if self.is_nan()
                    || (up && self == <$t>::INFINITY)
                    || (!up && self == <$t>::NEG_INFINITY)
                {
                    return self;
                }
                if self == 0.0 {
                    let tiny = <$t>::from_bits(1);
                    return if up { tiny } else { -tiny };
                }
                let bits = self.to_bits();
                let away = up == (self > 0.0);
                <$t>::from_bits(if away { bits + 1 } else { bits - 1 })
            }
        }
    };
}
impl_step!(f32);
impl_step!(f64);

impl_float!(f32, 24, -3.0e7);
impl_float!(f64, 53, -3.0e15);

/// One float drawn from a sampler whose values are read through `part`:
/// a real float's sampler (`part` the identity), or a complex one's, whose
/// specials and bounds are real values held in the real component (each
/// component is drawn so); and whether it is one of the specials.
fn draw_float_part<S: Copy, T>(
    s: &Sampler<S>,
    part: impl Fn(S) -> T,
    rng: &mut TestRng,
    special_density: f64,
) -> (T, bool)
where
    T: FloatConsts + Into<f64>,
{
    if !s.specials.is_empty() && (s.pieces.is_empty() || chance(rng, special_density)) {
        return (part(*s.specials.pick(rng)), true);
    }
    if s.pieces.is_empty() {
        return (part(s.origin), false);
    }
    let x = T::from_f64(draw_piece(s.pieces.pick(rng), rng));
    let x = if s.domain.integer_valued {
        x.round_f()
    } else {
        x
    };
    let x64: f64 = x.into();
    let x = if x.in_domain(&s.domain) {
        x
    } else if x64 < s.domain.lo {
        part(s.lowest)
    } else if x64 > s.domain.hi {
        part(s.highest)
    } else {
        part(s.origin)
    };
    (x, false)
}

/// Candidates between `v` and `origin`, largest jump first, for an integral
/// float.
fn halve_toward<T>(v: T, origin: T, out: &mut Vec<T>)
where
    T: FloatConsts + fmt::Debug + Into<f64>,
{
    let (v64, o64): (f64, f64) = (v.into(), origin.into());
    let d = v64 - o64;
    if d.abs() < 2.0 {
        return;
    }
    for k in 1..=8 {
        let c = (v64 - d / f64::from(1u32 << k)).trunc();
        out.push(T::from_f64(c));
    }
    out.push(T::from_f64(v64 - d.signum()));
}

/// The simplicity order of floats: `+0`, then `1`, then integers by
/// magnitude, then other finite values by significant digits and magnitude,
/// then `-0`, the infinities and NaN.
fn float_key(x: f64, digits: u32) -> (u8, u8, u32, u64, bool) {
    if x == 0.0 && x.is_sign_positive() {
        (0, 0, 0, 0, false)
    } else if x == 1.0 {
        (1, 0, 0, 0, false)
    } else if x.is_nan() {
        (3, 3, 0, 0, false)
    } else if x == 0.0 || x.is_infinite() {
        let rank = if x == 0.0 {
            0
        } else if x > 0.0 {
            1
        } else {
            2
        };
        (3, rank, 0, 0, false)
    } else if x.trunc() == x {
        (2, 0, 0, x.abs().to_bits(), x < 0.0)
    } else {
        (2, 1, digits, x.abs().to_bits(), x < 0.0)
    }
}

fn draw_piece(piece: &Piece, rng: &mut TestRng) -> f64 {
    match *piece {
        Piece::Uniform(lo, hi) => lo + unit(rng) * (hi - lo),
        Piece::LogUniform(lo, hi) => {
            let (a, b) = (lo.abs().min(hi.abs()), lo.abs().max(hi.abs()));
            let m = (a.ln() + unit(rng) * (b.ln() - a.ln())).exp();
            let m = m.clamp(a, b);
            if lo < 0.0 {
                -m
            } else {
                m
            }
        }
        Piece::Integers(lo, hi) => int_in(rng, lo, hi) as f64,
        Piece::HalfIntegers(lo, hi) => int_in(rng, lo, hi) as f64 + 0.5,
        Piece::Bits(lo, hi) => draw_bits(rng, lo, hi) as f64,
        Piece::Near {
            center,
            margin,
            width,
        } => {
            let d = margin + unit(rng) * (width - margin);
            if chance(rng, 0.5) {
                center - d
            } else {
                center + d
            }
        }
    }
}

/// An integer whose bit length is uniform, inside `[lo, hi]`.
fn draw_bits(rng: &mut TestRng, lo: i128, hi: i128) -> i128 {
    let bits = below(rng, 65) as u32;
    let magnitude: i128 = if bits == 0 {
        0
    } else {
        let top = 1i128 << (bits - 1);
        top + int_in(rng, 0, top - 1)
    };
    let v = if chance(rng, 0.5) {
        -magnitude
    } else {
        magnitude
    };
    if v < lo || v > hi {
        int_in(rng, lo, hi)
    } else {
        v
    }
}

fn float_sampler<T>(domain: &Domain) -> Option<Sampler<T>>
where
    T: FloatConsts + fmt::Debug + Into<f64>,
{
    let max = T::MAX_F;
    let p2 = 2f64.powi(T::DIGITS);
    let half_below = 0.5 - T::EPS / 4.0;
    let specials_raw: [(u32, f64); 34] = [
        (4, f64::NAN),
        (4, 0.0),
        (4, -0.0),
        (3, f64::INFINITY),
        (3, f64::NEG_INFINITY),
        (2, max),
        (2, -max),
        (1, T::MIN_NORMAL),
        (1, -T::MIN_NORMAL),
        (2, T::MIN_SUBNORMAL),
        (2, -T::MIN_SUBNORMAL),
        (1, T::MAX_SUBNORMAL),
        (1, -T::MAX_SUBNORMAL),
        (2, 1.0),
        (2, -1.0),
        (1, 0.5),
        (1, -0.5),
        (1, half_below),
        (1, 1.5),
        (1, 2.5),
        (1, -2.5),
        (1, T::EPS),
        (1, 1.0 + T::EPS),
        (1, 1.0 - T::EPS / 2.0),
        (1, p2),
        (1, -p2),
        (1, p2 - 1.0),
        (1, 1e-12),
        // Large finite values: where a sum (MAX/2) or a product (sqrt MAX)
        // overflows, and the value below the largest.
        (1, max / 2.0),
        (1, -max / 2.0),
        (1, max.sqrt()),
        (1, -max.sqrt()),
        (1, T::MAX_BELOW),
        (1, -T::MAX_BELOW),
    ];
    let mut specials = Weighted::new();
    for (w, x) in specials_raw {
        let t = T::from_f64(x);
        if t.in_domain(domain) {
            specials.push(w, t);
        }
    }

    // The finite part of the domain, for the ordinary pieces.
    let lo = domain.lo.max(-max);
    let hi = domain.hi.min(max);
    let mut pieces = Weighted::new();
    if lo <= hi {
        let cut = |a: f64, b: f64| -> Option<(f64, f64)> {
            let (a, b) = (a.max(lo), b.min(hi));
            (a <= b).then_some((a, b))
        };
        let ints = |a: f64, b: f64| -> Option<(i128, i128)> {
            let (a, b) = cut(a, b)?;
            let (a, b) = (a.ceil() as i128, b.floor() as i128);
            (a <= b).then_some((a, b))
        };
        let wide = if T::DIGITS == 24 { 1e30 } else { 1e100 };
        pieces.push_opt(14, ints(-10.0, 10.0).map(|(a, b)| Piece::Integers(a, b)));
        if !domain.integer_valued {
            pieces.push_opt(
                7,
                cut(-10.5, 9.5).and_then(|(a, b)| {
                    let (ka, kb) = ((a - 0.5).ceil() as i128, (b - 0.5).floor() as i128);
                    (ka <= kb).then_some(Piece::HalfIntegers(ka, kb))
                }),
            );
            pieces.push_opt(8, cut(-1.0, 1.0).map(|(a, b)| Piece::Uniform(a, b)));
            pieces.push_opt(14, cut(-100.0, 100.0).map(|(a, b)| Piece::Uniform(a, b)));
            pieces.push_opt(
                8,
                cut(1.0 / wide, wide).map(|(a, b)| Piece::LogUniform(a, b)),
            );
            pieces.push_opt(
                8,
                cut(-wide, -1.0 / wide).map(|(a, b)| Piece::LogUniform(a, b)),
            );
            pieces.push_opt(
                3,
                cut(T::MIN_SUBNORMAL, 1e-10).map(|(a, b)| Piece::LogUniform(a, b)),
            );
            pieces.push_opt(
                3,
                cut(-1e-10, -T::MIN_SUBNORMAL).map(|(a, b)| Piece::LogUniform(a, b)),
            );
            pieces.push_opt(3, cut(1e10, max).map(|(a, b)| Piece::LogUniform(a, b)));
            pieces.push_opt(3, cut(-max, -1e10).map(|(a, b)| Piece::LogUniform(a, b)));
            // Either side of where `exp` (and `expm1`, `sinh`, `cosh`)
            // overflows to infinity or underflows to zero: ln(MAX), ln(2 MAX),
            // ln of the smallest subnormal, and their negatives. Never
            // within `margin` (10 sqrt(eps), thousands of times any
            // faithful tolerance) of the threshold, where a result within
            // tolerance of the largest finite value may round either way.
            let margin = 10.0 * T::EPS.sqrt();
            for center in [
                max.ln(),
                -max.ln(),
                max.ln() + std::f64::consts::LN_2,
                -max.ln() - std::f64::consts::LN_2,
                T::MIN_SUBNORMAL.ln(),
            ] {
                let width = 2.0;
                pieces.push_opt(
                    1,
                    cut(center - width, center + width).and_then(|(a, b)| {
                        (a == center - width && b == center + width).then_some(Piece::Near {
                            center,
                            margin,
                            width,
                        })
                    }),
                );
            }
        } else {
            pieces.push_opt(
                14,
                ints(-1000.0, 1000.0).map(|(a, b)| Piece::Integers(a, b)),
            );
            pieces.push_opt(8, cut(1.0, p2).map(|(a, b)| Piece::LogUniform(a, b)));
            pieces.push_opt(8, cut(-p2, -1.0).map(|(a, b)| Piece::LogUniform(a, b)));
        }
        pieces.push_opt(
            2,
            ints(p2 - 3.0, p2 + 3.0).map(|(a, b)| Piece::Integers(a, b)),
        );
        pieces.push_opt(
            2,
            ints(-p2 - 3.0, -p2 + 3.0).map(|(a, b)| Piece::Integers(a, b)),
        );
        // A domain too narrow for any piece above still gets its interval.
        if pieces.is_empty() && (hi - lo).is_finite() {
            if domain.integer_valued {
                pieces.push_opt(1, ints(lo, hi).map(|(a, b)| Piece::Integers(a, b)));
            } else {
                pieces.push_opt(1, Some(Piece::Uniform(lo, hi)));
            }
        }
    }

    let lowest = first_inside::<T>(domain, true);
    let highest = first_inside::<T>(domain, false);
    let origin = domain
        .origin()
        .map(T::from_f64)
        .filter(|o| o.in_domain(domain))
        .or(lowest)
        .or_else(|| specials.items.first().copied())?;
    if specials.is_empty() && pieces.is_empty() && lowest.is_none() {
        return None;
    }
    Some(Sampler {
        domain: *domain,
        specials,
        pieces,
        origin,
        lowest: lowest.unwrap_or(origin),
        highest: highest.unwrap_or(origin),
    })
}

/// The lowest (or highest) value of `T` inside the domain, searching a few
/// steps inward from the bound.
fn first_inside<T: FloatConsts>(domain: &Domain, from_low: bool) -> Option<T> {
    let bound = if from_low { domain.lo } else { domain.hi };
    let mut t = T::from_f64(if domain.integer_valued {
        if from_low {
            bound.ceil()
        } else {
            bound.floor()
        }
    } else {
        bound
    });
    for _ in 0..64 {
        if t.in_domain(domain) {
            return Some(t);
        }
        t = if domain.integer_valued {
            let x: f64 = T::to_repr(t).as_f64();
            T::from_f64(if from_low { x + 1.0 } else { x - 1.0 })
        } else if from_low {
            t.next_up_f()
        } else {
            t.next_down_f()
        };
    }
    None
}

impl Repr {
    /// The value as `f64` (integers beyond 2^53 round).
    pub fn as_f64(self) -> f64 {
        match self {
            Repr::Bool(b) => f64::from(u8::from(b)),
            Repr::Int(v) => v as f64,
            Repr::Float(x) => x,
            Repr::Complex(re, 0.0) => re,
            Repr::Complex(..) => panic!("{self:?} has an imaginary part: no f64 holds it"),
        }
    }

    /// The value a real dtype holds of a complex one with a zero
    /// imaginary part (`+0` or `-0`: the cast keeps the real part), and of
    /// a real one itself; `None` when the imaginary part is not zero.
    fn real(self) -> Option<Repr> {
        match self {
            Repr::Complex(re, im) => (im == 0.0).then_some(Repr::Float(re)),
            real => Some(real),
        }
    }
}

// -------------------------------------------------------------- integers

macro_rules! impl_int {
    ($($t:ty => $poison:expr),*) => {$(
        impl Drawable for $t {
            fn sampler(domain: &Domain) -> Option<Sampler<$t>> {
                int_sampler(domain, <$t>::MIN as i128, <$t>::MAX as i128, <$t>::BITS)
                    .map(|s| s.map(|v| v as $t))
            }

            fn draw(s: &Sampler<$t>, rng: &mut TestRng, special_density: f64) -> $t {
                if !s.specials.is_empty() && chance(rng, special_density) {
                    return *s.specials.pick(rng);
                }
                let v = match *s.pieces.pick(rng) {
                    Piece::Integers(lo, hi) => int_in(rng, lo, hi),
                    Piece::Bits(lo, hi) => draw_bits(rng, lo, hi),
                    _ => unreachable!("integer pieces only"),
                };
                if v == 0 && !s.domain.zero {
                    s.origin
                } else {
                    v as $t
                }
            }

            fn shrink_candidates(self, s: &Sampler<$t>, out: &mut Vec<$t>) {
                let v = self as i128;
                let o = s.origin as i128;
                let mut raw: Vec<i128> = vec![0, 1, o, -v];
                let d = v - o;
                if d.abs() >= 2 {
                    for k in 1..=8 {
                        raw.push(v - d / (1i128 << k));
                    }
                    raw.push(v - d.signum());
                }
                let key = |x: i128| (x.unsigned_abs(), x < 0);
                let start = out.len();
                for c in raw {
                    let fits = c >= <$t>::MIN as i128 && c <= <$t>::MAX as i128;
                    if fits
                        && key(c) < key(v)
                        && s.domain.contains_int(c)
                        && !out[start..].contains(&(c as $t))
                    {
                        out.push(c as $t);
                    }
                }
            }

            fn to_repr(self) -> Repr {
                Repr::Int(self as i128)
            }

            fn from_repr(repr: Repr) -> Option<$t> {
                let v = match repr.real()? {
                    Repr::Bool(b) => i128::from(b),
                    Repr::Int(v) => v,
                    Repr::Float(x) => {
                        if !x.is_finite() || x.trunc() != x || (x == 0.0 && x.is_sign_negative()) {
                            return None;
                        }
                        x as i128
                    }
                    Repr::Complex(..) => unreachable!("Repr::real is real"),
                };
                <$t>::try_from(v).ok()
            }

            fn poison() -> $t {
                $poison
            }

            fn same(self, other: $t) -> bool {
                self == other
            }

            fn in_domain(self, domain: &Domain) -> bool {
                domain.contains_int(self as i128)
            }
        }
    )*};
}

impl_int!(i8 => 0x5a, i16 => 0x5a5a, i32 => 0x5a5a_5a5a, i64 => 0x5a5a_5a5a_5a5a_5a5a,
          u8 => 0xa5, u16 => 0xa5a5, u32 => 0xa5a5_a5a5, u64 => 0xa5a5_a5a5_a5a5_a5a5);

// --------------------------------------------------------------- complex

/// A complex element: each component drawn as a float of its type under
/// the same domain (the domain bounds each component), so that each meets
/// the special values on its own (NaN, the signed zeros, the infinities,
/// subnormals) and together they make the mixed cases (`inf+NaNj`,
/// `-0.0+infj`...). The sampler is the component's, its values held in the
/// real part; beside a special real part the imaginary part is special at
/// least half the time. A failing value shrinks toward `0+0j`: both components to
/// their simplest value at once, then the real component alone, then the
/// imaginary one, each as a float shrinks.
macro_rules! impl_complex {
    ($t:ty, $poison:expr) => {
        impl Drawable for num_complex::Complex<$t> {
            fn sampler(domain: &Domain) -> Option<Sampler<Self>> {
                Some(<$t>::sampler(domain)?.map(|v| num_complex::Complex::new(v, 0.0)))
            }

            fn draw(s: &Sampler<Self>, rng: &mut TestRng, special_density: f64) -> Self {
                let (re, special) = draw_float_part(s, |z: Self| z.re, rng, special_density);
                // Beside a special real part, the imaginary part is special
                // half the time, so the mixed cases (`inf+NaNj`) are met.
                let density = if special {
                    special_density.max(0.5)
                } else {
                    special_density
                };
                let (im, _) = draw_float_part(s, |z: Self| z.re, rng, density);
                num_complex::Complex::new(re, im)
            }

            fn shrink_candidates(self, s: &Sampler<Self>, out: &mut Vec<Self>) {
                let part = s.clone().map(|z| z.re);
                let (mut re, mut im) = (Vec::new(), Vec::new());
                self.re.shrink_candidates(&part, &mut re);
                self.im.shrink_candidates(&part, &mut im);
                let new = num_complex::Complex::new;
                if let (Some(&r), Some(&i)) = (re.first(), im.first()) {
                    out.push(new(r, i));
                }
                out.extend(re.into_iter().map(|r| new(r, self.im)));
                out.extend(im.into_iter().map(|i| new(self.re, i)));
            }

            fn to_repr(self) -> Repr {
                Repr::Complex(f64::from(self.re), f64::from(self.im))
            }

            fn from_repr(repr: Repr) -> Option<Self> {
                let (re, im) = match repr {
                    Repr::Complex(re, im) => (Repr::Float(re), Repr::Float(im)),
                    real => (real, Repr::Float(0.0)),
                };
                Some(num_complex::Complex::new(
                    <$t>::from_repr(re)?,
                    <$t>::from_repr(im)?,
                ))
            }

            fn poison() -> Self {
                num_complex::Complex::new($poison, $poison)
            }

            fn same(self, other: Self) -> bool {
                self.re.same(other.re) && self.im.same(other.im)
            }

            fn in_domain(self, domain: &Domain) -> bool {
                self.re.in_domain(domain) && self.im.in_domain(domain)
            }
        }
    };
}

impl_complex!(f32, -3.0e7);
impl_complex!(f64, -3.0e15);

impl<T> Sampler<T> {
    fn map<U>(self, f: impl Fn(T) -> U) -> Sampler<U> {
        let Weighted { items, cumulative } = self.specials;
        Sampler {
            domain: self.domain,
            specials: Weighted {
                items: items.into_iter().map(&f).collect(),
                cumulative,
            },
            pieces: self.pieces,
            origin: f(self.origin),
            lowest: f(self.lowest),
            highest: f(self.highest),
        }
    }
}

fn int_sampler(domain: &Domain, min: i128, max: i128, bits: u32) -> Option<Sampler<i128>> {
    let (lo, hi) = domain.int_bounds(min, max)?;
    let inside = |v: i128| lo <= v && v <= hi && (domain.zero || v != 0);
    let mut specials = Weighted::new();
    let mut seen: Vec<i128> = Vec::new();
    let mut add = |w: u32, v: i128| {
        if inside(v) && !seen.contains(&v) {
            seen.push(v);
            specials.push(w, v);
        }
    };
    for v in [0, 1, -1, min, max] {
        add(4, v);
    }
    for v in [min + 1, max - 1, max / 2, max / 2 + 1, min / 2, min / 2 - 1] {
        add(1, v);
    }
    // Square root of the maximum: where a product overflows.
    let root = 1i128 << (bits / 2);
    for v in [root - 1, root, -root, -root - 1] {
        add(1, v);
    }
    // The edges of narrower types and of exact float conversion.
    for b in [8u32, 16, 32] {
        if b < bits {
            let h = 1i128 << (b - 1);
            for v in [h - 1, h, 2 * h - 1, 2 * h, -h, -h - 1] {
                add(1, v);
            }
        }
    }
    for p in [24u32, 53] {
        if p < bits {
            add(1, (1i128 << p) + 1);
        }
    }

    let mut pieces = Weighted::new();
    let (slo, shi) = (lo.max(-10), hi.min(10));
    if slo <= shi {
        pieces.push(30, Piece::Integers(slo, shi));
    }
    pieces.push(25, Piece::Integers(lo, hi));
    pieces.push(30, Piece::Bits(lo, hi));
    pieces.push(4, Piece::Integers(lo.max(hi - 8), hi));
    pieces.push(4, Piece::Integers(lo, hi.min(lo + 8)));

    let origin = [0, 1, -1, lo, hi, lo + 1, hi - 1]
        .into_iter()
        .filter(|&v| inside(v))
        .min_by_key(|v| (v.unsigned_abs(), *v < 0))?;
    Some(Sampler {
        domain: *domain,
        specials,
        pieces,
        origin,
        lowest: if inside(lo) { lo } else { lo + 1 },
        highest: if inside(hi) { hi } else { hi - 1 },
    })
}

// ------------------------------------------------------------------ bool

impl Drawable for bool {
    fn sampler(domain: &Domain) -> Option<Sampler<bool>> {
        let allowed: Vec<bool> = [false, true]
            .into_iter()
            .filter(|&b| domain.contains_int(i128::from(b)))
            .collect();
        let first = *allowed.first()?;
        let mut specials = Weighted::new();
        for &b in &allowed {
            specials.push(1, b);
        }
        Some(Sampler {
            domain: *domain,
            specials,
            pieces: Weighted::new(),
            origin: first,
            lowest: first,
            highest: *allowed.last().unwrap_or(&first),
        })
    }

    fn draw(s: &Sampler<bool>, rng: &mut TestRng, _special_density: f64) -> bool {
        *s.specials.pick(rng)
    }

    fn shrink_candidates(self, s: &Sampler<bool>, out: &mut Vec<bool>) {
        if self && s.domain.contains_int(0) {
            out.push(false);
        }
    }

    fn to_repr(self) -> Repr {
        Repr::Bool(self)
    }

    fn from_repr(repr: Repr) -> Option<bool> {
        match repr.real()? {
            Repr::Bool(b) => Some(b),
            Repr::Int(0) => Some(false),
            Repr::Int(1) => Some(true),
            Repr::Float(x) if x.to_bits() == 0 => Some(false),
            Repr::Float(1.0) => Some(true),
            _ => None,
        }
    }

    fn poison() -> bool {
        true
    }

    fn same(self, other: bool) -> bool {
        self == other
    }

    fn in_domain(self, domain: &Domain) -> bool {
        domain.contains_int(i128::from(self))
    }
}

// ------------------------------------------------------------ strategies

/// One element of `dtype` in `domain`, as `f64` (exact for floats, bool and
/// integers up to 2^53; wider integers round). Shrinks like an array element.
///
/// ```
/// use conformance_strategies::{elements, DType, Domain};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let s = elements(DType::Int8, Domain::positive());
/// let mut runner = TestRunner::deterministic();
/// let x = s.new_tree(&mut runner).unwrap().current();
/// assert!(x >= 1.0 && x <= 127.0 && x.fract() == 0.0);
/// ```
pub fn elements(dtype: DType, domain: Domain) -> BoxedStrategy<f64> {
    scalar(dtype, domain)
        .prop_map(|a| a.to_f64_vec()[0])
        .boxed()
}

/// One element of the Rust type `T` in `domain`.
///
/// ```
/// use conformance_strategies::{typed_elements, Domain};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let s = typed_elements::<f32>(Domain::within(-1.0, 1.0));
/// let mut runner = TestRunner::deterministic();
/// let x = s.new_tree(&mut runner).unwrap().current();
/// assert!((-1.0..=1.0).contains(&x));
/// ```
pub fn typed_elements<T: Drawable>(domain: Domain) -> BoxedStrategy<T> {
    scalar(T::DTYPE, domain)
        .prop_map(|a| {
            *T::unwrap_ref(&a)
                .and_then(|x| x.first())
                .expect("a 0-d array of the requested dtype")
        })
        .boxed()
}

/// A 0-d array of `dtype` in `domain`.
///
/// ```
/// use conformance_strategies::{scalar, DType, Domain};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let x = scalar(DType::Float64, Domain::finite()).new_tree(&mut runner).unwrap().current();
/// assert_eq!(x.ndim(), 0);
/// assert!(x.to_f64_vec()[0].is_finite());
/// ```
pub fn scalar(dtype: DType, domain: Domain) -> BoxedStrategy<AnyArray> {
    array(
        ArraySpec::new(dtype, vec![])
            .with_domain(domain)
            .with_layouts(false),
    )
    .prop_map(|d| d.array)
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::test_runner::{RngAlgorithm, TestRng};

    fn rng() -> TestRng {
        TestRng::from_seed(RngAlgorithm::ChaCha, &[3; 32])
    }

    fn draws<T: Drawable>(domain: Domain, n: usize, density: f64) -> Vec<T> {
        let s = Sampler::<T>::new(&domain);
        let mut r = rng();
        (0..n).map(|_| s.draw(&mut r, density)).collect()
    }

    #[test]
    fn float_draws_stay_in_their_domain() {
        let domains = [
            Domain::any(),
            Domain::finite(),
            Domain::positive(),
            Domain::non_negative(),
            Domain::negative(),
            Domain::non_zero(),
            Domain::within(-1.0, 1.0),
            Domain::within(2.0, 3.0),
            Domain::within(0.5, 0.5),
            Domain::between_exclusive(-1.0, 1.0),
            Domain::integer_valued(),
            Domain::integer_valued().and(Domain::within(-3.5, 3.5)),
            Domain::positive().and(Domain::within(0.0, 1e-30)),
        ];
        // No float32 equals 0.1: that domain is empty for it.
        assert!(f32::sampler(&Domain::within(0.1, 0.1)).is_none());
        assert_eq!(
            draws::<f64>(Domain::within(0.1, 0.1), 10, 0.3),
            vec![0.1; 10]
        );
        for d in domains {
            for x in draws::<f32>(d, 2000, 0.3) {
                assert!(x.in_domain(&d), "f32 {x:?} outside {d:?}");
            }
            for x in draws::<f64>(d, 2000, 0.3) {
                assert!(x.in_domain(&d), "f64 {x:?} outside {d:?}");
            }
        }
    }

    #[test]
    fn integer_draws_stay_in_their_domain_and_reach_the_extremes() {
        let d = Domain::any();
        let xs = draws::<i8>(d, 3000, 0.3);
        for v in [i8::MIN, i8::MAX, 0, 1, -1] {
            assert!(xs.contains(&v), "{v} never drawn");
        }
        let us = draws::<u64>(d, 3000, 0.3);
        assert!(us.contains(&u64::MAX) && us.contains(&0));
        for d in [
            Domain::positive(),
            Domain::non_zero(),
            Domain::within(-3.0, 5.0),
        ] {
            for v in draws::<i16>(d, 2000, 0.3) {
                assert!(d.contains_int(i128::from(v)), "{v} outside {d:?}");
            }
            for v in draws::<u32>(d, 2000, 0.3) {
                assert!(d.contains_int(i128::from(v)), "{v} outside {d:?}");
            }
        }
        assert!(draws::<bool>(Domain::positive(), 100, 0.3)
            .iter()
            .all(|&b| b));
        assert!(u8::sampler(&Domain::negative()).is_none());
    }

    /// Large finite values come often, either side of exp's overflow
    /// threshold but never within the margin of it.
    #[test]
    fn large_values_reach_the_overflow_thresholds_with_a_margin() {
        let near = |x: f64, t: f64, margin: f64| (x - t).abs() <= 2.0 && (x - t).abs() >= margin;
        let xs = draws::<f64>(Domain::any(), 20_000, 0.3);
        let (t, margin) = (f64::MAX.ln(), 10.0 * f64::EPSILON.sqrt());
        let below = xs.iter().filter(|&&x| x < t && near(x, t, margin)).count();
        let above = xs.iter().filter(|&&x| x > t && near(x, t, margin)).count();
        assert!(below > 20 && above > 20, "{below} {above}");
        assert!(!xs.iter().any(|&x| (x - t).abs() < margin));
        for v in [
            f64::MAX / 2.0,
            f64::MAX.sqrt(),
            f64::from_bits(f64::MAX.to_bits() - 1),
        ] {
            assert!(xs.contains(&v) && xs.contains(&-v), "{v}");
        }
        let ys = draws::<f32>(Domain::finite(), 20_000, 0.3);
        let t32 = f64::from(f32::MAX).ln();
        assert!(ys.iter().filter(|&&y| near(f64::from(y), t32, 0.0)).count() > 40);
        assert!(!ys
            .iter()
            .any(|&y| (f64::from(y) - t32).abs() < 10.0 * f64::from(f32::EPSILON).sqrt()));
    }

    #[test]
    fn specials_respect_the_domain() {
        let s = Sampler::<f64>::new(&Domain::within(-1.0, 1.0));
        assert!(s.specials().iter().all(|x| (-1.0..=1.0).contains(x)));
        assert!(s
            .specials()
            .iter()
            .any(|x| x.to_bits() == (-0.0f64).to_bits()));
        assert!(s.specials().contains(&f64::from_bits(1)));
        assert!(!s.specials().iter().any(|x| x.is_nan()));
        let any = Sampler::<f32>::new(&Domain::any());
        assert!(any.specials().iter().any(|x| x.is_nan()));
        assert!(any.specials().contains(&f32::MAX) && any.specials().contains(&f32::from_bits(1)));
    }

    #[test]
    fn shrink_candidates_go_to_zero_one_then_simpler_values() {
        let s = Sampler::<f64>::new(&Domain::any());
        let mut out = Vec::new();
        (-0.0f64).shrink_candidates(&s, &mut out);
        assert_eq!(out.len(), 2);
        assert!(out[0].to_bits() == 0 && out[1] == 1.0);
        out.clear();
        f64::NAN.shrink_candidates(&s, &mut out);
        assert_eq!(out, vec![0.0, 1.0]);
        out.clear();
        (-2.75f64).shrink_candidates(&s, &mut out);
        assert_eq!(&out[..4], &[0.0, 1.0, 2.75, -2.0]);
        out.clear();
        0.0f64.shrink_candidates(&s, &mut out);
        assert!(out.is_empty());
        out.clear();
        1000.0f64.shrink_candidates(&s, &mut out);
        assert_eq!(&out[..3], &[0.0, 1.0, 500.0]);
        assert_eq!(*out.last().unwrap(), 999.0);

        let pos = Sampler::<f32>::new(&Domain::within(2.0, 3.0));
        out.clear();
        let mut o32 = Vec::new();
        2.5f32.shrink_candidates(&pos, &mut o32);
        assert_eq!(o32, vec![2.0, 3.0]);

        let si = Sampler::<i8>::new(&Domain::any());
        let mut oi = Vec::new();
        (-128i8).shrink_candidates(&si, &mut oi);
        assert_eq!(&oi[..3], &[0, 1, -64]);
        let sb = Sampler::<bool>::new(&Domain::any());
        let mut ob = Vec::new();
        true.shrink_candidates(&sb, &mut ob);
        assert_eq!(ob, vec![false]);
    }

    #[test]
    fn complex_components_each_meet_the_specials_and_mix_them() {
        use num_complex::Complex;
        let zs: Vec<Complex<f64>> = draws(Domain::any(), 20000, 0.3);
        let kinds = |x: f64| {
            if x.is_nan() {
                0
            } else if x.is_infinite() {
                1
            } else if x == 0.0 && x.is_sign_negative() {
                2
            } else if x == 0.0 {
                3
            } else if x.abs() < f64::MIN_POSITIVE {
                4
            } else {
                5
            }
        };
        // Every pair of kinds (NaN, inf, -0, +0, subnormal, ordinary) of the
        // two components, `inf+NaNj` and `NaN+infj` among them.
        for re in 0..6 {
            for im in 0..6 {
                assert!(
                    zs.iter().any(|z| kinds(z.re) == re && kinds(z.im) == im),
                    "no draw with component kinds ({re}, {im})"
                );
            }
        }
        let within: Vec<Complex<f32>> = draws(Domain::within(-1.0, 2.0), 500, 0.3);
        assert!(within
            .iter()
            .all(|z| (-1.0..=2.0).contains(&z.re) && (-1.0..=2.0).contains(&z.im)));
    }

    #[test]
    fn complex_values_shrink_toward_zero_per_component() {
        use num_complex::Complex;
        let s = Sampler::<Complex<f64>>::new(&Domain::any());
        let mut out = Vec::new();
        Complex::new(f64::NAN, 2.5).shrink_candidates(&s, &mut out);
        assert_eq!(out[0], Complex::new(0.0, 0.0));
        assert!(out.iter().any(|z| z.same(Complex::new(f64::NAN, 2.0))));
        assert!(out.iter().all(|z| !z.same(Complex::new(f64::NAN, 2.5))));
        // 0+0j is where shrinking ends.
        let mut none = Vec::new();
        Complex::new(0.0f64, 0.0).shrink_candidates(&s, &mut none);
        assert!(none.is_empty(), "{none:?}");
        // A component that matters (-0.0) is kept while the other shrinks.
        let mut keep = Vec::new();
        Complex::new(-0.0f32, 3.0).shrink_candidates(&Sampler::new(&Domain::any()), &mut keep);
        assert!(keep
            .iter()
            .any(|z| z.re.to_bits() == (-0.0f32).to_bits() && z.im == 0.0));
    }

    #[test]
    fn complex_repr_conversions() {
        use num_complex::Complex;
        assert_eq!(
            Complex::<f32>::from_repr(Repr::Float(0.5)),
            Some(Complex::new(0.5, 0.0))
        );
        assert_eq!(Complex::<f32>::from_repr(Repr::Complex(0.1, 0.0)), None);
        assert_eq!(f64::from_repr(Repr::Complex(2.0, 0.0)), Some(2.0));
        assert_eq!(f64::from_repr(Repr::Complex(2.0, 1.0)), None);
        assert_eq!(i8::from_repr(Repr::Complex(-3.0, -0.0)), Some(-3));
    }

    #[test]
    fn repr_conversions_are_exact_or_refused() {
        assert_eq!(f32::from_repr(Repr::Float(0.1)), None);
        assert_eq!(f32::from_repr(Repr::Float(0.5)), Some(0.5));
        assert!(f32::from_repr(Repr::Float(f64::NAN)).unwrap().is_nan());
        assert_eq!(i8::from_repr(Repr::Float(-0.0)), None);
        assert_eq!(i8::from_repr(Repr::Float(-3.0)), Some(-3));
        assert_eq!(u8::from_repr(Repr::Int(-1)), None);
        assert_eq!(bool::from_repr(Repr::Int(1)), Some(true));
        assert_eq!(bool::from_repr(Repr::Float(-0.0)), None);
        assert_eq!(f32::from_repr(Repr::Int((1 << 24) + 1)), None);
        assert_eq!(
            f64::from_repr(Repr::Int(-(1 << 40))),
            Some(-(2f64.powi(40)))
        );
    }
}
