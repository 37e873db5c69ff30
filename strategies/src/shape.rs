//! Shapes: [`ShapeSpec`] bounds, the [`shapes`] strategy (0-d to N-d, empty
//! and size-1 sides), sets of mutually broadcastable shapes
//! ([`broadcastable_shapes`]: size-1 and missing leading dimensions), and the
//! [`broadcast_shape`] helper.
//!
//! Sides are drawn so that a 100-example run meets 0-d arrays, empty arrays
//! and size-1 sides: a side is 0 one time in twenty (when allowed), 1 one
//! time in five, otherwise uniform. Shapes shrink toward fewer dimensions
//! and smaller sides (see [`crate::shrink`]).

use proptest::strategy::{BoxedStrategy, NewTree, Strategy};
use proptest::test_runner::{TestRng, TestRunner};

use crate::shrink::{Driver, ShapesOnly};
use crate::values::{below, chance};

/// Bounds on the number of dimensions and on each side.
///
/// ```
/// use conformance_strategies::ShapeSpec;
/// let spec = ShapeSpec { min_dims: 2, ..ShapeSpec::default() };
/// assert_eq!((spec.max_dims, spec.min_side, spec.max_side), (4, 0, 5));
/// assert_eq!(ShapeSpec::default().non_empty().min_side, 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShapeSpec {
    /// Fewest dimensions (0 allows 0-d arrays).
    pub min_dims: usize,
    /// Most dimensions, inclusive; at least `min_dims`.
    pub max_dims: usize,
    /// Smallest side (0 allows empty arrays).
    pub min_side: usize,
    /// Largest side, inclusive; at least `min_side`.
    pub max_side: usize,
}

impl Default for ShapeSpec {
    /// 0 to 4 dimensions, sides 0 to 5.
    fn default() -> Self {
        ShapeSpec {
            min_dims: 0,
            max_dims: 4,
            min_side: 0,
            max_side: 5,
        }
    }
}

impl ShapeSpec {
    /// `min_dims..=max_dims` dimensions with sides `min_side..=max_side`.
    pub fn new(min_dims: usize, max_dims: usize, min_side: usize, max_side: usize) -> ShapeSpec {
        ShapeSpec {
            min_dims,
            max_dims,
            min_side,
            max_side,
        }
        .validated()
    }

    /// The same sides with `min..=max` dimensions.
    pub fn dims(self, min: usize, max: usize) -> ShapeSpec {
        ShapeSpec {
            min_dims: min,
            max_dims: max,
            ..self
        }
        .validated()
    }

    /// The same dimensions with sides `min..=max`.
    pub fn sides(self, min: usize, max: usize) -> ShapeSpec {
        ShapeSpec {
            min_side: min,
            max_side: max,
            ..self
        }
        .validated()
    }

    /// No empty side (every side at least 1).
    pub fn non_empty(self) -> ShapeSpec {
        ShapeSpec {
            min_side: self.min_side.max(1),
            max_side: self.max_side.max(1),
            ..self
        }
    }

    /// Panics on an empty range, which is a mistake in the check.
    pub fn validated(self) -> ShapeSpec {
        assert!(
            self.min_dims <= self.max_dims && self.min_side <= self.max_side,
            "empty shape spec {self:?}"
        );
        self
    }

    /// Whether `shape` satisfies the bounds.
    pub fn admits(&self, shape: &[usize]) -> bool {
        (self.min_dims..=self.max_dims).contains(&shape.len())
            && shape
                .iter()
                .all(|s| (self.min_side..=self.max_side).contains(s))
    }
}

/// One side: 0 one time in twenty, 1 one time in five, else uniform.
pub(crate) fn draw_side(rng: &mut TestRng, spec: &ShapeSpec) -> usize {
    let (lo, hi) = (spec.min_side, spec.max_side);
    let r = below(rng, 100);
    if lo == 0 && r < 5 {
        return 0;
    }
    if lo <= 1 && 1 <= hi && r < 25 {
        return 1;
    }
    let lo2 = lo.max(2);
    if lo2 <= hi {
        lo2 + below(rng, (hi - lo2 + 1) as u64) as usize
    } else {
        lo + below(rng, (hi - lo + 1) as u64) as usize
    }
}

pub(crate) fn draw_shape(rng: &mut TestRng, spec: &ShapeSpec) -> Vec<usize> {
    let ndim = spec.min_dims + below(rng, (spec.max_dims - spec.min_dims + 1) as u64) as usize;
    (0..ndim).map(|_| draw_side(rng, spec)).collect()
}

/// `n` shapes that broadcast together: a frame shape from `spec`, then for
/// each input some leading dimensions left out (never below `min_dims`) and
/// some sides set to 1 (when `min_side <= 1`).
pub(crate) fn draw_broadcastable(rng: &mut TestRng, n: usize, spec: &ShapeSpec) -> Vec<Vec<usize>> {
    let frame = draw_shape(rng, spec);
    let d = frame.len();
    (0..n)
        .map(|_| {
            let ndim = if chance(rng, 0.6) || d <= spec.min_dims {
                d
            } else {
                spec.min_dims + below(rng, (d - spec.min_dims + 1) as u64) as usize
            };
            frame[d - ndim..]
                .iter()
                .map(|&side| {
                    if side != 1 && spec.min_side <= 1 && chance(rng, 0.25) {
                        1
                    } else {
                        side
                    }
                })
                .collect()
        })
        .collect()
}

/// The shape `shapes` broadcast to, or `None` when they do not broadcast.
///
/// ```
/// use conformance_strategies::broadcast_shape;
/// assert_eq!(broadcast_shape(&[&[3, 1], &[4]]), Some(vec![3, 4]));
/// assert_eq!(broadcast_shape(&[&[0, 1], &[1, 5], &[]]), Some(vec![0, 5]));
/// assert_eq!(broadcast_shape(&[&[2], &[3]]), None);
/// ```
pub fn broadcast_shape(shapes: &[&[usize]]) -> Option<Vec<usize>> {
    let d = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; d];
    for s in shapes {
        let off = d - s.len();
        for (a, &side) in s.iter().enumerate() {
            let o = &mut out[off + a];
            if side != 1 {
                if *o != 1 && *o != side {
                    return None;
                }
                *o = side;
            }
        }
    }
    Some(out)
}

#[derive(Clone, Debug)]
struct ShapesStrategy {
    n: usize,
    spec: ShapeSpec,
}

impl Strategy for ShapesStrategy {
    type Tree = Driver<ShapesOnly>;
    type Value = Vec<Vec<usize>>;

    fn new_tree(&self, runner: &mut TestRunner) -> NewTree<Self> {
        let rng = runner.rng();
        let mut shapes = draw_broadcastable(rng, self.n, &self.spec);
        crate::strata::shapes_only(&mut shapes, &self.spec, rng, |rng| {
            draw_broadcastable(rng, self.n, &self.spec)
        });
        Ok(Driver::new(ShapesOnly::new(
            shapes,
            self.spec.min_dims,
            self.spec.min_side,
        )))
    }
}

/// A shape within `spec`; shrinks toward fewer dimensions and smaller sides.
///
/// ```
/// use conformance_strategies::{shapes, ShapeSpec};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let spec = ShapeSpec::new(1, 3, 2, 4);
/// let mut runner = TestRunner::deterministic();
/// let shape = shapes(spec).new_tree(&mut runner).unwrap().current();
/// assert!(spec.admits(&shape));
/// ```
pub fn shapes(spec: ShapeSpec) -> BoxedStrategy<Vec<usize>> {
    let spec = spec.validated();
    ShapesStrategy { n: 1, spec }
        .prop_map(|mut v| v.pop().expect("one shape"))
        .boxed()
}

/// `n` shapes that broadcast together. Every shape has `min_dims..=max_dims`
/// dimensions; the broadcast shape has sides in `min_side..=max_side`; an
/// input may leave out leading dimensions and have size-1 sides where the
/// others do not. Shrinks all of them together.
///
/// ```
/// use conformance_strategies::{broadcast_shape, broadcastable_shapes, ShapeSpec};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let set = broadcastable_shapes(3, ShapeSpec::default()).new_tree(&mut runner).unwrap().current();
/// let refs: Vec<&[usize]> = set.iter().map(Vec::as_slice).collect();
/// assert_eq!(set.len(), 3);
/// assert!(broadcast_shape(&refs).is_some());
/// ```
pub fn broadcastable_shapes(n: usize, spec: ShapeSpec) -> BoxedStrategy<Vec<Vec<usize>>> {
    let spec = spec.validated();
    ShapesStrategy { n, spec }.boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{ArrayD, IxDyn};
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng};

    fn runner() -> TestRunner {
        TestRunner::new_with_rng(
            Config::default(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &[11; 32]),
        )
    }

    #[test]
    fn hundred_shapes_include_0d_empty_and_size_1() {
        let mut r = runner();
        let s = shapes(ShapeSpec::default());
        let drawn: Vec<Vec<usize>> = (0..100)
            .map(|_| s.new_tree(&mut r).unwrap().current())
            .collect();
        assert!(drawn.iter().any(|s| s.is_empty()), "0-d");
        assert!(drawn.iter().any(|s| s.contains(&0)), "empty");
        assert!(drawn.iter().any(|s| s.contains(&1)), "size-1 side");
        assert!(drawn.iter().any(|s| s.len() == 4), "4-d");
        assert!(drawn.iter().all(|s| ShapeSpec::default().admits(s)));
        let empty = drawn.iter().filter(|s| s.contains(&0)).count();
        assert!(empty < 30, "empty arrays are not most of the run: {empty}");
    }

    #[test]
    fn broadcastable_sets_broadcast_in_ndarray() {
        let mut r = runner();
        let s = broadcastable_shapes(3, ShapeSpec::new(0, 4, 0, 4));
        let (mut missing, mut ones) = (0, 0);
        for _ in 0..200 {
            let set = s.new_tree(&mut r).unwrap().current();
            let refs: Vec<&[usize]> = set.iter().map(Vec::as_slice).collect();
            let target = broadcast_shape(&refs).expect("broadcastable");
            let d = target.len();
            missing += usize::from(set.iter().any(|x| x.len() < d));
            ones += usize::from(set.iter().any(|x| {
                x.iter()
                    .enumerate()
                    .any(|(a, &v)| v == 1 && target[d - x.len() + a] != 1)
            }));
            for shape in &set {
                let a = ArrayD::<u8>::zeros(IxDyn(shape));
                let b = a.broadcast(IxDyn(&target)).expect("ndarray broadcasts it");
                assert_eq!(b.shape(), target.as_slice());
            }
        }
        assert!(missing > 20 && ones > 20, "missing {missing}, ones {ones}");
    }

    #[test]
    fn specs_bound_every_draw() {
        let mut r = runner();
        let spec = ShapeSpec::new(2, 3, 1, 3);
        let s = broadcastable_shapes(2, spec);
        for _ in 0..100 {
            let set = s.new_tree(&mut r).unwrap().current();
            for shape in &set {
                assert!((2..=3).contains(&shape.len()));
                assert!(shape.iter().all(|&x| (1..=3).contains(&x)));
            }
        }
        let fixed = shapes(ShapeSpec::new(0, 0, 0, 5));
        assert_eq!(
            fixed.new_tree(&mut r).unwrap().current(),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn shapes_shrink_to_fewest_dims_and_smallest_sides() {
        let mut r = runner();
        let spec = ShapeSpec::new(1, 4, 1, 5);
        for _ in 0..20 {
            let mut tree = shapes(spec).new_tree(&mut r).unwrap();
            while tree.simplify() {}
            assert_eq!(tree.current(), vec![1]);
        }
        // A planted failure: "fails when the shape has two sides of 3 or more".
        let fails = |s: &Vec<usize>| s.iter().filter(|&&x| x >= 3).count() >= 2;
        let mut found = 0;
        for _ in 0..200 {
            let mut tree = shapes(ShapeSpec::default()).new_tree(&mut r).unwrap();
            if !fails(&tree.current()) {
                continue;
            }
            found += 1;
            let mut more = tree.simplify();
            while more {
                more = if fails(&tree.current()) {
                    tree.simplify()
                } else {
                    tree.complicate()
                };
            }
            assert_eq!(tree.current(), vec![3, 3]);
        }
        assert!(found > 10);
    }

    #[test]
    fn broadcast_shape_agrees_with_the_rules() {
        assert_eq!(broadcast_shape(&[]), Some(vec![]));
        assert_eq!(broadcast_shape(&[&[], &[]]), Some(vec![]));
        assert_eq!(broadcast_shape(&[&[5, 1, 3], &[4, 1]]), Some(vec![5, 4, 3]));
        assert_eq!(broadcast_shape(&[&[0], &[1]]), Some(vec![0]));
        assert_eq!(broadcast_shape(&[&[0], &[2]]), None);
    }
}
