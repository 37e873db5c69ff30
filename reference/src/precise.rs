//! The second opinion: the correctly rounded value of an elementwise float
//! function, computed in high precision, for the checks to consult where a
//! backend and the fast reference disagree (so a correct backend is never
//! failed by an error of the reference's).
//!
//! Why astro-float rather than double-double: the functions that need a
//! second opinion are the transcendental ones (`exp`, `log1p`, `sin` of
//! large arguments, `pow`, `acosh` near 1...), whose double-double versions
//! would be new approximations of our own to get right, each a reference to
//! be trusted in turn; astro-float is a maintained, pure-Rust
//! arbitrary-precision library that evaluates all of them (with argument
//! reduction by as many bits of pi as it takes) at any precision, builds
//! with the workspace's Rust 1.89 and adds about 20 s to a clean build
//! (BENCHMARKS.md). It is only called on a disagreement, so its speed does
//! not matter to a passing run.
//!
//! How: each operand (a float32 or float64, exact in an `f64`) becomes a
//! 256-bit number; the function is evaluated at [`PRECISION`] bits, or
//! exactly where that is cheap (sums, differences, products, squares and
//! the sum under `hypot`'s root are exact); then [`round_to`] rounds once,
//! to nearest with ties to even, into the result dtype, subnormals and
//! overflow included. 256 bits leave some 200 bits beyond the result's 53,
//! far more than the hardest cases of the table maker's dilemma known for
//! doubles need, so the single rounding is the correct one. Where the
//! result cancels (`expm1` of a tiny `x`, `logaddexp` near zero) the
//! precision grows with the cancellation.
//!
//! Covered ([`covers`]): `add`, `subtract`, `multiply`, `divide`, `square`,
//! `reciprocal`, `sqrt`, `hypot`, `exp`, `expm1`, `log`, `log1p`, `log2`,
//! `log10`, `logaddexp`, `pow`, `sin`, `cos`, `tan`, `asin`, `acos`,
//! `atan`, `atan2`, `sinh`, `cosh`, `tanh`, `asinh`, `acosh`, `atanh`; for
//! finite, nonzero operands only: a zero, infinite or NaN operand is a
//! special case, whose result the standard's table gives exactly (the
//! reference follows it row by row), so there is no second opinion to
//! give (`None`). Not covered: the functions defined exactly by
//! `array_api::float` or by IEEE 754 without rounding (`abs`, `ceil`,
//! `floor`, `round`, `trunc`, `sign`, `copysign`, `nextafter`, `maximum`,
//! `minimum`, `remainder`, `floor_divide`, `negative`, `positive`), and
//! those with integer or `bool` results; their comparisons stay as they
//! were.

use std::cell::RefCell;

use astro_float::{BigFloat, Consts, RoundingMode, Sign};
use conformance_strategies::DType;

/// The working precision in bits.
pub const PRECISION: usize = 256;

const RM: RoundingMode = RoundingMode::ToEven;

/// The functions [`correctly_rounded`] evaluates.
pub const COVERED: &[&str] = &[
    "add",
    "subtract",
    "multiply",
    "divide",
    "square",
    "reciprocal",
    "sqrt",
    "hypot",
    "exp",
    "expm1",
    "log",
    "log1p",
    "log2",
    "log10",
    "logaddexp",
    "pow",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
];

/// Whether [`correctly_rounded`] evaluates `function` (on finite nonzero
/// operands).
pub fn covers(function: &str) -> bool {
    COVERED.contains(&function)
}

thread_local! {
    /// astro-float's cache of constants (pi, ln 2...), grown as needed.
    static CONSTS: RefCell<Option<Consts>> = const { RefCell::new(None) };
}

/// `function` of `args` (each exact in an `f64`), correctly rounded to
/// `dtype` (returned as the `f64` holding that `float32` or `float64`
/// value); `None` where the function is not covered, an operand is zero,
/// infinite or NaN, the result is NaN, or `dtype` is not a float.
///
/// ```
/// use array_api_reference::precise::correctly_rounded;
/// use conformance_strategies::DType;
/// // exp(1) rounds to std's value in float64, and to 2.7182817 in float32.
/// assert_eq!(correctly_rounded("exp", &[1.0], DType::Float64), Some(std::f64::consts::E));
/// assert_eq!(correctly_rounded("exp", &[1.0], DType::Float32), Some(f64::from(std::f32::consts::E)));
/// assert_eq!(correctly_rounded("floor", &[1.5], DType::Float64), None);
/// ```
pub fn correctly_rounded(function: &str, args: &[f64], dtype: DType) -> Option<f64> {
    if !dtype.is_float() || !covers(function) || args.iter().any(|x| !x.is_finite() || *x == 0.0) {
        return None;
    }
    CONSTS.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = Some(Consts::new().ok()?);
        }
        let cc = cell.as_mut()?;
        let value = evaluate(function, args, cc)?;
        round_to(&value, dtype)
    })
}

/// `x` exactly, for a finite nonzero `x`. Built from its bits rather than
/// by astro-float's `from_f64`, which halves subnormals (0.9.6 reads
/// `5e-324` as 2^-1075).
fn big(x: f64) -> BigFloat {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    // x = m * 2^k, m an integer.
    let (m, k) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    };
    let shift = m.leading_zeros();
    let sign = if x < 0.0 { Sign::Neg } else { Sign::Pos };
    // 0.word * 2^e with the word's top bit set.
    BigFloat::from_words(&[m << shift], sign, k + 64 - shift as i32)
}

/// The exact or [`PRECISION`]-bit value of `function` on `args`.
fn evaluate(function: &str, args: &[f64], cc: &mut Consts) -> Option<BigFloat> {
    let p = PRECISION;
    let x = big(*args.first()?);
    let y = || args.get(1).map(|&v| big(v));
    let value = match function {
        "add" => x.add_full_prec(&y()?),
        "subtract" => x.sub_full_prec(&y()?),
        "multiply" => x.mul_full_prec(&y()?),
        "divide" => x.div(&y()?, p, RM),
        "square" => x.mul_full_prec(&x),
        "reciprocal" => big(1.0).div(&x, p, RM),
        "sqrt" => x.sqrt(p, RM),
        "hypot" => {
            let y = y()?;
            x.mul_full_prec(&x)
                .add_full_prec(&y.mul_full_prec(&y))
                .sqrt(p, RM)
        }
        "exp" => x.exp(p, RM, cc),
        "expm1" => {
            // exp(x) - 1 cancels the bits of 1 above x's: keep as many more.
            let extra = usize::try_from(-x.exponent()?).unwrap_or(0);
            let q = p + extra;
            x.exp(q, RM, cc).sub(&big(1.0), q, RM)
        }
        "log" => x.ln(p, RM, cc),
        "log1p" => x.add_full_prec(&big(1.0)).ln(p, RM, cc),
        "log2" => x.log2(p, RM, cc),
        "log10" => x.log10(p, RM, cc),
        "logaddexp" => {
            // max + log(1 + exp(min - max)); the sum may cancel down to
            // about 2^-1074 of |max| <= 2^1024: 2100 more bits cover it.
            let y = y()?;
            let (hi, lo) = if args[0] >= args[1] { (x, y) } else { (y, x) };
            let q = p + 2100;
            let d = lo.sub_full_prec(&hi);
            let tail = d.exp(q, RM, cc).add(&big(1.0), q, RM).ln(q, RM, cc);
            hi.add(&tail, q, RM)
        }
        "pow" => pow(&x, &y()?, args[1], cc)?,
        "sin" => x.sin(p, RM, cc),
        "cos" => x.cos(p, RM, cc),
        "tan" => x.tan(p, RM, cc),
        "asin" => x.asin(p, RM, cc),
        "acos" => x.acos(p, RM, cc),
        "atan" => x.atan(p, RM, cc),
        "atan2" => atan2(&x, &y()?, args[1], cc),
        "sinh" => x.sinh(p, RM, cc),
        "cosh" => x.cosh(p, RM, cc),
        "tanh" => x.tanh(p, RM, cc),
        "asinh" => x.asinh(p, RM, cc),
        "acosh" => x.acosh(p, RM, cc),
        "atanh" => x.atanh(p, RM, cc),
        _ => return None,
    };
    (!value.is_nan()).then_some(value)
}

/// `x^y` for finite nonzero operands: a negative `x` only to an integer
/// power (the sign that power's parity gives), else NaN, as the standard's
/// special cases say.
fn pow(x: &BigFloat, y: &BigFloat, y_value: f64, cc: &mut Consts) -> Option<BigFloat> {
    let p = PRECISION;
    if x.is_positive() {
        return Some(x.pow(y, p, RM, cc));
    }
    if y_value.fract() != 0.0 {
        return None;
    }
    let magnitude = x.abs().pow(y, p, RM, cc);
    // |y| >= 2^53 is even; below, the parity is the f64's.
    let odd = y_value.abs() < 9007199254740992.0 && (y_value as i64) % 2 != 0;
    Some(if odd { magnitude.neg() } else { magnitude })
}

/// `atan2(y, x)` for finite nonzero operands: `atan(|y / x|)` in the
/// quadrant of `(x, y)`, with `y`'s sign.
fn atan2(y: &BigFloat, x: &BigFloat, x_value: f64, cc: &mut Consts) -> BigFloat {
    let p = PRECISION + 64;
    let t = y.div(x, p, RM).abs().atan(p, RM, cc);
    let angle = if x_value < 0.0 {
        cc.pi(p, RM).sub(&t, p, RM)
    } else {
        t
    };
    if y.is_negative() {
        angle.neg()
    } else {
        angle
    }
}

/// `value` rounded once to nearest (ties to even) in `dtype`: its
/// subnormals, its zero and its overflow to infinity included. `None` for
/// NaN or a dtype that is not a float.
pub fn round_to(value: &BigFloat, dtype: DType) -> Option<f64> {
    // Precision, and the exponent of the smallest subnormal.
    let (bits, min_ulp, max_exp): (i64, i64, i64) = match dtype {
        DType::Float32 => (24, -149, 128),
        DType::Float64 => (53, -1074, 1024),
        _ => return None,
    };
    if value.is_nan() {
        return None;
    }
    let negative = value.is_negative();
    let signed = |m: f64| if negative { -m } else { m };
    if value.is_inf() {
        return Some(signed(f64::INFINITY));
    }
    if value.is_zero() {
        return Some(signed(0.0));
    }
    let (words, _, sign, exponent, inexact) = value.as_raw_parts()?;
    debug_assert_eq!(sign == Sign::Neg, negative);
    // value = 0.top... * 2^e: in [2^(e-1), 2^e).
    let e = i64::from(exponent);
    if e > max_exp {
        return Some(signed(f64::INFINITY));
    }
    let (&top, rest) = words.split_last()?;
    let sticky = inexact || rest.iter().any(|&w| w != 0);
    // The result's unit in the last place is 2^q.
    let q = (e - bits).max(min_ulp);
    // Bits of `top` below that unit.
    let drop = 64 - (e - q);
    let t = u128::from(top);
    let m = if drop >= 128 {
        0
    } else {
        let drop = u32::try_from(drop).ok()?;
        let kept = t >> drop;
        let rem = t & ((1u128 << drop) - 1);
        let half = 1u128 << (drop - 1);
        let up = rem > half || (rem == half && (sticky || kept & 1 == 1));
        kept + u128::from(up)
    };
    // m <= 2^bits and 2^q is a float64 (q >= -1074): the product is exact,
    // or overflows to infinity as the rounding asks.
    let unit = if q >= -1022 {
        f64::from_bits(u64::try_from(q + 1023).ok()? << 52)
    } else {
        f64::from_bits(1u64 << (q + 1074))
    };
    let magnitude = m as f64 * unit;
    let magnitude = match dtype {
        DType::Float32 => f64::from(magnitude as f32),
        _ => magnitude,
    };
    Some(signed(magnitude))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cr64(f: &str, args: &[f64]) -> f64 {
        correctly_rounded(f, args, DType::Float64).unwrap()
    }

    fn cr32(f: &str, args: &[f64]) -> f32 {
        correctly_rounded(f, args, DType::Float32).unwrap() as f32
    }

    /// Exact arithmetic rounds as IEEE 754 does, in both dtypes.
    #[test]
    fn arithmetic_rounds_as_ieee() {
        let xs = [
            1.0,
            0.1,
            -3.7,
            1e300,
            -1e-300,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            123456.789,
        ];
        for &a in &xs {
            for &b in &xs {
                assert_eq!(
                    cr64("add", &[a, b]).to_bits(),
                    (a + b).to_bits(),
                    "{a} + {b}"
                );
                assert_eq!(cr64("subtract", &[a, b]), a - b, "{a} - {b}");
                assert_eq!(cr64("multiply", &[a, b]), a * b, "{a} * {b}");
                assert_eq!(cr64("divide", &[a, b]), a / b, "{a} / {b}");
                assert_eq!(cr64("hypot", &[a, b]), a.hypot(b), "hypot({a}, {b})");
                let (fa, fb) = (a as f32, b as f32);
                if fa.is_finite() && fb.is_finite() && fa != 0.0 && fb != 0.0 {
                    let (fa64, fb64) = (f64::from(fa), f64::from(fb));
                    assert_eq!(cr32("add", &[fa64, fb64]), fa + fb, "{fa} + {fb}");
                    assert_eq!(cr32("multiply", &[fa64, fb64]), fa * fb, "{fa} * {fb}");
                    assert_eq!(cr32("divide", &[fa64, fb64]), fa / fb, "{fa} / {fb}");
                }
            }
            assert_eq!(cr64("sqrt", &[a.abs()]), a.abs().sqrt());
            assert_eq!(cr64("square", &[a]), a * a);
        }
    }

    /// Rounding into float32 and float64: ties to even, subnormals, the
    /// overflow boundary.
    #[test]
    fn rounding_to_each_dtype() {
        // 1 + 2^-24 is a float32 tie: to even, 1.0; a little more rounds up.
        let tie = 1.0 + 2f64.powi(-24);
        assert_eq!(cr32("add", &[1.0, 2f64.powi(-24)]), 1.0);
        assert_eq!(
            cr32("add", &[tie, 2f64.powi(-60)]),
            1.0 + f32::EPSILON,
            "past the tie"
        );
        // Products below float32's smallest subnormal (2^-149).
        let tiny = f64::from(f32::from_bits(1));
        assert_eq!(cr32("multiply", &[tiny, 0.5]), 0.0, "a tie goes to 0");
        assert_eq!(cr32("multiply", &[tiny, 0.75]), f32::from_bits(1));
        assert_eq!(cr32("multiply", &[tiny, 0.25]), 0.0);
        assert_eq!(cr32("multiply", &[tiny, 1.5]), f32::from_bits(2));
        assert_eq!(cr32("multiply", &[tiny, 2.5]), f32::from_bits(2));
        assert_eq!(cr32("multiply", &[-tiny, 0.75]), -f32::from_bits(1));
        // float64 subnormals.
        assert_eq!(cr64("multiply", &[5e-324, 0.75]), 5e-324);
        assert_eq!(cr64("multiply", &[1e-310, 0.3]), 1e-310 * 0.3);
        // Overflow: beyond MAX + half an ulp is infinity.
        assert_eq!(cr32("multiply", &[f64::from(f32::MAX), 2.0]), f32::INFINITY);
        assert_eq!(cr64("add", &[f64::MAX, f64::MAX]), f64::INFINITY);
        assert_eq!(cr64("exp", &[710.0]), f64::INFINITY);
        assert_eq!(cr64("exp", &[-746.0]), 0.0);
    }

    /// Transcendental values against mpmath at 200 bits (printed to 20
    /// digits and rounded by hand).
    #[test]
    fn transcendental_values_match_an_independent_oracle() {
        // mpmath: sin(1e300) = -0.81788191211590859704588528275542...
        assert_eq!(cr64("sin", &[1e300]), -0.8178819121159085);
        // exp(1e-20) - 1 = 1.00000000000000000000500e-20
        assert_eq!(cr64("expm1", &[1e-20]), 1e-20);
        assert_eq!(cr64("expm1", &[1e-300]), 1e-300);
        // log1p(1e-20) = 9.99999999999999999995e-21
        assert_eq!(cr64("log1p", &[1e-20]), 1e-20);
        assert_eq!(cr64("log", &[std::f64::consts::E]), 1.0);
        // acosh(1 + 2^-52) = 2.1073424255447014e-08
        assert_eq!(cr64("acosh", &[1.0 + f64::EPSILON]), 2.1073424255447014e-08);
        assert_eq!(
            cr64("atan2", &[1.0, -1.0]),
            3.0 * std::f64::consts::FRAC_PI_4
        );
        assert_eq!(cr64("atan2", &[-1.0, 1.0]), -std::f64::consts::FRAC_PI_4);
        assert_eq!(cr64("pow", &[-2.0, 3.0]), -8.0);
        assert_eq!(cr64("pow", &[-2.0, -2.0]), 0.25);
        assert_eq!(correctly_rounded("pow", &[-2.0, 0.5], DType::Float64), None);
        assert_eq!(
            cr64("logaddexp", &[0.0f64.next_up(), 1.0]),
            1.3132616875182228
        );
        assert_eq!(cr32("exp", &[1.0]), std::f32::consts::E);
        assert_eq!(cr32("log", &[10.0]), std::f32::consts::LN_10);
    }

    #[test]
    fn specials_and_uncovered_functions_have_no_second_opinion() {
        for args in [[0.0], [-0.0], [f64::INFINITY], [f64::NAN]] {
            assert_eq!(correctly_rounded("exp", &args, DType::Float64), None);
        }
        assert_eq!(
            correctly_rounded("log", &[-1.0], DType::Float64),
            None,
            "NaN"
        );
        assert_eq!(correctly_rounded("floor", &[1.5], DType::Float64), None);
        assert_eq!(correctly_rounded("exp", &[1.0], DType::Int32), None);
        assert!(COVERED.iter().all(|f| covers(f)));
    }
}
