//! The searching checks: `argmax`/`argmin` over values with ties and NaN
//! (the first occurrence wins), `count_nonzero`, `nonzero` (data-dependent
//! shape), `searchsorted` into a sorted 1-d array, and `where`.

use conformance_engine::{Check, CheckContext};
use conformance_strategies::strata::flag;
use conformance_strategies::{
    arrays, arrays_of, axis_choice, broadcast_arrays, keepdims, labelled, DType, DTypeGroup,
    Domain, DrawnArray, ShapeSpec,
};
use proptest::prelude::*;

use super::agree::{agree, agree_all, agree_signed, reference};
use super::elementwise::Unary;
use super::reduce::{reduce_input, LANES};
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};
use array_api::args::{Side, SortArgs};
use conformance_strategies::AnyArray;

labelled! {
    #[derive(Clone)]
    struct ArgInput {
        x: DrawnArray,
        axis: Option<isize>,
        keepdims: bool,
    }
}

labelled! {
    #[derive(Clone)]
    struct SearchInput {
        x1: DrawnArray,
        x2: DrawnArray,
        side: Side,
    }
}

labelled! {
    #[derive(Clone)]
    struct WhereInput {
        condition: DrawnArray,
        x1: DrawnArray,
        x2: DrawnArray,
    }
}

type ArgFn = fn(&Backend, &AnyArray, Option<isize>, bool) -> ApiResult<AnyArray>;

fn arg_check(name: &'static str, call: ArgFn) -> Check<Backend> {
    Check::new("searching", name, move |b: &Backend, ctx: &CheckContext| {
        let x = arrays(
            DTypeGroup::Numeric,
            ShapeSpec::default().with_sizes(LANES),
            Domain::any().with_ties(),
        );
        // No axis (the flattened array) when not `given`, and always for a
        // 0-d array.
        let input =
            (x, flag(), axis_choice(), keepdims()).prop_map(|(x, given, axis, keepdims)| {
                let n = x.ndim();
                let axis = (given && n > 0).then(|| axis.resolve(n));
                ArgInput { x, axis, keepdims }
            });
        ctx.for_all(input, |i| {
            agree(
                call(reference(), &i.x, i.axis, i.keepdims),
                call(b, &i.x, i.axis, i.keepdims),
                None,
            )
        })
    })
    .depends_on(ROUND_TRIP)
}

/// `x` with its values as booleans (non-zero is true).
fn to_bool(x: DrawnArray) -> DrawnArray {
    let array = reference()
        .astype(&x.array, DType::Bool)
        .expect("the reference casts every dtype to bool");
    DrawnArray {
        array,
        layout: x.layout,
    }
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    let all = DTypeGroup::All.dtypes();
    vec![
        arg_check("argmax", Backend::argmax),
        arg_check("argmin", Backend::argmin),
        Check::new(
            "searching",
            "count_nonzero",
            move |b: &Backend, ctx: &CheckContext| {
                let input = reduce_input(
                    &all,
                    ShapeSpec::default().large(),
                    Domain::any().with_ties(),
                );
                ctx.for_all(input, |i| {
                    agree(
                        reference().count_nonzero(&i.x, &i.args()),
                        b.count_nonzero(&i.x, &i.args()),
                        None,
                    )
                })
            },
        )
        .depends_on(ROUND_TRIP),
        Check::new("searching", "nonzero", |b: &Backend, ctx: &CheckContext| {
            let input = arrays(
                DTypeGroup::All,
                ShapeSpec::new(1, 3, 0, 5).large(),
                Domain::any().with_ties(),
            );
            ctx.for_all(input.prop_map(|x| Unary { x }), |i| {
                agree_all(reference().nonzero(&i.x), b.nonzero(&i.x), None)
            })
        })
        .tag(crate::DATA_DEPENDENT_SHAPE)
        .depends_on(ROUND_TRIP),
        Check::new(
            "searching",
            "searchsorted",
            |b: &Backend, ctx: &CheckContext| {
                let input = arrays(
                    DTypeGroup::Numeric,
                    ShapeSpec::new(1, 1, 0, 8).large(),
                    Domain::any().with_ties(),
                )
                .prop_flat_map(|x1| {
                    let dtype = x1.dtype();
                    (
                        Just(x1),
                        arrays_of(
                            &[dtype],
                            ShapeSpec::new(0, 2, 0, 4).large(),
                            Domain::any().with_ties(),
                        ),
                        conformance_strategies::strata::one_of(vec![Side::Left, Side::Right]),
                    )
                })
                .prop_map(|(x1, x2, side)| {
                    let sorted = reference()
                        .sort(&x1.array, &SortArgs::default())
                        .expect("the reference sorts every 1-d array");
                    let x1 = DrawnArray {
                        array: sorted,
                        layout: x1.layout,
                    };
                    SearchInput { x1, x2, side }
                });
                ctx.for_all(input, |i| {
                    agree(
                        reference().searchsorted(&i.x1, &i.x2, i.side),
                        b.searchsorted(&i.x1, &i.x2, i.side),
                        None,
                    )
                })
            },
        )
        .depends_on(ROUND_TRIP),
        Check::new("searching", "where", |b: &Backend, ctx: &CheckContext| {
            let input = broadcast_arrays(
                3,
                DTypeGroup::Numeric,
                ShapeSpec::default().large(),
                Domain::any().with_ties(),
            )
            .prop_map(|mut xs| {
                let x2 = xs.pop().expect("three arrays");
                let x1 = xs.pop().expect("three arrays");
                let condition = to_bool(xs.pop().expect("three arrays"));
                WhereInput { condition, x1, x2 }
            });
            // A selection: every element keeps its sign of zero.
            ctx.for_all(input, |i| {
                agree_signed(
                    reference().where_(&i.condition, &i.x1, &i.x2),
                    b.where_(&i.condition, &i.x1, &i.x2),
                )
            })
        })
        .depends_on(ROUND_TRIP),
    ]
}
