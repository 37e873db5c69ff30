//! How many times each kind of parallel code path was entered: a count per
//! [`Path`], kept with relaxed atomics (one increment per call that goes
//! parallel, nothing per element), so that a test can show that the
//! published checks run this backend's parallel code and not only its
//! sequential fallback below `tensor::PARALLEL_MIN` elements.

use std::sync::atomic::{AtomicU64, Ordering};

/// A kind of parallel code path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Path {
    /// An elementwise function over a large array, in chunks.
    Elementwise,
    /// A reduction: many lanes in parallel, or one long lane folded by
    /// halves in parallel.
    Reduction,
    /// A cumulative sum or product: many lanes in parallel, or one long
    /// lane in two parallel passes (block totals, then blocks with carry).
    Scan,
    /// A sort or argsort: many lanes in parallel, or one long lane by
    /// rayon's parallel sorts.
    Sort,
    /// A matrix product, rows in parallel.
    Matmul,
}

impl Path {
    /// Every kind of path.
    pub const ALL: [Path; 5] = [
        Path::Elementwise,
        Path::Reduction,
        Path::Scan,
        Path::Sort,
        Path::Matmul,
    ];
}

static ENTRIES: [AtomicU64; 5] = [const { AtomicU64::new(0) }; 5];

/// Records one entry into a parallel path of kind `path`.
pub(crate) fn enter(path: Path) {
    ENTRIES[path as usize].fetch_add(1, Ordering::Relaxed);
}

/// Records an entry when `parallel`, and returns it.
pub(crate) fn entered(path: Path, parallel: bool) -> bool {
    if parallel {
        enter(path);
    }
    parallel
}

/// How many times, since the process started, a parallel path of kind
/// `path` was entered.
pub fn entries(path: Path) -> u64 {
    ENTRIES[path as usize].load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_count_only_what_went_parallel() {
        let before = entries(Path::Matmul);
        assert!(!entered(Path::Matmul, false));
        assert!(entries(Path::Matmul) >= before);
        assert!(entered(Path::Matmul, true));
        assert!(entries(Path::Matmul) > before);
    }
}
