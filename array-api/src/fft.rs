//! The fft extension's rules, written once for the reference, every backend
//! and the checks: the keyword `norm` ([`FftNorm`]) and the factor it
//! applies, which way each transform goes and what it maps
//! ([`Transform`]: complex to complex, real to half a spectrum, half a
//! spectrum to real), the sizes the keywords `n`, `s` and `axes` resolve to
//! ([`Transform::plan`]), the result's dtype, and the definitions of
//! `fftfreq`/`rfftfreq` and `fftshift`/`ifftshift`. The text they follow is
//! the standard's `fft.py` (2024.12 and 2025.12 agree).
//!
//! Where the standard leaves a case open (duplicate axes, an empty `axes`,
//! a real input to `fft`, a size below 1), these rules refuse it with
//! [`ApiError::InvalidArgument`], and the checks draw no such case.

use conformance_strategies::DType;

use crate::api::{ApiError, ApiResult};
use crate::shape::normalize_axis;

/// The standard's `norm` keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FftNorm {
    /// `"backward"` (the default): the inverse transforms divide by `n`.
    Backward,
    /// `"ortho"`: both directions divide by `sqrt(n)`.
    Ortho,
    /// `"forward"`: the forward transforms divide by `n`.
    Forward,
}

impl FftNorm {
    /// Every mode, in the standard's order.
    pub const ALL: [FftNorm; 3] = [FftNorm::Backward, FftNorm::Ortho, FftNorm::Forward];

    /// The standard's string.
    pub fn name(self) -> &'static str {
        match self {
            FftNorm::Backward => "backward",
            FftNorm::Ortho => "ortho",
            FftNorm::Forward => "forward",
        }
    }

    /// The factor a transform in `direction` of logical size `n` (the
    /// product of the sizes over the transformed axes) multiplies its sum
    /// by.
    pub fn factor(self, n: usize, direction: Direction) -> f64 {
        let n = n as f64;
        match (self, direction) {
            (FftNorm::Ortho, _) => 1.0 / n.sqrt(),
            (FftNorm::Backward, Direction::Forward) | (FftNorm::Forward, Direction::Inverse) => 1.0,
            (FftNorm::Backward, Direction::Inverse) | (FftNorm::Forward, Direction::Forward) => {
                1.0 / n
            }
        }
    }
}

/// The sign of the exponent: `X_k = Σ_j x_j exp(∓2πi jk/n)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `exp(-2πi jk/n)`: `fft`, `fftn`, `rfft`, `rfftn`, `hfft`.
    Forward,
    /// `exp(+2πi jk/n)`: `ifft`, `ifftn`, `irfft`, `irfftn`, `ihfft`.
    Inverse,
}

/// What a transform maps along its (last) axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mapping {
    /// Complex to complex, `n` values to `n` (`fft`, `ifft`, `fftn`, `ifftn`).
    Complex,
    /// Real to the first half of a Hermitian spectrum, `n` values to
    /// `n/2 + 1` (`rfft`, `rfftn`, `ihfft`).
    RealToHalf,
    /// The first half of a Hermitian spectrum to real, `n/2 + 1` values to
    /// `n` (`irfft`, `irfftn`, `hfft`).
    HalfToReal,
}

/// One of the ten transforms: its name, direction and mapping, and whether
/// it takes `n`/`axis` (one axis) or `s`/`axes` (several).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Transform {
    /// The standard's name.
    pub name: &'static str,
    /// The sign of the exponent.
    pub direction: Direction,
    /// What it maps along its last transformed axis (the others, in the
    /// n-dimensional transforms, are complex to complex).
    pub mapping: Mapping,
    /// `fftn`-like (`s`, `axes`) rather than `fft`-like (`n`, `axis`).
    pub many_axes: bool,
}

const fn transform(
    name: &'static str,
    direction: Direction,
    mapping: Mapping,
    many_axes: bool,
) -> Transform {
    Transform {
        name,
        direction,
        mapping,
        many_axes,
    }
}

/// The ten transforms of the extension, in the standard's order.
pub const TRANSFORMS: [Transform; 10] = [
    transform("fft", Direction::Forward, Mapping::Complex, false),
    transform("ifft", Direction::Inverse, Mapping::Complex, false),
    transform("fftn", Direction::Forward, Mapping::Complex, true),
    transform("ifftn", Direction::Inverse, Mapping::Complex, true),
    transform("rfft", Direction::Forward, Mapping::RealToHalf, false),
    transform("irfft", Direction::Inverse, Mapping::HalfToReal, false),
    transform("rfftn", Direction::Forward, Mapping::RealToHalf, true),
    transform("irfftn", Direction::Inverse, Mapping::HalfToReal, true),
    transform("hfft", Direction::Forward, Mapping::HalfToReal, false),
    transform("ihfft", Direction::Inverse, Mapping::RealToHalf, false),
];

/// The transform of this standard name.
pub fn transform_named(name: &str) -> Option<Transform> {
    TRANSFORMS.iter().copied().find(|t| t.name == name)
}

/// One transformed axis: which, its logical size `n`, and how many input
/// values along it the transform reads (after trimming or zero padding)
/// and how many it writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AxisPlan {
    /// The axis, normalised.
    pub axis: usize,
    /// The logical size (the `n` of `exp(2πi jk/n)`).
    pub n: usize,
    /// Input values read along the axis: the input is trimmed or zero
    /// padded to this length.
    pub input_len: usize,
    /// Output values along the axis.
    pub output_len: usize,
}

impl Transform {
    /// The result's dtype for an input of `dtype`: the same complex dtype,
    /// the complex dtype of a real float's precision, or the real float of
    /// a complex dtype's precision. Other inputs are refused (the standard
    /// says complex inputs "should" be complex, real ones "must" be real
    /// floats).
    pub fn output_dtype(&self, dtype: DType) -> ApiResult<DType> {
        let out = match self.mapping {
            Mapping::Complex if dtype.is_complex() => Some(dtype),
            Mapping::RealToHalf if dtype.is_float() => dtype.complex_of(),
            Mapping::HalfToReal if dtype.is_complex() => Some(dtype.real_component()),
            _ => None,
        };
        out.ok_or_else(|| {
            let wanted = match self.mapping {
                Mapping::RealToHalf => "a real floating-point",
                _ => "a complex floating-point",
            };
            ApiError::invalid(
                self.name,
                format!("x must have {wanted} dtype, not {dtype}"),
            )
        })
    }

    /// The transformed axes of an input of `shape`, in the order of
    /// `axes` (the last one is the one a real transform halves), with
    /// their sizes: `n`/`axis` of a one-axis transform as a list of one.
    /// Follows the standard: `axes` `None` means every axis; `s` needs
    /// `axes`; an entry `-1` of `s` (or `n` `None`) is the default size,
    /// the input's side, or `2 (M - 1)` on the axis a `HalfToReal`
    /// transform expands. Refused: a size below 1, a repeated axis, no
    /// axis at all, `s` and `axes` of different lengths.
    pub fn plan(
        &self,
        shape: &[usize],
        s: Option<&[isize]>,
        axes: Option<&[isize]>,
    ) -> ApiResult<Vec<AxisPlan>> {
        let ndim = shape.len();
        let axes: Vec<usize> = match (axes, s) {
            (Some(axes), _) => axes
                .iter()
                .map(|&a| normalize_axis(self.name, a, ndim))
                .collect::<ApiResult<_>>()?,
            (None, None) => (0..ndim).collect(),
            (None, Some(_)) => {
                return Err(ApiError::invalid(self.name, "`s` is given without `axes`"))
            }
        };
        if axes.is_empty() {
            return Err(ApiError::invalid(self.name, "no axis to transform"));
        }
        if let Some(s) = s {
            if s.len() != axes.len() {
                return Err(ApiError::invalid(
                    self.name,
                    format!("`s` has {} entries and `axes` {}", s.len(), axes.len()),
                ));
            }
        }
        let mut seen = vec![false; ndim];
        let last = axes.len() - 1;
        axes.iter()
            .enumerate()
            .map(|(i, &axis)| {
                if std::mem::replace(&mut seen[axis], true) {
                    return Err(ApiError::invalid(
                        self.name,
                        format!("axis {axis} is repeated"),
                    ));
                }
                let m = shape[axis];
                let mapping = if i == last {
                    self.mapping
                } else {
                    Mapping::Complex
                };
                let asked = s.map(|s| s[i]).filter(|&v| v != -1);
                let n = match (asked, mapping) {
                    (Some(v), _) if v < 1 => {
                        return Err(ApiError::invalid(
                            self.name,
                            format!("invalid number of data points ({v})"),
                        ))
                    }
                    (Some(v), _) => v as usize,
                    (None, Mapping::HalfToReal) => 2 * m.saturating_sub(1),
                    (None, _) => m,
                };
                if n < 1 {
                    return Err(ApiError::invalid(
                        self.name,
                        format!("invalid number of data points ({n}) along axis {axis}"),
                    ));
                }
                let (input_len, output_len) = match mapping {
                    Mapping::Complex => (n, n),
                    Mapping::RealToHalf => (n, n / 2 + 1),
                    Mapping::HalfToReal => (n / 2 + 1, n),
                };
                Ok(AxisPlan {
                    axis,
                    n,
                    input_len,
                    output_len,
                })
            })
            .collect()
    }

    /// [`Transform::plan`] of a one-axis transform (`n`, `axis`).
    pub fn plan_one(&self, shape: &[usize], n: Option<usize>, axis: isize) -> ApiResult<AxisPlan> {
        let s = n.map(|n| [isize::try_from(n).unwrap_or(isize::MAX)]);
        let plan = self.plan(shape, s.as_ref().map(|s| &s[..]), Some(&[axis]))?;
        Ok(plan[0])
    }
}

/// The logical size of a plan: the product of its `n`s.
pub fn logical_size(plan: &[AxisPlan]) -> usize {
    plan.iter().map(|p| p.n).product()
}

/// The standard's `fftfreq` numerator: the `k`-th of
/// `[0, 1, ..., ceil(n/2) - 1, -floor(n/2), ..., -1]` (divided by `d n`).
pub fn frequency_index(k: usize, n: usize) -> i64 {
    if k < n.div_ceil(2) {
        k as i64
    } else {
        k as i64 - n as i64
    }
}

/// How far `fftshift` (`inverse` false) or `ifftshift` rolls an axis of
/// side `n` toward higher indices: `n/2`, and `-(n/2)` for the inverse
/// (as a shift in `0..n`).
pub fn shift_of(n: usize, inverse: bool) -> usize {
    if n == 0 {
        0
    } else if inverse {
        (n - n / 2) % n
    } else {
        n / 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Transform {
        transform_named(name).unwrap()
    }

    #[test]
    fn norm_factors_follow_the_standard() {
        let n = 16;
        assert_eq!(FftNorm::Backward.factor(n, Direction::Forward), 1.0);
        assert_eq!(FftNorm::Backward.factor(n, Direction::Inverse), 1.0 / 16.0);
        assert_eq!(FftNorm::Ortho.factor(n, Direction::Inverse), 0.25);
        assert_eq!(FftNorm::Forward.factor(n, Direction::Forward), 1.0 / 16.0);
        assert_eq!(FftNorm::Forward.factor(n, Direction::Inverse), 1.0);
    }

    #[test]
    fn sizes_resolve_as_the_standard_says() {
        let one = |name: &str, shape: &[usize], n: Option<usize>| {
            let p = named(name).plan_one(shape, n, -1).unwrap();
            (p.n, p.input_len, p.output_len)
        };
        assert_eq!(one("fft", &[2, 5], None), (5, 5, 5));
        assert_eq!(one("fft", &[2, 5], Some(8)), (8, 8, 8));
        assert_eq!(one("rfft", &[7], None), (7, 7, 4));
        assert_eq!(one("irfft", &[4], None), (6, 4, 6));
        assert_eq!(one("irfft", &[4], Some(7)), (7, 4, 7));
        assert_eq!(one("hfft", &[3], Some(2)), (2, 2, 2));
        assert_eq!(one("ihfft", &[6], None), (6, 6, 4));
        assert!(named("irfft").plan_one(&[1], None, 0).is_err());
        assert!(named("fft").plan_one(&[0], None, 0).is_err());
        assert!(named("fft").plan_one(&[3], None, 1).is_err());
        let nd = named("irfftn")
            .plan(&[3, 4, 5], Some(&[-1, 9]), Some(&[2, 0]))
            .unwrap();
        assert_eq!(
            nd,
            [
                AxisPlan {
                    axis: 2,
                    n: 5,
                    input_len: 5,
                    output_len: 5
                },
                AxisPlan {
                    axis: 0,
                    n: 9,
                    input_len: 5,
                    output_len: 9
                },
            ]
        );
        assert!(named("fftn").plan(&[3, 4], Some(&[3]), None).is_err());
        assert!(named("fftn").plan(&[3, 4], None, Some(&[0, -2])).is_err());
        assert_eq!(named("fftn").plan(&[3, 4], None, None).unwrap().len(), 2);
    }

    #[test]
    fn output_dtypes() {
        assert_eq!(
            named("fft").output_dtype(DType::Complex64),
            Ok(DType::Complex64)
        );
        assert_eq!(
            named("rfft").output_dtype(DType::Float64),
            Ok(DType::Complex128)
        );
        assert_eq!(
            named("hfft").output_dtype(DType::Complex64),
            Ok(DType::Float32)
        );
        assert!(named("fft").output_dtype(DType::Float64).is_err());
        assert!(named("rfft").output_dtype(DType::Complex64).is_err());
    }

    #[test]
    fn frequencies_and_shifts() {
        let f = |n: usize| (0..n).map(|k| frequency_index(k, n)).collect::<Vec<_>>();
        assert_eq!(f(4), [0, 1, -2, -1]);
        assert_eq!(f(5), [0, 1, 2, -2, -1]);
        assert_eq!((shift_of(5, false), shift_of(5, true)), (2, 3));
        assert_eq!((shift_of(4, false), shift_of(4, true)), (2, 2));
    }
}
