//! The precisions a row is evaluated in, value identity (NaN of any sign,
//! signed zeros) and the grid of operand values the spec README evaluates
//! the table on.

use conformance_strategies::DType;

/// The floating-point precision results are computed and compared in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    /// `float32`.
    F32,
    /// `float64`.
    F64,
}

impl Precision {
    /// The precision of a floating-point dtype; `None` for the others.
    pub fn of(dtype: DType) -> Option<Precision> {
        match dtype {
            DType::Float32 => Some(Precision::F32),
            DType::Float64 => Some(Precision::F64),
            _ => None,
        }
    }

    /// The dtype of this precision.
    pub fn dtype(self) -> DType {
        match self {
            Precision::F32 => DType::Float32,
            Precision::F64 => DType::Float64,
        }
    }

    /// `v` rounded to this precision (to nearest, ties to even).
    pub fn round(self, v: f64) -> f64 {
        match self {
            Precision::F32 => v as f32 as f64,
            Precision::F64 => v,
        }
    }

    /// Whether `v` is exactly representable in this precision (NaN is).
    pub fn represents(self, v: f64) -> bool {
        v.is_nan() || self.round(v) == v
    }

    /// The distance from `v` to the next representable value away from
    /// zero (for a finite `v`).
    pub fn ulp(self, v: f64) -> f64 {
        match self {
            Precision::F32 => {
                let a = (v as f32).abs();
                (f32::from_bits(a.to_bits() + 1) - a) as f64
            }
            Precision::F64 => {
                let a = v.abs();
                f64::from_bits(a.to_bits() + 1) - a
            }
        }
    }

    /// The next representable value after `v` toward `+inf` (`up`) or
    /// `-inf`.
    pub(super) fn step(self, v: f64, up: bool) -> f64 {
        fn next64(v: f64, up: bool) -> f64 {
            if v.is_nan() || (v.is_infinite() && (v > 0.0) == up) {
                return v;
            }
            if v == 0.0 {
                let tiny = f64::from_bits(1);
                return if up { tiny } else { -tiny };
            }
            let bits = v.to_bits();
            f64::from_bits(if (v > 0.0) == up { bits + 1 } else { bits - 1 })
        }
        fn next32(v: f32, up: bool) -> f32 {
            if v.is_nan() || (v.is_infinite() && (v > 0.0) == up) {
                return v;
            }
            if v == 0.0 {
                let tiny = f32::from_bits(1);
                return if up { tiny } else { -tiny };
            }
            let bits = v.to_bits();
            f32::from_bits(if (v > 0.0) == up { bits + 1 } else { bits - 1 })
        }
        match self {
            Precision::F32 => next32(v as f32, up) as f64,
            Precision::F64 => next64(v, up),
        }
    }
}

/// Whether `a` and `b` are the same value: both NaN (of any sign), or equal
/// with the same sign bit.
pub fn identical(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a == b && a.is_sign_negative() == b.is_sign_negative())
}

/// The grid of operand values the spec README evaluates the table on, in a
/// precision: ±NaN, ±0, ±0.25, ±0.5, ±0.75, ±1, ±1.5, ±2, ±2.5, ±3, ±3.7,
/// ±4.5, ±7, two subnormals, the smallest normal, ±1e308 (±1e38 for
/// `float32`), the largest finite value and ±inf. Every value is exact in
/// the precision.
pub fn grid(precision: Precision) -> Vec<f64> {
    let (huge, max, min_normal) = match precision {
        Precision::F32 => (1e38f32 as f64, f32::MAX as f64, f32::MIN_POSITIVE as f64),
        Precision::F64 => (1e308, f64::MAX, f64::MIN_POSITIVE),
    };
    let tiny = precision.step(0.0, true);
    let magnitudes = [
        0.0,
        0.25,
        0.5,
        0.75,
        1.0,
        1.5,
        2.0,
        2.5,
        3.0,
        precision.round(3.7),
        4.5,
        7.0,
        tiny,
        min_normal / 2.0,
        min_normal,
        huge,
        max,
        f64::INFINITY,
        f64::NAN,
    ];
    magnitudes.iter().flat_map(|&m| [m, -m]).collect()
}
