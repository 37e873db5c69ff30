//! Shapes: [`ShapeSpec`] bounds and its size mix ([`SizeMix`]), the
//! [`shapes`] strategy (0-d to N-d, empty and size-1 sides), sets of mutually
//! broadcastable shapes ([`broadcastable_shapes`]: size-1 and missing leading
//! dimensions), and the [`broadcast_shape`] helper.
//!
//! Each draw is in one of two size classes ([`SizeClass`]), chosen in one
//! place (`choose_class`) from the spec's [`SizeMix`]:
//!
//! - **small** (most draws): sides are drawn so that a 100-example run meets
//!   0-d arrays, empty arrays and size-1 sides: a side is 0 one time in
//!   twenty (when allowed), 1 one time in five, otherwise uniform within
//!   the spec. Fast, and they shrink well.
//! - **large** (a share the host author sets per check, none by default):
//!   one long axis of hundreds to tens of thousands, sometimes a second
//!   long one, the other sides small, up to a few hundred thousand
//!   elements. Long sides cluster at powers of two and their neighbours
//!   (2^k - 1, 2^k, 2^k + 1) and at three times a power of two (common
//!   block sizes), where block tails and chunk edges are.
//!
//! Shapes shrink toward fewer dimensions and smaller sides, large ones by
//! halving steps first (see [`crate::shrink`]).

use proptest::strategy::{BoxedStrategy, NewTree, Strategy};
use proptest::test_runner::{TestRng, TestRunner};

use crate::shrink::{Driver, ShapesOnly};
use crate::values::{below, chance};

/// The size class of one draw (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SizeClass {
    /// Sides within the spec's `min_side..=max_side`.
    Small,
    /// One or two long axes, up to the [`SizeMix`]'s bounds.
    Large,
}

/// How a [`ShapeSpec`] mixes small and large draws: the share of large
/// draws and how large they get. Part of the spec, so each check chooses it.
///
/// Cost, measured on the `cpu` backend (see BENCHMARKS.md): a large draw
/// holds about 20,000 elements on average (the median is nearer 3,000) and
/// costs about a millisecond of drawing, computing and comparing, against
/// microseconds for a small one; [`SizeMix::LARGE`]'s share keeps the whole
/// suite well under its 10 s budget at 1000 examples.
///
/// ```
/// use conformance_strategies::{ShapeSpec, SizeMix};
/// assert_eq!(ShapeSpec::default().sizes, SizeMix::SMALL);
/// let spec = ShapeSpec::default().large();
/// assert_eq!(spec.sizes, SizeMix::LARGE);
/// let rare = ShapeSpec::default().with_sizes(SizeMix::LARGE.per_mille(10));
/// assert_eq!(rare.sizes.large_per_mille, 10);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SizeMix {
    /// Draws in a thousand that are large (0: every draw is small).
    pub large_per_mille: u16,
    /// Most elements of a large draw (of the broadcast frame).
    pub max_elements: usize,
    /// Longest side of a large draw.
    pub max_side: usize,
}

impl SizeMix {
    /// Every draw small (the default).
    pub const SMALL: SizeMix = SizeMix {
        large_per_mille: 0,
        max_elements: 0,
        max_side: 0,
    };

    /// The published checks' mix: 1% of draws large, up to 2^18 + 1
    /// elements and sides up to 2^16 + 1.
    pub const LARGE: SizeMix = SizeMix {
        large_per_mille: 10,
        max_elements: (1 << 18) + 1,
        max_side: (1 << 16) + 1,
    };

    /// The same bounds with `n` draws in a thousand large.
    pub const fn per_mille(self, n: u16) -> SizeMix {
        SizeMix {
            large_per_mille: n,
            ..self
        }
    }

    /// The same share with at most `max_elements` elements and sides of
    /// at most `max_side` (for a function whose cost grows faster than its
    /// input, e.g. a long inner dimension of a product).
    pub const fn bounded(self, max_elements: usize, max_side: usize) -> SizeMix {
        SizeMix {
            max_elements,
            max_side,
            ..self
        }
    }
}

/// Bounds on the number of dimensions and on each side, and the mix of
/// size classes.
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
    /// Largest side of a small draw, inclusive; at least `min_side`.
    pub max_side: usize,
    /// The share of large draws and their bounds ([`SizeMix::SMALL`]:
    /// none).
    pub sizes: SizeMix,
}

impl Default for ShapeSpec {
    /// 0 to 4 dimensions, sides 0 to 5.
    fn default() -> Self {
        ShapeSpec {
            min_dims: 0,
            max_dims: 4,
            min_side: 0,
            max_side: 5,
            sizes: SizeMix::SMALL,
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
            sizes: SizeMix::SMALL,
        }
        .validated()
    }

    /// The same bounds with the size mix `sizes`.
    pub fn with_sizes(self, sizes: SizeMix) -> ShapeSpec {
        ShapeSpec { sizes, ..self }
    }

    /// The same bounds with [`SizeMix::LARGE`]: a share of large draws.
    pub fn large(self) -> ShapeSpec {
        self.with_sizes(SizeMix::LARGE)
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

    /// Whether `shape` satisfies the bounds of a small draw, or (when the
    /// mix has large draws) of a large one.
    pub fn admits(&self, shape: &[usize]) -> bool {
        let dims = (self.min_dims..=self.max_dims).contains(&shape.len());
        let small = shape
            .iter()
            .all(|s| (self.min_side..=self.max_side).contains(s));
        let large = self.has_large()
            && shape.iter().product::<usize>() <= self.sizes.max_elements
            && shape
                .iter()
                .all(|s| (self.min_side..=self.sizes.max_side.max(self.max_side)).contains(s));
        dims && (small || large)
    }

    /// Whether the mix can draw large shapes under these bounds (at least
    /// one dimension, a share above 0).
    pub fn has_large(&self) -> bool {
        self.sizes.large_per_mille > 0
            && self.max_dims >= 1
            && self.sizes.max_side > self.max_side
            && self.sizes.max_elements > self.max_side
    }
}

/// The size class of the next draw: the one place it is chosen. A spec
/// without large draws takes nothing from `rng`, so its draws are what they
/// were before size classes existed.
pub(crate) fn choose_class(rng: &mut TestRng, spec: &ShapeSpec) -> SizeClass {
    if spec.has_large() && below(rng, 1000) < u64::from(spec.sizes.large_per_mille) {
        SizeClass::Large
    } else {
        SizeClass::Small
    }
}

/// A long side in `lo..=hi`, clustered where block tails are: a power of two
/// or three times one, or one less or one more, else (one time in eight)
/// uniform.
pub(crate) fn clustered_side(rng: &mut TestRng, lo: usize, hi: usize) -> usize {
    debug_assert!(lo <= hi);
    if hi - lo < 4 || chance(rng, 0.125) {
        return lo + below(rng, (hi - lo + 1) as u64) as usize;
    }
    let top = usize::BITS - 1 - hi.leading_zeros();
    let bottom = usize::BITS - 1 - lo.max(1).leading_zeros();
    // The lower of two uniform exponents: sides of hundreds are the most
    // likely and tens of thousands one time in nine or so, which keeps the
    // mean cost of a large draw near a few thousand elements.
    let exponent = |rng: &mut TestRng| bottom + below(rng, u64::from(top - bottom + 1)) as u32;
    let k = exponent(rng).min(exponent(rng));
    let base = if k >= 2 && chance(rng, 0.25) {
        3usize << (k - 2)
    } else {
        1usize << k
    };
    let side = match below(rng, 3) {
        0 => base - 1,
        1 => base,
        _ => base + 1,
    };
    side.clamp(lo, hi)
}

/// A large shape: `min_dims.max(1)..=max_dims` dimensions, one long axis
/// (hundreds to `max_side`), one time in eight a second long one (the
/// elements allowing), the other sides small (1 to 3), at most
/// `max_elements` elements in all.
fn draw_large_shape(rng: &mut TestRng, spec: &ShapeSpec) -> Vec<usize> {
    let mix = &spec.sizes;
    let lo_dims = spec.min_dims.max(1);
    let ndim = lo_dims + below(rng, (spec.max_dims - lo_dims + 1) as u64) as usize;
    let min_side = spec.min_side.max(1);
    let mut shape: Vec<usize> = (0..ndim)
        .map(|_| min_side.max(1 + below(rng, 3) as usize).min(mix.max_side))
        .collect();
    let long = below(rng, ndim as u64) as usize;
    shape[long] = 1;
    let rest = |shape: &[usize]| shape.iter().product::<usize>().max(1);
    if ndim >= 2 && chance(rng, 0.125) {
        let second = (long + 1 + below(rng, (ndim - 1) as u64) as usize) % ndim;
        let room = mix.max_elements / rest(&shape) / 256;
        if room >= 16 {
            shape[second] = clustered_side(rng, 16, room.min(mix.max_side).min(1024));
        }
    }
    let room = (mix.max_elements / rest(&shape)).min(mix.max_side);
    // Past the small sides, and from 255 up where there is room (a quarter
    // of the room when the mix is bounded lower, e.g. tile sides of 16 to 65).
    let lo = (room / 4)
        .min(255)
        .max(spec.max_side + 1)
        .min(room)
        .max(min_side);
    shape[long] = clustered_side(rng, lo, room.max(lo));
    shape
}

/// The prelude's large draw of visit `visit` (see
/// [`crate::strata::LargeVisit`]): one long side of `2^k - 1` (a lane) or
/// `2^k + 1` (a frame), `k` from 13 (or the upper half of the mix's range)
/// up to what the mix allows;
/// for a lane, one dimension where the spec allows; for a frame, two or
/// more with short sides of 2 or 3. A spec without large draws gets a
/// small shape.
pub(crate) fn draw_prelude_large_shape(
    rng: &mut TestRng,
    spec: &ShapeSpec,
    visit: crate::strata::LargeVisit,
) -> Vec<usize> {
    if !spec.has_large() {
        return draw_shape(rng, spec);
    }
    let mix = &spec.sizes;
    let lane = visit == crate::strata::LargeVisit::Lane;
    let wanted = if lane { 1 } else { 2 };
    let ndim = wanted.clamp(spec.min_dims.max(1), spec.max_dims.max(1));
    let short =
        |rng: &mut TestRng| (2 + below(rng, 2) as usize).clamp(spec.min_side.max(1), mix.max_side);
    let mut shape: Vec<usize> = (0..ndim).map(|_| short(rng)).collect();
    let long = below(rng, ndim as u64) as usize;
    shape[long] = 1;
    let rest = shape.iter().product::<usize>().max(1);
    let room = (mix.max_elements / rest).min(mix.max_side).max(3);
    let top = usize::BITS - 1 - (room - 1).leading_zeros();
    let bottom = (top / 2 + top % 2).max(13).min(top);
    let k = bottom + below(rng, u64::from(top - bottom + 1)) as u32;
    let side = if lane {
        (1usize << k) - 1
    } else {
        (1usize << k) + 1
    };
    shape[long] = side.min(room).max(spec.min_side);
    shape
}

/// A shape of class `class` within `spec`.
pub(crate) fn draw_shape_in(rng: &mut TestRng, spec: &ShapeSpec, class: SizeClass) -> Vec<usize> {
    match class {
        SizeClass::Large if spec.has_large() => draw_large_shape(rng, spec),
        _ => draw_shape(rng, spec),
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

/// `n` shapes that broadcast together, of the class [`choose_class`] picks.
pub(crate) fn draw_broadcastable(rng: &mut TestRng, n: usize, spec: &ShapeSpec) -> Vec<Vec<usize>> {
    let class = choose_class(rng, spec);
    draw_broadcastable_in(rng, n, spec, class)
}

/// `n` shapes that broadcast together: a frame shape of class `class` from
/// `spec`, then for each input some leading dimensions left out (never
/// below `min_dims`) and some sides set to 1 (when `min_side <= 1`).
pub(crate) fn draw_broadcastable_in(
    rng: &mut TestRng,
    n: usize,
    spec: &ShapeSpec,
    class: SizeClass,
) -> Vec<Vec<usize>> {
    let frame = draw_shape_in(rng, spec, class);
    let d = frame.len();
    (0..n)
        .map(|i| {
            // A large draw's first input keeps the whole frame, so it is
            // large whatever the others do.
            if class == SizeClass::Large && i == 0 {
                return frame.clone();
            }
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

/// One side in `min..=max`, or (the mix's share of draws) a long side as a
/// large draw's long axis is drawn: for a dimension a check sets itself,
/// such as the inner dimension of a product. Shrinks toward `min`, long
/// sides by halving steps.
///
/// ```
/// use conformance_strategies::{side, SizeMix};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// let mix = SizeMix::LARGE.bounded(1025, 1025);
/// let k = side(0, 4, mix).new_tree(&mut runner).unwrap().current();
/// assert!(k <= 1025);
/// ```
pub fn side(min: usize, max: usize, sizes: SizeMix) -> BoxedStrategy<usize> {
    shapes(ShapeSpec::new(1, 1, min, max).with_sizes(sizes))
        .prop_map(|s| s[0])
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
    fn large_draws_respect_every_spec() {
        let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[12; 32]);
        for spec in [
            ShapeSpec::default().large(),
            ShapeSpec::new(2, 4, 2, 4).large(),
            ShapeSpec::new(1, 1, 0, 300).with_sizes(SizeMix::LARGE.bounded(4097, 1025)),
            ShapeSpec::new(0, 2, 0, 3).with_sizes(SizeMix::LARGE.bounded(65, 65)),
        ] {
            for _ in 0..200 {
                let shape = draw_shape_in(&mut rng, &spec, SizeClass::Large);
                assert!(spec.admits(&shape), "{shape:?} for {spec:?}");
                let longest = shape.iter().copied().max().unwrap_or(0);
                assert!(longest > spec.max_side, "{shape:?} for {spec:?}");
            }
        }
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
