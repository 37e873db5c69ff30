//! Strategies for the keyword arguments checks draw beside their arrays:
//! reduction axes (none, one, several, negative) with keepdims, one axis,
//! and the reduction's input with them.

use conformance_strategies::{
    arrays_of, labelled, DType, DTypeGroup, Domain, DrawnArray, ShapeSpec,
};
use proptest::prelude::*;
use proptest::sample::subsequence;

use array_api::args::Reduce;

/// `None`, or a non-empty set of distinct axes of an `ndim`-d array, each
/// written as positive or negative at random.
pub fn reduction_axes(ndim: usize) -> BoxedStrategy<Option<Vec<isize>>> {
    if ndim == 0 {
        return prop_oneof![Just(None), Just(Some(vec![]))].boxed();
    }
    let some = (
        subsequence((0..ndim).collect::<Vec<_>>(), 1..=ndim),
        proptest::collection::vec(any::<bool>(), ndim),
    )
        .prop_map(move |(axes, negative)| {
            Some(
                axes.into_iter()
                    .zip(negative)
                    .map(|(a, neg)| {
                        if neg {
                            a as isize - ndim as isize
                        } else {
                            a as isize
                        }
                    })
                    .collect(),
            )
        });
    prop_oneof![1 => Just(None), 3 => some].boxed()
}

/// One axis of an `ndim`-d array (`ndim > 0`), positive or negative.
pub fn axis(ndim: usize) -> BoxedStrategy<isize> {
    assert!(ndim > 0, "an axis needs at least one dimension");
    let n = ndim as isize;
    (-n..n).boxed()
}

labelled! {
    /// A reduction's input and its `axis`/`keepdims`.
    #[derive(Clone)]
    pub struct ReduceInput {
        pub x: DrawnArray,
        pub axis: Option<Vec<isize>>,
        pub keepdims: bool,
    }
}

impl ReduceInput {
    /// The reduction's arguments.
    pub fn args(&self) -> Reduce {
        Reduce {
            axes: self.axis.clone(),
            keepdims: self.keepdims,
        }
    }
}

/// An array of `dtypes` with `domain` values, and reduction arguments that
/// fit its shape.
pub fn reduce_input(
    dtypes: &[DType],
    shapes: ShapeSpec,
    domain: Domain,
) -> BoxedStrategy<ReduceInput> {
    arrays_of(dtypes, shapes, domain)
        .prop_flat_map(|x| {
            let ndim = x.ndim();
            (Just(x), reduction_axes(ndim), any::<bool>())
        })
        .prop_map(|(x, axis, keepdims)| ReduceInput { x, axis, keepdims })
        .boxed()
}

/// The dtypes of a group, as a list.
pub fn group(g: DTypeGroup) -> Vec<DType> {
    g.dtypes()
}
