//! The check of `broadcast_shapes`: no shape to four shapes of up to four
//! dimensions (0-d and zero-size sides included), broadcastable three times
//! in four (the strategies' `broadcastable_shapes`), else drawn
//! independently (mostly clashing, which both must refuse). The result is
//! a shape, compared exactly with the reference's (the standard's rule in
//! `array_api::shape`); no shape at all broadcasts to `()`.

use conformance_engine::{Check, CheckContext};
use conformance_strategies::{broadcastable_shapes, labelled, shapes, ShapeSpec};
use proptest::prelude::*;

use super::agree::{agree_with, reference};
use super::data_type::equal;
use array_api::api::Backend;

labelled! {
    #[derive(Clone)]
    struct BroadcastShapesInput {
        shapes: Vec<Vec<usize>>,
    }
}

fn broadcast_shapes_input() -> impl Strategy<Value = BroadcastShapesInput> {
    let spec = ShapeSpec::new(0, 4, 0, 4);
    prop_oneof![
        3 => (0..=4usize).prop_flat_map(move |n| if n == 0 {
            Just(Vec::new()).boxed()
        } else {
            broadcastable_shapes(n, spec)
        }),
        1 => proptest::collection::vec(shapes(spec), 1..=4),
    ]
    .prop_map(|shapes| BroadcastShapesInput { shapes })
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![Check::new(
        "manipulation",
        "broadcast_shapes",
        |b: &Backend, ctx: &CheckContext| {
            ctx.for_all(broadcast_shapes_input(), |i| {
                agree_with(
                    reference().broadcast_shapes(&i.shapes),
                    b.broadcast_shapes(&i.shapes),
                    equal(format!("broadcast_shapes({:?})", i.shapes)),
                )
            })
        },
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mutant, passes_and_catches};
    use array_api::api::ApiResult;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    /// Aligned on the left instead of the right.
    fn left_aligned(shapes: &[Vec<usize>]) -> ApiResult<Vec<usize>> {
        let reversed: Vec<Vec<usize>> = shapes
            .iter()
            .map(|s| s.iter().rev().copied().collect())
            .collect();
        let mut out = reference().broadcast_shapes(&reversed)?;
        out.reverse();
        Ok(out)
    }

    #[test]
    fn the_check_passes_the_reference_and_catches_a_mutant() {
        passes_and_catches(
            &checks(),
            "manipulation::broadcast_shapes",
            &mutant(|o| o.broadcast_shapes(left_aligned)),
            "broadcast_shapes([",
        );
    }

    #[test]
    fn the_draws_reach_empty_lists_clashes_and_zero_sides() {
        let mut runner = TestRunner::deterministic();
        let (mut none, mut clash, mut zero) = (0, 0, 0);
        for _ in 0..400 {
            let i = broadcast_shapes_input()
                .new_tree(&mut runner)
                .unwrap()
                .current();
            none += usize::from(i.shapes.is_empty());
            match reference().broadcast_shapes(&i.shapes) {
                Ok(s) => zero += usize::from(s.contains(&0)),
                Err(_) => clash += 1,
            }
        }
        assert!(
            none > 10 && clash > 20 && zero > 20,
            "{none} {clash} {zero}"
        );
    }
}
