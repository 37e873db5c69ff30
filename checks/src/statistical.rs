//! The statistical checks: reductions over drawn axes with keepdims, and
//! the cumulative functions. Float results are compared with a tolerance
//! scaled by the magnitude of the terms (for a sum, the sum of `|x|` over
//! the same axes), not of the result: a reordered float sum is not a false
//! failure, while a dropped element still is.

use conformance_engine::{CaseError, Check, CheckContext};
use conformance_strategies::compare::{CompareOptions, Tolerance};
use conformance_strategies::{axis_choice, AnyArray, DType, DTypeGroup, Domain, ShapeSpec};
use proptest::prelude::*;

use super::agree::{agree, agree_with, compare, options_for, reference};
use super::reduce::{reduce_input, ReduceInput};
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};
use array_api::args::Reduce;

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

/// How far a float result may be from the reference.
#[derive(Clone, Copy)]
enum Scale {
    /// Exactly equal (max, min).
    Exact,
    /// Relative to the result (prod).
    Result,
    /// Relative to `reduce(|x|)` over the same axes (sum, mean).
    AbsTerms(fn(&Backend, &AnyArray, &Reduce) -> ApiResult<AnyArray>),
    /// Relative to `mean(x²)` over the same axes (var, std's square).
    MeanSquare,
}

/// The relative tolerance per float dtype for a reordered accumulation of
/// up to a few hundred terms.
fn reordered(dtype: DType) -> Tolerance {
    match dtype {
        DType::Float32 => Tolerance::new(0.0, 1e-4),
        _ => Tolerance::new(0.0, 1e-12),
    }
}

fn options(
    scale: Scale,
    input: &ReduceInput,
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
        Scale::Exact => o.tolerance = Tolerance::exact(),
        Scale::Result => o.tolerance = reordered(expected.dtype()),
        Scale::AbsTerms(reduce) => {
            let abs = r.abs(&input.x).and_then(|a| reduce(r, &a, &input.args()));
            o = o.with_scale(per_element(abs)?);
            o.tolerance = reordered(expected.dtype());
        }
        Scale::MeanSquare => {
            let sq = r.square(&input.x).and_then(|a| r.mean(&a, &input.args()));
            o = o.with_scale(per_element(sq)?);
            o.tolerance = reordered(expected.dtype());
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
                let actual = call(b, &input.x, &args);
                match &expected {
                    Ok(e) => {
                        let o = options(scale, &input, e)?;
                        agree(expected.clone(), actual, Some(&o))
                    }
                    Err(_) => agree(expected, actual, None),
                }
            })
        },
    )
    .depends_on(ROUND_TRIP)
}

/// `var` and `std` with a drawn correction.
fn spread(
    name: &'static str,
    call: fn(&Backend, &AnyArray, &Reduce, f64) -> ApiResult<AnyArray>,
) -> Check<Backend> {
    Check::new(
        "statistical",
        name,
        move |b: &Backend, ctx: &CheckContext| {
            let input = (
                reduce_input(
                    &DTypeGroup::Floating.dtypes(),
                    ShapeSpec::default(),
                    SUMMABLE,
                ),
                prop_oneof![Just(0.0), Just(1.0), 0.0..3.0],
            );
            ctx.for_all(input, |(input, correction)| {
                let args = input.args();
                let expected = call(reference(), &input.x, &args, correction);
                let actual = call(b, &input.x, &args, correction);
                agree_with(expected, actual, |e, a| {
                    let mut o = options(Scale::MeanSquare, &input, e)?;
                    if name == "std" {
                        // std is sqrt(var): its error scales with sqrt(mean x²).
                        o.scale = o.scale.map(|s| s.into_iter().map(f64::sqrt).collect());
                    }
                    compare(e, a, Some(&o))
                })
            })
        },
    )
    .depends_on(ROUND_TRIP)
}

/// `cumulative_sum` and `cumulative_prod` along a drawn axis.
fn cumulative(
    name: &'static str,
    call: fn(&Backend, &AnyArray, Option<isize>, bool) -> ApiResult<AnyArray>,
    int_domain: Domain,
) -> Check<Backend> {
    Check::new(
        "statistical",
        name,
        move |b: &Backend, ctx: &CheckContext| {
            let floats = conformance_strategies::arrays(
                DTypeGroup::Floating,
                ShapeSpec::new(1, 3, 0, 4),
                SUMMABLE,
            );
            let ints = conformance_strategies::arrays(
                DTypeGroup::Integer,
                ShapeSpec::new(1, 3, 0, 4),
                int_domain,
            );
            // `axis` may be omitted for a 1-d array only; `given` shrinks
            // toward omitting it.
            let input = (
                conformance_strategies::strata::union(vec![
                    (1, DTypeGroup::Floating.dtypes(), floats),
                    (1, DTypeGroup::Integer.dtypes(), ints),
                ]),
                conformance_strategies::strata::flag(),
                axis_choice(),
                conformance_strategies::strata::flag(),
            )
                .prop_map(|(x, given, axis, include_initial)| {
                    let n = x.ndim();
                    let axis = (given || n > 1).then(|| axis.resolve(n));
                    (x, axis, include_initial)
                });
            ctx.for_all(input, |(x, axis, include_initial)| {
                let expected = call(reference(), &x, axis, include_initial);
                let actual = call(b, &x, axis, include_initial);
                agree_with(expected, actual, |e, a| {
                    let mut o = options_for(e);
                    if e.dtype().is_float() {
                        o.tolerance = reordered(e.dtype());
                        // Scale by the running sum of |x| (or the result itself for products).
                        let scale = if name == "cumulative_sum" {
                            reference()
                                .abs(&x)
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
    let default = ShapeSpec::default();
    let small = ShapeSpec::new(0, 3, 0, 3);
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
