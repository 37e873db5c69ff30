//! Shrinking: the order in which a failing input is simplified, so that the
//! reported counterexample is small.
//!
//! The strategies of this crate do not shrink with proptest's generic
//! combinators (a `prop_flat_map` from shape to values redraws the values
//! whenever the shape shrinks, and loses the value that failed). Instead
//! each input keeps its whole state (shapes, values, layouts, dtype) in one
//! value tree, and a driver walks a list of simplifications of that state:
//!
//! 1. shapes: drop an axis keeping one index of it, shrink a side to its
//!    minimum, to a half, by a leading or trailing block of a half, a
//!    quarter, an eighth... of it (so a side of 8193 reaches 4097, then
//!    2049, then 1025 in three steps), or by one index, make an input
//!    broadcast along an axis (side 1), drop an input's leading axis. The
//!    values of the kept positions stay, so the element that failed is
//!    still there. On a side longer than `PER_INDEX_MAX` the steps that
//!    name one index (drop the axis keeping index `j`, remove index `j`)
//!    are tried at a sample of indices (the ends and evenly spaced ones),
//!    not at each: a side of 65537 would otherwise list 65537 of each;
//! 2. dtype: the earlier dtypes of the group, when every value converts
//!    exactly;
//! 3. layouts: each view back to C order;
//! 4. values in blocks: a half, a quarter, ... (down to a 64th) of an
//!    array's elements at once to the simplest value of the domain, so a
//!    large array's values simplify in a few dozen attempts rather than
//!    one per element;
//! 5. values: each element to `0`, `1`, the simplest value of the domain,
//!    then simpler forms of itself (see [`crate::values`]).
//!
//! A simplification that still fails is kept and the walk goes on from the
//! same place; one that passes is undone. When a pass over the list keeps
//! anything, another pass runs, so the result is a local minimum: no single
//! listed simplification of it still fails.

use std::fmt;
use std::sync::Arc;

use proptest::strategy::ValueTree;

use crate::layout::Layout;

/// A state that lists its own simplifications.
pub(crate) trait Shrink: Clone {
    /// The value handed to the property.
    type Value: fmt::Debug;
    /// A position in the list of simplifications.
    type Cursor: Clone + Default + fmt::Debug;

    fn value(&self) -> Self::Value;

    /// The first valid simplification at or after `cursor`, leaving `cursor`
    /// at its position; `None` at the end of the list.
    fn candidate_at(&self, cursor: &mut Self::Cursor) -> Option<Self>;

    /// Moves `cursor` past the simplification it points at.
    fn step(cursor: &mut Self::Cursor);
}

/// A proptest [`ValueTree`] that walks the simplifications of a
/// [`Shrink`] state.
#[derive(Clone)]
pub(crate) struct Driver<S: Shrink> {
    /// The simplest state known to fail.
    accepted: S,
    /// The state under test (a candidate, or `accepted`).
    current: S,
    cursor: S::Cursor,
    /// Whether `current` is a candidate rather than `accepted`.
    testing: bool,
    /// Whether this pass kept a simplification.
    progress: bool,
    done: bool,
}

impl<S: Shrink> Driver<S> {
    pub(crate) fn new(state: S) -> Self {
        Driver {
            accepted: state.clone(),
            current: state,
            cursor: S::Cursor::default(),
            testing: false,
            progress: false,
            done: false,
        }
    }

    /// Moves `current` to the next candidate from the cursor, starting new
    /// passes while the last one kept something.
    fn advance(&mut self) -> bool {
        loop {
            if let Some(candidate) = self.accepted.candidate_at(&mut self.cursor) {
                self.current = candidate;
                self.testing = true;
                return true;
            }
            if self.progress {
                self.progress = false;
                self.cursor = S::Cursor::default();
                continue;
            }
            self.current = self.accepted.clone();
            self.testing = false;
            self.done = true;
            return false;
        }
    }
}

impl<S: Shrink> fmt::Debug for Driver<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Driver")
            .field("current", &self.current.value())
            .field("cursor", &self.cursor)
            .field("done", &self.done)
            .finish()
    }
}

impl<S: Shrink> ValueTree for Driver<S> {
    type Value = S::Value;

    fn current(&self) -> S::Value {
        self.current.value()
    }

    /// Called when `current` fails: keep it and try the next simplification.
    fn simplify(&mut self) -> bool {
        if self.done {
            return false;
        }
        if self.testing {
            self.accepted = self.current.clone();
            self.progress = true;
        }
        self.advance()
    }

    /// Called when `current` passes: undo it and try the next one. When the
    /// list is exhausted the known failure comes back and `true` is
    /// returned once more, so that the runner re-checks it and calls
    /// `simplify`, which then says `false`; inside a tuple that moves
    /// shrinking on to the next component instead of ending it.
    fn complicate(&mut self) -> bool {
        if !self.testing {
            return false;
        }
        S::step(&mut self.cursor);
        self.advance();
        true
    }
}

/// Bounds the shape simplifications respect.
#[derive(Clone, Debug)]
pub(crate) struct ShapeRules {
    pub min_dims: usize,
    pub min_side: usize,
    /// Whether shapes shrink at all (not for fixed shapes).
    pub shrink_shapes: bool,
    /// Whether which positions are kept matters (not for shapes alone).
    pub values_matter: bool,
}

/// n arrays whose shapes broadcast together, with their C-ordered values
/// and layouts; `T = ()` for shapes alone.
#[derive(Clone, Debug)]
pub(crate) struct Arrays<T> {
    pub shapes: Vec<Vec<usize>>,
    pub values: Vec<Vec<T>>,
    pub layouts: Vec<Layout>,
    pub rules: Arc<ShapeRules>,
    /// The value that fills an array whose empty axis is dropped (the
    /// simplest value of the domain).
    pub filler: T,
}

/// One simplification of the shapes, in broadcast-frame coordinates (axis
/// `k` of the frame is axis `k - (d - ndim)` of an input of `ndim` axes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ShapeOp {
    /// Remove frame axis `k` from every input that has it, keeping index
    /// `j` (index 0 where the input broadcasts).
    DropAxis { k: usize, j: usize },
    /// Keep indices `start..end` of frame axis `k` where an input has the
    /// full side.
    Keep { k: usize, start: usize, end: usize },
    /// Remove index `j` of frame axis `k` where an input has the full side.
    RemoveIndex { k: usize, j: usize },
    /// Make input `i` broadcast (side 1) along frame axis `k`, keeping `j`.
    Broadcast { i: usize, k: usize, j: usize },
    /// Remove input `i`'s leading axis, keeping index `j`.
    DropLeading { i: usize, j: usize },
    /// Make every input (all of the frame's shape) one-dimensional, the
    /// values in C order: a failure that needs many elements, not many
    /// axes, then shrinks along one axis.
    Flatten,
}

/// The longest side whose every index gets its own simplifications
/// (`DropAxis`, `RemoveIndex`, `Broadcast`, `DropLeading` keeping index
/// `j`); longer sides get a sample of [`PER_INDEX_MAX`] indices.
pub(crate) const PER_INDEX_MAX: usize = 32;

/// The indices of a side of `n` that per-index simplifications try: all of
/// them up to [`PER_INDEX_MAX`], else evenly spaced ones and the last.
fn indices(n: usize) -> Vec<usize> {
    if n <= PER_INDEX_MAX {
        return (0..n).collect();
    }
    let mut v: Vec<usize> = (0..PER_INDEX_MAX - 1)
        .map(|t| t * n / (PER_INDEX_MAX - 1))
        .collect();
    v.push(n - 1);
    v.dedup();
    v
}

/// The blocks of values (`start..end` of an array of `len` elements) that
/// the block phase sets to the simplest value, by cursor position: the
/// halves, then the quarters, ... then the 64ths of each array of at least
/// [`BLOCKS_MIN`] elements in turn. `None` past the last.
pub(crate) fn block_at(lens: &[usize], mut a: usize) -> Option<(usize, usize, usize)> {
    for (i, &len) in lens.iter().enumerate() {
        if len < BLOCKS_MIN {
            continue;
        }
        for t in 1..=6u32 {
            let n = 1usize << t;
            if a < n {
                let size = len.div_ceil(n);
                let start = (a * size).min(len);
                return Some((i, start, (start + size).min(len)));
            }
            a -= n;
        }
    }
    None
}

/// Arrays shorter than this simplify their values element by element only.
pub(crate) const BLOCKS_MIN: usize = 16;

/// The positions `ranges` of axis `axis` of C-ordered `data` of `shape`.
pub(crate) fn take_ranges<T: Clone>(
    data: &[T],
    shape: &[usize],
    axis: usize,
    ranges: &[(usize, usize)],
) -> Vec<T> {
    let outer: usize = shape[..axis].iter().product();
    let side = shape[axis];
    let inner: usize = shape[axis + 1..].iter().product();
    let kept: usize = ranges.iter().map(|(s, e)| e - s).sum();
    let mut out = Vec::with_capacity(outer * kept * inner);
    for o in 0..outer {
        let base = o * side * inner;
        for &(s, e) in ranges {
            out.extend_from_slice(&data[base + s * inner..base + e * inner]);
        }
    }
    out
}

impl<T: Clone> Arrays<T> {
    /// The number of frame axes and the frame (broadcast) shape.
    pub(crate) fn frame(&self) -> (usize, Vec<usize>) {
        let d = self.shapes.iter().map(Vec::len).max().unwrap_or(0);
        let mut f = vec![1usize; d];
        for s in &self.shapes {
            let off = d - s.len();
            for (a, &side) in s.iter().enumerate() {
                if side != 1 {
                    f[off + a] = side;
                }
            }
        }
        (d, f)
    }

    fn local_axis(&self, i: usize, d: usize, k: usize) -> Option<usize> {
        let n = self.shapes[i].len();
        (k + n >= d).then(|| k + n - d)
    }

    /// Every shape simplification of this state, most drastic first.
    pub(crate) fn ops(&self) -> Vec<ShapeOp> {
        let rules = &self.rules;
        let mut ops = Vec::new();
        if !rules.shrink_shapes {
            return ops;
        }
        let (d, f) = self.frame();
        if d >= 2 && rules.min_dims <= 1 && self.shapes.iter().all(|s| *s == f) {
            ops.push(ShapeOp::Flatten);
        }
        let all = |n: usize| {
            if rules.values_matter {
                indices(n)
            } else {
                (0..n.min(1)).collect()
            }
        };
        for (k, &side) in f.iter().enumerate() {
            // An empty axis is dropped too; the array it empties gets values.
            for j in all(side.max(1)) {
                ops.push(ShapeOp::DropAxis { k, j });
            }
        }
        for (k, &side) in f.iter().enumerate() {
            if side <= rules.min_side {
                continue;
            }
            let m = rules.min_side;
            let keep = |start: usize, end: usize| ShapeOp::Keep { k, start, end };
            ops.push(keep(0, m));
            if rules.values_matter && m > 0 {
                ops.push(keep(side - m, side));
            }
            let half = side / 2;
            if half > m {
                ops.push(keep(0, half));
                if rules.values_matter {
                    ops.push(keep(half, side));
                }
            }
            // Remove a trailing (and, where values matter, a leading) block
            // of a half, a quarter, ... of the side, down to one index.
            let mut block = side / 2;
            while block >= 1 {
                if side - block >= m.max(1) && side - block > half {
                    ops.push(keep(0, side - block));
                    if rules.values_matter {
                        ops.push(keep(block, side));
                    }
                }
                block /= 2;
            }
            // Sides 1 and 2 are covered by the cuts above.
            if side >= 3 && side > m {
                if rules.values_matter {
                    for j in indices(side) {
                        ops.push(ShapeOp::RemoveIndex { k, j });
                    }
                } else {
                    ops.push(ShapeOp::RemoveIndex { k, j: side - 1 });
                }
            }
        }
        if self.shapes.len() > 1 {
            if rules.min_side <= 1 {
                for (i, s) in self.shapes.iter().enumerate() {
                    let off = d - s.len();
                    for (a, &side) in s.iter().enumerate() {
                        if side > 1 {
                            for j in all(side) {
                                ops.push(ShapeOp::Broadcast { i, k: off + a, j });
                            }
                        }
                    }
                }
            }
            for (i, s) in self.shapes.iter().enumerate() {
                if s.len() > rules.min_dims {
                    for j in all(s[0]) {
                        ops.push(ShapeOp::DropLeading { i, j });
                    }
                }
            }
        }
        ops
    }

    /// The state after `op`, or `None` when `op` does not apply.
    pub(crate) fn apply(&self, op: ShapeOp) -> Option<Arrays<T>> {
        let (d, f) = self.frame();
        let mut next = self.clone();
        let min_dims = self.rules.min_dims;
        match op {
            ShapeOp::DropAxis { k, j } => {
                let mut changed = false;
                for i in 0..self.shapes.len() {
                    let Some(a) = self.local_axis(i, d, k) else {
                        continue;
                    };
                    let shape = &self.shapes[i];
                    let side = shape[a];
                    let idx = if side <= 1 { 0 } else { j };
                    if idx >= side.max(1) || shape.len() <= min_dims {
                        return None;
                    }
                    next.shapes[i].remove(a);
                    next.values[i] = if side == 0 {
                        vec![self.filler.clone(); next.shapes[i].iter().product()]
                    } else {
                        take_ranges(&self.values[i], shape, a, &[(idx, idx + 1)])
                    };
                    changed = true;
                }
                changed.then_some(next)
            }
            ShapeOp::Keep { k, start, end } => {
                self.resize_axis(&mut next, d, k, f[k], &[(start, end)])?;
                Some(next)
            }
            ShapeOp::RemoveIndex { k, j } => {
                let full = f[k];
                if j >= full {
                    return None;
                }
                self.resize_axis(&mut next, d, k, full, &[(0, j), (j + 1, full)])?;
                Some(next)
            }
            ShapeOp::Broadcast { i, k, j } => {
                let a = self.local_axis(i, d, k)?;
                let shape = &self.shapes[i];
                if shape[a] <= 1 || j >= shape[a] || self.rules.min_side > 1 {
                    return None;
                }
                next.values[i] = take_ranges(&self.values[i], shape, a, &[(j, j + 1)]);
                next.shapes[i][a] = 1;
                Some(next)
            }
            ShapeOp::Flatten => {
                if d < 2 || min_dims > 1 || self.shapes.iter().any(|s| *s != f) {
                    return None;
                }
                for s in &mut next.shapes {
                    *s = vec![f.iter().product()];
                }
                Some(next)
            }
            ShapeOp::DropLeading { i, j } => {
                let shape = self.shapes.get(i)?;
                if shape.len() <= min_dims || j >= shape[0] {
                    return None;
                }
                next.values[i] = take_ranges(&self.values[i], shape, 0, &[(j, j + 1)]);
                next.shapes[i].remove(0);
                Some(next)
            }
        }
    }

    /// Keeps `ranges` of frame axis `k` in every input whose side there is
    /// the full side `full`.
    fn resize_axis(
        &self,
        next: &mut Arrays<T>,
        d: usize,
        k: usize,
        full: usize,
        ranges: &[(usize, usize)],
    ) -> Option<()> {
        let new_side: usize = ranges.iter().map(|(s, e)| e - s).sum();
        if new_side >= full
            || new_side < self.rules.min_side
            || ranges.iter().any(|&(s, e)| s > e || e > full)
        {
            return None;
        }
        let mut changed = false;
        for i in 0..self.shapes.len() {
            let Some(a) = self.local_axis(i, d, k) else {
                continue;
            };
            let shape = &self.shapes[i];
            if shape[a] != full {
                continue;
            }
            next.values[i] = take_ranges(&self.values[i], shape, a, ranges);
            next.shapes[i][a] = new_side;
            changed = true;
        }
        changed.then_some(())
    }
}

/// Shapes alone (for [`crate::shapes`] and [`crate::broadcastable_shapes`]).
#[derive(Clone, Debug)]
pub(crate) struct ShapesOnly(pub Arrays<()>);

impl ShapesOnly {
    pub(crate) fn new(shapes: Vec<Vec<usize>>, min_dims: usize, min_side: usize) -> ShapesOnly {
        let values = shapes
            .iter()
            .map(|s| vec![(); s.iter().product()])
            .collect();
        let layouts = vec![Layout::C; shapes.len()];
        ShapesOnly(Arrays {
            shapes,
            values,
            layouts,
            filler: (),
            rules: Arc::new(ShapeRules {
                min_dims,
                min_side,
                shrink_shapes: true,
                values_matter: false,
            }),
        })
    }
}

impl Shrink for ShapesOnly {
    type Value = Vec<Vec<usize>>;
    type Cursor = usize;

    fn value(&self) -> Vec<Vec<usize>> {
        self.0.shapes.clone()
    }

    fn candidate_at(&self, cursor: &mut usize) -> Option<Self> {
        let ops = self.0.ops();
        while *cursor < ops.len() {
            if let Some(next) = self.0.apply(ops[*cursor]) {
                return Some(ShapesOnly(next));
            }
            *cursor += 1;
        }
        None
    }

    fn step(cursor: &mut usize) {
        *cursor += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::broadcast_shape;

    fn arrays(shapes: Vec<Vec<usize>>, min_dims: usize, min_side: usize) -> Arrays<u32> {
        let mut next = 0;
        let values = shapes
            .iter()
            .map(|s| {
                let n: usize = s.iter().product();
                let v: Vec<u32> = (next..next + n as u32).collect();
                next += n as u32;
                v
            })
            .collect();
        let layouts = vec![Layout::C; shapes.len()];
        Arrays {
            shapes,
            values,
            layouts,
            rules: Arc::new(ShapeRules {
                min_dims,
                min_side,
                shrink_shapes: true,
                values_matter: true,
            }),
            filler: 99,
        }
    }

    #[test]
    fn take_ranges_picks_positions_along_an_axis() {
        let data: Vec<u32> = (0..24).collect();
        assert_eq!(
            take_ranges(&data, &[2, 3, 4], 1, &[(1, 2)]),
            vec![4, 5, 6, 7, 16, 17, 18, 19]
        );
        assert_eq!(
            take_ranges(&data, &[2, 3, 4], 2, &[(0, 1), (3, 4)]),
            vec![0, 3, 4, 7, 8, 11, 12, 15, 16, 19, 20, 23]
        );
        assert!(take_ranges(&data[..0], &[0, 3], 1, &[(0, 1)]).is_empty());
    }

    #[test]
    fn every_op_keeps_shapes_broadcastable_values_in_step_and_bounds() {
        let start = arrays(vec![vec![3, 1, 4], vec![4], vec![2, 3, 2, 4]], 1, 0);
        let mut frontier = vec![start];
        let mut seen = 0;
        while let Some(state) = frontier.pop() {
            for op in state.ops() {
                let Some(next) = state.apply(op) else {
                    continue;
                };
                seen += 1;
                let refs: Vec<&[usize]> = next.shapes.iter().map(Vec::as_slice).collect();
                assert!(
                    broadcast_shape(&refs).is_some(),
                    "{op:?} gave {:?}",
                    next.shapes
                );
                for (s, v) in next.shapes.iter().zip(&next.values) {
                    assert_eq!(s.iter().product::<usize>(), v.len(), "{op:?}");
                    assert!(!s.is_empty(), "min_dims kept");
                }
                // Every op lowers the dimensions, or keeps them and lowers
                // the elements, or keeps both and lowers the sides, so
                // shrinking ends.
                let size = |a: &Arrays<u32>| {
                    (
                        a.shapes.iter().map(Vec::len).sum::<usize>(),
                        a.values.iter().map(Vec::len).sum::<usize>(),
                        a.shapes.iter().flatten().sum::<usize>(),
                    )
                };
                assert!(size(&next) < size(&state), "{op:?} simplifies");
                if seen < 400 {
                    frontier.push(next);
                }
            }
        }
        assert!(seen >= 400);
    }

    #[test]
    fn drop_axis_keeps_the_chosen_slice() {
        let a = arrays(vec![vec![2, 3]], 0, 0);
        let b = a.apply(ShapeOp::DropAxis { k: 0, j: 1 }).unwrap();
        assert_eq!(b.shapes, vec![vec![3]]);
        assert_eq!(b.values, vec![vec![3, 4, 5]]);
        let c = b.apply(ShapeOp::DropAxis { k: 0, j: 2 }).unwrap();
        assert_eq!((c.shapes[0].len(), c.values[0].clone()), (0, vec![5]));
        // An empty axis goes, and the array gets the filler.
        let e = arrays(vec![vec![2, 0, 3]], 0, 0);
        let g = e.apply(ShapeOp::DropAxis { k: 1, j: 0 }).unwrap();
        assert_eq!(
            (g.shapes[0].clone(), g.values[0].clone()),
            (vec![2, 3], vec![99; 6])
        );
        // min_dims stops it.
        let m = arrays(vec![vec![2, 3]], 2, 0);
        assert!(m.apply(ShapeOp::DropAxis { k: 0, j: 0 }).is_none());
        // min_side stops side shrinking.
        let s = arrays(vec![vec![2, 3]], 0, 2);
        assert!(s
            .ops()
            .iter()
            .all(|op| !matches!(op, ShapeOp::Keep { k: 0, .. })));
    }

    #[test]
    fn broadcast_inputs_shrink_together() {
        // [3, 4] with [4]: dropping frame axis 1 removes [4]'s only axis too.
        let a = arrays(vec![vec![3, 4], vec![4]], 0, 0);
        let b = a.apply(ShapeOp::DropAxis { k: 1, j: 2 }).unwrap();
        assert_eq!(b.shapes, vec![vec![3], vec![]]);
        assert_eq!(b.values, vec![vec![2, 6, 10], vec![14]]);
        let c = a
            .apply(ShapeOp::Keep {
                k: 1,
                start: 2,
                end: 4,
            })
            .unwrap();
        assert_eq!(c.shapes, vec![vec![3, 2], vec![2]]);
        let d = a.apply(ShapeOp::Broadcast { i: 0, k: 1, j: 3 }).unwrap();
        assert_eq!(d.shapes, vec![vec![3, 1], vec![4]]);
        assert_eq!(d.values[0], vec![3, 7, 11]);
        let e = a.apply(ShapeOp::DropLeading { i: 0, j: 1 }).unwrap();
        assert_eq!(e.shapes, vec![vec![4], vec![4]]);
    }

    #[test]
    fn shapes_alone_shrink_to_the_minimum() {
        let mut tree = Driver::new(ShapesOnly::new(vec![vec![3, 5, 2]], 1, 2));
        // Always failing: shrinks as far as the rules allow.
        while tree.simplify() {}
        assert_eq!(tree.current(), vec![vec![2]]);
        let mut tree = Driver::new(ShapesOnly::new(vec![vec![3, 5, 2]], 0, 0));
        // Fails while the shape has a side of at least 4.
        let fails = |s: &Vec<Vec<usize>>| s[0].iter().any(|&x| x >= 4);
        let mut ok = tree.simplify();
        while ok {
            ok = if fails(&tree.current()) {
                tree.simplify()
            } else {
                tree.complicate()
            };
        }
        assert_eq!(tree.current(), vec![vec![4]]);
    }
}
