//! The data type checks: `astype` from every dtype to every dtype, compared
//! exactly (sign of zero included), over values the standard defines the
//! cast of: NaN, ±inf, ±0, subnormals and `float64` values beyond
//! `float32` (which round to ±inf) where the target is a float or `bool`;
//! for an integer target, only values the target can hold (after a float's
//! truncation toward zero, the choice of C and NumPy that the reference
//! follows), since the standard leaves NaN, the infinities, out-of-range
//! floats and overflowing integer casts unspecified. Dtype pairs are drawn
//! with floats weighted up, as the special values live in their casts.
//! `can_cast` and `result_type` (lists of one to four dtypes, mostly of one
//! kind, sometimes mixed, which must raise) are compared with the
//! reference's promotion rules, whose equality with the standard's table
//! `reference::promotion` tests.

use std::fmt::Debug;

use conformance_engine::{CaseError, CaseResult, Check, CheckContext, Deviation};
use conformance_strategies::{
    arrays_of, labelled, DType, DTypeGroup, Domain, DrawnArray, ShapeSpec,
};
use proptest::prelude::*;
use proptest::sample::select;

use super::agree::{agree, agree_with, reference};
use super::manipulation::exact;
use super::ROUND_TRIP;
use array_api::api::Backend;

labelled! {
    #[derive(Clone)]
    struct AstypeInput {
        x: DrawnArray,
        dtype: DType,
    }
}

labelled! {
    #[derive(Clone)]
    struct CanCastInput {
        from: DType,
        to: DType,
    }
}

labelled! {
    #[derive(Clone)]
    struct ResultTypeInput {
        dtypes: Vec<DType>,
    }
}

/// The smallest and one past the largest value of an integer dtype, both
/// exact in `f64` (0 or a power of two).
fn int_range(dtype: DType) -> (f64, f64) {
    let bits = dtype.bits() as i32;
    if dtype.is_signed_integer() {
        (-(2f64.powi(bits - 1)), 2f64.powi(bits - 1))
    } else {
        (0.0, 2f64.powi(bits))
    }
}

/// The values of `from` whose cast to `to` the standard defines.
fn cast_domain(from: DType, to: DType) -> Domain {
    if !to.is_integer() || from.is_bool() {
        return Domain::any();
    }
    let (lo, end) = int_range(to);
    if from.is_float() {
        // Truncation toward zero lands in [lo, end) for x in (lo - 1, end).
        Domain::between_exclusive(lo - 1.0, end)
    } else {
        Domain {
            lo,
            hi: end,
            hi_inclusive: false,
            ..Domain::any()
        }
    }
}

/// Any dtype, a float one time in three more (the casts with special
/// values are between floats).
fn cast_dtype() -> impl Strategy<Value = DType> {
    conformance_strategies::strata::union(vec![
        (
            2,
            DType::ALL.to_vec(),
            conformance_strategies::dtypes(DTypeGroup::All),
        ),
        (
            1,
            DTypeGroup::Floating.dtypes(),
            conformance_strategies::dtypes(DTypeGroup::Floating),
        ),
    ])
}

fn astype_input() -> impl Strategy<Value = AstypeInput> {
    (cast_dtype(), cast_dtype())
        .prop_flat_map(|(from, to)| {
            (
                arrays_of(&[from], ShapeSpec::default().large(), cast_domain(from, to)),
                Just(to),
            )
        })
        .prop_map(|(x, dtype)| AstypeInput { x, dtype })
}

/// One to four dtypes: three times in four of one kind (`bool`, integer or
/// float), else of any kinds (mostly mixed, which the standard leaves
/// undefined and both must refuse).
fn dtype_lists() -> impl Strategy<Value = ResultTypeInput> {
    let of = |g: DTypeGroup| proptest::collection::vec(select(g.dtypes()), 1..=4);
    prop_oneof![
        1 => of(DTypeGroup::Boolean),
        3 => of(DTypeGroup::Integer),
        2 => of(DTypeGroup::Floating),
        2 => of(DTypeGroup::All),
    ]
    .prop_map(|dtypes| ResultTypeInput { dtypes })
}

/// Equality of two non-array results, the message naming the call.
pub(crate) fn equal<T: PartialEq + Debug>(call: String) -> impl FnOnce(&T, &T) -> CaseResult {
    move |e, a| {
        if e == a {
            Ok(Deviation::default())
        } else {
            Err(CaseError::Fail(format!(
                "{call}: expected {e:?}, got {a:?}"
            )))
        }
    }
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        Check::new("data_type", "astype", |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(astype_input(), |i| {
                agree(
                    reference().astype(&i.x, i.dtype),
                    b.astype(&i.x, i.dtype),
                    Some(&exact()),
                )
            })
        })
        .depends_on(ROUND_TRIP),
        Check::new(
            "data_type",
            "can_cast",
            |b: &Backend, ctx: &CheckContext| {
                let input = (select(DType::ALL.to_vec()), select(DType::ALL.to_vec()))
                    .prop_map(|(from, to)| CanCastInput { from, to });
                ctx.for_all(input, |i| {
                    agree_with(
                        reference().can_cast(i.from, i.to),
                        b.can_cast(i.from, i.to),
                        equal(format!("can_cast({}, {})", i.from, i.to)),
                    )
                })
            },
        ),
        Check::new(
            "data_type",
            "result_type",
            |b: &Backend, ctx: &CheckContext| {
                ctx.for_all(dtype_lists(), |i| {
                    agree_with(
                        reference().result_type(&i.dtypes),
                        b.result_type(&i.dtypes),
                        equal(format!("result_type({:?})", i.dtypes)),
                    )
                })
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mutant, passes_and_catches};
    use array_api::api::ApiResult;
    use conformance_strategies::AnyArray;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    /// Float to integer by rounding to nearest instead of truncating.
    fn astype_rounding(x: &AnyArray, dtype: DType) -> ApiResult<AnyArray> {
        let r = reference();
        if x.dtype().is_float() && dtype.is_integer() {
            return r.astype(&r.round(x)?, dtype);
        }
        r.astype(x, dtype)
    }

    /// Float to float through `x + 0.0`, which turns `-0.0` into `+0.0`.
    fn astype_loses_zero_sign(x: &AnyArray, dtype: DType) -> ApiResult<AnyArray> {
        let r = reference();
        let y = r.astype(x, dtype)?;
        if x.dtype().is_float() && dtype.is_float() {
            return r.add(&y, &r.astype(&AnyArray::scalar(0.0f64), dtype)?);
        }
        Ok(y)
    }

    /// NumPy's "safe" casting: an integer casts to a float wide enough.
    fn can_cast_int_to_float(from: DType, to: DType) -> ApiResult<bool> {
        if from.is_integer() && to == DType::Float64 {
            return Ok(true);
        }
        reference().can_cast(from, to)
    }

    /// Integers with floats promoted to `float64` instead of refused.
    fn result_type_mixing(dtypes: &[DType]) -> ApiResult<DType> {
        let r = reference().result_type(dtypes);
        let float = dtypes.iter().any(|d| d.is_float());
        let int = dtypes.iter().any(|d| d.is_integer());
        if r.is_err() && float && int && !dtypes.iter().any(|d| d.is_bool()) {
            return Ok(DType::Float64);
        }
        r
    }

    #[test]
    fn each_check_fails_on_a_mutant() {
        let all = checks();
        let cases: [(&str, Backend, &str); 4] = [
            (
                "data_type::astype",
                mutant(|o| o.astype(astype_rounding)),
                "values differ",
            ),
            (
                "data_type::astype",
                mutant(|o| o.astype(astype_loses_zero_sign)),
                "-0.0",
            ),
            (
                "data_type::can_cast",
                mutant(|o| o.can_cast(can_cast_int_to_float)),
                "expected false, got true",
            ),
            (
                "data_type::result_type",
                mutant(|o| o.result_type(result_type_mixing)),
                "the backend returned Float64 where the reference raised",
            ),
        ];
        for (id, b, needle) in &cases {
            passes_and_catches(&all, id, b, needle);
        }
    }

    /// No draw is a cast the standard leaves unspecified, and the defined
    /// special values are drawn.
    #[test]
    fn astype_draws_only_defined_casts_and_meets_the_specials() {
        let strategy = astype_input();
        let mut runner = TestRunner::deterministic();
        let (mut nan, mut neg_zero, mut beyond_f32, mut to_int) = (0, 0, 0, 0);
        for _ in 0..3000 {
            let i = strategy.new_tree(&mut runner).unwrap().current();
            let values = i.x.to_f64_vec();
            if i.dtype.is_integer() && i.x.dtype().is_float() {
                to_int += 1;
                let (lo, end) = int_range(i.dtype);
                for v in &values {
                    let t = v.trunc();
                    assert!(t >= lo && t < end, "{v} to {} is out of range", i.dtype);
                }
            }
            if i.dtype.is_integer() && i.x.dtype().is_integer() {
                // In range exactly when the cast round-trips.
                to_int += 1;
                let r = reference();
                let back = r.astype(&r.astype(&i.x, i.dtype).unwrap(), i.x.dtype());
                assert_eq!(
                    back.unwrap(),
                    i.x.to_standard_layout(),
                    "{:?} to {} is out of range",
                    i.x,
                    i.dtype
                );
            }
            if i.x.dtype().is_float() && !i.dtype.is_integer() {
                nan += values.iter().filter(|v| v.is_nan()).count();
                neg_zero += values
                    .iter()
                    .filter(|v| **v == 0.0 && v.is_sign_negative())
                    .count();
                beyond_f32 += values
                    .iter()
                    .filter(|v| v.is_finite() && v.abs() > f64::from(f32::MAX))
                    .count();
            }
        }
        assert!(to_int > 500, "{to_int} casts to integers");
        assert!(
            nan > 0 && neg_zero > 0 && beyond_f32 > 0,
            "{nan} {neg_zero} {beyond_f32}"
        );
    }
}
