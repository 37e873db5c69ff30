//! Comparisons: whether an array result agrees with the expected one, and
//! by how much it differs when it does.
//!
//! [`compare_arrays`] checks, in order, dtype, shape, then every element in
//! logical (C) order, whatever the memory layouts: integers and `bool`
//! exactly (in their own type, so `int64` is exact beyond 2^53); floats with
//! NaN where NaN is expected ([`CompareOptions::nan_positions_must_match`]),
//! infinities exactly, the sign of zero where
//! [`CompareOptions::check_zero_sign`] asks (less the elements
//! [`CompareOptions::with_zero_sign_except`] exempts: those where the
//! standard leaves the sign open, as `maximum(-0, +0)`), and the rest within
//! `|a - e| <= atol + rtol * scale` (approx's `abs_diff_eq` with that
//! epsilon; `scale` is `|e|` unless a per-element scale is given, as
//! reductions need) or within [`Tolerance::max_ulps`] units in the last
//! place. A [`Mismatch`] names the first differing index, both values and
//! the absolute, relative and ULP errors; a pass gives the [`ErrorStats`] of
//! the worst element, so a report can show drift before it fails.
//!
//! A second opinion ([`compare_arrays_refereed`]): where the expected values
//! come from a fast reference that may itself be wrong, a referee gives the
//! correctly rounded value of each element out of tolerance (only of those:
//! an agreeing comparison never asks); an element within tolerance of it
//! agrees after all, and a [`Mismatch`] that remains names it and each
//! side's distance from it in ulps ([`SecondOpinion`]).
//!
//! Tolerances are data ([`Tolerances`]): per dtype (a complex dtype takes
//! its component's), overridable per function.
//!
//! # Tolerance model
//!
//! A float element `a` agrees with the expected `e` when
//! `|a - e| <= atol + floor[i] + rtol * scale[i]` (`scale[i]` is `|e|`
//! unless the check gives the magnitude the error grows with), or when the
//! two are at most `max_ulps` units in the last place apart; NaN,
//! infinities and (where asked) the sign of zero are compared exactly.
//!
//! - **Relative bounds from the conditioning.** A correctly rounded result
//!   is within half an ulp of the exact value; two faithful math libraries
//!   differ by a few ulps, so the default is 4 ulps or a relative `1e-5`
//!   (float32, about 84 ulps) or `1e-12` (float64, about 4500 ulps): the
//!   relative part leaves room for the composed functions of a backend
//!   (`logaddexp`, `hypot`) whose error is a small multiple of the
//!   operations it takes. Where an error grows with something other than
//!   the result, the check scales the relative bound by it: a sum by the
//!   sum of `|x|` (its condition number times the result), `arange` and
//!   `linspace` by the magnitude of the terms each element is built from,
//!   `var`/`std` by the bound their module derives from the data's spread.
//! - **The bound of any stable algorithm, not of the reference's.** The
//!   standard sets no accuracy, so a bound admits every numerically
//!   stable way to compute the function and fails only an unstable one.
//!   For `var`/`std` that is the two-pass algorithm and the one-pass
//!   updating (Welford) algorithm: the updating algorithm's relative
//!   error grows like `M·κ·u` (`κ = √(Σx² / S)`, the condition number of
//!   the variance; Chan, Golub and LeVeque 1983), beyond the two-pass
//!   algorithm's `M·u + M²·κ²·u²` when the data sit far from zero, so the
//!   bound takes the larger (a two-pass bound alone failed ndarray's
//!   correct float32 `var([256, 256, 257])`, 228 ulps from 2/9). The
//!   textbook one-pass `mean(x²) - mean(x)²`, whose error grows like
//!   `κ²·u`, is still failed.
//! - **An absolute floor where the result can underflow.** Below the
//!   smallest normal number the spacing of values is fixed (the smallest
//!   subnormal `η`, [`smallest_subnormal`]: 2^-149, 2^-1074), so a
//!   relative bound there shrinks below one representable step while the
//!   rounding error does not: an operation whose exact result is subnormal
//!   errs by up to `η / 2` absolutely. So every float comparison has an
//!   absolute allowance of a few `η`: the 4 ulps of the default are 4 `η`
//!   there; accumulations add `4 η` to their relative bound; and where
//!   errors of `η / 2` are multiplied (each `arange`/`linspace` element
//!   `k` is `k` rounded steps, a product's underflowing partial product is
//!   scaled by the factors after it) the check's per-element `floor`
//!   bounds that product ([`CompareOptions::with_floor`]). In the normal
//!   range the floors are negligible (`η` is 2^-23 of the smallest normal
//!   number in float32), so they hide no error there.
//! - **A reference error is not a failure.** Where the expected values
//!   come from a fast reference, an element out of tolerance is referred
//!   to its correctly rounded value when the check has one
//!   ([`compare_arrays_refereed`]), so a correctly rounded result always
//!   passes, whatever the reference got.
//!
//! Under the default tolerances a result within 4 ulps of the expected
//! value passes, and one more than `max(4 ulps, rtol |e|)` away fails:
//! from 168 ulps (float32) or 9008 ulps (float64) in the normal range, and
//! from 5 ulps in the subnormal range up to `|e| = 4 η / rtol`, where an
//! ulp is `η` (the unit tests check both over each dtype's whole range).
//!
//! # Complex elements
//!
//! Complex elements compare per component, each component as a float of
//! the component dtype: NaN positions and the sign of zero per component,
//! and the tolerance model `|a - e| <= atol + floor[i] + rtol * |z|` for
//! each component, where `|z|` is the magnitude of the expected complex value
//! (or the given per-element scale). Relative to the magnitude, not to the
//! component, because a complex operation's rounding error is relative to
//! the magnitude: `(1e10+1j) * (1+1e-10j)` has an imaginary part of about 2
//! computed from terms of 1e10 and 1, so a relative error per component
//! would fail every correct library; an absolute error of `rtol * |z|` on
//! either component is the normwise bound numerical analysis gives for
//! complex arithmetic. The ULP allowance applies per component too. No
//! referee is consulted for complex elements (the referees give real
//! values): a complex mismatch has no second opinion.

use std::collections::BTreeMap;
use std::fmt;

use approx::AbsDiffEq;
use ndarray::ArrayD;
use num_complex::Complex;

use crate::array::AnyArray;
use crate::dtype::DType;

/// How far apart two float values may be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    /// Absolute tolerance, in the values' own units.
    pub atol: f64,
    /// Relative tolerance, a fraction of `|expected|` (or of
    /// [`CompareOptions::scale`] when given).
    pub rtol: f64,
    /// Values at most this many units in the last place apart also agree.
    pub max_ulps: Option<u64>,
}

impl Tolerance {
    /// `|a - e| <= atol + rtol * |e|`.
    pub const fn new(atol: f64, rtol: f64) -> Tolerance {
        Tolerance {
            atol,
            rtol,
            max_ulps: None,
        }
    }

    /// Only identical values agree.
    pub const fn exact() -> Tolerance {
        Tolerance::new(0.0, 0.0)
    }

    /// Also agree within `ulps` units in the last place.
    pub const fn with_ulps(mut self, ulps: u64) -> Tolerance {
        self.max_ulps = Some(ulps);
        self
    }

    /// Whether only identical values agree.
    pub fn is_exact(&self) -> bool {
        self.atol == 0.0 && self.rtol == 0.0 && self.max_ulps.unwrap_or(0) == 0
    }
}

impl fmt::Display for Tolerance {
    /// `atol=0, rtol=1e-6` (and `, or 4 ulps`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "atol={}, rtol={}", short(self.atol), short(self.rtol))?;
        if let Some(u) = self.max_ulps {
            write!(f, ", or {u} ulps")?;
        }
        Ok(())
    }
}

/// A number in few characters: `0`, `1e-6`, `2.5e-5`, `0.5`, `inf`.
fn short(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    if (1e-3..1e4).contains(&x.abs()) {
        let s = format!("{x:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        return s.to_string();
    }
    let s = format!("{x:.3e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.trim_end_matches('0').trim_end_matches('.')
    } else {
        mantissa
    };
    format!("{mantissa}e{exp}")
}

/// Tolerances per dtype, as data a host can print and override, for the
/// whole suite or per function. Integers and `bool` are always exact.
///
/// ```
/// use conformance_strategies::compare::{Tolerance, Tolerances};
/// use conformance_strategies::DType;
/// let t = Tolerances::default()
///     .with_dtype(DType::Float32, Tolerance::new(0.0, 1e-4))
///     .with_function("exp", Some(DType::Float64), Tolerance::new(0.0, 1e-10));
/// assert_eq!(t.get(DType::Float32).rtol, 1e-4);
/// assert_eq!(t.for_function("exp", DType::Float64).rtol, 1e-10);
/// assert_eq!(t.for_function("log", DType::Float64), t.get(DType::Float64));
/// assert!(t.get(DType::Int32).is_exact());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Tolerances {
    /// The default for `float32` results.
    pub float32: Tolerance,
    /// The default for `float64` results.
    pub float64: Tolerance,
    /// Per function (and per dtype, or every float dtype when `None`).
    overrides: BTreeMap<(String, Option<DType>), Tolerance>,
}

impl Default for Tolerances {
    /// `rtol` 1e-5 (float32) and 1e-12 (float64), `atol` 0, or 4 ulps:
    /// what two faithful math libraries differ by.
    fn default() -> Self {
        Tolerances {
            float32: Tolerance::new(0.0, 1e-5).with_ulps(4),
            float64: Tolerance::new(0.0, 1e-12).with_ulps(4),
            overrides: BTreeMap::new(),
        }
    }
}

impl Tolerances {
    /// The tolerance for results of `dtype`.
    pub fn get(&self, dtype: DType) -> Tolerance {
        match dtype {
            DType::Float32 | DType::Complex64 => self.float32,
            DType::Float64 | DType::Complex128 => self.float64,
            _ => Tolerance::exact(),
        }
    }

    /// The tolerance for results of `dtype` from `function`: its override
    /// for that dtype, else its override for every dtype, else
    /// [`Tolerances::get`]. Integers and `bool` stay exact.
    pub fn for_function(&self, function: &str, dtype: DType) -> Tolerance {
        if !dtype.is_float() && !dtype.is_complex() {
            return Tolerance::exact();
        }
        let key = |d| (function.to_string(), d);
        self.overrides
            .get(&key(Some(dtype)))
            .or_else(|| self.overrides.get(&key(None)))
            .copied()
            .unwrap_or_else(|| self.get(dtype))
    }

    /// Sets the default of a float dtype (other dtypes stay exact).
    pub fn with_dtype(mut self, dtype: DType, tolerance: Tolerance) -> Tolerances {
        match dtype {
            DType::Float32 => self.float32 = tolerance,
            DType::Float64 => self.float64 = tolerance,
            other => panic!("{other} is compared exactly; it takes no tolerance"),
        }
        self
    }

    /// Overrides the tolerance of `function` for `dtype` (every float dtype
    /// when `None`).
    pub fn with_function(
        mut self,
        function: &str,
        dtype: Option<DType>,
        tolerance: Tolerance,
    ) -> Tolerances {
        self.overrides
            .insert((function.to_string(), dtype), tolerance);
        self
    }

    /// The overrides, for printing.
    pub fn overrides(&self) -> impl Iterator<Item = (&str, Option<DType>, Tolerance)> {
        self.overrides
            .iter()
            .map(|((f, d), t)| (f.as_str(), *d, *t))
    }
}

/// What [`compare_arrays`] checks.
///
/// ```
/// use conformance_strategies::compare::{CompareOptions, Tolerance};
/// let o = CompareOptions::new(Tolerance::new(0.0, 1e-6)).with_zero_sign();
/// assert!(o.check_zero_sign && o.nan_positions_must_match);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CompareOptions {
    /// How far apart float elements may be; integers and `bool` are
    /// compared exactly whatever it says.
    pub tolerance: Tolerance,
    /// Whether `-0.0` and `+0.0` differ.
    pub check_zero_sign: bool,
    /// Per element (logical C order), `true` where the sign of zero is not
    /// compared even under [`CompareOptions::check_zero_sign`].
    pub zero_sign_exempt: Option<Vec<bool>>,
    /// Whether NaN must be exactly where it is expected (`true` by
    /// default); when `false`, an element that is NaN on either side is
    /// not compared.
    pub nan_positions_must_match: bool,
    /// Per element (logical C order) magnitude that the relative tolerance
    /// applies to, instead of `|expected|`.
    pub scale: Option<Vec<f64>>,
    /// Per element (logical C order) absolute floor added to the allowed
    /// difference: the error a computation may make where its results
    /// underflow (see the module's tolerance model).
    pub floor: Option<Vec<f64>>,
}

impl CompareOptions {
    /// Within `tolerance`, NaN where NaN is expected, the sign of zero
    /// ignored, relative to `|expected|`.
    pub fn new(tolerance: Tolerance) -> CompareOptions {
        CompareOptions {
            tolerance,
            check_zero_sign: false,
            zero_sign_exempt: None,
            nan_positions_must_match: true,
            scale: None,
            floor: None,
        }
    }

    /// Exact comparison.
    pub fn exact() -> CompareOptions {
        CompareOptions::new(Tolerance::exact())
    }

    /// The tolerance of `dtype` in `tolerances`.
    pub fn for_dtype(tolerances: &Tolerances, dtype: DType) -> CompareOptions {
        CompareOptions::new(tolerances.get(dtype))
    }

    /// The relative tolerance applies to `scale[i]` for element `i` (in
    /// logical C order): allowed error `atol + rtol * scale[i]`. For a
    /// reduction, the reduction of `|x|` over the same axes.
    pub fn with_scale(mut self, scale: Vec<f64>) -> CompareOptions {
        self.scale = Some(scale);
        self
    }

    /// Element `i` (logical C order) may also be `floor[i]` further off:
    /// allowed error `atol + floor[i] + rtol * scale`.
    pub fn with_floor(mut self, floor: Vec<f64>) -> CompareOptions {
        self.floor = Some(floor);
        self
    }

    /// `-0.0` and `+0.0` differ.
    pub fn with_zero_sign(mut self) -> CompareOptions {
        self.check_zero_sign = true;
        self
    }

    /// `-0.0` and `+0.0` differ, except at the elements (logical C order)
    /// where `exempt` is `true`: where the sign of a zero result is left
    /// open, as `maximum(-0.0, +0.0)` or the `max` of a lane holding both
    /// zeros.
    ///
    /// ```
    /// use conformance_strategies::compare::{compare_arrays, CompareOptions};
    /// use conformance_strategies::AnyArray;
    /// let e = AnyArray::from(ndarray::arr1(&[-0.0f64, -0.0]).into_dyn());
    /// let a = AnyArray::from(ndarray::arr1(&[0.0f64, 0.0]).into_dyn());
    /// let first_open = CompareOptions::exact().with_zero_sign_except(vec![true, false]);
    /// assert!(compare_arrays(&e, &a, &first_open).unwrap_err().to_string().contains("index [1]"));
    /// let both_open = CompareOptions::exact().with_zero_sign_except(vec![true, true]);
    /// assert!(compare_arrays(&e, &a, &both_open).is_ok());
    /// ```
    pub fn with_zero_sign_except(mut self, exempt: Vec<bool>) -> CompareOptions {
        self.check_zero_sign = true;
        self.zero_sign_exempt = Some(exempt);
        self
    }

    /// NaN on either side skips the element.
    pub fn ignoring_nan_positions(mut self) -> CompareOptions {
        self.nan_positions_must_match = false;
        self
    }
}

/// The worst error of an agreeing comparison (0 everywhere when exact).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ErrorStats {
    /// Largest `|actual - expected|` (per component for complex values).
    pub max_abs: f64,
    /// Largest `|actual - expected| / |expected|`, over elements whose
    /// expected value is not zero.
    pub max_rel: f64,
    /// Largest distance in units in the last place of the dtype.
    pub max_ulps: u64,
    /// Worst fraction of the tolerance used: `|a - e| / (atol + rtol *
    /// scale)`, or `ulps / max_ulps` when that is smaller; 1.0 is the limit.
    pub tolerance_used: f64,
}

impl ErrorStats {
    /// The field-wise maximum, for the worst over several comparisons.
    pub fn max(self, other: ErrorStats) -> ErrorStats {
        ErrorStats {
            max_abs: self.max_abs.max(other.max_abs),
            max_rel: self.max_rel.max(other.max_rel),
            max_ulps: self.max_ulps.max(other.max_ulps),
            tolerance_used: self.tolerance_used.max(other.tolerance_used),
        }
    }
}

/// One element value, printed exactly as its dtype holds it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScalarValue {
    /// A `bool` element.
    Bool(bool),
    /// An element of any integer dtype, signed or not (`i128` holds them
    /// all exactly).
    Int(i128),
    /// A `float32` element.
    Float32(f32),
    /// A `float64` element.
    Float64(f64),
    /// A `complex64` element.
    Complex64(Complex<f32>),
    /// A `complex128` element.
    Complex128(Complex<f64>),
}

impl ScalarValue {
    /// The value as an `f64`: `bool` as 0 or 1, integers rounded to the
    /// nearest `f64` beyond 2^53; a complex value's magnitude.
    pub fn as_f64(self) -> f64 {
        match self {
            ScalarValue::Bool(b) => f64::from(u8::from(b)),
            ScalarValue::Int(v) => v as f64,
            ScalarValue::Float32(x) => f64::from(x),
            ScalarValue::Float64(x) => x,
            ScalarValue::Complex64(z) => f64::from(z.norm()),
            ScalarValue::Complex128(z) => z.norm(),
        }
    }

    /// Whether the value is of a float or complex dtype (compared within a
    /// tolerance).
    fn is_inexact(self) -> bool {
        !matches!(self, ScalarValue::Bool(_) | ScalarValue::Int(_))
    }
}

impl fmt::Display for ScalarValue {
    /// `true`, `-3`, `0.1` (float32's shortest form), `NaN`, `+inf`,
    /// `-inf`, `+0.0`, `-0.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ScalarValue::Bool(b) => write!(f, "{b}"),
            ScalarValue::Int(v) => write!(f, "{v}"),
            ScalarValue::Float32(x) => match special_text(f64::from(x)) {
                Some(t) => f.write_str(t),
                None => write!(f, "{x:?}"),
            },
            ScalarValue::Float64(x) => match special_text(x) {
                Some(t) => f.write_str(t),
                None => write!(f, "{x:?}"),
            },
            ScalarValue::Complex64(z) => write!(f, "{}", AnyArray::scalar(z).element_text()),
            ScalarValue::Complex128(z) => write!(f, "{}", AnyArray::scalar(z).element_text()),
        }
    }
}

fn special_text(x: f64) -> Option<&'static str> {
    Some(if x.is_nan() {
        "NaN"
    } else if x == f64::INFINITY {
        "+inf"
    } else if x == f64::NEG_INFINITY {
        "-inf"
    } else if x == 0.0 {
        if x.is_sign_negative() {
            "-0.0"
        } else {
            "+0.0"
        }
    } else {
        return None;
    })
}

/// Writes a float as the standard spells it: `NaN`, `+inf`, `-inf`,
/// `-0.0`, `+0.0`, else Rust's shortest form.
pub fn show(v: f64) -> String {
    ScalarValue::Float64(v).to_string()
}

/// Why two arrays disagree.
#[derive(Clone, Debug, PartialEq)]
pub enum Mismatch {
    /// The arrays' dtypes differ; nothing else is compared.
    DType {
        /// The expected array's dtype.
        expected: DType,
        /// The actual array's dtype.
        actual: DType,
    },
    /// The shapes differ; no element is compared.
    Shape {
        /// The expected array's shape.
        expected: Vec<usize>,
        /// The actual array's shape.
        actual: Vec<usize>,
    },
    /// The first element out of tolerance.
    Value {
        /// Its multi-index.
        index: Vec<usize>,
        /// The expected element.
        expected: ScalarValue,
        /// The actual element.
        actual: ScalarValue,
        /// `|actual - expected|`.
        abs: f64,
        /// `abs / |expected|` (infinite when 0 was expected).
        rel: f64,
        /// The distance in units in the last place (0 for integers and
        /// `bool`).
        ulps: u64,
        /// The tolerance it is out of ([`Tolerance::exact`] for integers
        /// and `bool`).
        tolerance: Tolerance,
        /// How many elements differ, and of how many: this one and those
        /// after it that differ from the expected values (without a second
        /// opinion: on a large array of wrong values, counting them must not
        /// ask the referee about each).
        differing: usize,
        /// The number of elements compared.
        total: usize,
        /// The correctly rounded value at `index`, where a referee gave one
        /// ([`compare_arrays_refereed`]).
        second_opinion: Option<SecondOpinion>,
    },
    /// The first element that is NaN on one side only, when
    /// [`CompareOptions::nan_positions_must_match`].
    NanPosition {
        /// Its multi-index.
        index: Vec<usize>,
        /// The expected element.
        expected: ScalarValue,
        /// The actual element.
        actual: ScalarValue,
    },
    /// The first zero whose sign differs, when
    /// [`CompareOptions::check_zero_sign`].
    ZeroSign {
        /// Its multi-index.
        index: Vec<usize>,
        /// The expected element.
        expected: ScalarValue,
        /// The actual element.
        actual: ScalarValue,
    },
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::DType { expected, actual } => {
                write!(f, "dtype differs: expected {expected}, got {actual}")
            }
            Mismatch::Shape { expected, actual } => {
                write!(f, "shape differs: expected {expected:?}, got {actual:?}")
            }
            Mismatch::Value {
                index,
                expected,
                actual,
                abs,
                rel,
                ulps,
                tolerance,
                differing,
                total,
                second_opinion,
            } => {
                write!(
                    f,
                    "values differ at index {index:?}: expected {expected}, got {actual} (abs error {}, rel error {}, ",
                    short(*abs),
                    short(*rel)
                )?;
                if expected.is_inexact() {
                    write!(f, "{ulps} ulps; tolerance {tolerance})")?;
                } else {
                    write!(f, "exact dtype)")?;
                }
                if let Some(s) = second_opinion {
                    write!(f, "; {s}")?;
                }
                if *differing > 1 {
                    write!(f, "; {differing} of {total} elements differ")?;
                }
                Ok(())
            }
            Mismatch::NanPosition {
                index,
                expected,
                actual,
            } => write!(
                f,
                "NaN position differs at index {index:?}: expected {expected}, got {actual}"
            ),
            Mismatch::ZeroSign {
                index,
                expected,
                actual,
            } => write!(
                f,
                "sign of zero differs at index {index:?}: expected {expected}, got {actual}"
            ),
        }
    }
}

impl std::error::Error for Mismatch {}

impl Mismatch {
    /// What kind of disagreement it is, without the values: `dtype`,
    /// `shape`, `value`, `NaN position` or `zero sign`. A check reports one
    /// failure of each kind it finds (the engine's failure kinds), so a
    /// wrong dtype cannot hide a wrong value.
    pub fn kind(&self) -> &'static str {
        match self {
            Mismatch::DType { .. } => "dtype",
            Mismatch::Shape { .. } => "shape",
            Mismatch::Value { .. } => "value",
            Mismatch::NanPosition { .. } => "NaN position",
            Mismatch::ZeroSign { .. } => "zero sign",
        }
    }
}

/// What a referee said of a disagreeing element: its correctly rounded
/// value, and how far each side is from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SecondOpinion {
    /// The exact result rounded once to the dtype.
    pub correctly_rounded: ScalarValue,
    /// The actual (backend's) distance from it in units in the last place.
    pub actual_ulps: u64,
    /// The expected (reference's) distance from it.
    pub expected_ulps: u64,
}

impl fmt::Display for SecondOpinion {
    /// `correctly rounded: 0.1; backend off by 7 ulps, reference off by 0
    /// ulps`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "correctly rounded: {}; backend off by {} ulps, reference off by {} ulps",
            self.correctly_rounded, self.actual_ulps, self.expected_ulps
        )
    }
}

/// The smallest positive subnormal of a float dtype (2^-149, 2^-1074), the
/// spacing of its values below the smallest normal one: the unit of the
/// absolute floors (see the module's tolerance model); 0 for the exact
/// dtypes.
///
/// ```
/// use conformance_strategies::compare::smallest_subnormal;
/// use conformance_strategies::DType;
/// assert_eq!(smallest_subnormal(DType::Float32), f64::from(f32::from_bits(1)));
/// assert_eq!(smallest_subnormal(DType::Float64), f64::from_bits(1));
/// assert_eq!(smallest_subnormal(DType::Int8), 0.0);
/// ```
pub fn smallest_subnormal(dtype: DType) -> f64 {
    match dtype {
        DType::Float32 => f64::from(f32::from_bits(1)),
        DType::Float64 => f64::from_bits(1),
        _ => 0.0,
    }
}

/// Distance in units in the last place between two `f64`s, counting across
/// zero (`-0.0` and `+0.0` are 0 apart; the largest finite and infinity
/// are 1 apart); `u64::MAX` when either is NaN.
///
/// ```
/// use conformance_strategies::compare::ulp_distance_f64;
/// assert_eq!(ulp_distance_f64(1.0, 1.0 + f64::EPSILON), 1);
/// assert_eq!(ulp_distance_f64(-0.0, 0.0), 0);
/// ```
pub fn ulp_distance_f64(a: f64, b: f64) -> u64 {
    fn key(x: f64) -> i64 {
        let bits = x.to_bits() as i64;
        if bits < 0 {
            i64::MIN - bits
        } else {
            bits
        }
    }
    if a.is_nan() || b.is_nan() {
        return u64::MAX;
    }
    key(a).abs_diff(key(b))
}

/// [`ulp_distance_f64`] in `f32`.
///
/// ```
/// use conformance_strategies::compare::ulp_distance_f32;
/// assert_eq!(ulp_distance_f32(1.0, 1.0 + f32::EPSILON), 1);
/// ```
pub fn ulp_distance_f32(a: f32, b: f32) -> u64 {
    fn key(x: f32) -> i64 {
        let bits = i64::from(x.to_bits() as i32);
        if bits < 0 {
            i64::from(i32::MIN) - bits
        } else {
            bits
        }
    }
    if a.is_nan() || b.is_nan() {
        return u64::MAX;
    }
    key(a).abs_diff(key(b))
}

/// The multi-index of the `flat`-th element in C order.
fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for (slot, &side) in index.iter_mut().zip(shape).rev() {
        let side = side.max(1);
        *slot = flat % side;
        flat /= side;
    }
    index
}

/// The float element types, for one generic comparison loop.
trait FloatElem: Copy + Into<f64> {
    /// The gap between the largest finite value and the one before it.
    const TOP_SPACING: f64;
    fn ulps(a: Self, b: Self) -> u64;
    fn scalar(self) -> ScalarValue;
    /// An `f64` holding a value of this type, back in it.
    fn from_f64(v: f64) -> Self;
}

impl FloatElem for f32 {
    const TOP_SPACING: f64 = (1u128 << 104) as f64;
    fn ulps(a: f32, b: f32) -> u64 {
        ulp_distance_f32(a, b)
    }
    fn scalar(self) -> ScalarValue {
        ScalarValue::Float32(self)
    }
    fn from_f64(v: f64) -> f32 {
        v as f32
    }
}

impl FloatElem for f64 {
    const TOP_SPACING: f64 = f64::MAX - 1.7976931348623155e308;
    fn ulps(a: f64, b: f64) -> u64 {
        ulp_distance_f64(a, b)
    }
    fn scalar(self) -> ScalarValue {
        ScalarValue::Float64(self)
    }
    fn from_f64(v: f64) -> f64 {
        v
    }
}

/// What one float pair is.
enum Verdict {
    Agree {
        abs: f64,
        rel: Option<f64>,
        ulps: u64,
        used: f64,
    },
    Skip,
    NanPosition,
    ZeroSign,
    Differ {
        abs: f64,
        rel: f64,
        ulps: u64,
    },
}

fn judge<T: FloatElem>(
    e: T,
    a: T,
    (scale, floor): (Option<f64>, f64),
    zero_sign: bool,
    o: &CompareOptions,
) -> Verdict {
    let (ev, av): (f64, f64) = (e.into(), a.into());
    if ev.is_nan() || av.is_nan() {
        return if !o.nan_positions_must_match || (ev.is_nan() && av.is_nan()) {
            Verdict::Skip
        } else {
            Verdict::NanPosition
        };
    }
    if ev == av {
        if zero_sign && ev == 0.0 && ev.is_sign_negative() != av.is_sign_negative() {
            return Verdict::ZeroSign;
        }
        return Verdict::Agree {
            abs: 0.0,
            rel: None,
            ulps: 0,
            used: 0.0,
        };
    }
    let abs = (av - ev).abs();
    let rel = abs / ev.abs();
    let ulps = T::ulps(e, a);
    let tol = &o.tolerance;
    let allowed = tol.atol + floor + tol.rtol * scale.unwrap_or(ev.abs());
    let finite = ev.is_finite() && av.is_finite();
    let by_tol = finite && ev.abs_diff_eq(&av, allowed);
    let by_ulps = finite && tol.max_ulps.is_some_and(|m| ulps <= m);
    // Otherwise an infinity equals only itself, but for the overflow
    // boundary: the largest finite value and the infinity of its sign are
    // one ulp apart, and an exact value just past the largest finite one
    // rounds to either within an ulp (hypot(f32::MAX, 8.3e34) is 0.504 ulp
    // past it: inf correctly rounded, MAX within an ulp).
    let at_overflow = !finite && ulps == 1 && tol.max_ulps.is_some_and(|m| m >= 1);
    if at_overflow {
        return Verdict::Agree {
            abs: T::TOP_SPACING,
            rel: Some(T::TOP_SPACING / ev.abs().min(av.abs())),
            ulps,
            used: 1.0 / tol.max_ulps.unwrap_or(1) as f64,
        };
    }
    if !(by_tol || by_ulps) {
        return Verdict::Differ { abs, rel, ulps };
    }
    let mut used = f64::INFINITY;
    if allowed > 0.0 {
        used = abs / allowed;
    }
    if let Some(m) = tol.max_ulps.filter(|&m| m > 0) {
        used = used.min(ulps as f64 / m as f64);
    }
    Verdict::Agree {
        abs,
        rel: (ev != 0.0).then_some(rel),
        ulps,
        used: used.min(1.0),
    }
}

// A `Mismatch` is built once, on the failing path; boxing it would only
// complicate the callers.
#[allow(clippy::result_large_err)]
fn compare_floats<T: FloatElem>(
    e: &ArrayD<T>,
    a: &ArrayD<T>,
    o: &CompareOptions,
    referee: Option<&Referee<'_>>,
) -> Result<ErrorStats, Mismatch> {
    let second = referee.map(|r| SecondOpinionOf {
        referee: r,
        from_f64: T::from_f64,
        ulps: T::ulps,
    });
    compare_elements(e, a, o, judge::<T>, T::scalar, second)
}

/// How one pair of elements is judged: expected, actual, the scale of the
/// tolerance and the absolute floor, whether the sign of zero counts.
type Judge<T> = fn(T, T, (Option<f64>, f64), bool, &CompareOptions) -> Verdict;

/// A referee of a real dtype's elements: its value as an `f64`, how that
/// value is rounded to the element type, and the ulps between two elements.
struct SecondOpinionOf<'r, 'a, T> {
    referee: &'r Referee<'a>,
    from_f64: fn(f64) -> T,
    ulps: fn(T, T) -> u64,
}

/// The comparison loop of the inexact dtypes, element by element in
/// logical order.
#[allow(clippy::result_large_err)]
fn compare_elements<T: Copy>(
    e: &ArrayD<T>,
    a: &ArrayD<T>,
    o: &CompareOptions,
    judge: Judge<T>,
    scalar: fn(T) -> ScalarValue,
    second: Option<SecondOpinionOf<'_, '_, T>>,
) -> Result<ErrorStats, Mismatch> {
    let shape = e.shape();
    let total = e.len();
    if let Some(s) = &o.scale {
        assert_eq!(
            s.len(),
            total,
            "the tolerance scale has {} values for {total} elements",
            s.len()
        );
    }
    if let Some(x) = &o.zero_sign_exempt {
        assert_eq!(
            x.len(),
            total,
            "the zero-sign exemptions have {} values for {total} elements",
            x.len()
        );
    }
    if let Some(f) = &o.floor {
        assert_eq!(
            f.len(),
            total,
            "the absolute floor has {} values for {total} elements",
            f.len()
        );
    }
    let scale_at = |i: usize| {
        (
            o.scale.as_ref().map(|s| s[i]),
            o.floor.as_ref().map_or(0.0, |f| f[i]),
        )
    };
    let zero_sign_at =
        |i: usize| o.check_zero_sign && !o.zero_sign_exempt.as_ref().is_some_and(|x| x[i]);
    // The verdict on element `i`, and the referee's value where it was
    // asked: only for an element that differs (the fast path never asks),
    // and the element agrees after all when the actual value is within
    // tolerance of the correctly rounded one.
    let settle = |i: usize, ev: T, av: T| -> (Verdict, Option<T>) {
        let verdict = judge(ev, av, scale_at(i), zero_sign_at(i), o);
        let Verdict::Differ { .. } = verdict else {
            return (verdict, None);
        };
        let Some(truth) = second.as_ref().and_then(|s| (s.referee)(i).map(s.from_f64)) else {
            return (verdict, None);
        };
        match judge(truth, av, scale_at(i), zero_sign_at(i), o) {
            agree @ Verdict::Agree { .. } => (agree, Some(truth)),
            _ => (verdict, Some(truth)),
        }
    };
    let mut stats = ErrorStats::default();
    for (i, (&ev, &av)) in e.iter().zip(a.iter()).enumerate() {
        let found = |m: fn(Vec<usize>, ScalarValue, ScalarValue) -> Mismatch| {
            m(unravel(i, shape), scalar(ev), scalar(av))
        };
        let (verdict, truth) = settle(i, ev, av);
        match verdict {
            Verdict::Skip => {}
            Verdict::Agree {
                abs,
                rel,
                ulps,
                used,
            } => {
                stats.max_abs = stats.max_abs.max(abs);
                stats.max_rel = stats.max_rel.max(rel.unwrap_or(0.0));
                stats.max_ulps = stats.max_ulps.max(ulps);
                stats.tolerance_used = stats.tolerance_used.max(used);
            }
            Verdict::NanPosition => {
                return Err(found(|index, expected, actual| Mismatch::NanPosition {
                    index,
                    expected,
                    actual,
                }))
            }
            Verdict::ZeroSign => {
                return Err(found(|index, expected, actual| Mismatch::ZeroSign {
                    index,
                    expected,
                    actual,
                }))
            }
            Verdict::Differ { abs, rel, ulps } => {
                // Count the rest only now, on the failing path (without the referee).
                let differing = e
                    .iter()
                    .zip(a.iter())
                    .enumerate()
                    .skip(i)
                    .filter(|&(j, (&x, &y))| {
                        matches!(
                            judge(x, y, scale_at(j), zero_sign_at(j), o),
                            Verdict::Differ { .. }
                        )
                    })
                    .count();
                return Err(Mismatch::Value {
                    index: unravel(i, shape),
                    expected: scalar(ev),
                    actual: scalar(av),
                    abs,
                    rel,
                    ulps,
                    tolerance: o.tolerance,
                    differing,
                    total,
                    second_opinion: truth.zip(second.as_ref()).map(|(t, s)| SecondOpinion {
                        correctly_rounded: scalar(t),
                        actual_ulps: (s.ulps)(t, av),
                        expected_ulps: (s.ulps)(t, ev),
                    }),
                });
            }
        }
    }
    Ok(stats)
}

/// A complex element type, for the per-component comparison.
trait ComplexElem: Copy {
    type Part: FloatElem;
    fn parts(self) -> [Self::Part; 2];
    fn magnitude(self) -> f64;
    fn scalar(self) -> ScalarValue;
}

macro_rules! impl_complex_elem {
    ($t:ty, $v:ident) => {
        impl ComplexElem for Complex<$t> {
            type Part = $t;
            fn parts(self) -> [$t; 2] {
                [self.re, self.im]
            }
            fn magnitude(self) -> f64 {
                f64::from(self.re).hypot(f64::from(self.im))
            }
            fn scalar(self) -> ScalarValue {
                ScalarValue::$v(self)
            }
        }
    };
}

impl_complex_elem!(f32, Complex64);
impl_complex_elem!(f64, Complex128);

/// The verdict on a complex pair: each component judged as a float with
/// the tolerance scaled by the expected magnitude (or the given scale); the
/// first component that does not agree decides, else the worse agreement.
fn judge_complex<T: ComplexElem>(
    e: T,
    a: T,
    (scale, floor): (Option<f64>, f64),
    zero_sign: bool,
    o: &CompareOptions,
) -> Verdict {
    let magnitude = e.magnitude();
    // An infinite or NaN magnitude scales nothing: the components then
    // agree only as floats do, exactly or within their ulps.
    let scale = scale.or(Some(if magnitude.is_finite() {
        magnitude
    } else {
        0.0
    }));
    let mut worst: Option<Verdict> = None;
    for (ep, ap) in e.parts().into_iter().zip(a.parts()) {
        match judge(ep, ap, (scale, floor), zero_sign, o) {
            Verdict::Agree {
                abs, ulps, used, ..
            } => {
                let rel = (magnitude != 0.0 && magnitude.is_finite()).then_some(abs / magnitude);
                worst = Some(match worst {
                    Some(Verdict::Agree {
                        abs: a0,
                        rel: r0,
                        ulps: u0,
                        used: s0,
                    }) => Verdict::Agree {
                        abs: a0.max(abs),
                        rel: rel.map(|r| r0.map_or(r, |q| q.max(r))).or(r0),
                        ulps: u0.max(ulps),
                        used: s0.max(used),
                    },
                    _ => Verdict::Agree {
                        abs,
                        rel,
                        ulps,
                        used,
                    },
                });
            }
            Verdict::Skip => {}
            Verdict::Differ { abs, ulps, .. } => {
                return Verdict::Differ {
                    abs,
                    rel: abs / magnitude,
                    ulps,
                }
            }
            other => return other,
        }
    }
    worst.unwrap_or(Verdict::Skip)
}

// A `Mismatch` is built once, on the failing path.
#[allow(clippy::result_large_err)]
fn compare_complex<T: ComplexElem>(
    e: &ArrayD<T>,
    a: &ArrayD<T>,
    o: &CompareOptions,
) -> Result<ErrorStats, Mismatch> {
    compare_elements(e, a, o, judge_complex, T::scalar, None)
}

#[allow(clippy::result_large_err)]
fn compare_exact<T: Copy + PartialEq>(
    e: &ArrayD<T>,
    a: &ArrayD<T>,
    to_scalar: fn(T) -> ScalarValue,
) -> Result<ErrorStats, Mismatch> {
    let Some(i) = e.iter().zip(a.iter()).position(|(x, y)| x != y) else {
        return Ok(ErrorStats::default());
    };
    let differing = e.iter().zip(a.iter()).filter(|(x, y)| x != y).count();
    let ev = to_scalar(*e.iter().nth(i).expect("index in range"));
    let av = to_scalar(*a.iter().nth(i).expect("index in range"));
    let abs = match (ev, av) {
        (ScalarValue::Int(x), ScalarValue::Int(y)) => (y - x).unsigned_abs() as f64,
        _ => (av.as_f64() - ev.as_f64()).abs(),
    };
    Err(Mismatch::Value {
        index: unravel(i, e.shape()),
        expected: ev,
        actual: av,
        abs,
        rel: abs / ev.as_f64().abs(),
        ulps: 0,
        tolerance: Tolerance::exact(),
        differing,
        total: e.len(),
        second_opinion: None,
    })
}

/// Whether `actual` agrees with `expected` (see the module doc): the worst
/// error when it does, the first difference when it does not.
///
/// ```
/// use conformance_strategies::compare::{compare_arrays, CompareOptions, Tolerance};
/// use conformance_strategies::AnyArray;
/// let e = AnyArray::from(ndarray::arr1(&[0.5f64, 1.0]).into_dyn());
/// let a = AnyArray::from(ndarray::arr1(&[0.50001f64, 1.0]).into_dyn());
/// let err = compare_arrays(&e, &a, &CompareOptions::new(Tolerance::new(0.0, 1e-6))).unwrap_err();
/// assert!(err.to_string().starts_with("values differ at index [0]: expected 0.5, got 0.50001 (abs error 1e-5"));
/// let ok = compare_arrays(&e, &a, &CompareOptions::new(Tolerance::new(0.0, 1e-4))).unwrap();
/// assert!(ok.tolerance_used > 0.1 && ok.tolerance_used <= 1.0);
/// ```
#[allow(clippy::result_large_err)]
pub fn compare_arrays(
    expected: &AnyArray,
    actual: &AnyArray,
    options: &CompareOptions,
) -> Result<ErrorStats, Mismatch> {
    compare(expected, actual, options, None)
}

/// A second opinion on element `i` (logical C order) of a float result:
/// its correctly rounded value in the result's dtype (held in an `f64`),
/// or `None` where there is none.
pub type Referee<'a> = dyn Fn(usize) -> Option<f64> + 'a;

/// [`compare_arrays`], consulting `referee` on each float element out of
/// tolerance (and on no other): the element agrees after all when the
/// actual value is within tolerance of the referee's correctly rounded
/// value (the expected value was the wrong one there); else the
/// [`Mismatch::Value`] carries the [`SecondOpinion`].
///
/// ```
/// use conformance_strategies::compare::{compare_arrays_refereed, CompareOptions, Tolerance};
/// use conformance_strategies::AnyArray;
/// let o = CompareOptions::new(Tolerance::new(0.0, 1e-6));
/// let wrong_expected = AnyArray::from(ndarray::arr1(&[0.5f64, 2.0]).into_dyn());
/// let a = AnyArray::from(ndarray::arr1(&[0.5f64, 1.0]).into_dyn());
/// // The referee says 1.0 at element 1: the actual value was right.
/// assert!(compare_arrays_refereed(&wrong_expected, &a, &o, &|_| Some(1.0)).is_ok());
/// let e = AnyArray::from(ndarray::arr1(&[0.5f64, 3.0]).into_dyn());
/// let text = compare_arrays_refereed(&e, &a, &o, &|i| (i == 1).then_some(3.0))
///     .unwrap_err()
///     .to_string();
/// assert!(text.contains("; correctly rounded: 3.0; backend off by "), "{text}");
/// assert!(text.ends_with(" ulps, reference off by 0 ulps"), "{text}");
/// ```
#[allow(clippy::result_large_err)]
pub fn compare_arrays_refereed(
    expected: &AnyArray,
    actual: &AnyArray,
    options: &CompareOptions,
    referee: &Referee<'_>,
) -> Result<ErrorStats, Mismatch> {
    compare(expected, actual, options, Some(referee))
}

#[allow(clippy::result_large_err)]
fn compare(
    expected: &AnyArray,
    actual: &AnyArray,
    options: &CompareOptions,
    referee: Option<&Referee<'_>>,
) -> Result<ErrorStats, Mismatch> {
    if expected.dtype() != actual.dtype() {
        return Err(Mismatch::DType {
            expected: expected.dtype(),
            actual: actual.dtype(),
        });
    }
    if expected.shape() != actual.shape() {
        return Err(Mismatch::Shape {
            expected: expected.shape().to_vec(),
            actual: actual.shape().to_vec(),
        });
    }
    macro_rules! int {
        ($e:expr, $a:expr) => {
            compare_exact($e, $a, |v| ScalarValue::Int(v as i128))
        };
    }
    match (expected, actual) {
        (AnyArray::Float32(e), AnyArray::Float32(a)) => compare_floats(e, a, options, referee),
        (AnyArray::Float64(e), AnyArray::Float64(a)) => compare_floats(e, a, options, referee),
        (AnyArray::Complex64(e), AnyArray::Complex64(a)) => compare_complex(e, a, options),
        (AnyArray::Complex128(e), AnyArray::Complex128(a)) => compare_complex(e, a, options),
        (AnyArray::Bool(e), AnyArray::Bool(a)) => compare_exact(e, a, ScalarValue::Bool),
        (AnyArray::Int8(e), AnyArray::Int8(a)) => int!(e, a),
        (AnyArray::Int16(e), AnyArray::Int16(a)) => int!(e, a),
        (AnyArray::Int32(e), AnyArray::Int32(a)) => int!(e, a),
        (AnyArray::Int64(e), AnyArray::Int64(a)) => int!(e, a),
        (AnyArray::UInt8(e), AnyArray::UInt8(a)) => int!(e, a),
        (AnyArray::UInt16(e), AnyArray::UInt16(a)) => int!(e, a),
        (AnyArray::UInt32(e), AnyArray::UInt32(a)) => int!(e, a),
        (AnyArray::UInt64(e), AnyArray::UInt64(a)) => int!(e, a),
        _ => unreachable!("dtypes checked equal above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Layout;
    use ndarray::{arr1, arr2};

    fn f64s(v: &[f64]) -> AnyArray {
        AnyArray::from(arr1(v).into_dyn())
    }

    fn f32s(v: &[f32]) -> AnyArray {
        AnyArray::from(arr1(v).into_dyn())
    }

    fn opts() -> CompareOptions {
        CompareOptions::new(Tolerances::default().float64)
    }

    fn message(e: &AnyArray, a: &AnyArray, o: &CompareOptions) -> String {
        compare_arrays(e, a, o).unwrap_err().to_string()
    }

    #[test]
    fn complex_compares_per_component_relative_to_the_magnitude() {
        let c = |v: &[(f64, f64)]| {
            AnyArray::from(
                ndarray::Array1::from(
                    v.iter()
                        .map(|&(r, i)| Complex::new(r, i))
                        .collect::<Vec<_>>(),
                )
                .into_dyn(),
            )
        };
        let o = CompareOptions::new(Tolerance::new(0.0, 1e-12));
        // The imaginary part is off by 1e-3 of itself, but by 1e-13 of |z|.
        let e = c(&[(1e10, 1.0)]);
        let a = c(&[(1e10, 1.0 + 1e-3)]);
        let ok = compare_arrays(&e, &a, &o).unwrap();
        assert!(
            ok.tolerance_used > 0.01 && ok.tolerance_used <= 1.0,
            "{ok:?}"
        );
        // Off by more than rtol * |z| on one component.
        let far = c(&[(1e10, 1.0 + 1e-1)]);
        let err = compare_arrays(&e, &far, &o).unwrap_err();
        assert_eq!(err.kind(), "value");
        assert!(
            err.to_string().starts_with(
                "values differ at index [0]: expected 10000000000.0+1.0j, got 10000000000.0+1.1j"
            ),
            "{err}"
        );
        // NaN and the sign of zero per component.
        let e = c(&[(f64::NAN, 0.0), (1.0, -0.0)]);
        assert!(compare_arrays(
            &e,
            &c(&[(f64::NAN, 0.0), (1.0, -0.0)]),
            &o.clone().with_zero_sign()
        )
        .is_ok());
        let nan = compare_arrays(&e, &c(&[(0.0, f64::NAN), (1.0, -0.0)]), &o).unwrap_err();
        assert_eq!(nan.kind(), "NaN position");
        assert!(
            nan.to_string().contains("expected NaN+0.0j, got 0.0+NaNj"),
            "{nan}"
        );
        let zero = compare_arrays(
            &e,
            &c(&[(f64::NAN, 0.0), (1.0, 0.0)]),
            &o.clone().with_zero_sign(),
        )
        .unwrap_err();
        assert_eq!(zero.kind(), "zero sign");
        assert!(compare_arrays(&e, &c(&[(f64::NAN, 0.0), (1.0, 0.0)]), &o).is_ok());
        // An infinite component agrees only with itself.
        let e = c(&[(f64::INFINITY, f64::NAN)]);
        assert!(compare_arrays(&e, &c(&[(f64::INFINITY, f64::NAN)]), &o).is_ok());
        assert!(compare_arrays(&e, &c(&[(f64::MAX, f64::NAN)]), &CompareOptions::exact()).is_err());
        // complex64 takes float32's tolerance.
        assert_eq!(
            Tolerances::default().get(DType::Complex64),
            Tolerances::default().float32
        );
        assert_eq!(
            Tolerances::default().for_function("exp", DType::Complex128),
            Tolerances::default().float64
        );
    }

    #[test]
    fn dtype_and_shape_come_first() {
        let a = f64s(&[1.0]);
        assert_eq!(
            message(&a, &f32s(&[1.0]), &opts()),
            "dtype differs: expected float64, got float32"
        );
        let e = AnyArray::from(ndarray::Array2::<f64>::zeros((2, 3)).into_dyn());
        let t = AnyArray::from(ndarray::Array2::<f64>::zeros((3, 2)).into_dyn());
        assert_eq!(
            message(&e, &t, &opts()),
            "shape differs: expected [2, 3], got [3, 2]"
        );
    }

    #[test]
    fn each_mismatch_has_a_kind_without_its_values() {
        let kind = |e: &AnyArray, a: &AnyArray| compare_arrays(e, a, &opts()).unwrap_err().kind();
        let one = f64s(&[1.0]);
        assert_eq!(kind(&one, &f32s(&[1.0])), "dtype");
        assert_eq!(kind(&one, &f64s(&[1.0, 1.0])), "shape");
        assert_eq!(kind(&one, &f64s(&[2.0])), "value");
        assert_eq!(kind(&one, &f64s(&[3.0])), "value");
        assert_eq!(kind(&one, &f64s(&[f64::NAN])), "NaN position");
        assert_eq!(kind(&f64s(&[f64::NAN]), &one), "NaN position");
    }

    #[test]
    fn the_messages_read_as_specified() {
        let e = AnyArray::from(arr2(&[[1.0, 2.0], [0.5, 4.0]]).into_dyn());
        let a = AnyArray::from(arr2(&[[1.0, 2.0], [0.50001, 4.0]]).into_dyn());
        let o = CompareOptions::new(Tolerance::new(0.0, 1e-6));
        let text = message(&e, &a, &o);
        let ulps = ulp_distance_f64(0.5, 0.50001);
        assert_eq!(
            text,
            format!("values differ at index [1, 0]: expected 0.5, got 0.50001 (abs error 1e-5, rel error 2e-5, {ulps} ulps; tolerance atol=0, rtol=1e-6)")
        );
        assert_eq!(
            message(&f64s(&[f64::NAN]), &f64s(&[1.0]), &opts()),
            "NaN position differs at index [0]: expected NaN, got 1.0"
        );
        assert_eq!(
            message(&f64s(&[1.0]), &f64s(&[f64::NAN]), &opts()),
            "NaN position differs at index [0]: expected 1.0, got NaN"
        );
        let z = opts().with_zero_sign();
        assert_eq!(
            message(&f64s(&[1.0, 2.0, -0.0]), &f64s(&[1.0, 2.0, 0.0]), &z),
            "sign of zero differs at index [2]: expected -0.0, got +0.0"
        );
        // float32 values print in float32's shortest form.
        let t = message(
            &f32s(&[0.1, 3.0]),
            &f32s(&[0.2, 4.0]),
            &CompareOptions::exact(),
        );
        assert!(
            t.starts_with("values differ at index [0]: expected 0.1, got 0.2"),
            "{t}"
        );
        assert!(t.ends_with("; 2 of 2 elements differ"), "{t}");
    }

    #[test]
    fn nan_infinities_and_zero_sign_rules() {
        let e = f64s(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0]);
        let same = f64s(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0]);
        assert_eq!(
            compare_arrays(&e, &same, &opts()),
            Ok(ErrorStats::default())
        );
        assert!(compare_arrays(&e, &same, &opts().with_zero_sign()).is_err());
        // An infinity only matches itself, whatever the tolerance, but at
        // the overflow boundary: the largest finite value of its sign is one
        // ulp from it.
        let wide = CompareOptions::new(Tolerance::new(f64::MAX, 1.0).with_ulps(u64::MAX - 1));
        let next_down = f64::from_bits(f64::MAX.to_bits() - 1);
        assert!(compare_arrays(&f64s(&[f64::INFINITY]), &f64s(&[next_down]), &wide).is_err());
        assert!(compare_arrays(&f64s(&[1.0]), &f64s(&[f64::NEG_INFINITY]), &wide).is_err());
        assert!(compare_arrays(&f64s(&[-f64::MAX]), &f64s(&[f64::INFINITY]), &wide).is_err());
        let stats = compare_arrays(&f64s(&[f64::INFINITY]), &f64s(&[f64::MAX]), &wide).unwrap();
        assert_eq!((stats.max_ulps, stats.max_abs), (1, f64::MAX - next_down));
        let max32 = AnyArray::from(ndarray::arr1(&[f32::MAX, f32::NEG_INFINITY]).into_dyn());
        let inf32 = AnyArray::from(ndarray::arr1(&[f32::INFINITY, f32::MIN]).into_dyn());
        assert!(compare_arrays(
            &inf32,
            &max32,
            &CompareOptions::new(Tolerance::new(0.0, 0.0).with_ulps(1))
        )
        .is_ok());
        assert!(compare_arrays(
            &inf32,
            &max32,
            &CompareOptions::new(Tolerance::new(0.0, 1e-5))
        )
        .is_err());
        // NaN positions can be waived.
        let loose = opts().ignoring_nan_positions();
        assert!(compare_arrays(&f64s(&[f64::NAN, 1.0]), &f64s(&[3.0, 1.0]), &loose).is_ok());
        assert!(compare_arrays(&f64s(&[f64::NAN, 1.0]), &f64s(&[3.0, 2.0]), &loose).is_err());
    }

    #[test]
    fn zero_sign_exemptions_are_per_element_in_logical_order() {
        let e = AnyArray::from(arr2(&[[-0.0f32, 1.0], [-0.0, 0.0]]).into_dyn());
        let a = AnyArray::from(arr2(&[[0.0f32, 1.0], [0.0, -0.0]]).into_dyn());
        let o = |exempt: [bool; 4]| opts().with_zero_sign_except(exempt.to_vec());
        // Exempt: the first element; compared: [1, 0] then [1, 1].
        assert_eq!(
            message(
                &e,
                &Layout::Fortran.apply(&a),
                &o([true, false, false, false])
            ),
            "sign of zero differs at index [1, 0]: expected -0.0, got +0.0"
        );
        assert_eq!(
            message(&e, &a, &o([true, false, true, false])),
            "sign of zero differs at index [1, 1]: expected +0.0, got -0.0"
        );
        assert!(compare_arrays(&e, &a, &o([true, false, true, true])).is_ok());
        // Without the sign check the exemptions change nothing.
        let mut plain = o([false; 4]);
        plain.check_zero_sign = false;
        assert!(compare_arrays(&e, &a, &plain).is_ok());
    }

    #[test]
    fn passing_comparisons_report_their_worst_error() {
        let e = f64s(&[1.0, 2.0, 0.0]);
        let a = f64s(&[1.0 + 1e-13, 2.0, 0.0]);
        let s = compare_arrays(&e, &a, &opts()).unwrap();
        assert!((s.max_abs - 1e-13).abs() < 1e-15, "{s:?}");
        assert!((s.max_rel - 1e-13).abs() < 1e-15, "{s:?}");
        assert_eq!(s.max_ulps, ulp_distance_f64(1.0, 1.0 + 1e-13));
        assert!((s.tolerance_used - 0.1).abs() < 0.01, "{s:?}");
        // Within 4 ulps but far beyond rtol: tolerance used is ulps / 4.
        let o = CompareOptions::new(Tolerance::exact().with_ulps(4));
        let next = f64::from_bits(1.0f64.to_bits() + 2);
        let s = compare_arrays(&f64s(&[1.0]), &f64s(&[next]), &o).unwrap();
        assert_eq!((s.max_ulps, s.tolerance_used), (2, 0.5));
        assert!(compare_arrays(
            &f64s(&[1.0]),
            &f64s(&[f64::from_bits(1.0f64.to_bits() + 5)]),
            &o
        )
        .is_err());
        let merged = s.max(ErrorStats {
            max_abs: 1.0,
            ..ErrorStats::default()
        });
        assert_eq!((merged.max_abs, merged.max_ulps), (1.0, 2));
    }

    #[test]
    fn a_scale_widens_the_tolerance_per_element() {
        let e = f64s(&[0.0, 1.0]);
        let a = f64s(&[1e-9, 1.0]);
        let o = CompareOptions::new(Tolerance::new(0.0, 1e-12));
        assert!(compare_arrays(&e, &a, &o).is_err());
        let scaled = o.clone().with_scale(vec![1e4, 1.0]);
        let s = compare_arrays(&e, &a, &scaled).unwrap();
        assert!((s.tolerance_used - 0.1).abs() < 1e-6, "{s:?}");
        assert_eq!(s.max_rel, 0.0, "no relative error where 0 was expected");
        assert!(compare_arrays(&e, &a, &o.with_scale(vec![1e2, 1.0])).is_err());
    }

    #[test]
    fn integers_are_exact_in_their_own_type_and_layout_blind() {
        let big = i64::MAX - 1;
        let e = AnyArray::from(arr2(&[[1i64, 2], [3, big]]).into_dyn());
        for layout in Layout::ALL {
            assert!(
                compare_arrays(&e, &layout.apply(&e), &opts()).is_ok(),
                "{layout}"
            );
        }
        // Beyond 2^53 an f64 comparison would call these equal.
        let a = AnyArray::from(arr2(&[[1i64, 2], [3, i64::MAX]]).into_dyn());
        assert_eq!(
            message(&e, &a, &opts()),
            format!("values differ at index [1, 1]: expected {big}, got {} (abs error 1, rel error 1.084e-19, exact dtype)", i64::MAX)
        );
        let b = AnyArray::from(arr1(&[true, false]).into_dyn());
        let c = AnyArray::from(arr1(&[true, true]).into_dyn());
        assert!(message(&b, &c, &opts())
            .starts_with("values differ at index [1]: expected false, got true"));
    }

    #[test]
    fn float_layouts_compare_in_logical_order() {
        let e = AnyArray::from(arr2(&[[1.0f32, f32::NAN], [-0.0, 4.0]]).into_dyn());
        for layout in Layout::ALL {
            let a = layout.apply(&e);
            assert_eq!(
                compare_arrays(&e, &a, &opts().with_zero_sign()),
                Ok(ErrorStats::default())
            );
        }
    }

    /// The referee is asked about differing elements only; an element
    /// within tolerance of its value agrees, and the others count and name
    /// it with both sides' ulps.
    #[test]
    fn a_referee_settles_only_the_differing_elements() {
        let o = CompareOptions::new(Tolerance::new(0.0, 1e-6));
        let e = f32s(&[1.0, 2.0, 3.0]);
        let asked = std::cell::RefCell::new(Vec::new());
        let referee = |i: usize| {
            asked.borrow_mut().push(i);
            None
        };
        assert!(compare_arrays_refereed(&e, &e, &o, &referee).is_ok());
        assert!(asked.borrow().is_empty(), "asked about agreeing elements");
        // The expected 2.0 and 3.0 are wrong; the actual 2.5 is right, the
        // actual 4.0 is not.
        let a = f32s(&[1.0, 2.5, 4.0]);
        let truth = |i: usize| Some([1.0, 2.5, 3.5][i]);
        let m = compare_arrays_refereed(&e, &a, &o, &truth).unwrap_err();
        let Mismatch::Value {
            index,
            differing,
            second_opinion,
            ..
        } = &m
        else {
            panic!("{m:?}")
        };
        assert_eq!((index.as_slice(), *differing), (&[2][..], 1));
        let half = ulp_distance_f32(3.5, 4.0);
        assert_eq!(
            *second_opinion,
            Some(SecondOpinion {
                correctly_rounded: ScalarValue::Float32(3.5),
                actual_ulps: half,
                expected_ulps: half,
            })
        );
        assert!(m.to_string().ends_with(&format!(
            "; correctly rounded: 3.5; backend off by {half} ulps, reference off by {half} ulps"
        )));
        // Without a value from the referee, the comparison is as before.
        assert_eq!(
            compare_arrays_refereed(&e, &a, &o, &|_| None)
                .unwrap_err()
                .to_string(),
            compare_arrays(&e, &a, &o).unwrap_err().to_string()
        );
        // The rescued element's error is the actual value's from the truth.
        let s = compare_arrays_refereed(&e, &f32s(&[1.0, 2.5, 3.5]), &o, &truth).unwrap();
        assert_eq!(s.max_abs, 0.0);
    }

    /// The stated model under the default tolerances: within 4 ulps
    /// passes (so a correctly rounded result passes beside a reference a
    /// few ulps off), and beyond `max(4 ulps, rtol |e|)` fails: 168 ulps
    /// (float32) and 9008 ulps (float64) in the normal range, 5 ulps in
    /// the subnormal range up to `|e| = 4 η / rtol`; over values from the smallest subnormal to the largest
    /// finite number of each dtype, of both signs.
    #[test]
    fn the_tolerance_model_holds_across_the_range() {
        let t = Tolerances::default();
        fn step32(x: f32, k: i64) -> f32 {
            // k ulps away from zero (x > 0) or toward it.
            f32::from_bits((i64::from(x.to_bits()) + k) as u32)
        }
        fn step64(x: f64, k: i64) -> f64 {
            f64::from_bits((x.to_bits() as i64 + k) as u64)
        }
        // Below the normal range an ulp is η: the first failing step is
        // one past max(4, rtol |e| / η).
        fn beyond(x: f64, eta: f64, rtol: f64) -> i64 {
            (4.0f64).max((rtol * x / eta).floor()) as i64 + 1
        }
        let eta = smallest_subnormal(DType::Float32) as f32;
        let o32 = CompareOptions::new(t.get(DType::Float32));
        let o64 = CompareOptions::new(t.get(DType::Float64));
        let mut checked = 0;
        for bits in (1..0x7f7f_ffffu32).step_by(0x0003_1fff) {
            let x = f32::from_bits(bits);
            for sign in [1.0f32, -1.0] {
                let e = sign * x;
                let at = |k| f32s(&[sign * step32(x, k)]);
                for k in (-4..=4).filter(|&k| i64::from(bits) + k >= 0) {
                    assert!(
                        compare_arrays(&f32s(&[e]), &at(k), &o32).is_ok(),
                        "{e:e} {k}"
                    );
                }
                let fails = if x < f32::MIN_POSITIVE {
                    beyond(f64::from(x), f64::from(eta), 1e-5)
                } else {
                    168
                };
                for k in [-fails, fails]
                    .into_iter()
                    .filter(|&k| i64::from(bits) + k > 0)
                {
                    if step32(x, k).is_finite() {
                        assert!(
                            compare_arrays(&f32s(&[e]), &at(k), &o32).is_err(),
                            "{e:e} {k}"
                        );
                    }
                }
                checked += 1;
            }
        }
        for bits in (1..0x7fef_ffff_ffff_ffffu64).step_by(0x0000_31ff_ffff_ffff) {
            let x = f64::from_bits(bits);
            for sign in [1.0f64, -1.0] {
                let e = sign * x;
                let at = |k| f64s(&[sign * step64(x, k)]);
                for k in (-4..=4).filter(|&k| bits as i64 + k >= 0) {
                    assert!(
                        compare_arrays(&f64s(&[e]), &at(k), &o64).is_ok(),
                        "{e:e} {k}"
                    );
                }
                let fails = if x < f64::MIN_POSITIVE {
                    beyond(x, f64::from_bits(1), 1e-12)
                } else {
                    9008
                };
                for k in [-fails, fails].into_iter().filter(|&k| bits as i64 + k > 0) {
                    let y = step64(x, k);
                    if y.is_finite() {
                        assert!(
                            compare_arrays(&f64s(&[e]), &at(k), &o64).is_err(),
                            "{e:e} {k}"
                        );
                    }
                }
                checked += 1;
            }
        }
        assert!(checked > 4000, "{checked}");
        // A floor widens the allowance by its absolute amount only.
        let floored = o32.clone().with_floor(vec![10.0 * f64::from(eta)]);
        assert!(compare_arrays(&f32s(&[0.0]), &f32s(&[10.0 * eta]), &floored).is_ok());
        assert!(compare_arrays(&f32s(&[0.0]), &f32s(&[15.0 * eta]), &floored).is_err());
        assert!(compare_arrays(&f32s(&[1.0]), &f32s(&[step32(1.0, 168)]), &floored).is_err());
    }

    #[test]
    fn ulp_distances() {
        assert_eq!(
            ulp_distance_f64(1.0, f64::from_bits(1.0f64.to_bits() + 3)),
            3
        );
        assert_eq!(ulp_distance_f64(-0.0, 0.0), 0);
        assert_eq!(ulp_distance_f64(f64::from_bits(1), -f64::from_bits(1)), 2);
        assert_eq!(ulp_distance_f64(f64::MAX, f64::INFINITY), 1);
        assert_eq!(ulp_distance_f64(f64::NAN, 1.0), u64::MAX);
        assert_eq!(
            ulp_distance_f32(1.0, f32::from_bits(1.0f32.to_bits() + 1)),
            1
        );
        assert_eq!(ulp_distance_f32(-1.0, 1.0), 2 * u64::from(1.0f32.to_bits()));
    }

    #[test]
    fn tolerances_are_data_with_overrides() {
        let t = Tolerances::default().with_function("sin", None, Tolerance::new(1e-6, 0.0));
        assert_eq!(t.for_function("sin", DType::Float32).atol, 1e-6);
        assert_eq!(t.for_function("sin", DType::Float64).atol, 1e-6);
        assert!(t.for_function("sin", DType::Int8).is_exact());
        assert_eq!(t.overrides().count(), 1);
        assert_eq!(
            Tolerance::new(0.0, 1e-5).with_ulps(4).to_string(),
            "atol=0, rtol=1e-5, or 4 ulps"
        );
        assert_eq!(short(0.5), "0.5");
        assert_eq!(short(2.5e-5), "2.5e-5");
        assert_eq!(short(f64::INFINITY), "inf");
    }
}
