//! The host's dispatcher, as scverse-backends has one: backends registered
//! by name with aliases (`cpu` is reserved for the reference),
//! [`get_backend`] with a did-you-mean error, [`available_backends`], and a
//! scoped [`use_backend`] guard for host users (per thread, restored on
//! drop). The published checks never read the current backend: the engine
//! hands each check its backend explicitly, since rayon workers do not see
//! thread-local state.

use std::cell::RefCell;
use std::sync::Arc;

use conformance_engine::{BackendRegistry, ConfigError};

use crate::api::{ApiError, ApiResult, Backend};
use crate::backends;

/// The name of the reference backend; no other backend may take it.
pub const REFERENCE: &str = "cpu";

/// Every backend that ships with the host.
pub fn registry() -> BackendRegistry<Backend> {
    registry_with(Vec::new()).expect("the shipped backends have distinct names")
}

/// The shipped backends plus `extra` ones (aliases, description,
/// backend; the name is the backend's own). A name or alias already taken, `cpu` included, is an error.
pub fn registry_with(
    extra: Vec<(&[&str], &str, Backend)>,
) -> Result<BackendRegistry<Backend>, ConfigError> {
    let mut r = BackendRegistry::new();
    r.register(
        &["reference", "ndarray"],
        "the CPU reference over ndarray: what each function means",
        backends::cpu(),
    )?;
    r.register(
        &["rayon"],
        "a second implementation: rayon-parallel elementwise functions, reductions and sorts",
        backends::parallel(),
    )?;
    r.register(
        &[],
        "a demonstration backend with only some groups (the rest is SKIPPED)",
        backends::partial(),
    )?;
    r.register(
        &["demo-bugs"],
        "a demonstration backend with planted bugs, to show what a failure report looks like",
        backends::faulty(),
    )?;
    r.register(
        &[],
        "a demonstration backend with the bugs of accelerated backends planted, found only at large sizes and wide values",
        backends::accelerated_bugs(),
    )?;
    r.register(
        &[],
        "fault injection: functions that panic, hang, return the wrong shape or dtype, NaN, or over-allocate",
        backends::faults(),
    )?;
    r.register(
        &[],
        "fault injection: functions that abort, overflow the stack or fail an allocation (use --isolate)",
        backends::crashes(),
    )?;
    for (aliases, description, backend) in extra {
        r.register(aliases, description, backend)?;
    }
    Ok(r)
}

/// The backend called `name` (or aliased so).
pub fn get_backend(name: &str) -> Result<Arc<Backend>, ConfigError> {
    registry().resolve(name).map(|e| Arc::clone(&e.backend))
}

/// The canonical names of the shipped backends.
pub fn available_backends() -> Vec<String> {
    registry().names()
}

thread_local! {
    static ACTIVE: RefCell<Vec<Arc<Backend>>> = const { RefCell::new(Vec::new()) };
}

/// Restores the previously active backend of this thread when dropped.
#[must_use = "the backend is active only while the guard lives"]
pub struct BackendGuard {
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Drop for BackendGuard {
    fn drop(&mut self) {
        ACTIVE.with(|a| {
            a.borrow_mut().pop();
        });
    }
}

/// Makes `name` this thread's active backend until the guard is dropped.
///
/// ```
/// use example_host::dispatch::{current_backend, use_backend};
/// assert_eq!(current_backend().name(), "cpu");
/// {
///     let _guard = use_backend("parallel").unwrap();
///     assert_eq!(current_backend().name(), "parallel");
/// }
/// assert_eq!(current_backend().name(), "cpu");
/// ```
pub fn use_backend(name: &str) -> Result<BackendGuard, ConfigError> {
    Ok(use_backend_instance(get_backend(name)?))
}

/// Makes `backend` (one in no registry) this thread's active backend.
pub fn use_backend_instance(backend: Arc<Backend>) -> BackendGuard {
    ACTIVE.with(|a| a.borrow_mut().push(backend));
    BackendGuard {
        _not_send: std::marker::PhantomData,
    }
}

/// This thread's active backend; the reference when none is set.
pub fn current_backend() -> Arc<Backend> {
    ACTIVE
        .with(|a| a.borrow().last().cloned())
        .unwrap_or_else(|| Arc::new(backends::cpu()))
}

/// Calls `f` on the active backend, falling back to the reference for a
/// function the backend does not provide — the convenience host users
/// expect. Checks never use this: a fallback must not pass a check.
pub fn call<R>(f: impl Fn(&Backend) -> ApiResult<R>) -> ApiResult<R> {
    match f(&current_backend()) {
        Err(ApiError::NotImplemented { .. } | ApiError::NotImplementedFor { .. }) => {
            f(&backends::cpu())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Ops;
    use conformance_strategies::AnyArray;

    #[test]
    fn names_aliases_and_did_you_mean() {
        assert_eq!(get_backend("rayon").unwrap().name(), "parallel");
        let err = get_backend("paralel").err().unwrap().to_string();
        assert!(err.contains("did you mean `parallel`?"), "{err}");
        assert!(
            err.contains("cpu, parallel, partial, faulty, accelerated-bugs, faults, crashes"),
            "{err}"
        );
        assert_eq!(
            available_backends(),
            vec![
                "cpu",
                "parallel",
                "partial",
                "faulty",
                "accelerated-bugs",
                "faults",
                "crashes"
            ]
        );
    }

    #[test]
    fn cpu_is_reserved() {
        let err = registry_with(vec![(&[], "mine", Backend::new("cpu", Ops::NONE))])
            .err()
            .unwrap();
        assert!(err.to_string().contains("`cpu` is already taken"), "{err}");
    }

    #[test]
    fn guards_nest_and_restore_per_thread() {
        let _outer = use_backend("partial").unwrap();
        {
            let _inner = use_backend("faulty").unwrap();
            assert_eq!(current_backend().name(), "faulty");
            // Another thread does not see this thread's backend.
            let other = std::thread::spawn(|| current_backend().name().to_string())
                .join()
                .unwrap();
            assert_eq!(other, "cpu");
        }
        assert_eq!(current_backend().name(), "partial");
    }

    #[test]
    fn call_falls_back_to_the_reference_for_host_users() {
        let none = Arc::new(Backend::new("none", Ops::NONE));
        let _g = use_backend_instance(none);
        let x = AnyArray::scalar(4.0f64);
        let y = call(|b| b.sqrt(&x)).unwrap();
        assert_eq!(y, AnyArray::scalar(2.0f64));
    }
}
