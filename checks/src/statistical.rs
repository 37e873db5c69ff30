//! The statistical checks: reductions over drawn axes with keepdims, and
//! the cumulative functions. Float results are compared with a tolerance
//! scaled by the magnitude of the terms (for a sum, the sum of `|x|` over
//! the same axes), not of the result: a reordered float sum is not a false
//! failure, while a dropped element still is.
//!
//! The sign of zero (see `zero_sign`) is compared for `prod` and
//! `cumulative_prod` (a product's sign does not depend on the order of the
//! factors), and for `max`/`min` except in lanes holding both zeros (the
//! standard lets either be returned). Not for `sum`, `mean` and
//! `cumulative_sum`: the standard names no starting value of the
//! accumulation, and a lane of `-0` sums to `-0` from its first element
//! but to `+0` from a `+0` accumulator. Nor for `var`/`std`, whose
//! standard text defines a value, not the sign of a zero one.
//!
//! # `var` and `std`: a tolerance from the problem's conditioning
//!
//! `correction` is drawn up to and beyond the number `M` of elements
//! reduced (0, 1, any fraction of `M + 2`, and `M - 1.5` to `M + 1`): the
//! standard divides by the degrees of freedom `M - correction` and says
//! the result is NaN when `M - correction <= 0`.
//!
//! The allowed difference bounds the error of the two numerically stable
//! ways to compute a variance: two passes (the mean, then the sum of
//! squared deviations) and the one-pass updating algorithm (Welford's:
//! `m += (x - m) / k`, `S += (x - m_new)·(x - m_old)`, which ndarray
//! uses). It is written in the result's precision with unit roundoff `u`
//! (2^-24, 2^-53) and smallest subnormal `η`, over a lane of `M` elements
//! with mean absolute value `A`, sum of squares `Q = Σx²` and exact sum of
//! squared deviations `S` (all computed in float64 here, whatever the input
//! dtype), divided by `d = M - correction`:
//!
//! - the mean is a sum of `M` terms: sequential summation errs by at most
//!   about `M·u·A` (pairwise summation by much less), plus `M·η` when the
//!   terms underflow: `δm = M·u·A + M·η`;
//! - an error `δm` in the mean adds exactly `M·δm²` to the sum of squared
//!   deviations (`Σ(x - m - δm)² = S + M·δm²`): second order, but it is
//!   the whole error when the spread is small beside the mean;
//! - each deviation, its square and the running sum of non-negative terms
//!   add a relative `(M + 4)·u` to `S`, the division one `u`, and
//!   underflowing squares `(M + 2)·η`;
//! - the updating algorithm's running mean is off by up to about `M·u·A`
//!   too, but that error enters each update to first order, multiplied by
//!   a deviation: over the lane `2·δm·Σ|x - m| <= 2·M·u·√(M·Q)·√S` at
//!   most. Chan, Golub and LeVeque ("Algorithms for computing the sample
//!   variance", The American Statistician 37(3), 1983, table 1) give the
//!   updating algorithm's relative error as `M·κ·u`, with the condition
//!   number `κ = √(Q / S)`: the same order, `M·u·√(Q·S)` absolutely. We
//!   allow `2·M·u·√(Q·S)`;
//! - so `|var - var*| <= E = ((M + 4)·u·S + 2·M·δm² + 2·M·u·√(Q·S) +
//!   (M + 2)·η) / d + η`, and backend and reference, each within `E`,
//!   differ by at most `T = 2E` (the reference is itself a sequential
//!   two-pass variance in the input precision);
//! - `std`: with both variances within `T` of each other,
//!   `|√a - √b| <= min(√T, T / √b)`, and `√b` is the expected `std`
//!   itself; each square root adds `u` relative, so the allowed
//!   difference is `min(√T, T / std) + u·(2·std + √T) + 2η`.
//!
//! The bound follows the conditioning: relative to the variance it is
//! about `3·M·u` when the mean is small beside the spread (`κ` near 1) and
//! `2·M·κ·u` when the data sit far from zero with a small spread
//! (`κ² = 1 + M·mean² / S`). A bound of the two-pass algorithm alone
//! (`M·u + M²·κ²·u²`, smaller while `M·κ·u < 1`) failed a correct
//! updating algorithm: ndarray's float32 `var([256, 256, 257])` is
//! 0.22221883, 228 ulps from 2/9: 1.5e-5 relative, where `κ = 544` and
//! `2·M·κ·u` is 2e-4 (and `T` twice that). The textbook one-pass variance
//! `mean(x²) - mean(x)²` cancels catastrophically: it errs by about
//! `u·Q / d` (relative `κ²·u`), beyond the bound once `κ` exceeds about
//! `4·M` (float32 data at 2^8 and beyond with a spread near 1 and lanes of
//! up to a hundred or so elements), and is failed there. The check draws
//! such data on purpose (a large offset added to values in -1..1), since
//! independent draws almost never have a large mean and a small spread.
//! The bound is computed from float64 values, so it does not underflow
//! for tiny float32 inputs, and it scales with `1 / d`, which grows
//! without limit as `correction` approaches `M`.

use conformance_engine::{CaseError, Check, CheckContext, Deviation};
use conformance_strategies::compare::{smallest_subnormal, CompareOptions, Tolerance};
use conformance_strategies::{
    axis_choice, labelled, AnyArray, DType, DTypeGroup, Domain, DrawnArray, ShapeSpec, SizeMix,
};
use proptest::prelude::*;

use super::agree::{agree, agree_with, compare, options_for, reference};
use super::overflow::{magnitudes, may_overflow};
use super::reduce::{reduce_input, LANES};
use super::zero_sign::except_mixed_lanes;
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};
use array_api::args::Reduce;
use array_api::shape::{normalize_axes, reduced_count};

/// Float values whose sums cannot overflow even in float32 (a reordered
/// sum that overflows in one order and not the other is not a bug), NaN
/// included.
const SUMMABLE: Domain = Domain {
    lo: -1e35,
    hi: 1e35,
    ..Domain::any()
};
const SMALL_INT: Domain = Domain {
    lo: -10.0,
    hi: 10.0,
    ..Domain::any()
};
const UNIT_INT: Domain = Domain {
    lo: -2.0,
    hi: 2.0,
    ..Domain::any()
};

/// Values for `var` and `std`: deviations up to 2e15 square to at most
/// 4e30, so sums of squares of lanes of up to 10^7 elements stay finite in
/// float32 (the standard does not say whether an intermediate overflow
/// that a wider accumulator avoids is a bug); NaN included.
const SPREAD: Domain = Domain {
    lo: -1e15,
    hi: 1e15,
    ..Domain::any()
};

/// How far a float result may be from the reference.
#[derive(Clone, Copy)]
enum Scale {
    /// Exactly equal (max, min), the sign of zero too except in lanes
    /// holding both zeros.
    Exact,
    /// Relative to the result (prod), with the sign of zero.
    Result,
    /// Relative to `reduce(|x|)` over the same axes (sum, mean); the sign
    /// of zero is not compared (see the module doc).
    AbsTerms(fn(&Backend, &AnyArray, &Reduce) -> ApiResult<AnyArray>),
}

/// The relative tolerance per float dtype for a reordered accumulation of
/// `terms` terms: a fixed floor that covers a few hundred terms, and beyond
/// that `terms` epsilons. Summed in any order, `n` terms are within
/// `(n - 1) u` (`u` = eps / 2) of the exact sum, relative to the sum of
/// their magnitudes (or of the exact product, for products); two orders
/// within `n eps` of each other. A sequential sum of 16,620 float32 terms
/// is off by 1e-4 of that scale, which the floor alone failed. The
/// absolute floor: 4 of the dtype's smallest subnormals (sums of
/// subnormals are exact, but a mean's division rounds there, to the
/// subnormal spacing).
fn reordered(dtype: DType, terms: usize) -> Tolerance {
    let (floor, eps): (f64, f64) = match dtype {
        DType::Float32 => (1e-4, f64::from(f32::EPSILON)),
        _ => (1e-12, f64::EPSILON),
    };
    Tolerance::new(
        4.0 * smallest_subnormal(dtype),
        floor.max(terms as f64 * eps),
    )
}

/// The absolute floor of each element of a product of `x` over `args`'
/// axes: in any order, each of a lane's `n - 1` multiplications may round
/// a partial product that underflows by up to half the smallest subnormal
/// `η` (the relative error model does not hold there), and the later
/// factors scale that error by at most the product of their magnitudes
/// above 1; backend and reference may each err so. So two products of a
/// lane differ by at most `(n - 1) η Π max(1, |x|)` beyond the relative
/// bound (float32's sequential `1e-23 * 1e-23 * 3 * 2` is 0, the exact
/// product rounds to 4 η). Computed in float64, which does not underflow
/// or overflow on the drawn factors.
fn product_floor(x: &AnyArray, args: &Reduce, expected: &AnyArray) -> ApiResult<AnyArray> {
    let r = reference();
    let wide = r.astype(x, DType::Float64)?;
    let one = AnyArray::scalar(1.0f64);
    let growth = r.prod(&r.maximum(&r.abs(&wide)?, &one)?, args)?;
    let n = terms(x, expected) as f64;
    let unit = (n - 1.0).max(0.0) * smallest_subnormal(expected.dtype());
    r.multiply(&growth, &AnyArray::scalar(unit))
}

/// The number of terms folded into each element of `result` from `x`.
fn terms(x: &AnyArray, result: &AnyArray) -> usize {
    x.len() / result.len().max(1)
}

fn options(
    scale: Scale,
    x: &AnyArray,
    args: &Reduce,
    expected: &AnyArray,
) -> Result<CompareOptions, CaseError> {
    let mut o = options_for(expected);
    if !expected.dtype().is_float() {
        return Ok(o);
    }
    let r = reference();
    let per_element = |terms: ApiResult<AnyArray>| -> Result<Vec<f64>, CaseError> {
        terms.map(|a| a.to_f64_vec()).map_err(|e| {
            CaseError::Fail(format!("the reference could not scale the tolerance: {e}"))
        })
    };
    match scale {
        Scale::Exact => {
            o = except_mixed_lanes(CompareOptions::exact(), expected, x, args)?;
        }
        Scale::Result => {
            o.tolerance = reordered(expected.dtype(), terms(x, expected));
            o = o
                .with_zero_sign()
                .with_floor(per_element(product_floor(x, args, expected))?);
        }
        Scale::AbsTerms(reduce) => {
            let abs = r.abs(x).and_then(|a| reduce(r, &a, args));
            o = o.with_scale(per_element(abs)?);
            o.tolerance = reordered(expected.dtype(), terms(x, expected));
        }
    }
    Ok(o)
}

type ReduceFn = fn(&Backend, &AnyArray, &Reduce) -> ApiResult<AnyArray>;

fn reduction(
    name: &'static str,
    call: ReduceFn,
    dtypes: Vec<DType>,
    shapes: ShapeSpec,
    float_domain: Domain,
    int_domain: Domain,
    scale: Scale,
) -> Check<Backend> {
    Check::new(
        "statistical",
        name,
        move |b: &Backend, ctx: &CheckContext| {
            let floats: Vec<DType> = dtypes.iter().copied().filter(|d| d.is_float()).collect();
            let others: Vec<DType> = dtypes.iter().copied().filter(|d| !d.is_float()).collect();
            let mut alternatives = vec![(
                1,
                floats.clone(),
                reduce_input(&floats, shapes, float_domain),
            )];
            if !others.is_empty() {
                alternatives.push((1, others.clone(), reduce_input(&others, shapes, int_domain)));
            }
            let input = conformance_strategies::strata::union(alternatives);
            ctx.for_all(input, |input| {
                let args = input.args();
                let expected = call(reference(), &input.x, &args);
                if let Ok(e) = &expected {
                    let bound = magnitudes(&input.x).and_then(|m| call(reference(), &m, &args));
                    if may_overflow(e.dtype(), bound) {
                        return Ok(Deviation::default()); // Undefined: see `overflow`.
                    }
                }
                let actual = call(b, &input.x, &args);
                match &expected {
                    Ok(e) => {
                        let o = options(scale, &input.x, &args, e)?;
                        agree(expected.clone(), actual, Some(&o))
                    }
                    Err(_) => agree(expected, actual, None),
                }
            })
        },
    )
    .depends_on(ROUND_TRIP)
}

labelled! {
    /// The arguments of `var` and `std`.
    #[derive(Clone)]
    pub(crate) struct SpreadInput {
        pub(crate) x: DrawnArray,
        axis: Option<Vec<isize>>,
        keepdims: bool,
        pub(crate) correction: f64,
    }
}

impl SpreadInput {
    /// The reduction's `axis` and `keepdims`.
    pub(crate) fn args(&self) -> Reduce {
        Reduce {
            axes: self.axis.clone(),
            keepdims: self.keepdims,
        }
    }
}

/// `correction` before the number `M` of elements reduced is known; the
/// first shrinks first.
#[derive(Clone, Copy, Debug)]
enum CorrectionChoice {
    Zero,
    One,
    /// This fraction of `M + 2`, in steps of 1/4: from 0 to beyond `M`.
    OfCount(f64),
    /// `M` plus this (at least 0): at and around the degrees-of-freedom
    /// limit `M - correction <= 0`.
    AroundCount(f64),
}

impl CorrectionChoice {
    fn resolve(self, m: usize) -> f64 {
        let m = m as f64;
        match self {
            CorrectionChoice::Zero => 0.0,
            CorrectionChoice::One => 1.0,
            CorrectionChoice::OfCount(f) => (f * (m + 2.0) * 4.0).round() / 4.0,
            CorrectionChoice::AroundCount(k) => (m + k).max(0.0),
        }
    }
}

fn correction_choice() -> impl Strategy<Value = CorrectionChoice> {
    prop_oneof![
        Just(CorrectionChoice::Zero),
        Just(CorrectionChoice::One),
        (0.0..1.0f64).prop_map(CorrectionChoice::OfCount),
        prop::sample::select(vec![0.0, -1.0, 1.0, -0.5, 0.5, -1.5])
            .prop_map(CorrectionChoice::AroundCount),
    ]
}

/// `x + offset`, in `x`'s dtype and layout.
fn shifted(x: DrawnArray, offset: f64) -> DrawnArray {
    let r = reference();
    let array = r
        .astype(&AnyArray::scalar(offset), x.dtype())
        .and_then(|o| r.add(&x.array, &o))
        .expect("the reference adds a float scalar to a float array");
    DrawnArray {
        array: x.layout.apply(&array),
        layout: x.layout,
    }
}

/// The input of `var` and `std`: float arrays of any values, and a third
/// of the time values in -1..1 shifted by 2^8 to 2^21 (a large mean and a
/// small spread: the ill-conditioned case); a drawn axis, keepdims and
/// correction.
fn spread_input() -> impl Strategy<Value = SpreadInput> {
    let floats = DTypeGroup::Floating.dtypes();
    let any = reduce_input(&floats, ShapeSpec::default(), SPREAD);
    let far = (
        reduce_input(&floats, ShapeSpec::default(), Domain::within(-1.0, 1.0)),
        8..22i32,
        0.0..1.0f64,
    )
        .prop_map(|(mut input, k, frac)| {
            input.x = shifted(input.x, 2f64.powi(k) * (1.0 + frac));
            input
        });
    (prop_oneof![2 => any, 1 => far], correction_choice()).prop_map(|(input, correction)| {
        let args = input.args();
        let x = input.x;
        let axes = normalize_axes("var", args.axes.as_deref(), x.ndim())
            .expect("the drawn axes fit the array");
        let correction = correction.resolve(reduced_count(x.shape(), &axes));
        SpreadInput {
            x,
            axis: args.axes,
            keepdims: args.keepdims,
            correction,
        }
    })
}

/// The unit roundoff and the smallest subnormal of a float dtype.
fn precision(dtype: DType) -> (f64, f64) {
    match dtype {
        DType::Float32 => (2f64.powi(-24), 2f64.powi(-149)),
        _ => (2f64.powi(-53), 2f64.powi(-1074)),
    }
}

/// The allowed difference between two `var` (or `std`) results of
/// `input`, per element of `expected`: the error model of the module doc.
fn spread_options(
    std: bool,
    input: &SpreadInput,
    expected: &AnyArray,
) -> Result<CompareOptions, CaseError> {
    let r = reference();
    let args = input.args();
    let per_lane = || -> ApiResult<(Vec<f64>, Vec<f64>, Vec<f64>)> {
        let x = r.astype(&input.x, DType::Float64)?;
        let around = Reduce {
            axes: args.axes.clone(),
            keepdims: true,
        };
        let deviations = r.subtract(&x, &r.mean(&x, &around)?)?;
        let s = r.sum(&r.square(&deviations)?, &args)?.to_f64_vec();
        let a = r.mean(&r.abs(&x)?, &args)?.to_f64_vec();
        let q = r.sum(&r.square(&x)?, &args)?.to_f64_vec();
        Ok((s, a, q))
    };
    let (s, a, q) = per_lane().map_err(|e| {
        CaseError::Fail(format!("the reference could not scale the tolerance: {e}"))
    })?;
    let axes = normalize_axes("var", args.axes.as_deref(), input.x.ndim())
        .map_err(|e| CaseError::Fail(format!("the drawn axes do not fit: {e}")))?;
    let m = reduced_count(input.x.shape(), &axes) as f64;
    let d = m - input.correction;
    let (u, eta) = precision(expected.dtype());
    let allowed: Vec<f64> = s
        .iter()
        .zip(&a)
        .zip(&q)
        .zip(expected.to_f64_vec())
        .map(|(((&s, &a), &q), e)| {
            if d <= 0.0 || e.is_nan() {
                return 0.0; // NaN is expected: compared as such.
            }
            // The expected value bounds S from below when float64's S is
            // itself inexact.
            let s = s.max(if std { e * e } else { e } * d);
            let dm = m * u * a + m * eta;
            let updating = 2.0 * m * u * (q * s).sqrt();
            let var_error =
                ((m + 4.0) * u * s + 2.0 * m * dm * dm + updating + (m + 2.0) * eta) / d + eta;
            let t = 2.0 * var_error;
            if std {
                let within = if e > 0.0 {
                    t.sqrt().min(t / e)
                } else {
                    t.sqrt()
                };
                within + u * (2.0 * e + t.sqrt()) + 2.0 * eta
            } else {
                t
            }
        })
        .collect();
    // The bound is absolute; the rtol of the message is the unit roundoff
    // and the scale the bound in units of it.
    let mut o = CompareOptions::new(Tolerance::new(0.0, u).with_ulps(4));
    o = o.with_scale(allowed.into_iter().map(|t| t / u).collect());
    Ok(o)
}

/// `var` and `std` with a drawn correction, to the error bound of a
/// stable algorithm (two-pass or updating).
fn spread(
    name: &'static str,
    call: fn(&Backend, &AnyArray, &Reduce, f64) -> ApiResult<AnyArray>,
) -> Check<Backend> {
    Check::new(
        "statistical",
        name,
        move |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(spread_input(), |input| {
                let args = input.args();
                let expected = call(reference(), &input.x, &args, input.correction);
                let actual = call(b, &input.x, &args, input.correction);
                agree_with(expected, actual, |e, a| {
                    let o = spread_options(name == "std", &input, e)?;
                    compare(e, a, Some(&o))
                })
            })
        },
    )
    .depends_on(ROUND_TRIP)
}

labelled! {
    /// The arguments of `cumulative_sum` and `cumulative_prod`.
    #[derive(Clone)]
    struct CumulativeInput {
        x: DrawnArray,
        axis: Option<isize>,
        include_initial: bool,
    }
}

/// `cumulative_sum` and `cumulative_prod` along a drawn axis.
fn cumulative(
    name: &'static str,
    call: fn(&Backend, &AnyArray, Option<isize>, bool) -> ApiResult<AnyArray>,
    int_domain: Domain,
) -> Check<Backend> {
    let product = name == "cumulative_prod";
    Check::new(
        "statistical",
        name,
        move |b: &Backend, ctx: &CheckContext| {
            // Twice the lanes' share: a scan is parallel (and carries
            // between blocks) only along a lane of thousands, and only one
            // axis of up to three is the lane.
            let scans = LANES.per_mille(2 * LANES.large_per_mille);
            // Float products along a long lane overflow or underflow part
            // way in one order and not in another (a block's product alone
            // overflows where the running product is 0 or tiny), so large
            // float lanes of products hold -1, 0, 1 and NaN, whose products
            // are exact in every order; other floats stay small.
            let float_sizes = if product { SizeMix::SMALL } else { scans };
            let floats = conformance_strategies::arrays(
                DTypeGroup::Floating,
                ShapeSpec::new(1, 3, 0, 4).with_sizes(float_sizes),
                SUMMABLE,
            );
            let units = conformance_strategies::arrays(
                DTypeGroup::Floating,
                ShapeSpec::new(1, 3, 0, 4).with_sizes(scans),
                Domain::within(-1.0, 1.0).and(Domain::integer_valued()),
            );
            let ints = conformance_strategies::arrays(
                DTypeGroup::Integer,
                ShapeSpec::new(1, 3, 0, 4).with_sizes(scans),
                int_domain,
            );
            // `axis` may be omitted for a 1-d array only; `given` shrinks
            // toward omitting it.
            let input = (
                if product {
                    let floats_ = DTypeGroup::Floating.dtypes();
                    conformance_strategies::strata::union(vec![
                        (2, floats_.clone(), floats),
                        (1, floats_, units),
                        (3, DTypeGroup::Integer.dtypes(), ints),
                    ])
                } else {
                    conformance_strategies::strata::union(vec![
                        (1, DTypeGroup::Floating.dtypes(), floats),
                        (1, DTypeGroup::Integer.dtypes(), ints),
                    ])
                },
                conformance_strategies::strata::flag(),
                axis_choice(),
                conformance_strategies::strata::flag(),
            )
                .prop_map(|(x, given, axis, include_initial)| {
                    let n = x.ndim();
                    let axis = (given || n > 1).then(|| axis.resolve(n));
                    CumulativeInput {
                        x,
                        axis,
                        include_initial,
                    }
                });
            ctx.for_all(input, |i| {
                let (x, axis, include_initial) = (&i.x, i.axis, i.include_initial);
                let expected = call(reference(), x, axis, include_initial);
                if let Ok(e) = &expected {
                    let bound =
                        magnitudes(x).and_then(|m| call(reference(), &m, axis, include_initial));
                    if may_overflow(e.dtype(), bound) {
                        return Ok(Deviation::default()); // Undefined: see `overflow`.
                    }
                }
                let actual = call(b, x, axis, include_initial);
                agree_with(expected, actual, |e, a| {
                    let mut o = options_for(e);
                    if e.dtype().is_float() {
                        let along = axis.map_or(x.len(), |a| {
                            x.shape()[a.rem_euclid(x.ndim().max(1) as isize) as usize]
                        });
                        o.tolerance = reordered(e.dtype(), along);
                        // Scale by the running sum of |x| (or the result itself for products).
                        let scale = if name == "cumulative_sum" {
                            reference()
                                .abs(x)
                                .and_then(|ax| {
                                    reference().cumulative_sum(&ax, axis, include_initial)
                                })
                                .map(|s| s.to_f64_vec())
                                .ok()
                        } else {
                            None
                        };
                        if let Some(s) = scale {
                            o = o.with_scale(s);
                        } else {
                            // A product's sign is the product of the signs,
                            // whatever the order; a sum's zero depends on
                            // its starting value (see the module doc).
                            o = o.with_zero_sign();
                        }
                    }
                    compare(e, a, Some(&o))
                })
            })
        },
    )
    .depends_on(ROUND_TRIP)
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    let numeric = DTypeGroup::Numeric.dtypes();
    let floating = DTypeGroup::Floating.dtypes();
    let default = ShapeSpec::default().with_sizes(LANES);
    let small = ShapeSpec::new(0, 3, 0, 3).with_sizes(LANES);
    vec![
        reduction(
            "sum",
            Backend::sum,
            numeric.clone(),
            default,
            SUMMABLE,
            SMALL_INT,
            Scale::AbsTerms(Backend::sum),
        ),
        reduction(
            "prod",
            Backend::prod,
            numeric.clone(),
            small,
            Domain::within(-4.0, 4.0),
            UNIT_INT,
            Scale::Result,
        ),
        reduction(
            "max",
            Backend::max,
            numeric.clone(),
            default,
            Domain::any(),
            Domain::any(),
            Scale::Exact,
        ),
        reduction(
            "min",
            Backend::min,
            numeric,
            default,
            Domain::any(),
            Domain::any(),
            Scale::Exact,
        ),
        reduction(
            "mean",
            Backend::mean,
            floating,
            default,
            SUMMABLE,
            SMALL_INT,
            Scale::AbsTerms(Backend::mean),
        ),
        spread("var", Backend::var),
        spread("std", Backend::std),
        cumulative("cumulative_sum", Backend::cumulative_sum, SMALL_INT),
        cumulative("cumulative_prod", Backend::cumulative_prod, UNIT_INT),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{drop_zero_sign, find, mutant, passes_and_catches, run};
    use conformance_engine::Verdict;
    use conformance_strategies::with_array;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    fn reduced(x: &AnyArray, args: &Reduce) -> f64 {
        let axes = normalize_axes("var", args.axes.as_deref(), x.ndim()).unwrap();
        reduced_count(x.shape(), &axes) as f64
    }

    /// The textbook one-pass variance `(mean(x²) - mean(x)²) · M / (M - c)`
    /// in the input precision (NaN where `M - c <= 0`).
    fn one_pass_var(x: &AnyArray, args: &Reduce, correction: f64) -> ApiResult<AnyArray> {
        let r = reference();
        let mean_square = r.mean(&r.square(x)?, args)?;
        let biased = r.subtract(&mean_square, &r.square(&r.mean(x, args)?)?)?;
        let m = reduced(x, args);
        let factor = if m - correction > 0.0 {
            m / (m - correction)
        } else {
            f64::NAN
        };
        r.multiply(&biased, &r.astype(&AnyArray::scalar(factor), x.dtype())?)
    }

    /// Another two-pass variance: the reference's, summing in the opposite
    /// order (so every rounding differs).
    fn reversed_var(x: &AnyArray, args: &Reduce, correction: f64) -> ApiResult<AnyArray> {
        let r = reference();
        r.var(&r.flip(x, args.axes.as_deref())?, args, correction)
    }

    /// The updating (Welford) sum of squared deviations of one lane in `T`,
    /// as ndarray 0.17.2's `var_axis` computes it (`mul_add` included).
    fn welford<T: ndarray::NdFloat>(lane: impl Iterator<Item = T>) -> T {
        let (mut count, mut mean, mut s) = (T::zero(), T::zero(), T::zero());
        for x in lane {
            count += T::one();
            let delta = x - mean;
            mean += delta / count;
            s = (x - mean).mul_add(delta, s);
        }
        s
    }

    /// The variance by the one-pass updating algorithm, in the input
    /// precision: `S / (M - c)`, NaN where `M - c <= 0`.
    fn welford_var(x: &AnyArray, args: &Reduce, correction: f64) -> ApiResult<AnyArray> {
        let r = reference();
        let shape = r.var(x, args, correction)?.shape().to_vec();
        let axes = normalize_axes("var", args.axes.as_deref(), x.ndim())?;
        let order: Vec<usize> = (0..x.ndim())
            .filter(|a| !axes.contains(a))
            .chain(axes.iter().copied())
            .collect();
        let lanes = r.permute_dims(x, &order)?.to_f64_vec();
        let m = reduced_count(x.shape(), &axes);
        let d = m as f64 - correction;
        let count = shape.iter().product::<usize>();
        let lane = |i: usize| lanes[i * m..(i + 1) * m].iter().copied();
        let variance = |i: usize| match x.dtype() {
            _ if d <= 0.0 => f64::NAN,
            DType::Float32 => f64::from(welford(lane(i).map(|v| v as f32)) / d as f32),
            _ => welford(lane(i)) / d,
        };
        let values = ndarray::Array::from_shape_vec(
            ndarray::IxDyn(&shape),
            (0..count).map(variance).collect(),
        )
        .expect("one variance per lane");
        r.astype(&AnyArray::from(values), x.dtype())
    }

    /// The updating algorithm is numerically stable, less accurate than
    /// two passes where the data sit far from zero (relative error
    /// `M·κ·u`, not `M·u + M²·κ²·u²`), and allowed: ndarray's float32
    /// `var([256, 256, 257])` is 0.22221883, 228 ulps from 2/9, which the
    /// two-pass bound alone failed. It uses less than a tenth of the
    /// allowed difference there (a worst-case bound: 4e-4 relative, where
    /// it errs by 1.5e-5), and passes both checks at 1000 examples; a
    /// result off by a hundred times its error, or the textbook one-pass
    /// variance, fails.
    #[test]
    fn the_updating_algorithm_passes_and_far_more_fails() {
        let x = f32s(&[256.0, 256.0, 257.0]);
        let args = Reduce::default();
        let got = welford_var(&x, &args, 0.0).unwrap().to_f64_vec()[0];
        assert_eq!(got, f64::from(0.222_218_83_f32));
        let exact = f64::from(2.0f32 / 9.0);
        let ulps = (got as f32).to_bits().abs_diff((exact as f32).to_bits());
        assert_eq!(ulps, 228);
        let input = SpreadInput {
            x: DrawnArray {
                array: x.clone(),
                layout: conformance_strategies::Layout::C,
            },
            axis: None,
            keepdims: false,
            correction: 0.0,
        };
        let expected = reference().var(&x, &args, 0.0).unwrap();
        let o = spread_options(false, &input, &expected).unwrap();
        let off = |v: f64| AnyArray::scalar(v as f32);
        let used = conformance_strategies::compare_arrays(&expected, &off(got), &o)
            .map(|s| s.tolerance_used)
            .unwrap();
        assert!(used < 0.1, "{used}");
        assert!(compare(&expected, &off(exact + 100.0 * (got - exact)), Some(&o)).is_err());
        let textbook = one_pass_var(&x, &args, 0.0).unwrap();
        assert!(compare(&expected, &textbook, Some(&o)).is_err());

        let all = checks();
        let updating = mutant(|o| {
            o.var(welford_var)
                .std(|x, a, c| reference().sqrt(&welford_var(x, a, c)?))
        });
        for id in ["statistical::var", "statistical::std"] {
            let outcome = run(&find(&all, id), &updating, 1000);
            assert_eq!(outcome.verdict, Verdict::Passed, "{id}");
        }
    }

    fn f32s(v: &[f32]) -> AnyArray {
        AnyArray::from(ndarray::arr1(v).into_dyn())
    }

    /// A float32 product whose exact value is subnormal: the reference
    /// multiplies in order and underflows to 0 (`1e-23 * 1e-23`), a
    /// backend that multiplies the other way gets the correctly rounded 4
    /// η; both pass (the floor), where the relative bound alone failed the
    /// right one. Off by twice the relative tolerance in the normal range
    /// still fails, and so does a subnormal result beyond the floor.
    #[test]
    fn a_product_that_underflows_in_one_order_only_passes_either_way() {
        let x = f32s(&[1e-23, 1e-23, 3.0, 2.0]);
        let args = Reduce::default();
        let r = reference();
        let expected = r.prod(&x, &args).unwrap();
        assert_eq!(expected.to_f64_vec(), [0.0], "the reference underflows");
        let eta = f32::from_bits(1);
        let right = AnyArray::scalar(4.0 * eta);
        let o = options(Scale::Result, &x, &args, &expected).unwrap();
        assert!(compare(&expected, &right, Some(&o)).is_ok());
        let mut relative_only = o.clone();
        relative_only.floor = None;
        relative_only.tolerance.atol = 0.0;
        assert!(compare(&expected, &right, Some(&relative_only)).is_err());
        // The floor is (4 - 1) * η * 3 * 2 = 18 η, with the 4 η of every
        // accumulation: 23 η is out.
        let beyond = AnyArray::scalar(23.0 * eta);
        assert!(compare(&expected, &beyond, Some(&o)).is_err());
        // ndarray's former counterexample: float32 [2.0, 1e-45, 2.5] from a
        // negative-stride view, multiplied in memory order (2.5 η rounds to
        // 2 η, then 4 η: 6e-45) where the reference's index order gives
        // 2 η, then 5 η (7e-45). Each is right for its order.
        let x = f32s(&[2.0, eta, 2.5]);
        let expected = r.prod(&x, &args).unwrap();
        assert_eq!(expected.to_f64_vec(), [f64::from(5.0 * eta)]);
        let memory_order = r.prod(&r.flip(&x, None).unwrap(), &args).unwrap();
        assert_eq!(memory_order.to_f64_vec(), [f64::from(4.0 * eta)]);
        let o = options(Scale::Result, &x, &args, &expected).unwrap();
        assert!(compare(&expected, &memory_order, Some(&o)).is_ok());
        // Normal range: 1.5 * 2 = 3; off by 2e-4 (twice float32's rtol of
        // 1e-4 for products) fails, off by 0.5e-4 passes.
        let x = f32s(&[1.5, 2.0]);
        let expected = r.prod(&x, &args).unwrap();
        let o = options(Scale::Result, &x, &args, &expected).unwrap();
        let off = |rel: f32| AnyArray::scalar(3.0 * (1.0 + rel));
        assert!(compare(&expected, &off(0.5e-4), Some(&o)).is_ok());
        assert!(compare(&expected, &off(2e-4), Some(&o)).is_err());
    }

    #[test]
    fn a_one_pass_variance_fails_and_a_reordered_two_pass_one_passes() {
        let all = checks();
        passes_and_catches(
            &all,
            "statistical::var",
            &mutant(|o| o.var(one_pass_var)),
            "values differ",
        );
        passes_and_catches(
            &all,
            "statistical::std",
            &mutant(|o| o.std(|x, a, c| reference().sqrt(&one_pass_var(x, a, c)?))),
            "differ",
        );
        let two_pass = mutant(|o| {
            o.var(reversed_var)
                .std(|x, a, c| reference().sqrt(&reversed_var(x, a, c)?))
        });
        for id in ["statistical::var", "statistical::std"] {
            let outcome = run(&find(&all, id), &two_pass, 1000);
            assert_eq!(outcome.verdict, Verdict::Passed, "{id}");
        }
    }

    /// The error model at work on one lane: float32 data with mean 2^16
    /// and spread 1. The one-pass variance errs far beyond the bound; the
    /// reversed two-pass one stays well within it.
    #[test]
    fn the_bound_follows_the_conditioning() {
        let values: Vec<f32> = (0..64).map(|i| 65536.0 + (i % 7) as f32 * 0.25).collect();
        let x = AnyArray::from(ndarray::Array1::from(values).into_dyn());
        let input = SpreadInput {
            x: DrawnArray {
                array: x.clone(),
                layout: conformance_strategies::Layout::C,
            },
            axis: None,
            keepdims: false,
            correction: 1.0,
        };
        let args = input.args();
        let expected = reference().var(&x, &args, 1.0).unwrap();
        let o = spread_options(false, &input, &expected).unwrap();
        let within = |actual: &AnyArray| {
            conformance_strategies::compare_arrays(&expected, actual, &o)
                .map(|s| s.tolerance_used)
                .map_err(|m| m.to_string())
        };
        let used = within(&reversed_var(&x, &args, 1.0).unwrap()).unwrap();
        assert!(used < 0.1, "{used}");
        assert!(within(&one_pass_var(&x, &args, 1.0).unwrap()).is_err());
        // The exact variance (computed in float64, rounded once) passes.
        let exact = reference()
            .var(&reference().astype(&x, DType::Float64).unwrap(), &args, 1.0)
            .and_then(|v| reference().astype(&v, DType::Float32))
            .unwrap();
        assert!(within(&exact).unwrap() < 0.1);
    }

    /// The float64 variance (and std) rounded once to float32 passes
    /// against the reference's float32 two-pass result wherever that can
    /// underflow or lose digits: tiny values (squares in the subnormals),
    /// a large mean, and `correction` close to `M` (`1 / (M - c)` large).
    #[test]
    fn correctly_rounded_results_pass_where_float32_underflows() {
        let r = reference();
        for scale in [1.0f32, 1e-19, 1e-21, 1e-22, 1e-23, 1e-40] {
            for offset in [0.0f32, 4096.0] {
                let values: Vec<f32> = (0..64)
                    .map(|i| offset + scale * (1.0 + (i % 7) as f32))
                    .collect();
                let x = AnyArray::from(ndarray::Array1::from(values).into_dyn());
                for correction in [0.0, 1.0, 63.5, 63.9] {
                    let input = SpreadInput {
                        x: DrawnArray {
                            array: x.clone(),
                            layout: conformance_strategies::Layout::C,
                        },
                        axis: None,
                        keepdims: false,
                        correction,
                    };
                    let args = input.args();
                    let x64 = r.astype(&x, DType::Float64).unwrap();
                    for std in [false, true] {
                        let call = if std { Backend::std } else { Backend::var };
                        let expected = call(r, &x, &args, correction).unwrap();
                        let exact = call(r, &x64, &args, correction)
                            .and_then(|v| r.astype(&v, DType::Float32))
                            .unwrap();
                        let o = spread_options(std, &input, &expected).unwrap();
                        let outcome = conformance_strategies::compare_arrays(&expected, &exact, &o);
                        assert!(
                            outcome.is_ok(),
                            "scale {scale}, offset {offset}, correction {correction}, std {std}: {}",
                            outcome.unwrap_err()
                        );
                    }
                }
            }
        }
    }

    /// `correction` reaches 0, 1, fractions, and `M - 1` up to beyond `M`
    /// (where the standard's result is NaN, as the reference gives).
    #[test]
    fn corrections_reach_the_degrees_of_freedom_limit() {
        let mut runner = TestRunner::deterministic();
        let (mut zero, mut one, mut fraction, mut at, mut beyond, mut last) = (0, 0, 0, 0, 0, 0);
        for _ in 0..500 {
            let i = spread_input().new_tree(&mut runner).unwrap().current();
            let m = reduced(&i.x, &i.args());
            let c = i.correction;
            assert!(c >= 0.0, "{i:?}");
            zero += usize::from(c == 0.0);
            one += usize::from(c == 1.0);
            fraction += usize::from(c.fract() != 0.0);
            at += usize::from(m > 0.0 && c == m);
            beyond += usize::from(c > m);
            last += usize::from(m - c > 0.0 && m - c <= 1.0);
            let v = reference().var(&i.x, &i.args(), c).unwrap().to_f64_vec();
            if m - c <= 0.0 {
                assert!(v.iter().all(|v| v.is_nan()), "{i:?}");
            }
        }
        assert!(
            zero > 50 && one > 50 && fraction > 50,
            "{zero} {one} {fraction}"
        );
        assert!(at > 10 && beyond > 30 && last > 30, "{at} {beyond} {last}");
    }

    #[test]
    fn the_sign_of_zero_is_compared_where_the_order_does_not_matter() {
        let all = checks();
        passes_and_catches(
            &all,
            "statistical::prod",
            &mutant(|o| o.prod(|x, a| drop_zero_sign(reference().prod(x, a)))),
            "sign of zero differs",
        );
        passes_and_catches(
            &all,
            "statistical::max",
            &mutant(|o| o.max(|x, a| drop_zero_sign(reference().max(x, a)))),
            "sign of zero differs",
        );
        passes_and_catches(
            &all,
            "statistical::cumulative_prod",
            &mutant(|o| {
                o.cumulative_prod(|x, a, i| drop_zero_sign(reference().cumulative_prod(x, a, i)))
            }),
            "sign of zero differs",
        );
        // A sum's zero depends on where the accumulation starts: not compared.
        let sum = mutant(|o| o.sum(|x, a| drop_zero_sign(reference().sum(x, a))));
        let outcome = run(&find(&all, "statistical::sum"), &sum, 300);
        assert_eq!(outcome.verdict, Verdict::Passed);
        // Nor max's between zeros of both signs: the last zero instead of
        // the first.
        let last =
            mutant(|o| o.max(|x, a| reference().max(&reference().flip(x, a.axes.as_deref())?, a)));
        let outcome = run(&find(&all, "statistical::max"), &last, 300);
        assert_eq!(outcome.verdict, Verdict::Passed);
    }

    /// A whole-array `sum` that adds blocks of 1024 and drops the tail after
    /// the last full block, past 1024 elements (below it, the sum is right):
    /// the block-tail bug of a blocked or SIMD kernel.
    fn block_tail_sum(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
        let r = reference();
        if args.axes.is_some() || x.len() <= 1024 {
            return r.sum(x, args);
        }
        let kept = x.len() / 1024 * 1024;
        let shape: Vec<isize> = x.shape().iter().map(|&n| n as isize).collect();
        let flat = r.reshape(x, &[-1])?;
        let head = with_array!(&flat, a => {
            let mut a = a.clone();
            a.slice_mut(ndarray::s![kept..]).fill(Default::default());
            AnyArray::from(a)
        });
        r.sum(&r.reshape(&head, &shape)?, args)
    }

    /// The planted block-tail bug is found on a large draw and shrinks, in
    /// well under a second, to one element past the block, the others zero
    /// (`int8 [1025] [0 (1024 times), 1]`), the same at 1000 and 10000
    /// examples. (At 100 examples this seed draws no large array for `sum`:
    /// guaranteeing one is the example strata's business, not the mix's.)
    #[test]
    fn a_block_tail_sum_is_caught_and_shrinks_to_one_past_the_block() {
        let check = find(&checks(), "statistical::sum");
        let backend = mutant(|o| o.sum(block_tail_sum));
        let mut seen = None;
        for examples in [1000, 10_000] {
            let outcome = run(&check, &backend, examples);
            let Verdict::Failed(f) = outcome.verdict else {
                panic!("not caught at {examples} examples: {:?}", outcome.verdict);
            };
            let text = f.counterexample.clone().unwrap();
            assert!(text.contains("[1025] ["), "{text}");
            assert!(text.contains(" (1024 times), "), "{text}");
            assert!(f.shrink_limit.is_none(), "{f:?}");
            if let Some(first) = &seen {
                assert_eq!(first, &text, "the same counterexample at {examples}");
            }
            seen = Some(text);
        }
    }
}
