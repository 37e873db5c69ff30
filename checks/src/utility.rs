//! The utility checks: `all` and `any` over drawn reduction axes with
//! keepdims, for every dtype and values with ties, zeros and NaN (truthy);
//! and `diff` along a drawn axis, `n` from 0 to 3, with optional `prepend`
//! and `append` arrays of `x`'s dtype whose shapes match `x` off the axis.
//! Integer `diff` draws stay small so that signed differences cannot
//! overflow (the standard leaves that unspecified); floats are compared
//! with the default tolerance.

use conformance_engine::{Check, CheckContext};
use conformance_strategies::{
    arrays_with_shapes, labelled, shapes, AnyArray, DTypeGroup, Domain, DrawnArray, ShapeSpec,
};
use proptest::prelude::*;
use proptest::sample::Index;

use super::agree::{agree, agree_signed, reference};
use super::reduce::reduce_input;
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};
use array_api::args::Reduce;

/// Integers whose third differences (at most 8 times the largest value)
/// fit every signed dtype. Unsigned differences of decreasing values wrap,
/// as the `subtract` check also draws them.
const SMALL_INT: Domain = Domain {
    lo: -10.0,
    hi: 10.0,
    ..Domain::any()
};

type ReduceFn = fn(&Backend, &AnyArray, &Reduce) -> ApiResult<AnyArray>;

/// `all` or `any`: a `bool` reduction of any dtype.
fn truth(name: &'static str, call: ReduceFn) -> Check<Backend> {
    Check::new("utility", name, move |b: &Backend, ctx: &CheckContext| {
        let input = reduce_input(
            &DTypeGroup::All.dtypes(),
            ShapeSpec::default().large(),
            Domain::any().with_ties(),
        );
        ctx.for_all(input, |i| {
            agree(
                call(reference(), &i.x, &i.args()),
                call(b, &i.x, &i.args()),
                None,
            )
        })
    })
    .depends_on(ROUND_TRIP)
}

labelled! {
    #[derive(Clone)]
    struct DiffInput {
        x: DrawnArray,
        axis: isize,
        n: usize,
        prepend: Option<DrawnArray>,
        append: Option<DrawnArray>,
    }
}

impl DiffInput {
    fn call(&self, b: &Backend) -> ApiResult<AnyArray> {
        b.diff(
            &self.x,
            self.axis,
            self.n,
            self.prepend.as_ref().map(|p| &p.array),
            self.append.as_ref().map(|a| &a.array),
        )
    }
}

/// `x` (1 to 3 dimensions) of a numeric dtype, an axis, `n`, and a
/// `prepend`/`append` of 0 to 2 slices along the axis half the time each.
fn diff_input() -> BoxedStrategy<DiffInput> {
    (
        conformance_strategies::dtypes(DTypeGroup::Numeric),
        shapes(ShapeSpec::new(1, 3, 0, 4).large()),
        any::<Index>(),
        0usize..=3,
        (conformance_strategies::strata::count(0, 1), 0usize..3)
            .prop_map(|(given, n)| (given == 1).then_some(n)),
        (conformance_strategies::strata::count(0, 1), 0usize..3)
            .prop_map(|(given, n)| (given == 1).then_some(n)),
    )
        .prop_flat_map(|(dtype, shape, at, n, pre, app)| {
            let ndim = shape.len();
            let axis = at.index(2 * ndim) as isize - ndim as isize;
            let along = (axis + if axis < 0 { ndim as isize } else { 0 }) as usize;
            let with_side = |side: usize| {
                let mut s = shape.clone();
                s[along] = side;
                s
            };
            let mut shapes = vec![shape.clone()];
            shapes.extend(pre.map(with_side));
            shapes.extend(app.map(with_side));
            let domain = if dtype.is_float() {
                Domain::any()
            } else {
                SMALL_INT
            };
            (
                arrays_with_shapes(dtype, shapes, domain),
                Just((axis, n, pre.is_some(), app.is_some())),
            )
        })
        .prop_map(|(mut arrays, (axis, n, pre, app))| {
            let append = if app { arrays.pop() } else { None };
            let prepend = if pre { arrays.pop() } else { None };
            let x = arrays.pop().expect("x is drawn first");
            DiffInput {
                x,
                axis,
                n,
                prepend,
                append,
            }
        })
        .boxed()
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        truth("all", Backend::all),
        truth("any", Backend::any),
        Check::new("utility", "diff", |b: &Backend, ctx: &CheckContext| {
            // Each difference is an IEEE subtraction, in the order the
            // standard gives: its zero has a sign (`x - x` is `+0`).
            ctx.for_all(diff_input(), |i| {
                agree_signed(i.call(reference()), i.call(b))
            })
        })
        .depends_on(ROUND_TRIP),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mutant, passes_and_catches};
    use conformance_strategies::DType;

    /// `all` with NaN taken as false (`x == x && x != 0`).
    fn all_nan_false(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
        let r = reference();
        if !x.dtype().is_float() {
            return r.all(x, args);
        }
        let truthy = r.not_equal(x, &r.astype(&AnyArray::scalar(0.0f64), x.dtype())?)?;
        let not_nan = r.logical_not(&r.isnan(x)?)?;
        r.all(&r.logical_and(&truthy, &not_nan)?, args)
    }

    fn any_without_keepdims(x: &AnyArray, args: &Reduce) -> ApiResult<AnyArray> {
        let args = Reduce {
            keepdims: false,
            ..args.clone()
        };
        reference().any(x, &args)
    }

    fn diff_without_prepend(
        x: &AnyArray,
        axis: isize,
        n: usize,
        _prepend: Option<&AnyArray>,
        append: Option<&AnyArray>,
    ) -> ApiResult<AnyArray> {
        reference().diff(x, axis, n, None, append)
    }

    fn diff_in_float64(
        x: &AnyArray,
        axis: isize,
        n: usize,
        prepend: Option<&AnyArray>,
        append: Option<&AnyArray>,
    ) -> ApiResult<AnyArray> {
        let d = reference().diff(x, axis, n, prepend, append)?;
        reference().astype(&d, DType::Float64)
    }

    #[test]
    fn each_check_fails_on_a_mutant() {
        let all = checks();
        let cases: [(&str, Backend, &str); 4] = [
            (
                "utility::all",
                mutant(|o| o.all(all_nan_false)),
                "expected true, got false",
            ),
            (
                "utility::any",
                mutant(|o| o.any(any_without_keepdims)),
                "shape differs",
            ),
            (
                "utility::diff",
                mutant(|o| o.diff(diff_without_prepend)),
                "shape differs",
            ),
            (
                "utility::diff",
                mutant(|o| o.diff(diff_in_float64)),
                "dtype differs",
            ),
        ];
        for (id, b, needle) in &cases {
            passes_and_catches(&all, id, b, needle);
        }
    }
}
