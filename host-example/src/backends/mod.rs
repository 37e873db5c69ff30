//! The backends that ship with the example host: the reference `cpu`, the
//! genuine second implementation `parallel`, three demonstrations,
//! `partial`, `faulty` and `accelerated-bugs`, and two fault-injection
//! backends, `faults` and `crashes`.

pub mod accelerated_bugs;
pub mod faults;
pub mod faulty;

use std::sync::LazyLock;

use crate::api::{Backend, Ops};
use crate::reference;

static REFERENCE_OPS: LazyLock<Ops> = LazyLock::new(reference::ops);

/// The reference's own function, for the demonstration backends that wrap
/// it (`faulty`, `faults`, `crashes`): `reference_fn(|o| o.sqrt)`.
fn reference_fn<F>(pick: impl Fn(&Ops) -> Option<F>) -> F {
    pick(&REFERENCE_OPS).expect("the reference provides every function")
}

/// The CPU reference: what each function means.
pub fn cpu() -> Backend {
    Backend::new("cpu", reference::ops())
}

/// A second implementation, rayon-parallel on large arrays; it provides
/// only what it implements itself (the rest is `SKIPPED`).
pub fn parallel() -> Backend {
    parallel_backend::backend()
}

/// The groups `partial` provides.
pub const PARTIAL_GROUPS: &[&str] = &["elementwise", "creation", "data_type"];

/// A demonstration of `SKIPPED (not implemented)`: the reference's
/// elementwise, creation and data-type functions only. (Being the
/// reference, what it does provide passes trivially; its point is the
/// report of what it lacks.)
pub fn partial() -> Backend {
    Backend::new(
        "partial",
        reference::ops().filter(|_, group| PARTIAL_GROUPS.contains(&group)),
    )
}

/// A demonstration of failure reports: the reference with planted bugs in
/// a few functions (see [`mod@faulty`]).
pub fn faulty() -> Backend {
    Backend::new("faulty", reference::ops().overlay(faulty::ops()))
}

/// A demonstration of what only large inputs and wide values find: the
/// reference with the bugs of accelerated backends planted (block tails,
/// scan carries, 64-bit integers through float64, an unstable sort for
/// `stable`, a memory-order fast path, NaN ordering; see
/// [`mod@accelerated_bugs`]).
pub fn accelerated_bugs() -> Backend {
    Backend::new(
        "accelerated-bugs",
        reference::ops().overlay(accelerated_bugs::ops()),
    )
}

/// Fault injection inside the process: the reference with functions that
/// panic, hang, return the wrong shape or dtype, NaN everywhere, or ask for
/// an absurd allocation (see [`mod@faults`]).
pub fn faults() -> Backend {
    Backend::new("faults", reference::ops().overlay(faults::in_process_ops()))
}

/// Fault injection that ends the process: the reference with functions that
/// abort, overflow their stack or fail a 1 PiB allocation (see [`mod@faults`]).
/// Run it with `--isolate`; without, the first crash ends the whole run.
pub fn crashes() -> Backend {
    Backend::new("crashes", reference::ops().overlay(faults::crashing_ops()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_lacks_whole_groups() {
        let p = partial();
        assert!(p.ops().implements("sqrt"));
        assert!(p.ops().implements("asarray"));
        assert!(!p.ops().implements("sum"));
        assert!(!p.ops().implements("sort"));
    }

    #[test]
    fn faulty_replaces_only_its_planted_functions() {
        let f = faulty();
        assert_eq!(f.ops().implemented(), cpu().ops().implemented());
    }
}
