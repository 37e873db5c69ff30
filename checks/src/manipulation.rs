//! The manipulation checks: values are moved, not computed, so results are
//! compared exactly (zero signs included). Arguments are valid most of the
//! time; now and then an axis is out of range or a shape does not fit, so
//! that the backend must raise where the reference raises.

use std::fmt;

use conformance_engine::{CaseResult, Check, CheckContext};
use conformance_strategies::compare::CompareOptions;
use conformance_strategies::strata::flag;
use conformance_strategies::{
    arrays, arrays_with_shapes, axis_choice, labelled, normalize_axis, reduction_axes_choice,
    reshape_target, AnyArray, AxisChoice, DTypeGroup, Domain, DrawnArray, ShapeSpec, SizeMix,
};
use proptest::prelude::*;

use super::agree::{agree, agree_all, reference};
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};

labelled! {
    #[derive(Clone)]
    struct ArraysInput {
        arrays: Vec<DrawnArray>,
    }
}

labelled! {
    #[derive(Clone)]
    struct BroadcastToInput {
        x: DrawnArray,
        shape: Vec<usize>,
    }
}

labelled! {
    #[derive(Clone)]
    struct ConcatInput {
        arrays: Vec<DrawnArray>,
        axis: Option<isize>,
    }
}

labelled! {
    /// `expand_dims` and `unstack`.
    #[derive(Clone)]
    struct AxisInput {
        x: DrawnArray,
        axis: isize,
    }
}

labelled! {
    #[derive(Clone)]
    struct FlipInput {
        x: DrawnArray,
        axis: Option<Vec<isize>>,
    }
}

labelled! {
    #[derive(Clone)]
    struct MoveaxisInput {
        x: DrawnArray,
        source: Vec<isize>,
        destination: Vec<isize>,
    }
}

labelled! {
    #[derive(Clone)]
    struct PermuteDimsInput {
        x: DrawnArray,
        axes: Vec<usize>,
    }
}

labelled! {
    #[derive(Clone)]
    struct RepeatInput {
        x: DrawnArray,
        repeats: Vec<usize>,
        axis: Option<isize>,
    }
}

labelled! {
    #[derive(Clone)]
    struct ReshapeInput {
        x: DrawnArray,
        shape: Vec<isize>,
    }
}

labelled! {
    #[derive(Clone)]
    struct RollInput {
        x: DrawnArray,
        shift: Vec<isize>,
        axis: Option<Vec<isize>>,
    }
}

labelled! {
    #[derive(Clone)]
    struct SqueezeInput {
        x: DrawnArray,
        axis: Vec<isize>,
    }
}

labelled! {
    #[derive(Clone)]
    struct StackInput {
        arrays: Vec<DrawnArray>,
        axis: isize,
    }
}

labelled! {
    #[derive(Clone)]
    struct TileInput {
        x: DrawnArray,
        repetitions: Vec<usize>,
    }
}

/// Exact comparison: dtype, shape, every value and the sign of zero.
pub(crate) fn exact() -> CompareOptions {
    CompareOptions::exact().with_zero_sign()
}

fn same(expected: ApiResult<AnyArray>, actual: ApiResult<AnyArray>) -> CaseResult {
    agree(expected, actual, Some(&exact()))
}

fn same_all(expected: ApiResult<Vec<AnyArray>>, actual: ApiResult<Vec<AnyArray>>) -> CaseResult {
    agree_all(expected, actual, Some(&exact()))
}

/// An array of any dtype, shape and layout, a share of them large.
fn any_array() -> BoxedStrategy<DrawnArray> {
    sized_array(SizeMix::LARGE)
}

/// The large draws of functions whose output grows with their arguments
/// (`broadcast_to`, `repeat`, `tile`: up to 81 times the input): a few
/// thousand elements at most, still past the block edges of 1024 and 4096.
const GROWING: SizeMix = SizeMix::LARGE.bounded(4097, 4097);

/// An array of any dtype, shape and layout, with the size mix `sizes`.
fn sized_array(sizes: SizeMix) -> BoxedStrategy<DrawnArray> {
    arrays(
        DTypeGroup::All,
        ShapeSpec::default().with_sizes(sizes),
        Domain::any(),
    )
}

/// An axis drawn without knowing `ndim`, valid nine times in ten; see
/// [`AxisOrInvalid::resolve`].
#[derive(Clone, Copy, Debug)]
struct AxisOrInvalid {
    axis: AxisChoice,
    invalid: bool,
}

impl AxisOrInvalid {
    /// An axis of an `ndim`-d array in `-n..n` (`n = ndim + extra`:
    /// `extra` widens the valid range, for `expand_dims` and `stack`), or
    /// when `invalid` one just out of range (`n` or `-n - 1`); with `n = 0`
    /// one of 0, -1 and 1, all out of range.
    fn resolve(self, ndim: usize, extra: usize) -> isize {
        let n = ndim + extra;
        if n == 0 {
            return [0, -1, 1][self.axis.raw as usize % 3];
        }
        match (self.invalid, self.axis.negative) {
            (false, _) => self.axis.resolve(n),
            (true, false) => n as isize,
            (true, true) => -(n as isize) - 1,
        }
    }
}

/// An [`AxisOrInvalid`]; shrinks toward a valid axis 0.
fn axis_or_invalid() -> impl Strategy<Value = AxisOrInvalid> {
    (axis_choice(), prop::bool::weighted(0.1))
        .prop_map(|(axis, invalid)| AxisOrInvalid { axis, invalid })
}

/// An array of any dtype, shape and layout, and arguments drawn for it.
fn with<K: fmt::Debug + Clone + 'static>(
    sizes: SizeMix,
    args: impl Fn(&DrawnArray) -> BoxedStrategy<K> + 'static,
) -> BoxedStrategy<(DrawnArray, K)> {
    sized_array(sizes)
        .prop_flat_map(move |x| {
            let a = args(&x);
            (Just(x), a)
        })
        .boxed()
}

fn check(
    function: &'static str,
    body: impl Fn(&Backend, &CheckContext) -> conformance_engine::CheckOutcome + Send + Sync + 'static,
) -> Check<Backend> {
    Check::new("manipulation", function, body).depends_on(ROUND_TRIP)
}

/// `count` arrays of one dtype whose shapes equal `shape` except (for
/// concat) along one axis.
fn same_shape_arrays(count: usize, shape: Vec<usize>) -> BoxedStrategy<Vec<DrawnArray>> {
    conformance_strategies::dtypes(DTypeGroup::All)
        .prop_flat_map(move |dtype| {
            arrays_with_shapes(dtype, vec![shape.clone(); count], Domain::any())
        })
        .boxed()
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        check("broadcast_arrays", |b, ctx| {
            let strategy = conformance_strategies::strata::one_of(vec![1usize, 2, 3])
                .prop_flat_map(|n| {
                    conformance_strategies::broadcast_arrays(
                        n,
                        DTypeGroup::All,
                        ShapeSpec::default().large(),
                        Domain::any(),
                    )
                })
                .prop_map(|arrays| ArraysInput { arrays });
            ctx.for_all(strategy, |input| {
                let xs: Vec<AnyArray> = input.arrays.iter().map(|a| a.array.clone()).collect();
                same_all(reference().broadcast_arrays(&xs), b.broadcast_arrays(&xs))
            })
        }),
        check("broadcast_to", |b, ctx| {
            let strategy = with(GROWING, |x| {
                let shape = x.shape().to_vec();
                let grown = (
                    prop::collection::vec(0usize..4, 0..=2),
                    prop::collection::vec(any::<bool>(), shape.len()),
                )
                    .prop_map(move |(lead, widen)| {
                        let mut out = lead;
                        for (s, w) in shape.iter().zip(widen) {
                            out.push(if *s == 1 && w { 3 } else { *s });
                        }
                        out
                    });
                let wrong = prop::collection::vec(0usize..4, 0..=4);
                prop_oneof![9 => grown, 1 => wrong].boxed()
            })
            .prop_map(|(x, shape)| BroadcastToInput { x, shape });
            ctx.for_all(strategy, |i| {
                same(
                    reference().broadcast_to(&i.x, &i.shape),
                    b.broadcast_to(&i.x, &i.shape),
                )
            })
        }),
        check("concat", |b, ctx| {
            // One array per side; the sides differ along the axis only (no
            // axis: the arrays are flattened, any shapes of one size do).
            let strategy = (
                prop::collection::vec(0usize..4, 0..=3),
                conformance_strategies::strata::count(1, 3)
                    .prop_flat_map(|n| prop::collection::vec(0usize..4, n)),
                flag(),
                axis_choice(),
                conformance_strategies::dtypes(DTypeGroup::All),
            )
                .prop_flat_map(|(shape, sides, flat, axis, dtype)| {
                    let ndim = shape.len();
                    let axis = (!flat && ndim > 0).then(|| axis.resolve(ndim));
                    let shapes: Vec<Vec<usize>> = sides
                        .iter()
                        .map(|&side| {
                            let mut s = shape.clone();
                            if let Some(a) = axis {
                                s[normalize_axis(a, ndim).expect("a resolved axis")] = side;
                            }
                            s
                        })
                        .collect();
                    (arrays_with_shapes(dtype, shapes, Domain::any()), Just(axis))
                })
                .prop_map(|(arrays, axis)| ConcatInput { arrays, axis });
            ctx.for_all(strategy, |i| {
                let xs: Vec<AnyArray> = i.arrays.iter().map(|a| a.array.clone()).collect();
                same(reference().concat(&xs, i.axis), b.concat(&xs, i.axis))
            })
        }),
        check("expand_dims", |b, ctx| {
            let strategy = (any_array(), axis_or_invalid()).prop_map(|(x, axis)| AxisInput {
                axis: axis.resolve(x.ndim(), 1),
                x,
            });
            ctx.for_all(strategy, |i| {
                same(
                    reference().expand_dims(&i.x, i.axis),
                    b.expand_dims(&i.x, i.axis),
                )
            })
        }),
        check("flip", |b, ctx| {
            let strategy = (any_array(), reduction_axes_choice()).prop_map(|(x, axes)| FlipInput {
                axis: axes.resolve(x.ndim()),
                x,
            });
            ctx.for_all(strategy, |i| {
                let axis = i.axis.as_deref();
                same(reference().flip(&i.x, axis), b.flip(&i.x, axis))
            })
        }),
        check("moveaxis", |b, ctx| {
            // The first `k` (0 to `ndim`) axes of two permutations.
            let strategy = (
                any_array(),
                reduction_axes_choice(),
                reduction_axes_choice(),
                0usize..5,
            )
                .prop_map(|(x, s, d, k)| {
                    let n = x.ndim();
                    let k = k % (n + 1);
                    // Even axes written negative.
                    let neg =
                        |v: usize| v as isize - if v.is_multiple_of(2) { n as isize } else { 0 };
                    MoveaxisInput {
                        source: s.permutation(n)[..k].iter().map(|&v| neg(v)).collect(),
                        destination: d.permutation(n)[..k].iter().map(|&v| v as isize).collect(),
                        x,
                    }
                });
            ctx.for_all(strategy, |i| {
                let (s, d) = (&i.source, &i.destination);
                same(reference().moveaxis(&i.x, s, d), b.moveaxis(&i.x, s, d))
            })
        }),
        check("permute_dims", |b, ctx| {
            // A permutation nine times in ten, else `ndim` axes in
            // `0..=ndim` (repeated or out of range, mostly).
            let strategy = (
                any_array(),
                reduction_axes_choice(),
                prop::bool::weighted(0.1),
                prop::collection::vec(0usize..5, 4),
            )
                .prop_map(|(x, order, invalid, raw)| {
                    let n = x.ndim();
                    let axes = if invalid {
                        raw.iter().take(n).map(|&v| v % (n + 1)).collect()
                    } else {
                        order.permutation(n)
                    };
                    PermuteDimsInput { x, axes }
                });
            ctx.for_all(strategy, |i| {
                same(
                    reference().permute_dims(&i.x, &i.axes),
                    b.permute_dims(&i.x, &i.axes),
                )
            })
        }),
        check("repeat", |b, ctx| {
            let strategy = with(GROWING, |x| {
                let n = x.ndim();
                let len = x.len();
                let axis = if n == 0 {
                    Just(None).boxed()
                } else {
                    prop_oneof![Just(None), (-(n as isize)..n as isize).prop_map(Some)].boxed()
                };
                let shape = x.shape().to_vec();
                axis.prop_flat_map(move |axis| {
                    let along = match axis {
                        None => len,
                        Some(a) => shape[if a < 0 { a + n as isize } else { a } as usize],
                    };
                    let repeats = prop_oneof![
                        prop::collection::vec(0usize..4, 1),
                        prop::collection::vec(0usize..4, along),
                    ];
                    (repeats, Just(axis))
                })
                .boxed()
            })
            .prop_map(|(x, (repeats, axis))| RepeatInput { x, repeats, axis });
            ctx.for_all(strategy, |i| {
                let (r, a) = (&i.repeats, i.axis);
                same(reference().repeat(&i.x, r, a), b.repeat(&i.x, r, a))
            })
        }),
        check("reshape", |b, ctx| {
            let strategy = with(SizeMix::LARGE, |x| {
                prop_oneof![
                    9 => reshape_target(x.shape()),
                    1 => prop::collection::vec(-1isize..5, 0..=3),
                ]
                .boxed()
            })
            .prop_map(|(x, shape)| ReshapeInput { x, shape });
            ctx.for_all(strategy, |i| {
                same(
                    reference().reshape(&i.x, &i.shape),
                    b.reshape(&i.x, &i.shape),
                )
            })
        }),
        check("roll", |b, ctx| {
            // Along 1 to `ndim` axes (repeats allowed), one shift each,
            // unless `along` is false or `x` is 0-d: then one shift of the
            // flattened array.
            let picks = prop::collection::vec((axis_choice(), -7isize..7), 1..=4);
            let strategy = (any_array(), flag(), picks).prop_map(|(x, along, picks)| {
                let n = x.ndim();
                if along && n > 0 {
                    let (axes, shift) = picks
                        .iter()
                        .take(n)
                        .map(|(a, s)| (a.resolve(n), *s))
                        .unzip();
                    RollInput {
                        x,
                        shift,
                        axis: Some(axes),
                    }
                } else {
                    RollInput {
                        x,
                        shift: vec![picks[0].1],
                        axis: None,
                    }
                }
            });
            ctx.for_all(strategy, |i| {
                let (s, a) = (&i.shift, i.axis.as_deref());
                same(reference().roll(&i.x, s, a), b.roll(&i.x, s, a))
            })
        }),
        check("squeeze", |b, ctx| {
            let strategy = arrays(
                DTypeGroup::All,
                ShapeSpec::new(0, 4, 0, 2).large(),
                Domain::any(),
            )
            .prop_flat_map(|x| {
                let n = x.ndim();
                let ones: Vec<isize> = x
                    .shape()
                    .iter()
                    .enumerate()
                    .filter(|(_, &s)| s == 1)
                    .map(|(i, _)| i as isize)
                    .collect();
                let valid = if ones.is_empty() {
                    Just(vec![]).boxed()
                } else {
                    let len = ones.len();
                    prop::sample::subsequence(ones, 1..=len).boxed()
                };
                let args = if n == 0 {
                    valid
                } else {
                    prop_oneof![
                        9 => valid,
                        1 => prop::collection::vec(-(n as isize)..n as isize, 1),
                    ]
                    .boxed()
                };
                (Just(x), args)
            })
            .prop_map(|(x, axis)| SqueezeInput { x, axis });
            ctx.for_all(strategy, |i| {
                same(reference().squeeze(&i.x, &i.axis), b.squeeze(&i.x, &i.axis))
            })
        }),
        check("stack", |b, ctx| {
            let strategy = (
                prop::collection::vec(0usize..4, 0..=3),
                conformance_strategies::strata::count(1, 3),
                axis_or_invalid(),
            )
                .prop_flat_map(|(shape, count, axis)| {
                    let axis = axis.resolve(shape.len(), 1);
                    (same_shape_arrays(count, shape), Just(axis))
                })
                .prop_map(|(arrays, axis)| StackInput { arrays, axis });
            ctx.for_all(strategy, |i| {
                let xs: Vec<AnyArray> = i.arrays.iter().map(|a| a.array.clone()).collect();
                same(reference().stack(&xs, i.axis), b.stack(&xs, i.axis))
            })
        }),
        check("tile", |b, ctx| {
            let strategy = (
                sized_array(GROWING),
                prop::collection::vec(0usize..4, 0..=4),
            )
                .prop_map(|(x, repetitions)| TileInput { x, repetitions });
            ctx.for_all(strategy, |i| {
                same(
                    reference().tile(&i.x, &i.repetitions),
                    b.tile(&i.x, &i.repetitions),
                )
            })
        }),
        check("unstack", |b, ctx| {
            let strategy = (any_array(), axis_or_invalid()).prop_map(|(x, axis)| AxisInput {
                axis: axis.resolve(x.ndim(), 0),
                x,
            });
            ctx.for_all(strategy, |i| {
                same_all(reference().unstack(&i.x, i.axis), b.unstack(&i.x, i.axis))
            })
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use conformance_strategies::normalize_axis;

    fn choice(raw: u32, negative: bool, invalid: bool) -> AxisOrInvalid {
        AxisOrInvalid {
            axis: AxisChoice { raw, negative },
            invalid,
        }
    }

    /// Valid axes are in range, invalid ones just beyond it on either
    /// side, and a 0-d array (no `extra`) gets one of 0, -1 and 1.
    #[test]
    fn axes_resolve_in_range_or_just_beyond() {
        for raw in 0..8 {
            for negative in [false, true] {
                for (ndim, extra) in [(1, 0), (3, 0), (0, 1), (2, 1)] {
                    let n = ndim + extra;
                    let valid = choice(raw, negative, false).resolve(ndim, extra);
                    assert!(normalize_axis(valid, n).is_some(), "{valid} of {n}");
                    let invalid = choice(raw, negative, true).resolve(ndim, extra);
                    let beyond = if negative {
                        -(n as isize) - 1
                    } else {
                        n as isize
                    };
                    assert_eq!(invalid, beyond);
                }
                let zero_d = choice(raw, negative, false).resolve(0, 0);
                assert!([0, -1, 1].contains(&zero_d));
            }
        }
    }
}
