//! [`IntRule`]: integer operands across their dtype's whole range whose
//! exact result fits the result dtype, drawn constructively.
//!
//! A standard that leaves integer overflow (and division by zero, and
//! shifts by a negative amount) unspecified only defines a function on the
//! operands whose exact result fits. Drawing the operands over the whole
//! range and throwing away the pairs that overflow would waste most draws
//! of `multiply`; clamping the whole range to small values (what a check
//! does when it does not know better) never meets a 64-bit value above
//! 2^53 or a sum next to the maximum. Instead the operands are drawn over
//! the whole range (with the special values of [`crate::values`]: 0, ±1,
//! the extremes, values near overflow, small values) and then *fitted*:
//!
//! - a unary function's operand is moved into the interval where its result
//!   fits (`abs`/`negative`: no signed minimum; `square`: `|x| <= sqrt(MAX)`);
//! - a binary function's `x2` is moved, element by element, into the values
//!   that fit with *every* `x1` element it meets under broadcasting (the
//!   interval the rule gives for the smallest and the largest of them, which
//!   bounds every value between: see [`IntRule`]). `x1` keeps its draw.
//!
//! A value already inside stays; one outside goes to the nearest end of the
//! interval when it is even (so sums, products and shifts land exactly on
//! the dtype's limits) and wraps into the interval when it is odd (so the
//! inside is met too). A forbidden divisor (0; -1 facing the signed
//! minimum in `floor_divide`) becomes 1. The fitting is a function of the
//! drawn values, applied after drawing and again after each shrinking step,
//! so every input (drawn or shrunk) is defined, small values shrink to
//! small values, and 0 fits every rule that allows it.
//!
//! The mix is that of the integer draws of [`crate::values`] (small values, the
//! special values, uniform values, values of a uniformly drawn bit length),
//! moved only where a value does not fit. Over the example host's
//! elementwise functions (`checks/src/elementwise.rs` measures it) about a
//! third of the elements (up to three fifths for shifts, `multiply` and
//! `pow`, whose second operand is bounded by the first) are within
//! -10..=10, and a fifth to a third beyond 2^16 in magnitude.

use ndarray::ArrayD;

use crate::array::AnyArray;
use crate::draw::DrawnArray;
use crate::dtype::DType;
use crate::shape::broadcast_shape;

/// Which integer operands an elementwise function is defined on: those
/// whose exact (mathematical) result fits the result dtype, and no more
/// than the standard defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntRule {
    /// Every value: the result always fits (comparisons, bitwise functions,
    /// `maximum`, rounding, `sign`...).
    Any,
    /// `-x` fits: a signed dtype's minimum is left out (`abs`, `negative`).
    /// Unsigned operands are not restricted: their negative is taken
    /// modulo 2^bits, as the standard's unsigned arithmetic is.
    Negatable,
    /// `x * x` fits: `|x| <= isqrt(MAX)` (`square`).
    Square,
    /// `x1 + x2` fits (`add`).
    Sum,
    /// `x1 - x2` fits (`subtract`).
    Difference,
    /// `x1 * x2` fits (`multiply`).
    Product,
    /// `x2 != 0` and `x1 / x2` fits: no signed minimum over -1
    /// (`floor_divide`).
    Quotient,
    /// `x2 != 0` (`remainder`: its result is smaller than `x2`).
    NonZeroDivisor,
    /// `0 <= x2 < bits` and `x1 * 2^x2` fits (`bitwise_left_shift`).
    LeftShift,
    /// `0 <= x2 < bits` (`bitwise_right_shift`).
    RightShift,
    /// `x2 >= 0` and `x1 ** x2` fits (`pow`).
    Power,
}

/// The values an operand may take: `lo..=hi` without `avoid`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Allowed {
    lo: i128,
    hi: i128,
    avoid: [Option<i128>; 2],
}

impl Allowed {
    fn range(lo: i128, hi: i128) -> Allowed {
        debug_assert!(lo <= hi, "empty interval {lo}..={hi}");
        Allowed {
            lo,
            hi,
            avoid: [None, None],
        }
    }

    fn within(self, (min, max): (i128, i128)) -> Allowed {
        Allowed {
            lo: self.lo.max(min),
            hi: self.hi.min(max),
            ..self
        }
    }

    /// `raw` moved inside (see the module's documentation).
    fn fit(&self, raw: i128) -> i128 {
        let v = if (self.lo..=self.hi).contains(&raw) {
            raw
        } else if raw % 2 == 0 {
            raw.clamp(self.lo, self.hi)
        } else {
            self.lo + (raw - self.lo).rem_euclid(self.hi - self.lo + 1)
        };
        if self.avoid.contains(&Some(v)) {
            1
        } else {
            v
        }
    }
}

/// The smallest and largest value of an integer dtype.
fn bounds(dtype: DType) -> (i128, i128) {
    let bits = dtype.bits();
    if dtype.is_signed_integer() {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    }
}

fn isqrt(v: i128) -> i128 {
    let mut r = (v as f64).sqrt() as i128;
    while r * r > v {
        r -= 1;
    }
    while (r + 1) * (r + 1) <= v {
        r += 1;
    }
    r
}

/// The largest `s < bits` with `a * 2^s` inside `(min, max)`.
fn max_shift(a: i128, (min, max): (i128, i128), bits: u32) -> i128 {
    let mut s = 0;
    let fits = |v: Option<i128>| v.is_some_and(|v| (min..=max).contains(&v));
    while s + 1 < i128::from(bits) && fits(a.checked_mul(1i128 << (s + 1))) {
        s += 1;
    }
    s
}

/// The largest `k` with `a^j` inside `(min, max)` for every `j <= k`
/// (`None`: every `k`, for `a` in -1..=1).
fn max_exponent(a: i128, (min, max): (i128, i128)) -> Option<i128> {
    if a.abs() <= 1 {
        return None;
    }
    let (mut k, mut p) = (0, 1i128);
    while let Some(next) = p.checked_mul(a).filter(|v| (min..=max).contains(v)) {
        p = next;
        k += 1;
    }
    Some(k)
}

impl IntRule {
    /// Whether the rule constrains `x2` given `x1` (a binary rule).
    fn is_binary(self) -> bool {
        !matches!(self, IntRule::Any | IntRule::Negatable | IntRule::Square)
    }

    /// The values of a unary function's operand of `dtype`.
    fn unary(self, dtype: DType) -> Allowed {
        let (min, max) = bounds(dtype);
        match self {
            IntRule::Negatable if min < 0 => Allowed::range(min + 1, max),
            IntRule::Square => {
                let r = isqrt(max);
                Allowed::range(if min < 0 { -r } else { 0 }, r)
            }
            _ => Allowed::range(min, max),
        }
    }

    /// The values of `x2` that fit with every `x1` in `lo..=hi`, for a
    /// result of `result` (the interval of each endpoint bounds those of
    /// the values between: the allowed set shrinks as `|x1|` grows on
    /// either side of zero).
    fn second(self, result: DType, lo: i128, hi: i128) -> Allowed {
        let (min, max) = bounds(result);
        let bits = result.bits();
        let everything = Allowed::range(min, max);
        match self {
            IntRule::Any | IntRule::Negatable | IntRule::Square => everything,
            IntRule::Sum => Allowed::range(min - lo, max - hi),
            IntRule::Difference => Allowed::range(hi - max, lo - min),
            IntRule::Product => {
                let of = |a: i128| {
                    if a > 0 {
                        Allowed::range(min.div_euclid(a) + i128::from(min % a != 0), max / a)
                    } else if a < 0 {
                        Allowed::range(-(max / -a), min / a)
                    } else {
                        everything
                    }
                };
                let (p, q) = (of(lo), of(hi));
                Allowed::range(p.lo.max(q.lo), p.hi.min(q.hi))
            }
            IntRule::Quotient => Allowed {
                avoid: [Some(0), (lo == min && min < 0).then_some(-1)],
                ..everything
            },
            IntRule::NonZeroDivisor => Allowed {
                avoid: [Some(0), None],
                ..everything
            },
            IntRule::LeftShift => Allowed::range(
                0,
                max_shift(lo, (min, max), bits).min(max_shift(hi, (min, max), bits)),
            ),
            IntRule::RightShift => Allowed::range(0, i128::from(bits) - 1),
            IntRule::Power => {
                let top = match (max_exponent(lo, (min, max)), max_exponent(hi, (min, max))) {
                    (Some(a), Some(b)) => a.min(b),
                    (Some(a), None) | (None, Some(a)) => a,
                    (None, None) => max,
                };
                Allowed::range(0, top)
            }
        }
    }

    /// Whether `f(x1, x2)` is defined by this rule for a result of
    /// `result` (for a unary rule, `x1` alone): the test of the fitting.
    ///
    /// ```
    /// use conformance_strategies::{DType, IntRule};
    /// assert!(IntRule::Sum.defines(DType::Int8, 100, 27));
    /// assert!(!IntRule::Sum.defines(DType::Int8, 100, 28));
    /// assert!(!IntRule::Quotient.defines(DType::Int8, -128, -1));
    /// assert!(IntRule::NonZeroDivisor.defines(DType::Int8, -128, -1));
    /// assert!(!IntRule::Negatable.defines(DType::Int64, i64::MIN.into(), 0));
    /// ```
    pub fn defines(self, result: DType, x1: i128, x2: i128) -> bool {
        let (min, max) = bounds(result);
        let fits = |v: Option<i128>| v.is_some_and(|v| (min..=max).contains(&v));
        let bits = i128::from(result.bits());
        match self {
            IntRule::Any => true,
            IntRule::Negatable => min == 0 || fits(Some(-x1)),
            IntRule::Square => fits(x1.checked_mul(x1)),
            IntRule::Sum => fits(Some(x1 + x2)),
            IntRule::Difference => fits(Some(x1 - x2)),
            IntRule::Product => fits(x1.checked_mul(x2)),
            IntRule::Quotient => x2 != 0 && fits(Some(x1.div_euclid(x2))),
            IntRule::NonZeroDivisor => x2 != 0,
            IntRule::LeftShift => (0..bits).contains(&x2) && fits(x1.checked_mul(1 << x2)),
            IntRule::RightShift => (0..bits).contains(&x2),
            IntRule::Power => {
                x2 >= 0
                    && (x1.abs() <= 1 || u32::try_from(x2).is_ok_and(|k| fits(x1.checked_pow(k))))
            }
        }
    }

    /// Whether the rule defines `f` on every element of `operands` (one
    /// array, or two that broadcast) for a result of `result`: what
    /// [`IntRule::fit`] makes true. Non-integer operands always are.
    ///
    /// ```
    /// use conformance_strategies::{AnyArray, DType, IntRule};
    /// let x1 = AnyArray::from(ndarray::arr2(&[[i64::MAX], [0]]).into_dyn());
    /// let x2 = AnyArray::from(ndarray::arr1(&[0i64, 1]).into_dyn());
    /// assert!(!IntRule::Sum.holds(&[&x1, &x2], DType::Int64));
    /// assert!(IntRule::Product.holds(&[&x1, &x2], DType::Int64));
    /// ```
    pub fn holds(self, operands: &[&AnyArray], result: DType) -> bool {
        match operands {
            [x] => ints(x).is_none_or(|v| v.iter().all(|&a| self.defines(result, a, 0))),
            [x1, x2] => match (ints(x1), ints(x2)) {
                (Some(a), Some(b)) => {
                    let mut ok = true;
                    frame_pairs(x1.shape(), x2.shape(), |i1, i2| {
                        ok &= self.defines(result, a[i1], b[i2]);
                    });
                    ok
                }
                _ => true,
            },
            _ => true,
        }
    }

    /// Fits integer operands to the rule, in place (layouts kept): `x` of a
    /// unary rule, or `x2` of a binary rule against the `x1` elements it
    /// meets under broadcasting, for a result of dtype `result` (the two
    /// operands' promoted dtype; `x2` also stays inside its own dtype).
    /// Other dtypes, and arrays whose shapes do not broadcast, are left as
    /// they are.
    ///
    /// ```
    /// use conformance_strategies::{AnyArray, DType, DrawnArray, IntRule, Layout};
    /// let drawn = |v: &[i8]| DrawnArray {
    ///     array: AnyArray::from(ndarray::arr1(v).into_dyn()),
    ///     layout: Layout::C,
    /// };
    /// let mut xs = vec![drawn(&[100, -100]), drawn(&[100])];
    /// IntRule::Sum.fit(&mut xs, DType::Int8);
    /// // x2 = 100 (even, outside -28..=27) goes to the nearest end.
    /// assert_eq!(xs[1].to_f64_vec(), vec![27.0]);
    /// let mut x = vec![drawn(&[-128, 5])];
    /// IntRule::Negatable.fit(&mut x, DType::Int8);
    /// assert_eq!(x[0].to_f64_vec(), vec![-127.0, 5.0]);
    /// ```
    pub fn fit(self, operands: &mut [DrawnArray], result: DType) {
        if self == IntRule::Any || !result.is_integer() {
            return;
        }
        match operands {
            [x] if !self.is_binary() && x.dtype().is_integer() => {
                let allowed = self.unary(x.dtype());
                map_ints(&mut x.array, |_, v| allowed.fit(v));
            }
            [x1, x2] if self.is_binary() && x1.dtype().is_integer() && x2.dtype().is_integer() => {
                let Some(partners) = partner_ranges(&x1.array, x2.shape()) else {
                    return;
                };
                let own = bounds(x2.dtype());
                map_ints(&mut x2.array, |i, v| {
                    let (lo, hi) = partners[i].unwrap_or((0, 0));
                    self.second(result, lo, hi).within(own).fit(v)
                });
            }
            _ => {}
        }
    }
}

/// The integer values of `array` in logical (C) order, as `i128`.
fn ints(array: &AnyArray) -> Option<Vec<i128>> {
    fn of<T: Copy + Into<i128>>(a: &ArrayD<T>) -> Vec<i128> {
        a.iter().map(|&v| v.into()).collect()
    }
    Some(match array {
        AnyArray::Int8(a) => of(a),
        AnyArray::Int16(a) => of(a),
        AnyArray::Int32(a) => of(a),
        AnyArray::Int64(a) => of(a),
        AnyArray::UInt8(a) => of(a),
        AnyArray::UInt16(a) => of(a),
        AnyArray::UInt32(a) => of(a),
        AnyArray::UInt64(a) => of(a),
        _ => return None,
    })
}

/// Replaces each integer element (logical index, value) by `f`'s value,
/// which must fit the dtype.
fn map_ints(array: &mut AnyArray, mut f: impl FnMut(usize, i128) -> i128) {
    macro_rules! each {
        ($a:expr, $t:ty) => {
            for (i, slot) in $a.iter_mut().enumerate() {
                let v = f(i, i128::from(*slot));
                *slot = <$t>::try_from(v).expect("a fitted value stays in its dtype");
            }
        };
    }
    match array {
        AnyArray::Int8(a) => each!(a, i8),
        AnyArray::Int16(a) => each!(a, i16),
        AnyArray::Int32(a) => each!(a, i32),
        AnyArray::Int64(a) => each!(a, i64),
        AnyArray::UInt8(a) => each!(a, u8),
        AnyArray::UInt16(a) => each!(a, u16),
        AnyArray::UInt32(a) => each!(a, u32),
        AnyArray::UInt64(a) => each!(a, u64),
        _ => {}
    }
}

/// For each element of an operand of shape `shape2` (logical order), the
/// smallest and largest element of `x1` it meets under broadcasting (`None`
/// when it meets none); `None` when the shapes do not broadcast.
fn partner_ranges(x1: &AnyArray, shape2: &[usize]) -> Option<Vec<Option<(i128, i128)>>> {
    let values = ints(x1)?;
    let mut ranges: Vec<Option<(i128, i128)>> = vec![None; shape2.iter().product()];
    frame_pairs(x1.shape(), shape2, |i1, i2| {
        let v = values[i1];
        let r = &mut ranges[i2];
        *r = Some(r.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
    })?;
    Some(ranges)
}

/// Calls `f` with the logical indices of the two elements at each position
/// of the broadcast of `shape1` and `shape2`; `None` when they do not
/// broadcast.
fn frame_pairs(shape1: &[usize], shape2: &[usize], mut f: impl FnMut(usize, usize)) -> Option<()> {
    let out = broadcast_shape(&[shape1, shape2])?;
    if out.contains(&0) {
        return Some(());
    }
    let d = out.len();
    // Each operand's C strides in the broadcast frame, 0 where it broadcasts.
    let frame_strides = |shape: &[usize]| {
        let mut strides = vec![0usize; d];
        let mut step = 1;
        for (k, &side) in shape.iter().enumerate().rev() {
            strides[d - shape.len() + k] = if side == 1 { 0 } else { step };
            step *= side;
        }
        strides
    };
    let (s1, s2) = (frame_strides(shape1), frame_strides(shape2));
    let mut index = vec![0usize; d];
    let (mut i1, mut i2) = (0usize, 0usize);
    loop {
        f(i1, i2);
        // The next position of the frame, odometer style.
        let mut k = d;
        loop {
            if k == 0 {
                return Some(());
            }
            k -= 1;
            index[k] += 1;
            i1 += s1[k];
            i2 += s2[k];
            if index[k] < out[k] {
                break;
            }
            i1 -= s1[k] * out[k];
            i2 -= s2[k] * out[k];
            index[k] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Layout;
    use crate::values::int_in;
    use proptest::test_runner::{RngAlgorithm, TestRng};

    const RULES: [IntRule; 11] = [
        IntRule::Any,
        IntRule::Negatable,
        IntRule::Square,
        IntRule::Sum,
        IntRule::Difference,
        IntRule::Product,
        IntRule::Quotient,
        IntRule::NonZeroDivisor,
        IntRule::LeftShift,
        IntRule::RightShift,
        IntRule::Power,
    ];

    /// Every fitted value is defined with every partner between the
    /// interval's ends, for every rule, 8-bit dtype and many intervals,
    /// exhaustively over the raw values.
    #[test]
    fn fitted_values_are_defined_with_every_partner_in_the_interval() {
        let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[4; 32]);
        for dtype in [DType::Int8, DType::UInt8] {
            let (min, max) = bounds(dtype);
            for rule in RULES {
                for case in 0..300 {
                    // Single points, the extremes and random intervals.
                    let (lo, hi) = match case {
                        0..=4 => {
                            let v = [min, max, 0, 1, min + 1][case];
                            (v, v)
                        }
                        5 => (min, max),
                        _ => {
                            let (a, b) = (int_in(&mut rng, min, max), int_in(&mut rng, min, max));
                            (a.min(b), a.max(b))
                        }
                    };
                    for raw in min..=max {
                        let v = if rule.is_binary() {
                            rule.second(dtype, lo, hi).within((min, max)).fit(raw)
                        } else {
                            rule.unary(dtype).fit(raw)
                        };
                        assert!((min..=max).contains(&v), "{rule:?} {dtype}: {raw} -> {v}");
                        let xs: Vec<i128> = if rule.is_binary() {
                            (lo..=hi).collect()
                        } else {
                            vec![v]
                        };
                        for a in xs {
                            assert!(
                                rule.defines(dtype, a, v),
                                "{rule:?} {dtype}: x1={a} x2={v} (raw {raw}, x1 in {lo}..={hi})"
                            );
                        }
                    }
                }
            }
        }
    }

    /// The fitting keeps what is already defined, and reaches the limits:
    /// a sum lands on the maximum, a product near it.
    #[test]
    fn values_inside_stay_and_outside_even_values_reach_the_limits() {
        let (min, max) = bounds(DType::Int64);
        let sum = IntRule::Sum.second(DType::Int64, 5, 5).within((min, max));
        assert_eq!(sum.fit(7), 7);
        assert_eq!(sum.fit(max - 1), max - 5);
        assert_eq!(sum.fit(min), min);
        // An odd value outside wraps inside.
        assert!((min..=max - 5).contains(&sum.fit(max)));
        let product = IntRule::Product.second(DType::Int64, -3, 1 << 40);
        assert_eq!(product.fit(max - 1), max / (1 << 40));
        assert_eq!(product.fit(min), min / (1 << 40));
        let q = IntRule::Quotient.second(DType::Int64, min, 0);
        assert_eq!((q.fit(0), q.fit(-1), q.fit(-2)), (1, 1, -2));
        let q = IntRule::Quotient.second(DType::Int64, min + 1, 0);
        assert_eq!(q.fit(-1), -1);
        assert_eq!(IntRule::LeftShift.second(DType::Int8, 1, 1).hi, 6);
        assert_eq!(IntRule::LeftShift.second(DType::Int8, -1, 0).hi, 7);
        assert_eq!(IntRule::Power.second(DType::Int8, -2, 2).hi, 6);
        assert_eq!(IntRule::Power.second(DType::Int8, -2, 1).hi, 7);
        assert_eq!(
            IntRule::Power.second(DType::UInt64, 0, 1).hi,
            i128::from(u64::MAX)
        );
        assert_eq!(IntRule::Square.unary(DType::Int64).hi, 3_037_000_499);
    }

    /// `x2` is fitted against every `x1` element it meets: along a
    /// broadcast axis, the whole column; in any layout.
    #[test]
    fn fitting_follows_broadcasting_and_keeps_the_layout() {
        let x1 = AnyArray::from(ndarray::arr2(&[[100i8], [-100]]).into_dyn());
        let x2 = AnyArray::from(ndarray::arr1(&[100i8, -100, 3]).into_dyn());
        let mut xs = vec![
            DrawnArray {
                array: Layout::Fortran.apply(&x1),
                layout: Layout::Fortran,
            },
            DrawnArray {
                array: Layout::Reversed.apply(&x2),
                layout: Layout::Reversed,
            },
        ];
        IntRule::Sum.fit(&mut xs, DType::Int8);
        // Each x2 element meets 100 and -100: it must lie in -28..=27.
        assert_eq!(xs[1].to_f64_vec(), vec![27.0, -28.0, 3.0]);
        assert!(xs[1].strides().iter().all(|&s| s < 0), "layout kept");
        assert_eq!(xs[0].to_f64_vec(), vec![100.0, -100.0], "x1 kept");
        // No partner (an empty frame): x2 is fitted as if against 0.
        let mut empty = vec![
            DrawnArray {
                array: AnyArray::from(ndarray::ArrayD::<u8>::zeros(vec![0, 1])),
                layout: Layout::C,
            },
            DrawnArray {
                array: AnyArray::from(ndarray::arr1(&[200u8]).into_dyn()),
                layout: Layout::C,
            },
        ];
        IntRule::RightShift.fit(&mut empty, DType::UInt8);
        assert_eq!(empty[1].to_f64_vec(), vec![7.0]);
    }
}
