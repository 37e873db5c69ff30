//! The input of a reduction (`sum`, `mean`, `count_nonzero`, `all`, ...):
//! an array and the `axis` (none, one, several, negative) and `keepdims`
//! that fit it, drawn with the strategies' ndim-free [`AxesChoice`] so the
//! whole input shrinks together.

use conformance_strategies::{
    arrays_of, keepdims, labelled, reduction_axes_choice, AxesChoice, DType, Domain, DrawnArray,
    ShapeSpec, SizeMix,
};
use proptest::prelude::*;

use array_api::args::Reduce;

/// The size mix of the checks whose bugs live along one long lane: the
/// reductions that fold it, the scans that carry across its blocks, the
/// sorts that split it. A larger share of large draws than
/// [`SizeMix::LARGE`] (5% against 1%): the lane is one axis of up to four,
/// a backend goes parallel only past some length (`parallel`: 16384
/// elements), and these checks are few, so a 100-example run reaches those
/// lengths on each of them for a few tenths of a second over the suite.
pub(crate) const LANES: SizeMix = SizeMix::LARGE.per_mille(50);

labelled! {
    /// A reduction's input and its `axis`/`keepdims`.
    #[derive(Clone)]
    pub(crate) struct ReduceInput {
        pub(crate) x: DrawnArray,
        axis: Option<Vec<isize>>,
        keepdims: bool,
    }
}

impl ReduceInput {
    /// The reduction's arguments.
    pub(crate) fn args(&self) -> Reduce {
        Reduce {
            axes: self.axis.clone(),
            keepdims: self.keepdims,
        }
    }
}

/// An array of `dtypes` with `domain` values, and reduction arguments that
/// fit its shape.
pub(crate) fn reduce_input(
    dtypes: &[DType],
    shapes: ShapeSpec,
    domain: Domain,
) -> BoxedStrategy<ReduceInput> {
    (
        arrays_of(dtypes, shapes, domain),
        reduction_axes_choice(),
        keepdims(),
    )
        .prop_map(|(x, axes, keepdims): (DrawnArray, AxesChoice, bool)| {
            let axis = axes.resolve(x.ndim());
            ReduceInput { x, axis, keepdims }
        })
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::{normalize_axis, DTypeGroup};
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    /// The drawn axes are distinct axes of `x`, and every kind is met: no
    /// axis, one, several, negative ones.
    #[test]
    fn the_axes_fit_the_array_and_cover_their_kinds() {
        let s = reduce_input(
            &DTypeGroup::Floating.dtypes(),
            ShapeSpec::default(),
            Domain::any(),
        );
        let mut runner = TestRunner::deterministic();
        let (mut none, mut one, mut several, mut negative) = (0, 0, 0, 0);
        for _ in 0..300 {
            let i = s.new_tree(&mut runner).unwrap().current();
            let Some(axes) = &i.axis else {
                none += 1;
                continue;
            };
            let n = i.x.ndim();
            let mut idx: Vec<usize> = axes
                .iter()
                .map(|&a| normalize_axis(a, n).expect("in range"))
                .collect();
            idx.sort();
            idx.dedup();
            assert_eq!(idx.len(), axes.len(), "{i:?}");
            negative += usize::from(axes.iter().any(|&a| a < 0));
            match axes.len() {
                1 => one += 1,
                k if k > 1 => several += 1,
                _ => {}
            }
        }
        assert!(none > 20 && one > 30 && several > 30 && negative > 30);
    }
}
