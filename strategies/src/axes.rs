//! Axis arguments: one [`axis`] (negative too), the `axis` of a reduction
//! ([`reduction_axes`]: none, one, several, negative, unique), [`keepdims`],
//! valid [`reshape_target`]s and axis [`permutation`]s; and helpers to
//! normalise them ([`normalize_axis`], [`resolve_reshape`]).
//!
//! The strategies above take the number of dimensions, so pairing them with
//! a drawn array needs `prop_flat_map`, which redraws the axes whenever the
//! array shrinks. [`AxisChoice`] and [`AxesChoice`] avoid that: drawn
//! independently of the array and resolved against its `ndim` in a
//! `prop_map`, they shrink alongside it in a tuple ([`AxesChoice`] also
//! resolves to a [`permutation`](AxesChoice::permutation)).

use proptest::collection::vec;
use proptest::prelude::any;
use proptest::prop_oneof;
use proptest::sample::subsequence;
use proptest::strategy::{BoxedStrategy, Just, NewTree, Strategy};
use proptest::test_runner::TestRunner;

use crate::shrink::{Driver, Shrink};
use crate::values::{below, chance};

/// `axis` as an index in `0..ndim`, or `None` when out of range.
///
/// ```
/// use conformance_strategies::normalize_axis;
/// assert_eq!(normalize_axis(-1, 3), Some(2));
/// assert_eq!(normalize_axis(3, 3), None);
/// ```
pub fn normalize_axis(axis: isize, ndim: usize) -> Option<usize> {
    let n = ndim as isize;
    let a = if axis < 0 { axis + n } else { axis };
    (0..n).contains(&a).then_some(a as usize)
}

/// One axis of an array of `ndim > 0` dimensions, in `-ndim..ndim`;
/// shrinks toward 0.
///
/// ```
/// use conformance_strategies::axis;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let a = axis(3).new_tree(&mut runner).unwrap().current();
/// assert!((-3..3).contains(&a));
/// ```
pub fn axis(ndim: usize) -> BoxedStrategy<isize> {
    assert!(ndim > 0, "a 0-d array has no axis");
    let n = ndim as isize;
    // 0..n, then -n..0.
    (0..2 * n)
        .prop_map(move |i| if i < n { i } else { i - 2 * n })
        .boxed()
}

/// The `axis` argument of a reduction over `ndim` dimensions: `None` (all
/// axes), one axis, or several distinct axes in any order, each possibly
/// negative (an empty list included). Shrinks toward `None`.
///
/// ```
/// use conformance_strategies::{normalize_axis, reduction_axes};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// for _ in 0..20 {
///     if let Some(axes) = reduction_axes(3).new_tree(&mut runner).unwrap().current() {
///         let mut seen: Vec<usize> = axes.iter().map(|&a| normalize_axis(a, 3).unwrap()).collect();
///         seen.sort();
///         seen.dedup();
///         assert_eq!(seen.len(), axes.len());
///     }
/// }
/// ```
pub fn reduction_axes(ndim: usize) -> BoxedStrategy<Option<Vec<isize>>> {
    if ndim == 0 {
        return prop_oneof![Just(None), Just(Some(Vec::new()))].boxed();
    }
    let n = ndim as isize;
    let all: Vec<isize> = (0..n).collect();
    let several = (
        subsequence(all, 0..=ndim).prop_shuffle(),
        vec(any::<bool>(), ndim),
    )
        .prop_map(move |(axes, negative)| {
            Some(
                axes.into_iter()
                    .map(|a| if negative[a as usize] { a - n } else { a })
                    .collect(),
            )
        });
    prop_oneof![
        1 => Just(None),
        2 => axis(ndim).prop_map(|a| Some(vec![a])),
        2 => several,
    ]
    .boxed()
}

/// `keepdims`: `false` and `true` in turn in the plan's prelude (see
/// [`crate::strata`]), then uniform; shrinks toward `false`.
///
/// ```
/// use conformance_strategies::keepdims;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let mut tree = keepdims().new_tree(&mut runner).unwrap();
/// while tree.simplify() {}
/// assert!(!tree.current());
/// ```
pub fn keepdims() -> BoxedStrategy<bool> {
    crate::strata::flag()
}

/// A permutation of `0..ndim` (the `axes` of `permute_dims`); shrinks
/// toward the identity.
///
/// ```
/// use conformance_strategies::permutation;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let mut p = permutation(4).new_tree(&mut runner).unwrap().current();
/// p.sort();
/// assert_eq!(p, vec![0, 1, 2, 3]);
/// ```
pub fn permutation(ndim: usize) -> BoxedStrategy<Vec<usize>> {
    Just((0..ndim).collect::<Vec<usize>>())
        .prop_shuffle()
        .boxed()
}

/// The shape a reshape `target` (with at most one `-1`) gives an array of
/// `len` elements, or `None` when it is not valid.
///
/// ```
/// use conformance_strategies::resolve_reshape;
/// assert_eq!(resolve_reshape(&[2, -1], 6), Some(vec![2, 3]));
/// assert_eq!(resolve_reshape(&[4, -1], 6), None);
/// assert_eq!(resolve_reshape(&[0, -1], 0), None);
/// ```
pub fn resolve_reshape(target: &[isize], len: usize) -> Option<Vec<usize>> {
    let unknown = target.iter().filter(|&&d| d == -1).count();
    if unknown > 1 || target.iter().any(|&d| d < -1) {
        return None;
    }
    let known: usize = target
        .iter()
        .filter(|&&d| d >= 0)
        .map(|&d| d as usize)
        .product();
    let fill = if unknown == 1 {
        if known == 0 || !len.is_multiple_of(known) {
            return None;
        }
        len / known
    } else {
        if known != len {
            return None;
        }
        0
    };
    Some(
        target
            .iter()
            .map(|&d| if d == -1 { fill } else { d as usize })
            .collect(),
    )
}

#[allow(clippy::manual_is_multiple_of)]
fn prime_factors(mut n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut p = 2;
    while p * p <= n {
        while n % p == 0 {
            out.push(p);
            n /= p;
        }
        p += 1;
    }
    if n > 1 {
        out.push(n);
    }
    out
}

/// A reshape target and the element count it must keep.
#[derive(Clone, Debug)]
struct Reshape {
    dims: Vec<isize>,
    len: usize,
}

impl Reshape {
    fn candidate(&self, i: usize) -> Option<Option<Reshape>> {
        let k = self.dims.len();
        let merges = k.saturating_sub(1);
        let with = |dims: Vec<isize>| {
            Some(Some(Reshape {
                dims,
                len: self.len,
            }))
        };
        if i < merges {
            let (a, b) = (self.dims[i], self.dims[i + 1]);
            let merged = if a == -1 || b == -1 { -1 } else { a * b };
            let mut dims = self.dims.clone();
            dims.splice(i..=i + 1, [merged]);
            return with(dims);
        }
        let i = i - merges;
        if i < k {
            if self.dims[i] != 1 {
                return Some(None);
            }
            let mut dims = self.dims.clone();
            dims.remove(i);
            return with(dims);
        }
        if i == k {
            let resolved = resolve_reshape(&self.dims, self.len)?;
            if !self.dims.contains(&-1) {
                return Some(None);
            }
            return with(resolved.into_iter().map(|d| d as isize).collect());
        }
        None
    }
}

impl Shrink for Reshape {
    type Value = Vec<isize>;
    type Cursor = usize;

    fn value(&self) -> Vec<isize> {
        self.dims.clone()
    }

    fn candidate_at(&self, cursor: &mut usize) -> Option<Reshape> {
        loop {
            match self.candidate(*cursor)? {
                Some(next) => return Some(next),
                None => *cursor += 1,
            }
        }
    }

    fn step(cursor: &mut usize) {
        *cursor += 1;
    }
}

#[derive(Clone, Debug)]
struct ReshapeStrategy {
    len: usize,
}

impl Strategy for ReshapeStrategy {
    type Tree = Driver<Reshape>;
    type Value = Vec<isize>;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let rng = runner.rng();
        let n = self.len;
        let mut dims: Vec<isize> = if n == 0 {
            let k = 1 + below(rng, 4) as usize;
            let mut d: Vec<isize> = (0..k).map(|_| below(rng, 4) as isize).collect();
            d[below(rng, k as u64) as usize] = 0;
            d
        } else {
            let k = if n == 1 {
                below(rng, 4) as usize
            } else {
                1 + below(rng, 4) as usize
            };
            let mut d = vec![1isize; k];
            for p in prime_factors(n) {
                d[below(rng, k as u64) as usize] *= p as isize;
            }
            if chance(rng, 0.25) {
                d.insert(below(rng, k as u64 + 1) as usize, 1);
            }
            if !d.is_empty() && chance(rng, 0.4) {
                let i = below(rng, d.len() as u64) as usize;
                d[i] = -1;
            }
            d
        };
        dims.shrink_to_fit();
        Ok(Driver::new(Reshape { dims, len: n }))
    }
}

/// A valid reshape target for an array of `shape`: the same element count,
/// possibly one `-1` (never for an empty array, where it is ambiguous), 0-d
/// when there is one element. Shrinks toward one dimension (or 0-d) and an
/// explicit side.
///
/// ```
/// use conformance_strategies::{reshape_target, resolve_reshape};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let t = reshape_target(&[2, 3, 2]).new_tree(&mut runner).unwrap().current();
/// let shape = resolve_reshape(&t, 12).unwrap();
/// assert_eq!(shape.iter().product::<usize>(), 12);
/// ```
pub fn reshape_target(shape: &[usize]) -> BoxedStrategy<Vec<isize>> {
    ReshapeStrategy {
        len: shape.iter().product(),
    }
    .boxed()
}

/// One axis, drawn without knowing `ndim`; [`AxisChoice::resolve`] maps it
/// onto an array. Shrinks toward axis 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AxisChoice {
    /// Any number; the axis is `raw % ndim`.
    pub raw: u32,
    /// Whether the axis is written counting from the end (`-1` for the
    /// last).
    pub negative: bool,
}

impl AxisChoice {
    /// An axis of an array of `ndim > 0` dimensions, in `-ndim..ndim`.
    pub fn resolve(self, ndim: usize) -> isize {
        assert!(ndim > 0, "a 0-d array has no axis");
        let a = (self.raw as usize % ndim) as isize;
        if self.negative {
            a - ndim as isize
        } else {
            a
        }
    }
}

/// An [`AxisChoice`].
///
/// ```
/// use conformance_strategies::{arrays, axis_choice, DTypeGroup, Domain, ShapeSpec};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let s = (arrays(DTypeGroup::Floating, ShapeSpec::default().dims(1, 3), Domain::any()), axis_choice())
///     .prop_map(|(x, a)| { let axis = a.resolve(x.ndim()); (x, axis) });
/// let mut runner = TestRunner::deterministic();
/// let (x, axis) = s.new_tree(&mut runner).unwrap().current();
/// assert!(axis < x.ndim() as isize && axis >= -(x.ndim() as isize));
/// ```
pub fn axis_choice() -> BoxedStrategy<AxisChoice> {
    (0u32..64, any::<bool>())
        .prop_map(|(raw, negative)| AxisChoice { raw, negative })
        .boxed()
}

/// A reduction's `axis`, drawn without knowing `ndim`;
/// [`AxesChoice::resolve`] maps it onto an array like [`reduction_axes`]
/// draws. Shrinks toward `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AxesChoice {
    /// `None` for all axes, else the raw picks (deduplicated on resolving).
    pub picks: Option<Vec<AxisChoice>>,
}

impl AxesChoice {
    /// Distinct axes of an array of `ndim` dimensions (an empty list when
    /// `ndim` is 0 and axes were picked).
    pub fn resolve(&self, ndim: usize) -> Option<Vec<isize>> {
        let picks = self.picks.as_ref()?;
        if ndim == 0 {
            return Some(Vec::new());
        }
        let mut taken = vec![false; ndim];
        let mut out = Vec::with_capacity(picks.len());
        for p in picks {
            let a = p.resolve(ndim);
            let i = normalize_axis(a, ndim).expect("resolved axes are in range");
            if !taken[i] {
                taken[i] = true;
                out.push(a);
            }
        }
        Some(out)
    }

    /// A permutation of `0..ndim` (the `axes` of `permute_dims`), drawn
    /// without knowing `ndim` where [`permutation`] needs it: the resolved
    /// axes in pick order, then the others in increasing order. `None`
    /// gives the identity, so a choice shrinks toward it.
    ///
    /// ```
    /// use conformance_strategies::{AxesChoice, AxisChoice};
    /// let pick = |raw| AxisChoice { raw, negative: false };
    /// let c = AxesChoice { picks: Some(vec![pick(2), pick(5)]) };
    /// assert_eq!(c.permutation(4), vec![2, 1, 0, 3]);
    /// assert_eq!(AxesChoice { picks: None }.permutation(3), vec![0, 1, 2]);
    /// ```
    pub fn permutation(&self, ndim: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .resolve(ndim)
            .unwrap_or_default()
            .into_iter()
            .map(|a| normalize_axis(a, ndim).expect("resolved axes are in range"))
            .collect();
        let rest: Vec<usize> = (0..ndim).filter(|i| !out.contains(i)).collect();
        out.extend(rest);
        out
    }
}

/// An [`AxesChoice`].
///
/// ```
/// use conformance_strategies::reduction_axes_choice;
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let c = reduction_axes_choice().new_tree(&mut runner).unwrap().current();
/// if let Some(axes) = c.resolve(2) {
///     assert!(axes.len() <= 2);
/// }
/// ```
pub fn reduction_axes_choice() -> BoxedStrategy<AxesChoice> {
    let choice = prop_oneof![
        1 => Just(AxesChoice { picks: None }),
        4 => vec(axis_choice(), 0..=4).prop_map(|p| AxesChoice { picks: Some(p) }),
    ];
    // The prelude's large lane folds the whole array.
    (crate::strata::large_lane(), choice)
        .prop_map(|(whole, c)| if whole { AxesChoice { picks: None } } else { c })
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draw::tests::{minimise, runner};
    use proptest::strategy::ValueTree;

    #[test]
    fn axes_cover_positive_and_negative() {
        let mut r = runner(1);
        let s = axis(3);
        let drawn: Vec<isize> = (0..200)
            .map(|_| s.new_tree(&mut r).unwrap().current())
            .collect();
        for a in -3..3 {
            assert!(drawn.contains(&a), "axis {a}");
        }
        assert!(drawn.iter().all(|a| (-3..3).contains(a)));
        let mut t = s.new_tree(&mut r).unwrap();
        while t.simplify() {}
        assert_eq!(t.current(), 0);
    }

    #[test]
    fn reduction_axes_are_none_one_or_several_and_unique() {
        let mut r = runner(2);
        let s = reduction_axes(4);
        let (mut none, mut one, mut several, mut negative) = (0, 0, 0, 0);
        for _ in 0..300 {
            match s.new_tree(&mut r).unwrap().current() {
                None => none += 1,
                Some(axes) => {
                    let mut idx: Vec<usize> = axes
                        .iter()
                        .map(|&a| normalize_axis(a, 4).unwrap())
                        .collect();
                    idx.sort();
                    idx.dedup();
                    assert_eq!(idx.len(), axes.len(), "{axes:?}");
                    negative += usize::from(axes.iter().any(|&a| a < 0));
                    if axes.len() == 1 {
                        one += 1;
                    } else {
                        several += 1;
                    }
                }
            }
        }
        assert!(none > 30 && one > 60 && several > 60 && negative > 60);
        let z = reduction_axes(0);
        for _ in 0..20 {
            let v = z.new_tree(&mut r).unwrap().current();
            assert!(v.is_none() || v == Some(vec![]));
        }
    }

    #[test]
    fn reshape_targets_keep_the_element_count_and_shrink_to_one_dim() {
        let mut r = runner(3);
        for shape in [
            vec![2, 3, 4],
            vec![7],
            vec![],
            vec![1, 1],
            vec![2, 0, 3],
            vec![12, 10],
        ] {
            let len: usize = shape.iter().product();
            let s = reshape_target(&shape);
            let mut minus = 0;
            for _ in 0..50 {
                let t = s.new_tree(&mut r).unwrap().current();
                let resolved =
                    resolve_reshape(&t, len).unwrap_or_else(|| panic!("{t:?} for {shape:?}"));
                assert_eq!(resolved.iter().product::<usize>(), len);
                minus += usize::from(t.contains(&-1));
                assert!(len > 0 || !t.contains(&-1));
            }
            assert!(len == 0 || minus > 5, "{shape:?}: -1 in {minus} of 50");
            let mut tree = s.new_tree(&mut r).unwrap();
            while tree.simplify() {}
            let expected: Vec<isize> = match len {
                0 => vec![0],
                1 => vec![],
                n => vec![n as isize],
            };
            assert_eq!(tree.current(), expected);
        }
        // A planted failure: "fails when the target has a -1".
        let s = reshape_target(&[2, 3, 4]);
        for _ in 0..20 {
            let mut tree = s.new_tree(&mut r).unwrap();
            if !tree.current().contains(&-1) {
                continue;
            }
            minimise(&mut tree, |t| t.contains(&-1));
            assert_eq!(tree.current(), vec![-1]);
        }
    }

    #[test]
    fn permutations_and_choices_resolve_in_range() {
        let mut r = runner(4);
        let p = permutation(5);
        let mut moved = 0;
        for _ in 0..50 {
            let v = p.new_tree(&mut r).unwrap().current();
            let mut sorted = v.clone();
            sorted.sort();
            assert_eq!(sorted, vec![0, 1, 2, 3, 4]);
            moved += usize::from(v != sorted);
        }
        assert!(moved > 30);
        let c = reduction_axes_choice();
        for _ in 0..100 {
            let choice = c.new_tree(&mut r).unwrap().current();
            for ndim in 0..5 {
                if let Some(axes) = choice.resolve(ndim) {
                    let mut idx: Vec<usize> = axes
                        .iter()
                        .map(|&a| normalize_axis(a, ndim).unwrap())
                        .collect();
                    idx.sort();
                    idx.dedup();
                    assert_eq!(idx.len(), axes.len());
                }
            }
        }
        let mut moved = 0;
        for _ in 0..100 {
            let choice = c.new_tree(&mut r).unwrap().current();
            for ndim in 0..5 {
                let p = choice.permutation(ndim);
                let mut sorted = p.clone();
                sorted.sort();
                assert_eq!(sorted, (0..ndim).collect::<Vec<_>>(), "{choice:?}");
                moved += usize::from(p != sorted);
            }
        }
        assert!(moved > 100, "{moved} of 500 permutations moved an axis");
        assert_eq!(
            AxisChoice {
                raw: 7,
                negative: true
            }
            .resolve(3),
            -2
        );
        assert_eq!(
            AxisChoice {
                raw: 7,
                negative: false
            }
            .resolve(3),
            1
        );
    }
}
