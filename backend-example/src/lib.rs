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
#![warn(missing_docs, unreachable_pub)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use array_api::{ApiError, ApiResult, Backend, Ops};
use conformance_strategies::{AnyArray, DType};
use ndarray::{ArrayD, IxDyn};

/// The backend's own state, shared by all its functions: what a real
/// backend keeps in one place (a device handle, a thread pool, a cache).
/// Here: the chunk width its kernels work in, and a count of the elements
/// it has processed.
#[derive(Debug)]
pub struct Engine {
    chunk: usize,
    elements: AtomicU64,
}

impl Engine {
    /// An engine whose kernels work `chunk` elements at a time.
    pub fn new(chunk: usize) -> Engine {
        Engine {
            chunk: chunk.max(1),
            elements: AtomicU64::new(0),
        }
    }

    /// How many elements its kernels have processed so far.
    pub fn elements(&self) -> u64 {
        self.elements.load(Ordering::Relaxed)
    }

    /// The round trip through this backend's own storage (a `Vec` in C
    /// order).
    fn asarray(&self, x: &AnyArray) -> ApiResult<AnyArray> {
        Ok(conformance_strategies::with_array!(x, a => {
            let values: Vec<_> = a.iter().copied().collect();
            AnyArray::from(ArrayD::from_shape_vec(IxDyn(a.shape()), values).expect("same length"))
        }))
    }

    /// A float-only function applied `chunk` elements at a time.
    fn unary_float(
        &self,
        name: &'static str,
        x: &AnyArray,
        f32_kernel: fn(f32) -> f32,
        f64_kernel: fn(f64) -> f64,
    ) -> ApiResult<AnyArray> {
        fn chunked<T: Copy + Default>(
            a: &ArrayD<T>,
            chunk: usize,
            kernel: fn(T) -> T,
        ) -> ArrayD<T> {
            let input: Vec<T> = a.iter().copied().collect();
            let mut out = vec![T::default(); input.len()];
            for (src, dst) in input.chunks(chunk).zip(out.chunks_mut(chunk)) {
                for (s, d) in src.iter().zip(dst.iter_mut()) {
                    *d = kernel(*s);
                }
            }
            ArrayD::from_shape_vec(IxDyn(a.shape()), out).expect("same length")
        }
        self.elements.fetch_add(x.len() as u64, Ordering::Relaxed);
        match x {
            AnyArray::Float32(a) => Ok(AnyArray::from(chunked(a, self.chunk, f32_kernel))),
            AnyArray::Float64(a) => Ok(AnyArray::from(chunked(a, self.chunk, f64_kernel))),
            // No complex kernels: not implemented for a complex dtype (the
            // checks leave those examples out and check the real ones).
            other if other.dtype().is_complex() => Err(ApiError::NotImplementedFor {
                function: name,
                dtype: other.dtype(),
            }),
            other => Err(ApiError::invalid(
                name,
                format!("expected a floating-point array, got {}", other.dtype()),
            )),
        }
    }
}

/// The backend over a shared [`Engine`]: each function is a closure that
/// owns a handle to it. Only these four functions are provided; every other
/// check is `SKIPPED (not implemented)`.
pub fn backend_on(engine: Arc<Engine>) -> Backend {
    let (e1, e2, e3, e4) = (
        Arc::clone(&engine),
        Arc::clone(&engine),
        Arc::clone(&engine),
        engine,
    );
    Backend::new(
        "chunked",
        Ops::NONE
            .asarray(move |x| e1.asarray(x))
            .sqrt(move |x| e2.unary_float("sqrt", x, f32::sqrt, f64::sqrt))
            .exp(move |x| e3.unary_float("exp", x, f32::exp, f64::exp))
            .log(move |x| e4.unary_float("log", x, f32::ln, f64::ln)),
    )
}

/// The backend on an engine of its own, working eight elements at a time
/// (the shape a SIMD backend has).
pub fn backend() -> Backend {
    backend_on(Arc::new(Engine::new(8)))
}

/// The dtypes this backend computes in, for its README line.
pub const DTYPES: &[DType] = &[DType::Float32, DType::Float64];

#[cfg(test)]
mod tests {
    use conformance_engine::{run_conformance_on, RunConfig, Status};

    use super::*;

    /// The plain-`#[test]` way: run every published check, then assert.
    /// `run_conformance_on` prints the table and raises the first failure.
    #[test]
    fn passes_the_hosts_published_checks() {
        let suite = array_api_checks::suite();
        let engine = Arc::new(Engine::new(8));
        let config = RunConfig::new("chunked").seed(7).max_examples(50);
        let report = run_conformance_on(&suite, Arc::new(backend_on(Arc::clone(&engine))), &config);
        // The checks ran through the backend's own state.
        assert!(engine.elements() > 0);
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

/// The README's Rust code, compiled and run as this crate's doc tests, so
/// the backend author's walkthrough stays true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
