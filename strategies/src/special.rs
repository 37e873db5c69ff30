//! [`Special`]: the named kinds of value where backends go wrong, and
//! [`specials_in`], which says which of them an array holds. The strategies
//! are tested (and can be audited) by how often a run meets each kind.

use std::fmt;

use crate::array::AnyArray;
use crate::dtype::DType;

/// A kind of element value that a check should meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Special {
    // Floats.
    /// Not a number, any payload or sign.
    NaN,
    /// `+0.0`.
    PositiveZero,
    /// `-0.0`.
    NegativeZero,
    /// `+inf`.
    PositiveInfinity,
    /// `-inf`.
    NegativeInfinity,
    /// A non-zero subnormal of the dtype.
    Subnormal,
    /// The smallest positive normal, either sign.
    SmallestNormal,
    /// The largest finite value.
    LargestFinite,
    /// The most negative finite value.
    LowestFinite,
    /// Exactly `1.0`.
    One,
    /// Exactly `-1.0`.
    MinusOne,
    /// An integral value other than 0 and ±1.
    Integer,
    /// `k + 0.5`, where rounding modes disagree.
    HalfInteger,
    /// A normal value with `|x| < 1e-10`.
    Tiny,
    /// A finite value with `|x| > 1e10`, not the largest.
    Huge,
    // Integers.
    /// Integer `0`.
    Zero,
    /// Integer `1`.
    IntOne,
    /// Integer `-1` (signed types only).
    IntMinusOne,
    /// The dtype's minimum.
    Min,
    /// The dtype's maximum.
    Max,
    /// Within 16 of the maximum, or of a negative minimum, not equal to it.
    NearOverflow,
    // Booleans.
    /// `false`.
    False,
    /// `true`.
    True,
}

impl Special {
    /// Every kind, in declaration order.
    pub const ALL: [Special; 23] = [
        Special::NaN,
        Special::PositiveZero,
        Special::NegativeZero,
        Special::PositiveInfinity,
        Special::NegativeInfinity,
        Special::Subnormal,
        Special::SmallestNormal,
        Special::LargestFinite,
        Special::LowestFinite,
        Special::One,
        Special::MinusOne,
        Special::Integer,
        Special::HalfInteger,
        Special::Tiny,
        Special::Huge,
        Special::Zero,
        Special::IntOne,
        Special::IntMinusOne,
        Special::Min,
        Special::Max,
        Special::NearOverflow,
        Special::False,
        Special::True,
    ];

    /// The kinds a value of `dtype` can be.
    ///
    /// ```
    /// use conformance_strategies::{DType, Special};
    /// assert!(Special::for_dtype(DType::Float32).contains(&Special::NegativeZero));
    /// assert!(!Special::for_dtype(DType::UInt8).contains(&Special::IntMinusOne));
    /// ```
    pub fn for_dtype(dtype: DType) -> Vec<Special> {
        let all = Special::ALL.iter().copied();
        if dtype.is_float() {
            all.take_while(|&s| s != Special::Zero).collect()
        } else if dtype.is_bool() {
            vec![Special::False, Special::True]
        } else {
            all.filter(|&s| {
                matches!(
                    s,
                    Special::Zero
                        | Special::IntOne
                        | Special::Min
                        | Special::Max
                        | Special::NearOverflow
                ) || (s == Special::IntMinusOne && dtype.is_signed_integer())
            })
            .collect()
        }
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl fmt::Display for Special {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Special::NaN => "NaN",
            Special::PositiveZero => "+0.0",
            Special::NegativeZero => "-0.0",
            Special::PositiveInfinity => "+inf",
            Special::NegativeInfinity => "-inf",
            Special::Subnormal => "subnormal",
            Special::SmallestNormal => "smallest normal",
            Special::LargestFinite => "largest finite",
            Special::LowestFinite => "lowest finite",
            Special::One => "1.0",
            Special::MinusOne => "-1.0",
            Special::Integer => "integer-valued",
            Special::HalfInteger => "half-integer",
            Special::Tiny => "tiny (|x| < 1e-10)",
            Special::Huge => "huge (|x| > 1e10)",
            Special::Zero => "0",
            Special::IntOne => "1",
            Special::IntMinusOne => "-1",
            Special::Min => "minimum",
            Special::Max => "maximum",
            Special::NearOverflow => "near overflow",
            Special::False => "false",
            Special::True => "true",
        };
        f.pad(text)
    }
}

/// A set of [`Special`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SpecialSet(u32);

impl SpecialSet {
    /// Whether `s` is in the set.
    pub fn contains(self, s: Special) -> bool {
        self.0 & s.bit() != 0
    }

    /// Adds `s` to the set.
    pub fn insert(&mut self, s: Special) {
        self.0 |= s.bit();
    }

    /// The kinds in either set.
    pub fn union(self, other: SpecialSet) -> SpecialSet {
        SpecialSet(self.0 | other.0)
    }

    /// Whether the set has no kind.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Special> {
        Special::ALL.into_iter().filter(move |s| self.contains(*s))
    }
}

fn classify_float(x: f64, max: f64, min_normal: f64) -> Option<Special> {
    Some(if x.is_nan() {
        Special::NaN
    } else if x == 0.0 {
        if x.is_sign_negative() {
            Special::NegativeZero
        } else {
            Special::PositiveZero
        }
    } else if x == f64::INFINITY {
        Special::PositiveInfinity
    } else if x == f64::NEG_INFINITY {
        Special::NegativeInfinity
    } else if x.abs() < min_normal {
        Special::Subnormal
    } else if x.abs() == min_normal {
        Special::SmallestNormal
    } else if x == max {
        Special::LargestFinite
    } else if x == -max {
        Special::LowestFinite
    } else if x == 1.0 {
        Special::One
    } else if x == -1.0 {
        Special::MinusOne
    } else if x.abs() < 1e-10 {
        Special::Tiny
    } else if x.abs() > 1e10 {
        Special::Huge
    } else if x.trunc() == x {
        Special::Integer
    } else if (x - 0.5).trunc() == x - 0.5 {
        Special::HalfInteger
    } else {
        return None;
    })
}

fn classify_int(v: i128, min: i128, max: i128) -> Option<Special> {
    Some(if v == min {
        Special::Min
    } else if v == max {
        Special::Max
    } else if v == 0 {
        Special::Zero
    } else if v == 1 {
        Special::IntOne
    } else if v == -1 {
        Special::IntMinusOne
    } else if max - v <= 16 || (min < 0 && v - min <= 16) {
        Special::NearOverflow
    } else {
        return None;
    })
}

/// The special kinds among the elements of `array`.
///
/// ```
/// use conformance_strategies::{specials_in, AnyArray, Special};
/// let x = AnyArray::from(ndarray::arr1(&[f32::NAN, -0.0, 2.5, 1e-40]).into_dyn());
/// let s = specials_in(&x);
/// for k in [Special::NaN, Special::NegativeZero, Special::HalfInteger, Special::Subnormal] {
///     assert!(s.contains(k), "{k}");
/// }
/// assert!(!s.contains(Special::PositiveZero));
/// ```
pub fn specials_in(array: &AnyArray) -> SpecialSet {
    let mut set = SpecialSet::default();
    let mut add = |s: Option<Special>| {
        if let Some(s) = s {
            set.insert(s);
        }
    };
    macro_rules! ints {
        ($a:expr, $t:ty) => {
            for &v in $a.iter() {
                add(classify_int(
                    v as i128,
                    <$t>::MIN as i128,
                    <$t>::MAX as i128,
                ));
            }
        };
    }
    match array {
        AnyArray::Bool(a) => {
            for &b in a.iter() {
                add(Some(if b { Special::True } else { Special::False }));
            }
        }
        AnyArray::Int8(a) => ints!(a, i8),
        AnyArray::Int16(a) => ints!(a, i16),
        AnyArray::Int32(a) => ints!(a, i32),
        AnyArray::Int64(a) => ints!(a, i64),
        AnyArray::UInt8(a) => ints!(a, u8),
        AnyArray::UInt16(a) => ints!(a, u16),
        AnyArray::UInt32(a) => ints!(a, u32),
        AnyArray::UInt64(a) => ints!(a, u64),
        AnyArray::Float32(a) => {
            for &x in a.iter() {
                add(classify_float(
                    f64::from(x),
                    f64::from(f32::MAX),
                    f64::from(f32::MIN_POSITIVE),
                ));
            }
        }
        AnyArray::Float64(a) => {
            for &x in a.iter() {
                add(classify_float(x, f64::MAX, f64::MIN_POSITIVE));
            }
        }
        // Each component of a complex element is a float of its own.
        AnyArray::Complex64(a) => {
            for z in a.iter() {
                for x in [z.re, z.im] {
                    add(classify_float(
                        f64::from(x),
                        f64::from(f32::MAX),
                        f64::from(f32::MIN_POSITIVE),
                    ));
                }
            }
        }
        AnyArray::Complex128(a) => {
            for z in a.iter() {
                for x in [z.re, z.im] {
                    add(classify_float(x, f64::MAX, f64::MIN_POSITIVE));
                }
            }
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draw::arrays;
    use crate::dtype::DTypeGroup;
    use crate::{Domain, ShapeSpec};
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    #[test]
    fn classification_names_each_kind() {
        let x = AnyArray::from(
            ndarray::arr1(&[
                f64::NAN,
                0.0,
                -0.0,
                f64::INFINITY,
                f64::NEG_INFINITY,
                5e-324,
                f64::MIN_POSITIVE,
                f64::MAX,
                f64::MIN,
                1.0,
                -1.0,
                -7.0,
                2.5,
                1e-200,
                -1e15,
            ])
            .into_dyn(),
        );
        let s = specials_in(&x);
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            Special::for_dtype(DType::Float64)
        );
        let i = AnyArray::from(ndarray::arr1(&[i8::MIN, i8::MAX, 0, 1, -1, 120, 50]).into_dyn());
        assert_eq!(
            specials_in(&i).iter().collect::<Vec<_>>(),
            Special::for_dtype(DType::Int8)
        );
        let u = AnyArray::from(ndarray::arr1(&[3u16, 65530]).into_dyn());
        assert_eq!(
            specials_in(&u).iter().collect::<Vec<_>>(),
            vec![Special::NearOverflow]
        );
        let f = AnyArray::from(ndarray::arr1(&[1e-40f32]).into_dyn());
        assert!(specials_in(&f).contains(Special::Subnormal));
    }

    /// For `runs` seeds, draws 100 examples and counts, per special kind of
    /// the group, the runs that met it.
    fn coverage(group: DTypeGroup, runs: u8) -> Vec<(Special, u32)> {
        let s = arrays(group, ShapeSpec::default(), Domain::any());
        let mut met = vec![0u32; Special::ALL.len()];
        for seed in 0..runs {
            let mut runner = TestRunner::new_with_rng(
                Config::default(),
                TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
            );
            let mut set = SpecialSet::default();
            for _ in 0..100 {
                set = set.union(specials_in(&s.new_tree(&mut runner).unwrap().current()));
            }
            for k in set.iter() {
                met[k as usize] += 1;
            }
        }
        let mut kinds: Vec<Special> = group
            .dtypes()
            .into_iter()
            .flat_map(Special::for_dtype)
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds.into_iter().map(|k| (k, met[k as usize])).collect()
    }

    #[test]
    fn every_special_is_met_in_most_100_example_runs() {
        let runs = 50;
        for group in [
            DTypeGroup::Floating,
            DTypeGroup::Integer,
            DTypeGroup::Boolean,
        ] {
            let table = coverage(group, runs);
            eprintln!("{group:?}: runs out of {runs} meeting each kind");
            for (k, n) in &table {
                eprintln!("  {k:<22} {n:>3}");
            }
            // The contract is "in more than one run out of two"; the draw
            // keeps a wide margin, and this guards it.
            for (k, n) in table {
                assert!(
                    10 * n >= 9 * u32::from(runs),
                    "{group:?}: {k} met in only {n} of {runs} runs"
                );
            }
        }
    }
}
