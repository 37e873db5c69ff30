//! Whether a backend's result agrees with the reference's: both values,
//! both errors, or one of each (a failure: a backend that raises where the
//! reference returns a value, or the other way round, is wrong). Values are
//! compared by `conformance_strategies::compare`: dtype, shape, NaN
//! positions, infinities, and the rest within tolerance.
//!
//! Each failure names its kind (the engine reports one failure of each kind
//! a check finds): `raised` or `returned` where one side raised, else the
//! mismatch's kind and the expected dtype (`value (float32)`, `dtype
//! (float64)`, `NaN position (float64)`).

use std::sync::LazyLock;

use conformance_engine::{CaseError, CaseResult, Deviation};
use conformance_strategies::compare::{
    compare_arrays, compare_arrays_refereed, CompareOptions, ErrorStats, Mismatch, Referee,
    Tolerances,
};
use conformance_strategies::AnyArray;

use array_api::api::{ApiError, ApiResult, Backend};
use array_api_reference as reference;

/// The reference backend, built once.
pub(crate) fn reference() -> &'static Backend {
    static REFERENCE: LazyLock<Backend> = LazyLock::new(reference::backend);
    &REFERENCE
}

/// The default per-dtype tolerances of the published checks.
fn tolerances() -> &'static Tolerances {
    static TOLERANCES: LazyLock<Tolerances> = LazyLock::new(Tolerances::default);
    &TOLERANCES
}

/// Comparison options for results of `like`'s dtype, with the default
/// tolerance of that dtype.
pub(crate) fn options_for(like: &AnyArray) -> CompareOptions {
    CompareOptions::new(tolerances().get(like.dtype()))
}

fn deviation(stats: ErrorStats) -> Deviation {
    Deviation::new(stats.tolerance_used)
        .real("abs", stats.max_abs)
        .real("rel", stats.max_rel)
        .count("ulps", stats.max_ulps, "ulp")
}

/// `CaseError::NotImplemented` when the backend lacks the function, so the
/// check is skipped rather than failed; `CaseError::NotImplementedFor`
/// when it lacks it for the example's dtype, so that example is left out.
pub(crate) fn not_implemented<T>(actual: &ApiResult<T>) -> Option<CaseError> {
    match actual {
        Err(ApiError::NotImplemented { function }) => Some(CaseError::NotImplemented(format!(
            "`{function}` is not implemented"
        ))),
        Err(ApiError::NotImplementedFor { function, dtype }) => Some(CaseError::NotImplementedFor(
            format!("`{function}` is not implemented for {dtype}"),
        )),
        _ => None,
    }
}

/// Agreement of two results of any type, with `compare` for two values.
pub(crate) fn agree_with<T: std::fmt::Debug>(
    expected: ApiResult<T>,
    actual: ApiResult<T>,
    compare: impl FnOnce(&T, &T) -> CaseResult,
) -> CaseResult {
    if let Some(e) = not_implemented(&actual) {
        return Err(e);
    }
    match (expected, actual) {
        (Ok(e), Ok(a)) => compare(&e, &a),
        (Err(_), Err(_)) => Ok(Deviation::default()),
        (Ok(e), Err(a)) => Err(CaseError::of_kind(
            "raised",
            format!("the backend raised `{a}` where the reference returned {e:?}"),
        )),
        (Err(e), Ok(a)) => Err(CaseError::of_kind(
            "returned",
            format!("the backend returned {a:?} where the reference raised `{e}`"),
        )),
    }
}

/// Agreement of two array results under `options` (default tolerances of
/// the expected dtype when `None`).
pub(crate) fn agree(
    expected: ApiResult<AnyArray>,
    actual: ApiResult<AnyArray>,
    options: Option<&CompareOptions>,
) -> CaseResult {
    agree_with(expected, actual, |e, a| compare(e, a, options))
}

/// [`agree`] with the default tolerance and the sign of zero compared: for
/// results whose zeros have a sign the standard defines (a selection, a
/// product, a difference; see `zero_sign`).
pub(crate) fn agree_signed(
    expected: ApiResult<AnyArray>,
    actual: ApiResult<AnyArray>,
) -> CaseResult {
    agree_with(expected, actual, |e, a| {
        compare(e, a, Some(&options_for(e).with_zero_sign()))
    })
}

/// Compares two arrays, the message naming the first difference.
pub(crate) fn compare(
    expected: &AnyArray,
    actual: &AnyArray,
    options: Option<&CompareOptions>,
) -> CaseResult {
    let default;
    let options = match options {
        Some(o) => o,
        None => {
            default = options_for(expected);
            &default
        }
    };
    case_result(expected, compare_arrays(expected, actual, options))
}

/// [`compare`] with a second opinion on each element out of tolerance:
/// `referee` gives its correctly rounded value (see
/// `conformance_strategies::compare::compare_arrays_refereed`).
pub(crate) fn compare_refereed(
    expected: &AnyArray,
    actual: &AnyArray,
    options: &CompareOptions,
    referee: &Referee<'_>,
) -> CaseResult {
    case_result(
        expected,
        compare_arrays_refereed(expected, actual, options, referee),
    )
}

/// A comparison as a case's result: the deviation, or a failure whose kind
/// is the mismatch's and the expected dtype.
#[allow(clippy::result_large_err)]
fn case_result(expected: &AnyArray, compared: Result<ErrorStats, Mismatch>) -> CaseResult {
    compared.map(deviation).map_err(|m| {
        CaseError::of_kind(
            format!("{} ({})", m.kind(), expected.dtype()),
            m.to_string(),
        )
    })
}

/// Agreement of results made of several arrays (`nonzero`, `unstack`, ...),
/// output by output.
pub(crate) fn agree_all(
    expected: ApiResult<Vec<AnyArray>>,
    actual: ApiResult<Vec<AnyArray>>,
    options: Option<&CompareOptions>,
) -> CaseResult {
    agree_with(expected, actual, |e, a| compare_all(e, a, options))
}

/// Compares lists of arrays output by output.
fn compare_all(
    expected: &[AnyArray],
    actual: &[AnyArray],
    options: Option<&CompareOptions>,
) -> CaseResult {
    if expected.len() != actual.len() {
        return Err(CaseError::Fail(format!(
            "expected {} output arrays, got {}",
            expected.len(),
            actual.len()
        )));
    }
    let mut worst = Deviation::default();
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        let d = compare(e, a, options)
            .map_err(|err| err.map_message(|m| format!("output {i}: {m}")))?;
        worst = worst.max(d);
    }
    Ok(worst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_against_value_is_a_failure_both_ways() {
        let v = Ok(AnyArray::scalar(1.0f64));
        let e: ApiResult<AnyArray> = Err(ApiError::invalid("f", "bad"));
        let msg = match agree(v.clone(), e.clone(), None) {
            Err(CaseError::FailOfKind { kind, message }) if kind == "raised" => message,
            other => panic!("{other:?}"),
        };
        assert!(msg.contains("the backend raised"), "{msg}");
        assert!(
            matches!(agree(e.clone(), v, None), Err(CaseError::FailOfKind { kind, message }) if kind == "returned" && message.contains("where the reference raised"))
        );
        assert!(agree(e.clone(), e, None).is_ok());
    }

    #[test]
    fn not_implemented_skips() {
        let v = Ok(AnyArray::scalar(1.0f64));
        let n: ApiResult<AnyArray> = Err(ApiError::NotImplemented { function: "sqrt" });
        assert!(matches!(
            agree(v, n, None),
            Err(CaseError::NotImplemented(_))
        ));
    }

    #[test]
    fn values_compare_with_dtype_and_shape() {
        let a = AnyArray::scalar(1.0f64);
        let b = AnyArray::scalar(1.0f32);
        assert!(compare(&a, &a, None).is_ok());
        assert!(compare(&a, &b, None).is_err());
    }

    #[test]
    fn a_failure_s_kind_is_the_mismatch_s_and_the_expected_dtype() {
        let kind = |e: AnyArray, a: AnyArray| match compare(&e, &a, None) {
            Err(CaseError::FailOfKind { kind, .. }) => kind,
            other => panic!("{other:?}"),
        };
        let one = AnyArray::scalar(1.0f64);
        assert_eq!(
            kind(one.clone(), AnyArray::scalar(1.0f32)),
            "dtype (float64)"
        );
        assert_eq!(
            kind(one.clone(), AnyArray::scalar(2.0f64)),
            "value (float64)"
        );
        assert_eq!(
            kind(AnyArray::scalar(1.0f32), AnyArray::scalar(f32::NAN)),
            "NaN position (float32)"
        );
        // Outputs of several arrays keep the kind and name the output.
        match compare_all(
            &[one.clone(), one.clone()],
            &[one.clone(), AnyArray::scalar(3.0f64)],
            None,
        ) {
            Err(CaseError::FailOfKind { kind, message }) => {
                assert_eq!(kind, "value (float64)");
                assert!(message.starts_with("output 1: values differ"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
