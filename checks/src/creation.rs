//! The creation checks, the round trip (`asarray`) first: every other check
//! depends on it, so a backend that cannot hold an array shows one failure
//! and the rest `BLOCKED`, not a cascade.
//!
//! Then the functions that build arrays from their arguments: `arange`
//! (start, stop and step drawn so that the length,
//! `ceil((stop - start) / step)`, is small and clear of rounding), `eye`
//! (offsets `k` beyond the matrix included), `full` (fill values the dtype
//! holds exactly: the standard leaves a fill beyond its precision
//! unspecified), `linspace` (`num` 0 and 1 included, with and without the
//! endpoint), `meshgrid` (`xy` and `ij`), `ones`/`zeros` (zero-size sides,
//! every dtype) and `tril`/`triu` (stacks of matrices, `k` beyond the
//! size). Results the standard defines exactly are compared exactly; only
//! float `arange` and `linspace`, whose elements may be rounded, get a
//! tolerance, relative to the magnitude of the terms (`|start|` and
//! `i * |step|`) rather than of the result, which may be near zero.

use conformance_engine::{Check, CheckContext};
use conformance_strategies::compare::{smallest_subnormal, CompareOptions};
use conformance_strategies::{
    arrays, arrays_with_shapes, dtypes, elements, labelled, shapes, typed_elements, DType,
    DTypeGroup, Domain, DrawnArray, Labelled, ShapeSpec,
};
use proptest::prelude::*;

use super::agree::{agree, agree_all, agree_with, compare, options_for, reference};
use super::ROUND_TRIP;
use array_api::api::{ApiResult, Backend};
use array_api::args::{Indexing, Scalar};
use conformance_strategies::AnyArray;

labelled! {
    #[derive(Clone)]
    struct ArangeInput {
        start: f64,
        stop: f64,
        step: f64,
        dtype: DType,
    }
}

labelled! {
    #[derive(Clone)]
    struct EyeInput {
        n_rows: usize,
        n_cols: Option<usize>,
        k: isize,
        dtype: DType,
    }
}

labelled! {
    #[derive(Clone)]
    struct FullInput {
        shape: Vec<usize>,
        fill_value: Scalar,
        dtype: DType,
    }
}

labelled! {
    #[derive(Clone)]
    struct LinspaceInput {
        start: f64,
        stop: f64,
        num: usize,
        dtype: DType,
        endpoint: bool,
    }
}

labelled! {
    #[derive(Clone)]
    struct MeshgridInput {
        arrays: Vec<DrawnArray>,
        indexing: Indexing,
    }
}

labelled! {
    #[derive(Clone)]
    struct ShapeInput {
        shape: Vec<usize>,
        dtype: DType,
    }
}

labelled! {
    #[derive(Clone)]
    struct TriangleInput {
        x: DrawnArray,
        k: isize,
    }
}

/// Exact comparison, `-0.0` apart from `+0.0`: for results that copy or
/// build their values without arithmetic.
fn exact() -> CompareOptions {
    CompareOptions::exact().with_zero_sign()
}

/// The most elements an `arange` check builds.
const MAX_LENGTH: i64 = 16;

/// An integer range of `0..=MAX_LENGTH` elements, every one in the dtype's
/// range (within `-50..=125`), stepping up or down by 1 to 5. `stop` lies
/// in `(start + (n - 1) * step, start + n * step]`, so the length is
/// exactly `n` (and `stop` on the last step's far end is drawn too); an
/// empty range has `stop` at or behind `start`.
fn int_range() -> impl Strategy<Value = ArangeInput> {
    (
        dtypes(DTypeGroup::Integer),
        0..=MAX_LENGTH,
        1i64..=5,
        any::<bool>(),
        -50i64..=50,
        0i64..5,
    )
        .prop_map(|(dtype, n, m, up, base, past)| {
            let low = if dtype.is_unsigned_integer() {
                base.abs()
            } else {
                base
            };
            let step = if up { m } else { -m };
            let start = if up { low } else { low + (n - 1).max(0) * m };
            let stop = if n == 0 {
                start - step * past
            } else {
                // 1..=m past the last element, in the step's direction.
                start + step * (n - 1) + step.signum() * (1 + past % m)
            };
            ArangeInput {
                start: start as f64,
                stop: stop as f64,
                step: step as f64,
                dtype,
            }
        })
}

/// A float range of `0..=MAX_LENGTH` elements: `stop` is a quarter to three
/// quarters of a step past the last element, so rounding in
/// `(stop - start) / step` cannot change the length; an empty range has
/// `stop` at or up to half a step behind `start`.
fn float_range() -> impl Strategy<Value = ArangeInput> {
    (
        dtypes(DTypeGroup::Floating),
        0..=MAX_LENGTH,
        -100.0..100.0f64,
        prop_oneof![Just(1.0), Just(0.1), Just(0.5), 0.01..10.0f64],
        any::<bool>(),
        0.25..0.75f64,
    )
        .prop_map(|(dtype, n, start, m, up, frac)| {
            let step = if up { m } else { -m };
            let stop = if n == 0 {
                start - step * (frac - 0.25) * 2.0
            } else {
                start + step * ((n - 1) as f64 + frac)
            };
            ArangeInput {
                start,
                stop,
                step,
                dtype,
            }
        })
}

/// Tolerance for a result built by rounded arithmetic on `terms[i]` (the
/// magnitude of the terms of element `i`): the dtype's relative tolerance,
/// applied to `terms[i]` instead of to the element; and, where the terms
/// are subnormal, an absolute floor of `(i + 1) η` (`η` the dtype's
/// smallest subnormal): element `i` is `start + i * step` (or `start + t *
/// (stop - start)`), and a step that rounds in the subnormal range errs by
/// up to `η / 2` absolutely, not relatively, which `i` multiplies; the
/// final rounding adds another `η / 2`. Rounding the step to the dtype
/// first is as legitimate there as it is in the normal range, where the
/// relative tolerance covers it.
fn rounded(expected: &AnyArray, terms: Vec<f64>) -> CompareOptions {
    let eta = smallest_subnormal(expected.dtype());
    let floor = (0..terms.len()).map(|i| (i + 1) as f64 * eta).collect();
    options_for(expected).with_scale(terms).with_floor(floor)
}

/// How `arange`'s result is compared: element `k` is `start + k * step`.
fn arange_options(start: f64, step: f64, expected: &AnyArray) -> CompareOptions {
    if !expected.dtype().is_float() {
        return exact();
    }
    let terms = (0..expected.len())
        .map(|k| start.abs() + k as f64 * step.abs())
        .collect();
    rounded(expected, terms)
}

/// How `linspace`'s result is compared: every element is `start + t *
/// (stop - start)`, `t` in [0, 1].
fn linspace_options(start: f64, stop: f64, expected: &AnyArray) -> CompareOptions {
    rounded(expected, vec![start.abs() + stop.abs(); expected.len()])
}

fn arange_input() -> impl Strategy<Value = ArangeInput> {
    prop_oneof![int_range(), float_range()]
}

fn arange_check() -> Check<Backend> {
    Check::new("creation", "arange", |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(arange_input(), |i| {
            let call = |x: &Backend| x.arange(i.start, i.stop, i.step, i.dtype);
            agree_with(call(reference()), call(b), |e, a| {
                compare(e, a, Some(&arange_options(i.start, i.step, e)))
            })
        })
    })
    .depends_on(ROUND_TRIP)
}

/// Up to 6 rows and columns, `k` from below the last row to beyond the
/// last column.
fn eye_input() -> impl Strategy<Value = EyeInput> {
    (
        0usize..=6,
        proptest::option::of(0usize..=6),
        -8isize..=8,
        dtypes(DTypeGroup::All),
    )
        .prop_map(|(n_rows, n_cols, k, dtype)| EyeInput {
            n_rows,
            n_cols,
            k,
            dtype,
        })
}

fn eye_check() -> Check<Backend> {
    Check::new("creation", "eye", |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(eye_input(), |i| {
            let call = |x: &Backend| x.eye(i.n_rows, i.n_cols, i.k, i.dtype);
            agree(call(reference()), call(b), Some(&exact()))
        })
    })
    .depends_on(ROUND_TRIP)
}

/// A fill value `dtype` holds exactly, of a kind the standard pairs with
/// it: `bool` for `bool`; an `int` in range for an integer dtype (its whole
/// range, `uint64` up to 2^64 - 1, with the special values of
/// [`typed_elements`]); for a float dtype a `float` of that precision (NaN,
/// ±0, ±inf, subnormals included) or an `int` it represents exactly, up
/// to 2^126 in magnitude.
pub(crate) fn fill_values(dtype: DType) -> BoxedStrategy<Scalar> {
    fn int<T: conformance_strategies::Drawable + Into<i128>>() -> BoxedStrategy<Scalar> {
        typed_elements::<T>(Domain::any())
            .prop_map(|v| Scalar::Int(v.into()))
            .boxed()
    }
    /// Integers a float with a `bits`-bit significand holds exactly: up to
    /// `2^bits` in magnitude, or such an integer times a power of two, up
    /// to 2^126.
    fn exact_int(bits: i32) -> BoxedStrategy<Scalar> {
        let limit = 2f64.powi(bits);
        let small = elements(DType::Int64, Domain::within(-limit, limit)).prop_map(|v| v as i128);
        prop_oneof![
            1 => small.clone(),
            1 => (small, 0..=126 - bits as u32).prop_map(|(m, e)| m << e),
        ]
        .prop_map(Scalar::Int)
        .boxed()
    }
    /// The values with a sign or NaN that a fill must keep, drawn often.
    fn specials() -> BoxedStrategy<Scalar> {
        prop::sample::select(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0])
            .prop_map(Scalar::Float)
            .boxed()
    }
    match dtype {
        DType::Bool => any::<bool>().prop_map(Scalar::Bool).boxed(),
        DType::Int8 => int::<i8>(),
        DType::Int16 => int::<i16>(),
        DType::Int32 => int::<i32>(),
        DType::Int64 => int::<i64>(),
        DType::UInt8 => int::<u8>(),
        DType::UInt16 => int::<u16>(),
        DType::UInt32 => int::<u32>(),
        DType::UInt64 => int::<u64>(),
        DType::Float32 => prop_oneof![
            4 => typed_elements::<f32>(Domain::any()).prop_map(|v| Scalar::Float(f64::from(v))),
            1 => specials(),
            2 => exact_int(24),
        ]
        .boxed(),
        DType::Float64 => prop_oneof![
            4 => typed_elements::<f64>(Domain::any()).prop_map(Scalar::Float),
            1 => specials(),
            2 => exact_int(53),
        ]
        .boxed(),
        DType::Complex64 | DType::Complex128 => {
            unreachable!("the creation checks draw no complex dtype")
        }
    }
}

fn full_input() -> impl Strategy<Value = FullInput> {
    (dtypes(DTypeGroup::All), shapes(ShapeSpec::new(0, 4, 0, 4)))
        .prop_flat_map(|(dtype, shape)| (Just(shape), fill_values(dtype), Just(dtype)))
        .prop_map(|(shape, fill_value, dtype)| FullInput {
            shape,
            fill_value,
            dtype,
        })
}

fn full_check() -> Check<Backend> {
    Check::new("creation", "full", |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(full_input(), |i| {
            let call = |x: &Backend| x.full(&i.shape, i.fill_value, i.dtype);
            agree(call(reference()), call(b), Some(&exact()))
        })
    })
    .depends_on(ROUND_TRIP)
}

/// Finite ends (zeros and subnormals included), `num` 0, 1 and more.
fn linspace_input() -> impl Strategy<Value = LinspaceInput> {
    let ends = || elements(DType::Float64, Domain::within(-1e6, 1e6));
    (
        ends(),
        ends(),
        prop_oneof![Just(0usize), Just(1), 2usize..=20],
        dtypes(DTypeGroup::Floating),
        conformance_strategies::strata::flag(),
    )
        .prop_map(|(start, stop, num, dtype, endpoint)| LinspaceInput {
            start,
            stop,
            num,
            dtype,
            endpoint,
        })
}

fn linspace_check() -> Check<Backend> {
    Check::new("creation", "linspace", |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(linspace_input(), |i| {
            let call = |x: &Backend| x.linspace(i.start, i.stop, i.num, i.dtype, i.endpoint);
            agree_with(call(reference()), call(b), |e, a| {
                compare(e, a, Some(&linspace_options(i.start, i.stop, e)))
            })
        })
    })
    .depends_on(ROUND_TRIP)
}

/// No array to three 1-d arrays of one dtype, of lengths 0 to 4, in any
/// layout.
fn meshgrid_input() -> impl Strategy<Value = MeshgridInput> {
    (
        dtypes(DTypeGroup::All),
        conformance_strategies::strata::count(0, 3)
            .prop_flat_map(|n| prop::collection::vec(0usize..=4, n)),
        conformance_strategies::strata::one_of(vec![Indexing::Xy, Indexing::Ij]),
    )
        .prop_flat_map(|(dtype, lengths, indexing)| {
            let arrays = if lengths.is_empty() {
                Just(vec![]).boxed()
            } else {
                let shapes = lengths.into_iter().map(|n| vec![n]).collect();
                arrays_with_shapes(dtype, shapes, Domain::any())
            };
            (arrays, Just(indexing))
        })
        .prop_map(|(arrays, indexing)| MeshgridInput { arrays, indexing })
}

fn meshgrid_check() -> Check<Backend> {
    Check::new("creation", "meshgrid", |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(meshgrid_input(), |i| {
            let xs: Vec<AnyArray> = i.arrays.iter().map(|d| d.array.clone()).collect();
            agree_all(
                reference().meshgrid(&xs, i.indexing),
                b.meshgrid(&xs, i.indexing),
                Some(&exact()),
            )
        })
    })
    .depends_on(ROUND_TRIP)
}

type ShapeFn = fn(&Backend, &[usize], DType) -> ApiResult<AnyArray>;

fn shape_input() -> impl Strategy<Value = ShapeInput> {
    (shapes(ShapeSpec::new(0, 4, 0, 4)), dtypes(DTypeGroup::All))
        .prop_map(|(shape, dtype)| ShapeInput { shape, dtype })
}

/// `ones` and `zeros`: every dtype, shapes with zero-size sides.
fn constant_check(name: &'static str, call: ShapeFn) -> Check<Backend> {
    Check::new("creation", name, move |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(shape_input(), |i| {
            agree(
                call(reference(), &i.shape, i.dtype),
                call(b, &i.shape, i.dtype),
                Some(&exact()),
            )
        })
    })
    .depends_on(ROUND_TRIP)
}

fn triangle_input() -> impl Strategy<Value = TriangleInput> {
    (
        arrays(
            DTypeGroup::All,
            ShapeSpec::new(2, 4, 0, 4).large(),
            Domain::any(),
        ),
        -6isize..=6,
    )
        .prop_map(|(x, k)| TriangleInput { x, k })
}

type TriangleFn = fn(&Backend, &AnyArray, isize) -> ApiResult<AnyArray>;

/// Per element (C order) of stacked matrices of `shape`: whether `tril`
/// (`lower`) or `triu` with diagonal offset `k` zeroes it.
fn zeroed(shape: &[usize], k: isize, lower: bool) -> Vec<bool> {
    let (rows, cols) = (shape[shape.len() - 2], shape[shape.len() - 1]);
    let total: usize = shape.iter().product();
    (0..total)
        .map(|flat| {
            let (i, j) = ((flat / cols.max(1)) % rows.max(1), flat % cols.max(1));
            let above = j as isize - i as isize;
            if lower {
                above > k
            } else {
                above < k
            }
        })
        .collect()
}

/// `tril` and `triu`: stacks of matrices of any dtype and layout, `k`
/// from below the last row to beyond the last column. The kept elements
/// are compared exactly, NaN and the sign of zero included; the sign of a
/// zeroed element is left open (the standard asks for zeros).
fn triangle_check(name: &'static str, call: TriangleFn) -> Check<Backend> {
    let lower = name == "tril";
    Check::new("creation", name, move |b: &Backend, ctx: &CheckContext| {
        ctx.for_all(triangle_input(), |i| {
            let open = zeroed(i.x.shape(), i.k, lower);
            agree(
                call(reference(), &i.x, i.k),
                call(b, &i.x, i.k),
                Some(&CompareOptions::exact().with_zero_sign_except(open)),
            )
        })
    })
    .depends_on(ROUND_TRIP)
}

pub(crate) fn checks() -> Vec<Check<Backend>> {
    vec![
        Check::new("creation", "asarray", |b: &Backend, ctx: &CheckContext| {
            // The standard names the argument `obj`.
            let input = arrays(DTypeGroup::All, ShapeSpec::default().large(), Domain::any())
                .prop_map(|x| Labelled::new("obj", x));
            ctx.for_all(input, |x| {
                let mut options = super::agree::options_for(&x);
                options.tolerance = conformance_strategies::compare::Tolerance::exact();
                options.check_zero_sign = true;
                agree(reference().asarray(&x), b.asarray(&x), Some(&options))
            })
        }),
        arange_check(),
        eye_check(),
        full_check(),
        linspace_check(),
        meshgrid_check(),
        constant_check("ones", Backend::ones),
        triangle_check("tril", Backend::tril),
        triangle_check("triu", Backend::triu),
        constant_check("zeros", Backend::zeros),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{mutant, passes_and_catches};
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    #[test]
    fn tril_and_triu_zero_the_other_triangle() {
        let (t, f) = (true, false);
        assert_eq!(zeroed(&[2, 3], 0, true), [f, t, t, f, f, t]);
        assert_eq!(zeroed(&[2, 3], 1, false), [t, f, f, t, t, f]);
        assert_eq!(zeroed(&[2, 1, 2], -1, true), [t, t, t, t]);
        assert!(zeroed(&[0, 3], 0, true).is_empty());
    }

    fn sample<S: Strategy>(strategy: S, n: usize) -> Vec<S::Value> {
        let mut runner = TestRunner::deterministic();
        (0..n)
            .map(|_| strategy.new_tree(&mut runner).unwrap().current())
            .collect()
    }

    /// The checks draw inside the functions' domains: the reference returns
    /// a value for every draw (a check whose draws all raise would pass by
    /// agreeing on errors), and the draws reach the cases they claim to.
    #[test]
    fn the_draws_are_valid_and_reach_their_cases() {
        let r = reference();
        let (mut empty, mut long, mut float, mut int) = (0, 0, 0, 0);
        for i in sample(arange_input(), 500) {
            let a = r
                .arange(i.start, i.stop, i.step, i.dtype)
                .unwrap_or_else(|e| panic!("{i:?}: {e}"));
            let n = ((i.stop - i.start) / i.step).ceil().max(0.0);
            assert_eq!(a.len() as f64, n, "{i:?}");
            empty += usize::from(a.is_empty());
            long += usize::from(a.len() as i64 == MAX_LENGTH);
            float += usize::from(i.dtype.is_float());
            int += usize::from(i.dtype.is_integer());
        }
        assert!(empty > 10 && long > 10 && float > 100 && int > 100);

        let beyond = sample(eye_input(), 300)
            .into_iter()
            .inspect(|i| {
                r.eye(i.n_rows, i.n_cols, i.k, i.dtype).unwrap();
            })
            .filter(|i| i.k.unsigned_abs() > 6)
            .count();
        assert!(beyond > 10);

        let (mut specials, mut above_i64, mut huge_exact) = (0, 0, 0);
        for i in sample(full_input(), 1000) {
            r.full(&i.shape, i.fill_value, i.dtype)
                .unwrap_or_else(|e| panic!("{i:?}: {e}"));
            specials += usize::from(matches!(i.fill_value, Scalar::Float(v) if !v.is_finite()));
            if let Scalar::Int(v) = i.fill_value {
                above_i64 += usize::from(i.dtype == DType::UInt64 && v > i64::MAX.into());
                huge_exact += usize::from(i.dtype.is_float() && v.unsigned_abs() > 1 << 64);
            }
        }
        assert!(specials > 10);
        // uint64 fills above i64::MAX, and float fills of ints beyond 64 bits.
        assert!(above_i64 > 5 && huge_exact > 5, "{above_i64} {huge_exact}");

        let nums: Vec<usize> = sample(linspace_input(), 300)
            .into_iter()
            .map(|i| {
                r.linspace(i.start, i.stop, i.num, i.dtype, i.endpoint)
                    .unwrap()
                    .len()
            })
            .collect();
        assert!(nums.contains(&0) && nums.contains(&1) && nums.contains(&20));

        for i in sample(meshgrid_input(), 200) {
            let xs: Vec<AnyArray> = i.arrays.iter().map(|d| d.array.clone()).collect();
            r.meshgrid(&xs, i.indexing).unwrap();
        }
        for i in sample(shape_input(), 200) {
            r.ones(&i.shape, i.dtype).unwrap();
        }
        for i in sample(triangle_input(), 200) {
            r.tril(&i.x, i.k).unwrap();
        }
    }

    /// `start + k * step` in float32 with the step rounded to float32
    /// first: as legitimate with subnormal ends as in the normal range.
    fn float32_steps(start: f64, step: f64, n: usize) -> AnyArray {
        let (start, step) = (start as f32, step as f32);
        let values: Vec<f32> = (0..n).map(|k| start + k as f32 * step).collect();
        AnyArray::from(ndarray::Array1::from(values).into_dyn())
    }

    /// With subnormal ends, a backend that rounds the step to float32
    /// first is off by many ulps from the reference (which rounds each
    /// element once) yet right by the tolerance model: its error is the
    /// step's, at most half a subnormal, times `k`. The ulps alone failed
    /// it (the former false positive); the floor `(k + 1) η` passes it,
    /// and a result beyond the floor, or off by twice the relative
    /// tolerance in the normal range, still fails.
    #[test]
    fn subnormal_ends_are_compared_with_an_absolute_floor() {
        let r = reference();
        let eta = f64::from(f32::from_bits(1));
        // arange(0, 40 η, 1.5 η): the float32 step is 2 η.
        let (start, stop, step) = (0.0, 40.0 * eta, 1.5 * eta);
        let e = r.arange(start, stop, step, DType::Float32).unwrap();
        let a = float32_steps(start, step, e.len());
        let o = arange_options(start, step, &e);
        assert!(compare(&e, &a, Some(&o)).is_ok());
        let ulps_only = options_for(&e);
        let message = match compare(&e, &a, Some(&ulps_only)) {
            Err(conformance_engine::CaseError::FailOfKind { message, .. }) => message,
            other => panic!("{other:?}"),
        };
        assert!(message.contains(" ulps; "), "{message}");
        // Beyond the floor: element 1 off by 6 η (the floor there is 2 η,
        // the 4 ulps are 4 η).
        let mut beyond = e.to_f64_vec();
        beyond[1] += 6.0 * eta;
        let beyond: Vec<f32> = beyond.into_iter().map(|v| v as f32).collect();
        let beyond = AnyArray::from(ndarray::Array1::from(beyond).into_dyn());
        assert!(compare(&e, &beyond, Some(&o)).is_err());
        // linspace(0, 40 η, 31): the float32 step 4/3 η rounds to η.
        let e = r
            .linspace(0.0, 40.0 * eta, 31, DType::Float32, true)
            .unwrap();
        let mut a = float32_steps(0.0, 40.0 * eta / 30.0, 31).to_f64_vec();
        a[30] = 40.0 * eta;
        let a: Vec<f32> = a.into_iter().map(|v| v as f32).collect();
        let a = AnyArray::from(ndarray::Array1::from(a).into_dyn());
        let o = linspace_options(0.0, 40.0 * eta, &e);
        assert!(compare(&e, &a, Some(&o)).is_ok());
        assert!(compare(&e, &a, Some(&options_for(&e))).is_err());
        // Normal range: linspace(1, 2, 5) off by 2e-5 of the terms' 3 (twice
        // float32's rtol of 1e-5) fails; by 0.5e-5 of them passes.
        let e = r.linspace(1.0, 2.0, 5, DType::Float32, true).unwrap();
        let o = linspace_options(1.0, 2.0, &e);
        let off = |by: f64| {
            let v: Vec<f32> = e.to_f64_vec().iter().map(|v| (v + by) as f32).collect();
            AnyArray::from(ndarray::Array1::from(v).into_dyn())
        };
        assert!(compare(&e, &off(0.5e-5 * 3.0), Some(&o)).is_ok());
        assert!(compare(&e, &off(2e-5 * 3.0), Some(&o)).is_err());
    }

    fn one_short(start: f64, stop: f64, step: f64, dtype: DType) -> ApiResult<AnyArray> {
        reference().arange(start, stop - step, step, dtype)
    }

    fn float32_arange(start: f64, stop: f64, step: f64, dtype: DType) -> ApiResult<AnyArray> {
        // Elements accumulated in float32: off by more than rounding.
        let a = reference().arange(start, stop, step, dtype)?;
        if dtype != DType::Float32 {
            return Ok(a);
        }
        let mut v = start as f32;
        let values: Vec<f32> = (0..a.len())
            .map(|_| {
                let out = v;
                v += (step as f32) * 1.001;
                out
            })
            .collect();
        Ok(AnyArray::from(ndarray::Array1::from(values).into_dyn()))
    }

    fn main_diagonal(n: usize, m: Option<usize>, _k: isize, dtype: DType) -> ApiResult<AnyArray> {
        reference().eye(n, m, 0, dtype)
    }

    fn unsigned_fill(shape: &[usize], fill: Scalar, dtype: DType) -> ApiResult<AnyArray> {
        let fill = match fill {
            Scalar::Float(v) => Scalar::Float(v.abs()),
            Scalar::Int(v) => Scalar::Int(v.saturating_abs()),
            other => other,
        };
        reference().full(shape, fill, dtype)
    }

    fn always_endpoint(a: f64, b: f64, n: usize, d: DType, _e: bool) -> ApiResult<AnyArray> {
        reference().linspace(a, b, n, d, true)
    }

    fn always_ij(arrays: &[AnyArray], _indexing: Indexing) -> ApiResult<Vec<AnyArray>> {
        reference().meshgrid(arrays, Indexing::Ij)
    }

    fn zeros_for_ones(shape: &[usize], dtype: DType) -> ApiResult<AnyArray> {
        reference().zeros(shape, dtype)
    }

    fn ones_for_zeros(shape: &[usize], dtype: DType) -> ApiResult<AnyArray> {
        reference().ones(shape, dtype)
    }

    fn negative_zeros(shape: &[usize], dtype: DType) -> ApiResult<AnyArray> {
        reference().full(shape, Scalar::Float(-0.0), dtype)
    }

    fn off_by_one_tril(x: &AnyArray, k: isize) -> ApiResult<AnyArray> {
        reference().tril(x, k + 1)
    }

    fn off_by_one_triu(x: &AnyArray, k: isize) -> ApiResult<AnyArray> {
        reference().triu(x, k - 1)
    }

    #[test]
    fn each_check_passes_the_reference_and_catches_a_mutant() {
        let checks = checks();
        let cases: Vec<(&str, array_api::api::Backend, &str)> = vec![
            (
                "creation::arange",
                mutant(|o| o.arange(one_short)),
                "shape differs",
            ),
            (
                "creation::arange",
                mutant(|o| o.arange(float32_arange)),
                "values differ",
            ),
            (
                "creation::eye",
                mutant(|o| o.eye(main_diagonal)),
                "values differ",
            ),
            (
                "creation::full",
                mutant(|o| o.full(unsigned_fill)),
                "values differ",
            ),
            (
                "creation::linspace",
                mutant(|o| o.linspace(always_endpoint)),
                "values differ",
            ),
            (
                "creation::meshgrid",
                mutant(|o| o.meshgrid(always_ij)),
                "shape differs",
            ),
            (
                "creation::ones",
                mutant(|o| o.ones(zeros_for_ones)),
                "values differ",
            ),
            (
                "creation::zeros",
                mutant(|o| o.zeros(ones_for_zeros)),
                "values differ",
            ),
            (
                "creation::tril",
                mutant(|o| o.tril(off_by_one_tril)),
                "values differ",
            ),
            (
                "creation::triu",
                mutant(|o| o.triu(off_by_one_triu)),
                "values differ",
            ),
        ];
        for (id, backend, needle) in &cases {
            passes_and_catches(&checks, id, backend, needle);
        }
        // -0.0 is not a zero of `zeros` (only floats have it; the mutant
        // refuses the others, which is a failure too).
        let floats_only = mutant(|o| o.zeros(negative_zeros));
        let check = crate::testing::find(&checks, "creation::zeros");
        let outcome = crate::testing::run(&check, &floats_only, 100);
        assert!(
            matches!(outcome.verdict, conformance_engine::Verdict::Failed(_)),
            "{outcome:?}"
        );
    }
}
