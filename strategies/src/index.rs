//! Index and slice arguments: one [`index`] of an axis, a [`slice_arg`]
//! (`start:stop:step` with negative and omitted parts), and multi-axis
//! [`index_args`] (one entry per axis, an optional `...`, optional `None`
//! new axes) as the Array API's `__getitem__` takes them; with
//! [`SliceArg::indices`] and [`indexed_shape`] for the reference side.
//!
//! Only behaviour the standard defines is drawn: integer indices in
//! `-n..n`, slice bounds in `-n..=n`, exactly one index per axis unless an
//! ellipsis stands for the rest.

use std::fmt;

use proptest::option;
use proptest::prelude::any;
use proptest::prop_oneof;
use proptest::strategy::{BoxedStrategy, Just, Strategy};

/// `start:stop:step`, each part optional, read as Python reads it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SliceArg {
    /// First position, negative counting from the end; `None` starts at
    /// the beginning (the end for a negative step).
    pub start: Option<isize>,
    /// Position the slice stops before, negative counting from the end;
    /// `None` runs to the end (the beginning for a negative step).
    pub stop: Option<isize>,
    /// Never `Some(0)`.
    pub step: Option<isize>,
}

impl SliceArg {
    /// `:`.
    pub const FULL: SliceArg = SliceArg {
        start: None,
        stop: None,
        step: None,
    };

    /// The positions of an axis of `side` that the slice selects, in order.
    ///
    /// ```
    /// use conformance_strategies::SliceArg;
    /// let s = SliceArg { start: Some(-1), stop: None, step: Some(-2) };
    /// assert_eq!(s.indices(5), vec![4, 2, 0]);
    /// assert_eq!(format!("{s:?}"), "-1::-2");
    /// ```
    pub fn indices(&self, side: usize) -> Vec<usize> {
        let n = side as isize;
        let step = self.step.unwrap_or(1);
        assert!(step != 0, "slice step cannot be zero");
        let clamp = |v: isize, lo: isize, hi: isize| v.clamp(lo, hi);
        let norm = |v: isize| if v < 0 { v + n } else { v };
        let mut out = Vec::new();
        if step > 0 {
            let start = self.start.map_or(0, |s| clamp(norm(s), 0, n));
            let stop = self.stop.map_or(n, |s| clamp(norm(s), 0, n));
            let mut i = start;
            while i < stop {
                out.push(i as usize);
                i += step;
            }
        } else {
            let start = self.start.map_or(n - 1, |s| clamp(norm(s), -1, n - 1));
            let stop = self.stop.map_or(-1, |s| clamp(norm(s), -1, n - 1));
            let mut i = start;
            while i > stop {
                out.push(i as usize);
                i += step;
            }
        }
        out
    }
}

impl fmt::Debug for SliceArg {
    /// Python syntax: `:`, `1:`, `::-1`, `-3:4:2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = self.start {
            write!(f, "{s}")?;
        }
        f.write_str(":")?;
        if let Some(s) = self.stop {
            write!(f, "{s}")?;
        }
        if let Some(s) = self.step {
            write!(f, ":{s}")?;
        }
        Ok(())
    }
}

impl fmt::Display for SliceArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// One entry of a multi-axis index.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexArg {
    /// An integer: selects one position and removes the axis.
    Int(isize),
    /// A slice: keeps the axis, with the positions it selects.
    Slice(SliceArg),
    /// `...`: as many `:` as the other entries leave axes.
    Ellipsis,
    /// `None`: a new axis of side 1.
    NewAxis,
}

impl fmt::Debug for IndexArg {
    /// Python syntax: `2`, `1::2`, `...`, `None`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexArg::Int(i) => write!(f, "{i}"),
            IndexArg::Slice(s) => write!(f, "{s:?}"),
            IndexArg::Ellipsis => f.write_str("..."),
            IndexArg::NewAxis => f.write_str("None"),
        }
    }
}

impl fmt::Display for IndexArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// The shape `shape` indexed by `args` has, or `None` when `args` is not a
/// valid index for it (wrong count, two ellipses, an integer out of range,
/// a zero step).
///
/// ```
/// use conformance_strategies::{indexed_shape, IndexArg, SliceArg};
/// let args = [IndexArg::Int(-1), IndexArg::NewAxis, IndexArg::Ellipsis,
///             IndexArg::Slice(SliceArg { start: None, stop: None, step: Some(2) })];
/// assert_eq!(indexed_shape(&[3, 4, 5], &args), Some(vec![1, 4, 3]));
/// assert_eq!(indexed_shape(&[3], &[IndexArg::Int(3)]), None);
/// ```
pub fn indexed_shape(shape: &[usize], args: &[IndexArg]) -> Option<Vec<usize>> {
    let ellipses = args.iter().filter(|a| **a == IndexArg::Ellipsis).count();
    let single = args
        .iter()
        .filter(|a| matches!(a, IndexArg::Int(_) | IndexArg::Slice(_)))
        .count();
    if ellipses > 1 || single > shape.len() || (ellipses == 0 && single != shape.len()) {
        return None;
    }
    let mut out = Vec::new();
    let mut axis = 0;
    for a in args {
        match *a {
            IndexArg::Int(i) => {
                let n = shape[axis] as isize;
                if !(-n..n).contains(&i) {
                    return None;
                }
                axis += 1;
            }
            IndexArg::Slice(s) => {
                if s.step == Some(0) {
                    return None;
                }
                out.push(s.indices(shape[axis]).len());
                axis += 1;
            }
            IndexArg::Ellipsis => {
                let rest = shape.len() - single;
                out.extend_from_slice(&shape[axis..axis + rest]);
                axis += rest;
            }
            IndexArg::NewAxis => out.push(1),
        }
    }
    Some(out)
}

/// An integer index of an axis of `side > 0`, in `-side..side`; shrinks
/// toward 0.
///
/// ```
/// use conformance_strategies::index;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let i = index(4).new_tree(&mut runner).unwrap().current();
/// assert!((-4..4).contains(&i));
/// ```
pub fn index(side: usize) -> BoxedStrategy<isize> {
    assert!(side > 0, "an empty axis has no integer index");
    let n = side as isize;
    (0..2 * n)
        .prop_map(move |i| if i < n { i } else { i - 2 * n })
        .boxed()
}

/// A slice of an axis of `side`: bounds in `-side..=side` or omitted, step
/// in `-3..=3` (not 0) or omitted; shrinks toward `:`.
///
/// ```
/// use conformance_strategies::slice_arg;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let s = slice_arg(5).new_tree(&mut runner).unwrap().current();
/// assert!(s.indices(5).iter().all(|&i| i < 5));
/// ```
pub fn slice_arg(side: usize) -> BoxedStrategy<SliceArg> {
    let n = side as isize;
    let bound = move || {
        option::weighted(
            0.6,
            (0..=2 * n).prop_map(move |i| if i <= n { i } else { n - i }),
        )
    };
    let step = option::weighted(0.5, prop_oneof![1isize..=3, (1isize..=3).prop_map(|s| -s)]);
    (bound(), bound(), step)
        .prop_map(|(start, stop, step)| SliceArg { start, stop, step })
        .boxed()
}

/// A full index of an array of `shape`: one integer or slice per axis
/// (integers only on non-empty axes), sometimes a run of axes replaced by
/// `...`, sometimes `None` new axes. Shrinks toward all `:`.
///
/// ```
/// use conformance_strategies::{index_args, indexed_shape};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let args = index_args(&[3, 0, 2]).new_tree(&mut runner).unwrap().current();
/// assert!(indexed_shape(&[3, 0, 2], &args).is_some());
/// ```
pub fn index_args(shape: &[usize]) -> BoxedStrategy<Vec<IndexArg>> {
    let ndim = shape.len();
    let per_axis: Vec<BoxedStrategy<IndexArg>> = shape
        .iter()
        .map(|&side| {
            let slice = slice_arg(side).prop_map(IndexArg::Slice);
            if side == 0 {
                slice.boxed()
            } else {
                prop_oneof![slice, index(side).prop_map(IndexArg::Int)].boxed()
            }
        })
        .collect();
    // Where the ellipsis goes and how many axes it covers; where new axes go.
    let ellipsis = option::weighted(0.25, (0..=ndim, 0..=ndim));
    let new_axes = proptest::collection::vec((0..=ndim, any::<bool>()), 0..=2);
    (
        per_axis,
        ellipsis,
        prop_oneof![3 => Just(Vec::new()), 1 => new_axes],
    )
        .prop_map(move |(mut args, ellipsis, new_axes)| {
            if let Some((at, len)) = ellipsis {
                let at = at.min(ndim);
                let len = len.min(ndim - at);
                args.splice(at..at + len, [IndexArg::Ellipsis]);
            }
            for (pos, _) in new_axes {
                let pos = pos.min(args.len());
                args.insert(pos, IndexArg::NewAxis);
            }
            args
        })
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draw::tests::runner;
    use proptest::strategy::ValueTree;

    /// Python's `range(side)[slice]`, written independently.
    fn python(s: SliceArg, side: usize) -> Vec<usize> {
        let n = side as isize;
        let step = s.step.unwrap_or(1);
        let (lo, hi) = if step > 0 { (0, n) } else { (-1, n - 1) };
        let fix = |v: Option<isize>, default: isize| match v {
            None => default,
            Some(v) if v < 0 => (v + n).max(lo),
            Some(v) => v.min(hi),
        };
        let start = fix(s.start, if step > 0 { 0 } else { n - 1 });
        let stop = fix(s.stop, if step > 0 { n } else { -1 });
        let mut out = Vec::new();
        let mut i = start;
        while (step > 0 && i < stop) || (step < 0 && i > stop) {
            out.push(i as usize);
            i += step;
        }
        out
    }

    #[test]
    fn slice_indices_follow_python() {
        for side in 0..6usize {
            let n = side as isize;
            let parts: Vec<Option<isize>> = std::iter::once(None)
                .chain((-n - 2..=n + 2).map(Some))
                .collect();
            for &start in &parts {
                for &stop in &parts {
                    for step in [None, Some(1), Some(2), Some(-1), Some(-3)] {
                        let s = SliceArg { start, stop, step };
                        assert_eq!(s.indices(side), python(s, side), "{s:?} of {side}");
                    }
                }
            }
        }
        let s = SliceArg {
            start: Some(1),
            stop: Some(-1),
            step: None,
        };
        assert_eq!(s.indices(5), vec![1, 2, 3]);
        assert_eq!(format!("{:?}", SliceArg::FULL), ":");
        assert_eq!(format!("{s:?}"), "1:-1");
    }

    #[test]
    fn drawn_indices_are_valid_and_varied() {
        let mut r = runner(21);
        let shape = [4, 0, 3];
        let s = index_args(&shape);
        let (mut ints, mut ellipses, mut new_axes, mut negative_steps) = (0, 0, 0, 0);
        for _ in 0..300 {
            let args = s.new_tree(&mut r).unwrap().current();
            assert!(indexed_shape(&shape, &args).is_some(), "{args:?}");
            ints += usize::from(args.iter().any(|a| matches!(a, IndexArg::Int(_))));
            ellipses += usize::from(args.contains(&IndexArg::Ellipsis));
            new_axes += usize::from(args.contains(&IndexArg::NewAxis));
            negative_steps +=
                usize::from(args.iter().any(
                    |a| matches!(a, IndexArg::Slice(SliceArg { step: Some(k), .. }) if *k < 0),
                ));
        }
        assert!(ints > 50 && ellipses > 30 && new_axes > 30 && negative_steps > 50);
        let i = index(3);
        for _ in 0..50 {
            assert!((-3..3).contains(&i.new_tree(&mut r).unwrap().current()));
        }
        let mut t = s.new_tree(&mut r).unwrap();
        while t.simplify() {}
        let simplest = t.current();
        assert!(
            simplest
                .iter()
                .all(|a| *a == IndexArg::Slice(SliceArg::FULL)),
            "{simplest:?}"
        );
    }

    #[test]
    fn indexed_shape_counts_axes() {
        use IndexArg::*;
        let full = Slice(SliceArg::FULL);
        assert_eq!(indexed_shape(&[2, 3], &[full]), None, "too few without ...");
        assert_eq!(indexed_shape(&[2, 3], &[Ellipsis]), Some(vec![2, 3]));
        assert_eq!(indexed_shape(&[2, 3], &[Ellipsis, Int(0), Ellipsis]), None);
        assert_eq!(indexed_shape(&[], &[NewAxis]), Some(vec![1]));
        assert_eq!(indexed_shape(&[2, 3], &[Int(-2), full]), Some(vec![3]));
    }
}
