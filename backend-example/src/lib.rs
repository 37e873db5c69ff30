//! A third-party backend, as a backend author would write one: it provides
//! a few functions in its own way (here, float kernels over contiguous
//! chunks of eight, the shape a SIMD backend has) and nothing else. The
//! host's published checks then report what it provides as PASSED or
//! FAILED and everything else as `SKIPPED (not implemented)` — never checked
//! against the reference it does not have.
//!
//! Its tests show both ways of running the checks: a plain `#[test]`
//! (below) and the `harness = false` target `tests/conformance.rs`, one
//! libtest test per check, for `cargo test` and `cargo nextest`.

use conformance_strategies::{AnyArray, DType};
use example_host::{ApiError, ApiResult, Backend, Ops};
use ndarray::{ArrayD, IxDyn};

/// The backend: a name and the functions it provides.
pub fn backend() -> Backend {
    Backend::new(
        "chunked",
        Ops::NONE
            .asarray(asarray)
            .sqrt(|x| unary_float("sqrt", x, f32::sqrt, f64::sqrt))
            .exp(|x| unary_float("exp", x, f32::exp, f64::exp))
            .log(|x| unary_float("log", x, f32::ln, f64::ln)),
    )
}

/// The round trip through this backend's own storage (a `Vec` in C order).
fn asarray(x: &AnyArray) -> ApiResult<AnyArray> {
    Ok(conformance_strategies::with_array!(x, a => {
        let values: Vec<_> = a.iter().copied().collect();
        AnyArray::from(ArrayD::from_shape_vec(IxDyn(a.shape()), values).expect("same length"))
    }))
}

/// A float-only function applied eight elements at a time.
fn unary_float(
    name: &'static str,
    x: &AnyArray,
    f32_kernel: fn(f32) -> f32,
    f64_kernel: fn(f64) -> f64,
) -> ApiResult<AnyArray> {
    fn chunked<T: Copy + Default>(a: &ArrayD<T>, kernel: fn(T) -> T) -> ArrayD<T> {
        let input: Vec<T> = a.iter().copied().collect();
        let mut out = vec![T::default(); input.len()];
        for (src, dst) in input.chunks(8).zip(out.chunks_mut(8)) {
            for (s, d) in src.iter().zip(dst.iter_mut()) {
                *d = kernel(*s);
            }
        }
        ArrayD::from_shape_vec(IxDyn(a.shape()), out).expect("same length")
    }
    match x {
        AnyArray::Float32(a) => Ok(AnyArray::from(chunked(a, f32_kernel))),
        AnyArray::Float64(a) => Ok(AnyArray::from(chunked(a, f64_kernel))),
        other => Err(ApiError::invalid(
            name,
            format!("expected a floating-point array, got {}", other.dtype()),
        )),
    }
}

/// The dtypes this backend computes in, for its README line.
pub const DTYPES: &[DType] = &[DType::Float32, DType::Float64];

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use conformance_engine::{run_conformance_on, RunConfig, Status};

    use super::*;

    /// The plain-`#[test]` way: run every published check, then assert.
    /// `run_conformance_on` prints the table and raises the first failure.
    #[test]
    fn passes_the_hosts_published_checks() {
        let suite = example_host::checks::suite();
        let config = RunConfig::new("chunked").seed(7).max_examples(50);
        let report = run_conformance_on(&suite, Arc::new(backend()), "chunked", &config);
        for check in &report.checks {
            assert!(
                matches!(check.status, Status::Passed | Status::Skipped(_)),
                "{}: {:?}",
                check.id,
                check.status
            );
        }
        let passed: Vec<&str> = report
            .checks
            .iter()
            .filter(|c| c.status == Status::Passed)
            .map(|c| c.function.as_str())
            .collect();
        for f in ["asarray", "sqrt", "exp", "log"] {
            assert!(passed.contains(&f), "{f} was not checked: {passed:?}");
        }
        let skipped = report.checks.iter().find(|c| c.function == "sin").unwrap();
        assert_eq!(skipped.status, Status::Skipped("not implemented".into()));
    }
}
