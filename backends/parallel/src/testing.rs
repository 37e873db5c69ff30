//! Tests only: the glue between the `parallel` backend's unit tests and what
//! owns their inputs and their comparison. Values are the strategies' draws
//! ([`conformance_strategies::array`]: every special value of the domain, at
//! the strategies' weights) from a fixed seed; memory layouts are the
//! strategies' [`Layout`]s; the float grid is the spec README's
//! ([`special_cases::grid`]); results are compared with the reference by
//! [`compare_arrays`], with [`Tolerances`] per float dtype.
//!
//! What is left here is what those do not say: the fixed seeds, a cast of
//! literal values to any dtype ([`array`]), the integer grid, and
//! [`assert_agree`], which also asks for the same refusal as the
//! reference's and a C-ordered result.

use conformance_strategies::{
    array as draw, compare_arrays, specials_in, AnyArray, ArraySpec, CompareOptions, Complex,
    DType, Domain, Layout, Special, Tolerance, Tolerances,
};
use ndarray::{ArrayD, IxDyn};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use array_api::api::{ApiError, ApiResult};
use array_api::special_cases::{grid, Precision};

/// `n` `float64` values drawn by the strategies from `domain`, the same for
/// the same seed. From 100 values on, the draw is the first one from `seed`
/// on that holds NaN and both infinities where the domain has them (the
/// strategies vary the share of special values per array, none included).
pub(super) fn values(n: usize, seed: u64, domain: Domain) -> Vec<f64> {
    let wanted: Vec<Special> = [
        (f64::NAN, Special::NaN),
        (f64::INFINITY, Special::PositiveInfinity),
        (f64::NEG_INFINITY, Special::NegativeInfinity),
    ]
    .into_iter()
    .filter(|&(v, _)| n >= 100 && domain.contains(v))
    .map(|(_, s)| s)
    .collect();
    let spec = ArraySpec::new(DType::Float64, vec![n])
        .with_domain(domain)
        .with_layouts(false);
    (0u64..)
        .map(|attempt| {
            let mut bytes = [0u8; 32];
            bytes[..8].copy_from_slice(&seed.to_le_bytes());
            bytes[8..16].copy_from_slice(&attempt.to_le_bytes());
            let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
            let mut runner = TestRunner::new_with_rng(Config::default(), rng);
            let tree = draw(spec.clone()).new_tree(&mut runner).expect("a draw");
            tree.current().into_array()
        })
        .find(|x| {
            let met = specials_in(x);
            wanted.iter().all(|&s| met.contains(s))
        })
        .expect("some seed meets the specials")
        .to_f64_vec()
}

/// `n` finite values in `[-10, 10]` (zeros, ±1, halves, subnormals and the
/// like included): operands whose sums and products stay in range.
pub(super) fn tame(n: usize, seed: u64) -> Vec<f64> {
    values(n, seed, Domain::within(-10.0, 10.0))
}

/// `n` values of every kind, NaN and the infinities included, but with the
/// finite magnitudes above `1e30` brought down to it: operands of sums,
/// where a lane that overflows in one order and not in another would
/// compare an infinity with a finite value (in `float32` too).
pub(super) fn summable(n: usize, seed: u64) -> Vec<f64> {
    values(n, seed, Domain::any())
        .into_iter()
        .map(|v| {
            if v.is_finite() {
                v.clamp(-1e30, 1e30)
            } else {
                v
            }
        })
        .collect()
}

/// Integer operands (cast with saturation per dtype): zero, small values of
/// both signs, shift widths, and the extremes (from the infinities).
fn int_grid() -> Vec<f64> {
    vec![
        0.0,
        1.0,
        -1.0,
        2.0,
        -2.0,
        3.0,
        -3.0,
        7.0,
        -7.0,
        8.0,
        15.0,
        16.0,
        31.0,
        32.0,
        63.0,
        64.0,
        100.0,
        -100.0,
        127.0,
        -128.0,
        255.0,
        40_000.0,
        -40_000.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ]
}

/// The values of a grid for `dtype`: for floats the spec README's grid in
/// the dtype's precision (±NaN, ±0, ±inf, subnormals, the extremes, the
/// rounding and division boundaries) with 0.1 (inexact in binary), a tiny
/// and a huge normal value and the overflow thresholds of `exp` (±89,
/// ±710); for integers [`int_grid`]; both `bool`s.
pub(super) fn grid_for(dtype: DType) -> Vec<f64> {
    if let Some(precision) = Precision::of(dtype) {
        let mut g = grid(precision);
        for v in [0.1, 1e-300, 1e300, 89.0, 710.0] {
            g.push(precision.round(v));
            g.push(precision.round(-v));
        }
        g
    } else if dtype.is_bool() {
        vec![0.0, 1.0]
    } else {
        int_grid()
    }
}

/// A C-ordered array of `shape` and `dtype` from `values` (cycled), cast
/// with Rust's `as` (saturating; NaN gives 0) and `!= 0` for `bool`.
pub(super) fn array(shape: &[usize], values: &[f64], dtype: DType) -> AnyArray {
    let n: usize = shape.iter().product();
    let at = |i: usize| values[i % values.len().max(1)];
    macro_rules! build {
        ($t:ty, $conv:expr) => {{
            let conv = $conv;
            AnyArray::from(
                ArrayD::from_shape_vec(
                    IxDyn(shape),
                    (0..n).map(|i| conv(at(i))).collect::<Vec<$t>>(),
                )
                .expect("shape"),
            )
        }};
    }
    match dtype {
        DType::Bool => build!(bool, |v: f64| v != 0.0),
        DType::Int8 => build!(i8, |v: f64| v as i8),
        DType::Int16 => build!(i16, |v: f64| v as i16),
        DType::Int32 => build!(i32, |v: f64| v as i32),
        DType::Int64 => build!(i64, |v: f64| v as i64),
        DType::UInt8 => build!(u8, |v: f64| v as u8),
        DType::UInt16 => build!(u16, |v: f64| v as u16),
        DType::UInt32 => build!(u32, |v: f64| v as u32),
        DType::UInt64 => build!(u64, |v: f64| v as u64),
        DType::Float32 => build!(f32, |v: f64| v as f32),
        DType::Float64 => build!(f64, |v: f64| v),
        // A complex value beside each real one: `v - v/2 j`.
        DType::Complex64 => build!(Complex<f32>, |v: f64| Complex::new(
            v as f32,
            (-v / 2.0) as f32
        )),
        DType::Complex128 => build!(Complex<f64>, |v: f64| Complex::new(v, -v / 2.0)),
    }
}

/// [`array`] in every one of the strategies' [`Layout`]s (C, Fortran,
/// transposed, strided, negative strides), the same logical values in each.
pub(super) fn layouts(shape: &[usize], values: &[f64], dtype: DType) -> Vec<AnyArray> {
    let x = array(shape, values, dtype);
    Layout::ALL.iter().map(|layout| layout.apply(&x)).collect()
}

/// Equal values, and the same sign of zero.
pub(super) fn exact(_: DType) -> CompareOptions {
    CompareOptions::exact().with_zero_sign()
}

/// Within `n` units in the last place of the result's dtype, the same sign
/// of zero.
pub(super) fn ulps(n: u64) -> impl Fn(DType) -> CompareOptions {
    move |_| CompareOptions::new(Tolerance::exact().with_ulps(n)).with_zero_sign()
}

/// The error bound of a sum: `|ours - theirs| <= factor * eps * scale[i] +
/// tiny`, with `eps` and `tiny` (the smallest subnormal) of the result's
/// dtype and `scale` the sum of the magnitudes of the terms of element `i`;
/// the sign of a zero is free.
pub(super) fn scaled(factor: f64, scale: Vec<f64>) -> impl Fn(DType) -> CompareOptions {
    let tolerances = Tolerances::default()
        .with_dtype(
            DType::Float32,
            Tolerance::new(
                f64::from(f32::from_bits(1)),
                factor * f64::from(f32::EPSILON),
            ),
        )
        .with_dtype(
            DType::Float64,
            Tolerance::new(f64::from_bits(1), factor * f64::EPSILON),
        );
    move |dtype| CompareOptions::for_dtype(&tolerances, dtype).with_scale(scale.clone())
}

/// `function`'s tolerance in `tolerances` for the result's dtype, the same
/// sign of zero.
pub(super) fn per_function<'a>(
    tolerances: &'a Tolerances,
    function: &'a str,
) -> impl Fn(DType) -> CompareOptions + 'a {
    move |dtype| CompareOptions::new(tolerances.for_function(function, dtype)).with_zero_sign()
}

/// Asserts that `ours` agrees with the reference's `theirs`: both an
/// `InvalidArgument`, or results that [`compare_arrays`] finds equal under
/// `options` of their dtype, ours in C order.
#[track_caller]
pub(super) fn assert_agree(
    what: &str,
    ours: &ApiResult<AnyArray>,
    theirs: &ApiResult<AnyArray>,
    options: impl Fn(DType) -> CompareOptions,
) {
    let (ours, theirs) = match (ours, theirs) {
        (Err(ApiError::InvalidArgument { .. }), Err(ApiError::InvalidArgument { .. }))
        | (Err(ApiError::NotImplementedFor { .. }), Err(ApiError::NotImplementedFor { .. })) => {
            return
        }
        (Ok(o), Ok(t)) => (o, t),
        _ => panic!("{what}: ours {ours:?}, reference {theirs:?}"),
    };
    if let Err(mismatch) = compare_arrays(theirs, ours, &options(theirs.dtype())) {
        let shown = |x: &AnyArray| {
            if x.len() <= 200 {
                format!("{x:?}")
            } else {
                format!("{} {:?} (not shown)", x.dtype(), x.shape())
            }
        };
        panic!(
            "{what}: {mismatch}\nours {}\nreference {}",
            shown(ours),
            shown(theirs)
        );
    }
    assert!(
        ours.is_standard_layout(),
        "{what}: the backend returns C order"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_hold_what_they_say() {
        let xs = layouts(&[3, 4], &values(12, 1, Domain::any()), DType::Int32);
        assert_eq!(xs.len(), Layout::ALL.len());
        assert!(xs[0].is_standard_layout());
        assert!(xs[1..].iter().all(|x| !x.is_standard_layout()));
        assert!(xs.iter().all(|x| *x == xs[0]));
        let v = values(1000, 3, Domain::any());
        assert!(v.iter().any(|x| x.is_nan()) && v.contains(&f64::INFINITY));
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        let again = values(1000, 3, Domain::any());
        assert_eq!(bits(&v), bits(&again), "the same seed, the same draw");
        assert!(tame(1000, 4).iter().all(|x| x.abs() <= 10.0));
        let s = summable(1000, 5);
        assert!(s.iter().any(|x| x.is_nan()) && s.contains(&f64::NEG_INFINITY));
        assert!(s.iter().all(|x| !x.is_finite() || x.abs() <= 1e30));
        let g = grid_for(DType::Float32);
        assert!(g.iter().all(|&v| v.is_nan() || v == f64::from(v as f32)));
    }

    #[test]
    fn the_comparison_can_fail() {
        let fails = |ours: ApiResult<AnyArray>,
                     theirs: ApiResult<AnyArray>,
                     options: &dyn Fn(DType) -> CompareOptions| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                assert_agree("x", &ours, &theirs, options)
            }))
            .is_err()
        };
        let one = || Ok(AnyArray::scalar(1.0f64));
        let next = || Ok(AnyArray::scalar(1.0f64 + f64::EPSILON));
        assert!(fails(one(), next(), &exact));
        assert!(!fails(one(), next(), &ulps(2)));
        let zero = || Ok(AnyArray::scalar(0.0f32));
        let minus_zero = || Ok(AnyArray::scalar(-0.0f32));
        assert!(fails(zero(), minus_zero(), &ulps(4)));
        assert!(!fails(zero(), minus_zero(), &scaled(4.0, vec![1.0])));
        let int = || Ok(AnyArray::scalar(1i64));
        let refused = || Err(ApiError::invalid("f", "no"));
        assert!(fails(int(), refused(), &exact));
        assert!(!fails(refused(), refused(), &exact));
        assert!(fails(int(), Ok(AnyArray::scalar(1i32)), &exact));
        let c = ndarray::arr2(&[[1u8, 2], [3, 4]]).into_dyn();
        let t = AnyArray::from(c.clone().reversed_axes());
        assert!(fails(Ok(t), Ok(AnyArray::from(c.t().to_owned())), &exact));
    }
}
